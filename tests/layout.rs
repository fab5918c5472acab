//! The layout's rules (docs/ARCHITECTURE.md "Module map"), checked on the source as it is: no
//! import loop among the top-level modules of `src/` nor inside a folder module, and the engine
//! and the shared leaves use nothing above them.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `scripts/import_loops.py [FOLDER]`: its stdout, and whether it found no loop.
fn import_loops(folder: Option<&str>) -> (String, bool) {
    let mut cmd = Command::new("python3");
    cmd.arg(Path::new(ROOT).join("scripts/import_loops.py"));
    if let Some(f) = folder {
        cmd.arg(f);
    }
    let out = cmd.output().expect("python3 runs scripts/import_loops.py");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.success(),
    )
}

#[test]
fn no_import_loop_among_top_level_modules() {
    let (out, ok) = import_loops(None);
    assert!(ok && out.contains("no import loops"), "{out}");
}

#[test]
fn no_import_loop_inside_a_folder_module() {
    // `engine` keeps one loop, the lead's to break (docs/ARCHITECTURE.md names it).
    for folder in [
        "cli", "envelope", "eval", "health", "home", "ledger", "llm", "report", "sig", "station",
        "stick", "verdict",
    ] {
        let (out, ok) = import_loops(Some(folder));
        assert!(ok, "{folder}: {out}");
    }
}

#[test]
fn engine_and_shared_leaves_use_nothing_above_them() {
    let (out, _) = import_loops(None);
    let uses = |module: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{module}: ")))
            .unwrap_or_else(|| panic!("{module} is not listed:\n{out}"));
        line.split_once(": ")
            .map(|(_, rest)| rest.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default()
    };
    for leaf in ["engine", "fault", "fsx", "display", "canonical"] {
        assert_eq!(
            uses(leaf),
            ["-"],
            "{leaf} must use no other module of the crate"
        );
    }
    assert_eq!(uses("sig"), ["canonical"]);
    assert_eq!(uses("llm"), ["engine"]);
    assert_eq!(uses("eval"), ["engine", "report"]);
}
