/*!
Size attributes: which attributes of a cluster or group count its members (nodes, brokers,
replicas, instances, tasks, shards). These hold across providers; a type whose own attributes
differ adds them in its row (`.sizes(..)`).
*/

/// Size attributes that state how many members of `member` kind a resource of any type has.
pub fn generic(member: &str) -> &'static [&'static str] {
    match member {
        "node" => &[
            "node_count",
            "desired_size",
            "initial_node_count",
            "num_cache_nodes",
            "number_of_nodes",
            "instance_count",
            "desired_capacity",
            "num_nodes",
            "worker_count",
        ],
        "broker" => &["number_of_broker_nodes"],
        "replica" => &[
            "replicas",
            "replica_count",
            "num_replicas",
            "replicas_per_node_group",
            "read_replica_count",
        ],
        "instance" => &[
            "instance_count",
            "desired_capacity",
            "desired_size",
            "instances",
            "capacity",
            "node_count",
        ],
        "task" => &["desired_count"],
        "shard" => &["num_node_groups", "shard_count", "shards"],
        _ => &[],
    }
}

/// Attributes that hold a machine's size (an instance type, a VM size, a node type), on any
/// provider: "t3.small", "n2-standard-4", "Standard_D4s_v5", "db.r6g.large".
pub const MACHINE_SIZE_ATTRIBUTES: &[&str] = &[
    "instance_type",
    "instance_class",
    "machine_type",
    "node_type",
    "vm_size",
    "size",
];
