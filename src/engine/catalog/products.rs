/*!
Product and service names ("Postgres", "Kafka", "GKE"): the words that name each product in
requests, type names and salient attributes, its family (products are compared only within one),
and the type prefixes that say a product their words do not. The matching is in
`intent/products.rs`.
*/

/// A product: its id, its family, and the words that name it in requests, types and attributes.
pub struct Product {
    pub id: &'static str,
    pub family: &'static str,
    pub words: &'static [&'static str],
}

const fn p(id: &'static str, family: &'static str, words: &'static [&'static str]) -> Product {
    Product { id, family, words }
}

pub const PRODUCTS: &[Product] = &[
    p(
        "PostgreSQL",
        "database engine",
        &["postgres", "postgresql", "psql"],
    ),
    p("MySQL", "database engine", &["mysql"]),
    p("MariaDB", "database engine", &["mariadb"]),
    p("SQL Server", "database engine", &["sqlserver", "mssql"]),
    p("Oracle", "database engine", &["oracle"]),
    p("MongoDB", "document database", &["mongodb", "mongo"]),
    p("DocumentDB", "document database", &["documentdb", "docdb"]),
    p("Cosmos DB", "document database", &["cosmosdb", "cosmos"]),
    p("DynamoDB", "document database", &["dynamodb", "dynamo"]),
    p("Redis", "cache engine", &["redis", "valkey"]),
    p("Memcached", "cache engine", &["memcached", "memcache"]),
    p("Kafka", "event streaming", &["kafka", "msk"]),
    p("Kinesis", "event streaming", &["kinesis"]),
    p("Event Hubs", "event streaming", &["eventhub", "eventhubs"]),
    p("RabbitMQ", "message broker", &["rabbitmq", "rabbit"]),
    p("ActiveMQ", "message broker", &["activemq"]),
    p("SQS", "queue service", &["sqs"]),
    p("Pub/Sub", "queue service", &["pubsub"]),
    p("Service Bus", "queue service", &["servicebus"]),
    p(
        "OpenSearch",
        "search engine",
        &["opensearch", "elasticsearch", "elastic"],
    ),
    p("EKS", "managed Kubernetes", &["eks"]),
    p("GKE", "managed Kubernetes", &["gke"]),
    p("AKS", "managed Kubernetes", &["aks"]),
    p("Lambda", "serverless functions", &["lambda"]),
    p("Cloud Run", "serverless functions", &["cloudrun"]),
    p(
        "Cloud Functions",
        "serverless functions",
        &["cloudfunctions"],
    ),
    p("Azure Functions", "serverless functions", &["functionapp"]),
    p("Redshift", "data warehouse", &["redshift"]),
    p("BigQuery", "data warehouse", &["bigquery"]),
    p("Synapse", "data warehouse", &["synapse"]),
    p("Snowflake", "data warehouse", &["snowflake"]),
    // Sign-in providers of an identity service (an Auth0 connection's `strategy`). Read only
    // from attributes: "google" and "github" in a type's name say its provider, not a login.
    p("Google sign-in", SIGN_IN_FAMILY, &["google", "googleoauth"]),
    p("GitHub sign-in", SIGN_IN_FAMILY, &["github"]),
    p(
        "Microsoft sign-in",
        SIGN_IN_FAMILY,
        &["microsoft", "windowslive"],
    ),
    p("Apple sign-in", SIGN_IN_FAMILY, &["apple"]),
    p("Facebook sign-in", SIGN_IN_FAMILY, &["facebook"]),
    p("LinkedIn sign-in", SIGN_IN_FAMILY, &["linkedin"]),
    p("GitLab sign-in", SIGN_IN_FAMILY, &["gitlab"]),
    p("Bitbucket sign-in", SIGN_IN_FAMILY, &["bitbucket"]),
    // DNS record types: a record's `type` is read as "<type>record" ("a" alone is an article).
    p("A record", DNS_RECORD_FAMILY, &["arecord"]),
    p("AAAA record", DNS_RECORD_FAMILY, &["aaaa", "aaaarecord"]),
    p("CNAME record", DNS_RECORD_FAMILY, &["cname", "cnamerecord"]),
    p("TXT record", DNS_RECORD_FAMILY, &["txt", "txtrecord"]),
    p("MX record", DNS_RECORD_FAMILY, &["mx", "mxrecord"]),
    p("SRV record", DNS_RECORD_FAMILY, &["srv", "srvrecord"]),
    p("CAA record", DNS_RECORD_FAMILY, &["caa", "caarecord"]),
];

/// Type prefixes whose words do not say the product.
pub const TYPE_PRODUCTS: &[(&str, &str)] = &[
    ("google_container_", "GKE"),
    ("azurerm_kubernetes_", "AKS"),
    ("aws_eks_", "EKS"),
    ("google_cloud_run_", "Cloud Run"),
    ("google_cloudfunctions", "Cloud Functions"),
    ("azurerm_linux_function_app", "Azure Functions"),
    ("azurerm_windows_function_app", "Azure Functions"),
    ("azurerm_function_app", "Azure Functions"),
    ("google_pubsub_", "Pub/Sub"),
    ("azurerm_eventhub", "Event Hubs"),
    ("azurerm_servicebus_", "Service Bus"),
    ("aws_sqs_", "SQS"),
    ("aws_dynamodb_", "DynamoDB"),
    ("aws_docdb_", "DocumentDB"),
    ("azurerm_cosmosdb_", "Cosmos DB"),
    ("azurerm_dns_a_record", "A record"),
    ("azurerm_private_dns_a_record", "A record"),
    ("azurerm_dns_aaaa_record", "AAAA record"),
];

/// Attributes that say which product a resource runs.
pub const SALIENT: &[&str] = &[
    "engine",
    "engine_type",
    "database_version",
    "engine_name",
    "kind",
    // A marketplace add-on's plan names its product (`heroku-postgresql:mini`).
    "plan",
    // An identity service's connection: the provider people sign in with (`google-oauth2`).
    "strategy",
];

/// The family of sign-in providers, shown only by attributes, never by a type's words.
pub const SIGN_IN_FAMILY: &str = "sign-in provider";

/// The family of DNS record types, compared only on records that exist and change.
pub const DNS_RECORD_FAMILY: &str = "DNS record type";

/// The attribute that gives a DNS record's type (`A`, `CNAME`), read as "<type>record".
pub const DNS_RECORD_TYPE: &str = "type";
