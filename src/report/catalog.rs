//! `docs/findings.md`: the built-in finding ids, what each means, what to do and its default
//! disposition, generated from the finding catalog ([`crate::engine::findings::CATALOG`]).
//! `tests/docs.rs` fails
//! when the file is stale and says how to regenerate it.
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
