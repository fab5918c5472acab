/*!
Approvals: named mutations of one good approval (each not counted, with the right reason code),
approvals signed with the real `minisign` CLI and with `airgap-audit approval sign`, and the
verdict saying why an approval was ignored.
*/
use std::process::Command;

use crate::support_verdict::*;
use airgap_audit::envelope::approval::{
    self, Approval, ApprovalContext, IgnoredCode, KindRoles, SignedApproval, TrustedKey,
};
use airgap_audit::sig::minisig;
use time::OffsetDateTime;

const NOW: &str = "2026-11-26T12:00:00Z";

struct World {
    _dir: tempfile::TempDir,
    finance_sk: minisign::SecretKey,
    security_sk: minisign::SecretKey,
    untrusted_sk: minisign::SecretKey,
    trusted: Vec<TrustedKey>,
    roles: KindRoles,
    plan_sha: String,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    // The finance approver's key comes from the real CLI when it is there.
    let (finance_sk, finance_pk) = if minisign_cli_available() {
        let (p, k) = cli_keypair(dir.path(), "finance");
        (load_key(&k), load_pub(&p))
    } else {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        (kp.sk, kp.pk)
    };
    let security = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let untrusted = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    World {
        _dir: dir,
        finance_sk,
        security_sk: security.sk,
        untrusted_sk: untrusted.sk,
        trusted: vec![
            TrustedKey {
                role: "finance".into(),
                key: finance_pk,
            },
            TrustedKey {
                role: "security".into(),
                key: security.pk,
            },
        ],
        roles: approval::default_kind_roles(),
        plan_sha: sha256_hex(b"{\"plan\":1}"),
    }
}

fn doc(
    kind: &str,
    plan_sha: &str,
    request_id: Option<&str>,
    issued: OffsetDateTime,
    ttl_h: i64,
) -> Vec<u8> {
    Approval::new(
        kind,
        plan_sha,
        "Fiona Finance",
        request_id,
        issued,
        issued + time::Duration::hours(ttl_h),
        Some("within budget"),
    )
    .unwrap()
    .to_bytes()
}

fn signed(sk: &minisign::SecretKey, bytes: &[u8]) -> SignedApproval {
    SignedApproval {
        approval: String::from_utf8(bytes.to_vec()).unwrap(),
        signature: minisig::sign(sk, bytes, "approval", "u").unwrap(),
    }
}

#[test]
fn named_mutations_of_a_good_approval_are_not_counted_for_the_right_reason() {
    let w = world();
    let now = t(NOW);
    let issued = now - time::Duration::hours(1);
    let ctx = ApprovalContext {
        plan_sha256: &w.plan_sha,
        request_id: "R-1",
        now,
        clock_skew_secs: 300,
        trusted: &w.trusted,
        kind_roles: &w.roles,
    };
    let good_doc = doc("finance", &w.plan_sha, Some("R-1"), issued, 48);
    let good = signed(&w.finance_sk, &good_doc);
    let counted = approval::check_one(&good, &ctx).expect("the good approval must count");
    assert_eq!(counted.kind, "finance");
    assert_eq!(counted.role, "finance");

    let other_plan = sha256_hex(b"{\"plan\":2}");
    let tampered = {
        let mut s = good.clone();
        s.approval = s.approval.replace("within budget", "within budget!");
        s
    };
    let unknown_field = {
        let text = String::from_utf8(good_doc.clone())
            .unwrap()
            .replacen('{', "{\"amount\":5,", 1);
        signed(&w.finance_sk, text.as_bytes())
    };
    let mut custom_roles = w.roles.clone();
    custom_roles.remove("finance");
    let mutations: Vec<(&str, SignedApproval, Option<ApprovalContext>, IgnoredCode)> = vec![
        (
            "bound_to_another_plan",
            signed(
                &w.finance_sk,
                &doc("finance", &other_plan, Some("R-1"), issued, 48),
            ),
            None,
            IgnoredCode::OtherPlan,
        ),
        (
            "expired",
            good.clone(),
            Some(ApprovalContext {
                now: issued + time::Duration::hours(48),
                ..ctx
            }),
            IgnoredCode::Expired,
        ),
        (
            "expired_document",
            signed(
                &w.finance_sk,
                &doc(
                    "finance",
                    &w.plan_sha,
                    Some("R-1"),
                    now - time::Duration::days(3),
                    24,
                ),
            ),
            None,
            IgnoredCode::Expired,
        ),
        (
            "issued_in_the_future",
            signed(
                &w.finance_sk,
                &doc(
                    "finance",
                    &w.plan_sha,
                    Some("R-1"),
                    now + time::Duration::hours(2),
                    48,
                ),
            ),
            None,
            IgnoredCode::NotYetValid,
        ),
        (
            "request_id_mismatch",
            signed(
                &w.finance_sk,
                &doc("finance", &w.plan_sha, Some("R-2"), issued, 48),
            ),
            None,
            IgnoredCode::OtherRequest,
        ),
        (
            "signed_by_key_with_another_role",
            signed(&w.security_sk, &good_doc),
            None,
            IgnoredCode::WrongRole,
        ),
        (
            "untrusted_key",
            signed(&w.untrusted_sk, &good_doc),
            None,
            IgnoredCode::UntrustedKey,
        ),
        (
            "bad_signature_text_altered",
            tampered,
            None,
            IgnoredCode::BadSignature,
        ),
        (
            "swapped_signature",
            SignedApproval {
                approval: good.approval.clone(),
                signature: signed(
                    &w.finance_sk,
                    &doc("finance", &other_plan, None, issued, 48),
                )
                .signature,
            },
            None,
            IgnoredCode::BadSignature,
        ),
        (
            "malformed_signature",
            SignedApproval {
                approval: good.approval.clone(),
                signature: good.signature[..good.signature.len() / 2].to_string(),
            },
            None,
            IgnoredCode::MalformedSignature,
        ),
        (
            "signed_unknown_field",
            unknown_field,
            None,
            IgnoredCode::Malformed,
        ),
        (
            "kind_without_role_mapping",
            good.clone(),
            Some(ApprovalContext {
                kind_roles: &custom_roles,
                ..ctx
            }),
            IgnoredCode::UnknownKind,
        ),
        (
            "kind_not_in_table",
            signed(
                &w.finance_sk,
                &doc("bribe", &w.plan_sha, Some("R-1"), issued, 48),
            ),
            None,
            IgnoredCode::UnknownKind,
        ),
    ];
    let mut accepted = Vec::new();
    let mut wrong = Vec::new();
    for (name, item, c, want) in &mutations {
        match approval::check_one(item, c.as_ref().unwrap_or(&ctx)) {
            Ok(_) => accepted.push(*name),
            Err(ig) => {
                if ig.code != *want {
                    wrong.push(format!("{name}: got {:?} ({})", ig.code, ig.reason));
                }
                assert!(!ig.reason.contains('\n'));
                assert!(!ig.reason.is_empty());
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "accepted approval mutations: {accepted:?}"
    );
    assert!(wrong.is_empty(), "wrong reasons: {wrong:#?}");

    // A request-less approval counts for any request with this plan (resubmission after escalate).
    let unbound = signed(
        &w.finance_sk,
        &doc("finance", &w.plan_sha, None, issued, 48),
    );
    assert!(approval::check_one(
        &unbound,
        &ApprovalContext {
            request_id: "R-99",
            ..ctx
        }
    )
    .is_ok());
}

#[test]
fn report_keeps_order_caps_count_and_feeds_the_verdict() {
    let w = world();
    let now = t(NOW);
    let issued = now - time::Duration::hours(1);
    let ctx = ApprovalContext {
        plan_sha256: &w.plan_sha,
        request_id: "R-1",
        now,
        clock_skew_secs: 300,
        trusted: &w.trusted,
        kind_roles: &w.roles,
    };
    let fin = signed(
        &w.finance_sk,
        &doc("finance", &w.plan_sha, None, issued, 48),
    );
    let sec_wrong_plan = signed(
        &w.security_sk,
        &doc("security", &"00".repeat(32), None, issued, 48),
    );
    let sec = signed(
        &w.security_sk,
        &doc("human_review", &w.plan_sha, None, issued, 48),
    );
    let report = approval::check_all(&[fin.clone(), sec_wrong_plan, sec], &ctx);
    assert_eq!(
        report.granted_kinds().into_iter().collect::<Vec<_>>(),
        vec!["finance".to_string(), "human_review".to_string()]
    );
    assert_eq!(report.ignored.len(), 1);
    assert_eq!(report.ignored[0].kind, "security");
    assert_eq!(report.ignored[0].code, IgnoredCode::OtherPlan);

    // Distinct approvals (each its own signature) up to the cap, the rest too_many.
    let many: Vec<SignedApproval> = (0..approval::MAX_APPROVALS as i64 + 3)
        .map(|i| {
            signed(
                &w.finance_sk,
                &doc(
                    "finance",
                    &w.plan_sha,
                    None,
                    issued - time::Duration::seconds(i),
                    48,
                ),
            )
        })
        .collect();
    let r = approval::check_all(&many, &ctx);
    assert_eq!(r.counted.len(), approval::MAX_APPROVALS);
    assert_eq!(r.ignored.len(), 3);
    assert!(r.ignored.iter().all(|i| i.code == IgnoredCode::TooMany));
    // One approval attached three times is one approval (issue 10, item 5).
    let r = approval::check_all(&[fin.clone(), fin.clone(), fin], &ctx);
    assert_eq!(r.counted.len(), 1);
    assert_eq!(r.ignored.len(), 2);
    assert!(r.ignored.iter().all(|i| i.code == IgnoredCode::Duplicate));

    // The verdict records why, in JSON and in the .txt.
    let station = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let a = assessment(airgap_audit::engine::Decision::Escalate);
    let core = airgap_audit::verdict::VerdictCore::build(airgap_audit::verdict::VerdictInputs {
        request_id: "R-1",
        station_id: "s",
        assessment: &a,
        approvals: report,
        hashes: airgap_audit::verdict::InputHashes {
            bundle_sha256: "22".repeat(32),
            request_sha256: "33".repeat(32),
            plan_sha256: w.plan_sha.clone(),
        },
        issued_at: now,
        ttl_secs: 3600,
    })
    .unwrap();
    let s = airgap_audit::verdict::sign(
        core,
        airgap_audit::verdict::LedgerRef {
            index: 0,
            leaf_hash: "44".repeat(32),
        },
        &station.sk,
    )
    .unwrap();
    let json = String::from_utf8(s.json).unwrap();
    assert!(json.contains("\"code\":\"other_plan\""), "{json}");
    assert!(
        s.text
            .contains("NOT counted: security by Fiona Finance: approves plan sha256 000000000000…"),
        "{}",
        s.text
    );
}

#[test]
fn approval_signed_with_the_minisign_cli_counts() {
    if !minisign_cli_available() {
        eprintln!("SKIP: minisign CLI not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pub_path, key_path) = cli_keypair(dir.path(), "sec");
    let now = t(NOW);
    // Hand-written, non-canonical JSON, signed by the plain CLI with its default comment.
    let plan_sha = sha256_hex(b"plan");
    let text = format!(
        "{{\n  \"format\": \"airgap-audit/approval/v1\",\n  \"kind\": \"security\",\n  \"request_id\": null,\n  \"plan_sha256\": \"{plan_sha}\",\n  \"approver\": \"Sam Security\",\n  \"issued_at\": \"2026-11-26T11:00:00+00:00\",\n  \"expires_at\": \"2026-11-28T11:00:00Z\",\n  \"comment\": null\n}}\n"
    );
    let file = dir.path().join("security.json");
    std::fs::write(&file, &text).unwrap();
    let out = Command::new("minisign")
        .arg("-S")
        .arg("-s")
        .arg(&key_path)
        .arg("-m")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let sig = std::fs::read_to_string(dir.path().join("security.json.minisig")).unwrap();
    let trusted = vec![TrustedKey {
        role: "security".into(),
        key: load_pub(&pub_path),
    }];
    let roles = approval::default_kind_roles();
    let ctx = ApprovalContext {
        plan_sha256: &plan_sha,
        request_id: "R-5",
        now,
        clock_skew_secs: 300,
        trusted: &trusted,
        kind_roles: &roles,
    };
    let item = SignedApproval {
        approval: text,
        signature: sig,
    };
    let c = approval::check_one(&item, &ctx).expect("CLI-signed approval must count");
    assert_eq!(c.kind, "security");
    assert_eq!(c.approver, "Sam Security");
}

#[test]
fn approval_sign_command_output_verifies_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, br#"{"format_version":"1.2"}"#).unwrap();
    let (kp, pub_path) = crate_keypair(dir.path(), "fin");
    let key_path = dir.path().join("fin.key");
    let out_file = dir.path().join("finance.json");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_airgap-audit"))
            .args([
                "approval",
                "sign",
                "--kind",
                "finance",
                "--approver",
                "Fiona",
                "--expires-in",
                "2d",
            ])
            .arg("--plan")
            .arg(&plan)
            .arg("--key")
            .arg(&key_path)
            .arg("--out")
            .arg(&out_file)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--request-id", "R-77", "--comment", "ok"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("finance approval by Fiona"), "{stdout}");

    // Refuses to overwrite without --force; one line on stderr, exit 2.
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("already exists"), "{err}");

    let doc = std::fs::read(&out_file).unwrap();
    let sig = std::fs::read_to_string(dir.path().join("finance.json.minisig")).unwrap();
    let a = Approval::parse(&doc).unwrap();
    assert_eq!(a.request_id.as_deref(), Some("R-77"));
    let plan_sha = sha256_hex(&std::fs::read(&plan).unwrap());
    assert_eq!(a.plan_sha256, plan_sha);
    let (issued, expires) = a.window().unwrap();
    assert_eq!(expires - issued, time::Duration::days(2));

    let trusted = vec![TrustedKey {
        role: "finance".into(),
        key: kp.pk.clone(),
    }];
    let roles = approval::default_kind_roles();
    let ctx = ApprovalContext {
        plan_sha256: &plan_sha,
        request_id: "R-77",
        now: issued + time::Duration::minutes(1),
        clock_skew_secs: 300,
        trusted: &trusted,
        kind_roles: &roles,
    };
    let item = SignedApproval {
        approval: String::from_utf8(doc).unwrap(),
        signature: sig,
    };
    assert!(approval::check_one(&item, &ctx).is_ok());

    if minisign_cli_available() {
        let out = Command::new("minisign")
            .arg("-V")
            .arg("-p")
            .arg(&pub_path)
            .arg("-m")
            .arg(&out_file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }

    // Bad arguments: one line, exit 2, nothing written.
    let bad_out = dir.path().join("bad.json");
    let out = Command::new(env!("CARGO_BIN_EXE_airgap-audit"))
        .args([
            "approval",
            "sign",
            "--kind",
            "Finance!",
            "--approver",
            "F",
            "--expires-in",
            "2d",
        ])
        .arg("--plan")
        .arg(&plan)
        .arg("--key")
        .arg(&key_path)
        .arg("--out")
        .arg(&bad_out)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    assert!(!bad_out.exists());
}
