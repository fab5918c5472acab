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

/// What replaces a sensitive value everywhere after parsing.
pub use super::redact::REDACTED;

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

/// Passes bytes through while checking the size cap, nesting depth and UTF-8, so the JSON parser
/// never sees input past a limit. The first violation is kept in `failure`.
struct Guard<R> {
    inner: R,
    max_bytes: u64,
    max_depth: usize,
    seen: u64,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// An incomplete UTF-8 sequence at the end of the previous chunk.
    carry: Vec<u8>,
    failure: Option<PlanError>,
}

impl<R: std::io::Read> Guard<R> {
    fn new(inner: R, max_bytes: u64, max_depth: usize) -> Self {
        Guard {
            inner,
            max_bytes,
            max_depth,
            seen: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            carry: Vec::new(),
            failure: None,
        }
    }

    fn fail(&mut self, e: PlanError) -> std::io::Error {
        let io = std::io::Error::other(e.to_string());
        self.failure.get_or_insert(e);
        io
    }

    fn check(&mut self, chunk: &[u8]) -> Result<(), PlanError> {
        self.seen += chunk.len() as u64;
        if self.seen > self.max_bytes {
            return Err(PlanError::TooLarge {
                size: self.seen,
                limit: self.max_bytes,
            });
        }
        for &b in chunk {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(PlanError::TooDeep {
                            limit: self.max_depth,
                        });
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.check_utf8(chunk)
    }

    fn check_utf8(&mut self, chunk: &[u8]) -> Result<(), PlanError> {
        let bad = |at: u64| PlanError::BadEncoding(format!("invalid UTF-8 near byte {at}"));
        let mut rest = chunk;
        if let Some(&lead) = self.carry.first() {
            let need = utf8_len(lead).saturating_sub(self.carry.len());
            let take = need.min(rest.len());
            self.carry.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.carry.len() < utf8_len(lead) {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return Err(bad(self.seen));
            }
            self.carry.clear();
        }
        match std::str::from_utf8(rest) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_none() => {
                self.carry = rest[e.valid_up_to()..].to_vec();
                Ok(())
            }
            Err(e) => Err(bad(self.seen - (rest.len() - e.valid_up_to()) as u64)),
        }
    }

    /// At the end of input: a dangling partial UTF-8 sequence is an error.
    fn finish(&self) -> Result<(), PlanError> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(PlanError::BadEncoding(
                "truncated UTF-8 sequence at the end".into(),
            ))
        }
    }
}

/// Length of the UTF-8 sequence a lead byte starts (1 for anything that is not a valid lead, so
/// the validator reports it).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

impl<R: std::io::Read> std::io::Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.failure.is_some() {
            return Err(std::io::Error::other("plan input refused"));
        }
        let n = self.inner.read(buf)?;
        if let Err(e) = self.check(&buf[..n]) {
            return Err(self.fail(e));
        }
        Ok(n)
    }
}

/// The plan's text as [`parse`] reads it (BOMs stripped, UTF-16 decoded), for the readers that
/// need one more part of the plan (`engine::execution` reads `prior_state` addresses).
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, PlanError> {
    decode(bytes)
}

/// Strips a UTF-8 BOM, decodes UTF-16 with a BOM, and refuses invalid UTF-8.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, PlanError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            PlanError::BadEncoding(format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3))
        });
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<Cow<'_, str>, PlanError> {
        if rest.len() % 2 != 0 {
            return Err(PlanError::BadEncoding(
                "UTF-16 text with an odd number of bytes".into(),
            ));
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut out = String::with_capacity(rest.len() / 2);
        for ch in char::decode_utf16(units) {
            match ch {
                Ok(c) => out.push(c),
                Err(_) => {
                    return Err(PlanError::BadEncoding(
                        "UTF-16 text with an unpaired surrogate".into(),
                    ))
                }
            }
        }
        Ok(Cow::Owned(out))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| PlanError::BadEncoding(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
}

/// True when JSON text nests arrays/objects deeper than `max_depth` (strings are skipped). A
/// linear scan with no allocation, run before any recursive parser sees the text.
pub fn json_depth_exceeds(bytes: &[u8], max_depth: usize) -> bool {
    check_depth(bytes, max_depth).is_err()
}

/// Counts `[`/`{` nesting outside strings, so hostile nesting is refused before any parser
/// recursion (serde_json's own recursion limit is disabled in this build).
fn check_depth(bytes: &[u8], max_depth: usize) -> Result<(), PlanError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Err(PlanError::TooDeep { limit: max_depth });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Deserializes with serde_json's recursion limit off: [`check_depth`] already bounds nesting by
/// the policy's limit, which may be set above serde_json's fixed 128.
fn from_str_unbounded<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, PlanError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de).map_err(json_error)?;
    de.end().map_err(json_error)?;
    Ok(value)
}

fn json_error(e: serde_json::Error) -> PlanError {
    use serde_json::error::Category;
    let full = e.to_string();
    if let Some(rest) = full.strip_prefix(UNKNOWN_ACTIONS_TAG) {
        let mut parts = rest.splitn(3, '\u{1}');
        if let (Some(address), Some(actions)) = (parts.next(), parts.next()) {
            return PlanError::UnknownActions {
                address: one_line(address),
                actions: one_line(actions),
            };
        }
    }
    let msg = one_line(&full);
    match e.classify() {
        Category::Data => PlanError::NotAPlan(msg),
        Category::Io | Category::Syntax | Category::Eof => PlanError::NotJson(msg),
    }
}

fn one_line(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if out.len() > 200 {
        let mut cut = 200;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
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
        after_unknown: Value::Null,
        before_sensitive: Value::Null,
        after_sensitive: if mask_has_true(sensitive) {
            sensitive.clone()
        } else {
            Value::Null
        },
        action_reason: None,
        previous_address: None,
        importing: false,
        region: None,
        class: Classification::default(),
        deposed: None,
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

// ---- regions ----

/// The resource's own region: `region`, `location`, or one derived from a zone.
fn own_region(values: &Value) -> Option<String> {
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
fn known(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| *s != REDACTED)
}

/// GCP `europe-west1-b` → `europe-west1`.
fn region_of_zone(zone: &str) -> String {
    match zone.rsplit_once('-') {
        Some((region, suffix)) if suffix.len() == 1 && region.contains('-') => region.to_string(),
        _ => zone.to_string(),
    }
}

/// Region of each provider configuration, and which configuration each resource uses.
struct ProviderRegions {
    /// provider config key (`aws`, `aws.west`, `module.db:aws`) → region when known.
    regions: BTreeMap<String, Option<String>>,
    /// configuration address without instance keys (`module.db.aws_db_instance.this`) → key.
    resource_keys: BTreeMap<String, String>,
}

impl ProviderRegions {
    fn new(configuration: Option<&Value>, variables: Option<&Map<String, Value>>) -> Self {
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

    fn region_for(&self, change: &Change) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> PolicyConfig {
        PolicyConfig::default()
    }

    fn plan_with(changes: &str) -> String {
        format!(r#"{{"format_version":"1.2","resource_changes":[{changes}]}}"#)
    }

    #[test]
    fn depth_scan_ignores_brackets_in_strings() {
        assert!(check_depth(br#"{"a":"[[[[[[[[[[\"[[[["}"#, 2).is_ok());
        assert_eq!(check_depth(b"[[[", 2), Err(PlanError::TooDeep { limit: 2 }));
    }

    #[test]
    fn deep_nesting_is_one_error() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = parse(deep.as_bytes(), &cfg()).unwrap_err();
        assert_eq!(e, PlanError::TooDeep { limit: 128 });
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn encodings() {
        let p = plan_with("");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(p.as_bytes());
        assert!(parse(&bom, &cfg()).is_ok());
        for le in [true, false] {
            let mut b = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in p.encode_utf16() {
                b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            assert!(parse(&b, &cfg()).is_ok());
        }
        assert!(matches!(
            parse(b"{\"format_version\":\"1.2\xff\"}", &cfg()),
            Err(PlanError::BadEncoding(_))
        ));
    }

    #[test]
    fn not_json_and_not_a_plan() {
        assert!(matches!(
            parse(b"hello", &cfg()),
            Err(PlanError::NotJson(_))
        ));
        assert!(matches!(parse(b"", &cfg()), Err(PlanError::NotJson(_))));
        assert!(matches!(
            parse(b"[1,2]", &cfg()),
            Err(PlanError::NotAPlan(_))
        ));
        assert!(matches!(
            parse(b"{\"values\":{}}", &cfg()),
            Err(PlanError::NotAPlan(_))
        ));
        assert!(matches!(
            parse(b"{\"format_version\":\"1.0\",\"values\":{}}", &cfg()),
            Err(PlanError::NotAPlan(_))
        ));
        assert!(matches!(
            parse(br#"{"format_version":"2.0","resource_changes":[]}"#, &cfg()),
            Err(PlanError::UnsupportedFormat(_))
        ));
        assert!(matches!(parse(b"{} x", &cfg()), Err(PlanError::NotJson(_))));
    }

    #[test]
    fn size_cap_is_checked_first() {
        let mut c = cfg();
        c.plan.max_bytes = 10;
        assert!(matches!(
            parse(&[b' '; 11], &c),
            Err(PlanError::TooLarge {
                size: 11,
                limit: 10
            })
        ));
    }

    #[test]
    fn actions_map_and_unknown_ones_refuse() {
        let a =
            |v: &[&str]| Action::from_actions(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            a(&["delete", "create"]),
            Some(Action::ReplaceDestroyBeforeCreate)
        );
        assert_eq!(
            a(&["create", "delete"]),
            Some(Action::ReplaceCreateBeforeDestroy)
        );
        assert_eq!(a(&["forget"]), Some(Action::Forget));
        assert_eq!(a(&["explode"]), None);
        let p = plan_with(
            r#"{"address":"a.b","type":"a","name":"b","change":{"actions":["explode"]}}"#,
        );
        assert!(matches!(
            parse(p.as_bytes(), &cfg()),
            Err(PlanError::UnknownActions { .. })
        ));
    }

    #[test]
    fn sensitive_leaves_are_redacted() {
        let p = plan_with(
            r#"{"address":"x.y","type":"x","name":"y","change":{"actions":["create"],"before":null,
            "after":{"a":"open","s":"hunter2","n":{"k":"deep-secret"},"l":["ok","nope"]},
            "after_sensitive":{"s":true,"n":{"k":true},"l":[false,true]}}}"#,
        );
        let plan = parse(p.as_bytes(), &cfg()).unwrap();
        let text = serde_json::to_string(&plan.changes[0]).unwrap();
        for secret in ["hunter2", "deep-secret", "nope"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(text.contains("open"));
    }

    #[test]
    fn regions_from_resource_then_provider_chain() {
        let p = r#"{"format_version":"1.2","resource_changes":[
          {"address":"module.db.module.inner.aws_db_instance.x[0]","module_address":"module.db.module.inner","type":"aws_db_instance","name":"x","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"after":{}}},
          {"address":"google_compute_instance.g","type":"google_compute_instance","name":"g","provider_name":"registry.terraform.io/hashicorp/google","change":{"actions":["create"],"after":{"zone":"europe-west1-b"}}},
          {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"after":{}}}
        ],"configuration":{"provider_config":{
           "aws":{"name":"aws","expressions":{"region":{"references":["var.region"]}}},
           "module.db:aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-3"}}},
           "module.db.module.inner:aws":{"name":"aws"}}},
         "variables":{"region":{"value":"us-east-2"}}}"#;
        let plan = parse(p.as_bytes(), &cfg()).unwrap();
        let r: Vec<_> = plan.changes.iter().map(|c| c.region.clone()).collect();
        assert_eq!(
            r,
            vec![
                Some("eu-west-3".to_string()),
                Some("europe-west1".to_string()),
                Some("us-east-2".to_string())
            ]
        );
    }

    #[test]
    fn document_and_changes_are_redacted_configuration_included() {
        // A hard-coded password: Terraform masks it in the change, but `configuration` repeats it
        // as a constant, a tag copies it, and the region comes from a sensitive variable.
        let p = r#"{"format_version":"1.2","resource_changes":[
          {"address":"module.db[0].aws_db_instance.d","module_address":"module.db[0]","mode":"managed",
           "type":"aws_db_instance","name":"d","provider_name":"registry.terraform.io/hashicorp/aws",
           "change":{"actions":["create"],"before":null,
             "after":{"password":"hunter22","username":"admin","tags":{"Copy":"hunter22"}},
             "after_sensitive":{"password":true,"tags":{}}}}],
         "configuration":{"provider_config":{"aws":{"name":"aws",
             "expressions":{"region":{"references":["var.region"]}}}},
           "root_module":{"variables":{"region":{"sensitive":true}},
             "module_calls":{"db":{"module":{"resources":[{"address":"aws_db_instance.d",
               "mode":"managed","type":"aws_db_instance","name":"d","provider_config_key":"aws",
               "expressions":{"password":{"constant_value":"hunter22"},
                              "username":{"constant_value":"admin"}}}]}}}}},
         "variables":{"region":{"value":"xx-secret-1"}}}"#;
        let mut with_rego = cfg();
        with_rego.rego.dir = Some("policy".into());
        for config in [cfg(), with_rego] {
            let plan = parse(p.as_bytes(), &config).unwrap();
            let doc = serde_json::to_string(&plan.document).unwrap();
            let changes = serde_json::to_string(&plan.changes).unwrap();
            for secret in ["hunter22", "xx-secret-1"] {
                assert!(!doc.contains(secret), "{secret} in document: {doc}");
                assert!(!changes.contains(secret), "{secret} in changes: {changes}");
            }
            assert!(doc.contains(r#""constant_value":"admin""#), "{doc}");
            assert_eq!(plan.changes[0].after["username"], "admin");
            assert_eq!(plan.changes[0].region, None);
            assert!(!super::super::redact::needs_redaction(&plan.document));
            let streamed = parse_reader(p.as_bytes(), &config).unwrap();
            assert_eq!(streamed.document, plan.document);
        }
    }
}
