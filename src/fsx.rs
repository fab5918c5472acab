/*!
The one place for the careful file operations every stage needs: capped reads of regular files
(never through a symlink), no-follow opens, new files born with their mode, atomic replacement
(temp beside the target, fsync, rename, fsync of the folder), folder fsync, and the SHA-256 of a
file.

Errors are [`FsxError`] (or a plain `std::io::Error` for the one-call helpers); each caller turns
them into its own one-line message, so the wording an operator sees stays with the stage that
knows what the file is.
*/
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why a file operation failed. The messages match the station home's, which most callers show
/// as they are.
#[derive(Debug, thiserror::Error)]
pub enum FsxError {
    #[error("{}: {err}; check the path and its permissions", path.display())]
    Io { path: PathBuf, err: std::io::Error },
    #[error("{}: is a symlink or not a regular file; refusing to follow it (replace it with the real file)", path.display())]
    Symlink { path: PathBuf },
    #[error("{}: is a symlink or not a regular file; refusing to follow it (replace it with the real file)", path.display())]
    NotRegular { path: PathBuf },
    /// `len` is the size seen before reading; `None` when the file grew past `cap` while read.
    #[error("{}: larger than {cap} bytes; this is not a file the station wrote (restore it from the station's backup)", path.display())]
    TooLarge {
        path: PathBuf,
        cap: u64,
        len: Option<u64>,
    },
}

impl FsxError {
    fn io(path: &Path, err: std::io::Error) -> Self {
        FsxError::Io {
            path: path.to_path_buf(),
            err,
        }
    }

    /// The path the failure is about.
    pub fn path(&self) -> &Path {
        match self {
            FsxError::Io { path, .. }
            | FsxError::Symlink { path }
            | FsxError::NotRegular { path }
            | FsxError::TooLarge { path, .. } => path,
        }
    }

    /// The failure as a `std::io::Error` (for callers whose errors wrap one).
    pub fn into_io(self) -> std::io::Error {
        match self {
            FsxError::Io { err, .. } => err,
            FsxError::Symlink { .. } | FsxError::NotRegular { .. } => std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "is a symlink or not a regular file",
            ),
            FsxError::TooLarge { cap, .. } => std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("file is larger than {cap} bytes"),
            ),
        }
    }
}

/// Opens `path` for reading without following a symlink in its last component (`O_NONBLOCK` so
/// a FIFO planted there cannot hang the open).
pub fn open_nofollow(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
}

/// Opens a regular file for reading, never through a symlink nor blocking on a FIFO, checked on
/// the open descriptor (so a swap after a path check cannot slip through). Returns its size.
pub fn open_regular(path: &Path) -> Result<(File, u64), FsxError> {
    let file = open_nofollow(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            FsxError::Symlink {
                path: path.to_path_buf(),
            }
        } else {
            FsxError::io(path, e)
        }
    })?;
    let meta = file.metadata().map_err(|e| FsxError::io(path, e))?;
    if !meta.is_file() {
        return Err(FsxError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `cap` bytes, never through a symlink: refused before
/// allocation when its size is over `cap`, and read at most `cap + 1` bytes in case it grows.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, FsxError> {
    let (file, len) = open_regular(path)?;
    if len > cap {
        return Err(FsxError::TooLarge {
            path: path.to_path_buf(),
            cap,
            len: Some(len),
        });
    }
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut buf)
        .map_err(|e| FsxError::io(path, e))?;
    if buf.len() as u64 > cap {
        return Err(FsxError::TooLarge {
            path: path.to_path_buf(),
            cap,
            len: None,
        });
    }
    Ok(buf)
}

/// A file an operator named on the command line (a plan, a scenario, a scenario's `plan_file`)
/// that could not be read: the one line `check` and `eval` print. `what` names the file as the
/// operator knows it.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.line())]
pub struct InputError {
    pub what: &'static str,
    pub cap: u64,
    pub err: FsxError,
}

impl InputError {
    fn line(&self) -> String {
        let (what, cap, path) = (self.what, self.cap, self.err.path().display());
        match &self.err {
            FsxError::Io { err, .. } => format!("cannot read {what} {path}: {err}"),
            FsxError::Symlink { .. } => {
                format!("{what} {path} is a symbolic link; give the real file's path")
            }
            FsxError::NotRegular { .. } => format!("{what} {path} is not a regular file"),
            FsxError::TooLarge { len: Some(len), .. } => format!(
                "{what} {path} is {len} bytes, over the {cap}-byte limit; raise the limit in the policy ([plan] max_bytes) if it is genuine"
            ),
            FsxError::TooLarge { len: None, .. } => {
                format!("{what} {path} grew past the {cap}-byte limit while being read")
            }
        }
    }
}

/// Opens an operator's input file for reading ([`open_regular`]), refused when its size is over
/// `cap` before anything is read.
pub fn open_input(path: &Path, cap: u64, what: &'static str) -> Result<File, InputError> {
    let refused = |err| InputError { what, cap, err };
    let (file, len) = open_regular(path).map_err(refused)?;
    if len > cap {
        return Err(refused(FsxError::TooLarge {
            path: path.to_path_buf(),
            cap,
            len: Some(len),
        }));
    }
    Ok(file)
}

/// Reads a whole operator's input file ([`read_capped`]).
pub fn read_input(path: &Path, cap: u64, what: &'static str) -> Result<Vec<u8>, InputError> {
    read_capped(path, cap).map_err(|err| InputError { what, cap, err })
}

/// Creates `path`, which must not exist (a symlink there is refused too), for writing with
/// exactly `mode`: set at open, then set again because the umask may have narrowed it.
pub fn create_new(path: &Path, mode: u32) -> std::io::Result<File> {
    let f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)?;
    f.set_permissions(fs::Permissions::from_mode(mode))?;
    Ok(f)
}

/// [`create_new`], write `bytes`, fsync the file. Secret files are born with their mode, never
/// widened then narrowed.
pub fn write_new_synced(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut f = create_new(path, mode)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Replaces `path` atomically: a temp file beside it (`.<name>.tmp-<random>`), fsync, rename
/// over, fsync the folder. A crash leaves the old or the new content, never a torn file; a
/// failed write removes its temp.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<(), FsxError> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let tmp = dir.join(format!(".{name}.tmp-{}", rand::random::<u64>()));
    let result = write_new_synced(&tmp, bytes, mode)
        .map_err(|e| FsxError::io(&tmp, e))
        .and_then(|()| fs::rename(&tmp, path).map_err(|e| FsxError::io(path, e)))
        .and_then(|()| fsync_dir(dir).map_err(|e| FsxError::io(dir, e)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The folder holding `path`: a bare file name (`--out x.json`) has the empty path as its
/// parent, which is the current folder.
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// fsyncs a folder so a rename or create inside it is durable. The folder may be reached through
/// a symlink (a station home can be): an fsync reads nothing from it.
pub fn fsync_dir(dir: &Path) -> std::io::Result<()> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(dir)?
        .sync_all()
}

/// SHA-256 of a regular file's bytes, streamed (its size does not matter), never through a
/// symlink.
pub fn sha256_file(path: &Path) -> Result<[u8; 32], FsxError> {
    let (mut f, _) = open_regular(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(|e| FsxError::io(path, e))?;
    Ok(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_read_refuses_symlinks_folders_and_oversize_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let p = dir.join("f");
        write_new_synced(&p, b"secret", 0o600).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let link = dir.join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(matches!(
            read_capped(&link, 100),
            Err(FsxError::Symlink { .. })
        ));
        assert!(matches!(
            read_capped(&dir, 100),
            Err(FsxError::NotRegular { .. })
        ));
        assert!(matches!(
            read_capped(&p, 3),
            Err(FsxError::TooLarge {
                cap: 3,
                len: Some(6),
                ..
            })
        ));
        assert_eq!(read_capped(&p, 6).unwrap(), b"secret");
        assert!(write_new_synced(&p, b"x", 0o600).is_err());
        write_atomic(&p, b"new", 0o644).unwrap();
        assert_eq!(read_capped(&p, 6).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        assert!(sha256_file(&link).is_err());
        assert_eq!(
            hex::encode(sha256_file(&p).unwrap()),
            hex::encode(Sha256::digest(b"new"))
        );
        let leftovers = fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp-")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    /// The refusal of a file an operator named is one line that names the file as the operator
    /// knows it and, where there is one, what to do.
    #[test]
    fn input_file_refusals_are_one_line_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let p = dir.join("plan.json");
        fs::write(&p, b"0123456789").unwrap();
        let big = read_input(&p, 4, "plan").unwrap_err().to_string();
        assert_eq!(
            big,
            format!("plan {} is 10 bytes, over the 4-byte limit; raise the limit in the policy ([plan] max_bytes) if it is genuine", p.display())
        );
        assert!(open_input(&p, 4, "plan").is_err());
        assert_eq!(read_input(&p, 10, "plan").unwrap(), b"0123456789");
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert_eq!(
            open_input(&link, 100, "plan_file").unwrap_err().to_string(),
            format!(
                "plan_file {} is a symbolic link; give the real file's path",
                link.display()
            )
        );
        assert_eq!(
            read_input(dir, 100, "scenario").unwrap_err().to_string(),
            format!("scenario {} is not a regular file", dir.display())
        );
        let gone = read_input(&dir.join("gone"), 100, "plan")
            .unwrap_err()
            .to_string();
        assert!(gone.starts_with(&format!(
            "cannot read plan {}: ",
            dir.join("gone").display()
        )));
        assert!(!gone.contains('\n'));
    }
}
