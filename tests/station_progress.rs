/*!
The `process` progress bar as an operator sees it on a terminal (issue 12): recorded on a real
pty with util-linux `script`, with its timing log, on a batch of 200 bundles.

The run is held for a few seconds after the scan (the test-only pause point), as a slow model
would hold it: the bar must keep redrawing at least once a second all the same, move bundle by
bundle (not in batches of 64), name the bundle being judged, show an estimate, and end with the
run's real length. Off a terminal (a pipe), the bar must not appear at all.
*/
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const BUNDLES: usize = 200;
/// How long the test holds the run after the scan: longer than the redraw bound, several times.
const STALL: Duration = Duration::from_secs(3);

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Seals `BUNDLES` small requests into the inbox in-process (the library's `bundle::seal`, the
/// same code as `airgap-audit bundle seal`), which is much faster than 200 CLI runs.
fn fill_inbox(fx: &mut Fixture) {
    let signer = airgap_audit::sig::SigningKey::parse(
        &std::fs::read(&fx.orchestrator.secret).unwrap(),
        None,
    )
    .unwrap();
    let recipient: age::x25519::Recipient = fx.recipient.parse().unwrap();
    for i in 0..BUNDLES {
        let spec = RequestSpec::new(
            fx,
            &format!("R-progress-{i:03}"),
            "Create an SQS queue",
            small_plan(&format!("q{i}")),
        );
        let parsed = airgap_audit::envelope::request::parse(&spec.document()).unwrap();
        let bytes = airgap_audit::envelope::bundle::seal(&parsed.doc, &signer, &recipient).unwrap();
        std::fs::write(fx.inbox().join(format!("{i:03}-progress.aab")), bytes).unwrap();
    }
}

/// `script`'s timing log (classic format: "<seconds since the previous output> <bytes>" per
/// chunk of output): the delays between chunks.
fn delays(timing: &Path) -> Vec<f64> {
    std::fs::read_to_string(timing)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .collect()
}

/// Every "N/200" the bar drew, in order.
fn positions(log: &str) -> Vec<usize> {
    let marker = format!("/{BUNDLES} bundles");
    let mut out = Vec::new();
    let mut rest = log;
    while let Some(at) = rest.find(&marker) {
        let digits: String = rest[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
        rest = &rest[at + marker.len()..];
    }
    out
}

#[test]
fn progress_on_a_terminal_redraws_every_second_through_a_stall_and_moves_per_bundle() {
    if !script_available() {
        eprintln!("SKIP: util-linux `script` is not installed");
        return;
    }
    let mut fx = Fixture::new();
    fill_inbox(&mut fx);
    let work = tempfile::tempdir().unwrap();
    let marker = work.path().join("paused");
    let timing = work.path().join("timing");
    let log = work.path().join("typescript");
    let cmd = format!(
        "{} process {} --home {}",
        bin().display(),
        fx.usb.display(),
        fx.home.display()
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-f", "-T"])
        .arg(&timing)
        .arg("-c")
        .arg(&cmd)
        .arg(&log)
        .env_remove("AIRGAP_AUDIT_HOME")
        .env_remove("AIRGAP_AUDIT_FAULT")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .env(
            "AIRGAP_AUDIT_PAUSE",
            format!("after-scan:{}", marker.display()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("run script");
    // Hold the run after the scan, as a slow model holds a batch.
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the run never reached the scan"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "process ended before the scan ({status}): {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(STALL);
    std::fs::remove_file(&marker).unwrap();
    let status = child.wait().unwrap();
    let shown = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(status.success(), "process failed ({status}):\n{shown}");

    // Redraws at least once a second for the whole run, the stall included (the first delay is
    // the start-up before the bar exists).
    let gaps = delays(&timing);
    assert!(gaps.len() > 10, "too little output: {gaps:?}");
    let worst = gaps.iter().skip(1).cloned().fold(0.0, f64::max);
    assert!(
        worst <= 1.0,
        "the terminal went {worst:.2} s without an update; delays: {gaps:?}"
    );
    let total: f64 = gaps.iter().sum();
    assert!(
        total >= STALL.as_secs_f64(),
        "the run did not include the stall ({total:.2} s)"
    );

    // Bundle by bundle: the position never jumps by a batch (64).
    let pos = positions(&shown);
    assert!(pos.len() >= 10, "the bar was hardly drawn: {pos:?}");
    let mut distinct = pos.clone();
    distinct.dedup();
    assert!(
        distinct.len() >= 5,
        "the position barely moved: {distinct:?}"
    );
    let biggest_step = distinct
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .max()
        .unwrap_or(0);
    // The terminal is redrawn at its own rate, so bundles judged quickly (each is opened only
    // once, in the scan) may pass between two draws; a step of a whole batch would mean the
    // position moves per batch.
    assert!(
        biggest_step < 64,
        "the bar jumped by {biggest_step} bundles at once: {distinct:?}"
    );
    assert!(shown.contains("-progress.aab"), "no current bundle shown");
    assert!(shown.contains("left"), "no estimate shown");

    // The final line has the run's real length: at least the stall.
    let last = shown
        .lines()
        .rev()
        .find(|l| l.contains("inbox entries through in"))
        .unwrap_or_else(|| panic!("no final elapsed line:\n{shown}"));
    let secs: f64 = last
        .rsplit("through in ")
        .next()
        .and_then(|s| s.trim().strip_suffix(" s"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("unreadable elapsed time in {last:?}"));
    assert!(
        secs >= STALL.as_secs_f64() && secs <= total + 0.5,
        "final elapsed {secs} s, but the stall alone was {STALL:?} and the run {total:.2} s"
    );
    assert!(last.contains(&format!("{BUNDLES} of {BUNDLES}")), "{last}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let mut fx = Fixture::new();
    let spec = RequestSpec::new(&mut fx, "R-pipe", "Create an SQS queue", small_plan("p"));
    put_bundle(&fx, &spec, "pipe.aab");
    let out = fx.process(&[]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(!stderr.contains("bundles"), "bar on a pipe: {stderr:?}");
    assert!(!stderr.contains("through in"), "{stderr:?}");
    assert!(
        !stderr.contains('\u{1b}'),
        "escape codes on a pipe: {stderr:?}"
    );
    assert!(stdout.contains("pipe.aab"), "{stdout}");
}
