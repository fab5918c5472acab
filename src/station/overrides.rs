/*!
The station's hook for two-person overrides: an override bundle (the request bundle's envelope
around an `airgap-audit/override-bundle/v1` document) is checked like a request bundle (station,
expiry, clock skew, orchestrator sequence), then [`crate::verdict::override_doc::judge`] decides with the
verdict the ledger holds for its request id. The result is queued like a verdict: an `override`
ledger entry whose body is the new verdict core (written as `<id>.override.verdict.json` after
the commit), or a rejection whose receipt carries the refusal's own code.

Owns only the ledger look-ups and the queueing; every rule is in `override_doc`.
*/

use crate::envelope::bundle::Envelope;
use crate::ledger::{EntryKind, LedgerError, NewEntry};
use crate::stick::inbox::Candidate;
use crate::verdict::override_doc::{
    self, FormatError, OverrideDocument, ParsedOverrideBundle, Recorded, RefusalCode,
};
use crate::verdict::VerdictCore;

use super::batch::{BatchState, SlotKind};
use super::checks::CheckError;
use super::emit::Document;
use super::{Station, StationError};

impl Station {
    /// Judges one authenticated override bundle (its envelope and its document's parse, both
    /// from [`super::scan::Opening::Override`]) up to (not including) the ledger append.
    pub(super) fn judge_override(
        &mut self,
        c: &Candidate,
        sha: &str,
        env: &Envelope,
        parsed: Result<Box<ParsedOverrideBundle>, FormatError>,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                let reason = format!("the override bundle is invalid ({e}); seal it with 'airgap-audit bundle seal-override'");
                return self.reject(c, sha, "bad_override_bundle", &reason, batch);
            }
        };
        let config = &self.s.config;
        if let Err(e) =
            override_doc::check_freshness(&parsed, &config.station_id, now, config.clock_skew_secs)
        {
            return self.reject(c, sha, e.reason_code(), &e.to_string(), batch);
        }
        let key = env.orchestrator_key_id.clone();
        let highest = self
            .s
            .ledger
            .max_sequence(&key)?
            .max(batch.max_sequence.get(&key).copied());
        if let Some(highest) = highest {
            if parsed.doc.sequence <= highest {
                let e = CheckError::SequenceRollback {
                    key,
                    got: parsed.doc.sequence,
                    highest,
                };
                return self.reject(c, sha, e.reason_code(), &e.to_string(), batch);
            }
        }
        let document = parsed.doc.override_document.as_bytes();
        // The request id only to look the verdict up; `judge` parses (and refuses) for real.
        let request_id = OverrideDocument::parse(document)
            .map(|d| d.request_id)
            .unwrap_or_default();
        let entry = if request_id.is_empty() {
            None
        } else {
            self.s.ledger.find_verdict_for_request_id(&request_id)?
        };
        let core = match &entry {
            Some(e) => Some(VerdictCore::from_value(&e.recorded.body).map_err(|err| {
                StationError::Sign(format!(
                    "ledger entry {} does not hold a readable verdict ({err}); run 'airgap-audit ledger verify'",
                    e.index
                ))
            })?),
            None => None,
        };
        let mut already = None;
        if let Some(e) = &entry {
            if batch
                .overridden
                .contains(&e.recorded.subject.to_ascii_lowercase())
            {
                let reason = format!("another override bundle in this inbox already overrules request {}; only the first counts", e.recorded.subject);
                return self.reject(c, sha, RefusalCode::Replayed.as_str(), &reason, batch);
            }
            already = self
                .s
                .ledger
                .find_by_subject(EntryKind::Override, &e.recorded.subject)?
                .map(|o| o.index);
        }
        let ctx = override_doc::Context {
            station_id: &config.station_id,
            now,
            clock_skew_secs: config.clock_skew_secs,
            verdict_ttl_secs: config.verdict_ttl_secs,
            trust: &self.s.trust,
            config: &config.overrides,
            verdict: match (&entry, &core) {
                (Some(e), Some(core)) => Some(Recorded {
                    index: e.index,
                    core,
                }),
                _ => None,
            },
            already_overridden: already,
            bundle_sha256: sha,
        };
        let judged = override_doc::judge(
            document,
            &parsed.doc.signatures,
            &parsed.original_request,
            parsed.doc.original_request.as_bytes(),
            &ctx,
        );
        let core = match judged {
            Ok(core) => core,
            Err(r) => {
                return self.reject(c, sha, r.code.as_str(), &r.reason, batch);
            }
        };
        let (Some(recorded), Ok(body)) = (entry, core.to_value()) else {
            let reason = "the station cannot write the override's verdict; ask the orchestrator to check the override bundle";
            return self.reject(c, sha, "verdict_unbuildable", reason, batch);
        };
        let new = NewEntry {
            kind: EntryKind::Override,
            subject: recorded.recorded.subject.clone(),
            bundle_sha256: Some(sha.to_string()),
            orchestrator_key: Some(env.orchestrator_key_id.clone()),
            sequence: Some(parsed.doc.sequence),
            decision: Some(core.decision.as_str().to_string()),
            created_at: crate::canonical::format_utc(now),
            body,
        };
        if let Err(e) = new.check_recordable() {
            let why = match e {
                LedgerError::InvalidEntry(why) => why,
                other => other.to_string(),
            };
            let reason = format!("the station cannot record this override in its ledger ({why}); ask the orchestrator to check the override bundle");
            return self.reject(c, sha, "verdict_unbuildable", &reason, batch);
        }
        batch
            .overridden
            .insert(recorded.recorded.subject.to_ascii_lowercase());
        let m = batch
            .max_sequence
            .entry(env.orchestrator_key_id.clone())
            .or_insert(parsed.doc.sequence);
        *m = (*m).max(parsed.doc.sequence);
        Ok(batch.queue(&c.name, sha, new, Document::Override(Box::new(core))))
    }
}
