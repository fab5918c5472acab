//! Clause-kind detectors: whether a clause speaks of network traffic or asks for access.
use super::phrases::np_kinds;
use super::tokens::{looks_like_address, word, Tok};
use super::vocab;
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::KINDS;

/// Words that speak of network traffic: ports, protocols, directions, reaching or connecting.
const TRAFFIC_WORDS: &[&str] = &[
    "port",
    "ports",
    "ssh",
    "https",
    "http",
    "tcp",
    "udp",
    "traffic",
    "ingress",
    "inbound",
    "egress",
    "outbound",
    "cidr",
    "rdp",
    "icmp",
    "reach",
    "connect",
    "connections",
    "ping",
];

/// A clause about network traffic: ports, protocols, addresses, reaching or connecting.
pub(super) fn network_clause(toks: &[Tok], start: usize) -> bool {
    toks.iter().skip(start).take(40).any(|t| match t {
        Tok::Named(n) => looks_like_address(n),
        Tok::Word(w) => TRAFFIC_WORDS.contains(&w.as_str()),
        _ => false,
    })
}

/// Whether a stretch with no verb of its own asks for access: a level of access ("read-only
/// access to the blobs", "viewer role on the dataset") or someone being able to use a thing
/// ("should be able to query the dataset", "can read the bucket").
pub(super) fn asks_for_access(toks: &[Tok], start: usize, end: usize) -> bool {
    const LEVELS: &[&str] = &[
        "read",
        "readonly",
        "only",
        "write",
        "readwrite",
        "admin",
        "view",
        "viewer",
        "reader",
        "full",
        "owner",
        "contributor",
        "editor",
        "writer",
        "rw",
        "ro",
    ];
    const GRANTS: &[&str] = &["access", "permission", "permissions", "role", "rights"];
    // "must not be able to read", "no write access", "without admin rights": access refused;
    // "so that the app can read it": why something else is asked.
    const NEGATIONS: &[&str] = &[
        "not", "no", "never", "cannot", "without", "nobody", "none", "t", "nothing", "so", "that",
    ];
    let end = end.min(toks.len());
    let refused = |j: usize| {
        (j.saturating_sub(6).max(start.saturating_sub(1))..j)
            .any(|p| word(toks, p).is_some_and(|w| NEGATIONS.contains(&w)))
    };
    (start..end).any(|j| {
        let w = word(toks, j);
        let next = word(toks, j + 1);
        let asks = (w.is_some_and(|w| LEVELS.contains(&w))
            && next.is_some_and(|n| GRANTS.contains(&n)))
            || (matches!(w, Some("can" | "able" | "allowed" | "permitted"))
                && (next == Some("to")
                    && word(toks, j + 2).is_some_and(|u| vocab::USES.contains(&u))
                    || next.is_some_and(|u| vocab::USES.contains(&u))));
        // A word of the group's name ("group") is no thing asked before the cue.
        if people_may_at(toks, start, j) && !refused(j) {
            return true;
        }
        // "a bucket and a queue the app can read": the things before are asked for themselves;
        // only someone (a group, a team, an identity) before the cue is whom access is for.
        // "the resizer pods must be able to write to the bucket": what must be able to do
        // something is whom the access is for, whatever kind of thing it is.
        // "the indexer role allowed to write indexes": so is what is allowed to.
        let subject_of_ability = (w == Some("able")
            && j.checked_sub(1).and_then(|p| word(toks, p)) == Some("be")
            && matches!(
                j.checked_sub(2).and_then(|p| word(toks, p)),
                Some("must" | "should" | "shall" | "will" | "would" | "to")
            ))
            || matches!(w, Some("allowed" | "permitted"));
        let things_before = !subject_of_ability
            && np_kinds(toks, start, j)
                .0
                .iter()
                .any(|(k, _)| KINDS.get(*k).is_some_and(|k| k.category != cat::IAM));
        asks && !refused(j) && !things_before
    })
}

/// "the data-science group can restart it", "team devs must be able to make plans": whether
/// `j` is the "can" or "able" of something a group of people may do (a verb follows), with the
/// group among the six words before, from `start` on. What people may do is access for them,
/// whatever the verb.
pub(super) fn people_may_at(toks: &[Tok], start: usize, j: usize) -> bool {
    let w = word(toks, j);
    let cue = w == Some("can")
        || (w == Some("able") && j.checked_sub(1).and_then(|p| word(toks, p)) == Some("be"));
    let next = word(toks, j + 1);
    let verb = if next == Some("to") {
        word(toks, j + 2)
    } else {
        next
    };
    cue && (j.saturating_sub(6).max(start)..j)
        .any(|p| word(toks, p).is_some_and(|b| vocab::PEOPLE.contains(&b)))
        && verb.is_some_and(|u| vocab::VERBS.iter().any(|v| v.phrase == u))
}

/// Whether the words from `start` to `end` give a detail of traffic besides the words for its
/// direction: a port or protocol, an address or range, or where it comes from.
pub(super) fn traffic_detail(toks: &[Tok], start: usize, end: usize) -> bool {
    (start..end.min(toks.len())).any(|j| match toks.get(j) {
        Some(Tok::Named(n)) => looks_like_address(n),
        Some(Tok::Word(w)) => {
            !matches!(
                w.as_str(),
                "ingress" | "inbound" | "egress" | "outbound" | "traffic"
            ) && (TRAFFIC_WORDS.contains(&w.as_str()) || (w == "from" && !from_a_store(toks, j)))
                // "least connections", "max connections": the name of a setting, not traffic.
                && !(j > start
                    && matches!(
                        word(toks, j - 1),
                        Some("least" | "max" | "maximum" | "min" | "minimum" | "idle" | "concurrent")
                    ))
        }
        _ => false,
    })
}

/// "db url from Secret Manager", "the image from our registry": a value fetched from where it is
/// kept, no traffic let in from a place.
fn from_a_store(toks: &[Tok], from: usize) -> bool {
    let mut i = from + 1;
    while matches!(
        word(toks, i),
        Some("the" | "our" | "a" | "an" | "its" | "their")
    ) {
        i += 1;
    }
    super::phrases::kind_at(toks, i)
        .and_then(|(k, _)| KINDS.get(k))
        .is_some_and(|k| {
            matches!(
                k.category,
                cat::SECRETS | cat::KEY_MANAGEMENT | cat::OBJECT_STORAGE | cat::SOURCE_CONTROL
            )
        })
}

/// A clause about what someone may do with a resource (read, write, view, manage it) rather
/// than about network traffic (ports, protocols, addresses).
pub(super) fn access_clause(toks: &[Tok], start: usize) -> bool {
    let mut access = false;
    for t in toks.iter().skip(start).take(40) {
        match t {
            Tok::Sep => break,
            Tok::Named(_) | Tok::Num(_) => return false,
            Tok::Word(w) => match w.as_str() {
                "port" | "ports" | "ssh" | "https" | "http" | "tcp" | "udp" | "traffic"
                | "ingress" | "inbound" | "egress" | "outbound" | "cidr" | "rdp" | "icmp"
                | "internet" | "reach" | "connect" | "connections" | "ping" => return false,
                // "read secrets from the vault" is access; "from the office" alone is traffic.
                "from" if !access => return false,
                "read" | "write" | "view" | "manage" | "administer" | "list" | "query"
                | "readonly" | "admin" | "modify" | "edit" | "access" | "use" | "invoke"
                | "deploy" | "publish" | "consume" | "produce" | "subscribe" => access = true,
                _ => {}
            },
        }
    }
    access
}

/// Whether the clause from `start` to its end names traffic: a word of [`TRAFFIC_WORDS`], a port
/// number, an address or range, or where traffic comes from or goes to.
pub(super) fn clause_speaks_of_traffic(toks: &[Tok], start: usize) -> bool {
    const PLACES: &[&str] = &[
        "internet",
        "ip",
        "ips",
        "range",
        "ranges",
        "firewall",
        "network",
        "vpn",
        "public",
        "publicly",
        "anywhere",
        "office",
        "corporate",
        "subnet",
        "vpc",
        "vnet",
        "lb",
        "load",
        "health",
        "postgres",
        "mysql",
        "redis",
        "dns",
    ];
    for t in toks.iter().skip(start).take(64) {
        match t {
            Tok::Sep => return false,
            // An address or range ("10.0.0.0/8"); a region, ticket or version is no traffic.
            Tok::Named(n) if looks_like_address(n) => return true,
            Tok::Named(_) => {}
            // A port ("allow 5432"), not a count ("allow between four and twelve").
            Tok::Num(n) if *n >= 20 => return true,
            Tok::Num(_) => {}
            Tok::Word(w) => {
                if TRAFFIC_WORDS.contains(&w.as_str()) || PLACES.contains(&w.as_str()) {
                    return true;
                }
            }
        }
    }
    false
}
