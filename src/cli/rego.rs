/*!
`airgap-audit rego test DIR...`: run the Rego unit tests of a policy folder, as `conftest verify`
(and `opa test`) do: every rule named `test_*` in any package of the folder's `*.rego` files
must be `true`. Policy authors run it before they hand a folder to `check --rego` or a station.

Prints one line per failing test and `N passed, N failed` last. Exit 0 when every test passes
(and at least one exists), 1 when one fails or there are none, 2 when a module does not compile
or a folder cannot be read. Running the tests is [`crate::engine::rego::run_tests`].
*/
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Policy authoring: run Rego unit tests.
#[derive(Debug, clap::Args)]
pub struct RegoArgs {
    #[command(subcommand)]
    pub command: RegoCommand,
}

#[derive(Debug, Subcommand)]
pub enum RegoCommand {
    /// Run the `test_*` rules of the policies in DIR (like `conftest verify`).
    #[command(
        after_help = "Exit status: 0 every test passed; 1 a test failed or none was found; 2 a module does not compile or DIR cannot be read.

Examples:
  airgap-audit rego test policy/
  airgap-audit rego test policy/ shared-policy/"
    )]
    Test {
        /// Folders of `*.rego` files (policies and their `*_test.rego` tests; not recursive).
        #[arg(value_name = "DIR", required = true)]
        dirs: Vec<PathBuf>,
    },
}

pub fn run(args: RegoArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        RegoCommand::Test { dirs } => test(&dirs),
    }
}

fn test(dirs: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut modules = Vec::new();
    for dir in dirs {
        for r in crate::home::policy_file::read_rego_dir(dir, dir)? {
            modules.push((r.path, r.text));
        }
    }
    if modules.is_empty() {
        anyhow::bail!("no *.rego files in {}; pass the policy folder", show(dirs));
    }
    let outcomes = crate::engine::rego::run_tests(&modules).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut failed = 0;
    for o in &outcomes {
        match &o.failure {
            None => println!("PASS {}", o.name),
            Some(why) => {
                failed += 1;
                println!(
                    "FAIL {}: {}",
                    crate::display::sanitize(&o.name),
                    crate::display::sanitize(why)
                );
            }
        }
    }
    if outcomes.is_empty() {
        eprintln!(
            "airgap-audit: no test_ rules in {}; write tests as `test_name if {{ ... }}` in a *_test.rego file",
            show(dirs)
        );
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    Ok(if failed == 0 && !outcomes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn show(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
