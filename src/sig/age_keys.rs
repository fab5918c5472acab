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
    let line = the_one_line(text, "key").map_err(KeyError::AgeIdentity)?;
    age::x25519::Identity::from_str(line).map_err(|e| KeyError::AgeIdentity(e.to_string()))
}

/// Parses an age X25519 recipient (`age1...`), alone or in a file with `#` comment lines.
pub fn parse_age_recipient(text: &str) -> Result<age::x25519::Recipient, KeyError> {
    let line = the_one_line(text, "recipient").map_err(KeyError::AgeRecipient)?;
    age::x25519::Recipient::from_str(line).map_err(|e| KeyError::AgeRecipient(e.to_string()))
}

/// The single line of a key file that is neither blank nor a `#` comment (`what` names it in
/// the refusal).
fn the_one_line<'a>(text: &'a str, what: &str) -> Result<&'a str, String> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    match (lines.next(), lines.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err(format!("no {what} line")),
        (Some(_), Some(_)) => Err(format!("more than one {what} line")),
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
        let two = format!("{}\n{}\n", id.to_public(), id.to_public());
        assert_eq!(
            parse_age_recipient(&two).unwrap_err().to_string(),
            KeyError::AgeRecipient("more than one recipient line".into()).to_string()
        );
        assert!(matches!(
            parse_age_identity(b"# only a comment\n"),
            Err(KeyError::AgeIdentity(why)) if why == "no key line"
        ));
    }
}
