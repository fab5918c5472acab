//! The cheap pre-check: only a string with a trigger word (or a run of single letters) goes
//! on to full scoring.

use super::scoring::markup_at;
use super::*;

/// Word prefixes that send a string on to full scoring. Every scored signal needs at least one
/// word starting with one of these (overrides, addressees, steering and decision words).
pub(super) const TRIGGERS: &[&[u8]] = &[
    b"ignor",
    b"disregard",
    b"forget",
    b"instruct",
    b"prompt",
    b"approv",
    b"audit",
    b"review",
    b"assistant",
    b"llm",
    b"gpt",
    b"claude",
    b"gemma",
    b"gemini",
    b"chatgpt",
    b"copilot",
    b"veto",
    b"escalat",
    b"bypass",
    b"skip",
    b"overrid",
    b"flag",
    b"exempt",
    b"verdict",
    b"decision",
    b"jailbreak",
    b"whitelist",
    b"greenlight",
    b"automat",
    b"checker",
    b"complian",
    b"scanner",
    b"validat",
    b"whoever",
    b"finding",
];

/// Whole words that send a string on to full scoring.
pub(super) const TRIGGER_WORDS: &[&[u8]] = &[b"you", b"ai", b"bot"];

/// Triggers filed by first byte (prefix, or whole word when `true`), so a word is compared
/// only with the few that can match it.
pub(super) type TriggerTable = [Vec<(&'static [u8], bool)>; 256];

pub(super) fn triggers_by_first() -> &'static TriggerTable {
    static TABLE: std::sync::OnceLock<TriggerTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: TriggerTable = std::array::from_fn(|_| Vec::new());
        let all = TRIGGERS
            .iter()
            .map(|t| (*t, false))
            .chain(TRIGGER_WORDS.iter().map(|t| (*t, true)));
        for (t, whole) in all {
            if let Some(slot) = t.first().and_then(|f| table.get_mut(usize::from(*f))) {
                slot.push((t, whole));
            }
        }
        table
    })
}

/// Is `w` (any letter case) a trigger word, or does it start with a trigger prefix?
pub(super) fn is_trigger(w: &[u8]) -> bool {
    let Some(first) = w.first() else {
        return false;
    };
    let candidates = triggers_by_first()
        .get(usize::from(first.to_ascii_lowercase()))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    candidates.iter().any(|(t, whole)| {
        if *whole {
            w.eq_ignore_ascii_case(t)
        } else {
            w.get(..t.len()).is_some_and(|p| p.eq_ignore_ascii_case(t))
        }
    })
}

/// Bytes that make up words in the first look: ASCII letters and digits, `@` and `$`.
pub(super) const fn word_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'@' || b == b'$';
        c += 1;
    }
    t
}
pub(super) static WORD_BYTE: [bool; 256] = word_bytes();

/// Cheap first look, one pass and no allocation: only strings with a trigger word (also when
/// written with digits for letters), letter-spaced words, chat markup or any non-ASCII character
/// (which may hide one) go on to full normalization and scoring.
pub(super) fn quick_suspect(s: &str) -> bool {
    if s.len() < 8 {
        return false;
    }
    if !s.is_ascii() {
        return true;
    }
    let head = s
        .as_bytes()
        .get(..s.len().min(MAX_SCAN_CHARS))
        .unwrap_or(s.as_bytes());
    let mut single_run = 0u32;
    let mut start: Option<usize> = None;
    for (i, c) in head.iter().enumerate() {
        if WORD_BYTE.get(usize::from(*c)).copied().unwrap_or(false) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(word) = start.take().and_then(|s| head.get(s..i)) {
            if word_suspect(word, &mut single_run) {
                return true;
            }
        }
        if matches!(c, b'<' | b'[' | b'#') && markup_at(head, i) {
            return true;
        }
    }
    start
        .and_then(|s| head.get(s..))
        .is_some_and(|word| word_suspect(word, &mut single_run))
}

/// One word of the first look: a trigger (as written, or with digits read as letters), or the
/// fourth single letter in a row ("i g n o r e").
pub(super) fn word_suspect(word: &[u8], single_run: &mut u32) -> bool {
    // Words are compared on their first W bytes (longer than any trigger).
    const W: usize = 24;
    let n = word.len();
    let w = word.get(..W).unwrap_or(word);
    if n == 1 && word.iter().all(u8::is_ascii_alphabetic) {
        *single_run += 1;
        if *single_run >= 4 {
            return true;
        }
    } else {
        *single_run = 0;
    }
    if is_trigger(w) {
        return true;
    }
    if n >= 4 {
        let leet = |src: &u8| match src.to_ascii_lowercase() {
            b'0' => b'o',
            b'1' => b'i',
            b'3' => b'e',
            b'4' => b'a',
            b'5' => b's',
            b'7' => b't',
            b'@' => b'a',
            b'$' => b's',
            c => c,
        };
        // Only a word whose first character, read as a letter, starts some trigger can be one.
        let first = w.first().map(leet).unwrap_or(0);
        let possible = triggers_by_first()
            .get(usize::from(first))
            .is_some_and(|t| !t.is_empty());
        if possible && word.iter().any(|c| !c.is_ascii_alphabetic()) {
            let mut buf = [0u8; W];
            for (dst, src) in buf.iter_mut().zip(w) {
                *dst = leet(src);
            }
            if is_trigger(buf.get(..w.len()).unwrap_or(&[])) {
                return true;
            }
        }
    }
    false
}
