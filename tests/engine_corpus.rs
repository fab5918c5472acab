/*!
The engine against the real plans in `examples/tfplans`: every plan loads and evaluates,
and specific plans yield (or must not yield) specific findings on specific resources.
*/
use std::collections::BTreeSet;
use std::path::PathBuf;

use airgap_audit::engine::change::{Action, Change};
use airgap_audit::engine::plan;
use airgap_audit::engine::{self, Assessment, CostEstimate, EngineInput, Plan, PolicySet, Request};

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tfplans"))
}

fn load(name: &str) -> Plan {
    let bytes = std::fs::read(corpus().join(name)).unwrap();
    plan::parse(&bytes, &PolicySet::default().config).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assess(plan: &Plan, request: &str, ticket: Option<&str>, approvals: &[&str]) -> Assessment {
    assess_with(plan, request, ticket, approvals, None)
}

fn assess_with(
    plan: &Plan,
    request: &str,
    ticket: Option<&str>,
    approvals: &[&str],
    cost: Option<&CostEstimate>,
) -> Assessment {
    let policy = PolicySet::default();
    let request = Request {
        text: request.to_string(),
        requested_by: None,
        change_ticket: ticket.map(str::to_string),
    };
    let approvals: BTreeSet<String> = approvals.iter().map(|s| s.to_string()).collect();
    engine::evaluate(
        &EngineInput {
            request: &request,
            plan,
            approvals: &approvals,
            cost,
            policy: &policy,
        },
        None,
    )
}

/// Addresses carrying finding `id`.
fn flagged(a: &Assessment, id: &str) -> BTreeSet<String> {
    a.findings
        .iter()
        .filter(|f| f.id == id)
        .filter_map(|f| f.resource.clone())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn change<'a>(p: &'a Plan, address: &str) -> &'a Change {
    p.changes
        .iter()
        .find(|c| c.address == address)
        .unwrap_or_else(|| panic!("no change {address}"))
}

#[test]
fn all_corpus_plans_load_and_evaluate() {
    let mut n = 0;
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let p = load(&name);
        let a = assess(&p, "Apply the planned infrastructure change", None, &[]);
        assert_eq!(a.policy_sha256, PolicySet::default().sha256, "{name}");
        assert!(!a.summary.lines.is_empty(), "{name}");
        // No plan in the corpus is errored or incomplete.
        assert!(!flagged_any(&a, "invalid_plan"), "{name}");
        n += 1;
    }
    assert_eq!(n, 41, "the corpus holds 41 plans");
}

fn flagged_any(a: &Assessment, id: &str) -> bool {
    a.findings.iter().any(|f| f.id == id)
}

#[test]
fn regula_security_groups_open_to_the_world() {
    let p = load("fugue__regula__aws-sg-ingress-anywhere.json");
    let a = assess(&p, "Create the web security groups", None, &[]);
    assert_eq!(
        flagged(&a, "public_exposure_requires_security_review"),
        set(&[
            "aws_security_group.invalid_allow_all",
            "aws_security_group.invalid_include_443",
            "aws_security_group.invalid_include_80",
            "aws_security_group.valid_exact_443",
            "aws_security_group.valid_exact_80",
        ])
    );
    assert!(flagged(&a, "no_public_production_access").is_empty());
}

#[test]
fn ebs_encrypted_false_and_unset() {
    let p = load("fugue__regula__aws-ebs-volume-encrypted.json");
    let a = assess(&p, "Create three EBS volumes", None, &[]);
    assert_eq!(
        flagged(&a, "enable_encryption_by_default"),
        set(&["aws_ebs_volume.bad", "aws_ebs_volume.missing"])
    );
    let msg = |addr: &str| {
        a.findings
            .iter()
            .find(|f| f.id == "enable_encryption_by_default" && f.resource.as_deref() == Some(addr))
            .unwrap()
            .message
            .clone()
    };
    assert!(msg("aws_ebs_volume.bad").contains("is false"));
    // Unset: Terraform marks it known only after apply, which is "cannot verify", never a pass.
    assert!(msg("aws_ebs_volume.missing").contains("cannot be verified"));
}

#[test]
fn iam_wildcard_policies_are_reported_but_not_network_findings() {
    let p = load("fugue__regula__aws-iam-admin-policy.json");
    let a = assess(&p, "Create IAM policies", None, &[]);
    assert_eq!(
        flagged(&a, "iam_wildcard_permissions"),
        set(&[
            "aws_iam_group_policy.invalid_group_policy",
            "aws_iam_policy.invalid_policy",
            "aws_iam_role_policy.invalid_role_policy",
            "aws_iam_user_policy.invalid_user_policy",
        ])
    );
    // Advisory by default: the Deny-all and ec2:Describe* policies are not flagged, and no
    // network or encryption finding is invented.
    for f in &a.findings {
        if f.id == "iam_wildcard_permissions" {
            assert_eq!(f.disposition.to_string(), "warn");
        }
        assert!(!f.id.contains("public"), "{f:?}");
    }
}

#[test]
fn azure_sql_whole_range_and_union_of_rules() {
    let p = load("fugue__regula__azure-sql-firewall-all.json");
    let a = assess(&p, "Open the SQL firewall", None, &[]);
    // invalidrule3 is 0.0.0.0–255.255.255.255 alone; invalidrule1 (0.0.0.0–10.0.17.62) and
    // invalidrule4 (10.0.17.62–255.255.255.255) cover everything together on the same server.
    // invalidrule2 is 0.0.0.0–0.0.0.0, Azure's "allow Azure services" switch, not the internet.
    assert_eq!(
        flagged(&a, "public_exposure_requires_security_review"),
        set(&[
            "azurerm_sql_firewall_rule.invalidrule1",
            "azurerm_sql_firewall_rule.invalidrule3",
            "azurerm_sql_firewall_rule.invalidrule4",
        ])
    );
}

#[test]
fn azure_nsg_rules_inline_and_standalone() {
    let p = load("fugue__regula__azure-nsg-inbound-22.json");
    let a = assess(&p, "Create the NSGs", None, &[]);
    assert_eq!(
        flagged(&a, "public_exposure_requires_security_review"),
        set(&[
            // inline rules with `*`, `0.0.0.0/0` and `Internet` sources
            "azurerm_network_security_group.invalidnsg1",
            "azurerm_network_security_group.invalidnsg2",
            "azurerm_network_security_group.validnsg1",
            // standalone rules with `*` in a list and `Any`
            "azurerm_network_security_rule.invalidrule1",
            "azurerm_network_security_rule.invalidrule2",
            "azurerm_network_security_rule.invalidrule3",
            "azurerm_network_security_rule.validrule1",
        ])
    );
}

#[test]
fn gcp_firewalls_disabled_deny_and_default_source() {
    let p = load("GoogleCloudPlatform__terraform-validator__gcp-firewall-full.json");
    let a = assess(&p, "Create the firewalls", None, &[]);
    // One allow rule is disabled, the others only deny: nothing is exposed.
    assert!(flagged(&a, "public_exposure_requires_security_review").is_empty());

    // The same plan with the allow rule enabled and its only sources removed: GCP then applies
    // 0.0.0.0/0, so it is exposed.
    let bytes = std::fs::read(
        corpus().join("GoogleCloudPlatform__terraform-validator__gcp-firewall-full.json"),
    )
    .unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    for rc in doc["resource_changes"].as_array_mut().unwrap() {
        if rc["address"] == "google_compute_firewall.full_list_default_1" {
            let after = &mut rc["change"]["after"];
            after["disabled"] = false.into();
            after["source_service_accounts"] = serde_json::json!([]);
        }
    }
    let p2 = plan::parse(
        &serde_json::to_vec(&doc).unwrap(),
        &PolicySet::default().config,
    )
    .unwrap();
    let a2 = assess(&p2, "Create the firewalls", None, &[]);
    assert_eq!(
        flagged(&a2, "public_exposure_requires_security_review"),
        set(&["google_compute_firewall.full_list_default_1"])
    );
}

#[test]
fn tainted_replacement_is_a_deletion() {
    let p = load("hashicorp__terraform-json__replace-tainted-tf115.json");
    let c = &p.changes[0];
    assert!(c.action.replaces());
    assert_eq!(c.action_reason.as_deref(), Some("replace_because_tainted"));
    let a = assess(&p, "Replace the tainted resource", None, &[]);
    let d = flagged(&a, "deletion_requires_confirmation");
    assert_eq!(d, set(&[c.address.as_str()]));
    assert!(a.findings.iter().any(|f| f.message.contains("tainted")));
    assert_eq!(a.decision.as_str(), "escalate");
    assert!(a
        .required_approvals
        .contains(&"deletion_confirmation".to_string()));
}

#[test]
fn moved_block_is_not_a_deletion() {
    let p = load("hashicorp__terraform-json__moved-block.json");
    let c = &p.changes[0];
    assert!(c.previous_address.is_some());
    assert!(!c.action.destroys());
    let a = assess(&p, "Rename the resource", None, &[]);
    assert!(flagged(&a, "deletion_requires_confirmation").is_empty());
}

#[test]
fn terraform_1_11_forget_and_sensitive() {
    let p = load("local__terraform-1.11.4__terraform-data-all-actions.json");
    let forget = change(&p, "terraform_data.forget_me");
    assert_eq!(forget.action, Action::Forget);
    assert_eq!(
        forget.action_reason.as_deref(),
        Some("delete_because_no_resource_config")
    );
    assert!(!forget.action.destroys());
    assert_eq!(
        change(&p, "terraform_data.replace_me").action,
        Action::ReplaceDestroyBeforeCreate
    );
    assert_eq!(
        change(&p, "terraform_data.new_name")
            .previous_address
            .as_deref(),
        Some("terraform_data.old_name")
    );
    let fresh = change(&p, "terraform_data.fresh");
    assert_eq!(fresh.after["input"]["secret"], "(sensitive)");
    assert_eq!(fresh.after["input"]["public"], "ok");

    let a = assess(&p, "Tidy up the terraform_data resources", None, &[]);
    assert_eq!(
        flagged(&a, "deletion_requires_confirmation"),
        set(&["terraform_data.goner", "terraform_data.replace_me"])
    );
    // The secret must not reach the assessment, the plan's changes or the Rego document.
    let text = serde_json::to_string(&a).unwrap()
        + &serde_json::to_string(&p.changes).unwrap()
        + &serde_json::to_string(&p.document).unwrap();
    assert!(!text.contains("s3cr3t"));
}

#[test]
fn full_document_for_rego_is_redacted_too() {
    let mut cfg = PolicySet::default().config;
    cfg.rego.dir = Some("rego".into());
    let bytes =
        std::fs::read(corpus().join("local__terraform-1.11.4__terraform-data-all-actions.json"))
            .unwrap();
    let p = plan::parse(&bytes, &cfg).unwrap();
    assert!(p.document_complete);
    assert!(p.document.get("planned_values").is_some());
    let text = serde_json::to_string(&p.document).unwrap();
    assert!(
        !text.contains("s3cr3t"),
        "secret leaked into the Rego input"
    );
    assert!(text.contains("(sensitive)"));
}

#[test]
fn no_op_plans_with_drift_are_not_judged_as_planned() {
    // 7 creates, one no-op that carries a delete reason, 3 drift deletions.
    let p = load("dineshba__tf-summarize__github-drift-delete.json");
    assert_eq!(p.drift.len(), 3);
    assert!(p.drift.iter().all(|d| d.action == Action::Delete));
    let a = assess(&p, "Create the repositories", None, &[]);
    assert!(flagged(&a, "deletion_requires_confirmation").is_empty());
    assert!(a
        .summary
        .lines
        .iter()
        .any(|l| l.contains("altered outside Terraform")));

    // All no-op with drift: nothing at all is judged by the built-in checks.
    for name in [
        "GoogleCloudPlatform__terraform-validator__gcp-applied-noop-drift.json",
        "fugue__regula__aws-cloudtrail-noop-drift.json",
    ] {
        let p = load(name);
        assert!(!p.drift.is_empty(), "{name}");
        assert!(p.changes.iter().all(|c| !c.action.mutates()), "{name}");
        let a = assess(&p, "Nothing to do", None, &[]);
        for id in [
            "deletion_requires_confirmation",
            "no_audit_modification",
            "required_tags",
            "public_exposure_requires_security_review",
            "enable_encryption_by_default",
        ] {
            assert!(flagged(&a, id).is_empty(), "{name}: {id}");
        }
    }
    // Terraform 1.0 wrote drift entries without an address; it is rebuilt.
    let p = load("terraform-compliance__cli__aws-lambda-eventbridge-delete.json");
    assert_eq!(p.drift.len(), 15);
    assert!(p.drift.iter().all(|d| d.address.contains('.')));
}

#[test]
fn utf16_plan_loads() {
    let raw =
        std::fs::read(corpus().join("bridgecrewio__checkov__aws-s3-utf16-windows.json")).unwrap();
    assert_eq!(&raw[..2], &[0xFF, 0xFE]);
    let p = load("bridgecrewio__checkov__aws-s3-utf16-windows.json");
    assert_eq!(p.changes.len(), 1);
    assert_eq!(p.changes[0].resource_type, "aws_s3_bucket");
}

#[test]
fn regions_from_resource_provider_alias_and_module_chain() {
    let p = load("aquasecurity__trivy__aws-s3-module-eu-west-1-tf114.json");
    assert_eq!(p.changes[0].region.as_deref(), Some("eu-west-1"));
    // Nested module providers without a region inherit their parent's.
    let p = load("infracost__infracost__aws-ec2-rds-modules-tf014.json");
    let c = change(
        &p,
        "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]",
    );
    assert_eq!(c.region.as_deref(), Some("us-east-1"));
    // A provider alias, and old-style module keys (`ec2:aws`) falling back to the root provider.
    let p = load("cycloidio__terracost__aws-ec2-elb-ebs-rds.json");
    assert_eq!(
        change(&p, "aws_instance.example").region.as_deref(),
        Some("eu-west-3")
    );
    assert_eq!(
        change(&p, "module.ec2.module.ebs.aws_ebs_volume.volume")
            .region
            .as_deref(),
        Some("eu-west-1")
    );
    // The resource's own location wins over the provider's region (europe-west2 here).
    let p = load("open-policy-agent__conftest__gcp-gke-cluster.json");
    assert!(p
        .changes
        .iter()
        .all(|c| c.region.as_deref() == Some("us-central1")));
    // A resource's own location wins.
    let p = load("fugue__regula__azure-storage-secure-transfer-westeurope.json");
    assert!(p
        .changes
        .iter()
        .any(|c| c.region.as_deref() == Some("westeurope")));
}

#[test]
fn rds_encryption_and_sensitive_password() {
    let p = load("snyk__policy-engine__aws-rds-sensitive-password.json");
    let c = &p.changes[0];
    assert_eq!(c.after["password"], "(sensitive)");
    let a = assess(&p, "Create a database", None, &[]);
    assert_eq!(
        flagged(&a, "enable_encryption_by_default"),
        set(&[c.address.as_str()])
    );
    let p = load("terraform-compliance__cli__aws-rds-cluster.json");
    let a = assess(&p, "Create a database cluster", None, &[]);
    assert_eq!(
        flagged(&a, "enable_encryption_by_default"),
        set(&["aws_rds_cluster.default"])
    );
}

#[test]
fn create_before_destroy_and_plain_deletes() {
    for (name, action) in [
        (
            "bridgecrewio__checkov__aws-secret-create-before-destroy.json",
            Action::ReplaceCreateBeforeDestroy,
        ),
        (
            "opentofu__opentofu__requires-replace.json",
            Action::ReplaceDestroyBeforeCreate,
        ),
        ("opentofu__opentofu__basic-delete.json", Action::Delete),
    ] {
        let p = load(name);
        let destroyed: BTreeSet<String> = p
            .changes
            .iter()
            .filter(|c| c.action == action)
            .map(|c| c.address.clone())
            .collect();
        assert!(!destroyed.is_empty(), "{name}");
        let a = assess(&p, "Apply", None, &[]);
        assert_eq!(
            flagged(&a, "deletion_requires_confirmation"),
            destroyed,
            "{name}"
        );
    }
}

#[test]
fn security_groups_in_for_each_modules_and_azure_module_rules() {
    let p = load("bridgecrewio__checkov__aws-sg-for-each-module-tf19.json");
    let a = assess(&p, "Create the security groups", None, &[]);
    assert_eq!(
        flagged(&a, "public_exposure_requires_security_review"),
        set(&[
            "module.sg[\"awful_example\"].aws_security_group.bad",
            "module.sg[\"bad_example\"].aws_security_group.bad",
            "module.sg[\"terrible_example\"].aws_security_group.bad",
        ])
    );
    let p = load("terraform-compliance__cli__azure-vm-modules-nsg.json");
    let a = assess(&p, "Create the VMs", None, &[]);
    assert_eq!(
        flagged(&a, "public_exposure_requires_security_review"),
        set(&[
            "module.linuxservers-fail.azurerm_network_security_rule.vm",
            "module.windowsservers-pass.azurerm_network_security_rule.vm",
        ])
    );
}

#[test]
fn creating_flow_logs_is_not_an_audit_modification() {
    let p = load("fugue__regula__aws-vpc-flow-log.json");
    assert!(p
        .changes
        .iter()
        .any(|c| c.resource_type == "aws_flow_log" && c.action == Action::Create));
    let a = assess(&p, "Create the VPCs with flow logs", None, &[]);
    assert!(flagged(&a, "no_audit_modification").is_empty());
}

#[test]
fn tags_required_on_taggable_resources_only() {
    let p = load("fugue__regula__aws-tag-all-resources.json");
    let a = assess(&p, "Create resources", None, &[]);
    let tagged = flagged(&a, "required_tags");
    for c in &p.changes {
        let taggable = c.after.get("tags").is_some() || c.after.get("labels").is_some();
        if !taggable {
            assert!(
                !tagged.contains(&c.address),
                "{} is not taggable",
                c.address
            );
        }
    }
    assert!(!tagged.is_empty());
}

#[test]
fn production_cost_and_ticket_on_a_real_plan() {
    // An in-place instance type update: mark it production via a ticket-less request and a cost.
    let p = load("cycloidio__terracost__aws-instance-type-update.json");
    let cost = CostEstimate {
        monthly_before: 100.0,
        monthly_after: 1200.0,
        currency: "USD".into(),
    };
    let a = assess_with(&p, "Resize the instances", None, &[], Some(&cost));
    assert!(flagged_any(&a, "cost_threshold_approval"));
    let under = CostEstimate {
        monthly_before: 100.0,
        monthly_after: 1100.0,
        currency: "USD".into(),
    };
    let a = assess_with(&p, "Resize the instances", None, &[], Some(&under));
    assert!(
        !flagged_any(&a, "cost_threshold_approval"),
        "exactly the threshold is not over it"
    );
}

#[test]
fn errored_plan_is_invalid_but_still_judged() {
    let bytes = std::fs::read(corpus().join("opentofu__opentofu__basic-delete.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    doc["errored"] = true.into();
    let p = plan::parse(
        &serde_json::to_vec(&doc).unwrap(),
        &PolicySet::default().config,
    )
    .unwrap();
    let a = assess(&p, "Delete it", None, &["deletion_confirmation"]);
    assert!(flagged_any(&a, "invalid_plan"));
    assert_eq!(a.decision.as_str(), "veto");
    assert!(
        !flagged(&a, "deletion_requires_confirmation").is_empty(),
        "the rest is still evaluated"
    );
}
