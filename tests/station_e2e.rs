/*!
End to end (issue 3 acceptance): the 26 public scenarios (`examples/scenarios`) are sealed with `airgap-audit bundle
seal` onto a temporary "USB stick", each with the approvals its scenario lists, signed with
`airgap-audit approval sign` by test approver keys holding the right roles and bound to the plan
digest; `process` runs once; then every verdict verifies with the real `minisign -V`, passes
`verify-verdict` exactly when the decision is approve (otherwise it says why), and matches its
scenario's expected decision. Also: approvals that must not count, and `watch --once`.
*/
use std::path::{Path, PathBuf};

use crate::common::*;

struct Sealed {
    id: String,
    plan: PathBuf,
    decision: String,
    required: Vec<String>,
}

/// The plan file bytes of a scenario: the inline plan written out, or the referenced real plan.
fn plan_file(scenario: &serde_json::Value, work: &Path) -> PathBuf {
    let id = scenario["id"].as_str().unwrap();
    if let Some(rel) = scenario["plan_file"].as_str() {
        return scenarios_dir().join(rel);
    }
    let p = work.join(format!("{id}.plan.json"));
    std::fs::write(&p, serde_json::to_vec_pretty(&scenario["plan"]).unwrap()).unwrap();
    p
}

/// `bundle seal` for one request; returns nothing (the bundle is at `out`).
#[allow(clippy::too_many_arguments)]
fn seal(
    fx: &Fixture,
    work: &Path,
    id: &str,
    request: &serde_json::Value,
    cost: Option<&serde_json::Value>,
    plan: &Path,
    approvals: &[Approval],
    sequence: u64,
    out: &Path,
) {
    let text_file = work.join(format!("{id}.request.txt"));
    std::fs::write(&text_file, request["text"].as_str().unwrap()).unwrap();
    let mut cmd = aa();
    cmd.args(["bundle", "seal", "--station-recipient-file"])
        .arg(fx.home.join("keys/age.pub"))
        .args(["--station-id", &fx.station_id])
        .arg("--orchestrator-key")
        .arg(&fx.orchestrator.secret)
        .arg("--request-file")
        .arg(&text_file)
        .args([
            "--requested-by",
            request["requested_by"].as_str().unwrap_or("someone"),
        ])
        .arg("--plan")
        .arg(plan)
        .args(["--sequence", &sequence.to_string(), "--request-id", id])
        .arg("--out")
        .arg(out);
    if let Some(t) = request["change_ticket"].as_str() {
        cmd.args(["--ticket", t]);
    }
    if let Some(c) = cost {
        cmd.arg("--cost")
            .arg(format!("{}:{}", c["monthly_before"], c["monthly_after"]));
        if let Some(cur) = c["currency"].as_str() {
            cmd.args(["--currency", cur]);
        }
    }
    for a in approvals {
        cmd.arg("--approval").arg(&a.path);
    }
    run_ok(&mut cmd);
}

fn verify_verdict(fx: &Fixture, plan: &Path, verdict: &Path) -> (i32, String) {
    let out = run(aa()
        .arg("verify-verdict")
        .arg("--station-key")
        .arg(fx.verdict_pub())
        .arg("--plan")
        .arg(plan)
        .arg(verdict));
    let (o, e) = text(&out);
    (out.status.code().unwrap_or(-1), format!("{o}{e}"))
}

#[test]
fn the_public_scenarios_sealed_processed_and_verified() {
    let mut fx = Fixture::new();
    let work = fx.tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 26, "the 26 public scenarios");
    let mut sealed = Vec::new();
    for f in &files {
        let sc: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let id = sc["id"].as_str().unwrap().to_string();
        let plan = plan_file(&sc, &work);
        let approvals: Vec<Approval> = sc["approvals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| fx.sign_approval(k.as_str().unwrap(), &plan, None))
            .collect();
        let seq = fx.next_sequence();
        let out = fx.inbox().join(format!("{seq:04}-{id}.aab"));
        let cost = sc.get("cost_estimate").filter(|c| !c.is_null());
        seal(
            &fx,
            &work,
            &id,
            &sc["request"],
            cost,
            &plan,
            &approvals,
            seq,
            &out,
        );
        sealed.push(Sealed {
            id,
            plan,
            decision: sc["expect"]["decision"].as_str().unwrap().to_string(),
            required: sc["expect"]["required_approvals"]
                .as_array()
                .map(|a| a.iter().map(|k| k.as_str().unwrap().to_string()).collect())
                .unwrap_or_default(),
        });
    }
    let out = fx.process(&[]);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "stdout:\n{o}\nstderr:\n{e}");
    assert_eq!(
        o.lines().count(),
        27,
        "one line per bundle and a summary:\n{o}"
    );
    assert!(
        o.lines().last().unwrap().starts_with("batch: 26 bundles"),
        "{o}"
    );

    let mut wrong = Vec::new();
    for s in &sealed {
        let v = fx.outbox().join(format!("{}.verdict.json", s.id));
        assert!(v.exists(), "{}: no verdict", s.id);
        assert!(
            fx.outbox().join(format!("{}.verdict.txt", s.id)).exists(),
            "{}: no .verdict.txt",
            s.id
        );
        assert!(
            minisign_verifies(&fx.verdict_pub(), &v),
            "{}: minisign -V rejects the verdict",
            s.id
        );
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&v).unwrap()).unwrap();
        let decision = doc["decision"].as_str().unwrap().to_string();
        let (code, msg) = verify_verdict(&fx, &s.plan, &v);
        if decision == "approve" {
            assert_eq!(code, 0, "{}: verify-verdict: {msg}", s.id);
        } else {
            assert_eq!(
                code, 1,
                "{}: verify-verdict must refuse {decision}: {msg}",
                s.id
            );
            assert!(msg.contains(&decision), "{}: says why: {msg}", s.id);
        }
        let required: Vec<String> = doc["required_approvals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        if decision != s.decision || (s.decision == "escalate" && required != s.required) {
            wrong.push(format!(
                "{}: got {decision} {required:?}, expected {} {:?}",
                s.id, s.decision, s.required
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "verdicts that differ from the scenarios:\n{}",
        wrong.join("\n")
    );
    let (code, msg) = fx.ledger_verify();
    assert_eq!(code, 0, "{msg}");
}

#[test]
fn approvals_that_must_not_count_are_reported_in_the_verdict() {
    let mut fx = Fixture::new();
    let work = fx.tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let sc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(scenarios_dir().join("seed-4-black-friday-finance.json")).unwrap(),
    )
    .unwrap();
    let plan = plan_file(&sc, &work);
    let other_plan = work.join("other.plan.json");
    std::fs::write(&other_plan, small_plan("other")).unwrap();
    let other = fx.sign_approval("finance", &other_plan, None);
    let wrong_role = fx.sign_approval_as("finance", &plan, None, fx.approver("security"), "7d");
    let expiring = fx.sign_approval_as("finance", &plan, None, fx.approver("finance"), "1s");
    let wrong_request = fx.sign_approval("finance", &plan, Some("some-other-request"));
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let seq = fx.next_sequence();
    let out = fx.inbox().join("bf.aab");
    seal(
        &fx,
        &work,
        "R-bf",
        &sc["request"],
        sc.get("cost_estimate"),
        &plan,
        &[other, wrong_role, expiring, wrong_request],
        seq,
        &out,
    );
    let res = fx.process(&[]);
    let (o, e) = text(&res);
    assert_eq!(res.status.code(), Some(0), "{o}{e}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fx.outbox().join("R-bf.verdict.json")).unwrap())
            .unwrap();
    assert_eq!(v["decision"], "escalate", "{v}");
    assert_eq!(v["required_approvals"], serde_json::json!(["finance"]));
    assert_eq!(v["approvals"]["counted"], serde_json::json!([]));
    let codes: Vec<&str> = v["approvals"]["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["other_plan", "wrong_role", "expired", "other_request"],
        "{v}"
    );
    for i in v["approvals"]["ignored"].as_array().unwrap() {
        assert!(!i["reason"].as_str().unwrap().is_empty());
    }
    let txt = std::fs::read_to_string(fx.outbox().join("R-bf.verdict.txt")).unwrap();
    assert!(txt.contains("finance"), "{txt}");
}

#[test]
fn watch_once_processes_a_stick_writes_done_and_does_not_reprocess() {
    let mut fx = Fixture::new();
    let root = fx.tmp.path().join("media");
    let stick = root.join("STICK1");
    std::fs::create_dir_all(stick.join("inbox")).unwrap();
    std::fs::create_dir_all(root.join("not-a-stick")).unwrap();
    for i in 0..3 {
        let s = RequestSpec::new(
            &mut fx,
            &format!("R-w{i}"),
            "Create an SQS queue",
            small_plan(&format!("w{i}")),
        );
        let doc = s.document();
        seal_with_clis(
            fx.tmp.path(),
            &doc,
            &fx.orchestrator,
            &fx.recipient,
            &stick.join(format!("inbox/{i}.aab")),
        );
    }
    let watch = |fx: &Fixture| {
        run(aa()
            .args(["watch", "--once", "--mount-root"])
            .arg(&root)
            .arg("--home")
            .arg(&fx.home))
    };
    let out = watch(&fx);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(o.contains("safe to remove"), "{o}");
    let done = std::fs::read_to_string(stick.join("DONE.txt")).unwrap();
    assert!(done.contains("batch: 3 bundles"), "{done}");
    for i in 0..3 {
        assert!(stick.join(format!("outbox/R-w{i}.verdict.json")).exists());
    }
    // Still plugged in, DONE.txt up to date: not processed again.
    let out = watch(&fx);
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(!o.contains("processing"), "{o}");
    assert_eq!(
        std::fs::read_to_string(stick.join("DONE.txt")).unwrap(),
        done
    );
    assert_eq!(ledger_bundle_entries(&fx).len(), 3);
}
