/*!
SARIF 2.1.0 for GitHub code scanning and other result viewers.

- One rule per finding id, described from the finding catalog
  ([`crate::engine::findings::describe`]): `shortDescription`, `fullDescription`, `help`, the
  default level of its default disposition, `security-severity` and tags.
- One result per finding: level from its disposition (veto = error, approval = warning, warn =
  note), the resource address as a logical location, and a physical location in the plan file
  relative to a base folder (`uriBaseId` `PLANROOT`), with the region where the plan names the
  resource (line 1 when it does not).
- `partialFingerprints` from finding id, resource address and the finding's rank among findings of
  the same id and address: stable across runs and across message rewording. (Findings carry no
  attribute path yet, so the rank stands in for it.)
- The decision, required approvals, policy SHA-256 and, when the caller knows them, the verdict
  signature and ledger index in `run.properties`; the decision also as the invocation's exit code.

GitHub's documented upload limits are kept: one run per file (limit 20), at most
[`MAX_RESULTS_PER_RUN`] results (the rest are counted in `run.properties.omitted_results`, most
severe kept), at most 10 tags per rule (the display limit), one location per result.
*/
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::PlanReport;
use crate::engine::findings::{default_disposition, describe};
use crate::engine::{Decision, Disposition, Finding};

/// GitHub code scanning rejects a run with more than 25,000 results.
pub const MAX_RESULTS_PER_RUN: usize = 25_000;
/// The key of our fingerprint in `partialFingerprints` (versioned: a new recipe gets a new key).
pub const FINGERPRINT_KEY: &str = "airgapAuditFinding/v1";
/// The `uriBaseId` every plan location is relative to.
pub const BASE_ID: &str = "PLANROOT";

/// Where a plan file is, for the physical locations of its results.
pub struct PlanLocation {
    /// Path relative to the base, `/`-separated and percent-encoded; or an absolute `file:` URI
    /// when the plan is outside the base.
    pub uri: String,
    /// Whether `uri` is relative to [`BASE_ID`].
    pub relative: bool,
    /// Line and column (1-based) where the plan names each resource address.
    pub positions: HashMap<String, (u64, u64)>,
}

/// What is known about a signed verdict of the same findings (`verify-verdict --format sarif`).
#[derive(Debug, Default, Clone)]
pub struct VerdictContext {
    pub request_id: Option<String>,
    /// The minisign signature line of the verdict (base64).
    pub signature: Option<String>,
    pub ledger_index: Option<u64>,
}

/// One audited plan's results, as SARIF reports them: from an assessment (`check`) or from a
/// signed verdict (`verify-verdict`).
pub struct SarifPlan<'a> {
    pub name: String,
    pub findings: &'a [Finding],
    pub decision: Decision,
    pub required_approvals: &'a [String],
    /// What would still be needed once nothing is blocked
    /// ([`crate::engine::findings::approvals_still_needed`]): the one rule every output states.
    pub approvals_still_needed: Vec<String>,
    pub policy_sha256: &'a str,
    pub location: PlanLocation,
}

impl<'a> SarifPlan<'a> {
    pub fn from_report(p: &PlanReport<'a>, location: PlanLocation) -> SarifPlan<'a> {
        SarifPlan {
            name: p.name.clone(),
            findings: &p.assessment.findings,
            decision: p.assessment.decision,
            required_approvals: &p.assessment.required_approvals,
            approvals_still_needed: p.assessment.approvals_still_needed.clone(),
            policy_sha256: &p.assessment.policy_sha256,
            location,
        }
    }
}

/// The SARIF log for one or more plans, audited in one run. `base_uri` is the absolute `file:`
/// URI of the base folder (ending in `/`); `exit_code` is the command's (the invocation's).
pub fn log(plans: &[SarifPlan], base_uri: &str, verdict: &VerdictContext, exit_code: u8) -> Value {
    let ids: BTreeSet<&str> = plans
        .iter()
        .flat_map(|p| p.findings.iter().map(|f| f.id.as_str()))
        .collect();
    let rule_index: BTreeMap<&str, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<Value> = ids.iter().map(|id| rule(id)).collect();

    let mut all: Vec<(usize, &Finding, String)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        let mut rank: HashMap<(&str, Option<&str>), u32> = HashMap::new();
        for f in p.findings {
            let n = rank
                .entry((f.id.as_str(), f.resource.as_deref()))
                .or_insert(0);
            all.push((i, f, fingerprint(f, *n)));
            *n += 1;
        }
    }
    // Most severe first, so a cut keeps what matters (stable: equal severities keep plan order).
    all.sort_by_key(|(_, f, _)| severity_rank(&f.disposition));
    let omitted = all.len().saturating_sub(MAX_RESULTS_PER_RUN);
    all.truncate(MAX_RESULTS_PER_RUN);

    let results: Vec<Value> = all
        .iter()
        .map(|(i, f, fp)| result(f, fp, rule_index[f.id.as_str()], &plans[*i].location))
        .collect();

    let mut artifacts = Vec::new();
    for p in plans {
        artifacts.push(json!({"location": artifact_location(&p.location)}));
    }
    let decision = plans
        .iter()
        .map(|p| p.decision)
        .max()
        .unwrap_or(Decision::Approve);
    let mut properties = json!({
        "decision": decision.as_str(),
        "plans": plans.iter().map(|p| json!({
            "plan": p.name,
            "decision": p.decision.as_str(),
            "required_approvals": p.required_approvals,
            "approvals_still_needed": p.approvals_still_needed,
            "policy_sha256": p.policy_sha256,
        })).collect::<Vec<_>>(),
        "omitted_results": omitted,
    });
    if let Some(id) = &verdict.request_id {
        properties["request_id"] = json!(id);
    }
    if let Some(sig) = &verdict.signature {
        properties["verdict_signature"] = json!(sig);
    }
    if let Some(index) = verdict.ledger_index {
        properties["ledger_index"] = json!(index);
    }
    let mut invocation = json!({
        "executionSuccessful": true,
        "exitCode": exit_code,
        "exitCodeDescription": decision.as_str(),
    });
    if omitted > 0 {
        invocation["toolExecutionNotifications"] = json!([{
            "level": "warning",
            "message": {"text": format!(
                "{omitted} less severe results left out: GitHub code scanning accepts at most {MAX_RESULTS_PER_RUN} per run"
            )},
        }]);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "airgap-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/airgap-audit/airgap-audit",
                "rules": rules,
            }},
            "automationDetails": {"id": "airgap-audit/check/"},
            "originalUriBaseIds": {BASE_ID: {"uri": base_uri}},
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": results,
            "properties": properties,
        }],
    })
}

fn rule(id: &str) -> Value {
    let info = describe(id);
    let level = level(&default_disposition(id));
    let help = format!("{} {}", info.meaning, info.help);
    json!({
        "id": id,
        "name": rule_name(id),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.meaning},
        "help": {"text": help, "markdown": format!("**{}**\n\n{}\n\n{}", info.title, info.meaning, info.help)},
        "defaultConfiguration": {"level": level},
        "properties": {
            "security-severity": info.security_severity,
            "tags": info.tags.iter().take(10).collect::<Vec<_>>(),
            "precision": "high",
        },
    })
}

/// `scope_creep` → `ScopeCreep` (SARIF's `name` is a readable identifier; Rego ids keep theirs).
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn level(d: &Disposition) -> &'static str {
    match d {
        Disposition::Veto => "error",
        Disposition::Approval(_) => "warning",
        Disposition::Warn => "note",
    }
}

fn severity_rank(d: &Disposition) -> u8 {
    match d {
        Disposition::Veto => 0,
        Disposition::Approval(_) => 1,
        Disposition::Warn => 2,
    }
}

/// SHA-256 of finding id, resource address (empty for plan-wide findings) and rank, NUL-separated.
pub fn fingerprint(f: &Finding, rank: u32) -> String {
    let mut h = Sha256::new();
    h.update(f.id.as_bytes());
    h.update([0]);
    h.update(f.resource.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(rank.to_string().as_bytes());
    hex::encode(h.finalize())
}

fn artifact_location(loc: &PlanLocation) -> Value {
    if loc.relative {
        json!({"uri": loc.uri, "uriBaseId": BASE_ID})
    } else {
        json!({"uri": loc.uri})
    }
}

fn result(f: &Finding, fp: &str, rule_index: usize, loc: &PlanLocation) -> Value {
    let (line, column) = f
        .resource
        .as_ref()
        .and_then(|r| loc.positions.get(r).copied())
        .unwrap_or((1, 1));
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(loc),
            "region": {"startLine": line, "startColumn": column},
        },
    });
    if let Some(r) = &f.resource {
        location["logicalLocations"] = json!([{"fullyQualifiedName": r, "kind": "resource"}]);
    }
    json!({
        "ruleId": f.id,
        "ruleIndex": rule_index,
        "level": level(&f.disposition),
        "message": {"text": format!("{}: {}", f.resource.as_deref().unwrap_or("plan"), f.message)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
        "properties": {"disposition": f.disposition.to_string()},
    })
}

/// Where a `terraform show -json` text first names each resource address: the 1-based line and
/// column of the value of the first `"address": "..."` member for it. Does not parse the JSON
/// (the engine has); a malformed text just gives fewer positions.
pub fn address_positions(text: &[u8]) -> HashMap<String, (u64, u64)> {
    const KEY: &[u8] = b"\"address\"";
    let mut out = HashMap::new();
    let mut line: u64 = 1;
    let mut line_start = 0usize;
    let mut i = 0usize;
    while i < text.len() {
        let b = text[i];
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if b == b'"' && text[i..].starts_with(KEY) {
            let mut j = i + KEY.len();
            while j < text.len() && matches!(text[j], b' ' | b'\t' | b'\r' | b'\n') {
                j += 1;
            }
            if j < text.len() && text[j] == b':' {
                j += 1;
                while j < text.len() && matches!(text[j], b' ' | b'\t' | b'\r' | b'\n') {
                    if text[j] == b'\n' {
                        line += 1;
                        line_start = j + 1;
                    }
                    j += 1;
                }
                if let Some(end) = string_end(text, j) {
                    if let Ok(addr) = serde_json::from_slice::<String>(&text[j..end]) {
                        let column = (j - line_start) as u64 + 1;
                        out.entry(addr).or_insert((line, column));
                    }
                    i = end;
                    continue;
                }
            }
            i = j;
            continue;
        }
        if b == b'"' {
            // Skip any other string whole, so an `"address"` inside a value is not taken for a key.
            match string_end(text, i) {
                Some(end) => i = end,
                None => break,
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The index just past the JSON string literal starting at `start` (which must be `"`).
fn string_end(text: &[u8], start: usize) -> Option<usize> {
    if text.get(start) != Some(&b'"') {
        return None;
    }
    let mut k = start + 1;
    while k < text.len() {
        match text[k] {
            b'\\' => k += 2,
            b'"' => return Some(k + 1),
            b'\n' => return None,
            _ => k += 1,
        }
    }
    None
}

/// Percent-encodes a relative path for a SARIF `uri` (RFC 3986 unreserved characters and `/`
/// are kept).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_the_address_value_and_skip_strings_that_look_like_keys() {
        let text = b"{\"x\": \"\\\"address\\\": \\\"fake\\\"\",\n  \"resource_changes\": [\n    {\"address\": \"aws_s3_bucket.a[\\\"k\\\"]\"},\n    {\"address\" : \"aws_s3_bucket.b\"}, {\"address\": \"aws_s3_bucket.b\"}]}";
        let p = address_positions(text);
        assert_eq!(p.get("aws_s3_bucket.a[\"k\"]"), Some(&(3, 17)));
        assert_eq!(p.get("aws_s3_bucket.b"), Some(&(4, 18)));
        assert!(!p.contains_key("fake"));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn fingerprint_depends_on_id_address_and_rank_only() {
        let a = Finding::new("scope_creep", Disposition::Veto, Some("x.y"), "one wording");
        let b = Finding::new(
            "scope_creep",
            Disposition::Veto,
            Some("x.y"),
            "another wording",
        );
        assert_eq!(fingerprint(&a, 0), fingerprint(&b, 0));
        assert_ne!(fingerprint(&a, 0), fingerprint(&a, 1));
        let c = Finding::new("scope_creep", Disposition::Veto, Some("x.z"), "one wording");
        assert_ne!(fingerprint(&a, 0), fingerprint(&c, 0));
    }

    /// GitHub rejects a run with more than 25,000 results: the most severe are kept and the rest
    /// counted, with a notification saying why.
    #[test]
    fn results_over_the_upload_limit_keep_the_most_severe() {
        let mut findings: Vec<Finding> = (0..MAX_RESULTS_PER_RUN + 10)
            .map(|i| {
                Finding::new(
                    "required_tags",
                    Disposition::Warn,
                    Some(&format!("a.r{i}")),
                    "m",
                )
            })
            .collect();
        findings.push(Finding::new(
            "scope_creep",
            Disposition::Veto,
            Some("a.x"),
            "m",
        ));
        let plan = SarifPlan {
            name: "plan.json".into(),
            findings: &findings,
            decision: Decision::Veto,
            required_approvals: &[],
            approvals_still_needed: Vec::new(),
            policy_sha256: "0",
            location: PlanLocation {
                uri: "plan.json".into(),
                relative: true,
                positions: HashMap::new(),
            },
        };
        let v = log(&[plan], "file:///repo/", &VerdictContext::default(), 3);
        let run = &v["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), MAX_RESULTS_PER_RUN);
        assert_eq!(
            results[0]["ruleId"], "scope_creep",
            "the veto is kept first"
        );
        assert_eq!(run["properties"]["omitted_results"], 11);
        assert!(
            run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap()
                .contains("25000")
        );
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(encode_uri_path("plans/a b#1.json"), "plans/a%20b%231.json");
    }

    #[test]
    fn rule_names_are_camel_case() {
        assert_eq!(rule_name("scope_creep"), "ScopeCreep");
        assert_eq!(rule_name("rego:main.deny"), "RegoMainDeny");
    }
}
