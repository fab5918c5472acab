/*!
The high-water mark: the signed checkpoint of the largest tree this station has committed, kept
beside the ledger file (`ledger.highwater`) and on each stick, so a ledger put back from an older
copy, truncated or wiped is refused; and the logged recovery when that was deliberate.
*/
use std::path::{Path, PathBuf};

use super::entry::{Appended, EntryKind, NewEntry};
use super::error::LedgerError;
use super::query::Filter;
use super::{b64, Ledger};

/// Largest high-water mark file read (one signed checkpoint note).
const MAX_HIGH_WATER_BYTES: u64 = 4096;

/// The high-water mark file beside a ledger file: `ledger.sqlite` → `ledger.highwater`.
pub fn high_water_path(ledger: &Path) -> PathBuf {
    ledger.with_extension("highwater")
}

/// What [`Ledger::judge_outside_note`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutsideNote {
    /// Not a checkpoint of this station (other origin or key, or not a valid note): no evidence.
    NotOurs(String),
    /// The ledger extends it.
    Extended { size: u64 },
    /// The ledger does not extend it, but a `recovery` entry gave up a tree at least as large.
    GivenUp { size: u64 },
    /// The ledger does not extend it: entries this station committed are gone.
    NotExtended { size: u64, detail: String },
}

impl Ledger {
    /// Records `note` (the signed checkpoint of the current tree) as the high-water mark.
    pub(super) fn write_high_water(&self, note: &str) -> Result<(), LedgerError> {
        let Some(hw) = &self.high_water else {
            return Ok(());
        };
        crate::fsx::write_atomic(hw, note.as_bytes(), 0o644).map_err(|e| LedgerError::Io {
            path: hw.clone(),
            source: std::io::Error::other(e.to_string()),
        })
    }

    /// The station's high-water mark (the signed checkpoint of the largest tree this station has
    /// committed, kept outside the ledger file) must be extended by the ledger: a ledger that was
    /// put back from an older copy, truncated, cut back to a checkpoint or wiped is refused. A
    /// missing mark is written from the current tree (first run of this version); a mark behind
    /// the ledger (crash right after a commit) is moved forward.
    pub(super) fn check_high_water(&mut self) -> Result<(), LedgerError> {
        let Some(hw) = self.high_water.clone() else {
            return Ok(());
        };
        match self.check_mark(&hw)? {
            None => self.advance_high_water(),
            Some(size) if size < self.size() => self.advance_high_water(),
            Some(_) => Ok(()),
        }
    }

    /// Checks the ledger against the mark in `hw` without writing anything: `Ok(None)` when
    /// there is no mark file (or no key to authenticate it), `Ok(Some(size))` when the ledger
    /// extends the mark of that size.
    pub(super) fn check_mark(&self, hw: &Path) -> Result<Option<u64>, LedgerError> {
        let text = match crate::fsx::read_capped(hw, MAX_HIGH_WATER_BYTES) {
            Ok(t) => t,
            Err(crate::fsx::FsxError::Io { err, .. })
                if err.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok(None)
            }
            Err(e) => {
                return Err(LedgerError::HighWater {
                    file: hw.to_path_buf(),
                    detail: e.to_string(),
                })
            }
        };
        let Some(v) = &self.verifier else {
            // Without the station's checkpoint key the mark cannot be authenticated.
            return Ok(None);
        };
        let cp = v.verify(&text).map_err(|e| LedgerError::HighWater {
            file: hw.to_path_buf(),
            detail: format!("it is not a checkpoint signed by this station's key ({e})"),
        })?;
        self.check_extends(cp.size, &cp.root)
            .map_err(|detail| LedgerError::RolledBack {
                file: hw.to_path_buf(),
                detail,
            })?;
        Ok(Some(cp.size))
    }

    /// Writes the stored signed checkpoint of the current tree as the mark (read-write only).
    fn advance_high_water(&self) -> Result<(), LedgerError> {
        if self.read_only || self.signer.is_none() || self.size() == 0 {
            return Ok(());
        }
        if let Some(note) = self.stored_checkpoint(self.size())? {
            self.write_high_water(&note)?;
        }
        Ok(())
    }

    /// The station's high-water mark as written (the signed checkpoint note of the largest tree
    /// committed), for a copy outside the station home (each stick's outbox). `None` for a ledger
    /// without the station layout or before the first signed checkpoint.
    pub fn high_water_note(&self) -> Option<String> {
        let hw = self.high_water.as_ref()?;
        let text = crate::fsx::read_capped(hw, MAX_HIGH_WATER_BYTES).ok()?;
        String::from_utf8(text).ok()
    }

    /// Judges a checkpoint note found outside the station (a stick's copy of the high-water
    /// mark): only a note signed by this station's checkpoint key (so of its origin) is evidence;
    /// such a note must be extended by the ledger, unless a `recovery` entry already gave up a
    /// tree at least as large (the rollback it shows was accepted deliberately).
    pub fn judge_outside_note(&self, note: &[u8]) -> Result<OutsideNote, LedgerError> {
        let Some(v) = &self.verifier else {
            return Ok(OutsideNote::NotOurs(
                "no checkpoint key to check it with".into(),
            ));
        };
        let cp = match v.verify(note) {
            Ok(cp) if cp.origin == v.name() => cp,
            Ok(cp) => {
                return Ok(OutsideNote::NotOurs(format!(
                    "its origin {:?} is not this station's {:?}",
                    cp.origin,
                    v.name()
                )))
            }
            Err(e) => return Ok(OutsideNote::NotOurs(e.to_string())),
        };
        let Err(detail) = self.check_extends(cp.size, &cp.root) else {
            return Ok(OutsideNote::Extended { size: cp.size });
        };
        let given_up = self
            .list(&Filter {
                kind: Some(EntryKind::Recovery),
                ..Default::default()
            })?
            .iter()
            .flat_map(|e| {
                ["previous_high_water", "stick_checkpoint"]
                    .into_iter()
                    .filter_map(|k| e.recorded.body.get(k)?.get("size")?.as_u64())
                    .collect::<Vec<_>>()
            })
            .max();
        if given_up.is_some_and(|g| g >= cp.size) {
            return Ok(OutsideNote::GivenUp { size: cp.size });
        }
        Ok(OutsideNote::NotExtended {
            size: cp.size,
            detail,
        })
    }

    /// The explicit, logged recovery step after a rollback that is deliberate (a ledger restored
    /// from a backup): appends a `recovery` entry recording `reason` and the mark being given up
    /// (so the ledger itself says that entries were lost, and how many), which also moves the
    /// high-water mark to the tree that now includes that entry. Open with
    /// [`Ledger::open_for_recovery`].
    ///
    /// `stick_note`: a stick's copy of the mark that showed the rollback (`accept-rollback
    /// --stick`), recorded too, so that stick is processed again afterwards.
    pub fn accept_rollback(
        &mut self,
        reason: &str,
        stick_note: Option<&[u8]>,
    ) -> Result<Appended, LedgerError> {
        let Some(hw) = self.high_water.clone() else {
            return Err(LedgerError::InvalidEntry(
                "not a station ledger: it has no high-water mark".into(),
            ));
        };
        let previous = match crate::fsx::read_capped(&hw, MAX_HIGH_WATER_BYTES) {
            Ok(t) => String::from_utf8_lossy(&t).into_owned(),
            Err(_) => String::new(),
        };
        let (prev_size, prev_root) = match self
            .verifier
            .as_ref()
            .and_then(|v| v.verify(previous.as_bytes()).ok())
        {
            Some(cp) => (Some(cp.size), Some(b64(&cp.root))),
            None => (None, None),
        };
        let stick = match stick_note {
            None => serde_json::Value::Null,
            Some(note) => {
                let v = self
                    .verifier
                    .as_ref()
                    .ok_or_else(|| LedgerError::NoSigningKey {
                        key_hint: self.key_dir().join("checkpoint.key"),
                    })?;
                let cp = v.verify(note).map_err(LedgerError::Key)?;
                serde_json::json!({
                    "note": String::from_utf8_lossy(note),
                    "size": cp.size,
                    "root": b64(&cp.root),
                })
            }
        };
        let appended = self.append_batch(vec![NewEntry {
            kind: EntryKind::Recovery,
            subject: "accept_rollback".into(),
            bundle_sha256: None,
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: crate::canonical::format_utc(time::OffsetDateTime::now_utc()),
            body: serde_json::json!({
                "reason": reason,
                "previous_high_water": {
                    "note": previous,
                    "size": prev_size,
                    "root": prev_root,
                },
                "stick_checkpoint": stick,
                "accepted_size": self.size(),
                "accepted_root": b64(&self.root()),
            }),
        }])?;
        appended
            .into_iter()
            .next()
            .ok_or_else(|| LedgerError::InvalidEntry("append returned no entry".into()))
    }
}
