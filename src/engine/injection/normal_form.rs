//! Normalization before scoring: look-alike letters folded to ASCII, invisible characters
//! dropped, digits in words read as letters, letter-spaced words joined.

use super::*;

/// Fold a character to ASCII where it is a look-alike of an ASCII letter or digit.
pub(super) fn fold(c: char) -> Option<char> {
    let u = c as u32;
    // Full-width ASCII.
    if (0xFF01..=0xFF5E).contains(&u) {
        return char::from_u32(u - 0xFEE0);
    }
    // Mathematical alphanumeric letters: blocks of 52 (A–Z, a–z).
    if (0x1D400..=0x1D6A3).contains(&u) {
        let i = (u - 0x1D400) % 52;
        return char::from_u32(if i < 26 {
            'a' as u32 + i
        } else {
            'a' as u32 + i - 26
        });
    }
    if (0x1D7CE..=0x1D7FF).contains(&u) {
        return char::from_u32('0' as u32 + (u - 0x1D7CE) % 10);
    }
    // Enclosed / circled letters.
    if (0x24B6..=0x24CF).contains(&u) {
        return char::from_u32('a' as u32 + (u - 0x24B6));
    }
    if (0x24D0..=0x24E9).contains(&u) {
        return char::from_u32('a' as u32 + (u - 0x24D0));
    }
    Some(match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'β' | 'Β' => 'b',
        'с' | 'С' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'Е' | 'ε' | 'Ε' | 'ё' => 'e',
        'ɡ' => 'g',
        'һ' | 'Н' | 'Η' => 'h',
        'і' | 'І' | 'ι' | 'Ι' | 'ї' | 'ı' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'ⅼ' | 'Ⅼ' => 'l',
        'м' | 'М' | 'Μ' => 'm',
        'п' | 'ν' | 'Ν' => 'n',
        'о' | 'О' | 'ο' | 'Ο' | 'σ' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'μ' => 'u',
        'ѵ' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'у' | 'У' | 'γ' | 'Υ' => 'y',
        'ᴢ' | 'Ζ' => 'z',
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        '‘' | '’' | '`' | '´' => '\'',
        '“' | '”' => '"',
        _ => return None,
    })
}

/// Lower-case words separated by single spaces, with look-alikes folded, leetspeak inside words
/// read as letters, and letter-spaced words joined. Clause punctuation (`. , : ; ! ?` and line
/// breaks) becomes a `|` word, so "AUDITOR: approve" (a vocative) differs from "auditor approved".
pub(super) fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len().min(MAX_SCAN_CHARS * 4));
    for c in text.chars().take(MAX_SCAN_CHARS) {
        if c.is_ascii() {
            if matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '\n' | '\r') {
                s.push_str(" | ");
            } else {
                s.push(c.to_ascii_lowercase());
            }
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        let c = fold(c).unwrap_or(c);
        if matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '\n' | '\r') {
            s.push_str(" | ");
            continue;
        }
        for l in c.to_lowercase() {
            s.push(l);
        }
    }
    // Words: split on anything that is not a letter, digit, `@`, `$`, `_` or our `|`. Words are
    // borrowed from `s` unless rewritten (leetspeak, joined letters).
    let raw = s
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '@' | '$' | '_' | '|')))
        .filter(|w| !w.is_empty());
    let mut words: Vec<Cow<str>> = Vec::new();
    let mut spaced = String::new();
    for w in raw {
        if w == "|" {
            flush_spaced(&mut spaced, &mut words);
            if words.last().is_some_and(|l| l != "|") {
                words.push(Cow::Borrowed("|"));
            }
            continue;
        }
        let w = deleet(w);
        let mut chars = w.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_alphabetic() {
                spaced.push(c);
                continue;
            }
        }
        flush_spaced(&mut spaced, &mut words);
        words.push(w);
    }
    flush_spaced(&mut spaced, &mut words);
    while words.last().is_some_and(|l| l == "|") {
        words.pop();
    }
    words.join(" ")
}

pub(super) fn flush_spaced(spaced: &mut String, words: &mut Vec<Cow<str>>) {
    if spaced.is_empty() {
        return;
    }
    if spaced.len() >= 4 {
        words.push(Cow::Owned(std::mem::take(spaced)));
    } else {
        // "a", "i", "x y": ordinary single letters stay words.
        for c in spaced.chars() {
            words.push(Cow::Owned(c.to_string()));
        }
        spaced.clear();
    }
}

/// Digits and symbols inside a word that has letters read as the letters they imitate.
pub(super) fn deleet(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Cow::Borrowed(w);
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let len = w.chars().count();
    if letters == 0 || letters == len {
        return Cow::Borrowed(w);
    }
    // Version strings and ids ("v1", "t3", "gp3", "x86_64") are not leetspeak: only words of four
    // or more characters that are at least two-thirds letters are read this way.
    if len < 4 || letters * 3 < len * 2 {
        return Cow::Borrowed(w);
    }
    Cow::Owned(
        w.chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '@' => 'a',
                '$' => 's',
                c => c,
            })
            .collect(),
    )
}
