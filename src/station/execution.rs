/*!
Checking one execution report (the state after apply) against the verdict in force for its
request and the approved plan kept by [`crate::home::plan_store`], up to the ledger append.
*/
use std::collections::BTreeSet;

use super::batch::{BatchState, SlotKind};
use super::emit::Document;
use super::{checks, emit, Station, StationError};
use crate::engine;
use crate::envelope::bundle;
use crate::ledger::{EntryKind, NewEntry};
use crate::stick::inbox::Candidate;

impl Station {
    /// The execution check of one authenticated report, up to (not including) the ledger append:
    /// the request's admission rules (station, window, sequence), one check per request id, then
    /// the verdict lookup and the engine's comparison with the stored approved plan.
    pub(super) fn judge_report(
        &self,
        c: &Candidate,
        sha: &str,
        r: &bundle::OpenedReport,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let doc = &r.report.doc;
        let refuse = |code: &str, why: String, batch: &mut BatchState| {
            self.reject(c, sha, code, &why, batch)
        };
        if let Err(e) = crate::envelope::execution_report::check_freshness(
            &r.report,
            &self.s.config.station_id,
            now,
            self.s.config.clock_skew_secs,
        ) {
            return refuse(e.reason_code(), e.to_string(), batch);
        }
        let id_lower = doc.request_id.to_ascii_lowercase();
        if let Some(e) = self
            .s
            .ledger
            .find_for_request_id(EntryKind::ExecutionCheck, &doc.request_id)?
        {
            return refuse(
                "replayed_execution_report",
                format!("request id {} already has an execution check (ledger entry {}); this bundle is a replay — one report per applied request", doc.request_id, e.index), batch,
            );
        }
        if batch.report_ids.contains(&id_lower) {
            return refuse(
                "replayed_execution_report",
                format!("request id {} has two execution reports in this inbox; only the first was checked", doc.request_id), batch,
            );
        }
        let prior_max = self.s.ledger.max_sequence(&r.orchestrator_key_id)?;
        if let Some(highest) =
            prior_max.max(batch.max_sequence.get(&r.orchestrator_key_id).copied())
        {
            if doc.sequence <= highest {
                let e = checks::CheckError::SequenceRollback {
                    key: r.orchestrator_key_id.clone(),
                    got: doc.sequence,
                    highest,
                };
                return refuse(e.reason_code(), e.to_string(), batch);
            }
        }
        let cfg = &self.s.policy.config;
        let state = match crate::canonical::find_duplicate_key(&r.report.state_bytes) {
            Some(key) => Err(format!(
                "the state has the key {:?} twice in one object; send exactly what 'terraform show -json' writes",
                crate::display::sanitize_clipped(&key, 80)
            )),
            None => engine::execution::parse_state(&r.report.state_bytes, cfg)
                .map_err(|e| e.to_string()),
        };
        let state = match state {
            Ok(s) => s,
            Err(why) => return refuse("bad_state_document", why, batch),
        };
        // The verdict in force: a two-person override's approval when there is one (it names
        // the same plan as the verdict it overruled), else the audit's own verdict.
        let verdict = match self
            .s
            .ledger
            .find_for_request_id(EntryKind::Override, &doc.request_id)?
        {
            Some(o) => Some(o),
            None => self.s.ledger.find_verdict_for_request_id(&doc.request_id)?,
        };
        let decision = verdict.as_ref().and_then(|v| v.recorded.decision.clone());
        let mut plan_sha256 = None;
        let comparison = match &verdict {
            None => engine::execution::not_approved(
                format!("the station never judged request {}: nothing was approved, yet a state after apply was reported", doc.request_id),
                Some(&state),
            ),
            Some(v) if v.recorded.decision.as_deref() != Some("approve") => engine::execution::not_approved(
                format!(
                    "the verdict for request {} (ledger entry {}) is {}, not approve: the plan was applied without approval",
                    doc.request_id,
                    v.index,
                    v.recorded.decision.as_deref().unwrap_or("unknown")
                ),
                Some(&state),
            ),
            Some(v) => {
                let core = crate::verdict::VerdictCore::from_value(&v.recorded.body)
                    .map_err(|e| emit::bad_entry(v.index, e))?;
                let plan_sha = core.hashes.plan_sha256.clone();
                let plan_bytes = match crate::home::plan_store::load(
                    self.home.root(),
                    &plan_sha,
                    self.s.config.limits.max_request_bytes,
                ) {
                    Ok(b) => b,
                    Err(e) => {
                        return refuse(
                            "approved_plan_unavailable",
                            format!("the station cannot check this report: {e}"), batch,
                        )
                    }
                };
                let plan = engine::plan::parse(&plan_bytes, cfg);
                let prior = engine::execution::prior_addresses(&plan_bytes);
                let (plan, prior) = match (plan, prior) {
                    (Ok(p), Ok(a)) => (p, a),
                    (Err(e), _) => {
                        return refuse("approved_plan_unavailable", format!("the approved plan {plan_sha} no longer loads under the current policy ({e}); check the policy's [plan] limits"), batch)
                    }
                    (_, Err(e)) => {
                        return refuse("approved_plan_unavailable", format!("the approved plan {plan_sha} has an unreadable prior_state ({e})"), batch)
                    }
                };
                let accepted: BTreeSet<(String, String)> = core
                    .findings
                    .iter()
                    .filter(|f| matches!(f.disposition, engine::Disposition::Approval(_)))
                    .filter_map(|f| f.resource.clone().map(|a| (f.id.clone(), a)))
                    .collect();
                plan_sha256 = Some(plan_sha);
                engine::execution::compare(&engine::execution::ExecutionInput {
                    plan: &plan,
                    prior: &prior,
                    state: &state,
                    policy: &self.s.policy,
                    accepted: &accepted,
                })
            }
        };
        let built = crate::verdict::execution_check::ExecutionCore::build(
            crate::verdict::execution_check::ExecutionInputs {
                request_id: &doc.request_id,
                station_id: &self.s.config.station_id,
                comparison: &comparison,
                approval: crate::verdict::execution_check::ApprovalRef {
                    verdict_ledger_index: verdict.as_ref().map(|v| v.index),
                    decision,
                },
                hashes: crate::verdict::execution_check::ExecutionHashes {
                    bundle_sha256: sha.to_string(),
                    report_sha256: r.report_sha256.clone(),
                    state_sha256: doc.state_sha256.clone(),
                    plan_sha256,
                    policy_sha256: self.s.policy.sha256.clone(),
                },
                issued_at: now,
            },
        )
        .and_then(|core| core.to_value().map(|body| (core, body)));
        let (core, body) = match built {
            Ok(b) => b,
            Err(e) => {
                return refuse(
                    "execution_check_unbuildable",
                    format!("the station cannot write an execution check for this report ({e}); ask the orchestrator to check the report"), batch,
                )
            }
        };
        let entry = NewEntry {
            kind: EntryKind::ExecutionCheck,
            subject: doc.request_id.clone(),
            bundle_sha256: Some(sha.to_string()),
            orchestrator_key: Some(r.orchestrator_key_id.clone()),
            sequence: Some(doc.sequence),
            decision: Some(comparison.result.as_str().to_string()),
            created_at: crate::canonical::format_utc(now),
            body,
        };
        if let Err(e) = entry.check_recordable() {
            return refuse(
                "execution_check_unbuildable",
                format!("the station cannot record this report in its ledger ({e}); ask the orchestrator to check the report"), batch,
            );
        }
        batch.report_ids.insert(id_lower);
        let m = batch
            .max_sequence
            .entry(r.orchestrator_key_id.clone())
            .or_insert(doc.sequence);
        *m = (*m).max(doc.sequence);
        Ok(batch.queue(
            &c.name,
            sha,
            entry,
            Document::ExecutionCheck(Box::new(core)),
        ))
    }
}
