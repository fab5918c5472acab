/*!
The GBNF grammar that constrains the model's answer to exactly one intent label.

The grammar is applied by llama.cpp's grammar sampler (`LlamaSampler::grammar`) before greedy
selection, so whatever the model "wants" to write, the only text it can produce after `Label:` is
one of the four labels. The leading space matches how the few-shot examples are written
(`Label: required`), which keeps each label a single token in Gemma's vocabulary; the parser
below still accepts any tokenization of the same text.

Bump [`GRAMMAR_VERSION`] whenever [`GBNF`] or [`LABELS`] change: the verdict records it.
*/
use crate::engine::advisor::IntentLabel;

/// Recorded in every verdict's model info.
pub const GRAMMAR_VERSION: &str = "intent-label-gbnf/1";

/// Root rule name in [`GBNF`].
pub const ROOT: &str = "root";

/// One label, preceded by the single space that follows `Label:` in the prompt.
pub const GBNF: &str = r#"root ::= " required" | " supporting" | " unrelated" | " unclear"
"#;

/// The label alternatives in grammar order, with the exact text the grammar produces.
pub const LABELS: [(IntentLabel, &str); 4] = [
    (IntentLabel::Required, " required"),
    (IntentLabel::Supporting, " supporting"),
    (IntentLabel::Unrelated, " unrelated"),
    (IntentLabel::Unclear, " unclear"),
];

/// Parses the text generated under [`GBNF`]. `None` unless it is exactly one label.
pub fn parse_label(generated: &str) -> Option<IntentLabel> {
    LABELS
        .iter()
        .find(|(_, text)| *text == generated)
        .map(|(label, _)| *label)
}

/// True when `generated` can still grow into a label (the grammar has not finished yet).
pub fn is_label_prefix(generated: &str) -> bool {
    LABELS
        .iter()
        .any(|(_, text)| text.starts_with(generated) && text.len() > generated.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_parses_and_nothing_else_does() {
        for (label, text) in LABELS {
            assert_eq!(parse_label(text), Some(label));
            assert!(!is_label_prefix(text), "{text:?} must be complete");
        }
        for bad in [
            "",
            " ",
            "required",
            " Required",
            " required ",
            " approve",
            " unrelatedx",
        ] {
            assert_eq!(parse_label(bad), None, "{bad:?}");
        }
        assert!(is_label_prefix(" un"));
        assert!(is_label_prefix(""));
        assert!(!is_label_prefix(" approve"));
    }

    #[test]
    fn grammar_lists_exactly_the_labels() {
        for (_, text) in LABELS {
            assert!(GBNF.contains(&format!("\"{text}\"")), "{text:?} missing");
        }
        assert_eq!(GBNF.matches('|').count(), LABELS.len() - 1);
    }
}
