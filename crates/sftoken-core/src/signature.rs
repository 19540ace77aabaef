//! The answer's `signature`: base64(HMAC-SHA256(key = client secret, message = id + issued_at)).
//!
//! A verified signature shows the answer came from an org that knows the client secret and that `id`
//! was not altered. Salesforce's formula is documented but not guaranteed, so a mismatch is a warning
//! shown to the user, never a failure.

use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sha2::Sha256;

/// The outcome of checking an answer's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureVerdict {
    /// HMAC-SHA256 of `id + issued_at` under the client secret matches.
    Verified,
    /// A signature came back but does not match: the answer was altered, or the secret differs.
    Mismatch,
    /// Nothing to check: no signature (JWT bearer), no `issued_at`/`id`, or no client secret.
    Absent,
}

impl SignatureVerdict {
    /// Checks `signature` against `id + issued_at` in constant time.
    pub fn check(
        secret: Option<&SecretString>,
        id: Option<&str>,
        issued_at: Option<&str>,
        signature: Option<&str>,
    ) -> SignatureVerdict {
        let (Some(secret), Some(id), Some(issued_at), Some(signature)) =
            (secret, id, issued_at, signature)
        else {
            return SignatureVerdict::Absent;
        };
        let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(signature.trim())
        else {
            return SignatureVerdict::Mismatch;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) else {
            return SignatureVerdict::Mismatch;
        };
        mac.update(id.as_bytes());
        mac.update(issued_at.as_bytes());
        match mac.verify_slice(&expected) {
            Ok(()) => SignatureVerdict::Verified,
            Err(_) => SignatureVerdict::Mismatch,
        }
    }

    /// The verdict in one word, as `--field signature_verdict` prints it and the page names it.
    pub fn word(self) -> &'static str {
        match self {
            SignatureVerdict::Verified => "verified",
            SignatureVerdict::Mismatch => "mismatch",
            SignatureVerdict::Absent => "absent",
        }
    }

    /// The badge beside the status line.
    pub fn badge(self) -> &'static str {
        match self {
            SignatureVerdict::Verified => "signature ✓",
            SignatureVerdict::Mismatch => "signature ✗ mismatch",
            SignatureVerdict::Absent => "signature —",
        }
    }

    /// One line for the user: what the verdict means.
    pub fn explanation(self) -> &'static str {
        match self {
            SignatureVerdict::Verified => {
                "verified: the answer is signed with your client secret, and its id was not altered"
            }
            SignatureVerdict::Mismatch => {
                "mismatch: the signature does not match id + issued_at under your client secret (altered answer, or a different secret)"
            }
            SignatureVerdict::Absent => "absent: this answer carries no signature to check",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(message.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }

    const ID: &str = "https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV";
    const AT: &str = "1764322315640";

    #[test]
    fn a_signature_made_with_the_secret_verifies() {
        let sig = sign("s3cret", &format!("{ID}{AT}"));
        let secret = SecretString::from("s3cret");
        assert_eq!(
            SignatureVerdict::check(Some(&secret), Some(ID), Some(AT), Some(&sig)),
            SignatureVerdict::Verified
        );
    }

    #[test]
    fn another_secret_or_an_altered_id_is_a_mismatch() {
        let sig = sign("other", &format!("{ID}{AT}"));
        let secret = SecretString::from("s3cret");
        assert_eq!(
            SignatureVerdict::check(Some(&secret), Some(ID), Some(AT), Some(&sig)),
            SignatureVerdict::Mismatch
        );
        let good = sign("s3cret", &format!("{ID}{AT}"));
        let altered = ID.replace("0055g", "0055h");
        assert_eq!(
            SignatureVerdict::check(Some(&secret), Some(&altered), Some(AT), Some(&good)),
            SignatureVerdict::Mismatch
        );
        assert_eq!(
            SignatureVerdict::check(Some(&secret), Some(ID), Some(AT), Some("%%%")),
            SignatureVerdict::Mismatch
        );
    }

    #[test]
    fn nothing_to_check_is_absent() {
        let secret = SecretString::from("s3cret");
        assert_eq!(
            SignatureVerdict::check(Some(&secret), Some(ID), Some(AT), None),
            SignatureVerdict::Absent
        );
        assert_eq!(
            SignatureVerdict::check(None, Some(ID), Some(AT), Some("x")),
            SignatureVerdict::Absent
        );
    }
}
