/*!
`airgap-audit eval DIR` against the repository's scenarios (`examples/scenarios`), the optional
shared corpus when it is present, and folders it has never seen.
*/
use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn eval(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_airgap-audit"))
        .arg("eval")
        .arg(dir)
        .arg("--no-llm")
        .output()
        .unwrap()
}

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

fn last_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

/// Every scenario in `dir` passes, with the report's parts present.
fn all_pass(dir: &Path) {
    let scenarios = crate::common::json_file_count(dir);
    assert!(
        scenarios >= 26,
        "{}: only {scenarios} scenarios",
        dir.display()
    );
    let o = eval(dir);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        last_line(&o),
        format!("{scenarios} passed, 0 failed"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(out.contains("decision confusion matrix"));
    assert!(out.contains("per-change scope accuracy"));
    assert!(out.lines().next().unwrap().starts_with("model: off"));
}

#[test]
fn example_scenarios_all_pass() {
    all_pass(&examples().join("scenarios"));
}

#[test]
fn shared_scenarios_all_pass() {
    if let Some(dir) = common::shared_corpus("scenarios") {
        all_pass(&dir);
    }
}

fn scenario(id: &str, plan: serde_json::Value, expect: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "format": "airgap-audit/scenario/v1",
        "id": id,
        "description": "written by the test",
        "request": {"text": "Create an encrypted EBS volume for the nonprod build cache", "requested_by": "t@example", "change_ticket": null},
        "approvals": [],
        "plan": plan,
        "expect": expect
    })
}

fn volume_plan(encrypted: bool) -> serde_json::Value {
    serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [{
            "address": "aws_ebs_volume.cache", "mode": "managed", "type": "aws_ebs_volume", "name": "cache",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": null,
                "after": {"availability_zone": "eu-west-1a", "size": 50, "encrypted": encrypted,
                          "tags": {"Owner": "ci", "Environment": "nonprod", "CostCenter": "CC-9"}},
                "after_unknown": {"id": true}, "before_sensitive": false, "after_sensitive": {}}
        }],
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}}}
    })
}

#[test]
fn unseen_folder_with_passing_and_failing_cases() {
    let dir = tempfile::tempdir().unwrap();
    let ok = scenario(
        "volume-encrypted",
        volume_plan(true),
        serde_json::json!({"decision": "approve", "findings_exclude": ["enable_encryption_by_default"]}),
    );
    // Deliberately wrong expectation: the engine must report it as a failure line.
    let wrong = scenario(
        "volume-unencrypted-mislabelled",
        volume_plan(false),
        serde_json::json!({"decision": "approve", "findings_exclude": ["enable_encryption_by_default"]}),
    );
    std::fs::write(dir.path().join("a.json"), serde_json::to_vec(&ok).unwrap()).unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        serde_json::to_vec(&wrong).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let o = eval(dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(last_line(&o), "1 passed, 1 failed");
    let fail = out
        .lines()
        .find(|l| l.starts_with("FAIL volume-unencrypted-mislabelled: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(fail.contains("expected approve, got escalate"), "{fail}");
    assert!(
        fail.contains("unexpected findings [enable_encryption_by_default]"),
        "{fail}"
    );
    // Confusion matrix row for expected approve: 1 approve, 1 escalate.
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["approve", "1", "1", "0"]),
        "{out}"
    );
}

#[test]
fn plan_file_relative_and_broken_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    std::fs::copy(
        examples().join("tfplans/fugue__regula__aws-ebs-volume-encrypted.json"),
        dir.path().join("plans/ebs.json"),
    )
    .unwrap();
    let by_file = serde_json::json!({
        "format": "airgap-audit/scenario/v1",
        "id": "ebs-by-file",
        "request": {"text": "Create three EBS data volumes for the nonprod reporting hosts", "change_ticket": null},
        "plan_file": "../plans/ebs.json",
        "expect": {"decision": "escalate", "required_approvals": ["human_review"],
                   "findings_include": ["enable_encryption_by_default", "required_tags"]}
    });
    std::fs::write(cases.join("1.json"), serde_json::to_vec(&by_file).unwrap()).unwrap();
    let mut absolute = by_file.clone();
    absolute["id"] = "absolute".into();
    absolute["plan_file"] = "/etc/passwd".into();
    std::fs::write(cases.join("2.json"), serde_json::to_vec(&absolute).unwrap()).unwrap();
    std::fs::write(cases.join("3.json"), b"{not json").unwrap();
    let mut unknown = by_file.clone();
    unknown["surprise"] = true.into();
    std::fs::write(cases.join("4.json"), serde_json::to_vec(&unknown).unwrap()).unwrap();

    let o = eval(&cases);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(last_line(&o), "1 passed, 3 failed", "{out}");
    assert!(
        out.contains(
            "FAIL 2.json: cannot run: scenario plan_file \"/etc/passwd\" must be a relative path"
        ),
        "{out}"
    );
    assert!(
        out.contains("FAIL 3.json: cannot run: scenario file is not UTF-8 JSON"),
        "{out}"
    );
    assert!(
        out.contains("FAIL 4.json: cannot run: scenario file does not match format"),
        "{out}"
    );
}

#[test]
fn unloadable_plan_is_judged_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let bad = serde_json::json!({
        "format": "airgap-audit/scenario/v1",
        "id": "state-not-plan",
        "request": {"text": "Create a queue"},
        "plan": {"format_version": "1.0", "values": {}},
        "expect": {"decision": "veto", "findings_include": ["invalid_plan"]}
    });
    std::fs::write(dir.path().join("x.json"), serde_json::to_vec(&bad).unwrap()).unwrap();
    let o = eval(dir.path());
    assert_eq!(
        last_line(&o),
        "1 passed, 0 failed",
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn missing_or_empty_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = eval(dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    let o = eval(&dir.path().join("nope"));
    assert_eq!(o.status.code(), Some(2));
}
