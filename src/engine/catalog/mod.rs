/*!
The resource catalog: everything the engine knows about a Terraform resource type, in one place.

A type's knowledge is its row in [`types::TYPES`] (one row per type, sorted by name): its
category, the request kinds that name it, how its encryption at rest is read, how it opens
network access, the natural roles it plays beside a requested thing, and any size attributes of
its own. The checks, the intent analysis and the model's facts (`facts.rs`, whose category the
prompt shows) read it from here; the summary works on findings and scope, which come from them.
So **adding a known resource type is adding one row**.

Types no row names are still judged: their category comes from the documented prefix and keyword
fallback in [`categories`], and every other fact defaults to "nothing known" (not storage the
checks read, no exposure rule, no role, generic size attributes).

What is keyed by something other than a type lives beside the rows: category-level facts in
[`categories`], request kinds and their phrases in [`kinds`], product names in [`products`],
and the generic size attributes per member kind in [`sizes`].

Taggability is not a row fact: the tags check reads it from the plan itself (a change whose
planned values carry `tags` or `labels` is taggable), which covers every provider, known or not.
Likewise the audit check's logging attributes (`logging`, `access_logs`, `enable_logging`...) are
read on any type, and the audit types come from the policy file, not from here.

The catalog is a leaf of the engine: it holds plain data and imports nothing from it.
*/
pub mod categories;
pub mod kinds;
pub mod products;
pub mod sizes;
pub mod types;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

pub use categories::{CATEGORIES, OTHER};
use kinds::Kind;
pub use types::{AtRestRule, AtRestSpecial, ExposureRule, Role, TypeInfo};

/// The row of a resource type, looked up exactly as the plan spells it.
pub fn row(resource_type: &str) -> Option<&'static TypeInfo> {
    types::TYPES
        .binary_search_by(|r| r.name.cmp(resource_type))
        .ok()
        .and_then(|i| types::TYPES.get(i))
}

/// The category of a Terraform resource type (`aws_s3_bucket` → `object_storage`): its row's,
/// else the prefix and keyword fallback. Unknown → `other`.
pub fn category_of(resource_type: &str) -> &'static str {
    let t = resource_type.trim();
    if t.is_empty() || t.len() > 200 {
        return OTHER;
    }
    let lower = t.to_ascii_lowercase();
    match row(&lower) {
        Some(r) => r.category,
        None => categories::by_rules(&lower),
    }
}

/// The names of the request kinds a type is "one of" (for counting and direct matching). A type
/// of a provider the catalog has no row for at all, that is a machine by its name, is the kind
/// its own name ends with: `upcloud_server` and `vultr_instance` are instances, so "two servers"
/// counts them like any other. A known provider's type without a row is left as it was: its
/// rows say which of its types are the thing itself, and the others (a `_attachment`, a
/// `_policy`) are not.
pub fn kinds_of(resource_type: &str) -> &'static [&'static str] {
    match row(resource_type) {
        Some(r) => r.kinds,
        None => kinds_named_by_type(resource_type),
    }
}

/// The kinds the last words of an unknown type's name are a phrase of ("node_pool" → "node
/// pool", then "pool"), after the provider's prefix and a version suffix ("_v2").
fn kinds_named_by_type(resource_type: &str) -> &'static [&'static str] {
    if resource_type.len() > 200 {
        return &[];
    }
    let lower = resource_type.to_ascii_lowercase();
    let provider = lower.split('_').next().unwrap_or("");
    if provider_catalogued(provider) {
        return &[];
    }
    let mut words: Vec<&str> = lower.split('_').skip(1).collect();
    if words.last().is_some_and(|w| {
        w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit())
    }) {
        words.pop();
    }
    // Only machines: an unknown provider's other types that end in a kind's word are as often
    // a part of the thing (`..._logical_database` in a managed cluster, `..._security_role`)
    // as the thing itself, and a part counted as one more would be a false veto.
    let category = categories::by_rules(&lower);
    if category != categories::COMPUTE {
        return &[];
    }
    for take in [2, 1] {
        let Some(tail) = words
            .len()
            .checked_sub(take)
            .and_then(|from| words.get(from..))
        else {
            continue;
        };
        let phrase = tail.join(" ");
        if let Some(kinds) = kinds_by_phrase().get(phrase.as_str()) {
            let of_category: &'static [&'static str] = kinds
                .iter()
                .find(|(c, _)| *c == category)
                .map_or(&[], |(_, names)| names.as_slice());
            if !of_category.is_empty() {
                return of_category;
            }
        }
    }
    &[]
}

/// Whether the catalog covers `provider` as a whole (its name's first word): for such a provider
/// a type no row names is no counted kind. A provider with a few rows only (one special type of
/// OpenStack, one of Hetzner) still has its machines read from their types' words.
fn provider_catalogued(provider: &str) -> bool {
    /// Rows a provider needs before the catalog is taken to know all its counted kinds.
    const COVERED: usize = 20;
    static PROVIDERS: OnceLock<BTreeMap<&'static str, usize>> = OnceLock::new();
    PROVIDERS
        .get_or_init(|| {
            let mut rows = BTreeMap::new();
            for r in types::TYPES {
                if let Some(p) = r.name.split('_').next() {
                    *rows.entry(p).or_insert(0) += 1;
                }
            }
            rows
        })
        .get(provider)
        .is_some_and(|n| *n >= COVERED)
}

/// Every kind phrase, with the kinds it names grouped by their category.
type KindsByPhrase = BTreeMap<&'static str, Vec<(&'static str, Vec<&'static str>)>>;

fn kinds_by_phrase() -> &'static KindsByPhrase {
    static TABLE: OnceLock<KindsByPhrase> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = KindsByPhrase::new();
        for k in kinds::KINDS {
            for p in k.phrases {
                let groups = table.entry(*p).or_default();
                match groups.iter_mut().find(|(c, _)| *c == k.category) {
                    Some((_, names)) => names.push(k.name),
                    None => groups.push((k.category, vec![k.name])),
                }
            }
        }
        table
    })
}

/// Whether `resource_type` is one of `kind`.
pub fn is_kind(resource_type: &str, kind: &Kind) -> bool {
    kinds_of(resource_type).contains(&kind.name)
}

/// Whether some row names `kind`: a counted kind, matched by its types. A kind no row names is
/// matched by its category and never counted.
pub fn kind_has_types(kind: &Kind) -> bool {
    static NAMED: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    NAMED
        .get_or_init(|| {
            types::TYPES
                .iter()
                .flat_map(|r| r.kinds.iter().copied())
                .collect()
        })
        .contains(kind.name)
}

fn has_role(resource_type: &str, role: Role) -> bool {
    row(resource_type).is_some_and(|r| r.roles.contains(&role))
}

/// Whether a type's `tags` are labels (room for Owner and CostCenter) rather than what it may
/// do: a RabbitMQ user's tags are its management permissions.
pub fn tags_are_labels(resource_type: &str) -> bool {
    !has_role(resource_type, Role::TagsArePermissions)
}

/// Types that make something reachable from the internet; they are a natural part of a network
/// or host only when the request does not ask for something private.
pub fn internet_facing(resource_type: &str) -> bool {
    has_role(resource_type, Role::InternetFacing)
}

/// An internet-facing type, unless its own attributes keep it inside the network: a GCP address
/// reserved as `INTERNAL` (a private service access range) is reachable from no internet.
pub fn reachable_from_internet(resource_type: &str, after: &serde_json::Value) -> bool {
    let internal = ["address_type", "purpose"].iter().any(|k| {
        after
            .get(*k)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|v| {
                matches!(
                    v.to_ascii_uppercase().as_str(),
                    "INTERNAL" | "VPC_PEERING" | "PRIVATE_SERVICE_CONNECT"
                )
            })
    });
    internet_facing(resource_type) && !internal
}

/// A public address itself (an Elastic IP, an Azure public IP): never right for PCI scope.
pub fn public_address(resource_type: &str) -> bool {
    has_role(resource_type, Role::PublicAddress)
}

/// IAM types a host, container or function naturally needs to run (its identity), as opposed to
/// permissions granted to it, which must be asked for.
pub fn runtime_identity(resource_type: &str) -> bool {
    has_role(resource_type, Role::RuntimeIdentity)
}

/// Private connectivity to a managed service (private service access, private endpoints, VPC
/// endpoints): what a database, cache or bucket reached only privately needs.
pub fn private_connectivity(resource_type: &str) -> bool {
    has_role(resource_type, Role::PrivateConnectivity)
}

/// Containers created to hold what is asked for (an Azure resource group): natural for any
/// create request.
pub fn resource_container(resource_type: &str) -> bool {
    has_role(resource_type, Role::ResourceContainer)
}

/// A type that switches on one of the provider's APIs for a project (`google_project_service`).
pub fn is_api_switch(resource_type: &str) -> bool {
    has_role(resource_type, Role::ApiSwitch)
}

/// The API an API switch turns on is the one `other_type` belongs to: `sqladmin.googleapis.com`
/// for `google_sql_database_instance`, `run` for `google_cloud_run_v2_service`,
/// `secretmanager` for `google_secret_manager_secret`. Read from the names: the API's first
/// label holds one of the type's words, or the type's words run together hold the label.
pub fn switches_on_api_of(
    resource_type: &str,
    after: &serde_json::Value,
    other_type: &str,
) -> bool {
    if !is_api_switch(resource_type) {
        return false;
    }
    let Some(api) = after
        .get("service")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| s.split('.').next())
        .map(str::to_ascii_lowercase)
    else {
        return false;
    };
    let Some((provider, rest)) = other_type.split_once('_') else {
        return false;
    };
    if api.len() < 3 || !resource_type.starts_with(provider) {
        return false;
    }
    // Words many APIs' types share say nothing about which API a type belongs to.
    const SHARED: &[&str] = &[
        "service", "instance", "account", "policy", "member", "binding",
    ];
    let joined = rest.replace('_', "");
    joined.contains(&api)
        || rest
            .split('_')
            .any(|w| w.len() >= 3 && !SHARED.contains(&w) && api.contains(w))
}

/// Whether a requested category's things cannot run without this type, beyond the category
/// table (an Azure function app needs its service plan and storage account).
pub fn is_companion_of(resource_type: &str, requested_category: &str) -> bool {
    row(resource_type).is_some_and(|r| r.companion_of.contains(&requested_category))
}

/// How the checks read a type's encryption at rest; `None`: not storage the checks read (or
/// storage the provider always encrypts).
pub fn at_rest_rule(resource_type: &str) -> Option<AtRestRule> {
    row(resource_type).and_then(|r| r.at_rest)
}

/// How a type opens network ingress, if it does. Beyond the rows, every Azure server firewall
/// rule (`azurerm_*_firewall_rule`: SQL, MySQL, PostgreSQL, Redis...) is an address-range rule.
pub fn exposure_rule(resource_type: &str) -> Option<ExposureRule> {
    if let Some(e) = row(resource_type).and_then(|r| r.exposure) {
        return Some(e);
    }
    (resource_type.starts_with("azurerm_") && resource_type.ends_with("_firewall_rule"))
        .then_some(ExposureRule::ServerFirewallRule)
}

/// The size attributes that count `member`s (node, broker, replica, instance, task, shard) of a
/// type: the generic ones, then the type's own.
pub fn size_attributes(resource_type: &str, member: &str) -> Cow<'static, [&'static str]> {
    let generic = sizes::generic(member);
    let own = row(resource_type)
        .and_then(|r| r.sizes.iter().find(|(m, _)| *m == member))
        .map(|(_, keys)| *keys);
    match own {
        None => Cow::Borrowed(generic),
        Some(own) => Cow::Owned(generic.iter().chain(own).copied().collect()),
    }
}

#[cfg(test)]
mod tests;
