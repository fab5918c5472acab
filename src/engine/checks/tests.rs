//! Tests of the built-in policies: each check fires on what it guards and stays quiet otherwise.

use super::*;

#[test]
fn iam_policy_documents() {
    assert!(policy_allows_everything(
        r#"{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"}]}"#
    ));
    assert!(policy_allows_everything(
        r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":["*"]}}"#
    ));
    assert!(!policy_allows_everything(
        r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
    ));
    assert!(!policy_allows_everything(
        r#"{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}"#
    ));
    assert!(!policy_allows_everything(&"[".repeat(10_000)));
    assert!(!policy_allows_everything("not json"));
}

fn run_on(plan_json: serde_json::Value) -> Vec<Finding> {
    let policy = crate::engine::PolicySet::default();
    let plan = crate::engine::plan::parse(&serde_json::to_vec(&plan_json).unwrap(), &policy.config)
        .unwrap();
    let request = crate::engine::Request::default();
    let approvals = Default::default();
    run(&EngineInput {
        request: &request,
        plan: &plan,
        approvals: &approvals,
        cost: None,
        policy: &policy,
    })
}

fn rule(name: &str, sg: &str) -> serde_json::Value {
    serde_json::json!({
        "address": format!("aws_security_group_rule.{name}"), "mode": "managed",
        "type": "aws_security_group_rule", "name": name,
        "change": {"actions": ["create"], "before": null, "after": {
            "type": "ingress", "security_group_id": sg, "cidr_blocks": ["0.0.0.0/0"],
            "from_port": 443, "to_port": 443, "protocol": "tcp"}}
    })
}

#[test]
fn rule_environment_comes_from_its_target_group() {
    let ids_of = |fs: &[Finding]| -> Vec<(String, String)> {
        fs.iter()
            .filter(|f| f.id.contains("public"))
            .map(|f| (f.id.clone(), f.resource.clone().unwrap_or_default()))
            .collect()
    };
    // Plain rule: security review.
    let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-0a1b2c3d")]}));
    assert_eq!(
        ids_of(&f),
        vec![(
            ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW.to_string(),
            "aws_security_group_rule.web".to_string()
        )]
    );
    // A group id naming production.
    let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-prod-web")]}));
    assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
    // A group in the plan, tagged production, referenced through the configuration.
    let sg = serde_json::json!({"address": "aws_security_group.api", "mode": "managed",
            "type": "aws_security_group", "name": "api",
            "change": {"actions": ["no-op"], "before": {"id": "sg-0ffee", "tags": {"Environment": "prod"}},
                       "after": {"id": "sg-0ffee", "tags": {"Environment": "prod"}}}});
    let config = serde_json::json!({"root_module": {"resources": [{"address": "aws_security_group_rule.web",
            "expressions": {"security_group_id": {"references": ["aws_security_group.api.id", "aws_security_group.api"]}}}]}});
    let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-unknown"), sg.clone()], "configuration": config}));
    assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
    // ... or by its id.
    let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-0ffee"), sg]}));
    assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
}

#[test]
fn separate_ingress_rules_that_together_cover_everything() {
    let mut a = rule("low", "sg-0a1b");
    a["change"]["after"]["cidr_blocks"] = serde_json::json!(["0.0.0.0/1"]);
    let mut b = rule("high", "sg-0a1b");
    b["change"]["after"]["cidr_blocks"] = serde_json::json!(["128.0.0.0/1"]);
    let mut other = rule("elsewhere", "sg-0c0d");
    other["change"]["after"]["cidr_blocks"] = serde_json::json!(["128.0.0.0/1"]);
    let f = run_on(serde_json::json!({"format_version": "1.2", "resource_changes": [a, b, other]}));
    let flagged: Vec<&str> = f
        .iter()
        .filter(|f| f.id == ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW)
        .filter_map(|f| f.resource.as_deref())
        .collect();
    assert_eq!(
        flagged,
        vec![
            "aws_security_group_rule.low",
            "aws_security_group_rule.high"
        ]
    );
}

#[test]
fn a_dax_cluster_is_unencrypted_at_rest_unless_its_server_side_encryption_is_enabled() {
    let dax = |after: serde_json::Value| {
        run_on(
            serde_json::json!({"format_version": "1.2", "resource_changes": [
                crate::engine::testing::create("aws_dax_cluster.sessions", after)]}),
        )
        .iter()
        .filter(|f| f.id == ids::ENABLE_ENCRYPTION_BY_DEFAULT)
        .map(|f| f.message.clone())
        .collect::<Vec<_>>()
    };
    let base = serde_json::json!({"cluster_name": "sessions", "replication_factor": 3});
    let unset = dax(base.clone());
    assert_eq!(unset.len(), 1, "{unset:?}");
    assert!(
        unset[0].contains("`server_side_encryption.enabled` is not set"),
        "{unset:?}"
    );
    let mut off = base.clone();
    off["server_side_encryption"] = serde_json::json!([{"enabled": false}]);
    assert_eq!(dax(off).len(), 1);
    let mut on = base;
    on["server_side_encryption"] = serde_json::json!([{"enabled": true}]);
    assert!(dax(on).is_empty());
}

#[test]
fn audit_infrastructure_create_is_fine_update_is_not() {
    let log = |actions: serde_json::Value| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail", "name": "main",
            "change": {"actions": actions, "before": {"enable_logging": true}, "after": {"enable_logging": false}}}]})
    };
    let has = |fs: &[Finding]| fs.iter().any(|f| f.id == ids::NO_AUDIT_MODIFICATION);
    assert!(has(&run_on(log(serde_json::json!(["update"])))));
    assert!(has(&run_on(log(serde_json::json!(["delete"])))));
    assert!(has(&run_on(log(serde_json::json!(["delete", "create"])))));
    let mut create = log(serde_json::json!(["create"]));
    create["resource_changes"][0]["change"]["before"] = serde_json::Value::Null;
    assert!(!has(&run_on(create)));
    assert!(!has(&run_on(log(serde_json::json!(["no-op"])))));
}

#[test]
fn eu_regions() {
    let cfg = PolicyConfig::default();
    for r in [
        "eu-west-1",
        "europe-west3",
        "EU",
        "West Europe",
        "westeurope",
        "germanywestcentral",
    ] {
        assert!(region_in_eu(r, &cfg), "{r}");
    }
    for r in [
        "us-east-1",
        "US",
        "us-central1",
        "eastus",
        "asia-east1",
        "europe",
    ] {
        assert!(!region_in_eu(r, &cfg), "{r}");
    }
}

#[test]
fn tags_written_as_key_value_blocks_or_key_value_strings_count_as_tags() {
    let with_tags = |ty: &str, tags: serde_json::Value| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": format!("{ty}.x"), "mode": "managed", "type": ty, "name": "x",
            "change": {"actions": ["create"], "before": null, "after": {"name": "x", "tags": tags}}}]})
    };
    let tagged = |plan| !run_on(plan).iter().any(|f| f.id == ids::REQUIRED_TAGS);
    // MongoDB Atlas and many SaaS providers: a list of {key, value} blocks.
    assert!(tagged(with_tags(
        "mongodbatlas_advanced_cluster",
        serde_json::json!([{"key": "Owner", "value": "a"}, {"key": "Environment", "value": "dev"},
                           {"key": "CostCenter", "value": "CC-1"}])
    )));
    // DigitalOcean, Linode: a list of key:value strings.
    assert!(tagged(with_tags(
        "digitalocean_droplet",
        serde_json::json!(["owner:a", "environment=staging", "costcenter:cc-1"])
    )));
    // Bare strings carry no key: "staging" and "web" name no required tag.
    assert!(!tagged(with_tags(
        "digitalocean_droplet",
        serde_json::json!(["staging", "web", "owner:a"])
    )));
    assert!(!tagged(with_tags(
        "mongodbatlas_advanced_cluster",
        serde_json::json!([{"key": "Owner", "value": "a"}])
    )));
}

#[test]
fn a_list_of_acl_identity_tags_is_no_place_for_labels() {
    let with_tags = |tags: serde_json::Value| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": "tailscale_tailnet_key.ci", "mode": "managed", "type": "tailscale_tailnet_key", "name": "ci",
            "change": {"actions": ["create"], "before": null, "after": {"reusable": true, "tags": tags}}}]})
    };
    let flagged = |plan| run_on(plan).iter().any(|f| f.id == ids::REQUIRED_TAGS);
    // Tailscale's `tag:ci-runner` says what a device may reach; the key has no labels to lack.
    assert!(!flagged(with_tags(serde_json::json!(["tag:ci-runner"]))));
    // Mixed with key:value labels, the list is a label list and must carry the required ones.
    assert!(flagged(with_tags(serde_json::json!([
        "tag:ci-runner",
        "owner:a"
    ]))));
}

#[test]
fn tags_that_say_what_a_user_may_do_are_no_place_for_labels() {
    let plan = |t: &str, tags: serde_json::Value| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": format!("{t}.orders"), "mode": "managed", "type": t, "name": "orders",
            "change": {"actions": ["create"], "before": null, "after": {"name": "orders", "tags": tags}}}]})
    };
    let flagged = |plan| run_on(plan).iter().any(|f| f.id == ids::REQUIRED_TAGS);
    // A RabbitMQ user's tags are its management permissions ("monitoring"), empty or not.
    assert!(!flagged(plan("rabbitmq_user", serde_json::json!([]))));
    assert!(!flagged(plan(
        "rabbitmq_user",
        serde_json::json!(["monitoring"])
    )));
    // The same shape on a type whose tags are labels must carry the required ones.
    assert!(flagged(plan("digitalocean_droplet", serde_json::json!([]))));
}

#[test]
fn openstack_and_hetzner_rules_open_to_everyone_are_public_exposure() {
    let exposed = |fs: &[Finding]| -> Vec<String> {
        fs.iter()
            .filter(|f| f.id.contains("public"))
            .filter_map(|f| f.resource.clone())
            .collect()
    };
    let secgroup_rule = |name: &str, prefix: &str| {
        serde_json::json!({
            "address": format!("openstack_networking_secgroup_rule_v2.{name}"), "mode": "managed",
            "type": "openstack_networking_secgroup_rule_v2", "name": name,
            "change": {"actions": ["create"], "before": null, "after": {
                "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
                "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": prefix,
                "security_group_id": "7b1c9e2d-bastion"}}
        })
    };
    let f = run_on(
        serde_json::json!({"format_version": "1.2", "resource_changes": [
        secgroup_rule("anywhere", "0.0.0.0/0"), secgroup_rule("vendor", "198.51.100.0/24")]}),
    );
    assert_eq!(
        exposed(&f),
        vec!["openstack_networking_secgroup_rule_v2.anywhere"]
    );
    let firewall = |sources: serde_json::Value| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": "hcloud_firewall.runners", "mode": "managed", "type": "hcloud_firewall",
            "name": "runners", "change": {"actions": ["create"], "before": null, "after": {
                "name": "ci-runners", "rule": [{"direction": "in", "protocol": "tcp", "port": "22",
                    "source_ips": sources}]}}}]})
    };
    let f = run_on(firewall(serde_json::json!(["0.0.0.0/0", "::/0"])));
    assert_eq!(exposed(&f), vec!["hcloud_firewall.runners"]);
    let f = run_on(firewall(serde_json::json!(["203.0.113.0/24"])));
    assert!(exposed(&f).is_empty(), "{f:#?}");
}
