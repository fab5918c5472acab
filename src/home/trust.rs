/*!
The station's trust store (`trust.json`): which minisign public keys the station trusts, per role.

Roles: `orchestrator` (signs request bundles), and the approver roles `requester`, `finance`,
`security`, `change_management`, `manager` (sign approvals; `station.toml` maps approval kinds to
roles). A key trusted as `orchestrator` cannot also hold an approver role, so the orchestrator
can never mint approvals with its own key. A key may carry the `identity` of the person holding
it (`trust add --identity`), the same in every role: two-person overrides count people by it.

File format (strict, unknown fields rejected, key ids checked against the keys):

```json
{"format": "airgap-audit/trust/v1",
 "roles": {"orchestrator": [{"key_id": "280E55DF5F9258B6", "public_key": "RWS2...",
                             "comment": "cloud orchestrator", "added_at": "2026-11-26T10:00:00Z"}]}}
```

Consistency with the ledger: every change is first appended to the ledger as a `TrustChange`
entry whose body carries the whole resulting store, then `trust.json` is replaced atomically.
The ledger is the source of truth and `trust.json` is its materialized view
([`crate::home::trust_sync`] keeps them in step). Everything here is pure.
*/
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::sig::VerifyKey;

pub const FORMAT: &str = "airgap-audit/trust/v1";

/// Largest trust store accepted (a few hundred keys at most).
pub const MAX_TRUST_BYTES: usize = 1024 * 1024;

/// A role a trusted key can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Orchestrator,
    Requester,
    Finance,
    Security,
    ChangeManagement,
    Manager,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Orchestrator,
        Role::Requester,
        Role::Finance,
        Role::Security,
        Role::ChangeManagement,
        Role::Manager,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Orchestrator => "orchestrator",
            Role::Requester => "requester",
            Role::Finance => "finance",
            Role::Security => "security",
            Role::ChangeManagement => "change_management",
            Role::Manager => "manager",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = TrustError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| TrustError::UnknownRole(s.to_string()))
    }
}

/// Trust store errors. One line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("unknown role {0:?}; roles are orchestrator, requester, finance, security, change_management, manager")]
    UnknownRole(String),
    #[error("trust store is malformed: {0}")]
    Malformed(String),
    #[error("key {key_id} is already trusted as {role}")]
    AlreadyTrusted { key_id: String, role: Role },
    #[error("key {key_id} is not trusted as {role}; see 'airgap-audit trust list'")]
    NotTrusted { key_id: String, role: Role },
    #[error("key {key_id} is trusted as {existing}; an orchestrator key cannot also hold an approver role (use a separate key)")]
    RoleConflict { key_id: String, existing: Role },
    #[error("identity {0:?} is not an identity: use 1-200 characters of a-z 0-9 . _ % + @ - (an e-mail address)")]
    BadIdentity(String),
    #[error("key {key_id} already belongs to {existing}; one key is one person: give the same --identity (or none) for each of its roles")]
    IdentityConflict { key_id: String, existing: String },
}

/// Checks and normalizes a person's identity (lower case): two spellings of one e-mail address
/// must be one person when an override counts signers.
pub fn normalize_identity(s: &str) -> Result<String, TrustError> {
    let lower = s.trim().to_ascii_lowercase();
    let ok = !lower.is_empty()
        && lower.len() <= 200
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_%+@".contains(&b));
    if ok {
        Ok(lower)
    } else {
        Err(TrustError::BadIdentity(s.chars().take(60).collect()))
    }
}

/// One trusted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// 16 upper-case hex digits, as `minisign` prints it.
    pub key_id: String,
    /// The minisign public key's base64 line (`RW...`).
    pub public_key: String,
    #[serde(default)]
    pub comment: String,
    pub added_at: String,
    /// The person who holds the key (`trust add --identity`), lower case. Two keys of one
    /// identity are one person when override signers are counted. Omitted when not given, so
    /// stores written before identities existed keep their exact bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
}

impl TrustedKey {
    pub fn verify_key(&self) -> Result<VerifyKey, TrustError> {
        VerifyKey::from_base64(&self.public_key).map_err(|e| TrustError::Malformed(e.to_string()))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    format: String,
    roles: BTreeMap<Role, Vec<TrustedKey>>,
}

/// The trust store: role → keys (each list sorted by key id, so the file is canonical).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustStore {
    roles: BTreeMap<Role, Vec<TrustedKey>>,
}

impl TrustStore {
    pub fn empty() -> Self {
        TrustStore::default()
    }

    /// Strict parse: format id, known roles only, no unknown fields, each key valid and its
    /// key id matching, no key twice in a role, no orchestrator key in another role.
    pub fn parse(bytes: &[u8]) -> Result<TrustStore, TrustError> {
        if bytes.len() > MAX_TRUST_BYTES {
            return Err(TrustError::Malformed(format!(
                "larger than {MAX_TRUST_BYTES} bytes"
            )));
        }
        let file: TrustFile =
            serde_json::from_slice(bytes).map_err(|e| TrustError::Malformed(e.to_string()))?;
        if file.format != FORMAT {
            return Err(TrustError::Malformed(format!(
                "format is {:?}, expected {FORMAT:?}",
                file.format
            )));
        }
        let mut store = TrustStore::empty();
        for (role, keys) in file.roles {
            for k in keys {
                let vk = k.verify_key()?;
                if vk.key_id != k.key_id {
                    return Err(TrustError::Malformed(format!(
                        "key_id {} does not match its public key (which is {})",
                        k.key_id, vk.key_id
                    )));
                }
                if let Some(id) = &k.identity {
                    if normalize_identity(id).as_deref() != Ok(id.as_str()) {
                        return Err(TrustError::Malformed(format!(
                            "key {} has identity {id:?}, which is not a normalized identity",
                            k.key_id
                        )));
                    }
                }
                store
                    .insert(role, k)
                    .map_err(|e| TrustError::Malformed(e.to_string()))?;
            }
        }
        Ok(store)
    }

    /// Canonical file bytes (pretty JSON, roles and keys sorted, trailing newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let file = TrustFile {
            format: FORMAT.to_string(),
            roles: self.roles.clone(),
        };
        let mut v = serde_json::to_vec_pretty(&file).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// The store as a JSON value (what a `TrustChange` ledger entry carries).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.to_bytes()).unwrap_or(serde_json::Value::Null)
    }

    /// Hex SHA-256 of [`Self::to_bytes`].
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(self.to_bytes()))
    }

    fn insert(&mut self, role: Role, key: TrustedKey) -> Result<(), TrustError> {
        for (r, keys) in &self.roles {
            if keys.iter().any(|k| k.key_id == key.key_id) {
                if *r == role {
                    return Err(TrustError::AlreadyTrusted {
                        key_id: key.key_id,
                        role,
                    });
                }
                if *r == Role::Orchestrator || role == Role::Orchestrator {
                    return Err(TrustError::RoleConflict {
                        key_id: key.key_id,
                        existing: *r,
                    });
                }
                if let Some(other) = keys.iter().find(|k| k.key_id == key.key_id) {
                    if other.identity != key.identity {
                        return Err(TrustError::IdentityConflict {
                            key_id: key.key_id,
                            existing: other
                                .identity
                                .clone()
                                .unwrap_or_else(|| "no identity".to_string()),
                        });
                    }
                }
            }
        }
        let list = self.roles.entry(role).or_default();
        list.push(key);
        list.sort_by(|a, b| a.key_id.cmp(&b.key_id));
        Ok(())
    }

    /// Trusts `key` for `role`.
    pub fn add(
        &mut self,
        role: Role,
        key: &VerifyKey,
        comment: &str,
        added_at: &str,
    ) -> Result<TrustedKey, TrustError> {
        self.add_with_identity(role, key, comment, added_at, None)
    }

    /// Trusts `key` for `role`, held by the person `identity` (normalized here).
    pub fn add_with_identity(
        &mut self,
        role: Role,
        key: &VerifyKey,
        comment: &str,
        added_at: &str,
        identity: Option<&str>,
    ) -> Result<TrustedKey, TrustError> {
        let identity = identity.map(normalize_identity).transpose()?;
        let entry = TrustedKey {
            key_id: key.key_id.clone(),
            public_key: key.to_base64(),
            comment: comment.to_string(),
            added_at: added_at.to_string(),
            identity,
        };
        self.insert(role, entry.clone())?;
        Ok(entry)
    }

    /// Stops trusting the key with `key_id` for `role`.
    pub fn remove(&mut self, role: Role, key_id: &str) -> Result<TrustedKey, TrustError> {
        let not = || TrustError::NotTrusted {
            key_id: key_id.to_string(),
            role,
        };
        let list = self.roles.get_mut(&role).ok_or_else(not)?;
        let pos = list
            .iter()
            .position(|k| k.key_id == key_id)
            .ok_or_else(not)?;
        let removed = list.remove(pos);
        if list.is_empty() {
            self.roles.remove(&role);
        }
        Ok(removed)
    }

    /// The keys trusted for `role`, ready to verify with.
    pub fn keys(&self, role: Role) -> Vec<VerifyKey> {
        self.roles
            .get(&role)
            .map(|l| l.iter().filter_map(|k| k.verify_key().ok()).collect())
            .unwrap_or_default()
    }

    /// The key with `key_id` (16 hex digits, either case) trusted for `role`, ready to verify with.
    pub fn trusted_key(&self, role: Role, key_id: &str) -> Result<VerifyKey, TrustError> {
        let id = key_id.to_ascii_uppercase();
        match self.entries().find(|(r, k)| *r == role && k.key_id == id) {
            Some((_, k)) => k.verify_key(),
            None => Err(TrustError::NotTrusted { key_id: id, role }),
        }
    }

    /// The keys trusted for any of `roles` (deduplicated), e.g. the roles allowed for an approval kind.
    pub fn keys_for_any(&self, roles: &[Role]) -> Vec<VerifyKey> {
        let mut out: Vec<VerifyKey> = Vec::new();
        for r in roles {
            for k in self.keys(*r) {
                if !out.iter().any(|o| o.key_id == k.key_id) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// The identity recorded for `key_id` (the same in every role it holds).
    pub fn identity_of(&self, key_id: &str) -> Option<&str> {
        self.entries()
            .find(|(_, k)| k.key_id == key_id)
            .and_then(|(_, k)| k.identity.as_deref())
    }

    /// The roles `key_id` holds.
    pub fn roles_of(&self, key_id: &str) -> Vec<Role> {
        self.roles
            .iter()
            .filter(|(_, l)| l.iter().any(|k| k.key_id == key_id))
            .map(|(r, _)| *r)
            .collect()
    }

    /// Every (role, key), roles in declaration order, keys by id.
    pub fn entries(&self) -> impl Iterator<Item = (Role, &TrustedKey)> {
        self.roles
            .iter()
            .flat_map(|(r, l)| l.iter().map(move |k| (*r, k)))
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }
}

/// `trust list --format json` (`docs/schemas/trust-list.schema.json`).
#[derive(Debug, Serialize)]
pub struct TrustListDocument<'a> {
    pub format: &'static str,
    pub keys: Vec<ListedKey<'a>>,
}

/// One trusted key as `trust list --format json` shows it.
#[derive(Debug, Serialize)]
pub struct ListedKey<'a> {
    pub role: &'static str,
    pub key_id: &'a str,
    pub public_key: &'a str,
    pub added_at: &'a str,
    pub comment: &'a str,
}

impl<'a> TrustListDocument<'a> {
    /// The listed (role, key) pairs, as [`TrustStore::entries`] gives them.
    pub fn new(entries: impl IntoIterator<Item = (Role, &'a TrustedKey)>) -> TrustListDocument<'a> {
        TrustListDocument {
            format: crate::report::formats::TRUST_LIST,
            keys: entries
                .into_iter()
                .map(|(role, k)| ListedKey {
                    role: role.as_str(),
                    key_id: &k.key_id,
                    public_key: &k.public_key,
                    added_at: &k.added_at,
                    comment: &k.comment,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sig::SigningKey;

    #[test]
    fn add_remove_round_trip() {
        let a = SigningKey::generate().unwrap();
        let b = SigningKey::generate().unwrap();
        let mut s = TrustStore::empty();
        s.add(
            Role::Orchestrator,
            a.public(),
            "orch",
            "2026-11-26T00:00:00Z",
        )
        .unwrap();
        s.add(Role::Finance, b.public(), "", "2026-11-26T00:00:00Z")
            .unwrap();
        s.add(Role::Manager, b.public(), "", "2026-11-26T00:00:00Z")
            .unwrap();
        assert!(matches!(
            s.add(Role::Finance, b.public(), "", "t"),
            Err(TrustError::AlreadyTrusted { .. })
        ));
        assert!(matches!(
            s.add(Role::Security, a.public(), "", "t"),
            Err(TrustError::RoleConflict { .. })
        ));
        assert!(matches!(
            s.add(Role::Orchestrator, b.public(), "", "t"),
            Err(TrustError::RoleConflict { .. })
        ));
        let back = TrustStore::parse(&s.to_bytes()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.keys(Role::Orchestrator), vec![a.public().clone()]);
        assert_eq!(
            back.roles_of(b.key_id()),
            vec![Role::Finance, Role::Manager]
        );
        assert_eq!(back.keys_for_any(&[Role::Finance, Role::Manager]).len(), 1);
        // A key named by id is the one trusted for that role, whatever the id's case.
        let lower = b.key_id().to_ascii_lowercase();
        assert_eq!(
            &back.trusted_key(Role::Finance, &lower).unwrap(),
            b.public()
        );
        assert!(matches!(
            back.trusted_key(Role::Security, b.key_id()),
            Err(TrustError::NotTrusted { .. })
        ));
        s.remove(Role::Finance, b.key_id()).unwrap();
        assert!(s.remove(Role::Finance, b.key_id()).is_err());
        assert_eq!(s.roles_of(b.key_id()), vec![Role::Manager]);
    }

    #[test]
    fn a_key_has_one_identity_and_old_stores_load() {
        let a = SigningKey::generate().unwrap();
        let b = SigningKey::generate().unwrap();
        let mut s = TrustStore::empty();
        s.add_with_identity(
            Role::Manager,
            a.public(),
            "",
            "t",
            Some(" Alice@Example.COM "),
        )
        .unwrap();
        assert_eq!(s.identity_of(a.key_id()), Some("alice@example.com"));
        // The same key in another role keeps its identity, or is refused.
        assert!(matches!(
            s.add_with_identity(
                Role::Security,
                a.public(),
                "",
                "t",
                Some("mallory@example.com")
            ),
            Err(TrustError::IdentityConflict { .. })
        ));
        assert!(matches!(
            s.add(Role::Security, a.public(), "", "t"),
            Err(TrustError::IdentityConflict { .. })
        ));
        s.add_with_identity(
            Role::Security,
            a.public(),
            "",
            "t",
            Some("alice@example.com"),
        )
        .unwrap();
        assert!(matches!(
            s.add_with_identity(Role::Finance, b.public(), "", "t", Some("not an identity")),
            Err(TrustError::BadIdentity(_))
        ));
        s.add(Role::Finance, b.public(), "", "t").unwrap();
        let back = TrustStore::parse(&s.to_bytes()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.identity_of(b.key_id()), None);
        // A store without identities keeps its exact bytes (no `identity` key written).
        let mut plain = TrustStore::empty();
        plain.add(Role::Finance, b.public(), "", "t").unwrap();
        assert!(!String::from_utf8(plain.to_bytes())
            .unwrap()
            .contains("identity"));
        // A file whose key has two identities, or an identity not in normal form, is refused.
        let text = String::from_utf8(s.to_bytes()).unwrap();
        let split = text.replacen("alice@example.com", "eve@example.com", 1);
        assert!(TrustStore::parse(split.as_bytes()).is_err());
        let upper = text.replace("alice@example.com", "Alice@example.com");
        assert!(TrustStore::parse(upper.as_bytes()).is_err());
    }

    #[test]
    fn parse_is_strict() {
        let a = SigningKey::generate().unwrap();
        let b64 = a.public().to_base64();
        let id = a.key_id();
        let good = format!(
            r#"{{"format":"airgap-audit/trust/v1","roles":{{"orchestrator":[{{"key_id":"{id}","public_key":"{b64}","added_at":"t"}}]}}}}"#
        );
        TrustStore::parse(good.as_bytes()).unwrap();
        let bad = [
            good.replace("trust/v1", "trust/v2"),
            good.replace("orchestrator", "ceo"),
            good.replace("\"added_at\"", "\"extra\":1,\"added_at\""),
            good.replace(id, "0000000000000000"),
            good.replace(&b64, "RWQ="),
            good.replace(
                "]}}",
                &format!(
                    ",{{\"key_id\":\"{id}\",\"public_key\":\"{b64}\",\"added_at\":\"t\"}}]}}}}"
                ),
            ),
            "[]".to_string(),
        ];
        for b in bad {
            assert!(TrustStore::parse(b.as_bytes()).is_err(), "accepted: {b}");
        }
        assert_eq!(
            "change_management".parse::<Role>().unwrap(),
            Role::ChangeManagement
        );
        assert!("admin".parse::<Role>().is_err());
    }
}
