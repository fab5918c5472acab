/*!
The USB outbox: durable, atomic writes of verdict and receipt files to `MOUNT/outbox`.

Owns: the outbox folder and every byte the station writes there. Input: file names and bytes the
station has already committed to the ledger. Output: files that are either absent or complete —
never a partial file under a final name.

How a group of files is written (one batch of verdicts at a time): each file goes to a temp name
in the same folder (`.<name>.tmp-<pid>`, created exclusively, never through a symlink), then ONE
`syncfs` makes all of the batch's data durable (an `fsync` per file costs ~2.5 ms each, which would
cap a batch at a few hundred files per second), then each temp is renamed over its final name,
then the folder itself is fsynced so the renames survive a power cut. A crash at any step leaves
at worst stale temp files (removed on the next run) and missing final files, which the station
re-emits from the ledger with identical bytes.

Failures (read-only stick, full disk, I/O error) are one [`OutboxError`] with the path and what to
do; the batch's temp files are removed so a full stick is not left fuller. Never reads bundles
and never touches the ledger.
*/
use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use crate::fault;
use crate::fsx::FsxError;

/// The station's high-water mark (its latest signed checkpoint note) as copied to every stick.
pub const STATION_CHECKPOINT: &str = "station-checkpoint.txt";
/// Largest `station-checkpoint.txt` read back (one signed note).
pub const MAX_CHECKPOINT_BYTES: u64 = 4096;

/// Longest outbox file name accepted (well under the 255-byte limit of FAT/exFAT/ext4).
const MAX_NAME_LEN: usize = 200;

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Errors writing the outbox. Each renders as one line: what failed, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("{0}: the outbox is a symlink or not a folder; the station never follows symlinks, make outbox/ a real folder")]
    NotADirectory(PathBuf),
    #[error("{0:?} is not a safe outbox file name")]
    BadName(String),
    #[error("{path}: read-only; the stick or its outbox cannot be written (check the write-protect switch or remount it read-write), then run process again: nothing recorded is lost, missing files are re-emitted from the ledger")]
    ReadOnly { path: PathBuf },
    #[error("{path}: the stick is full; free space or use a bigger stick, then run process again: nothing recorded is lost, missing files are re-emitted from the ledger")]
    Full { path: PathBuf },
    #[error("{path}: cannot write the outbox: {err}; check the stick, then run process again: nothing recorded is lost, missing files are re-emitted from the ledger")]
    Io { path: PathBuf, err: std::io::Error },
}

impl OutboxError {
    /// The same error with a path under `at` named under `shown` (see [`crate::stick::mount`]).
    pub fn shown_under(self, at: &Path, shown: &Path) -> OutboxError {
        let f = |p: PathBuf| crate::stick::mount::show_under(at, shown, &p);
        match self {
            OutboxError::NotADirectory(p) => OutboxError::NotADirectory(f(p)),
            OutboxError::BadName(n) => OutboxError::BadName(n),
            OutboxError::ReadOnly { path } => OutboxError::ReadOnly { path: f(path) },
            OutboxError::Full { path } => OutboxError::Full { path: f(path) },
            OutboxError::Io { path, err } => OutboxError::Io { path: f(path), err },
        }
    }

    fn from_io(path: PathBuf, source: std::io::Error) -> OutboxError {
        match source.raw_os_error() {
            Some(libc::EROFS) | Some(libc::EACCES) | Some(libc::EPERM) => {
                OutboxError::ReadOnly { path }
            }
            Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EFBIG) => {
                OutboxError::Full { path }
            }
            _ => OutboxError::Io { path, err: source },
        }
    }
}

/// An open outbox folder on a stick.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
    /// The stick folder the outbox was reached through, and its name in messages.
    at: PathBuf,
    shown: PathBuf,
}

/// Is `name` a plain file name the station may create: ASCII letters, digits, `.`, `_`, `-`, not
/// hidden, not `.`/`..`, bounded length.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl Outbox {
    /// Opens `MOUNT/outbox`, creating it when missing. Refuses a symlinked or non-folder outbox.
    pub fn open(mount: &Path) -> Result<Outbox, OutboxError> {
        Outbox::open_at(mount, mount)
    }

    /// [`Outbox::open`] of the stick folder reached as `at` (an opened folder's handle path, see
    /// [`crate::stick::mount::Mount::at`]), with messages naming it `shown`: every file goes to that
    /// folder, whatever is mounted at `shown` meanwhile.
    pub fn open_at(at: &Path, shown: &Path) -> Result<Outbox, OutboxError> {
        let out = Outbox {
            dir: at.join("outbox"),
            at: at.to_path_buf(),
            shown: shown.to_path_buf(),
        };
        let dir = &out.dir;
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(OutboxError::NotADirectory(out.show(dir))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir(dir).map_err(|e| out.err(dir.clone(), e))?;
                crate::fsx::fsync_dir(at).map_err(|e| out.err(at.to_path_buf(), e))?;
            }
            Err(e) => return Err(out.err(dir.clone(), e)),
        }
        Ok(out)
    }

    fn show(&self, p: &Path) -> PathBuf {
        crate::stick::mount::show_under(&self.at, &self.shown, p)
    }

    fn err(&self, p: PathBuf, e: std::io::Error) -> OutboxError {
        OutboxError::from_io(self.show(&p), e)
    }

    /// Writes one file of this outbox atomically (see [`Outbox::write_one`]).
    pub fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), OutboxError> {
        Outbox::write_one(&self.dir, name, bytes).map_err(|e| e.shown_under(&self.at, &self.shown))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks the outbox can be written at all (before anything is committed to the ledger), by
    /// creating, syncing and removing a probe file.
    pub fn probe(&self) -> Result<(), OutboxError> {
        let path = self.dir.join(format!(".probe.tmp-{}", std::process::id()));
        let res = crate::fsx::create_new(&path, 0o644).and_then(|mut f| {
            f.write_all(b"probe")?;
            f.sync_all()
        });
        let _ = fs::remove_file(&path);
        res.map_err(|e| self.err(self.dir.clone(), e))
    }

    /// Removes temp files left by a killed run (ours are `.<name>.tmp-<pid>`). Returns how many.
    pub fn remove_stale_temps(&self) -> usize {
        let Ok(rd) = fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in rd.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let ours = name.starts_with('.') && name.contains(".tmp-");
            // unlink removes a symlink itself, never its target.
            if ours && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// Reads `name` when it is a regular file (never through a symlink) of at most `cap` bytes:
    /// `Ok(None)` when absent, an error when it is something else or larger.
    pub fn read_small(&self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, OutboxError> {
        if !is_safe_name(name) {
            return Err(OutboxError::BadName(name.to_string()));
        }
        let path = self.dir.join(name);
        match crate::fsx::read_capped(&path, cap) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(FsxError::Io { err, .. }) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(FsxError::Io { err, .. }) => Err(self.err(path, err)),
            Err(
                FsxError::Symlink { .. } | FsxError::NotRegular { .. } | FsxError::TooLarge { .. },
            ) => Err(OutboxError::Io {
                path: self.show(&path),
                err: std::io::Error::other(format!("not a regular file of at most {cap} bytes")),
            }),
        }
    }

    /// True when `name` exists as a regular file (not a symlink) holding exactly `bytes`.
    pub fn is_current(&self, name: &str, bytes: &[u8]) -> bool {
        if !is_safe_name(name) {
            return false;
        }
        let path = self.dir.join(name);
        let Ok(file) = crate::fsx::open_nofollow(&path) else {
            return false;
        };
        match file.metadata() {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
            _ => return false,
        }
        let mut have = Vec::with_capacity(bytes.len());
        if file
            .take(bytes.len() as u64 + 1)
            .read_to_end(&mut have)
            .is_err()
        {
            return false;
        }
        have == bytes
    }

    /// Writes groups of files atomically and durably (see the module doc). Files already present
    /// with the same bytes are left alone. Within a group, files become visible in order (the
    /// verdict before its signature before its text). Returns how many files were written.
    pub fn write_groups(&self, groups: &[Vec<OutFile>]) -> Result<usize, OutboxError> {
        let mut staged: Vec<Vec<(PathBuf, PathBuf)>> = Vec::with_capacity(groups.len());
        let pid = std::process::id();
        for group in groups {
            let mut g = Vec::with_capacity(group.len());
            for f in group {
                if !is_safe_name(&f.name) {
                    self.discard(&staged, &g);
                    return Err(OutboxError::BadName(f.name.clone()));
                }
                if self.is_current(&f.name, &f.bytes) {
                    continue;
                }
                let fin = self.dir.join(&f.name);
                let tmp = self.dir.join(format!(".{}.tmp-{pid}", f.name));
                // A temp of the same name can only be a leftover of a killed run with our pid.
                let _ = fs::remove_file(&tmp);
                if let Err(e) =
                    crate::fsx::create_new(&tmp, 0o644).and_then(|mut w| w.write_all(&f.bytes))
                {
                    let _ = fs::remove_file(&tmp);
                    self.discard(&staged, &g);
                    return Err(self.err(tmp, e));
                }
                fault::hit("after-temp-write");
                g.push((tmp, fin));
            }
            staged.push(g);
        }
        let count: usize = staged.iter().map(Vec::len).sum();
        if count == 0 {
            return Ok(0);
        }
        if let Err(e) = syncfs(&self.dir) {
            self.discard(&staged, &[]);
            return Err(self.err(self.dir.clone(), e));
        }
        fault::hit("after-temp-sync");
        for g in &staged {
            for (i, (tmp, fin)) in g.iter().enumerate() {
                if let Err(e) = fs::rename(tmp, fin) {
                    self.discard(&staged, &[]);
                    return Err(self.err(fin.clone(), e));
                }
                fault::hit("after-rename");
                match i {
                    0 => fault::hit("between-verdict-and-minisig"),
                    1 => fault::hit("between-minisig-and-txt"),
                    _ => {}
                }
            }
        }
        fault::hit("before-dir-fsync");
        crate::fsx::fsync_dir(&self.dir).map_err(|e| self.err(self.dir.clone(), e))?;
        fault::hit("after-dir-fsync");
        Ok(count)
    }

    /// Writes one file atomically (temp, fsync, rename, fsync the folder): `DONE.txt` and other
    /// single files outside a batch.
    pub fn write_one(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), OutboxError> {
        if !is_safe_name(name) {
            return Err(OutboxError::BadName(name.to_string()));
        }
        crate::fsx::write_atomic(&dir.join(name), bytes, 0o644).map_err(|e| {
            let path = e.path().to_path_buf();
            OutboxError::from_io(path, e.into_io())
        })
    }

    /// Removes the temp files of a failed batch (renamed files stay: they are complete).
    fn discard(&self, staged: &[Vec<(PathBuf, PathBuf)>], current: &[(PathBuf, PathBuf)]) {
        for (tmp, _) in staged.iter().flatten().chain(current.iter()) {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Flushes every dirty page of the filesystem holding `dir` in one call (Linux `syncfs`, which
/// reports write-back errors since 5.8).
fn syncfs(dir: &Path) -> std::io::Result<()> {
    let d = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(dir)?;
    #[allow(unsafe_code)]
    // SAFETY: syncfs only reads the descriptor number, which `d` keeps open for the call.
    let rc = unsafe { libc::syncfs(d.as_raw_fd()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, bytes: &[u8]) -> OutFile {
        OutFile {
            name: name.into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn writes_groups_and_skips_current_files() {
        let t = tempfile::tempdir().unwrap();
        let o = Outbox::open(t.path()).unwrap();
        o.probe().unwrap();
        let groups = vec![vec![
            f("r1.verdict.json", b"{}"),
            f("r1.verdict.txt", b"ok"),
        ]];
        assert_eq!(o.write_groups(&groups).unwrap(), 2);
        assert!(o.is_current("r1.verdict.json", b"{}"));
        assert!(!o.is_current("r1.verdict.json", b"{ }"));
        assert_eq!(o.write_groups(&groups).unwrap(), 0);
        fs::write(o.dir().join("r1.verdict.txt"), b"partial").unwrap();
        assert_eq!(o.write_groups(&groups).unwrap(), 1);
        assert_eq!(fs::read(o.dir().join("r1.verdict.txt")).unwrap(), b"ok");
        let names: Vec<_> = fs::read_dir(o.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "no temp files left: {names:?}");
    }

    #[test]
    fn refuses_unsafe_names_and_symlinked_outbox() {
        let t = tempfile::tempdir().unwrap();
        let o = Outbox::open(t.path()).unwrap();
        for bad in ["../x", ".hidden", "a/b", "", "x\n"] {
            assert!(matches!(
                o.write_groups(&[vec![f(bad, b"x")]]),
                Err(OutboxError::BadName(_))
            ));
        }
        let t2 = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(t.path(), t2.path().join("outbox")).unwrap();
        assert!(matches!(
            Outbox::open(t2.path()),
            Err(OutboxError::NotADirectory(_))
        ));
    }

    #[test]
    fn a_symlink_at_the_final_name_is_replaced_not_followed() {
        let t = tempfile::tempdir().unwrap();
        let o = Outbox::open(t.path()).unwrap();
        let victim = t.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, o.dir().join("r.verdict.json")).unwrap();
        assert!(!o.is_current("r.verdict.json", b"keep"));
        o.write_groups(&[vec![f("r.verdict.json", b"new")]])
            .unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        assert_eq!(fs::read(o.dir().join("r.verdict.json")).unwrap(), b"new");
    }

    #[test]
    fn stale_temps_are_removed() {
        let t = tempfile::tempdir().unwrap();
        let o = Outbox::open(t.path()).unwrap();
        fs::write(o.dir().join(".r.verdict.json.tmp-42"), b"half").unwrap();
        fs::write(o.dir().join("keep.verdict.json"), b"{}").unwrap();
        assert_eq!(o.remove_stale_temps(), 1);
        assert!(o.dir().join("keep.verdict.json").exists());
    }
}
