/*!
Inclusion and consistency proofs: built from the leaves the ledger holds, self-contained JSON for
checking offline (the arithmetic is [`merkle`]'s).
*/
use serde::Serialize;

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
