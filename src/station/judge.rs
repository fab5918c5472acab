/*!
Judging one request bundle, up to (not including) the ledger append: recorded already?, the
opening the scan kept (or read and open it now), admission checks, approvals, the engine, and
the verdict entry queued in the batch; or its rejection.
*/
use time::OffsetDateTime;

use super::batch::{BatchState, RunState, SlotKind};
use super::emit::Document;
use super::report::Outcome;
use super::scan::Opening;
use super::{checks, emit, Station, StationError};
use crate::engine::advisor::IntentAdvisor;
use crate::engine::{self, Assessment, EngineInput};
use crate::envelope::bundle::Limits;
use crate::envelope::bundle::{self, BundleError, OpenedBundle};
use crate::fault;
use crate::ledger::{EntryKind, LedgerError, NewEntry};
use crate::stick::inbox::{self, Candidate, RawBundle, ReadError};

impl Station {
    /// Runs the pipeline on one bundle up to (not including) the ledger append. `sha` and
    /// `opening` are what the scan pass read and opened (see [`Opening`]); without an opening
    /// (unreadable at the scan, recorded, or over the scan's memory budget) the bundle is read
    /// and opened here.
    pub(super) fn judge_one(
        &mut self,
        c: &Candidate,
        sha: Option<&str>,
        opening: Option<Opening>,
        run: &mut RunState,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let Some(sha) = sha else {
            return self.read_and_open(c, run, batch);
        };
        if let Some(k) = self.known(c, sha, run, batch)? {
            fault::hit("after-read");
            return Ok(k);
        }
        let Some(opening) = opening else {
            return self.read_and_open(c, run, batch);
        };
        fault::hit("after-read");
        self.judge_opened(c, sha.to_string(), opening, batch)
    }

    /// Reads and opens a bundle the scan did not keep opened, then judges it.
    fn read_and_open(
        &mut self,
        c: &Candidate,
        run: &mut RunState,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let limits: &Limits = &self.s.config.limits;
        let raw: RawBundle = match inbox::read_bundle(&c.path, limits.max_bundle_bytes) {
            Ok(raw) => raw,
            Err(ReadError::Oversized { size, cap }) => match inbox::stream_sha256(&c.path) {
                Ok(sha) => {
                    let e = BundleError::Oversized { size, cap };
                    let sha = hex::encode(sha);
                    if let Some(k) = self.known(c, &sha, run, batch)? {
                        return Ok(k);
                    }
                    return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch);
                }
                Err(e) => {
                    return Ok(SlotKind::Report(Outcome::Skipped {
                        reason: e.to_string(),
                    }))
                }
            },
            Err(e) => {
                return Ok(SlotKind::Report(Outcome::Skipped {
                    reason: format!("{e}; the file was not processed"),
                }))
            }
        };
        fault::hit("after-read");
        let sha = raw.sha256_hex();
        if let Some(k) = self.known(c, &sha, run, batch)? {
            return Ok(k);
        }
        let opening = self.open_bundle(c, &raw.bytes, sha.clone());
        drop(raw);
        self.judge_opened(c, sha, opening, batch)
    }

    /// Judges a bundle not recorded yet, from its opening.
    fn judge_opened(
        &mut self,
        c: &Candidate,
        sha: String,
        opening: Opening,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let opened: OpenedBundle = match opening {
            Opening::Opened(bundle::Opened::Request(ob)) => *ob,
            Opening::Opened(bundle::Opened::ExecutionReport(r)) => {
                return self.judge_report(c, &sha, &r, batch);
            }
            // Same envelope, another document: a two-person override (`overrides`).
            Opening::Override(env, parsed) => {
                return self.judge_override(c, &sha, &env, parsed, batch);
            }
            Opening::Refused(e) => {
                return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch)
            }
        };
        fault::hit("after-decrypt");
        fault::hit("after-request-parse");
        let prior_max = self.s.ledger.max_sequence(&opened.orchestrator_key_id)?;
        let replayed = self
            .s
            .ledger
            .find_verdict_for_request_id(&opened.request.doc.request_id)?
            .map(|e| (e.index, e.recorded.subject));
        let state = checks::State {
            station_id: &self.s.config.station_id,
            now,
            clock_skew_secs: self.s.config.clock_skew_secs,
            ledger_verdict_for_request: replayed,
            batch_has_request: batch
                .request_ids
                .contains(&opened.request.doc.request_id.to_ascii_lowercase()),
            highest_sequence: prior_max
                .max(batch.max_sequence.get(&opened.orchestrator_key_id).copied()),
        };
        if let Err(e) = checks::check(&opened, &state) {
            return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch);
        }
        let approvers = &self.s.approvers;
        let other_roles = |id: &str| -> Vec<String> {
            approvers
                .iter()
                .filter(|t| crate::sig::key_id_hex(t.key.keynum()) == id)
                .map(|t| t.role.clone())
                .collect()
        };
        let requester_signed_by = match checks::check_requester(
            &opened,
            &self.s.requesters,
            self.s.config.require_requester_signature,
            &other_roles,
        ) {
            Ok(k) => k,
            Err(e) => return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch),
        };
        fault::hit("after-checks");
        let core = self.assess(&opened, now, requester_signed_by);
        fault::hit("after-evaluate");
        let (core, body, decision) = match core {
            emit::Core::Verdict {
                core,
                body,
                decision,
            } => (core, body, decision),
            emit::Core::Unbuildable { reason } => {
                return self.reject(c, &sha, "verdict_unbuildable", &reason, batch)
            }
        };
        let doc = &opened.request.doc;
        let entry = NewEntry {
            kind: EntryKind::Verdict,
            subject: doc.request_id.clone(),
            bundle_sha256: Some(sha.clone()),
            orchestrator_key: Some(opened.orchestrator_key_id.clone()),
            sequence: Some(doc.sequence),
            decision: Some(decision),
            created_at: crate::canonical::format_utc(now),
            body,
        };
        // No input may stop the run: an entry the ledger would refuse fails the whole batch's
        // transaction, so it is refused here, as this one bundle's rejection.
        if let Err(e) = entry.check_recordable() {
            let why = match e {
                LedgerError::InvalidEntry(why) => why,
                other => other.to_string(),
            };
            return self.reject(
                c,
                &sha,
                "verdict_unbuildable",
                &format!("the station cannot record this request in its ledger ({why}); ask the orchestrator to check the request"),
                batch,
            );
        }
        // The plan is kept before its verdict is committed, so no committed verdict lacks it.
        crate::home::plan_store::store(
            self.home.root(),
            &opened.request.plan_bytes,
            self.s.config.limits.max_request_bytes,
        )?;
        fault::hit("after-plan-store");
        batch
            .request_ids
            .insert(doc.request_id.to_ascii_lowercase());
        let m = batch
            .max_sequence
            .entry(opened.orchestrator_key_id.clone())
            .or_insert(doc.sequence);
        *m = (*m).max(doc.sequence);
        Ok(batch.queue(&c.name, &sha, entry, Document::Verdict(core)))
    }

    /// The engine stage and the verdict core of an authenticated, fresh request.
    fn assess(
        &mut self,
        ob: &OpenedBundle,
        now: OffsetDateTime,
        requester_signed_by: Option<String>,
    ) -> emit::Core {
        let doc = &ob.request.doc;
        let signed: Vec<crate::envelope::approval::SignedApproval> = doc
            .approvals
            .iter()
            .map(|a| crate::envelope::approval::SignedApproval {
                approval: a.approval.clone(),
                signature: a.signature.clone(),
            })
            .collect();
        let ctx = crate::envelope::approval::ApprovalContext {
            plan_sha256: &doc.plan_sha256,
            request_id: &doc.request_id,
            now,
            clock_skew_secs: self.s.config.clock_skew_secs,
            trusted: &self.s.approvers,
            kind_roles: &self.s.kind_roles,
        };
        let approvals = crate::envelope::approval::check_all(&signed, &ctx);
        let granted = approvals.granted_kinds();
        let request = doc.engine_request();
        let cost = doc.engine_cost();
        // serde_json keeps the last of two equal keys, so a plan with a repeated key deep inside
        // would be judged as one document and applied by Terraform tooling as maybe another:
        // such a plan is unloadable (the engine's invalid_plan veto), like one that fails to parse.
        let plan = match crate::canonical::find_duplicate_key(&ob.request.plan_bytes) {
            Some(key) => Err(format!(
                "the plan has the key {:?} twice in one object; a plan must be exactly what 'terraform show -json' writes",
                crate::display::sanitize_clipped(&key, 80)
            )),
            None => engine::plan::parse(&ob.request.plan_bytes, &self.s.policy.config)
                .map_err(|e| e.to_string()),
        };
        let assessment: Assessment = match plan {
            Ok(plan) => {
                let input = EngineInput {
                    request: &request,
                    plan: &plan,
                    approvals: &granted,
                    cost: cost.as_ref(),
                    policy: &self.s.policy,
                };
                let adv: Option<&mut dyn IntentAdvisor> = match self.advisor.as_mut() {
                    Some(b) => Some(b.as_mut()),
                    None => None,
                };
                engine::evaluate(&input, adv)
            }
            Err(e) => {
                engine::evaluate_unloadable(&request, &granted, cost.as_ref(), &self.s.policy, &e)
            }
        };
        emit::verdict_core(emit::VerdictInput {
            opened: ob,
            station_id: &self.s.config.station_id,
            assessment: &assessment,
            approvals: &approvals,
            now,
            ttl_secs: self.s.config.verdict_ttl_secs,
            requester_signed_by,
        })
    }

    /// A bundle already recorded (in the ledger, or earlier in this batch).
    pub(super) fn known(
        &self,
        c: &Candidate,
        sha: &str,
        run: &RunState,
        batch: &BatchState,
    ) -> Result<Option<SlotKind>, StationError> {
        if let Some(first) = batch.shas.get(sha).or_else(|| run.shas.get(sha)) {
            if first != &c.name {
                return Ok(Some(SlotKind::Report(Outcome::Duplicate {
                    of: first.clone(),
                })));
            }
        }
        if let Some(e) = self.s.ledger.find_by_bundle(sha)? {
            if let Some(first) = run.shas.get(sha) {
                if first != &c.name {
                    return Ok(Some(SlotKind::Report(Outcome::Duplicate {
                        of: first.clone(),
                    })));
                }
            }
            return Ok(Some(SlotKind::Known(Box::new(e))));
        }
        Ok(None)
    }

    /// Queues a rejection entry (its receipt is written after the batch commits).
    pub(super) fn reject(
        &self,
        c: &Candidate,
        sha: &str,
        code: &str,
        reason: &str,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let (core, body) = emit::rejection_core(emit::RejectionInput {
            bundle_file: &c.name,
            bundle_sha256: sha,
            reason_code: code,
            reason,
            station_id: &self.s.config.station_id,
            now,
        })?;
        let entry = NewEntry {
            kind: EntryKind::Rejection,
            subject: sha.to_string(),
            bundle_sha256: Some(sha.to_string()),
            // Rejections never advance an orchestrator's sequence: only judged requests do.
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: crate::canonical::format_utc(now),
            body,
        };
        Ok(batch.queue(&c.name, sha, entry, Document::Rejection(core)))
    }
}
