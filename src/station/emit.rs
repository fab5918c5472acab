/*!
The station's adapter to the verdict and receipt formats: build the core that the ledger stores,
and after the commit turn a ledger entry (core + index + leaf hash) into the outbox files.

The formats, canonical encoding, signing and `.verdict.txt` rendering are [`crate::verdict`]'s and
[`crate::verdict::receipt`]'s; this file only picks the inputs and names the files:
`<request_id>.verdict.json` + `.minisig` + `.txt`, the same three as
`<request_id>.override.verdict.*` for a two-person override, `<bundle_sha256>.rejection.json` +
`.minisig`.
The same function ([`Signer::files_of`]) signs a fresh entry's typed document and one read back
from the ledger for a re-emission, so both give the same bytes (signing is deterministic, and
debug builds check that the body read back is the document it was written from).
*/
use time::OffsetDateTime;

use crate::engine::Assessment;
use crate::envelope::approval::ApprovalsReport;
use crate::envelope::bundle::OpenedBundle;
use crate::home::StationHome;
use crate::ledger::{BundleRecord, EntryKind};
use crate::stick::outbox::OutFile;
use crate::verdict::receipt::RejectionCore;
use crate::verdict::{InputHashes, LedgerRef, VerdictCore, VerdictInputs};

use super::StationError;

/// The station verdict key, loaded once per run (after the secret-mode check).
pub struct Signer {
    key: crate::sig::SigningKey,
}

impl Signer {
    pub fn load(home: &StationHome) -> Result<Signer, StationError> {
        home.check_secret_modes()?;
        Ok(Signer {
            key: home.load_verdict_key()?,
        })
    }

    /// The outbox files of a committed entry re-read from the ledger (re-emission): its body
    /// read back as its typed document, then [`Signer::files_of`].
    pub fn files_for(
        &self,
        kind: EntryKind,
        body: &serde_json::Value,
        index: u64,
        leaf_hash: &[u8; 32],
    ) -> Result<Vec<OutFile>, StationError> {
        self.files_of(Document::from_entry(kind, body, index)?, index, leaf_hash)
    }

    /// The outbox files of a committed entry's document, in the order they become visible
    /// (document, signature, text).
    pub fn files_of(
        &self,
        document: Document,
        index: u64,
        leaf_hash: &[u8; 32],
    ) -> Result<Vec<OutFile>, StationError> {
        let ledger = LedgerRef {
            index,
            leaf_hash: hex::encode(leaf_hash),
        };
        match document {
            Document::Verdict(core) => self.verdict_files(core, ledger, "verdict"),
            // A verdict made by a two-person override: its own names, so the overruled verdict's
            // files (which re-emission keeps current) and these never overwrite each other.
            Document::Override(core) => self.verdict_files(core, ledger, "override.verdict"),
            Document::Rejection(core) => {
                let sha = core.bundle_sha256.clone();
                let s = crate::verdict::receipt::sign(core, ledger, self.key.secret())
                    .map_err(|e| StationError::Sign(e.to_string()))?;
                Ok(vec![
                    OutFile {
                        name: format!("{sha}.rejection.json"),
                        bytes: s.json,
                    },
                    OutFile {
                        name: format!("{sha}.rejection.json.minisig"),
                        bytes: s.minisig.into_bytes(),
                    },
                ])
            }
            Document::ExecutionCheck(core) => {
                let id = core.request_id.clone();
                let s = crate::verdict::execution_check::sign(*core, ledger, self.key.secret())
                    .map_err(|e| StationError::Sign(e.to_string()))?;
                let alert = (s.check.core.result
                    == crate::engine::execution::ExecutionResult::Deviation)
                    .then(|| crate::verdict::execution_check::render_alert(&s.check));
                let mut files = vec![
                    OutFile {
                        name: format!("{id}.execution.json"),
                        bytes: s.json,
                    },
                    OutFile {
                        name: format!("{id}.execution.json.minisig"),
                        bytes: s.minisig.into_bytes(),
                    },
                    OutFile {
                        name: format!("{id}.execution.txt"),
                        bytes: s.text.into_bytes(),
                    },
                ];
                if let Some(alert) = alert {
                    files.push(OutFile {
                        name: format!("ALERT-{id}.txt"),
                        bytes: alert.into_bytes(),
                    });
                }
                Ok(files)
            }
            Document::NoFiles => Ok(Vec::new()),
        }
    }
}

impl Signer {
    /// `<request_id>.<stem>.json` + `.minisig` + `.txt` of a verdict core.
    fn verdict_files(
        &self,
        core: Box<VerdictCore>,
        ledger: LedgerRef,
        stem: &str,
    ) -> Result<Vec<OutFile>, StationError> {
        let id = core.request_id.clone();
        let s = crate::verdict::sign(*core, ledger, self.key.secret())
            .map_err(|e| StationError::Sign(e.to_string()))?;
        Ok(vec![
            OutFile {
                name: format!("{id}.{stem}.json"),
                bytes: s.json,
            },
            OutFile {
                name: format!("{id}.{stem}.json.minisig"),
                bytes: s.minisig.into_bytes(),
            },
            OutFile {
                name: format!("{id}.{stem}.txt"),
                bytes: s.text.into_bytes(),
            },
        ])
    }
}

/// A ledger entry's document, typed: what its outbox files are signed from. A fresh entry keeps
/// the document it was built as (its body is that document's JSON); a re-emitted one reads it
/// back from the ledger ([`Document::from_entry`]), and both sign the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Verdict(Box<VerdictCore>),
    /// A verdict made by a two-person override.
    Override(Box<VerdictCore>),
    Rejection(RejectionCore),
    ExecutionCheck(Box<crate::verdict::execution_check::ExecutionCore>),
    /// Kinds never keyed by a bundle: nothing belongs in the outbox for them.
    NoFiles,
}

impl Document {
    /// The document a committed entry's body holds.
    pub fn from_entry(
        kind: EntryKind,
        body: &serde_json::Value,
        index: u64,
    ) -> Result<Document, StationError> {
        Ok(match kind.bundle_record() {
            BundleRecord::Verdict => Document::Verdict(Box::new(
                VerdictCore::from_value(body).map_err(|e| bad_entry(index, e))?,
            )),
            BundleRecord::OverrideVerdict => Document::Override(Box::new(
                VerdictCore::from_value(body).map_err(|e| bad_entry(index, e))?,
            )),
            BundleRecord::Rejection => Document::Rejection(
                RejectionCore::from_value(body).map_err(|e| bad_entry(index, e))?,
            ),
            BundleRecord::ExecutionCheck => Document::ExecutionCheck(Box::new(
                crate::verdict::execution_check::ExecutionCore::from_value(body)
                    .map_err(|e| bad_entry(index, e))?,
            )),
            BundleRecord::NotABundle => Document::NoFiles,
        })
    }
}

pub(super) fn bad_entry(index: u64, e: impl std::fmt::Display) -> StationError {
    StationError::Sign(format!(
        "ledger entry {index} does not hold a readable verdict or receipt ({e}); run 'airgap-audit ledger verify'"
    ))
}

/// What a verdict core is built from.
pub struct VerdictInput<'a> {
    pub opened: &'a OpenedBundle,
    pub station_id: &'a str,
    pub assessment: &'a Assessment,
    pub approvals: &'a ApprovalsReport,
    pub now: OffsetDateTime,
    pub ttl_secs: u64,
    /// Key id of the requester key whose signature over the request text verified.
    pub requester_signed_by: Option<String>,
}

/// A ledger entry body to be committed, with what the report line needs.
pub enum Core {
    Verdict {
        core: Box<VerdictCore>,
        body: serde_json::Value,
        decision: String,
    },
    /// The verdict could not be built (a value the format cannot carry); rejected instead, so
    /// nothing is silently dropped.
    Unbuildable { reason: String },
}

pub fn verdict_core(inp: VerdictInput<'_>) -> Core {
    let doc = &inp.opened.request.doc;
    let built = VerdictCore::build(VerdictInputs {
        request_id: &doc.request_id,
        station_id: inp.station_id,
        assessment: inp.assessment,
        approvals: inp.approvals.clone(),
        hashes: InputHashes {
            bundle_sha256: inp.opened.bundle_sha256.clone(),
            request_sha256: inp.opened.request_sha256.clone(),
            plan_sha256: doc.plan_sha256.clone(),
        },
        issued_at: inp.now,
        ttl_secs: inp.ttl_secs,
    })
    .map(|mut core| {
        core.requester_signed_by = inp.requester_signed_by.clone();
        core
    })
    .and_then(|core| core.to_value().map(|body| (core, body)));
    match built {
        Ok((core, body)) => Core::Verdict {
            core: Box::new(core),
            body,
            decision: inp.assessment.decision.as_str().to_string(),
        },
        Err(e) => Core::Unbuildable {
            reason: format!("the station cannot write a verdict for this request ({e}); ask the orchestrator to check the request"),
        },
    }
}

/// What a rejection core is built from.
pub struct RejectionInput<'a> {
    pub bundle_file: &'a str,
    pub bundle_sha256: &'a str,
    pub reason_code: &'a str,
    pub reason: &'a str,
    pub station_id: &'a str,
    pub now: OffsetDateTime,
}

/// The rejection core and its JSON (the ledger entry body).
pub fn rejection_core(
    inp: RejectionInput<'_>,
) -> Result<(RejectionCore, serde_json::Value), StationError> {
    RejectionCore::build(
        inp.bundle_file,
        inp.bundle_sha256,
        inp.reason_code,
        inp.reason,
        inp.station_id,
        inp.now,
    )
    .and_then(|c| c.to_value().map(|body| (c, body)))
    .map_err(|e| StationError::Sign(format!("cannot build a rejection receipt: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind whose class carries no documents signs nothing into the outbox whatever its body;
    /// a kind that carries one refuses a body that is not its document (never signs garbage).
    #[test]
    fn a_kind_signs_files_only_when_its_class_carries_a_document() {
        let body = serde_json::json!({"not": "a document"});
        for kind in EntryKind::ALL {
            let got = Document::from_entry(kind, &body, 5);
            if kind.bundle_record().carries_documents() {
                let e = got.unwrap_err().to_string();
                assert!(e.contains("ledger entry 5"), "{kind}: {e}");
            } else {
                assert_eq!(got.unwrap(), Document::NoFiles, "{kind}");
            }
        }
    }
}
