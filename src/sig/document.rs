/*!
The one sign and verify step of the documents the station signs (verdict, rejection receipt,
execution check). Signing: canonical JSON bytes, signed deterministically, with a trusted comment
that repeats the fields `minisign -V` alone should prove. Verifying: a size cap, the signature by
the expected key over the exact bytes, the document's own strict parse, and a trusted comment that
says what the body says. Each document brings its format (comment, cap, parser); the steps and
their order are written once, here.
*/
use serde::Serialize;

use super::{minisig, SigError};
use crate::canonical::{self, CanonicalError};

/// A document the station signs.
pub trait SignedDocument: Serialize + Sized {
    /// The untrusted comment line of its signature (not covered by the signature).
    const UNTRUSTED_COMMENT: &'static str;
    /// Largest file the verifier reads.
    const MAX_BYTES: usize;
    /// The document's own refusal type, which can say every [`AuthError`].
    type Error: From<AuthError>;
    /// The trusted comment: the document's key facts, covered by the signature.
    fn trusted_comment(&self) -> String;
    /// Strict parse of the exact file bytes (canonical, known fields only, exact re-encoding).
    fn parse(bytes: &[u8]) -> Result<Self, Self::Error>;
}

/// Why a document could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("canonical encoding failed: {0}")]
    Canonical(#[from] CanonicalError),
    #[error("signing failed: {0}")]
    Sign(SigError),
}

/// Why a signed document is not authentic. Each document's error type says these its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// The file is larger than the document's cap (the cap is given).
    TooLarge(usize),
    SignatureUnreadable(SigError),
    WrongKey {
        got: String,
        want: String,
    },
    BadSignature,
    BadCommentSignature,
    CommentMismatch {
        expected: String,
        got: String,
    },
}

/// The file bytes (canonical JSON) and the `.minisig` text of a document. Deterministic: the same
/// document and key always give the same bytes.
pub fn sign_document<T: SignedDocument>(
    doc: &T,
    key: &minisign::SecretKey,
) -> Result<(Vec<u8>, String), SignError> {
    let json = canonical::to_vec(doc)?;
    let signature = minisig::sign(key, &json, &doc.trusted_comment(), T::UNTRUSTED_COMMENT)
        .map_err(SignError::Sign)?;
    Ok((json, signature))
}

/// Authenticates a document: size cap, a signature by `key` over the exact bytes, the strict
/// parse, and a trusted comment that matches the body.
pub fn verify_document<T: SignedDocument>(
    json: &[u8],
    minisig_text: &[u8],
    key: &minisign::PublicKey,
) -> Result<T, T::Error> {
    if json.len() > T::MAX_BYTES {
        return Err(AuthError::TooLarge(T::MAX_BYTES).into());
    }
    let sig = minisig::parse(minisig_text).map_err(AuthError::SignatureUnreadable)?;
    minisig::verify(key, &sig, json).map_err(|e| match e {
        SigError::WrongKey { got, want } => AuthError::WrongKey { got, want },
        SigError::BadCommentSignature(_) => AuthError::BadCommentSignature,
        SigError::BadSignature(_) => AuthError::BadSignature,
        other => AuthError::SignatureUnreadable(other),
    })?;
    let doc = T::parse(json)?;
    let expected = doc.trusted_comment();
    if sig.trusted_comment != expected {
        return Err(AuthError::CommentMismatch {
            expected,
            got: sig.trusted_comment.chars().take(300).collect(),
        }
        .into());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose trusted comment repeats its one field, as the station's do.
    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Note {
        n: u64,
    }

    impl SignedDocument for Note {
        const UNTRUSTED_COMMENT: &'static str = "test note signature";
        const MAX_BYTES: usize = 64;
        type Error = AuthError;
        fn trusted_comment(&self) -> String {
            format!("note n={}", self.n)
        }
        fn parse(bytes: &[u8]) -> Result<Self, AuthError> {
            serde_json::from_slice(bytes).map_err(|_| AuthError::BadSignature)
        }
    }

    #[test]
    fn only_the_exact_bytes_signed_by_the_key_and_matching_their_comment_verify() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let (json, sig) = sign_document(&Note { n: 7 }, &kp.sk).unwrap();
        assert_eq!(json, br#"{"n":7}"#);
        assert_eq!(
            sign_document(&Note { n: 7 }, &kp.sk).unwrap().1,
            sig,
            "deterministic"
        );
        let ok: Note = verify_document(&json, sig.as_bytes(), &kp.pk).unwrap();
        assert_eq!(ok, Note { n: 7 });

        let altered = br#"{"n":8}"#;
        assert_eq!(
            verify_document::<Note>(altered, sig.as_bytes(), &kp.pk),
            Err(AuthError::BadSignature)
        );
        let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        assert!(matches!(
            verify_document::<Note>(&json, sig.as_bytes(), &other.pk),
            Err(AuthError::WrongKey { .. })
        ));
        assert_eq!(
            verify_document::<Note>(&[b' '; 65], sig.as_bytes(), &kp.pk),
            Err(AuthError::TooLarge(64))
        );
        // Signed honestly, but with a comment that does not say what the body says.
        let lying = minisig::sign(&kp.sk, &json, "note n=9", Note::UNTRUSTED_COMMENT).unwrap();
        assert!(matches!(
            verify_document::<Note>(&json, lying.as_bytes(), &kp.pk),
            Err(AuthError::CommentMismatch { .. })
        ));
    }
}
