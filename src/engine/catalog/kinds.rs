/*!
Kinds of things a request can name ("a subnet", "a Postgres database", "two brokers"): each kind's
name, category and the phrases that name it.

Which resource types *are* a kind (count as "one of these" and match it directly) is not listed
here: each type's row in [`super::types`] names its kinds, so a new type is one row. A kind no
row names is matched by its category and never counted.
*/
use super::categories as cat;

/// A kind of resource a request can name.
pub struct Kind {
    /// Human name used in messages ("subnet", "KMS key").
    pub name: &'static str,
    pub category: &'static str,
    /// Phrases (singular, lower-case, space-separated) that name it.
    pub phrases: &'static [&'static str],
    /// A weak head noun ("instance", "cluster", "server") yields to a strong kind word in the
    /// same noun phrase: "RDS instance" is a database, "Redis cluster" a cache.
    pub weak: bool,
}

/// A firewall appliance (not a rule): it needs its own subnet and public address.
pub const FIREWALL_APPLIANCE: &str = "firewall";

/// The special kind "everything in an environment" ("clean up the old dev environments").
pub const EVERYTHING: &str = "everything";

macro_rules! kind {
    ($name:expr, $cat:expr, [$($p:expr),* $(,)?]) => {
        Kind { name: $name, category: $cat, phrases: &[$($p),*], weak: false }
    };
    (weak $name:expr, $cat:expr, [$($p:expr),* $(,)?]) => {
        Kind { name: $name, category: $cat, phrases: &[$($p),*], weak: true }
    };
}

/// Kinds that are parts of another kind (part, the wholes it belongs to): a request for the
/// whole covers creating its parts ("a network segment" brings its subnets), a request for a
/// part covers the whole it lives in (a Service Bus queue needs its namespace), while a thing of
/// another kind beside it needs the plan to tie the two.
pub const PARTS: &[(&str, &[&str])] = &[
    ("subnet", &["network segment"]),
    ("NAT gateway", &["network segment"]),
    ("subscription", &["topic", "event stream", "queue"]),
    ("topic", &["event stream"]),
    ("queue", &["event stream"]),
    ("namespace", &["event stream"]),
    ("event stream", &["namespace"]),
    ("node pool", &["container service"]),
    ("database component", &["database"]),
    ("blob container", &["bucket"]),
    ("secret", &["key vault"]),
    ("KMS key", &["key vault"]),
    ("key pair", &["instance"]),
];

/// Whether kind `part` is a part of kind `whole`.
pub fn is_part_of(part: &str, whole: &str) -> bool {
    PARTS
        .iter()
        .any(|(p, wholes)| *p == part && wholes.contains(&whole))
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
        ]
    ),
    kind!(
        "subnet",
        cat::NETWORK,
        // "snet-web": Azure's own abbreviation, which names are written with.
        ["subnet", "subnetwork", "sub network", "snet"]
    ),
    kind!(
        "NAT gateway",
        cat::NETWORK,
        ["nat gateway", "nat", "cloud nat"]
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
        ]
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
        ]
    ),
    kind!(weak "rule", cat::NETWORK_ACCESS, ["rule"]
    ),
    kind!(
        FIREWALL_APPLIANCE,
        cat::NETWORK_ACCESS,
        [
            "firewall",
            "azure firewall",
            "network firewall",
            "cloud firewall",
            "firewall appliance"
        ]
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
        ]
    ),
    kind!(
        weak "instance",
        cat::COMPUTE,
        [
            "instance", "server", "host", "machine", "worker", "node", "compute", "workload",
            "box"
        ]
    ),
    // The plan an Azure web or function app runs on: its size and its count of workers.
    kind!(
        "App Service plan",
        cat::COMPUTE,
        [
            "app service plan",
            "service plan",
            "hosting plan",
            "consumption plan"
        ]
    ),
    kind!(
        "key pair",
        cat::COMPUTE,
        ["key pair", "keypair", "ssh key", "ssh public key"]
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
        ]
    ),
    kind!(
        "blob container",
        cat::OBJECT_STORAGE,
        [
            "blob container",
            "storage container",
            "private container",
            "file share"
        ]
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
            "acr",
            "artifact registry",
            "helm chart"
        ]
    ),
    kind!(weak "cluster", cat::CONTAINER, ["cluster"]
    ),
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
            "aurora serverless",
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
            "redshift serverless",
            "read replica",
            // A MongoDB replica set is the database's own cluster; a Kubernetes ReplicaSet is
            // written as one word.
            "replica set",
            "data warehouse",
            "mongodb",
            "mongo",
            "bigtable",
            "firestore",
            "alloydb",
            "sql"
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
        ]
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
            "storage acct",
            "blob",
            "blob container",
            "blob storage",
            "object store",
            "bucket policy",
            "lifecycle rule",
            "lifecycle policy",
            "lifecycle configuration",
            "versioning"
        ]
    ),
    kind!(weak "storage", cat::OBJECT_STORAGE, ["storage"]
    ),
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
        ]
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
            "msk serverless",
            "msk cluster",
            "service bus",
            "servicebus",
            "event bus",
            "eventbridge",
            "event grid",
            "broker",
            "message broker"
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
        ]
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
        ]
    ),
    kind!(weak "key", cat::KEY_MANAGEMENT, ["key"]
    ),
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
        ]
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
            "app assignment",
            "application assignment",
            "role binding",
            "managed identity",
            "identity"
        ]
    ),
    kind!(weak "policy", cat::IAM, ["policy"]
    ),
    // A directory's group of people ("Entra ID security group", "Okta group"): not a network
    // security group.
    kind!(
        "identity group",
        cat::IAM,
        [
            "iam group",
            "user group",
            "identity group",
            "entra group",
            "entra id group",
            "entra security group",
            "entra id security group",
            "azure ad group",
            "azure ad security group",
            "aad group",
            "aad security group",
            "ad group",
            "ad security group",
            "okta group",
            "google group",
            "keycloak group"
        ]
    ),
    kind!(
        "DNS record",
        cat::DNS,
        [
            "dns",
            "dns record",
            "dns entry",
            "cname",
            "cname record",
            "aaaa record",
            "txt record",
            "mx record",
            "srv record",
            "caa record",
            "route53",
            "route 53",
            "alias record"
        ]
    ),
    // A zone holds records: asking for one is not asking for the other's count.
    kind!(
        "DNS zone",
        cat::DNS,
        [
            "hosted zone",
            "dns zone",
            "managed zone",
            "private zone",
            "private dns zone",
            "route53 zone",
            "route 53 zone"
        ]
    ),
    kind!(weak "record", cat::DNS, ["record", "zone", "domain"]
    ),
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
            "agw",
            "listener",
            "target group",
            "application load balancer",
            "network load balancer",
            "traffic manager"
        ]
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
        ]
    ),
    kind!(weak "TLS", cat::CERTIFICATE, ["tls", "ssl"]
    ),
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
            "law",
            "log analytics workspace",
            "log sink",
            "siem",
            "diagnostic setting"
        ]
    ),
    kind!(weak "log", cat::LOGGING_AUDIT, ["log"]
    ),
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
            "application insights",
            "app insights",
            "appinsights",
            "action group"
        ]
    ),
    kind!(weak "metrics", cat::MONITORING, ["metric"]
    ),
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
        ]
    ),
    kind!(weak "function", cat::SERVERLESS, ["function"]
    ),
    kind!(
        "CDN",
        cat::CDN,
        [
            "cdn",
            "cloudfront",
            "front door",
            "frontdoor",
            "distribution"
        ]
    ),
    kind!(
        "analytics",
        cat::ANALYTICS,
        [
            "elasticsearch",
            "opensearch",
            "opensearch serverless",
            "emr serverless",
            "search domain",
            "bigquery",
            "glue",
            "athena",
            "emr",
            "dataproc",
            "databricks",
            "synapse",
            "sagemaker"
        ]
    ),
    kind!(weak "dataset", cat::ANALYTICS, ["dataset"]
    ),
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
        ]
    ),
    kind!(
        "resource group",
        cat::ACCOUNT,
        ["resource group", "gcp project", "folder"]
    ),
    kind!(weak "project", cat::ACCOUNT, ["project"]
    ),
    kind!(
        "backup",
        cat::BACKUP,
        ["backup", "backup plan", "backup vault", "snapshot"]
    ),
    kind!(
        "subscription",
        cat::MESSAGING,
        [
            "subscription",
            "pubsub subscription",
            "pub sub subscription",
            "sns subscription",
            "topic subscription",
            "subscriber",
            "email subscriber",
            "email subscription"
        ]
    ),
    kind!(
        "dashboard",
        cat::MONITORING,
        ["dashboard", "datadog dashboard", "grafana dashboard"]
    ),
    // What holds dashboards; a cloud's folder of projects is a resource group.
    kind!(
        "dashboard folder",
        cat::MONITORING,
        ["dashboard folder", "grafana folder"]
    ),
    kind!(
        "monitor",
        cat::MONITORING,
        [
            "monitor",
            "datadog monitor",
            "alert policy",
            "alert rule",
            "alert condition",
            "nrql condition",
            "nrql alert condition"
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
        ]
    ),
    kind!(
        "escalation policy",
        cat::MONITORING,
        // "EP" is how on-call people write it ("EP = Platform Primary").
        ["escalation policy", "escalation", "ep"]
    ),
    kind!(
        "on-call service",
        cat::MONITORING,
        ["pagerduty service", "incident service"]
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
        ]
    ),
    kind!(
        "auth method",
        cat::SECRETS,
        [
            "auth method",
            "auth backend",
            "authentication method",
            "approle"
        ]
    ),
    kind!(
        "namespace",
        cat::CONTAINER,
        ["namespace", "kubernetes namespace", "k8s namespace"]
    ),
    kind!(
        "deployment",
        cat::CONTAINER,
        ["deployment", "kubernetes deployment", "k8s deployment"]
    ),
    kind!("config map", cat::CONTAINER, ["config map", "configmap"]),
    kind!(
        "pod autoscaler",
        cat::CONTAINER,
        [
            "hpa",
            "horizontal pod autoscaler",
            "pod autoscaler",
            "autoscaler"
        ]
    ),
    // "repo" alone is a source repository, but a kind word right before it says what the
    // repository holds: an "ECR repo" or an "Artifact Registry repo" is a container registry.
    kind!(
        "git repository",
        cat::SOURCE_CONTROL,
        [
            "git repository",
            "git repo",
            "github repository",
            "github repo",
            "gitlab repository",
            "gitlab repo",
            "gitlab project"
        ]
    ),
    kind!(weak "repository", cat::SOURCE_CONTROL, ["repository", "repo"]
    ),
    kind!(
        "branch protection",
        cat::SOURCE_CONTROL,
        [
            "branch protection",
            "branch protection rule",
            "protected branch"
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
        ]
    ),
    kind!("page rule", cat::CDN, ["page rule", "cache rule"]),
    kind!(
        "Helm chart",
        cat::CONTAINER,
        ["chart", "helm chart", "helm release", "helm", "release"]
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
        ]
    ),
];
