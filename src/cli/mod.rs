/*!
The command-line layer: parse arguments, dispatch to one file per command group, print a fatal error
once as a single `airgap-audit: ...` line, and map it to exit code 2.

Each command file owns its `*Args` struct (clap derive) and a `run(args) -> anyhow::Result<ExitCode>`.
No judging, crypto or storage logic lives here; commands call the library modules.
*/
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod approval;
pub mod bundle;
pub mod check;
pub mod eval;
pub mod init;
pub mod ledger;
pub mod model;
pub mod overrides;
pub mod process;
pub mod rego;
pub mod shell;
pub mod status;
pub mod trust;
pub mod verify;

/// `90s`, `15m`, `72h`, `7d` (blanks around it ignored) → seconds; `None` unless it is a whole
/// number followed by one of those units and fits. The one reader of the `--expires-in` options;
/// each command says which range it takes.
pub(crate) fn duration_secs(s: &str) -> Option<i64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().ok()?;
    match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => None,
    }
}

/// `--version`: the package version, the commit it was built from (build.rs) and whether the
/// local model stage is in this build.
#[cfg(feature = "llm")]
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("AIRGAP_AUDIT_COMMIT"),
    "; model stage: built in)"
);
#[cfg(not(feature = "llm"))]
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("AIRGAP_AUDIT_COMMIT"),
    "; model stage: not built in, a build without the `llm` feature)"
);

/// Independent air-gapped auditor for AI-proposed Terraform plans.
#[derive(Debug, Parser)]
#[command(
    name = "airgap-audit",
    version = VERSION,
    about,
    long_about = None,
    after_help = "Station commands find the station through --home DIR or AIRGAP_AUDIT_HOME. Logs go to stderr, filtered by AIRGAP_AUDIT_LOG (default warn); colour follows the terminal check and NO_COLOR.

Examples:
  airgap-audit check --request \"Add a queue\" --plan plan.json
  airgap-audit process /media/usb --home /var/lib/airgap-audit
  airgap-audit verify-verdict --station-key verdict.pub --plan plan.json R-42.verdict.json
  airgap-audit completions bash > /etc/bash_completion.d/airgap-audit"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process; boxing the bundle arguments would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit plans against a request (no station, no keys). Exit: 0 approve, 1 escalate, 3 veto, 2 error.
    Check(check::CheckArgs),
    /// Run every scenario file in a directory and report accuracy. Exit 0 only if all pass.
    Eval(eval::EvalArgs),
    /// Create a new station: keys, station id, default policy, empty trust store and ledger.
    Init(init::InitArgs),
    /// Manage the station's trusted public keys (every change is a ledger entry).
    Trust(trust::TrustArgs),
    /// Cloud side: seal a signed, encrypted request bundle for a station.
    Bundle(bundle::BundleArgs),
    /// Approver side: sign an approval bound to a plan's SHA-256.
    Approval(approval::ApprovalArgs),
    /// Approver side: write and sign a two-person override of a veto or escalation.
    #[command(name = "override")]
    Override(overrides::OverrideArgs),
    /// Process every bundle in MOUNT/inbox; write verdicts to MOUNT/outbox.
    #[command(long_about = process::PROCESS_LONG_ABOUT)]
    Process(process::ProcessArgs),
    /// Wait for USB sticks under a mount root and process each one.
    #[command(long_about = process::WATCH_LONG_ABOUT)]
    Watch(process::WatchArgs),
    /// Cloud side: exit 0 only for a valid, unexpired approval of exactly this plan.
    VerifyVerdict(verify::VerifyVerdictArgs),
    /// Cloud side: check a station's execution check after apply. Exit 0 MATCH, 1 DEVIATION or not authentic, 2 error.
    VerifyExecution(verify::VerifyExecutionArgs),
    /// Inspect, verify and export the tamper-evident ledger.
    Ledger(ledger::LedgerArgs),
    /// Install and inspect the local GGUF model.
    Model(model::ModelArgs),
    /// Show the station's health. Exit: 0 healthy, 1 unhealthy, 2 usage error.
    #[command(long_about = status::LONG_ABOUT)]
    Status(status::StatusArgs),
    /// Policy authoring: run the Rego unit tests of a policy folder (like `conftest verify`).
    Rego(rego::RegoArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), of airgap-audit or of one command.
    Man(shell::ManArgs),
}

/// `--format` of the commands that print either a report for people or one JSON document for
/// programs (each document's `format` tag and schema: [`crate::report::formats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// Lines for people.
    Text,
    /// One JSON document with a `format` field naming its schema (docs/schemas/).
    Json,
}

/// Parses `std::env::args_os()`, runs the command, prints a fatal error as one line.
pub fn run() -> ExitCode {
    restore_default_sigpipe();
    init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout with exit 0, usage errors to stderr with exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Init(a) => init::run(a),
        Command::Trust(a) => trust::run(a),
        Command::Bundle(a) => bundle::run(a),
        Command::Approval(a) => approval::run(a),
        Command::Override(a) => overrides::run(a),
        Command::Process(a) => process::run(a),
        Command::Watch(a) => process::run_watch(a),
        Command::VerifyVerdict(a) => verify::run(a),
        Command::VerifyExecution(a) => verify::run_execution(a),
        Command::Ledger(a) => ledger::run(a),
        Command::Model(a) => model::run(a),
        Command::Status(a) => status::run(a),
        Command::Rego(a) => rego::run(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // One line: the whole context chain, outermost first.
            // Sanitised: the chain can quote file names, paths and values from a stick.
            eprintln!(
                "airgap-audit: {}",
                crate::display::sanitize(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so `println!` to a closed pipe (`airgap-audit eval DIR | head`) panics.
/// A command-line tool should end quietly instead, as `cat` does: restore the default action.
#[allow(unsafe_code)] // each `unsafe` below carries its SAFETY reason
fn restore_default_sigpipe() {
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Logs go to stderr, filtered by `AIRGAP_AUDIT_LOG` (default `warn`). llama.cpp's own log is
/// routed here at debug level, so it stays off the terminal unless asked for. Every log line goes
/// through the one sanitiser ([`crate::display`]): logged values can come from a stick.
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("AIRGAP_AUDIT_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| crate::display::SanitizingWriter(std::io::stderr()))
        // No colour codes: the writer replaces escape characters, and a log is read as text.
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_a_whole_number_and_one_unit() {
        assert_eq!(duration_secs("90s"), Some(90));
        assert_eq!(duration_secs("15m"), Some(900));
        assert_eq!(duration_secs(" 72h "), Some(259_200));
        assert_eq!(duration_secs("7d"), Some(604_800));
        assert_eq!(duration_secs("0h"), Some(0));
        for bad in [
            "",
            "d",
            "7",
            "7w",
            "-1d",
            "+1d",
            "1.5h",
            "5 h",
            "99999999999999999999d",
            "999999999999999999d",
        ] {
            assert_eq!(duration_secs(bad), None, "{bad}");
        }
    }
}
