/*!
`airgap-audit completions SHELL` and `airgap-audit man`: shell completions and the man page,
generated from the same clap definitions as `--help` (clap_complete, clap_mangen), so the three
never disagree.
*/
use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

/// Print shell completions for airgap-audit.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  airgap-audit completions bash > /etc/bash_completion.d/airgap-audit
  airgap-audit completions zsh > \"${fpath[1]}/_airgap-audit\"
  airgap-audit completions fish > ~/.config/fish/completions/airgap-audit.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff) of airgap-audit or of one of its commands.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  airgap-audit man > /usr/local/share/man/man1/airgap-audit.1
  airgap-audit man check | man -l -")]
pub struct ManArgs {
    /// A command (e.g. `check`, `ledger`); default: the top-level page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "airgap-audit", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: ManArgs) -> anyhow::Result<ExitCode> {
    let root = super::Cli::command();
    let page = match &args.command {
        None => root,
        Some(name) => {
            let names: Vec<String> = root
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                anyhow::anyhow!("no command {name:?}; one of: {}", names.join(", "))
            })?;
            sub.display_name(format!("airgap-audit-{name}"))
                .bin_name(format!("airgap-audit {name}"))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    std::io::stdout().lock().write_all(&buf)?;
    Ok(ExitCode::SUCCESS)
}
