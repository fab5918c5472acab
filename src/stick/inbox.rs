/*!
The USB inbox: list the `.aab` files in `MOUNT/inbox` and read each bundle's bytes, and nothing more.

Owns: directory listing, the symlink refusal and the size cap on the raw file. Input: a mount
path. Output: [`Listing`] (bundles to process, sorted by name, plus the entries it skipped and
why) and, per bundle, [`read_bundle`] → [`RawBundle`] (bytes + SHA-256).

Never follows a symlink: entries are classified with `lstat` (`DirEntry::file_type`), and a bundle
is opened with `O_NOFOLLOW | O_NONBLOCK` then re-checked with `fstat` on the open descriptor, so a
file swapped for a symlink or a FIFO between listing and opening is refused, not followed or
blocked on. The size cap is checked on the descriptor before anything is allocated, and the read
itself is bounded, so a file that grows while it is read cannot exceed the cap either. Never
decrypts or parses: that is `bundle`'s job.
*/
use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::fsx::FsxError;

/// The only bundle file extension the station reads.
pub const BUNDLE_EXTENSION: &str = "aab";

/// Most directory entries the station looks at in one inbox; a stick with more is refused rather
/// than listed into memory without bound.
pub const MAX_INBOX_ENTRIES: usize = 100_000;

/// Errors that stop the whole inbox (per-entry problems are [`Skipped`] entries instead).
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("{0}: no inbox folder here; is the stick mounted and does it have an inbox/ folder?")]
    NoInbox(PathBuf),
    #[error("{0}: the inbox is a symlink; the station never follows symlinks, use a real folder")]
    InboxIsSymlink(PathBuf),
    #[error("{path}: cannot read the inbox: {err}; check the stick is mounted and readable")]
    List { path: PathBuf, err: std::io::Error },
    #[error(
        "{0}: more than {MAX_INBOX_ENTRIES} entries in the inbox; split the batch across sticks"
    )]
    TooManyEntries(PathBuf),
}

/// Why one bundle file could not be read. Each of these becomes a rejection (when the bytes or
/// their digest are known) or a skipped entry.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is a symlink; the station never follows symlinks")]
    Symlink,
    #[error("is not a regular file")]
    NotRegular,
    #[error("is {size} bytes, over the {cap}-byte bundle cap")]
    Oversized { size: u64, cap: u64 },
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

/// One inbox entry that is not processed, with the reason shown to the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

/// A bundle candidate: a regular `*.aab` file in the inbox (not yet read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// File name, valid UTF-8 (other names are skipped).
    pub name: String,
    pub path: PathBuf,
}

/// The inbox, classified.
#[derive(Debug, Default)]
pub struct Listing {
    /// Bundles to process, sorted by file name (byte order), so every run sees the same order.
    pub bundles: Vec<Candidate>,
    /// Symlinks, folders, stray files, non-UTF-8 names: reported, never opened.
    pub skipped: Vec<Skipped>,
    /// macOS Finder metadata files (`._*` AppleDouble files, `.DS_Store`) that a Mac writes
    /// beside every file it copies: ignored, not skipped, so a stick from a Mac does not make
    /// every run exit 4. Counted so the run can say so once.
    pub mac_metadata: usize,
}

/// Whether a regular file named `name` is macOS Finder metadata (see [`Listing::mac_metadata`]).
pub fn is_mac_metadata(name: &str) -> bool {
    name.starts_with("._") || name == ".DS_Store"
}

/// The raw bytes of one bundle and their SHA-256 (the key of its ledger entry and receipt).
#[derive(Debug, Clone)]
pub struct RawBundle {
    pub bytes: Vec<u8>,
    pub sha256: [u8; 32],
}

impl RawBundle {
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// Path of the inbox folder on a stick.
pub fn inbox_dir(mount: &Path) -> PathBuf {
    mount.join("inbox")
}

/// Lists and classifies `MOUNT/inbox`. Only regular files named `*.aab` (not hidden) are bundles.
pub fn list(mount: &Path) -> Result<Listing, InboxError> {
    list_at(mount, mount)
}

/// [`list`] of the stick folder reached as `at` (an opened folder's handle path, see
/// [`crate::stick::mount::Mount::at`]), with messages naming it `shown`. Candidates' paths are under
/// `at`, so they are read from that folder whatever is mounted at `shown` meanwhile.
pub fn list_at(at: &Path, shown: &Path) -> Result<Listing, InboxError> {
    let dir = inbox_dir(at);
    let shown_dir = inbox_dir(shown);
    match fs::symlink_metadata(&dir) {
        Ok(m) if m.file_type().is_symlink() => return Err(InboxError::InboxIsSymlink(shown_dir)),
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(InboxError::NoInbox(shown.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InboxError::NoInbox(shown.to_path_buf()))
        }
        Err(err) => {
            return Err(InboxError::List {
                path: shown_dir,
                err,
            })
        }
    }
    let entries = fs::read_dir(&dir).map_err(|err| InboxError::List {
        path: shown_dir.clone(),
        err,
    })?;
    let mut listing = Listing::default();
    let mut seen = 0usize;
    for entry in entries {
        let entry = entry.map_err(|err| InboxError::List {
            path: shown_dir.clone(),
            err,
        })?;
        seen += 1;
        if seen > MAX_INBOX_ENTRIES {
            return Err(InboxError::TooManyEntries(shown_dir));
        }
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str().map(str::to_string) else {
            listing.skipped.push(Skipped {
                name: os_name.to_string_lossy().into_owned(),
                reason: "file name is not valid UTF-8; rename it or remove it".to_string(),
            });
            continue;
        };
        // DirEntry::file_type does not follow symlinks (it is the lstat type).
        let ft = match entry.file_type() {
            Ok(ft) => ft,
            Err(e) => {
                listing.skipped.push(Skipped {
                    name,
                    reason: format!("cannot stat: {e}"),
                });
                continue;
            }
        };
        if ft.is_file() && is_mac_metadata(&name) {
            listing.mac_metadata += 1;
            continue;
        }
        if let Some(reason) = classify(&name, ft) {
            listing.skipped.push(Skipped { name, reason });
            continue;
        }
        listing.bundles.push(Candidate {
            path: entry.path(),
            name,
        });
    }
    listing.bundles.sort_by(|a, b| a.name.cmp(&b.name));
    listing.skipped.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(listing)
}

/// `None` when the entry is a bundle candidate, else why it is skipped.
fn classify(name: &str, ft: fs::FileType) -> Option<String> {
    if ft.is_symlink() {
        return Some("is a symlink; the station never follows symlinks, copy the real file".into());
    }
    if ft.is_dir() {
        return Some("is a folder; only *.aab bundle files belong in the inbox".into());
    }
    if !ft.is_file() {
        let what = if ft.is_fifo() {
            "a FIFO"
        } else if ft.is_socket() {
            "a socket"
        } else if ft.is_block_device() || ft.is_char_device() {
            "a device"
        } else {
            "not a regular file"
        };
        return Some(format!(
            "is {what}; only *.aab bundle files belong in the inbox"
        ));
    }
    if name.starts_with('.') {
        return Some("hidden file; only *.aab bundle files belong in the inbox".into());
    }
    let is_bundle = Path::new(name)
        .extension()
        .is_some_and(|e| e == BUNDLE_EXTENSION);
    if !is_bundle {
        return Some("stray file (not *.aab); only bundle files belong in the inbox".into());
    }
    None
}

/// The inbox's classes of a failed careful file operation.
impl From<FsxError> for ReadError {
    fn from(e: FsxError) -> Self {
        match e {
            FsxError::Symlink { .. } => ReadError::Symlink,
            FsxError::NotRegular { .. } => ReadError::NotRegular,
            // A file that grew past the cap while read is one byte over it at least.
            FsxError::TooLarge { cap, len, .. } => ReadError::Oversized {
                size: len.unwrap_or(cap.saturating_add(1)),
                cap,
            },
            FsxError::Io { err, .. } => ReadError::Io(err),
        }
    }
}

/// Reads one bundle, refusing symlinks, FIFOs and files over `cap` bytes before allocating.
pub fn read_bundle(path: &Path, cap: u64) -> Result<RawBundle, ReadError> {
    let bytes = crate::fsx::read_capped(path, cap)?;
    let sha256 = Sha256::digest(&bytes).into();
    Ok(RawBundle { bytes, sha256 })
}

/// SHA-256 of a bundle streamed (for an oversized bundle's rejection receipt: its digest is
/// needed, its bytes are not). Same symlink and file-type refusals as [`read_bundle`].
pub fn stream_sha256(path: &Path) -> Result<[u8; 32], ReadError> {
    Ok(crate::fsx::sha256_file(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_bundles_and_skips_everything_else() {
        let t = tempfile::tempdir().unwrap();
        let inbox = t.path().join("inbox");
        fs::create_dir(&inbox).unwrap();
        fs::write(inbox.join("b.aab"), b"b").unwrap();
        fs::write(inbox.join("a.aab"), b"a").unwrap();
        fs::write(inbox.join("notes.txt"), b"x").unwrap();
        fs::write(inbox.join(".hidden.aab"), b"x").unwrap();
        fs::create_dir(inbox.join("sub.aab")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", inbox.join("link.aab")).unwrap();
        let l = list(t.path()).unwrap();
        let names: Vec<_> = l.bundles.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a.aab", "b.aab"]);
        let skipped: Vec<_> = l.skipped.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(skipped, [".hidden.aab", "link.aab", "notes.txt", "sub.aab"]);
        assert!(l.skipped[1].reason.contains("symlink"));
    }

    #[test]
    fn read_refuses_symlink_and_oversize() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("real.aab");
        fs::write(&real, vec![7u8; 100]).unwrap();
        let link = t.path().join("link.aab");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(matches!(read_bundle(&link, 1000), Err(ReadError::Symlink)));
        assert!(matches!(
            read_bundle(&real, 99),
            Err(ReadError::Oversized { size: 100, cap: 99 })
        ));
        let ok = read_bundle(&real, 100).unwrap();
        assert_eq!(ok.bytes.len(), 100);
        assert_eq!(ok.sha256, stream_sha256(&real).unwrap());
    }

    #[test]
    fn missing_or_symlinked_inbox_is_one_error() {
        let t = tempfile::tempdir().unwrap();
        assert!(matches!(list(t.path()), Err(InboxError::NoInbox(_))));
        let other = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(other.path(), t.path().join("inbox")).unwrap();
        assert!(matches!(list(t.path()), Err(InboxError::InboxIsSymlink(_))));
    }
}
