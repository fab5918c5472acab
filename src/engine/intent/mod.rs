/*!
Deterministic intent analysis: what the request asks for versus what the plan does.

Contract used by the engine glue: `analyze(&Request, &Plan) -> IntentReport`.

How a change is judged (every rule is about meaning, none about particular names):
1. The request is tokenized (`tokens.rs`) and parsed into items (`request.rs`): verb class + resource kind + count, as the
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

This file keeps `analyze`, the facts about changes, matching and the report; the per-change
meaning checks are in `meaning.rs`, the count and scale checks in `counts.rs`, the missing-action
checks in `missing.rs`.
*/
pub mod access;
mod clause_kinds;
mod clauses;
mod counts;
mod exclusions;
mod implied;
mod meaning;
mod missing;
mod phrases;
pub mod products;
pub mod quantity;
pub mod request;
pub mod settings;
pub mod tokens;
pub mod vocab;

use std::collections::BTreeSet;

use serde_json::Value;

use super::catalog::categories as cat;
use super::catalog::kinds::{self, KINDS};
use super::catalog::{self, category_of};
use super::change::{Action, Change};
use super::findings::default_disposition;
use super::findings::{ids, Finding};
use super::{ChangeScope, Plan, Request};
use counts::{changed_numbers, count_by_type_words, count_checks, scale_checks};
use meaning::{also_changes, holds_part, kind_words, meaning_checks, written_names};
use missing::{head_noun, is_definite, missing_checks};
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
    /// IAM roles this plan creates for an AWS service whose resources it also creates (a role
    /// trusted by `backup.amazonaws.com` beside an `aws_backup_plan`): what the service runs as.
    service_roles: BTreeSet<String>,
    /// Own names (lower-case) of the things this plan creates that grant nothing themselves.
    created_names: BTreeSet<String>,
    /// Providers ("azurerm") of the things this plan creates to run as an identity assigned to
    /// them (`identity { type = "UserAssigned" }`): that identity is theirs to have.
    run_as_assigned_identity: BTreeSet<String>,
    /// Addresses of the Kubernetes Roles and RoleBindings this plan creates for service
    /// accounts it also creates ([`access::grants_to_new_service_accounts`]).
    grants_to_new_service_accounts: BTreeSet<String>,
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
    // "aws_backup_plan" → "backup": the services whose resources the plan creates.
    let created_services: BTreeSet<&str> = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Create && c.resource_type != "aws_iam_role")
        .filter_map(|c| c.resource_type.strip_prefix("aws_"))
        .filter_map(|rest| rest.split('_').next())
        .filter(|service| *service != "iam")
        .collect();
    let service_roles = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Create && c.resource_type == "aws_iam_role")
        .filter(|c| {
            trusted_services(&c.after).iter().any(|principal| {
                // "ecs-tasks.amazonaws.com" serves "ecs"; "lambda.amazonaws.com" serves "lambda".
                let label = principal.split('.').next().unwrap_or("");
                let service = label.split('-').next().unwrap_or(label);
                created_services.contains(service)
            })
        })
        .filter_map(|c| c.after.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let created_names = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Create && access::grant_level(c).is_none())
        .filter_map(own_name_value)
        .filter(|n| n.len() >= 3)
        .take(256)
        .collect();
    let run_as_assigned_identity = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Create)
        .filter(|c| {
            c.after
                .get("identity")
                .and_then(Value::as_array)
                .is_some_and(|blocks| {
                    blocks.iter().take(4).any(|b| {
                        b.get("type")
                            .and_then(Value::as_str)
                            .is_some_and(|t| t.contains("UserAssigned"))
                    })
                })
        })
        .filter_map(|c| c.resource_type.split('_').next())
        .map(str::to_string)
        .collect();
    PlanCtx {
        created_roles,
        creates_identity,
        service_roles,
        created_names,
        run_as_assigned_identity,
        grants_to_new_service_accounts: access::grants_to_new_service_accounts(&plan.changes),
    }
}

/// "Dead-letter after 5 tries into shipment-events-dlq": the provider's own service agent allowed
/// to publish to the new dead-letter topic, or a storage service allowed to send to the new queue,
/// wires the provider's parts together so that a thing this plan creates works. It grants no
/// person anything, and it never administers.
fn wires_a_created_thing(ctx: &PlanCtx, c: &Change) -> bool {
    c.action == Action::Create
        && access::to_provider_service_only(c)
        && access::grant_level(c) != Some(access::Level::Admin)
        && c.after.as_object().is_some_and(|o| {
            o.iter().take(64).any(|(_, v)| {
                v.as_str().is_some_and(|s| {
                    let last = s.rsplit(['/', ':']).next().unwrap_or(s);
                    ctx.created_names.contains(&last.to_ascii_lowercase())
                })
            })
        })
}

/// The AWS services a role's trust policy lets assume it (`backup.amazonaws.com`).
fn trusted_services(role: &Value) -> Vec<String> {
    let Some(doc) = role
        .get("assume_role_policy")
        .and_then(Value::as_str)
        .filter(|d| d.len() <= 64 * 1024)
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
    else {
        return Vec::new();
    };
    let statements = match doc.get("Statement") {
        Some(Value::Array(l)) => l.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for st in statements.iter().take(32) {
        match st.get("Principal").and_then(|p| p.get("Service")) {
            Some(Value::String(s)) => out.push(s.to_ascii_lowercase()),
            Some(Value::Array(l)) => out.extend(
                l.iter()
                    .take(16)
                    .filter_map(Value::as_str)
                    .map(str::to_ascii_lowercase),
            ),
            _ => {}
        }
    }
    out
}

/// A role created for a service the plan also sets up, or a grant to that role that does not
/// administer everything: what the requested service runs as.
fn serves_a_created_service(ctx: &PlanCtx, c: &Change) -> bool {
    if c.action != Action::Create {
        return false;
    }
    if c.resource_type == "aws_iam_role" {
        return c
            .after
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| ctx.service_roles.contains(n));
    }
    let to_service_role = c
        .after
        .get("role")
        .and_then(Value::as_str)
        .is_some_and(|r| ctx.service_roles.contains(r));
    to_service_role
        && c.resource_type.starts_with("aws_iam_role_policy")
        && access::grant_level(c) != Some(access::Level::Admin)
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
    if t.starts_with("kubernetes_") {
        return ctx.grants_to_new_service_accounts.contains(&c.address);
    }
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
    // What anything running needs of its own project is narrow whatever its breadth: writing
    // its own logs, metrics and traces, and connecting to its database as a client.
    let role_leaf = c
        .after
        .get("role")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('.').next())
        .unwrap_or("")
        .to_ascii_lowercase();
    let runtime_need = t.starts_with("google_")
        && matches!(
            role_leaf.as_str(),
            "logwriter" | "metricwriter" | "traceagent" | "client"
        );
    if (azure_broad || gcp_broad)
        && level >= access::Level::Write
        && level != access::Level::Unknown
        && !runtime_need
    {
        return false;
    }
    // A role named for the one thing it lets a workload do with one resource (subscribe to a
    // subscription, publish to a topic, invoke a service, act as its workload identity, read a
    // secret's value, encrypt and decrypt with a key).
    let one_use_role = t.starts_with("google_")
        && !gcp_broad
        && matches!(
            role_leaf.as_str(),
            "subscriber"
                | "publisher"
                | "invoker"
                | "workloadidentityuser"
                | "objectcreator"
                | "secretaccessor"
                | "cryptokeyencrypterdecrypter"
                | "cryptokeyencrypter"
                | "cryptokeydecrypter"
        );
    // A managed policy attached to a new role: its level comes from its name; a policy created
    // in this plan has an ARN known only after apply and is judged as its own change.
    let level_ok = match level {
        access::Level::Read | access::Level::Write => true,
        access::Level::Unknown => {
            runtime_need
                || one_use_role
                || unknown("policy_arn")
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
    let reread = kinds_reread_by_types(asked, &facts);
    let asked = reread.as_ref().unwrap_or(asked);
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
    grants_on_another_named_target(asked, &facts, &mut matches);

    // Pass 3: an update nothing matched, which alone carries a name the request gives and
    // changes exactly the settings the request speaks of ("acme-dev-raw-events: versioning on"),
    // is the change asked for. (One that also changes other settings is ruled out below.) A
    // replacement that only changes such settings is that update done the only way the
    // provider can ("move jenkins-agent-03 to ami-…"); the deletion it implies is confirmed
    // on its own.
    for (idx, f) in facts.iter().enumerate() {
        let unmatched = matches.get(idx).is_some_and(Vec::is_empty);
        let changes_settings = matches!(
            f.change.action,
            Action::Update
                | Action::ReplaceDestroyBeforeCreate
                | Action::ReplaceCreateBeforeDestroy
        );
        if !unmatched || !changes_settings || f.product_conflict.is_some() {
            continue;
        }
        if own_requested_name(asked, &facts, idx).is_none()
            && written_out_name(asked, &facts, idx).is_none()
        {
            continue;
        }
        // A changed number needs the count checks, which judge matched changes only by the
        // quantity words of an item: leave a resize unclear rather than take it on a name,
        // unless the request spells out that very move ("idle_timeout 60 -> 300") or gives the
        // setting its new value ("auto suspend to 120").
        let mut numbers = Vec::new();
        changed_numbers(&f.change.before, &f.change.after, "", 0, &mut numbers);
        let spelled_out = |(path, was, now): &(String, i64, i64)| {
            settings::spells_out_number_change(&asked.text, *was, *now)
                || asked.values.iter().any(|(word, value)| {
                    value == now
                        && word.len() > 3
                        && path.to_ascii_lowercase().contains(word.as_str())
                })
        };
        if !numbers.iter().all(spelled_out) {
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

    // Pass 4: a thing deleted as asked takes its own parts with it: a deletion nothing asked
    // directly, whose name or id the deleted thing's own settings hold (the VM's
    // `network_interface_ids` ending in its NIC's name), serves that deletion.
    let owners: Vec<usize> = (0..facts.len())
        .filter(|&i| {
            facts[i].change.action.destroys()
                && matches
                    .get(i)
                    .is_some_and(|ms| ms.iter().any(|m| m.strength == Strength::Direct))
        })
        // The plan is hostile: bound the pairs looked at (owners × parts × values).
        .take(32)
        .collect();
    for (idx, f) in facts
        .iter()
        .enumerate()
        .take(if owners.is_empty() { 0 } else { 4096 })
    {
        let c = f.change;
        let direct = matches
            .get(idx)
            .is_some_and(|ms| ms.iter().any(|m| m.strength == Strength::Direct));
        if c.action != Action::Delete || direct {
            continue;
        }
        let own: Vec<&str> = ["name", "id"]
            .iter()
            .filter_map(|k| c.before.get(*k).and_then(Value::as_str))
            .filter(|s| s.len() >= 3)
            .collect();
        let owner = owners.iter().copied().find(|&o| {
            o != idx
                && own
                    .iter()
                    .any(|n| holds_part(&facts[o].change.before, n, 512))
        });
        let Some(o) = owner else { continue };
        let item = matches
            .get(o)
            .and_then(|ms| ms.iter().find(|m| m.strength == Strength::Direct))
            .map_or(0, |m| m.item);
        if let Some(ms) = matches.get_mut(idx) {
            ms.clear();
            ms.push(Match {
                item,
                strength: Strength::Supporting,
            });
        }
    }

    // Pass 5: a thing created for a thing created as asked, of another category, that names
    // it in its own settings (the log group `/aws/lambda/thumbnailer-dev`, the private endpoint
    // `pe-kv-claimsapi-test`) or points at it in the configuration (a role assignment scoped to
    // the new vault's id, a bucket notification invoking the new function), serves it. So does
    // one the asked thing itself uses, by reference or by name in its settings (the resource
    // monitor a new warehouse is capped by). The
    // graph comes from the orchestrator too: environment, PCI and region conflicts, grant
    // levels and everything else below still judge the change as for any supporting one.
    let anchors: Vec<(usize, String, String, &'static str, usize)> = facts
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            f.change.action == Action::Create
                && matches.get(*i).is_some_and(|ms| {
                    ms.iter().any(|m| {
                        matches!(
                            m.strength,
                            Strength::Direct | Strength::Context | Strength::Named
                        )
                    })
                })
        })
        .take(32)
        .filter_map(|(i, f)| {
            let item = matches
                .get(i)?
                .iter()
                .find(|m| {
                    matches!(
                        m.strength,
                        Strength::Direct | Strength::Context | Strength::Named
                    )
                })?
                .item;
            let own = own_name_value(f.change).unwrap_or_default();
            Some((item, own, f.change.name.clone(), f.category, i))
        })
        .collect();
    if !anchors.is_empty() {
        // What each anchor points at in its configuration, for the other direction: a thing
        // the asked thing uses (the resource monitor a new warehouse is capped by).
        let anchor_refs: Vec<Vec<String>> = anchors
            .iter()
            .map(|a| {
                facts
                    .get(a.4)
                    .map(|f| meaning::referenced_names(plan, f.change))
                    .unwrap_or_default()
            })
            .collect();
        for (idx, f) in facts.iter().enumerate().take(4096) {
            let c = f.change;
            let unmatched = matches.get(idx).is_some_and(Vec::is_empty);
            if c.action != Action::Create || !unmatched || f.product_conflict.is_some() {
                continue;
            }
            // A grant or an identity serves only where the request asks for access: one that
            // rides along with a new service is judged by whom it trusts and what it allows
            // (`grant_for_new_identity`), not by this.
            let grants = access::grant_level(c).is_some() || f.category == cat::IAM;
            if grants
                && access::asked_level(&asked.words).is_none()
                && !asked.people_given_an_ability
            {
                continue;
            }
            // Nor does a data store or a machine of its own (a Redis named `ticketing-api-cache`
            // beside the service asked): what holds data or runs work is a thing to ask for.
            if [
                cat::DATABASE,
                cat::CACHE,
                cat::COMPUTE,
                cat::CONTAINER,
                cat::ANALYTICS,
            ]
            .contains(&f.category)
            {
                continue;
            }
            // Nor does a way in from the internet serve anything the request did not ask to
            // expose.
            // Nor does a rule that decides who gets in (a firewall pointing at the new
            // droplets): the catalog's companions bring the rules a thing needs, and any other
            // rule must be asked for.
            let exposes = catalog::reachable_from_internet(&c.resource_type, &c.after)
                || meaning::publicly_exposed(c).is_some();
            if (exposes && !asked.public_network) || f.category == cat::NETWORK_ACCESS {
                continue;
            }
            // The API a thing the plan creates belongs to, switched on for it. Whether that
            // thing is asked is judged on its own change.
            let api_of_created = catalog::is_api_switch(&c.resource_type)
                && facts.iter().take(4096).any(|o| {
                    o.change.action == Action::Create
                        && catalog::switches_on_api_of(
                            &c.resource_type,
                            &c.after,
                            &o.change.resource_type,
                        )
                });
            let refs = meaning::referenced_names(plan, c);
            let c_own = own_name_value(c).unwrap_or_default();
            let serves = anchors
                .iter()
                .zip(&anchor_refs)
                .find(|((_, own, name, category, at), used)| {
                    let names_anchor = (own.len() >= 6
                        && meaning::holds_name_within(&c.after, own, 256))
                        || refs.iter().any(|r| r == name);
                    let used_by_anchor = used.contains(&c.name)
                        || (c_own.len() >= 6
                            && facts
                                .get(*at)
                                .is_some_and(|a| uses_by_name(a.change, &c_own)));
                    api_of_created || (*category != f.category && (names_anchor || used_by_anchor))
                })
                .map(|(a, _)| a);
            if let (Some((item, ..)), Some(ms)) = (serves, matches.get_mut(idx)) {
                ms.push(Match {
                    item: *item,
                    strength: Strength::Supporting,
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
        let own_name = own_requested_name(asked, &facts, idx);
        // Only the settings test of an update reads a name written out in full.
        let written_out = (own_name.is_none() && f.change.action == Action::Update)
            .then(|| written_out_name(asked, &facts, idx))
            .flatten();
        let Some(name) = own_name.clone().or(written_out) else {
            continue;
        };
        let env_or_scope = env_conflict(asked, f, None).is_some()
            || (f.pci && !asked.pci)
            || region_conflict(asked, f).is_some();
        // It changes settings the request speaks of, and others too: those are not asked for.
        // The request named it, so it was understood this far, even when it named nothing else
        // ("BI_WH auto suspend to 120", and the warehouse is also resized).
        if f.change.action == Action::Update {
            let changed = settings::changed_attributes(f.change);
            let unsaid = settings::unmentioned_changes(f.change, &asked.tokens, &asked.text);
            if !unsaid.is_empty() && changed.len() > unsaid.len() {
                if let Some(slot) = out_reason.get_mut(idx) {
                    *slot = Some(also_changes(&unsaid));
                }
                if let Some(ms) = matches.get_mut(idx) {
                    ms.push(Match {
                        item: 0,
                        strength: Strength::Named,
                    });
                }
                continue;
            }
        }
        // A name written out in full shows which thing is meant, not that what it does was
        // asked: only the settings test above reads it.
        if env_or_scope || own_name.is_none() {
            continue;
        }
        // Its name and its type's own word for what it is ("the ECR repo billing-worker",
        // `aws_ecr_repository.billing_worker`) both agree with the request: two pieces of the
        // change's own evidence name it, whatever category the analysis read into the words.
        if let (Some(item), Some(ms)) = (
            item_naming_it_by_name_and_type(asked, f, &name),
            matches.get_mut(idx),
        ) {
            ms.push(Match {
                item,
                strength: Strength::Direct,
            });
            if let Some(slot) = out_reason.get_mut(idx) {
                *slot = None;
            }
            continue;
        }
        if let Some(slot) = out_reason.get_mut(idx) {
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

/// The item that asks for a change by the name it carries, when the request also calls it by
/// a word its own type uses for it ("repo"/"repository", "function", "topic", "monitor", "job"),
/// outside any name the request gives, and the item's verb fits the change's action.
fn item_naming_it_by_name_and_type(asked: &Asked, f: &Facts, name: &str) -> Option<usize> {
    // The item test is cheap and rarely passes; the word tests below stem every request word.
    let item = asked.items.iter().position(|item| {
        (item.primary || item.comes_with)
            && item.qualifiers.iter().any(|q| q == name)
            && direct_action_ok(item, f.change.action)
    })?;
    let type_words = type_words(&f.change.resource_type);
    let name_parts: BTreeSet<String> = asked
        .identifiers
        .iter()
        .chain(&asked.named)
        .flat_map(|id| id.split(|c: char| !c.is_alphanumeric()))
        .map(stem)
        .collect();
    let called_by_its_type = asked.words.iter().map(|w| stem(w)).any(|w| {
        w.len() > 2
            && !name_parts.contains(&w)
            && kind_words().contains(&w)
            && type_words.iter().any(|t| *t == w || same_kind_word(t, &w))
    });
    (called_by_its_type && carries_the_whole_name(asked, f, name)).then_some(item)
}

/// Where a name word is part of a name the request writes out ("invoice" of
/// "invoice-render-dev"), the change must carry that whole name to be the thing named:
/// `invoice-render-dev-dlq` is a sibling of it.
fn carries_the_whole_name(asked: &Asked, f: &Facts, name: &str) -> bool {
    let written_out: Vec<&String> = asked
        .identifiers
        .iter()
        .filter(|id| id.split('-').any(|p| stem(p) == name))
        .collect();
    if written_out.is_empty() {
        return true;
    }
    let carried: Vec<String> = written_names(f.change)
        .into_iter()
        .chain([f.change.name.replace('_', "-")])
        .collect();
    written_out
        .iter()
        .any(|id| carried.iter().any(|c| c == *id))
}

/// A name the request writes out whole ("dev-api", "ANALYTICS_WH", "law-security-dev") that
/// is the change's own name as written, and no other changing thing's. Hyphens and underscores
/// are one separator: `analytics_wh` is `ANALYTICS_WH`.
fn written_out_name(asked: &Asked, facts: &[Facts], idx: usize) -> Option<String> {
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let names_of = |f: &Facts| -> Vec<String> {
        written_names(f.change)
            .iter()
            .map(|n| norm(n))
            .chain([norm(&f.change.name)])
            .collect()
    };
    let written: Vec<String> = asked
        .identifiers
        .iter()
        .chain(&asked.named)
        .map(|n| norm(n))
        .filter(|n| n.len() >= 4 && n.contains('-'))
        .collect();
    if written.is_empty() {
        return None;
    }
    let own = names_of(facts.get(idx)?);
    written.into_iter().find(|n| {
        own.contains(n)
            && !facts
                .iter()
                .enumerate()
                .any(|(j, g)| j != idx && g.change.action.mutates() && names_of(g).contains(n))
    })
}

/// Two words one kind of thing is called by ("repo" and "repository").
fn same_kind_word(a: &str, b: &str) -> bool {
    let kinds_of_b = phrases::kinds_of_word(b);
    phrases::kinds_of_word(a)
        .iter()
        .any(|k| kinds_of_b.contains(k))
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
    // Each side's tags are read once: the name tag here, the environment tag below.
    let tags = [
        super::classify::tags_of(&c.after),
        super::classify::tags_of(&c.before),
    ];
    for (v, side_tags) in [&c.after, &c.before].into_iter().zip(&tags) {
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
        if let Some(s) = tag_in(side_tags, &["name"]) {
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
    let generic_name = !names.iter().any(|n| {
        !vocab::GENERIC_NAMES.contains(&n.as_str())
            && vocab::env_of_word(n).is_none()
            && !vocab::NON_DISCRIMINATING.contains(&n.as_str())
    });
    Facts {
        change: c,
        category,
        env: env_of_change(c, &tags, &names),
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
    tag_in(&super::classify::tags_of(v), keys)
}

/// [`tag`] on tags already read.
fn tag_in(tags: &[(String, String)], keys: &[&str]) -> Option<String> {
    tags.iter()
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
fn env_of_change(
    c: &Change,
    tags: &[Vec<(String, String)>; 2],
    names: &BTreeSet<String>,
) -> Option<Env> {
    if c.class.production {
        return Some(Env::Production);
    }
    if let Some(e) = c.class.environment.as_deref().and_then(env_word) {
        return Some(e);
    }
    for side_tags in tags {
        if let Some(e) = tag_in(side_tags, &["environment", "env", "stage", "tier"])
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
    if out.is_empty() && (serves_a_created_service(ctx, c) || wires_a_created_thing(ctx, c)) {
        if let Some(idx) = asked.items.iter().position(|i| i.primary) {
            out.push(Match {
                item: idx,
                strength: Strength::Supporting,
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
    // "Host the handbook on Cloudflare Pages": a request may name what it wants created by the
    // provider's own words for its product, written together. A new thing whose type starts
    // with those words (`cloudflare_pages_project`) is named, whatever kind other words of the
    // request suggest.
    if out.is_empty() && a == Action::Create && f.category != cat::OTHER {
        let words = type_words(&c.resource_type);
        // The request's words are stemmed only for a type whose product word could be named.
        let product_said = match words.as_slice() {
            [provider, product, ..] if product.len() > 3 && !kind_words().contains(product) => {
                let said: Vec<String> = asked.words.iter().map(|w| stem(w)).collect();
                said.windows(2)
                    .any(|w| w[0] == *provider && w[1] == *product)
            }
            _ => false,
        };
        if product_said {
            out.push(Match {
                item: 0,
                strength: Strength::Named,
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
        // "a Postgres instance": the type's noun agrees, but the product the phrase names must
        // not be contradicted by the one the change shows (`google_redis_instance`).
        let type_named = head_noun(item).is_some_and(|h| {
            !vocab::GENERIC_HEADS.contains(&h.as_str())
                && own_type.contains(&h)
                && direct_action_ok(item, a)
                && !shows_another_product(item, f.change)
        });
        // "install cert-manager via helm": known by its name, whatever kind "cert" suggests.
        let known_by_name = direct_action_ok(item, a) && {
            let names = names_giving_the_kind(asked, item);
            !names.is_empty() && written_names(f.change).iter().any(|n| names.contains(&n))
        };
        existing || type_named || known_by_name
    })
}

/// The request reread where a word first taken for one kind is, by the plan's own types,
/// another: "an exports container in the reporting storage account" is a storage container
/// when the plan holds `azurerm_storage_container` and no container service at all. What the
/// word's first reading needs (the network rules of a container service) must not come along
/// with it. `None` when no item changes.
fn kinds_reread_by_types(asked: &Asked, facts: &[Facts]) -> Option<Asked> {
    let mut out: Option<Asked> = None;
    for (idx, item) in asked.items.iter().enumerate() {
        let Some(kind) = item.kind.and_then(|k| KINDS.get(k)) else {
            continue;
        };
        // A kind no type names is met by any change of its category.
        let by_types = catalog::kind_has_types(kind);
        let met = |f: &Facts| {
            if by_types {
                catalog::is_kind(&f.change.resource_type, kind)
            } else {
                f.category == kind.category
            }
        };
        // A weak head ("instance", "server") already yields to the words beside it.
        if !item.primary || kind.weak || facts.iter().any(met) {
            continue;
        }
        // The one-word names of the kind the phrase uses ("container"), never a generic one.
        let kind_words: Vec<String> = item
            .phrase
            .split(' ')
            .map(stem)
            .filter(|w| {
                w.len() > 2
                    && !vocab::GENERIC_HEADS.contains(&w.as_str())
                    && kind.phrases.iter().any(|p| stem(p) == *w)
            })
            .collect();
        if kind_words.is_empty() {
            continue;
        }
        let named_by_type = facts.iter().find_map(|f| {
            let t = &f.change.resource_type;
            let kinds = catalog::kinds_of(t);
            let other = f.category != kind.category;
            if !other || kinds.is_empty() {
                return None;
            }
            let own = type_words(t);
            kind_words.iter().any(|w| own.contains(w)).then(|| kinds[0])
        });
        let Some(new_kind) = named_by_type.and_then(|n| KINDS.iter().position(|k| k.name == n))
        else {
            continue;
        };
        out.get_or_insert_with(|| asked.clone()).items[idx].kind = Some(new_kind);
    }
    out
}

/// Whether the change shows itself to be a product, and none the item's phrase names, when the
/// phrase names one.
fn shows_another_product(item: &Item, c: &Change) -> bool {
    let words: Vec<String> = item.phrase.split(' ').map(str::to_string).collect();
    let named = products::named_in(&words);
    if named.is_empty() {
        return false;
    }
    let shown = products::evidence(c);
    !shown.is_empty() && !shown.iter().any(|s| named.contains(s))
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
                // "We want to move web sessions out of memory. Please create a Redis": where the
                // request names the new things it wants by their kind, a change it names by no
                // kind ("move web sessions") is no cover for another new thing of that name.
                let creates_named_kinds = asked.items.iter().any(|i| {
                    i.primary && i.class == VerbClass::Create && i.kind_category().is_some()
                });
                let by_name = !item.qualifiers.is_empty()
                    && names_overlap(f, &item.qualifiers)
                    && (!a.destroys() || item.allows_delete)
                    && !(matches!(item.class, VerbClass::Modify | VerbClass::Create)
                        && a == Action::Create
                        && creates_named_kinds);
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
    // A kind no type names is met by a change of its category: an alert by a Datadog monitor.
    // But a permission is not met by an identity the catalog types as another kind: an Okta
    // group grants nothing until something gives it access.
    let another_kinds_type = || {
        let kinds = catalog::kinds_of(&c.resource_type);
        kc == cat::IAM
            && !kinds.is_empty()
            && item.kind.is_some_and(|k| !kinds.contains(&KINDS[k].name))
    };
    let is_kind = grants
        || if kind_types_known {
            type_of_kind(item, &c.resource_type)
        } else {
            f.category == kc && !another_kinds_type()
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
    // "…encrypted with our key": a database that runs as an identity assigned to it (to read
    // its key) needs that identity created.
    let its_assigned_identity = a == Action::Create
        && catalog::runtime_identity(&c.resource_type)
        && c.resource_type
            .split('_')
            .next()
            .is_some_and(|p| ctx.run_as_assigned_identity.contains(p));
    let needed = (cat::supporting(kc).contains(&f.category)
        || appliance
        || private_link
        || companion
        || its_assigned_identity)
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
        // "rg-web-dev app service plans": a name the change holds whole in any setting (its
        // `resource_group_name`) is carried, every word of it, by each change that holds it.
        let held_whole = |f: &Facts| -> BTreeSet<String> {
            asked
                .identifiers
                .iter()
                .filter(|id| holds_value(f.change, id))
                .flat_map(|id| id.split('-').map(stem).collect::<Vec<_>>())
                .collect()
        };
        let carried = |f: &Facts| -> BTreeSet<&String> {
            let whole = held_whole(f);
            item.qualifiers
                .iter()
                .filter(|q| names_overlap(f, std::slice::from_ref(*q)) || whole.contains(*q))
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
            if own.is_empty() || outnamed || named_with_more(asked, item, f.change) {
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

/// "grant the pipeline objectViewer on the staging-ml-artifacts bucket": when grants of one type
/// are matched to the same asked item and some of them hold a name the request gives (the
/// bucket they are on), the others, which hold none, are on another thing: not what was asked.
fn grants_on_another_named_target(asked: &Asked, facts: &[Facts], matches: &mut [Vec<Match>]) {
    if asked.identifiers.is_empty() {
        return;
    }
    let holds_a_given_name = |f: &Facts| {
        asked
            .identifiers
            .iter()
            .any(|id| id.len() > 3 && holds_value(f.change, id))
    };
    for (idx, item) in asked.items.iter().enumerate() {
        // Only a grant asked for itself: grants serving another thing asked are its own.
        if !item.primary || item.kind_category() != Some(cat::IAM) {
            continue;
        }
        let grants: Vec<usize> = facts
            .iter()
            .enumerate()
            .filter(|(n, f)| {
                f.change.action == Action::Create
                    && f.category == cat::IAM
                    && access::grant_level(f.change).is_some()
                    && matches
                        .get(*n)
                        .is_some_and(|ms| ms.iter().any(|m| m.item == idx))
            })
            .map(|(n, _)| n)
            .collect();
        for t in grants
            .iter()
            .filter_map(|n| facts.get(*n))
            .map(|f| f.change.resource_type.as_str())
            .collect::<BTreeSet<_>>()
        {
            let of_type: Vec<usize> = grants
                .iter()
                .copied()
                .filter(|n| facts.get(*n).is_some_and(|f| f.change.resource_type == t))
                .collect();
            let holding: Vec<bool> = of_type
                .iter()
                .map(|n| facts.get(*n).is_some_and(holds_a_given_name))
                .collect();
            if !holding.contains(&true) || !holding.contains(&false) {
                continue;
            }
            for (n, held) in of_type.iter().zip(holding) {
                if !held {
                    if let Some(ms) = matches.get_mut(*n) {
                        ms.retain(|m| m.item != idx || m.strength == Strength::Helper);
                    }
                }
            }
        }
    }
}

/// "invoice-render-dev SQS: visibility timeout 30s -> 300s": a thing whose own name is the name
/// the request gives plus more (`invoice-render-dev-dlq`) is another thing, its sibling, unless
/// the request gives that longer name too.
fn named_with_more(asked: &Asked, item: &Item, c: &Change) -> bool {
    let Some(own) = own_name_value(c) else {
        return false;
    };
    if asked
        .identifiers
        .iter()
        .any(|id| id.eq_ignore_ascii_case(&own))
    {
        return false;
    }
    let phrase = item.phrase.replace(' ', "-");
    asked.identifiers.iter().any(|id| {
        let id = id.to_ascii_lowercase();
        id.len() >= 6
            && id.contains('-')
            && phrase.contains(&id)
            && own
                .strip_prefix(id.as_str())
                .is_some_and(|rest| rest.starts_with(['-', '_']) && rest.len() > 1)
    })
}

/// Whether a setting of `c` other than its own name holds `name` (a new warehouse's
/// `resource_monitor`): the thing so named is one `c` uses. Its own name does not count, so a
/// thing named as a part of another's name (`orders` of `orders-dlq`) is not one it uses.
fn uses_by_name(c: &Change, name: &str) -> bool {
    c.after.as_object().is_some_and(|after| {
        let settings = after
            .iter()
            .filter(|(k, _)| !OWN_NAME_KEYS.contains(&k.as_str()) && !k.starts_with("tags"))
            .map(|(_, v)| v);
        // One budget for all of them, as for the other direction: the plan is hostile.
        meaning::holds_name_within_any(settings, name, 256)
    })
}

/// The settings that hold a thing's own name, most telling first.
const OWN_NAME_KEYS: &[&str] = &[
    "function_name",
    "name",
    "identifier",
    "bucket",
    "cluster_identifier",
];

/// The name a thing is given in its own settings (`function_name`, `name`, `identifier`,
/// `bucket`): as planned, or as it was for a thing being deleted.
pub(super) fn own_name_value(c: &Change) -> Option<String> {
    OWN_NAME_KEYS
        .iter()
        .find_map(|k| c.current().get(*k).and_then(Value::as_str))
        .map(str::to_ascii_lowercase)
}

/// Whether one of the change's own top-level string settings is `value` (case aside) and stays
/// so: a value an update sets is what it changes, not where the thing lives.
fn holds_value(c: &Change, value: &str) -> bool {
    c.after.as_object().is_some_and(|o| {
        o.iter().take(128).any(|(k, v)| {
            v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(value))
                && (c.before.is_null() || c.before.get(k.as_str()) == Some(v))
        })
    })
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
    // A request read only by the names it writes out ("ANALYTICS_WH: MEDIUM -> XLARGE") covers
    // the changes that carry them, and nothing else.
    if asked.items.is_empty() && !ms.is_empty() {
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
        // A zone asked ("europe-west1-b") lies in the region the change reports, and a region
        // asked in the multi-region a bucket reports (GCS "EU" holds "europe-west1").
        let multi_region_holds = match r.as_str() {
            "eu" => w.starts_with("europe-") || w.starts_with("eu-"),
            "us" => w.starts_with("us-"),
            "asia" => w.starts_with("asia-"),
            _ => false,
        };
        r == w
            || r.starts_with(&format!("{w}-"))
            || w.starts_with(&format!("{r}-"))
            || r_flat == w_flat
            || multi_region_holds
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

#[cfg(test)]
mod tests;
