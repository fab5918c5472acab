/*!
Plain-language summary of an assessment, in the spirit of DESIGN.md's user notifications: what was
asked, what the plan does (counts by action), what it does beyond the request, what is blocked and
why, which approvals are missing and what to do next. Pure text from typed values: it quotes no
resource values (only addresses, types and the findings' own messages), so nothing sensitive can
reach it.
*/
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::change::Action;
use super::{ChangeScope, Decision, Disposition, EngineInput, Finding};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// One paragraph per line, ready to print.
    pub lines: Vec<String>,
}

/// How the first line starts: the request text follows in quotes (the verdict carries the
/// request text only here, so [`request_text`] reads it back for the `.verdict.txt`).
const ASKED: &str = "You asked: ";
/// How the change ticket's line starts.
const TICKET: &str = "Change ticket: ";
/// How the drift line starts.
const DRIFT: &str = "Terraform also noticed ";

/// The request text as [`build`] quoted it (clipped, control characters replaced).
pub fn request_text(lines: &[String]) -> Option<&str> {
    let quoted = lines.first()?.strip_prefix(ASKED)?;
    let quoted = quoted.strip_suffix('.').unwrap_or(quoted);
    Some(
        quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or(quoted),
    )
}

/// The change ticket as [`build`] wrote it, if the request had one.
pub fn change_ticket(lines: &[String]) -> Option<&str> {
    let t = lines.get(1)?.strip_prefix(TICKET)?;
    Some(t.strip_suffix('.').unwrap_or(t))
}

/// The line about drift outside Terraform, if any.
pub fn drift(lines: &[String]) -> Option<&str> {
    lines
        .iter()
        .find(|l| l.starts_with(DRIFT))
        .map(String::as_str)
}

/// How many findings of one kind are spelled out before "and N more".
const MAX_LISTED: usize = 5;

/// Builds the summary from the judged input.
pub fn build(
    input: &EngineInput,
    findings: &[Finding],
    scope: &[ChangeScope],
    decision: Decision,
    required: &[String],
) -> Summary {
    let mut lines = Vec::new();
    lines.push(format!("{ASKED}\"{}\".", clip(&input.request.text, 300)));
    if let Some(t) = &input.request.change_ticket {
        lines.push(format!("{TICKET}{}.", clip(t, 80)));
    }
    lines.push(plan_line(input));
    if let Some(d) = drift_line(input) {
        lines.push(d);
    }

    let beyond: Vec<&ChangeScope> = scope.iter().filter(|s| !s.in_scope).collect();
    if !beyond.is_empty() {
        let items: Vec<String> = beyond
            .iter()
            .take(MAX_LISTED)
            .map(|s| {
                if s.reason.is_empty() {
                    format!("{} {}", s.action, s.address)
                } else {
                    format!("{} {} ({})", s.action, s.address, clip(&s.reason, 160))
                }
            })
            .collect();
        lines.push(format!(
            "Beyond your request it would also: {}{}.",
            items.join("; "),
            more(beyond.len())
        ));
    }

    let vetoes: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.disposition == Disposition::Veto)
        .collect();
    for (label, group) in grouped(&vetoes) {
        lines.push(format!("Blocked, {label}: {}.", list_group(&group)));
    }

    for kind in required {
        let wanting: Vec<&Finding> = findings
            .iter()
            .filter(|f| matches!(&f.disposition, Disposition::Approval(k) if k == kind))
            .collect();
        let parts: Vec<String> = grouped(&wanting)
            .into_iter()
            .map(|(label, group)| format!("{label}: {}", list_group(&group)))
            .collect();
        lines.push(format!("Needs {} ({}).", cure(kind), parts.join("; ")));
    }
    if decision == Decision::Veto {
        // The decision rule reports no missing approvals under a veto; say them anyway so the
        // corrected plan can arrive with them.
        let kinds = super::findings::approvals_still_needed(findings, input.approvals);
        if !kinds.is_empty() {
            lines.push(format!(
                "Once the blocks are fixed it would still need {}.",
                join_and(&kinds.iter().map(|k| cure(k)).collect::<Vec<_>>())
            ));
        }
    }
    let advice: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.disposition == Disposition::Warn)
        .collect();
    for (label, group) in grouped(&advice) {
        lines.push(format!(
            "Advice (does not block), {label}: {}.",
            list_group(&group)
        ));
    }

    lines.push(match decision {
        Decision::Approve => {
            "Verdict: approve. Nothing blocks this plan and every approval it needs is present; it may be applied as planned.".to_string()
        }
        Decision::Escalate => format!(
            "Verdict: escalate. Nothing will be applied until this exact plan has {}; then submit it again.",
            join_and(&required.iter().map(|k| cure(k)).collect::<Vec<_>>())
        ),
        Decision::Veto => "Verdict: veto. This plan cannot be applied, whatever approvals arrive; ask for a corrected plan that fixes what is blocked above.".to_string(),
    });
    Summary { lines }
}

/// "The plan would create 3, update 1 and destroy 2 resources (4 unchanged)."
fn plan_line(input: &EngineInput) -> String {
    let mut counts: BTreeMap<u8, usize> = BTreeMap::new();
    let mut unchanged = 0usize;
    let mut imports = 0usize;
    let mut moves = 0usize;
    for c in &input.plan.changes {
        if c.importing {
            imports += 1;
        }
        if c.previous_address.is_some() {
            moves += 1;
        }
        let slot = match c.action {
            Action::Create => 0,
            Action::Update => 1,
            Action::ReplaceDestroyBeforeCreate | Action::ReplaceCreateBeforeDestroy => 2,
            Action::Delete => 3,
            Action::Forget => 4,
            Action::Read | Action::NoOp => {
                unchanged += 1;
                continue;
            }
        };
        *counts.entry(slot).or_default() += 1;
    }
    let words = [
        "created",
        "updated in place",
        "replaced (destroyed and re-created)",
        "destroyed",
        "no longer managed (forgotten, nothing destroyed)",
    ];
    let mut parts: Vec<String> = counts
        .iter()
        .map(|(slot, n)| format!("{n} {}", words[*slot as usize]))
        .collect();
    if imports > 0 {
        parts.push(format!("{imports} existing imported"));
    }
    if moves > 0 {
        parts.push(format!("{moves} renamed (moved, not destroyed)"));
    }
    let changed: usize = counts.values().sum();
    let mut line = if changed == 0 && parts.is_empty() {
        "The plan changes no infrastructure".to_string()
    } else {
        format!(
            "The plan changes {changed} resource{}: {}",
            if changed == 1 { "" } else { "s" },
            join_and(&parts)
        )
    };
    if unchanged > 0 {
        line.push_str(&format!(" ({unchanged} more unchanged or only read)"));
    }
    line.push('.');
    line
}

/// What cures an approval finding of this kind (DESIGN.md: a ticket in the request cures the
/// production finding, so no one is asked to sign a "change ticket approval").
fn cure(kind: &str) -> String {
    match kind {
        "change_ticket" => "a change ticket in the request".to_string(),
        other => format!("a {} approval", other.replace('_', " ")),
    }
}

fn drift_line(input: &EngineInput) -> Option<String> {
    let drift = &input.plan.drift;
    if drift.is_empty() {
        return None;
    }
    let deleted = drift.iter().filter(|d| d.action == Action::Delete).count();
    let changed = drift.len() - deleted;
    let mut parts = Vec::new();
    if deleted > 0 {
        parts.push(format!("{deleted} deleted"));
    }
    if changed > 0 {
        parts.push(format!("{changed} changed"));
    }
    Some(format!(
        "{DRIFT}{} resource{} altered outside Terraform ({}); that drift is reported here but is not part of this plan.",
        drift.len(),
        if drift.len() == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// Findings grouped by id, in first-seen order, with a plain label for each id.
fn grouped<'a>(findings: &[&'a Finding]) -> Vec<(String, Vec<&'a Finding>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&'a Finding>> = BTreeMap::new();
    for f in findings {
        if !groups.contains_key(f.id.as_str()) {
            order.push(f.id.as_str());
        }
        groups.entry(f.id.as_str()).or_default().push(f);
    }
    order
        .into_iter()
        .map(|id| (label(id), groups.remove(id).unwrap_or_default()))
        .collect()
}

/// One finding: its resource and message. Several: how many, which resources, and the first
/// message as an example.
fn list_group(group: &[&Finding]) -> String {
    match group {
        [] => String::new(),
        [one] => describe(one),
        [first, ..] => {
            let mut addrs: Vec<&str> = group.iter().filter_map(|f| f.resource.as_deref()).collect();
            addrs.dedup();
            let shown: Vec<&str> = addrs.iter().take(MAX_LISTED).copied().collect();
            format!(
                "{} findings on {}{} (first: {})",
                group.len(),
                if shown.is_empty() {
                    "the plan".to_string()
                } else {
                    shown.join(", ")
                },
                more(addrs.len()),
                clip(&first.message, 200)
            )
        }
    }
}

fn label(id: &str) -> String {
    match super::findings::find(id) {
        Some(info) => info.label.to_string(),
        // A Rego finding or an unknown id: its own name, readable.
        None => id.replace('_', " "),
    }
}

fn describe(f: &Finding) -> String {
    match &f.resource {
        // A message that starts with its own address is not prefixed with it again.
        Some(r) if f.message.starts_with(r.as_str()) => clip(&f.message, 240),
        Some(r) => format!("{r}: {}", clip(&f.message, 240)),
        None => clip(&f.message, 240),
    }
}

fn more(n: usize) -> String {
    if n > MAX_LISTED {
        format!(" and {} more", n - MAX_LISTED)
    } else {
        String::new()
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One line, at most `max` characters, control characters removed (request text is untrusted
/// and is shown to people).
fn clip(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.chars().count() <= max {
        clean.to_string()
    } else {
        let mut out: String = clean.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_clip() {
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(clip("x\ny", 10), "x y");
        assert_eq!(clip("abcdef", 3), "abc…");
    }
}
