//! `docs/findings.md`: the built-in finding ids, what each means, what to do and its default
//! disposition, generated from the finding catalog ([`crate::engine::findings::CATALOG`]), and
//! the same catalog's default-dispositions table between markers in `docs/ARCHITECTURE.md`.
//! `tests/docs.rs` fails when either is stale and says how to regenerate them.
use std::fmt::Write as _;

use crate::engine::findings::CATALOG;

/// The whole text of `docs/findings.md`.
pub fn findings_markdown() -> String {
    let mut s = String::from(
        "# Built-in findings\n\n\
         <!-- Generated from src/engine/findings.rs (CATALOG); do not edit. Regenerate: \
         AIRGAP_AUDIT_REGENERATE_DOCS=1 cargo test --no-default-features --test all docs::findings_doc -->\n\n\
         Every check of the engine reports findings with one of these ids. A finding's \
         disposition decides what it does to the verdict: `veto` blocks the plan whatever \
         approvals arrive, `approval:<kind>` lets it go ahead once an approval of that kind is \
         validly signed, `warn` is reported and never blocks. The dispositions below are the \
         defaults; a policy file can change them in `[dispositions]` (see \
         [`policy/default.toml`](../policy/default.toml)). User Rego policies add findings with \
         ids `rego:<package>.<rule>` (veto for `deny`/`violation` rules, warn for `warn` rules).\n\n\
         The severity is the `security-severity` the SARIF output gives GitHub code scanning \
         (9.0 and above critical, 7.0 high, 4.0 medium, below 4.0 low).\n\n\
         | id | default disposition | severity | meaning | what to do |\n\
         |---|---|---|---|---|\n",
    );
    for info in CATALOG {
        let _ = writeln!(
            s,
            "| `{}` | `{}` | {} | {} | {} |",
            info.id,
            info.default_disposition.to_disposition(),
            info.security_severity,
            info.meaning.replace('|', "\\|"),
            info.help.replace('|', "\\|"),
        );
    }
    s
}

/// Where the generated finding table starts in `docs/ARCHITECTURE.md` (the whole line).
pub const TABLE_BEGIN: &str = "<!-- BEGIN finding table: generated from src/engine/findings.rs (CATALOG); do not edit. Regenerate: AIRGAP_AUDIT_REGENERATE_DOCS=1 cargo test --no-default-features --test all docs:: -->";
/// Where it ends (the whole line).
pub const TABLE_END: &str = "<!-- END finding table -->";

/// The default-dispositions table of `docs/ARCHITECTURE.md`: each built-in id, its default
/// disposition and when it is raised, in catalog order.
pub fn dispositions_table() -> String {
    let mut s = String::from("| id | default | raised when |\n|---|---|---|\n");
    for info in CATALOG {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} |",
            info.id,
            info.default_disposition.to_disposition(),
            info.meaning.replace('|', "\\|"),
        );
    }
    s
}

/// `doc` with everything from its `<!-- BEGIN finding table` line to its [`TABLE_END`] line
/// replaced by [`TABLE_BEGIN`], [`dispositions_table`] and [`TABLE_END`]; `None` when a marker is
/// missing.
pub fn with_dispositions_table(doc: &str) -> Option<String> {
    let begin = doc.find("<!-- BEGIN finding table")?;
    let end = begin + doc.get(begin..)?.find(TABLE_END)? + TABLE_END.len();
    Some(format!(
        "{}{TABLE_BEGIN}\n{}{TABLE_END}{}",
        doc.get(..begin)?,
        dispositions_table(),
        doc.get(end..)?
    ))
}
