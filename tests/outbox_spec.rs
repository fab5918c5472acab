/*!
`outbox-spec/examples/`: the checked-in example verdicts, approvals, rejection receipt and
checkpoint, made with THROWAWAY keys that are checked in beside them.

Default mode: regenerate every example into a temp dir from the checked-in keys and plan, and
require byte-identical files (signing is deterministic), then check the examples the way a reader
of the spec would: `minisign -V`, `verify-verdict`, the approval rules, the checkpoint signature,
and the JSON Schemas (with Python `jsonschema` when installed).
With `OUTBOX_SPEC_REGENERATE=1` (see `outbox-spec/regenerate.sh`) the files are written instead;
missing keys are generated then.
*/
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support_verdict::{self, sha256_hex};
use airgap_audit::engine::advisor::{AdvisorInfo, ChangeJudgement, IntentLabel};
use airgap_audit::engine::summary::Summary;
use airgap_audit::engine::{Assessment, ChangeScope, Decision, Disposition, Finding, ModelReport};
use airgap_audit::envelope::approval::{
    self, Approval, ApprovalContext, SignedApproval, TrustedKey,
};
use airgap_audit::ledger::{CheckpointSigner, EntryKind, Ledger, LedgerKeys, NewEntry};
use airgap_audit::sig::minisig;
use airgap_audit::verdict::receipt::{self, RejectionCore};
use airgap_audit::verdict::{self, InputHashes, LedgerRef, VerdictCore, VerdictInputs};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/outbox-spec");
const STATION_ID: &str = "station-example";
const ORIGIN: &str = "airgap-audit/station-example";
const ISSUED: &str = "2026-11-26T09:00:00Z";
const APPROVED_AT: &str = "2026-11-26T08:00:00Z";
const TTL: u64 = 86_400;

const PLAN: &str = r#"{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"ami":"ami-0abcdef1234567890","instance_type":"m5.4xlarge","tags":{"CostCenter":"cc-42","Environment":"staging","Owner":"web-team"}},"after_unknown":{"id":true}}}],"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}}},"errored":false,"complete":true}
"#;

fn regenerate() -> bool {
    std::env::var_os("OUTBOX_SPEC_REGENERATE").is_some_and(|v| v == "1")
}

fn t(s: &str) -> time::OffsetDateTime {
    airgap_audit::canonical::parse_utc(s).unwrap()
}

/// Keys and plan: read from the spec, or (regenerating, when missing) made and written there.
struct Inputs {
    station: minisign::SecretKey,
    checkpoint: CheckpointSigner,
    finance: minisign::SecretKey,
    security: minisign::SecretKey,
    plan: Vec<u8>,
}

fn key_or_new(dir: &Path, name: &str) -> minisign::SecretKey {
    let path = dir.join(format!("{name}.key"));
    if !path.exists() {
        assert!(
            regenerate(),
            "{} is missing; run outbox-spec/regenerate.sh",
            path.display()
        );
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let comment = format!("THROWAWAY example key {name}, never use it for anything real");
        std::fs::write(&path, kp.sk.to_box(Some(&comment)).unwrap().to_string()).unwrap();
        std::fs::write(
            dir.join(format!("{name}.pub")),
            format!(
                "untrusted comment: minisign public key {}\n{}\n",
                airgap_audit::sig::key_id_hex(kp.pk.keynum()),
                kp.pk.to_base64()
            ),
        )
        .unwrap();
    }
    minisig::parse_secret_key(&std::fs::read(&path).unwrap()).unwrap()
}

fn inputs() -> Inputs {
    let keys = Path::new(SPEC).join("examples/keys");
    if regenerate() {
        std::fs::create_dir_all(&keys).unwrap();
    }
    let ck = keys.join("station-checkpoint.key");
    if !ck.exists() {
        assert!(
            regenerate(),
            "{} is missing; run outbox-spec/regenerate.sh",
            ck.display()
        );
        let s = CheckpointSigner::generate(ORIGIN).unwrap();
        std::fs::write(&ck, format!("{}\n", s.to_secret_string())).unwrap();
        std::fs::write(
            keys.join("station-checkpoint.pub"),
            format!("{}\n", s.verifier()),
        )
        .unwrap();
    }
    let plan_path = Path::new(SPEC).join("examples/plan.json");
    if !plan_path.exists() {
        assert!(regenerate(), "{} is missing", plan_path.display());
        std::fs::write(&plan_path, PLAN).unwrap();
    }
    Inputs {
        station: key_or_new(&keys, "station-verdict"),
        checkpoint: CheckpointSigner::parse(&std::fs::read_to_string(&ck).unwrap()).unwrap(),
        finance: key_or_new(&keys, "approver-finance"),
        security: key_or_new(&keys, "approver-security"),
        plan: std::fs::read(&plan_path).unwrap(),
    }
}

fn assessment(decision: Decision, required: &[&str]) -> Assessment {
    Assessment {
        decision,
        required_approvals: required.iter().map(|s| s.to_string()).collect(),
        approvals_still_needed: required.iter().map(|s| s.to_string()).collect(),
        findings: vec![
            Finding::new(
                "cost_threshold_approval",
                Disposition::Approval("finance".into()),
                None,
                "Monthly cost rises by 1401.60 USD (140.00 → 1541.60), over the 1000 USD threshold.",
            ),
            Finding::new(
                "use_reserved_instances",
                Disposition::Warn,
                Some("aws_instance.web"),
                "aws_instance.web is long-running on-demand compute; a reservation would cost less.",
            ),
        ],
        scope: vec![ChangeScope {
            address: "aws_instance.web".into(),
            action: "create".into(),
            category: "compute".into(),
            in_scope: true,
            unclear: false,
            reason: "the request asks for one web server in staging".into(),
        }],
        summary: Summary {
            lines: vec![
                "You asked: \"Add one larger web server to staging for the load test.\"".into(),
                "The plan creates 1 resource: aws_instance.web (m5.4xlarge, staging, eu-west-1).".into(),
                "Nothing in the plan goes beyond the request.".into(),
                "The monthly cost rises by 1401.60 USD, which needs a finance approval.".into(),
            ],
        },
        policy_sha256: sha256_hex(b"example policy set"),
        model: ModelReport {
            status: "on".into(),
            info: Some(AdvisorInfo {
                model_sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818".into(),
                prompt_version: "intent-v1".into(),
                grammar_version: "labels-v1".into(),
                sampling: "greedy; threads=2; ctx=4096".into(),
                concern_threshold: 0.8,
            }),
            judgements: vec![ChangeJudgement {
                address: "aws_instance.web".into(),
                label: IntentLabel::Required,
                confidence: 0.964,
            }],
            note: None,
        },
    }
}

/// Every example file, by path relative to `outbox-spec/examples/`.
fn generate(inp: &Inputs, ledger_dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let plan_sha = sha256_hex(&inp.plan);
    let other_plan_sha = sha256_hex(b"an older version of the plan");
    let approved = t(APPROVED_AT);
    let issued = t(ISSUED);

    let sign_approval =
        |sk: &minisign::SecretKey, kind: &str, plan: &str, approver: &str, comment: &str| {
            let a = Approval::new(
                kind,
                plan,
                approver,
                None,
                approved,
                approved + time::Duration::days(7),
                Some(comment),
            )
            .unwrap();
            let bytes = a.to_bytes();
            let sig = minisig::sign(
                sk,
                &bytes,
                &format!(
                    "airgap-audit approval kind={} plan_sha256={}",
                    a.kind, a.plan_sha256
                ),
                "airgap-audit approval signature",
            )
            .unwrap();
            SignedApproval {
                approval: String::from_utf8(bytes).unwrap(),
                signature: sig,
            }
        };
    let finance = sign_approval(
        &inp.finance,
        "finance",
        &plan_sha,
        "Fiona Example (finance)",
        "Load test budget FIN-2211.",
    );
    let security_stale = sign_approval(
        &inp.security,
        "security",
        &other_plan_sha,
        "Sam Example (security)",
        "Reviewed the earlier plan.",
    );
    for (name, a) in [
        ("approval-finance.json", &finance),
        ("approval-security-stale.json", &security_stale),
    ] {
        files.insert(name.to_string(), a.approval.clone().into_bytes());
        files.insert(format!("{name}.minisig"), a.signature.clone().into_bytes());
    }

    let trusted = vec![
        TrustedKey {
            role: "finance".into(),
            key: minisig::public_key_of(&inp.finance).unwrap(),
        },
        TrustedKey {
            role: "security".into(),
            key: minisig::public_key_of(&inp.security).unwrap(),
        },
    ];
    let roles = approval::default_kind_roles();
    let check = |rid: &str, items: &[SignedApproval]| {
        approval::check_all(
            items,
            &ApprovalContext {
                plan_sha256: &plan_sha,
                request_id: rid,
                now: issued,
                clock_skew_secs: 300,
                trusted: &trusted,
                kind_roles: &roles,
            },
        )
    };

    let approve_a = assessment(Decision::Approve, &[]);
    let escalate_a = assessment(Decision::Escalate, &["finance"]);
    let cores = [
        (
            "R-2026-0001",
            &approve_a,
            check("R-2026-0001", std::slice::from_ref(&finance)),
        ),
        (
            "R-2026-0002",
            &escalate_a,
            check("R-2026-0002", std::slice::from_ref(&security_stale)),
        ),
    ]
    .map(|(rid, a, report)| {
        VerdictCore::build(VerdictInputs {
            request_id: rid,
            station_id: STATION_ID,
            assessment: a,
            approvals: report,
            hashes: InputHashes {
                bundle_sha256: sha256_hex(format!("example bundle {rid}").as_bytes()),
                request_sha256: sha256_hex(format!("example request {rid}").as_bytes()),
                plan_sha256: plan_sha.clone(),
            },
            issued_at: issued,
            ttl_secs: TTL,
        })
        .unwrap()
    });
    let rejected_bundle_sha = sha256_hex(b"example bundle with a bad signature");
    let rejection = RejectionCore::build(
        "0003.aab",
        &rejected_bundle_sha,
        "bad_signature",
        "the request signature does not verify with the orchestrator key it names; re-seal the bundle",
        STATION_ID,
        issued,
    )
    .unwrap();

    // A real ledger gives real indices, leaf hashes and a checkpoint over them.
    let mut ledger =
        Ledger::create_with(&ledger_dir.join("ledger.sqlite"), LedgerKeys::None).unwrap();
    let mut entries: Vec<NewEntry> = cores
        .iter()
        .map(|c| NewEntry {
            kind: EntryKind::Verdict,
            subject: c.request_id.clone(),
            bundle_sha256: Some(c.hashes.bundle_sha256.clone()),
            orchestrator_key: None,
            sequence: None,
            decision: Some(c.decision.to_string()),
            created_at: c.issued_at.clone(),
            body: c.to_value().unwrap(),
        })
        .collect();
    entries.push(NewEntry {
        kind: EntryKind::Rejection,
        subject: rejected_bundle_sha.clone(),
        bundle_sha256: Some(rejected_bundle_sha.clone()),
        orchestrator_key: None,
        sequence: None,
        decision: None,
        created_at: rejection.issued_at.clone(),
        body: rejection.to_value().unwrap(),
    });
    let appended = ledger.append_batch(entries).unwrap();
    let lref = |i: usize| LedgerRef {
        index: appended[i].index,
        leaf_hash: hex::encode(appended[i].leaf_hash),
    };
    for (i, core) in cores.into_iter().enumerate() {
        let rid = core.request_id.clone();
        let s = verdict::sign(core, lref(i), &inp.station).unwrap();
        files.insert(format!("{rid}.verdict.json"), s.json);
        files.insert(
            format!("{rid}.verdict.json.minisig"),
            s.minisig.into_bytes(),
        );
        files.insert(format!("{rid}.verdict.txt"), s.text.into_bytes());
    }
    let r = receipt::sign(rejection, lref(2), &inp.station).unwrap();
    files.insert(format!("{rejected_bundle_sha}.rejection.json"), r.json);
    files.insert(
        format!("{rejected_bundle_sha}.rejection.json.minisig"),
        r.minisig.into_bytes(),
    );
    files.insert(
        "checkpoint.txt".into(),
        ledger.checkpoint(&inp.checkpoint, ORIGIN).into_bytes(),
    );
    files
}

#[test]
fn examples_are_current_and_verify() {
    let inp = inputs();
    let tmp = tempfile::tempdir().unwrap();
    let files = generate(&inp, tmp.path());
    let examples = Path::new(SPEC).join("examples");
    if regenerate() {
        for (name, bytes) in &files {
            std::fs::write(examples.join(name), bytes).unwrap();
        }
        eprintln!(
            "wrote {} example files to {}",
            files.len(),
            examples.display()
        );
    }
    let mut stale = Vec::new();
    for (name, bytes) in &files {
        if std::fs::read(examples.join(name)).ok().as_ref() != Some(bytes) {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "outbox-spec/examples is out of date ({stale:?}); if the change is intended, run outbox-spec/regenerate.sh and review the diff"
    );
    check_examples(&examples, &inp);
}

fn check_examples(dir: &Path, inp: &Inputs) {
    let plan_sha = sha256_hex(&inp.plan);
    let station_pub = dir.join("keys/station-verdict.pub");
    let pk = airgap_audit::sig::VerifyKey::parse(&std::fs::read(&station_pub).unwrap())
        .unwrap()
        .key;
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    let valid_at = t(ISSUED) + time::Duration::hours(1);

    // The approve example passes the cloud gate while valid; the escalate one does not.
    let v = verdict::verify_for_apply(
        &read("R-2026-0001.verdict.json"),
        &read("R-2026-0001.verdict.json.minisig"),
        &pk,
        &plan_sha,
        valid_at,
        300,
    )
    .unwrap();
    assert_eq!(v.core.approvals.counted.len(), 1);
    let e = verdict::verify_for_apply(
        &read("R-2026-0002.verdict.json"),
        &read("R-2026-0002.verdict.json.minisig"),
        &pk,
        &plan_sha,
        valid_at,
        300,
    )
    .unwrap_err();
    assert!(matches!(e, verdict::VerifyError::NotApproved { .. }));
    let esc = verdict::verify_signed(
        &read("R-2026-0002.verdict.json"),
        &read("R-2026-0002.verdict.json.minisig"),
        &pk,
    )
    .unwrap();
    assert_eq!(
        esc.core.approvals.ignored[0].code,
        approval::IgnoredCode::OtherPlan
    );

    // The checkpoint verifies with the checked-in verifier key and covers all three entries.
    let verifier = airgap_audit::ledger::CheckpointVerifier::parse(
        &std::fs::read_to_string(dir.join("keys/station-checkpoint.pub")).unwrap(),
    )
    .unwrap();
    let cp = verifier.verify(&read("checkpoint.txt")).unwrap();
    assert_eq!(cp.size, 3);

    // The real minisign CLI accepts every station signature in the examples.
    if support_verdict::minisign_cli_available() {
        for name in example_names(dir, ".json.minisig") {
            let signed = dir.join(name.trim_end_matches(".minisig"));
            let key = if name.starts_with("approval-finance") {
                dir.join("keys/approver-finance.pub")
            } else if name.starts_with("approval-security") {
                dir.join("keys/approver-security.pub")
            } else {
                station_pub.clone()
            };
            let out = Command::new("minisign")
                .arg("-V")
                .arg("-p")
                .arg(&key)
                .arg("-m")
                .arg(&signed)
                .output()
                .unwrap();
            assert!(out.status.success(), "minisign -V {name}: {out:?}");
        }
    }
    validate_schemas(dir);
}

fn example_names(dir: &Path, suffix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(suffix))
        .collect();
    v.sort();
    v
}

/// Validates each example against its JSON Schema with Python's `jsonschema` (skipped if absent).
fn validate_schemas(dir: &Path) {
    let have = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!("SKIP schema validation: python3 jsonschema not installed");
        return;
    }
    let schemas = PathBuf::from(SPEC).join("schemas");
    let pairs: Vec<(String, &str)> = example_names(dir, ".json")
        .into_iter()
        .filter(|n| n != "plan.json")
        .map(|n| {
            let schema = if n.ends_with(".verdict.json") {
                "verdict.schema.json"
            } else if n.ends_with(".rejection.json") {
                "rejection.schema.json"
            } else {
                "approval.schema.json"
            };
            (n, schema)
        })
        .collect();
    assert!(pairs.len() >= 5);
    let script = r#"
import json, sys, jsonschema
ok = True
for pair in sys.argv[3:]:
    name, schema = pair.split("=")
    s = json.load(open(sys.argv[2] + "/" + schema))
    jsonschema.Draft202012Validator.check_schema(s)
    errs = list(jsonschema.Draft202012Validator(s).iter_errors(json.load(open(sys.argv[1] + "/" + name))))
    for e in errs:
        ok = False
        print(name, list(e.absolute_path), e.message)
sys.exit(0 if ok else 1)
"#;
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(script).arg(dir).arg(&schemas);
    for (n, s) in &pairs {
        cmd.arg(format!("{n}={s}"));
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "schema validation failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // And the schemas are not vacuous: a verdict with an unknown field or a float confidence fails.
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("R-2026-0001.verdict.json")).unwrap())
            .unwrap();
    let mut extra = v.clone();
    extra["surprise"] = serde_json::json!(1);
    let mut float = v.clone();
    float["model"]["judgements"][0]["confidence_permille"] = serde_json::json!(0.9);
    let mut bad_decision = v;
    bad_decision["decision"] = serde_json::json!("approved");
    let tmp = tempfile::tempdir().unwrap();
    for (i, bad) in [extra, float, bad_decision].iter().enumerate() {
        let name = format!("bad{i}.json");
        std::fs::write(tmp.path().join(&name), serde_json::to_vec(bad).unwrap()).unwrap();
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(tmp.path())
            .arg(&schemas)
            .arg(format!("{name}=verdict.schema.json"))
            .output()
            .unwrap();
        assert!(!out.status.success(), "schema accepted mutation {i}");
    }
}
