/*!
A stick's folder, opened once per run: everything the station reads from or writes to the stick
goes through that handle, so a stick swapped for another under the same mount path mid-run
(unmounted and another mounted there, or another folder renamed into place) neither feeds the
run bundles nor receives its results.

How: the folder is opened with `O_DIRECTORY | O_NOFOLLOW` and kept open; [`Mount::at`] names it
as `/proc/self/fd/N/.`, which the kernel resolves to the opened folder itself whatever the mount
path points at later (the `openat` semantics, through the path API the inbox and outbox use).
Messages name the mount path the operator gave ([`Mount::shown`]). [`Mount::still_here`] tells
whether the mount path still is the folder opened (same device and inode), checked before a
stick is marked done.
*/
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The stick's folder could not be opened. One line: what, and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot open the stick's folder: {err}; check that the stick is mounted there and that the path is a real folder, not a symlink", path.display())]
pub struct MountError {
    pub path: PathBuf,
    pub err: std::io::Error,
}

/// An opened stick folder (see the module doc).
#[derive(Debug)]
pub struct Mount {
    shown: PathBuf,
    dir: File,
    dev: u64,
    ino: u64,
}

impl Mount {
    /// Opens `path` (never through a symlink) and remembers its device and inode.
    pub fn open(path: &Path) -> Result<Mount, MountError> {
        let err = |err| MountError {
            path: path.to_path_buf(),
            err,
        };
        let dir = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_err(err)?;
        let m = dir.metadata().map_err(err)?;
        Ok(Mount {
            shown: path.to_path_buf(),
            dir,
            dev: m.dev(),
            ino: m.ino(),
        })
    }

    /// The mount path as the operator gave it (for messages).
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The opened folder as a path that keeps naming it after a swap: `/proc/self/fd/N/.`; the
    /// mount path itself where `/proc` is not available (no protection then, but no failure).
    pub fn at(&self) -> PathBuf {
        // The trailing `.` makes the magic link an inner component, which is always followed:
        // a final one would be refused by the `O_NOFOLLOW` every stick access uses.
        let p = PathBuf::from(format!("/proc/self/fd/{}/.", self.dir.as_raw_fd()));
        match std::fs::metadata(&p) {
            Ok(m) if m.dev() == self.dev && m.ino() == self.ino => p,
            _ => self.shown.clone(),
        }
    }

    /// Whether the mount path still is the folder opened (same device and inode, not followed
    /// through a symlink).
    pub fn still_here(&self) -> bool {
        std::fs::symlink_metadata(&self.shown)
            .is_ok_and(|m| m.is_dir() && m.dev() == self.dev && m.ino() == self.ino)
    }

    /// `p` (a path under [`Mount::at`]) as the operator knows it, under [`Mount::shown`].
    pub fn show(&self, p: &Path) -> PathBuf {
        show_under(&self.at(), &self.shown, p)
    }
}

/// `p` with the prefix `at` replaced by `shown` (unchanged when it is not under `at`).
pub fn show_under(at: &Path, shown: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(at) {
        Ok(rest) if rest.as_os_str().is_empty() => shown.to_path_buf(),
        Ok(rest) => shown.join(rest),
        Err(_) => p.to_path_buf(),
    }
}

/// The sticks mounted under `root` (`watch`): the folders directly under it, not symlinks, that
/// hold an `inbox/` folder, sorted. None when `root` cannot be read.
pub fn sticks_under(root: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            std::fs::symlink_metadata(p.join("inbox")).is_ok_and(|m| m.file_type().is_dir())
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_keeps_naming_the_folder_opened_after_a_swap() {
        let t = tempfile::tempdir().unwrap();
        let a = t.path().join("stick");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("mark"), b"A").unwrap();
        let m = Mount::open(&a).unwrap();
        assert!(m.still_here());
        std::fs::rename(&a, t.path().join("away")).unwrap();
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("mark"), b"B").unwrap();
        assert!(!m.still_here());
        assert_eq!(std::fs::read(m.at().join("mark")).unwrap(), b"A");
        assert_eq!(m.show(&m.at().join("outbox/x")), a.join("outbox/x"));
    }

    #[test]
    fn a_symlinked_mount_is_refused() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("real")).unwrap();
        std::os::unix::fs::symlink(t.path().join("real"), t.path().join("link")).unwrap();
        assert!(Mount::open(&t.path().join("link")).is_err());
    }

    /// `watch` takes only real folders with an `inbox/` folder as sticks: a symlink (which could
    /// lead anywhere), a folder without an inbox and a plain file are not.
    #[test]
    fn only_real_folders_with_an_inbox_are_sticks() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        for name in ["b", "a"] {
            std::fs::create_dir_all(root.join(name).join("inbox")).unwrap();
        }
        std::fs::create_dir(root.join("no-inbox")).unwrap();
        std::fs::create_dir(root.join("file-inbox")).unwrap();
        std::fs::write(root.join("file-inbox/inbox"), b"").unwrap();
        std::fs::write(root.join("plain"), b"").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("link")).unwrap();
        assert_eq!(sticks_under(root), vec![root.join("a"), root.join("b")]);
        assert!(sticks_under(&root.join("missing")).is_empty());
    }
}
