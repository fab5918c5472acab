/*!
`airgap-audit process MOUNT` and `airgap-audit watch --mount-root DIR`: the operator's commands.

Thin: argument parsing, the progress bar, the per-bundle lines and the exit code. The pipeline is
[`crate::station`] (for `watch`, which sticks to run: [`crate::station::watch`]); the lines'
wording is [`crate::station::Report`]'s and [`crate::station::Summary`]'s. Exit codes are
documented in `--help` and OPERATIONS.md.
*/
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::display;
use crate::home::StationHome;
use crate::station::watch::{Next, StickWatch};
use crate::station::{self, Event, Options, Station, Summary};
use crate::stick::mount::Mount;

const EXIT_CODES: &str = "\
Exit codes:
  0  every bundle in the inbox got a verdict (approve, escalate or veto: read each verdict) or,
     for an execution report, an execution check that found a MATCH
  5  at least one execution check found a DEVIATION: ALERT lines head the summary and
     outbox/ALERT-<id>.txt is written (OPERATIONS.md \"Execution deviation\"); outranks 4
  4  at least one bundle was rejected (signed receipt in the outbox) or an inbox entry was skipped
  2  station error, nothing more was processed: no station, bad key permissions, the ledger
     failed verification, another run holds the lock, the inbox is unreadable or the outbox
     cannot be written (see OPERATIONS.md for each message)

Examples:
  airgap-audit process /media/usb --home /var/lib/airgap-audit
  airgap-audit process /media/usb --format json > run.json";

/// The long description in `--help` (set on the command in `cli/mod.rs`, where the one-line
/// doc comment would otherwise replace it).
pub const PROCESS_LONG_ABOUT: &str =
    "Process every bundle in MOUNT/inbox: decrypt, verify, judge, record each result in \
the ledger, then write the signed verdict (or rejection receipt) to MOUNT/outbox. Safe to run \
again on the same stick: nothing is judged twice, and missing outbox files are re-emitted from \
the ledger.";

/// Process every bundle in MOUNT/inbox; write verdicts to MOUNT/outbox.
#[derive(Debug, clap::Args)]
#[command(
    after_help = EXIT_CODES
)]
pub struct ProcessArgs {
    /// The mounted USB stick: bundles are read from MOUNT/inbox, results go to MOUNT/outbox.
    pub mount: PathBuf,
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// Bundles judged and committed to the ledger together (one fsync per batch).
    #[arg(long, value_name = "N", default_value_t = station::DEFAULT_BATCH)]
    pub batch: usize,
    /// Output format: a line per bundle and a summary, or one JSON document at the end
    /// (docs/schemas/process.schema.json; no progress bar).
    #[arg(long, value_enum, default_value = "text")]
    pub format: super::TextOrJson,
}

/// The long description in `--help` (set on the command in `cli/mod.rs`, where the one-line
/// doc comment would otherwise replace it).
pub const WATCH_LONG_ABOUT: &str =
    "Wait for a USB stick (a folder holding inbox/) to appear under DIR, process it \
like 'process', write DONE.txt with the batch summary to the stick, say it is safe to remove, \
and wait for the next one. A stick is processed when its inbox holds a bundle the ledger does \
not (decided by the bundle's SHA-256, never by timestamps), or when it is new and has no \
DONE.txt; macOS ._* and .DS_Store files are ignored. Holds the station lock while it runs.";

/// Wait for USB sticks under a mount root and process each one.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes (with --once, for the sticks present): as 'process'. Without --once \
watch runs until stopped; it exits 2 on a station error.\n\nExample:\n  airgap-audit watch --mount-root /media --home /var/lib/airgap-audit"
)]
pub struct WatchArgs {
    /// Folder under which sticks are mounted (e.g. /media or /run/media/operator).
    #[arg(long, value_name = "DIR")]
    pub mount_root: PathBuf,
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// Seconds between looks at the mount root.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub poll_secs: u64,
    /// Process the sticks present now, then exit (no waiting).
    #[arg(long)]
    pub once: bool,
}

pub fn run(args: ProcessArgs) -> anyhow::Result<ExitCode> {
    let home = StationHome::resolve_existing(args.home.as_deref()).map_err(one_line)?;
    let mut station = Station::open(&home).map_err(one_line)?;
    let opts = Options {
        batch_size: args.batch,
        ..Options::default()
    };
    let mount = Mount::open(&args.mount).map_err(one_line)?;
    if args.format == super::TextOrJson::Json {
        let mut reports = Vec::new();
        let summary = station
            .process(&mount, &opts, &mut |ev| {
                if let Event::Done(r) = ev {
                    reports.push(r.clone());
                }
            })
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.mount.display()))?;
        let doc = crate::station::run_document::document(
            &args.mount.display().to_string(),
            &reports,
            &summary,
        );
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(ExitCode::from(summary.exit_code()));
    }
    let summary = process_stick(&mut station, &mount, &opts)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.mount.display()))?;
    Ok(ExitCode::from(summary.0.exit_code()))
}

/// How often the bar redraws when nothing happens (the clock, the spinner and the ETA keep
/// moving while one slow bundle is judged).
const PROGRESS_TICK: Duration = Duration::from_millis(250);

/// The progress bar on stderr, only when stderr is a terminal (a pipe or a log file gets the
/// per-bundle lines on stdout and nothing else): spinner, elapsed time, position, ETA and the
/// bundle being worked on. It moves per bundle judged (not per batch committed) and ticks on its
/// own, so it never stands still.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} bundles, {time_left}: {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("time_left", time_left)
        .progress_chars("=> "),
    );
    bar.set_message("reading the inbox");
    bar.enable_steady_tick(PROGRESS_TICK);
    bar
}

/// "4.2 s", "3 min 07 s": the run's length, to a tenth of a second under a minute.
fn elapsed_words(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

/// The estimate once there is something to estimate from: before the first bundle is through,
/// a rate of zero would read "0s left".
fn time_left(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = if state.pos() == 0 {
        w.write_str("time left not known yet")
    } else {
        write!(w, "about {:#} left", indicatif::HumanDuration(state.eta()))
    };
}

/// Runs one stick with the progress bar and lines; returns the summary and the lines. Writing
/// to stdout can fail only cosmetically (results are durable before a line is printed), so a
/// closed stdout does not stop the run.
fn process_stick(
    station: &mut Station,
    mount: &Mount,
    opts: &Options,
) -> Result<(Summary, Vec<String>), station::StationError> {
    let started = std::time::Instant::now();
    let bar = progress_bar();
    let mut lines = Vec::new();
    let mut out = std::io::stdout().lock();
    let result = station.process(mount, opts, &mut |ev| match ev {
        Event::Start { total } => {
            bar.set_length(total as u64);
            bar.set_message("opening the bundles to put them in sequence order");
        }
        // File names come from the stick: through the one sanitiser.
        Event::Working { file } => bar.set_message(display::sanitize_clipped(file, 80)),
        Event::Passed => bar.inc(1),
        Event::Done(r) => {
            let line = r.to_string();
            bar.suspend(|| {
                let _ = writeln!(out, "{line}");
            });
            lines.push(line);
        }
    });
    let done = bar.position();
    let shown = !bar.is_hidden();
    bar.finish_and_clear();
    if shown {
        // The run's own clock, read once at the end: the bar's last frame may be older.
        eprintln!(
            "{done} of {} inbox entries through in {}",
            bar.length().unwrap_or(done),
            elapsed_words(started.elapsed())
        );
    }
    let summary = result?;
    let _ = writeln!(out, "{summary}");
    Ok((summary, lines))
}

pub fn run_watch(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let home = StationHome::resolve_existing(args.home.as_deref()).map_err(one_line)?;
    let mut station = Station::open(&home).map_err(one_line)?;
    let root = &args.mount_root;
    if !root.is_dir() {
        anyhow::bail!(
            "{}: mount root is not a folder; pass the folder sticks are mounted under (e.g. /media)",
            root.display()
        );
    }
    let poll = Duration::from_secs(args.poll_secs.max(1));
    // Which sticks to run and when to retry one: station::watch.
    let mut cache = station::DigestCache::default();
    let mut watch = StickWatch::default();
    let mut worst = 0u8;
    let mut announced_wait = false;
    loop {
        let present = crate::stick::mount::sticks_under(root);
        for p in watch.removed(&present) {
            println!("{}: removed", display::path(&p));
            announced_wait = false;
        }
        let mut did_any = false;
        for stick in &present {
            let first_look = watch.look(stick);
            let pending = match station.unrecorded(stick, &mut cache) {
                Ok(p) => p,
                Err(e) => {
                    if first_look {
                        eprintln!(
                            "airgap-audit: {}: {}",
                            display::path(stick),
                            display::sanitize(&e.to_string())
                        );
                        worst = 2;
                    }
                    continue;
                }
            };
            let has_done = std::fs::symlink_metadata(stick.join("DONE.txt")).is_ok();
            match watch.next(stick, first_look, has_done, &pending) {
                Next::NothingNew => {
                    if first_look {
                        println!(
                            "{}: nothing new: every bundle in its inbox is already in the ledger",
                            display::path(stick)
                        );
                    }
                    continue;
                }
                Next::WaitForChange => continue,
                Next::Process => {}
            }
            did_any = true;
            announced_wait = false;
            println!("{}: processing", display::path(stick));
            station.reload().map_err(one_line)?;
            let opts = Options::default();
            // Opened once: the run reads and writes through this handle, so a stick swapped
            // under the same path meanwhile gets nothing of this run.
            let mount = match Mount::open(stick) {
                Ok(m) => m,
                Err(e) => {
                    worst = 2;
                    eprintln!("airgap-audit: {}", display::sanitize(&e.to_string()));
                    watch.failed(stick, pending);
                    continue;
                }
            };
            match process_stick(&mut station, &mount, &opts) {
                Ok((summary, lines)) => {
                    watch.succeeded(stick);
                    worst = worst.max(summary.exit_code());
                    let done = done_text(&station, &summary, &lines);
                    crate::fault::hit("before-done-file");
                    if !mount.still_here() {
                        // Another folder is mounted at the path now: marking it done would say
                        // its bundles were judged. This run's results are on the first stick.
                        worst = 2;
                        eprintln!(
                            "airgap-audit: {}: the stick was swapped during the run; its results went to the stick inserted first, nothing was written to the one there now and DONE.txt was not written: re-insert the first stick to check it, then the other",
                            display::path(stick)
                        );
                        continue;
                    }
                    match crate::stick::outbox::Outbox::write_one(
                        &mount.at(),
                        "DONE.txt",
                        done.as_bytes(),
                    )
                    .map_err(|e| e.shown_under(&mount.at(), stick))
                    {
                        // The batch summary is the line just above; not repeated here.
                        Ok(()) => println!(
                            "{}: done; the stick is safe to remove",
                            display::path(stick)
                        ),
                        Err(e) => println!(
                            "{}: results are in the outbox, but DONE.txt could not be written: {e}",
                            display::path(stick)
                        ),
                    }
                    crate::fault::hit("after-done-file");
                }
                Err(e) => {
                    // A problem with this stick (unwritable outbox, unreadable inbox): report it
                    // and wait for the stick to be replaced. A ledger problem stops the station.
                    if matches!(e, station::StationError::Ledger(_)) {
                        return Err(anyhow::anyhow!("{}: {e}", display::path(stick)));
                    }
                    worst = 2;
                    eprintln!(
                        "airgap-audit: {}: {}",
                        display::path(stick),
                        display::sanitize(&e.to_string())
                    );
                    println!(
                        "{}: NOT processed completely; fix the problem above, then re-insert the stick",
                        display::path(stick)
                    );
                    watch.failed(stick, pending);
                }
            }
        }
        if args.once {
            return Ok(ExitCode::from(worst));
        }
        if !did_any && !announced_wait {
            println!(
                "waiting for a stick with an inbox/ folder under {}",
                display::path(root)
            );
            announced_wait = true;
        }
        std::thread::sleep(poll);
    }
}

/// Errors here are written as one complete line by their own `Display`; converting through it
/// keeps anyhow's chain printer from repeating an embedded source.
fn one_line(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn done_text(station: &Station, summary: &Summary, lines: &[String]) -> String {
    let mut s = format!(
        "airgap-audit station {} processed this stick at {}\n{summary}\n\n",
        station.config().station_id,
        crate::canonical::format_utc(time::OffsetDateTime::now_utc()),
    );
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("\nVerdicts and rejection receipts are in outbox/. The stick is safe to remove.\n");
    s
}
