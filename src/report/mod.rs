/*!
Reports of assessments: the verdict as people read it ([`text`], one wording for `check` and
`.verdict.txt`; `check`'s own text and JSON in [`check`]), and for machines SARIF 2.1.0 for code scanning ([`sarif`]), JUnit XML for
CI dashboards ([`junit`]), the `format` tags and versions of every JSON document a command prints
([`formats`]), and `docs/findings.md` from the finding catalog ([`catalog`]). The station's run
document (`process --format json`) is the station's: `crate::station::run_document`.

Input: typed values ([`crate::engine::Assessment`], plan positions, names the caller chose); output:
a `serde_json::Value` or a `String`. This module never opens a file, reads the clock or loads a
key: the CLI reads the plans and writes what this returns.
*/
pub mod catalog;
pub mod check;
pub mod formats;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::engine::{Assessment, Decision};

/// One audited plan as a report names it.
pub struct PlanReport<'a> {
    /// How the reader refers to the plan: its path as typed, or `-` for standard input.
    pub name: String,
    pub assessment: &'a Assessment,
}

/// The most severe decision of several plans (veto > escalate > approve); `approve` for none.
pub fn worst_decision<'a>(decisions: impl IntoIterator<Item = &'a Assessment>) -> Decision {
    decisions
        .into_iter()
        .map(|a| a.decision)
        .max()
        .unwrap_or(Decision::Approve)
}
