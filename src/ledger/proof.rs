/*!
Inclusion and consistency proofs: built from the leaves the ledger holds, self-contained JSON for
checking offline (the arithmetic is [`merkle`]'s).
*/
use serde::Serialize;

use super::checkpoint::CheckpointVerifier;
use super::error::LedgerError;
use super::merkle::{Hash, ProofError};
use super::{hex32, merkle, Ledger};

/// An inclusion proof, self-contained for offline checking.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionProof {
    pub index: u64,
    pub tree_size: u64,
    #[serde(with = "hex32")]
    pub leaf_hash: Hash,
    #[serde(with = "hex32")]
    pub root: Hash,
    #[serde(with = "hex32::list")]
    pub proof: Vec<Hash>,
    /// The station's signed checkpoint for `tree_size`, when one was stored.
    pub checkpoint: Option<String>,
}

impl InclusionProof {
    /// Check the proof's arithmetic (not the checkpoint signature).
    pub fn verify(&self) -> Result<(), ProofError> {
        merkle::verify_inclusion(
            &self.leaf_hash,
            self.index,
            self.tree_size,
            &self.proof,
            &self.root,
        )
    }

    /// Checks the arithmetic and that the proof's checkpoint is `verifier`'s signed note of the
    /// proof's tree (`ledger verify-proof`). `Err` is one phrase for the operator.
    pub fn verify_signed(&self, verifier: &CheckpointVerifier) -> Result<(), String> {
        self.verify()
            .map_err(|e| format!("inclusion proof does not verify: {e}"))?;
        check_signed_tree(
            verifier,
            self.checkpoint.as_deref(),
            self.tree_size,
            &self.root,
        )
    }
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    #[serde(with = "hex32")]
    pub old_root: Hash,
    #[serde(with = "hex32")]
    pub new_root: Hash,
    #[serde(with = "hex32::list")]
    pub proof: Vec<Hash>,
    pub old_checkpoint: Option<String>,
    pub new_checkpoint: Option<String>,
}

impl ConsistencyProof {
    pub fn verify(&self) -> Result<(), ProofError> {
        merkle::verify_consistency(
            self.old_size,
            self.new_size,
            &self.proof,
            &self.old_root,
            &self.new_root,
        )
    }

    /// Checks the arithmetic and that both trees' checkpoints are `verifier`'s signed notes (an
    /// empty old tree needs none) (`ledger verify-proof`). `Err` is one phrase for the operator.
    pub fn verify_signed(&self, verifier: &CheckpointVerifier) -> Result<(), String> {
        self.verify()
            .map_err(|e| format!("consistency proof does not verify: {e}"))?;
        if self.old_size > 0 {
            check_signed_tree(
                verifier,
                self.old_checkpoint.as_deref(),
                self.old_size,
                &self.old_root,
            )
            .map_err(|e| format!("old tree: {e}"))?;
        }
        check_signed_tree(
            verifier,
            self.new_checkpoint.as_deref(),
            self.new_size,
            &self.new_root,
        )
        .map_err(|e| format!("new tree: {e}"))
    }
}

/// A proof file as `ledger prove` writes it: an inclusion proof (the one with an `index`) or a
/// consistency proof, parsed strictly.
#[derive(Debug, Clone)]
pub enum ProofFile {
    Inclusion(InclusionProof),
    Consistency(ConsistencyProof),
}

/// Why a file is not a proof; each carries the parser's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofFileError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a valid inclusion proof: {0}")]
    BadInclusion(String),
    #[error("not a valid consistency proof: {0}")]
    BadConsistency(String),
}

impl ProofFile {
    pub fn parse(bytes: &[u8]) -> Result<ProofFile, ProofFileError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ProofFileError::NotJson(e.to_string()))?;
        if value.get("index").is_some() {
            serde_json::from_value(value)
                .map(ProofFile::Inclusion)
                .map_err(|e| ProofFileError::BadInclusion(e.to_string()))
        } else {
            serde_json::from_value(value)
                .map(ProofFile::Consistency)
                .map_err(|e| ProofFileError::BadConsistency(e.to_string()))
        }
    }

    /// The proof's own `verify_signed`.
    pub fn verify_signed(&self, verifier: &CheckpointVerifier) -> Result<(), String> {
        match self {
            ProofFile::Inclusion(p) => p.verify_signed(verifier),
            ProofFile::Consistency(p) => p.verify_signed(verifier),
        }
    }
}

/// A proof's checkpoint must be a note signed by `verifier` for exactly the proof's tree.
fn check_signed_tree(
    verifier: &CheckpointVerifier,
    note: Option<&str>,
    size: u64,
    root: &Hash,
) -> Result<(), String> {
    let note = note.ok_or("the proof carries no signed checkpoint for its tree size; re-run 'ledger prove' for a size the station signed")?;
    let cp = verifier
        .verify(note.as_bytes())
        .map_err(|e| format!("{e}; the checkpoint was not signed by this station's key"))?;
    if cp.size != size || !merkle::hashes_equal(&cp.root, root) {
        return Err(format!(
            "the signed checkpoint is for size {} with another root, not the proof's tree",
            cp.size
        ));
    }
    Ok(())
}

impl Ledger {
    /// Inclusion proof of entry `index` in the tree of `tree_size` entries (default: now).
    pub fn prove_inclusion(
        &self,
        index: u64,
        tree_size: Option<u64>,
    ) -> Result<InclusionProof, LedgerError> {
        let size = tree_size.unwrap_or(self.size());
        if size > self.size() {
            return Err(ProofError::IndexOutOfRange {
                index: size,
                size: self.size(),
            }
            .into());
        }
        let proof = merkle::prove_inclusion(&self.leaves, index, size)?;
        let leaf_hash = usize::try_from(index)
            .ok()
            .and_then(|i| self.leaves.get(i))
            .copied()
            .ok_or(ProofError::IndexOutOfRange { index, size })?;
        Ok(InclusionProof {
            index,
            tree_size: size,
            leaf_hash,
            root: self.root_at(size)?,
            proof,
            checkpoint: self.stored_checkpoint(size)?,
        })
    }

    /// Consistency proof from tree size `old` to `new` (default: now).
    pub fn prove_consistency(
        &self,
        old: u64,
        new: Option<u64>,
    ) -> Result<ConsistencyProof, LedgerError> {
        let new = new.unwrap_or(self.size());
        let proof = merkle::prove_consistency(&self.leaves, old, new)?;
        Ok(ConsistencyProof {
            old_size: old,
            new_size: new,
            old_root: self.root_at(old)?,
            new_root: self.root_at(new)?,
            proof,
            old_checkpoint: self.stored_checkpoint(old)?,
            new_checkpoint: self.stored_checkpoint(new)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{CheckpointSigner, EntryKind, LedgerKeys, NewEntry};

    /// A real ledger file of 3 entries appended one by one (a signed checkpoint per size).
    fn ledger(signer: CheckpointSigner) -> (tempfile::TempDir, Ledger) {
        let dir = tempfile::tempdir().unwrap();
        let mut l =
            Ledger::create_with(&dir.path().join("l.sqlite"), LedgerKeys::Sign(signer)).unwrap();
        for i in 0..3 {
            l.append_batch(vec![NewEntry {
                kind: EntryKind::Rejection,
                subject: format!("s{i}"),
                bundle_sha256: None,
                orchestrator_key: None,
                sequence: None,
                decision: None,
                created_at: "2026-11-26T00:00:00Z".into(),
                body: serde_json::json!({"i": i}),
            }])
            .unwrap();
        }
        (dir, l)
    }

    #[test]
    fn a_proof_counts_only_with_a_checkpoint_of_its_own_tree_signed_by_the_station() {
        let signer = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
        let verifier = signer.verifier();
        let (_dir, l) = ledger(signer);
        let inclusion = l.prove_inclusion(1, Some(2)).unwrap();
        let consistency = l.prove_consistency(1, Some(3)).unwrap();
        assert_eq!(inclusion.verify_signed(&verifier), Ok(()));
        assert_eq!(consistency.verify_signed(&verifier), Ok(()));

        let unsigned = InclusionProof {
            checkpoint: None,
            ..inclusion.clone()
        };
        let err = unsigned.verify_signed(&verifier).unwrap_err();
        assert!(err.contains("carries no signed checkpoint"), "{err}");

        // The checkpoint of another tree size, validly signed: not evidence for this proof.
        let other_tree = InclusionProof {
            checkpoint: l.stored_checkpoint(3).unwrap(),
            ..inclusion.clone()
        };
        let err = other_tree.verify_signed(&verifier).unwrap_err();
        assert!(err.contains("for size 3 with another root"), "{err}");

        let stranger = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
        let err = inclusion.verify_signed(&stranger.verifier()).unwrap_err();
        assert!(err.contains("not signed by this station's key"), "{err}");

        let rolled_back = ConsistencyProof {
            new_checkpoint: consistency.old_checkpoint.clone(),
            ..consistency
        };
        let err = rolled_back.verify_signed(&verifier).unwrap_err();
        assert!(err.starts_with("new tree: "), "{err}");
    }

    /// A proof file is read as the kind `ledger prove` wrote (an `index` makes it an inclusion
    /// proof) and checked as that kind; anything else is refused with the parser's words.
    #[test]
    fn a_proof_file_is_read_as_the_kind_prove_wrote_and_nothing_else() {
        let signer = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
        let verifier = signer.verifier();
        let (_dir, l) = ledger(signer);
        let inclusion = serde_json::to_vec(&l.prove_inclusion(1, Some(2)).unwrap()).unwrap();
        let consistency = serde_json::to_vec(&l.prove_consistency(1, Some(3)).unwrap()).unwrap();
        let read = ProofFile::parse(&inclusion).unwrap();
        assert!(matches!(read, ProofFile::Inclusion(ref p) if p.index == 1));
        assert_eq!(read.verify_signed(&verifier), Ok(()));
        let read = ProofFile::parse(&consistency).unwrap();
        assert!(matches!(read, ProofFile::Consistency(ref p) if p.old_size == 1));
        assert_eq!(read.verify_signed(&verifier), Ok(()));

        assert!(matches!(
            ProofFile::parse(b"{not json"),
            Err(ProofFileError::NotJson(_))
        ));
        assert!(matches!(
            ProofFile::parse(br#"{"index": 1}"#),
            Err(ProofFileError::BadInclusion(_))
        ));
        let mut extra: serde_json::Value = serde_json::from_slice(&consistency).unwrap();
        extra["surprise"] = serde_json::json!(1);
        assert!(matches!(
            ProofFile::parse(extra.to_string().as_bytes()),
            Err(ProofFileError::BadConsistency(_))
        ));
    }
}
