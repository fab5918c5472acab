/*!
Fuzz targets on the stable toolchain: every parser that reads bytes from outside (the bundle
opener, requests, execution reports and post-apply states (through the execution check),
approvals, override documents and bundles, verdicts, checkpoint notes, proofs, Terraform plans,
and the request text the intent analysis reads) is fed mutations of the test vectors and example
plans, and must return — an error is fine, a panic or a hang is not.

Each target runs `FUZZ_CASES` cases (default 64, so CI stays quick); `scripts/fuzz.sh` runs them
for longer. A failing case is shrunk by proptest and printed with its seed and mutations.
*/
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use airgap_audit::engine::policy::PolicyConfig;
use airgap_audit::engine::{intent, plan, Request};
use airgap_audit::envelope::approval::Approval;
use airgap_audit::envelope::bundle::Limits;
use airgap_audit::envelope::request;
use airgap_audit::ledger::checkpoint::CheckpointVerifier;
use airgap_audit::ledger::{ConsistencyProof, InclusionProof};
use airgap_audit::sig::age_keys::parse_age_identity;
use airgap_audit::sig::VerifyKey;
use airgap_audit::verdict::Verdict;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// The inputs of one vector format, without their `# expect:` header line.
fn vector_seeds(format: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(ROOT).join("tests/vectors").join(format);
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .map(|b| match b.iter().position(|x| *x == b'\n') {
            Some(n) if b.starts_with(b"# expect:") => b[n + 1..].to_vec(),
            _ => b,
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// One mutation: (operation, position, byte).
type Mutation = (u8, u16, u8);

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for &(op, pos, byte) in mutations {
        let at = if b.is_empty() {
            0
        } else {
            usize::from(pos) % b.len()
        };
        match op % 5 {
            0 if !b.is_empty() => b[at] = byte,
            1 => b.insert(at, byte),
            2 if !b.is_empty() => {
                b.remove(at);
            }
            3 => b.truncate(at),
            _ => {
                // Repeat a slice: nesting and duplicated keys come from here.
                let end = (at + usize::from(byte)).min(b.len());
                let slice = b[at..end].to_vec();
                let at2 = at.min(b.len());
                b.splice(at2..at2, slice);
            }
        }
    }
    b
}

/// Runs `target` on mutations of `seeds`; a panic in it fails the test with the shrunk input.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, target: impl Fn(&[u8])) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let n = seeds.len();
    let strategy = (
        0..n,
        proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u8>()), 0..12),
    );
    let seen = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |(i, muts)| {
        let input = mutate(&seeds[i], &muts);
        target(&input);
        seen.set(seen.get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("fuzz target {name}: {e}");
    }
    // The target really ran on every case (a strategy that rejects everything would pass empty).
    assert_eq!(
        seen.get(),
        cases(),
        "fuzz target {name} ran {} cases",
        seen.get()
    );
}

#[test]
fn fuzz_bundle_opener() {
    let identity = parse_age_identity(
        &std::fs::read(Path::new(ROOT).join("inbox-spec/examples/station-THROWAWAY.agekey"))
            .unwrap(),
    )
    .unwrap();
    let orchestrators = [VerifyKey::parse(
        &std::fs::read(Path::new(ROOT).join("tests/vectors/keys/bundle-orchestrator.pub")).unwrap(),
    )
    .unwrap()];
    let limits = Limits::default();
    fuzz("bundle", vector_seeds("bundle"), |b| {
        let _ = airgap_audit::envelope::bundle::open(b, &identity, &orchestrators, &limits);
    });
}

#[test]
fn fuzz_request_parser() {
    fuzz("request", vector_seeds("request"), |b| {
        let _ = request::parse(b);
    });
}

#[test]
fn fuzz_approval_parser() {
    fuzz("approval", vector_seeds("approval"), |b| {
        let _ = Approval::parse(b);
    });
}

#[test]
fn fuzz_override_parsers() {
    fuzz("override", vector_seeds("override"), |b| {
        if let Ok(d) = airgap_audit::verdict::override_doc::OverrideDocument::parse(b) {
            assert_eq!(
                d.to_bytes(),
                b,
                "an accepted override document must round-trip"
            );
        }
        // The same bytes as the carrying bundle's document, and wrapped in one.
        let _ = airgap_audit::verdict::override_doc::parse_bundle(b);
        let wrapped = serde_json::json!({
            "format": airgap_audit::verdict::override_doc::OVERRIDE_BUNDLE_FORMAT,
            "station_id": "st-example",
            "sequence": 1,
            "created_at": "2026-12-01T09:00:00Z",
            "expires_at": "2026-12-02T09:00:00Z",
            "original_request": String::from_utf8_lossy(b),
            "override_document": String::from_utf8_lossy(b),
            "signatures": [String::from_utf8_lossy(b)],
        });
        let bytes = serde_json::to_vec(&wrapped).unwrap();
        assert!(airgap_audit::verdict::override_doc::is_override_bundle(
            &bytes
        ));
        let _ = airgap_audit::verdict::override_doc::parse_bundle(&bytes);
    });
}

#[test]
fn fuzz_verdict_parser() {
    fuzz("verdict", vector_seeds("verdict"), |b| {
        let _ = Verdict::parse(b);
    });
}

#[test]
fn fuzz_checkpoint_parser() {
    let key = Path::new(ROOT).join("outbox-spec/examples/keys/station-checkpoint.pub");
    let verifier = CheckpointVerifier::parse(std::fs::read_to_string(key).unwrap().trim()).unwrap();
    fuzz("checkpoint", vector_seeds("checkpoint"), |b| {
        let _ = verifier.verify(b);
    });
}

#[test]
fn fuzz_proof_parser() {
    fuzz("proof", vector_seeds("proof"), |b| {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(b) {
            if v.get("index").is_some() {
                if let Ok(p) = serde_json::from_value::<InclusionProof>(v) {
                    let _ = p.verify();
                }
            } else if let Ok(p) = serde_json::from_value::<ConsistencyProof>(v) {
                let _ = p.verify();
            }
        }
    });
}

#[test]
fn fuzz_plan_parser_and_engine() {
    let dir = Path::new(ROOT).join("examples/plans");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    seeds.sort();
    let config = PolicyConfig::default();
    let request = Request {
        text: "Create two markers in dev, but do not touch production".to_string(),
        ..Request::default()
    };
    fuzz("plan", seeds, |b| {
        if let Ok(p) = plan::parse(b, &config) {
            let _ = intent::analyze(&request, &p);
        }
    });
}

#[test]
fn fuzz_execution_report_and_check() {
    use airgap_audit::engine::execution;
    let config = PolicyConfig::default();
    let policy = airgap_audit::engine::PolicySet::default();
    let plan_seed =
        std::fs::read(Path::new(ROOT).join("examples/plans/replace-and-delete.json")).unwrap();
    let plan = plan::parse(&plan_seed, &config).unwrap();
    let prior = execution::prior_addresses(&plan_seed).unwrap();
    let state_seed = br#"{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[{"address":"terraform_data.a","mode":"managed","type":"terraform_data","name":"a","provider_name":"terraform.io/builtin/terraform","values":{"input":"x","id":"1"},"sensitive_values":{}}],"child_modules":[{"resources":[{"address":"module.m.terraform_data.b","mode":"managed","type":"terraform_data","name":"b","values":{"input":[1,{"k":"v"}]},"sensitive_values":{"input":[false,{"k":true}]}}]}]}}}"#.to_vec();
    let state = execution::parse_state(&state_seed, &config).unwrap();
    let report_seed = airgap_audit::envelope::execution_report::ReportDocument::new(
        "R-1",
        "st-1",
        3,
        time::OffsetDateTime::UNIX_EPOCH,
        time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(1),
        &state_seed,
    )
    .to_bytes();
    let accepted = std::collections::BTreeSet::new();
    fuzz("execution", vec![plan_seed, state_seed, report_seed], |b| {
        let _ = airgap_audit::envelope::execution_report::parse(b);
        if let Ok(s) = execution::parse_state(b, &config) {
            let _ = execution::compare(&execution::ExecutionInput {
                plan: &plan,
                prior: &prior,
                state: &s,
                policy: &policy,
                accepted: &accepted,
            });
        }
        if let (Ok(p), Ok(a)) = (plan::parse(b, &config), execution::prior_addresses(b)) {
            let _ = execution::compare(&execution::ExecutionInput {
                plan: &p,
                prior: &a,
                state: &state,
                policy: &policy,
                accepted: &accepted,
            });
        }
    });
}

#[test]
fn fuzz_request_text_understanding() {
    let seeds: Vec<Vec<u8>> = [
        "Create an S3 bucket for ML datasets and a customer-managed KMS key to encrypt it",
        "Set up Service Bus for orders in dev:\n- namespace sb-orders-dev\n- queue order-created",
        "aks-claims-test / user pool: 3 -> 5 nodes, but not production (except the gpu pool)",
        "Give the analysts read-only access; don't change anything else. +1 instance, 4 x r6i.4xlarge",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let plan = plan::parse(
        &std::fs::read(Path::new(ROOT).join("examples/plans/create-markers.json")).unwrap(),
        &PolicyConfig::default(),
    )
    .unwrap();
    fuzz("request text", seeds, |b| {
        let request = Request {
            text: String::from_utf8_lossy(b).into_owned(),
            ..Request::default()
        };
        let _ = intent::analyze(&request, &plan);
    });
}
