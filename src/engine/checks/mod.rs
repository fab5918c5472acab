/*!
The built-in hard and soft policies of DESIGN.md's table (all except the intent, injection and
model ones, which live in `intent`, `injection` and `advisor`). Every check reads typed resource
attributes by resource type (AWS, Azure, GCP shapes); none searches the serialized plan. Which
attributes a type's encryption at rest and network exposure are read from is the type's row in
the resource catalog (`catalog`); the readers are here.

Scope: planned managed-resource changes only. Data sources (`read`), `no-op` and `forget` changes
touch no infrastructure and are never judged, and `resource_drift` is reported by the summary but
never judged as planned. Values Terraform does not know yet (`after_unknown`) are "cannot verify",
never "pass", for encryption, tags and data residency.

Besides the table, one advisory finding: `iam_wildcard_permissions` (default `warn`). None of the
table's ids is about privilege (an unrequested admin policy is `scope_creep`, the intent stage's
call), but an auditor should still see an IAM grant of everything; the policy file can raise its
disposition.
*/
use std::collections::BTreeMap;

use serde_json::Value;

use super::catalog::{self, AtRestRule, AtRestSpecial, ExposureRule};
use super::change::{self, Action, Change};
use super::findings::{ids, Finding};
use super::network::{self, Range};
use super::plan::REDACTED;
use super::policy::PolicyConfig;
use super::EngineInput;
use at_rest::encryption_checks;
use exposure::exposure_checks;
use governance::{gdpr_check, pci_exposure_check, reserved_check, tags_check};
use iam::iam_check;
use logging::audit_check;

pub use at_rest::{encryption_at_rest, AtRest};
pub use governance::region_in_eu;
pub use iam::{iam_wildcard, policy_allows_everything};

mod at_rest;
mod exposure;
mod governance;
mod iam;
mod logging;

/// Runs every built-in check over the planned changes.
pub fn run(input: &EngineInput) -> Vec<Finding> {
    let mut out = Vec::new();
    let cfg = &input.policy.config;
    let add = |out: &mut Vec<Finding>, id: &str, c: Option<&Change>, msg: String| {
        out.push(Finding::new(
            id,
            input.policy.disposition(id),
            c.map(|c| c.address.as_str()),
            msg,
        ));
    };
    let has_ticket = input
        .request
        .change_ticket
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());

    for c in judged(input) {
        // Deletion: anything whose actions include delete; forget/moves/imports are not.
        if c.action.destroys() {
            let why = match c.action_reason.as_deref() {
                Some(r) => format!(" ({})", r.replace('_', " ")),
                None => String::new(),
            };
            add(
                &mut out,
                ids::DELETION_REQUIRES_CONFIRMATION,
                Some(c),
                format!(
                    "{} destroys the existing {}{why}; confirm the deletion",
                    c.action.as_str(),
                    c.resource_type
                ),
            );
        }
        if c.class.production && !has_ticket {
            add(
                &mut out,
                ids::PRODUCTION_CHANGE_REQUIRES_TICKET,
                Some(c),
                format!(
                    "{} of a production {} without a change ticket; add the ticket to the request",
                    c.action.as_str(),
                    c.resource_type
                ),
            );
        }
        audit_check(c, cfg, &mut out, &add);
        if c.action != Action::Delete {
            encryption_checks(c, cfg, &mut out, &add);
            tags_check(c, cfg, &mut out, &add);
            gdpr_check(c, cfg, &mut out, &add);
            pci_exposure_check(c, &mut out, &add);
            reserved_check(c, cfg, &mut out, &add);
            iam_check(c, &mut out, &add);
        }
    }
    exposure_checks(input, &mut out, &add);

    if let Some(cost) = input.cost {
        let delta = cost.monthly_after - cost.monthly_before;
        if delta.is_finite() && delta > cfg.cost.threshold {
            add(
                &mut out,
                ids::COST_THRESHOLD_APPROVAL,
                None,
                format!(
                    "monthly cost rises by {delta:.0} {} ({:.0} → {:.0}), over the {:.0} threshold; finance must approve",
                    cost.currency, cost.monthly_before, cost.monthly_after, cfg.cost.threshold
                ),
            );
        }
    }
    out
}

/// Changes that touch infrastructure: managed resources being created, updated, replaced or
/// deleted.
fn judged<'a>(input: &'a EngineInput) -> impl Iterator<Item = &'a Change> {
    input
        .plan
        .changes
        .iter()
        .filter(|c| c.mode != "data" && c.action.mutates())
}

type Add<'a> = dyn Fn(&mut Vec<Finding>, &str, Option<&Change>, String) + 'a;

#[cfg(test)]
mod tests;
