//! `airgap-audit process` and `watch`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ProcessArgs {}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {}

pub fn run(_args: ProcessArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'process' is not implemented yet")
}

pub fn run_watch(_args: WatchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'watch' is not implemented yet")
}
