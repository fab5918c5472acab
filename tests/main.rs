/*!
The one integration-test root (`[[test]] name = "all"` in Cargo.toml, `autotests = false`): every
file `tests/NAME.rs` is the module `NAME` here, so `cargo test` links one test binary instead of
one per file (each linked the whole library and its dependencies again: minutes of linking and
gigabytes of `target/`).

Run one file's tests with a module filter (a filter is a substring of `module::test_name`):
`cargo test --no-default-features --test all station_crash::`.

A new test file is declared below; `every_test_file_is_a_module_of_the_test_root` fails until it is.
*/

// Helpers shared by several test modules; each is compiled once, so a `OnceLock` in it (the
// pinned binary of `common::bin`) is one per test process.
mod common;
mod support_plan;
mod support_verdict;

mod approval;
mod cli_check;
mod cli_eval;
mod cli_help;
mod cli_init_trust;
mod cli_verify_verdict;
mod corpus_metamorphic;
mod docs;
mod engine_corpus;
mod envelope;
mod fuzz_parsers;
mod intent_scenarios;
mod interop_cli;
mod layout;
mod ledger;
mod ledger_merkle;
// The model tests need llama.cpp; the cloud-side build (`--no-default-features`) runs the rest.
#[cfg(feature = "llm")]
mod llm_model;
mod outbox_spec;
mod output_formats;
mod plan_hostile;
mod redaction_corpus;
mod rego;
mod station_bad_input;
mod station_crash;
mod station_e2e;
mod station_execution;
mod station_hardening;
mod station_health;
mod station_override;
mod station_progress;
mod vectors;
mod verdict;
mod verdict_text;

/// With `autotests = false` cargo no longer finds test files by itself: a `tests/*.rs` file that
/// is not declared here would never be compiled, and its tests would silently never run.
#[test]
fn every_test_file_is_a_module_of_the_test_root() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let root = std::fs::read_to_string(tests.join("main.rs")).unwrap();
    let declared: std::collections::BTreeSet<&str> = root
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "main") {
            files.push(module.to_string());
        }
    }
    assert!(files.len() >= 30, "only {} test files found", files.len());
    let undeclared: Vec<&String> = files
        .iter()
        .filter(|m| !declared.contains(m.as_str()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "test files not declared as modules in tests/main.rs (they would never run): {undeclared:?}"
    );
}
