/*!
Snapshots: a verified, zstd-compressed copy of the ledger with the signed checkpoint of its tree
beside it (`<snapshot>.checkpoint`), and the offline check of one.
*/
use std::path::{Path, PathBuf};

use serde::Serialize;
use time::OffsetDateTime;

use super::checkpoint::CheckpointVerifier;
use super::entry::{EntryKind, NewEntry};
use super::error::{io_err, LedgerError};
use super::merkle::Hash;
use super::verify::VerifyReport;
use super::{checkpoint, hex32, merkle, Ledger, LedgerKeys};

/// What [`Ledger::export_snapshot`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotInfo {
    pub file: PathBuf,
    pub checkpoint_file: PathBuf,
    pub tree_size: u64,
    #[serde(serialize_with = "hex32::serialize")]
    pub root: Hash,
    /// SHA-256 of the compressed snapshot file.
    #[serde(serialize_with = "hex32::serialize")]
    pub sha256: [u8; 32],
    /// SHA-256 of the uncompressed SQLite copy.
    #[serde(serialize_with = "hex32::serialize")]
    pub sqlite_sha256: [u8; 32],
    /// Index of the `snapshot_export` entry recording this export.
    pub ledger_index: u64,
}

/// `<snapshot>.checkpoint`.
pub fn checkpoint_path_for(snapshot: &Path) -> PathBuf {
    let mut s = snapshot.as_os_str().to_os_string();
    s.push(".checkpoint");
    PathBuf::from(s)
}

/// Largest decompressed snapshot accepted by [`verify_snapshot`].
pub const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024 * 1024;

/// Check a snapshot offline: decompress it to a private temporary file, verify everything in it
/// with `verifier`, and check that its tree is exactly the one in the signed `<snapshot>.checkpoint`.
pub fn verify_snapshot(
    snapshot: &Path,
    checkpoint_file: &Path,
    verifier: CheckpointVerifier,
) -> Result<VerifyReport, LedgerError> {
    let note = crate::fsx::read_capped(checkpoint_file, checkpoint::MAX_NOTE_BYTES as u64)
        .map_err(|e| io_err(checkpoint_file, e.into_io()))?;
    let mismatch = |detail: String| LedgerError::SnapshotMismatch {
        snapshot: snapshot.to_path_buf(),
        checkpoint: checkpoint_file.to_path_buf(),
        detail,
    };
    let cp = verifier
        .verify(&note)
        .map_err(|e| mismatch(e.to_string()))?;
    if cp.origin != verifier.name() {
        return Err(mismatch(format!(
            "checkpoint origin {:?} is not the key's name {:?}",
            cp.origin,
            verifier.name()
        )));
    }
    let tmp = std::env::temp_dir().join(format!(
        "airgap-audit-snapshot-{}-{}.sqlite",
        std::process::id(),
        OffsetDateTime::now_utc().unix_timestamp_nanos()
    ));
    let _cleanup = RemoveOnDrop(tmp.clone());
    decompress_file(snapshot, &tmp, MAX_SNAPSHOT_BYTES)?;
    let report = {
        let mut l = Ledger::open_read_only(&tmp, LedgerKeys::Verify(verifier))
            .map_err(|e| relabel(e, snapshot))?;
        l.verify().map_err(|e| relabel(e, snapshot))?
    };
    if report.size != cp.size || !merkle::hashes_equal(&report.root, &cp.root) {
        return Err(mismatch(format!(
            "the snapshot holds {} entries with root {}, the checkpoint says {} entries with root {}",
            report.size,
            hex::encode(report.root),
            cp.size,
            hex::encode(cp.root)
        )));
    }
    Ok(report)
}

/// Errors about the temporary copy should name the snapshot the operator passed.
fn relabel(e: LedgerError, snapshot: &Path) -> LedgerError {
    match e {
        LedgerError::Sqlite { source, .. } => LedgerError::Sqlite {
            path: snapshot.to_path_buf(),
            source,
        },
        LedgerError::NotALedger { detail, .. } => LedgerError::NotALedger {
            path: snapshot.to_path_buf(),
            detail,
        },
        other => other,
    }
}

impl Ledger {
    /// Export a snapshot: a consistent copy (`VACUUM INTO`), verified, zstd-compressed to `out`
    /// (fsynced, written via a temporary name and renamed), with the signed checkpoint of the
    /// copied tree beside it as `<out>.checkpoint`, then a `snapshot_export` ledger entry.
    pub fn export_snapshot(&mut self, out: &Path) -> Result<SnapshotInfo, LedgerError> {
        let checkpoint_path = checkpoint_path_for(out);
        for p in [out, checkpoint_path.as_path()] {
            if std::fs::symlink_metadata(p).is_ok() {
                return Err(LedgerError::AlreadyExists {
                    path: p.to_path_buf(),
                });
            }
        }
        if self.signer.is_none() {
            return Err(LedgerError::NoSigningKey {
                key_hint: self.key_dir().join("checkpoint.key"),
            });
        }
        let dir = crate::fsx::parent_dir(out);
        let stem = out
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "snapshot".into());
        let raw_copy = dir.join(format!(".{stem}.{}.sqlite.tmp", std::process::id()));
        let _cleanup = RemoveOnDrop(raw_copy.clone());
        let raw_str = raw_copy.to_str().ok_or_else(|| LedgerError::Io {
            path: raw_copy.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "path is not UTF-8"),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [raw_str])
            .map_err(|e| self.sql(e))?;
        crate::fsx::open_nofollow(&raw_copy)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_err(&raw_copy, e))?;
        // The copy must itself verify, and tells us exactly which tree it holds.
        let verifier = self.signer.as_ref().map(|s| s.verifier());
        let (size, root, note) = {
            let keys = verifier.map_or(LedgerKeys::None, LedgerKeys::Verify);
            let mut copy = Ledger::open_read_only(&raw_copy, keys)?;
            let report = copy.verify()?;
            let note = copy.stored_checkpoint(report.size)?;
            (report.size, report.root, note)
        };
        let note = match note {
            Some(n) => n,
            // Only an empty ledger has no checkpoint row; sign its (empty) tree explicitly.
            None => self
                .signer
                .as_ref()
                .map(|s| Ledger::sign_tree(s, size, root))
                .unwrap_or_default(),
        };
        let sqlite_sha256 =
            crate::fsx::sha256_file(&raw_copy).map_err(|e| io_err(&raw_copy, e.into_io()))?;
        let tmp_out = dir.join(format!(".{stem}.{}.zst.tmp", std::process::id()));
        let _cleanup2 = RemoveOnDrop(tmp_out.clone());
        compress_file(&raw_copy, &tmp_out)?;
        let compressed_sha256 =
            crate::fsx::sha256_file(&tmp_out).map_err(|e| io_err(&tmp_out, e.into_io()))?;
        let tmp_cp = dir.join(format!(".{stem}.{}.checkpoint.tmp", std::process::id()));
        let _cleanup3 = RemoveOnDrop(tmp_cp.clone());
        crate::fsx::write_new_synced(&tmp_cp, note.as_bytes(), 0o600)
            .map_err(|e| io_err(&tmp_cp, e))?;
        rename_no_replace(&tmp_out, out)?;
        rename_no_replace(&tmp_cp, &checkpoint_path)?;
        crate::fsx::fsync_dir(dir).map_err(|e| io_err(dir, e))?;
        let info = SnapshotInfo {
            file: out.to_path_buf(),
            checkpoint_file: checkpoint_path,
            tree_size: size,
            root,
            sha256: compressed_sha256,
            sqlite_sha256,
            ledger_index: 0,
        };
        let appended = self.append_batch(vec![NewEntry {
            kind: EntryKind::SnapshotExport,
            subject: stem.clone(),
            bundle_sha256: None,
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: crate::canonical::format_utc(OffsetDateTime::now_utc()),
            body: serde_json::json!({
                "file": stem,
                "sha256": hex::encode(info.sha256),
                "sqlite_sha256": hex::encode(info.sqlite_sha256),
                "tree_size": size,
                "root": hex::encode(root),
                "checkpoint": note,
            }),
        }])?;
        Ok(SnapshotInfo {
            ledger_index: appended.first().map_or(0, |a| a.index),
            ..info
        })
    }
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut p = self.0.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

fn compress_file(src: &Path, dst: &Path) -> Result<(), LedgerError> {
    let mut input = crate::fsx::open_nofollow(src).map_err(|e| io_err(src, e))?;
    let out = crate::fsx::create_new(dst, 0o600).map_err(|e| io_err(dst, e))?;
    let mut enc = zstd::Encoder::new(out, 10).map_err(|e| io_err(dst, e))?;
    std::io::copy(&mut input, &mut enc).map_err(|e| io_err(dst, e))?;
    let out = enc.finish().map_err(|e| io_err(dst, e))?;
    out.sync_all().map_err(|e| io_err(dst, e))
}

fn decompress_file(src: &Path, dst: &Path, cap: u64) -> Result<(), LedgerError> {
    use std::io::Read;
    let input = crate::fsx::open_nofollow(src).map_err(|e| io_err(src, e))?;
    let dec = zstd::Decoder::new(input).map_err(|e| io_err(src, e))?;
    let mut out = crate::fsx::create_new(dst, 0o600).map_err(|e| io_err(dst, e))?;
    let n = std::io::copy(&mut dec.take(cap + 1), &mut out).map_err(|e| io_err(src, e))?;
    if n > cap {
        return Err(io_err(
            src,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("snapshot decompresses to more than {cap} bytes"),
            ),
        ));
    }
    out.sync_all().map_err(|e| io_err(dst, e))
}

/// Rename that refuses to replace an existing file (checked just before; the window is the
/// operator's own directory).
fn rename_no_replace(from: &Path, to: &Path) -> Result<(), LedgerError> {
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(LedgerError::AlreadyExists {
            path: to.to_path_buf(),
        });
    }
    std::fs::rename(from, to).map_err(|e| io_err(to, e))
}
