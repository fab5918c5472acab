/*!
The repository stands on its own and its documentation says what the code does:
- every relative link in its Markdown files resolves to a file inside the repository (a clone
  with nothing beside it has no broken links);
- nothing but the optional-corpus helper of the tests reads `../shared`;
- `docs/ARCHITECTURE.md` names every top-level module of `src/` and gives each finding id the
  default disposition the engine really applies;
- every third-party plan in `examples/tfplans` is attributed, byte for byte as recorded.
*/
use std::path::{Component, Path, PathBuf};

use airgap_audit::engine::findings::default_disposition;
use airgap_audit::engine::findings::known_ids;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Files under `dir` (relative to the repository) with one of `extensions`, skipping build
/// output, VCS data and hidden folders; symlinks are not followed.
fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(ROOT).join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            let hidden = name.starts_with('.');
            let build_output = d == Path::new(ROOT) && name == "target";
            if kind.is_dir() {
                if !hidden && !build_output {
                    stack.push(path);
                }
            } else if kind.is_file()
                && extensions
                    .iter()
                    .any(|e| path.extension().is_some_and(|x| x == *e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `base/rel` with `.` and `..` resolved lexically (the target may not exist).
fn resolve(base: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The targets of the inline links `[text](target)` of a Markdown text.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(|c: char| c == ')' || c.is_whitespace()) {
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn markdown_links_resolve_inside_the_repository() {
    let root = Path::new(ROOT);
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in files(".", &["md"]) {
        let text = std::fs::read_to_string(&file).unwrap();
        for target in link_targets(&text) {
            let is_url = target.split_once(':').is_some_and(|(scheme, _)| {
                !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic())
            });
            let path = target.split('#').next().unwrap_or_default();
            if is_url || path.is_empty() {
                continue;
            }
            checked += 1;
            let resolved = resolve(file.parent().unwrap(), path);
            if !resolved.starts_with(root) || !resolved.exists() {
                broken.push(format!(
                    "{}: {target}",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(checked >= 20, "only {checked} links found");
    assert!(
        broken.is_empty(),
        "links that leave the repository or point nowhere:\n{}",
        broken.join("\n")
    );
}

#[test]
fn only_the_optional_corpus_helper_reads_the_shared_folder() {
    let mut readers = Vec::new();
    for dir in ["src", "tests", "benches", "scripts"] {
        for file in files(dir, &["rs", "sh"]) {
            let text = std::fs::read_to_string(&file).unwrap();
            if text.contains("../shared") && !file.ends_with(file!()) {
                readers.push(file.strip_prefix(ROOT).unwrap().display().to_string());
            }
        }
    }
    // tests/common/mod.rs (`shared_corpus`) skips with a message when the folder is absent.
    assert_eq!(readers, ["tests/common/mod.rs"], "read examples/ instead");
}

#[test]
fn architecture_names_every_top_level_module() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .collect();
    assert!(modules.len() >= 5, "{modules:?}");
    let map = &doc[doc.find("## Module map").expect("a Module map section")..];
    let missing: Vec<&&str> = modules
        .iter()
        .filter(|m| !map.contains(&format!("`{m}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ARCHITECTURE.md's module map lacks {missing:?}"
    );
}

/// The third-party plans are redistributed unmodified under their origins' licences: each one has
/// its SHA-256 in `examples/tfplans/ATTRIBUTION.md`, and only the plans this project made itself
/// (`local__*`) are absent from that list.
#[test]
fn third_party_plans_are_attributed_and_unmodified() {
    use sha2::Digest as _;
    let dir = Path::new(ROOT).join("examples/tfplans");
    let attribution = std::fs::read_to_string(dir.join("ATTRIBUTION.md")).unwrap();
    let recorded: std::collections::BTreeMap<&str, &str> = attribution
        .lines()
        .filter_map(|l| l.split_once("  "))
        .filter(|(digest, name)| digest.len() == 64 && name.ends_with(".json"))
        .map(|(digest, name)| (name, digest))
        .collect();
    assert!(recorded.len() >= 40, "{} digests recorded", recorded.len());
    let mut seen = 0;
    for plan in files("examples/tfplans", &["json"]) {
        let name = plan.file_name().unwrap().to_str().unwrap().to_string();
        let digest = hex::encode(sha2::Sha256::digest(std::fs::read(&plan).unwrap()));
        match recorded.get(name.as_str()) {
            Some(want) => {
                assert_eq!(&digest, want, "{name} differs from the attributed file");
                seen += 1;
            }
            None => assert!(
                name.starts_with("local__"),
                "{name} is not in ATTRIBUTION.md's SHA-256 list"
            ),
        }
    }
    assert_eq!(
        seen,
        recorded.len(),
        "ATTRIBUTION.md lists plans that are missing"
    );
}

/// A file generated from the code: written first when `AIRGAP_AUDIT_REGENERATE_DOCS` is set, then
/// required to be exactly `want` (the failure says how to regenerate it). Returns its text.
fn generated_file_is_current(relative: &str, want: &str) -> String {
    let path = Path::new(ROOT).join(relative);
    if std::env::var_os("AIRGAP_AUDIT_REGENERATE_DOCS").is_some() {
        std::fs::write(&path, want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{relative} is stale; regenerate it with AIRGAP_AUDIT_REGENERATE_DOCS=1 cargo test --no-default-features --test all docs::"
    );
    have
}

/// The default-dispositions table in `docs/ARCHITECTURE.md` is generated from the finding
/// catalog between its markers, so adding a policy touches no hand-kept table; this fails when it
/// is stale (or its markers are gone).
#[test]
fn architecture_finding_table_is_generated_from_the_catalog() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let want = airgap_audit::report::catalog::with_dispositions_table(&doc)
        .expect("docs/ARCHITECTURE.md has lost its '<!-- BEGIN finding table' / '<!-- END finding table -->' markers");
    let have = generated_file_is_current("docs/ARCHITECTURE.md", &want);
    for id in known_ids() {
        assert!(
            have.contains(&format!("| `{id}` | {} |", default_disposition(id))),
            "{id}"
        );
    }
}

/// The entry kinds the ledger list schema allows are generated from `EntryKind::ALL`, so adding
/// a kind touches the ledger's own code only; this fails when the schema is stale.
#[test]
fn ledger_list_schema_kinds_are_generated_from_the_entry_kinds() {
    let relative = "docs/schemas/ledger-list.schema.json";
    let doc = std::fs::read_to_string(Path::new(ROOT).join(relative)).unwrap();
    let kinds: Vec<String> = airgap_audit::ledger::EntryKind::ALL
        .iter()
        .map(|k| format!("\"{}\"", k.as_str()))
        .collect();
    let line = format!("\"kind\": {{\"enum\": [{}]}},", kinds.join(", "));
    let want: String = doc
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("\"kind\": {\"enum\":") {
                let indent = &l[..l.len() - l.trim_start().len()];
                format!("{indent}{line}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(
        want.contains(&line),
        "{relative} has lost its entry kind enum line"
    );
    let have = generated_file_is_current(relative, &want);
    let schema: serde_json::Value = serde_json::from_str(&have).unwrap();
    let listed = schema["properties"]["entries"]["items"]["properties"]["kind"]["enum"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(listed, airgap_audit::ledger::EntryKind::ALL.len());
}

/// `docs/findings.md` is generated from the finding catalog and the default dispositions; this
/// fails when it is stale.
#[test]
fn findings_doc_is_generated_from_the_catalog() {
    let want = airgap_audit::report::catalog::findings_markdown();
    let have = generated_file_is_current("docs/findings.md", &want);
    for id in known_ids() {
        assert!(
            have.contains(&format!("| `{id}` | `{}` |", default_disposition(id))),
            "{id}"
        );
    }
}
