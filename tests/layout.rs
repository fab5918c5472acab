//! The layout's rules (docs/ARCHITECTURE.md "Module map"), checked on the source as it is: no
//! import loop among the top-level modules of `src/` nor inside a folder module, and no module
//! uses one that comes after it in the documented dependency order.

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

/// Every folder module of `src/`, read from the disk so a new one (or one that was once exempt,
/// like `engine`) cannot be left out.
fn folder_modules() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("src"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    out.sort();
    out
}

#[test]
fn no_import_loop_inside_a_folder_module() {
    let folders = folder_modules();
    assert!(folders.iter().any(|f| f == "engine"), "{folders:?}");
    for folder in &folders {
        let (out, ok) = import_loops(Some(folder));
        assert!(ok && out.contains("no import loops"), "{folder}: {out}");
    }
}

/// Each module's uses, as `scripts/import_loops.py` lists them (`-` for none).
fn uses_of(out: &str) -> Vec<(String, Vec<String>)> {
    out.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(": "))
        .map(|(m, rest)| {
            let uses = rest
                .split_whitespace()
                .filter(|u| *u != "-")
                .map(str::to_string)
                .collect();
            (m.to_string(), uses)
        })
        .collect()
}

/// docs/ARCHITECTURE.md's dependency order holds: every top-level module is in it, and each uses
/// only modules before it. The order is read from the document, so it cannot go stale.
#[test]
fn no_module_uses_one_after_it_in_the_documented_order() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("Dependency rule:")
        .expect("a Dependency rule paragraph");
    let end = start
        + doc[start..]
            .find("which nothing uses")
            .expect("ends at `cli`");
    let order: Vec<&str> = doc[start..end].split('`').skip(1).step_by(2).collect();
    let (out, _) = import_loops(None);
    let modules = uses_of(&out);
    assert!(modules.len() >= 10, "{out}");
    let place = |m: &str| order.iter().position(|o| *o == m);
    for (module, uses) in &modules {
        let at = place(module).unwrap_or_else(|| panic!("{module} is not in the documented order"));
        for u in uses {
            let used = place(u).unwrap_or_else(|| panic!("{u} is not in the documented order"));
            assert!(used < at, "{module} uses {u}, which comes after it");
        }
    }
    let uses = |m: &str| modules.iter().find(|(n, _)| n == m).map(|(_, u)| u.clone());
    assert_eq!(uses("engine"), Some(vec![]), "the engine uses nothing else");
}
