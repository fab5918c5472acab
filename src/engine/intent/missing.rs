//! Missing actions: a primary item of the request that no change satisfies (or satisfies short
//! of the count or target), and the evidence that decides whether that is worth reporting.

use std::collections::BTreeSet;

use serde_json::Value;

use super::counts::ScaleTarget;
use super::meaning::{refactor_only, written_names};
use super::request::{Asked, Item};
use super::tokens::{looks_like_address, stem};
use super::vocab::VerbClass;
use super::{
    cap_str, direct_action_ok, names_giving_the_kind, names_overlap, settings, type_of_kind,
    type_words, vocab, Facts, Match, Strength,
};
use crate::engine::catalog;
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::{self, KINDS};
use crate::engine::change::Action;
use crate::engine::findings::{default_disposition, ids, Finding};

pub(super) fn missing_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    findings: &mut Vec<Finding>,
) {
    settings_left_as_they_were(asked, facts, matches, findings);
    deny_asked_but_every_rule_allows(asked, facts, findings);
    named_sibling_missing(asked, facts, findings);
    listed_name_left_out(asked, facts, findings);
    receivers_left_out(asked, facts, findings);
    let mut reported = BTreeSet::new();
    // A refactoring is done by moves, which change nothing in the cloud.
    if refactor_only(asked) && facts.iter().any(|f| f.change.previous_address.is_some()) {
        return;
    }
    for (idx, item) in asked.items.iter().enumerate() {
        if !item.primary && !item.comes_with {
            continue;
        }
        // A resize with a target is judged by its numbers ([`scale_checks`]), whatever kind the
        // words for the resized thing suggest.
        if item.class == VerbClass::Scale && ScaleTarget::of(item).is_some() {
            continue;
        }
        // "a bucket for exports (CMEK)", "encrypted with a customer-managed key": encryption with a key of
        // one's own is met by a key the plan points at, made here or not. A key asked for as a
        // thing ("a new KMS key", "create a KMS key") must be made.
        let key_as_a_setting = item.comes_with
            || matches!(
                item.phrase.as_str(),
                "cmek" | "cmk" | "customer managed key" | "customer managed encryption key"
            );
        if item.kind_category() == Some(cat::KEY_MANAGEMENT)
            && key_as_a_setting
            && !item.phrase.split(' ').any(|w| w == "new")
            && facts.iter().any(|f| {
                f.change.action.mutates() && points_at_a_key(f.change.current(), 0, &mut 1024)
            })
        {
            continue;
        }
        // A thing the requested one comes with is there when a change of its kind is created.
        if item.comes_with {
            // A kind with a type list is created only by one of its types; another thing of
            // its category (a queue for the topic asked) is not it.
            let typed = item
                .kind
                .and_then(|k| KINDS.get(k))
                .is_some_and(catalog::kind_has_types);
            let created = facts.iter().zip(matches).any(|(f, ms)| {
                f.change.action == Action::Create
                    && (type_of_kind(item, &f.change.resource_type)
                        || (!typed && ms.iter().any(|m| m.item == idx)))
            });
            // Another thing of the category does not stand in for a kind the catalog types
            // (a Grafana folder is not the dashboard asked in it), unless its type says it is
            // one ("newrelic_one_dashboard").
            let named_by_type = |f: &Facts| {
                let kind = item.kind_name();
                f.change.action == Action::Create
                    && kind.split(' ').all(|w| f.change.resource_type.contains(w))
            };
            // "with the DNS bits": a thing asked by its category's own word, not its kind's
            // name, is any thing of that category (the DNS zone and its link).
            let by_its_category_word = item.kind_category().is_some_and(|kc| {
                !item.phrase.contains(item.kind_name())
                    && item.phrase.split(' ').any(|w| w == kc)
                    && facts
                        .iter()
                        .any(|f| f.change.action == Action::Create && f.category == kc)
            });
            let by_category = if by_its_category_word {
                true
            } else if typed {
                facts.iter().any(named_by_type)
            } else {
                category_level_satisfied(item, facts)
            };
            if created || by_category {
                continue;
            }
            let key = (item.class.as_str(), item.kind, item.phrase.clone());
            if reported.insert(key)
                && missing_evidence(item, idx, facts, matches, &asked.identifiers) != Evidence::Done
            {
                findings.push(Finding::new(
                    ids::MISSING_ACTION,
                    default_disposition(ids::MISSING_ACTION),
                    None,
                    format!(
                        "The request asks for {} with what it creates, but the plan creates no {} ({}).",
                        cap_str(&item.phrase, 60),
                        item.kind_name(),
                        item.kind_category().unwrap_or("resource")
                    ),
                ));
            }
            continue;
        }
        // A phrase with no kind ("enable deletion protection", "make the checkout faster") names
        // an attribute or a service, not a resource: it is only missing when the plan does
        // nothing of what the verb says. So does one under any other verb ("retire it, it's
        // stateless", "allow dev only"), unless it writes out a name a change must carry.
        let named_in_phrase = || {
            asked.identifiers.iter().any(|id| {
                item.phrase
                    .contains(id.replace(['-', '_', '.'], " ").as_str())
            })
        };
        let names_no_thing = item.kind.is_none()
            && (matches!(item.class, VerbClass::Create | VerbClass::Modify) || !named_in_phrase());
        if (names_no_thing || item.names_only_settings(&asked.values))
            && facts.iter().any(|f| {
                f.change.action.mutates()
                    && (item.class != VerbClass::Delete || f.change.action.destroys())
            })
        {
            continue;
        }
        // "Add a lifecycle rule to the bucket": where the provider models the part as a setting
        // of its owner, an update that changes the setting the words name does it.
        let words: BTreeSet<String> = item.phrase.split(' ').map(stem).collect();
        let part_of_owner = item.class == VerbClass::Create
            && facts.iter().any(|f| {
                f.change.action == Action::Update
                    && Some(f.category) == item.kind_category()
                    && settings::changed_attributes(f.change)
                        .iter()
                        .any(|k| settings::mentioned(k, &words))
            });
        if part_of_owner {
            continue;
        }
        if set_on_a_thing_asked(asked, idx, facts, matches) {
            continue;
        }
        // "Enable zone-redundant high availability", "turn on the cluster autoscaler": a change
        // asked of a thing that exists is done by an update of the setting its words name,
        // whatever kind of thing a word of it suggested ("zone", "autoscaler").
        let setting_changed = item.class == VerbClass::Modify
            && facts.iter().any(|f| {
                matches!(
                    f.change.action,
                    Action::Update
                        | Action::ReplaceCreateBeforeDestroy
                        | Action::ReplaceDestroyBeforeCreate
                ) && settings::changed_attributes(f.change).iter().any(|k| {
                    // A grouped setting is named by its group too ("high_availability.mode").
                    let group = k.split(['.', '[']).next().unwrap_or(k);
                    !matches!(group, "tags" | "tags_all" | "labels" | "name")
                        && (settings::mentioned(k, &words) || settings::mentioned(group, &words))
                })
            });
        if setting_changed {
            continue;
        }
        // "Upgrade cert-manager": a change that carries the name the item gives does it, whatever
        // kind the name's words suggest.
        let named_here = names_giving_the_kind(asked, item);
        let done_by_name = !named_here.is_empty()
            && facts.iter().any(|f| {
                f.change.action.mutates()
                    && (item.class != VerbClass::Delete || f.change.action.destroys())
                    && written_names(f.change)
                        .iter()
                        .any(|n| named_here.contains(&n))
            });
        if done_by_name || kind_word_is_the_name_of_the_thing_before(item, facts) {
            continue;
        }
        // "the PDF API talks to it over port 8080", "only reachable from 10.60.0.0/16": where
        // what the plan creates or changes carries the port or range the request names (a
        // service's port, a database's IP allow list), the traffic asked is set there.
        if matches!(item.class, VerbClass::Allow | VerbClass::Block)
            && traffic_set_in_the_plan(asked, facts, matches)
        {
            continue;
        }
        // Deleting is only done by a change that destroys something.
        let fits = |a: Action| a.mutates() && (item.class != VerbClass::Delete || a.destroys());
        let satisfied = facts.iter().zip(matches).any(|(f, ms)| {
            fits(f.change.action)
                && ms.iter().any(|m| {
                    m.item == idx && matches!(m.strength, Strength::Direct | Strength::EnvWide)
                })
        }) || category_level_satisfied(item, facts);
        if satisfied {
            continue;
        }
        let key = (item.class.as_str(), item.kind, item.phrase.clone());
        if !reported.insert(key) {
            continue;
        }
        let evidence = missing_evidence(item, idx, facts, matches, &asked.identifiers);
        if evidence == Evidence::Done {
            continue;
        }
        let doing = match item.class {
            VerbClass::Create => "creates no",
            VerbClass::Delete => "deletes no",
            VerbClass::Scale => "resizes no",
            VerbClass::Modify => "changes no",
            VerbClass::Allow | VerbClass::Block => "changes no",
        };
        let what = match item.kind_category() {
            Some(kinds::EVERYTHING) | None => "matching resource".to_string(),
            Some(c) => format!("{} ({c})", item.kind_name()),
        };
        if let Evidence::Weak(why) = evidence {
            // When unsure, ask a human: the words may name something the plan does under a
            // name or kind this analysis does not connect with them.
            findings.push(Finding::new(
                ids::INTENT_UNCLEAR,
                default_disposition(ids::INTENT_UNCLEAR),
                None,
                format!(
                    "The request seems to ask to {} \"{}\", and the plan {doing} {what} this analysis recognises; {why}, so a person should check that it is done.",
                    item.verb,
                    cap_str(&item.phrase, 60)
                ),
            ));
            continue;
        }
        findings.push(Finding::new(
            ids::MISSING_ACTION,
            default_disposition(ids::MISSING_ACTION),
            None,
            format!(
                "The request asks to {} \"{}\", but the plan {doing} {what}.",
                item.verb,
                cap_str(&item.phrase, 60)
            ),
        ));
    }
}

/// "…and a catch-all rule that denies all other inbound traffic": where rules say whether they
/// allow or deny (an NSG rule's `access`, a NACL's `rule_action`, a firewall's `allow` and `deny`
/// blocks), traffic asked to be denied is denied only by a rule that denies, or by taking away
/// or narrowing a rule that allows. A plan that only creates rules that allow does not do it.
/// Where rules carry no such word (security groups deny what they do not allow) nothing is said.
fn deny_asked_but_every_rule_allows(asked: &Asked, facts: &[Facts], findings: &mut Vec<Finding>) {
    // What is to be denied is the rest: "deny everything else", "all other inbound", "a
    // catch-all". ("Callers are being blocked" or "closed after the demo" ask for no rule.)
    let denying = |w: &str| matches!(w, "deny" | "block" | "drop" | "reject");
    let the_rest = |i: &Item| {
        i.phrase.split(' ').any(|w| {
            matches!(
                w,
                "everything" | "else" | "rest" | "other" | "all" | "catch" | "anything"
            )
        })
    };
    let deny_asked = asked.items.iter().any(|i| {
        (i.class == VerbClass::Block || i.phrase.split(' ').next().is_some_and(denying))
            && the_rest(i)
    });
    let rules: Vec<&Facts> = facts
        .iter()
        .filter(|f| f.category == cat::NETWORK_ACCESS && f.change.action.mutates())
        .collect();
    let only_created_allows = !rules.is_empty()
        && rules.iter().all(|f| {
            f.change.action == Action::Create && rule_denies(&f.change.after) == Some(false)
        });
    if deny_asked && only_created_allows {
        findings.push(Finding::new(
            ids::MISSING_ACTION,
            default_disposition(ids::MISSING_ACTION),
            None,
            "The request asks for traffic to be denied, but every rule the plan creates allows traffic and none denies it.".to_string(),
        ));
    }
}

/// Whether a rule's values say it denies (`Some(true)`) or allows (`Some(false)`) what it
/// matches, at its top level or in the rules it holds; `None` where they say neither.
fn rule_denies(after: &Value) -> Option<bool> {
    fn verdict(obj: &serde_json::Map<String, Value>) -> Option<bool> {
        for key in ["access", "rule_action", "action"] {
            if let Some(v) = obj.get(key).and_then(Value::as_str) {
                match v.to_ascii_lowercase().as_str() {
                    "deny" | "drop" | "block" | "reject" => return Some(true),
                    "allow" | "accept" | "permit" => return Some(false),
                    _ => {}
                }
            }
        }
        let listed = |k: &str| {
            obj.get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        };
        match (listed("deny"), listed("allow")) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }
    let obj = after.as_object()?;
    if let Some(v) = verdict(obj) {
        return Some(v);
    }
    // Rules held inline ("security_rule" of an NSG): it denies if any of them does.
    let held: Vec<bool> = obj
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_object)
        .filter_map(verdict)
        .collect();
    if held.is_empty() {
        None
    } else {
        Some(held.contains(&true))
    }
}

/// Whether a change the request covers holds, as values of its own, every address range the
/// request names, or a port it names when it names no range: a thing opened from elsewhere
/// ("0.0.0.0/0" for the vendor's range) does not do what was asked.
/// "namespace monitoring", "bucket logs": a kind word right after a word for a thing of another
/// kind may be that thing's name. It is, when the plan creates such a thing carrying that name.
fn kind_word_is_the_name_of_the_thing_before(item: &Item, facts: &[Facts]) -> bool {
    let words: Vec<&str> = item.phrase.split(' ').collect();
    let [.., before, name] = words.as_slice() else {
        return false;
    };
    let kinds_of = |w: &str| super::phrases::kinds_of_word(&stem(w));
    let (Some(kind), false) = (item.kind, kinds_of(before).is_empty()) else {
        return false;
    };
    if !kinds_of(name).contains(&kind) || kinds_of(before).contains(&kind) {
        return false;
    }
    let thing = stem(before);
    facts.iter().any(|f| {
        f.change.action == Action::Create
            && type_words(&f.change.resource_type).contains(&thing)
            && written_names(f.change).iter().any(|n| n == name)
    })
}

fn traffic_set_in_the_plan(asked: &Asked, facts: &[Facts], matches: &[Vec<Match>]) -> bool {
    // "port 8080", and a number alone where traffic is asked ("reach it on 8080").
    let bare_numbers_of_traffic = asked
        .items
        .iter()
        .filter(|i| matches!(i.class, VerbClass::Allow | VerbClass::Block))
        .map(|i| i.phrase.as_str());
    let ports: Vec<u64> = asked
        .named
        .iter()
        .filter_map(|n| n.strip_prefix("port "))
        .chain(bare_numbers_of_traffic)
        .filter_map(|n| n.parse().ok())
        .filter(|n| (1..=65_535).contains(n))
        .collect();
    let ranges: Vec<&str> = asked
        .named
        .iter()
        .map(String::as_str)
        .filter(|n| looks_like_address(n))
        .collect();
    if ports.is_empty() && ranges.is_empty() {
        return false;
    }
    fn holds(v: &Value, ports: &[u64], ranges: &[&str], depth: usize, budget: &mut usize) -> bool {
        if depth > 8 || *budget == 0 {
            return false;
        }
        *budget -= 1;
        match v {
            Value::Number(n) => n.as_u64().is_some_and(|n| ports.contains(&n)),
            Value::String(s) => {
                ranges.iter().any(|r| s.eq_ignore_ascii_case(r))
                    || s.parse::<u64>().is_ok_and(|n| ports.contains(&n))
            }
            Value::Array(items) => items
                .iter()
                .any(|x| holds(x, ports, ranges, depth + 1, budget)),
            Value::Object(map) => map
                .values()
                .any(|x| holds(x, ports, ranges, depth + 1, budget)),
            _ => false,
        }
    }
    let covered: Vec<&Facts> = facts
        .iter()
        .zip(matches)
        .filter(|(f, ms)| f.change.action.mutates() && !ms.is_empty())
        .map(|(f, _)| f)
        .collect();
    let held = |ports: &[u64], ranges: &[&str]| {
        covered.iter().any(|f| {
            let mut budget = 512;
            holds(&f.change.after, ports, ranges, 0, &mut budget)
        })
    };
    if ranges.is_empty() {
        held(&ports, &[])
    } else {
        ranges.iter().all(|r| held(&[], &[r]))
    }
}

/// Two things of one kind asked by their own names ("an intake queue and a scoring queue"), and
/// every such thing the plan creates carries the other's name: the one whose name no change
/// carries is missing, though a thing of its kind is there. The other name shows the plan's
/// things are named after what they are for, so the absence of this one is evidence, not a guess.
fn named_sibling_missing(asked: &Asked, facts: &[Facts], findings: &mut Vec<Finding>) {
    let distinctive = |q: &String| {
        q.len() > 2
            && !vocab::GENERIC_NAMES.contains(&q.as_str())
            && !vocab::NON_DISCRIMINATING.contains(&q.as_str())
            && vocab::env_of_word(q).is_none()
            && !q.chars().all(|c| c.is_ascii_digit())
    };
    let creates: Vec<&Item> = asked
        .items
        .iter()
        .filter(|i| i.class == VerbClass::Create && (i.primary || i.creating || i.comes_with))
        .filter(|i| {
            i.kind
                .and_then(|k| KINDS.get(k))
                .is_some_and(catalog::kind_has_types)
        })
        .take(32)
        .collect();
    // A sibling needs two things of a kind asked for.
    if creates.len() < 2 {
        return;
    }
    // Words of the plan's own types describe the product ("flexible" of a Postgres flexible
    // server), not the thing's name.
    let described: BTreeSet<String> = facts
        .iter()
        .flat_map(|f| type_words(&f.change.resource_type))
        .collect();
    let distinctive = |q: &String| distinctive(q) && !described.contains(q);
    for item in &creates {
        let Some(kind) = item.kind.and_then(|k| KINDS.get(k)) else {
            continue;
        };
        let said: Vec<&String> = item.qualifiers.iter().filter(|q| distinctive(q)).collect();
        let of_others: BTreeSet<&String> = creates
            .iter()
            .filter(|o| o.kind == item.kind && o.phrase != item.phrase)
            .flat_map(|o| o.qualifiers.iter())
            .filter(|q| distinctive(q))
            .collect();
        // Names the request gives other things of the same kind, and this one's own; a word
        // both share ("sync" of "billing-sync" and "ledger-sync") tells neither apart.
        let others: BTreeSet<&String> = of_others
            .iter()
            .copied()
            .filter(|q| !said.contains(q))
            .collect();
        let own: Vec<&String> = said
            .iter()
            .copied()
            .filter(|q| !of_others.contains(q))
            .collect();
        if own.is_empty() || others.is_empty() {
            continue;
        }
        let of_kind: Vec<&Facts> = facts
            .iter()
            .filter(|f| f.change.action == Action::Create)
            .filter(|f| catalog::is_kind(&f.change.resource_type, kind))
            .collect();
        // A name may be written short ("mem" for a `memory` monitor).
        let carries = |f: &Facts, q: &str| {
            f.names
                .iter()
                .any(|n| n == q || (q.len() >= 3 && n.starts_with(q)))
        };
        let all_others = !of_kind.is_empty()
            && of_kind.iter().all(|f| {
                others.iter().any(|q| carries(f, q)) && !own.iter().any(|q| carries(f, q))
            });
        if all_others {
            findings.push(Finding::new(
                ids::MISSING_ACTION,
                default_disposition(ids::MISSING_ACTION),
                None,
                format!(
                    "The request asks for {} (\"{}\"), but every {} the plan creates carries another name the request gives.",
                    kind.name,
                    cap_str(&item.phrase, 60),
                    kind.name
                ),
            ));
        }
    }
}

/// "pubsub (staging): order-created + order-shipped + order-cancelled", "hostnames: status,
/// grafana, vault-ui": a list made of bare names asks for one thing per name. When the plan
/// makes a thing for each of at least two of them, all of one type and each under its listed
/// name, a listed name no change carries is a thing left out: the plan names its things after
/// the list, so the absence is evidence, not a guess.
fn listed_name_left_out(asked: &Asked, facts: &[Facts], findings: &mut Vec<Finding>) {
    // The plan is hostile and the text capped: bound the names and changes looked at.
    const MAX_LISTS: usize = 16;
    const MAX_CHANGES: usize = 512;
    let own_names = |f: &Facts| -> Vec<String> {
        let c = f.change;
        let mut names = written_names(c);
        // Its resource name, and the index key of one of many (`aws_sqs_queue.q["invoice-new"]`).
        let key = c.address.rsplit_once('[').map_or("", |(_, k)| {
            k.trim_matches(|ch: char| matches!(ch, ']' | '"'))
        });
        names.extend(
            [c.name.as_str(), key]
                .iter()
                .map(|n| n.to_ascii_lowercase().replace('_', "-")),
        );
        names
    };
    let changes: Vec<(&Facts, Vec<String>)> = facts
        .iter()
        .filter(|f| f.change.action.mutates())
        .take(MAX_CHANGES)
        .map(|f| (f, own_names(f)))
        .collect();
    // Lists are read between the marks that end a sentence or open a heading or an aside (a
    // dot inside a name, "payments.refunds", ends nothing).
    let text = asked.text.replace(". ", "; ");
    for stretch in text
        .trim_end_matches('.')
        .split([';', ':', '(', ')', '\n'])
        .take(MAX_LISTS * 4)
    {
        // The first piece may open with the words that lead into the list ("create buckets
        // raw-zone, ..."): its last word is the first name when it is written as one.
        let pieces: Vec<&str> = stretch
            .split([',', '+', '&', '/'])
            .flat_map(|m| m.split(" and "))
            .enumerate()
            .map(|(i, m)| match m.trim().rsplit_once(' ') {
                Some((_, last)) if i == 0 && last.contains(['-', '_']) => last,
                _ => m,
            })
            .collect();
        let members: Vec<&str> = pieces.iter().copied().filter_map(listed_name).collect();
        // Every piece of the stretch must be a bare name: a list, not a sentence.
        if members.len() < 3 || members.len() != pieces.len() {
            continue;
        }
        let carrier = |m: &str| {
            changes
                .iter()
                .find(|(_, names)| names.iter().any(|n| n == m))
                .map(|(f, _)| *f)
        };
        let carriers: Vec<Option<&Facts>> = members.iter().map(|m| carrier(m)).collect();
        let carried: Vec<&Facts> = carriers.iter().flatten().copied().collect();
        let one_type = carried.windows(2).all(|w| {
            w[0].change.resource_type == w[1].change.resource_type
                && w[0].change.action == w[1].change.action
        });
        if carried.len() < 2 || !one_type {
            continue;
        }
        let left_out = members
            .iter()
            .zip(&carriers)
            .filter(|(m, by)| by.is_none() && !asked.excluded_identifiers.iter().any(|x| x == *m));
        for (m, _) in left_out {
            let Some(f) = carried.first() else { continue };
            findings.push(Finding::new(
                ids::MISSING_ACTION,
                default_disposition(ids::MISSING_ACTION),
                None,
                format!(
                    "The request lists \"{}\" with {} others the plan makes as {}, but no change carries that name.",
                    cap_str(m, 60),
                    carried.len(),
                    f.change.resource_type
                ),
            ));
        }
    }
}

/// One piece of a list, when it is a bare name: one word of letters, digits and `-`, `_` or
/// `.`, at least three long, and not a word that joins or counts.
fn listed_name(piece: &str) -> Option<&str> {
    let name = piece
        .trim()
        .trim_start_matches("and ")
        .trim_matches(|c: char| matches!(c, '\'' | '"' | '`'));
    let bare = name.len() >= 3
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.chars().all(|c| c.is_ascii_digit());
    (bare && !matches!(name, "and" | "all" | "both" | "each" | "the")).then_some(name)
}

/// "A Kafka cluster ..., TLS only", "a Redis, smallest node is ok", "AKS with a private API
/// server": a word for a weak kind (TLS, node, machine, server, logs) said of a thing the request
/// asks for often names a part or setting of that thing, which its provider models as
/// attributes (`client_broker = "TLS"`, `node_type`, `api_server_access_profile`). It is there
/// when a created change that serves another item (asked for by kind or name, or supporting it)
/// carries the word in a key or as a value. A thing asked as a thing of its own ("a new node",
/// "two more servers", "a dedicated log bucket") must still be created.
fn set_on_a_thing_asked(
    asked: &Asked,
    idx: usize,
    facts: &[Facts],
    matches: &[Vec<Match>],
) -> bool {
    let Some(item) = asked.items.get(idx) else {
        return false;
    };
    let Some(kind) = item.kind.and_then(|k| KINDS.get(k)) else {
        return false;
    };
    // Only the kinds a provider models as members or settings of another thing: machines of a
    // cluster or database, transport encryption, logs. A weak key, zone, policy or rule is a
    // thing of its own ("zone_id" of a cache is where it runs, not a DNS zone).
    let part_like = matches!(
        kind.category,
        cat::COMPUTE | cat::CERTIFICATE | cat::LOGGING_AUDIT
    );
    if item.class != VerbClass::Create
        || !kind.weak
        || !part_like
        || item.count.is_some_and(|n| n > 1)
    {
        return false;
    }
    let own_thing = item.phrase.split(' ').any(|w| {
        matches!(
            w,
            "new" | "own" | "dedicated" | "separate" | "another" | "more" | "extra" | "additional"
        )
    });
    // The kind's words, any of them ("machine" is said of `node_type_id`, "TLS" of `use_ssl`),
    // when the phrase says one ("node" of "smallest node is ok").
    let words: Vec<String> = kind
        .phrases
        .iter()
        .filter(|p| !p.contains(' '))
        .map(|p| p.to_string())
        .collect();
    let says_one = item.phrase.split(' ').map(stem).any(|w| words.contains(&w));
    if own_thing || !says_one {
        return false;
    }
    fn carries(v: &Value, words: &[String], depth: usize, budget: &mut usize) -> bool {
        if depth > 8 || *budget == 0 {
            return false;
        }
        *budget -= 1;
        let said = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|p| words.contains(&stem(&p.to_ascii_lowercase())))
        };
        match v {
            Value::String(s) => s.len() <= 64 && said(s),
            Value::Array(l) => l.iter().any(|x| carries(x, words, depth + 1, budget)),
            Value::Object(m) => m.iter().any(|(k, x)| {
                // A false switch ("tls_enabled = false") turns the thing off.
                (said(k) && x.as_bool() != Some(false) && !x.is_null())
                    || carries(x, words, depth + 1, budget)
            }),
            _ => false,
        }
    }
    facts.iter().zip(matches).any(|(f, ms)| {
        f.change.action == Action::Create
            && ms.iter().any(|m| {
                m.item != idx
                    && matches!(
                        m.strength,
                        Strength::Direct | Strength::Named | Strength::Supporting
                    )
                    && asked
                        .items
                        .get(m.item)
                        .is_some_and(|owner| owner.primary && owner.kind != item.kind)
            })
            && (carries(f.change.current(), &words, 0, &mut 1024)
                // "a postgres, flexible server": the type of the thing asked says it.
                || f.change.resource_type.split('_').any(|w| words.iter().any(|x| x == w)))
    })
}

/// Whether a value names an encryption key of the customer's own: an attribute for one
/// (`kms_key_name`, `kms_key_id`, `key_vault_key_id`, `encryption_key`) holding a key's
/// identifier (a GCP crypto key, an AWS KMS ARN, an Azure Key Vault key).
fn points_at_a_key(v: &Value, depth: usize, budget: &mut usize) -> bool {
    if depth > 8 || *budget == 0 {
        return false;
    }
    *budget -= 1;
    let is_key_id = |s: &str| {
        s.contains("/cryptoKeys/")
            || s.starts_with("arn:aws:kms:")
            || s.contains(".vault.azure.net/keys/")
            || s.contains("/providers/Microsoft.KeyVault/")
    };
    match v {
        Value::Array(l) => l.iter().any(|x| points_at_a_key(x, depth + 1, budget)),
        Value::Object(m) => m.iter().any(|(k, x)| {
            let k = k.to_ascii_lowercase();
            let key_attribute = k.contains("kms")
                || k.contains("key_vault_key")
                || k.contains("encryption_key")
                || k.contains("cmk");
            (key_attribute && x.as_str().is_some_and(is_key_id))
                || points_at_a_key(x, depth + 1, budget)
        }),
        _ => false,
    }
}

/// Paging and chat services alerts are sent to by name.
const RECEIVERS: &[&str] = &["pagerduty", "opsgenie", "victorops", "slack", "discord"];

/// Words that send alerts somewhere ("route its incidents to", "notify:", "page us through").
const SENDING: &[&str] = &[
    "route",
    "routes",
    "routed",
    "routing",
    "notify",
    "notifies",
    "notified",
    "notification",
    "notifications",
    "page",
    "pages",
    "paging",
    "send",
    "sends",
    "forward",
    "escalate",
    "alert",
    "alerts",
    "alerting",
];

/// Where alerts are to go ("route its incidents to PagerDuty", "notify: Slack", "page us
/// through Opsgenie"): a plan none of whose changes mentions the service (in its type, address
/// or any value) and none of which sends alerts anywhere (an alarm action, a notification
/// channel, a workflow) leaves alerts with nowhere to go. That is the request's own words
/// against the plan's whole content, so it is strong evidence, not a guess.
fn receivers_left_out(asked: &Asked, facts: &[Facts], findings: &mut Vec<Finding>) {
    let words = &asked.words;
    let asked_receiver = words.iter().enumerate().find_map(|(i, w)| {
        if !RECEIVERS.contains(&w.as_str()) {
            return None;
        }
        let before = words.get(i.saturating_sub(8)..i).unwrap_or(&[]);
        let sent = before.iter().any(|x| SENDING.contains(&x.as_str()));
        // "PagerDuty is wired separately", "no Slack for now": not asked of this plan.
        let around = words
            .get(i.saturating_sub(8)..(i + 5).min(words.len()))
            .unwrap_or(&[]);
        let refused = around.iter().any(|x| {
            matches!(
                x.as_str(),
                "not"
                    | "no"
                    | "never"
                    | "without"
                    | "don"
                    | "dont"
                    | "separately"
                    | "already"
                    | "existing"
                    | "later"
            )
        });
        (sent && !refused).then_some(w.as_str())
    });
    let Some(receiver) = asked_receiver else {
        return;
    };
    let wired = facts.iter().any(|f| {
        let c = f.change;
        let t = c.resource_type.to_ascii_lowercase();
        t.contains(receiver)
            || SENDING_TYPE_WORDS.iter().any(|w| t.contains(w))
            || c.address.to_ascii_lowercase().contains(receiver)
            || sends_somewhere(c.current(), receiver, 0, &mut 1024)
    });
    if !wired {
        findings.push(Finding::new(
            ids::MISSING_ACTION,
            default_disposition(ids::MISSING_ACTION),
            None,
            format!(
                "The request asks that alerts go to {receiver}, but no change in the plan mentions {receiver} or sends alerts anywhere."
            ),
        ));
    }
}

/// Words of resource types that send alerts on: a notification channel, a workflow, an action
/// group, a subscription of a topic.
const SENDING_TYPE_WORDS: &[&str] = &[
    "notification",
    "workflow",
    "channel",
    "destination",
    "integration",
    "subscription",
    "action_group",
    "contact",
    "webhook",
    "escalation",
    "route",
];

/// Whether a value mentions `receiver` or sends alerts on: a key for actions, channels or
/// destinations ("alarm_actions", "notification_channels") holding something.
fn sends_somewhere(v: &Value, receiver: &str, depth: usize, budget: &mut usize) -> bool {
    if depth > 8 || *budget == 0 {
        return false;
    }
    *budget -= 1;
    // A switch ("notify_no_data = false") sends nothing anywhere; a target does.
    let holds_something = |x: &Value| match x {
        Value::String(s) => !s.is_empty(),
        Value::Array(l) => !l.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => false,
    };
    match v {
        Value::String(s) => s.to_ascii_lowercase().contains(receiver),
        Value::Array(l) => l
            .iter()
            .any(|x| sends_somewhere(x, receiver, depth + 1, budget)),
        Value::Object(m) => m.iter().any(|(k, x)| {
            let k = k.to_ascii_lowercase();
            ([
                "action",
                "notif",
                "channel",
                "destination",
                "receiver",
                "contact",
                "webhook",
            ]
            .iter()
            .any(|w| k.contains(w))
                && holds_something(x))
                || sends_somewhere(x, receiver, depth + 1, budget)
        }),
        _ => false,
    }
}

/// Two settings asked of one thing, and the update of that thing changes only one of them: the
/// other is a missing action ("disable public blob access, min TLS 1.2", and public access stays).
fn settings_left_as_they_were(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    findings: &mut Vec<Finding>,
) {
    let modifies = asked
        .items
        .iter()
        .any(|i| i.primary && i.class == VerbClass::Modify);
    // Only updates the request is matched with can leave an asked setting as it was.
    let matched_updates: Vec<&Facts> = facts
        .iter()
        .zip(matches)
        .filter(|(f, ms)| f.change.action == Action::Update && !ms.is_empty())
        .map(|(f, _)| f)
        .collect();
    if !modifies || matched_updates.is_empty() {
        return;
    }
    let all_words = settings::words_naming_settings(
        &asked.tokens,
        &asked.words,
        asked.items.iter().map(|i| i.verb.as_str()),
    );
    let mut words = all_words.clone();
    // Words that name kinds of things ("bucket", "storage", "account") or sorts of setting
    // ("type", "level") say which thing or what sort, not which setting.
    let kinds = super::meaning::kind_words();
    let units = settings::number_units(&asked.text);
    words.retain(|w| {
        !kinds.contains(w)
            && !units.contains(w)
            && !matches!(
                w.as_str(),
                "type"
                    | "class"
                    | "level"
                    | "kind"
                    | "size"
                    | "mode"
                    | "access"
                    | "policy"
                    | "rule"
                    | "setting"
                    | "label"
                    | "tag"
            )
    });
    for f in matched_updates {
        let left = settings::named_but_unchanged(f.change, &all_words, &words);
        if let Some(k) = left.first() {
            findings.push(Finding::new(
                ids::MISSING_ACTION,
                default_disposition(ids::MISSING_ACTION),
                None,
                format!(
                    "The request asks to change {k} of {}, but the plan leaves it as it was.",
                    f.change.address
                ),
            ));
            return;
        }
    }
}

/// How sure the analysis is that an item nothing matched is really missing.
#[derive(Debug, PartialEq, Eq)]
enum Evidence {
    /// It is done after all, by a change the matching did not connect with it.
    Done,
    /// It may be done under words the analysis does not connect with it: unclear, not a veto.
    Weak(&'static str),
    /// It is asked for outright and nothing does it: a missing action.
    Strong,
}

/// The words of each switch turned on in a change's values (an attribute set to `true`), nested
/// blocks included (three levels, at most 256 names), stemmed: `enable_private_nodes = true` →
/// {enable, private, node}. A switch is a setting; a reference (`kms_key_id`) is another thing.
fn attribute_words(v: &Value) -> Vec<BTreeSet<String>> {
    fn walk(v: &Value, depth: usize, out: &mut Vec<BTreeSet<String>>) {
        if depth > 3 || out.len() >= 256 {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter().take(256) {
                    if x == &Value::Bool(true) {
                        out.push(
                            k.split('_')
                                .filter(|p| !p.is_empty())
                                .map(|p| stem(&p.to_ascii_lowercase()))
                                .collect(),
                        );
                    }
                    walk(x, depth + 1, out);
                }
            }
            Value::Array(l) => {
                for x in l.iter().take(8) {
                    walk(x, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, 0, &mut out);
    out
}

/// The phrase starts with a word that points at something that already exists ("the X").
pub(super) fn is_definite(item: &Item) -> bool {
    item.phrase
        .split(' ')
        .find(|w| !w.is_empty())
        .is_some_and(|w| DEFINITE.contains(&w))
}

/// The phrase's head noun (its last word), stemmed, when it is long enough to mean something.
pub(super) fn head_noun(item: &Item) -> Option<String> {
    item.phrase
        .split(' ')
        .rfind(|w| !w.is_empty())
        .map(stem)
        .filter(|h| h.len() > 2)
}

/// Words that make a noun phrase point at something that already exists.
const DEFINITE: &[&str] = &["the", "this", "that", "these", "those", "existing"];

/// Judges an item that nothing matched, from the plan's own evidence:
/// - a change whose type names the item's head noun does it ("delete the instance": a database
///   instance is destroyed), when its action fits;
/// - a phrase with a definite article points at a thing that exists ("give the renderer service
///   1Gi", "put the storage account behind an endpoint"): an update of a thing of its category
///   does it, and otherwise it is unclear, since the verb may have been read as "create";
/// - words of the phrase that name a changed thing which nothing else in the request explains
///   mean the thing may be there under another kind: unclear;
/// - otherwise (and always for a thing the requested one comes with, "encrypted with its own
///   key") the request asked for it outright and it is missing.
fn missing_evidence(
    item: &Item,
    idx: usize,
    facts: &[Facts],
    matches: &[Vec<Match>],
    identifiers: &[String],
) -> Evidence {
    let words: Vec<&str> = item.phrase.split(' ').filter(|w| !w.is_empty()).collect();
    let fits = |a: Action| a.mutates() && (item.class != VerbClass::Delete || a.destroys());
    if let Some(h) = &head_noun(item) {
        if !vocab::GENERIC_HEADS.contains(&h.as_str())
            && facts.iter().any(|f| {
                fits(f.change.action)
                    && f.product_conflict.is_none()
                    && type_words(&f.change.resource_type).contains(h)
            })
        {
            return Evidence::Done;
        }
    }
    // "create a folder `Payments`": the name comes after the word for the thing. A new thing
    // whose type ends in that word (`grafana_folder`; a provider's name, "grafana", is not the
    // thing) and whose own name is the one given does it.
    let kind_words = || -> Vec<String> {
        words
            .iter()
            .map(|w| stem(w))
            .filter(|w| w.len() > 2 && !vocab::GENERIC_HEADS.contains(&w.as_str()))
            .filter(|w| !super::phrases::kinds_of_word(w).is_empty())
            .collect()
    };
    if item.class == VerbClass::Create
        && !item.qualifiers.is_empty()
        && facts.iter().any(|f| {
            f.change.action == Action::Create
                && f.product_conflict.is_none()
                && names_overlap(f, &item.qualifiers)
                && type_words(&f.change.resource_type)
                    .last()
                    .is_some_and(|t| kind_words().contains(t))
        })
    {
        return Evidence::Done;
    }
    // "Attach a small Postgres database": a change that shows itself to be the product the
    // phrase names (a marketplace add-on whose plan is `heroku-postgresql:essential-0`) does it.
    let products =
        super::products::named_in(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    // Only a change of what the item is (its category, or a type the catalog does not know)
    // that nothing else in the request explains, done as the verb says.
    let explained_elsewhere = |ms: &Vec<Match>| {
        ms.iter()
            .any(|m| m.item != idx && matches!(m.strength, Strength::Direct | Strength::EnvWide))
    };
    if !products.is_empty()
        && facts.iter().zip(matches).any(|(f, ms)| {
            fits(f.change.action)
                && super::direct_action_ok(item, f.change.action)
                && (f.category == cat::OTHER || Some(f.category) == item.kind_category())
                && !explained_elsewhere(ms)
                && super::products::evidence(f.change)
                    .iter()
                    .any(|p| products.contains(p))
        })
    {
        return Evidence::Done;
    }
    if item.comes_with {
        return Evidence::Strong;
    }
    // "A GKE cluster with private nodes": the phrase names a switch the plan turns on in a thing
    // it creates or changes (`private_cluster_config.enable_private_nodes = true`). Not for a
    // thing the requested one comes with ("its own KMS key").
    let distinctive: Vec<String> = words
        .iter()
        .filter(|w| w.len() > 2 && !DEFINITE.contains(w) && !matches!(**w, "a" | "an" | "new"))
        .map(|w| stem(w))
        .collect();
    if !distinctive.is_empty()
        && facts.iter().any(|f| {
            fits(f.change.action)
                && attribute_words(&f.change.after)
                    .iter()
                    .any(|key| distinctive.iter().all(|w| key.contains(w)))
        })
    {
        return Evidence::Done;
    }
    if is_definite(item) && item.class != VerbClass::Delete {
        let same_category_updated = facts
            .iter()
            .any(|f| f.change.action == Action::Update && Some(f.category) == item.kind_category());
        if same_category_updated {
            return Evidence::Done;
        }
        return Evidence::Weak("the phrase names something that already exists");
    }
    let named_in_plan = item.qualifiers.iter().any(|q| {
        q.len() > 2
            && facts.iter().zip(matches).any(|(f, ms)| {
                f.change.action.mutates()
                    && !f.generic_name
                    && !explained_elsewhere(ms)
                    && f.names.contains(q)
            })
    });
    if named_in_plan {
        return Evidence::Weak("a changed resource carries a name from the phrase");
    }
    // A thing is named by a noun phrase. Words read into an item that make a sentence of it
    // ("only our pub sub subscription should", "the key lives"), or a long phrase that names no
    // kind of thing, show the words were not understood: a person decides.
    let sentence_words = words.iter().any(|w| SENTENCE_VERBS.contains(w));
    // "The old bucket should be deleted", "a bucket is needed" still ask for a thing: the
    // doubt is for a state or an ability the words give a thing ("should be able to call it").
    let about_a_state = matches!(
        item.class,
        VerbClass::Modify | VerbClass::Allow | VerbClass::Block
    );
    if (sentence_words && about_a_state) || (words.len() > 6 && item.kind.is_none()) {
        return Evidence::Weak("the words asking for it could not be read as one thing");
    }
    // "moving off the old VMs", "away from Docker Hub": what the request moves from is where
    // things are today, not a thing it asks for.
    if words
        .first()
        .is_some_and(|w| matches!(*w, "off" | "away" | "out" | "from"))
    {
        return Evidence::Weak("the phrase says what the request moves away from");
    }
    if !headed_by_its_kind(item, &words, identifiers) {
        return Evidence::Weak("its word for a kind of thing does not head the phrase");
    }
    Evidence::Strong
}

/// Verbs that make a sentence of the words read into an item ("the key lives", "a bucket is
/// needed"): a noun phrase ends where one starts.
const SENTENCE_VERBS: &[&str] = &[
    "should", "must", "would", "could", "can", "will", "has", "have", "had", "is", "are", "was",
    "were", "needs", "lives", "wants", "does", "did",
];

/// A thing is named by a noun phrase whose head (its last word) says what it is: "a redis
/// cluster", "two GPU node pools". A word for a kind that only modifies another head
/// ("credential stuffing again", "security review finding", "the job moved", "zone redundant
/// HA", a value such as "db-custom-2") names no thing that can be missing. A phrase that holds
/// a name the request gives ("vm-batch-03", "a repository called billing-worker") is headed by
/// that name.
fn headed_by_its_kind(item: &Item, words: &[&str], identifiers: &[String]) -> bool {
    let Some(kind) = item.kind.and_then(|k| KINDS.get(k)) else {
        return true;
    };
    if words.iter().any(|w| matches!(*w, "called" | "named")) {
        return true;
    }
    let has_name = identifiers.iter().any(|id| {
        let parts: Vec<&str> = id.split('-').filter(|p| !p.is_empty()).collect();
        parts.len() >= 2 && parts.iter().all(|p| words.contains(p))
    });
    if has_name {
        return true;
    }
    // "A bucket is needed", "the old bucket should be deleted": the noun phrase ends where the
    // verb of the sentence starts.
    let noun_phrase = words
        .iter()
        .position(|w| SENTENCE_VERBS.contains(w) || matches!(*w, "be" | "need"))
        .map_or(words, |end| &words[..end]);
    // Words that may follow the head: fillers, a provider in brackets ("key vault (Azure)"),
    // and adjectives put after it ("ingress, internal").
    let head = noun_phrase.iter().rev().find(|w| {
        !matches!(
            **w,
            "please"
                | "pls"
                | "plz"
                | "thanks"
                | "thx"
                | "asap"
                | "too"
                | "also"
                | "now"
                | "today"
                | "aws"
                | "azure"
                | "gcp"
                | "google"
                | "internal"
                | "private"
                | "public"
                | "external"
                | "only"
        )
    });
    let Some(head) = head else {
        return true;
    };
    let head = stem(head);
    // A word for a kind of thing heads it ("a GKE autopilot cluster": "cluster"): it names a
    // thing, whichever kind the analysis read into it.
    super::meaning::kind_words().contains(&head)
        || kind
            .phrases
            .iter()
            .flat_map(|p| p.split(' '))
            .any(|w| stem(w) == head)
        || super::tokens::instance_type_kind(&head).is_some()
}
/// A kind named by type list is also satisfied by any change of its category with a fitting
/// action (the database asked for may be an `azurerm_postgresql_flexible_server_database`).
fn category_level_satisfied(item: &Item, facts: &[Facts]) -> bool {
    let Some(kc) = item.kind_category() else {
        return false;
    };
    if kc == kinds::EVERYTHING {
        return false;
    }
    // Hosts are often added through their Auto Scaling group ("add 2 more web servers").
    let via_group =
        |c: &str| kc == cat::COMPUTE && c == cat::AUTOSCALING && item.class != VerbClass::Delete;
    // A type another kind lists is that other thing (an SNS topic is not the SQS queue asked for);
    // so is a type whose own last word names another kind (`grafana_folder` is no dashboard).
    let named_for_another_kind = |t: &str| {
        type_words(t).last().is_some_and(|w| {
            let kinds = super::phrases::kinds_of_word(w);
            !kinds.is_empty() && item.kind.is_some_and(|k| !kinds.contains(&k))
        })
    };
    let other_kinds_type = |t: &str| {
        (!catalog::kinds_of(t).is_empty() || named_for_another_kind(t)) && !type_of_kind(item, t)
    };
    facts.iter().any(|f| {
        let a = f.change.action;
        f.product_conflict.is_none()
            && !other_kinds_type(&f.change.resource_type)
            && (f.category == kc || via_group(f.category))
            && a.mutates()
            && (direct_action_ok(item, a) || (via_group(f.category) && a == Action::Update))
            && (item.class != VerbClass::Delete || a.destroys())
    })
}
