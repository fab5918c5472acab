//! Unit tests for the meaning checks: vague requests, exclusions, number words, settings of
//! updates and refactorings, and the helpers the themed files beside it share (access grants
//! and traffic in `meaning_tests/grants.rs`, counts and members in `meaning_tests/quantities.rs`,
//! the layout of lists in `meaning_tests/lists.rs`, what names a target and what a list leaves
//! undone in `meaning_tests/targets.rs`, which environments a request limits itself to in
//! `meaning_tests/environments.rs`, which words act at all in `meaning_tests/verbs.rs`).
//! Each is named for the rule it encodes.
use serde_json::{json, Value};

use super::*;

#[path = "meaning_tests/environments.rs"]
mod environments;
#[path = "meaning_tests/grants.rs"]
mod grants;
#[path = "meaning_tests/lists.rs"]
mod lists;
#[path = "meaning_tests/quantities.rs"]
mod quantities;
#[path = "meaning_tests/targets.rs"]
mod targets;
#[path = "meaning_tests/verbs.rs"]
mod verbs;

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

/// The staging booking service: a Cloud Run service `booking-api` and its Cloud SQL Postgres
/// instance `booking-staging`, both created.
fn booking_service_and_database() -> Vec<Value> {
    vec![
        create(
            "google_cloud_run_v2_service.booking",
            json!({"name": "booking-api", "labels": tags("staging")}),
        ),
        create(
            "google_sql_database_instance.booking",
            json!({"name": "booking-staging", "database_version": "POSTGRES_16"}),
        ),
    ]
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
fn a_list_entry_answered_no_is_excluded() {
    let listener = |policy: &str| json!({"port": 443, "protocol": "HTTPS", "ssl_policy": policy});
    let plan = || {
        ["web_https", "api_https", "partner_https"]
            .iter()
            .map(|n| {
                update(
                    &format!("aws_lb_listener.{n}"),
                    listener("ELBSecurityPolicy-TLS-1-2-2017-01"),
                    listener("ELBSecurityPolicy-TLS13-1-2-2021-06"),
                )
            })
            .collect::<Vec<_>>()
    };
    let r = run(
        "tls policy upgrade on staging listeners: web + api yes, partner NO (their clients break)",
        plan(),
    );
    assert_eq!(creep(&r), vec!["aws_lb_listener.partner_https"], "{r:#?}");
    // Without the answers, every listener is asked.
    let r = run("tls policy upgrade on the staging listeners", plan());
    assert!(creep(&r).is_empty(), "{r:#?}");
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
fn a_number_of_members_to_keep_is_their_count_not_a_thing_to_leave_alone() {
    let before = json!({"name": "asp-web-staging", "sku_name": "P1v3", "worker_count": 2,
                        "tags": {"environment": "staging"}});
    let plan = |workers: u64| {
        vec![update(
            "azurerm_service_plan.web",
            before.clone(),
            with(
                before.clone(),
                json!({"sku_name": "P2v3", "worker_count": workers}),
            ),
        )]
    };
    let text = "asp-web-staging: P1v3 -> P2v3, keep 2 workers. the prod plan stays as is";
    let r = run(text, plan(2));
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, plan(3));
    assert_eq!(creep(&r), vec!["azurerm_service_plan.web"], "{r:#?}");
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
fn lowering_a_setting_to_a_measure_does_not_cover_resizing_the_thing() {
    let before = json!({"name": "BI_WH", "warehouse_size": "SMALL", "auto_suspend": 600});
    let text = "Could you lower the auto-suspend of the BI warehouse to two minutes?";
    let r = run(
        text,
        vec![update(
            "snowflake_warehouse.bi",
            before.clone(),
            with(before.clone(), json!({"auto_suspend": 120})),
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![update(
            "snowflake_warehouse.bi",
            before.clone(),
            with(
                before,
                json!({"auto_suspend": 120, "warehouse_size": "LARGE"}),
            ),
        )],
    );
    assert_eq!(creep(&r), vec!["snowflake_warehouse.bi"], "{r:#?}");
}

#[test]
fn every_setting_in_a_list_to_leave_alone_is_left_alone() {
    let before = with(
        tags("staging"),
        json!({"identifier": "orders-stg", "backup_retention_period": 7,
            "instance_class": "db.t3.medium", "maintenance_window": "sun:03:00-sun:04:00"}),
    );
    let text = "Raise backup retention on `orders-stg` to 14 days. Don't change the instance \
                class, the maintenance window or anything else on it.";
    let r = run(
        text,
        vec![update(
            "aws_db_instance.orders_stg",
            before.clone(),
            with(before.clone(), json!({"backup_retention_period": 14})),
        )],
    );
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![update(
            "aws_db_instance.orders_stg",
            before.clone(),
            with(
                before,
                json!({"backup_retention_period": 14, "maintenance_window": "mon:03:00-mon:04:00"}),
            ),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_db_instance.orders_stg"], "{r:#?}");
}

#[test]
fn a_server_change_counter_moving_with_the_asked_setting_is_no_other_setting() {
    let before = json!({"name": "thumbs", "modify_index": "4410",
        "task_groups": [{"name": "thumbs", "count": 1}]});
    let r = run(
        "thumbs nomad job: count 1 -> 3 please",
        vec![update(
            "nomad_job.thumbs",
            before.clone(),
            json!({"name": "thumbs", "modify_index": "4502",
                "task_groups": [{"name": "thumbs", "count": 3}]}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A setting of the job's own beside the counter still needs asking.
    let r = run(
        "thumbs nomad job: count 1 -> 3 please",
        vec![update(
            "nomad_job.thumbs",
            before,
            json!({"name": "thumbs", "modify_index": "4502", "priority": 90,
                "task_groups": [{"name": "thumbs", "count": 3}]}),
        )],
    );
    assert_eq!(creep(&r), vec!["nomad_job.thumbs"], "{r:#?}");
}

#[test]
fn an_identity_a_created_database_is_assigned_to_run_as_supports_it() {
    let server = |identity: Value| {
        create(
            "azurerm_postgresql_flexible_server.ledger",
            with(
                tags("qa"),
                json!({"name": "psql-ledger-qa", "version": "16", "identity": identity,
                    "customer_managed_key": [{"key_vault_key_id": "https://kv-ledger-qa.vault.azure.net/keys/pg/1"}]}),
            ),
        )
    };
    let identity = create(
        "azurerm_user_assigned_identity.ledger_pg",
        with(tags("qa"), json!({"name": "id-ledger-pg-qa"})),
    );
    let ask = "Postgres flexible server psql-ledger-qa for QA, v16, encrypted with our key in kv-ledger-qa";
    let r = run(
        ask,
        vec![server(json!([{"type": "UserAssigned"}])), identity.clone()],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // An identity nothing created runs as is not the database's to have.
    let r = run(ask, vec![server(json!([])), identity]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_user_assigned_identity.ledger_pg"],
        "{r:#?}"
    );
}

/// A resource moved from `previous` to `address`, with the actions and attributes the plan gives
/// it there.
fn moved(address: &str, previous: &str, action: &str, before: Value, after: Value) -> Value {
    let mut change = crate::engine::testing::resource_change(address, &[action], before, after);
    change["previous_address"] = json!(previous);
    change
}

#[test]
fn a_refactoring_request_is_met_by_moves_alone() {
    let moved = moved(
        "module.net.aws_vpc.main",
        "aws_vpc.main",
        "no-op",
        tags("dev"),
        tags("dev"),
    );
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

#[test]
fn things_moved_as_the_subject_of_a_sentence_are_a_refactoring_too() {
    let moved = moved(
        "module.billing.heroku_formation.web",
        "heroku_formation.web",
        "update",
        json!({"type": "web", "quantity": 2, "size": "standard-1x"}),
        json!({"type": "web", "quantity": 4, "size": "standard-1x"}),
    );
    let r = run(
        "As part of splitting the monorepo, the billing app, its add-on and its web formation move into a billing module",
        vec![moved],
    );
    assert_eq!(
        creep(&r),
        vec!["module.billing.heroku_formation.web"],
        "{r:#?}"
    );
}

#[test]
fn a_refactoring_met_by_moves_is_not_asked_for_what_it_says_of_the_plan() {
    let moved_topic = moved(
        "module.events.google_pubsub_topic.audit",
        "google_pubsub_topic.audit",
        "no-op",
        json!({"name": "audit", "labels": {"env": "dev"}}),
        json!({"name": "audit", "labels": {"env": "dev"}}),
    );
    for request in [
        "terraform refactor: audit topic and its subscriptions -> module.events with moved blocks, no diff expected",
        "Refactoring only. Shift the audit topic and subscriptions into module.events; the plan should show moves only",
        "The audit topic and its subscriptions should just be moved under module.events - nothing created, nothing destroyed",
    ] {
        let r = run(request, vec![moved_topic.clone()]);
        assert!(r.findings.is_empty(), "{request}: {r:#?}");
    }
    // A refactoring that also asks for a thing is no longer moves alone.
    let r = run(
        "terraform refactor: audit topic -> module.events with moved blocks, and add a dead-letter queue",
        vec![moved_topic],
    );
    assert!(
        r.findings.iter().any(|f| f.id == ids::MISSING_ACTION),
        "{r:#?}"
    );
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
    // An age written short ("90d") is an age too.
    let short = "trim acme-dev-raw-events: lifecycle rule, delete anything older than 30d";
    let r = run(short, vec![expire_after_30_days()]);
    assert!(clean(&r), "{short}: {r:#?}");
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
fn a_rename_said_to_be_in_terraform_is_a_refactoring() {
    let bucket = |acl: &str| with(tags("staging"), json!({"bucket": "acme-logs", "acl": acl}));
    for text in [
        "rename the logs bucket to access_logs in terraform",
        "tf: rename bucket logs -> access-logs",
    ] {
        let r = run(
            text,
            vec![update(
                "aws_s3_bucket.access_logs",
                bucket("private"),
                bucket("public-read"),
            )],
        );
        assert_eq!(
            creep(&r),
            vec!["aws_s3_bucket.access_logs"],
            "{text}: {r:#?}"
        );
    }
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
    for text in [
        "security finding SEC-881 on the test media storage account:\n1. disable public blob access\n2. min TLS -> 1.2",
        "hey, the pentest flagged stmediaassetstest (test). can we turn off public access to blobs and require tls1.2?",
    ] {
        let one = run(
            text,
            vec![update(
                "azurerm_storage_account.media_assets",
                before.clone(),
                account(true, "TLS1_2"),
            )],
        );
        assert!(ids_of(&one).contains(&ids::MISSING_ACTION), "{text:?}: {one:#?}");
    }
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
fn a_named_thing_said_to_be_fine_where_it_is_is_left_alone() {
    let vm = |name: &str| {
        update(
            &format!("aws_instance.batch[\"{name}\"]"),
            json!({"instance_type": "c6i.large", "tags": {"Name": name, "Environment": "dev"}}),
            json!({"instance_type": "c6i.xlarge", "tags": {"Name": name, "Environment": "dev"}}),
        )
    };
    let text = "batch-node-07 in dev keeps running out of CPU, resize it to c6i.xlarge. \
                batch-node-08 is fine where it is, leave it.";
    let r = run(text, vec![vm("batch-node-07"), vm("batch-node-08")]);
    assert_eq!(
        creep(&r),
        vec!["aws_instance.batch[\"batch-node-08\"]"],
        "{r:#?}"
    );
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

#[test]
fn a_setting_is_named_by_what_it_is_about_not_by_a_word_it_only_shares() {
    // "messages get redelivered" shares "message" with message_retention_seconds, but the
    // setting is a retention: cutting it beside the asked timeout is not asked for.
    let queue = |vis: i64, retention: i64| {
        with(
            tags("staging"),
            json!({"name": "invoice-export", "visibility_timeout_seconds": vis, "message_retention_seconds": retention}),
        )
    };
    let text = "because messages get redelivered, bump the visibility timeout on the staging invoice-export queue from 30s to 900s";
    let r = run(
        text,
        vec![update(
            "aws_sqs_queue.invoice_export",
            queue(30, 345600),
            queue(900, 60),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_sqs_queue.invoice_export"], "{r:#?}");
    let r = run(
        text,
        vec![update(
            "aws_sqs_queue.invoice_export",
            queue(30, 345600),
            queue(900, 345600),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn the_request_s_own_verb_and_a_number_s_unit_name_no_setting() {
    // "Upgrade" is the action, not `auto_minor_version_upgrade`; "800 messages" is a unit, not
    // a monitor's `message`: neither is a setting asked for and left as it was.
    let db = |v: &str| {
        with(
            tags("staging"),
            json!({"identifier": "orders-staging", "engine_version": v, "auto_minor_version_upgrade": false}),
        )
    };
    let r = run(
        "Upgrade the staging orders Postgres (orders-staging) from 15.5 to 15.7",
        vec![update("aws_db_instance.orders", db("15.5"), db("15.7"))],
    );
    assert!(clean(&r), "{r:#?}");
    let monitor = |warning: i64| {
        json!({"name": "invoices queue depth", "message": "queue is deep @slack-ops", "tags": ["env:staging"],
               "monitor_thresholds": [{"warning": warning, "critical": 1000}]})
    };
    let r = run(
        "The staging invoices queue depth warning fires every night. Move the warning up to 800 messages.",
        vec![update("datadog_monitor.invoice_queue_depth", monitor(500), monitor(800))],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_dotted_version_is_a_name_and_never_a_count() {
    let asked = request::parse("orders-prod RDS: engine_version 15.5 -> 15.7 (security patch)");
    assert!(
        asked
            .items
            .iter()
            .all(|i| i.scale_to != Some(15) && i.count != Some(15)),
        "{asked:#?}"
    );
}

#[test]
fn a_value_the_request_moves_must_end_where_it_says() {
    let cluster = |size: &str| {
        json!({"name": "catalog-dev", "replication_specs": [{"region_configs": [{"electable_specs": [{"instance_size": size}]}]}],
               "tags": [{"key": "Owner", "value": "a"}, {"key": "Environment", "value": "dev"}, {"key": "CostCenter", "value": "b"}]})
    };
    for text in [
        "bump the dev atlas cluster catalog-dev from M10 to M20",
        "catalog-dev (MongoDB Atlas) is too small. Please move it up one tier, to M20.",
        "atlas catalog-dev: instance size M10 -> M20 pls",
    ] {
        let r = run(
            text,
            vec![update(
                "mongodbatlas_advanced_cluster.catalog",
                cluster("M10"),
                cluster("M30"),
            )],
        );
        assert_eq!(
            creep(&r),
            vec!["mongodbatlas_advanced_cluster.catalog"],
            "{text}: {r:#?}"
        );
        let r = run(
            text,
            vec![update(
                "mongodbatlas_advanced_cluster.catalog",
                cluster("M10"),
                cluster("M20"),
            )],
        );
        assert!(creep(&r).is_empty(), "{text}: {r:#?}");
    }
}

#[test]
fn a_part_attached_to_another_parent_than_the_one_named_is_out_of_scope() {
    let sub = |topic: &str| {
        json!({"topic_arn": format!("arn:aws:sns:us-east-1:111122223333:{topic}"), "protocol": "email",
               "endpoint": "oncall-billing@acme.example"})
    };
    let text =
        "Subscribe oncall-billing@acme.example to the staging billing-alerts SNS topic (email).";
    let r = run(
        text,
        vec![create(
            "aws_sns_topic_subscription.oncall_billing",
            sub("staging-deploy-events"),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_sns_topic_subscription.oncall_billing"],
        "{r:#?}"
    );
    let r = run(
        text,
        vec![create(
            "aws_sns_topic_subscription.oncall_billing",
            sub("staging-billing-alerts"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn an_attribute_named_for_the_changes_own_kind_names_no_parent() {
    // The initial database a new cluster holds is named inside it; the shared replica the
    // request mentions as the reason is no parent of it.
    let text = "The finance team's reports are outgrowing the shared read replica, so they need \
                their own Aurora Postgres cluster in qa with a pair of db.r6g.large instances.";
    let r = run(
        text,
        vec![create(
            "aws_rds_cluster.ledger",
            json!({"cluster_identifier": "ledger-qa", "engine": "aurora-postgresql",
                   "database_name": "ledger", "tags": tags("qa")}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_part_attached_to_a_sibling_of_the_named_parent_is_out_of_scope() {
    let pool = |cluster: &str| {
        json!({"name": "batch", "vm_size": "Standard_D8s_v5", "priority": "Spot",
               "kubernetes_cluster_id": format!("/subscriptions/0/resourceGroups/rg-data/providers/Microsoft.ContainerService/managedClusters/{cluster}")})
    };
    let text = "Add a spot node pool called batch to aks-data-uat (D8s_v5, autoscale 0-5).";
    let r = run(
        text,
        vec![create(
            "azurerm_kubernetes_cluster_node_pool.batch",
            pool("aks-data-test"),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["azurerm_kubernetes_cluster_node_pool.batch"],
        "{r:#?}"
    );
    let r = run(
        text,
        vec![create(
            "azurerm_kubernetes_cluster_node_pool.batch",
            pool("aks-data-uat"),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A parent whose name differs in its first part is of another kind (`rg-` beside `vmss-`).
    let r = run(
        "vmss-render-dev: 2 -> 6 instances for the rendering crunch",
        vec![update(
            "azurerm_linux_virtual_machine_scale_set.render",
            json!({"name": "vmss-render-dev", "resource_group_name": "rg-render-dev", "instances": 2}),
            json!({"name": "vmss-render-dev", "resource_group_name": "rg-render-dev", "instances": 6}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_silence_with_a_wildcard_scope_is_wider_than_the_monitors_named() {
    let downtime = |scope: &str| {
        json!({"scope": [scope], "monitor_tags": [scope], "start": 1763762400, "end": 1763766000,
               "message": "checkout db maintenance"})
    };
    let text = "mute the staging checkout monitors tonight 22:00-23:00 UTC for the db maintenance";
    let r = run(
        text,
        vec![create("datadog_downtime.checkout", downtime("*"))],
    );
    assert_eq!(creep(&r), vec!["datadog_downtime.checkout"], "{r:#?}");
    let r = run(
        text,
        vec![create(
            "datadog_downtime.checkout",
            downtime("service:checkout,env:staging"),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_policy_that_deletes_everything_stored_comes_with_nothing_unless_asked() {
    let container = create(
        "azurerm_storage_container.invoices",
        json!({"name": "invoices", "storage_account_name": "stbillingdev01", "container_access_type": "private"}),
    );
    let purge = |prefix: Value| {
        create(
            "azurerm_storage_management_policy.billing",
            json!({"storage_account_id": "/subscriptions/0/resourceGroups/rg-billing-dev/providers/Microsoft.Storage/storageAccounts/stbillingdev01",
                   "rule": [{"name": "purge", "enabled": true, "filters": [{"blob_types": ["blockBlob"], "prefix_match": prefix}],
                             "actions": [{"base_blob": [{"delete_after_days_since_modification_greater_than": 7}]}]}]}),
        )
    };
    let text = "create a private blob container named invoices in stbillingdev01";
    let r = run(text, vec![container.clone(), purge(json!([]))]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_storage_management_policy.billing"],
        "{r:#?}"
    );
    // Limited to a corner set aside for it, it cleans up rather than destroys.
    let r = run(
        text,
        vec![container.clone(), purge(json!(["invoices/tmp/"]))],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Asked for, it is in scope.
    let r = run(
        "create a private blob container named invoices in stbillingdev01, and delete blobs after 7 days",
        vec![container, purge(json!([]))],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_word_for_a_kind_that_does_not_head_its_phrase_is_no_strong_evidence_of_a_missing_thing() {
    let ruleset = create(
        "cloudflare_ruleset.login_rate_limit",
        json!({"zone_id": "z1", "name": "login rate limit", "kind": "zone", "phase": "http_ratelimit",
               "rules": [{"expression": "http.request.uri.path eq \"/login\"", "action": "block"}]}),
    );
    // "credential" is a word for a secret, but the phrase is about credential stuffing.
    let r = run(
        "credential stuffing again on the login page :( can we throttle /login on cloudflare? 20/min per ip",
        vec![ruleset],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // A phrase headed by its kind still is: the key vault asked and not planned is missing.
    let r = run(
        "Create a storage account and a key vault for the test document service",
        vec![create(
            "azurerm_storage_account.docs",
            with(
                tags("test"),
                json!({"name": "stdocstest", "account_kind": "StorageV2"}),
            ),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_name_shaped_like_a_region_code_is_no_region_without_a_compass_part() {
    let vm = delete(
        "azurerm_linux_virtual_machine.batch_03",
        with(
            tags("test"),
            json!({"name": "vm-batch-03", "location": "westeurope"}),
        ),
    );
    let r = run(
        "Please retire the test VM vm-batch-03, nothing runs there since March.",
        vec![vm],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let asked = request::parse("a bucket in eu-west-3 and one in europe-west1");
    assert_eq!(
        asked.regions,
        vec!["eu-west-3", "europe-west1"],
        "{asked:#?}"
    );
}

#[test]
fn what_the_request_moves_away_from_is_no_thing_that_can_be_missing() {
    let r = run(
        "The analytics team is finally moving off the old VMs. Please create a bucket for their raw files in dev.",
        vec![create("google_storage_bucket.raw", json!({"name": "acme-dev-raw", "location": "EU",
            "labels": {"owner": "analytics", "environment": "dev", "costcenter": "cc-1"}}))],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_multi_region_holds_the_regions_of_its_continent() {
    let bucket = |location: &str| {
        create(
            "google_storage_bucket.raw",
            json!({"name": "acme-dev-raw", "location": location,
                   "labels": {"owner": "analytics", "environment": "dev", "costcenter": "cc-1"}}),
        )
    };
    let text = "create a dev bucket for raw files in europe-west1";
    assert!(creep(&run(text, vec![bucket("EU")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![bucket("US")])),
        vec!["google_storage_bucket.raw"]
    );
}

#[test]
fn a_thing_deleted_as_asked_takes_the_parts_it_holds_with_it() {
    let vm = |n: &str| {
        delete(
            &format!("azurerm_linux_virtual_machine.batch_{n}"),
            with(
                tags("test"),
                json!({"name": format!("vm-batch-{n}"), "location": "westeurope",
                       "network_interface_ids": [format!("/subscriptions/0/resourceGroups/rg-batch-test/providers/Microsoft.Network/networkInterfaces/nic-batch-{n}")]}),
            ),
        )
    };
    let nic = |n: &str| {
        delete(
            &format!("azurerm_network_interface.batch_{n}"),
            with(
                tags("test"),
                json!({"name": format!("nic-batch-{n}"), "location": "westeurope"}),
            ),
        )
    };
    let text = "Please retire the test VM vm-batch-03; nothing runs there since March.";
    let r = run(text, vec![vm("03"), nic("03")]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // The sibling VM and its NIC are not parts of the one named.
    let r = run(text, vec![vm("03"), nic("03"), vm("04"), nic("04")]);
    assert!(
        creep(&r).contains(&"azurerm_linux_virtual_machine.batch_04"),
        "{r:#?}"
    );
    assert!(
        !creep(&r).contains(&"azurerm_network_interface.batch_03"),
        "{r:#?}"
    );
}

#[test]
fn a_size_limit_names_the_maximum_size_and_not_the_tier() {
    let db = |size: u64, sku: &str| {
        json!({"name": "orders", "max_size_gb": size, "sku_name": sku,
               "tags": {"Environment": "staging"}})
    };
    let text = "pls raise size limit on the orders sql db in staging to 250gb, were at 97%";
    let r = run(
        text,
        vec![update(
            "azurerm_mssql_database.orders",
            db(100, "S2"),
            db(250, "S4"),
        )],
    );
    assert_eq!(creep(&r), vec!["azurerm_mssql_database.orders"], "{r:#?}");
    let r = run(
        text,
        vec![update(
            "azurerm_mssql_database.orders",
            db(100, "S2"),
            db(250, "S2"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_value_with_its_unit_or_a_duration_in_minutes_is_the_setting_in_its_own_unit() {
    let lb = |timeout: u64| json!({"name": "checkout-prod", "idle_timeout": timeout});
    for text in [
        "checkout-prod ALB: idle_timeout 60 -> 180s. CHG-20417",
        "Long-running export downloads on checkout keep getting cut off at one minute. Under CHG-20417, please raise the idle timeout on the production checkout load balancer to three minutes.",
    ] {
        let r = run(text, vec![update("aws_lb.checkout", lb(60), lb(180))]);
        assert!(creep(&r).is_empty(), "{text}: {r:#?}");
        assert!(!ids_of(&r).contains(&"missing_action"), "{text}: {r:#?}");
        // Five minutes is not the three asked.
        let r = run(text, vec![update("aws_lb.checkout", lb(60), lb(300))]);
        assert!(!clean(&r), "{text}: {r:#?}");
    }
}

#[test]
fn an_exclusion_by_name_leaves_only_the_thing_of_that_name_alone() {
    let plan_ = |name: &str| {
        update(
            &format!("azurerm_service_plan.{name}"),
            json!({"name": format!("asp-{name}-dev"), "resource_group_name": "rg-web-dev",
                   "sku_name": "P1v2", "tags": {"Environment": "dev"}}),
            json!({"name": format!("asp-{name}-dev"), "resource_group_name": "rg-web-dev",
                   "sku_name": "P1v3", "tags": {"Environment": "dev"}}),
        )
    };
    for text in [
        "Move every App Service plan in rg-web-dev to P1v3, except asp-legacy-dev (it's being sunset anyway).",
        "rg-web-dev app service plans -> P1v3. skip asp-legacy-dev",
        "Microsoft is retiring the v2 tier we're on. Could the plans in the dev web resource group be upgraded to P1v3? Not the legacy one though, leave asp-legacy-dev as it is.",
    ] {
        // The siblings share `asp` and `dev` with the excluded name: they are still asked.
        let r = run(text, vec![plan_("web"), plan_("api")]);
        assert!(clean(&r), "{text}: {r:#?}");
        let r = run(text, vec![plan_("web"), plan_("api"), plan_("legacy")]);
        assert_eq!(creep(&r), vec!["azurerm_service_plan.legacy"], "{text}: {r:#?}");
    }
}

#[test]
fn a_thing_that_names_or_points_at_a_thing_created_as_asked_serves_it() {
    let function = create(
        "aws_lambda_function.thumbnailer",
        with(
            tags("dev"),
            json!({"function_name": "thumbnailer-dev", "runtime": "python3.12"}),
        ),
    );
    let logs = |name: &str| {
        create(
            "aws_cloudwatch_log_group.thumbnailer",
            with(tags("dev"), json!({"name": name, "retention_in_days": 14})),
        )
    };
    let text = "Wire up a thumbnailer Lambda in dev: it fires on new uploads in acme-dev-uploads and writes the resized images to acme-dev-thumbs.";
    // Its log group carries the function's own name.
    let r = run(
        text,
        vec![function.clone(), logs("/aws/lambda/thumbnailer-dev")],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // A log group for something else serves nothing asked.
    let r = run(
        text,
        vec![function.clone(), logs("/aws/lambda/billing-export-dev")],
    );
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
    // A firewall pointing at new hosts decides who gets in: it must be asked for.
    let r = run(
        "stand up two droplets for the staging queue workers (s-2vcpu-4gb, fra1)",
        vec![
            create(
                "digitalocean_droplet.queue_worker[0]",
                json!({"name": "queue-worker-staging-0", "size": "s-2vcpu-4gb", "region": "fra1", "tags": ["env:staging"]}),
            ),
            create(
                "digitalocean_droplet.queue_worker[1]",
                json!({"name": "queue-worker-staging-1", "size": "s-2vcpu-4gb", "region": "fra1", "tags": ["env:staging"]}),
            ),
            create(
                "digitalocean_firewall.queue_workers",
                json!({"name": "queue-worker-staging-0", "inbound_rule": [{"protocol": "tcp", "port_range": "22",
                       "source_addresses": ["0.0.0.0/0"]}]}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["digitalocean_firewall.queue_workers"],
        "{r:#?}"
    );
}

#[test]
fn a_thing_the_thing_created_as_asked_uses_serves_it() {
    let text = "Need an X-Small Snowflake warehouse MARKETING_BI_WH for the marketing analysts \
                (the existing role MARKETING_ANALYST gets usage), auto-suspend 60s, capped at 50 \
                credits a month.";
    let warehouse = |monitor: &str| {
        create(
            "snowflake_warehouse.marketing_bi",
            json!({"name": "MARKETING_BI_WH", "warehouse_size": "XSMALL", "auto_suspend": 60,
                   "resource_monitor": monitor}),
        )
    };
    let monitor = create(
        "snowflake_resource_monitor.marketing_bi",
        json!({"name": "MARKETING_BI_RM", "credit_quota": 50, "frequency": "MONTHLY"}),
    );
    let usage = create(
        "snowflake_grant_privileges_to_account_role.marketing_wh_usage",
        json!({"account_role_name": "MARKETING_ANALYST", "privileges": ["USAGE"],
               "on_account_object": [{"object_type": "WAREHOUSE", "object_name": "MARKETING_BI_WH"}]}),
    );
    // The new warehouse is capped by the new monitor: the monitor serves it.
    let r = run(
        text,
        vec![warehouse("MARKETING_BI_RM"), monitor.clone(), usage.clone()],
    );
    assert!(clean(&r), "{r:#?}");
    // A monitor the warehouse does not use serves nothing asked.
    let r = run(text, vec![warehouse("SHARED_RM"), monitor, usage]);
    assert!(!clean(&r), "{r:#?}");
    // The thing's own name does not count: a parameter named as a part of the asked queue's
    // name is not one it uses.
    let r = run(
        "create the sqs queue invoice-render-dev-dlq in dev",
        vec![
            create(
                "aws_sqs_queue.dlq",
                json!({"name": "invoice-render-dev-dlq", "tags": tags("dev")}),
            ),
            create(
                "aws_ssm_parameter.render",
                json!({"name": "invoice-render-dev", "tags": tags("dev")}),
            ),
        ],
    );
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn a_thing_described_by_what_it_does_is_the_thing_before_the_participle() {
    let r = run(
        "STAGE-2291: new lambda `refund-notifier-staging` (python3.12) consuming the existing \
         refund-events-staging SQS queue",
        vec![create(
            "aws_lambda_function.refund_notifier",
            json!({"function_name": "refund-notifier-staging", "runtime": "python3.12",
                   "tags": tags("staging")}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    // The thing before the participle is still the one asked: a queue alone does not do it.
    let r = run(
        "new lambda refund-notifier-staging consuming the existing refund-events-staging SQS queue",
        vec![create(
            "aws_sqs_queue.refund_events",
            json!({"name": "refund-events-staging", "tags": tags("staging")}),
        )],
    );
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn where_things_come_out_of_is_a_source_not_one_more_thing_to_create() {
    let r = run(
        "The ML team wants its feature files out of the shared bucket. Please create a \
         dedicated dev bucket for them.",
        vec![create(
            "aws_s3_bucket.features",
            json!({"bucket": "acme-ml-features-dev", "tags": tags("dev")}),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_change_named_by_no_kind_does_not_cover_another_new_thing_beside_the_kinds_asked() {
    let plan = vec![
        create(
            "aws_elasticache_replication_group.sessions",
            json!({"replication_group_id": "web-sessions-staging", "engine": "redis",
                   "num_cache_clusters": 2, "at_rest_encryption_enabled": true,
                   "tags": tags("staging")}),
        ),
        create(
            "aws_instance.sessions_bastion",
            json!({"instance_type": "t3.micro",
                   "tags": with(tags("staging"), json!({"Name": "web-sessions-bastion"}))}),
        ),
    ];
    let r = run(
        "We want to move web sessions out of the app servers' memory in staging. Please create \
         a small Redis on ElastiCache for it: two nodes, encrypted.",
        plan,
    );
    assert_eq!(creep(&r), vec!["aws_instance.sessions_bastion"], "{r:#?}");
}

#[test]
fn a_clause_with_its_own_subject_and_modal_describes_the_thing_before_it() {
    let r = run(
        "Dev environment for the routing team: a container registry the cluster can pull \
         images from, and a Key Vault the workloads can read their secrets from.",
        vec![
            create(
                "azurerm_container_registry.routing",
                json!({"name": "acrroutingdev", "tags": tags("dev")}),
            ),
            create(
                "azurerm_key_vault.routing",
                json!({"name": "kv-routing-dev", "tags": tags("dev")}),
            ),
        ],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_thing_named_by_the_given_name_plus_more_is_a_sibling_not_the_named_thing() {
    let queue = |name: &str, timeout: u64| json!({"name": name, "visibility_timeout_seconds": timeout, "tags": tags("dev")});
    let text = "invoice-render-dev SQS: visibility timeout 30s -> 300s";
    let r = run(
        text,
        vec![update(
            "aws_sqs_queue.invoice_render_dlq",
            queue("invoice-render-dev-dlq", 30),
            queue("invoice-render-dev-dlq", 300),
        )],
    );
    assert!(!clean(&r), "{r:#?}");
    let r = run(
        text,
        vec![update(
            "aws_sqs_queue.invoice_render",
            queue("invoice-render-dev", 30),
            queue("invoice-render-dev", 300),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_name_given_to_a_thing_of_another_category_marks_no_sibling_of_it() {
    // `booking_app` is the database's user; `booking-api` is the service's name.
    let r = run(
        "for booking team we need in staging: cloud run for booking-api and one postgres \
         database in cloud sql",
        [
            booking_service_and_database(),
            vec![create(
                "google_sql_user.app",
                json!({"name": "booking_app", "instance": "booking-staging"}),
            )],
        ]
        .concat(),
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_new_part_for_a_new_thing_patterned_like_the_named_new_thing_is_built_beside_it() {
    let r = run(
        "gcs bucket acme-ml-features-dev + sa ml-trainer-dev (read/write objects on that bucket \
         only). cmek pls",
        vec![
            create(
                "google_kms_crypto_key.features",
                json!({"name": "ml-features-dev", "key_ring": "projects/p/locations/l/keyRings/ml"}),
            ),
            create(
                "google_storage_bucket.features",
                json!({"name": "acme-ml-features-dev", "labels": tags("dev")}),
            ),
            create(
                "google_service_account.trainer",
                json!({"account_id": "ml-trainer-dev"}),
            ),
        ],
    );
    assert!(
        !creep(&r).contains(&"google_kms_crypto_key.features"),
        "{r:#?}"
    );
}

#[test]
fn a_things_own_name_refers_to_no_parent() {
    let r = run(
        "Could you please create the refund-notifier function in staging and have it pick up \
         messages from the refund-events-staging queue?",
        vec![create(
            "aws_lambda_function.refund_notifier",
            json!({"function_name": "refund-notifier-staging", "tags": tags("staging")}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_thing_asked_by_no_kind_covers_no_other_new_thing_beside_the_kinds_asked() {
    let r = run(
        "hey can we get ticketing-api stood up in staging? cloud run + pubsub topic ticketing-events",
        vec![
            create(
                "google_cloud_run_v2_service.api",
                json!({"name": "ticketing-api", "labels": tags("staging")}),
            ),
            create(
                "google_pubsub_topic.events",
                json!({"name": "ticketing-events", "labels": tags("staging")}),
            ),
            create(
                "google_redis_instance.cache",
                json!({"name": "ticketing-api-cache", "tier": "BASIC", "labels": tags("staging")}),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["google_redis_instance.cache"], "{r:#?}");
}

#[test]
fn a_change_carrying_the_name_asked_and_called_by_its_types_word_is_the_thing_asked() {
    // "repo" is read as a code repository; the change is a container image repository. Its
    // name and its type's own word both agree with the request, so it is the thing asked.
    let r = run(
        "staging needs an ECR repo `billing-worker` (immutable tags, scan on push)",
        vec![create(
            "aws_ecr_repository.billing_worker",
            with(tags("staging"), json!({"name": "billing-worker"})),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    // A type word alone, or a name alone, is not enough: a queue named in the request is not
    // a topic of that name.
    let r = run(
        "staging needs a new SQS queue called billing-worker",
        vec![
            create(
                "aws_sqs_queue.billing_worker",
                with(tags("staging"), json!({"name": "billing-worker"})),
            ),
            create(
                "aws_sns_topic.billing_alerts",
                with(tags("staging"), json!({"name": "billing-alerts"})),
            ),
        ],
    );
    assert!(
        !r.scope
            .iter()
            .any(|s| s.address == "aws_sns_topic.billing_alerts" && s.in_scope),
        "{r:#?}"
    );
}

#[test]
fn a_thing_named_by_more_than_the_name_written_out_is_not_the_thing_asked() {
    // The queue asked is `invoice-render-dev`; the plan changes its dead-letter queue.
    let r = run(
        "invoice-render-dev SQS: visibility timeout 30s -> 300s",
        vec![update(
            "aws_sqs_queue.invoice_render_dlq",
            with(
                tags("dev"),
                json!({"name": "invoice-render-dev-dlq", "visibility_timeout_seconds": 30}),
            ),
            with(
                tags("dev"),
                json!({"name": "invoice-render-dev-dlq", "visibility_timeout_seconds": 300}),
            ),
        )],
    );
    assert!(
        r.scope.iter().all(|s| !s.in_scope),
        "a sibling of the named queue is not it: {r:#?}"
    );
}

#[test]
fn an_update_of_the_thing_named_in_full_that_moves_a_number_as_spelled_out_is_asked() {
    let lb = |timeout: i64| {
        with(
            tags("dev"),
            json!({"name": "dev-api", "idle_timeout": timeout}),
        )
    };
    let text = "INC-4411 follow-up: dev-api ALB idle_timeout 60 -> 300";
    let r = run(text, vec![update("aws_lb.api", lb(60), lb(300))]);
    assert!(clean(&r), "{r:#?}");
    // Moved to another number than the one spelled out: not shown to be asked.
    let r = run(text, vec![update("aws_lb.api", lb(60), lb(600))]);
    assert!(!clean(&r), "{r:#?}");
    assert!(r.scope.iter().all(|s| !s.in_scope), "{r:#?}");
}

#[test]
fn a_replacement_that_only_changes_the_settings_asked_of_the_thing_named_is_asked() {
    let agent = |ami: &str, size: &str| {
        json!({"ami": ami, "instance_type": size,
               "tags": {"Name": "jenkins-agent-03", "Environment": "test"}})
    };
    let replace = |before: Value, after: Value| {
        resource_change(
            "aws_instance.jenkins_agent_03",
            &["delete", "create"],
            before,
            after,
        )
    };
    let text = "jenkins-agent-03 in test is still on the old AMI and fails the CIS scan. pls move \
                it to ami-0f9e8d7c6b5a40321 (yes that means a replace)";
    let r = run(
        text,
        vec![replace(
            agent("ami-0a1b2c3d4e5f60001", "m6i.large"),
            agent("ami-0f9e8d7c6b5a40321", "m6i.large"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    // Replaced with a setting the request does not speak of changed too: not shown to be asked.
    let r = run(
        text,
        vec![replace(
            agent("ami-0a1b2c3d4e5f60001", "m6i.large"),
            agent("ami-0f9e8d7c6b5a40321", "m6i.4xlarge"),
        )],
    );
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn a_number_moved_as_words_or_with_instead_of_is_spelled_out() {
    let vmss =
        |n: i64| json!({"name": "vmss-render-dev", "instances": n, "tags": {"Environment": "dev"}});
    let scale = |from: i64, to: i64| {
        update(
            "azurerm_linux_virtual_machine_scale_set.render",
            vmss(from),
            vmss(to),
        )
    };
    let text =
        "rendering deadline this week, can we run six instances on vmss-render-dev instead of two?";
    assert!(clean(&run(text, vec![scale(2, 6)])));
    // The old and new numbers the other way round are not what was asked.
    assert!(!clean(&run(text, vec![scale(6, 2)])));
    // Number words in a move read as numbers.
    assert!(settings::spells_out_number_change(
        "vmss-render-dev two -> six",
        2,
        6
    ));
    assert!(!settings::spells_out_number_change(
        "vmss-render-dev a -> six",
        1,
        6
    ));
}

#[test]
fn a_product_the_phrase_names_is_not_met_by_a_type_sharing_only_its_noun() {
    let text = "we need in the staging project: a postgres instance on cloud sql";
    let sql = create(
        "google_sql_database_instance.ticketing",
        json!({"name": "ticketing-staging", "database_version": "POSTGRES_16", "project": "acme-staging"}),
    );
    let redis = create(
        "google_redis_instance.cache",
        json!({"name": "ticketing-cache-staging", "redis_version": "REDIS_7_2", "project": "acme-staging"}),
    );
    let r = run(text, vec![sql.clone(), redis]);
    assert_eq!(creep(&r), vec!["google_redis_instance.cache"], "{r:#?}");
    let r = run(text, vec![sql]);
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn an_api_switched_on_is_never_one_of_the_things_counted() {
    let api = |name: &str| {
        create(
            &format!("google_project_service.{name}"),
            json!({"project": "acme-staging", "service": format!("{name}.googleapis.com")}),
        )
    };
    let r = run(
        "Staging setup for the ticketing API: a Cloud Run service running ticketing-api 0.8.1, \
         a Cloud SQL (Postgres 16) database behind it.",
        vec![
            create(
                "google_cloud_run_v2_service.ticketing",
                json!({"name": "ticketing-api", "location": "europe-west1", "project": "acme-staging"}),
            ),
            create(
                "google_sql_database_instance.ticketing",
                json!({"name": "ticketing-staging", "database_version": "POSTGRES_16", "project": "acme-staging"}),
            ),
            api("run"),
            api("sqladmin"),
        ],
    );
    assert!(
        r.scope
            .iter()
            .all(|s| !s.reason.starts_with("more than asked")),
        "{r:#?}"
    );
}

#[test]
fn a_name_written_in_capitals_with_underscores_is_the_things_own_name() {
    let wh = |size: &str| json!({"name": "ANALYTICS_WH", "warehouse_size": size});
    let r = run(
        "ANALYTICS_WH: MEDIUM -> XLARGE for quarter-end close.",
        vec![update(
            "snowflake_warehouse.analytics",
            wh("MEDIUM"),
            wh("XLARGE"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_thing_that_shows_itself_to_be_the_product_asked_does_the_item() {
    // A marketplace add-on says what it is only through its plan.
    let text = "Create the Heroku app marketing-site-staging and attach a small Postgres database";
    let app = create(
        "heroku_app.marketing_site_staging",
        json!({"name": "marketing-site-staging", "region": "eu"}),
    );
    let addon = |plan: &str| {
        create(
            "heroku_addon.marketing_site_staging_db",
            json!({"plan": plan}),
        )
    };
    let r = run(
        text,
        vec![app.clone(), addon("heroku-postgresql:essential-0")],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // An add-on of another product is not the database asked.
    let r = run(text, vec![app, addon("heroku-redis:mini")]);
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn an_update_of_a_thing_named_in_full_that_also_changes_unasked_settings_is_out_of_scope() {
    let wh = |suspend: i64, size: &str| json!({"name": "BI_WH", "auto_suspend": suspend, "warehouse_size": size});
    let text = "snowflake BI_WH auto suspend to 120 sec pls, to save credits";
    // The setting given its new value, and nothing else: asked.
    let r = run(
        text,
        vec![update(
            "snowflake_warehouse.bi",
            wh(600, "SMALL"),
            wh(120, "SMALL"),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    // The same update also resizes the warehouse: the request named the warehouse, so the
    // resize is shown to be unasked, not merely unclear.
    let r = run(
        text,
        vec![update(
            "snowflake_warehouse.bi",
            wh(600, "SMALL"),
            wh(120, "LARGE"),
        )],
    );
    assert_eq!(creep(&r), vec!["snowflake_warehouse.bi"], "{r:#?}");
}

#[test]
fn words_naming_no_kind_of_thing_under_any_verb_are_missing_only_when_the_plan_does_nothing_of_it()
{
    let text = "decommission vm-batch-03, the job moved";
    let vm = || with(tags("dev"), json!({"name": "vm-batch-03"}));
    // The named machine is deleted: "the job moved" asks for nothing more.
    let r = run(
        text,
        vec![delete("azurerm_linux_virtual_machine.batch_03", vm())],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // Nothing is deleted at all: the decommission is missing.
    let r = run(
        text,
        vec![update(
            "azurerm_linux_virtual_machine.batch_03",
            vm(),
            with(vm(), json!({"size": "Standard_B2s"})),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_change_asked_of_an_existing_thing_is_done_by_an_update_of_the_setting_its_words_name() {
    let text = "CHG-77120: enable zone-redundant high availability on psql-ledger-prod (standby in zone 2).";
    let server = |mode: &str| {
        with(
            tags("production"),
            json!({"name": "psql-ledger-prod", "high_availability": [{"mode": mode}]}),
        )
    };
    let r = run(
        text,
        vec![update(
            "azurerm_postgresql_flexible_server.ledger",
            server("Disabled"),
            server("Enabled"),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // An update of some other setting does not do it.
    let r = run(
        text,
        vec![update(
            "azurerm_postgresql_flexible_server.ledger",
            server("Disabled"),
            with(
                server("Disabled"),
                json!({"sku_name": "GP_Standard_D4s_v3"}),
            ),
        )],
    );
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn a_new_thing_whose_type_carries_the_provider_and_product_words_the_request_uses_is_named() {
    let text = "Can we host the public handbook on Cloudflare Pages? Serve it under handbook.acmetech.example.";
    let site = || {
        vec![
            create(
                "cloudflare_pages_project.handbook",
                json!({"name": "handbook", "production_branch": "main"}),
            ),
            create(
                "cloudflare_pages_domain.handbook",
                json!({"project_name": "handbook", "domain": "handbook.acmetech.example"}),
            ),
            // The custom domain's record points at the new project: it serves it.
            create(
                "cloudflare_record.handbook",
                json!({"name": "handbook", "type": "CNAME", "content": "handbook.pages.dev"}),
            ),
        ]
    };
    let r = run(text, site());
    assert!(clean(&r), "{r:#?}");
    // The provider's word alone names nothing: a firewall ruleset was not asked.
    let mut plan = site();
    plan.push(create(
        "cloudflare_ruleset.waf",
        json!({"name": "waf", "kind": "zone", "phase": "http_request_firewall_custom"}),
    ));
    let r = run(text, plan);
    assert!(
        r.scope
            .iter()
            .any(|s| s.address == "cloudflare_ruleset.waf" && !s.in_scope),
        "{r:#?}"
    );
}

#[test]
fn a_request_read_only_by_the_names_it_writes_out_covers_nothing_else() {
    let wh = |suspend: i64| json!({"name": "BI_WH", "auto_suspend": suspend});
    let r = run(
        "snowflake BI_WH auto suspend to 120 sec pls",
        vec![
            update("snowflake_warehouse.bi", wh(600), wh(120)),
            create(
                "snowflake_stage.exports",
                json!({"name": "EXPORTS", "url": "s3://acme-exports/"}),
            ),
        ],
    );
    assert!(
        r.scope
            .iter()
            .any(|s| s.address == "snowflake_warehouse.bi" && s.in_scope),
        "{r:#?}"
    );
    assert!(
        r.scope
            .iter()
            .any(|s| s.address == "snowflake_stage.exports" && !s.in_scope),
        "{r:#?}"
    );
}

#[test]
fn a_word_the_plan_types_as_another_kind_brings_nothing_its_first_reading_needs() {
    // "container" first reads as a container service, which needs network rules; the plan
    // holds a storage container and no container service, so the word meant the storage one.
    let r = run(
        "Could you add a reports container to the stanalyticsdev storage account?",
        vec![
            create(
                "azurerm_storage_container.reports",
                json!({"name": "reports", "storage_account_name": "stanalyticsdev",
                       "container_access_type": "private"}),
            ),
            create(
                "azurerm_network_security_rule.ssh_from_office",
                json!({"name": "ssh-from-office", "direction": "Inbound", "access": "Allow",
                       "destination_port_range": "22", "source_address_prefix": "10.8.0.0/16"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["azurerm_network_security_rule.ssh_from_office"],
        "{r:#?}"
    );
}

#[test]
fn one_thing_for_each_name_listed_is_one_thing_per_name() {
    let sub = |name: &str| {
        create(
            &format!("google_pubsub_subscription.{}", name.replace('-', "_")),
            with(
                tags("staging"),
                json!({"name": name, "topic": "shipping-events"}),
            ),
        )
    };
    let request = "Add a shipping-events topic in staging and a push subscription for each of \
                   warehouse-feed, courier-feed and audit-feed.";
    let topic = || {
        create(
            "google_pubsub_topic.shipping_events",
            with(tags("staging"), json!({"name": "shipping-events"})),
        )
    };
    let short = run(
        request,
        vec![topic(), sub("warehouse-feed"), sub("courier-feed")],
    );
    assert!(ids_of(&short).contains(&ids::MISSING_ACTION), "{short:#?}");
    let all = run(
        request,
        vec![
            topic(),
            sub("warehouse-feed"),
            sub("courier-feed"),
            sub("audit-feed"),
        ],
    );
    assert!(!ids_of(&all).contains(&ids::MISSING_ACTION), "{all:#?}");
    assert!(creep(&all).is_empty(), "{all:#?}");
}
