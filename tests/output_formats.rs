/*!
What pipelines parse (issue 12): every JSON document a command prints validates against its
schema in `docs/schemas/`, SARIF validates against the official 2.1.0 schema and carries what
GitHub code scanning needs to show and track a result, and JUnit is read by a real JUnit consumer
(Python's `junitparser`, installed by scripts/setup.sh; skipped with a message when absent).
*/
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_airgap-audit"))
}

fn tfplan(name: &str) -> PathBuf {
    Path::new(ROOT).join("examples/tfplans").join(name)
}

const SG_PLAN: &str = "fugue__regula__aws-sg-ingress-anywhere.json";
const REQUEST: &str = "Create the web security groups";

fn check(args: &[&str]) -> Output {
    bin()
        .current_dir(ROOT)
        .args(["check", "--request", REQUEST])
        .args(args)
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// Validates `doc` against the schema file, listing every violation on failure.
pub fn assert_valid(schema_path: &Path, doc: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: not a schema: {e}", schema_path.display()));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} rejects the document:\n{}",
        schema_path.display(),
        errors.join("\n")
    );
}

fn schema(name: &str) -> PathBuf {
    Path::new(ROOT).join("docs/schemas").join(name)
}

fn sarif_schema() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/sarif/sarif-schema-2.1.0.json")
}

#[test]
fn every_json_format_tag_has_a_schema_that_names_it() {
    for tag in airgap_audit::report::formats::ALL {
        let name = tag.split('/').nth(1).unwrap();
        let path = schema(&format!("{name}.schema.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{tag}: {} missing: {e}", path.display()));
        assert!(
            text.contains(&format!("\"{tag}\"")),
            "{} does not pin format {tag}",
            path.display()
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&v).unwrap_or_else(|e| panic!("{tag}: {e}"));
    }
}

#[test]
fn check_json_follows_its_schema_for_one_and_several_plans() {
    let plan = tfplan(SG_PLAN);
    let one = check(&["--plan", plan.to_str().unwrap(), "--format", "json"]);
    let v = json(&one);
    assert_eq!(v["format"], "airgap-audit/check/v1");
    assert_valid(&schema("check.schema.json"), &v);

    let other = tfplan("hashicorp__terraform-json__moved-block.json");
    let two = check(&[
        "--plan",
        plan.to_str().unwrap(),
        "--plan",
        other.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&two);
    assert_valid(&schema("check.schema.json"), &v);
    assert_eq!(v["plans"].as_array().unwrap().len(), 2);
    // A document that breaks the schema is refused (the check can fail).
    let mut broken = v.clone();
    broken["plans"][0]["decision"] = "maybe".into();
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema("check.schema.json")).unwrap()).unwrap();
    assert!(!jsonschema::validator_for(&s).unwrap().is_valid(&broken));
}

/// The exit code of several plans is the most severe decision, and `-` reads standard input.
#[test]
fn check_takes_several_plans_and_standard_input() {
    let approve = Path::new(ROOT).join("examples/plans/create-markers.json");
    let sg = tfplan(SG_PLAN);
    let mut child = bin()
        .current_dir(ROOT)
        .args(["check", "--request", REQUEST, "--format", "json"])
        .args(["--plan", "-", "--plan", sg.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&sg).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v = json(&o);
    assert_eq!(v["plans"][0]["plan"], "stdin");
    assert_eq!(
        v["plans"][0]["findings"], v["plans"][1]["findings"],
        "the same plan read from stdin and from a file is judged the same"
    );
    let worst = v["decision"].as_str().unwrap();
    let code = o.status.code().unwrap();
    assert_eq!(
        code,
        match worst {
            "approve" => 0,
            "escalate" => 1,
            _ => 3,
        }
    );
    // The combined exit code is the most severe of the plans' own decisions.
    let alone = |p: &Path| -> u8 {
        let v = json(&check(&["--plan", p.to_str().unwrap(), "--format", "json"]));
        match v["decision"].as_str().unwrap() {
            "approve" => 0,
            "escalate" => 1,
            _ => 2,
        }
    };
    let severity = alone(&approve).max(alone(&sg));
    let o = check(&[
        "--plan",
        approve.to_str().unwrap(),
        "--plan",
        sg.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some([0, 1, 3][severity as usize]),
        "the worse plan decides"
    );
    let o = check(&["--plan", "-", "--plan", "-"]);
    assert_eq!(o.status.code(), Some(2));
}

fn sarif(base: Option<&Path>) -> serde_json::Value {
    let plan = tfplan(SG_PLAN);
    let mut args = vec![
        "--plan".to_string(),
        plan.to_str().unwrap().to_string(),
        "--format".into(),
        "sarif".into(),
    ];
    if let Some(b) = base {
        args.push("--sarif-base".into());
        args.push(b.to_str().unwrap().into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    json(&check(&args))
}

#[test]
fn sarif_validates_against_the_official_2_1_0_schema() {
    let v = sarif(None);
    assert_valid(&sarif_schema(), &v);
    // The schema is really applied: a result without a message is refused.
    let mut broken = v.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sarif_schema()).unwrap()).unwrap();
    assert!(!jsonschema::validator_for(&s).unwrap().is_valid(&broken));
}

/// What GitHub code scanning reads: rules with help, full description, security-severity and
/// tags; a physical location relative to the base with a region; logical locations; partial
/// fingerprints; the decision in run properties; and its documented upload limits.
#[test]
fn sarif_has_what_code_scanning_needs_to_show_and_track_results() {
    let v = sarif(Some(Path::new(ROOT)));
    let run = &v["runs"][0];
    assert_eq!(v["runs"].as_array().unwrap().len(), 1, "GitHub: <= 20 runs");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: std::collections::BTreeSet<&str> =
        rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rules.len(), "one rule per finding id");
    for r in rules {
        assert!(r["help"]["text"].as_str().unwrap().len() > 20, "{r}");
        assert!(r["fullDescription"]["text"].is_string(), "{r}");
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(!tags.is_empty() && tags.len() <= 10, "GitHub shows 10 tags");
    }
    let base = run["originalUriBaseIds"]["PLANROOT"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 25_000);
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            format!("examples/tfplans/{SG_PLAN}")
        );
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "PLANROOT");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["partialFingerprints"]["airgapAuditFinding/v1"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
    }
    // The region points at the line where the plan names the resource.
    let text = std::fs::read_to_string(tfplan(SG_PLAN)).unwrap();
    let r = results
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                == "aws_security_group.invalid_allow_all"
        })
        .expect("a result on the resource");
    let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap() as usize;
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("\"aws_security_group.invalid_allow_all\""),
        "line {line}"
    );
    let decision = run["properties"]["decision"].as_str().unwrap();
    assert!(matches!(decision, "approve" | "escalate" | "veto"));
    assert_eq!(run["invocations"][0]["exitCodeDescription"], decision);
}

#[test]
fn sarif_fingerprints_are_stable_across_runs_and_bases() {
    let fingerprints = |v: &serde_json::Value| -> Vec<String> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["airgapAuditFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let first = fingerprints(&sarif(None));
    let second = fingerprints(&sarif(None));
    assert_eq!(first, second);
    let unique: std::collections::BTreeSet<&String> = first.iter().collect();
    assert_eq!(
        unique.len(),
        first.len(),
        "each result has its own fingerprint"
    );
    let other_base = fingerprints(&sarif(Some(&Path::new(ROOT).join("examples"))));
    assert_eq!(
        first, other_base,
        "moving the base does not change identity"
    );
}

#[test]
fn sarif_base_that_does_not_exist_is_one_line_error() {
    let o = check(&[
        "--plan",
        tfplan(SG_PLAN).to_str().unwrap(),
        "--format",
        "sarif",
        "--sarif-base",
        "/nonexistent/base",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--sarif-base"), "{err}");
}

/// Reads a JUnit file with Python's junitparser and returns
/// (suite name, case name, outcome) triples, outcome being `passed` or `failure`.
fn junitparser_read(xml: &[u8]) -> Option<Vec<(String, String, String)>> {
    let probe = Command::new("python3")
        .args(["-c", "import junitparser"])
        .output();
    if !matches!(probe, Ok(ref o) if o.status.success()) {
        eprintln!("SKIP: python3 junitparser is not installed (scripts/setup.sh installs it)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let script = "import sys, junitparser\n\
        xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n\
        for suite in xml:\n\
        \x20   n = 0\n\
        \x20   for case in suite:\n\
        \x20       n += 1\n\
        \x20       outcome = 'passed' if case.is_passed else type(case.result[0]).__name__.lower()\n\
        \x20       print(suite.name + '\\t' + case.name + '\\t' + outcome)\n\
        \x20   assert n == suite.tests, (suite.name, n, suite.tests)\n\
        \x20   assert sum(1 for c in suite if not c.is_passed) == suite.failures, suite.name\n";
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "junitparser refused the report: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(xml)
    );
    Some(
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let p: Vec<&str> = l.split('\t').collect();
                (p[0].to_string(), p[1].to_string(), p[2].to_string())
            })
            .collect(),
    )
}

#[test]
fn check_junit_is_read_by_a_real_junit_consumer() {
    let sg = tfplan(SG_PLAN);
    let other = tfplan("hashicorp__terraform-json__moved-block.json");
    let o = check(&[
        "--plan",
        sg.to_str().unwrap(),
        "--plan",
        other.to_str().unwrap(),
        "--format",
        "junit",
    ]);
    let Some(cases) = junitparser_read(&o.stdout) else {
        return;
    };
    let suites: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(suites.len(), 2, "a testsuite per plan");
    let sg_name = sg.to_str().unwrap();
    assert!(cases.iter().any(|(s, c, outcome)| s == sg_name
        && c == "public_exposure_requires_security_review"
        && outcome == "failure"));
    assert!(cases
        .iter()
        .any(|(s, c, outcome)| s == sg_name && c == "gdpr_data_residency" && outcome == "passed"));
}

#[test]
fn eval_junit_is_read_by_a_real_junit_consumer() {
    let o = bin()
        .current_dir(ROOT)
        .args([
            "eval",
            "examples/scenarios",
            "--no-llm",
            "--format",
            "junit",
        ])
        .output()
        .unwrap();
    let Some(cases) = junitparser_read(&o.stdout) else {
        return;
    };
    let scenarios = crate::common::json_file_count(&Path::new(ROOT).join("examples/scenarios"));
    assert_eq!(cases.len(), scenarios, "a testcase per scenario");
    let failed = cases.iter().filter(|c| c.2 != "passed").count();
    assert_eq!(o.status.code(), Some(if failed == 0 { 0 } else { 1 }));
}

#[test]
fn eval_json_follows_its_schema_and_agrees_with_the_exit_code() {
    let o = bin()
        .current_dir(ROOT)
        .args(["eval", "examples/scenarios", "--no-llm", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&o);
    assert_valid(&schema("eval.schema.json"), &v);
    let failed = v["failed"].as_u64().unwrap();
    assert_eq!(
        v["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["passed"] == false)
            .count() as u64,
        failed
    );
    assert_eq!(o.status.code(), Some(if failed == 0 { 0 } else { 1 }));
}
