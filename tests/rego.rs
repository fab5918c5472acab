/*!
User policies in Rego (issue 2, part 3): conftest-style policies, unmodified, against the corpus
plans, through the library stage and through `airgap-audit check --policy`.

Fixtures live in `tests/fixtures/rego/`: `conftest-hcl1/` is conftest's own Terraform example
policy directory (with its source cited in each file); the other directories are small policies
written for these tests.
*/
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support_plan::raw_document;
use airgap_audit::engine::plan;
use airgap_audit::engine::policy::PolicyConfig;
use airgap_audit::engine::rego::{RegoError, RegoPolicies};
use airgap_audit::engine::{Disposition, Finding};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tfplans");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rego");
const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

const CONFTEST_MSG: &str =
    "Terraform plan will change prohibited resources in the following namespaces: google_iam, google_container";

/// Reads every `.rego` file of a fixture directory as (file name, source), sorted by name.
fn modules(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(Path::new(FIXTURES).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rego"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn compile(dir: &str) -> RegoPolicies {
    RegoPolicies::compile(&modules(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"))
}

/// The plan document exactly as the engine hands it to user policies (plan::parse with a Rego
/// directory configured).
fn document(plan_file: &str) -> serde_json::Value {
    let bytes = std::fs::read(Path::new(CORPUS).join(plan_file)).unwrap();
    let mut config = PolicyConfig::default();
    config.rego.dir = Some("policy".to_string());
    let plan = plan::parse(&bytes, &config).unwrap_or_else(|e| panic!("{plan_file}: {e}"));
    assert!(
        plan.document.is_object(),
        "{plan_file}: the engine must keep the plan document for user policies"
    );
    plan.document
}

fn eval(dir: &str, plan_file: &str) -> Vec<Finding> {
    compile(dir)
        .evaluate(&document(plan_file))
        .unwrap_or_else(|e| panic!("{dir} on {plan_file}: {e}"))
}

fn finding(id: &str, d: Disposition, resource: Option<&str>, msg: &str) -> Finding {
    Finding::new(id, d, resource, msg)
}

#[test]
fn conftest_terraform_example_runs_unmodified_on_its_own_plan() {
    // conftest's acceptance test: `conftest test -p examples/hcl1/policy/base.rego
    // examples/hcl1/gke-show.json` fails with exactly this message.
    let found = eval(
        "conftest-hcl1",
        "open-policy-agent__conftest__gcp-gke-cluster.json",
    );
    assert_eq!(
        found,
        vec![finding(
            "rego:main.deny",
            Disposition::Veto,
            None,
            CONFTEST_MSG
        )]
    );
}

#[test]
fn conftest_terraform_example_passes_plans_without_prohibited_types() {
    for plan_file in [
        "fugue__regula__aws-ebs-volume-encrypted.json",
        "GoogleCloudPlatform__terraform-validator__gcp-firewall-full.json",
        "GoogleCloudPlatform__terraform-google-conversion__gcp-instance-iam-member-tf19.json",
    ] {
        assert_eq!(eval("conftest-hcl1", plan_file), vec![], "{plan_file}");
    }
}

#[test]
fn object_results_carry_msg_and_resource_and_warn_maps_to_warn() {
    let found = eval("mapping", "fugue__regula__aws-ebs-volume-encrypted.json");
    let expected = vec![
        finding(
            "rego:terraform.storage.violation",
            Disposition::Veto,
            Some("aws_ebs_volume.bad"),
            "EBS volume aws_ebs_volume.bad is not encrypted at rest",
        ),
        finding(
            "rego:terraform.storage.violation",
            Disposition::Veto,
            Some("aws_ebs_volume.missing"),
            "EBS volume aws_ebs_volume.missing is not encrypted at rest",
        ),
        finding(
            "rego:terraform.storage.warn_untagged",
            Disposition::Warn,
            Some("aws_ebs_volume.bad"),
            "aws_ebs_volume.bad is created without tags",
        ),
        finding(
            "rego:terraform.storage.warn_untagged",
            Disposition::Warn,
            Some("aws_ebs_volume.good"),
            "aws_ebs_volume.good is created without tags",
        ),
        finding(
            "rego:terraform.storage.warn_untagged",
            Disposition::Warn,
            Some("aws_ebs_volume.missing"),
            "aws_ebs_volume.missing is created without tags",
        ),
    ];
    let mut found = found;
    found.sort_by(|a, b| {
        (&a.disposition, &a.id, &a.resource).cmp(&(&b.disposition, &b.id, &b.resource))
    });
    assert_eq!(found, expected);
}

#[test]
fn deny_strings_veto_and_warn_strings_warn_in_v0_syntax() {
    let found = eval("mapping", "opentofu__opentofu__basic-delete.json");
    assert_eq!(
        found,
        vec![
            finding(
                "rego:main.deny",
                Disposition::Veto,
                None,
                "test_instance.test-delete would be destroyed"
            ),
            finding(
                "rego:main.warn",
                Disposition::Warn,
                None,
                "test_instance.test is changed in place"
            ),
        ]
    );
    // The tainted replacement is delete+create: a deny; nothing is updated in place.
    let found = eval(
        "mapping",
        "hashicorp__terraform-json__replace-tainted-tf115.json",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, "rego:main.deny");
    assert_eq!(found[0].disposition, Disposition::Veto);
}

#[test]
fn conftest_exception_drops_only_the_named_rule() {
    let found = eval("exception", "fugue__regula__aws-sg-ingress-anywhere.json");
    assert!(
        found.iter().all(|f| f.id != "rego:main.deny_open_ingress"),
        "{found:?}"
    );
    let creates: Vec<&Finding> = found
        .iter()
        .filter(|f| f.id == "rego:main.deny_any_create")
        .collect();
    assert_eq!(creates.len(), 5, "{found:?}");
    assert!(creates
        .iter()
        .any(|f| f.message == "aws_security_group.invalid_allow_all is created"));
}

#[test]
fn sensitive_values_never_reach_rule_messages() {
    for (plan_file, secret) in [
        (
            "snyk__policy-engine__aws-rds-sensitive-password.json",
            "foobarbaz",
        ),
        (
            "local__terraform-1.11.4__terraform-data-all-actions.json",
            "s3cr3t",
        ),
    ] {
        let found = eval("redaction", plan_file);
        assert!(
            !found.is_empty(),
            "{plan_file}: the leaking policy must fire"
        );
        assert!(
            found.iter().any(|f| f.message.contains("(sensitive)")),
            "{plan_file}: {found:?}"
        );
        for f in &found {
            assert!(!f.message.contains(secret), "{plan_file}: leaked in {f:?}");
        }
    }
}

#[test]
fn a_syntax_error_is_one_line_naming_the_module() {
    let err = RegoPolicies::compile(&modules("syntax-error")).unwrap_err();
    match &err {
        RegoError::Compile { name, .. } => assert_eq!(name, "broken.rego"),
        other => panic!("expected a compile error, got {other:?}"),
    }
    let line = err.to_string();
    assert!(line.starts_with("rego policy broken.rego: "), "{line}");
    assert!(!line.contains('\n'), "{line:?}");
}

#[test]
fn an_empty_policy_set_finds_nothing() {
    let none = RegoPolicies::compile(&[]).unwrap();
    assert!(none.is_empty());
    let found = none
        .evaluate(&document(
            "open-policy-agent__conftest__gcp-gke-cluster.json",
        ))
        .unwrap();
    assert!(found.is_empty());
    // A module with no conftest rule is not an error either.
    let helpers = RegoPolicies::compile(&[(
        "lib.rego".to_string(),
        "package lib\nimport rego.v1\nis_prod(x) if x == \"prod\"\n".to_string(),
    )])
    .unwrap();
    assert!(helpers
        .evaluate(&document("opentofu__opentofu__basic-delete.json"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_result_object_without_msg_is_an_error_not_a_pass() {
    let p = RegoPolicies::compile(&[(
        "nomsg.rego".to_string(),
        "package main\nimport rego.v1\ndeny contains {\"text\": \"x\"} if true\n".to_string(),
    )])
    .unwrap();
    let err = p
        .evaluate(&document("opentofu__opentofu__basic-delete.json"))
        .unwrap_err();
    assert!(matches!(err, RegoError::Eval(_)), "{err:?}");
    assert!(err.to_string().contains("data.main.deny"), "{err}");
}

#[test]
fn a_boolean_deny_rule_is_a_veto() {
    let p = RegoPolicies::compile(&[(
        "bool.rego".to_string(),
        "package guard\nimport rego.v1\ndeny if count(input.resource_changes) > 1\n".to_string(),
    )])
    .unwrap();
    let found = p
        .evaluate(&document("opentofu__opentofu__basic-delete.json"))
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, "rego:guard.deny");
    assert_eq!(found[0].disposition, Disposition::Veto);
}

#[test]
fn every_corpus_plan_evaluates_under_every_fixture_policy() {
    let sets: Vec<RegoPolicies> = ["conftest-hcl1", "mapping", "exception", "redaction"]
        .iter()
        .map(|d| compile(d))
        .collect();
    let mut plans = 0;
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = raw_document(&std::fs::read(&path).unwrap());
        for set in &sets {
            set.evaluate(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        plans += 1;
    }
    assert_eq!(plans, 41);
}

// ---- through the binary -------------------------------------------------------------------

/// A temp dir holding `policy.toml` (`[rego] dir = "policy"`) and a copy of a fixture directory.
fn policy_dir(fixture: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let pdir = tmp.path().join("policy");
    std::fs::create_dir(&pdir).unwrap();
    if let Some(fixture) = fixture {
        for (name, src) in modules(fixture) {
            std::fs::write(pdir.join(name), src).unwrap();
        }
    }
    let toml = tmp.path().join("policy.toml");
    std::fs::write(&toml, "[rego]\ndir = \"policy\"\n").unwrap();
    (tmp, toml)
}

fn check(toml: &Path, plan_file: &str) -> std::process::Output {
    Command::new(BIN)
        .args([
            "check",
            "--request",
            "Create a GKE cluster with a preemptible node pool",
        ])
        .arg("--plan")
        .arg(Path::new(CORPUS).join(plan_file))
        .arg("--policy")
        .arg(toml)
        .args(["--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn check_vetoes_with_the_unmodified_conftest_policy() {
    let (_tmp, toml) = policy_dir(Some("conftest-hcl1"));
    let out = check(&toml, "open-policy-agent__conftest__gcp-gke-cluster.json");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = v["findings"].as_array().expect("findings array");
    assert!(
        findings.iter().any(|f| f["id"] == "rego:main.deny"
            && f["disposition"] == "veto"
            && f["message"] == CONFTEST_MSG),
        "{stdout}"
    );
}

#[test]
fn check_reports_a_broken_module_on_one_line_and_exits_2() {
    let (_tmp, toml) = policy_dir(Some("syntax-error"));
    let out = check(&toml, "open-policy-agent__conftest__gcp-gke-cluster.json");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken.rego"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn check_with_an_empty_policy_dir_adds_no_rego_findings() {
    let (_tmp, toml) = policy_dir(None);
    let out = check(&toml, "open-policy-agent__conftest__gcp-gke-cluster.json");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1 | 3)),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = v["findings"].as_array().expect("findings array");
    assert!(
        findings
            .iter()
            .all(|f| !f["id"].as_str().unwrap_or("").starts_with("rego:")),
        "{stdout}"
    );
}

#[test]
fn packages_with_quoted_names_are_evaluated() {
    let p = RegoPolicies::compile(&[(
        "quoted.rego".to_string(),
        "package teams[\"net-sec\"]\nimport rego.v1\nwarn_deletes contains msg if {\n  some rc in input.resource_changes\n  \"delete\" in rc.change.actions\n  msg := sprintf(\"%s is deleted\", [rc.address])\n}\n"
            .to_string(),
    )])
    .unwrap();
    let found = p
        .evaluate(&document("opentofu__opentofu__basic-delete.json"))
        .unwrap();
    assert_eq!(
        found,
        vec![finding(
            "rego:teams.net-sec.warn_deletes",
            Disposition::Warn,
            None,
            "test_instance.test-delete is deleted"
        )]
    );
}

const AUTHORING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rego/authoring");
const SG_PLAN: &str = "fugue__regula__aws-sg-ingress-anywhere.json";

fn rego_test(dirs: &[&Path]) -> std::process::Output {
    Command::new(BIN)
        .args(["rego", "test"])
        .args(dirs)
        .output()
        .unwrap()
}

/// Issue 12: conftest's own Kubernetes example policy with its unit tests, unmodified, passes
/// `rego test` as it passes `conftest verify`; so does a policy written in conftest's style.
#[test]
fn rego_test_passes_an_unmodified_conftest_policy_with_unit_tests() {
    for dir in [
        Path::new(FIXTURES).join("conftest-kubernetes"),
        PathBuf::from(AUTHORING),
    ] {
        let out = rego_test(&[&dir]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}: {stdout}", dir.display());
        let last = stdout.lines().last().unwrap();
        assert!(last.ends_with(" passed, 0 failed"), "{last}");
        assert!(!last.starts_with("0 passed"), "{last}");
    }
}

/// A failing unit test fails the run (exit 1) and is named; a folder without tests is not a pass;
/// a module that does not compile is one line and exit 2.
#[test]
fn rego_test_fails_on_a_failing_test_and_refuses_a_folder_without_tests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(AUTHORING).join("network.rego"),
        dir.path().join("network.rego"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("wrong_test.rego"),
        "package terraform.network\nimport rego.v1\n\ntest_claims_a_single_port_is_denied if {\n  count(deny) == 1 with input as {\"resource_changes\": [{\"address\": \"a.b\", \"type\": \"aws_security_group\", \"change\": {\"after\": {\"ingress\": [{\"cidr_blocks\": [\"0.0.0.0/0\"], \"from_port\": 22, \"to_port\": 22}]}}}]}\n}\n",
    )
    .unwrap();
    let out = rego_test(&[dir.path()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL terraform.network.test_claims_a_single_port_is_denied"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("0 passed, 1 failed"));

    std::fs::remove_file(dir.path().join("wrong_test.rego")).unwrap();
    let out = rego_test(&[dir.path()]);
    assert_eq!(out.status.code(), Some(1), "no tests is not a pass");

    std::fs::write(dir.path().join("broken.rego"), "package x\ndeny[ {\n").unwrap();
    let out = rego_test(&[dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.rego"), "{stderr}");
}

/// `check --rego DIR` runs a policy folder without a policy file, and a deny object's `resource`
/// puts that address on the finding instead of `(plan)`; `--namespace` selects packages as
/// conftest's does, and a namespace with no rules is refused rather than silently running nothing.
#[test]
fn check_rego_dir_reports_the_address_the_rule_names() {
    let run = |extra: &[&str]| {
        Command::new(BIN)
            .args(["check", "--request", "Create the web security groups"])
            .arg("--plan")
            .arg(Path::new(CORPUS).join(SG_PLAN))
            .args(["--rego", AUTHORING])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains("rego:terraform.network.deny [veto] aws_security_group.invalid_allow_all:"),
        "{text}"
    );
    assert!(
        !text.contains("rego:terraform.network.deny [veto] (plan)")
            && !text.contains("rego:terraform.network.deny [veto]:"),
        "{text}"
    );

    let out = run(&["--namespace", "terraform.network"]);
    assert_eq!(out.status.code(), Some(3));
    let out = run(&["--namespace", "main"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--namespace main") && stderr.contains("terraform.network"),
        "{stderr}"
    );
}
