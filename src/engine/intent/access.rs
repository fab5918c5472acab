/*!
Access levels: what a request asks a grant to allow ("read-only access", "write access") against
what a planned grant really allows.

A grant is read from the change's own evidence, per provider: AWS policy documents (actions and
wildcards) and managed-policy ARNs, Azure role definition names, GCP role ids, Kubernetes RBAC
verbs and role references. Anything the table cannot place is [`Level::Unknown`]; the caller treats
that as "cannot show it fits", never as "fits".
*/
use std::collections::BTreeSet;

use serde_json::Value;

use crate::engine::change::Change;

/// How much a grant allows, ordered: a request for a level is met by that level or less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Read,
    Write,
    Admin,
    /// The grant's level could not be read from the change.
    Unknown,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Read => "read-only",
            Level::Write => "write",
            Level::Admin => "administrative",
            Level::Unknown => "unknown",
        }
    }
}

/// Verb prefixes of AWS actions that only read (`s3:GetObject`, `ec2:DescribeInstances`).
const AWS_READ_PREFIXES: &[&str] = &[
    "get", "list", "describe", "head", "select", "query", "scan", "batchget", "lookup", "search",
    "view", "read", "filter", "validate", "check", "retrieve", "download", "test",
];

/// Kubernetes RBAC verbs that only read.
const K8S_READ_VERBS: &[&str] = &["get", "list", "watch"];

/// The level one AWS action string allows (`s3:GetObject`, `s3:Get*`, `s3:*`, `*`).
fn aws_action_level(action: &str) -> Level {
    let a = action.trim().to_ascii_lowercase();
    if a == "*" {
        return Level::Admin;
    }
    let Some((service, verb)) = a.split_once(':') else {
        return Level::Unknown;
    };
    if verb == "*" {
        // Every action of a service: full control of it, its policies and its deletion.
        return Level::Admin;
    }
    let verb = verb.trim_end_matches('*');
    if verb.is_empty() {
        return Level::Write;
    }
    // Consuming a queue is reading it: a consumer deletes what it has received and extends the
    // time it holds it, and touches nothing else.
    let consumes = service == "sqs"
        && matches!(
            verb,
            "receivemessage" | "deletemessage" | "changemessagevisibility"
        );
    if AWS_READ_PREFIXES.iter().any(|p| verb.starts_with(p)) || consumes {
        Level::Read
    } else if service == "iam" && (verb.starts_with("pass") || verb.starts_with("attach")) {
        Level::Admin
    } else {
        Level::Write
    }
}

/// An AWS policy document as written in a plan (JSON text, or already an object), parsed.
/// Bounded: policy documents are at most a few KB (AWS caps them at 6,144 characters).
fn aws_policy_doc(doc: &Value) -> Option<std::borrow::Cow<'_, Value>> {
    match doc {
        Value::String(s) if s.len() <= 64 * 1024 => serde_json::from_str::<Value>(s)
            .ok()
            .map(std::borrow::Cow::Owned),
        Value::String(_) => None,
        other => Some(std::borrow::Cow::Borrowed(other)),
    }
}

/// The statements of a parsed AWS policy document (one object or a list), bounded.
fn aws_statements(doc: &Value) -> Option<Vec<&Value>> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => Some(list.iter().take(256).collect()),
        Some(single @ Value::Object(_)) => Some(vec![single]),
        _ => None,
    }
}

/// The highest level an AWS policy document (JSON text or object) allows.
fn aws_policy_level(doc: &Value) -> Level {
    let Some(doc) = aws_policy_doc(doc) else {
        return Level::Unknown;
    };
    let Some(statements) = aws_statements(&doc) else {
        return Level::Unknown;
    };
    let mut level = Level::Read;
    let mut any = false;
    for st in statements {
        let effect = st.get("Effect").and_then(Value::as_str).unwrap_or("Allow");
        if !effect.eq_ignore_ascii_case("allow") {
            continue;
        }
        if st.get("NotAction").is_some() {
            // "Everything except": at least write.
            level = level.max(Level::Write);
            any = true;
            continue;
        }
        let actions: Vec<&str> = match st.get("Action") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(list)) => list.iter().take(512).filter_map(Value::as_str).collect(),
            _ => continue,
        };
        for a in actions {
            any = true;
            level = level.max(aws_action_level(a));
        }
    }
    if any {
        level
    } else {
        Level::Unknown
    }
}

/// The level of an AWS managed policy, from its name.
fn aws_managed_policy_level(arn: &str) -> Level {
    let name = arn.rsplit('/').next().unwrap_or(arn).to_ascii_lowercase();
    // Full access to a service and power-user include its deletion and its administration.
    if name.contains("administratoraccess")
        || name.contains("fullaccess")
        || name.contains("poweruser")
    {
        Level::Admin
    } else if name.contains("readonly") || name.ends_with("viewaccess") || name.contains("viewonly")
    {
        Level::Read
    } else if name.contains("write") {
        Level::Write
    } else {
        Level::Unknown
    }
}

/// The level of an Azure built-in role, from its name.
fn azure_role_level(role: &str) -> Level {
    let r = role.to_ascii_lowercase();
    if r == "owner" || r.contains("user access administrator") || r.ends_with(" owner") {
        Level::Admin
    } else if r == "reader"
        || r.ends_with(" reader")
        || r.contains("viewer")
        || r.ends_with("pull")
        || r.ends_with(" user") && r.contains("secrets")
    {
        Level::Read
    } else if r.contains("contributor")
        || r.contains("administrator")
        || r.contains("operator")
        || r.contains("writer")
        || r.contains("sender")
        || r.ends_with("push")
    {
        Level::Write
    } else {
        Level::Unknown
    }
}

/// The names of Azure built-in roles by their fixed definition ids, the same in every tenant
/// (Microsoft's "Azure built-in roles" reference): a role assigned by id is read as its name.
fn azure_builtin_role_name(id: &str) -> Option<&'static str> {
    Some(match id.to_ascii_lowercase().as_str() {
        "acdd72a7-3385-48ef-bd42-f606fba81ae7" => "Reader",
        "b24988ac-6180-42a0-ab88-20f7382dd24c" => "Contributor",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" => "Owner",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1" => "Storage Blob Data Reader",
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe" => "Storage Blob Data Contributor",
        "7f951dda-4ed3-4680-a7ca-43fe172d538d" => "AcrPull",
        "4633458b-17de-408a-b874-0445c86b69e6" => "Key Vault Secrets User",
        _ => return None,
    })
}

/// Cosmos DB's built-in data-plane roles, by the fixed ids every account gives them.
fn cosmos_builtin_role_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "00000000-0000-0000-0000-000000000001" => "Cosmos DB Built-in Data Reader",
        "00000000-0000-0000-0000-000000000002" => "Cosmos DB Built-in Data Contributor",
        _ => return None,
    })
}

/// The level of a GCP role id (`roles/viewer`, `roles/storage.objectViewer`, `roles/owner`).
fn gcp_role_level(role: &str) -> Level {
    let r = role.to_ascii_lowercase();
    let leaf = r.rsplit(['/', '.']).next().unwrap_or(&r);
    // `roles/bigquery.dataOwner`, and the legacy dataset roles `OWNER`, `WRITER`, `READER`.
    if leaf.ends_with("owner") || leaf.ends_with("admin") {
        Level::Admin
    } else if leaf == "viewer"
        || leaf.ends_with("viewer")
        || leaf.ends_with("reader")
        || leaf == "browser"
        || leaf.ends_with("lister")
        // `roles/pubsub.subscriber` consumes, `roles/secretmanager.secretAccessor` reads a value.
        || leaf.ends_with("subscriber")
        || leaf.ends_with("accessor")
    {
        Level::Read
    } else if leaf == "editor"
        || leaf.ends_with("editor")
        || leaf.ends_with("writer")
        || leaf.ends_with("creator")
        || leaf.ends_with("user")
        || leaf.ends_with("developer")
        || leaf.ends_with("invoker")
        || leaf.ends_with("publisher")
        // `roles/cloudsql.client`, `roles/alloydb.client`: connecting to use the data.
        || leaf.ends_with("client")
        || leaf.ends_with("encrypterdecrypter")
    {
        Level::Write
    } else {
        Level::Unknown
    }
}

/// The level of a Vault policy (HCL): the strongest `capabilities` it lists.
fn vault_policy_level(policy: &str) -> Level {
    let mut level = Level::Unknown;
    for part in policy.split("capabilities").skip(1).take(256) {
        let Some(list) = part.split(']').next() else {
            continue;
        };
        for cap in list
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            let l = match cap.to_ascii_lowercase().as_str() {
                "read" | "list" => Level::Read,
                "create" | "update" | "patch" | "delete" => Level::Write,
                "sudo" | "root" => Level::Admin,
                "deny" => continue,
                _ => Level::Unknown,
            };
            level = if level == Level::Unknown {
                l
            } else {
                level.max(l)
            };
        }
    }
    level
}

/// The level of Kubernetes RBAC rules (`rule { verbs = [...] }` blocks).
fn k8s_rules_level(rules: &Value) -> Level {
    let list: Vec<&Value> = match rules {
        Value::Array(l) => l.iter().take(256).collect(),
        Value::Object(_) => vec![rules],
        _ => return Level::Unknown,
    };
    let mut level = Level::Read;
    let mut any = false;
    for rule in list {
        let Some(Value::Array(verbs)) = rule.get("verbs") else {
            continue;
        };
        for v in verbs.iter().take(64).filter_map(Value::as_str) {
            any = true;
            let v = v.to_ascii_lowercase();
            if v == "*" || v == "escalate" || v == "bind" || v == "impersonate" {
                level = level.max(Level::Admin);
            } else if !K8S_READ_VERBS.contains(&v.as_str()) {
                level = level.max(Level::Write);
            }
        }
    }
    if any {
        level
    } else {
        Level::Unknown
    }
}

/// Kubernetes RBAC verbs that change or administer (every verb but the read ones).
const K8S_WRITE_VERBS: &[&str] = &[
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "escalate",
    "bind",
    "impersonate",
];

/// SQL privileges that read or only open the way (`USAGE` on the schema a `SELECT` needs).
const SQL_READ_PRIVILEGES: &[&str] = &["select", "usage", "connect"];

/// SQL privileges that change data or structure.
const SQL_WRITE_PRIVILEGES: &[&str] = &[
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
    "create",
    "temporary",
    "execute",
    "all",
    "drop",
    "alter",
];

/// The words of `vocabulary` the request names as wanted: not under a negation in the same
/// clause ("it must not modify or delete existing rows"), and not the verb that asks for the
/// grant itself (`clause_verbs`: "create a role").
fn named_wanted<'v>(text: &str, vocabulary: &[&'v str], clause_verbs: &[&str]) -> Vec<&'v str> {
    let mut named = Vec::new();
    for clause in text
        .split(['.', ',', ';', ':', '!', '?', '(', ')', '\n'])
        .take(256)
    {
        let mut negated = false;
        for w in clause
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(256)
        {
            let w = w.to_ascii_lowercase();
            if matches!(w.as_str(), "not" | "never" | "no" | "without" | "nor" | "t") {
                negated = true;
                continue;
            }
            if let Some(v) = vocabulary.iter().find(|v| **v == w) {
                if !negated && !clause_verbs.contains(v) && !named.contains(v) {
                    named.push(*v);
                }
            }
        }
    }
    named
}

/// The operations a grant allows that change things and that the request does not name, when the
/// request names the ones it wants: Kubernetes verbs ("get and patch deployments" against a role
/// that also creates and deletes) and SQL privileges ("insert into staging_raw" against INSERT,
/// UPDATE, DELETE, TRUNCATE). Reading operations come with any request (a patch needs a get, a
/// SELECT the schema's USAGE); a wildcard or ALL is never implied. `None` when the change grants
/// no such operations, or the request names none that change things.
pub fn operations_beyond(c: &Change, text: &str, clause_verbs: &[&str]) -> Option<String> {
    let t = c.resource_type.as_str();
    let (granted, reading, changing): (Vec<String>, &[&str], &[&str]) =
        if t == "kubernetes_role" || t == "kubernetes_cluster_role" || t.ends_with("_role_v1") {
            let rules: Vec<&Value> = match c.current().get("rule") {
                Some(Value::Array(l)) => l.iter().take(256).collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => return None,
            };
            let verbs = rules
                .iter()
                .filter_map(|r| r.get("verbs").and_then(Value::as_array))
                .flat_map(|verbs| verbs.iter().take(64).filter_map(Value::as_str))
                .map(str::to_ascii_lowercase)
                .collect();
            (verbs, K8S_READ_VERBS, K8S_WRITE_VERBS)
        } else if t.contains("grant") {
            let privileges = c
                .current()
                .get("privileges")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(64)
                .filter_map(Value::as_str)
                .map(|p| p.to_ascii_lowercase().replace(' ', "_"))
                .collect();
            (privileges, SQL_READ_PRIVILEGES, SQL_WRITE_PRIVILEGES)
        } else {
            return None;
        };
    if granted.is_empty() {
        return None;
    }
    let named = named_wanted(text, changing, clause_verbs);
    if named.is_empty() {
        return None;
    }
    let extra: BTreeSet<String> = granted
        .into_iter()
        .filter(|g| !reading.contains(&g.as_str()) && !named.contains(&g.as_str()))
        .collect();
    (!extra.is_empty()).then(|| extra.into_iter().collect::<Vec<_>>().join(", "))
}

/// The level of a Kubernetes role reference (`cluster-admin`, `admin`, `edit`, `view`).
fn k8s_role_ref_level(name: &str) -> Level {
    match name.to_ascii_lowercase().as_str() {
        "cluster-admin" | "admin" => Level::Admin,
        "edit" => Level::Write,
        "view" => Level::Read,
        _ => Level::Unknown,
    }
}

/// The grant lets the cloud provider's own service act, and nobody else: an AWS resource policy
/// or Lambda permission whose only principals are services (`s3.amazonaws.com` delivering to a
/// queue), a GCP binding to a Google-managed service agent (the storage agent using a key). That
/// wires the provider's parts together; it is not the access a person asks for.
pub fn to_provider_service_only(c: &Change) -> bool {
    let v = c.current();
    if c.resource_type == "aws_lambda_permission" {
        return v
            .get("principal")
            .and_then(Value::as_str)
            .is_some_and(|p| p.ends_with(".amazonaws.com"));
    }
    if c.resource_type.starts_with("aws_") {
        let Some(doc) = v.get("policy").and_then(aws_policy_doc) else {
            return false;
        };
        let Some(statements) = aws_statements(&doc) else {
            return false;
        };
        let service_only = |p: &Value| {
            p.as_object().is_some_and(|o| {
                !o.is_empty()
                    && o.iter().all(|(k, v)| {
                        k == "Service"
                            && match v {
                                Value::String(s) => s.ends_with(".amazonaws.com"),
                                Value::Array(l) => l.iter().all(|s| {
                                    s.as_str().is_some_and(|s| s.ends_with(".amazonaws.com"))
                                }),
                                _ => false,
                            }
                    })
            })
        };
        return !statements.is_empty()
            && statements
                .iter()
                .all(|s| s.get("Principal").is_some_and(service_only));
    }
    if c.resource_type.starts_with("google_") {
        let agent = |m: &str| {
            let Some((local, domain)) = m
                .strip_prefix("serviceAccount:")
                .and_then(|a| a.split_once('@'))
            else {
                return false;
            };
            // Google-managed agents: `service-<project number>@gcp-sa-*`, `@gs-project-accounts`,
            // `<number>@cloudservices.gserviceaccount.com`.
            domain.ends_with(".gserviceaccount.com")
                && (local.starts_with("service-")
                    || domain.starts_with("gcp-sa-")
                    || domain.starts_with("cloudservices."))
        };
        let members: Vec<&str> = match (v.get("member"), v.get("members")) {
            (Some(Value::String(m)), _) => vec![m.as_str()],
            (_, Some(Value::Array(l))) => l.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        return !members.is_empty() && members.iter().all(|m| agent(m));
    }
    false
}

/// The grant is on a network and nothing else (an Azure assignment scoped to a subnet or virtual
/// network or of the Network Contributor role, a GCP subnetwork binding or network user): what
/// lets a cluster or machine join the network it runs in.
pub fn scoped_to_a_network(c: &Change) -> bool {
    let v = c.current();
    match c.resource_type.as_str() {
        // By its scope, or by a role that reaches networks only ("Network Contributor"), when
        // the scope is known only after apply.
        "azurerm_role_assignment" => {
            v.get("scope")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .is_some_and(|s| s.contains("/subnets/") || s.contains("/virtualnetworks/"))
                || v.get("role_definition_name")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.eq_ignore_ascii_case("Network Contributor"))
        }
        t => {
            t.starts_with("google_compute_subnetwork_iam_")
                || v.get("role")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r == "roles/compute.networkUser")
        }
    }
}

/// The AWS accounts a resource policy lets in by account (`arn:aws:iam::444455556666:root`, a
/// bare account id), for policies that name no resource of their own to compare them with.
pub fn accounts_let_in(c: &Change) -> Vec<String> {
    if !c.resource_type.starts_with("aws_") || c.resource_type.contains("kms") {
        return Vec::new();
    }
    let Some(doc) = c.current().get("policy").and_then(aws_policy_doc) else {
        return Vec::new();
    };
    let mut principals = Vec::new();
    for st in aws_statements(&doc).unwrap_or_default() {
        if let Some(Value::Object(o)) = st.get("Principal") {
            collect_strings(o.get("AWS").unwrap_or(&Value::Null), 0, &mut principals);
        }
    }
    principals
        .iter()
        .filter_map(|p| {
            let id = match p.strip_prefix("arn:aws:iam::") {
                Some(rest) => rest.split(':').next()?,
                None => p.as_str(),
            };
            (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_string())
        })
        .collect()
}

/// An AWS resource policy with a statement that allows anyone (`"Principal": "*"` or
/// `{"AWS": "*"}`) and no condition narrowing who: the thing is open to the whole world.
pub fn lets_in_anyone(c: &Change) -> bool {
    if !c.resource_type.starts_with("aws_") {
        return false;
    }
    let Some(doc) = c.current().get("policy").and_then(aws_policy_doc) else {
        return false;
    };
    let Some(statements) = aws_statements(&doc) else {
        return false;
    };
    let is_anyone = |p: &Value| match p {
        Value::String(s) => s == "*",
        Value::Array(list) => list.iter().any(|x| x.as_str() == Some("*")),
        _ => false,
    };
    statements.iter().any(|st| {
        let allows = st
            .get("Effect")
            .and_then(Value::as_str)
            .unwrap_or("Allow")
            .eq_ignore_ascii_case("allow");
        let anyone = match st.get("Principal") {
            Some(Value::Object(o)) => o.get("AWS").is_some_and(is_anyone),
            Some(p) => is_anyone(p),
            None => false,
        };
        allows && anyone && st.get("Condition").is_none()
    })
}

/// An AWS resource policy that lets in anyone (`"*"`) or another account than the one its
/// resources live in: access from outside, which no thing in the plan needs to run.
pub fn opens_to_another_account(c: &Change) -> bool {
    if !c.resource_type.starts_with("aws_") {
        return false;
    }
    let Some(doc) = c.current().get("policy").and_then(aws_policy_doc) else {
        return false;
    };
    // `arn:aws:sqs:us-east-1:111122223333:orders` → `111122223333`; `:root` principals too.
    let account = |arn: &str| {
        arn.split(':')
            .nth(4)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
    };
    let Some(statements) = aws_statements(&doc) else {
        return false;
    };
    let mut own = BTreeSet::new();
    let mut principals = Vec::new();
    for st in &statements {
        let mut resources = Vec::new();
        collect_strings(
            st.get("Resource").unwrap_or(&Value::Null),
            0,
            &mut resources,
        );
        own.extend(resources.iter().filter_map(|r| account(r)));
        match st.get("Principal") {
            Some(Value::String(p)) => principals.push(p.clone()),
            Some(Value::Object(o)) => {
                for key in ["AWS", "Federated", "CanonicalUser"] {
                    collect_strings(o.get(key).unwrap_or(&Value::Null), 0, &mut principals);
                }
            }
            _ => {}
        }
    }
    principals.iter().any(|p| {
        p == "*"
            || match account(p) {
                Some(a) => !own.is_empty() && !own.contains(&a),
                // A bare account id.
                None => p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) && !own.contains(p),
            }
    })
}

/// The level of one Key Vault permission: reading a value or its list reads; purging destroys
/// for good what deletion keeps recoverable, and administers; anything else changes contents.
fn key_vault_permission_level(permission: &str) -> Level {
    match permission.to_ascii_lowercase().as_str() {
        "get" | "list" => Level::Read,
        "purge" => Level::Admin,
        _ => Level::Write,
    }
}

/// The strings listed under `key` (any case) anywhere in `v`, bounded in depth and number.
fn listed_under(v: &Value, key: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 8 || out.len() >= 256 {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter().take(64) {
                if k.eq_ignore_ascii_case(key) {
                    let mut strings = Vec::new();
                    collect_strings(child, 0, &mut strings);
                    out.extend(strings.into_iter().take(256 - out.len().min(256)));
                } else {
                    listed_under(child, key, depth + 1, out);
                }
            }
        }
        Value::Array(items) => {
            for child in items.iter().take(64) {
                listed_under(child, key, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// What a planned change grants, when it is a grant at all: `None` for anything that grants no
/// access (a bucket, a VPC, a role's trust relationship alone).
pub fn grant_level(c: &Change) -> Option<Level> {
    let t = c.resource_type.as_str();
    let v = c.current();
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    if t.starts_with("aws_") {
        if t.ends_with("_policy_attachment") || t == "aws_iam_policy_attachment" {
            return Some(s("policy_arn").map_or(Level::Unknown, aws_managed_policy_level));
        }
        if t == "aws_iam_policy"
            || t.ends_with("_role_policy")
            || t.ends_with("_user_policy")
            || t.ends_with("_group_policy")
            || t.ends_with("_bucket_policy")
            || t == "aws_kms_key_policy"
            || t.ends_with("_repository_policy")
            || t.ends_with("_topic_policy")
            || t.ends_with("_queue_policy")
        {
            return Some(v.get("policy").map_or(Level::Unknown, aws_policy_level));
        }
        // Any other resource policy (`aws_msk_cluster_policy`, `aws_secretsmanager_secret_policy`):
        // statements that name a principal grant what they allow to that principal.
        if t.ends_with("_policy") && !t.ends_with("_access_policy") {
            let names_principal = |doc: &Value| {
                aws_statements(doc)
                    .is_some_and(|sts| sts.iter().any(|st| st.get("Principal").is_some()))
            };
            if let Some(doc) = v
                .get("policy")
                .and_then(aws_policy_doc)
                .filter(|d| names_principal(d))
            {
                return Some(aws_policy_level(&doc));
            }
        }
        // A product's own data-access policy (`aws_opensearchserverless_access_policy`): rules
        // that list the actions they permit ("Permission": ["aoss:ReadDocument"]).
        if t.ends_with("_access_policy") {
            return Some(
                v.get("policy")
                    .and_then(aws_policy_doc)
                    .map_or(Level::Unknown, |doc| {
                        let mut permitted = Vec::new();
                        listed_under(&doc, "permission", 0, &mut permitted);
                        permitted
                            .iter()
                            .map(|a| aws_action_level(a))
                            .max()
                            .unwrap_or(Level::Unknown)
                    }),
            );
        }
        return None;
    }
    // "secret_permissions = [Get, List]": a Key Vault access policy grants what its lists name.
    if t == "azurerm_key_vault_access_policy" {
        let lists = [
            "secret_permissions",
            "key_permissions",
            "certificate_permissions",
            "storage_permissions",
        ];
        let level = lists
            .iter()
            .filter_map(|k| v.get(*k).and_then(Value::as_array))
            .flatten()
            .take(128)
            .filter_map(Value::as_str)
            .map(key_vault_permission_level)
            .max();
        return Some(level.unwrap_or(Level::Unknown));
    }
    // A group membership grants what the group holds; the plan shows that only by the group's
    // name ("finance_admins", "grp-finance-readers"), in its settings or its own address.
    if t.contains("group_member") || t.ends_with("_memberships") {
        let mut names: Vec<String> = ["group", "group_name", "group_id", "group_object_id"]
            .iter()
            .filter_map(|k| v.get(*k).and_then(Value::as_str))
            .map(str::to_ascii_lowercase)
            .collect();
        names.push(c.name.to_ascii_lowercase());
        let level = names
            .iter()
            .map(|n| word_level(n))
            .filter(|l| *l != Level::Unknown)
            .max();
        return level;
    }
    if t == "vault_policy" {
        return Some(s("policy").map_or(Level::Unknown, vault_policy_level));
    }
    if t == "github_team_repository" || t == "github_repository_collaborator" {
        // GitHub permissions: pull and triage read, push and maintain write, admin administers.
        return Some(match s("permission").unwrap_or("pull") {
            "pull" | "triage" => Level::Read,
            "push" | "maintain" => Level::Write,
            "admin" => Level::Admin,
            _ => Level::Unknown,
        });
    }
    if t == "azurerm_role_assignment" {
        // A role assigned by its definition id names the role by the id's last segment.
        let role = s("role_definition_name").or_else(|| {
            s("role_definition_id")
                .and_then(|id| id.rsplit('/').next())
                .and_then(azure_builtin_role_name)
        });
        return Some(role.map_or(Level::Unknown, azure_role_level));
    }
    // A Cosmos DB data-plane role: the two built-in definitions have fixed ids in every account.
    if t.starts_with("azurerm_cosmosdb_") && t.ends_with("_role_assignment") {
        let role = s("role_definition_id")
            .and_then(|id| id.rsplit('/').next())
            .and_then(cosmos_builtin_role_name);
        return Some(role.map_or(Level::Unknown, azure_role_level));
    }
    if t == "azurerm_role_definition" {
        let perms = v.get("permissions");
        let actions: Vec<&str> = perms
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .take(64)
            .filter_map(|p| p.get("actions").and_then(Value::as_array))
            .flatten()
            .take(512)
            .filter_map(Value::as_str)
            .collect();
        if actions.is_empty() {
            return Some(Level::Unknown);
        }
        let level = actions
            .iter()
            .map(|a| {
                let a = a.to_ascii_lowercase();
                if a == "*" {
                    Level::Admin
                } else if a.ends_with("/read") {
                    Level::Read
                } else {
                    Level::Write
                }
            })
            .max()
            .unwrap_or(Level::Unknown);
        return Some(level);
    }
    if t.starts_with("google_")
        && (t.ends_with("_iam_member")
            || t.ends_with("_iam_binding")
            || t.ends_with("_iam_members"))
    {
        return Some(s("role").map_or(Level::Unknown, gcp_role_level));
    }
    if t.starts_with("google_") && t.ends_with("_iam_policy") {
        return Some(Level::Unknown);
    }
    if t == "kubernetes_role" || t == "kubernetes_cluster_role" || t.ends_with("_role_v1") {
        return Some(v.get("rule").map_or(Level::Unknown, k8s_rules_level));
    }
    if t.starts_with("kubernetes_") && t.contains("role_binding") {
        let name = v
            .get("role_ref")
            .and_then(|r| match r {
                Value::Array(l) => l.first(),
                other => Some(other),
            })
            .and_then(|r| r.get("name"))
            .and_then(Value::as_str);
        return Some(name.map_or(Level::Unknown, k8s_role_ref_level));
    }
    // Providers the table above does not know (MongoDB Atlas database users, Auth0 client
    // grants, Snowflake grants, Datadog roles): a grant's role names, scopes or privileges read
    // by the words they are made of. A grant whose strings say nothing readable stays unplaced.
    // "tfe_team_access": a type that is someone's access to something.
    if !["aws_", "azurerm_", "google_", "kubernetes_"]
        .iter()
        .any(|p| t.starts_with(p))
        && (GRANT_TYPE_WORDS.iter().any(|w| t.contains(w)) || t.ends_with("_access"))
    {
        let mut strings = Vec::new();
        grant_strings(v, 0, &mut strings);
        // Strings that spell no level ("openid", a resource name) neither raise nor lower it.
        let readable = strings
            .iter()
            .map(|s| word_level(s))
            .filter(|l| *l != Level::Unknown)
            .max();
        if !strings.is_empty() {
            return Some(readable.unwrap_or(Level::Unknown));
        }
    }
    None
}

/// Words in a resource type that make it a grant of access.
const GRANT_TYPE_WORDS: &[&str] = &[
    "grant",
    "role",
    "permission",
    "privilege",
    "database_user",
    "access_token",
    "api_key",
    "acl",
];

/// Whether a grant's grantee is everybody in a directory: Okta's built-in "Everyone" group, an
/// "all-employees" or "all users" group, by the grant's own name or the grantee it names.
pub fn grantee_is_everybody(c: &Change) -> bool {
    let everybody = |s: &str| {
        let squashed: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        squashed.contains("everyone")
            || squashed.contains("everybody")
            || squashed.ends_with("allusers")
            || squashed.ends_with("allemployees")
            || squashed.ends_with("allstaff")
    };
    let grantee_keys = |k: &str| {
        [
            "group",
            "principal",
            "member",
            "subject",
            "grantee",
            "assignee",
        ]
        .iter()
        .any(|g| k.contains(g))
    };
    let named = c
        .name
        .split(|ch: char| !ch.is_ascii_alphanumeric())
        .any(everybody);
    let grantee = c.current().as_object().is_some_and(|m| {
        m.iter()
            .take(64)
            .filter(|(k, _)| grantee_keys(k))
            .any(|(_, v)| match v {
                Value::String(s) => everybody(s),
                Value::Array(l) => l.iter().take(32).filter_map(Value::as_str).any(everybody),
                _ => false,
            })
    });
    named || grantee
}

/// Attribute keys whose values name what a grant allows.
const GRANT_KEYS: &[&str] = &[
    "role",
    "roles",
    "role_name",
    "role_type",
    "permission_level",
    "scopes",
    "scope",
    "permissions",
    "permission",
    "privileges",
    "privilege",
    "actions",
    "access_level",
    // Terraform Cloud team access: `access = "write"`.
    "access",
    // Kafka ACLs: `acl_operation = "Write"`.
    "acl_operation",
    "operation",
    "operations",
];

/// Flags that, set, grant everything: Snowflake's `all_privileges`, the grant option that lets
/// the grantee grant on, a user made superuser.
const GRANT_ALL_FLAGS: &[&str] = &[
    "all_privileges",
    "with_grant_option",
    "superuser",
    "is_admin",
];

/// The strings under a grant's role, scope and privilege keys, at any depth (`roles[].role_name`).
fn grant_strings(v: &Value, depth: usize, out: &mut Vec<String>) {
    if depth > 4 || out.len() >= 128 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter().take(128) {
                if GRANT_ALL_FLAGS.contains(&k.as_str()) && x.as_bool() == Some(true) {
                    // Every privilege, or the right to hand them on, spells no role name but
                    // is the strongest level.
                    out.push("admin".to_string());
                } else if GRANT_KEYS.contains(&k.as_str()) {
                    collect_strings(x, depth, out);
                } else if matches!(x, Value::Object(_) | Value::Array(_)) {
                    grant_strings(x, depth + 1, out);
                }
            }
        }
        Value::Array(l) => l
            .iter()
            .take(128)
            .for_each(|x| grant_strings(x, depth + 1, out)),
        _ => {}
    }
}

fn collect_strings(v: &Value, depth: usize, out: &mut Vec<String>) {
    if depth > 6 || out.len() >= 128 {
        return;
    }
    match v {
        Value::String(s) if !s.is_empty() => out.push(s.to_ascii_lowercase()),
        Value::Array(l) => l
            .iter()
            .take(128)
            .for_each(|x| collect_strings(x, depth + 1, out)),
        // `{"role_name": "read", "database_name": "admin"}`: only the role's own name says
        // what it allows; the database it is on says where.
        Value::Object(m) => m
            .iter()
            .take(32)
            .filter(|(k, _)| GRANT_KEYS.contains(&k.as_str()) || k.as_str() == "name")
            .for_each(|(_, x)| collect_strings(x, depth + 1, out)),
        _ => {}
    }
}

/// The level a role, scope or privilege name spells (`readWriteAnyDatabase`, `delete:users`,
/// `dbAdmin`, `read`), by the words it contains; the strongest word decides.
fn word_level(s: &str) -> Level {
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    // "ALL" as a Kafka operation or SQL privilege is every operation there is.
    let everything = matches!(s, "*" | "all" | "all privileges" | "all_privileges");
    if everything || s.ends_with(":*") || has(&["admin", "owner", "superuser", "root", "full"]) {
        Level::Admin
    } else if has(&[
        "write",
        "update",
        "delete",
        "create",
        "edit",
        "modify",
        "put",
        "push",
        "manage",
        "insert",
        "drop",
        "contributor",
        "publish",
        "remove",
        "execute",
        "grant",
    ]) {
        Level::Write
    } else if has(&[
        "read",
        "view",
        "get",
        "list",
        "describe",
        "pull",
        "observ",
        "monitor",
        "browse",
        "query",
        "select",
        "usage",
        "connect",
        "consume",
        "subscribe",
    ]) {
        Level::Read
    } else {
        Level::Unknown
    }
}

/// What a planned change grants, reading a Kubernetes binding's own role from the plan: a binding
/// to a role created beside it ("ci-reader") grants what that role's rules allow.
pub fn grant_level_in(c: &Change, plan: &[Change]) -> Option<Level> {
    grant_level_through(c, plan, 0)
}

/// Keys whose values name another grant by its own name: the policies a Vault role hands out,
/// the role a secret id logs in as.
const NAMED_GRANT_KEYS: &[&str] = &["token_policies", "policies", "policy_names", "role_name"];

fn grant_level_through(c: &Change, plan: &[Change], depth: usize) -> Option<Level> {
    let level = grant_level(c)?;
    let t = c.resource_type.as_str();
    if level == Level::Unknown && depth < 3 && !t.starts_with("kubernetes_") {
        // "An AppRole with a read-only policy": a grant that hands out grants the plan defines
        // by name grants what they allow.
        let v = c.current();
        let mut names = Vec::new();
        for k in NAMED_GRANT_KEYS {
            collect_strings(v.get(*k).unwrap_or(&Value::Null), 0, &mut names);
        }
        let own_name = |r: &Change| {
            ["name", "role_name"]
                .iter()
                .filter_map(|k| r.current().get(*k).and_then(Value::as_str))
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        };
        let defined = plan
            .iter()
            .take(4096)
            .filter(|r| r.address != c.address && r.action.mutates())
            .filter(|r| own_name(r).iter().any(|n| names.contains(n)))
            .filter_map(|r| grant_level_through(r, plan, depth + 1))
            .filter(|l| *l != Level::Unknown)
            .max();
        return Some(defined.unwrap_or(level));
    }
    if level != Level::Unknown || !(t.starts_with("kubernetes_") && t.contains("role_binding")) {
        return Some(level);
    }
    let role_ref = c.current().get("role_ref").and_then(|r| match r {
        Value::Array(l) => l.first(),
        other => Some(other),
    });
    let name = role_ref.and_then(|r| r.get("name")).and_then(Value::as_str);
    let cluster_wide = role_ref
        .and_then(|r| r.get("kind"))
        .and_then(Value::as_str)
        .is_some_and(|k| k == "ClusterRole");
    let Some(name) = name else {
        return Some(level);
    };
    let defined = plan.iter().find(|r| {
        let rt = r.resource_type.as_str();
        rt.starts_with("kubernetes_")
            && rt.contains("role")
            && !rt.contains("binding")
            && rt.contains("cluster_role") == cluster_wide
            && metadata_name(r) == Some(name)
    });
    Some(defined.and_then(grant_level).unwrap_or(level))
}

/// "A CronJob that runs the reindex": a Kubernetes workload's service account, created in the
/// same plan, may be given a namespaced Role that reads or writes what the job uses. The
/// addresses of the Roles and RoleBindings the plan creates for service accounts it also
/// creates, where every subject bound is such an account and what is bound is neither cluster-
/// wide nor admin: what the plan's own workloads run with, not access for anyone else.
pub fn grants_to_new_service_accounts(plan: &[Change]) -> BTreeSet<String> {
    let created = |c: &Change| c.action == crate::engine::change::Action::Create;
    let new_accounts: BTreeSet<(&str, &str)> = plan
        .iter()
        .take(4096)
        .filter(|c| created(c) && c.resource_type.starts_with("kubernetes_service_account"))
        .filter_map(|c| {
            let meta = c.after.get("metadata")?.as_array()?.first()?;
            let name = meta.get("name")?.as_str()?;
            let namespace = meta
                .get("namespace")
                .and_then(Value::as_str)
                .unwrap_or("default");
            Some((namespace, name))
        })
        .collect();
    let mut out = BTreeSet::new();
    if new_accounts.is_empty() {
        return out;
    }
    for binding in plan.iter().take(4096).filter(|c| {
        created(c)
            && c.resource_type.starts_with("kubernetes_role_binding")
            && matches!(grant_level_in(c, plan), Some(Level::Read | Level::Write))
    }) {
        let namespace = binding
            .after
            .get("metadata")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("default");
        let subjects = binding.after.get("subject").and_then(Value::as_array);
        let all_new = subjects.is_some_and(|l| {
            !l.is_empty()
                && l.iter().take(64).all(|s| {
                    let kind = s.get("kind").and_then(Value::as_str);
                    let name = s.get("name").and_then(Value::as_str).unwrap_or("");
                    let ns = s
                        .get("namespace")
                        .and_then(Value::as_str)
                        .unwrap_or(namespace);
                    kind == Some("ServiceAccount") && new_accounts.contains(&(ns, name))
                })
        });
        if !all_new {
            continue;
        }
        out.insert(binding.address.clone());
        let role_ref = binding.after.get("role_ref").and_then(|r| match r {
            Value::Array(l) => l.first(),
            other => Some(other),
        });
        let namespaced_role =
            role_ref.and_then(|r| r.get("kind")).and_then(Value::as_str) == Some("Role");
        let role_name = role_ref.and_then(|r| r.get("name")).and_then(Value::as_str);
        if let (true, Some(role_name)) = (namespaced_role, role_name) {
            for role in plan.iter().take(4096).filter(|r| {
                created(r)
                    && (r.resource_type == "kubernetes_role"
                        || r.resource_type == "kubernetes_role_v1")
                    && metadata_name(r) == Some(role_name)
            }) {
                out.insert(role.address.clone());
            }
        }
    }
    out
}

/// A Kubernetes object's `metadata.name`.
fn metadata_name(c: &Change) -> Option<&str> {
    c.current()
        .get("metadata")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
}

/// Whether a bare "read" or "view" in the request is about access. One that names a part of a
/// thing ("a read replica", "read pool x1", "read capacity units", "a materialized view") is no
/// access level: the thing serves reads, nobody is granted them.
fn bare_read_or_view_asks_access(words: &[String]) -> bool {
    const SERVING_READS: &[&str] = &[
        "replica",
        "replicas",
        "pool",
        "pools",
        "node",
        "nodes",
        "instance",
        "instances",
        "endpoint",
        "endpoints",
        "capacity",
        "unit",
        "units",
        "iops",
        "throughput",
        "traffic",
        "model",
        "models",
        "path",
        "scaling",
        "cluster",
        "clusters",
    ];
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(String::as_str);
        let before = i
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .map(String::as_str);
        match w.as_str() {
            "read" => !next.is_some_and(|n| SERVING_READS.contains(&n)),
            // "a view", "the materialized view", "view definition": a database object.
            "view" => {
                !matches!(
                    before,
                    Some("a" | "an" | "the" | "materialized" | "authorized" | "sql")
                ) && next != Some("definition")
            }
            _ => false,
        }
    })
}

/// The level a request text asks for, when it says: "read-only", "read access", "view access",
/// "viewer", "write access", "admin access".
pub fn asked_level(words: &[String]) -> Option<Level> {
    let has = |w: &str| words.iter().any(|x| x == w);
    // A role written as one word ("dataViewer", "objectReader", "dbAdmin"): the level its name
    // ends in.
    let role_word = |ends: &[&str]| {
        words.iter().any(|x| {
            ends.iter()
                .any(|e| x.len() >= e.len() + 2 && x.ends_with(e))
        })
    };
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    // "can read and write objects": writing named and not denied asks for writing, whatever
    // reading is named beside it; "read-only, no writes" denies it.
    // "no writes", "must not be able to write", "should never be allowed to change": the
    // negation may stand a few helping words before the verb it denies.
    const NEGATIONS: &[&str] = &["not", "cannot", "never", "no", "without", "t"];
    const HELPERS: &[&str] = &[
        "be",
        "able",
        "to",
        "allowed",
        "permitted",
        "have",
        "need",
        "ever",
        "should",
        "must",
    ];
    let negated_at = |i: usize| {
        (1..=4).any(|back| {
            i.checked_sub(back).is_some_and(|p| {
                NEGATIONS.contains(&words[p].as_str())
                    && words[p + 1..i]
                        .iter()
                        .all(|h| HELPERS.contains(&h.as_str()))
            })
        })
    };
    let denied = |w: &str| {
        words
            .iter()
            .enumerate()
            .any(|(i, x)| x == w && negated_at(i))
    };
    let asked_unnegated = |w: &str| {
        words
            .iter()
            .enumerate()
            .any(|(i, x)| x == w && !negated_at(i))
    };
    // "read access is enough … to write their test plans": where the access asked is named
    // read access and no write access is named, a "write" elsewhere is the people's own work.
    let read_access_named = pair("read", "access") && !pair("write", "access") && !has("readwrite");
    let writes_asked = ["write", "writes", "writing"].iter().any(|w| {
        asked_unnegated(w) && !pair("read", "only") && !has("readonly") && !read_access_named
    });
    // "Owner payments-team, CC-2210" labels who owns the thing; "Owner on rg-x", "as owner"
    // grant it.
    let owner_granted = words.iter().enumerate().any(|(i, w)| {
        w == "owner"
            && (words.get(i + 1).is_some_and(|n| {
                [
                    "on",
                    "of",
                    "over",
                    "role",
                    "access",
                    "rights",
                    "permission",
                    "permissions",
                    "at",
                ]
                .contains(&n.as_str())
            }) || i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|p| {
                    [
                        "as", "grant", "give", "make", "assign", "assigned", "an", "be",
                    ]
                    .contains(&p.as_str())
                })
                || i + 1 == words.len())
    });
    let read = !writes_asked
        && (has("readonly")
        || pair("read", "only")
        || pair("view", "only")
        || has("viewonly")
        || pair("read", "access")
        || pair("view", "access")
        || pair("read", "permission")
        || pair("read", "permissions")
        || has("viewer")
        || has("reader")
        || has("viewers")
        || has("readers")
        || pair("read", "role")
        || pair("to", "read")
        || pair("can", "read")
        || pair("look", "at")
        || has("inspect")
        || has("browse")
        || (bare_read_or_view_asks_access(words) && !has("write") && !has("writes"))
        || pair("to", "view")
        || pair("can", "view")
        // "able to list pods", "can describe them": Kubernetes' read verbs.
        || ["list", "describe", "watch"]
            .iter()
            .any(|v| pair("to", v) || pair("can", v))
        // "get/list/watch on pods": Kubernetes' read verbs written together, and none of its
        // verbs that change things.
        || (words.windows(2).any(|p| {
            p.iter()
                .all(|w| matches!(w.as_str(), "get" | "list" | "watch" | "describe"))
        }) && !["create", "update", "patch", "delete", "exec", "deletecollection"]
            .iter()
            .any(|w| has(w)))
        // "able to query, but not change": reading without changing.
        || ((has("query") || has("see")) && !has("write"))
        // "grant SELECT on all tables": SQL's privilege of reading, alone.
        || (has("select")
            && !["insert", "update", "delete", "write", "truncate"]
                .iter()
                .any(|w| asked_unnegated(w)))
        || (pair("only", "reads") && !has("write"))
        // "must be able to download files - only reading, no writes".
        // "able to consume from topic invoices": a consumer reads; producing writes.
        || ((has("consume") || has("consumer"))
            && !has("produce")
            && !has("producer")
            && !has("publish"))
        || pair("only", "reading")
        // "so they can look at the pods, but only looking, no changes".
        || pair("only", "looking")
        || pair("only", "viewing")
        || pair("can", "look")
        || pair("no", "changes")
        || pair("no", "writes")
        || pair("no", "write")
        || ((has("download") || has("reading")) && !has("upload") && !pair("to", "write"))
        || ["change", "modify", "write", "writes", "edit", "alter"]
            .iter()
            .any(|w| denied(w))
        || role_word(&["viewer", "reader"]));
    if read {
        return Some(Level::Read);
    }
    let admin = pair("admin", "access")
        || pair("administrator", "access")
        || pair("full", "access")
        || pair("admin", "rights")
        || owner_granted
        || role_word(&["admin", "owner"]);
    if admin {
        return Some(Level::Admin);
    }
    // GitHub's words: pull and triage read, push and maintain write.
    // "a push subscription", "a pull request": the words name a way of delivering, not access.
    let mechanism = |w: &str| {
        words.iter().enumerate().any(|(i, x)| {
            x == w
                && !words.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.as_str(),
                        "sub"
                            | "subs"
                            | "subscription"
                            | "subscriptions"
                            | "delivery"
                            | "endpoint"
                            | "request"
                            | "requests"
                            | "mode"
                            | "based"
                            | "notification"
                            | "notifications"
                    )
                })
                && !(w == "push" && i > 0 && matches!(words[i - 1].as_str(), "by" | "via"))
        })
    };
    let has_push = mechanism("push");
    if (mechanism("pull") || has("triage"))
        && !has_push
        && !has("maintain")
        && !has("admin")
        && !writes_asked
    {
        return Some(Level::Read);
    }
    let write = writes_asked
        || has_push
        || has("maintain")
        || pair("write", "access")
        || pair("read", "write")
        || pair("readwrite", "access")
        || pair("to", "write")
        || pair("can", "write")
        || has("contributor")
        || has("editor")
        || role_word(&["editor", "writer", "contributor"]);
    write.then_some(Level::Write)
}

/// GCP roles that let a principal run work in a project (query jobs, read sessions, using its
/// APIs) and read no data by themselves. Querying a dataset one may read needs one of them on
/// the project, so such a grant is how the read access asked is used, not access to more.
const JOB_ONLY_ROLES: &[&str] = &[
    "roles/bigquery.jobUser",
    "roles/bigquery.readSessionUser",
    "roles/serviceusage.serviceUsageConsumer",
];

/// Whether the change grants a role that only runs work ([`JOB_ONLY_ROLES`]) to a member the
/// plan also grants something else, on a narrower resource: the companion of that grant.
pub fn runs_jobs_for_another_grant(c: &Change, plan: &[Change]) -> bool {
    let current = c.current();
    let role = current.get("role").and_then(Value::as_str);
    let Some(member) = current.get("member").and_then(Value::as_str) else {
        return false;
    };
    role.is_some_and(|r| JOB_ONLY_ROLES.contains(&r))
        && plan.iter().take(4096).any(|o| {
            o.address != c.address
                && o.action == c.action
                && grant_breadth(o).is_none()
                && o.current().get("member").and_then(Value::as_str) == Some(member)
        })
}

/// How far a grant reaches when that is wider than one resource or group, from the change
/// itself: a project- or organization-level GCP binding, an Azure assignment scoped to a whole
/// subscription or management group, a Kubernetes cluster role binding (every namespace).
/// `None` when the grant is narrower or its scope is not known until apply.
pub fn grant_breadth(c: &Change) -> Option<&'static str> {
    let t = c.resource_type.as_str();
    if t.starts_with("google_project_iam_") {
        return Some("the whole project");
    }
    if t.starts_with("google_organization_iam_") {
        return Some("the whole organization");
    }
    if t.starts_with("google_folder_iam_") {
        return Some("a whole folder");
    }
    if t.starts_with("kubernetes_cluster_role_binding") {
        return Some("every namespace");
    }
    // `mysql_grant { database = "*" }`: a database grant on every database of the server.
    let database_grant = GRANT_TYPE_WORDS.iter().any(|w| t.contains(w))
        && ["database", "schema"]
            .iter()
            .any(|k| c.current().get(*k).and_then(Value::as_str) == Some("*"));
    if database_grant {
        return Some("every database on the server");
    }
    if t == "azurerm_role_assignment" {
        let scope = c
            .current()
            .get("scope")
            .and_then(Value::as_str)?
            .to_ascii_lowercase();
        let scope = scope.trim_end_matches('/');
        if scope.contains("/managementgroups/") {
            return Some("a whole management group");
        }
        if scope.starts_with("/subscriptions/") && scope.matches('/').count() == 2 {
            return Some("the whole subscription");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn aws_read_actions_and_read_wildcards_are_read() {
        assert_eq!(aws_action_level("s3:GetObject"), Level::Read);
        assert_eq!(aws_action_level("s3:List*"), Level::Read);
        assert_eq!(aws_action_level("ec2:DescribeInstances"), Level::Read);
    }

    #[test]
    fn aws_write_actions_and_service_wildcards_are_more_than_read() {
        assert_eq!(aws_action_level("s3:PutObject"), Level::Write);
        assert_eq!(aws_action_level("s3:*"), Level::Admin);
        assert_eq!(aws_action_level("*"), Level::Admin);
        assert_eq!(aws_action_level("iam:PassRole"), Level::Admin);
    }

    #[test]
    fn an_aws_policy_document_is_as_strong_as_its_strongest_allow() {
        let doc = Value::String(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#.into(),
        );
        assert_eq!(aws_policy_level(&doc), Level::Read);
        let doc = Value::String(
            r#"{"Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteObject"]}}"#
                .into(),
        );
        assert_eq!(aws_policy_level(&doc), Level::Write);
    }

    #[test]
    fn azure_gcp_and_kubernetes_role_names_map_to_levels() {
        assert_eq!(azure_role_level("Reader"), Level::Read);
        assert_eq!(azure_role_level("Storage Blob Data Reader"), Level::Read);
        assert_eq!(azure_role_level("Contributor"), Level::Write);
        assert_eq!(azure_role_level("Owner"), Level::Admin);
        assert_eq!(gcp_role_level("roles/viewer"), Level::Read);
        assert_eq!(gcp_role_level("roles/storage.objectViewer"), Level::Read);
        assert_eq!(gcp_role_level("roles/storage.objectAdmin"), Level::Admin);
        assert_eq!(gcp_role_level("roles/editor"), Level::Write);
        assert_eq!(k8s_role_ref_level("view"), Level::Read);
        assert_eq!(k8s_role_ref_level("cluster-admin"), Level::Admin);
        let rules = serde_json::json!([{"verbs": ["get", "list", "watch"]}]);
        assert_eq!(k8s_rules_level(&rules), Level::Read);
        let rules = serde_json::json!([{"verbs": ["get", "delete"]}]);
        assert_eq!(k8s_rules_level(&rules), Level::Write);
    }

    #[test]
    fn gcp_client_accessor_and_subscriber_roles_have_the_level_their_use_needs() {
        assert_eq!(gcp_role_level("roles/alloydb.client"), Level::Write);
        assert_eq!(gcp_role_level("roles/cloudsql.client"), Level::Write);
        assert_eq!(
            gcp_role_level("roles/secretmanager.secretAccessor"),
            Level::Read
        );
        assert_eq!(gcp_role_level("roles/pubsub.subscriber"), Level::Read);
        assert_eq!(
            gcp_role_level("roles/cloudkms.cryptoKeyEncrypterDecrypter"),
            Level::Write
        );
    }

    #[test]
    fn a_request_for_read_access_is_recognised_however_it_is_worded() {
        for s in [
            "give the analysts read-only access to the bucket",
            "grant read access on the reports bucket",
            "the auditors need to view the logs, nothing more (viewer)",
            "let the BI team read the warehouse tables",
        ] {
            assert_eq!(asked_level(&words(s)), Some(Level::Read), "{s}");
        }
        assert_eq!(
            asked_level(&words("grant write access to the uploads bucket")),
            Some(Level::Write)
        );
        assert_eq!(asked_level(&words("create a bucket for the logs")), None);
    }

    #[test]
    fn read_access_named_is_read_whatever_else_the_people_write() {
        for s in [
            "the auditors must browse the repo to write their report; read access is enough",
            "so they can look at the pods and the logs, but only looking, no changes",
        ] {
            assert_eq!(asked_level(&words(s)), Some(Level::Read), "{s}");
        }
        assert_eq!(
            asked_level(&words(
                "read access to the bucket and write access to the tmp prefix"
            )),
            Some(Level::Write)
        );
    }
}
