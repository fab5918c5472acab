/*!
`airgap-audit verify-verdict`: the cloud side's gate before `terraform apply`; and
`verify-execution`, its check of the station's execution check after apply (exit 0 MATCH, 1
DEVIATION or not authentic, 2 usage or I/O).

Exit 0 only if the verdict's signature is valid for the station key, its plan digest is the
SHA-256 of the given plan file, its decision is `approve`, and it has not expired. Exit 1 with one
line saying why otherwise. Exit 2 for usage and I/O errors. Needs no station, no model and no
llama.cpp, so it works from a `--no-default-features` build. All judging is in
[`crate::verdict::verify_for_apply`]; this file only reads the files.
*/
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::minisig;
use crate::verdict;

/// Verify a station verdict before applying a plan.
///
/// Example:
///   terraform show -json tfplan > plan.json
///   airgap-audit verify-verdict --station-key verdict.pub --plan plan.json R-42.verdict.json
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 valid approval of this plan; 1 not valid (one line says why); 2 usage or I/O error.\n\nExample:\n  terraform show -json tfplan > plan.json\n  airgap-audit verify-verdict --station-key verdict.pub --plan plan.json R-42.verdict.json"
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
    /// The `<request_id>.verdict.json` file from the station's outbox.
    #[arg(value_name = "VERDICT")]
    pub verdict: PathBuf,
}

fn read_capped(path: &Path, cap: usize, what: &str) -> anyhow::Result<Vec<u8>> {
    let f = std::fs::File::open(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mut buf = Vec::new();
    f.take(cap as u64 + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if buf.len() > cap {
        anyhow::bail!(
            "{what} {} is larger than {cap} bytes; this is not a file the station wrote",
            path.display()
        );
    }
    Ok(buf)
}

/// SHA-256 (hex) of a file's bytes, streamed.
pub fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let mut f = std::fs::File::open(path)
        .with_context(|| format!("cannot read plan {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("cannot read plan {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

fn load_station_key(arg: &str) -> anyhow::Result<minisign::PublicKey> {
    let path = Path::new(arg);
    if path.exists() {
        let bytes = read_capped(path, 1024, "station key")?;
        return minisig::parse_public_key(&bytes).map_err(|e| {
            anyhow::anyhow!(
                "station key {}: {e}; pass the station's keys/verdict.pub",
                path.display()
            )
        });
    }
    minisig::parse_public_key(arg.as_bytes()).map_err(|_| {
        anyhow::anyhow!(
            "--station-key {arg:?} is neither a readable file nor a minisign public key; pass the station's keys/verdict.pub"
        )
    })
}

pub fn run(args: VerifyVerdictArgs) -> anyhow::Result<ExitCode> {
    let key = load_station_key(&args.station_key)?;
    let json = read_capped(&args.verdict, verdict::MAX_VERDICT_BYTES, "verdict")?;
    let sig_path = args.signature.clone().unwrap_or_else(|| {
        let mut p = args.verdict.clone().into_os_string();
        p.push(".minisig");
        PathBuf::from(p)
    });
    let sig = read_capped(&sig_path, minisig::MAX_MINISIG_BYTES, "signature")?;
    let plan_sha256 = sha256_file(&args.plan)?;
    let now = time::OffsetDateTime::now_utc();
    match verdict::verify_for_apply(&json, &sig, &key, &plan_sha256, now, args.clock_skew) {
        Ok(v) => {
            println!(
                "verdict OK: request {} approves plan sha256 {} until {} (ledger entry {})",
                v.core.request_id, v.core.hashes.plan_sha256, v.core.expires_at, v.ledger.index
            );
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
    use crate::execution_check;
    let key = load_station_key(&args.station_key)?;
    let json = read_capped(
        &args.execution,
        execution_check::MAX_EXECUTION_BYTES,
        "execution check",
    )?;
    let sig_path = args.signature.clone().unwrap_or_else(|| {
        let mut p = args.execution.clone().into_os_string();
        p.push(".minisig");
        PathBuf::from(p)
    });
    let sig = read_capped(&sig_path, minisig::MAX_MINISIG_BYTES, "signature")?;
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
