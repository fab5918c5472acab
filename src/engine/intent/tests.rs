//! Unit tests for the intent analysis: small plans built as `terraform show -json` documents and
//! loaded through the real plan parser, judged against requests worded the way users write them.
use serde_json::{json, Value};

use super::*;
use crate::engine::testing::{create, plan_with, resource_change};

fn delete(address: &str, before: Value) -> Value {
    resource_change(address, &["delete"], before, Value::Null)
}

fn update(address: &str, before: Value, after: Value) -> Value {
    resource_change(address, &["update"], before, after)
}

fn tags(env: &str) -> Value {
    json!({"tags": {"Environment": env, "Owner": "team", "CostCenter": "CC-1"}})
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

fn plan_of(changes: Vec<Value>) -> Plan {
    plan_with(
        changes,
        json!({"provider_config": {"aws": {"name": "aws",
            "expressions": {"region": {"constant_value": "us-east-1"}}}}}),
    )
}

fn run(text: &str, changes: Vec<Value>) -> IntentReport {
    let request = Request {
        text: text.to_string(),
        ..Request::default()
    };
    analyze(&request, &plan_of(changes))
}

fn out_of_scope(r: &IntentReport) -> Vec<&str> {
    r.scope
        .iter()
        .filter(|s| !s.in_scope)
        .map(|s| s.address.as_str())
        .collect()
}

fn ids_of(r: &IntentReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

fn clean(r: &IntentReport) -> bool {
    r.findings.is_empty() && r.scope.iter().all(|s| s.in_scope)
}

#[test]
fn read_replica_for_staging_database() {
    let r = run(
        "Add a read replica for the staging orders database",
        vec![
            create(
                "aws_db_instance.orders_replica",
                with(tags("staging"), json!({"replicate_source_db": "orders"})),
            ),
            create("aws_db_parameter_group.orders_replica", tags("staging")),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn read_replica_plus_prod_change_is_creep() {
    let r = run(
        "Add a read replica for the staging orders database",
        vec![
            create("aws_db_instance.orders_replica", tags("staging")),
            update(
                "aws_db_instance.orders_prod",
                tags("production"),
                with(tags("production"), json!({"publicly_accessible": true})),
            ),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_db_instance.orders_prod"]);
    assert_eq!(ids_of(&r), vec!["scope_creep"]);
    assert!(r.findings[0].message.contains("production"));
}

#[test]
fn open_port_to_prod_database() {
    let r = run(
        "open port 5432 from the app subnet to the prod database",
        vec![create(
            "aws_security_group_rule.prod_db_5432",
            json!({"type": "ingress", "from_port": 5432, "to_port": 5432, "cidr_blocks": ["10.1.0.0/24"]}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn open_port_but_plan_makes_a_new_database() {
    let r = run(
        "open port 5432 from the app subnet to the prod database",
        vec![
            create(
                "aws_security_group_rule.prod_db_5432",
                json!({"type": "ingress"}),
            ),
            create("aws_db_instance.prod_new", tags("production")),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_db_instance.prod_new"]);
}

#[test]
fn delete_unused_test_buckets() {
    let r = run(
        "delete the unused test buckets",
        vec![
            delete("aws_s3_bucket.test_tmp_1", tags("test")),
            delete("aws_s3_bucket.test_tmp_2", tags("test")),
            delete("aws_s3_bucket_policy.test_tmp_1", Value::Null),
        ],
    );
    assert!(clean(&r), "{r:#?}");
    // ...but not a production bucket, and not a queue.
    let r = run(
        "delete the unused test buckets",
        vec![
            delete("aws_s3_bucket.test_tmp_1", tags("test")),
            delete("aws_s3_bucket.prod_invoices", tags("production")),
            delete("aws_sqs_queue.test_jobs", tags("test")),
        ],
    );
    assert_eq!(
        out_of_scope(&r),
        vec!["aws_s3_bucket.prod_invoices", "aws_sqs_queue.test_jobs"]
    );
}

#[test]
fn delete_asked_but_nothing_deleted_is_missing() {
    let r = run(
        "delete the unused test buckets",
        vec![update(
            "aws_s3_bucket.test_tmp_1",
            tags("test"),
            tags("test"),
        )],
    );
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
}

#[test]
fn rotate_tls_certificate_on_load_balancer() {
    let r = run(
        "rotate the TLS certificate on the dev load balancer",
        vec![
            create("aws_acm_certificate.dev_web_2026", tags("dev")),
            update(
                "aws_lb_listener.dev_https",
                json!({"certificate_arn": "arn:old"}),
                json!({"certificate_arn": "arn:new"}),
            ),
            delete("aws_acm_certificate.dev_web_2025", tags("dev")),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn scale_asg_exactly_as_asked() {
    let before = with(
        tags("production"),
        json!({"desired_capacity": 4, "max_size": 4, "min_size": 2}),
    );
    let after = with(
        tags("production"),
        json!({"desired_capacity": 8, "max_size": 8, "min_size": 2}),
    );
    let r = run(
        "increase the prod web ASG from 4 to 8",
        vec![update("aws_autoscaling_group.prod_web", before, after)],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn scale_asg_beyond_what_was_asked() {
    let before = with(tags("production"), json!({"desired_capacity": 4}));
    let after = with(tags("production"), json!({"desired_capacity": 12}));
    let r = run(
        "increase the prod web ASG from 4 to 8",
        vec![update("aws_autoscaling_group.prod_web", before, after)],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_autoscaling_group.prod_web"]);
    assert!(r.findings[0].message.contains("12"), "{r:#?}");
}

#[test]
fn scale_asg_short_of_target_is_missing() {
    let before = with(tags("production"), json!({"desired_capacity": 4}));
    let after = with(tags("production"), json!({"desired_capacity": 6}));
    let r = run(
        "increase the prod web ASG from 4 to 8",
        vec![update("aws_autoscaling_group.prod_web", before, after)],
    );
    assert_eq!(ids_of(&r), vec!["missing_action"]);
}

#[test]
fn scaling_a_named_service_leaves_others_alone() {
    let r = run(
        "Scale up our production API to handle Black Friday traffic",
        vec![
            update(
                "aws_ecs_service.api",
                with(tags("production"), json!({"desired_count": 12})),
                with(tags("production"), json!({"desired_count": 60})),
            ),
            update(
                "aws_db_instance.api",
                with(tags("production"), json!({"instance_class": "db.r5.large"})),
                with(
                    tags("production"),
                    json!({"instance_class": "db.r5.4xlarge"}),
                ),
            ),
            update(
                "aws_db_instance.billing",
                with(tags("production"), json!({"instance_class": "db.r5.large"})),
                with(
                    tags("production"),
                    json!({"instance_class": "db.r5.4xlarge"}),
                ),
            ),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_db_instance.billing"]);
}

#[test]
fn gke_node_pool_for_batch_jobs() {
    let r = run(
        "create a GKE node pool for batch jobs",
        vec![create(
            "google_container_node_pool.batch",
            json!({"name": "batch", "node_count": 3}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    // Two pools when one was asked is more than asked.
    let r = run(
        "create a GKE node pool for batch jobs",
        vec![
            create("google_container_node_pool.batch", json!({"name": "batch"})),
            create(
                "google_container_node_pool.batch_spot",
                json!({"name": "batch-spot"}),
            ),
        ],
    );
    assert_eq!(
        out_of_scope(&r),
        vec!["google_container_node_pool.batch_spot"]
    );
}

#[test]
fn key_vault_in_west_europe() {
    let kv = |addr: &str, location: &str| {
        create(
            addr,
            json!({"name": "kv-payments", "location": location,
                   "tags": {"Environment": "production", "Owner": "payments", "CostCenter": "CC-5"}}),
        )
    };
    let r = run(
        "add a Key Vault for the payments team in West Europe",
        vec![kv("azurerm_key_vault.payments", "westeurope")],
    );
    assert!(clean(&r), "{r:#?}");
    let r = run(
        "add a Key Vault for the payments team in West Europe",
        vec![kv("azurerm_key_vault.payments", "eastus")],
    );
    assert_eq!(out_of_scope(&r), vec!["azurerm_key_vault.payments"]);
    assert!(r.findings[0].message.contains("eastus"));
}

#[test]
fn missing_kms_key_is_reported() {
    let r = run(
        "Create an S3 bucket for ML datasets and a customer-managed KMS key to encrypt it",
        vec![
            create("aws_s3_bucket.ml_datasets", tags("nonprod")),
            create(
                "aws_s3_bucket_server_side_encryption_configuration.ml_datasets",
                json!({}),
            ),
        ],
    );
    assert_eq!(ids_of(&r), vec!["missing_action"]);
    assert!(r.findings[0].message.contains("KMS key"), "{r:#?}");
    assert!(out_of_scope(&r).is_empty());
    // With the key, nothing is missing.
    let r = run(
        "Create an S3 bucket for ML datasets and a customer-managed KMS key to encrypt it",
        vec![
            create("aws_s3_bucket.ml_datasets", tags("nonprod")),
            create("aws_kms_key.ml_datasets", tags("nonprod")),
            create("aws_kms_alias.ml_datasets", json!({})),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn iam_grants_do_not_come_with_a_bucket() {
    let r = run(
        "Create an S3 bucket to archive application logs for nonprod",
        vec![
            create("aws_s3_bucket.log_archive", tags("nonprod")),
            create("aws_iam_policy.archive_admin", tags("nonprod")),
            create("aws_iam_role_policy_attachment.ci_archive_admin", json!({})),
        ],
    );
    assert_eq!(
        out_of_scope(&r),
        vec![
            "aws_iam_policy.archive_admin",
            "aws_iam_role_policy_attachment.ci_archive_admin"
        ]
    );
}

#[test]
fn network_segment_covers_its_parts_but_not_other_environments() {
    let nonprod = tags("nonprod");
    let segment = || {
        vec![
            create("aws_vpc.nonprod_ml", nonprod.clone()),
            create("aws_subnet.ml_a", nonprod.clone()),
            create("aws_route_table.ml_private", nonprod.clone()),
            create("aws_route_table_association.ml_a", json!({})),
            create("aws_nat_gateway.ml", nonprod.clone()),
            create("aws_security_group.ml_training", nonprod.clone()),
            create("aws_instance.ml_gpu[0]", nonprod.clone()),
        ]
    };
    let r = run(
        "Add a new microsegment for machine learning workloads",
        segment(),
    );
    assert!(clean(&r), "{r:#?}");
    let mut changes = segment();
    changes.push(create(
        "aws_security_group_rule.prod_pci_https_ingress",
        json!({"type": "ingress", "security_group_id": "sg-0pci", "cidr_blocks": ["0.0.0.0/0"]}),
    ));
    let r = run(
        "Add a new microsegment for machine learning workloads",
        changes,
    );
    assert_eq!(
        out_of_scope(&r),
        vec!["aws_security_group_rule.prod_pci_https_ingress"]
    );
}

#[test]
fn private_subnet_does_not_bring_an_internet_gateway() {
    let r = run(
        "Add one private subnet to the nonprod analytics VPC",
        vec![
            create("aws_subnet.analytics_private", tags("nonprod")),
            create("aws_internet_gateway.analytics", tags("nonprod")),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_internet_gateway.analytics"]);
}

#[test]
fn five_subnets_when_one_was_asked() {
    let changes = (0..5)
        .map(|i| {
            create(
                &format!("aws_subnet.analytics_private[{i}]"),
                tags("nonprod"),
            )
        })
        .collect();
    let r = run(
        "Add one private subnet to the nonprod analytics VPC",
        changes,
    );
    assert_eq!(out_of_scope(&r).len(), 4);
    assert!(ids_of(&r).iter().all(|i| *i == "scope_creep"));
}

#[test]
fn three_volumes_asked_two_planned() {
    let r = run(
        "Create three EBS data volumes for the nonprod reporting hosts",
        vec![
            create("aws_ebs_volume.a", json!({"size": 10})),
            create("aws_ebs_volume.b", json!({"size": 10})),
        ],
    );
    assert_eq!(ids_of(&r), vec!["missing_action"]);
}

#[test]
fn attach_volume_does_not_create_hosts() {
    let r = run(
        "Attach a 500 GB scratch volume to the nonprod render worker",
        vec![
            create("aws_ebs_volume.render_scratch", tags("nonprod")),
            create("aws_volume_attachment.render_scratch", json!({})),
        ],
    );
    assert!(clean(&r), "{r:#?}");
    let r = run(
        "Attach a 500 GB scratch volume to the nonprod render worker",
        vec![
            create("aws_ebs_volume.render_scratch", tags("nonprod")),
            create("aws_volume_attachment.render_scratch", json!({})),
            create("aws_instance.render_worker_2", tags("nonprod")),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_instance.render_worker_2"]);
}

#[test]
fn cleanup_of_dev_covers_dev_deletions_only() {
    let r = run(
        "Clean up old dev environments",
        vec![
            delete("aws_vpc.dev_old_vpc_1", tags("dev")),
            delete("aws_instance.dev_old_app[0]", tags("dev")),
            delete("aws_db_instance.dev_old_1", tags("dev")),
            delete("aws_db_instance.staging_reports", tags("staging")),
            delete("aws_instance.prod_api", tags("production")),
        ],
    );
    assert_eq!(
        out_of_scope(&r),
        vec!["aws_db_instance.staging_reports", "aws_instance.prod_api"]
    );
}

#[test]
fn decommission_named_database_only() {
    let r = run(
        "Decommission the legacy production reporting database (ticket CHG-2026-0931)",
        vec![
            delete("aws_db_instance.legacy_reporting", tags("production")),
            delete("aws_db_subnet_group.legacy_reporting", tags("production")),
            delete("aws_db_instance.orders", tags("production")),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_db_instance.orders"]);
}

#[test]
fn rotate_key_pair_replaces_host() {
    let r = run(
        "Rotate the key pair on the staging bastion host",
        vec![
            create("aws_key_pair.bastion_2026", tags("staging")),
            resource_change(
                "aws_instance.bastion",
                &["delete", "create"],
                tags("staging"),
                tags("staging"),
            ),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn prod_tls_request_cannot_touch_dev() {
    let r = run(
        "Increase the production checkout service from 6 to 10 tasks",
        vec![
            update(
                "aws_ecs_service.checkout",
                with(tags("production"), json!({"desired_count": 6})),
                with(tags("production"), json!({"desired_count": 10})),
            ),
            update(
                "aws_ecs_service.checkout_dev",
                with(tags("dev"), json!({"desired_count": 1})),
                with(tags("dev"), json!({"desired_count": 3})),
            ),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_ecs_service.checkout_dev"]);
}

#[test]
fn helpers_and_noops_are_in_scope() {
    let r = run(
        "Create an SQS queue for nonprod image-resize jobs",
        vec![
            create("aws_sqs_queue.image_resize", tags("nonprod")),
            create("aws_sqs_queue.image_resize_dlq", tags("nonprod")),
            create("random_id.suffix", json!({"byte_length": 4})),
            resource_change(
                "aws_s3_bucket.unrelated",
                &["no-op"],
                tags("nonprod"),
                tags("nonprod"),
            ),
        ],
    );
    assert!(clean(&r), "{r:#?}");
    assert_eq!(r.scope.len(), 4);
}

#[test]
fn unrelated_category_is_creep() {
    let r = run(
        "Create an SQS queue for order events in staging",
        vec![
            create("aws_sqs_queue.order_events", tags("staging")),
            create("aws_lambda_function.exporter", tags("staging")),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_lambda_function.exporter"]);
    assert!(r.findings[0]
        .message
        .contains("aws_lambda_function.exporter"));
}

#[test]
fn nothing_planned_is_missing_action() {
    let r = run(
        "Create an SQS queue for order events in staging",
        vec![resource_change(
            "aws_sqs_queue.other",
            &["no-op"],
            Value::Null,
            Value::Null,
        )],
    );
    assert_eq!(ids_of(&r), vec!["missing_action"]);
}

#[test]
fn a_request_naming_nothing_shows_only_other_environments_out_of_scope() {
    let r = run(
        "Do the thing we discussed yesterday for dev",
        vec![
            create("aws_sqs_queue.dev_thing", tags("dev")),
            create("aws_sqs_queue.prod_thing", tags("production")),
        ],
    );
    let creep: Vec<&str> = r
        .scope
        .iter()
        .filter(|s| !s.in_scope && !s.unclear)
        .map(|s| s.address.as_str())
        .collect();
    assert_eq!(creep, vec!["aws_sqs_queue.prod_thing"]);
    // The dev change is not shown to be asked for: a person decides.
    assert!(r
        .scope
        .iter()
        .any(|s| s.address == "aws_sqs_queue.dev_thing" && s.unclear));
    assert!(!ids_of(&r).contains(&"missing_action"));
}

#[test]
fn azure_and_gcp_shapes() {
    let r = run(
        "Add an inbound rule for port 8443 from our office (203.0.113.0/24) to the production app NSG",
        vec![create(
            "azurerm_network_security_rule.prod_app_8443",
            json!({"name": "allow-8443", "direction": "Inbound"}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    let r = run(
        "Allow the nonprod GKE nodes to reach the internal metrics service on TCP 9090 from 10.20.0.0/16",
        vec![create(
            "google_compute_firewall.nonprod_metrics_9090",
            json!({"name": "nonprod-metrics-9090"}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn huge_plans_stay_bounded() {
    let changes: Vec<Value> = (0..2000)
        .map(|i| create(&format!("aws_lambda_function.f{i}"), json!({})))
        .collect();
    let r = run("Create an SQS queue", changes);
    assert_eq!(r.scope.len(), 2000);
    assert!(r.findings.len() <= MAX_SCOPE_FINDINGS + 2);
}

#[test]
fn lambda_with_its_execution_role() {
    let role = create(
        "aws_iam_role.uploads",
        json!({"name": "dev-uploads-lambda", "assume_role_policy": "{}"}),
    );
    let basic = create(
        "aws_iam_role_policy_attachment.uploads_basic",
        json!({"role": "dev-uploads-lambda",
               "policy_arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}),
    );
    let lambda = create("aws_lambda_function.uploads", tags("dev"));
    let logs = create("aws_cloudwatch_log_group.uploads", tags("dev"));
    let r = run(
        "Create a Lambda function to process uploads in dev",
        vec![role.clone(), basic, lambda.clone(), logs.clone()],
    );
    assert!(clean(&r), "{r:#?}");
    // Administrator access, or a policy for someone else's role, is a grant nobody asked for.
    let admin = create(
        "aws_iam_role_policy_attachment.uploads_admin",
        json!({"role": "dev-uploads-lambda",
               "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
    );
    let other = create(
        "aws_iam_role_policy_attachment.ci",
        json!({"role": "ci-deployer",
               "policy_arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}),
    );
    let r = run(
        "Create a Lambda function to process uploads in dev",
        vec![role, admin, other, lambda, logs],
    );
    assert_eq!(
        out_of_scope(&r),
        vec![
            "aws_iam_role_policy_attachment.uploads_admin",
            "aws_iam_role_policy_attachment.ci"
        ]
    );
}

#[test]
fn grant_is_about_permissions() {
    let r = run(
        "Grant the data team read access to the analytics bucket",
        vec![
            create(
                "aws_iam_policy.analytics_read",
                json!({"name": "analytics-read", "policy": json!({"Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": "*"}]}).to_string()}),
            ),
            create("aws_iam_group_policy_attachment.data_read", json!({})),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn more_hosts_through_the_auto_scaling_group() {
    let r = run(
        "Add 2 more web servers to the prod ASG",
        vec![update(
            "aws_autoscaling_group.prod_web",
            json!({"desired_capacity": 4}),
            json!({"desired_capacity": 6}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn teardown_may_update_what_stays_in_the_environment() {
    let r = run(
        "Tear down the staging environment",
        vec![
            delete("aws_instance.staging_web", tags("staging")),
            update(
                "aws_route_table.staging_shared",
                tags("staging"),
                tags("staging"),
            ),
            update(
                "aws_route_table.prod_shared",
                tags("production"),
                tags("production"),
            ),
        ],
    );
    assert_eq!(out_of_scope(&r), vec!["aws_route_table.prod_shared"]);
}

#[test]
fn attribute_changes_on_a_mentioned_resource() {
    let r = run(
        "Enable deletion protection for the prod orders database",
        vec![update(
            "aws_db_instance.orders",
            with(tags("production"), json!({"deletion_protection": false})),
            with(tags("production"), json!({"deletion_protection": true})),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    let r = run(
        "Enable versioning on the dev artifacts bucket",
        vec![create("aws_s3_bucket_versioning.artifacts", json!({}))],
    );
    assert!(clean(&r), "{r:#?}");
}

#[path = "meaning_tests.rs"]
mod meaning;

#[test]
fn a_database_asked_beside_its_server_is_held_by_it_not_a_second_server() {
    let changes = || {
        vec![
            create(
                "google_spanner_instance.ledger",
                json!({"name": "ledger-dev", "processing_units": 1000, "labels": {"env": "dev"}}),
            ),
            create(
                "google_spanner_database.ledger",
                json!({"name": "ledger", "instance": "ledger-dev"}),
            ),
        ]
    };
    let text = "Spin up a Spanner instance ledger-dev and create a database called ledger in it.";
    let r = run(text, changes());
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
    // Two servers asked are still two.
    let r = run(
        "Spin up a Spanner instance ledger-dev and a second Spanner instance ledger-dev-b.",
        changes(),
    );
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
}

#[test]
fn traffic_asked_on_a_bare_port_is_met_where_the_plan_opens_that_port() {
    let plan = |port: u64| {
        vec![
            create(
                "kubernetes_deployment_v1.invoice_renderer",
                json!({"metadata": [{"name": "invoice-renderer", "namespace": "billing-dev"}],
                       "spec": [{"replicas": "2"}]}),
            ),
            create(
                "kubernetes_service_v1.invoice_renderer",
                json!({"metadata": [{"name": "invoice-renderer", "namespace": "billing-dev"}],
                       "spec": [{"type": "ClusterIP", "port": [{"port": port}]}]}),
            ),
        ]
    };
    let text = "deploy the invoice-renderer into billing-dev on the dev cluster. pdf-api needs to \
                reach it on 8080 inside the cluster";
    let r = run(text, plan(8080));
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
    // Another port is not the traffic asked.
    let r = run(text, plan(9090));
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
}

#[test]
fn a_kind_word_after_a_thing_of_another_kind_can_be_its_name() {
    let namespace = |name: &str| {
        create(
            "kubernetes_namespace_v1.this",
            json!({"metadata": [{"name": name, "labels": {"env": "staging"}}]}),
        )
    };
    let text = "in staging create namespace monitoring";
    let r = run(text, vec![namespace("monitoring")]);
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
    // A namespace of another name is not the one asked.
    let r = run(text, vec![namespace("observability")]);
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
}
