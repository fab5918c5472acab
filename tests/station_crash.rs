/*!
Crash safety (issue 3 acceptance): a batch of 50 bundles is killed with SIGKILL at 20+ distinct
deterministic points (`AIRGAP_AUDIT_FAULT=<point>:<n>`, the station SIGKILLs itself the n-th
time it reaches the point) and at random moments (the test SIGKILLs it after a random delay).
After a re-run, every bundle has exactly one ledger entry and exactly one verdict or receipt in
the outbox, every file parses and verifies, no temp file is left, `ledger verify` passes, and each
request's decision equals the one an uninterrupted run gives.

Each case starts from a copy of the same freshly initialised station and stick, so cases are
independent and the bundles (sealed once with the real CLIs) are identical across cases.
*/
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::*;

const BUNDLES: usize = 50;
const BATCH: &str = "16";

struct Template {
    fx: Fixture,
    shas: Vec<String>,
    /// request id → expected outcome word ("approve"/"escalate"/"veto" or "rejected").
    reference: BTreeMap<String, String>,
}

fn process_cmd(home: &Path, usb: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("process")
        .arg(usb)
        .arg("--home")
        .arg(home)
        .args(["--batch", BATCH])
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .env("AIRGAP_AUDIT_LOG", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Outcome per bundle sha from the outbox: `decision` for verdicts, `rejected` for receipts.
/// Checks every file: parses, verifies with the station key, no temp files, no orphans.
fn check_outbox(
    home: &Path,
    usb: &Path,
    shas: &[String],
    real_cli: bool,
) -> BTreeMap<String, String> {
    let outbox = usb.join("outbox");
    let pubkey = home.join("keys/verdict.pub");
    let pk_text = std::fs::read(&pubkey).unwrap();
    let pk = airgap_audit::sig::VerifyKey::parse(&pk_text).unwrap().key;
    let mut by_sha = BTreeMap::new();
    let mut names: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in &names {
        assert!(!n.starts_with('.'), "temp file left in the outbox: {n}");
    }
    for n in &names {
        let path = outbox.join(n);
        if let Some(id) = n.strip_suffix(".verdict.json") {
            let json = std::fs::read(&path).unwrap();
            let sig = std::fs::read(outbox.join(format!("{n}.minisig")))
                .unwrap_or_else(|_| panic!("{n} has no .minisig"));
            assert!(
                outbox.join(format!("{id}.verdict.txt")).exists(),
                "{id} has no .verdict.txt"
            );
            let parsed = airgap_audit::sig::minisig::parse(&sig).unwrap();
            airgap_audit::sig::minisig::verify(&pk, &parsed, &json)
                .unwrap_or_else(|e| panic!("{n} does not verify: {e}"));
            let v = airgap_audit::verdict::Verdict::parse(&json)
                .unwrap_or_else(|e| panic!("{n} does not parse: {e}"));
            if real_cli {
                assert!(minisign_verifies(&pubkey, &path), "minisign -V {n}");
            }
            let prev = by_sha.insert(
                v.core.hashes.bundle_sha256.clone(),
                v.core.decision.as_str().to_string(),
            );
            assert!(prev.is_none(), "two outbox results for one bundle ({n})");
        } else if let Some(sha) = n.strip_suffix(".rejection.json") {
            let json = std::fs::read(&path).unwrap();
            let sig = std::fs::read(outbox.join(format!("{n}.minisig"))).unwrap();
            let r = airgap_audit::verdict::receipt::verify(&json, &sig, &pk)
                .unwrap_or_else(|e| panic!("{n} does not verify: {e}"));
            assert_eq!(r.core.bundle_sha256, sha);
            let prev = by_sha.insert(sha.to_string(), "rejected".to_string());
            assert!(prev.is_none(), "two outbox results for one bundle ({n})");
        } else if n == "station-checkpoint.txt" {
            // The station's high-water mark as of this stick's visit: a checkpoint signed by
            // the station's checkpoint key, never ahead of the ledger.
            let key = std::fs::read_to_string(home.join("keys/checkpoint.pub")).unwrap();
            let v = airgap_audit::ledger::CheckpointVerifier::parse(&key).unwrap();
            let cp = v
                .verify(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{n} does not verify: {e}"));
            let ledger = airgap_audit::ledger::Ledger::open_read_only(
                &home.join("ledger.sqlite"),
                airgap_audit::ledger::LedgerKeys::None,
            )
            .unwrap();
            assert!(cp.size <= ledger.size(), "{n} is ahead of the ledger");
        } else {
            assert!(
                n.ends_with(".minisig") || n.ends_with(".verdict.txt") || n == "metrics.prom",
                "unexpected outbox file {n}"
            );
        }
    }
    for sha in shas {
        assert!(
            by_sha.contains_key(sha),
            "bundle {sha} has no verdict or receipt"
        );
    }
    assert_eq!(by_sha.len(), shas.len(), "results for unknown bundles");
    by_sha
}

/// The ledger as the real sqlite3 CLI sees it: each bundle exactly once.
fn check_ledger(home: &Path, shas: &[String]) {
    let out = run_ok(
        Command::new("sqlite3")
            .arg("-readonly")
            .arg(home.join("ledger.sqlite"))
            .arg("SELECT bundle_sha256 FROM entries WHERE kind IN ('verdict','rejection') ORDER BY idx;"),
    );
    let mut got: Vec<&str> = out.lines().collect();
    let n = got.len();
    got.sort();
    got.dedup();
    assert_eq!(got.len(), n, "a bundle has two ledger entries");
    let mut want: Vec<&str> = shas.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(got, want, "ledger entries are not one per bundle");
    let v = run(Command::new(bin())
        .args(["ledger", "verify", "--home"])
        .arg(home));
    assert!(
        v.status.success(),
        "ledger verify failed: {}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}

fn template() -> Template {
    let mut fx = Fixture::new();
    let mut shas = Vec::new();
    let work = fx.tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    for i in 0..BUNDLES {
        let id = format!("R-{i:03}");
        let mut s = RequestSpec::new(
            &mut fx,
            &id,
            "Create an SQS queue",
            small_plan(&format!("q{i}")),
        );
        // A few bundles are rejected (misrouted or stale), so receipts are exercised too.
        if i % 10 == 3 {
            s.station_id = "st-elsewhere".into();
        }
        if i % 10 == 7 {
            s.created_at = utc(-3 * 86_400);
            s.expires_at = utc(-86_400);
        }
        let p = put_bundle(&fx, &s, &format!("b{i:03}.aab"));
        shas.push(sha256_file(&p));
    }
    // Reference: an uninterrupted run on a copy.
    let dir = fx.tmp.path().join("reference");
    let (home, usb) = fresh_copy(&fx, &dir);
    let out = process_cmd(&home, &usb).output().unwrap();
    assert!(
        out.status.code() == Some(4),
        "reference run: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let reference = check_outbox(&home, &usb, &shas, true);
    check_ledger(&home, &shas);
    Template {
        fx,
        shas,
        reference,
    }
}

fn fresh_copy(fx: &Fixture, dir: &Path) -> (PathBuf, PathBuf) {
    let home = dir.join("station");
    let usb = dir.join("usb");
    copy_dir(&fx.home, &home);
    std::fs::remove_file(home.join("station.lock")).ok();
    copy_dir(&fx.inbox(), &usb.join("inbox"));
    (home, usb)
}

/// Re-runs to completion and checks every invariant against the reference run.
fn recover_and_check(t: &Template, home: &Path, usb: &Path, label: &str) {
    let out = process_cmd(home, usb).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{label}: re-run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = check_outbox(home, usb, &t.shas, false);
    assert_eq!(
        got, t.reference,
        "{label}: outcomes differ from an uninterrupted run"
    );
    check_ledger(home, &t.shas);
}

#[test]
fn sigkill_at_every_point_then_rerun_repairs_everything() {
    let t = template();
    let cases: &[&str] = &[
        "after-lock:1",
        "after-ledger-open:1",
        "after-outbox-open:1",
        "after-scan:1",
        "after-read:1",
        "after-read:30",
        "after-decrypt:17",
        "after-request-parse:40",
        "after-checks:12",
        "after-evaluate:5",
        "before-ledger-commit:1",
        "before-ledger-commit:3",
        "after-ledger-commit:1",
        "after-ledger-commit:2",
        "before-outbox-write:2",
        "after-temp-write:1",
        "after-temp-write:25",
        "after-temp-sync:2",
        "after-rename:1",
        "after-rename:31",
        "between-verdict-and-minisig:7",
        "between-minisig-and-txt:9",
        "before-dir-fsync:1",
        "after-dir-fsync:3",
        "after-batch:1",
        "after-batch:3",
    ];
    let mut points = std::collections::BTreeSet::new();
    for (i, spec) in cases.iter().enumerate() {
        let dir = t.fx.tmp.path().join(format!("case{i}"));
        let (home, usb) = fresh_copy(&t.fx, &dir);
        let out = process_cmd(&home, &usb)
            .env("AIRGAP_AUDIT_FAULT", spec)
            .output()
            .unwrap();
        assert_eq!(
            out.status.signal(),
            Some(9),
            "{spec}: the fault point was not reached ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        points.insert(spec.split(':').next().unwrap());
        recover_and_check(&t, &home, &usb, spec);
    }

    // Killed while re-emitting: first lose files after the commit, then kill the re-emission.
    let dir = t.fx.tmp.path().join("reemit");
    let (home, usb) = fresh_copy(&t.fx, &dir);
    let out = process_cmd(&home, &usb)
        .env("AIRGAP_AUDIT_FAULT", "after-ledger-commit:2")
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(9));
    let out = process_cmd(&home, &usb)
        .env("AIRGAP_AUDIT_FAULT", "after-reemit:1")
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(9), "after-reemit not reached");
    points.insert("after-reemit");
    recover_and_check(&t, &home, &usb, "after-reemit");

    assert!(
        points.len() >= 20,
        "only {} distinct kill points: {points:?}",
        points.len()
    );
}

#[test]
fn sigkill_at_random_moments_then_rerun_repairs_everything() {
    let t = template();
    // How long an uninterrupted run takes here, to spread the kills over it.
    let dir = t.fx.tmp.path().join("timing");
    let (home, usb) = fresh_copy(&t.fx, &dir);
    let start = std::time::Instant::now();
    let _ = process_cmd(&home, &usb).output().unwrap();
    let full_ms = start.elapsed().as_millis().max(20) as u64;
    let mut rng_state: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rand = move |n: u64| {
        // xorshift64: a seeded, reproducible-from-the-log sequence.
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        rng_state % n.max(1)
    };
    for round in 0..8 {
        let dir = t.fx.tmp.path().join(format!("random{round}"));
        let (home, usb) = fresh_copy(&t.fx, &dir);
        // Up to two kills in a row (a crash during the recovery run too), then a full run.
        let mut delays = Vec::new();
        for _ in 0..(1 + rand(2)) {
            let delay = rand(full_ms);
            delays.push(delay);
            let mut child = process_cmd(&home, &usb).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        }
        recover_and_check(&t, &home, &usb, &format!("random kill after {delays:?} ms"));
    }
}
