//! The bytes before the JSON parser: size, nesting and UTF-8 guards, BOM and UTF-16
//! decoding, and JSON errors as one line.

use super::*;

/// Passes bytes through while checking the size cap, nesting depth and UTF-8, so the JSON parser
/// never sees input past a limit. The first violation is kept in `failure`.
pub(super) struct Guard<R> {
    inner: R,
    max_bytes: u64,
    max_depth: usize,
    seen: u64,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// An incomplete UTF-8 sequence at the end of the previous chunk.
    carry: Vec<u8>,
    pub(super) failure: Option<PlanError>,
}

impl<R: std::io::Read> Guard<R> {
    pub(super) fn new(inner: R, max_bytes: u64, max_depth: usize) -> Self {
        Guard {
            inner,
            max_bytes,
            max_depth,
            seen: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            carry: Vec::new(),
            failure: None,
        }
    }

    fn fail(&mut self, e: PlanError) -> std::io::Error {
        let io = std::io::Error::other(e.to_string());
        self.failure.get_or_insert(e);
        io
    }

    fn check(&mut self, chunk: &[u8]) -> Result<(), PlanError> {
        self.seen += chunk.len() as u64;
        if self.seen > self.max_bytes {
            return Err(PlanError::TooLarge {
                size: self.seen,
                limit: self.max_bytes,
            });
        }
        for &b in chunk {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(PlanError::TooDeep {
                            limit: self.max_depth,
                        });
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.check_utf8(chunk)
    }

    fn check_utf8(&mut self, chunk: &[u8]) -> Result<(), PlanError> {
        let bad = |at: u64| PlanError::BadEncoding(format!("invalid UTF-8 near byte {at}"));
        let mut rest = chunk;
        if let Some(&lead) = self.carry.first() {
            let need = utf8_len(lead).saturating_sub(self.carry.len());
            let take = need.min(rest.len());
            self.carry.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.carry.len() < utf8_len(lead) {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return Err(bad(self.seen));
            }
            self.carry.clear();
        }
        match std::str::from_utf8(rest) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_none() => {
                self.carry = rest[e.valid_up_to()..].to_vec();
                Ok(())
            }
            Err(e) => Err(bad(self.seen - (rest.len() - e.valid_up_to()) as u64)),
        }
    }

    /// At the end of input: a dangling partial UTF-8 sequence is an error.
    pub(super) fn finish(&self) -> Result<(), PlanError> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(PlanError::BadEncoding(
                "truncated UTF-8 sequence at the end".into(),
            ))
        }
    }
}

/// Length of the UTF-8 sequence a lead byte starts (1 for anything that is not a valid lead, so
/// the validator reports it).
pub(super) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

impl<R: std::io::Read> std::io::Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.failure.is_some() {
            return Err(std::io::Error::other("plan input refused"));
        }
        let n = self.inner.read(buf)?;
        if let Err(e) = self.check(&buf[..n]) {
            return Err(self.fail(e));
        }
        Ok(n)
    }
}

/// The plan's text as [`parse`] reads it (BOMs stripped, UTF-16 decoded), for the readers that
/// need one more part of the plan (`engine::execution` reads `prior_state` addresses).
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, PlanError> {
    decode(bytes)
}

/// Strips a UTF-8 BOM, decodes UTF-16 with a BOM, and refuses invalid UTF-8.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, PlanError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            PlanError::BadEncoding(format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3))
        });
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<Cow<'_, str>, PlanError> {
        if rest.len() % 2 != 0 {
            return Err(PlanError::BadEncoding(
                "UTF-16 text with an odd number of bytes".into(),
            ));
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut out = String::with_capacity(rest.len() / 2);
        for ch in char::decode_utf16(units) {
            match ch {
                Ok(c) => out.push(c),
                Err(_) => {
                    return Err(PlanError::BadEncoding(
                        "UTF-16 text with an unpaired surrogate".into(),
                    ))
                }
            }
        }
        Ok(Cow::Owned(out))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| PlanError::BadEncoding(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
}

/// True when JSON text nests arrays/objects deeper than `max_depth` (strings are skipped). A
/// linear scan with no allocation, run before any recursive parser sees the text.
pub fn json_depth_exceeds(bytes: &[u8], max_depth: usize) -> bool {
    check_depth(bytes, max_depth).is_err()
}

/// Counts `[`/`{` nesting outside strings, so hostile nesting is refused before any parser
/// recursion (serde_json's own recursion limit is disabled in this build).
pub(super) fn check_depth(bytes: &[u8], max_depth: usize) -> Result<(), PlanError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Err(PlanError::TooDeep { limit: max_depth });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Deserializes with serde_json's recursion limit off: [`check_depth`] already bounds nesting by
/// the policy's limit, which may be set above serde_json's fixed 128.
pub(super) fn from_str_unbounded<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, PlanError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de).map_err(json_error)?;
    de.end().map_err(json_error)?;
    Ok(value)
}

pub(super) fn json_error(e: serde_json::Error) -> PlanError {
    use serde_json::error::Category;
    let full = e.to_string();
    if let Some(rest) = full.strip_prefix(UNKNOWN_ACTIONS_TAG) {
        let mut parts = rest.splitn(3, '\u{1}');
        if let (Some(address), Some(actions)) = (parts.next(), parts.next()) {
            return PlanError::UnknownActions {
                address: one_line(address),
                actions: one_line(actions),
            };
        }
    }
    let msg = one_line(&full);
    match e.classify() {
        Category::Data => PlanError::NotAPlan(msg),
        Category::Io | Category::Syntax | Category::Eof => PlanError::NotJson(msg),
    }
}

pub(super) fn one_line(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if out.len() > 200 {
        let mut cut = 200;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}
