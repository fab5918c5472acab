//! Ingress from the whole internet: security groups, firewall and NSG rules, and what they expose.

use super::*;

// ---- ingress from the whole internet ----

/// One ingress-bearing resource's sources, for the union across rules on the same target.
pub(super) struct Exposure<'a> {
    change: &'a Change,
    ranges: Vec<Range>,
    /// A source word (`*`, `Any`, `Internet`) or a GCP firewall with no source at all.
    any: bool,
    /// The rule target (security group, NSG, SQL server) when the plan names it.
    target: Option<String>,
    ports: String,
}

pub(super) fn exposure_checks(input: &EngineInput, out: &mut Vec<Finding>, add: &Add) {
    let cfg = &input.policy.config;
    let mut exposures: Vec<Exposure> = Vec::new();
    for c in judged(input).filter(|c| c.action != Action::Delete) {
        if let Some(e) = exposure_of(c, cfg) {
            exposures.push(e);
        }
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut flagged: Vec<(usize, String)> = Vec::new();
    for (i, e) in exposures.iter().enumerate() {
        if e.any || network::covers_everything(&e.ranges) {
            flagged.push((i, String::new()));
        } else if let Some(t) = &e.target {
            groups.entry(t.clone()).or_default().push(i);
        }
    }
    // Rules on one target that only together admit every address: flag the ones the union
    // needs (or all of them when each is redundant on its own).
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let all: Vec<Range> = members
            .iter()
            .flat_map(|i| exposures[*i].ranges.iter().copied())
            .collect();
        if !network::covers_everything(&all) {
            continue;
        }
        let essential: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| {
                let rest: Vec<Range> = members
                    .iter()
                    .filter(|j| *j != i)
                    .flat_map(|j| exposures[*j].ranges.iter().copied())
                    .collect();
                !network::covers_everything(&rest)
            })
            .collect();
        let chosen = if essential.is_empty() {
            members.clone()
        } else {
            essential
        };
        let names: Vec<&str> = chosen
            .iter()
            .map(|i| exposures[*i].change.address.as_str())
            .collect();
        for i in &chosen {
            flagged.push((
                *i,
                format!(
                    " together with {}",
                    names
                        .iter()
                        .filter(|n| **n != exposures[*i].change.address)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    flagged.sort_by_key(|(i, _)| *i);
    flagged.dedup_by_key(|(i, _)| *i);
    for (i, together) in flagged {
        let e = &exposures[i];
        let prod = e.change.class.production || target_is_production(input, e.change);
        let id = if prod {
            ids::NO_PUBLIC_PRODUCTION_ACCESS
        } else {
            ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW
        };
        let msg = if prod {
            format!(
                "{} admits the whole internet{together} to a production resource ({}); restrict the source to known networks",
                e.change.resource_type, e.ports
            )
        } else {
            format!(
                "{} admits the whole internet{together} ({}); a security review must approve public exposure",
                e.change.resource_type, e.ports
            )
        };
        add(out, id, Some(e.change), msg);
        let pci_target = e
            .change
            .current()
            .get("security_group_id")
            .and_then(Value::as_str)
            .is_some_and(|id| id_mentions(id, &cfg.pci.markers));
        if e.change.class.pci || pci_target {
            add(
                out,
                ids::PCI_BASELINE_REQUIREMENTS,
                Some(e.change),
                format!("PCI-scoped {} admits the whole internet; PCI resources must not be publicly reachable", e.change.resource_type),
            );
        }
    }
}

/// The ingress sources a resource opens, by its catalog exposure rule. `None` when it opens no
/// ingress.
pub(super) fn exposure_of<'a>(c: &'a Change, cfg: &PolicyConfig) -> Option<Exposure<'a>> {
    let a = &c.after;
    let words = &cfg.network.internet_words;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let list = |v: &Value, k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|xs| {
                xs.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut ranges = Vec::new();
    let mut any = false;
    let add_sources = |sources: &[String], ranges: &mut Vec<Range>, any: &mut bool| {
        for src in sources {
            if network::is_internet_word(src, words) {
                *any = true;
            } else if let Some(r) = network::parse_cidr(src) {
                ranges.push(r);
            }
        }
    };
    // The ports between two settings (`from_port`/`to_port`, `port_range_min`/`port_range_max`).
    let ports_between = |v: &Value, low: &str, high: &str| -> String {
        match (
            v.get(low).and_then(Value::as_i64),
            v.get(high).and_then(Value::as_i64),
        ) {
            (Some(f), Some(t)) if f == t => format!("port {f}"),
            (Some(f), Some(t)) => format!("ports {f}-{t}"),
            _ => "all ports".to_string(),
        }
    };
    let port_range = |v: &Value| ports_between(v, "from_port", "to_port");
    let sg_sources = |v: &Value| {
        let mut srcs = list(v, "cidr_blocks");
        srcs.extend(list(v, "ipv6_cidr_blocks"));
        srcs
    };
    let nsg_sources = |v: &Value| {
        let mut srcs = list(v, "source_address_prefixes");
        srcs.extend(s(v, "source_address_prefix"));
        srcs
    };
    // Inline rule blocks (SG `ingress`, NSG `security_rule`): every entry's sources join one
    // union, and the entries that open everything by themselves are named first.
    let inline_entries =
        |entries: Vec<(Vec<String>, String)>, ranges: &mut Vec<Range>, any: &mut bool| {
            let mut p = Vec::new();
            for (srcs, entry_text) in entries {
                let before = ranges.len();
                let mut entry_any = false;
                add_sources(&srcs, ranges, &mut entry_any);
                *any |= entry_any;
                if ranges.len() > before || entry_any {
                    let alone = entry_any || network::covers_everything(&ranges[before..]);
                    p.push((alone, entry_text));
                }
            }
            entry_ports(p)
        };
    let target;
    let ports;
    match catalog::exposure_rule(&c.resource_type)? {
        ExposureRule::SecurityGroupInline => {
            let entries = a
                .get("ingress")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|rule| (sg_sources(rule), port_range(rule)))
                .collect();
            ports = inline_entries(entries, &mut ranges, &mut any);
            target = s(a, "id").map(|id| format!("sg:{id}"));
        }
        ExposureRule::SecurityGroupRule => {
            if s(a, "type").as_deref() != Some("ingress") {
                return None;
            }
            add_sources(&sg_sources(a), &mut ranges, &mut any);
            target = s(a, "security_group_id").map(|id| format!("sg:{id}"));
            ports = port_range(a);
        }
        ExposureRule::VpcIngressRule => {
            let srcs: Vec<String> = ["cidr_ipv4", "cidr_ipv6"]
                .iter()
                .filter_map(|k| s(a, k))
                .collect();
            add_sources(&srcs, &mut ranges, &mut any);
            target = s(a, "security_group_id").map(|id| format!("sg:{id}"));
            ports = port_range(a);
        }
        ExposureRule::NsgRule => {
            if !azure_inbound_allow(a) {
                return None;
            }
            add_sources(&nsg_sources(a), &mut ranges, &mut any);
            target = match (
                s(a, "resource_group_name"),
                s(a, "network_security_group_name"),
            ) {
                (Some(rg), Some(n)) => Some(format!("nsg:{rg}/{n}")),
                _ => None,
            };
            ports = azure_ports(a);
        }
        ExposureRule::NsgInline => {
            let entries = a
                .get("security_rule")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|rule| azure_inbound_allow(rule))
                .map(|rule| (nsg_sources(rule), azure_ports(rule)))
                .collect();
            ports = inline_entries(entries, &mut ranges, &mut any);
            target = match (s(a, "resource_group_name"), s(a, "name")) {
                (Some(rg), Some(n)) => Some(format!("nsg:{rg}/{n}")),
                _ => None,
            };
        }
        ExposureRule::ServerFirewallRule => {
            let (Some(start), Some(end)) = (s(a, "start_ip_address"), s(a, "end_ip_address"))
            else {
                return None;
            };
            ranges.extend(network::parse_v4_range(&start, &end));
            target = s(a, "server_id")
                .or_else(|| {
                    Some(format!(
                        "{}/{}",
                        s(a, "resource_group_name")?,
                        s(a, "server_name")?
                    ))
                })
                .map(|k| format!("db:{k}"));
            ports = format!("addresses {start}–{end}");
        }
        ExposureRule::GcpFirewall => {
            let direction = s(a, "direction").unwrap_or_else(|| "INGRESS".to_string());
            let allows = a
                .get("allow")
                .and_then(Value::as_array)
                .is_some_and(|x| !x.is_empty());
            if !direction.eq_ignore_ascii_case("INGRESS")
                || !allows
                || a.get("disabled") == Some(&Value::Bool(true))
            {
                return None;
            }
            let srcs = list(a, "source_ranges");
            let has_other_source = !list(a, "source_tags").is_empty()
                || !list(a, "source_service_accounts").is_empty();
            if srcs.is_empty() && !has_other_source && !c.unknown_after("source_ranges") {
                // GCP applies 0.0.0.0/0 when an ingress rule names no source at all.
                any = true;
            }
            add_sources(&srcs, &mut ranges, &mut any);
            target = None;
            let mut p = Vec::new();
            for rule in a
                .get("allow")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let proto = s(rule, "protocol").unwrap_or_default();
                let ps = list(rule, "ports");
                p.push(if ps.is_empty() {
                    format!("{proto} all ports")
                } else {
                    format!("{proto} {}", ps.join(","))
                });
            }
            ports = p.join(", ");
        }
        ExposureRule::OpenstackSecgroupRule => {
            if s(a, "direction").as_deref() != Some("ingress") {
                return None;
            }
            // OpenStack admits every address when a rule names no remote prefix or group.
            match s(a, "remote_ip_prefix") {
                Some(prefix) if !prefix.is_empty() => add_sources(&[prefix], &mut ranges, &mut any),
                _ if s(a, "remote_group_id").is_none() && !c.unknown_after("remote_ip_prefix") => {
                    any = true;
                }
                _ => {}
            }
            target = s(a, "security_group_id").map(|id| format!("sg:{id}"));
            ports = ports_between(a, "port_range_min", "port_range_max");
        }
        ExposureRule::HcloudFirewall => {
            let entries = a
                .get("rule")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|rule| s(rule, "direction").as_deref() == Some("in"))
                .map(|rule| {
                    let port = s(rule, "port").unwrap_or_else(|| "all".to_string());
                    (list(rule, "source_ips"), format!("port {port}"))
                })
                .collect();
            ports = inline_entries(entries, &mut ranges, &mut any);
            target = s(a, "name").map(|n| format!("hcloud-firewall:{n}"));
        }
    }
    if ranges.is_empty() && !any {
        return None;
    }
    Some(Exposure {
        change: c,
        ranges,
        any,
        target,
        ports,
    })
}

/// The ports of the entries that admit everything alone, else of every entry with a source.
pub(super) fn entry_ports(entries: Vec<(bool, String)>) -> String {
    let alone: Vec<&str> = entries
        .iter()
        .filter(|(a, _)| *a)
        .map(|(_, p)| p.as_str())
        .collect();
    if alone.is_empty() {
        entries
            .iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        alone.join(", ")
    }
}

pub(super) fn azure_inbound_allow(rule: &Value) -> bool {
    let get = |k: &str| rule.get(k).and_then(Value::as_str).unwrap_or("");
    get("direction").eq_ignore_ascii_case("Inbound") && get("access").eq_ignore_ascii_case("Allow")
}

pub(super) fn azure_ports(rule: &Value) -> String {
    let mut ports: Vec<String> = rule
        .get("destination_port_ranges")
        .and_then(Value::as_array)
        .map(|xs| {
            xs.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(p) = rule.get("destination_port_range").and_then(Value::as_str) {
        if !p.is_empty() {
            ports.push(p.to_string());
        }
    }
    if ports.is_empty() || ports.iter().any(|p| p == "*") {
        "all ports".to_string()
    } else {
        format!("port {}", ports.join(","))
    }
}

/// A rule that does not itself look like production may still open a production target: the
/// security group it names (by id, or through the configuration's reference to another resource
/// in this plan) or its Azure NSG.
pub(super) fn target_is_production(input: &EngineInput, rule: &Change) -> bool {
    let a = rule.current();
    let target_id = a
        .get("security_group_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if target_id.is_some_and(|id| id_mentions(id, &input.policy.config.production.name_tokens)) {
        return true;
    }
    let referenced = configuration_references(input, rule, "security_group_id");
    input.plan.changes.iter().any(|other| {
        if other.address == rule.address || !other.class.production {
            return false;
        }
        let id_match = target_id.is_some_and(|id| {
            [&other.before, &other.after]
                .iter()
                .any(|v| v.get("id").and_then(Value::as_str) == Some(id))
        });
        let stripped = change::strip_instance_keys(&other.address);
        id_match || referenced.contains(&stripped)
    })
}

/// True when a group id carries one of the words. Real AWS ids are `sg-` plus hex digits, which
/// cannot spell these words, so a match is a name someone chose (`sg-prod-web`).
pub(super) fn id_mentions(id: &str, words: &[String]) -> bool {
    let id = id.to_ascii_lowercase();
    words
        .iter()
        .any(|w| w.len() >= 3 && id.contains(&w.to_ascii_lowercase()))
}

/// Resource addresses that the configuration expression `attribute` of this change refers to
/// (`aws_security_group.web.id` → `aws_security_group.web`), root module only.
pub(super) fn configuration_references(
    input: &EngineInput,
    c: &Change,
    attribute: &str,
) -> Vec<String> {
    if c.module.is_some() {
        return Vec::new();
    }
    let addr = change::strip_instance_keys(&c.address);
    let resources = input
        .plan
        .document
        .get("configuration")
        .and_then(|x| x.get("root_module"))
        .and_then(|x| x.get("resources"))
        .and_then(Value::as_array);
    let Some(resources) = resources else {
        return Vec::new();
    };
    let Some(res) = resources
        .iter()
        .find(|r| r.get("address").and_then(Value::as_str) == Some(addr.as_str()))
    else {
        return Vec::new();
    };
    res.get("expressions")
        .and_then(|e| e.get(attribute))
        .and_then(|e| e.get("references"))
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(Value::as_str)
                .map(|r| {
                    let parts: Vec<&str> = r.split('.').collect();
                    if parts.len() >= 2 {
                        format!("{}.{}", parts[0], parts[1])
                    } else {
                        r.to_string()
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}
