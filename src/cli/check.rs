/*!
`airgap-audit check`: audit plans against a request, with no station, keys or USB stick.

Reads the plan files (or standard input) and the policy file (and its Rego directory, and any
`--rego` folders) with size caps, hands bytes to the engine, prints the decision, the findings, the
missing approvals and the summary as text, JSON, SARIF 2.1.0 or JUnit XML (the writers are in
[`crate::report`]). Exit codes (README): 0 approve, 1 escalate, 3 veto (the most severe over all
plans), 2 usage or input error (a plan that cannot be loaded is an input error here, reported on
one line).
*/
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};

use crate::engine::{self, plan, Assessment, CostEstimate, Disposition, PolicySet, Request};
use crate::fsx::{open_input, read_input};
use crate::report::{junit, sarif, PlanReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The report for people.
    Text,
    /// `airgap-audit/check/v1` (docs/schemas/check.schema.json).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other result viewers.
    Sarif,
    /// JUnit XML for CI dashboards: a testsuite per plan, a testcase per finding id.
    Junit,
}

/// Audit Terraform plans against a request.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 approve, 1 escalate, 3 veto (the most severe over all plans), 2 usage or input error.

Examples:
  airgap-audit check --request \"Create an S3 bucket for logs\" --plan plan.json --approval finance
  terraform show -json tfplan | airgap-audit check --request \"Add a queue\" --plan -
  airgap-audit check --request \"Add a queue\" --plan a.json --plan b.json --format sarif > audit.sarif
  airgap-audit check --request \"Add a queue\" --plan plan.json --rego policy/ --namespace main"
)]
pub struct CheckArgs {
    /// The user's request, in their words.
    #[arg(long, value_name = "TEXT")]
    pub request: String,
    /// A plan: `terraform show -json PLANFILE` output (UTF-8 or UTF-16 with BOM); `-` reads
    /// standard input. Repeatable: each plan is audited against the same request.
    #[arg(long = "plan", value_name = "FILE", required = true)]
    pub plans: Vec<PathBuf>,
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
    /// A folder of Rego policies (`*.rego`, conftest style) added to the policy's own. Repeatable.
    #[arg(long = "rego", value_name = "DIR")]
    pub rego: Vec<PathBuf>,
    /// Run only the Rego rules of this package (conftest's --namespace). Repeatable; default: all.
    #[arg(long = "namespace", value_name = "PACKAGE")]
    pub namespaces: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// SARIF: plan locations are relative to this folder (the repository root code scanning maps
    /// them to). Default: the current folder.
    #[arg(long, value_name = "DIR")]
    pub sarif_base: Option<PathBuf>,
    /// Also ask this local GGUF model for its intent judgement (advisory; off by default).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

/// One plan read and judged.
struct Audited {
    name: String,
    path: Option<PathBuf>,
    /// The plan's bytes when it came from standard input and SARIF is asked for (a file is read
    /// again instead).
    stdin_bytes: Option<Vec<u8>>,
    assessment: Assessment,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let policy = crate::home::policy_file::load_set_with_rego(
        args.policy.as_deref(),
        &args.rego,
        &args.namespaces,
    )?;
    let cost = args.cost.as_deref().map(parse_cost).transpose()?;
    let approvals = parse_approvals(&args.approvals)?;
    if args.plans.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("--plan - (standard input) can be given only once");
    }
    if args.sarif_base.is_some() && args.format != Format::Sarif {
        bail!("--sarif-base applies only to --format sarif");
    }
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
    let mut audited = Vec::with_capacity(args.plans.len());
    for path in &args.plans {
        let is_stdin = path.as_os_str() == "-";
        let (plan, stdin_bytes) = if is_stdin {
            let bytes = read_stdin_capped(policy.config.plan.max_bytes)?;
            let plan = plan::parse(&bytes, &policy.config)
                .map_err(|e| anyhow!("plan on standard input: {e}"))?;
            // Kept only where SARIF needs them, to find the lines that name each resource.
            (plan, (args.format == Format::Sarif).then_some(bytes))
        } else {
            let file = open_input(path, policy.config.plan.max_bytes, "plan")?;
            // Streamed: the raw bytes of a large plan are never all in memory next to the parsed plan.
            let plan = plan::parse_reader(std::io::BufReader::new(file), &policy.config)
                .map_err(|e| anyhow!("{}: {e}", path.display()))?;
            (plan, None)
        };
        tracing::debug!(peak = %peak_memory(), changes = plan.changes.len(), "plan parsed");
        let input = engine::EngineInput {
            request: &request,
            plan: &plan,
            approvals: &approvals,
            cost: cost.as_ref(),
            policy: &policy,
        };
        let assessment = engine::evaluate(&input, advisor.as_deref_mut());
        drop(plan);
        tracing::debug!(peak = %peak_memory(), "plan evaluated");
        audited.push(Audited {
            name: if is_stdin {
                "stdin".to_string()
            } else {
                path.display().to_string()
            },
            path: (path.as_os_str() != "-").then(|| path.clone()),
            stdin_bytes,
            assessment,
        });
    }
    let reports: Vec<PlanReport> = audited
        .iter()
        .map(|a| PlanReport {
            name: a.name.clone(),
            assessment: &a.assessment,
        })
        .collect();
    let decision = crate::report::worst_decision(audited.iter().map(|a| &a.assessment));
    use std::io::Write;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        // Per line through the one sanitiser: addresses and text come from the plan/request.
        Format::Text => {
            for (i, a) in audited.iter().enumerate() {
                if audited.len() > 1 {
                    if i > 0 {
                        writeln!(stdout)?;
                    }
                    writeln!(stdout, "== plan {} ==", crate::display::sanitize(&a.name))?;
                }
                for line in crate::report::check::text(&a.assessment).lines() {
                    writeln!(stdout, "{}", crate::display::sanitize(line))?;
                }
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &crate::report::check::json(&reports))?;
            stdout.write_all(b"\n")?;
        }
        Format::Sarif => {
            let doc = sarif_document(&audited, &reports, args.sarif_base.as_deref(), &policy)?;
            serde_json::to_writer_pretty(&mut stdout, &doc)?;
            stdout.write_all(b"\n")?;
        }
        Format::Junit => stdout.write_all(junit::check_report(&reports).as_bytes())?,
    }
    stdout.flush()?;
    tracing::debug!(peak = %peak_memory(), "check done");
    Ok(ExitCode::from(decision.exit_code()))
}

fn sarif_document(
    audited: &[Audited],
    reports: &[PlanReport],
    base: Option<&Path>,
    policy: &PolicySet,
) -> anyhow::Result<serde_json::Value> {
    let base = SarifBase::resolve(base)?;
    let mut located = Vec::with_capacity(audited.len());
    for (a, r) in audited.iter().zip(reports) {
        let location = match (&a.path, &a.stdin_bytes) {
            (_, Some(bytes)) => sarif::PlanLocation {
                uri: "stdin".to_string(),
                relative: true,
                positions: sarif::address_positions(bytes),
            },
            (Some(path), None) => {
                let text = read_input(path, policy.config.plan.max_bytes, "plan")?;
                base.locate(path, &text)?
            }
            (None, None) => bail!("internal: the plan from standard input was not kept for SARIF"),
        };
        located.push(sarif::SarifPlan::from_report(r, location));
    }
    let decision = crate::report::worst_decision(reports.iter().map(|r| r.assessment));
    Ok(sarif::log(
        &located,
        &base.uri(),
        &sarif::VerdictContext::default(),
        decision.exit_code(),
    ))
}

/// The folder SARIF locations are relative to (`--sarif-base`, default: the current folder).
pub struct SarifBase(PathBuf);

impl SarifBase {
    pub fn resolve(base: Option<&Path>) -> anyhow::Result<SarifBase> {
        let base = match base {
            Some(b) => b.to_path_buf(),
            None => std::env::current_dir()
                .context("cannot find the current folder for --sarif-base")?,
        };
        let base = fs::canonicalize(&base)
            .with_context(|| format!("--sarif-base {}: no such folder", base.display()))?;
        if !base.is_dir() {
            bail!("--sarif-base {} is not a folder", base.display());
        }
        Ok(SarifBase(base))
    }

    /// The base as an absolute `file:` URI ending in `/` (SARIF `originalUriBaseIds`).
    pub fn uri(&self) -> String {
        format!(
            "file://{}/",
            sarif::encode_uri_path(self.0.to_string_lossy().trim_end_matches('/'))
        )
    }

    /// Where a plan file is, relative to the base when it is inside it, and where its text
    /// names each resource.
    pub fn locate(&self, path: &Path, text: &[u8]) -> anyhow::Result<sarif::PlanLocation> {
        let absolute = fs::canonicalize(path)
            .with_context(|| format!("cannot resolve plan {}", path.display()))?;
        let (uri, relative) = match absolute.strip_prefix(&self.0) {
            Ok(rel) => (sarif::encode_uri_path(&rel.to_string_lossy()), true),
            Err(_) => {
                tracing::warn!(plan = %path.display(), base = %self.0.display(), "plan is outside --sarif-base; its SARIF location is an absolute file URI that code scanning cannot map");
                (
                    format!(
                        "file://{}",
                        sarif::encode_uri_path(&absolute.to_string_lossy())
                    ),
                    false,
                )
            }
        };
        Ok(sarif::PlanLocation {
            uri,
            relative,
            positions: sarif::address_positions(text),
        })
    }
}

/// Standard input, refused past `cap` bytes.
fn read_stdin_capped(cap: u64) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(cap + 1)
        .read_to_end(&mut buf)
        .context("cannot read the plan from standard input")?;
    if buf.len() as u64 > cap {
        bail!("plan on standard input is over the {cap}-byte limit; raise the limit in the policy ([plan] max_bytes) if it is genuine");
    }
    Ok(buf)
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

/// `--cost 557:3407` → (557, 3407): monthly amounts before and after, each finite and not
/// negative. The one parser of `--cost` (`check` and `bundle seal`).
pub fn parse_cost_amounts(s: &str) -> anyhow::Result<(f64, f64)> {
    let bad = || anyhow!("--cost {s:?} must be BEFORE:AFTER monthly amounts, e.g. 557:3407");
    let (before, after) = s.split_once(':').ok_or_else(bad)?;
    let before: f64 = before.trim().parse().map_err(|_| bad())?;
    let after: f64 = after.trim().parse().map_err(|_| bad())?;
    if !before.is_finite() || !after.is_finite() || before < 0.0 || after < 0.0 {
        return Err(bad());
    }
    Ok((before, after))
}

/// `--cost` as the engine's estimate (`check` has no currency option: USD).
fn parse_cost(s: &str) -> anyhow::Result<CostEstimate> {
    let (monthly_before, monthly_after) = parse_cost_amounts(s)?;
    Ok(CostEstimate {
        monthly_before,
        monthly_after,
        currency: "USD".to_string(),
    })
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
