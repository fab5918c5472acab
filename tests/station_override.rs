//! Two-person overrides end to end (issue 13 part 2): real station (`init`), real minisign keys
//! (`minisign -G`, some signatures by the `minisign -S` CLI), real bundles through `process`, the
//! real SQLite ledger, then `verify-verdict` and the stock `minisign -V` on the result. Each
//! refusal must come back as a signed receipt with its own reason code, and must leave no
//! override verdict behind.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Trusts `public` for `role`, held by `identity` (`trust add --identity`).
fn trust_add_as(home: &Path, role: &str, public: &Path, identity: Option<&str>) {
    let mut cmd = aa();
    cmd.args(["trust", "add", "--home"])
        .arg(home)
        .args(["--role", role]);
    if let Some(id) = identity {
        cmd.args(["--identity", id]);
    }
    run_ok(cmd.arg(public));
}

/// A station with people: alice (manager), bob (security), fiona (finance), carl (a second
/// manager), alice's second key (security, same identity), dana (manager, the requester of
/// every request here), nobody (manager, no identity), and an untrusted key.
struct Station {
    fx: Fixture,
    alice: KeyPair,
    alice_second: KeyPair,
    bob: KeyPair,
    fiona: KeyPair,
    carl: KeyPair,
    dana: KeyPair,
    nobody: KeyPair,
    stranger: KeyPair,
    bundles: usize,
}

impl Station {
    fn new() -> Station {
        let fx = Fixture::new();
        let dir = fx.keys_dir.clone();
        let key = |name: &str, role: &str, identity: Option<&str>| {
            let kp = minisign_keypair(&dir, name);
            trust_add_as(&fx.home, role, &kp.public, identity);
            kp
        };
        let alice = key("alice", "manager", Some("Alice@Example.com"));
        let alice_second = key("alice-second", "security", Some("alice@example.com"));
        let bob = key("bob", "security", Some("bob@example.com"));
        let fiona = key("fiona", "finance", Some("fiona@example.com"));
        let carl = key("carl", "manager", Some("carl@example.com"));
        // The fixture's requests are made by dana.kim@acmetech.example.
        let dana = key("dana", "manager", Some("dana.kim@acmetech.example"));
        let nobody = key("nobody", "manager", None);
        let stranger = minisign_keypair(&dir, "stranger");
        Station {
            fx,
            alice,
            alice_second,
            bob,
            fiona,
            carl,
            dana,
            nobody,
            stranger,
            bundles: 0,
        }
    }

    /// Seals a request, processes it, returns (verdict file, original request document file).
    fn judged(
        &mut self,
        id: &str,
        text: &str,
        plan: Vec<u8>,
        cost: Option<serde_json::Value>,
    ) -> (PathBuf, PathBuf) {
        let mut spec = RequestSpec::new(&mut self.fx, id, text, plan);
        spec.cost = cost;
        put_bundle(&self.fx, &spec, &format!("{id}.aab"));
        let out = self.fx.process(&[]);
        assert!(out.status.success(), "process: {:?}", text_of(&out));
        let request = self.fx.tmp.path().join(format!("{id}.request.json"));
        std::fs::write(&request, spec.document()).unwrap();
        (self.fx.outbox().join(format!("{id}.verdict.json")), request)
    }

    /// `override create` for `verdict`, valid for `expires_in` (written under a bare file name
    /// in the current folder, as an approver would type it).
    fn create(&self, verdict: &Path, name: &str, expires_in: &str) -> PathBuf {
        let bare = format!("{name}.override.json");
        let out = self.fx.tmp.path().join(&bare);
        run_ok(
            aa().current_dir(self.fx.tmp.path())
                .args(["override", "create", "--verdict"])
                .arg(verdict)
                .arg("--station-key")
                .arg(self.fx.verdict_pub())
                .args([
                    "--justification",
                    "The logging bucket is needed for the regulator's audit on Monday.",
                    "--business-impact",
                    "Without it the audit fails and the licence is at risk.",
                    "--alternatives",
                    "A manual export was considered; it does not meet the retention rule.",
                    "--risk-accepted",
                    "The extra queue stays until the plan is corrected next sprint.",
                    "--expires-in",
                    expires_in,
                ])
                .arg("--out")
                .arg(&bare),
        );
        out
    }

    /// `override sign` by `key`.
    fn sign(&self, doc: &Path, key: &KeyPair) -> String {
        let out = self.fx.tmp.path().join(format!(
            "sig-{}.minisig",
            std::fs::read_dir(self.fx.tmp.path()).unwrap().count()
        ));
        run_ok(
            aa().args(["override", "sign", "--key"])
                .arg(&key.secret)
                .arg("--out")
                .arg(&out)
                .arg(doc),
        );
        std::fs::read_to_string(out).unwrap()
    }

    /// The stock `minisign -S` CLI signing the document's exact bytes.
    fn sign_with_minisign_cli(&self, doc: &Path, key: &KeyPair) -> String {
        let out = self.fx.tmp.path().join(format!(
            "cli-{}.minisig",
            std::fs::read_dir(self.fx.tmp.path()).unwrap().count()
        ));
        run_ok(
            Command::new("minisign")
                .args(["-S", "-s"])
                .arg(&key.secret)
                .arg("-m")
                .arg(doc)
                .arg("-x")
                .arg(&out)
                .args(["-t", "override signed with the minisign CLI"]),
        );
        std::fs::read_to_string(out).unwrap()
    }

    /// `bundle seal-override` into the inbox; returns the bundle's SHA-256.
    fn seal(&mut self, request: &Path, doc: &Path, signatures: &[String]) -> String {
        self.bundles += 1;
        let mut cmd = aa();
        cmd.args(["bundle", "seal-override", "--station-recipient"])
            .arg(&self.fx.recipient)
            .args(["--station-id", &self.fx.station_id])
            .arg("--orchestrator-key")
            .arg(&self.fx.orchestrator.secret)
            .args(["--sequence", &self.fx.next_sequence().to_string()])
            .arg("--original-request")
            .arg(request)
            .arg("--override")
            .arg(doc);
        for (i, s) in signatures.iter().enumerate() {
            let p = self
                .fx
                .tmp
                .path()
                .join(format!("seal-{}-{i}.minisig", self.bundles));
            std::fs::write(&p, s).unwrap();
            cmd.arg("--signature").arg(p);
        }
        let out = self
            .fx
            .inbox()
            .join(format!("override-{:03}.aab", self.bundles));
        run_ok(cmd.arg("--out").arg(&out));
        sha256_file(&out)
    }

    /// The reason code of the receipt for `bundle_sha256`, checked with the stock `minisign -V`.
    fn receipt_code(&self, bundle_sha256: &str) -> String {
        let path = self
            .fx
            .outbox()
            .join(format!("{bundle_sha256}.rejection.json"));
        assert!(
            path.exists(),
            "no receipt for {bundle_sha256}; outbox: {:?}",
            outbox_files(&self.fx)
        );
        assert!(minisign_verifies(&self.fx.verdict_pub(), &path));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        v["reason_code"].as_str().unwrap().to_string()
    }

    fn ledger_kinds(&self, kind: &str) -> usize {
        let out = run_ok(
            Command::new("sqlite3")
                .arg("-readonly")
                .arg(self.fx.home.join("ledger.sqlite"))
                .arg(format!(
                    "SELECT count(*) FROM entries WHERE kind = '{kind}';"
                )),
        );
        out.trim().parse().unwrap()
    }

    fn verify_verdict(&self, verdict: &Path, plan: &Path) -> (i32, String, String) {
        let out = run(aa()
            .arg("verify-verdict")
            .arg("--station-key")
            .arg(self.fx.verdict_pub())
            .arg("--plan")
            .arg(plan)
            .arg(verdict));
        let (o, e) = text(&out);
        (out.status.code().unwrap_or(-1), o, e)
    }
}

/// Validates `file` against `outbox-spec/schemas/SCHEMA` with Python's `jsonschema` (skipped,
/// with a line saying so, where it is not installed).
fn schema_valid(file: &Path, schema: &str) {
    if !run(Command::new("python3").args(["-c", "import jsonschema"]))
        .status
        .success()
    {
        eprintln!("SKIP schema validation of {schema}: python3 jsonschema not installed");
        return;
    }
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("outbox-spec/schemas")
        .join(schema);
    let script = "import json,sys,jsonschema\n\
s=json.load(open(sys.argv[1]))\n\
jsonschema.Draft202012Validator.check_schema(s)\n\
errs=list(jsonschema.Draft202012Validator(s).iter_errors(json.load(open(sys.argv[2]))))\n\
[print(e.message) for e in errs]\n\
sys.exit(1 if errs else 0)";
    let out = run(Command::new("python3")
        .args(["-c", script])
        .arg(&schema)
        .arg(file));
    assert!(
        out.status.success(),
        "{} does not follow {}: {:?}",
        file.display(),
        schema.display(),
        text(&out)
    );
}

fn text_of(out: &std::process::Output) -> (String, String) {
    text(out)
}

/// Replaces `from` by `to` in a document's text (the document stays canonical: no key moves).
fn edited(doc: &Path, from: &str, to: &str) -> PathBuf {
    let s = std::fs::read_to_string(doc).unwrap();
    assert!(s.contains(from), "{from} not in {s}");
    static EDITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = EDITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = doc.with_extension(format!("edited-{n}.json"));
    std::fs::write(&out, s.replacen(from, to, 1)).unwrap();
    out
}

/// A plan that creates a queue: vetoed (scope_creep, missing_action) when the request asks for
/// a bucket.
fn queue_plan() -> Vec<u8> {
    small_plan("jobs")
}

const BUCKET: &str = "Create an S3 bucket for logs";

fn write_plan(st: &Station, name: &str, plan: &[u8]) -> PathBuf {
    let p = st.fx.tmp.path().join(format!("{name}.plan.json"));
    std::fs::write(&p, plan).unwrap();
    p
}

#[test]
fn two_people_with_the_required_roles_turn_a_veto_into_an_approval_that_verify_verdict_names() {
    let mut st = Station::new();
    let plan = queue_plan();
    let (verdict, request) = st.judged("R-veto", BUCKET, plan.clone(), None);
    let original = std::fs::read(&verdict).unwrap();
    assert!(String::from_utf8_lossy(&original).contains("\"decision\":\"veto\""));
    let plan_file = write_plan(&st, "veto", &plan);
    assert_eq!(st.verify_verdict(&verdict, &plan_file).0, 1);

    let doc = st.create(&verdict, "veto", "2d");
    let sigs = [
        st.sign(&doc, &st.alice),
        st.sign_with_minisign_cli(&doc, &st.bob),
    ];
    st.seal(&request, &doc, &sigs);
    let inspect = run_ok(
        aa().args(["bundle", "inspect", "--home"])
            .arg(&st.fx.home)
            .arg(st.fx.inbox().join("override-001.aab")),
    );
    assert!(inspect.contains("two-person override"), "{inspect}");
    assert!(
        inspect.contains("overrules:          request R-veto"),
        "{inspect}"
    );
    let out = st.fx.process(&[]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "process: {o}\n{e}");
    assert!(
        o.contains("override-001.aab: approve by two-person override R-veto"),
        "{o}"
    );

    let ov = st.fx.outbox().join("R-veto.override.verdict.json");
    assert!(ov.exists(), "outbox: {:?}", outbox_files(&st.fx));
    assert!(st.fx.outbox().join("R-veto.override.verdict.txt").exists());
    // The overruled verdict is untouched.
    assert_eq!(std::fs::read(&verdict).unwrap(), original);
    assert!(minisign_verifies(&st.fx.verdict_pub(), &ov));
    let sig = std::fs::read_to_string(st.fx.outbox().join("R-veto.override.verdict.json.minisig"))
        .unwrap();
    assert!(sig.contains("decision=approve"), "{sig}");
    assert!(sig.contains("override_of="), "{sig}");

    let (code, stdout, stderr) = st.verify_verdict(&ov, &plan_file);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("APPROVED BY OVERRIDE"), "{stdout}");
    assert!(stdout.contains("alice@example.com (manager"), "{stdout}");
    assert!(stdout.contains("bob@example.com (security"), "{stdout}");

    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&ov).unwrap()).unwrap();
    assert_eq!(v["decision"], "approve");
    assert_eq!(v["override"]["overruled_decision"], "veto");
    let overruled: Vec<&str> = v["override"]["findings_overruled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(overruled.contains(&"scope_creep"), "{overruled:?}");
    assert!(v["override"]["justification"]
        .as_str()
        .unwrap()
        .contains("regulator"));
    schema_valid(&ov, "verdict.schema.json");
    schema_valid(&doc, "override.schema.json");
    let txt = std::fs::read_to_string(st.fx.outbox().join("R-veto.override.verdict.txt")).unwrap();
    assert!(txt.starts_with("APPROVED BY TWO-PERSON OVERRIDE"), "{txt}");
    assert!(txt.contains("Signed by: "), "{txt}");
    assert!(txt.contains("regulator"), "{txt}");
    assert!(txt.contains(".override.verdict.json"), "{txt}");

    assert_eq!(st.ledger_kinds("override"), 1);
    let (vc, vout) = st.fx.ledger_verify();
    assert_eq!(vc, 0, "{vout}");
    let metrics = std::fs::read_to_string(st.fx.outbox().join("metrics.prom")).unwrap();
    assert!(
        metrics.contains("airgap_audit_overrides_total{station=\"st-test-1\"} 1"),
        "{metrics}"
    );

    // Re-running changes nothing: one entry, the same files.
    let before = std::fs::read(&ov).unwrap();
    assert!(st.fx.process(&[]).status.success());
    assert_eq!(std::fs::read(&ov).unwrap(), before);
    assert_eq!(st.ledger_kinds("override"), 1);

    // A second override of the same verdict is refused.
    let again = st.create(&verdict, "veto-again", "2d");
    let sigs = [st.sign(&again, &st.carl), st.sign(&again, &st.bob)];
    let sha = st.seal(&request, &again, &sigs);
    st.fx.process(&[]);
    assert_eq!(st.receipt_code(&sha), "override_replayed");
    assert_eq!(st.ledger_kinds("override"), 1);
}

#[test]
fn overruling_a_cost_finding_also_needs_finance() {
    let mut st = Station::new();
    let cost =
        serde_json::json!({"monthly_before": 100.0, "monthly_after": 5000.0, "currency": "USD"});
    let (verdict, request) = st.judged(
        "R-cost",
        "Create a queue for jobs",
        queue_plan(),
        Some(cost),
    );
    let doc = st.create(&verdict, "cost", "2d");
    let two = [st.sign(&doc, &st.alice), st.sign(&doc, &st.bob)];
    let refused = st.seal(&request, &doc, &two);
    st.fx.process(&[]);
    assert_eq!(st.receipt_code(&refused), "override_missing_role");
    let three = [
        st.sign(&doc, &st.alice),
        st.sign(&doc, &st.bob),
        st.sign(&doc, &st.fiona),
    ];
    st.seal(&request, &doc, &three);
    st.fx.process(&[]);
    let ov = st.fx.outbox().join("R-cost.override.verdict.json");
    assert!(ov.exists(), "outbox: {:?}", outbox_files(&st.fx));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&ov).unwrap()).unwrap();
    let roles: Vec<&str> = v["override"]["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["manager", "security", "finance"]);
}

/// GHSA-pwqf-9h7j-7mv8: python-tuf counted one key's repeated signatures toward its threshold.
/// Here one key's signatures, however many and however made, never count twice: the override
/// is refused and nothing is approved.
#[test]
fn one_keys_repeated_signatures_never_reach_the_threshold() {
    let mut st = Station::new();
    let (verdict, request) = st.judged("R-tuf", BUCKET, queue_plan(), None);
    let doc = st.create(&verdict, "tuf", "2d");
    // Two different signature texts by alice's one key (the CLI's and ours), plus bob.
    let sigs = [
        st.sign(&doc, &st.alice),
        st.sign_with_minisign_cli(&doc, &st.alice),
        st.sign_with_minisign_cli(&doc, &st.alice),
        st.sign(&doc, &st.bob),
    ];
    assert_ne!(sigs[0], sigs[1]);
    let sha = st.seal(&request, &doc, &sigs);
    st.fx.process(&[]);
    assert_eq!(st.receipt_code(&sha), "override_same_key_twice");
    assert_eq!(st.ledger_kinds("override"), 0);
    assert!(!st.fx.outbox().join("R-tuf.override.verdict.json").exists());
}

/// Every refusal of issue 13, each through `process` into a signed receipt with its own code.
#[test]
fn each_refused_override_gets_its_own_reason_code_in_a_signed_receipt() {
    let mut st = Station::new();
    let (veto, request) = st.judged("R-v", BUCKET, queue_plan(), None);
    let (invalid, invalid_request) = st.judged("R-invalid", BUCKET, b"not a plan".to_vec(), None);
    let (approved, approved_request) =
        st.judged("R-ok", "Create a queue for jobs", queue_plan(), None);
    let vjson: serde_json::Value = serde_json::from_slice(&std::fs::read(&veto).unwrap()).unwrap();
    let index = vjson["ledger"]["index"].as_u64().unwrap();
    let plan_sha = vjson["hashes"]["plan_sha256"].as_str().unwrap().to_string();

    let doc = st.create(&veto, "v", "2d");
    let short = st.create(&veto, "v-short", "1s");
    let other_plan = edited(&doc, &plan_sha, &"0".repeat(64));
    let other_verdict = edited(
        &doc,
        &format!("\"verdict_ledger_index\":{index}"),
        &format!("\"verdict_ledger_index\":{}", index + 1),
    );
    let never_judged = edited(&doc, "\"request_id\":\"R-v\"", "\"request_id\":\"R-never\"");
    // `override create` refuses an approving verdict; build that document by hand instead.
    let ajson: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&approved).unwrap()).unwrap();
    let for_approved = edited(
        &edited(&doc, "\"request_id\":\"R-v\"", "\"request_id\":\"R-ok\""),
        &format!("\"verdict_ledger_index\":{index}"),
        &format!(
            "\"verdict_ledger_index\":{}",
            ajson["ledger"]["index"].as_u64().unwrap()
        ),
    );
    let for_approved = edited(
        &for_approved,
        &plan_sha,
        ajson["hashes"]["plan_sha256"].as_str().unwrap(),
    );
    let invalid_doc = st.create(&invalid, "invalid", "2d");
    let only_one_finding = {
        let s = std::fs::read_to_string(&doc).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        let first = serde_json::to_string(&v["findings"][0]).unwrap();
        let all = serde_json::to_string(&v["findings"]).unwrap();
        assert!(v["findings"].as_array().unwrap().len() >= 2, "{all}");
        edited(&doc, &all, &format!("[{first}]"))
    };

    let good = |st: &Station, d: &Path| [st.sign(d, &st.alice), st.sign(d, &st.bob)];
    let cases: Vec<(&str, PathBuf, PathBuf, Vec<String>)> = vec![
        (
            "override_same_key_twice",
            request.clone(),
            doc.clone(),
            vec![
                st.sign(&doc, &st.alice),
                st.sign_with_minisign_cli(&doc, &st.alice),
            ],
        ),
        (
            "override_same_person_twice",
            request.clone(),
            doc.clone(),
            vec![st.sign(&doc, &st.alice), st.sign(&doc, &st.alice_second)],
        ),
        (
            "override_missing_role",
            request.clone(),
            doc.clone(),
            vec![st.sign(&doc, &st.alice), st.sign(&doc, &st.carl)],
        ),
        (
            "override_expired",
            request.clone(),
            short.clone(),
            good(&st, &short).to_vec(),
        ),
        (
            "override_other_plan",
            request.clone(),
            other_plan.clone(),
            good(&st, &other_plan).to_vec(),
        ),
        (
            "override_other_verdict",
            request.clone(),
            other_verdict.clone(),
            good(&st, &other_verdict).to_vec(),
        ),
        (
            "override_unknown_request",
            request.clone(),
            never_judged.clone(),
            good(&st, &never_judged).to_vec(),
        ),
        (
            "override_not_overridable",
            invalid_request.clone(),
            invalid_doc.clone(),
            good(&st, &invalid_doc).to_vec(),
        ),
        (
            "override_incomplete",
            request.clone(),
            only_one_finding.clone(),
            good(&st, &only_one_finding).to_vec(),
        ),
        (
            "override_not_needed",
            approved_request.clone(),
            for_approved.clone(),
            good(&st, &for_approved).to_vec(),
        ),
        (
            "override_signer_is_requester",
            request.clone(),
            doc.clone(),
            vec![st.sign(&doc, &st.dana), st.sign(&doc, &st.bob)],
        ),
        (
            "override_signer_is_orchestrator",
            request.clone(),
            doc.clone(),
            vec![
                st.sign(&doc, &st.fx.orchestrator.clone()),
                st.sign(&doc, &st.alice),
                st.sign(&doc, &st.bob),
            ],
        ),
        (
            "override_signer_without_identity",
            request.clone(),
            doc.clone(),
            vec![st.sign(&doc, &st.nobody), st.sign(&doc, &st.bob)],
        ),
        (
            "override_untrusted_signer",
            request.clone(),
            doc.clone(),
            vec![st.sign(&doc, &st.stranger), st.sign(&doc, &st.bob)],
        ),
        (
            "override_request_mismatch",
            approved_request.clone(),
            doc.clone(),
            good(&st, &doc).to_vec(),
        ),
    ];
    // Let the 1-second override expire.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let mut sealed = Vec::new();
    for (code, req, d, sigs) in &cases {
        sealed.push((*code, st.seal(req, d, sigs)));
    }
    let out = st.fx.process(&[]);
    assert_eq!(out.status.code(), Some(4), "{:?}", text_of(&out));
    let mut wrong = Vec::new();
    for (code, sha) in &sealed {
        let got = st.receipt_code(sha);
        if got != *code {
            wrong.push(format!("expected {code}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(st.ledger_kinds("override"), 0);
    assert!(!outbox_files(&st.fx)
        .iter()
        .any(|f| f.contains(".override.verdict.")));
    let (vc, vout) = st.fx.ledger_verify();
    assert_eq!(vc, 0, "{vout}");
}

#[test]
fn trust_identities_are_one_per_key_and_old_trust_stores_still_load() {
    let st = Station::new();
    // A key already trusted under one identity cannot take a role under another.
    let out = run(aa()
        .args(["trust", "add", "--home"])
        .arg(&st.fx.home)
        .args(["--role", "finance", "--identity", "mallory@example.com"])
        .arg(&st.alice.public));
    assert_eq!(out.status.code(), Some(2));
    let (_, e) = text(&out);
    assert!(e.contains("already belongs to alice@example.com"), "{e}");
    let list = run_ok(
        aa().args(["trust", "list", "--home"])
            .arg(&st.fx.home)
            .args(["--role", "manager"]),
    );
    assert!(list.contains("identity alice@example.com"), "{list}");
    // The fixture's approver keys were added without identities, as before this change: the
    // store keeps loading and those entries carry no identity field.
    let store = std::fs::read_to_string(st.fx.home.join("trust.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&store).unwrap();
    assert!(v["roles"]["finance"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k.get("identity").is_none()));
    assert!(st.fx.process(&[]).status.success());
}

/// Crash safety (issue 13 acceptance): `process` killed with SIGKILL at each point an override
/// passes (ledger commit, each outbox file), then run again: exactly one `override` ledger entry,
/// the override verdict's three files, each verifying, and `ledger verify` passes.
#[test]
fn an_override_killed_at_any_point_is_recorded_once_after_a_rerun() {
    use std::os::unix::process::ExitStatusExt;
    let mut st = Station::new();
    let (verdict, request) = st.judged("R-crash", BUCKET, queue_plan(), None);
    let doc = st.create(&verdict, "crash", "2d");
    let sigs = [st.sign(&doc, &st.alice), st.sign(&doc, &st.bob)];
    st.seal(&request, &doc, &sigs);
    let points = [
        "before-ledger-commit",
        "after-ledger-commit",
        "before-outbox-write",
        "after-temp-write",
        "after-temp-sync",
        "after-rename",
        "between-verdict-and-minisig",
        "between-minisig-and-txt",
        "after-batch",
    ];
    for point in points {
        let dir = st.fx.tmp.path().join(format!("crash-{point}"));
        let (home, usb) = (dir.join("station"), dir.join("usb"));
        copy_dir(&st.fx.home, &home);
        copy_dir(&st.fx.usb, &usb);
        let process = |fault: Option<&str>| {
            let mut cmd = aa();
            cmd.arg("process")
                .arg(&usb)
                .arg("--home")
                .arg(&home)
                .env_remove("AIRGAP_AUDIT_HOME")
                .env_remove("AIRGAP_AUDIT_FAULT")
                .env("AIRGAP_AUDIT_LOG", "off");
            if let Some(f) = fault {
                cmd.env("AIRGAP_AUDIT_FAULT", format!("{f}:1"));
            }
            cmd.stdin(std::process::Stdio::null()).output().unwrap()
        };
        let killed = process(Some(point));
        assert_eq!(
            killed.status.signal(),
            Some(9),
            "{point}: not killed: {:?}",
            text(&killed)
        );
        let again = process(None);
        assert!(again.status.success(), "{point}: {:?}", text(&again));
        let count = run_ok(
            Command::new("sqlite3")
                .arg("-readonly")
                .arg(home.join("ledger.sqlite"))
                .arg("SELECT count(*) FROM entries WHERE kind = 'override';"),
        );
        assert_eq!(count.trim(), "1", "{point}: override entries");
        let outbox = usb.join("outbox");
        for ext in ["json", "json.minisig", "txt"] {
            assert!(
                outbox
                    .join(format!("R-crash.override.verdict.{ext}"))
                    .exists(),
                "{point}: no .{ext}"
            );
        }
        let ov = outbox.join("R-crash.override.verdict.json");
        assert!(
            minisign_verifies(&home.join("keys/verdict.pub"), &ov),
            "{point}"
        );
        let leftovers: Vec<String> = std::fs::read_dir(&outbox)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{point}: temp files {leftovers:?}");
        let v = run(aa().args(["ledger", "verify", "--home"]).arg(&home));
        assert!(v.status.success(), "{point}: {:?}", text(&v));
    }
}

/// `station.toml` can add to what may never be overruled without anyone's signature, but
/// dropping a required role is a weakening: the station refuses to load it uncountersigned.
#[test]
fn station_toml_can_forbid_more_overrides_but_cannot_quietly_need_fewer_people() {
    let mut st = Station::new();
    let (verdict, request) = st.judged("R-cfg", BUCKET, queue_plan(), None);
    let toml_path = st.fx.home.join("station.toml");
    let original = std::fs::read_to_string(&toml_path).unwrap();
    assert!(original.contains("not_overridable = []"), "{original}");
    std::fs::write(
        &toml_path,
        original.replace(
            "not_overridable = []",
            "not_overridable = [\"scope_creep\"]",
        ),
    )
    .unwrap();
    let doc = st.create(&verdict, "cfg", "2d");
    let sigs = [st.sign(&doc, &st.alice), st.sign(&doc, &st.bob)];
    let sha = st.seal(&request, &doc, &sigs);
    let out = st.fx.process(&[]);
    assert_eq!(out.status.code(), Some(4), "{:?}", text_of(&out));
    assert_eq!(st.receipt_code(&sha), "override_not_overridable");

    std::fs::write(
        &toml_path,
        original.replace(
            "required_roles = [\"manager\", \"security\"]",
            "required_roles = [\"manager\", \"manager\"]",
        ),
    )
    .unwrap();
    let out = st.fx.process(&[]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text_of(&out));
    let (_, e) = text_of(&out);
    assert!(e.contains("override.required_roles drops security"), "{e}");

    // And an approving verdict has nothing to overrule.
    std::fs::write(&toml_path, &original).unwrap();
    std::fs::remove_file(st.fx.inbox().join("override-001.aab")).unwrap();
    let (approved, _) = st.judged("R-fine", "Create a queue for jobs", queue_plan(), None);
    let out = run(aa()
        .args(["override", "create", "--verdict"])
        .arg(&approved)
        .arg("--station-key")
        .arg(st.fx.verdict_pub())
        .args([
            "--justification",
            "j",
            "--business-impact",
            "b",
            "--alternatives",
            "a",
            "--risk-accepted",
            "r",
        ])
        .arg("--out")
        .arg(st.fx.tmp.path().join("nothing.json")));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text_of(&out).1.contains("already approves"),
        "{:?}",
        text_of(&out)
    );
}
