/*!
The request bundle envelope under hostile input: named mutations of one good bundle.

Each mutation is derived from a bundle that opens; the good bundle must pass first, then every
mutation must fail with its expected `BundleError` reason code (so none passes for the wrong
reason). Failures are collected and reported by name. Freshness (expired, future, wrong
station) is checked on an opened bundle with an explicit clock.
*/
use std::io::Write;

use airgap_audit::envelope::bundle::Limits;
use airgap_audit::envelope::bundle::{
    self, build_tar, encrypt, tar_append, tar_finish, BundleError, MEMBER_REQUEST, MEMBER_SIGNATURE,
};
use airgap_audit::envelope::request::{self, RequestBody, RequestDocument};
use airgap_audit::sig::{SigningKey, VerifyKey};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/tfplans/aquasecurity__trivy__aws-s3-sse-sg.json"
);

struct Fx {
    station: age::x25519::Identity,
    orch: SigningKey,
    other: SigningKey,
    now: OffsetDateTime,
    plan: Vec<u8>,
}

impl Fx {
    fn new() -> Fx {
        Fx {
            station: age::x25519::Identity::generate(),
            orch: SigningKey::generate().unwrap(),
            other: SigningKey::generate().unwrap(),
            now: OffsetDateTime::now_utc(),
            plan: std::fs::read(PLAN).expect("example plan (examples/tfplans) must be present"),
        }
    }

    fn trusted(&self) -> Vec<VerifyKey> {
        vec![self.orch.public().clone()]
    }

    fn doc(&self) -> RequestDocument {
        RequestDocument {
            format: request::FORMAT.into(),
            request_id: "req-envelope-1".into(),
            station_id: "st-test".into(),
            sequence: 7,
            created_at: airgap_audit::canonical::format_utc(self.now - time::Duration::minutes(1)),
            expires_at: airgap_audit::canonical::format_utc(self.now + time::Duration::hours(1)),
            request: RequestBody {
                text: "Create an encrypted S3 bucket and its security group".into(),
                requested_by: "alice".into(),
                change_ticket: Some("CHG-1".into()),
                requester_signature: None,
            },
            cost_estimate: None,
            plan_sha256: hex::encode(Sha256::digest(&self.plan)),
            plan_b64: base64::engine::general_purpose::STANDARD.encode(&self.plan),
            approvals: vec![],
        }
    }

    /// Layered builders: each mutation replaces one layer and rebuilds the ones above it.
    fn seal_json(&self, json: &[u8]) -> Vec<u8> {
        self.seal_zst(&zstd::bulk::compress(json, 3).unwrap(), &self.orch)
    }
    fn seal_zst(&self, zst: &[u8], signer: &SigningKey) -> Vec<u8> {
        let sig = signer.sign(zst, "test").unwrap();
        self.seal_tar(&build_tar(zst, sig.as_bytes()))
    }
    fn seal_tar(&self, tar: &[u8]) -> Vec<u8> {
        encrypt(tar, &self.station.to_public()).unwrap()
    }
    fn good_parts(&self) -> (Vec<u8>, Vec<u8>) {
        let zst = zstd::bulk::compress(&self.doc().to_bytes(), 3).unwrap();
        let sig = self.orch.sign(&zst, "test").unwrap().into_bytes();
        (zst, sig)
    }
    fn tar_of(&self, members: &[(&str, &[u8], u8)], trailer: &[u8]) -> Vec<u8> {
        let mut t = Vec::new();
        for (name, data, ty) in members {
            tar_append(&mut t, name, data, *ty);
        }
        tar_finish(&mut t);
        t.extend_from_slice(trailer);
        self.seal_tar(&t)
    }

    fn open(&self, b: &[u8], limits: &Limits) -> Result<bundle::OpenedBundle, BundleError> {
        bundle::open(b, &self.station, &self.trusted(), limits)
    }
}

fn flip(mut b: Vec<u8>, at: usize) -> Vec<u8> {
    b[at] ^= 0x01;
    b
}

/// Runs every mutation; returns the names of those not rejected with the expected code.
fn check_all(fx: &Fx, cases: Vec<(&str, Vec<u8>, Limits, &str)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (label, bytes, limits, want) in cases {
        match fx.open(&bytes, &limits) {
            Ok(_) => failures.push(format!("{label}: ACCEPTED (expected {want})")),
            Err(e) => {
                let msg = e.to_string();
                if e.reason_code() != want {
                    failures.push(format!(
                        "{label}: expected {want}, got {} ({msg})",
                        e.reason_code()
                    ));
                }
                if msg.contains('\n') || msg.is_empty() {
                    failures.push(format!("{label}: error is not one line: {msg:?}"));
                }
            }
        }
    }
    failures
}

#[test]
fn good_bundle_opens() {
    let fx = Fx::new();
    let doc = fx.doc();
    let b = bundle::seal(&doc, &fx.orch, &fx.station.to_public()).unwrap();
    let opened = fx.open(&b, &Limits::default()).unwrap();
    assert_eq!(opened.request.doc, doc);
    assert_eq!(opened.request.plan_bytes, fx.plan);
    assert_eq!(opened.orchestrator_key_id, fx.orch.key_id());
    assert_eq!(
        opened.request_sha256,
        hex::encode(Sha256::digest(&opened.request_bytes))
    );
    request::check_freshness(&opened.request, "st-test", fx.now, 300).unwrap();
}

#[test]
fn named_envelope_mutations_are_rejected_with_their_variant() {
    let fx = Fx::new();
    let d = Limits::default();
    let good = fx.seal_json(&fx.doc().to_bytes());
    fx.open(&good, &d).expect("the unmutated bundle must open");
    let (zst, sig) = fx.good_parts();
    let n = good.len();
    let header_end = good
        .windows(4)
        .position(|w| w == b"--- ")
        .expect("age header MAC line");
    let other_station = age::x25519::Identity::generate();
    let plain_tar = build_tar(&zst, &sig);
    let mut armored = Vec::new();
    {
        let enc = age::Encryptor::with_recipients(std::iter::once(
            &fx.station.to_public() as &dyn age::Recipient
        ))
        .unwrap();
        let mut w = enc
            .wrap_output(
                age::armor::ArmoredWriter::wrap_output(
                    &mut armored,
                    age::armor::Format::AsciiArmor,
                )
                .unwrap(),
            )
            .unwrap();
        w.write_all(&plain_tar).unwrap();
        w.finish().unwrap().finish().unwrap();
    }
    let mut bad_cksum = plain_tar.clone();
    bad_cksum[0] = b'R'; // name changes, stored checksum no longer matches
    let big_sig = vec![b'A'; 5000];
    let tight = Limits {
        max_bundle_bytes: n as u64 - 1,
        ..d
    };
    let tight_member = Limits {
        max_compressed_bytes: zst.len() as u64 - 1,
        ..d
    };
    let r = b'0';
    let cases: Vec<(&str, Vec<u8>, Limits, &str)> = vec![
        // Ciphertext
        ("oversized_file", good.clone(), tight, "bundle_too_large"),
        (
            "truncated_last_byte",
            good[..n - 1].to_vec(),
            d,
            "decrypt_failed",
        ),
        (
            "truncated_half",
            good[..n / 2].to_vec(),
            d,
            "decrypt_failed",
        ),
        (
            "truncated_in_header",
            good[..40].to_vec(),
            d,
            "decrypt_failed",
        ),
        (
            "bitflip_payload_end",
            flip(good.clone(), n - 5),
            d,
            "decrypt_failed",
        ),
        (
            "bitflip_payload_start",
            flip(good.clone(), header_end + 60),
            d,
            "decrypt_failed",
        ),
        (
            "bitflip_header_mac",
            flip(good.clone(), header_end + 6),
            d,
            "decrypt_failed",
        ),
        (
            "appended_garbage",
            [good.clone(), b"xyz".to_vec()].concat(),
            d,
            "decrypt_failed",
        ),
        (
            "wrong_recipient",
            encrypt(&plain_tar, &other_station.to_public()).unwrap(),
            d,
            "wrong_recipient",
        ),
        (
            "plain_tar_not_encrypted",
            plain_tar.clone(),
            d,
            "not_age_encrypted",
        ),
        ("ascii_armored", armored, d, "not_age_encrypted"),
        ("empty_file", Vec::new(), d, "not_age_encrypted"),
        // Tar
        (
            "unsigned",
            fx.tar_of(&[(MEMBER_REQUEST, &zst, r)], b""),
            d,
            "unsigned",
        ),
        (
            "only_signature",
            fx.tar_of(&[(MEMBER_SIGNATURE, &sig, r)], b""),
            d,
            "member_order",
        ),
        ("empty_tar", fx.tar_of(&[], b""), d, "missing_member"),
        (
            "extra_member",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                    ("notes.txt", b"hi", r),
                ],
                b"",
            ),
            d,
            "unexpected_member",
        ),
        (
            "extra_member_first",
            fx.tar_of(
                &[
                    ("README", b"hi", r),
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "unexpected_member",
        ),
        (
            "symlink_member",
            fx.tar_of(
                &[(MEMBER_REQUEST, b"", b'2'), (MEMBER_SIGNATURE, &sig, r)],
                b"",
            ),
            d,
            "symlink_member",
        ),
        (
            "hardlink_member",
            fx.tar_of(
                &[(MEMBER_REQUEST, &zst, r), (MEMBER_SIGNATURE, b"", b'1')],
                b"",
            ),
            d,
            "hardlink_member",
        ),
        (
            "directory_member",
            fx.tar_of(
                &[("request.json.zst", b"", b'5'), (MEMBER_SIGNATURE, &sig, r)],
                b"",
            ),
            d,
            "unexpected_member_type",
        ),
        (
            "pax_header_member",
            fx.tar_of(
                &[
                    ("PaxHeaders/x", b"18 path=whatever\n", b'x'),
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "unexpected_member_type",
        ),
        (
            "dotdot_path",
            fx.tar_of(
                &[
                    ("../request.json.zst", &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "path_traversal",
        ),
        (
            "dotdot_inner",
            fx.tar_of(
                &[
                    ("a/../request.json.zst", &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "path_traversal",
        ),
        (
            "absolute_path",
            fx.tar_of(
                &[("/request.json.zst", &zst, r), (MEMBER_SIGNATURE, &sig, r)],
                b"",
            ),
            d,
            "path_traversal",
        ),
        (
            "dot_slash_name",
            fx.tar_of(
                &[("./request.json.zst", &zst, r), (MEMBER_SIGNATURE, &sig, r)],
                b"",
            ),
            d,
            "unexpected_member",
        ),
        (
            "duplicate_request",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "duplicate_member",
        ),
        (
            "duplicate_signature",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, &sig, r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "duplicate_member",
        ),
        (
            "swapped_order",
            fx.tar_of(
                &[(MEMBER_SIGNATURE, &sig, r), (MEMBER_REQUEST, &zst, r)],
                b"",
            ),
            d,
            "member_order",
        ),
        (
            "oversized_signature_member",
            fx.tar_of(
                &[(MEMBER_REQUEST, &zst, r), (MEMBER_SIGNATURE, &big_sig, r)],
                b"",
            ),
            d,
            "member_too_large",
        ),
        (
            "oversized_request_member",
            fx.tar_of(
                &[(MEMBER_REQUEST, &zst, r), (MEMBER_SIGNATURE, &sig, r)],
                b"",
            ),
            tight_member,
            "member_too_large",
        ),
        (
            "data_after_end_marker",
            fx.tar_of(
                &[(MEMBER_REQUEST, &zst, r), (MEMBER_SIGNATURE, &sig, r)],
                &[b'X'; 512],
            ),
            d,
            "tar_malformed",
        ),
        (
            "bad_header_checksum",
            fx.seal_tar(&bad_cksum),
            d,
            "tar_malformed",
        ),
        (
            "tar_not_block_aligned",
            fx.seal_tar(&plain_tar[..plain_tar.len() - 7]),
            d,
            "tar_malformed",
        ),
        (
            "tar_missing_end_marker",
            fx.seal_tar(&plain_tar[..plain_tar.len() - 1024]),
            d,
            "tar_malformed",
        ),
        // Signature
        (
            "signed_by_untrusted_key",
            fx.seal_zst(&zst, &fx.other),
            d,
            "untrusted_key",
        ),
        (
            "signature_over_other_bytes",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (
                        MEMBER_SIGNATURE,
                        fx.orch.sign(b"other", "t").unwrap().as_bytes(),
                        r,
                    ),
                ],
                b"",
            ),
            d,
            "bad_signature",
        ),
        (
            "request_bitflip_after_signing",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &flip(zst.clone(), zst.len() / 2), r),
                    (MEMBER_SIGNATURE, &sig, r),
                ],
                b"",
            ),
            d,
            "bad_signature",
        ),
        (
            "trusted_comment_edited",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (
                        MEMBER_SIGNATURE,
                        String::from_utf8(sig.clone())
                            .unwrap()
                            .replace("trusted comment: test", "trusted comment: tesT")
                            .as_bytes(),
                        r,
                    ),
                ],
                b"",
            ),
            d,
            "bad_signature",
        ),
        (
            "signature_garbage",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (MEMBER_SIGNATURE, b"not a signature", r),
                ],
                b"",
            ),
            d,
            "signature_malformed",
        ),
        (
            "signature_extra_line",
            fx.tar_of(
                &[
                    (MEMBER_REQUEST, &zst, r),
                    (
                        MEMBER_SIGNATURE,
                        &[sig.clone(), b"extra\n".to_vec()].concat(),
                        r,
                    ),
                ],
                b"",
            ),
            d,
            "signature_malformed",
        ),
        // Compression and document
        (
            "signed_not_zstd",
            fx.seal_zst(b"this is not zstd", &fx.orch),
            d,
            "zstd_malformed",
        ),
        (
            "signed_truncated_zstd",
            fx.seal_zst(&zst[..zst.len() - 3], &fx.orch),
            d,
            "zstd_malformed",
        ),
        (
            "unknown_top_field",
            fx.seal_json(&with_field(&fx.doc(), "x", serde_json::json!(1))),
            d,
            "bad_request_document",
        ),
        (
            "unknown_request_field",
            fx.seal_json(&nested_field(&fx.doc())),
            d,
            "bad_request_document",
        ),
        (
            "not_json",
            fx.seal_json(b"{\"format\": "),
            d,
            "bad_request_document",
        ),
        (
            "bad_base64",
            fx.seal_json(
                &RequestDocument {
                    plan_b64: "cGxhbg".into(),
                    ..fx.doc()
                }
                .to_bytes(),
            ),
            d,
            "bad_plan_encoding",
        ),
        (
            "wrapped_base64",
            fx.seal_json(
                &RequestDocument {
                    plan_b64: wrap76(&fx.doc().plan_b64),
                    ..fx.doc()
                }
                .to_bytes(),
            ),
            d,
            "bad_plan_encoding",
        ),
        (
            "plan_digest_mismatch",
            fx.seal_json(
                &RequestDocument {
                    plan_sha256: hex::encode(Sha256::digest(b"other plan")),
                    ..fx.doc()
                }
                .to_bytes(),
            ),
            d,
            "plan_digest_mismatch",
        ),
        (
            "request_id_traversal",
            fx.seal_json(
                &RequestDocument {
                    request_id: "../../etc/x".into(),
                    ..fx.doc()
                }
                .to_bytes(),
            ),
            d,
            "bad_request_document",
        ),
        (
            "wrong_format_version",
            fx.seal_json(
                &RequestDocument {
                    format: "airgap-audit/request/v9".into(),
                    ..fx.doc()
                }
                .to_bytes(),
            ),
            d,
            "bad_request_document",
        ),
    ];
    let failures = check_all(&fx, cases);
    assert!(
        failures.is_empty(),
        "mutations not rejected as expected:\n{}",
        failures.join("\n")
    );
}

fn with_field(doc: &RequestDocument, k: &str, v: serde_json::Value) -> Vec<u8> {
    let mut j = serde_json::to_value(doc).unwrap();
    j.as_object_mut().unwrap().insert(k.into(), v);
    serde_json::to_vec(&j).unwrap()
}

fn nested_field(doc: &RequestDocument) -> Vec<u8> {
    let mut j = serde_json::to_value(doc).unwrap();
    j["request"]
        .as_object_mut()
        .unwrap()
        .insert("approved".into(), serde_json::json!(true));
    serde_json::to_vec(&j).unwrap()
}

fn wrap76(s: &str) -> String {
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A signed zstd bomb: ~100 KB compressed, more than the default 64 MiB cap decompressed. It is
/// signed by the trusted key, so only the decompression cap stands between it and memory.
#[test]
fn zstd_bomb_is_capped() {
    let fx = Fx::new();
    let cap = Limits::default().max_request_bytes;
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 19).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(cap / (1 << 20) + 8) {
        enc.write_all(&chunk).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 200_000, "bomb is {} bytes", bomb.len());
    let b = fx.seal_zst(&bomb, &fx.orch);
    match fx.open(&b, &Limits::default()) {
        Err(e @ BundleError::DecompressedTooLarge { .. }) => {
            assert_eq!(e.reason_code(), "decompressed_too_large")
        }
        other => panic!("zstd bomb: expected DecompressedTooLarge, got {other:?}"),
    }
    // The same bomb unsigned is refused before decompression.
    let unsigned = fx.tar_of(&[(MEMBER_REQUEST, &bomb, b'0')], b"");
    assert!(matches!(
        fx.open(&unsigned, &Limits::default()),
        Err(BundleError::Unsigned)
    ));
}

/// A zstd frame that asks for a window over the limit is refused, not allocated.
#[test]
fn zstd_huge_window_is_refused() {
    let fx = Fx::new();
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    enc.long_distance_matching(true).unwrap();
    enc.window_log(27).unwrap();
    enc.include_contentsize(false).unwrap();
    enc.write_all(&vec![b'a'; 1 << 20]).unwrap();
    let z = enc.finish().unwrap();
    let b = fx.seal_zst(&z, &fx.orch);
    let e = fx.open(&b, &Limits::default()).unwrap_err();
    assert_eq!(e.reason_code(), "zstd_malformed", "{e}");
}

#[test]
fn freshness_is_checked_against_an_explicit_clock() {
    let fx = Fx::new();
    let b = fx.seal_json(&fx.doc().to_bytes());
    let opened = fx.open(&b, &Limits::default()).unwrap();
    let r = &opened.request;
    let code = |res: Result<(), request::FreshnessError>| res.err().map(|e| e.reason_code());
    assert_eq!(
        code(request::check_freshness(r, "st-test", fx.now, 300)),
        None
    );
    assert_eq!(
        code(request::check_freshness(r, "st-other", fx.now, 300)),
        Some("wrong_station")
    );
    assert_eq!(
        code(request::check_freshness(
            r,
            "st-test",
            fx.now + time::Duration::hours(2),
            300
        )),
        Some("expired")
    );
    // created_at is now-1min: a station clock 10 minutes behind sees it 9 minutes in the future.
    assert_eq!(
        code(request::check_freshness(
            r,
            "st-test",
            fx.now - time::Duration::minutes(10),
            300
        )),
        Some("from_future")
    );
    assert_eq!(
        code(request::check_freshness(
            r,
            "st-test",
            fx.now - time::Duration::minutes(5),
            300
        )),
        None
    );
}

/// No single bit flip anywhere in the ciphertext is accepted, and none panics.
#[test]
fn bit_flip_sweep_never_accepted() {
    let fx = Fx::new();
    let good = fx.seal_json(&fx.doc().to_bytes());
    let step = (good.len() / 150).max(1);
    let mut accepted = Vec::new();
    for at in (0..good.len()).step_by(step) {
        for bit in [0x01u8, 0x80] {
            let mut b = good.clone();
            b[at] ^= bit;
            if fx.open(&b, &Limits::default()).is_ok() {
                accepted.push(format!("byte {at} bit {bit:#x}"));
            }
        }
    }
    assert!(accepted.is_empty(), "accepted flips: {accepted:?}");
}

/// Throughput of `bundle::open` on realistic bundles (a 400 KB corpus plan). A measurement, not
/// a pass/fail test: run with
/// `cargo test --release --test all envelope:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn envelope_open_throughput() {
    let fx = Fx::new();
    let plan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/tfplans/infracost__infracost__aws-ec2-rds-modules-tf014.json"
    ))
    .unwrap();
    let doc = RequestDocument {
        plan_sha256: hex::encode(Sha256::digest(&plan)),
        plan_b64: base64::engine::general_purpose::STANDARD.encode(&plan),
        ..fx.doc()
    };
    let n = 200;
    let bundles: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let d = RequestDocument {
                request_id: format!("req-{i}"),
                sequence: i,
                ..doc.clone()
            };
            bundle::seal(&d, &fx.orch, &fx.station.to_public()).unwrap()
        })
        .collect();
    let start = std::time::Instant::now();
    for b in &bundles {
        fx.open(b, &Limits::default()).unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "bundle::open: {n} bundles of {} bytes (plan {} bytes) in {secs:.3}s = {:.0} bundles/s",
        bundles[0].len(),
        plan.len(),
        n as f64 / secs
    );
}
