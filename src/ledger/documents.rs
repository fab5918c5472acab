//! The JSON documents the `ledger` commands print for programs (`--format json`): `ledger list`,
//! `ledger verify` and `ledger checkpoints`, each with its `format` tag
//! ([`crate::report::formats`]) and its schema in `docs/schemas/`. Typed, so the CLI only prints.
use serde::Serialize;

use super::merkle::Hash;
use super::{hex32, Entry, VerifyReport};

/// `ledger list --format json` (`docs/schemas/ledger-list.schema.json`).
#[derive(Debug, Serialize)]
pub struct ListDocument<'a> {
    pub format: &'static str,
    pub entries: &'a [Entry],
}

impl<'a> ListDocument<'a> {
    pub fn new(entries: &'a [Entry]) -> ListDocument<'a> {
        ListDocument {
            format: crate::report::formats::LEDGER_LIST,
            entries,
        }
    }
}

/// `ledger verify --format json` (`docs/schemas/ledger-verify.schema.json`): the tag, then the
/// report's fields.
#[derive(Debug, Serialize)]
pub struct VerifyDocument<'a> {
    pub format: &'static str,
    #[serde(flatten)]
    pub report: &'a VerifyReport,
}

impl<'a> VerifyDocument<'a> {
    pub fn new(report: &'a VerifyReport) -> VerifyDocument<'a> {
        VerifyDocument {
            format: crate::report::formats::LEDGER_VERIFY,
            report,
        }
    }
}

/// `ledger checkpoints --format json` (`docs/schemas/ledger-checkpoints.schema.json`).
#[derive(Debug, Serialize)]
pub struct CheckpointsDocument {
    pub format: &'static str,
    pub tree_size: u64,
    pub checkpoints: Vec<SignedSize>,
}

/// A tree size with a signed checkpoint, and its root.
#[derive(Debug, Serialize)]
pub struct SignedSize {
    pub size: u64,
    #[serde(serialize_with = "hex32::serialize")]
    pub root: Hash,
}

impl CheckpointsDocument {
    /// `signed_sizes` as [`super::Ledger::signed_sizes`] gives them.
    pub fn new(tree_size: u64, signed_sizes: &[(u64, Hash)]) -> CheckpointsDocument {
        CheckpointsDocument {
            format: crate::report::formats::LEDGER_CHECKPOINTS,
            tree_size,
            checkpoints: signed_sizes
                .iter()
                .map(|&(size, root)| SignedSize { size, root })
                .collect(),
        }
    }
}
