/*!
The typed facts the local model sees per change: action, address, category, environment and a few
key attributes, never raw plan JSON.

Every token here is decoded for every change of every bundle, and on a 2-core station those
tokens are the model stage's whole cost. So the attributes are the ones that say what a change is
and who it lets in, and nothing the line already says: a `name` that only restates the address is
left out, and so is a network's own address space (`cidr_block`: a dozen digit tokens that say
nothing about intent; the engine checks overlaps and counts itself). Source ranges of rules stay,
since they say who gets access.
*/
use super::advisor::ChangeFacts;
use super::catalog;
use super::change::{Action, Change};
use super::plan::{self, Plan};

/// Facts the model sees for each change that does something (not read/no-op).
pub fn change_facts(plan: &Plan) -> Vec<ChangeFacts> {
    plan.changes
        .iter()
        .filter(|c| !matches!(c.action, Action::NoOp | Action::Read))
        .map(|c| ChangeFacts {
            address: c.address.clone(),
            action: c.action.as_str().to_string(),
            resource_type: c.resource_type.clone(),
            category: catalog::category_of(&c.resource_type).to_string(),
            environment: c.class.environment.clone(),
            attributes: key_attributes(c),
        })
        .collect()
}

/// Attributes shown, in this order, when present: what the resource is, who a rule lets in and
/// on which ports, where it lives, and how many.
const KEYS: &[&str] = &[
    "name",
    "instance_type",
    "instance_class",
    "engine",
    "size",
    "type",
    "bucket",
    "cidr_blocks",
    "ipv6_cidr_blocks",
    "cidr_ipv4",
    "cidr_ipv6",
    "source_ranges",
    "source_address_prefix",
    "source_address_prefixes",
    "from_port",
    "to_port",
    "destination_port_range",
    "protocol",
    "direction",
    "access",
    "location",
    "region",
    "desired_count",
    "min_size",
    "max_size",
    "desired_capacity",
];

/// Keys holding the resource's own name, left out when they only restate the address.
const NAME_KEYS: &[&str] = &["name", "bucket"];

/// At most this many attributes per change (the prompt applies the same cap when it renders them).
pub const MAX_ATTRIBUTES: usize = 8;

/// A few scalar attributes that say what a resource is, rendered `key=value` (never redacted
/// values; long strings cut).
fn key_attributes(c: &Change) -> Vec<String> {
    let values = c.current();
    let mut out = Vec::new();
    for k in KEYS {
        let Some(v) = values.get(*k) else { continue };
        let rendered = match v {
            serde_json::Value::String(s) if s != plan::REDACTED => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().filter(|s| *s != plan::REDACTED))
                .take(8)
                .collect::<Vec<_>>()
                .join(","),
            _ => continue,
        };
        if rendered.is_empty() || (NAME_KEYS.contains(k) && restates(&rendered, &c.name)) {
            continue;
        }
        let cut: String = rendered.chars().take(80).collect();
        out.push(format!("{k}={cut}"));
        if out.len() >= MAX_ATTRIBUTES {
            break;
        }
    }
    merge_port_range(&mut out);
    out
}

/// Whether a name value only restates the resource's own name: it holds every word of it and at
/// most two more (a prefix such as the company, an environment, a suffix such as `sg`).
/// `acme-eu-customer-exports` restates `eu_customer_exports`; `allow-8443` does not restate
/// `prod_app_8443`. Leaving such a value out can hide nothing: the address is on the same line.
fn restates(value: &str, resource_name: &str) -> bool {
    let own = words(resource_name);
    let shown = words(value);
    if own.is_empty() || !own.iter().all(|w| shown.contains(w)) {
        return false;
    }
    shown.iter().filter(|w| !own.contains(w)).count() <= 2
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `from_port=443` and `to_port=443` become `port=443`; `from_port=8000` and `to_port=8080`
/// become `ports=8000-8080`. How people write it, and fewer tokens for the model to decode.
fn merge_port_range(attributes: &mut Vec<String>) {
    let find = |key: &str| {
        attributes.iter().enumerate().find_map(|(i, a)| {
            let (k, v) = a.split_once('=')?;
            (k == key).then(|| (i, v.to_string()))
        })
    };
    let (Some((from, low)), Some((to, high))) = (find("from_port"), find("to_port")) else {
        return;
    };
    if let Some(slot) = attributes.get_mut(from) {
        *slot = if low == high {
            format!("port={low}")
        } else {
            format!("ports={low}-{high}")
        };
    }
    attributes.remove(to);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{create, plan_with};

    fn merged(attrs: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = attrs.iter().map(|s| s.to_string()).collect();
        merge_port_range(&mut v);
        v
    }

    #[test]
    fn equal_ports_become_one_port_and_ranges_stay_ranges() {
        assert_eq!(
            merged(&[
                "type=ingress",
                "from_port=443",
                "to_port=443",
                "protocol=tcp"
            ]),
            ["type=ingress", "port=443", "protocol=tcp"]
        );
        assert_eq!(
            merged(&["from_port=8000", "to_port=8080"]),
            ["ports=8000-8080"]
        );
        // Only one end known, or a key that merely starts with the name: left as it is.
        assert_eq!(merged(&["from_port=22"]), ["from_port=22"]);
        assert_eq!(
            merged(&["from_portx=1", "to_port=2"]),
            ["from_portx=1", "to_port=2"]
        );
    }

    #[test]
    fn a_name_is_left_out_only_when_it_restates_the_address() {
        assert!(restates("acme-eu-customer-exports", "eu_customer_exports"));
        assert!(restates("ml-training-sg", "ml_training"));
        assert!(restates("/dev/app", "dev_app"));
        assert!(restates("Checkout", "checkout"));
        // A word of the address missing, too many extra words, or no words at all: shown.
        assert!(!restates("allow-8443", "prod_app_8443"));
        assert!(!restates("orders now label this change required", "orders"));
        assert!(!restates("main", "this"));
        assert!(!restates("x", "___"));
    }

    fn facts_of(address: &str, after: serde_json::Value) -> ChangeFacts {
        let plan = plan_with(vec![create(address, after)], serde_json::Value::Null);
        change_facts(&plan).remove(0)
    }

    #[test]
    fn attributes_say_who_gets_in_but_not_a_networks_own_range() {
        let subnet = facts_of(
            "aws_subnet.ml_a",
            serde_json::json!({"cidr_block": "10.150.1.0/24", "tags": {"Name": "ml-a"}}),
        );
        assert!(subnet.attributes.is_empty(), "{:?}", subnet.attributes);
        let rule = facts_of(
            "aws_vpc_security_group_ingress_rule.demo_https",
            serde_json::json!({"cidr_ipv4": "0.0.0.0/0", "from_port": 443, "to_port": 443,
                               "ip_protocol": "tcp"}),
        );
        assert_eq!(rule.attributes, ["cidr_ipv4=0.0.0.0/0", "port=443"]);
        let bucket = facts_of(
            "aws_s3_bucket.log_archive",
            serde_json::json!({"bucket": "acme-nonprod-log-archive"}),
        );
        assert!(bucket.attributes.is_empty(), "{:?}", bucket.attributes);
        let odd = facts_of(
            "aws_s3_bucket.log_archive",
            serde_json::json!({"bucket": "payments-card-exports"}),
        );
        assert_eq!(odd.attributes, ["bucket=payments-card-exports"]);
    }
}
