/*!
`airgap-audit init --home DIR`: create a station ([`crate::home::setup`]) and print what the
cloud side needs.
*/
use std::path::PathBuf;
use std::process::ExitCode;

use crate::home::setup::create;
use crate::home::StationHome;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  airgap-audit init --home /var/lib/airgap-audit")]
pub struct InitArgs {
    /// Station home to create (default: $AIRGAP_AUDIT_HOME); it must not exist, or be empty.
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// Station id (default: a fresh random `st-` id).
    #[arg(long, value_name = "ID")]
    pub station_id: Option<String>,
}

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let home = StationHome::resolve(args.home.as_deref())?;
    let c = create(&home, args.station_id)?;
    let root = home.root().display();
    println!("Created station {} in {root}", c.station_id);
    println!();
    println!("Give the cloud side (bundle seal, verify-verdict) these:");
    println!("  station id:              {}", c.station_id);
    println!("  age recipient:           {}", c.age_recipient);
    println!(
        "  verdict public key:      {} (key id {}, file {root}/keys/verdict.pub)",
        c.verdict_pub.lines().nth(1).unwrap_or_default(),
        c.verdict_key_id
    );
    println!("  checkpoint verifier key: {}", c.checkpoint_verifier);
    println!();
    println!("Next: trust the orchestrator's minisign key:");
    println!("  airgap-audit trust add --home {root} --role orchestrator ORCHESTRATOR.pub");
    Ok(ExitCode::SUCCESS)
}
