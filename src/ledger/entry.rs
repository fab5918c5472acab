/*!
What an entry is: its kinds, an entry to append ([`NewEntry`]) and its checks, an entry as read
([`Entry`]), and the limits on what an entry may hold.
*/
use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::error::LedgerError;
use super::hex32;
use super::leaf::{canonical_json, json_depth, LeafFields};
use super::merkle::Hash;

/// Largest entry body accepted (canonical JSON bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Deepest JSON nesting accepted in an entry body.
pub const MAX_BODY_DEPTH: usize = 64;
/// Largest subject, decision, key id or bundle digest string accepted.
pub const MAX_FIELD_BYTES: usize = 1024;

/// The kinds of ledger entries (DESIGN.md "Ledger").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Verdict,
    Rejection,
    ExecutionCheck,
    Override,
    TrustChange,
    PolicyChange,
    ModelChange,
    SnapshotExport,
    /// A deliberate recovery after a rollback (`ledger accept-rollback`).
    Recovery,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Verdict,
        EntryKind::Rejection,
        EntryKind::ExecutionCheck,
        EntryKind::Override,
        EntryKind::TrustChange,
        EntryKind::PolicyChange,
        EntryKind::ModelChange,
        EntryKind::SnapshotExport,
        EntryKind::Recovery,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Verdict => "verdict",
            EntryKind::Rejection => "rejection",
            EntryKind::ExecutionCheck => "execution_check",
            EntryKind::Override => "override",
            EntryKind::TrustChange => "trust_change",
            EntryKind::PolicyChange => "policy_change",
            EntryKind::ModelChange => "model_change",
            EntryKind::SnapshotExport => "snapshot_export",
            EntryKind::Recovery => "recovery",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What an entry of a kind is to the station's `process` run: the signed document its body holds
/// and its outbox files come from, and so the outcome a run reports for it. The one place a kind
/// says this: `station::emit` and `station::report` match on the class, never on the kind, so a
/// new kind is declared here (and written where it is made) and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleRecord {
    /// A verdict on a request bundle; the body is a verdict core.
    Verdict,
    /// A verdict made by a two-person override for the overruled request; the body is a verdict
    /// core.
    OverrideVerdict,
    /// A refused bundle; the body is a rejection receipt core (`reason_code`, `reason`).
    Rejection,
    /// The answer to an execution report; the body is an execution check core.
    ExecutionCheck,
    /// Station bookkeeping, never keyed by a bundle: no outbox files, no line of a run.
    NotABundle,
}

impl BundleRecord {
    /// Whether entries of this class sign files into the outbox.
    pub fn carries_documents(self) -> bool {
        match self {
            BundleRecord::Verdict
            | BundleRecord::OverrideVerdict
            | BundleRecord::Rejection
            | BundleRecord::ExecutionCheck => true,
            BundleRecord::NotABundle => false,
        }
    }
}

impl EntryKind {
    /// What an entry of this kind is to a `process` run ([`BundleRecord`]).
    pub fn bundle_record(self) -> BundleRecord {
        match self {
            EntryKind::Verdict => BundleRecord::Verdict,
            EntryKind::Override => BundleRecord::OverrideVerdict,
            EntryKind::Rejection => BundleRecord::Rejection,
            EntryKind::ExecutionCheck => BundleRecord::ExecutionCheck,
            EntryKind::TrustChange
            | EntryKind::PolicyChange
            | EntryKind::ModelChange
            | EntryKind::SnapshotExport
            | EntryKind::Recovery => BundleRecord::NotABundle,
        }
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntryKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryKind::parse(s).ok_or_else(|| {
            let all: Vec<&str> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown entry kind {s:?}; use one of {}", all.join(", "))
        })
    }
}

/// What an entry records: an entry to append, and the content of every [`Entry`] read back.
/// `created_at` is RFC 3339 (UTC recommended); `body` is any JSON value and is stored in
/// canonical form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewEntry {
    pub kind: EntryKind,
    /// Request id, bundle SHA-256, key id... whatever the entry is about.
    pub subject: String,
    pub bundle_sha256: Option<String>,
    pub orchestrator_key: Option<String>,
    pub sequence: Option<u64>,
    pub decision: Option<String>,
    pub created_at: String,
    pub body: Value,
}

impl NewEntry {
    /// The checks [`super::Ledger::append_batch`] makes on each entry, without a ledger: a caller
    /// that builds entries from outside data runs them first, so one unrecordable entry is
    /// refused on its own instead of failing the whole batch's transaction.
    pub fn check_recordable(&self) -> Result<(), LedgerError> {
        Prepared::new(self).map(|_| ())
    }
}

/// What [`super::Ledger::append_batch`] returns per entry, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub index: u64,
    pub leaf_hash: [u8; 32],
}

/// A stored entry, checked against its leaf hash when read: what it records, where, and its hash.
/// Serialized flat (`index`, the recorded fields, `leaf_hash`), as `ledger list --format json`
/// prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub index: u64,
    #[serde(flatten)]
    pub recorded: NewEntry,
    #[serde(serialize_with = "hex32::serialize")]
    pub leaf_hash: [u8; 32],
}

impl Entry {
    /// Decodes a row whose leaf hash was checked ([`super::verify::check_stored_row`]): the
    /// recorded fields owned, the body parsed.
    pub(super) fn decode(f: &LeafFields<'_>, leaf_hash: Hash) -> Result<Entry, LedgerError> {
        let unreadable = |detail: String| {
            super::error::tampered(f.index, super::error::TamperReason::Unreadable { detail })
        };
        let kind = EntryKind::parse(f.kind)
            .ok_or_else(|| unreadable(format!("unknown kind {:?}", f.kind)))?;
        let body: Value = serde_json::from_str(f.body)
            .map_err(|e| unreadable(format!("body is not JSON: {e}")))?;
        Ok(Entry {
            index: f.index,
            recorded: NewEntry {
                kind,
                subject: f.subject.to_owned(),
                bundle_sha256: f.bundle_sha256.map(str::to_owned),
                orchestrator_key: f.orchestrator_key.map(str::to_owned),
                sequence: f.sequence.and_then(|s| u64::try_from(s).ok()),
                decision: f.decision.map(str::to_owned),
                created_at: f.created_at.to_owned(),
                body,
            },
            leaf_hash,
        })
    }
}

/// Any RFC 3339 time (entries may carry an offset; the station writes UTC).
pub(super) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// An entry validated and prepared for insertion.
pub(super) struct Prepared<'a> {
    pub(super) entry: &'a NewEntry,
    pub(super) body: String,
    pub(super) sequence: Option<i64>,
    pub(super) created_unix: i64,
}

impl<'a> Prepared<'a> {
    pub(super) fn new(e: &'a NewEntry) -> Result<Prepared<'a>, LedgerError> {
        let bad = |s: String| Err(LedgerError::InvalidEntry(s));
        for (name, v) in [
            ("subject", Some(e.subject.as_str())),
            ("bundle_sha256", e.bundle_sha256.as_deref()),
            ("orchestrator_key", e.orchestrator_key.as_deref()),
            ("decision", e.decision.as_deref()),
        ] {
            if let Some(v) = v {
                if v.len() > MAX_FIELD_BYTES || v.contains('\0') {
                    return bad(format!(
                        "{name} is longer than {MAX_FIELD_BYTES} bytes or contains NUL"
                    ));
                }
            }
        }
        if e.subject.is_empty() {
            return bad("subject is empty".into());
        }
        let Some(t) = parse_time(&e.created_at) else {
            return bad(format!(
                "created_at {:?} is not an RFC 3339 time",
                e.created_at
            ));
        };
        let sequence = match e.sequence {
            None => None,
            Some(s) => match i64::try_from(s) {
                Ok(s) => Some(s),
                Err(_) => return bad(format!("sequence {s} is larger than {}", i64::MAX)),
            },
        };
        // serde_json parses at most 128 levels by default; a deeper body would read back as
        // "not JSON" and look like tampering, so refuse it here.
        if json_depth(&e.body) > MAX_BODY_DEPTH {
            return bad(format!("body nests deeper than {MAX_BODY_DEPTH} levels"));
        }
        let body = canonical_json(&e.body);
        if body.len() > MAX_BODY_BYTES {
            return bad(format!(
                "body is {} bytes, over {MAX_BODY_BYTES}",
                body.len()
            ));
        }
        Ok(Prepared {
            entry: e,
            body,
            sequence,
            created_unix: t.unix_timestamp(),
        })
    }

    pub(super) fn fields(&self, index: u64) -> LeafFields<'_> {
        LeafFields {
            index,
            kind: self.entry.kind.as_str(),
            subject: &self.entry.subject,
            bundle_sha256: self.entry.bundle_sha256.as_deref(),
            orchestrator_key: self.entry.orchestrator_key.as_deref(),
            sequence: self.sequence,
            decision: self.entry.decision.as_deref(),
            created_at: &self.entry.created_at,
            body: &self.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entry_kind_strings_round_trip() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), json!(k.as_str()));
        }
        assert!("bogus".parse::<EntryKind>().is_err());
    }

    /// `ledger list --format json` prints entries as they serialize: embedding the recorded
    /// fields must not nest them under a key nor reorder them.
    #[test]
    fn entry_json_is_flat_with_recorded_fields_between_index_and_leaf_hash() {
        let e = Entry {
            index: 4,
            recorded: NewEntry {
                kind: EntryKind::Verdict,
                subject: "req-1".into(),
                bundle_sha256: Some("ab".into()),
                orchestrator_key: None,
                sequence: Some(7),
                decision: Some("approve".into()),
                created_at: "2026-11-26T00:00:00Z".into(),
                body: json!({"x": 1}),
            },
            leaf_hash: [0x11; 32],
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            format!(
                r#"{{"index":4,"kind":"verdict","subject":"req-1","bundle_sha256":"ab","orchestrator_key":null,"sequence":7,"decision":"approve","created_at":"2026-11-26T00:00:00Z","body":{{"x":1}},"leaf_hash":"{}"}}"#,
                "11".repeat(32)
            )
        );
    }

    /// [`EntryKind::ALL`] is every kind: a kind missing from it would be written but could not
    /// be read back (`parse` is what reads a stored kind). The walk below names each variant in
    /// an exhaustive match, so a new kind does not compile until it is added here too.
    #[test]
    fn every_kind_is_in_all_so_a_written_kind_can_be_read_back() {
        fn after(k: EntryKind) -> Option<EntryKind> {
            match k {
                EntryKind::Verdict => Some(EntryKind::Rejection),
                EntryKind::Rejection => Some(EntryKind::ExecutionCheck),
                EntryKind::ExecutionCheck => Some(EntryKind::Override),
                EntryKind::Override => Some(EntryKind::TrustChange),
                EntryKind::TrustChange => Some(EntryKind::PolicyChange),
                EntryKind::PolicyChange => Some(EntryKind::ModelChange),
                EntryKind::ModelChange => Some(EntryKind::SnapshotExport),
                EntryKind::SnapshotExport => Some(EntryKind::Recovery),
                EntryKind::Recovery => None,
            }
        }
        let walked: Vec<EntryKind> =
            std::iter::successors(Some(EntryKind::Verdict), |k| after(*k)).collect();
        assert_eq!(walked, EntryKind::ALL);
    }

    /// Only the kinds a bundle produces carry outbox documents; each document class is one
    /// kind's, so a run's report and the re-emitted files cannot confuse two kinds.
    #[test]
    fn only_bundle_kinds_carry_documents_and_each_document_class_is_one_kind() {
        let with_documents: Vec<EntryKind> = EntryKind::ALL
            .into_iter()
            .filter(|k| k.bundle_record().carries_documents())
            .collect();
        assert_eq!(
            with_documents,
            [
                EntryKind::Verdict,
                EntryKind::Rejection,
                EntryKind::ExecutionCheck,
                EntryKind::Override
            ]
        );
        for k in &with_documents {
            let same_class = EntryKind::ALL
                .into_iter()
                .filter(|o| o.bundle_record() == k.bundle_record())
                .count();
            assert_eq!(same_class, 1, "{k}");
        }
    }
}
