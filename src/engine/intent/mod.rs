/*!
Deterministic intent analysis: what the request asks for versus what the plan does.

Contract used by the engine glue: `analyze(&Request, &Plan) -> IntentReport`.

How a change is judged (every rule is about meaning, none about particular names):
1. The request is parsed into items (`request.rs`): verb class + resource kind + count, as the
   object of the verb (primary) or as context ("to the nonprod VPC", "for ML workloads").
2. Each mutating change is matched against the items: *direct* (its type or category is what a
   primary item names, with an action the verb allows), *supporting* (a category the requested
   kind naturally needs: subnets and route tables for a network segment, an attachment for a
   volume), *context* (an update of a thing the request mentions), *environment-wide* ("clean up
   the dev environment" covers deletions there), or a *helper* (`random_id`).
3. A match is void when the change is in another environment than the request (named, or else
   inferred from the direct matches), is PCI-scoped when nothing asked for PCI, sits in another
   region than the one named, is one more instance than the count asked for, or, for changes to
   existing things, does not carry the name the request gives when others do.
4. A change with no surviving match is `scope_creep`; a primary item no change satisfies (or
   satisfies short of the count or target size) is `missing_action`.
*/
pub mod access;
pub mod products;
pub mod quantity;
pub mod request;
pub mod settings;
pub mod tokens;
pub mod vocab;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::catalog::categories as cat;
use super::catalog::kinds::{self, KINDS};
use super::catalog::{self, category_of};
use super::change::{Action, Change};
use super::findings::default_disposition;
use super::findings::{ids, Finding};
use super::{ChangeScope, Plan, Request};
use request::{Asked, Item};
use tokens::stem;
use vocab::{Env, VerbClass};

/// Findings (`scope_creep`, `missing_action`) plus one [`ChangeScope`] per planned change.
#[derive(Debug, Clone, Default)]
pub struct IntentReport {
    pub findings: Vec<Finding>,
    pub scope: Vec<ChangeScope>,
}

/// More scope findings than this are summarised in one last finding.
const MAX_SCOPE_FINDINGS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// The change is what a primary item names.
    Direct,
    /// "Clean up the dev environment", "create a staging environment".
    EnvWide,
    /// A category the requested kind naturally needs.
    Supporting,
    /// A thing the request mentions as context, being updated.
    Context,
    /// A helper resource with no cloud footprint.
    Helper,
    /// An unknown type whose name the request uses.
    Named,
}

#[derive(Debug, Clone, Copy)]
struct Match {
    item: usize,
    strength: Strength,
}

/// What the analysis needs to know about one change.
struct Facts<'a> {
    change: &'a Change,
    category: &'static str,
    env: Option<Env>,
    pci: bool,
    /// Stemmed name tokens (resource name, module, index key, Name tag, name attribute).
    names: BTreeSet<String>,
    /// Names carry nothing but module conventions (`this`, `main`).
    generic_name: bool,
    /// The change is a product of a family the request names, but not the named one ("MySQL",
    /// asked "Postgres"): it can never be what was asked for.
    product_conflict: Option<String>,
}

pub fn analyze(request: &Request, plan: &Plan) -> IntentReport {
    let asked = request::parse(&request.text);
    analyze_asked(&asked, plan)
}

/// Facts about the plan as a whole that single-change rules need.
struct PlanCtx {
    /// Names of IAM roles this plan creates (their own runtime identities).
    created_roles: BTreeSet<String>,
    /// The plan creates a runtime identity (a role, a service account, a managed identity).
    creates_identity: bool,
}

fn plan_ctx(plan: &Plan) -> PlanCtx {
    let created_roles = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Create && c.resource_type == "aws_iam_role")
        .filter_map(|c| c.after.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    // Runtime identities: created as resources of their own, or as the managed identity a
    // created cluster, app or VM carries (`identity`, `kubelet_identity` blocks).
    let creates_identity = plan.changes.iter().any(|c| {
        c.action == Action::Create
            && (catalog::runtime_identity(&c.resource_type)
                || ["identity", "kubelet_identity"].iter().any(|k| {
                    c.after
                        .get(*k)
                        .is_some_and(|v| !v.is_null() && v != &Value::Array(Vec::new()))
                }))
    });
    PlanCtx {
        created_roles,
        creates_identity,
    }
}

/// A grant to an identity this plan creates for the requested thing (a Lambda's execution role
/// and its policy, a node pool's service account and its roles): part of running what was asked.
/// Administrative grants (every action, IAM itself, Owner, cluster-admin) are never implied: they
/// must be asked for. A grant to an identity that already exists is a change of its own.
fn grant_for_new_identity(ctx: &PlanCtx, c: &Change) -> bool {
    if !ctx.creates_identity {
        return false;
    }
    let Some(level) = access::grant_level(c) else {
        return false;
    };
    let unknown = |k: &str| c.after_unknown.get(k) == Some(&Value::Bool(true));
    let named_new_role = c
        .after
        .get("role")
        .and_then(Value::as_str)
        .is_some_and(|r| ctx.created_roles.contains(r));
    let t = c.resource_type.as_str();
    let to_new_identity = if t.starts_with("aws_") {
        t == "aws_iam_policy" || named_new_role || unknown("role")
    } else if t == "azurerm_role_assignment" {
        unknown("principal_id")
    } else if t.starts_with("google_") {
        unknown("member")
            || unknown("members")
            || c.after
                .get("member")
                .and_then(Value::as_str)
                .is_some_and(|m| m.starts_with("serviceAccount:"))
    } else {
        false
    };
    // Write access to a whole subscription, management group, project, folder or organization
    // is never implied by what runs inside one.
    let scope = c.after.get("scope").and_then(Value::as_str).unwrap_or("");
    let azure_broad = t == "azurerm_role_assignment"
        && (scope.contains("/managementGroups/")
            || (scope.starts_with("/subscriptions/") && !scope.contains("/resourceGroups/")));
    let gcp_broad = t.starts_with("google_project_iam")
        || t.starts_with("google_folder_iam")
        || t.starts_with("google_organization_iam");
    if (azure_broad || gcp_broad)
        && level >= access::Level::Write
        && level != access::Level::Unknown
    {
        return false;
    }
    // A managed policy attached to a new role: its level comes from its name; a policy created
    // in this plan has an ARN known only after apply and is judged as its own change.
    let level_ok = match level {
        access::Level::Read | access::Level::Write => true,
        access::Level::Unknown => {
            unknown("policy_arn")
                || c.after
                    .get("policy_arn")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.starts_with("arn:aws:iam::aws:policy/"))
        }
        access::Level::Admin => false,
    };
    to_new_identity && level_ok
}

fn analyze_asked(asked: &Asked, plan: &Plan) -> IntentReport {
    let mut facts: Vec<Facts> = plan.changes.iter().map(facts_of).collect();
    let asked_products = products::named_in(&asked.words);
    if !asked_products.is_empty() {
        for f in &mut facts {
            f.product_conflict = products::conflict(&asked_products, f.change)
                .map(|(is, want)| format!("it is {is}, and the request asks for {want}"));
        }
    }
    let ctx = plan_ctx(plan);

    // Pass 1: every way each mutating change could be covered.
    let mut matches: Vec<Vec<Match>> = facts
        .iter()
        .map(|f| {
            if f.change.action.mutates() {
                match_change(asked, &ctx, f)
            } else {
                Vec::new()
            }
        })
        .collect();

    // Pass 2: a request that names an existing thing ("the legacy reporting database") covers
    // only the changes that carry that name, when some do.
    discriminate_by_name(asked, &facts, &mut matches);

    // Pass 3: an update nothing matched, which alone carries a name the request gives and
    // changes exactly the settings the request speaks of ("acme-dev-raw-events: versioning on"),
    // is the change asked for. (One that also changes other settings is ruled out below.)
    for (idx, f) in facts.iter().enumerate() {
        let unmatched = matches.get(idx).is_some_and(Vec::is_empty);
        if !unmatched || f.change.action != Action::Update || f.product_conflict.is_some() {
            continue;
        }
        if own_requested_name(asked, &facts, idx).is_none() {
            continue;
        }
        // A changed number needs the count checks, which judge matched changes only by the
        // quantity words of an item: leave a resize unclear rather than take it on a name.
        let mut numbers = Vec::new();
        changed_numbers(&f.change.before, &f.change.after, "", 0, &mut numbers);
        if !numbers.is_empty() {
            continue;
        }
        let changed = settings::changed_attributes(f.change);
        let unsaid = settings::unmentioned_changes(f.change, &asked.tokens, &asked.text);
        let some_said = changed.len() > unsaid.len();
        if some_said && unsaid.is_empty() {
            if let Some(ms) = matches.get_mut(idx) {
                ms.push(Match {
                    item: 0,
                    strength: Strength::Named,
                });
            }
        }
    }

    // Environments: the request's own, else the one its direct matches live in.
    let inferred = inferred_env(asked, &facts, &matches);
    let pci_anchor = facts
        .iter()
        .zip(&matches)
        .any(|(f, m)| f.pci && m.iter().any(|m| m.strength == Strength::Direct));

    let mut out_reason: Vec<Option<String>> = vec![None; facts.len()];
    for (idx, f) in facts.iter().enumerate() {
        if !f.change.action.mutates() {
            continue;
        }
        let ms = matches.get(idx).map(Vec::as_slice).unwrap_or(&[]);
        out_reason[idx] = f
            .product_conflict
            .clone()
            .or_else(|| veto_reason(asked, f, ms, inferred, pci_anchor));
    }
    // A change nothing matched, but which alone carries a name the request gives ("an
    // invoices-archive container" and `invoices_archive`), may be the thing asked for under a
    // kind the analysis does not connect with the words: unclear, not out of scope. A name
    // every change shares (the application's) says nothing.
    let mut unclear_reason: Vec<Option<String>> = vec![None; facts.len()];
    for (idx, f) in facts.iter().enumerate() {
        let unmatched = matches.get(idx).is_some_and(Vec::is_empty);
        if !unmatched || f.product_conflict.is_some() || f.generic_name {
            continue;
        }
        let Some(name) = own_requested_name(asked, &facts, idx) else {
            continue;
        };
        let env_or_scope = env_conflict(asked, f, None).is_some()
            || (f.pci && !asked.pci)
            || region_conflict(asked, f).is_some();
        // It changes settings the request speaks of, and others too: those are not asked for.
        if f.change.action == Action::Update {
            let changed = settings::changed_attributes(f.change);
            let unsaid = settings::unmentioned_changes(f.change, &asked.tokens, &asked.text);
            if !unsaid.is_empty() && changed.len() > unsaid.len() {
                if let Some(slot) = out_reason.get_mut(idx) {
                    *slot = Some(also_changes(&unsaid));
                }
                continue;
            }
        }
        if let (Some(slot), false) = (out_reason.get_mut(idx), env_or_scope) {
            *slot = None;
            if let Some(u) = unclear_reason.get_mut(idx) {
                *u = Some(format!(
                    "it carries the name \"{name}\" the request gives, but it is not the kind of thing the request names"
                ));
            }
        }
    }

    let mut findings = Vec::new();
    meaning_checks(
        asked,
        plan,
        &facts,
        &matches,
        &mut out_reason,
        &mut unclear_reason,
        &mut findings,
    );
    // Counts: more instances than asked are out of scope; fewer are a missing action.
    count_checks(asked, &facts, &matches, &mut out_reason, &mut findings);
    count_by_type_words(asked, &facts, &matches, &mut out_reason);
    // Scale targets: "from 6 to 10".
    scale_checks(asked, &facts, &matches, &mut out_reason, &mut findings);
    // Primary items nothing satisfies.
    missing_checks(asked, &facts, &matches, &mut findings);

    let mut scope = Vec::with_capacity(facts.len());
    let mut creep = PerChange::new(
        ids::SCOPE_CREEP,
        "is not covered by the request",
        "are outside the request",
    );
    let mut unclear = PerChange::new(
        ids::INTENT_UNCLEAR,
        "could not be matched with the request",
        "could not be matched with the request",
    );
    for (idx, f) in facts.iter().enumerate() {
        let c = f.change;
        let out = out_reason.get(idx).cloned().flatten();
        let unclear_why = unclear_reason.get(idx).cloned().flatten();
        let is_unclear = c.action.mutates() && out.is_none() && unclear_why.is_some();
        let (in_scope, reason) = if !c.action.mutates() {
            (true, trivial_reason(c.action).to_string())
        } else if let Some(r) = out {
            creep.add(&mut findings, f, &r);
            (false, r)
        } else if let Some(r) = unclear_why {
            unclear.add(&mut findings, f, &r);
            (false, r)
        } else {
            (
                true,
                in_reason(asked, f, matches.get(idx).map(Vec::as_slice).unwrap_or(&[])),
            )
        };
        scope.push(ChangeScope {
            address: c.address.clone(),
            action: c.action.as_str().to_string(),
            category: f.category.to_string(),
            in_scope,
            unclear: is_unclear,
            reason,
        });
    }
    unclear.finish(&mut findings);
    creep.finish(&mut findings);
    IntentReport { findings, scope }
}

/// A distinctive word of the request's phrases that is a name of change `idx` and of no other
/// mutating change in the plan.
fn own_requested_name(asked: &Asked, facts: &[Facts], idx: usize) -> Option<String> {
    let f = facts.get(idx)?;
    let kinds = kind_words();
    asked
        .items
        .iter()
        .flat_map(|i| i.qualifiers.iter())
        .filter(|q| {
            q.len() > 3
                && !kinds.contains(*q)
                && !vocab::GENERIC_NAMES.contains(&q.as_str())
                && !vocab::NON_DISCRIMINATING.contains(&q.as_str())
                && !vocab::ATTRIBUTE_HEADS.contains(&q.as_str())
                && vocab::env_of_word(q).is_none()
        })
        .find(|q| {
            f.names.contains(*q)
                && !facts
                    .iter()
                    .enumerate()
                    .any(|(j, g)| j != idx && g.change.action.mutates() && g.names.contains(*q))
        })
        .cloned()
}

/// One finding per change of a kind (`scope_creep`, `intent_unclear`), capped at
/// [`MAX_SCOPE_FINDINGS`] with one last finding that counts the rest.
struct PerChange {
    id: &'static str,
    says: &'static str,
    says_of_more: &'static str,
    count: usize,
}

impl PerChange {
    fn new(id: &'static str, says: &'static str, says_of_more: &'static str) -> PerChange {
        PerChange {
            id,
            says,
            says_of_more,
            count: 0,
        }
    }

    fn add(&mut self, findings: &mut Vec<Finding>, f: &Facts, reason: &str) {
        self.count += 1;
        if self.count <= MAX_SCOPE_FINDINGS {
            let c = f.change;
            findings.push(Finding::new(
                self.id,
                default_disposition(self.id),
                Some(&c.address),
                format!(
                    "{} ({} {}) {}: {}",
                    c.address,
                    c.action.as_str(),
                    f.category,
                    self.says,
                    reason
                ),
            ));
        }
    }

    fn finish(&self, findings: &mut Vec<Finding>) {
        if self.count > MAX_SCOPE_FINDINGS {
            findings.push(Finding::new(
                self.id,
                default_disposition(self.id),
                None,
                format!(
                    "{} more changes {} (only the first {MAX_SCOPE_FINDINGS} are listed)",
                    self.count - MAX_SCOPE_FINDINGS,
                    self.says_of_more
                ),
            ));
        }
    }
}

fn trivial_reason(a: Action) -> &'static str {
    match a {
        Action::Read => "read only: changes nothing",
        Action::Forget => "removed from Terraform state only: destroys nothing",
        _ => "no-op: changes nothing",
    }
}

// ---------------------------------------------------------------------------------------------
// Facts about changes

fn facts_of(c: &Change) -> Facts<'_> {
    let category = category_of(&c.resource_type);
    let mut names = BTreeSet::new();
    let mut raw_names: Vec<String> = vec![c.name.clone()];
    if let Some(m) = &c.module {
        raw_names.push(m.clone());
    }
    // Index key: aws_x.y["blue"] → blue.
    if let Some(open) = c.address.rfind('[') {
        if let Some(key) = c.address.get(open + 1..) {
            raw_names.push(key.to_string());
        }
    }
    for v in [&c.after, &c.before] {
        for key in [
            "name",
            "bucket",
            "identifier",
            "function_name",
            "cluster_id",
        ] {
            if let Some(s) = v.get(key).and_then(Value::as_str) {
                raw_names.push(s.to_string());
            }
        }
        if let Some(s) = tag(v, &["name"]) {
            raw_names.push(s);
        }
    }
    for raw in &raw_names {
        for t in raw
            .to_ascii_lowercase()
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .take(32)
        {
            if t.len() > 1 && !t.chars().all(|ch| ch.is_ascii_digit()) {
                names.insert(stem(t));
            }
        }
    }
    let meaningful: BTreeSet<&String> = names
        .iter()
        .filter(|n| {
            !vocab::GENERIC_NAMES.contains(&n.as_str())
                && vocab::env_of_word(n).is_none()
                && !vocab::NON_DISCRIMINATING.contains(&n.as_str())
        })
        .collect();
    let generic_name = meaningful.is_empty();
    Facts {
        change: c,
        category,
        env: env_of_change(c, &names),
        pci: c.class.pci || pci_marked(c, &names),
        names,
        generic_name,
        product_conflict: None,
    }
}

/// A tag or label value by (case-insensitive) key, capped at 64 characters.
fn tag(v: &Value, keys: &[&str]) -> Option<String> {
    // One reader of tags and labels for the whole engine (`classify::tags_of`: maps, key/value
    // lists, `key:value` strings, labels inside settings and metadata blocks).
    super::classify::tags_of(v)
        .into_iter()
        .find(|(k, _)| keys.iter().any(|want| k.eq_ignore_ascii_case(want)))
        .map(|(_, val)| val.chars().take(64).collect())
}

fn env_word(s: &str) -> Option<Env> {
    let squashed: String = s
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    vocab::env_of_word(&squashed)
}

/// The change's environment: the classifier's verdict first, then the environment tag, then a
/// name token.
fn env_of_change(c: &Change, names: &BTreeSet<String>) -> Option<Env> {
    if c.class.production {
        return Some(Env::Production);
    }
    if let Some(e) = c.class.environment.as_deref().and_then(env_word) {
        return Some(e);
    }
    for v in [&c.after, &c.before] {
        if let Some(e) = tag(v, &["environment", "env", "stage", "tier"])
            .as_deref()
            .and_then(env_word)
        {
            return Some(e);
        }
    }
    // Name tokens; "live" only counts in tags, not in names ("liveness").
    names
        .iter()
        .filter(|n| n.as_str() != "live")
        .find_map(|n| vocab::env_of_word(n))
}

fn pci_marked(c: &Change, names: &BTreeSet<String>) -> bool {
    if names
        .iter()
        .any(|n| n.contains("pci") || n.contains("cardholder"))
    {
        return true;
    }
    [&c.after, &c.before].iter().any(|v| {
        ["tags", "labels"].iter().any(|f| {
            v.get(*f).and_then(Value::as_object).is_some_and(|m| {
                m.values().filter_map(Value::as_str).any(|s| {
                    let s = s.to_ascii_lowercase();
                    s.contains("pci") || s.contains("cardholder")
                })
            })
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Matching

fn type_of_kind(item: &Item, t: &str) -> bool {
    item.kind
        .and_then(|k| KINDS.get(k))
        .is_some_and(|k| catalog::is_kind(t, k))
}

/// Actions a verb class accepts on the thing it names.
fn direct_action_ok(item: &Item, a: Action) -> bool {
    match item.class {
        VerbClass::Create => a == Action::Create,
        VerbClass::Modify => {
            matches!(
                a,
                Action::Update
                    | Action::Create
                    | Action::ReplaceCreateBeforeDestroy
                    | Action::ReplaceDestroyBeforeCreate
            ) || (a == Action::Delete && item.allows_delete)
        }
        VerbClass::Scale | VerbClass::Allow | VerbClass::Block => true,
        VerbClass::Delete => matches!(a, Action::Delete | Action::Update),
    }
}

/// Actions a verb class accepts on things that naturally come with what it names. A change to
/// an existing thing does not bring new things of other categories (upgrading a server does not
/// create a load balancer), except that scaling out may add hosts.
fn supporting_action_ok(item: &Item, a: Action, same_category: bool, category: &str) -> bool {
    match item.class {
        VerbClass::Create => a == Action::Create,
        VerbClass::Allow | VerbClass::Block => false,
        VerbClass::Modify => direct_action_ok(item, a) && (a != Action::Create || same_category),
        VerbClass::Scale => {
            a != Action::Create
                || same_category
                || matches!(category, cat::COMPUTE | cat::CONTAINER | cat::AUTOSCALING)
        }
        VerbClass::Delete => direct_action_ok(item, a),
    }
}

fn names_overlap(f: &Facts, words: &[String]) -> bool {
    words.iter().any(|w| f.names.contains(w))
}

fn match_change(asked: &Asked, ctx: &PlanCtx, f: &Facts) -> Vec<Match> {
    let c = f.change;
    let a = c.action;
    let mut out = Vec::new();
    if f.product_conflict.is_some() {
        return out;
    }
    for (idx, item) in asked.items.iter().enumerate() {
        let kind_cat = item.kind_category();
        let strength = if item.is_everything() {
            let in_named_env = !asked.envs.is_empty()
                && f.env
                    .is_some_and(|e| asked.envs.iter().any(|w| e.compatible(*w)));
            let ok = match item.class {
                // Tearing an environment down may also update what stays in it (routes, peers).
                VerbClass::Delete => a.destroys() || (a == Action::Update && in_named_env),
                VerbClass::Create => matches!(a, Action::Create | Action::Update),
                VerbClass::Scale => {
                    cat::CAPACITY_CATEGORIES.contains(&f.category) && direct_action_ok(item, a)
                }
                VerbClass::Allow | VerbClass::Block => f.category == cat::NETWORK_ACCESS,
                VerbClass::Modify => direct_action_ok(item, a),
            };
            ok.then_some(Strength::EnvWide)
        } else if item.primary || item.comes_with {
            // "a VPC with subnets, a load balancer and a database": each thing it comes with is
            // asked for too, and brings what it needs.
            primary_match(asked, ctx, item, f, kind_cat)
        } else {
            context_match(item, f, kind_cat)
        };
        if let Some(strength) = strength {
            out.push(Match {
                item: idx,
                strength,
            });
        }
    }
    if out.is_empty() {
        if let Some(idx) = existing_thing_or_type_named(asked, f) {
            out.push(Match {
                item: idx,
                strength: Strength::Direct,
            });
        }
    }
    if !asked.items.is_empty() {
        let creating = asked.items.iter().any(|i| i.class == VerbClass::Create);
        if f.category == cat::UTILITY
            || (creating && a == Action::Create && catalog::resource_container(&c.resource_type))
        {
            out.push(Match {
                item: 0,
                strength: Strength::Helper,
            });
        } else if f.category == cat::OTHER {
            let words: Vec<String> = asked.tokens.iter().cloned().collect();
            // A type no table knows is judged by its own words: its provider ("fastly",
            // "pagerduty") and its type ("escalation policy"), as the request uses them.
            let type_named = type_words(&c.resource_type)
                .iter()
                .any(|w| asked.tokens.contains(w));
            if (!f.generic_name && names_overlap(f, &words)) || type_named {
                out.push(Match {
                    item: 0,
                    strength: Strength::Named,
                });
            }
        }
    }
    out
}

/// The item a change nothing else explains does after all, by the change's own evidence:
/// - "Give the pdf-renderer service 1Gi": a definite phrase points at a thing that exists, so
///   an update of a thing of its category is it, though the verb reads as "create";
/// - "an invoices-archive container": the change's type names the phrase's head noun
///   (`azurerm_storage_container`), whatever kind the word first suggested.
fn existing_thing_or_type_named(asked: &Asked, f: &Facts) -> Option<usize> {
    let a = f.change.action;
    let own_type = type_words(&f.change.resource_type);
    asked.items.iter().position(|item| {
        if !item.primary || item.is_everything() {
            return false;
        }
        let definite = is_definite(item);
        // When the phrase or the request names the thing, it must be this one by its name.
        let kinds = kind_words();
        let names_given: Vec<&String> = item
            .qualifiers
            .iter()
            .filter(|q| q.len() > 2 && !kinds.contains(*q) && vocab::env_of_word(q).is_none())
            .chain(asked.identifiers.iter())
            .collect();
        let carries_name = names_given.is_empty()
            || names_given.iter().any(|n| f.names.contains(*n))
            || written_names(f.change).iter().any(|w| {
                asked
                    .identifiers
                    .iter()
                    .any(|id| w == id || w.contains(id.as_str()))
            });
        let existing = definite
            && item.class == VerbClass::Create
            && a == Action::Update
            && item.kind_category() == Some(f.category)
            && carries_name;
        let type_named = head_noun(item).is_some_and(|h| {
            !vocab::GENERIC_HEADS.contains(&h.as_str())
                && own_type.contains(&h)
                && direct_action_ok(item, a)
        });
        // "install cert-manager via helm": known by its name, whatever kind "cert" suggests.
        let known_by_name = direct_action_ok(item, a) && {
            let names = names_giving_the_kind(asked, item);
            !names.is_empty() && written_names(f.change).iter().any(|n| names.contains(&n))
        };
        existing || type_named || known_by_name
    })
}

/// The names an item gives ("cert-manager") when the kind it seems to name comes from those
/// names alone ("cert" in "cert-manager"), not from words beside them ("a new GKE cluster
/// dev-ml"): then the thing is known by its name, not by its kind. Empty otherwise.
fn names_giving_the_kind<'a>(asked: &'a Asked, item: &Item) -> Vec<&'a String> {
    let named_here: Vec<&String> = asked
        .identifiers
        .iter()
        .filter(|id| {
            let spaced = id.replace(['-', '_', '.'], " ");
            item.phrase.contains(spaced.as_str())
        })
        .collect();
    let kind_outside = item
        .phrase
        .split(' ')
        .filter(|w| {
            !named_here
                .iter()
                .any(|id| id.split(['-', '_', '.']).any(|p| p == *w))
        })
        .map(stem)
        .any(|w| kind_words().contains(&w));
    if kind_outside {
        Vec::new()
    } else {
        named_here
    }
}

/// The distinctive words of a resource type, stemmed: `pagerduty_escalation_policy` →
/// `pagerduty`, `escalation`, `policy`; generic words (`resource`, `config`) are left out.
fn type_words(t: &str) -> Vec<String> {
    t.split('_')
        .filter(|w| w.len() > 2)
        .map(|w| stem(&w.to_ascii_lowercase()))
        .filter(|w| {
            !matches!(
                w.as_str(),
                "resource"
                    | "config"
                    | "configuration"
                    | "setting"
                    | "data"
                    | "object"
                    | "item"
                    | "attachment"
                    | "association"
                    | "v1"
                    | "v2"
            )
        })
        .take(8)
        .collect()
}

fn primary_match(
    asked: &Asked,
    ctx: &PlanCtx,
    item: &Item,
    f: &Facts,
    kind_cat: Option<&'static str>,
) -> Option<Strength> {
    let c = f.change;
    let a = c.action;
    let Some(kc) = kind_cat else {
        // No kind named ("scale up our production API", "decommission the billing service").
        return match item.class {
            VerbClass::Scale => (cat::CAPACITY_CATEGORIES.contains(&f.category)
                && direct_action_ok(item, a))
            .then_some(Strength::Direct),
            VerbClass::Delete if item.qualifiers.is_empty() => {
                a.destroys().then_some(Strength::EnvWide)
            }
            // Named but not typed ("make the checkout service faster"): any non-destroying
            // change to the thing of that name; destroying only when the verb destroys. A
            // setting change ("switch redundancy to ZRS") is met by an update that changes the
            // setting the words or the value name.
            _ => {
                let by_name = !item.qualifiers.is_empty()
                    && names_overlap(f, &item.qualifiers)
                    && (!a.destroys() || item.allows_delete);
                let by_setting = item.class == VerbClass::Modify
                    && a == Action::Update
                    && settings::changed_attributes(c).iter().any(|k| {
                        settings::value_named(c, k, &asked.text) || {
                            let words: BTreeSet<String> = item.qualifiers.iter().cloned().collect();
                            settings::mentioned(k, &words)
                        }
                    });
                (by_name || by_setting).then_some(Strength::Direct)
            }
        };
    };
    let kind_types_known = item
        .kind
        .and_then(|k| KINDS.get(k))
        .is_some_and(catalog::kind_has_types);
    // Whatever grants access is an IAM permission, whichever provider models it (a GitHub team's
    // repository permission, a Kubernetes role binding).
    let grants = kc == cat::IAM && access::grant_level(c).is_some();
    let is_kind = grants
        || if kind_types_known {
            type_of_kind(item, &c.resource_type)
        } else {
            f.category == kc
        };
    if is_kind && direct_action_ok(item, a) {
        return Some(Strength::Direct);
    }
    // Same category, other type (a bucket's public-access block, a volume's attachment, a
    // database's subnet group), or a category the kind naturally needs.
    let same = f.category == kc;
    let appliance = item
        .kind
        .and_then(|k| KINDS.get(k))
        .is_some_and(|k| k.name == kinds::FIREWALL_APPLIANCE)
        && cat::FIREWALL_APPLIANCE_SUPPORT.contains(&f.category);
    let managed_service = matches!(
        kc,
        cat::DATABASE | cat::CACHE | cat::ANALYTICS | cat::OBJECT_STORAGE | cat::MESSAGING
    );
    // "Private access only": the subnet and private DNS a managed service is reached through.
    let private_link = managed_service
        && (catalog::private_connectivity(&c.resource_type)
            || (asked.private && a == Action::Create && f.category == cat::NETWORK));
    let companion = a == Action::Create && catalog::is_companion_of(&c.resource_type, kc);
    let needed =
        (cat::supporting(kc).contains(&f.category) || appliance || private_link || companion)
            && supporting_allowed(asked, ctx, f);
    if (same || needed) && supporting_action_ok(item, a, same, f.category) {
        return Some(Strength::Supporting);
    }
    // Scaling a named service may resize everything that serves it.
    if item.class == VerbClass::Scale
        && cat::CAPACITY_CATEGORIES.contains(&f.category)
        && names_overlap(f, &item.qualifiers)
    {
        return Some(Strength::Supporting);
    }
    None
}

/// Extra conditions on a supporting category: IAM only as the runtime identity of a host,
/// internet-facing pieces only when nothing private was asked for.
fn supporting_allowed(asked: &Asked, ctx: &PlanCtx, f: &Facts) -> bool {
    let t = f.change.resource_type.as_str();
    if f.category == cat::IAM {
        return catalog::runtime_identity(t) || grant_for_new_identity(ctx, f.change);
    }
    !(catalog::reachable_from_internet(&f.change.resource_type, &f.change.after)
        && asked.private
        && !asked.public_network)
}

fn context_match(item: &Item, f: &Facts, kind_cat: Option<&'static str>) -> Option<Strength> {
    let kc = kind_cat?;
    if f.category != kc {
        return None;
    }
    let a = f.change.action;
    let ok = match a {
        Action::Update
        | Action::ReplaceCreateBeforeDestroy
        | Action::ReplaceDestroyBeforeCreate => true,
        // Creating under a create request: the things it is "for"/"with", or parts of a thing it
        // mentions ("add a lifecycle rule to the logs bucket"), never another one of that thing
        // ("attach a volume to the render worker" does not create workers).
        Action::Create => {
            item.class == VerbClass::Create
                && (item.creating || !type_of_kind(item, &f.change.resource_type))
        }
        _ => false,
    };
    ok.then_some(Strength::Context)
}

/// Per item: among the changes to existing things it matches, keep those that carry the names
/// the request uses, when at least one does.
fn discriminate_by_name(asked: &Asked, facts: &[Facts], matches: &mut [Vec<Match>]) {
    // Changes set aside as another thing than the one a request names.
    let mut not_the_named_one = vec![false; facts.len()];
    for (idx, item) in asked.items.iter().enumerate() {
        if item.qualifiers.is_empty()
            || !matches!(
                item.class,
                VerbClass::Delete | VerbClass::Modify | VerbClass::Scale
            )
        {
            continue;
        }
        let existing = |f: &Facts| f.change.action != Action::Create;
        let any_named = facts.iter().zip(matches.iter()).any(|(f, ms)| {
            existing(f) && ms.iter().any(|m| m.item == idx) && names_overlap(f, &item.qualifiers)
        });
        if !any_named {
            continue;
        }
        // "the web CPU monitor" is one monitor: "api CPU high" shares "cpu" with it, but "web
        // CPU high" carries every word the request names it by, so the api one is another.
        let carried = |f: &Facts| -> BTreeSet<&String> {
            item.qualifiers
                .iter()
                .filter(|q| names_overlap(f, std::slice::from_ref(*q)))
                .collect()
        };
        let one_asked = item.count == Some(1);
        // "the web CPU monitor" with no count may still name a whole system ("our production
        // API"): it is one thing only among things of one type.
        let one_of_a_type = item.count.is_none() && singular_phrase(&item.phrase);
        let fullest: Vec<(&str, BTreeSet<&String>)> = facts
            .iter()
            .zip(matches.iter())
            .filter(|(f, ms)| existing(f) && ms.iter().any(|m| m.item == idx))
            .map(|(f, _)| (f.change.resource_type.as_str(), carried(f)))
            .collect();
        for (n, (f, ms)) in facts.iter().zip(matches.iter_mut()).enumerate() {
            if !existing(f) || f.generic_name {
                continue;
            }
            let own = carried(f);
            let outnamed = fullest.iter().any(|(other_type, other)| {
                (one_asked || (one_of_a_type && *other_type == f.change.resource_type))
                    && other.len() > own.len()
                    && own.is_subset(other)
            });
            if own.is_empty() || outnamed {
                let before = ms.len();
                ms.retain(|m| m.item != idx || m.strength == Strength::Helper);
                if item.kind.is_some() && ms.len() < before {
                    if let Some(slot) = not_the_named_one.get_mut(n) {
                        *slot = true;
                    }
                }
            }
        }
    }
    // A setting asked with no thing of its own ("its critical", "the critical threshold on the
    // web CPU monitor") is a setting of the thing the request names: a sibling set aside as
    // not that thing does not carry it either.
    for (idx, item) in asked.items.iter().enumerate() {
        if item.kind.is_some()
            || !matches!(
                item.class,
                VerbClass::Delete | VerbClass::Modify | VerbClass::Scale
            )
        {
            continue;
        }
        for (ms, _) in matches
            .iter_mut()
            .zip(&not_the_named_one)
            .filter(|(_, set_aside)| **set_aside)
        {
            ms.retain(|m| m.item != idx || m.strength == Strength::Helper);
        }
    }
}

/// Whether a phrase with no count names one thing: its last word, the head noun ("the web CPU
/// alert"), is not a plural ("the web CPU alerts"). Words that end in s without being plurals
/// ("redis", "status", "access") stay singular.
fn singular_phrase(phrase: &str) -> bool {
    let Some(head) = phrase.split_whitespace().last() else {
        return false;
    };
    !head.ends_with('s') || ["ss", "us", "is", "ys"].iter().any(|e| head.ends_with(e))
}

fn inferred_env(asked: &Asked, facts: &[Facts], matches: &[Vec<Match>]) -> Option<Env> {
    if !asked.envs.is_empty() {
        return None;
    }
    let envs: BTreeSet<bool> = facts
        .iter()
        .zip(matches)
        .filter(|(_, ms)| {
            ms.iter()
                .any(|m| matches!(m.strength, Strength::Direct | Strength::EnvWide))
        })
        .filter_map(|(f, _)| f.env.map(Env::is_production))
        .collect();
    match envs.into_iter().collect::<Vec<_>>().as_slice() {
        [true] => Some(Env::Production),
        [false] => Some(Env::NonProd),
        _ => None,
    }
}

/// Why a change is out of scope, or `None` when some match survives every check.
fn veto_reason(
    asked: &Asked,
    f: &Facts,
    ms: &[Match],
    inferred: Option<Env>,
    pci_anchor: bool,
) -> Option<String> {
    let c = f.change;
    if asked.items.is_empty() {
        // Nothing understood: only the environment can be judged.
        return env_conflict(asked, f, None);
    }
    if ms.is_empty() {
        return Some(unrelated_reason(asked, f));
    }
    if let Some(r) = env_conflict(asked, f, None) {
        return Some(r);
    }
    let direct = ms
        .iter()
        .any(|m| matches!(m.strength, Strength::Direct | Strength::EnvWide));
    if !direct {
        if let Some(r) = env_conflict(asked, f, inferred) {
            return Some(r);
        }
    }
    if f.pci && !asked.pci && !pci_anchor {
        return Some(
            "it is PCI-scoped, and the request neither mentions PCI or payment data nor asks for \
             any PCI resource"
                .to_string(),
        );
    }
    if let Some(r) = region_conflict(asked, f) {
        return Some(r);
    }
    if !direct
        && catalog::reachable_from_internet(&c.resource_type, &c.after)
        && asked.private
        && !asked.public_network
    {
        return Some("it makes something reachable from the internet, and the request asks for something private".to_string());
    }
    None
}

fn env_conflict(asked: &Asked, f: &Facts, inferred: Option<Env>) -> Option<String> {
    let env = f.env?;
    if let Some(inf) = inferred {
        if env.is_production() != inf.is_production() {
            return Some(format!(
                "it touches a {} resource, while everything the request directly covers is {}",
                env.as_str(),
                inf.as_str()
            ));
        }
        return None;
    }
    if asked.envs.is_empty() || asked.envs.iter().any(|e| env.compatible(*e)) {
        return None;
    }
    let wanted: Vec<&str> = asked.envs.iter().map(|e| e.as_str()).collect();
    Some(format!(
        "it touches a {} resource, and the request is about {}",
        env.as_str(),
        wanted.join(" / ")
    ))
}

fn region_conflict(asked: &Asked, f: &Facts) -> Option<String> {
    if asked.regions.is_empty()
        || matches!(
            f.category,
            cat::IAM | cat::DNS | cat::CDN | cat::ACCOUNT | cat::UTILITY | cat::SOURCE_CONTROL
        )
    {
        return None;
    }
    let region = f.change.region.as_deref()?;
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let r = norm(region);
    let r_flat: String = r.chars().filter(|c| *c != '-').collect();
    let ok = asked.regions.iter().any(|want| {
        let w = norm(want);
        let w_flat: String = w.chars().filter(|c| *c != '-').collect();
        r == w || r.starts_with(&format!("{w}-")) || r_flat == w_flat
    });
    (!ok).then(|| {
        format!(
            "it is placed in {}, and the request names {}",
            cap_str(region, 40),
            asked.regions.join(" / ")
        )
    })
}

fn unrelated_reason(asked: &Asked, f: &Facts) -> String {
    let c = f.change;
    let asked_for: Vec<String> = asked
        .primary()
        .map(|i| format!("{} {}", i.class.as_str(), i.kind_name()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let what = if asked_for.is_empty() {
        "nothing this analysis recognises".to_string()
    } else {
        asked_for.join(", ")
    };
    if f.category == cat::OTHER {
        return format!(
            "its type {} is not in the category table and its name matches nothing in the \
             request (asked: {what})",
            cap_str(&c.resource_type, 60)
        );
    }
    format!(
        "the request asks to {what}; a {} {} change is neither that nor something it needs",
        c.action.as_str(),
        f.category
    )
}

fn in_reason(asked: &Asked, f: &Facts, ms: &[Match]) -> String {
    if asked.items.is_empty() {
        return "the request names no resource kind this analysis recognises; only its \
                environment could be checked"
            .to_string();
    }
    let Some(best) = ms.iter().min_by_key(|m| m.strength) else {
        return "covered".to_string();
    };
    let item = asked.items.get(best.item);
    let what = item
        .map(|i| format!("{} {}", i.class.as_str(), i.kind_name()))
        .unwrap_or_default();
    match best.strength {
        Strength::Direct => format!("requested: {what}"),
        Strength::EnvWide => format!(
            "requested: {what} in {}",
            f.env.map(Env::as_str).unwrap_or("the named environment")
        ),
        Strength::Supporting => format!(
            "a {} the requested {} needs",
            f.category,
            item.map(Item::kind_name).unwrap_or("resource")
        ),
        Strength::Context => format!(
            "the request mentions this {} ({})",
            f.category,
            item.map(|i| cap_str(&i.phrase, 60)).unwrap_or_default()
        ),
        Strength::Helper => "a helper with no cloud footprint".to_string(),
        Strength::Named => "its name is used in the request".to_string(),
    }
}

fn cap_str(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Meaning checks: exclusions, access levels, settings, member counts, vague requests

/// Words that name kinds of things ("database", "security", "group", "db"): they say what, not
/// which, so they never tell two resources of a kind apart.
fn kind_words() -> &'static BTreeSet<String> {
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
fn referenced_names(plan: &Plan, c: &Change) -> Vec<String> {
    let addr = super::change::strip_instance_keys(&c.address);
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
    let fits = |(a, b): &(u32, u32)| wanted.iter().any(|p| a <= p && p <= b) && b - a < 1024;
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
fn written_names(c: &Change) -> Vec<String> {
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
    let linked = |id: &str, n: &str| {
        all.iter().any(|g| {
            !std::ptr::eq(g.change, c)
                && holds_string(&g.change.after, id, 256)
                && holds_string(&g.change.after, n, 256)
        })
    };
    let names = written_names(c);
    let named = |n: &String| {
        asked
            .identifiers
            .iter()
            .any(|id| n == id || n.contains(id.as_str()))
    };
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
        names
            .iter()
            .filter(|n| !named(n))
            .find(|n| sibling_names(id, n) && !linked(id, n))
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
    let mut stack = vec![v];
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > budget {
            return false;
        }
        match v {
            Value::String(x) if x.eq_ignore_ascii_case(s) => return true,
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
        let hit = env_hit
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

fn meaning_checks(
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
        wanted_level: access::asked_level(&asked.words),
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
        let checks: [&dyn Fn() -> Said; 9] = [
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

/// Names: the request names its target, and the change is another one (a second create beside
/// the named one, a sibling name, a rule aimed at another group, other ports).
fn named_target(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let (asked, c) = (m.asked, f.change);
    // The request names what it wants created ("ingress-nginx"); another thing of the same
    // type, named otherwise and only mentioned by context, was not asked for.
    let only_context = !ms.is_empty() && ms.iter().all(|x| x.strength == Strength::Context);
    if c.action == Action::Create && only_context && !asked.identifiers.is_empty() {
        let carries = |x: &Change| {
            written_names(x)
                .iter()
                .any(|n| asked.identifiers.iter().any(|id| n == id))
        };
        let sibling_named = m.facts.iter().any(|g| {
            g.change.resource_type == c.resource_type
                && g.change.action == Action::Create
                && carries(g.change)
        });
        if sibling_named && !carries(c) {
            return Said::Out(format!(
                "the request names {} and this {} is another one",
                cap_str(&asked.identifiers.join(", "), 60),
                c.resource_type
            ));
        }
    }
    // Matched by its name too: a name patterned like the one asked and not it is another thing.
    let named_match = ms.iter().any(|x| {
        matches!(
            x.strength,
            Strength::Direct | Strength::Context | Strength::Named
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
        if let Some(r) = aimed_elsewhere(asked, m.plan, f).or_else(|| other_ports(asked, c)) {
            return Said::Out(r);
        }
    }
    Said::Pass
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
        if !asked_sizes.iter().any(|s| **s == planned) {
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

/// Grants: one nobody asked for, one to everyone, or one stronger than the access asked for.
fn grant(m: &Meaning, f: &Facts, ms: &[Match]) -> Said {
    let (asked, c) = (m.asked, f.change);
    let Some(granted) = access::grant_level_in(c, &m.plan.changes) else {
        return Said::Pass;
    };
    // A grant nobody asked for: the request asks for no access, names no permission, and it is
    // not the runtime identity's own grant. Granting everyone (`allUsers`) is never implied.
    let asks_access = m.wanted_level.is_some()
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
    let public_asked = asked.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "public" | "publicly" | "everyone" | "anyone" | "unauthenticated" | "internet"
        )
    });
    let supporting_grant =
        grant_for_new_identity(&m.ctx, c) || ms.iter().all(|x| x.strength == Strength::Supporting);
    if to_everyone && !public_asked {
        return Said::Out(
            "it grants access to everyone, which the request does not ask for".to_string(),
        );
    }
    if !asks_access && !supporting_grant {
        return Said::Out("it grants access, and the request asks for none".to_string());
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

/// A grant's level against the level the request asks for.
fn grant_against_asked(
    m: &Meaning,
    c: &Change,
    granted: access::Level,
    supporting_grant: bool,
) -> Said {
    let Some(wanted) = m.wanted_level else {
        // Access asked with no level said: administering everything is not what anyone means
        // by "access", so a person must confirm it.
        if granted == access::Level::Admin && !supporting_grant {
            return Said::Unclear(
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
    if granted == access::Level::Unknown && judged_through_created_policy {
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
    // The request speaks of some of this update's settings (however the change was matched:
    // "required approvals 1 -> 2" on a branch protection found through its repository): the
    // others it changes are not asked for.
    if !ms.is_empty() {
        let extra = settings::unmentioned_changes(c, &asked.tokens, &asked.text);
        if !extra.is_empty() {
            return Said::Out(also_changes(&extra));
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
fn also_changes(unsaid: &[String]) -> String {
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
fn publicly_exposed(c: &Change) -> Option<&'static str> {
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
fn refactor_only(asked: &Asked) -> bool {
    let mut primary = asked.primary().peekable();
    if primary.peek().is_none() {
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
                "module" | "modules" | "address" | "addresses" | "state" | "configuration" | "code"
            )
        });
    primary.all(|i| match i.verb.as_str() {
        "refactor" | "reorganize" | "reorganise" | "restructure" => true,
        "move" | "rename" | "relocate" => config_words,
        _ => false,
    })
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

// ---------------------------------------------------------------------------------------------
// Counts, targets, missing actions

/// A companion of the counted thing (its DLQ, its log bucket, its replica), unless the request
/// itself uses that word for what it counts ("a pair of subscriptions for the audit consumers").
fn is_auxiliary(asked: &Asked, f: &Facts) -> bool {
    f.names
        .iter()
        .any(|n| vocab::AUXILIARY_NAMES.contains(&n.as_str()) && !asked.tokens.contains(n.as_str()))
}

fn count_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) {
    // Sum the counts asked per (kind, create/delete): "a bucket for X and a bucket for Y" is two.
    let mut wanted: BTreeMap<(usize, bool), (u32, String, String)> = BTreeMap::new();
    let mut named: BTreeMap<(usize, bool), Vec<String>> = BTreeMap::new();
    for item in asked.primary() {
        let (Some(k), Some(n)) = (item.kind, item.count) else {
            continue;
        };
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
                    && !is_auxiliary(asked, f)
                    && out_reason.get(*idx).is_some_and(Option::is_none)
                    && matches.get(*idx).is_some_and(|m| !m.is_empty())
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
fn count_by_type_words(
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
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (idx, f) in facts.iter().enumerate() {
            let t = f.change.resource_type.as_str();
            let tw = type_words(t);
            // The type's own noun (its last word) must be what the phrase says.
            let noun_said = tw.last().is_some_and(|w| words.contains(w));
            if f.change.action == Action::Create
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
fn changed_numbers(
    before: &Value,
    after: &Value,
    path: &str,
    depth: usize,
    out: &mut Vec<(String, i64, i64)>,
) {
    if depth > 4 || out.len() > 64 {
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

/// The value a scale request asks for, given the value before: "to 10", "by 2", "double".
#[derive(Debug, Clone, Copy)]
enum ScaleTarget {
    To(i64),
    By(i64),
    Times(u64, u64),
}

impl ScaleTarget {
    fn of(item: &Item) -> Option<ScaleTarget> {
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

fn scale_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    out_reason: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) {
    for (idx, item) in asked.items.iter().enumerate() {
        let sized_change = item.class == VerbClass::Modify && item.scale_to.is_some();
        if !item.primary || (item.class != VerbClass::Scale && !sized_change) {
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
                let want = target.wanted(b);
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
            let created = facts
                .iter()
                .zip(matches)
                .filter(|(f, ms)| {
                    f.change.action == Action::Create && ms.iter().any(|m| m.item == idx)
                })
                .count();
            if !seen_any && d > 0 && i64::try_from(created).is_ok_and(|n| n == d) {
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

fn missing_checks(
    asked: &Asked,
    facts: &[Facts],
    matches: &[Vec<Match>],
    findings: &mut Vec<Finding>,
) {
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
            if created || category_level_satisfied(item, facts) {
                continue;
            }
        }
        // A phrase with no kind ("enable deletion protection", "make the checkout faster") names
        // an attribute or a service, not a resource: it is only missing when nothing changes.
        if item.kind.is_none()
            && matches!(item.class, VerbClass::Create | VerbClass::Modify)
            && facts.iter().any(|f| f.change.action.mutates())
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
        if done_by_name {
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
        let evidence = missing_evidence(item, idx, facts, matches);
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
fn is_definite(item: &Item) -> bool {
    item.phrase
        .split(' ')
        .find(|w| !w.is_empty())
        .is_some_and(|w| DEFINITE.contains(&w))
}

/// The phrase's head noun (its last word), stemmed, when it is long enough to mean something.
fn head_noun(item: &Item) -> Option<String> {
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
fn missing_evidence(item: &Item, idx: usize, facts: &[Facts], matches: &[Vec<Match>]) -> Evidence {
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
    let explained_elsewhere = |ms: &Vec<Match>| {
        ms.iter()
            .any(|m| m.item != idx && matches!(m.strength, Strength::Direct | Strength::EnvWide))
    };
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
    Evidence::Strong
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
    // A type another kind lists is that other thing (an SNS topic is not the SQS queue asked for).
    let other_kinds_type = |t: &str| !catalog::kinds_of(t).is_empty() && !type_of_kind(item, t);
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

#[cfg(test)]
mod tests;
