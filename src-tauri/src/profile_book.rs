//! The window's profiles: the shared file (via the core's `ProfileStore`), secrets in the keychain,
//! and — when a profile does not remember secrets, or no keychain answers — secrets kept in memory
//! for this session only. Never anything less safe.

use std::collections::HashMap;
use std::sync::Mutex;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sftoken_core::profiles::{
    check_name, Keychain, KeychainStatus, Loaded, Profile, ProfileError, ProfileSecrets,
    ProfileStore, SetAside, TargetSpec,
};

use crate::state::lock;

pub struct ProfileBook {
    pub store: ProfileStore,
    pub keychain: Keychain,
    session: Mutex<HashMap<String, ProfileSecrets>>,
    /// Profiles whose keychain item could not be read this session (their form shows no secrets).
    unreadable: Mutex<std::collections::HashSet<String>>,
    /// Reported once: the file set aside when the app first read it.
    set_aside: Mutex<Option<SetAside>>,
}

/// Where a profile's secrets ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    Keychain,
    Session,
    None,
}

impl ProfileBook {
    pub fn new(store: ProfileStore, keychain: Keychain) -> ProfileBook {
        ProfileBook {
            store,
            keychain,
            session: Mutex::new(HashMap::new()),
            unreadable: Mutex::new(Default::default()),
            set_aside: Mutex::new(None),
        }
    }

    pub fn keychain_status(&self) -> KeychainStatus {
        self.keychain.status()
    }

    pub fn load(&self) -> Result<Vec<Profile>, ProfileError> {
        let Loaded {
            profiles,
            set_aside,
        } = self.store.load()?;
        if set_aside.is_some() {
            *lock(&self.set_aside) = set_aside;
        }
        Ok(profiles)
    }

    /// The file set aside on reading, if any (kept until the app restarts, so the banner stays).
    pub fn set_aside(&self) -> Option<SetAside> {
        lock(&self.set_aside).clone()
    }

    /// Creates (no id) or updates a profile, then keeps its secrets where it should.
    pub fn save(
        &self,
        id: Option<&str>,
        edit: ProfileEdit,
        secrets: ProfileSecrets,
    ) -> Result<(Profile, Kept, Option<String>), ProfileError> {
        let (profile, loaded) = self.store.update(|all| {
            check_name(all, &edit.name, id)?;
            let existing = id.and_then(|id| all.iter_mut().find(|p| p.id == id));
            let profile = match existing {
                Some(p) => p,
                None => {
                    all.push(Profile::new(&edit.name, edit.target.clone()));
                    all.last_mut().ok_or(ProfileError::EmptyName)?
                }
            };
            edit.apply(profile);
            Ok(profile.clone())
        })?;
        if loaded.set_aside.is_some() {
            *lock(&self.set_aside) = loaded.set_aside;
        }
        let (kept, warning) = self.keep_secrets(&profile, secrets);
        Ok((profile, kept, warning))
    }

    fn keep_secrets(&self, profile: &Profile, secrets: ProfileSecrets) -> (Kept, Option<String>) {
        let any = !secrets.present().is_empty();
        let mut warning = None;
        let kept = if any { Kept::Session } else { Kept::None };
        if profile.remember_secrets && !any && lock(&self.unreadable).contains(&profile.id) {
            // The form is empty only because the keychain could not be read: keep what it holds.
            return (
                Kept::None,
                Some(
                    "the keychain could not be read, so the stored secrets were left as they are"
                        .into(),
                ),
            );
        }
        if profile.remember_secrets {
            match self.keychain.save(&profile.id, &profile.name, &secrets) {
                Ok(()) if any => {
                    lock(&self.unreadable).remove(&profile.id);
                    lock(&self.session).remove(&profile.id);
                    return (Kept::Keychain, None);
                }
                Ok(()) => {}
                Err(e) => {
                    warning = Some(format!(
                        "{e}: the secrets of {:?} are kept for this session only",
                        profile.name
                    ))
                }
            }
        } else if let Err(e) = self.keychain.delete(&profile.id) {
            tracing::debug!("no keychain item removed for a profile that forgets secrets: {e}");
        }
        lock(&self.session).insert(profile.id.clone(), secrets);
        (kept, warning)
    }

    /// The profile's secrets: this session's (profiles that forget secrets, or no keychain), else the keychain's.
    pub fn secrets(&self, profile: &Profile) -> (ProfileSecrets, Kept, Option<String>) {
        if let Some(s) = lock(&self.session).get(&profile.id) {
            return (copy(s), Kept::Session, None);
        }
        if !profile.remember_secrets {
            return (ProfileSecrets::default(), Kept::None, None);
        }
        match self.keychain.load(&profile.id) {
            Ok(Some(s)) => (s, Kept::Keychain, None),
            Ok(None) => (ProfileSecrets::default(), Kept::None, None),
            Err(e) => {
                lock(&self.unreadable).insert(profile.id.clone());
                (ProfileSecrets::default(), Kept::None, Some(e.to_string()))
            }
        }
    }

    /// Replaces the profile's kept refresh token (rotation), leaving its other secrets as they are.
    pub fn keep_refresh_token(&self, id: &str, token: SecretString) -> Result<Kept, String> {
        let profiles = self.load().map_err(|e| e.to_string())?;
        let profile = profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or("the profile no longer exists")?;
        if !profile.keep_refresh_token {
            return Ok(Kept::None);
        }
        if profile.remember_secrets {
            // A failed read must not turn into an item holding the refresh token alone.
            let mut stored = self
                .keychain
                .load(id)
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            stored.refresh_token = Some(token);
            self.keychain
                .save(id, &profile.name, &stored)
                .map_err(|e| e.to_string())?;
            return Ok(Kept::Keychain);
        }
        lock(&self.session)
            .entry(id.to_string())
            .or_default()
            .refresh_token = Some(token);
        Ok(Kept::Session)
    }

    pub fn delete(&self, id: &str) -> Result<Profile, ProfileError> {
        let (removed, _) = self.store.update(|all| {
            let at = all
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            Ok(all.remove(at))
        })?;
        lock(&self.session).remove(id);
        if let Err(e) = self.keychain.delete(id) {
            tracing::warn!("the keychain item of a deleted profile could not be removed: {e}");
        }
        Ok(removed)
    }

    /// A copy named "NAME copy" (or "NAME copy 2", …), secrets included.
    pub fn duplicate(&self, id: &str) -> Result<(Profile, Kept, Option<String>), ProfileError> {
        let profiles = self.load()?;
        let original = profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ProfileError::NotFound(id.into()))?;
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    format!("{} copy", original.name)
                } else {
                    format!("{} copy {n}", original.name)
                }
            })
            .find(|candidate| check_name(&profiles, candidate, None).is_ok())
            .unwrap_or_else(|| format!("{} copy", original.name));
        let (secrets, _, _) = self.secrets(original);
        let edit = ProfileEdit {
            name,
            target: original.target.clone(),
            client_id: original.client_id.clone(),
            username: original.username.clone(),
            notes: original.notes.clone(),
            remember_secrets: original.remember_secrets,
            grant: original.grant.clone(),
            key_file: original.key_file.clone(),
            scope: original.scope.clone(),
            callback: original.callback.clone(),
            keep_refresh_token: original.keep_refresh_token,
        };
        self.save(None, edit, secrets)
    }
}

/// The non-secret fields the window edits.
pub struct ProfileEdit {
    pub name: String,
    pub target: TargetSpec,
    pub client_id: String,
    pub username: String,
    pub notes: String,
    pub remember_secrets: bool,
    pub grant: String,
    pub key_file: String,
    pub scope: String,
    pub callback: String,
    pub keep_refresh_token: bool,
}

impl ProfileEdit {
    fn apply(self, p: &mut Profile) {
        p.name = self.name.trim().to_string();
        p.target = self.target;
        p.client_id = self.client_id.trim().to_string();
        p.username = self.username.trim().to_string();
        p.notes = self.notes;
        p.remember_secrets = self.remember_secrets;
        p.grant = self.grant;
        p.key_file = self.key_file;
        p.scope = self.scope;
        p.callback = self.callback;
        p.keep_refresh_token = self.keep_refresh_token;
    }
}

fn copy(s: &ProfileSecrets) -> ProfileSecrets {
    let c = |v: &Option<SecretString>| {
        v.as_ref()
            .map(|x| SecretString::from(x.expose_secret().to_string()))
    };
    ProfileSecrets {
        client_secret: c(&s.client_secret),
        password: c(&s.password),
        security_token: c(&s.security_token),
        refresh_token: c(&s.refresh_token),
    }
}
