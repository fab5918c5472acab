/*!
`airgap-audit status`: the station's health for an operator (text) or a monitoring system
(`--format json`, schema `outbox-spec/schemas/status.schema.json`). Thin: the facts and the
health rule are [`crate::health`]'s.
*/
use std::fmt::Write as _;
use std::process::ExitCode;

use crate::display::sanitize;
use crate::health::{Status, DEFAULT_MIN_FREE_BYTES};
use crate::home::StationHome;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  healthy
  1  unhealthy: the ledger does not open or verify, it has no checkpoint yet, free disk where the
     ledger lives is under --min-free-mib, the configured model file is missing or not GGUF, or
     station.toml, the keys, the trust store or the policy do not load (each problem is listed),
     or --write-metrics could not write its file
  2  usage error, or no station at the home

Example:
  airgap-audit status --home /var/lib/airgap-audit --format json";

pub use super::TextOrJson as Format;

/// The long description in `--help` (set on the command in `cli/mod.rs`, where the one-line
/// doc comment would otherwise replace it).
pub const LONG_ABOUT: &str =
    "Show the station's health: station id and key ids, the trust store by role, the \
ledger's size, root and the age of its last checkpoint (the ledger is verified, read-only, without \
taking the station lock, so it works while 'watch' runs), the model file's SHA-256 and whether it \
is a readable GGUF file, the policy SHA-256, the last batch, open alerts and free disk where the \
ledger lives.";

/// Show the station's health: ids and keys, trust, ledger, model, policy, last batch, disk.
#[derive(Debug, clap::Args)]
#[command(
    after_help = EXIT_CODES
)]
pub struct StatusArgs {
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR")]
    pub home: Option<std::path::PathBuf>,
    /// Output format: lines for people, or one JSON document
    /// (outbox-spec/schemas/status.schema.json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Free space (MiB) under which the station is unhealthy.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MIN_FREE_BYTES / (1024 * 1024))]
    pub min_free_mib: u64,
    /// Also write the health as a Prometheus textfile to HOME/metrics/airgap_audit_status.prom
    /// (for a timer: it is written even when the ledger fails verification).
    #[arg(long)]
    pub write_metrics: bool,
}

pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let home = StationHome::resolve_existing(args.home.as_deref()).map_err(one_line)?;
    home.require_station().map_err(one_line)?;
    let policy = crate::home::policy_file::load_set(Some(&home.policy_toml()))
        .map(|p| p.sha256)
        .map_err(|e| format!("{e:#}"));
    let status = Status::gather(
        &home,
        policy,
        args.min_free_mib.saturating_mul(1024 * 1024),
        time::OffsetDateTime::now_utc(),
    );
    // Written before printing; a failure is reported after the status and makes the exit
    // code 1 (the monitoring system would otherwise keep reading a stale file).
    let written = if args.write_metrics {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        crate::health::metrics::write_status(
            &home,
            status.station.id.as_deref().unwrap_or_default(),
            status.healthy,
            now,
        )
        .map(|_| ())
    } else {
        Ok(())
    };
    let text = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&status)?;
            s.push('\n');
            s
        }
        Format::Text => render_text(&status),
    };
    print!("{text}");
    if let Err(e) = &written {
        eprintln!(
            "airgap-audit: cannot write the status metrics: {}; check that the station home is writable",
            sanitize(e)
        );
    }
    Ok(ExitCode::from(if status.healthy && written.is_ok() {
        0
    } else {
        1
    }))
}

fn one_line(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "-".to_string(), sanitize)
}

/// The text form; every value read from a file goes through the sanitiser.
fn render_text(s: &Status) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "station {}: {}",
        or_dash(&s.station.id),
        if s.healthy { "HEALTHY" } else { "UNHEALTHY" }
    );
    for p in &s.problems.0 {
        let _ = writeln!(t, "  problem: {}", sanitize(p));
    }
    let _ = writeln!(t, "home:           {}", sanitize(&s.station.home));
    let _ = writeln!(t, "age recipient:  {}", or_dash(&s.station.age_recipient));
    let _ = writeln!(t, "verdict key:    {}", or_dash(&s.station.verdict_key_id));
    let _ = writeln!(t, "checkpoint key: {}", or_dash(&s.station.checkpoint_key));
    let _ = writeln!(t, "trust store:");
    for (role, ids) in &s.trust.roles {
        let ids: Vec<String> = ids.iter().map(|i| sanitize(i)).collect();
        let shown = if ids.is_empty() {
            "-".to_string()
        } else {
            ids.join(", ")
        };
        let _ = writeln!(t, "  {role:<17} {shown}");
    }
    let l = &s.ledger;
    if l.ok {
        let age = l
            .last_checkpoint_age_secs
            .map_or_else(|| "no checkpoint".to_string(), human_age);
        let _ = writeln!(
            t,
            "ledger:         {} entries, root {}, last checkpoint {} ({age})",
            l.size.unwrap_or(0),
            or_dash(&l.root),
            or_dash(&l.last_checkpoint_at),
        );
    } else {
        let _ = writeln!(t, "ledger:         FAILED: {}", or_dash(&l.error));
    }
    let m = &s.model;
    if m.configured {
        let state = match m.loads {
            Some(true) => "loads".to_string(),
            _ => format!("DOES NOT LOAD: {}", or_dash(&m.error)),
        };
        let _ = writeln!(
            t,
            "model:          {} sha256 {} ({state})",
            or_dash(&m.path),
            or_dash(&m.sha256)
        );
    } else {
        let _ = writeln!(
            t,
            "model:          none configured (the model stage is off)"
        );
    }
    let _ = writeln!(
        t,
        "policy:         sha256 {}",
        s.policy
            .sha256
            .clone()
            .unwrap_or_else(|| format!("- ({})", or_dash(&s.policy.error)))
    );
    match &s.last_batch {
        Some(b) => {
            let _ = writeln!(
                t,
                "last batch:     {}: {} approve, {} escalate, {} veto, {} rejected",
                sanitize(&b.at),
                b.approve,
                b.escalate,
                b.veto,
                b.rejected
            );
        }
        None => {
            let _ = writeln!(t, "last batch:     none yet");
        }
    }
    if s.alerts.is_empty() {
        let _ = writeln!(t, "alerts:         none");
    } else {
        for a in &s.alerts {
            let _ = writeln!(t, "alert:          {}", sanitize(a));
        }
    }
    let d = &s.disk;
    match d.free_bytes {
        Some(free) => {
            let _ = writeln!(
                t,
                "disk:           {} MiB free in {} (minimum {} MiB)",
                free / (1024 * 1024),
                sanitize(&d.path),
                d.min_free_bytes / (1024 * 1024)
            );
        }
        None => {
            let _ = writeln!(t, "disk:           unknown: {}", or_dash(&d.error));
        }
    }
    t
}

fn human_age(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s} s ago"),
        s if s < 2 * 3600 => format!("{} min ago", s / 60),
        s if s < 2 * 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}
