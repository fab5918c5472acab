//! Verbless stretches of a request ("New S3 bucket to be created"): the clause each implies and
//! parsing a token span as the objects of a clause.
use super::clause_kinds::{asks_for_access, network_clause, traffic_detail};
use super::clauses::{number_at, parse_clause, scale_numbers, Clause, Item};
use super::phrases::{analyse_np, np_end, np_kinds};
use super::tokens::{is_participle, looks_like_version, word, Tok};
use super::vocab::{self, VerbClass};
use crate::engine::catalog;
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::{self, KINDS};

/// "no autoscaling", "No public network access please": what the request says there is to be
/// none of is a condition on what it asks, not a thing to make.
fn says_there_is_none(toks: &[Tok], start: usize, end: usize) -> bool {
    (start..end)
        .find(|&j| !matches!(word(toks, j), Some(w) if vocab::CLAUSE_LEADERS.contains(&w)))
        .is_some_and(|j| matches!(word(toks, j), Some("no" | "without")))
}

/// "checkout traffic is expected to roughly double", "load is likely to triple": what is
/// forecast for a thing is the reason for the ask, not one ("we are going to need" asks).
fn forecast(toks: &[Tok], start: usize, end: usize) -> bool {
    (start + 1..end).any(|j| {
        matches!(
            word(toks, j),
            Some("expected" | "likely" | "projected" | "forecast" | "going")
        ) && word(toks, j + 1) == Some("to")
            && matches!(word(toks, j - 1), Some("is" | "are" | "was" | "were"))
            && !j
                .checked_sub(2)
                .and_then(|p| word(toks, p))
                .is_some_and(|s| matches!(s, "we" | "you" | "i"))
    })
}

/// The clause a stretch of words with no leading verb implies: "New S3 bucket to be created",
/// "A bucket is needed for exports", "One extra private subnet for the analytics VPC, please",
/// "Nonprod GKE nodes should be able to reach the metrics service on TCP 9090", "Checkout
/// service in production: go from 6 tasks to 10". The verb is network words, a "from N to M",
/// more capacity, a participle or a later verb in the stretch, or, when a resource kind is
/// named, creating it.
fn implied_verb(toks: &[Tok], start: usize, end: usize) -> Option<(Clause, Option<usize>)> {
    let clause = |class: VerbClass, verb: &str, allows_delete: bool| Clause {
        class,
        allows_delete,
        verb: verb.to_string(),
        primary: true,
    };
    // "the BI service moved off it last quarter", "we ran out of disk last week": what
    // happened is the reason for the ask, not an ask.
    let in_the_past = (start..end).any(|j| {
        matches!(
            word(toks, j),
            Some("yesterday" | "ago" | "previously" | "formerly")
        ) || (word(toks, j) == Some("last")
            && matches!(
                word(toks, j + 1),
                Some("week" | "month" | "quarter" | "year" | "night" | "sprint" | "release")
            ))
    });
    if in_the_past {
        return None;
    }
    // "The invoicing service is moving off polling the database": what a third party is doing
    // is the reason for the request, not its ask ("we are adding …" still asks).
    let going_on = (start + 1..end).any(|j| {
        let aux = word(toks, j - 1);
        word(toks, j).is_some_and(|w| w.len() > 5 && w.ends_with("ing"))
            && (matches!(aux, Some("is" | "was"))
                || (matches!(aux, Some("are" | "were"))
                    && !j
                        .checked_sub(2)
                        .and_then(|p| word(toks, p))
                        .is_some_and(|s| matches!(s, "we" | "you"))))
    });
    if going_on {
        return None;
    }
    if forecast(toks, start, end) {
        return None;
    }
    if says_there_is_none(toks, start, end) {
        return None;
    }
    let reaches = (start..end).any(|j| {
        word(toks, j).is_some_and(|w| {
            [
                "reach", "connect", "talk", "open", "allow", "permit", "accept", "expose", "hit",
            ]
            .iter()
            .any(|p| w.starts_with(p))
        })
    });
    // "ingress" and "inbound" are also things (a Kubernetes ingress, an inbound endpoint): they
    // ask for traffic only beside a port, protocol, address or source of their own.
    let inbound = (start..end).any(|j| {
        word(toks, j).is_some_and(|w| w.starts_with("ingress") || w.starts_with("inbound"))
    });
    // "The demo LB needs to be reachable publicly on 443": opening it, unless it is to be
    // reachable only privately (a private endpoint, private networking).
    let reachable_openly = (start..end).any(|j| word(toks, j) == Some("reachable"))
        && !(start..end).any(|j| {
            word(toks, j).is_some_and(|w| {
                vocab::PRIVATE_WORDS.iter().any(|p| w.starts_with(p))
                    || matches!(w, "privately" | "internally")
            })
        })
        && (start..end).any(|j| {
            matches!(toks.get(j), Some(Tok::Num(_)))
                || matches!(
                    word(toks, j),
                    Some("publicly" | "internet" | "anywhere" | "public")
                )
        });
    if (reaches && (network_clause(toks, start) || reachable_openly))
        || (inbound && traffic_detail(toks, start, end))
    {
        return Some((clause(VerbClass::Allow, "allow", false), None));
    }
    if asks_for_access(toks, start, end) {
        return Some((clause(VerbClass::Create, "grant", false), None));
    }
    let (from, to, _) = scale_numbers(toks, start, end);
    let down_or_up_to = (start..end).any(|j| {
        matches!(word(toks, j), Some("down" | "up"))
            && word(toks, j + 1) == Some("to")
            && number_at(toks, j + 2).is_some()
            && !super::phrases::measure_at(toks, j + 2)
    });
    if (from.is_some() && to.is_some()) || down_or_up_to {
        return Some((clause(VerbClass::Scale, "scale", true), None));
    }
    // "Can the idle timeout go up to 180 seconds?", "… up to one day": a measure going up or
    // down is a setting changed, not a count.
    let measure_up_or_down = (start..end).any(|j| {
        matches!(word(toks, j), Some("down" | "up"))
            && word(toks, j + 1) == Some("to")
            && super::phrases::measure_at(toks, j + 2)
    });
    if measure_up_or_down {
        return Some((clause(VerbClass::Modify, "change", false), None));
    }
    if (start..end).any(|j| matches!(word(toks, j), Some("capacity" | "headroom"))) {
        return Some((clause(VerbClass::Scale, "scale", true), None));
    }
    // "the legacy reporting DB can go": it may be removed.
    if let Some(j) = (start + 1..end).find(|&j| {
        word(toks, j) == Some("go")
            && matches!(word(toks, j - 1), Some("can" | "should" | "must" | "could"))
            && (j + 1 >= end || toks.get(j + 1) == Some(&Tok::Sep))
    }) {
        return Some((clause(VerbClass::Delete, "remove", true), Some(j)));
    }
    // "The test media storage account should be zone redundant": a thing and the state it
    // should be in. The state is a setting, not a thing to make ("should be deleted" has a verb
    // of its own and is read below).
    if let Some(j) = (start + 1..end).find(|&j| {
        word(toks, j) == Some("be")
            && matches!(
                word(toks, j - 1),
                Some("should" | "must" | "would" | "will" | "shall" | "to")
            )
            && !word(toks, j + 1)
                // "should be permanently deleted": the verb may come after an adverb.
                .map(|w| match word(toks, j + 2) {
                    Some(next) if w.len() > 4 && w.ends_with("ly") => next,
                    _ => w,
                })
                .is_some_and(|w| is_participle(w) || vocab::VERBS.iter().any(|v| v.phrase == w))
    }) {
        return Some((clause(VerbClass::Modify, "change", false), Some(j)));
    }
    // A verb in the stretch, as written or as a participle ("created", "removed", "resizing").
    for j in start..end {
        let Some(w) = word(toks, j) else { continue };
        let prev = j.checked_sub(1).and_then(|p| word(toks, p));
        if matches!(
            prev,
            Some("the" | "a" | "an" | "our" | "this" | "that" | "its" | "their")
        ) {
            continue;
        }
        // "Microsoft is retiring the v2 tier": what someone else is doing is the reason for the
        // request, not its ask.
        if w.ends_with("ing") && matches!(prev, Some("is" | "was")) {
            continue;
        }
        // "keeps hitting the instance cap": a bare verb word that ends its stretch right after
        // another word of a noun phrase acts on nothing; it is that phrase's head noun.
        let last = j + 1 == end || toks.get(j + 1) == Some(&Tok::Sep);
        let after_a_noun = prev.is_some_and(|p| {
            !vocab::CLAUSE_LEADERS.contains(&p)
                && !matches!(p, "to" | "not" | "never" | "it" | "them" | "this" | "that")
        });
        if last && after_a_noun && vocab::VERBS.iter().any(|v| v.phrase == w) {
            continue;
        }
        // "flow logs switched on", "versioning turned off": a participle after the thing it
        // describes, with the state it is in, says how that thing is to be, not what to do.
        let describes_a_state = (w.ends_with("ed") || w.ends_with('d'))
            && matches!(word(toks, j + 1), Some("on" | "off"))
            && prev.is_some_and(|p| {
                !vocab::CLAUSE_LEADERS.contains(&p)
                    && !matches!(
                        p,
                        "be" | "is" | "are" | "been" | "was" | "were" | "get" | "got" | "to"
                    )
            });
        if describes_a_state
            || super::phrases::guard_against_the_act(toks, j)
            || super::phrases::change_management_noun(toks, j)
            || super::phrases::set_of_things(toks, j)
        {
            continue;
        }
        // "blob soft-delete retention", "auto terminate after 30 minutes": a verb after "soft"
        // or "auto" names a feature of the thing, not something to do to it.
        if matches!(prev, Some("soft" | "auto")) {
            continue;
        }
        // "accidentally deleted documents must be recoverable": a participle after an adverb,
        // with no "be" or "get" before them, describes the thing it stands before.
        let describes_the_thing = is_participle(w)
            && prev.is_some_and(|p| p.len() > 4 && p.ends_with("ly"))
            && !j
                .checked_sub(2)
                .and_then(|p| word(toks, p))
                .is_some_and(|aux| {
                    matches!(
                        aux,
                        "be" | "is" | "are" | "been" | "was" | "were" | "get" | "gets" | "got"
                    )
                });
        if describes_the_thing {
            continue;
        }
        let mut forms: Vec<String> = vec![w.to_string()];
        for suffix in ["ed", "d", "ing"] {
            if let Some(stem) = w.strip_suffix(suffix).filter(|s| s.len() > 2) {
                forms.push(stem.to_string());
                forms.push(format!("{stem}e"));
            }
        }
        for f in forms {
            if let Some(v) = vocab::VERBS.iter().find(|v| v.phrase == f) {
                if matches!(
                    f.as_str(),
                    "need" | "want" | "require" | "request" | "get" | "make"
                ) {
                    return Some((clause(VerbClass::Create, "create", false), Some(j)));
                }
                return Some((clause(v.class, v.phrase, v.allows_delete), Some(j)));
            }
        }
    }
    // "Staging environment." names where, not what.
    let (named_kinds, covered) = np_kinds(toks, start, end);
    let names_kind = named_kinds.iter().any(|(k, _)| {
        KINDS
            .get(*k)
            .is_some_and(|k| k.category != kinds::EVERYTHING)
    });
    // "…, staging project.", "(prod subscription)": an environment and the account, project or
    // subscription it lives in, with no verb and no "a"/"new" of its own, says where the rest
    // goes, not a project to make.
    let only_a_place = names_kind
        && named_kinds
            .iter()
            .all(|(k, _)| KINDS.get(*k).is_some_and(|k| k.category == cat::ACCOUNT))
        && (start..end).any(|j| word(toks, j).is_some_and(|w| vocab::env_of_word(w).is_some()))
        && (start..end).all(|j| {
            covered.get(j - start).copied().unwrap_or(false)
                || word(toks, j).is_some_and(|w| {
                    vocab::env_of_word(w).is_some()
                        || vocab::CLAUSE_LEADERS.contains(&w)
                        || matches!(w, "the" | "our" | "in" | "on" | "into" | "under")
                })
        });
    if only_a_place {
        return None;
    }
    // "staging: cert-manager helm release to v1.15.1": a thing and the version it goes to is a
    // change of that thing, not one to create.
    let to_a_version = (start..end).any(|j| {
        word(toks, j) == Some("to")
            && matches!(toks.get(j + 1), Some(Tok::Named(n)) if looks_like_version(n))
    });
    if to_a_version {
        return Some((clause(VerbClass::Modify, "change", false), None));
    }
    // "new snowflake warehouse for bi dev": a new thing is one to create, known kind or not.
    let opens_with_new = (start..end)
        .find(|&j| !matches!(word(toks, j), Some(w) if vocab::CLAUSE_LEADERS.contains(&w)))
        .is_some_and(|j| matches!(word(toks, j), Some("new" | "brand")));
    (names_kind || opens_with_new).then(|| (clause(VerbClass::Create, "create", false), None))
}

/// "Read only - they only build dashboards": a stretch that opens with another person as its
/// subject and asks nothing of them (no "need", "get", "can", "should") says what they do, the
/// reason for the request; it names nothing to make.
fn says_what_others_do(toks: &[Tok], a: usize, b: usize) -> bool {
    let mut j = a;
    while matches!(word(toks, j), Some("and" | "but" | "so" | "because" | "as")) {
        j += 1;
    }
    matches!(word(toks, j), Some("they" | "he" | "she"))
        && !(j..b).any(|k| {
            word(toks, k).is_some_and(|w| {
                let w = w.strip_suffix('s').unwrap_or(w);
                vocab::WANTING.contains(&w)
                    || matches!(
                        w,
                        "can"
                            | "could"
                            | "should"
                            | "must"
                            | "will"
                            | "would"
                            | "may"
                            | "need"
                            | "want"
                            | "get"
                            | "require"
                            | "ha"
                            | "got"
                    )
            })
        })
}

/// "The instance count of vmss-ci should be doubled: from the current two to four": after a
/// colon, a stretch of amounts alone ("from 2 to 4", "to four") names no things to list; it
/// details the clause before it.
fn only_amounts_follow(toks: &[Tok], colon: usize) -> bool {
    let stop = (colon + 1..toks.len())
        .find(|&j| toks.get(j) == Some(&Tok::Sep))
        .unwrap_or(toks.len());
    let stretch = colon + 1..stop;
    let amount = |j: usize| match toks.get(j) {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => vocab::count_word(w).is_some(),
        _ => false,
    };
    matches!(word(toks, colon + 1), Some("from" | "to" | "by"))
        && stretch.clone().any(amount)
        && stretch.clone().all(|j| {
            amount(j)
                || matches!(
                    word(toks, j),
                    Some("from" | "to" | "by" | "the" | "current" | "today" | "s" | "now" | "of")
                )
        })
}

/// Reads the stretches of the request no clause took (sentences with no leading verb) as the
/// clauses they imply. A segment with its own cue (a participle, a later verb, network words,
/// "from N to M") is a clause of its own; a segment with none is context of the clause before it
/// ("new Datadog monitor: orders backlog over 1000, notify on Slack"), or, before any clause,
/// the object of the next cue ("Checkout service in production: go from 6 to 10"). Naming a kind
/// with no cue at all implies creating it, for the first stretch only.
pub(super) fn implied_clauses(
    toks: &[Tok],
    consumed: &[bool],
    open: &[(usize, Clause)],
    colons: &[usize],
    items: &mut Vec<Item>,
) {
    // Segments: runs between separators, split again where a clause's words begin or end ("a
    // KMS key | to encrypt it": the purpose clause takes only its own words).
    let mut segments: Vec<(usize, usize, bool)> = Vec::new();
    let mut a = 0;
    while a < toks.len() {
        if toks.get(a) == Some(&Tok::Sep) {
            a += 1;
            continue;
        }
        let taken = consumed.get(a).copied().unwrap_or(false);
        let mut b = a;
        while b < toks.len()
            && toks.get(b) != Some(&Tok::Sep)
            && consumed.get(b).copied().unwrap_or(false) == taken
        {
            b += 1;
        }
        // Leaders alone ("we", "please"), or with the wanting words a clause left behind ("we
        // want to be …" before "alerted"), are no segment of their own.
        let has_words = (a..b).any(|j| {
            matches!(toks.get(j), Some(Tok::Word(w))
                if !vocab::CLAUSE_LEADERS.contains(&w.as_str())
                    && !vocab::WANTING.contains(&w.as_str())
                    && !matches!(w.as_str(), "to" | "be"))
        });
        if has_words && (taken || !says_what_others_do(toks, a, b)) {
            segments.push((a, b, taken));
        }
        a = b;
    }
    // Whether a later segment of the same untaken run has a cue of its own (a verb, network
    // words, "from N to M"): then this one is what that cue acts on.
    let explicit_cue_later = |start: usize| {
        segments
            .iter()
            .filter(|s| s.0 > start)
            .take_while(|s| !s.2)
            .any(|&(a, b, _)| {
                // Access is not such a cue: "a reports bucket, the analysts can read it" asks
                // for the bucket too.
                implied_verb(toks, a, b)
                    .is_some_and(|(c, pos)| pos.is_some() || c.class != VerbClass::Create)
            })
    };
    let mut pending: Option<usize> = None;
    let mut last: Option<Clause> = None;
    // The clause before was only implied by naming a thing ("dev: s3 bucket batch-input, ..."):
    // a list of things, not one thing and its details.
    let mut last_only_named = false;
    // The verb of a clause that named no object, waiting for its list.
    let mut listing: Option<Clause> = None;
    // The kind a list's heading names in the plural ("Datadog monitors for the hosts:"): an
    // entry naming no kind of its own ("CPU > 85%") is one thing of that kind.
    let mut listing_kind: Option<usize> = None;
    let mut after_a_key = false;
    // The items the last key of a "key: value" line gave.
    let mut key_items: Option<std::ops::Range<usize>> = None;
    for &(start, end, taken) in &segments {
        if taken {
            pending = None;
            last = None;
            listing_kind = None;
            key_items = None;
            listing = open
                .iter()
                .find(|(at, _)| *at >= start && *at <= end + 1)
                .map(|(_, c)| c.clone());
            continue;
        }
        // "refunds (dev): 1. topic ... 2. subscription ...": a stretch before a colon opens a
        // list of what to create.
        let later_cue = explicit_cue_later(start);
        // "staging: the cart-config map, change LOG_LEVEL": a heading that only says where opens
        // no list of things to create.
        let only_where = (start..end).all(|j| match toks.get(j) {
            Some(Tok::Word(w)) => {
                vocab::env_of_word(w).is_some() || vocab::CLAUSE_LEADERS.contains(&w.as_str())
            }
            Some(Tok::Named(_)) | Some(Tok::Num(_)) | Some(Tok::Sep) | None => false,
        });
        if listing.is_none()
            && colons.contains(&end)
            && last.is_none()
            && !later_cue
            && !only_where
            && !only_amounts_follow(toks, end)
        {
            let opens = implied_verb(toks, start, end)
                .map(|(c, _)| c)
                .unwrap_or(Clause {
                    class: VerbClass::Create,
                    allows_delete: false,
                    verb: "create".to_string(),
                    primary: true,
                });
            let context = Clause {
                primary: false,
                ..opens.clone()
            };
            let heading_from = items.len();
            parse_span(
                toks,
                pending.take().unwrap_or(start),
                end,
                &context,
                colons,
                items,
            );
            listing_kind = items.get(heading_from).and_then(|heading| {
                let kind = heading.kind.and_then(|k| KINDS.get(k))?;
                let head = heading.phrase.rsplit(' ').next()?;
                let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss");
                (plural && catalog::kind_has_types(kind) && !kind.weak)
                    .then_some(heading.kind)
                    .flatten()
            });
            listing = Some(opens);
            continue;
        }
        // "Attach it to the role. No write or delete permissions.": a stretch saying there is
        // to be none of something is a condition, not an entry of the list a verb opened.
        if listing.is_some() && says_there_is_none(toks, start, end) {
            continue;
        }
        if let Some(clause) = &listing {
            // A list item with a verb of its own is that verb's clause.
            let own = implied_verb(toks, start, end)
                .filter(|(c, pos)| pos.is_some() || c.verb == "grant");
            match own {
                Some((c, None)) => parse_span(toks, start, end, &c, colons, items),
                Some((c, Some(p))) => {
                    let spans = if p == start {
                        vec![(p + 1, end)]
                    } else {
                        vec![(start, p), (p + 1, end)]
                    };
                    for (i, stop) in spans {
                        parse_span(toks, i, stop, &c, colons, items);
                    }
                }
                None => {
                    let entry_from = items.len();
                    parse_span(toks, start, end, clause, colons, items);
                    // "monitoring: log analytics", "cache: redis": where the value names a thing
                    // itself, the key is the label of that line, not a second thing asked.
                    let value_names_a_thing = items.get(entry_from..).is_some_and(|v| {
                        v.iter()
                            .any(|it| it.primary && it.kind.is_some() && !it.is_everything())
                    });
                    if let (true, true, Some(key)) =
                        (after_a_key, value_names_a_thing, key_items.clone())
                    {
                        for it in items.get_mut(key).into_iter().flatten() {
                            it.primary = false;
                        }
                    }
                    // "pubsub: orders, fulfilment-events, notifications": a bare key given
                    // several values is not one thing; its values say how many. A key that
                    // counts ("two queues: intake and scoring") keeps its count.
                    if let (false, Some(key)) = (after_a_key, key_items.clone()) {
                        let counts = |it: &Item| {
                            it.phrase.split(' ').any(|w| {
                                matches!(w, "the" | "a" | "an")
                                    || vocab::count_word(w).is_some()
                                    || w.bytes().all(|b| b.is_ascii_digit())
                            })
                        };
                        for it in items.get_mut(key).into_iter().flatten() {
                            if !counts(it) {
                                it.count = None;
                            }
                        }
                    }
                    if colons.contains(&end) {
                        key_items = Some(entry_from..items.len());
                    }
                    // "env: staging", "notify: @team": a key and its value are details of the
                    // list, not entries of it.
                    let key_or_value = colons.contains(&end) || after_a_key;
                    if let (Some(kind), Some(entry), false) =
                        (listing_kind, items.get_mut(entry_from), key_or_value)
                    {
                        // "disk > 80%" under "monitors:": a word for a thing of another category
                        // says what the monitor watches, as a name does.
                        let category =
                            |k: Option<usize>| k.and_then(|k| KINDS.get(k)).map(|k| k.category);
                        let watches_another = entry.kind.is_some()
                            && category(entry.kind) != category(Some(kind))
                            && entry.phrase.split(' ').count() <= 3;
                        if entry.primary && (entry.kind.is_none() || watches_another) {
                            if watches_another {
                                for w in entry.phrase.split(' ') {
                                    if w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()) {
                                        entry.qualifiers.push(super::tokens::stem(w));
                                    }
                                }
                                entry.qualifiers.sort();
                                entry.qualifiers.dedup();
                            }
                            entry.kind = Some(kind);
                            entry.count = None;
                        }
                    }
                }
            }
            after_a_key = colons.contains(&end);
            continue;
        }
        let next_taken = segments.iter().find(|s| s.0 > start).is_some_and(|s| s.2);
        // ", plus a KMS key", ", and a topic": the stretch before goes on.
        if let (Some(clause), Some("plus" | "and" | "also" | "with" | "including")) =
            (&last, word(toks, start))
        {
            let clause = Clause {
                class: clause.class,
                allows_delete: clause.allows_delete,
                verb: clause.verb.clone(),
                primary: clause.primary,
            };
            parse_span(toks, start, end, &clause, colons, items);
            continue;
        }
        // A later segment of this run with a cue of its own says what to do with this one
        // ("dev msk: go from three brokers to 6").
        let explicit_later = explicit_cue_later(start);
        // "IRSA role + service account please": things named with a "please" are asked for
        // themselves, even after another ask. Right after a clause with a verb of its own, the
        // "please" is that clause's ("retire the job (dev cluster) pls").
        let after_a_verb = segments.iter().rfind(|s| s.0 < start).is_some_and(|s| s.2);
        let asked_outright =
            !after_a_verb && (start..end).any(|j| matches!(word(toks, j), Some("please" | "pls")));
        // "Assign the reader role to the app's identity, scope = stclaimsdocsdev only", "grant
        // Reader | group X | scope rg-billing": a scope after an ask, however far after, says
        // where the access asked applies. It is context, not a thing to make.
        let after_an_ask = segments.iter().any(|s| s.0 < start && s.2);
        if after_an_ask && matches!(word(toks, start), Some("scope" | "scoped")) {
            let context = Clause {
                class: VerbClass::Create,
                allows_delete: false,
                verb: "grant".to_string(),
                primary: false,
            };
            parse_span(toks, start, end, &context, colons, items);
            continue;
        }
        let cue = implied_verb(toks, start, end).filter(|(c, pos)| {
            pos.is_some()
                || c.class != VerbClass::Create
                // "…; the data-science group can restart it": access asked is an ask of its
                // own, as in a list.
                || c.verb == "grant"
                || asked_outright
                || (last.is_none() && !next_taken && !explicit_later)
        });
        if cue.is_none() && explicit_later && last.is_none() {
            pending.get_or_insert(start);
            continue;
        }
        // "Production inventory postgres: bump the tier": the clause after says what to do with
        // the thing this segment names.
        if cue.is_none() && next_taken && last.is_none() {
            let context = Clause {
                class: VerbClass::Modify,
                allows_delete: false,
                verb: "change".to_string(),
                primary: false,
            };
            parse_span(
                toks,
                pending.take().unwrap_or(start),
                end,
                &context,
                colons,
                items,
            );
            continue;
        }
        match cue {
            Some((clause, pos)) => {
                // "an OpenSearch collection `vectors-dev`, encrypted with our key, reachable only
                // through a VPC endpoint, the indexer role allowed to write to it": being
                // reachable or usable is how the thing named before is to be reached or used,
                // not an act on it. What that stretch names keeps its own reading.
                let reaching_or_granting =
                    clause.class == VerbClass::Allow || clause.verb == "grant";
                if let (true, None, Some(before)) = (reaching_or_granting, pos, pending) {
                    let named_before: Vec<(usize, usize)> = segments
                        .iter()
                        .filter(|s| s.0 >= before && s.1 <= start && !s.2)
                        .filter(|&&(a, b, _)| {
                            implied_verb(toks, a, b)
                                .is_some_and(|(c, p)| c.class == VerbClass::Create && p.is_none())
                        })
                        .map(|&(a, b, _)| (a, b))
                        .collect();
                    if !named_before.is_empty() {
                        let create = Clause {
                            class: VerbClass::Create,
                            allows_delete: false,
                            verb: "create".to_string(),
                            primary: true,
                        };
                        for (a, b) in named_before {
                            parse_span(toks, a, b, &create, colons, items);
                        }
                        pending = None;
                    }
                }
                let from = pending.take().unwrap_or(start);
                // "We want to roll out a queue": who wants is no thing asked.
                let only_the_asker_before = |p: usize| {
                    (from..p)
                        .all(|j| word(toks, j).is_some_and(|w| vocab::CLAUSE_LEADERS.contains(&w)))
                };
                let spans: Vec<(usize, usize)> = match pos {
                    Some(p) if p == from => vec![(p + 1, end)],
                    // "… want to ship the function": the "to" of a want opens what is wanted, not
                    // a purpose.
                    Some(p) if only_the_asker_before(p) => {
                        let to = usize::from(word(toks, p + 1) == Some("to"));
                        vec![(p + 1 + to, end)]
                    }
                    // "… should be zone redundant": what follows "be" is a state, not a thing.
                    Some(p) if word(toks, p) == Some("be") => vec![(from, p)],
                    Some(p) => vec![(from, p), (p + 1, end)],
                    None => vec![(from, end)],
                };
                let first = items.len();
                let mut before_verb = first..first;
                for (n, (i, stop)) in spans.iter().enumerate() {
                    parse_span(toks, *i, *stop, &clause, colons, items);
                    if n == 0 && spans.len() == 2 {
                        before_verb = first..items.len();
                    }
                }
                // "helm install ingress-nginx chart": a lone tool word before the verb names the
                // same kind as its object; it is no second thing.
                if let [tool] = items.get(before_verb.clone()).unwrap_or(&[]) {
                    let again = items
                        .iter()
                        .skip(before_verb.end)
                        .any(|it| it.kind.is_some() && it.kind == tool.kind);
                    let one_bare_word = tool
                        .phrase
                        .split(' ')
                        .filter(|w| !vocab::CLAUSE_LEADERS.contains(w))
                        .count()
                        == 1;
                    if tool.qualifiers.is_empty() && one_bare_word && again {
                        items.remove(before_verb.start);
                    }
                }
                if clause.class == VerbClass::Scale {
                    let (f, t, by) = scale_numbers(toks, from, end);
                    for it in items.iter_mut().skip(first) {
                        it.scale_from = f;
                        it.scale_to = t;
                        it.scale_by = by;
                    }
                }
                last_only_named = pos.is_none() && clause.class == VerbClass::Create;
                last = Some(clause);
            }
            None => match &last {
                // "dev: s3 bucket batch-input, 3 ec2 instances": in a list that only names
                // things, another thing named whole is asked like the first.
                Some(clause) if last_only_named && names_another_thing(toks, start, end, items) => {
                    parse_span(toks, start, end, clause, colons, items);
                }
                Some(clause) => {
                    let context = Clause {
                        primary: false,
                        class: clause.class,
                        allows_delete: clause.allows_delete,
                        verb: clause.verb.clone(),
                    };
                    // "new ECR repo (immutable, scan on push) + a lifecycle policy": the details
                    // of the thing before end where "and" opens one more thing, counted, of a
                    // kind not yet asked; that one is asked as the first was ("internal +
                    // health-check + IAP firewall rules" shares one head, and stays a list).
                    let another = (clause.primary && clause.class == VerbClass::Create)
                        .then(|| {
                            (start..end).find(|&j| {
                                matches!(word(toks, j), Some("and" | "plus"))
                                    && (matches!(toks.get(j + 1), Some(Tok::Num(_)))
                                        || number_at(toks, j + 1).is_some()
                                        || matches!(word(toks, j + 1), Some("a" | "an")))
                                    && names_another_thing(
                                        toks,
                                        j + 1,
                                        np_end(toks, j + 1).min(end),
                                        items,
                                    )
                            })
                        })
                        .flatten();
                    match another {
                        Some(j) => {
                            parse_span(toks, start, j, &context, colons, items);
                            parse_span(toks, j + 1, end, clause, colons, items);
                        }
                        None => parse_span(toks, start, end, &context, colons, items),
                    }
                }
                // A forecast is why the ask is made; it is not what a later cue acts on.
                None if forecast(toks, start, end) => {}
                None => {
                    pending.get_or_insert(start);
                }
            },
        }
    }
}

/// Whether a stretch names one more thing by itself: one noun phrase that opens with a count or
/// an article ("an ec2 instance", "3 queues"), of a kind the catalog has types for and that no
/// item asked so far has. A stretch describing ("encrypted with kms"), saying what is there ("ci
/// queue is slow") or naming a part of a thing already asked ("1 read replica" of a database) is
/// no new thing.
fn names_another_thing(toks: &[Tok], start: usize, end: usize, items: &[Item]) -> bool {
    let counted = match toks.get(start) {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => {
            matches!(w.as_str(), "a" | "an" | "another") || vocab::count_word(w).is_some()
        }
        _ => false,
    };
    let describes = (start..end).any(|j| {
        word(toks, j).is_some_and(|w| {
            is_participle(w)
                || (w.len() > 4 && w.ends_with("ed"))
                || matches!(
                    w,
                    "is" | "are" | "was" | "were" | "be" | "only" | "both" | "existing" | "each"
                )
        })
    });
    // "bucket b1, queue q1, log group lg1": a short stretch headed by a strong word for a
    // thing (not "node", "key" or "tls", which are as often parts or settings of the thing
    // before) names one more thing, counted or not.
    // One said with its environment ("dev subscription", "prod account") is where the rest
    // goes, not a thing of its own.
    let bare = !counted
        && end - start <= 4
        && !word(toks, start).is_some_and(|w| vocab::env_of_word(w).is_some());
    if !(counted || bare) || describes || np_end(toks, start) < end {
        return false;
    }
    let np = analyse_np(toks, start, end);
    np.kind.is_some_and(|k| {
        KINDS.get(k).is_some_and(|kind| {
            // A strong kind names a thing whether or not one type claims it alone ("a log
            // group" is of the logging category); a weak one only when counted and typed.
            !kind.weak || (counted && crate::engine::catalog::kind_has_types(kind))
        }) && !items.iter().any(|i| i.kind == Some(k))
    })
}

/// Parses `toks[start..stop]` as the objects of `clause`.
fn parse_span(
    toks: &[Tok],
    mut i: usize,
    stop: usize,
    clause: &Clause,
    colons: &[usize],
    items: &mut Vec<Item>,
) {
    let view = toks.get(..stop).unwrap_or(toks);
    while view.get(i) == Some(&Tok::Sep) {
        i += 1;
    }
    while i < stop && items.len() < 64 {
        let next = parse_clause(view, i, clause, colons, items);
        i = next.max(i + 1);
        while view.get(i) == Some(&Tok::Sep) {
            i += 1;
        }
    }
}
