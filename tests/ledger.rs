//! The ledger against real SQLite files: append/lookup, append-only triggers, tampering done
//! with the real `sqlite3` CLI (as an attacker holding the file would), the `ledger` commands of
//! the real binary, snapshots checked with the real `zstd` and `sqlite3` CLIs.
use std::path::PathBuf;
use std::process::{Command, Output};

use airgap_audit::ledger::{
    merkle, CheckpointSigner, CheckpointVerifier, EntryKind, Filter, Ledger, LedgerError,
    LedgerKeys, NewEntry, TamperReason,
};
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

struct Station {
    _dir: tempfile::TempDir,
    home: PathBuf,
}

impl Station {
    fn ledger_path(&self) -> PathBuf {
        self.home.join("ledger.sqlite")
    }
    fn key(&self) -> PathBuf {
        self.home.join("keys/checkpoint.key")
    }
    fn pubkey(&self) -> PathBuf {
        self.home.join("keys/checkpoint.pub")
    }
    fn open(&self) -> Result<Ledger, LedgerError> {
        Ledger::open(&self.ledger_path())
    }
    fn verifier(&self) -> CheckpointVerifier {
        CheckpointVerifier::parse(&std::fs::read_to_string(self.pubkey()).unwrap()).unwrap()
    }
    fn cli(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("ledger")
            .arg("--home")
            .arg(&self.home)
            .args(args)
            .env_remove("AIRGAP_AUDIT_HOME")
            .output()
            .unwrap()
    }
    /// Run SQL with the real sqlite3 CLI; returns (success, stdout, stderr).
    fn sqlite(&self, sql: &str) -> (bool, String, String) {
        let out = Command::new("sqlite3")
            .arg(self.ledger_path())
            .arg(sql)
            .output()
            .expect("the sqlite3 CLI is installed");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
    fn sqlite_ok(&self, sql: &str) -> String {
        let (ok, out, err) = self.sqlite(sql);
        assert!(ok, "sqlite3 failed on {sql}: {err}");
        out
    }
}

/// A station home with a checkpoint key pair and an empty ledger.
fn station() -> Station {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("station");
    std::fs::create_dir_all(home.join("keys")).unwrap();
    let signer = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
    signer
        .write_files(
            &home.join("keys/checkpoint.key"),
            &home.join("keys/checkpoint.pub"),
        )
        .unwrap();
    Ledger::create(&home.join("ledger.sqlite")).unwrap();
    Station { _dir: dir, home }
}

fn decision(i: u64) -> &'static str {
    ["approve", "escalate", "veto"][(i % 3) as usize]
}

fn verdict(i: u64) -> NewEntry {
    NewEntry {
        kind: EntryKind::Verdict,
        subject: format!("req-{i:04}"),
        bundle_sha256: Some(format!("{:064x}", i + 1)),
        orchestrator_key: Some(if i % 2 == 0 { "orch-a" } else { "orch-b" }.into()),
        sequence: Some(i + 100),
        decision: Some(decision(i).into()),
        created_at: format!("2026-11-{:02}T10:00:00Z", 1 + i % 25),
        body: json!({
            "request_id": format!("req-{i:04}"),
            "decision": decision(i),
            "findings": [{"id": "required_tags", "disposition": "approval:human_review",
                          "resource": format!("aws_s3_bucket.b{i}"), "message": "lacks Owner \u{e9}"}],
            "summary": "text with \"quotes\" and a newline\n",
            "z": {"b": 1, "a": [true, null, 1.5]},
        }),
    }
}

/// A station with `n` verdicts: a first batch of 10, then one entry per batch (so every later
/// entry has its own checkpoint).
fn station_with(n: u64) -> Station {
    let s = station();
    let mut l = s.open().unwrap();
    let first = n.min(10);
    l.append_batch((0..first).map(verdict).collect()).unwrap();
    for i in first..n {
        l.append_batch(vec![verdict(i)]).unwrap();
    }
    s
}

fn tamper_of(e: LedgerError) -> (u64, TamperReason) {
    match e {
        LedgerError::Tampered {
            first_bad_index,
            reason,
        } => (first_bad_index, reason),
        other => panic!("expected a tamper error, got: {other}"),
    }
}

fn open_err(s: &Station) -> (u64, TamperReason) {
    tamper_of(s.open().expect_err("a tampered ledger must not open"))
}

/// The binary's `ledger verify` must exit 1 with one line naming the entry and the runbook.
fn assert_cli_names(s: &Station, index: u64, words: &str) {
    let out = s.cli(&["verify"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(&format!("ledger entry {index} {words}")),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("OPERATIONS.md \"Ledger fails verification\""),
        "{stderr}"
    );
}

#[test]
fn append_batch_is_one_transaction_with_one_signed_checkpoint() {
    let s = station();
    let mut l = s.open().unwrap();
    let appended = l.append_batch((0..25).map(verdict).collect()).unwrap();
    assert_eq!(appended.len(), 25);
    assert_eq!(appended[0].index, 0);
    assert_eq!(appended[24].index, 24);
    let more = l.append_batch(vec![verdict(25), verdict(26)]).unwrap();
    assert_eq!(more[0].index, 25);
    assert_eq!(
        s.sqlite_ok("SELECT group_concat(size) FROM checkpoints")
            .trim(),
        "25,27"
    );
    assert_eq!(s.sqlite_ok("PRAGMA journal_mode").trim(), "wal");
    // Every stored checkpoint is a C2SP note signed by the station key, for its size and root.
    let v = s.verifier();
    for size in [25u64, 27] {
        let note = l.stored_checkpoint(size).unwrap().unwrap();
        let cp = v.verify(note.as_bytes()).unwrap();
        assert_eq!(cp.origin, "airgap-audit/test-station");
        assert_eq!(cp.size, size);
        assert_eq!(cp.root, l.root_at(size).unwrap());
    }
    // Leaf hash = SHA-256(0x00 || leaf data), and leaf data is canonical JSON of the entry.
    for a in appended.iter().chain(&more) {
        let data = l.leaf_data(a.index).unwrap();
        assert_eq!(merkle::leaf_hash(&data), a.leaf_hash);
        let v: serde_json::Value = serde_json::from_slice(&data).unwrap();
        assert_eq!(v["index"], a.index);
        assert_eq!(
            airgap_audit::ledger::canonical_json(&v).as_bytes(),
            &data[..]
        );
    }
    let root = l.root();
    drop(l);
    // Durable and recomputable: a fresh open rebuilds the same root from the rows alone.
    let l = s.open().unwrap();
    assert_eq!(l.size(), 27);
    assert_eq!(l.root(), root);
}

#[test]
fn lookups_and_filters() {
    let s = station_with(30);
    let l = s.open().unwrap();
    let e = l.entry(17).unwrap().unwrap();
    assert_eq!(e.recorded.subject, "req-0017");
    assert_eq!(e.recorded.body, verdict(17).body);
    assert_eq!(e.recorded.sequence, Some(117));
    assert!(l.entry(30).unwrap().is_none());
    let b = l.find_by_bundle(&format!("{:064x}", 18)).unwrap().unwrap();
    assert_eq!(b.index, 17);
    assert!(l.find_by_bundle("00").unwrap().is_none());
    assert_eq!(
        l.find_by_subject(EntryKind::Verdict, "req-0003")
            .unwrap()
            .unwrap()
            .index,
        3
    );
    assert!(l
        .find_by_subject(EntryKind::Rejection, "req-0003")
        .unwrap()
        .is_none());
    assert_eq!(l.max_sequence("orch-a").unwrap(), Some(128));
    assert_eq!(l.max_sequence("orch-b").unwrap(), Some(129));
    assert_eq!(l.max_sequence("nobody").unwrap(), None);
    let vetoes = l
        .list(&Filter {
            decision: Some("veto".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(vetoes.len(), 10);
    assert!(vetoes
        .iter()
        .all(|e| e.recorded.decision.as_deref() == Some("veto")));
    let t = |s: &str| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
    };
    // Days 1..=25 cycle; entries 0..30 have days 1..25 then 1..5.
    let window = l
        .list(&Filter {
            since: Some(t("2026-11-03T00:00:00Z")),
            until: Some(t("2026-11-05T00:00:00Z")),
            ..Filter::default()
        })
        .unwrap();
    let idx: Vec<u64> = window.iter().map(|e| e.index).collect();
    assert_eq!(idx, vec![2, 3, 27, 28]);
    let limited = l
        .list(&Filter {
            kind: Some(EntryKind::Verdict),
            limit: Some(3),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 3);
}

#[test]
fn triggers_abort_update_and_delete_from_the_sqlite3_cli() {
    let s = station_with(5);
    for sql in [
        "UPDATE entries SET decision = 'approve' WHERE idx = 2",
        "DELETE FROM entries WHERE idx = 4",
        "UPDATE checkpoints SET note = NULL",
        "DELETE FROM checkpoints",
        "DELETE FROM meta",
    ] {
        let (ok, _, err) = s.sqlite(sql);
        assert!(!ok, "{sql} was allowed");
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let mut l = s.open().unwrap();
    assert_eq!(l.verify().unwrap().size, 5);
}

#[test]
fn row_edited_with_sqlite3_is_named_on_open_verify_and_cli() {
    let s = station_with(30);
    s.sqlite_ok(
        "DROP TRIGGER entries_no_update; UPDATE entries SET decision = 'approve' WHERE idx = 17;",
    );
    assert_eq!(open_err(&s), (17, TamperReason::LeafHash));
    let err = Ledger::open_with(&s.ledger_path(), LedgerKeys::None).unwrap_err();
    assert_eq!(
        tamper_of(err),
        (17, TamperReason::LeafHash),
        "with or without keys"
    );
    assert_cli_names(&s, 17, "does not match its hash");
}

/// Issue 10 item 2: `created_unix` is not in the leaf. Edited with the real `sqlite3` CLI (drop
/// the trigger, update, re-create it), it must not pass `verify`, and `list --since` (which it
/// used to drive) must not hide the entry.
#[test]
fn column_outside_the_hash_cannot_be_edited_unnoticed() {
    let s = station_with(12);
    s.sqlite_ok(
        "DROP TRIGGER entries_no_update; \
         UPDATE entries SET created_unix = 0 WHERE idx = 7; \
         CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries \
         BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger entries are append-only'); END;",
    );
    let (idx, reason) = open_err(&s);
    assert_eq!(idx, 7);
    assert!(
        matches!(reason, TamperReason::Unreadable { .. }),
        "{reason:?}"
    );
    assert_cli_names(&s, 7, "cannot be read (created_unix 0 does not agree");
    // The time filter reads the hashed created_at: the edited row is reported, not hidden.
    let out = s.cli(&["list", "--since", "2026-11-08T00:00:00Z"]);
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ledger entry 7"),
        "{out:?}"
    );
}

/// Issue 10 item 14: a request id (ignoring case) or a bundle is recorded at most once. The
/// append re-checks inside its write transaction, the UNIQUE indexes refuse a row copied in with
/// the real `sqlite3` CLI, and `verify` names a duplicate that hashes and is signed correctly
/// (what two runs sharing a deleted lock file wrote) even with the indexes dropped.
#[test]
fn request_or_bundle_recorded_twice_is_refused_and_named() {
    let s = station_with(3);
    let mut l = s.open().unwrap();
    let mut same_id = verdict(1);
    same_id.subject = "REQ-0001".into();
    same_id.bundle_sha256 = Some(format!("{:064x}", 999));
    match l.append_batch(vec![same_id]) {
        Err(LedgerError::AlreadyRecorded { index: 1, what }) => {
            assert!(what.contains("REQ-0001"), "{what}")
        }
        other => panic!("expected AlreadyRecorded at 1, got {other:?}"),
    }
    let mut same_bundle = verdict(7);
    same_bundle.bundle_sha256 = verdict(2).bundle_sha256;
    assert!(matches!(
        l.append_batch(vec![same_bundle]),
        Err(LedgerError::AlreadyRecorded { index: 2, .. })
    ));
    assert_eq!(l.size(), 3, "nothing of a refused batch is written");
    drop(l);

    let copy = "INSERT INTO entries SELECT 3, kind, subject, bundle_sha256, orchestrator_key, \
                sequence, decision, created_at, created_unix, body, leaf_hash FROM entries WHERE idx = 1;";
    let (ok, _, err) = s.sqlite(copy);
    assert!(!ok && err.contains("UNIQUE"), "{err}");

    // The attack as it happened: entry 1 again at index 3, correctly hashed and signed.
    let (data, mut leaves) = {
        let l = s.open().unwrap();
        let leaves: Vec<merkle::Hash> = (0..3)
            .map(|i| merkle::leaf_hash(&l.leaf_data(i).unwrap()))
            .collect();
        (String::from_utf8(l.leaf_data(1).unwrap()).unwrap(), leaves)
    };
    let again = data.replace("\"index\":1,", "\"index\":3,");
    assert_ne!(again, data);
    let leaf = merkle::leaf_hash(again.as_bytes());
    leaves.push(leaf);
    let signer = CheckpointSigner::load(&s.key()).unwrap();
    let note = signer.sign(&airgap_audit::ledger::Checkpoint {
        origin: signer.name().to_string(),
        size: 4,
        root: merkle::root_from_leaves(&leaves),
        extensions: Vec::new(),
    });
    s.sqlite_ok(&format!(
        "DROP INDEX entries_request_id; DROP INDEX entries_bundle; \
         INSERT INTO entries SELECT 3, kind, subject, bundle_sha256, orchestrator_key, sequence, \
         decision, created_at, created_unix, body, X'{}' FROM entries WHERE idx = 1; \
         INSERT INTO checkpoints (size, root, note) VALUES (4, X'{}', '{}');",
        hex::encode(leaf),
        hex::encode(merkle::root_from_leaves(&leaves)),
        note.replace('\'', "''")
    ));
    let (idx, reason) = open_err(&s);
    assert_eq!(idx, 3);
    assert!(
        matches!(reason, TamperReason::Duplicate { first: 1, .. }),
        "{reason:?}"
    );
    assert_cli_names(
        &s,
        3,
        "records request id \"req-0001\" a second time (first in entry 1)",
    );
}

/// Issue 10 items 2 and 14: a v1 ledger (no UNIQUE indexes, unhashed `created_at` on
/// checkpoints and in `meta`) opened read-write is migrated in place to v2, entries untouched;
/// a read-only open leaves it as it is.
#[test]
fn v1_ledger_is_migrated_to_unique_ids_and_no_unhashed_columns() {
    let s = station_with(5);
    let root = s.open().unwrap().root();
    // Downgrade to exactly the v1 layout with the real sqlite3 CLI.
    s.sqlite_ok(
        "DROP INDEX entries_request_id; DROP INDEX entries_bundle; \
         CREATE INDEX entries_bundle ON entries(bundle_sha256) WHERE bundle_sha256 IS NOT NULL; \
         ALTER TABLE checkpoints ADD COLUMN created_at TEXT NOT NULL DEFAULT '2026-11-01T00:00:00Z'; \
         DROP TRIGGER meta_no_update; \
         UPDATE meta SET value = 'airgap-audit/ledger/v1' WHERE key = 'schema'; \
         INSERT INTO meta (key, value) VALUES ('created_at', '2026-11-01T00:00:00Z'); \
         CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta \
         BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger metadata is append-only'); END;",
    );
    let schema = || s.sqlite_ok("SELECT value FROM meta WHERE key = 'schema';");
    Ledger::open_read_only(&s.ledger_path(), LedgerKeys::Station).unwrap();
    assert_eq!(schema().trim(), "airgap-audit/ledger/v1");
    let mut l = s.open().unwrap();
    assert_eq!(schema().trim(), "airgap-audit/ledger/v2");
    assert_eq!(l.root(), root);
    assert_eq!(l.verify().unwrap().size, 5);
    assert_eq!(s.sqlite_ok("SELECT count(*) FROM meta;").trim(), "1");
    let cols = s.sqlite_ok("SELECT name FROM pragma_table_info('checkpoints');");
    assert!(!cols.contains("created_at"), "{cols}");
    let (ok, _, err) = s.sqlite(
        "INSERT INTO entries SELECT 9, kind, upper(subject), bundle_sha256, orchestrator_key, \
         sequence, decision, created_at, created_unix, body, leaf_hash FROM entries WHERE idx = 1;",
    );
    assert!(!ok && err.contains("UNIQUE"), "{err}");
    l.append_batch(vec![verdict(5)]).unwrap();
    assert_eq!(s.open().unwrap().size(), 6);
}

#[test]
fn body_edited_inside_json_is_named() {
    let s = station_with(12);
    s.sqlite_ok(
        "DROP TRIGGER entries_no_update; \
         UPDATE entries SET body = json_set(body, '$.decision', 'approve') WHERE idx = 11;",
    );
    assert_eq!(open_err(&s), (11, TamperReason::LeafHash));
}

/// An attacker who also rewrites the leaf hash: the signed checkpoint for that size catches it.
#[test]
fn rehashed_row_is_caught_by_the_checkpoint() {
    let s = station_with(30);
    let (data, leaves) = {
        let l = s.open().unwrap();
        let leaves: Vec<merkle::Hash> = (0..30)
            .map(|i| merkle::leaf_hash(&l.leaf_data(i).unwrap()))
            .collect();
        (l.leaf_data(17).unwrap(), leaves)
    };
    let forged = String::from_utf8(data)
        .unwrap()
        .replace("\"decision\":\"veto\"", "\"decision\":\"approve\"");
    assert_ne!(decision(17), "approve");
    let new_leaf = merkle::leaf_hash(forged.as_bytes());
    let body_sql = "json_set(body, '$.decision', 'approve')";
    s.sqlite_ok(&format!(
        "DROP TRIGGER entries_no_update; UPDATE entries SET decision = 'approve', body = {body_sql}, \
         leaf_hash = X'{}' WHERE idx = 17;",
        hex::encode(new_leaf)
    ));
    let (idx, reason) = open_err(&s);
    assert_eq!(
        (idx, reason),
        (
            17,
            TamperReason::CheckpointRoot {
                checkpoint_size: 18
            }
        )
    );
    assert_cli_names(&s, 17, "or a later one");

    // Going further, the attacker recomputes every later checkpoint root. Without the station's
    // key the signed notes no longer match.
    let mut forged_leaves = leaves.clone();
    forged_leaves[17] = new_leaf;
    let mut sql = String::from("DROP TRIGGER checkpoints_no_update;");
    for size in 18..=30usize {
        sql.push_str(&format!(
            "UPDATE checkpoints SET root = X'{}' WHERE size = {size};",
            hex::encode(merkle::root_from_leaves(&forged_leaves[..size]))
        ));
    }
    s.sqlite_ok(&sql);
    let (idx, reason) = open_err(&s);
    assert_eq!(idx, 17);
    // The first checkpoint whose signed note disagrees is named (size 18 covers entry 17).
    assert!(
        matches!(
            reason,
            TamperReason::CheckpointSignature {
                checkpoint_size: 18,
                ..
            }
        ),
        "{reason:?}"
    );
    // Without the key, the forgery is internally consistent; only the dropped triggers show.
    // This is why the station always opens its ledger with its checkpoint key.
    let err = Ledger::open_with(&s.ledger_path(), LedgerKeys::None)
        .expect_err("dropped triggers are reported");
    assert!(matches!(err, LedgerError::TriggerMissing { .. }), "{err}");
}

#[test]
fn deleted_row_is_named() {
    let s = station_with(20);
    s.sqlite_ok("DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE idx = 9;");
    assert_eq!(open_err(&s), (9, TamperReason::Gap { next_found: 10 }));
    assert_cli_names(&s, 9, "is missing");
}

#[test]
fn truncated_tail_is_named_by_the_checkpoint() {
    let s = station_with(30);
    s.sqlite_ok("DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE idx >= 27;");
    assert_eq!(
        open_err(&s),
        (
            27,
            TamperReason::Truncated {
                checkpoint_size: 30,
                entries: 27
            }
        )
    );
    assert_cli_names(&s, 27, "is missing");
}

#[test]
fn swapped_pair_is_named() {
    let s = station_with(12);
    let cols = "kind, subject, bundle_sha256, orchestrator_key, sequence, decision, created_at, \
                created_unix, body, leaf_hash";
    s.sqlite_ok(&format!(
        "DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; \
         CREATE TEMP TABLE t AS SELECT * FROM entries WHERE idx IN (4, 5); \
         DELETE FROM entries WHERE idx IN (4, 5); \
         INSERT INTO entries (idx, {cols}) SELECT 9 - idx, {cols} FROM t;"
    ));
    assert_eq!(
        s.sqlite_ok("SELECT subject FROM entries WHERE idx = 4")
            .trim(),
        "req-0005"
    );
    assert_eq!(open_err(&s), (4, TamperReason::LeafHash));
    assert_cli_names(&s, 4, "does not match its hash");
}

#[test]
fn inserted_row_without_checkpoint_is_named() {
    let s = station_with(6);
    // A copy of entry 5 re-indexed as 6 with a correct leaf hash (the UNIQUE indexes dropped
    // first): the checkpoint is the first thing that knows.
    let data = String::from_utf8(s.open().unwrap().leaf_data(5).unwrap()).unwrap();
    let data = data.replace("\"index\":5,", "\"index\":6,");
    s.sqlite_ok(&format!(
        "DROP INDEX entries_request_id; DROP INDEX entries_bundle; INSERT INTO entries SELECT 6, kind, subject, bundle_sha256, orchestrator_key, sequence, \
         decision, created_at, created_unix, body, X'{}' FROM entries WHERE idx = 5;",
        hex::encode(merkle::leaf_hash(data.as_bytes()))
    ));
    assert_eq!(
        open_err(&s),
        (6, TamperReason::Uncovered { checkpoint_size: 6 })
    );
}

#[test]
fn checkpoint_note_replaced_is_named() {
    let s = station_with(12);
    // Sign the true size and root with a different key of the same name.
    let other = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
    let root = s.open().unwrap().root();
    let note = other.sign(&airgap_audit::ledger::Checkpoint {
        origin: "airgap-audit/test-station".into(),
        size: 12,
        root,
        extensions: vec![],
    });
    s.sqlite_ok(&format!(
        "DROP TRIGGER checkpoints_no_update; UPDATE checkpoints SET note = '{}' WHERE size = 12;",
        note.replace('\'', "''")
    ));
    let (idx, reason) = open_err(&s);
    assert_eq!(
        idx, 11,
        "the last batch (entry 11) is no longer covered by a good signature"
    );
    assert!(
        matches!(
            reason,
            TamperReason::CheckpointSignature {
                checkpoint_size: 12,
                ..
            }
        ),
        "{reason:?}"
    );
}

#[test]
fn dropped_trigger_alone_is_reported() {
    let s = station_with(3);
    s.sqlite_ok("DROP TRIGGER entries_no_delete;");
    let err = s.open().expect_err("missing trigger");
    assert!(
        matches!(&err, LedgerError::TriggerMissing { name } if name == "entries_no_delete"),
        "{err}"
    );
    let out = s.cli(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("entries_no_delete was removed"));
}

#[test]
fn a_second_writer_is_caught_up_not_overwritten() {
    let s = station_with(3);
    let mut a = s.open().unwrap();
    let mut b = s.open().unwrap();
    a.append_batch(vec![verdict(3), verdict(4)]).unwrap();
    let got = b.append_batch(vec![verdict(5)]).unwrap();
    assert_eq!(got[0].index, 5);
    assert_eq!(b.size(), 6);
    drop((a, b));
    let mut l = s.open().unwrap();
    let r = l.verify().unwrap();
    assert_eq!((r.size, r.checkpoints, r.signatures_verified), (6, 3, 3));
}

#[test]
fn keys_and_files_are_checked() {
    let s = station_with(2);
    // Verify-only: cannot append.
    let mut l = Ledger::open_with(&s.ledger_path(), LedgerKeys::Verify(s.verifier())).unwrap();
    assert!(matches!(
        l.append_batch(vec![verdict(2)]),
        Err(LedgerError::NoSigningKey { .. })
    ));
    drop(l);
    // A wrong verifier key fails open.
    let other = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
    let err =
        Ledger::open_with(&s.ledger_path(), LedgerKeys::Verify(other.verifier())).unwrap_err();
    assert!(matches!(
        tamper_of(err).1,
        TamperReason::CheckpointSignature { .. }
    ));
    // A group-readable secret key is refused with the fix in the message.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(s.key(), std::fs::Permissions::from_mode(0o640)).unwrap();
    let msg = s.open().unwrap_err().to_string();
    assert!(msg.contains("chmod 600"), "{msg}");
    std::fs::set_permissions(s.key(), std::fs::Permissions::from_mode(0o600)).unwrap();
    // Refuse to overwrite, explain a missing or foreign file.
    assert!(matches!(
        Ledger::create(&s.ledger_path()),
        Err(LedgerError::AlreadyExists { .. })
    ));
    assert!(matches!(
        Ledger::open(&s.home.join("nope.sqlite")),
        Err(LedgerError::NotFound { .. })
    ));
    let foreign = s.home.join("foreign.sqlite");
    Command::new("sqlite3")
        .arg(&foreign)
        .arg("CREATE TABLE x(y);")
        .status()
        .unwrap();
    assert!(matches!(
        Ledger::open(&foreign),
        Err(LedgerError::NotALedger { .. })
    ));
    std::fs::write(s.home.join("junk.sqlite"), b"not a database at all").unwrap();
    assert!(Ledger::open(&s.home.join("junk.sqlite")).is_err());
    // Symlinks are not followed.
    std::os::unix::fs::symlink(s.ledger_path(), s.home.join("link.sqlite")).unwrap();
    assert!(matches!(
        Ledger::open(&s.home.join("link.sqlite")),
        Err(LedgerError::NotALedger { .. })
    ));
}

#[test]
fn invalid_entries_are_refused_before_anything_is_written() {
    let s = station_with(1);
    let mut l = s.open().unwrap();
    for bad in [
        NewEntry {
            created_at: "yesterday".into(),
            ..verdict(1)
        },
        NewEntry {
            subject: String::new(),
            ..verdict(1)
        },
        NewEntry {
            sequence: Some(u64::MAX),
            ..verdict(1)
        },
        NewEntry {
            subject: "x".repeat(2000),
            ..verdict(1)
        },
        NewEntry {
            body: (0..100).fold(json!(1), |v, _| json!([v])),
            ..verdict(1)
        },
    ] {
        let err = l.append_batch(vec![verdict(1), bad]).unwrap_err();
        assert!(matches!(err, LedgerError::InvalidEntry(_)), "{err}");
    }
    assert_eq!(l.size(), 1);
    assert_eq!(s.sqlite_ok("SELECT count(*) FROM entries").trim(), "1");
}

#[test]
fn cli_list_show_and_checkpoint() {
    let s = station_with(12);
    let out = s.cli(&["list", "--decision", "veto", "--since", "2026-11-04"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let idx: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(idx, vec!["5", "8", "11"], "{text}");
    assert!(text.contains("req-0005"));

    let out = s.cli(&["list", "--request-id", "req-0004", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = &v["entries"];
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["index"], 4);
    assert_eq!(v[0]["kind"], "verdict");

    let out = s.cli(&["show", "7"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["subject"], "req-0007");
    assert_eq!(v["body"]["summary"], "text with \"quotes\" and a newline\n");
    let out = s.cli(&["show", "7", "--leaf-data"]);
    let data = out.stdout.strip_suffix(b"\n").unwrap();
    assert_eq!(
        hex::encode(merkle::leaf_hash(data)),
        v["leaf_hash"].as_str().unwrap()
    );

    let out = s.cli(&["show", "99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ledger has no entry 99"));

    let out = s.cli(&["list", "--kind", "bogus"]);
    assert_eq!(out.status.code(), Some(2));

    let out = s.cli(&["checkpoint"]);
    assert!(out.status.success());
    let cp = s.verifier().verify(&out.stdout).unwrap();
    assert_eq!(cp.size, 12);

    let out = s.cli(&["verify", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["size"], 12);
    assert_eq!(v["signatures_verified"], 3);
}

#[test]
fn cli_prove_and_verify_proof() {
    let s = station_with(13);
    let dir = tempfile::tempdir().unwrap();
    let proof = dir.path().join("p.json");
    let out = s.cli(&["prove", "--index", "11"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&proof, &out.stdout).unwrap();
    let ok = s.cli(&[
        "verify-proof",
        proof.to_str().unwrap(),
        "--key",
        s.pubkey().to_str().unwrap(),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    // A proof edited to claim another leaf fails with one line.
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["leaf_hash"] = json!(hex::encode([7u8; 32]));
    std::fs::write(&proof, serde_json::to_vec(&v).unwrap()).unwrap();
    let bad = s.cli(&["verify-proof", proof.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not verify"));

    // Consistency proof between two signed sizes.
    let out = s.cli(&["prove", "--old-size", "10", "--size", "12"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&proof, &out.stdout).unwrap();
    let ok = s.cli(&["verify-proof", proof.to_str().unwrap()]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Rolled-back "new" checkpoint: pretend the new tree is the old one.
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["new_root"] = v["old_root"].clone();
    std::fs::write(&proof, serde_json::to_vec(&v).unwrap()).unwrap();
    let bad = s.cli(&["verify-proof", proof.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn export_snapshot_and_verify_it_offline() {
    let s = station_with(15);
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("ledger-2026-11-26.sqlite.zst");
    let out = s.cli(&["export", "--out", snap.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cp_file = dir.path().join("ledger-2026-11-26.sqlite.zst.checkpoint");
    assert!(cp_file.exists());
    // No temporary files left beside the snapshot.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // The export is itself recorded.
    let l = s.open().unwrap();
    assert_eq!(l.size(), 16);
    let e = l.entry(15).unwrap().unwrap();
    assert_eq!(e.recorded.kind, EntryKind::SnapshotExport);
    assert_eq!(e.recorded.body["tree_size"], 15);
    drop(l);

    // Interop: the real zstd CLI decompresses it and the real sqlite3 CLI reads it.
    let raw = dir.path().join("raw.sqlite");
    let st = Command::new("zstd")
        .args(["-q", "-d"])
        .arg(&snap)
        .arg("-o")
        .arg(&raw)
        .status()
        .unwrap();
    assert!(st.success());
    let out = Command::new("sqlite3")
        .arg(&raw)
        .arg("SELECT count(*) FROM entries")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "15");
    std::fs::remove_file(&raw).unwrap();

    // Offline verification with only the public key.
    let out = Command::new(BIN)
        .args(["ledger", "verify-snapshot"])
        .arg(&snap)
        .arg("--key")
        .arg(s.pubkey())
        .env_remove("AIRGAP_AUDIT_HOME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("snapshot OK: 15 entries"));

    // ... and against the station: its ledger still extends the snapshot.
    let out = s.cli(&[
        "verify-snapshot",
        snap.to_str().unwrap(),
        "--against-station",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("consistent with the snapshot"));

    // A checkpoint from another point in time does not match the snapshot.
    let note12 = s.open().unwrap().stored_checkpoint(12).unwrap().unwrap();
    std::fs::write(&cp_file, note12).unwrap();
    let out = s.cli(&["verify-snapshot", snap.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match its checkpoint"));

    // Refuses to overwrite.
    let out = s.cli(&["export", "--out", snap.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
}

/// Copies the ledger file (and its WAL files, when present) from `from` to `to`.
fn copy_ledger(from: &std::path::Path, to: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let src = PathBuf::from(format!("{}{suffix}", from.display()));
        let dst = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = std::fs::remove_file(&dst);
        if src.exists() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// Issue 10 item 6: a station ledger that is wiped, deleted or rolled back does not extend a
/// saved checkpoint or snapshot: `verify-snapshot --against-station` and the new
/// `check-against CHECKPOINT_FILE` both exit 1 for all of them (2 is for usage and IO only).
#[test]
fn wiped_or_rolled_back_ledger_does_not_extend_what_was_saved() {
    let s = station_with(6);
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite");
    copy_ledger(&s.ledger_path(), &old);
    {
        let mut l = s.open().unwrap();
        for i in 6..9 {
            l.append_batch(vec![verdict(i)]).unwrap();
        }
    }
    let snap = dir.path().join("snap.zst");
    s.open().unwrap().export_snapshot(&snap).unwrap();
    let out = s.cli(&["checkpoint"]);
    assert!(out.status.success());
    let note = dir.path().join("saved.checkpoint");
    std::fs::write(&note, &out.stdout).unwrap();
    let saved = String::from_utf8_lossy(&out.stdout).into_owned();
    let saved_root = saved.lines().nth(2).unwrap();

    let check = |label: &str, want: i32, phrase: &str| {
        for args in [
            vec!["check-against", note.to_str().unwrap()],
            vec![
                "verify-snapshot",
                snap.to_str().unwrap(),
                "--against-station",
            ],
        ] {
            let out = s.cli(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(want), "{label} {args:?}: {stderr}");
            assert!(stderr.contains(phrase), "{label} {args:?}: {stderr}");
            if want == 1 {
                assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
            }
        }
    };
    check("intact", 0, "");
    let ok = s.cli(&["check-against", note.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains(saved_root),
        "roots are printed in the checkpoint's base64: {}",
        String::from_utf8_lossy(&ok.stdout)
    );

    let backup = dir.path().join("current.sqlite");
    copy_ledger(&s.ledger_path(), &backup);
    copy_ledger(&old, &s.ledger_path());
    check("rolled back", 1, "holds 6 entries, fewer than the");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", s.ledger_path().display()));
    }
    check("deleted", 1, "the station's ledger is missing");
    Ledger::create(&s.ledger_path()).unwrap();
    check("wiped and re-created", 1, "holds 0 entries, fewer than the");
    copy_ledger(&backup, &s.ledger_path());
    check("restored", 0, "");

    // A note not signed by the station's checkpoint key: exit 1, not an IO error.
    std::fs::write(
        &note,
        saved.replace(saved_root, &"A".repeat(saved_root.len())),
    )
    .unwrap();
    let out = s.cli(&["check-against", note.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tampered_snapshot_is_refused() {
    let s = station_with(8);
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap.zst");
    let mut l = s.open().unwrap();
    l.export_snapshot(&snap).unwrap();
    drop(l);
    // Decompress, edit a row with sqlite3, recompress under the same name.
    let raw = dir.path().join("raw.sqlite");
    assert!(Command::new("zstd")
        .args(["-q", "-d"])
        .arg(&snap)
        .arg("-o")
        .arg(&raw)
        .status()
        .unwrap()
        .success());
    let st = Command::new("sqlite3")
        .arg(&raw)
        .arg("DROP TRIGGER entries_no_update; UPDATE entries SET subject = 'forged' WHERE idx = 3;")
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::remove_file(&snap).unwrap();
    assert!(Command::new("zstd")
        .args(["-q"])
        .arg(&raw)
        .arg("-o")
        .arg(&snap)
        .status()
        .unwrap()
        .success());
    let err = airgap_audit::ledger::verify_snapshot(
        &snap,
        &airgap_audit::ledger::checkpoint_path_for(&snap),
        s.verifier(),
    )
    .unwrap_err();
    assert_eq!(tamper_of(err), (3, TamperReason::LeafHash));
}

/// Open-time cost of the full recompute on a ledger of realistic size. Run with
/// `cargo test --release --no-default-features --test all ledger:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_open_and_verify_100k() {
    let s = station();
    let mut l = s.open().unwrap();
    let t = std::time::Instant::now();
    // Verdict-sized bodies (~2.5 KB of canonical JSON each).
    let big = |i: u64| {
        let mut e = verdict(i);
        let f = e.body["findings"][0].clone();
        e.body["findings"] = json!(vec![f; 12]);
        e
    };
    for b in 0..100u64 {
        l.append_batch((b * 1000..(b + 1) * 1000).map(big).collect())
            .unwrap();
    }
    let append = t.elapsed();
    drop(l);
    let bytes = std::fs::metadata(s.ledger_path()).unwrap().len();
    let t = std::time::Instant::now();
    let mut l = s.open().unwrap();
    let open = t.elapsed();
    let t = std::time::Instant::now();
    let r = l.verify().unwrap();
    let verify = t.elapsed();
    let t = std::time::Instant::now();
    let mut one = 0;
    for i in 0..1000u64 {
        one += l.append_batch(vec![big(100_000 + i)]).unwrap().len();
    }
    let singles = t.elapsed();
    println!(
        "100k entries ({} MB): append in 100 batches {append:?}; open {open:?}; verify {verify:?} ({} checkpoints); {one} single-entry commits {singles:?} ({:.0}/s)",
        bytes / 1_000_000,
        r.checkpoints,
        one as f64 / singles.as_secs_f64()
    );
}

fn assert_schema(name: &str, doc: &serde_json::Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(name);
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{name}: {errors:?}\n{doc}");
}

/// Issue 12: `ledger checkpoints` lists the signed sizes; `prove` makes proofs only at signed
/// sizes (the nearest one below an unsigned --old-size, the latest by default) so that
/// `verify-proof` accepts them; a misspelt `--decision` is refused with the allowed values; the
/// JSON documents follow their schemas.
#[test]
fn cli_checkpoints_list_signed_sizes_and_prove_uses_the_nearest() {
    let s = station_with(13);
    // One batch of three: sizes 14 and 15 are never signed.
    let mut l = s.open().unwrap();
    l.append_batch((13..16).map(verdict).collect()).unwrap();
    drop(l);

    let out = s.cli(&["checkpoints", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_schema("ledger-checkpoints.schema.json", &doc);
    let sizes: Vec<u64> = doc["checkpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [10, 11, 12, 13, 16]);
    assert_eq!(doc["tree_size"], 16);
    let text = s.cli(&["checkpoints"]);
    assert_eq!(String::from_utf8_lossy(&text.stdout).lines().count(), 5);

    let dir = tempfile::tempdir().unwrap();
    let proof = dir.path().join("p.json");
    let out = s.cli(&["prove", "--old-size", "15"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nearest signed size 13"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["old_size"].as_u64(), v["new_size"].as_u64()),
        (Some(13), Some(16))
    );
    std::fs::write(&proof, &out.stdout).unwrap();
    let ok = s.cli(&["verify-proof", proof.to_str().unwrap()]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = s.cli(&["prove", "--old-size", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ledger checkpoints"));

    let out = s.cli(&["list", "--decision", "vetoed"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("approve") && err.contains("escalate") && err.contains("veto"),
        "{err}"
    );

    let out = s.cli(&["list", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_schema("ledger-list.schema.json", &doc);
    assert_eq!(doc["entries"].as_array().unwrap().len(), 16);
    let out = s.cli(&["verify", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_schema("ledger-verify.schema.json", &doc);
}
