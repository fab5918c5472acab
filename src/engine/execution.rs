/*!
The execution check: after `terraform apply`, did the infrastructure end up as the approved plan
said? (DESIGN.md "After the verdict".)

In: the approved plan (parsed by [`super::plan`]), the managed-resource addresses of that plan's
prior state ([`prior_addresses`]), the post-apply state ([`parse_state`], `terraform show -json`
of the state), the policy set, and the (finding id, address) pairs the approval accepted. Out: a
[`Comparison`], MATCH or DEVIATION with every discrepancy. The comparison is structural, field by
field; no text diff and no model:

- every planned create, update and replace exists in the state, and each value the plan knew
  (not `after_unknown`, not redacted) is the value applied;
- every planned delete (and forget) is absent, every unchanged (`no-op`) resource still present;
- no managed resource is present that the prior state lacked and the plan did not create;
- values unknown at plan time are known now: the checks that judge what a resource *is*
  ([`STATE_POLICY_IDS`]) run again on the applied values. A veto finding is a critical
  deviation; an approval finding the approval did not already accept is a high one.

Pure: no files, keys, clock or model. The station finds the verdict and the stored plan; a report
for a request that was never approved is [`not_approved`].
*/
use std::collections::{BTreeMap, BTreeSet};

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::change::{Action, Change};
use super::findings::{ids, Disposition};
use super::plan::{self, Plan, REDACTED};
use super::policy::{PolicyConfig, PolicySet};
use super::{EngineInput, Request};

/// Findings about what a resource is (not about the change itself): the ones re-judged on the
/// applied values. Tickets, deletions, cost and audit changes are facts of the plan, already
/// judged by the verdict.
pub const STATE_POLICY_IDS: [&str; 5] = [
    ids::NO_PUBLIC_PRODUCTION_ACCESS,
    ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW,
    ids::PCI_BASELINE_REQUIREMENTS,
    ids::GDPR_DATA_RESIDENCY,
    ids::ENABLE_ENCRYPTION_BY_DEFAULT,
];

/// Most discrepancies listed one by one; the rest are counted in [`Comparison::omitted`].
pub const MAX_DISCREPANCIES: usize = 2000;
/// Most differing values listed for one resource.
const MAX_VALUE_DIFFS_PER_RESOURCE: usize = 8;
/// Longest value shown in a discrepancy (compact JSON, clipped).
const MAX_SHOWN_VALUE: usize = 80;

/// How bad a discrepancy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something happened that nobody approved (no approval, an unplanned resource, a veto
    /// policy broken by the applied values).
    Critical,
    /// The approved change was not carried out as planned.
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
        }
    }
}

/// What differs. Stable snake_case codes (documents, ledger, metrics labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    /// No verdict for the request id, or one that was not an approval.
    NotApproved,
    /// A planned create, update or replace is not in the state.
    MissingResource,
    /// A value the plan knew differs in the state.
    ValueChanged,
    /// A planned delete (or forget) is still in the state.
    NotDeleted,
    /// A managed resource neither in the prior state nor created by the plan (or a deposed
    /// object left behind).
    UnplannedResource,
    /// A resource the plan left unchanged is gone.
    UnplannedDeletion,
    /// A policy on what a resource is fails on the applied values.
    PolicyViolation,
}

impl DiscrepancyKind {
    pub const ALL: [DiscrepancyKind; 7] = [
        DiscrepancyKind::NotApproved,
        DiscrepancyKind::MissingResource,
        DiscrepancyKind::ValueChanged,
        DiscrepancyKind::NotDeleted,
        DiscrepancyKind::UnplannedResource,
        DiscrepancyKind::UnplannedDeletion,
        DiscrepancyKind::PolicyViolation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DiscrepancyKind::NotApproved => "not_approved",
            DiscrepancyKind::MissingResource => "missing_resource",
            DiscrepancyKind::ValueChanged => "value_changed",
            DiscrepancyKind::NotDeleted => "not_deleted",
            DiscrepancyKind::UnplannedResource => "unplanned_resource",
            DiscrepancyKind::UnplannedDeletion => "unplanned_deletion",
            DiscrepancyKind::PolicyViolation => "policy_violation",
        }
    }
}

/// One difference between what was approved and what was applied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    pub severity: Severity,
    pub kind: DiscrepancyKind,
    /// Resource address; `None` for a discrepancy about the whole request.
    pub address: Option<String>,
    /// One line: what differs.
    pub detail: String,
}

/// MATCH or DEVIATION.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExecutionResult {
    Match,
    Deviation,
}

impl ExecutionResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionResult::Match => "match",
            ExecutionResult::Deviation => "deviation",
        }
    }
}

/// The outcome of one execution check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub result: ExecutionResult,
    /// Sorted: critical first, then by address, kind and detail.
    pub discrepancies: Vec<Discrepancy>,
    /// Discrepancies beyond [`MAX_DISCREPANCIES`], counted but not listed.
    pub omitted: u64,
    /// Managed resource instances the plan changed (create, update, replace, delete, forget).
    pub planned_changes: u64,
    /// Managed resource instances in the post-apply state.
    pub state_resources: u64,
}

impl Comparison {
    fn from(
        mut discrepancies: Vec<Discrepancy>,
        planned_changes: u64,
        state_resources: u64,
    ) -> Self {
        discrepancies.sort();
        discrepancies.dedup();
        let omitted = discrepancies.len().saturating_sub(MAX_DISCREPANCIES) as u64;
        discrepancies.truncate(MAX_DISCREPANCIES);
        let result = if discrepancies.is_empty() {
            ExecutionResult::Match
        } else {
            ExecutionResult::Deviation
        };
        Comparison {
            result,
            discrepancies,
            omitted,
            planned_changes,
            state_resources,
        }
    }

    /// True when some discrepancy is critical.
    pub fn critical(&self) -> bool {
        self.discrepancies
            .iter()
            .any(|d| d.severity == Severity::Critical)
    }
}

/// A report for a request that has no approval: a critical deviation whatever the state shows.
pub fn not_approved(why: String, state: Option<&AppliedState>) -> Comparison {
    Comparison::from(
        vec![Discrepancy {
            severity: Severity::Critical,
            kind: DiscrepancyKind::NotApproved,
            address: None,
            detail: why,
        }],
        0,
        state.map_or(0, |s| s.resources.len() as u64),
    )
}

// ---- the post-apply state ----

/// One managed resource instance in the state.
#[derive(Debug, Clone)]
pub struct StateResource {
    pub address: String,
    pub resource_type: String,
    /// The values as applied (not yet redacted: [`plan::as_applied`] redacts them).
    pub values: Value,
    /// Terraform's `sensitive_values` mask.
    pub sensitive: Value,
}

/// A parsed `terraform show -json` of a state.
#[derive(Debug, Clone, Default)]
pub struct AppliedState {
    pub terraform_version: Option<String>,
    /// Managed resources by address.
    pub resources: BTreeMap<String, StateResource>,
    /// Addresses (with deposed key) of deposed objects left in the state.
    pub deposed: Vec<String>,
}

/// Why a state document was refused. One line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("state is {size} bytes, over the {limit}-byte limit ([plan] max_bytes in the policy)")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "state nests JSON deeper than {limit} levels; give 'terraform show -json' of the state"
    )]
    TooDeep { limit: usize },
    #[error("state is not JSON ({0}); give 'terraform show -json' of the state after apply")]
    NotJson(String),
    #[error("document is not a Terraform state ({0}); give 'terraform show -json' (no plan file argument) after apply")]
    NotAState(String),
    #[error("state lists resource {0} twice; give the exact 'terraform show -json' output")]
    Duplicate(String),
}

impl StateError {
    pub fn reason_code(&self) -> &'static str {
        match self {
            StateError::TooLarge { .. } => "state_too_large",
            _ => "bad_state_document",
        }
    }
}

#[derive(Deserialize)]
struct RawState {
    format_version: Option<String>,
    terraform_version: Option<String>,
    values: Option<RawValues>,
    resource_changes: Option<IgnoredAny>,
    planned_values: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct RawValues {
    root_module: Option<RawModule>,
}

#[derive(Deserialize)]
struct RawModule {
    #[serde(default)]
    resources: Vec<RawResource>,
    #[serde(default)]
    child_modules: Vec<RawModule>,
}

#[derive(Deserialize)]
struct RawResource {
    address: String,
    mode: Option<String>,
    #[serde(rename = "type")]
    resource_type: String,
    #[serde(default)]
    values: Value,
    #[serde(default)]
    sensitive_values: Value,
    deposed_key: Option<String>,
}

/// Parses `terraform show -json` of a state under the policy's plan limits (size, nesting).
pub fn parse_state(bytes: &[u8], config: &PolicyConfig) -> Result<AppliedState, StateError> {
    let limit = config.plan.max_bytes;
    if bytes.len() as u64 > limit {
        return Err(StateError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    if plan::json_depth_exceeds(bytes, config.plan.max_depth) {
        return Err(StateError::TooDeep {
            limit: config.plan.max_depth,
        });
    }
    let raw: RawState =
        serde_json::from_slice(bytes).map_err(|e| StateError::NotJson(one_line(&e)))?;
    if raw.resource_changes.is_some() || raw.planned_values.is_some() {
        return Err(StateError::NotAState(
            "it is a plan; run 'terraform show -json' without a plan file after apply".into(),
        ));
    }
    if raw.format_version.is_none() {
        return Err(StateError::NotAState("no format_version".into()));
    }
    let mut state = AppliedState {
        terraform_version: raw.terraform_version,
        ..AppliedState::default()
    };
    // An empty state (`{"format_version":"1.0"}`) has no `values`: nothing is deployed.
    let mut stack: Vec<RawModule> = raw.values.and_then(|v| v.root_module).into_iter().collect();
    while let Some(module) = stack.pop() {
        for r in module.resources {
            if r.mode.as_deref().unwrap_or("managed") != "managed" {
                continue;
            }
            if let Some(key) = r.deposed_key {
                state
                    .deposed
                    .push(format!("{} (deposed object {key})", r.address));
                continue;
            }
            if state.resources.contains_key(&r.address) {
                return Err(StateError::Duplicate(r.address));
            }
            state.resources.insert(
                r.address.clone(),
                StateResource {
                    address: r.address,
                    resource_type: r.resource_type,
                    values: r.values,
                    sensitive: r.sensitive_values,
                },
            );
        }
        stack.extend(module.child_modules);
    }
    state.deposed.sort();
    Ok(state)
}

#[derive(Deserialize)]
struct RawPlanPrior {
    prior_state: Option<RawPriorState>,
}

#[derive(Deserialize)]
struct RawPriorState {
    values: Option<RawPriorValues>,
}

#[derive(Deserialize)]
struct RawPriorValues {
    root_module: Option<RawPriorModule>,
}

#[derive(Deserialize)]
struct RawPriorModule {
    #[serde(default)]
    resources: Vec<RawPriorResource>,
    #[serde(default)]
    child_modules: Vec<RawPriorModule>,
}

#[derive(Deserialize)]
struct RawPriorResource {
    address: String,
    mode: Option<String>,
}

/// The managed-resource addresses of a plan's `prior_state` (empty when the plan has none: the
/// first apply of a configuration). Reads only addresses; values are skipped unbuilt. Call it on
/// a plan that [`plan::parse`] accepted (sizes and nesting already checked).
pub fn prior_addresses(plan_bytes: &[u8]) -> Result<BTreeSet<String>, StateError> {
    let text = plan::decode_text(plan_bytes).map_err(|e| StateError::NotJson(e.to_string()))?;
    let raw: RawPlanPrior =
        serde_json::from_str(&text).map_err(|e| StateError::NotJson(one_line(&e)))?;
    let mut out = BTreeSet::new();
    let mut stack: Vec<RawPriorModule> = raw
        .prior_state
        .and_then(|p| p.values)
        .and_then(|v| v.root_module)
        .into_iter()
        .collect();
    while let Some(module) = stack.pop() {
        for r in module.resources {
            if r.mode.as_deref().unwrap_or("managed") == "managed" {
                out.insert(r.address);
            }
        }
        stack.extend(module.child_modules);
    }
    Ok(out)
}

fn one_line(e: &serde_json::Error) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- the comparison ----

/// What [`compare`] judges.
pub struct ExecutionInput<'a> {
    /// The approved plan, parsed under `policy`.
    pub plan: &'a Plan,
    /// [`prior_addresses`] of the same plan.
    pub prior: &'a BTreeSet<String>,
    pub state: &'a AppliedState,
    pub policy: &'a PolicySet,
    /// (finding id, resource address) of the approval findings the verdict listed: already
    /// accepted by whoever approved, so not a deviation when the applied values raise them again.
    pub accepted: &'a BTreeSet<(String, String)>,
}

/// Compares an approved plan with the state after apply (see the module doc).
pub fn compare(input: &ExecutionInput<'_>) -> Comparison {
    let state = &input.state.resources;
    let mut out: Vec<Discrepancy> = Vec::new();
    let mut created: BTreeSet<&str> = BTreeSet::new();
    let mut applied: Vec<Change> = Vec::new();
    let mut planned_changes = 0u64;
    let push = |out: &mut Vec<Discrepancy>, severity, kind, address: &str, detail: String| {
        out.push(Discrepancy {
            severity,
            kind,
            address: Some(address.to_string()),
            detail,
        });
    };
    for c in &input.plan.changes {
        // Data sources change nothing; a deposed object's fate is its own (reported if left).
        if c.mode == "data" || c.deposed.is_some() {
            continue;
        }
        let actual = state.get(c.address.as_str());
        if c.action.mutates() || c.action == Action::Forget {
            planned_changes += 1;
        }
        match c.action {
            Action::Create
            | Action::Update
            | Action::ReplaceDestroyBeforeCreate
            | Action::ReplaceCreateBeforeDestroy => {
                created.insert(c.address.as_str());
                let Some(actual) = actual else {
                    push(
                        &mut out,
                        Severity::High,
                        DiscrepancyKind::MissingResource,
                        &c.address,
                        format!(
                            "planned {} of {} is not in the state after apply",
                            c.action.as_str(),
                            c.resource_type
                        ),
                    );
                    continue;
                };
                let now = plan::as_applied(
                    c,
                    actual.values.clone(),
                    &actual.sensitive,
                    &input.policy.config,
                );
                let mut diffs = Vec::new();
                diff_known(&c.after, &c.after_unknown, &now.after, "", &mut diffs);
                let total = diffs.len();
                for d in diffs.into_iter().take(MAX_VALUE_DIFFS_PER_RESOURCE) {
                    push(
                        &mut out,
                        Severity::High,
                        DiscrepancyKind::ValueChanged,
                        &c.address,
                        d,
                    );
                }
                if total > MAX_VALUE_DIFFS_PER_RESOURCE {
                    push(
                        &mut out,
                        Severity::High,
                        DiscrepancyKind::ValueChanged,
                        &c.address,
                        format!(
                            "and {} more values differ from the plan",
                            total - MAX_VALUE_DIFFS_PER_RESOURCE
                        ),
                    );
                }
                applied.push(now);
            }
            Action::Delete | Action::Forget => {
                if actual.is_some() {
                    push(
                        &mut out,
                        Severity::High,
                        DiscrepancyKind::NotDeleted,
                        &c.address,
                        format!(
                            "planned {} of {} but it is still in the state after apply",
                            c.action.as_str(),
                            c.resource_type
                        ),
                    );
                }
            }
            Action::NoOp => {
                if actual.is_none() {
                    push(
                        &mut out,
                        Severity::High,
                        DiscrepancyKind::UnplannedDeletion,
                        &c.address,
                        format!(
                            "the plan left this {} unchanged, but it is gone from the state",
                            c.resource_type
                        ),
                    );
                }
            }
            Action::Read => {}
        }
    }
    for (address, r) in state {
        if !input.prior.contains(address) && !created.contains(address.as_str()) {
            push(
                &mut out,
                Severity::Critical,
                DiscrepancyKind::UnplannedResource,
                address,
                format!(
                    "{} is in the state but was neither there before nor created by the approved plan",
                    r.resource_type
                ),
            );
        }
    }
    for d in &input.state.deposed {
        push(
            &mut out,
            Severity::High,
            DiscrepancyKind::UnplannedResource,
            d,
            "a deposed object is left in the state (an interrupted create_before_destroy)".into(),
        );
    }
    policy_on_applied(input, applied, &mut out);
    Comparison::from(out, planned_changes, state.len() as u64)
}

/// Re-runs the built-in checks on the applied values and keeps the ones about what a resource
/// is ([`STATE_POLICY_IDS`]).
fn policy_on_applied(input: &ExecutionInput<'_>, applied: Vec<Change>, out: &mut Vec<Discrepancy>) {
    if applied.is_empty() {
        return;
    }
    let plan = Plan {
        format_version: input.plan.format_version.clone(),
        terraform_version: input.plan.terraform_version.clone(),
        errored: false,
        complete: true,
        changes: applied,
        drift: Vec::new(),
        document: Value::Object(serde_json::Map::new()),
        document_complete: false,
    };
    // A ticket and no cost: those findings are about the plan, judged by the verdict already.
    let request = Request {
        text: String::new(),
        requested_by: None,
        change_ticket: Some("execution-check".into()),
    };
    let granted = BTreeSet::new();
    let engine_input = EngineInput {
        request: &request,
        plan: &plan,
        approvals: &granted,
        cost: None,
        policy: input.policy,
    };
    for f in super::checks::run(&engine_input) {
        if !STATE_POLICY_IDS.contains(&f.id.as_str()) {
            continue;
        }
        let address = f.resource.clone().unwrap_or_default();
        let severity = match &f.disposition {
            Disposition::Veto => Severity::Critical,
            Disposition::Approval(_) => {
                if input.accepted.contains(&(f.id.clone(), address.clone())) {
                    continue;
                }
                Severity::High
            }
            Disposition::Warn => continue,
        };
        out.push(Discrepancy {
            severity,
            kind: DiscrepancyKind::PolicyViolation,
            address: f.resource.clone(),
            detail: format!(
                "{} ({}) on the applied values: {}",
                f.id, f.disposition, f.message
            ),
        });
    }
}

/// Appends one line per value the plan knew that the state does not hold. `unknown` is the
/// plan's `after_unknown` at the same place; redacted values are never compared (nor shown).
fn diff_known(planned: &Value, unknown: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    if unknown == &Value::Bool(true) || is_redacted(planned) || is_redacted(actual) {
        return;
    }
    match (planned, actual) {
        (Value::Object(p), Value::Object(a)) => {
            for (k, pv) in p {
                let uv = unknown.get(k).unwrap_or(&Value::Null);
                let av = a.get(k).unwrap_or(&Value::Null);
                diff_known(pv, uv, av, &join(path, k), out);
            }
        }
        (Value::Array(p), Value::Array(a)) if p.len() == a.len() => {
            for (i, (pv, av)) in p.iter().zip(a).enumerate() {
                let uv = unknown.get(i).unwrap_or(&Value::Null);
                diff_known(pv, uv, av, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Array(p), _) if has_unknown(unknown) && !p.is_empty() => {
            // Elements unknown at plan time: the list's length was not known either.
        }
        (Value::Number(p), Value::Number(a)) if p.as_f64() == a.as_f64() => {}
        _ if planned == actual || (is_empty(planned) && is_empty(actual)) => {}
        _ => out.push(format!(
            "`{}`: planned {}, applied {}",
            if path.is_empty() {
                "(whole resource)"
            } else {
                path
            },
            shown(planned),
            shown(actual)
        )),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn has_unknown(mask: &Value) -> bool {
    match mask {
        Value::Bool(b) => *b,
        Value::Array(a) => a.iter().any(has_unknown),
        Value::Object(o) => o.values().any(has_unknown),
        _ => false,
    }
}

fn is_redacted(v: &Value) -> bool {
    v.as_str() == Some(REDACTED)
}

/// Providers write an unset collection as null, `[]` or `{}`: the same nothing.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn shown(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() > MAX_SHOWN_VALUE {
        let cut: String = s.chars().take(MAX_SHOWN_VALUE).collect();
        format!("{cut}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan_of(changes: Value, prior: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "format_version": "1.2",
            "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": prior}}},
            "resource_changes": changes,
        }))
        .unwrap()
    }

    fn change(address: &str, actions: &[&str], after: Value, unknown: Value) -> Value {
        json!({
            "address": address, "mode": "managed", "type": "terraform_data",
            "name": address.rsplit('.').next().unwrap(), "provider_name": "terraform.io/builtin/terraform",
            "change": {"actions": actions, "before": null, "after": after, "after_unknown": unknown}
        })
    }

    fn state_of(resources: Value) -> AppliedState {
        let bytes = serde_json::to_vec(&json!({
            "format_version": "1.0",
            "values": {"root_module": {"resources": resources}}
        }))
        .unwrap();
        parse_state(&bytes, &PolicyConfig::default()).unwrap()
    }

    fn res(address: &str, values: Value) -> Value {
        json!({"address": address, "mode": "managed", "type": "terraform_data",
               "name": address.rsplit('.').next().unwrap(), "values": values, "sensitive_values": {}})
    }

    fn run(plan_bytes: &[u8], state: &AppliedState) -> Comparison {
        let policy = PolicySet::default();
        let plan = plan::parse(plan_bytes, &policy.config).unwrap();
        let prior = prior_addresses(plan_bytes).unwrap();
        compare(&ExecutionInput {
            plan: &plan,
            prior: &prior,
            state,
            policy: &policy,
            accepted: &BTreeSet::new(),
        })
    }

    #[test]
    fn unknown_values_are_not_compared_but_known_ones_are() {
        let p = plan_of(
            json!([change(
                "terraform_data.a",
                &["create"],
                json!({"input": "x", "id": null}),
                json!({"id": true})
            )]),
            json!([]),
        );
        let ok = run(
            &p,
            &state_of(json!([res(
                "terraform_data.a",
                json!({"input": "x", "id": "123"})
            )])),
        );
        assert_eq!(ok.result, ExecutionResult::Match, "{:?}", ok.discrepancies);
        let bad = run(
            &p,
            &state_of(json!([res(
                "terraform_data.a",
                json!({"input": "y", "id": "123"})
            )])),
        );
        assert_eq!(bad.result, ExecutionResult::Deviation);
        assert_eq!(bad.discrepancies[0].kind, DiscrepancyKind::ValueChanged);
        assert!(
            bad.discrepancies[0].detail.contains("`input`"),
            "{:?}",
            bad.discrepancies
        );
    }

    #[test]
    fn resources_neither_prior_nor_planned_are_critical_but_prior_ones_are_not() {
        let p = plan_of(
            json!([change(
                "terraform_data.a",
                &["create"],
                json!({}),
                json!({})
            )]),
            json!([res("terraform_data.old", json!({}))]),
        );
        let c = run(
            &p,
            &state_of(json!([
                res("terraform_data.a", json!({})),
                res("terraform_data.old", json!({})),
                res("terraform_data.sneaky", json!({}))
            ])),
        );
        assert_eq!(c.discrepancies.len(), 1, "{:?}", c.discrepancies);
        assert_eq!(c.discrepancies[0].severity, Severity::Critical);
        assert_eq!(
            c.discrepancies[0].address.as_deref(),
            Some("terraform_data.sneaky")
        );
    }

    #[test]
    fn a_planned_delete_still_present_and_a_missing_create_are_deviations() {
        let p = plan_of(
            json!([
                change("terraform_data.gone", &["delete"], Value::Null, json!({})),
                change("terraform_data.new", &["create"], json!({}), json!({}))
            ]),
            json!([res("terraform_data.gone", json!({}))]),
        );
        let c = run(
            &p,
            &state_of(json!([res("terraform_data.gone", json!({}))])),
        );
        let kinds: Vec<DiscrepancyKind> = c.discrepancies.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DiscrepancyKind::MissingResource,
                DiscrepancyKind::NotDeleted
            ]
        );
    }

    #[test]
    fn a_plan_is_not_accepted_as_a_state() {
        let p = plan_of(json!([]), json!([]));
        assert!(matches!(
            parse_state(&p, &PolicyConfig::default()),
            Err(StateError::NotAState(_))
        ));
        assert!(matches!(
            parse_state(b"{\"format_version\":\"1.0\"", &PolicyConfig::default()),
            Err(StateError::NotJson(_))
        ));
    }

    #[test]
    fn applied_values_that_open_production_to_the_internet_are_critical() {
        let sg_after = json!({"name": "web", "tags": {"env": "production"}, "ingress": null});
        let p = serde_json::to_vec(&json!({
            "format_version": "1.2",
            "resource_changes": [{
                "address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
                "name": "web", "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {"actions": ["create"], "before": null, "after": sg_after,
                           "after_unknown": {"ingress": true}}
            }]
        }))
        .unwrap();
        let state = AppliedState {
            resources: [(
                "aws_security_group.web".to_string(),
                StateResource {
                    address: "aws_security_group.web".into(),
                    resource_type: "aws_security_group".into(),
                    values: json!({"name": "web", "tags": {"env": "production"}, "ingress": [{
                        "from_port": 22, "to_port": 22, "protocol": "tcp",
                        "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": []
                    }]}),
                    sensitive: json!({}),
                },
            )]
            .into_iter()
            .collect(),
            ..AppliedState::default()
        };
        let c = run(&p, &state);
        assert!(
            c.discrepancies
                .iter()
                .any(|d| d.kind == DiscrepancyKind::PolicyViolation
                    && d.severity == Severity::Critical
                    && d.detail.starts_with(ids::NO_PUBLIC_PRODUCTION_ACCESS)),
            "{:?}",
            c.discrepancies
        );
    }
}
