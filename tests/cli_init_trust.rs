/*!
`airgap-audit init` and `airgap-audit trust`, run as the built binary against real temp dirs:
file modes, refusal to overwrite, `--home` / `AIRGAP_AUDIT_HOME`, trust changes recorded in the
ledger, crash between the ledger append and the file rename, hand-edited trust store, and
group-readable secrets.
*/
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use airgap_audit::home::trust::{Role, TrustStore};
use airgap_audit::home::StationHome;
use airgap_audit::ledger::{EntryKind, Filter, Ledger};

const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

fn cmd(home: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args).env_remove("AIRGAP_AUDIT_HOME");
    if let Some(h) = home {
        c.arg("--home").arg(h);
    }
    c.output().expect("run airgap-audit")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {}:\n{}\n{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// Exit 2 with exactly one line on stderr containing `needle`.
#[track_caller]
fn assert_one_line_error(o: &Output, needle: &str) {
    let e = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout: {}\nstderr: {e}",
        stdout(o)
    );
    assert_eq!(e.trim_end().lines().count(), 1, "not one line: {e:?}");
    assert!(e.contains(needle), "expected {needle:?} in {e:?}");
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn minisign_key(dir: &Path, name: &str) -> PathBuf {
    let k = airgap_audit::sig::SigningKey::generate().unwrap();
    let p = dir.join(format!("{name}.pub"));
    std::fs::write(&p, k.public().to_pub_file()).unwrap();
    p
}

fn key_id(pub_file: &Path) -> String {
    airgap_audit::home::keys::load_verify_key(pub_file)
        .unwrap()
        .key_id
}

fn new_station() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("station");
    assert_ok(&cmd(Some(&home), &["init"]));
    (dir, home)
}

#[test]
fn init_creates_a_complete_station() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("station");
    let o = cmd(Some(&root), &["init", "--station-id", "st-test-1"]);
    assert_ok(&o);
    let h = StationHome::at(&root);
    for secret in h.secret_files() {
        assert_eq!(mode(&secret), 0o600, "{}", secret.display());
    }
    assert_eq!(mode(&h.keys_dir()), 0o700);
    h.check_secret_modes().unwrap();
    let cfg = h.load_config().unwrap();
    assert_eq!(cfg.station_id, "st-test-1");
    assert_eq!(cfg.clock_skew_secs, 300);
    assert_eq!(
        std::fs::read_to_string(h.policy_toml()).unwrap(),
        airgap_audit::engine::policy::DEFAULT_POLICY_TOML
    );
    assert!(h.policy_dir().is_dir());
    let trust = TrustStore::parse(&std::fs::read(h.trust_json()).unwrap()).unwrap();
    assert!(trust.is_empty());
    let ledger = Ledger::open(&h.ledger()).unwrap();
    assert_eq!(ledger.size(), 0);
    let keys = h.load_keys().unwrap();
    let out = stdout(&o);
    assert!(out.contains("st-test-1"), "{out}");
    assert!(out.contains(&keys.age.to_public().to_string()), "{out}");
    assert!(out.contains(&keys.verdict.public().to_base64()), "{out}");
    let checkpoint_pub = std::fs::read_to_string(h.checkpoint_pub()).unwrap();
    assert!(out.contains(checkpoint_pub.trim()), "{out}");
    // No temp directory left beside the station.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("station")]);

    // A random station id when none is given, and a different one each time.
    let (_d2, h2) = new_station();
    let (_d3, h3) = new_station();
    let id2 = StationHome::at(&h2).load_config().unwrap().station_id;
    let id3 = StationHome::at(&h3).load_config().unwrap().station_id;
    assert!(id2.starts_with("st-") && id2 != id3, "{id2} {id3}");
}

#[test]
fn init_refuses_to_overwrite() {
    let (dir, home) = new_station();
    let h = StationHome::at(&home);
    let age_before = std::fs::read(h.age_key()).unwrap();
    assert_one_line_error(&cmd(Some(&home), &["init"]), "already exists");
    assert_eq!(std::fs::read(h.age_key()).unwrap(), age_before);
    // A non-empty directory that is not a station is refused too; an empty one is used.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "x").unwrap();
    assert_one_line_error(&cmd(Some(&other), &["init"]), "not empty");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_ok(&cmd(Some(&empty), &["init"]));
    assert!(StationHome::at(&empty).load_config().is_ok());
}

#[test]
fn home_comes_from_flag_or_environment() {
    let (_dir, home) = new_station();
    assert_one_line_error(&cmd(None, &["trust", "list"]), "AIRGAP_AUDIT_HOME");
    let o = Command::new(BIN)
        .args(["trust", "list"])
        .env("AIRGAP_AUDIT_HOME", &home)
        .output()
        .unwrap();
    assert_ok(&o);
    let missing = home.join("nope");
    assert_one_line_error(
        &cmd(Some(&missing), &["trust", "list"]),
        "airgap-audit init",
    );
}

#[test]
fn trust_add_list_remove_are_ledger_entries() {
    let (dir, home) = new_station();
    let h = StationHome::at(&home);
    let orch = minisign_key(dir.path(), "orch");
    let fin = minisign_key(dir.path(), "fin");
    let p = |x: &Path| x.to_str().unwrap().to_string();
    assert_ok(&cmd(
        Some(&home),
        &["trust", "add", "--role", "orchestrator", &p(&orch)],
    ));
    assert_ok(&cmd(
        Some(&home),
        &[
            "trust",
            "add",
            "--role",
            "finance",
            "--comment",
            "Dana (finance)",
            &p(&fin),
        ],
    ));
    assert_ok(&cmd(
        Some(&home),
        &["trust", "add", "--role", "manager", &p(&fin)],
    ));

    let list = cmd(Some(&home), &["trust", "list"]);
    assert_ok(&list);
    let out = stdout(&list);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        out.contains(&key_id(&orch)) && out.contains("Dana (finance)"),
        "{out}"
    );
    let only = stdout(&cmd(Some(&home), &["trust", "list", "--role", "finance"]));
    assert_eq!(only.lines().count(), 1, "{only}");
    // The same list for programs: docs/schemas/trust-list.schema.json.
    let doc: serde_json::Value = serde_json::from_str(&stdout(&cmd(
        Some(&home),
        &["trust", "list", "--format", "json"],
    )))
    .unwrap();
    assert_list_schema(&doc);
    let keys = doc["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 3, "{doc}");
    assert!(keys
        .iter()
        .any(|k| k["role"] == "finance" && k["comment"] == "Dana (finance)"));

    // Refusals: duplicate, orchestrator key as approver, unknown role, removing what is not there.
    assert_one_line_error(
        &cmd(
            Some(&home),
            &["trust", "add", "--role", "finance", &p(&fin)],
        ),
        "already trusted",
    );
    assert_one_line_error(
        &cmd(
            Some(&home),
            &["trust", "add", "--role", "security", &p(&orch)],
        ),
        "orchestrator key cannot also hold an approver role",
    );
    let bad_role = cmd(Some(&home), &["trust", "add", "--role", "ceo", &p(&fin)]);
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(
        stderr(&bad_role).contains("unknown role"),
        "{}",
        stderr(&bad_role)
    );
    assert_one_line_error(
        &cmd(
            Some(&home),
            &["trust", "remove", "--role", "security", &key_id(&fin)],
        ),
        "not trusted as security",
    );

    // Remove by key id and by file.
    assert_ok(&cmd(
        Some(&home),
        &["trust", "remove", "--role", "manager", &key_id(&fin)],
    ));
    assert_ok(&cmd(
        Some(&home),
        &["trust", "remove", "--role", "orchestrator", &p(&orch)],
    ));

    let store = TrustStore::parse(&std::fs::read(h.trust_json()).unwrap()).unwrap();
    assert!(store.keys(Role::Orchestrator).is_empty());
    assert_eq!(store.roles_of(&key_id(&fin)), vec![Role::Finance]);

    // Five changes, five ledger entries, the last one carrying exactly the file's store.
    let mut ledger = Ledger::open(&h.ledger()).unwrap();
    let entries = ledger
        .list(&Filter {
            kind: Some(EntryKind::TrustChange),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e.recorded.body["action"].as_str().unwrap().to_string(),
                e.recorded.body["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("add", "orchestrator"),
            ("add", "finance"),
            ("add", "manager"),
            ("remove", "manager"),
            ("remove", "orchestrator")
        ]
        .map(|(a, r)| (a.to_string(), r.to_string()))
    );
    let last = entries.last().unwrap();
    assert_eq!(
        TrustStore::parse(&serde_json::to_vec(&last.recorded.body["store"]).unwrap()).unwrap(),
        store
    );
    assert_eq!(last.recorded.body["store_sha256"], store.sha256_hex());
    assert_eq!(ledger.verify().map(|r| r.size).unwrap(), 5);
}

#[test]
fn crash_between_ledger_and_file_rolls_forward() {
    let (dir, home) = new_station();
    let h = StationHome::at(&home);
    let orch = minisign_key(dir.path(), "orch");
    let before = std::fs::read(h.trust_json()).unwrap();
    let o = Command::new(BIN)
        .args(["trust", "add", "--role", "orchestrator", "--home"])
        .arg(&home)
        .arg(&orch)
        .env("AIRGAP_AUDIT_FAULT", "trust-after-ledger:1")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the fault point did not fire");
    // The ledger has the change; the file does not yet.
    assert_eq!(std::fs::read(h.trust_json()).unwrap(), before);
    assert_eq!(Ledger::open(&h.ledger()).unwrap().size(), 1);
    // The next command rolls the file forward to the ledger.
    let list = cmd(Some(&home), &["trust", "list"]);
    assert_ok(&list);
    assert!(stdout(&list).contains(&key_id(&orch)), "{}", stdout(&list));
    let store = TrustStore::parse(&std::fs::read(h.trust_json()).unwrap()).unwrap();
    assert_eq!(store.keys(Role::Orchestrator).len(), 1);
    // Re-running the interrupted command now reports it as done, not as a second change.
    assert_one_line_error(
        &cmd(
            Some(&home),
            &[
                "trust",
                "add",
                "--role",
                "orchestrator",
                orch.to_str().unwrap(),
            ],
        ),
        "already trusted",
    );
    assert_eq!(Ledger::open(&h.ledger()).unwrap().size(), 1);
}

#[test]
fn hand_edited_trust_store_is_refused_until_repaired() {
    let (dir, home) = new_station();
    let h = StationHome::at(&home);
    let orch = minisign_key(dir.path(), "orch");
    assert_ok(&cmd(
        Some(&home),
        &[
            "trust",
            "add",
            "--role",
            "orchestrator",
            orch.to_str().unwrap(),
        ],
    ));
    // Someone slips a key into trust.json without going through the ledger.
    let rogue = airgap_audit::sig::SigningKey::generate().unwrap();
    let mut store = TrustStore::parse(&std::fs::read(h.trust_json()).unwrap()).unwrap();
    store
        .add(
            Role::Orchestrator,
            rogue.public(),
            "rogue",
            "2026-11-26T00:00:00Z",
        )
        .unwrap();
    std::fs::write(h.trust_json(), store.to_bytes()).unwrap();
    assert_one_line_error(
        &cmd(Some(&home), &["trust", "list"]),
        "disagrees with the ledger",
    );
    // A garbled file says how to recover too.
    std::fs::write(h.trust_json(), b"{not json").unwrap();
    assert_one_line_error(&cmd(Some(&home), &["trust", "list"]), "trust repair");
    assert_ok(&cmd(Some(&home), &["trust", "repair"]));
    let list = stdout(&cmd(Some(&home), &["trust", "list"]));
    assert!(
        list.contains(&key_id(&orch)) && !list.contains(rogue.key_id()),
        "{list}"
    );
}

#[test]
fn group_readable_secret_key_is_refused() {
    let (_dir, home) = new_station();
    let h = StationHome::at(&home);
    std::fs::set_permissions(h.verdict_key(), std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_one_line_error(&cmd(Some(&home), &["trust", "list"]), "chmod 600");
    std::fs::set_permissions(h.verdict_key(), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_ok(&cmd(Some(&home), &["trust", "list"]));
}

fn assert_list_schema(doc: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/schemas/trust-list.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc}");
}
