/*!
The station's acceptance checks on an authenticated request, after the envelope verified and
before the engine runs: meant for this station, fresh (not expired, not dated in the future
beyond the clock skew), not a replay of a request id already judged, and not a sequence rollback.

Pure: the ledger facts the checks need are looked up by the caller and passed in [`State`], so
every rule here is testable without a ledger or a clock.
*/
use time::OffsetDateTime;

use crate::bundle::OpenedBundle;
use crate::request::FreshnessError;

/// Facts about the station and its ledger at the moment this bundle is judged.
#[derive(Debug, Clone)]
pub struct State<'a> {
    pub station_id: &'a str,
    pub now: OffsetDateTime,
    pub clock_skew_secs: u64,
    /// Ledger index of an existing verdict for this request id, if any.
    pub ledger_verdict_for_request: Option<u64>,
    /// An earlier bundle of the current batch already carries this request id.
    pub batch_has_request: bool,
    /// Highest sequence recorded (ledger or current batch) for this orchestrator key.
    pub highest_sequence: Option<u64>,
}

/// Why an authenticated request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Freshness(#[from] FreshnessError),
    #[error("request id {request_id} was already judged (ledger entry {index}); this bundle is a replay — the orchestrator must use a new request id")]
    Replayed { request_id: String, index: u64 },
    #[error("request id {0} appears twice in this inbox; only the first was judged — the orchestrator must use a new request id")]
    ReplayedInBatch(String),
    #[error("sequence {got} from orchestrator key {key} is not above the highest already recorded ({highest}); this is a rollback or a replay — ask the orchestrator for a fresh bundle")]
    SequenceRollback { key: String, got: u64, highest: u64 },
}

impl CheckError {
    /// Stable code for receipts, the ledger and OPERATIONS.md.
    pub fn reason_code(&self) -> &'static str {
        match self {
            CheckError::Freshness(f) => f.reason_code(),
            CheckError::Replayed { .. } | CheckError::ReplayedInBatch(_) => "replayed_request_id",
            CheckError::SequenceRollback { .. } => "sequence_rollback",
        }
    }
}

/// Runs the checks in a fixed order: station id, expiry, future date, replay, rollback.
pub fn check(ob: &OpenedBundle, st: &State<'_>) -> Result<(), CheckError> {
    crate::request::check_freshness(&ob.request, st.station_id, st.now, st.clock_skew_secs)?;
    let doc = &ob.request.doc;
    if let Some(index) = st.ledger_verdict_for_request {
        return Err(CheckError::Replayed {
            request_id: doc.request_id.clone(),
            index,
        });
    }
    if st.batch_has_request {
        return Err(CheckError::ReplayedInBatch(doc.request_id.clone()));
    }
    if let Some(highest) = st.highest_sequence {
        if doc.sequence <= highest {
            return Err(CheckError::SequenceRollback {
                key: ob.orchestrator_key_id.clone(),
                got: doc.sequence,
                highest,
            });
        }
    }
    Ok(())
}
