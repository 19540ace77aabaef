//! The private half of a generated key: PKCS#8 DER bytes held as a secret (`Debug` redacted, wiped
//! on drop). DER, not PEM, is what the keychain stores: 1,2xx bytes for a 2048-bit key, under the
//! 2,560-byte limit of a Windows Credential Manager item, where base64 PEM would not fit.

use std::io::Write;
use std::path::Path;

use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use secrecy::{ExposeSecret, SecretSlice, SecretString};

use super::KeyError;

/// The largest secret a Windows Credential Manager item holds (CRED_MAX_CREDENTIAL_BLOB_SIZE).
pub const KEYCHAIN_ITEM_LIMIT: usize = 2560;

pub struct PrivateKey {
    pkcs8_der: SecretSlice<u8>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey([redacted])")
    }
}

impl Clone for PrivateKey {
    fn clone(&self) -> Self {
        PrivateKey::from_pkcs8_der(self.pkcs8_der.expose_secret().to_vec())
    }
}

impl PrivateKey {
    pub fn from_pkcs8_der(der: Vec<u8>) -> PrivateKey {
        PrivateKey {
            pkcs8_der: SecretSlice::from(der),
        }
    }

    /// The bytes the keychain keeps.
    pub fn pkcs8_der(&self) -> &[u8] {
        self.pkcs8_der.expose_secret()
    }

    /// The key as PKCS#1 DER, the form jsonwebtoken's RSA signer takes.
    pub(crate) fn pkcs1_der(&self) -> Result<SecretSlice<u8>, KeyError> {
        let key =
            rsa::PrivateKey::from_pkcs8_der(self.pkcs8_der()).map_err(|_| KeyError::Unusable)?;
        let der = key.to_pkcs1_der().map_err(|_| KeyError::Unusable)?;
        Ok(SecretSlice::from(der.as_bytes().to_vec()))
    }

    pub(super) fn rcgen_key_pair(&self) -> Result<rcgen::KeyPair, KeyError> {
        let der = rustls::pki_types::PrivatePkcs8KeyDer::from(self.pkcs8_der());
        rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_RSA_SHA256)
            .map_err(|_| KeyError::Unusable)
    }

    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8), for a file the user asked for.
    pub fn to_pem(&self) -> Result<SecretString, KeyError> {
        Ok(SecretString::from(self.rcgen_key_pair()?.serialize_pem()))
    }

    /// Writes the key to a new file readable by its owner only (0600 on Unix); never replaces a file.
    pub fn export(&self, path: &Path) -> Result<(), KeyError> {
        let pem = self.to_pem()?;
        let shown = path.display().to_string();
        let write_error = |e: std::io::Error| KeyError::Write {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                KeyError::Exists {
                    path: shown.clone(),
                }
            } else {
                write_error(e)
            }
        })?;
        let written = file
            .write_all(pem.expose_secret().as_bytes())
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            // No half-written key left behind.
            drop(file);
            let _ = std::fs::remove_file(path);
            return Err(write_error(e));
        }
        Ok(())
    }
}
