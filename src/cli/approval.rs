//! `airgap-audit approval`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ApprovalArgs {}

pub fn run(_args: ApprovalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'approval' is not implemented yet")
}
