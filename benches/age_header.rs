/*!
Age header caps benchmark (issue 10, item 12): the worst bundle under the caps opens within 2x the
time of a normal one. Not part of `cargo test`; run it with

    cargo bench --no-default-features --bench age_header

Bundles, all opened in memory with `bundle::open` (the station's whole envelope stage: header
caps, age, tar, minisign, zstd, request parse), median of many runs:
- normal: a small request sealed with `bundle::seal` (what `bundle seal` writes) to the station.
- worst under the caps: the same bundle with its header rebuilt at the caps: its real X25519
  stanza (so the file key unwraps and the header MAC is computed and checked) plus a grease
  stanza padded with full base64 lines to within one line of [`bundle::MAX_AGE_HEADER_BYTES`]. It is refused at the
  MAC; no input under the caps makes the header stage cost more.
- flood: the attack of the issue, 10,000 junk X25519 stanzas (1 MB, no key needed); before the
  caps, parsing took 33 s. Shown for scale: it is refused by the pre-parse scan.

Prints each median and `RESULT normal=<µs> worst=<µs> flood=<µs> ratio=<worst/normal>`; exits 1
when the ratio is over 2.
*/
use std::hint::black_box;
use std::time::{Duration, Instant};

use airgap_audit::envelope::bundle::Limits;
use airgap_audit::envelope::bundle::{self, MAX_AGE_HEADER_BYTES};
use airgap_audit::envelope::request::{RequestBody, RequestDocument, FORMAT};
use airgap_audit::sig::SigningKey;
use base64::Engine as _;
use sha2::Digest as _;

const RUNS: usize = 301;

fn main() {
    let id = age::x25519::Identity::generate();
    let key = SigningKey::generate().expect("signing key");
    let plan = br#"{"format_version":"1.2","terraform_version":"1.9.5","resource_changes":[]}"#;
    let doc = RequestDocument {
        format: FORMAT.into(),
        request_id: "req-bench-0001".into(),
        station_id: "st-bench".into(),
        sequence: 1,
        created_at: "2026-11-26T10:00:00Z".into(),
        expires_at: "2026-11-27T10:00:00Z".into(),
        request: RequestBody {
            text: "Add a queue named jobs for the dev team".into(),
            requested_by: "alice".into(),
            change_ticket: None,
            requester_signature: None,
        },
        cost_estimate: None,
        plan_sha256: hex::encode(sha2::Sha256::digest(plan)),
        plan_b64: base64::engine::general_purpose::STANDARD.encode(plan),
        approvals: vec![],
    };
    let normal = bundle::seal(&doc, &key, &id.to_public()).expect("seal");
    let worst = worst_under_caps(&normal);
    let flood = flood(10_000);
    let keys = [key.public().clone()];
    let limits = Limits::default();
    let open = |b: &[u8]| bundle::open(b, &id, &keys, &limits);
    assert!(open(&normal).is_ok(), "the normal bundle opens");
    let worst_err = open(&worst).expect_err("the worst bundle is refused");
    let flood_err = open(&flood).expect_err("the flood is refused");
    println!(
        "worst under the caps: {} header bytes, refused as {} ({worst_err})",
        header_len(&worst),
        worst_err.reason_code()
    );
    println!(
        "flood: 10000 stanzas, refused as {}",
        flood_err.reason_code()
    );

    let median = |b: &[u8]| -> Duration {
        let mut t: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let s = Instant::now();
                let _ = black_box(open(black_box(b)));
                s.elapsed()
            })
            .collect();
        t.sort();
        t[RUNS / 2]
    };
    // Interleaved, so a noisy neighbour hits all three alike.
    let (mut n, mut w, mut f) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        n.push(median(&normal));
        w.push(median(&worst));
        f.push(median(&flood));
    }
    let best = |v: &mut Vec<Duration>| {
        v.sort();
        v[0]
    };
    let (n, w, f) = (best(&mut n), best(&mut w), best(&mut f));
    let ratio = w.as_secs_f64() / n.as_secs_f64();
    println!("normal bundle ({} bytes): {n:?}", normal.len());
    println!("worst under the caps ({} bytes): {w:?}", worst.len());
    println!("flood ({} bytes): {f:?}", flood.len());
    println!(
        "RESULT normal={:.1}us worst={:.1}us flood={:.1}us ratio={ratio:.3} (target <= 2)",
        n.as_secs_f64() * 1e6,
        w.as_secs_f64() * 1e6,
        f.as_secs_f64() * 1e6
    );
    if ratio > 2.0 {
        std::process::exit(1);
    }
}

/// Length of the age header (through the MAC line).
fn header_len(b: &[u8]) -> usize {
    let mac = b
        .windows(5)
        .position(|w| w == b"\n--- ")
        .expect("a MAC line")
        + 1;
    mac + b[mac..]
        .iter()
        .position(|&c| c == b'\n')
        .expect("MAC line end")
        + 1
}

/// `normal`'s header with its real X25519 stanza, a grease stanza padded to the header cap, its
/// own MAC line (now wrong) and its payload.
fn worst_under_caps(normal: &[u8]) -> Vec<u8> {
    let end = header_len(normal);
    let header = std::str::from_utf8(&normal[..end]).expect("text header");
    let lines: Vec<&str> = header.lines().collect();
    let x = lines
        .iter()
        .position(|l| l.starts_with("-> X25519 "))
        .expect("X25519 stanza");
    let mac = *lines.last().expect("MAC line");
    let mut h = format!("{}\n{}\n{}\n", lines[0], lines[x], lines[x + 1]);
    h.push_str("-> pad-grease a b c d\n");
    // Full 64-column body lines, then a short last one, up to the cap.
    let room = MAX_AGE_HEADER_BYTES - h.len() - mac.len() - 1;
    let full = room / 65;
    for _ in 0..full.saturating_sub(1) {
        h.push_str(&"A".repeat(64));
        h.push('\n');
    }
    let mut last = (room - 65 * full.saturating_sub(1) - 1).min(63);
    if last % 4 == 1 {
        // Not a possible unpadded base64 length.
        last -= 1;
    }
    h.push_str(&"A".repeat(last));
    h.push('\n');
    h.push_str(mac);
    h.push('\n');
    let mut out = h.into_bytes();
    out.extend_from_slice(&normal[end..]);
    out
}

/// The issue's attack: `n` junk X25519 stanzas, a MAC line, junk payload.
fn flood(n: usize) -> Vec<u8> {
    let b64 = "A".repeat(43);
    let mut v = b"age-encryption.org/v1\n".to_vec();
    for _ in 0..n {
        v.extend_from_slice(format!("-> X25519 {b64}\n{b64}\n").as_bytes());
    }
    v.extend_from_slice(format!("--- {b64}\n").as_bytes());
    v.extend_from_slice(&[7u8; 4096]);
    v
}
