/*!
Sensitive-value redaction for Terraform plan documents: the one place that decides what Terraform
marks sensitive and replaces it with [`REDACTED`], so that no finding, summary, verdict or user
(Rego) policy can see a secret (DESIGN.md: sensitive values never appear in findings or output).

What is redacted, wherever the plan carries it:
- resource changes and drift: the parts of `before`/`after` that `before_sensitive` /
  `after_sensitive` mark;
- `output_changes` marked sensitive, and planned or prior-state outputs with `sensitive: true`;
- `planned_values` / `prior_state` resources: the parts of `values` their `sensitive_values` mark
  (through child modules);
- `variables` whose root-module declaration says `sensitive = true`;
- `configuration`, which repeats literal attribute values as `constant_value` (a hard-coded
  password is there in clear): constants under an attribute any planned instance of the resource
  marks sensitive, defaults of variables declared sensitive, constants passed to a module's
  sensitive variable, and constants of outputs declared sensitive;
- finally every other string equal to a secret removed above (a copy elsewhere), unless it is
  shorter than 4 characters (so that ordinary short words survive).

Pure and bounded: no I/O; recursion stops at [`MAX_DEPTH`] and replaces what lies deeper (fail
closed). The plan parser ([`super::plan::parse`]) runs [`Redactor`] over every change and the
document it keeps; [`needs_redaction`] lets a consumer of a document it did not parse itself
confirm, without copying, that it is already redacted.
*/
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::change::strip_instance_keys;

/// What replaces a sensitive value everywhere.
pub const REDACTED: &str = "(sensitive)";

/// Deepest recursion into a document. Parsed plans nest at most 1024 levels (the policy's
/// `[plan] max_depth` cap), so this is only reached by documents built some other way; whatever
/// lies deeper is replaced, not inspected.
pub const MAX_DEPTH: usize = 1100;

/// Secrets shorter than this are not swept from the rest of the document (they are still
/// redacted where the plan marks them).
const MIN_SWEPT_CHARS: usize = 4;

/// (module path without instance keys, mode, type, name): how `configuration` names a resource.
type ResourceKey = (String, String, String, String);

/// Redacts one plan's values and documents, remembering what it removed so that copies of the
/// same secrets and the `configuration` constants behind them can be redacted too.
#[derive(Debug, Default)]
pub struct Redactor {
    /// Every string (and number, as text) removed from a marked position so far.
    secrets: BTreeSet<String>,
    /// Union of the sensitivity masks of each configured resource's planned instances.
    masks: BTreeMap<ResourceKey, Value>,
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the parts of `value` that `mask` (Terraform's `*_sensitive` shape: `true`, or an
    /// object/array mirroring the value) marks. A mask shaped unlike its value that marks anything
    /// redacts the whole value rather than guess.
    pub fn redact(&mut self, value: &mut Value, mask: &Value) {
        apply_mask(value, mask, &mut self.secrets, 0);
    }

    /// Records the sensitivity mask of one resource instance, so that
    /// [`Redactor::redact_document`] can redact that resource's `configuration` constants even
    /// when the document no longer holds `resource_changes`.
    pub fn note_resource(
        &mut self,
        module_address: &str,
        mode: &str,
        resource_type: &str,
        name: &str,
        mask: &Value,
    ) {
        if !mask_has_true(mask) {
            return;
        }
        let key = resource_key(module_address, mode, resource_type, name);
        let merged = match self.masks.remove(&key) {
            Some(prev) => merge_masks(&prev, mask, 0),
            None => mask.clone(),
        };
        self.masks.insert(key, merged);
    }

    /// Redacts a whole plan document, or the top-level parts of one (see the module docs), in
    /// place. Resources noted earlier count as well as the document's own `resource_changes`.
    pub fn redact_document(&mut self, doc: &mut Value) {
        if let Value::Object(root) = doc {
            self.note_changes(root);
            redact_marked(root, &mut self.secrets);
            if let Some(Value::Object(config)) = root.get_mut("configuration") {
                if let Some(module) = config.get_mut("root_module") {
                    redact_config_module(module, "", &self.masks, &mut self.secrets, 0);
                }
            }
        }
        self.sweep(doc);
    }

    /// Replaces every string below `value` equal to a secret removed so far.
    pub fn sweep(&self, value: &mut Value) {
        if !self.secrets.is_empty() {
            sweep(value, &self.secrets, 0);
        }
    }

    /// True when some secret has been removed (so [`Redactor::sweep`] has work to do).
    pub fn found_secrets(&self) -> bool {
        !self.secrets.is_empty()
    }

    fn note_changes(&mut self, root: &Map<String, Value>) {
        for key in ["resource_changes", "resource_drift"] {
            let Some(Value::Array(changes)) = root.get(key) else {
                continue;
            };
            for rc in changes {
                let text = |k: &str| rc.get(k).and_then(Value::as_str).unwrap_or("");
                let Some(change) = rc.get("change") else {
                    continue;
                };
                for mask_key in ["before_sensitive", "after_sensitive"] {
                    if let Some(mask) = change.get(mask_key) {
                        self.note_resource(
                            text("module_address"),
                            text("mode"),
                            text("type"),
                            text("name"),
                            mask,
                        );
                    }
                }
            }
        }
    }
}

/// Redacts a plan document in place (see the module docs for what goes).
pub fn redact_document(doc: &mut Value) {
    Redactor::new().redact_document(doc);
}

/// The document itself when it is already redacted ([`needs_redaction`] is false, as for every
/// `Plan::document` from the plan parser), else a redacted copy.
pub fn redacted(doc: &Value) -> Cow<'_, Value> {
    if needs_redaction(doc) {
        let mut copy = doc.clone();
        redact_document(&mut copy);
        Cow::Owned(copy)
    } else {
        Cow::Borrowed(doc)
    }
}

/// True when some position that [`redact_document`] would redact still holds a value. Read-only
/// and allocation-light: it walks the same positions without copying the document.
pub fn needs_redaction(doc: &Value) -> bool {
    let Value::Object(root) = doc else {
        return false;
    };
    for key in ["resource_changes", "resource_drift"] {
        if let Some(Value::Array(changes)) = root.get(key) {
            if changes
                .iter()
                .filter_map(|rc| rc.get("change"))
                .any(change_leaks)
            {
                return true;
            }
        }
    }
    if let Some(Value::Object(outputs)) = root.get("output_changes") {
        if outputs.values().any(change_leaks) {
            return true;
        }
    }
    for values in state_values(root) {
        if let Some(Value::Object(outputs)) = values.get("outputs") {
            let sensitive = outputs
                .values()
                .filter(|o| o.get("sensitive") == Some(&Value::Bool(true)));
            if sensitive
                .filter_map(|o| o.get("value"))
                .any(|v| leaks(v, &Value::Bool(true), 0))
            {
                return true;
            }
        }
        if values
            .get("root_module")
            .is_some_and(|m| state_module_leaks(m, 0))
        {
            return true;
        }
    }
    if let Some(Value::Object(vars)) = root.get("variables") {
        for name in sensitive_root_variables(root) {
            if let Some(v) = vars.get(&name).and_then(|var| var.get("value")) {
                if leaks(v, &Value::Bool(true), 0) {
                    return true;
                }
            }
        }
    }
    if let Some(module) = root.get("configuration").and_then(|c| c.get("root_module")) {
        let mut notes = Redactor::new();
        notes.note_changes(root);
        if config_module_leaks(module, "", &notes.masks, 0) {
            return true;
        }
    }
    false
}

/// True when a sensitivity mask marks anything.
pub fn mask_has_true(mask: &Value) -> bool {
    mask_has_true_at(mask, 0)
}

// ---- redaction ----

/// Redacts the positions the plan's own masks mark; collects the secret strings found there.
fn redact_marked(root: &mut Map<String, Value>, secrets: &mut BTreeSet<String>) {
    for key in ["resource_changes", "resource_drift"] {
        if let Some(Value::Array(changes)) = root.get_mut(key) {
            for rc in changes.iter_mut() {
                if let Some(change) = rc.get_mut("change") {
                    redact_change(change, secrets);
                }
            }
        }
    }
    if let Some(Value::Object(outputs)) = root.get_mut("output_changes") {
        for change in outputs.values_mut() {
            redact_change(change, secrets);
        }
    }
    for key in ["planned_values", "prior_state"] {
        let Some(state) = root.get_mut(key) else {
            continue;
        };
        // prior_state wraps its module tree in `values`.
        let values = if key == "prior_state" {
            state.get_mut("values")
        } else {
            Some(state)
        };
        let Some(Value::Object(values)) = values else {
            continue;
        };
        if let Some(Value::Object(outputs)) = values.get_mut("outputs") {
            for out in outputs.values_mut() {
                if out.get("sensitive") == Some(&Value::Bool(true)) {
                    if let Some(v) = out.get_mut("value") {
                        apply_mask(v, &Value::Bool(true), secrets, 0);
                    }
                }
            }
        }
        if let Some(module) = values.get_mut("root_module") {
            redact_state_module(module, secrets, 0);
        }
    }
    let sensitive_vars = sensitive_root_variables(root);
    if let Some(Value::Object(vars)) = root.get_mut("variables") {
        for name in &sensitive_vars {
            if let Some(v) = vars.get_mut(name).and_then(|var| var.get_mut("value")) {
                apply_mask(v, &Value::Bool(true), secrets, 0);
            }
        }
    }
}

/// Names of root-module variables declared `sensitive = true`.
fn sensitive_root_variables(root: &Map<String, Value>) -> Vec<String> {
    root.get("configuration")
        .and_then(|c| c.get("root_module"))
        .map(sensitive_variables)
        .unwrap_or_default()
}

/// Names of a configuration module's variables declared `sensitive = true`.
fn sensitive_variables(module: &Value) -> Vec<String> {
    module
        .get("variables")
        .and_then(Value::as_object)
        .map(|vars| {
            vars.iter()
                .filter(|(_, decl)| is_sensitive(decl))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn is_sensitive(decl: &Value) -> bool {
    decl.get("sensitive") == Some(&Value::Bool(true))
}

fn redact_change(change: &mut Value, secrets: &mut BTreeSet<String>) {
    let Value::Object(c) = change else {
        return;
    };
    for (value_key, mask_key) in [("before", "before_sensitive"), ("after", "after_sensitive")] {
        let Some(mask) = c.get(mask_key).filter(|m| mask_has_true(m)).cloned() else {
            continue;
        };
        if let Some(v) = c.get_mut(value_key) {
            apply_mask(v, &mask, secrets, 0);
        }
    }
}

/// A `planned_values` / `prior_state.values` module: `{resources, child_modules}`.
fn redact_state_module(module: &mut Value, secrets: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        *module = Value::String(REDACTED.to_string());
        return;
    }
    if let Some(Value::Array(resources)) = module.get_mut("resources") {
        for r in resources.iter_mut() {
            let Some(mask) = r
                .get("sensitive_values")
                .filter(|m| mask_has_true(m))
                .cloned()
            else {
                continue;
            };
            if let Some(v) = r.get_mut("values") {
                apply_mask(v, &mask, secrets, depth + 1);
            }
        }
    }
    if let Some(Value::Array(children)) = module.get_mut("child_modules") {
        for child in children.iter_mut() {
            redact_state_module(child, secrets, depth + 1);
        }
    }
}

fn redact_config_module(
    module: &mut Value,
    path: &str,
    masks: &BTreeMap<ResourceKey, Value>,
    secrets: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        *module = Value::String(REDACTED.to_string());
        return;
    }
    if let Some(Value::Array(resources)) = module.get_mut("resources") {
        for r in resources.iter_mut() {
            let id = config_resource_key(r, path);
            if let (Some(mask), Some(expr)) = (masks.get(&id), r.get_mut("expressions")) {
                redact_expressions(expr, mask, secrets, depth + 1);
            }
        }
    }
    if let Some(Value::Object(vars)) = module.get_mut("variables") {
        for decl in vars.values_mut().filter(|d| is_sensitive(d)) {
            if let Some(d) = decl.get_mut("default") {
                apply_mask(d, &Value::Bool(true), secrets, depth + 1);
            }
        }
    }
    if let Some(Value::Object(outputs)) = module.get_mut("outputs") {
        for out in outputs.values_mut().filter(|o| is_sensitive(o)) {
            if let Some(expr) = out.get_mut("expression") {
                redact_constants(expr, secrets, depth + 1);
            }
        }
    }
    if let Some(Value::Object(calls)) = module.get_mut("module_calls") {
        for (name, call) in calls.iter_mut() {
            let child_path = child_module_path(path, name);
            // A literal passed to a variable the called module declares sensitive.
            let sensitive_inputs = call.get("module").map(sensitive_variables);
            if let (Some(inputs), Some(Value::Object(exprs))) =
                (sensitive_inputs, call.get_mut("expressions"))
            {
                for input in &inputs {
                    if let Some(e) = exprs.get_mut(input) {
                        redact_constants(e, secrets, depth + 1);
                    }
                }
            }
            if let Some(child) = call.get_mut("module") {
                redact_config_module(child, &child_path, masks, secrets, depth + 1);
            }
        }
    }
}

/// Applies an attribute mask to a resource's `expressions` (nested blocks are arrays of
/// expression objects; every block gets the union of the mask's elements).
fn redact_expressions(
    expr: &mut Value,
    mask: &Value,
    secrets: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        *expr = Value::String(REDACTED.to_string());
        return;
    }
    match (mask, expr) {
        (Value::Bool(true), e) => redact_constants(e, secrets, depth),
        // An attribute expression (`{"constant_value": ..}` or `{"references": [..]}`) under a
        // structured mask: some part of its value is sensitive, so its constant goes entirely.
        (m @ (Value::Object(_) | Value::Array(_)), Value::Object(e))
            if e.contains_key("constant_value") && mask_has_true_at(m, depth) =>
        {
            if let Some(c) = e.get_mut("constant_value") {
                apply_mask(c, &Value::Bool(true), secrets, depth + 1);
            }
        }
        (Value::Object(m), Value::Object(e)) => {
            for (k, sub) in m {
                if let Some(x) = e.get_mut(k) {
                    redact_expressions(x, sub, secrets, depth + 1);
                }
            }
        }
        (Value::Array(m), Value::Array(e)) => {
            let merged = union_of_elements(m, depth);
            for x in e.iter_mut() {
                redact_expressions(x, &merged, secrets, depth + 1);
            }
        }
        _ => {}
    }
}

/// Replaces every `constant_value` below `expr`.
fn redact_constants(expr: &mut Value, secrets: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        *expr = Value::String(REDACTED.to_string());
        return;
    }
    match expr {
        Value::Object(o) => {
            for (k, v) in o.iter_mut() {
                if k == "constant_value" {
                    apply_mask(v, &Value::Bool(true), secrets, depth + 1);
                } else {
                    redact_constants(v, secrets, depth + 1);
                }
            }
        }
        Value::Array(a) => a
            .iter_mut()
            .for_each(|x| redact_constants(x, secrets, depth + 1)),
        _ => {}
    }
}

/// Replaces the parts of `value` that `mask` marks, remembering the strings it removed.
fn apply_mask(value: &mut Value, mask: &Value, secrets: &mut BTreeSet<String>, depth: usize) {
    if value.is_null() || value.as_str() == Some(REDACTED) {
        return;
    }
    if depth > MAX_DEPTH {
        if mask_has_true_at(mask, depth) {
            *value = Value::String(REDACTED.to_string());
        }
        return;
    }
    match (mask, &mut *value) {
        (Value::Bool(true), v) => {
            collect_secret_strings(v, secrets, depth);
            *v = Value::String(REDACTED.to_string());
        }
        (Value::Object(m), Value::Object(v)) => {
            for (k, sub) in m {
                if let Some(x) = v.get_mut(k) {
                    apply_mask(x, sub, secrets, depth + 1);
                }
            }
        }
        (Value::Array(m), Value::Array(v)) => {
            for (x, sub) in v.iter_mut().zip(m.iter()) {
                apply_mask(x, sub, secrets, depth + 1);
            }
        }
        // A mask shaped unlike its value: redact all rather than guess.
        (m @ (Value::Object(_) | Value::Array(_)), v) if mask_has_true_at(m, depth) => {
            collect_secret_strings(v, secrets, depth);
            *v = Value::String(REDACTED.to_string());
        }
        _ => {}
    }
}

fn collect_secret_strings(v: &Value, secrets: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::String(s) if s != REDACTED => {
            secrets.insert(s.clone());
        }
        Value::Number(n) => {
            secrets.insert(n.to_string());
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| collect_secret_strings(x, secrets, depth + 1)),
        Value::Object(o) => o
            .values()
            .for_each(|x| collect_secret_strings(x, secrets, depth + 1)),
        _ => {}
    }
}

/// Replaces every remaining string equal to a known secret (e.g. the same password repeated as a
/// `constant_value` in `configuration`). Very short secrets are left to the masks alone, so that
/// redaction cannot wipe out ordinary words.
fn sweep(v: &mut Value, secrets: &BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        *v = Value::String(REDACTED.to_string());
        return;
    }
    match v {
        Value::String(s)
            if s.chars().count() >= MIN_SWEPT_CHARS && secrets.contains(s.as_str()) =>
        {
            *v = Value::String(REDACTED.to_string());
        }
        Value::Array(a) => a.iter_mut().for_each(|x| sweep(x, secrets, depth + 1)),
        Value::Object(o) => o.values_mut().for_each(|x| sweep(x, secrets, depth + 1)),
        _ => {}
    }
}

// ---- the read-only twin of the above, for `needs_redaction` ----

/// True when `value` still holds something where `mask` marks it.
fn leaks(value: &Value, mask: &Value, depth: usize) -> bool {
    if value.is_null() || value.as_str() == Some(REDACTED) {
        return false;
    }
    if depth > MAX_DEPTH {
        return mask_has_true_at(mask, depth);
    }
    match (mask, value) {
        (Value::Bool(true), _) => true,
        (Value::Object(m), Value::Object(v)) => m
            .iter()
            .any(|(k, sub)| v.get(k).is_some_and(|x| leaks(x, sub, depth + 1))),
        (Value::Array(m), Value::Array(v)) => v
            .iter()
            .zip(m.iter())
            .any(|(x, sub)| leaks(x, sub, depth + 1)),
        (m @ (Value::Object(_) | Value::Array(_)), _) => mask_has_true_at(m, depth),
        _ => false,
    }
}

fn change_leaks(change: &Value) -> bool {
    [("before", "before_sensitive"), ("after", "after_sensitive")]
        .iter()
        .any(
            |(value_key, mask_key)| match (change.get(value_key), change.get(mask_key)) {
                (Some(v), Some(m)) => leaks(v, m, 0),
                _ => false,
            },
        )
}

fn state_values(root: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    let planned = root.get("planned_values");
    let prior = root.get("prior_state").and_then(|p| p.get("values"));
    planned.into_iter().chain(prior)
}

fn state_module_leaks(module: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    let resources = module.get("resources").and_then(Value::as_array);
    if resources
        .into_iter()
        .flatten()
        .any(|r| match (r.get("values"), r.get("sensitive_values")) {
            (Some(v), Some(m)) => leaks(v, m, depth + 1),
            _ => false,
        })
    {
        return true;
    }
    let children = module.get("child_modules").and_then(Value::as_array);
    children
        .into_iter()
        .flatten()
        .any(|c| state_module_leaks(c, depth + 1))
}

fn config_module_leaks(
    module: &Value,
    path: &str,
    masks: &BTreeMap<ResourceKey, Value>,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return module.as_str() != Some(REDACTED);
    }
    let resources = module.get("resources").and_then(Value::as_array);
    for r in resources.into_iter().flatten() {
        let id = config_resource_key(r, path);
        if let (Some(mask), Some(expr)) = (masks.get(&id), r.get("expressions")) {
            if expressions_leak(expr, mask, depth + 1) {
                return true;
            }
        }
    }
    if let Some(vars) = module.get("variables").and_then(Value::as_object) {
        let defaults = vars
            .values()
            .filter(|d| is_sensitive(d))
            .filter_map(|d| d.get("default"));
        if defaults
            .into_iter()
            .any(|d| leaks(d, &Value::Bool(true), depth + 1))
        {
            return true;
        }
    }
    if let Some(outputs) = module.get("outputs").and_then(Value::as_object) {
        let exprs = outputs
            .values()
            .filter(|o| is_sensitive(o))
            .filter_map(|o| o.get("expression"));
        if exprs.into_iter().any(|e| constants_leak(e, depth + 1)) {
            return true;
        }
    }
    if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
        for (name, call) in calls {
            if let (Some(child), Some(exprs)) = (call.get("module"), call.get("expressions")) {
                for input in sensitive_variables(child) {
                    if exprs
                        .get(&input)
                        .is_some_and(|e| constants_leak(e, depth + 1))
                    {
                        return true;
                    }
                }
            }
            if let Some(child) = call.get("module") {
                let child_path = child_module_path(path, name);
                if config_module_leaks(child, &child_path, masks, depth + 1) {
                    return true;
                }
            }
        }
    }
    false
}

fn expressions_leak(expr: &Value, mask: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return expr.as_str() != Some(REDACTED);
    }
    match (mask, expr) {
        (Value::Bool(true), e) => constants_leak(e, depth),
        (m @ (Value::Object(_) | Value::Array(_)), Value::Object(e))
            if e.contains_key("constant_value") && mask_has_true_at(m, depth) =>
        {
            e.get("constant_value")
                .is_some_and(|c| leaks(c, &Value::Bool(true), depth + 1))
        }
        (Value::Object(m), Value::Object(e)) => m.iter().any(|(k, sub)| {
            e.get(k)
                .is_some_and(|x| expressions_leak(x, sub, depth + 1))
        }),
        (Value::Array(m), Value::Array(e)) => {
            let merged = union_of_elements(m, depth);
            e.iter().any(|x| expressions_leak(x, &merged, depth + 1))
        }
        _ => false,
    }
}

fn constants_leak(expr: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return expr.as_str() != Some(REDACTED);
    }
    match expr {
        Value::Object(o) => o.iter().any(|(k, v)| {
            if k == "constant_value" {
                leaks(v, &Value::Bool(true), depth + 1)
            } else {
                constants_leak(v, depth + 1)
            }
        }),
        Value::Array(a) => a.iter().any(|x| constants_leak(x, depth + 1)),
        _ => false,
    }
}

// ---- masks and keys ----

fn resource_key(module_address: &str, mode: &str, resource_type: &str, name: &str) -> ResourceKey {
    let mode = if mode.is_empty() { "managed" } else { mode };
    (
        strip_instance_keys(module_address),
        mode.to_string(),
        resource_type.to_string(),
        name.to_string(),
    )
}

/// The key of a `configuration` resource in the module at `path` (`""` for the root).
fn config_resource_key(resource: &Value, path: &str) -> ResourceKey {
    let text = |k: &str| resource.get(k).and_then(Value::as_str).unwrap_or("");
    resource_key(path, text("mode"), text("type"), text("name"))
}

fn child_module_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        format!("module.{name}")
    } else {
        format!("{parent}.module.{name}")
    }
}

fn mask_has_true_at(mask: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match mask {
        Value::Bool(b) => *b,
        Value::Array(a) => a.iter().any(|x| mask_has_true_at(x, depth + 1)),
        Value::Object(o) => o.values().any(|x| mask_has_true_at(x, depth + 1)),
        _ => false,
    }
}

/// One mask covering every element of an array mask (nested blocks in `configuration` are not
/// per instance).
fn union_of_elements(masks: &[Value], depth: usize) -> Value {
    masks
        .iter()
        .fold(Value::Bool(false), |acc, x| merge_masks(&acc, x, depth + 1))
}

/// The union of two sensitivity masks.
fn merge_masks(a: &Value, b: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Bool(true);
    }
    match (a, b) {
        (Value::Bool(true), _) | (_, Value::Bool(true)) => Value::Bool(true),
        (Value::Object(x), Value::Object(y)) => {
            let mut out = x.clone();
            for (k, v) in y {
                let merged = match x.get(k) {
                    Some(prev) => merge_masks(prev, v, depth + 1),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) => {
            let n = x.len().max(y.len());
            Value::Array(
                (0..n)
                    .map(|i| match (x.get(i), y.get(i)) {
                        (Some(p), Some(q)) => merge_masks(p, q, depth + 1),
                        (Some(p), None) | (None, Some(p)) => p.clone(),
                        (None, None) => Value::Bool(false),
                    })
                    .collect(),
            )
        }
        (Value::Bool(false) | Value::Null, other) | (other, Value::Bool(false) | Value::Null) => {
            other.clone()
        }
        // Shapes that disagree (an object against an array): if either marks anything, all of
        // it is sensitive.
        (x, y) => {
            if mask_has_true_at(x, depth) || mask_has_true_at(y, depth) {
                Value::Bool(true)
            } else {
                x.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn redacted_copy(doc: &Value) -> Value {
        let mut d = doc.clone();
        redact_document(&mut d);
        d
    }

    #[test]
    fn masks_redact_nested_values() {
        let doc = json!({
            "resource_changes": [{"change": {
                "before": {"pw": "old", "keep": 1, "list": ["a", "s3cr3t"]},
                "after": {"pw": "new", "keep": 2, "list": ["a", "b"]},
                "before_sensitive": {"pw": true, "list": [false, true]},
                "after_sensitive": {"pw": true}
            }}],
            "variables": {"token": {"value": "tok"}, "region": {"value": "eu-west-1"}},
            "configuration": {"root_module": {"variables": {"token": {"sensitive": true}}}}
        });
        assert!(needs_redaction(&doc));
        let r = redacted_copy(&doc);
        let c = &r["resource_changes"][0]["change"];
        assert_eq!(c["before"]["pw"], REDACTED);
        assert_eq!(c["after"]["pw"], REDACTED);
        assert_eq!(c["before"]["list"][1], REDACTED);
        assert_eq!(c["before"]["list"][0], "a");
        assert_eq!(c["after"]["keep"], 2);
        assert_eq!(r["variables"]["token"]["value"], REDACTED);
        assert_eq!(r["variables"]["region"]["value"], "eu-west-1");
        assert!(!needs_redaction(&r));
    }

    #[test]
    fn a_mask_shaped_unlike_its_value_redacts_the_whole_value() {
        let mut r = Redactor::new();
        let mut v = json!({"a": "hunter22", "b": ["x", "y"]});
        r.redact(&mut v, &json!({"a": [true], "b": {"0": false}}));
        assert_eq!(v, json!({"a": REDACTED, "b": ["x", "y"]}));
        assert!(r.found_secrets());
    }

    #[test]
    fn state_values_and_outputs_are_redacted() {
        let doc = json!({
            "planned_values": {
                "outputs": {"pw": {"sensitive": true, "value": "outsecret"},
                            "ok": {"sensitive": false, "value": "shown"}},
                "root_module": {"child_modules": [{"resources": [{
                    "values": {"password": "childsecret", "name": "db"},
                    "sensitive_values": {"password": true}
                }]}]}
            },
            "prior_state": {"values": {"root_module": {"resources": [{
                "values": {"token": "priorsecret"}, "sensitive_values": {"token": true}
            }]}}},
            "output_changes": {"pw": {"before": null, "after": "outsecret",
                                      "before_sensitive": false, "after_sensitive": true}}
        });
        assert!(needs_redaction(&doc));
        let text = redacted_copy(&doc).to_string();
        for secret in ["outsecret", "childsecret", "priorsecret"] {
            assert!(!text.contains(secret), "{secret}: {text}");
        }
        assert!(text.contains("shown") && text.contains(r#""name":"db""#));
    }

    #[test]
    fn configuration_constants_of_sensitive_attributes_are_redacted() {
        // The change values may already be redacted (as the plan parser keeps them): the masks
        // alone name the configuration constants to remove.
        let doc = json!({
            "resource_changes": [{
                "address": "module.db[0].aws_db_instance.main", "module_address": "module.db[0]",
                "mode": "managed", "type": "aws_db_instance", "name": "main",
                "change": {"after": {"password": "(sensitive)", "username": "admin"},
                           "after_sensitive": {"password": true}}
            }],
            "configuration": {"root_module": {
                "module_calls": {"db": {
                    "expressions": {"pw": {"constant_value": "passedin"},
                                    "size": {"constant_value": "large"}},
                    "module": {
                        "resources": [{"address": "aws_db_instance.main", "mode": "managed",
                            "type": "aws_db_instance", "name": "main", "expressions": {
                                "password": {"constant_value": "hunter22"},
                                "username": {"constant_value": "admin"}}}],
                        "variables": {"pw": {"default": "topsecret", "sensitive": true},
                                      "size": {"default": "small"}}
                    }}},
                "outputs": {"conn": {"sensitive": true,
                                     "expression": {"constant_value": "outconst"}}}
            }}
        });
        assert!(needs_redaction(&doc));
        let r = redacted_copy(&doc);
        let text = r.to_string();
        for secret in ["hunter22", "topsecret", "passedin", "outconst"] {
            assert!(!text.contains(secret), "{secret}: {text}");
        }
        assert!(text.contains(r#""constant_value":"admin""#), "{text}");
        assert!(text.contains("large") && text.contains("small"), "{text}");
        assert!(!needs_redaction(&r));
    }

    #[test]
    fn noted_masks_reach_a_document_without_resource_changes() {
        // How the plan parser keeps a small document: changes live apart from it.
        let mut r = Redactor::new();
        let mut after = json!({"password": "hunter22", "name": "db"});
        let mask = json!({"password": true});
        r.redact(&mut after, &mask);
        r.note_resource("", "managed", "aws_db_instance", "d", &mask);
        let mut doc = json!({"configuration": {"root_module": {"resources": [
            {"mode": "managed", "type": "aws_db_instance", "name": "d",
             "expressions": {"password": {"constant_value": "hunter22"},
                             "name": {"constant_value": "db"}}},
            {"mode": "managed", "type": "aws_instance", "name": "other",
             "expressions": {"user_data": {"constant_value": "echo hunter22 > x"},
                             "tags": {"constant_value": {"Copy": "hunter22"}}}}
        ]}}});
        r.redact_document(&mut doc);
        let text = doc.to_string();
        assert!(!text.contains(r#""hunter22""#), "{text}");
        assert!(text.contains(r#""constant_value":"db""#), "{text}");
        // Only whole-string copies are swept; a secret embedded in a longer string is not found.
        assert!(text.contains("echo hunter22 > x"), "{text}");
        assert_eq!(after["password"], REDACTED);
    }

    #[test]
    fn secrets_repeated_elsewhere_are_swept_but_short_ones_are_not() {
        let doc = json!({
            "resource_changes": [{"change": {
                "after": {"password": "hunter22", "pin": "abc", "name": "db"},
                "after_sensitive": {"password": true, "pin": true}
            }}],
            "variables": {"copy": {"value": "hunter22"}, "word": {"value": "abc"}}
        });
        let r = redacted_copy(&doc);
        let text = r.to_string();
        assert!(!text.contains("hunter22"), "{text}");
        assert_eq!(r["resource_changes"][0]["change"]["after"]["pin"], REDACTED);
        assert_eq!(r["variables"]["word"]["value"], "abc");
    }

    #[test]
    fn redaction_is_idempotent_and_leaves_clean_documents_alone() {
        let doc = json!({
            "resource_changes": [{"mode": "managed", "type": "t", "name": "n", "change": {
                "after": {"s": "hunter22", "l": [{"k": "v"}]},
                "after_sensitive": {"s": true, "l": [{"k": true}]}}}],
            "configuration": {"root_module": {"resources": [{"mode": "managed", "type": "t",
                "name": "n", "expressions": {"s": {"constant_value": "hunter22"},
                "l": [{"k": {"constant_value": "v"}}]}}]}}
        });
        let once = redacted_copy(&doc);
        assert_eq!(redacted_copy(&once), once);
        assert!(matches!(redacted(&once), Cow::Borrowed(_)));
        assert!(matches!(redacted(&doc), Cow::Owned(ref d) if *d == once));
        assert_eq!(
            once["configuration"]["root_module"]["resources"][0]["expressions"]["l"][0]["k"]
                ["constant_value"],
            REDACTED
        );
        let clean = json!({"resource_changes": [{"change": {"after": {"a": 1}}}]});
        assert!(!needs_redaction(&clean));
    }

    #[test]
    fn nesting_past_the_limit_is_replaced_not_recursed() {
        let mut deep = json!("hunter22");
        let mut mask = json!(true);
        for _ in 0..MAX_DEPTH + 10 {
            deep = json!([deep]);
            mask = json!([mask]);
        }
        let mut r = Redactor::new();
        r.redact(&mut deep, &mask);
        assert!(!deep.to_string().contains("hunter22"));
        assert!(!needs_redaction(
            &json!({"variables": {}, "output_changes": {"o": {
            "after": deep, "after_sensitive": mask}}})
        ));
    }
}
