//! `airgap-audit model`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ModelArgs {}

pub fn run(_args: ModelArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'model' is not implemented yet")
}
