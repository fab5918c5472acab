/*!
Terraform plan loading and normalization: `terraform show -json` bytes in, a typed [`Plan`] out.

Pure: no files, no keys. The parser bounds size and nesting before it allocates, accepts UTF-8 and
UTF-16 (with BOM) plans, and never panics on hostile input. Sensitive values are replaced by a
redaction marker during normalization ([`super::redact`]), in every change and in
[`Plan::document`], so no later stage can leak them.

Memory: the plan is deserialized once into typed records; `planned_values` and `prior_state`
(which repeat `after`/`before`) are skipped without being built. [`Plan::document`] keeps the
full document only when user (Rego) policies need it as `input` (the policy names a Rego
directory, or the policy set has Rego modules); otherwise it keeps the small top-level parts
(variables, outputs, configuration) and every change's values live in [`Change`]. With
[`parse_reader`] the raw bytes are never held whole either. That keeps a large plan within a few
times its size.

TYPES ARE SHARED CONTRACT (engine checks, intent, model stage, verdicts use them). Extend them with
new fields if needed; do not rename or remove fields without updating every user.
*/
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::change::{strip_instance_keys, Action, Change, Classification};
use super::classify;
use super::policy::PolicyConfig;
use super::redact::{mask_has_true, Redactor};
use reading::{check_depth, decode, from_str_unbounded, json_error, one_line, Guard};
use regions::{own_region, ProviderRegions};

/// What replaces a sensitive value everywhere after parsing.
pub use super::redact::REDACTED;
pub use reading::{decode_text, json_depth_exceeds};

mod reading;
mod regions;

/// A difference Terraform found between state and reality (`resource_drift`). Reported, never
/// treated as planned.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Drift {
    pub address: String,
    pub resource_type: String,
    pub action: Action,
}

/// A loaded, normalized plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// `errored: true` in the plan.
    pub errored: bool,
    /// `complete: false` in the plan (absent means complete, for older formats).
    pub complete: bool,
    pub changes: Vec<Change>,
    pub drift: Vec<Drift>,
    /// The plan document, sensitive values redacted (everything [`super::redact`] covers,
    /// `configuration` included), for user (Rego) policies, which take it as `input`. Complete when the policy has user policies (`needs_plan_document`); otherwise the small
    /// top-level members (everything except `planned_values`, `prior_state`, `resource_changes`
    /// and `resource_drift`, whose values are in [`Plan::changes`]).
    pub document: Value,
    /// True when [`Plan::document`] is the complete document.
    pub document_complete: bool,
}

/// Why a plan was refused. Closed; each displays as one line saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("plan is {size} bytes, over the {limit}-byte limit; split the change or raise [plan] max_bytes in the policy")]
    TooLarge { size: u64, limit: u64 },
    #[error("plan nests JSON deeper than {limit} levels; this is not a Terraform plan (or raise [plan] max_depth in the policy)")]
    TooDeep { limit: usize },
    #[error("plan is not valid text: {0}; export it with `terraform show -json` as UTF-8")]
    BadEncoding(String),
    #[error("plan is not JSON ({0}); give the output of `terraform show -json PLANFILE`")]
    NotJson(String),
    #[error(
        "JSON is not a Terraform plan ({0}); give the output of `terraform show -json PLANFILE`"
    )]
    NotAPlan(String),
    #[error("plan format_version {0:?} is not supported (0.1 to 1.x); export it with a Terraform 0.12+ `terraform show -json`")]
    UnsupportedFormat(String),
    #[error("cannot read the plan: {0}")]
    Read(String),
    #[error("plan change {address} has actions {actions} that Terraform does not produce; regenerate the plan")]
    UnknownActions { address: String, actions: String },
}

// ---- raw serde shapes (only what normalization reads; the rest is skipped unbuilt) ----

#[derive(Deserialize)]
struct RawPlan {
    format_version: Option<String>,
    terraform_version: Option<String>,
    errored: Option<bool>,
    complete: Option<bool>,
    #[serde(default, deserialize_with = "changes_as_they_arrive")]
    resource_changes: Option<Vec<Change>>,
    resource_drift: Option<Vec<RawDrift>>,
    planned_values: Option<IgnoredAny>,
    configuration: Option<Value>,
    variables: Option<Map<String, Value>>,
    output_changes: Option<Map<String, Value>>,
    applyable: Option<bool>,
    timestamp: Option<String>,
}

#[derive(Deserialize)]
struct RawChange {
    address: String,
    module_address: Option<String>,
    mode: Option<String>,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    provider_name: Option<String>,
    previous_address: Option<String>,
    action_reason: Option<String>,
    deposed: Option<String>,
    change: RawChangeBody,
}

/// Drift entries are only reported, so they are read leniently: Terraform 1.0 wrote them without
/// `address`, which is rebuilt from module, type, name and index.
#[derive(Deserialize)]
struct RawDrift {
    address: Option<String>,
    module_address: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    name: Option<String>,
    index: Option<Value>,
    change: Option<RawDriftBody>,
}

#[derive(Deserialize)]
struct RawDriftBody {
    #[serde(default)]
    actions: Vec<String>,
}

#[derive(Deserialize)]
struct RawChangeBody {
    actions: Vec<String>,
    #[serde(default)]
    before: Value,
    #[serde(default)]
    after: Value,
    #[serde(default)]
    after_unknown: Value,
    #[serde(default)]
    before_sensitive: Value,
    #[serde(default)]
    after_sensitive: Value,
    #[serde(default)]
    importing: Value,
}

/// Parses and normalizes a plan under the policy's limits and conventions.
pub fn parse(bytes: &[u8], config: &PolicyConfig) -> Result<Plan, PlanError> {
    let limits = &config.plan;
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(PlanError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    let text = decode(bytes)?;
    check_depth(text.as_bytes(), limits.max_depth)?;
    let raw: RawPlan = from_str_unbounded(&text)?;
    let keep_full_document = config.needs_plan_document();
    let full_document = if keep_full_document {
        Some(from_str_unbounded::<Value>(&text)?)
    } else {
        None
    };
    drop(text);
    normalize(raw, full_document, config)
}

/// Like [`parse`], but reads the plan from a stream so the raw bytes are never held in memory
/// all at once (large plans). Size, nesting and UTF-8 are checked on the bytes as they pass, before
/// the parser sees them. UTF-16 plans, and plans that user (Rego) policies need whole, are read
/// into memory (capped) and handed to [`parse`].
pub fn parse_reader<R: std::io::Read>(
    mut reader: R,
    config: &PolicyConfig,
) -> Result<Plan, PlanError> {
    use std::io::Read;
    let limits = &config.plan;
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(PlanError::Read(one_line(&e.to_string()))),
        }
    }
    let head = &head[..got];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if utf16 || config.needs_plan_document() {
        let mut all = head.to_vec();
        reader
            .take(
                limits
                    .max_bytes
                    .saturating_add(1)
                    .saturating_sub(got as u64),
            )
            .read_to_end(&mut all)
            .map_err(|e| PlanError::Read(one_line(&e.to_string())))?;
        return parse(&all, config);
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let mut guard = Guard::new(
        std::io::Cursor::new(head.to_vec()).chain(reader),
        limits.max_bytes,
        limits.max_depth,
    );
    let result = {
        let buffered = std::io::BufReader::with_capacity(64 * 1024, &mut guard);
        let mut de = serde_json::Deserializer::from_reader(buffered);
        de.disable_recursion_limit();
        RawPlan::deserialize(&mut de).and_then(|raw| de.end().map(|_| raw))
    };
    if let Some(e) = guard.failure.take() {
        return Err(e);
    }
    let raw = result.map_err(json_error)?;
    guard.finish()?;
    normalize(raw, None, config)
}

fn normalize(
    raw: RawPlan,
    full_document: Option<Value>,
    config: &PolicyConfig,
) -> Result<Plan, PlanError> {
    let format_version = raw
        .format_version
        .clone()
        .ok_or_else(|| PlanError::NotAPlan("no format_version".into()))?;
    if !supported_format(&format_version) {
        return Err(PlanError::UnsupportedFormat(one_line(&format_version)));
    }
    if raw.resource_changes.is_none() && raw.planned_values.is_none() {
        return Err(PlanError::NotAPlan(
            "no resource_changes or planned_values (a state file or another document?)".into(),
        ));
    }
    let mut changes = raw.resource_changes.unwrap_or_default();
    changes.shrink_to_fit();
    // Redaction first: regions and classification must only ever see redacted values.
    let mut redactor = Redactor::new();
    for change in &mut changes {
        redactor.redact(&mut change.before, &change.before_sensitive);
        redactor.redact(&mut change.after, &change.after_sensitive);
        let module = change.module.as_deref().unwrap_or("");
        for mask in [&change.before_sensitive, &change.after_sensitive] {
            redactor.note_resource(
                module,
                &change.mode,
                &change.resource_type,
                &change.name,
                mask,
            );
        }
    }

    let mut drift = Vec::new();
    for rd in raw.resource_drift.into_iter().flatten() {
        // Drift is only reported, so an odd action list is shown rather than refused.
        let action = rd
            .change
            .as_ref()
            .and_then(|c| Action::from_actions(&c.actions))
            .unwrap_or(Action::Update);
        let resource_type = rd.resource_type.unwrap_or_default();
        let address = rd.address.unwrap_or_else(|| {
            let mut a = String::new();
            if let Some(m) = rd.module_address.as_deref().filter(|m| !m.is_empty()) {
                a.push_str(m);
                a.push('.');
            }
            a.push_str(&resource_type);
            a.push('.');
            a.push_str(rd.name.as_deref().unwrap_or("?"));
            match &rd.index {
                Some(Value::Number(n)) => a.push_str(&format!("[{n}]")),
                Some(Value::String(k)) => a.push_str(&format!("[{k:?}]")),
                _ => {}
            }
            a
        });
        drift.push(Drift {
            address,
            resource_type,
            action,
        });
    }

    let document_complete = full_document.is_some();
    let mut document = match full_document {
        Some(doc) => doc,
        None => {
            let mut doc = Map::new();
            doc.insert(
                "format_version".into(),
                Value::String(format_version.clone()),
            );
            if let Some(v) = &raw.terraform_version {
                doc.insert("terraform_version".into(), Value::String(v.clone()));
            }
            if let Some(v) = raw.variables {
                doc.insert("variables".into(), Value::Object(v));
            }
            if let Some(v) = raw.output_changes {
                doc.insert("output_changes".into(), Value::Object(v));
            }
            if let Some(v) = raw.configuration {
                doc.insert("configuration".into(), v);
            }
            if let Some(v) = raw.applyable {
                doc.insert("applyable".into(), Value::Bool(v));
            }
            if let Some(v) = raw.complete {
                doc.insert("complete".into(), Value::Bool(v));
            }
            if let Some(v) = raw.errored {
                doc.insert("errored".into(), Value::Bool(v));
            }
            if let Some(v) = raw.timestamp {
                doc.insert("timestamp".into(), Value::String(v));
            }
            Value::Object(doc)
        }
    };
    redactor.redact_document(&mut document);
    if redactor.found_secrets() {
        for change in &mut changes {
            redactor.sweep(&mut change.before);
            redactor.sweep(&mut change.after);
        }
    }

    // Provider regions come from the redacted configuration and variables, so a region held in
    // a sensitive variable stays unknown rather than shown.
    let providers = ProviderRegions::new(
        document.get("configuration"),
        document.get("variables").and_then(Value::as_object),
    );
    for change in &mut changes {
        change.region = own_region(change.current()).or_else(|| providers.region_for(change));
        change.class = classify::classify(change, config);
    }

    Ok(Plan {
        format_version,
        terraform_version: raw.terraform_version,
        errored: raw.errored.unwrap_or(false),
        complete: raw.complete.unwrap_or(true),
        changes,
        drift,
        document,
        document_complete,
    })
}

/// Marks an unknown action list inside a serde error, so [`json_error`] can rebuild the variant.
const UNKNOWN_ACTIONS_TAG: &str = "\u{1}unknown-actions\u{1}";

/// Deserializes `resource_changes` one element at a time straight into [`Change`]s, so the raw
/// records and the normalized ones never coexist for the whole plan.
fn changes_as_they_arrive<'de, D>(d: D) -> Result<Option<Vec<Change>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Seq;
    impl<'de> serde::de::Visitor<'de> for Seq {
        type Value = Option<Vec<Change>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of resource changes")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(rc) = seq.next_element::<RawChange>()? {
                out.push(convert(rc).map_err(serde::de::Error::custom)?);
            }
            Ok(Some(out))
        }
    }
    d.deserialize_any(Seq)
}

/// One raw change → a [`Change`] with redundant data dropped (sensitive values are redacted, and
/// region and classification filled in, by `normalize` once every change has been read).
fn convert(rc: RawChange) -> Result<Change, String> {
    let action = Action::from_actions(&rc.change.actions).ok_or_else(|| {
        format!(
            "{UNKNOWN_ACTIONS_TAG}{}\u{1}{:?}\u{1}",
            rc.address, rc.change.actions
        )
    })?;
    let body = rc.change;
    let mut before = body.before;
    let mut after = body.after;
    drop_duplicate_tags_all(&mut before);
    drop_duplicate_tags_all(&mut after);
    // A mask without a single `true` says nothing; keep it as Null. The values are redacted
    // under these masks in `normalize`, before anything else reads them.
    let mask = |m: Value| if mask_has_true(&m) { m } else { Value::Null };
    Ok(Change {
        module: rc.module_address.filter(|m| !m.is_empty()),
        mode: rc.mode.unwrap_or_else(|| "managed".to_string()),
        resource_type: rc.resource_type,
        name: rc.name,
        provider: rc.provider_name.unwrap_or_default(),
        action,
        before,
        after,
        after_unknown: body.after_unknown,
        before_sensitive: mask(body.before_sensitive),
        after_sensitive: mask(body.after_sensitive),
        action_reason: rc.action_reason,
        previous_address: rc.previous_address,
        importing: !body.importing.is_null(),
        region: None,
        class: Classification::default(),
        deposed: rc.deposed,
        address: rc.address,
    })
}

/// The resource a planned change left behind, as the post-apply state shows it: a `create` of
/// `values` (redacted under `sensitive`, Terraform's `sensitive_values` mask), so every check that
/// judges what a resource *is* runs on the actual values (`engine::execution`). Nothing is
/// unknown any more; the region is the resource's own, else the one the plan found for it.
pub fn as_applied(
    planned: &Change,
    mut values: Value,
    sensitive: &Value,
    config: &PolicyConfig,
) -> Change {
    drop_duplicate_tags_all(&mut values);
    Redactor::new().redact(&mut values, sensitive);
    let mut change = Change {
        action: Action::Create,
        before: Value::Null,
        after: values,
        after_sensitive: if mask_has_true(sensitive) {
            sensitive.clone()
        } else {
            Value::Null
        },
        // The rest (unknowns, reasons, region, class) starts empty, as `clone_identity` leaves it.
        ..planned.clone_identity()
    };
    change.region = own_region(&change.after).or_else(|| planned.region.clone());
    change.class = classify::classify(&change, config);
    change
}

/// AWS `tags_all` repeats `tags` unless provider default tags add to it; when it is identical it
/// carries nothing, so it is dropped to keep large plans small.
fn drop_duplicate_tags_all(values: &mut Value) {
    if let Some(obj) = values.as_object_mut() {
        if obj.contains_key("tags_all") && obj.get("tags_all") == obj.get("tags") {
            obj.shift_remove("tags_all");
        }
    }
}

/// `0.1`, `0.2`, `1.0` … `1.2`, and later `1.x` (Terraform keeps minor versions compatible).
fn supported_format(v: &str) -> bool {
    let mut parts = v.split('.');
    let (Some(major), Some(minor), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Ok(major), Ok(minor)) = (major.parse::<u32>(), minor.parse::<u32>()) else {
        return false;
    };
    matches!((major, minor), (0, 1..) | (1, _))
}

#[cfg(test)]
mod tests;
