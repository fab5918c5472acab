/*!
Test vectors as files: `tests/vectors/<format>/<defect>`, each opening with one header line
`# expect: <outcome>` followed by the exact bytes handed to that format's parser. The outcome is
`ok` or the error variant the parser must return (with the field, for variants that name one), so
a vector refused for the wrong reason fails too; for a variant that carries only a message, the
outcome is `Variant: <part of the message>`. Most vectors are defects.

Formats covered here: `bundle` (a whole `.aab` file opened by [`airgap_audit::envelope::bundle::open`] with
the `inbox-spec/examples` station key and `tests/vectors/keys/bundle-orchestrator.pub`; the
outcome is `ok` or the rejection's `reason_code`), `request` ([`airgap_audit::envelope::request::parse`]), `approval`
([`airgap_audit::envelope::approval::Approval::parse`]), `override`
([`airgap_audit::verdict::override_doc::OverrideDocument::parse`]), `verdict` ([`airgap_audit::verdict::Verdict::parse`],
the strict reader behind `verify-verdict`, before any signature check) and `checkpoint` (a signed
ledger checkpoint note, verified with the `outbox-spec/examples` checkpoint key by
[`airgap_audit::ledger::checkpoint::CheckpointVerifier::verify`]) and `proof` (an inclusion or
consistency proof as `ledger prove` writes it, read and checked arithmetically by
[`airgap_audit::ledger::InclusionProof::verify`] / [`airgap_audit::ledger::ConsistencyProof::verify`];
the checkpoint inside a proof file is the `checkpoint` vectors' business).
*/
use std::path::{Path, PathBuf};

use airgap_audit::envelope::approval::{Approval, ApprovalError};
use airgap_audit::envelope::bundle::Limits;
use airgap_audit::envelope::request::{self, RequestError};
use airgap_audit::ledger::checkpoint::{CheckpointError, CheckpointVerifier};
use airgap_audit::ledger::merkle::ProofError;
use airgap_audit::ledger::{ConsistencyProof, InclusionProof};
use airgap_audit::sig::age_keys::parse_age_identity;
use airgap_audit::sig::VerifyKey;
use airgap_audit::verdict::{Verdict, VerifyError};

/// Every vector of one format: (file, expected outcome, input bytes), sorted by name.
fn vectors(format: &str) -> Vec<(PathBuf, String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(format);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let newline = bytes
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or_else(|| panic!("{}: no header line", path.display()));
        let header = std::str::from_utf8(&bytes[..newline]).unwrap();
        let expect = header
            .strip_prefix("# expect: ")
            .unwrap_or_else(|| panic!("{}: header must be `# expect: <outcome>`", path.display()));
        out.push((
            path.clone(),
            expect.to_string(),
            bytes[newline + 1..].to_vec(),
        ));
    }
    out.sort();
    out
}

/// Runs `outcome` on every vector of `format` and lists each one whose outcome differs.
fn check_all(format: &str, outcome: impl Fn(&[u8]) -> String) {
    let all = vectors(format);
    let failures = all.iter().filter(|(_, expect, _)| expect != "ok").count();
    assert!(
        failures * 2 > all.len() && all.len() - failures >= 1,
        "{format}: {} vectors, {failures} of them defects: want mostly defects and at least one ok",
        all.len()
    );
    let wrong: Vec<String> = all
        .iter()
        .filter_map(|(path, expect, input)| {
            let got = outcome(input);
            (!outcome_matches(expect, &got)).then(|| {
                let name = path.file_name().unwrap().to_string_lossy();
                format!("{format}/{name}: expected {expect}, got {got}")
            })
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// `expect` is the outcome exactly, or `Variant: fragment` for an outcome `Variant: message` whose
/// message contains the fragment.
fn outcome_matches(expect: &str, got: &str) -> bool {
    if expect == got {
        return true;
    }
    match (expect.split_once(": "), got.split_once(": ")) {
        (Some((want, fragment)), Some((variant, message))) => {
            want == variant && !fragment.is_empty() && message.contains(fragment)
        }
        _ => false,
    }
}

/// A request parse result as a vector outcome. Exhaustive, so a new variant needs vectors.
fn request_outcome(input: &[u8]) -> String {
    match request::parse(input) {
        Ok(_) => "ok".to_string(),
        Err(RequestError::Json(_)) => "Json".to_string(),
        Err(RequestError::Format(_)) => "Format".to_string(),
        Err(RequestError::Field { field, .. }) => format!("Field {field}"),
        Err(RequestError::PlanBase64) => "PlanBase64".to_string(),
        Err(RequestError::PlanDigestMismatch { .. }) => "PlanDigestMismatch".to_string(),
    }
}

/// An approval parse result as a vector outcome. Exhaustive, so a new variant needs vectors.
fn approval_outcome(input: &[u8]) -> String {
    match Approval::parse(input) {
        Ok(_) => "ok".to_string(),
        Err(ApprovalError::TooLarge) => "TooLarge".to_string(),
        Err(ApprovalError::Json(_)) => "Json".to_string(),
        Err(ApprovalError::Format(_)) => "Format".to_string(),
        Err(ApprovalError::Kind(_)) => "Kind".to_string(),
        Err(ApprovalError::PlanDigest) => "PlanDigest".to_string(),
        Err(ApprovalError::Text(field)) => format!("Text {field}"),
        Err(ApprovalError::Time(_)) => "Time".to_string(),
        Err(ApprovalError::Window) => "Window".to_string(),
        Err(ApprovalError::Lifetime(_)) => "Lifetime".to_string(),
    }
}

/// A verdict parse result as a vector outcome. Exhaustive, so a new variant needs vectors.
fn verdict_outcome(input: &[u8]) -> String {
    match Verdict::parse(input) {
        Ok(_) => "ok".to_string(),
        Err(VerifyError::Malformed(message)) => format!("Malformed: {message}"),
        Err(
            e @ (VerifyError::SignatureUnreadable(_)
            | VerifyError::WrongKey { .. }
            | VerifyError::BadSignature
            | VerifyError::BadCommentSignature
            | VerifyError::CommentMismatch { .. }
            | VerifyError::PlanMismatch { .. }
            | VerifyError::NotApproved { .. }
            | VerifyError::Expired(_)
            | VerifyError::NotYetValid(_)),
        ) => format!("not a parse error: {e}"),
    }
}

/// A checkpoint note checked with the spec's station checkpoint key, as a vector outcome.
/// Exhaustive, so a new variant needs vectors.
fn checkpoint_outcome(verifier: &CheckpointVerifier, input: &[u8]) -> String {
    match verifier.verify(input) {
        Ok(_) => "ok".to_string(),
        Err(CheckpointError::TooLarge { .. }) => "TooLarge".to_string(),
        Err(CheckpointError::Malformed(message)) => format!("Malformed: {message}"),
        Err(CheckpointError::BadKey(message)) => format!("BadKey: {message}"),
        Err(CheckpointError::NoSignature { .. }) => "NoSignature".to_string(),
        Err(CheckpointError::BadSignature { .. }) => "BadSignature".to_string(),
        Err(
            e @ (CheckpointError::KeyPermissions { .. }
            | CheckpointError::KeyNotRegular { .. }
            | CheckpointError::KeyIo { .. }),
        ) => format!("not a note error: {e}"),
    }
}

/// A proof file read and checked as a vector outcome: `Json: <message>` when it does not parse,
/// else the [`ProofError`] variant (exhaustive, so a new variant needs vectors).
fn proof_outcome(input: &[u8]) -> String {
    let checked = serde_json::from_slice::<serde_json::Value>(input).and_then(|value| {
        // The same dispatch as `ledger prove --verify`: an inclusion proof names its index.
        Ok(if value.get("index").is_some() {
            serde_json::from_value::<InclusionProof>(value)?.verify()
        } else {
            serde_json::from_value::<ConsistencyProof>(value)?.verify()
        })
    });
    match checked {
        Err(e) => format!("Json: {e}"),
        Ok(Ok(())) => "ok".to_string(),
        Ok(Err(e)) => match e {
            ProofError::EmptyTree => "EmptyTree",
            ProofError::IndexOutOfRange { .. } => "IndexOutOfRange",
            ProofError::WrongProofSize { .. } => "WrongProofSize",
            ProofError::NewTreeSmaller { .. } => "NewTreeSmaller",
            ProofError::SameSizeDifferentRoots { .. } => "SameSizeDifferentRoots",
            ProofError::OldRootMismatch { .. } => "OldRootMismatch",
            ProofError::RootMismatch { .. } => "RootMismatch",
        }
        .to_string(),
    }
}

#[test]
fn bundle_vectors_open_or_are_rejected_as_labelled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let identity = parse_age_identity(
        &std::fs::read(root.join("inbox-spec/examples/station-THROWAWAY.agekey")).unwrap(),
    )
    .unwrap();
    let orchestrators = [VerifyKey::parse(
        &std::fs::read(root.join("tests/vectors/keys/bundle-orchestrator.pub")).unwrap(),
    )
    .unwrap()];
    let limits = Limits::default();
    check_all(
        "bundle",
        |input| match airgap_audit::envelope::bundle::open(
            input,
            &identity,
            &orchestrators,
            &limits,
        ) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.reason_code().to_string(),
        },
    );
}

#[test]
fn request_vectors_parse_or_fail_as_labelled() {
    check_all("request", request_outcome);
}

#[test]
fn approval_vectors_parse_or_fail_as_labelled() {
    check_all("approval", approval_outcome);
}

fn override_outcome(input: &[u8]) -> String {
    use airgap_audit::verdict::override_doc::{FormatError, OverrideDocument};
    match OverrideDocument::parse(input) {
        Ok(d) => {
            // Whatever parses is its own canonical encoding.
            assert_eq!(
                d.to_bytes(),
                input,
                "accepted a document that does not round-trip"
            );
            "ok".into()
        }
        Err(FormatError::Json(..)) => "Json".into(),
        Err(FormatError::Format(..)) => "Format".into(),
        Err(FormatError::Field(f, _)) => format!("Field {f}"),
        Err(FormatError::Request(_)) => "Request".into(),
    }
}

#[test]
fn override_vectors_parse_or_fail_as_labelled() {
    check_all("override", override_outcome);
}

#[test]
fn verdict_vectors_parse_or_fail_as_labelled() {
    check_all("verdict", verdict_outcome);
}

#[test]
fn checkpoint_vectors_verify_or_fail_as_labelled() {
    let key = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("outbox-spec/examples/keys/station-checkpoint.pub");
    let verifier = CheckpointVerifier::parse(std::fs::read_to_string(key).unwrap().trim()).unwrap();
    check_all("checkpoint", |input| checkpoint_outcome(&verifier, input));
}

#[test]
fn proof_vectors_verify_or_fail_as_labelled() {
    check_all("proof", proof_outcome);
}

/// A parser that accepted a document must accept it again after a round trip through its own
/// writer, so nothing a station accepts depends on formatting it would not produce itself.
#[test]
fn accepted_approvals_round_trip_through_the_canonical_writer() {
    for (path, expect, input) in vectors("approval") {
        if expect == "ok" {
            let a = Approval::parse(&input).unwrap();
            let again = Approval::parse(&a.to_bytes())
                .unwrap_or_else(|e| panic!("{}: canonical form refused: {e}", path.display()));
            assert_eq!(again, a, "{}", path.display());
        }
    }
}
