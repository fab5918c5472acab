/*!
The command line's own documentation (issue 12, item 8): every command's `--help` has an example
on a line of its own (not reflowed into a paragraph, where a shell continuation `\` breaks it),
every argument has help text, the clap definitions are consistent, and the man page and shell
completions are generated from the same definitions. `--version` names the commit and whether the
model stage is built in; colour honours the terminal check and `NO_COLOR`.
*/
use std::process::Command;

use airgap_audit::cli::Cli;
use clap::CommandFactory;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

/// Every command and subcommand, with its full name (`airgap-audit ledger prove`).
fn all_commands() -> Vec<(String, clap::Command)> {
    let mut out = Vec::new();
    let mut stack = vec![("airgap-audit".to_string(), Cli::command())];
    while let Some((name, cmd)) = stack.pop() {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            stack.push((format!("{name} {}", sub.get_name()), sub.clone()));
        }
        out.push((name, cmd));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn clap_definitions_are_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_argument_has_help_text() {
    let mut missing = Vec::new();
    for (name, cmd) in all_commands() {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{name} {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "arguments without help: {missing:?}");
}

#[test]
fn every_help_has_an_example_on_its_own_line() {
    let mut without = Vec::new();
    let mut broken = Vec::new();
    for (name, mut cmd) in all_commands() {
        if cmd.has_subcommands() && name != "airgap-audit" {
            // A group's page lists its commands; each command's own page has the examples.
            continue;
        }
        let help = cmd.render_long_help().to_string();
        let has_example = help.lines().any(|l| {
            let t = l.trim_start();
            l.len() > t.len() && (t.starts_with("airgap-audit ") || t.contains("| airgap-audit "))
        });
        if !has_example || !help.contains("Example") {
            without.push(name.clone());
        }
        if help.lines().any(|l| l.contains("\\ -")) {
            broken.push(name);
        }
    }
    assert!(
        without.is_empty(),
        "--help without an example line: {without:#?}"
    );
    assert!(
        broken.is_empty(),
        "--help with a reflowed example: {broken:#?}"
    );
}

#[test]
fn version_names_the_commit_and_the_model_stage() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    let v = String::from_utf8(out.stdout).unwrap();
    assert!(
        v.starts_with(&format!(
            "airgap-audit {} (commit ",
            env!("CARGO_PKG_VERSION")
        )),
        "{v}"
    );
    let commit = v
        .split("(commit ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{v}"
    );
    let built_in = cfg!(feature = "llm");
    assert_eq!(v.contains("model stage: built in"), built_in, "{v}");
    assert_eq!(v.contains("model stage: not built in"), !built_in, "{v}");
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    let run = |args: &[&str]| Command::new(BIN).args(args).output().unwrap();
    let bash = run(&["completions", "bash"]);
    assert!(bash.status.success());
    let text = String::from_utf8(bash.stdout).unwrap();
    // Every command and a recent option are completed.
    for word in [
        "verify-verdict",
        "checkpoints",
        "--sarif-base",
        "--namespace",
    ] {
        assert!(text.contains(word), "bash completion lacks {word}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success() && !o.stdout.is_empty(), "{shell}");
    }
    let o = run(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bash"),
        "allowed values listed"
    );

    let man = run(&["man"]);
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH airgap-audit"),
        "{page}"
    );
    assert!(page.contains(".TH airgap-audit 1"), "{page}");
    let check = String::from_utf8(run(&["man", "check"]).stdout).unwrap();
    assert!(check.contains("sarif\\-base"), "{check}");
    let o = run(&["man", "nosuch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("verify-verdict"));
}

/// Runs `airgap-audit ARGS` on a pseudo-terminal (util-linux `script`), returning what the
/// terminal showed; `None` (with a SKIP line) when `script` is missing.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIP: util-linux `script` is not installed");
        return None;
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Some(String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned())
}

/// Colour only on a terminal, never with NO_COLOR set, never in logs (they are read as text).
#[test]
fn colour_follows_the_terminal_check_and_no_color() {
    let Some(coloured) = on_a_terminal("check --bogus", &[]) else {
        return;
    };
    assert!(
        coloured.contains('\u{1b}'),
        "a terminal gets colour: {coloured:?}"
    );
    let plain = on_a_terminal("check --bogus", &[("NO_COLOR", "1")]).unwrap();
    assert!(
        plain.contains("error:") && !plain.contains('\u{1b}'),
        "{plain:?}"
    );
    let piped = Command::new(BIN)
        .args(["check", "--bogus"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\u{1b}'));
    let logs = on_a_terminal(
        "eval examples/scenarios --no-llm",
        &[("AIRGAP_AUDIT_LOG", "debug")],
    )
    .unwrap();
    assert!(!logs.contains('\u{1b}'), "log lines carry no colour codes");
}

/// Every enumerated option refuses a value outside its list, and the error names the allowed
/// values (issue 12: `ledger list --decision vetoed` used to say "no entries match", exit 0).
#[test]
fn every_enumerated_option_refuses_other_values_and_lists_the_allowed_ones() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (name, cmd) in all_commands() {
        let path: Vec<&str> = name.split(' ').collect();
        for arg in cmd.get_arguments() {
            let allowed: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if allowed.is_empty() || !arg.get_action().takes_values() {
                continue;
            }
            let mut argv: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            match arg.get_long() {
                Some(long) => argv.push(format!("--{long}")),
                None if arg.is_positional() => {}
                None => continue,
            }
            argv.push("bogus-value".to_string());
            checked += 1;
            match Cli::command().try_get_matches_from(&argv) {
                Ok(_) => wrong.push(format!("{argv:?} accepted")),
                Err(e) => {
                    let text = e.to_string();
                    let lists_all = allowed.iter().all(|v| text.contains(v.as_str()));
                    if e.kind() != clap::error::ErrorKind::InvalidValue || !lists_all {
                        wrong.push(format!("{argv:?}: {text}"));
                    }
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} enumerated options found");
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Options parsed by the library's own types list their values too.
    for (argv, values) in [
        (
            vec!["ledger", "list", "--decision", "vetoed"],
            &["approve", "escalate", "veto"][..],
        ),
        (
            vec!["ledger", "list", "--kind", "verdicts"],
            &["verdict", "rejection"][..],
        ),
        (
            vec!["trust", "list", "--role", "admin"],
            &["orchestrator", "finance"][..],
        ),
    ] {
        let out = Command::new(BIN).args(&argv).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{argv:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(values.iter().all(|v| err.contains(v)), "{argv:?}: {err}");
    }
}
