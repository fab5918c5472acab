//! Meaning-check tests on which words act: a verb word can also name a feature or describe a
//! thing, and then the request asks nothing of it.
use super::*;

fn deletes(text: &str) -> Vec<String> {
    request::parse(text)
        .items
        .iter()
        .filter(|it| it.class == VerbClass::Delete)
        .map(|it| it.phrase.clone())
        .collect()
}

#[test]
fn a_verb_after_soft_or_auto_names_a_feature_not_an_action() {
    for text in [
        "Raise the soft-delete retention on the documents storage account from 7 to 30 days.",
        "setting: blob soft delete retention\nfrom: 7 days\nto: 30 days",
        "shared databricks cluster in dev, min 2 max 8 workers, auto terminate 30m",
    ] {
        assert_eq!(deletes(text), Vec::<String>::new(), "{text:?}");
    }
    // Written as an order, the same verb still deletes.
    assert!(!deletes("Delete the old documents bucket").is_empty());
}

#[test]
fn a_participle_after_an_adverb_describes_the_thing_it_stands_before() {
    let text = "Legal asked that accidentally deleted documents be recoverable for a month. Please raise the soft delete retention on the docs storage account to 30 days.";
    assert_eq!(deletes(text), Vec::<String>::new(), "{text:?}");
    let r = run(
        text,
        vec![update(
            "azurerm_storage_account.docs",
            json!({"name": "stdocs", "blob_properties": [{"delete_retention_policy": [{"days": 7}]}]}),
            json!({"name": "stdocs", "blob_properties": [{"delete_retention_policy": [{"days": 30}]}]}),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    // After "be", the participle is the passive of an order: the old volumes are to go.
    assert!(!deletes("The old volumes should be permanently deleted").is_empty());
}

#[test]
fn the_value_of_a_reason_key_says_why_not_what() {
    let asked = |text: &str| -> Vec<String> {
        request::parse(text)
            .items
            .iter()
            .filter(|it| it.primary)
            .map(|it| it.phrase.clone())
            .collect()
    };
    let text = "who: marketing\nwhat: a bucket for exports\nwhy: campaign dashboards";
    assert!(
        asked(text).iter().all(|p| !p.contains("dashboard")),
        "{:?}",
        asked(text)
    );
    // The same words under a key that asks are asked.
    let text = "what: campaign dashboards\nwho: marketing";
    assert!(
        asked(text).iter().any(|p| p.contains("dashboard")),
        "{:?}",
        asked(text)
    );
}

#[test]
fn asking_whether_something_is_possible_asks_for_it() {
    // The thing after "is it possible to add" is what the request wants, so a plan without it
    // misses it.
    for text in [
        "Is it possible to add a Redis cache for the sessions service in staging?",
        "Would you be able to set up a Redis cache for the sessions service in staging?",
        "Don't forget to create a Redis cache for the sessions service in staging.",
    ] {
        let r = run(
            text,
            vec![create(
                "aws_security_group.sessions",
                with(tags("staging"), json!({"name": "sessions-cache"})),
            )],
        );
        assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
    }
}

#[test]
fn a_setting_named_on_a_thing_is_not_a_thing_to_make() {
    // "the default cache TTL on the docs service": a TTL of the CDN service, not a new cache.
    let service = |ttl: u64| {
        json!({"name": "assets-dev", "default_ttl": ttl, "activate": true, "id": "9xAssetsDev",
               "domain": [{"name": "assets-dev.example.org", "comment": ""}],
               "backend": [{"name": "origin", "address": "assets-origin.example.org",
                            "port": 443, "use_ssl": true}]})
    };
    let r = run(
        "Would it be possible to raise the default cache TTL on the assets-dev Fastly service from \
         one hour to a day? The assets only change on release days.",
        vec![update(
            "fastly_service_vcl.assets_dev",
            service(3600),
            service(86400),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{r:#?}");
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn putting_a_thing_somewhere_makes_it() {
    // "put in dev the function", "put up a bastion": placing a thing where it was not is
    // creating it, and its execution role's scoped policy serves it.
    let scoped = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::scans-dev/*"]}]});
    let changes = || {
        vec![
            create(
                "aws_lambda_function.pdf_indexer",
                with(
                    tags("dev"),
                    json!({"function_name": "pdf-indexer", "role": "pdf-indexer"}),
                ),
            ),
            create(
                "aws_iam_role.pdf_indexer",
                json!({"name": "pdf-indexer", "assume_role_policy": policy(json!({
                    "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"}]}))}),
            ),
            create(
                "aws_iam_policy.pdf_indexer_read",
                json!({"name": "pdf-indexer-read", "policy": policy(scoped.clone())}),
            ),
        ]
    };
    for text in [
        "We want to put in dev the lambda function pdf-indexer, it reads the scans-dev bucket.",
        "I want to put the lambda function pdf-indexer in dev; it reads the scans-dev bucket.",
    ] {
        let r = run(text, changes());
        assert!(!ids_of(&r).contains(&ids::SCOPE_CREEP), "{text}: {r:#?}");
        assert!(
            creep(&r).is_empty() && unclear(&r).is_empty(),
            "{text}: {r:#?}"
        );
    }
}

#[test]
fn who_wants_a_thing_is_not_a_thing_asked() {
    // "We want to roll out a queue": "we" is the asker, and what follows the want is the ask,
    // whatever verb (known or not) it comes with.
    let queue = || {
        create(
            "aws_sqs_queue.orders_dlq",
            with(tags("staging"), json!({"name": "orders-dlq"})),
        )
    };
    for text in [
        "We want to roll out a new queue orders-dlq in staging",
        "I want to wire up the queue orders-dlq in staging",
    ] {
        let r = run(text, vec![queue()]);
        assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{text}: {r:#?}");
        assert!(!ids_of(&r).contains(&ids::INTENT_UNCLEAR), "{text}: {r:#?}");
        assert!(
            creep(&r).is_empty() && unclear(&r).is_empty(),
            "{text}: {r:#?}"
        );
        // And a thing besides the one wanted is still more than asked.
        let r = run(
            text,
            vec![
                queue(),
                create(
                    "aws_s3_bucket.orders_exports",
                    with(tags("staging"), json!({"bucket": "orders-exports"})),
                ),
            ],
        );
        assert_eq!(
            creep(&r),
            vec!["aws_s3_bucket.orders_exports"],
            "{text}: {r:#?}"
        );
    }
}
