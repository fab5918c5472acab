/*!
`airgap-audit verify-verdict`: the cloud side's gate before `terraform apply`; and
`verify-execution`, its check of the station's execution check after apply (exit 0 MATCH, 1
DEVIATION or not authentic, 2 usage or I/O).

A verdict approved by a two-person override (`<id>.override.verdict.json`) passes like any
approval; a second line then says so and names the signers, so nobody mistakes it for an audit
approval.

Exit 0 only if the verdict's signature is valid for the station key, its plan digest is the
SHA-256 of the given plan file, its decision is `approve`, and it has not expired. Exit 1 with one
line saying why otherwise. Exit 2 for usage and I/O errors. Needs no station, no model and no
llama.cpp, so it works from a `--no-default-features` build. All judging is in
[`crate::verdict::verify_for_apply`]; this file only reads the files.
*/
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::verdict;

/// Output of `verify-verdict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    /// One line.
    Text,
    /// `airgap-audit/verify-verdict/v1`.
    Json,
    /// SARIF 2.1.0 of the verdict's findings.
    Sarif,
}

/// Verify a station verdict before applying a plan.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 valid approval of this plan; 1 not valid (one line says why; with --format json the document's `reason` says which kind: vetoed, escalated, plan_mismatch, expired, not_yet_valid, bad_signature, wrong_key, comment_altered, comment_mismatch, malformed, signature_unreadable); 2 usage or I/O error.\n\nExamples:\n  terraform show -json tfplan > plan.json\n  airgap-audit verify-verdict --station-key verdict.pub --plan plan.json R-42.verdict.json\n  airgap-audit verify-verdict --station-key verdict.pub --plan plan.json --format json R-42.verdict.json | jq -r .reason"
)]
pub struct VerifyVerdictArgs {
    /// The station's verdict public key: a minisign `.pub` file, or the bare base64 key line.
    #[arg(long, value_name = "PUB")]
    pub station_key: String,
    /// The plan file exactly as sealed into the request (`terraform show -json` output).
    #[arg(long, value_name = "PLAN")]
    pub plan: PathBuf,
    /// Signature file (default: VERDICT.minisig).
    #[arg(long, value_name = "SIG")]
    pub signature: Option<PathBuf>,
    /// Seconds a verdict's issue time may lie in this machine's future (clock differences).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub clock_skew: u64,
    /// Output format: `text` (one line); `json` (`airgap-audit/verify-verdict/v1` on stdout,
    /// docs/schemas/verify-verdict.schema.json); or `sarif`: the verdict's findings as SARIF
    /// 2.1.0 for code scanning, with the decision, verdict signature and ledger index in
    /// `run.properties` (only for a verdict signed by the station key).
    #[arg(long, value_enum, default_value = "text")]
    pub format: VerifyFormat,
    /// SARIF: plan locations are relative to this folder. Default: the current folder.
    #[arg(long, value_name = "DIR")]
    pub sarif_base: Option<PathBuf>,
    /// The `<request_id>.verdict.json` file from the station's outbox.
    #[arg(value_name = "VERDICT")]
    pub verdict: PathBuf,
}

fn read_station_file(path: &Path, cap: usize, what: &str) -> anyhow::Result<Vec<u8>> {
    use crate::fsx::FsxError;
    crate::fsx::read_capped(path, cap as u64).map_err(|e| match e {
        FsxError::Io { err, .. } => {
            anyhow::Error::new(err).context(format!("cannot read {what} {}", path.display()))
        }
        FsxError::Symlink { .. } | FsxError::NotRegular { .. } => anyhow::anyhow!(
            "{what} {} is a symbolic link or not a regular file; give the real file's path",
            path.display()
        ),
        FsxError::TooLarge { .. } => anyhow::anyhow!(
            "{what} {} is larger than {cap} bytes; this is not a file the station wrote",
            path.display()
        ),
    })
}

/// SHA-256 (hex) of a plan file's bytes, streamed.
pub fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let digest = crate::fsx::sha256_file(path).map_err(|e| match e {
        crate::fsx::FsxError::Io { err, .. } => {
            anyhow::Error::new(err).context(format!("cannot read plan {}", path.display()))
        }
        other => anyhow::anyhow!(
            "cannot read plan {}: it is a symbolic link or not a regular file; give the real file's path",
            other.path().display()
        ),
    })?;
    Ok(hex::encode(digest))
}

/// `--station-key`: the station's `verdict.pub` file ([`crate::home::keys::load_verify_key`]) or
/// its bare base64 line.
pub(crate) fn load_station_key(arg: &str) -> anyhow::Result<minisign::PublicKey> {
    let path = Path::new(arg);
    if path.exists() {
        return Ok(crate::home::keys::load_verify_key(path)?.key);
    }
    crate::sig::VerifyKey::parse(arg.as_bytes())
        .map(|k| k.key)
        .map_err(|_| {
            anyhow::anyhow!(
                "--station-key {arg:?} is neither a readable file nor a minisign public key; pass the station's keys/verdict.pub"
            )
        })
}

pub fn run(args: VerifyVerdictArgs) -> anyhow::Result<ExitCode> {
    let key = load_station_key(&args.station_key)?;
    let json = read_station_file(&args.verdict, verdict::MAX_VERDICT_BYTES, "verdict")?;
    let sig_path = args.signature.clone().unwrap_or_else(|| {
        let mut p = args.verdict.clone().into_os_string();
        p.push(".minisig");
        PathBuf::from(p)
    });
    let sig = read_station_file(&sig_path, crate::sig::MAX_SIGNATURE_BYTES, "signature")?;
    let plan_sha256 = sha256_file(&args.plan)?;
    let now = time::OffsetDateTime::now_utc();
    let result = verdict::verify_for_apply(&json, &sig, &key, &plan_sha256, now, args.clock_skew);
    if args.format == VerifyFormat::Sarif {
        return sarif(&args, &json, &sig, &key, result.is_ok());
    }
    if args.format == VerifyFormat::Json {
        let doc = verdict::apply_check_json(&result, &json, &plan_sha256);
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(if result.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    match result {
        Ok(v) => {
            println!(
                "verdict OK: request {} approves plan sha256 {} until {} (ledger entry {})",
                v.core.request_id, v.core.hashes.plan_sha256, v.core.expires_at, v.ledger.index
            );
            if let Some(o) = &v.core.override_block {
                let who: Vec<String> = o
                    .signers
                    .iter()
                    .map(|s| {
                        format!(
                            "{} ({}, key {})",
                            crate::display::sanitize(&s.identity),
                            s.role,
                            s.key_id
                        )
                    })
                    .collect();
                println!(
                    "APPROVED BY OVERRIDE, not by the audit: the {} verdict of ledger entry {} was overruled by {}",
                    o.overruled_decision,
                    o.overrules_ledger_index,
                    who.join(" and ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!(
                "airgap-audit: verdict rejected: {}",
                crate::display::sanitize(&e.to_string())
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// `verify-verdict --format sarif`: the findings of an authentic verdict (signed by the station
/// key), located in the plan file, with what the verdict adds to what `check` knows. The exit code
/// is the gate's: 0 only for a valid approval of this plan.
fn sarif(
    args: &VerifyVerdictArgs,
    json: &[u8],
    sig: &[u8],
    key: &minisign::PublicKey,
    valid: bool,
) -> anyhow::Result<ExitCode> {
    let v = match verdict::verify_signed(json, sig, key) {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "airgap-audit: verdict rejected: {}",
                crate::display::sanitize(&e.to_string())
            );
            return Ok(ExitCode::from(1));
        }
    };
    let cap = crate::engine::PolicySet::default().config.plan.max_bytes;
    let text = crate::fsx::read_input(&args.plan, cap, "plan")?;
    let base = super::check::SarifBase::resolve(args.sarif_base.as_deref())?;
    let plan = crate::report::sarif::SarifPlan {
        name: args.plan.display().to_string(),
        findings: &v.core.findings,
        decision: v.core.decision,
        required_approvals: &v.core.required_approvals,
        approvals_still_needed: crate::engine::findings::approvals_still_needed(
            &v.core.findings,
            &v.core.approvals.granted_kinds(),
        ),
        policy_sha256: &v.core.hashes.policy_sha256,
        location: base.locate(&args.plan, &text)?,
    };
    let context = crate::report::sarif::VerdictContext {
        request_id: Some(v.core.request_id.clone()),
        signature: String::from_utf8_lossy(sig)
            .lines()
            .nth(1)
            .map(str::to_string),
        ledger_index: Some(v.ledger.index),
    };
    let exit_code = if valid { 0 } else { 1 };
    let doc = crate::report::sarif::log(&[plan], &base.uri(), &context, exit_code);
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(ExitCode::from(exit_code))
}

/// Check a station's execution check (`<request_id>.execution.json`) after apply.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 authentic and MATCH; 1 DEVIATION (each discrepancy is printed) or not authentic (one line says why); 2 usage or I/O error.\n\nExample:\n  airgap-audit verify-execution --station-key verdict.pub --request-id R-42 R-42.execution.json"
)]
pub struct VerifyExecutionArgs {
    /// The station's verdict public key: a minisign `.pub` file, or the bare base64 key line.
    #[arg(long, value_name = "PUB")]
    pub station_key: String,
    /// Require the document to be about this request id.
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
    /// Signature file (default: FILE.minisig).
    #[arg(long, value_name = "SIG")]
    pub signature: Option<PathBuf>,
    /// The `<request_id>.execution.json` file from the station's outbox.
    #[arg(value_name = "FILE")]
    pub execution: PathBuf,
}

/// `verify-execution`: authenticate as `verify-verdict` does, then report MATCH or DEVIATION.
pub fn run_execution(args: VerifyExecutionArgs) -> anyhow::Result<ExitCode> {
    use crate::engine::execution::ExecutionResult;
    use crate::verdict::execution_check;
    let key = load_station_key(&args.station_key)?;
    let json = read_station_file(
        &args.execution,
        execution_check::MAX_EXECUTION_BYTES,
        "execution check",
    )?;
    let sig_path = args.signature.clone().unwrap_or_else(|| {
        let mut p = args.execution.clone().into_os_string();
        p.push(".minisig");
        PathBuf::from(p)
    });
    let sig = read_station_file(&sig_path, crate::sig::MAX_SIGNATURE_BYTES, "signature")?;
    let check = match execution_check::verify(&json, &sig, &key) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "airgap-audit: execution check rejected: {}",
                crate::display::sanitize(&e.to_string())
            );
            return Ok(ExitCode::from(1));
        }
    };
    let c = &check.core;
    if let Some(want) = &args.request_id {
        if !c.request_id.eq_ignore_ascii_case(want) {
            eprintln!(
                "airgap-audit: execution check rejected: it is about request {}, not {}; use the file for this request",
                crate::display::sanitize(&c.request_id),
                crate::display::sanitize(want)
            );
            return Ok(ExitCode::from(1));
        }
    }
    match c.result {
        ExecutionResult::Match => {
            println!(
                "execution check OK: request {} MATCH — {} planned changes found applied as approved (ledger entry {})",
                crate::display::sanitize(&c.request_id),
                c.planned_changes,
                check.ledger.index
            );
            Ok(ExitCode::SUCCESS)
        }
        ExecutionResult::Deviation => {
            println!(
                "execution check: request {} DEVIATION — {} discrepancies{} (ledger entry {})",
                crate::display::sanitize(&c.request_id),
                c.total_discrepancies(),
                if c.critical() { ", critical" } else { "" },
                check.ledger.index
            );
            for d in &c.discrepancies {
                println!(
                    "  {} {} [{}]: {}",
                    d.severity.as_str().to_ascii_uppercase(),
                    d.kind.as_str(),
                    crate::display::sanitize(d.address.as_deref().unwrap_or("-")),
                    crate::display::sanitize(&d.detail)
                );
            }
            if c.omitted > 0 {
                println!("  and {} more not listed", c.omitted);
            }
            Ok(ExitCode::from(1))
        }
    }
}
