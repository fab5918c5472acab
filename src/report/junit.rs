/*!
JUnit XML, in the shape CI dashboards read (Jenkins, GitLab, Azure DevOps; the same shape as
Checkov's `-o junitxml` and conftest's `--output junit`).

- `check`: one `<testsuite>` per plan; one `<testcase>` per built-in finding id (passed when it
  did not fire) and per other id that fired (Rego rules). A case fails when one of its findings
  blocks: a veto, or an approval finding while the plan is not approved. Warnings and cured
  approvals pass, with the findings in `<system-out>`.
- `eval`: one `<testsuite>` for the scenario folder, one `<testcase>` per scenario; a failing
  scenario's case fails with the reason `eval` prints.

Text from plans and requests is escaped, and characters XML 1.0 cannot hold are replaced, so a
hostile address cannot break the document.
*/
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::PlanReport;
use crate::engine::findings::CATALOG;
use crate::engine::{Decision, Disposition, Finding};

/// One scenario's outcome, as `eval` judged it.
pub struct ScenarioCase {
    pub id: String,
    /// `None` when it passed; else why not (one line).
    pub failure: Option<String>,
    pub decision: Option<Decision>,
}

/// The JUnit document for `check` over one or more plans.
pub fn check_report(plans: &[PlanReport]) -> String {
    let mut suites = String::new();
    let (mut total, mut failed) = (0usize, 0usize);
    for p in plans {
        let a = p.assessment;
        let mut by_id: BTreeMap<&str, Vec<&Finding>> =
            CATALOG.iter().map(|i| (i.id, Vec::new())).collect();
        for f in &a.findings {
            by_id.entry(f.id.as_str()).or_default().push(f);
        }
        let mut cases = String::new();
        let mut suite_failed = 0;
        for (id, findings) in &by_id {
            let blocking: Vec<&&Finding> = findings
                .iter()
                .filter(|f| match f.disposition {
                    Disposition::Veto => true,
                    Disposition::Approval(_) => a.decision != Decision::Approve,
                    Disposition::Warn => false,
                })
                .collect();
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                xml(id),
                xml(&format!("airgap-audit.{}", p.name))
            );
            if findings.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            let lines: Vec<String> = findings.iter().map(|f| line(f)).collect();
            if let Some(first) = blocking.first() {
                suite_failed += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml(&line(first)),
                    xml(&first.disposition.to_string()),
                    xml(&lines.join("\n"))
                );
            } else {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    xml(&lines.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        total += by_id.len();
        failed += suite_failed;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n    <properties>\n      <property name=\"decision\" value=\"{}\"/>\n      <property name=\"required_approvals\" value=\"{}\"/>\n      <property name=\"approvals_still_needed\" value=\"{}\"/>\n      <property name=\"policy_sha256\" value=\"{}\"/>\n    </properties>\n{cases}  </testsuite>\n",
            xml(&p.name),
            by_id.len(),
            suite_failed,
            a.decision,
            xml(&a.required_approvals.join(",")),
            xml(&a.approvals_still_needed.join(",")),
            xml(&a.policy_sha256),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"airgap-audit check\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// The JUnit document for `eval` over a scenario folder.
pub fn eval_report(folder: &str, cases: &[ScenarioCase]) -> String {
    let failed = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut body = String::new();
    for c in cases {
        let _ = write!(
            body,
            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
            xml(&c.id),
            xml(&format!("airgap-audit.eval.{folder}"))
        );
        match &c.failure {
            None => {
                let _ = writeln!(
                    body,
                    "><system-out>decision {}</system-out></testcase>",
                    c.decision.map(Decision::as_str).unwrap_or("none")
                );
            }
            Some(why) => {
                let _ = writeln!(
                    body,
                    ">\n      <failure message=\"{}\" type=\"scenario\">{}</failure>\n    </testcase>",
                    xml(why),
                    xml(why)
                );
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"airgap-audit eval\" tests=\"{n}\" failures=\"{failed}\" errors=\"0\">\n  <testsuite name=\"{f}\" tests=\"{n}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\" time=\"0\">\n{body}  </testsuite>\n</testsuites>\n",
        n = cases.len(),
        f = xml(folder),
    )
}

fn line(f: &Finding) -> String {
    format!(
        "[{}] {}: {}",
        f.disposition,
        f.resource.as_deref().unwrap_or("(plan)"),
        f.message
    )
}

/// Escapes text for an XML attribute or element, replacing characters XML 1.0 forbids.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}\u{FFFD}"
        );
    }
}
