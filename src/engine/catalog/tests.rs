use super::categories::*;
use super::kinds::KINDS;
use super::*;

#[test]
fn rows_are_sorted_and_unique_so_lookups_find_them() {
    for pair in types::TYPES.windows(2) {
        assert!(
            pair[0].name < pair[1].name,
            "catalog rows out of order: `{}` must come after `{}`",
            pair[0].name,
            pair[1].name
        );
    }
    for r in types::TYPES {
        assert!(std::ptr::eq(row(r.name).unwrap(), r), "{}", r.name);
    }
}

#[test]
fn every_row_names_a_known_category_and_known_kinds() {
    for r in types::TYPES {
        assert!(
            CATEGORIES.contains(&r.category),
            "{}: {}",
            r.name,
            r.category
        );
        for k in r.kinds {
            assert!(
                KINDS.iter().any(|kind| kind.name == *k),
                "{}: kind {k}",
                r.name
            );
        }
        for c in r.companion_of {
            assert!(CATEGORIES.contains(c), "{}: {c}", r.name);
        }
    }
}

#[test]
fn corpus_types_map_to_their_category() {
    let cases: &[(&str, &str)] = &[
        ("aws_alb", LOAD_BALANCER),
        ("aws_alb_listener", LOAD_BALANCER),
        ("aws_alb_target_group", LOAD_BALANCER),
        ("aws_appautoscaling_target", AUTOSCALING),
        ("aws_autoscaling_group", AUTOSCALING),
        ("aws_cloudtrail", LOGGING_AUDIT),
        ("aws_cloudwatch_event_rule", MESSAGING),
        ("aws_cloudwatch_event_target", MESSAGING),
        ("aws_cloudwatch_log_group", LOGGING_AUDIT),
        ("aws_cloudwatch_metric_alarm", MONITORING),
        ("aws_db_instance", DATABASE),
        ("aws_db_option_group", DATABASE),
        ("aws_db_parameter_group", DATABASE),
        ("aws_db_subnet_group", DATABASE),
        ("aws_default_vpc", NETWORK),
        ("aws_ebs_snapshot", BLOCK_STORAGE),
        ("aws_ebs_volume", BLOCK_STORAGE),
        ("aws_ecr_repository", CONTAINER),
        ("aws_ecs_service", CONTAINER),
        ("aws_eks_cluster", CONTAINER),
        ("aws_elasticache_cluster", CACHE),
        ("aws_elasticache_replication_group", CACHE),
        ("aws_elasticsearch_domain", ANALYTICS),
        ("aws_elasticsearch_domain_policy", ANALYTICS),
        ("aws_elb", LOAD_BALANCER),
        ("aws_flow_log", LOGGING_AUDIT),
        ("aws_iam_access_key", IAM),
        ("aws_iam_group_policy", IAM),
        ("aws_iam_instance_profile", IAM),
        ("aws_iam_openid_connect_provider", IAM),
        ("aws_iam_policy", IAM),
        ("aws_iam_role_policy_attachment", IAM),
        ("aws_iam_user_policy", IAM),
        ("aws_instance", COMPUTE),
        ("aws_internet_gateway", NETWORK),
        ("aws_key_pair", COMPUTE),
        ("aws_kms_alias", KEY_MANAGEMENT),
        ("aws_kms_key", KEY_MANAGEMENT),
        ("aws_lambda_function", SERVERLESS),
        ("aws_lambda_permission", SERVERLESS),
        ("aws_launch_configuration", COMPUTE),
        ("aws_lb", LOAD_BALANCER),
        ("aws_lb_listener", LOAD_BALANCER),
        ("aws_neptune_cluster", DATABASE),
        ("aws_neptune_cluster_snapshot", DATABASE),
        ("aws_network_interface", NETWORK),
        ("aws_rds_cluster", DATABASE),
        ("aws_route", NETWORK),
        ("aws_route53_record", DNS),
        ("aws_route53_zone", DNS),
        ("aws_route_table", NETWORK),
        ("aws_route_table_association", NETWORK),
        ("aws_s3_bucket", OBJECT_STORAGE),
        ("aws_s3_bucket_logging", OBJECT_STORAGE),
        ("aws_s3_bucket_object", OBJECT_STORAGE),
        ("aws_s3_bucket_policy", OBJECT_STORAGE),
        ("aws_s3_bucket_public_access_block", OBJECT_STORAGE),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            OBJECT_STORAGE,
        ),
        ("aws_secretsmanager_secret", SECRETS),
        ("aws_security_group", NETWORK_ACCESS),
        ("aws_security_group_rule", NETWORK_ACCESS),
        ("aws_sqs_queue", MESSAGING),
        ("aws_ssm_parameter", SECRETS),
        ("aws_subnet", NETWORK),
        ("aws_volume_attachment", BLOCK_STORAGE),
        ("aws_vpc", NETWORK),
        ("aws_vpc_security_group_ingress_rule", NETWORK_ACCESS),
        ("aws_vpc_security_group_egress_rule", NETWORK_ACCESS),
        ("aws_nat_gateway", NETWORK),
        ("aws_eip", PUBLIC_IP),
        ("aws_acm_certificate", CERTIFICATE),
        ("azurerm_availability_set", COMPUTE),
        ("azurerm_firewall", NETWORK_ACCESS),
        ("azurerm_firewall_network_rule_collection", NETWORK_ACCESS),
        ("azurerm_network_interface", NETWORK),
        (
            "azurerm_network_interface_security_group_association",
            NETWORK_ACCESS,
        ),
        ("azurerm_network_security_group", NETWORK_ACCESS),
        ("azurerm_network_security_rule", NETWORK_ACCESS),
        ("azurerm_public_ip", PUBLIC_IP),
        ("azurerm_resource_group", ACCOUNT),
        ("azurerm_sql_firewall_rule", NETWORK_ACCESS),
        ("azurerm_mssql_firewall_rule", NETWORK_ACCESS),
        ("azurerm_sql_server", DATABASE),
        ("azurerm_mssql_database", DATABASE),
        ("azurerm_storage_account", OBJECT_STORAGE),
        ("azurerm_storage_container", OBJECT_STORAGE),
        ("azurerm_subnet", NETWORK),
        ("azurerm_virtual_hub", NETWORK),
        ("azurerm_virtual_machine", COMPUTE),
        ("azurerm_linux_virtual_machine", COMPUTE),
        ("azurerm_linux_virtual_machine_scale_set", AUTOSCALING),
        ("azurerm_managed_disk", BLOCK_STORAGE),
        ("azurerm_virtual_network", NETWORK),
        ("azurerm_virtual_wan", NETWORK),
        ("azurerm_key_vault", KEY_MANAGEMENT),
        ("azurerm_key_vault_key", KEY_MANAGEMENT),
        ("azurerm_key_vault_secret", SECRETS),
        ("azurerm_kubernetes_cluster", CONTAINER),
        ("azurerm_kubernetes_cluster_node_pool", CONTAINER),
        ("azurerm_redis_cache", CACHE),
        ("azurerm_servicebus_queue", MESSAGING),
        ("azurerm_monitor_diagnostic_setting", LOGGING_AUDIT),
        ("azurerm_role_assignment", IAM),
        ("google_compute_disk", BLOCK_STORAGE),
        ("google_compute_firewall", NETWORK_ACCESS),
        ("google_compute_instance", COMPUTE),
        ("google_compute_instance_template", COMPUTE),
        ("google_compute_instance_iam_member", IAM),
        ("google_compute_network", NETWORK),
        ("google_compute_subnetwork", NETWORK),
        ("google_compute_router_nat", NETWORK),
        ("google_compute_address", PUBLIC_IP),
        ("google_container_cluster", CONTAINER),
        ("google_container_node_pool", CONTAINER),
        ("google_folder", ACCOUNT),
        ("google_project", ACCOUNT),
        ("google_project_iam_binding", IAM),
        ("google_project_iam_member", IAM),
        ("google_project_iam_audit_config", LOGGING_AUDIT),
        ("google_storage_bucket", OBJECT_STORAGE),
        ("google_storage_bucket_iam_member", IAM),
        ("google_sql_database_instance", DATABASE),
        ("google_redis_instance", CACHE),
        ("google_pubsub_topic", MESSAGING),
        ("google_kms_crypto_key", KEY_MANAGEMENT),
        ("google_logging_project_sink", LOGGING_AUDIT),
        ("google_service_account", IAM),
        ("google_cloud_run_v2_service", SERVERLESS),
        ("google_bigquery_dataset", ANALYTICS),
        ("github_branch", SOURCE_CONTROL),
        ("github_repository", SOURCE_CONTROL),
        ("local_file", UTILITY),
        ("null_resource", UTILITY),
        ("random_id", UTILITY),
        ("terraform_data", UTILITY),
        ("time_offset", UTILITY),
    ];
    for (t, want) in cases {
        assert_eq!(category_of(t), *want, "{t}");
    }
}

#[test]
fn unknown_providers_fall_back_on_keywords_then_other() {
    assert_eq!(category_of("oci_core_instance"), COMPUTE);
    assert_eq!(category_of("digitalocean_database_cluster"), DATABASE);
    assert_eq!(category_of("ibm_is_security_group_rule"), NETWORK_ACCESS);
    assert_eq!(category_of("test_instance"), COMPUTE);
    assert_eq!(category_of("corner_user_identity"), IAM);
    assert_eq!(category_of("mystery_thing"), OTHER);
    assert_eq!(category_of(""), OTHER);
    assert_eq!(category_of(&"x".repeat(10_000)), OTHER);
}

#[test]
fn every_fallback_category_is_in_the_public_list() {
    for (_, c) in categories::PREFIX.iter().chain(categories::KEYWORDS) {
        assert!(CATEGORIES.contains(c), "{c}");
    }
}

/// The rule this module exists for: a known resource type is one row. `aws_dax_cluster` was
/// added as a single row (category, kind, encryption-at-rest rule, size attribute) and nothing
/// else; the checks (`a_dax_cluster_is_unencrypted_at_rest_unless_its_server_side_encryption_is_enabled`)
/// and the intent analysis (`a_dax_cache_of_n_nodes_is_counted_by_its_replication_factor`) pick
/// it up from here.
#[test]
fn a_type_is_known_by_its_row_alone() {
    let t = "aws_dax_cluster";
    let r = row(t).expect("a row");
    assert_eq!(category_of(t), CACHE);
    assert_eq!(kinds_of(t), &["cache"]);
    let cache = KINDS.iter().find(|k| k.name == "cache").unwrap();
    assert!(is_kind(t, cache) && kind_has_types(cache));
    assert_eq!(
        at_rest_rule(t),
        Some(AtRestRule::NestedFlag("server_side_encryption", "enabled"))
    );
    assert!(size_attributes(t, "node").contains(&"replication_factor"));
    // The type's own size attribute is its own: another cache does not count by it.
    assert!(!size_attributes("aws_elasticache_cluster", "node").contains(&"replication_factor"));
    assert!(r.exposure.is_none() && r.roles.is_empty());
}

#[test]
fn an_api_switch_serves_the_types_of_its_own_api_only() {
    let api = |s: &str| serde_json::json!({ "service": s });
    for (service, ty) in [
        ("sqladmin.googleapis.com", "google_sql_database_instance"),
        ("run.googleapis.com", "google_cloud_run_v2_service"),
        (
            "secretmanager.googleapis.com",
            "google_secret_manager_secret",
        ),
        ("pubsub.googleapis.com", "google_pubsub_topic"),
        ("cloudkms.googleapis.com", "google_kms_crypto_key"),
    ] {
        assert!(
            switches_on_api_of("google_project_service", &api(service), ty),
            "{service} {ty}"
        );
    }
    for (service, ty) in [
        ("bigquery.googleapis.com", "google_sql_database_instance"),
        ("compute.googleapis.com", "google_service_account"),
        ("run.googleapis.com", "aws_lambda_function"),
    ] {
        assert!(
            !switches_on_api_of("google_project_service", &api(service), ty),
            "{service} {ty}"
        );
    }
    // Only a switch switches anything on.
    assert!(!switches_on_api_of(
        "google_storage_bucket",
        &api("run.googleapis.com"),
        "google_cloud_run_v2_service"
    ));
}

#[test]
fn a_certificates_private_key_serves_it() {
    assert!(categories::supporting(CERTIFICATE).contains(&KEY_MANAGEMENT));
}

/// A provider no row knows is judged by the same words: its machine types are instances by
/// their own names, and nothing else of it is given a kind its name merely ends with.
#[test]
fn a_machine_of_a_provider_the_catalog_does_not_know_is_an_instance_by_its_name() {
    for t in [
        "upcloud_server",
        "vultr_instance",
        "examplecloud_compute_instance_v2",
        // A provider the catalog knows by one special row only is still read by its words.
        "openstack_compute_instance_v2",
    ] {
        assert_eq!(kinds_of(t), &["instance"], "{t}");
    }
    // A part named like a whole is not counted as one ("..._logical_database" lives inside a
    // managed database), and a known provider's rowless type keeps no kind.
    for t in [
        "upcloud_managed_database_logical_database",
        "examplecloud_vpc",
        "aws_instance_state_policy",
        "aws_not_a_real_server",
    ] {
        assert!(kinds_of(t).is_empty(), "{t}: {:?}", kinds_of(t));
    }
}

#[test]
fn a_databricks_cluster_is_analytics_and_who_may_use_it_is_iam() {
    assert_eq!(category_of("databricks_cluster"), ANALYTICS);
    assert_eq!(category_of("databricks_sql_endpoint"), ANALYTICS);
    assert_eq!(category_of("databricks_job"), ANALYTICS);
    assert_eq!(category_of("databricks_permissions"), IAM);
    assert_eq!(category_of("databricks_grants"), IAM);
    assert_eq!(category_of("databricks_secret_scope"), SECRETS);
    // Another provider's cluster keeps the keyword's category.
    assert_eq!(category_of("exoscale_sks_cluster"), CONTAINER);
}
