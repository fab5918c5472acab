//! `airgap-audit bundle`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BundleArgs {}

pub fn run(_args: BundleArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'bundle' is not implemented yet")
}
