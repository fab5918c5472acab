/*!
The GBNF grammar that constrains the model's answer to exactly `yes` or `no`.

The model is asked one narrow question per change (see [`super::prompt`]): did the request ask
for this change, or for something that needs it? The grammar is applied by llama.cpp's grammar
sampler (`LlamaSampler::grammar`) before greedy selection, so whatever the model "wants" to write,
the only text it can produce after `=>` is one of the two answers. The leading space matches how
the few-shot examples are written (`=> yes`), which keeps each answer a single token in Gemma's
vocabulary; the parser below still accepts any tokenization of the same text.

Bump [`GRAMMAR_VERSION`] whenever [`GBNF`] or [`LABELS`] change: the verdict records it.
*/
use crate::engine::advisor::IntentLabel;

/// Recorded in every verdict's model info.
pub const GRAMMAR_VERSION: &str = "in-scope-yes-no-gbnf/1";

/// Root rule name in [`GBNF`].
pub const ROOT: &str = "root";

/// One answer, preceded by the single space that follows `=>` in the prompt.
pub const GBNF: &str = r#"root ::= " yes" | " no"
"#;

/// How many answers the grammar allows.
pub const N_LABELS: usize = 2;

/// The answers in grammar order, with the exact text the grammar produces and the label the
/// verdict records for it: `yes` (the request covers the change) is in scope, `no` is out of
/// scope.
pub const LABELS: [(IntentLabel, &str); N_LABELS] = [
    (IntentLabel::InScope, " yes"),
    (IntentLabel::OutOfScope, " no"),
];

/// Parses the text generated under [`GBNF`]. `None` unless it is exactly one answer.
pub fn parse_label(generated: &str) -> Option<IntentLabel> {
    LABELS
        .iter()
        .find(|(_, text)| *text == generated)
        .map(|(label, _)| *label)
}

/// True when `generated` can still grow into an answer (the grammar has not finished yet).
pub fn is_label_prefix(generated: &str) -> bool {
    LABELS
        .iter()
        .any(|(_, text)| text.starts_with(generated) && text.len() > generated.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exactly_yes_or_no_parses() {
        for (label, text) in LABELS {
            assert_eq!(parse_label(text), Some(label));
            assert!(!is_label_prefix(text), "{text:?} must be complete");
        }
        for bad in [
            "",
            " ",
            "yes",
            " Yes",
            " yes ",
            " no.",
            " nope",
            " required",
            " unrelated",
            " approve",
        ] {
            assert_eq!(parse_label(bad), None, "{bad:?}");
        }
        assert!(is_label_prefix(" y"));
        assert!(is_label_prefix(""));
        assert!(!is_label_prefix(" maybe"));
    }

    #[test]
    fn a_no_is_the_out_of_scope_label_and_a_yes_never_raises_a_concern() {
        assert_eq!(parse_label(" no"), Some(IntentLabel::OutOfScope));
        assert!(parse_label(" no").is_some_and(IntentLabel::is_concern));
        assert!(parse_label(" yes").is_some_and(|l| !l.is_concern()));
    }

    #[test]
    fn grammar_lists_exactly_the_answers() {
        for (_, text) in LABELS {
            assert!(GBNF.contains(&format!("\"{text}\"")), "{text:?} missing");
        }
        assert_eq!(GBNF.matches('|').count(), LABELS.len() - 1);
    }
}
