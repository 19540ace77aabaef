//! [`ProfileBook`]: the rules for keeping profiles and their secrets, shared by the window and the
//! command. The file goes through [`ProfileStore`]; secrets go to the OS keychain, or — for a
//! profile that does not remember secrets, or when no keychain answers — to memory for this session
//! only (an option: the command, which lives for one call, has none). Never anything less safe.
//!
//! Two rules matter most: a keychain item that could not be read is never overwritten (the form
//! is empty only because the read failed), and a refresh token is kept only when the profile opts
//! in, replacing the previous one when Salesforce rotates it.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{
    check_name, find, KeySlot, Keychain, KeychainError, KeychainStatus, Profile, ProfileError,
    ProfileSecrets, ProfileStore, SetAside,
};
use crate::error::Error;
use crate::request_form::RequestForm;

/// Where a profile's secrets ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretsKept {
    Keychain,
    Session,
    None,
}

/// A profile as the user edits it: its own fields and the form it keeps.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileDraft {
    pub name: String,
    pub notes: String,
    /// Off: secrets are kept for this session only (the window) or not at all (the command).
    #[serde(default = "yes")]
    pub remember_secrets: bool,
    /// Keep refresh tokens the flows return (replaced when they rotate).
    pub keep_refresh_token: bool,
    /// How the profile keeps access tokens; `None` leaves the saved settings as they are (callers
    /// that do not edit them, like an import).
    pub tokens: Option<TokenSettings>,
    pub form: RequestForm,
}

/// How a profile keeps its latest access token (see `crate::token_reuse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct TokenSettings {
    /// Keep the latest access token in the keychain and reuse it while it is good.
    pub keep_tokens: bool,
    /// The org's session timeout in minutes (1 to 1440), when the user knows it.
    pub session_timeout_minutes: Option<u32>,
}

/// Salesforce's session timeouts run from 15 minutes to 24 hours; anything from a minute is taken.
pub const SESSION_TIMEOUT_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;

fn yes() -> bool {
    true
}

/// A saved profile, where its secrets went, and what the user should know about that.
#[derive(Debug)]
pub struct SavedProfile {
    pub profile: Profile,
    pub secrets_kept: SecretsKept,
    pub warning: Option<String>,
}

/// A removed profile, and why its keychain item is still there when it is.
#[derive(Debug)]
pub struct DeletedProfile {
    pub profile: Profile,
    pub keychain_error: Option<KeychainError>,
}

/// A profile opened to fill a form: its fields and secrets as a [`RequestForm`].
#[derive(Debug)]
pub struct OpenedProfile {
    pub profile: Profile,
    pub form: RequestForm,
    pub secrets_from: SecretsKept,
    /// Why the secrets could not be read, when they could not.
    pub warning: Option<String>,
}

pub struct ProfileBook {
    store: ProfileStore,
    keychain: Keychain,
    /// `None`: no session memory (the command).
    session: Option<Mutex<HashMap<String, ProfileSecrets>>>,
    /// Profiles whose keychain item could not be read this session (their form shows no secrets).
    unreadable: Mutex<HashSet<String>>,
    /// Reported once: the file set aside when it was first read.
    set_aside: Mutex<Option<SetAside>>,
}

impl ProfileBook {
    /// A book that keeps secrets in memory for the session when they cannot or must not go to the
    /// keychain (the window).
    pub fn new(store: ProfileStore, keychain: Keychain) -> ProfileBook {
        ProfileBook {
            store,
            keychain,
            session: Some(Mutex::new(HashMap::new())),
            unreadable: Mutex::new(HashSet::new()),
            set_aside: Mutex::new(None),
        }
    }

    /// The profiles where sftoken keeps them (`SFTOKEN_CONFIG_DIR`, or the platform's config
    /// directory), secrets in the system keychain.
    pub fn default_location() -> Result<ProfileBook, Error> {
        Ok(ProfileBook::new(
            ProfileStore::default_location()?,
            Keychain::system(),
        ))
    }

    /// Without session memory: secrets go to the keychain or nowhere (the command).
    pub fn without_session_memory(mut self) -> ProfileBook {
        self.session = None;
        self
    }

    pub fn store(&self) -> &ProfileStore {
        &self.store
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn keychain_status(&self) -> KeychainStatus {
        self.keychain.status()
    }

    pub fn load(&self) -> Result<Vec<Profile>, Error> {
        let loaded = self.store.load()?;
        if loaded.set_aside.is_some() {
            *lock(&self.set_aside) = loaded.set_aside;
        }
        Ok(loaded.profiles)
    }

    /// The file set aside on reading, if any (kept until the book is dropped, so the banner stays).
    pub fn set_aside(&self) -> Option<SetAside> {
        lock(&self.set_aside).clone()
    }

    /// The profile with this id.
    pub fn get(&self, id: &str) -> Result<Profile, Error> {
        self.load()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ProfileError::NotFound(id.into()).into())
    }

    /// The profile with this name (case-insensitive).
    pub fn named(&self, name: &str) -> Result<Profile, Error> {
        find(&self.load()?, name)
            .cloned()
            .ok_or_else(|| ProfileError::NotFound(name.into()).into())
    }

    /// The profile and its secrets as a form.
    pub fn open(&self, profile: Profile) -> OpenedProfile {
        let (secrets, secrets_from, warning) = self.secrets(&profile);
        OpenedProfile {
            form: profile.to_form(secrets),
            profile,
            secrets_from,
            warning,
        }
    }

    /// Creates (no id) or updates a profile from a draft, then keeps its secrets where they belong.
    pub fn save(&self, id: Option<&str>, draft: ProfileDraft) -> Result<SavedProfile, Error> {
        let mut secrets = ProfileSecrets::from_form(&draft.form, draft.keep_refresh_token);
        if let Some(minutes) = draft.tokens.and_then(|t| t.session_timeout_minutes) {
            if !SESSION_TIMEOUT_MINUTES.contains(&minutes) {
                return Err(ProfileError::SessionTimeout(minutes).into());
            }
        }
        let mut stopped_keeping = false;
        let (profile, loaded) = self.store.update(|all| {
            check_name(all, &draft.name, id)?;
            super::store::check_notes(&draft.notes)?;
            let existing = id.and_then(|id| all.iter_mut().find(|p| p.id == id));
            let profile = match existing {
                Some(p) => p,
                None => {
                    all.push(Profile::new(&draft.name, draft.form.target.clone()));
                    all.last_mut().ok_or(ProfileError::EmptyName)?
                }
            };
            profile.name = draft.name.trim().to_string();
            profile.notes.clone_from(&draft.notes);
            profile.remember_secrets = draft.remember_secrets;
            profile.keep_refresh_token = draft.keep_refresh_token;
            if let Some(tokens) = draft.tokens {
                stopped_keeping = profile.keep_tokens && !tokens.keep_tokens;
                profile.keep_tokens = tokens.keep_tokens;
                profile.session_timeout_minutes = tokens.session_timeout_minutes;
            }
            profile.take_form(&draft.form);
            Ok(profile.clone())
        })?;
        let mut dropped_warning = None;
        let keeps_none = !profile.keep_tokens || !profile.remember_secrets;
        if stopped_keeping || (keeps_none && profile.token_kept_at.is_some()) {
            if let Err(e) = self.drop_kept_token(&profile.id) {
                dropped_warning = Some(format!("the kept token could not be removed: {e}"));
            }
        }
        if loaded.set_aside.is_some() {
            *lock(&self.set_aside) = loaded.set_aside;
        }
        if profile.keep_refresh_token && secrets.refresh_token.is_none() {
            // The form does not show the refresh token the profile kept after a sign-in: saving
            // the form must not drop it.
            secrets.refresh_token = self.secrets(&profile).0.refresh_token;
        }
        let (secrets_kept, warning) = self.keep_secrets(&profile, secrets);
        let warning = match (warning, dropped_warning) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        Ok(SavedProfile {
            profile,
            secrets_kept,
            warning,
        })
    }

    fn keep_secrets(
        &self,
        profile: &Profile,
        secrets: ProfileSecrets,
    ) -> (SecretsKept, Option<String>) {
        let any = !secrets.present().is_empty();
        if profile.remember_secrets && !any && lock(&self.unreadable).contains(&profile.id) {
            // The form is empty only because the keychain could not be read: keep what it holds.
            return (
                SecretsKept::None,
                Some(
                    "the keychain could not be read, so the stored secrets were left as they are"
                        .into(),
                ),
            );
        }
        let mut warning = None;
        if profile.remember_secrets {
            match self.keychain.save(&profile.id, &profile.name, &secrets) {
                Ok(()) => {
                    lock(&self.unreadable).remove(&profile.id);
                    self.forget_session(&profile.id);
                    let kept = if any {
                        SecretsKept::Keychain
                    } else {
                        SecretsKept::None
                    };
                    return (kept, None);
                }
                Err(e) => {
                    warning = Some(match self.session {
                        Some(_) => format!(
                            "{e}: the secrets of {:?} are kept for this session only",
                            profile.name
                        ),
                        None => format!("{e}: the secrets of {:?} were not kept", profile.name),
                    })
                }
            }
        } else {
            if let Err(e) = self.keychain.delete(&profile.id) {
                tracing::debug!("no keychain item removed for a profile that forgets secrets: {e}");
            }
            if let Err(e) = self.keychain.delete_token(&profile.id) {
                tracing::debug!("no kept token removed for a profile that forgets secrets: {e}");
            }
        }
        match &self.session {
            Some(session) if any => {
                lock(session).insert(profile.id.clone(), secrets);
                (SecretsKept::Session, warning)
            }
            Some(session) => {
                lock(session).remove(&profile.id);
                (SecretsKept::None, warning)
            }
            None => (SecretsKept::None, warning),
        }
    }

    /// Drops the password and security token this session holds for a profile; true when it held one.
    pub(super) fn forget_session_password(&self, id: &str) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        let mut session = lock(session);
        let Some(s) = session.get_mut(id) else {
            return false;
        };
        let held = s.password.is_some() || s.security_token.is_some();
        s.password = None;
        s.security_token = None;
        held
    }

    fn forget_session(&self, id: &str) {
        if let Some(session) = &self.session {
            lock(session).remove(id);
        }
    }

    /// The profile's secrets: this session's (profiles that forget secrets, or no keychain), else
    /// the keychain's; with a warning when the keychain could not be read.
    pub fn secrets(&self, profile: &Profile) -> (ProfileSecrets, SecretsKept, Option<String>) {
        if let Some(session) = &self.session {
            if let Some(s) = lock(session).get(&profile.id) {
                return (s.clone(), SecretsKept::Session, None);
            }
        }
        if !profile.remember_secrets {
            return (ProfileSecrets::default(), SecretsKept::None, None);
        }
        match self.keychain.load(&profile.id) {
            Ok(Some(s)) => (s, SecretsKept::Keychain, None),
            Ok(None) => (ProfileSecrets::default(), SecretsKept::None, None),
            Err(e) => {
                lock(&self.unreadable).insert(profile.id.clone());
                (
                    ProfileSecrets::default(),
                    SecretsKept::None,
                    Some(e.to_string()),
                )
            }
        }
    }

    /// Keeps `token` as the profile's refresh token when the profile opts in (rotation replaces the
    /// previous one), leaving its other secrets as they are. `SecretsKept::None` when it does not
    /// keep refresh tokens.
    pub fn keep_refresh_token(&self, id: &str, token: &SecretString) -> Result<SecretsKept, Error> {
        let profile = self.get(id)?;
        if !profile.keep_refresh_token {
            return Ok(SecretsKept::None);
        }
        if profile.remember_secrets {
            // A failed read must not turn into an item holding the refresh token alone.
            let mut stored = self.keychain.load(id)?.unwrap_or_default();
            stored.refresh_token = Some(token.clone());
            self.keychain.save(id, &profile.name, &stored)?;
            return Ok(SecretsKept::Keychain);
        }
        match &self.session {
            Some(session) => {
                lock(session)
                    .entry(id.to_string())
                    .or_default()
                    .refresh_token = Some(token.clone());
                Ok(SecretsKept::Session)
            }
            None => Ok(SecretsKept::None),
        }
    }

    /// Removes the profile and its secrets. The profile is gone even when its keychain item could
    /// not be removed: that is said in [`DeletedProfile::keychain_error`], never hidden.
    pub fn delete(&self, id: &str) -> Result<DeletedProfile, Error> {
        let (removed, _) = self.store.update(|all| {
            let at = all
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            Ok(all.remove(at))
        })?;
        self.forget_session(id);
        // Every item of the profile goes; the first that could not is said.
        let keychain_error = [
            self.keychain.delete(id).err(),
            self.keychain.delete_token(id).err(),
            self.keychain.delete_key(id, KeySlot::InUse).err(),
            self.keychain.delete_key(id, KeySlot::Pending).err(),
        ]
        .into_iter()
        .flatten()
        .next();
        Ok(DeletedProfile {
            profile: removed,
            keychain_error,
        })
    }

    /// Renames a profile; its secrets stay with it (the keychain item's label follows).
    pub fn rename(&self, id: &str, new_name: &str) -> Result<Profile, Error> {
        let (renamed, _) = self.store.update(|all| {
            check_name(all, new_name, Some(id))?;
            let p = all
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            p.name = new_name.trim().to_string();
            Ok(p.clone())
        })?;
        if renamed.remember_secrets {
            if let Err(e) = self.keychain.relabel(id, &renamed.name) {
                tracing::warn!("the keychain item's label could not be updated: {e}");
            }
        }
        if renamed.certificate.is_some() || renamed.pending_certificate.is_some() {
            if let Err(e) = self.keychain.relabel_keys(id, &renamed.name) {
                tracing::warn!("the key items' labels could not be updated: {e}");
            }
        }
        Ok(renamed)
    }

    /// A copy named "NAME copy" (or "NAME copy 2", …), secrets included.
    pub fn duplicate(&self, id: &str) -> Result<SavedProfile, Error> {
        let profiles = self.load()?;
        let original = profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ProfileError::NotFound(id.into()))?;
        let name = (1..)
            .map(|n| match n {
                1 => format!("{} copy", original.name),
                n => format!("{} copy {n}", original.name),
            })
            .find(|candidate| check_name(&profiles, candidate, None).is_ok())
            .unwrap_or_else(|| format!("{} copy", original.name));
        let (secrets, _, _) = self.secrets(original);
        let draft = ProfileDraft {
            name,
            notes: original.notes.clone(),
            remember_secrets: original.remember_secrets,
            keep_refresh_token: original.keep_refresh_token,
            tokens: Some(TokenSettings {
                keep_tokens: original.keep_tokens,
                session_timeout_minutes: original.session_timeout_minutes,
            }),
            form: original.to_form(secrets),
        };
        let copy = self.save(None, draft)?;
        // A profile that signs with a generated key: the copy gets its own copy of the key.
        self.copy_key(original, copy)
    }
}

/// A poisoned lock only means another thread panicked; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl std::fmt::Debug for ProfileBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileBook")
            .field("store", &self.store)
            .field("session_memory", &self.session.is_some())
            .finish_non_exhaustive()
    }
}
