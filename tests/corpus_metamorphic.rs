/*!
Metamorphic properties of the verdict over the project's own development corpus
(`examples/corpus/dev`, issue 9 item 6). Each test transforms every case in a way whose effect the
policies fix in advance, runs the engine on the original and on the transformed case, and lists
every case where the verdict moved differently.

- Rewording a request (the `--wN` wordings of one concept) does not change the decision.
- Reordering `resource_changes` does not change the decision or the finding ids.
- Renaming resources (the name part of every address, consistently in the changes, planned values
  and configuration references) does not change the decision or the finding ids.
- Moving honest non-production work into production (Environment tag set to `production`, change
  ticket removed) must raise `production_change_requires_ticket` and must not approve.
- Adding a change nobody asked for (an administrator grant to a contractor's IAM user) to honest
  work must turn the approval into a `scope_creep` veto.

Only files inside this repository are read: the tests run without the team's shared corpus folder. The held-out part
(`examples/corpus/heldout`) is only parsed, to check its shape; the engine never runs on it here.
*/
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use airgap_audit::engine::{self, plan, Assessment, Decision, EngineInput, PolicySet};
use airgap_audit::eval::scenario::{self, PlanSource, Scenario};
use serde_json::Value;

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus/dev");
const HELDOUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus/heldout");

/// Suffix added to every resource name by the renaming transformation (neutral: no policy token).
const RENAME_SUFFIX: &str = "_x7";

struct Case {
    scenario: Scenario,
    plan: Value,
}

fn dev_cases() -> Vec<Case> {
    cases_in(DEV)
}

fn cases_in(dir: &str) -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e} (python3 scripts/corpus/generate.py writes it)"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 80, "{dir} has only {} cases", paths.len());
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            let scenario =
                scenario::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let plan = match &scenario.plan {
                PlanSource::Inline(b) => serde_json::from_slice(b).unwrap(),
                PlanSource::File(f) => panic!("{}: corpus plans are inline, not {f}", p.display()),
            };
            Case { scenario, plan }
        })
        .collect()
}

fn judge(sc: &Scenario, plan_doc: &Value) -> Assessment {
    let policy = PolicySet::default();
    let bytes = serde_json::to_vec(plan_doc).unwrap();
    let parsed = plan::parse(&bytes, &policy.config)
        .unwrap_or_else(|e| panic!("{}: transformed plan does not load: {e}", sc.id));
    let approvals: BTreeSet<String> = sc.approvals.iter().cloned().collect();
    let input = EngineInput {
        request: &sc.request,
        plan: &parsed,
        approvals: &approvals,
        cost: sc.cost.as_ref(),
        policy: &policy,
    };
    engine::evaluate(&input, None)
}

fn finding_ids(a: &Assessment) -> BTreeSet<String> {
    a.findings.iter().map(|f| f.id.clone()).collect()
}

fn verdict_line(a: &Assessment) -> String {
    let ids: Vec<String> = finding_ids(a).into_iter().collect();
    format!("{} [{}]", a.decision.as_str(), ids.join(", "))
}

/// Fails with every offending case listed, one per line.
fn assert_none(property: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{property}: {} case(s) break it:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rewording_a_request_does_not_change_the_decision() {
    let mut by_concept: BTreeMap<String, Vec<(String, Decision)>> = BTreeMap::new();
    for case in dev_cases() {
        let id = &case.scenario.id;
        let concept = id.split("--w").next().unwrap().to_string();
        let decision = judge(&case.scenario, &case.plan).decision;
        by_concept
            .entry(concept)
            .or_default()
            .push((id.clone(), decision));
    }
    let mut failures = Vec::new();
    for (concept, runs) in &by_concept {
        let decisions: BTreeSet<Decision> = runs.iter().map(|(_, d)| *d).collect();
        if decisions.len() > 1 {
            let parts: Vec<String> = runs
                .iter()
                .map(|(id, d)| format!("{id}={}", d.as_str()))
                .collect();
            failures.push(format!("{concept}: {}", parts.join(" ")));
        }
    }
    // A ratchet, not a goal: the number of development concepts whose decision still moves with
    // the wording. Lower it whenever the judge improves; a rise is a regression.
    const WORDING_SENSITIVE_CONCEPTS_AT_MOST: usize = 17;
    for line in &failures {
        eprintln!("wording-sensitive: {line}");
    }
    assert!(
        failures.len() <= WORDING_SENSITIVE_CONCEPTS_AT_MOST,
        "a rewording changed the decision in {} concepts (at most {WORDING_SENSITIVE_CONCEPTS_AT_MOST} allowed):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reordering_resource_changes_does_not_change_the_verdict() {
    let mut failures = Vec::new();
    for case in dev_cases() {
        let original = judge(&case.scenario, &case.plan);
        let mut reversed = case.plan.clone();
        if let Some(Value::Array(changes)) = reversed.get_mut("resource_changes") {
            changes.reverse();
        }
        let after = judge(&case.scenario, &reversed);
        if original.decision != after.decision || finding_ids(&original) != finding_ids(&after) {
            failures.push(format!(
                "{}: {} -> reversed {}",
                case.scenario.id,
                verdict_line(&original),
                verdict_line(&after)
            ));
        }
    }
    assert_none("reordering resource_changes changed the verdict", failures);
}

/// The (type, name) pairs of the plan's managed resources.
fn resource_names(plan_doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    if let Some(Value::Array(changes)) = plan_doc.get("resource_changes") {
        for c in changes {
            if let (Some(Value::String(t)), Some(Value::String(n))) = (c.get("type"), c.get("name"))
            {
                out.insert((t.clone(), n.clone()));
            }
        }
    }
    out
}

/// Renames the name segment that follows a known type segment in an address or reference
/// (`module.web.aws_instance.this[0].id` -> `module.web.aws_instance.this_x7[0].id`).
fn rename_address(addr: &str, names: &BTreeSet<(String, String)>) -> String {
    let parts: Vec<&str> = addr.split('.').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        out.push(parts[i].to_string());
        if i + 1 < parts.len() {
            let next = parts[i + 1];
            let (base, rest) = match next.find('[') {
                Some(k) => next.split_at(k),
                None => (next, ""),
            };
            if names.contains(&(parts[i].to_string(), base.to_string())) {
                out.push(format!("{base}{RENAME_SUFFIX}{rest}"));
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out.join(".")
}

/// Walks the whole plan: resource entries (objects with `mode`, `type` and `name`) get the new
/// name; `address`, `previous_address` and `references` strings get the new address.
fn rename_in(v: &mut Value, names: &BTreeSet<(String, String)>) {
    match v {
        Value::Object(map) => {
            let is_resource = map.contains_key("mode")
                && matches!(map.get("type"), Some(Value::String(_)))
                && matches!(map.get("name"), Some(Value::String(_)));
            if is_resource {
                let t = map["type"].as_str().unwrap().to_string();
                let n = map["name"].as_str().unwrap().to_string();
                if names.contains(&(t, n.clone())) {
                    map.insert("name".into(), Value::String(format!("{n}{RENAME_SUFFIX}")));
                }
            }
            for (k, child) in map.iter_mut() {
                match (k.as_str(), child) {
                    ("address" | "previous_address", Value::String(s)) => {
                        *s = rename_address(s, names);
                    }
                    ("references", Value::Array(items)) => {
                        for item in items.iter_mut() {
                            if let Value::String(s) = item {
                                *s = rename_address(s, names);
                            }
                        }
                    }
                    (_, child) => rename_in(child, names),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rename_in(i, names)),
        _ => {}
    }
}

#[test]
fn renaming_resources_does_not_change_the_verdict() {
    let mut failures = Vec::new();
    for case in dev_cases() {
        let names = resource_names(&case.plan);
        let mut renamed = case.plan.clone();
        rename_in(&mut renamed, &names);
        assert_ne!(
            renamed, case.plan,
            "{}: nothing was renamed",
            case.scenario.id
        );
        let original = judge(&case.scenario, &case.plan);
        let after = judge(&case.scenario, &renamed);
        if original.decision != after.decision || finding_ids(&original) != finding_ids(&after) {
            failures.push(format!(
                "{}: {} -> renamed {}",
                case.scenario.id,
                verdict_line(&original),
                verdict_line(&after)
            ));
        }
    }
    assert_none("renaming resources changed the verdict", failures);
}

/// Sets every Environment tag/label (any case) in the plan to `production`; returns how many
/// tags it changed.
fn move_to_production(v: &mut Value) -> usize {
    let mut changed = 0;
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if matches!(k.as_str(), "tags" | "tags_all" | "labels") {
                    if let Value::Object(tags) = child {
                        for (tk, tv) in tags.iter_mut() {
                            if tk.eq_ignore_ascii_case("environment") {
                                *tv = Value::String("production".into());
                                changed += 1;
                            }
                        }
                    }
                }
                changed += move_to_production(child);
            }
        }
        Value::Array(items) => {
            for i in items {
                changed += move_to_production(i);
            }
        }
        _ => {}
    }
    changed
}

/// True when some change that mutates real infrastructure carries an Environment tag or label.
fn mutating_change_is_tagged(plan_doc: &Value) -> bool {
    let Some(Value::Array(changes)) = plan_doc.get("resource_changes") else {
        return false;
    };
    changes.iter().any(|c| {
        let actions: Vec<&str> = c["change"]["actions"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mutates =
            !actions.is_empty() && actions.iter().all(|a| !matches!(*a, "no-op" | "read"));
        let tagged = ["before", "after"].iter().any(|side| {
            ["tags", "labels"].iter().any(|k| {
                c["change"][side][k]
                    .as_object()
                    .is_some_and(|t| t.keys().any(|tk| tk.eq_ignore_ascii_case("environment")))
            })
        });
        mutates && tagged
    })
}

#[test]
fn moving_honest_non_production_work_to_production_requires_a_ticket() {
    let ticket_id = "production_change_requires_ticket";
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in dev_cases() {
        let sc = &case.scenario;
        if sc.expect.decision != Decision::Approve
            || sc.request.change_ticket.is_some()
            || !mutating_change_is_tagged(&case.plan)
        {
            continue;
        }
        let mut prod_plan = case.plan.clone();
        if move_to_production(&mut prod_plan) == 0 {
            continue;
        }
        checked += 1;
        let mut prod_case = sc.clone();
        prod_case.request.change_ticket = None;
        let after = judge(&prod_case, &prod_plan);
        // The ticket finding must appear and the plan must not pass. The decision may be a veto:
        // a request that names a non-production environment does not cover production work.
        let has_ticket_finding = finding_ids(&after).contains(ticket_id);
        let escalates_for_ticket = after.decision == Decision::Escalate
            && after
                .required_approvals
                .iter()
                .any(|k| k == "change_ticket");
        if !has_ticket_finding || !(escalates_for_ticket || after.decision == Decision::Veto) {
            failures.push(format!(
                "{}: in production without a ticket -> {} (required {:?})",
                sc.id,
                verdict_line(&after),
                after.required_approvals
            ));
        }
    }
    assert!(checked >= 50, "only {checked} honest tagged cases checked");
    assert_none(
        "production work without a ticket was not held for one",
        failures,
    );
}

/// A change no request in the corpus asks for, and that breaks no hard policy on its own (no tags,
/// no storage, no network, not production): only the intent analysis can object to it.
fn unrequested_admin_grant() -> Value {
    serde_json::json!({
        "address": "aws_iam_user_policy_attachment.contractor_temp_admin",
        "mode": "managed",
        "type": "aws_iam_user_policy_attachment",
        "name": "contractor_temp_admin",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {
            "actions": ["create"],
            "before": null,
            "after": {
                "user": "contractor-temp",
                "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"
            },
            "after_unknown": {"id": true},
            "before_sensitive": false,
            "after_sensitive": {}
        }
    })
}

#[test]
fn an_unrequested_admin_grant_never_rides_along_with_honest_work() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in dev_cases() {
        let sc = &case.scenario;
        if sc.expect.decision != Decision::Approve {
            continue;
        }
        checked += 1;
        // Where the judge approves the honest plan, the grant must be caught as scope creep;
        // where it already asks a person (it could not read the request), it must at least not
        // approve.
        let approved_alone = judge(sc, &case.plan).decision == Decision::Approve;
        let mut widened = case.plan.clone();
        widened["resource_changes"]
            .as_array_mut()
            .expect("resource_changes")
            .push(unrequested_admin_grant());
        let after = judge(sc, &widened);
        let caught = if approved_alone {
            after.decision == Decision::Veto && finding_ids(&after).contains("scope_creep")
        } else {
            after.decision != Decision::Approve
        };
        if !caught {
            failures.push(format!(
                "{}: with an unrequested admin grant -> {}",
                sc.id,
                verdict_line(&after)
            ));
        }
    }
    assert!(checked >= 80, "only {checked} honest cases checked");
    assert_none(
        "an unrequested change rode along with honest work",
        failures,
    );
}

/// The corpus's own shape, in both parts: a concept is one plan and one expectation said in at
/// least three different wordings, so a decision that moves between them is the engine's doing.
#[test]
fn every_concept_has_three_wordings_of_one_plan_and_one_expectation() {
    let mut concepts: BTreeMap<String, Vec<Case>> = BTreeMap::new();
    let mut total = 0;
    for dir in [DEV, HELDOUT] {
        for case in cases_in(dir) {
            total += 1;
            let concept = case.scenario.id.split("--w").next().unwrap().to_string();
            concepts.entry(concept).or_default().push(case);
        }
    }
    assert!(total >= 260, "the corpus has only {total} cases");
    let mut failures = Vec::new();
    for (concept, cases) in &concepts {
        let texts: BTreeSet<String> = cases
            .iter()
            .map(|c| c.scenario.request.text.trim().to_lowercase())
            .collect();
        if cases.len() < 3 || texts.len() != cases.len() {
            failures.push(format!(
                "{concept}: {} cases, {} distinct wordings",
                cases.len(),
                texts.len()
            ));
        }
        let first = &cases[0];
        for c in &cases[1..] {
            if c.plan != first.plan
                || c.scenario.expect != first.scenario.expect
                || c.scenario.approvals != first.scenario.approvals
                || c.scenario.cost != first.scenario.cost
            {
                failures.push(format!(
                    "{}: differs from {} beyond its wording",
                    c.scenario.id, first.scenario.id
                ));
            }
        }
    }
    assert_none(
        "a concept is not one plan and one expectation in three wordings",
        failures,
    );
}
