/*!
What a run reads from the station home: config, keys, trust, policy (countersigned when weaker
than the defaults), the ledger, and the model, loaded once per process.
*/
use super::{emit, StationError};
use crate::engine::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor};
use crate::engine::PolicySet;
use crate::fault;
use crate::home::{StationConfig, StationHome, StationKeys};
use crate::ledger::Ledger;
use crate::sig::VerifyKey;

/// A model that failed to load: every judgement fails, so the engine fails closed with a
/// human-review finding that carries the reason (a configured model is never silently skipped).
struct FailedAdvisor {
    reason: String,
    path: String,
}

impl IntentAdvisor for FailedAdvisor {
    fn info(&self) -> AdvisorInfo {
        AdvisorInfo {
            model_sha256: String::new(),
            prompt_version: String::new(),
            grammar_version: String::new(),
            sampling: format!("not loaded: {}", self.path),
            concern_threshold: 1.0,
        }
    }

    fn judge(&mut self, _: &str, _: &[ChangeFacts]) -> Result<Vec<ChangeJudgement>, String> {
        Err(format!(
            "the configured model did not load: {}",
            self.reason
        ))
    }
}

/// Everything a run reads from the station home (reloaded per stick by `watch`).
pub(super) struct Loaded {
    pub(super) config: StationConfig,
    pub(super) keys: StationKeys,
    pub(super) signer: emit::Signer,
    pub(super) orchestrators: Vec<VerifyKey>,
    /// Keys trusted for `requester`: the only keys a requester signature may be by.
    pub(super) requesters: Vec<VerifyKey>,
    pub(super) approvers: Vec<crate::envelope::approval::TrustedKey>,
    /// The whole trust store: override signers are checked by role and identity.
    pub(super) trust: crate::home::trust::TrustStore,
    pub(super) kind_roles: crate::envelope::approval::KindRoles,
    pub(super) policy: PolicySet,
    /// The text `policy` was built from, for the `policy_change` entry.
    pub(super) policy_sources: crate::home::policy_file::PolicySources,
    /// station.toml as read (and who countersigned it), recorded with the policy.
    pub(super) station_settings: crate::home::policy_file::StationSettings,
    /// What the ledger recorded last; when the policy set or station.toml differ from it, the
    /// next committed batch carries a `policy_change` entry.
    pub(super) policy_recorded: Option<crate::home::policy_file::Recorded>,
    /// Who countersigned a policy weaker than the defaults (recorded with it).
    pub(super) policy_countersigned: Option<crate::home::countersign::Countersigned>,
    pub(super) ledger: Ledger,
}

impl Loaded {
    /// Checks secret key modes, loads config and keys, opens the ledger (which recomputes the
    /// Merkle root and refuses a tampered ledger), the trust store (checked against the ledger)
    /// and the policy.
    pub(super) fn load(home: &StationHome) -> Result<Loaded, StationError> {
        let (config, config_bytes) = home.load_config_bytes()?;
        let keys = home.load_keys()?;
        let signer = emit::Signer::load(home)?;
        let ledger = Ledger::open(&home.ledger())?;
        fault::hit("after-ledger-open");
        let trust = crate::home::trust_sync::load_consistent(home, &ledger)?;
        let orchestrators = trust.keys(crate::home::trust::Role::Orchestrator);
        let requesters = trust.keys(crate::home::trust::Role::Requester);
        // Every trusted key, orchestrator keys included: an approval signed by the orchestrator's
        // key is then reported as `wrong_role` (the key is trusted, for another role), not as
        // `untrusted_key`. No approval kind may name the orchestrator role (station.toml is
        // refused if it does), so such an approval never counts.
        let mut approvers = Vec::new();
        for (role, key) in trust.entries() {
            if let Ok(vk) = key.verify_key() {
                approvers.push(crate::envelope::approval::TrustedKey {
                    role: role.as_str().to_string(),
                    key: vk.key,
                });
            }
        }
        let kind_roles = crate::envelope::approval::kinds()
            .map(|k| {
                let roles = config.roles_for_kind(k);
                (
                    k.to_string(),
                    roles.iter().map(|r| r.as_str().to_string()).collect(),
                )
            })
            .collect();
        let policy_path = home.policy_toml();
        let policy_sources =
            crate::home::policy_file::load(&policy_path).map_err(|e| StationError::Policy {
                path: policy_path.clone(),
                msg: format!("{e:#}"),
            })?;
        let policy = policy_sources.set.clone();
        // Weaker than the defaults: only with a manager's and a security officer's signatures.
        let managers = trust.keys(crate::home::trust::Role::Manager);
        let security = trust.keys(crate::home::trust::Role::Security);
        let mut countersigned = [
            (
                home.station_toml(),
                &config_bytes,
                crate::home::countersign::station_weakenings(&config),
            ),
            (
                policy_path.clone(),
                &policy_sources.toml_bytes,
                crate::home::countersign::policy_weakenings(&policy.config),
            ),
        ]
        .into_iter()
        .map(|(file, bytes, weakenings)| {
            let c = crate::home::countersign::check(&file, bytes, weakenings, &managers, &security)?;
            if let Some(c) = &c {
                tracing::warn!(
                    "{}: weaker than the built-in defaults, accepted with the signatures of {} (manager) and {} (security)",
                    file.display(),
                    c.manager_key_id,
                    c.security_key_id
                );
            }
            Ok(c)
        })
        .collect::<Result<Vec<_>, crate::home::countersign::Refused>>()?;
        let policy_countersigned = countersigned.pop().flatten();
        let station_settings = crate::home::policy_file::StationSettings {
            toml_bytes: config_bytes,
            countersigned: countersigned.pop().flatten(),
        };
        let policy_recorded = crate::home::policy_file::latest_recorded(&ledger)?;
        Ok(Loaded {
            config,
            keys,
            signer,
            orchestrators,
            requesters,
            approvers,
            trust,
            kind_roles,
            policy,
            policy_sources,
            station_settings,
            policy_recorded,
            policy_countersigned,
            ledger,
        })
    }
}

/// Loads the model once per process, from `model.path` in station.toml (relative to the home;
/// `airgap-audit model install` sets it). Only the configured model is used: a verdict must depend
/// on nothing but the station's own recorded state, never on a file that happens to lie in the
/// working directory. Without the setting, or without the `llm` feature, the stage is off.
pub(super) fn load_model(
    home: &StationHome,
    config: &StationConfig,
) -> Option<Box<dyn IntentAdvisor>> {
    if !crate::llm::enabled() {
        return None;
    }
    let Some(rel) = &config.model.path else {
        tracing::info!(
            "no model configured (run 'airgap-audit model install FILE'); the model stage is off"
        );
        return None;
    };
    let path = home.root().join(rel);
    match crate::llm::load_advisor(&path) {
        Ok(adv) => adv,
        Err(reason) => {
            tracing::warn!("model stage failed to load: {reason}");
            Some(Box::new(FailedAdvisor {
                reason,
                path: path.display().to_string(),
            }))
        }
    }
}
