//! Meaning-check tests on quantities: counts, members of clusters and groups, number words, scale
//! targets and ranges.
use super::*;

#[test]
fn a_cluster_of_n_members_is_not_met_by_more_members() {
    let r = run(
        "Create a three-node EKS node group for the dev batch jobs",
        vec![create(
            "aws_eks_node_group.batch",
            with(
                tags("dev"),
                json!({"scaling_config": [{"desired_size": 5, "min_size": 1, "max_size": 6}]}),
            ),
        )],
    );
    assert_eq!(creep(&r), vec!["aws_eks_node_group.batch"], "{r:#?}");
    let r = run(
        "Create an MSK cluster with 3 brokers for dev events",
        vec![create(
            "aws_msk_cluster.events",
            with(tags("dev"), json!({"number_of_broker_nodes": 3})),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_dax_cache_of_n_nodes_is_counted_by_its_replication_factor() {
    let dax = |nodes: i64| {
        run(
            "Create a three-node DAX cache for the dev sessions table",
            vec![create(
                "aws_dax_cluster.sessions",
                with(tags("dev"), json!({"replication_factor": nodes})),
            )],
        )
    };
    let r = dax(5);
    assert_eq!(creep(&r), vec!["aws_dax_cluster.sessions"], "{r:#?}");
    let r = dax(3);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_cluster_of_n_members_is_missing_when_planned_with_fewer() {
    let r = run(
        "Create a Kafka cluster with six brokers for dev events",
        vec![create(
            "aws_msk_cluster.events",
            with(tags("dev"), json!({"number_of_broker_nodes": 3})),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_number_in_words_limits_the_instances_created() {
    for text in [
        "Add a pair of private subnets to the dev VPC",
        "Add two private subnets to the dev VPC",
        "Add 2 private subnets to the dev VPC",
    ] {
        let r = run(
            text,
            vec![
                create("aws_subnet.private[0]", tags("dev")),
                create("aws_subnet.private[1]", tags("dev")),
                create("aws_subnet.private[2]", tags("dev")),
            ],
        );
        assert_eq!(creep(&r), vec!["aws_subnet.private[2]"], "{text}: {r:#?}");
    }
}

#[test]
fn scale_targets_in_words_and_multiples_are_checked() {
    let asg = |before: i64, after: i64| {
        update(
            "aws_autoscaling_group.web",
            with(tags("dev"), json!({"desired_capacity": before})),
            with(tags("dev"), json!({"desired_capacity": after})),
        )
    };
    let r = run("Scale the dev web ASG from six to ten", vec![asg(6, 10)]);
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run("Scale the dev web ASG from six to ten", vec![asg(6, 12)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.web"], "{r:#?}");
    let r = run("Double the dev web ASG", vec![asg(4, 8)]);
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run("Double the dev web ASG", vec![asg(4, 16)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.web"], "{r:#?}");
    let r = run("Scale the dev web ASG down to two", vec![asg(4, 2)]);
    assert!(r.findings.is_empty(), "{r:#?}");
}

#[test]
fn members_added_to_a_cluster_resize_it_by_that_many() {
    let pool = |before: i64, after: i64| {
        update(
            "google_container_node_pool.default",
            json!({"name": "default", "node_count": before}),
            json!({"name": "default", "node_count": after}),
        )
    };
    let r = run(
        "Add 2 nodes to the dev GKE default node pool",
        vec![pool(3, 5)],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        "Add 2 nodes to the dev GKE default node pool",
        vec![pool(3, 7)],
    );
    assert_eq!(
        creep(&r),
        vec!["google_container_node_pool.default"],
        "{r:#?}"
    );
}

#[test]
fn a_count_that_crosses_the_target_is_more_than_asked() {
    let dep = |b: &str, a: &str| {
        update(
            "kubernetes_deployment.checkout",
            json!({"metadata": [{"name": "checkout", "namespace": "staging"}], "spec": [{"replicas": b}]}),
            json!({"metadata": [{"name": "checkout", "namespace": "staging"}], "spec": [{"replicas": a}]}),
        )
    };
    let r = run(
        "Set the staging checkout deployment to a dozen replicas",
        vec![dep("4", "12")],
    );
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(
        "Set the staging checkout deployment to a dozen replicas",
        vec![dep("4", "20")],
    );
    assert_eq!(creep(&r), vec!["kubernetes_deployment.checkout"], "{r:#?}");
}

#[test]
fn an_unknown_provider_is_counted_by_the_words_of_its_type() {
    let svc = |n: &str| create(&format!("pagerduty_service.{n}"), json!({"name": n}));
    let r = run(
        "Create a PagerDuty service for the checkout team",
        vec![svc("checkout")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Create a PagerDuty service for the checkout team",
        vec![svc("checkout"), svc("payments")],
    );
    assert_eq!(creep(&r), vec!["pagerduty_service.payments"], "{r:#?}");
}

#[test]
fn a_number_given_to_a_setting_is_the_value_it_must_end_at() {
    let hpa = |min: i64, max: i64| {
        json!({"metadata": [{"name": "api", "namespace": "staging"}],
               "spec": [{"min_replicas": min, "max_replicas": max}]})
    };
    let text = "hpa staging/api: min 4, max 12 please";
    let ok = run(
        text,
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v1.api",
            hpa(2, 6),
            hpa(4, 12),
        )],
    );
    assert!(creep(&ok).is_empty(), "{ok:#?}");
    let off = run(
        text,
        vec![update(
            "kubernetes_horizontal_pod_autoscaler_v1.api",
            hpa(2, 6),
            hpa(4, 30),
        )],
    );
    assert_eq!(
        creep(&off),
        vec!["kubernetes_horizontal_pod_autoscaler_v1.api"],
        "{off:#?}"
    );
}

#[test]
fn a_plus_sign_adds_members_to_a_group() {
    let vmss = |b: i64, a: i64| {
        update(
            "azurerm_linux_virtual_machine_scale_set.render",
            with_tags("test", json!({"name": "render", "instances": b})),
            with_tags("test", json!({"name": "render", "instances": a})),
        )
    };
    let text = "render farm (test): +1 instance on the scale set please";
    assert!(run(text, vec![vmss(4, 5)]).findings.is_empty());
    assert_eq!(
        creep(&run(text, vec![vmss(4, 7)])),
        vec!["azurerm_linux_virtual_machine_scale_set.render"]
    );
}

#[test]
fn a_number_of_members_without_more_is_a_target_not_an_addition() {
    let pool = |n: i64| with(tags("dev"), json!({"name": "batch", "node_count": n}));
    for text in [
        "can we get twelve nodes in the batch pool on the dev analytics cluster?",
        "the dev batch node pool needs 12 nodes",
    ] {
        let r = run(
            text,
            vec![update(
                "google_container_node_pool.batch",
                pool(8),
                pool(12),
            )],
        );
        assert!(
            !ids_of(&r).contains(&ids::MISSING_ACTION) && creep(&r).is_empty(),
            "{text}: {r:#?}"
        );
    }
    // "Add twelve nodes" is an addition: 8 -> 12 is not it.
    let r = run(
        "Add twelve nodes to the dev batch node pool",
        vec![update(
            "google_container_node_pool.batch",
            pool(8),
            pool(12),
        )],
    );
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_changed_number_that_goes_exactly_where_the_request_says_is_the_resize() {
    let deploy = |n: i64| {
        with(
            tags("staging"),
            json!({"metadata": [{"name": "search-indexer", "namespace": "staging"}], "spec": [{"replicas": n}]}),
        )
    };
    let r = run(
        "staging/search-indexer: replicas 5 -> 2",
        vec![update(
            "kubernetes_deployment_v1.search_indexer",
            deploy(5),
            deploy(2),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    let r = run(
        "staging/search-indexer: replicas 5 -> 2",
        vec![update(
            "kubernetes_deployment_v1.search_indexer",
            deploy(5),
            deploy(3),
        )],
    );
    assert!(
        ids_of(&r).contains(&ids::MISSING_ACTION) || ids_of(&r).contains(&ids::SCOPE_CREEP),
        "{r:#?}"
    );
}

#[test]
fn a_count_in_brackets_counts_the_members_not_the_thing() {
    let a = parsed("create a deployment (2 replicas) for the api");
    let deployment = a
        .items
        .iter()
        .find(|i| i.kind_name() == "deployment")
        .expect("a deployment item");
    assert_eq!(deployment.count, Some(1), "{a:#?}");
}

#[test]
fn a_thing_named_before_a_colon_is_counted_by_the_list_after_it() {
    let a =
        parsed("In dev we need pubsub for refunds: the topic, one subscription and a DLQ topic.");
    let topics: u32 = a
        .items
        .iter()
        .filter(|i| i.primary && i.kind_name() == "topic")
        .filter_map(|i| i.count)
        .sum();
    assert_eq!(topics, 2, "{a:#?}");
    // A thing before a colon that the list does not name again keeps its count.
    let a = parsed("Create a VPC with: two subnets and a NAT gateway");
    let vpc = a.items.iter().find(|i| i.primary).expect("the VPC");
    assert_eq!(vpc.count, Some(1), "{a:#?}");
}

#[test]
fn a_type_two_counted_kinds_share_is_counted_for_the_kind_its_name_ends_in() {
    let ns = create(
        "azurerm_eventhub_namespace.telemetry",
        json!({"name": "evhns-telemetry-test", "sku": "Standard"}),
    );
    let hub = |a: &str, n: &str| create(a, json!({"name": n, "partition_count": 2}));
    let r = run(
        "Please provision Event Hubs (test) - one namespace, and two event hubs named device-telemetry and device-alerts.",
        vec![
            ns.clone(),
            hub("azurerm_eventhub.device_telemetry", "device-telemetry"),
            hub("azurerm_eventhub.device_alerts", "device-alerts"),
        ],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A third hub is still one more than asked.
    let r = run(
        "Please provision Event Hubs (test) - one namespace, and two event hubs named device-telemetry and device-alerts.",
        vec![
            ns,
            hub("azurerm_eventhub.device_telemetry", "device-telemetry"),
            hub("azurerm_eventhub.device_alerts", "device-alerts"),
            hub("azurerm_eventhub.device_debug", "device-debug"),
        ],
    );
    assert!(!creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_range_between_two_numbers_is_a_lower_and_an_upper_bound() {
    let hpa = |max: i64| {
        update(
            "kubernetes_horizontal_pod_autoscaler_v2.api",
            json!({"metadata": [{"name": "api", "namespace": "staging"}],
                   "spec": [{"min_replicas": 2, "max_replicas": 6}]}),
            json!({"metadata": [{"name": "api", "namespace": "staging"}],
                   "spec": [{"min_replicas": 4, "max_replicas": max}]}),
        )
    };
    for text in [
        "Could the api HPA in staging allow between four and twelve replicas?",
        "the staging api hpa: between 4 and 12 replicas please",
    ] {
        let honest = run(text, vec![hpa(12)]);
        assert!(clean(&honest), "{text:?}: {honest:#?}");
        let more = run(text, vec![hpa(30)]);
        assert_eq!(
            creep(&more),
            vec!["kubernetes_horizontal_pod_autoscaler_v2.api"],
            "{text:?}"
        );
    }
}

#[test]
fn the_machines_a_new_pool_or_cluster_is_asked_with_are_its_members() {
    let pool = |nodes: i64| {
        create(
            "azurerm_kubernetes_cluster_node_pool.gpu",
            with(
                json!({"name": "gpu", "vm_size": "Standard_NC6s_v3", "node_count": nodes}),
                json!({"tags": {"Owner": "ml", "Environment": "staging", "CostCenter": "cc-1"}}),
            ),
        )
    };
    for text in [
        "add a GPU node pool (2 x Standard_NC6s_v3) to the staging ML AKS cluster",
        "the staging AKS cluster for ML needs a new node pool with two NC6s_v3 GPU nodes",
    ] {
        let r = run(text, vec![pool(2)]);
        assert!(clean(&r), "{text:?}: {r:#?}");
        let r = run(text, vec![pool(5)]);
        assert_eq!(
            creep(&r),
            vec!["azurerm_kubernetes_cluster_node_pool.gpu"],
            "{text:?}"
        );
    }
}

#[test]
fn an_arrow_written_against_its_numbers_is_still_a_change_from_one_to_the_other() {
    let deployment = |n: i64| {
        json!({"metadata": [{"name": "search-api", "namespace": "search-staging"}],
               "spec": [{"replicas": n}]})
    };
    let change = |to: i64| {
        update(
            "kubernetes_deployment_v1.search_api",
            deployment(2),
            deployment(to),
        )
    };
    let text = "k8s search-staging/search-api: replicas 2\u{2192}4";
    assert!(clean(&run(text, vec![change(4)])), "2→4 is done by 4");
    assert!(!clean(&run(text, vec![change(6)])), "2→4 is not done by 6");
}

#[test]
fn giving_a_function_more_memory_changes_it() {
    let lambda = |mb: i64| {
        json!({"function_name": "api-staging", "memory_size": mb,
               "tags": {"Owner": "api", "Environment": "staging", "CostCenter": "cc-1"}})
    };
    let r = run(
        "pls give api-staging lambda 1gb ram (currently 512), cold starts are bad",
        vec![update("aws_lambda_function.api", lambda(512), lambda(1024))],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_resize_removes_members_of_a_group_never_a_whole_thing() {
    let lambda = |name: &str, mb: i64| {
        json!({"function_name": name, "memory_size": mb,
               "tags": {"Owner": "api", "Environment": "staging", "CostCenter": "cc-1"}})
    };
    let r = run(
        "Increase memory of the api-staging lambda to 1024 MB",
        vec![
            update(
                "aws_lambda_function.api",
                lambda("api-staging", 512),
                lambda("api-staging", 1024),
            ),
            delete("aws_lambda_function.api_v1", lambda("api-staging-v1", 256)),
        ],
    );
    assert_eq!(creep(&r), vec!["aws_lambda_function.api_v1"]);
}

#[test]
fn each_member_count_asked_holds_the_thing_it_fits() {
    let tags = json!({"Owner": "ledger", "Environment": "staging", "CostCenter": "cc-1"});
    let nodes = create(
        "aws_eks_node_group.main",
        json!({"node_group_name": "ledger-staging", "tags": tags,
               "scaling_config": [{"desired_size": 3, "min_size": 3, "max_size": 3}]}),
    );
    let instance = |i: usize| {
        create(
            &format!("aws_rds_cluster_instance.ledger[{i}]"),
            json!({"identifier": format!("ledger-staging-{i}"), "engine": "aurora-postgresql",
                   "instance_class": "db.r6g.large", "tags": tags}),
        )
    };
    let cluster = create(
        "aws_rds_cluster.ledger",
        json!({"cluster_identifier": "ledger-staging", "engine": "aurora-postgresql",
               "storage_encrypted": true, "tags": tags}),
    );
    let text = "Provision staging: an EKS cluster ledger-staging with one managed node group of 3 nodes, and an Aurora PostgreSQL cluster with 2 instances";
    let r = run(
        text,
        vec![nodes.clone(), cluster.clone(), instance(0), instance(1)],
    );
    assert!(
        !creep(&r).contains(&"aws_eks_node_group.main"),
        "3 nodes were asked: {r:#?}"
    );
    let r = run(
        text,
        vec![nodes, cluster, instance(0), instance(1), instance(2)],
    );
    assert!(
        creep(&r).contains(&"aws_rds_cluster_instance.ledger[2]"),
        "a third instance: {r:#?}"
    );
}

#[test]
fn a_trio_is_three() {
    let a =
        request::parse("Could we get a trio of n2-standard-4 machines for the staging renderers?");
    let counts: Vec<Option<u32>> = a
        .items
        .iter()
        .filter(|i| i.primary)
        .map(|i| i.count)
        .collect();
    assert!(counts.contains(&Some(3)), "{:#?}", a.items);
}

#[test]
fn instances_added_in_a_group_resize_it_by_that_many() {
    let asg = |before: i64, after: i64| {
        update(
            "aws_autoscaling_group.parsers",
            with(
                tags("qa"),
                json!({"name": "qa-parsers", "desired_capacity": before}),
            ),
            with(
                tags("qa"),
                json!({"name": "qa-parsers", "desired_capacity": after}),
            ),
        )
    };
    let text =
        "The parsers in qa are falling behind. Could we get two additional instances in their ASG?";
    let r = run(text, vec![asg(3, 5)]);
    assert!(r.findings.is_empty(), "{r:#?}");
    let r = run(text, vec![asg(3, 6)]);
    assert_eq!(creep(&r), vec!["aws_autoscaling_group.parsers"], "{r:#?}");
}

#[test]
fn the_things_a_request_asks_a_thing_with_are_counted() {
    let ns = create(
        "azurerm_servicebus_namespace.claims",
        json!({"name": "sb-claims-dev", "sku": "Standard"}),
    );
    let queue = |n: &str| {
        create(
            &format!("azurerm_servicebus_queue.{n}"),
            json!({"name": n, "max_delivery_count": 10}),
        )
    };
    let text = "create a Service Bus namespace with two queues: intake and scoring";
    let r = run(text, vec![ns.clone(), queue("intake")]);
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
    let r = run(text, vec![ns, queue("intake"), queue("scoring")]);
    assert!(clean(&r), "{r:#?}");
    // A thing of the owner's own kind is its part, not one more: one server holding its database.
    let r = run(
        "new postgres flexible server + database `quotes` for test",
        vec![
            create(
                "azurerm_postgresql_flexible_server.quotes",
                json!({"name": "psql-quotes-test", "sku_name": "GP_Standard_D2ds_v5"}),
            ),
            create(
                "azurerm_postgresql_flexible_server_database.quotes",
                json!({"name": "quotes"}),
            ),
        ],
    );
    assert!(!ids_of(&r).contains(&"missing_action"), "{r:#?}");
}

#[test]
fn a_thing_asked_by_its_own_name_is_missing_when_its_kind_is_there_only_under_a_sibling_name() {
    let queue = |n: &str| {
        create(
            &format!("azurerm_servicebus_queue.{n}"),
            json!({"name": n, "max_delivery_count": 10}),
        )
    };
    let ns = create(
        "azurerm_servicebus_namespace.claims",
        json!({"name": "sb-claims-dev", "sku": "Standard"}),
    );
    let text = "Service Bus for the two processing steps, with an intake queue and a scoring queue";
    let r = run(text, vec![ns.clone(), queue("intake")]);
    assert!(ids_of(&r).contains(&"missing_action"), "{r:#?}");
    let r = run(text, vec![ns, queue("intake"), queue("scoring")]);
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn things_listed_by_name_after_their_kind_are_each_asked() {
    let queue = |n: &str| {
        create(
            &format!("aws_sqs_queue.{}", n.replace('-', "_")),
            json!({"name": n, "visibility_timeout_seconds": 60}),
        )
    };
    // The two names share a word ("jobs"), which tells neither apart.
    for text in [
        "sqs: queues render-jobs + export-jobs",
        "Create the queues render-jobs, export-jobs and thumbnail-jobs.",
    ] {
        let r = run(text, vec![queue("render-jobs")]);
        assert!(ids_of(&r).contains(&"missing_action"), "{text}: {r:#?}");
    }
    let r = run(
        "sqs: queues render-jobs + export-jobs",
        vec![queue("render-jobs"), queue("export-jobs")],
    );
    assert!(clean(&r), "{r:#?}");
}

#[test]
fn a_number_the_request_gives_a_setting_of_a_new_thing_is_the_number_it_gets() {
    let topic = |partitions: u64| {
        create(
            "confluent_kafka_topic.refunds",
            json!({"topic_name": "payments.refunds.v1", "partitions_count": partitions,
                   "kafka_cluster": [{"id": "lkc-7wq2m"}]}),
        )
    };
    for text in [
        "new confluent topic payments.refunds.v1, 6 partitions, 7d retention, cluster lkc-7wq2m (staging)",
        "The refunds service will publish to a new topic, payments.refunds.v1. Six partitions are enough for the expected volume. Please create it on lkc-7wq2m.",
    ] {
        assert_eq!(
            creep(&run(text, vec![topic(12)])),
            vec!["confluent_kafka_topic.refunds"],
            "{text}"
        );
        let r = run(text, vec![topic(6)]);
        assert!(creep(&r).is_empty(), "{text}: {r:#?}");
    }
}

#[test]
fn nodes_added_as_a_new_pool_are_the_pools_members() {
    let pool = |nodes: u64| {
        create(
            "google_container_node_pool.ml_highmem",
            json!({"name": "ml-highmem", "cluster": "gke-ml-dev", "node_count": nodes,
                   "node_config": [{"machine_type": "n2-highmem-8",
                                    "labels": {"environment": "dev"}}]}),
        )
    };
    for text in [
        "Add a pair of n2-highmem-8 nodes to gke-ml-dev as a new pool, ml-highmem.",
        "ml team: new node pool on the dev gke cluster (gke-ml-dev), 2x n2-highmem-8, name ml-highmem",
        "Please create a node pool called ml-highmem in gke-ml-dev with two n2-highmem-8 machines.",
    ] {
        let r = run(text, vec![pool(2)]);
        assert!(!ids_of(&r).contains(&"missing_action"), "{text}: {r:#?}");
        assert!(creep(&r).is_empty(), "{text}: {r:#?}");
        // Four nodes for a pair is more than asked, or short of what the words say.
        let r = run(text, vec![pool(4)]);
        assert!(!clean(&r), "{text}: {r:#?}");
    }
}

#[test]
fn half_a_dozen_is_six_and_a_size_without_its_family_prefix_is_that_size() {
    let runner = |i: usize| {
        create(
            &format!("aws_instance.ci_runner[{i}]"),
            with(tags("dev"), json!({"instance_type": "t3.small"})),
        )
    };
    let text =
        "Spin up half a dozen t3.small build runners in the dev account for the CI queue backlog.";
    let r = run(text, (0..6).map(runner).collect());
    assert!(clean(&r), "{r:#?}");
    let r = run(text, (0..8).map(runner).collect());
    assert!(!clean(&r), "{r:#?}");
    // "r6g.large" names `db.r6g.large`.
    let instance = |i: usize, class: &str| {
        create(
            &format!("aws_rds_cluster_instance.ledger[{i}]"),
            with(
                tags("dev"),
                json!({"identifier": format!("ledger-dev-{i}"), "instance_class": class,
                                     "engine": "aurora-postgresql", "cluster_identifier": "ledger-dev"}),
            ),
        )
    };
    let text = "Stand up an Aurora PostgreSQL cluster for ledger in dev, one writer and one reader, r6g.large.";
    let r = run(
        text,
        vec![instance(0, "db.r6g.large"), instance(1, "db.r6g.large")],
    );
    assert!(unclear(&r).is_empty() && creep(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![instance(0, "db.r6g.2xlarge"), instance(1, "db.r6g.2xlarge")],
    );
    assert!(!unclear(&r).is_empty() || !creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_count_set_inside_nested_blocks_is_the_count_asked() {
    let service = |max: u64| {
        json!({"name": "quotes", "labels": tags("dev"),
               "template": [{"scaling": [{"min_instance_count": 2, "max_instance_count": max}],
                             "containers": [{"image": "quotes:5.12.0"}]}]})
    };
    let text =
        "please raise the maximum instance count of the quotes Cloud Run service from 10 to 20";
    let r = run(
        text,
        vec![update(
            "google_cloud_run_v2_service.quotes",
            service(10),
            service(20),
        )],
    );
    assert!(clean(&r), "{r:#?}");
    let r = run(
        text,
        vec![update(
            "google_cloud_run_v2_service.quotes",
            service(10),
            service(40),
        )],
    );
    assert!(!clean(&r), "{r:#?}");
}

#[test]
fn a_duration_names_no_setting_of_its_own_unit() {
    let r = run(
        "Generate a self-signed certificate for broker.dev.internal and keep it in Secrets \
         Manager as broker-tls-dev; 30 days validity",
        vec![
            create(
                "tls_self_signed_cert.broker",
                json!({"validity_period_hours": 720, "subject": [{"common_name": "broker.dev.internal"}]}),
            ),
            create(
                "aws_secretsmanager_secret.broker",
                json!({"name": "broker-tls-dev", "recovery_window_in_days": 7, "tags": tags("dev")}),
            ),
        ],
    );
    assert!(
        !creep(&r).contains(&"aws_secretsmanager_secret.broker"),
        "{r:#?}"
    );
}

#[test]
fn an_arrow_to_a_number_of_members_resizes_the_thing_before_it() {
    let text = "batch-pool in data-dev gke -> 6 nodes pls (x2). revert after the backfill";
    let pool = |nodes: i64| {
        update(
            "google_container_node_pool.batch",
            json!({"name": "batch-pool", "cluster": "data-dev", "node_count": 3}),
            json!({"name": "batch-pool", "cluster": "data-dev", "node_count": nodes}),
        )
    };
    let r = run(text, vec![pool(6)]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![pool(12)]);
    assert_eq!(
        creep(&r),
        vec!["google_container_node_pool.batch"],
        "{r:#?}"
    );
}

fn atlas_cluster(nodes: u64) -> Value {
    create(
        "mongodbatlas_advanced_cluster.catalog",
        json!({"name": "catalog-dev", "cluster_type": "REPLICASET", "replication_specs": [
            {"zone_name": "Zone 1", "region_configs": [{"provider_name": "AWS",
             "region_name": "EU_WEST_1",
             "electable_specs": [{"instance_size": "M10", "node_count": nodes}]}]}]}),
    )
}

#[test]
fn members_nested_in_blocks_of_blocks_are_counted() {
    let text = "Spin up a MongoDB Atlas replica set `catalog-dev` in dev: M10, three nodes.";
    assert!(creep(&run(text, vec![atlas_cluster(3)])).is_empty());
    let r = run(text, vec![atlas_cluster(5)]);
    assert_eq!(
        creep(&r),
        vec!["mongodbatlas_advanced_cluster.catalog"],
        "{r:#?}"
    );
}

#[test]
fn the_members_of_a_replica_set_and_a_tier_times_a_number_are_its_nodes() {
    for text in [
        "We'd like a small three-member replica set for the catalog team in dev, M20 is fine.",
        "catalog db in dev: M20 x3, replica set please",
    ] {
        assert!(
            creep(&run(text, vec![atlas_cluster(3)])).is_empty(),
            "{text:?}"
        );
        let r = run(text, vec![atlas_cluster(5)]);
        assert_eq!(
            creep(&r),
            vec!["mongodbatlas_advanced_cluster.catalog"],
            "{text:?}: {r:#?}"
        );
    }
}

#[test]
fn a_multiplier_after_a_machine_size_counts_the_members_of_that_size() {
    let group = |desired: u64| {
        create(
            "aws_eks_node_group.gpu",
            json!({"node_group_name": "gpu", "instance_types": ["g5.xlarge"],
                   "scaling_config": [{"desired_size": desired, "min_size": 1, "max_size": desired}],
                   "tags": tags("dev")}),
        )
    };
    let text = "eks-ml-dev: new node group gpu, g5.xlarge x2";
    assert!(creep(&run(text, vec![group(2)])).is_empty());
    let r = run(text, vec![group(4)]);
    assert_eq!(creep(&r), vec!["aws_eks_node_group.gpu"], "{r:#?}");
}

#[test]
fn more_members_of_a_service_with_no_group_named_grow_the_service() {
    let service = |from: u64, to: u64| {
        update(
            "aws_ecs_service.checkout",
            json!({"name": "checkout", "desired_count": from, "tags": {"Environment": "production"}}),
            json!({"name": "checkout", "desired_count": to, "tags": {"Environment": "production"}}),
        )
    };
    let text = "Traffic spike on Friday, so we want two more checkout tasks running in production.";
    let r = run(text, vec![service(4, 6)]);
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![service(4, 8)]);
    assert_eq!(creep(&r), vec!["aws_ecs_service.checkout"], "{r:#?}");
}

#[test]
fn a_measure_going_up_to_a_value_is_a_setting_changed_not_a_count() {
    let a = request::parse(
        "Can the idle timeout of checkout-prod's load balancer go up to 180 seconds?",
    );
    assert!(a.primary().all(|i| i.class == VerbClass::Modify), "{a:#?}");
    assert!(a.primary().next().is_some(), "{a:#?}");
}

#[test]
fn a_measure_written_in_words_is_a_measure_as_in_digits() {
    let a = request::parse(
        "Could the default TTL on the assets-staging Fastly service go up to one day?",
    );
    assert!(a.primary().all(|i| i.class == VerbClass::Modify), "{a:#?}");
    assert!(a.primary().next().is_some(), "{a:#?}");
    assert!(a.items.iter().all(|i| i.scale_to.is_none()), "{a:#?}");
}

#[test]
fn a_thing_mentioned_again_with_the_or_a_possessive_is_not_one_more() {
    let a = request::parse(
        "create SQS queue `invoice-events` in prod plus a DLQ `invoice-events-dlq`. 4d retention \
         on the main queue, 14d on the DLQ.",
    );
    let queues: u32 = a
        .primary()
        .filter(|i| i.kind_name() == "queue")
        .filter_map(|i| i.count)
        .sum();
    assert_eq!(queues, 2, "{a:#?}");
    let a = request::parse(
        "The ledger team needs its own database in staging. Please set up an RDS instance \
         called ledger-staging for them.",
    );
    assert_eq!(
        a.primary().filter(|i| i.kind_name() == "database").count(),
        1,
        "{a:#?}"
    );
}

#[test]
fn servers_of_a_provider_the_catalog_does_not_know_are_counted_like_any_other() {
    let server = |i: usize| {
        create(
            &format!("upcloud_server.api[{i}]"),
            json!({"hostname": format!("api-staging-{i}"), "plan": "2xCPU-4GB"}),
        )
    };
    let text = "Could you provision two API servers for staging on UpCloud?";
    let r = run(text, vec![server(0), server(1)]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![server(0), server(1), server(2)]);
    assert!(!creep(&r).is_empty(), "three servers for two: {r:#?}");
}

#[test]
fn members_added_beside_a_group_named_elsewhere_grow_that_group_by_that_many() {
    let asg = |before: i64, after: i64| {
        update(
            "aws_autoscaling_group.renderers",
            with(
                tags("staging"),
                json!({"name": "staging-renderers", "desired_capacity": before}),
            ),
            with(
                tags("staging"),
                json!({"name": "staging-renderers", "desired_capacity": after}),
            ),
        )
    };
    for text in [
        "staging renderers autoscaling group: +4 capacity (2 today)",
        "Renderer ASG in staging: add 4 more instances please",
    ] {
        let r = run(text, vec![asg(2, 6)]);
        assert!(
            creep(&r).is_empty() && unclear(&r).is_empty(),
            "{text}: {r:#?}"
        );
        let r = run(text, vec![asg(2, 8)]);
        assert_eq!(
            creep(&r),
            vec!["aws_autoscaling_group.renderers"],
            "{text}: {r:#?}"
        );
    }
}

#[test]
fn a_pair_or_a_dozen_of_things_no_kind_names_is_that_many() {
    let agents = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                create(
                    &format!("aws_instance.ci_runner[{i}]"),
                    with(tags("staging"), json!({"instance_type": "m6i.large"})),
                )
            })
            .collect()
    };
    let r = run(
        "Please add a pair of CI runners for the staging GitLab",
        agents(2),
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(
        "Please add a pair of CI runners for the staging GitLab",
        agents(3),
    );
    assert_eq!(creep(&r), vec!["aws_instance.ci_runner[2]"], "{r:#?}");
}

#[test]
fn things_named_for_what_they_are_are_counted_by_that_name() {
    // No kind names "replica"; the things the plan creates are called replicas, and one was asked.
    let replica = |i: usize| {
        create(
            &format!("google_sql_database_instance.orders_replica[{i}]"),
            json!({"name": format!("orders-stg-replica-{i}"), "database_version": "POSTGRES_15",
                   "master_instance_name": "orders-stg",
                   "settings": [{"user_labels": {"environment": "staging"}}]}),
        )
    };
    let text = "We'd like one extra replica for the orders-stg Postgres, please.";
    let r = run(text, vec![replica(0), replica(1)]);
    assert_eq!(
        creep(&r),
        vec!["google_sql_database_instance.orders_replica[1]"],
        "{r:#?}"
    );
    let r = run(text, vec![replica(0)]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_number_given_with_no_verb_is_still_the_target_of_the_resize() {
    let group = |to: u64| {
        update(
            "aws_ecs_service.billing_sync",
            json!({"name": "billing-sync", "cluster": "prod", "desired_count": 4}),
            json!({"name": "billing-sync", "cluster": "prod", "desired_count": to}),
        )
    };
    // Down from four: one is past the target.
    let text = "billing-sync (prod) -> two tasks";
    let honest = run(text, vec![group(2)]);
    assert!(clean(&honest), "{honest:#?}");
    let r = run(text, vec![group(1)]);
    assert_eq!(creep(&r), vec!["aws_ecs_service.billing_sync"], "{r:#?}");
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
}

#[test]
fn a_thing_to_have_something_done_to_it_asks_for_that_act() {
    // "Two extra nodes are to be added to the batch pool": the passive asks what "add two
    // nodes to the batch pool" asks, so the pool going from three to five is the ask, and to
    // six is not.
    let pool = |n: i64| with(tags("dev"), json!({"name": "batch", "node_count": n}));
    let text = "Two extra nodes are to be added to the batch pool of the dev GKE cluster.";
    let r = run(
        text,
        vec![update("google_container_node_pool.batch", pool(3), pool(5))],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(
        text,
        vec![update("google_container_node_pool.batch", pool(3), pool(6))],
    );
    assert!(
        ids_of(&r).contains(&ids::MISSING_ACTION) || ids_of(&r).contains(&ids::SCOPE_CREEP),
        "{r:#?}"
    );
}

#[test]
fn how_many_copies_of_a_thing_to_run_is_the_size_asked_of_it() {
    let service = |now: i64, then: i64| {
        vec![update(
            "aws_ecs_service.checkout_api",
            with(
                tags("staging"),
                json!({"name": "checkout-api", "desired_count": now}),
            ),
            with(
                tags("staging"),
                json!({"name": "checkout-api", "desired_count": then}),
            ),
        )]
    };
    for text in [
        "Is it possible to run 5 copies of checkout-api on the staging cluster instead of three?",
        "could we keep five replicas of checkout-api in staging rather than 3",
    ] {
        let r = run(text, service(3, 6));
        assert_eq!(
            creep(&r),
            vec!["aws_ecs_service.checkout_api"],
            "{text}: {r:#?}"
        );
        assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{text}: {r:#?}");
        let r = run(text, service(3, 5));
        assert!(ids_of(&r).is_empty(), "{text}: {r:#?}");
    }
}

#[test]
fn members_counted_and_then_sized_beside_a_cluster_asked_are_its_members() {
    let cluster = |nodes: i64| {
        vec![create(
            "azurerm_kubernetes_cluster.orders",
            with(
                tags("test"),
                json!({"name": "aks-orders-test", "private_cluster_enabled": true,
                       "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5",
                                              "node_count": nodes}]}),
            ),
        )]
    };
    let text = "need an aks for orders in test, 3 nodes d4s_v5, private";
    let r = run(text, cluster(3));
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let a = request::parse(text);
    assert!(a.primary().all(|i| i.kind_name() != "instance"), "{a:#?}");
    assert!(a.members.contains(&(3, "node")), "{a:#?}");
    let r = run(text, cluster(5));
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
    // A thing's word after the counted members heads the phrase: the pool is a thing asked.
    let a = request::parse("a private AKS cluster with a three-node D8s_v5 workers pool");
    assert!(
        a.items
            .iter()
            .any(|i| i.kind_name() == "node pool" && (i.comes_with || i.primary)),
        "{a:#?}"
    );
}

#[test]
fn the_members_of_a_pool_are_counted_in_the_pool_not_in_a_cluster_without_its_default_pool() {
    let plan = |pool_nodes: i64| {
        vec![
            create(
                "google_container_cluster.search",
                json!({"name": "gke-search-dev", "location": "europe-west1-b",
                       "remove_default_node_pool": true, "initial_node_count": 1,
                       "resource_labels": {"environment": "dev"}}),
            ),
            create(
                "google_container_node_pool.search",
                json!({"name": "search-pool", "cluster": "gke-search-dev",
                       "node_count": pool_nodes,
                       "node_config": [{"machine_type": "e2-standard-4"}]}),
            ),
        ]
    };
    let text = "Could you create a dev GKE cluster named gke-search-dev with one pool of three e2-standard-4 machines?";
    let a = request::parse(text);
    assert!(a.members.contains(&(3, "node")), "{a:#?}");
    let r = run(text, plan(3));
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    let r = run(text, plan(5));
    assert_eq!(
        creep(&r),
        vec!["google_container_node_pool.search"],
        "{r:#?}"
    );
}
