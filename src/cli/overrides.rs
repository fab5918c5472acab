/*!
`airgap-audit override create|sign`: the approvers' side of a two-person override.

`create` reads the verdict to overrule (checked with the station key), and writes the override
document ([`crate::verdict::override_doc::OverrideDocument`], canonical JSON) bound to its request id,
plan SHA-256 and ledger index, naming its blocking findings. `sign` shows what a document says
and signs its exact bytes with the approver's key ([`crate::sig::minisig::sign`], as `approval sign`
does), so `minisign -S -m override.json` signs the same bytes equally well. The orchestrator then
carries the document and every signature to the station with `bundle seal-override`.
*/
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::verdict::override_doc::{OverrideDocument, Reasons, MAX_OVERRIDE_BYTES};
use crate::verdict::OverruledFinding;

#[derive(Debug, clap::Args)]
pub struct OverrideArgs {
    #[command(subcommand)]
    pub command: OverrideCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum OverrideCommand {
    /// Write an override document for a vetoed or escalated verdict (signed next with 'override sign').
    #[command(
        after_help = "Example:\n  airgap-audit override create --verdict R-42.verdict.json --station-key verdict.pub \\\n    --justification '...' --business-impact '...' --alternatives '...' --risk-accepted '...' \\\n    --expires-in 2d --out R-42.override.json\nNames every blocking finding of the verdict unless --overrule is given."
    )]
    Create(CreateArgs),
    /// Sign an override document with your own key (each approver signs the same file).
    #[command(
        after_help = "Example:\n  airgap-audit override sign --key alice.key R-42.override.json\nwrites R-42.override.json.<KEYID>.minisig; give it to the orchestrator."
    )]
    Sign(SignArgs),
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The verdict to overrule (`<request_id>.verdict.json` from the station's outbox).
    #[arg(long, value_name = "VERDICT")]
    pub verdict: PathBuf,
    /// The station's verdict public key (keys/verdict.pub), to check the verdict first.
    #[arg(long, value_name = "PUB")]
    pub station_key: String,
    /// A finding to overrule, as ID or ID@RESOURCE_ADDRESS. Repeatable. Default: every
    /// blocking finding of the verdict (the station requires exactly those).
    #[arg(long, value_name = "ID[@ADDRESS]")]
    pub overrule: Vec<String>,
    /// Why the plan must be applied despite the verdict.
    #[arg(long, value_name = "TEXT")]
    pub justification: String,
    /// What happens to the business if it is not applied.
    #[arg(long, value_name = "TEXT")]
    pub business_impact: String,
    /// Which other ways were considered, and why they were not taken.
    #[arg(long = "alternatives", value_name = "TEXT")]
    pub alternatives_considered: String,
    /// The risk the signers accept.
    #[arg(long, value_name = "TEXT")]
    pub risk_accepted: String,
    /// How long the override stays valid: a number with s, m, h or d (at most 7d).
    #[arg(long, value_name = "DUR", default_value = "2d")]
    pub expires_in: String,
    /// Output file (refuses to overwrite).
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// Your minisign secret key (trusted by the station with an identity and an approver role).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// Signature file (default: DOCUMENT.<KEYID>.minisig).
    #[arg(long, value_name = "FILE.minisig")]
    pub out: Option<PathBuf>,
    /// The override document made by 'override create'.
    #[arg(value_name = "DOCUMENT")]
    pub document: PathBuf,
}

pub fn run(args: OverrideArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        OverrideCommand::Create(a) => create(a),
        OverrideCommand::Sign(a) => sign(a),
    }
}

fn create(a: CreateArgs) -> anyhow::Result<ExitCode> {
    let key = super::verify::load_station_key(&a.station_key)?;
    let json = crate::fsx::read_capped(&a.verdict, crate::verdict::MAX_VERDICT_BYTES as u64)?;
    let mut sig_path = a.verdict.clone().into_os_string();
    sig_path.push(".minisig");
    let sig = crate::fsx::read_capped(
        &PathBuf::from(sig_path),
        crate::sig::MAX_SIGNATURE_BYTES as u64,
    )?;
    let v = crate::verdict::verify_signed(&json, &sig, &key)
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.verdict.display()))?;
    if v.core.decision == crate::engine::Decision::Approve {
        anyhow::bail!(
            "{}: the verdict already approves; there is nothing to overrule",
            a.verdict.display()
        );
    }
    let findings: Vec<OverruledFinding> = if a.overrule.is_empty() {
        crate::verdict::override_doc::blocking_findings(&v.core)
            .into_iter()
            .map(|f| OverruledFinding {
                id: f.id.clone(),
                resource: f.resource.clone(),
            })
            .collect()
    } else {
        a.overrule
            .iter()
            .map(|s| match s.split_once('@') {
                Some((id, addr)) => OverruledFinding {
                    id: id.to_string(),
                    resource: Some(addr.to_string()),
                },
                None => OverruledFinding {
                    id: s.clone(),
                    resource: None,
                },
            })
            .collect()
    };
    let ttl = super::approval::parse_duration(&a.expires_in).map_err(anyhow::Error::msg)?;
    let now = time::OffsetDateTime::now_utc();
    let doc = OverrideDocument::new(
        &v.core.station_id,
        &v.core.request_id,
        &v.core.hashes.plan_sha256,
        v.ledger.index,
        Reasons {
            justification: &a.justification,
            business_impact: &a.business_impact,
            alternatives_considered: &a.alternatives_considered,
            risk_accepted: &a.risk_accepted,
        },
        findings,
        now,
        now + time::Duration::seconds(i64::try_from(ttl).unwrap_or(i64::MAX)),
    )
    .map_err(|e| anyhow::anyhow!("{e}; fix the argument"))?;
    if a.out.symlink_metadata().is_ok() {
        anyhow::bail!(
            "{}: already exists; refusing to overwrite (choose another --out)",
            a.out.display()
        );
    }
    crate::fsx::write_atomic(&a.out, &doc.to_bytes(), 0o644)?;
    println!(
        "wrote {}: override of request {} (verdict {} in ledger entry {}), {} finding{}, valid until {}; each approver now runs 'airgap-audit override sign --key KEY {}'",
        a.out.display(),
        doc.request_id,
        v.core.decision,
        doc.verdict_ledger_index,
        doc.findings.len(),
        if doc.findings.len() == 1 { "" } else { "s" },
        doc.expires_at,
        a.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn sign(a: SignArgs) -> anyhow::Result<ExitCode> {
    let bytes = crate::fsx::read_capped(&a.document, MAX_OVERRIDE_BYTES as u64)?;
    let doc = OverrideDocument::parse(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.document.display()))?;
    let key =
        crate::home::keys::load_signing_key(&a.key, crate::home::keys::KeyPassword::Terminal)?;
    let key_id = key.key_id().to_string();
    let sig = crate::sig::minisig::sign(
        key.secret(),
        &bytes,
        &doc.trusted_comment(),
        "airgap-audit override signature",
    )
    .map_err(|e| anyhow::anyhow!("cannot sign: {e}"))?;
    let out = a.out.clone().unwrap_or_else(|| {
        let mut p = a.document.clone().into_os_string();
        p.push(format!(".{key_id}.minisig"));
        PathBuf::from(p)
    });
    if out.symlink_metadata().is_ok() {
        anyhow::bail!("{}: already exists; refusing to overwrite", out.display());
    }
    crate::fsx::write_atomic(&out, sig.as_bytes(), 0o644)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let findings: Vec<String> = doc
        .findings
        .iter()
        .map(|f| match &f.resource {
            Some(r) => format!("{}@{}", f.id, crate::display::sanitize(r)),
            None => f.id.clone(),
        })
        .collect();
    println!(
        "signed with key {key_id}: override of request {} (plan sha256 {}, verdict ledger entry {}) overruling {}; valid until {}; wrote {}",
        doc.request_id,
        doc.plan_sha256,
        doc.verdict_ledger_index,
        findings.join(", "),
        doc.expires_at,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
