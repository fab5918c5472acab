/*!
Approvals: the small signed documents by which a human (finance, security, ...) cures an
`approval:<kind>` finding for one exact plan.

Owns the approval format `airgap-audit/approval/v1` (building it, parsing it strictly) and the
decision whether a signed approval counts for a given request: signature by a trusted key, a role
allowed for the kind, the plan digest, the request id, and the validity window at `now`. Every
approval that does not count is reported with a closed [`IgnoredCode`] and a one-line reason, so
the verdict can say why. Pure: bytes and typed keys in, a report out; no files, no clock (the
caller passes `now`), and it never decides anything about findings (the engine does that with the
granted kinds).

Format (JSON object, unknown fields refused, at most [`MAX_APPROVAL_BYTES`]):
`{format, kind, request_id (null|string), plan_sha256, approver, issued_at, expires_at, comment
(null|string)}`. The signed bytes are the document exactly as carried; `approval sign` writes it in
canonical JSON but hand-written JSON signed with the `minisign` CLI is accepted too. The trusted
comment of an approval signature is not interpreted (the plain CLI writes a timestamp there).

Roles are plain strings here (`finance`, `security`, ...) so this module does not depend on how
the trust store is kept; the station passes the trusted keys and the kind→role map from
`station.toml`. The verdict's `approvals.ignored[]` entries carry a `code` in addition to the
`{kind, approver, reason}` of the shared contract, so tools need not parse prose.
*/
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::canonical;
use crate::sig::minisig;

pub const APPROVAL_FORMAT: &str = "airgap-audit/approval/v1";
/// Largest approval document accepted.
pub const MAX_APPROVAL_BYTES: usize = 16 * 1024;
pub use crate::bounds::MAX_APPROVALS;
/// Longest approver name / comment / request id.
pub const MAX_NAME: usize = 200;
pub const MAX_COMMENT: usize = 2000;
/// Longest validity of an approval (`expires_at − issued_at`): 30 days, as for a request. An
/// approval is a decision about one plan now, not a standing permission; a longer one is
/// malformed (and `approval sign` refuses to write it).
pub const MAX_APPROVAL_LIFETIME: time::Duration = time::Duration::days(30);

/// A malformed approval document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    #[error("approval is larger than {MAX_APPROVAL_BYTES} bytes")]
    TooLarge,
    #[error("approval is not valid JSON of the approval format: {0}")]
    Json(String),
    #[error("approval format is {0:?}, expected {APPROVAL_FORMAT:?}")]
    Format(String),
    #[error("approval kind {0:?} is not a kind name (lowercase letters, digits, '_')")]
    Kind(String),
    #[error("plan_sha256 must be 64 lowercase hex digits")]
    PlanDigest,
    #[error("{0} is empty, too long or has control characters")]
    Text(&'static str),
    #[error("{0}")]
    Time(String),
    #[error("expires_at is not after issued_at")]
    Window,
    #[error("valid for {0} days, more than the {max} days an approval may last; sign a new one that expires sooner", max = MAX_APPROVAL_LIFETIME.whole_days())]
    Lifetime(i64),
}

/// The approval document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub format: String,
    pub kind: String,
    /// Binds the approval to one request; `null` = any request carrying this exact plan.
    pub request_id: Option<String>,
    /// SHA-256 (hex) of the exact plan file bytes.
    pub plan_sha256: String,
    pub approver: String,
    pub issued_at: String,
    pub expires_at: String,
    pub comment: Option<String>,
}

fn is_kind(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub(crate) fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_text(s: &str, max: usize) -> bool {
    !s.trim().is_empty() && s.len() <= max && !s.chars().any(|c| c.is_control())
}

impl Approval {
    /// Builds and validates an approval valid from `issued_at` to `expires_at`.
    pub fn new(
        kind: &str,
        plan_sha256: &str,
        approver: &str,
        request_id: Option<&str>,
        issued_at: OffsetDateTime,
        expires_at: OffsetDateTime,
        comment: Option<&str>,
    ) -> Result<Approval, ApprovalError> {
        let a = Approval {
            format: APPROVAL_FORMAT.to_string(),
            kind: kind.to_string(),
            request_id: request_id.map(str::to_string),
            plan_sha256: plan_sha256.to_string(),
            approver: approver.to_string(),
            issued_at: canonical::format_utc(issued_at),
            expires_at: canonical::format_utc(expires_at),
            comment: comment.map(str::to_string),
        };
        a.validate()?;
        Ok(a)
    }

    /// Parses an approval document strictly (size cap, UTF-8, unknown/duplicate fields refused,
    /// every field validated).
    pub fn parse(bytes: &[u8]) -> Result<Approval, ApprovalError> {
        if bytes.len() > MAX_APPROVAL_BYTES {
            return Err(ApprovalError::TooLarge);
        }
        let a: Approval =
            serde_json::from_slice(bytes).map_err(|e| ApprovalError::Json(e.to_string()))?;
        a.validate()?;
        Ok(a)
    }

    /// Canonical JSON bytes: what `approval sign` writes and signs.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Only strings and nulls: canonical encoding cannot fail.
        canonical::to_vec(self).unwrap_or_default()
    }

    fn validate(&self) -> Result<(), ApprovalError> {
        if self.format != APPROVAL_FORMAT {
            return Err(ApprovalError::Format(
                self.format.chars().take(60).collect(),
            ));
        }
        if !is_kind(&self.kind) {
            return Err(ApprovalError::Kind(self.kind.chars().take(60).collect()));
        }
        if !is_sha256_hex(&self.plan_sha256) {
            return Err(ApprovalError::PlanDigest);
        }
        if !is_text(&self.approver, MAX_NAME) {
            return Err(ApprovalError::Text("approver"));
        }
        if let Some(r) = &self.request_id {
            if !is_text(r, MAX_NAME) {
                return Err(ApprovalError::Text("request_id"));
            }
        }
        if let Some(c) = &self.comment {
            if c.len() > MAX_COMMENT || c.chars().any(|ch| ch.is_control() && ch != '\n') {
                return Err(ApprovalError::Text("comment"));
            }
        }
        let (issued, expires) = self.window()?;
        if expires <= issued {
            return Err(ApprovalError::Window);
        }
        if expires - issued > MAX_APPROVAL_LIFETIME {
            return Err(ApprovalError::Lifetime((expires - issued).whole_days()));
        }
        Ok(())
    }

    /// `(issued_at, expires_at)` as times.
    pub fn window(&self) -> Result<(OffsetDateTime, OffsetDateTime), ApprovalError> {
        let issued = canonical::parse_utc(&self.issued_at)
            .map_err(|e| ApprovalError::Time(format!("issued_at: {e}")))?;
        let expires = canonical::parse_utc(&self.expires_at)
            .map_err(|e| ApprovalError::Time(format!("expires_at: {e}")))?;
        Ok((issued, expires))
    }
}

/// One approval as carried in a request document: the document text and its `.minisig` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedApproval {
    pub approval: String,
    pub signature: String,
}

/// A public key the station trusts, with one role (a key with two roles appears twice).
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub role: String,
    pub key: minisign::PublicKey,
}

/// Approval kind → roles whose keys may sign it (from `station.toml`).
pub type KindRoles = BTreeMap<String, Vec<String>>;

/// The approval kinds (the `approval:<kind>` dispositions of DESIGN.md's findings table) and the
/// roles whose keys may sign each by default (DESIGN.md "Approval"). The one table:
/// `station.toml` may map a kind to other roles, never add a kind.
pub const KINDS_AND_DEFAULT_ROLES: [(&str, &[&str]); 5] = [
    ("change_ticket", &["change_management"]),
    ("deletion_confirmation", &["requester", "manager"]),
    ("finance", &["finance"]),
    (
        "human_review",
        &["security", "manager", "change_management"],
    ),
    ("security", &["security"]),
];

/// The approval kinds, in [`KINDS_AND_DEFAULT_ROLES`] order.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    KINDS_AND_DEFAULT_ROLES.iter().map(|(kind, _)| *kind)
}

/// The default kind → roles map ([`KINDS_AND_DEFAULT_ROLES`]).
pub fn default_kind_roles() -> KindRoles {
    KINDS_AND_DEFAULT_ROLES
        .iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|r| r.to_string()).collect()))
        .collect()
}

/// What an approval is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalContext<'a> {
    /// SHA-256 (hex) of the plan file bytes of the request being judged.
    pub plan_sha256: &'a str,
    pub request_id: &'a str,
    pub now: OffsetDateTime,
    /// How far in the future `issued_at` may lie (station clock vs approver clock).
    pub clock_skew_secs: u64,
    pub trusted: &'a [TrustedKey],
    pub kind_roles: &'a KindRoles,
}

/// Why an approval was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IgnoredCode {
    /// The signature text is not a valid minisign signature.
    MalformedSignature,
    /// The approval document is not valid approval JSON.
    Malformed,
    /// No trusted key has the signature's key id.
    UntrustedKey,
    /// The signature does not verify with the trusted key.
    BadSignature,
    /// The kind has no entry in the kind → role map.
    UnknownKind,
    /// The signing key is trusted, but not for a role allowed to sign this kind.
    WrongRole,
    /// Bound to another plan digest.
    OtherPlan,
    /// Bound to another request id.
    OtherRequest,
    /// Past its `expires_at`.
    Expired,
    /// `issued_at` is further in the future than the allowed clock skew.
    NotYetValid,
    /// More than [`MAX_APPROVALS`] approvals in one request.
    TooMany,
    /// The same signature as an approval listed before it (the same approval attached twice).
    Duplicate,
}

impl IgnoredCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IgnoredCode::MalformedSignature => "malformed_signature",
            IgnoredCode::Malformed => "malformed",
            IgnoredCode::UntrustedKey => "untrusted_key",
            IgnoredCode::BadSignature => "bad_signature",
            IgnoredCode::UnknownKind => "unknown_kind",
            IgnoredCode::WrongRole => "wrong_role",
            IgnoredCode::OtherPlan => "other_plan",
            IgnoredCode::OtherRequest => "other_request",
            IgnoredCode::Expired => "expired",
            IgnoredCode::NotYetValid => "not_yet_valid",
            IgnoredCode::TooMany => "too_many",
            IgnoredCode::Duplicate => "duplicate",
        }
    }
}

/// An approval that counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountedApproval {
    pub kind: String,
    pub approver: String,
    /// Minisign key id of the signer (16 uppercase hex digits).
    pub key_id: String,
    /// The signer's role that allowed this kind.
    pub role: String,
    pub expires_at: String,
}

/// An approval that does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoredApproval {
    /// The kind the document claims (`?` if unreadable). Unauthenticated when the code is
    /// `malformed_signature`, `untrusted_key` or `bad_signature`.
    pub kind: String,
    pub approver: String,
    pub code: IgnoredCode,
    /// One sentence: what is wrong, and what to do.
    pub reason: String,
}

/// The outcome for all approvals of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalsReport {
    /// Valid approvals that cured a finding (after [`ApprovalsReport::set_aside_unused`]).
    pub counted: Vec<CountedApproval>,
    pub ignored: Vec<IgnoredApproval>,
    /// Valid approvals that cured nothing: no finding of the verdict asked for their kind.
    /// Omitted when empty, so verdicts without such approvals keep their exact bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<CountedApproval>,
}

impl ApprovalsReport {
    /// The approval kinds granted (input to the engine's decision rule).
    pub fn granted_kinds(&self) -> BTreeSet<String> {
        self.counted.iter().map(|c| c.kind.clone()).collect()
    }

    /// Moves the valid approvals whose kind no finding asked for (`needed`: the kinds of the
    /// verdict's `approval:<kind>` findings) from `counted` to `unused`: "counted" means "cured
    /// a finding", and a finance approval on a plan without a cost finding cured nothing.
    pub fn set_aside_unused(&mut self, needed: &BTreeSet<String>) {
        let (counted, unused): (Vec<_>, Vec<_>) = std::mem::take(&mut self.counted)
            .into_iter()
            .partition(|c| needed.contains(&c.kind));
        self.counted = counted;
        self.unused.extend(unused);
    }
}

/// Checks every approval of a request. Order is kept: `counted` and `ignored` list approvals in
/// the order the request carries them.
pub fn check_all(items: &[SignedApproval], ctx: &ApprovalContext<'_>) -> ApprovalsReport {
    let mut report = ApprovalsReport::default();
    // Signatures seen so far: one approval attached twice (or re-wrapped with another untrusted
    // comment) is one approval, listed once.
    let mut seen: BTreeSet<[u8; 64]> = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        if i >= MAX_APPROVALS {
            let (kind, approver) = claimed_identity(item.approval.as_bytes());
            report.ignored.push(IgnoredApproval {
                kind,
                approver,
                code: IgnoredCode::TooMany,
                reason: format!(
                    "more than {MAX_APPROVALS} approvals in one request; send only the ones needed"
                ),
            });
            continue;
        }
        if let Ok(sig) = minisig::parse(item.signature.as_bytes()) {
            if !seen.insert(sig.signature) {
                let (kind, approver) = claimed_identity(item.approval.as_bytes());
                report.ignored.push(IgnoredApproval {
                    kind,
                    approver,
                    code: IgnoredCode::Duplicate,
                    reason: "the same approval (same signature) is attached again; it is listed once above".to_string(),
                });
                continue;
            }
        }
        match check_one(item, ctx) {
            Ok(c) => report.counted.push(c),
            Err(ig) => report.ignored.push(ig),
        }
    }
    report
}

/// Best-effort `(kind, approver)` from a document that may not parse, for the report only.
fn claimed_identity(bytes: &[u8]) -> (String, String) {
    let v: Option<serde_json::Value> = if bytes.len() <= MAX_APPROVAL_BYTES {
        serde_json::from_slice(bytes).ok()
    } else {
        None
    };
    let field = |name: &str| -> String {
        v.as_ref()
            .and_then(|v| v.get(name))
            .and_then(|s| s.as_str())
            .map(clip)
            .unwrap_or_else(|| "?".to_string())
    };
    (field("kind"), field("approver"))
}

/// Shortens and de-controls untrusted text that goes into a reason or report.
fn clip(s: &str) -> String {
    let mut out: String = crate::display::sanitize(s).chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn short(digest: &str) -> String {
    clip(&digest.chars().take(12).collect::<String>())
}

/// Checks one approval; `Err` says why it does not count.
pub fn check_one(
    item: &SignedApproval,
    ctx: &ApprovalContext<'_>,
) -> Result<CountedApproval, IgnoredApproval> {
    let (claimed_kind, claimed_approver) = claimed_identity(item.approval.as_bytes());
    let ignore = |code: IgnoredCode, reason: String| IgnoredApproval {
        kind: claimed_kind.clone(),
        approver: claimed_approver.clone(),
        code,
        reason,
    };
    // Authenticate before reading anything the document says about itself.
    let sig = minisig::parse(item.signature.as_bytes()).map_err(|e| {
        ignore(
            IgnoredCode::MalformedSignature,
            format!("approval signature is unreadable ({e}); re-sign it with 'airgap-audit approval sign' or 'minisign -S'"),
        )
    })?;
    let key_id = sig.key_id_hex();
    let candidates: Vec<&TrustedKey> = ctx
        .trusted
        .iter()
        .filter(|t| t.key.keynum() == sig.key_id.as_slice())
        .collect();
    if candidates.is_empty() {
        return Err(ignore(
            IgnoredCode::UntrustedKey,
            format!("signed by key {key_id}, which the station does not trust; if this approver is expected, run 'airgap-audit trust add --role ROLE' with their public key"),
        ));
    }
    let data = item.approval.as_bytes();
    let signer = candidates
        .iter()
        .find(|t| minisig::verify(&t.key, &sig, data).is_ok())
        .map(|t| t.key.clone())
        .ok_or_else(|| {
            ignore(
                IgnoredCode::BadSignature,
                format!("signature by key {key_id} does not match the approval text (altered after signing?); ask the approver to sign it again"),
            )
        })?;
    let approval = Approval::parse(data).map_err(|e| {
        ignore(
            IgnoredCode::Malformed,
            format!("approval document is invalid ({e}); ask the approver to create it with 'airgap-audit approval sign'"),
        )
    })?;
    let kind = approval.kind.as_str();
    let signer_roles: BTreeSet<&str> = ctx
        .trusted
        .iter()
        .filter(|t| t.key == signer)
        .map(|t| t.role.as_str())
        .collect();
    let allowed = ctx.kind_roles.get(kind).ok_or_else(|| {
        ignore(
            IgnoredCode::UnknownKind,
            format!("approval kind {kind:?} has no roles in station.toml [approval_roles]; use a known kind or add it there"),
        )
    })?;
    let role = allowed
        .iter()
        .find(|r| signer_roles.contains(r.as_str()))
        .ok_or_else(|| {
            let have: Vec<&str> = signer_roles.iter().copied().collect();
            ignore(
                IgnoredCode::WrongRole,
                format!(
                    "signed by key {key_id} with role {}, but a {kind} approval needs role {}; have someone with that role sign it",
                    have.join("|"),
                    allowed.join("|")
                ),
            )
        })?;
    if approval.plan_sha256 != ctx.plan_sha256 {
        return Err(ignore(
            IgnoredCode::OtherPlan,
            format!(
                "approves plan sha256 {}…, not this plan {}…; the plan changed since it was approved, so approve the new plan",
                short(&approval.plan_sha256),
                short(ctx.plan_sha256)
            ),
        ));
    }
    if let Some(rid) = &approval.request_id {
        if rid != ctx.request_id {
            return Err(ignore(
                IgnoredCode::OtherRequest,
                format!(
                    "bound to request {:?}, not {:?}; sign it for this request or without --request-id",
                    clip(rid),
                    clip(ctx.request_id)
                ),
            ));
        }
    }
    // Parse errors were ruled out by Approval::parse.
    let (issued, expires) = approval.window().map_err(|e| {
        ignore(
            IgnoredCode::Malformed,
            format!("approval document is invalid ({e})"),
        )
    })?;
    if ctx.now >= expires {
        return Err(ignore(
            IgnoredCode::Expired,
            format!(
                "expired at {}; ask the approver for a fresh approval",
                approval.expires_at
            ),
        ));
    }
    let skew = time::Duration::seconds(i64::try_from(ctx.clock_skew_secs).unwrap_or(i64::MAX));
    if issued > ctx.now.saturating_add(skew) {
        return Err(ignore(
            IgnoredCode::NotYetValid,
            format!(
                "issued at {}, in the future by more than the allowed clock skew; check the approver's and the station's clocks",
                approval.issued_at
            ),
        ));
    }
    Ok(CountedApproval {
        kind: approval.kind.clone(),
        approver: approval.approver.clone(),
        key_id,
        role: role.clone(),
        expires_at: approval.expires_at.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_strict() {
        let t = canonical::parse_utc("2026-11-26T00:00:00Z").unwrap();
        let a = Approval::new(
            "finance",
            &"ab".repeat(32),
            "Fiona",
            None,
            t,
            t + time::Duration::days(1),
            Some("ok"),
        )
        .unwrap();
        let bytes = a.to_bytes();
        assert_eq!(Approval::parse(&bytes).unwrap(), a);
        let s = String::from_utf8(bytes).unwrap();
        let cases = [
            s.replacen("\"comment\"", "\"extra\":1,\"comment\"", 1),
            s.replacen(APPROVAL_FORMAT, "airgap-audit/approval/v2", 1),
            s.replacen("finance", "Finance!", 1),
            s.replacen(&"ab".repeat(32), &"AB".repeat(32), 1),
            s.replacen("Fiona", "", 1),
            s.replacen("2026-11-27", "2026-11-25", 1),
            s.replacen("T00:00:00Z", "T00:00:00+01:00", 1),
            s.replacen("{", "{\"kind\":\"security\",", 1),
        ];
        for c in cases {
            assert!(Approval::parse(c.as_bytes()).is_err(), "accepted: {c}");
        }
        assert_eq!(
            Approval::parse(&vec![b' '; MAX_APPROVAL_BYTES + 1]),
            Err(ApprovalError::TooLarge)
        );
    }
}
