//! Each resource's region: its own attribute, its availability zone, or its provider's.

use super::*;

// ---- regions ----

/// The resource's own region: `region`, `location`, or one derived from a zone.
pub(super) fn own_region(values: &Value) -> Option<String> {
    let s = |k: &str| {
        values
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != REDACTED)
    };
    if let Some(r) = s("region").or_else(|| s("location")) {
        return Some(r.to_string());
    }
    if let Some(zone) = s("zone") {
        return Some(region_of_zone(zone));
    }
    if let Some(az) = s("availability_zone") {
        // AWS `eu-west-1a` → `eu-west-1`.
        let trimmed = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
        if trimmed.ends_with(|c: char| c.is_ascii_digit()) {
            return Some(trimmed.to_string());
        }
    }
    None
}

/// A string value that is not the redaction marker.
pub(super) fn known(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| *s != REDACTED)
}

/// GCP `europe-west1-b` → `europe-west1`.
pub(super) fn region_of_zone(zone: &str) -> String {
    match zone.rsplit_once('-') {
        Some((region, suffix)) if suffix.len() == 1 && region.contains('-') => region.to_string(),
        _ => zone.to_string(),
    }
}

/// Region of each provider configuration, and which configuration each resource uses.
pub(super) struct ProviderRegions {
    /// provider config key (`aws`, `aws.west`, `module.db:aws`) → region when known.
    regions: BTreeMap<String, Option<String>>,
    /// configuration address without instance keys (`module.db.aws_db_instance.this`) → key.
    resource_keys: BTreeMap<String, String>,
}

impl ProviderRegions {
    pub(super) fn new(
        configuration: Option<&Value>,
        variables: Option<&Map<String, Value>>,
    ) -> Self {
        let mut me = ProviderRegions {
            regions: BTreeMap::new(),
            resource_keys: BTreeMap::new(),
        };
        let Some(config) = configuration else {
            return me;
        };
        if let Some(pcs) = config.get("provider_config").and_then(Value::as_object) {
            for (key, pc) in pcs {
                let expr = pc.get("expressions");
                let region = ["region", "location", "zone"].iter().find_map(|k| {
                    let e = expr?.get(*k)?;
                    if let Some(c) = e.get("constant_value").and_then(known) {
                        return Some(if *k == "zone" {
                            region_of_zone(c)
                        } else {
                            c.to_string()
                        });
                    }
                    // `region = var.x` in the root module: the variable's value.
                    let refs = e.get("references")?.as_array()?;
                    refs.iter().filter_map(Value::as_str).find_map(|r| {
                        let name = r.strip_prefix("var.")?;
                        if key.contains(':') {
                            return None;
                        }
                        let v = known(variables?.get(name)?.get("value")?)?;
                        Some(v.to_string())
                    })
                });
                me.regions.insert(key.clone(), region);
            }
        }
        if let Some(root) = config.get("root_module") {
            me.collect_module(root, "", 0);
        }
        me
    }

    fn collect_module(&mut self, module: &Value, prefix: &str, depth: usize) {
        if depth > 64 {
            return;
        }
        if let Some(resources) = module.get("resources").and_then(Value::as_array) {
            for r in resources {
                if let (Some(addr), Some(key)) = (
                    r.get("address").and_then(Value::as_str),
                    r.get("provider_config_key").and_then(Value::as_str),
                ) {
                    self.resource_keys
                        .insert(format!("{prefix}{addr}"), key.to_string());
                }
            }
        }
        if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
            for (name, call) in calls {
                if let Some(m) = call.get("module") {
                    self.collect_module(m, &format!("{prefix}module.{name}."), depth + 1);
                }
            }
        }
    }

    pub(super) fn region_for(&self, change: &Change) -> Option<String> {
        let config_addr = strip_instance_keys(&change.address);
        let short = change
            .provider
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("");
        let key = match self.resource_keys.get(&config_addr) {
            Some(k) => k.clone(),
            None => match &change.module {
                Some(m) => format!("{}:{short}", strip_instance_keys(m)),
                None => short.to_string(),
            },
        };
        // A key without a region (a module's proxy provider block) inherits from its parent
        // module's configuration, up to the root's.
        let mut key = key;
        loop {
            if let Some(Some(r)) = self.regions.get(&key) {
                return Some(r.clone());
            }
            let (module, provider) = match key.rsplit_once(':') {
                Some((m, p)) => (Some(m.to_string()), p.to_string()),
                None => (None, key.clone()),
            };
            match module {
                Some(m) => {
                    key = match m.rsplit_once(".module.") {
                        Some((parent, _)) => format!("{parent}:{provider}"),
                        None => provider,
                    };
                }
                None => {
                    // `aws.west` without region: no default to inherit from another alias.
                    return None;
                }
            }
        }
    }
}
