/*!
Execution-check benchmark (issue 13, "Benchmark"): the whole check of a 10,000-resource plan and
its post-apply state, side by side with a bare `serde_json` parse of the same two documents, in
one run on one machine. Not part of `cargo test`; run it with

    cargo bench --no-default-features --bench execution      (or scripts/bench-execution.sh)

The documents are generated here (deterministic): a plan of 10,000 managed resource changes
(creates, updates of resources in its prior state, deletes; security groups, encrypted volumes,
buckets and `terraform_data` helpers, with some values unknown at plan time) and the state an
exact apply of it leaves. Modes, interleaved, median of one pass each:
- (a) check: `plan::parse` + `execution::prior_addresses` + `execution::parse_state` +
  `execution::compare` with the default `PolicySet` (the station's work after the ledger lookup);
- (b) floor: `serde_json::from_slice::<Value>` of the plan and of the state.

Prints both times and the ratio (a)/(b); the target is at most 3.
*/
use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use airgap_audit::engine::execution::{self, ExecutionInput, ExecutionResult};
use airgap_audit::engine::{plan, PolicySet};
use serde_json::{json, Value};

const RESOURCES: usize = 10_000;
const MIN_TIME: Duration = Duration::from_secs(4);
const MIN_PASSES: usize = 10;
const WARMUP_PASSES: usize = 2;

/// The values resource `i` has after apply, and the address/type it lives at.
fn resource(i: usize) -> (String, &'static str, Value) {
    match i % 4 {
        0 => (
            format!("aws_security_group.sg_{i}"),
            "aws_security_group",
            json!({
                "name": format!("sg-{i}"), "description": "internal traffic", "vpc_id": "vpc-0abc",
                "tags": {"Owner": "team-a", "Environment": "dev", "CostCenter": "CC-1"},
                "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp",
                             "cidr_blocks": ["10.0.0.0/8"], "ipv6_cidr_blocks": [], "self": false,
                             "description": "https from the vpc", "prefix_list_ids": [], "security_groups": []}],
                "egress": [], "revoke_rules_on_delete": false,
                "id": format!("sg-{i:08x}"), "arn": format!("arn:aws:ec2:eu-west-1:1:security-group/sg-{i:08x}")
            }),
        ),
        1 => (
            format!("aws_ebs_volume.vol_{i}"),
            "aws_ebs_volume",
            json!({
                "availability_zone": "eu-west-1a", "size": 20 + i % 100, "type": "gp3",
                "encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:1:key/abc",
                "tags": {"Owner": "team-a", "Environment": "dev", "CostCenter": "CC-1"},
                "iops": 3000, "throughput": 125, "id": format!("vol-{i:08x}")
            }),
        ),
        2 => (
            format!("module.data[\"{}\"].aws_s3_bucket.b_{i}", i % 10),
            "aws_s3_bucket",
            json!({
                "bucket": format!("acme-data-{i}"), "force_destroy": false,
                "tags": {"Owner": "team-a", "Environment": "dev", "CostCenter": "CC-1"},
                "id": format!("acme-data-{i}"), "arn": format!("arn:aws:s3:::acme-data-{i}"),
                "region": "eu-west-1"
            }),
        ),
        _ => (
            format!("terraform_data.marker_{i}"),
            "terraform_data",
            json!({"input": {"build": i, "labels": ["a", "b", "c"]}, "output": {"build": i, "labels": ["a", "b", "c"]},
                   "triggers_replace": null, "id": format!("{i:032x}")}),
        ),
    }
}

/// What the plan could not know: ids and ARNs.
fn unknown_mask(values: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for k in ["id", "arn", "output"] {
        if values.get(k).is_some() {
            m.insert(k.to_string(), Value::Bool(true));
        }
    }
    Value::Object(m)
}

fn planned(values: &Value) -> Value {
    let mut v = values.clone();
    if let Some(o) = v.as_object_mut() {
        for k in ["id", "arn", "output"] {
            if o.contains_key(k) {
                o.insert(k.to_string(), Value::Null);
            }
        }
    }
    v
}

fn state_resource(address: &str, ty: &str, values: &Value) -> Value {
    json!({"address": address, "mode": "managed", "type": ty, "name": address.rsplit('.').next().unwrap_or(""),
           "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
           "values": values, "sensitive_values": {}})
}

/// (plan bytes, state bytes): 70 % creates, 20 % updates, 10 % deletes.
fn documents() -> (Vec<u8>, Vec<u8>) {
    let mut changes = Vec::with_capacity(RESOURCES);
    let mut prior = Vec::new();
    let mut state = Vec::new();
    for i in 0..RESOURCES {
        let (address, ty, values) = resource(i);
        let module = address
            .starts_with("module.")
            .then(|| address.split(".aws_").next().unwrap_or("").to_string());
        let (actions, before) = match i % 10 {
            0..=6 => (vec!["create"], Value::Null),
            7 | 8 => {
                let mut old = values.clone();
                if let Some(o) = old.as_object_mut() {
                    o.insert("tags".into(), json!({"Owner": "team-b"}));
                }
                prior.push(state_resource(&address, ty, &old));
                (vec!["update"], old)
            }
            _ => {
                prior.push(state_resource(&address, ty, &values));
                (vec!["delete"], values.clone())
            }
        };
        let deleting = actions == ["delete"];
        let (after, after_unknown) = if deleting {
            (Value::Null, json!({}))
        } else {
            state.push(state_resource(&address, ty, &values));
            (planned(&values), unknown_mask(&values))
        };
        let mut rc = json!({
            "address": address, "mode": "managed", "type": ty,
            "name": address.rsplit('.').next().unwrap_or(""),
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": actions, "before": before, "after": after,
                       "after_unknown": after_unknown, "before_sensitive": {}, "after_sensitive": {}}
        });
        if let Some(m) = module {
            rc["module_address"] = Value::String(m);
        }
        changes.push(rc);
    }
    let plan = json!({
        "format_version": "1.2", "terraform_version": "1.9.5",
        "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": prior}}},
        "resource_changes": changes,
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}}}
    });
    let state = json!({
        "format_version": "1.0", "terraform_version": "1.9.5",
        "values": {"root_module": {"resources": state}}
    });
    (
        serde_json::to_vec(&plan).expect("plan serializes"),
        serde_json::to_vec(&state).expect("state serializes"),
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let (plan_bytes, state_bytes) = documents();
    let policy = PolicySet::default();
    let accepted = BTreeSet::new();
    println!(
        "execution check: {RESOURCES} resource changes; plan {:.1} MiB, state {:.1} MiB",
        plan_bytes.len() as f64 / (1 << 20) as f64,
        state_bytes.len() as f64 / (1 << 20) as f64
    );
    let check = || {
        let plan = plan::parse(&plan_bytes, &policy.config).expect("generated plan parses");
        let prior = execution::prior_addresses(&plan_bytes).expect("prior state reads");
        let state = execution::parse_state(&state_bytes, &policy.config).expect("state parses");
        execution::compare(&ExecutionInput {
            plan: &plan,
            prior: &prior,
            state: &state,
            policy: &policy,
            accepted: &accepted,
        })
    };
    let floor = || {
        let p: Value = serde_json::from_slice(&plan_bytes).expect("plan is JSON");
        let s: Value = serde_json::from_slice(&state_bytes).expect("state is JSON");
        (p, s)
    };
    // The generated apply is exact: anything but MATCH is a bug in the bench or the check.
    let first = check();
    assert_eq!(
        first.result,
        ExecutionResult::Match,
        "generated apply should match: {:?}",
        first.discrepancies.iter().take(5).collect::<Vec<_>>()
    );
    for _ in 0..WARMUP_PASSES {
        black_box(check());
        black_box(floor());
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while a.len() < MIN_PASSES || start.elapsed() < MIN_TIME {
        let t = Instant::now();
        black_box(check());
        a.push(t.elapsed());
        let t = Instant::now();
        black_box(floor());
        b.push(t.elapsed());
    }
    let (a, b) = (median(a), median(b));
    let ratio = a.as_secs_f64() / b.as_secs_f64();
    println!("(a) execution check (parse both + compare + state policies): {a:?} per pass");
    println!("(b) bare serde_json parse of plan and state:                  {b:?} per pass");
    println!(
        "ratio check / bare parse: {ratio:.2} (target <= 3) {}",
        if ratio <= 3.0 { "OK" } else { "OVER TARGET" }
    );
}
