//! The word lists the scorer looks for: addressees, steering verbs and phrases, overrides,
//! claims and decision words.

/// Words that name the reader this tool is.
pub(super) const ADDRESSEES: &[&str] = &[
    "auditor",
    "audit bot",
    "audit agent",
    "ai",
    "llm",
    "language model",
    "model",
    "assistant",
    "reviewer",
    "ai reviewer",
    "automated reviewer",
    "bot",
    "chatgpt",
    "gpt",
    "claude",
    "gemma",
    "gemini",
    "copilot",
    "airgap audit",
    "scanner",
    "security scanner",
    "policy engine",
    "checker",
];

/// A machine reader named by what it does and what it is ("compliance bot", "automated
/// checkers", "the audit tool", "validation engine"): every modifier with every head, singular
/// and plural, joins [`ADDRESSEES`].
pub(super) const READER_MODIFIERS: &[&str] = &[
    "automated",
    "automatic",
    "ai",
    "audit",
    "auditing",
    "compliance",
    "policy",
    "security",
    "review",
    "validation",
    "verification",
    "scanning",
    "llm",
];
pub(super) const READER_HEADS: &[&str] = &[
    "tool",
    "bot",
    "checker",
    "engine",
    "scanner",
    "reviewer",
    "agent",
    "model",
    "auditor",
    "validator",
    "assistant",
    "system",
    "pipeline",
];

/// Phrases that can only be spoken to whoever checks the plan: a vocative on their own.
pub(super) const READER_VOCATIVES: &[&str] = &[
    "whoever audits",
    "whoever reviews",
    "whoever checks",
    "whoever reads this",
    "whoever is reviewing",
    "whoever is auditing",
    "anyone reviewing this",
    "anyone auditing this",
    "anybody reviewing this",
];

/// Every addressee: [`ADDRESSEES`] and the reader compounds, each also in the plural.
pub(super) fn all_addressees() -> Vec<String> {
    let mut out: Vec<String> = ADDRESSEES.iter().map(|a| a.to_string()).collect();
    for m in READER_MODIFIERS {
        for h in READER_HEADS {
            out.push(format!("{m} {h}"));
        }
    }
    let plurals: Vec<String> = out
        .iter()
        .filter(|a| a.len() > 3)
        .map(|a| format!("{a}s"))
        .collect();
    out.extend(plurals);
    out.sort();
    out.dedup();
    out
}

/// Verbs that, aimed at the reader, steer its decision.
pub(super) const STEER_VERBS: &[&str] = &[
    "approve",
    "pass",
    "allow",
    "accept",
    "ignore",
    "skip",
    "bypass",
    "whitelist",
    "greenlight",
    "sign off",
    "let this through",
    "let it through",
    "let this change through",
    "not flag",
    "not block",
    "not veto",
    "not escalate",
    "not reject",
    "not report",
    "not raise",
    "raise nothing",
    "report nothing",
    "flag nothing",
];
pub(super) const MODALS: &[&str] = &[
    "must",
    "should",
    "shall",
    "need to",
    "have to",
    "will",
    "are instructed to",
    "are required to",
    "are told to",
    "can safely",
    "can",
];
/// Who a steering sentence is aimed at.
pub(super) const SUBJECTS: &[&str] = &[
    "you",
    "auditor",
    "reviewer",
    "model",
    "ai",
    "assistant",
    "llm",
    "bot",
];
/// Words after which an imperative starts a sentence.
pub(super) const OPENERS: &[&str] = &[
    "|", "please", "just", "and", "then", "so", "kindly", "simply",
];
pub(super) const IMPERATIVES: &[&str] = &[
    "approve this",
    "approve it",
    "approve the",
    "approve everything",
    "approve all",
    "approve now",
    "approve immediately",
    "approve without",
    "approve automatically",
    "pass this",
    "pass it",
    "accept this",
    "accept it",
    "allow this change",
    "allow this plan",
    "let this through",
    "let it through",
    "mark this",
    "mark it",
    "treat this",
    "treat it",
];
/// Ways of speaking to an addressee `{a}`.
pub(super) const VOCATIVE_FORMS: &[&str] = &[
    "| {a} |",
    "note to {a}",
    "note to the {a}",
    "note for the {a}",
    "message to the {a}",
    "dear {a}",
    "hey {a}",
    "hi {a}",
    "attention {a}",
    "to any {a}",
    "if you are an {a}",
    "if you are a {a}",
    "you are an {a}",
    "you are a {a}",
    "{a} reading this",
    "{a} reviewing this",
    "{a} must",
    "{a} should",
];

/// Phrases that override or replace the reader's instructions: enough alone.
pub(super) const OVERRIDE_PHRASES: &[&str] = &[
    "system prompt",
    "new instructions",
    "updated instructions",
    "real instructions",
    "you are now",
    "from now on you",
    "as an ai",
    "as a language model",
    "as an llm",
    "as an ai model",
    "jailbreak",
    "developer mode",
    "dan mode",
    "end of instructions",
    "end of prompt",
    "auditor override",
    "audit override",
    "reviewer override",
    "override the verdict",
    "override the decision",
];
/// Phrases that tell the reader what to decide, whoever says them.
pub(super) const STEER_PHRASES: &[&str] = &[
    "do not flag",
    "don t flag",
    "dont flag",
    "do not report",
    "don t report",
    "do not veto",
    "don t veto",
    "do not escalate",
    "don t escalate",
    "do not reject",
    "don t reject",
    "do not review",
    "don t review",
    "do not scan",
    "do not audit",
    "not be flagged",
    "not be reviewed",
    "skip review",
    "skip the review",
    "skip security review",
    "skip the security review",
    "skip the audit",
    "skip audit",
    "skip the checks",
    "skip checks",
    "skip scanning",
    "bypass review",
    "bypass the review",
    "bypass the audit",
    "bypass audit",
    "no need to review",
    "no need to check",
    "no need to flag",
    "no need to escalate",
    "no review needed",
    "no review required",
    "review not required",
    "return approve",
    "respond with approve",
    "answer approve",
    "output approve",
    "reply approve",
    "reply with approve",
    "say approve",
    "decision | approve",
    "verdict | approve",
    "decision is approve",
    "verdict is approve",
    "mark as safe",
    "mark as approved",
    "mark as compliant",
    "treat as safe",
    "as safe and approve",
    "auto approve",
    "automatically approve",
    "always approve",
    "always return",
    "report no findings",
    "raise no findings",
    "return no findings",
    "not raise anything",
    "not raise any",
    "nothing to flag",
    "nothing to report",
];
/// Claims that the decision is already made, and reassurance.
pub(super) const CLAIMS: &[&str] = &[
    "pre approved",
    "preapproved",
    "already approved",
    "approved in advance",
    "auto approved",
    "exempt from audit",
    "exempt from review",
    "exempt from policy",
    "exempt from security",
    "exempt from scanning",
    "has been approved by security",
    "was approved by security",
    "security team approved",
    "this is safe",
    "this is fine",
    "is harmless",
    "is benign",
    "nothing to see",
    "trust me",
    "false positive",
    "cleared by security",
    "signed off by security",
    "exempt from checks",
    "exempt from validation",
    "exempt from evaluation",
    "exempt from scanning",
    "approved true",
    "all in scope",
];
/// Decision words: the text talks about the outcome.
pub(super) const DECISIONS: &[&str] = &["approve", "veto", "escalate", "verdict", "decision"];
