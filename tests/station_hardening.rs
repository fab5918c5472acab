/*!
Issue 10, "what a hostile pass against the station found": one test per weakness, each run
against the real binary with a station made by `init`, real keys and bundles sealed with the
real `zstd`, `minisign`, `tar` and `age` CLIs (and the real `sqlite3` CLI for ledger edits).
*/
use std::path::Path;
use std::process::Stdio;

use crate::common::*;

/// Characters that must never reach a person's terminal or text file from outside: C0/C1
/// controls and the Unicode bidi controls (plus the line separators terminals break on).
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
        )
}

/// Asserts `text` (named `what`) holds no unsafe character and no line forged by a file name.
fn assert_clean(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| unsafe_char(*c)) {
        panic!("{what} carries the raw character {c:?}:\n{text}");
    }
    for line in text.lines() {
        assert!(
            !line.starts_with("hidden.aab") && !line.starts_with("[8mhidden"),
            "{what}: a file name forged a line of its own: {line:?}\n{text}"
        );
    }
}

/// Hostile inbox file names: a forged approve line with a hidden-text escape, bidi overrides
/// and isolates, a C1 CSI, a carriage return.
const HOSTILE_NAMES: &[&str] = &[
    "0001-PCI.aab: approve S-PCI (0 findings)\n\u{1b}[8mhidden.aab",
    "0002-\u{202E}baa.exe.aab",
    "0003-\u{2066}isolate\u{2069}-\u{202A}\u{202B}\u{202C}\u{202D}.aab",
    "0004-c1-\u{9b}31m-\u{85}.aab",
    "0005-cr\rover.aab",
];

fn watch_once(fx: &Fixture, root: &Path) -> std::process::Output {
    aa().args(["watch", "--once", "--mount-root"])
        .arg(root)
        .arg("--home")
        .arg(&fx.home)
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .env("AIRGAP_AUDIT_LOG", "debug")
        .stdin(Stdio::null())
        .output()
        .expect("run watch")
}

/// Item 1: file names, request text and plan addresses from a stick reach the terminal of
/// `process` and `watch`, `DONE.txt`, `.verdict.txt`, receipts and the log only through the one
/// sanitiser.
#[test]
fn outside_text_cannot_forge_or_hide_lines_in_any_output_for_a_person() {
    let mut fx = Fixture::new();
    // A judged bundle whose request text and plan address carry bidi and escape characters.
    let mut plan: serde_json::Value = serde_json::from_slice(&small_plan("jobs")).unwrap();
    plan["resource_changes"][0]["address"] =
        serde_json::json!("aws_sqs_queue.jobs\u{202E}\u{1b}[2J\u{9b}");
    plan["resource_changes"][0]["name"] = serde_json::json!("jobs\u{202E}\u{1b}[2J\u{9b}");
    let spec = RequestSpec::new(
        &mut fx,
        "R-hostile-text",
        "Add a queue \u{202E}named jobs\u{2066} \u{9b}2J for the dev team",
        serde_json::to_vec(&plan).unwrap(),
    );
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        if i == 0 {
            put_bundle(&fx, &spec, name);
        } else {
            // Junk under a hostile name: a rejection, whose receipt names the file.
            std::fs::write(fx.inbox().join(name), format!("not a bundle {i}")).unwrap();
        }
    }
    let out = fx.process(&[("AIRGAP_AUDIT_LOG", "debug")]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert_eq!(
        stdout.lines().count(),
        HOSTILE_NAMES.len() + 1,
        "one line per file and the summary:\n{stdout}"
    );
    assert_clean("process stdout", &stdout);
    assert_clean("process stderr (log)", &stderr);
    let mut txt_seen = 0;
    for f in outbox_files(&fx) {
        let body = std::fs::read_to_string(fx.outbox().join(&f)).unwrap();
        if f.ends_with(".verdict.txt") {
            txt_seen += 1;
            assert_clean(&f, &body);
        }
        if f.ends_with(".rejection.json") {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_clean(
                &format!("{f} bundle_file"),
                v["bundle_file"].as_str().unwrap(),
            );
        }
    }
    assert_eq!(txt_seen, 1, "the judged bundle has its .verdict.txt");

    // The same names on a stick whose own folder name is hostile, through `watch`.
    let root = fx.tmp.path().join("media");
    let stick = root.join("stick\u{1b}[2J\u{202E}");
    std::fs::create_dir_all(stick.join("inbox")).unwrap();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        std::fs::write(stick.join("inbox").join(name), format!("junk {i}")).unwrap();
    }
    let w = watch_once(&fx, &root);
    let (wout, werr) = text(&w);
    assert_eq!(w.status.code(), Some(4), "{wout}{werr}");
    assert_clean("watch stdout", &wout);
    assert_clean("watch stderr (log)", &werr);
    let done = std::fs::read_to_string(stick.join("DONE.txt")).unwrap();
    assert_clean("DONE.txt", &done);
    assert!(
        done.contains('\u{FFFD}'),
        "hostile characters are replaced visibly:\n{done}"
    );

    // `check` prints the same plan text on the terminal.
    let plan_file = fx.tmp.path().join("hostile-plan.json");
    std::fs::write(&plan_file, serde_json::to_vec(&plan).unwrap()).unwrap();
    let c = run(aa()
        .args([
            "check",
            "--request",
            "Add a queue \u{202E}named jobs\u{1b}[8m",
            "--plan",
        ])
        .arg(&plan_file));
    let (cout, cerr) = text(&c);
    assert!(cout.contains("jobs"), "{cout}{cerr}");
    assert_clean("check stdout", &cout);
    assert_clean("check stderr", &cerr);
}

/// Item 13: a trusted-signed request with a value the station cannot record (`sequence` 2^63)
/// is that one bundle's signed rejection; the other bundles on the stick are still judged and
/// the run does not stop with exit 2.
#[test]
fn out_of_range_value_rejects_one_bundle_not_the_whole_stick() {
    let mut fx = Fixture::new();
    let good1 = RequestSpec::new(
        &mut fx,
        "R-good-1",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    let mut huge = RequestSpec::new(
        &mut fx,
        "R-huge",
        "Add a queue named big",
        small_plan("big"),
    );
    huge.sequence = 1 << 63;
    let good2 = RequestSpec::new(
        &mut fx,
        "R-good-2",
        "Add a queue named mail",
        small_plan("mail"),
    );
    put_bundle(&fx, &good1, "a.aab");
    let bad = put_bundle(&fx, &huge, "b.aab");
    put_bundle(&fx, &good2, "c.aab");
    let out = fx.process(&[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert!(
        stdout.contains("R-good-1") && stdout.contains("R-good-2"),
        "{stdout}"
    );
    let receipt = fx
        .outbox()
        .join(format!("{}.rejection.json", sha256_file(&bad)));
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&receipt).expect("a receipt for the bad bundle"))
            .unwrap();
    assert_eq!(r["reason_code"], "bad_request_document", "{r}");
    assert!(r["reason"].as_str().unwrap().contains("sequence"), "{r}");
    let mut sig = receipt.into_os_string();
    sig.push(".minisig");
    assert!(std::path::Path::new(&sig).exists());
    for id in ["R-good-1", "R-good-2"] {
        assert!(
            fx.outbox().join(format!("{id}.verdict.json")).exists(),
            "{id}"
        );
    }
    assert_eq!(fx.ledger_verify().0, 0);
}

/// The receipt of a bundle file in the outbox (its `reason_code`).
fn receipt_code(fx: &Fixture, bundle: &Path) -> String {
    let receipt = fx
        .outbox()
        .join(format!("{}.rejection.json", sha256_file(bundle)));
    let r: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&receipt).unwrap_or_else(|e| panic!("{}: {e}", receipt.display())),
    )
    .unwrap();
    r["reason_code"].as_str().unwrap().to_string()
}

/// An age header of `n` junk X25519 stanzas (no key needed to write it), then junk payload.
fn junk_stanzas(n: usize) -> Vec<u8> {
    let b64 = "A".repeat(43);
    let mut v = b"age-encryption.org/v1\n".to_vec();
    for _ in 0..n {
        v.extend_from_slice(format!("-> X25519 {b64}\n{b64}\n").as_bytes());
    }
    v.extend_from_slice(format!("--- {b64}\n").as_bytes());
    v.extend_from_slice(&[7u8; 4096]);
    v
}

/// Item 12: junk stanzas in an unauthenticated age header are refused by their count and the
/// header's size before any parsing (10,000 of them took 33 s to parse before), and the rest
/// of the stick is judged.
#[test]
fn age_header_stanza_flood_is_refused_before_parsing() {
    let mut fx = Fixture::new();
    let flood = fx.inbox().join("flood.aab");
    std::fs::write(&flood, junk_stanzas(10_000)).unwrap();
    let three = fx.inbox().join("three.aab");
    std::fs::write(&three, junk_stanzas(3)).unwrap();
    let good = RequestSpec::new(
        &mut fx,
        "R-after-flood",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    put_bundle(&fx, &good, "z-good.aab");
    let t = std::time::Instant::now();
    let out = fx.process(&[]);
    let took = t.elapsed();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert_eq!(receipt_code(&fx, &flood), "age_header_too_large");
    assert_eq!(receipt_code(&fx, &three), "age_header_too_large");
    assert!(
        fx.outbox().join("R-after-flood.verdict.json").exists(),
        "{stdout}"
    );
    // Generous bound for a debug build on a shared machine; the quadratic parse took 33 s.
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
}

/// Item 16 (envelope): the spec says one age recipient, the station. A bundle the real `age`
/// CLI encrypted to the station and to another key is refused.
#[test]
fn bundle_encrypted_to_two_recipients_is_refused() {
    let mut fx = Fixture::new();
    let spec = RequestSpec::new(
        &mut fx,
        "R-two-recipients",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    let other = fx.tmp.path().join("other.agekey");
    run_ok(
        std::process::Command::new("age-keygen")
            .arg("-o")
            .arg(&other),
    );
    let other_pub = run_ok(
        std::process::Command::new("age-keygen")
            .arg("-y")
            .arg(&other),
    );
    let work = tempfile::tempdir_in(fx.tmp.path()).unwrap();
    std::fs::write(work.path().join("request.json"), spec.document()).unwrap();
    run_ok(
        std::process::Command::new("zstd")
            .current_dir(work.path())
            .args(["-q", "request.json", "-o", "request.json.zst"]),
    );
    run_ok(
        std::process::Command::new("minisign")
            .current_dir(work.path())
            .args(["-S", "-s"])
            .arg(&fx.orchestrator.secret)
            .args(["-m", "request.json.zst", "-t", "test bundle"]),
    );
    run_ok(
        std::process::Command::new("tar")
            .current_dir(work.path())
            .args([
                "--format=ustar",
                "-cf",
                "bundle.tar",
                "request.json.zst",
                "request.json.zst.minisig",
            ]),
    );
    let bundle = fx.inbox().join("two.aab");
    run_ok(
        std::process::Command::new("age")
            .args(["-r", &fx.recipient, "-r", other_pub.trim(), "-o"])
            .arg(&bundle)
            .arg(work.path().join("bundle.tar")),
    );
    let out = fx.process(&[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert_eq!(receipt_code(&fx, &bundle), "multiple_recipients");
    assert!(!fx.outbox().join("R-two-recipients.verdict.json").exists());
}

/// Seals a request document given as raw bytes (for documents `RequestSpec` cannot write).
fn put_raw_document(fx: &Fixture, doc: &[u8], name: &str) -> std::path::PathBuf {
    let out = fx.inbox().join(name);
    seal_with_clis(fx.tmp.path(), doc, &fx.orchestrator, &fx.recipient, &out);
    out
}

fn verdict(fx: &Fixture, request_id: &str) -> serde_json::Value {
    let p = fx.outbox().join(format!("{request_id}.verdict.json"));
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

/// Item 16: a plan with a key repeated inside a nested object (serde keeps the last one, so the
/// station and another reader could see two different plans) is an invalid plan, as top-level
/// duplicates already were.
#[test]
fn nested_duplicate_key_in_a_plan_is_an_invalid_plan() {
    let mut fx = Fixture::new();
    let plan = String::from_utf8(small_plan("jobs")).unwrap();
    let dup = plan.replacen(
        "\"Owner\": \"team-a\"",
        "\"Owner\": \"team-b\", \"Owner\": \"team-a\"",
        1,
    );
    assert_ne!(plan, dup);
    let spec = RequestSpec::new(
        &mut fx,
        "R-dup-key",
        "Add a queue named jobs",
        dup.into_bytes(),
    );
    put_bundle(&fx, &spec, "dup.aab");
    let out = fx.process(&[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let v = verdict(&fx, "R-dup-key");
    assert_eq!(v["decision"], "veto", "{v}");
    let f = v["findings"].as_array().unwrap();
    assert!(
        f.iter().any(|f| f["id"] == "invalid_plan"
            && f["message"]
                .as_str()
                .unwrap_or("")
                .contains("\"Owner\" twice")),
        "{v}"
    );
}

/// Item 16: bytes after the request document's closing brace (even whitespace) are refused,
/// as the spec says.
#[test]
fn trailing_bytes_after_the_request_document_are_refused() {
    let mut fx = Fixture::new();
    for (i, tail) in ["\n", "  ", "\n\n\t "].iter().enumerate() {
        let spec = RequestSpec::new(
            &mut fx,
            &format!("R-trail-{i}"),
            "Add a queue named jobs",
            small_plan("jobs"),
        );
        let mut doc = spec.document();
        doc.extend_from_slice(tail.as_bytes());
        let b = put_raw_document(&fx, &doc, &format!("trail-{i}.aab"));
        let out = fx.process(&[]);
        assert_eq!(out.status.code(), Some(4), "{:?}", text(&out));
        assert_eq!(
            receipt_code(&fx, &b),
            "bad_request_document",
            "tail {tail:?}"
        );
    }
}

/// Item 16: an approval valid for 50 years is not a decision about this plan now: it does not
/// count (code `malformed`, with the bound in the reason), and `approval sign` will not make one.
#[test]
fn approval_lifetime_is_bounded() {
    let mut fx = Fixture::new();
    let plan_bytes = small_plan("jobs");
    let plan_file = fx.tmp.path().join("plan.json");
    std::fs::write(&plan_file, &plan_bytes).unwrap();
    let doc = serde_json::json!({
        "approver": "Sam Security",
        "comment": null,
        "expires_at": utc(50 * 365 * 86_400),
        "format": "airgap-audit/approval/v1",
        "issued_at": utc(-60),
        "kind": "security",
        "plan_sha256": sha256_file(&plan_file),
        "request_id": null,
    });
    let approval_file = fx.tmp.path().join("forever.json");
    std::fs::write(&approval_file, serde_json::to_vec(&doc).unwrap()).unwrap();
    run_ok(
        std::process::Command::new("minisign")
            .args(["-S", "-s"])
            .arg(&fx.approver("security").secret)
            .arg("-m")
            .arg(&approval_file),
    );
    let mut sig = approval_file.clone().into_os_string();
    sig.push(".minisig");
    let mut spec = RequestSpec::new(&mut fx, "R-forever", "Add a queue named jobs", plan_bytes);
    spec.approvals.push(Approval {
        approval: std::fs::read_to_string(&approval_file).unwrap(),
        signature: std::fs::read_to_string(&sig).unwrap(),
        path: approval_file.clone(),
    });
    put_bundle(&fx, &spec, "forever.aab");
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let v = verdict(&fx, "R-forever");
    assert_eq!(v["approvals"]["counted"], serde_json::json!([]), "{v}");
    let ignored = &v["approvals"]["ignored"][0];
    assert_eq!(ignored["code"], "malformed", "{v}");
    assert!(
        ignored["reason"].as_str().unwrap().contains("30 days"),
        "{v}"
    );

    let signed = run(aa()
        .args(["approval", "sign", "--kind", "security", "--plan"])
        .arg(&plan_file)
        .arg("--key")
        .arg(&fx.approver("security").secret)
        .args(["--approver", "Sam", "--expires-in", "31d", "--out"])
        .arg(fx.tmp.path().join("long.json")));
    assert_eq!(signed.status.code(), Some(2), "{:?}", text(&signed));
}

/// Item 16: the verdict's trusted comment carries `expires_at`, so stock `minisign -V` alone
/// shows until when the verdict holds.
#[test]
fn verdict_trusted_comment_carries_expiry_for_stock_minisign() {
    let mut fx = Fixture::new();
    let spec = RequestSpec::new(
        &mut fx,
        "R-expiry",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    put_bundle(&fx, &spec, "e.aab");
    assert_eq!(fx.process(&[]).status.code(), Some(0));
    let v = verdict(&fx, "R-expiry");
    let out = run(std::process::Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(fx.verdict_pub())
        .arg("-m")
        .arg(fx.outbox().join("R-expiry.verdict.json")));
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    let want = format!("expires_at={}", v["expires_at"].as_str().unwrap());
    let comment = stdout
        .lines()
        .find(|l| l.starts_with("Trusted comment: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(comment.ends_with(&want), "{comment} lacks {want}");
}

/// Item 16: request ids that differ only in case name the same outbox file on a FAT stick:
/// the second is refused as a replay, in the same inbox and in a later run.
#[test]
fn request_ids_differing_only_in_case_collide() {
    let mut fx = Fixture::new();
    let a = RequestSpec::new(
        &mut fx,
        "R-Case-1",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    let b = RequestSpec::new(
        &mut fx,
        "r-case-1",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    put_bundle(&fx, &a, "a.aab");
    let second = put_bundle(&fx, &b, "b.aab");
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(4), "{:?}", text(&out));
    assert_eq!(receipt_code(&fx, &second), "replayed_request_id");
    let c = RequestSpec::new(
        &mut fx,
        "R-CASE-1",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    let third = put_bundle(&fx, &c, "c.aab");
    let out = fx.process(&[]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert_eq!(receipt_code(&fx, &third), "replayed_request_id");
    assert!(stdout.contains("as R-Case-1"), "{stdout}");
    assert!(fx.outbox().join("R-Case-1.verdict.json").exists());
    assert!(!fx.outbox().join("r-case-1.verdict.json").exists());
}

/// Item 4: every numeric setting of `station.toml` and the policy file has bounds; a value
/// outside them stops `process` at load with exit 2 and one line naming key, value and range.
#[test]
fn out_of_range_settings_are_refused_at_load_naming_key_value_and_range() {
    let fx = Fixture::new();
    let station_toml = fx.home.join("station.toml");
    let policy_toml = fx.home.join("policy.toml");
    let station_text = std::fs::read_to_string(&station_toml).unwrap();
    let policy_text = std::fs::read_to_string(&policy_toml).unwrap();
    // (file, replace this, with this, the key as named in the error, the range)
    let cases: &[(&Path, &str, &str, &str, &str)] = &[
        (
            &station_toml,
            "verdict_ttl_secs = 86400",
            "verdict_ttl_secs = 0",
            "verdict_ttl_secs = 0",
            "60..=2592000",
        ),
        (
            &station_toml,
            "verdict_ttl_secs = 86400",
            "verdict_ttl_secs = 250000000000",
            "verdict_ttl_secs = 250000000000",
            "60..=2592000",
        ),
        (
            &station_toml,
            "clock_skew_secs = 300",
            "clock_skew_secs = 31536000",
            "clock_skew_secs = 31536000",
            "0..=3600",
        ),
        (
            &station_toml,
            "max_bundle_bytes = 33554432",
            "max_bundle_bytes = 0",
            "limits.max_bundle_bytes = 0",
            "1024..=1073741824",
        ),
        (
            &station_toml,
            "max_signature_bytes = 4096",
            "max_signature_bytes = 100000000",
            "limits.max_signature_bytes = 100000000",
            "512..=4096",
        ),
        (
            &policy_toml,
            "threshold = 1000.0",
            "threshold = 1000000000.0",
            "cost.threshold = 1000000000",
            "0..=1000000",
        ),
        (
            &policy_toml,
            "max_bytes = 268435456",
            "max_bytes = 10",
            "plan.max_bytes = 10",
            "1024..=1073741824",
        ),
    ];
    for (file, from, to, key_value, range) in cases {
        let original = if *file == station_toml.as_path() {
            &station_text
        } else {
            &policy_text
        };
        assert!(original.contains(from), "{} lacks {from}", file.display());
        std::fs::write(file, original.replace(from, to)).unwrap();
        let out = fx.process(&[]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{to}: {stdout}{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(key_value) && stderr.contains(range),
            "{to}: {stderr}"
        );
        std::fs::write(file, original).unwrap();
    }
    assert_eq!(
        fx.process(&[]).status.code(),
        Some(0),
        "restored files load"
    );
}

/// Item 5: approvals are listed honestly. The same approval attached twice is listed once
/// (the copy as `duplicate`); a valid approval that cured nothing is listed under `unused`, not
/// `counted`; an approval signed by the orchestrator's key (trusted, for another role) is
/// `wrong_role`, not `untrusted_key`.
#[test]
fn approvals_are_listed_once_by_what_they_did_and_why_not() {
    let mut fx = Fixture::new();
    let mut plan: serde_json::Value = serde_json::from_slice(&small_plan("jobs")).unwrap();
    // No Owner tag: required_tags asks for a human_review approval.
    plan["resource_changes"][0]["change"]["after"]["tags"] =
        serde_json::json!({"Environment": "dev", "CostCenter": "CC-1"});
    let plan_bytes = serde_json::to_vec_pretty(&plan).unwrap();
    let plan_file = fx.tmp.path().join("plan.json");
    std::fs::write(&plan_file, &plan_bytes).unwrap();
    let review = fx.sign_approval_as(
        "human_review",
        &plan_file,
        None,
        fx.approver("security"),
        "7d",
    );
    let finance = fx.sign_approval("finance", &plan_file, None);
    let by_orchestrator = fx.sign_approval_as("security", &plan_file, None, &fx.orchestrator, "7d");
    let mut spec = RequestSpec::new(&mut fx, "R-honest", "Add a queue named jobs", plan_bytes);
    spec.approvals = vec![review, finance.clone(), finance, by_orchestrator];
    put_bundle(&fx, &spec, "honest.aab");
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let v = verdict(&fx, "R-honest");
    assert_eq!(v["decision"], "approve", "{v}");
    let kinds = |k: &str| -> Vec<String> {
        v["approvals"][k]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|a| a["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds("counted"), ["human_review"], "{v}");
    assert_eq!(kinds("unused"), ["finance"], "{v}");
    let codes: Vec<(&str, &str)> = v["approvals"]["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [("finance", "duplicate"), ("security", "wrong_role")],
        "{v}"
    );
    let txt = std::fs::read_to_string(fx.outbox().join("R-honest.verdict.txt")).unwrap();
    assert!(txt.contains("valid but not needed: finance"), "{txt}");
}

/// Item 14: the lock cannot be deleted from under a run. While `watch` runs, deleting every
/// file that looks like a lock does not let a second run in.
#[test]
fn lock_survives_deleting_the_lock_file_during_a_run() {
    use std::io::{BufRead, BufReader};
    let fx = Fixture::new();
    let root = fx.tmp.path().join("media");
    std::fs::create_dir_all(&root).unwrap();
    let mut watch = aa()
        .args(["watch", "--poll-secs", "1", "--mount-root"])
        .arg(&root)
        .arg("--home")
        .arg(&fx.home)
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start watch");
    let mut first = String::new();
    BufReader::new(watch.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("waiting for a stick"), "{first}");
    let _ = std::fs::remove_file(fx.home.join("station.lock"));
    let out = fx.process(&[]);
    let _ = watch.kill();
    let _ = watch.wait();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("already running"), "{stderr}");
    // Once watch is gone, the station runs.
    assert_eq!(fx.process(&[]).status.code(), Some(0));
}

/// Item 11: a station home or `keys/` folder writable by anyone but the station's user, or
/// owned by another user, is refused with one line (anyone who can write there can swap the
/// keys, the policy or the ledger).
#[test]
fn home_or_keys_folder_open_to_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    let keys = fx.home.join("keys");
    let refused = |what: &str, phrase: &str| {
        let out = fx.process(&[]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {stdout}{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{what}: {stderr}");
        assert!(stderr.contains(phrase), "{what}: {stderr}");
    };
    for (dir, mode) in [
        (&fx.home, 0o777),
        (&fx.home, 0o720),
        (&keys, 0o777),
        (&keys, 0o702),
    ] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
        refused(
            &format!("{} {mode:o}", dir.display()),
            "is writable by group or others",
        );
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    assert_eq!(fx.process(&[]).status.code(), Some(0));
    // Owned by another user (needs root to arrange; the test machine and CI run as root).
    if effective_uid() == 0 {
        let chown = |uid: &str| {
            run_ok(std::process::Command::new("chown").arg(uid).arg(&fx.home));
        };
        chown("65534");
        refused("home owned by nobody", "is owned by user id 65534");
        chown("0");
        assert_eq!(fx.process(&[]).status.code(), Some(0));
    } else {
        eprintln!("SKIP (not root): the other-owner case");
    }
}

fn effective_uid() -> u32 {
    let out = run_ok(std::process::Command::new("id").arg("-u"));
    out.trim().parse().unwrap()
}

/// Item 8: `watch` decides what is new from the ledger and each bundle's digest, not from
/// timestamps: a bundle written in the same second as `DONE.txt` (or with an old mtime) is
/// still judged; a stick with nothing new is said to have nothing new; macOS `._*` and
/// `.DS_Store` files are ignored (said once), not skipped with exit 4.
#[test]
fn watch_finds_new_bundles_by_digest_not_timestamps() {
    let mut fx = Fixture::new();
    let root = fx.tmp.path().join("media");
    let stick = root.join("stick");
    std::fs::create_dir_all(stick.join("inbox")).unwrap();
    let put = |fx: &Fixture, spec: &RequestSpec, name: &str| {
        let p = put_bundle(fx, spec, name);
        std::fs::rename(&p, stick.join("inbox").join(name)).unwrap();
    };
    let a = RequestSpec::new(
        &mut fx,
        "R-watch-a",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    put(&fx, &a, "a.aab");
    let w = watch_once(&fx, &root);
    assert_eq!(w.status.code(), Some(0), "{:?}", text(&w));
    assert!(stick.join("DONE.txt").exists());

    // B arrives with an old mtime, and the inbox's mtime is made equal to DONE.txt's.
    let b = RequestSpec::new(
        &mut fx,
        "R-watch-b",
        "Add a queue named mail",
        small_plan("mail"),
    );
    put(&fx, &b, "b.aab");
    run_ok(
        std::process::Command::new("touch")
            .args(["-d", "2001-01-01T00:00:00"])
            .arg(stick.join("inbox/b.aab")),
    );
    run_ok(
        std::process::Command::new("touch")
            .arg("-r")
            .arg(stick.join("DONE.txt"))
            .arg(stick.join("inbox")),
    );
    let w = watch_once(&fx, &root);
    let (wout, werr) = text(&w);
    assert_eq!(w.status.code(), Some(0), "{wout}{werr}");
    assert!(
        stick.join("outbox/R-watch-b.verdict.json").exists(),
        "the bundle that looked old was judged: {wout}"
    );

    // Nothing new: not processed again, and it says so.
    let size = |fx: &Fixture| {
        run_ok(aa().args(["ledger", "list", "--home"]).arg(&fx.home))
            .lines()
            .count()
    };
    let before = size(&fx);
    let w = watch_once(&fx, &root);
    let (wout, _) = text(&w);
    assert_eq!(w.status.code(), Some(0));
    assert!(wout.contains("nothing new"), "{wout}");
    assert_eq!(size(&fx), before);

    // A Mac's metadata files beside a new bundle: ignored, said once, exit 0.
    let c = RequestSpec::new(
        &mut fx,
        "R-watch-c",
        "Add a queue named logs",
        small_plan("logs"),
    );
    put(&fx, &c, "c.aab");
    for junk in ["._a.aab", "._c.aab", ".DS_Store"] {
        std::fs::write(
            stick.join("inbox").join(junk),
            b"\x00\x05\x16\x07 mac metadata",
        )
        .unwrap();
    }
    let w = watch_once(&fx, &root);
    let (wout, werr) = text(&w);
    assert_eq!(w.status.code(), Some(0), "{wout}{werr}");
    assert_eq!(
        wout.matches("3 macOS metadata files (._*, .DS_Store) ignored")
            .count(),
        1,
        "{wout}"
    );
    assert!(!wout.contains("._a.aab"), "{wout}");
    assert!(stick.join("outbox/R-watch-c.verdict.json").exists());
}

/// A minisign signature (the real CLI) by `key` over `text`.
fn sign_text(fx: &Fixture, key: &KeyPair, text: &str, name: &str) -> String {
    let f = fx.tmp.path().join(format!("{name}.txt"));
    std::fs::write(&f, text).unwrap();
    run_ok(
        std::process::Command::new("minisign")
            .args(["-S", "-s"])
            .arg(&key.secret)
            .arg("-m")
            .arg(&f),
    );
    std::fs::read_to_string(format!("{}.minisig", f.display())).unwrap()
}

/// Seals `spec` with `request.requester_signature` set to `sig`.
fn put_with_requester_signature(
    fx: &Fixture,
    spec: &RequestSpec,
    sig: Option<&str>,
    name: &str,
) -> std::path::PathBuf {
    let mut doc: serde_json::Value = serde_json::from_slice(&spec.document()).unwrap();
    if let Some(sig) = sig {
        doc["request"]["requester_signature"] = serde_json::json!(sig);
    }
    put_raw_document(fx, &serde_json::to_vec(&doc).unwrap(), name)
}

/// Item 9: the requester's signature over the request text is checked against keys trusted for
/// `requester`. A bad one (other text, untrusted key, a key of another role, not a signature)
/// is a signed rejection naming why; a good one is recorded in the verdict; a station setting
/// can require one.
#[test]
fn requester_signature_is_verified_recorded_and_can_be_required() {
    let mut fx = Fixture::new();
    let words = "Add a queue named jobs";
    let requester = fx.approver("requester").clone();
    let stranger = minisign_keypair(&fx.keys_dir, "stranger");
    let good_sig = sign_text(&fx, &requester, words, "good");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "other-text",
            sign_text(&fx, &requester, "Delete every queue", "other"),
            "does not match the text",
        ),
        (
            "untrusted",
            sign_text(&fx, &stranger, words, "stranger"),
            "which the station does not trust",
        ),
        (
            "finance",
            sign_text(&fx, &fx.approver("finance").clone(), words, "fin"),
            "trusted as finance, not as requester",
        ),
        (
            "garbage",
            "not a signature".to_string(),
            "is not a minisign signature",
        ),
    ];
    let good = RequestSpec::new(&mut fx, "R-signed", words, small_plan("jobs"));
    put_with_requester_signature(&fx, &good, Some(&good_sig), "good.aab");
    let mut bad = Vec::new();
    for (label, sig, phrase) in &cases {
        let spec = RequestSpec::new(&mut fx, &format!("R-{label}"), words, small_plan("jobs"));
        bad.push((
            put_with_requester_signature(&fx, &spec, Some(sig), &format!("{label}.aab")),
            *phrase,
        ));
    }
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(4), "{:?}", text(&out));
    for (bundle, phrase) in &bad {
        assert_eq!(
            receipt_code(&fx, bundle),
            "bad_requester_signature",
            "{}",
            bundle.display()
        );
        let r: serde_json::Value = serde_json::from_slice(
            &std::fs::read(
                fx.outbox()
                    .join(format!("{}.rejection.json", sha256_file(bundle))),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(r["reason"].as_str().unwrap().contains(phrase), "{r}");
    }
    let v = verdict(&fx, "R-signed");
    let pubfile = std::fs::read_to_string(&requester.public).unwrap();
    let key_id = pubfile
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap();
    // The minisign CLI's comment drops leading zeros; the verdict writes all 16 hex digits.
    assert_eq!(v["requester_signed_by"], format!("{key_id:0>16}"), "{v}");
    let txt = std::fs::read_to_string(fx.outbox().join("R-signed.verdict.txt")).unwrap();
    assert!(txt.contains("these are the requester's own words"), "{txt}");

    // Required by the station: an unsigned request is refused.
    let cfg = fx.home.join("station.toml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        t.replace(
            "require_requester_signature = false",
            "require_requester_signature = true",
        ),
    )
    .unwrap();
    let unsigned = RequestSpec::new(&mut fx, "R-unsigned", words, small_plan("jobs"));
    let b = put_with_requester_signature(&fx, &unsigned, None, "unsigned.aab");
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(4), "{:?}", text(&out));
    assert_eq!(receipt_code(&fx, &b), "requester_signature_missing");
}

/// Copies a ledger file with its WAL files (when present) from `from` to `to`.
fn copy_ledger(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let src = format!("{}{suffix}", from.display());
        let dst = format!("{}{suffix}", to.display());
        let _ = std::fs::remove_file(&dst);
        if Path::new(&src).exists() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// Item 3: a station that has existed never accepts an older, truncated or wiped ledger: the
/// high-water mark (the latest signed checkpoint, kept outside the ledger file) stops
/// `process`, `ledger verify` and `trust repair` until an explicit, logged recovery step.
#[test]
fn rolled_back_truncated_or_wiped_ledger_is_refused_until_explicit_recovery() {
    let mut fx = Fixture::new();
    let ledger = fx.home.join("ledger.sqlite");
    let old = fx.tmp.path().join("old-ledger.sqlite");
    copy_ledger(&ledger, &old);
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        let spec = RequestSpec::new(
            &mut fx,
            &format!("R-hw-{i}"),
            "Add a queue named jobs",
            small_plan("jobs"),
        );
        put_bundle(&fx, &spec, &format!("{name}.aab"));
        assert_eq!(fx.process(&[]).status.code(), Some(0));
    }
    let current = fx.tmp.path().join("current-ledger.sqlite");
    copy_ledger(&ledger, &current);
    let refused = |what: &str| {
        let out = fx.process(&[]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {stdout}{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{what}: {stderr}");
        assert!(stderr.contains("high-water mark"), "{what}: {stderr}");
        let (code, msg) = fx.ledger_verify();
        assert_eq!(code, 1, "{what}: ledger verify: {msg}");
        let with_key = run(aa()
            .args(["ledger", "verify", "--key"])
            .arg(fx.home.join("keys/checkpoint.pub"))
            .arg("--home")
            .arg(&fx.home));
        assert_eq!(
            with_key.status.code(),
            Some(1),
            "{what}: ledger verify --key: {:?}",
            text(&with_key)
        );
        let repair = run(aa().args(["trust", "repair", "--home"]).arg(&fx.home));
        assert_ne!(
            repair.status.code(),
            Some(0),
            "{what}: trust repair is no way out"
        );
    };

    copy_ledger(&old, &ledger);
    refused("older copy put back");

    copy_ledger(&current, &ledger);
    assert_eq!(
        fx.process(&[]).status.code(),
        Some(0),
        "the real ledger runs again"
    );
    let size: u64 = run_ok(
        std::process::Command::new("sqlite3")
            .arg(&ledger)
            .arg("SELECT count(*) FROM entries;"),
    )
    .trim()
    .parse()
    .unwrap();
    let keep = size - 2;
    run_ok(
        std::process::Command::new("sqlite3")
            .arg(&ledger)
            .arg(format!(
                "DROP TRIGGER entries_no_delete; DROP TRIGGER checkpoints_no_delete; \
         DELETE FROM entries WHERE idx >= {keep}; DELETE FROM checkpoints WHERE size > {keep}; \
         CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries \
         BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger entries are append-only'); END; \
         CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints \
         BEGIN SELECT RAISE(ABORT, 'airgap-audit ledger checkpoints are append-only'); END;"
            )),
    );
    refused("cut back to a checkpoint boundary");

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", ledger.display()));
    }
    airgap_audit::ledger::Ledger::create_with(&ledger, airgap_audit::ledger::LedgerKeys::None)
        .unwrap();
    refused("wiped and re-created");

    // The explicit, logged recovery: restore the old copy on purpose and accept it.
    copy_ledger(&old, &ledger);
    let out = run(aa()
        .args([
            "ledger",
            "accept-rollback",
            "--reason",
            "restored the pre-incident copy, ticket INC-42",
            "--home",
        ])
        .arg(&fx.home));
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert_eq!(fx.process(&[]).status.code(), Some(0));
    let rec = run_ok(
        aa().args([
            "ledger", "list", "--kind", "recovery", "--format", "json", "--home",
        ])
        .arg(&fx.home),
    );
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    let rec = &rec["entries"];
    assert_eq!(rec.as_array().unwrap().len(), 1, "{rec}");
    assert_eq!(rec[0]["body"]["previous_high_water"]["size"], size, "{rec}");
    assert!(rec[0]["body"]["reason"]
        .as_str()
        .unwrap()
        .contains("INC-42"));
}

fn ledger_entries_of_kind(fx: &Fixture, kind: &str) -> Vec<serde_json::Value> {
    let out = run_ok(
        aa().args([
            "ledger", "list", "--kind", kind, "--format", "json", "--home",
        ])
        .arg(&fx.home),
    );
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["entries"]
        .as_array()
        .unwrap()
        .clone()
}

/// Item 7: a changed policy file or Rego directory leaves a `policy_change` ledger entry with
/// the full text, written by the first batch under it, so every verdict's `policy_sha256`
/// resolves from the ledger alone; `ledger show` prints it.
#[test]
fn policy_change_leaves_its_full_text_in_the_ledger() {
    let mut fx = Fixture::new();
    let policy_path = fx.home.join("policy.toml");
    let original = std::fs::read_to_string(&policy_path).unwrap();
    let judge = |fx: &mut Fixture, id: &str| -> serde_json::Value {
        let spec = RequestSpec::new(fx, id, "Add a queue named jobs", small_plan("jobs"));
        put_bundle(fx, &spec, &format!("{id}.aab"));
        let out = fx.process(&[]);
        assert_ne!(out.status.code(), Some(2), "{:?}", text(&out));
        verdict(fx, id)
    };

    let v1 = judge(&mut fx, "R-pol-1");
    let changes = ledger_entries_of_kind(&fx, "policy_change");
    assert_eq!(
        changes.len(),
        1,
        "the first batch records the policy: {changes:?}"
    );
    let sha1 = v1["hashes"]["policy_sha256"].as_str().unwrap();
    assert_eq!(changes[0]["subject"], sha1);
    assert_eq!(changes[0]["body"]["policy_toml"], original.as_str());
    assert_eq!(
        changes[0]["body"]["previous_policy_sha256"],
        serde_json::Value::Null
    );

    judge(&mut fx, "R-pol-2");
    assert_eq!(
        ledger_entries_of_kind(&fx, "policy_change").len(),
        1,
        "an unchanged policy is recorded once"
    );

    // A stricter threshold and a Rego directory: a new policy set.
    let rego_src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rego/mapping/storage.rego"
    ))
    .unwrap();
    std::fs::write(fx.home.join("policy.d/storage.rego"), &rego_src).unwrap();
    let changed = original
        .replace("threshold = 1000.0", "threshold = 500.0")
        .replace("# dir = \"rego\"", "dir = \"policy.d\"");
    assert_ne!(changed, original);
    std::fs::write(&policy_path, &changed).unwrap();
    let v3 = judge(&mut fx, "R-pol-3");
    let sha3 = v3["hashes"]["policy_sha256"].as_str().unwrap();
    assert_ne!(sha3, sha1);
    let changes = ledger_entries_of_kind(&fx, "policy_change");
    assert_eq!(changes.len(), 2, "{changes:?}");
    let last = &changes[1];
    assert_eq!(last["subject"], sha3);
    assert_eq!(last["body"]["previous_policy_sha256"], sha1);
    assert_eq!(last["body"]["policy_toml"], changed.as_str());
    assert_eq!(last["body"]["rego"][0]["path"], "policy.d/storage.rego");
    assert_eq!(last["body"]["rego"][0]["text"], rego_src.as_str());

    // Every verdict's policy digest names a recorded policy set.
    for v in [&v1, &v3] {
        let sha = v["hashes"]["policy_sha256"].as_str().unwrap();
        assert!(
            changes.iter().any(|c| c["subject"] == sha),
            "{sha} is not in the ledger"
        );
    }
    let shown = run_ok(
        aa().args(["ledger", "show"])
            .arg(last["index"].as_u64().unwrap().to_string())
            .arg("--home")
            .arg(&fx.home),
    );
    assert!(shown.contains("\"kind\": \"policy_change\""), "{shown}");
    assert!(shown.contains("policy.d/storage.rego"), "{shown}");
    assert!(shown.contains("threshold = 500.0"), "{shown}");
}

/// Item 10 with item 7: a changed `station.toml` leaves a trace too. A setting changed within
/// its bounds and stricter than the default (so no countersignature is needed) is recorded with
/// the file's full text by the first batch under it; an unchanged file is recorded once.
#[test]
fn station_settings_change_leaves_its_full_text_in_the_ledger() {
    let mut fx = Fixture::new();
    let station_path = fx.home.join("station.toml");
    let original = std::fs::read_to_string(&station_path).unwrap();
    let judge = |fx: &mut Fixture, id: &str| {
        let spec = RequestSpec::new(fx, id, "Add a queue named jobs", small_plan("jobs"));
        put_bundle(fx, &spec, &format!("{id}.aab"));
        let out = fx.process(&[]);
        assert_ne!(out.status.code(), Some(2), "{:?}", text(&out));
    };
    judge(&mut fx, "R-set-1");
    let changes = ledger_entries_of_kind(&fx, "policy_change");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["body"]["station_toml"], original.as_str());
    judge(&mut fx, "R-set-2");
    assert_eq!(
        ledger_entries_of_kind(&fx, "policy_change").len(),
        1,
        "unchanged settings are recorded once"
    );

    // A shorter verdict lifetime: stricter, so no signatures, but still a change of settings.
    let changed = original.replace("verdict_ttl_secs = 86400", "verdict_ttl_secs = 3600");
    assert_ne!(changed, original);
    std::fs::write(&station_path, &changed).unwrap();
    judge(&mut fx, "R-set-3");
    let changes = ledger_entries_of_kind(&fx, "policy_change");
    assert_eq!(changes.len(), 2, "{changes:?}");
    let last = &changes[1]["body"];
    assert_eq!(last["station_toml"], changed.as_str());
    assert_eq!(
        last["policy_sha256"], changes[0]["body"]["policy_sha256"],
        "the policy itself did not change"
    );
    assert_eq!(last["station_countersigned_by"], serde_json::Value::Null);
    assert_ne!(
        last["station_toml_sha256"],
        changes[0]["body"]["station_toml_sha256"]
    );
}

/// Item 3, the stick half: each stick carries the station's high-water mark as of its visit
/// (`outbox/station-checkpoint.txt`), so a home put back whole from an older copy (ledger and
/// mark together, which the mark in the home cannot show) is refused by the next stick that saw
/// more, until `ledger accept-rollback --stick` records the loss.
#[test]
fn home_restored_whole_with_its_mark_is_refused_by_the_sticks_checkpoint() {
    let mut fx = Fixture::new();
    let ledger = fx.home.join("ledger.sqlite");
    let mark = fx.home.join("ledger.highwater");
    let stick_note = fx.outbox().join("station-checkpoint.txt");
    let judge = |fx: &mut Fixture, id: &str| {
        let spec = RequestSpec::new(fx, id, "Add a queue named jobs", small_plan("jobs"));
        put_bundle(fx, &spec, &format!("{id}.aab"));
        let out = fx.process(&[]);
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    };
    judge(&mut fx, "R-stick-1");
    assert_eq!(
        std::fs::read(&stick_note).unwrap(),
        std::fs::read(&mark).unwrap(),
        "the stick carries the station's high-water mark"
    );
    let old_ledger = fx.tmp.path().join("old-ledger.sqlite");
    let old_mark = fx.tmp.path().join("old-ledger.highwater");
    copy_ledger(&ledger, &old_ledger);
    std::fs::copy(&mark, &old_mark).unwrap();
    judge(&mut fx, "R-stick-2");
    judge(&mut fx, "R-stick-3");
    assert_eq!(
        std::fs::read(&stick_note).unwrap(),
        std::fs::read(&mark).unwrap()
    );

    // The whole home put back: ledger and mark agree with each other, not with the stick.
    copy_ledger(&old_ledger, &ledger);
    std::fs::copy(&old_mark, &mark).unwrap();
    let (code, msg) = fx.ledger_verify();
    assert_eq!(code, 0, "the home alone cannot see it: {msg}");
    let out = fx.process(&[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("station-checkpoint.txt"), "{stderr}");
    assert!(stderr.contains("accept-rollback"), "{stderr}");
    assert!(stdout.is_empty(), "nothing was processed: {stdout}");

    // A note that is not this station's is no evidence either way.
    let real = std::fs::read(&stick_note).unwrap();
    std::fs::write(&stick_note, b"other.example/log\n3\nAAAA\n\n").unwrap();
    assert_eq!(fx.process(&[]).status.code(), Some(0));
    copy_ledger(&old_ledger, &ledger);
    std::fs::copy(&old_mark, &mark).unwrap();
    std::fs::write(&stick_note, &real).unwrap();

    // The explicit recovery names the stick; then the stick is processed and gets the new mark.
    let out = run(aa()
        .args([
            "ledger",
            "accept-rollback",
            "--reason",
            "restored the whole home from backup, ticket INC-43",
            "--stick",
        ])
        .arg(&fx.usb)
        .arg("--home")
        .arg(&fx.home));
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert_eq!(
        std::fs::read(&stick_note).unwrap(),
        std::fs::read(&mark).unwrap()
    );
    let rec = ledger_entries_of_kind(&fx, "recovery");
    assert!(
        rec[0]["body"]["stick_checkpoint"]["size"].as_u64().unwrap() > 0,
        "{rec:?}"
    );
}

/// Signs `file`'s exact bytes with the real `minisign` CLI; returns the `.minisig` text.
fn minisign_file(fx: &Fixture, key: &KeyPair, file: &Path, tag: &str) -> String {
    let out = fx.tmp.path().join(format!("{tag}.minisig"));
    let _ = std::fs::remove_file(&out);
    run_ok(
        std::process::Command::new("minisign")
            .args(["-S", "-s"])
            .arg(&key.secret)
            .arg("-m")
            .arg(file)
            .arg("-x")
            .arg(&out),
    );
    std::fs::read_to_string(&out).unwrap()
}

/// Writes `<file>.sig.json` holding `signatures`.
fn write_sig_json(file: &Path, signatures: &[String]) {
    let doc = serde_json::json!({
        "format": "airgap-audit/settings-signatures/v1",
        "signatures": signatures,
    });
    std::fs::write(
        format!("{}.sig.json", file.display()),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();
}

/// Item 10: a policy file or `station.toml` weaker than the built-in defaults (a hard policy
/// turned to a warning, a higher cost threshold, more roles allowed to approve) is refused at
/// load with one line, unless two different trusted keys, a manager's and a security officer's,
/// signed its exact bytes; a stricter file needs no signature.
#[test]
fn weakening_a_setting_needs_a_manager_and_a_security_signature() {
    let mut fx = Fixture::new();
    let manager = minisign_keypair(&fx.keys_dir, "manager");
    trust_add(&fx.home, "manager", &manager.public);
    let security = fx.approver("security").clone();
    let finance = fx.approver("finance").clone();
    let policy = fx.home.join("policy.toml");
    let station = fx.home.join("station.toml");
    let original_policy = std::fs::read_to_string(&policy).unwrap();
    let original_station = std::fs::read_to_string(&station).unwrap();
    let spec = RequestSpec::new(
        &mut fx,
        "R-weak-1",
        "Add a queue named jobs",
        small_plan("jobs"),
    );
    put_bundle(&fx, &spec, "weak.aab");
    let refused = |fx: &Fixture, what: &str, needle: &str| {
        let out = fx.process(&[]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {stdout}{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{what}: {stderr}");
        assert!(stderr.contains(needle), "{what}: {stderr}");
        assert!(stderr.contains("sig.json"), "{what}: {stderr}");
        assert!(stdout.is_empty(), "{what}: nothing is judged: {stdout}");
    };

    // Hard policies weakened, and the cost threshold raised.
    let weakened = [
        (
            "audit veto to warn",
            original_policy.replace(
                "[dispositions]\n",
                "[dispositions]\nno_audit_modification = \"warn\"\n",
            ),
            "no_audit_modification",
        ),
        (
            "finance approval to warn",
            original_policy.replace(
                "[dispositions]\n",
                "[dispositions]\ncost_threshold_approval = \"warn\"\n",
            ),
            "cost_threshold_approval",
        ),
        (
            "cost threshold raised",
            original_policy.replace("threshold = 1000.0", "threshold = 999999.0"),
            "cost.threshold",
        ),
    ];
    for (what, text_, needle) in &weakened {
        assert_ne!(text_, &original_policy, "{what}");
        std::fs::write(&policy, text_).unwrap();
        refused(&fx, what, needle);
    }

    // The last one (threshold) with signatures that do not count.
    let by = |k: &KeyPair, tag: &str| minisign_file(&fx, k, &policy, tag);
    write_sig_json(&policy, &[by(&manager, "m1")]);
    refused(&fx, "manager alone", "only a manager signature");
    write_sig_json(&policy, &[by(&manager, "m2"), by(&finance, "f2")]);
    refused(&fx, "manager and finance", "only a manager signature");
    write_sig_json(&policy, &[by(&security, "s3"), by(&security, "s3b")]);
    refused(&fx, "security twice", "only a security signature");
    let good = vec![by(&manager, "m4"), by(&security, "s4")];
    std::fs::write(
        &policy,
        original_policy.replace("threshold = 1000.0", "threshold = 999998.0"),
    )
    .unwrap();
    write_sig_json(&policy, &good);
    refused(&fx, "signed other bytes", "no signature by a trusted");

    // Signed by a manager and a security officer: accepted.
    std::fs::write(&policy, &weakened[2].1).unwrap();
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let changes = ledger_entries_of_kind(&fx, "policy_change");
    let signed = &changes.last().unwrap()["body"];
    assert!(signed["policy_toml"]
        .as_str()
        .unwrap()
        .contains("threshold = 999999.0"));
    assert!(
        signed["countersigned_by"]["manager"].is_string(),
        "{signed}"
    );
    assert!(
        signed["countersigned_by"]["security"].is_string(),
        "{signed}"
    );

    // station.toml: a requester may approve spending.
    std::fs::write(&policy, &original_policy).unwrap();
    let wider = original_station.replace(
        "finance = [\"finance\"]",
        "finance = [\"finance\", \"requester\"]",
    );
    assert_ne!(wider, original_station);
    std::fs::write(&station, &wider).unwrap();
    refused(
        &fx,
        "finance widened to requester",
        "approval_roles.finance adds requester",
    );
    write_sig_json(
        &station,
        &[
            minisign_file(&fx, &manager, &station, "sm"),
            minisign_file(&fx, &security, &station, "ss"),
        ],
    );
    let out = fx.process(&[]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));

    // Stricter settings need nothing.
    std::fs::remove_file(format!("{}.sig.json", station.display())).unwrap();
    std::fs::write(&station, &original_station).unwrap();
    std::fs::write(
        &policy,
        original_policy.replace(
            "[dispositions]\n",
            "[dispositions]\nuse_reserved_instances = \"veto\"\n",
        ),
    )
    .unwrap();
    assert_eq!(fx.process(&[]).status.code(), Some(0));
}

/// Item 15: `watch` opens a stick once and works through that handle, and checks the mount is
/// still the same folder (device and inode) before writing `DONE.txt`: a stick swapped for
/// another between scan and write gets nothing of the first stick's run, and is not marked done.
#[test]
fn stick_swapped_mid_run_gets_nothing_of_the_first_stick() {
    let mut fx = Fixture::new();
    let root = fx.tmp.path().join("media");
    let stick = root.join("stick");
    std::fs::create_dir_all(stick.join("inbox")).unwrap();
    let other = fx.tmp.path().join("stick-b");
    std::fs::create_dir_all(other.join("inbox")).unwrap();
    for (dir, id) in [(&stick, "R-swap-A"), (&other, "R-swap-B")] {
        let spec = RequestSpec::new(&mut fx, id, "Add a queue named jobs", small_plan("jobs"));
        let p = put_bundle(&fx, &spec, &format!("{id}.aab"));
        std::fs::rename(&p, dir.join("inbox").join(format!("{id}.aab"))).unwrap();
    }
    let b_bundle = sha256_file(&other.join("inbox/R-swap-B.aab"));
    let marker = fx.tmp.path().join("paused");
    let child = aa()
        .args(["watch", "--once", "--mount-root"])
        .arg(&root)
        .arg("--home")
        .arg(&fx.home)
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .env(
            "AIRGAP_AUDIT_PAUSE",
            format!("after-scan:{}", marker.display()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = child;
    let start = std::time::Instant::now();
    while !marker.exists() {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!("watch ended before the scan: {:?}", text(&out));
        }
        assert!(
            start.elapsed().as_secs() < 60,
            "watch never reached the scan"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Between scan and write: stick A leaves, stick B appears at the same mount path.
    let away = fx.tmp.path().join("stick-a-away");
    std::fs::rename(&stick, &away).unwrap();
    std::fs::rename(&other, &stick).unwrap();
    std::fs::remove_file(&marker).unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("swapped"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.contains("swapped")).count(),
        1,
        "{stderr}"
    );
    // Nothing of A on B, B not marked done, B's bundle not judged.
    let b_out: Vec<String> = std::fs::read_dir(stick.join("outbox"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(b_out.is_empty(), "stick B got {b_out:?}");
    assert!(!stick.join("DONE.txt").exists(), "stick B marked done");
    assert!(
        !ledger_bundle_entries(&fx)
            .iter()
            .any(|(_, sha)| *sha == b_bundle),
        "stick B's bundle was judged"
    );
    // A's results are on A, wherever it went; A is not marked done either.
    assert!(away.join("outbox/R-swap-A.verdict.json").exists());
    assert!(!away.join("DONE.txt").exists());

    // The next look judges stick B on its own.
    let w = watch_once(&fx, &root);
    assert_eq!(w.status.code(), Some(0), "{:?}", text(&w));
    assert!(stick.join("outbox/R-swap-B.verdict.json").exists());
    assert!(!stick.join("outbox/R-swap-A.verdict.json").exists());
    assert!(stick.join("DONE.txt").exists());
}

/// How many times `process` opened each bundle: its debug log says `opened bundle NAME` at each
/// decrypt-verify-parse (`AIRGAP_AUDIT_LOG=debug`).
fn opens_per_bundle(stderr: &str) -> std::collections::BTreeMap<String, usize> {
    let mut n = std::collections::BTreeMap::new();
    for line in stderr.lines() {
        if let Some((_, name)) = line.split_once("opened bundle ") {
            *n.entry(name.trim().to_string()).or_insert(0) += 1;
        }
    }
    n
}

fn process_logging_opens(fx: &Fixture, batch: &str) -> std::process::Output {
    run(aa()
        .arg("process")
        .arg(&fx.usb)
        .arg("--home")
        .arg(&fx.home)
        .args(["--batch", batch])
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .env("AIRGAP_AUDIT_LOG", "debug")
        .stdin(Stdio::null()))
}

#[test]
fn a_bundle_is_decrypted_verified_and_parsed_once_not_again_to_be_judged() {
    let mut fx = Fixture::new();
    // Sequences run against the names, so the judging order is not the listing order; a batch
    // of 2 makes the kept openings cross batches.
    for id in ["R-open-c", "R-open-b", "R-open-a"] {
        let spec = RequestSpec::new(&mut fx, id, "Add a queue named jobs", small_plan("jobs"));
        put_bundle(&fx, &spec, &format!("{id}.aab"));
    }
    // The same bytes under a second name (judged as a duplicate), and a file that is no age
    // file (refused when opened): each is still opened once.
    std::fs::copy(
        fx.inbox().join("R-open-a.aab"),
        fx.inbox().join("z-copy.aab"),
    )
    .unwrap();
    std::fs::write(fx.inbox().join("junk.aab"), b"not an age file").unwrap();
    let junk_sha = sha256_file(&fx.inbox().join("junk.aab"));

    let first = process_logging_opens(&fx, "2");
    let (stdout, stderr) = text(&first);
    assert_eq!(first.status.code(), Some(4), "{stdout}{stderr}");
    let once: std::collections::BTreeMap<String, usize> = [
        "R-open-a.aab",
        "R-open-b.aab",
        "R-open-c.aab",
        "junk.aab",
        "z-copy.aab",
    ]
    .iter()
    .map(|n| (n.to_string(), 1))
    .collect();
    assert_eq!(opens_per_bundle(&stderr), once, "{stderr}");
    for id in ["R-open-a", "R-open-b", "R-open-c"] {
        let v = fx.outbox().join(format!("{id}.verdict.json"));
        assert!(minisign_verifies(&fx.verdict_pub(), &v), "{id}: {stdout}");
    }
    assert!(fx
        .outbox()
        .join(format!("{junk_sha}.rejection.json"))
        .exists());
    assert!(stdout.contains("duplicate"), "{stdout}");

    // Everything is recorded now: a second run re-emits a lost verdict from the ledger and
    // opens nothing.
    std::fs::remove_file(fx.outbox().join("R-open-b.verdict.json")).unwrap();
    let again = process_logging_opens(&fx, "2");
    let (stdout, stderr) = text(&again);
    assert_ne!(again.status.code(), Some(2), "{stdout}{stderr}");
    assert!(opens_per_bundle(&stderr).is_empty(), "{stderr}");
    assert!(fx.outbox().join("R-open-b.verdict.json").exists());
}

/// The verdict and receipt files of a stick's outbox, by name.
fn result_files(usb: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(usb.join("outbox"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".verdict.") || n.contains(".rejection."))
        .map(|n| {
            let bytes = std::fs::read(usb.join("outbox").join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

#[test]
fn bundles_past_the_scans_memory_budget_are_opened_again_and_judged_the_same() {
    use airgap_audit::home::StationHome;
    use airgap_audit::station::{Options, Station};
    use airgap_audit::stick::mount::Mount;

    let mut fx = Fixture::new();
    for id in ["R-budget-c", "R-budget-b", "R-budget-a"] {
        let spec = RequestSpec::new(&mut fx, id, "Add a queue named jobs", small_plan("jobs"));
        put_bundle(&fx, &spec, &format!("{id}.aab"));
    }
    std::fs::write(fx.inbox().join("junk.aab"), b"not an age file").unwrap();
    // Two copies of one station and stick: one run keeps every opened bundle, the other keeps
    // none (a budget of 0 bytes), so each of its bundles is read and opened again to be judged.
    let copy = fx.tmp.path().join("copy");
    copy_dir(&fx.home, &copy.join("station"));
    copy_dir(&fx.inbox(), &copy.join("usb/inbox"));
    let kept = Options {
        batch_size: 2,
        ..Options::default()
    };
    let reopened = Options {
        kept_opened_bytes: 0,
        ..kept.clone()
    };
    let mut summaries = Vec::new();
    for (home, usb, opts) in [
        (fx.home.clone(), fx.usb.clone(), &kept),
        (copy.join("station"), copy.join("usb"), &reopened),
    ] {
        let mut station = Station::open(&StationHome::at(&home)).unwrap();
        let mount = Mount::open(&usb).unwrap();
        summaries.push(station.process(&mount, opts, &mut |_| {}).unwrap());
    }
    assert_eq!(summaries[0], summaries[1]);
    assert_eq!((summaries[0].approve, summaries[0].rejected), (3, 1));
    let (a, b) = (result_files(&fx.usb), result_files(&copy.join("usb")));
    assert_eq!(a.len(), 3 * 3 + 2, "{:?}", a.keys());
    assert_eq!(a, b, "the files differ when bundles are opened again");
}
