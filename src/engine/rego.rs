/*!
User policies in Rego, evaluated with `regorus`, compatible with conftest.

What it owns: compiling the operator's `.rego` modules once ([`RegoPolicies::compile`]) and
evaluating them against one plan document ([`RegoPolicies::evaluate`]). It never reads files: the
caller (the policy file loader) passes `(module name, source)` pairs.

Conftest compatibility, and where this deliberately differs:
- Rules are found the way conftest finds them: every rule whose name matches
  `^(deny|violation)(_[a-zA-Z0-9]+)*$` gives **veto** findings, and every rule matching
  `^warn(_[a-zA-Z0-9]+)*$` gives **warn** findings.
- Namespaces: conftest looks only in package `main` unless given `--all-namespaces`. Here every
  package is evaluated (as with `--all-namespaces`), because a policy an operator placed in the
  policy directory and that silently never ran would be a hole in an auditor.
- A rule's value is a set (or array) of strings, or of objects with a string `msg` field (conftest's
  metadata form, e.g. `violation[{"msg": m, "details": d}]`). An object without a string `msg` is
  an evaluation error, as in conftest. Unlike conftest, a rule whose value is plain `true`
  (`deny if { ... }`) or a single string is also a finding: for an auditor a firing deny rule must
  never count as a pass.
- conftest's `exception` rule is honoured: `exception contains ["<name>"]` in a package drops the
  results of `deny_<name>` / `violation_<name>` (or of the rule of that exact name) in that package.
- Syntax: a module is parsed as Rego v1 (the OPA 1.0 default, and what `import rego.v1` asks for);
  if that fails it is parsed as Rego v0 (`deny[msg] { ... }`), which is what `conftest
  --rego-version v0` accepts. Both styles can be mixed in one policy directory.
- Finding ids are `rego:<package>.<rule>` (e.g. `rego:main.deny`); the resource is the result
  object's `resource` or `address` string field when it has one, else `None`; the message is `msg`
  (made one line and capped).

Sensitive values: rules get the plan JSON as `input`, with every value Terraform marks sensitive
replaced by `"(sensitive)"` (see [`super::redact`]: changes, state values, outputs, sensitive
variables, the `configuration` constants behind them, and copies elsewhere). A user rule therefore
cannot copy a secret into a finding message (conftest's own example policies `sprintf` the whole
`input`), and cannot test a secret's value either. The engine passes `Plan::document`, which the
plan parser has already redacted; [`RegoPolicies::evaluate`] confirms that with a read-only walk
([`super::redact::needs_redaction`]) and redacts a copy of any document that is not, so it is safe
on any input without redacting parsed plans twice.

Bounds: each rule query runs under a wall-clock limit (regorus' execution timer), the input has a
nesting limit, and every failure is an error value, never a panic; the engine turns it into a
fail-closed `user_policy_error` finding. Compile time catches syntax errors (naming the module);
an unknown function or a conflicting rule definition surfaces at evaluation, also fail-closed.
Rules get no `data` document besides the policies themselves, and no network or file builtins are
reachable (regorus' `http.send` returns undefined and `opa.runtime` exposes no environment).
*/
use std::collections::BTreeSet;
use std::num::NonZeroU32;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value as Json;

use super::findings::{Disposition, Finding};
use super::redact;

/// Wall-clock budget for one rule query against one plan.
const EVAL_TIME_LIMIT: Duration = Duration::from_secs(20);
/// Deepest input nesting handed to the Rego engine (its value conversion is recursive).
/// Terraform plans nest a few dozen levels; the plan parser enforces its own, stricter cap.
const MAX_INPUT_DEPTH: usize = 200;
/// Longest finding message kept from a rule, in bytes.
const MAX_MESSAGE_BYTES: usize = 1000;

/// Whether a rule's results veto or warn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    Failure,
    Warning,
}

/// One `deny`/`violation`/`warn` rule to query.
#[derive(Debug, Clone)]
struct RuleRef {
    /// Dotted package name for finding ids, e.g. `main` or `terraform.aws`.
    package: String,
    /// Query path, e.g. `data.main.deny`.
    path: String,
    /// Rule name, e.g. `deny_public_bucket`.
    name: String,
    kind: RuleKind,
}

/// A package that declares conftest's `exception` rule.
#[derive(Debug, Clone)]
struct ExceptionRef {
    package: String,
    path: String,
}

/// Compiled user policies. Cheap to clone; evaluation takes `&self`.
#[derive(Debug, Clone, Default)]
pub struct RegoPolicies {
    /// (module name, source) pairs as loaded by the caller.
    pub modules: Vec<(String, String)>,
    /// `None` when there are no modules: evaluation is then free.
    engine: Option<regorus::Engine>,
    rules: Vec<RuleRef>,
    exceptions: Vec<ExceptionRef>,
}

/// Errors from compiling or evaluating user policies. Each displays as one line.
#[derive(Debug, thiserror::Error)]
pub enum RegoError {
    /// A module does not parse or does not compile; `name` is the module's name.
    #[error("rego policy {name}: {reason}")]
    Compile { name: String, reason: String },
    /// A rule failed at evaluation time (a builtin error, a conflict, a malformed result, the
    /// time limit, or an input the engine cannot take).
    #[error("rego evaluation failed: {0}")]
    Eval(String),
    /// A namespace to run (conftest's `--namespace`) has no rule in the policies.
    #[error("--namespace {namespace}: no deny, violation or warn rule in that package; packages with rules: {known}")]
    UnknownNamespace { namespace: String, known: String },
}

impl RegoPolicies {
    /// Compiles the modules; a syntax error names the module.
    pub fn compile(modules: &[(String, String)]) -> Result<RegoPolicies, RegoError> {
        if modules.is_empty() {
            return Ok(RegoPolicies::default());
        }
        let mut engine = regorus::Engine::new();
        for (name, source) in modules {
            add_module(&mut engine, name, source)?;
        }
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: EVAL_TIME_LIMIT,
            check_interval: NonZeroU32::MIN.saturating_add(999),
        });

        let (rules, exceptions) = find_rules(&mut engine)?;

        // Scheduling, conflicting definitions and unknown functions surface only when the engine
        // prepares for evaluation; do it now so a broken policy directory fails at load time.
        engine
            .eval_query("true".to_string(), false)
            .map_err(|e| RegoError::Compile {
                name: module_named_in(&e.to_string(), modules),
                reason: tidy_error(&e.to_string()),
            })?;

        Ok(RegoPolicies {
            modules: modules.to_vec(),
            engine: Some(engine),
            rules,
            exceptions,
        })
    }

    /// Evaluates every `deny`, `violation` and `warn` rule with the plan document as `input`.
    /// Meant for `Plan::document` from the plan parser (already redacted, used as is); any other
    /// document is redacted into a copy first, so no rule ever sees a sensitive value.
    pub fn evaluate(&self, plan_document: &serde_json::Value) -> Result<Vec<Finding>, RegoError> {
        let Some(template) = &self.engine else {
            return Ok(Vec::new());
        };
        if self.rules.is_empty() {
            return Ok(Vec::new());
        }
        if depth_exceeds(plan_document, MAX_INPUT_DEPTH) {
            return Err(RegoError::Eval(format!(
                "the plan nests deeper than {MAX_INPUT_DEPTH} levels; user policies cannot take it"
            )));
        }
        let redacted = redact::redacted(plan_document);
        let input = regorus::Value::deserialize(&*redacted)
            .map_err(|e| RegoError::Eval(format!("plan cannot be given to Rego: {e}")))?;
        let mut engine = template.clone();
        engine.set_input(input);

        let mut excepted: BTreeSet<(String, String)> = BTreeSet::new();
        for exc in &self.exceptions {
            let value = engine.eval_rule(exc.path.clone()).map_err(|e| {
                RegoError::Eval(format!("{}: {}", exc.path, tidy_error(&e.to_string())))
            })?;
            let mut names = Vec::new();
            collect_strings(&value, &mut names, 0);
            for n in names {
                excepted.insert((exc.package.clone(), n));
            }
        }

        let mut findings = Vec::new();
        for rule in &self.rules {
            if excepted.contains(&(rule.package.clone(), exception_name(&rule.name).to_string())) {
                continue;
            }
            let value = engine.eval_rule(rule.path.clone()).map_err(|e| {
                RegoError::Eval(format!("{}: {}", rule.path, tidy_error(&e.to_string())))
            })?;
            results_to_findings(rule, &value, &mut findings)?;
        }
        findings.sort();
        findings.dedup();
        Ok(findings)
    }

    /// Keeps only the rules of the named packages (conftest's `--namespace`). A name with no
    /// rule at all is an error: a policy that silently never runs would be a hole in an audit.
    pub fn retain_namespaces(&mut self, namespaces: &[String]) -> Result<(), RegoError> {
        for ns in namespaces {
            if !self.rules.iter().any(|r| &r.package == ns) {
                let mut known: Vec<&str> = self.rules.iter().map(|r| r.package.as_str()).collect();
                known.sort_unstable();
                known.dedup();
                return Err(RegoError::UnknownNamespace {
                    namespace: ns.clone(),
                    known: if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    },
                });
            }
        }
        self.rules.retain(|r| namespaces.contains(&r.package));
        self.exceptions.retain(|e| namespaces.contains(&e.package));
        Ok(())
    }

    /// True when no user rule would run.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// One Rego unit test's outcome (`rego test`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegoTestOutcome {
    /// `<package>.<rule>`, e.g. `main.test_deny_public_bucket`.
    pub name: String,
    /// `None` when the test passed; else why not (false, undefined, or an evaluation error).
    pub failure: Option<String>,
}

/// Runs every `test_*` rule of the modules, as `conftest verify` / `opa test` do: a test passes
/// when its value is `true`. Tests get no input besides what they give with `with input as`.
pub fn run_tests(modules: &[(String, String)]) -> Result<Vec<RegoTestOutcome>, RegoError> {
    let mut engine = regorus::Engine::new();
    for (name, source) in modules {
        add_module(&mut engine, name, source)?;
    }
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: EVAL_TIME_LIMIT,
        check_interval: NonZeroU32::MIN.saturating_add(999),
    });
    let tests = find_all_rules(&mut engine)?.tests;
    let mut out = Vec::new();
    for t in &tests {
        let failure = match engine.eval_rule(t.path.clone()) {
            Ok(regorus::Value::Bool(true)) => None,
            Ok(regorus::Value::Undefined) => {
                Some("undefined (a condition did not hold)".to_string())
            }
            Ok(other) => Some(format!(
                "value is {}, not true",
                one_line(&other.to_string())
            )),
            Err(e) => Some(format!("error: {}", tidy_error(&e.to_string()))),
        };
        out.push(RegoTestOutcome {
            name: format!("{}.{}", t.package, t.name),
            failure,
        });
    }
    Ok(out)
}

/// Adds one module, as Rego v1 first and then as v0; a module valid in neither is reported with
/// the v1 parser's message (the current language), or the v0 one when the module is plainly v0.
fn add_module(engine: &mut regorus::Engine, name: &str, source: &str) -> Result<(), RegoError> {
    // add_policy only appends on success, so a failed attempt leaves the engine unchanged.
    engine.set_rego_v0(false);
    let v1 = engine.add_policy(name.to_string(), source.to_string());
    let Err(v1_err) = v1 else {
        return Ok(());
    };
    engine.set_rego_v0(true);
    let v0 = engine.add_policy(name.to_string(), source.to_string());
    engine.set_rego_v0(false);
    let Err(v0_err) = v0 else {
        return Ok(());
    };
    // A module that opts into v1 explicitly should be judged by the v1 grammar.
    let reason = if source.contains("rego.v1") {
        tidy_error(&v1_err.to_string())
    } else {
        tidy_error(&v0_err.to_string())
    };
    Err(RegoError::Compile {
        name: name.to_string(),
        reason,
    })
}

/// Lists the conftest rules (and `exception` rules) declared in every package.
fn find_rules(
    engine: &mut regorus::Engine,
) -> Result<(Vec<RuleRef>, Vec<ExceptionRef>), RegoError> {
    let declared = find_all_rules(engine)?;
    Ok((declared.rules, declared.exceptions))
}

/// What the modules declare that this module queries.
struct DeclaredRules {
    rules: Vec<RuleRef>,
    exceptions: Vec<ExceptionRef>,
    /// Unit tests: `test_*` rules, as `conftest verify` and `opa test` find them.
    tests: Vec<RuleRef>,
}

/// The conftest rules, `exception` rules and unit tests declared in every package.
fn find_all_rules(engine: &mut regorus::Engine) -> Result<DeclaredRules, RegoError> {
    use regorus::unstable::Rule;

    let mut rules: Vec<RuleRef> = Vec::new();
    let mut exceptions: Vec<ExceptionRef> = Vec::new();
    let mut tests: Vec<RuleRef> = Vec::new();
    let modules = engine.get_modules().clone();
    for module in modules.iter() {
        let file = module.package.span.source.file().to_string();
        let components =
            package_components(&module.package.refr).map_err(|reason| RegoError::Compile {
                name: file.clone(),
                reason,
            })?;
        let package = components.join(".");
        let package_path = data_path(&components);
        for rule in &module.policy {
            let refr = match rule.as_ref() {
                Rule::Spec { head, .. } => match head {
                    regorus::unstable::RuleHead::Compr { refr, .. }
                    | regorus::unstable::RuleHead::Set { refr, .. } => refr.clone(),
                    // Functions are not conftest rules.
                    regorus::unstable::RuleHead::Func { .. } => continue,
                },
                Rule::Default { refr, .. } => refr.clone(),
            };
            let name = match regorus::utils::get_root_var(&refr) {
                Ok(v) => v.text().to_string(),
                Err(_) => continue,
            };
            let kind = if is_failure(&name) {
                RuleKind::Failure
            } else if is_warning(&name) {
                RuleKind::Warning
            } else {
                let is_new_test = name.starts_with("test_")
                    && !tests.iter().any(|t| t.package == package && t.name == name);
                if is_new_test {
                    tests.push(RuleRef {
                        package: package.clone(),
                        path: format!("{package_path}.{name}"),
                        name: name.clone(),
                        kind: RuleKind::Failure,
                    });
                }
                if name == "exception" && !exceptions.iter().any(|e| e.package == package) {
                    exceptions.push(ExceptionRef {
                        package: package.clone(),
                        path: format!("{package_path}.exception"),
                    });
                }
                continue;
            };
            // One rule may have many definitions across files; query it once.
            if rules.iter().any(|r| r.package == package && r.name == name) {
                continue;
            }
            rules.push(RuleRef {
                package: package.clone(),
                path: format!("{package_path}.{name}"),
                name,
                kind,
            });
        }
    }
    Ok(DeclaredRules {
        rules,
        exceptions,
        tests,
    })
}

/// Package name components of `package a.b["c-d"]`: `["a", "b", "c-d"]`.
fn package_components(refr: &regorus::unstable::Expr) -> Result<Vec<String>, String> {
    use regorus::unstable::Expr;
    let mut out = Vec::new();
    let mut cur = refr;
    loop {
        match cur {
            Expr::Var { span, .. } => {
                out.push(span.text().to_string());
                break;
            }
            Expr::RefDot { refr, field, .. } => {
                out.push(field.0.text().to_string());
                cur = refr;
            }
            Expr::RefBrack { refr, index, .. } => {
                match index.as_ref() {
                    Expr::String { value, .. } => match value.as_string() {
                        Ok(s) => out.push(s.to_string()),
                        Err(_) => return Err("unsupported package name".to_string()),
                    },
                    _ => return Err("unsupported package name".to_string()),
                }
                cur = refr;
            }
            _ => return Err("unsupported package name".to_string()),
        }
    }
    out.reverse();
    Ok(out)
}

/// `data.a.b["c-d"]` for the components above.
fn data_path(components: &[String]) -> String {
    let mut path = String::from("data");
    for c in components {
        let ident = c
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if ident {
            path.push('.');
            path.push_str(c);
        } else {
            path.push('[');
            path.push_str(&Json::String(c.clone()).to_string());
            path.push(']');
        }
    }
    path
}

/// conftest: `^(deny|violation)(_[a-zA-Z0-9]+)*$`.
fn is_failure(name: &str) -> bool {
    ["deny", "violation"]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(suffixes_ok))
}

/// conftest: `^warn(_[a-zA-Z0-9]+)*$`.
fn is_warning(name: &str) -> bool {
    name.strip_prefix("warn").is_some_and(suffixes_ok)
}

/// `(_[a-zA-Z0-9]+)*`
fn suffixes_ok(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix('_') else {
        return false;
    };
    rest.split('_')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// conftest's `removeFailurePrefix`: the name an `exception` entry refers to.
fn exception_name(rule: &str) -> &str {
    rule.strip_prefix("deny_")
        .or_else(|| rule.strip_prefix("violation_"))
        .unwrap_or(rule)
}

/// Turns one rule's value into findings.
fn results_to_findings(
    rule: &RuleRef,
    value: &regorus::Value,
    out: &mut Vec<Finding>,
) -> Result<(), RegoError> {
    use regorus::Value as V;
    match value {
        V::Undefined | V::Null | V::Bool(false) => Ok(()),
        V::Set(items) => {
            for item in items.iter() {
                out.push(item_to_finding(rule, item)?);
            }
            Ok(())
        }
        V::Array(items) => {
            for item in items.iter() {
                out.push(item_to_finding(rule, item)?);
            }
            Ok(())
        }
        V::Bool(true) => {
            out.push(make_finding(
                rule,
                None,
                &format!("policy rule {} is true", rule.path),
            ));
            Ok(())
        }
        V::String(_) | V::Object(_) => {
            out.push(item_to_finding(rule, value)?);
            Ok(())
        }
        V::Number(_) => Err(RegoError::Eval(format!(
            "{}: the rule's value is a number; it must be a set of strings or of objects with msg",
            rule.path
        ))),
    }
}

fn item_to_finding(rule: &RuleRef, item: &regorus::Value) -> Result<Finding, RegoError> {
    use regorus::Value as V;
    match item {
        V::String(msg) => Ok(make_finding(rule, None, msg)),
        V::Object(obj) => {
            let msg = match obj.get(&V::from("msg")) {
                Some(V::String(m)) => m.clone(),
                Some(_) => {
                    return Err(RegoError::Eval(format!(
                        "{}: a result's msg field must be a string",
                        rule.path
                    )))
                }
                None => {
                    return Err(RegoError::Eval(format!(
                        "{}: a result object has no msg field",
                        rule.path
                    )))
                }
            };
            let resource =
                ["resource", "address"]
                    .iter()
                    .find_map(|k| match obj.get(&V::from(*k)) {
                        Some(V::String(s)) if !s.is_empty() => Some(one_line(s)),
                        _ => None,
                    });
            Ok(make_finding(rule, resource.as_deref(), &msg))
        }
        _ => Err(RegoError::Eval(format!(
            "{}: a result must be a string or an object with a msg field",
            rule.path
        ))),
    }
}

fn make_finding(rule: &RuleRef, resource: Option<&str>, msg: &str) -> Finding {
    let disposition = match rule.kind {
        RuleKind::Failure => Disposition::Veto,
        RuleKind::Warning => Disposition::Warn,
    };
    let mut message = one_line(msg);
    if message.is_empty() {
        message = format!("policy rule {} fired without a message", rule.path);
    }
    Finding::new(
        &format!("rego:{}.{}", rule.package, rule.name),
        disposition,
        resource,
        message,
    )
}

/// Collects the strings inside a (nested) value: conftest's `exception[_][_]`.
fn collect_strings(value: &regorus::Value, out: &mut Vec<String>, depth: usize) {
    use regorus::Value as V;
    if depth > 2 {
        return;
    }
    match value {
        V::String(s) => out.push(s.to_string()),
        V::Set(items) => items
            .iter()
            .for_each(|v| collect_strings(v, out, depth + 1)),
        V::Array(items) => items
            .iter()
            .for_each(|v| collect_strings(v, out, depth + 1)),
        _ => {}
    }
}

/// Collapses whitespace and control characters to single spaces and caps the length, so a
/// message or error is one line.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_MESSAGE_BYTES));
    let mut last_space = true;
    for ch in s.chars() {
        let ch = if ch.is_whitespace() || ch.is_control() {
            ' '
        } else {
            ch
        };
        if ch == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if out.len() + ch.len_utf8() > MAX_MESSAGE_BYTES {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out.trim_end().to_string()
}

/// regorus reports errors as a source excerpt (`--> file:line:col`, the line, a caret, then
/// `error: what`); keep `file:line:col: what` on one line, or the whole text flattened when it has
/// another shape.
fn tidy_error(text: &str) -> String {
    let location = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::trim);
    let what = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
        .map(str::trim);
    match (location, what) {
        (Some(loc), Some(what)) => one_line(&format!("{loc}: {what}")),
        _ => one_line(text),
    }
}

/// The module an engine error points at (regorus prefixes errors with `file:line:col`), else a
/// generic name.
fn module_named_in(error: &str, modules: &[(String, String)]) -> String {
    modules
        .iter()
        .map(|(n, _)| n)
        .filter(|n| error.contains(n.as_str()))
        .max_by_key(|n| n.len())
        .cloned()
        .unwrap_or_else(|| "policy directory".to_string())
}

/// True when `v` nests deeper than `limit` (iterative, so it cannot overflow the stack itself).
fn depth_exceeds(v: &Json, limit: usize) -> bool {
    let mut stack: Vec<(&Json, usize)> = vec![(v, 1)];
    while let Some((v, d)) = stack.pop() {
        if d > limit {
            return true;
        }
        match v {
            Json::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Json::Object(o) => stack.extend(o.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conftest_rule_name_patterns() {
        for ok in ["deny", "violation", "deny_x", "deny_a_b2", "violation_Z9"] {
            assert!(is_failure(ok), "{ok}");
        }
        for ok in ["warn", "warn_tags", "warn_a_b"] {
            assert!(is_warning(ok), "{ok}");
        }
        for no in [
            "denyx", "deny_", "deny__x", "deny-x", "xdeny", "warning", "allow", "",
        ] {
            assert!(!is_failure(no) && !is_warning(no), "{no}");
        }
        assert_eq!(exception_name("deny_foo"), "foo");
        assert_eq!(exception_name("violation_foo"), "foo");
        assert_eq!(exception_name("warn_foo"), "warn_foo");
    }

    #[test]
    fn one_line_collapses_and_caps() {
        assert_eq!(one_line("a\n\n b\tc\r"), "a b c");
        let long = "x".repeat(5000);
        assert!(one_line(&long).len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
    }

    #[test]
    fn engine_errors_become_location_and_reason() {
        let text =
            "--> broken.rego:7:1\n  |\n7 | \n  | ^\nerror: expecting `}` while parsing query";
        assert_eq!(
            tidy_error(text),
            "broken.rego:7:1: expecting `}` while parsing query"
        );
        assert_eq!(tidy_error("plain\nfailure"), "plain failure");
    }

    #[test]
    fn data_path_quotes_non_identifiers() {
        assert_eq!(data_path(&["main".into()]), "data.main");
        assert_eq!(data_path(&["a".into(), "b-c".into()]), r#"data.a["b-c"]"#);
    }
}
