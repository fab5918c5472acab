/*!
The category vocabulary and the category-level facts of the catalog.

The intent analysis compares what a request asks for ("a bucket", "a firewall rule") with what the
plan touches, and it does so by category: `aws_s3_bucket`, `google_storage_bucket` and
`azurerm_storage_account` are all `object_storage`. A type's category is its row in
[`super::types`]; for types no row names, the documented fallback here applies: ordered prefix
rules per provider, then keyword words for providers nobody listed. Anything left is `other`,
which the intent stage treats as "cannot show it is covered".

Facts that belong to a category rather than a type (which categories come with a requested one,
which categories have a size to scale) live here too.
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

/// Ordered prefix rules: the first match wins, so more specific prefixes come first.
pub(super) const PREFIX: &[(&str, &str)] = &[
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
    // Databricks: a data platform. Its clusters, jobs, SQL warehouses and notebooks are
    // analytics, whatever "cluster" would say of another provider; who may use them is IAM.
    ("databricks_permissions", IAM),
    ("databricks_grant", IAM),
    ("databricks_group", IAM),
    ("databricks_user", IAM),
    ("databricks_service_principal", IAM),
    ("databricks_secret", SECRETS),
    ("databricks_", ANALYTICS),
];

/// Keyword fallbacks for types no rule above names (other providers, new resource types).
/// Checked against `_`-separated words of the type, in order.
pub(super) const KEYWORDS: &[(&str, &str)] = &[
    ("iam", IAM),
    ("firewall", NETWORK_ACCESS),
    ("acl", NETWORK_ACCESS),
    ("waf", NETWORK_ACCESS),
    ("bucket", OBJECT_STORAGE),
    ("database", DATABASE),
    ("db", DATABASE),
    ("sql", DATABASE),
    ("redis", CACHE),
    ("valkey", CACHE),
    ("memcache", CACHE),
    ("memcached", CACHE),
    // A key-value store service (`alicloud_kvstore_instance`: Redis or Memcache).
    ("kvstore", CACHE),
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

/// The category of a type no catalog row names, by the documented fallback: GCP's per-resource
/// IAM bindings, then the ordered prefix rules, then security-group/firewall words, then keyword
/// words of the type. Anything left is [`OTHER`]. `t` is trimmed and lower-case.
pub(super) fn by_rules(t: &str) -> &'static str {
    // GCP binds IAM onto every resource type (`google_storage_bucket_iam_member`): those are
    // permission grants, whatever the resource they sit on. Audit configs are rows.
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

/// Categories whose size a "scale" request may change.
pub const CAPACITY_CATEGORIES: &[&str] = &[
    COMPUTE,
    AUTOSCALING,
    CONTAINER,
    SERVERLESS,
    DATABASE,
    CACHE,
    ANALYTICS,
    MESSAGING,
    FILE_STORAGE,
    BLOCK_STORAGE,
];

/// Categories that naturally come with a requested category (the request for a network segment
/// covers its subnets, route tables, NAT and security groups). Same-category sub-resources (a
/// bucket's public-access block, a volume's attachment, a database's subnet group) are always
/// covered and need no entry.
pub fn supporting(requested: &str) -> &'static [&'static str] {
    match requested {
        NETWORK => &[NETWORK_ACCESS, PUBLIC_IP, DNS, LOGGING_AUDIT, MONITORING],
        COMPUTE => &[
            BLOCK_STORAGE,
            NETWORK_ACCESS,
            PUBLIC_IP,
            IAM,
            MONITORING,
            AUTOSCALING,
            KEY_MANAGEMENT,
            DNS,
            LOAD_BALANCER,
            LOGGING_AUDIT,
        ],
        AUTOSCALING => &[COMPUTE, LOAD_BALANCER, MONITORING, NETWORK_ACCESS, IAM],
        CONTAINER => &[
            COMPUTE,
            AUTOSCALING,
            NETWORK_ACCESS,
            IAM,
            LOGGING_AUDIT,
            MONITORING,
            LOAD_BALANCER,
            KEY_MANAGEMENT,
            BLOCK_STORAGE,
        ],
        SERVERLESS => &[IAM, LOGGING_AUDIT, MESSAGING, MONITORING, NETWORK_ACCESS],
        DATABASE => &[
            NETWORK_ACCESS,
            KEY_MANAGEMENT,
            SECRETS,
            MONITORING,
            LOGGING_AUDIT,
            DNS,
            BACKUP,
        ],
        CACHE => &[NETWORK_ACCESS, KEY_MANAGEMENT, SECRETS, MONITORING],
        ANALYTICS => &[NETWORK_ACCESS, KEY_MANAGEMENT, MONITORING, LOGGING_AUDIT],
        OBJECT_STORAGE => &[KEY_MANAGEMENT, LOGGING_AUDIT, MONITORING],
        BLOCK_STORAGE => &[KEY_MANAGEMENT, BACKUP],
        FILE_STORAGE => &[NETWORK_ACCESS, KEY_MANAGEMENT, BACKUP],
        // Brokers and streams live in a network and log like any cluster.
        MESSAGING => &[KEY_MANAGEMENT, MONITORING, NETWORK_ACCESS, LOGGING_AUDIT],
        KEY_MANAGEMENT => &[],
        SECRETS => &[KEY_MANAGEMENT],
        // A certificate is issued for a key pair of its own.
        CERTIFICATE => &[DNS, LOAD_BALANCER, CDN, KEY_MANAGEMENT],
        DNS => &[CERTIFICATE],
        LOAD_BALANCER => &[
            NETWORK_ACCESS,
            CERTIFICATE,
            DNS,
            PUBLIC_IP,
            LOGGING_AUDIT,
            MONITORING,
        ],
        CDN => &[CERTIFICATE, DNS, LOGGING_AUDIT],
        LOGGING_AUDIT => &[OBJECT_STORAGE, KEY_MANAGEMENT, IAM],
        MONITORING => &[MESSAGING],
        BACKUP => &[KEY_MANAGEMENT],
        ACCOUNT => &[],
        _ => &[],
    }
}

/// What a firewall appliance (as opposed to a rule) naturally needs.
pub const FIREWALL_APPLIANCE_SUPPORT: &[&str] = &[PUBLIC_IP, NETWORK, LOGGING_AUDIT, MONITORING];
