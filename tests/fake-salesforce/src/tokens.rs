//! What a successful login hands out: realistic access tokens (`{org id 15}!AQ...`), refresh
//! tokens (`5Aep861...`), authorization codes (`aPrx...==`), `issued_at`, and the `signature`
//! (base64 of HMAC-SHA256 keyed by the client secret over `id` + `issued_at`). Shared by every
//! grant; tests use [`signature`] to check answers independently.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// How many random characters follow `!AQ` (real tokens are about 112 characters long in all).
pub const ACCESS_TOKEN_RANDOM_CHARS: usize = 94;

/// Every access token handed out by any fake in this process (tokens are random, so a test can ask
/// whether a token it saw was really issued without caring which fake issued it).
static ISSUED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// A fresh access token: the org id's first 15 characters, `!AQ`, then random base62.
pub fn access_token(org_id: &str) -> String {
    let prefix = org_id.get(..15).unwrap_or(org_id);
    let token = format!("{prefix}!AQ{}", random_base62(ACCESS_TOKEN_RANDOM_CHARS));
    ISSUED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(token.clone());
    token
}

/// How many random characters follow `5Aep861` in a refresh token (87 characters in all).
pub const REFRESH_TOKEN_RANDOM_CHARS: usize = 80;

/// A fresh refresh token: `5Aep861` then random base62, like Salesforce's.
pub fn refresh_token() -> String {
    format!("5Aep861{}", random_base62(REFRESH_TOKEN_RANDOM_CHARS))
}

/// A fresh authorization code: `aPrx`, random base62, `==` (Salesforce's codes end in `==`, so a
/// client that forgets to decode the callback's `%3D%3D` sends a wrong code).
pub fn authorization_code() -> String {
    format!("aPrx{}==", random_base62(80))
}

/// Whether a fake in this process issued `token` (an access token; see
/// `FakeSalesforce::token_is_active` for one fake's tokens of every kind).
pub fn was_issued(token: &str) -> bool {
    ISSUED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .any(|t| t == token)
}

/// Milliseconds since the epoch, as the decimal string Salesforce sends.
pub fn issued_at_now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        .to_string()
}

/// base64 (standard, padded) of HMAC-SHA256(key = `client_secret`, message = `id` + `issued_at`).
pub fn signature(client_secret: &str, id: &str, issued_at: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(client_secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is unreachable in practice.
        Err(_) => return String::new(),
    };
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `n` random characters from `[0-9A-Za-z]`.
pub fn random_base62(n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for byte in random_bytes(64) {
            // 248 = 4 * 62: rejecting the rest keeps the characters uniform.
            if byte < 248 && out.len() < n {
                out.push(char::from(BASE62[usize::from(byte % 62)]));
            }
        }
    }
    out
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    let provider = rustls::crypto::ring::default_provider();
    if provider.secure_random.fill(&mut buf).is_ok() {
        return buf;
    }
    // No OS randomness (never seen): unique, unpredictable-enough bytes for a fake.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut hasher = Sha256::new();
        hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
        hasher.update(format!("{:?}", SystemTime::now()).as_bytes());
        out.extend_from_slice(&hasher.finalize());
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_shape() {
        let t = access_token("00D5g000008AbCdEAK");
        assert!(t.starts_with("00D5g000008AbCd!AQ"), "{t}");
        assert_eq!(t.len(), 15 + 3 + ACCESS_TOKEN_RANDOM_CHARS);
        assert!(t[18..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(t, access_token("00D5g000008AbCdEAK"));
    }

    #[test]
    fn signature_matches_a_known_value() {
        // Computed independently: printf '%s' "$id$issued" | openssl dgst -sha256 -hmac KEY -binary | base64
        let sig = signature("key", "https://login.salesforce.com/id/a/b", "1");
        assert_eq!(sig, "hQ8JMIAXdVDKcrmIIOm8M65cqUOrW4U4uP+EQsZB52w=");
    }
}
