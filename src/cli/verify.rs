//! `airgap-audit verify`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct VerifyVerdictArgs {}

pub fn run(_args: VerifyVerdictArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'verify' is not implemented yet")
}
