/*!
Shared helpers for the verdict, approval and verify-verdict tests: real minisign keys (from the
crate and from the `minisign` CLI), a realistic assessment, and signed verdicts.
*/
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use airgap_audit::engine::advisor::{AdvisorInfo, ChangeJudgement, IntentLabel};
use airgap_audit::engine::summary::Summary;
use airgap_audit::engine::{Assessment, ChangeScope, Decision, Disposition, Finding, ModelReport};
use airgap_audit::envelope::approval::{
    ApprovalsReport, CountedApproval, IgnoredApproval, IgnoredCode,
};
use airgap_audit::verdict::{
    self, InputHashes, LedgerRef, SignedVerdict, VerdictCore, VerdictInputs,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn t(s: &str) -> OffsetDateTime {
    airgap_audit::canonical::parse_utc(s).unwrap()
}

pub fn minisign_cli_available() -> bool {
    Command::new("minisign").arg("-v").output().is_ok()
}

/// A key pair made by the real CLI (`minisign -G -W`, unencrypted). Returns (pub, key) paths.
pub fn cli_keypair(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let pk = dir.join(format!("{name}.pub"));
    let sk = dir.join(format!("{name}.key"));
    let out = Command::new("minisign")
        .args(["-G", "-W", "-f", "-p"])
        .arg(&pk)
        .arg("-s")
        .arg(&sk)
        .output()
        .expect("run minisign -G");
    assert!(out.status.success(), "minisign -G failed: {out:?}");
    (pk, sk)
}

/// A key pair made by the `minisign` crate, written as minisign files. Returns (pair, pub path).
pub fn crate_keypair(dir: &Path, name: &str) -> (minisign::KeyPair, PathBuf) {
    let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let pk = dir.join(format!("{name}.pub"));
    std::fs::write(&pk, kp.pk.to_box().unwrap().to_string()).unwrap();
    let sk = dir.join(format!("{name}.key"));
    std::fs::write(&sk, kp.sk.to_box(None).unwrap().to_string()).unwrap();
    (kp, pk)
}

pub fn load_pub(path: &Path) -> minisign::PublicKey {
    airgap_audit::sig::VerifyKey::parse(&std::fs::read(path).unwrap())
        .unwrap()
        .key
}

pub fn load_key(path: &Path) -> minisign::SecretKey {
    airgap_audit::sig::minisig::parse_secret_key(&std::fs::read(path).unwrap()).unwrap()
}

/// An assessment with one finding of each disposition family that fits `decision`, scope, a
/// model report with float confidences, and a summary.
pub fn assessment(decision: Decision) -> Assessment {
    let mut findings = vec![Finding::new(
        "use_reserved_instances",
        Disposition::Warn,
        Some("aws_instance.web"),
        "long-running on-demand instance could be reserved",
    )];
    let mut required = Vec::new();
    match decision {
        Decision::Approve => findings.push(Finding::new(
            "cost_threshold_approval",
            Disposition::Approval("finance".into()),
            None,
            "monthly cost rises by 1500 USD (threshold 1000 USD)",
        )),
        Decision::Escalate => {
            findings.push(Finding::new(
                "public_exposure_requires_security_review",
                Disposition::Approval("security".into()),
                Some("aws_security_group.web"),
                "ingress from 0.0.0.0/0 on port 443",
            ));
            required.push("security".to_string());
        }
        Decision::Veto => findings.push(Finding::new(
            "scope_creep",
            Disposition::Veto,
            Some("aws_iam_role.admin\u{1b}[31m"),
            "the request does not cover an IAM role",
        )),
    }
    Assessment {
        decision,
        required_approvals: required.clone(),
        approvals_still_needed: required,
        findings,
        scope: vec![ChangeScope {
            address: "aws_instance.web".into(),
            action: "create".into(),
            category: "compute".into(),
            in_scope: true,
            unclear: false,
            reason: "the request asks for a web server".into(),
        }],
        summary: Summary {
            lines: vec![
                "You asked for one web server; the plan creates one instance.".into(),
                format!("Decision: {decision}."),
            ],
        },
        policy_sha256: "11".repeat(32),
        model: ModelReport {
            status: "on".into(),
            info: Some(AdvisorInfo {
                model_sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
                    .into(),
                prompt_version: "p1".into(),
                grammar_version: "g1".into(),
                sampling: "greedy; threads=2".into(),
                concern_threshold: 0.8,
            }),
            judgements: vec![ChangeJudgement {
                address: "aws_instance.web".into(),
                label: IntentLabel::Required,
                confidence: 0.9731,
            }],
            note: None,
        },
    }
}

pub fn approvals_report() -> ApprovalsReport {
    ApprovalsReport {
        counted: vec![CountedApproval {
            kind: "finance".into(),
            approver: "Fiona".into(),
            key_id: "0123456789ABCDEF".into(),
            role: "finance".into(),
            expires_at: "2026-12-01T00:00:00Z".into(),
        }],
        ignored: vec![IgnoredApproval {
            kind: "security".into(),
            approver: "Sam".into(),
            code: IgnoredCode::OtherPlan,
            reason: "approves plan sha256 abc…, not this plan def…".into(),
        }],
        unused: Vec::new(),
    }
}

/// Builds and signs a verdict for `plan_sha256`.
pub fn signed_verdict(
    key: &minisign::SecretKey,
    request_id: &str,
    decision: Decision,
    plan_sha256: &str,
    issued_at: OffsetDateTime,
    ttl_secs: u64,
    index: u64,
) -> SignedVerdict {
    let a = assessment(decision);
    let core = VerdictCore::build(VerdictInputs {
        request_id,
        station_id: "station-test",
        assessment: &a,
        approvals: approvals_report(),
        hashes: InputHashes {
            bundle_sha256: "22".repeat(32),
            request_sha256: "33".repeat(32),
            plan_sha256: plan_sha256.to_string(),
        },
        issued_at,
        ttl_secs,
    })
    .unwrap();
    verdict::sign(
        core,
        LedgerRef {
            index,
            leaf_hash: sha256_hex(&index.to_le_bytes()),
        },
        key,
    )
    .unwrap()
}

/// Writes `name`, `name.minisig` and the `.txt` into `dir`; returns the verdict path.
pub fn write_verdict(dir: &Path, name: &str, json: &[u8], sig: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, json).unwrap();
    std::fs::write(dir.join(format!("{name}.minisig")), sig).unwrap();
    p
}
