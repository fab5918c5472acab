/*!
The words the intent analysis understands: verbs (what the user wants done), environments,
numbers, and the grammar words of requests. The kinds of things a request names, and what each
resource type is, are the resource catalog's (`engine::catalog`).

All tables are data, so a reviewer can read the whole vocabulary in one place and extend it
without touching the matching logic in `request.rs` and `mod.rs`.
*/

/// What a verb asks for. The class decides which plan actions can satisfy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// create, add, provision, deploy, attach...
    Create,
    /// update, change, rotate, enable, configure...
    Modify,
    /// scale, increase, decrease, resize...
    Scale,
    /// delete, remove, decommission, clean up...
    Delete,
    /// allow, open, permit, expose...: a network access change.
    Allow,
    /// block, deny, close, revoke...: a network access change too.
    Block,
}

impl VerbClass {
    pub fn as_str(self) -> &'static str {
        match self {
            VerbClass::Create => "create",
            VerbClass::Modify => "change",
            VerbClass::Scale => "scale",
            VerbClass::Delete => "delete",
            VerbClass::Allow => "allow",
            VerbClass::Block => "block",
        }
    }
}

/// One verb phrase (space-separated words) and what it asks for.
pub struct Verb {
    pub phrase: &'static str,
    pub class: VerbClass,
    /// Whether satisfying it may destroy the old object (rotate, replace, migrate do).
    pub allows_delete: bool,
}

const fn v(phrase: &'static str, class: VerbClass) -> Verb {
    Verb {
        phrase,
        class,
        allows_delete: false,
    }
}

const fn vd(phrase: &'static str, class: VerbClass) -> Verb {
    Verb {
        phrase,
        class,
        allows_delete: true,
    }
}

use VerbClass::*;

/// Verbs, longest phrases first within a first word so "clean up" wins over "clean".
pub const VERBS: &[Verb] = &[
    // create
    v("create", Create),
    v("add", Create),
    v("provision", Create),
    v("deploy", Create),
    v("launch", Create),
    v("set up", Create),
    v("setup", Create),
    v("build", Create),
    v("spin up", Create),
    v("stand up", Create),
    v("bring up", Create),
    v("make", Create),
    v("introduce", Create),
    v("attach", Create),
    v("establish", Create),
    v("register", Create),
    v("allocate", Create),
    v("install", Create),
    v("grant", Create),
    v("give", Create),
    v("assign", Create),
    v("onboard", Create),
    v("need", Create),
    v("want", Create),
    v("request", Create),
    v("require", Create),
    v("get", Create),
    // "put in place a queue", "put up a bastion", "put the function in dev": placing a thing
    // where it was not is making it.
    v("put in place", Create),
    v("put up", Create),
    v("put in", Create),
    v("put", Create),
    // modify
    v("update", Modify),
    v("change", Modify),
    v("modify", Modify),
    vd("rotate", Modify),
    v("upgrade", Modify),
    v("downgrade", Modify),
    v("enable", Modify),
    v("disable", Modify),
    v("configure", Modify),
    v("reconfigure", Modify),
    v("set", Modify),
    v("rename", Modify),
    v("tag", Modify),
    v("retag", Modify),
    v("label", Modify),
    v("patch", Modify),
    vd("replace", Modify),
    vd("migrate", Modify),
    vd("move", Modify),
    vd("relocate", Modify),
    v("switch", Modify),
    v("turn on", Modify),
    v("turn off", Modify),
    v("adjust", Modify),
    v("edit", Modify),
    vd("renew", Modify),
    v("tune", Modify),
    // "cap the thumbnailer at 20 concurrent executions", "limit the queue to 3 days", "pin the
    // runtime to 3.12": a ceiling or a fixed value is a setting.
    v("cap", Modify),
    v("limit", Modify),
    v("pin", Modify),
    v("throttle", Modify),
    v("bump", Modify),
    v("fix", Modify),
    v("cut", Modify),
    v("extend", Modify),
    v("harden", Modify),
    v("encrypt", Modify),
    v("point", Modify),
    v("repoint", Modify),
    v("associate", Modify),
    v("apply", Modify),
    v("refresh", Modify),
    vd("recreate", Modify),
    vd("redeploy", Modify),
    vd("rebuild", Modify),
    v("restart", Modify),
    v("convert", Modify),
    v("optimize", Modify),
    v("optimise", Modify),
    v("refactor", Modify),
    v("reorganize", Modify),
    v("reorganise", Modify),
    v("restructure", Modify),
    // scale
    vd("scale up", Scale),
    vd("scale out", Scale),
    vd("scale down", Scale),
    vd("scale in", Scale),
    vd("scale", Scale),
    vd("increase", Scale),
    vd("decrease", Scale),
    vd("reduce", Scale),
    vd("lower", Scale),
    vd("raise", Scale),
    vd("grow", Scale),
    vd("shrink", Scale),
    vd("double", Scale),
    vd("triple", Scale),
    vd("halve", Scale),
    vd("expand", Scale),
    vd("resize", Scale),
    vd("downsize", Scale),
    vd("upsize", Scale),
    vd("rightsize", Scale),
    // delete
    vd("delete", Delete),
    vd("remove", Delete),
    vd("destroy", Delete),
    vd("decommission", Delete),
    vd("retire", Delete),
    vd("tear down", Delete),
    vd("teardown", Delete),
    vd("clean up", Delete),
    vd("tidy up", Delete),
    vd("clear out", Delete),
    vd("scrap", Delete),
    vd("cleanup", Delete),
    vd("clean", Delete),
    vd("deprovision", Delete),
    vd("drop", Delete),
    vd("terminate", Delete),
    vd("shut down", Delete),
    vd("spin down", Delete),
    vd("shutdown", Delete),
    vd("purge", Delete),
    vd("dismantle", Delete),
    vd("sunset", Delete),
    vd("wipe", Delete),
    vd("prune", Delete),
    vd("deregister", Delete),
    vd("detach", Delete),
    vd("get rid of", Delete),
    vd("kill", Delete),
    vd("nuke", Delete),
    vd("delete", Delete),
    // network access
    v("allow", Allow),
    v("accept", Allow),
    v("authorize", Allow),
    v("authorise", Allow),
    v("open", Allow),
    v("permit", Allow),
    v("expose", Allow),
    v("whitelist", Allow),
    v("allowlist", Allow),
    v("unblock", Allow),
    vd("block", Block),
    vd("deny", Block),
    vd("close", Block),
    vd("revoke", Block),
    vd("lock down", Block),
    vd("disallow", Block),
    vd("forbid", Block),
    vd("restrict", Block),
];

/// Multi-word topics that contain a kind word but name none ("machine learning" is not a
/// machine). They are consumed before kinds are looked up.
pub const NOT_KINDS: &[&str] = &[
    "machine learning",
    "deep learning",
    "availability zone",
    "state machine",
    "change ticket",
    "black friday",
    "customer demo",
    "key rotation",
    "api key",
];

/// Environment families. Production, staging (pre-production) and development (all other
/// non-production) are distinct; `nonprod` is compatible with both non-production families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Env {
    Production,
    Staging,
    Development,
    NonProd,
}

impl Env {
    pub fn as_str(self) -> &'static str {
        match self {
            Env::Production => "production",
            Env::Staging => "staging",
            Env::Development => "development",
            Env::NonProd => "non-production",
        }
    }

    /// Can a change in `self` belong to a request about `other`?
    pub fn compatible(self, other: Env) -> bool {
        use Env::*;
        match (self, other) {
            (a, b) if a == b => true,
            (NonProd, Staging | Development) | (Staging | Development, NonProd) => true,
            _ => false,
        }
    }

    pub fn is_production(self) -> bool {
        self == Env::Production
    }
}

/// One word (or a joined compound such as `nonprod`) naming an environment.
pub fn env_of_word(w: &str) -> Option<Env> {
    Some(match w {
        "prod" | "production" | "prd" | "live" => Env::Production,
        "staging" | "stage" | "stg" | "preprod" | "preproduction" | "uat" => Env::Staging,
        "dev" | "development" | "test" | "testing" | "qa" | "sandbox" | "sbx" | "demo" => {
            Env::Development
        }
        "nonprod" | "nonproduction" => Env::NonProd,
        _ => return None,
    })
}

/// Words in a request that mark PCI / payment-card scope.
pub const PCI_WORDS: &[&str] = &["pci", "cardholder", "payment", "card", "cde"];

/// Words in a request that ask for something not reachable from the internet.
pub const PRIVATE_WORDS: &[&str] = &["private", "internal", "isolated", "intra"];

/// Words that end a noun phrase and start a prepositional (context) phrase.
pub const PREPOSITIONS: &[&str] = &[
    "for",
    "to",
    "in",
    "on",
    "from",
    "with",
    "into",
    "at",
    "so",
    "that",
    "which",
    "by",
    "across",
    "within",
    "between",
    "behind",
    "via",
    "using",
    "under",
    "onto",
    "inside",
    "without",
    "except",
    "including",
    "as",
    "because",
    "since",
    "while",
    "when",
    "where",
    "than",
    "per",
    "after",
    "before",
    "during",
    "over",
    "around",
    "through",
    "against",
    "if",
    "but",
    "then",
    "of",
];

/// Prepositions after which a mentioned kind may be *created* as part of a create request
/// ("a segment for ML workloads", "a segment with GPU instances").
/// Verbs that, as a present participle after a thing, say what that thing does ("a lambda
/// consuming the orders queue", "a service account reading the bucket"): the thing is before.
pub const DESCRIBING_VERBS: &[&str] = &[
    "consume",
    "read",
    "write",
    "serve",
    "point",
    "run",
    "use",
    "hold",
    "store",
    "send",
    "front",
    "proxy",
    "pull",
    "push",
    "publish",
    "forward",
    "route",
    "receive",
    "process",
    "call",
    "query",
    "host",
    "back",
    "feed",
    "watch",
    "scrape",
    "ship",
    "stream",
    "expose",
    "handle",
    "listen",
    "connect",
    "carry",
    "contain",
    "sit",
    "reach",
    "trigger",
    "invoke",
    "poll",
    "subscribe",
    "talk",
    "fetch",
    "load",
    "sync",
    "replicate",
    "export",
    "import",
    "collect",
    "ingest",
    "emit",
];

pub const CREATING_PREPOSITIONS: &[&str] = &["for", "with", "of", "including"];

/// Words skipped at the start of a clause before its verb.
pub const CLAUSE_LEADERS: &[&str] = &[
    "please",
    "pls",
    "kindly",
    "also",
    "then",
    "and",
    "we",
    "i",
    "you",
    "can",
    "could",
    "would",
    "should",
    "must",
    "just",
    "now",
    "lets",
    "let",
    "us",
    "will",
    "shall",
    "d",
    "ll",
    "ve",
    "hi",
    "hey",
    "team",
    "quickly",
    "urgently",
    "finally",
    "first",
    "next",
    "additionally",
    "or",
    // "only relocate the warehouses", "we simply move the buckets": how much, not what.
    "only",
    "simply",
    "merely",
];

/// Words after which `to <verb>` is what the user wants, not a purpose ("we need to delete").
pub const WANTING: &[&str] = &[
    "want",
    "wants",
    "need",
    "needs",
    "like",
    "have",
    "has",
    "going",
    "required",
    "asked",
    "requested",
    "please",
    // "is it possible to add", "are you able to", "is there a way to": a question that asks.
    "possible",
    "able",
    "way",
    "ok",
    "okay",
    // "make sure to", "remember to", "don't forget to": a reminder that asks.
    "sure",
    "remember",
    "forget",
    // "we plan to", "we're hoping to", "it is time to": an intention.
    "plan",
    "planning",
    "hope",
    "hoping",
    "intend",
    "time",
    "ready",
];

/// Words for a multiple of what is there ("twice", "doubled", "half"), as numerator and
/// denominator.
pub fn multiple_of_word(w: &str) -> Option<(u64, u64)> {
    match w {
        "twice" | "double" | "doubled" => Some((2, 1)),
        "triple" | "tripled" | "thrice" => Some((3, 1)),
        "half" | "halve" | "halved" => Some((1, 2)),
        _ => None,
    }
}

/// Determiners and number words that give a count (`None` = no count, e.g. "the").
pub fn count_word(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" | "single" | "another" => 1,
        "two" | "pair" => 2,
        "three" | "trio" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "couple" => 2,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "hundred" => 100,
        _ => return None,
    })
}

/// Members of a cluster or group that a request counts ("three brokers", "a 3-node cluster"),
/// by the word used; the value names the member kind that [`crate::engine::intent::quantity`]
/// compares with the change's size attributes.
pub fn member_of_word(w: &str) -> Option<&'static str> {
    Some(match w {
        // "a three-member replica set": its members are its nodes.
        "node" | "nodes" | "worker" | "workers" | "member" | "members" => "node",
        "broker" | "brokers" => "broker",
        "replica" | "replicas" => "replica",
        "shard" | "shards" => "shard",
        "task" | "tasks" => "task",
        "pod" | "pods" => "replica",
        "vm" | "vms" | "instance" | "instances" => "instance",
        _ => return None,
    })
}

/// Head words of a phrase that names a setting of a thing rather than a thing ("the node count of
/// the pool", "the instance type of the web server"): the thing after `of` is the object.
pub const ATTRIBUTE_HEADS: &[&str] = &[
    "count",
    "size",
    "number",
    "capacity",
    "type",
    "class",
    "tier",
    "version",
    "retention",
    "sku",
    "limit",
    "memory",
    "storage",
    "throughput",
    "iops",
    "quota",
    "setting",
    "settings",
    "configuration",
    "config",
    "timeout",
    "replicas",
    "ttl",
    "interval",
    "threshold",
    "frequency",
    "duration",
    "expiry",
    "expiration",
    "lifetime",
    "concurrency",
];

/// What someone may be able to do with a thing: "can read the bucket", "able to query it".
pub const USES: &[&str] = &[
    "read",
    "query",
    "view",
    "list",
    "write",
    "manage",
    "access",
    "use",
    "invoke",
    "publish",
    "consume",
    "produce",
    "subscribe",
    "pull",
    "push",
    "see",
    "browse",
    "inspect",
    "administer",
    "modify",
    "edit",
    "create",
];

/// Units after a number: "500 GB" is a size, not five hundred things.
pub const UNITS: &[&str] = &[
    "gb", "gib", "tb", "tib", "mb", "mib", "kb", "vcpu", "vcpus", "cpu", "cpus", "core", "cores",
    "percent", "ms", "s", "sec", "second", "seconds", "minute", "minutes", "hour", "hours", "day",
    "days", "month", "months", "year", "years", "gbps", "mbps", "iops", "x", "k", "m", "g", "usd",
    "dollars", "rps", "qps", "rcu", "wcu", "gbs",
];

/// Words that never discriminate between resources by name (vague qualifiers and fillers).
pub const NON_DISCRIMINATING: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "my",
    "your",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "all",
    "every",
    "each",
    "more",
    "new",
    "old",
    "older",
    "unused",
    "stale",
    "existing",
    "current",
    "unneeded",
    "orphaned",
    "obsolete",
    "leftover",
    "extra",
    "additional",
    "other",
    "it",
    "them",
    "up",
    "down",
    "out",
    "off",
    "ticket",
    "please",
    "scope",
    "team",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "single",
    "another",
    "same",
    "few",
    "several",
    "many",
    "few",
    "small",
    "large",
    "big",
    "dedicated",
    "separate",
    // "their own cluster", "a cluster having 2 instances", "port 5432 open only from …": whose,
    // what it has, and how it is to be, never which one.
    "own",
    "having",
    "open",
    "percent",
    "temporary",
    "tmp",
    "private",
    "public",
    "internal",
    "external",
    "is",
    "are",
    "be",
    "and",
    "or",
    "not",
    "no",
    "now",
    // Modal verbs ("the staging buckets should get the tag", "could the api HPA allow…") say
    // how something is asked, never which thing.
    "should",
    "could",
    "would",
    "must",
    "might",
    "shall",
    "can",
    "will",
    "only",
];

/// Head nouns too general to say which resource type a phrase means ("the account", "the
/// service", "the group"): a type that carries one of them is not evidence of the thing asked.
/// Singular, as [`super::tokens::stem`] writes them.
pub const GENERIC_HEADS: &[&str] = &[
    "resource", "thing", "stuff", "change", "setting", "config", "account", "group", "set",
    "policy", "rule", "service", "data", "item", "object", "value", "access",
];

/// Name tokens that mark an auxiliary instance of a kind (a dead-letter queue next to a queue,
/// an access-log bucket next to a bucket): natural companions, not "more instances than asked".
/// The role is the same for each of its spellings: a request that asks for a "DLQ" asks for
/// the "dead-letter" topic.
pub fn auxiliary_role(w: &str) -> Option<&'static str> {
    Some(match w {
        "dlq" | "deadletter" | "dead" => "dead letter",
        "logs" | "log" | "logging" => "log",
        "replica" | "replication" => "replica",
        "backup" => "backup",
        "failover" | "standby" => "standby",
        "access" => "access",
        "audit" => "audit",
        _ => return None,
    })
}

/// Resource names that say nothing about what a resource is for (module conventions).
pub const GENERIC_NAMES: &[&str] = &[
    "this",
    "main",
    "default",
    "primary",
    "example",
    "resource",
    "default_",
    "self",
    "it",
    "the",
    "a",
    "rule",
    "attachment",
    "association",
];

/// Abbreviations that appear in resource names for words in requests.
pub const EXPANSIONS: &[(&str, &str)] = &[
    ("machine learning", "ml"),
    ("artificial intelligence", "ai"),
    ("kubernetes", "k8s"),
    ("database", "db"),
    ("application", "app"),
    ("production", "prod"),
    ("development", "dev"),
    ("analytics", "analytic"),
    ("reporting", "report"),
    ("monitoring", "monitor"),
];

/// A word cut short the way people write it in chat ("nrql cond", "two conds"), written out
/// so the kind it names is read; only cuts no name or setting uses on its own.
pub fn shorthand(w: &str) -> Option<&'static str> {
    // Read on every word of every request: compared in place, with no copy made.
    [("cond", "condition"), ("conds", "conditions")]
        .iter()
        .find(|(cut, _)| w.eq_ignore_ascii_case(cut))
        .map(|(_, whole)| *whole)
}

/// Azure location names (spaces removed) recognised in requests.
pub const AZURE_LOCATIONS: &[&str] = &[
    "eastus",
    "eastus2",
    "westus",
    "westus2",
    "westus3",
    "centralus",
    "northcentralus",
    "southcentralus",
    "westcentralus",
    "canadacentral",
    "canadaeast",
    "brazilsouth",
    "northeurope",
    "westeurope",
    "uksouth",
    "ukwest",
    "francecentral",
    "francesouth",
    "germanywestcentral",
    "germanynorth",
    "switzerlandnorth",
    "switzerlandwest",
    "norwayeast",
    "norwaywest",
    "swedencentral",
    "polandcentral",
    "italynorth",
    "spaincentral",
    "austriaeast",
    "eastasia",
    "southeastasia",
    "japaneast",
    "japanwest",
    "australiaeast",
    "australiasoutheast",
    "australiacentral",
    "centralindia",
    "southindia",
    "westindia",
    "koreacentral",
    "koreasouth",
    "uaenorth",
    "southafricanorth",
    "qatarcentral",
    "israelcentral",
    "mexicocentral",
];

/// Words for a group of people ("the data-science group", "team devs"): what such a subject
/// can or must be able to do is access asked for it.
pub(super) const PEOPLE: &[&str] = &[
    "group",
    "groups",
    "team",
    "teams",
    "users",
    "members",
    "devs",
    "developers",
    "engineers",
    "analysts",
    "admins",
    "operators",
    "people",
    "staff",
];
