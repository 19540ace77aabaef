//! JWT bearer: the app signs an RS256 assertion with a private key whose certificate is uploaded to
//! the connected app; no secret travels. Only the key file's path is ever stored; the key itself is
//! read when signing and dropped.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::GrantKind;
use crate::form_body::FormBody;
use crate::target::LoginTarget;

/// How long an assertion is valid: Salesforce accepts up to a few minutes.
pub const ASSERTION_LIFETIME: Duration = Duration::from_secs(180);

/// The claims sent (shown to the user exactly as signed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtClaims {
    /// The consumer key.
    pub iss: String,
    /// The username.
    pub sub: String,
    /// The login host (or site URL) the assertion is for.
    pub aud: String,
    /// Seconds since the epoch.
    pub exp: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    #[error("the private key file {path} could not be read: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not an RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); use the key whose certificate is uploaded to the connected app")]
    NotRsaKey { path: String },
    #[error("the assertion could not be signed: {0}")]
    Sign(String),
    #[error("the profile's private key was not read from the keychain")]
    KeyNotRead,
    #[error(transparent)]
    Key(#[from] crate::jwt_key::KeyError),
}

pub struct JwtBearerGrant {
    claims: JwtClaims,
    assertion: SecretString,
}

impl std::fmt::Debug for JwtBearerGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtBearerGrant")
            .field("claims", &self.claims)
            .field("assertion", &"[redacted]")
            .finish()
    }
}

impl JwtBearerGrant {
    /// Signs `iss`/`sub`/`aud`/`exp` with the RSA key in `key_file` (PEM).
    pub fn from_key_file(
        client_id: &str,
        username: &str,
        audience: &str,
        key_file: &Path,
    ) -> Result<JwtBearerGrant, JwtError> {
        let path = key_file.display().to_string();
        let pem = read_bounded(key_file).map_err(|reason| JwtError::Read {
            path: path.clone(),
            reason,
        })?;
        let pem = SecretString::from(
            String::from_utf8(pem).map_err(|_| JwtError::NotRsaKey { path: path.clone() })?,
        );
        JwtBearerGrant::sign(client_id, username, audience, &pem, ASSERTION_LIFETIME).map_err(|e| {
            match e {
                JwtError::NotRsaKey { .. } => JwtError::NotRsaKey { path },
                other => other,
            }
        })
    }

    /// Signs with a key sftoken generated (kept in the keychain).
    pub fn from_key(
        client_id: &str,
        username: &str,
        audience: &str,
        key: &crate::jwt_key::PrivateKey,
    ) -> Result<JwtBearerGrant, JwtError> {
        let der = key.pkcs1_der()?;
        let key = jsonwebtoken::EncodingKey::from_rsa_der(der.expose_secret());
        JwtBearerGrant::sign_with(client_id, username, audience, &key, ASSERTION_LIFETIME)
    }

    pub fn sign(
        client_id: &str,
        username: &str,
        audience: &str,
        key_pem: &SecretString,
        lifetime: Duration,
    ) -> Result<JwtBearerGrant, JwtError> {
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(key_pem.expose_secret().as_bytes())
            .map_err(|_| JwtError::NotRsaKey {
                path: "the key".into(),
            })?;
        JwtBearerGrant::sign_with(client_id, username, audience, &key, lifetime)
    }

    fn sign_with(
        client_id: &str,
        username: &str,
        audience: &str,
        key: &jsonwebtoken::EncodingKey,
        lifetime: Duration,
    ) -> Result<JwtBearerGrant, JwtError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let claims = JwtClaims {
            iss: client_id.trim().to_string(),
            sub: username.trim().to_string(),
            aud: audience.to_string(),
            exp: (now + lifetime).as_secs(),
        };
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        let assertion = jsonwebtoken::encode(&header, &claims, key)
            .map_err(|e| JwtError::Sign(e.to_string()))?;
        Ok(JwtBearerGrant {
            claims,
            assertion: SecretString::from(assertion),
        })
    }

    pub fn claims(&self) -> &JwtClaims {
        &self.claims
    }

    pub fn assertion(&self) -> &SecretString {
        &self.assertion
    }

    pub fn form_body(&self) -> FormBody {
        FormBody::new(&[
            ("grant_type", GrantKind::JwtBearer.grant_type()),
            ("assertion", self.assertion.expose_secret()),
        ])
    }
}

/// The largest key file read: an RSA key in PEM is 1.7 KB (2048 bits) to 3.3 KB (4096 bits).
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The file, if it is no larger than [`MAX_KEY_FILE_BYTES`] (`/dev/zero` is refused, not read).
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(format!(
            "it is larger than {} KiB, which no private key is: choose the key file (PEM)",
            MAX_KEY_FILE_BYTES / 1024
        ));
    }
    Ok(bytes)
}

/// `aud`: login.salesforce.com for production (and production My Domains), test.salesforce.com for
/// sandboxes (and sandbox My Domains), the site URL for Experience Cloud sites.
pub fn audience_for(target: &LoginTarget) -> String {
    match target {
        LoginTarget::Production => "https://login.salesforce.com".into(),
        LoginTarget::Sandbox => "https://test.salesforce.com".into(),
        LoginTarget::MyDomain(url) => {
            let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
            if host.ends_with(".sandbox.my.salesforce.com") {
                "https://test.salesforce.com".into()
            } else if host.ends_with(".my.site.com")
                || (host.ends_with(".force.com") && !host.ends_with(".lightning.force.com"))
            {
                site_url(url)
            } else {
                "https://login.salesforce.com".into()
            }
        }
    }
}

fn site_url(url: &Url) -> String {
    format!(
        "{}{}",
        url.origin().ascii_serialization(),
        url.path().trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audience_follows_the_target() {
        let aud = |s: &str| audience_for(&s.parse().unwrap());
        assert_eq!(aud("production"), "https://login.salesforce.com");
        assert_eq!(aud("sandbox"), "https://test.salesforce.com");
        assert_eq!(aud("acme"), "https://login.salesforce.com");
        assert_eq!(aud("acme--dev"), "https://test.salesforce.com");
        assert_eq!(
            aud("https://acme.my.site.com/partners"),
            "https://acme.my.site.com/partners"
        );
    }

    #[test]
    fn a_file_that_is_not_an_rsa_key_is_explained() {
        let dir = std::env::temp_dir().join(format!("sftoken-jwt-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("not-a-key.pem");
        std::fs::write(
            &file,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let err = JwtBearerGrant::from_key_file("c", "u", "https://login.salesforce.com", &file)
            .unwrap_err();
        assert!(
            err.to_string().contains("is not an RSA private key"),
            "{err}"
        );
        let err = JwtBearerGrant::from_key_file(
            "c",
            "u",
            "https://login.salesforce.com",
            &dir.join("missing.pem"),
        )
        .unwrap_err();
        assert!(matches!(err, JwtError::Read { .. }), "{err}");
        #[cfg(unix)]
        {
            let err = JwtBearerGrant::from_key_file(
                "c",
                "u",
                "https://login.salesforce.com",
                Path::new("/dev/zero"),
            )
            .unwrap_err();
            assert!(err.to_string().contains("larger than 64 KiB"), "{err}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
