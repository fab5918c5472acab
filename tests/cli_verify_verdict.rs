/*!
`airgap-audit verify-verdict` as a binary: exit 0 only for a valid, unexpired approval of exactly
this plan; exit 1 with one line saying why for each named mutation; exit 2 for usage and I/O
errors. Also `scripts/terraform-apply-guarded.sh` with the real `terraform` (skipped when it is
not on PATH), using `terraform_data` resources that need no provider download.
*/
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support_verdict::*;
use airgap_audit::engine::Decision;
use airgap_audit::sig::minisig;
use time::OffsetDateTime;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

fn verify(station_key: &str, plan: &Path, verdict: &Path) -> Output {
    Command::new(BIN)
        .args(["verify-verdict", "--station-key", station_key, "--plan"])
        .arg(plan)
        .arg(verdict)
        .output()
        .unwrap()
}

fn stderr_line(o: &Output) -> String {
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        e.lines().count(),
        1,
        "expected exactly one stderr line, got: {e:?}"
    );
    e
}

struct Fixture {
    dir: tempfile::TempDir,
    station: minisign::KeyPair,
    pub_path: PathBuf,
    plan: PathBuf,
    plan_sha: String,
    now: OffsetDateTime,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (station, pub_path) = crate_keypair(dir.path(), "verdict");
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, br#"{"format_version":"1.2","resource_changes":[]}"#).unwrap();
    let plan_sha = sha256_hex(&std::fs::read(&plan).unwrap());
    Fixture {
        dir,
        station,
        pub_path,
        plan,
        plan_sha,
        now: OffsetDateTime::now_utc(),
    }
}

#[test]
fn good_verdict_passes_and_each_named_mutation_fails_with_one_line() {
    let f = fixture();
    let d = f.dir.path();
    let key = f.pub_path.to_str().unwrap();
    let issued = f.now - time::Duration::minutes(5);
    let good = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Approve,
        &f.plan_sha,
        issued,
        86_400,
        17,
    );
    let good_path = write_verdict(d, "R-1.verdict.json", &good.json, good.minisig.as_bytes());

    let out = verify(key, &f.plan, &good_path);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("verdict OK: request R-1 approves plan sha256"),
        "{stdout}"
    );
    assert!(out.stderr.is_empty());

    // The bare base64 key works as --station-key too.
    let b64 = std::fs::read_to_string(&f.pub_path)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    assert_eq!(verify(&b64, &f.plan, &good_path).status.code(), Some(0));

    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let other_pub = d.join("other.pub");
    std::fs::write(&other_pub, other.pk.to_box().unwrap().to_string()).unwrap();
    let other_plan = d.join("other-plan.json");
    std::fs::write(
        &other_plan,
        br#"{"format_version":"1.2","resource_changes":[{}]}"#,
    )
    .unwrap();

    let escalate = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Escalate,
        &f.plan_sha,
        issued,
        86_400,
        17,
    );
    let veto = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Veto,
        &f.plan_sha,
        issued,
        86_400,
        17,
    );
    let expired = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Approve,
        &f.plan_sha,
        f.now - time::Duration::days(2),
        86_400,
        17,
    );
    let future = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Approve,
        &f.plan_sha,
        f.now + time::Duration::hours(2),
        86_400,
        17,
    );
    let another = signed_verdict(
        &f.station.sk,
        "R-2",
        Decision::Approve,
        &f.plan_sha,
        issued,
        86_400,
        18,
    );
    let json_s = String::from_utf8(good.json.clone()).unwrap();
    let mut flipped = good.json.clone();
    flipped[good.json.len() / 2] ^= 0x02;
    let index_changed = json_s.replacen("\"index\":17", "\"index\":18", 1);
    assert_ne!(index_changed, json_s);

    // (name, verdict json, minisig, key, plan, expected phrase in the one-line reason)
    type Mutation<'a> = (&'a str, Vec<u8>, Vec<u8>, &'a str, &'a Path, &'a str);
    let cases: Vec<Mutation> = vec![
        (
            "wrong_key",
            good.json.clone(),
            good.minisig.clone().into_bytes(),
            other_pub.to_str().unwrap(),
            &f.plan,
            "not by the station key",
        ),
        (
            "flipped_bit_body",
            flipped,
            good.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "does not match the verdict file",
        ),
        (
            "flipped_bit_signature",
            good.json.clone(),
            {
                let mut s = good.minisig.clone().into_bytes();
                let line2 = good.minisig.find('\n').unwrap() + 40;
                s[line2] = if s[line2] == b'A' { b'B' } else { b'A' };
                s
            },
            key,
            &f.plan,
            "does not match the verdict file",
        ),
        (
            "truncated_body",
            good.json[..good.json.len() - 10].to_vec(),
            good.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "does not match the verdict file",
        ),
        (
            "truncated_signature",
            good.json.clone(),
            good.minisig.as_bytes()[..60].to_vec(),
            key,
            &f.plan,
            "signature file is unreadable",
        ),
        (
            "trusted_comment_edited",
            good.json.clone(),
            good.minisig
                .replace("ledger_index=17", "ledger_index=1")
                .into_bytes(),
            key,
            &f.plan,
            "trusted comment was altered",
        ),
        (
            "decision_escalate",
            escalate.json.clone(),
            escalate.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "decision is escalate: missing approvals security",
        ),
        (
            "decision_veto",
            veto.json.clone(),
            veto.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "decision is veto",
        ),
        (
            "plan_digest_mismatch",
            good.json.clone(),
            good.minisig.clone().into_bytes(),
            key,
            &other_plan,
            "the plan changed since it was audited",
        ),
        (
            "expired",
            expired.json.clone(),
            expired.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "verdict expired at",
        ),
        (
            "issued_in_the_future",
            future.json.clone(),
            future.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "in the future",
        ),
        (
            "swapped_signature_from_another_verdict",
            good.json.clone(),
            another.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "does not match the verdict file",
        ),
        (
            "ledger_index_changed",
            index_changed.into_bytes(),
            good.minisig.clone().into_bytes(),
            key,
            &f.plan,
            "does not match the verdict file",
        ),
        (
            "station_signed_lying_comment",
            good.json.clone(),
            minisig::sign(
                &f.station.sk,
                &good.json,
                &airgap_audit::verdict::trusted_comment(
                    "R-1",
                    Decision::Approve,
                    &f.plan_sha,
                    99,
                    "2099-01-01T00:00:00Z",
                ),
                "x",
            )
            .unwrap()
            .into_bytes(),
            key,
            &f.plan,
            "does not match the verdict body",
        ),
    ];
    let mut accepted = Vec::new();
    let mut wrong = Vec::new();
    for (i, (name, json, sig, key, plan, phrase)) in cases.iter().enumerate() {
        let p = write_verdict(d, &format!("m{i}.verdict.json"), json, sig);
        let out = verify(key, plan, &p);
        match out.status.code() {
            Some(0) => accepted.push(*name),
            Some(1) => {
                let line = stderr_line(&out);
                if !line.starts_with("airgap-audit: verdict rejected: ") || !line.contains(phrase) {
                    wrong.push(format!("{name}: {line}"));
                }
            }
            other => wrong.push(format!(
                "{name}: exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    }
    assert!(accepted.is_empty(), "accepted mutations: {accepted:?}");
    assert!(wrong.is_empty(), "wrong outcome: {wrong:#?}");
}

#[test]
fn usage_and_io_errors_exit_2_with_one_line() {
    let f = fixture();
    let d = f.dir.path();
    let key = f.pub_path.to_str().unwrap();
    let good = signed_verdict(
        &f.station.sk,
        "R-1",
        Decision::Approve,
        &f.plan_sha,
        f.now,
        3600,
        1,
    );
    let good_path = write_verdict(d, "R-1.verdict.json", &good.json, good.minisig.as_bytes());

    let missing = verify(key, &f.plan, &d.join("nope.verdict.json"));
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr_line(&missing).contains("cannot read verdict"));

    let no_plan = verify(key, &d.join("nope.json"), &good_path);
    assert_eq!(no_plan.status.code(), Some(2));
    assert!(stderr_line(&no_plan).contains("cannot read plan"));

    let bad_key = verify("not-a-key", &f.plan, &good_path);
    assert_eq!(bad_key.status.code(), Some(2));
    stderr_line(&bad_key);

    std::fs::remove_file(d.join("R-1.verdict.json.minisig")).unwrap();
    let no_sig = verify(key, &f.plan, &good_path);
    assert_eq!(no_sig.status.code(), Some(2));
    assert!(stderr_line(&no_sig).contains("cannot read signature"));

    let no_args = Command::new(BIN).arg("verify-verdict").output().unwrap();
    assert_eq!(no_args.status.code(), Some(2));
}

// ---- scripts/terraform-apply-guarded.sh with the real terraform ----

fn terraform() -> Option<PathBuf> {
    let out = Command::new("terraform").arg("version").output().ok()?;
    out.status.success().then(|| PathBuf::from("terraform"))
}

fn tf(dir: &Path, args: &[&str]) -> Output {
    let rc = dir.join("empty.tfrc");
    if !rc.exists() {
        std::fs::write(&rc, "").unwrap();
    }
    Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", &rc)
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .unwrap()
}

fn guarded(dir: &Path, station_pub: &Path, verdict: &Path, planfile: &str) -> Output {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scripts/terraform-apply-guarded.sh"
    );
    Command::new("sh")
        .arg(script)
        .arg("--station-key")
        .arg(station_pub)
        .arg("--verdict")
        .arg(verdict)
        .arg("--chdir")
        .arg(dir)
        .arg(planfile)
        .arg("--")
        .arg("-input=false")
        .env("AIRGAP_AUDIT", BIN)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", dir.join("empty.tfrc"))
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .unwrap()
}

#[test]
fn guarded_apply_runs_only_with_a_valid_verdict_for_that_plan() {
    if terraform().is_none() {
        eprintln!("SKIP: terraform not on PATH");
        return;
    }
    let f = fixture();
    let tfdir = f.dir.path().join("tf");
    std::fs::create_dir(&tfdir).unwrap();
    std::fs::write(
        tfdir.join("main.tf"),
        "resource \"terraform_data\" \"web\" {\n  input = \"hello\"\n}\n",
    )
    .unwrap();
    let o = tf(&tfdir, &["init", "-input=false", "-no-color"]);
    assert!(o.status.success(), "terraform init: {o:?}");
    let o = tf(
        &tfdir,
        &["plan", "-input=false", "-no-color", "-out=tfplan"],
    );
    assert!(o.status.success(), "terraform plan: {o:?}");
    // The orchestrator's view: the exact bytes of `terraform show -json` go into the bundle.
    let o = tf(&tfdir, &["show", "-json", "tfplan"]);
    assert!(o.status.success());
    let plan_sha = sha256_hex(&o.stdout);
    let state = tfdir.join("terraform.tfstate");

    let vdir = f.dir.path().join("outbox");
    std::fs::create_dir(&vdir).unwrap();
    let issued = f.now - time::Duration::minutes(1);

    // 1. A valid approval for another plan: refused, nothing applied.
    let wrong = signed_verdict(
        &f.station.sk,
        "R-other",
        Decision::Approve,
        &"ab".repeat(32),
        issued,
        3600,
        1,
    );
    let wrong_path = write_verdict(
        &vdir,
        "R-other.verdict.json",
        &wrong.json,
        wrong.minisig.as_bytes(),
    );
    let o = guarded(&tfdir, &f.pub_path, &wrong_path, "tfplan");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the plan changed since it was audited"),
        "{err}"
    );
    assert!(err.contains("refusing to apply"), "{err}");
    assert!(!state.exists(), "terraform applied without a valid verdict");

    // 2. A veto for this very plan: refused.
    let veto = signed_verdict(
        &f.station.sk,
        "R-veto",
        Decision::Veto,
        &plan_sha,
        issued,
        3600,
        2,
    );
    let veto_path = write_verdict(
        &vdir,
        "R-veto.verdict.json",
        &veto.json,
        veto.minisig.as_bytes(),
    );
    let o = guarded(&tfdir, &f.pub_path, &veto_path, "tfplan");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(!state.exists());

    // 3. An approval of this plan signed by another key: refused.
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let forged = signed_verdict(
        &other.sk,
        "R-forged",
        Decision::Approve,
        &plan_sha,
        issued,
        3600,
        3,
    );
    let forged_path = write_verdict(
        &vdir,
        "R-forged.verdict.json",
        &forged.json,
        forged.minisig.as_bytes(),
    );
    let o = guarded(&tfdir, &f.pub_path, &forged_path, "tfplan");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(!state.exists());

    // 4. Missing plan file: usage error, exit 2.
    let o = guarded(&tfdir, &f.pub_path, &veto_path, "no-such-plan");
    assert_eq!(o.status.code(), Some(2), "{o:?}");

    // 5. The station's approval of exactly this plan: applied.
    let ok = signed_verdict(
        &f.station.sk,
        "R-ok",
        Decision::Approve,
        &plan_sha,
        issued,
        3600,
        4,
    );
    let ok_path = write_verdict(&vdir, "R-ok.verdict.json", &ok.json, ok.minisig.as_bytes());
    let o = guarded(&tfdir, &f.pub_path, &ok_path, "tfplan");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("verdict OK: request R-ok"));
    let st = std::fs::read_to_string(&state).expect("terraform.tfstate after apply");
    assert!(st.contains("terraform_data"), "{st}");
}

/// `--format json`: one document per run that follows docs/schemas/verify-verdict.schema.json,
/// with a reason code for each kind of refusal, so a pipeline never parses stderr; the exit code
/// is the same as the text output's.
#[test]
fn json_output_names_each_kind_of_refusal_and_follows_its_schema() {
    let f = fixture();
    let d = f.dir.path();
    let key = f.pub_path.to_str().unwrap();
    let issued = f.now - time::Duration::minutes(5);
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/schemas/verify-verdict.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let cases: Vec<(
        &str,
        Decision,
        String,
        OffsetDateTime,
        u64,
        &minisign::SecretKey,
    )> = vec![
        (
            "ok",
            Decision::Approve,
            f.plan_sha.clone(),
            issued,
            3600,
            &f.station.sk,
        ),
        (
            "vetoed",
            Decision::Veto,
            f.plan_sha.clone(),
            issued,
            3600,
            &f.station.sk,
        ),
        (
            "escalated",
            Decision::Escalate,
            f.plan_sha.clone(),
            issued,
            3600,
            &f.station.sk,
        ),
        (
            "plan_mismatch",
            Decision::Approve,
            "ab".repeat(32),
            issued,
            3600,
            &f.station.sk,
        ),
        (
            "expired",
            Decision::Approve,
            f.plan_sha.clone(),
            f.now - time::Duration::hours(3),
            3600,
            &f.station.sk,
        ),
        (
            "not_yet_valid",
            Decision::Approve,
            f.plan_sha.clone(),
            f.now + time::Duration::hours(1),
            86_400,
            &f.station.sk,
        ),
        (
            "wrong_key",
            Decision::Approve,
            f.plan_sha.clone(),
            issued,
            3600,
            &other.sk,
        ),
    ];
    for (i, (want, decision, plan_sha, issued_at, ttl, sk)) in cases.into_iter().enumerate() {
        let v = signed_verdict(
            sk,
            &format!("R-{i}"),
            decision,
            &plan_sha,
            issued_at,
            ttl,
            i as u64,
        );
        let path = write_verdict(
            d,
            &format!("R-{i}.verdict.json"),
            &v.json,
            v.minisig.as_bytes(),
        );
        let out = Command::new(BIN)
            .args([
                "verify-verdict",
                "--format",
                "json",
                "--station-key",
                key,
                "--plan",
            ])
            .arg(&f.plan)
            .arg(&path)
            .output()
            .unwrap();
        let doc: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{want}: {e}: {out:?}"));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{want}: {errors:?}\n{doc}");
        assert_eq!(doc["format"], "airgap-audit/verify-verdict/v1");
        if want == "ok" {
            assert_eq!(out.status.code(), Some(0), "{doc}");
            assert_eq!(doc["valid"], true);
            assert_eq!(doc["verdict"]["ledger_index"], 0);
        } else {
            assert_eq!(out.status.code(), Some(1), "{want}: {doc}");
            assert_eq!(doc["reason"], want, "{doc}");
            // Only an authentic verdict's fields are shown.
            assert_eq!(doc["verdict"].is_null(), want == "wrong_key", "{doc}");
        }
    }
}

/// `--format sarif`: the findings of an authentic verdict as SARIF 2.1.0 (valid against the
/// official schema), with the decision, the verdict's signature and its ledger index in
/// `run.properties`; the exit code is still the gate's, and a forged verdict gives no SARIF.
#[test]
fn sarif_output_carries_the_verdict_signature_and_ledger_index() {
    let f = fixture();
    let d = f.dir.path();
    let key = f.pub_path.to_str().unwrap();
    let issued = f.now - time::Duration::minutes(5);
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let run = |sk: &minisign::SecretKey, decision: Decision, index: u64| {
        let v = signed_verdict(sk, "R-sarif", decision, &f.plan_sha, issued, 3600, index);
        let path = write_verdict(
            d,
            &format!("R-{index}.verdict.json"),
            &v.json,
            v.minisig.as_bytes(),
        );
        let out = Command::new(BIN)
            .args([
                "verify-verdict",
                "--format",
                "sarif",
                "--station-key",
                key,
                "--plan",
            ])
            .arg(&f.plan)
            .arg("--sarif-base")
            .arg(d)
            .arg(&path)
            .output()
            .unwrap();
        (out, v.minisig)
    };
    let (out, minisig) = run(&f.station.sk, Decision::Veto, 41);
    assert_eq!(out.status.code(), Some(1), "a veto never passes the gate");
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let props = &doc["runs"][0]["properties"];
    assert_eq!(props["decision"], "veto");
    assert_eq!(props["ledger_index"], 41);
    assert_eq!(props["request_id"], "R-sarif");
    let sig_line = minisig.lines().nth(1).unwrap();
    assert_eq!(props["verdict_signature"], sig_line);
    assert_eq!(
        doc["runs"][0]["artifacts"][0]["location"]["uri"], "plan.json",
        "relative to --sarif-base"
    );

    let (out, _) = run(&f.station.sk, Decision::Approve, 42);
    assert_eq!(out.status.code(), Some(0));

    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let (out, _) = run(&other.sk, Decision::Approve, 43);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "no SARIF for a verdict the station did not sign"
    );
}
