/*!
Prompt-injection detection in the request text and in every string value of the plan.
OWNER: intent helper. Contract: `pub fn scan(request: &Request, plan: &Plan) -> Vec<Finding>`
*/
use super::findings::Finding;
use super::{Plan, Request};

pub fn scan(_request: &Request, _plan: &Plan) -> Vec<Finding> {
    Vec::new()
}
