/*!
Station-level hostile and stale input (issue 3, "Bad input"): every case gets a signed rejection
receipt (verified with the real `minisign -V`) or one clear error line; nothing panics; nothing
already recorded is lost (a good bundle processed first keeps its verdict and ledger entry).

Bundles are built with the real `zstd`, `minisign`, `tar`, `age` CLIs (the inbox-spec recipe);
tar layouts that GNU tar will not produce (`../` names, duplicates) are assembled with the crate's
ustar writer and still encrypted with the real `age`.
*/
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Builds the pieces of a bundle in `dir`: request.json.zst and its signature by `signer`.
fn pieces(fx: &Fixture, dir: &Path, doc: &[u8], signer: &KeyPair) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("request.json"), doc).unwrap();
    run_ok(Command::new("zstd").current_dir(dir).args([
        "-q",
        "-f",
        "request.json",
        "-o",
        "request.json.zst",
    ]));
    run_ok(
        Command::new("minisign")
            .current_dir(dir)
            .args(["-S", "-s"])
            .arg(&signer.secret)
            .args(["-m", "request.json.zst"]),
    );
    let _ = fx;
}

fn encrypt(plain: &[u8], recipient: &str, work: &Path, out: &Path) {
    let p = work.join(format!(
        "plain-{}.tar",
        out.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&p, plain).unwrap();
    run_ok(
        Command::new("age")
            .args(["-r", recipient, "-o"])
            .arg(out)
            .arg(&p),
    );
}

fn custom_tar(members: &[(&str, &[u8], u8)]) -> Vec<u8> {
    let mut t = Vec::new();
    for (name, data, flag) in members {
        airgap_audit::envelope::bundle::tar_append(&mut t, name, data, *flag);
    }
    airgap_audit::envelope::bundle::tar_finish(&mut t);
    t
}

/// Parses `process` stdout into file → line.
fn lines_by_file(stdout: &str) -> BTreeMap<String, String> {
    stdout
        .lines()
        .filter(|l| !l.starts_with("batch:"))
        .filter_map(|l| {
            l.split_once(": ")
                .map(|(f, r)| (f.to_string(), r.to_string()))
        })
        .collect()
}

/// The receipt for a bundle file: its reason code, after checking the real minisign verifies it.
fn receipt_code(fx: &Fixture, bundle: &Path) -> String {
    let sha = sha256_file(bundle);
    let json = fx.outbox().join(format!("{sha}.rejection.json"));
    assert!(json.exists(), "no receipt for {}", bundle.display());
    assert!(
        minisign_verifies(&fx.verdict_pub(), &json),
        "receipt for {} does not verify with minisign -V",
        bundle.display()
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["bundle_sha256"], sha);
    assert_eq!(v["format"], "airgap-audit/rejection/v1");
    v["reason_code"].as_str().unwrap().to_string()
}

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "the station panicked:\n{stderr}"
    );
}

#[test]
fn every_hostile_bundle_gets_a_signed_receipt_and_good_ones_survive() {
    let mut fx = Fixture::new();
    let work = fx.tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    // Lower the bundle cap so "oversized" needs only a small file (station.toml is operator config).
    let cfg = std::fs::read_to_string(fx.home.join("station.toml")).unwrap();
    let cfg = cfg.replace("max_bundle_bytes = 33554432", "max_bundle_bytes = 2000000");
    assert!(cfg.contains("max_bundle_bytes = 2000000"));
    std::fs::write(fx.home.join("station.toml"), cfg).unwrap();

    // A good bundle first: its verdict must survive everything below.
    let good = RequestSpec::new(&mut fx, "R-good", "Create an SQS queue", small_plan("good"));
    let good_path = put_bundle(&fx, &good, "000-good.aab");
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    let good_verdict = std::fs::read(fx.outbox().join("R-good.verdict.json")).unwrap();

    let mut expect: Vec<(PathBuf, &[&str])> = Vec::new();
    let ok_doc = |fx: &mut Fixture, id: &str| {
        RequestSpec::new(fx, id, "Create an SQS queue", small_plan("q")).document()
    };

    // Unsigned: the tar holds only the compressed request.
    let d = work.join("unsigned");
    let doc = ok_doc(&mut fx, "R-unsigned");
    pieces(&fx, &d, &doc, &fx.orchestrator);
    let p = fx.inbox().join("unsigned.aab");
    tar_and_encrypt(&d, &["request.json.zst"], &fx.recipient, &p);
    expect.push((p, &["unsigned", "missing_member"]));

    // Signed by a key the station does not trust.
    let stranger = minisign_keypair(&work, "stranger");
    let d = work.join("untrusted");
    let doc = ok_doc(&mut fx, "R-untrusted");
    pieces(&fx, &d, &doc, &stranger);
    let p = fx.inbox().join("untrusted.aab");
    tar_and_encrypt(
        &d,
        &["request.json.zst", "request.json.zst.minisig"],
        &fx.recipient,
        &p,
    );
    expect.push((p, &["untrusted_key"]));

    // Bad signature: a trusted key's signature of other bytes.
    let d = work.join("badsig");
    let doc = ok_doc(&mut fx, "R-badsig");
    pieces(&fx, &d, &doc, &fx.orchestrator);
    let other = work.join("other");
    let doc2 = ok_doc(&mut fx, "R-other");
    pieces(&fx, &other, &doc2, &fx.orchestrator);
    std::fs::copy(
        other.join("request.json.zst.minisig"),
        d.join("request.json.zst.minisig"),
    )
    .unwrap();
    let p = fx.inbox().join("badsig.aab");
    tar_and_encrypt(
        &d,
        &["request.json.zst", "request.json.zst.minisig"],
        &fx.recipient,
        &p,
    );
    expect.push((p, &["bad_signature"]));

    // Truncated and bit-flipped ciphertext of a good bundle.
    let base = RequestSpec::new(&mut fx, "R-base", "Create an SQS queue", small_plan("b"));
    let base_path = work.join("base.aab");
    seal_with_clis(
        &work,
        &base.document(),
        &fx.orchestrator,
        &fx.recipient,
        &base_path,
    );
    let bytes = std::fs::read(&base_path).unwrap();
    let p = fx.inbox().join("truncated.aab");
    std::fs::write(&p, &bytes[..bytes.len() - 40]).unwrap();
    expect.push((p, &["decrypt_failed"]));
    let mut flipped = bytes.clone();
    let at = flipped.len() - 100;
    flipped[at] ^= 0x01;
    let p = fx.inbox().join("bitflip.aab");
    std::fs::write(&p, &flipped).unwrap();
    expect.push((p, &["decrypt_failed"]));
    let p = fx.inbox().join("not-age.aab");
    std::fs::write(&p, b"this is not an age file at all\n").unwrap();
    expect.push((p, &["not_age_encrypted"]));

    // Encrypted to another station.
    let other_id = work.join("other-age.key");
    run_ok(Command::new("age-keygen").arg("-o").arg(&other_id));
    let other_recipient = run_ok(Command::new("age-keygen").arg("-y").arg(&other_id))
        .trim()
        .to_string();
    let wr = RequestSpec::new(
        &mut fx,
        "R-wrongrcpt",
        "Create an SQS queue",
        small_plan("w"),
    );
    let p = fx.inbox().join("wrong-recipient.aab");
    seal_with_clis(
        &work,
        &wr.document(),
        &fx.orchestrator,
        &other_recipient,
        &p,
    );
    expect.push((p, &["wrong_recipient"]));

    // zstd bomb: 80 MiB of zeros (over the 64 MiB request cap), validly signed.
    let d = work.join("bomb");
    std::fs::create_dir_all(&d).unwrap();
    let zeros = vec![0u8; 80 << 20];
    std::fs::write(d.join("request.json"), &zeros).unwrap();
    drop(zeros);
    run_ok(Command::new("zstd").current_dir(&d).args([
        "-q",
        "-19",
        "request.json",
        "-o",
        "request.json.zst",
    ]));
    std::fs::remove_file(d.join("request.json")).unwrap();
    run_ok(
        Command::new("minisign")
            .current_dir(&d)
            .args(["-S", "-s"])
            .arg(&fx.orchestrator.secret)
            .args(["-m", "request.json.zst"]),
    );
    let p = fx.inbox().join("zstd-bomb.aab");
    tar_and_encrypt(
        &d,
        &["request.json.zst", "request.json.zst.minisig"],
        &fx.recipient,
        &p,
    );
    expect.push((p, &["decompressed_too_large"]));

    // Tar layouts: extra member, symlink member, `../` path, duplicate name.
    let d = work.join("tarcases");
    let doc = ok_doc(&mut fx, "R-tar");
    pieces(&fx, &d, &doc, &fx.orchestrator);
    let zst = std::fs::read(d.join("request.json.zst")).unwrap();
    let sig = std::fs::read(d.join("request.json.zst.minisig")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        (
            "extra-member.aab",
            custom_tar(&[
                ("request.json.zst", &zst, b'0'),
                ("request.json.zst.minisig", &sig, b'0'),
                ("payload.sh", b"#!/bin/sh\n", b'0'),
            ]),
            &["unexpected_member"],
        ),
        (
            "symlink-member.aab",
            custom_tar(&[
                ("request.json.zst", &zst, b'0'),
                ("request.json.zst.minisig", b"", b'2'),
            ]),
            &["symlink_member"],
        ),
        (
            "dotdot.aab",
            custom_tar(&[
                ("../request.json.zst", &zst, b'0'),
                ("request.json.zst.minisig", &sig, b'0'),
            ]),
            &["path_traversal"],
        ),
        (
            "duplicate.aab",
            custom_tar(&[
                ("request.json.zst", &zst, b'0'),
                ("request.json.zst", &zst, b'0'),
                ("request.json.zst.minisig", &sig, b'0'),
            ]),
            &["duplicate_member", "member_order"],
        ),
    ];
    for (name, plain, codes) in cases {
        let p = fx.inbox().join(name);
        encrypt(&plain, &fx.recipient, &work, &p);
        expect.push((p, codes));
    }

    // Oversized file (over the lowered 2 MB cap), random so it is not mistaken for anything.
    let p = fx.inbox().join("oversized.aab");
    let big: Vec<u8> = (0..2_500_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&p, big).unwrap();
    expect.push((p, &["bundle_too_large"]));

    // Stale or misrouted, but authentic.
    let mut s = RequestSpec::new(&mut fx, "R-expired", "Create an SQS queue", small_plan("e"));
    s.created_at = utc(-3 * 86_400);
    s.expires_at = utc(-86_400);
    expect.push((put_bundle(&fx, &s, "expired.aab"), &["expired"]));
    let mut s = RequestSpec::new(&mut fx, "R-future", "Create an SQS queue", small_plan("f"));
    s.created_at = utc(3600);
    s.expires_at = utc(2 * 86_400);
    expect.push((put_bundle(&fx, &s, "future.aab"), &["from_future"]));
    let mut s = RequestSpec::new(&mut fx, "R-station", "Create an SQS queue", small_plan("s"));
    s.station_id = "st-somewhere-else".into();
    expect.push((put_bundle(&fx, &s, "wrong-station.aab"), &["wrong_station"]));

    // Replay: a new bundle reusing the judged request id R-good.
    let s = RequestSpec::new(&mut fx, "R-good", "Create an SQS queue", small_plan("r"));
    expect.push((put_bundle(&fx, &s, "replay.aab"), &["replayed_request_id"]));
    // Rollback: sequence 1 was used by R-good.
    let mut s = RequestSpec::new(
        &mut fx,
        "R-rollback",
        "Create an SQS queue",
        small_plan("x"),
    );
    s.sequence = good.sequence;
    expect.push((put_bundle(&fx, &s, "rollback.aab"), &["sequence_rollback"]));

    // Inbox oddities: a symlink to a real bundle outside, a stray file, a folder.
    let outside = work.join("outside.aab");
    let s = RequestSpec::new(&mut fx, "R-outside", "Create an SQS queue", small_plan("o"));
    seal_with_clis(
        &work,
        &s.document(),
        &fx.orchestrator,
        &fx.recipient,
        &outside,
    );
    std::os::unix::fs::symlink(&outside, fx.inbox().join("link.aab")).unwrap();
    std::fs::write(fx.inbox().join("README.txt"), b"hello").unwrap();
    std::fs::create_dir(fx.inbox().join("folder.aab")).unwrap();

    let out = fx.process(&[]);
    let (o, e) = text(&out);
    no_panic(&e);
    assert_eq!(out.status.code(), Some(4), "stdout:\n{o}\nstderr:\n{e}");
    let lines = lines_by_file(&o);
    for (p, codes) in &expect {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let line = lines
            .get(&name)
            .unwrap_or_else(|| panic!("no line for {name} in:\n{o}"));
        assert!(line.starts_with("rejected: "), "{name}: {line}");
        let code = receipt_code(&fx, p);
        assert!(
            codes.contains(&code.as_str()),
            "{name}: reason_code {code}, expected one of {codes:?} ({line})"
        );
    }
    for name in ["link.aab", "README.txt", "folder.aab"] {
        let line = lines
            .get(name)
            .unwrap_or_else(|| panic!("no line for {name}:\n{o}"));
        assert!(line.starts_with("skipped: "), "{name}: {line}");
    }
    assert!(lines["link.aab"].contains("symlink"));
    // The symlink's target was never judged.
    assert!(!fx.outbox().join("R-outside.verdict.json").exists());
    // The good verdict is untouched; the ledger holds exactly one entry per bundle.
    assert_eq!(
        std::fs::read(fx.outbox().join("R-good.verdict.json")).unwrap(),
        good_verdict
    );
    let entries = ledger_bundle_entries(&fx);
    assert_eq!(entries.len(), expect.len() + 1, "{entries:?}");
    assert!(entries.contains(&("verdict".into(), sha256_file(&good_path))));
    let (code, msg) = fx.ledger_verify();
    assert_eq!(code, 0, "{msg}");

    // A second run changes nothing and judges nothing again.
    let before = outbox_files(&fx);
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    no_panic(&e);
    assert_eq!(out.status.code(), Some(4), "{o}{e}");
    assert_eq!(ledger_bundle_entries(&fx).len(), expect.len() + 1);
    assert_eq!(outbox_files(&fx), before);
}

#[test]
fn sequence_order_not_file_names_decides_rollback() {
    let mut fx = Fixture::new();
    // Names sort opposite to sequence numbers: both must be judged, neither is a rollback.
    let a = RequestSpec::new(&mut fx, "R-a", "Create an SQS queue", small_plan("a"));
    let b = RequestSpec::new(&mut fx, "R-b", "Create an SQS queue", small_plan("b"));
    put_bundle(&fx, &b, "a-first-by-name.aab");
    put_bundle(&fx, &a, "z-last-by-name.aab");
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(fx.outbox().join("R-a.verdict.json").exists());
    assert!(fx.outbox().join("R-b.verdict.json").exists());
    // The same request id twice in one inbox: the first in sequence order wins.
    let c1 = RequestSpec::new(&mut fx, "R-c", "Create an SQS queue", small_plan("c"));
    let c2 = RequestSpec::new(&mut fx, "R-c", "Create an SQS queue", small_plan("d"));
    let p2 = put_bundle(&fx, &c2, "c1.aab");
    put_bundle(&fx, &c1, "c2.aab");
    let out = fx.process(&[]);
    let (o, _) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{o}");
    assert_eq!(receipt_code(&fx, &p2), "replayed_request_id");
}

#[test]
fn same_bytes_under_two_names_are_judged_once() {
    let mut fx = Fixture::new();
    let a = RequestSpec::new(&mut fx, "R-dup", "Create an SQS queue", small_plan("a"));
    let p = put_bundle(&fx, &a, "one.aab");
    std::fs::copy(&p, fx.inbox().join("two.aab")).unwrap();
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(o.contains("two.aab: same bytes as one.aab"), "{o}");
    assert_eq!(ledger_bundle_entries(&fx).len(), 1);
}

#[test]
fn edited_ledger_row_stops_the_station_and_names_the_index() {
    let mut fx = Fixture::new();
    for i in 0..3 {
        let s = RequestSpec::new(
            &mut fx,
            &format!("R-{i}"),
            "Create an SQS queue",
            small_plan(&format!("q{i}")),
        );
        put_bundle(&fx, &s, &format!("{i}.aab"));
    }
    assert_eq!(fx.process(&[]).status.code(), Some(0));
    let db = fx.home.join("ledger.sqlite");
    // Find the first verdict entry's index, then edit it as an attacker with the sqlite3 CLI
    // would: drop the append-only trigger, change the decision, put the trigger back.
    let idx = run_ok(
        Command::new("sqlite3")
            .arg(&db)
            .arg("SELECT min(idx) FROM entries WHERE kind = 'verdict';"),
    )
    .trim()
    .to_string();
    let trigger = run_ok(
        Command::new("sqlite3")
            .arg(&db)
            .arg("SELECT sql FROM sqlite_master WHERE name = 'entries_no_update';"),
    );
    let sql = format!(
        "DROP TRIGGER entries_no_update; \
         UPDATE entries SET decision = CASE decision WHEN 'veto' THEN 'approve' ELSE 'veto' END \
         WHERE idx = {idx}; {};",
        trigger.trim()
    );
    run_ok(Command::new("sqlite3").arg(&db).arg(&sql));
    let before = outbox_files(&fx);
    let s = RequestSpec::new(
        &mut fx,
        "R-after",
        "Create an SQS queue",
        small_plan("after"),
    );
    put_bundle(&fx, &s, "after.aab");
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    let line = e.trim();
    assert_eq!(line.lines().count(), 1, "one line: {e}");
    assert!(
        line.contains(&format!("ledger entry {idx}")),
        "names index {idx}: {line}"
    );
    // Nothing was processed and nothing already written was touched.
    assert_eq!(outbox_files(&fx), before);
    assert!(!fx.outbox().join("R-after.verdict.json").exists());
}

#[test]
fn second_concurrent_run_is_refused_with_one_line() {
    let fx = Fixture::new();
    // The station locks its home folder itself (a lock file could be deleted from under a run).
    let mut holder = Command::new("flock")
        .arg("-x")
        .arg(&fx.home)
        .args(["sleep", "5"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let out = fx.process(&[]);
    let _ = holder.kill();
    let _ = holder.wait();
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("already running"), "{e}");
}

#[test]
fn group_or_world_readable_secret_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    let key = fx.home.join("keys/verdict.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("chmod 600"), "{e}");
}

/// Mounts a small tmpfs (we are root in CI); `None` with a printed reason when that fails.
fn mount_tmpfs(dir: &Path, opts: &str) -> Option<()> {
    std::fs::create_dir_all(dir).unwrap();
    let out = run(Command::new("mount")
        .args(["-t", "tmpfs", "-o", opts, "tmpfs"])
        .arg(dir));
    if out.status.success() {
        Some(())
    } else {
        eprintln!(
            "SKIPPED: cannot mount a tmpfs here ({}); outbox-full/read-only case not run",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        None
    }
}

fn umount(dir: &Path) {
    let _ = run(Command::new("umount").arg("-l").arg(dir));
}

#[test]
fn unwritable_outbox_is_one_error_and_a_rerun_completes() {
    let mut fx = Fixture::new();
    for i in 0..3 {
        let s = RequestSpec::new(
            &mut fx,
            &format!("R-ro{i}"),
            "Create an SQS queue",
            small_plan(&format!("q{i}")),
        );
        put_bundle(&fx, &s, &format!("{i}.aab"));
    }
    let outbox = fx.outbox();
    if mount_tmpfs(&outbox, "size=64k").is_none() {
        return;
    }
    let remount = run(Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&outbox));
    assert!(remount.status.success());
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    let _ = run(Command::new("mount")
        .args(["-o", "remount,rw"])
        .arg(&outbox));
    no_panic(&e);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("read-only"), "{e}");
    // Refused before anything was recorded.
    assert_eq!(ledger_bundle_entries(&fx).len(), 0);
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    umount(&outbox);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
}

#[test]
fn full_outbox_keeps_what_was_recorded_and_a_rerun_reemits_it() {
    let mut fx = Fixture::new();
    let mut ids = Vec::new();
    for i in 0..12 {
        let id = format!("R-full{i:02}");
        let s = RequestSpec::new(
            &mut fx,
            &id,
            "Create an SQS queue",
            small_plan(&format!("q{i}")),
        );
        put_bundle(&fx, &s, &format!("{i:02}.aab"));
        ids.push(id);
    }
    let outbox = fx.outbox();
    // 64 KiB holds a few verdicts (each ~3-5 KB in three files) but not twelve.
    if mount_tmpfs(&outbox, "size=64k").is_none() {
        return;
    }
    let out = fx.process(&[("AIRGAP_AUDIT_LOG", "off")]);
    let (o, e) = text(&out);
    no_panic(&e);
    assert_eq!(out.status.code(), Some(2), "stdout:\n{o}\nstderr:\n{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("full"), "{e}");
    // Every bundle was judged and recorded before the writes failed.
    let recorded = ledger_bundle_entries(&fx).len();
    assert_eq!(recorded, 12, "all recorded in the ledger (one batch)");
    // No temp files or partial files under final names.
    for f in outbox_files(&fx) {
        assert!(!f.starts_with('.'), "temp file left: {f}");
    }
    // Move the results to a bigger stick (copy what is there) and re-run: everything is emitted
    // from the ledger, nothing is judged twice.
    let kept = fx.tmp.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    for f in outbox_files(&fx) {
        std::fs::copy(outbox.join(&f), kept.join(&f)).unwrap();
    }
    umount(&outbox);
    for f in std::fs::read_dir(&kept).unwrap().flatten() {
        std::fs::copy(f.path(), outbox.join(f.file_name())).unwrap();
    }
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert_eq!(ledger_bundle_entries(&fx).len(), 12);
    for id in &ids {
        let v = outbox.join(format!("{id}.verdict.json"));
        assert!(minisign_verifies(&fx.verdict_pub(), &v), "{id}");
    }
}

/// `process --format json` (issue 12): one document per run that follows
/// docs/schemas/process.schema.json, with a verdict, a rejection with its reason code and a
/// skipped entry told apart, and the same exit code as the text output.
#[test]
fn process_json_reports_each_outcome_and_follows_its_schema() {
    let mut fx = Fixture::new();
    let good = RequestSpec::new(&mut fx, "R-json", "Create an SQS queue", small_plan("good"));
    put_bundle(&fx, &good, "000-good.aab");
    std::fs::write(fx.inbox().join("garbage.aab"), b"not an age file").unwrap();
    std::fs::write(fx.inbox().join("notes.txt"), b"stray").unwrap();
    let out = aa()
        .args(["process", "--format", "json"])
        .arg(&fx.usb)
        .arg("--home")
        .arg(&fx.home)
        .env_remove("AIRGAP_AUDIT_HOME")
        .output()
        .unwrap();
    let (o, e) = text(&out);
    let doc: serde_json::Value =
        serde_json::from_str(&o).unwrap_or_else(|err| panic!("{err}: {o}{e}"));
    assert_matches_schema("process.schema.json", &doc);
    assert_eq!(out.status.code(), Some(4), "{o}{e}");
    assert_eq!(doc["exit_code"], 4);
    let entries = doc["entries"].as_array().unwrap();
    let outcome = |file: &str| {
        entries
            .iter()
            .find(|x| x["file"] == file)
            .unwrap_or_else(|| panic!("no entry for {file}: {doc}"))
    };
    assert_eq!(outcome("000-good.aab")["outcome"], "verdict");
    assert_eq!(outcome("000-good.aab")["request_id"], "R-json");
    assert_eq!(outcome("garbage.aab")["outcome"], "rejected");
    assert!(outcome("garbage.aab")["reason_code"].is_string());
    assert_eq!(outcome("notes.txt")["outcome"], "skipped");
    assert_eq!(doc["summary"]["rejected"], 1);
}
