//! A profile's secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
//! Service on Linux), one item per profile: service `sftoken`, account = the profile id, so a rename
//! keeps them. When no keychain answers, that is reported as such — never replaced by a file or by
//! keyring's silent in-memory store (its platform features are set explicitly in Cargo.toml).

use std::collections::HashMap;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use super::KeptToken;
use crate::jwt_key::PrivateKey;

pub const SERVICE: &str = "sftoken";
const PROBE_ACCOUNT: &str = "sftoken-availability-probe";

/// The secrets of one profile; any may be absent.
#[derive(Clone, Debug, Default)]
pub struct ProfileSecrets {
    pub client_secret: Option<SecretString>,
    pub password: Option<SecretString>,
    pub security_token: Option<SecretString>,
    /// Kept only when the profile opts in; replaced when Salesforce rotates it.
    pub refresh_token: Option<SecretString>,
}

impl ProfileSecrets {
    /// The secrets a form holds; the refresh token only when the profile keeps refresh tokens.
    pub fn from_form(form: &crate::RequestForm, keep_refresh_token: bool) -> ProfileSecrets {
        let keep = |s: &SecretString| (!s.expose_secret().is_empty()).then(|| s.clone());
        ProfileSecrets {
            client_secret: keep(&form.client_secret),
            password: keep(&form.password),
            security_token: keep(&form.security_token),
            refresh_token: keep_refresh_token
                .then(|| keep(&form.refresh_token))
                .flatten(),
        }
    }

    fn fields(&self) -> [(&'static str, &Option<SecretString>); 4] {
        [
            ("client_secret", &self.client_secret),
            ("password", &self.password),
            ("security_token", &self.security_token),
            ("refresh_token", &self.refresh_token),
        ]
    }

    /// Which secrets are present, by name (safe to print).
    pub fn present(&self) -> Vec<&'static str> {
        self.fields()
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k)
            .collect()
    }

    fn to_json(&self) -> SecretString {
        let mut map = Map::new();
        for (key, value) in self.fields() {
            if let Some(v) = value {
                map.insert(key.into(), Value::String(v.expose_secret().to_string()));
            }
        }
        SecretString::from(Value::Object(map).to_string())
    }

    fn from_json(text: &SecretString) -> Option<ProfileSecrets> {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text.expose_secret()) else {
            return None;
        };
        let get = |k: &str| {
            map.get(k)
                .and_then(Value::as_str)
                .map(|s| SecretString::from(s.to_string()))
        };
        Some(ProfileSecrets {
            client_secret: get("client_secret"),
            password: get("password"),
            security_token: get("security_token"),
            refresh_token: get("refresh_token"),
        })
    }
}

/// Whether secrets can be kept, and where.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeychainStatus {
    Available { name: &'static str },
    Unavailable { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("no keychain is reachable ({0}); secrets can only be kept for this session")]
    Unavailable(String),
    #[error("the keychain refused access ({0}): unlock it and try again")]
    Denied(String),
    #[error("the keychain item of this profile is unreadable; save the secrets again")]
    Corrupt,
    #[error("the JWT private key of this profile is not in the keychain any more: generate a new key and upload its certificate")]
    NoKey,
    #[error("the JWT private key of this profile in the keychain is unreadable: generate a new key and upload its certificate")]
    KeyCorrupt,
    #[error("the keychain failed: {0}")]
    Other(String),
}

#[derive(Clone, Debug)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain::system()
    }
}

impl Keychain {
    pub fn system() -> Keychain {
        Keychain {
            service: SERVICE.into(),
        }
    }

    /// The keychain's name as users know it.
    pub fn name() -> &'static str {
        if cfg!(target_os = "macos") {
            "the macOS Keychain"
        } else if cfg!(windows) {
            "Windows Credential Manager"
        } else {
            "the system keychain (Secret Service)"
        }
    }

    /// Asks the keychain for an item that does not exist: an answer means it is there and open.
    pub fn status(&self) -> KeychainStatus {
        let answer = self.entry(PROBE_ACCOUNT).map(|e| e.get_password());
        match answer {
            Ok(Ok(_) | Err(keyring::Error::NoEntry | keyring::Error::BadEncoding(_))) => {
                KeychainStatus::Available {
                    name: Keychain::name(),
                }
            }
            Ok(Err(e)) => KeychainStatus::Unavailable {
                reason: map_error(e).to_string(),
            },
            Err(e) => KeychainStatus::Unavailable {
                reason: e.to_string(),
            },
        }
    }

    /// The profile's secrets, or `None` when it has none stored.
    pub fn load(&self, profile_id: &str) -> Result<Option<ProfileSecrets>, KeychainError> {
        match self.entry(profile_id)?.get_password() {
            Ok(text) => ProfileSecrets::from_json(&SecretString::from(text))
                .map(Some)
                .ok_or(KeychainError::Corrupt),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Stores (replaces) the profile's secrets; `label` is what keychain apps show.
    pub fn save(
        &self,
        profile_id: &str,
        profile_name: &str,
        secrets: &ProfileSecrets,
    ) -> Result<(), KeychainError> {
        let entry = self.entry(profile_id)?;
        entry
            .set_password(secrets.to_json().expose_secret())
            .map_err(map_error)?;
        // The secret is stored; a label that could not be set is cosmetic.
        if let Err(e) = self.relabel(profile_id, profile_name) {
            tracing::warn!("the keychain item's label could not be set: {e}");
        }
        Ok(())
    }

    /// Keeps the labels of the profile's key items in step with its name.
    pub fn relabel_keys(&self, profile_id: &str, profile_name: &str) -> Result<(), KeychainError> {
        for slot in [KeySlot::InUse, KeySlot::Pending] {
            self.relabel_key(profile_id, profile_name, slot)?;
        }
        Ok(())
    }

    /// Keeps the item's label in step with the profile's name (the item itself stays put).
    pub fn relabel(&self, profile_id: &str, profile_name: &str) -> Result<(), KeychainError> {
        let label = format!("sftoken — {profile_name}");
        let attributes = HashMap::from([("label", label.as_str())]);
        match self.entry(profile_id)?.update_attributes(&attributes) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Removes the profile's secrets; `Ok(false)` when there were none.
    pub fn delete(&self, profile_id: &str) -> Result<bool, KeychainError> {
        match self.entry(profile_id)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }

    /// A JWT private key of the profile (a separate item per slot: `PROFILE-ID/jwt-key` for the key in
    /// use, `PROFILE-ID/jwt-key-pending` for a new one waiting for a successful test; raw PKCS#8 DER
    /// bytes, which fit the 2,560 bytes of a Windows credential).
    pub fn load_key(
        &self,
        profile_id: &str,
        slot: KeySlot,
    ) -> Result<Option<PrivateKey>, KeychainError> {
        match self.entry(&slot.account(profile_id))?.get_secret() {
            Ok(bytes) if bytes.is_empty() => Err(KeychainError::KeyCorrupt),
            Ok(bytes) => Ok(Some(PrivateKey::from_pkcs8_der(bytes))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(keyring::Error::BadEncoding(_)) => Err(KeychainError::KeyCorrupt),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Stores (replaces) a JWT private key of the profile.
    pub fn save_key(
        &self,
        profile_id: &str,
        profile_name: &str,
        slot: KeySlot,
        key: &PrivateKey,
    ) -> Result<(), KeychainError> {
        let account = slot.account(profile_id);
        self.entry(&account)?
            .set_secret(key.pkcs8_der())
            .map_err(map_error)?;
        if let Err(e) = self.relabel_key(profile_id, profile_name, slot) {
            tracing::warn!("the key's keychain label could not be set: {e}");
        }
        Ok(())
    }

    fn relabel_key(
        &self,
        profile_id: &str,
        profile_name: &str,
        slot: KeySlot,
    ) -> Result<(), KeychainError> {
        let label = match slot {
            KeySlot::InUse => format!("sftoken — {profile_name} (JWT private key)"),
            KeySlot::Pending => {
                format!("sftoken — {profile_name} (new JWT private key, not tested yet)")
            }
        };
        let attributes = HashMap::from([("label", label.as_str())]);
        match self
            .entry(&slot.account(profile_id))?
            .update_attributes(&attributes)
        {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Removes a JWT private key of the profile; `Ok(false)` when there was none.
    pub fn delete_key(&self, profile_id: &str, slot: KeySlot) -> Result<bool, KeychainError> {
        match self.entry(&slot.account(profile_id))?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }

    /// The profile's kept access token (item `PROFILE-ID/access-token`), if any.
    pub fn load_token(&self, profile_id: &str) -> Result<Option<KeptToken>, KeychainError> {
        match self.entry(&token_account(profile_id))?.get_password() {
            // An item sftoken cannot read any more (an older or newer format) is as good as none:
            // a new login replaces it.
            Ok(text) => Ok(KeptToken::from_stored(&SecretString::from(text))),
            Err(keyring::Error::NoEntry | keyring::Error::BadEncoding(_)) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Keeps (replaces) the profile's access token.
    pub fn save_token(
        &self,
        profile_id: &str,
        profile_name: &str,
        token: &KeptToken,
    ) -> Result<(), KeychainError> {
        let text = token.to_stored().ok_or(KeychainError::Corrupt)?;
        let entry = self.entry(&token_account(profile_id))?;
        entry
            .set_password(text.expose_secret())
            .map_err(map_error)?;
        let label = format!("sftoken — {profile_name} (access token)");
        let attributes = HashMap::from([("label", label.as_str())]);
        if let Err(e) = entry.update_attributes(&attributes) {
            tracing::warn!("the token's keychain label could not be set: {e}");
        }
        Ok(())
    }

    /// Drops the profile's kept access token; `Ok(false)` when there was none.
    pub fn delete_token(&self, profile_id: &str) -> Result<bool, KeychainError> {
        match self.entry(&token_account(profile_id))?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, account).map_err(map_error)
    }
}

fn token_account(profile_id: &str) -> String {
    format!("{profile_id}/access-token")
}

/// Which of a profile's JWT keys: the one it signs with, or a new one waiting for its test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySlot {
    InUse,
    Pending,
}

impl KeySlot {
    fn account(self, profile_id: &str) -> String {
        match self {
            KeySlot::InUse => format!("{profile_id}/jwt-key"),
            KeySlot::Pending => format!("{profile_id}/jwt-key-pending"),
        }
    }
}

fn map_error(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::PlatformFailure(inner) => {
            KeychainError::Unavailable(first_line(&inner.to_string()))
        }
        keyring::Error::NoStorageAccess(inner) => {
            KeychainError::Denied(first_line(&inner.to_string()))
        }
        keyring::Error::BadEncoding(_) => KeychainError::Corrupt,
        other => KeychainError::Other(first_line(&other.to_string())),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}
