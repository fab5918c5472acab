//! Meaning-check tests on the environments a request asks for, limits itself to, or leaves for
//! another change.
use super::*;

/// One node group per environment, each upgraded (a `for_each` over dev, stage and prod).
fn node_groups_upgraded() -> Vec<Value> {
    ["dev", "stage", "prod"]
        .iter()
        .map(|env| {
            update(
                &format!("yandex_kubernetes_node_group.workers[\"{env}\"]"),
                json!({"name": format!("workers-{env}"), "version": "1.28", "labels": tags(env)}),
                json!({"name": format!("workers-{env}"), "version": "1.29", "labels": tags(env)}),
            )
        })
        .collect()
}

#[test]
fn an_environment_answered_not_in_this_change_is_excluded() {
    for text in [
        "k8s node groups 1.28 -> 1.29 in dev & stage. prod NOT in this change",
        "upgrade the node groups to 1.29 in dev and stage; prod not included",
    ] {
        let r = run(text, node_groups_upgraded());
        assert_eq!(
            creep(&r),
            vec!["yandex_kubernetes_node_group.workers[\"prod\"]"],
            "{text:?}: {r:#?}"
        );
    }
    // Without the answer, nothing is excluded: "not" inside a sentence about a state is not one.
    let a = request::parse("upgrade the node groups in dev, stage and prod; the API is not public");
    assert!(a.exclusions.iter().all(|e| e.envs.is_empty()), "{a:#?}");
}

#[test]
fn a_list_entry_answered_no_after_a_colon_is_excluded() {
    let text = "Allow Postgres (5432) from the app subnet:\n- dev: yes\n- test: yes\n- prod: NO, separate change later";
    let a = request::parse(text);
    assert!(
        a.exclusions.iter().any(|e| e.envs == vec![Env::Production]),
        "{a:#?}"
    );
    assert!(!a.envs.contains(&Env::Production), "{a:#?}");
}

#[test]
fn an_environment_put_off_to_a_later_change_is_excluded() {
    for text in [
        "Please upgrade the node groups to 1.29, only for dev and stage. Production we do next week after checking.",
        "upgrade the node groups to 1.29 in dev and stage. Prod later, separate ticket",
    ] {
        let r = run(text, node_groups_upgraded());
        assert_eq!(
            creep(&r),
            vec!["yandex_kubernetes_node_group.workers[\"prod\"]"],
            "{text:?}: {r:#?}"
        );
    }
    // An environment that opens a sentence without putting anything off is asked for.
    let a = request::parse("Prod and staging both need the new node version 1.29.");
    assert!(a.exclusions.is_empty(), "{a:#?}");
    assert!(a.envs.contains(&Env::Production), "{a:#?}");
}

#[test]
fn a_negation_written_without_its_apostrophe_still_excludes() {
    let r = run(
        "bump worker nodegroups to 1.29 on dev+stage. dont touch prod yet",
        node_groups_upgraded(),
    );
    assert_eq!(
        creep(&r),
        vec!["yandex_kubernetes_node_group.workers[\"prod\"]"],
        "{r:#?}"
    );
    let a = request::parse("dont touch prod yet");
    assert!(
        a.exclusions.iter().all(|e| e.names.is_empty()),
        "'yet' names nothing: {a:#?}"
    );
}

#[test]
fn a_negated_verb_of_leaving_out_asks_for_the_thing() {
    for text in [
        "stand up the claims topics in dev, and dont forget the reporting dataset",
        "stand up the claims topics in dev, and do not skip the reporting dataset",
        "stand up the claims topics in dev, and don't leave out the reporting dataset",
    ] {
        let a = request::parse(text);
        assert!(a.exclusions.is_empty(), "{text:?}: {a:#?}");
    }
    let a =
        request::parse("stand up the claims topics in dev, and don't touch the reporting dataset");
    assert_eq!(a.exclusions.len(), 1, "{a:#?}");
}

fn preview_and_production_variables() -> Vec<Value> {
    ["preview", "production"]
        .iter()
        .map(|target| {
            create(
                &format!("vercel_project_environment_variable.search_endpoint_{target}"),
                json!({"key": "NEXT_PUBLIC_SEARCH_ENDPOINT", "value": "https://search-preview.example", "target": [target]}),
            )
        })
        .collect()
}

#[test]
fn an_environment_the_request_limits_itself_to_excludes_the_others_it_mentions() {
    for text in [
        "add NEXT_PUBLIC_SEARCH_ENDPOINT=https://search-preview.example to the storefront project on vercel, preview env only",
        "We test the new search backend on preview deployments before anyone sees it in production. Please set NEXT_PUBLIC_SEARCH_ENDPOINT on the storefront project for the Preview environment only.",
        "var: NEXT_PUBLIC_SEARCH_ENDPOINT\ntargets: preview\nnot: production, development",
    ] {
        let r = run(text, preview_and_production_variables());
        assert_eq!(
            creep(&r),
            vec!["vercel_project_environment_variable.search_endpoint_production"],
            "{text:?}: {r:#?}"
        );
    }
    let a = request::parse("only for dev and stage, production we see next quarter");
    assert_eq!(a.envs, vec![Env::Staging, Env::Development], "{a:#?}");
    // "preview" names an environment only as one: a preview feature is none.
    let a = request::parse("enable the preview feature on the dev cluster");
    assert_eq!(a.envs, vec![Env::Development], "{a:#?}");
}
