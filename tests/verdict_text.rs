/*!
The text people read: `check`'s text output and the `.verdict.txt`, for every public scenario.

Snapshots: each scenario's two texts are stored under `tests/snapshots/verdict_text/` and
compared byte for byte, so every wording change shows up in review as a diff of those files.
`UPDATE_SNAPSHOTS=1 cargo test --test all verdict_text::` rewrites them.

Readability: the first screen (24 lines) of either text holds the headline, the request, and
every change that is blocked or was not asked for.
*/
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use airgap_audit::engine::{self, plan, Assessment, PolicySet};
use airgap_audit::envelope::approval::{ApprovalsReport, CountedApproval};
use airgap_audit::eval::scenario::{self, PlanSource, Scenario};
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
        let check = airgap_audit::report::check::text(&a);
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
        "{}\nif the new wording is intended, run UPDATE_SNAPSHOTS=1 cargo test --test all verdict_text:: and review the diff",
        differ.join("\n")
    );
}

fn headline_word(a: &Assessment) -> &'static str {
    match a.decision {
        airgap_audit::engine::Decision::Veto => "BLOCKED:",
        airgap_audit::engine::Decision::Escalate => "NEEDS APPROVAL:",
        airgap_audit::engine::Decision::Approve => "APPROVED:",
    }
}

/// `aws_instance.web[0]` → `web[0]` (the name the plain list quotes).
fn name_of(address: &str) -> &str {
    let base_end = address.find('[').unwrap_or(address.len());
    match address[..base_end].rfind('.') {
        Some(dot) => &address[dot + 1..],
        None => address,
    }
}

#[test]
fn first_screen_holds_the_headline_the_request_and_every_blocked_or_unrequested_change() {
    use airgap_audit::engine::Disposition;
    let screen_len = airgap_audit::report::text::FIRST_SCREEN_LINES;
    let mut checked_concerns = 0usize;
    for path in scenario_files() {
        let (sc, a) = judge(&path);
        let texts = [
            ("check", airgap_audit::report::check::text(&a)),
            (
                "verdict",
                airgap_audit::verdict::render_text(&verdict(&sc, &a)),
            ),
        ];
        for (which, text) in texts {
            let screen: Vec<&str> = text.lines().take(screen_len).collect();
            let ctx = || format!("{} ({which}):\n{}", sc.id, screen.join("\n"));
            assert!(screen[0].starts_with(headline_word(&a)), "{}", ctx());
            let asked = format!(
                "You asked: \"{}\"",
                airgap_audit::display::sanitize(&sc.request.text)
            );
            assert!(screen.contains(&asked.as_str()), "{}", ctx());
            // Every change the request does not cover or a veto blocks: its name on a line
            // marked blocked or to-be-decided, never on a line marked fine.
            let concerns = a.scope.iter().filter(|s| {
                !s.in_scope
                    || a.findings.iter().any(|f| {
                        f.disposition == Disposition::Veto
                            && f.resource.as_deref() == Some(s.address.as_str())
                    })
            });
            for s in concerns {
                checked_concerns += 1;
                let quoted = format!("\"{}\"", name_of(&s.address));
                assert!(
                    screen.iter().any(|l| l.contains(&quoted)
                        && (l.contains('❌') || l.contains('⚠'))
                        && !l.contains('✅')),
                    "{} is not on the first screen as a concern in {}",
                    s.address,
                    ctx()
                );
            }
            // A veto on the plan as a whole (invalid plan, missing work) is a blocked line too.
            if a.findings
                .iter()
                .any(|f| f.disposition == Disposition::Veto && f.resource.is_none())
            {
                assert!(screen.iter().any(|l| l.contains('❌')), "{}", ctx());
            }
        }
    }
    assert!(
        checked_concerns >= 10,
        "the scenarios lost their blocked changes"
    );
}

#[test]
fn no_line_of_the_text_is_said_twice() {
    for path in scenario_files() {
        let (sc, a) = judge(&path);
        for text in [
            airgap_audit::report::check::text(&a),
            airgap_audit::verdict::render_text(&verdict(&sc, &a)),
        ] {
            let mut seen = BTreeSet::new();
            for line in text.lines().filter(|l| l.trim().len() > 20) {
                assert!(seen.insert(line), "{}: said twice: {line}\n{text}", sc.id);
            }
        }
    }
}

#[test]
fn check_and_the_verdict_file_say_the_same_up_to_what_to_do() {
    for path in scenario_files() {
        let (sc, a) = judge(&path);
        let check = airgap_audit::report::check::text(&a);
        let txt = airgap_audit::verdict::render_text(&verdict(&sc, &a));
        let plain = |t: &str| t[..t.find("\nWhat to do:").expect("a what-to-do part")].to_string();
        assert_eq!(plain(&check), plain(&txt), "{}", sc.id);
    }
}
