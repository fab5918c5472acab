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

use super::clause_kinds::{
    access_clause, clause_speaks_of_traffic, network_clause, traffic_detail,
};
use super::exclusions::{split_exclusions, Exclusion};
use super::implied::implied_clauses;
use super::phrases::{
    add_expansions, analyse_np, is_member_word, is_unit, np_end, np_kinds, starts_np, verb_at,
};
use super::tokens::{
    cap, fold_participle_with, is_prep, quoted, read_ranges, resolve_pronoun_objects, stem,
    take_colons, tokenize, without_quoted_messages, word, Tok, ARROW_MARK, MAX_TOKENS,
};
use super::vocab::{self, Env, VerbClass};
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::{self, KINDS};

/// Request text beyond this many bytes is ignored (requests are a sentence or two).
pub const MAX_REQUEST_BYTES: usize = 4096;

/// One thing the request mentions, with the verb that governs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub class: VerbClass,
    pub allows_delete: bool,
    /// The verb as written (`decommission`, `clean up`).
    pub verb: String,
    /// Index into [`KINDS`]; `None` when the phrase names no known kind ("the production API").
    pub kind: Option<usize>,
    /// How many were asked for ("one", "a", "3"); `None` when not said.
    pub count: Option<u32>,
    /// Distinctive words of the phrase, stemmed (`legacy`, `reporting`), for matching names.
    pub qualifiers: Vec<String>,
    /// The object of the verb (asked for), as opposed to context (where, for what, on what).
    pub primary: bool,
    /// Context after `for`/`with`/`of`: things the requested resource is for or comes with,
    /// which a create request may therefore create.
    pub creating: bool,
    /// The phrase as written, capped, for messages.
    pub phrase: String,
    /// "from N to M" in the clause.
    pub scale_from: Option<u64>,
    /// "to M" in the clause.
    pub scale_to: Option<u64>,
    /// "by N" in the clause ("increase by two nodes").
    pub scale_by: Option<u64>,
    /// "double", "triple", "halve": the target as a multiple of the old value (numerator,
    /// denominator).
    pub scale_factor: Option<(u64, u64)>,
    /// A thing the requested one comes with, each of them asked for ("a server with an ELB and
    /// a database", "a bucket, encrypted with its own KMS key"): it must be in the plan too.
    pub comes_with: bool,
    /// Named before a colon that opens a list ("pubsub for refunds: the topic, ..."): the list
    /// may spell out what it is.
    pub heading: bool,
}

impl Item {
    pub fn kind_name(&self) -> &'static str {
        self.kind
            .and_then(|k| KINDS.get(k))
            .map(|k| k.name)
            .unwrap_or("resource")
    }

    pub fn kind_category(&self) -> Option<&'static str> {
        self.kind.and_then(|k| KINDS.get(k)).map(|k| k.category)
    }

    pub fn is_everything(&self) -> bool {
        self.kind_category() == Some(kinds::EVERYTHING)
    }

    /// "min 4 max 12 replicas", "max 12 please": a phrase made of settings the request gives a
    /// number, their numbers and the members they count names values, not a thing that can be
    /// missing, whatever kind a member word suggests ("replicas"); whether the values are met is
    /// judged on the changes themselves.
    pub fn names_only_settings(&self, values: &[(String, i64)]) -> bool {
        let said = |w: &str| values.iter().any(|(said, _)| *said == stem(w));
        self.phrase.split(' ').any(said)
            && self.phrase.split(' ').filter(|w| !w.is_empty()).all(|w| {
                w.bytes().all(|b| b.is_ascii_digit())
                    || vocab::count_word(w).is_some()
                    || vocab::member_of_word(w).is_some()
                    || matches!(w, "please" | "pls")
                    || said(w)
            })
    }
}

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
    /// resource's own name, which a change must carry to be the thing named.
    pub identifiers: Vec<String>,
    /// The request's words in order, lower-case, with the excluded phrases cut out (capped).
    pub words: Vec<String>,
    /// Settings given a number ("min 4, max 12", "retention to 30"): (stemmed word, value).
    pub values: Vec<(String, i64)>,
    /// Members asked for a cluster or group ("three brokers", "a 3-node cluster"), by member
    /// kind (`node`, `broker`, `replica`, `instance`, `task`, `shard`).
    pub members: Vec<(u64, &'static str)>,
    /// What the request says must not be touched ("but do not touch production", "except the
    /// bastion"): these words never cover a change, and a change they name is out of scope.
    pub exclusions: Vec<Exclusion>,
}

impl Asked {
    pub fn primary(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.primary)
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
        let head = it.phrase.rsplit(' ').next().unwrap_or("");
        head == "machine" || vocab::member_of_word(head).is_some_and(|m| m != "replica")
    };
    // Nodes, brokers and shards are members of any cluster ("redis for sessions, 1 node").
    let cluster_members = |it: &Item| {
        let head = it.phrase.rsplit(' ').next().unwrap_or("");
        vocab::member_of_word(head).is_some_and(|m| matches!(m, "node" | "broker" | "shard"))
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
    let first_number = |phrase: &str| {
        phrase.split(' ').find_map(|w| {
            w.parse::<u64>()
                .ok()
                .or_else(|| vocab::count_word(w).map(u64::from))
        })
    };
    let mut members = Vec::new();
    for it in asked.items.iter_mut() {
        let members_of_new = (group_asked && it.comes_with && !is_group(it) && machines(it))
            || (cluster_asked
                && it.primary
                && it.class == VerbClass::Create
                && cluster_members(it)
                && first_number(&it.phrase).is_some());
        if members_of_new {
            if let Some(n) = first_number(&it.phrase).filter(|n| (1..=10_000).contains(n)) {
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
    let mut out = Vec::with_capacity(toks.len() + 4);
    for t in toks {
        if matches!(&t, Tok::Word(w) if w == ARROW_MARK) {
            if traffic {
                out.push(Tok::Word("reach".to_string()));
            } else {
                out.push(Tok::Sep);
                out.push(Tok::Word("change".to_string()));
                out.push(Tok::Word("to".to_string()));
            }
        } else {
            out.push(t);
        }
    }
    out
}

#[derive(Clone)]
pub(super) struct Clause {
    pub(super) class: VerbClass,
    pub(super) allows_delete: bool,
    pub(super) verb: String,
    pub(super) primary: bool,
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
    let unquoted = without_quoted_messages(text);
    let toks = tokenize(
        &unquoted,
        &mut asked.named,
        &mut asked.regions,
        &mut asked.identifiers,
    );
    let toks = read_arrows(toks);
    let toks = read_ranges(toks);
    let toks = fold_participle_with(toks);
    let (toks, exclusions) = split_exclusions(toks);
    let toks = resolve_pronoun_objects(toks);
    let (toks, colons) = take_colons(toks);
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
    asked.members = member_counts(&toks);
    asked.values = setting_values(&toks);
    whole_request_facts(&toks, &mut asked);

    let mut i = 0;
    let mut expect_verb = true;
    let mut purpose = false;
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
                if w == "to" || w == "so" {
                    let prev = i.checked_sub(1).and_then(|p| word(&toks, p));
                    purpose = w == "so" || !prev.is_some_and(|p| vocab::WANTING.contains(&p));
                    i += 1;
                    continue;
                }
                // "need to", "want to": the verb comes next.
                if matches!(w.as_str(), "need" | "needs" | "want" | "wants" | "like")
                    && word(&toks, i + 1) == Some("to")
                {
                    i += 2;
                    purpose = false;
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
                if matches!(w.as_str(), "and" | "then" | "also" | "plus" | "or") {
                    expect_verb = true;
                } else if w == "to" || w == "so" {
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
    members_and_sizes_of_requested_things(&mut asked);
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
    for it in asked.items.iter_mut() {
        if it.names_only_settings(&asked.values) {
            it.kind = None;
        }
    }
    // "we need pubsub for refunds: the topic, one subscription and a DLQ topic": a thing named
    // before a colon and again in the list after it is the heading of that list, and the list
    // says how many.
    let listed: Vec<usize> = asked
        .items
        .iter()
        .filter(|it| !it.heading)
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
            && match toks.get(j + 1) {
                Some(Tok::Num(_)) => true,
                Some(Tok::Word(w)) => vocab::count_word(w).is_some(),
                _ => false,
            }
            && word(toks, j + 2).is_some_and(|u| {
                matches!(
                    u,
                    "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
                )
            })
    })
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

/// After a clause that grants access: the comma-separated phrases that follow it with no verb of
/// their own name what the access is on. They are read as context (not asked to be created);
/// returns where they end.
fn access_targets(
    toks: &[Tok],
    mut i: usize,
    clause: &Clause,
    colons: &[usize],
    items: &mut Vec<Item>,
) -> usize {
    while matches!(toks.get(i), Some(Tok::Sep)) {
        let start = if matches!(word(toks, i + 1), Some("and" | "or")) {
            i + 2
        } else {
            i + 1
        };
        let end = (start..toks.len())
            .find(|j| matches!(toks.get(*j), Some(Tok::Sep)))
            .unwrap_or(toks.len());
        if end == start || (start..end).any(|j| verb_at(toks, j).is_some()) {
            break;
        }
        // Not "grant" again: that would read each target as a permission of its own.
        let context = Clause {
            primary: false,
            verb: "access".to_string(),
            ..clause.clone()
        };
        let before = items.len();
        parse_clause(toks, start, &context, colons, items);
        for it in items.iter_mut().skip(before) {
            it.primary = false;
            it.creating = false;
            it.comes_with = false;
            it.count = None;
        }
        i = end;
    }
    i
}

/// Parses `NP (prep NP | and NP)*` after a verb; returns the index after the clause.
pub(super) fn parse_clause(
    toks: &[Tok],
    start: usize,
    clause: &Clause,
    colons: &[usize],
    items: &mut Vec<Item>,
) -> usize {
    let clause_start = start;
    let mut i = start;
    // "Allow" is also plain English ("allow between four and twelve replicas", "allow the CI to
    // deploy"): it asks for network access only when its clause speaks of traffic.
    let network_verb = match clause.class {
        VerbClass::Block => true,
        VerbClass::Allow => {
            !matches!(clause.verb.as_str(), "allow" | "let" | "permit" | "enable")
                || clause_speaks_of_traffic(toks, start)
        }
        _ => false,
    };
    let first_item = items.len();
    if network_verb {
        // Allowing or blocking traffic is a network access change, whatever the phrase names.
        let rule_kind = KINDS.iter().position(|k| k.name == "network access rule");
        items.push(Item {
            class: clause.class,
            allows_delete: clause.allows_delete,
            verb: clause.verb.clone(),
            kind: rule_kind,
            count: None,
            qualifiers: Vec::new(),
            primary: clause.primary,
            creating: false,
            phrase: "network access".to_string(),
            scale_from: None,
            scale_to: None,
            scale_by: None,
            scale_factor: None,
            comes_with: false,
            heading: false,
        });
    }
    let mut primary_np = !network_verb;
    let mut creating = false;
    // The preposition that opened the current context list ("with" lists what comes with it).
    let mut list_prep: Option<String> = None;
    loop {
        let end = np_end(toks, i);
        if end > i {
            let mut np = analyse_np(toks, i, end);
            // "grant the data team read access": granting is about permissions. A resource named
            // in the same phrase ("read access to the storage account") is what the permission is
            // on: context, not something to create.
            let iam = KINDS.iter().position(|k| k.name == "IAM permission");
            let about_access = np.phrase.split(' ').any(|w| {
                matches!(
                    w,
                    "access"
                        | "permission"
                        | "permissions"
                        | "rights"
                        | "privileges"
                        | "read"
                        | "write"
                        | "readonly"
                        | "role"
                        | "roles"
                        | "admin"
                        | "viewer"
                        | "reader"
                        | "contributor"
                        | "editor"
                        | "owner"
                )
            });
            if primary_np
                && matches!(clause.verb.as_str(), "grant" | "give")
                && (clause.verb == "grant" || about_access || np.kind.is_none())
            {
                let on = np
                    .kind
                    .filter(|k| KINDS.get(*k).map(|k| k.category) != Some(cat::IAM));
                if np.kind.is_none() || on.is_some() {
                    np.kind = iam;
                }
                if let (Some(on), true) = (on, items.len() < 64) {
                    items.push(Item {
                        class: clause.class,
                        allows_delete: false,
                        verb: clause.verb.clone(),
                        kind: Some(on),
                        count: None,
                        qualifiers: np.qualifiers.clone(),
                        primary: false,
                        creating: false,
                        phrase: np.phrase.clone(),
                        scale_from: None,
                        scale_to: None,
                        scale_by: None,
                        scale_factor: None,
                        comes_with: false,
                        heading: false,
                    });
                }
            }
            // "the instance type", "the node count": a setting, not a thing of that kind.
            if np
                .phrase
                .rsplit(' ')
                .next()
                .is_some_and(|h| vocab::ATTRIBUTE_HEADS.contains(&h))
                && np.phrase.contains(' ')
            {
                np.kind = None;
            }
            let only_auxiliaries = np.kind.is_none()
                && np.phrase.split(' ').all(|w| {
                    matches!(
                        w,
                        "should"
                            | "be"
                            | "is"
                            | "are"
                            | "was"
                            | "were"
                            | "been"
                            | "being"
                            | "must"
                            | "will"
                            | "would"
                            | "can"
                            | "could"
                            | "to"
                            | "it"
                            | "them"
                            | "that"
                            | "this"
                            | "please"
                            | "now"
                            | "asap"
                            | "needs"
                            | "need"
                            | "so"
                            | "too"
                            | "also"
                            | "done"
                            | "there"
                            | "here"
                            | ""
                    )
                });
            let comes_with = !only_auxiliaries
                && !primary_np
                && clause.class == VerbClass::Create
                && list_prep
                    .as_deref()
                    .is_some_and(|p| matches!(p, "with" | "including" | "plus" | "incl"))
                && np.kind.is_some()
                && (np.count.is_some()
                    || np
                        .phrase
                        .split(' ')
                        .any(|w| matches!(w, "own" | "new" | "dedicated" | "separate")));
            if items.len() < 64 && !only_auxiliaries {
                items.push(Item {
                    comes_with,
                    heading: false,
                    class: clause.class,
                    allows_delete: clause.allows_delete,
                    verb: clause.verb.clone(),
                    kind: np.kind,
                    count: if primary_np { np.count } else { None },
                    qualifiers: np.qualifiers,
                    primary: primary_np && clause.primary,
                    creating,
                    phrase: np.phrase,
                    scale_from: None,
                    scale_to: None,
                    scale_by: None,
                    scale_factor: None,
                });
            }
        }
        i = end;
        match toks.get(i) {
            None => break,
            Some(Tok::Sep) => {
                if colons.contains(&i) {
                    for it in items.iter_mut().skip(first_item) {
                        it.heading = true;
                    }
                }
                // "with an ELB, an EBS volume and a database": a list continues after a comma
                // when the next word starts another noun phrase rather than a verb.
                let next = if matches!(word(toks, i + 1), Some("and" | "or")) {
                    i + 2
                } else {
                    i + 1
                };
                if starts_np(toks, next) && verb_at(toks, next).is_none() {
                    // "a bucket for invoices, a queue for jobs and a topic": after a context
                    // phrase ("for invoices"), a new phrase with a kind is another object.
                    let composing = list_prep
                        .as_deref()
                        .is_some_and(|p| matches!(p, "with" | "including" | "plus" | "incl"));
                    let next_has_kind = !np_kinds(toks, next, np_end(toks, next)).0.is_empty();
                    if !primary_np && !composing && next_has_kind && list_prep.is_some() {
                        list_prep = None;
                        primary_np = !network_verb;
                        creating = false;
                    }
                    i += 1;
                    continue;
                }
                // ", including GPU instances", ", with a dedicated KMS key", ", encrypted with
                // its own key": still this object.
                let participle = word(toks, i + 1)
                    .is_some_and(|w| w.len() > 4 && w.ends_with("ed"))
                    && word(toks, i + 2).is_some_and(is_prep);
                if participle
                    || matches!(
                        word(toks, i + 1),
                        Some("including" | "with" | "plus" | "incl")
                    )
                {
                    i += 1;
                    continue;
                }
                break;
            }
            Some(Tok::Word(w)) => {
                let w = w.as_str();
                if matches!(w, "and" | "or" | "plus" | "then" | "also") {
                    if verb_at(toks, i + 1).is_some() && !starts_np(toks, i + 1) {
                        i += 1;
                        break;
                    }
                    // "two hubs named device-telemetry and device-alerts": the list goes on with
                    // names of the same things, not with other things.
                    let naming = items.last().is_some_and(|it| {
                        it.phrase
                            .split(' ')
                            .any(|x| matches!(x, "named" | "called"))
                    });
                    let name_end = np_end(toks, i + 1);
                    if naming
                        && w == "and"
                        && !starts_np(toks, i + 1)
                        && name_end > i + 1
                        && name_end - (i + 1) <= 4
                    {
                        let words: Vec<String> = (i + 1..name_end)
                            .filter_map(|j| word(toks, j))
                            .map(stem)
                            .collect();
                        if let Some(last) = items.last_mut() {
                            for x in words {
                                if !last.qualifiers.contains(&x) {
                                    last.qualifiers.push(x);
                                }
                            }
                        }
                        i = name_end;
                        continue;
                    }
                    // "a bucket for X and a KMS key": a determiner starts a new object, unless
                    // the list is what the object comes with ("with a disk and a NIC").
                    let composing = list_prep
                        .as_deref()
                        .is_some_and(|p| matches!(p, "with" | "including" | "plus"));
                    if starts_np(toks, i + 1) && !composing {
                        list_prep = None;
                        primary_np = !network_verb;
                        creating = false;
                    }
                    i += 1;
                    continue;
                }
                if (w == "to" || w == "so") && verb_at(toks, i + 1).is_some() {
                    // Purpose ("to encrypt it"): handled by the caller as a non-primary clause.
                    break;
                }
                // "the node count of the workers pool": the attribute's owner is the object.
                let attribute_head = items.last().is_some_and(|it| {
                    it.primary
                        && it
                            .phrase
                            .rsplit(' ')
                            .next()
                            .is_some_and(|h| vocab::ATTRIBUTE_HEADS.contains(&h))
                });
                if primary_np && attribute_head && matches!(w, "of" | "on" | "for" | "in") {
                    if let Some(it) = items.last_mut() {
                        it.primary = false;
                        it.kind = None;
                    }
                    i += 1;
                    continue;
                }
                primary_np = false;
                list_prep = Some(w.to_string());
                creating =
                    clause.class == VerbClass::Create && vocab::CREATING_PREPOSITIONS.contains(&w);
                i += 1;
            }
            Some(_) => i += 1,
        }
    }
    // "We need twice as many nodes in the pool", "half the replicas": a multiple of what is there.
    let factor = (clause_start..i).find_map(|j| match word(toks, j) {
        Some("twice" | "double" | "doubled") => Some((2, 1)),
        Some("triple" | "tripled" | "thrice") => Some((3, 1)),
        Some("half" | "halve" | "halved") => Some((1, 2)),
        _ => None,
    });
    if let (Some(factor), true) = (
        factor,
        matches!(clause.class, VerbClass::Create | VerbClass::Modify),
    ) {
        let target = items
            .iter()
            .skip(first_item)
            .find(|it| !it.primary && it.kind.is_some())
            .map(|it| (it.kind, it.qualifiers.clone()));
        for it in items.iter_mut().skip(first_item).filter(|it| it.primary) {
            it.class = VerbClass::Scale;
            it.verb = "scale".to_string();
            it.allows_delete = true;
            it.count = None;
            it.scale_factor = Some(factor);
            if let Some((kind, q)) = &target {
                if it
                    .phrase
                    .rsplit(' ')
                    .next()
                    .and_then(vocab::member_of_word)
                    .is_some()
                {
                    it.kind = *kind;
                    it.qualifiers = q.clone();
                }
            }
        }
    }
    // "Add two data nodes to the OpenSearch domain": members added to a cluster are a resize of
    // the cluster, by that many.
    if clause.class == VerbClass::Create {
        // The cluster is named after the members ("to the OpenSearch domain") or, in "the
        // node pool needs 5 nodes", as the subject just before the clause.
        let target = items
            .iter()
            .skip(first_item)
            .find(|it| !it.primary && it.kind.is_some())
            .or_else(|| {
                first_item
                    .checked_sub(1)
                    .and_then(|k| items.get(k))
                    .filter(|it| !it.primary && it.kind.is_some())
            })
            .map(|it| (it.kind, it.qualifiers.clone()));
        // Nodes, brokers and shards live inside a cluster; instances too, but only when added
        // to a group ("another instance to the scale set", not "worker instances for X").
        let into = (clause_start..i).any(|j| matches!(word(toks, j), Some("to" | "into" | "on")))
            && !(clause_start..i).any(|j| word(toks, j) == Some("for"));
        let group_target = into
            && target
                .as_ref()
                .and_then(|(k, _)| *k)
                .and_then(|k| KINDS.get(k))
                .is_some_and(|k| matches!(k.category, cat::AUTOSCALING | cat::CONTAINER));
        // The member word is the phrase's head: "two GPU nodes" are members, "a GPU node
        // pool" is a thing of its own.
        let member_head = |it: &Item| {
            let members: Vec<&str> = it
                .phrase
                .rsplit(' ')
                .find(|w| !matches!(*w, "please" | "pls" | "more" | "extra"))
                .and_then(vocab::member_of_word)
                .into_iter()
                .collect();
            (members
                .iter()
                .any(|m| matches!(*m, "node" | "broker" | "shard"))
                && !members.contains(&"instance"))
                || (members.contains(&"instance") && group_target)
        };

        let (_, to, _) = scale_numbers(toks, clause_start, i);
        // "elasticache redis for web sessions (cache.t4g.small, 1 node)": the members of a
        // thing this request creates are its size, not a resize of something that exists.
        let created_here = target.as_ref().is_some_and(|(kind, _)| {
            kind.is_some()
                && items.iter().any(|o| {
                    o.primary && o.class == VerbClass::Create && o.kind == *kind && !member_head(o)
                })
        });
        if let (Some((kind, qualifiers)), false) = (target, created_here) {
            for it in items.iter_mut().skip(first_item) {
                if it.primary && it.count.is_some() && member_head(it) {
                    it.class = VerbClass::Scale;
                    it.verb = "scale".to_string();
                    it.allows_delete = true;
                    // "needs 5 nodes instead of 3" and "can we get twelve nodes" are
                    // targets; "add two nodes" and "two more nodes" are a difference.
                    if to.is_none() {
                        let additive = matches!(clause.verb.as_str(), "add" | "attach" | "append")
                            || it.phrase.split(' ').any(|w| {
                                matches!(w, "more" | "additional" | "extra" | "another" | "new")
                            });
                        if additive {
                            it.scale_by = it.count.map(u64::from);
                        } else {
                            it.scale_to = it.count.map(u64::from);
                        }
                    }
                    it.count = None;
                    it.kind = kind;
                    it.qualifiers = qualifiers.clone();
                }
            }
        }
    }
    let (from, to, by) = scale_numbers(toks, clause_start, i);
    // "Set the deployment to a dozen replicas": a size target in a change request.
    let sized = (clause_start..i).any(|j| {
        word(toks, j) == Some("to")
            && (1..=3)
                .any(|k| word(toks, j + k).is_some_and(|w| vocab::member_of_word(w).is_some()))
    });
    if clause.class == VerbClass::Scale
        || (clause.class == VerbClass::Modify && sized && to.is_some())
    {
        let factor = match clause.verb.as_str() {
            "double" => Some((2, 1)),
            "triple" => Some((3, 1)),
            "halve" => Some((1, 2)),
            _ => None,
        };
        for it in items.iter_mut().skip(first_item) {
            it.scale_from = from;
            it.scale_to = to;
            it.scale_by = by;
            it.scale_factor = if to.is_none() { factor } else { None };
        }
    }
    i
}

/// A number at `i`, in digits or words ("6", "six"), but not an article ("a", "an").
pub(super) fn number_at(toks: &[Tok], i: usize) -> Option<u64> {
    match toks.get(i)? {
        Tok::Num(n) if !is_unit(toks.get(i + 1)) || is_member_word(word(toks, i + 1)) => Some(*n),
        Tok::Word(w) if matches!(w.as_str(), "a" | "an") => match word(toks, i + 1) {
            Some(n @ ("dozen" | "couple" | "pair")) => vocab::count_word(n).map(u64::from),
            _ => None,
        },
        Tok::Word(w) if !matches!(w.as_str(), "another" | "single") => {
            vocab::count_word(w).map(u64::from)
        }
        _ => None,
    }
}

/// "from N to M", "to M", "by N" inside a clause.
pub(super) fn scale_numbers(
    toks: &[Tok],
    start: usize,
    end: usize,
) -> (Option<u64>, Option<u64>, Option<u64>) {
    let mut from = None;
    let mut to = None;
    let mut by = None;
    for j in start..end {
        if word(toks, j) == Some("from") {
            // "from 6 to 10", "from three brokers to 6".
            let skip = usize::from(is_member_word(word(toks, j + 2)));
            if let (Some(a), Some("to"), Some(b)) = (
                number_at(toks, j + 1),
                word(toks, j + 2 + skip),
                number_at(toks, j + 3 + skip),
            ) {
                from = Some(a);
                to = Some(b);
                break;
            }
        }
        if word(toks, j) == Some("to") && to.is_none() {
            to = number_at(toks, j + 1);
        }
        if word(toks, j) == Some("by") && by.is_none() {
            by = number_at(toks, j + 1);
        }
        // "run 10 tasks instead of 6".
        if word(toks, j) == Some("instead") && word(toks, j + 1) == Some("of") {
            if let Some(old) = number_at(toks, j + 2) {
                let new = (start..j).rev().take(3).find_map(|k| number_at(toks, k));
                if let Some(new) = new {
                    from = Some(old);
                    to = Some(new);
                    break;
                }
            }
        }
    }
    (from, to, by)
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
        let Some(Tok::Num(n)) = toks.get(at) else {
            continue;
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

/// "3 nodes", "three brokers", "a 3-node cluster", "2 replicas": how many members of a cluster
/// or group the request asks for, by member kind.
fn member_counts(toks: &[Tok]) -> Vec<(u64, &'static str)> {
    let mut out = Vec::new();
    for j in 0..toks.len() {
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

fn whole_request_facts(toks: &[Tok], asked: &mut Asked) {
    let mut envs = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word(w) = t else { continue };
        // "live" is a production word in tags, but in prose it is mostly a verb or adjective.
        if w != "live" {
            if let Some(e) = vocab::env_of_word(w) {
                envs.insert(e);
            }
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
        for k in 0..3 {
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
            if (named_port || opened) && asked.named.len() < 32 {
                asked.named.push(format!("port {n}"));
            }
        }
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
