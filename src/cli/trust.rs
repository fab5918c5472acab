//! `airgap-audit trust`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TrustArgs {}

pub fn run(_args: TrustArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'trust' is not implemented yet")
}
