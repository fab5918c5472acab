/*!
Deterministic intent analysis: what the request asks for versus what the plan does.
OWNER: intent helper. Contract used by the engine glue (keep these signatures):

    pub fn analyze(request: &Request, plan: &Plan) -> IntentReport
*/
use super::findings::Finding;
use super::{ChangeScope, Plan, Request};

/// Findings (`scope_creep`, `missing_action`) plus one [`ChangeScope`] per planned change.
#[derive(Debug, Clone, Default)]
pub struct IntentReport {
    pub findings: Vec<Finding>,
    pub scope: Vec<ChangeScope>,
}

pub fn analyze(_request: &Request, _plan: &Plan) -> IntentReport {
    IntentReport::default()
}
