/*!
Two-person overrides: the document by which two people overrule a veto or escalation, the
bundle that carries it to the station, and the decision whether it holds.

Owns the formats `airgap-audit/override/v1` (the document the approvers sign; canonical JSON,
parsed strictly, at most [`MAX_OVERRIDE_BYTES`]) and `airgap-audit/override-bundle/v1` (what the
orchestrator seals, in the request bundle's envelope: the override document and its signatures
exactly as signed, plus the original request document, which tells the station who asked), and
[`judge`]: the rules of DESIGN.md "After the verdict". Every refusal is one [`Refusal`] with its
own stable code, written into a signed rejection receipt by the station.

Pure: bytes, the trust store, the recorded verdict and an explicit `now` in; a verdict core or a
refusal out. No files, no ledger, no clock: the station looks the verdict up and passes it in.

Counting signers (GHSA-pwqf-9h7j-7mv8, where python-tuf counted one key's repeated signatures
toward a threshold): a key id may appear once and an identity once; a repeat refuses the whole
override rather than being skipped, so a threshold can never be reached by repetition.
*/
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::canonical;
use crate::engine::{Decision, Disposition, Finding};
use crate::envelope::request::{FreshnessError, ParsedRequest, RequestError};
use crate::home::trust::{Role, TrustStore};
use crate::home::OverrideConfig;
use crate::verdict::{OverrideBlock, OverrideSigner, OverruledFinding, VerdictCore};

pub const OVERRIDE_FORMAT: &str = "airgap-audit/override/v1";
pub const OVERRIDE_BUNDLE_FORMAT: &str = "airgap-audit/override-bundle/v1";
/// Largest override document accepted.
pub const MAX_OVERRIDE_BYTES: usize = 64 * 1024;
/// Longest justification, business impact, alternatives or risk text.
pub const MAX_TEXT: usize = 4000;
/// Most findings one override may name.
pub const MAX_FINDINGS: usize = 64;
/// Most signatures one override bundle may carry.
pub const MAX_SIGNATURES: usize = 16;
/// Longest validity of an override document: an override is a decision about one plan this
/// week, not a standing permission.
pub const MAX_OVERRIDE_LIFETIME: time::Duration = time::Duration::days(7);

/// The override document every approver signs (the same bytes for each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideDocument {
    pub format: String,
    pub station_id: String,
    pub request_id: String,
    /// SHA-256 of the exact plan the overruled verdict judged.
    pub plan_sha256: String,
    /// Ledger index of the overruled verdict (its `ledger.index`).
    pub verdict_ledger_index: u64,
    pub justification: String,
    pub business_impact: String,
    pub alternatives_considered: String,
    pub risk_accepted: String,
    /// Every blocking finding of the verdict, as the verdict names it.
    pub findings: Vec<OverruledFinding>,
    pub issued_at: String,
    pub expires_at: String,
}

/// A malformed override document or override bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("not valid JSON of {0}: {1}")]
    Json(&'static str, String),
    #[error("format is {0:?}, expected {1:?}")]
    Format(String, &'static str),
    #[error("field {0} is invalid: {1}")]
    Field(&'static str, String),
    #[error("original_request: {0}")]
    Request(RequestError),
}

fn field(name: &'static str, why: impl Into<String>) -> FormatError {
    FormatError::Field(name, why.into())
}

fn check_text(name: &'static str, s: &str, max: usize) -> Result<(), FormatError> {
    if s.trim().is_empty() || s.len() > max {
        return Err(field(name, format!("must be 1 to {max} bytes of text")));
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(field(name, "must not contain control characters"));
    }
    Ok(())
}

fn is_finding_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The texts an override must give, as `(justification, business impact, alternatives
/// considered, risk accepted)`.
#[derive(Debug, Clone, Copy)]
pub struct Reasons<'a> {
    pub justification: &'a str,
    pub business_impact: &'a str,
    pub alternatives_considered: &'a str,
    pub risk_accepted: &'a str,
}

impl OverrideDocument {
    /// Builds and validates a document overruling `findings` of the verdict at `verdict_index`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        station_id: &str,
        request_id: &str,
        plan_sha256: &str,
        verdict_index: u64,
        reasons: Reasons<'_>,
        findings: Vec<OverruledFinding>,
        issued_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<OverrideDocument, FormatError> {
        let mut findings = findings;
        findings.sort();
        let d = OverrideDocument {
            format: OVERRIDE_FORMAT.to_string(),
            station_id: station_id.to_string(),
            request_id: request_id.to_string(),
            plan_sha256: plan_sha256.to_string(),
            verdict_ledger_index: verdict_index,
            justification: reasons.justification.to_string(),
            business_impact: reasons.business_impact.to_string(),
            alternatives_considered: reasons.alternatives_considered.to_string(),
            risk_accepted: reasons.risk_accepted.to_string(),
            findings,
            issued_at: canonical::format_utc(issued_at),
            expires_at: canonical::format_utc(expires_at),
        };
        d.validate()?;
        Ok(d)
    }

    /// Canonical JSON bytes: what `override create` writes and every approver signs.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Strings, integers, arrays and nulls only: canonical encoding cannot fail.
        canonical::to_vec(self).unwrap_or_default()
    }

    /// Strict parse: size cap, canonical JSON (so every approver signs the one reading of it),
    /// unknown fields refused, every field validated.
    pub fn parse(bytes: &[u8]) -> Result<OverrideDocument, FormatError> {
        let value = canonical::parse_canonical(bytes, MAX_OVERRIDE_BYTES)
            .map_err(|e| FormatError::Json(OVERRIDE_FORMAT, e.to_string()))?;
        let d = OverrideDocument::deserialize(&value)
            .map_err(|e| FormatError::Json(OVERRIDE_FORMAT, e.to_string()))?;
        d.validate()?;
        Ok(d)
    }

    /// `(issued_at, expires_at)` as times.
    pub fn window(&self) -> Result<(OffsetDateTime, OffsetDateTime), FormatError> {
        let issued =
            canonical::parse_utc(&self.issued_at).map_err(|e| field("issued_at", e.to_string()))?;
        let expires = canonical::parse_utc(&self.expires_at)
            .map_err(|e| field("expires_at", e.to_string()))?;
        Ok((issued, expires))
    }

    fn validate(&self) -> Result<(), FormatError> {
        if self.format != OVERRIDE_FORMAT {
            return Err(FormatError::Format(
                self.format.chars().take(60).collect(),
                OVERRIDE_FORMAT,
            ));
        }
        if !crate::envelope::request::is_valid_id(&self.station_id) {
            return Err(field("station_id", "is not a station id"));
        }
        if !crate::verdict::is_safe_request_id(&self.request_id) {
            return Err(field("request_id", "is not a request id"));
        }
        if !crate::envelope::approval::is_sha256_hex(&self.plan_sha256) {
            return Err(field("plan_sha256", "must be 64 lower-case hex digits"));
        }
        if i64::try_from(self.verdict_ledger_index).is_err() {
            return Err(field("verdict_ledger_index", "is out of range"));
        }
        check_text("justification", &self.justification, MAX_TEXT)?;
        check_text("business_impact", &self.business_impact, MAX_TEXT)?;
        check_text(
            "alternatives_considered",
            &self.alternatives_considered,
            MAX_TEXT,
        )?;
        check_text("risk_accepted", &self.risk_accepted, MAX_TEXT)?;
        if self.findings.is_empty() || self.findings.len() > MAX_FINDINGS {
            return Err(field(
                "findings",
                format!("must name 1 to {MAX_FINDINGS} findings"),
            ));
        }
        for f in &self.findings {
            if !is_finding_id(&f.id) {
                return Err(field("findings[].id", "is not a finding id"));
            }
            if let Some(r) = &f.resource {
                check_text("findings[].resource", r, 1024)?;
            }
        }
        // Sorted and each once, so one set of findings has one document (and one digest).
        if self.findings.windows(2).any(|w| w[0] >= w[1]) {
            return Err(field(
                "findings",
                "must be sorted by id then resource (null first), each once",
            ));
        }
        let (issued, expires) = self.window()?;
        if expires <= issued {
            return Err(field("expires_at", "must be after issued_at"));
        }
        if expires - issued > MAX_OVERRIDE_LIFETIME {
            return Err(field(
                "expires_at",
                format!(
                    "must be at most {} days after issued_at",
                    MAX_OVERRIDE_LIFETIME.whole_days()
                ),
            ));
        }
        Ok(())
    }

    /// `airgap-audit override request_id=R plan_sha256=H verdict_ledger_index=N`: the trusted
    /// comment `override sign` writes (not interpreted by the station).
    pub fn trusted_comment(&self) -> String {
        format!(
            "airgap-audit override request_id={} plan_sha256={} verdict_ledger_index={}",
            self.request_id, self.plan_sha256, self.verdict_ledger_index
        )
    }
}

/// What the orchestrator seals for the station (inside `request.json.zst` of a normal bundle).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideBundle {
    pub format: String,
    pub station_id: String,
    /// The orchestrator's sequence number: the same counter as its request bundles.
    pub sequence: u64,
    pub created_at: String,
    pub expires_at: String,
    /// The request document exactly as the station judged it (its SHA-256 is the verdict's
    /// `hashes.request_sha256`): the station reads from it who asked.
    pub original_request: String,
    /// The override document exactly as signed.
    pub override_document: String,
    /// The approvers' `.minisig` texts over `override_document`, one per approver.
    pub signatures: Vec<String>,
}

impl OverrideBundle {
    /// The bundle for `station_id` valid from `created_at` to `expires_at`: the original request
    /// document, the override document and the approvers' signatures, each exactly as given.
    /// Checked by [`validate_bundle`], not here.
    pub fn new(
        station_id: &str,
        sequence: u64,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
        original_request: String,
        override_document: String,
        signatures: Vec<String>,
    ) -> OverrideBundle {
        OverrideBundle {
            format: OVERRIDE_BUNDLE_FORMAT.to_string(),
            station_id: station_id.to_string(),
            sequence,
            created_at: crate::canonical::format_utc(created_at),
            expires_at: crate::canonical::format_utc(expires_at),
            original_request,
            override_document,
            signatures,
        }
    }
}

/// An override bundle that parsed, with its decoded parts.
#[derive(Debug, Clone)]
pub struct ParsedOverrideBundle {
    pub doc: OverrideBundle,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub original_request: ParsedRequest,
}

/// Does this decompressed document say it is an override bundle? Reads only its `format`
/// (serde skips the rest), so a request document costs one scan.
pub fn is_override_bundle(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Peek<'a> {
        #[serde(borrow)]
        format: std::borrow::Cow<'a, str>,
    }
    serde_json::from_slice::<Peek<'_>>(bytes).is_ok_and(|p| p.format == OVERRIDE_BUNDLE_FORMAT)
}

/// Strict parse of an override bundle document (no trailing bytes, unknown fields refused, the
/// original request parsed as strictly as a request bundle's).
pub fn parse_bundle(bytes: &[u8]) -> Result<ParsedOverrideBundle, FormatError> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<OverrideBundle>();
    let doc = match stream.next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => return Err(FormatError::Json(OVERRIDE_BUNDLE_FORMAT, e.to_string())),
        None => {
            return Err(FormatError::Json(
                OVERRIDE_BUNDLE_FORMAT,
                "the document is empty".into(),
            ))
        }
    };
    if stream.byte_offset() != bytes.len() {
        return Err(FormatError::Json(
            OVERRIDE_BUNDLE_FORMAT,
            "trailing bytes after the document".into(),
        ));
    }
    validate_bundle(doc)
}

/// The checks of [`parse_bundle`] for a document built in memory (`bundle seal-override`).
pub fn validate_bundle(doc: OverrideBundle) -> Result<ParsedOverrideBundle, FormatError> {
    if doc.format != OVERRIDE_BUNDLE_FORMAT {
        return Err(FormatError::Format(
            doc.format.chars().take(60).collect(),
            OVERRIDE_BUNDLE_FORMAT,
        ));
    }
    if !crate::envelope::request::is_valid_id(&doc.station_id) {
        return Err(field("station_id", "is not a station id"));
    }
    if doc.sequence > crate::envelope::request::MAX_SEQUENCE {
        return Err(field("sequence", "is out of range"));
    }
    let created_at = crate::envelope::request::utc_field("created_at", &doc.created_at)
        .map_err(|e| field("created_at", e.to_string()))?;
    let expires_at = crate::envelope::request::utc_field("expires_at", &doc.expires_at)
        .map_err(|e| field("expires_at", e.to_string()))?;
    if expires_at <= created_at || expires_at - created_at > crate::envelope::request::MAX_LIFETIME
    {
        return Err(field(
            "expires_at",
            "must be after created_at, by at most 30 days",
        ));
    }
    if doc.override_document.len() > MAX_OVERRIDE_BYTES {
        return Err(field(
            "override_document",
            format!("larger than {MAX_OVERRIDE_BYTES} bytes"),
        ));
    }
    if doc.signatures.is_empty() || doc.signatures.len() > MAX_SIGNATURES {
        return Err(field(
            "signatures",
            format!("must hold 1 to {MAX_SIGNATURES} signatures"),
        ));
    }
    if doc
        .signatures
        .iter()
        .any(|s| s.len() > crate::sig::MAX_SIGNATURE_BYTES)
    {
        return Err(field("signatures", "a signature is too long"));
    }
    let original_request = crate::envelope::request::parse(doc.original_request.as_bytes())
        .map_err(FormatError::Request)?;
    Ok(ParsedOverrideBundle {
        doc,
        created_at,
        expires_at,
        original_request,
    })
}

/// Is the bundle for this station, unexpired and not from the future? The same rules and codes
/// as a request bundle's ([`crate::envelope::request::check_freshness`]).
pub fn check_freshness(
    b: &ParsedOverrideBundle,
    station_id: &str,
    now: OffsetDateTime,
    skew_secs: u64,
) -> Result<(), FreshnessError> {
    if b.doc.station_id != station_id {
        return Err(FreshnessError::WrongStation {
            got: b.doc.station_id.clone(),
            want: station_id.to_string(),
        });
    }
    if now >= b.expires_at {
        return Err(FreshnessError::Expired {
            expires_at: b.doc.expires_at.clone(),
        });
    }
    let skew = time::Duration::seconds(i64::try_from(skew_secs).unwrap_or(i64::MAX));
    if b.created_at > now.saturating_add(skew) {
        return Err(FreshnessError::FromFuture {
            created_at: b.doc.created_at.clone(),
            skew_secs,
        });
    }
    Ok(())
}

/// Why an override does not hold. Each has its own code in the rejection receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefusalCode {
    /// The override document is not a valid `airgap-audit/override/v1` document.
    Malformed,
    /// A signature is unreadable, or does not match the document.
    BadSignature,
    /// A signature is by a key the station does not trust.
    UntrustedSigner,
    /// Two signatures by one key.
    SameKeyTwice,
    /// Two keys of one identity (one person).
    SamePersonTwice,
    /// A signing key has no identity in the trust store, so the station cannot tell people apart.
    SignerWithoutIdentity,
    /// An orchestrator key signed.
    SignerIsOrchestrator,
    /// The person who made the request signed.
    SignerIsRequester,
    /// The document is for another station.
    WrongStation,
    /// The station never judged this request id.
    UnknownRequest,
    /// This verdict was already overruled.
    Replayed,
    /// The verdict already approves.
    NotNeeded,
    /// Bound to another verdict (ledger index).
    OtherVerdict,
    /// Bound to another plan.
    OtherPlan,
    /// The bundle's original request is not the request the verdict judged.
    RequestMismatch,
    /// Past its `expires_at`.
    Expired,
    /// `issued_at` is further ahead than the clock skew.
    NotYetValid,
    /// A finding that may not be overruled.
    NotOverridable,
    /// A named finding is not a blocking finding of the verdict.
    UnknownFinding,
    /// A blocking finding of the verdict is not named.
    Incomplete,
    /// A required role is not filled by a distinct person.
    MissingRole,
}

impl RefusalCode {
    pub const ALL: [RefusalCode; 21] = [
        RefusalCode::Malformed,
        RefusalCode::BadSignature,
        RefusalCode::UntrustedSigner,
        RefusalCode::SameKeyTwice,
        RefusalCode::SamePersonTwice,
        RefusalCode::SignerWithoutIdentity,
        RefusalCode::SignerIsOrchestrator,
        RefusalCode::SignerIsRequester,
        RefusalCode::WrongStation,
        RefusalCode::UnknownRequest,
        RefusalCode::Replayed,
        RefusalCode::NotNeeded,
        RefusalCode::OtherVerdict,
        RefusalCode::OtherPlan,
        RefusalCode::RequestMismatch,
        RefusalCode::Expired,
        RefusalCode::NotYetValid,
        RefusalCode::NotOverridable,
        RefusalCode::UnknownFinding,
        RefusalCode::Incomplete,
        RefusalCode::MissingRole,
    ];

    /// Stable code for the rejection receipt, the ledger and OPERATIONS.md.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::Malformed => "override_malformed",
            RefusalCode::BadSignature => "override_bad_signature",
            RefusalCode::UntrustedSigner => "override_untrusted_signer",
            RefusalCode::SameKeyTwice => "override_same_key_twice",
            RefusalCode::SamePersonTwice => "override_same_person_twice",
            RefusalCode::SignerWithoutIdentity => "override_signer_without_identity",
            RefusalCode::SignerIsOrchestrator => "override_signer_is_orchestrator",
            RefusalCode::SignerIsRequester => "override_signer_is_requester",
            RefusalCode::WrongStation => "override_wrong_station",
            RefusalCode::UnknownRequest => "override_unknown_request",
            RefusalCode::Replayed => "override_replayed",
            RefusalCode::NotNeeded => "override_not_needed",
            RefusalCode::OtherVerdict => "override_other_verdict",
            RefusalCode::OtherPlan => "override_other_plan",
            RefusalCode::RequestMismatch => "override_request_mismatch",
            RefusalCode::Expired => "override_expired",
            RefusalCode::NotYetValid => "override_not_yet_valid",
            RefusalCode::NotOverridable => "override_not_overridable",
            RefusalCode::UnknownFinding => "override_unknown_finding",
            RefusalCode::Incomplete => "override_incomplete",
            RefusalCode::MissingRole => "override_missing_role",
        }
    }
}

/// An override refused: its code and one line saying what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: RefusalCode,
    pub reason: String,
}

fn refuse<T>(code: RefusalCode, reason: String) -> Result<T, Refusal> {
    Err(Refusal { code, reason })
}

/// The verdict the ledger holds for the override's request id.
#[derive(Debug, Clone, Copy)]
pub struct Recorded<'a> {
    pub index: u64,
    pub core: &'a VerdictCore,
}

/// Everything [`judge`] checks an override against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub station_id: &'a str,
    pub now: OffsetDateTime,
    pub clock_skew_secs: u64,
    pub verdict_ttl_secs: u64,
    pub trust: &'a TrustStore,
    pub config: &'a OverrideConfig,
    /// The verdict for the document's request id (`None`: the station never judged it).
    pub verdict: Option<Recorded<'a>>,
    /// Ledger index of an override of this request already recorded (the station refuses a
    /// second one in the same batch itself).
    pub already_overridden: Option<u64>,
    /// SHA-256 of the `.aab` that carried the override.
    pub bundle_sha256: &'a str,
}

/// The findings of a verdict that stop it from approving: vetoes, and approvals still missing.
pub fn blocking_findings(core: &VerdictCore) -> Vec<&Finding> {
    let granted = core.approvals.granted_kinds();
    core.findings
        .iter()
        .filter(|f| match &f.disposition {
            Disposition::Veto => true,
            Disposition::Approval(k) => !granted.contains(k),
            Disposition::Warn => false,
        })
        .collect()
}

/// A cost finding brings the finance role into the override.
fn is_cost_finding(f: &Finding) -> bool {
    f.id == crate::engine::findings::ids::COST_THRESHOLD_APPROVAL
        || f.disposition == Disposition::Approval("finance".into())
}

fn named(f: &OverruledFinding) -> String {
    match &f.resource {
        Some(r) => format!("{} [{}]", f.id, crate::display::sanitize_clipped(r, 120)),
        None => f.id.clone(),
    }
}

/// One authenticated signer.
struct Signer {
    key_id: String,
    identity: String,
    roles: Vec<Role>,
}

/// Authenticates every signature over `document` and applies the one-key-once,
/// one-person-once, never-the-orchestrator rules.
fn signers(
    document: &[u8],
    signatures: &[String],
    trust: &TrustStore,
) -> Result<Vec<Signer>, Refusal> {
    use crate::sig::SigError;
    let mut trusted: Vec<crate::sig::VerifyKey> = Vec::new();
    for (_, k) in trust.entries() {
        if let Ok(vk) = k.verify_key() {
            if !trusted.iter().any(|t| t.key_id == vk.key_id) {
                trusted.push(vk);
            }
        }
    }
    let mut out: Vec<Signer> = Vec::new();
    let mut key_ids = BTreeSet::new();
    for sig in signatures {
        let key_id = crate::sig::signature_key_id(sig.as_bytes()).or_else(|e| {
            refuse(
                RefusalCode::BadSignature,
                format!("an override signature is unreadable ({e}); have the approver sign the document again with 'airgap-audit override sign'"),
            )
        })?;
        // Before verification: a repeated key refuses the whole override, forged or not.
        if !key_ids.insert(key_id.clone()) {
            return refuse(
                RefusalCode::SameKeyTwice,
                format!("key {key_id} signed the override twice; one key counts once, so a second person with their own key must sign"),
            );
        }
        let verified =
            crate::sig::verify_detached(&trusted, document, sig.as_bytes()).map_err(|e| {
                match e {
                    SigError::UntrustedKey(id) => Refusal {
                        code: RefusalCode::UntrustedSigner,
                        reason: format!("the override is signed by key {id}, which the station does not trust; run 'airgap-audit trust add --role ROLE --identity EMAIL' for that approver if expected"),
                    },
                    other => Refusal {
                        code: RefusalCode::BadSignature,
                        reason: format!("an override signature does not verify ({other}); the document was changed after signing, so have every approver sign the final document"),
                    },
                }
            })?;
        let roles = trust.roles_of(&verified.key_id);
        if roles.contains(&Role::Orchestrator) {
            return refuse(
                RefusalCode::SignerIsOrchestrator,
                format!("key {} is an orchestrator key; an orchestrator can never sign an override, only people can", verified.key_id),
            );
        }
        let Some(identity) = trust.identity_of(&verified.key_id) else {
            return refuse(
                RefusalCode::SignerWithoutIdentity,
                format!("key {} has no identity in the trust store, so the station cannot tell whether two signers are two people; re-add it with 'airgap-audit trust add --identity EMAIL'", verified.key_id),
            );
        };
        if let Some(other) = out.iter().find(|s| s.identity == identity) {
            return refuse(
                RefusalCode::SamePersonTwice,
                format!("{identity} signed twice (keys {} and {}); two keys of one person count once, so a second person must sign", other.key_id, verified.key_id),
            );
        }
        out.push(Signer {
            key_id: verified.key_id,
            identity: identity.to_string(),
            roles,
        });
    }
    Ok(out)
}

/// Assigns each required role to a different signer (a small bipartite matching by
/// backtracking: at most [`MAX_SIGNATURES`] signers and a handful of roles). Returns, per
/// signer, the role it fills.
fn assign_roles(required: &[Role], signers: &[Signer]) -> Option<Vec<Option<Role>>> {
    fn go(i: usize, required: &[Role], signers: &[Signer], taken: &mut Vec<Option<Role>>) -> bool {
        let Some(role) = required.get(i) else {
            return true;
        };
        for (s, signer) in signers.iter().enumerate() {
            if taken[s].is_none() && signer.roles.contains(role) {
                taken[s] = Some(*role);
                if go(i + 1, required, signers, taken) {
                    return true;
                }
                taken[s] = None;
            }
        }
        false
    }
    let mut taken = vec![None; signers.len()];
    go(0, required, signers, &mut taken).then_some(taken)
}

/// Decides whether a signed override holds, in this order: the document parses; every signature
/// is by a distinct trusted key of a distinct person who is neither an orchestrator nor the
/// requester; it is for this station and a request this station judged, not yet overruled and
/// not approved; it is bound to that verdict's ledger index and plan; the carried original
/// request is the one judged; it is in its validity window; it names exactly the blocking
/// findings, none of them not overridable; and the signers fill every required role.
/// On success, the new verdict core (decision `approve`, with its `override` block).
pub fn judge(
    document: &[u8],
    signatures: &[String],
    original_request: &ParsedRequest,
    original_request_bytes: &[u8],
    ctx: &Context<'_>,
) -> Result<VerdictCore, Refusal> {
    let doc = OverrideDocument::parse(document).or_else(|e| {
        refuse(
            RefusalCode::Malformed,
            format!("the override document is invalid ({e}); make it with 'airgap-audit override create'"),
        )
    })?;
    let signers = signers(document, signatures, ctx.trust)?;
    if doc.station_id != ctx.station_id {
        return refuse(
            RefusalCode::WrongStation,
            format!(
                "the override is for station {}, not this station {}; send it to the station that judged the request",
                doc.station_id, ctx.station_id
            ),
        );
    }
    let Some(recorded) = ctx.verdict else {
        return refuse(
            RefusalCode::UnknownRequest,
            format!("this station never judged request {}; an override can only overrule a verdict in this station's ledger", doc.request_id),
        );
    };
    let verdict = recorded.core;
    if let Some(index) = ctx.already_overridden {
        return refuse(
            RefusalCode::Replayed,
            format!("the verdict for request {} was already overruled (override in ledger entry {index}); use that override's verdict", doc.request_id),
        );
    }
    if verdict.decision == Decision::Approve {
        return refuse(
            RefusalCode::NotNeeded,
            format!(
                "the verdict for request {} already approves; there is nothing to overrule",
                doc.request_id
            ),
        );
    }
    if doc.verdict_ledger_index != recorded.index {
        return refuse(
            RefusalCode::OtherVerdict,
            format!(
                "the override is bound to ledger entry {}, but request {}'s verdict is entry {}; make the override from that verdict file",
                doc.verdict_ledger_index, doc.request_id, recorded.index
            ),
        );
    }
    if doc.plan_sha256 != verdict.hashes.plan_sha256 {
        return refuse(
            RefusalCode::OtherPlan,
            format!(
                "the override is for plan sha256 {}, but the verdict judged plan {}; an override holds for the judged plan only",
                doc.plan_sha256, verdict.hashes.plan_sha256
            ),
        );
    }
    let request_sha256 = hex::encode(Sha256::digest(original_request_bytes));
    if request_sha256 != verdict.hashes.request_sha256
        || !original_request
            .doc
            .request_id
            .eq_ignore_ascii_case(&doc.request_id)
    {
        return refuse(
            RefusalCode::RequestMismatch,
            format!("the override bundle's original_request (sha256 {request_sha256}) is not the request the verdict judged ({}); seal the exact request document of that request", verdict.hashes.request_sha256),
        );
    }
    // The requester: by the name the request gives, by the key that signed its text, and by
    // that key's identity.
    let requested_by = original_request.doc.request.requested_by.trim();
    let requester_key = verdict.requester_signed_by.as_deref();
    let requester_identity = requester_key.and_then(|k| ctx.trust.identity_of(k));
    for s in &signers {
        if s.identity.eq_ignore_ascii_case(requested_by)
            || Some(s.key_id.as_str()) == requester_key
            || Some(s.identity.as_str()) == requester_identity
        {
            return refuse(
                RefusalCode::SignerIsRequester,
                format!(
                    "{} (key {}) made the request; the requester can never sign an override of it",
                    s.identity, s.key_id
                ),
            );
        }
    }
    let (issued, expires) = doc
        .window()
        .or_else(|e| refuse(RefusalCode::Malformed, e.to_string()))?;
    if ctx.now >= expires {
        return refuse(
            RefusalCode::Expired,
            format!(
                "the override expired at {}; the approvers must sign a new one",
                doc.expires_at
            ),
        );
    }
    let skew = time::Duration::seconds(i64::try_from(ctx.clock_skew_secs).unwrap_or(i64::MAX));
    if issued > ctx.now.saturating_add(skew) {
        return refuse(
            RefusalCode::NotYetValid,
            format!("the override is dated {}, ahead of the station clock by more than the allowed skew; check the clocks", doc.issued_at),
        );
    }
    let blocking = blocking_findings(verdict);
    let never = ctx.config.not_overridable();
    let as_named = |f: &Finding| OverruledFinding {
        id: f.id.clone(),
        resource: f.resource.clone(),
    };
    if let Some(f) = doc
        .findings
        .iter()
        .cloned()
        .chain(blocking.iter().map(|f| as_named(f)))
        .find(|f| never.contains(&f.id))
    {
        return refuse(
            RefusalCode::NotOverridable,
            format!("finding {} may not be overruled by any override (station.toml [override] and the built-in list); the plan must be made again", named(&f)),
        );
    }
    let blocking_named: BTreeSet<OverruledFinding> = blocking.iter().map(|f| as_named(f)).collect();
    if let Some(f) = doc.findings.iter().find(|f| !blocking_named.contains(f)) {
        return refuse(
            RefusalCode::UnknownFinding,
            format!("finding {} is not a blocking finding of the verdict in ledger entry {}; name the findings exactly as the verdict does", named(f), recorded.index),
        );
    }
    let listed: BTreeSet<&OverruledFinding> = doc.findings.iter().collect();
    if let Some(f) = blocking_named.iter().find(|f| !listed.contains(f)) {
        return refuse(
            RefusalCode::Incomplete,
            format!("the override does not name the blocking finding {}; an override must overrule every blocking finding it lets through", named(f)),
        );
    }
    let mut required = ctx.config.required_roles.clone();
    if blocking.iter().any(|f| is_cost_finding(f)) {
        required.extend(ctx.config.cost_roles.iter().copied());
    }
    let Some(assigned) = assign_roles(&required, &signers) else {
        let mut need: BTreeMap<Role, usize> = BTreeMap::new();
        for r in &required {
            *need.entry(*r).or_default() += 1;
        }
        let list: Vec<String> = need
            .iter()
            .map(|(r, n)| {
                if *n == 1 {
                    r.to_string()
                } else {
                    format!("{n} × {r}")
                }
            })
            .collect();
        let have: Vec<String> = signers
            .iter()
            .map(|s| {
                let roles: Vec<&str> = s.roles.iter().map(|r| r.as_str()).collect();
                format!("{} ({})", s.identity, roles.join("|"))
            })
            .collect();
        return refuse(
            RefusalCode::MissingRole,
            format!(
                "an override needs {}, each signed by a different person; signed by {}; have the missing role sign the same document",
                list.join(" + "),
                if have.is_empty() { "nobody".to_string() } else { have.join(", ") }
            ),
        );
    };
    let block = OverrideBlock {
        overrules_ledger_index: recorded.index,
        overruled_decision: verdict.decision,
        document_sha256: hex::encode(Sha256::digest(document)),
        bundle_sha256: ctx.bundle_sha256.to_string(),
        signers: signers
            .iter()
            .zip(assigned)
            .map(|(s, role)| OverrideSigner {
                key_id: s.key_id.clone(),
                identity: s.identity.clone(),
                role: role
                    .or_else(|| s.roles.first().copied())
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        findings_overruled: doc.findings.clone(),
        justification: doc.justification.clone(),
        business_impact: doc.business_impact.clone(),
        alternatives_considered: doc.alternatives_considered.clone(),
        risk_accepted: doc.risk_accepted.clone(),
    };
    let ttl = time::Duration::seconds(i64::try_from(ctx.verdict_ttl_secs).unwrap_or(i64::MAX));
    // The approval lasts no longer than the override that grants it.
    let verdict_expires = ctx.now.saturating_add(ttl).min(expires);
    let mut core = verdict.clone();
    core.decision = Decision::Approve;
    core.required_approvals = Vec::new();
    core.issued_at = canonical::format_utc(ctx.now);
    core.expires_at = canonical::format_utc(verdict_expires);
    core.summary.push(format!(
        "Overruled: this {} was turned into an approval by a two-person override ({}); the findings stand, the signers accepted the risk.",
        verdict.decision,
        block
            .signers
            .iter()
            .map(|s| format!("{} as {}", s.identity, s.role))
            .collect::<Vec<_>>()
            .join(" and ")
    ));
    core.override_block = Some(block);
    Ok(core)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> OverrideDocument {
        let t = canonical::parse_utc("2026-11-26T00:00:00Z").unwrap();
        OverrideDocument::new(
            "st-1",
            "R-1",
            &"ab".repeat(32),
            7,
            Reasons {
                justification: "j",
                business_impact: "b",
                alternatives_considered: "a",
                risk_accepted: "r",
            },
            vec![OverruledFinding {
                id: "scope_creep".into(),
                resource: Some("aws_sqs_queue.x".into()),
            }],
            t,
            t + time::Duration::days(1),
        )
        .unwrap()
    }

    #[test]
    fn document_parse_is_strict_and_canonical() {
        let d = doc();
        let bytes = d.to_bytes();
        assert_eq!(OverrideDocument::parse(&bytes).unwrap(), d);
        let s = String::from_utf8(bytes).unwrap();
        let bad = [
            s.replacen('{', "{ ", 1),
            s.replacen("\"alternatives", "\"extra\":1,\"alternatives", 1),
            s.replacen(OVERRIDE_FORMAT, "airgap-audit/override/v2", 1),
            s.replacen("\"justification\":\"j\"", "\"justification\":\" \"", 1),
            s.replacen("2026-11-27", "2026-12-27", 1),
            s.replacen("2026-11-27", "2026-11-25", 1),
            s.replacen(
                "\"findings\":[",
                "\"findings\":[{\"id\":\"scope_creep\",\"resource\":\"aws_sqs_queue.x\"},",
                1,
            ),
            s.replacen("scope_creep", "Scope Creep", 1),
        ];
        for b in bad {
            assert!(
                OverrideDocument::parse(b.as_bytes()).is_err(),
                "accepted: {b}"
            );
        }
        assert!(OverrideDocument::parse(&vec![b' '; MAX_OVERRIDE_BYTES + 1]).is_err());
    }

    #[test]
    fn every_refusal_code_is_distinct() {
        let codes: BTreeSet<&str> = RefusalCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), RefusalCode::ALL.len());
    }

    #[test]
    fn roles_are_filled_by_distinct_signers() {
        let s = |id: &str, roles: &[Role]| Signer {
            key_id: id.into(),
            identity: id.into(),
            roles: roles.to_vec(),
        };
        // One person holding both roles cannot fill both.
        let both = [s("a", &[Role::Manager, Role::Security])];
        assert!(assign_roles(&[Role::Manager, Role::Security], &both).is_none());
        // The matching finds the assignment a greedy pass would miss.
        let two = [
            s("a", &[Role::Manager, Role::Security]),
            s("b", &[Role::Manager]),
        ];
        assert_eq!(
            assign_roles(&[Role::Manager, Role::Security], &two),
            Some(vec![Some(Role::Security), Some(Role::Manager)])
        );
    }
}
