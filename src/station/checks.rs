/*!
The station's acceptance checks on an authenticated request, after the envelope verified and
before the engine runs: meant for this station, fresh (not expired, not dated in the future
beyond the clock skew), not a replay of a request id already judged, and not a sequence rollback.

Pure: the ledger facts the checks need are looked up by the caller and passed in [`State`], so
every rule here is testable without a ledger or a clock.
*/
use time::OffsetDateTime;

use crate::envelope::bundle::OpenedBundle;
use crate::envelope::request::FreshnessError;

/// Facts about the station and its ledger at the moment this bundle is judged.
#[derive(Debug, Clone)]
pub struct State<'a> {
    pub station_id: &'a str,
    pub now: OffsetDateTime,
    pub clock_skew_secs: u64,
    /// Ledger index of an existing verdict for this request id, if any.
    /// The ledger index and recorded request id of a verdict for this request id (compared
    /// ignoring ASCII case: the ids name the same file on a FAT stick).
    pub ledger_verdict_for_request: Option<(u64, String)>,
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
    #[error("request id {request_id} was already judged (ledger entry {index}{}); this bundle is a replay — the orchestrator must use a new request id", same_file_note(request_id, recorded))]
    Replayed {
        request_id: String,
        index: u64,
        recorded: String,
    },
    #[error("request id {0} appears twice in this inbox (ids differing only in case count as one); only the first was judged — the orchestrator must use a new request id")]
    ReplayedInBatch(String),
    #[error("sequence {got} from orchestrator key {key} is not above the highest already recorded ({highest}); this is a rollback or a replay — ask the orchestrator for a fresh bundle")]
    SequenceRollback { key: String, got: u64, highest: u64 },
    #[error("the request text is not signed by its requester, and this station requires it (require_requester_signature); have the requester sign the exact text with their own key")]
    RequesterSignatureMissing,
    #[error("the requester's signature over the request text {0}; the text may have been edited after the requester wrote it — have the requester sign the exact text again")]
    BadRequesterSignature(String),
}

/// Says why an id that differs from the recorded one is still the same request id.
fn same_file_note(request_id: &str, recorded: &str) -> String {
    if request_id == recorded {
        String::new()
    } else {
        format!(", as {recorded}: ids differing only in case name the same outbox file")
    }
}

impl CheckError {
    /// Stable code for receipts, the ledger and OPERATIONS.md.
    pub fn reason_code(&self) -> &'static str {
        match self {
            CheckError::Freshness(f) => f.reason_code(),
            CheckError::Replayed { .. } | CheckError::ReplayedInBatch(_) => "replayed_request_id",
            CheckError::SequenceRollback { .. } => "sequence_rollback",
            CheckError::RequesterSignatureMissing => "requester_signature_missing",
            CheckError::BadRequesterSignature(_) => "bad_requester_signature",
        }
    }
}

/// Runs the checks in a fixed order: station id, expiry, future date, replay, rollback.
pub fn check(ob: &OpenedBundle, st: &State<'_>) -> Result<(), CheckError> {
    crate::envelope::request::check_freshness(
        &ob.request,
        st.station_id,
        st.now,
        st.clock_skew_secs,
    )?;
    let doc = &ob.request.doc;
    if let Some((index, recorded)) = &st.ledger_verdict_for_request {
        return Err(CheckError::Replayed {
            request_id: doc.request_id.clone(),
            index: *index,
            recorded: recorded.clone(),
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

/// The requester's signature over the exact request text, when present, checked against the
/// keys trusted for `requester` (DESIGN.md: the orchestrator cannot edit the user's words
/// undetected when the requester signs them). `Ok(Some(key id))` for a good signature,
/// `Ok(None)` for none (unless `require` is set). `other_roles` names the roles a key id is
/// trusted for otherwise, so a finance key is reported as such rather than as unknown.
pub fn check_requester(
    ob: &OpenedBundle,
    requesters: &[crate::sig::VerifyKey],
    require: bool,
    other_roles: &dyn Fn(&str) -> Vec<String>,
) -> Result<Option<String>, CheckError> {
    use crate::sig::SigError;
    let Some(result) = ob.request.verify_requester(requesters) else {
        return if require {
            Err(CheckError::RequesterSignatureMissing)
        } else {
            Ok(None)
        };
    };
    match result {
        Ok(v) => Ok(Some(v.key_id)),
        Err(SigError::Malformed(m)) => Err(CheckError::BadRequesterSignature(format!(
            "is not a minisign signature ({})",
            crate::display::sanitize_clipped(m, 120)
        ))),
        Err(
            e @ (SigError::TooLarge
            | SigError::WrongKey { .. }
            | SigError::BadComment
            | SigError::EncryptedKey
            | SigError::BadKey(_)),
        ) => Err(CheckError::BadRequesterSignature(format!(
            "is not a minisign signature ({e})"
        ))),
        Err(SigError::Legacy) => Err(CheckError::BadRequesterSignature(
            "uses the legacy non-hashed minisign format".into(),
        )),
        Err(SigError::UntrustedKey(id)) => {
            let roles = other_roles(&id);
            Err(CheckError::BadRequesterSignature(if roles.is_empty() {
                format!("is by key {id}, which the station does not trust")
            } else {
                format!(
                    "is by key {id}, which is trusted as {}, not as requester",
                    roles.join(" and ")
                )
            }))
        }
        Err(SigError::BadSignature(id) | SigError::BadCommentSignature(id)) => Err(
            CheckError::BadRequesterSignature(format!("by key {id} does not match the text")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn opened(station: &str, sequence: u64) -> OpenedBundle {
        let plan = b"{}".to_vec();
        let doc = crate::envelope::request::RequestDocument::new(
            "R-1",
            station,
            sequence,
            datetime!(2026-11-26 10:00 UTC),
            datetime!(2026-11-27 10:00 UTC),
            crate::envelope::request::RequestBody {
                text: "Create a queue".into(),
                requested_by: "dana".into(),
                change_ticket: None,
                requester_signature: None,
            },
            &plan,
        );
        OpenedBundle {
            bundle_sha256: "00".repeat(32),
            orchestrator_key_id: "ABCDEF0123456789".into(),
            signature_trusted_comment: String::new(),
            request_sha256: "11".repeat(32),
            request_bytes: Vec::new(),
            request: crate::envelope::request::validate(doc).unwrap(),
        }
    }

    fn state(now: OffsetDateTime) -> State<'static> {
        State {
            station_id: "st-1",
            now,
            clock_skew_secs: 300,
            ledger_verdict_for_request: None,
            batch_has_request: false,
            highest_sequence: None,
        }
    }

    #[test]
    fn each_rule_has_its_code_and_a_fresh_request_passes() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let ob = opened("st-1", 5);
        assert_eq!(check(&ob, &state(now)), Ok(()));
        let code = |ob: &OpenedBundle, st: &State<'_>| check(ob, st).unwrap_err().reason_code();
        assert_eq!(code(&opened("st-2", 5), &state(now)), "wrong_station");
        assert_eq!(code(&ob, &state(datetime!(2026-11-28 0:00 UTC))), "expired");
        assert_eq!(
            code(&ob, &state(datetime!(2026-11-26 9:50 UTC))),
            "from_future"
        );
        // Within the skew is fine.
        assert_eq!(check(&ob, &state(datetime!(2026-11-26 9:56 UTC))), Ok(()));
        let mut st = state(now);
        st.ledger_verdict_for_request = Some((7, "R-1".into()));
        assert_eq!(code(&ob, &st), "replayed_request_id");
        let mut st = state(now);
        st.batch_has_request = true;
        assert_eq!(code(&ob, &st), "replayed_request_id");
        for highest in [5, 6] {
            let mut st = state(now);
            st.highest_sequence = Some(highest);
            assert_eq!(code(&ob, &st), "sequence_rollback");
        }
        let mut st = state(now);
        st.highest_sequence = Some(4);
        assert_eq!(check(&ob, &st), Ok(()));
    }
}
