/*!
Interop with the real `age`, `age-keygen`, `minisign`, `tar` and `zstd` CLIs (Debian packages;
CI installs them, and these tests fail loudly if they are missing).

- A bundle built ONLY with those CLIs by `inbox-spec/examples/make-example.sh` (keys from
  `minisign -G -W`) opens with `bundle::open`, passes `bundle inspect` and is judged by `process`.
- `bundle seal` output comes apart with `age -d`, `tar`, `minisign -V` and `zstd -d`.
- The station's own key files work with the CLIs.
- The checked-in example in `inbox-spec/examples/` opens with its throwaway keys.
*/
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use airgap_audit::envelope::bundle;
use airgap_audit::envelope::bundle::Limits;
use airgap_audit::home::StationHome;
use airgap_audit::sig::age_keys::parse_age_identity;
use airgap_audit::sig::VerifyKey;

const BIN: &str = env!("CARGO_BIN_EXE_airgap-audit");
const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/inbox-spec/examples");
const CORPUS_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/tfplans/aquasecurity__trivy__aws-s3-sse-sg.json"
);

fn run(cmd: &mut Command) -> Output {
    let prog = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run '{prog}': {e}; install the Debian packages age, minisign, zstd, tar")
    });
    out
}

fn ok(cmd: &mut Command) -> Output {
    let desc = format!("{cmd:?}");
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{desc} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Validates a JSON file against `inbox-spec/request.schema.json` with Python's `jsonschema`
/// (draft 2020-12). Skipped, with a message, where that package is not installed.
fn validate_against_schema(doc: &Path) {
    let have = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!("SKIP schema validation: python3 jsonschema not installed");
        return;
    }
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/inbox-spec/request.schema.json"
    );
    let script = "import json, sys, jsonschema\n\
        s = json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(s)\n\
        jsonschema.Draft202012Validator(s).validate(json.load(open(sys.argv[2])))\n";
    ok(Command::new("python3")
        .args(["-c", script, schema])
        .arg(doc));
}

struct Station {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: StationHome,
}

impl Station {
    /// `airgap-audit init`, plus an orchestrator key made by `minisign -G -W` and trusted.
    fn new() -> Station {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let home = StationHome::at(&root.join("station"));
        ok(Command::new(BIN).arg("init").arg("--home").arg(home.root()));
        ok(Command::new("minisign")
            .args(["-G", "-W", "-p"])
            .arg(root.join("orch.pub"))
            .arg("-s")
            .arg(root.join("orch.key")));
        ok(Command::new(BIN)
            .args(["trust", "add", "--role", "orchestrator", "--home"])
            .arg(home.root())
            .arg(root.join("orch.pub")));
        std::fs::create_dir_all(root.join("usb/inbox")).unwrap();
        Station {
            _dir: dir,
            root,
            home,
        }
    }

    fn station_id(&self) -> String {
        self.home.load_config().unwrap().station_id
    }

    fn recipient(&self) -> String {
        std::fs::read_to_string(self.home.keys_dir().join("age.pub"))
            .unwrap()
            .trim()
            .to_string()
    }

    fn open(&self, bundle_path: &Path) -> Result<bundle::OpenedBundle, bundle::BundleError> {
        let keys = self.home.load_keys().unwrap();
        let orch = VerifyKey::parse(&std::fs::read(self.root.join("orch.pub")).unwrap()).unwrap();
        bundle::open(
            &std::fs::read(bundle_path).unwrap(),
            &keys.age,
            &[orch],
            &Limits::default(),
        )
    }

    fn make_example(&self, out: &Path, seq: u64, extra: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(format!("{SPEC}/make-example.sh"));
        cmd.env("STATION_RECIPIENT", self.recipient())
            .env("STATION_ID", self.station_id())
            .env("ORCH_KEY", self.root.join("orch.key"))
            .env("SEQUENCE", seq.to_string())
            .env("OUT", out)
            .env("REQUEST_ID", format!("req-cli-{seq}"));
        for (k, v) in extra {
            cmd.env(k, v);
        }
        ok(&mut cmd)
    }
}

#[test]
fn cli_built_bundle_is_accepted_by_the_station() {
    let st = Station::new();
    let out = st.root.join("usb/inbox/cli-0001.aab");
    st.make_example(&out, 1, &[]);
    let opened = st
        .open(&out)
        .expect("a bundle built with the CLIs must open");
    assert_eq!(opened.request.doc.request_id, "req-cli-1");
    assert_eq!(opened.request.doc.station_id, st.station_id());
    assert_eq!(
        opened.request.plan_bytes,
        std::fs::read(format!("{SPEC}/plan.json")).unwrap()
    );
    airgap_audit::envelope::request::check_freshness(
        &opened.request,
        &st.station_id(),
        time::OffsetDateTime::now_utc(),
        300,
    )
    .expect("fresh");

    // The same through the binary: inspect, then the whole station pipeline.
    let insp = ok(Command::new(BIN)
        .args(["bundle", "inspect", "--home"])
        .arg(st.home.root())
        .arg(&out));
    let text = String::from_utf8_lossy(&insp.stdout);
    assert!(
        text.contains("req-cli-1") && text.contains("freshness:          ok"),
        "{text}"
    );

    let p = run(Command::new(BIN)
        .args(["process", "--home"])
        .arg(st.home.root())
        .arg(st.root.join("usb")));
    let outbox = st.root.join("usb/outbox");
    let verdict = outbox.join("req-cli-1.verdict.json");
    assert!(
        verdict.is_file(),
        "process did not write a verdict for the CLI-built bundle (exit {}):\n{}\n{}",
        p.status,
        String::from_utf8_lossy(&p.stdout),
        String::from_utf8_lossy(&p.stderr)
    );
    let rejections: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("rejection"))
        .collect();
    assert!(rejections.is_empty(), "rejected: {rejections:?}");
}

#[test]
fn cli_variants_gnu_tar_and_legacy_signature() {
    let st = Station::new();
    // GNU tar's default format (not --format=ustar) is accepted too.
    let work = st.root.join("gnu");
    std::fs::create_dir_all(&work).unwrap();
    let good = st.root.join("good.aab");
    st.make_example(&good, 3, &[]);
    ok(Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(st.home.age_key())
        .arg("-o")
        .arg(work.join("inner.tar"))
        .arg(&good));
    ok(Command::new("tar")
        .arg("-xf")
        .arg(work.join("inner.tar"))
        .arg("-C")
        .arg(&work));
    ok(Command::new("tar").current_dir(&work).args([
        "--format=gnu",
        "-cf",
        "gnu.tar",
        "request.json.zst",
        "request.json.zst.minisig",
    ]));
    let gnu = st.root.join("gnu.aab");
    ok(Command::new("age")
        .arg("-r")
        .arg(st.recipient())
        .arg("-o")
        .arg(&gnu)
        .arg(work.join("gnu.tar")));
    st.open(&gnu).expect("GNU-format tar must be accepted");

    // A legacy (-l, non-prehashed) minisign signature is refused with its own variant.
    ok(Command::new("minisign")
        .args(["-S", "-l", "-s"])
        .arg(st.root.join("orch.key"))
        .arg("-m")
        .arg(work.join("request.json.zst")));
    ok(Command::new("tar").current_dir(&work).args([
        "--format=ustar",
        "-cf",
        "legacy.tar",
        "request.json.zst",
        "request.json.zst.minisig",
    ]));
    let legacy = st.root.join("legacy.aab");
    ok(Command::new("age")
        .arg("-r")
        .arg(st.recipient())
        .arg("-o")
        .arg(&legacy)
        .arg(work.join("legacy.tar")));
    let e = st.open(&legacy).unwrap_err();
    assert_eq!(e.reason_code(), "signature_malformed", "{e}");
    assert!(e.to_string().contains("legacy"), "{e}");

    // Armored age output is refused with a hint.
    let armored = st.root.join("armored.aab");
    ok(Command::new("age")
        .arg("-a")
        .arg("-r")
        .arg(st.recipient())
        .arg("-o")
        .arg(&armored)
        .arg(work.join("gnu.tar")));
    let e = st.open(&armored).unwrap_err();
    assert_eq!(e.reason_code(), "not_age_encrypted");
    assert!(e.to_string().contains("armor"), "{e}");
}

#[test]
fn sealed_bundle_comes_apart_with_the_clis() {
    let st = Station::new();
    let b = st.root.join("sealed.aab");
    let text = "Create an encrypted S3 bucket \"plan-bucket\" with its security group";
    let seal = ok(Command::new(BIN)
        .args(["bundle", "seal", "--station-recipient-file"])
        .arg(st.home.keys_dir().join("age.pub"))
        .args(["--station-id", &st.station_id(), "--orchestrator-key"])
        .arg(st.root.join("orch.key"))
        .args([
            "--request",
            text,
            "--requested-by",
            "bob",
            "--ticket",
            "CHG-77",
        ])
        .args([
            "--cost",
            "10:25.5",
            "--sequence",
            "5",
            "--request-id",
            "req-seal-5",
        ])
        .args(["--expires-in", "2h", "--plan", CORPUS_PLAN, "--out"])
        .arg(&b));
    assert!(String::from_utf8_lossy(&seal.stdout).contains("request_id=req-seal-5"));
    // Refuses to overwrite.
    let again = run(Command::new(BIN)
        .args(["bundle", "seal", "--station-recipient-file"])
        .arg(st.home.keys_dir().join("age.pub"))
        .args(["--station-id", "x", "--orchestrator-key"])
        .arg(st.root.join("orch.key"))
        .args([
            "--request",
            "t",
            "--sequence",
            "6",
            "--plan",
            CORPUS_PLAN,
            "--out",
        ])
        .arg(&b));
    assert_eq!(again.status.code(), Some(2));

    let x = st.root.join("x");
    std::fs::create_dir_all(&x).unwrap();
    ok(Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(st.home.age_key())
        .arg("-o")
        .arg(x.join("inner.tar"))
        .arg(&b));
    let list = ok(Command::new("tar").arg("-tf").arg(x.join("inner.tar")));
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "request.json.zst\nrequest.json.zst.minisig\n"
    );
    ok(Command::new("tar")
        .arg("-xf")
        .arg(x.join("inner.tar"))
        .arg("-C")
        .arg(&x));
    let v = ok(Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(st.root.join("orch.pub"))
        .arg("-m")
        .arg(x.join("request.json.zst")));
    assert!(
        String::from_utf8_lossy(&v.stdout).contains("request_id=req-seal-5"),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    ok(Command::new("zstd")
        .args(["-q", "-d"])
        .arg(x.join("request.json.zst"))
        .arg("-o")
        .arg(x.join("request.json")));
    validate_against_schema(&x.join("request.json"));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(x.join("request.json")).unwrap()).unwrap();
    assert_eq!(doc["format"], "airgap-audit/request/v1");
    assert_eq!(doc["request"]["text"], text);
    assert_eq!(doc["request"]["change_ticket"], "CHG-77");
    assert_eq!(doc["cost_estimate"]["monthly_after"], 25.5);
    use base64::Engine as _;
    let plan = base64::engine::general_purpose::STANDARD
        .decode(doc["plan_b64"].as_str().unwrap())
        .unwrap();
    assert_eq!(plan, std::fs::read(CORPUS_PLAN).unwrap());
    // And the station opens it.
    st.open(&b).expect("sealed bundle opens");
}

#[test]
fn station_key_files_work_with_the_clis() {
    let st = Station::new();
    // age-keygen derives the same recipient from the station identity file.
    let y = ok(Command::new("age-keygen").arg("-y").arg(st.home.age_key()));
    assert_eq!(String::from_utf8_lossy(&y.stdout).trim(), st.recipient());
    // minisign signs with the station's verdict key file and verifies with verdict.pub.
    let f = st.root.join("msg.txt");
    std::fs::write(&f, b"hello").unwrap();
    ok(Command::new("minisign")
        .args(["-S", "-s"])
        .arg(st.home.verdict_key())
        .arg("-m")
        .arg(&f));
    ok(Command::new("minisign")
        .args(["-V", "-p"])
        .arg(st.home.verdict_pub())
        .arg("-m")
        .arg(&f));
    // And the CLI-made signature verifies in the library against the same public key.
    let vk = airgap_audit::home::keys::load_verify_key(&st.home.verdict_pub()).unwrap();
    let sig = std::fs::read(st.root.join("msg.txt.minisig")).unwrap();
    airgap_audit::sig::verify_detached(&[vk], b"hello", &sig).unwrap();
}

#[test]
fn checked_in_example_opens_with_its_throwaway_keys() {
    let id =
        parse_age_identity(&std::fs::read(format!("{SPEC}/station-THROWAWAY.agekey")).unwrap())
            .unwrap();
    assert_eq!(
        id.to_public().to_string(),
        std::fs::read_to_string(format!("{SPEC}/station.agepub"))
            .unwrap()
            .trim()
    );
    let orch =
        VerifyKey::parse(&std::fs::read(format!("{SPEC}/orchestrator.pub")).unwrap()).unwrap();
    let bytes = std::fs::read(format!("{SPEC}/example.aab")).unwrap();
    let opened = bundle::open(&bytes, &id, &[orch], &Limits::default()).unwrap();
    let r = &opened.request;
    assert_eq!(r.doc.request_id, "req-example-0001");
    assert_eq!(r.doc.station_id, "st-example");
    assert_eq!(
        r.plan_bytes,
        std::fs::read(format!("{SPEC}/plan.json")).unwrap()
    );
    assert_eq!(
        opened.request_bytes,
        std::fs::read(format!("{SPEC}/request.json")).unwrap()
    );
    airgap_audit::envelope::request::check_freshness(r, "st-example", r.created_at, 300).unwrap();
    validate_against_schema(Path::new(&format!("{SPEC}/request.json")));
    // The documented schema lists exactly the fields the parser knows.
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/inbox-spec/request.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let props: std::collections::BTreeSet<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut full = r.doc.clone();
    full.cost_estimate = Some(airgap_audit::envelope::request::CostEstimate {
        monthly_before: 1.0,
        monthly_after: 2.0,
        currency: "USD".into(),
    });
    let doc_keys: std::collections::BTreeSet<String> = serde_json::to_value(&full)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(props, doc_keys);
    assert_eq!(schema["additionalProperties"], false);
}
