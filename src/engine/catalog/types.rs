/*!
The rows of the catalog: one per known resource type, sorted by type name (a test checks it, so
a lookup is a binary search). A row starts with `row(TYPE, CATEGORY)` and adds only what is known
about the type:

- `.kinds(&[..])`: the request kinds (by name, from [`super::kinds::KINDS`]) the type is "one
  of", for counting ("three subnets") and for matching a named thing directly;
- `.at_rest(..)`: how its encryption at rest is read ([`AtRestRule`]);
- `.exposure(..)`: how it opens network ingress ([`ExposureRule`]);
- `.roles(&[..])`: the natural roles it plays beside a requested thing ([`Role`]);
- `.companion_of(&[..])`: requested categories whose things cannot run without it;
- `.sizes(&[(member, &[attributes])])`: size attributes of its own, beyond the generic ones
  of [`super::sizes`].

A type without a row falls back on [`super::categories`]'s prefix and keyword rules for its
category and knows nothing else.
*/
use super::categories::*;
use AtRestRule::*;
use AtRestSpecial::*;
use ExposureRule::*;
use Role::*;

/// Everything the catalog knows about one resource type.
#[derive(Debug, Clone, Copy)]
pub struct TypeInfo {
    pub name: &'static str,
    pub category: &'static str,
    /// Names of the [`super::kinds::KINDS`] entries this type is "one of".
    pub kinds: &'static [&'static str],
    pub at_rest: Option<AtRestRule>,
    pub exposure: Option<ExposureRule>,
    pub roles: &'static [Role],
    /// Requested categories whose things need this type to run.
    pub companion_of: &'static [&'static str],
    /// Member kind → size attributes of this type's own.
    pub sizes: &'static [(&'static str, &'static [&'static str])],
}

/// How a type's planned values say whether it is encrypted at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtRestRule {
    /// A top-level boolean that must be true; unset means off.
    Flag(&'static str),
    /// A [`AtRestRule::Flag`], except that a replica (its `source` attribute set) inherits its
    /// source's encryption.
    FlagUnlessReplica {
        flag: &'static str,
        source: &'static str,
    },
    /// `block[0].key` must be true (`encrypt_at_rest { enabled = true }`).
    NestedFlag(&'static str, &'static str),
    /// A string attribute that must equal `value` (ignoring case); unset means off.
    Equals {
        key: &'static str,
        value: &'static str,
    },
    /// Encrypted by the platform: only an explicit `key = false` switches it off.
    OptOut(&'static str),
    /// Always encrypted by the provider; it can be weakened, not switched off.
    PlatformEncrypted,
    /// A rule too particular for data; its logic is in `checks.rs`.
    Special(AtRestSpecial),
}

/// The encryption rules whose logic stays in `checks.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtRestSpecial {
    /// EC2 root and extra EBS devices: off only when a device says `encrypted = false` (the
    /// account default may encrypt unset ones).
    InstanceBlockDevices,
    /// A launch template's `block_device_mappings.ebs.encrypted` explicitly false.
    LaunchTemplateBlockDevices,
    /// SQS: off only when SSE-SQS is switched off and no KMS key is set.
    SqsManagedSse,
    /// Azure Storage: off only when both infrastructure and service encryption are disabled.
    AzureStorageAccount,
}

/// How a type opens network ingress; the readers are in `checks.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExposureRule {
    /// An AWS security group's inline `ingress` blocks.
    SecurityGroupInline,
    /// An `aws_security_group_rule` of type `ingress`.
    SecurityGroupRule,
    /// An `aws_vpc_security_group_ingress_rule` (`cidr_ipv4`, `cidr_ipv6`).
    VpcIngressRule,
    /// One Azure NSG rule (inbound allow).
    NsgRule,
    /// An Azure NSG's inline `security_rule` blocks.
    NsgInline,
    /// An Azure server firewall rule: a start and end address.
    ServerFirewallRule,
    /// A GCP VPC firewall rule (`source_ranges`; none at all means everywhere).
    GcpFirewall,
    /// An OpenStack security group rule of direction `ingress` (`remote_ip_prefix`).
    OpenstackSecgroupRule,
    /// A Hetzner Cloud firewall's inline `rule` blocks of direction `in` (`source_ips`).
    HcloudFirewall,
}

/// Natural roles a type plays beside a requested thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Makes something reachable from the internet (an internet gateway, a public address).
    InternetFacing,
    /// Is itself a public address.
    PublicAddress,
    /// The identity a host, container or function runs as.
    RuntimeIdentity,
    /// Private connectivity to a managed service.
    PrivateConnectivity,
    /// A container created to hold what is asked for (an Azure resource group).
    ResourceContainer,
    /// Switches on one of the provider's APIs for a project (`run.googleapis.com`), which the
    /// types of that API need before they can be created.
    ApiSwitch,
    /// Its `tags` say what it may do (a RabbitMQ user's management tags: `administrator`,
    /// `monitoring`), so they are permissions, not labels with room for Owner or CostCenter.
    TagsArePermissions,
}

const fn row(name: &'static str, category: &'static str) -> TypeInfo {
    TypeInfo {
        name,
        category,
        kinds: &[],
        at_rest: None,
        exposure: None,
        roles: &[],
        companion_of: &[],
        sizes: &[],
    }
}

impl TypeInfo {
    const fn kinds(mut self, kinds: &'static [&'static str]) -> Self {
        self.kinds = kinds;
        self
    }
    const fn at_rest(mut self, rule: AtRestRule) -> Self {
        self.at_rest = Some(rule);
        self
    }
    const fn exposure(mut self, rule: ExposureRule) -> Self {
        self.exposure = Some(rule);
        self
    }
    const fn roles(mut self, roles: &'static [Role]) -> Self {
        self.roles = roles;
        self
    }
    const fn companion_of(mut self, categories: &'static [&'static str]) -> Self {
        self.companion_of = categories;
        self
    }
    const fn sizes(mut self, sizes: &'static [(&'static str, &'static [&'static str])]) -> Self {
        self.sizes = sizes;
        self
    }
}

/// The known resource types, sorted by name.
pub static TYPES: &[TypeInfo] = &[
    row("aws_api_gateway_domain_name", DNS),
    row("aws_autoscaling_attachment", LOAD_BALANCER),
    row("aws_cloudfront_distribution", CDN).kinds(&["CDN service"]),
    row("aws_cloudwatch_dashboard", MONITORING).kinds(&["dashboard"]),
    row("aws_cloudwatch_event_bus", MESSAGING).kinds(&["event stream"]),
    row("aws_dax_cluster", CACHE)
        .kinds(&["cache"])
        .at_rest(NestedFlag("server_side_encryption", "enabled"))
        .sizes(&[("node", &["replication_factor"])]),
    row("aws_db_instance", DATABASE)
        .kinds(&["database"])
        .at_rest(FlagUnlessReplica {
            flag: "storage_encrypted",
            source: "replicate_source_db",
        }),
    row("aws_default_network_acl", NETWORK_ACCESS),
    row("aws_default_route_table", NETWORK),
    row("aws_default_security_group", NETWORK_ACCESS).exposure(SecurityGroupInline),
    row("aws_default_subnet", NETWORK),
    row("aws_default_vpc", NETWORK),
    row("aws_docdb_cluster", DATABASE)
        .kinds(&["database"])
        .at_rest(FlagUnlessReplica {
            flag: "storage_encrypted",
            source: "replicate_source_db",
        }),
    row("aws_dynamodb_table", DATABASE).kinds(&["database"]),
    row("aws_ebs_volume", BLOCK_STORAGE)
        .kinds(&["volume"])
        .at_rest(Flag("encrypted")),
    row("aws_efs_file_system", FILE_STORAGE).at_rest(Flag("encrypted")),
    row("aws_eip", PUBLIC_IP).roles(&[InternetFacing, PublicAddress]),
    row("aws_eip_association", PUBLIC_IP).roles(&[InternetFacing]),
    row("aws_eks_node_group", CONTAINER).kinds(&["node pool"]),
    row("aws_elasticache_cluster", CACHE).kinds(&["cache"]),
    row("aws_elasticache_replication_group", CACHE)
        .kinds(&["cache"])
        .at_rest(Flag("at_rest_encryption_enabled")),
    row("aws_elasticsearch_domain", ANALYTICS).at_rest(NestedFlag("encrypt_at_rest", "enabled")),
    row("aws_elb_attachment", LOAD_BALANCER),
    row("aws_flow_log", LOGGING_AUDIT),
    row("aws_iam_group", IAM).kinds(&["identity group"]),
    row("aws_iam_instance_profile", IAM).roles(&[RuntimeIdentity]),
    row("aws_iam_role", IAM).roles(&[RuntimeIdentity]),
    row("aws_iam_server_certificate", CERTIFICATE),
    row("aws_iam_service_linked_role", IAM).roles(&[RuntimeIdentity]),
    row("aws_instance", COMPUTE)
        .kinds(&["instance"])
        .at_rest(Special(InstanceBlockDevices)),
    row("aws_internet_gateway", NETWORK).roles(&[InternetFacing]),
    row("aws_key_pair", COMPUTE).kinds(&["key pair"]),
    row("aws_kinesis_stream", MESSAGING)
        .kinds(&["event stream"])
        .at_rest(Equals {
            key: "encryption_type",
            value: "KMS",
        }),
    row("aws_kms_key", KEY_MANAGEMENT).kinds(&["KMS key"]),
    row("aws_lambda_function_url", SERVERLESS).companion_of(&[SERVERLESS]),
    row("aws_lambda_permission", SERVERLESS).companion_of(&[SERVERLESS]),
    row("aws_launch_configuration", COMPUTE),
    row("aws_launch_template", COMPUTE).at_rest(Special(LaunchTemplateBlockDevices)),
    row("aws_lb_target_group_attachment", LOAD_BALANCER),
    row("aws_mq_broker", MESSAGING).kinds(&["event stream"]),
    row("aws_msk_cluster", MESSAGING).kinds(&["event stream"]),
    row("aws_msk_serverless_cluster", MESSAGING).kinds(&["event stream"]),
    row("aws_msk_topic", MESSAGING).kinds(&["topic"]),
    row("aws_nat_gateway", NETWORK).kinds(&["NAT gateway"]),
    row("aws_neptune_cluster", DATABASE)
        .kinds(&["database"])
        .at_rest(FlagUnlessReplica {
            flag: "storage_encrypted",
            source: "replicate_source_db",
        }),
    row("aws_network_acl", NETWORK_ACCESS),
    row("aws_network_acl_association", NETWORK_ACCESS),
    row("aws_network_acl_rule", NETWORK_ACCESS),
    row("aws_opensearch_domain", ANALYTICS).at_rest(NestedFlag("encrypt_at_rest", "enabled")),
    row("aws_placement_group", COMPUTE),
    row("aws_rds_cluster", DATABASE)
        .kinds(&["database"])
        .at_rest(FlagUnlessReplica {
            flag: "storage_encrypted",
            source: "replicate_source_db",
        }),
    row("aws_redshift_cluster", DATABASE)
        .kinds(&["database"])
        .at_rest(Flag("encrypted")),
    row("aws_route", NETWORK),
    row("aws_route53_record", DNS).kinds(&["DNS record"]),
    row("aws_route53_zone", DNS).kinds(&["DNS zone"]),
    row("aws_s3_bucket", OBJECT_STORAGE)
        .kinds(&["bucket"])
        .at_rest(PlatformEncrypted),
    row("aws_s3_bucket_logging", OBJECT_STORAGE),
    row(
        "aws_s3_bucket_server_side_encryption_configuration",
        OBJECT_STORAGE,
    )
    .at_rest(PlatformEncrypted),
    row("aws_security_group", NETWORK_ACCESS).exposure(SecurityGroupInline),
    row("aws_security_group_rule", NETWORK_ACCESS).exposure(SecurityGroupRule),
    row("aws_ses_domain_identity", DNS),
    row("aws_sns_topic", MESSAGING).kinds(&["topic"]),
    row("aws_sns_topic_subscription", MESSAGING).kinds(&["subscription"]),
    row("aws_spot_instance_request", COMPUTE),
    row("aws_sqs_queue", MESSAGING)
        .kinds(&["queue"])
        .at_rest(Special(SqsManagedSse)),
    row("aws_ssm_parameter", SECRETS),
    row("aws_subnet", NETWORK).kinds(&["subnet"]),
    row("aws_volume_attachment", BLOCK_STORAGE),
    row("aws_vpc", NETWORK).kinds(&["network segment"]),
    row("aws_vpc_endpoint", NETWORK).roles(&[PrivateConnectivity]),
    row("aws_vpc_security_group_ingress_rule", NETWORK_ACCESS).exposure(VpcIngressRule),
    row("azuread_group", IAM).kinds(&["identity group"]),
    row("azuredevops_git_repository", OTHER).kinds(&["repository", "git repository"]),
    row("azurerm_app_service_plan", COMPUTE)
        .kinds(&["App Service plan"])
        .companion_of(&[SERVERLESS]),
    row("azurerm_application_gateway", LOAD_BALANCER),
    row("azurerm_application_insights", MONITORING).companion_of(&[SERVERLESS]),
    row("azurerm_application_security_group", NETWORK_ACCESS),
    row("azurerm_availability_set", COMPUTE),
    row("azurerm_container_registry", CONTAINER).companion_of(&[CONTAINER]),
    row("azurerm_cosmosdb_account", DATABASE).kinds(&["database"]),
    row("azurerm_dns_a_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_aaaa_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_caa_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_cname_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_mx_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_ns_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_srv_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_txt_record", DNS).kinds(&["DNS record"]),
    row("azurerm_dns_zone", DNS).kinds(&["DNS zone"]),
    row("azurerm_eventgrid_event_subscription", MESSAGING).kinds(&["subscription"]),
    row("azurerm_eventhub", MESSAGING).kinds(&["event stream"]),
    row("azurerm_eventhub_namespace", MESSAGING).kinds(&["event stream", "namespace"]),
    row("azurerm_federated_identity_credential", IAM),
    row("azurerm_key_vault", KEY_MANAGEMENT).kinds(&["key vault"]),
    row("azurerm_key_vault_certificate", CERTIFICATE),
    row("azurerm_key_vault_key", KEY_MANAGEMENT).kinds(&["KMS key"]),
    row("azurerm_key_vault_secret", SECRETS),
    row("azurerm_kubernetes_cluster_node_pool", CONTAINER).kinds(&["node pool"]),
    row("azurerm_linux_virtual_machine", COMPUTE).kinds(&["instance"]),
    row("azurerm_managed_disk", BLOCK_STORAGE).kinds(&["volume"]),
    row("azurerm_mariadb_server", DATABASE).kinds(&["database"]),
    row("azurerm_monitor_activity_log_alert", MONITORING),
    row("azurerm_monitor_autoscale_setting", AUTOSCALING),
    row("azurerm_monitor_diagnostic_setting", LOGGING_AUDIT),
    row("azurerm_monitor_metric_alert", MONITORING).kinds(&["monitor"]),
    row("azurerm_mssql_database", DATABASE).at_rest(OptOut("transparent_data_encryption_enabled")),
    row("azurerm_mssql_server", DATABASE).kinds(&["database"]),
    row("azurerm_mysql_flexible_server", DATABASE).kinds(&["database"]),
    row("azurerm_mysql_server", DATABASE).kinds(&["database"]),
    row("azurerm_nat_gateway", NETWORK).kinds(&["NAT gateway"]),
    row(
        "azurerm_network_interface_security_group_association",
        NETWORK_ACCESS,
    ),
    row("azurerm_network_security_group", NETWORK_ACCESS).exposure(NsgInline),
    row("azurerm_network_security_rule", NETWORK_ACCESS).exposure(NsgRule),
    row("azurerm_network_watcher_flow_log", LOGGING_AUDIT),
    row("azurerm_portal_dashboard", OTHER).kinds(&["dashboard"]),
    row("azurerm_postgresql_flexible_server", DATABASE).kinds(&["database"]),
    row("azurerm_postgresql_server", DATABASE).kinds(&["database"]),
    row("azurerm_private_dns_a_record", DNS).kinds(&["DNS record"]),
    row("azurerm_private_dns_cname_record", DNS).kinds(&["DNS record"]),
    row("azurerm_private_dns_zone", DNS)
        .kinds(&["DNS zone"])
        .roles(&[PrivateConnectivity]),
    row("azurerm_private_dns_zone_virtual_network_link", DNS).roles(&[PrivateConnectivity]),
    row("azurerm_private_endpoint", NETWORK).roles(&[PrivateConnectivity]),
    row("azurerm_public_ip", PUBLIC_IP).roles(&[InternetFacing, PublicAddress]),
    row("azurerm_public_ip_prefix", PUBLIC_IP).roles(&[InternetFacing]),
    row("azurerm_redis_cache", CACHE).kinds(&["cache"]),
    row("azurerm_resource_group", ACCOUNT).roles(&[ResourceContainer]),
    row("azurerm_service_plan", COMPUTE)
        .kinds(&["App Service plan"])
        .companion_of(&[SERVERLESS]),
    row("azurerm_servicebus_namespace", MESSAGING).kinds(&["event stream", "namespace"]),
    row("azurerm_servicebus_queue", MESSAGING).kinds(&["queue"]),
    row("azurerm_servicebus_subscription", MESSAGING).kinds(&["subscription"]),
    row("azurerm_servicebus_topic", MESSAGING).kinds(&["topic"]),
    row("azurerm_sql_database", DATABASE).at_rest(OptOut("transparent_data_encryption_enabled")),
    row("azurerm_sql_server", DATABASE).kinds(&["database"]),
    row("azurerm_ssh_public_key", COMPUTE).kinds(&["key pair"]),
    row("azurerm_storage_account", OBJECT_STORAGE)
        .kinds(&["bucket"])
        .at_rest(Special(AzureStorageAccount))
        .companion_of(&[SERVERLESS]),
    row("azurerm_storage_container", OBJECT_STORAGE).kinds(&["blob container"]),
    row("azurerm_storage_queue", MESSAGING).kinds(&["queue"]),
    row("azurerm_storage_share", FILE_STORAGE).kinds(&["blob container"]),
    row("azurerm_storage_share_directory", FILE_STORAGE),
    row("azurerm_storage_table", DATABASE),
    row("azurerm_subnet", NETWORK).kinds(&["subnet"]),
    row(
        "azurerm_subnet_network_security_group_association",
        NETWORK_ACCESS,
    ),
    row("azurerm_subscription", ACCOUNT),
    row("azurerm_user_assigned_identity", IAM).roles(&[RuntimeIdentity]),
    row("azurerm_virtual_machine", COMPUTE).kinds(&["instance"]),
    row("azurerm_virtual_network", NETWORK).kinds(&["network segment"]),
    row("azurerm_web_application_firewall_policy", NETWORK_ACCESS),
    row("azurerm_windows_virtual_machine", COMPUTE).kinds(&["instance"]),
    row("cloudflare_dns_record", DNS).kinds(&["DNS record"]),
    row("cloudflare_page_rule", CDN).kinds(&["page rule"]),
    row("cloudflare_record", DNS).kinds(&["DNS record"]),
    row("cloudflare_zone", DNS).kinds(&["DNS zone"]),
    row("confluent_kafka_cluster", CONTAINER).kinds(&["event stream"]),
    row("confluent_kafka_topic", MESSAGING).kinds(&["topic"]),
    row("datadog_dashboard", MONITORING).kinds(&["dashboard"]),
    row("datadog_dashboard_json", MONITORING).kinds(&["dashboard"]),
    row("datadog_monitor", MONITORING).kinds(&["monitor"]),
    row("digitalocean_domain", DNS).kinds(&["DNS zone"]),
    row("digitalocean_record", DNS).kinds(&["DNS record"]),
    row("fastly_service_compute", CDN).kinds(&["CDN service"]),
    row("fastly_service_vcl", CDN).kinds(&["CDN service"]),
    row("github_branch_protection", SOURCE_CONTROL).kinds(&["branch protection"]),
    row("github_branch_protection_v3", SOURCE_CONTROL).kinds(&["branch protection"]),
    row("github_repository", SOURCE_CONTROL).kinds(&["repository", "git repository"]),
    row("gitlab_branch_protection", SOURCE_CONTROL).kinds(&["branch protection"]),
    row("gitlab_project", SOURCE_CONTROL).kinds(&["repository", "git repository"]),
    row("google_artifact_registry_repository", CONTAINER).companion_of(&[CONTAINER]),
    row("google_cloud_identity_group", IAM).kinds(&["identity group"]),
    row("google_cloud_scheduler_job", SERVERLESS),
    row("google_cloud_tasks_queue", MESSAGING).kinds(&["queue"]),
    row("google_compute_address", PUBLIC_IP).roles(&[InternetFacing]),
    row("google_compute_attached_disk", BLOCK_STORAGE),
    row("google_compute_autoscaler", AUTOSCALING),
    row("google_compute_backend_bucket", CDN),
    row("google_compute_disk", BLOCK_STORAGE).kinds(&["volume"]),
    row("google_compute_firewall", NETWORK_ACCESS).exposure(GcpFirewall),
    row("google_compute_global_address", PUBLIC_IP).roles(&[InternetFacing, PrivateConnectivity]),
    row("google_compute_instance", COMPUTE).kinds(&["instance"]),
    row("google_compute_managed_ssl_certificate", CERTIFICATE),
    row("google_compute_network", NETWORK).kinds(&["network segment"]),
    row("google_compute_region_autoscaler", AUTOSCALING),
    row("google_compute_region_disk", BLOCK_STORAGE).kinds(&["volume"]),
    row("google_compute_region_ssl_certificate", CERTIFICATE),
    row("google_compute_resource_policy", BLOCK_STORAGE),
    row("google_compute_router_nat", NETWORK).kinds(&["NAT gateway"]),
    row("google_compute_security_policy", NETWORK_ACCESS),
    row("google_compute_ssl_certificate", CERTIFICATE),
    row("google_compute_ssl_policy", LOAD_BALANCER),
    row("google_compute_subnetwork", NETWORK).kinds(&["subnet"]),
    row("google_container_node_pool", CONTAINER).kinds(&["node pool"]),
    row("google_dns_managed_zone", DNS).kinds(&["DNS zone"]),
    row("google_dns_record_set", DNS).kinds(&["DNS record"]),
    row("google_folder", ACCOUNT),
    row("google_folder_iam_audit_config", LOGGING_AUDIT),
    row("google_kms_crypto_key", KEY_MANAGEMENT).kinds(&["KMS key"]),
    row("google_kms_key_ring", KEY_MANAGEMENT).kinds(&["key vault"]),
    row("google_monitoring_alert_policy", MONITORING).kinds(&["monitor"]),
    row("google_monitoring_dashboard", MONITORING).kinds(&["dashboard"]),
    row("google_organization_iam_audit_config", LOGGING_AUDIT),
    row("google_project", ACCOUNT),
    row("google_project_iam_audit_config", LOGGING_AUDIT),
    row("google_project_service", ACCOUNT).roles(&[ApiSwitch]),
    row("google_pubsub_subscription", MESSAGING).kinds(&["subscription"]),
    row("google_pubsub_topic", MESSAGING).kinds(&["topic"]),
    row("google_redis_instance", CACHE).kinds(&["cache"]),
    row("google_service_account", IAM).roles(&[RuntimeIdentity]),
    row("google_service_networking_connection", NETWORK).roles(&[PrivateConnectivity]),
    row("google_spanner_instance", DATABASE).kinds(&["database"]),
    row("google_sql_database_instance", DATABASE).kinds(&["database"]),
    row("google_storage_bucket", OBJECT_STORAGE)
        .kinds(&["bucket"])
        .companion_of(&[SERVERLESS]),
    row("google_storage_bucket_object", OBJECT_STORAGE).companion_of(&[SERVERLESS]),
    row("google_vpc_access_connector", NETWORK),
    row("grafana_dashboard", MONITORING).kinds(&["dashboard"]),
    row("grafana_folder", MONITORING).kinds(&["dashboard folder"]),
    row("hcloud_firewall", NETWORK_ACCESS).exposure(HcloudFirewall),
    row("helm_release", CONTAINER).kinds(&["Helm chart"]),
    row("kafka_topic", MESSAGING).kinds(&["topic"]),
    row("keycloak_group", IAM).kinds(&["identity group"]),
    row("kubernetes_config_map", CONTAINER).kinds(&["config map"]),
    row("kubernetes_config_map_v1", CONTAINER).kinds(&["config map"]),
    row("kubernetes_deployment", CONTAINER).kinds(&["deployment"]),
    row("kubernetes_deployment_v1", CONTAINER).kinds(&["deployment"]),
    row("kubernetes_horizontal_pod_autoscaler", CONTAINER).kinds(&["pod autoscaler"]),
    row("kubernetes_horizontal_pod_autoscaler_v1", CONTAINER).kinds(&["pod autoscaler"]),
    row("kubernetes_horizontal_pod_autoscaler_v2", CONTAINER).kinds(&["pod autoscaler"]),
    row("kubernetes_namespace", CONTAINER).kinds(&["namespace"]),
    row("kubernetes_namespace_v1", CONTAINER).kinds(&["namespace"]),
    row("kubernetes_service_account", CONTAINER).roles(&[RuntimeIdentity]),
    row("kubernetes_service_account_v1", CONTAINER).roles(&[RuntimeIdentity]),
    row("local_file", UTILITY),
    row("local_sensitive_file", UTILITY),
    row("mongodbatlas_advanced_cluster", DATABASE).kinds(&["database"]),
    row("mongodbatlas_cluster", DATABASE).kinds(&["database"]),
    row("newrelic_alert_condition", MONITORING).kinds(&["monitor"]),
    row("newrelic_nrql_alert_condition", MONITORING).kinds(&["monitor"]),
    row("null_resource", UTILITY),
    // Who may sign in to an app: the identity provider's grants.
    row("okta_app_group_assignment", IAM),
    row("okta_app_group_assignments", IAM),
    row("okta_app_user", IAM),
    row("okta_group", IAM).kinds(&["identity group"]),
    row("openstack_networking_secgroup_rule_v2", NETWORK_ACCESS).exposure(OpenstackSecgroupRule),
    row("opsgenie_escalation", MONITORING).kinds(&["escalation policy"]),
    row("opsgenie_schedule", MONITORING).kinds(&["on-call schedule"]),
    row("opsgenie_service", MONITORING).kinds(&["on-call service"]),
    row("pagerduty_escalation_policy", MONITORING).kinds(&["escalation policy"]),
    row("pagerduty_schedule", MONITORING).kinds(&["on-call schedule"]),
    row("pagerduty_service", MONITORING).kinds(&["on-call service"]),
    row("rabbitmq_user", IAM).roles(&[TagsArePermissions]),
    row("terraform_data", UTILITY),
    row("tls_cert_request", CERTIFICATE),
    row("tls_locally_signed_cert", CERTIFICATE),
    row("tls_private_key", KEY_MANAGEMENT),
    row("tls_self_signed_cert", CERTIFICATE),
    row("vault_approle_auth_backend_role", SECRETS).kinds(&["auth method"]),
    row("vault_auth_backend", SECRETS).kinds(&["auth method"]),
    row("vault_github_auth_backend", SECRETS).kinds(&["auth method"]),
    row("vault_jwt_auth_backend", SECRETS).kinds(&["auth method"]),
    row("vault_kubernetes_auth_backend_config", SECRETS).kinds(&["auth method"]),
    row("vault_kubernetes_auth_backend_role", SECRETS).kinds(&["auth method"]),
    row("vault_mount", SECRETS).kinds(&["secrets engine"]),
];
