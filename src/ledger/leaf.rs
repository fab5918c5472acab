/*!
The leaf encoding: the exact bytes an entry's leaf hash is computed over (see the module doc of
[`super`]), built from borrowed fields so neither appending nor verifying copies a body.
*/
use serde_json::Value;

use super::merkle;
use super::merkle::Hash;

/// Format marker inside every leaf, so leaves can never be confused with another document.
pub const ENTRY_FORMAT: &str = "airgap-audit/ledger-entry/v1";

/// Canonical JSON ([`crate::canonical`], the same encoding verdicts and receipts are signed in):
/// object keys sorted by their UTF-8 bytes at every level, no whitespace, serde_json's string
/// escaping and shortest number form.
///
/// A `Value` holds no non-finite number, so the only possible error is nesting deeper than
/// [`crate::canonical::MAX_DEPTH`]: appends check [`super::MAX_BODY_DEPTH`] (the same bound)
/// first, and when re-checking a stored body the empty string simply never matches, which
/// reports the row.
pub fn canonical_json(v: &Value) -> String {
    crate::canonical::to_string(v).unwrap_or_default()
}

/// Nesting depth of a JSON value (a scalar is 0), without recursion.
pub(super) fn json_depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(m) => stack.extend(m.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

fn push_json_str(s: &str, out: &mut String) {
    // Serializing a &str cannot fail; the fallback keeps this total anyway.
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("\"\""),
    }
}

fn json_opt_str(v: Option<&str>) -> String {
    match v {
        Some(s) => {
            let mut o = String::new();
            push_json_str(s, &mut o);
            o
        }
        None => "null".into(),
    }
}

/// The fields of an entry that go into its leaf, borrowed from a new entry or a stored row.
pub(super) struct LeafFields<'a> {
    pub(super) index: u64,
    pub(super) kind: &'a str,
    pub(super) subject: &'a str,
    pub(super) bundle_sha256: Option<&'a str>,
    pub(super) orchestrator_key: Option<&'a str>,
    pub(super) sequence: Option<i64>,
    pub(super) decision: Option<&'a str>,
    pub(super) created_at: &'a str,
    /// Canonical JSON text of the body.
    pub(super) body: &'a str,
}

impl LeafFields<'_> {
    /// Everything after the body in the canonical leaf document (keys in sorted order).
    fn tail(&self) -> String {
        format!(
            ",\"bundle_sha256\":{},\"created_at\":{},\"decision\":{},\"format\":{},\"index\":{},\"kind\":{},\"orchestrator_key\":{},\"sequence\":{},\"subject\":{}}}",
            json_opt_str(self.bundle_sha256),
            json_opt_str(Some(self.created_at)),
            json_opt_str(self.decision),
            json_opt_str(Some(ENTRY_FORMAT)),
            self.index,
            json_opt_str(Some(self.kind)),
            json_opt_str(self.orchestrator_key),
            self.sequence.map_or_else(|| "null".to_string(), |s| s.to_string()),
            json_opt_str(Some(self.subject)),
        )
    }

    pub(super) fn leaf_hash(&self) -> Hash {
        let tail = self.tail();
        merkle::leaf_hash_parts(&[b"{\"body\":", self.body.as_bytes(), tail.as_bytes()])
    }

    /// The exact leaf data bytes (for export and tests; hashing does not build this).
    pub(super) fn leaf_data(&self) -> Vec<u8> {
        let mut v = b"{\"body\":".to_vec();
        v.extend_from_slice(self.body.as_bytes());
        v.extend_from_slice(self.tail().as_bytes());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_recursively_without_whitespace() {
        let v = json!({"b": [1, {"z": true, "a": null}], "a": "é\"\n", "c": 1.5});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":"é\"\n","b":[1,{"a":null,"z":true}],"c":1.5}"#
        );
    }

    #[test]
    fn leaf_data_is_canonical_json_of_the_entry() {
        let body = canonical_json(&json!({"y": 2, "x": 1}));
        let f = LeafFields {
            index: 3,
            kind: "verdict",
            subject: "req-1",
            bundle_sha256: Some("ab"),
            orchestrator_key: None,
            sequence: Some(7),
            decision: Some("approve"),
            created_at: "2026-11-26T00:00:00Z",
            body: &body,
        };
        let data = f.leaf_data();
        let parsed: Value = serde_json::from_slice(&data).unwrap();
        assert_eq!(canonical_json(&parsed).as_bytes(), &data[..]);
        assert_eq!(parsed["index"], 3);
        assert_eq!(parsed["format"], ENTRY_FORMAT);
        assert_eq!(f.leaf_hash(), merkle::leaf_hash(&data));
    }
}
