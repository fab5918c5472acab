//! Tags, GDPR data residency, PCI public reachability and logging, reserved instances.

use super::*;

// ---- tags ----

pub(super) fn tags_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let Some(after) = c.after.as_object() else {
        return;
    };
    let tag_keys: Vec<&str> = ["tags", "labels"]
        .into_iter()
        .filter(|k| *k != "tags" || catalog::tags_are_labels(&c.resource_type))
        .filter(|k| after.get(*k).is_some_and(holds_labels))
        .collect();
    if tag_keys.is_empty() {
        return;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|ch| ch.is_ascii_alphanumeric())
            .map(|ch| ch.to_ascii_lowercase())
            .collect()
    };
    let mut present: Vec<String> = Vec::new();
    let mut unknown = false;
    for key in ["tags", "tags_all", "labels", "effective_labels"] {
        if c.unknown_after(key) {
            // `tags_all` is routinely unknown (provider default tags merge at apply); it only
            // matters when `tags` itself does not settle the question.
            unknown |= key != "tags_all" && key != "effective_labels";
            continue;
        }
        if let Some(v) = after.get(key) {
            present.extend(keys_of_tags(v).iter().map(|k| norm(k)));
        }
    }
    let missing: Vec<&str> = cfg
        .tags
        .required
        .iter()
        .filter(|r| !present.contains(&norm(r)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return;
    }
    let msg = if unknown {
        format!(
            "{} tags are known only after apply, so {} cannot be verified; set them in the configuration",
            c.resource_type,
            missing.join(", ")
        )
    } else {
        format!(
            "{} lacks required tag{} {}; add them",
            c.resource_type,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )
    };
    add(out, ids::REQUIRED_TAGS, Some(c), msg);
}

/// Whether a `tags` or `labels` value is a place for labels at all. A list of identities
/// (`["tag:ci-runner"]`: Tailscale's ACL tags, which say what a device may reach) holds no key and
/// value, so the resource has nowhere to put Owner or CostCenter and is not taggable.
fn holds_labels(v: &Value) -> bool {
    match v {
        Value::Array(items) if !items.is_empty() => !items
            .iter()
            .take(256)
            .all(|i| i.as_str().is_some_and(|s| s.starts_with("tag:"))),
        _ => true,
    }
}

/// The tag keys a `tags` or `labels` value carries, in the shapes providers write them: a map
/// (AWS, Azure, GCP), a list of `{key, value}` blocks (MongoDB Atlas, many SaaS providers), or a
/// list of `key:value` / `key=value` strings (DigitalOcean, Linode, Datadog). A bare string tag
/// ("staging") has no key, so it names no required tag.
fn keys_of_tags(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .take(256)
            .filter_map(|item| match item {
                Value::Object(block) => {
                    block.get("key").and_then(Value::as_str).map(str::to_string)
                }
                Value::String(s) => s.split_once([':', '=']).map(|(k, _)| k.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

// ---- GDPR residency ----

/// True when a region name is inside the EU per the policy.
pub fn region_in_eu(region: &str, cfg: &PolicyConfig) -> bool {
    let r: String = region
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    cfg.regions
        .eu_prefixes
        .iter()
        .any(|p| !p.is_empty() && r.starts_with(&p.to_ascii_lowercase()))
        || cfg.regions.eu_exact.iter().any(|e| {
            let e: String = e.chars().filter(|ch| !ch.is_whitespace()).collect();
            e.eq_ignore_ascii_case(&r)
        })
}

pub(super) fn gdpr_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    if !c.class.gdpr {
        return;
    }
    let msg = match &c.region {
        Some(r) if region_in_eu(r, cfg) => return,
        Some(r) => format!(
            "GDPR-scoped {} is placed in {r}, outside the EU; use an EU region",
            c.resource_type
        ),
        None => format!(
            "GDPR-scoped {} has no region the plan shows, so it cannot be shown to stay in the EU; set an EU region explicitly",
            c.resource_type
        ),
    };
    add(out, ids::GDPR_DATA_RESIDENCY, Some(c), msg);
}

// ---- PCI public reachability and logging ----

pub(super) fn pci_exposure_check(c: &Change, out: &mut Vec<Finding>, add: &Add) {
    if !c.class.pci {
        return;
    }
    let a = &c.after;
    let mut reasons = Vec::new();
    for key in [
        "publicly_accessible",
        "associate_public_ip_address",
        "map_public_ip_on_launch",
    ] {
        if a.get(key) == Some(&Value::Bool(true)) {
            reasons.push(format!("`{key}` is true"));
        }
    }
    if a.get("public_network_access_enabled") == Some(&Value::Bool(true)) {
        reasons.push("`public_network_access_enabled` is true".to_string());
    }
    // GCP instance with an access_config (external IP) on a network interface.
    if let Some(nics) = a.get("network_interface").and_then(Value::as_array) {
        if nics.iter().any(|n| {
            n.get("access_config")
                .and_then(Value::as_array)
                .is_some_and(|ac| !ac.is_empty())
        }) {
            reasons.push("a network interface has an external IP (`access_config`)".to_string());
        }
    }
    // Cloud SQL with a public IPv4 address.
    if let Some(settings) = a.get("settings").and_then(Value::as_array) {
        for s in settings {
            for ip in s
                .get("ip_configuration")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if ip.get("ipv4_enabled") == Some(&Value::Bool(true)) {
                    reasons.push("Cloud SQL `ipv4_enabled` is true".to_string());
                }
            }
        }
    }
    if catalog::public_address(&c.resource_type) {
        reasons.push(format!("it is a public IP ({})", c.resource_type));
    }
    for key in ["enable_logging", "logging_enabled"] {
        if a.get(key) == Some(&Value::Bool(false)) {
            reasons.push(format!("logging is off (`{key}` is false)"));
        }
    }
    for r in reasons {
        add(
            out,
            ids::PCI_BASELINE_REQUIREMENTS,
            Some(c),
            format!("PCI-scoped {}: {r}; PCI resources must not be publicly reachable and must keep logging", c.resource_type),
        );
    }
}

// ---- reserved instances ----

pub(super) fn reserved_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let rc = &cfg.reserved_instances;
    if !rc.resource_types.iter().any(|t| t == &c.resource_type) {
        return;
    }
    if rc.production_only && !c.class.production {
        return;
    }
    let a = &c.after;
    let spot = a
        .get("spot_price")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty())
        || a.get("instance_market_options")
            .and_then(Value::as_array)
            .is_some_and(|m| !m.is_empty())
        || a.get("priority")
            .and_then(Value::as_str)
            .is_some_and(|p| p.eq_ignore_ascii_case("spot"))
        || a.get("scheduling")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .is_some_and(|s| s.get("preemptible") == Some(&Value::Bool(true)));
    if spot {
        return;
    }
    // Only new capacity or a size change is worth advice.
    let size_keys = [
        "instance_type",
        "instance_class",
        "size",
        "vm_size",
        "machine_type",
    ];
    let sized = c.action != Action::Update
        || size_keys
            .iter()
            .any(|k| c.after.get(*k).is_some() && c.before.get(*k) != c.after.get(*k));
    if !sized {
        return;
    }
    let size = size_keys
        .iter()
        .find_map(|k| a.get(*k).and_then(Value::as_str))
        .unwrap_or("on-demand");
    add(
        out,
        ids::USE_RESERVED_INSTANCES,
        Some(c),
        format!(
            "long-running production {} ({size}) runs on demand; consider a reservation or savings plan",
            c.resource_type
        ),
    );
}
