/*!
`airgap-audit check`: audit one plan against a request, with no station, keys or USB stick.

Reads the plan file and the policy file (and its Rego directory) with size caps, hands bytes to
the engine, prints the decision, the findings, the missing approvals and the summary as text, JSON
or SARIF 2.1.0. Exit codes (README): 0 approve, 1 escalate, 3 veto, 2 usage or input error (a plan
that cannot be loaded is an input error here, reported on one line).

Also home of the small file helpers `eval` shares: [`read_capped`], [`load_policy`].
*/
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};

use crate::engine::{self, plan, Assessment, CostEstimate, Disposition, PolicySet, Request};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

/// Audit one Terraform plan against a request.
///
/// Example: airgap-audit check --request "Create an S3 bucket for logs" --plan plan.json --approval finance
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The user's request, in their words.
    #[arg(long, value_name = "TEXT")]
    pub request: String,
    /// The plan: `terraform show -json PLANFILE` output (UTF-8 or UTF-16 with BOM).
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
    /// An approval kind taken as validly signed (finance, security, change_ticket, ...). Repeatable.
    #[arg(long = "approval", value_name = "KIND")]
    pub approvals: Vec<String>,
    /// The change ticket that accompanies the request.
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
    /// Monthly cost estimate before and after the change, e.g. 557:3407.
    #[arg(long, value_name = "BEFORE:AFTER")]
    pub cost: Option<String>,
    /// Policy file (TOML); default: the embedded policy/default.toml.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Also ask this local GGUF model for its intent judgement (advisory; off by default).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let policy = load_policy(args.policy.as_deref())?;
    let cost = args.cost.as_deref().map(parse_cost).transpose()?;
    let approvals = parse_approvals(&args.approvals)?;
    let file = open_capped(&args.plan, policy.config.plan.max_bytes, "plan")?;
    // Streamed: the raw bytes of a large plan are never all in memory next to the parsed plan.
    let plan = plan::parse_reader(std::io::BufReader::new(file), &policy.config)
        .map_err(|e| anyhow!("{}: {e}", args.plan.display()))?;
    tracing::debug!(peak = %peak_memory(), changes = plan.changes.len(), "plan parsed");
    let request = Request {
        text: args.request,
        requested_by: None,
        change_ticket: args.ticket.filter(|t| !t.trim().is_empty()),
    };
    let mut advisor = match &args.model {
        Some(path) => Some(
            crate::llm::load_advisor(path)
                .map_err(|e| anyhow!("{e}"))?
                .ok_or_else(|| anyhow!("--model needs a build with the `llm` feature; rebuild with default features or drop --model"))?,
        ),
        None => None,
    };
    let input = engine::EngineInput {
        request: &request,
        plan: &plan,
        approvals: &approvals,
        cost: cost.as_ref(),
        policy: &policy,
    };
    let assessment = engine::evaluate(&input, advisor.as_deref_mut());
    tracing::debug!(peak = %peak_memory(), "plan evaluated");
    use std::io::Write;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        // Per line through the one sanitiser: addresses and text come from the plan/request.
        Format::Text => {
            for line in render_text(&assessment).lines() {
                writeln!(stdout, "{}", crate::display::sanitize(line))?;
            }
        }
        Format::Json => serde_json::to_writer_pretty(&mut stdout, &assessment)?,
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut stdout, &sarif(&assessment, &args.plan))?
        }
    }
    if args.format != Format::Text {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    tracing::debug!(peak = %peak_memory(), "check done");
    Ok(ExitCode::from(assessment.decision.exit_code()))
}

/// Peak resident memory so far (Linux `VmHWM`), for debug logs.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn parse_approvals(kinds: &[String]) -> anyhow::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for k in kinds {
        if Disposition::parse(&format!("approval:{k}")).is_none() {
            bail!("--approval {k:?} is not an approval kind (lowercase letters, digits and _ , e.g. finance)");
        }
        out.insert(k.clone());
    }
    Ok(out)
}

/// `557:3407` → before 557, after 3407 (USD).
pub fn parse_cost(s: &str) -> anyhow::Result<CostEstimate> {
    let bad = || anyhow!("--cost {s:?} must be BEFORE:AFTER monthly amounts, e.g. 557:3407");
    let (a, b) = s.split_once(':').ok_or_else(bad)?;
    let a: f64 = a.trim().parse().map_err(|_| bad())?;
    let b: f64 = b.trim().parse().map_err(|_| bad())?;
    if !a.is_finite() || !b.is_finite() || a < 0.0 || b < 0.0 {
        return Err(bad());
    }
    Ok(CostEstimate {
        monthly_before: a,
        monthly_after: b,
        currency: "USD".to_string(),
    })
}

/// Opens a regular file for reading (never through a symlink), refusing it when its size is
/// over `cap` before anything is read.
pub fn open_capped(path: &Path, cap: u64, what: &str) -> anyhow::Result<fs::File> {
    let meta = fs::symlink_metadata(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if meta.file_type().is_symlink() {
        bail!(
            "{what} {} is a symbolic link; give the real file's path",
            path.display()
        );
    }
    if !meta.is_file() {
        bail!("{what} {} is not a regular file", path.display());
    }
    if meta.len() > cap {
        bail!(
            "{what} {} is {} bytes, over the {cap}-byte limit; raise the limit in the policy ([plan] max_bytes) if it is genuine",
            path.display(),
            meta.len()
        );
    }
    open_nofollow(path).with_context(|| format!("cannot read {what} {}", path.display()))
}

/// Reads a whole regular file (never through a symlink), refusing it before allocation when it
/// is larger than `cap`, and reading at most `cap + 1` bytes in case it grows meanwhile.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> anyhow::Result<Vec<u8>> {
    let file = open_capped(path, cap, what)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0).min(cap);
    let mut buf = Vec::with_capacity(len as usize);
    file.take(cap + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if buf.len() as u64 > cap {
        bail!(
            "{what} {} grew past the {cap}-byte limit while being read",
            path.display()
        );
    }
    Ok(buf)
}

fn open_nofollow(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Builds the policy set: the file (default: embedded) plus every `*.rego` in the directory it
/// names (see [`crate::policy_file::load`]).
pub fn load_policy(path: Option<&Path>) -> anyhow::Result<PolicySet> {
    match path {
        None => Ok(PolicySet::default()),
        Some(p) => crate::policy_file::load(p).map(|s| s.set),
    }
}

/// The text report: the same wording as the `.verdict.txt` ([`crate::report`]), then the
/// technical details `check` knows (decision and exit code, policy, model settings).
pub fn render_text(a: &Assessment) -> String {
    let opinions: Vec<crate::report::Opinion> = if a.model.status == "on" {
        a.model
            .judgements
            .iter()
            .map(|j| crate::report::Opinion {
                address: &j.address,
                label: j.label,
                confidence_permille: (j.confidence.clamp(0.0, 1.0) * 1000.0).round() as u32,
            })
            .collect()
    } else {
        Vec::new()
    };
    // The approvals `check` was given: the kinds the assessment's findings name and that are
    // not still needed.
    let granted: BTreeSet<String> = a
        .findings
        .iter()
        .filter_map(|f| match &f.disposition {
            Disposition::Approval(k) if !a.approvals_still_needed.contains(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let report = crate::report::build(&crate::report::ReportInput {
        decision: a.decision,
        findings: &a.findings,
        scope: &a.scope,
        summary: &a.summary.lines,
        granted: &granted,
        opinions: &opinions,
        valid_until: None,
        requester_signed_by: None,
    });
    let mut s = report.plain;
    s.push_str("\nTECHNICAL DETAILS\n");
    s.push_str(&format!(
        "Decision: {} (exit code {})\n",
        a.decision,
        a.decision.exit_code()
    ));
    s.push_str(&report.technical);
    s.push_str(&format!("Policy sha256: {}\n", a.policy_sha256));
    match &a.model.info {
        Some(info) => s.push_str(&format!(
            "Local model: {} (model sha256 {}, prompt {}, grammar {}, {}; concerns at {:.0}% confidence)\n",
            a.model.status,
            info.model_sha256,
            info.prompt_version,
            info.grammar_version,
            info.sampling,
            info.concern_threshold * 100.0
        )),
        None => s.push_str(&format!("Local model: {}\n", a.model.status)),
    }
    if let Some(n) = &a.model.note {
        s.push_str(&format!("  note: {n}\n"));
    }
    s
}

/// SARIF 2.1.0: one rule per finding id, one result per finding (veto = error, approval =
/// warning, warn = note), the resource address as a logical location in the plan file.
pub fn sarif(a: &Assessment, plan_path: &Path) -> serde_json::Value {
    use serde_json::json;
    let ids: BTreeSet<&str> = a.findings.iter().map(|f| f.id.as_str()).collect();
    let rules: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": rule_description(id)},
            })
        })
        .collect();
    let uri = plan_path.to_string_lossy().replace('\\', "/");
    let results: Vec<serde_json::Value> = a
        .findings
        .iter()
        .map(|f| {
            let level = match f.disposition {
                Disposition::Veto => "error",
                Disposition::Approval(_) => "warning",
                Disposition::Warn => "note",
            };
            let mut location = json!({
                "physicalLocation": {"artifactLocation": {"uri": uri}},
            });
            if let Some(r) = &f.resource {
                location["logicalLocations"] =
                    json!([{"fullyQualifiedName": r, "kind": "resource"}]);
            }
            json!({
                "ruleId": f.id,
                "ruleIndex": ids.iter().position(|i| *i == f.id).unwrap_or(0),
                "level": level,
                "message": {"text": format!("{}: {}", f.resource.as_deref().unwrap_or("plan"), f.message)},
                "locations": [location],
                "properties": {"disposition": f.disposition.to_string()},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "airgap-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/airgap-audit/airgap-audit",
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": uri}}],
            "results": results,
            "properties": {
                "decision": a.decision.as_str(),
                "required_approvals": a.required_approvals,
                "policy_sha256": a.policy_sha256,
                "summary": a.summary.lines,
            },
        }],
    })
}

fn rule_description(id: &str) -> &'static str {
    use crate::engine::findings::ids;
    match id {
        ids::PRODUCTION_CHANGE_REQUIRES_TICKET => "A production change needs a change ticket",
        ids::DELETION_REQUIRES_CONFIRMATION => {
            "Destroying a resource needs a deletion confirmation"
        }
        ids::NO_PUBLIC_PRODUCTION_ACCESS => "No ingress from the whole internet to production",
        ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW => {
            "Ingress from the whole internet needs a security review"
        }
        ids::COST_THRESHOLD_APPROVAL => "A monthly cost increase over the threshold needs finance",
        ids::NO_AUDIT_MODIFICATION => "Audit and logging infrastructure must not be weakened",
        ids::PCI_BASELINE_REQUIREMENTS => {
            "PCI resources need encryption, logging, no public access"
        }
        ids::GDPR_DATA_RESIDENCY => "GDPR data must stay in EU regions",
        ids::INVALID_PLAN => "The plan must be a complete, error-free Terraform plan",
        ids::SCOPE_CREEP => "The plan changes something the request did not ask for",
        ids::MISSING_ACTION => "The plan omits something the request asked for",
        ids::PROMPT_INJECTION_SUSPECTED => "Text tries to steer the auditor",
        ids::ENABLE_ENCRYPTION_BY_DEFAULT => "Storage must be encrypted at rest",
        ids::REQUIRED_TAGS => "Taggable resources need Owner, Environment and CostCenter tags",
        ids::USE_RESERVED_INSTANCES => "Long-running compute could be reserved",
        ids::INTENT_UNCLEAR => {
            "A change could not be matched with the request, nor shown to be outside it"
        }
        ids::LLM_INTENT_CONCERN => "The local model doubts a change serves the request",
        _ => "User or additional policy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_parsing() {
        let c = parse_cost("557:3407").unwrap();
        assert_eq!((c.monthly_before, c.monthly_after), (557.0, 3407.0));
        for bad in ["", "5", "a:b", "1:-2", "NaN:1", "1:inf"] {
            assert!(parse_cost(bad).is_err(), "{bad}");
        }
    }
}
