/*!
RFC 9162 (Certificate Transparency v2) Merkle tree arithmetic: hashing, proof shapes and proof
verification. Pure functions only: no SQLite, no files, no keys.

Layout follows sigstore-rs `src/crypto/merkle/` and ct-merkle (STYLE.md section 3):
- the leaf/node domain-separation prefixes live in exactly one place, [`Prefix`];
- proof *shapes* ([`inclusion_ranges`], [`consistency_ranges`]) are index arithmetic that returns
  which subtrees a proof needs, so the on-disk store can fetch and hash them;
- verification ([`verify_inclusion`], [`verify_consistency`]) reports which check failed and the
  numbers involved ([`ProofError`]); roots are compared in constant time with `subtle`.
*/
use std::ops::Range;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A SHA-256 tree hash (leaf hash, interior node or root).
pub type Hash = [u8; 32];

/// RFC 9162 section 2.1.1 domain separation. The only place the prefixes are written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Prefix {
    Leaf = 0x00,
    Node = 0x01,
}

/// `SHA-256(0x00 ‖ data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    leaf_hash_parts(&[data])
}

/// `SHA-256(0x00 ‖ part0 ‖ part1 ‖ ...)`: the leaf hash of the concatenation, without copying it.
pub fn leaf_hash_parts(parts: &[&[u8]]) -> Hash {
    let mut h = Sha256::new();
    h.update([Prefix::Leaf as u8]);
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([Prefix::Node as u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// `SHA-256("")`: RFC 9162's root of the empty tree.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Constant-time equality of two hashes (roots are secrets' witnesses, not secrets, but a
/// constant-time compare costs nothing and removes the question).
pub fn hashes_equal(a: &Hash, b: &Hash) -> bool {
    a.ct_eq(b).into()
}

/// Largest power of two strictly smaller than `n` (`n >= 2`): RFC 9162's split point `k`.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Merkle Tree Hash of a list of leaf hashes (RFC 9162 MTH, leaves already hashed).
///
/// Iterative over a stack of perfect subtrees, so it is O(n) hashes and O(log n) memory.
pub fn root_from_leaves(leaves: &[Hash]) -> Hash {
    let mut acc = RootAccumulator::new();
    for l in leaves {
        acc.push(*l);
    }
    acc.root()
}

/// Incremental root computation: push leaf hashes in order, read the root at any size.
/// Holds one hash per set bit of the size (a "compact range" starting at 0).
#[derive(Debug, Clone, Default)]
pub struct RootAccumulator {
    /// Roots of the perfect subtrees that make up the tree so far, largest (leftmost) first.
    stack: Vec<(u64, Hash)>,
    size: u64,
}

impl RootAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn push(&mut self, leaf: Hash) {
        let mut node = (1u64, leaf);
        while let Some(&(w, h)) = self.stack.last() {
            if w != node.0 {
                break;
            }
            self.stack.pop();
            node = (w * 2, node_hash(&h, &node.1));
        }
        self.stack.push(node);
        self.size += 1;
    }

    /// The RFC 9162 root of the leaves pushed so far: perfect subtrees folded right to left.
    pub fn root(&self) -> Hash {
        let mut it = self.stack.iter().rev();
        let Some(&(_, mut acc)) = it.next() else {
            return empty_root();
        };
        for (_, h) in it {
            acc = node_hash(h, &acc);
        }
        acc
    }
}

/// The subtrees (as leaf ranges `[start, end)`) whose hashes make up the inclusion proof of leaf
/// `index` in a tree of `size` leaves, in RFC 9162 `PATH` order (leaf's sibling first).
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if size == 0 {
        return Err(ProofError::EmptyTree);
    }
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut out = Vec::new();
    path(index, 0, size, &mut out);
    Ok(out)
}

fn path(m: u64, lo: u64, hi: u64, out: &mut Vec<Range<u64>>) {
    let n = hi - lo;
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m - lo < k {
        path(m, lo, lo + k, out);
        out.push(lo + k..hi);
    } else {
        path(m, lo + k, hi, out);
        out.push(lo..lo + k);
    }
}

/// The subtrees whose hashes make up the consistency proof between tree sizes `old` and `new`
/// (RFC 9162 `PROOF(m, D[n])`). Empty for `old == 0` and `old == new`.
pub fn consistency_ranges(old: u64, new: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if old > new {
        return Err(ProofError::NewTreeSmaller { old, new });
    }
    let mut out = Vec::new();
    if old == 0 || old == new {
        return Ok(out);
    }
    subproof(old, 0, new, true, &mut out);
    Ok(out)
}

fn subproof(m: u64, lo: u64, hi: u64, complete: bool, out: &mut Vec<Range<u64>>) {
    let n = hi - lo;
    if m == n {
        if !complete {
            out.push(lo..hi);
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, lo, lo + k, complete, out);
        out.push(lo + k..hi);
    } else {
        subproof(m - k, lo + k, hi, false, out);
        out.push(lo..lo + k);
    }
}

/// Why a proof was not accepted. Each variant is one check, with the numbers involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the tree is empty, so no leaf can be included in it")]
    EmptyTree,
    #[error("leaf index {index} is outside a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("proof has {got} hashes, a proof for these sizes needs {want}")]
    WrongProofSize { got: usize, want: usize },
    #[error("the new tree (size {new}) is smaller than the old one (size {old})")]
    NewTreeSmaller { old: u64, new: u64 },
    #[error("two trees of the same size {size} have different roots")]
    SameSizeDifferentRoots { size: u64 },
    #[error("the proof does not lead to the old root (tree size {size})")]
    OldRootMismatch { size: u64 },
    #[error("the proof does not lead to the expected root (tree size {size})")]
    RootMismatch { size: u64 },
}

/// Check that `leaf` is leaf `index` of the tree of `size` leaves with root `root`
/// (RFC 9162 section 2.1.3.2).
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    let want = inclusion_ranges(index, size)?.len();
    if proof.len() != want {
        return Err(ProofError::WrongProofSize {
            got: proof.len(),
            want,
        });
    }
    let computed = root_from_inclusion(leaf, index, size, proof);
    match computed {
        Some(r) if hashes_equal(&r, root) => Ok(()),
        _ => Err(ProofError::RootMismatch { size }),
    }
}

/// The RFC 9162 inclusion walk; `None` if the proof does not end at the root's level.
fn root_from_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash]) -> Option<Hash> {
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return None;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    (snode == 0).then_some(r)
}

/// Check that the tree of `new_size` leaves with `new_root` extends the tree of `old_size` leaves
/// with `old_root` (RFC 9162 section 2.1.4.2).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), ProofError> {
    let want = consistency_ranges(old_size, new_size)?.len();
    if proof.len() != want {
        return Err(ProofError::WrongProofSize {
            got: proof.len(),
            want,
        });
    }
    if old_size == new_size {
        return if hashes_equal(old_root, new_root) {
            Ok(())
        } else {
            Err(ProofError::SameSizeDifferentRoots { size: old_size })
        };
    }
    if old_size == 0 {
        // Every tree extends the empty tree; there is nothing to check.
        return Ok(());
    }
    // When the old tree is a perfect subtree its root is the first node of the walk and the
    // proof omits it (RFC 9162: "If first is an exact power of 2, then prepend first_hash").
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return Err(ProofError::WrongProofSize {
            got: proof.len(),
            want,
        });
    };
    let (mut fnode, mut snode) = (old_size - 1, new_size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if snode == 0 {
            return Err(ProofError::RootMismatch { size: new_size });
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(ProofError::RootMismatch { size: new_size });
    }
    if !hashes_equal(&fr, old_root) {
        return Err(ProofError::OldRootMismatch { size: old_size });
    }
    if !hashes_equal(&sr, new_root) {
        return Err(ProofError::RootMismatch { size: new_size });
    }
    Ok(())
}

/// Build the inclusion proof for `index` from the full list of leaf hashes of a tree of
/// `leaves.len()` leaves (or a prefix of it, with `size`).
pub fn prove_inclusion(leaves: &[Hash], index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
    check_size(leaves, size)?;
    Ok(inclusion_ranges(index, size)?
        .into_iter()
        .map(|r| subtree_root(leaves, r))
        .collect())
}

/// Build the consistency proof between sizes `old` and `new` from the leaf hashes.
pub fn prove_consistency(leaves: &[Hash], old: u64, new: u64) -> Result<Vec<Hash>, ProofError> {
    check_size(leaves, new)?;
    Ok(consistency_ranges(old, new)?
        .into_iter()
        .map(|r| subtree_root(leaves, r))
        .collect())
}

fn check_size(leaves: &[Hash], size: u64) -> Result<(), ProofError> {
    let have = leaves.len() as u64;
    if size > have {
        return Err(ProofError::IndexOutOfRange {
            index: size.saturating_sub(1),
            size: have,
        });
    }
    Ok(())
}

/// MTH of the leaves in `range` (the range comes from the arithmetic above, so it is in bounds).
fn subtree_root(leaves: &[Hash], range: Range<u64>) -> Hash {
    let lo = usize::try_from(range.start).unwrap_or(usize::MAX);
    let hi = usize::try_from(range.end).unwrap_or(usize::MAX);
    root_from_leaves(leaves.get(lo..hi).unwrap_or(&[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook recursive MTH, to cross-check the iterative one.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn iterative_root_matches_recursive_definition() {
        let all = leaves(70);
        for n in 0..=70usize {
            assert_eq!(root_from_leaves(&all[..n]), mth(&all[..n]), "size {n}");
        }
    }

    #[test]
    fn every_inclusion_proof_verifies_and_fails_for_wrong_size() {
        let all = leaves(40);
        for size in 1..=40u64 {
            let root = root_from_leaves(&all[..size as usize]);
            for index in 0..size {
                let proof = prove_inclusion(&all, index, size).unwrap();
                verify_inclusion(&all[index as usize], index, size, &proof, &root)
                    .unwrap_or_else(|e| panic!("index {index} size {size}: {e}"));
                // The same proof must not verify against the root of a tree of another size.
                // (With the *same* root and only the size changed, RFC 9162 proofs of the same
                // shape do verify; the signed checkpoint is what binds a root to its size.)
                for other in [size + 1, size.saturating_sub(1)] {
                    if other != size && index < other && other as usize <= all.len() {
                        let other_root = root_from_leaves(&all[..other as usize]);
                        assert!(
                            verify_inclusion(
                                &all[index as usize],
                                index,
                                other,
                                &proof,
                                &other_root
                            )
                            .is_err(),
                            "index {index} size {size} accepted as size {other}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies() {
        let all = leaves(40);
        for new in 0..=40u64 {
            let new_root = root_from_leaves(&all[..new as usize]);
            for old in 0..=new {
                let old_root = root_from_leaves(&all[..old as usize]);
                let proof = prove_consistency(&all, old, new).unwrap();
                verify_consistency(old, new, &proof, &old_root, &new_root)
                    .unwrap_or_else(|e| panic!("{old} -> {new}: {e}"));
                if old > 0 && old < new {
                    assert!(
                        verify_consistency(old, new, &proof, &new_root, &new_root).is_err(),
                        "{old} -> {new} accepted with the wrong old root"
                    );
                }
            }
        }
    }

    #[test]
    fn errors_carry_numbers() {
        assert_eq!(
            inclusion_ranges(5, 5),
            Err(ProofError::IndexOutOfRange { index: 5, size: 5 })
        );
        assert_eq!(inclusion_ranges(0, 0), Err(ProofError::EmptyTree));
        assert_eq!(
            consistency_ranges(6, 5),
            Err(ProofError::NewTreeSmaller { old: 6, new: 5 })
        );
        let all = leaves(8);
        let root = root_from_leaves(&all);
        assert_eq!(
            verify_inclusion(&all[0], 0, 8, &[], &root),
            Err(ProofError::WrongProofSize { got: 0, want: 3 })
        );
    }
}
