/*!
The text people read: `check`'s text output and the `.verdict.txt`, for every public scenario.

Snapshots: each scenario's two texts are stored under `tests/snapshots/verdict_text/` and
compared byte for byte, so every wording change shows up in review as a diff of those files.
`UPDATE_SNAPSHOTS=1 cargo test --test verdict_text` rewrites them.

Readability: the first screen (24 lines) of either text holds the headline, the request, and
every change that is blocked or was not asked for.
*/
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use airgap_audit::approval::{ApprovalsReport, CountedApproval};
use airgap_audit::engine::{self, plan, Assessment, PolicySet};
use airgap_audit::scenario::{self, PlanSource, Scenario};
use airgap_audit::verdict::{InputHashes, LedgerRef, Verdict, VerdictCore, VerdictInputs};
use sha2::{Digest, Sha256};

const SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios");
const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/verdict_text");

fn sha(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(SCENARIOS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 26, "the public scenarios are missing");
    files
}

/// The scenario judged as `eval` judges it (default policy, no model).
fn judge(path: &Path) -> (Scenario, Assessment) {
    let sc = scenario::parse(&std::fs::read(path).unwrap()).unwrap();
    let policy = PolicySet::default();
    let approvals: BTreeSet<String> = sc.approvals.iter().cloned().collect();
    let parsed = match &sc.plan {
        PlanSource::Inline(b) => plan::parse(b, &policy.config),
        PlanSource::File(rel) => plan::parse(
            &std::fs::read(path.parent().unwrap().join(rel)).unwrap(),
            &policy.config,
        ),
    };
    let a = match parsed {
        Ok(p) => engine::evaluate(
            &engine::EngineInput {
                request: &sc.request,
                plan: &p,
                approvals: &approvals,
                cost: sc.cost.as_ref(),
                policy: &policy,
            },
            None,
        ),
        Err(e) => engine::evaluate_unloadable(
            &sc.request,
            &approvals,
            sc.cost.as_ref(),
            &policy,
            &e.to_string(),
        ),
    };
    (sc, a)
}

/// The verdict the station would write for the scenario: fixed hashes and times, each
/// scenario approval counted as signed by a trusted key of its role.
fn verdict(sc: &Scenario, a: &Assessment) -> Verdict {
    let counted = sc
        .approvals
        .iter()
        .map(|kind| CountedApproval {
            kind: kind.clone(),
            approver: format!("{kind}-approver@example.com"),
            key_id: "0123456789ABCDEF".to_string(),
            role: kind.clone(),
            expires_at: "2026-12-01T00:00:00Z".to_string(),
        })
        .collect();
    let core = VerdictCore::build(VerdictInputs {
        request_id: &sc.id,
        station_id: "station-example",
        assessment: a,
        approvals: ApprovalsReport {
            counted,
            ..ApprovalsReport::default()
        },
        hashes: InputHashes {
            bundle_sha256: sha("bundle"),
            request_sha256: sha("request"),
            plan_sha256: sha("plan"),
        },
        issued_at: airgap_audit::canonical::parse_utc("2026-11-26T09:00:00Z").unwrap(),
        ttl_secs: 86_400,
    })
    .unwrap();
    Verdict {
        core,
        ledger: LedgerRef {
            index: 7,
            leaf_hash: sha("leaf"),
        },
    }
}

/// Both texts of every public scenario, by snapshot file name.
fn texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in scenario_files() {
        let (sc, a) = judge(&path);
        let check = airgap_audit::cli::check::render_text(&a);
        let txt = airgap_audit::verdict::render_text(&verdict(&sc, &a));
        out.push((format!("{}.check.txt", sc.id), check));
        out.push((format!("{}.verdict.txt", sc.id), txt));
    }
    out
}

#[test]
fn wording_of_every_public_scenario_matches_its_reviewed_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let dir = Path::new(SNAPSHOTS);
    let mut differ = Vec::new();
    for (name, text) in texts() {
        let file = dir.join(&name);
        if update {
            std::fs::write(&file, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(want) if want == text => {}
            Ok(want) => {
                let line = want
                    .lines()
                    .zip(text.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| want.lines().count().min(text.lines().count()));
                differ.push(format!(
                    "{name}: differs from line {}:\n  want: {:?}\n  got:  {:?}",
                    line + 1,
                    want.lines().nth(line).unwrap_or("<end>"),
                    text.lines().nth(line).unwrap_or("<end>")
                ));
            }
            Err(_) => differ.push(format!("{name}: no snapshot")),
        }
    }
    assert!(
        differ.is_empty(),
        "{}\nif the new wording is intended, run UPDATE_SNAPSHOTS=1 cargo test --test verdict_text and review the diff",
        differ.join("\n")
    );
}
