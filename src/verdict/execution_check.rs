/*!
Execution-check documents: the station's signed answer to an execution report, and the cloud
side's check of it (`verify-execution`).

Owns the format `airgap-audit/execution-check/v1` (see `outbox-spec/`): the [`ExecutionCore`]
(what the ledger stores: request id, MATCH or DEVIATION, every discrepancy, the verdict it was
checked against, the hashes of what it depended on) and the file (core + `ledger {index,
leaf_hash}`) in canonical JSON, signed deterministically with the station verdict key like a
verdict; the trusted comment binds request id, result, discrepancy count and ledger index. Also
the `.execution.txt` for people and the `ALERT-<id>.txt` written on a deviation.

Pure: bytes, typed keys and times in, bytes or a closed error out. The comparison itself is the
engine's ([`crate::engine::execution`]).
*/
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::canonical;
use crate::engine::execution::{Comparison, Discrepancy, ExecutionResult, Severity};
use crate::envelope::approval::is_sha256_hex;
use crate::sig::document::{sign_document, verify_document, SignedDocument};
use crate::verdict::{
    check_format, core_from_value, core_to_value, is_safe_request_id, serialize_placed,
    split_ledger, LedgerRef, VerdictError, VerifyError,
};

pub const EXECUTION_FORMAT: &str = "airgap-audit/execution-check/v1";
/// Largest execution-check file accepted by the verifier.
pub const MAX_EXECUTION_BYTES: usize = 8 * 1024 * 1024;
pub const EXECUTION_UNTRUSTED_COMMENT: &str = "airgap-audit station execution check signature";
/// Longest address and detail kept in a discrepancy (longer ones are cut, never refused).
const MAX_TEXT: usize = 1000;

/// The verdict an execution report was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRef {
    /// Ledger index of the verdict for the request id; `None` when there is none.
    pub verdict_ledger_index: Option<u64>,
    /// That verdict's decision (`approve`, `escalate`, `veto`); `None` when there is no verdict.
    pub decision: Option<String>,
}

/// Hashes binding the check to what it depended on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutionHashes {
    /// SHA-256 of the execution report `.aab` file.
    pub bundle_sha256: String,
    /// SHA-256 of the decompressed report document.
    pub report_sha256: String,
    /// SHA-256 of the post-apply state bytes (`terraform show -json`).
    pub state_sha256: String,
    /// SHA-256 of the approved plan (the verdict's), kept in the station's plan store; `None`
    /// when there was no approval.
    pub plan_sha256: Option<String>,
    /// SHA-256 of the policy set the state policies ran under.
    pub policy_sha256: String,
}

/// The document without its ledger position: what the ledger stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutionCore {
    pub format: String,
    pub request_id: String,
    pub station_id: String,
    pub result: ExecutionResult,
    /// Sorted: critical first, then by address.
    pub discrepancies: Vec<Discrepancy>,
    /// Discrepancies found beyond those listed.
    pub omitted: u64,
    /// Managed resource instances the approved plan changed.
    pub planned_changes: u64,
    /// Managed resource instances in the state after apply.
    pub state_resources: u64,
    pub approval: ApprovalRef,
    pub hashes: ExecutionHashes,
    pub issued_at: String,
}

/// What [`ExecutionCore::build`] needs.
pub struct ExecutionInputs<'a> {
    pub request_id: &'a str,
    pub station_id: &'a str,
    pub comparison: &'a Comparison,
    pub approval: ApprovalRef,
    pub hashes: ExecutionHashes,
    pub issued_at: OffsetDateTime,
}

impl ExecutionCore {
    pub fn build(inp: ExecutionInputs<'_>) -> Result<ExecutionCore, VerdictError> {
        if !is_safe_request_id(inp.request_id) {
            return Err(VerdictError::RequestId(
                inp.request_id.chars().take(60).collect(),
            ));
        }
        if inp.station_id.is_empty()
            || inp
                .station_id
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(VerdictError::StationId(
                inp.station_id.chars().take(60).collect(),
            ));
        }
        let h = &inp.hashes;
        for (name, d) in [
            ("bundle_sha256", Some(&h.bundle_sha256)),
            ("report_sha256", Some(&h.report_sha256)),
            ("state_sha256", Some(&h.state_sha256)),
            ("plan_sha256", h.plan_sha256.as_ref()),
            ("policy_sha256", Some(&h.policy_sha256)),
        ] {
            if d.is_some_and(|d| !is_sha256_hex(d)) {
                return Err(VerdictError::Digest(name));
            }
        }
        // Addresses and details come from the plan and the state: one line, bounded.
        let discrepancies = inp
            .comparison
            .discrepancies
            .iter()
            .map(|d| Discrepancy {
                severity: d.severity,
                kind: d.kind,
                address: d
                    .address
                    .as_deref()
                    .map(|a| crate::display::sanitize_clipped(a, MAX_TEXT)),
                detail: crate::display::sanitize_clipped(&d.detail, MAX_TEXT),
            })
            .collect();
        Ok(ExecutionCore {
            format: EXECUTION_FORMAT.to_string(),
            request_id: inp.request_id.to_string(),
            station_id: inp.station_id.to_string(),
            result: inp.comparison.result,
            discrepancies,
            omitted: inp.comparison.omitted,
            planned_changes: inp.comparison.planned_changes,
            state_resources: inp.comparison.state_resources,
            approval: inp.approval,
            hashes: inp.hashes,
            issued_at: canonical::format_utc(inp.issued_at),
        })
    }

    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    /// The core as a JSON value, for the ledger entry body.
    pub fn to_value(&self) -> Result<serde_json::Value, VerdictError> {
        core_to_value(self)
    }

    pub fn from_value(v: &serde_json::Value) -> Result<ExecutionCore, VerifyError> {
        core_from_value(v)
    }

    /// Number of discrepancies, listed and omitted.
    pub fn total_discrepancies(&self) -> u64 {
        self.discrepancies.len() as u64 + self.omitted
    }

    /// True when some listed discrepancy is critical.
    pub fn critical(&self) -> bool {
        self.discrepancies
            .iter()
            .any(|d| d.severity == Severity::Critical)
    }
}

/// An execution-check file: core + ledger position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionCheck {
    pub core: ExecutionCore,
    pub ledger: LedgerRef,
}

impl Serialize for ExecutionCheck {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_placed(&self.core, &self.ledger, s)
    }
}

/// `airgap-audit execution-check request_id=R result=match|deviation discrepancies=N ledger_index=I`
pub fn trusted_comment(request_id: &str, result: ExecutionResult, n: u64, index: u64) -> String {
    format!(
        "airgap-audit execution-check request_id={request_id} result={} discrepancies={n} ledger_index={index}",
        result.as_str()
    )
}

impl ExecutionCheck {
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, VerdictError> {
        Ok(canonical::to_vec(self)?)
    }

    pub fn trusted_comment(&self) -> String {
        trusted_comment(
            &self.core.request_id,
            self.core.result,
            self.core.total_discrepancies(),
            self.ledger.index,
        )
    }

    /// Strict parse: canonical JSON, known fields only, exact re-encoding, a result consistent
    /// with the discrepancies.
    pub fn parse(bytes: &[u8]) -> Result<ExecutionCheck, VerifyError> {
        let (value, ledger) = split_ledger(bytes, MAX_EXECUTION_BYTES)?;
        let core = ExecutionCore::deserialize(&value)
            .map_err(|e| VerifyError::Malformed(e.to_string()))?;
        check_format(&core.format, EXECUTION_FORMAT)?;
        let deviates = core.total_discrepancies() > 0;
        if deviates != (core.result == ExecutionResult::Deviation) {
            return Err(VerifyError::Malformed(
                "result does not agree with the discrepancies listed".into(),
            ));
        }
        let c = ExecutionCheck { core, ledger };
        if c.canonical_bytes().ok().as_deref() != Some(bytes) {
            return Err(VerifyError::Malformed("fields do not round-trip".into()));
        }
        Ok(c)
    }
}

impl SignedDocument for ExecutionCheck {
    const UNTRUSTED_COMMENT: &'static str = EXECUTION_UNTRUSTED_COMMENT;
    const MAX_BYTES: usize = MAX_EXECUTION_BYTES;
    type Error = VerifyError;
    // `ExecutionCheck::x` names the inherent function (inherent items come first), not this one.
    fn trusted_comment(&self) -> String {
        ExecutionCheck::trusted_comment(self)
    }
    fn parse(bytes: &[u8]) -> Result<Self, VerifyError> {
        ExecutionCheck::parse(bytes)
    }
}

/// A signed execution check: `<request_id>.execution.json`, its `.minisig` and `.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedExecution {
    pub check: ExecutionCheck,
    pub json: Vec<u8>,
    pub minisig: String,
    pub text: String,
}

/// Adds the ledger position and signs deterministically.
pub fn sign(
    core: ExecutionCore,
    ledger: LedgerRef,
    key: &minisign::SecretKey,
) -> Result<SignedExecution, VerdictError> {
    ledger.check()?;
    let check = ExecutionCheck { core, ledger };
    let (json, minisig) = sign_document(&check, key)?;
    let text = render_text(&check);
    Ok(SignedExecution {
        check,
        json,
        minisig,
        text,
    })
}

/// Authenticates an execution check: signature by the station key over the exact bytes, strict
/// parse, and a trusted comment that matches the body. Says nothing about the result.
pub fn verify(
    json: &[u8],
    minisig_text: &[u8],
    station_key: &minisign::PublicKey,
) -> Result<ExecutionCheck, VerifyError> {
    verify_document(json, minisig_text, station_key)
}

fn clean(s: &str) -> String {
    crate::display::sanitize(s)
}

/// One line per discrepancy: `CRITICAL unplanned_resource [address]: detail`.
fn discrepancy_lines(c: &ExecutionCore, t: &mut String) {
    use std::fmt::Write as _;
    for d in &c.discrepancies {
        let at = d
            .address
            .as_deref()
            .map(|a| format!(" [{}]", clean(a)))
            .unwrap_or_default();
        let _ = writeln!(
            t,
            "  - {} {}{at}: {}",
            d.severity.as_str().to_ascii_uppercase(),
            d.kind.as_str(),
            clean(&d.detail)
        );
    }
    if c.omitted > 0 {
        let _ = writeln!(t, "  - and {} more not listed", c.omitted);
    }
}

/// The `.execution.txt`: what was found and what to do.
pub fn render_text(v: &ExecutionCheck) -> String {
    use std::fmt::Write as _;
    let c = &v.core;
    let mut t = String::new();
    let headline = match c.result {
        ExecutionResult::Match => "MATCH — the infrastructure is what was approved",
        ExecutionResult::Deviation => {
            "DEVIATION — the infrastructure differs from what was approved"
        }
    };
    let _ = writeln!(t, "airgap-audit execution check: {headline}");
    let _ = writeln!(t);
    let _ = writeln!(t, "Request      {}", clean(&c.request_id));
    let _ = writeln!(t, "Station      {}", clean(&c.station_id));
    let _ = writeln!(t, "Issued       {}", c.issued_at);
    match (&c.approval.verdict_ledger_index, &c.approval.decision) {
        (Some(i), Some(d)) => {
            let _ = writeln!(t, "Verdict      ledger entry {i}, decision {}", clean(d));
        }
        _ => {
            let _ = writeln!(t, "Verdict      none: this request was never judged");
        }
    }
    if let Some(p) = &c.hashes.plan_sha256 {
        let _ = writeln!(t, "Plan sha256  {p}");
    }
    let _ = writeln!(t, "State sha256 {}", c.hashes.state_sha256);
    let _ = writeln!(
        t,
        "Ledger       entry {} (leaf {})",
        v.ledger.index, v.ledger.leaf_hash
    );
    let _ = writeln!(
        t,
        "Compared     {} planned changes, {} resources in the state",
        c.planned_changes, c.state_resources
    );
    if c.result == ExecutionResult::Deviation {
        let _ = writeln!(t, "\nDISCREPANCIES ({})", c.total_discrepancies());
        discrepancy_lines(c, &mut t);
        let _ = writeln!(t, "\nWHAT TO DO");
        let _ = writeln!(
            t,
            "  Treat the infrastructure as unapproved until someone has looked. See OPERATIONS.md\n  \"Execution deviation\": compare each resource above with the approved plan (kept by\n  the station under plans/), then fix the infrastructure or submit a new plan."
        );
    }
    t
}

/// The `ALERT-<request_id>.txt` written beside a deviation: short, first thing an operator sees.
pub fn render_alert(v: &ExecutionCheck) -> String {
    use std::fmt::Write as _;
    let c = &v.core;
    let mut t = String::new();
    let level = if c.critical() { "CRITICAL" } else { "HIGH" };
    let _ = writeln!(
        t,
        "ALERT ({level}): execution deviation for request {} (ledger entry {})",
        clean(&c.request_id),
        v.ledger.index
    );
    let _ = writeln!(
        t,
        "What was applied is not what the station approved. {} discrepanc{}:",
        c.total_discrepancies(),
        if c.total_discrepancies() == 1 {
            "y"
        } else {
            "ies"
        }
    );
    discrepancy_lines(c, &mut t);
    let _ = writeln!(
        t,
        "Details: {}.execution.txt; what to do: OPERATIONS.md \"Execution deviation\".",
        clean(&c.request_id)
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::execution::DiscrepancyKind;

    fn core(discrepancies: Vec<Discrepancy>) -> ExecutionCore {
        let comparison = Comparison {
            result: if discrepancies.is_empty() {
                ExecutionResult::Match
            } else {
                ExecutionResult::Deviation
            },
            discrepancies,
            omitted: 0,
            planned_changes: 2,
            state_resources: 2,
        };
        ExecutionCore::build(ExecutionInputs {
            request_id: "R-1",
            station_id: "st-1",
            comparison: &comparison,
            approval: ApprovalRef {
                verdict_ledger_index: Some(3),
                decision: Some("approve".into()),
            },
            hashes: ExecutionHashes {
                bundle_sha256: "ab".repeat(32),
                report_sha256: "cd".repeat(32),
                state_sha256: "ef".repeat(32),
                plan_sha256: Some("01".repeat(32)),
                policy_sha256: "23".repeat(32),
            },
            issued_at: canonical::parse_utc("2026-11-26T10:00:00Z").unwrap(),
        })
        .unwrap()
    }

    #[test]
    fn signed_check_verifies_and_every_mutation_is_refused() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let c = core(vec![Discrepancy {
            severity: Severity::Critical,
            kind: DiscrepancyKind::UnplannedResource,
            address: Some("terraform_data.x\u{1b}[2J".into()),
            detail: "extra".into(),
        }]);
        assert_eq!(
            c.discrepancies[0].address.as_deref(),
            Some("terraform_data.x\u{FFFD}[2J")
        );
        let ledger = LedgerRef {
            index: 9,
            leaf_hash: "77".repeat(32),
        };
        let s = sign(c.clone(), ledger.clone(), &kp.sk).unwrap();
        assert_eq!(
            s,
            sign(c, ledger, &kp.sk).unwrap(),
            "signing is deterministic"
        );
        let v = verify(&s.json, s.minisig.as_bytes(), &kp.pk).unwrap();
        assert_eq!(v.core.result, ExecutionResult::Deviation);
        assert!(render_alert(&v).starts_with("ALERT (CRITICAL)"));
        let mut flipped = s.json.clone();
        flipped[30] ^= 1;
        assert!(verify(&flipped, s.minisig.as_bytes(), &kp.pk).is_err());
        let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        assert!(matches!(
            verify(&s.json, s.minisig.as_bytes(), &other.pk),
            Err(VerifyError::WrongKey { .. })
        ));
        // A MATCH claimed over listed discrepancies is refused even when signed.
        let text = String::from_utf8(s.json.clone()).unwrap();
        let forged = text.replace("\"result\":\"deviation\"", "\"result\":\"match\"");
        assert!(matches!(
            ExecutionCheck::parse(forged.as_bytes()),
            Err(VerifyError::Malformed(_))
        ));
    }
}
