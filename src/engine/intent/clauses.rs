//! Clause reading: a verb and the noun phrases it governs, read into [`Item`]s (what is asked,
//! with its quantity and qualifiers), and the numbers a clause gives ("from 6 to 10", "by two").
//! [`super::request::parse`] finds the clauses; [`super::implied`] reads the stretches with no
//! verb of their own through the same reader.

use super::clause_kinds::{access_clause, clause_speaks_of_traffic, network_clause};
use super::phrases::{
    after_an_environment, analyse_np, is_member_word, is_unit, kinds_of_word, np_end, np_kinds,
    starts_np, verb_at,
};
use super::tokens::{is_prep, stem, word, Tok};
use super::vocab::{self, VerbClass};
use crate::engine::catalog::categories as cat;
use crate::engine::catalog::kinds::{self, KINDS};

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

    /// The phrase speaks of a thing that is there already: "the existing queue", "our current
    /// escalation policy", "the pre-existing role".
    pub fn names_an_existing_thing(&self) -> bool {
        self.phrase.split(' ').any(|w| {
            matches!(
                w,
                "existing" | "current" | "pre-existing" | "preexisting" | "already-existing"
            )
        })
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

#[derive(Clone)]
pub(super) struct Clause {
    pub(super) class: VerbClass,
    pub(super) allows_delete: bool,
    pub(super) verb: String,
    pub(super) primary: bool,
}

/// After a clause that grants access: the comma-separated phrases that follow it with no verb of
/// their own name what the access is on. They are read as context (not asked to be created);
/// returns where they end.
pub(super) fn access_targets(
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
    // "open MRs", "open a ticket": what one opens that is no way in.
    let opens_no_way_in = clause.verb == "open"
        && word(toks, start).is_some_and(|w| {
            matches!(
                w,
                "mr" | "mrs"
                    | "pr"
                    | "prs"
                    | "pull"
                    | "merge"
                    | "issue"
                    | "issues"
                    | "ticket"
                    | "tickets"
                    | "incident"
                    | "case"
            )
        });
    // "Allow" is also plain English ("allow between four and twelve replicas", "allow the CI to
    // deploy"): it asks for network access only when its clause speaks of traffic.
    let network_verb = match clause.class {
        // "lock down main on billing-ui", "close issues": these verbs shut other things than
        // ways in; they ask for a network change only when their clause speaks of traffic or
        // access of any kind ("no more anonymous blob access").
        VerbClass::Block if matches!(clause.verb.as_str(), "lock down" | "close") => {
            clause_speaks_of_traffic(toks, start)
                || toks.iter().skip(start).take(64).any(|t| {
                    matches!(t, Tok::Word(w) if matches!(w.as_str(), "access" | "anonymous" | "anonymously"))
                })
        }
        VerbClass::Block => true,
        VerbClass::Allow => {
            !opens_no_way_in
                && (!matches!(clause.verb.as_str(), "allow" | "let" | "permit" | "enable")
                    || clause_speaks_of_traffic(toks, start))
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
    // Where the last phrase read starts and ends.
    let mut last_np = (i, i);
    loop {
        let end = np_end(toks, i);
        if end > i {
            last_np = (i, end);
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
            // "secrets read access", "bucket permissions": a phrase headed by access is access
            // to the thing it names, whatever the verb.
            let headed_by_access = np.phrase.rsplit(' ').next().is_some_and(|h| {
                matches!(
                    h,
                    "access" | "permission" | "permissions" | "rights" | "privileges"
                )
            });
            // "assign the group to the NetSuite app", "assign it the reader role": what is made
            // is the assignment, a permission, whatever identity or role it is made of. A thing
            // of another category ("assign a static IP to the VM") is the thing asked.
            let assigns_identity = clause.verb == "assign"
                && np
                    .kind
                    .map_or(true, |k| KINDS.get(k).map(|k| k.category) == Some(cat::IAM));
            if primary_np
                && ((matches!(clause.verb.as_str(), "grant" | "give")
                    && (clause.verb == "grant" || about_access || np.kind.is_none()))
                    || (headed_by_access && np.kind.is_some())
                    || assigns_identity)
            {
                let on = np
                    .kind
                    .filter(|k| KINDS.get(*k).map(|k| k.category) != Some(cat::IAM));
                if np.kind.is_none() || on.is_some() || assigns_identity {
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
                    // "a namespace with two queues": a thing it comes with keeps its count.
                    count: if primary_np || comes_with {
                        np.count
                    } else {
                        None
                    },
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
                // ", and a queue", ", and also a queue": the list goes on.
                let next = if matches!(word(toks, i + 1), Some("and" | "or")) {
                    i + 2 + usize::from(word(toks, i + 2) == Some("also"))
                } else {
                    i + 1
                };
                // "the GPU VM, its disk and NIC": a possessive goes on with the list, in the
                // part (object or context) of the phrase it points back at.
                let possessive = matches!(word(toks, next), Some("its" | "their"));
                if possessive {
                    i += 1;
                    continue;
                }
                // "delete the topics, queues and buckets": under a verb that does not create, a
                // bare noun that names a kind goes on with the list too; read on its own it would
                // be asked to be created. Only a short phrase with no verb of its own that ends
                // the list or goes on with it: a sentence that follows ("... in staging. Please
                // create a Redis") is not part of it.
                let bare_end = np_end(toks, next);
                let bare_kind = clause.class != VerbClass::Create
                    && matches!(toks.get(next), Some(Tok::Word(_)))
                    && !starts_np(toks, next)
                    && bare_end - next <= 4
                    && (next..bare_end).all(|j| verb_at(toks, j).is_none())
                    && (matches!(toks.get(bare_end), None | Some(Tok::Sep))
                        || matches!(word(toks, bare_end), Some("and" | "or")))
                    && !np_kinds(toks, next, bare_end).0.is_empty();
                // "disable staging-search-ping, staging-catalog-ping, staging-account-ping":
                // a phrase written as the one before it (same length, same first and last
                // word) is the next entry of one list of names.
                let parallel = || {
                    let (a, b) = last_np;
                    let len = b - a;
                    let end = np_end(toks, next);
                    (2..=5).contains(&len)
                        && end - next == len
                        && (matches!(toks.get(end), None | Some(Tok::Sep))
                            || matches!(word(toks, end), Some("and" | "or")))
                        && word(toks, a).is_some()
                        && word(toks, a) == word(toks, next)
                        && word(toks, b - 1).is_some()
                        && word(toks, b - 1) == word(toks, end - 1)
                        && (next..end).all(|j| verb_at(toks, j).is_none())
                };
                if (starts_np(toks, next) || bare_kind || parallel())
                    && verb_at(toks, next).is_none()
                {
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
                // "in staging a pubsub topic", "in staging one queue": the article or count
                // that ended the place opens the object (the noun phrase read next starts at
                // it).
                let count_after_place =
                    vocab::count_word(w).is_some() && after_an_environment(toks, 0, i);
                if matches!(w, "a" | "an") || count_after_place {
                    primary_np = !network_verb;
                    list_prep = None;
                    creating = false;
                    continue;
                }
                if matches!(w, "and" | "or" | "plus" | "then" | "also") {
                    if verb_at(toks, i + 1).is_some() && !starts_np(toks, i + 1) {
                        i += 1;
                        break;
                    }
                    // "… on the staging cluster and let svc-orders produce to it": letting
                    // someone do something opens a clause of its own, as a verb does.
                    let lets_someone = word(toks, i + 1) == Some("let")
                        && !matches!(word(toks, i + 2), Some("s" | "us" | "me"))
                        && (access_clause(toks, i + 2) || network_clause(toks, i + 2));
                    if lets_someone {
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
                    // "queues intake & scoring", "topics orders and refunds": after a kind in
                    // the plural and the name of one, a bare name joined by "and" is the name
                    // of another thing of that kind, asked as the first one is.
                    if let Some(another) = (w == "and" && !naming)
                        .then(|| another_named_of_a_plural_kind(toks, i + 1, items.last()))
                        .flatten()
                    {
                        i = np_end(toks, i + 1);
                        items.push(another);
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
                // "add the finance mailbox as an email subscriber": what the object is made as,
                // a thing's word heading the phrase, is the thing asked; the object, a thing of
                // no kind, is what it is made of. ("as a project viewer" is a role, no thing.)
                let made_as_a_thing = w == "as"
                    && clause.class == VerbClass::Create
                    && matches!(word(toks, i + 1), Some("a" | "an"))
                    && np_end(toks, i + 1)
                        .checked_sub(1)
                        .and_then(|last| word(toks, last))
                        .is_some_and(|head| !kinds_of_word(&stem(head)).is_empty());
                let object = made_as_a_thing
                    .then(|| {
                        items
                            .iter_mut()
                            .skip(first_item)
                            .rev()
                            .find(|it| it.primary)
                    })
                    .flatten()
                    .filter(|it| it.kind.is_none());
                if let Some(object) = object {
                    object.primary = false;
                    primary_np = !network_verb;
                    list_prep = None;
                    creating = false;
                    i += 1;
                    continue;
                }
                primary_np = false;
                list_prep = Some(w.to_string());
                creating =
                    clause.class == VerbClass::Create && vocab::CREATING_PREPOSITIONS.contains(&w);
                i += 1;
            }
            // "in staging 2 queues": as a count in words does.
            Some(Tok::Num(_)) if after_an_environment(toks, 0, i) => {
                primary_np = !network_verb;
                list_prep = None;
                creating = false;
            }
            Some(_) => i += 1,
        }
    }
    // "We need twice as many nodes in the pool", "half the replicas": a multiple of what is there.
    let factor = (clause_start..i).find_map(|j| word(toks, j).and_then(vocab::multiple_of_word));
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
        // An environment ("in the test environment") holds no members: it is where they go.
        let holds_members = |it: &&Item| !it.primary && it.kind.is_some() && !it.is_everything();
        let target = items
            .iter()
            .skip(first_item)
            .find(holds_members)
            .or_else(|| {
                first_item
                    .checked_sub(1)
                    .and_then(|k| items.get(k))
                    .filter(holds_members)
            })
            .map(|it| (it.kind, it.qualifiers.clone()));
        // Nodes, brokers and shards live inside a cluster; instances too, but only when added
        // to a group ("another instance to the scale set", "two more instances in their ASG",
        // not "worker instances for X").
        let into = (clause_start..i)
            .any(|j| matches!(word(toks, j), Some("to" | "into" | "on" | "in")))
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
        let no_target = target.is_none();
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
        } else if no_target {
            // "two more checkout tasks", "three extra replicas": more of the members of a
            // service or group, with no group named, grows the one the members' words name.
            for it in items.iter_mut().skip(first_item) {
                let more = it
                    .phrase
                    .split(' ')
                    .any(|w| matches!(w, "more" | "additional" | "extra"));
                let head_is_member = it
                    .phrase
                    .rsplit(' ')
                    .find(|w| !matches!(*w, "please" | "pls" | "running"))
                    .and_then(vocab::member_of_word)
                    .is_some();
                let of_a_group = it
                    .kind_category()
                    .is_some_and(|c| matches!(c, cat::CONTAINER | cat::AUTOSCALING));
                if it.primary && more && head_is_member && of_a_group {
                    if let Some(n) = it.count.take() {
                        it.class = VerbClass::Scale;
                        it.verb = "scale".to_string();
                        it.allows_delete = true;
                        it.scale_by = Some(u64::from(n));
                    }
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
        let factor = vocab::multiple_of_word(&clause.verb);
        for it in items.iter_mut().skip(first_item) {
            it.scale_from = from;
            it.scale_to = to;
            it.scale_by = by;
            it.scale_factor = if to.is_none() { factor } else { None };
        }
    }
    i
}

/// The thing "scoring" names in "queues intake and scoring": `before` was read from a kind word
/// in the plural followed by a name, and `toks[at..]` is a bare name of one or two words that
/// ends the stretch. A name with a kind of its own, an article or a count ("and a topic") starts
/// another phrase, and is not this.
fn another_named_of_a_plural_kind(toks: &[Tok], at: usize, before: Option<&Item>) -> Option<Item> {
    let before = before?;
    let kind = before.kind?;
    let words: Vec<&str> = before.phrase.split(' ').collect();
    let head = words.iter().position(|w| {
        w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && super::phrases::kinds_of_word(&stem(w)).contains(&kind)
    })?;
    let first_name = words.get(head + 1..).unwrap_or(&[]);
    let bare = |w: &str| super::phrases::kinds_of_word(&stem(w)).is_empty() && !is_prep(w);
    if first_name.is_empty() || first_name.len() > 3 || !first_name.iter().all(|w| bare(w)) {
        return None;
    }
    let end = np_end(toks, at);
    let name: Vec<&str> = (at..end).filter_map(|j| word(toks, j)).collect();
    let ends_the_stretch = matches!(toks.get(end), None | Some(Tok::Sep))
        || word(toks, end).is_some_and(|w| is_prep(w) || w == "and");
    if name.is_empty()
        || name.len() > 2
        || name.len() != end - at
        || !ends_the_stretch
        || starts_np(toks, at)
        || (at..end).any(|j| verb_at(toks, j).is_some())
        || !name
            .iter()
            .all(|w| bare(w) && vocab::env_of_word(w).is_none())
    {
        return None;
    }
    let head_word = words.get(head)?;
    Some(Item {
        qualifiers: name.iter().map(|w| stem(w)).collect(),
        phrase: format!("{head_word} {}", name.join(" ")),
        count: None,
        ..before.clone()
    })
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
