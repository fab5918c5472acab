/*!
The seam between the deterministic engine and an advisory intent model (the local LLM).

The engine knows nothing about model files or llama.cpp: it hands an [`IntentAdvisor`] typed facts
about each change and gets labels back. An advisor can only add `llm_intent_concern` findings; it
can never remove a finding or lower a decision.
*/
use serde::{Deserialize, Serialize};

/// Typed facts about one change, the only view of the plan a model gets (never raw plan JSON).
#[derive(Debug, Clone, Serialize)]
pub struct ChangeFacts {
    pub address: String,
    pub action: String,
    pub resource_type: String,
    /// Resource category from the intent table (`network`, `compute`, `iam`, ...).
    pub category: String,
    pub environment: Option<String>,
    /// A few non-sensitive key attributes, already rendered as `key=value` strings.
    pub attributes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntentLabel {
    Required,
    Supporting,
    Unrelated,
    Unclear,
}

impl IntentLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            IntentLabel::Required => "required",
            IntentLabel::Supporting => "supporting",
            IntentLabel::Unrelated => "unrelated",
            IntentLabel::Unclear => "unclear",
        }
    }
}

/// The model's judgement of one change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeJudgement {
    pub address: String,
    pub label: IntentLabel,
    /// Probability mass of the chosen label's tokens, 0..=1.
    pub confidence: f64,
}

/// What the verdict records about the advisor so the judgement can be reproduced.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AdvisorInfo {
    pub model_sha256: String,
    pub prompt_version: String,
    pub grammar_version: String,
    /// Human-readable sampling settings, e.g. `greedy; threads=2; ctx=4096`.
    pub sampling: String,
    /// Labels at or above this confidence raise a concern.
    pub concern_threshold: f64,
}

/// A model that judges whether each change serves the request.
pub trait IntentAdvisor {
    fn info(&self) -> AdvisorInfo;
    /// Returns one judgement per change, in order. An `Err` means the stage failed; the engine then
    /// fails closed with a `human_review` finding that carries the reason.
    fn judge(
        &mut self,
        request_text: &str,
        changes: &[ChangeFacts],
    ) -> Result<Vec<ChangeJudgement>, String>;
}
