//! Count and scale checks: one more instance than the count asked for, and a scaling change
//! that misses the number or size the request gives.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::request::{Asked, Item};
use super::tokens::stem;
use super::vocab::VerbClass;
use super::{cap_str, names_overlap, own_name_value, quantity, type_words, vocab, Facts, Match};
use crate::engine::catalog::kinds::KINDS;
use crate::engine::catalog::{self, categories as cat};
use crate::engine::change::Action;
use crate::engine::findings::{default_disposition, ids, Finding};

/// A companion of the counted thing (its DLQ, its log bucket, its replica), unless the request
/// names that role for what it counts, in any spelling ("a DLQ topic" counts
/// `refunds-dead-letter`; "a pair of subscriptions for the audit consumers").
fn is_auxiliary(counted_roles: &[&str], f: &Facts) -> bool {
    f.names
        .iter()
        .any(|n| vocab::auxiliary_role(n).is_some_and(|role| !counted_roles.contains(&role)))
}

/// "pubsub: claims-received, claims-scored, claims-dead-letter": a new thing whose own name the
/// request writes out is asked by that name, whatever a count beside it says, unless the counted
/// phrase's own words name it. So is one the request writes out after its kind in a phrase of
/// its own that is not counted ("fail over to a dead-letter topic `orders-dlq`").
fn written_out_by_its_own_name(
    asked: &Asked,
    f: &Facts,
    kind: usize,
    counted_words: &[String],
    counted_phrases: &[String],
) -> bool {
    let Some(own) = own_name_value(f.change).filter(|own| {
        asked
            .identifiers
            .iter()
            .any(|id| id.eq_ignore_ascii_case(own))
    }) else {
        return false;
    };
    let spaced = |id: &str| id.replace(['-', '_', '.'], " ");
    // The names a phrase writes out, less those that are the start of a longer one there
    // ("orders" inside "orders dlq").
    let names_in = |phrase: &str| -> Vec<String> {
        let held: Vec<String> = asked
            .identifiers
            .iter()
            .map(|id| spaced(id))
            .filter(|id| phrase.contains(id.as_str()))
            .collect();
        held.iter()
            .filter(|id| {
                !held
                    .iter()
                    .any(|o| o.len() > id.len() && o.starts_with(id.as_str()))
            })
            .cloned()
            .collect()
    };
    let own_spaced = spaced(&own);
    let in_a_phrase_of_its_own = asked.items.iter().any(|i| {
        i.kind == Some(kind)
            && !counted_phrases.contains(&i.phrase)
            && names_in(&i.phrase).contains(&own_spaced)
    });
    in_a_phrase_of_its_own || !names_overlap(f, counted_words)
}

pub(super) fn count_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) {
    // Sum the counts asked per (kind, create/delete): "a bucket for X and a bucket for Y" is two.
    let mut wanted: BTreeMap<(usize, bool), (u32, String, String)> = BTreeMap::new();
    let mut named: BTreeMap<(usize, bool), Vec<String>> = BTreeMap::new();
    let mut phrases: BTreeMap<(usize, bool), Vec<String>> = BTreeMap::new();
    // "a namespace with two queues": what a thing is asked with is counted like the thing,
    // unless it is of the thing's own kind ("a Postgres server with a claims database" is one
    // server holding its database, not two databases).
    let primary_kinds: BTreeSet<usize> = asked.primary().filter_map(|i| i.kind).collect();
    let is_counted = |i: &Item| {
        i.primary || (i.comes_with && i.kind.is_some_and(|k| !primary_kinds.contains(&k)))
    };
    // "an RDS instance … and a database called ledger in it", "Cloud SQL: instance X, database
    // Y": beside a database server asked, a database is what the server holds (or the server
    // said again), not a second server.
    let says = |it: &Item, words: &[&str]| it.phrase.split(' ').any(|w| words.contains(&w));
    let holders = ["instance", "server", "cluster"];
    let held = ["database", "databases", "db"];
    let server_asked = |k: usize| {
        asked
            .items
            .iter()
            .any(|i| is_counted(i) && i.kind == Some(k) && says(i, &holders))
    };
    // The roles the request names: in any spelling, anywhere but in a companion of the
    // counted thing's own kind ("a queue with a dead-letter queue behind it" counts one queue).
    let roles_in = |companions: bool| -> BTreeSet<&'static str> {
        asked
            .items
            .iter()
            .filter(|i| (i.comes_with && !is_counted(i)) == companions)
            .flat_map(|i| i.phrase.split(' '))
            .filter_map(|w| vocab::auxiliary_role(&stem(w)))
            .collect()
    };
    let (of_companions, of_the_rest) = (roles_in(true), roles_in(false));
    let counted_roles: Vec<&str> = asked
        .tokens
        .iter()
        .filter_map(|w| vocab::auxiliary_role(w))
        .filter(|r| !of_companions.contains(r) || of_the_rest.contains(r))
        .collect();
    for item in asked.items.iter().filter(|i| is_counted(i)) {
        let (Some(k), Some(n)) = (item.kind, item.count) else {
            continue;
        };
        let held_by_a_server = item.kind_category() == Some(cat::DATABASE)
            && says(item, &held)
            && !says(item, &holders)
            && server_asked(k);
        if held_by_a_server {
            continue;
        }
        let deleting = match item.class {
            VerbClass::Create => false,
            VerbClass::Delete => true,
            _ => continue,
        };
        if !KINDS.get(k).is_some_and(catalog::kind_has_types) {
            continue;
        }
        let e = wanted
            .entry((k, deleting))
            .or_insert((0, item.verb.clone(), item.phrase.clone()));
        e.0 = e.0.saturating_add(n);
        named
            .entry((k, deleting))
            .or_default()
            .extend(item.qualifiers.iter().cloned());
        phrases
            .entry((k, deleting))
            .or_default()
            .push(item.phrase.clone());
    }
    // A type two counted kinds share goes to the one its own head noun names: with "one
    // namespace and two event hubs", the event hub namespace is the namespace, not a third hub.
    let counted_kinds: Vec<usize> = wanted.keys().map(|(k, _)| *k).collect();
    let head = |name: &'static str| name.rsplit(' ').next();
    let claimed_elsewhere = |k: usize, t: &str| {
        let own_head = KINDS.get(k).and_then(|kind| head(kind.name));
        counted_kinds.iter().any(|k2| {
            KINDS.get(*k2).is_some_and(|other| {
                catalog::is_kind(t, other)
                    && head(other.name) == t.rsplit('_').next()
                    && own_head != head(other.name)
            })
        })
    };
    for ((k, deleting), (n, verb, phrase)) in wanted {
        let Some(kind) = KINDS.get(k) else { continue };
        let words = named.get(&(k, deleting)).cloned().unwrap_or_default();
        let counted_phrases = phrases.get(&(k, deleting)).cloned().unwrap_or_default();
        let mut planned: Vec<usize> = facts
            .iter()
            .enumerate()
            .filter(|(idx, f)| {
                catalog::is_kind(&f.change.resource_type, kind)
                    && !claimed_elsewhere(k, &f.change.resource_type)
                    && if deleting {
                        f.change.action.destroys()
                    } else {
                        f.change.action == Action::Create
                    }
                    && !is_auxiliary(&counted_roles, f)
                    && out_reason.get(*idx).is_some_and(Option::is_none)
                    && matches.get(*idx).is_some_and(|m| !m.is_empty())
                    && !written_out_by_its_own_name(asked, f, k, &words, &counted_phrases)
            })
            .map(|(idx, _)| idx)
            .collect();
        // The ones that carry the names the request uses are the ones asked for; the others are
        // the extra ones (stable otherwise: plan order).
        planned.sort_by_key(|idx| {
            !facts
                .get(*idx)
                .is_some_and(|f| !words.is_empty() && names_overlap(f, &words))
        });
        let have = planned.len();
        let doing = if deleting { "deletes" } else { "creates" };
        let n_usize = n as usize;
        if have > n_usize {
            for idx in planned.iter().skip(n_usize) {
                if let Some(slot) = out_reason.get_mut(*idx) {
                    *slot = Some(format!(
                        "more than asked: the request asks to {verb} {n} {} (\"{}\"), the plan {doing} {have}",
                        kind.name,
                        cap_str(&phrase, 60)
                    ));
                }
            }
        } else if have < n_usize && have > 0 {
            findings.push(Finding::new(
                ids::MISSING_ACTION,
                default_disposition(ids::MISSING_ACTION),
                None,
                format!(
                    "The request asks to {verb} {n} {} (\"{}\"), but the plan {doing} only {have}.",
                    kind.name,
                    cap_str(&phrase, 60)
                ),
            ));
        }
    }
}

/// Counts of things no kind table knows ("a PagerDuty service"), by the words of their type: more
/// creates of one such type than the request asks for are out of scope.
pub(super) fn count_by_type_words(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
) {
    for item in asked.primary() {
        let (Some(n), VerbClass::Create) = (item.count, item.class) else {
            continue;
        };
        if item
            .kind
            .and_then(|k| KINDS.get(k))
            .is_some_and(catalog::kind_has_types)
        {
            continue;
        }
        let words: BTreeSet<String> = item.phrase.split(' ').map(stem).collect();
        // "a single extra replica": the phrase's noun may be the things' own name rather than
        // their type's (`catalog_replica[0]`, `catalog_replica[1]`).
        let own_noun = super::missing::head_noun(item)
            .filter(|h| h.len() > 3 && !vocab::GENERIC_HEADS.contains(&h.as_str()));
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (idx, f) in facts.iter().enumerate() {
            let t = f.change.resource_type.as_str();
            let tw = type_words(t);
            // The type's own noun (its last word) must be what the phrase says. An API switched
            // on (`google_project_service`) is never one of the things counted.
            let noun_said = tw.last().is_some_and(|w| words.contains(w))
                || own_noun.as_ref().is_some_and(|h| {
                    // The name's last word is what the thing is; earlier words say whose it
                    // is (`render_sqs` is not a render, `shared_cache_b` not a cache).
                    f.change
                        .name
                        .rsplit(['_', '-'])
                        .next()
                        .is_some_and(|last| stem(&last.to_ascii_lowercase()) == *h)
                });
            if f.change.action == Action::Create
                && !catalog::is_api_switch(t)
                && noun_said
                && out_reason.get(idx).is_some_and(Option::is_none)
                && matches.get(idx).is_some_and(|m| !m.is_empty())
            {
                groups.entry(t).or_default().push(idx);
            }
        }
        let n = n as usize;
        for (t, mut idxs) in groups {
            if idxs.len() <= n {
                continue;
            }
            let have = idxs.len();
            let tokens: Vec<String> = asked.tokens.iter().cloned().collect();
            idxs.sort_by_key(|i| !facts.get(*i).is_some_and(|f| names_overlap(f, &tokens)));
            for idx in idxs.iter().skip(n) {
                if let Some(slot) = out_reason.get_mut(*idx) {
                    *slot = Some(format!(
                        "more than asked: the request asks for {n} (\"{}\"), the plan creates {have} {t}",
                        cap_str(&item.phrase, 60)
                    ));
                }
            }
        }
    }
}

/// Integer leaves that change between `before` and `after` (path, before, after), bounded.
/// Nested blocks count two levels each (the list and its object): `template[0].scaling[0].
/// max_instance_count` is five deep.
pub(super) fn changed_numbers(
    before: &Value,
    after: &Value,
    path: &str,
    depth: usize,
    out: &mut Vec<(String, i64, i64)>,
) {
    if depth > 8 || out.len() > 64 {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, av) in a.iter().take(256) {
                if let Some(bv) = b.get(k) {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    changed_numbers(bv, av, &p, depth + 1, out);
                }
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            for (i, (bv, av)) in b.iter().zip(a.iter()).take(16).enumerate() {
                changed_numbers(bv, av, &format!("{path}[{i}]"), depth + 1, out);
            }
        }
        _ => {
            // Kubernetes writes counts as strings ("replicas": "4").
            let int = |v: &Value| {
                v.as_i64().or_else(|| {
                    v.as_str()
                        .filter(|s| {
                            !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit())
                        })
                        .and_then(|s| s.parse().ok())
                })
            };
            if let (Some(b), Some(a)) = (int(before), int(after)) {
                if a != b {
                    out.push((path.to_string(), b, a));
                }
            }
        }
    }
}

/// Seconds in the unit of time the request writes right after the number `n` ("to three
/// minutes", "180s", "2 hours"), when it writes one.
fn seconds_per_unit_after(text: &str, n: i64) -> Option<i64> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(512)
        .collect();
    let unit = |w: &str| -> Option<i64> {
        Some(match w {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            _ => return None,
        })
    };
    let is_n = |w: &str| {
        w.parse::<i64>().ok() == Some(n) || vocab::count_word(w).is_some_and(|c| i64::from(c) == n)
    };
    words
        .windows(2)
        .find_map(|p| if is_n(p[0]) { unit(p[1]) } else { None })
        // "180s" written as one word.
        .or_else(|| {
            words.iter().find_map(|w| {
                let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty() && digits.parse::<i64>().ok() == Some(n))
                    .then(|| unit(&w[digits.len()..]))
                    .flatten()
            })
        })
}

/// Seconds in the unit a duration setting is kept in, by its name: `_ms`, `_minutes`, `_hours`,
/// `_days` say theirs; timeouts, intervals and TTLs without one are in seconds. `None` for a
/// setting that is no duration.
fn seconds_per_setting_unit(path: &str) -> Option<i64> {
    let leaf = path.rsplit('.').next().unwrap_or(path).to_ascii_lowercase();
    let parts: Vec<&str> = leaf.split('_').collect();
    let has = |w: &str| parts.contains(&w);
    if has("ms") || has("millis") || has("milliseconds") {
        return None;
    }
    if has("minutes") || has("mins") {
        return Some(60);
    }
    if has("hours") {
        return Some(3600);
    }
    if has("days") {
        return Some(86_400);
    }
    let duration = [
        "timeout", "seconds", "secs", "interval", "ttl", "period", "delay", "duration",
    ]
    .iter()
    .any(|w| has(w));
    duration.then_some(1)
}

/// The value a scale request asks for, given the value before: "to 10", "by 2", "double".
#[derive(Debug, Clone, Copy)]
pub(super) enum ScaleTarget {
    To(i64),
    By(i64),
    Times(u64, u64),
}

impl ScaleTarget {
    pub(super) fn of(item: &Item) -> Option<ScaleTarget> {
        if let Some(t) = item.scale_to.and_then(|t| i64::try_from(t).ok()) {
            return Some(ScaleTarget::To(t));
        }
        if let Some(by) = item.scale_by.and_then(|t| i64::try_from(t).ok()) {
            let down = matches!(
                item.verb.as_str(),
                "decrease" | "reduce" | "lower" | "shrink" | "scale down" | "scale in"
            );
            return Some(ScaleTarget::By(if down { -by } else { by }));
        }
        item.scale_factor.map(|(n, d)| ScaleTarget::Times(n, d))
    }

    fn wanted(self, before: i64) -> i64 {
        match self {
            ScaleTarget::To(t) => t,
            ScaleTarget::By(d) => before.saturating_add(d),
            ScaleTarget::Times(n, d) => {
                let n = i64::try_from(n).unwrap_or(1);
                let d = i64::try_from(d.max(1)).unwrap_or(1);
                before.saturating_mul(n) / d
            }
        }
    }

    fn describe(self) -> String {
        match self {
            ScaleTarget::To(t) => format!("{t}"),
            ScaleTarget::By(d) if d < 0 => format!("{} less", -d),
            ScaleTarget::By(d) => format!("{d} more"),
            ScaleTarget::Times(2, 1) => "double".to_string(),
            ScaleTarget::Times(3, 1) => "triple".to_string(),
            ScaleTarget::Times(1, 2) => "half".to_string(),
            ScaleTarget::Times(n, d) => format!("{n}/{d} of the old value"),
        }
    }
}

pub(super) fn scale_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) {
    // "checkout-api (staging) -> five tasks": a request with no verb of its own asks for
    // nothing as its object, yet the number it gives is still the target.
    let verbless = !asked.items.iter().any(|i| i.primary);
    for (idx, item) in asked.items.iter().enumerate() {
        let sized_change = item.class == VerbClass::Modify && item.scale_to.is_some();
        let judged_item = item.primary || (verbless && sized_change);
        if !judged_item || (item.class != VerbClass::Scale && !sized_change) {
            continue;
        }
        let Some(target) = ScaleTarget::of(item) else {
            continue;
        };
        let from = item.scale_from.and_then(|t| i64::try_from(t).ok());
        // A bare "to N" only judges the counts that started at the named "from", when one is
        // named; relative targets ("by 2", "double") judge every changed count.
        // With no "from", a count that crossed the target on its way is judged too (4 → 20
        // for "to a dozen").
        let judged = |b: i64, a: i64| match target {
            ScaleTarget::To(t) => from == Some(b) || (from.is_none() && (b < t) == (t < a)),
            _ => true,
        };
        // "raise the idle timeout to three minutes": a target in a unit of time is a duration,
        // compared with a setting in the unit its name gives (seconds unless it says otherwise).
        let duration = match target {
            ScaleTarget::To(t) => seconds_per_unit_after(&asked.text, t),
            _ => None,
        };
        let mut reached = false;
        let mut seen_any = false;
        let mut overshoot: Vec<(usize, String, i64, i64, i64)> = Vec::new();
        let mut undershoot: Vec<(usize, String, i64, i64)> = Vec::new();
        for (ci, (f, ms)) in facts.iter().zip(matches).enumerate() {
            if !ms.iter().any(|m| m.item == idx) || f.change.action != Action::Update {
                continue;
            }
            let mut nums = Vec::new();
            changed_numbers(&f.change.before, &f.change.after, "", 0, &mut nums);
            for (path, b, a) in nums {
                seen_any = true;
                let want = match (target, duration, seconds_per_setting_unit(&path)) {
                    (ScaleTarget::To(t), Some(unit), Some(own)) if own > 0 => {
                        t.saturating_mul(unit) / own
                    }
                    _ => target.wanted(b),
                };
                if a == want {
                    reached = true;
                } else if judged(b, a) {
                    // Past the target in the direction of the change is more than asked.
                    let past = (want >= b && a > want) || (want < b && a < want);
                    if past {
                        overshoot.push((ci, path, b, a, want));
                    } else {
                        undershoot.push((ci, path, b, a));
                    }
                }
            }
        }
        // The matched changes show no number at all (the words for the thing were not
        // recognised): a changed number in any update that goes exactly where the request says
        // ("replicas 5 -> 2") is the resize asked for.
        if !seen_any {
            reached = facts.iter().any(|f| {
                f.change.action == Action::Update && {
                    let mut nums = Vec::new();
                    changed_numbers(&f.change.before, &f.change.after, "", 0, &mut nums);
                    nums.iter().any(|(_, b, a)| {
                        from.map_or(true, |fr| fr == *b) && *a == target.wanted(*b) && a != b
                    })
                }
            });
        }
        // "Add four instances to the cluster" is also done by four new members created beside
        // it, when no size attribute was changed instead.
        if let ScaleTarget::By(d) = target {
            let created: Vec<&Facts> = facts
                .iter()
                .zip(matches)
                .filter(|(f, ms)| {
                    f.change.action == Action::Create && ms.iter().any(|m| m.item == idx)
                })
                .map(|(f, _)| f)
                .collect();
            if !seen_any && d > 0 && i64::try_from(created.len()).is_ok_and(|n| n == d) {
                reached = true;
            }
            // "Add a pair of nodes to gke-ml-dev as a new pool": the members of a group created
            // for them (a node pool of two) are the nodes added.
            let members: i64 = created
                .iter()
                .filter_map(|f| {
                    quantity::planned_sizes(f.change, "node")
                        .first()
                        .map(|(_, n)| *n)
                })
                .sum();
            if !seen_any && d > 0 && members == d {
                reached = true;
            }
        }
        let what = cap_str(&item.phrase, 60);
        for (ci, path, b, a, want) in &overshoot {
            if let Some(slot) = out_reason.get_mut(*ci) {
                *slot = Some(format!(
                    "more than asked: it sets {path} from {b} to {a}, and the request asks for {want}"
                ));
            }
        }
        if !reached && overshoot.is_empty() {
            let detail = match undershoot.first() {
                Some((ci, path, b, a)) => format!(
                    "{} sets {path} from {b} to {a}",
                    facts
                        .get(*ci)
                        .map(|f| f.change.address.as_str())
                        .unwrap_or("")
                ),
                None if seen_any => "no changed count reaches it".to_string(),
                None => "no count changes at all".to_string(),
            };
            findings.push(Finding::new(
                ids::MISSING_ACTION,
                default_disposition(ids::MISSING_ACTION),
                None,
                format!(
                    "The request asks to {} \"{what}\" to {}, but the plan does not: {detail}.",
                    item.verb,
                    target.describe()
                ),
            ));
        }
    }
}
