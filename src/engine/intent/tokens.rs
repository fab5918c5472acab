//! Tokenizer for request text and its token-level rewrites: words, numbers, separators and
//! named things (addresses, tickets, regions, versions) out of raw text, then the passes that
//! rewrite the token vector before clause parsing (arrows, colons, participles, compounds,
//! pronoun objects). Clause parsing lives in [`super::request`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::vocab;
use crate::engine::catalog::kinds::KINDS;

/// At most this many tokens are parsed.
pub const MAX_TOKENS: usize = 600;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Num(u64),
    /// Clause separator: `,` `;` `:` `.` `!` `?`.
    Sep,
    /// A named thing kept whole (CIDR, IP, ticket id, region code).
    Named(String),
}

/// Stem used on both sides of every comparison (request words, resource names).
pub fn stem(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

/// Does token `t` spell phrase word `p` (allowing plurals)?
pub(super) fn word_is(t: &str, p: &str) -> bool {
    if t == p {
        return true;
    }
    let n = t.len();
    (n > 1 && t.ends_with('s') && &t[..n - 1] == p)
        || (n > 2 && t.ends_with("es") && &t[..n - 2] == p)
        || (n > 3 && t.ends_with("ies") && p.ends_with('y') && t[..n - 3] == p[..p.len() - 1])
}

/// Cut `s` to at most `max` bytes on a char boundary.
pub(super) fn cap(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xE0000..=0xE007F)
}

pub(super) fn looks_like_address(s: &str) -> bool {
    let shaped = s.chars().any(|c| c.is_ascii_digit())
        && s.contains(['.', '/', ':'])
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | '/' | ':'));
    // An IPv4 address has four numbers; "4.10.1" is a version. IPv6 has colons; a CIDR a slash.
    let host = s.split('/').next().unwrap_or(s);
    let ipv4 = {
        let parts: Vec<&str> = host.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    shaped && (ipv4 || host.contains(':'))
}

/// "4.10.1", "v1.15.1", "1.30": a version, kept whole so its numbers are not read as counts.
pub(super) fn looks_like_version(s: &str) -> bool {
    let digits = s.strip_prefix('v').unwrap_or(s);
    let parts: Vec<&str> = digits.split('.').collect();
    parts.len() >= 2
        && parts.len() <= 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The kind word a machine size implies: `r6i.4xlarge`, `m5.large` (instance), `db.r5.large`
/// (database), `cache.r6g.large` (cache), GCP `n2-standard-8`, Azure `standard_d4s_v5`.
pub(super) fn instance_type_kind(s: &str) -> Option<&'static str> {
    let sizes = |p: &str| {
        matches!(p, "nano" | "micro" | "small" | "medium" | "large" | "metal")
            || (p.ends_with("xlarge")
                && p.trim_end_matches("xlarge")
                    .chars()
                    .all(|c| c.is_ascii_digit()))
    };
    let parts: Vec<&str> = s.split('.').collect();
    let family = |p: &str| {
        p.len() >= 2
            && p.len() <= 6
            && p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && p.chars().any(|c| c.is_ascii_digit())
            && p.chars().all(|c| c.is_ascii_alphanumeric())
    };
    match parts.as_slice() {
        [f, size] if family(f) && sizes(size) => return Some("machine"),
        ["db", f, size] if family(f) && sizes(size) => return Some("database"),
        ["cache", f, size] if family(f) && sizes(size) => return Some("cache"),
        _ => {}
    }
    let dashed: Vec<&str> = s.split('-').collect();
    if let [f, class, rest @ ..] = dashed.as_slice() {
        let gcp_class = matches!(
            *class,
            "standard"
                | "highmem"
                | "highcpu"
                | "megamem"
                | "ultramem"
                | "highgpu"
                | "micro"
                | "small"
                | "medium"
        );
        if family(f) && gcp_class && rest.iter().all(|r| r.chars().all(|c| c.is_ascii_digit())) {
            return Some("machine");
        }
    }
    // Cloud SQL tiers: "db-custom-2-7680", "db-n1-standard-4", "db-f1-micro", "db-perf-optimized-n-8".
    if let ["db", rest @ ..] = dashed.as_slice() {
        let custom = matches!(rest, ["custom", cpu, mem]
            if [cpu, mem].iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
        let machine = rest.len() >= 2
            && rest.first().is_some_and(|f| family(f))
            && rest.iter().skip(1).all(|r| {
                r.bytes().all(|b| b.is_ascii_digit())
                    || matches!(*r, "standard" | "highmem" | "highcpu" | "micro" | "small")
            });
        let optimized = rest.starts_with(&["perf", "optimized"]);
        if custom || machine || optimized {
            return Some("database");
        }
    }
    let azure = s.strip_prefix("standard_").is_some_and(|r| {
        r.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && r.chars().any(|c| c.is_ascii_digit())
    });
    azure.then_some("machine")
}

/// `chg-2026-0931`, `jira-123`, `inc12345`: letters, a dash, digits.
fn looks_like_ticket(s: &str) -> bool {
    let mut parts = s.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.len() <= 10
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// "data-02", "web-1": a word in lower case and a short or zero-padded serial is one thing's
/// name; a ticket's number is longer and its key is written in capitals ("OS-551", "inc-4411").
fn is_serial_name(chunk: &str, as_written: &str) -> bool {
    let Some((_, serial)) = chunk.split_once('-') else {
        return false;
    };
    !as_written.chars().any(|c| c.is_ascii_uppercase())
        && !serial.contains('-')
        && (serial.len() <= 2 || serial.starts_with('0'))
}

/// The compass part of a region code (`us-east-1`, `europe-west1`, `us-gov-west-1`): a name
/// such as `vm-batch-03` has none.
fn direction(p: &str) -> bool {
    matches!(
        p,
        "east"
            | "west"
            | "north"
            | "south"
            | "central"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "northcentral"
            | "southcentral"
            | "westcentral"
            | "gov"
            | "iso"
            | "isob"
    )
}

/// AWS `us-east-1` / `eu-west-2` / `us-gov-west-1`, GCP `europe-west1` / `us-central1-a`.
fn looks_like_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let alpha = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    let aws = parts.len() >= 3
        && parts.len() <= 4
        && parts.first().is_some_and(|p| p.len() == 2 && alpha(p))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts
            .get(1..parts.len().saturating_sub(1))
            .is_some_and(|mid| mid.iter().all(alpha) && mid.iter().any(|p| direction(p)));
    let gcp = (parts.len() == 2 || parts.len() == 3)
        && parts.first().is_some_and(|p| p.len() >= 2 && alpha(p))
        && parts.get(1).is_some_and(|p| {
            let letters = p.trim_end_matches(|c: char| c.is_ascii_digit());
            letters.len() >= 3 && letters.len() < p.len() && direction(letters)
        })
        && parts.get(2).map_or(true, |p| {
            p.len() == 1 && p.chars().all(|c| c.is_ascii_lowercase())
        });
    aws || gcp
}

/// "portal app service plans: P1v3 -> P0v3", "the latency monitor: critical 1.5s -> 2s": a
/// setting's old value, after a colon, about to be turned into a new one. The thing that changes
/// is the one named before the colon, so the two are read as one clause, "change portal app
/// service plans from P1v3 to …", rather than as a thing to create and a value to change. Returns
/// whether it rewrote `out` that way (the caller then writes the "to").
fn old_value_under_heading(out: &mut Vec<Tok>) -> bool {
    let value_like = |t: &Tok| match t {
        Tok::Num(_) => true,
        Tok::Word(w) => w.bytes().any(|b| b.is_ascii_digit()),
        _ => false,
    };
    let clause_start = out
        .iter()
        .rposition(|t| matches!(t, Tok::Sep))
        .map_or(0, |i| i + 1);
    let after_colon = clause_start >= 2
        && matches!(out.get(clause_start - 2), Some(Tok::Word(w)) if w == COLON_MARK);
    let clause = &out[clause_start..];
    if !after_colon
        || clause.is_empty()
        || clause.len() > 4
        || !clause.last().is_some_and(value_like)
    {
        return false;
    }
    let heading_start = out[..clause_start - 2]
        .iter()
        .rposition(|t| matches!(t, Tok::Sep))
        .map_or(0, |i| i + 1);
    let heading = &out[heading_start..clause_start - 2];
    if heading.is_empty() || heading.iter().any(is_verb) || clause.iter().any(is_verb) {
        return false;
    }
    let value_start = clause_start
        + clause
            .iter()
            .rposition(|t| !value_like(t))
            .map_or(0, |i| i + 1);
    // "change critical of the latency monitor from 1.5s", so the thing stays the phrase's head.
    let value: Vec<Tok> = out.drain(value_start..).collect();
    let setting: Vec<Tok> = out.drain(clause_start..).collect();
    out.drain(clause_start - 2..);
    let mut lead = vec![Tok::Word("change".to_string())];
    if !setting.is_empty() {
        lead.extend(setting);
        lead.push(Tok::Word("of".to_string()));
    }
    out.splice(heading_start..heading_start, lead);
    out.push(Tok::Word("from".to_string()));
    out.extend(value);
    true
}

/// Whether a token is the first word of a verb the vocabulary knows ("remove", "tear" of "tear
/// down").
fn is_verb(t: &Tok) -> bool {
    matches!(t, Tok::Word(w) if vocab::VERBS.iter().any(|v| v.phrase.split(' ').next() == Some(w.as_str())))
}

/// Whether a word is the past participle of a verb the vocabulary knows ("encrypted",
/// "deleted", "enabled").
pub(super) fn is_participle(w: &str) -> bool {
    ["ed", "d"].iter().any(|suffix| {
        w.strip_suffix(suffix).is_some_and(|stem| {
            stem.len() > 2
                && vocab::VERBS
                    .iter()
                    .any(|v| v.phrase == stem || v.phrase == format!("{stem}e"))
        })
    })
}

/// "consuming", "reading", "serving": the -ing form of a verb that says what a thing does.
/// Nouns in -ing ("logging", "billing") are not in the list, so "the billing queue" keeps its head.
pub(super) fn is_present_participle(w: &str) -> bool {
    w.strip_suffix("ing").is_some_and(|stem| {
        let undoubled = stem
            .len()
            .checked_sub(2)
            .filter(|&n| stem.as_bytes().get(n) == stem.as_bytes().get(n + 1))
            .and_then(|n| stem.get(..=n));
        vocab::DESCRIBING_VERBS
            .iter()
            .any(|v| *v == stem || v.strip_suffix('e') == Some(stem) || Some(*v) == undoubled)
    })
}

/// "S3 bucket for ML datasets, encrypted with a new KMS key": a participle followed by "with"
/// after a thing describes that thing and what it comes with; it does not act on it. Read as
/// "S3 bucket for ML datasets with a new KMS key".
pub(super) fn fold_participle_with(mut toks: Vec<Tok>) -> Vec<Tok> {
    let mut i = 1;
    while i + 1 < toks.len() {
        let after_thing = i >= 2 && matches!(toks.get(i - 2), Some(Tok::Word(_) | Tok::Named(_)));
        if toks.get(i - 1) == Some(&Tok::Sep)
            && after_thing
            && word(&toks, i).is_some_and(is_participle)
            && word(&toks, i + 1) == Some("with")
        {
            toks.drain(i - 1..=i);
            continue;
        }
        i += 1;
    }
    toks
}

/// Stands for an arrow between two things until `read_arrows` (in the request parser) knows what it means. It cannot
/// be typed (it is not a word).
pub(super) const ARROW_MARK: &str = "\u{0}arrow";

/// Stands for a colon in the token stream until [`take_colons`] records where the colons were:
/// "Please create: a VPC, a subnet" opens a list. It cannot be typed (it is not a word).
pub(super) const COLON_MARK: &str = "\u{0}colon";

/// "between four and twelve replicas", "anywhere from 2 to 6": a range is a lower and an upper
/// bound, read as the settings "min N max M" an autoscaler or node pool spells them with.
/// "Scale from 6 to 10" stays a change from one value to another: only "between" makes a range.
pub(super) fn read_ranges(toks: Vec<Tok>) -> Vec<Tok> {
    let number = |t: Option<&Tok>| match t {
        Some(Tok::Num(n)) => Some(*n),
        Some(Tok::Word(w)) if !matches!(w.as_str(), "a" | "an" | "another" | "single") => {
            vocab::count_word(w).map(u64::from)
        }
        _ => None,
    };
    // "an autoscaling pool of 1 to 4 nodes": where the request speaks of scaling by itself,
    // members counted from one number to another (no "from" before) are its bounds.
    let autoscaled = toks
        .iter()
        .any(|t| matches!(t, Tok::Word(w) if w.starts_with("autoscal")));
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let bounds_of_members = (
            autoscaled && !matches!(out.last(), Some(Tok::Word(w)) if w == "from"),
            number(toks.get(i)),
            matches!(toks.get(i + 1), Some(Tok::Word(w)) if w == "to"),
            number(toks.get(i + 2)),
            matches!(toks.get(i + 3), Some(Tok::Word(w)) if vocab::member_of_word(w).is_some()),
        );
        if let (true, Some(low), true, Some(high), true) = bounds_of_members {
            if low < high {
                out.push(Tok::Word("min".to_string()));
                out.push(Tok::Num(low));
                out.push(Tok::Word("max".to_string()));
                out.push(Tok::Num(high));
                i += 3;
                continue;
            }
        }
        let is_between = matches!(toks.get(i), Some(Tok::Word(w)) if w == "between");
        let bounds = (
            number(toks.get(i + 1)),
            matches!(toks.get(i + 2), Some(Tok::Word(w)) if w == "and"),
            number(toks.get(i + 3)),
        );
        if let (true, (Some(low), true, Some(high))) = (is_between, bounds) {
            if low <= high {
                out.push(Tok::Word("min".to_string()));
                out.push(Tok::Num(low));
                out.push(Tok::Word("max".to_string()));
                out.push(Tok::Num(high));
                i += 4;
                continue;
            }
        }
        if let Some(t) = toks.get(i) {
            out.push(t.clone());
        }
        i += 1;
    }
    out
}

/// Removes the colon marks, returning the index of the separator each stood before.
pub(super) fn take_colons(toks: Vec<Tok>) -> (Vec<Tok>, Vec<usize>) {
    let mut out = Vec::with_capacity(toks.len());
    let mut colons = Vec::new();
    for t in toks {
        if matches!(&t, Tok::Word(w) if w == COLON_MARK) {
            colons.push(out.len());
        } else {
            out.push(t);
        }
    }
    (out, colons)
}

/// "okta -> 1. group contractors-finance 2. app assignment NetSuite": a list numbered on one
/// line. "1." or "1)" after a colon or an arrow opens it, and each next number in turn ("2.",
/// "3)") opens the next item; they become bullets. A number out of turn ("scale to 3.") stays a
/// number.
fn inline_numbered_items(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut expected: u32 = 1;
    // The last chunk with something in it: a colon or an arrow there opens a list.
    let mut opens = false;
    for chunk in text.split(' ') {
        let marker = chunk
            .strip_suffix(['.', ')'])
            .filter(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u32>().ok());
        match marker {
            Some(1) if opens => {
                out.push("*");
                expected = 2;
            }
            Some(n) if n == expected && n > 1 => {
                out.push("*");
                expected = n + 1;
            }
            _ => out.push(chunk),
        }
        if !chunk.is_empty() {
            opens = chunk.ends_with(':') || matches!(chunk, "->" | "=>" | "\u{2192}");
        }
    }
    out.join(" ")
}

/// The bucket a storage URL names: "gs://logs-eu/2024/" is the bucket "logs-eu".
fn bucket_of_storage_url(chunk: &str) -> Option<&str> {
    let rest = ["gs://", "s3://", "s3a://", "s3n://", "oss://", "cos://"]
        .iter()
        .find_map(|scheme| chunk.strip_prefix(scheme))?;
    let bucket = rest.split('/').next().unwrap_or("");
    (!bucket.is_empty()).then_some(bucket)
}

/// "name: sessions-staging", "size: 1 GB": a line that opens with a one- or two-word key and a
/// colon is an entry of its own, so the line before it does not run on into it.
fn opens_with_a_key(line: &str) -> bool {
    let Some((key, _)) = line.split_once(": ") else {
        return false;
    };
    let words: Vec<&str> = key.split([' ', '_', '-']).collect();
    words.len() <= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()))
}

pub(super) fn tokenize(
    text: &str,
    named: &mut Vec<String>,
    regions: &mut Vec<String>,
    identifiers: &mut Vec<String>,
) -> Vec<Tok> {
    // The words as written, for what only their case tells ("LOG_LEVEL" is a key, not a log),
    // and lower-cased for everything else. Lower-casing changes no spaces, so both splits line up
    // word for word.
    // "1. disable public blob access\n2. min TLS -> 1.2": a number that opens a line and is
    // closed by "." or ")" numbers a list item; it is a bullet, not a count or a setting's value.
    let text: String = text
        .split('\n')
        .map(|line| {
            let body = line.trim_start();
            let digits = body.bytes().take_while(u8::is_ascii_digit).count();
            let marker = (1..=2).contains(&digits)
                && matches!(body.as_bytes().get(digits), Some(b'.' | b')'))
                && body
                    .as_bytes()
                    .get(digits + 1)
                    .map_or(true, |b| b.is_ascii_whitespace());
            match body.get(digits + 1..) {
                Some(rest) if marker => format!("* {rest}"),
                _ if opens_with_a_key(body) => format!("; {line}"),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let text = inline_numbered_items(&text);
    let written: String = text
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| {
            if c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    // "half a dozen runners" is six of them, not half of what is there.
    let written = written
        .replace("half a dozen", "6")
        .replace("Half a dozen", "6")
        .replace("half-a-dozen", "6");
    // "error rate above 2%": a share, not two things ("10.40.%", a host pattern, stays).
    let mut shares = String::with_capacity(written.len() + 16);
    let mut previous = ' ';
    for c in written.chars() {
        if c == '%' && previous.is_ascii_digit() {
            shares.push_str(" percent ");
        } else {
            shares.push(c);
        }
        previous = c;
    }
    let written = shares;
    // "replicas 2→4", "P1v3->P0v3": an arrow written against its words is still an arrow.
    let written = written
        .replace('\u{2192}', " \u{2192} ")
        .replace("->", " -> ")
        .replace("=>", " => ");
    // "tls1.2", "python3.11": a name and its version written together are the name and the
    // version ("t3.micro", "n2-standard-4" are sizes and stay whole).
    let written = written
        .split(' ')
        .map(|w| {
            let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
            let rest = w.get(letters..).unwrap_or("");
            let version = rest.contains('.')
                && rest.bytes().next().is_some_and(|b| b.is_ascii_digit())
                && rest
                    .trim_end_matches(['.', ',', '?', '!', ';', ':', ')'])
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.');
            if letters >= 2 && version {
                format!("{} {rest}", w.get(..letters).unwrap_or(""))
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    // "2x n2-highmem-8", "aurora x2 instances": a count written against its multiplier sign,
    // before a machine size or a plural noun, is that many things ("scale it 2x", "2x faster"
    // stay a factor).
    // "eks w/ 3 nodes": the shorthand for "with" (and "w/o" for "without"); "nrql cond": a
    // word cut short, written out.
    let words: Vec<&str> = written.split(' ').collect();
    let written = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if w.eq_ignore_ascii_case("w/") {
                return "with".to_string();
            }
            if w.eq_ignore_ascii_case("w/o") {
                return "without".to_string();
            }
            let bare = w.trim_end_matches([',', '.', ';', ':', ')']);
            if let Some(word) = vocab::shorthand(bare) {
                return format!("{word}{}", &w[bare.len()..]);
            }
            let digits =
                |d: &&str| !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit());
            let times = w
                .strip_suffix(['x', 'X'])
                .filter(digits)
                .or_else(|| w.strip_prefix(['x', 'X']).filter(digits));
            let before_a_thing = words.get(i + 1).is_some_and(|next| {
                let next = next
                    .trim_end_matches([',', '.', ';', ':', ')'])
                    .to_lowercase();
                instance_type_kind(&next).is_some()
                    || (next.len() > 3
                        && next.ends_with('s')
                        && next.bytes().all(|b| b.is_ascii_alphabetic()))
            });
            // "can we 2x the scale set": a multiple written before what it multiplies is the
            // verb ("double it"); "scale it 2x" keeps its factor where it is.
            let before_its_object = words.get(i + 1).is_some_and(|next| {
                matches!(
                    next.to_lowercase().as_str(),
                    "the" | "our" | "its" | "it" | "this" | "that" | "these" | "those" | "my"
                )
            });
            match times {
                Some(d) if before_a_thing => d.to_string(),
                Some("2") if before_its_object => "double".to_string(),
                Some("3") if before_its_object => "triple".to_string(),
                _ => (*w).to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let clean: String = written.chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    // Inside "(not plain RDS)": the bracket ends what is left out, so it takes nothing after.
    let mut negated_aside = false;
    // Where each bracket that denies opens in `out`, for one that denies only an act.
    let mut aside_opens_at = 0;
    let mut act_asides = Vec::new();
    let mut after_machine_size = false;
    for (chunk, as_written) in clean.split(' ').zip(written.split(' ')) {
        let after_size = std::mem::take(&mut after_machine_size);
        if out.len() >= MAX_TOKENS {
            break;
        }
        let raw = chunk;
        let mut chunk = chunk.trim_start_matches(['(', '[', '{', '"', '\'', '`', '<', '*']);
        if raw.starts_with('(')
            && matches!(
                chunk.trim_end_matches([')', ',', '.']),
                "not" | "no" | "except" | "excluding" | "without" | "never"
            )
        {
            negated_aside = true;
            aside_opens_at = out.len();
        }
        // "a deployment (2 replicas)": a count in brackets after a thing says what it has.
        if raw.starts_with('(')
            && matches!(out.last(), Some(Tok::Word(_)))
            && (chunk.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || !matches!(chunk, "a" | "an") && vocab::count_word(chunk).is_some())
        {
            out.push(Tok::Word("with".to_string()));
        }
        // "partner NO (their clients break)": the bracket gives the reason for the answer and
        // starts a clause of its own.
        if raw.starts_with('(') && matches!(out.last(), Some(Tok::Word(w)) if w == "no") {
            out.push(Tok::Sep);
        }
        // "vm-app-01-test (test environment)": a bracketed environment says where; its
        // "environment" is no thing of the phrase.
        if matches!(
            chunk.trim_end_matches([')', ',', '.', ';', ':']),
            "environment" | "environments" | "env"
        ) && raw.contains(')')
            && matches!(out.last(), Some(Tok::Word(p)) if vocab::env_of_word(p).is_some())
        {
            continue;
        }
        let mut sep = false;
        let mut colon = false;
        while let Some(last) = chunk.chars().last() {
            if matches!(last, ',' | ';' | ':' | '.' | '!' | '?') {
                sep = true;
                colon |= last == ':';
            } else if !matches!(last, ')' | ']' | '}' | '"' | '\'' | '`' | '>' | '*') {
                break;
            }
            chunk = &chunk[..chunk.len() - last.len_utf8()];
        }
        // "SELECT on sales.*": everything in the schema named before the star, which names it;
        // its dot ends no sentence.
        let trailing_punctuation: &[char] = &[',', ';', ':', ')', '!', '?'];
        if raw.trim_end_matches(trailing_punctuation).ends_with(".*")
            && chunk.len() >= 3
            && chunk.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            sep = raw.ends_with(trailing_punctuation);
            if identifiers.len() < 16 {
                identifiers.push(chunk.to_ascii_lowercase());
            }
        }
        if negated_aside && raw.contains(')') {
            // Punctuation after the bracket ends the sentence whatever the bracket holds.
            if !sep && act_asides.len() < 8 {
                act_asides.push(aside_opens_at);
            }
            sep = true;
            negated_aside = false;
        }
        // "incl. its sg", "e.g. a queue": the full stop of an abbreviation ends no sentence, and
        // "incl." is "including".
        let abbreviation_stop = raw.ends_with('.') && !raw.ends_with("..");
        if abbreviation_stop && matches!(chunk, "incl" | "approx" | "esp" | "vs" | "cf") {
            sep = false;
        }
        // "the scratch buckets, e.g. acme-tmp-2023": what follows an "e.g." or "i.e." names
        // the thing before it, so neither the marker nor the comma before it divides them.
        if matches!(chunk, "e.g" | "i.e") {
            if out.last() == Some(&Tok::Sep) {
                out.pop();
            }
            continue;
        }
        if chunk == "incl" {
            out.push(Tok::Word("including".to_string()));
            if sep {
                out.push(Tok::Sep);
            }
            continue;
        }
        if matches!(raw, "->" | "=>" | "\u{2192}") && matches!(out.last(), Some(Tok::Num(_))) {
            // "3 -> 5 nodes": from one count to another.
            if let Some(n) = out.pop() {
                out.push(Tok::Word("from".to_string()));
                out.push(n);
            }
            out.push(Tok::Word("to".to_string()));
            continue;
        }
        if matches!(raw, "->" | "=>" | "\u{2192}") && old_value_under_heading(&mut out) {
            out.push(Tok::Word("to".to_string()));
            continue;
        }
        if matches!(raw, "->" | "=>" | "\u{2192}") {
            // "scratch disk -> pd-ssd": change the thing before to what follows; read once the
            // whole request is known ([`read_arrows`]).
            out.push(Tok::Word(ARROW_MARK.to_string()));
            continue;
        }
        if let Some(n) = chunk
            .strip_prefix('+')
            .filter(|d| !d.is_empty() && d.len() <= 6 && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u64>().ok())
        {
            // "+1 instance on the scale set": add one.
            out.push(Tok::Word("add".to_string()));
            out.push(Tok::Num(n));
            if sep {
                out.push(Tok::Sep);
            }
            continue;
        }
        if matches!(chunk, "x" | "\u{d7}") && matches!(out.last(), Some(Tok::Num(_))) {
            // "4 x r6i.4xlarge": a multiplier sign, not a unit.
        } else if quoted_word(raw, chunk)
            && is_a_kind_name(chunk)
            && matches!(out.last(), Some(Tok::Word(w)) if ends_a_kind_name(w))
        {
            // "node pool 'gpu'", "the table \"queue\"": a kind's word quoted after the thing it
            // follows is that thing's name, which a change must carry, and no second thing ("gpu"
            // is no GPU instance there). Other quoted words stay words of the phrase.
            if named.len() < 32 {
                named.push(chunk.to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else if chunk == "=" {
            // "scope = stclaimsdocsdev": a bare sign joins a key and its value, and names nothing.
        } else if chunk.contains('=')
            || (chunk.contains('_')
                && as_written.chars().any(|c| c.is_ascii_uppercase())
                && as_written
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(|c| c.is_ascii_uppercase()))
        {
            // "LOG_LEVEL=debug", "MAX_CONNECTIONS": a setting's key and value, kept whole.
            if named.len() < 32 {
                named.push(cap(chunk, 64).to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else if instance_type_kind(chunk).is_some()
            && matches!(out.last(), Some(Tok::Word(p)) if vocab::ATTRIBUTE_HEADS.contains(&p.as_str()))
        {
            // "machine type n2-standard-4": the value of a setting, not one more machine.
            if named.len() < 32 {
                named.push(cap(chunk, 64).to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else if let Some(kind_word) = instance_type_kind(chunk) {
            // "r6i.4xlarge", "n2-standard-8", "db.r5.large": a machine size names its kind.
            if named.len() < 32 {
                named.push(cap(chunk, 64).to_string());
            }
            out.push(Tok::Word(kind_word.to_string()));
            after_machine_size = !sep;
        } else if matches!(raw, "+" | "&") {
            // "storage + key vault": two things.
            out.push(Tok::Word("and".to_string()));
        } else if matches!(raw, "*" | "\u{2022}" | "\u{00b7}" | "|" | "||") {
            // A bullet starts a list item; a bar standing alone ("vpc | repo | db") divides one.
            out.push(Tok::Sep);
        } else if let Some(n) = postfix_count(chunk).filter(|_| after_size && !raw.starts_with('('))
        {
            // "g5.xlarge x2", "NC6s_v3 x2": how many machines of that size a pool runs, its
            // members, not things of their own; kept as a member count the way a setting is
            // written ("nodes=2").
            out.push(Tok::Named(format!("nodes={n}")));
        } else if postfix_count(chunk).is_some() && (after_size || raw.starts_with('(')) {
            // "6 nodes (x2)": a factor set aside, which the numbers beside it already give. No
            // count of things to create.
        } else if let Some(n) = postfix_count(chunk)
            .filter(|_| matches!(out.last(), Some(Tok::Word(w)) if w != "and" && !is_prep(w)))
        {
            // "read pool x1", "workers x3": a multiplier written after a thing counts it, so the
            // count goes before the thing's words, where a count is read.
            let start = out.len()
                - out
                    .iter()
                    .rev()
                    .take(3)
                    .take_while(
                        |t| matches!(t, Tok::Word(w) if w != "and" && w != "with" && !is_prep(w)),
                    )
                    .count();
            out.insert(start, Tok::Num(n));
        } else if matches!(chunk, "-" | "--" | "\u{2013}" | "\u{2014}") {
            // A dash standing alone ("needs a new key pair - rotate it") separates clauses.
            sep = true;
        } else if chunk.is_empty() {
        } else if looks_like_ticket(chunk) && is_serial_name(chunk, as_written) {
            // "the data-02 volume": its name, kept whole so that its serial counts nothing.
            if identifiers.len() < 16 {
                identifiers.push(cap(chunk, 64).to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else if looks_like_address(chunk) || looks_like_ticket(chunk) || looks_like_version(chunk)
        {
            // "from 15.5 to 15.7": a version is a name, never a count; a full one ("4.11.3") is
            // also a named thing a change must match.
            let named_thing = !looks_like_version(chunk) || chunk.matches('.').count() >= 2;
            if named_thing && named.len() < 32 {
                named.push(cap(chunk, 64).to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else if looks_like_region(chunk) {
            if regions.len() < 8 {
                regions.push(chunk.to_string());
            }
            out.push(Tok::Named(chunk.to_string()));
        } else {
            // "gs://acme-tmp-2023", "s3://ledger-exports/2024/": a storage URL names a bucket, by
            // the name between its scheme and its first slash; the path inside says nothing of
            // which bucket.
            let chunk = match bucket_of_storage_url(chunk) {
                Some(bucket) => {
                    out.push(Tok::Word("bucket".to_string()));
                    bucket
                }
                None => chunk,
            };
            // "vm-app-01-test", "acme-dev-raw-events": a resource's own name, kept whole too.
            let alpha_parts = chunk
                .split('-')
                .filter(|p| p.chars().any(|c| c.is_alphabetic()))
                .count();
            // "stbillingdev01": one token of letters and digits is a resource's name too.
            let letters_and_digits = !chunk.contains('-')
                && chunk.len() >= 6
                && chunk.chars().all(|c| c.is_ascii_alphanumeric())
                && chunk.chars().any(|c| c.is_ascii_digit())
                && chunk.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4;
            // A URL path ("/wp-admin") names a route the resource handles, not the resource.
            let url_path = chunk.starts_with('/');
            if ((chunk.contains('-') && alpha_parts >= 2 && chunk.len() >= 5) || letters_and_digits)
                && !url_path
                && identifiers.len() < 16
            {
                // "claims-api's identity": the possessive is not part of the name.
                let name = chunk
                    .strip_suffix("'s")
                    .or_else(|| chunk.strip_suffix("\u{2019}s"))
                    .unwrap_or(chunk);
                // "acme-dev-uploads/originals/": a path under a named thing (a bucket and its
                // prefix) names that thing; the path inside says nothing of which one.
                let name = match name.split_once('/') {
                    Some((head, _))
                        if !name.contains(':')
                            && head.contains('-')
                            && head
                                .split('-')
                                .filter(|p| p.chars().any(char::is_alphabetic))
                                .count()
                                >= 2 =>
                    {
                        head
                    }
                    _ => name,
                };
                identifiers.push(cap(name, 64).to_string());
            }
            // "on-call", "add-on", "opt-in": a compound whose part is a preposition is one word,
            // or the preposition would end the phrase.
            let parts: Vec<&str> = chunk.split('-').collect();
            let joined;
            let chunk = if parts.len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
                && parts.iter().any(|p| is_prep(p))
            {
                joined = parts.concat();
                joined.as_str()
            } else {
                chunk
            };
            // "dir envs/staging/network": a directory's path is its name, and the words inside
            // it name no things ("network" there is a folder, not a network).
            let after_directory_word = matches!(
                out.last(),
                Some(Tok::Word(w)) if matches!(
                    w.as_str(),
                    "dir" | "directory" | "folder" | "path" | "subdir" | "workdir"
                )
            );
            let parts = if after_directory_word && chunk.contains('/') {
                out.push(Tok::Named(cap(chunk, 64).to_string()));
                ""
            } else {
                // "allow the callback URL https://preview.example/cb": a web address's scheme is
                // how a page is fetched, no protocol let through; its host and path stay words.
                ["https://", "http://"]
                    .iter()
                    .find_map(|scheme| chunk.strip_prefix(scheme))
                    .unwrap_or(chunk)
            };
            let pieces: Vec<&str> = parts
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .collect();
            let dashed_name = parts.contains('-') && alpha_parts >= 2 && parts.len() >= 5;
            for (k, part) in pieces.iter().copied().enumerate() {
                // "build-box-2", "vm-batch-03-dev": the number in a name is its serial, which
                // counts nothing but tells one thing from its siblings.
                if dashed_name && part.chars().all(|c| c.is_ascii_digit()) {
                    out.push(Tok::Named(part.to_string()));
                    continue;
                }
                if dashed_name && verb_inside_a_name(&pieces, k) {
                    continue;
                }
                if part.chars().all(|c| c.is_ascii_digit()) {
                    // Over 12 digits is an id, not a count: keep it whole as a name.
                    match part.parse::<u64>() {
                        Ok(n) if part.len() <= 12 => out.push(Tok::Num(n)),
                        _ => out.push(Tok::Named(part.to_string())),
                    }
                } else {
                    out.push(Tok::Word(cap(part, 64).to_string()));
                }
            }
            // "M10 x3", "P30 x2": a tier written as a letter and its number is a size too, and
            // a multiplier after it counts the machines of that size.
            after_machine_size = !sep && is_size_tier(chunk);
        }
        if sep {
            if colon {
                out.push(Tok::Word(COLON_MARK.to_string()));
            }
            out.push(Tok::Sep);
        }
    }
    out.truncate(MAX_TOKENS);
    for opens in act_asides.into_iter().rev() {
        drop_an_act_denied_in_brackets(&mut out, opens);
    }
    take_corrections(permission_lists(merge_compounds(correct_slips(out))))
}

/// "that can read (not write) secrets": a bracket that denies only an act, right after the act
/// asked, says the level of that act, and the object after it is the act's. Its words and the
/// end the bracket put to the phrase are dropped, so that "read secrets" reads on ("(not plain
/// RDS)" denies a thing, and still ends what is left out). `opens` is where the bracket's
/// negation is in `toks`.
fn drop_an_act_denied_in_brackets(toks: &mut Vec<Tok>, opens: usize) {
    let is_act =
        |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if vocab::USES.contains(&w.as_str()));
    let Some(close) = (opens..toks.len()).find(|&j| toks[j] == Tok::Sep) else {
        return;
    };
    let acts_only = close > opens + 1
        && (opens + 1..close)
            .all(|j| is_act(toks.get(j)) || matches!(toks.get(j), Some(Tok::Word(w)) if w == "or"));
    let after_an_act = opens > 0 && is_act(toks.get(opens - 1));
    let object_follows = matches!(toks.get(close + 1), Some(Tok::Word(w))
        if !vocab::USES.contains(&w.as_str())
            && !matches!(w.as_str(), "and" | "or" | "but" | "so" | "then" | "also" | "plus"));
    if acts_only && after_an_act && object_follows {
        toks.drain(opens..=close);
    }
}

/// "vmss-build-agents-test", "cleanup-job-dev": a verb that is a piece of a dashed name is part
/// of the name, not the request's verb, so it is left out of the words (the name itself is kept
/// whole among the identifiers). Kept where it is the last of two pieces ("re-enable",
/// "soft-delete": a verb with a prefix) or where it begins the name of a kind ("scale set").
fn verb_inside_a_name(pieces: &[&str], k: usize) -> bool {
    let Some(part) = pieces.get(k) else {
        return false;
    };
    let is_verb = vocab::VERBS
        .iter()
        .any(|v| v.phrase == *part || part.strip_suffix('s') == Some(v.phrase));
    if !is_verb || (pieces.len() == 2 && k == 1) {
        return false;
    }
    let stemmed = stem(part);
    let with_next = pieces.get(k + 1).map(|n| format!("{part} {n}"));
    let names_a_kind = crate::engine::catalog::kinds::KINDS.iter().any(|kind| {
        kind.phrases.iter().any(|p| {
            stem(p) == stemmed
                || with_next
                    .as_deref()
                    .is_some_and(|w| p.starts_with(w) || stem(p) == stem(w))
        })
    });
    !names_a_kind
}

/// The sort of word a correction replaces.
#[derive(PartialEq)]
enum Correctable {
    Number,
    Multiple,
    Environment,
}

fn correctable(t: Option<&Tok>) -> Option<Correctable> {
    match t? {
        Tok::Num(_) => Some(Correctable::Number),
        Tok::Word(w)
            if !matches!(w.as_str(), "a" | "an" | "one") && vocab::count_word(w).is_some() =>
        {
            Some(Correctable::Number)
        }
        Tok::Word(w) if vocab::multiple_of_word(w).is_some() => Some(Correctable::Multiple),
        Tok::Word(w) if vocab::env_of_word(w).is_some() => Some(Correctable::Environment),
        _ => None,
    }
}

/// The length of a correction marker at `i` ("sorry", "I mean", "scratch that", "make that",
/// "or rather"), 0 where there is none.
fn correction_marker(toks: &[Tok], i: usize) -> usize {
    let is = |k: usize, w: &str| matches!(toks.get(k), Some(Tok::Word(x)) if x == w);
    if is(i, "sorry") || is(i, "correction") {
        1
    } else if (is(i, "i") && is(i + 1, "mean"))
        || (is(i, "scratch") && is(i + 1, "that"))
        || (is(i, "make") && is(i + 1, "that"))
        || (is(i, "or") && is(i + 1, "rather"))
    {
        2
    } else {
        0
    }
}

/// "tripled - sorry, doubled", "version 15, I mean 16", "in staging, make that dev": a message
/// that corrects itself means what it says last. Where a correction marker is followed by a
/// number, a multiple or an environment, and a word of the same sort stands shortly before the
/// marker in the same stretch, that word becomes the correction and the marker is dropped.
/// Nothing else is guessed: a correction of another sort is left as written.
fn take_corrections(mut toks: Vec<Tok>) -> Vec<Tok> {
    let filler = |t: Option<&Tok>| {
        matches!(t, Some(Tok::Sep))
            || matches!(t, Some(Tok::Word(w)) if matches!(w.as_str(), "actually" | "no" | "wait" | "oops"))
    };
    let mut i = 0;
    while i < toks.len() {
        let len = correction_marker(&toks, i);
        if len == 0 {
            i += 1;
            continue;
        }
        // What the correction says: past the marker, and past more markers and fillers.
        let mut j = i + len;
        loop {
            let more = correction_marker(&toks, j);
            if more > 0 {
                j += more;
            } else if filler(toks.get(j)) {
                j += 1;
            } else {
                break;
            }
        }
        let Some(sort) = correctable(toks.get(j)) else {
            i += 1;
            continue;
        };
        // What it corrects: the nearest word of that sort shortly before, in the same stretch.
        let mut from = i;
        while from > 0 && filler(toks.get(from - 1)) {
            from -= 1;
        }
        let corrected = (from.saturating_sub(6)..from)
            .rev()
            .take_while(|&k| toks.get(k) != Some(&Tok::Sep))
            .find(|&k| correctable(toks.get(k)).as_ref() == Some(&sort));
        match (corrected, toks.get(j).cloned()) {
            (Some(k), Some(correction)) => {
                if let Some(t) = toks.get_mut(k) {
                    *t = correction;
                }
                toks.drain(from..=j);
                i = from;
            }
            _ => i += 1,
        }
    }
    toks
}

/// A service tier written as one letter and its number ("M10", "p30", "S3" of a database
/// tier): a size, when a multiplier follows it.
fn is_size_tier(chunk: &str) -> bool {
    let mut chars = chunk.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && (1..=3).contains(&chars.clone().count())
        && chars.all(|c| c.is_ascii_digit())
}

/// The count of a multiplier written after a thing: "x3", "\u{d7}2" (one or two digits; "x86",
/// "x64" and "x32" name processor architectures, not counts).
fn postfix_count(chunk: &str) -> Option<u64> {
    let digits = chunk
        .strip_prefix('x')
        .or_else(|| chunk.strip_prefix('\u{d7}'))?;
    let n: u64 =
        (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()?;
    (!matches!(n, 86 | 64 | 32)).then_some(n)
}

/// "secrets get/list", "Get + List", "get, list and watch on pods": two or more permission
/// names written together name an access level, not acts to do. The run becomes "read access"
/// when every name only reads, else "write access", so that no "get" is read as "obtain".
fn permission_lists(toks: Vec<Tok>) -> Vec<Tok> {
    const READS: &[&str] = &["get", "list", "watch", "describe", "read", "query"];
    const CHANGES: &[&str] = &[
        "set",
        "delete",
        "purge",
        "recover",
        "backup",
        "restore",
        "create",
        "update",
        "patch",
        "write",
        "import",
        "exec",
        "deletecollection",
    ];
    let is_permission = |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if READS.contains(&w.as_str()) || CHANGES.contains(&w.as_str()));
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        // The run: permission names, joined by nothing (a slash), "and", "or" or "+".
        let mut names = Vec::new();
        let mut j = i;
        while is_permission(toks.get(j)) {
            if let Some(Tok::Word(w)) = toks.get(j) {
                names.push(w.as_str());
            }
            j += 1;
            if matches!(toks.get(j), Some(Tok::Word(w)) if w == "and" || w == "or")
                && is_permission(toks.get(j + 1))
            {
                j += 1;
            }
        }
        let starts_with_reading = names.first().is_some_and(|w| matches!(*w, "get" | "list"));
        if names.len() >= 2 && starts_with_reading {
            let reads_only = names.iter().all(|w| READS.contains(w));
            out.push(Tok::Word(
                if reads_only { "read" } else { "write" }.to_string(),
            ));
            out.push(Tok::Word("access".to_string()));
            i = j;
        } else {
            if let Some(t) = toks.get(i) {
                out.push(t.clone());
            }
            i += 1;
        }
    }
    out
}

/// The words of the request vocabulary (kind phrases, verbs, member words), each of six letters
/// or more, with their plurals: what a slip of the keyboard is corrected to.
fn vocabulary() -> &'static BTreeSet<String> {
    static WORDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = BTreeSet::new();
        let phrases = crate::engine::catalog::kinds::KINDS
            .iter()
            .flat_map(|k| k.phrases.iter().copied())
            .chain(vocab::VERBS.iter().map(|v| v.phrase))
            .chain([
                "replicas",
                "instances",
                "brokers",
                "shards",
                "nodes",
                "memory",
                "storage",
                "version",
                "upgrade",
                "monitor",
                "dashboard",
                "production",
                "staging",
                "development",
                "delete",
                "remove",
                "create",
            ]);
        for phrase in phrases {
            for w in phrase.split(' ').filter(|w| w.len() >= 5) {
                words.insert(w.to_string());
                words.insert(format!("{w}s"));
            }
        }
        words
    })
}

/// "replcias", "databse", "isntance": a word of six letters or more that is not in the
/// vocabulary but is a vocabulary word with two neighbouring letters swapped or one letter left
/// out is read as that word. Substitutions and extra letters are not corrected: "tools" is no
/// slip for "pools", nor "scaled" for "scale".
fn correct_slips(toks: Vec<Tok>) -> Vec<Tok> {
    let vocabulary = vocabulary();
    toks.into_iter()
        .map(|t| match t {
            Tok::Word(w)
                if w.len() >= 6
                    && w.bytes().all(|b| b.is_ascii_lowercase())
                    && !vocabulary.contains(&w) =>
            {
                match slip_of(&w, vocabulary) {
                    Some(fixed) => Tok::Word(fixed),
                    None => Tok::Word(w),
                }
            }
            other => other,
        })
        .collect()
}

/// Each vocabulary word with one letter left out, to the word ("databse" → "database").
fn words_missing_a_letter() -> &'static BTreeMap<String, String> {
    static MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = BTreeMap::new();
        for v in vocabulary() {
            for skip in 0..v.len() {
                let short: String = v
                    .char_indices()
                    .filter(|(j, _)| *j != skip)
                    .map(|(_, c)| c)
                    .collect();
                if short.len() >= 6 && !vocabulary().contains(&short) {
                    map.entry(short).or_insert_with(|| v.clone());
                }
            }
        }
        map
    })
}

fn slip_of(w: &str, vocabulary: &BTreeSet<String>) -> Option<String> {
    if w.len() > 24 {
        return None;
    }
    let b = w.as_bytes();
    // Two neighbouring letters swapped.
    for i in 0..b.len().saturating_sub(1) {
        let mut c = b.to_vec();
        c.swap(i, i + 1);
        if let Ok(c) = String::from_utf8(c) {
            if vocabulary.contains(&c) {
                return Some(c);
            }
        }
    }
    words_missing_a_letter().get(w).cloned()
}

/// `non prod` → `nonprod`, `pre prod` → `preprod`, `non-production` → `nonproduction`, and
/// `New Relic` → `newrelic`: the vendor, as its provider is written, not a new thing.
fn merge_compounds(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut it = toks.into_iter().peekable();
    while let Some(t) = it.next() {
        if let Tok::Word(w) = &t {
            if w == "new" && matches!(it.peek(), Some(Tok::Word(next)) if next == "relic") {
                it.next();
                out.push(Tok::Word("newrelic".to_string()));
                continue;
            }
            if w == "non" || w == "pre" {
                if let Some(Tok::Word(next)) = it.peek() {
                    if matches!(next.as_str(), "prod" | "production" | "prd") {
                        let merged = format!("{w}{next}");
                        it.next();
                        out.push(Tok::Word(merged));
                        continue;
                    }
                }
            }
        }
        out.push(t);
    }
    out
}

pub(super) fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

/// "acmescratchdev01 (dev) is not used any more, remove it": a verb whose object is "it" or
/// "them" acts on what the stretch before it names, when that stretch has no verb of its own.
/// The tokens are rewritten as "remove acmescratchdev01 (dev)".
pub(super) fn resolve_pronoun_objects(mut toks: Vec<Tok>) -> Vec<Tok> {
    let mut from = 1;
    for _ in 0..4 {
        let found = (from..toks.len()).find(|&i| {
            toks.get(i - 1) == Some(&Tok::Sep)
                && toks.get(i).is_some_and(&is_verb)
                && matches!(word(&toks, i + 1), Some("it" | "them"))
                && matches!(toks.get(i + 2), None | Some(Tok::Sep))
        });
        let Some(i) = found else { break };
        // The separators between the stretch and the verb ("…anymore, remove it" leaves two).
        let mut end = i - 1;
        while end > 0 && toks.get(end - 1) == Some(&Tok::Sep) {
            end -= 1;
        }
        let start = toks[..end]
            .iter()
            .rposition(|t| *t == Tok::Sep)
            .map_or(0, |p| p + 1);
        let stretch = &toks[start..end];
        let names_something = stretch
            .iter()
            .any(|t| matches!(t, Tok::Named(_)) || matches!(t, Tok::Word(w) if w != COLON_MARK));
        if !names_something || stretch.iter().any(&is_verb) {
            from = i + 1;
            continue;
        }
        let verb = toks.remove(i);
        toks.remove(i); // the pronoun
        toks.drain(end..i); // the separators between the two
        toks.insert(start, verb);
    }
    toks
}

pub(super) fn is_prep(w: &str) -> bool {
    vocab::PREPOSITIONS.contains(&w)
}

/// "keeps failing with 'forbidden: cannot list deployments'": a quoted error or log line is
/// what someone saw, not what they ask; its "cannot" excludes nothing and its nouns ask for
/// nothing. A quoted span of three or more words that reads as a message (a negation or an error
/// word) is blanked out before parsing; short quoted names ("'acme-logs'") stay.
pub(super) fn without_quoted_messages(text: &str) -> String {
    const MESSAGE_WORDS: &[&str] = &[
        "not",
        "cannot",
        "can't",
        "forbidden",
        "denied",
        "error",
        "failed",
        "unable",
        "refused",
        "timeout",
        "timed",
        "exception",
        "unauthorized",
        "invalid",
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut blank = vec![false; chars.len()];
    let opens = |c: char| matches!(c, '"' | '`' | '\'' | '\u{201c}' | '\u{2018}');
    let closes = |open: char, c: char| match open {
        '\u{201c}' => c == '\u{201d}',
        '\u{2018}' => c == '\u{2019}',
        o => c == o,
    };
    let mut i = 0;
    while i < chars.len() {
        let Some(&q) = chars.get(i) else { break };
        // A single quote opens a quotation only at the start of a word (not "can't", "CRM's").
        let at_word_start = i == 0 || chars.get(i - 1).is_some_and(|p| !p.is_alphanumeric());
        if !(opens(q) && at_word_start) {
            i += 1;
            continue;
        }
        let end = (i + 1..chars.len().min(i + 400)).find(|&j| {
            chars.get(j).is_some_and(|c| closes(q, *c))
                && chars.get(j + 1).map_or(true, |n| !n.is_alphanumeric())
        });
        let Some(end) = end else {
            i += 1;
            continue;
        };
        let inner: String = chars.get(i + 1..end).unwrap_or(&[]).iter().collect();
        let inner = inner.to_lowercase();
        let words: Vec<&str> = inner
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() >= 3 && words.iter().any(|w| MESSAGE_WORDS.contains(w)) {
            for b in blank.iter_mut().take(end + 1).skip(i) {
                *b = true;
            }
        }
        i = end + 1;
    }
    chars
        .iter()
        .zip(blank)
        .map(|(c, b)| if b { ' ' } else { *c })
        .collect()
}

/// Whether `raw`, one space-separated chunk as written, is a single plain word in quotes
/// ('gpu', "archive", `ledger`) and `chunk` is that word with its quotes taken off. An
/// apostrophe inside or after a word ("can't", "teams'") quotes nothing.
fn quoted_word(raw: &str, chunk: &str) -> bool {
    let Some(open) = raw.chars().next() else {
        return false;
    };
    if !matches!(open, '"' | '\'' | '`') {
        return false;
    }
    let body = raw.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
    body.len() > 2
        && body.ends_with(open)
        && !chunk.is_empty()
        && chunk.chars().all(|c| c.is_alphanumeric())
}

/// Whether `w` alone names some kind ("gpu", "bucket").
fn is_a_kind_name(w: &str) -> bool {
    let w = stem(w);
    KINDS
        .iter()
        .any(|k| k.phrases.iter().any(|p| !p.contains(' ') && stem(p) == w))
}

/// Whether `w` is the last word of some kind's name ("pool" of "node pool", "bucket"), so that
/// what is quoted right after it names one such thing.
fn ends_a_kind_name(w: &str) -> bool {
    let w = stem(w);
    KINDS.iter().any(|k| {
        k.phrases
            .iter()
            .any(|p| p.rsplit(' ').next().is_some_and(|last| stem(last) == w))
    })
}

/// Quoted names: "foo", 'bar', `baz`.
pub(super) fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['"', '`', '\u{201c}'] {
        let close = if q == '\u{201c}' { '\u{201d}' } else { q };
        let mut rest = text;
        while let Some(a) = rest.find(q) {
            let after = &rest[a + q.len_utf8()..];
            let Some(b) = after.find(close) else { break };
            let inner = &after[..b];
            if !inner.is_empty() && inner.len() <= 64 && out.len() < 8 {
                out.push(inner.chars().filter(|c| !c.is_control()).collect());
            }
            rest = &after[b + close.len_utf8()..];
        }
    }
    out
}
