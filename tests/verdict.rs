/*!
Verdict format, signing and verification as library calls: named mutations of one good verdict
(STYLE.md point 5), determinism of re-emission, and interop with the real `minisign` CLI.
*/
use std::process::Command;

use crate::support_verdict::*;
use airgap_audit::engine::Decision;
use airgap_audit::sig::minisig;
use airgap_audit::verdict::{self, LedgerRef, VerdictCore, VerifyError};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use time::OffsetDateTime;

const ISSUED: &str = "2026-11-26T10:00:00Z";
const TTL: u64 = 86_400;

/// One input to `verify_for_apply`.
#[derive(Clone)]
struct Case {
    json: Vec<u8>,
    sig: Vec<u8>,
    key: minisign::PublicKey,
    plan_sha256: String,
    now: OffsetDateTime,
}

impl Case {
    fn run(&self) -> Result<verdict::Verdict, VerifyError> {
        verdict::verify_for_apply(
            &self.json,
            &self.sig,
            &self.key,
            &self.plan_sha256,
            self.now,
            300,
        )
    }
}

/// Rewrites one decoded part of a minisig file and re-encodes it, so the mutation reaches the
/// cryptography instead of failing base64.
fn edit_sig_line(sig: &[u8], line: usize, f: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let text = String::from_utf8(sig.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut raw = B64.decode(&lines[line]).unwrap();
    f(&mut raw);
    lines[line] = B64.encode(raw);
    format!("{}\n", lines.join("\n")).into_bytes()
}

type Check = fn(&VerifyError) -> bool;

#[test]
fn named_mutations_of_a_good_verdict_are_all_rejected() {
    let station = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let plan = br#"{"format_version":"1.2","resource_changes":[]}"#;
    let plan_sha = sha256_hex(plan);
    let other_plan_sha = sha256_hex(br#"{"format_version":"1.2","resource_changes":[{}]}"#);
    let issued = t(ISSUED);
    let good_signed = signed_verdict(
        &station.sk,
        "R-1",
        Decision::Approve,
        &plan_sha,
        issued,
        TTL,
        41,
    );
    let good = Case {
        json: good_signed.json.clone(),
        sig: good_signed.minisig.clone().into_bytes(),
        key: station.pk.clone(),
        plan_sha256: plan_sha.clone(),
        now: issued + time::Duration::hours(1),
    };
    let v = good.run().expect("the good verdict must pass");
    assert_eq!(v.ledger.index, 41);
    assert_eq!(v.core.decision, Decision::Approve);

    let resign = |json: &[u8], comment: &str| -> Vec<u8> {
        minisig::sign(&station.sk, json, comment, "x")
            .unwrap()
            .into_bytes()
    };
    let good_comment = v.trusted_comment();
    let mut mutations: Vec<(&str, Case, Check)> = Vec::new();
    let mut m = |name: &'static str, f: &dyn Fn(&mut Case), check: Check| {
        let mut c = good.clone();
        f(&mut c);
        mutations.push((name, c, check));
    };

    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    m("wrong_key", &|c| c.key = other.pk.clone(), |e| {
        matches!(e, VerifyError::WrongKey { .. })
    });
    m(
        "signed_by_another_key",
        &|c| {
            c.sig = minisig::sign(&other.sk, &c.json, &good_comment, "x")
                .unwrap()
                .into_bytes()
        },
        |e| matches!(e, VerifyError::WrongKey { .. }),
    );
    for (name, pos) in [
        ("flipped_bit_body_start", 1usize),
        ("flipped_bit_body_middle", good.json.len() / 2),
        ("flipped_bit_body_end", good.json.len() - 2),
    ] {
        m(name, &move |c| c.json[pos] ^= 0x01, |e| {
            matches!(e, VerifyError::BadSignature)
        });
    }
    m(
        "flipped_bit_signature",
        &|c| c.sig = edit_sig_line(&c.sig, 1, |raw| raw[40] ^= 0x80),
        |e| matches!(e, VerifyError::BadSignature),
    );
    m(
        "flipped_bit_signature_key_id",
        &|c| c.sig = edit_sig_line(&c.sig, 1, |raw| raw[3] ^= 0x01),
        |e| matches!(e, VerifyError::WrongKey { .. }),
    );
    m(
        "flipped_bit_global_signature",
        &|c| c.sig = edit_sig_line(&c.sig, 3, |raw| raw[5] ^= 0x01),
        |e| matches!(e, VerifyError::BadCommentSignature),
    );
    m(
        "flipped_bit_signature_text",
        &|c| {
            // In the base64 signature line (the first line is the unsigned untrusted comment).
            let pos = c.sig.iter().position(|b| *b == b'\n').unwrap() + 21;
            c.sig[pos] ^= 0x04;
        },
        |e| {
            matches!(
                e,
                VerifyError::BadSignature | VerifyError::SignatureUnreadable(_)
            )
        },
    );
    m(
        "truncated_body",
        &|c| c.json.truncate(c.json.len() / 2),
        |e| matches!(e, VerifyError::BadSignature),
    );
    m("empty_body", &|c| c.json.clear(), |e| {
        matches!(e, VerifyError::BadSignature)
    });
    m(
        "truncated_signature",
        &|c| c.sig.truncate(c.sig.len() / 2),
        |e| matches!(e, VerifyError::SignatureUnreadable(_)),
    );
    m("empty_signature", &|c| c.sig.clear(), |e| {
        matches!(e, VerifyError::SignatureUnreadable(_))
    });
    m(
        "trusted_comment_edited",
        &|c| {
            let s = String::from_utf8(c.sig.clone()).unwrap();
            c.sig = s.replace("ledger_index=41", "ledger_index=42").into_bytes();
        },
        |e| matches!(e, VerifyError::BadCommentSignature),
    );
    m(
        "trusted_comment_decision_edited",
        &|c| {
            let s = String::from_utf8(c.sig.clone()).unwrap();
            c.sig = s.replace("decision=approve", "decision=veto").into_bytes();
        },
        |e| matches!(e, VerifyError::BadCommentSignature),
    );
    for (name, d) in [
        ("decision_escalate", Decision::Escalate),
        ("decision_veto", Decision::Veto),
    ] {
        let s = signed_verdict(&station.sk, "R-1", d, &plan_sha, issued, TTL, 41);
        m(
            name,
            &move |c| {
                c.json = s.json.clone();
                c.sig = s.minisig.clone().into_bytes();
            },
            |e| matches!(e, VerifyError::NotApproved { .. }),
        );
    }
    m(
        "decision_edited_in_body",
        &|c| {
            let s = String::from_utf8(c.json.clone()).unwrap();
            c.json = s
                .replacen("\"decision\":\"approve\"", "\"decision\":\"veto\"", 1)
                .into_bytes();
            assert_ne!(c.json, good.json);
        },
        |e| matches!(e, VerifyError::BadSignature),
    );
    m(
        "plan_digest_mismatch",
        &|c| c.plan_sha256 = other_plan_sha.clone(),
        |e| matches!(e, VerifyError::PlanMismatch { .. }),
    );
    m(
        "expired_exactly",
        &|c| c.now = issued + time::Duration::seconds(TTL as i64),
        |e| matches!(e, VerifyError::Expired(_)),
    );
    m(
        "expired_long_ago",
        &|c| c.now = issued + time::Duration::days(30),
        |e| matches!(e, VerifyError::Expired(_)),
    );
    m(
        "issued_in_the_future",
        &|c| c.now = issued - time::Duration::hours(1),
        |e| matches!(e, VerifyError::NotYetValid(_)),
    );
    let another = signed_verdict(
        &station.sk,
        "R-2",
        Decision::Approve,
        &plan_sha,
        issued,
        TTL,
        42,
    );
    m(
        "swapped_signature_from_another_verdict",
        &|c| c.sig = another.minisig.clone().into_bytes(),
        |e| matches!(e, VerifyError::BadSignature),
    );
    m(
        "ledger_index_changed_in_body",
        &|c| {
            let s = String::from_utf8(c.json.clone()).unwrap();
            c.json = s.replacen("\"index\":41", "\"index\":42", 1).into_bytes();
            assert_ne!(c.json, good.json);
        },
        |e| matches!(e, VerifyError::BadSignature),
    );
    m(
        "ledger_index_changed_and_resigned_with_old_comment",
        &|c| {
            let s = String::from_utf8(c.json.clone()).unwrap();
            c.json = s.replacen("\"index\":41", "\"index\":42", 1).into_bytes();
            c.sig = resign(&c.json, &good_comment);
        },
        |e| matches!(e, VerifyError::CommentMismatch { .. }),
    );
    m(
        "station_signed_noncanonical_whitespace",
        &|c| {
            let s = String::from_utf8(c.json.clone()).unwrap();
            c.json = s.replacen(',', ", ", 1).into_bytes();
            c.sig = resign(&c.json, &good_comment);
        },
        |e| matches!(e, VerifyError::Malformed(_)),
    );
    m(
        "station_signed_unknown_field",
        &|c| {
            let s = String::from_utf8(c.json.clone()).unwrap();
            c.json = s
                .replacen("{\"approvals\"", "{\"aaa\":1,\"approvals\"", 1)
                .into_bytes();
            c.sig = resign(&c.json, &good_comment);
        },
        |e| matches!(e, VerifyError::Malformed(_)),
    );
    m(
        "legacy_signature_algorithm",
        &|c| c.sig = edit_sig_line(&c.sig, 1, |raw| raw[1] = b'd'),
        |e| {
            matches!(
                e,
                VerifyError::SignatureUnreadable(airgap_audit::sig::SigError::Legacy)
            )
        },
    );
    m(
        "signature_with_crlf",
        &|c| {
            c.sig = String::from_utf8(c.sig.clone())
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes()
        },
        |e| matches!(e, VerifyError::SignatureUnreadable(_)),
    );

    let mut accepted = Vec::new();
    let mut wrong_reason = Vec::new();
    for (name, case, check) in &mutations {
        match case.run() {
            Ok(_) => accepted.push(*name),
            Err(e) => {
                if !check(&e) {
                    wrong_reason.push(format!("{name}: {e}"));
                }
                // Every reason is one line.
                assert!(!e.to_string().contains('\n'), "{name}: multi-line error");
            }
        }
    }
    assert!(mutations.len() >= 25, "only {} mutations", mutations.len());
    assert!(accepted.is_empty(), "accepted mutations: {accepted:?}");
    assert!(
        wrong_reason.is_empty(),
        "rejected for the wrong reason: {wrong_reason:#?}"
    );
}

#[test]
fn signing_is_deterministic_and_reemission_from_the_ledger_body_is_identical() {
    let station = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let plan_sha = "ab".repeat(32);
    let a = signed_verdict(
        &station.sk,
        "R-7",
        Decision::Escalate,
        &plan_sha,
        t(ISSUED),
        TTL,
        3,
    );
    let b = signed_verdict(
        &station.sk,
        "R-7",
        Decision::Escalate,
        &plan_sha,
        t(ISSUED),
        TTL,
        3,
    );
    assert_eq!(a.json, b.json);
    assert_eq!(a.minisig, b.minisig);
    assert_eq!(a.text, b.text);

    // The ledger stores the core as a JSON value; re-emission reads it back and signs again.
    let body = a.verdict.core.to_value().unwrap();
    let text = serde_json::to_string(&body).unwrap();
    let reread: serde_json::Value = serde_json::from_str(&text).unwrap();
    let core = VerdictCore::from_value(&reread).unwrap();
    let again = verdict::sign(core, a.verdict.ledger.clone(), &station.sk).unwrap();
    assert_eq!(again.json, a.json);
    assert_eq!(again.minisig, a.minisig);

    // The body has no `ledger` field and integers only (no float formatting in signed bytes).
    assert!(body.get("ledger").is_none());
    let json = String::from_utf8(a.json.clone()).unwrap();
    assert!(json.contains("\"confidence_permille\":973"), "{json}");
    assert!(
        json.contains("\"concern_threshold_permille\":800"),
        "{json}"
    );
    assert!(!json.contains("0.97"));
    assert!(
        json.starts_with("{\"approvals\":{"),
        "keys must be sorted: {json}"
    );
}

#[test]
fn verdict_text_says_what_happens_what_is_blocked_what_the_model_thought_and_what_to_do() {
    let station = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let plan_sha = "ab".repeat(32);
    let veto = signed_verdict(
        &station.sk,
        "R-8",
        Decision::Veto,
        &plan_sha,
        t(ISSUED),
        TTL,
        9,
    );
    let txt = &veto.text;
    assert!(
        txt.starts_with("BLOCKED: this plan cannot be applied"),
        "{txt}"
    );
    assert!(
        txt.contains("\nWhat to do:\n  Ask for a corrected plan"),
        "{txt}"
    );
    // The plain list says what the local model thought of each change it judged.
    assert!(
        txt.contains("✅ Create instance \"web\": asked for: the request asks for a web server; advice, does not block: a reservation would cost less (local model: asked for, 97% sure)."),
        "{txt}"
    );
    // Ids and addresses are in the technical section, below the plain part.
    let technical = txt
        .find("\nTECHNICAL DETAILS\n")
        .expect("a technical section");
    let id_at = txt.find("scope_creep [veto]").expect("the finding id");
    assert!(id_at > technical, "{txt}");
    assert!(
        txt.contains("❌ Iam role \"admin\u{FFFD}[31m\": you did not ask for this."),
        "{txt}"
    );
    assert!(txt.contains("NOT counted: security by Sam: approves plan sha256"));
    // Model settings only in the technical section.
    assert!(txt.find("greedy; threads=2").unwrap() > technical, "{txt}");
    // A plan-controlled escape sequence never reaches the operator's terminal.
    assert!(!txt.contains('\u{1b}'), "control character in .txt");

    let esc = signed_verdict(
        &station.sk,
        "R-9",
        Decision::Escalate,
        &plan_sha,
        t(ISSUED),
        TTL,
        10,
    );
    assert!(
        esc.text.starts_with(
            "NEEDS APPROVAL: nothing will be applied until it has a security approval."
        ),
        "{}",
        esc.text
    );
    assert!(esc
        .text
        .contains("airgap-audit approval sign --kind security --plan plan.json"));
    let ok = signed_verdict(
        &station.sk,
        "R-10",
        Decision::Approve,
        &plan_sha,
        t(ISSUED),
        TTL,
        11,
    );
    assert!(
        ok.text
            .contains("Apply exactly this plan before 2026-11-27T10:00:00Z"),
        "{}",
        ok.text
    );
    assert!(
        ok.text.contains("(a finance approval given)"),
        "{}",
        ok.text
    );
}

#[test]
fn build_refuses_unsafe_ids_and_bad_digests() {
    let a = assessment(Decision::Approve);
    let mk = |rid: &str, plan: &str| {
        VerdictCore::build(verdict::VerdictInputs {
            request_id: rid,
            station_id: "s",
            assessment: &a,
            approvals: Default::default(),
            hashes: verdict::InputHashes {
                bundle_sha256: "22".repeat(32),
                request_sha256: "33".repeat(32),
                plan_sha256: plan.to_string(),
            },
            issued_at: t(ISSUED),
            ttl_secs: TTL,
        })
    };
    assert!(mk("R-1.a_b", &"ab".repeat(32)).is_ok());
    for bad in [
        "",
        "../x",
        ".hidden",
        "a b",
        "a/b",
        "a=b",
        "é",
        &"x".repeat(129),
    ] {
        assert!(
            mk(bad, &"ab".repeat(32)).is_err(),
            "accepted request id {bad:?}"
        );
    }
    assert!(mk("R", "AB").is_err());
    let mut nan = assessment(Decision::Approve);
    nan.model.judgements[0].confidence = f64::NAN;
    let r = VerdictCore::build(verdict::VerdictInputs {
        request_id: "R",
        station_id: "s",
        assessment: &nan,
        approvals: Default::default(),
        hashes: verdict::InputHashes {
            bundle_sha256: "22".repeat(32),
            request_sha256: "33".repeat(32),
            plan_sha256: "ab".repeat(32),
        },
        issued_at: t(ISSUED),
        ttl_secs: TTL,
    });
    assert_eq!(r.unwrap_err(), verdict::VerdictError::NonFinite);
    let s = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let core = mk("R", &"ab".repeat(32)).unwrap();
    let bad_leaf = LedgerRef {
        index: 0,
        leaf_hash: "nothex".into(),
    };
    assert!(verdict::sign(core, bad_leaf, &s.sk).is_err());
}

#[test]
fn verdict_verifies_with_the_real_minisign_cli() {
    if !minisign_cli_available() {
        eprintln!("SKIP: minisign CLI not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Station key from the CLI (-G -W), loaded by our parser, signing deterministically.
    let (pub_path, key_path) = cli_keypair(dir.path(), "verdict");
    let sk = load_key(&key_path);
    let plan_sha = "cd".repeat(32);
    let s = signed_verdict(
        &sk,
        "R-cli",
        Decision::Approve,
        &plan_sha,
        t(ISSUED),
        TTL,
        5,
    );
    let file = write_verdict(
        dir.path(),
        "R-cli.verdict.json",
        &s.json,
        s.minisig.as_bytes(),
    );

    let out = Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(&pub_path)
        .arg("-m")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "minisign -V failed: {out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "Trusted comment: airgap-audit verdict request_id=R-cli decision=approve plan_sha256={plan_sha} ledger_index=5 expires_at={}",
            s.verdict.core.expires_at
        )),
        "{stdout}"
    );

    // -P with the bare base64 key.
    let pub_text = std::fs::read_to_string(&pub_path).unwrap();
    let b64 = pub_text.lines().nth(1).unwrap();
    let out = Command::new("minisign")
        .arg("-Vm")
        .arg(&file)
        .arg("-P")
        .arg(b64)
        .output()
        .unwrap();
    assert!(out.status.success(), "minisign -Vm -P failed: {out:?}");

    // The CLI rejects a flipped bit, too.
    let mut bad = s.json.clone();
    bad[10] ^= 1;
    std::fs::write(&file, &bad).unwrap();
    let out = Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(&pub_path)
        .arg("-m")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());

    // A crate-generated station key works with the CLI as well.
    let (kp, crate_pub) = crate_keypair(dir.path(), "crate-station");
    let s2 = signed_verdict(
        &kp.sk,
        "R-crate",
        Decision::Veto,
        &plan_sha,
        t(ISSUED),
        TTL,
        6,
    );
    let file2 = write_verdict(
        dir.path(),
        "R-crate.verdict.json",
        &s2.json,
        s2.minisig.as_bytes(),
    );
    let out = Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(&crate_pub)
        .arg("-m")
        .arg(&file2)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn rejection_receipts_verify_with_the_cli_and_bind_their_comment() {
    if !minisign_cli_available() {
        eprintln!("SKIP: minisign CLI not on PATH");
        return;
    }
    use airgap_audit::verdict::receipt;
    let dir = tempfile::tempdir().unwrap();
    let (pub_path, key_path) = cli_keypair(dir.path(), "verdict");
    let sk = load_key(&key_path);
    let pk = load_pub(&pub_path);
    let bundle_sha = sha256_hex(b"garbage bundle");
    let core = receipt::RejectionCore::build(
        "0042.aab",
        &bundle_sha,
        "untrusted_key",
        "bundle is signed by key 0123456789ABCDEF, which the station does not trust",
        "station-test",
        t(ISSUED),
    )
    .unwrap();
    let s = receipt::sign(
        core,
        LedgerRef {
            index: 12,
            leaf_hash: "ee".repeat(32),
        },
        &sk,
    )
    .unwrap();
    let name = format!("{bundle_sha}.rejection.json");
    let file = write_verdict(dir.path(), &name, &s.json, s.minisig.as_bytes());
    let out = Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(&pub_path)
        .arg("-m")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!(
        "airgap-audit rejection bundle_sha256={bundle_sha} reason_code=untrusted_key ledger_index=12"
    )));
    let r = receipt::verify(&s.json, s.minisig.as_bytes(), &pk).unwrap();
    assert_eq!(r.core.reason_code, "untrusted_key");
    // Re-signed by the station with a comment that lies about the body.
    let lying = minisig::sign(
        &sk,
        &s.json,
        &receipt::trusted_comment(&bundle_sha, "expired", 12),
        "x",
    )
    .unwrap();
    assert!(matches!(
        receipt::verify(&s.json, lying.as_bytes(), &pk),
        Err(VerifyError::CommentMismatch { .. })
    ));
}
