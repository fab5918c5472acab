//! Builders for the small `terraform show -json` documents the engine's unit tests feed through
//! the real plan parser (one place, so every stage's tests build plans the same way).
use serde_json::{json, Value};

use super::plan::{self, Plan};
use super::policy::PolicyConfig;

/// One `resource_changes` entry. The type and name are taken from the address (module path and
/// instance key dropped), as Terraform writes them.
pub fn resource_change(address: &str, actions: &[&str], before: Value, after: Value) -> Value {
    let base = address.split('[').next().unwrap_or(address);
    let mut parts = base.rsplitn(2, '.');
    let name = parts.next().unwrap_or("x");
    let ty = parts
        .next()
        .unwrap_or("x")
        .rsplit('.')
        .next()
        .unwrap_or("x");
    json!({
        "address": address,
        "mode": "managed",
        "type": ty,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": actions, "before": before, "after": after, "after_unknown": {}}
    })
}

/// A `create` of `address` with the given `after` values.
pub fn create(address: &str, after: Value) -> Value {
    resource_change(address, &["create"], Value::Null, after)
}

/// A parsed plan holding `changes` and the given `configuration` block.
pub fn plan_with(changes: Vec<Value>, configuration: Value) -> Plan {
    let doc = json!({
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": configuration,
    });
    plan::parse(
        &serde_json::to_vec(&doc).expect("a JSON value serializes"),
        &PolicyConfig::default(),
    )
    .expect("test plan parses")
}
