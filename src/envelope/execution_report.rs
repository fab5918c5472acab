/*!
The execution report (`airgap-audit/execution-report/v1`): what the orchestrator sends after
`terraform apply` — the post-apply state (`terraform show -json`) of one approved request.

It travels in the same envelope as a request ([`crate::envelope::bundle`]: age, ustar, minisign by the
orchestrator key, zstd), under the member names `execution-report.json.zst` and its `.minisig`,
and obeys the same rules: addressed to one station, a validity window of at most 30 days, and a
per-orchestrator sequence number above every one already recorded. A request id gets one
execution check; a second report for it is a replay.

Owns the strict parser ([`parse`]), the serializer `bundle seal --execution-report` uses
([`ReportDocument::to_bytes`]) and the freshness rule ([`check_freshness`], the request's rule
applied to this document). Pure: no files, keys or clock. JSON Schema:
`inbox-spec/execution-report.schema.json`.
*/
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::envelope::request::{check_header, field, FreshnessError, RequestError};

pub const FORMAT: &str = "airgap-audit/execution-report/v1";

/// The document as it travels (JSON field order as written here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDocument {
    pub format: String,
    /// The request whose approved plan was applied.
    pub request_id: String,
    pub station_id: String,
    /// Per-orchestrator monotonic sequence number, shared with requests.
    pub sequence: u64,
    /// RFC 3339, UTC (`Z`).
    pub created_at: String,
    /// RFC 3339, UTC (`Z`).
    pub expires_at: String,
    /// Lower-case hex SHA-256 of the exact state file bytes.
    pub state_sha256: String,
    /// Standard base64 of the exact `terraform show -json` bytes of the state after apply.
    pub state_b64: String,
}

/// A report that parsed and passed every structural check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedReport {
    pub doc: ReportDocument,
    /// The exact state file bytes (decoded `state_b64`, digest already checked).
    pub state_bytes: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Why a report document was rejected. The request's closed error, whose reason codes the
/// receipts already document, with field names of this document.
pub type ReportError = RequestError;

/// Strict parse of a decompressed report document: one JSON object, nothing after it.
pub fn parse(bytes: &[u8]) -> Result<ParsedReport, ReportError> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<ReportDocument>();
    let doc = match stream.next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => {
            return Err(RequestError::Json(format!(
                "execution report (airgap-audit/execution-report/v1): {e}"
            )))
        }
        None => return Err(RequestError::Json("the document is empty".into())),
    };
    if stream.byte_offset() != bytes.len() {
        return Err(RequestError::Json(format!(
            "{} trailing bytes after the document's closing brace; the document must end there",
            bytes.len() - stream.byte_offset()
        )));
    }
    validate(doc)
}

/// The structural checks of [`parse`], also run by `bundle seal --execution-report`.
pub fn validate(doc: ReportDocument) -> Result<ParsedReport, ReportError> {
    if doc.format != FORMAT {
        return Err(RequestError::Format(doc.format));
    }
    let (created_at, expires_at) = check_header(
        &[
            ("request_id", &doc.request_id),
            ("station_id", &doc.station_id),
        ],
        doc.sequence,
        &doc.created_at,
        &doc.expires_at,
    )?;
    if !crate::envelope::approval::is_sha256_hex(&doc.state_sha256) {
        return Err(field("state_sha256", "must be 64 lower-case hex digits"));
    }
    let state_bytes = base64::engine::general_purpose::STANDARD
        .decode(doc.state_b64.as_bytes())
        .map_err(|_| {
            field(
                "state_b64",
                "is not canonical base64 (standard alphabet, padded, no line breaks)",
            )
        })?;
    let actual = hex::encode(Sha256::digest(&state_bytes));
    if actual != doc.state_sha256 {
        return Err(field(
            "state_sha256",
            format!(
                "{} does not match the SHA-256 of state_b64's bytes ({actual})",
                doc.state_sha256
            ),
        ));
    }
    Ok(ParsedReport {
        doc,
        state_bytes,
        created_at,
        expires_at,
    })
}

/// Meant for this station, unexpired, not dated in the future beyond the skew: the request's
/// rule ([`crate::envelope::request::check_window`]).
pub fn check_freshness(
    r: &ParsedReport,
    station_id: &str,
    now: OffsetDateTime,
    skew_secs: u64,
) -> Result<(), FreshnessError> {
    crate::envelope::request::check_window(
        crate::envelope::request::Window {
            station_id: &r.doc.station_id,
            created_at: (r.created_at, &r.doc.created_at),
            expires_at: (r.expires_at, &r.doc.expires_at),
        },
        station_id,
        now,
        skew_secs,
    )
}

impl ReportDocument {
    /// The bytes `bundle seal --execution-report` compresses and signs (compact JSON).
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// A report of `state` for `request_id`.
    pub fn new(
        request_id: &str,
        station_id: &str,
        sequence: u64,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
        state: &[u8],
    ) -> ReportDocument {
        ReportDocument {
            format: FORMAT.to_string(),
            request_id: request_id.to_string(),
            station_id: station_id.to_string(),
            sequence,
            created_at: crate::canonical::format_utc(created_at),
            expires_at: crate::canonical::format_utc(expires_at),
            state_sha256: hex::encode(Sha256::digest(state)),
            state_b64: base64::engine::general_purpose::STANDARD.encode(state),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn sample() -> ReportDocument {
        ReportDocument::new(
            "req-0001",
            "st-test",
            7,
            datetime!(2026-11-26 10:00 UTC),
            datetime!(2026-11-27 10:00 UTC),
            b"{\"format_version\":\"1.0\"}",
        )
    }

    #[test]
    fn round_trip_and_strictness() {
        let good = sample();
        let json = String::from_utf8(good.to_bytes()).unwrap();
        assert_eq!(parse(json.as_bytes()).unwrap().doc, good);
        let cases = [
            ("unknown field", json.replacen('{', "{\"x\":1,", 1)),
            ("trailing bytes", format!("{json} ")),
            (
                "wrong format",
                json.replace("execution-report/v1", "request/v1"),
            ),
            (
                "digest mismatch",
                json.replace(&good.state_sha256, &"0".repeat(64)),
            ),
            ("bad base64", json.replace(&good.state_b64, "!!!")),
            ("traversal id", json.replace("req-0001", "../x")),
            ("lifetime", json.replace("2026-11-27T10", "2027-11-27T10")),
        ];
        for (label, text) in cases {
            assert!(parse(text.as_bytes()).is_err(), "accepted: {label}");
        }
    }

    #[test]
    fn freshness_is_the_requests_rule() {
        let p = parse(&sample().to_bytes()).unwrap();
        check_freshness(&p, "st-test", datetime!(2026-11-26 12:00 UTC), 300).unwrap();
        assert!(matches!(
            check_freshness(&p, "st-other", datetime!(2026-11-26 12:00 UTC), 300),
            Err(FreshnessError::WrongStation { .. })
        ));
        assert!(matches!(
            check_freshness(&p, "st-test", datetime!(2026-11-28 12:00 UTC), 300),
            Err(FreshnessError::Expired { .. })
        ));
    }
}
