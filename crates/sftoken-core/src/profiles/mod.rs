//! Named profiles: every org one click away. A profile holds what is safe to write down (name,
//! target, grant, client id, username, notes); its secrets live in the OS keychain ([`Keychain`]),
//! under an id that survives renames.
//!
//! The file is shared by the window and the command, which may run at once: every change is a
//! locked read-modify-write ([`ProfileStore::update`]), so neither loses the other's change.

mod book;
mod file;
mod importing;
mod kept;
mod kept_token;
mod keychain;
mod moving;
mod store;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use secrecy::SecretString;

use crate::grant::GrantKind;
use crate::jwt_key::Certificate;
use crate::request_form::RequestForm;
pub use crate::target_spec::TargetSpec;

pub use book::{
    DeletedProfile, OpenedProfile, ProfileBook, ProfileDraft, SavedProfile, SecretsKept,
    TokenSettings, SESSION_TIMEOUT_MINUTES,
};
pub use file::{SetAside, FILE_NAME, FORMAT_VERSION};
pub use importing::{ImportReport, ImportedProfile};
pub use kept::ProfileLock;
pub use kept_token::{login_of, Expiry, KeptToken};
pub use keychain::{KeySlot, Keychain, KeychainError, KeychainStatus, ProfileSecrets};
pub use moving::{ForgotPassword, GeneratedKey, MoveTest, MovedProfile};
pub use store::{
    check_name, check_notes, find, Loaded, ProfileError, ProfileStore, MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
};

/// A saved login: everything but the secrets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable across renames; names the profile's keychain item.
    pub id: String,
    pub name: String,
    pub target: TargetSpec,
    #[serde(default)]
    pub grant: GrantKind,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub notes: String,
    /// Off: secrets live in memory for the session only.
    #[serde(default = "yes")]
    pub remember_secrets: bool,
    /// JWT bearer: the private key file's path (the key itself is never stored).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key_file: String,
    /// JWT bearer: the `aud` claim when it must differ from the target's (empty: from the target).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// JWT bearer: the certificate of the key sftoken generated into the keychain (public). Its
    /// presence means the keychain holds the key; a key file, when given, is used instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
    /// JWT bearer: the certificate of a new key in the keychain that no test has passed with yet;
    /// it replaces [`Profile::certificate`] (and its key the one in use) when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_certificate: Option<Certificate>,
    /// Web server flow: the scopes asked for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Web server flow: the loopback callback registered on the connected app.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub callback: String,
    /// Keep refresh tokens in the keychain (opt-in), replaced when they rotate.
    #[serde(default)]
    pub keep_refresh_token: bool,
    /// Keep the latest access token in the keychain and reuse it while it is good (on by default).
    #[serde(default = "yes")]
    pub keep_tokens: bool,
    /// The org's session timeout (Setup → Session Settings), in minutes, when the user gave it: how
    /// long a token lasts when introspection cannot say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_timeout_minutes: Option<u32>,
    /// When the kept token was kept (`None`: no token kept) and until when it is good, if known.
    /// Not secrets (the token itself is in the keychain): lists show them without reading it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_kept_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_until: Option<chrono::DateTime<chrono::Utc>>,
    /// The org of the profile's latest token (`00D…`), noted whenever one is issued: asking the org
    /// why a login failed (`crate::asking_why`) checks with it that a helper is of the same org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// The profile (its id) that asks the org why this one's login failed, once the user chose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_helper: Option<String>,
    /// Fields written by a newer sftoken of the same format version, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Profile {
    /// A new profile with a fresh id.
    pub fn new(name: &str, target: TargetSpec) -> Profile {
        Profile {
            id: new_id(name),
            name: name.trim().to_string(),
            target,
            grant: GrantKind::Password,
            client_id: String::new(),
            username: String::new(),
            notes: String::new(),
            remember_secrets: true,
            key_file: String::new(),
            audience: String::new(),
            certificate: None,
            pending_certificate: None,
            scope: String::new(),
            callback: String::new(),
            keep_refresh_token: false,
            keep_tokens: true,
            session_timeout_minutes: None,
            token_kept_at: None,
            token_until: None,
            org_id: None,
            why_helper: None,
            extra: Map::new(),
        }
    }

    /// The kept token as a list shows it: `until 14:32`, `expired 13:05`, `kept 12:40, expiry
    /// unknown`, or `none`.
    pub fn token_state(&self, now: chrono::DateTime<chrono::Utc>) -> String {
        let local = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&chrono::Local).format("%H:%M").to_string()
        };
        match (self.token_kept_at, self.token_until) {
            (None, _) => "none".into(),
            (Some(_), Some(until)) if until > now => format!("until {}", local(until)),
            (Some(_), Some(until)) => format!("expired {}", local(until)),
            (Some(kept), None) => format!("kept {}, expiry unknown", local(kept)),
        }
    }

    /// Takes the form's target and non-secret fields (the secrets go to [`ProfileSecrets`]).
    /// A new field of the form that a profile keeps is added here and in [`Profile::to_form`].
    pub fn take_form(&mut self, form: &RequestForm) {
        self.target = TargetSpec {
            kind: form.target.kind,
            host: form.target.host.trim().to_string(),
        };
        self.grant = form.kind();
        self.client_id = form.client_id.trim().to_string();
        self.username = form.username.trim().to_string();
        self.key_file = form.key_file.trim().to_string();
        self.audience = form.audience.trim().to_string();
        self.scope = form.scope.trim().to_string();
        self.callback = form.callback.trim().to_string();
    }

    /// The form this profile fills in, with its secrets.
    pub fn to_form(&self, secrets: ProfileSecrets) -> RequestForm {
        let secret = |s: Option<SecretString>| s.unwrap_or_else(|| SecretString::from(""));
        RequestForm {
            target: self.target.clone(),
            grant_type: self.grant.grant_type().to_string(),
            client_id: self.client_id.clone(),
            client_secret: secret(secrets.client_secret),
            username: self.username.clone(),
            password: secret(secrets.password),
            security_token: secret(secrets.security_token),
            key_file: self.key_file.clone(),
            audience: self.audience.clone(),
            keychain_key: if self.certificate.is_some() {
                self.id.clone()
            } else {
                String::new()
            },
            jwt_key: None,
            scope: self.scope.clone(),
            callback: self.callback.clone(),
            refresh_token: secret(secrets.refresh_token),
        }
    }
}

fn yes() -> bool {
    true
}

/// `acme-prod-3f9c1a`: readable in the keychain, unique, and independent of later renames.
pub fn new_id(name: &str) -> String {
    let slug: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(32).collect();
    let mut random = [0u8; 4];
    // The OS random source: two profiles must never share a keychain item.
    getrandom::fill(&mut random).expect("the operating system's random source failed");
    let noise = u32::from_le_bytes(random) as u64;
    let suffix = format!("{noise:08x}");
    if slug.is_empty() {
        format!("profile-{suffix}")
    } else {
        format!("{slug}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TargetKind;

    #[test]
    fn ids_are_readable_and_distinct() {
        let a = new_id("Acme prod!");
        let b = new_id("Acme prod!");
        assert!(a.starts_with("acme-prod-"), "{a}");
        assert_ne!(a, b);
        assert!(new_id("÷÷").starts_with("profile-"));
    }

    #[test]
    fn badges_tell_production_from_sandboxes() {
        let spec = |kind, host: &str| TargetSpec {
            kind,
            host: host.into(),
        };
        assert_eq!(spec(TargetKind::Production, "").badge(), "PROD");
        assert_eq!(spec(TargetKind::Sandbox, "").badge(), "SANDBOX");
        assert_eq!(
            spec(TargetKind::MyDomain, "https://acme.my.salesforce.com").badge(),
            "MY DOMAIN"
        );
        assert_eq!(
            spec(
                TargetKind::MyDomain,
                "https://acme--dev.sandbox.my.salesforce.com"
            )
            .badge(),
            "SANDBOX · MY DOMAIN"
        );
    }

    #[test]
    fn unknown_fields_of_a_profile_are_kept() {
        let json = r#"{"id":"a-1","name":"A","target":{"kind":"sandbox"},"color":"red"}"#;
        let p: Profile = serde_json::from_str(json).unwrap();
        assert_eq!(p.extra["color"], "red");
        assert!(p.remember_secrets);
        assert!(serde_json::to_string(&p)
            .unwrap()
            .contains("\"color\":\"red\""));
    }
}
