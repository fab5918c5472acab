/*!
`airgap-audit approval sign`: the approver's side. Writes an approval document bound to one plan's
SHA-256 (and optionally one request id) and its minisign signature by the approver's key.

The document is built and validated by [`crate::envelope::approval::Approval`]; the signature is made by
[`crate::sig::minisig::sign`], so it verifies with `minisign -V` as well. Encrypted approver keys are
decrypted with a password typed at the terminal (the `minisign` crate's prompt).
*/
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::envelope::approval::Approval;
use crate::home::keys::KeyPassword;
use crate::sig::minisig;

#[derive(Debug, clap::Args)]
pub struct ApprovalArgs {
    #[command(subcommand)]
    pub command: ApprovalCommand,
}

#[derive(Debug, Subcommand)]
pub enum ApprovalCommand {
    /// Sign an approval of one kind for one plan (bound to the plan file's SHA-256).
    Sign(SignArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  airgap-audit approval sign --kind finance --plan plan.json --key fiona.key \\\n      --approver \"Fiona (finance)\" --expires-in 3d --out finance.json\nwrites finance.json and finance.json.minisig; give both to the orchestrator."
)]
pub struct SignArgs {
    /// Approval kind: change_ticket, deletion_confirmation, security, finance or human_review.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// The plan file being approved (`terraform show -json` output, the exact bytes to be sealed).
    #[arg(long, value_name = "PLAN")]
    pub plan: PathBuf,
    /// The approver's minisign secret key (its public key must be trusted by the station for a
    /// role allowed to sign this kind).
    #[arg(long, value_name = "APPROVER.key")]
    pub key: PathBuf,
    /// Who approves, as it should appear in the verdict.
    #[arg(long, value_name = "NAME")]
    pub approver: String,
    /// Bind the approval to one request id (default: any request carrying this exact plan).
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
    /// How long the approval stays valid: a number with s, m, h or d (e.g. 90m, 72h, 7d).
    #[arg(long, value_name = "DUR", default_value = "7d")]
    pub expires_in: String,
    /// Free-text comment recorded in the approval.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Output file; the signature goes to FILE.minisig beside it.
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
}

/// Parses `90s`, `15m`, `72h`, `7d` into seconds (at most the 30 days an approval may last,
/// [`crate::envelope::approval::MAX_APPROVAL_LIFETIME`]).
pub fn parse_duration(s: &str) -> Result<u64, String> {
    let secs = super::duration_secs(s).ok_or_else(|| {
        format!("--expires-in {s:?}: use a number with s, m, h or d (e.g. 72h, 7d)")
    })?;
    let max = crate::envelope::approval::MAX_APPROVAL_LIFETIME;
    match u64::try_from(secs) {
        Ok(secs) if secs > 0 && secs <= max.whole_seconds().unsigned_abs() => Ok(secs),
        _ => Err(format!(
            "--expires-in {s:?}: must be more than 0 and at most {}d",
            max.whole_days()
        )),
    }
}

/// Writes the signature file: a new file, or with `force` an atomic replacement.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let written = if force {
        crate::fsx::write_atomic(path, bytes, 0o644).map_err(crate::fsx::FsxError::into_io)
    } else {
        crate::fsx::write_new_synced(path, bytes, 0o644)
    };
    written.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "{} already exists; remove it or pass --force",
                path.display()
            )
        } else {
            anyhow::anyhow!("cannot write {}: {e}", path.display())
        }
    })
}

pub fn run(args: ApprovalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ApprovalCommand::Sign(a) => sign(a),
    }
}

fn sign(a: SignArgs) -> anyhow::Result<ExitCode> {
    let ttl = parse_duration(&a.expires_in).map_err(anyhow::Error::msg)?;
    // Kinds are open (a station may map its own), so an unknown one is signed, but a typo of a
    // default kind would make an approval no station counts: say so.
    let defaults = crate::envelope::approval::default_kind_roles();
    let well_formed = crate::engine::Disposition::parse(&format!("approval:{}", a.kind)).is_some();
    if well_formed && !defaults.contains_key(&a.kind) {
        let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
        eprintln!(
            "airgap-audit: note: --kind {:?} is not a default kind ({}); a station counts it only if its station.toml maps it to a role",
            a.kind,
            known.join(", ")
        );
    }
    let plan_sha256 = super::verify::sha256_file(&a.plan)?;
    let key = crate::home::keys::load_signing_key(&a.key, KeyPassword::Terminal)?;
    let now = time::OffsetDateTime::now_utc();
    let approval = Approval::new(
        &a.kind,
        &plan_sha256,
        &a.approver,
        a.request_id.as_deref(),
        now,
        now + time::Duration::seconds(ttl as i64),
        a.comment.as_deref(),
    )
    .map_err(|e| anyhow::anyhow!("{e}; fix the argument"))?;
    let bytes = approval.to_bytes();
    let trusted = format!(
        "airgap-audit approval kind={} plan_sha256={}",
        approval.kind, approval.plan_sha256
    );
    let sig = minisig::sign(
        key.secret(),
        &bytes,
        &trusted,
        "airgap-audit approval signature",
    )
    .map_err(|e| anyhow::anyhow!("cannot sign: {e}"))?;
    let mut sig_path = a.out.clone().into_os_string();
    sig_path.push(".minisig");
    let sig_path = PathBuf::from(sig_path);
    write_new(&a.out, &bytes, a.force)?;
    write_new(&sig_path, sig.as_bytes(), a.force)?;
    println!(
        "wrote {} and {}: {} approval by {} for plan sha256 {}, valid until {} (key {})",
        a.out.display(),
        sig_path.display(),
        approval.kind,
        approval.approver,
        approval.plan_sha256,
        approval.expires_at,
        key.key_id()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An approval lasts more than nothing and at most the 30 days an approval may last; the
    /// words are read by the one `--expires-in` reader (`cli::duration_secs`).
    #[test]
    fn approval_lifetime_is_over_zero_and_at_most_thirty_days() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("30d"), Ok(2_592_000));
        for (bad, says) in [
            ("0h", "more than 0"),
            ("31d", "at most 30d"),
            ("7w", "use a number"),
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
