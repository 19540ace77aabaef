//! A JWT bearer key made by sftoken: an RSA key pair (2048 bits, for RS256) and a self-signed X.509
//! certificate around its public half, which the admin uploads to the app in Setup. The private key
//! lives in the OS keychain with the profile's other secrets (see `profiles::Keychain::save_key`);
//! it reaches a file only when the user exports it ([`PrivateKey::export`]).
//!
//! The crates do the cryptography and the ASN.1: `rsa` (the one jsonwebtoken signs with) makes the
//! key, `rcgen` writes the certificate.

mod certificate;
mod private_key;

pub use certificate::{Certificate, EXPIRY_WARNING_DAYS};
pub use private_key::{PrivateKey, KEYCHAIN_ITEM_LIMIT};

use chrono::NaiveDate;
use rsa::pkcs8::EncodePrivateKey;

/// The key size Salesforce documents for the JWT bearer flow's certificate.
pub const KEY_BITS: usize = 2048;
/// How long a new certificate is valid unless the user says otherwise (two years).
pub const DEFAULT_VALID_DAYS: u32 = 730;
/// The longest validity offered (ten years): a key that never expires is a key nobody rotates.
pub const MAX_VALID_DAYS: u32 = 3650;

/// A key pair just made, before it is stored.
#[derive(Debug)]
pub struct NewKey {
    pub private_key: PrivateKey,
    pub certificate: Certificate,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the validity must be between 1 and {MAX_VALID_DAYS} days (you asked for {0})")]
    Validity(u32),
    #[error("the RSA key could not be generated: {0}")]
    Generate(String),
    #[error("the certificate could not be made: {0}")]
    Certificate(String),
    #[error("the private key in the keychain is not an RSA key sftoken can sign with: generate a new one")]
    Unusable,
    #[error("{path} could not be written: {reason}")]
    Write { path: String, reason: String },
    #[error("{path} already exists: choose another file name (sftoken never overwrites a file)")]
    Exists { path: String },
}

/// Makes a key pair and a certificate valid from `today` for `valid_days`, whose subject names
/// sftoken and the profile (`CN=sftoken — Acme prod, O=sftoken`).
pub fn generate(profile_name: &str, valid_days: u32, today: NaiveDate) -> Result<NewKey, KeyError> {
    if valid_days == 0 || valid_days > MAX_VALID_DAYS {
        return Err(KeyError::Validity(valid_days));
    }
    let mut rng = getrandom::SysRng;
    let key =
        rsa::PrivateKey::new(&mut rng, KEY_BITS).map_err(|e| KeyError::Generate(e.to_string()))?;
    let pkcs8 = key
        .to_pkcs8_der()
        .map_err(|e| KeyError::Generate(e.to_string()))?;
    let private_key = PrivateKey::from_pkcs8_der(pkcs8.as_bytes().to_vec());
    let not_after = today + chrono::Days::new(u64::from(valid_days));
    let certificate = certificate::self_signed(&private_key, profile_name, today, not_after)?;
    Ok(NewKey {
        private_key,
        certificate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_new_key_fits_a_windows_credential_and_signs_rs256() {
        let new = generate("Acme prod", DEFAULT_VALID_DAYS, day("2026-11-30")).unwrap();
        let der = new.private_key.pkcs8_der();
        assert!(
            der.len() <= KEYCHAIN_ITEM_LIMIT,
            "{} bytes do not fit a Windows Credential Manager item",
            der.len()
        );
        let pkcs1 = new.private_key.pkcs1_der().unwrap();
        let key = jsonwebtoken::EncodingKey::from_rsa_der(pkcs1.expose_secret());
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        jsonwebtoken::encode(&header, &serde_json::json!({"sub": "x"}), &key).unwrap();
        let pem = new.private_key.to_pem().unwrap();
        assert!(pem
            .expose_secret()
            .starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(format!("{:?}", new.private_key).contains("redacted"));
    }

    #[test]
    fn the_certificate_names_sftoken_and_the_profile_and_its_validity() {
        let new = generate("Acme prod", 730, day("2026-11-30")).unwrap();
        let cert = &new.certificate;
        assert_eq!(cert.subject, "CN=sftoken — Acme prod, O=sftoken");
        assert_eq!(cert.not_before, day("2026-11-30"));
        assert_eq!(cert.not_after, day("2028-11-29"));
        assert!(cert.pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_eq!(cert.days_left(day("2026-11-30")), 730);
        assert_eq!(
            cert.expiry_line(day("2028-11-28")),
            "expires 2028-11-29 (1 day left)"
        );
        assert_eq!(
            cert.expiry_line(day("2028-11-29")),
            "expired on 2028-11-29",
            "notAfter is 00:00 UTC"
        );
        assert!(cert.expiry_warning(day("2028-10-29")).is_none());
        let soon = cert.expiry_warning(day("2028-10-31")).unwrap();
        assert!(
            soon.contains("29 days left") && soon.contains("Generate a new key"),
            "{soon}"
        );
        assert!(cert
            .expiry_warning(day("2028-12-01"))
            .unwrap()
            .contains("expired on 2028-11-29"));
        assert!(matches!(
            generate("x", 0, day("2026-11-30")),
            Err(KeyError::Validity(0))
        ));
        assert_eq!(
            Certificate::file_name("Acme prod!"),
            "sftoken-acme-prod.crt"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_exported_key_is_private_to_its_owner_and_never_replaces_a_file() {
        use std::os::unix::fs::PermissionsExt;
        let new = generate("p", 30, day("2026-11-30")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.key");
        new.private_key.export(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(jsonwebtoken::EncodingKey::from_rsa_pem(text.as_bytes()).is_ok());
        assert!(matches!(
            new.private_key.export(&path),
            Err(KeyError::Exists { .. })
        ));
    }
}
