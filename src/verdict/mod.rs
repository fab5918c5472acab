/*!
Verdicts: the station's signed answer for one request, and the cloud side's check of it.

Owns the verdict format `airgap-audit/verdict/v1` (see `outbox-spec/`): building the
[`VerdictCore`] from an [`engine::Assessment`](crate::engine::Assessment) plus hashes, times and
the approvals report; the [`Verdict`] file (core + `ledger {index, leaf_hash}`) in canonical JSON;
deterministic minisign signing with the station verdict key, whose trusted comment binds request
id, decision, plan digest and ledger index; strict parsing and verification ([`verify_signed`],
[`verify_for_apply`], pure functions taking `now`); and the human-readable `.verdict.txt`
([`render_text`]).

Pure: bytes, typed keys and times in, bytes or a closed error out. Never touches files, the ledger
or the clock. The ledger stores the core (the verdict without `ledger`); the station appends it,
then calls [`sign`] with the index and leaf hash it got back.

Numbers: the verdict holds integers only. The model's confidences and threshold, floats in the
engine, are written as integer per-mille (`confidence_permille`), so the signed bytes never depend
on float formatting or parsing.
*/
pub mod execution_check;
pub mod override_doc;
pub mod receipt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::canonical;
use crate::engine::advisor::IntentLabel;
use crate::engine::{Assessment, ChangeScope, Decision, Disposition, Finding};
use crate::envelope::approval::{is_sha256_hex, ApprovalsReport};
use crate::sig::document::{sign_document, verify_document, AuthError, SignError, SignedDocument};
use crate::sig::SigError;

pub const VERDICT_FORMAT: &str = "airgap-audit/verdict/v1";
/// Largest verdict file accepted by the verifier.
pub const MAX_VERDICT_BYTES: usize = 8 * 1024 * 1024;
/// Untrusted comment of every verdict signature (not covered by the signature).
pub const VERDICT_UNTRUSTED_COMMENT: &str = "airgap-audit station verdict signature";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerdictError {
    #[error("request id {0:?} is not usable in a file name and trusted comment (1-128 of A-Z a-z 0-9 . _ -, not starting with '.')")]
    RequestId(String),
    #[error("station id {0:?} is empty, too long or has whitespace/control characters")]
    StationId(String),
    #[error("{0} is not a SHA-256 hex digest")]
    Digest(&'static str),
    #[error("model reported a non-finite confidence or threshold")]
    NonFinite,
    #[error("verdict lifetime is out of range")]
    Ttl,
    #[error("canonical encoding failed: {0}")]
    Canonical(#[from] canonical::CanonicalError),
    #[error("signing failed: {0}")]
    Sign(SigError),
}

/// Hashes binding the verdict to its inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hashes {
    /// SHA-256 of the `.aab` file as read from the inbox.
    pub bundle_sha256: String,
    /// SHA-256 of the decompressed request document.
    pub request_sha256: String,
    /// SHA-256 of the exact plan file bytes (`terraform show -json` output).
    pub plan_sha256: String,
    pub policy_sha256: String,
    /// SHA-256 of the GGUF model file, when the model stage ran.
    pub model_sha256: Option<String>,
}

/// The hashes the caller knows (policy and model come from the assessment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputHashes {
    pub bundle_sha256: String,
    pub request_sha256: String,
    pub plan_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelInfo {
    pub model_sha256: String,
    pub prompt_version: String,
    pub grammar_version: String,
    pub sampling: String,
    pub concern_threshold_permille: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    pub address: String,
    pub label: IntentLabel,
    pub confidence_permille: u32,
}

/// The model stage as recorded in a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictModel {
    /// `on`, `off` or `failed`.
    pub status: String,
    pub info: Option<ModelInfo>,
    pub judgements: Vec<Judgement>,
    pub note: Option<String>,
}

/// Where the verdict's core sits in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerRef {
    pub index: u64,
    /// Hex RFC 9162 leaf hash of the ledger entry.
    pub leaf_hash: String,
}

impl LedgerRef {
    /// Checked before a document that carries this position is signed.
    pub fn check(&self) -> Result<(), VerdictError> {
        if !is_sha256_hex(&self.leaf_hash) {
            return Err(VerdictError::Digest("leaf_hash"));
        }
        Ok(())
    }
}

/// The verdict without its ledger position: what the ledger stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictCore {
    pub format: String,
    pub request_id: String,
    pub station_id: String,
    pub decision: Decision,
    /// Sorted approval kinds still missing (non-empty only for `escalate`).
    pub required_approvals: Vec<String>,
    pub findings: Vec<Finding>,
    pub approvals: ApprovalsReport,
    pub scope: Vec<ChangeScope>,
    pub model: VerdictModel,
    /// Plain-language summary, one paragraph per entry.
    pub summary: Vec<String>,
    pub hashes: Hashes,
    pub issued_at: String,
    pub expires_at: String,
    /// Key id of the requester key (trusted for `requester`) whose signature over the exact
    /// request text verified: these are the requester's own words, unedited by the
    /// orchestrator. Omitted when the request text was not signed by its requester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_signed_by: Option<String>,
    /// Present only on a verdict made by a two-person override (`<id>.override.verdict.json`):
    /// who overruled which findings of which verdict, and why. Omitted otherwise, so every other
    /// verdict keeps its exact bytes.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_block: Option<OverrideBlock>,
}

/// A finding named by an override: its id and resource address exactly as the verdict has them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverruledFinding {
    pub id: String,
    pub resource: Option<String>,
}

/// One person who signed an override, and the required role they filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideSigner {
    /// Minisign key id (16 upper-case hex digits).
    pub key_id: String,
    /// The identity the station's trust store records for the key.
    pub identity: String,
    pub role: String,
}

/// The `override` block of a verdict approved by a two-person override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideBlock {
    /// Ledger index of the verdict this one overrules.
    pub overrules_ledger_index: u64,
    /// That verdict's decision (`veto` or `escalate`).
    pub overruled_decision: Decision,
    /// SHA-256 of the override document exactly as its approvers signed it.
    pub document_sha256: String,
    /// SHA-256 of the `.aab` that carried it to the station.
    pub bundle_sha256: String,
    pub signers: Vec<OverrideSigner>,
    pub findings_overruled: Vec<OverruledFinding>,
    pub justification: String,
    pub business_impact: String,
    pub alternatives_considered: String,
    pub risk_accepted: String,
}

/// What [`VerdictCore::build`] needs.
#[derive(Debug, Clone)]
pub struct VerdictInputs<'a> {
    pub request_id: &'a str,
    pub station_id: &'a str,
    pub assessment: &'a Assessment,
    pub approvals: ApprovalsReport,
    pub hashes: InputHashes,
    pub issued_at: OffsetDateTime,
    /// Verdict lifetime (`verdict_ttl_secs` of `station.toml`).
    pub ttl_secs: u64,
}

/// Request ids name outbox files (possibly on FAT/exFAT sticks) and appear in trusted comments.
pub fn is_safe_request_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn is_station_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn permille(x: f64) -> Result<u32, VerdictError> {
    if !x.is_finite() {
        return Err(VerdictError::NonFinite);
    }
    // Clamped to 0..=1000 first, so the cast cannot truncate.
    Ok((x.clamp(0.0, 1.0) * 1000.0).round() as u32)
}

impl VerdictCore {
    /// Builds the core from the engine's assessment. Deterministic: same inputs, same core.
    pub fn build(inp: VerdictInputs<'_>) -> Result<VerdictCore, VerdictError> {
        if !is_safe_request_id(inp.request_id) {
            return Err(VerdictError::RequestId(
                inp.request_id.chars().take(60).collect(),
            ));
        }
        if !is_station_id(inp.station_id) {
            return Err(VerdictError::StationId(
                inp.station_id.chars().take(60).collect(),
            ));
        }
        let a = inp.assessment;
        for (name, d) in [
            ("bundle_sha256", &inp.hashes.bundle_sha256),
            ("request_sha256", &inp.hashes.request_sha256),
            ("plan_sha256", &inp.hashes.plan_sha256),
            ("policy_sha256", &a.policy_sha256),
        ] {
            if !is_sha256_hex(d) {
                return Err(VerdictError::Digest(name));
            }
        }
        let info = match &a.model.info {
            Some(i) => Some(ModelInfo {
                model_sha256: i.model_sha256.clone(),
                prompt_version: i.prompt_version.clone(),
                grammar_version: i.grammar_version.clone(),
                sampling: i.sampling.clone(),
                concern_threshold_permille: permille(i.concern_threshold)?,
            }),
            None => None,
        };
        let judgements = a
            .model
            .judgements
            .iter()
            .map(|j| {
                Ok(Judgement {
                    address: j.address.clone(),
                    label: j.label,
                    confidence_permille: permille(j.confidence)?,
                })
            })
            .collect::<Result<Vec<_>, VerdictError>>()?;
        let ttl = i64::try_from(inp.ttl_secs).map_err(|_| VerdictError::Ttl)?;
        let expires = inp
            .issued_at
            .checked_add(time::Duration::seconds(ttl))
            .ok_or(VerdictError::Ttl)?;
        // Only the model stage knows whether a model file was used; record it only then.
        let model_sha256 = if a.model.status == "on" {
            info.as_ref().map(|i| i.model_sha256.clone())
        } else {
            None
        };
        let needed: std::collections::BTreeSet<String> = a
            .findings
            .iter()
            .filter_map(|f| match &f.disposition {
                Disposition::Approval(k) => Some(k.clone()),
                _ => None,
            })
            .collect();
        let mut approvals = inp.approvals;
        approvals.set_aside_unused(&needed);
        Ok(VerdictCore {
            format: VERDICT_FORMAT.to_string(),
            request_id: inp.request_id.to_string(),
            station_id: inp.station_id.to_string(),
            decision: a.decision,
            required_approvals: a.required_approvals.clone(),
            findings: a.findings.clone(),
            approvals,
            scope: a.scope.clone(),
            model: VerdictModel {
                status: a.model.status.clone(),
                info,
                judgements,
                note: a.model.note.clone(),
            },
            summary: a.summary.lines.clone(),
            hashes: Hashes {
                bundle_sha256: inp.hashes.bundle_sha256,
                request_sha256: inp.hashes.request_sha256,
                plan_sha256: inp.hashes.plan_sha256,
                policy_sha256: a.policy_sha256.clone(),
                model_sha256,
            },
            issued_at: canonical::format_utc(inp.issued_at),
            expires_at: canonical::format_utc(expires),
            requester_signed_by: None,
            override_block: None,
        })
    }

    /// Canonical bytes of the core (what a ledger entry body holds).
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    /// The core as a JSON value, for the ledger entry body.
    pub fn to_value(&self) -> Result<serde_json::Value, VerdictError> {
        core_to_value(self)
    }

    /// Reads a core back from a ledger entry body (to re-emit a verdict).
    pub fn from_value(v: &serde_json::Value) -> Result<VerdictCore, VerifyError> {
        core_from_value(v)
    }
}

/// A verdict file: the core plus its ledger position.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub core: VerdictCore,
    pub ledger: LedgerRef,
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_placed(&self.core, &self.ledger, s)
    }
}

impl Verdict {
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    /// The trusted comment that binds this verdict's key facts.
    pub fn trusted_comment(&self) -> String {
        let base = trusted_comment(
            &self.core.request_id,
            self.core.decision,
            &self.core.hashes.plan_sha256,
            self.ledger.index,
            &self.core.expires_at,
        );
        // `minisign -V` alone then shows that an approval came from an override, and of what.
        match &self.core.override_block {
            Some(o) => format!("{base} override_of={}", o.overrules_ledger_index),
            None => base,
        }
    }

    /// Parses a verdict file strictly: size cap, canonical JSON, every field known, and the
    /// typed value must re-encode to exactly the same bytes.
    pub fn parse(bytes: &[u8]) -> Result<Verdict, VerifyError> {
        let (value, ledger) = split_ledger(bytes, MAX_VERDICT_BYTES)?;
        let core = VerdictCore::deserialize(&value).map_err(|e| {
            // A future format would fail on fields first; name the version instead.
            match value.get("format").and_then(|f| f.as_str()) {
                Some(f) if f != VERDICT_FORMAT => VerifyError::Malformed(format!(
                    "format {:?} is not {VERDICT_FORMAT:?}; use a matching airgap-audit version",
                    f.chars().take(60).collect::<String>()
                )),
                _ => VerifyError::Malformed(e.to_string()),
            }
        })?;
        check_format(&core.format, VERDICT_FORMAT)?;
        let v = Verdict { core, ledger };
        if v.canonical_bytes().ok().as_deref() != Some(bytes) {
            return Err(VerifyError::Malformed(
                "fields do not round-trip (unknown nested field or non-canonical value)".into(),
            ));
        }
        Ok(v)
    }
}

/// The strict first read every station document file shares: canonical JSON under the size cap,
/// an object whose `ledger` member is a [`LedgerRef`]; the rest is the document's core.
pub(crate) fn split_ledger(
    bytes: &[u8],
    max_bytes: usize,
) -> Result<(serde_json::Value, LedgerRef), VerifyError> {
    let mut value = canonical::parse_canonical(bytes, max_bytes)
        .map_err(|e| VerifyError::Malformed(e.to_string()))?;
    let obj = value
        .as_object_mut()
        .ok_or_else(|| VerifyError::Malformed("not a JSON object".into()))?;
    let ledger = obj
        .shift_remove("ledger")
        .ok_or_else(|| VerifyError::Malformed("missing field `ledger`".into()))?;
    let ledger =
        LedgerRef::deserialize(&ledger).map_err(|e| VerifyError::Malformed(e.to_string()))?;
    Ok((value, ledger))
}

/// A document file's JSON: its core's fields, then `ledger` (its position in the ledger).
pub(crate) fn serialize_placed<S: serde::Serializer, C: Serialize>(
    core: &C,
    ledger: &LedgerRef,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Wire<'a, C> {
        #[serde(flatten)]
        core: &'a C,
        ledger: &'a LedgerRef,
    }
    Wire { core, ledger }.serialize(s)
}

/// A document's `format` must be the one this version writes.
pub(crate) fn check_format(found: &str, want: &str) -> Result<(), VerifyError> {
    if found != want {
        return Err(VerifyError::Malformed(format!(
            "format {:?} is not {want:?}",
            found.chars().take(60).collect::<String>()
        )));
    }
    Ok(())
}

/// A document core as the JSON value a ledger entry body holds: its canonical encoding, read back.
pub(crate) fn core_to_value<T: Serialize>(core: &T) -> Result<serde_json::Value, VerdictError> {
    let bytes = canonical::to_vec(core)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| VerdictError::Canonical(canonical::CanonicalError::Json(e.to_string())))
}

/// A document core read back from a ledger entry body.
pub(crate) fn core_from_value<T: serde::de::DeserializeOwned>(
    v: &serde_json::Value,
) -> Result<T, VerifyError> {
    T::deserialize(v).map_err(|e| VerifyError::Malformed(e.to_string()))
}

impl SignedDocument for Verdict {
    const UNTRUSTED_COMMENT: &'static str = VERDICT_UNTRUSTED_COMMENT;
    const MAX_BYTES: usize = MAX_VERDICT_BYTES;
    type Error = VerifyError;
    // `Verdict::x` names the inherent function (inherent items come first), not this one.
    fn trusted_comment(&self) -> String {
        Verdict::trusted_comment(self)
    }
    fn parse(bytes: &[u8]) -> Result<Self, VerifyError> {
        Verdict::parse(bytes)
    }
}

impl From<SignError> for VerdictError {
    fn from(e: SignError) -> Self {
        match e {
            SignError::Canonical(e) => VerdictError::Canonical(e),
            SignError::Sign(e) => VerdictError::Sign(e),
        }
    }
}

impl From<AuthError> for VerifyError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::TooLarge(max) => VerifyError::Malformed(format!("larger than {max} bytes")),
            AuthError::SignatureUnreadable(e) => VerifyError::SignatureUnreadable(e),
            AuthError::WrongKey { got, want } => VerifyError::WrongKey { got, want },
            AuthError::BadSignature => VerifyError::BadSignature,
            AuthError::BadCommentSignature => VerifyError::BadCommentSignature,
            AuthError::CommentMismatch { expected, got } => {
                VerifyError::CommentMismatch { expected, got }
            }
        }
    }
}

/// `airgap-audit verdict request_id=R decision=D plan_sha256=H ledger_index=N expires_at=T`.
/// `expires_at` is in it so that stock `minisign -V` alone shows (and proves) until when an
/// approval holds, not only what it approves.
pub fn trusted_comment(
    request_id: &str,
    decision: Decision,
    plan_sha256: &str,
    index: u64,
    expires_at: &str,
) -> String {
    format!(
        "airgap-audit verdict request_id={request_id} decision={decision} plan_sha256={plan_sha256} ledger_index={index} expires_at={expires_at}"
    )
}

/// A signed verdict ready for the outbox: the three files' contents.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedVerdict {
    pub verdict: Verdict,
    /// `<request_id>.verdict.json`
    pub json: Vec<u8>,
    /// `<request_id>.verdict.json.minisig`
    pub minisig: String,
    /// `<request_id>.verdict.txt`
    pub text: String,
}

/// Adds the ledger position and signs. Deterministic: re-signing a core from the ledger with the
/// same key, index and leaf hash gives byte-identical files.
pub fn sign(
    core: VerdictCore,
    ledger: LedgerRef,
    key: &minisign::SecretKey,
) -> Result<SignedVerdict, VerdictError> {
    ledger.check()?;
    let verdict = Verdict { core, ledger };
    let (json, minisig) = sign_document(&verdict, key)?;
    let text = render_text(&verdict);
    Ok(SignedVerdict {
        verdict,
        json,
        minisig,
        text,
    })
}

/// Why a verdict does not allow `terraform apply`. Each message is one line: what, then what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error(
        "signature file is unreadable: {0}; use the .minisig the station wrote beside the verdict"
    )]
    SignatureUnreadable(SigError),
    #[error("verdict is signed by key {got}, not by the station key {want}; check --station-key")]
    WrongKey { got: String, want: String },
    #[error("signature does not match the verdict file (altered or swapped); do not apply, get the original verdict from the station")]
    BadSignature,
    #[error("trusted comment was altered after signing; do not apply, get the original verdict from the station")]
    BadCommentSignature,
    #[error("verdict file is malformed: {0}")]
    Malformed(String),
    #[error("trusted comment {got:?} does not match the verdict body (expected {expected:?}); do not apply")]
    CommentMismatch { expected: String, got: String },
    #[error("verdict is for plan sha256 {verdict}, but this plan is {actual}; the plan changed since it was audited, submit the new plan")]
    PlanMismatch { verdict: String, actual: String },
    #[error("{}", not_approved_message(*.decision, .required))]
    NotApproved {
        decision: Decision,
        required: Vec<String>,
    },
    #[error("verdict expired at {0}; submit the plan to the station again")]
    Expired(String),
    #[error("verdict issued at {0} is in the future by more than the allowed clock skew; check this machine's clock")]
    NotYetValid(String),
}

impl VerifyError {
    /// A stable code per kind of refusal, for programs (`verify-verdict --format json`, documented
    /// in docs/schemas/verify-verdict.schema.json).
    pub fn reason_code(&self) -> &'static str {
        match self {
            VerifyError::SignatureUnreadable(_) => "signature_unreadable",
            VerifyError::WrongKey { .. } => "wrong_key",
            VerifyError::BadSignature => "bad_signature",
            VerifyError::BadCommentSignature => "comment_altered",
            VerifyError::Malformed(_) => "malformed",
            VerifyError::CommentMismatch { .. } => "comment_mismatch",
            VerifyError::PlanMismatch { .. } => "plan_mismatch",
            VerifyError::NotApproved {
                decision: Decision::Veto,
                ..
            } => "vetoed",
            VerifyError::NotApproved { .. } => "escalated",
            VerifyError::Expired(_) => "expired",
            VerifyError::NotYetValid(_) => "not_yet_valid",
        }
    }

    /// Whether the refusal came after the signature held: the verdict is the station's own,
    /// refused for its plan, decision or time, so what it says may be shown.
    pub fn signature_held(&self) -> bool {
        match self {
            VerifyError::PlanMismatch { .. }
            | VerifyError::NotApproved { .. }
            | VerifyError::Expired(_)
            | VerifyError::NotYetValid(_) => true,
            VerifyError::SignatureUnreadable(_)
            | VerifyError::WrongKey { .. }
            | VerifyError::BadSignature
            | VerifyError::BadCommentSignature
            | VerifyError::Malformed(_)
            | VerifyError::CommentMismatch { .. } => false,
        }
    }

    /// Every code [`VerifyError::reason_code`] can return.
    pub const REASON_CODES: &'static [&'static str] = &[
        "signature_unreadable",
        "wrong_key",
        "bad_signature",
        "comment_altered",
        "malformed",
        "comment_mismatch",
        "plan_mismatch",
        "vetoed",
        "escalated",
        "expired",
        "not_yet_valid",
    ];
}

fn not_approved_message(decision: Decision, required: &[String]) -> String {
    match decision {
        Decision::Escalate => format!(
            "verdict decision is escalate: missing approvals {}; sign them with 'airgap-audit approval sign' and resubmit",
            if required.is_empty() { "(none listed)".to_string() } else { required.join(", ") }
        ),
        Decision::Veto => "verdict decision is veto: the plan is blocked; read the .verdict.txt, change the plan and resubmit".to_string(),
        Decision::Approve => "verdict decision is approve".to_string(),
    }
}

/// Authenticates a verdict: signature by `station_key` over the exact bytes, strict parse, and a
/// trusted comment that matches the body. Says nothing about plan, decision or time.
pub fn verify_signed(
    json: &[u8],
    minisig_text: &[u8],
    station_key: &minisign::PublicKey,
) -> Result<Verdict, VerifyError> {
    verify_document(json, minisig_text, station_key)
}

/// The cloud side's gate: [`verify_signed`], then the plan digest, decision `approve`, and the
/// validity window at `now` (issued no more than `clock_skew_secs` in the future, not expired).
pub fn verify_for_apply(
    json: &[u8],
    minisig_text: &[u8],
    station_key: &minisign::PublicKey,
    plan_sha256: &str,
    now: OffsetDateTime,
    clock_skew_secs: u64,
) -> Result<Verdict, VerifyError> {
    let v = verify_signed(json, minisig_text, station_key)?;
    if v.core.hashes.plan_sha256 != plan_sha256 {
        return Err(VerifyError::PlanMismatch {
            verdict: v.core.hashes.plan_sha256.clone(),
            actual: plan_sha256.to_string(),
        });
    }
    if v.core.decision != Decision::Approve {
        return Err(VerifyError::NotApproved {
            decision: v.core.decision,
            required: v.core.required_approvals.clone(),
        });
    }
    let issued = canonical::parse_utc(&v.core.issued_at)
        .map_err(|e| VerifyError::Malformed(format!("issued_at: {e}")))?;
    let expires = canonical::parse_utc(&v.core.expires_at)
        .map_err(|e| VerifyError::Malformed(format!("expires_at: {e}")))?;
    if now >= expires {
        return Err(VerifyError::Expired(v.core.expires_at.clone()));
    }
    let skew = time::Duration::seconds(i64::try_from(clock_skew_secs).unwrap_or(i64::MAX));
    if issued > now.saturating_add(skew) {
        return Err(VerifyError::NotYetValid(v.core.issued_at.clone()));
    }
    Ok(v)
}

/// `verify-verdict --format json` (docs/schemas/verify-verdict.schema.json): whether the verdict
/// `json` lets the plan with `plan_sha256` be applied (`result`, from [`verify_for_apply`]), the
/// reason code of a refusal, and what the verdict says when it is authentic.
pub fn apply_check_json(
    result: &Result<Verdict, VerifyError>,
    json: &[u8],
    plan_sha256: &str,
) -> serde_json::Value {
    use serde_json::json;
    // The verdict's own fields are shown only when its signature is good: a refusal for plan,
    // decision or time is about an authentic document; anything earlier is not.
    let authentic = match result {
        Ok(v) => Some(v.clone()),
        Err(e) if e.signature_held() => Verdict::parse(json).ok(),
        Err(_) => None,
    };
    let verdict = authentic.map(|v| {
        json!({
            "request_id": v.core.request_id,
            "decision": v.core.decision,
            "required_approvals": v.core.required_approvals,
            "plan_sha256": v.core.hashes.plan_sha256,
            "issued_at": v.core.issued_at,
            "expires_at": v.core.expires_at,
            "ledger_index": v.ledger.index,
        })
    });
    json!({
        "format": crate::report::formats::VERIFY_VERDICT,
        "valid": result.is_ok(),
        "reason": result.as_ref().err().map(|e| e.reason_code()),
        "message": result.as_ref().err().map(|e| clean(&e.to_string())),
        "plan_sha256": plan_sha256,
        "verdict": verdict,
    })
}

/// Untrusted text (addresses, messages, approver names) on one line without control or bidi
/// characters, so a plan cannot move the cursor, forge lines or reorder text for the reader.
fn clean(s: &str) -> String {
    crate::display::sanitize(s)
}

/// The `.verdict.txt`: the [`crate::report`] wording (what was asked, what the plan does and
/// why each change is fine or not, what to do), then the technical details only a verdict has.
pub fn render_text(v: &Verdict) -> String {
    use std::fmt::Write as _;
    let c = &v.core;
    let granted = c.approvals.granted_kinds();
    let opinions: Vec<crate::report::text::Opinion> = if c.model.status == "on" {
        c.model
            .judgements
            .iter()
            .map(|j| crate::report::text::Opinion {
                address: &j.address,
                label: j.label,
                confidence_permille: j.confidence_permille,
            })
            .collect()
    } else {
        Vec::new()
    };
    let report = crate::report::text::build(&crate::report::text::ReportInput {
        decision: c.decision,
        findings: &c.findings,
        scope: &c.scope,
        summary: &c.summary,
        granted: &granted,
        opinions: &opinions,
        valid_until: Some(&c.expires_at),
        requester_signed_by: c.requester_signed_by.as_deref(),
    });
    let mut t = String::new();
    // An override approves a plan the audit blocked: say so first, and who decided, before the
    // audit's own account (whose ❌ items are what the override overruled).
    if let Some(o) = &c.override_block {
        let _ = writeln!(
            t,
            "APPROVED BY TWO-PERSON OVERRIDE: the audit's {} (ledger entry {}) was overruled by people, not by the audit.",
            o.overruled_decision, o.overrules_ledger_index
        );
        let signers: Vec<String> = o
            .signers
            .iter()
            .map(|s| format!("{} ({}, key {})", clean(&s.identity), s.role, s.key_id))
            .collect();
        let _ = writeln!(t, "  Signed by: {}", signers.join(" and "));
        let overruled: Vec<String> = o
            .findings_overruled
            .iter()
            .map(|f| match &f.resource {
                Some(r) => format!("{} at {}", f.id, clean(r)),
                None => f.id.clone(),
            })
            .collect();
        let _ = writeln!(t, "  Overruled: {}", overruled.join("; "));
        for (title, text) in [
            ("Justification", &o.justification),
            ("Business impact", &o.business_impact),
            ("Alternatives considered", &o.alternatives_considered),
            ("Risk accepted", &o.risk_accepted),
        ] {
            let _ = writeln!(t, "  {title}: {}", clean(text));
        }
        let _ = writeln!(
            t,
            "\nThe audit's own account, as it stood before the override:\n"
        );
    }
    t.push_str(&report.plain);
    let _ = writeln!(t, "\nTECHNICAL DETAILS");
    let _ = writeln!(t, "Request id   {}", clean(&c.request_id));
    let _ = writeln!(t, "Decision     {}", c.decision);
    let _ = writeln!(t, "Station      {}", clean(&c.station_id));
    let _ = writeln!(t, "Issued       {}", c.issued_at);
    let _ = writeln!(t, "Valid until  {}", c.expires_at);
    let _ = writeln!(t, "Plan sha256  {}", c.hashes.plan_sha256);
    let _ = writeln!(
        t,
        "Ledger       entry {} (leaf {})",
        v.ledger.index, v.ledger.leaf_hash
    );
    if let Some(o) = &c.override_block {
        let _ = writeln!(
            t,
            "Override     document sha256 {}, bundle sha256 {}",
            o.document_sha256, o.bundle_sha256
        );
    }
    t.push_str(&report.technical);

    if !c.approvals.counted.is_empty()
        || !c.approvals.ignored.is_empty()
        || !c.approvals.unused.is_empty()
    {
        let _ = writeln!(t, "Approvals:");
        for a in &c.approvals.counted {
            let _ = writeln!(
                t,
                "  counted: {} by {} (key {}, role {})",
                clean(&a.kind),
                clean(&a.approver),
                a.key_id,
                a.role
            );
        }
        for a in &c.approvals.unused {
            let _ = writeln!(
                t,
                "  valid but not needed: {} by {} (key {}, role {}): no finding asked for it",
                clean(&a.kind),
                clean(&a.approver),
                a.key_id,
                a.role
            );
        }
        for a in &c.approvals.ignored {
            let _ = writeln!(
                t,
                "  NOT counted: {} by {}: {}",
                clean(&a.kind),
                clean(&a.approver),
                clean(&a.reason)
            );
        }
    }

    match &c.model.info {
        Some(i) => {
            let _ = writeln!(
                t,
                "Local model: {} (model sha256 {}, prompt {}, grammar {}, {}; concerns at {}% confidence)",
                clean(&c.model.status),
                clean(&i.model_sha256),
                clean(&i.prompt_version),
                clean(&i.grammar_version),
                clean(&i.sampling),
                (i.concern_threshold_permille + 5) / 10
            );
        }
        None => {
            let _ = writeln!(t, "Local model: {}", clean(&c.model.status));
        }
    }
    if let Some(n) = &c.model.note {
        let _ = writeln!(t, "  note: {}", clean(n));
    }

    // The commands behind "what to do" (change tickets travel in the request, not as a signature).
    match c.decision {
        Decision::Approve => {
            let _ = writeln!(
                t,
                "Apply with: scripts/terraform-apply-guarded.sh --station-key verdict.pub --verdict {}.{}.json PLANFILE",
                clean(&c.request_id),
                if c.override_block.is_some() {
                    "override.verdict"
                } else {
                    "verdict"
                }
            );
        }
        Decision::Escalate | Decision::Veto => {
            let signed: Vec<String> =
                crate::engine::findings::approvals_still_needed(&c.findings, &granted)
                    .into_iter()
                    .filter(|k| k != "change_ticket")
                    .collect();
            if !signed.is_empty() {
                let _ = writeln!(t, "Sign each approval for exactly this plan with:");
                for kind in &signed {
                    let _ = writeln!(
                        t,
                        "  airgap-audit approval sign --kind {} --plan plan.json --key APPROVER.key --approver NAME --out {}.json",
                        clean(kind),
                        clean(kind)
                    );
                }
            }
        }
    }
    t
}
