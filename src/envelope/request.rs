/*!
The request document (`airgap-audit/request/v1`): what the orchestrator asks the station to judge.

Owns the strict parser ([`parse`]: bytes → [`ParsedRequest`], unknown fields, bad ids, bad
base64, a plan digest that does not match the plan bytes and non-UTC times are all errors), the
serializer used by `bundle seal` ([`RequestDocument::to_bytes`]) and the freshness checks, which
are pure functions of the document, the station id and an explicit `now` ([`check_freshness`]).
Never touches files or keys; signature checks of the envelope live in [`crate::envelope::bundle`], approval
checks in `crate::envelope::approval`. The JSON Schema is `inbox-spec/request.schema.json`.
*/
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::bounds::MAX_APPROVALS;

pub const FORMAT: &str = "airgap-audit/request/v1";

/// Longest request text (the user's words).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Longest short string field (requester, ticket, currency, ids).
pub const MAX_SHORT: usize = 256;
/// Largest embedded approval document.
pub const MAX_APPROVAL_BYTES: usize = 16 * 1024;
/// Highest `sequence` a request may carry: the ledger records sequences as SQLite integers
/// (signed 64-bit), so a larger one could never be recorded and is refused as malformed.
pub const MAX_SEQUENCE: u64 = i64::MAX as u64;
/// Longest time a request may be valid for (expires_at − created_at).
pub const MAX_LIFETIME: Duration = Duration::days(30);

/// The document as it travels (JSON field order as written here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDocument {
    pub format: String,
    pub request_id: String,
    pub station_id: String,
    /// Per-orchestrator monotonic sequence number (replay and rollback detection).
    pub sequence: u64,
    /// RFC 3339, UTC (`Z`).
    pub created_at: String,
    /// RFC 3339, UTC (`Z`).
    pub expires_at: String,
    pub request: RequestBody,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_estimate: Option<CostEstimate>,
    /// Lower-case hex SHA-256 of the exact plan file bytes.
    pub plan_sha256: String,
    /// Standard base64 (with padding, no line breaks) of the exact `terraform show -json` bytes.
    pub plan_b64: String,
    #[serde(default)]
    pub approvals: Vec<EmbeddedApproval>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    pub text: String,
    pub requested_by: String,
    #[serde(default)]
    pub change_ticket: Option<String>,
    /// Optional `.minisig` text by the requester's own key over the exact `text` bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_signature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostEstimate {
    pub monthly_before: f64,
    pub monthly_after: f64,
    pub currency: String,
}

/// An approval as carried in a request: the approval JSON document exactly as signed, and its
/// `.minisig` text. Checked by `crate::envelope::approval`, not here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedApproval {
    pub approval: String,
    pub signature: String,
}

/// A document that parsed and passed every structural check, with its decoded parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRequest {
    pub doc: RequestDocument,
    /// The exact plan file bytes (decoded `plan_b64`, digest already checked).
    pub plan_bytes: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Why a request document was rejected. One line each; `field` names the JSON field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("request document is not valid JSON for airgap-audit/request/v1: {0}")]
    Json(String),
    #[error("request format is {0:?}; this station reads {FORMAT:?}")]
    Format(String),
    #[error("request field {field} is invalid: {why}")]
    Field { field: &'static str, why: String },
    #[error("plan_b64 is not canonical base64 (standard alphabet, padded, no line breaks)")]
    PlanBase64,
    #[error("plan_sha256 {claimed} does not match the SHA-256 of plan_b64's bytes ({actual})")]
    PlanDigestMismatch { claimed: String, actual: String },
}

impl RequestError {
    /// Stable code for receipts and the ledger.
    pub fn reason_code(&self) -> &'static str {
        match self {
            RequestError::Json(_) | RequestError::Format(_) | RequestError::Field { .. } => {
                "bad_request_document"
            }
            RequestError::PlanBase64 => "bad_plan_encoding",
            RequestError::PlanDigestMismatch { .. } => "plan_digest_mismatch",
        }
    }
}

/// Why a structurally valid request is not acceptable now, at this station.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreshnessError {
    #[error(
        "request is for station {got}, but this is station {want}; send it to the right station"
    )]
    WrongStation { got: String, want: String },
    #[error("request expired at {expires_at}; ask the orchestrator for a fresh bundle")]
    Expired { expires_at: String },
    #[error("request is dated {created_at}, beyond the allowed clock skew of {skew_secs}s into the future; check the station and orchestrator clocks")]
    FromFuture { created_at: String, skew_secs: u64 },
}

impl FreshnessError {
    pub fn reason_code(&self) -> &'static str {
        match self {
            FreshnessError::WrongStation { .. } => "wrong_station",
            FreshnessError::Expired { .. } => "expired",
            FreshnessError::FromFuture { .. } => "from_future",
        }
    }
}

/// Ids used as file names in the outbox: 1–128 of `A-Z a-z 0-9 . _ -`, not starting with `.`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The checks every document an orchestrator signs shares (a request, an execution report):
/// its ids, its sequence number and its validity window (after creation, at most
/// [`MAX_LIFETIME`]). Returns the parsed `created_at` and `expires_at`.
pub fn check_header(
    ids: &[(&'static str, &str)],
    sequence: u64,
    created_at: &str,
    expires_at: &str,
) -> Result<(OffsetDateTime, OffsetDateTime), RequestError> {
    for (name, id) in ids {
        if !is_valid_id(id) {
            return Err(field(
                name,
                "must be 1-128 characters of A-Z a-z 0-9 . _ - (not starting with '.')",
            ));
        }
    }
    if sequence > MAX_SEQUENCE {
        return Err(field(
            "sequence",
            format!("{sequence} is over the maximum {MAX_SEQUENCE}"),
        ));
    }
    let created = utc_field("created_at", created_at)?;
    let expires = utc_field("expires_at", expires_at)?;
    if expires <= created {
        return Err(field("expires_at", "must be after created_at"));
    }
    if expires - created > MAX_LIFETIME {
        return Err(field(
            "expires_at",
            "must be at most 30 days after created_at",
        ));
    }
    Ok((created, expires))
}

pub(crate) fn field(field: &'static str, why: impl Into<String>) -> RequestError {
    RequestError::Field {
        field,
        why: why.into(),
    }
}

/// A timestamp field of a request or an execution report ([`crate::canonical::parse_utc_z`]),
/// its failure as an error naming the field.
pub fn utc_field(name: &'static str, s: &str) -> Result<OffsetDateTime, RequestError> {
    crate::canonical::parse_utc_z(s).map_err(|e| field(name, e.to_string()))
}

fn short(name: &'static str, s: &str, allow_empty: bool) -> Result<(), RequestError> {
    if s.len() > MAX_SHORT {
        return Err(field(name, format!("longer than {MAX_SHORT} bytes")));
    }
    if !allow_empty && s.trim().is_empty() {
        return Err(field(name, "must not be empty"));
    }
    if s.chars().any(char::is_control) {
        return Err(field(name, "must not contain control characters"));
    }
    Ok(())
}

/// Strict parse of a decompressed request document.
pub fn parse(bytes: &[u8]) -> Result<ParsedRequest, RequestError> {
    // serde_json's default recursion limit (128) bounds nesting; sizes are capped by the caller.
    // The document ends at its closing brace: nothing after it, not even whitespace (the spec's
    // "no trailing bytes"), so its bytes and its request_sha256 have one reading.
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<RequestDocument>();
    let doc = match stream.next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => return Err(RequestError::Json(e.to_string())),
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

/// The structural checks of [`parse`], for a document built in memory (`bundle seal` runs them
/// too, so it never seals what a station would reject as malformed).
pub fn validate(doc: RequestDocument) -> Result<ParsedRequest, RequestError> {
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
    let r = &doc.request;
    if r.text.trim().is_empty() {
        return Err(field("request.text", "must not be empty"));
    }
    if r.text.len() > MAX_TEXT_BYTES {
        return Err(field(
            "request.text",
            format!("longer than {MAX_TEXT_BYTES} bytes"),
        ));
    }
    short("request.requested_by", &r.requested_by, false)?;
    if let Some(t) = &r.change_ticket {
        short("request.change_ticket", t, false)?;
    }
    if let Some(sig) = &r.requester_signature {
        if sig.len() > crate::sig::MAX_SIGNATURE_BYTES {
            return Err(field("request.requester_signature", "too long"));
        }
    }
    if let Some(c) = &doc.cost_estimate {
        for (name, v) in [
            ("cost_estimate.monthly_before", c.monthly_before),
            ("cost_estimate.monthly_after", c.monthly_after),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(field(name, "must be a finite number >= 0"));
            }
        }
        if c.currency.len() != 3 || !c.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(field(
                "cost_estimate.currency",
                "must be a 3-letter ISO 4217 code, e.g. USD",
            ));
        }
    }
    if doc.plan_sha256.len() != 64
        || !doc
            .plan_sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(field("plan_sha256", "must be 64 lower-case hex digits"));
    }
    if doc.approvals.len() > MAX_APPROVALS {
        return Err(field(
            "approvals",
            format!("more than {MAX_APPROVALS} approvals"),
        ));
    }
    for a in &doc.approvals {
        if a.approval.len() > MAX_APPROVAL_BYTES {
            return Err(field("approvals[].approval", "too long"));
        }
        if a.signature.len() > crate::sig::MAX_SIGNATURE_BYTES {
            return Err(field("approvals[].signature", "too long"));
        }
    }
    let plan_bytes = base64::engine::general_purpose::STANDARD
        .decode(doc.plan_b64.as_bytes())
        .map_err(|_| RequestError::PlanBase64)?;
    let actual = hex::encode(Sha256::digest(&plan_bytes));
    if actual != doc.plan_sha256 {
        return Err(RequestError::PlanDigestMismatch {
            claimed: doc.plan_sha256.clone(),
            actual,
        });
    }
    Ok(ParsedRequest {
        doc,
        plan_bytes,
        created_at,
        expires_at,
    })
}

/// Is the request meant for this station, unexpired and not dated in the future beyond the
/// allowed skew? Checked in that order, so a misrouted bundle says so first.
pub fn check_freshness(
    req: &ParsedRequest,
    station_id: &str,
    now: OffsetDateTime,
    skew_secs: u64,
) -> Result<(), FreshnessError> {
    check_window(req.window(), station_id, now, skew_secs)
}

/// The addressing and validity window of a document the orchestrator sends (a request, an
/// execution report): the one freshness rule both obey.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub station_id: &'a str,
    /// The parsed time and its text as written (for the message).
    pub created_at: (OffsetDateTime, &'a str),
    pub expires_at: (OffsetDateTime, &'a str),
}

/// [`check_freshness`] for any [`Window`]: station, then expiry, then a date in the future.
pub fn check_window(
    w: Window<'_>,
    station_id: &str,
    now: OffsetDateTime,
    skew_secs: u64,
) -> Result<(), FreshnessError> {
    if w.station_id != station_id {
        return Err(FreshnessError::WrongStation {
            got: w.station_id.to_string(),
            want: station_id.to_string(),
        });
    }
    if now >= w.expires_at.0 {
        return Err(FreshnessError::Expired {
            expires_at: w.expires_at.1.to_string(),
        });
    }
    let skew = Duration::seconds(i64::try_from(skew_secs).unwrap_or(i64::MAX));
    if w.created_at.0 > now.saturating_add(skew) {
        return Err(FreshnessError::FromFuture {
            created_at: w.created_at.1.to_string(),
            skew_secs,
        });
    }
    Ok(())
}

impl RequestDocument {
    /// A request for `station_id` valid from `created_at` to `expires_at`, carrying `plan` (its
    /// digest and base64 are made here); no cost estimate and no approvals until they are added
    /// with [`Self::with_cost_estimate`] and [`Self::with_approvals`]. Validity is checked by
    /// [`validate`], not here.
    pub fn new(
        request_id: &str,
        station_id: &str,
        sequence: u64,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
        request: RequestBody,
        plan: &[u8],
    ) -> RequestDocument {
        RequestDocument {
            format: FORMAT.to_string(),
            request_id: request_id.to_string(),
            station_id: station_id.to_string(),
            sequence,
            created_at: crate::canonical::format_utc(created_at),
            expires_at: crate::canonical::format_utc(expires_at),
            request,
            cost_estimate: None,
            plan_sha256: hex::encode(Sha256::digest(plan)),
            plan_b64: base64::engine::general_purpose::STANDARD.encode(plan),
            approvals: Vec::new(),
        }
    }

    pub fn with_cost_estimate(mut self, cost_estimate: Option<CostEstimate>) -> RequestDocument {
        self.cost_estimate = cost_estimate;
        self
    }

    pub fn with_approvals(mut self, approvals: Vec<EmbeddedApproval>) -> RequestDocument {
        self.approvals = approvals;
        self
    }

    /// The bytes `bundle seal` compresses and signs (compact JSON, fields in declaration order).
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The request as the engine takes it.
    pub fn engine_request(&self) -> crate::engine::Request {
        crate::engine::Request {
            text: self.request.text.clone(),
            requested_by: Some(self.request.requested_by.clone()),
            change_ticket: self.request.change_ticket.clone(),
        }
    }

    /// The cost estimate as the engine takes it.
    pub fn engine_cost(&self) -> Option<crate::engine::CostEstimate> {
        self.cost_estimate
            .as_ref()
            .map(|c| crate::engine::CostEstimate {
                monthly_before: c.monthly_before,
                monthly_after: c.monthly_after,
                currency: c.currency.clone(),
            })
    }
}

impl ParsedRequest {
    /// The request's station and validity window.
    pub fn window(&self) -> Window<'_> {
        Window {
            station_id: &self.doc.station_id,
            created_at: (self.created_at, &self.doc.created_at),
            expires_at: (self.expires_at, &self.doc.expires_at),
        }
    }

    /// Hex SHA-256 of the plan bytes (equal to `doc.plan_sha256`, already checked).
    pub fn plan_sha256(&self) -> &str {
        &self.doc.plan_sha256
    }

    /// Verifies the optional requester signature over the exact request text against `keys`
    /// (the trusted `requester` keys). `None` when the request is not signed by its requester.
    pub fn verify_requester(
        &self,
        keys: &[crate::sig::VerifyKey],
    ) -> Option<Result<crate::sig::Verified, crate::sig::SigError>> {
        self.doc.request.requester_signature.as_ref().map(|sig| {
            crate::sig::verify_detached(keys, self.doc.request.text.as_bytes(), sig.as_bytes())
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample_doc(plan: &[u8]) -> RequestDocument {
        RequestDocument::new(
            "req-0001",
            "st-test",
            1,
            t("2026-11-26T10:00:00Z"),
            t("2026-11-27T10:00:00Z"),
            RequestBody {
                text: "Create an S3 bucket for logs".into(),
                requested_by: "alice".into(),
                change_ticket: None,
                requester_signature: None,
            },
            plan,
        )
    }

    fn t(s: &str) -> OffsetDateTime {
        crate::canonical::parse_utc(s).unwrap()
    }

    #[test]
    fn round_trip() {
        let doc = sample_doc(b"{\"format_version\":\"1.2\"}");
        let p = parse(&doc.to_bytes()).unwrap();
        assert_eq!(p.doc, doc);
        assert_eq!(p.plan_bytes, b"{\"format_version\":\"1.2\"}");
    }

    #[test]
    fn strictness() {
        let good = sample_doc(b"plan");
        let json = String::from_utf8(good.to_bytes()).unwrap();
        let cases: Vec<(&str, String)> = vec![
            ("unknown field", json.replacen("{", "{\"x\":1,", 1)),
            (
                "unknown nested field",
                json.replace("\"text\":", "\"extra\":true,\"text\":"),
            ),
            ("duplicate field", json.replacen("{", "{\"sequence\":2,", 1)),
            ("bad base64", json.replace(&good.plan_b64, "cGxhbg")),
            ("base64 garbage", json.replace(&good.plan_b64, "!!!!")),
            (
                "digest mismatch",
                json.replace(&good.plan_sha256, &"0".repeat(64)),
            ),
            ("wrong format", json.replace("request/v1", "request/v2")),
            ("traversal id", json.replace("req-0001", "../x")),
            (
                "non-UTC",
                json.replace("2026-11-26T10:00:00Z", "2026-11-26T10:00:00+01:00"),
            ),
            (
                "expires before created",
                json.replace("2026-11-27T10", "2026-11-25T10"),
            ),
            (
                "lifetime too long",
                json.replace("2026-11-27T10", "2027-11-27T10"),
            ),
            (
                "negative sequence",
                json.replace("\"sequence\":1", "\"sequence\":-1"),
            ),
            ("trailing bytes", format!("{json} x")),
            (
                "empty text",
                json.replace("Create an S3 bucket for logs", " "),
            ),
        ];
        for (label, text) in cases {
            assert!(parse(text.as_bytes()).is_err(), "accepted: {label}");
        }
        assert!(matches!(
            parse(json.replace(&good.plan_b64, "cGxhbg").as_bytes()),
            Err(RequestError::PlanBase64)
        ));
        assert!(matches!(
            parse(json.replace(&good.plan_sha256, &"0".repeat(64)).as_bytes()),
            Err(RequestError::PlanDigestMismatch { .. })
        ));
    }

    #[test]
    fn freshness() {
        let p = parse(&sample_doc(b"plan").to_bytes()).unwrap();
        let now = t("2026-11-26T12:00:00Z");
        check_freshness(&p, "st-test", now, 300).unwrap();
        assert!(matches!(
            check_freshness(&p, "st-other", now, 300),
            Err(FreshnessError::WrongStation { .. })
        ));
        assert!(matches!(
            check_freshness(&p, "st-test", t("2026-11-27T10:00:00Z"), 300),
            Err(FreshnessError::Expired { .. })
        ));
        // Created 10:00; now 09:56 is within 300 s skew, 09:54 is not.
        check_freshness(&p, "st-test", t("2026-11-26T09:56:00Z"), 300).unwrap();
        assert!(matches!(
            check_freshness(&p, "st-test", t("2026-11-26T09:54:00Z"), 300),
            Err(FreshnessError::FromFuture { .. })
        ));
    }
}
