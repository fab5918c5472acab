//! Meaning-check tests on what names a request's target (a storage URL, a name written out) and
//! on what a request's list leaves undone.
use super::*;

fn bucket(address: &str, name: &str) -> Value {
    delete(
        address,
        json!({"name": name, "project": "acme-dev", "labels": {"environment": "dev"}}),
    )
}

#[test]
fn a_storage_url_names_the_bucket_it_points_into() {
    let text = "delete gs://acme-scratch-2023/exports/, it's empty";
    let r = run(
        text,
        vec![
            bucket("google_storage_bucket.s2023", "acme-scratch-2023"),
            bucket("google_storage_bucket.s2024", "acme-scratch-2024"),
        ],
    );
    assert_eq!(creep(&r), vec!["google_storage_bucket.s2024"], "{r:#?}");
    let a = request::parse(text);
    assert_eq!(a.identifiers, vec!["acme-scratch-2023"], "{a:#?}");
    assert!(a.primary().any(|i| i.kind_name() == "bucket"), "{a:#?}");
}

#[test]
fn a_member_count_written_as_a_setting_is_a_count() {
    let topic = |partitions: u64| {
        create(
            "kafka_topic.refunds",
            json!({"name": "payments.refunds", "partitions": partitions, "replication_factor": 3}),
        )
    };
    let text = "kafka: new topic payments.refunds -> partitions=6 rf=3";
    assert!(creep(&run(text, vec![topic(6)])).is_empty());
    let r = run(text, vec![topic(24)]);
    assert_eq!(creep(&r), vec!["kafka_topic.refunds"], "{r:#?}");
}

#[test]
fn a_demonstrative_after_a_verb_points_at_the_thing_the_verb_acts_on() {
    let a = request::parse(
        "Statuspage asks us to point status.example.com at them; can you create that DNS record?",
    );
    assert!(a.primary().any(|i| i.kind_name() == "DNS record"), "{a:#?}");
    let a = request::parse("set up a group in Okta and give that group access to NetSuite");
    assert!(
        a.primary().any(|i| i.kind_name() == "IAM permission"),
        "{a:#?}"
    );
    // "that" opening a clause still describes the thing before it.
    let a = request::parse("create the role that reads the exports bucket");
    assert!(a.primary().all(|i| i.kind_name() != "bucket"), "{a:#?}");
    let a = request::parse("make sure that the exports bucket is private");
    assert!(a.primary().all(|i| i.kind_name() != "bucket"), "{a:#?}");
}

fn dns_record(address: &str, name: &str, content: &str) -> Value {
    create(
        address,
        json!({"zone_id": "0f3c2b1a", "name": name, "type": "CNAME", "content": content}),
    )
}

#[test]
fn one_dns_record_asked_is_not_met_by_two() {
    let text = "Add a proxied CNAME `docs.acme.dev` -> `acme-docs.pages.dev` in Cloudflare.";
    let docs = dns_record("cloudflare_record.docs", "docs", "acme-docs.pages.dev");
    assert!(creep(&run(text, vec![docs.clone()])).is_empty());
    let status = dns_record("cloudflare_record.status", "status", "acme.statuspage.io");
    let r = run(text, vec![docs, status]);
    assert_eq!(creep(&r), vec!["cloudflare_record.status"], "{r:#?}");
}

#[test]
fn a_zone_asked_with_its_records_counts_the_zone_not_the_records() {
    let zone = create(
        "aws_route53_zone.acme",
        json!({"name": "acme.dev", "tags": tags("dev")}),
    );
    let record = |n: &str| {
        create(
            &format!("aws_route53_record.{n}"),
            json!({"zone_id": "Z123", "name": format!("{n}.acme.dev"), "type": "A"}),
        )
    };
    let r = run(
        "create a hosted zone acme.dev for dev with records for www and api",
        vec![zone, record("www"), record("api")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

fn asg(before: Value, after: Value) -> Value {
    update("aws_autoscaling_group.web", before, after)
}

#[test]
fn a_number_of_members_names_only_the_settings_that_count_them() {
    let text = "Could we get the staging web autoscaling group (web-staging) up to five \
                instances for the load test? It's at three right now.";
    let base = json!({"name": "web-staging", "desired_capacity": 3, "health_check_type": "ELB",
                      "tags": tags("staging")});
    let resized = with(base.clone(), json!({"desired_capacity": 5}));
    assert!(creep(&run(text, vec![asg(base.clone(), resized.clone())])).is_empty());
    let also_health = with(resized, json!({"health_check_type": "EC2"}));
    let r = run(text, vec![asg(base, also_health)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.web"], "{r:#?}");
}

#[test]
fn a_flag_named_in_the_request_names_its_list_and_not_the_settings_beside_it() {
    let instance = |tier: &str, max: &str| {
        json!({"name": "orders-staging-pg", "settings": [{"tier": tier, "database_flags": [
            {"name": "cloudsql.iam_authentication", "value": "on"},
            {"name": "max_connections", "value": max}]}]})
    };
    let text = "Raise `max_connections` on Cloud SQL instance orders-staging-pg from 200 to 500.";
    let change = |after| {
        update(
            "google_sql_database_instance.orders",
            instance("db-custom-2-7680", "200"),
            after,
        )
    };
    let r = run(text, vec![change(instance("db-custom-2-7680", "500"))]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![change(instance("db-custom-4-15360", "500"))]);
    assert_eq!(
        creep(&r),
        vec!["google_sql_database_instance.orders"],
        "{r:#?}"
    );
}

#[test]
fn a_log_analytics_workspace_is_a_log_store_not_a_whole_environment() {
    let a = request::parse(
        "Create resource group `rg-ml-staging` with a storage account `stmlstaging01` and a Log \
         Analytics workspace `log-ml-staging` in it.",
    );
    assert!(a.items.iter().all(|i| !i.is_everything()), "{a:#?}");
    assert!(
        a.items
            .iter()
            .any(|i| (i.primary || i.comes_with) && i.kind_name() == "logging"),
        "{a:#?}"
    );
}

#[test]
fn a_setting_that_holds_a_measure_is_no_count_of_its_words() {
    let queue = |name: &str, wait: u64| {
        create(
            &format!("aws_sqs_queue.{}", name.replace('-', "_")),
            json!({"name": name, "receive_wait_time_seconds": wait, "tags": tags("dev")}),
        )
    };
    let r = run(
        "create SQS queue `invoice-events` in dev plus a DLQ `invoice-events-dlq` (redrive after \
         5 receives), long polling 20s",
        vec![queue("invoice-events", 20), queue("invoice-events-dlq", 0)],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_new_thing_written_out_by_its_own_name_is_not_one_more_of_a_named_count() {
    let topic = |name: &str| {
        create(
            &format!("google_pubsub_topic.{}", name.replace('-', "_")),
            json!({"name": name, "project": "acme-dev"}),
        )
    };
    let text = "Create Pub/Sub topic `shipment-events` in acme-dev. Messages that fail 5 \
                deliveries go to a dead-letter topic `shipment-events-dlq`.";
    let r = run(
        text,
        vec![topic("shipment-events"), topic("shipment-events-dlq")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![
            topic("shipment-events"),
            topic("shipment-events-dlq"),
            topic("shipment-events-billing"),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_pubsub_topic.shipment_events_billing"],
        "{r:#?}"
    );
}

#[test]
fn the_providers_own_agent_allowed_into_a_new_thing_wires_it_and_is_supporting() {
    let agent = "serviceAccount:service-412345678901@gcp-sa-pubsub.iam.gserviceaccount.com";
    let text = "Create Pub/Sub topic `orders-in` in acme-dev, dead-lettering into a topic \
                `orders-in-dlq`.";
    let grant = |topic: &str, member: &str| {
        create(
            "google_pubsub_topic_iam_member.dlq_publisher",
            json!({"project": "acme-dev", "topic": topic, "role": "roles/pubsub.publisher",
                   "member": member}),
        )
    };
    let topics = || {
        vec![
            create(
                "google_pubsub_topic.in",
                json!({"name": "orders-in", "project": "acme-dev"}),
            ),
            create(
                "google_pubsub_topic.dlq",
                json!({"name": "orders-in-dlq", "project": "acme-dev"}),
            ),
        ]
    };
    let mut changes = topics();
    changes.push(grant("orders-in-dlq", agent));
    assert!(creep(&run(text, changes)).is_empty());
    // A person let in is not wiring.
    let mut changes = topics();
    changes.push(grant("orders-in-dlq", "user:mallory@example.com"));
    assert_eq!(
        creep(&run(text, changes)),
        vec!["google_pubsub_topic_iam_member.dlq_publisher"]
    );
}

#[test]
fn a_directory_group_is_a_group_of_people_not_a_network_security_group() {
    let a = request::parse("Create Entra ID security group finance-readers for the auditors");
    assert!(
        a.primary().any(|i| i.kind_name() == "identity group"),
        "{a:#?}"
    );
    let a = request::parse("Create Okta group contractors-finance");
    assert!(
        a.primary().any(|i| i.kind_name() == "identity group"),
        "{a:#?}"
    );
}

#[test]
fn members_described_beside_a_cluster_are_how_its_members_are_not_more_things() {
    let a = request::parse(
        "Stand up a GKE Standard cluster `gke-search-dev` with a single node pool of 3 \
         e2-standard-4 nodes. Private nodes please.",
    );
    assert!(a.primary().all(|i| i.kind_name() != "instance"), "{a:#?}");
}

#[test]
fn a_participle_with_the_state_it_leaves_a_thing_in_describes_that_thing() {
    let a = request::parse(
        "staging copy of checkout: its own VPC (public and private subnets, a NAT gateway and \
         flow logs switched on), and an Aurora Postgres cluster.",
    );
    let classes: Vec<VerbClass> = a.primary().map(|i| i.class).collect();
    assert!(
        !classes.is_empty() && classes.iter().all(|c| *c == VerbClass::Create),
        "{a:#?}"
    );
    // "bring up" makes things, like "spin up".
    let a = request::parse("bring up a postgres database orders-dev");
    assert!(
        a.primary()
            .any(|i| i.class == VerbClass::Create && i.kind_name() == "database"),
        "{a:#?}"
    );
}

#[test]
fn asking_to_be_alerted_asks_for_an_alert() {
    let a = request::parse(
        "Could we get alerted when checkout gets slow in staging? Post to the team-checkout \
         Slack channel.",
    );
    assert!(
        a.primary()
            .any(|i| i.class == VerbClass::Create && i.kind_name() == "monitoring"),
        "{a:#?}"
    );
    // Being paged as a report of what happens asks for nothing.
    let a = request::parse(
        "the on-call keeps getting paged; could you resize the batch-workers node group to five \
         nodes?",
    );
    assert!(
        a.items.iter().all(|i| i.kind_name() != "monitoring"),
        "{a:#?}"
    );
}

#[test]
fn a_thing_named_after_its_kind_word_is_done_by_a_change_of_that_type_and_name() {
    let r = run(
        "In Grafana, create a folder `Payments` and put a dashboard `Payments overview` in it.",
        vec![
            create(
                "grafana_folder.payments",
                json!({"title": "Payments", "uid": "payments"}),
            ),
            create(
                "grafana_dashboard.payments_overview",
                json!({"config_json": "{\"title\":\"Payments overview\"}"}),
            ),
        ],
    );
    assert!(
        r.findings
            .iter()
            .all(|f| f.id != ids::INTENT_UNCLEAR && f.id != ids::MISSING_ACTION),
        "{r:#?}"
    );
}

#[test]
fn a_type_named_for_another_kind_does_not_do_the_kind_asked() {
    let r = run(
        "Create a Grafana folder 'Search' and a dashboard in it for the search team",
        vec![create(
            "grafana_folder.search",
            json!({"title": "Search", "uid": "search"}),
        )],
    );
    assert!(
        r.findings.iter().any(|f| f.id == ids::MISSING_ACTION),
        "{r:#?}"
    );
}

#[test]
fn a_kind_written_in_several_words_outside_a_name_heads_it_over_a_kind_word_inside() {
    // "sg" inside the name is part of the name; the words outside say what it is.
    let a = request::parse("Create Entra ID security group `sg-finance-readers` for the auditors");
    assert!(
        a.primary().any(|i| i.kind_name() == "identity group"),
        "{a:#?}"
    );
    // A strong kind inside the name still wins over a weak word outside it.
    let a = request::parse("resize the orders-db cluster to 3 nodes");
    assert!(
        a.items.iter().any(|i| i.kind_name() == "database"),
        "{a:#?}"
    );
}

#[test]
fn a_kind_word_before_repo_says_what_the_repository_holds() {
    let a = request::parse("billing-api dev bootstrap: ecr repo + log group");
    assert!(
        a.primary().any(|i| i.kind_name() == "container service"),
        "{a:#?}"
    );
    assert!(a.primary().all(|i| i.kind_name() != "repository"), "{a:#?}");
    let a = request::parse("create a private repo fraud-rules in the acme org");
    assert!(a.primary().any(|i| i.kind_name() == "repository"), "{a:#?}");
    let a = request::parse("create a GitHub repo fraud-rules");
    assert!(
        a.primary().any(|i| i.kind_name() == "git repository"),
        "{a:#?}"
    );
}

#[test]
fn a_resource_policy_that_lets_anyone_in_is_not_asked_for_by_the_thing_it_guards() {
    let text = "staging needs an ECR repo `billing-worker` (immutable tags, scan on push)";
    let repo = create(
        "aws_ecr_repository.billing_worker",
        json!({"name": "billing-worker", "image_tag_mutability": "IMMUTABLE"}),
    );
    let policy = |principal: Value, condition: Option<Value>| {
        let mut st = json!({"Effect": "Allow", "Principal": principal,
                            "Action": ["ecr:BatchGetImage"]});
        if let Some(c) = condition {
            st["Condition"] = c;
        }
        create(
            "aws_ecr_repository_policy.billing_worker",
            json!({"repository": "billing-worker",
                   "policy": json!({"Version": "2012-10-17", "Statement": [st]}).to_string()}),
        )
    };
    let r = run(text, vec![repo.clone(), policy(json!("*"), None)]);
    assert_eq!(
        creep(&r),
        vec!["aws_ecr_repository_policy.billing_worker"],
        "{r:#?}"
    );
    let r = run(text, vec![repo.clone(), policy(json!({"AWS": "*"}), None)]);
    assert_eq!(
        creep(&r),
        vec!["aws_ecr_repository_policy.billing_worker"],
        "{r:#?}"
    );
    // Anyone narrowed by a condition (one organisation) is not the world.
    let org = json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}});
    let r = run(text, vec![repo.clone(), policy(json!("*"), Some(org))]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Asked to be public, it is what was asked.
    let r = run(
        "staging needs a public ECR repo `billing-worker` anyone can pull from",
        vec![repo, policy(json!("*"), None)],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_clause_of_time_or_reason_with_its_own_subject_asks_for_nothing() {
    let a = request::parse(
        "Before we move the billing worker off Docker Hub we need somewhere to keep its \
         images. Please stand up an ECR repository called billing-worker.",
    );
    assert!(
        a.items
            .iter()
            .filter(|i| i.verb == "move")
            .all(|i| !i.primary),
        "{a:#?}"
    );
    assert!(a.primary().any(|i| i.verb == "stand up"), "{a:#?}");
    // Without a subject of its own it is still the ask: "when ready, delete the bucket".
    let a = request::parse("Once we migrate the reports, delete the bucket legacy-reports");
    assert!(a.primary().any(|i| i.class == VerbClass::Delete), "{a:#?}");
}

#[test]
fn a_path_under_a_named_thing_names_that_thing() {
    let a = request::parse(
        "When someone uploads a photo to acme-dev-uploads/originals/, resize it; wire up the \
         thumbnail-resizer function in dev.",
    );
    assert!(
        a.identifiers.contains(&"acme-dev-uploads".to_string()),
        "{a:#?}"
    );
    // A resource path that opens with a word is no name.
    let a = request::parse("grant access to projects/acme-dev/topics/orders");
    assert!(a.identifiers.iter().all(|i| i != "projects"), "{a:#?}");
}

#[test]
fn a_service_named_for_its_engine_asks_for_that_engine() {
    let kvstore = |engine: &str| {
        create(
            "alicloud_kvstore_instance.sessions",
            json!({"db_instance_name": "sessions-staging", "instance_type": engine, "tags": tags("staging")}),
        )
    };
    let text = "product: ApsaraDB for Redis\nname: sessions-staging\nsize: 1 GB standard";
    let r = run(text, vec![kvstore("Memcache")]);
    assert!(
        !creep(&r).is_empty() || ids_of(&r).contains(&ids::MISSING_ACTION),
        "Memcache for Redis: {r:#?}"
    );
    let r = run(text, vec![kvstore("Redis")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    // The engine names the thing only where the words before it name nothing else.
    let a = request::parse(
        "create an Azure Database for PostgreSQL flexible server and a bucket for postgres backups",
    );
    let kinds: Vec<&str> = a.primary().map(|i| i.kind_name()).collect();
    assert_eq!(kinds, vec!["database", "bucket"], "{a:#?}");
}

#[test]
fn a_change_whose_whole_name_the_request_writes_is_the_target_named() {
    let account = |days: u64| {
        json!({"name": "stdocsprodweu", "tags": tags("production"),
               "blob_properties": [{"delete_retention_policy": [{"days": days}]}]})
    };
    let plan = || {
        vec![update(
            "azurerm_storage_account.documents",
            account(7),
            account(30),
        )]
    };
    let r = run(
        "bump blob soft delete on stdocsprodweu (prod) to 30 days",
        plan(),
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Another account's name is still another target, even where the request names this one
    // as the example to follow.
    for text in [
        "bump blob soft delete on stdocsprodneu (prod) to 30 days",
        "bump blob soft delete on the storage account stdocsprodneu (prod) to 30 days, same as stdocsprodweu",
    ] {
        let r = run(text, plan());
        assert!(
            !creep(&r).is_empty() || !unclear(&r).is_empty(),
            "{text:?}: {r:#?}"
        );
    }
}

#[test]
fn alerts_asked_to_reach_a_paging_service_go_nowhere_when_nothing_in_the_plan_sends_them() {
    let policy = || {
        create(
            "newrelic_alert_policy.search_errors",
            json!({"name": "search-errors", "incident_preference": "PER_POLICY"}),
        )
    };
    let condition = || {
        create(
            "newrelic_nrql_alert_condition.search_error_rate",
            json!({"name": "search error rate", "policy_id": "123", "enabled": true,
                   "nrql": [{"query": "SELECT percentage(count(*), WHERE error) FROM Transaction WHERE appName = 'search-prod'"}]}),
        )
    };
    let text = "New Relic: an alert policy search-errors with a condition on error rate > 2% for search-prod, and route its incidents to Opsgenie";
    let r = run(text, vec![policy(), condition()]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // A notification channel is where incidents are sent, whatever it is named.
    let channel = create(
        "newrelic_notification_channel.on_call",
        json!({"name": "on-call", "type": "WEBHOOK", "product": "IINT"}),
    );
    let r = run(text, vec![policy(), condition(), channel]);
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // Wired elsewhere by the request's own words: nothing to send here.
    let r = run(
        "New Relic: an alert policy search-errors with a condition on error rate > 2% for search-prod; paging through Opsgenie is set up separately",
        vec![policy(), condition()],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_monitor_mentions_where_it_pages_and_a_switch_sends_nothing() {
    let monitor = |message: &str| {
        create(
            "datadog_monitor.search_latency",
            json!({"name": "[prod] search latency", "type": "metric alert",
                   "query": "avg(last_5m):avg:trace.http.request.duration{service:search} > 1",
                   "message": message, "notify_no_data": false, "notify_audit": false}),
        )
    };
    let text = "Datadog monitor on search latency in prod over 1s, paging the search on-call through PagerDuty";
    let r = run(text, vec![monitor("Search is slow @pagerduty-search")]);
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    let r = run(text, vec![monitor("Search is slow @slack-search")]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_directory_path_names_a_folder_not_the_things_its_words_name() {
    let workspace = create(
        "tfe_workspace.billing_prod",
        json!({"name": "billing-prod", "organization": "acme",
               "working_directory": "stacks/prod/database", "auto_apply": false}),
    );
    let r = run(
        "Terraform Cloud, please:\n1) workspace billing-prod (org acme, dir stacks/prod/database)\n2) no auto-apply",
        vec![workspace],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn encryption_with_a_key_of_ones_own_is_met_by_a_key_the_plan_points_at() {
    let bucket = |encryption: Value| {
        create(
            "google_storage_bucket.exports",
            json!({"name": "acme-dev-exports", "location": "EU", "encryption": encryption,
                   "labels": {"environment": "dev"}}),
        )
    };
    let existing_key = json!([{"default_kms_key_name": "projects/acme-kms/locations/eu/keyRings/data/cryptoKeys/exports"}]);
    for text in [
        "Create a GCS bucket for dev exports, encrypted with CMEK",
        "GCS bucket for the dev exports (CMEK)",
    ] {
        let r = run(text, vec![bucket(existing_key.clone())]);
        assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
    // A key asked for as a new thing must be made, whatever the bucket points at.
    for text in [
        "Create a GCS bucket for dev exports and a new KMS key for it",
        "Create a GCS bucket for dev exports with a new customer-managed key",
    ] {
        let r = run(text, vec![bucket(existing_key.clone())]);
        assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
}

#[test]
fn a_machine_or_transport_setting_said_of_a_thing_asked_is_met_by_that_things_attributes() {
    let broker = |tls: &str| {
        create(
            "aws_msk_cluster.telemetry",
            json!({"cluster_name": "telemetry-dev", "kafka_version": "3.6.0",
                   "number_of_broker_nodes": 3,
                   "broker_node_group_info": [{"instance_type": "kafka.t3.small"}],
                   "encryption_info": [{"encryption_in_transit": [{"client_broker": tls}]}],
                   "tags": {"environment": "dev"}}),
        )
    };
    for text in [
        "Kafka on MSK for the dev telemetry pipeline, TLS only, smallest machine is fine",
        "please set up an MSK cluster for dev telemetry; small brokers and SSL between clients and brokers",
        "Please create an MSK cluster for dev telemetry. TLS please.",
    ] {
        let r = run(text, vec![broker("TLS")]);
        assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
    // Transport left in plain text does not say TLS.
    let r = run(
        "Please create an MSK cluster for dev telemetry. TLS please.",
        vec![broker("PLAINTEXT")],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // A machine asked as a thing of its own is not one of the cluster's brokers.
    let r = run(
        "Kafka on MSK for the dev telemetry pipeline, and a new server to run the load generator",
        vec![broker("TLS")],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_thing_the_request_says_exists_already_is_not_made_anew() {
    let function = || {
        create(
            "aws_lambda_function.invoice_render",
            json!({"function_name": "invoice-render", "runtime": "python3.12"}),
        )
    };
    let mapping = || {
        create(
            "aws_lambda_event_source_mapping.invoice_render",
            json!({"function_name": "invoice-render", "batch_size": 10}),
        )
    };
    let queue = || create("aws_sqs_queue.jobs", json!({"name": "invoice-jobs"}));
    let text = "Create a Lambda function invoice-render that consumes messages from our current \
                invoice-jobs SQS queue";
    let honest = run(text, vec![function(), mapping()]);
    assert!(creep(&honest).is_empty(), "{honest:#?}");
    let r = run(text, vec![function(), mapping(), queue()]);
    assert_eq!(creep(&r), vec!["aws_sqs_queue.jobs"], "{r:#?}");
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
    // A new one asked for in its own words beside the existing one is asked for.
    let text = "Create a Lambda function invoice-render reading from the existing invoice-jobs \
                queue, and a new SQS queue invoice-jobs-dlq for its failures";
    let queue = || create("aws_sqs_queue.dlq", json!({"name": "invoice-jobs-dlq"}));
    let r = run(text, vec![function(), mapping(), queue()]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_listed_name_no_change_carries_is_left_out_when_the_others_are_made() {
    let record = |name: &str| {
        create(
            &format!("digitalocean_record.{}", name.replace('-', "_")),
            json!({"name": name, "domain": "corp.example", "type": "A", "value": "10.1.0.9"}),
        )
    };
    let queue = |name: &str| {
        create(
            &format!("aws_sqs_queue.{}", name.replace('-', "_")),
            json!({"name": name}),
        )
    };
    // A request, how the plan makes one listed thing, and the three names it lists.
    type Case = (&'static str, fn(&str) -> Value, [&'static str; 3]);
    let cases: [Case; 2] = [
        (
            "New hostnames on corp.example, all pointing at 10.1.0.9: wiki, jira-proxy, grafana-int.",
            record,
            ["wiki", "jira-proxy", "grafana-int"],
        ),
        (
            "sqs (dev): invoice-new + invoice-paid + invoice-void",
            queue,
            ["invoice-new", "invoice-paid", "invoice-void"],
        ),
    ];
    for (text, make, [a, b, c]) in cases {
        let all = run(text, vec![make(a), make(b), make(c)]);
        assert!(clean(&all), "{text}: {all:#?}");
        let r = run(text, vec![make(a), make(b)]);
        assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
    // Words in a sentence are not a list of names.
    let text = "Create the invoice-new queue, tune invoice-paid and leave invoice-void alone";
    let r = run(text, vec![queue("invoice-new"), queue("invoice-paid")]);
    assert!(
        !r.findings
            .iter()
            .any(|f| f.message.contains("lists \"invoice-void\"")),
        "{r:#?}"
    );
}

#[test]
fn a_rule_that_removes_things_once_they_reach_an_age_is_a_lifecycle_rule() {
    // "add a rule so files get removed after 90 days": whatever it is called, a rule acting
    // on things by their age is the bucket's lifecycle rule, a change to that bucket.
    let bucket = |name: &str, rules: Value| json!({"name": name, "location": "EU", "labels": tags("staging"), "lifecycle_rule": rules});
    let expire = json!([{"action": [{"type": "Delete"}], "condition": [{"age": 90}]}]);
    let text = "We keep every CSV export forever. For the staging exports bucket, please add a \
                rule so files get removed after 90 days.";
    let r = run(
        text,
        vec![update(
            "google_storage_bucket.exports",
            bucket("exports-staging", json!([])),
            bucket("exports-staging", expire.clone()),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{r:#?}");
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // The same rule put on another bucket is not what was asked.
    let r = run(
        text,
        vec![update(
            "google_storage_bucket.invoices",
            bucket("invoices-staging", json!([])),
            bucket("invoices-staging", expire),
        )],
    );
    assert!(
        ids_of(&r).contains(&ids::SCOPE_CREEP) || ids_of(&r).contains(&ids::MISSING_ACTION),
        "{r:#?}"
    );
}

#[test]
fn a_kind_word_quoted_after_a_thing_is_its_name_not_a_second_thing() {
    let pool = || {
        vec![create(
            "azurerm_kubernetes_cluster_node_pool.gpu",
            json!({"name": "gpu", "vm_size": "Standard_NC24ads_A100_v4", "node_count": 4,
                   "tags": {"Environment": "dev"}}),
        )]
    };
    for text in [
        "dev aks: new pool 'gpu', 4 x NC24ads A100 v4",
        "add node pool 'gpu' to the dev AKS cluster",
    ] {
        let r = run(text, pool());
        assert!(ids_of(&r).is_empty(), "{text}: {r:#?}");
        let a = request::parse(text);
        assert!(a.primary().all(|i| i.kind_name() != "instance"), "{a:#?}");
        assert!(a.named.contains(&"gpu".to_string()), "{a:#?}");
    }
    // A quoted word that names no kind stays a word of the phrase ("the dataset `marketing`").
    let a = request::parse("grant read on bigquery dataset `marketing`");
    assert!(
        a.items
            .iter()
            .any(|i| i.qualifiers.contains(&"marketing".to_string())),
        "{a:#?}"
    );
}

#[test]
fn a_thing_said_to_exist_already_is_used_not_made() {
    let service = || {
        create(
            "pagerduty_service.ledger_sync",
            json!({"name": "ledger-sync", "escalation_policy": "PXYZ123"}),
        )
    };
    let policy = || {
        create(
            "pagerduty_escalation_policy.ledger_sync",
            json!({"name": "ledger-sync", "num_loops": 2}),
        )
    };
    for text in [
        "PagerDuty: new service ledger-sync, use the existing escalation policy Platform Primary",
        "new PagerDuty service ledger-sync; escalation policy = Platform Primary (existing one)",
        // "EP" is the on-call people's own short name for it.
        "new PagerDuty service ledger-sync on our existing EP Platform Primary",
    ] {
        let r = run(text, vec![service(), policy()]);
        assert_eq!(
            creep(&r),
            vec!["pagerduty_escalation_policy.ledger_sync"],
            "{text}: {r:#?}"
        );
        assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{text}: {r:#?}");
        let a = request::parse(text);
        assert!(
            a.primary().all(|i| i.kind_name() != "escalation policy"),
            "{a:#?}"
        );
    }
    // Asked outright beside the existing one, a new one is asked.
    let text =
        "new PagerDuty service ledger-sync with a new escalation policy next to the current one";
    assert!(creep(&run(text, vec![service(), policy()])).is_empty());
}

#[test]
fn a_name_cut_short_beside_the_named_thing_is_its_sibling() {
    let record = |address: &str, name: &str| {
        delete(
            address,
            json!({"zone_id": "0f1e2d", "name": name, "type": "TXT", "content": "token"}),
        )
    };
    let text = "zone: acme.example\naction: delete\nrecord: _acme-challenge-old (TXT)";
    let r = run(
        text,
        vec![
            record(
                "cloudflare_record.acme_challenge_old",
                "_acme-challenge-old",
            ),
            record("cloudflare_record.acme_challenge", "_acme-challenge"),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["cloudflare_record.acme_challenge"],
        "{r:#?}"
    );
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
    let r = run(
        text,
        vec![record(
            "cloudflare_record.acme_challenge_old",
            "_acme-challenge-old",
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_heading_that_is_only_a_kind_says_what_the_name_under_it_is() {
    let a = request::parse("action: delete\nbucket: acme-logs-old");
    let asked: Vec<(&str, &str)> = a
        .primary()
        .map(|i| (i.kind_name(), i.phrase.as_str()))
        .collect();
    assert_eq!(asked, vec![("bucket", "acme logs old")], "{a:#?}");
}

#[test]
fn a_pool_asked_beside_a_container_cluster_is_a_pool_of_its_nodes() {
    let pool = |nodes: i64| {
        create(
            "google_container_node_pool.batch",
            json!({"name": "batch-pool", "cluster": "gke-staging", "node_count": nodes,
                "node_config": [{"machine_type": "n2-standard-8",
                    "labels": {"env": "staging"}}]}),
        )
    };
    let text = "gke staging: new pool batch-pool, three n2-standard-8";
    let r = run(text, vec![pool(3)]);
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![pool(5)]);
    assert_eq!(
        creep(&r),
        vec!["google_container_node_pool.batch"],
        "{r:#?}"
    );
}

#[test]
fn a_thing_of_ours_said_to_be_in_some_state_exists_already() {
    let a = request::parse(
        "Our staging AKS cluster is CPU-bound during integration runs; two more nodes in the \
         work pool (five total) should do it.",
    );
    assert!(a.primary().all(|i| i.class != VerbClass::Create), "{a:#?}");
    let a = request::parse("The reporting bucket is needed by Friday in staging.");
    assert!(
        a.primary()
            .any(|i| i.class == VerbClass::Create && i.kind_name() == "bucket"),
        "{a:#?}"
    );
}

#[test]
fn a_name_written_as_a_plain_word_names_its_thing_as_a_dashed_one_does() {
    let grant = |repo: &str| {
        create(
            &format!(
                "github_team_repository.docs_writers_{}",
                repo.replace('-', "_")
            ),
            json!({"team_id": "docs-writers", "repository": repo, "permission": "pull"}),
        )
    };
    let text = "docs-writers team needs read on handbook and style-guide repos, thats it";
    let r = run(text, vec![grant("handbook"), grant("style-guide")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![
            grant("handbook"),
            grant("style-guide"),
            grant("release-notes"),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["github_team_repository.docs_writers_release_notes"],
        "{r:#?}"
    );
}

#[test]
fn a_folder_of_dashboards_is_not_a_folder_of_projects() {
    let folder = || {
        create(
            "grafana_folder.search",
            json!({"title": "Search Team", "prevent_destroy_if_not_empty": true}),
        )
    };
    let text = "Please create a Grafana folder 'Search Team' for the search dashboards";
    let r = run(text, vec![folder()]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert!(
        request::parse(text)
            .primary()
            .any(|i| i.kind_name() == "dashboard folder"),
        "{text}"
    );
    // A cloud's folder still holds projects.
    let a = request::parse("create a GCP folder for the data team's projects");
    assert!(
        a.primary().any(|i| i.kind_name() == "resource group"),
        "{a:#?}"
    );
}
