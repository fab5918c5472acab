/*!
`airgap-audit check` as a user runs it: the built binary against real plan files in temp dirs.
Exit codes 0 approve / 1 escalate / 3 veto / 2 usage or input error; text, JSON and SARIF output.
*/
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_airgap-audit"))
}

/// Public plans from other projects (`examples/tfplans/ATTRIBUTION.md`).
fn tfplans() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tfplans"))
}

/// This project's plans made with a real `terraform` (`scripts/make-example-plans.sh`).
fn terraform_made(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/plans"))
        .join(format!("{name}.json"))
}

fn check(plan: &Path, request: &str, extra: &[&str]) -> Output {
    bin()
        .arg("check")
        .arg("--request")
        .arg(request)
        .arg("--plan")
        .arg(plan)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A one-resource plan (format 1.2) creating `resource` with `after` values.
fn write_plan(dir: &Path, name: &str, resource_type: &str, after: serde_json::Value) -> PathBuf {
    let doc = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": []}},
        "resource_changes": [{
            "address": format!("{resource_type}.{name}"),
            "mode": "managed",
            "type": resource_type,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": null, "after": after,
                       "after_unknown": {"id": true}, "before_sensitive": false, "after_sensitive": {}}
        }],
        "configuration": {"provider_config": {"aws": {"name": "aws",
            "expressions": {"region": {"constant_value": "eu-west-1"}}}}},
        "complete": true, "errored": false
    });
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

fn tags() -> serde_json::Value {
    serde_json::json!({"Owner": "team", "Environment": "nonprod", "CostCenter": "CC-1"})
}

#[test]
fn approve_escalate_and_veto_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let queue = write_plan(
        dir.path(),
        "jobs",
        "aws_sqs_queue",
        serde_json::json!({"name": "nonprod-jobs", "tags": tags()}),
    );
    let o = check(&queue, "Create an SQS queue for nonprod jobs", &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("APPROVED: "), "{}", stdout(&o));

    // Over the cost threshold: escalate to finance, cured by a finance approval.
    let o = check(
        &queue,
        "Create an SQS queue for nonprod jobs",
        &["--cost", "100:1500"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("cost_threshold_approval"));
    assert!(
        out.starts_with("NEEDS APPROVAL: nothing will be applied until it has a finance approval."),
        "{out}"
    );
    assert!(out.contains("Approvals still needed once nothing is blocked: finance"));
    let o = check(
        &queue,
        "Create an SQS queue for nonprod jobs",
        &["--cost", "100:1500", "--approval", "finance"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A production SSH rule open to the world: veto.
    let rule = write_plan(
        dir.path(),
        "prod_ssh",
        "aws_security_group_rule",
        serde_json::json!({"type": "ingress", "security_group_id": "sg-1", "cidr_blocks": ["0.0.0.0/1", "128.0.0.0/1"],
                           "from_port": 22, "to_port": 22, "protocol": "tcp"}),
    );
    let o = check(
        &rule,
        "Allow SSH to the production bastion",
        &["--ticket", "CHG-1"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.starts_with("BLOCKED: "), "{out}");
    assert!(out.contains("❌ Create security group rule \"prod_ssh\": it would let anyone on the internet reach a production system"), "{out}");
    assert!(out.contains("no_public_production_access [veto] aws_security_group_rule.prod_ssh:"));
    assert!(out.contains("Decision: veto (exit code 3)"));
}

#[test]
fn ticket_cures_the_production_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = tags();
    t["Environment"] = "production".into();
    let queue = write_plan(
        dir.path(),
        "orders",
        "aws_sqs_queue",
        serde_json::json!({"name": "orders", "tags": t}),
    );
    let o = check(&queue, "Create the production orders queue", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("production_change_requires_ticket"));
    let o = check(
        &queue,
        "Create the production orders queue",
        &["--ticket", "CHG-7"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn json_output_never_leaks_sensitive_values() {
    let plan = tfplans().join("local__terraform-1.11.4__terraform-data-all-actions.json");
    // The plan file itself holds the secret in cleartext (Terraform marks it sensitive).
    assert!(std::fs::read_to_string(&plan).unwrap().contains("s3cr3t"));
    for format in ["json", "text", "sarif"] {
        let o = check(
            &plan,
            "Tidy up the terraform_data resources",
            &["--format", format],
        );
        assert!(
            matches!(o.status.code(), Some(1 | 3)),
            "{format}: {}",
            stderr(&o)
        );
        assert!(!stdout(&o).contains("s3cr3t"), "{format} leaked the secret");
        assert!(!stderr(&o).contains("s3cr3t"));
    }
    let o = check(&plan, "Tidy up", &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["policy_sha256"].as_str().unwrap().len(), 64);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"deletion_requires_confirmation"));
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let plan = tfplans().join("fugue__regula__aws-sg-ingress-anywhere.json");
    let o = check(
        &plan,
        "Create the web security groups",
        &["--format", "sarif"],
    );
    assert!(o.status.code().is_some());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "airgap-audit");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[idx]["id"], r["ruleId"],
            "ruleIndex points at its rule"
        );
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert!(r["message"]["text"].as_str().is_some());
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
    }
    assert!(results.iter().any(
        |r| r["ruleId"] == "public_exposure_requires_security_review"
            && r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                == "aws_security_group.invalid_allow_all"
    ));
}

#[test]
fn policy_file_overrides_and_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(
        dir.path(),
        "jobs",
        "aws_sqs_queue",
        serde_json::json!({"name": "jobs", "tags": {"Owner": "x"}}),
    );
    let o = check(&plan, "Create an SQS queue", &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "missing tags need human review by default"
    );
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[dispositions]\nrequired_tags = \"warn\"\n").unwrap();
    let o = check(
        &plan,
        "Create an SQS queue",
        &["--policy", policy.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("required_tags [warn]"),
        "{}",
        stdout(&o)
    );

    std::fs::write(&policy, "[cost]\nthreshhold = 5\n").unwrap();
    let o = check(
        &plan,
        "Create an SQS queue",
        &["--policy", policy.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("airgap-audit: ") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let plan = tfplans().join("hashicorp__terraform-json__moved-block.json");
    for extra in [
        vec!["--cost", "lots"],
        vec!["--approval", "Finance!"],
        vec!["--format", "xml"],
    ] {
        let o = check(&plan, "x", &extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert!(o.stdout.is_empty());
    }
    let o = check(Path::new("/nonexistent/plan.json"), "x", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn symlinked_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("plan.json");
    std::os::unix::fs::symlink(
        tfplans().join("hashicorp__terraform-json__moved-block.json"),
        &link,
    )
    .unwrap();
    let o = check(&link, "x", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("symbolic link"));
}

/// `check --format json`, parsed.
struct Checked {
    code: Option<i32>,
    decision: String,
    missing_approvals: Vec<String>,
    /// (finding id, resource address or "" for plan-wide findings)
    findings: Vec<(String, String)>,
}

fn check_json(plan: &Path, request: &str, extra: &[&str]) -> Checked {
    let o = check(plan, request, &[&["--format", "json"], extra].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}; stderr: {}", stderr(&o)));
    Checked {
        code: o.status.code(),
        decision: v["decision"].as_str().unwrap().to_string(),
        missing_approvals: v["required_approvals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
        findings: v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["resource"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect(),
    }
}

#[test]
fn terraform_made_creates_only_plan_is_approved_without_false_findings() {
    let plan = terraform_made("create-markers");
    let c = check_json(&plan, "Add the build and release marker resources", &[]);
    assert_eq!(
        (c.code, c.decision.as_str()),
        (Some(0), "approve"),
        "{:?}",
        c.findings
    );
    assert!(
        c.missing_approvals.is_empty() && c.findings.is_empty(),
        "{:?}",
        c.findings
    );
}

#[test]
fn terraform_made_replacement_and_deletion_each_need_deletion_confirmation() {
    let plan = terraform_made("replace-and-delete");
    let request = "Replace terraform_data.rotate";
    let c = check_json(&plan, request, &[]);
    assert_eq!(
        (c.code, c.decision.as_str()),
        (Some(1), "escalate"),
        "{:?}",
        c.findings
    );
    assert_eq!(c.missing_approvals, ["deletion_confirmation"]);
    let deletions: Vec<&str> = c
        .findings
        .iter()
        .filter(|(id, _)| id == "deletion_requires_confirmation")
        .map(|(_, resource)| resource.as_str())
        .collect();
    // Terraform's replacement (["delete","create"]) destroys too, not only the plain delete; the
    // no-op is not a change at all.
    assert_eq!(deletions, ["terraform_data.goner", "terraform_data.rotate"]);
    let c = check_json(&plan, request, &["--approval", "deletion_confirmation"]);
    assert_eq!((c.code, c.decision.as_str()), (Some(0), "approve"));
    assert!(c.missing_approvals.is_empty());
}

#[test]
fn terraform_made_sensitive_variable_is_never_printed() {
    let plan = terraform_made("sensitive-input");
    let secret = "example-token-0f9c2e";
    // Terraform itself writes the sensitive value in clear text in the plan.
    assert!(std::fs::read_to_string(&plan).unwrap().contains(secret));
    for format in ["text", "json", "sarif"] {
        let o = check(&plan, "Add the API client resource", &["--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(!stdout(&o).contains(secret), "{format} printed the secret");
        assert!(!stderr(&o).contains(secret), "{format} logged the secret");
    }
}

/// Each committed plan was made from the configuration beside it: the resources Terraform
/// recorded in the plan's `configuration` are exactly those `main.tf` declares, so an edited
/// `main.tf` without a remade plan (`scripts/make-example-plans.sh NAME`) fails here.
#[test]
fn terraform_made_plans_match_their_configurations() {
    let sources = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/terraform"));
    let mut names: Vec<String> = std::fs::read_dir(sources)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for name in names {
        let tf = std::fs::read_to_string(sources.join(&name).join("main.tf")).unwrap();
        let mut declared: Vec<String> = tf
            .lines()
            .filter_map(|l| l.strip_prefix("resource \""))
            .map(|rest| {
                let parts: Vec<&str> = rest.split('"').collect();
                format!("{}.{}", parts[0], parts[2])
            })
            .collect();
        declared.sort();
        let plan: serde_json::Value =
            serde_json::from_slice(&std::fs::read(terraform_made(&name)).unwrap()).unwrap();
        let mut recorded: Vec<String> = plan["configuration"]["root_module"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["address"].as_str().unwrap().to_string())
            .collect();
        recorded.sort();
        assert_eq!(declared, recorded, "examples/plans/{name}.json is stale");
        assert!(
            plan["terraform_version"].is_string(),
            "{name}: not from terraform"
        );
    }
}

/// Issue 12: on a veto, the approvals the plan would still need once the blocks are fixed are
/// stated the same way in the text and the JSON, and the change ticket is asked for one way only.
#[test]
fn a_blocked_plan_states_the_approvals_it_would_still_need_the_same_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let rule = write_plan(
        dir.path(),
        "prod_ssh",
        "aws_security_group_rule",
        serde_json::json!({"type": "ingress", "security_group_id": "sg-1", "cidr_blocks": ["0.0.0.0/0"],
                           "from_port": 22, "to_port": 22, "protocol": "tcp"}),
    );
    let request = "Allow SSH to the production bastion";
    let o = check(&rule, request, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "Once the blocks are fixed, it will still need a change ticket in the request."
        ),
        "{text}"
    );
    assert!(text.contains("Approvals still needed once nothing is blocked: change_ticket"));
    assert!(!text.contains("change_ticket approval"), "{text}");
    assert!(!text.contains("missing approvals: none"), "{text}");

    let o = check(&rule, request, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decision"], "veto");
    assert_eq!(
        v["required_approvals"],
        serde_json::json!([]),
        "normative: empty under veto"
    );
    assert_eq!(
        v["approvals_still_needed"],
        serde_json::json!(["change_ticket"])
    );
}
