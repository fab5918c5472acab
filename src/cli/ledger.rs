//! `airgap-audit ledger`. STUB: the owning helper replaces this file.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct LedgerArgs {}

pub fn run(_args: LedgerArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'ledger' is not implemented yet")
}
