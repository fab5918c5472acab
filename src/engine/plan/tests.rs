//! Tests of plan loading: limits, encodings, normalization, redaction and regions.

use super::*;

fn cfg() -> PolicyConfig {
    PolicyConfig::default()
}

fn plan_with(changes: &str) -> String {
    format!(r#"{{"format_version":"1.2","resource_changes":[{changes}]}}"#)
}

#[test]
fn depth_scan_ignores_brackets_in_strings() {
    assert!(check_depth(br#"{"a":"[[[[[[[[[[\"[[[["}"#, 2).is_ok());
    assert_eq!(check_depth(b"[[[", 2), Err(PlanError::TooDeep { limit: 2 }));
}

#[test]
fn deep_nesting_is_one_error() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let e = parse(deep.as_bytes(), &cfg()).unwrap_err();
    assert_eq!(e, PlanError::TooDeep { limit: 128 });
    assert!(!e.to_string().contains('\n'));
}

#[test]
fn encodings() {
    let p = plan_with("");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(p.as_bytes());
    assert!(parse(&bom, &cfg()).is_ok());
    for le in [true, false] {
        let mut b = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in p.encode_utf16() {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        assert!(parse(&b, &cfg()).is_ok());
    }
    assert!(matches!(
        parse(b"{\"format_version\":\"1.2\xff\"}", &cfg()),
        Err(PlanError::BadEncoding(_))
    ));
}

#[test]
fn not_json_and_not_a_plan() {
    assert!(matches!(
        parse(b"hello", &cfg()),
        Err(PlanError::NotJson(_))
    ));
    assert!(matches!(parse(b"", &cfg()), Err(PlanError::NotJson(_))));
    assert!(matches!(
        parse(b"[1,2]", &cfg()),
        Err(PlanError::NotAPlan(_))
    ));
    assert!(matches!(
        parse(b"{\"values\":{}}", &cfg()),
        Err(PlanError::NotAPlan(_))
    ));
    assert!(matches!(
        parse(b"{\"format_version\":\"1.0\",\"values\":{}}", &cfg()),
        Err(PlanError::NotAPlan(_))
    ));
    assert!(matches!(
        parse(br#"{"format_version":"2.0","resource_changes":[]}"#, &cfg()),
        Err(PlanError::UnsupportedFormat(_))
    ));
    assert!(matches!(parse(b"{} x", &cfg()), Err(PlanError::NotJson(_))));
}

#[test]
fn size_cap_is_checked_first() {
    let mut c = cfg();
    c.plan.max_bytes = 10;
    assert!(matches!(
        parse(&[b' '; 11], &c),
        Err(PlanError::TooLarge {
            size: 11,
            limit: 10
        })
    ));
}

#[test]
fn actions_map_and_unknown_ones_refuse() {
    let a = |v: &[&str]| Action::from_actions(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        a(&["delete", "create"]),
        Some(Action::ReplaceDestroyBeforeCreate)
    );
    assert_eq!(
        a(&["create", "delete"]),
        Some(Action::ReplaceCreateBeforeDestroy)
    );
    assert_eq!(a(&["forget"]), Some(Action::Forget));
    assert_eq!(a(&["explode"]), None);
    let p =
        plan_with(r#"{"address":"a.b","type":"a","name":"b","change":{"actions":["explode"]}}"#);
    assert!(matches!(
        parse(p.as_bytes(), &cfg()),
        Err(PlanError::UnknownActions { .. })
    ));
}

#[test]
fn sensitive_leaves_are_redacted() {
    let p = plan_with(
        r#"{"address":"x.y","type":"x","name":"y","change":{"actions":["create"],"before":null,
            "after":{"a":"open","s":"hunter2","n":{"k":"deep-secret"},"l":["ok","nope"]},
            "after_sensitive":{"s":true,"n":{"k":true},"l":[false,true]}}}"#,
    );
    let plan = parse(p.as_bytes(), &cfg()).unwrap();
    let text = serde_json::to_string(&plan.changes[0]).unwrap();
    for secret in ["hunter2", "deep-secret", "nope"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("open"));
}

#[test]
fn regions_from_resource_then_provider_chain() {
    let p = r#"{"format_version":"1.2","resource_changes":[
          {"address":"module.db.module.inner.aws_db_instance.x[0]","module_address":"module.db.module.inner","type":"aws_db_instance","name":"x","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"after":{}}},
          {"address":"google_compute_instance.g","type":"google_compute_instance","name":"g","provider_name":"registry.terraform.io/hashicorp/google","change":{"actions":["create"],"after":{"zone":"europe-west1-b"}}},
          {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"after":{}}}
        ],"configuration":{"provider_config":{
           "aws":{"name":"aws","expressions":{"region":{"references":["var.region"]}}},
           "module.db:aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-3"}}},
           "module.db.module.inner:aws":{"name":"aws"}}},
         "variables":{"region":{"value":"us-east-2"}}}"#;
    let plan = parse(p.as_bytes(), &cfg()).unwrap();
    let r: Vec<_> = plan.changes.iter().map(|c| c.region.clone()).collect();
    assert_eq!(
        r,
        vec![
            Some("eu-west-3".to_string()),
            Some("europe-west1".to_string()),
            Some("us-east-2".to_string())
        ]
    );
}

#[test]
fn document_and_changes_are_redacted_configuration_included() {
    // A hard-coded password: Terraform masks it in the change, but `configuration` repeats it
    // as a constant, a tag copies it, and the region comes from a sensitive variable.
    let p = r#"{"format_version":"1.2","resource_changes":[
          {"address":"module.db[0].aws_db_instance.d","module_address":"module.db[0]","mode":"managed",
           "type":"aws_db_instance","name":"d","provider_name":"registry.terraform.io/hashicorp/aws",
           "change":{"actions":["create"],"before":null,
             "after":{"password":"hunter22","username":"admin","tags":{"Copy":"hunter22"}},
             "after_sensitive":{"password":true,"tags":{}}}}],
         "configuration":{"provider_config":{"aws":{"name":"aws",
             "expressions":{"region":{"references":["var.region"]}}}},
           "root_module":{"variables":{"region":{"sensitive":true}},
             "module_calls":{"db":{"module":{"resources":[{"address":"aws_db_instance.d",
               "mode":"managed","type":"aws_db_instance","name":"d","provider_config_key":"aws",
               "expressions":{"password":{"constant_value":"hunter22"},
                              "username":{"constant_value":"admin"}}}]}}}}},
         "variables":{"region":{"value":"xx-secret-1"}}}"#;
    let mut with_rego = cfg();
    with_rego.rego.dir = Some("policy".into());
    for config in [cfg(), with_rego] {
        let plan = parse(p.as_bytes(), &config).unwrap();
        let doc = serde_json::to_string(&plan.document).unwrap();
        let changes = serde_json::to_string(&plan.changes).unwrap();
        for secret in ["hunter22", "xx-secret-1"] {
            assert!(!doc.contains(secret), "{secret} in document: {doc}");
            assert!(!changes.contains(secret), "{secret} in changes: {changes}");
        }
        assert!(doc.contains(r#""constant_value":"admin""#), "{doc}");
        assert_eq!(plan.changes[0].after["username"], "admin");
        assert_eq!(plan.changes[0].region, None);
        assert!(!super::super::redact::needs_redaction(&plan.document));
        let streamed = parse_reader(p.as_bytes(), &config).unwrap();
        assert_eq!(streamed.document, plan.document);
    }
}
