/*!
Text from outside, made safe to show a person: the ONE sanitiser every output for a human goes
through (the `process`/`watch` lines on the terminal, `DONE.txt`, `.verdict.txt`, the receipt's
`bundle_file` and `reason`, approval reasons, the fatal error line and the log).

File names, request text, resource addresses, tags and approver names come from the stick. Printed
raw, they can move the cursor, clear or hide text (`ESC[8m`), forge whole lines (`\n`) or reorder
what the reader sees (Unicode bidi controls: a name can display right-to-left so `exe.aab` reads
as something else). Each such character is replaced by U+FFFD, visibly, rather than dropped, so
the operator sees that the name was hostile.

Replaced: C0 controls (U+0000–U+001F, incl. tab and newline), DEL and C1 controls
(U+007F–U+009F), the bidi embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) and
the implicit bidi marks (U+200E, U+200F, U+061C), and the line/paragraph separators
(U+2028, U+2029) that some terminals and editors break lines on.

Pure: no I/O, no allocation beyond the result. Owns nothing else; callers decide where text ends.
*/
use std::io::Write;

/// What replaces each unsafe character: visible, so a hostile name looks hostile.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` must not reach a person's terminal or text file as is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `s` on one line, every unsafe character replaced by [`REPLACEMENT`].
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if is_unsafe(c) { REPLACEMENT } else { c })
        .collect()
}

/// [`sanitize`], then cut to at most `max_bytes` (on a character boundary) with `…` appended
/// when cut.
pub fn sanitize_clipped(s: &str, max_bytes: usize) -> String {
    let mut out = sanitize(s);
    if out.len() > max_bytes {
        let mut cut = max_bytes;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// A path shown to a person (a stick's folder name is chosen by whoever formatted the stick).
pub fn path(p: &std::path::Path) -> String {
    sanitize(&p.to_string_lossy())
}

/// A writer for the log: each write is one formatted log line; everything in it but its final
/// newline goes through [`sanitize`], so a value logged from outside cannot forge log lines.
pub struct SanitizingWriter<W: Write>(pub W);

impl<W: Write> Write for SanitizingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, newline) = match text.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (&*text, ""),
        };
        let clean = sanitize(body);
        self.0.write_all(clean.as_bytes())?;
        self.0.write_all(newline.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_control_and_bidi_characters_are_replaced_visibly() {
        let cases: &[(&str, &str)] = &[
            ("plain-name.aab", "plain-name.aab"),
            ("a\nb", "a\u{FFFD}b"),
            ("a\u{1b}[8mb", "a\u{FFFD}[8mb"),
            ("a\rb\tc", "a\u{FFFD}b\u{FFFD}c"),
            ("a\u{7f}b\u{85}c\u{9b}d", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"),
            ("x\u{202E}baa.exe", "x\u{FFFD}baa.exe"),
            (
                "\u{202A}\u{202B}\u{202C}\u{202D}",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            (
                "\u{2066}\u{2067}\u{2068}\u{2069}",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            ("a\u{2028}b\u{200F}c", "a\u{FFFD}b\u{FFFD}c"),
            ("é ünïcode ok", "é ünïcode ok"),
        ];
        for (input, want) in cases {
            assert_eq!(&sanitize(input), want, "{input:?}");
        }
        assert_eq!(sanitize_clipped("ééé", 3), "é…");
    }

    #[test]
    fn log_lines_cannot_be_forged_through_the_writer() {
        let mut w = SanitizingWriter(Vec::new());
        w.write_all(b"WARN bundle a\nERROR forged\x1b[2J\n")
            .unwrap();
        assert_eq!(
            String::from_utf8(w.0).unwrap(),
            "WARN bundle a\u{FFFD}ERROR forged\u{FFFD}[2J\n"
        );
    }
}
