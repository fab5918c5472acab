/*!
Quantities inside one resource: how many nodes, brokers, replicas, instances, tasks or shards a
cluster or group is planned with, read from its size attributes, so that "a three-node cluster"
can be compared with `node_count = 5`.

Which attributes count which members is the catalog's ([`catalog::size_attributes`]).

Only *desired* sizes are compared with the number asked: a group asked for "3 instances" may well
scale between a minimum and a maximum around it.
*/
use serde_json::Value;

use crate::engine::catalog;
use crate::engine::change::Change;

/// Every planned value of a size attribute for `member` in the change's `after`, searched a few
/// levels deep (`scaling_config[0].desired_size`, `default_node_pool[0].node_count`,
/// `spec[0].replicas`), as (path, value).
pub fn planned_sizes(c: &Change, member: &str) -> Vec<(String, i64)> {
    let keys = catalog::size_attributes(&c.resource_type, member);
    let mut out = Vec::new();
    if keys.is_empty() {
        return out;
    }
    walk(&c.after, "", 0, &keys, &mut out);
    out
}

/// Deep enough for a size nested in blocks of blocks (Atlas: `replication_specs[0]
/// .region_configs[0].electable_specs[0].node_count`); the plan is hostile, so the walk visits
/// at most `WALK_BUDGET` values.
const WALK_DEPTH: usize = 8;
const WALK_BUDGET: usize = 1024;

fn walk(v: &Value, path: &str, depth: usize, keys: &[&str], out: &mut Vec<(String, i64)>) {
    let mut budget = WALK_BUDGET;
    walk_within(v, path, depth, keys, out, &mut budget);
}

fn walk_within(
    v: &Value,
    path: &str,
    depth: usize,
    keys: &[&str],
    out: &mut Vec<(String, i64)>,
    budget: &mut usize,
) {
    if depth > WALK_DEPTH || out.len() >= 8 || *budget == 0 {
        return;
    }
    *budget -= 1;
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter().take(256) {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if keys.contains(&k.as_str()) {
                    // Kubernetes writes counts as strings ("replicas": "4").
                    let n = val.as_i64().or_else(|| {
                        val.as_str()
                            .filter(|s| s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|s| s.parse().ok())
                    });
                    if let Some(n) = n {
                        out.push((p, n));
                        continue;
                    }
                }
                if matches!(val, Value::Object(_) | Value::Array(_)) {
                    walk_within(val, &p, depth + 1, keys, out, budget);
                }
            }
        }
        Value::Array(list) => {
            for (i, val) in list.iter().take(8).enumerate() {
                walk_within(val, &format!("{path}[{i}]"), depth + 1, keys, out, budget);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{create, plan_with};

    #[test]
    fn a_clusters_member_count_is_read_from_nested_size_attributes() {
        let plan = plan_with(
            vec![
                create(
                    "aws_eks_node_group.workers",
                    serde_json::json!({"scaling_config": [{"desired_size": 5, "max_size": 8, "min_size": 1}]}),
                ),
                create(
                    "aws_msk_cluster.events",
                    serde_json::json!({"number_of_broker_nodes": 6}),
                ),
            ],
            Value::Null,
        );
        assert_eq!(
            planned_sizes(&plan.changes[0], "node"),
            vec![("scaling_config[0].desired_size".to_string(), 5)]
        );
        assert_eq!(planned_sizes(&plan.changes[1], "broker")[0].1, 6);
        assert!(planned_sizes(&plan.changes[1], "replica").is_empty());
    }
}
