/*!
Request understanding: the user's words in, a typed [`Asked`] out (actions, resource kinds, counts,
environments, regions, named things).

The text is untrusted: it is cut to [`MAX_REQUEST_BYTES`] and [`MAX_TOKENS`] before any work, and
the parser only walks a token vector with bounds-checked `get`, so no input can make it panic or
run long. The grammar is deliberately shallow: a clause is `verb noun-phrase (preposition
noun-phrase)*`; the noun phrase right after the verb is what is asked for (primary), the phrases
after prepositions are context ("to the nonprod analytics VPC", "for ML workloads").
*/
use std::collections::BTreeSet;

use super::clause_kinds::{access_clause, network_clause, people_may_at, traffic_detail};
pub use super::clauses::Item;
use super::clauses::{access_targets, parse_clause, Clause};
use super::exclusions::{split_exclusions, Exclusion};
use super::implied::implied_clauses;
use super::phrases::{add_expansions, analyse_np, kind_at, kinds_of_word, verb_at};
use super::tokens::{
    cap, fold_participle_with, is_prep, quoted, read_ranges, resolve_pronoun_objects, stem,
    take_colons, tokenize, without_quoted_messages, word, Tok, ARROW_MARK, MAX_TOKENS,
};
use super::vocab::{self, Env, VerbClass};
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::KINDS;

/// Request text beyond this many bytes is ignored (requests are a sentence or two).
pub const MAX_REQUEST_BYTES: usize = 4096;

/// Keys whose value gives the reason for a request ("why: campaign dashboards").
const REASON_KEYS: &[&str] = &[
    "why",
    "reason",
    "reasons",
    "because",
    "purpose",
    "context",
    "background",
    "motivation",
    "rationale",
    "justification",
];

/// Everything extracted from the request text.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub items: Vec<Item>,
    /// Environments named anywhere in the request.
    pub envs: Vec<Env>,
    /// The request mentions PCI / payment-card data.
    pub pci: bool,
    /// The request asks for something private or internal.
    pub private: bool,
    /// The request asks for public subnets too ("public and private subnets"): what makes a
    /// network reachable from the internet (its gateway, its NAT addresses) serves them.
    pub public_network: bool,
    /// Regions named in the request, normalized (lower-case, no spaces).
    pub regions: Vec<String>,
    /// Content words of the whole request, stemmed, for name matching.
    pub tokens: BTreeSet<String>,
    /// Named things: quoted names, tickets, CIDRs, region codes, ports.
    pub named: Vec<String>,
    /// The text was longer than the parser reads.
    pub truncated: bool,
    /// The request text, lower-case (capped like the text): values a change sets can be looked
    /// up in it ("db-custom-4-15360").
    pub text: String,
    /// Hyphenated names as written ("vm-app-01-test", "acme-dev-raw-events"), lower-case: a
    /// resource's own name, which a change must carry to be the thing named. Names inside an
    /// exclusion are not here but in [`Asked::excluded_identifiers`].
    pub identifiers: Vec<String>,
    /// Hyphenated names the request excludes ("except asp-legacy-dev"): the things to leave
    /// alone, never a target the plan must act on.
    pub excluded_identifiers: Vec<String>,
    /// The request's words in order, lower-case, with the excluded phrases cut out (capped).
    pub words: Vec<String>,
    /// Settings given a number ("min 4, max 12", "retention to 30"): (stemmed word, value).
    pub values: Vec<(String, i64)>,
    /// Values the request moves something from and to ("from M10 to M20", "to gp3").
    pub said_values: super::settings::SaidValues,
    /// Members asked for a cluster or group ("three brokers", "a 3-node cluster"), by member
    /// kind (`node`, `broker`, `replica`, `instance`, `task`, `shard`).
    pub members: Vec<(u64, &'static str)>,
    /// The request refuses writing without naming a thing ("it should not be able to write
    /// anything"): an access level, read at most, not a thing to leave alone.
    pub denies_writing: bool,
    /// The request says what a group of people can or must be able to do ("the data-science
    /// group can restart it"): access asked for them, though it says neither "access" nor
    /// "permission".
    pub people_given_an_ability: bool,
    /// What the request says must not be touched ("but do not touch production", "except the
    /// bastion"): these words never cover a change, and a change they name is out of scope.
    pub exclusions: Vec<Exclusion>,
}

impl Asked {
    pub fn primary(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.primary)
    }
}

/// "our staging cluster is cpu bound", "the queue is backed up": a phrase that opens with a
/// definite or possessive word and says its subject is in some state (a copula, then no
/// participle or want: "the cluster is needed" still asks for it).
fn describes_a_thing_as_it_is(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split(' ').collect();
    let definite = matches!(
        words.first(),
        Some(&("our" | "my" | "the" | "their" | "this" | "that" | "its" | "your"))
    );
    definite
        && (2..words.len().saturating_sub(1)).any(|j| {
            matches!(words[j], "is" | "are" | "was" | "were")
                && !matches!(
                    words[j + 1],
                    "needed" | "required" | "wanted" | "missing" | "to" | "not" | "new"
                )
                && !super::tokens::is_participle(words[j + 1])
        })
}

/// "gke staging: new pool batch-pool": a pool, said with no kind of its own, in a request that
/// names a container cluster is a pool of that cluster's nodes (not an IP or a backend pool).
fn a_pool_beside_a_cluster_is_a_node_pool(asked: &mut Asked) {
    let kind_named = |name: &str| KINDS.iter().position(|k| k.name == name);
    let (Some(cluster), Some(node_pool)) =
        (kind_named("container service"), kind_named("node pool"))
    else {
        return;
    };
    if !asked.items.iter().any(|it| it.kind == Some(cluster)) {
        return;
    }
    for it in asked.items.iter_mut().filter(|it| it.kind.is_none()) {
        if it.phrase.split(' ').any(|w| matches!(w, "pool" | "pools")) {
            it.kind = Some(node_pool);
        }
    }
}

/// "a node pool with two GPU nodes", "a GPU node pool (2 x Standard_NC6s_v3)": the machines a
/// pool, cluster or scale set is asked with are its members (its node count), not machines of
/// their own; "three instances, n2-standard-4": a machine size beside the machines asked is
/// their size, not one more machine.
fn members_and_sizes_of_requested_things(asked: &mut Asked) {
    let is_group = |it: &Item| {
        it.kind
            .and_then(|k| KINDS.get(k))
            .is_some_and(|k| matches!(k.category, cat::CONTAINER | cat::AUTOSCALING))
    };
    let machines = |it: &Item| {
        // "two n2-highmem-8 machines": the head noun, singular.
        let head = super::tokens::stem(it.phrase.rsplit(' ').next().unwrap_or(""));
        head == "machine" || vocab::member_of_word(&head).is_some_and(|m| m != "replica")
    };
    // Nodes, brokers and shards are members of any cluster ("redis for sessions, 1 node"), but
    // not where the word ends a name ("an ECR repo checkout-worker").
    let names = asked.identifiers.clone();
    let cluster_members = |it: &Item| {
        let head = it
            .phrase
            .rsplit(' ')
            .find(|w| !matches!(*w, "please" | "pls" | "plz" | "thanks"))
            .unwrap_or("");
        let ends_a_name = names.iter().any(|n| n.rsplit('-').next() == Some(head));
        let member = |w: &str| {
            vocab::member_of_word(w).is_some_and(|m| matches!(m, "node" | "broker" | "shard"))
        };
        // "3 nodes d4s_v5", "2 nodes db1-7": members counted and then sized; the size after
        // them is theirs, not the head of another thing. ("a three-node workers pool" is a
        // pool: a thing's word after the members heads the phrase.)
        let words: Vec<&str> = it.phrase.split(' ').collect();
        let counted_members = (1..words.len()).any(|j| {
            let number = words[j - 1].bytes().all(|b| b.is_ascii_digit())
                || vocab::count_word(words[j - 1]).is_some_and(|n| n > 1);
            let only_sizes_after = words[j + 1..]
                .iter()
                .all(|w| vocab::member_of_word(w).is_none() && kinds_of_word(&stem(w)).is_empty());
            number && member(words[j]) && only_sizes_after
        });
        !ends_a_name && (member(head) || counted_members)
    };
    let group_asked = asked
        .items
        .iter()
        .any(|it| (it.primary || it.heading) && it.class == VerbClass::Create && is_group(it));
    let cluster_asked = asked.items.iter().any(|it| {
        (it.primary || it.heading)
            && it.class == VerbClass::Create
            && !cluster_members(it)
            && it.kind_category().is_some_and(|c| c != cat::COMPUTE)
    });
    // "3", "three": a number written in digits or in words.
    let number = |w: &str| {
        w.parse::<u64>()
            .ok()
            .or_else(|| vocab::count_word(w).map(u64::from))
    };
    let first_number = |phrase: &str| phrase.split(' ').find_map(number);
    // "one pool of three e2-standard-4 machines": the members' count is the number nearest
    // before the word for them, not the pool's.
    let members_count = |phrase: &str| {
        let words: Vec<&str> = phrase.split(' ').collect();
        let member_at = words
            .iter()
            .position(|w| super::tokens::stem(w) == "machine" || vocab::member_of_word(w).is_some())
            .unwrap_or(words.len());
        words[..member_at]
            .iter()
            .rev()
            .find_map(|w| number(w))
            .or_else(|| first_number(phrase))
    };
    let mut members = Vec::new();
    for it in asked.items.iter_mut() {
        // "new node pool ..., 2x n2-highmem-8": machine sizes counted beside a group asked are
        // its members too, though no "with" ties them to it.
        let sized_beside_group = group_asked
            && it.primary
            && it
                .phrase
                .rsplit(' ')
                .next()
                .map(super::tokens::stem)
                .as_deref()
                == Some("machine")
            && first_number(&it.phrase).is_some();
        let members_of_new = (group_asked && it.comes_with && !is_group(it) && machines(it))
            || sized_beside_group
            || (cluster_asked
                && it.primary
                && it.class == VerbClass::Create
                && cluster_members(it)
                && first_number(&it.phrase).is_some());
        // "Private nodes please", "spot workers": beside a cluster asked, members named with
        // no number are how its members are to be, not more things.
        let described_members = cluster_asked
            && it.primary
            && it.class == VerbClass::Create
            && cluster_members(it)
            && first_number(&it.phrase).is_none();
        if members_of_new || described_members {
            if let Some(n) = members_count(&it.phrase).filter(|n| (1..=10_000).contains(n)) {
                members.push((n, "node"));
            }
            it.comes_with = false;
            it.creating = false;
            it.primary = false;
            it.count = None;
        }
    }
    for m in members {
        if asked.members.len() < 16 && !asked.members.contains(&m) {
            asked.members.push(m);
        }
    }
    // A bare size ("n2-standard-4" alone) beside another primary thing of its kind.
    let sized_elsewhere = |category: Option<&str>, items: &[Item]| {
        items
            .iter()
            .any(|o| o.primary && o.kind_category() == category && o.phrase != "machine")
    };
    let bare: Vec<usize> = asked
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.primary && it.phrase == "machine")
        .filter(|(_, it)| sized_elsewhere(it.kind_category(), &asked.items))
        .map(|(i, _)| i)
        .collect();
    for i in bare {
        if let Some(it) = asked.items.get_mut(i) {
            it.primary = false;
            it.count = None;
        }
    }
}

/// "action: delete / record: _acme-challenge-old (TXT)": a heading that is only a kind's word,
/// with one thing's written name under the same verb, says what kind of thing that name is. The
/// named thing is the one asked ("acme-logs-old" under "bucket:" is a bucket, whatever its words
/// suggest), and the bare heading asks for no other thing of its kind.
fn a_heading_kind_names_the_thing_written_under_it(asked: &mut Asked) {
    let names: Vec<String> = asked
        .identifiers
        .iter()
        .map(|id| {
            id.replace(['-', '_', '.'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|n| !n.is_empty())
        .collect();
    let bare_heading = |it: &Item| {
        it.heading
            && it.primary
            && it.qualifiers.is_empty()
            && it.kind.is_some()
            && it.phrase.split(' ').count() <= 2
    };
    for h in 0..asked.items.len() {
        let Some(heading) = asked.items.get(h).filter(|it| bare_heading(it)).cloned() else {
            continue;
        };
        let named: Vec<usize> = asked
            .items
            .iter()
            .enumerate()
            .filter(|(j, it)| {
                *j != h
                    && it.primary
                    && !it.heading
                    && it.class == heading.class
                    && names.iter().any(|n| it.phrase.contains(n.as_str()))
            })
            .map(|(j, _)| j)
            .collect();
        let [only] = named.as_slice() else {
            continue;
        };
        if let Some(it) = asked.items.get_mut(*only) {
            it.kind = heading.kind;
        }
        if let Some(it) = asked.items.get_mut(h) {
            it.primary = false;
        }
    }
}

/// "renderers ASG: +4 capacity", "the checkout service: two more tasks": members added
/// (by "add", "more", "extra") beside a group the request names but does not create, in another
/// clause or a heading, grow that group by that many. They are not machines of their own: a
/// group that already exists is what "more" is more of.
fn members_added_to_a_group_named_elsewhere(asked: &mut Asked) {
    let is_group = |it: &Item| {
        it.kind_category()
            .is_some_and(|c| matches!(c, cat::CONTAINER | cat::AUTOSCALING))
    };
    let groups: Vec<(Option<usize>, Vec<String>)> = asked
        .items
        .iter()
        .filter(|it| !it.primary && !it.creating && is_group(it))
        .filter(|it| !it.phrase.split(' ').any(|w| w == "new"))
        .map(|it| (it.kind, it.qualifiers.clone()))
        .collect();
    // One group, and no group asked for outright: with two, which one grows is a guess.
    let [(kind, qualifiers)] = groups.as_slice() else {
        return;
    };
    if asked.items.iter().any(|it| it.primary && is_group(it)) {
        return;
    }
    for it in asked.items.iter_mut() {
        if !it.primary || it.class != VerbClass::Create {
            continue;
        }
        let Some(n) = it.count else { continue };
        let words: Vec<&str> = it.phrase.split(' ').collect();
        let head = words
            .iter()
            .rev()
            .find(|w| !matches!(**w, "please" | "pls" | "plz" | "more" | "extra"))
            .copied()
            .unwrap_or("");
        // "2 capacity": a number of the group's capacity is that many members.
        let members = vocab::member_of_word(head).is_some()
            || (head == "capacity"
                && words
                    .iter()
                    .position(|w| *w == head)
                    .is_some_and(|h| h > 0 && words[h - 1].bytes().all(|b| b.is_ascii_digit())));
        let added = it.verb == "add"
            || words
                .iter()
                .any(|w| matches!(*w, "more" | "additional" | "extra" | "another"));
        if members && added {
            it.class = VerbClass::Scale;
            it.verb = "scale".to_string();
            it.allows_delete = true;
            it.scale_by = Some(u64::from(n));
            it.count = None;
            it.kind = *kind;
            it.qualifiers = qualifiers.clone();
        }
    }
}

/// "so that the jobs can run", "so we can deploy": a purpose. "…, so in production we need a
/// queue": a consequence, which still asks.
fn so_gives_a_purpose(toks: &[Tok], at: usize) -> bool {
    word(toks, at + 1) == Some("that")
        || (at + 1..at + 6).any(|j| {
            matches!(
                word(toks, j),
                Some("can" | "could" | "will" | "would" | "may" | "might" | "able")
            )
        })
}

/// Whether the arrow at `i` points at a thing of another kind than the one before it, with no
/// value after it: "pw -> secret manager" does, "orders DB -> postgres 15.7" (a new version of
/// the same thing) and "disk -> pd-ssd" (a value) do not.
fn points_at_a_thing(toks: &[Tok], i: usize) -> bool {
    let Some((kind, len)) = kind_at(toks, i + 1) else {
        return false;
    };
    let category = |k: usize| KINDS.get(k).map(|k| k.category);
    let same_before = (i.saturating_sub(4)..i)
        .rev()
        .take_while(|j| !matches!(toks.get(*j), Some(Tok::Sep)))
        .any(|j| kind_at(toks, j).is_some_and(|(k, _)| category(k) == category(kind)));
    let value_after = match toks.get(i + 1 + len) {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => w.bytes().any(|b| b.is_ascii_digit()),
        _ => false,
    };
    !same_before && !value_after
}

/// An arrow between two things: traffic from one to the other when the request gives network
/// detail ("nonprod GKE nodes -> internal metrics service, tcp/9090, source 10.20.0.0/16"),
/// else changing the thing before into what follows ("scratch disk -> pd-ssd").
fn read_arrows(toks: Vec<Tok>) -> Vec<Tok> {
    if !toks
        .iter()
        .any(|t| matches!(t, Tok::Word(w) if w == ARROW_MARK))
    {
        return toks;
    }
    let traffic = traffic_detail(&toks, 0, toks.len());
    // What each arrow says, read from the words right after it: the words it stands for, and
    // whether they start a clause of their own.
    let reading = |i: usize| -> (bool, &'static [&'static str]) {
        let next = toks.get(i + 1);
        let word_after = |n: usize, f: &dyn Fn(&str) -> bool| matches!(toks.get(i + n), Some(Tok::Word(w)) if f(w));
        let opens_an_ask = word_after(1, &|n| {
            matches!(n, "new" | "another" | "extra" | "additional")
        }) || verb_at(&toks, i + 1).is_some();
        if traffic && !opens_an_ask {
            (false, &["reach"])
        } else if matches!(next, Some(Tok::Num(_)))
            && word_after(2, &|m| vocab::member_of_word(m).is_some())
        {
            // "batch-pool in data-dev gke -> 6 nodes": the thing before goes to that many.
            (false, &["scale", "to"])
        } else if word_after(1, &|l| {
            matches!(l, "read" | "write" | "admin" | "full" | "readonly")
        }) && word_after(2, &|a| a == "access")
        {
            // "qa-team -> get/list/watch on pods" ("read access on pods" by now): the thing
            // before the arrow is to get that access.
            (false, &["needs"])
        } else if matches!(next, Some(Tok::Word(n)) if n.len() >= 3
            && toks.iter().enumerate().any(|(j, t)| j != i + 1 && matches!(t, Tok::Word(w) if w == n)))
        {
            // "push sub -> scorer" where the scorer is one of the things the request lists
            // elsewhere: the arrow points one thing at another, and changes neither.
            (false, &["to"])
        } else if points_at_a_thing(&toks, i) {
            // "pw -> secret manager", "5xx alerts -> pagerduty": an arrow to a thing says where
            // the thing before goes, or what it points at; it changes neither.
            (false, &["to"])
        } else if opens_an_ask {
            // "the tracker needs shipment events -> new topic …", "-> create a bucket", "CI
            // capacity -> +6 build agents" (in a request about traffic too): what follows the
            // arrow is the ask itself, a clause of its own.
            (true, &[])
        } else {
            (true, &["change", "to"])
        }
    };
    let readings: Vec<(usize, (bool, &'static [&'static str]))> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t, Tok::Word(w) if w == ARROW_MARK))
        .take(64)
        .map(|(i, _)| (i, reading(i)))
        .collect();
    let mut out = Vec::with_capacity(toks.len() + 4);
    for (i, t) in toks.into_iter().enumerate() {
        match readings.iter().find(|(at, _)| *at == i) {
            Some((_, (own_clause, words))) => {
                if *own_clause {
                    out.push(Tok::Sep);
                }
                out.extend(words.iter().map(|w| Tok::Word(w.to_string())));
            }
            // Past the first 64 arrows of a hostile request: the plainest reading.
            None if matches!(&t, Tok::Word(w) if w == ARROW_MARK) => {
                out.push(Tok::Word("to".to_string()));
            }
            None => out.push(t),
        }
    }
    out
}

/// Parse the request text.
pub fn parse(text: &str) -> Asked {
    let mut asked = Asked {
        truncated: text.len() > MAX_REQUEST_BYTES,
        ..Asked::default()
    };
    let text = cap(text, MAX_REQUEST_BYTES);
    for q in quoted(text) {
        if asked.named.len() < 32 {
            asked.named.push(q);
        }
    }
    asked.text = text.to_lowercase();
    asked.said_values = super::settings::SaidValues::read(&asked.text);
    let unquoted = without_quoted_messages(text);
    let toks = tokenize(
        &unquoted,
        &mut asked.named,
        &mut asked.regions,
        &mut asked.identifiers,
    );
    let toks = read_arrows(toks);
    let toks = read_ranges(toks);
    let toks = super::phrases::distribute_shared_heads(toks);
    let toks = super::phrases::distribute_leading_heads(toks);
    let toks = super::phrases::distribute_each_over_names(toks);
    let toks = fold_participle_with(toks);
    let (toks, exclusions) = split_exclusions(toks);
    let toks = resolve_pronoun_objects(toks);
    let toks = demonstratives_as_articles(toks);
    let toks = passive_asks_read_actively(toks);
    let toks = being_alerted_asks_for_an_alert(toks);
    let toks = needing_to_use_asks_for_access(toks);
    let toks = age_rules_are_lifecycle_rules(toks);
    let toks = subscribing_asks_for_a_subscription(toks);
    let toks = running_copies_asks_for_a_size(toks);
    let (toks, colons) = take_colons(toks);
    // A name inside an exclusion is what to leave alone, not what to act on.
    let (excluded, targets): (Vec<String>, Vec<String>) = std::mem::take(&mut asked.identifiers)
        .into_iter()
        .partition(|id| {
            exclusions
                .iter()
                .any(|ex| ex.phrase.replace(' ', "-").contains(id.as_str()))
        });
    asked.identifiers = targets;
    asked.excluded_identifiers = excluded;
    asked.exclusions = exclusions;
    // "read (not write)", "view, but not change": an access level, not a thing to leave alone.
    let reads = toks.iter().any(|t| {
        matches!(t, Tok::Word(w) if matches!(
            w.as_str(),
            "read" | "view" | "viewer" | "reader" | "readonly" | "look" | "see" | "inspect" | "browse"
        ))
    });
    if reads {
        asked.exclusions.retain(|ex| !ex.access_only);
    }
    let names_nothing =
        |ex: &Exclusion| ex.names.is_empty() && ex.kinds.is_empty() && ex.envs.is_empty();
    asked.denies_writing = asked
        .exclusions
        .iter()
        .any(|ex| ex.access_only && names_nothing(ex));
    asked
        .exclusions
        .retain(|ex| !(ex.access_only && names_nothing(ex)));
    asked.people_given_an_ability = (0..toks.len()).any(|j| people_may_at(&toks, 0, j));
    asked.members = member_counts(&toks);
    asked.values = setting_values(&toks);
    counts_to_keep_are_values(&mut asked);
    whole_request_facts(&toks, &mut asked);

    let mut i = 0;
    let mut expect_verb = true;
    let mut purpose = false;
    // The last "to" read was a wanted one ("we want to …"), not a purpose.
    let mut wanting_to = false;
    // Where the current sentence started, and whether a clause was found in it yet: a sentence
    // may open with its subject ("The staging bastion needs a new key pair").
    let mut sentence_start = 0;
    let mut sentence_has_clause = false;
    // Tokens a clause took: what is left is read again for implied verbs.
    let mut consumed = vec![false; toks.len()];
    // Clauses that named no object, by where they end.
    let mut open: Vec<(usize, Clause)> = Vec::new();
    while i < toks.len() {
        let Some(tok) = toks.get(i) else { break };
        match tok {
            Tok::Sep => {
                expect_verb = true;
                purpose = false;
                i += 1;
                sentence_start = i;
                sentence_has_clause = false;
                continue;
            }
            Tok::Word(w) if expect_verb && w == "let" => {
                // "Let the analysts read the bucket": a permission; "let's" is a leader.
                let next = word(&toks, i + 1);
                let person = !matches!(next, Some("s" | "us" | "me"));
                let grant = person && access_clause(&toks, i + 1);
                // "Let the nodes reach the metrics service on 9090": network access.
                if grant || (person && network_clause(&toks, i + 1)) {
                    let clause = Clause {
                        class: if grant {
                            VerbClass::Create
                        } else {
                            VerbClass::Allow
                        },
                        allows_delete: false,
                        verb: if grant { "grant" } else { "allow" }.to_string(),
                        primary: !purpose,
                    };
                    let from = i;
                    i = parse_clause(&toks, i + 1, &clause, &colons, &mut asked.items);
                    if grant {
                        // "Let the bot read pods, deployments and logs": the list goes on with
                        // what the access is on, not with things to create.
                        i = access_targets(&toks, i, &clause, &colons, &mut asked.items);
                    }
                    for c in consumed.iter_mut().take(i).skip(from) {
                        *c = true;
                    }
                    sentence_has_clause = true;
                    purpose = false;
                } else {
                    i += 1;
                }
                expect_verb = true;
                continue;
            }
            Tok::Word(_)
                if !expect_verb
                    && !sentence_has_clause
                    && the_change_itself_is_the_subject(&toks, sentence_start, i) =>
            {
                // "This step only relocates the warehouses": the sentence says what the change
                // does, so its verb is read as if asked ("relocate the warehouses").
                expect_verb = true;
                continue;
            }
            Tok::Word(w) if !expect_verb && !sentence_has_clause && subject_verb(&toks, i, w) => {
                // The words before the verb are its subject: the thing the clause is about.
                let np = analyse_np(&toks, sentence_start, i);
                if np.kind.is_some() && asked.items.len() < 64 {
                    let class = verb_at(&toks, i)
                        .and_then(|(vi, _)| vocab::VERBS.get(vi))
                        .map_or(VerbClass::Modify, |v| v.class);
                    asked.items.push(Item {
                        class,
                        allows_delete: false,
                        verb: w.clone(),
                        kind: np.kind,
                        count: None,
                        qualifiers: np.qualifiers,
                        primary: false,
                        creating: false,
                        phrase: np.phrase,
                        scale_from: None,
                        scale_to: None,
                        scale_by: None,
                        scale_factor: None,
                        comes_with: false,
                        heading: false,
                    });
                }
                expect_verb = true;
                sentence_has_clause = true;
                continue;
            }
            Tok::Word(w) if expect_verb => {
                // "why: campaign dashboards", "reason: audit finding": the value of a key that
                // gives the reason says why, not what to do.
                // The colon ends its own stretch; the value runs to the next one.
                if REASON_KEYS.contains(&w.as_str()) && colons.contains(&(i + 1)) {
                    let end = (i + 2..toks.len())
                        .find(|&j| toks.get(j) == Some(&Tok::Sep))
                        .unwrap_or(toks.len());
                    for c in consumed.iter_mut().take(end).skip(i) {
                        *c = true;
                    }
                    i = end;
                    continue;
                }
                // "…, so raise the pool to 8": a consequence that asks; its verb comes next.
                if w == "so" && !so_gives_a_purpose(&toks, i) {
                    i += 1;
                    continue;
                }
                if w == "to" || (w == "so" && so_gives_a_purpose(&toks, i)) {
                    let prev = i.checked_sub(1).and_then(|p| word(&toks, p));
                    // "we want to be alerted … and to have a dashboard": a "to" joined to a
                    // wanted one is wanted too.
                    let joined_to_a_want = w == "to" && prev == Some("and") && wanting_to;
                    purpose = w == "so"
                        || !(prev.is_some_and(|p| vocab::WANTING.contains(&p)) || joined_to_a_want);
                    wanting_to = w == "to" && !purpose;
                    i += 1;
                    continue;
                }
                // "Before we move the worker off Docker Hub, …": a clause of time or reason
                // with its own subject says when or why, not what to do.
                if matches!(
                    w.as_str(),
                    "before" | "after" | "once" | "until" | "when" | "while" | "since" | "because"
                ) && matches!(word(&toks, i + 1), Some("we" | "you" | "they" | "i"))
                    && verb_at(&toks, i + 2).is_some()
                {
                    purpose = true;
                    for c in consumed.iter_mut().skip(i).take(2) {
                        *c = true;
                    }
                    i += 2;
                    continue;
                }
                // "need to", "want to": the verb comes next.
                if matches!(w.as_str(), "need" | "needs" | "want" | "wants" | "like")
                    && word(&toks, i + 1) == Some("to")
                {
                    i += 2;
                    purpose = false;
                    wanting_to = true;
                    continue;
                }
                if let Some((vi, n)) = verb_at(&toks, i) {
                    let Some(v) = vocab::VERBS.get(vi) else { break };
                    // "Allow the analysts to read the bucket" grants a permission; "allow HTTPS
                    // from the office" opens the network.
                    let grants_access = v.class == VerbClass::Allow && access_clause(&toks, i + n);
                    // "We need the GKE nodes to talk to the metrics service on 9090": traffic.
                    let wants_traffic = matches!(v.phrase, "need" | "want" | "require")
                        && network_clause(&toks, i + n)
                        && (i + n..toks.len().min(i + n + 30)).any(|j| {
                            word(&toks, j) == Some("to")
                                && matches!(
                                    word(&toks, j + 1),
                                    Some("reach" | "talk" | "connect" | "communicate" | "call")
                                )
                        });
                    // "Make the grafana box reachable on 3000 from the VPN": traffic to it.
                    let makes_reachable = v.phrase == "make"
                        && (i + n..toks.len().min(i + n + 12))
                            .take_while(|j| toks.get(*j) != Some(&Tok::Sep))
                            .any(|j| word(&toks, j) == Some("reachable"))
                        && network_clause(&toks, i + n);
                    let wants_traffic = wants_traffic || makes_reachable;
                    // "The data team needs read-only access to the project": a permission.
                    let wants_access =
                        matches!(v.phrase, "need" | "want" | "require" | "request" | "get")
                            && access_clause(&toks, i + n)
                            && (i + n..toks.len().min(i + n + 12)).any(|j| {
                                matches!(
                                    word(&toks, j),
                                    Some(
                                        "access" | "permission" | "permissions" | "role" | "rights"
                                    )
                                )
                            });
                    let clause = if wants_access {
                        Clause {
                            class: VerbClass::Create,
                            allows_delete: false,
                            verb: "grant".to_string(),
                            primary: !purpose,
                        }
                    } else if wants_traffic {
                        Clause {
                            class: VerbClass::Allow,
                            allows_delete: false,
                            verb: "allow".to_string(),
                            primary: !purpose,
                        }
                    } else if grants_access {
                        Clause {
                            class: VerbClass::Create,
                            allows_delete: false,
                            verb: "grant".to_string(),
                            primary: !purpose,
                        }
                    } else {
                        Clause {
                            class: v.class,
                            allows_delete: v.allows_delete,
                            verb: v.phrase.to_string(),
                            primary: !purpose,
                        }
                    };
                    let from = i;
                    let before = asked.items.len();
                    i = parse_clause(&toks, i + n, &clause, &colons, &mut asked.items);
                    for c in consumed.iter_mut().take(i).skip(from) {
                        *c = true;
                    }
                    // "Please create:" or "set up for the renderer:": the list after the colon
                    // is what this verb acts on.
                    let ends_in_colon = colons.contains(&i);
                    if (ends_in_colon || !asked.items.iter().skip(before).any(|it| it.primary))
                        && clause.primary
                    {
                        open.push((i, clause));
                    }
                    expect_verb = true;
                    purpose = false;
                    sentence_has_clause = true;
                    continue;
                }
                if vocab::CLAUSE_LEADERS.contains(&w.as_str()) {
                    i += 1;
                    continue;
                }
                expect_verb = false;
                i += 1;
            }
            Tok::Word(w) => {
                // "…, so raise the pool to 8": a consequence that asks opens a clause.
                let so_asks = w == "so" && !so_gives_a_purpose(&toks, i);
                if matches!(w.as_str(), "and" | "then" | "also" | "plus" | "or") || so_asks {
                    expect_verb = true;
                } else if w == "to" || (w == "so" && so_gives_a_purpose(&toks, i)) {
                    let prev = i.checked_sub(1).and_then(|p| word(&toks, p));
                    if verb_at(&toks, i + 1).is_some() {
                        expect_verb = true;
                        purpose = w == "so" || !prev.is_some_and(|p| vocab::WANTING.contains(&p));
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    implied_clauses(&toks, &consumed, &open, &colons, &mut asked.items);
    a_heading_kind_names_the_thing_written_under_it(&mut asked);
    a_pool_beside_a_cluster_is_a_node_pool(&mut asked);
    members_and_sizes_of_requested_things(&mut asked);
    members_added_to_a_group_named_elsewhere(&mut asked);
    kind_words_inside_written_names(&mut asked);
    mentions_of_a_thing_asked_elsewhere(&mut asked);
    // "…; the BI service moved off it last quarter": a phrase that tells what happened is
    // context for the ask, whichever clause it was read into.
    for it in asked.items.iter_mut() {
        let words: Vec<&str> = it.phrase.split(' ').collect();
        let past = words.iter().enumerate().any(|(j, w)| {
            matches!(*w, "yesterday" | "ago" | "previously" | "formerly")
                || (*w == "last"
                    && matches!(
                        words.get(j + 1),
                        Some(&("week" | "month" | "quarter" | "year" | "night" | "sprint"))
                    ))
        });
        if past {
            it.primary = false;
            it.comes_with = false;
            it.creating = false;
        }
    }
    // "…, no public network access", "without a public IP": a phrase that opens by denying
    // says how the thing asked is to be, never a thing to make.
    for it in asked.items.iter_mut().filter(|it| {
        it.class == VerbClass::Create
            && matches!(it.phrase.split(' ').next(), Some("no" | "without"))
    }) {
        it.primary = false;
        it.comes_with = false;
        it.creating = false;
    }
    // "new service ledger-sync, use the existing escalation policy": a thing the request says
    // is there already is not one to make, whatever verb the clause was read under; it is the
    // context the thing asked is made in.
    for it in asked.items.iter_mut().filter(|it| {
        it.class == VerbClass::Create && it.names_an_existing_thing() && !it.phrase.contains("new")
    }) {
        it.primary = false;
        it.comes_with = false;
        it.creating = false;
    }
    // "Our staging AKS cluster is CPU-bound during integration runs": a thing of ours said to
    // be in some state is described as it is; it exists, and is no thing to make.
    for it in asked
        .items
        .iter_mut()
        .filter(|it| it.class == VerbClass::Create && describes_a_thing_as_it_is(&it.phrase))
    {
        it.primary = false;
        it.comes_with = false;
        it.creating = false;
    }
    // "give the api-staging lambda 1gb ram (currently 512)": giving a thing more of a resource
    // it has is changing that setting, not making the thing.
    for it in asked
        .items
        .iter_mut()
        .filter(|it| it.class == VerbClass::Create && matches!(it.verb.as_str(), "give" | "get"))
    {
        let words: Vec<&str> = it.phrase.split(' ').collect();
        let amount = words.iter().any(|w| {
            w.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || vocab::count_word(w).is_some_and(|n| n > 1)
        });
        let resource = words.iter().any(|w| {
            matches!(
                *w,
                "ram"
                    | "memory"
                    | "mem"
                    | "cpu"
                    | "cpus"
                    | "vcpu"
                    | "vcpus"
                    | "disk"
                    | "storage"
                    | "timeout"
                    | "iops"
                    | "throughput"
            )
        });
        if amount && resource && !words.contains(&"new") {
            it.class = VerbClass::Modify;
            it.verb = "change".to_string();
        }
    }
    // "between 4 and 12 replicas": a member word beside the bounds counts, it names no thing.
    // A kind no word of the phrase names came from a list's heading ("monitors: CPU > 85%"):
    // the entry is one of those things, and its number is its threshold.
    for it in asked.items.iter_mut() {
        let kind_named_here = it.kind.is_some_and(|k| {
            it.phrase
                .split(' ')
                .any(|w| super::phrases::kinds_of_word(&stem(w)).contains(&k))
        });
        if it.names_only_settings(&asked.values) && (it.kind.is_none() || kind_named_here) {
            it.kind = None;
        }
    }
    // "we need pubsub for refunds: the topic, one subscription and a DLQ topic": a thing named
    // before a colon and again in the list after it is the heading of that list, and the list
    // says how many.
    // But "a Kafka cluster for events: MSK, three brokers, kafka.m5.large": where the heading
    // counts its thing and no entry counting a thing of its kind says so (no number, no article,
    // no "the"; "three brokers" counts members), the entries describe that one thing (its
    // product, its size), and the heading says how many.
    let says_its_count = |it: &Item| {
        it.phrase.split(' ').next().is_some_and(|w| {
            w == "the" || vocab::count_word(w).is_some() || w.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let described: Vec<usize> = asked
        .items
        .iter()
        .filter(|it| it.heading && it.count.is_some())
        .filter_map(|it| it.kind)
        .filter(|k| {
            asked
                .items
                .iter()
                .filter(|it| !it.heading && it.kind == Some(*k) && it.count.is_some())
                .all(|it| !says_its_count(it))
        })
        .collect();
    for it in asked
        .items
        .iter_mut()
        .filter(|it| !it.heading && it.kind.is_some_and(|k| described.contains(&k)))
    {
        it.count = None;
    }
    let listed: Vec<usize> = asked
        .items
        .iter()
        .filter(|it| !it.heading && it.count.is_some())
        .filter_map(|it| it.kind)
        .collect();
    for it in asked.items.iter_mut().filter(|it| it.heading) {
        if it.kind.is_some_and(|k| listed.contains(&k)) {
            it.count = None;
        }
    }
    // "Objects in the bucket should be deleted after thirty days", "expire versions older than
    // 90 days": deleting what a thing holds once it is old enough is a setting of that thing (a
    // lifecycle or retention rule), not deleting a resource.
    if names_an_age(&toks) {
        for it in asked
            .items
            .iter_mut()
            .filter(|it| it.class == VerbClass::Delete)
        {
            it.class = VerbClass::Modify;
            it.allows_delete = false;
        }
    }
    asked
}

/// "after thirty days", "older than 90 days", "after 6 months": an age things reach.
fn names_an_age(toks: &[Tok]) -> bool {
    (0..toks.len()).any(|j| {
        matches!(word(toks, j), Some("after" | "than"))
            && (word(toks, j + 1).is_some_and(is_compact_age)
                || match toks.get(j + 1) {
                    Some(Tok::Num(_)) => true,
                    Some(Tok::Word(w)) => vocab::count_word(w).is_some(),
                    _ => false,
                } && word(toks, j + 2).is_some_and(|u| AGE_UNITS.contains(&u)))
    })
}

/// The units an age is written in ("after 30 days", "older than 6 months").
const AGE_UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years",
];

/// "90d", "2w", "1y": an age written short, digits and the unit's letter.
fn is_compact_age(w: &str) -> bool {
    w.len() > 1
        && w.ends_with(['d', 'w', 'y'])
        && w[..w.len() - 1].bytes().all(|c| c.is_ascii_digit())
}

/// "This step only relocates …", "the PR moves …", "this change just renames …": a verb whose
/// subject is the change being asked for (a step, a PR, a commit) says what the change is to
/// do, as an imperative would. Only a subject of a determiner and such a word, so that a thing
/// that acts ("the job moves files") is not taken for the request.
fn the_change_itself_is_the_subject(toks: &[Tok], sentence_start: usize, i: usize) -> bool {
    if verb_at(toks, i).is_none() {
        return false;
    }
    let mut subject: Vec<&str> = (sentence_start..i).filter_map(|j| word(toks, j)).collect();
    if subject.len() != i - sentence_start {
        return false;
    }
    while subject
        .last()
        .is_some_and(|w| matches!(*w, "only" | "just" | "simply" | "merely" | "also" | "now"))
    {
        subject.pop();
    }
    let [determiner, .., head] = subject.as_slice() else {
        return false;
    };
    let change_word = matches!(
        *head,
        "step"
            | "pr"
            | "mr"
            | "change"
            | "changeset"
            | "commit"
            | "patch"
            | "diff"
            | "refactor"
            | "refactoring"
            | "phase"
    ) || (*head == "request" && subject.iter().rev().nth(1) == Some(&"pull"));
    change_word
        && subject.len() <= 4
        && matches!(
            *determiner,
            "this" | "the" | "that" | "our" | "my" | "next" | "first"
        )
}

/// A verb in the middle of a sentence that starts a clause after its subject: "the bastion
/// needs a new key pair", "our team wants a bucket", "we should rotate the keys". Only wanting
/// verbs, or any verb right after a pronoun or modal, so that nouns that are also verbs ("the
/// update bucket", "a backup") are not taken for one.
fn subject_verb(toks: &[Tok], i: usize, w: &str) -> bool {
    if verb_at(toks, i).is_none() {
        return false;
    }
    let prev = i.checked_sub(1).and_then(|p| word(toks, p));
    matches!(
        w,
        "need" | "needs" | "want" | "wants" | "require" | "requires" | "request" | "requests"
    ) || prev.is_some_and(|p| {
        matches!(
            p,
            "we" | "i"
                | "they"
                | "you"
                | "team"
                | "should"
                | "must"
                | "will"
                | "can"
                | "could"
                | "would"
                | "please"
                | "shall"
        )
    })
}

/// "min 4, max 12", "retention to 30 days", "timeout = 60": a setting's word and the number the
/// request gives it. Sizes with a unit that a provider may write otherwise ("1 GiB", "512 MB") are
/// left out; ports and counts of things are not settings.
fn setting_values(toks: &[Tok]) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for j in 0..toks.len() {
        let Some(w) = word(toks, j) else { continue };
        if w.len() < 3
            || is_prep(w)
            || vocab::NON_DISCRIMINATING.contains(&w)
            || vocab::member_of_word(w).is_some()
            || vocab::count_word(w).is_some()
            || matches!(
                w,
                "port" | "tcp" | "udp" | "from" | "and" | "the" | "ticket"
            )
        {
            continue;
        }
        let at = match word(toks, j + 1) {
            Some("to" | "of" | "at") => j + 2,
            _ => j + 1,
        };
        // "tls 1.2", "postgres 16.4": a version gives the setting its major number.
        let major;
        let n = match toks.get(at) {
            Some(Tok::Num(n)) => n,
            Some(Tok::Named(v)) if super::tokens::looks_like_version(v) => {
                let digits = v.trim_start_matches('v');
                match digits.split('.').next().and_then(|m| m.parse::<u64>().ok()) {
                    Some(m) => {
                        major = m;
                        &major
                    }
                    None => continue,
                }
            }
            _ => continue,
        };
        let sized = matches!(
            word(toks, at + 1),
            Some("gb" | "gib" | "mb" | "mib" | "tb" | "tib" | "g" | "m" | "k" | "gi" | "mi")
        );
        if let (false, Ok(n)) = (sized, i64::try_from(*n)) {
            if out.len() < 16 {
                out.push((stem(w), n));
            }
        }
    }
    out
}

/// Words that, right after "that", show a clause begins ("check that it works", "make sure that
/// there is one", "that is enough").
const CLAUSE_SUBJECTS_AND_AUXILIARIES: &[&str] = &[
    "it", "they", "we", "you", "he", "she", "i", "there", "is", "are", "was", "were", "be", "will",
    "should", "can", "must", "would",
];

/// "can you create that DNS record", "delete this bucket": a demonstrative right after a verb,
/// before the words for a thing, points at the thing the verb acts on; it does not open a clause
/// of its own the way "that" does elsewhere ("the role that reads it").
fn demonstratives_as_articles(mut toks: Vec<Tok>) -> Vec<Tok> {
    for i in 1..toks.len() {
        if !matches!(word(&toks, i), Some("that" | "this")) {
            continue;
        }
        let after_verb =
            (i.saturating_sub(2)..i).any(|j| verb_at(&toks, j).is_some_and(|(_, n)| j + n == i));
        // "ensure that the bucket is private", "check that it works": a clause follows, and
        // "that" opens it.
        let noun_next = word(&toks, i + 1).is_some_and(|n| {
            !vocab::NON_DISCRIMINATING.contains(&n)
                && !is_prep(n)
                && !CLAUSE_SUBJECTS_AND_AUXILIARIES.contains(&n)
                && verb_at(&toks, i + 1).is_none()
        });
        if after_verb && (kind_at(&toks, i + 1).is_some() || noun_next) {
            toks[i] = Tok::Word("the".to_string());
        }
    }
    toks
}

/// "subscribe finance-oncall@… to it by email": subscribing someone is asking for a
/// subscription ("add a subscription for finance-oncall@…"), a thing the plan must create.
fn subscribing_asks_for_a_subscription(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len() + 4);
    let mut readings = 0;
    for t in toks {
        if readings < 8 && matches!(&t, Tok::Word(w) if w == "subscribe") {
            readings += 1;
            out.extend(["add", "a", "subscription", "for"].map(|w| Tok::Word(w.to_string())));
        } else {
            out.push(t);
        }
    }
    out
}

/// "run 5 copies of checkout-api on the staging cluster instead of three": how many copies of
/// a thing to run (keep, have) is the size asked of that thing, the same ask as "scale
/// checkout-api from 3 to 5 copies on the staging cluster". The count it runs now, after
/// "instead of" or "rather than" in the same clause, is where it starts.
fn running_copies_asks_for_a_size(toks: Vec<Tok>) -> Vec<Tok> {
    let count_at = |toks: &[Tok], j: usize| match toks.get(j) {
        Some(Tok::Num(n)) => Some(*n),
        Some(Tok::Word(w)) if !matches!(w.as_str(), "a" | "an" | "another" | "single") => {
            vocab::count_word(w).map(u64::from)
        }
        _ => None,
    };
    let copies = |w: &str| matches!(w, "copy" | "copies") || vocab::member_of_word(w).is_some();
    let Some(i) = (0..toks.len()).find(|&i| {
        matches!(word(&toks, i), Some("run" | "running" | "keep" | "have"))
            && count_at(&toks, i + 1).is_some_and(|n| n >= 2)
            && word(&toks, i + 2).is_some_and(copies)
            && word(&toks, i + 3) == Some("of")
    }) else {
        return toks;
    };
    // The thing runs up to a preposition, "instead" or the clause's end.
    let thing_end = (i + 4..toks.len())
        .find(|&j| match toks.get(j) {
            Some(Tok::Word(w)) => {
                vocab::PREPOSITIONS.contains(&w.as_str())
                    || matches!(w.as_str(), "instead" | "rather")
            }
            Some(Tok::Sep) | None => true,
            _ => false,
        })
        .unwrap_or(toks.len());
    if thing_end == i + 4 {
        return toks;
    }
    let clause_end = (thing_end..toks.len())
        .find(|&j| toks.get(j) == Some(&Tok::Sep))
        .unwrap_or(toks.len());
    // "instead of three", "rather than 3": the count now.
    let now = (thing_end..clause_end).find_map(|j| {
        let marker = matches!(
            (word(&toks, j), word(&toks, j + 1)),
            (Some("instead"), Some("of")) | (Some("rather"), Some("than"))
        );
        marker
            .then(|| count_at(&toks, j + 2).map(|m| (j, m)))
            .flatten()
    });
    let w = |s: &str| Tok::Word(s.to_string());
    let mut out = Vec::with_capacity(toks.len() + 3);
    out.extend_from_slice(toks.get(..i).unwrap_or(&[]));
    out.push(w("scale"));
    out.extend_from_slice(toks.get(i + 4..thing_end).unwrap_or(&[]));
    if let Some((_, m)) = now {
        out.push(w("from"));
        out.push(Tok::Num(m));
    }
    out.push(w("to"));
    out.extend_from_slice(toks.get(i + 1..i + 3).unwrap_or(&[]));
    for (j, t) in toks.iter().enumerate().skip(thing_end) {
        if now.is_some_and(|(at, _)| (at..at + 3).contains(&j)) {
            continue;
        }
        out.push(t.clone());
    }
    out
}

/// "The ml-pipeline SA needs to read gs://ml-data": what a named thing needs to do with another
/// is access to it, the same ask as "the ml-pipeline SA can read gs://ml-data". A need with no
/// one before it, or "we"/"I" ("we need to create the bucket"), is a want; "needs to use a new
/// cache" asks for the cache.
fn needing_to_use_asks_for_access(mut toks: Vec<Tok>) -> Vec<Tok> {
    // Whether a thing to make follows in the same stretch or opens the next ("-> new topic").
    let to_be_made_after = |toks: &[Tok], from: usize| {
        let making = |t: &Tok| {
            matches!(t, Tok::Word(w) if matches!(
                w.as_str(),
                "a" | "an" | "new" | "another" | "extra" | "additional" | "create" | "add"
            ))
        };
        let end = (from..toks.len())
            .find(|&j| toks.get(j) == Some(&Tok::Sep))
            .unwrap_or(toks.len());
        toks.get(from..end).unwrap_or(&[]).iter().any(making)
            || toks.iter().skip(end + 1).take(2).any(making)
    };
    let mut readings = 0;
    let mut i = 1;
    while i + 2 < toks.len() && readings < 8 {
        let grantee_before = matches!(word(&toks, i - 1), Some(w)
            if !vocab::CLAUSE_LEADERS.contains(&w)
                && !matches!(w, "they" | "it" | "this" | "that" | "everyone" | "really" | "also"));
        let use_of_a_thing = word(&toks, i + 2)
            .is_some_and(|u| u != "create" && vocab::USES.contains(&u))
            // "needs to use a new cache", "needs to consume events -> new topic": what is to
            // be made for the need is the ask, not access to something there.
            && !to_be_made_after(&toks, i + 3);
        if matches!(word(&toks, i), Some("need" | "needs"))
            && word(&toks, i + 1) == Some("to")
            && grantee_before
            && use_of_a_thing
        {
            toks[i] = Tok::Word("can".to_string());
            toks.remove(i + 1);
            readings += 1;
        }
        i += 1;
    }
    toks
}

/// The verb a past participle is of: "added" is of "add", "created" of "create", "bumped" of
/// "bump", "dropped" of "drop". Only single-word verbs of the vocabulary.
fn verb_of_participle(w: &str) -> Option<&'static str> {
    let find = |stem: &str| {
        vocab::VERBS
            .iter()
            .find(|v| v.phrase == stem && !v.phrase.contains(' '))
            .map(|v| v.phrase)
    };
    let stem = w.strip_suffix("ed")?;
    if stem.len() < 2 {
        return None;
    }
    let undoubled = stem
        .len()
        .checked_sub(2)
        .filter(|&n| stem.as_bytes().get(n) == stem.as_bytes().get(n + 1))
        .and_then(|n| stem.get(..=n));
    find(stem)
        .or_else(|| find(&format!("{stem}e")))
        .or_else(|| undoubled.and_then(find))
}

/// "Two extra nodes are to be added to the batch pool", "A new bucket should be created for the
/// exports": a sentence whose subject is to have something done to it asks for that act on it,
/// the same ask as "add two extra nodes to the batch pool". It is read in the active voice so
/// every reading of the verb applies. Only a subject that opens its sentence and holds no verb,
/// and a "be" between it and the participle ("is added" reports, "should be added" asks).
fn passive_asks_read_actively(toks: Vec<Tok>) -> Vec<Tok> {
    const AUX: &[&str] = &[
        "is", "are", "should", "must", "shall", "will", "would", "needs", "need", "has", "have",
        "to", "be", "also", "please", "then", "just",
    ];
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len() + 2);
    let mut start = 0;
    let mut readings = 0;
    let mut previous: Option<&[Tok]> = None;
    while start < toks.len() {
        let end = (start..toks.len())
            .find(|&j| toks.get(j) == Some(&Tok::Sep))
            .unwrap_or(toks.len());
        let sentence = toks.get(start..end).unwrap_or(&[]);
        // "The orders topic, its dead-letter topic, the two subscriptions and the binding should
        // be moved": after bare names the subject is the tail of a list; only a subject that
        // opens the request or follows a stretch with a verb of its own is whole.
        let after_a_list = previous.is_some_and(|prev: &[Tok]| {
            !prev.iter().any(|t| {
                matches!(t, Tok::Word(w) if vocab::VERBS.iter().any(|v| v.phrase == w.as_str())
                    || super::tokens::is_participle(w)
                    || matches!(w.as_str(), "is" | "are" | "was" | "were" | "re" | "s"))
            })
        });
        previous = Some(sentence);
        let reading = (readings < 4 && !after_a_list)
            .then(|| {
                // The participle right after a chain of auxiliaries that holds "be".
                let p = (1..sentence.len()).find(|&j| {
                    matches!(sentence.get(j), Some(Tok::Word(w)) if verb_of_participle(w).is_some())
                })?;
                let Some(Tok::Word(participle)) = sentence.get(p) else {
                    return None;
                };
                let verb = verb_of_participle(participle)?;
                // "should be allowed to scale", "be permitted to call": what something may do,
                // read by the access and network rules, not an act on it.
                if vocab::VERBS.iter().any(|v| {
                    v.phrase == verb && matches!(v.class, VerbClass::Allow | VerbClass::Block)
                }) {
                    return None;
                }
                let aux_from = (0..p)
                    .rev()
                    .take_while(|&j| {
                        matches!(sentence.get(j), Some(Tok::Word(w)) if AUX.contains(&w.as_str()))
                    })
                    .last()?;
                let chain = sentence.get(aux_from..p)?;
                let has_be = chain.iter().any(|t| matches!(t, Tok::Word(w) if w == "be"));
                let subject = sentence.get(..aux_from)?;
                // A noun phrase: no verb, no copula or negation ("is no longer used and"), no
                // pronoun or question word ("can he"): only then is it the thing acted on.
                let plain_subject = !subject.is_empty()
                    && subject.iter().all(|t| match t {
                        Tok::Word(w) => {
                            let w = w.as_str();
                            !vocab::VERBS.iter().any(|v| v.phrase == w)
                                && !super::tokens::is_participle(w)
                                && (!vocab::CLAUSE_LEADERS.contains(&w)
                                    || matches!(w, "please" | "also" | "then" | "and" | "just"))
                                && !matches!(
                                    w,
                                    "it" | "this"
                                        | "that"
                                        | "they"
                                        | "he"
                                        | "she"
                                        | "them"
                                        | "is"
                                        | "are"
                                        | "was"
                                        | "were"
                                        | "been"
                                        | "be"
                                        | "not"
                                        | "no"
                                        | "never"
                                        | "longer"
                                )
                        }
                        Tok::Num(_) | Tok::Named(_) => true,
                        Tok::Sep => false,
                    });
                (has_be && plain_subject).then(|| {
                    let mut v = vec![Tok::Word(verb.to_string())];
                    v.extend_from_slice(subject);
                    v.extend_from_slice(sentence.get(p + 1..).unwrap_or(&[]));
                    v
                })
            })
            .flatten();
        match reading {
            Some(v) => {
                readings += 1;
                out.extend(v);
            }
            None => out.extend_from_slice(sentence),
        }
        if end < toks.len() {
            out.push(Tok::Sep);
        }
        start = end + 1;
    }
    out
}

/// "add a rule so files get removed after 90 days", "a policy to expire objects older than 30
/// days": a rule that removes or moves things once they reach an age is a lifecycle rule, in
/// whatever words. Only a rule in the same sentence as an age and a removal is read so.
fn age_rules_are_lifecycle_rules(mut toks: Vec<Tok>) -> Vec<Tok> {
    const AGED_OUT: &[&str] = &[
        "removed",
        "deleted",
        "expire",
        "expired",
        "expires",
        "expiring",
        "archived",
        "purged",
        "delete",
        "remove",
        "purge",
        "archive",
        "transition",
        "transitioned",
        "moved",
    ];
    let sentences: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut a = 0;
        for (j, t) in toks.iter().enumerate() {
            if *t == Tok::Sep && !matches!(toks.get(j + 1), Some(Tok::Word(w)) if w == "so") {
                out.push((a, j));
                a = j + 1;
            }
        }
        out.push((a, toks.len()));
        out
    };
    let mut inserts = Vec::new();
    for (a, b) in sentences {
        let has = |set: &[&str]| (a..b).any(|j| word(&toks, j).is_some_and(|w| set.contains(&w)));
        let aged = (a..b).any(|j| {
            word(&toks, j).is_some_and(|w| AGE_UNITS.contains(&w))
                && matches!(toks.get(j.wrapping_sub(1)), Some(Tok::Num(_)))
        }) || (a..b).any(|j| word(&toks, j).is_some_and(is_compact_age));
        if !(aged && has(AGED_OUT)) {
            continue;
        }
        for j in a..b {
            // "a rule", not "a firewall rule": a rule no other word says the kind of.
            let bare_rule = matches!(word(&toks, j), Some("rule" | "policy"))
                && matches!(
                    word(&toks, j.wrapping_sub(1)),
                    Some("a" | "an" | "the" | "new" | "one" | "this" | "that")
                );
            if bare_rule && inserts.len() < 4 {
                inserts.push(j);
            }
        }
    }
    for j in inserts.into_iter().rev() {
        toks.insert(j, Tok::Word("lifecycle".to_string()));
    }
    toks
}

/// "Could we get alerted when checkout gets slow", "I want to be paged if ...": being alerted
/// is asking for an alert ("get an alert").
fn being_alerted_asks_for_an_alert(mut toks: Vec<Tok>) -> Vec<Tok> {
    let mut i = 1;
    // Each reading inserts a token; a hostile request gets a handful, not one per word.
    let mut readings = 0;
    while i < toks.len() && readings < 8 {
        // Only as an ask ("could we get alerted", "want to be paged"), not as a report of what
        // happens ("the on-call keeps getting paged").
        let asked_for = (i.saturating_sub(4)..i.saturating_sub(1)).any(|j| {
            matches!(
                word(&toks, j),
                Some(
                    "could"
                        | "can"
                        | "would"
                        | "should"
                        | "want"
                        | "wants"
                        | "like"
                        | "need"
                        | "needs"
                        | "to"
                        | "please"
                        | "pls"
                        | "let"
                )
            )
        });
        let alerted = matches!(word(&toks, i), Some("alerted" | "paged" | "notified"))
            && matches!(word(&toks, i - 1), Some("get" | "be"))
            && asked_for;
        if alerted {
            toks[i] = Tok::Word("alert".to_string());
            toks.insert(i, Tok::Word("an".to_string()));
            if word(&toks, i - 1) == Some("be") {
                toks[i - 1] = Tok::Word("get".to_string());
            }
            readings += 1;
            i += 1;
        }
        i += 1;
    }
    toks
}

/// "3 nodes", "three brokers", "a 3-node cluster", "2 replicas": how many members of a cluster
/// or group the request asks for, by member kind.
fn member_counts(toks: &[Tok]) -> Vec<(u64, &'static str)> {
    let mut out = Vec::new();
    for j in 0..toks.len() {
        // "replicas=3", and a multiplier after a machine size, read as "nodes=2".
        if let Some(Tok::Named(pair)) = toks.get(j) {
            let counted = pair.split_once('=').and_then(|(key, value)| {
                let member = vocab::member_of_word(&key.to_lowercase())?;
                Some((value.parse::<u64>().ok()?, member))
            });
            if let Some(pair) = counted.filter(|(n, _)| (1..=10_000).contains(n)) {
                if out.len() < 16 {
                    out.push(pair);
                }
            }
            continue;
        }
        let Some(member) = word(toks, j + 1).and_then(vocab::member_of_word) else {
            continue;
        };
        let n = match toks.get(j) {
            Some(Tok::Num(n)) => Some(*n),
            Some(Tok::Word(w)) if !matches!(w.as_str(), "a" | "an" | "another" | "single") => {
                vocab::count_word(w).map(u64::from)
            }
            _ => None,
        };
        if let Some(n) = n.filter(|n| (1..=10_000).contains(n)) {
            if out.len() < 16 {
                out.push((n, member));
            }
        }
    }
    out
}

/// Nouns that say the word before them names an environment ("preview env", "staging only").
const ENV_NOUNS: &[&str] = &["env", "envs", "environment", "environments", "deployments"];

/// The environment the word at `i` names. "live" is a production word in tags, but in prose it
/// is mostly a verb or an adjective. "preview env", "the preview environments": a hosting
/// platform's preview deployments are an environment, and not production; a "preview feature"
/// is none.
fn env_at(toks: &[Tok], i: usize) -> Option<Env> {
    let Some(Tok::Word(w)) = toks.get(i) else {
        return None;
    };
    if w == "live" {
        return None;
    }
    // "before Thursday's load test", "a smoke test": a kind of test names an activity, not the
    // test environment.
    const TEST_ACTIVITIES: &[&str] = &[
        "load",
        "stress",
        "perf",
        "performance",
        "soak",
        "smoke",
        "integration",
        "unit",
        "pen",
        "penetration",
        "e2e",
        "regression",
        "chaos",
        "failover",
        "spike",
        "capacity",
        "dr",
        "restore",
        "canary",
        "acceptance",
        "ab",
    ];
    if matches!(w.as_str(), "test" | "tests" | "testing")
        && i.checked_sub(1)
            .and_then(|p| word(toks, p))
            .is_some_and(|p| TEST_ACTIVITIES.contains(&p))
    {
        return None;
    }
    if let Some(e) = vocab::env_of_word(w) {
        return Some(e);
    }
    let env_noun = matches!(toks.get(i + 1), Some(Tok::Word(n)) if ENV_NOUNS.contains(&n.as_str()));
    (w == "preview" && env_noun).then_some(Env::NonProd)
}

/// Environments a request limits itself to with "only" or "just": "staging only", "preview env
/// only", "only for dev and stage", "just the dev one".
fn envs_said_only(toks: &[Tok]) -> BTreeSet<Env> {
    let mut out = BTreeSet::new();
    let filler = |w: &str| ENV_NOUNS.contains(&w) || matches!(w, "one" | "ones");
    let joiner = |w: &str| matches!(w, "and" | "the" | "for" | "in" | "on" | "to" | "of");
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word(w) = t else { continue };
        if !matches!(w.as_str(), "only" | "just" | "solely" | "exclusively") {
            continue;
        }
        // Before it: "staging only", "preview env only", "dev and stage only".
        let mut j = i;
        while j > 0 {
            j -= 1;
            match toks.get(j) {
                Some(Tok::Word(x)) if filler(x) || x == "and" => {}
                Some(Tok::Word(_)) => match env_at(toks, j) {
                    Some(e) => {
                        out.insert(e);
                    }
                    None => break,
                },
                _ => break,
            }
        }
        // After it: "only for dev and stage", "only in staging", "only the dev one".
        for j in i + 1..toks.len().min(i + 8) {
            match toks.get(j) {
                Some(Tok::Word(x)) if joiner(x) || filler(x) => {}
                Some(Tok::Word(_)) => match env_at(toks, j) {
                    Some(e) => {
                        out.insert(e);
                    }
                    None => break,
                },
                _ => break,
            }
        }
    }
    out
}

fn whole_request_facts(toks: &[Tok], asked: &mut Asked) {
    let mut envs = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word(w) = t else { continue };
        if let Some(e) = env_at(toks, i) {
            envs.insert(e);
        }
        if asked.words.len() < MAX_TOKENS {
            asked.words.push(w.clone());
        }
        let s = stem(w);
        if vocab::PCI_WORDS.contains(&s.as_str()) {
            asked.pci = true;
        }
        if vocab::PRIVATE_WORDS.contains(&w.as_str()) {
            asked.private = true;
        }
        // "no public network access", "not public": refusing the public asks for private.
        if w == "public"
            && matches!(
                i.checked_sub(1).and_then(|p| toks.get(p)),
                Some(Tok::Word(p)) if matches!(p.as_str(), "no" | "not" | "without" | "never")
            )
        {
            asked.private = true;
        }
        if w == "public"
            && !matches!(
                i.checked_sub(1).and_then(|p| toks.get(p)),
                Some(Tok::Word(p)) if matches!(p.as_str(), "no" | "not" | "without" | "never")
            )
            && toks
                .iter()
                .skip(i + 1)
                .take(4)
                .any(|t| matches!(t, Tok::Word(x) if x.starts_with("subnet")))
        {
            asked.public_network = true;
        }
        // "only people in the organisation can see it".
        if matches!(w.as_str(), "organisation" | "organization" | "org")
            && toks
                .iter()
                .any(|t| matches!(t, Tok::Word(x) if x == "only"))
        {
            asked.private = true;
        }
        if w.len() > 1
            && !vocab::NON_DISCRIMINATING.contains(&w.as_str())
            && !is_prep(w)
            && asked.tokens.len() < 256
        {
            asked.tokens.insert(s);
        }
        // Azure locations are written as words: "West Europe", "East US 2".
        let mut joined = String::new();
        let starts_a_location = vocab::AZURE_LOCATIONS
            .iter()
            .any(|l| l.starts_with(w.as_str()));
        for k in 0..3 {
            if !starts_a_location {
                break;
            }
            match toks.get(i + k) {
                Some(Tok::Word(x)) => joined.push_str(x),
                Some(Tok::Num(n)) if k > 0 => joined.push_str(&n.to_string()),
                _ => break,
            }
            if vocab::AZURE_LOCATIONS.contains(&joined.as_str())
                && !asked.regions.contains(&joined)
                && asked.regions.len() < 8
            {
                // Prefer the longest spelling ("eastus2" over "eastus").
                let longer = toks
                    .get(i + k + 1)
                    .and_then(|t| match t {
                        Tok::Num(n) => Some(format!("{joined}{n}")),
                        _ => None,
                    })
                    .filter(|l| vocab::AZURE_LOCATIONS.contains(&l.as_str()));
                asked.regions.push(longer.unwrap_or_else(|| joined.clone()));
            }
        }
    }
    // "for the Preview environment only", "only for dev and stage": the environments the
    // request limits itself to are the ones it asks for; another one it mentions ("before
    // anyone sees it in production") is context.
    let only = envs_said_only(toks);
    if !only.is_empty() {
        envs = only;
    }
    asked.envs = envs.into_iter().collect();
    let text: String = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut extra = Vec::new();
    add_expansions(&text, &mut extra);
    asked.tokens.extend(extra);
    // Ports: "port 8443", "tcp 9090", "8443/tcp", and the number a network verb opens ("open
    // 443 on the web group", "allow 5432 from the app subnet").
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Num(n) = t {
            let before = i.checked_sub(1).and_then(|p| word(toks, p));
            let after = word(toks, i + 1);
            let named_port = before
                .is_some_and(|b| matches!(b, "port" | "tcp" | "udp" | "https" | "http" | "ssh"))
                || after.is_some_and(|a| matches!(a, "tcp" | "udp"));
            // Not a count: "open 2 ports" counts ports, "open 443 on …" names one.
            let opened = before.is_some_and(|b| {
                matches!(
                    b,
                    "open" | "allow" | "expose" | "permit" | "unblock" | "inbound" | "ingress"
                )
            }) && (*n >= 1 && *n <= 65_535)
                && after.map_or(true, |a| {
                    matches!(a, "on" | "to" | "from" | "for" | "in" | "and" | "into")
                });
            // "reach the reporting database on 5432": a number after "on" that ends the clause,
            // in a request about traffic.
            let on_port = before == Some("on")
                && (*n >= 1 && *n <= 65_535)
                && matches!(toks.get(i + 1), None | Some(Tok::Sep))
                && toks.iter().any(|t| {
                    matches!(t, Tok::Word(w) if matches!(w.as_str(),
                        "allow" | "reach" | "open" | "permit" | "connect" | "connection" | "ingress" | "inbound" | "traffic"))
                });
            if (named_port || opened || on_port) && asked.named.len() < 32 {
                asked.named.push(format!("port {n}"));
            }
        }
    }
}

/// "create SQS queue `invoice-events` …; 4d retention on the main queue", "needs its own
/// database …; please set up an RDS instance called ledger-staging": a thing to create named
/// with "the" or a possessive, no number and no name of its own, where the request also asks
/// for a thing of the same kind outright, is that thing mentioned again, not one more.
fn mentions_of_a_thing_asked_elsewhere(asked: &mut Asked) {
    let referring = |it: &Item| {
        let mut words = it.phrase.split(' ');
        matches!(
            words.next(),
            Some("the" | "its" | "their" | "our" | "your" | "this" | "that")
        ) && !it
            .phrase
            .split(' ')
            .any(|w| w.bytes().all(|b| b.is_ascii_digit()) || vocab::count_word(w).is_some())
    };
    let names: Vec<String> = asked
        .identifiers
        .iter()
        .chain(&asked.named)
        .flat_map(|n| {
            n.split(|c: char| !c.is_alphanumeric())
                .filter(|p| p.len() > 2)
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    let named_itself = |it: &Item| it.phrase.split(' ').any(|w| names.iter().any(|n| n == w));
    // Things introduced outright, by kind and place: counted, and not the title of a list
    // whose entries it names ("pubsub for refunds: the topic, one subscription …").
    let introduced: Vec<(usize, usize)> = asked
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| {
            it.primary
                && it.class == VerbClass::Create
                && !referring(it)
                && it.count.is_some()
                && !it.heading
        })
        .filter_map(|(at, it)| it.kind.map(|k| (k, at)))
        .collect();
    for (at, it) in asked.items.iter_mut().enumerate() {
        // "the" points back at a thing said before it; "its own database" may come first and
        // be said again by the name given after.
        let definite = it.phrase.starts_with("the ");
        let again = it.primary
            && it.class == VerbClass::Create
            && referring(it)
            && !named_itself(it)
            && introduced
                .iter()
                .any(|(k, first)| Some(*k) == it.kind && (!definite || *first < at));
        if again {
            it.primary = false;
            it.count = None;
        }
    }
    // "build-box-2 needs a dedicated cache disk. Please create a gp3 volume and attach it": a
    // need said first and then asked outright, one of each kind, is one thing said twice: the
    // need is why, the ask is what. Not where the request adds ("also", "another", "a second").
    let adds = asked.text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "also" | "another" | "second" | "additional" | "extra" | "separate" | "more" | "each"
        )
    });
    let one = |it: &Item| it.primary && it.class == VerbClass::Create && it.count == Some(1);
    let needs = |it: &Item| matches!(it.verb.as_str(), "need" | "needs" | "want" | "require");
    for at in 0..asked.items.len() {
        let Some(need) = asked.items.get(at) else {
            break;
        };
        let said_again = !adds
            && one(need)
            && needs(need)
            && need.kind.is_some()
            && asked
                .items
                .iter()
                .skip(at + 1)
                .any(|later| one(later) && !needs(later) && later.kind == need.kind)
            && asked
                .items
                .iter()
                .filter(|it| one(it) && it.kind == need.kind)
                .count()
                == 2;
        if said_again {
            if let Some(need) = asked.items.get_mut(at) {
                need.primary = false;
                need.count = None;
            }
        }
    }
}

/// "P1v3 -> P2v3, keep 2 workers": a number of members to keep is the value their count must
/// still have, not a thing to leave alone (the plan that holds them is what is changed).
fn counts_to_keep_are_values(asked: &mut Asked) {
    let mut kept = Vec::new();
    asked.exclusions.retain(|ex| {
        let words: Vec<&str> = ex.phrase.split(' ').collect();
        let [number, member] = words.as_slice() else {
            return true;
        };
        let n = number
            .parse::<u32>()
            .ok()
            .or_else(|| vocab::count_word(number));
        match (n, vocab::member_of_word(member)) {
            (Some(n), Some(_)) if kept.len() < 8 => {
                kept.push((stem(member), i64::from(n)));
                false
            }
            _ => true,
        }
    });
    asked.values.extend(kept);
}

/// "a private repo fraud-rules": a kind word inside a name the request writes out is part of
/// the name, and a kind word outside it heads the phrase. Only when there is one: "orders-db"
/// alone still says what it is.
fn kind_words_inside_written_names(asked: &mut Asked) {
    let names: Vec<Vec<String>> = asked
        .identifiers
        .iter()
        .map(|id| {
            id.split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|parts| parts.len() >= 2)
        .collect();
    if names.is_empty() {
        return;
    }
    for item in asked.items.iter_mut() {
        let Some(kind) = item.kind else { continue };
        let words: Vec<&str> = item.phrase.split(' ').collect();
        let mut inside = vec![false; words.len()];
        for parts in &names {
            for (start, window) in words.windows(parts.len()).enumerate() {
                if window.iter().zip(parts).all(|(w, p)| *w == p) {
                    for slot in inside.iter_mut().skip(start).take(parts.len()) {
                        *slot = true;
                    }
                }
            }
        }
        let names_kind = |w: &str| kinds_of_word(&stem(w)).contains(&kind);
        let named_inside = words.iter().zip(&inside).any(|(w, i)| *i && names_kind(w));
        let named_outside = words.iter().zip(&inside).any(|(w, i)| !*i && names_kind(w));
        if !named_inside || named_outside {
            continue;
        }
        // The last strong kind word outside the name heads the phrase ("instance" after
        // "orders-db" yields to the database, as everywhere).
        // A kind written in several words ("Entra ID security group sg-finance-readers") is
        // read as a phrase over the words outside the name.
        let outside: Vec<Tok> = words
            .iter()
            .zip(&inside)
            .filter(|(_, i)| !**i)
            .map(|(w, _)| Tok::Word((*w).to_string()))
            .collect();
        // A weak word outside ("cluster") yields to a strong kind inside ("orders-db"), but
        // not to a weak one ("repo fraud-rules" is a repository). Nor does a repository: code
        // is named for what it builds ("repo terraform-modules-network" holds no network).
        let inside_is_weak = KINDS.get(kind).is_some_and(|k| k.weak);
        let head = analyse_np(&outside, 0, outside.len())
            .kind
            .filter(|k| {
                inside_is_weak
                    || KINDS
                        .get(*k)
                        .is_some_and(|k| !k.weak || k.category == cat::SOURCE_CONTROL)
            })
            .or_else(|| {
                words
                    .iter()
                    .zip(&inside)
                    .rev()
                    .filter(|(_, i)| !**i)
                    .find_map(|(w, _)| {
                        kinds_of_word(&stem(w))
                            .iter()
                            .copied()
                            .find(|k| KINDS.get(*k).is_some_and(|k| !k.weak))
                    })
            });
        if let Some(k) = head {
            item.kind = Some(k);
            for (w, _) in words.iter().zip(&inside).filter(|(_, i)| **i) {
                let s = stem(w);
                if !item.qualifiers.contains(&s) {
                    item.qualifiers.push(s);
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
