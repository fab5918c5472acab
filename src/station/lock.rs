/*!
The station lock: an exclusive, non-blocking `flock` on the station home folder itself, held by
`process`, `watch`, `trust` changes and `model install` for as long as they run, so two runs never
process (or append to the ledger) at once.

The lock is on the folder, not on a file in it: a lock file can be deleted from under a running
process, after which a second run creates a new file, locks that, and judges the same bundles
again (issue 10, item 14). The home folder cannot be unlinked while it holds the station, and a
run opens it once and keeps that descriptor. `flock` locks die with the process (also on SIGKILL
or power loss), so a crashed run never leaves a stale lock behind.
*/
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another airgap-audit process or watch is already running on this station ({0} is locked); wait for it to finish or stop it, then retry")]
    Busy(PathBuf),
    #[error("{path}: cannot open the station home to lock it: {err}; check the station home exists and is a folder")]
    Open { path: PathBuf, err: std::io::Error },
}

/// Held while the station works; dropping it (or the process dying) releases the lock.
#[derive(Debug)]
pub struct StationLock {
    _file: File,
}

/// Takes the lock or fails at once (never waits: an operator should see that another run holds it).
pub fn acquire(home: &Path) -> Result<StationLock, LockError> {
    let path = home.to_path_buf();
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&path)
        .map_err(|err| LockError::Open {
            path: path.clone(),
            err,
        })?;
    #[allow(unsafe_code)]
    // SAFETY: flock only reads the descriptor number, which `file` keeps open for the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        return Err(if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
            LockError::Busy(path)
        } else {
            LockError::Open { path, err: e }
        });
    }
    Ok(StationLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let t = tempfile::tempdir().unwrap();
        let first = acquire(t.path()).unwrap();
        assert!(matches!(acquire(t.path()), Err(LockError::Busy(_))));
        drop(first);
        acquire(t.path()).unwrap();
    }
}
