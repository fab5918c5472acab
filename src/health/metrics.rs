/*!
Prometheus metrics in the node_exporter textfile format, written after every `process` run
(`watch` runs one per stick): to `HOME/metrics/airgap_audit.prom` for a node_exporter textfile
collector, and to the stick as `outbox/metrics.prom` for stations with no monitoring network.

Counters come from the ledger ([`crate::ledger::Ledger::counts`]), never from process memory, so
they are cumulative across runs and restarts. Label values are bounded: the three decisions, and
rejection reason codes (the station's own fixed set; anything else, from a damaged ledger, is
folded into `other`). Never request ids, file names or resource addresses.

The duration histogram holds the per-bundle processing time (read, decrypt, verify, check, judge:
everything up to the ledger commit) of the bundles judged by the LAST run only; the process
keeps no histogram across runs, so Prometheus sees a counter reset at each run (its `rate` and
`histogram_quantile` handle that). Verdicts do not record the model's latency yet, so
`airgap_audit_model_latency_seconds` is declared with no samples.
*/
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::home::{StationConfig, StationHome};
use crate::ledger::{Counts, EntryKind, Ledger};

use super::{free_bytes, ledger_facts, model_status, LedgerFacts, Problems};

/// Where the station writes its metrics, under the home.
pub fn path(home: &StationHome) -> PathBuf {
    home.root().join("metrics").join(FILE_NAME)
}

/// The file name in `HOME/metrics/` (node_exporter reads `*.prom`).
pub const FILE_NAME: &str = "airgap_audit.prom";
/// The copy on the stick, in its outbox.
pub const OUTBOX_NAME: &str = "metrics.prom";

/// The file `status --write-metrics` writes beside [`FILE_NAME`]: the health as `status` judged
/// it, which is written even when the ledger fails verification and `process` refuses to run
/// (then [`FILE_NAME`] keeps its last values).
pub const STATUS_FILE_NAME: &str = "airgap_audit_status.prom";

/// Renders the status file body: `airgap_audit_status_healthy` and when it was checked.
/// `station`: the station id (empty when station.toml does not load).
pub fn render_status(station: &str, healthy: bool, checked_at_unix: i64) -> String {
    let mut t = Text::new(station);
    t.family(
        "airgap_audit_status_healthy",
        "gauge",
        "1 when 'airgap-audit status' found the station healthy (it verifies the ledger), else 0.",
    );
    t.sample("airgap_audit_status_healthy", &[], u8::from(healthy));
    t.family(
        "airgap_audit_status_checked_timestamp_seconds",
        "gauge",
        "Unix time of the last 'airgap-audit status --write-metrics'.",
    );
    t.sample(
        "airgap_audit_status_checked_timestamp_seconds",
        &[],
        checked_at_unix,
    );
    t.out
}

/// Writes [`render_status`] atomically to `HOME/metrics/`.
pub fn write_status(
    home: &StationHome,
    station: &str,
    healthy: bool,
    checked_at_unix: i64,
) -> Result<PathBuf, String> {
    let target = home.root().join("metrics").join(STATUS_FILE_NAME);
    write_home_file(&target, &render_status(station, healthy, checked_at_unix))?;
    Ok(target)
}

fn write_home_file(target: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = target.parent() {
        if std::fs::symlink_metadata(dir).is_err() {
            std::fs::create_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        remove_stale_temps(dir);
    }
    crate::fsx::write_atomic(target, text.as_bytes(), 0o644).map_err(|e| e.to_string())
}

/// Removes temp files (`.<name>.tmp-<n>`) a killed writer left in `HOME/metrics/`. Only old
/// ones: `status --write-metrics` and `process` may be writing at the same moment.
fn remove_stale_temps(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let stale = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(600));
        if name.starts_with('.') && name.contains(".tmp-") && stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Histogram bucket upper bounds, 1 ms to 10 s.
pub const BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// At most this many distinct rejection reason labels; the rest are counted as `other`.
const MAX_REASON_LABELS: usize = 64;

const DECISIONS: [&str; 3] = ["approve", "escalate", "veto"];

/// What one rendering needs. `ledger`: counts and facts, or `None` when the ledger could not be
/// read (then only the health gauge, the histogram and the disk are written).
pub struct Snapshot<'a> {
    /// The station id, the `station` label of every sample: it tells copies carried out from
    /// several stations apart in one textfile directory. One value per station: bounded.
    pub station: &'a str,
    pub ledger: Option<(&'a Counts, &'a LedgerFacts)>,
    pub bundle_durations: &'a [Duration],
    pub free_bytes: Option<u64>,
    pub healthy: bool,
}

/// A textfile being written: every sample carries the `station` label.
struct Text {
    out: String,
    station: String,
}

impl Text {
    fn new(station: &str) -> Text {
        Text {
            out: String::new(),
            station: escape_label(station),
        }
    }

    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.out, "# HELP {name} {help}");
        let _ = writeln!(self.out, "# TYPE {name} {kind}");
    }

    /// One sample; `labels` are the station's own bounded values (no escaping needed).
    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
        let _ = write!(self.out, "{name}{{station=\"{}\"", self.station);
        for (k, v) in labels {
            let _ = write!(self.out, ",{k}=\"{v}\"");
        }
        let _ = writeln!(self.out, "}} {value}");
    }

    fn histogram(&mut self, name: &str, help: &str, samples: &[Duration]) {
        self.family(name, "histogram", help);
        let secs: Vec<f64> = samples.iter().map(Duration::as_secs_f64).collect();
        let bucket = format!("{name}_bucket");
        for le in BUCKETS {
            let n = secs.iter().filter(|&&v| v <= le).count();
            self.sample(&bucket, &[("le", &le.to_string())], n);
        }
        self.sample(&bucket, &[("le", "+Inf")], secs.len());
        self.sample(
            &format!("{name}_sum"),
            &[],
            secs.iter().fold(0.0, |a, b| a + b),
        );
        self.sample(&format!("{name}_count"), &[], secs.len());
    }
}

/// A label value in the text format: backslash, double quote and line feed escaped.
fn escape_label(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The textfile body.
pub fn render(s: &Snapshot<'_>) -> String {
    let mut t = Text::new(s.station);
    t.family(
        "airgap_audit_healthy",
        "gauge",
        "1 when the station is healthy (ledger verified and checkpointed, disk space, model file), else 0; see 'airgap-audit status'.",
    );
    t.sample("airgap_audit_healthy", &[], u8::from(s.healthy));

    if let Some((counts, facts)) = s.ledger {
        t.family(
            "airgap_audit_decisions_total",
            "counter",
            "Verdicts recorded in the ledger, by decision.",
        );
        for d in DECISIONS {
            let n: u64 = counts
                .by_kind_decision
                .iter()
                .filter(|(k, dec, _)| *k == EntryKind::Verdict && dec.as_deref() == Some(d))
                .map(|(_, _, n)| n)
                .sum();
            t.sample("airgap_audit_decisions_total", &[("decision", d)], n);
        }
        t.family(
            "airgap_audit_rejections_total",
            "counter",
            "Bundles refused with a signed rejection receipt, by reason code.",
        );
        for (reason, n) in reason_labels(counts) {
            t.sample("airgap_audit_rejections_total", &[("reason", &reason)], n);
        }
        t.family(
            "airgap_audit_execution_deviations_total",
            "counter",
            "Execution checks that found a deviation from the approved plan.",
        );
        let deviations: u64 = counts
            .by_kind_decision
            .iter()
            .filter(|(k, d, _)| {
                *k == EntryKind::ExecutionCheck
                    && d.as_deref()
                        .is_some_and(|d| d.eq_ignore_ascii_case("deviation"))
            })
            .map(|(_, _, n)| n)
            .sum();
        t.sample("airgap_audit_execution_deviations_total", &[], deviations);
        t.family(
            "airgap_audit_overrides_total",
            "counter",
            "Vetoes overruled by a two-person override.",
        );
        t.sample(
            "airgap_audit_overrides_total",
            &[],
            counts.of_kind(EntryKind::Override),
        );
        t.family(
            "airgap_audit_ledger_entries",
            "gauge",
            "Entries in the ledger (its Merkle tree size).",
        );
        t.sample("airgap_audit_ledger_entries", &[], facts.size);
        t.family(
            "airgap_audit_last_checkpoint_timestamp_seconds",
            "gauge",
            "Unix time of the ledger's last checkpoint (the newest entry).",
        );
        if let Some(at) = facts.last_checkpoint_at {
            t.sample(
                "airgap_audit_last_checkpoint_timestamp_seconds",
                &[],
                at.unix_timestamp(),
            );
        }
    }

    t.histogram(
        "airgap_audit_bundle_duration_seconds",
        "Per-bundle processing time (read, open, check, judge) of the bundles the last run judged.",
        s.bundle_durations,
    );
    t.family(
        "airgap_audit_model_latency_seconds",
        "histogram",
        "Model judgement time per bundle (no samples until verdicts record it).",
    );
    if let Some(free) = s.free_bytes {
        t.family(
            "airgap_audit_ledger_disk_free_bytes",
            "gauge",
            "Free bytes on the file system holding the ledger.",
        );
        t.sample("airgap_audit_ledger_disk_free_bytes", &[], free);
    }
    t.out
}

/// Rejection counts by bounded label: a reason code the station writes (lower-case letters,
/// digits and `_`, at most 64 bytes) is its own label, up to [`MAX_REASON_LABELS`] of them;
/// anything else is `other`, a missing code `unknown`.
fn reason_labels(counts: &Counts) -> Vec<(String, u64)> {
    let mut by: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut sorted = counts.rejection_reasons.clone();
    sorted.sort();
    for (code, n) in sorted {
        let label = match code {
            None => "unknown".to_string(),
            Some(c) if is_reason_code(&c) => c,
            Some(_) => "other".to_string(),
        };
        let label = if by.contains_key(&label) || by.len() < MAX_REASON_LABELS {
            label
        } else {
            "other".to_string()
        };
        *by.entry(label).or_default() += n;
    }
    by.into_iter().collect()
}

fn is_reason_code(c: &str) -> bool {
    !c.is_empty()
        && c.len() <= 64
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Renders the metrics of the station's current state and writes them atomically to the home
/// and, when given, to the stick's outbox. The ledger was verified when the run opened it.
pub fn write(
    home: &StationHome,
    config: &StationConfig,
    ledger: &Ledger,
    bundle_durations: &[Duration],
    outbox: Option<&Path>,
) -> Result<(), String> {
    let facts = ledger_facts(ledger).map_err(|e| e.to_string());
    let counts = ledger.counts().map_err(|e| e.to_string());
    let disk_dir = ledger.path().parent().unwrap_or(home.root()).to_path_buf();
    let free = free_bytes(&disk_dir);
    let model = model_status(home, config, false);
    let ledger_ok = match (&facts, &counts) {
        (Ok(f), Ok(_)) => Ok(f),
        (Err(e), _) | (_, Err(e)) => Err(e.as_str()),
    };
    let problems = Problems::assess(
        ledger_ok,
        free.as_ref().copied().map_err(String::as_str),
        super::DEFAULT_MIN_FREE_BYTES,
        &model,
    );
    let text = render(&Snapshot {
        station: &config.station_id,
        ledger: match (&counts, &facts) {
            (Ok(c), Ok(f)) => Some((c, f)),
            _ => None,
        },
        bundle_durations,
        free_bytes: free.ok(),
        healthy: problems.healthy(),
    });
    write_home_file(&path(home), &text)?;
    if let Some(outbox) = outbox {
        crate::stick::outbox::Outbox::write_one(outbox, OUTBOX_NAME, text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_station_id_cannot_break_the_text_format() {
        let out = render_status("st\"} 1\nairgap_audit_fake 1 \\", true, 7);
        // Still exactly two HELP, two TYPE and two sample lines; the id stays inside its quotes.
        assert_eq!(out.lines().count(), 6, "{out}");
        assert!(out.contains(
            "airgap_audit_status_healthy{station=\"st\\\"} 1\\nairgap_audit_fake 1 \\\\\"} 1\n"
        ));
        assert!(!out.lines().any(|l| l.starts_with("airgap_audit_fake")));
    }

    #[test]
    fn reason_labels_stay_bounded() {
        let mut counts = Counts::default();
        for i in 0..200 {
            counts
                .rejection_reasons
                .push((Some(format!("code_{i:03}")), 1));
        }
        counts
            .rejection_reasons
            .push((Some("R-2026-0001 with spaces".into()), 5));
        counts.rejection_reasons.push((None, 2));
        let labels = reason_labels(&counts);
        assert!(labels.len() <= MAX_REASON_LABELS + 1, "{}", labels.len());
        let total: u64 = labels.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 207, "nothing is lost, only folded");
        assert!(labels.iter().all(|(l, _)| is_reason_code(l)));
    }
}
