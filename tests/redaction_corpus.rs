/*!
DESIGN rule "sensitive values never appear in findings or output", checked on every corpus plan:
the values Terraform marks sensitive (found here by an independent walk of the raw plan's masks)
must appear nowhere in `Plan::document` or `Plan::changes` (whichever way the plan is parsed), nor
in `airgap-audit check --format json` output, with and without a user policy that dumps its whole
input into finding messages.
*/
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support_plan::raw_document;
use airgap_audit::engine::policy::PolicyConfig;
use airgap_audit::engine::{plan, redact};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tfplans");
const LEAK_POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/rego/redaction/leak.rego"
);
const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");

/// String leaves of `value` at the positions `mask` marks `true` (the oracle: written apart from
/// the redaction code it checks).
fn marked(value: &Value, mask: &Value, out: &mut BTreeSet<String>) {
    match (mask, value) {
        (Value::Bool(true), v) => leaves(v, out),
        (Value::Object(m), Value::Object(v)) => {
            for (k, sub) in m {
                if let Some(x) = v.get(k) {
                    marked(x, sub, out);
                }
            }
        }
        (Value::Array(m), Value::Array(v)) => {
            for (x, sub) in v.iter().zip(m) {
                marked(x, sub, out);
            }
        }
        _ => {}
    }
}

fn leaves(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        // Short strings (and numbers, booleans) would match unrelated text; the secrets that
        // matter are the long ones.
        Value::String(s) if s.chars().count() >= 4 => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
        Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
        _ => {}
    }
}

/// Every secret the raw plan marks sensitive: change and drift values, output changes, state
/// resources and outputs, and root variables declared sensitive.
fn secrets_of(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let pair = |c: &Value, out: &mut BTreeSet<String>| {
        for (v, m) in [("before", "before_sensitive"), ("after", "after_sensitive")] {
            if let (Some(v), Some(m)) = (c.get(v), c.get(m)) {
                marked(v, m, out);
            }
        }
    };
    for key in ["resource_changes", "resource_drift"] {
        for rc in doc[key].as_array().into_iter().flatten() {
            pair(&rc["change"], &mut out);
        }
    }
    for oc in doc["output_changes"].as_object().into_iter().flatten() {
        pair(oc.1, &mut out);
    }
    fn module(m: &Value, out: &mut BTreeSet<String>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            marked(&r["values"], &r["sensitive_values"], out);
        }
        for c in m["child_modules"].as_array().into_iter().flatten() {
            module(c, out);
        }
    }
    for state in [&doc["planned_values"], &doc["prior_state"]["values"]] {
        module(&state["root_module"], &mut out);
        for o in state["outputs"].as_object().into_iter().flatten() {
            if o.1["sensitive"] == true {
                leaves(&o.1["value"], &mut out);
            }
        }
    }
    let decls = &doc["configuration"]["root_module"]["variables"];
    for (name, decl) in decls.as_object().into_iter().flatten() {
        if decl["sensitive"] == true {
            leaves(&doc["variables"][name]["value"], &mut out);
        }
    }
    out
}

/// Every corpus plan with the secrets it holds.
fn corpus() -> Vec<(PathBuf, Vec<u8>, BTreeSet<String>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let secrets = secrets_of(&raw_document(&bytes));
        out.push((path, bytes, secrets));
    }
    out.sort();
    out
}

fn assert_absent(what: &str, text: &str, secrets: &BTreeSet<String>) {
    for s in secrets {
        // Also as JSON escapes it, in case a secret holds quotes or backslashes.
        let escaped = serde_json::to_string(s).unwrap();
        let escaped = &escaped[1..escaped.len() - 1];
        assert!(
            !text.contains(s.as_str()) && !text.contains(escaped),
            "{what}: sensitive value {s:?} leaked"
        );
    }
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn the_oracle_finds_the_known_secrets() {
    let all = corpus();
    assert_eq!(all.len(), 41);
    let find = |file: &str| {
        all.iter()
            .find(|(p, _, _)| name(p) == file)
            .map(|(_, bytes, s)| (bytes.clone(), s.clone()))
            .unwrap()
    };
    for (file, secret) in [
        (
            "snyk__policy-engine__aws-rds-sensitive-password.json",
            "foobarbaz",
        ),
        (
            "local__terraform-1.11.4__terraform-data-all-actions.json",
            "s3cr3t",
        ),
    ] {
        let (bytes, secrets) = find(file);
        assert!(secrets.contains(secret), "{file}: {secrets:?}");
        // The raw plan holds it in clear, in `configuration` too for the snyk plan.
        assert!(String::from_utf8_lossy(&bytes).contains(secret));
    }
    let snyk = raw_document(&find("snyk__policy-engine__aws-rds-sensitive-password.json").0);
    assert_eq!(
        snyk["configuration"]["root_module"]["resources"][0]["expressions"]["password"]
            ["constant_value"],
        "foobarbaz"
    );
}

#[test]
fn parsed_plans_hold_no_sensitive_value() {
    let mut with_rego = PolicyConfig::default();
    with_rego.rego.dir = Some("policy".to_string());
    let mut checked = 0;
    for (path, bytes, secrets) in corpus() {
        let file = name(&path);
        // Parsed documents are redacted once, by the parser: user policies take them as they are.
        let full = plan::parse(&bytes, &with_rego).unwrap();
        assert!(!redact::needs_redaction(&full.document), "{file}");
        assert_eq!(
            redact::needs_redaction(&raw_document(&bytes)),
            !secrets.is_empty(),
            "{file}"
        );
        if secrets.is_empty() {
            continue;
        }
        for (mode, config) in [
            ("small", PolicyConfig::default()),
            ("full", with_rego.clone()),
        ] {
            let parsed = [
                ("parse", plan::parse(&bytes, &config).unwrap()),
                (
                    "parse_reader",
                    plan::parse_reader(&bytes[..], &config).unwrap(),
                ),
            ];
            for (how, p) in parsed {
                assert_eq!(p.document_complete, mode == "full", "{file}");
                let what = format!("{file} ({how}, {mode} document)");
                let doc = serde_json::to_string(&p.document).unwrap();
                assert_absent(&format!("{what} document"), &doc, &secrets);
                let changes = serde_json::to_string(&p.changes).unwrap();
                assert_absent(&format!("{what} changes"), &changes, &secrets);
                assert!(changes.contains(plan::REDACTED), "{what}: nothing redacted");
            }
        }
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} corpus plans hold secrets");
}

#[test]
fn check_json_output_holds_no_sensitive_value() {
    let tmp = tempfile::tempdir().unwrap();
    let policy_dir = tmp.path().join("policy");
    std::fs::create_dir(&policy_dir).unwrap();
    std::fs::copy(LEAK_POLICY, policy_dir.join("leak.rego")).unwrap();
    let toml = tmp.path().join("policy.toml");
    std::fs::write(&toml, "[rego]\ndir = \"policy\"\n").unwrap();

    let mut checked = 0;
    for (path, _, secrets) in corpus() {
        if secrets.is_empty() {
            continue;
        }
        let file = name(&path);
        for policy in [None, Some(&toml)] {
            let mut cmd = Command::new(BIN);
            cmd.args(["check", "--request", "Update the database password"])
                .arg("--plan")
                .arg(&path)
                .args(["--format", "json"]);
            if let Some(t) = policy {
                cmd.arg("--policy").arg(t);
            }
            let o = cmd.output().unwrap();
            let stdout = String::from_utf8_lossy(&o.stdout);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                matches!(o.status.code(), Some(0 | 1 | 3)),
                "{file}: {stderr}"
            );
            let v: Value = serde_json::from_str(&stdout).unwrap();
            if policy.is_some() {
                // The leaking policy ran and copied the plan into its messages.
                let messages: Vec<&str> = v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["id"].as_str().is_some_and(|i| i.starts_with("rego:")))
                    .filter_map(|f| f["message"].as_str())
                    .collect();
                assert!(
                    messages.iter().any(|m| m.contains(plan::REDACTED)),
                    "{file}: {messages:?}"
                );
            }
            let what = format!("{file} check (policy: {})", policy.is_some());
            assert_absent(&format!("{what} stdout"), &stdout, &secrets);
            assert_absent(&format!("{what} stderr"), &stderr, &secrets);
        }
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} corpus plans hold secrets");
}
