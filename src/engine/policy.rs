/*!
The policy file (TOML): thresholds, tag conventions, region lists, dispositions, and the Rego
directory. Parsed from bytes; documented defaults; hashed so every result names its policy set.
OWNER: engine-core helper (fill in).
*/
use serde::Serialize;

/// The parsed policy set: configuration plus user Rego modules, with the SHA-256 that verdicts
/// record. Build it with [`PolicySet::from_parts`] from bytes the caller has read.
#[derive(Debug, Clone, Serialize)]
pub struct PolicySet {
    /// Hex SHA-256 over the policy file bytes and every Rego module (name and bytes), in order.
    pub sha256: String,
}
