/*!
Audit scenario files (format `airgap-audit/scenario/v1`, `examples/scenarios/README.md`):
a request, a plan (inline or a `plan_file` beside the scenario), verified approval kinds, a cost
estimate, and the expected verdict. Parsed strictly from bytes (unknown fields are errors, since
the format is ours). Also the one loader of scenario folders ([`files`], [`read`], [`load_plan`]),
which `eval` and `model calibrate|bench` share: regular files only, never through a symlink, each
read under its cap.

`plan_file` must be a relative path; it is resolved against the scenario file's folder and may
climb out of it with `..` (the corpus keeps plans in a sibling folder), but never starts at `/`.
*/
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::engine::plan::{self, Plan, PlanError};
use crate::engine::policy::PolicyConfig;
use crate::engine::{CostEstimate, Decision, Request};
use crate::fsx::{open_input, read_input, InputError};

/// The only format id accepted.
pub const FORMAT: &str = "airgap-audit/scenario/v1";

/// Largest scenario file accepted (inline plans included).
pub const MAX_SCENARIO_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest JSON nesting accepted in a scenario file (its inline plan sits two levels down).
pub const MAX_SCENARIO_DEPTH: usize = 130;

/// Where a scenario's plan comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanSource {
    /// The inline plan, re-serialized so it goes through the same parser as a plan file.
    Inline(Vec<u8>),
    /// A relative path from the scenario file's folder.
    File(String),
}

/// What a correct auditor concludes.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub decision: Decision,
    /// Given only for `escalate`: the exact set of missing approval kinds.
    pub required_approvals: Option<Vec<String>>,
    pub findings_include: Vec<String>,
    pub findings_exclude: Vec<String>,
    /// Addresses of planned changes the request does not cover, when the judgement is clear.
    pub out_of_scope: Option<Vec<String>>,
}

/// One labelled case.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub description: Option<String>,
    pub request: Request,
    pub approvals: Vec<String>,
    pub cost: Option<CostEstimate>,
    pub plan: PlanSource,
    pub expect: Expectation,
}

/// Why a scenario file was refused. One line each.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ScenarioError {
    #[error("scenario file is {0} bytes, over the {MAX_SCENARIO_BYTES}-byte limit")]
    TooLarge(u64),
    #[error("scenario file nests JSON deeper than {MAX_SCENARIO_DEPTH} levels")]
    TooDeep,
    #[error("scenario file is not UTF-8 JSON: {0}")]
    NotJson(String),
    #[error("scenario file does not match format {FORMAT}: {0}")]
    Invalid(String),
    #[error("scenario format is {0:?}, expected {FORMAT:?}")]
    WrongFormat(String),
    #[error("scenario must have exactly one of `plan` or `plan_file`")]
    PlanSource,
    #[error("scenario plan_file {0:?} must be a relative path")]
    AbsolutePlanPath(String),
    #[error("scenario expect.decision {0:?} is not approve, escalate or veto")]
    BadDecision(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    format: String,
    id: String,
    #[serde(default)]
    description: Option<String>,
    request: RawRequest,
    #[serde(default)]
    approvals: Vec<String>,
    #[serde(default)]
    cost_estimate: Option<CostEstimate>,
    #[serde(default)]
    plan: Option<Value>,
    #[serde(default)]
    plan_file: Option<String>,
    expect: RawExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    text: String,
    #[serde(default)]
    requested_by: Option<String>,
    #[serde(default)]
    change_ticket: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    decision: String,
    #[serde(default)]
    required_approvals: Option<Vec<String>>,
    #[serde(default)]
    findings_include: Vec<String>,
    #[serde(default)]
    findings_exclude: Vec<String>,
    #[serde(default)]
    out_of_scope: Option<Vec<String>>,
}

/// Parses one scenario file's bytes.
pub fn parse(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::TooLarge(bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        .map_err(|e| {
            ScenarioError::NotJson(format!("invalid UTF-8 at byte {}", e.valid_up_to()))
        })?;
    if crate::engine::plan::json_depth_exceeds(text.as_bytes(), MAX_SCENARIO_DEPTH) {
        return Err(ScenarioError::TooDeep);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let raw = RawScenario::deserialize(&mut de)
        .and_then(|r| de.end().map(|_| r))
        .map_err(|e| {
            let msg = e.to_string().replace('\n', " ");
            match e.classify() {
                serde_json::error::Category::Data => ScenarioError::Invalid(msg),
                _ => ScenarioError::NotJson(msg),
            }
        })?;
    if raw.format != FORMAT {
        return Err(ScenarioError::WrongFormat(raw.format));
    }
    let plan = match (raw.plan, raw.plan_file) {
        (Some(p), None) => PlanSource::Inline(
            serde_json::to_vec(&p).map_err(|e| ScenarioError::Invalid(e.to_string()))?,
        ),
        (None, Some(f)) => {
            if f.is_empty() || f.starts_with('/') || f.starts_with('\\') || f.contains(':') {
                return Err(ScenarioError::AbsolutePlanPath(f));
            }
            PlanSource::File(f)
        }
        _ => return Err(ScenarioError::PlanSource),
    };
    let decision = Decision::parse(&raw.expect.decision)
        .ok_or_else(|| ScenarioError::BadDecision(raw.expect.decision.clone()))?;
    Ok(Scenario {
        id: raw.id,
        description: raw.description,
        request: Request {
            text: raw.request.text,
            requested_by: raw.request.requested_by,
            change_ticket: raw.request.change_ticket,
        },
        approvals: raw.approvals,
        cost: raw.cost_estimate,
        plan,
        expect: Expectation {
            decision,
            required_approvals: raw.expect.required_approvals,
            findings_include: raw.expect.findings_include,
            findings_exclude: raw.expect.findings_exclude,
            out_of_scope: raw.expect.out_of_scope,
        },
    })
}

/// Why a scenario folder, or one scenario file in it, could not be read. One line each.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read scenario folder {}: {err}", dir.display())]
    Folder { dir: PathBuf, err: std::io::Error },
    #[error("cannot list {}: {err}", dir.display())]
    Listing { dir: PathBuf, err: std::io::Error },
    #[error("no *.json scenario files in {}", .0.display())]
    Empty(PathBuf),
    #[error(transparent)]
    File(#[from] InputError),
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
}

/// Every regular `*.json` file directly in `dir`, sorted by name (symlinks skipped: they could
/// lead anywhere). At least one, else [`LoadError::Empty`].
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|err| LoadError::Folder {
        dir: dir.to_path_buf(),
        err,
    })?;
    let listing = |err| LoadError::Listing {
        dir: dir.to_path_buf(),
        err,
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(listing)?;
        let p = entry.path();
        if entry.file_type().map_err(listing)?.is_file()
            && p.extension().and_then(|e| e.to_str()) == Some("json")
        {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    Ok(files)
}

/// Reads and parses one scenario file (at most [`MAX_SCENARIO_BYTES`]).
pub fn read(path: &Path) -> Result<Scenario, LoadError> {
    let bytes = read_input(path, MAX_SCENARIO_BYTES, "scenario")?;
    Ok(parse(&bytes)?)
}

/// The plan of the scenario read from `path`: the outer error when its `plan_file` cannot be
/// read (under the policy's `[plan] max_bytes`), the inner one when the plan does not parse (the
/// engine judges that as `invalid_plan`). A plan file is streamed into the parser.
pub fn load_plan(
    path: &Path,
    scenario: &Scenario,
    config: &PolicyConfig,
) -> Result<Result<Plan, PlanError>, InputError> {
    match &scenario.plan {
        PlanSource::Inline(bytes) => Ok(plan::parse(bytes, config)),
        PlanSource::File(rel) => {
            let base = path.parent().unwrap_or(Path::new("."));
            let file = open_input(&base.join(rel), config.plan.max_bytes, "plan_file")?;
            Ok(plan::parse_reader(std::io::BufReader::new(file), config))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"format":"airgap-audit/scenario/v1","id":"x","request":{"text":"t"},
        "plan_file":"../p.json","expect":{"decision":"approve"}}"#;

    #[test]
    fn parses_minimal() {
        let s = parse(OK.as_bytes()).unwrap();
        assert_eq!(s.plan, PlanSource::File("../p.json".into()));
        assert_eq!(s.expect.decision, Decision::Approve);
    }

    #[test]
    fn strictness() {
        let extra = OK.replace("\"id\":\"x\"", "\"id\":\"x\",\"surprise\":1");
        assert!(matches!(
            parse(extra.as_bytes()),
            Err(ScenarioError::Invalid(_))
        ));
        let abs = OK.replace("../p.json", "/etc/passwd");
        assert!(matches!(
            parse(abs.as_bytes()),
            Err(ScenarioError::AbsolutePlanPath(_))
        ));
        let both = OK.replace("\"plan_file\"", "\"plan\":{},\"plan_file\"");
        assert_eq!(
            parse(both.as_bytes()).unwrap_err(),
            ScenarioError::PlanSource
        );
        let bad = OK.replace("approve", "maybe");
        assert!(matches!(
            parse(bad.as_bytes()),
            Err(ScenarioError::BadDecision(_))
        ));
        let fmt = OK.replace("v1", "v2");
        assert!(matches!(
            parse(fmt.as_bytes()),
            Err(ScenarioError::WrongFormat(_))
        ));
        let deep = "[".repeat(5000);
        assert_eq!(parse(deep.as_bytes()).unwrap_err(), ScenarioError::TooDeep);
    }

    /// A scenario folder is read as the loader promises: `*.json` regular files only, sorted, a
    /// symlink or another file skipped, and an empty folder refused with its own line.
    #[test]
    fn folder_loader_takes_regular_json_files_only_and_refuses_an_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("b.json"), OK).unwrap();
        std::fs::write(dir.join("a.json"), OK).unwrap();
        std::fs::write(dir.join("notes.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("a.json"), dir.join("c.json")).unwrap();
        std::fs::create_dir(dir.join("d.json")).unwrap();
        assert_eq!(
            files(dir).unwrap(),
            vec![dir.join("a.json"), dir.join("b.json")]
        );
        let empty = tempfile::tempdir().unwrap();
        let e = files(empty.path()).unwrap_err();
        assert!(matches!(e, LoadError::Empty(_)), "{e}");
        assert_eq!(
            e.to_string(),
            format!("no *.json scenario files in {}", empty.path().display())
        );
        let gone = files(&dir.join("missing")).unwrap_err();
        assert!(
            gone.to_string().starts_with("cannot read scenario folder "),
            "{gone}"
        );
    }

    /// A scenario or plan file that cannot be read is an input error (the case cannot run); a
    /// plan that does not parse is not (the engine judges it `invalid_plan`).
    #[test]
    fn unreadable_plan_file_is_an_input_error_and_a_broken_plan_is_a_plan_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("s.json");
        std::fs::write(&path, OK.replace("../p.json", "p.json")).unwrap();
        let sc = read(&path).unwrap();
        let config = PolicyConfig::default();
        let missing = load_plan(&path, &sc, &config).unwrap_err();
        assert!(
            missing.to_string().starts_with(&format!(
                "cannot read plan_file {}",
                dir.join("p.json").display()
            )),
            "{missing}"
        );
        std::fs::write(dir.join("p.json"), "not a plan").unwrap();
        assert!(load_plan(&path, &sc, &config).unwrap().is_err());
        std::os::unix::fs::symlink(dir.join("s.json"), dir.join("link.json")).unwrap();
        let link = read(&dir.join("link.json")).unwrap_err();
        assert!(link.to_string().contains("is a symbolic link"), "{link}");
        std::fs::write(dir.join("bad.json"), "garbage").unwrap();
        assert!(matches!(
            read(&dir.join("bad.json")),
            Err(LoadError::Scenario(ScenarioError::NotJson(_)))
        ));
    }
}
