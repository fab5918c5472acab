//! Unit tests for the meaning checks: vague requests, exclusions, access levels, member counts,
//! number words, settings of updates and refactorings. Each is named for the rule it encodes.
use serde_json::{json, Value};

use super::*;

fn unclear(r: &IntentReport) -> Vec<&str> {
    r.scope
        .iter()
        .filter(|s| s.unclear)
        .map(|s| s.address.as_str())
        .collect()
}

fn creep(r: &IntentReport) -> Vec<&str> {
    r.scope
        .iter()
        .filter(|s| !s.in_scope && !s.unclear)
        .map(|s| s.address.as_str())
        .collect()
}

fn policy(doc: Value) -> Value {
    Value::String(doc.to_string())
}

#[test]
fn a_request_that_names_nothing_covers_nothing() {
    for text in [
        "Apply the changes as planned",
        "please go ahead with it",
        "",
        "do the usual",
    ] {
        let r = run(
            text,
            vec![
                create("aws_s3_bucket.data", tags("dev")),
                create("aws_instance.worker", tags("dev")),
            ],
        );
        assert_eq!(
            unclear(&r),
            vec!["aws_s3_bucket.data", "aws_instance.worker"],
            "{text:?}: {r:#?}"
        );
        assert!(ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{text:?}");
        assert!(!ids_of(&r).contains(&ids::SCOPE_CREEP), "{text:?}");
    }
}

#[test]
fn a_read_only_request_is_not_met_by_write_actions() {
    let write = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]});
    let r = run(
        "Give the analytics role read-only access to the reports bucket",
        vec![create(
            "aws_iam_role_policy.analytics_reports",
            json!({"name": "reports", "role": "analytics", "policy": policy(write)}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_iam_role_policy.analytics_reports"],
        "{r:#?}"
    );
}

#[test]
fn a_read_only_request_is_met_by_read_actions() {
    let read = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]});
    let r = run(
        "Grant the analytics role read access to the reports bucket",
        vec![create(
            "aws_iam_role_policy.analytics_reports",
            json!({"name": "reports", "role": "analytics", "policy": policy(read)}),
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_read_request_is_not_met_by_an_azure_contributor_or_a_gcp_editor() {
    let r = run(
        "Let the support group read the storage account",
        vec![create(
            "azurerm_role_assignment.support",
            json!({"role_definition_name": "Storage Account Contributor", "principal_id": "p"}),
        )],
    );
    assert_eq!(creep(&r), vec!["azurerm_role_assignment.support"], "{r:#?}");
    let r = run(
        "Grant the auditors viewer access on the project",
        vec![create(
            "google_project_iam_member.auditors",
            json!({"role": "roles/editor", "member": "group:auditors@example.com"}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_project_iam_member.auditors"],
        "{r:#?}"
    );
}

#[test]
fn a_read_only_request_is_not_met_by_kubernetes_write_verbs() {
    let r = run(
        "Create a read-only role for the dashboards in the monitoring namespace",
        vec![create(
            "kubernetes_role.dashboards",
            json!({"metadata": [{"name": "dashboards", "namespace": "monitoring"}],
                   "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": ["get", "list", "delete"]}]}),
        )],
    );
    assert_eq!(creep(&r), vec!["kubernetes_role.dashboards"], "{r:#?}");
}

#[test]
fn an_environment_the_request_excludes_is_out_of_scope() {
    let r = run(
        "Add the new logging bucket in staging, but do not touch production",
        vec![
            create("aws_s3_bucket.logs_staging", tags("staging")),
            create("aws_s3_bucket.logs_prod", tags("production")),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_s3_bucket.logs_prod"], "{r:#?}");
}

#[test]
fn a_thing_the_request_excepts_is_out_of_scope_even_when_its_kind_is_asked() {
    let r = run(
        "Delete all the dev instances except the bastion",
        vec![
            delete("aws_instance.dev_worker", tags("dev")),
            delete("aws_instance.dev_bastion", tags("dev")),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_instance.dev_bastion"], "{r:#?}");
}

#[test]
fn a_negated_verb_excludes_only_that_action() {
    let r = run(
        "Add a lifecycle rule to the dev logs bucket; don't delete the bucket",
        vec![create(
            "aws_s3_bucket_lifecycle_configuration.logs",
            json!({"bucket": "dev-logs"}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Add a lifecycle rule to the dev logs bucket; don't delete the bucket",
        vec![
            create(
                "aws_s3_bucket_lifecycle_configuration.logs",
                json!({"bucket": "dev-logs"}),
            ),
            delete(
                "aws_s3_bucket.logs",
                with(tags("dev"), json!({"bucket": "dev-logs"})),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_s3_bucket.logs"], "{r:#?}");
}

#[test]
fn a_cluster_of_n_members_is_not_met_by_more_members() {
    let r = run(
        "Create a three-node EKS node group for the dev batch jobs",
        vec![create(
            "aws_eks_node_group.batch",
            with(
                tags("dev"),
                json!({"scaling_config": [{"desired_size": 5, "min_size": 1, "max_size": 6}]}),
            ),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_eks_node_group.batch"], "{r:#?}");
    let r = run(
        "Create an MSK cluster with 3 brokers for dev events",
        vec![create(
            "aws_msk_cluster.events",
            with(tags("dev"), json!({"number_of_broker_nodes": 3})),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_dax_cache_of_n_nodes_is_counted_by_its_replication_factor() {
    let dax = |nodes: i64| {
        run(
            "Create a three-node DAX cache for the dev sessions table",
            vec![create(
                "aws_dax_cluster.sessions",
                with(tags("dev"), json!({"replication_factor": nodes})),
            )],
        )
    };
    let r = dax(5);
    assert_eq!(creep(&r), vec!["aws_dax_cluster.sessions"], "{r:#?}");
    let r = dax(3);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_cluster_of_n_members_is_missing_when_planned_with_fewer() {
    let r = run(
        "Create a Kafka cluster with six brokers for dev events",
        vec![create(
            "aws_msk_cluster.events",
            with(tags("dev"), json!({"number_of_broker_nodes": 3})),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_number_in_words_limits_the_instances_created() {
    for text in [
        "Add a pair of private subnets to the dev VPC",
        "Add two private subnets to the dev VPC",
        "Add 2 private subnets to the dev VPC",
    ] {
        let r = run(
            text,
            vec![
                create("aws_subnet.private[0]", tags("dev")),
                create("aws_subnet.private[1]", tags("dev")),
                create("aws_subnet.private[2]", tags("dev")),
            ],
        );
        assert_eq!(creep(&r), vec!["aws_subnet.private[2]"], "{text}: {r:#?}");
    }
}

#[test]
fn scale_targets_in_words_and_multiples_are_checked() {
    let asg = |before: i64, after: i64| {
        update(
            "aws_autoscaling_group.web",
            with(tags("dev"), json!({"desired_capacity": before})),
            with(tags("dev"), json!({"desired_capacity": after})),
        )
    };
    let r = run("Scale the dev web ASG from six to ten", vec![asg(6, 10)]);
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run("Scale the dev web ASG from six to ten", vec![asg(6, 12)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.web"], "{r:#?}");
    let r = run("Double the dev web ASG", vec![asg(4, 8)]);
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run("Double the dev web ASG", vec![asg(4, 16)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.web"], "{r:#?}");
    let r = run("Scale the dev web ASG down to two", vec![asg(4, 2)]);
    assert!(r.findings.is_empty(), "{r:#?}");
}

#[test]
fn a_request_to_change_one_setting_does_not_cover_other_settings() {
    let before = with(
        tags("dev"),
        json!({"name": "app", "retention_in_days": 7, "kms_key_id": "arn:aws:kms:k"}),
    );
    let r = run(
        "Raise the retention of the dev app log group to 30 days",
        vec![update(
            "aws_cloudwatch_log_group.app",
            before.clone(),
            with(before.clone(), json!({"retention_in_days": 30})),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Raise the retention of the dev app log group to 30 days",
        vec![update(
            "aws_cloudwatch_log_group.app",
            before.clone(),
            with(before, json!({"retention_in_days": 30, "kms_key_id": null})),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_cloudwatch_log_group.app"], "{r:#?}");
}

#[test]
fn a_refactoring_request_is_met_by_moves_alone() {
    let moved = json!({
        "address": "module.net.aws_vpc.main", "previous_address": "aws_vpc.main",
        "mode": "managed", "type": "aws_vpc", "name": "main",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["no-op"], "before": tags("dev"), "after": tags("dev"), "after_unknown": {}}
    });
    let r = run(
        "Refactor the network resources into a module",
        vec![moved.clone()],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        "Move the VPC into the network module",
        vec![
            moved,
            update(
                "aws_subnet.a",
                with(tags("dev"), json!({"map_public_ip_on_launch": false})),
                with(tags("dev"), json!({"map_public_ip_on_launch": true})),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_subnet.a"], "{r:#?}");
}

fn with_tags(env: &str, extra: Value) -> Value {
    with(tags(env), extra)
}

#[test]
fn a_request_for_one_database_engine_is_not_met_by_another() {
    let r = run(
        "Create a PostgreSQL database for the dev orders service",
        vec![create(
            "aws_db_instance.orders",
            with_tags("dev", json!({"engine": "mysql", "storage_encrypted": true})),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_db_instance.orders"], "{r:#?}");
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_sentence_without_a_leading_verb_still_asks_for_its_objects() {
    for text in [
        "A bucket is needed for the dev exports",
        "New S3 bucket for the dev exports",
        "The dev exports need a bucket",
    ] {
        let r = run(text, vec![create("aws_s3_bucket.exports", tags("dev"))]);
        assert!(r.findings.is_empty(), "{text}: {r:#?}");
        let r = run(text, vec![create("aws_sqs_queue.exports", tags("dev"))]);
        assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
}

#[test]
fn a_list_after_a_colon_asks_for_every_item() {
    let text = "Set up messaging for orders in dev:\n- queue order-created\n- topic order-events";
    let r = run(
        text,
        vec![
            create("aws_sqs_queue.order_created", tags("dev")),
            create("aws_sns_topic.order_events", tags("dev")),
        ],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![create("aws_sqs_queue.order_created", tags("dev"))],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_sibling_of_the_named_resource_is_another_resource() {
    let vm = |n: &str| {
        update(
            &format!("azurerm_linux_virtual_machine.{}", n.replace('-', "_")),
            with_tags("test", json!({"name": n, "size": "Standard_D2s_v5"})),
            with_tags("test", json!({"name": n, "size": "Standard_D4s_v5"})),
        )
    };
    let r = run(
        "Resize the test VM vm-app-01-test to Standard_D4s_v5",
        vec![vm("vm-app-01-test")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Resize the test VM vm-app-01-test to Standard_D4s_v5",
        vec![vm("vm-app-02-test")],
    );
    assert_eq!(
        creep(&r),
        vec!["azurerm_linux_virtual_machine.vm_app_02_test"],
        "{r:#?}"
    );
}

#[test]
fn a_rule_opening_other_ports_than_named_is_out_of_scope() {
    let rule = |n: &str, port: u64| {
        create(
            &format!("aws_security_group_rule.{n}"),
            json!({"type": "ingress", "from_port": port, "to_port": port, "protocol": "tcp",
                   "cidr_blocks": ["10.1.0.0/16"], "security_group_id": "sg-1"}),
        )
    };
    let r = run(
        "Allow TCP 8443 from 10.1.0.0/16 to the dev app security group",
        vec![rule("app_8443", 8443), rule("app_22", 22)],
    );
    assert_eq!(creep(&r), vec!["aws_security_group_rule.app_22"], "{r:#?}");
}

#[test]
fn a_grant_nobody_asked_for_is_out_of_scope() {
    let r = run(
        "Create a bucket for the dev exports",
        vec![
            create("aws_s3_bucket.exports", tags("dev")),
            create(
                "aws_iam_user_policy_attachment.contractor_admin",
                json!({"user": "contractor", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_iam_user_policy_attachment.contractor_admin"],
        "{r:#?}"
    );
}

#[test]
fn a_grant_to_everyone_is_never_implied() {
    let r = run(
        "Deploy the dev api to Cloud Run",
        vec![
            create(
                "google_cloud_run_v2_service.api",
                json!({"name": "api", "labels": {"owner": "t", "environment": "dev", "costcenter": "c"}}),
            ),
            create(
                "google_cloud_run_v2_service_iam_member.invoker",
                json!({"name": "api", "role": "roles/run.invoker", "member": "allUsers"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_cloud_run_v2_service_iam_member.invoker"],
        "{r:#?}"
    );
}

#[test]
fn naming_a_setting_outright_leaves_its_neighbours_unasked() {
    let hpa = |min: i64, max: i64| {
        json!({"metadata": [{"name": "api", "namespace": "dev"}],
               "spec": [{"min_replicas": min, "max_replicas": max}]})
    };
    let r = run(
        "Raise the max replicas of the dev api HPA to 10",
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v2.api",
            hpa(2, 5),
            hpa(2, 10),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Raise the max replicas of the dev api HPA to 10",
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v2.api",
            hpa(2, 5),
            hpa(4, 10),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["kubernetes_horizontal_pod_autoscaler_v2.api"],
        "{r:#?}"
    );
}

#[test]
fn members_added_to_a_cluster_resize_it_by_that_many() {
    let pool = |before: i64, after: i64| {
        update(
            "google_container_node_pool.default",
            json!({"name": "default", "node_count": before}),
            json!({"name": "default", "node_count": after}),
        )
    };
    let r = run(
        "Add 2 nodes to the dev GKE default node pool",
        vec![pool(3, 5)],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        "Add 2 nodes to the dev GKE default node pool",
        vec![pool(3, 7)],
    );
    assert_eq!(
        creep(&r),
        vec!["google_container_node_pool.default"],
        "{r:#?}"
    );
}

#[test]
fn a_count_that_crosses_the_target_is_more_than_asked() {
    let dep = |b: &str, a: &str| {
        update(
            "kubernetes_deployment.checkout",
            json!({"metadata": [{"name": "checkout", "namespace": "staging"}], "spec": [{"replicas": b}]}),
            json!({"metadata": [{"name": "checkout", "namespace": "staging"}], "spec": [{"replicas": a}]}),
        )
    };
    let r = run(
        "Set the staging checkout deployment to a dozen replicas",
        vec![dep("4", "12")],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        "Set the staging checkout deployment to a dozen replicas",
        vec![dep("4", "20")],
    );
    assert_eq!(creep(&r), vec!["kubernetes_deployment.checkout"], "{r:#?}");
}

#[test]
fn an_unknown_provider_is_counted_by_the_words_of_its_type() {
    let svc = |n: &str| create(&format!("pagerduty_service.{n}"), json!({"name": n}));
    let r = run(
        "Create a PagerDuty service for the checkout team",
        vec![svc("checkout")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Create a PagerDuty service for the checkout team",
        vec![svc("checkout"), svc("payments")],
    );
    assert_eq!(creep(&r), vec!["pagerduty_service.payments"], "{r:#?}");
}

#[test]
fn a_vault_policy_is_as_strong_as_its_capabilities() {
    let pol = |caps: &str| {
        create(
            "vault_policy.ci_read",
            json!({"name": "ci-read", "policy": format!("path \"secret/data/ci/*\" {{ capabilities = [{caps}] }}")}),
        )
    };
    let text = "Create a Vault policy letting the CI role read secrets under secret/ci";
    assert!(creep(&run(text, vec![pol("\"read\", \"list\"")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![pol("\"read\", \"update\", \"delete\"")])),
        vec!["vault_policy.ci_read"]
    );
}

#[test]
fn a_number_given_to_a_setting_is_the_value_it_must_end_at() {
    let hpa = |min: i64, max: i64| {
        json!({"metadata": [{"name": "api", "namespace": "staging"}],
               "spec": [{"min_replicas": min, "max_replicas": max}]})
    };
    let text = "hpa staging/api: min 4, max 12 please";
    let ok = run(
        text,
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v1.api",
            hpa(2, 6),
            hpa(4, 12),
        )],
    );
    assert!(creep(&ok).is_empty(), "{ok:#?}");
    let off = run(
        text,
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v1.api",
            hpa(2, 6),
            hpa(4, 30),
        )],
    );
    assert_eq!(
        creep(&off),
        vec!["kubernetes_horizontal_pod_autoscaler_v1.api"],
        "{off:#?}"
    );
}

#[test]
fn a_plus_sign_adds_members_to_a_group() {
    let vmss = |b: i64, a: i64| {
        update(
            "azurerm_linux_virtual_machine_scale_set.render",
            with_tags("test", json!({"name": "render", "instances": b})),
            with_tags("test", json!({"name": "render", "instances": a})),
        )
    };
    let text = "render farm (test): +1 instance on the scale set please";
    assert!(run(text, vec![vmss(4, 5)]).findings.is_empty());
    assert_eq!(
        creep(&run(text, vec![vmss(4, 7)])),
        vec!["azurerm_linux_virtual_machine_scale_set.render"]
    );
}

#[test]
fn a_service_named_by_its_own_name_is_not_met_by_another_service() {
    let svc = |n: &str| {
        update(
            &format!("google_cloud_run_v2_service.{}", n.replace('-', "_")),
            json!({"name": n, "template": [{"memory": "512Mi"}]}),
            json!({"name": n, "template": [{"memory": "1Gi"}]}),
        )
    };
    let text = "The pdf-renderer service keeps running out of memory in dev, could you raise its limit to 1 GiB?";
    assert!(creep(&run(text, vec![svc("pdf-renderer")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![svc("image-resizer")])),
        vec!["google_cloud_run_v2_service.image_resizer"]
    );
}

#[test]
fn a_thing_named_with_the_definite_article_is_the_existing_one_an_update_changes() {
    // "Give the renderer service 1Gi": the verb reads as create, but "the" points at a thing
    // that exists, and the plan updates a thing of that kind.
    let r = run(
        "Give the pdf-renderer cloud run service in dev 1Gi of memory",
        vec![update(
            "google_cloud_run_v2_service.pdf_renderer",
            with(
                tags("dev"),
                json!({"name": "pdf-renderer", "memory": "512Mi"}),
            ),
            with(
                tags("dev"),
                json!({"name": "pdf-renderer", "memory": "1Gi"}),
            ),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_thing_asked_outright_that_nothing_does_is_missing() {
    let r = run(
        "Create a bucket and a queue for the dev importer",
        vec![create(
            "aws_s3_bucket.importer",
            with(tags("dev"), json!({"bucket": "importer-dev"})),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_missing_thing_whose_name_an_unexplained_change_carries_is_unclear_not_missing() {
    // A queue named ledger-sync is asked for; no queue is created, but a change nothing else
    // explains carries that name: the words may name it in a way the analysis does not know,
    // so a person decides (neither approve nor veto).
    let r = run(
        "Create a queue named ledger-sync for the dev importer",
        vec![create(
            "aws_glue_job.ledger_sync",
            with(tags("dev"), json!({"name": "ledger-sync"})),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{r:#?}");
}

#[test]
fn a_resource_type_that_names_the_thing_asked_does_it() {
    // "Delete the instance": a database instance is destroyed.
    let r = run(
        "prod-legacy-reports is retired; delete the instance",
        vec![resource_change(
            "google_sql_database_instance.legacy_reports_prod",
            &["delete"],
            json!({"name": "prod-legacy-reports", "settings": [{"user_labels": {"environment": "production"}}]}),
            Value::Null,
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_number_of_members_without_more_is_a_target_not_an_addition() {
    let pool = |n: i64| with(tags("dev"), json!({"name": "batch", "node_count": n}));
    for text in [
        "can we get twelve nodes in the batch pool on the dev analytics cluster?",
        "the dev batch node pool needs 12 nodes",
    ] {
        let r = run(
            text,
            vec![update(
                "google_container_node_pool.batch",
                pool(8),
                pool(12),
            )],
        );
        assert!(
            !ids_of(&r).contains(&ids::MISSING_ACTION) && creep(&r).is_empty(),
            "{text}: {r:#?}"
        );
    }
    // "Add twelve nodes" is an addition: 8 -> 12 is not it.
    let r = run(
        "Add twelve nodes to the dev batch node pool",
        vec![update(
            "google_container_node_pool.batch",
            pool(8),
            pool(12),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_changed_number_that_goes_exactly_where_the_request_says_is_the_resize() {
    let deploy = |n: i64| {
        with(
            tags("staging"),
            json!({"metadata": [{"name": "search-indexer", "namespace": "staging"}], "spec": [{"replicas": n}]}),
        )
    };
    let r = run(
        "staging/search-indexer: replicas 5 -> 2",
        vec![update(
            "kubernetes_deployment_v1.search_indexer",
            deploy(5),
            deploy(2),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    let r = run(
        "staging/search-indexer: replicas 5 -> 2",
        vec![update(
            "kubernetes_deployment_v1.search_indexer",
            deploy(5),
            deploy(3),
        )],
    );
    assert!(
        ids_of(&r).contains(&ids::MISSING_ACTION) || ids_of(&r).contains(&ids::SCOPE_CREEP),
        "{r:#?}"
    );
}

#[test]
fn a_change_whose_type_names_the_thing_asked_is_it() {
    // "container" first reads as a container service; the type says storage container.
    let r = run(
        "We need an invoices-archive container inside stbillingdev01, no public access.",
        vec![create(
            "azurerm_storage_container.invoices_archive",
            json!({"name": "invoices-archive", "storage_account_name": "stbillingdev01",
                   "container_access_type": "private"}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_change_that_alone_carries_a_name_the_request_gives_is_unclear_not_out_of_scope() {
    let r = run(
        "Set up the ledgersync frobnicator for the dev importer",
        vec![create(
            "aws_glue_job.ledgersync",
            with(tags("dev"), json!({"name": "ledgersync"})),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn an_extra_change_sharing_only_the_application_name_is_still_out_of_scope() {
    // The application's name is on every change: it does not tie the IAM user to the bucket
    // request.
    let r = run(
        "Create a bucket for the dev orders service",
        vec![
            create(
                "aws_s3_bucket.orders",
                with(tags("dev"), json!({"bucket": "orders-dev"})),
            ),
            create(
                "aws_iam_user.orders_admin",
                with(tags("dev"), json!({"name": "orders-admin"})),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_iam_user.orders_admin"], "{r:#?}");
}

#[test]
fn an_existing_thing_named_in_the_request_must_be_the_one_updated() {
    let svc = |name: &str, mem: &str| {
        with(
            tags("dev"),
            json!({"name": name, "template": [{"containers": [{"resources": [{"limits": {"memory": mem}}]}]}]}),
        )
    };
    let r = run(
        "Give the pdf-renderer Cloud Run service in dev 1Gi of memory",
        vec![update(
            "google_cloud_run_v2_service.image_resizer",
            svc("image-resizer", "512Mi"),
            svc("image-resizer", "1Gi"),
        )],
    );
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
    let r = run(
        "Give the pdf-renderer Cloud Run service in dev 1Gi of memory",
        vec![update(
            "google_cloud_run_v2_service.pdf_renderer",
            svc("pdf-renderer", "512Mi"),
            svc("pdf-renderer", "1Gi"),
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_url_path_or_a_word_for_a_setting_is_not_a_resource_name() {
    let r = run(
        "Add a Cloudflare firewall rule that blocks requests to /wp-admin",
        vec![create(
            "cloudflare_ruleset.block_admin",
            json!({"name": "block admin probes", "kind": "zone", "phase": "http_request_firewall_custom",
                   "rules": [{"action": "block", "expression": "http.request.uri.path contains \"/wp-admin\""}]}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let msk = |n: i64| {
        with(
            tags("dev"),
            json!({"cluster_name": "events-dev", "number_of_broker_nodes": n}),
        )
    };
    let r = run(
        "Increase the number of broker nodes on the dev MSK cluster to six",
        vec![update("aws_msk_cluster.events", msk(3), msk(6))],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn an_excluded_part_named_by_its_own_name_is_out_of_scope() {
    let pool = |name: &str, v: &str| {
        with(
            tags("dev"),
            json!({"name": name, "cluster": "ml-dev", "version": v, "node_count": 3}),
        )
    };
    for text in [
        "Upgrade the node pools of the dev ML cluster to 1.29, except the gpu pool",
        "dev ml cluster: bump all node pools to 1.29 but leave the gpu pool alone",
        "Upgrade the dev ML cluster's node pools to 1.29. Do not touch the GPU pool.",
        // The cluster is named; the pools point at it by their unchanged `cluster` value.
        "Please move every node pool on ml-dev to version 1.29 apart from gpu",
    ] {
        let r = run(
            text,
            vec![
                update(
                    "google_container_node_pool.cpu",
                    pool("cpu", "1.28"),
                    pool("cpu", "1.29"),
                ),
                update(
                    "google_container_node_pool.gpu",
                    pool("gpu", "1.28"),
                    pool("gpu", "1.29"),
                ),
            ],
        );
        assert_eq!(
            creep(&r),
            vec!["google_container_node_pool.gpu"],
            "{text}: {r:#?}"
        );
    }
    // A name shared with the excluded phrase does not exclude a thing of another kind.
    let r = run(
        "Open 443 on the dev web security group but do not touch the web instances",
        vec![create(
            "aws_security_group_rule.web_https",
            json!({"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
                   "cidr_blocks": ["10.0.0.0/16"], "security_group_id": "sg-web"}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn an_update_named_in_the_request_that_changes_only_the_settings_it_names_is_asked_for() {
    let bucket = |versioning: bool, pap: &str| {
        json!({"name": "acme-dev-raw-events", "labels": {"environment": "dev"},
               "versioning": [{"enabled": versioning}], "public_access_prevention": pap})
    };
    let r = run(
        "acme-dev-raw-events: versioning on please",
        vec![update(
            "google_storage_bucket.raw_events",
            bucket(false, "enforced"),
            bucket(true, "enforced"),
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(
        "acme-dev-raw-events: versioning on please",
        vec![update(
            "google_storage_bucket.raw_events",
            bucket(false, "enforced"),
            bucket(true, "inherited"),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_storage_bucket.raw_events"],
        "{r:#?}"
    );
}

#[test]
fn allow_asks_for_network_access_only_when_its_clause_speaks_of_traffic() {
    let traffic = request::parse("Allow HTTPS from the office range to the dev web servers");
    assert!(traffic
        .items
        .iter()
        .any(|i| i.kind_category() == Some(cat::NETWORK_ACCESS)));
    let plain =
        request::parse("Could the api HPA in staging allow between four and twelve replicas?");
    assert!(
        !plain.items.iter().any(|i| i.phrase == "network access"),
        "{:?}",
        plain.items
    );
}

#[test]
fn a_thing_the_request_names_that_is_a_setting_of_what_the_plan_creates_is_done() {
    let r = run(
        "Create a GKE Autopilot cluster for the dev ML team, private nodes",
        vec![create(
            "google_container_cluster.ml_dev",
            json!({"name": "ml-dev", "enable_autopilot": true, "resource_labels": {"environment": "dev"},
                   "private_cluster_config": [{"enable_private_nodes": true}]}),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

fn parsed(text: &str) -> request::Asked {
    request::parse(text)
}

fn primary_kinds(a: &request::Asked) -> Vec<&'static str> {
    a.items
        .iter()
        .filter(|i| i.primary)
        .map(|i| i.kind_name())
        .collect()
}

#[test]
fn an_ingress_with_no_port_or_source_is_a_thing_not_traffic() {
    for text in [
        "feedback on staging k8s:\n- namespace feedback\n- ClusterIP service\n- ingress (internal)",
        "payments app on the dev cluster: namespace, deployment, ingress",
    ] {
        let a = parsed(text);
        assert!(
            a.items.iter().all(|i| i.class != VerbClass::Allow),
            "{text:?}: {:#?}",
            a.items
        );
    }
    // With a port or a source it is traffic.
    let a = parsed("web tier: ingress on 443 from 10.0.0.0/8");
    assert!(
        a.items.iter().any(|i| i.class == VerbClass::Allow),
        "{a:#?}"
    );
}

#[test]
fn a_count_in_brackets_counts_the_members_not_the_thing() {
    let a = parsed("create a deployment (2 replicas) for the api");
    let deployment = a
        .items
        .iter()
        .find(|i| i.kind_name() == "deployment")
        .expect("a deployment item");
    assert_eq!(deployment.count, Some(1), "{a:#?}");
}

#[test]
fn what_someone_is_let_read_is_what_the_access_is_on_not_things_to_create() {
    let a = parsed("Let the ci-bot service account read pods, deployments and logs in payments");
    assert!(
        a.items
            .iter()
            .filter(|i| i.primary)
            .all(|i| i.kind_category() == Some(cat::IAM)),
        "{:#?}",
        a.items
    );
    // A later clause with a verb of its own is asked for itself.
    let a = parsed("Let the analysts read the reports bucket. Also create a dashboard.");
    assert!(primary_kinds(&a).contains(&"dashboard"), "{a:#?}");
}

#[test]
fn reading_from_a_thing_is_access_not_traffic() {
    let a = parsed("Let the payments API managed identity read secrets from kv-payments-test");
    assert!(
        a.items
            .iter()
            .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
        "{a:#?}"
    );
    assert!(a.items.iter().all(|i| i.class != VerbClass::Allow));
}

#[test]
fn names_listed_after_named_are_names_of_the_same_things() {
    let a = parsed(
        "provision one namespace and two event hubs named device-telemetry and device-alerts",
    );
    assert!(
        !a.items.iter().any(|i| i.kind_name() == "monitoring"),
        "device-alerts is a name: {a:#?}"
    );
    // A determiner starts another thing.
    let a = parsed("create a queue named orders and a topic named events");
    assert_eq!(primary_kinds(&a), vec!["queue", "topic"]);
}

#[test]
fn a_thing_named_before_a_colon_is_counted_by_the_list_after_it() {
    let a =
        parsed("In dev we need pubsub for refunds: the topic, one subscription and a DLQ topic.");
    let topics: u32 = a
        .items
        .iter()
        .filter(|i| i.primary && i.kind_name() == "topic")
        .filter_map(|i| i.count)
        .sum();
    assert_eq!(topics, 2, "{a:#?}");
    // A thing before a colon that the list does not name again keeps its count.
    let a = parsed("Create a VPC with: two subnets and a NAT gateway");
    let vpc = a.items.iter().find(|i| i.primary).expect("the VPC");
    assert_eq!(vpc.count, Some(1), "{a:#?}");
}

#[test]
fn a_level_of_access_with_no_verb_asks_for_a_grant() {
    for text in [
        "Auditors group: read-only access to blobs in stexportsdev01",
        "finance analysts should be able to query (read only) finance_marts in acme-analytics-dev",
        "finance analysts: viewer role on the finance_marts dataset",
    ] {
        let a = parsed(text);
        assert!(
            a.items
                .iter()
                .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
            "{text:?}: {:#?}",
            a.items
        );
    }
}

#[test]
fn access_refused_or_given_as_a_reason_is_not_asked() {
    for text in [
        "reports bucket in dev, nobody outside finance should be able to read it",
        "a bucket for the exports; the vendor must not be able to write to it",
    ] {
        let a = parsed(text);
        assert!(
            !a.items
                .iter()
                .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
            "{text:?}: {:#?}",
            a.items
        );
    }
}

#[test]
fn a_role_written_as_one_word_gives_the_level_asked() {
    let words = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
    assert_eq!(
        access::asked_level(&words("bq finance marts dataviewer for group finance")),
        Some(access::Level::Read)
    );
    assert_eq!(
        access::asked_level(&words("make them dbadmin on the cluster")),
        Some(access::Level::Admin)
    );
    assert_eq!(
        access::asked_level(&words(
            "analysts should be able to query but not change the dataset"
        )),
        Some(access::Level::Read)
    );
    // "user" alone is a person, not a role.
    assert_eq!(access::asked_level(&words("the user wants a bucket")), None);
}

fn k8s_role(address: &str, name: &str, verbs: &[&str]) -> Value {
    create(
        address,
        json!({"metadata": [{"name": name, "namespace": "payments"}],
               "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": verbs}]}),
    )
}

fn k8s_binding(address: &str, name: &str, role: &str, subject: &str) -> Value {
    create(
        address,
        json!({"metadata": [{"name": name, "namespace": "payments"}],
               "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": role}],
               "subject": [{"kind": "ServiceAccount", "name": subject, "namespace": "payments"}]}),
    )
}

/// The role "ci-reader" with these verbs on pods, bound to one service account.
fn ci_reader(verbs: &[&str], bound_to: &str) -> Vec<Value> {
    vec![
        k8s_role("kubernetes_role_v1.ci_reader", "ci-reader", verbs),
        k8s_binding(
            "kubernetes_role_binding_v1.ci_reader",
            "ci-reader",
            "ci-reader",
            bound_to,
        ),
    ]
}

#[test]
fn a_binding_grants_what_the_role_it_binds_in_the_same_plan_allows() {
    let text = "Please give ci-bot read access to pods in the payments namespace";
    let read = run(text, ci_reader(&["get", "list", "watch"], "ci-bot"));
    assert!(
        creep(&read).is_empty() && unclear(&read).is_empty(),
        "{read:#?}"
    );
    let write = run(text, ci_reader(&["get", "list", "delete"], "ci-bot"));
    assert!(
        creep(&write).contains(&"kubernetes_role_binding_v1.ci_reader"),
        "{write:#?}"
    );
}

#[test]
fn a_role_bound_to_the_named_grantee_is_not_a_sibling_of_it() {
    let text = "ci-bot needs read-only RBAC (get/list/watch) on pods in payments";
    // "ci-reader" and "ci-bot" look alike, but the binding names both: the role serves ci-bot.
    let r = run(text, ci_reader(&["get", "list", "watch"], "ci-bot"));
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Bound to someone else, it is not what was asked.
    let r = run(text, ci_reader(&["get", "list", "watch"], "ci-admin"));
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
}

fn bq_member(role: &str, member: &str) -> Value {
    create(
        "google_bigquery_dataset_iam_member.analysts",
        json!({"dataset_id": "finance_marts", "project": "acme-analytics-dev",
               "role": role, "member": member}),
    )
}

#[test]
fn a_grant_to_someone_the_request_does_not_name_needs_a_person() {
    let text = "finance analysts should be able to query (read only) finance_marts";
    let asked = run(
        text,
        vec![bq_member(
            "roles/bigquery.dataViewer",
            "group:finance-analysts@acme.example",
        )],
    );
    assert!(
        creep(&asked).is_empty() && unclear(&asked).is_empty(),
        "{asked:#?}"
    );
    let other = run(
        text,
        vec![bq_member(
            "roles/bigquery.dataViewer",
            "group:marketing@acme.example",
        )],
    );
    assert_eq!(
        unclear(&other),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{other:#?}"
    );
}

#[test]
fn a_data_owner_role_is_admin_access() {
    let r = run(
        "Grant the finance-analysts group read access to the finance_marts BigQuery dataset",
        vec![bq_member(
            "roles/bigquery.dataOwner",
            "group:finance-analysts@acme.example",
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{r:#?}"
    );
}

#[test]
fn admin_access_when_no_level_is_asked_needs_a_person() {
    let r = run(
        "finance analysts need access to the finance_marts dataset",
        vec![bq_member(
            "roles/bigquery.admin",
            "group:finance-analysts@acme.example",
        )],
    );
    assert_eq!(
        unclear(&r),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{r:#?}"
    );
}

#[test]
fn a_type_two_counted_kinds_share_is_counted_for_the_kind_its_name_ends_in() {
    let ns = create(
        "azurerm_eventhub_namespace.telemetry",
        json!({"name": "evhns-telemetry-test", "sku": "Standard"}),
    );
    let hub = |a: &str, n: &str| create(a, json!({"name": n, "partition_count": 2}));
    let r = run(
        "Please provision Event Hubs (test) - one namespace, and two event hubs named device-telemetry and device-alerts.",
        vec![
            ns.clone(),
            hub("azurerm_eventhub.device_telemetry", "device-telemetry"),
            hub("azurerm_eventhub.device_alerts", "device-alerts"),
        ],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A third hub is still one more than asked.
    let r = run(
        "Please provision Event Hubs (test) - one namespace, and two event hubs named device-telemetry and device-alerts.",
        vec![
            ns,
            hub("azurerm_eventhub.device_telemetry", "device-telemetry"),
            hub("azurerm_eventhub.device_alerts", "device-alerts"),
            hub("azurerm_eventhub.device_debug", "device-debug"),
        ],
    );
    assert!(!creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn one_named_thing_is_the_one_carrying_every_word_it_is_named_by() {
    let monitor = |svc: &str, critical: &str| {
        json!({"name": format!("[staging] {svc} CPU high"), "type": "metric alert",
               "query": format!("avg(last_10m):avg:system.cpu.user{{env:staging,service:{svc}}} > {critical}"),
               "monitor_thresholds": [{"critical": critical, "warning": "70"}]})
    };
    let change = |svc: &str| {
        update(
            &format!("datadog_monitor.{svc}_cpu"),
            monitor(svc, "80"),
            monitor(svc, "90"),
        )
    };
    let r = run(
        "Raise the critical threshold of the staging web CPU monitor to 90",
        vec![change("web"), change("api")],
    );
    assert_eq!(creep(&r), vec!["datadog_monitor.api_cpu"], "{r:#?}");
    // "The web CPU alert" with no count is one alert too.
    for request in [
        "The web CPU alert in staging is too noisy; bump its critical to 90",
        "Raise the critical threshold on the web CPU monitor to 90",
    ] {
        let r = run(request, vec![change("web"), change("api")]);
        assert_eq!(
            creep(&r),
            vec!["datadog_monitor.api_cpu"],
            "{request}: {r:#?}"
        );
        let r = run(request, vec![change("web")]);
        assert!(clean(&r), "{request}: {r:#?}");
    }
    // Asked for several, every one that carries a word of the request is one of them.
    let r = run(
        "Raise the critical threshold of the staging CPU monitors to 90",
        vec![change("web"), change("api")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_value_turned_into_another_after_a_colon_changes_the_thing_named_before_it() {
    let downsize = portal_plan_downsized;
    let request = "portal app service plans: P1v3 -> P0v3 for dev and test; leave prod alone";
    let r = run(request, vec![downsize("dev"), downsize("test")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(
        request,
        vec![downsize("dev"), downsize("test"), downsize("prod")],
    );
    assert_eq!(
        creep(&r),
        vec!["azurerm_service_plan.portal_prod"],
        "{r:#?}"
    );
}

fn config_map_update(name: &str) -> Value {
    let map = |level: &str| {
        json!({"metadata": [{"name": name, "namespace": "staging"}],
               "data": {"LOG_LEVEL": level, "FEATURE_NEW_CART": "false"}})
    };
    update(
        &format!("kubernetes_config_map_v1.{}", name.replace('-', "_")),
        map("info"),
        map("debug"),
    )
}

#[test]
fn a_key_written_in_capitals_is_a_setting_not_a_thing() {
    // "LOG_LEVEL" names a key of the map, not a log to change.
    let request = "change LOG_LEVEL to debug in the cart-config configmap (staging)";
    let r = run(request, vec![config_map_update("cart-config")]);
    assert!(clean(&r), "{request}: {r:#?}");
}

#[test]
fn a_heading_that_only_says_where_opens_no_list_to_create() {
    // "staging:" says where; the config map after it is what the change acts on, not a new one.
    let request = "staging: cart-config configmap, change LOG_LEVEL to debug";
    let r = run(request, vec![config_map_update("cart-config")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![config_map_update("checkout-config")]);
    assert_eq!(
        creep(&r),
        vec!["kubernetes_config_map_v1.checkout_config"],
        "{r:#?}"
    );
}

#[test]
fn things_a_request_lists_after_with_are_asked_for_and_bring_what_they_need() {
    let staging = |extra: Value| with(tags("staging"), extra);
    let plan = || {
        vec![
            create(
                "aws_vpc.main",
                staging(json!({"cidr_block": "10.0.0.0/16"})),
            ),
            create(
                "aws_subnet.private",
                staging(json!({"cidr_block": "10.0.1.0/24"})),
            ),
            create("aws_lb.app", staging(json!({"internal": true}))),
            create(
                "aws_db_instance.bookings",
                staging(json!({"engine": "postgres", "storage_encrypted": true})),
            ),
            // What the database needs: its own key and the secret holding its password.
            create(
                "aws_kms_key.db",
                staging(json!({"description": "bookings db"})),
            ),
            create(
                "aws_secretsmanager_secret.db_password",
                staging(json!({"name": "bookings-db"})),
            ),
        ]
    };
    let request = "Build the staging platform: a VPC with private subnets, an internal load balancer and a Postgres database";
    let r = run(request, plan());
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A thing none of them needs is still out.
    let mut extra = plan();
    extra.push(create(
        "aws_sqs_queue.jobs",
        staging(json!({"name": "jobs"})),
    ));
    let r = run(request, extra);
    assert_eq!(creep(&r), vec!["aws_sqs_queue.jobs"], "{r:#?}");
}

#[test]
fn public_subnets_asked_for_make_the_internet_gateway_part_of_the_network() {
    let staging = |extra: Value| with(tags("staging"), extra);
    let plan = vec![
        create(
            "aws_vpc.main",
            staging(json!({"cidr_block": "10.0.0.0/16"})),
        ),
        create(
            "aws_subnet.public",
            staging(json!({"cidr_block": "10.0.0.0/24", "map_public_ip_on_launch": true})),
        ),
        create(
            "aws_subnet.private",
            staging(json!({"cidr_block": "10.0.1.0/24"})),
        ),
        create("aws_internet_gateway.main", staging(json!({}))),
    ];
    let r = run(
        "Create a staging VPC with public and private subnets",
        plan.clone(),
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Private subnets alone need no way in from the internet.
    let r = run("Create a staging VPC with private subnets only", plan);
    assert!(creep(&r).contains(&"aws_internet_gateway.main"), "{r:#?}");
}

#[test]
fn an_address_reserved_inside_the_network_is_not_internet_facing() {
    let dev = json!({"labels": {"env": "dev"}});
    let range = |address_type: &str| {
        create(
            "google_compute_global_address.sql_private_range",
            with(
                dev.clone(),
                json!({"name": "sql-private-range", "address_type": address_type,
                "prefix_length": 16}),
            ),
        )
    };
    let sql = || {
        create(
            "google_sql_database_instance.inventory",
            with(
                dev.clone(),
                json!({"name": "dev-inventory", "database_version": "POSTGRES_15",
                "settings": [{"tier": "db-custom-2-7680", "ip_configuration": [{"ipv4_enabled": false}]}]}),
            ),
        )
    };
    let request =
        "Create a Cloud SQL for PostgreSQL instance for the dev inventory service, private IP only";
    let r = run(request, vec![sql(), range("INTERNAL")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(request, vec![sql(), range("EXTERNAL")]);
    assert_eq!(
        creep(&r),
        vec!["google_compute_global_address.sql_private_range"],
        "{r:#?}"
    );
}

#[test]
fn deleting_what_a_thing_holds_after_an_age_is_a_setting_of_that_thing() {
    let bucket = |rules: Value| {
        json!({"name": "acme-dev-raw-events", "location": "EU", "labels": {"env": "dev"},
               "lifecycle_rule": rules})
    };
    let expire_after_30_days = || {
        update(
            "google_storage_bucket.raw_events",
            bucket(json!([])),
            bucket(json!([{"action": [{"type": "Delete"}], "condition": [{"age": 30}]}])),
        )
    };
    let request =
        "Objects in acme-dev-raw-events should be deleted automatically after thirty days";
    let r = run(request, vec![expire_after_30_days()]);
    assert!(clean(&r), "{request}: {r:#?}");
    // Another bucket whose name is patterned like the one asked is not it.
    let r = run(
        request,
        vec![update(
            "google_storage_bucket.curated_events",
            json!({"name": "acme-dev-curated-events", "labels": {"env": "dev"}, "lifecycle_rule": []}),
            json!({"name": "acme-dev-curated-events", "labels": {"env": "dev"},
                   "lifecycle_rule": [{"action": [{"type": "Delete"}], "condition": [{"age": 30}]}]}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_storage_bucket.curated_events"],
        "{r:#?}"
    );
    // Deleting the bucket itself is not what was asked: never in scope.
    let r = run(
        request,
        vec![delete(
            "google_storage_bucket.raw_events",
            bucket(json!([])),
        )],
    );
    assert!(
        r.scope.iter().all(|s| !s.in_scope) && !r.findings.is_empty(),
        "{r:#?}"
    );
}

#[test]
fn a_modal_verb_is_not_a_name() {
    let tagged = |name: &str| {
        let bucket = |cost: Option<&str>| {
            let mut tags = json!({"Environment": "staging", "Owner": "web"});
            if let Some(c) = cost {
                tags["CostCenter"] = json!(c);
            }
            json!({"bucket": name, "tags": tags})
        };
        update(
            &format!("aws_s3_bucket.{}", name.replace('-', "_")),
            bucket(None),
            bucket(Some("CC-1100")),
        )
    };
    let request = "only the staging buckets should get the cost centre tag (CostCenter = CC-1100)";
    let r = run(
        request,
        vec![tagged("staging-assets"), tagged("staging-uploads")],
    );
    assert!(
        creep(&r).is_empty() && unclear(&r).is_empty(),
        "{request}: {r:#?}"
    );
}

#[test]
fn a_machine_type_given_as_a_setting_is_not_one_more_machine() {
    let vm = |i: u32| {
        create(
            &format!("google_compute_instance.batch[{i}]"),
            json!({"name": format!("batch-worker-{i}"), "machine_type": "n2-standard-4",
                   "zone": "europe-west1-b", "labels": {"env": "dev"}}),
        )
    };
    let request = "provision three batch worker vms in dev on GCE, machine type n2-standard-4";
    let r = run(request, vec![vm(0), vm(1), vm(2)]);
    assert!(
        creep(&r).is_empty() && ids_of(&r).is_empty(),
        "{request}: {r:#?}"
    );
    let r = run(request, vec![vm(0), vm(1), vm(2), vm(3)]);
    assert!(!creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_pronoun_object_is_the_thing_the_stretch_before_it_names() {
    let account = |name: &str| {
        delete(
            &format!("azurerm_storage_account.{name}"),
            json!({"name": name, "location": "westeurope", "tags": {"environment": "dev"}}),
        )
    };
    let request = "acmescratchdev01 (dev) isn't used anymore, remove it";
    let r = run(request, vec![account("acmescratchdev01")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![account("acmeledgerdev01")]);
    assert!(r.scope.iter().all(|s| !s.in_scope), "{r:#?}");
}

#[test]
fn a_new_thing_is_one_to_create_even_of_a_kind_no_table_lists() {
    let warehouse = create(
        "snowflake_warehouse.bi_dev",
        json!({"name": "BI_DEV", "warehouse_size": "x-small"}),
    );
    let request = "new snowflake warehouse (x-small) for bi dev";
    let r = run(request, vec![warehouse.clone()]);
    assert!(clean(&r), "{request}: {r:#?}");
    // Without "new" nothing says what to do with it.
    let r = run("snowflake warehouse (x-small) for bi dev", vec![warehouse]);
    assert!(!unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_plus_sign_joins_two_things() {
    let test_env = json!({"location": "westeurope", "tags": {"environment": "test"}});
    let r = run(
        "please provision storage + key vault (Azure) for docs service, test env",
        vec![
            create(
                "azurerm_storage_account.docs",
                with(test_env.clone(), json!({"name": "stdocstest01"})),
            ),
            create(
                "azurerm_key_vault.docs",
                with(test_env, json!({"name": "kv-docs-test"})),
            ),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_tool_word_and_a_chart_version_add_no_things() {
    let release = create(
        "helm_release.ingress_nginx",
        json!({"name": "ingress-nginx", "chart": "ingress-nginx", "version": "4.10.1",
               "namespace": "ingress-nginx"}),
    );
    let request = "please helm install ingress nginx (chart 4.10.1) on staging";
    let r = run(request, vec![release]);
    assert!(clean(&r), "{request}: {r:#?}");
}

#[test]
fn a_bracketed_environment_says_where_not_what() {
    let resize = |name: &str| {
        let vm = |size: &str| {
            json!({"name": name, "size": size, "location": "westeurope",
                   "tags": {"environment": "test"}})
        };
        update(
            &format!("azurerm_linux_virtual_machine.{}", name.replace('-', "_")),
            vm("Standard_D2s_v5"),
            vm("Standard_D4s_v5"),
        )
    };
    let request = "Please upgrade vm-app-01-test (test environment) to the D4s v5 size";
    let r = run(request, vec![resize("vm-app-01-test")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![resize("vm-app-02-test")]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_linux_virtual_machine.vm_app_02_test"],
        "{r:#?}"
    );
}

#[test]
fn a_thing_that_should_be_in_a_state_is_changed_not_made() {
    let account = |replication: &str| {
        json!({"name": "stmediatest01", "account_replication_type": replication,
               "tags": {"environment": "test"}})
    };
    let request =
        "The test media storage account should be zone redundant rather than locally redundant.";
    let r = run(
        request,
        vec![update(
            "azurerm_storage_account.media",
            account("LRS"),
            account("ZRS"),
        )],
    );
    assert!(
        creep(&r).is_empty() && !ids_of(&r).contains(&ids::MISSING_ACTION),
        "{request}: {r:#?}"
    );
    // "should be deleted" still asks for a deletion.
    let r = run("The old scratch bucket should be deleted", vec![]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn an_app_service_plan_is_named_by_its_own_words() {
    let plan = portal_plan_downsized;
    let request =
        "Downsize the portal App Service plans to P0v3 in every environment except production";
    let r = run(request, vec![plan("dev"), plan("test")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![plan("dev"), plan("test"), plan("prod")]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_service_plan.portal_prod"],
        "{r:#?}"
    );
}

#[test]
fn a_machine_size_other_than_the_one_named_needs_a_person() {
    let bastion = |size: &str| {
        create(
            "aws_instance.bastion",
            with(
                tags("staging"),
                json!({"instance_type": size, "ami": "ami-1"}),
            ),
        )
    };
    let request = "create a t3.small instance for the staging bastion";
    let r = run(request, vec![bastion("t3.small")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![bastion("m5.4xlarge")]);
    assert_eq!(unclear(&r), vec!["aws_instance.bastion"], "{r:#?}");
    assert!(ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{r:#?}");
}

#[test]
fn a_number_a_network_verb_opens_is_a_port() {
    let rule = |name: &str, port: u32| {
        create(
            &format!("aws_security_group_rule.{name}"),
            json!({"type": "ingress", "from_port": port, "to_port": port, "protocol": "tcp",
                   "cidr_blocks": ["203.0.113.0/24"], "security_group_id": "sg-web"}),
        )
    };
    let request = "open 443 on the staging web security group to the office range 203.0.113.0/24";
    let r = run(request, vec![rule("https", 443)]);
    assert!(creep(&r).is_empty(), "{request}: {r:#?}");
    let r = run(request, vec![rule("https", 443), rule("ssh", 22)]);
    assert_eq!(creep(&r), vec!["aws_security_group_rule.ssh"], "{r:#?}");
}

#[test]
fn a_thing_of_another_kind_beside_the_one_asked_needs_the_plan_to_tie_them() {
    let queue = || {
        create(
            "aws_sqs_queue.orders",
            with(tags("staging"), json!({"name": "staging-orders"})),
        )
    };
    let topic = |extra: Value| {
        create(
            "aws_sns_topic.orders_events",
            with(
                tags("staging"),
                with(json!({"name": "staging-orders-events"}), extra),
            ),
        )
    };
    let request = "create an SQS queue for staging orders";
    // An SNS topic is messaging too, but nothing says it serves the queue.
    let r = run(request, vec![queue(), topic(json!({}))]);
    assert_eq!(unclear(&r), vec!["aws_sns_topic.orders_events"], "{r:#?}");
    assert!(ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{r:#?}");
    // Named by the request, it is asked for.
    let r = run(
        "create an SQS queue and an SNS topic for staging orders",
        vec![queue(), topic(json!({}))],
    );
    assert!(unclear(&r).is_empty() && creep(&r).is_empty(), "{r:#?}");
    // A part of the thing asked needs no tie: the subnets of a network segment.
    let subnet = |n: &str| {
        create(
            &format!("aws_subnet.{n}"),
            with(
                tags("staging"),
                json!({"vpc_id": "vpc-0abc", "cidr_block": "10.1.1.0/24"}),
            ),
        )
    };
    let r = run(
        "Create a staging network segment for the batch jobs",
        vec![
            create(
                "aws_vpc.batch",
                with(tags("staging"), json!({"cidr_block": "10.1.0.0/16"})),
            ),
            subnet("a"),
            subnet("b"),
        ],
    );
    assert!(unclear(&r).is_empty() && creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn being_able_to_list_is_read_access() {
    let role = |verbs: Value| {
        create(
            "kubernetes_role_v1.ci_reader",
            json!({"metadata": [{"name": "ci-reader", "namespace": "staging"}],
                   "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": verbs}]}),
        )
    };
    let request = "ci needs to be able to list pods in staging";
    let r = run(request, vec![role(json!(["get", "list", "watch"]))]);
    assert!(creep(&r).is_empty(), "{request}: {r:#?}");
    let r = run(request, vec![role(json!(["get", "list", "delete"]))]);
    assert_eq!(creep(&r), vec!["kubernetes_role_v1.ci_reader"], "{r:#?}");
}

#[test]
fn a_rename_that_writes_out_terraform_addresses_is_a_refactoring() {
    let bucket = |acl: &str| with(tags("staging"), json!({"bucket": "acme-logs", "acl": acl}));
    let r = run(
        "rename aws_s3_bucket.logs to aws_s3_bucket.access_logs, no other changes",
        vec![update(
            "aws_s3_bucket.access_logs",
            bucket("private"),
            bucket("public-read"),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_s3_bucket.access_logs"], "{r:#?}");
}

#[test]
fn a_version_other_than_the_one_spelled_out_is_not_what_was_asked() {
    let request = "upgrade cert-manager to v1.15.1 on staging";
    let r = run(request, vec![cert_manager_upgrade("v1.15.1")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![cert_manager_upgrade("v1.16.0")]);
    assert_eq!(creep(&r), vec!["helm_release.cert_manager"], "{r:#?}");
    // Installed by name, whatever kind "cert" suggests.
    let r = run(
        "install cert-manager v1.15.1 via helm on staging",
        vec![create(
            "helm_release.cert_manager",
            cert_manager_release("v1.15.1"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn everywhere_but_a_place_excludes_that_place() {
    let plan = portal_plan_downsized;
    let request =
        "Please drop the portal's app service plan SKU to P0v3 everywhere but production.";
    let r = run(request, vec![plan("dev"), plan("test"), plan("prod")]);
    assert!(
        creep(&r).contains(&"azurerm_service_plan.portal_prod"),
        "{r:#?}"
    );
    assert!(
        !creep(&r).contains(&"azurerm_service_plan.portal_dev"),
        "{r:#?}"
    );
}

#[test]
fn an_arrow_between_two_things_with_network_detail_is_traffic_between_them() {
    let rule = create(
        "google_compute_firewall.nonprod_metrics_9090",
        json!({"name": "nonprod-gke-to-metrics-9090", "network": "nonprod-vpc",
               "direction": "INGRESS", "source_ranges": ["10.20.0.0/16"],
               "allow": [{"protocol": "tcp", "ports": ["9090"]}],
               "target_tags": ["metrics"]}),
    );
    let request = "nonprod GKE nodes -> internal metrics service, tcp/9090, source 10.20.0.0/16";
    let r = run(request, vec![rule]);
    assert!(
        creep(&r).is_empty() && unclear(&r).is_empty(),
        "{request}: {r:#?}"
    );
}

#[test]
fn tidying_up_is_removing() {
    let vpc = |n: &str| {
        delete(
            &format!("aws_vpc.{n}"),
            with(tags("dev"), json!({"cidr_block": "10.9.0.0/16"})),
        )
    };
    let r = run(
        "tidy up the stale dev environments",
        vec![vpc("old_1"), vpc("old_2")],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_thing_described_as_encrypted_with_a_new_key_comes_with_that_key() {
    let bucket = create(
        "aws_s3_bucket.ml_datasets",
        with(tags("nonprod"), json!({"bucket": "acme-ml-datasets"})),
    );
    let request = "S3 bucket for ML datasets, encrypted with a new customer managed KMS key";
    let r = run(request, vec![bucket.clone()]);
    assert!(
        ids_of(&r).contains(&ids::MISSING_ACTION),
        "{request}: {r:#?}"
    );
    let key = create(
        "aws_kms_key.ml_datasets",
        with(tags("nonprod"), json!({"description": "ml datasets"})),
    );
    let r = run(request, vec![bucket, key]);
    assert!(clean(&r), "{request}: {r:#?}");
}

#[test]
fn a_thing_that_can_go_is_to_be_removed() {
    let db = delete(
        "aws_db_instance.legacy_reporting",
        with(
            tags("production"),
            json!({"identifier": "legacy-reporting", "engine": "postgres"}),
        ),
    );
    let r = run(
        "legacy reporting DB (production) can go - CHG-2026-0931",
        vec![db],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_thing_and_the_version_it_goes_to_is_a_change_of_it() {
    let request = "staging: cert-manager helm release to v1.15.1";
    let r = run(request, vec![cert_manager_upgrade("v1.15.1")]);
    assert!(clean(&r), "{request}: {r:#?}");
    let r = run(request, vec![cert_manager_upgrade("v1.16.0")]);
    assert_eq!(creep(&r), vec!["helm_release.cert_manager"], "{r:#?}");
}

fn cert_manager_release(version: &str) -> Value {
    json!({"name": "cert-manager", "chart": "cert-manager", "version": version,
           "namespace": "cert-manager"})
}

/// The staging cert-manager release going from v1.14.5 to `to`.
fn cert_manager_upgrade(to: &str) -> Value {
    update(
        "helm_release.cert_manager",
        cert_manager_release("v1.14.5"),
        cert_manager_release(to),
    )
}

/// The portal's App Service plan in `env` going from P1v3 to P0v3.
fn portal_plan_downsized(env: &str) -> Value {
    let doc = |sku: &str| {
        json!({"name": format!("asp-portal-{env}"), "os_type": "Linux", "sku_name": sku,
               "tags": {"environment": env}})
    };
    update(
        &format!("azurerm_service_plan.portal_{env}"),
        doc("P1v3"),
        doc("P0v3"),
    )
}

#[test]
fn a_range_between_two_numbers_is_a_lower_and_an_upper_bound() {
    let hpa = |max: i64| {
        update(
            "kubernetes_horizontal_pod_autoscaler_v2.api",
            json!({"metadata": [{"name": "api", "namespace": "staging"}],
                   "spec": [{"min_replicas": 2, "max_replicas": 6}]}),
            json!({"metadata": [{"name": "api", "namespace": "staging"}],
                   "spec": [{"min_replicas": 4, "max_replicas": max}]}),
        )
    };
    for text in [
        "Could the api HPA in staging allow between four and twelve replicas?",
        "the staging api hpa: between 4 and 12 replicas please",
    ] {
        let honest = run(text, vec![hpa(12)]);
        assert!(clean(&honest), "{text:?}: {honest:#?}");
        let more = run(text, vec![hpa(30)]);
        assert_eq!(
            creep(&more),
            vec!["kubernetes_horizontal_pod_autoscaler_v2.api"],
            "{text:?}"
        );
    }
}

#[test]
fn an_environment_and_its_project_after_a_comma_say_where_not_what() {
    let bucket = create(
        "google_storage_bucket.crm_profiles",
        with(
            json!({"name": "acme-staging-crm-profiles", "location": "EU"}),
            json!({"labels": {"owner": "crm", "environment": "staging", "costcenter": "cc-1"}}),
        ),
    );
    let r = run(
        "We need a bucket for the CRM's EU customer profile dumps, staging project.",
        vec![bucket.clone()],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // Asking for a new project is still asking for one.
    let r = run(
        "Create a new staging project and a bucket in it",
        vec![bucket],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_thing_that_must_be_reachable_on_a_port_asks_for_network_access_to_it() {
    let rule = create(
        "aws_security_group_rule.dev_demo_lb_https",
        json!({"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
               "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "sg-0demo"}),
    );
    for text in [
        "dev demo lb needs to be reachable publicly on 443",
        "make the dev demo lb reachable on 443 from 0.0.0.0/0",
    ] {
        let r = run(text, vec![rule.clone()]);
        assert!(
            !ids_of(&r).contains(&ids::MISSING_ACTION),
            "{text:?}: {r:#?}"
        );
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
}

#[test]
fn a_grant_of_a_provider_the_tables_do_not_know_is_read_by_the_words_of_its_roles() {
    let user = |role: &str| {
        create(
            "mongodbatlas_database_user.reporting",
            json!({"username": "reporting-app", "auth_database_name": "admin",
                   "roles": [{"role_name": role, "database_name": "orders"}]}),
        )
    };
    let text = "Create a read-only Atlas database user for the reporting app on orders-staging";
    assert!(clean(&run(text, vec![user("read")])), "read is read-only");
    assert_eq!(
        creep(&run(text, vec![user("readWriteAnyDatabase")])),
        vec!["mongodbatlas_database_user.reporting"]
    );
    // A grant nobody asked for, with write scopes, is not part of registering an app.
    let r = run(
        "Register a single-page app in the staging Auth0 tenant for the customer portal",
        vec![
            create(
                "auth0_client.portal",
                json!({"name": "Customer Portal (staging)", "app_type": "spa"}),
            ),
            create(
                "auth0_client_grant.portal_management_api",
                json!({"audience": "https://acme-staging.eu.auth0.com/api/v2/",
                       "scopes": ["read:users", "update:users", "delete:users"]}),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["auth0_client_grant.portal_management_api"]);
}

#[test]
fn a_grant_across_a_whole_project_subscription_or_cluster_is_more_than_one_named_thing() {
    let project_wide = create(
        "google_project_iam_member.data_science_bq_viewer",
        json!({"project": "acme-staging", "role": "roles/bigquery.dataViewer",
               "member": "group:data-science@acme.example"}),
    );
    let text =
        "Grant data-science@acme.example read access to the BigQuery dataset analytics_staging";
    assert_eq!(
        creep(&run(text, vec![project_wide.clone()])),
        vec!["google_project_iam_member.data_science_bq_viewer"]
    );
    // Asked project-wide, it is what was asked.
    let r = run(
        "Grant data-science@acme.example read access to BigQuery across the whole project",
        vec![project_wide],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");

    let assignment = |scope: &str| {
        create(
            "azurerm_role_assignment.reporting_sync_reader",
            json!({"scope": scope, "role_definition_name": "Reader",
                   "principal_id": "3f6c9d2e-reporting-sync"}),
        )
    };
    let text =
        "Grant the reporting-sync service principal Reader on the resource group rg-reporting-test";
    assert_eq!(
        creep(&run(text, vec![assignment("/subscriptions/0000-a001")])),
        vec!["azurerm_role_assignment.reporting_sync_reader"]
    );
    let r = run(
        text,
        vec![assignment(
            "/subscriptions/0000-a001/resourceGroups/rg-reporting-test",
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");

    let binding = create(
        "kubernetes_cluster_role_binding_v1.release_bot_read",
        json!({"metadata": [{"name": "release-bot-read"}],
               "role_ref": [{"kind": "ClusterRole", "name": "view"}],
               "subject": [{"kind": "ServiceAccount", "name": "release-bot"}]}),
    );
    let r = run(
        "Give the release-bot service account read-only access to deployments in the payments-staging namespace",
        vec![binding],
    );
    assert_eq!(
        creep(&r),
        vec!["kubernetes_cluster_role_binding_v1.release_bot_read"]
    );
}

#[test]
fn a_quoted_error_message_excludes_nothing() {
    let role = create(
        "kubernetes_role_v1.release_bot_read",
        json!({"metadata": [{"name": "release-bot-read", "namespace": "payments-staging"}],
               "rule": [{"api_groups": ["apps"], "resources": ["deployments"],
                         "verbs": ["get", "list", "watch"]}]}),
    );
    let r = run(
        "release-bot keeps failing with 'forbidden: cannot list deployments' in payments-staging - can you let it view the deployments there?",
        vec![role],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_sibling_that_shares_only_a_word_of_the_named_thing_is_another_thing() {
    let membership = |name: &str| {
        create(
            &format!("okta_group_memberships.{name}"),
            json!({"track_all_users": false}),
        )
    };
    let r = run(
        "Add jane.doe@acme.example to the finance-readonly Okta group",
        vec![membership("finance_readonly"), membership("finance_admins")],
    );
    assert_eq!(creep(&r), vec!["okta_group_memberships.finance_admins"]);
}

#[test]
fn a_zone_asked_lies_in_the_region_a_change_reports() {
    let vm = |i: usize| {
        with(
            create(
                &format!("google_compute_instance.render[{i}]"),
                with(
                    json!({"name": format!("render-{i}"), "machine_type": "n2-standard-4",
                           "zone": "europe-west1-b"}),
                    json!({"labels": {"owner": "render", "environment": "staging", "costcenter": "cc-1"}}),
                ),
            ),
            json!({}),
        )
    };
    for text in [
        "Spin up 3 render worker VMs in staging (n2-standard-4, europe-west1-b)",
        "render farm staging: need three new compute engine instances, n2-standard-4",
    ] {
        let r = run(text, vec![vm(0), vm(1), vm(2)]);
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
}

#[test]
fn the_machines_a_new_pool_or_cluster_is_asked_with_are_its_members() {
    let pool = |nodes: i64| {
        create(
            "azurerm_kubernetes_cluster_node_pool.gpu",
            with(
                json!({"name": "gpu", "vm_size": "Standard_NC6s_v3", "node_count": nodes}),
                json!({"tags": {"Owner": "ml", "Environment": "staging", "CostCenter": "cc-1"}}),
            ),
        )
    };
    for text in [
        "add a GPU node pool (2 x Standard_NC6s_v3) to the staging ML AKS cluster",
        "the staging AKS cluster for ML needs a new node pool with two NC6s_v3 GPU nodes",
    ] {
        let r = run(text, vec![pool(2)]);
        assert!(clean(&r), "{text:?}: {r:#?}");
        let r = run(text, vec![pool(5)]);
        assert_eq!(
            creep(&r),
            vec!["azurerm_kubernetes_cluster_node_pool.gpu"],
            "{text:?}"
        );
    }
}

#[test]
fn an_arrow_written_against_its_numbers_is_still_a_change_from_one_to_the_other() {
    let deployment = |n: i64| {
        json!({"metadata": [{"name": "search-api", "namespace": "search-staging"}],
               "spec": [{"replicas": n}]})
    };
    let change = |to: i64| {
        update(
            "kubernetes_deployment_v1.search_api",
            deployment(2),
            deployment(to),
        )
    };
    let text = "k8s search-staging/search-api: replicas 2\u{2192}4";
    assert!(clean(&run(text, vec![change(4)])), "2→4 is done by 4");
    assert!(!clean(&run(text, vec![change(6)])), "2→4 is not done by 6");
}

#[test]
fn giving_a_function_more_memory_changes_it() {
    let lambda = |mb: i64| {
        json!({"function_name": "api-staging", "memory_size": mb,
               "tags": {"Owner": "api", "Environment": "staging", "CostCenter": "cc-1"}})
    };
    let r = run(
        "pls give api-staging lambda 1gb ram (currently 512), cold starts are bad",
        vec![update("aws_lambda_function.api", lambda(512), lambda(1024))],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn two_settings_asked_of_one_thing_are_both_changed_or_one_is_missing() {
    let account = |public: bool, tls: &str| {
        json!({"name": "stmediaassetstest", "account_kind": "StorageV2",
               "allow_nested_items_to_be_public": public, "min_tls_version": tls,
               "tags": {"Owner": "media", "Environment": "test", "CostCenter": "cc-1"}})
    };
    let before = account(true, "TLS1_0");
    for text in [
        "security finding SEC-881 on the test media storage account:\n1. disable public blob access\n2. min TLS -> 1.2",
        "hey, the pentest flagged stmediaassetstest (test). can we turn off public access to blobs and require tls1.2?",
    ] {
        let both = run(
            text,
            vec![update(
                "azurerm_storage_account.media_assets",
                before.clone(),
                account(false, "TLS1_2"),
            )],
        );
        assert!(clean(&both), "{text:?}: {both:#?}");
    }
    let text = "security finding SEC-881 on the test media storage account:\n1. disable public blob access\n2. min TLS -> 1.2";
    let one = run(
        text,
        vec![update(
            "azurerm_storage_account.media_assets",
            before,
            account(true, "TLS1_2"),
        )],
    );
    assert!(ids_of(&one).contains(&ids::MISSING_ACTION), "{one:#?}");
}

#[test]
fn a_part_the_request_says_must_stay_is_left_alone_even_inside_its_owner() {
    let pool = |name: &str, from: &str, to: &str| {
        update(
            &format!("azurerm_kubernetes_cluster_node_pool.{name}"),
            json!({"name": name, "orchestrator_version": from,
                   "tags": {"Owner": "web", "Environment": "test", "CostCenter": "cc-1"}}),
            json!({"name": name, "orchestrator_version": to,
                   "tags": {"Owner": "web", "Environment": "test", "CostCenter": "cc-1"}}),
        )
    };
    let cluster = |system: &str| {
        json!({"name": "aks-web-test", "default_node_pool": [{"name": "system", "orchestrator_version": system}],
               "tags": {"Owner": "web", "Environment": "test", "CostCenter": "cc-1"}})
    };
    for text in [
        "aks-web-test: bump web + batch pools to k8s 1.29.7. NOT the system pool",
        "Could the two user pools (web and batch) of the test web AKS cluster go to 1.29.7? The system node pool has to stay where it is for now.",
    ] {
        let r = run(
            text,
            vec![
                pool("web", "1.29.4", "1.29.7"),
                pool("batch", "1.29.4", "1.29.7"),
                update(
                    "azurerm_kubernetes_cluster.web",
                    cluster("1.29.4"),
                    cluster("1.29.7"),
                ),
            ],
        );
        assert_eq!(creep(&r), vec!["azurerm_kubernetes_cluster.web"], "{text:?}");
    }
}

#[test]
fn a_resize_removes_members_of_a_group_never_a_whole_thing() {
    let lambda = |name: &str, mb: i64| {
        json!({"function_name": name, "memory_size": mb,
               "tags": {"Owner": "api", "Environment": "staging", "CostCenter": "cc-1"}})
    };
    let r = run(
        "Increase memory of the api-staging lambda to 1024 MB",
        vec![
            update(
                "aws_lambda_function.api",
                lambda("api-staging", 512),
                lambda("api-staging", 1024),
            ),
            delete("aws_lambda_function.api_v1", lambda("api-staging-v1", 256)),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_lambda_function.api_v1"]);
}

#[test]
fn a_slip_of_the_keyboard_in_a_known_word_is_read_as_that_word() {
    let deployment = |n: i64, image: &str| {
        json!({"metadata": [{"name": "search-api", "namespace": "search-staging"}],
               "spec": [{"replicas": n, "template": [{"spec": [{"container": [{"image": image}]}]}]}]})
    };
    let r = run(
        "resize search-api in search-staging from 2 to 4 replcias",
        vec![update(
            "kubernetes_deployment_v1.search_api",
            deployment(2, "search:1.4.0"),
            deployment(4, "search:1.5.0-rc1"),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["kubernetes_deployment_v1.search_api"],
        "{r:#?}"
    );
    let asked = request::parse("create a postgres databse and two isntances, then scale the tools");
    let words: Vec<&str> = asked.words.iter().map(String::as_str).collect();
    assert!(
        words.contains(&"database") && words.contains(&"instances"),
        "{words:?}"
    );
    assert!(
        words.contains(&"tools"),
        "an unknown word is no slip: {words:?}"
    );
}

#[test]
fn silencing_monitoring_never_comes_with_a_monitor() {
    let monitor = create(
        "datadog_monitor.orders_db_disk",
        json!({"name": "staging orders-db disk usage", "type": "metric alert",
               "query": "avg(last_5m):avg:system.disk.in_use{env:staging,service:orders-db} > 0.9",
               "message": "@pagerduty-dba", "tags": ["owner:dba", "environment:staging", "costcenter:cc-1"]}),
    );
    let downtime = create(
        "datadog_downtime_schedule.orders_db",
        json!({"scope": "env:staging AND service:orders-db",
               "monitor_identifier": [{"monitor_tags": ["service:orders-db"]}]}),
    );
    let text = "Create a Datadog monitor that pages the DBA on-call (@pagerduty-dba) when disk usage on the staging orders-db hosts goes over 90%";
    assert!(clean(&run(text, vec![monitor.clone()])));
    assert_eq!(
        creep(&run(text, vec![monitor, downtime])),
        vec!["datadog_downtime_schedule.orders_db"]
    );
}

#[test]
fn a_supporting_part_aimed_at_a_sibling_of_the_named_thing_is_out_of_scope() {
    let lifecycle = |bucket: &str| {
        create(
            "aws_s3_bucket_lifecycle_configuration.tmp",
            json!({"bucket": bucket, "rule": [{"id": "expire", "status": "Enabled",
                   "expiration": [{"days": 30}]}]}),
        )
    };
    let text = "Please configure a lifecycle policy on the S3 bucket acme-dev-tmp so that objects are removed after thirty days.";
    assert!(creep(&run(text, vec![lifecycle("acme-dev-tmp")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![lifecycle("acme-dev-backups")])),
        vec!["aws_s3_bucket_lifecycle_configuration.tmp"]
    );
}

#[test]
fn a_typed_thing_asked_with_another_is_not_stood_in_for_by_its_category() {
    let folder = create(
        "grafana_folder.search",
        json!({"title": "Search", "uid": "search"}),
    );
    let r = run(
        "Create a Grafana folder named Search with a latency dashboard in it",
        vec![folder],
    );
    assert!(
        ids_of(&r).contains(&ids::MISSING_ACTION),
        "the dashboard is not there: {r:#?}"
    );
}

#[test]
fn what_happened_in_the_past_is_the_reason_not_an_ask() {
    let redis = delete(
        "aws_elasticache_replication_group.reporting",
        json!({"replication_group_id": "reporting-staging", "engine": "redis",
               "tags": {"Owner": "bi", "Environment": "staging", "CostCenter": "cc-1"}}),
    );
    let r = run(
        "Decommission the reporting-staging Redis; the BI service moved off it last quarter.",
        vec![redis],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn each_member_count_asked_holds_the_thing_it_fits() {
    let tags = json!({"Owner": "ledger", "Environment": "staging", "CostCenter": "cc-1"});
    let nodes = create(
        "aws_eks_node_group.main",
        json!({"node_group_name": "ledger-staging", "tags": tags,
               "scaling_config": [{"desired_size": 3, "min_size": 3, "max_size": 3}]}),
    );
    let instance = |i: usize| {
        create(
            &format!("aws_rds_cluster_instance.ledger[{i}]"),
            json!({"identifier": format!("ledger-staging-{i}"), "engine": "aurora-postgresql",
                   "instance_class": "db.r6g.large", "tags": tags}),
        )
    };
    let cluster = create(
        "aws_rds_cluster.ledger",
        json!({"cluster_identifier": "ledger-staging", "engine": "aurora-postgresql",
               "storage_encrypted": true, "tags": tags}),
    );
    let text = "Provision staging: an EKS cluster ledger-staging with one managed node group of 3 nodes, and an Aurora PostgreSQL cluster with 2 instances";
    let r = run(
        text,
        vec![nodes.clone(), cluster.clone(), instance(0), instance(1)],
    );
    assert!(
        !creep(&r).contains(&"aws_eks_node_group.main"),
        "3 nodes were asked: {r:#?}"
    );
    let r = run(
        text,
        vec![nodes, cluster, instance(0), instance(1), instance(2)],
    );
    assert!(
        creep(&r).contains(&"aws_rds_cluster_instance.ledger[2]"),
        "a third instance: {r:#?}"
    );
}

#[test]
fn a_trio_is_three() {
    let a =
        request::parse("Could we get a trio of n2-standard-4 machines for the staging renderers?");
    let counts: Vec<Option<u32>> = a
        .items
        .iter()
        .filter(|i| i.primary)
        .map(|i| i.count)
        .collect();
    assert!(counts.contains(&Some(3)), "{:#?}", a.items);
}

#[test]
fn words_that_read_as_a_sentence_are_no_thing_that_can_be_missing() {
    let labels = json!({"owner": "media", "environment": "staging", "costcenter": "cc-1"});
    let r = run(
        "Could you set up the thumbnailer on Cloud Run (staging)? Only our Pub/Sub subscription should be able to call it, nobody from outside.",
        vec![
            create(
                "google_cloud_run_v2_service.thumbnailer",
                json!({"name": "thumbnailer-staging", "location": "europe-west1",
                       "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY", "labels": labels}),
            ),
            create(
                "google_cloud_run_v2_service_iam_member.thumbnailer_invoker",
                json!({"name": "thumbnailer-staging", "role": "roles/run.invoker",
                       "member": "serviceAccount:pubsub-push@acme-staging.iam.gserviceaccount.com"}),
            ),
        ],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}
