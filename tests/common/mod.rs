/*!
Shared helpers for the station integration tests: a fresh station made with `airgap-audit init`,
real minisign keys (`minisign -G -W`), request documents, bundles sealed either with
`airgap-audit bundle seal` or with only the real `zstd`, `minisign`, `tar` and `age` CLIs
(the `inbox-spec/` recipe, which also lets a test build hostile or stale bundles), approvals
signed with `airgap-audit approval sign`, and runners for the binary.

Everything is real: files in temp dirs, real keys, the built binary (`CARGO_BIN_EXE_airgap-audit`).
*/
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use sha2::Digest as _;

/// The built binary, pinned once per test process under a private path: the shared `target/` is
/// rebuilt by other cargo runs in parallel, and a long test (the crash test) must not see the
/// file vanish under it halfway. A hard link pins the file's contents at no disk cost (cargo puts
/// a rebuilt binary in place as a new file); a copy is the fallback where a link cannot be made.
/// The pins live under cargo's `target/tmp`, and the pins of finished test processes are removed
/// here, so a test run leaves no binaries behind in the system's temp dir.
pub fn bin() -> &'static Path {
    static PINNED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PINNED.get_or_init(|| {
        let src = Path::new(env!("CARGO_BIN_EXE_airgap-audit"));
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pinned-bin");
        remove_pins_of_finished_processes(&root);
        let dir = root.join(std::process::id().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let dst = dir.join("airgap-audit");
        for attempt in 0..50 {
            let _ = std::fs::remove_file(&dst);
            let pinned =
                std::fs::hard_link(src, &dst).or_else(|_| std::fs::copy(src, &dst).map(|_| ()));
            match pinned {
                Ok(()) => return dst,
                Err(_) if attempt < 49 => std::thread::sleep(std::time::Duration::from_millis(200)),
                Err(e) => panic!("cannot pin {} at {}: {e}", src.display(), dst.display()),
            }
        }
        dst
    })
}

/// Pin directories are named by process id; one whose process is gone is removed.
fn remove_pins_of_finished_processes(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let running = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
            .is_some_and(|pid| Path::new("/proc").join(pid.to_string()).exists());
        if !running {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The repository's own scenarios (`examples/scenarios`, format in its README).
pub fn scenarios_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios"))
}

/// How many `*.json` entries `dir` holds: the scenarios `eval` should report on, counted here
/// without the library's loader so a test of that loader does not grade itself.
pub fn json_file_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count()
}

/// `../shared/corpus/<sub>`, the team's shared corpus beside the repository: an optional extra
/// that CI has and a plain clone does not. `None`, after one SKIP line on stderr naming the
/// missing folder, when it is absent, so a test that reads it skips instead of failing.
pub fn shared_corpus(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP: the optional shared corpus folder {} is absent; this check runs on examples/ only",
            dir.display()
        );
        None
    }
}

/// Runs a command to completion with stdin closed; never inherits the test's environment
/// variables that steer the station (home, fault injection).
pub fn run(cmd: &mut Command) -> Output {
    cmd.env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Runs and requires exit 0, returning stdout.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn aa() -> Command {
    Command::new(bin())
}

pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A minisign key pair made by the real `minisign -G -W` (unencrypted secret key).
#[derive(Debug, Clone)]
pub struct KeyPair {
    pub secret: PathBuf,
    pub public: PathBuf,
}

pub fn minisign_keypair(dir: &Path, name: &str) -> KeyPair {
    let secret = dir.join(format!("{name}.key"));
    let public = dir.join(format!("{name}.pub"));
    run_ok(
        Command::new("minisign")
            .arg("-G")
            .arg("-W")
            .arg("-p")
            .arg(&public)
            .arg("-s")
            .arg(&secret),
    );
    KeyPair { secret, public }
}

/// Approver roles used by the tests, one key each, and the role that signs each approval kind
/// under the default kind→role map.
pub const APPROVER_ROLES: &[&str] = &["requester", "finance", "security", "change_management"];

pub fn role_for_kind(kind: &str) -> &'static str {
    match kind {
        "finance" => "finance",
        "security" | "human_review" => "security",
        "deletion_confirmation" => "requester",
        "change_ticket" => "change_management",
        other => panic!("unknown approval kind {other}"),
    }
}

/// A station made with `init`, an orchestrator key and approver keys (all trusted), and a
/// "USB stick" folder with an empty inbox.
pub struct Fixture {
    pub tmp: tempfile::TempDir,
    pub home: PathBuf,
    pub station_id: String,
    pub recipient: String,
    pub orchestrator: KeyPair,
    pub approvers: Vec<(String, KeyPair)>,
    pub usb: PathBuf,
    pub keys_dir: PathBuf,
    next_sequence: u64,
}

impl Fixture {
    pub fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        let home = tmp.path().join("station");
        let station_id = "st-test-1".to_string();
        run_ok(
            aa().arg("init")
                .arg("--home")
                .arg(&home)
                .arg("--station-id")
                .arg(&station_id),
        );
        let recipient = std::fs::read_to_string(home.join("keys/age.pub"))
            .expect("keys/age.pub")
            .trim()
            .to_string();
        assert!(recipient.starts_with("age1"), "age.pub: {recipient}");
        let keys_dir = tmp.path().join("keys");
        std::fs::create_dir(&keys_dir).unwrap();
        let orchestrator = minisign_keypair(&keys_dir, "orchestrator");
        trust_add(&home, "orchestrator", &orchestrator.public);
        let mut approvers = Vec::new();
        for role in APPROVER_ROLES {
            let kp = minisign_keypair(&keys_dir, role);
            trust_add(&home, role, &kp.public);
            approvers.push((role.to_string(), kp));
        }
        let usb = tmp.path().join("usb");
        std::fs::create_dir_all(usb.join("inbox")).unwrap();
        Fixture {
            tmp,
            home,
            station_id,
            recipient,
            orchestrator,
            approvers,
            usb,
            keys_dir,
            next_sequence: 1,
        }
    }

    pub fn inbox(&self) -> PathBuf {
        self.usb.join("inbox")
    }

    pub fn outbox(&self) -> PathBuf {
        self.usb.join("outbox")
    }

    pub fn verdict_pub(&self) -> PathBuf {
        self.home.join("keys/verdict.pub")
    }

    pub fn approver(&self, role: &str) -> &KeyPair {
        &self
            .approvers
            .iter()
            .find(|(r, _)| r == role)
            .unwrap_or_else(|| panic!("no approver for {role}"))
            .1
    }

    pub fn next_sequence(&mut self) -> u64 {
        let s = self.next_sequence;
        self.next_sequence += 1;
        s
    }

    /// `airgap-audit process USB --home HOME` with optional extra env.
    pub fn process(&self, env: &[(&str, &str)]) -> Output {
        let mut cmd = aa();
        cmd.arg("process")
            .arg(&self.usb)
            .arg("--home")
            .arg(&self.home);
        cmd.env_remove("AIRGAP_AUDIT_HOME")
            .env_remove("AIRGAP_AUDIT_FAULT")
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run process")
    }

    /// `ledger verify`: (exit code, stdout+stderr).
    pub fn ledger_verify(&self) -> (i32, String) {
        let out = run(aa()
            .arg("ledger")
            .arg("verify")
            .arg("--home")
            .arg(&self.home));
        let (o, e) = text(&out);
        (out.status.code().unwrap_or(-1), format!("{o}{e}"))
    }

    /// Signs an approval with `airgap-audit approval sign` by the approver holding `role`.
    pub fn sign_approval(&self, kind: &str, plan: &Path, request_id: Option<&str>) -> Approval {
        let role = role_for_kind(kind);
        self.sign_approval_as(kind, plan, request_id, self.approver(role), "7d")
    }

    pub fn sign_approval_as(
        &self,
        kind: &str,
        plan: &Path,
        request_id: Option<&str>,
        key: &KeyPair,
        expires_in: &str,
    ) -> Approval {
        let n = std::fs::read_dir(&self.keys_dir)
            .map(|d| d.count())
            .unwrap_or(0);
        let out = self.keys_dir.join(format!("approval-{kind}-{n}.json"));
        let mut cmd = aa();
        cmd.args(["approval", "sign", "--kind", kind, "--plan"])
            .arg(plan)
            .arg("--key")
            .arg(&key.secret)
            .args(["--approver", &format!("test {kind} approver")])
            .args(["--expires-in", expires_in])
            .arg("--out")
            .arg(&out);
        if let Some(id) = request_id {
            cmd.args(["--request-id", id]);
        }
        run_ok(&mut cmd);
        let mut sig = out.clone().into_os_string();
        sig.push(".minisig");
        Approval {
            approval: std::fs::read_to_string(&out).unwrap(),
            signature: std::fs::read_to_string(PathBuf::from(sig)).unwrap(),
            path: out,
        }
    }
}

/// `airgap-audit trust add --home HOME --role ROLE KEY.pub`.
pub fn trust_add(home: &Path, role: &str, public: &Path) {
    run_ok(
        aa().args(["trust", "add", "--home"])
            .arg(home)
            .args(["--role", role])
            .arg(public),
    );
}

/// One approval as carried in a request document.
#[derive(Debug, Clone)]
pub struct Approval {
    pub approval: String,
    pub signature: String,
    /// The `FILE.json` written by `approval sign` (its signature is `FILE.json.minisig`).
    pub path: PathBuf,
}

/// RFC 3339 UTC with whole seconds, `offset_secs` from now.
pub fn utc(offset_secs: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs);
    let t = t.replace_nanosecond(0).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// What goes into a request document (defaults: fresh, for the fixture's station).
#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub request_id: String,
    pub station_id: String,
    pub sequence: u64,
    pub created_at: String,
    pub expires_at: String,
    pub text: String,
    pub requested_by: String,
    pub change_ticket: Option<String>,
    pub cost: Option<serde_json::Value>,
    pub plan: Vec<u8>,
    pub approvals: Vec<Approval>,
}

impl RequestSpec {
    pub fn new(fx: &mut Fixture, request_id: &str, text: &str, plan: Vec<u8>) -> RequestSpec {
        RequestSpec {
            request_id: request_id.to_string(),
            station_id: fx.station_id.clone(),
            sequence: fx.next_sequence(),
            created_at: utc(-60),
            expires_at: utc(86_400),
            text: text.to_string(),
            requested_by: "dana.kim@acmetech.example".to_string(),
            change_ticket: None,
            cost: None,
            plan,
            approvals: Vec::new(),
        }
    }

    /// The request document bytes (`airgap-audit/request/v1`).
    pub fn document(&self) -> Vec<u8> {
        let mut doc = serde_json::json!({
            "format": "airgap-audit/request/v1",
            "request_id": self.request_id,
            "station_id": self.station_id,
            "sequence": self.sequence,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "request": {
                "text": self.text,
                "requested_by": self.requested_by,
                "change_ticket": self.change_ticket,
            },
            "plan_sha256": hex::encode(sha2::Sha256::digest(&self.plan)),
            "plan_b64": base64::engine::general_purpose::STANDARD.encode(&self.plan),
            "approvals": self.approvals.iter().map(|a| serde_json::json!({
                "approval": a.approval, "signature": a.signature
            })).collect::<Vec<_>>(),
        });
        if let Some(c) = &self.cost {
            doc["cost_estimate"] = c.clone();
        }
        serde_json::to_vec(&doc).unwrap()
    }
}

/// Builds a bundle with only the real CLIs (inbox-spec recipe): `zstd`, `minisign -S`,
/// `tar --format=ustar`, `age -r`. `members` lets a test add, drop or reorder members.
pub fn seal_with_clis(
    work: &Path,
    request_doc: &[u8],
    signer: &KeyPair,
    recipient: &str,
    out: &Path,
) {
    let d = tempfile::tempdir_in(work).unwrap();
    std::fs::write(d.path().join("request.json"), request_doc).unwrap();
    run_ok(Command::new("zstd").current_dir(d.path()).args([
        "-q",
        "request.json",
        "-o",
        "request.json.zst",
    ]));
    run_ok(
        Command::new("minisign")
            .current_dir(d.path())
            .args(["-S", "-s"])
            .arg(&signer.secret)
            .args(["-m", "request.json.zst", "-t", "test bundle"]),
    );
    tar_and_encrypt(
        d.path(),
        &["request.json.zst", "request.json.zst.minisig"],
        recipient,
        out,
    );
}

/// `tar --format=ustar -cf` the named members (in order) of `dir`, then `age -r` to `out`.
pub fn tar_and_encrypt(dir: &Path, members: &[&str], recipient: &str, out: &Path) {
    run_ok(
        Command::new("tar")
            .current_dir(dir)
            .args(["--format=ustar", "-cf", "bundle.tar"])
            .args(members),
    );
    run_ok(
        Command::new("age")
            .args(["-r", recipient, "-o"])
            .arg(out)
            .arg(dir.join("bundle.tar")),
    );
}

/// Seals `spec` into `fx`'s inbox as `name` with the real CLIs, signed by the orchestrator.
pub fn put_bundle(fx: &Fixture, spec: &RequestSpec, name: &str) -> PathBuf {
    let out = fx.inbox().join(name);
    seal_with_clis(
        fx.tmp.path(),
        &spec.document(),
        &fx.orchestrator,
        &fx.recipient,
        &out,
    );
    out
}

/// A small valid plan: creates one tagged, non-production queue (judged approve by the default
/// policy when the request asks for a queue).
pub fn small_plan(name: &str) -> Vec<u8> {
    let plan = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "resource_changes": [{
            "address": format!("aws_sqs_queue.{name}"),
            "mode": "managed",
            "type": "aws_sqs_queue",
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "before": null,
                "after": {
                    "name": format!("{name}-dev"),
                    "tags": {"Owner": "team-a", "Environment": "dev", "CostCenter": "CC-1"}
                },
                "after_unknown": {"arn": true, "id": true},
                "before_sensitive": false,
                "after_sensitive": {"tags": {}}
            }
        }],
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}}}
    });
    serde_json::to_vec_pretty(&plan).unwrap()
}

/// Outbox file names, sorted.
pub fn outbox_files(fx: &Fixture) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fx.outbox())
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// `minisign -V -p PUB -m FILE` (the real CLI): true when it verifies.
pub fn minisign_verifies(public: &Path, file: &Path) -> bool {
    run(Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(public)
        .arg("-m")
        .arg(file))
    .status
    .success()
}

/// Rows of the ledger read with the real `sqlite3` CLI (read-only): `(kind, bundle_sha256)` of
/// every verdict and rejection entry.
pub fn ledger_bundle_entries(fx: &Fixture) -> Vec<(String, String)> {
    let db = fx.home.join("ledger.sqlite");
    let out = run_ok(
        Command::new("sqlite3")
            .arg("-readonly")
            .arg(&db)
            .arg("SELECT kind || '|' || bundle_sha256 FROM entries WHERE kind IN ('verdict','rejection') ORDER BY idx;"),
    );
    out.lines()
        .filter_map(|l| l.split_once('|'))
        .map(|(k, s)| (k.to_string(), s.to_string()))
        .collect()
}

/// SHA-256 hex of a file.
pub fn sha256_file(p: &Path) -> String {
    hex::encode(sha2::Sha256::digest(std::fs::read(p).unwrap()))
}

/// Validates `doc` against `docs/schemas/<name>` (a command's JSON output schema), listing every
/// violation on failure.
pub fn assert_matches_schema(name: &str, doc: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(name);
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: not a schema: {e}", path.display()));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} rejects the document:\n{}\n{doc}",
        errors.join("\n")
    );
}

/// Copies a folder tree (a station home, a stick), regular files and folders only.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = to.join(e.file_name());
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            copy_dir(&e.path(), &t);
        } else if ft.is_file() {
            // fs::copy keeps the permission bits (secret keys stay 0600).
            std::fs::copy(e.path(), &t).unwrap();
        }
    }
}
