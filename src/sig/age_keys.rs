/*!
age X25519 key formats, as the real tools write them: an identity file as `age-keygen` writes it
and a recipient (`age1...`) alone or in a file with `#` comment lines. Pure: text in, keys out.
*/
use std::str::FromStr;

use age::secrecy::ExposeSecret;

use super::KeyError;

/// Parses an age identity file (`age-keygen` output: `#` comments and one `AGE-SECRET-KEY-1` line).
pub fn parse_age_identity(text: &[u8]) -> Result<age::x25519::Identity, KeyError> {
    let text = std::str::from_utf8(text).map_err(|_| KeyError::NotText)?;
    let keys: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    match keys.as_slice() {
        [one] => {
            age::x25519::Identity::from_str(one).map_err(|e| KeyError::AgeIdentity(e.to_string()))
        }
        [] => Err(KeyError::AgeIdentity("no key line".into())),
        _ => Err(KeyError::AgeIdentity("more than one key line".into())),
    }
}

/// Parses an age X25519 recipient (`age1...`), alone or in a file with `#` comment lines.
pub fn parse_age_recipient(text: &str) -> Result<age::x25519::Recipient, KeyError> {
    let keys: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    match keys.as_slice() {
        [one] => {
            age::x25519::Recipient::from_str(one).map_err(|e| KeyError::AgeRecipient(e.to_string()))
        }
        [] => Err(KeyError::AgeRecipient("no recipient line".into())),
        _ => Err(KeyError::AgeRecipient(
            "more than one recipient line".into(),
        )),
    }
}

/// The identity file text, in `age-keygen`'s layout.
pub fn age_identity_file(id: &age::x25519::Identity, created: &str) -> String {
    format!(
        "# created: {created}\n# public key: {}\n{}\n",
        id.to_public(),
        id.to_string().expose_secret()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_identity_and_recipient_files_round_trip() {
        let id = age::x25519::Identity::generate();
        let f = age_identity_file(&id, "2026-11-26T00:00:00Z");
        let back = parse_age_identity(f.as_bytes()).unwrap();
        assert_eq!(back.to_public().to_string(), id.to_public().to_string());
        let r = parse_age_recipient(&format!("# c\n{}\n", id.to_public())).unwrap();
        assert_eq!(r, id.to_public());
        assert!(parse_age_recipient("age1nope").is_err());
    }
}
