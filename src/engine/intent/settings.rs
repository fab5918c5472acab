/*!
Attribute-level judgement of updates: which settings an in-place update changes, and whether the
request mentions them. A request to change one setting ("raise the retention to 30 days") does not
cover other settings changed in the same update (its public access, its encryption).

A changed attribute is *mentioned* when one of its name's words is a word of the request, or a word
the request uses for that setting ("bigger" for an instance type, "encrypt" for a KMS key id).
*/
use std::collections::BTreeSet;

use serde_json::Value;

use super::tokens::stem;
use crate::engine::change::Change;

/// Attributes that change as a consequence of others or carry no setting of their own.
const DERIVED: &[&str] = &[
    "tags_all",
    "labels_all",
    "effective_labels",
    "terraform_labels",
    "timeouts",
    "id",
    "arn",
    "etag",
    "last_modified",
    "last_updated",
    "version_id",
    "self_link",
    "fingerprint",
    "label_fingerprint",
    "status",
    "updated_at",
    "latest_version",
    "revision",
    // A CDN service's version counters (Fastly): every change of its settings clones and
    // activates a new version.
    "active_version",
    "cloned_version",
    // The server's change counters (Nomad's and Consul's raft indexes, a Kubernetes object's
    // resource version): they move with every write, whatever was written.
    "modify_index",
    "create_index",
    "job_modify_index",
    "resource_version",
];

/// Request words (stemmed) → words of the attribute names they speak about.
const SETTING_WORDS: &[(&str, &[&str])] = &[
    (
        "size",
        &[
            "type", "class", "size", "sku", "tier", "machine", "storage", "capacity",
        ],
    ),
    (
        "bigger",
        &["type", "class", "size", "sku", "tier", "machine", "storage"],
    ),
    (
        "larger",
        &["type", "class", "size", "sku", "tier", "machine", "storage"],
    ),
    (
        "smaller",
        &["type", "class", "size", "sku", "tier", "machine", "storage"],
    ),
    (
        "resize",
        &[
            "type", "class", "size", "sku", "tier", "machine", "storage", "count", "capacity",
        ],
    ),
    (
        "upgrade",
        &[
            "type", "class", "size", "sku", "tier", "version", "machine", "runtime",
        ],
    ),
    (
        "downgrade",
        &["type", "class", "size", "sku", "tier", "version", "machine"],
    ),
    ("version", &["version", "runtime", "engine"]),
    ("runtime", &["runtime", "version"]),
    ("memory", &["memory", "type", "class", "size", "sku"]),
    ("cpu", &["cpu", "type", "class", "size", "sku"]),
    ("disk", &["storage", "disk", "volume", "size"]),
    (
        "storage",
        &["storage", "disk", "allocated", "size", "volume"],
    ),
    (
        "encrypt",
        &[
            "encrypt",
            "encrypted",
            "encryption",
            "kms",
            "sse",
            "cmk",
            "key",
        ],
    ),
    (
        "encryption",
        &[
            "encrypt",
            "encrypted",
            "encryption",
            "kms",
            "sse",
            "cmk",
            "key",
        ],
    ),
    ("kms", &["kms", "key", "encryption", "encrypted"]),
    ("log", &["log", "logging", "logs"]),
    ("logging", &["log", "logging", "logs"]),
    ("backup", &["backup", "snapshot", "retention"]),
    ("retention", &["retention", "expiration", "days", "period"]),
    ("tag", &["tags", "labels"]),
    ("label", &["labels", "tags"]),
    ("protection", &["protection", "protected"]),
    ("port", &["port", "from", "to", "ports", "range"]),
    (
        "cidr",
        &[
            "cidr", "prefix", "source", "range", "address", "blocks", "ranges",
        ],
    ),
    (
        "ip",
        &["cidr", "prefix", "source", "range", "address", "ip"],
    ),
    ("source", &["cidr", "prefix", "source", "range", "address"]),
    ("public", &["public", "publicly", "acl", "access"]),
    (
        "private",
        &["public", "publicly", "private", "acl", "access"],
    ),
    ("timeout", &["timeout"]),
    (
        "capacity",
        &["capacity", "size", "count", "min", "max", "desired"],
    ),
    ("node", &["node", "count", "size", "desired", "min", "max"]),
    ("replica", &["replica", "replicas", "count"]),
    ("redundancy", &["replication", "redundancy", "redundant"]),
    ("redundant", &["replication", "redundancy", "redundant"]),
    ("pod", &["replica", "replicas", "count"]),
    (
        "instance",
        &[
            "instance", "count", "capacity", "desired", "min", "max", "type", "class",
        ],
    ),
    (
        "scale",
        &[
            "count", "size", "capacity", "desired", "min", "max", "replicas",
        ],
    ),
    ("versioning", &["versioning"]),
    (
        "lifecycle",
        &["lifecycle", "rule", "expiration", "transition"],
    ),
    ("ttl", &["ttl"]),
    ("record", &["records", "record", "value", "ttl"]),
    ("image", &["image", "ami"]),
    ("ami", &["ami", "image"]),
    ("schedule", &["schedule", "window", "cron"]),
    ("maintenance", &["maintenance", "window"]),
    ("alarm", &["threshold", "alarm", "evaluation"]),
    ("threshold", &["threshold"]),
    ("concurrency", &["concurrency", "concurrent", "reserved"]),
    ("environment", &["environment", "variables"]),
    ("variable", &["environment", "variables"]),
    ("policy", &["policy"]),
    ("permission", &["policy", "role", "actions"]),
    ("description", &["description"]),
    (
        "https",
        &["https", "tls", "ssl", "protocol", "port", "certificate"],
    ),
    (
        "tls",
        &["tls", "ssl", "https", "protocol", "certificate", "minimum"],
    ),
    ("certificate", &["certificate", "cert", "tls", "ssl"]),
];

/// Blocks that only group settings (`settings`, `spec`, `site_config`): a change inside one is
/// reported by the setting that changed (`settings.tier`), not by the group.
const GROUPS: &[&str] = &[
    "settings",
    "spec",
    "site_config",
    "config",
    "configuration",
    "properties",
    "template",
    "cluster_config",
    "default_node_pool",
    "scaling_config",
];

/// The attributes an update changes, except derived ones, sorted; a change inside a grouping
/// block is reported one level down (`settings.tier`, `settings.backup_configuration`).
pub fn changed_attributes(c: &Change) -> Vec<String> {
    let (Some(before), Some(after)) = (c.before.as_object(), c.after.as_object()) else {
        return Vec::new();
    };
    let mut keys: BTreeSet<String> = BTreeSet::new();
    diff_objects(before, after, &c.after_unknown, "", 0, &mut keys);
    keys.into_iter().collect()
}

fn diff_objects(
    before: &serde_json::Map<String, Value>,
    after: &serde_json::Map<String, Value>,
    unknown: &Value,
    prefix: &str,
    depth: usize,
    keys: &mut BTreeSet<String>,
) {
    for (k, av) in after.iter().take(512) {
        if DERIVED.contains(&k.as_str()) || keys.len() >= 64 {
            continue;
        }
        let path = format!("{prefix}{k}");
        let unknown_here = unknown.get(k).unwrap_or(&Value::Null);
        let is_unknown = any_true(unknown_here, 0);
        match before.get(k) {
            Some(bv) if bv == av && !is_unknown => {}
            // Absent before and null after: the provider added an empty field.
            None if av.is_null() && !is_unknown => {}
            Some(bv) if depth < 2 && (GROUPS.contains(&k.as_str()) || is_block(bv)) => {
                // Terraform writes a block as a list of one object.
                let one = |v: &Value| -> Option<serde_json::Map<String, Value>> {
                    match v {
                        Value::Object(m) => Some(m.clone()),
                        Value::Array(l) if l.len() == 1 => l.first()?.as_object().cloned(),
                        _ => None,
                    }
                };
                let inner_unknown = match unknown_here {
                    Value::Array(l) => l.first().cloned().unwrap_or(Value::Null),
                    other => other.clone(),
                };
                match (one(bv), one(av)) {
                    (Some(b), Some(a)) => {
                        diff_objects(&b, &a, &inner_unknown, &format!("{path}."), depth + 1, keys)
                    }
                    _ => {
                        keys.insert(path);
                    }
                }
            }
            _ => {
                keys.insert(path);
            }
        }
    }
    for k in before.keys().take(512) {
        if !after.contains_key(k) && !DERIVED.contains(&k.as_str()) {
            keys.insert(format!("{prefix}{k}"));
        }
    }
}

/// A nested block as Terraform writes it: an object, or a list of one object.
fn is_block(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(l) => l.len() == 1 && l.first().is_some_and(Value::is_object),
        _ => false,
    }
}

/// An `after_unknown` entry marks something unknown only where it holds a `true` leaf (`{}` and
/// `[]` mark nothing).
fn any_true(v: &Value, depth: usize) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Array(l) if depth < 8 => l.iter().take(256).any(|x| any_true(x, depth + 1)),
        Value::Object(m) if depth < 8 => m.values().take(256).any(|x| any_true(x, depth + 1)),
        _ => false,
    }
}

/// The request's words as values are written: punctuation around them cut, at most 512.
fn value_words(request_text: &str) -> Vec<&str> {
    request_text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '"' | '\'' | '`')))
        .map(|t| t.trim_end_matches(['.', ':', '!', '?']))
        .filter(|t| !t.is_empty())
        .take(512)
        .collect()
}

/// The value changes the request spells out: "from M10 to M20", "M10 -> M20", "15.5 to 15.7"
/// (lower-case, as written, at most 16).
fn said_transitions(request_text: &str) -> Vec<(String, String)> {
    let toks = value_words(request_text);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let pair = match (
            toks.get(i),
            toks.get(i + 1),
            toks.get(i + 2),
            toks.get(i + 3),
        ) {
            (Some(&"from"), Some(x), Some(&"to"), Some(y)) => Some((*x, *y)),
            (Some(x), Some(&("->" | "=>" | "\u{2192}")), Some(y), _) if *x != "from" => {
                Some((*x, *y))
            }
            _ => None,
        };
        // Whole numbers moved ("from 4 to 8") are counts and sizes, judged by their own rules.
        let whole = |v: &str| v.bytes().all(|b| b.is_ascii_digit());
        if let Some((x, y)) = pair.filter(|(x, y)| !(whole(x) && whole(y))) {
            if x != y && out.len() < 16 {
                out.push((x.to_string(), y.to_string()));
            }
        }
    }
    out
}

/// "idle_timeout 60 -> 300", "retention from 90 to 30 days", "30s → 300s": the request spells
/// out a number moving from `was` to `now`. Units written against the numbers are ignored.
pub fn spells_out_number_change(request_text: &str, was: i64, now: i64) -> bool {
    let number = |t: &str| -> Option<i64> {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        let unit = &t[digits.len()..];
        if digits.is_empty() || digits.len() > 12 || !unit.chars().all(char::is_alphabetic) {
            return None;
        }
        digits.parse().ok()
    };
    // Numbers written as words count too ("six instead of two"); "a"/"an" are no numbers here.
    let number = |t: &str| -> Option<i64> {
        number(t).or_else(|| {
            (!matches!(t, "a" | "an" | "another" | "single"))
                .then(|| super::vocab::count_word(t).map(i64::from))
                .flatten()
        })
    };
    let toks = value_words(request_text);
    let moved = toks.windows(3).any(|w| {
        matches!(w[1], "->" | "=>" | "\u{2192}" | "to")
            && number(w[0]) == Some(was)
            && number(w[2]) == Some(now)
    });
    // "run six instances on vmss-render-dev instead of two": the new number within the eight
    // words before "instead of", and the old one right after it.
    let instead = toks.windows(3).enumerate().any(|(at, w)| {
        w[0] == "instead"
            && w[1] == "of"
            && number(w[2]) == Some(was)
            && toks
                .iter()
                .take(at)
                .rev()
                .take(8)
                .any(|t| number(t) == Some(now))
    });
    moved || instead
}

/// The shape of a value: its digits made `9` ("m20" and "m30" share "m99").
fn shape(v: &str) -> String {
    v.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Values the request moves something to ("to M20", "to gp3"): letters and digits together,
/// so a value rather than a count or a word (at most 16).
fn said_targets(request_text: &str) -> Vec<String> {
    let toks: Vec<&str> = request_text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_'))
        .filter(|t| !t.is_empty())
        .take(512)
        .collect();
    toks.windows(2)
        .filter(|w| matches!(w[0], "to" | "->" | "=>"))
        .map(|w| w[1])
        .filter(|v| {
            v.chars().any(|c| c.is_ascii_digit()) && v.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(str::to_lowercase)
        .take(16)
        .collect()
}

/// Leaves an update changes, as text (path, before, after), nested blocks included (eight
/// levels of objects and lists, at most 256).
fn changed_leaves(
    before: &Value,
    after: &Value,
    path: &str,
    depth: usize,
    out: &mut Vec<(String, String, String)>,
) {
    if depth > 8 || out.len() >= 256 {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, av) in a.iter().take(256) {
                if DERIVED.contains(&k.as_str()) {
                    continue;
                }
                if let Some(bv) = b.get(k) {
                    changed_leaves(bv, av, &format!("{path}{k}."), depth + 1, out);
                }
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (bv, av) in b.iter().zip(a).take(64) {
                changed_leaves(bv, av, path, depth + 1, out);
            }
        }
        _ => {
            let text = |v: &Value| match v {
                Value::String(s) => Some(s.to_lowercase()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            if let (Some(x), Some(y)) = (text(before), text(after)) {
                if x != y {
                    out.push((path.trim_end_matches('.').to_string(), x, y));
                }
            }
        }
    }
}

/// The value changes a request spells out, read once per request: "from M10 to M20" (a
/// transition) and "to M20" (a target).
#[derive(Debug, Clone, Default)]
pub struct SaidValues {
    transitions: Vec<(String, String)>,
    targets: Vec<String>,
}

impl SaidValues {
    pub fn read(request_text: &str) -> SaidValues {
        SaidValues {
            transitions: said_transitions(request_text),
            targets: said_targets(request_text),
        }
    }
}

/// "from M10 to M20", and the update takes the value that was M10 to M30: the change is not the
/// one spelled out. Returns (path, value set, value said).
pub fn other_than_said(c: &Change, said_values: &SaidValues) -> Option<(String, String, String)> {
    let (said, targets) = (&said_values.transitions, &said_values.targets);
    if said.is_empty() && targets.is_empty() {
        return None;
    }
    let mut leaves = Vec::new();
    changed_leaves(&c.before, &c.after, "", 0, &mut leaves);
    let reached = |v: &str| targets.iter().any(|t| same_value(t, v));
    leaves.iter().find_map(|(path, was, now)| {
        if let Some((_, wanted)) = said.iter().find(|(x, _)| same_value(x, was)) {
            return (!same_value(wanted, now)).then(|| (path.clone(), now.clone(), wanted.clone()));
        }
        // "to M20" and a value of that shape set to M30, while no changed value is M20.
        let wanted = targets.iter().find(|t| shape(t) == shape(now))?;
        let reached_elsewhere = leaves.iter().any(|(_, _, n)| reached(n));
        (!same_value(wanted, now) && !reached_elsewhere)
            .then(|| (path.clone(), now.clone(), wanted.clone()))
    })
}

/// Whether the request names the new value of `path` ("to db-custom-4-15360", "to gp3").
pub fn value_named(c: &Change, path: &str, request_text: &str) -> bool {
    let Some(v) = value_at(&c.after, path) else {
        return false;
    };
    match v {
        Value::String(s) => {
            let s = s.to_lowercase();
            s.len() >= 2 && request_text.contains(&s)
        }
        // A number is named when it stands alone in the request ("min 4"), not inside another.
        Value::Number(n) => {
            let n = n.to_string();
            request_text
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .any(|t| t == n)
        }
        // A list of named entries (`database_flags`, `parameter`, `setting`): named when an
        // entry that changed carries, as its name, a name the request writes out
        // ("max_connections").
        Value::Array(entries) => {
            let before = value_at(&c.before, path).and_then(Value::as_array);
            entries.iter().take(64).any(|e| {
                let name = ["name", "key"]
                    .iter()
                    .find_map(|k| e.get(*k).and_then(Value::as_str));
                let changed = !before.is_some_and(|b| b.contains(e));
                changed
                    && name.is_some_and(|n| {
                        n.len() >= 4 && request_text.contains(n.to_lowercase().as_str())
                    })
            })
        }
        _ => false,
    }
}

/// Words of attribute names that say nothing of which setting it is.
const FILLER_PARTS: &[&str] = &[
    "id", "ids", "name", "arn", "enabled", "enable", "config", "setting",
];

/// The part of a changed attribute's path that names the setting: its last segment, unless that
/// segment is only filler words, as in `versioning.enabled` or `encryption.key_id`, where the
/// block it sits in says which setting it is.
fn setting_segment(key: &str) -> &str {
    let mut segments = key.rsplit('.');
    let last = segments.next().unwrap_or(key);
    let only_filler = |seg: &str| {
        seg.split('_')
            .filter(|p| !p.is_empty())
            .all(|p| FILLER_PARTS.contains(&p.to_ascii_lowercase().as_str()))
    };
    if !only_filler(last) {
        return last;
    }
    segments
        .map(|s| s.split('[').next().unwrap_or(s))
        .find(|s| !s.is_empty() && !only_filler(s))
        .unwrap_or(last)
}

/// Every distinctive word of the setting's own name is a word of the request.
fn named_outright(key: &str, request_words: &BTreeSet<String>) -> bool {
    let key = setting_segment(key);
    let parts: Vec<String> = key
        .split('_')
        .map(|p| stem(&p.to_ascii_lowercase()))
        .filter(|p| {
            p.len() > 2 && !FILLER_PARTS.contains(&p.as_str()) && !UNIT_WORDS.contains(&p.as_str())
        })
        .collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            request_words.contains(p)
                || BOUND_WORDS.iter().any(|(part, says)| {
                    p == part && says.iter().any(|w| request_words.contains(*w))
                })
        })
}

/// A bound a setting's name starts with, and the request words (stemmed) that say it: a "size
/// limit" is the maximum size (`max_size_gb`), a "floor" the minimum.
const BOUND_WORDS: &[(&str, &[&str])] = &[
    ("max", &["maximum", "limit", "cap", "ceiling", "upper"]),
    ("min", &["minimum", "floor", "lower"]),
];

/// Whether the request's words (stemmed) speak about attribute `key`.
pub fn mentioned(key: &str, request_words: &BTreeSet<String>) -> bool {
    if named_by_its_own_words(key, request_words) {
        return true;
    }
    let parts = key_words(key);
    SETTING_WORDS.iter().any(|(word, attr_words)| {
        request_words.contains(*word) && parts.iter().any(|p| attr_words.contains(&p.as_str()))
    })
}

/// Whether a word of the setting's own name is a word of the request ("health check" for
/// `health_check_type`), not merely a word that may stand for it ("instance" for a type).
/// A grouped setting is named by its own words, not its group's ("settings.tier": tier),
/// unless its own words are filler ("versioning.enabled": versioning).
pub fn named_by_its_own_words(key: &str, request_words: &BTreeSet<String>) -> bool {
    key_words(key)
        .iter()
        .any(|p| p.len() > 2 && request_words.contains(p))
}

/// The words of a setting's own name, stemmed (`min_tls_version` → min, tls, version).
fn key_words(key: &str) -> Vec<String> {
    setting_segment(key)
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| stem(&p.to_ascii_lowercase()))
        .collect()
}

/// The request's words that may name settings: its content words, and "public", "private",
/// "internal", "external", which say nothing about which resource is meant (so names are not
/// matched on them) but do name settings ("disable public blob access").
///
/// The request's own verbs never name a setting: "upgrade" the database does not name
/// `auto_minor_version_upgrade`.
pub fn words_naming_settings<'v>(
    content: &BTreeSet<String>,
    words: &[String],
    verbs: impl Iterator<Item = &'v str>,
) -> BTreeSet<String> {
    let mut out = content.clone();
    out.extend(
        words
            .iter()
            .filter(|w| matches!(w.as_str(), "public" | "private" | "internal" | "external"))
            .cloned(),
    );
    for verb in verbs {
        for w in verb.split_whitespace() {
            out.remove(&stem(w));
        }
    }
    // A number ends in a digit: "2." and "2)" mark a list item, and what follows is no unit.
    out
}

/// Words that only ever follow a number in the request, stemmed: that number's unit ("up to
/// 800 messages"). A unit counts members ("2 pods" names the replicas), but never names a
/// switch or a text setting (a monitor's `message`).
pub fn number_units(text: &str) -> BTreeSet<String> {
    let is_number = |w: &str| {
        w.bytes().last().is_some_and(|b| b.is_ascii_digit())
            && w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    };
    let written: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .take(1024)
        .collect();
    let units: BTreeSet<String> = written
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 && is_number(&written[i - 1]))
        .map(|(_, w)| stem(w.trim_end_matches(['.', ')'])))
        .collect();
    let mut out = BTreeSet::new();
    for unit in units {
        let said_otherwise = written.iter().enumerate().any(|(i, w)| {
            stem(w.trim_end_matches(['.', ')'])) == unit && (i == 0 || !is_number(&written[i - 1]))
        });
        if !said_otherwise {
            out.insert(unit);
        }
    }
    out
}

/// Units a setting's name may end in: "the visibility timeout" names
/// `visibility_timeout_seconds` outright, whatever unit the request gives its value in.
const UNIT_WORDS: &[&str] = &[
    "second", "minute", "hour", "day", "ms", "mb", "gb", "mib", "gib", "byte",
];

/// Words a setting's name may end in that say what sort of value it holds (a unit, a switch, a
/// count), not which setting it is: `message_retention_seconds` is a retention.
const SORT_OF_VALUE: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "ms", "mb", "gb",
    "mib", "gib", "count", "number", "size", "type", "mode", "level", "enabled", "enable", "allow",
    "item", "setting", "config", "value", "id", "ids", "arn", "name", "version",
];

/// The word a setting's name is about, its head noun in English compound order: the last word
/// of its own segment that is not a unit or a sort of value (`message_retention_seconds` →
/// retention, `geo_redundant_backup_enabled` → backup, `allow_nested_items_to_be_public` →
/// public).
fn head_word(key: &str) -> Option<String> {
    key_words(key)
        .into_iter()
        .rev()
        .find(|p| p.len() > 2 && !SORT_OF_VALUE.contains(&p.as_str()))
}

/// The word a setting is about (its head word) is in the request ("public" for
/// `allow_nested_items_to_be_public`). A word the name only shares ("message" of
/// `message_retention_seconds`, in "messages get redelivered") does not name it: a compound
/// name is named by what it is about, not by what it is of.
fn named_by_a_word_of_its_own(key: &str, words: &BTreeSet<String>) -> bool {
    head_word(key).is_some_and(|h| h.len() > 3 && words.contains(&h))
}

/// "Disable public blob access and require TLS 1.2": an update that changes one setting the
/// request names by its own words and leaves another one it names as it was (a top-level switch
/// or choice, not a name or an id). Returns the settings left as they were.
///
/// `all_words` show that the request speaks of a changed setting ("tls" for `min_tls_version`);
/// `request_words` (without words for kinds of things) name the one left as it was.
pub fn named_but_unchanged(
    c: &Change,
    all_words: &BTreeSet<String>,
    request_words: &BTreeSet<String>,
) -> Vec<String> {
    let changed = changed_attributes(c);
    if !changed.iter().any(|k| mentioned(k, all_words)) {
        return Vec::new();
    }
    let changed_words: BTreeSet<String> = changed.iter().flat_map(|k| key_words(k)).collect();
    let own_words: BTreeSet<String> = request_words.difference(&changed_words).cloned().collect();
    let Some(after) = c.after.as_object() else {
        return Vec::new();
    };
    after
        .iter()
        .take(256)
        .filter(|(k, v)| {
            matches!(v, Value::Bool(_) | Value::String(_))
                && !changed.contains(*k)
                && !DERIVED.contains(&k.as_str())
                && ![
                    "name", "id", "arn", "location", "region", "tags", "group", "account", "url",
                ]
                .iter()
                .any(|end| k.ends_with(end))
                && named_by_a_word_of_its_own(k, &own_words)
        })
        .map(|(k, _)| k.clone())
        .take(8)
        .collect()
}

/// For an update whose request mentions some of its changed settings: the ones it does not
/// mention. Empty when it mentions none (the words may name the setting in a way this table
/// does not know) or all.
pub fn unmentioned_changes(
    c: &Change,
    request_words: &BTreeSet<String>,
    request_text: &str,
) -> Vec<String> {
    let changed = changed_attributes(c);
    // Named outright (every word of the setting, or its new value) beats named loosely: "raise
    // the max replicas" names max_replicas, not min_replicas; "upgrade to Kubernetes 1.30" names
    // the version, not the SKU tier an "upgrade" could also mean.
    let outright = |k: &String| named_outright(k, request_words) || value_named(c, k, request_text);
    let strict = changed.iter().any(outright);
    // Beside a setting named outright, another is still named by a word of its own ("disable
    // public blob access, min TLS -> 1.2": `allow_nested_items_to_be_public` by "public"), not by
    // a word it shares with the one named outright ("max replicas" does not name min_replicas).
    let outright_words: BTreeSet<String> = changed
        .iter()
        .filter(|k| outright(k))
        .flat_map(|k| key_words(k))
        .collect();
    // Nor by the word of the thing itself: "the BI warehouse" names the warehouse, not its
    // `warehouse_size`.
    let type_words: BTreeSet<String> = c.resource_type.split('_').skip(1).map(stem).collect();
    let own_words: BTreeSet<String> = request_words
        .difference(&outright_words)
        .filter(|w| !type_words.contains(*w))
        .cloned()
        .collect();
    let (said, unsaid): (Vec<String>, Vec<String>) = changed.into_iter().partition(|k| {
        if strict {
            outright(k) || named_by_a_word_of_its_own(k, &own_words)
        } else {
            mentioned(k, request_words)
        }
    });
    if said.is_empty() {
        return Vec::new();
    }
    // A setting that other text restates (a monitor's query holding its threshold) changes with
    // it and says nothing new.
    unsaid
        .into_iter()
        .filter(|k| !restates_said_values(c, k, &said))
        .collect()
}

/// The value at `path` (a dotted path from `changed_attributes`), looking through Terraform's
/// one-element block lists.
fn value_at<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut v = root;
    for part in path.split('.') {
        v = match v.get(part)? {
            Value::Array(l) if l.len() == 1 => l.first()?,
            x => x,
        };
    }
    Some(v)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The (old, new) scalar values of a changed setting: the setting itself, or the changed fields
/// of the block it is.
fn value_pairs(c: &Change, path: &str) -> Vec<(String, String)> {
    let (Some(before), Some(after)) = (value_at(&c.before, path), value_at(&c.after, path)) else {
        return Vec::new();
    };
    if let (Some(b), Some(a)) = (scalar_text(before), scalar_text(after)) {
        return vec![(b, a)];
    }
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    a.iter()
        .take(64)
        .filter_map(|(k, av)| Some((scalar_text(b.get(k)?)?, scalar_text(av)?)))
        .filter(|(b, a)| b != a)
        .collect()
}

/// The same value written two ways: "2" and "2.0" are one number.
fn same_value(x: &str, y: &str) -> bool {
    match (x.parse::<f64>(), y.parse::<f64>()) {
        (Ok(a), Ok(b)) => a == b,
        // "180s" for `idle_timeout = 180`, "250gb" for `max_size_gb = 250`: the setting keeps
        // its value in the unit the request writes beside the number.
        (Err(_), Ok(b)) => number_in_unit(x).is_some_and(|a| a == b),
        (Ok(a), Err(_)) => number_in_unit(y).is_some_and(|b| a == b),
        _ => x.eq_ignore_ascii_case(y),
    }
}

/// The number of a value written with a unit settings keep in their names or count in by
/// default ("180s", "250gb", "500ms", "7d"); `None` for anything else ("3m" could be minutes or
/// months, "M30" is a tier).
fn number_in_unit(v: &str) -> Option<f64> {
    let digits = v
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, unit) = v.split_at(digits);
    let unit = unit.to_ascii_lowercase();
    let known = matches!(
        unit.as_str(),
        "s" | "sec"
            | "secs"
            | "seconds"
            | "ms"
            | "gb"
            | "gib"
            | "mb"
            | "mib"
            | "tb"
            | "tib"
            | "d"
            | "days"
    );
    if digits == 0 || !known {
        return None;
    }
    number.parse().ok()
}

/// A text cut into alternating runs of word characters (letters, digits, `.`, `_`: "1.5",
/// "last_10m") and of anything else, each marked with whether it is a word.
fn text_runs(s: &str) -> Vec<(bool, &str)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let w = is_word(c);
        if current.is_some_and(|cur| cur != w) {
            runs.push((current == Some(true), &s[start..i]));
            start = i;
        }
        current = Some(w);
    }
    if let Some(w) = current {
        runs.push((w, &s[start..]));
    }
    runs
}

/// Whether the text setting `key` changes only where it restates a said setting: every word that
/// differs between its old and new text is that setting's old value turned into its new one, as
/// in a Datadog query "… > 1.5" becoming "… > 2" with the critical threshold going 1.5 → 2.
fn restates_said_values(c: &Change, key: &str, said: &[String]) -> bool {
    let (Some(Value::String(before)), Some(Value::String(after))) =
        (value_at(&c.before, key), value_at(&c.after, key))
    else {
        return false;
    };
    let pairs: Vec<(String, String)> = said.iter().flat_map(|s| value_pairs(c, s)).collect();
    if pairs.is_empty() {
        return false;
    }
    let (b, a) = (text_runs(before), text_runs(after));
    if b.len() != a.len() || b.len() > 4096 {
        return false;
    }
    let mut differing = b.iter().zip(&a).filter(|(x, y)| x != y).peekable();
    differing.peek().is_some()
        && differing.all(|((word, old), (_, new))| {
            // Operators and punctuation must stay as they were: "> 2" is not "< 2".
            *word
                && pairs
                    .iter()
                    .any(|(po, pn)| same_value(old, po) && same_value(new, pn))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{plan_with, resource_change};

    fn words(s: &str) -> BTreeSet<String> {
        s.split(' ').map(stem).collect()
    }

    #[test]
    fn a_request_to_change_one_setting_does_not_cover_other_settings_in_the_same_update() {
        let plan = plan_with(
            vec![resource_change(
                "aws_cloudwatch_log_group.app",
                &["update"],
                serde_json::json!({"name": "app", "retention_in_days": 7, "kms_key_id": "k1", "tags_all": {}}),
                serde_json::json!({"name": "app", "retention_in_days": 30, "kms_key_id": null, "tags_all": {"a": "b"}}),
            )],
            Value::Null,
        );
        let c = &plan.changes[0];
        assert_eq!(
            changed_attributes(c),
            vec!["kms_key_id", "retention_in_days"]
        );
        let asked = words("raise the log retention to 30 days");
        assert_eq!(unmentioned_changes(c, &asked, ""), vec!["kms_key_id"]);
        let asked = words("raise the retention to 30 days and drop the kms key");
        assert!(unmentioned_changes(c, &asked, "").is_empty());
        // Words that name no changed setting: nothing can be said.
        assert!(unmentioned_changes(c, &words("make it better"), "").is_empty());
    }

    #[test]
    fn a_switch_inside_a_block_is_named_by_its_block() {
        let plan = plan_with(
            vec![resource_change(
                "google_storage_bucket.raw",
                &["update"],
                serde_json::json!({"name": "raw", "versioning": [{"enabled": false}], "lifecycle_rule": []}),
                serde_json::json!({"name": "raw", "versioning": [{"enabled": true}],
                    "lifecycle_rule": [{"action": [{"type": "Delete"}], "condition": [{"age": 30}]}]}),
            )],
            Value::Null,
        );
        let c = &plan.changes[0];
        let asked = words("turn on object versioning for the raw bucket");
        assert!(mentioned("versioning.enabled", &asked));
        assert_eq!(unmentioned_changes(c, &asked, ""), vec!["lifecycle_rule"]);
        let asked =
            words("turn on versioning and delete objects after 30 days with a lifecycle rule");
        assert!(unmentioned_changes(c, &asked, "").is_empty());
    }

    #[test]
    fn text_that_only_restates_a_said_setting_changes_with_it() {
        let monitor = |query_after: &str| {
            plan_with(
                vec![resource_change(
                    "datadog_monitor.latency",
                    &["update"],
                    serde_json::json!({"name": "latency", "query": "avg(last_5m):p99:req{env:staging} > 1.5",
                        "monitor_thresholds": [{"critical": "1.5", "warning": "1"}]}),
                    serde_json::json!({"name": "latency", "query": query_after,
                        "monitor_thresholds": [{"critical": "2", "warning": "1"}]}),
                )],
                Value::Null,
            )
        };
        let asked = words("raise the critical threshold of the latency monitor to 2 seconds");
        // The query holds the threshold: moving it from 1.5 to 2 is the same edit.
        let plan = monitor("avg(last_5m):p99:req{env:staging} > 2");
        assert!(unmentioned_changes(&plan.changes[0], &asked, "").is_empty());
        // A query that also watches another environment or window is a change of its own.
        let plan = monitor("avg(last_5m):p99:req{env:production} > 2");
        assert_eq!(
            unmentioned_changes(&plan.changes[0], &asked, ""),
            vec!["query"]
        );
        let plan = monitor("avg(last_30m):p99:req{env:staging} > 2");
        assert_eq!(
            unmentioned_changes(&plan.changes[0], &asked, ""),
            vec!["query"]
        );
        // So is one that turns the comparison around.
        let plan = monitor("avg(last_5m):p99:req{env:staging} < 2");
        assert_eq!(
            unmentioned_changes(&plan.changes[0], &asked, ""),
            vec!["query"]
        );
    }

    #[test]
    fn setting_synonyms_name_the_attribute() {
        assert!(mentioned("instance_type", &words("make the server bigger")));
        assert!(mentioned("kms_key_id", &words("encrypt the volume")));
        assert!(!mentioned(
            "publicly_accessible",
            &words("make the server bigger")
        ));
    }
}
