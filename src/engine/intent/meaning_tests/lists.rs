//! Meaning-check tests on how a request lays out what it asks: lists divided by bars, multipliers
//! written after a thing, arrows between things, and names written out beside a count.
use super::*;

fn topic(address: &str, name: &str) -> Value {
    create(
        address,
        json!({"name": name, "project": "acme-dev", "labels": {"environment": "dev"}}),
    )
}

#[test]
fn a_bar_divides_the_items_of_a_list() {
    let a = request::parse(
        "claims-dev: vpc claims-dev | artifact registry repo claims | pubsub topic claims-events",
    );
    let kinds: Vec<&str> = a.primary().map(|i| i.kind_name()).collect();
    assert_eq!(
        kinds,
        vec!["network segment", "container service", "topic"],
        "{a:#?}"
    );
}

#[test]
fn a_multiplier_written_after_a_thing_counts_it() {
    let a = request::parse("dev: s3 bucket batch-input | ec2 instance x3");
    let hosts = a.primary().find(|i| i.kind_name() == "instance");
    assert_eq!(hosts.and_then(|i| i.count), Some(3), "{a:#?}");
    // "x86" names an architecture, not a count.
    let a = request::parse("dev: ec2 instance x86");
    let host = a.primary().find(|i| i.kind_name() == "instance");
    assert_eq!(host.and_then(|i| i.count), Some(1), "{a:#?}");
}

#[test]
fn an_arrow_to_a_thing_listed_elsewhere_points_at_it_and_changes_nothing() {
    let a = request::parse(
        "dev: pubsub topic orders-in, push sub -> worker | cloud run worker | gcs bucket orders-docs",
    );
    assert!(
        a.items.iter().all(|i| i.class == VerbClass::Create),
        "{a:#?}"
    );
    // An arrow to a value still changes the thing before it.
    let a = request::parse("staging scratch disk -> pd-ssd");
    assert!(
        a.items.iter().any(|i| i.class == VerbClass::Modify),
        "{a:#?}"
    );
}

#[test]
fn a_new_thing_whose_own_name_the_request_writes_out_is_not_one_more_of_a_count() {
    let text = "dev pubsub: orders-received, orders-scored and one dead-letter topic";
    let asked = vec![
        topic("google_pubsub_topic.received", "orders-received"),
        topic("google_pubsub_topic.scored", "orders-scored"),
        topic("google_pubsub_topic.dead_letter", "orders-dead-letter"),
    ];
    let r = run(text, asked.clone());
    assert!(creep(&r).is_empty(), "{r:#?}");
    // One more topic that nothing names is more than the one counted.
    let mut more = asked;
    more.push(topic("google_pubsub_topic.billing", "orders-billing"));
    let r = run(text, more);
    assert_eq!(creep(&r).len(), 1, "{r:#?}");
}

#[test]
fn in_a_list_that_only_names_things_each_counted_thing_is_asked() {
    let a = request::parse("dev: s3 bucket batch-input, 3 ec2 instances");
    let hosts = a.primary().find(|i| i.kind_name() == "instance");
    assert_eq!(hosts.and_then(|i| i.count), Some(3), "{a:#?}");
    // A stretch that describes the thing before is none of its own.
    let a = request::parse("dev: s3 bucket batch-input, encrypted with a kms key");
    assert!(a.primary().all(|i| i.kind_name() != "KMS key"), "{a:#?}");
    // Nor is a part of a thing already asked.
    let a = request::parse("dev: aurora postgres cluster ledger, 1 read replica");
    assert_eq!(
        a.primary().filter(|i| i.kind_name() == "database").count(),
        1,
        "{a:#?}"
    );
}

#[test]
fn a_multiplier_after_a_machine_size_counts_no_new_things() {
    let a = request::parse("eks-ml-dev: new node group gpu, g5.xlarge x2");
    assert!(a.items.iter().all(|i| i.count != Some(2)), "{a:#?}");
}

#[test]
fn what_a_thing_is_to_be_reachable_by_or_usable_by_leaves_it_asked_for() {
    let a = request::parse(
        "price crawler in dev: a pair of ecs instances, in a dedicated VPC, reachable by SSH from \
         the VPN only.",
    );
    let hosts = a.primary().find(|i| i.count == Some(2));
    assert_eq!(hosts.map(|i| i.class), Some(VerbClass::Create), "{a:#?}");
    // The role allowed to write is whom access is for.
    let a = request::parse(
        "Vector search in dev: an OpenSearch Serverless collection `vectors-dev`, and the \
         rag-indexer-dev role allowed to create and write indexes in it.",
    );
    assert!(
        a.primary().any(|i| i.kind_name() == "IAM permission"),
        "{a:#?}"
    );
}

#[test]
fn a_setting_named_after_traffic_is_no_traffic() {
    let a = request::parse("hcloud LB web-test: algorithm round_robin -> least_connections");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Allow),
        "{a:#?}"
    );
}

#[test]
fn traffic_asked_is_done_where_what_the_plan_makes_holds_the_range_named() {
    let text = "Billing staging needs a managed PostgreSQL 16 on OVHcloud, only reachable from \
                10.60.0.0/16.";
    let database = |allowed: &str| {
        create(
            "ovh_cloud_project_database.billing",
            json!({"engine": "postgresql", "version": "16", "description": "billing-staging",
                   "ip_restrictions": [{"ip": allowed, "description": "app network"}]}),
        )
    };
    let r = run(text, vec![database("10.60.0.0/16")]);
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
    let r = run(text, vec![database("0.0.0.0/0")]);
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
}

#[test]
fn a_thing_the_request_says_there_is_to_be_none_of_is_not_asked_for() {
    let text =
        "Spin up a DOKS cluster `doks-preview` in fra1, one pool of two nodes, no autoscaling.";
    let a = request::parse(text);
    assert!(
        a.items
            .iter()
            .all(|i| i.kind_name() != "auto scaling group"),
        "{a:#?}"
    );
    let cluster = create(
        "digitalocean_kubernetes_cluster.preview",
        json!({"name": "doks-preview", "region": "fra1",
               "node_pool": [{"name": "default", "size": "s-2vcpu-4gb", "node_count": 2,
                              "auto_scale": false}]}),
    );
    let r = run(text, vec![cluster]);
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
    // Refusing public access asks for something private.
    assert!(request::parse("a key vault kv-payments-dev, no public network access please").private);
    assert!(!request::parse("a key vault kv-payments-dev with public network access").private);
}

#[test]
fn the_things_an_abbreviated_including_lists_share_the_verb_before_it() {
    let a = request::parse("tear down legacy-reports in prod incl. its sg + alarm, CAB approved");
    assert!(
        a.items
            .iter()
            .any(|i| i.kind_name() == "network access rule"),
        "{a:#?}"
    );
    assert!(
        a.items.iter().all(|i| i.class == VerbClass::Delete),
        "{a:#?}"
    );
    // What "e.g." introduces belongs to the same clause.
    let a = request::parse("remove the scratch buckets, e.g. acme-tmp-2023 and acme-tmp-2024");
    assert!(
        a.items.iter().all(|i| i.class == VerbClass::Delete),
        "{a:#?}"
    );
}

#[test]
fn what_follows_an_arrow_to_a_new_thing_or_a_verb_is_the_ask_itself() {
    let a = request::parse(
        "the tracker needs to consume shipment events -> new topic shipment-events, dev only",
    );
    assert!(
        a.primary()
            .any(|i| i.kind_name() == "topic" && i.class == VerbClass::Create),
        "{a:#?}"
    );
    // An arrow to a value still changes the thing before it.
    let a = request::parse("scratch disk -> pd-ssd");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Create),
        "{a:#?}"
    );
}

#[test]
fn so_with_a_consequence_still_asks_and_so_that_gives_a_purpose() {
    let a = request::parse(
        "The invoicing service is moving off polling the database, so in production we need a \
         new message queue called invoice-events.",
    );
    assert!(a.primary().any(|i| i.kind_name() == "queue"), "{a:#?}");
    // What a third party is doing is the reason, not a database to make.
    assert!(a.primary().all(|i| i.kind_name() != "database"), "{a:#?}");
    let a = request::parse("open port 443 on the lb so that we can create a bucket later");
    assert!(a.primary().all(|i| i.kind_name() != "bucket"), "{a:#?}");
    // "we are adding" is the asker's own doing, and still asks.
    let a = request::parse("We are adding a queue called invoice-events in production.");
    assert!(a.primary().any(|i| i.kind_name() == "queue"), "{a:#?}");
}

#[test]
fn a_change_ticket_is_no_change_to_make() {
    let a = request::parse("Change ticket is CHG-20931. Create a queue invoice-events.");
    assert!(a.primary().all(|i| i.class != VerbClass::Modify), "{a:#?}");
    let a = request::parse("Change the retention of the invoices bucket to 30 days.");
    assert!(a.primary().any(|i| i.class == VerbClass::Modify), "{a:#?}");
}

#[test]
fn a_region_beside_an_allow_is_no_traffic() {
    let a = request::parse(
        "summarizer role -> allow invoking Claude 3 Haiku on Bedrock (eu-central-1), incl. streaming.",
    );
    assert!(
        a.items
            .iter()
            .all(|i| i.kind_name() != "network access rule"),
        "{a:#?}"
    );
    let a = request::parse("allow the office 203.0.113.0/24 to the bastion");
    assert!(
        a.items
            .iter()
            .any(|i| i.kind_name() == "network access rule"),
        "{a:#?}"
    );
}

#[test]
fn a_possessive_after_and_goes_on_with_the_context_it_points_back_at() {
    let a =
        request::parse("QA needs to look at pods and their logs in checkout-staging, read-only");
    assert!(a.primary().all(|i| i.kind_name() != "log"), "{a:#?}");
}

#[test]
fn an_environment_before_an_article_ends_the_place_and_the_thing_after_it_is_asked() {
    let text =
        "We need in staging a pubsub topic invoices and a subscription invoices-mailer on it";
    let a = request::parse(text);
    assert!(
        a.primary().any(|i| i.kind_name() == "topic"),
        "the topic is asked: {a:#?}"
    );
    assert_eq!(a.envs, vec![Env::Staging], "{a:#?}");
    // Only the subscription planned: the topic asked is reported (missing, or for a person to
    // check where its name follows the word for it), never passed over.
    let r = run(
        text,
        vec![create(
            "google_pubsub_subscription.mailer",
            json!({"name": "invoices-mailer", "topic": "invoices", "labels": tags("staging")}),
        )],
    );
    assert!(
        r.findings.iter().any(|f| {
            (f.id == ids::MISSING_ACTION || f.id == ids::INTENT_UNCLEAR)
                && f.message.contains("topic")
        }),
        "{r:#?}"
    );
}

#[test]
fn a_line_opening_with_a_key_is_an_entry_of_its_own() {
    let a = request::parse(
        "cloud: gcp\nproduct: Memorystore for Redis\nname: sessions-dev\nsize: 1 GB",
    );
    assert!(
        a.items.iter().all(|i| !i.phrase.contains("redis name")),
        "{a:#?}"
    );
    assert!(
        a.primary()
            .any(|i| i.kind_name() == "cache" && !i.phrase.contains("name")),
        "{a:#?}"
    );
}

#[test]
fn a_possessive_after_a_comma_goes_on_with_the_list() {
    for text in [
        "Please decommission the build VM, its disk and the old registry",
        "delete the build VM and its disk",
    ] {
        let a = request::parse(text);
        let disk = a.items.iter().find(|it| it.phrase.contains("disk"));
        assert!(
            disk.is_some_and(|d| d.class == VerbClass::Delete && d.primary),
            "{text:?}: {a:#?}"
        );
    }
}

fn monitor(what: &str) -> Value {
    create(
        &format!("datadog_monitor.billing_api_{what}"),
        json!({"name": format!("[prod] billing-api {what}"), "type": "metric alert",
               "query": format!("avg(last_5m):avg:system.{what}{{service:billing-api}} > 80")}),
    )
}

#[test]
fn bare_words_listed_before_a_plural_head_are_one_thing_each() {
    let text = "please add latency, mem and disk monitors for the billing-api hosts in prod";
    let a = request::parse(text);
    let monitors: Vec<&Item> = a.primary().filter(|i| i.kind_name() == "monitor").collect();
    assert_eq!(monitors.len(), 3, "{a:#?}");
    // The plan leaves the disk monitor out: the two it makes carry the other names.
    let r = run(text, vec![monitor("latency"), monitor("memory")]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    let r = run(
        text,
        vec![monitor("latency"), monitor("memory"), monitor("disk")],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // One thing named with an article first is that thing, not one of the head's kind.
    let a = request::parse("create a bucket and alert monitors for the exports");
    assert!(a.primary().any(|i| i.kind_name() == "bucket"), "{a:#?}");
}

#[test]
fn entries_under_a_heading_that_names_things_in_the_plural_are_one_thing_each() {
    let text = "Monitors for the billing-api hosts (prod):\n* latency > 2s\n* memory > 90%\n* disk > 80%\nnotify: @billing-oncall";
    let r = run(text, vec![monitor("latency"), monitor("memory")]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // A key and its value under the list ("notify: @team") are details, not one more monitor.
    let r = run(
        text,
        vec![monitor("latency"), monitor("memory"), monitor("disk")],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn what_a_thing_is_added_as_is_the_thing_asked() {
    let text = "set up a billing-alerts-stg SNS topic and put the finance on-call mailbox on it as an email subscriber";
    let topic = || {
        create(
            "aws_sns_topic.billing_alerts",
            json!({"name": "billing-alerts-stg", "tags": {"Environment": "staging"}}),
        )
    };
    let subscription = || {
        create(
            "aws_sns_topic_subscription.finance",
            json!({"protocol": "email", "endpoint": "finance-oncall@acmetech.example"}),
        )
    };
    let r = run(text, vec![topic()]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(ids_of(&run(text, vec![topic(), subscription()])).is_empty());
    // A role the object is added as names no thing to make.
    let a = request::parse("add group data-science@acme.example as a project viewer in sandbox");
    assert!(a.primary().all(|i| i.kind_name() != "project"), "{a:#?}");
}

#[test]
fn a_phrase_that_opens_by_denying_is_how_the_thing_is_not_a_thing_to_make() {
    let text = "stg acct for reporting (staging) + private endpoint, no public network access";
    let a = request::parse(text);
    assert!(
        a.items
            .iter()
            .filter(|i| i.phrase.starts_with("no "))
            .all(|i| !i.primary && !i.comes_with),
        "{a:#?}"
    );
    let r = run(
        text,
        vec![
            create(
                "azurerm_storage_account.reporting",
                json!({"name": "streportingstg", "public_network_access_enabled": false,
                       "tags": {"environment": "staging"}}),
            ),
            create(
                "azurerm_private_endpoint.reporting_blob",
                json!({"name": "pe-streportingstg-blob", "tags": {"environment": "staging"}}),
            ),
        ],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_thing_asked_by_its_categorys_own_word_is_met_by_any_thing_of_that_category() {
    let text = "The reporting app in staging writes PDFs to blob storage. Give it its own storage \
                account, private link only, with the DNS bits so it resolves inside the VNet.";
    let account = create(
        "azurerm_storage_account.reporting",
        json!({"name": "streportingstg", "tags": {"environment": "staging"},
            "public_network_access_enabled": false}),
    );
    let zone = create(
        "azurerm_private_dns_zone.blob",
        json!({"name": "privatelink.blob.core.windows.net", "tags": {"environment": "staging"}}),
    );
    let endpoint = create(
        "azurerm_private_endpoint.reporting_blob",
        json!({"name": "pe-streportingstg-blob", "tags": {"environment": "staging"}}),
    );
    let r = run(text, vec![account.clone(), endpoint.clone(), zone]);
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    let r = run(text, vec![account, endpoint]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_companion_role_named_in_another_spelling_is_counted_as_asked() {
    let topic = |address: &str, name: &str| {
        create(
            address,
            json!({"name": name, "labels": {"environment": "dev"}}),
        )
    };
    let text = "In dev we need pubsub for refunds: the topic, one subscription for the worker \
                and a DLQ topic.";
    let subscription = create(
        "google_pubsub_subscription.refunds_worker",
        json!({"name": "dev-refunds-worker", "topic": "dev-refunds",
            "labels": {"environment": "dev"}}),
    );
    let r = run(
        text,
        vec![
            topic("google_pubsub_topic.refunds", "dev-refunds"),
            subscription.clone(),
            topic(
                "google_pubsub_topic.refunds_dead_letter",
                "dev-refunds-dead-letter",
            ),
        ],
    );
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![
            topic("google_pubsub_topic.refunds", "dev-refunds"),
            subscription,
        ],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_count_after_the_place_opens_the_thing_asked() {
    for text in [
        "Please create in staging one queue for the order events",
        "create in staging 1 queue for the order events",
    ] {
        let a = request::parse(text);
        let asked: Vec<(&str, Option<u32>)> =
            a.primary().map(|i| (i.kind_name(), i.count)).collect();
        assert_eq!(asked, vec![("queue", Some(1))], "{text}: {a:#?}");
    }
}

#[test]
fn a_list_goes_on_after_and_also() {
    let a = request::parse(
        "Please create in staging a queue for the order events, and also a dead letter queue \
         for the messages which are failing.",
    );
    assert_eq!(
        a.primary().filter(|i| i.kind_name() == "queue").count(),
        2,
        "{a:#?}"
    );
}

#[test]
fn names_written_alike_after_one_verb_are_one_list_of_things_asked() {
    let monitor = |name: &str, status: &str| json!({"name": format!("prod-{name}-probe"), "status": status, "period": "EVERY_5_MINUTES"});
    let paused = |name: &str| {
        update(
            &format!("newrelic_synthetics_monitor.{name}"),
            monitor(name, "ENABLED"),
            monitor(name, "DISABLED"),
        )
    };
    let text = "disable prod-cart-probe, prod-login-probe, prod-orders-probe";
    let r = run(
        text,
        vec![paused("cart"), paused("login"), paused("orders")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let a = request::parse(text);
    assert_eq!(a.primary().count(), 3, "{a:#?}");
}
