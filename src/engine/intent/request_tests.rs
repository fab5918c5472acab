//! Unit tests for request parsing: what `parse` reads from the user's words.
use super::*;
use crate::engine::intent::phrases::{has_words, kind_at, not_kind_at};
use crate::engine::intent::tokens::word_is;

fn kinds(a: &Asked, primary: bool) -> Vec<&'static str> {
    a.items
        .iter()
        .filter(|i| i.primary == primary)
        .map(|i| i.kind_name())
        .collect()
}

/// The item a clause that lets traffic in or shuts it out asks for, whatever its words name.
fn asks_a_network_change(a: &Asked) -> bool {
    a.items.iter().any(|i| i.phrase == "network access")
}

#[test]
fn create_with_count_and_context() {
    let a = parse("Add one private subnet to the nonprod analytics VPC");
    assert_eq!(kinds(&a, true), vec!["subnet"]);
    let p = a.primary().next().unwrap();
    assert_eq!(p.class, VerbClass::Create);
    assert_eq!(p.count, Some(1));
    assert_eq!(kinds(&a, false), vec!["network segment"]);
    assert_eq!(a.envs, vec![Env::NonProd]);
    assert!(a.private);
}

#[test]
fn coordination_with_determiner_is_a_second_object() {
    let a =
        parse("Create an S3 bucket for ML datasets and a customer-managed KMS key to encrypt it");
    assert_eq!(kinds(&a, true), vec!["bucket", "KMS key"]);
    assert!(a.primary().all(|i| i.count == Some(1)));
}

#[test]
fn sizes_and_ports_are_not_counts() {
    let a = parse("Attach a 500 GB scratch volume to the nonprod render worker");
    let p = a.primary().next().unwrap();
    assert_eq!((p.kind_name(), p.count), ("volume", Some(1)));
    let a = parse("Create three EBS data volumes for the nonprod reporting hosts");
    assert_eq!(a.primary().next().unwrap().count, Some(3));
    let a = parse("Open port 5432 from the app subnet to the prod database");
    assert_eq!(kinds(&a, true), vec!["network access rule"]);
    assert!(a.named.iter().any(|n| n == "port 5432"));
    assert_eq!(a.envs, vec![Env::Production]);
}

#[test]
fn several_verbs_make_several_items() {
    let a = parse(
        "Create a new S3 bucket, update the existing update bucket, and delete the old delete bucket",
    );
    let classes: Vec<VerbClass> = a.primary().map(|i| i.class).collect();
    assert_eq!(
        classes,
        vec![VerbClass::Create, VerbClass::Modify, VerbClass::Delete]
    );
    assert!(a.primary().all(|i| i.kind_name() == "bucket"));
    assert_eq!(a.items[2].qualifiers, vec!["delete"]);
}

#[test]
fn lists_after_with_stay_context_and_commas_continue_them() {
    let a = parse("Create an EC2 web server with an ELB, an EBS volume and a MySQL RDS database");
    assert_eq!(kinds(&a, true), vec!["instance"]);
    assert_eq!(
        kinds(&a, false),
        vec!["load balancer", "volume", "database"]
    );
    assert!(a.items.iter().filter(|i| !i.primary).all(|i| i.creating));
    let a = parse("Create a VPC, a subnet, and a NAT gateway in staging");
    assert_eq!(
        kinds(&a, true),
        vec!["network segment", "subnet", "NAT gateway"]
    );
}

#[test]
fn scale_numbers_and_weak_heads() {
    let a = parse("Increase the production checkout service from 6 to 10 tasks");
    let p = a.primary().next().unwrap();
    assert_eq!(p.class, VerbClass::Scale);
    assert_eq!((p.scale_from, p.scale_to), (Some(6), Some(10)));
    assert!(p.qualifiers.contains(&"checkout".to_string()));
    let a = parse("Increase the prod web ASG from 4 to 8");
    assert_eq!(
        a.primary().next().unwrap().kind_name(),
        "auto scaling group"
    );
    let a = parse("Resize the staging Redis cluster");
    assert_eq!(a.primary().next().unwrap().kind_name(), "cache");
    let a = parse("Upgrade the RDS instance for billing");
    assert_eq!(a.primary().next().unwrap().kind_name(), "database");
}

#[test]
fn network_verbs_ask_for_network_access() {
    let a = parse(
        "Allow the nonprod GKE nodes to reach the internal metrics service on TCP 9090 from 10.20.0.0/16",
    );
    assert_eq!(kinds(&a, true), vec!["network access rule"]);
    assert!(a.named.iter().any(|n| n == "10.20.0.0/16"));
    let a =
        parse("Allow SSH from anywhere to the production jump host so the contractor can connect");
    assert_eq!(kinds(&a, true), vec!["network access rule"]);
}

#[test]
fn cleanup_of_an_environment_and_compound_env_words() {
    let a = parse("Clean up old dev environments");
    let p = a.primary().next().unwrap();
    assert_eq!((p.class, p.is_everything()), (VerbClass::Delete, true));
    assert_eq!(a.envs, vec![Env::Development]);
    assert_eq!(parse("tidy the non-prod stuff").envs, vec![Env::NonProd]);
    assert_eq!(parse("deploy to pre-prod").envs, vec![Env::Staging]);
}

#[test]
fn a_kind_of_test_is_an_activity_not_the_test_environment() {
    let a = parse("Prod is slow ahead of the soak test on Friday: add two API servers.");
    assert_eq!(a.envs, vec![Env::Production]);
    let a = parse("Staging's cluster is full before Thursday's load test: add a node.");
    assert_eq!(a.envs, vec![Env::Staging]);
    // The test environment itself still is one.
    assert_eq!(
        parse("add a node to the test cluster").envs,
        vec![Env::Development]
    );
}

#[test]
fn a_deadline_after_an_environment_puts_nothing_off() {
    let a = parse("The staging cluster needs room for next week, add a node.");
    assert_eq!(a.envs, vec![Env::Staging]);
    let a = parse("The prod database must be bigger by next month. Resize it to db.r6g.xlarge.");
    assert_eq!(a.envs, vec![Env::Production]);
    // Put off right after the environments, it is left out.
    let a = parse("Production we do next week. Add the bucket in staging.");
    assert_eq!(a.envs, vec![Env::Staging]);
}

#[test]
fn purpose_clauses_are_not_requests() {
    let a = parse("Create an S3 bucket to archive application logs for nonprod");
    assert_eq!(kinds(&a, true), vec!["bucket"]);
    let a = parse("We need to delete the unused test buckets");
    let p = a.primary().next().unwrap();
    assert_eq!((p.class, p.kind_name()), (VerbClass::Delete, "bucket"));
}

#[test]
fn regions_tickets_and_quotes() {
    let a = parse("Add a Key Vault for the payments team in West Europe (ticket CHG-2026-0001)");
    assert_eq!(a.regions, vec!["westeurope"]);
    assert!(a.pci);
    assert!(a.named.iter().any(|n| n == "chg-2026-0001"));
    let a = parse("Create a bucket \"ml-data\" in eu-west-1 and europe-west4");
    assert_eq!(a.regions, vec!["eu-west-1", "europe-west4"]);
    assert!(a.named.iter().any(|n| n == "ml-data"));
}

#[test]
fn hostile_text_is_bounded_and_never_panics() {
    let long = "add a bucket and ".repeat(10_000);
    let a = parse(&long);
    assert!(a.truncated);
    assert!(a.items.len() <= 64);
    for s in [
        "",
        "\u{0}\u{1}\u{7f}",
        "é".repeat(5000).as_str(),
        "((((((((",
        "to to to to",
        "from 1 to",
        "create",
        "a\u{200b}dd a b\u{200b}ucket",
        "99999999999999999999999 buckets",
    ] {
        let _ = parse(s);
    }
    assert_eq!(
        parse("a\u{200b}dd a b\u{200b}ucket")
            .primary()
            .next()
            .unwrap()
            .kind_name(),
        "bucket"
    );
}

/// The indexed lookups against a scan of every table entry (the rule `word_is` states).
#[test]
fn indexed_lookups_match_a_full_scan() {
    fn scan_at(toks: &[Tok], i: usize, phrase: &str) -> Option<usize> {
        let mut n = 0;
        for p in phrase.split(' ') {
            if !word_is(word(toks, i + n)?, p) {
                return None;
            }
            n += 1;
        }
        Some(n)
    }
    fn scan_kind(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (ki, k) in KINDS.iter().enumerate() {
            for p in k.phrases {
                if let Some(n) = scan_at(toks, i, p) {
                    if best.map_or(true, |(_, bn)| n > bn) {
                        best = Some((ki, n));
                    }
                }
            }
        }
        best
    }
    fn scan_verb(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        let t = word(toks, i)?;
        // The same word rules as the indexed lookup: "change ticket" and "scale set" are nouns.
        if crate::engine::intent::phrases::change_management_noun(toks, i)
            || crate::engine::intent::phrases::set_of_things(toks, i)
        {
            return None;
        }
        for (vi, v) in vocab::VERBS.iter().enumerate() {
            let mut parts = v.phrase.split(' ');
            let first = parts.next().unwrap_or("");
            if t != first && t.strip_suffix('s') != Some(first) {
                continue;
            }
            let rest: Vec<&str> = parts.collect();
            let ok = rest
                .iter()
                .enumerate()
                .all(|(k, p)| word(toks, i + 1 + k) == Some(p));
            let n = rest.len() + 1;
            if ok && best.map_or(true, |(_, bn)| n > bn) {
                best = Some((vi, n));
            }
        }
        best
    }
    let mut phrases: Vec<String> = Vec::new();
    for k in KINDS {
        for p in k.phrases {
            for suffix in ["", "s", "es"] {
                phrases.push(format!("{p}{suffix}"));
            }
            if let Some(stem) = p.strip_suffix('y') {
                phrases.push(format!("{stem}ies"));
            }
        }
    }
    for v in vocab::VERBS {
        phrases.push(v.phrase.to_string());
        phrases.push(format!("{}s", v.phrase));
    }
    phrases.extend(vocab::NOT_KINDS.iter().map(|p| p.to_string()));
    for p in &phrases {
        let toks = tokenize(
            &format!("create the {p} now"),
            &mut vec![],
            &mut vec![],
            &mut vec![],
        );
        for i in 0..toks.len() {
            assert_eq!(
                kind_at(&toks, i),
                scan_kind(&toks, i),
                "kind in {p:?} at {i}"
            );
            assert_eq!(
                verb_at(&toks, i),
                scan_verb(&toks, i),
                "verb in {p:?} at {i}"
            );
            let not_kind = vocab::NOT_KINDS
                .iter()
                .filter_map(|n| scan_at(&toks, i, n))
                .max();
            assert_eq!(not_kind_at(&toks, i), not_kind, "non-kind in {p:?} at {i}");
        }
    }
    assert!(has_words("a machine learning bucket", "machine learning"));
    assert!(has_words("two databases", "database"));
    assert!(!has_words("a machine learningx", "machine learning"));
    assert!(!has_words("xdatabase", "database"));
}

#[test]
fn shorthand_with_and_multiplier_counts_read_as_written_out() {
    // "w/" is "with": the nodes are the cluster's members, not a thing of their own.
    let a = parse("create a cache cluster w/ 3 nodes");
    assert_eq!(kinds(&a, true), vec!["cache"]);
    assert!(a.members.contains(&(3, "node")), "{:?}", a.members);
    // "x2" before a plural noun counts the things.
    let a = parse("create an aurora cluster with x2 instances");
    assert!(a.items.iter().any(|i| i.count == Some(2)), "{:?}", a.items);
    // A multiplier with no thing after it stays a factor, never a count.
    let a = parse("scale the web pool 2x");
    assert!(a.items.iter().all(|i| i.count != Some(2)), "{:?}", a.items);
}

#[test]
fn a_kind_word_right_after_a_subject_pronoun_is_the_verb() {
    let a = parse("Can we host the public handbook on the new site?");
    assert!(
        a.items.iter().all(|i| i.kind_name() != "instance"),
        "{:?}",
        a.items
    );
    // As a thing, after a determiner, it is still a host.
    let a = parse("we need a host for the build agent");
    assert!(
        a.items.iter().any(|i| i.kind_name() == "instance"),
        "{:?}",
        a.items
    );
}

#[test]
fn what_must_be_able_to_use_a_thing_is_whom_access_is_for() {
    let a = parse("the resizer pods must be able to write objects to s3://thumbnails-dev");
    assert!(
        a.items
            .iter()
            .any(|i| i.primary && i.verb == "grant" && i.kind_name() == "IAM permission"),
        "{:?}",
        a.items
    );
    // Things asked before an access cue are still asked for themselves.
    let a = parse("a bucket and a queue the app can read");
    assert!(kinds(&a, true).contains(&"bucket"), "{:?}", a.items);
}

#[test]
fn things_named_with_a_please_are_asked_even_after_another_ask() {
    let a = parse(
        "the resizer pods must be able to write objects to s3://thumbnails-dev. \
         IRSA role + service account please.",
    );
    let asked: Vec<&Item> = a
        .items
        .iter()
        .filter(|i| i.primary && i.class == VerbClass::Create && i.phrase.contains("role"))
        .collect();
    assert!(!asked.is_empty(), "{:?}", a.items);
    // Right after a clause with its own verb, the "please" is that clause's.
    let a = parse("retire nightly-export-v1 (ns data-dev, dev cluster) pls, v2 replaced it");
    assert!(
        a.items
            .iter()
            .all(|i| !(i.class == VerbClass::Create && i.kind_name() == "cluster")),
        "{:?}",
        a.items
    );
}

#[test]
fn a_kind_word_inside_a_written_name_yields_to_the_kind_word_outside_it() {
    let a = parse("Create a private repo fraud-rules for risk-engineering");
    assert_eq!(
        kinds(&a, true).first(),
        Some(&"repository"),
        "{:?}",
        a.items
    );
    // The name's words still name the thing.
    assert!(
        a.items
            .iter()
            .any(|i| i.qualifiers.iter().any(|q| q == "fraud")),
        "{:?}",
        a.items
    );
    // A name that alone carries a kind word still says what it is.
    let a = parse("Create orders-db in dev");
    assert!(kinds(&a, true).contains(&"database"), "{:?}", a.items);
}

#[test]
fn a_bracketed_exclusion_ends_at_its_bracket() {
    let a = parse("ledger team wants aurora postgres (not plain RDS) in dev");
    assert_eq!(a.envs, vec![Env::Development], "{a:?}");
    assert!(
        a.exclusions.iter().all(|ex| ex.envs.is_empty()),
        "{:?}",
        a.exclusions
    );
    // Without a bracket, what follows is still part of what is left out.
    let a = parse("resize the web servers, not the ones in prod");
    assert!(
        a.exclusions
            .iter()
            .any(|ex| ex.envs.contains(&Env::Production)),
        "{:?}",
        a.exclusions
    );
}

#[test]
fn capping_limiting_or_pinning_a_thing_changes_a_setting_of_it() {
    for text in [
        "pls cap the thumbnailer function in dev at 20 concurrent executions",
        "limit the thumbnailer function to 20 concurrent executions",
        "pin the thumbnailer function to 20 concurrent executions",
    ] {
        let a = parse(text);
        assert!(
            a.items
                .iter()
                .any(|i| i.primary && i.class == VerbClass::Modify && i.kind_name() == "function"),
            "{text}: {:?}",
            a.items
        );
    }
    // After "the", the word is the ceiling itself, not the verb.
    let a = parse("quotes keeps hitting the instance cap");
    assert!(a.items.iter().all(|i| i.verb != "cap"), "{:?}", a.items);
}

#[test]
fn set_after_a_word_for_what_it_holds_is_a_noun() {
    // The set of replicas is the thing asked, not a verb setting something.
    let a = parse("A basic three-member replica set in eu-west-1 is enough for now");
    assert!(
        a.items
            .iter()
            .any(|i| i.primary && i.class == VerbClass::Create && i.kind_name() == "database"),
        "{:?}",
        a.items
    );
    assert!(a.members.contains(&(3, "node")), "{:?}", a.members);
    // After another word, "set" still sets.
    let a = parse("Set the retention of the logs bucket to 30 days");
    assert!(
        a.items.iter().any(|i| i.class == VerbClass::Modify),
        "{:?}",
        a.items
    );
}

#[test]
fn bare_nouns_listed_after_a_verb_that_does_not_create_share_that_verb() {
    let a = parse("Decommission the old archive topics, queues and buckets in the sandbox");
    let verbs: Vec<(&str, &str)> = a
        .primary()
        .map(|i| (i.kind_name(), i.verb.as_str()))
        .collect();
    assert_eq!(
        verbs,
        vec![
            ("topic", "decommission"),
            ("queue", "decommission"),
            ("bucket", "decommission")
        ]
    );
    // A sentence that follows the list with a verb of its own is not part of it.
    let a = parse("Retire the batch queues, topics. Then create a cache for the sessions");
    assert!(a
        .items
        .iter()
        .any(|i| i.kind_name() == "cache" && i.class == VerbClass::Create));
    // A create list read on its own asks each thing to be created, and all are checked.
    let a = parse("For the report service: a bucket, worker queue, alert topic");
    assert_eq!(kinds(&a, true), vec!["bucket", "queue", "topic"]);
}

#[test]
fn things_listed_bare_one_after_another_are_each_asked() {
    for text in [
        "1) resource group rg-ml-dev\n2) bucket ml-dev-features\n3) queue ml-dev-jobs",
        "billing dev: bucket invoices, queue jobs, cache sessions",
    ] {
        let a = parse(text);
        assert_eq!(kinds(&a, true).len(), 3, "{text}: {a:#?}");
    }
    // A word that is as often a part or setting of the thing before ("tls", "node") details
    // it, and one said with its environment ("dev subscription") says where it goes.
    let a = parse("a redis for the dev sessions, dev subscription, tls");
    assert_eq!(kinds(&a, true), vec!["cache"], "{a:#?}");
}

#[test]
fn what_follows_called_or_named_is_a_name_not_a_kind_word() {
    let a = parse("add a new nodepool called gpu to aks-ml-prod");
    assert_eq!(kinds(&a, true), vec!["node pool"], "{a:#?}");
    let a = parse("create a topic named audit-queue for the dev ledger");
    assert_eq!(kinds(&a, true), vec!["topic"], "{a:#?}");
}

#[test]
fn a_list_numbered_on_one_line_is_a_list_not_numbers() {
    let a = parse("todo: 1) bucket exports 2) queue jobs 3) topic events");
    assert_eq!(kinds(&a, true), vec!["bucket", "queue", "topic"], "{a:#?}");
    assert!(a.primary().all(|i| i.count == Some(1)), "{a:#?}");
    // A number out of turn is still a number.
    let a = parse("scale the workers node group from 2 to 3.");
    let scale = a.items.iter().find(|i| i.class == VerbClass::Scale);
    assert_eq!(scale.and_then(|i| i.scale_to), Some(3), "{a:#?}");
}

#[test]
fn a_strong_kind_listed_bare_is_asked_even_when_no_type_names_it_alone() {
    // "logging" is a category every logging type belongs to, not a kind one type claims: a
    // list entry naming it is still one more thing asked.
    for text in [
        "- a bucket\n- a log group",
        "- bucket exports\n- log analytics workspace, 30d retention",
    ] {
        let a = parse(text);
        assert_eq!(kinds(&a, true), vec!["bucket", "logging"], "{text}: {a:#?}");
    }
}

#[test]
fn names_joined_after_a_plural_kind_are_things_of_that_kind() {
    let a = parse("servicebus namespace w/ queues intake & scoring");
    let queues: Vec<&Item> = a
        .items
        .iter()
        .filter(|i| i.kind_name() == "queue")
        .collect();
    assert_eq!(queues.len(), 2, "{a:#?}");
    assert!(queues.iter().any(|q| q.qualifiers == ["scoring"]), "{a:#?}");
    let a = parse("create sqs queues orders and refunds in dev");
    assert_eq!(kinds(&a, true), vec!["queue", "queue"], "{a:#?}");
    // An article or a kind of its own starts another thing.
    let a = parse("add queues orders and a topic");
    assert_eq!(kinds(&a, true), vec!["queue", "topic"], "{a:#?}");
}

#[test]
fn a_scope_after_an_ask_says_where_the_access_applies() {
    let a = parse(
        "ACC-77 | grant Reader | group finance-reviewers | scope resource group rg-billing-staging",
    );
    assert_eq!(a.primary().count(), 1, "{a:#?}");
    assert!(a.primary().all(|i| i.verb == "grant"), "{a:#?}");
}

#[test]
fn assigning_an_app_to_a_group_is_an_access_grant() {
    // Okta and Entra give a group an application by an "app assignment": access, not a group.
    let a = parse("create an application assignment of Workday for group payroll-admins");
    assert!(
        a.items.iter().any(
            |i| i.primary && i.kind_category() == Some(crate::engine::catalog::categories::IAM)
        ),
        "{a:#?}"
    );
}

#[test]
fn the_short_names_azure_people_write_name_their_kinds() {
    let a = parse("- acr\n- appinsights");
    assert_eq!(
        kinds(&a, true),
        vec!["container service", "monitoring"],
        "{a:#?}"
    );
    let a = parse("create an action group for the on-call team");
    assert_eq!(kinds(&a, true), vec!["monitoring"], "{a:#?}");
    let a = parse("new storage acct for docs");
    assert!(kinds(&a, true).contains(&"bucket"), "{a:#?}");
    // A Log Analytics workspace is a "law" in Azure shorthand; listed after another thing it is
    // one more thing to create, not a detail of the thing before.
    let a = parse("1) storage acct stdata01\n2) law law-data-prod, 90 day retention");
    assert_eq!(kinds(&a, true), vec!["bucket", "logging"], "{a:#?}");
}

#[test]
fn to_have_a_counted_thing_asks_for_it() {
    let a = parse("we need to have a dashboard for the payments api");
    assert_eq!(kinds(&a, true), vec!["dashboard"], "{a:#?}");
    let a = parse("we'd like to have two queues in dev");
    let queue = a.primary().next().expect("an item");
    assert_eq!(
        (queue.kind_name(), queue.count),
        ("queue", Some(2)),
        "{a:#?}"
    );
    // "to have versioning on" says how a thing is to be; it asks for no new thing.
    let a = parse("the logs bucket needs to have versioning on");
    assert!(
        !a.items
            .iter()
            .any(|i| i.primary && i.count.is_some() && i.phrase.contains("versioning")),
        "{a:#?}"
    );
}

#[test]
fn a_to_joined_to_a_wanted_one_is_wanted_too() {
    let a = parse("We want to be paged on disk usage, and to have a dashboard that shows it.");
    assert!(kinds(&a, true).contains(&"dashboard"), "{a:#?}");
    // A purpose joined to a purpose stays a purpose.
    let a = parse("add a bucket to store logs and to keep backups");
    assert_eq!(kinds(&a, true), vec!["bucket"], "{a:#?}");
}

#[test]
fn a_subject_a_clause_left_behind_is_no_thing_asked() {
    let a = parse("We want to be alerted on p99 latency.");
    assert!(a.items.iter().all(|i| i.phrase != "we"), "{a:#?}");
}

#[test]
fn members_placed_in_an_environment_are_no_resize_of_the_environment() {
    // The nodes are the size of the cluster created, not a resize of "the staging environment".
    let a = parse(
        "Please create a GKE cluster named gke-search in the staging environment: four nodes in the default pool",
    );
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Scale),
        "{a:#?}"
    );
}

#[test]
fn a_change_under_a_ticket_is_the_noun_not_an_ask() {
    // "Under change CHG-1": the change record, not a verb whose objects are the sentence before.
    let a = parse(
        "Load on the api is expected to roughly triple. Per change CHG-77, grow the api node group from 3 to 5.",
    );
    let asked: Vec<&str> = a.primary().map(|i| i.phrase.as_str()).collect();
    assert_eq!(asked, vec!["the api node group"], "{a:#?}");
}

#[test]
fn what_a_thing_is_expected_to_do_is_the_reason_not_an_ask() {
    let a = parse(
        "Traffic is expected to roughly double next week, so raise the web pool from 4 to 8.",
    );
    assert!(a.primary().all(|i| !i.phrase.contains("traffic")), "{a:#?}");
}

#[test]
fn a_consequence_after_so_asks_with_its_own_verb() {
    let a = parse("The nightly batch ran out of memory, so raise the batch pool from 2 to 4.");
    let pool = a.primary().next().expect("an item");
    assert_eq!(pool.verb, "raise", "{a:#?}");
    assert_eq!(a.primary().count(), 1, "{a:#?}");
}

#[test]
fn a_right_there_is_to_be_none_of_is_no_verb() {
    let a = parse("Give the analysts read access on bucket b1, no write or delete permissions.");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Delete),
        "{a:#?}"
    );
}

#[test]
fn a_condition_after_a_verb_with_no_object_is_no_entry_of_its_list() {
    let a = parse("Attach it to the role etl-runner.\nNo delete or write access.");
    assert!(
        a.primary()
            .all(|i| !i.phrase.contains("write") && !i.phrase.contains("delete")),
        "{a:#?}"
    );
}

#[test]
fn entries_describing_the_one_thing_a_heading_counts_are_not_more_of_it() {
    // The product and the size after the colon are the cache's, not two more caches.
    let a =
        parse("We want a Redis cache for sessions: ElastiCache, two replicas, cache.t4g.small.");
    let counted: u32 = a
        .items
        .iter()
        .filter(|i| i.kind_category() == Some(crate::engine::catalog::categories::CACHE))
        .filter_map(|i| i.count)
        .sum();
    assert_eq!(counted, 1, "{a:#?}");
    // Entries that count again are the things counted: two queues, named one by one.
    let b = parse("Create two queues for billing: a queue for invoices, a queue for refunds.");
    let entries: Vec<Option<u32>> = b
        .items
        .iter()
        .filter(|i| !i.heading && i.phrase == "a queue")
        .map(|i| i.count)
        .collect();
    assert_eq!(entries, vec![Some(1), Some(1)], "{b:#?}");
}

#[test]
fn a_key_whose_value_names_a_thing_is_only_its_label() {
    let a = parse("cluster: k8s-payments-dev\nalerting: prometheus rules\nenv: dev");
    assert!(
        a.primary().all(|i| i.phrase != "alerting"),
        "the key is a label: {a:#?}"
    );
    assert!(a.primary().any(|i| i.phrase.contains("rules")), "{a:#?}");
}

#[test]
fn a_bare_key_given_several_values_is_not_one_thing() {
    let a = parse("service: billing\ngcs: invoices, refunds, disputes\nenv: staging");
    let key = a.items.iter().find(|i| i.phrase == "gcs").expect("the key");
    assert_eq!(key.count, None, "{a:#?}");
    // A key that counts keeps its count.
    let b = parse("Please create a namespace with three topics: a, b and c.");
    assert!(b.items.iter().any(|i| i.count == Some(3)), "{b:#?}");
}

#[test]
fn an_arrow_to_a_thing_of_another_kind_points_at_it_and_changes_nothing() {
    let a = parse("app: billing\ndb password -> key vault\nsubnet: data");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Modify),
        "{a:#?}"
    );
    // A new version of the same thing is a change of it.
    let b = parse("staging billing DB -> mysql 8.0.36");
    assert!(
        b.items.iter().any(|i| i.class == VerbClass::Modify),
        "{b:#?}"
    );
}

#[test]
fn what_other_people_do_is_their_reason_not_an_ask() {
    let a = parse("Give the team read access to bucket b1; they build reports from it.");
    assert!(a.primary().all(|i| !i.phrase.contains("report")), "{a:#?}");
    let b = parse(
        "Viewer on the sales dataset for Priya, please. She mainly builds weekly dashboards.",
    );
    assert!(
        b.primary().all(|i| !i.phrase.contains("dashboard")),
        "{b:#?}"
    );
    // What they are to get is still asked.
    let c = parse("The ML team starts Monday: they need a bucket for training data.");
    assert!(c.primary().any(|i| i.phrase.contains("bucket")), "{c:#?}");
}

#[test]
fn opening_a_merge_request_is_no_way_in() {
    let a = parse("The contractor needs to push branches and open MRs on the api project.");
    assert!(!asks_a_network_change(&a), "{a:#?}");
    // Opening a port still is.
    let b = parse("Open port 8443 on the metrics firewall.");
    assert!(asks_a_network_change(&b), "{b:#?}");
}

#[test]
fn locking_down_or_closing_what_is_no_way_in_asks_no_network_change() {
    for text in [
        "lock down main on billing-ui a bit more: 2 approvals required instead of 1",
        "the docs writers should be able to label and close issues in acme/website",
    ] {
        let a = parse(text);
        assert!(!asks_a_network_change(&a), "{text}: {a:#?}");
    }
    // Locking down a way in still is one: traffic, or access of any kind.
    for text in [
        "lock down ssh on the bastion to the office range",
        "Lock down stmediaassetstest: no more anonymous blob access",
        "close port 8080 on the web servers",
    ] {
        let a = parse(text);
        assert!(asks_a_network_change(&a), "{text}: {a:#?}");
    }
}

#[test]
fn a_lower_case_word_with_a_short_serial_is_a_name_not_a_ticket_or_a_count() {
    let a = parse("please grow the disk logs-07 to 300 GB, it fills up");
    assert_eq!(a.identifiers, vec!["logs-07".to_string()]);
    let a = parse("could the cache-3 disk be made bigger");
    assert_eq!(a.identifiers, vec!["cache-3".to_string()]);
    assert!(a.items.iter().all(|i| i.count != Some(3)));
    // A ticket keeps being a ticket: its key in capitals, or a long number.
    assert!(parse("OPS-12: grow the disk").identifiers.is_empty());
    assert!(parse("per inc-4411 grow the disk").identifiers.is_empty());
}

#[test]
fn a_word_that_ends_a_name_is_no_member_of_a_cluster() {
    let a = parse("create an artifact repo billing-worker and a topic");
    let repo = a.items.iter().find(|i| i.phrase.contains("repo")).unwrap();
    assert!(repo.primary, "{:?}", a.items);
    // Beside a cluster asked, a member word is still how its members are.
    let a = parse("create a redis cluster and spot workers");
    assert!(a
        .items
        .iter()
        .filter(|i| i.phrase.contains("worker"))
        .all(|i| !i.primary));
}

#[test]
fn after_the_details_of_a_thing_named_without_a_verb_a_counted_thing_is_asked_too() {
    let a = parse("new log bucket (versioned, lifecycle on) + a queue for the events");
    assert_eq!(kinds(&a, true), vec!["bucket", "queue"], "{:?}", a.items);
    // A list sharing one head stays one list of the thing before.
    let a = parse("new vpc (private), internal + health-check + ssh firewall rules");
    assert!(a
        .items
        .iter()
        .filter(|i| i.phrase.contains("internal"))
        .all(|i| !i.primary));
}

#[test]
fn a_message_that_corrects_itself_means_what_it_says_last() {
    let a = parse("add four queue workers - sorry, five - to the pool");
    assert!(
        a.items.iter().any(|i| i.phrase.contains("five")),
        "{:?}",
        a.items
    );
    assert!(a.items.iter().all(|i| !i.phrase.contains("four")));
    let a = parse("the worker pool should be halved, I mean doubled");
    let p = a.primary().next().unwrap();
    assert_eq!(p.scale_factor, Some((2, 1)));
    // A correction of another sort is left as written.
    let a = parse("create two buckets, sorry, queues");
    assert!(a.items.iter().any(|i| i.phrase.contains("two")));
}

#[test]
fn a_multiple_written_before_its_object_is_the_verb() {
    let a = parse("pls 2x the ingest workers scale set");
    let p = a.primary().next().unwrap();
    assert_eq!(p.class, VerbClass::Scale);
    assert_eq!(p.scale_factor, Some((2, 1)));
}

#[test]
fn a_guard_against_an_act_is_a_setting_not_the_act() {
    for text in [
        "new key vault kv-ledger-qa: purge protection on, private only",
        "a new secrets vault for ledger in qa, rbac, purge protection",
    ] {
        let a = parse(text);
        assert!(
            a.items.iter().all(|i| i.class != VerbClass::Delete),
            "{text}: {:?}",
            a.items
        );
    }
}

#[test]
fn members_counted_from_one_number_to_another_under_autoscaling_are_its_bounds() {
    let a = parse("one AKS cluster for etl in qa, autoscaling node pool of 2 to 6 nodes");
    assert!(a.values.contains(&("min".to_string(), 2)), "{:?}", a.values);
    assert!(a.values.contains(&("max".to_string(), 6)), "{:?}", a.values);
    // Without autoscaling, "from 2 to 6" is still a change of size.
    let a = parse("resize the etl pool from 2 to 6 nodes");
    assert!(!a.values.iter().any(|(k, _)| k == "min" || k == "max"));
    assert!(a.items.iter().any(|i| i.scale_to == Some(6)));
}

#[test]
fn a_sentence_whose_subject_is_the_change_says_what_to_do() {
    for text in [
        "This PR only renames the invoice buckets into the storage module.",
        "the next step moves the api gateways under module.edge",
        "We only relocate the reporting clusters to the new module",
    ] {
        let a = parse(text);
        assert!(
            a.primary().any(|i| i.class == VerbClass::Modify
                && matches!(i.verb.as_str(), "rename" | "move" | "relocate")),
            "{text}: {:?}",
            a.items
        );
    }
    // A thing that acts is no request: "the job moves files" asks for nothing.
    let a = parse("The export job moves files to the archive bucket every night.");
    assert!(
        a.items.iter().all(|i| !matches!(i.verb.as_str(), "move")),
        "{:?}",
        a.items
    );
}

#[test]
fn a_verb_inside_a_dashed_name_is_part_of_the_name() {
    let a = parse("the deploy-runners-qa pool: double it, from 3 to 6 runners");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Create),
        "{:?}",
        a.items
    );
    assert!(a.identifiers.contains(&"deploy-runners-qa".to_string()));
    let a = parse("cleanup-job-dev needs its schedule moved to 02:00");
    assert!(
        a.items.iter().all(|i| i.class != VerbClass::Delete),
        "{:?}",
        a.items
    );
    // A verb with a prefix is still the verb, and a kind's own words stay ("scale set").
    let a = parse("re-enable versioning on the logs bucket");
    assert!(a.items.iter().any(|i| i.verb == "enable"), "{:?}", a.items);
    let a = parse("add 2 instances to the ci-scale-set-qa scale set");
    assert!(a.primary().count() > 0, "{:?}", a.items);
}

#[test]
fn a_need_said_and_then_asked_outright_is_one_thing() {
    let a = parse("The ledger runner needs a scratch disk. Please create a 200 GB volume in qa.");
    let volumes = a.primary().filter(|i| i.count == Some(1)).count();
    assert_eq!(volumes, 1, "{:?}", a.items);
    // Where the request adds one more, there are two.
    let a = parse("The ledger runner needs a scratch disk. Also create a 200 GB volume in qa.");
    let volumes = a.primary().filter(|i| i.count == Some(1)).count();
    assert_eq!(volumes, 2, "{:?}", a.items);
}

#[test]
fn amounts_after_a_colon_detail_the_clause_before_it() {
    let a = parse("The node count of aks-batch-qa should be tripled: from the current two to six.");
    assert!(
        a.primary().any(|i| i.class == VerbClass::Scale),
        "{:?}",
        a.items
    );
    // A list of things after a colon is still a list.
    let a = parse("queues to be created: intake, scoring");
    assert!(a.primary().count() >= 2, "{:?}", a.items);
}

#[test]
fn an_arrow_followed_by_an_ask_opens_a_clause_even_beside_traffic() {
    let a =
        parse("OPS-77: runner capacity -> +3 EC2 runners in qa, own SG, ssh from 10.8.0.0/16 only");
    assert!(
        a.primary()
            .any(|i| i.class == VerbClass::Create && i.count == Some(3)),
        "{:?}",
        a.items
    );
    // Between two things, beside traffic detail, the arrow is still traffic.
    let a = parse("qa runners -> metrics service, tcp/9090, from 10.8.0.0/16");
    assert!(
        a.primary().any(|i| i.class == VerbClass::Allow),
        "{:?}",
        a.items
    );
}

#[test]
fn whose_a_thing_is_and_what_it_has_name_no_thing() {
    let a = parse("they need their own Aurora cluster in qa, having 2 instances, port 5432 open only from 10.1.0.0/16");
    for it in &a.items {
        for w in ["own", "having", "open"] {
            assert!(!it.qualifiers.iter().any(|q| q == w), "{w}: {:?}", a.items);
        }
    }
    assert!(
        a.values.iter().all(|(k, _)| k != "having"),
        "{:?}",
        a.values
    );
}

#[test]
fn a_share_is_no_count_and_a_vendor_is_no_new_thing() {
    let a = parse("New Relic: one alert policy with a condition for error rate above 3%");
    assert!(a.items.iter().all(|i| i.count != Some(3)), "{:?}", a.items);
    assert!(
        a.items
            .iter()
            .all(|i| !i.qualifiers.contains(&"relic".to_string())),
        "{:?}",
        a.items
    );
}

#[test]
fn subscribing_someone_asks_for_a_subscription() {
    let a = parse("1. create SNS topic payouts-dev\n2. subscribe ops@example.com to it by email");
    assert_eq!(
        kinds(&a, true),
        vec!["topic", "subscription"],
        "{:?}",
        a.items
    );
}

#[test]
fn a_cloud_sql_tier_is_a_size_and_a_dashed_names_serial_no_count() {
    let a = parse("billing-dev cloudsql tier: db-custom-2-7680 -> db-custom-4-15360");
    assert!(
        a.items
            .iter()
            .all(|i| !matches!(i.count, Some(2 | 4)) && !i.phrase.contains("custom")),
        "{:?}",
        a.items
    );
    let a = parse("resize web-node-03 to c6i.large");
    assert!(a.items.iter().all(|i| i.count != Some(3)), "{:?}", a.items);
    assert!(
        a.items.iter().any(|i| i.phrase.contains("03")),
        "{:?}",
        a.items
    );
}

#[test]
fn only_a_whole_subject_to_have_something_done_is_read_actively() {
    let read = |text: &str| -> String {
        let toks = text
            .split(' ')
            .map(|w| match w {
                "," => Tok::Sep,
                w => Tok::Word(w.to_string()),
            })
            .collect();
        passive_asks_read_actively(toks)
            .iter()
            .map(|t| match t {
                Tok::Word(w) => w.clone(),
                _ => ",".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        read("two extra nodes are to be added to the batch pool"),
        "add two extra nodes to the batch pool"
    );
    // A whole subject that opens the request: the act is done to it.
    let a = parse("A new bucket exports-staging should be created for the finance team.");
    let p = a.primary().next().unwrap();
    assert_eq!(
        (p.class, p.kind_name()),
        (VerbClass::Create, "bucket"),
        "{a:#?}"
    );
    assert!(!p.phrase.contains("should"), "{a:#?}");
    // What something may do is not an act on it.
    let text = "the checkout service should be allowed to scale up to 40 instances";
    assert_eq!(read(text), text);
    // A report of what is done ("is added") asks nothing.
    let text = "a tag is added to every bucket";
    assert_eq!(read(text), text);
    // The tail of a list is not the whole subject, and a pronoun asked about is no thing.
    for text in [
        "the orders topic , its dead-letter topic , the two subscriptions and the iam binding \
         should just be moved under module",
        "kofi joins the rotation next month , can he be added to the sre-emea team",
        "the reports account , stlegacyreports , is no longer used and should be removed",
    ] {
        assert_eq!(read(text), text);
    }
}

#[test]
fn a_kind_word_cut_short_names_its_kind_as_written_out() {
    for text in [
        "add two nrql conds to the checkout policy: error rate and p99 latency",
        "new relic: nrql cond on checkout error rate, please",
    ] {
        let a = parse(text);
        assert!(
            a.primary().any(|i| i.kind_name() == "monitor"),
            "{text}: {a:#?}"
        );
    }
    // A name that holds the cut stays a name.
    let a = parse("rename the cond-checker job");
    assert!(a.primary().all(|i| i.kind_name() != "monitor"), "{a:#?}");
}

#[test]
fn a_value_taken_from_where_it_is_kept_is_no_traffic() {
    let a = parse("INV-58: invoice-api v1.4.2 -> Cloud Run (test), db url from Secret Manager");
    assert!(!asks_a_network_change(&a), "{a:#?}");
    // From a place, it still is.
    let b = parse("metrics-scraper -> node exporters, from the monitoring subnet");
    assert!(asks_a_network_change(&b), "{b:#?}");
}

#[test]
fn a_web_address_to_allow_is_no_traffic_to_let_through() {
    let a = parse(
        "Could you allow the preview callback URL https://preview.staging.acme.example/callback on the storefront app?",
    );
    assert!(!asks_a_network_change(&a), "{a:#?}");
    // The protocol named on its own still is traffic.
    let b = parse("allow https to the storefront load balancer");
    assert!(asks_a_network_change(&b), "{b:#?}");
}

#[test]
fn a_repository_named_for_what_its_code_builds_is_a_repository() {
    for text in [
        "gh repo terraform-modules-network (private) + protect main, 2 reviews",
        "new private repo terraform-modules-network, and main should need two approvals",
    ] {
        let a = parse(text);
        assert!(
            a.primary().any(|i| i.kind_name() == "repository"),
            "{text}: {a:#?}"
        );
        assert!(
            a.primary().all(|i| i.kind_name() != "network segment"),
            "{text}: {a:#?}"
        );
    }
}
