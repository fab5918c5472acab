/*!
Prompt-injection detection in the request text and in every string value of the plan.

Contract: `scan(&Request, &Plan) -> Vec<Finding>` (`prompt_injection_suspected`, veto by default).

Text is normalized first (invisible and bidi characters dropped, full-width and mathematical
letters and common Cyrillic/Greek look-alikes folded to ASCII, digits inside words read as
letters, letter-spaced words joined), then scored on three kinds of signal:
- an **override** of instructions ("ignore previous instructions", "system prompt", chat-template
  markup) is enough on its own;
- an **addressee**: the text speaks *to* the auditor, reviewer or model ("AUDITOR:", "note to the
  AI reviewer", "if you are a language model");
- **steering**: it tells the reader what to decide ("you must approve", "do not flag", "skip
  review", "treat this as safe"), or claims the decision was already made ("pre-approved").

A string is suspect at a score of 3: an override alone, or an addressee plus steering, or strong
steering plus a decision word. Ordinary words ("approved" in a tag, "approved by CAB-123",
"Pre-approved standard change") score below that on purpose.

Findings name where the text is (request text, or resource address + attribute path) and quote
at most a short, control-character-free excerpt, and only of values already redacted of
sensitive data. Work is linear in the plan size: most strings are rejected by a cheap pre-check.
*/
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde_json::Value;

use super::findings::default_disposition;
use super::findings::{ids, Finding};
use super::{Plan, Request};
use prefilter::quick_suspect;
use scoring::score_text;

mod normal_form;
mod prefilter;
mod scoring;
mod vocabulary;

/// Strings longer than this are scanned only in their first part (user_data, policies).
const MAX_SCAN_CHARS: usize = 16 * 1024;
/// Excerpt length in findings.
const EXCERPT_CHARS: usize = 60;
/// At most this many findings; the rest are counted in the last one.
const MAX_FINDINGS: usize = 20;
/// Nesting depth walked in the plan document (path segments).
const MAX_DEPTH: usize = 64;
/// Score at which a string is reported.
const THRESHOLD: u32 = 3;

/// Scan the request and the plan.
pub fn scan(request: &Request, plan: &Plan) -> Vec<Finding> {
    let mut s = Scanner::default();
    for (field, text) in [
        ("request text", Some(request.text.as_str())),
        ("requested_by", request.requested_by.as_deref()),
        ("change ticket", request.change_ticket.as_deref()),
    ] {
        if let Some(text) = text {
            s.check(None, &[Seg::Key(field)], text, true);
        }
    }
    let mut path: Vec<Seg> = Vec::with_capacity(16);
    // Normalized changes: their values are already redacted of sensitive data, so an excerpt
    // is safe to show.
    for c in &plan.changes {
        s.check(Some(&c.address), &[Seg::Key("address")], &c.address, false);
        for (root, v) in [("before", &c.before), ("after", &c.after)] {
            path.clear();
            path.push(Seg::Key(root));
            s.walk(Some(&c.address), &mut path, v, true);
        }
    }
    // Everything else in the document (configuration, variables, outputs, and planned values or
    // prior state when the document is complete): location only, never an excerpt.
    if let Value::Object(doc) = &plan.document {
        for (k, v) in doc {
            path.clear();
            if k == "resource_changes" {
                if let Value::Array(rcs) = v {
                    for rc in rcs {
                        s.walk_resource_change(rc, &mut path);
                    }
                }
                continue;
            }
            path.push(Seg::Key(k));
            s.walk(None, &mut path, v, false);
        }
    }
    s.finish()
}

/// One step of an attribute path, kept borrowed so nothing is allocated unless a string hits.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn render(path: &[Seg], key: bool) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if key {
        out.push_str(" (a key)");
    }
    out
}

#[derive(Default)]
struct Scanner<'a> {
    findings: Vec<Finding>,
    /// Scores of the strings already scored in this plan: the same type name, address or tag
    /// value recurs in the changes, the configuration, the planned values and the prior state,
    /// and full scoring is the costly part of the scan. Keyed by the string itself (std's keyed
    /// hash), so a crafted string can neither collide with a benign one nor flood the table.
    scores: HashMap<&'a str, u32>,
    /// (address or path) already reported, so one injected tag is one finding.
    reported: std::collections::BTreeSet<String>,
    extra: usize,
}

impl<'a> Scanner<'a> {
    fn walk_resource_change(&mut self, rc: &'a Value, path: &mut Vec<Seg<'a>>) {
        let address = rc.get("address").and_then(Value::as_str);
        let Value::Object(map) = rc else { return };
        for (k, v) in map {
            path.clear();
            path.push(Seg::Key(k));
            if k == "change" {
                if let Value::Object(ch) = v {
                    for (ck, cv) in ch {
                        // before/after were scanned (redacted) through the normalized changes.
                        if ck == "before" || ck == "after" {
                            continue;
                        }
                        path.truncate(1);
                        path.push(Seg::Key(ck));
                        self.walk(address, path, cv, false);
                    }
                }
                continue;
            }
            self.walk(address, path, v, false);
        }
    }

    fn walk(
        &mut self,
        address: Option<&'a str>,
        path: &mut Vec<Seg<'a>>,
        v: &'a Value,
        excerpt: bool,
    ) {
        if path.len() > MAX_DEPTH {
            return;
        }
        match v {
            Value::String(s) => self.check(address, path, s, excerpt),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    self.walk(address, path, item, excerpt);
                    path.pop();
                }
            }
            Value::Object(map) => {
                // Planned-values resources carry their own address.
                let own = map.get("address").and_then(Value::as_str);
                let address = own.or(address);
                for (k, item) in map {
                    path.push(Seg::Key(k));
                    if quick_suspect(k) {
                        self.hit(address, path, true, k, excerpt);
                    }
                    self.walk(address, path, item, excerpt);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn check(&mut self, address: Option<&str>, path: &[Seg], text: &'a str, excerpt: bool) {
        if quick_suspect(text) {
            self.hit(address, path, false, text, excerpt);
        }
    }

    fn hit(
        &mut self,
        address: Option<&str>,
        path: &[Seg],
        key: bool,
        text: &'a str,
        excerpt: bool,
    ) {
        let score = *self.scores.entry(text).or_insert_with(|| score_text(text));
        if score < THRESHOLD {
            return;
        }
        let path = render(path, key);
        let dedupe = address.map(str::to_string).unwrap_or_else(|| path.clone());
        if !self.reported.insert(dedupe) {
            return;
        }
        if self.findings.len() >= MAX_FINDINGS {
            self.extra += 1;
            return;
        }
        let place = match address {
            Some(a) => format!("{a} at {}", clean(&path, 120)),
            None => clean(&path, 120),
        };
        let quote = if excerpt {
            format!(" (\"{}\")", clean(text, EXCERPT_CHARS))
        } else {
            String::new()
        };
        self.findings.push(Finding::new(
            ids::PROMPT_INJECTION_SUSPECTED,
            default_disposition(ids::PROMPT_INJECTION_SUSPECTED),
            address,
            format!(
                "Text in {place}{quote} addresses the auditor or tries to steer its decision; \
                 the proposal is treated as hostile: remove the text and resubmit"
            ),
        ));
    }

    fn finish(mut self) -> Vec<Finding> {
        if self.extra > 0 {
            self.findings.push(Finding::new(
                ids::PROMPT_INJECTION_SUSPECTED,
                default_disposition(ids::PROMPT_INJECTION_SUSPECTED),
                None,
                format!(
                    "{} more places in the plan hold text that addresses the auditor or steers its decision",
                    self.extra
                ),
            ));
        }
        self.findings
    }
}

/// Control characters, invisible characters and newlines removed; at most `max` chars.
fn clean(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if c.is_control() || is_invisible(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if n >= max {
            out.push('…');
            break;
        }
        out.push(if c == '"' { '\'' } else { c });
        n += 1;
    }
    out.trim().to_string()
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
        | 0xE0000..=0xE007F)
}

#[cfg(test)]
mod tests;
