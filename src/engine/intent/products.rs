/*!
Product and service names: "a Postgres database", "a Kafka cluster", "a GKE cluster". A request
that names a product is not met by another product of the same family (a MySQL database, an EKS
cluster), whatever the kind words say.

Evidence for what a change *is* comes from the change itself: the words of its type
(`azurerm_postgresql_flexible_server`, `aws_msk_cluster`) and its salient attributes (`engine`,
`engine_type`, `database_version`). Products are only compared within a family, so naming Redis
says nothing about which database engine is acceptable.
*/
use serde_json::Value;

use crate::engine::catalog::products::{
    Product, DNS_RECORD_FAMILY, DNS_RECORD_TYPE, PRODUCTS, SALIENT, SIGN_IN_FAMILY, TYPE_PRODUCTS,
};
use crate::engine::change::Change;

fn product_of_word(w: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.words.contains(&w))
}

fn by_id(id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id == id)
}

/// The products a request names (words lower-case, in order; "cloud run" is joined).
pub fn named_in(words: &[String]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut push = |p: &'static Product| {
        if !out.contains(&p.id) {
            out.push(p.id);
        }
    };
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str).unwrap_or("");
        let joined = format!("{w}{next}");
        if let Some(p) = product_of_word(&joined) {
            push(p);
        } else if let Some(p) = product_of_word(w) {
            push(p);
        } else if w == "sql" && next == "server" {
            if let Some(p) = by_id("SQL Server") {
                push(p);
            }
        }
    }
    out
}

/// The products a change shows itself to be, from its type and salient attributes.
pub fn evidence(c: &Change) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut words: Vec<String> = c
        .resource_type
        .split('_')
        .map(str::to_ascii_lowercase)
        .collect();
    // Words before this index come from the type's name.
    let type_words = words.len();
    let v = c.current();
    for key in SALIENT {
        if let Some(s) = v.get(*key).and_then(Value::as_str) {
            words.extend(
                s.to_ascii_lowercase()
                    .split(|ch: char| !ch.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .take(8)
                    .map(|w| {
                        w.trim_end_matches(|ch: char| ch.is_ascii_digit())
                            .to_string()
                    }),
            );
        }
    }
    // A DNS record's type: "A" is no word of its own, so "arecord".
    // The type's category is looked up only for a change that carries such a value.
    let record_type = v
        .get(DNS_RECORD_TYPE)
        .and_then(Value::as_str)
        .filter(|t| t.len() <= 8 && t.bytes().all(|b| b.is_ascii_alphabetic()))
        .filter(|_| {
            crate::engine::catalog::category_of(&c.resource_type)
                == crate::engine::catalog::categories::DNS
        });
    if let Some(t) = record_type {
        words.push(format!("{}record", t.to_ascii_lowercase()));
    }
    for (i, w) in words.iter().enumerate() {
        if let Some(p) = product_of_word(w) {
            if i < type_words && p.family == SIGN_IN_FAMILY {
                continue;
            }
            if !out.contains(&p.id) {
                out.push(p.id);
            }
        }
    }
    for (prefix, id) in TYPE_PRODUCTS {
        if c.resource_type.starts_with(prefix) && !out.contains(id) {
            out.push(id);
        }
    }
    out
}

/// When the change is a product of a family the request names, but not the named one: the
/// product it is and the one asked for.
pub fn conflict(asked: &[&'static str], c: &Change) -> Option<(&'static str, &'static str)> {
    let shown = evidence(c);
    for is in &shown {
        let Some(family) = by_id(is).map(|p| p.family) else {
            continue;
        };
        // A request names a record's type for the record it speaks of ("remove the old beta A
        // record") and often not for the others it adds, so a type is compared only on a
        // record that exists and is changed: the CNAME asked is not met by repointing an A.
        if family == DNS_RECORD_FAMILY && c.action != crate::engine::change::Action::Update {
            continue;
        }
        let asked_same_family: Vec<&str> = asked
            .iter()
            .copied()
            .filter(|a| by_id(a).is_some_and(|p| p.family == family))
            .collect();
        if asked_same_family.is_empty() {
            continue;
        }
        if !shown.iter().any(|s| asked_same_family.contains(s)) {
            return asked_same_family.first().map(|wanted| (*is, *wanted));
        }
    }
    // "A Heroku Redis add-on", and the add-on's plan is `heroku-postgresql:mini`: a type that
    // says nothing of what it is (a marketplace add-on) is the product its settings show, and
    // that is none the request names.
    let generic_type = crate::engine::catalog::category_of(&c.resource_type)
        == crate::engine::catalog::categories::OTHER;
    // "Google" in a request is more often the cloud than a way to sign in: a sign-in provider
    // asked is compared only with a sign-in provider shown (above).
    let wanted = asked
        .iter()
        .find(|a| by_id(a).is_some_and(|p| p.family != SIGN_IN_FAMILY));
    match (shown.first(), wanted) {
        (Some(is), Some(wanted)) if generic_type && !shown.iter().any(|s| asked.contains(s)) => {
            Some((*is, *wanted))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_add_on_whose_plan_shows_another_product_than_named_is_that_other_product() {
        use crate::engine::testing::create;
        let plan = crate::engine::testing::plan_with(
            vec![
                create(
                    "heroku_addon.cache",
                    serde_json::json!({"app_id": "checkout", "plan": "heroku-postgresql:mini"}),
                ),
                create(
                    "heroku_addon.limits",
                    serde_json::json!({"app_id": "checkout", "plan": "heroku-redis:mini"}),
                ),
            ],
            serde_json::Value::Null,
        );
        let asked = super::named_in(&["heroku".into(), "redis".into()]);
        let postgres = plan.changes.first().expect("two changes");
        let redis = plan.changes.get(1).expect("two changes");
        assert!(super::conflict(&asked, postgres).is_some());
        assert!(super::conflict(&asked, redis).is_none());
    }

    use super::*;
    use crate::engine::testing::{create, plan_with, resource_change};
    use serde_json::json;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_request_for_one_database_engine_is_not_met_by_another() {
        let plan = plan_with(
            vec![
                create("aws_db_instance.orders", json!({"engine": "mysql"})),
                create(
                    "aws_db_instance.orders_pg",
                    json!({"engine": "aurora-postgresql"}),
                ),
                create(
                    "google_sql_database_instance.orders",
                    json!({"database_version": "POSTGRES_15"}),
                ),
            ],
            Value::Null,
        );
        let asked = named_in(&words("create a postgres database for orders"));
        assert_eq!(asked, vec!["PostgreSQL"]);
        assert_eq!(
            conflict(&asked, &plan.changes[0]),
            Some(("MySQL", "PostgreSQL"))
        );
        assert_eq!(conflict(&asked, &plan.changes[1]), None);
        assert_eq!(conflict(&asked, &plan.changes[2]), None);
    }

    #[test]
    fn a_request_for_one_dns_record_type_is_not_met_by_another() {
        let plan = plan_with(
            ["A", "CNAME"]
                .iter()
                .map(|t| {
                    let record = json!({"name": "docs", "type": t, "content": "192.0.2.7"});
                    resource_change(
                        &format!("cloudflare_record.{}", t.to_lowercase()),
                        &["update"],
                        record.clone(),
                        record,
                    )
                })
                .collect(),
            Value::Null,
        );
        let asked = named_in(&words("add a cname docs pointing at the docs host"));
        assert_eq!(asked, vec!["CNAME record"]);
        let (a, cname) = (&plan.changes[0], &plan.changes[1]);
        assert_eq!(conflict(&asked, a), Some(("A record", "CNAME record")));
        assert_eq!(conflict(&asked, cname), None);
        // "an A record": the article names no record type.
        assert_eq!(
            named_in(&words("create an a record for docs")),
            vec!["A record"]
        );
        assert!(named_in(&words("create a bucket")).is_empty());
    }

    #[test]
    fn a_sign_in_provider_asked_is_not_met_by_another() {
        let plan = plan_with(
            vec![
                create(
                    "auth0_connection.social",
                    json!({"name": "social", "strategy": "apple"}),
                ),
                create(
                    "auth0_connection.social_ms",
                    json!({"name": "social-ms", "strategy": "windowslive"}),
                ),
                // A type named for its provider says nothing of how anyone signs in.
                create("github_repository.portal", json!({"name": "portal"})),
            ],
            Value::Null,
        );
        let asked = named_in(&words("let shoppers log in with their microsoft account"));
        assert_eq!(asked, vec!["Microsoft sign-in"]);
        assert_eq!(
            conflict(&asked, &plan.changes[0]),
            Some(("Apple sign-in", "Microsoft sign-in"))
        );
        assert_eq!(conflict(&asked, &plan.changes[1]), None);
        let asked = named_in(&words("create the portal repo and a google login for it"));
        assert_eq!(conflict(&asked, &plan.changes[2]), None);
    }

    #[test]
    fn products_of_other_families_do_not_conflict() {
        let plan = plan_with(
            vec![create(
                "aws_elasticache_replication_group.sessions",
                json!({"engine": "redis"}),
            )],
            Value::Null,
        );
        let asked = named_in(&words("a postgres database and a redis cache"));
        assert_eq!(conflict(&asked, &plan.changes[0]), None);
    }

    #[test]
    fn a_managed_kubernetes_request_names_its_provider() {
        let plan = plan_with(
            vec![
                create("aws_eks_cluster.main", json!({"name": "main"})),
                create("google_container_cluster.main", json!({"name": "main"})),
            ],
            Value::Null,
        );
        let asked = named_in(&words("create a gke cluster for the data team"));
        assert_eq!(conflict(&asked, &plan.changes[0]), Some(("EKS", "GKE")));
        assert_eq!(conflict(&asked, &plan.changes[1]), None);
        let asked = named_in(&words("deploy the api to cloud run"));
        assert_eq!(asked, vec!["Cloud Run"]);
    }
}
