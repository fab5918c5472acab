/*!
Test-only fault injection for the crash-safety tests: `AIRGAP_AUDIT_FAULT=<point>:<n>` makes the
process SIGKILL itself the `n`-th time (1-based) it reaches the named point, so a test can stop
the station at an exact step of the pipeline and check that a re-run repairs everything.

Unset (the normal case) it costs one relaxed atomic load per point. It can only kill the process
that set it, so it is harmless to leave in release builds; OPERATIONS.md says never to set it.
Points are listed in [`POINTS`] so tests and docs share one list.
*/
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Environment variable that arms a fault point.
pub const ENV: &str = "AIRGAP_AUDIT_FAULT";

/// Every point the station can stop at, in pipeline order.
pub const POINTS: &[&str] = &[
    "after-lock",
    "after-ledger-open",
    "after-outbox-open",
    "after-scan",
    "after-read",
    "after-decrypt",
    "after-request-parse",
    "after-checks",
    "after-evaluate",
    "after-plan-store",
    "before-ledger-commit",
    "after-ledger-commit",
    "before-outbox-write",
    "after-temp-write",
    "after-temp-sync",
    "after-rename",
    "between-verdict-and-minisig",
    "between-minisig-and-txt",
    "before-dir-fsync",
    "after-dir-fsync",
    "after-batch",
    "after-reemit",
    "before-done-file",
    "after-done-file",
];

struct Armed {
    point: String,
    nth: u64,
    count: AtomicU64,
}

fn armed() -> Option<&'static Armed> {
    static ARMED: OnceLock<Option<Armed>> = OnceLock::new();
    ARMED
        .get_or_init(|| {
            let spec = std::env::var(ENV).ok()?;
            let (point, nth) = spec.rsplit_once(':')?;
            let nth = nth.parse::<u64>().ok().filter(|n| *n > 0)?;
            Some(Armed {
                point: point.to_string(),
                nth,
                count: AtomicU64::new(0),
            })
        })
        .as_ref()
}

/// Marks that the station reached `point`; kills the process if this is the armed hit.
pub fn hit(point: &'static str) {
    debug_assert!(POINTS.contains(&point), "unknown fault point {point}");
    let Some(a) = armed() else { return };
    if a.point != point {
        return;
    }
    if a.count.fetch_add(1, Ordering::Relaxed) + 1 == a.nth {
        kill_self();
    }
}

/// SIGKILL, not abort: no unwinding, no atexit handlers, no flushing — the same as `kill -9` or a
/// power cut as far as the process's own state goes.
#[allow(unsafe_code)] // each `unsafe` below carries its SAFETY reason
fn kill_self() -> ! {
    // SAFETY: kill and getpid have no memory-safety preconditions.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    // SIGKILL cannot be caught; this is only reached if the signal was somehow not delivered.
    std::process::abort()
}

/// Environment variable that pauses a run: `AIRGAP_AUDIT_PAUSE=<point>:<marker file>`.
pub const PAUSE_ENV: &str = "AIRGAP_AUDIT_PAUSE";

/// Test-only pause: when `AIRGAP_AUDIT_PAUSE=<point>:<file>` names `point`, creates `file` and
/// waits (at most 60 s) until the test removes it, so a test can change the world at an exact
/// step (e.g. swap the stick between scan and write). Unset, it does nothing.
pub fn pause(point: &'static str) {
    debug_assert!(POINTS.contains(&point), "unknown fault point {point}");
    let Ok(spec) = std::env::var(PAUSE_ENV) else {
        return;
    };
    let Some((p, marker)) = spec.split_once(':') else {
        return;
    };
    if p != point || std::fs::write(marker, b"paused").is_err() {
        return;
    }
    let start = std::time::Instant::now();
    while std::path::Path::new(marker).exists() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
