//! Meaning checks: what a change does against what the request says of it, beyond matching
//! kinds and actions — exclusions, names and targets, versions and machine sizes, access levels and
//! grants, exposure, settings an update touches, member counts, refactors and vague requests.

use std::collections::BTreeSet;

use serde_json::Value;

use super::counts::changed_numbers;
use super::request::{Asked, Item};
use super::tokens::stem;
use super::vocab::VerbClass;
use super::{
    access, cap_str, env_conflict, grant_for_new_identity, names_overlap, plan_ctx, quantity,
    settings, tag, tokens, type_of_kind, type_words, vocab, Facts, Match, PlanCtx, Strength,
};
use crate::engine::catalog;
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::{self, KINDS};
use crate::engine::change::{Action, Change};
use crate::engine::findings::{default_disposition, ids, Finding};
use crate::engine::network;
use crate::engine::Plan;

/// Words that name kinds of things ("database", "security", "group", "db"): they say what, not
/// which, so they never tell two resources of a kind apart.
pub(super) fn kind_words() -> &'static BTreeSet<String> {
    static WORDS: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        // Heads only: "gateway" names a kind, "api" in "api gateway" may name a thing.
        KINDS
            .iter()
            .flat_map(|k| k.phrases.iter())
            .filter_map(|p| p.rsplit(' ').next())
            .map(stem)
            .chain(
                [
                    "db", "sg", "rule", "port", "tcp", "udp", "postgre", "postgres", "mysql",
                    "https", "http", "ssh", "ingress", "egress", "inbound", "outbound", "allow",
                    "deny",
                ]
                .iter()
                .map(|w| stem(w)),
            )
            .collect()
    })
}

/// The names of the resources a change points at through its configuration
/// (`security_group_id = aws_security_group.ledger_db.id` → `ledger_db`): what a rule, an
/// attachment or a setting acts on. The graph comes from the orchestrator too, so it is only
/// ever evidence that a change is about something *else*.
pub(super) fn referenced_names(plan: &Plan, c: &Change) -> Vec<String> {
    let addr = crate::engine::change::strip_instance_keys(&c.address);
    let Some(root) = plan
        .document
        .get("configuration")
        .and_then(|x| x.get("root_module"))
    else {
        return Vec::new();
    };
    let resources = root.get("resources").and_then(Value::as_array);
    let Some(res) = resources.and_then(|rs| {
        rs.iter()
            .take(4096)
            .find(|r| r.get("address").and_then(Value::as_str) == Some(addr.as_str()))
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(exprs) = res.get("expressions").and_then(Value::as_object) else {
        return out;
    };
    for e in exprs.values().take(128) {
        let Some(refs) = e.get("references").and_then(Value::as_array) else {
            continue;
        };
        for r in refs.iter().take(16).filter_map(Value::as_str) {
            let mut parts = r.split('.');
            let (Some(t), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            let is_resource = t.contains('_')
                && !matches!(
                    t,
                    "var" | "local" | "module" | "data" | "each" | "count" | "path"
                );
            if is_resource && out.len() < 16 && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// A network rule the request names the target of ("on the billing database security group")
/// that is, by its own name and the group it points at, about another target ("ledger_db").
fn aimed_elsewhere(asked: &Asked, plan: &Plan, f: &Facts) -> Option<String> {
    let kinds = kind_words();
    // The provider's own name ("cloudflare", "datadog") says where, not which.
    let provider = f
        .change
        .resource_type
        .split('_')
        .next()
        .unwrap_or("")
        .to_string();
    let distinctive = |w: &String| {
        w.len() > 2
            && *w != provider
            && !kinds.contains(w)
            && !vocab::GENERIC_NAMES.contains(&w.as_str())
            && !vocab::NON_DISCRIMINATING.contains(&w.as_str())
            // "the number of broker nodes": a word for a setting, not a name.
            && !vocab::ATTRIBUTE_HEADS.contains(&w.as_str())
            && vocab::env_of_word(w).is_none()
            && !w.chars().all(|ch| ch.is_ascii_digit())
    };
    // The names the request gives to things of this change's category ("the docs CNAME", "the
    // billing database security group"); words of other phrases name other things.
    let asked_names: BTreeSet<String> = asked
        .items
        .iter()
        .filter(|i| i.kind_category() == Some(f.category))
        .flat_map(|i| i.qualifiers.iter())
        .filter(|w| distinctive(w) && !matches!(w.as_str(), "only" | "just" | "new" | "existing"))
        .cloned()
        .collect();
    if asked_names.is_empty() {
        // No phrase of this kind names the target; a hyphenated name still does ("the
        // pdf-renderer service"): a change that carries none of the names given is another thing.
        if asked.identifiers.is_empty() {
            return None;
        }
        let written = written_names(f.change);
        // It carries a name given, or points at the thing named (a node pool's `cluster`).
        let points_at = referenced_names(plan, f.change)
            .into_iter()
            .chain(top_level_strings(&f.change.before, &f.change.after))
            .map(|n| n.to_ascii_lowercase())
            .collect::<Vec<_>>();
        let carries = written.iter().chain(points_at.iter()).any(|n| {
            asked
                .identifiers
                .iter()
                .any(|id| n == id || n.contains(id.as_str()))
        });
        let own: Vec<&String> = f
            .names
            .iter()
            .filter(|t| distinctive(t) && !asked.tokens.contains(*t))
            .collect();
        return match (carries, own.first()) {
            (false, Some(first)) if !written.is_empty() => Some(format!(
                "it is {}, and the request names {}",
                first,
                cap_str(&asked.identifiers.join(", "), 60)
            )),
            _ => None,
        };
    }
    // "bump blob soft delete on stdocsprodweu": a change whose own whole name the request
    // writes out is the thing named, whatever other words of its phrase say about the setting.
    // Not where the phrase also gives a word that looks like another name (a digit, or one long
    // word): "raise it on stdocsprodneu, same as stdocsprodweu" names the other account.
    let looks_like_a_name = |w: &String| w.len() >= 10 || w.chars().any(|ch| ch.is_ascii_digit());
    let named_whole = !asked_names.iter().any(looks_like_a_name)
        && written_names(f.change).iter().any(|n| {
            n.len() >= 6
                && (asked.identifiers.contains(n)
                    || (n.chars().all(|ch| ch.is_ascii_alphanumeric()) && asked.words.contains(n)))
        });
    if named_whole {
        return None;
    }
    let mut target: BTreeSet<String> = f.names.clone();
    for n in referenced_names(plan, f.change) {
        for t in n
            .to_ascii_lowercase()
            .split(|ch: char| !ch.is_ascii_alphanumeric())
        {
            if !t.is_empty() {
                target.insert(stem(t));
            }
        }
    }
    // "rg-web-dev app service plans": a name the change holds whole and keeps (its resource
    // group) is carried, every word of it. A value the update sets is what it changes, not
    // where it lives.
    let kept = top_level_strings(&f.change.before, &f.change.after);
    for id in &asked.identifiers {
        if kept.iter().any(|s| s.eq_ignore_ascii_case(id)) {
            target.extend(id.split('-').map(stem));
        }
    }
    if target.iter().any(|t| asked_names.contains(t)) {
        return None;
    }
    let other: Vec<&String> = target
        .iter()
        .filter(|t| distinctive(t) && !asked.tokens.contains(*t))
        .collect();
    let first = other.first()?;
    Some(format!(
        "it is about {}, and the request names {}",
        first,
        asked_names.iter().cloned().collect::<Vec<_>>().join(" ")
    ))
}

/// The short string values at the top of a change's attributes that the change leaves as they
/// were (a parent's name in `cluster`, `bucket`, `zone_id`), at most 64 of them. A value the
/// update sets is what it changes, not what it belongs to ("point the record at docs-v2").
fn top_level_strings(before: &Value, after: &Value) -> Vec<String> {
    after
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| before.is_null() || before.get(k.as_str()) == Some(*v))
                .filter_map(|(_, v)| v.as_str())
                .filter(|s| s.len() <= 128)
                .take(64)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The ports a request names: numbers after port words ("port 8443", "tcp/5432"), else the
/// well-known ports of the protocols it names ("SSH" is 22).
fn asked_ports(asked: &Asked) -> Vec<u32> {
    let numbered: Vec<u32> = asked
        .named
        .iter()
        .filter_map(|n| n.strip_prefix("port "))
        .filter_map(|n| n.parse().ok())
        .collect();
    if !numbered.is_empty() {
        return numbered;
    }
    // "the Postgres port": a database's own port, named by the database before "port". The
    // database word alone names a thing, not a port.
    let database_port = asked.words.windows(2).filter_map(|pair| match pair {
        [db, port] if port == "port" => match db.as_str() {
            "postgres" | "postgresql" => Some(5432),
            "mysql" | "mariadb" => Some(3306),
            "redis" => Some(6379),
            "mongo" | "mongodb" => Some(27017),
            _ => None,
        },
        _ => None,
    });
    asked
        .words
        .iter()
        .filter_map(|w| match w.as_str() {
            "ssh" => Some(22),
            "https" => Some(443),
            "http" => Some(80),
            "rdp" => Some(3389),
            _ => None,
        })
        .chain(database_port)
        .collect()
}

/// The port ranges a network rule opens, from its own attributes (AWS from/to, Azure
/// destination port range(s), GCP `allow[].ports`); `(0, 65535)` for "all" or "*".
fn rule_ports(c: &Change) -> Vec<(u32, u32)> {
    let v = c.current();
    let mut out = Vec::new();
    let parse_range = |s: &str| -> Option<(u32, u32)> {
        let s = s.trim();
        if s == "*" || s.eq_ignore_ascii_case("any") {
            return Some((0, 65535));
        }
        match s.split_once('-') {
            Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
            None => s.parse().ok().map(|p| (p, p)),
        }
    };
    if let (Some(a), Some(b)) = (
        v.get("from_port").and_then(Value::as_u64),
        v.get("to_port").and_then(Value::as_u64),
    ) {
        let protocol = v.get("protocol").and_then(Value::as_str).unwrap_or("");
        if protocol == "-1" || protocol.eq_ignore_ascii_case("all") {
            out.push((0, 65535));
        } else {
            out.push((
                u32::try_from(a).unwrap_or(0),
                u32::try_from(b).unwrap_or(65535),
            ));
        }
    }
    for key in ["destination_port_range", "port_range"] {
        if let Some(r) = v.get(key).and_then(Value::as_str).and_then(parse_range) {
            out.push(r);
        }
    }
    let lists = ["destination_port_ranges", "ports"];
    for key in lists {
        for r in v
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .take(64)
            .filter_map(Value::as_str)
            .filter_map(parse_range)
        {
            out.push(r);
        }
    }
    out.extend(ports_added_in_policy_documents(c, &parse_range));
    for block in v
        .get("allow")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(32)
    {
        let ports: Vec<(u32, u32)> = block
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .take(64)
            .filter_map(Value::as_str)
            .filter_map(parse_range)
            .collect();
        if ports.is_empty() {
            // A GCP allow block without ports allows every port of its protocol.
            out.push((0, 65535));
        }
        out.extend(ports);
    }
    out
}

/// The ports of destinations a JSON policy document held in an attribute gains (a Tailscale
/// ACL's `"dst": ["tag:db:*"]`): the port is what follows a destination's last colon. Only
/// destinations the document did not already hold are this change's.
fn ports_added_in_policy_documents(
    c: &Change,
    parse_range: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> Vec<(u32, u32)> {
    const MAX_DOCUMENT: usize = 256 * 1024;
    fn destinations(v: &Value, depth: usize, out: &mut BTreeSet<String>) {
        if depth > 6 || out.len() >= 256 {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter().take(256) {
                    if matches!(k.as_str(), "dst" | "destination" | "destinations") {
                        for d in x.as_array().into_iter().flatten().take(64) {
                            if let Some(d) = d.as_str() {
                                out.insert(d.to_string());
                            }
                        }
                    } else {
                        destinations(x, depth + 1, out);
                    }
                }
            }
            Value::Array(l) => {
                for x in l.iter().take(256) {
                    destinations(x, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let document = |v: &Value, key: &str| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(text) = v.get(key).and_then(Value::as_str) {
            if text.len() <= MAX_DOCUMENT && text.trim_start().starts_with('{') {
                if let Ok(doc) = serde_json::from_str::<Value>(text) {
                    destinations(&doc, 0, &mut out);
                }
            }
        }
        out
    };
    let Some(after) = c.after.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in after.keys().take(64) {
        let had = document(&c.before, key);
        for dst in document(&c.after, key).difference(&had) {
            // "tag:db:5432", "10.0.0.0/8:22", "*:*", "host:80,443".
            let Some((_, ports)) = dst.rsplit_once(':') else {
                continue;
            };
            out.extend(ports.split(',').take(16).filter_map(parse_range));
        }
    }
    out
}

/// A rule that opens other ports than the ones the request names.
fn other_ports(asked: &Asked, c: &Change) -> Option<String> {
    let wanted = asked_ports(asked);
    if wanted.is_empty() {
        return None;
    }
    let opens = rule_ports(c);
    if opens.is_empty() {
        return None;
    }
    // A rule opens the ports named, not a range around them: "5432" is not met by 5000-6000.
    // Two ports named ("8000 to 8100") may be met by the range between them.
    let (low, high) = (
        wanted.iter().min().copied().unwrap_or(0),
        wanted.iter().max().copied().unwrap_or(0),
    );
    let fits = |(a, b): &(u32, u32)| {
        (a == b && wanted.contains(a)) || (wanted.len() >= 2 && low <= *a && *b <= high)
    };
    if opens.iter().all(fits) {
        return None;
    }
    let shown: Vec<String> = opens
        .iter()
        .take(4)
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    let named: Vec<String> = wanted.iter().take(4).map(u32::to_string).collect();
    Some(format!(
        "it opens port {}, and the request names port {}",
        shown.join(", "),
        named.join(", ")
    ))
}

/// Attribute keys that hold the addresses a rule admits traffic from, across providers.
const SOURCE_KEYS: &[&str] = &[
    "source_ranges",
    "cidr_blocks",
    "ipv6_cidr_blocks",
    "source_address_prefix",
    "source_address_prefixes",
    "source_ip_ranges",
    "cidr_ipv4",
    "cidr_ipv6",
    "src_ip_ranges",
    "source_cidrs",
];

/// A rule that admits traffic from an address range the request does not name, when it names
/// the ranges to admit ("from the office, 203.0.113.0/24"): a second range is a second way in.
/// A range inside one the request names is part of it.
fn other_sources(asked: &Asked, c: &Change) -> Option<String> {
    let named: Vec<network::Range> = asked
        .named
        .iter()
        .filter_map(|n| network::parse_cidr(n))
        .collect();
    if named.is_empty() {
        return None;
    }
    let v = c.current();
    let mut sources: Vec<String> = Vec::new();
    for key in SOURCE_KEYS {
        match v.get(*key) {
            Some(Value::String(s)) => sources.push(s.clone()),
            Some(Value::Array(l)) => sources.extend(
                l.iter()
                    .take(64)
                    .filter_map(Value::as_str)
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    let outside = sources.iter().find(|s| match network::parse_cidr(s) {
        Some(r) => !named.iter().any(|n| range_within(r, *n)),
        // A service tag or a name ("VirtualNetwork") is judged by exposure, not here.
        None => false,
    })?;
    Some(format!(
        "it admits traffic from {}, and the request names {}",
        cap_str(outside, 45),
        cap_str(
            &asked
                .named
                .iter()
                .filter(|n| network::parse_cidr(n).is_some())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            80
        )
    ))
}

/// Whether address range `inner` lies inside `outer` (same family).
fn range_within(inner: network::Range, outer: network::Range) -> bool {
    use network::Range::{V4, V6};
    match (inner, outer) {
        (V4(a, b), V4(lo, hi)) => lo <= a && b <= hi,
        (V6(a, b), V6(lo, hi)) => lo <= a && b <= hi,
        _ => false,
    }
}

/// Attributes that hold a resource's own name (or, for a sub-resource, its parent's).
const NAME_ATTRIBUTES: &[&str] = &[
    "network",
    "subnetwork",
    "resource_group_name",
    "network_security_group_name",
    "storage_account_name",
    "server_name",
    "name",
    "bucket",
    "identifier",
    "function_name",
    "cluster_id",
    "cluster_name",
    "replication_group_id",
    "queue_name",
    "repository",
    "topic",
    "computer_name",
];

/// The names a change carries as written (lower-case): its name attributes and Name tag.
pub(super) fn written_names(c: &Change) -> Vec<String> {
    let mut out = Vec::new();
    for v in [&c.after, &c.before] {
        for k in NAME_ATTRIBUTES {
            if let Some(s) = v.get(*k).and_then(Value::as_str) {
                out.push(s.to_ascii_lowercase());
            }
        }
        if let Some(s) = tag(v, &["name"]) {
            out.push(s.to_ascii_lowercase());
        }
        // Kubernetes keeps the name in its metadata block.
        if let Some(s) = v
            .get("metadata")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
        {
            out.push(s.to_ascii_lowercase());
        }
    }
    out.truncate(16);
    out
}

/// Two names of one pattern that differ ("vm-app-01-test" and "vm-app-02-test",
/// "acme-dev-raw-events" and "acme-dev-curated-events"): siblings, so not the same thing.
fn sibling_names(asked: &str, planned: &str) -> bool {
    // Parts: between separators, and between runs of letters and digits ("stledgerdev01" is
    // "stledgerdev" "01").
    let split = |s: &str| -> Vec<String> {
        let mut parts = Vec::new();
        for piece in s.split(['-', '_', '.', '/']).filter(|p| !p.is_empty()) {
            let mut cur = String::new();
            let mut digits = None;
            for ch in piece.chars() {
                let d = ch.is_ascii_digit();
                if digits.is_some_and(|was| was != d) && !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
                digits = Some(d);
                cur.push(ch);
            }
            if !cur.is_empty() {
                parts.push(cur);
            }
        }
        parts
    };
    let (a, p) = (split(asked), split(planned));
    if a.len() != p.len() || a.len() < 2 || a == p {
        return false;
    }
    let same = a.iter().zip(&p).filter(|(x, y)| x == y).count();
    same * 2 >= a.len()
}

/// A change the request names by another name: the request gives a resource's own name and the
/// change carries a sibling of it, and not the name itself.
fn named_otherwise(asked: &Asked, c: &Change, all: &[Facts]) -> Option<String> {
    if asked.identifiers.is_empty() {
        return None;
    }
    // A name that a change for the named thing itself points at is that thing's part: the role
    // "ci-reader" bound to the asked "ci-bot" by a binding that names both is not a sibling.
    // So is one that the named thing being deleted holds (the VM "vm-batch-03" holds its NIC
    // "nic-batch-03" in `network_interface_ids`).
    let linked = |id: &str, n: &str| {
        all.iter().any(|g| {
            !std::ptr::eq(g.change, c)
                && [&g.change.after, &g.change.before]
                    .iter()
                    .any(|v| holds_string(v, id, 256) && holds_part(v, n, 256))
        })
    };
    let names = written_names(c);
    let named = |n: &String| {
        asked
            .identifiers
            .iter()
            .any(|id| n == id || n.contains(id.as_str()))
    };
    // "cloud run for booking-api, one postgres database": a name the request gives a thing of
    // another category says nothing of which database user is meant.
    let category = all
        .iter()
        .find(|g| std::ptr::eq(g.change, c))
        .map(|g| g.category);
    let names_another_category = |id: &str| {
        let spaced = id.replace(['-', '_'], " ");
        let cats: Vec<&str> = asked
            .items
            .iter()
            .filter(|i| i.phrase.contains(&spaced) || i.phrase.contains(id))
            .filter_map(Item::kind_category)
            .collect();
        !cats.is_empty() && category.is_some_and(|own| !cats.contains(&own))
    };
    // A new thing beside the new thing the request names (the key `ml-features-dev` beside the
    // account `ml-trainer-dev` the plan also creates) is patterned like it, not mistaken for it.
    let created_beside = |id: &str| {
        c.action == Action::Create
            && all.iter().any(|g| {
                !std::ptr::eq(g.change, c)
                    && g.change.action == Action::Create
                    && holds_string(&g.change.after, id, 64)
            })
    };
    // An existing thing whose own name is the asked name and more ("invoice-render-dev-dlq"
    // for "invoice-render-dev"), changed while nothing in the plan carries the asked name
    // itself: it is the named thing's sibling, not the named thing.
    if c.action != Action::Create {
        let longer = asked.identifiers.iter().find_map(|id| {
            let more = names.iter().find(|n| {
                n.strip_prefix(id.as_str())
                    .is_some_and(|rest| rest.starts_with(['-', '_']) && rest.len() > 1)
            })?;
            let asked_one_changed = all
                .iter()
                .any(|g| written_names(g.change).iter().any(|n| n == id));
            (!asked_one_changed).then_some((id, more))
        });
        if let Some((id, more)) = longer {
            return Some(format!(
                "it acts on {}, and the request names {}",
                cap_str(more, 60),
                cap_str(id, 60)
            ));
        }
        // The other way round: "_acme-challenge" changed beside the asked "_acme-challenge-old",
        // a thing of the same type the plan also changes. The asked name with its last part cut
        // off is the named thing's elder sibling (the current record beside the stale one), not
        // the named thing.
        let shorter = asked.identifiers.iter().find_map(|id| {
            let less = names.iter().find(|n| {
                id.strip_prefix(n.as_str())
                    .is_some_and(|rest| rest.starts_with(['-', '_']) && rest.len() > 1)
                    && n.trim_matches(['-', '_']).len() >= 3
            })?;
            let asked_one_changed_beside = all.iter().any(|g| {
                !std::ptr::eq(g.change, c)
                    && g.change.action.mutates()
                    && g.change.resource_type == c.resource_type
                    && written_names(g.change).iter().any(|n| n == id)
            });
            asked_one_changed_beside.then_some((id, less))
        });
        if let Some((id, less)) = shorter {
            return Some(format!(
                "it acts on {}, and the request names {}",
                cap_str(less, 60),
                cap_str(id, 60)
            ));
        }
    }
    // A name of the change the request does not give, patterned like one it gives and does not
    // carry: the container is "invoices-archive" as asked, but its account is "stledgerdev01"
    // where the request names "stbillingdev01".
    let (id, n) = asked.identifiers.iter().find_map(|id| {
        // A change that carries the asked name, as its own or in a setting (a binding's
        // subject), is about the named thing.
        if names.iter().any(|n| n == id || n.contains(id.as_str()))
            || holds_string(&c.after, id, 256)
        {
            return None;
        }
        // The scans of the request and the plan run only for a name patterned like the asked
        // one, which few changes carry.
        names
            .iter()
            .filter(|n| !named(n))
            .find(|n| {
                sibling_names(id, n)
                    && !linked(id, n)
                    && !names_another_category(id)
                    && !created_beside(id)
            })
            .map(|n| (id.clone(), n.clone()))
    })?;
    Some(format!(
        "it acts on {}, and the request names {}",
        cap_str(&n, 60),
        cap_str(&id, 60)
    ))
}

/// Whether a string value somewhere in `v` equals `s` (case-insensitively), looking at no more
/// than `budget` values: the plan is hostile and may be deep or wide.
fn holds_string(v: &Value, s: &str, budget: usize) -> bool {
    any_string(v, budget, |x| x.eq_ignore_ascii_case(s))
}

/// Whether `v` holds `part` as a whole string or as the last segment of an id or path
/// (`.../networkInterfaces/nic-batch-03`).
pub(super) fn holds_part(v: &Value, part: &str, budget: usize) -> bool {
    any_string(v, budget, |x| {
        x.eq_ignore_ascii_case(part)
            || x.rsplit(['/', ':'])
                .next()
                .is_some_and(|t| t.eq_ignore_ascii_case(part))
    })
}

/// Whether `v` holds `name` as a whole part of a string, between separators
/// (`/aws/lambda/thumbnailer-dev`, `pe-kv-claimsapi-test` for `kv-claimsapi-test`).
pub(super) fn holds_name_within(v: &Value, name: &str, budget: usize) -> bool {
    holds_name_within_any([v], name, budget)
}

/// [`holds_name_within`] over several values, `budget` shared among them: a change's settings
/// but its own name (a new warehouse's `resource_monitor`).
pub(super) fn holds_name_within_any<'v>(
    values: impl IntoIterator<Item = &'v Value>,
    name: &str,
    budget: usize,
) -> bool {
    let edge = |ch: Option<char>| !ch.is_some_and(|ch| ch.is_ascii_alphanumeric());
    strings_any(values, budget, |x| {
        let x = x.to_ascii_lowercase();
        x.match_indices(name).any(|(at, _)| {
            edge(x[..at].chars().next_back()) && edge(x[at + name.len()..].chars().next())
        })
    })
}

/// Whether any string in `v` satisfies `hit`, looking at no more than `budget` values.
fn any_string(v: &Value, budget: usize, hit: impl Fn(&str) -> bool) -> bool {
    strings_any([v], budget, hit)
}

/// Whether any string in `values` satisfies `hit`, looking at no more than `budget` values in
/// all.
fn strings_any<'v>(
    values: impl IntoIterator<Item = &'v Value>,
    budget: usize,
    hit: impl Fn(&str) -> bool,
) -> bool {
    let mut stack: Vec<&Value> = values.into_iter().take(budget).collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > budget {
            return false;
        }
        match v {
            Value::String(x) if hit(x) => return true,
            Value::Array(l) => stack.extend(l.iter()),
            Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    false
}

/// The strongest way a change is covered, if any.
fn best_strength(ms: &[Match]) -> Option<Strength> {
    ms.iter().map(|m| m.strength).min()
}

/// Whether a change is what an exclusion names ("do not touch production", "except the bastion").
fn excluded_by(asked: &Asked, f: &Facts) -> Option<String> {
    let c = f.change;
    for ex in &asked.exclusions {
        let action_fits = match ex.class {
            None => true,
            Some(VerbClass::Delete) => c.action.destroys(),
            Some(VerbClass::Create) => c.action == Action::Create,
            Some(_) => c.action.mutates(),
        };
        if !action_fits {
            continue;
        }
        // "except asp-legacy-dev": an exclusion that names a thing by its own name excludes the
        // thing carrying that name, not everything sharing a part of it (`asp-web-dev`) or the
        // environment the name ends in.
        let flat_phrase = ex.phrase.replace(' ', "-");
        let named: Vec<&String> = asked
            .excluded_identifiers
            .iter()
            .filter(|i| i.len() >= 5 && flat_phrase.contains(i.as_str()))
            .collect();
        if !named.is_empty() {
            let carries = |id: &String| {
                let parts: Vec<String> = id
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|p| p.len() > 1 && vocab::env_of_word(p).is_none())
                    .map(stem)
                    .collect();
                !parts.is_empty() && parts.iter().all(|p| f.names.contains(p))
            };
            if named.iter().any(|id| carries(id)) {
                return Some(format!(
                    "the request says to leave it alone (\"{}\")",
                    cap_str(&ex.phrase, 60)
                ));
            }
            continue;
        }
        let env_hit = f
            .env
            .is_some_and(|e| ex.envs.iter().any(|x| e.compatible(*x)));
        let kind_hit = ex.kinds.iter().any(|k| {
            KINDS
                .get(*k)
                .is_some_and(|k| catalog::is_kind(&c.resource_type, k) || k.category == f.category)
        });
        let name_hit = names_overlap(f, &ex.names);
        // A kind alone excludes only when nothing asked for that kind ("resize the web tier but
        // leave the databases alone"); with names, the names decide ("except the bastion host").
        let kind_asked = ex.kinds.iter().any(|k| {
            asked
                .primary()
                .any(|i| i.kind_category() == KINDS.get(*k).map(|k| k.category))
        });
        // The excluded phrase's head noun is a word of the change's type ("the gpu pool" and a
        // `google_container_node_pool`), or the change carries every word of the phrase ("apart
        // from gpu" and a pool named `gpu`): the names decide, whatever kind the words suggest.
        let type_words_here = type_words(&c.resource_type);
        let head_in_type = ex
            .phrase
            .split(' ')
            .rfind(|w| !matches!(*w, "alone" | "untouched" | "as" | "is"))
            .map(stem)
            .is_some_and(|h| type_words_here.contains(&h));
        let all_names_carried =
            !ex.names.is_empty() && ex.names.iter().all(|n| f.names.contains(n));
        // "Leave the system pool alone" and an update of the cluster that changes its block
        // named "system" (`default_node_pool`): the part excluded is the part changed.
        let part_hit = !ex.names.is_empty()
            && changed_block_names(c)
                .iter()
                .any(|n| ex.names.iter().any(|x| x == n));
        let hit = env_hit
            || part_hit
            || (name_hit && (ex.kinds.is_empty() || kind_hit || head_in_type || all_names_carried))
            || (kind_hit && !kind_asked);
        if hit {
            return Some(format!(
                "the request says to leave it alone (\"{}\")",
                cap_str(&ex.phrase, 60)
            ));
        }
    }
    None
}

/// The own names (stemmed) of the blocks an update changes: `default_node_pool` named "system".
fn changed_block_names(c: &Change) -> Vec<String> {
    if c.action != Action::Update {
        return Vec::new();
    }
    let mut out = Vec::new();
    for key in settings::changed_attributes(c).iter().take(32) {
        let top = key.split(['.', '[']).next().unwrap_or(key);
        let block = match c.after.get(top) {
            Some(Value::Array(l)) if l.len() == 1 => l.first(),
            Some(v @ Value::Object(_)) => Some(v),
            _ => None,
        };
        if let Some(name) = block.and_then(|b| b.get("name")).and_then(Value::as_str) {
            let n = stem(&name.to_ascii_lowercase());
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// What one meaning check says of a change.
enum Said {
    /// Nothing against it.
    Pass,
    /// It is out of scope, and why.
    Out(String),
    /// It cannot be shown either way, and why (a later check may still rule it out).
    Unclear(String),
}

/// What every meaning check reads about the request and the plan as a whole.
struct Meaning<'a> {
    asked: &'a Asked,
    plan: &'a Plan,
    facts: &'a [Facts<'a>],
    ctx: PlanCtx,
    wanted_level: Option<access::Level>,
    creates_policy: bool,
    refactor_only: bool,
}

pub(super) fn meaning_checks(
    asked: &Asked,
    plan: &Plan,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
    unclear_reason: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) {
    let m = Meaning {
        asked,
        plan,
        facts,
        ctx: plan_ctx(plan),
        wanted_level: access::asked_level(&asked.words)
            .or(asked.denies_writing.then_some(access::Level::Read)),
        creates_policy: facts.iter().any(|f| {
            f.change.action == Action::Create && f.change.resource_type == "aws_iam_policy"
        }),
        refactor_only: refactor_only(asked),
    };
    let understood = asked_is_understood(asked, facts, matches);
    let mut fewer_members: BTreeSet<String> = BTreeSet::new();
    for (idx, f) in facts.iter().enumerate() {
        let c = f.change;
        if !c.action.mutates() {
            continue;
        }
        let (Some(out), Some(unclear)) = (out_reason.get_mut(idx), unclear_reason.get_mut(idx))
        else {
            continue;
        };
        if let Some(r) = excluded_by(asked, f) {
            *out = Some(r);
            continue;
        }
        let ms = matches.get(idx).map(Vec::as_slice).unwrap_or(&[]);
        if !understood {
            // Nothing asked for was recognised: a change can still be shown to be out of scope
            // by its environment, never to be in it.
            *out = env_conflict(asked, f, None);
            if out.is_none() && best_strength(ms) != Some(Strength::Helper) {
                *unclear = Some(
                    "the request names nothing this analysis can match with the plan, so it cannot show that this change was asked for"
                        .to_string(),
                );
            }
            continue;
        }
        if out.is_some() {
            continue;
        }
        // In order; the first that rules the change out decides.
        let checks: [&dyn Fn() -> Said; 14] = [
            &|| silences_monitoring(&m, f, ms),
            &|| made_anew_though_existing(&m, f),
            &|| created_with_another_number(&m, f, ms),
            &|| expires_data(&m, f),
            &|| resize_removes_a_whole_thing(&m, f, ms),
            &|| named_target(&m, f, ms),
            &|| named_version(&m, f),
            &|| machine_size(&m, f),
            &|| another_kind_beside(&m, f, ms, matches),
            &|| refactoring(&m, f),
            &|| exposure(&m, f),
            &|| grant(&m, f, ms),
            &|| settings_of_update(&m, f, ms),
            &|| members(&m, f, ms, &mut Vec::new()),
        ];
        for check in checks {
            match check() {
                Said::Pass => {}
                Said::Unclear(r) => *unclear = Some(r),
                Said::Out(r) => {
                    *out = Some(r);
                    break;
                }
            }
        }
        if out.is_none() && c.action == Action::Create && !ms.is_empty() {
            let mut fewer = Vec::new();
            let _ = members(&m, f, ms, &mut fewer);
            fewer_members.extend(fewer);
        }
    }
    for message in fewer_members {
        findings.push(Finding::new(
            ids::MISSING_ACTION,
            default_disposition(ids::MISSING_ACTION),
            None,
            message,
        ));
    }
}

/// A downtime, a mute or a silence turns monitoring off for a while: it never comes with a
/// monitor or anything else unless the request asks for it by name.
fn silences_monitoring(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let t = f.change.resource_type.as_str();
    let silences = [
        "downtime",
        "mute",
        "silence",
        "suppression",
        "maintenance_window",
    ]
    .iter()
    .any(|w| t.contains(w));
    let asked_for = m.asked.words.iter().any(|w| {
        [
            "downtime",
            "mute",
            "silence",
            "suppress",
            "maintenance",
            "snooze",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    });
    if silences && !asked_for && f.change.action.mutates() && !ms.is_empty() {
        return Said::Out(format!(
            "{t} silences monitoring, and the request does not ask for that"
        ));
    }
    // Asked to silence some monitors ("the staging checkout monitors"), it silences them all: a
    // wildcard scope is wider than anything the request names.
    let names_what = !m.asked.envs.is_empty() || !m.asked.identifiers.is_empty();
    if silences && asked_for && f.change.action.mutates() && names_what {
        if let Some(key) = wildcard_scope(&f.change.after) {
            return Said::Out(format!(
                "its {key} is \"*\", so it silences every monitor, and the request names which"
            ));
        }
    }
    Said::Pass
}

/// The scoping attribute of a silence that selects everything (`scope = ["*"]`,
/// `monitor_tags = "*"`), if any.
fn wildcard_scope(after: &Value) -> Option<&'static str> {
    let is_all = |v: &Value| match v {
        Value::String(s) => s.trim() == "*",
        Value::Array(xs) => xs
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.trim() == "*")),
        _ => false,
    };
    ["scope", "monitor_tags", "matchers", "filter", "selector"]
        .into_iter()
        .find(|k| after.get(*k).is_some_and(is_all))
}

/// A lifecycle or retention policy that deletes what is stored after a while (a purge after 7
/// days) destroys data: it never comes with a container, a bucket or a log group, and is in
/// scope only when the request speaks of keeping, expiring or deleting data.
fn expires_data(m: &Meaning, f: &Facts) -> Said {
    let c = f.change;
    let t = c.resource_type.as_str();
    let policy_of_data = ["lifecycle", "management_policy", "retention", "expiration"]
        .iter()
        .any(|w| t.contains(w));
    if !policy_of_data || !matches!(c.action, Action::Create | Action::Update) {
        return Said::Pass;
    }
    // A rule limited to a prefix or tag ("tmp/") cleans up a corner the owner set aside; one
    // with no such filter deletes everything stored.
    if !deletes_after_a_while(&c.after, 0) || limited_by_a_filter(&c.after, 0) {
        return Said::Pass;
    }
    let asked_for = m.asked.words.iter().any(|w| {
        [
            "lifecycle",
            "retention",
            "retain",
            "retained",
            "expire",
            "expiry",
            "expiration",
            "delete",
            "purge",
            "clean",
            "cleanup",
            "archive",
            "tier",
            "day",
            "days",
            "ttl",
            "age",
            "older",
        ]
        .contains(&w.as_str())
    });
    if asked_for {
        return Said::Pass;
    }
    Said::Out(format!(
        "{t} deletes stored data after a while, and the request does not ask for that"
    ))
}

/// A lifecycle rule's filter names a prefix or a tag (`prefix = "tmp/"`, `prefix_match =
/// ["logs/"]`, `tag { key = "temporary" }`).
fn limited_by_a_filter(v: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    let non_empty = |x: &Value| match x {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(l) => l
            .iter()
            .any(|e| e.as_str().is_some_and(|s| !s.trim().is_empty()) || e.is_object()),
        Value::Object(o) => !o.is_empty(),
        _ => false,
    };
    match v {
        Value::Object(map) => map.iter().take(128).any(|(k, x)| {
            ((k.contains("prefix") || k == "tag" || k == "tags" || k == "match_blob_index_tag")
                && non_empty(x))
                || limited_by_a_filter(x, depth + 1)
        }),
        Value::Array(l) => l.iter().take(64).any(|x| limited_by_a_filter(x, depth + 1)),
        _ => false,
    }
}

/// A rule that deletes or expires objects: a key naming deletion or expiry with a value set.
fn deletes_after_a_while(v: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match v {
        Value::Object(map) => map.iter().take(128).any(|(k, x)| {
            let names_deletion = ["delete", "expiration", "expire"]
                .iter()
                .any(|w| k.contains(w));
            let set = match x {
                Value::Null | Value::Bool(false) => false,
                Value::Array(l) => !l.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => true,
            };
            (names_deletion && set && !k.contains("protection"))
                || deletes_after_a_while(x, depth + 1)
        }),
        Value::Array(l) => l
            .iter()
            .take(64)
            .any(|x| deletes_after_a_while(x, depth + 1)),
        _ => false,
    }
}

/// "Increase memory of the api-staging lambda": a resize removes members of a counted group
/// (`worker[2]`), never a whole thing of its own (the `api-staging-v1` function beside it).
fn resize_removes_a_whole_thing(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let c = f.change;
    let only_resizes = !ms.is_empty()
        && ms.iter().all(|x| {
            m.asked
                .items
                .get(x.item)
                .is_some_and(|i| i.class == VerbClass::Scale)
        });
    if c.action == Action::Delete && only_resizes && !c.address.ends_with(']') {
        return Said::Out(format!(
            "it deletes {}, and the request asks for a resize, not a removal",
            cap_str(&c.address, 80)
        ));
    }
    Said::Pass
}

/// "a service that uses the existing Platform Primary escalation policy", "routed through our
/// current escalation": the request says a thing of that kind already exists, to be used as
/// it is. A new one is not that thing, and it is not what the asked thing needs either, whatever
/// the catalog's companions say: the request has already supplied it. Unless the request also
/// asks for a new thing of that kind in its own words ("a new queue beside the existing one").
fn made_anew_though_existing(m: &Meaning, f: &Facts) -> Said {
    let c = f.change;
    if c.action != Action::Create {
        return Said::Pass;
    }
    let of_its_kind = |item: &&Item| type_of_kind(item, &c.resource_type);
    let Some(existing) = m
        .asked
        .items
        .iter()
        .filter(of_its_kind)
        // What the verb acts on may be the existing thing itself ("replace the current
        // cluster with a new one"); only context ("that uses ...") is the thing as it is.
        .find(|item| !item.primary && !item.comes_with && item.names_an_existing_thing())
    else {
        return Said::Pass;
    };
    let asked_anew = m
        .asked
        .items
        .iter()
        .filter(of_its_kind)
        .any(|item| (item.primary || item.comes_with) && !item.names_an_existing_thing());
    if asked_anew {
        return Said::Pass;
    }
    Said::Out(format!(
        "the request says the {} already exists (\"{}\"), and this creates a new one",
        existing.kind_name(),
        cap_str(&existing.phrase, 60)
    ))
}

/// Names: the request names its target, and the change is another one (a second create beside
/// the named one, a sibling name, a rule aimed at another group, other ports).
fn named_target(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let (asked, c) = (m.asked, f.change);
    // The request names what it wants created ("ingress-nginx"); another thing of the same
    // type, named otherwise and only mentioned by context, was not asked for.
    // So is one matched only by a word of its name ("finance" in `finance_admins`) when a
    // sibling carries the whole name asked ("finance-readonly"), in its settings or, for a
    // provider whose settings are all references, in its address.
    let only_context = !ms.is_empty()
        && ms
            .iter()
            .all(|x| matches!(x.strength, Strength::Context | Strength::Named));
    if c.action == Action::Create && only_context && !asked.identifiers.is_empty() {
        let carries = |x: &Change| {
            let own = x.name.replace('_', "-");
            written_names(x)
                .iter()
                .any(|n| asked.identifiers.iter().any(|id| n == id))
                || asked.identifiers.contains(&own)
        };
        let sibling_named = m.facts.iter().any(|g| {
            g.change.resource_type == c.resource_type
                && g.change.action == Action::Create
                && carries(g.change)
        });
        // "read on handbook and style-guide repos": a name the request writes as a plain word
        // names its thing as a hyphenated one does.
        let named_as_a_word = || {
            written_names(c)
                .iter()
                .any(|n| n.len() >= 4 && asked.words.iter().any(|w| w == n))
        };
        if sibling_named && !carries(c) && !named_as_a_word() {
            return Said::Out(format!(
                "the request names {} and this {} is another one",
                cap_str(&asked.identifiers.join(", "), 60),
                c.resource_type
            ));
        }
    }
    // Matched by its name too: a name patterned like the one asked and not it is another thing.
    // So is a supporting part that points at such a sibling (a lifecycle rule on
    // "acme-dev-backups" when the request names "acme-dev-tmp").
    let named_match = ms.iter().any(|x| {
        matches!(
            x.strength,
            Strength::Direct | Strength::Context | Strength::Named | Strength::Supporting
        )
    });
    if named_match {
        if let Some(r) = named_otherwise(asked, c, m.facts) {
            return Said::Out(r);
        }
    }
    // An existing thing changed or removed under a request that names its target: by its own
    // name it must be that target, not a sibling ("docs CNAME", the plan edits "blog").
    let existing_named = c.action != Action::Create
        && ms.iter().any(|x| {
            matches!(x.strength, Strength::Direct | Strength::Context)
                && asked.items.get(x.item).is_some_and(|i| {
                    matches!(
                        i.class,
                        VerbClass::Modify | VerbClass::Scale | VerbClass::Delete
                    ) || x.strength == Strength::Context
                })
        });
    if existing_named && !f.generic_name {
        if let Some(r) = aimed_elsewhere(asked, m.plan, f) {
            return Said::Out(r);
        }
    }
    let rule_of_named_target = f.category == cat::NETWORK_ACCESS
        && ms.iter().any(|x| {
            x.strength == Strength::Direct
                && asked.items.get(x.item).is_some_and(|i| {
                    matches!(i.class, VerbClass::Allow | VerbClass::Block)
                        || i.kind_category() == Some(cat::NETWORK_ACCESS)
                })
        });
    if rule_of_named_target {
        if let Some(r) = aimed_elsewhere(asked, m.plan, f)
            .or_else(|| other_ports(asked, c))
            .or_else(|| other_sources(asked, c))
        {
            return Said::Out(r);
        }
    }
    if !ms.is_empty() {
        if let Some(r) = attached_to_another(asked, m.plan, c) {
            return Said::Out(r);
        }
    }
    Said::Pass
}

/// A part that attaches to a parent through an attribute naming the parent's kind (a
/// subscription's `topic_arn`, a rule's `bucket`, a binding's `cluster`), when the request names
/// that parent ("the billing-alerts topic") and the attribute names another one
/// (`...:staging-deploy-events`): the part is aimed at something the request did not name.
/// A parent this plan creates, of a kind the request asks to create ("a dedicated dev bucket"
/// beside "out of the shared bucket"), is the new one asked, not the one named.
fn attached_to_another(asked: &Asked, plan: &Plan, c: &Change) -> Option<String> {
    if !matches!(c.action, Action::Create | Action::Update) {
        return None;
    }
    // The named thing created in this same plan: a new part aimed at a new thing patterned like
    // it (the key `ml-features-dev` beside the account `ml-trainer-dev`) is built beside it.
    let created_here = |name: &str| {
        plan.changes.iter().take(4096).any(|o| {
            o.action == Action::Create && o.address != c.address && holds_string(&o.after, name, 64)
        })
    };
    // A bucket's `bucket` is its own name, not a parent's.
    let own = super::own_name_value(c);
    let own_kinds = catalog::kinds_of(&c.resource_type);
    let kinds = kind_words();
    let distinctive = |w: &String| {
        w.len() > 2
            && !kinds.contains(w)
            && !vocab::GENERIC_NAMES.contains(&w.as_str())
            && !vocab::NON_DISCRIMINATING.contains(&w.as_str())
            && vocab::env_of_word(w).is_none()
            && !w.chars().all(|ch| ch.is_ascii_digit())
            && !matches!(w.as_str(), "only" | "just" | "new" | "existing")
    };
    let after = c.after.as_object()?;
    if let Some(r) = sibling_of_a_named_parent(asked, after, &created_here) {
        return Some(r);
    }
    for (key, value) in after.iter().take(128) {
        let Some(value) = value.as_str() else {
            continue;
        };
        if key == "name" || value.len() > 512 || own.as_deref() == Some(&value.to_ascii_lowercase())
        {
            continue;
        }
        // A reference to a parent: the parent's kind alone (`bucket`, `topic`) or with the part
        // of it the reference gives (`topic_arn`, `cluster_id`, `queue_url`). Words like
        // `instance_type` or `permission` are settings, not parents.
        let key_words: Vec<&str> = key.split('_').collect();
        let parent = match key_words.as_slice() {
            [kind] => *kind,
            [kind, "arn" | "id" | "name" | "url"] => *kind,
            _ => continue,
        };
        for item in &asked.items {
            let Some(kind) = item.kind.and_then(|k| KINDS.get(k)) else {
                continue;
            };
            // Grants are judged by their level and breadth (`grant`), not by this.
            if kind.category == cat::IAM {
                continue;
            }
            // A cluster's `database_name`, a topic's `topic_name`: an attribute named for the
            // change's own kind names the thing itself or what it holds, not a parent.
            if own_kinds.contains(&kind.name) {
                continue;
            }
            // The attribute is named for the item's kind ("topic" of `topic_arn`).
            let of_kind = kind
                .phrases
                .iter()
                .any(|p| !p.contains(' ') && p.len() > 3 && stem(p) == stem(parent));
            let names: BTreeSet<&String> =
                item.qualifiers.iter().filter(|w| distinctive(w)).collect();
            // "SNS staging-billing-alerts: add a subscription": the parent named only by a
            // hyphenated name of its own.
            let hyphenated: Vec<&String> = if names.is_empty() {
                asked
                    .identifiers
                    .iter()
                    .filter(|i| {
                        i.contains('-')
                            && (item.phrase.contains(i.as_str())
                                || item.phrase.contains(&i.replace('-', " ")))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if !of_kind || (names.is_empty() && hyphenated.is_empty()) {
                continue;
            }
            // The parent's own name: the last part of an ARN, a path or an id.
            let tail = value.rsplit([':', '/']).next().unwrap_or(value);
            let lower_tail = tail.to_ascii_lowercase();
            if hyphenated.iter().any(|id| lower_tail.contains(id.as_str())) {
                continue;
            }
            let new_one_asked = asked
                .items
                .iter()
                .any(|i| i.primary && i.class == VerbClass::Create && i.kind == item.kind);
            if new_one_asked && created_here(&lower_tail) {
                continue;
            }
            let words: Vec<String> = tail
                .to_ascii_lowercase()
                .split(|ch: char| !ch.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(stem)
                .collect();
            // Ids often carry the name inside them (`vol-0scratch`, `R_kgDOpayments`).
            if words
                .iter()
                .any(|w| names.iter().any(|n| w.contains(n.as_str())))
            {
                continue;
            }
            // Only words of a name count: an opaque id (`subnet-0a1b2c`) names nothing.
            let named_other = words.iter().any(|w| {
                w.len() > 3
                    && distinctive(w)
                    && w.chars().all(|ch| ch.is_ascii_alphabetic())
                    && !asked.tokens.contains(w)
            });
            if named_other {
                return Some(format!(
                    "its {key} is {}, and the request names the {} {}",
                    cap_str(tail, 60),
                    names
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    kind.name
                ));
            }
        }
    }
    None
}

/// A reference to a parent (`kubernetes_cluster_id` ending in `aks-data-test`) whose name is a
/// sibling of the one the request gives (`aks-data-uat`): the same name, part for part, but for
/// one part after the first. Names are made from a pattern; one part changed is another environment, region or
/// copy of the same thing, not the one named. The name the request gives must be nowhere in the
/// change, or the reference may be to something else it also needs.
fn sibling_of_a_named_parent(
    asked: &Asked,
    after: &serde_json::Map<String, Value>,
    created_here: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let named: Vec<Vec<&str>> = asked
        .identifiers
        .iter()
        .map(|i| i.split('-').collect::<Vec<_>>())
        .filter(|parts| parts.len() >= 3 && parts.iter().all(|p| !p.is_empty()))
        .collect();
    if named.is_empty() {
        return None;
    }
    let refs: Vec<(&String, &str)> = after
        .iter()
        .take(128)
        .filter(|(key, _)| {
            // A thing's own name (`function_name`) refers to no parent.
            !matches!(
                key.as_str(),
                "name" | "function_name" | "identifier" | "cluster_identifier"
            ) && key
                .rsplit('_')
                .next()
                .is_some_and(|w| matches!(w, "id" | "arn" | "name" | "url" | "ids" | "arns"))
        })
        .flat_map(|(key, v)| {
            let values: Vec<&str> = match v {
                Value::String(s) => vec![s.as_str()],
                Value::Array(l) => l.iter().take(16).filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            values.into_iter().map(move |s| (key, s))
        })
        .filter(|(_, s)| s.len() <= 512)
        .collect();
    let everywhere = |id: &str| {
        refs.iter()
            .any(|(_, s)| s.to_ascii_lowercase().contains(id))
    };
    for (key, value) in &refs {
        let lower = value.to_ascii_lowercase();
        for segment in lower.split(['/', ':']) {
            let parts: Vec<&str> = segment.split('-').collect();
            // A value the request names in its own words ("the refund-notifier function" for
            // `refund-notifier-staging`) is that thing, whatever else it resembles.
            if asked.identifiers.iter().any(|i| {
                i == segment || (i.len() >= 6 && i.contains('-') && segment.contains(i.as_str()))
            }) {
                continue;
            }
            let sibling = named.iter().find(|n| {
                n.len() == parts.len()
                    && n.iter().zip(&parts).filter(|(a, b)| a != b).count() == 1
                    // The first part is often the kind's prefix (`rg-render-dev` beside
                    // `vmss-render-dev`): the parent of another kind, not a sibling.
                    && n.first() == parts.first()
                    && !everywhere(&n.join("-"))
                    && !created_here(&n.join("-"))
            });
            if let Some(n) = sibling {
                return Some(format!(
                    "its {key} names {}, and the request names {}",
                    cap_str(segment, 60),
                    n.join("-")
                ));
            }
        }
    }
    None
}

/// A thing of another kind beside the one asked, in the same category (an SNS topic beside the
/// SQS queue asked for, a dashboard beside the alarm): the category alone does not show it
/// serves what was asked. It does when the plan ties the two, one naming or referring to the
/// other (a subscription's `topic`, a secret's `key_vault_id`); otherwise a person decides.
fn another_kind_beside(m: &Meaning, f: &Facts, ms: &[Match], all: &[Vec<Match>]) -> Said {
    let c = f.change;
    if c.action != Action::Create || best_strength(ms) != Some(Strength::Supporting) {
        return Said::Pass;
    }
    let own_kinds = catalog::kinds_of(&c.resource_type);
    if own_kinds.is_empty() {
        return Said::Pass;
    }
    let beside: Vec<&Item> = ms
        .iter()
        .filter(|x| x.strength == Strength::Supporting)
        .filter_map(|x| m.asked.items.get(x.item))
        .filter(|i| i.kind_category() == Some(f.category))
        .collect();
    let Some(item) = beside.first() else {
        return Said::Pass;
    };
    let asked_kind = item.kind_name();
    if beside.iter().any(|i| {
        own_kinds.iter().any(|k| {
            *k == i.kind_name()
                || kinds::is_part_of(k, i.kind_name())
                || kinds::is_part_of(i.kind_name(), k)
        })
    }) {
        return Said::Pass;
    }
    // The request calls it by its own words ("… and the service", "mount kv-billing").
    let own_words = type_words(&c.resource_type).into_iter().skip(1).chain(
        own_kinds
            .iter()
            .filter_map(|k| k.rsplit(' ').next())
            .map(stem),
    );
    if own_words.into_iter().any(|w| m.asked.tokens.contains(&w)) {
        return Said::Pass;
    }
    // The changes that are the thing asked, and the names they go by.
    let asked_things: Vec<&Change> = m
        .facts
        .iter()
        .zip(all)
        .filter(|(_, xs)| xs.iter().any(|x| x.strength == Strength::Direct))
        .map(|(g, _)| g.change)
        .filter(|g| catalog::kinds_of(&g.resource_type).contains(&asked_kind))
        .collect();
    let tied = asked_things.iter().any(|g| {
        let names_of = |x: &Change| -> Vec<String> {
            let mut n = written_names(x);
            n.push(x.name.to_ascii_lowercase());
            n
        };
        let (theirs, mine) = (names_of(g), names_of(c));
        let points = |from: &Change, to: &[String]| {
            referenced_names(m.plan, from)
                .iter()
                .map(|r| r.to_ascii_lowercase())
                .chain(
                    top_level_strings(&Value::Null, &from.after)
                        .iter()
                        .map(|s| s.to_ascii_lowercase()),
                )
                .any(|r| to.iter().any(|n| *n == r || r.ends_with(&format!("/{n}"))))
        };
        points(c, &theirs) || points(g, &mine)
    });
    if tied || refers_to_something_new(c) {
        return Said::Pass;
    }
    Said::Unclear(format!(
        "it is a {} beside the {asked_kind} asked for, and nothing in the plan ties it to that {asked_kind}",
        own_kinds.first().copied().unwrap_or("resource")
    ))
}

/// Whether a created resource points at another one created in the same plan: an id or ARN
/// attribute that Terraform learns only at apply (a subnet's `vpc_id`, a subscription's
/// `topic_arn`). Its own id or ARN (`arn`, `dashboard_arn`) does not count.
fn refers_to_something_new(c: &Change) -> bool {
    let own = c.resource_type.rsplit('_').next().unwrap_or("");
    c.after_unknown.as_object().is_some_and(|o| {
        o.iter().take(256).any(|(k, v)| {
            v == &Value::Bool(true)
                && ["_id", "_arn", "_ids", "_arns"]
                    .iter()
                    .any(|e| k.ends_with(e))
                && !matches!(k.as_str(), "owner_id" | "unique_id" | "hosted_zone_id")
                && !k.starts_with(&format!("{own}_"))
        })
    })
}

/// The request spells out versions ("upgrade cert-manager to v1.15.1") and the change sets a
/// version none of them is: not what was asked.
fn named_version(m: &Meaning, f: &Facts) -> Said {
    let bare = |v: &str| v.trim_start_matches(['v', 'V']).to_string();
    let asked: Vec<String> = m
        .asked
        .named
        .iter()
        .filter(|n| n.matches('.').count() >= 2 && tokens::looks_like_version(n))
        .map(|n| bare(n))
        .collect();
    if asked.is_empty() || !f.change.action.mutates() || f.change.action == Action::Delete {
        return Said::Pass;
    }
    for (key, v) in f.change.after.as_object().into_iter().flatten().take(256) {
        let Some(set) = v.as_str() else { continue };
        if !key.contains("version") || !tokens::looks_like_version(set) {
            continue;
        }
        if f.change.before.get(key) == Some(v) {
            continue;
        }
        if !asked.contains(&bare(set)) {
            return Said::Out(format!(
                "it sets `{key}` to {}, and the request asks for {}",
                cap_str(set, 40),
                cap_str(&asked.join(", "), 60)
            ));
        }
    }
    Said::Pass
}

/// The request names a machine size ("a t3.small instance") and the change sets another one.
/// The size may be meant for something else the request names, so a person decides.
fn machine_size(m: &Meaning, f: &Facts) -> Said {
    let c = f.change;
    if !matches!(
        c.action,
        Action::Create
            | Action::Update
            | Action::ReplaceCreateBeforeDestroy
            | Action::ReplaceDestroyBeforeCreate
    ) {
        return Said::Pass;
    }
    let asked_sizes: Vec<&String> = m
        .asked
        .named
        .iter()
        .filter(|n| tokens::instance_type_kind(n).is_some())
        .collect();
    if asked_sizes.is_empty() {
        return Said::Pass;
    }
    let size_of = |v: &Value, key: &str| -> Option<String> {
        let s = v.get(key)?.as_str()?;
        // GCP may write a machine type as a URL: ".../machineTypes/n2-standard-4".
        let last = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
        tokens::instance_type_kind(&last).map(|_| last)
    };
    for key in catalog::sizes::MACHINE_SIZE_ATTRIBUTES {
        let Some(planned) = size_of(&c.after, key) else {
            continue;
        };
        if size_of(&c.before, key).as_ref() == Some(&planned) {
            continue;
        }
        // "r6g.large" for `db.r6g.large`, "D8s_v5" for `Standard_D8s_v5`: the family prefix a
        // provider writes before the size is not part of which size it is.
        let bare = |s: &str| -> String {
            let s = s.to_ascii_lowercase();
            ["db.", "cache.", "standard_", "basic_"]
                .iter()
                .find_map(|p| s.strip_prefix(p).map(str::to_string))
                .unwrap_or(s)
        };
        if !asked_sizes.iter().any(|s| bare(s) == bare(&planned)) {
            return Said::Unclear(format!(
                "it sets `{key}` to {planned}, and the request names {}",
                cap_str(
                    &asked_sizes
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    60
                )
            ));
        }
    }
    Said::Pass
}

/// "A new topic, 6 partitions": a number the request gives for a setting of the thing it creates
/// (the word after the number names the setting, `partitions_count`) must be the number the
/// created thing gets. Twelve partitions for six is another thing than the one asked.
fn created_with_another_number(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let c = f.change;
    if c.action != Action::Create || ms.is_empty() {
        return Said::Pass;
    }
    // The numbers the request gives a word that names no kind: "6 partitions", "Six partitions
    // are enough". The word right after the number is what it counts.
    let said: Vec<(String, u32)> = m
        .asked
        .items
        .iter()
        .filter(|i| i.kind.is_none())
        .filter_map(|i| {
            // The phrase opens with the number: "6 partitions", "six partitions are enough"
            // (a phrase in context keeps no count of its own, so it is read from the words).
            let mut words = i.phrase.split(' ');
            let first = words.next()?;
            let n = first
                .parse::<u32>()
                .ok()
                .or_else(|| vocab::count_word(first))?;
            let unit = words.next()?;
            // "thirty days of validity": a unit of measure names no setting; which setting
            // holds a duration is judged with the duration (`settings`), not by its unit.
            let measure = vocab::UNITS.contains(&unit);
            (n > 1 && unit.len() > 3 && !measure).then(|| (stem(unit), n))
        })
        // "partitions=6": the same count, written as a setting.
        .chain(m.asked.named.iter().filter_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            let n = value.parse::<u32>().ok()?;
            let key = key.to_ascii_lowercase();
            (n > 1 && key.len() > 3 && key.chars().all(|c| c.is_ascii_alphabetic()))
                .then(|| (stem(&key), n))
        }))
        .take(8)
        .collect();
    if said.is_empty() {
        return Said::Pass;
    }
    let mut numbers = Vec::new();
    created_numbers(&c.after, "", 0, &mut numbers);
    for (path, value) in &numbers {
        let leaf = path.rsplit('.').next().unwrap_or(path);
        let parts: Vec<String> = leaf.split('_').map(stem).collect();
        // A bound ("max_partitions") is not the number itself; a measure
        // ("receive_wait_time_seconds") is no count of what its words name ("5 receives").
        if parts.iter().any(|p| {
            matches!(p.as_str(), "max" | "min" | "limit") || vocab::UNITS.contains(&p.as_str())
        }) {
            continue;
        }
        if let Some((unit, n)) = said.iter().find(|(unit, _)| parts.contains(unit)) {
            if *value != i64::from(*n) {
                return Said::Out(format!(
                    "it sets {path} to {value}, and the request says {n} {unit}s"
                ));
            }
        }
    }
    Said::Pass
}

/// The whole numbers a created thing's settings hold, with their dotted paths, bounded in depth
/// and count (the plan is hostile). Kubernetes writes counts as strings ("replicas": "4").
fn created_numbers(v: &Value, path: &str, depth: usize, out: &mut Vec<(String, i64)>) {
    if depth > 4 || out.len() >= 64 {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter().take(128) {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                created_numbers(x, &p, depth + 1, out);
            }
        }
        // One-element block lists are Terraform's way of writing a block.
        Value::Array(l) if l.len() == 1 => {
            if let Some(x) = l.first() {
                created_numbers(x, path, depth + 1, out);
            }
        }
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push((path.to_string(), i));
            }
        }
        Value::String(s) if !path.is_empty() => {
            if let Ok(i) = s.parse::<i64>() {
                out.push((path.to_string(), i));
            }
        }
        _ => {}
    }
}

/// A refactoring request is met by moves alone.
fn refactoring(m: &Meaning, f: &Facts) -> Said {
    if m.refactor_only {
        return Said::Out(format!(
            "the request asks only to rename or move resources in the configuration; this {} changes the resource itself",
            f.change.action.as_str()
        ));
    }
    Said::Pass
}

/// Something private was asked for, and the change makes its resource public.
fn exposure(m: &Meaning, f: &Facts) -> Said {
    // Public subnets asked for are meant to give their hosts public addresses.
    let public_subnet_asked = m.asked.public_network && f.category == cat::NETWORK;
    match (
        m.asked.private && !public_subnet_asked,
        publicly_exposed(f.change),
    ) {
        (true, Some(how)) => Said::Out(format!(
            "it is {how}, and the request asks for something private or internal"
        )),
        _ => Said::Pass,
    }
}

/// The AWS account ids in the ARNs the plan's changes carry outside policy documents
/// (`arn:aws:iam::123456789012:role/x`), bounded: the accounts the plan's own things live in.
fn accounts_named_elsewhere(plan: &Plan, c: &Change) -> BTreeSet<String> {
    fn walk(v: &Value, depth: usize, budget: &mut usize, out: &mut BTreeSet<String>) {
        if depth > 6 || *budget == 0 {
            return;
        }
        *budget -= 1;
        match v {
            Value::String(s) if s.starts_with("arn:aws") => {
                if let Some(a) = s.split(':').nth(4).filter(|a| a.len() == 12) {
                    out.insert(a.to_string());
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, depth + 1, budget, out)),
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| k.as_str() != "policy")
                .for_each(|(_, x)| walk(x, depth + 1, budget, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    let mut budget = 4096;
    // The policy's own other settings count too (`cluster_arn`): only its document is skipped.
    walk(c.current(), 0, &mut budget, &mut out);
    for other in plan.changes.iter().filter(|o| o.address != c.address) {
        walk(other.current(), 0, &mut budget, &mut out);
    }
    out
}

/// Grants: one nobody asked for, one to everyone, or one stronger than the access asked for.
fn grant(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let (asked, c) = (m.asked, f.change);
    let public_asked = asked.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "public" | "publicly" | "everyone" | "anyone" | "unauthenticated" | "internet"
        )
    });
    // A resource policy letting in anyone opens the thing to the world, whatever it is
    // attached to and however well it otherwise fits.
    if access::lets_in_anyone(c) && !public_asked {
        return Said::Out(
            "its policy lets anyone in, which the request does not ask for".to_string(),
        );
    }
    // A directory's group of everybody (Okta's "Everyone", "all-employees") given access: the
    // whole organisation, where the request names no such breadth.
    let whole_org_asked = asked.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "everyone"
                | "everybody"
                | "anyone"
                | "all"
                | "whole"
                | "entire"
                | "company"
                | "companywide"
                | "organization"
                | "organisation"
                | "org"
                | "orgwide"
                | "employees"
                | "staff"
        )
    });
    if !whole_org_asked
        && (f.category == cat::IAM || access::grant_level(c).is_some())
        && access::grantee_is_everybody(c)
    {
        return Said::Out(
            "it grants access to everybody in the directory, and the request names one group"
                .to_string(),
        );
    }
    let Some(granted) = access::grant_level_in(c, &m.plan.changes) else {
        return Said::Pass;
    };
    // A grant nobody asked for: the request asks for no access, names no permission, and it is
    // not the runtime identity's own grant. Granting everyone (`allUsers`) is never implied.
    // "Its own login to the orders database": a database user is access asked for.
    let asks_access = m.wanted_level.is_some()
        || asked.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "access" | "permission" | "permissions" | "perms"
            )
        })
        || asked.people_given_an_ability
        || asked
            .items
            .iter()
            .any(|i| i.kind_category() == Some(cat::IAM));
    let to_everyone = ["member", "members"].iter().any(|k| {
        let v = c.current().get(*k);
        let is_all = |s: &str| matches!(s, "allUsers" | "allAuthenticatedUsers");
        v.and_then(Value::as_str).is_some_and(is_all)
            || v.and_then(Value::as_array)
                .is_some_and(|l| l.iter().filter_map(Value::as_str).any(is_all))
    });
    // Letting in another account or anyone serves nothing the plan runs, however well the
    // grant otherwise fits.
    let supporting_grant = (grant_for_new_identity(&m.ctx, c)
        || ms.iter().all(|x| x.strength == Strength::Supporting))
        && !access::opens_to_another_account(c);
    if to_everyone && !public_asked {
        return Said::Out(
            "it grants access to everyone, which the request does not ask for".to_string(),
        );
    }
    // A resource policy letting in an account the request never names: access from outside.
    // Where the plan shows its own account elsewhere and this is another one, that is sure;
    // where the plan shows no account of its own, a person decides.
    let outside: Vec<String> = access::accounts_let_in(c)
        .into_iter()
        .filter(|a| !asked.text.contains(a.as_str()))
        .collect();
    if let Some(account) = outside.first() {
        let own = accounts_named_elsewhere(m.plan, c);
        if access::opens_to_another_account(c) || (!own.is_empty() && !own.contains(account)) {
            return Said::Out(format!(
                "it lets AWS account {account} in, and the request names no other account"
            ));
        }
        // Whether it is the plan's own account or not, nobody asked for access at all.
        if own.is_empty() && !asks_access {
            return Said::Out(format!(
                "it lets AWS account {account} in, and the request asks for no access"
            ));
        }
        if own.is_empty() {
            return Said::Unclear(format!(
                "it lets AWS account {account} in, and the plan does not show whether that account is its own"
            ));
        }
    }
    // "Notify the queue when a file lands": the storage service may now send to the queue it
    // serves. Such wiring between the provider's parts is part of a new thing working; it is
    // never administration, and it is not the access a person asked for.
    if c.action == Action::Create
        && access::to_provider_service_only(c)
        && m.plan
            .changes
            .iter()
            .any(|o| o.action == Action::Create && access::grant_level(o).is_none())
        && granted != access::Level::Admin
    {
        return Said::Pass;
    }
    // "An AKS cluster": the cluster's own identity may manage the subnet it runs in. Joining a
    // network is part of running there, whatever access the request asks for its workloads.
    let creates_runner = || {
        m.plan.changes.iter().any(|o| {
            o.action == Action::Create
                && [cat::CONTAINER, cat::COMPUTE].contains(&catalog::category_of(&o.resource_type))
        })
    };
    if c.action == Action::Create
        && granted != access::Level::Admin
        && access::scoped_to_a_network(c)
        && grant_for_new_identity(&m.ctx, c)
        && creates_runner()
    {
        return Said::Pass;
    }
    // "Create the topic": an ACL letting an existing principal do everything on it comes with
    // the new thing, but nobody asked for anyone to administer it. What a new thing needs of
    // its own identity is judged above; this is someone else's power over it.
    if !asks_access
        && granted == access::Level::Admin
        && !grant_for_new_identity(&m.ctx, c)
        && !access::to_provider_service_only(c)
    {
        return Said::Out(
            "it grants admin access to an existing principal, and the request asks for no access"
                .to_string(),
        );
    }
    if !asks_access && !supporting_grant {
        return Said::Out("it grants access, and the request asks for none".to_string());
    }
    // "read-only on the dataset; they need to run queries": running query jobs in the project
    // is how the read access granted beside it is used, and reads nothing by itself.
    if access::runs_jobs_for_another_grant(c, &m.plan.changes) {
        return Said::Pass;
    }
    // "Reader on the resource group rg-reporting", "read access to deployments in the
    // payments-staging namespace": a grant across the whole subscription, project or cluster
    // gives that access to everything else in it too.
    if asks_access && !grant_for_new_identity(&m.ctx, c) {
        let narrower = || narrower_named(asked).or_else(|| named_place_the_grant_omits(asked, c));
        if let (Some(breadth), Some(named)) = (access::grant_breadth(c), narrower()) {
            if !breadth_asked(asked, breadth) {
                return Said::Out(format!(
                    "it grants access across {breadth}, and the request asks for access to {named}"
                ));
            }
        }
    }
    // "get and patch deployments", "insert into staging_raw": a grant that also creates,
    // updates or deletes allows what nobody asked for.
    // The verb that acts on the grant itself ("create a role") is not a verb it grants; one
    // that acts on the workload ("patch deployments") is.
    let clause_verbs: Vec<&str> = asked
        .items
        .iter()
        .filter(|i| i.kind_category() == Some(cat::IAM))
        .map(|i| i.verb.as_str())
        .collect();
    if let Some(extra) = access::operations_beyond(c, &asked.text, &clause_verbs) {
        return Said::Out(format!(
            "it also grants {extra}, which the request does not name"
        ));
    }
    // More access than asked is out whoever gets it; otherwise a grant to someone the request
    // does not name needs a person.
    let level = grant_against_asked(m, c, granted, supporting_grant);
    if matches!(level, Said::Out(_)) || supporting_grant {
        return level;
    }
    match grant_to_someone_else(asked, c) {
        Some(r) => Said::Unclear(r),
        None => level,
    }
}

/// What narrower thing the request gives access to, when it names one: a namespace, a resource
/// group, or a resource it names by its own name ("the BigQuery dataset analytics_staging").
fn narrower_named(asked: &Asked) -> Option<&'static str> {
    let has = |w: &str| asked.words.iter().any(|x| x == w);
    if has("namespace") || has("ns") {
        return Some("one namespace");
    }
    // "just in payments-staging", "only in the reports bucket": access limited to one place.
    let limited = asked
        .words
        .windows(2)
        .any(|p| matches!(p[0].as_str(), "just" | "only") && p[1] == "in");
    if limited {
        return Some("the one place it names");
    }
    if (has("resource") && has("group")) || asked.identifiers.iter().any(|i| i.starts_with("rg-")) {
        return Some("one resource group");
    }
    // The resource and its own name in one phrase: "the analytics_staging dataset", not a
    // cluster in a request that also mentions "on-call".
    let named_resource = asked.items.iter().any(|i| {
        let phrase = i.phrase.replace(['-', '_'], " ");
        i.kind_category()
            .is_some_and(|c| ![cat::IAM, cat::ACCOUNT, kinds::EVERYTHING].contains(&c))
            && asked
                .identifiers
                .iter()
                .map(String::as_str)
                .chain(asked.named.iter().map(String::as_str))
                .chain(snake_case_names(&asked.text))
                .any(|n| n.len() >= 4 && phrase.contains(&n.replace(['-', '_'], " ")))
    });
    if named_resource {
        return Some("one named resource");
    }
    // "query the marketing dataset", "the invoices bucket": a thing that holds data, told apart
    // by a word of its own, is one such thing, narrower than the project it lives in.
    const USE_WORDS: &[&str] = &[
        "query", "read", "write", "access", "view", "list", "only", "readonly", "data",
    ];
    let kinds = kind_words();
    let one_data_holder = asked.items.iter().any(|i| {
        i.kind_category().is_some_and(|c| {
            [
                cat::OBJECT_STORAGE,
                cat::ANALYTICS,
                cat::MESSAGING,
                cat::SECRETS,
                cat::DATABASE,
            ]
            .contains(&c)
        }) && i.qualifiers.iter().any(|q| {
            q.len() >= 4
                && q.chars().all(|ch| ch.is_ascii_alphabetic())
                && !USE_WORDS.contains(&q.as_str())
                && !kinds.contains(q)
                && !vocab::GENERIC_NAMES.contains(&q.as_str())
                && !vocab::NON_DISCRIMINATING.contains(&q.as_str())
                && vocab::env_of_word(q).is_none()
                && super::products::named_in(std::slice::from_ref(q)).is_empty()
        })
    });
    one_data_holder.then_some("one named resource")
}

/// A resource the request names for the access ("read blobs from stclaimsdocsdev", "objectViewer
/// on gs://acme-dev-raw", "403s on acme-dev-raw ... read that bucket") that the grant itself
/// never mentions: not in its scope, its grantee, its address or any other value. A grant that
/// reaches a whole project or subscription and does not name the one thing asked is not limited
/// to it. A name the grant carries is its grantee or its own scope, and says nothing.
fn named_place_the_grant_omits(asked: &Asked, c: &Change) -> Option<&'static str> {
    // Access to a thing: some item names a kind of resource that is not access itself.
    let a_resource_kind = asked.items.iter().any(|i| {
        i.kind_category()
            .is_some_and(|k| ![cat::IAM, cat::ACCOUNT, kinds::EVERYTHING].contains(&k))
    });
    let kinds = kind_words();
    // A lone name beside a kind or a preposition ("the storage account stclaimsdocsdev",
    // "scope = stclaimsdocsdev only"): one long word that is nothing the analysis knows.
    let lone_names = asked
        .items
        .iter()
        .filter_map(|i| match i.qualifiers.as_slice() {
            [q] if q.len() >= 8
                && q.chars().all(|ch| ch.is_ascii_alphanumeric())
                && !q.chars().any(|ch| ch.is_ascii_digit())
                && !kinds.contains(q)
                && !vocab::GENERIC_NAMES.contains(&q.as_str())
                && !vocab::NON_DISCRIMINATING.contains(&q.as_str())
                && vocab::env_of_word(q).is_none() =>
            {
                Some(q.as_str())
            }
            _ => None,
        });
    // A URL names a resource by itself (`gs://acme-dev-raw`, `s3://reports`).
    let urls = asked.identifiers.iter().filter(|i| i.contains("://"));
    let names: Vec<String> = if a_resource_kind {
        asked
            .identifiers
            .iter()
            .map(String::as_str)
            .chain(snake_case_names(&asked.text))
            .chain(lone_names)
            .map(|n| n.rsplit("://").next().unwrap_or(n).to_ascii_lowercase())
            .collect()
    } else {
        urls.map(|n| n.rsplit("://").next().unwrap_or(n).to_ascii_lowercase())
            .collect()
    };
    if names.is_empty() {
        return None;
    }
    // Written with `-` or `_` alike: `claims-api` and `claims_api` are one name.
    let flat = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    let omitted = names.iter().filter(|n| n.len() >= 4).any(|n| {
        let n = flat(n);
        !flat(&c.address).contains(&n) && !any_string(c.current(), 256, |s| flat(s).contains(&n))
    });
    omitted.then_some("a resource it names that the grant does not mention")
}

/// Names written in snake case ("analytics_staging"): a thing's own name, as a provider spells it.
fn snake_case_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.contains('_') && !w.starts_with('_') && !w.ends_with('_'))
        .take(32)
}

/// The request itself asks for the wide grant ("project-wide", "across the subscription", "in
/// every namespace", "cluster-wide").
fn breadth_asked(asked: &Asked, breadth: &str) -> bool {
    let has = |w: &str| asked.words.iter().any(|x| x == w);
    let wide = has("wide")
        || has("every")
        || has("everything")
        || has("all")
        || has("across")
        || has("whole");
    match breadth {
        "every namespace" => wide || has("cluster") && has("wide") || has("clusterrole"),
        "the whole subscription" => wide && has("subscription"),
        "the whole project" => wide && has("project") || has("projectwide"),
        "every database on the server" => {
            wide && (has("databases") || has("schemas") || has("server"))
        }
        _ => wide,
    }
}

/// A grant's level against the level the request asks for.
fn grant_against_asked(
    m: &Meaning,
    c: &Change,
    granted: access::Level,
    supporting_grant: bool,
) -> Said {
    let Some(wanted) = m.wanted_level else {
        // Access asked with no level said: administering everything is not what anyone means
        // by "access" ("assign the group to the app", "grant its role access to that model"):
        // admin is more than any such request asks.
        if granted == access::Level::Admin && !supporting_grant {
            return Said::Out(
                "it grants admin access, and the request does not say which access it asks for"
                    .to_string(),
            );
        }
        return Said::Pass;
    };
    let judged_through_created_policy = c.resource_type.ends_with("policy_attachment")
        && m.creates_policy
        && (c.after_unknown.get("policy_arn") == Some(&Value::Bool(true))
            || c.after.get("policy_arn").is_none());
    // AWS keeps the policies its services run with under `service-role/`
    // (`AWSLambdaBasicExecutionRole`: writing the function's own logs): on a new runtime
    // identity, that is running the thing, not the access a person asked for.
    let service_execution = supporting_grant
        && c.after
            .get("policy_arn")
            .and_then(Value::as_str)
            .is_some_and(|a| a.starts_with("arn:aws:iam::aws:policy/service-role/"));
    if granted == access::Level::Unknown && (judged_through_created_policy || service_execution) {
        // The policy it attaches is created in this plan and judged as its own change.
        Said::Pass
    } else if granted == access::Level::Unknown {
        Said::Unclear(format!(
            "the request asks for {} access, and the access this grants could not be read from the plan",
            wanted.as_str()
        ))
    } else if granted > wanted {
        Said::Out(format!(
            "it grants {} access, and the request asks for {} access",
            granted.as_str(),
            wanted.as_str()
        ))
    } else {
        Said::Pass
    }
}

/// A grant whose grantee the plan spells out (a GCP member, a Kubernetes subject, the AWS role or
/// user a policy is put on) and which carries none of the words the request uses for whom the
/// access is for ("finance analysts", "the ci-bot service account"): it may be for someone else,
/// so a person must check. `None` when either side says nothing readable.
fn grant_to_someone_else(asked: &Asked, c: &Change) -> Option<String> {
    const NOT_WHO: &[&str] = &[
        "read",
        "only",
        "readonly",
        "write",
        "access",
        "role",
        "able",
        "should",
        "group",
        "team",
        "service",
        "account",
        "identity",
        "managed",
        "user",
        "permission",
        "viewer",
        "reader",
        "editor",
        "admin",
        "owner",
        "right",
        "need",
        "let",
        "can",
        "the",
        "grant",
    ];
    let who: Vec<&str> = asked
        .items
        .iter()
        .filter(|i| i.primary && i.kind_category() == Some(cat::IAM))
        .flat_map(|i| i.qualifiers.iter())
        .map(String::as_str)
        .filter(|w| w.len() >= 3 && !NOT_WHO.contains(w))
        .filter(|w| !vocab::NON_DISCRIMINATING.contains(w))
        .collect();
    if who.is_empty() {
        return None;
    }
    let v = c.current();
    let t = c.resource_type.as_str();
    let keys: &[&str] = if t.starts_with("aws_") {
        &["role", "user", "group", "roles", "users", "groups"]
    } else if t.starts_with("google_") {
        &["member", "members"]
    } else if t.starts_with("github_") {
        &["username"]
    } else {
        &[]
    };
    let mut principals: Vec<String> = keys
        .iter()
        .filter_map(|k| v.get(*k))
        .flat_map(|x| match x {
            Value::Array(l) => l.iter().take(32).filter_map(Value::as_str).collect(),
            other => other.as_str().into_iter().collect::<Vec<_>>(),
        })
        .map(str::to_ascii_lowercase)
        .collect();
    if t.starts_with("kubernetes_") {
        principals.extend(
            v.get("subject")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(32)
                .filter_map(|s| s.get("name").and_then(Value::as_str))
                .map(str::to_ascii_lowercase),
        );
    }
    // Ids and masked values say nothing about who it is.
    principals.retain(|p| {
        p.chars().filter(char::is_ascii_alphabetic).count() >= 3
            && p != crate::engine::redact::REDACTED
    });
    if principals.is_empty() || principals.iter().any(|p| who.iter().any(|w| p.contains(w))) {
        return None;
    }
    // A principal the request names anywhere ("bind the view role for ci-deployer") is who it
    // asks for, whichever phrase its name sits in.
    let named_in_request = principals.iter().any(|p| {
        let bare = p.rsplit([':', '/']).next().unwrap_or(p);
        let bare = bare.split('@').next().unwrap_or(bare);
        bare.len() >= 4 && asked.text.contains(bare)
    });
    if named_in_request {
        return None;
    }
    Some(format!(
        "it grants access to {}, and the request asks for access for \"{}\"",
        cap_str(&principals.join(", "), 80),
        cap_str(&who.join(" "), 60)
    ))
}

/// An update covers the settings the request names, at the values it names; an update of
/// another kind of thing than the one named changes nothing the request speaks of.
fn settings_of_update(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let (asked, c) = (m.asked, f.change);
    if c.action != Action::Update {
        return Said::Pass;
    }
    // Whatever the verb, an in-place update of the thing the request names is a change of its
    // settings ("dev-inventory-pg should run on db-custom-4-15360").
    let modifying = ms
        .iter()
        .any(|x| matches!(x.strength, Strength::Direct | Strength::Context));
    if modifying {
        // "max 12": a setting the request gives a number must end at that number.
        let mut nums = Vec::new();
        changed_numbers(&c.before, &c.after, "", 0, &mut nums);
        let off = nums.iter().find_map(|(path, _, a)| {
            let leaf = path.rsplit('.').next().unwrap_or(path);
            let leaf = leaf.split('[').next().unwrap_or(leaf);
            let parts: Vec<String> = leaf.split('_').map(stem).collect();
            asked
                .values
                .iter()
                .find(|(w, n)| parts.contains(w) && a != n)
                .map(|(_, n)| (path.clone(), *a, *n))
        });
        if let Some((path, a, n)) = off {
            return Said::Out(format!("it sets {path} to {a}, and the request says {n}"));
        }
    }
    // "from M10 to M20", "to M20": the value the request moves must end where it says, however
    // the change was matched.
    if !ms.is_empty() {
        if let Some((path, now, wanted)) = settings::other_than_said(c, &asked.said_values) {
            return Said::Out(format!(
                "it sets {path} to {}, and the request says {}",
                cap_str(&now, 40),
                cap_str(&wanted, 40)
            ));
        }
    }
    // The request speaks of some of this update's settings (however the change was matched:
    // "required approvals 1 -> 2" on a branch protection found through its repository): the
    // others it changes are not asked for.
    if !ms.is_empty() {
        let words = settings::words_naming_settings(
            &asked.tokens,
            &asked.words,
            asked.items.iter().map(|i| i.verb.as_str()),
        );
        let extra = settings::unmentioned_changes(c, &words, &asked.text);
        if !extra.is_empty() {
            return Said::Out(also_changes(&extra));
        }
        // "up to five instances": a number of members names the attributes that count them
        // (`desired_capacity`), and only those.
        let changed = settings::changed_attributes(c);
        let counts_members = |k: &String| {
            let leaf = k.rsplit('.').next().unwrap_or(k);
            asked.members.iter().any(|(_, member)| {
                catalog::size_attributes(&c.resource_type, member).contains(&leaf)
            })
        };
        if changed.iter().any(counts_members) {
            let unsaid: Vec<String> = changed
                .iter()
                .filter(|k| !counts_members(k) && !settings::named_by_its_own_words(k, &words))
                .cloned()
                .collect();
            if !unsaid.is_empty() {
                return Said::Out(also_changes(&unsaid));
            }
        }
    }
    // Changing one thing does not bring updates to things of other kinds with it (resizing a
    // server does not need its security group changed), unless the request names what they
    // change.
    let only_supporting_modify = !ms.is_empty()
        && ms.iter().all(|x| {
            x.strength == Strength::Supporting
                && asked.items.get(x.item).is_some_and(|i| {
                    i.class == VerbClass::Modify && i.kind_category() != Some(f.category)
                })
        });
    if only_supporting_modify {
        let changed = settings::changed_attributes(c);
        if !changed
            .iter()
            .any(|k| settings::mentioned(k, &asked.tokens))
        {
            return Said::Unclear(format!(
                "the request asks to change something else; this update of a {} changes {}, which the request does not mention",
                f.category,
                cap_str(&changed.join(", "), 80)
            ));
        }
    }
    Said::Pass
}

/// Why an update that also changes settings the request does not speak of is out of scope.
pub(super) fn also_changes(unsaid: &[String]) -> String {
    format!(
        "it also changes {}, which the request does not mention",
        cap_str(&unsaid.join(", "), 80)
    )
}

/// "A three-node cluster": the members planned inside the requested thing. More is out of
/// scope; fewer is noted in `fewer` for a `missing_action`.
fn members(m: &Meaning, f: &Facts, ms: &[Match], fewer: &mut Vec<String>) -> Said {
    let c = f.change;
    if c.action != Action::Create || ms.is_empty() {
        return Said::Pass;
    }
    // A cluster created without its default pool (`remove_default_node_pool`) keeps no members
    // of its own: its `initial_node_count` only boots it, and the pools beside it are counted.
    if c.after.get("remove_default_node_pool") == Some(&Value::Bool(true)) {
        return Said::Pass;
    }
    // "an Aurora cluster with 2 instances": members planned as resources of their own
    // (`aws_rds_cluster_instance.ledger[2]`) are counted by their index.
    if let Some(index) = c
        .address
        .strip_suffix(']')
        .and_then(|a| a.rsplit_once('['))
        .and_then(|(_, i)| i.parse::<u64>().ok())
    {
        let member_type = c.resource_type.ends_with("_instance")
            && m.plan.changes.iter().any(|o| {
                o.action == Action::Create
                    && c.resource_type
                        .strip_suffix("_instance")
                        .is_some_and(|owner| o.resource_type == owner)
            });
        let asked = m
            .asked
            .members
            .iter()
            .find(|(_, member)| *member == "instance")
            .map(|(n, _)| *n);
        if let (true, Some(n)) = (member_type, asked) {
            if index >= n {
                return Said::Out(format!(
                    "more than asked: it is member {} of its cluster, and the request asks for {n} instances",
                    index + 1
                ));
            }
            return Said::Pass;
        }
    }
    // "an EKS cluster with 3 nodes and an Aurora cluster with 2 instances": when several
    // counts are asked, a change is held to the one its sizes fit, not to every one.
    let fits_one = m.asked.members.len() > 1
        && m.asked.members.iter().any(|(n, member)| {
            let n = i64::try_from(*n).unwrap_or(i64::MAX);
            let sizes = quantity::planned_sizes(c, member);
            !sizes.is_empty() && sizes.iter().all(|(_, v)| *v == n)
        });
    if fits_one {
        return Said::Pass;
    }
    for (n, member) in &m.asked.members {
        let sizes = quantity::planned_sizes(c, member);
        let n = i64::try_from(*n).unwrap_or(i64::MAX);
        if let Some((path, have)) = sizes.iter().find(|(_, v)| *v > n) {
            return Said::Out(format!(
                "more than asked: it is planned with {path} = {have}, and the request asks for {n} {member}s"
            ));
        }
        if let Some((path, have)) = sizes.iter().find(|(_, v)| *v < n) {
            fewer.push(format!(
                "The request asks for {n} {member}s, but {} is planned with {path} = {have}.",
                c.address
            ));
        }
    }
    Said::Pass
}

/// How a change makes its resource public, from its own attributes: a public repository, a
/// publicly accessible database, a subnet that hands out public addresses, an internet-facing load
/// balancer, public network access, a public ACL.
pub(super) fn publicly_exposed(c: &Change) -> Option<&'static str> {
    let v = &c.after;
    let is = |k: &str, want: &Value| v.get(k) == Some(want);
    let t = Value::Bool(true);
    let f = Value::Bool(false);
    if v.get("visibility").and_then(Value::as_str) == Some("public") || is("private", &f) {
        return Some("public");
    }
    if is("publicly_accessible", &t) {
        return Some("publicly accessible");
    }
    if is("map_public_ip_on_launch", &t) || is("associate_public_ip_address", &t) {
        return Some("given public IP addresses");
    }
    if is("internal", &f) && c.resource_type.contains("_lb") {
        return Some("internet-facing");
    }
    if is("public_network_access_enabled", &t) {
        return Some("open to public network access");
    }
    if v.get("acl")
        .and_then(Value::as_str)
        .is_some_and(|a| a.starts_with("public"))
    {
        return Some("publicly readable");
    }
    None
}

/// "Move the resources into a module", "refactor the network code": a request met by moves alone.
/// Moving or renaming a cloud object ("move the database to eu-west-1") is not a refactoring: the
/// request must speak of the configuration (modules, addresses, state) or say "refactor".
pub(super) fn refactor_only(asked: &Asked) -> bool {
    // "The billing app, its add-on and its formation move into a billing module": where the
    // things moved are the sentence's subject, no item is an object, and the verbs of all of
    // them say what is asked.
    let primary: Vec<&Item> = if asked.primary().next().is_some() {
        asked.primary().collect()
    } else {
        asked.items.iter().collect()
    };
    if primary.is_empty() {
        return false;
    }
    // A Terraform address written out ("aws_s3_bucket.logs", "module.search.aws_instance.node")
    // says the words are about the configuration too.
    let names_an_address = asked.text.split_whitespace().any(|t| {
        let t = t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        let mut parts = t.split('.');
        matches!((parts.next(), parts.next()), (Some(ty), Some(name))
            if ty.contains('_')
                && !name.is_empty()
                && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"')))
    });
    let config_words = names_an_address
        || asked.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "module"
                    | "modules"
                    | "address"
                    | "addresses"
                    | "state"
                    | "configuration"
                    | "code"
                    // "rename the vnet in terraform": the tool's name says the same.
                    | "terraform"
                    | "tf"
            )
        });
    let refactor_verb = |i: &&Item| {
        matches!(
            i.verb.as_str(),
            "refactor" | "reorganize" | "reorganise" | "restructure"
        )
    };
    // "tf refactor - topics -> module.messaging via moved blocks": the word, or Terraform's
    // `moved` block, says what the request is, whichever verb the parse gave its phrases.
    let said_refactor = asked.items.iter().any(|i| refactor_verb(&i))
        || asked.words.iter().enumerate().any(|(n, w)| {
            matches!(w.as_str(), "refactor" | "refactoring")
                || (w == "moved"
                    && asked
                        .words
                        .get(n + 1)
                        .is_some_and(|b| matches!(b.as_str(), "block" | "blocks")))
        });
    // What a refactoring request says of the plan itself ("expect zero diff", "plan should be
    // moves only", "nothing created, nothing destroyed") names no resource and asks nothing.
    let about_the_plan = |i: &&Item| {
        i.kind.is_none()
            && i.qualifiers.iter().all(|q| {
                matches!(
                    q.as_str(),
                    "plan"
                        | "diff"
                        | "zero"
                        | "expect"
                        | "expected"
                        | "only"
                        | "pure"
                        | "tf"
                        | "terraform"
                        | "refactor"
                        | "block"
                        | "moved"
                        | "move"
                        | "should"
                        | "nothing"
                        | "no"
                        | "noop"
                        | "just"
                        | "code"
                        | "state"
                        | "address"
                        | "configuration"
                )
            })
    };
    let moves_in_code = |i: &&Item| {
        matches!(i.verb.as_str(), "move" | "rename" | "relocate") && (config_words || said_refactor)
    };
    // "terraform refactor: the topic and its subscriptions -> module.events": under a
    // refactoring, a thing listed with no verb written for it is what is moved. A new one ("a new
    // bucket", "one more queue") is still asked to be made.
    let listed_under_refactor = |i: &&Item| {
        let verb_written = i
            .verb
            .split(' ')
            .next()
            .is_some_and(|v| asked.words.iter().any(|w| w == v));
        said_refactor
            && !verb_written
            && i.count.is_none()
            && !i
                .phrase
                .split(' ')
                .any(|w| matches!(w, "new" | "another" | "more" | "extra" | "additional"))
    };
    primary.iter().all(|i| {
        refactor_verb(i) || moves_in_code(i) || about_the_plan(i) || listed_under_refactor(i)
    }) && (said_refactor || primary.iter().any(moves_in_code))
}

/// A request is understood when it names a kind of resource, or when some change is what it asks
/// for by name or by environment, or a thing it mentions. Otherwise ("apply the changes as
/// planned", "do the usual") it covers nothing, and every change it would carry is unclear.
fn asked_is_understood(asked: &Asked, facts: &[Facts], matches: &[Vec<Match>]) -> bool {
    let names_kind = asked
        .items
        .iter()
        .any(|i| i.kind.is_some() && !(i.is_everything() && i.class == VerbClass::Modify));
    let matched = facts.iter().zip(matches).any(|(f, ms)| {
        f.change.action.mutates()
            && ms.iter().any(|m| {
                matches!(
                    m.strength,
                    Strength::Direct | Strength::Named | Strength::Context
                ) || (m.strength == Strength::EnvWide
                    && asked
                        .items
                        .get(m.item)
                        .is_some_and(|i| i.class != VerbClass::Modify))
            })
    });
    // "Refactor the network into a module" is understood: it asks for moves and nothing else.
    names_kind || matched || refactor_only(asked)
}
