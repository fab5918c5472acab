/*!
Rejection receipts: the station's signed statement that a bundle was refused, and why.

Owns the format `airgap-audit/rejection/v1` (see `outbox-spec/`): `{format, bundle_file,
bundle_sha256, reason_code, reason, station_id, issued_at, ledger {index, leaf_hash}}` in
canonical JSON, signed deterministically with the station verdict key like a verdict; the trusted
comment binds `bundle_sha256`, `reason_code` and `ledger_index`. The ledger stores the core (the
receipt without `ledger`). Pure: no files, no clock. The reason codes themselves are the station's
(inbox/bundle stages); here a code is any `snake_case` word.
*/
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::canonical;
use crate::envelope::approval::is_sha256_hex;
use crate::sig::document::{sign_document, verify_document, SignedDocument};
use crate::verdict::{
    check_format, core_from_value, core_to_value, serialize_placed, split_ledger, LedgerRef,
    VerdictError, VerifyError,
};

pub const REJECTION_FORMAT: &str = "airgap-audit/rejection/v1";
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
pub const RECEIPT_UNTRUSTED_COMMENT: &str = "airgap-audit station rejection receipt signature";
/// Longest reason text kept (longer ones are cut, never refused: a receipt must always be made).
pub const MAX_REASON: usize = 1000;

/// The receipt without its ledger position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectionCore {
    pub format: String,
    /// File name of the bundle in the inbox (name only, no directories).
    pub bundle_file: String,
    pub bundle_sha256: String,
    /// Machine-readable cause, e.g. `bad_signature`, `untrusted_key`, `replayed_request_id`.
    pub reason_code: String,
    /// One line for the operator: what is wrong and what to do.
    pub reason: String,
    pub station_id: String,
    pub issued_at: String,
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Untrusted names and reasons: one line, no control or bidi characters, bounded.
fn one_line(s: &str, max: usize) -> String {
    crate::display::sanitize_clipped(s, max)
}

impl RejectionCore {
    /// Builds a receipt core. The file name and reason are sanitized rather than refused.
    pub fn build(
        bundle_file: &str,
        bundle_sha256: &str,
        reason_code: &str,
        reason: &str,
        station_id: &str,
        issued_at: OffsetDateTime,
    ) -> Result<RejectionCore, VerdictError> {
        if !is_sha256_hex(bundle_sha256) {
            return Err(VerdictError::Digest("bundle_sha256"));
        }
        if !is_code(reason_code) {
            return Err(VerdictError::Canonical(canonical::CanonicalError::Custom(
                format!("reason_code {reason_code:?} is not a snake_case word"),
            )));
        }
        if station_id.is_empty()
            || station_id
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(VerdictError::StationId(
                station_id.chars().take(60).collect(),
            ));
        }
        Ok(RejectionCore {
            format: REJECTION_FORMAT.to_string(),
            bundle_file: one_line(bundle_file, 255),
            bundle_sha256: bundle_sha256.to_string(),
            reason_code: reason_code.to_string(),
            reason: one_line(reason, MAX_REASON),
            station_id: station_id.to_string(),
            issued_at: canonical::format_utc(issued_at),
        })
    }

    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    /// The core as a JSON value, for the ledger entry body.
    pub fn to_value(&self) -> Result<serde_json::Value, VerdictError> {
        core_to_value(self)
    }

    pub fn from_value(v: &serde_json::Value) -> Result<RejectionCore, VerifyError> {
        core_from_value(v)
    }
}

/// A receipt file: core + ledger position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub core: RejectionCore,
    pub ledger: LedgerRef,
}

impl Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_placed(&self.core, &self.ledger, s)
    }
}

/// `airgap-audit rejection bundle_sha256=H reason_code=C ledger_index=N`
pub fn trusted_comment(bundle_sha256: &str, reason_code: &str, index: u64) -> String {
    format!("airgap-audit rejection bundle_sha256={bundle_sha256} reason_code={reason_code} ledger_index={index}")
}

impl Rejection {
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    pub fn trusted_comment(&self) -> String {
        trusted_comment(
            &self.core.bundle_sha256,
            &self.core.reason_code,
            self.ledger.index,
        )
    }

    /// Strict parse: canonical JSON, known fields only, exact re-encoding.
    pub fn parse(bytes: &[u8]) -> Result<Rejection, VerifyError> {
        let (value, ledger) = split_ledger(bytes, MAX_RECEIPT_BYTES)?;
        let core = RejectionCore::deserialize(&value)
            .map_err(|e| VerifyError::Malformed(e.to_string()))?;
        check_format(&core.format, REJECTION_FORMAT)?;
        let r = Rejection { core, ledger };
        if r.canonical_bytes().ok().as_deref() != Some(bytes) {
            return Err(VerifyError::Malformed("fields do not round-trip".into()));
        }
        Ok(r)
    }
}

impl SignedDocument for Rejection {
    const UNTRUSTED_COMMENT: &'static str = RECEIPT_UNTRUSTED_COMMENT;
    const MAX_BYTES: usize = MAX_RECEIPT_BYTES;
    type Error = VerifyError;
    // `Rejection::x` names the inherent function (inherent items come first), not this one.
    fn trusted_comment(&self) -> String {
        Rejection::trusted_comment(self)
    }
    fn parse(bytes: &[u8]) -> Result<Self, VerifyError> {
        Rejection::parse(bytes)
    }
}

/// A signed receipt: file contents for `<bundle_sha256>.rejection.json` and its `.minisig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRejection {
    pub rejection: Rejection,
    pub json: Vec<u8>,
    pub minisig: String,
}

/// Adds the ledger position and signs deterministically.
pub fn sign(
    core: RejectionCore,
    ledger: LedgerRef,
    key: &minisign::SecretKey,
) -> Result<SignedRejection, VerdictError> {
    ledger.check()?;
    let rejection = Rejection { core, ledger };
    let (json, minisig) = sign_document(&rejection, key)?;
    Ok(SignedRejection {
        rejection,
        json,
        minisig,
    })
}

/// Authenticates a receipt: signature by the station key, strict parse, consistent trusted comment.
pub fn verify(
    json: &[u8],
    minisig_text: &[u8],
    station_key: &minisign::PublicKey,
) -> Result<Rejection, VerifyError> {
    verify_document(json, minisig_text, station_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_round_trip_and_mutations() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let t = canonical::parse_utc("2026-11-26T10:00:00Z").unwrap();
        let core = RejectionCore::build(
            "evil\n\u{1b}[2J.aab",
            &"cd".repeat(32),
            "bad_signature",
            "bundle signature does not verify",
            "station-1",
            t,
        )
        .unwrap();
        assert_eq!(core.bundle_file, "evil\u{FFFD}\u{FFFD}[2J.aab");
        let ledger = LedgerRef {
            index: 7,
            leaf_hash: "ef".repeat(32),
        };
        let s = sign(core.clone(), ledger.clone(), &kp.sk).unwrap();
        assert_eq!(s, sign(core, ledger, &kp.sk).unwrap());
        let r = verify(&s.json, s.minisig.as_bytes(), &kp.pk).unwrap();
        assert_eq!(r.ledger.index, 7);
        let mut flipped = s.json.clone();
        flipped[20] ^= 1;
        assert!(verify(&flipped, s.minisig.as_bytes(), &kp.pk).is_err());
        let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        assert!(matches!(
            verify(&s.json, s.minisig.as_bytes(), &other.pk),
            Err(VerifyError::WrongKey { .. })
        ));
    }
}
