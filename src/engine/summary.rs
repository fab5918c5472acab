/*!
Plain-language summary of an assessment: what was asked, what the plan does, what goes beyond the
request, what is blocked and why, what to do next. OWNER: engine-core helper (fill in).
*/
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// One paragraph per line, ready to print.
    pub lines: Vec<String>,
}
