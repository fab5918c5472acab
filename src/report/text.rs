/*!
The verdict as people read it: one wording for `check`'s text output and the `.verdict.txt`.

Layout (issue 12): a headline (BLOCKED / NEEDS APPROVAL / APPROVED), what was asked, a numbered
list of what the plan does, each item marked ✅ (fine), ❌ (blocked) or ⚠️ (a person must approve
or decide) with a reason a non-expert understands and, when the local model ran, what it thought
of that change; then what to do. Resource addresses, finding ids and messages go below, in the
technical section, each said once.

Input is typed values only ([`ReportInput`]): the findings, per-change scope, the engine's
summary lines (for the request text and ticket, which the verdict carries only there), the approval
kinds granted and the model's per-change labels. Every piece of outside text (request, addresses,
messages) goes through [`crate::display::sanitize`]. Pure: no I/O. Callers add what only they
know (hashes, ledger position, approvals detail, model settings) to the technical section.
*/
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use crate::display::sanitize;
use crate::engine::advisor::IntentLabel;
use crate::engine::findings::{self, ids};
use crate::engine::summary;
use crate::engine::{ChangeScope, Decision, Disposition, Finding};

/// Lines the readability rule promises: the headline, the request and every blocked or
/// unrequested change fit on the first screen of this many lines.
pub const FIRST_SCREEN_LINES: usize = 24;

/// How many ✅ items are listed before the rest are counted in one line.
const MAX_OK_ITEMS: usize = 6;
/// How many items the plain list shows at most (a plan of thousands of unlike changes still
/// gives a readable text; the technical section lists them all).
const MAX_ITEMS: usize = 40;
/// How many names a grouped item of fine changes spells out.
const MAX_NAMES: usize = 3;
/// How many names a grouped item of blocked or to-be-decided changes spells out: each of those
/// must be findable on the first screen.
const MAX_NAMES_OF_CONCERN: usize = 12;
/// How many addresses one item lists in the technical section.
const MAX_TECH_ADDRESSES: usize = 50;

/// The local model's label for one change, in per-mille (as the verdict stores it).
#[derive(Debug, Clone, Copy)]
pub struct Opinion<'a> {
    pub address: &'a str,
    pub label: IntentLabel,
    pub confidence_permille: u32,
}

/// What the report is made from.
pub struct ReportInput<'a> {
    pub decision: Decision,
    pub findings: &'a [Finding],
    pub scope: &'a [ChangeScope],
    /// The engine's summary lines (request text and change ticket are read from them).
    pub summary: &'a [String],
    /// Approval kinds that arrived validly signed.
    pub granted: &'a BTreeSet<String>,
    /// The model's per-change labels; empty when it did not run.
    pub opinions: &'a [Opinion<'a>],
    /// Until when an approval may be applied (verdicts only).
    pub valid_until: Option<&'a str>,
    /// Key id of the requester key that signed the request text (verdicts only).
    pub requester_signed_by: Option<&'a str>,
}

impl ReportInput<'_> {
    /// [`findings::approvals_still_needed`] for this input: the one rule every output uses.
    pub fn approvals_still_needed(&self) -> Vec<String> {
        findings::approvals_still_needed(self.findings, self.granted)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Mark {
    Blocked,
    Human,
    Fine,
}

impl Mark {
    fn symbol(self) -> &'static str {
        match self {
            Mark::Blocked => "❌",
            Mark::Human => "⚠️",
            Mark::Fine => "✅",
        }
    }
}

/// One numbered line of the plain list: one change, or several alike.
struct Item {
    mark: Mark,
    /// "Create security group rule" (verb and kind, without the name).
    what: String,
    names: Vec<String>,
    reasons: Vec<String>,
    /// What the model thought, already worded.
    model: Option<String>,
    /// Technical: addresses with their action and category.
    addresses: Vec<String>,
}

impl Item {
    fn line(&self, n: usize) -> String {
        let who = match self.names.as_slice() {
            [] => String::new(),
            [one] => format!(" \"{one}\""),
            many => {
                let max = if self.mark == Mark::Fine {
                    MAX_NAMES
                } else {
                    MAX_NAMES_OF_CONCERN
                };
                let shown: Vec<String> =
                    many.iter().take(max).map(|n| format!("\"{n}\"")).collect();
                let rest = many.len().saturating_sub(max);
                format!(
                    " ×{} ({}{})",
                    many.len(),
                    shown.join(", "),
                    if rest > 0 {
                        format!(" and {rest} more")
                    } else {
                        String::new()
                    }
                )
            }
        };
        let mut line = format!(
            "  {n}. {} {}{who}: {}",
            self.mark.symbol(),
            self.what,
            self.reasons.join("; ")
        );
        if let Some(m) = &self.model {
            line.push_str(&format!(" (local model: {m})"));
        }
        line.push('.');
        line
    }
}

/// The plain part (headline, request, what the plan does, what to do) and the shared technical
/// part (items to addresses, findings), as text.
pub struct Report {
    pub plain: String,
    pub technical: String,
}

pub fn build(inp: &ReportInput) -> Report {
    let items = items(inp);
    Report {
        plain: plain(inp, &items),
        technical: technical(inp, &items),
    }
}

fn headline(inp: &ReportInput, still_needed: &[String]) -> String {
    match inp.decision {
        Decision::Veto => "BLOCKED: this plan cannot be applied, whatever approvals arrive.".into(),
        Decision::Escalate => format!(
            "NEEDS APPROVAL: nothing will be applied until it has {}.",
            join_and(&still_needed.iter().map(|k| cure(k)).collect::<Vec<_>>())
        ),
        Decision::Approve => "APPROVED: this plan may be applied exactly as audited.".into(),
    }
}

fn plain(inp: &ReportInput, items: &[Item]) -> String {
    let still_needed = inp.approvals_still_needed();
    let mut t = String::new();
    let _ = writeln!(t, "{}", headline(inp, &still_needed));
    let _ = writeln!(t);
    match summary::request_text(inp.summary) {
        Some(r) => {
            let _ = writeln!(t, "You asked: \"{}\"", sanitize(r));
        }
        None => {
            let _ = writeln!(t, "You asked: (the request text is not recorded)");
        }
    }
    if let Some(key) = inp.requester_signed_by {
        let _ = writeln!(
            t,
            "Signed by the requester (key {}): these are the requester's own words.",
            sanitize(key)
        );
    }
    if let Some(ticket) = summary::change_ticket(inp.summary) {
        let _ = writeln!(t, "Change ticket: {}", sanitize(ticket));
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "{}", plan_line(inp.scope));
    let mut shown_fine = 0usize;
    let mut hidden_fine = 0usize;
    for (i, item) in items.iter().enumerate() {
        if i == MAX_ITEMS {
            let rest = items.len() - MAX_ITEMS;
            let _ = writeln!(
                t,
                "  … and {rest} more item{} (all in the technical details).",
                plural(rest)
            );
            break;
        }
        if item.mark == Mark::Fine {
            if shown_fine == MAX_OK_ITEMS {
                hidden_fine += item.addresses.len().max(1);
                continue;
            }
            shown_fine += 1;
        }
        let _ = writeln!(t, "{}", sanitize(&item.line(i + 1)));
    }
    if hidden_fine > 0 {
        let _ = writeln!(
            t,
            "  ✅ {hidden_fine} more change{} that raise no concern (listed in the technical details).",
            plural(hidden_fine)
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "What to do:");
    match inp.decision {
        Decision::Veto => {
            let blocked: Vec<String> = items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.mark == Mark::Blocked)
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            let _ = writeln!(
                t,
                "  Ask for a corrected plan that drops or fixes {} (or correct the request), and submit it as a new request.",
                if blocked.is_empty() {
                    "what is blocked".to_string()
                } else if blocked.len() > MAX_NAMES_OF_CONCERN {
                    format!("the {} ❌ items", blocked.len())
                } else {
                    format!("item{} {}", plural(blocked.len()), join_and(&blocked))
                }
            );
            if !still_needed.is_empty() {
                let _ = writeln!(
                    t,
                    "  Once the blocks are fixed, it will still need {}.",
                    join_and(&still_needed.iter().map(|k| cure(k)).collect::<Vec<_>>())
                );
            }
        }
        Decision::Escalate => {
            for kind in &still_needed {
                let _ = writeln!(t, "  - {}", how_to_cure(kind));
            }
            let _ = writeln!(
                t,
                "  Then submit the same plan again; nothing will be applied until then."
            );
        }
        Decision::Approve => {
            let _ = match inp.valid_until {
                Some(until) => writeln!(
                    t,
                    "  Apply exactly this plan before {until}, after 'airgap-audit verify-verdict' accepts this verdict."
                ),
                None => writeln!(t, "  Nothing: the plan may be applied as it is."),
            };
        }
    }
    t
}

/// "The plan makes 11 changes: 10 creates and 1 update (2 unchanged)."
fn plan_line(scope: &[ChangeScope]) -> String {
    let kinds = [
        ("create", "to create"),
        ("update", "to change in place"),
        ("replace", "to replace (destroy and re-create)"),
        ("delete", "to destroy"),
        ("forget", "to stop managing (nothing destroyed)"),
    ];
    let mut counts = [0usize; 5];
    let mut unchanged = 0usize;
    for s in scope {
        match kinds.iter().position(|(k, _)| s.action.starts_with(k)) {
            Some(i) => counts[i] += 1,
            None => unchanged += 1,
        }
    }
    let changes: usize = counts.iter().sum();
    if changes == 0 {
        return if unchanged == 0 {
            "The plan changes nothing.".to_string()
        } else {
            format!(
                "The plan changes nothing ({unchanged} resource{} read or left as is).",
                plural(unchanged)
            )
        };
    }
    let parts: Vec<String> = kinds
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|((_, words), n)| format!("{n} {words}"))
        .collect();
    format!(
        "The plan makes {changes} change{}: {}{}.",
        plural(changes),
        join_and(&parts),
        if unchanged > 0 {
            if unchanged == 1 {
                "; 1 other resource stays as it is".to_string()
            } else {
                format!("; {unchanged} other resources stay as they are")
            }
        } else {
            String::new()
        }
    )
}

/// The numbered items: changes first (blocked, then needing a person, then fine, each in plan
/// order), alike changes grouped; then what the plan does as a whole (cost, missing work).
fn items(inp: &ReportInput) -> Vec<Item> {
    // Findings by the resource they name, built once (plans can have thousands of changes).
    let mut on: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in inp.findings {
        if let Some(r) = f.resource.as_deref() {
            on.entry(r).or_default().push(f);
        }
    }
    let in_plan: HashSet<&str> = inp.scope.iter().map(|s| s.address.as_str()).collect();
    // The findings that count the changes past the engine's per-change cap.
    let plan_wide: Vec<&Finding> = inp
        .findings
        .iter()
        .filter(|f| f.resource.is_none())
        .collect();
    let mut list: Vec<Item> = Vec::new();
    for s in inp.scope {
        // Reads and no-ops change nothing; the count line mentions them.
        if matches!(s.action.as_str(), "read" | "no-op") {
            continue;
        }
        let on_it = on.get(s.address.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        list.push(change_item(inp, s, on_it, &plan_wide));
    }
    // Findings about the plan as a whole, or about resources that make no change: one item per
    // distinct reason (two different missing things are two items).
    let mut index: HashMap<(Mark, String, String, bool), usize> = HashMap::new();
    for f in inp.findings {
        let on_change = f.resource.as_deref().is_some_and(|r| in_plan.contains(r));
        let counted_rest =
            f.resource.is_none() && matches!(f.id.as_str(), ids::SCOPE_CREEP | ids::INTENT_UNCLEAR);
        if on_change || counted_rest {
            continue;
        }
        let (mark, reason) = finding_reason(inp, f);
        let what = match &f.resource {
            None => plan_wide_what(&f.id).to_string(),
            Some(r) => capitalized(&kind_of(r)),
        };
        let key = (mark, what.clone(), reason.clone(), f.resource.is_some());
        let at = *index.entry(key).or_insert_with(|| {
            list.push(Item {
                mark,
                what,
                names: Vec::new(),
                reasons: vec![reason],
                model: None,
                addresses: Vec::new(),
            });
            list.len() - 1
        });
        if let Some(r) = &f.resource {
            list[at].names.push(name_of(r).to_string());
            list[at].addresses.push(r.clone());
        }
    }
    list.sort_by_key(|it| it.mark);
    // Alike changes are one item (the sort is stable, so plan order holds within a mark).
    let mut grouped: Vec<Item> = Vec::new();
    let mut group_of: HashMap<(Mark, String, Vec<String>, Option<String>), usize> = HashMap::new();
    for it in list {
        if it.names.is_empty() {
            grouped.push(it);
            continue;
        }
        let key = (
            it.mark,
            it.what.clone(),
            it.reasons.clone(),
            it.model.clone(),
        );
        match group_of.get(&key) {
            Some(&g) => {
                grouped[g].names.extend(it.names);
                grouped[g].addresses.extend(it.addresses);
            }
            None => {
                group_of.insert(key, grouped.len());
                grouped.push(it);
            }
        }
    }
    grouped
}

fn plan_wide_what(id: &str) -> &'static str {
    findings::describe(id).plan_wide_subject
}

fn change_item(
    inp: &ReportInput,
    s: &ChangeScope,
    on_it: &[&Finding],
    plan_wide: &[&Finding],
) -> Item {
    let mut mark = Mark::Fine;
    // (how much it weighs, reason): blocking reasons are said first.
    let mut weighed: Vec<(Mark, String)> = Vec::new();
    let mut push = |m: Mark, r: String| {
        if !weighed.iter().any(|(_, x)| *x == r) {
            weighed.push((m, r));
        }
    };
    if !s.in_scope {
        let id = if s.unclear {
            ids::INTENT_UNCLEAR
        } else {
            ids::SCOPE_CREEP
        };
        // Its own finding, or (past the engine's per-change cap) the one that counts the rest.
        let disposition = on_it
            .iter()
            .chain(plan_wide)
            .find(|f| f.id == id)
            .map(|f| f.disposition.clone())
            .unwrap_or(if s.unclear {
                Disposition::Approval("human_review".into())
            } else {
                Disposition::Veto
            });
        let m = mark_of(inp, &disposition);
        mark = mark.min(m);
        push(
            m,
            if s.unclear {
                format!(
                    "it is not clear you asked for this ({}); a person must decide",
                    s.reason
                )
            } else {
                format!("you did not ask for this: {}", s.reason)
            },
        );
    }
    for f in on_it {
        if matches!(f.id.as_str(), ids::SCOPE_CREEP | ids::INTENT_UNCLEAR) {
            mark = mark.min(mark_of(inp, &f.disposition));
            continue;
        }
        let (m, r) = finding_reason(inp, f);
        mark = mark.min(m);
        push(m, r);
    }
    weighed.sort_by_key(|(m, _)| *m);
    let mut reasons: Vec<String> = weighed.into_iter().map(|(_, r)| r).collect();
    if s.in_scope && reasons.iter().all(|r| r.starts_with("advice")) {
        let why = s.reason.strip_prefix("requested: ").unwrap_or(&s.reason);
        reasons.insert(0, format!("asked for: {why}"));
    }
    let model = inp
        .opinions
        .iter()
        .find(|o| o.address == s.address)
        .map(|o| {
            format!(
                "{}, {}% sure",
                o.label.words(),
                (o.confidence_permille + 5) / 10
            )
        });
    Item {
        mark,
        what: format!("{} {}", verb(&s.action), kind_of(&s.address))
            .trim_end()
            .to_string(),
        names: vec![name_of(&s.address).to_string()],
        reasons,
        model,
        addresses: vec![format!("{} ({}, {})", s.address, s.action, s.category)],
    }
}

fn mark_of(inp: &ReportInput, d: &Disposition) -> Mark {
    match d {
        Disposition::Veto => Mark::Blocked,
        Disposition::Approval(k) if !inp.granted.contains(k) => Mark::Human,
        _ => Mark::Fine,
    }
}

/// A finding as a reason a non-expert understands, with what cures it.
fn finding_reason(inp: &ReportInput, f: &Finding) -> (Mark, String) {
    let mark = mark_of(inp, &f.disposition);
    let why = plain_reason(f);
    let reason = match &f.disposition {
        Disposition::Veto => why,
        Disposition::Warn => format!("advice, does not block: {why}"),
        Disposition::Approval(k) if inp.granted.contains(k) => {
            format!("{why} ({} given)", cure(k))
        }
        Disposition::Approval(k) => format!("{why}, which needs {}", cure(k)),
    };
    (mark, reason)
}

fn plain_reason(f: &Finding) -> String {
    // A message is "what is wrong; what to do": the list says what to do its own way.
    let own = || {
        let msg = strip_address(f);
        let what = msg.split_once("; ").map(|(w, _)| w).unwrap_or(&msg);
        let what = what.trim_end_matches('.');
        // Mid-sentence after "Item:", so "The request asks" reads "the request asks"; names
        // ("Terraform", "PCI") keep their capitals.
        let first = what.split(' ').next().unwrap_or("");
        let common_word = first.chars().skip(1).all(|c| c.is_lowercase())
            && !matches!(first, "Terraform" | "Azure" | "Google" | "Kubernetes");
        let lowered = if common_word && !first.is_empty() {
            format!("{}{}", first.to_lowercase(), &what[first.len()..])
        } else {
            what.to_string()
        };
        clip(&lowered, 200)
    };
    match findings::describe(&f.id).reason {
        Some(reason) => reason.to_string(),
        None => own(),
    }
}

/// What cures an approval finding of this kind, as a noun phrase.
fn cure(kind: &str) -> String {
    match kind {
        // DESIGN.md: a ticket in the request cures the production finding.
        "change_ticket" => "a change ticket in the request".to_string(),
        other => format!("{} {} approval", article(other), other.replace('_', " ")),
    }
}

fn how_to_cure(kind: &str) -> String {
    match kind {
        "change_ticket" => {
            "Add the change ticket number to the request (the orchestrator seals it into the bundle).".to_string()
        }
        other => format!(
            "Get {} signed for exactly this plan by an approver the station trusts for it.",
            cure(other)
        ),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn verb(action: &str) -> &'static str {
    if action.starts_with("replace") {
        "Replace (destroy and re-create)"
    } else if action.starts_with("create") {
        "Create"
    } else if action.starts_with("update") {
        "Change"
    } else if action.starts_with("delete") {
        "Destroy"
    } else if action.starts_with("forget") {
        "Stop managing"
    } else {
        "Leave"
    }
}

/// `aws_security_group_rule.x` → "security group rule" (provider prefix dropped).
fn kind_of(address: &str) -> String {
    let (ty, _) = split_address(address);
    let bare = ty
        .split_once('_')
        .filter(|(p, _)| {
            matches!(
                *p,
                "aws"
                    | "azurerm"
                    | "azuread"
                    | "google"
                    | "kubernetes"
                    | "oci"
                    | "alicloud"
                    | "digitalocean"
                    | "ibm"
            )
        })
        .map(|(_, rest)| rest)
        .unwrap_or(ty);
    bare.replace('_', " ")
}

/// The resource's own name with its index: `module.m.aws_instance.web[0]` → `web[0]`.
fn name_of(address: &str) -> &str {
    split_address(address).1
}

/// (type, name with index) of an address; the index may itself hold dots.
fn split_address(address: &str) -> (&str, &str) {
    let base_end = address.find('[').unwrap_or(address.len());
    let base = &address[..base_end];
    match base.rfind('.') {
        Some(dot) => {
            let ty_start = base[..dot].rfind('.').map(|i| i + 1).unwrap_or(0);
            (&base[ty_start..dot], &address[dot + 1..])
        }
        None => ("", address),
    }
}

/// A message without the address it starts with (and the "(action category)" after it), so a
/// line never says the address twice.
fn strip_address(f: &Finding) -> String {
    let msg = f.message.as_str();
    let Some(addr) = f.resource.as_deref() else {
        return msg.to_string();
    };
    let Some(rest) = msg.strip_prefix(addr) else {
        return msg.to_string();
    };
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((_, after)) => after.trim_start(),
        None => rest,
    };
    rest.trim_start_matches(':').trim_start().to_string()
}

fn technical(inp: &ReportInput, items: &[Item]) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "Items above, by resource address:");
    for (i, it) in items.iter().enumerate() {
        if it.addresses.is_empty() {
            continue;
        }
        let shown: Vec<String> = it
            .addresses
            .iter()
            .take(MAX_TECH_ADDRESSES)
            .map(|a| sanitize(a))
            .collect();
        let rest = it.addresses.len().saturating_sub(MAX_TECH_ADDRESSES);
        let _ = writeln!(
            t,
            "  {}. {}{}",
            i + 1,
            shown.join(", "),
            if rest > 0 {
                format!(" and {rest} more")
            } else {
                String::new()
            }
        );
    }
    if inp.findings.is_empty() {
        let _ = writeln!(t, "Findings: none");
    } else {
        let _ = writeln!(t, "Findings (id, disposition, where, what):");
        // Alike findings (same id, disposition and message once the address is taken out) are
        // one line listing their resources, in first-seen order.
        let mut lines: Vec<(&Finding, String, Vec<&str>)> = Vec::new();
        let mut line_of: HashMap<(&str, &Disposition, String), usize> = HashMap::new();
        for f in inp.findings {
            let msg = strip_address(f);
            let key = (f.id.as_str(), &f.disposition, msg.clone());
            let at = *line_of.entry(key).or_insert_with(|| {
                lines.push((f, msg, Vec::new()));
                lines.len() - 1
            });
            if let Some(r) = f.resource.as_deref() {
                lines[at].2.push(r);
            }
        }
        for (f, msg, mut at) in lines {
            at.dedup();
            let place = if at.is_empty() {
                "plan".to_string()
            } else {
                let rest = at.len().saturating_sub(MAX_TECH_ADDRESSES);
                format!(
                    "{}{}",
                    at.iter()
                        .take(MAX_TECH_ADDRESSES)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                    if rest > 0 {
                        format!(" and {rest} more")
                    } else {
                        String::new()
                    }
                )
            };
            let _ = writeln!(
                t,
                "  - {} [{}] {}: {}",
                f.id,
                f.disposition,
                sanitize(&place),
                sanitize(&msg)
            );
        }
    }
    let needed = inp.approvals_still_needed();
    let _ = writeln!(
        t,
        "Approvals still needed once nothing is blocked: {}",
        if needed.is_empty() {
            "none".to_string()
        } else {
            needed.join(", ")
        }
    );
    if let Some(d) = summary::drift(inp.summary) {
        let _ = writeln!(t, "{}", sanitize(d));
    }
    t
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Resource".to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_kind_and_name_even_with_dots_in_the_index() {
        assert_eq!(
            split_address("aws_instance.web[0]"),
            ("aws_instance", "web[0]")
        );
        assert_eq!(
            split_address("module.net.aws_s3_bucket.b[\"a.b\"]"),
            ("aws_s3_bucket", "b[\"a.b\"]")
        );
        assert_eq!(kind_of("aws_security_group_rule.x"), "security group rule");
        assert_eq!(kind_of("terraform_data.x"), "terraform data");
    }

    #[test]
    fn a_plan_of_thousands_of_unlike_changes_gives_a_bounded_plain_part() {
        let scope: Vec<ChangeScope> = (0..5000)
            .map(|i| ChangeScope {
                address: format!("aws_sqs_queue.q{i}"),
                action: "create".into(),
                category: "messaging".into(),
                in_scope: false,
                unclear: false,
                reason: format!("reason number {i}"),
            })
            .collect();
        let findings: Vec<Finding> = scope
            .iter()
            .map(|s| {
                Finding::new(
                    ids::SCOPE_CREEP,
                    Disposition::Veto,
                    Some(&s.address),
                    format!(
                        "{} (create messaging) is not covered: {}",
                        s.address, s.reason
                    ),
                )
            })
            .collect();
        let granted = BTreeSet::new();
        let r = build(&ReportInput {
            decision: Decision::Veto,
            findings: &findings,
            scope: &scope,
            summary: &[],
            granted: &granted,
            opinions: &[],
            valid_until: None,
            requester_signed_by: None,
        });
        let lines = r.plain.lines().count();
        assert!(lines <= MAX_ITEMS + 12, "{lines} lines");
        assert!(r.plain.contains("… and 4960 more items"), "{}", r.plain);
        assert!(
            r.plain.contains("drops or fixes the 5000 ❌ items"),
            "{}",
            r.plain
        );
        assert!(r.technical.contains("aws_sqs_queue.q4999"));
    }

    #[test]
    fn what_the_model_thought_is_said_per_change_only_when_it_ran() {
        let scope = vec![ChangeScope {
            address: "aws_s3_bucket.logs".into(),
            action: "create".into(),
            category: "object_storage".into(),
            in_scope: true,
            unclear: false,
            reason: "requested: create bucket".into(),
        }];
        let granted = BTreeSet::new();
        let opinions = [Opinion {
            address: "aws_s3_bucket.logs",
            label: IntentLabel::OutOfScope,
            confidence_permille: 912,
        }];
        let summary = vec!["You asked: \"Create a bucket for logs\".".to_string()];
        let with = |opinions| {
            build(&ReportInput {
                decision: Decision::Approve,
                findings: &[],
                scope: &scope,
                summary: &summary,
                granted: &granted,
                opinions,
                valid_until: None,
                requester_signed_by: None,
            })
            .plain
        };
        let on = with(&opinions);
        assert!(
            on.contains("1. ✅ Create s3 bucket \"logs\": asked for: create bucket (local model: not asked for, 91% sure)."),
            "{on}"
        );
        assert!(
            on.contains("You asked: \"Create a bucket for logs\"\n"),
            "{on}"
        );
        assert!(!with(&[]).contains("local model"));
    }

    #[test]
    fn unclear_changes_await_a_person_and_changes_past_the_per_change_cap_stay_blocked() {
        let change = |name: &str, unclear: bool| ChangeScope {
            address: format!("aws_lambda_function.{name}"),
            action: "create".into(),
            category: "compute".into(),
            in_scope: false,
            unclear,
            reason: "it is about reports, and the request names billing".into(),
        };
        let scope = vec![change("maybe", true), change("past_cap", false)];
        let findings = vec![
            Finding::new(
                ids::INTENT_UNCLEAR,
                Disposition::Approval("human_review".into()),
                Some("aws_lambda_function.maybe"),
                "aws_lambda_function.maybe (create compute) could not be matched with the request: …",
            ),
            // The engine lists the first 200 scope findings one by one and counts the rest.
            Finding::new(
                ids::SCOPE_CREEP,
                Disposition::Veto,
                None,
                "1 more changes are outside the request (only the first 200 are listed)",
            ),
        ];
        let granted = BTreeSet::new();
        let r = build(&ReportInput {
            decision: Decision::Veto,
            findings: &findings,
            scope: &scope,
            summary: &[],
            granted: &granted,
            opinions: &[],
            valid_until: None,
            requester_signed_by: None,
        });
        assert!(
            r.plain
                .contains("1. ❌ Create lambda function \"past_cap\": you did not ask for this"),
            "{}",
            r.plain
        );
        assert!(
            r.plain.contains(
                "2. ⚠️ Create lambda function \"maybe\": it is not clear you asked for this"
            ),
            "{}",
            r.plain
        );
        assert!(r
            .plain
            .contains("Once the blocks are fixed, it will still need a human review approval."));
        // The counting finding is not an item of its own: its changes are listed.
        assert!(!r.plain.contains("more changes are outside"), "{}", r.plain);
    }

    #[test]
    fn a_message_never_repeats_its_own_address() {
        let f = Finding::new(
            ids::SCOPE_CREEP,
            Disposition::Veto,
            Some("aws_security_group_rule.x"),
            "aws_security_group_rule.x (create network_access) is not covered by the request: it touches production",
        );
        assert_eq!(
            strip_address(&f),
            "is not covered by the request: it touches production"
        );
    }
}
