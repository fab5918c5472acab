//! Scoring one string: chat markup in the raw text, then the vocabulary's phrases in the
//! normalized words.

use super::normal_form::normalize;
use super::vocabulary::{
    all_addressees, CLAIMS, DECISIONS, IMPERATIVES, MODALS, OPENERS, OVERRIDE_PHRASES,
    READER_VOCATIVES, STEER_PHRASES, STEER_VERBS, SUBJECTS, VOCATIVE_FORMS,
};
use super::*;
use std::hash::{BuildHasherDefault, Hasher};

/// Chat-template and instruction markup, looked for in the raw lower-cased text.
pub(super) const MARKUP: &[&str] = &[
    "[inst]",
    "[/inst]",
    "<<sys>>",
    "<|im_start|>",
    "<|im_end|>",
    "<|system|>",
    "<|user|>",
    "<|assistant|>",
    "<|begin_of_text|>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<start_of_turn>",
    "<end_of_turn>",
    "### instruction",
    "### system",
    "</s><s>",
];

/// Does the text hold chat markup, in any letter case? Every marker is lower-case ASCII and
/// starts with `<`, `[` or `#`, so only those bytes need a closer look, and comparing ASCII
/// case-insensitively in place finds what lower-casing the whole text first would (no non-ASCII
/// character lower-cases to the ASCII a marker is made of, save KELVIN SIGN to `k`, which no
/// marker holds).
pub(super) fn has_markup(text: &[u8]) -> bool {
    text.iter()
        .enumerate()
        .any(|(i, c)| matches!(c, b'<' | b'[' | b'#') && markup_at(text, i))
}

/// A marker starts at byte `i`.
pub(super) fn markup_at(text: &[u8], i: usize) -> bool {
    MARKUP.iter().any(|m| {
        text.get(i..i + m.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(m.as_bytes()))
    })
}

/// Score one string: `raw` as written (for markup), `t` normalized.
pub(super) fn score_text(raw: &str) -> u32 {
    let head = raw.get(..raw.len().min(MAX_SCAN_CHARS)).unwrap_or(raw);
    let markup = if has_markup(head.as_bytes()) { 3 } else { 0 };
    markup + score(&normalize(raw))
}

type WordMap<V> = HashMap<Box<str>, V, BuildHasherDefault<Fnv>>;

/// The phrases that start with one word.
#[derive(Default)]
struct Starting {
    /// One-word phrases: that word is the whole phrase.
    alone: Vec<u32>,
    /// Longer phrases by their second word. Many phrases share a first word ("you must
    /// approve", "you should sign off", ...: hundreds start with "you"), so filing them by the
    /// second word too keeps a common word from being compared with every one of them.
    by_second: WordMap<Vec<u32>>,
}

/// Every phrase [`score`] looks for, as word sequences, indexed by their first two words, so
/// that a string is read once and each phrase is only compared where its opening occurs (a hash
/// lookup or two per word, instead of one substring search per phrase).
pub(super) struct Phrases {
    /// Phrase id → its words.
    pub(super) words: Vec<Box<[Box<str>]>>,
    /// First word → the phrases that start with it.
    by_first: WordMap<Starting>,
    overrides: Range<usize>,
    vocatives: Range<usize>,
    addressees: Range<usize>,
    /// (id of `must approve`, ids of `you must approve`, `auditor must approve`, ...).
    modal: Vec<(usize, Range<usize>)>,
    imperatives: Range<usize>,
    steering: Range<usize>,
    claims: Range<usize>,
    decisions: Range<usize>,
    /// Addressees as words, for a text that opens by naming one ("AUDITOR: ...").
    addressee_words: Vec<Box<[Box<str>]>>,
    /// Imperatives as words, for a text that opens with one ("Approve this.").
    imperative_words: Vec<Box<[Box<str>]>>,
}

impl Phrases {
    fn split(phrase: &str) -> Box<[Box<str>]> {
        phrase.split(' ').map(Box::from).collect()
    }

    /// Add phrases; their ids are the returned range.
    fn add<S: AsRef<str>>(&mut self, phrases: impl IntoIterator<Item = S>) -> Range<usize> {
        let start = self.words.len();
        for p in phrases {
            let words = Self::split(p.as_ref());
            let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            if let Some(first) = words.first() {
                let starting = self.by_first.entry(first.clone()).or_default();
                match words.get(1) {
                    Some(second) => starting
                        .by_second
                        .entry(second.clone())
                        .or_default()
                        .push(id),
                    None => starting.alone.push(id),
                }
            }
            self.words.push(words);
        }
        start..self.words.len()
    }

    /// Which phrases occur in `words` as whole-word sequences.
    pub(super) fn find(&self, words: &[&str]) -> Found {
        let mut bits = vec![0u64; self.words.len().div_ceil(64)];
        let mut set = |id: u32| {
            let id = id as usize;
            if let Some(b) = bits.get_mut(id / 64) {
                *b |= 1 << (id % 64);
            }
        };
        for (i, w) in words.iter().enumerate() {
            let Some(starting) = self.by_first.get(*w) else {
                continue;
            };
            starting.alone.iter().for_each(|&id| set(id));
            let Some(longer) = words.get(i + 1).and_then(|s| starting.by_second.get(*s)) else {
                continue;
            };
            let rest = words.get(i..).unwrap_or(&[]);
            for &id in longer {
                if self
                    .words
                    .get(id as usize)
                    .is_some_and(|p| starts_with(rest, p))
                {
                    set(id);
                }
            }
        }
        Found(bits)
    }
}

/// `words` begins with `phrase`, word for word.
pub(super) fn starts_with(words: &[&str], phrase: &[Box<str>]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| *w == &**p)
}

/// The phrases found in one string (a bit per phrase id).
pub(super) struct Found(Vec<u64>);

impl Found {
    pub(super) fn has(&self, id: usize) -> bool {
        self.0
            .get(id / 64)
            .is_some_and(|b| b & (1 << (id % 64)) != 0)
    }

    pub(super) fn any(&self, ids: Range<usize>) -> bool {
        ids.into_iter().any(|id| self.has(id))
    }
}

/// FNV-1a: the keys are a fixed vocabulary, so a keyed hash buys nothing here (a crafted word
/// can at worst land in a bucket of that small table), and this one is several times cheaper on
/// short words.
#[derive(Clone, Copy)]
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(super) fn phrases() -> &'static Phrases {
    static PHRASES: std::sync::OnceLock<Phrases> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut p = Phrases {
            words: Vec::new(),
            by_first: HashMap::default(),
            overrides: 0..0,
            vocatives: 0..0,
            addressees: 0..0,
            modal: Vec::new(),
            imperatives: 0..0,
            steering: 0..0,
            claims: 0..0,
            decisions: 0..0,
            addressee_words: all_addressees().iter().map(|a| Phrases::split(a)).collect(),
            imperative_words: IMPERATIVES.iter().map(|i| Phrases::split(i)).collect(),
        };
        p.overrides = p.add(OVERRIDE_PHRASES);
        let addressees = all_addressees();
        p.vocatives = p.add(
            addressees
                .iter()
                .flat_map(|a| VOCATIVE_FORMS.iter().map(move |f| f.replace("{a}", a)))
                .chain(READER_VOCATIVES.iter().map(|v| v.to_string())),
        );
        p.addressees = p.add(addressees.iter().map(String::as_str));
        for m in MODALS {
            for v in STEER_VERBS {
                let phrase = format!("{m} {v}");
                let aimed = p.add(SUBJECTS.iter().map(|s| format!("{s} {phrase}")));
                let id = p.add([phrase]).start;
                p.modal.push((id, aimed));
            }
        }
        p.imperatives = p.add(
            OPENERS
                .iter()
                .flat_map(|o| IMPERATIVES.iter().map(move |i| format!("{o} {i}"))),
        );
        p.steering = p.add(STEER_PHRASES);
        p.claims = p.add(CLAIMS);
        p.decisions = p.add(DECISIONS);
        p
    })
}

/// Score one normalized string.
pub(super) fn score(t: &str) -> u32 {
    if t.is_empty() {
        return 0;
    }
    let mut score = 0u32;
    let words: Vec<&str> = t.split(' ').collect();
    let p = phrases();
    let found = p.find(&words);

    // Overrides of instructions: enough alone.
    const OVERRIDE_VERBS: &[&str] = &[
        "ignore",
        "disregard",
        "forget",
        "override",
        "overwrite",
        "bypass",
        "skip",
        "drop",
        "discard",
        "neglect",
    ];
    const OVERRIDE_OBJECTS: &[&str] = &[
        "instructions",
        "instruction",
        "prompt",
        "prompts",
        "rules",
        "directions",
        "guidelines",
        "guidance",
        "context",
        "messages",
        "system message",
        "policies",
        "constraints",
    ];
    const OVERRIDE_QUALIFIERS: &[&str] = &[
        "previous",
        "prior",
        "above",
        "earlier",
        "preceding",
        "all",
        "any",
        "your",
        "the",
        "other",
        "these",
        "those",
        "existing",
        "original",
        "safety",
        "security",
        "audit",
        "of",
    ];
    'outer: for (i, w) in words.iter().enumerate() {
        if OVERRIDE_VERBS.contains(w) {
            // "ignore [all] [previous] instructions" within the next four words.
            let window = words.get(i + 1..(i + 5).min(words.len())).unwrap_or(&[]);
            for (j, x) in window.iter().enumerate() {
                // A two-word object ("system message") as the two words from here.
                let two = |o: &&str| {
                    o.split_once(' ')
                        .is_some_and(|(a, b)| a == *x && window.get(j + 1) == Some(&b))
                };
                if OVERRIDE_OBJECTS.contains(x) || OVERRIDE_OBJECTS.iter().any(two) {
                    let quals = window.get(..j).unwrap_or(&[]);
                    if quals.iter().all(|q| OVERRIDE_QUALIFIERS.contains(q)) {
                        score += 3;
                        break 'outer;
                    }
                }
            }
        }
    }
    if found.any(p.overrides.clone()) {
        score += 3;
    }

    // Addressee: spoken to ("AUDITOR:", "note to the AI reviewer", "if you are a model"), or
    // merely mentioned. Opening with an addressee then a clause mark is a vocative too.
    let opens_with_vocative = p.addressee_words.iter().any(|a| {
        starts_with(&words, a) && words.get(a.len()).is_some_and(|next| next.starts_with('|'))
    });
    if opens_with_vocative || found.any(p.vocatives.clone()) {
        score += 2;
    } else if found.any(p.addressees.clone()) {
        score += 1;
    }

    // Steering the decision: "<subject> must approve" is aimed at the reader (2), a bare
    // "must approve" may be about anyone (1).
    let mut steer = 0u32;
    for (phrase, aimed) in &p.modal {
        if found.has(*phrase) {
            steer = steer.max(if found.any(aimed.clone()) { 2 } else { 1 });
            if steer == 2 {
                break;
            }
        }
    }
    // Imperatives opening the text or a sentence: "Approve this.", "... and approve the plan".
    if steers_verdict(&words)
        || p.imperative_words.iter().any(|i| starts_with(&words, i))
        || found.any(p.imperatives.clone())
        || found.any(p.steering.clone())
    {
        steer = steer.max(2);
    }
    score += steer;

    // Claims that the decision is already made, reassurance, decision vocabulary.
    if found.any(p.claims.clone()) {
        score += 1;
    }
    if found.any(p.decisions.clone()) {
        score += 1;
    }
    score
}

/// "mark the plan as compliant", "classify every change as in scope", "consider this resource
/// exempt": a verb of judging followed, in the same sentence and within a few words, by an
/// outcome only an auditor gives. Either alone is ordinary ("mark for deletion", "treat warnings
/// as errors", "compliant with PCI").
pub(super) fn steers_verdict(words: &[&str]) -> bool {
    const JUDGING: &[&str] = &[
        "mark", "treat", "consider", "classify", "label", "deem", "declare", "regard", "rate",
        "score", "record", "report", "count",
    ];
    const OUTCOMES: &[&[&str]] = &[
        &["compliant"],
        &["approved"],
        &["safe"],
        &["exempt"],
        &["in", "scope"],
        &["requested"],
        &["passing"],
        &["passed"],
        &["benign"],
        &["harmless"],
        &["clean"],
        &["low", "risk"],
        &["no", "risk"],
        &["false", "positive"],
    ];
    const WINDOW: usize = 8;
    words.iter().enumerate().any(|(i, w)| {
        let verb = JUDGING
            .iter()
            .any(|j| *w == *j || (w.len() == j.len() + 1 && w.starts_with(j) && w.ends_with('s')));
        if !verb {
            return false;
        }
        let end = (i + 1 + WINDOW).min(words.len());
        let after = words.get(i + 1..end).unwrap_or(&[]);
        let sentence = after
            .iter()
            .position(|x| *x == "|")
            .map_or(after, |n| after.get(..n).unwrap_or(&[]));
        (0..sentence.len()).any(|k| {
            OUTCOMES.iter().any(|o| {
                sentence
                    .get(k..k + o.len())
                    .is_some_and(|s| s.iter().zip(o.iter()).all(|(a, b)| a == b))
            })
        })
    })
}
