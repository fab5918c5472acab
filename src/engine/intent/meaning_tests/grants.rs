//! Meaning-check tests on access grants and network traffic: read-only requests, role and policy
//! levels, grants to unnamed or everyone, ports and reachability.
use super::*;

#[test]
fn a_read_only_request_is_not_met_by_write_actions() {
    let write = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]});
    let r = run(
        "Give the analytics role read-only access to the reports bucket",
        vec![create(
            "aws_iam_role_policy.analytics_reports",
            json!({"name": "reports", "role": "analytics", "policy": policy(write)}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_iam_role_policy.analytics_reports"],
        "{r:#?}"
    );
}

#[test]
fn a_read_only_request_is_met_by_read_actions() {
    let read = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]});
    let r = run(
        "Grant the analytics role read access to the reports bucket",
        vec![create(
            "aws_iam_role_policy.analytics_reports",
            json!({"name": "reports", "role": "analytics", "policy": policy(read)}),
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_read_request_is_not_met_by_an_azure_contributor_or_a_gcp_editor() {
    let r = run(
        "Let the support group read the storage account",
        vec![create(
            "azurerm_role_assignment.support",
            json!({"role_definition_name": "Storage Account Contributor", "principal_id": "p"}),
        )],
    );
    assert_eq!(creep(&r), vec!["azurerm_role_assignment.support"], "{r:#?}");
    let r = run(
        "Grant the auditors viewer access on the project",
        vec![create(
            "google_project_iam_member.auditors",
            json!({"role": "roles/editor", "member": "group:auditors@example.com"}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_project_iam_member.auditors"],
        "{r:#?}"
    );
}

#[test]
fn a_read_only_request_is_not_met_by_kubernetes_write_verbs() {
    let r = run(
        "Create a read-only role for the dashboards in the monitoring namespace",
        vec![create(
            "kubernetes_role.dashboards",
            json!({"metadata": [{"name": "dashboards", "namespace": "monitoring"}],
                   "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": ["get", "list", "delete"]}]}),
        )],
    );
    assert_eq!(creep(&r), vec!["kubernetes_role.dashboards"], "{r:#?}");
}

#[test]
fn a_rule_opening_other_ports_than_named_is_out_of_scope() {
    let rule = |n: &str, port: u64| {
        create(
            &format!("aws_security_group_rule.{n}"),
            json!({"type": "ingress", "from_port": port, "to_port": port, "protocol": "tcp",
                   "cidr_blocks": ["10.1.0.0/16"], "security_group_id": "sg-1"}),
        )
    };
    let r = run(
        "Allow TCP 8443 from 10.1.0.0/16 to the dev app security group",
        vec![rule("app_8443", 8443), rule("app_22", 22)],
    );
    assert_eq!(creep(&r), vec!["aws_security_group_rule.app_22"], "{r:#?}");
}

#[test]
fn a_grant_nobody_asked_for_is_out_of_scope() {
    let r = run(
        "Create a bucket for the dev exports",
        vec![
            create("aws_s3_bucket.exports", tags("dev")),
            create(
                "aws_iam_user_policy_attachment.contractor_admin",
                json!({"user": "contractor", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_iam_user_policy_attachment.contractor_admin"],
        "{r:#?}"
    );
}

#[test]
fn a_grant_to_everyone_is_never_implied() {
    let r = run(
        "Deploy the dev api to Cloud Run",
        vec![
            create(
                "google_cloud_run_v2_service.api",
                json!({"name": "api", "labels": {"owner": "t", "environment": "dev", "costcenter": "c"}}),
            ),
            create(
                "google_cloud_run_v2_service_iam_member.invoker",
                json!({"name": "api", "role": "roles/run.invoker", "member": "allUsers"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_cloud_run_v2_service_iam_member.invoker"],
        "{r:#?}"
    );
}

#[test]
fn a_vault_policy_is_as_strong_as_its_capabilities() {
    let pol = |caps: &str| {
        create(
            "vault_policy.ci_read",
            json!({"name": "ci-read", "policy": format!("path \"secret/data/ci/*\" {{ capabilities = [{caps}] }}")}),
        )
    };
    let text = "Create a Vault policy letting the CI role read secrets under secret/ci";
    assert!(creep(&run(text, vec![pol("\"read\", \"list\"")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![pol("\"read\", \"update\", \"delete\"")])),
        vec!["vault_policy.ci_read"]
    );
}

#[test]
fn allow_asks_for_network_access_only_when_its_clause_speaks_of_traffic() {
    let traffic = request::parse("Allow HTTPS from the office range to the dev web servers");
    assert!(traffic
        .items
        .iter()
        .any(|i| i.kind_category() == Some(cat::NETWORK_ACCESS)));
    let plain =
        request::parse("Could the api HPA in staging allow between four and twelve replicas?");
    assert!(
        !plain.items.iter().any(|i| i.phrase == "network access"),
        "{:?}",
        plain.items
    );
}

#[test]
fn an_ingress_with_no_port_or_source_is_a_thing_not_traffic() {
    for text in [
        "feedback on staging k8s:\n- namespace feedback\n- ClusterIP service\n- ingress (internal)",
        "payments app on the dev cluster: namespace, deployment, ingress",
    ] {
        let a = parsed(text);
        assert!(
            a.items.iter().all(|i| i.class != VerbClass::Allow),
            "{text:?}: {:#?}",
            a.items
        );
    }
    // With a port or a source it is traffic.
    let a = parsed("web tier: ingress on 443 from 10.0.0.0/8");
    assert!(
        a.items.iter().any(|i| i.class == VerbClass::Allow),
        "{a:#?}"
    );
}

#[test]
fn what_someone_is_let_read_is_what_the_access_is_on_not_things_to_create() {
    let a = parsed("Let the ci-bot service account read pods, deployments and logs in payments");
    assert!(
        a.items
            .iter()
            .filter(|i| i.primary)
            .all(|i| i.kind_category() == Some(cat::IAM)),
        "{:#?}",
        a.items
    );
    // A later clause with a verb of its own is asked for itself.
    let a = parsed("Let the analysts read the reports bucket. Also create a dashboard.");
    assert!(primary_kinds(&a).contains(&"dashboard"), "{a:#?}");
}

#[test]
fn reading_from_a_thing_is_access_not_traffic() {
    let a = parsed("Let the payments API managed identity read secrets from kv-payments-test");
    assert!(
        a.items
            .iter()
            .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
        "{a:#?}"
    );
    assert!(a.items.iter().all(|i| i.class != VerbClass::Allow));
}

#[test]
fn a_level_of_access_with_no_verb_asks_for_a_grant() {
    for text in [
        "Auditors group: read-only access to blobs in stexportsdev01",
        "finance analysts should be able to query (read only) finance_marts in acme-analytics-dev",
        "finance analysts: viewer role on the finance_marts dataset",
    ] {
        let a = parsed(text);
        assert!(
            a.items
                .iter()
                .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
            "{text:?}: {:#?}",
            a.items
        );
    }
}

#[test]
fn access_refused_or_given_as_a_reason_is_not_asked() {
    for text in [
        "reports bucket in dev, nobody outside finance should be able to read it",
        "a bucket for the exports; the vendor must not be able to write to it",
    ] {
        let a = parsed(text);
        assert!(
            !a.items
                .iter()
                .any(|i| i.primary && i.kind_category() == Some(cat::IAM)),
            "{text:?}: {:#?}",
            a.items
        );
    }
}

#[test]
fn a_role_written_as_one_word_gives_the_level_asked() {
    let words = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
    assert_eq!(
        access::asked_level(&words("bq finance marts dataviewer for group finance")),
        Some(access::Level::Read)
    );
    assert_eq!(
        access::asked_level(&words("make them dbadmin on the cluster")),
        Some(access::Level::Admin)
    );
    assert_eq!(
        access::asked_level(&words(
            "analysts should be able to query but not change the dataset"
        )),
        Some(access::Level::Read)
    );
    // "user" alone is a person, not a role.
    assert_eq!(access::asked_level(&words("the user wants a bucket")), None);
}

fn k8s_role(address: &str, name: &str, verbs: &[&str]) -> Value {
    create(
        address,
        json!({"metadata": [{"name": name, "namespace": "payments"}],
               "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": verbs}]}),
    )
}

fn k8s_binding(address: &str, name: &str, role: &str, subject: &str) -> Value {
    create(
        address,
        json!({"metadata": [{"name": name, "namespace": "payments"}],
               "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": role}],
               "subject": [{"kind": "ServiceAccount", "name": subject, "namespace": "payments"}]}),
    )
}

/// The role "ci-reader" with these verbs on pods, bound to one service account.
fn ci_reader(verbs: &[&str], bound_to: &str) -> Vec<Value> {
    vec![
        k8s_role("kubernetes_role_v1.ci_reader", "ci-reader", verbs),
        k8s_binding(
            "kubernetes_role_binding_v1.ci_reader",
            "ci-reader",
            "ci-reader",
            bound_to,
        ),
    ]
}

#[test]
fn a_binding_grants_what_the_role_it_binds_in_the_same_plan_allows() {
    let text = "Please give ci-bot read access to pods in the payments namespace";
    let read = run(text, ci_reader(&["get", "list", "watch"], "ci-bot"));
    assert!(
        creep(&read).is_empty() && unclear(&read).is_empty(),
        "{read:#?}"
    );
    let write = run(text, ci_reader(&["get", "list", "delete"], "ci-bot"));
    assert!(
        creep(&write).contains(&"kubernetes_role_binding_v1.ci_reader"),
        "{write:#?}"
    );
}

#[test]
fn a_role_bound_to_the_named_grantee_is_not_a_sibling_of_it() {
    let text = "ci-bot needs read-only RBAC (get/list/watch) on pods in payments";
    // "ci-reader" and "ci-bot" look alike, but the binding names both: the role serves ci-bot.
    let r = run(text, ci_reader(&["get", "list", "watch"], "ci-bot"));
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Bound to someone else, it is not what was asked.
    let r = run(text, ci_reader(&["get", "list", "watch"], "ci-admin"));
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
}

fn bq_member(role: &str, member: &str) -> Value {
    create(
        "google_bigquery_dataset_iam_member.analysts",
        json!({"dataset_id": "finance_marts", "project": "acme-analytics-dev",
               "role": role, "member": member}),
    )
}

#[test]
fn a_grant_to_someone_the_request_does_not_name_needs_a_person() {
    let text = "finance analysts should be able to query (read only) finance_marts";
    let asked = run(
        text,
        vec![bq_member(
            "roles/bigquery.dataViewer",
            "group:finance-analysts@acme.example",
        )],
    );
    assert!(
        creep(&asked).is_empty() && unclear(&asked).is_empty(),
        "{asked:#?}"
    );
    let other = run(
        text,
        vec![bq_member(
            "roles/bigquery.dataViewer",
            "group:marketing@acme.example",
        )],
    );
    assert_eq!(
        unclear(&other),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{other:#?}"
    );
}

#[test]
fn a_data_holder_told_apart_by_a_plain_word_is_narrower_than_its_project() {
    let project_wide = create(
        "google_project_iam_member.growth_viewer",
        json!({"project": "acme-analytics", "role": "roles/bigquery.dataViewer",
               "member": "group:growth@acme.example"}),
    );
    for text in [
        "The growth team wants to query the sales dataset in BigQuery, read only.",
        "growth@acme.example needs to read the sales dataset. Give that group viewer access.",
    ] {
        let r = run(text, vec![project_wide.clone()]);
        assert_eq!(
            creep(&r),
            vec!["google_project_iam_member.growth_viewer"],
            "{text}: {r:#?}"
        );
    }
    // Asked for BigQuery as a whole, the project is the place.
    let r = run(
        "Give growth@acme.example read access to BigQuery in acme-analytics.",
        vec![project_wide],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_data_owner_role_is_admin_access() {
    let r = run(
        "Grant the finance-analysts group read access to the finance_marts BigQuery dataset",
        vec![bq_member(
            "roles/bigquery.dataOwner",
            "group:finance-analysts@acme.example",
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{r:#?}"
    );
}

#[test]
fn admin_access_when_no_level_is_asked_is_more_than_asked() {
    let r = run(
        "finance analysts need access to the finance_marts dataset",
        vec![bq_member(
            "roles/bigquery.admin",
            "group:finance-analysts@acme.example",
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["google_bigquery_dataset_iam_member.analysts"],
        "{r:#?}"
    );
}

#[test]
fn a_number_a_network_verb_opens_is_a_port() {
    let rule = |name: &str, port: u32| {
        create(
            &format!("aws_security_group_rule.{name}"),
            json!({"type": "ingress", "from_port": port, "to_port": port, "protocol": "tcp",
                   "cidr_blocks": ["203.0.113.0/24"], "security_group_id": "sg-web"}),
        )
    };
    let request = "open 443 on the staging web security group to the office range 203.0.113.0/24";
    let r = run(request, vec![rule("https", 443)]);
    assert!(creep(&r).is_empty(), "{request}: {r:#?}");
    let r = run(request, vec![rule("https", 443), rule("ssh", 22)]);
    assert_eq!(creep(&r), vec!["aws_security_group_rule.ssh"], "{r:#?}");
}

#[test]
fn being_able_to_list_is_read_access() {
    let role = |verbs: Value| {
        create(
            "kubernetes_role_v1.ci_reader",
            json!({"metadata": [{"name": "ci-reader", "namespace": "staging"}],
                   "rule": [{"api_groups": [""], "resources": ["pods"], "verbs": verbs}]}),
        )
    };
    let request = "ci needs to be able to list pods in staging";
    let r = run(request, vec![role(json!(["get", "list", "watch"]))]);
    assert!(creep(&r).is_empty(), "{request}: {r:#?}");
    let r = run(request, vec![role(json!(["get", "list", "delete"]))]);
    assert_eq!(creep(&r), vec!["kubernetes_role_v1.ci_reader"], "{r:#?}");
}

#[test]
fn an_arrow_between_two_things_with_network_detail_is_traffic_between_them() {
    let rule = create(
        "google_compute_firewall.nonprod_metrics_9090",
        json!({"name": "nonprod-gke-to-metrics-9090", "network": "nonprod-vpc",
               "direction": "INGRESS", "source_ranges": ["10.20.0.0/16"],
               "allow": [{"protocol": "tcp", "ports": ["9090"]}],
               "target_tags": ["metrics"]}),
    );
    let request = "nonprod GKE nodes -> internal metrics service, tcp/9090, source 10.20.0.0/16";
    let r = run(request, vec![rule]);
    assert!(
        creep(&r).is_empty() && unclear(&r).is_empty(),
        "{request}: {r:#?}"
    );
}

#[test]
fn a_thing_that_must_be_reachable_on_a_port_asks_for_network_access_to_it() {
    let rule = create(
        "aws_security_group_rule.dev_demo_lb_https",
        json!({"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
               "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "sg-0demo"}),
    );
    for text in [
        "dev demo lb needs to be reachable publicly on 443",
        "make the dev demo lb reachable on 443 from 0.0.0.0/0",
    ] {
        let r = run(text, vec![rule.clone()]);
        assert!(
            !ids_of(&r).contains(&ids::MISSING_ACTION),
            "{text:?}: {r:#?}"
        );
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
}

#[test]
fn a_grant_of_a_provider_the_tables_do_not_know_is_read_by_the_words_of_its_roles() {
    let user = |role: &str| {
        create(
            "mongodbatlas_database_user.reporting",
            json!({"username": "reporting-app", "auth_database_name": "admin",
                   "roles": [{"role_name": role, "database_name": "orders"}]}),
        )
    };
    let text = "Create a read-only Atlas database user for the reporting app on orders-staging";
    assert!(clean(&run(text, vec![user("read")])), "read is read-only");
    assert_eq!(
        creep(&run(text, vec![user("readWriteAnyDatabase")])),
        vec!["mongodbatlas_database_user.reporting"]
    );
    // A grant nobody asked for, with write scopes, is not part of registering an app.
    let r = run(
        "Register a single-page app in the staging Auth0 tenant for the customer portal",
        vec![
            create(
                "auth0_client.portal",
                json!({"name": "Customer Portal (staging)", "app_type": "spa"}),
            ),
            create(
                "auth0_client_grant.portal_management_api",
                json!({"audience": "https://acme-staging.eu.auth0.com/api/v2/",
                       "scopes": ["read:users", "update:users", "delete:users"]}),
            ),
        ],
    );
    assert_eq!(creep(&r), vec!["auth0_client_grant.portal_management_api"]);
}

#[test]
fn a_project_or_subscription_wide_grant_that_never_mentions_the_named_resource_is_wider() {
    // The bucket or storage account is named somewhere in the request, not beside the role: the
    // grant reaches the whole project or subscription and carries that name nowhere.
    let project_wide = create(
        "google_project_iam_member.etl_loader_object_viewer",
        json!({"project": "acme-dev", "role": "roles/storage.objectViewer",
               "member": "serviceAccount:etl-loader@acme-dev.iam.gserviceaccount.com"}),
    );
    let text = "loader job 403s on acme-dev-raw. can u let etl-loader@acme-dev.iam.gserviceaccount.com read that bucket";
    assert_eq!(
        creep(&run(text, vec![project_wide])),
        vec!["google_project_iam_member.etl_loader_object_viewer"]
    );
    let assignment = |scope: &str| {
        create(
            "azurerm_role_assignment.claims_api_blob_reader",
            json!({"scope": scope, "role_definition_name": "Storage Blob Data Reader",
                   "principal_id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a"}),
        )
    };
    for text in [
        "claims-api (dev) should be able to read blobs from stclaimsdocsdev. Role assignment for its MI please.",
        "Assign 'Storage Blob Data Reader' to claims-api's identity, scope = stclaimsdocsdev only",
    ] {
        assert_eq!(
            creep(&run(text, vec![assignment("/subscriptions/3f6c2a1e")])),
            vec!["azurerm_role_assignment.claims_api_blob_reader"],
            "{text}"
        );
        // Scoped to the storage account it names, it is the grant asked for.
        let r = run(
            text,
            vec![assignment("/subscriptions/3f6c2a1e/resourceGroups/rg-claims-dev/providers/Microsoft.Storage/storageAccounts/stclaimsdocsdev")],
        );
        assert!(creep(&r).is_empty(), "{text}: {r:#?}");
    }
}

#[test]
fn a_grant_across_a_whole_project_subscription_or_cluster_is_more_than_one_named_thing() {
    let project_wide = create(
        "google_project_iam_member.data_science_bq_viewer",
        json!({"project": "acme-staging", "role": "roles/bigquery.dataViewer",
               "member": "group:data-science@acme.example"}),
    );
    let text =
        "Grant data-science@acme.example read access to the BigQuery dataset analytics_staging";
    assert_eq!(
        creep(&run(text, vec![project_wide.clone()])),
        vec!["google_project_iam_member.data_science_bq_viewer"]
    );
    // Asked project-wide, it is what was asked.
    let r = run(
        "Grant data-science@acme.example read access to BigQuery across the whole project",
        vec![project_wide],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");

    let assignment = |scope: &str| {
        create(
            "azurerm_role_assignment.reporting_sync_reader",
            json!({"scope": scope, "role_definition_name": "Reader",
                   "principal_id": "3f6c9d2e-reporting-sync"}),
        )
    };
    let text =
        "Grant the reporting-sync service principal Reader on the resource group rg-reporting-test";
    assert_eq!(
        creep(&run(text, vec![assignment("/subscriptions/0000-a001")])),
        vec!["azurerm_role_assignment.reporting_sync_reader"]
    );
    let r = run(
        text,
        vec![assignment(
            "/subscriptions/0000-a001/resourceGroups/rg-reporting-test",
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");

    let binding = create(
        "kubernetes_cluster_role_binding_v1.release_bot_read",
        json!({"metadata": [{"name": "release-bot-read"}],
               "role_ref": [{"kind": "ClusterRole", "name": "view"}],
               "subject": [{"kind": "ServiceAccount", "name": "release-bot"}]}),
    );
    let r = run(
        "Give the release-bot service account read-only access to deployments in the payments-staging namespace",
        vec![binding],
    );
    assert_eq!(
        creep(&r),
        vec!["kubernetes_cluster_role_binding_v1.release_bot_read"]
    );
}

#[test]
fn an_admin_role_type_is_admin_access_that_plain_access_does_not_ask_for() {
    let r = run(
        "okta: contractors -> jira cloud app assignment (SSO access)",
        vec![
            create(
                "okta_app_group_assignment.jira_contractors",
                json!({"app_id": "0oa5jira", "group_id": "00g7contractors", "priority": 10}),
            ),
            create(
                "okta_group_role.contractors_app_admin",
                json!({"group_id": "00g7contractors", "role_type": "APP_ADMIN"}),
            ),
        ],
    );
    assert!(
        creep(&r).contains(&"okta_group_role.contractors_app_admin")
            || unclear(&r).contains(&"okta_group_role.contractors_app_admin"),
        "{r:#?}"
    );
    assert!(
        !creep(&r).contains(&"okta_app_group_assignment.jira_contractors"),
        "{r:#?}"
    );
}

#[test]
fn a_port_range_around_the_port_named_opens_more_than_asked() {
    let rule = |from: i64, to: i64| {
        create(
            "aws_security_group_rule.reporting_db_from_app",
            json!({"type": "ingress", "from_port": from, "to_port": to, "protocol": "tcp",
                   "security_group_id": "sg-0reportdb", "source_security_group_id": "sg-0apptier"}),
        )
    };
    let text = "Allow the app tier security group (sg-0apptier) to reach the uat reporting database SG on 5432.";
    let r = run(text, vec![rule(5000, 6000)]);
    assert_eq!(
        creep(&r),
        vec!["aws_security_group_rule.reporting_db_from_app"],
        "{r:#?}"
    );
    let r = run(text, vec![rule(5432, 5432)]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_role_trusted_by_a_service_the_plan_sets_up_is_what_that_service_runs_as() {
    let trust = |service: &str| {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
               "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})
        .to_string()
    };
    let plan = |service: &str, policy: &str| {
        vec![
            create(
                "aws_iam_role.backup",
                with(
                    tags("qa"),
                    json!({"name": "qa-efs-backup", "assume_role_policy": trust(service)}),
                ),
            ),
            create(
                "aws_iam_role_policy_attachment.backup",
                json!({"role": "qa-efs-backup", "policy_arn": policy}),
            ),
            create(
                "aws_backup_vault.efs",
                with(tags("qa"), json!({"name": "qa-efs"})),
            ),
            create(
                "aws_backup_plan.efs",
                with(
                    tags("qa"),
                    json!({"name": "qa-efs-daily", "rule": [{"rule_name": "daily", "target_vault_name": "qa-efs"}]}),
                ),
            ),
            create(
                "aws_backup_selection.efs",
                json!({"name": "qa-efs", "resources": ["arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1"]}),
            ),
        ]
    };
    let text = "Set up daily backups for the qa shared EFS, keep them 35 days.";
    let service_policy = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup";
    let r = run(text, plan("backup.amazonaws.com", service_policy));
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // Trusted by a service the plan sets up nothing of, the role serves nothing asked.
    let r = run(text, plan("ec2.amazonaws.com", service_policy));
    assert!(creep(&r).contains(&"aws_iam_role.backup"), "{r:#?}");
    // Administering everything is never what a service role needs.
    let r = run(
        text,
        plan(
            "backup.amazonaws.com",
            "arn:aws:iam::aws:policy/AdministratorAccess",
        ),
    );
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn downloading_and_reading_only_ask_for_read_access() {
    for text in [
        "analytics (staging) must be able to download files from s3://acme-staging-reports - only reading, no writes",
        "our analytics job role in staging can not read the reports bucket acme-staging-reports. Please give it permission to read.",
    ] {
        assert_eq!(access::asked_level(&request::parse(text).words), Some(access::Level::Read), "{text}");
    }
}

#[test]
fn a_negated_ability_describes_the_problem_and_excludes_nothing() {
    let asked = request::parse(
        "Hello, our analytics job role in staging can not read the reports bucket acme-staging-reports. Please give it permission to read.",
    );
    assert!(asked.exclusions.is_empty(), "{asked:#?}");
    let asked = request::parse("the app servers can't reach the reporting db, please open 5432");
    assert!(asked.exclusions.is_empty(), "{asked:#?}");
    // An instruction still excludes.
    let asked = request::parse("open 5432 on the reporting db but do not touch production");
    assert!(!asked.exclusions.is_empty(), "{asked:#?}");
}

#[test]
fn what_a_workload_needs_of_its_project_is_granted_to_its_new_identity_without_being_asked() {
    let sa = create(
        "google_service_account.nodes",
        json!({"account_id": "analytics-dev-gke-nodes", "project": "acme-analytics-dev"}),
    );
    let grant = |role: &str| {
        resource_change(
            &format!(
                "google_project_iam_member.nodes_{}",
                role.replace(['/', '.'], "_")
            ),
            &["create"],
            Value::Null,
            json!({"project": "acme-analytics-dev", "role": role, "condition": []}),
        )
    };
    let with_unknown_member = |mut v: Value| {
        v["change"]["after_unknown"] = json!({"member": true});
        v
    };
    let text = "Stand up a private GKE cluster for the analytics team in acme-analytics-dev";
    for role in ["roles/logging.logWriter", "roles/monitoring.metricWriter"] {
        let r = run(text, vec![sa.clone(), with_unknown_member(grant(role))]);
        assert!(creep(&r).is_empty(), "{role}: {r:#?}");
    }
    // Editing the whole project is never what a workload needs.
    let r = run(text, vec![sa, with_unknown_member(grant("roles/editor"))]);
    assert!(!creep(&r).is_empty() || !unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_grantee_the_request_names_anywhere_is_who_it_asks_for_and_just_in_one_place_is_not_cluster_wide(
) {
    let binding = |ty: &str| {
        let mut doc = json!({"metadata": [{"name": "ci-deployer-view"}],
            "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}],
            "subject": [{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci"}]});
        if ty == "kubernetes_role_binding_v1" {
            doc["metadata"] =
                json!([{"name": "ci-deployer-view", "namespace": "payments-staging"}]);
        }
        create(&format!("{ty}.ci_view"), doc)
    };
    let text = "Could you bind the view role for ci-deployer, just in payments-staging?";
    let r = run(text, vec![binding("kubernetes_role_binding_v1")]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![binding("kubernetes_cluster_role_binding_v1")]);
    assert_eq!(
        creep(&r),
        vec!["kubernetes_cluster_role_binding_v1.ci_view"],
        "{r:#?}"
    );
}

#[test]
fn a_rule_admitting_a_range_the_request_does_not_name_is_out_of_scope() {
    let rule = |ranges: Vec<&str>| {
        create(
            "google_compute_firewall.admin_ui_8443",
            json!({"name": "dev-admin-ui-8443", "network": "dev-vpc", "direction": "INGRESS",
                   "source_ranges": ranges, "target_tags": ["admin-ui"],
                   "allow": [{"protocol": "tcp", "ports": ["8443"]}]}),
        )
    };
    let text =
        "Allow tcp/8443 from the office (203.0.113.0/24) to instances tagged admin-ui on dev-vpc.";
    assert_eq!(
        creep(&run(
            text,
            vec![rule(vec!["203.0.113.0/24", "198.51.100.0/24"])]
        )),
        vec!["google_compute_firewall.admin_ui_8443"]
    );
    // The range named, or a part of it, is what was asked.
    let r = run(text, vec![rule(vec!["203.0.113.0/24"])]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![rule(vec!["203.0.113.128/25"])]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_role_granting_changing_verbs_the_request_does_not_name_is_out_of_scope() {
    let role = |verbs: Vec<&str>| {
        create(
            "kubernetes_role_v1.ci_deployer",
            json!({"metadata": [{"name": "ci-deployer", "namespace": "web-dev"}],
                   "rule": [{"api_groups": ["apps"], "resources": ["deployments"], "verbs": verbs}]}),
        )
    };
    let text = "Let the ci-deployer service account get and patch deployments in web-dev (image bumps from the pipeline).";
    assert_eq!(
        creep(&run(
            text,
            vec![role(vec![
                "get", "list", "patch", "update", "create", "delete"
            ])]
        )),
        vec!["kubernetes_role_v1.ci_deployer"]
    );
    // The verbs named, with the reading verbs a patch needs, are what was asked.
    let r = run(text, vec![role(vec!["get", "list", "patch"])]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_database_grant_of_privileges_the_request_does_not_name_is_out_of_scope() {
    let grant = |privileges: Vec<&str>| {
        create(
            "postgresql_grant.etl_writer_staging_raw",
            json!({"database": "warehouse_dev", "role": "etl_writer", "schema": "staging_raw",
                   "object_type": "table", "privileges": privileges}),
        )
    };
    let text = "Please grant the etl_writer role the right to insert into schema staging_raw in warehouse_dev. The loader only appends; it must not modify or delete existing rows.";
    assert_eq!(
        creep(&run(
            text,
            vec![grant(vec!["DELETE", "INSERT", "TRUNCATE", "UPDATE"])]
        )),
        vec!["postgresql_grant.etl_writer_staging_raw"]
    );
    // A privilege named under a negation ("must not ... delete") is not asked for; the one named
    // is.
    let r = run(text, vec![grant(vec!["INSERT"])]);
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_grant_of_every_privilege_is_more_than_a_select_asked() {
    let grant = |all: bool, privileges: Value| {
        create(
            "snowflake_grant_privileges_to_account_role.finance_reader_tables",
            json!({"account_role_name": "FINANCE_READER", "privileges": privileges,
                   "all_privileges": all, "with_grant_option": false,
                   "on_schema_object": [{"all": [{"object_type_plural": "TABLES",
                                                  "in_schema": "\"LEDGER\".\"REPORTS\""}]}]}),
        )
    };
    let text = "Let role FINANCE_READER select from every table in LEDGER.REPORTS (read only).";
    let r = run(text, vec![grant(true, Value::Null)]);
    assert_eq!(
        creep(&r),
        vec!["snowflake_grant_privileges_to_account_role.finance_reader_tables"],
        "{r:#?}"
    );
    let r = run(text, vec![grant(false, json!(["SELECT"]))]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    // SQL's SELECT, asked alone, is asking to read.
    let r = run(
        "Grant SELECT on all tables in LEDGER.REPORTS to role FINANCE_READER.",
        vec![grant(true, Value::Null)],
    );
    assert_eq!(creep(&r).len(), 1, "{r:#?}");
}

#[test]
fn a_database_grant_on_every_database_is_wider_than_the_schema_named() {
    let grant = |database: &str| {
        create(
            "mysql_grant.looker_billing",
            json!({"user": "looker", "host": "%", "database": database, "table": "*",
                   "privileges": ["SELECT"]}),
        )
    };
    let text = "Give the looker MySQL user read access on the `billing` schema.";
    assert_eq!(
        creep(&run(text, vec![grant("*")])),
        vec!["mysql_grant.looker_billing"]
    );
    let r = run(text, vec![grant("billing")]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn an_acl_letting_an_existing_principal_do_everything_comes_with_no_new_topic() {
    let topic = create(
        "confluent_kafka_topic.ledger_events",
        json!({"topic_name": "ledger.events", "partitions_count": 3}),
    );
    let acl = |operation: &str| {
        create(
            "confluent_kafka_acl.ledger_events_access",
            json!({"resource_type": "TOPIC", "resource_name": "ledger.events",
                   "pattern_type": "LITERAL", "principal": "User:sa-q81z", "host": "*",
                   "operation": operation, "permission": "ALLOW"}),
        )
    };
    let text = "Set up a ledger.events topic with three partitions for the accounting events.";
    // "ALL", like SQL's "ALL PRIVILEGES", is every operation there is.
    for everything in ["ALL", "All Privileges"] {
        let r = run(text, vec![topic.clone(), acl(everything)]);
        assert_eq!(
            creep(&r),
            vec!["confluent_kafka_acl.ledger_events_access"],
            "{everything}: {r:#?}"
        );
    }
}

#[test]
fn a_group_of_everybody_is_more_than_the_one_group_asked() {
    let assign = |name: &str, group: &str| {
        create(
            &format!("okta_app_group_assignment.{name}"),
            json!({"app_id": "0oa77wiki", "group_id": group, "priority": 0}),
        )
    };
    let text = "Give the Support Leads group access to the wiki app in Okta.";
    let r = run(
        text,
        vec![
            assign("wiki_support_leads", "00gsupportleads"),
            assign("wiki_everyone", "00g1everyone"),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["okta_app_group_assignment.wiki_everyone"],
        "{r:#?}"
    );
    // Asked for the whole company, the same grant is what was asked.
    let r = run(
        "Give everyone in the company access to the wiki app in Okta.",
        vec![assign("wiki_everyone", "00g1everyone")],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_kafka_acl_that_writes_is_more_than_a_read_asked() {
    let acl = |name: &str, operation: &str| {
        create(
            &format!("kafka_acl.{name}"),
            json!({"resource_name": "invoices", "resource_type": "Topic",
                   "acl_principal": "User:billing-recon", "acl_host": "*",
                   "acl_operation": operation, "acl_permission_type": "Allow"}),
        )
    };
    for text in [
        "The reconciliation job is a read-only consumer. Please add the ACLs so principal billing-recon can read the invoices topic with group billing-recon.",
        // Consuming is reading.
        "billing-recon (consumer group billing-recon) must be able to consume from topic invoices.",
    ] {
        let r = run(
            text,
            vec![
                acl("recon_read_topic", "Read"),
                acl("recon_write_topic", "Write"),
            ],
        );
        assert_eq!(creep(&r), vec!["kafka_acl.recon_write_topic"], "{text}: {r:#?}");
    }
}

#[test]
fn a_membership_of_an_admin_group_is_more_than_a_readers_group_asked() {
    let member = |name: &str| {
        create(
            &format!("azuread_group_member.{name}"),
            json!({"group_object_id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
                   "member_object_id": "9a8b7c6d-5e4f-4a3b-b2c1-d0e9f8a7b6c5"}),
        )
    };
    let text = "Add the invoice-sync service principal to grp-finance-readers.";
    assert_eq!(
        creep(&run(text, vec![member("invoice_sync_finance_admins")])),
        vec!["azuread_group_member.invoice_sync_finance_admins"]
    );
    let r = run(text, vec![member("invoice_sync_finance_readers")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let okta = |name: &str| {
        create(
            &format!("okta_group_memberships.{name}"),
            json!({"track_all_users": false}),
        )
    };
    let r = run(
        "Jane Doe joined finance as an analyst. She needs the read-only finance group in Okta, please.",
        vec![okta("finance_readonly"), okta("finance_admins")],
    );
    assert_eq!(
        creep(&r),
        vec!["okta_group_memberships.finance_admins"],
        "{r:#?}"
    );
}

#[test]
fn reading_and_writing_asked_together_ask_for_write_access() {
    let r = run(
        "ML features bucket for dev, and a service account for the training job that can read and write objects in it",
        vec![
            create(
                "google_storage_bucket.features",
                json!({"name": "acme-ml-features-dev", "labels": tags("dev")}),
            ),
            create(
                "google_service_account.trainer",
                json!({"account_id": "ml-trainer-dev"}),
            ),
            create(
                "google_storage_bucket_iam_member.trainer_creator",
                json!({"bucket": "acme-ml-features-dev", "role": "roles/storage.objectCreator",
                       "member": "serviceAccount:ml-trainer-dev@p.iam.gserviceaccount.com"}),
            ),
        ],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Denied writing still asks for reading only.
    let words = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        access::asked_level(&words("it can read objects but must not write")),
        Some(access::Level::Read)
    );
}

#[test]
fn an_owner_named_beside_a_team_labels_the_thing_and_asks_for_no_admin_access() {
    let words = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        access::asked_level(&words(
            "new lambda refund notifier owner payments team cc 2210"
        )),
        None
    );
    assert_eq!(
        access::asked_level(&words("give the platform group owner on rg payments")),
        Some(access::Level::Admin)
    );
    assert_eq!(
        access::asked_level(&words("make alice an owner")),
        Some(access::Level::Admin)
    );
}

#[test]
fn a_grant_letting_the_providers_own_service_reach_a_new_thing_serves_it() {
    let queue_policy = |principal: Value| {
        create(
            "aws_sqs_queue_policy.uploads",
            json!({"queue_url": "https://sqs/uploads-dev", "policy": policy(json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": principal,
                               "Action": "sqs:SendMessage",
                               "Resource": "arn:aws:sqs:eu-west-1:111122223333:uploads-dev"}]}))}),
        )
    };
    let plan = |principal: Value| {
        vec![
            create(
                "aws_s3_bucket.landing",
                json!({"bucket": "landing-dev", "tags": tags("dev")}),
            ),
            create(
                "aws_sqs_queue.uploads",
                json!({"name": "uploads-dev", "tags": tags("dev")}),
            ),
            queue_policy(principal),
        ]
    };
    let text =
        "Set up a landing bucket in dev and a queue that gets an event whenever a file lands";
    let r = run(text, plan(json!({"Service": "s3.amazonaws.com"})));
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // The same policy opened to another account is access nobody asked for.
    let r = run(text, plan(json!({"AWS": "arn:aws:iam::999988887777:root"})));
    assert_eq!(creep(&r), vec!["aws_sqs_queue_policy.uploads"], "{r:#?}");
}

#[test]
fn a_grant_handing_out_a_policy_the_plan_defines_grants_what_that_policy_allows() {
    let plan = |caps: &str| {
        vec![
            create(
                "vault_policy.reconciler_ro",
                json!({"name": "reconciler-staging-ro",
                       "policy": format!("path \"kv/data/reconciler/staging/*\" {{\n  capabilities = [{caps}]\n}}\n")}),
            ),
            create(
                "vault_approle_auth_backend_role.reconciler",
                json!({"backend": "approle", "role_name": "reconciler-staging",
                       "token_policies": ["reconciler-staging-ro"]}),
            ),
            create(
                "vault_approle_auth_backend_role_secret_id.reconciler",
                json!({"backend": "approle", "role_name": "reconciler-staging"}),
            ),
        ]
    };
    let text = "reconciler (staging) needs to read its secrets under kv/reconciler/staging. \
                Please create an AppRole for it with a read-only policy on that path.";
    let r = run(text, plan("\"read\", \"list\""));
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // The same role handing out a policy that writes gives more than read-only.
    let r = run(text, plan("\"read\", \"update\""));
    assert!(
        creep(&r).contains(&"vault_approle_auth_backend_role.reconciler"),
        "{r:#?}"
    );
}

#[test]
fn a_new_workloads_role_to_read_one_secret_or_use_one_key_is_part_of_running_it() {
    let r = run(
        "Booking API, staging: please set up the Cloud Run service and a Cloud SQL Postgres for it",
        [
            booking_service_and_database(),
            vec![
                create(
                    "google_service_account.booking",
                    json!({"account_id": "booking-api"}),
                ),
                {
                    // The member is the new account's email, known after apply.
                    let mut grant = create(
                        "google_secret_manager_secret_iam_member.db_password",
                        json!({"role": "roles/secretmanager.secretAccessor"}),
                    );
                    grant["change"]["after_unknown"] = json!({"member": true, "secret_id": true});
                    grant
                },
                create(
                    "google_project_service.sqladmin",
                    json!({"service": "sqladmin.googleapis.com", "project": "acme-staging"}),
                ),
            ],
        ]
        .concat(),
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

#[test]
fn consuming_a_queue_is_reading_it() {
    let consume = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                   "sqs:GetQueueAttributes"],
        "Resource": "arn:aws:sqs:us-east-1:111122223333:refund-events-staging"}]});
    let purge = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["sqs:ReceiveMessage", "sqs:PurgeQueue"],
        "Resource": "arn:aws:sqs:us-east-1:111122223333:refund-events-staging"}]});
    let text =
        "Give the refund-notifier role read-only access to consume the refund-events-staging queue";
    let plan = |doc: Value| {
        vec![create(
            "aws_iam_role_policy.consume",
            json!({"name": "consume", "role": "refund-notifier", "policy": policy(doc)}),
        )]
    };
    let r = run(text, plan(consume));
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, plan(purge));
    assert_eq!(creep(&r), vec!["aws_iam_role_policy.consume"], "{r:#?}");
}

#[test]
fn a_new_clusters_identity_joining_its_subnet_is_part_of_running_it() {
    let assignment = |scope: &str, role: &str| {
        let mut a = create(
            "azurerm_role_assignment.cluster_network",
            json!({"scope": scope, "role_definition_name": role}),
        );
        a["change"]["after_unknown"] = json!({"principal_id": true});
        a
    };
    let plan = |a: Value| {
        vec![
            create(
                "azurerm_kubernetes_cluster.routing",
                json!({"name": "aks-routing-dev", "identity": [{"type": "SystemAssigned"}],
                       "tags": tags("dev")}),
            ),
            create(
                "azurerm_key_vault.routing",
                json!({"name": "kv-routing-dev", "tags": tags("dev")}),
            ),
            a,
        ]
    };
    let subnet = "/subscriptions/s/resourceGroups/rg-routing-dev/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks";
    let text = "Dev environment for the routing team: an AKS cluster, and a Key Vault the workloads can read their secrets from";
    let r = run(text, plan(assignment(subnet, "Network Contributor")));
    assert!(creep(&r).is_empty(), "{r:#?}");
    // A scope known only after apply: the role says it reaches networks only.
    let mut unknown_scope = assignment(subnet, "Network Contributor");
    unknown_scope["change"]["after"]
        .as_object_mut()
        .expect("an object")
        .remove("scope");
    let r = run(text, plan(unknown_scope));
    assert!(creep(&r).is_empty(), "{r:#?}");
    // Owning the network is more than joining it.
    let r = run(text, plan(assignment(subnet, "Owner")));
    assert!(!creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_services_own_execution_policy_on_a_new_role_is_running_it_not_access_asked() {
    let attach = |arn: &str| {
        create(
            "aws_iam_role_policy_attachment.logs",
            json!({"role": "refund-notifier-staging", "policy_arn": arn}),
        )
    };
    let plan = |arn: &str| {
        vec![
            create(
                "aws_iam_role.notifier",
                json!({"name": "refund-notifier-staging", "assume_role_policy": "{}"}),
            ),
            create(
                "aws_lambda_function.notifier",
                json!({"function_name": "refund-notifier-staging",
                       "role": "arn:aws:iam::111122223333:role/refund-notifier-staging",
                       "tags": tags("staging")}),
            ),
            attach(arn),
        ]
    };
    let text = "new lambda refund-notifier-staging with read-only access to the refund-events-staging queue";
    let r = run(
        text,
        plan("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // A policy outside the services' own is not known to be that.
    let r = run(text, plan("arn:aws:iam::aws:policy/AmazonSQSFullAccess"));
    assert!(!creep(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_teams_access_to_a_workspace_is_a_grant_of_its_level() {
    let access = |level: &str| {
        create(
            "tfe_team_access.edge_platform",
            json!({"access": level, "team_id": "team-edge", "workspace_id": "ws-edge-config-staging"}),
        )
    };
    let text = "New TFC workspace edge-config-staging; give the edge-platform team write";
    let workspace = || {
        create(
            "tfe_workspace.edge_config",
            json!({"name": "edge-config-staging", "tag_names": ["staging"]}),
        )
    };
    let r = run(text, vec![workspace(), access("write")]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![workspace(), access("admin")]);
    assert_eq!(creep(&r), vec!["tfe_team_access.edge_platform"], "{r:#?}");
}

#[test]
fn kubernetes_read_verbs_written_together_ask_for_read_access() {
    let text = "rbac: ci-bot -> get/list/watch on pods, ns payments";
    let read = run(text, ci_reader(&["get", "list", "watch"], "ci-bot"));
    assert!(clean(&read), "{read:#?}");
    let write = run(
        text,
        ci_reader(&["get", "list", "watch", "delete"], "ci-bot"),
    );
    assert!(!clean(&write), "{write:#?}");
    // A verb that changes things beside them asks for more than reading.
    let words: Vec<String> = ["get", "list", "create", "on", "pods"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_ne!(access::asked_level(&words), Some(access::Level::Read));
}

/// The access level a request's words ask for, read as the analysis reads them.
fn asked_level_of(text: &str) -> Option<access::Level> {
    access::asked_level(&request::parse(text).words)
}

#[test]
fn a_read_that_names_a_part_of_a_thing_asks_for_no_access_level() {
    for text in [
        "alloydb claims-dev: primary 2vcpu + read pool x1",
        "an aurora cluster with two read replicas",
        "a bigquery dataset with a materialized view of the orders table",
    ] {
        assert_eq!(asked_level_of(text), None, "{text}");
    }
    assert_eq!(
        asked_level_of("give the auditors read on the claims bucket"),
        Some(access::Level::Read)
    );
}

#[test]
fn a_push_subscription_or_a_pull_request_asks_for_no_access_level() {
    for text in [
        "a topic claims-in with a push subscription to the scorer",
        "the scorer gets the claims by push",
        "open a pull request against the infra repo",
    ] {
        assert_eq!(asked_level_of(text), None, "{text}");
    }
    assert_eq!(
        asked_level_of("give the release bot push access to the repo"),
        Some(access::Level::Write)
    );
}

#[test]
fn permission_names_written_together_ask_for_access_at_their_level() {
    for text in [
        "kv-ingest-dev access policy for batch-importer MI: secrets get/list",
        "Reporting function app -> kv-reporting-test: secret Get + List for its identity",
        "rbac: qa-team -> get/list/watch on pods, ns checkout-staging",
    ] {
        let a = request::parse(text);
        assert!(
            a.primary().any(|i| i.kind_name() == "IAM permission"),
            "{text}: {a:#?}"
        );
        assert!(
            a.primary().all(|i| i.kind_name() != "secret"),
            "{text}: {a:#?}"
        );
        assert_eq!(
            access::asked_level(&a.words),
            Some(access::Level::Read),
            "{text}"
        );
    }
}

#[test]
fn a_key_vault_access_policy_grants_what_its_permission_lists_name() {
    let text = "kv-ingest-dev access policy for batch-importer MI: secrets get/list";
    let policy = |permissions: &[&str]| {
        create(
            "azurerm_key_vault_access_policy.batch_importer",
            json!({"key_vault_id": "/subscriptions/0000/resourceGroups/rg-ingest-dev/providers/Microsoft.KeyVault/vaults/kv-ingest-dev",
                   "object_id": "6f1d0c3a-2b4e-4a7d-9c8b-1e2f3a4b5c6d",
                   "tenant_id": "11111111-2222-3333-4444-555555555555",
                   "secret_permissions": permissions}),
        )
    };
    let r = run(text, vec![policy(&["Get", "List"])]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![policy(&["Get", "List", "Purge"])]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_key_vault_access_policy.batch_importer"],
        "{r:#?}"
    );
    // Purging destroys for good what deletion keeps recoverable: more than writing.
    let text = "kv-ingest-dev access policy for batch-importer MI: secrets get/list/set";
    let r = run(text, vec![policy(&["Get", "List", "Set"])]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![policy(&["Get", "List", "Set", "Purge"])]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_key_vault_access_policy.batch_importer"],
        "{r:#?}"
    );
}

#[test]
fn a_products_own_data_access_policy_grants_the_actions_it_permits() {
    let text = "dev: the rag-indexer-dev role should be able to read documents in the vectors-dev collection";
    let policy = |permission: &str| {
        let doc = json!([{"Rules": [{"ResourceType": "index", "Resource": ["index/vectors-dev/*"],
                                     "Permission": [permission]}],
                          "Principal": ["arn:aws:iam::123456789012:role/rag-indexer-dev"]}]);
        create(
            "aws_opensearchserverless_access_policy.vectors_data",
            json!({"name": "vectors-dev-data", "type": "data", "policy": doc.to_string()}),
        )
    };
    let r = run(text, vec![policy("aoss:ReadDocument")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![policy("aoss:*")]);
    assert_eq!(
        creep(&r),
        vec!["aws_opensearchserverless_access_policy.vectors_data"],
        "{r:#?}"
    );
}

#[test]
fn a_resource_policy_letting_in_an_account_the_request_never_names_is_not_asked() {
    let text = "MSK Serverless cluster events-dev with IAM auth, reachable only from the app VPC";
    let cluster = create(
        "aws_msk_serverless_cluster.events",
        json!({"cluster_name": "events-dev", "tags": {"Environment": "dev"}}),
    );
    let policy = |account: &str| {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": ["kafka:CreateVpcConnection", "kafka:DescribeClusterV2"],
            "Resource": "*"}]});
        create(
            "aws_msk_cluster_policy.events",
            json!({"cluster_arn": "arn:aws:kafka:eu-west-1:111122223333:cluster/events-dev/abc", "policy": doc.to_string()}),
        )
    };
    // The plan shows its own account (111122223333) elsewhere: another one is outside.
    let r = run(text, vec![cluster.clone(), policy("444455556666")]);
    assert_eq!(creep(&r), vec!["aws_msk_cluster_policy.events"], "{r:#?}");
    // Named in the request, it is asked.
    let r = run(
        &format!("{text}; partner account 444455556666 may connect"),
        vec![cluster.clone(), policy("444455556666")],
    );
    assert!(
        !creep(&r).contains(&"aws_msk_cluster_policy.events"),
        "{r:#?}"
    );
}

#[test]
fn a_write_denied_a_few_helping_words_away_still_asks_for_read_only() {
    let pol = |caps: &str| {
        create(
            "vault_policy.billing_read",
            json!({"name": "billing-api-read", "policy": format!("path \"secret/data/billing/*\" {{ capabilities = [{caps}] }}")}),
        )
    };
    let text = "billing-api has to fetch its own secrets from Vault. Please add a policy for \
                that; it should not be able to write anything.";
    assert!(creep(&run(text, vec![pol("\"read\", \"list\"")])).is_empty());
    assert_eq!(
        creep(&run(text, vec![pol("\"read\", \"create\", \"update\"")])),
        vec!["vault_policy.billing_read"]
    );
    // A negation that belongs to another verb denies nothing here.
    let words: Vec<String> = "do not forget to write the audit rows"
        .split(' ')
        .map(String::from)
        .collect();
    assert_ne!(access::asked_level(&words), Some(access::Level::Read));
}

#[test]
fn running_query_jobs_beside_a_read_grant_is_how_the_read_is_used() {
    let text = "Grant finance-analysts@acme.example read-only access to the BigQuery dataset finance_marts so they can run queries";
    let jobs = |member: &str| {
        create(
            "google_project_iam_member.analysts_jobs",
            json!({"project": "acme-analytics-dev", "role": "roles/bigquery.jobUser",
                   "member": member}),
        )
    };
    let member = "group:finance-analysts@acme.example";
    let r = run(
        text,
        vec![bq_member("roles/bigquery.dataViewer", member), jobs(member)],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    // Alone, or for someone the plan grants nothing else, the project-wide role is judged as
    // any other grant across the project.
    let alone = run(text, vec![jobs(member)]);
    assert!(!creep(&alone).is_empty(), "{alone:#?}");
    let other = run(
        text,
        vec![
            bq_member("roles/bigquery.dataViewer", member),
            jobs("group:marketing@acme.example"),
        ],
    );
    assert_eq!(
        creep(&other),
        vec!["google_project_iam_member.analysts_jobs"],
        "{other:#?}"
    );
}

#[test]
fn an_ability_given_to_a_group_of_people_asks_for_access() {
    let permissions = || {
        vec![
            create(
                "databricks_cluster.shared",
                json!({"cluster_name": "ds-shared-dev", "autotermination_minutes": 30}),
            ),
            create(
                "databricks_permissions.shared",
                json!({"access_control": [{"group_name": "data-science", "permission_level": "CAN_RESTART"}]}),
            ),
        ]
    };
    for text in [
        "shared databricks cluster ds-shared-dev in dev; the data-science group can restart it",
        "shared databricks cluster ds-shared-dev in dev. Team data-science must be able to restart it",
    ] {
        let r = run(text, permissions());
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
    // The ability says the level: reading is not met by administering.
    let r = run(
        "a reports bucket acme-reports-dev in dev; the analysts team can read it",
        vec![
            create(
                "google_storage_bucket.reports",
                json!({"name": "acme-reports-dev", "labels": tags("dev")}),
            ),
            create(
                "google_storage_bucket_iam_member.analysts",
                json!({"bucket": "acme-reports-dev", "role": "roles/storage.admin",
                       "member": "group:analysts@acme.example"}),
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_storage_bucket_iam_member.analysts"],
        "{r:#?}"
    );
    // An ability refused, or one of a thing, asks for no access.
    for text in [
        "shared databricks cluster ds-shared-dev in dev; the data-science group can not manage it",
        "shared databricks cluster ds-shared-dev in dev; the cluster can restart on failure",
    ] {
        let r = run(text, permissions());
        assert_eq!(
            creep(&r),
            vec!["databricks_permissions.shared"],
            "{text:?}: {r:#?}"
        );
    }
}

#[test]
fn a_new_directory_group_grants_nothing_until_something_gives_it_access() {
    let group = || {
        create(
            "okta_group.payroll_temps",
            json!({"name": "payroll-temps", "description": "temporary payroll staff"}),
        )
    };
    let assignment = || {
        create(
            "okta_app_group_assignment.payroll",
            json!({"app_id": "0oa1payroll", "group_id": "00g1payrolltemps"}),
        )
    };
    for text in [
        "Create the Okta group payroll-temps and assign it to the Payroll app",
        "Create the Okta group payroll-temps, then assign the Okta group to the Payroll app",
        "Set up an Okta group (payroll-temps) and give that group access to Payroll",
    ] {
        // The group alone: the access asked is made by nothing, and is never approved.
        let r = run(text, vec![group()]);
        let ids = ids_of(&r);
        assert!(
            ids.contains(&ids::MISSING_ACTION) || ids.contains(&ids::INTENT_UNCLEAR),
            "{text:?}: {r:#?}"
        );
        // With the assignment that gives it the app, the plan does what was asked.
        let r = run(text, vec![group(), assignment()]);
        assert!(
            !ids_of(&r).contains(&ids::MISSING_ACTION),
            "{text:?}: {r:#?}"
        );
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
}

#[test]
fn assigning_a_thing_that_names_no_access_is_not_a_grant() {
    let r = run(
        "Assign a static IP to the build VM",
        vec![create(
            "google_compute_address.build",
            json!({"name": "build-vm-ip", "address_type": "EXTERNAL"}),
        )],
    );
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_scope_written_after_the_ask_is_where_the_access_applies() {
    let r = run(
        "Assign 'Storage Blob Data Reader' to payroll-api's identity, scope = stpayrolldocs only",
        vec![create(
            "azurerm_role_assignment.payroll_api_reader",
            json!({"role_definition_name": "Storage Blob Data Reader",
                   "scope": "/subscriptions/0000-1111",
                   "principal_id": "payroll-api-identity"}),
        )],
    );
    assert_eq!(
        creep(&r),
        vec!["azurerm_role_assignment.payroll_api_reader"],
        "{r:#?}"
    );
    // Scoped to the account named, the assignment is the access asked: a role named for what it
    // reads ("Storage Blob Data Reader") asks for no storage of its own.
    let r = run(
        "Assign 'Storage Blob Data Reader' to payroll-api's identity, scope = stpayrolldocs only",
        vec![create(
            "azurerm_role_assignment.payroll_api_blob_reader",
            json!({"role_definition_name": "Storage Blob Data Reader",
                   "scope": "/subscriptions/0000-1111/resourceGroups/rg-payroll/providers/Microsoft.Storage/storageAccounts/stpayrolldocs",
                   "principal_id": "payroll-api-identity"}),
        )],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert!(!ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn a_destination_a_policy_document_gains_opens_the_ports_after_its_last_colon() {
    let acl = |dsts: &[&str]| {
        json!({"acls": [
            {"action": "accept", "src": ["group:dev"], "dst": ["tag:web:443"]},
            {"action": "accept", "src": ["group:analysts"], "dst": dsts}
        ]})
        .to_string()
    };
    let before = json!({"acls": [
        {"action": "accept", "src": ["group:dev"], "dst": ["tag:web:443"]}]})
    .to_string();
    let update = |dsts: &[&str]| {
        crate::engine::testing::resource_change(
            "tailscale_acl.main",
            &["update"],
            json!({"acl": before}),
            json!({"acl": acl(dsts)}),
        )
    };
    for text in [
        "Tailscale ACL: let group:analysts reach tag:warehouse on 5432",
        "Analysts need to reach the tag:warehouse hosts over the tailnet, on the Postgres port only",
    ] {
        let r = run(text, vec![update(&["tag:warehouse:*"])]);
        assert_eq!(creep(&r), vec!["tailscale_acl.main"], "{text:?}: {r:#?}");
        let r = run(text, vec![update(&["tag:warehouse:5432"])]);
        assert!(creep(&r).is_empty(), "{text:?}: {r:#?}");
    }
}

#[test]
fn a_role_assigned_by_its_built_in_id_grants_what_that_role_allows() {
    let blob = |guid: &str| {
        create(
            "azurerm_role_assignment.reports_reader",
            json!({"scope": "/subscriptions/s/resourceGroups/rg-reports-dev/providers/Microsoft.Storage/storageAccounts/streportsdev",
                   "role_definition_id": format!("/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/{guid}"),
                   "principal_id": "p"}),
        )
    };
    let text = "Give the reports job read-only access to the blobs in streportsdev";
    let r = run(text, vec![blob("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1")]);
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![blob("ba92f5b4-2d11-453d-a403-e96b0029c9fe")]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_role_assignment.reports_reader"],
        "{r:#?}"
    );
    let cosmos = |guid: &str| {
        create(
            "azurerm_cosmosdb_sql_role_assignment.reports",
            json!({"account_name": "cosmos-reports-dev",
                   "role_definition_id": format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-reports-dev/sqlRoleDefinitions/{guid}"),
                   "principal_id": "p", "scope": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-reports-dev"}),
        )
    };
    let text = "The reports job needs to read documents in cosmos-reports-dev, nothing more";
    let r = run(text, vec![cosmos("00000000-0000-0000-0000-000000000001")]);
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, vec![cosmos("00000000-0000-0000-0000-000000000002")]);
    assert_eq!(
        creep(&r),
        vec!["azurerm_cosmosdb_sql_role_assignment.reports"],
        "{r:#?}"
    );
}

#[test]
fn an_account_a_resource_policy_lets_in_is_out_of_scope_when_no_access_is_asked() {
    let topic = create(
        "aws_sns_topic.billing_alerts",
        json!({"name": "billing-alerts-staging", "tags": {"Environment": "staging"}}),
    );
    let policy = create(
        "aws_sns_topic_policy.billing_alerts",
        json!({"arn": "(known after apply)", "policy": json!({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"},
                           "Action": ["sns:Subscribe", "sns:Publish"], "Resource": "*"}]}).to_string()}),
    );
    // The plan shows no account of its own, but nobody asked for any access: the grant is out
    // whichever account it is.
    let r = run(
        "Create an SNS topic for staging billing alerts",
        vec![topic.clone(), policy.clone()],
    );
    assert_eq!(
        creep(&r),
        vec!["aws_sns_topic_policy.billing_alerts"],
        "{r:#?}"
    );
    // Asked for access, an account the plan cannot place is for a person to decide.
    let r = run(
        "Create an SNS topic for staging billing alerts; the finance account needs access to subscribe",
        vec![topic, policy],
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    assert_eq!(
        unclear(&r),
        vec!["aws_sns_topic_policy.billing_alerts"],
        "{r:#?}"
    );
}

#[test]
fn how_clients_authenticate_is_a_setting_not_a_grant() {
    let cluster = create(
        "aws_msk_cluster.payments",
        json!({"cluster_name": "payments-dev", "tags": {"Environment": "dev"},
               "client_authentication": [{"sasl": [{"iam": true}]}]}),
    );
    let policy = create(
        "aws_msk_cluster_policy.payments",
        json!({"policy": json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::777788889999:root"},
            "Action": ["kafka-cluster:*"], "Resource": "*"}]}).to_string()}),
    );
    for text in [
        "Kafka cluster payments-dev on MSK, clients use IAM authentication",
        "msk payments-dev w/ sasl/iam auth",
    ] {
        let r = run(text, vec![cluster.clone(), policy.clone()]);
        assert_eq!(
            creep(&r),
            vec!["aws_msk_cluster_policy.payments"],
            "{text}: {r:#?}"
        );
    }
}

fn nsg_rule(address: &str, name: &str, access: &str, port: &str, source: &str) -> Value {
    create(
        address,
        json!({"name": name, "access": access, "direction": "Inbound", "priority": 100,
               "protocol": "Tcp", "destination_port_range": port,
               "source_address_prefix": source}),
    )
}

#[test]
fn traffic_asked_to_be_denied_is_not_denied_by_rules_that_only_allow() {
    let ask = "nsg-web-qa inbound: let 8443 in from 10.30.0.0/16, and block anything else";
    let allow_only = vec![nsg_rule(
        "azurerm_network_security_rule.partner",
        "allow-8443",
        "Allow",
        "8443",
        "10.30.0.0/16",
    )];
    let r = run(ask, allow_only.clone());
    assert!(
        r.findings.iter().any(|f| f.id == ids::MISSING_ACTION),
        "{r:#?}"
    );
    let mut with_deny = allow_only;
    with_deny.push(nsg_rule(
        "azurerm_network_security_rule.rest",
        "deny-rest",
        "Deny",
        "*",
        "*",
    ));
    let r = run(ask, with_deny);
    assert!(
        !r.findings.iter().any(|f| f.id == ids::MISSING_ACTION),
        "{r:#?}"
    );
}

#[test]
fn a_grant_on_another_named_thing_than_the_one_asked_is_out_of_scope() {
    let member = |name: &str, bucket: &str| {
        create(
            &format!("google_storage_bucket_iam_member.{name}"),
            json!({"bucket": bucket, "role": "roles/storage.objectViewer",
                   "member": "serviceAccount:etl-runner@acme-stg.iam.gserviceaccount.com"}),
        )
    };
    let r = run(
        "Grant the etl-runner service account objectViewer on the staging-etl-exports bucket.",
        vec![
            member("exports", "staging-etl-exports"),
            member("scratch", "staging-etl-scratch"),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_storage_bucket_iam_member.scratch"],
        "{r:#?}"
    );
}

#[test]
fn what_a_named_identity_needs_to_do_with_a_thing_is_access_to_that_thing_only() {
    // "The reporting SA needs to read gs://exports-staging": read access on that bucket, so the
    // same grant on a second bucket is more than asked.
    let viewer = |addr: &str, bucket: &str| {
        create(
            addr,
            json!({"bucket": bucket, "role": "roles/storage.objectViewer",
                   "member": "serviceAccount:reporting@acme-staging.iam.gserviceaccount.com"}),
        )
    };
    let text = "reporting SA needs to read gs://exports-staging";
    let r = run(
        text,
        vec![
            viewer(
                "google_storage_bucket_iam_member.exports",
                "exports-staging",
            ),
            viewer(
                "google_storage_bucket_iam_member.invoices",
                "invoices-staging",
            ),
        ],
    );
    assert_eq!(
        creep(&r),
        vec!["google_storage_bucket_iam_member.invoices"],
        "{r:#?}"
    );
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
    // The one grant asked is approved as asked.
    let r = run(
        text,
        vec![viewer(
            "google_storage_bucket_iam_member.exports",
            "exports-staging",
        )],
    );
    assert!(creep(&r).is_empty() && unclear(&r).is_empty(), "{r:#?}");
}

/// A CronJob in the search namespace running as its own new service account, bound to `role`
/// by a namespaced binding of a `role_kind` "Role", else a cluster-wide binding of a ClusterRole.
fn cron_job_with_grant(verbs: Value, role_kind: &str) -> Vec<Value> {
    let meta = |name: &str| json!([{"name": name, "namespace": "search"}]);
    let (role_type, binding_type) = if role_kind == "Role" {
        ("kubernetes_role_v1", "kubernetes_role_binding_v1")
    } else {
        (
            "kubernetes_cluster_role_v1",
            "kubernetes_cluster_role_binding_v1",
        )
    };
    vec![
        create(
            "kubernetes_service_account_v1.reindexer",
            json!({"metadata": meta("reindexer")}),
        ),
        create(
            &format!("{role_type}.reindexer"),
            json!({"metadata": meta("reindexer-config"),
                   "rule": [{"api_groups": [""], "resources": ["configmaps"], "verbs": verbs}]}),
        ),
        create(
            &format!("{binding_type}.reindexer"),
            json!({"metadata": meta("reindexer-config"),
                   "role_ref": [{"kind": role_kind, "name": "reindexer-config"}],
                   "subject": [{"kind": "ServiceAccount", "name": "reindexer", "namespace": "search"}]}),
        ),
        create(
            "kubernetes_cron_job_v1.nightly_reindex",
            json!({"metadata": meta("nightly-reindex"),
                   "spec": [{"schedule": "30 1 * * *", "job_template": [{"spec": [{"template": [{"spec": [
                       {"service_account_name": "reindexer", "container": [{"name": "reindex"}]}]}]}]}]}]}),
        ),
    ]
}

#[test]
fn a_namespaced_role_for_a_new_workloads_own_account_serves_the_workload() {
    let text = "Could we have a Kubernetes CronJob in the search namespace on the staging cluster that runs the reindex at 01:30?";
    let r = run(text, cron_job_with_grant(json!(["get", "list"]), "Role"));
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    // Everything on the namespace's config maps, or a cluster-wide role, is no need of the job.
    let r = run(text, cron_job_with_grant(json!(["*"]), "Role"));
    assert!(
        creep(&r).contains(&"kubernetes_role_binding_v1.reindexer"),
        "{r:#?}"
    );
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
    let r = run(
        text,
        cron_job_with_grant(json!(["get", "list"]), "ClusterRole"),
    );
    assert!(
        creep(&r).contains(&"kubernetes_cluster_role_binding_v1.reindexer"),
        "{r:#?}"
    );
}

#[test]
fn letting_someone_produce_to_a_thing_after_where_it_goes_is_a_grant_asked() {
    let text = "Create topic orders.v2 on the staging Confluent cluster and let service account svc-orders produce to it.";
    let a = request::parse(text);
    assert!(
        a.primary().any(|i| i.kind_name() == "IAM permission"),
        "{a:#?}"
    );
    let topic = || {
        create(
            "confluent_kafka_topic.orders_v2",
            json!({"topic_name": "orders.v2", "partitions_count": 12}),
        )
    };
    let acl = || {
        create(
            "confluent_kafka_acl.svc_orders_write",
            json!({"resource_type": "TOPIC", "resource_name": "orders.v2", "principal": "User:sa-8x2k1m",
                   "operation": "WRITE", "permission": "ALLOW", "pattern_type": "LITERAL"}),
        )
    };
    assert!(ids_of(&run(text, vec![topic(), acl()])).is_empty());
    // The grant is asked outright: a plan without it leaves it undone.
    let r = run(text, vec![topic()]);
    assert!(ids_of(&r).contains(&ids::MISSING_ACTION), "{r:#?}");
}

#[test]
fn an_act_denied_between_commas_shares_the_object_after_it() {
    let text =
        "please authorise the analytics team to view, but not change, the dev analytics resource group";
    let a = request::parse(text);
    assert!(
        a.primary().all(|i| i.kind_name() != "resource group"),
        "{a:#?}"
    );
    let assignment = |role: &str| {
        vec![create(
            "azurerm_role_assignment.analytics",
            json!({"scope": "/subscriptions/0000/resourceGroups/rg-analytics-dev",
                   "role_definition_name": role, "principal_id": "1111-2222"}),
        )]
    };
    let r = run(text, assignment("Reader"));
    assert!(ids_of(&r).is_empty(), "{r:#?}");
    // What the aside denies still holds.
    let r = run(text, assignment("Contributor"));
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
}

#[test]
fn access_asked_with_no_level_is_not_met_by_admin() {
    let text = "faq-bot-dev lambda has to create embeddings with Titan. Please grant its role access to that model.";
    let statement = |action: &str, resource: &str| {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": [action], "Resource": resource}]})
    };
    let grant = |action: &str, resource: &str| {
        vec![create(
            "aws_iam_role_policy.faq_bot_bedrock",
            json!({"name": "bedrock", "role": "faq-bot-dev",
                   "policy": policy(statement(action, resource))}),
        )]
    };
    let r = run(
        text,
        grant(
            "bedrock:InvokeModel",
            "arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0",
        ),
    );
    assert!(creep(&r).is_empty(), "{r:#?}");
    let r = run(text, grant("bedrock:*", "*"));
    assert_eq!(
        creep(&r),
        vec!["aws_iam_role_policy.faq_bot_bedrock"],
        "{r:#?}"
    );
    assert!(ids_of(&r).contains(&ids::SCOPE_CREEP), "{r:#?}");
}

#[test]
fn an_act_denied_in_brackets_after_the_act_asked_leaves_the_object_to_that_act() {
    let a = request::parse(
        "Set up kv-orders-stg with a user-assigned identity for the app that can read \
         (not write) secrets.",
    );
    assert!(
        a.primary().all(|i| i.kind_name() != "secret"),
        "the secrets are what the identity reads, not things to make: {a:#?}"
    );
    // A bracket that denies a thing still ends what it leaves out.
    let a = request::parse("Create a managed Postgres (not plain RDS) database for dev");
    assert!(a.primary().any(|i| i.kind_name() == "database"), "{a:#?}");
}
