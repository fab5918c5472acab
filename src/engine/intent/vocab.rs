/*!
The words the intent analysis understands: verbs (what the user wants done), resource kinds (what
to), environments, and which categories naturally come with a requested one.

All tables are data, so a reviewer can read the whole vocabulary in one place and extend it
without touching the matching logic in `request.rs` and `mod.rs`.
*/
use crate::engine::categories as cat;

/// What a verb asks for. The class decides which plan actions can satisfy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// create, add, provision, deploy, attach...
    Create,
    /// update, change, rotate, enable, configure...
    Modify,
    /// scale, increase, decrease, resize...
    Scale,
    /// delete, remove, decommission, clean up...
    Delete,
    /// allow, open, permit, expose...: a network access change.
    Allow,
    /// block, deny, close, revoke...: a network access change too.
    Block,
}

impl VerbClass {
    pub fn as_str(self) -> &'static str {
        match self {
            VerbClass::Create => "create",
            VerbClass::Modify => "change",
            VerbClass::Scale => "scale",
            VerbClass::Delete => "delete",
            VerbClass::Allow => "allow",
            VerbClass::Block => "block",
        }
    }
}

/// One verb phrase (space-separated words) and what it asks for.
pub struct Verb {
    pub phrase: &'static str,
    pub class: VerbClass,
    /// Whether satisfying it may destroy the old object (rotate, replace, migrate do).
    pub allows_delete: bool,
}

const fn v(phrase: &'static str, class: VerbClass) -> Verb {
    Verb {
        phrase,
        class,
        allows_delete: false,
    }
}

const fn vd(phrase: &'static str, class: VerbClass) -> Verb {
    Verb {
        phrase,
        class,
        allows_delete: true,
    }
}

use VerbClass::*;

/// Verbs, longest phrases first within a first word so "clean up" wins over "clean".
pub const VERBS: &[Verb] = &[
    // create
    v("create", Create),
    v("add", Create),
    v("provision", Create),
    v("deploy", Create),
    v("launch", Create),
    v("set up", Create),
    v("setup", Create),
    v("build", Create),
    v("spin up", Create),
    v("stand up", Create),
    v("make", Create),
    v("introduce", Create),
    v("attach", Create),
    v("establish", Create),
    v("register", Create),
    v("allocate", Create),
    v("install", Create),
    v("grant", Create),
    v("give", Create),
    v("onboard", Create),
    v("need", Create),
    v("want", Create),
    v("request", Create),
    v("require", Create),
    v("get", Create),
    // modify
    v("update", Modify),
    v("change", Modify),
    v("modify", Modify),
    vd("rotate", Modify),
    v("upgrade", Modify),
    v("downgrade", Modify),
    v("enable", Modify),
    v("disable", Modify),
    v("configure", Modify),
    v("reconfigure", Modify),
    v("set", Modify),
    v("rename", Modify),
    v("tag", Modify),
    v("retag", Modify),
    v("label", Modify),
    v("patch", Modify),
    vd("replace", Modify),
    vd("migrate", Modify),
    vd("move", Modify),
    vd("relocate", Modify),
    v("switch", Modify),
    v("turn on", Modify),
    v("turn off", Modify),
    v("adjust", Modify),
    v("edit", Modify),
    vd("renew", Modify),
    v("tune", Modify),
    v("bump", Modify),
    v("fix", Modify),
    v("cut", Modify),
    v("extend", Modify),
    v("harden", Modify),
    v("encrypt", Modify),
    v("point", Modify),
    v("repoint", Modify),
    v("associate", Modify),
    v("apply", Modify),
    v("refresh", Modify),
    vd("recreate", Modify),
    vd("redeploy", Modify),
    vd("rebuild", Modify),
    v("restart", Modify),
    v("convert", Modify),
    v("optimize", Modify),
    v("optimise", Modify),
    v("refactor", Modify),
    v("reorganize", Modify),
    v("reorganise", Modify),
    v("restructure", Modify),
    // scale
    vd("scale up", Scale),
    vd("scale out", Scale),
    vd("scale down", Scale),
    vd("scale in", Scale),
    vd("scale", Scale),
    vd("increase", Scale),
    vd("decrease", Scale),
    vd("reduce", Scale),
    vd("lower", Scale),
    vd("raise", Scale),
    vd("grow", Scale),
    vd("shrink", Scale),
    vd("double", Scale),
    vd("triple", Scale),
    vd("halve", Scale),
    vd("expand", Scale),
    vd("resize", Scale),
    vd("rightsize", Scale),
    // delete
    vd("delete", Delete),
    vd("remove", Delete),
    vd("destroy", Delete),
    vd("decommission", Delete),
    vd("retire", Delete),
    vd("tear down", Delete),
    vd("teardown", Delete),
    vd("clean up", Delete),
    vd("cleanup", Delete),
    vd("clean", Delete),
    vd("deprovision", Delete),
    vd("drop", Delete),
    vd("terminate", Delete),
    vd("shut down", Delete),
    vd("shutdown", Delete),
    vd("purge", Delete),
    vd("dismantle", Delete),
    vd("sunset", Delete),
    vd("wipe", Delete),
    vd("prune", Delete),
    vd("deregister", Delete),
    vd("detach", Delete),
    vd("get rid of", Delete),
    vd("kill", Delete),
    vd("nuke", Delete),
    vd("delete", Delete),
    // network access
    v("allow", Allow),
    v("accept", Allow),
    v("authorize", Allow),
    v("authorise", Allow),
    v("open", Allow),
    v("permit", Allow),
    v("expose", Allow),
    v("whitelist", Allow),
    v("allowlist", Allow),
    v("unblock", Allow),
    vd("block", Block),
    vd("deny", Block),
    vd("close", Block),
    vd("revoke", Block),
    vd("lock down", Block),
    vd("disallow", Block),
    vd("forbid", Block),
    vd("restrict", Block),
];

/// A kind of resource a request can name.
pub struct Kind {
    /// Human name used in messages ("subnet", "KMS key").
    pub name: &'static str,
    pub category: &'static str,
    /// Phrases (singular, lower-case, space-separated) that name it.
    pub phrases: &'static [&'static str],
    /// The resource types that are "one of these" for counting and direct matching. Empty: the
    /// kind is matched by category and never counted.
    pub types: &'static [&'static str],
    /// A weak head noun ("instance", "cluster", "server") yields to a strong kind word in the
    /// same noun phrase: "RDS instance" is a database, "Redis cluster" a cache.
    pub weak: bool,
}

/// A firewall appliance (not a rule): it needs its own subnet and public address.
pub const FIREWALL_APPLIANCE: &str = "firewall";

/// The special kind "everything in an environment" ("clean up the old dev environments").
pub const EVERYTHING: &str = "everything";

macro_rules! kind {
    ($name:expr, $cat:expr, [$($p:expr),* $(,)?], [$($t:expr),* $(,)?]) => {
        Kind { name: $name, category: $cat, phrases: &[$($p),*], types: &[$($t),*], weak: false }
    };
    (weak $name:expr, $cat:expr, [$($p:expr),* $(,)?], [$($t:expr),* $(,)?]) => {
        Kind { name: $name, category: $cat, phrases: &[$($p),*], types: &[$($t),*], weak: true }
    };
}

pub const KINDS: &[Kind] = &[
    kind!(
        "network segment",
        cat::NETWORK,
        [
            "microsegment",
            "micro segment",
            "network segment",
            "segment",
            "vpc",
            "vnet",
            "virtual network",
            "vpc network",
            "virtual private cloud",
            "network"
        ],
        [
            "aws_vpc",
            "azurerm_virtual_network",
            "google_compute_network"
        ]
    ),
    kind!(
        "subnet",
        cat::NETWORK,
        ["subnet", "subnetwork", "sub network"],
        ["aws_subnet", "azurerm_subnet", "google_compute_subnetwork"]
    ),
    kind!(
        "NAT gateway",
        cat::NETWORK,
        ["nat gateway", "nat", "cloud nat"],
        [
            "aws_nat_gateway",
            "azurerm_nat_gateway",
            "google_compute_router_nat"
        ]
    ),
    kind!(
        "network connectivity",
        cat::NETWORK,
        [
            "route table",
            "route",
            "routing",
            "internet gateway",
            "igw",
            "peering",
            "vpn",
            "transit gateway",
            "vpc endpoint",
            "private endpoint",
            "private link",
            "privatelink",
            "interconnect",
            "express route",
            "expressroute",
            "direct connect"
        ],
        []
    ),
    kind!(
        "network access rule",
        cat::NETWORK_ACCESS,
        [
            "firewall rule",
            "inbound rule",
            "outbound rule",
            "ingress rule",
            "egress rule",
            "security group rule",
            "nsg rule",
            "network rule",
            "access rule",
            "port",
            "network access",
            "acl",
            "network acl",
            "nacl",
            "ip allowlist",
            "allowlist",
            "whitelist",
            "security group",
            "sg",
            "nsg",
            "network security group",
            "firewall policy",
            "waf",
            "web application firewall",
            "ingress",
            "egress"
        ],
        []
    ),
    kind!(weak "rule", cat::NETWORK_ACCESS, ["rule"], []),
    kind!(
        FIREWALL_APPLIANCE,
        cat::NETWORK_ACCESS,
        [
            "firewall",
            "azure firewall",
            "network firewall",
            "cloud firewall",
            "firewall appliance"
        ],
        []
    ),
    kind!(
        "instance",
        cat::COMPUTE,
        [
            "gpu",
            "gpu instance",
            "ec2",
            "ec2 instance",
            "vm",
            "vms",
            "virtual machine",
            "bastion",
            "jump host",
            "jumphost",
            "jump box",
            "jumpbox",
            "compute engine",
            "compute instance"
        ],
        [
            "aws_instance",
            "azurerm_virtual_machine",
            "azurerm_linux_virtual_machine",
            "azurerm_windows_virtual_machine",
            "google_compute_instance"
        ]
    ),
    kind!(
        weak "instance",
        cat::COMPUTE,
        [
            "instance", "server", "host", "machine", "worker", "node", "compute", "workload",
            "box"
        ],
        [
            "aws_instance",
            "azurerm_virtual_machine",
            "azurerm_linux_virtual_machine",
            "azurerm_windows_virtual_machine",
            "google_compute_instance"
        ]
    ),
    kind!(
        "key pair",
        cat::COMPUTE,
        ["key pair", "keypair", "ssh key", "ssh public key"],
        ["aws_key_pair", "azurerm_ssh_public_key"]
    ),
    kind!(
        "auto scaling group",
        cat::AUTOSCALING,
        [
            "asg",
            "auto scaling group",
            "autoscaling group",
            "autoscaling",
            "auto scaling",
            "scale set",
            "vmss",
            "instance group",
            "managed instance group",
            "mig",
            "autoscaler",
            "scaling policy"
        ],
        []
    ),
    kind!(
        "blob container",
        cat::OBJECT_STORAGE,
        [
            "blob container",
            "storage container",
            "private container",
            "file share"
        ],
        ["azurerm_storage_container", "azurerm_storage_share"]
    ),
    kind!(
        "node pool",
        cat::CONTAINER,
        [
            "node pool",
            "nodepool",
            "node group",
            "nodegroup",
            "worker pool",
            "workers pool",
            "managed node group"
        ],
        [
            "google_container_node_pool",
            "aws_eks_node_group",
            "azurerm_kubernetes_cluster_node_pool"
        ]
    ),
    kind!(
        "container service",
        cat::CONTAINER,
        [
            "ecs",
            "ecs service",
            "ecs task",
            "task",
            "container",
            "kubernetes",
            "k8s",
            "eks",
            "gke",
            "aks",
            "fargate",
            "pod",
            "container registry",
            "ecr",
            "artifact registry",
            "helm chart"
        ],
        []
    ),
    kind!(weak "cluster", cat::CONTAINER, ["cluster"], []),
    kind!(
        "database",
        cat::DATABASE,
        [
            "database",
            "db",
            "dbs",
            "rds",
            "postgres",
            "postgresql",
            "mysql",
            "mariadb",
            "aurora",
            "sql server",
            "sql database",
            "azure sql",
            "cloud sql",
            "cosmos",
            "cosmosdb",
            "cosmos db",
            "dynamodb",
            "dynamo",
            "spanner",
            "documentdb",
            "docdb",
            "neptune",
            "redshift",
            "read replica",
            "replica",
            "data warehouse",
            "mongodb",
            "mongo",
            "bigtable",
            "firestore",
            "alloydb",
            "sql"
        ],
        [
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_dynamodb_table",
            "aws_docdb_cluster",
            "aws_neptune_cluster",
            "aws_redshift_cluster",
            "google_sql_database_instance",
            "google_spanner_instance",
            "azurerm_mssql_server",
            "azurerm_sql_server",
            "azurerm_postgresql_server",
            "azurerm_postgresql_flexible_server",
            "azurerm_mysql_server",
            "azurerm_mysql_flexible_server",
            "azurerm_mariadb_server",
            "azurerm_cosmosdb_account"
        ]
    ),
    kind!(
        "database component",
        cat::DATABASE,
        [
            "subnet group",
            "db subnet group",
            "parameter group",
            "option group",
            "db parameter group",
            "database user",
            "schema"
        ],
        []
    ),
    kind!(
        "cache",
        cat::CACHE,
        [
            "cache",
            "redis",
            "memcached",
            "elasticache",
            "memorystore",
            "valkey"
        ],
        [
            "aws_elasticache_cluster",
            "aws_elasticache_replication_group",
            "azurerm_redis_cache",
            "google_redis_instance"
        ]
    ),
    kind!(
        "bucket",
        cat::OBJECT_STORAGE,
        [
            "bucket",
            "s3",
            "s3 bucket",
            "object storage",
            "storage bucket",
            "gcs",
            "gcs bucket",
            "storage account",
            "blob",
            "blob container",
            "blob storage",
            "object store",
            "bucket policy",
            "lifecycle rule",
            "lifecycle policy",
            "lifecycle configuration",
            "versioning"
        ],
        [
            "aws_s3_bucket",
            "google_storage_bucket",
            "azurerm_storage_account"
        ]
    ),
    kind!(weak "storage", cat::OBJECT_STORAGE, ["storage"], []),
    kind!(
        "volume",
        cat::BLOCK_STORAGE,
        [
            "volume",
            "disk",
            "ebs",
            "ebs volume",
            "managed disk",
            "persistent disk",
            "block storage",
            "data disk"
        ],
        [
            "aws_ebs_volume",
            "azurerm_managed_disk",
            "google_compute_disk",
            "google_compute_region_disk"
        ]
    ),
    kind!(
        "file share",
        cat::FILE_STORAGE,
        [
            "efs",
            "file share",
            "file system",
            "filesystem",
            "nfs",
            "fsx",
            "filestore",
            "file storage"
        ],
        []
    ),
    kind!(
        "queue",
        cat::MESSAGING,
        [
            "queue",
            "sqs",
            "sqs queue",
            "service bus queue",
            "storage queue",
            "dead letter queue",
            "dlq"
        ],
        [
            "aws_sqs_queue",
            "azurerm_servicebus_queue",
            "azurerm_storage_queue",
            "google_cloud_tasks_queue"
        ]
    ),
    kind!(
        "topic",
        cat::MESSAGING,
        [
            "topic",
            "sns",
            "sns topic",
            "pubsub",
            "pub sub",
            "pubsub topic",
            "service bus topic",
            "kafka topic",
            "notification topic",
            "dead letter topic"
        ],
        [
            "aws_sns_topic",
            "google_pubsub_topic",
            "azurerm_servicebus_topic",
            "confluent_kafka_topic",
            "kafka_topic",
            "aws_msk_topic"
        ]
    ),
    kind!(
        "event stream",
        cat::MESSAGING,
        [
            "stream",
            "data stream",
            "kinesis",
            "kinesis stream",
            "event hub",
            "eventhub",
            "kafka",
            "kafka cluster",
            "msk",
            "msk cluster",
            "service bus",
            "servicebus",
            "event bus",
            "eventbridge",
            "event grid",
            "broker",
            "message broker"
        ],
        [
            "aws_kinesis_stream",
            "azurerm_eventhub",
            "azurerm_eventhub_namespace",
            "aws_msk_cluster",
            "aws_msk_serverless_cluster",
            "confluent_kafka_cluster",
            "azurerm_servicebus_namespace",
            "aws_cloudwatch_event_bus",
            "aws_mq_broker"
        ]
    ),
    kind!(
        "key vault",
        cat::KEY_MANAGEMENT,
        [
            "key vault",
            "keyvault",
            "key ring",
            "keyring",
            "hsm",
            "cloudhsm"
        ],
        ["azurerm_key_vault", "google_kms_key_ring"]
    ),
    kind!(
        "KMS key",
        cat::KEY_MANAGEMENT,
        [
            "kms",
            "kms key",
            "customer managed key",
            "customer managed kms key",
            "cmk",
            "cmek",
            "encryption key",
            "crypto key"
        ],
        [
            "aws_kms_key",
            "google_kms_crypto_key",
            "azurerm_key_vault_key"
        ]
    ),
    kind!(weak "key", cat::KEY_MANAGEMENT, ["key"], []),
    kind!(
        "secret",
        cat::SECRETS,
        [
            "secret",
            "secrets manager",
            "password",
            "credential",
            "ssm parameter",
            "parameter store",
            "parameter"
        ],
        []
    ),
    kind!(
        "IAM permission",
        cat::IAM,
        [
            "iam",
            "iam role",
            "role",
            "iam policy",
            "permission",
            "service account",
            "access key",
            "iam user",
            "instance profile",
            "role assignment",
            "role binding",
            "managed identity",
            "identity"
        ],
        []
    ),
    kind!(weak "policy", cat::IAM, ["policy"], []),
    kind!(
        "DNS record",
        cat::DNS,
        [
            "dns",
            "dns record",
            "cname",
            "route53",
            "route 53",
            "hosted zone",
            "dns zone",
            "alias record"
        ],
        []
    ),
    kind!(weak "record", cat::DNS, ["record", "zone", "domain"], []),
    kind!(
        "load balancer",
        cat::LOAD_BALANCER,
        [
            "load balancer",
            "loadbalancer",
            "lb",
            "alb",
            "elb",
            "nlb",
            "application gateway",
            "app gateway",
            "listener",
            "target group",
            "application load balancer",
            "network load balancer",
            "traffic manager"
        ],
        []
    ),
    kind!(
        "certificate",
        cat::CERTIFICATE,
        [
            "certificate",
            "cert",
            "tls certificate",
            "ssl certificate",
            "acm",
            "acm certificate"
        ],
        []
    ),
    kind!(weak "TLS", cat::CERTIFICATE, ["tls", "ssl"], []),
    kind!(
        "logging",
        cat::LOGGING_AUDIT,
        [
            "logging",
            "cloudtrail",
            "trail",
            "audit log",
            "audit logging",
            "flow log",
            "log group",
            "log analytics",
            "log sink",
            "siem",
            "diagnostic setting"
        ],
        []
    ),
    kind!(weak "log", cat::LOGGING_AUDIT, ["log"], []),
    kind!(
        "monitoring",
        cat::MONITORING,
        [
            "alarm",
            "alert",
            "monitoring",
            "metric alarm",
            "uptime check",
            "cloudwatch alarm",
            "application insights"
        ],
        []
    ),
    kind!(weak "metrics", cat::MONITORING, ["metric"], []),
    kind!(
        "function",
        cat::SERVERLESS,
        [
            "lambda",
            "lambda function",
            "cloud function",
            "azure function",
            "function app",
            "cloud run",
            "api gateway",
            "step function",
            "serverless"
        ],
        []
    ),
    kind!(weak "function", cat::SERVERLESS, ["function"], []),
    kind!(
        "CDN",
        cat::CDN,
        [
            "cdn",
            "cloudfront",
            "front door",
            "frontdoor",
            "distribution"
        ],
        []
    ),
    kind!(
        "analytics",
        cat::ANALYTICS,
        [
            "elasticsearch",
            "opensearch",
            "search domain",
            "bigquery",
            "glue",
            "athena",
            "emr",
            "dataproc",
            "databricks",
            "synapse",
            "sagemaker"
        ],
        []
    ),
    kind!(weak "dataset", cat::ANALYTICS, ["dataset"], []),
    kind!(
        "public IP",
        cat::PUBLIC_IP,
        [
            "public ip",
            "elastic ip",
            "eip",
            "static ip",
            "external ip",
            "ip address"
        ],
        []
    ),
    kind!(
        "resource group",
        cat::ACCOUNT,
        ["resource group", "gcp project", "folder"],
        []
    ),
    kind!(weak "project", cat::ACCOUNT, ["project"], []),
    kind!(
        "backup",
        cat::BACKUP,
        ["backup", "backup plan", "backup vault", "snapshot"],
        []
    ),
    kind!(
        "subscription",
        cat::MESSAGING,
        [
            "subscription",
            "pubsub subscription",
            "pub sub subscription",
            "sns subscription",
            "topic subscription"
        ],
        [
            "google_pubsub_subscription",
            "aws_sns_topic_subscription",
            "azurerm_servicebus_subscription",
            "azurerm_eventgrid_event_subscription"
        ]
    ),
    kind!(
        "dashboard",
        cat::MONITORING,
        ["dashboard", "datadog dashboard", "grafana dashboard"],
        [
            "datadog_dashboard",
            "datadog_dashboard_json",
            "aws_cloudwatch_dashboard",
            "google_monitoring_dashboard",
            "azurerm_portal_dashboard",
            "grafana_dashboard"
        ]
    ),
    kind!(
        "monitor",
        cat::MONITORING,
        ["monitor", "datadog monitor", "alert policy", "alert rule"],
        [
            "datadog_monitor",
            "google_monitoring_alert_policy",
            "azurerm_monitor_metric_alert",
            "newrelic_alert_condition"
        ]
    ),
    kind!(
        "on-call schedule",
        cat::MONITORING,
        [
            "schedule",
            "on call schedule",
            "oncall schedule",
            "rotation",
            "on call rotation"
        ],
        ["pagerduty_schedule", "opsgenie_schedule"]
    ),
    kind!(
        "escalation policy",
        cat::MONITORING,
        ["escalation policy", "escalation"],
        ["pagerduty_escalation_policy", "opsgenie_escalation"]
    ),
    kind!(
        "on-call service",
        cat::MONITORING,
        ["pagerduty service", "incident service"],
        ["pagerduty_service", "opsgenie_service"]
    ),
    kind!(
        "secrets engine",
        cat::SECRETS,
        [
            "secrets engine",
            "secret engine",
            "kv engine",
            "kv v2",
            "secrets mount",
            "mount"
        ],
        ["vault_mount"]
    ),
    kind!(
        "auth method",
        cat::SECRETS,
        [
            "auth method",
            "auth backend",
            "authentication method",
            "approle"
        ],
        [
            "vault_auth_backend",
            "vault_approle_auth_backend_role",
            "vault_jwt_auth_backend",
            "vault_kubernetes_auth_backend_config",
            "vault_kubernetes_auth_backend_role",
            "vault_github_auth_backend"
        ]
    ),
    kind!(
        "namespace",
        cat::CONTAINER,
        ["namespace", "kubernetes namespace", "k8s namespace"],
        [
            "kubernetes_namespace",
            "kubernetes_namespace_v1",
            "azurerm_servicebus_namespace",
            "azurerm_eventhub_namespace"
        ]
    ),
    kind!(
        "deployment",
        cat::CONTAINER,
        ["deployment", "kubernetes deployment", "k8s deployment"],
        ["kubernetes_deployment", "kubernetes_deployment_v1"]
    ),
    kind!(
        "config map",
        cat::CONTAINER,
        ["config map", "configmap"],
        ["kubernetes_config_map", "kubernetes_config_map_v1"]
    ),
    kind!(
        "pod autoscaler",
        cat::CONTAINER,
        [
            "hpa",
            "horizontal pod autoscaler",
            "pod autoscaler",
            "autoscaler"
        ],
        [
            "kubernetes_horizontal_pod_autoscaler",
            "kubernetes_horizontal_pod_autoscaler_v1",
            "kubernetes_horizontal_pod_autoscaler_v2"
        ]
    ),
    kind!(
        "repository",
        cat::SOURCE_CONTROL,
        [
            "repository",
            "repo",
            "git repository",
            "github repository",
            "github repo"
        ],
        [
            "github_repository",
            "gitlab_project",
            "azuredevops_git_repository"
        ]
    ),
    kind!(
        "branch protection",
        cat::SOURCE_CONTROL,
        [
            "branch protection",
            "branch protection rule",
            "protected branch"
        ],
        [
            "github_branch_protection",
            "github_branch_protection_v3",
            "gitlab_branch_protection"
        ]
    ),
    kind!(
        "CDN service",
        cat::CDN,
        [
            "fastly service",
            "cdn service",
            "cloudfront distribution",
            "distribution"
        ],
        [
            "fastly_service_vcl",
            "fastly_service_compute",
            "aws_cloudfront_distribution"
        ]
    ),
    kind!(
        "page rule",
        cat::CDN,
        ["page rule", "cache rule"],
        ["cloudflare_page_rule"]
    ),
    kind!(
        "Helm chart",
        cat::CONTAINER,
        ["chart", "helm chart", "helm release", "helm", "release"],
        ["helm_release"]
    ),
    kind!(
        EVERYTHING,
        EVERYTHING,
        [
            "environment",
            "env",
            "stack",
            "everything",
            "resource",
            "infrastructure",
            "infra",
            "workspace",
            "leftover"
        ],
        []
    ),
];

/// Multi-word topics that contain a kind word but name none ("machine learning" is not a
/// machine). They are consumed before kinds are looked up.
pub const NOT_KINDS: &[&str] = &[
    "machine learning",
    "deep learning",
    "availability zone",
    "state machine",
    "change ticket",
    "black friday",
    "customer demo",
    "key rotation",
    "api key",
];

/// Environment families. Production, staging (pre-production) and development (all other
/// non-production) are distinct; `nonprod` is compatible with both non-production families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Env {
    Production,
    Staging,
    Development,
    NonProd,
}

impl Env {
    pub fn as_str(self) -> &'static str {
        match self {
            Env::Production => "production",
            Env::Staging => "staging",
            Env::Development => "development",
            Env::NonProd => "non-production",
        }
    }

    /// Can a change in `self` belong to a request about `other`?
    pub fn compatible(self, other: Env) -> bool {
        use Env::*;
        match (self, other) {
            (a, b) if a == b => true,
            (NonProd, Staging | Development) | (Staging | Development, NonProd) => true,
            _ => false,
        }
    }

    pub fn is_production(self) -> bool {
        self == Env::Production
    }
}

/// One word (or a joined compound such as `nonprod`) naming an environment.
pub fn env_of_word(w: &str) -> Option<Env> {
    Some(match w {
        "prod" | "production" | "prd" | "live" => Env::Production,
        "staging" | "stage" | "stg" | "preprod" | "preproduction" | "uat" => Env::Staging,
        "dev" | "development" | "test" | "testing" | "qa" | "sandbox" | "sbx" | "demo" => {
            Env::Development
        }
        "nonprod" | "nonproduction" => Env::NonProd,
        _ => return None,
    })
}

/// Words in a request that mark PCI / payment-card scope.
pub const PCI_WORDS: &[&str] = &["pci", "cardholder", "payment", "card", "cde"];

/// Words in a request that ask for something not reachable from the internet.
pub const PRIVATE_WORDS: &[&str] = &["private", "internal", "isolated", "intra"];

/// Words that end a noun phrase and start a prepositional (context) phrase.
pub const PREPOSITIONS: &[&str] = &[
    "for",
    "to",
    "in",
    "on",
    "from",
    "with",
    "into",
    "at",
    "so",
    "that",
    "which",
    "by",
    "across",
    "within",
    "between",
    "behind",
    "via",
    "using",
    "under",
    "onto",
    "inside",
    "without",
    "except",
    "including",
    "as",
    "because",
    "since",
    "while",
    "when",
    "where",
    "than",
    "per",
    "after",
    "before",
    "during",
    "over",
    "around",
    "through",
    "against",
    "if",
    "but",
    "then",
    "of",
];

/// Prepositions after which a mentioned kind may be *created* as part of a create request
/// ("a segment for ML workloads", "a segment with GPU instances").
pub const CREATING_PREPOSITIONS: &[&str] = &["for", "with", "of", "including"];

/// Words skipped at the start of a clause before its verb.
pub const CLAUSE_LEADERS: &[&str] = &[
    "please",
    "pls",
    "kindly",
    "also",
    "then",
    "and",
    "we",
    "i",
    "you",
    "can",
    "could",
    "would",
    "should",
    "must",
    "just",
    "now",
    "lets",
    "let",
    "us",
    "will",
    "shall",
    "d",
    "ll",
    "ve",
    "hi",
    "hey",
    "team",
    "quickly",
    "urgently",
    "finally",
    "first",
    "next",
    "additionally",
    "or",
];

/// Words after which `to <verb>` is what the user wants, not a purpose ("we need to delete").
pub const WANTING: &[&str] = &[
    "want",
    "wants",
    "need",
    "needs",
    "like",
    "have",
    "has",
    "going",
    "required",
    "asked",
    "requested",
    "please",
];

/// Determiners and number words that give a count (`None` = no count, e.g. "the").
pub fn count_word(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" | "single" | "another" => 1,
        "two" | "pair" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "couple" => 2,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "hundred" => 100,
        _ => return None,
    })
}

/// Members of a cluster or group that a request counts ("three brokers", "a 3-node cluster"),
/// by the word used; the value names the member kind that [`crate::engine::intent::quantity`]
/// compares with the change's size attributes.
pub fn member_of_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "node" | "nodes" | "worker" | "workers" => "node",
        "broker" | "brokers" => "broker",
        "replica" | "replicas" => "replica",
        "shard" | "shards" => "shard",
        "task" | "tasks" => "task",
        "pod" | "pods" => "replica",
        "vm" | "vms" | "instance" | "instances" => "instance",
        _ => return None,
    })
}

/// Head words of a phrase that names a setting of a thing rather than a thing ("the node count of
/// the pool", "the instance type of the web server"): the thing after `of` is the object.
pub const ATTRIBUTE_HEADS: &[&str] = &[
    "count",
    "size",
    "number",
    "capacity",
    "type",
    "class",
    "tier",
    "version",
    "retention",
    "sku",
    "limit",
    "memory",
    "storage",
    "throughput",
    "iops",
    "quota",
    "setting",
    "settings",
    "configuration",
    "config",
    "timeout",
    "replicas",
];

/// Units after a number: "500 GB" is a size, not five hundred things.
pub const UNITS: &[&str] = &[
    "gb", "gib", "tb", "tib", "mb", "mib", "kb", "vcpu", "vcpus", "cpu", "cpus", "core", "cores",
    "percent", "ms", "s", "sec", "second", "seconds", "minute", "minutes", "hour", "hours", "day",
    "days", "month", "months", "year", "years", "gbps", "mbps", "iops", "x", "k", "m", "g", "usd",
    "dollars", "rps", "qps", "rcu", "wcu", "gbs",
];

/// Words that never discriminate between resources by name (vague qualifiers and fillers).
pub const NON_DISCRIMINATING: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "my",
    "your",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "all",
    "every",
    "each",
    "more",
    "new",
    "old",
    "older",
    "unused",
    "stale",
    "existing",
    "current",
    "unneeded",
    "orphaned",
    "obsolete",
    "leftover",
    "extra",
    "additional",
    "other",
    "it",
    "them",
    "up",
    "down",
    "out",
    "off",
    "ticket",
    "please",
    "scope",
    "team",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "single",
    "another",
    "same",
    "few",
    "several",
    "many",
    "few",
    "small",
    "large",
    "big",
    "dedicated",
    "separate",
    "temporary",
    "tmp",
    "private",
    "public",
    "internal",
    "external",
    "is",
    "are",
    "be",
    "and",
    "or",
    "not",
    "no",
    "now",
    // Modal verbs ("the staging buckets should get the tag", "could the api HPA allow…") say
    // how something is asked, never which thing.
    "should",
    "could",
    "would",
    "must",
    "might",
    "shall",
    "can",
    "will",
    "only",
];

/// Head nouns too general to say which resource type a phrase means ("the account", "the
/// service", "the group"): a type that carries one of them is not evidence of the thing asked.
/// Singular, as [`super::request::stem`] writes them.
pub const GENERIC_HEADS: &[&str] = &[
    "resource", "thing", "stuff", "change", "setting", "config", "account", "group", "set",
    "policy", "rule", "service", "data", "item", "object", "value", "access",
];

/// Name tokens that mark an auxiliary instance of a kind (a dead-letter queue next to a queue,
/// an access-log bucket next to a bucket): natural companions, not "more instances than asked".
pub const AUXILIARY_NAMES: &[&str] = &[
    "dlq",
    "deadletter",
    "dead",
    "logs",
    "log",
    "logging",
    "access",
    "replica",
    "replication",
    "backup",
    "failover",
    "standby",
    "audit",
];

/// Resource names that say nothing about what a resource is for (module conventions).
pub const GENERIC_NAMES: &[&str] = &[
    "this",
    "main",
    "default",
    "primary",
    "example",
    "resource",
    "default_",
    "self",
    "it",
    "the",
    "a",
    "rule",
    "attachment",
    "association",
];

/// Abbreviations that appear in resource names for words in requests.
pub const EXPANSIONS: &[(&str, &str)] = &[
    ("machine learning", "ml"),
    ("artificial intelligence", "ai"),
    ("kubernetes", "k8s"),
    ("database", "db"),
    ("application", "app"),
    ("production", "prod"),
    ("development", "dev"),
    ("analytics", "analytic"),
    ("reporting", "report"),
    ("monitoring", "monitor"),
];

/// Categories whose size a "scale" request may change.
pub const CAPACITY_CATEGORIES: &[&str] = &[
    cat::COMPUTE,
    cat::AUTOSCALING,
    cat::CONTAINER,
    cat::SERVERLESS,
    cat::DATABASE,
    cat::CACHE,
    cat::ANALYTICS,
    cat::MESSAGING,
    cat::FILE_STORAGE,
    cat::BLOCK_STORAGE,
];

/// Resource types that make something reachable from the internet; they are a natural part of a
/// network or host only when the request does not ask for something private.
pub fn internet_facing(resource_type: &str) -> bool {
    matches!(
        resource_type,
        "aws_internet_gateway"
            | "aws_eip"
            | "aws_eip_association"
            | "azurerm_public_ip"
            | "azurerm_public_ip_prefix"
            | "google_compute_address"
            | "google_compute_global_address"
    )
}

/// IAM types a host, container or function naturally needs to run (its identity), as opposed to
/// permissions granted to it, which must be asked for.
pub fn runtime_identity(resource_type: &str) -> bool {
    matches!(
        resource_type,
        "aws_iam_role"
            | "aws_iam_instance_profile"
            | "aws_iam_service_linked_role"
            | "google_service_account"
            | "azurerm_user_assigned_identity"
    )
}

/// Categories that naturally come with a requested category (the request for a network segment
/// covers its subnets, route tables, NAT and security groups). Same-category sub-resources (a
/// bucket's public-access block, a volume's attachment, a database's subnet group) are always
/// covered and need no entry.
pub fn supporting(requested: &str) -> &'static [&'static str] {
    match requested {
        cat::NETWORK => &[
            cat::NETWORK_ACCESS,
            cat::PUBLIC_IP,
            cat::DNS,
            cat::LOGGING_AUDIT,
            cat::MONITORING,
        ],
        cat::COMPUTE => &[
            cat::BLOCK_STORAGE,
            cat::NETWORK_ACCESS,
            cat::PUBLIC_IP,
            cat::IAM,
            cat::MONITORING,
            cat::AUTOSCALING,
            cat::KEY_MANAGEMENT,
            cat::DNS,
            cat::LOAD_BALANCER,
            cat::LOGGING_AUDIT,
        ],
        cat::AUTOSCALING => &[
            cat::COMPUTE,
            cat::LOAD_BALANCER,
            cat::MONITORING,
            cat::NETWORK_ACCESS,
            cat::IAM,
        ],
        cat::CONTAINER => &[
            cat::COMPUTE,
            cat::AUTOSCALING,
            cat::NETWORK_ACCESS,
            cat::IAM,
            cat::LOGGING_AUDIT,
            cat::MONITORING,
            cat::LOAD_BALANCER,
            cat::KEY_MANAGEMENT,
            cat::BLOCK_STORAGE,
        ],
        cat::SERVERLESS => &[
            cat::IAM,
            cat::LOGGING_AUDIT,
            cat::MESSAGING,
            cat::MONITORING,
            cat::NETWORK_ACCESS,
        ],
        cat::DATABASE => &[
            cat::NETWORK_ACCESS,
            cat::KEY_MANAGEMENT,
            cat::SECRETS,
            cat::MONITORING,
            cat::LOGGING_AUDIT,
            cat::DNS,
            cat::BACKUP,
        ],
        cat::CACHE => &[
            cat::NETWORK_ACCESS,
            cat::KEY_MANAGEMENT,
            cat::SECRETS,
            cat::MONITORING,
        ],
        cat::ANALYTICS => &[
            cat::NETWORK_ACCESS,
            cat::KEY_MANAGEMENT,
            cat::MONITORING,
            cat::LOGGING_AUDIT,
        ],
        cat::OBJECT_STORAGE => &[cat::KEY_MANAGEMENT, cat::LOGGING_AUDIT, cat::MONITORING],
        cat::BLOCK_STORAGE => &[cat::KEY_MANAGEMENT, cat::BACKUP],
        cat::FILE_STORAGE => &[cat::NETWORK_ACCESS, cat::KEY_MANAGEMENT, cat::BACKUP],
        // Brokers and streams live in a network and log like any cluster.
        cat::MESSAGING => &[
            cat::KEY_MANAGEMENT,
            cat::MONITORING,
            cat::NETWORK_ACCESS,
            cat::LOGGING_AUDIT,
        ],
        cat::KEY_MANAGEMENT => &[],
        cat::SECRETS => &[cat::KEY_MANAGEMENT],
        cat::CERTIFICATE => &[cat::DNS, cat::LOAD_BALANCER, cat::CDN],
        cat::DNS => &[cat::CERTIFICATE],
        cat::LOAD_BALANCER => &[
            cat::NETWORK_ACCESS,
            cat::CERTIFICATE,
            cat::DNS,
            cat::PUBLIC_IP,
            cat::LOGGING_AUDIT,
            cat::MONITORING,
        ],
        cat::CDN => &[cat::CERTIFICATE, cat::DNS, cat::LOGGING_AUDIT],
        cat::LOGGING_AUDIT => &[cat::OBJECT_STORAGE, cat::KEY_MANAGEMENT, cat::IAM],
        cat::MONITORING => &[cat::MESSAGING],
        cat::BACKUP => &[cat::KEY_MANAGEMENT],
        cat::ACCOUNT => &[],
        _ => &[],
    }
}

/// Resource types that a requested category's things cannot run without, beyond the category
/// table: an Azure function app needs its service plan and storage account, a Cloud Function its
/// source bucket and object.
pub fn companions(requested: &str) -> &'static [&'static str] {
    match requested {
        cat::SERVERLESS => &[
            "azurerm_service_plan",
            "azurerm_app_service_plan",
            "azurerm_storage_account",
            "azurerm_application_insights",
            "google_storage_bucket",
            "google_storage_bucket_object",
            "aws_lambda_permission",
            "aws_lambda_function_url",
        ],
        cat::CONTAINER => &[
            "azurerm_container_registry",
            "google_artifact_registry_repository",
        ],
        _ => &[],
    }
}

/// Private connectivity to a managed service (private service access, private endpoints, VPC
/// endpoints): what a database, cache or bucket reached only privately needs.
pub fn private_connectivity(resource_type: &str) -> bool {
    matches!(
        resource_type,
        "google_service_networking_connection"
            | "google_compute_global_address"
            | "azurerm_private_endpoint"
            | "azurerm_private_dns_zone"
            | "azurerm_private_dns_zone_virtual_network_link"
            | "aws_vpc_endpoint"
    )
}

/// What a firewall appliance (as opposed to a rule) naturally needs.
pub const FIREWALL_APPLIANCE_SUPPORT: &[&str] = &[
    cat::PUBLIC_IP,
    cat::NETWORK,
    cat::LOGGING_AUDIT,
    cat::MONITORING,
];

/// Containers created to hold what is asked for (an Azure resource group): natural for any
/// create request.
pub fn resource_container(resource_type: &str) -> bool {
    resource_type == "azurerm_resource_group"
}

/// Azure location names (spaces removed) recognised in requests.
pub const AZURE_LOCATIONS: &[&str] = &[
    "eastus",
    "eastus2",
    "westus",
    "westus2",
    "westus3",
    "centralus",
    "northcentralus",
    "southcentralus",
    "westcentralus",
    "canadacentral",
    "canadaeast",
    "brazilsouth",
    "northeurope",
    "westeurope",
    "uksouth",
    "ukwest",
    "francecentral",
    "francesouth",
    "germanywestcentral",
    "germanynorth",
    "switzerlandnorth",
    "switzerlandwest",
    "norwayeast",
    "norwaywest",
    "swedencentral",
    "polandcentral",
    "italynorth",
    "spaincentral",
    "austriaeast",
    "eastasia",
    "southeastasia",
    "japaneast",
    "japanwest",
    "australiaeast",
    "australiasoutheast",
    "australiacentral",
    "centralindia",
    "southindia",
    "westindia",
    "koreacentral",
    "koreasouth",
    "uaenorth",
    "southafricanorth",
    "qatarcentral",
    "israelcentral",
    "mexicocentral",
];
