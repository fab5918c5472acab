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

/// The model's answer about one change, as the verdict records it.
///
/// Prompts 6 and later ask one yes/no question per change ("did the request ask for this change,
/// or for something that needs it?"): `yes` is [`IntentLabel::InScope`], `no` is
/// [`IntentLabel::OutOfScope`]. The four labels before them (`required`, `supporting`,
/// `unrelated`, `unclear`) are what prompts 1 to 5 produced; they stay so that verdicts written
/// then still read back, and the prompt version in each verdict says which question was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentLabel {
    Required,
    Supporting,
    Unrelated,
    Unclear,
    InScope,
    OutOfScope,
}

impl IntentLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            IntentLabel::Required => "required",
            IntentLabel::Supporting => "supporting",
            IntentLabel::Unrelated => "unrelated",
            IntentLabel::Unclear => "unclear",
            IntentLabel::InScope => "in_scope",
            IntentLabel::OutOfScope => "out_of_scope",
        }
    }

    /// The label in a reader's words, as the report and the findings quote it.
    pub fn words(self) -> &'static str {
        match self {
            IntentLabel::Required => "asked for",
            IntentLabel::Supporting => "needed by what was asked",
            IntentLabel::Unrelated => "not asked for",
            IntentLabel::Unclear => "unsure",
            IntentLabel::InScope => "asked for or needed by what was asked",
            IntentLabel::OutOfScope => "not asked for",
        }
    }

    /// True when this label, given with confidence at or over the threshold, raises
    /// `llm_intent_concern`: the model says the request does not cover the change (or, under the
    /// four-way prompts, that it could not tell). The model only ever adds concerns; no label
    /// clears one.
    pub fn is_concern(self) -> bool {
        matches!(
            self,
            IntentLabel::OutOfScope | IntentLabel::Unrelated | IntentLabel::Unclear
        )
    }
}

/// The model's judgement of one change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeJudgement {
    pub address: String,
    pub label: IntentLabel,
    /// Probability of the chosen answer at the decision position, 0..=1.
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
    /// Concern labels ([`IntentLabel::is_concern`]) at or above this confidence raise a concern.
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

#[cfg(test)]
mod tests {
    use super::IntentLabel;

    #[test]
    fn only_a_no_or_a_legacy_doubt_can_raise_a_concern() {
        assert!(IntentLabel::OutOfScope.is_concern());
        assert!(!IntentLabel::InScope.is_concern());
        assert!(IntentLabel::Unrelated.is_concern() && IntentLabel::Unclear.is_concern());
        assert!(!IntentLabel::Required.is_concern() && !IntentLabel::Supporting.is_concern());
    }

    #[test]
    fn labels_serialize_as_their_names_and_old_verdict_labels_still_read() {
        for l in [
            IntentLabel::Required,
            IntentLabel::Supporting,
            IntentLabel::Unrelated,
            IntentLabel::Unclear,
            IntentLabel::InScope,
            IntentLabel::OutOfScope,
        ] {
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(serde_json::from_str::<IntentLabel>(&json).unwrap(), l);
        }
    }
}
