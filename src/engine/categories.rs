/*!
Resource type → category table for AWS, Azure and GCP (plus the utility providers that appear in
real plans).

The intent analysis compares what a request asks for ("a bucket", "a firewall rule") with what the
plan touches, and it does so by category: `aws_s3_bucket`, `google_storage_bucket` and
`azurerm_storage_account` are all `object_storage`. The table is explicit entries first (types whose
prefix would mislead, such as `aws_cloudwatch_event_rule`, which is messaging, not monitoring), then
ordered prefix rules per provider, then keyword fallbacks for providers nobody listed. Anything
left is `other`, which the intent stage treats as "cannot show it is covered".
*/

/// Every category [`category_of`] can return. Kept as one list so callers (the model prompt, the
/// summary) can show the vocabulary.
pub const CATEGORIES: &[&str] = &[
    NETWORK,
    NETWORK_ACCESS,
    PUBLIC_IP,
    COMPUTE,
    AUTOSCALING,
    CONTAINER,
    SERVERLESS,
    DATABASE,
    CACHE,
    ANALYTICS,
    OBJECT_STORAGE,
    BLOCK_STORAGE,
    FILE_STORAGE,
    MESSAGING,
    IAM,
    KEY_MANAGEMENT,
    SECRETS,
    CERTIFICATE,
    DNS,
    LOAD_BALANCER,
    CDN,
    LOGGING_AUDIT,
    MONITORING,
    BACKUP,
    ACCOUNT,
    SOURCE_CONTROL,
    UTILITY,
    OTHER,
];

pub const NETWORK: &str = "network";
/// Security groups, NSGs, firewalls and their rules, network ACLs, WAFs: who may reach what.
pub const NETWORK_ACCESS: &str = "network_access";
pub const PUBLIC_IP: &str = "public_ip";
pub const COMPUTE: &str = "compute";
pub const AUTOSCALING: &str = "autoscaling";
pub const CONTAINER: &str = "container";
pub const SERVERLESS: &str = "serverless";
pub const DATABASE: &str = "database";
pub const CACHE: &str = "cache";
pub const ANALYTICS: &str = "analytics";
pub const OBJECT_STORAGE: &str = "object_storage";
pub const BLOCK_STORAGE: &str = "block_storage";
pub const FILE_STORAGE: &str = "file_storage";
pub const MESSAGING: &str = "messaging";
pub const IAM: &str = "iam";
pub const KEY_MANAGEMENT: &str = "key_management";
pub const SECRETS: &str = "secrets";
pub const CERTIFICATE: &str = "certificate";
pub const DNS: &str = "dns";
pub const LOAD_BALANCER: &str = "load_balancer";
pub const CDN: &str = "cdn";
pub const LOGGING_AUDIT: &str = "logging_audit";
pub const MONITORING: &str = "monitoring";
pub const BACKUP: &str = "backup";
/// Resource containers: Azure resource groups, GCP projects and folders, AWS organizations.
pub const ACCOUNT: &str = "account";
pub const SOURCE_CONTROL: &str = "source_control";
/// Helpers with no cloud footprint: `random_*`, `null_resource`, `time_*`, `terraform_data`...
pub const UTILITY: &str = "utility";
pub const OTHER: &str = "other";

/// Exact types whose prefix rule would give the wrong answer, or that no prefix covers.
const EXACT: &[(&str, &str)] = &[
    // AWS
    ("aws_flow_log", LOGGING_AUDIT),
    ("aws_s3_bucket_logging", OBJECT_STORAGE),
    ("aws_route", NETWORK),
    ("aws_default_vpc", NETWORK),
    ("aws_default_subnet", NETWORK),
    ("aws_default_route_table", NETWORK),
    ("aws_default_security_group", NETWORK_ACCESS),
    ("aws_default_network_acl", NETWORK_ACCESS),
    ("aws_network_acl", NETWORK_ACCESS),
    ("aws_network_acl_rule", NETWORK_ACCESS),
    ("aws_network_acl_association", NETWORK_ACCESS),
    ("aws_key_pair", COMPUTE),
    ("aws_launch_template", COMPUTE),
    ("aws_launch_configuration", COMPUTE),
    ("aws_placement_group", COMPUTE),
    ("aws_spot_instance_request", COMPUTE),
    ("aws_instance", COMPUTE),
    ("aws_volume_attachment", BLOCK_STORAGE),
    ("aws_ssm_parameter", SECRETS),
    ("aws_iam_server_certificate", CERTIFICATE),
    ("aws_autoscaling_attachment", LOAD_BALANCER),
    ("aws_lb_target_group_attachment", LOAD_BALANCER),
    ("aws_elb_attachment", LOAD_BALANCER),
    ("aws_api_gateway_domain_name", DNS),
    ("aws_ses_domain_identity", DNS),
    // Azure
    (
        "azurerm_network_interface_security_group_association",
        NETWORK_ACCESS,
    ),
    (
        "azurerm_subnet_network_security_group_association",
        NETWORK_ACCESS,
    ),
    ("azurerm_network_watcher_flow_log", LOGGING_AUDIT),
    ("azurerm_storage_queue", MESSAGING),
    ("azurerm_storage_table", DATABASE),
    ("azurerm_storage_share", FILE_STORAGE),
    ("azurerm_storage_share_directory", FILE_STORAGE),
    ("azurerm_key_vault_secret", SECRETS),
    ("azurerm_key_vault_certificate", CERTIFICATE),
    ("azurerm_ssh_public_key", COMPUTE),
    ("azurerm_availability_set", COMPUTE),
    ("azurerm_service_plan", COMPUTE),
    ("azurerm_app_service_plan", COMPUTE),
    ("azurerm_monitor_autoscale_setting", AUTOSCALING),
    ("azurerm_monitor_diagnostic_setting", LOGGING_AUDIT),
    ("azurerm_monitor_activity_log_alert", MONITORING),
    ("azurerm_application_insights", MONITORING),
    ("azurerm_resource_group", ACCOUNT),
    ("azurerm_subscription", ACCOUNT),
    ("azurerm_application_gateway", LOAD_BALANCER),
    ("azurerm_web_application_firewall_policy", NETWORK_ACCESS),
    ("azurerm_application_security_group", NETWORK_ACCESS),
    ("azurerm_user_assigned_identity", IAM),
    ("azurerm_federated_identity_credential", IAM),
    // GCP
    ("google_compute_address", PUBLIC_IP),
    ("google_compute_global_address", PUBLIC_IP),
    ("google_compute_router_nat", NETWORK),
    ("google_compute_autoscaler", AUTOSCALING),
    ("google_compute_region_autoscaler", AUTOSCALING),
    ("google_compute_security_policy", NETWORK_ACCESS),
    ("google_compute_ssl_certificate", CERTIFICATE),
    ("google_compute_managed_ssl_certificate", CERTIFICATE),
    ("google_compute_region_ssl_certificate", CERTIFICATE),
    ("google_compute_ssl_policy", LOAD_BALANCER),
    ("google_compute_backend_bucket", CDN),
    ("google_compute_attached_disk", BLOCK_STORAGE),
    ("google_compute_resource_policy", BLOCK_STORAGE),
    ("google_project_iam_audit_config", LOGGING_AUDIT),
    ("google_organization_iam_audit_config", LOGGING_AUDIT),
    ("google_folder_iam_audit_config", LOGGING_AUDIT),
    ("google_project", ACCOUNT),
    ("google_folder", ACCOUNT),
    ("google_project_service", ACCOUNT),
    ("google_vpc_access_connector", NETWORK),
    ("google_cloud_scheduler_job", SERVERLESS),
    // Other providers seen in real plans
    ("null_resource", UTILITY),
    ("terraform_data", UTILITY),
    ("local_file", UTILITY),
    ("local_sensitive_file", UTILITY),
    ("tls_private_key", KEY_MANAGEMENT),
    ("tls_self_signed_cert", CERTIFICATE),
    ("tls_locally_signed_cert", CERTIFICATE),
    ("tls_cert_request", CERTIFICATE),
    ("helm_release", CONTAINER),
];

/// Ordered prefix rules: the first match wins, so more specific prefixes come first.
const PREFIX: &[(&str, &str)] = &[
    // ---- AWS ----
    ("aws_security_group", NETWORK_ACCESS),
    ("aws_vpc_security_group_", NETWORK_ACCESS),
    ("aws_networkfirewall_", NETWORK_ACCESS),
    ("aws_wafv2_", NETWORK_ACCESS),
    ("aws_waf_", NETWORK_ACCESS),
    ("aws_wafregional_", NETWORK_ACCESS),
    ("aws_shield_", NETWORK_ACCESS),
    ("aws_vpc_endpoint", NETWORK),
    ("aws_vpc", NETWORK),
    ("aws_subnet", NETWORK),
    ("aws_route_table", NETWORK),
    ("aws_main_route_table", NETWORK),
    ("aws_nat_gateway", NETWORK),
    ("aws_internet_gateway", NETWORK),
    ("aws_egress_only_internet_gateway", NETWORK),
    ("aws_vpn_", NETWORK),
    ("aws_customer_gateway", NETWORK),
    ("aws_ec2_transit_gateway", NETWORK),
    ("aws_network_interface", NETWORK),
    ("aws_dx_", NETWORK),
    ("aws_networkmanager_", NETWORK),
    ("aws_eip", PUBLIC_IP),
    ("aws_ec2_", COMPUTE),
    ("aws_ami", COMPUTE),
    ("aws_autoscaling_", AUTOSCALING),
    ("aws_appautoscaling_", AUTOSCALING),
    ("aws_ebs_", BLOCK_STORAGE),
    ("aws_snapshot_", BLOCK_STORAGE),
    ("aws_dlm_", BLOCK_STORAGE),
    ("aws_efs_", FILE_STORAGE),
    ("aws_fsx_", FILE_STORAGE),
    ("aws_s3_", OBJECT_STORAGE),
    ("aws_s3control_", OBJECT_STORAGE),
    ("aws_glacier_", OBJECT_STORAGE),
    ("aws_db_", DATABASE),
    ("aws_rds_", DATABASE),
    ("aws_dynamodb_", DATABASE),
    ("aws_docdb", DATABASE),
    ("aws_neptune_", DATABASE),
    ("aws_redshift", DATABASE),
    ("aws_dms_", DATABASE),
    ("aws_timestream", DATABASE),
    ("aws_keyspaces_", DATABASE),
    ("aws_qldb_", DATABASE),
    ("aws_elasticache_", CACHE),
    ("aws_memorydb_", CACHE),
    ("aws_dax_", CACHE),
    ("aws_sqs_", MESSAGING),
    ("aws_sns_", MESSAGING),
    ("aws_mq_", MESSAGING),
    ("aws_kinesis_analytics", ANALYTICS),
    ("aws_kinesis", MESSAGING),
    ("aws_msk_", MESSAGING),
    ("aws_cloudwatch_event_", MESSAGING),
    ("aws_scheduler_", MESSAGING),
    ("aws_pipes_", MESSAGING),
    ("aws_ses_", MESSAGING),
    ("aws_iam_", IAM),
    ("aws_organizations_", ACCOUNT),
    ("aws_ssoadmin_", IAM),
    ("aws_identitystore_", IAM),
    ("aws_cognito_", IAM),
    ("aws_kms_", KEY_MANAGEMENT),
    ("aws_cloudhsm", KEY_MANAGEMENT),
    ("aws_secretsmanager_", SECRETS),
    ("aws_route53", DNS),
    ("aws_service_discovery_", DNS),
    ("aws_lb", LOAD_BALANCER),
    ("aws_alb", LOAD_BALANCER),
    ("aws_elb", LOAD_BALANCER),
    ("aws_globalaccelerator_", LOAD_BALANCER),
    ("aws_acm", CERTIFICATE),
    ("aws_cloudtrail", LOGGING_AUDIT),
    ("aws_cloudwatch_log_", LOGGING_AUDIT),
    ("aws_config_", LOGGING_AUDIT),
    ("aws_guardduty_", LOGGING_AUDIT),
    ("aws_securityhub_", LOGGING_AUDIT),
    ("aws_macie2_", LOGGING_AUDIT),
    ("aws_inspector", LOGGING_AUDIT),
    ("aws_accessanalyzer_", LOGGING_AUDIT),
    ("aws_detective_", LOGGING_AUDIT),
    ("aws_cloudwatch_", MONITORING),
    ("aws_xray_", MONITORING),
    ("aws_synthetics_", MONITORING),
    ("aws_lambda_", SERVERLESS),
    ("aws_api_gateway_", SERVERLESS),
    ("aws_apigatewayv2_", SERVERLESS),
    ("aws_sfn_", SERVERLESS),
    ("aws_ecs_", CONTAINER),
    ("aws_eks_", CONTAINER),
    ("aws_ecr", CONTAINER),
    ("aws_apprunner_", CONTAINER),
    ("aws_batch_", COMPUTE),
    ("aws_elastic_beanstalk_", COMPUTE),
    ("aws_lightsail_", COMPUTE),
    ("aws_cloudfront_", CDN),
    ("aws_elasticsearch_", ANALYTICS),
    ("aws_opensearch", ANALYTICS),
    ("aws_athena_", ANALYTICS),
    ("aws_glue_", ANALYTICS),
    ("aws_emr", ANALYTICS),
    ("aws_sagemaker_", ANALYTICS),
    ("aws_lakeformation_", ANALYTICS),
    ("aws_quicksight_", ANALYTICS),
    ("aws_backup_", BACKUP),
    // ---- Azure ----
    ("azurerm_network_security_", NETWORK_ACCESS),
    ("azurerm_firewall", NETWORK_ACCESS),
    ("azurerm_sql_firewall_rule", NETWORK_ACCESS),
    ("azurerm_mssql_firewall_rule", NETWORK_ACCESS),
    ("azurerm_mysql_firewall_rule", NETWORK_ACCESS),
    (
        "azurerm_mysql_flexible_server_firewall_rule",
        NETWORK_ACCESS,
    ),
    ("azurerm_postgresql_firewall_rule", NETWORK_ACCESS),
    (
        "azurerm_postgresql_flexible_server_firewall_rule",
        NETWORK_ACCESS,
    ),
    ("azurerm_mariadb_firewall_rule", NETWORK_ACCESS),
    ("azurerm_redis_firewall_rule", NETWORK_ACCESS),
    ("azurerm_cosmosdb_", DATABASE),
    ("azurerm_virtual_network", NETWORK),
    ("azurerm_subnet", NETWORK),
    ("azurerm_route", NETWORK),
    ("azurerm_nat_gateway", NETWORK),
    ("azurerm_virtual_hub", NETWORK),
    ("azurerm_virtual_wan", NETWORK),
    ("azurerm_vpn_", NETWORK),
    ("azurerm_express_route", NETWORK),
    ("azurerm_private_endpoint", NETWORK),
    ("azurerm_private_link", NETWORK),
    ("azurerm_network_interface", NETWORK),
    ("azurerm_network_watcher", NETWORK),
    ("azurerm_local_network_gateway", NETWORK),
    ("azurerm_public_ip", PUBLIC_IP),
    ("azurerm_linux_virtual_machine_scale_set", AUTOSCALING),
    ("azurerm_windows_virtual_machine_scale_set", AUTOSCALING),
    ("azurerm_virtual_machine_scale_set", AUTOSCALING),
    (
        "azurerm_orchestrated_virtual_machine_scale_set",
        AUTOSCALING,
    ),
    (
        "azurerm_virtual_machine_data_disk_attachment",
        BLOCK_STORAGE,
    ),
    ("azurerm_virtual_machine", COMPUTE),
    ("azurerm_linux_virtual_machine", COMPUTE),
    ("azurerm_windows_virtual_machine", COMPUTE),
    ("azurerm_dedicated_host", COMPUTE),
    ("azurerm_image", COMPUTE),
    ("azurerm_shared_image", COMPUTE),
    ("azurerm_app_service", COMPUTE),
    ("azurerm_linux_web_app", COMPUTE),
    ("azurerm_windows_web_app", COMPUTE),
    ("azurerm_managed_disk", BLOCK_STORAGE),
    ("azurerm_snapshot", BLOCK_STORAGE),
    ("azurerm_storage_", OBJECT_STORAGE),
    ("azurerm_sql_", DATABASE),
    ("azurerm_mssql_", DATABASE),
    ("azurerm_mysql_", DATABASE),
    ("azurerm_postgresql_", DATABASE),
    ("azurerm_mariadb_", DATABASE),
    ("azurerm_redis_", CACHE),
    ("azurerm_servicebus_", MESSAGING),
    ("azurerm_eventhub", MESSAGING),
    ("azurerm_eventgrid_", MESSAGING),
    ("azurerm_notification_hub", MESSAGING),
    ("azurerm_role_", IAM),
    ("azurerm_key_vault", KEY_MANAGEMENT),
    ("azurerm_dns_", DNS),
    ("azurerm_private_dns_", DNS),
    ("azurerm_lb", LOAD_BALANCER),
    ("azurerm_traffic_manager_", LOAD_BALANCER),
    ("azurerm_frontdoor", CDN),
    ("azurerm_cdn_", CDN),
    ("azurerm_log_analytics_", LOGGING_AUDIT),
    ("azurerm_security_center_", LOGGING_AUDIT),
    ("azurerm_sentinel_", LOGGING_AUDIT),
    ("azurerm_monitor_", MONITORING),
    ("azurerm_function_app", SERVERLESS),
    ("azurerm_linux_function_app", SERVERLESS),
    ("azurerm_windows_function_app", SERVERLESS),
    ("azurerm_logic_app_", SERVERLESS),
    ("azurerm_api_management", SERVERLESS),
    ("azurerm_kubernetes_", CONTAINER),
    ("azurerm_container_", CONTAINER),
    ("azurerm_management_group", ACCOUNT),
    ("azurerm_recovery_services_", BACKUP),
    ("azurerm_backup_", BACKUP),
    ("azurerm_data_protection_", BACKUP),
    ("azurerm_synapse_", ANALYTICS),
    ("azurerm_databricks_", ANALYTICS),
    ("azurerm_data_factory", ANALYTICS),
    ("azurerm_search_", ANALYTICS),
    ("azuread_", IAM),
    // ---- GCP ---- (IAM bindings on any resource are caught by the `_iam_` keyword first)
    ("google_compute_firewall", NETWORK_ACCESS),
    ("google_compute_network_firewall_policy", NETWORK_ACCESS),
    (
        "google_compute_region_network_firewall_policy",
        NETWORK_ACCESS,
    ),
    ("google_compute_firewall_policy", NETWORK_ACCESS),
    ("google_compute_network", NETWORK),
    ("google_compute_subnetwork", NETWORK),
    ("google_compute_route", NETWORK),
    ("google_compute_router", NETWORK),
    ("google_compute_vpn_", NETWORK),
    ("google_compute_ha_vpn_gateway", NETWORK),
    ("google_compute_external_vpn_gateway", NETWORK),
    ("google_compute_interconnect", NETWORK),
    ("google_compute_shared_vpc_", NETWORK),
    ("google_service_networking_", NETWORK),
    ("google_compute_backend_service", LOAD_BALANCER),
    ("google_compute_region_backend_service", LOAD_BALANCER),
    ("google_compute_forwarding_rule", LOAD_BALANCER),
    ("google_compute_global_forwarding_rule", LOAD_BALANCER),
    ("google_compute_target_", LOAD_BALANCER),
    ("google_compute_region_target_", LOAD_BALANCER),
    ("google_compute_url_map", LOAD_BALANCER),
    ("google_compute_region_url_map", LOAD_BALANCER),
    ("google_compute_health_check", LOAD_BALANCER),
    ("google_compute_region_health_check", LOAD_BALANCER),
    ("google_compute_http_health_check", LOAD_BALANCER),
    ("google_compute_https_health_check", LOAD_BALANCER),
    ("google_compute_network_endpoint", LOAD_BALANCER),
    ("google_compute_disk", BLOCK_STORAGE),
    ("google_compute_region_disk", BLOCK_STORAGE),
    ("google_compute_snapshot", BLOCK_STORAGE),
    ("google_compute_instance_group_manager", AUTOSCALING),
    ("google_compute_region_instance_group_manager", AUTOSCALING),
    ("google_compute_instance", COMPUTE),
    ("google_compute_image", COMPUTE),
    ("google_compute_project_metadata", COMPUTE),
    ("google_storage_", OBJECT_STORAGE),
    ("google_sql_", DATABASE),
    ("google_spanner_", DATABASE),
    ("google_bigtable_", DATABASE),
    ("google_firestore_", DATABASE),
    ("google_alloydb_", DATABASE),
    ("google_datastore_", DATABASE),
    ("google_redis_", CACHE),
    ("google_memcache_", CACHE),
    ("google_pubsub_", MESSAGING),
    ("google_cloud_tasks_", MESSAGING),
    ("google_eventarc_", MESSAGING),
    ("google_service_account", IAM),
    ("google_iam_", IAM),
    ("google_organization_policy", IAM),
    ("google_org_policy_", IAM),
    ("google_kms_", KEY_MANAGEMENT),
    ("google_secret_manager_", SECRETS),
    ("google_dns_", DNS),
    ("google_certificate_manager_", CERTIFICATE),
    ("google_logging_", LOGGING_AUDIT),
    ("google_scc_", LOGGING_AUDIT),
    ("google_monitoring_", MONITORING),
    ("google_cloudfunctions", SERVERLESS),
    ("google_cloud_run_", SERVERLESS),
    ("google_workflows_", SERVERLESS),
    ("google_api_gateway_", SERVERLESS),
    ("google_container_", CONTAINER),
    ("google_artifact_registry_", CONTAINER),
    ("google_gke_", CONTAINER),
    ("google_bigquery_", ANALYTICS),
    ("google_dataproc_", ANALYTICS),
    ("google_dataflow_", ANALYTICS),
    ("google_composer_", ANALYTICS),
    ("google_vertex_ai_", ANALYTICS),
    ("google_filestore_", FILE_STORAGE),
    ("google_folder_", ACCOUNT),
    ("google_organization_", ACCOUNT),
    ("google_billing_", ACCOUNT),
    // ---- helpers and other providers ----
    ("random_", UTILITY),
    ("time_", UTILITY),
    ("null_", UTILITY),
    ("external_", UTILITY),
    ("archive_", UTILITY),
    ("http_", UTILITY),
    ("github_", SOURCE_CONTROL),
    ("gitlab_", SOURCE_CONTROL),
    // A Kubernetes ingress decides who reaches which service, like an access rule.
    ("kubernetes_ingress", NETWORK_ACCESS),
    ("kubernetes_", CONTAINER),
    ("cloudflare_record", DNS),
    // Cloudflare's WAF and firewall rules decide who may reach what, like any firewall rule.
    ("cloudflare_ruleset", NETWORK_ACCESS),
    ("cloudflare_firewall_rule", NETWORK_ACCESS),
    ("cloudflare_filter", NETWORK_ACCESS),
    ("cloudflare_access_rule", NETWORK_ACCESS),
    ("cloudflare_waf_", NETWORK_ACCESS),
    ("cloudflare_rate_limit", NETWORK_ACCESS),
    ("cloudflare_", CDN),
    ("fastly_", CDN),
    // Observability and on-call: monitors, dashboards, schedules, escalation policies.
    ("datadog_", MONITORING),
    ("pagerduty_", MONITORING),
    ("opsgenie_", MONITORING),
    ("grafana_", MONITORING),
    ("newrelic_", MONITORING),
    ("vault_", SECRETS),
];

/// Keyword fallbacks for types no rule above names (other providers, new resource types).
/// Checked against `_`-separated words of the type, in order.
const KEYWORDS: &[(&str, &str)] = &[
    ("iam", IAM),
    ("firewall", NETWORK_ACCESS),
    ("acl", NETWORK_ACCESS),
    ("waf", NETWORK_ACCESS),
    ("bucket", OBJECT_STORAGE),
    ("database", DATABASE),
    ("db", DATABASE),
    ("sql", DATABASE),
    ("redis", CACHE),
    ("cache", CACHE),
    ("queue", MESSAGING),
    ("topic", MESSAGING),
    ("subnet", NETWORK),
    ("vpc", NETWORK),
    ("network", NETWORK),
    ("dns", DNS),
    ("record", DNS),
    ("certificate", CERTIFICATE),
    ("secret", SECRETS),
    ("kms", KEY_MANAGEMENT),
    ("key", KEY_MANAGEMENT),
    ("role", IAM),
    ("policy", IAM),
    ("user", IAM),
    ("volume", BLOCK_STORAGE),
    ("disk", BLOCK_STORAGE),
    ("instance", COMPUTE),
    ("vm", COMPUTE),
    ("server", COMPUTE),
    ("cluster", CONTAINER),
    ("function", SERVERLESS),
    ("lambda", SERVERLESS),
    ("balancer", LOAD_BALANCER),
    ("log", LOGGING_AUDIT),
    ("audit", LOGGING_AUDIT),
    ("alarm", MONITORING),
    ("alert", MONITORING),
    ("monitor", MONITORING),
];

/// The category of a Terraform resource type (`aws_s3_bucket` → `object_storage`). Unknown → `other`.
pub fn category_of(resource_type: &str) -> &'static str {
    let t = resource_type.trim();
    if t.is_empty() || t.len() > 200 {
        return OTHER;
    }
    let lower = t.to_ascii_lowercase();
    let t = lower.as_str();
    if let Some((_, c)) = EXACT.iter().find(|(name, _)| *name == t) {
        return c;
    }
    // GCP binds IAM onto every resource type (`google_storage_bucket_iam_member`): those are
    // permission grants, whatever the resource they sit on. Audit configs are handled above.
    if t.starts_with("google_") && t.contains("_iam_") {
        return IAM;
    }
    if let Some((_, c)) = PREFIX.iter().find(|(prefix, _)| t.starts_with(prefix)) {
        return c;
    }
    if t.contains("security_group") || t.contains("firewall") {
        return NETWORK_ACCESS;
    }
    // Drop the provider word so `foo_db_instance` is judged by `db`, not by `foo`.
    let words: Vec<&str> = t.split('_').skip(1).collect();
    for (kw, c) in KEYWORDS {
        if words.iter().any(|w| w == kw) {
            return c;
        }
    }
    OTHER
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_returned_category_is_in_the_public_list() {
        for (_, c) in EXACT.iter().chain(PREFIX).chain(KEYWORDS) {
            assert!(CATEGORIES.contains(c), "{c}");
        }
    }
}
