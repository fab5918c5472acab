//! `process --format json` (docs/schemas/process.schema.json): one document per run with every
//! inbox entry's outcome and the run's totals, so a pipeline reads results without parsing the
//! lines meant for the operator. Outside strings (file names, request ids, reasons) are kept as
//! they are: JSON escapes them, and no terminal shows them raw.
use serde_json::{json, Value};

use super::report::{Outcome, Report, Summary};

/// The document for one run.
pub fn document(mount: &str, reports: &[Report], summary: &Summary) -> Value {
    json!({
        "format": crate::report::formats::PROCESS,
        "mount": mount,
        "exit_code": summary.exit_code(),
        "entries": reports.iter().map(entry).collect::<Vec<_>>(),
        "summary": {
            "bundles": summary.bundles(),
            "approve": summary.approve,
            "escalate": summary.escalate,
            "veto": summary.veto,
            "rejected": summary.rejected,
            "execution_match": summary.execution_match,
            "execution_deviation": summary.execution_deviation,
            "alerts": summary.alerts,
            "skipped": summary.skipped,
            "duplicates": summary.duplicates,
            "already_processed": summary.already,
            "reemitted": summary.reemitted,
            "mac_metadata_ignored": summary.mac_metadata,
            "ledger_size": summary.ledger_size,
        },
    })
}

fn entry(r: &Report) -> Value {
    match &r.outcome {
        Outcome::Verdict {
            request_id,
            decision,
            findings,
            ledger_index,
            already,
            reemitted,
            by_override,
        } => json!({
            "file": r.file,
            "outcome": "verdict",
            "request_id": request_id,
            "decision": decision,
            "by_override": by_override,
            "findings": findings,
            "ledger_index": ledger_index,
            "already_processed": already,
            "reemitted": reemitted,
        }),
        Outcome::Rejected {
            reason_code,
            reason,
            ledger_index,
            already,
            reemitted,
        } => json!({
            "file": r.file,
            "outcome": "rejected",
            "reason_code": reason_code,
            "reason": reason,
            "ledger_index": ledger_index,
            "already_processed": already,
            "reemitted": reemitted,
        }),
        Outcome::Execution {
            request_id,
            result,
            discrepancies,
            critical,
            ledger_index,
            already,
            reemitted,
        } => json!({
            "file": r.file,
            "outcome": "execution_check",
            "request_id": request_id,
            "result": result,
            "discrepancies": discrepancies,
            "critical": critical,
            "ledger_index": ledger_index,
            "already_processed": already,
            "reemitted": reemitted,
        }),
        Outcome::Skipped { reason } => json!({
            "file": r.file,
            "outcome": "skipped",
            "reason": reason,
        }),
        Outcome::Duplicate { of } => json!({
            "file": r.file,
            "outcome": "duplicate",
            "of": of,
        }),
    }
}
