/*!
`airgap-audit bundle seal` (cloud side) and `bundle inspect` (station side, read-only).

`seal` gathers the request document's parts from its arguments, has
[`crate::envelope::request::RequestDocument::new`] build it, then [`crate::envelope::bundle::seal`]:
zstd, minisign by the orchestrator key, tar, age to the station. `inspect` prints what
[`crate::station::inspect`] finds: the bundle opened with the station's keys and trust store as
`process` would, without judging or recording.
*/
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use time::OffsetDateTime;

use crate::envelope::request::{CostEstimate, EmbeddedApproval, RequestBody, RequestDocument};
use crate::fsx::{read_capped, write_atomic};
use crate::home::keys::KeyPassword;

/// Largest plan file `seal` reads (the station's default decompressed cap is 64 MiB).
const MAX_PLAN_BYTES: u64 = 48 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct BundleArgs {
    #[command(subcommand)]
    pub command: BundleCommand,
}

// Parsed once per process; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum BundleCommand {
    /// Seal a signed, encrypted request bundle (or, with --execution-report, an execution report) for a station.
    #[command(
        long_about = "Seal a signed, encrypted request bundle (.aab) for a station; with --execution-report, seal the state after 'terraform apply' of an approved request instead, in the same envelope.\n\nExample:\n  airgap-audit bundle seal --station-recipient age1... --station-id st-0123 \\\n    --orchestrator-key orch.key --request 'Create an S3 bucket for logs' \\\n    --plan plan.json --sequence 42 --approval fin.json --out inbox/0042.aab\n\nAfter apply:\n  terraform show -json > state.json\n  airgap-audit bundle seal --execution-report --request-id R-42 --state state.json \\\n    --station-recipient age1... --station-id st-0123 --orchestrator-key orch.key \\\n    --sequence 43 --out inbox/0043.aab"
    )]
    Seal(SealArgs),
    /// Seal a two-person override (document and every approver's signature) for a station.
    #[command(
        long_about = "Seal a signed, encrypted override bundle (.aab) for a station: the override document made by\n'airgap-audit override create', each approver's signature over it, and the original request\ndocument (written by 'bundle seal --save-request'). Same envelope and sequence counter as requests.\n\nExample:\n  airgap-audit bundle seal-override --station-recipient age1... --station-id st-0123 \\\n    --orchestrator-key orch.key --sequence 43 --original-request R-42.request.json \\\n    --override R-42.override.json --signature R-42.override.json.A1B2.minisig \\\n    --signature R-42.override.json.C3D4.minisig --out inbox/0043.aab"
    )]
    SealOverride(SealOverrideArgs),
    /// Open a bundle with the station's keys and show what it holds (nothing is recorded).
    Inspect(InspectArgs),
}

#[derive(Debug, clap::Args)]
pub struct SealArgs {
    /// The station's age recipient (age1...), as printed by 'airgap-audit init'.
    #[arg(
        long,
        value_name = "AGE_RECIPIENT",
        required_unless_present = "station_recipient_file",
        conflicts_with = "station_recipient_file"
    )]
    pub station_recipient: Option<String>,
    /// A file holding the station's age recipient (e.g. the station's keys/age.pub).
    #[arg(long, value_name = "FILE")]
    pub station_recipient_file: Option<PathBuf>,
    /// The station id the request is for.
    #[arg(long, value_name = "ID")]
    pub station_id: String,
    /// The orchestrator's minisign secret key (unencrypted, or set AIRGAP_AUDIT_KEY_PASSWORD).
    #[arg(long, value_name = "KEY")]
    pub orchestrator_key: PathBuf,
    /// The user's request, verbatim.
    #[arg(
        long,
        value_name = "TEXT",
        required_unless_present_any = ["request_file", "execution_report"],
        conflicts_with = "request_file"
    )]
    pub request: Option<String>,
    /// A file holding the user's request text (exact bytes, UTF-8).
    #[arg(long, value_name = "FILE")]
    pub request_file: Option<PathBuf>,
    /// The requester's minisign signature over the exact request text bytes (.minisig file).
    #[arg(long, value_name = "FILE.minisig")]
    pub request_signature: Option<PathBuf>,
    /// Who asked.
    #[arg(long, value_name = "WHO", default_value = "unspecified")]
    pub requested_by: String,
    /// The Terraform plan JSON ('terraform show -json plan.out > plan.json').
    #[arg(
        long,
        value_name = "PLAN",
        required_unless_present = "execution_report"
    )]
    pub plan: Option<PathBuf>,
    /// Seal an execution report instead of a request: the state after 'terraform apply' of the
    /// approved request --request-id, given with --state.
    #[arg(
        long,
        requires_all = ["request_id", "state"],
        conflicts_with_all = ["request", "request_file", "request_signature", "plan", "ticket", "cost", "approval"]
    )]
    pub execution_report: bool,
    /// With --execution-report: 'terraform show -json' of the state after apply (no plan file argument).
    #[arg(long, value_name = "STATE.json", requires = "execution_report")]
    pub state: Option<PathBuf>,
    /// The change ticket id, if any.
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
    /// Monthly cost estimate before and after the change, e.g. 120:980.50.
    #[arg(long, value_name = "BEFORE:AFTER")]
    pub cost: Option<String>,
    /// Currency of --cost (ISO 4217).
    #[arg(long, value_name = "CODE", default_value = "USD")]
    pub currency: String,
    /// An approval made by 'airgap-audit approval sign' (FILE.json beside FILE.json.minisig). Repeatable.
    #[arg(long, value_name = "FILE.json")]
    pub approval: Vec<PathBuf>,
    /// This orchestrator's sequence number; must be higher than any the station has seen from it.
    #[arg(long, value_name = "N")]
    pub sequence: u64,
    /// Request id (default: a fresh random id).
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
    /// How long the request stays valid: N followed by s, m, h or d (max 30d).
    #[arg(long, value_name = "DUR", default_value = "24h")]
    pub expires_in: String,
    /// Where to write the bundle (.aab). Refuses to overwrite an existing file.
    #[arg(long, value_name = "FILE.aab")]
    pub out: PathBuf,
    /// Also write the request document as sealed (keep it: a two-person override of this
    /// request's verdict carries it back to the station).
    #[arg(long, value_name = "FILE.json")]
    pub save_request: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SealOverrideArgs {
    /// The station's age recipient (age1...).
    #[arg(
        long,
        value_name = "AGE_RECIPIENT",
        required_unless_present = "station_recipient_file",
        conflicts_with = "station_recipient_file"
    )]
    pub station_recipient: Option<String>,
    /// A file holding the station's age recipient.
    #[arg(long, value_name = "FILE")]
    pub station_recipient_file: Option<PathBuf>,
    /// The station id the override is for.
    #[arg(long, value_name = "ID")]
    pub station_id: String,
    /// The orchestrator's minisign secret key.
    #[arg(long, value_name = "KEY")]
    pub orchestrator_key: PathBuf,
    /// This orchestrator's sequence number (the same counter as its request bundles).
    #[arg(long, value_name = "N")]
    pub sequence: u64,
    /// The request document of the overruled request, exactly as sealed ('bundle seal --save-request').
    #[arg(long, value_name = "FILE.json")]
    pub original_request: PathBuf,
    /// The override document made by 'airgap-audit override create'.
    #[arg(long = "override", value_name = "FILE.json")]
    pub override_document: PathBuf,
    /// One approver's signature over the override document. Repeat for each approver.
    #[arg(long, value_name = "FILE.minisig", required = true)]
    pub signature: Vec<PathBuf>,
    /// How long the bundle stays valid: N followed by s, m, h or d (max 30d).
    #[arg(long, value_name = "DUR", default_value = "24h")]
    pub expires_in: String,
    /// Where to write the bundle (.aab). Refuses to overwrite an existing file.
    #[arg(long, value_name = "FILE.aab")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  airgap-audit bundle inspect --home /var/lib/airgap-audit /media/usb/inbox/0042.aab"
)]
pub struct InspectArgs {
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// The bundle file.
    #[arg(value_name = "FILE.aab")]
    pub bundle: PathBuf,
}

pub fn run(args: BundleArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        BundleCommand::Seal(a) => seal(a),
        BundleCommand::SealOverride(a) => seal_override(a),
        BundleCommand::Inspect(a) => inspect(a),
    }
}

/// `--expires-in` of a bundle: any positive duration ([`super::duration_secs`]).
fn parse_duration(s: &str) -> Option<time::Duration> {
    super::duration_secs(s)
        .filter(|secs| *secs > 0)
        .map(time::Duration::seconds)
}

/// [`parse_duration`] of `--expires-in`, refused in one line.
fn lifetime(s: &str) -> anyhow::Result<time::Duration> {
    parse_duration(s).ok_or_else(|| {
        anyhow::anyhow!("--expires-in {s:?}: expected N followed by s, m, h or d, e.g. 24h")
    })
}

fn parse_cost(s: &str, currency: &str) -> anyhow::Result<CostEstimate> {
    let (monthly_before, monthly_after) = super::check::parse_cost_amounts(s)?;
    Ok(CostEstimate {
        monthly_before,
        monthly_after,
        currency: currency.to_string(),
    })
}

fn read_text(path: &Path, cap: u64, what: &str) -> anyhow::Result<String> {
    let bytes = read_capped(path, cap)?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: {what} is not UTF-8 text", path.display()))
}

fn recipient(
    text: &Option<String>,
    file: &Option<PathBuf>,
) -> anyhow::Result<age::x25519::Recipient> {
    let recipient_text = match (text, file) {
        (Some(r), _) => r.clone(),
        (None, Some(f)) => read_text(f, 64 * 1024, "recipient file")?,
        (None, None) => bail!("give --station-recipient or --station-recipient-file"),
    };
    crate::sig::age_keys::parse_age_recipient(&recipient_text).context("--station-recipient")
}

fn write_new(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if out.symlink_metadata().is_ok() {
        bail!(
            "{}: already exists; refusing to overwrite (choose another file name)",
            out.display()
        );
    }
    write_atomic(out, bytes, 0o644)?;
    Ok(())
}

fn seal_override(a: SealOverrideArgs) -> anyhow::Result<ExitCode> {
    use crate::verdict::override_doc::OverrideBundle;
    let recipient = recipient(&a.station_recipient, &a.station_recipient_file)?;
    let signer =
        crate::home::keys::load_signing_key(&a.orchestrator_key, KeyPassword::Environment)?;
    let original_request = read_text(&a.original_request, MAX_PLAN_BYTES * 2, "request document")?;
    let override_document = read_text(
        &a.override_document,
        crate::verdict::override_doc::MAX_OVERRIDE_BYTES as u64,
        "override document",
    )?;
    let mut signatures = Vec::with_capacity(a.signature.len());
    for p in &a.signature {
        signatures.push(read_text(
            p,
            crate::sig::MAX_SIGNATURE_BYTES as u64,
            "signature",
        )?);
    }
    let lifetime = lifetime(&a.expires_in)?;
    let now = OffsetDateTime::now_utc();
    let doc = OverrideBundle::new(
        &a.station_id,
        a.sequence,
        now,
        now + lifetime,
        original_request,
        override_document,
        signatures,
    );
    let parsed = crate::verdict::override_doc::validate_bundle(doc.clone())
        .map_err(|e| anyhow::anyhow!("refusing to seal an invalid override bundle: {e}"))?;
    let od =
        crate::verdict::override_doc::OverrideDocument::parse(doc.override_document.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: {e}", a.override_document.display()))?;
    let json = crate::canonical::to_vec(&doc).context("cannot encode the override bundle")?;
    let comment = format!(
        "airgap-audit override request_id={} station_id={} sequence={}",
        od.request_id, doc.station_id, doc.sequence
    );
    let bytes = crate::envelope::bundle::seal_document(&json, &comment, &signer, &recipient)?;
    write_new(&a.out, &bytes)?;
    println!(
        "sealed {} override of request {} (original request {}) with {} signature{}, sequence={} bundle_sha256={} ({} bytes)",
        a.out.display(),
        od.request_id,
        parsed.original_request.doc.request_id,
        doc.signatures.len(),
        if doc.signatures.len() == 1 { "" } else { "s" },
        doc.sequence,
        crate::envelope::bundle::bundle_sha256(&bytes),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn seal(a: SealArgs) -> anyhow::Result<ExitCode> {
    if a.execution_report {
        return seal_report(a);
    }
    let recipient = recipient(&a.station_recipient, &a.station_recipient_file)?;
    let signer =
        crate::home::keys::load_signing_key(&a.orchestrator_key, KeyPassword::Environment)?;
    let text = match (&a.request, &a.request_file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => read_text(
            f,
            crate::envelope::request::MAX_TEXT_BYTES as u64,
            "request text",
        )?,
        (None, None) => bail!("give --request or --request-file"),
    };
    let requester_signature = match &a.request_signature {
        Some(p) => Some(read_text(
            p,
            crate::sig::MAX_SIGNATURE_BYTES as u64,
            "signature",
        )?),
        None => None,
    };
    let Some(plan_path) = &a.plan else {
        bail!("give --plan PLAN (or --execution-report with --state)");
    };
    let plan = read_capped(plan_path, MAX_PLAN_BYTES)?;
    let cost = a
        .cost
        .as_deref()
        .map(|c| parse_cost(c, &a.currency))
        .transpose()?;
    let mut approvals = Vec::with_capacity(a.approval.len());
    for p in &a.approval {
        let approval = read_text(
            p,
            crate::envelope::request::MAX_APPROVAL_BYTES as u64,
            "approval",
        )?;
        let mut sig_path = p.clone().into_os_string();
        sig_path.push(".minisig");
        let sig_path = PathBuf::from(sig_path);
        let signature = read_text(
            &sig_path,
            crate::sig::MAX_SIGNATURE_BYTES as u64,
            "signature",
        )
        .with_context(|| format!("approval {} needs its signature beside it", p.display()))?;
        approvals.push(EmbeddedApproval {
            approval,
            signature,
        });
    }
    let lifetime = lifetime(&a.expires_in)?;
    let now = OffsetDateTime::now_utc();
    let request_id = a
        .request_id
        .clone()
        .unwrap_or_else(|| format!("req-{}", hex::encode(rand::random::<[u8; 8]>())));
    let body = RequestBody {
        text,
        requested_by: a.requested_by.clone(),
        change_ticket: a.ticket.clone(),
        requester_signature,
    };
    let doc = RequestDocument::new(
        &request_id,
        &a.station_id,
        a.sequence,
        now,
        now + lifetime,
        body,
        &plan,
    )
    .with_cost_estimate(cost)
    .with_approvals(approvals);
    let bytes = crate::envelope::bundle::seal(&doc, &signer, &recipient)?;
    if a.out.symlink_metadata().is_ok() {
        bail!(
            "{}: already exists; refusing to overwrite (choose another --out)",
            a.out.display()
        );
    }
    if let Some(p) = &a.save_request {
        write_new(p, &doc.to_bytes())?;
    }
    write_atomic(&a.out, &bytes, 0o644)?;
    println!(
        "sealed {} request_id={} sequence={} plan_sha256={} bundle_sha256={} ({} bytes)",
        a.out.display(),
        doc.request_id,
        doc.sequence,
        doc.plan_sha256,
        crate::envelope::bundle::bundle_sha256(&bytes),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `bundle seal --execution-report`: the state after apply, in a request's envelope.
fn seal_report(a: SealArgs) -> anyhow::Result<ExitCode> {
    let recipient = recipient(&a.station_recipient, &a.station_recipient_file)?;
    let signer =
        crate::home::keys::load_signing_key(&a.orchestrator_key, KeyPassword::Environment)?;
    let (Some(state_path), Some(request_id)) = (&a.state, &a.request_id) else {
        bail!("--execution-report needs --request-id ID and --state STATE.json");
    };
    let state = read_capped(state_path, MAX_PLAN_BYTES)?;
    // The station's parse, here: a plan or a non-state document is refused before sealing.
    let policy = crate::engine::PolicySet::default();
    crate::engine::execution::parse_state(&state, &policy.config)
        .map_err(|e| anyhow::anyhow!("{}: {e}", state_path.display()))?;
    let lifetime = lifetime(&a.expires_in)?;
    let now = OffsetDateTime::now_utc();
    let doc = crate::envelope::execution_report::ReportDocument::new(
        request_id,
        &a.station_id,
        a.sequence,
        now,
        now + lifetime,
        &state,
    );
    let bytes = crate::envelope::bundle::seal_report(&doc, &signer, &recipient)?;
    if a.out.symlink_metadata().is_ok() {
        bail!(
            "{}: already exists; refusing to overwrite (choose another --out)",
            a.out.display()
        );
    }
    write_atomic(&a.out, &bytes, 0o644)?;
    println!(
        "sealed execution report {} request_id={} sequence={} state_sha256={} bundle_sha256={} ({} bytes)",
        a.out.display(),
        doc.request_id,
        doc.sequence,
        doc.state_sha256,
        crate::envelope::bundle::bundle_sha256(&bytes),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn inspect(a: InspectArgs) -> anyhow::Result<ExitCode> {
    use crate::station::inspect::{inspect, Inspected, InspectedOverride};
    let freshness = |f: Result<(), crate::envelope::request::FreshnessError>| match f {
        Ok(()) => println!("freshness:          ok"),
        Err(e) => println!("freshness:          {e} [{}]", e.reason_code()),
    };
    match inspect(a.home.as_deref(), &a.bundle, OffsetDateTime::now_utc())? {
        Inspected::Request {
            opened,
            freshness: fresh,
        } => {
            let d = &opened.request.doc;
            println!("bundle_sha256:      {}", opened.bundle_sha256);
            println!(
                "signed by:          orchestrator key {}",
                opened.orchestrator_key_id
            );
            println!("request_id:         {}", d.request_id);
            println!("station_id:         {}", d.station_id);
            println!("sequence:           {}", d.sequence);
            println!("created/expires:    {} / {}", d.created_at, d.expires_at);
            println!("requested_by:       {}", d.request.requested_by);
            println!(
                "change_ticket:      {}",
                d.request.change_ticket.as_deref().unwrap_or("-")
            );
            println!(
                "plan_sha256:        {} ({} bytes)",
                d.plan_sha256,
                opened.request.plan_bytes.len()
            );
            println!("approvals:          {}", d.approvals.len());
            println!("request text:       {}", d.request.text.replace('\n', " "));
            freshness(fresh);
        }
        // A two-person override: what it overrules and who signed (not yet judged).
        Inspected::Override(o) => {
            let InspectedOverride {
                envelope,
                bundle: b,
                document,
                signature_key_ids,
                freshness: fresh,
            } = *o;
            println!("bundle_sha256:      {}", envelope.bundle_sha256);
            println!(
                "signed by:          orchestrator key {}",
                envelope.orchestrator_key_id
            );
            println!("kind:               two-person override");
            println!("station_id:         {}", b.doc.station_id);
            println!("sequence:           {}", b.doc.sequence);
            println!(
                "created/expires:    {} / {}",
                b.doc.created_at, b.doc.expires_at
            );
            println!(
                "original request:   {} by {}",
                b.original_request.doc.request_id,
                crate::display::sanitize(&b.original_request.doc.request.requested_by)
            );
            match document {
                Ok(d) => {
                    println!(
                        "overrules:          request {} verdict at ledger entry {} (plan sha256 {})",
                        d.request_id, d.verdict_ledger_index, d.plan_sha256
                    );
                    let f: Vec<String> = d.findings.iter().map(|f| f.id.clone()).collect();
                    println!("findings:           {}", f.join(", "));
                    println!("override expires:   {}", d.expires_at);
                }
                Err(e) => println!("override document:  invalid ({e}) [override_malformed]"),
            }
            println!("signature key ids:  {}", signature_key_ids.join(", "));
            freshness(fresh);
        }
        // An execution report: what `process` would check.
        Inspected::ExecutionReport {
            opened: r,
            freshness: fresh,
        } => {
            let d = &r.report.doc;
            println!("bundle_sha256:      {}", r.bundle_sha256);
            println!("kind:               execution report (state after apply)");
            println!(
                "signed by:          orchestrator key {}",
                r.orchestrator_key_id
            );
            println!("request_id:         {}", d.request_id);
            println!("station_id:         {}", d.station_id);
            println!("sequence:           {}", d.sequence);
            println!("created/expires:    {} / {}", d.created_at, d.expires_at);
            println!(
                "state_sha256:       {} ({} bytes)",
                d.state_sha256,
                r.report.state_bytes.len()
            );
            freshness(fresh);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h"), Some(time::Duration::hours(24)));
        assert_eq!(parse_duration("90s"), Some(time::Duration::seconds(90)));
        assert_eq!(parse_duration("7d"), Some(time::Duration::days(7)));
        for bad in ["", "h", "0s", "5", "5w", "-5m", "1.5h"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn costs() {
        let c = parse_cost("120:980.5", "USD").unwrap();
        assert_eq!((c.monthly_before, c.monthly_after), (120.0, 980.5));
        assert!(parse_cost("120", "USD").is_err());
        assert!(parse_cost("a:b", "USD").is_err());
        assert!(
            parse_cost("1:-2", "USD").is_err(),
            "a negative amount is refused"
        );
    }
}
