//! The book's side of token reuse (see `crate::token_reuse`): the kept token in the keychain, the
//! time it is good until in the profile file (not a secret: `sftoken profile list` and the window's
//! list show it without a keychain round trip per profile), and the per-profile lock that makes
//! concurrent callers log in once.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

use super::{KeptToken, Profile, ProfileBook, ProfileError};
use crate::error::Error;

/// Held while a caller decides between the kept token and a new login; released on drop.
/// Without a file when the profiles' folder cannot hold one (a folder sftoken may only read):
/// nothing can be kept there either, so there is nothing for concurrent callers to share.
pub struct ProfileLock {
    _file: Option<File>,
}

impl ProfileBook {
    /// Waits for the profile's lock (another process may be logging in for it).
    pub async fn lock_profile(&self, id: &str) -> Result<ProfileLock, Error> {
        let path = self.store().lock_dir().join(format!("{id}.lock"));
        let folder = self.store().dir().to_path_buf();
        tokio::task::spawn_blocking(move || lock_file(path, &folder))
            .await
            .map_err(|e| Error::Setup(format!("the profile lock could not be taken: {e}")))?
    }

    /// The profile's kept token, if any.
    pub fn kept_token(&self, id: &str) -> Result<Option<KeptToken>, Error> {
        Ok(self.keychain().load_token(id)?)
    }

    /// Keeps `token` as the profile's token (replacing the one before) and notes until when it is
    /// good in the profile file. Only while the profile, as it is now (the caller's copy may
    /// predate an opt-out), keeps tokens and remembers secrets (the token is one). The note comes
    /// first: a folder that cannot take it gets no token in the keychain either.
    pub fn keep_token(&self, profile: &Profile, token: &KeptToken) -> Result<(), Error> {
        let now = self.get(&profile.id)?;
        if !now.keep_tokens || !now.remember_secrets {
            return Ok(());
        }
        self.note_token(&profile.id, Some((token.kept_at, token.expiry.until())))?;
        if let Err(e) = self.keychain().save_token(&profile.id, &now.name, token) {
            let _ = self.note_token(&profile.id, None);
            return Err(e.into());
        }
        Ok(())
    }

    /// The window's Send for a profile: when the token's login (see [`super::login_of`]) is the
    /// profile's own, notes its org, and keeps it as the profile's token when the profile keeps
    /// tokens. True when it was kept.
    pub fn keep_if_own(&self, id: &str, token: &KeptToken) -> Result<bool, Error> {
        let profile = self.get(id)?;
        let own = super::login_of(&profile.to_form(super::ProfileSecrets::default()));
        if own != token.login {
            return Ok(false);
        }
        if let Some(identity) = token.response().and_then(|r| r.identity) {
            self.note_org(&profile, &identity.org_id)?;
        }
        if !profile.keep_tokens || !profile.remember_secrets {
            return Ok(false);
        }
        self.keep_token(&profile, token)?;
        Ok(true)
    }

    /// Drops the profile's kept token (rejected, expired, revoked).
    pub fn drop_kept_token(&self, id: &str) -> Result<(), Error> {
        self.keychain().delete_token(id)?;
        self.note_token(id, None)
    }

    /// After `revoked` was revoked: drops the profile's kept token when it was that token, or when
    /// `revoked` is the profile's kept refresh token (Salesforce revokes the access tokens issued
    /// from a refresh token with it). True when a kept token was dropped.
    pub fn forget_revoked(&self, profile: &Profile, revoked: &SecretString) -> Result<bool, Error> {
        let Some(kept) = self.kept_token(&profile.id)? else {
            return Ok(false);
        };
        let same = |token: &SecretString| token.expose_secret() == revoked.expose_secret();
        let was_kept = kept.response().is_some_and(|r| same(r.access_token()));
        let was_its_refresh = self
            .secrets(profile)
            .0
            .refresh_token
            .as_ref()
            .is_some_and(same);
        if !was_kept && !was_its_refresh {
            return Ok(false);
        }
        self.drop_kept_token(&profile.id)?;
        Ok(true)
    }

    /// Changes how a profile keeps tokens: `keep_tokens` (off drops the kept token) and the org's
    /// session timeout in minutes (`Some(None)` clears it). `None` leaves a setting as it is.
    pub fn set_token_settings(
        &self,
        id: &str,
        keep_tokens: Option<bool>,
        session_timeout_minutes: Option<Option<u32>>,
    ) -> Result<Profile, Error> {
        let (profile, _) = self.store().update(|all| {
            let p = all
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            if let Some(keep) = keep_tokens {
                p.keep_tokens = keep;
            }
            if let Some(minutes) = session_timeout_minutes {
                p.session_timeout_minutes = minutes;
            }
            Ok(p.clone())
        })?;
        if !profile.keep_tokens {
            self.drop_kept_token(id)?;
        }
        Ok(profile)
    }

    /// Notes the org a token of `profile` (as the caller read it) came from; written only when
    /// it differs from what `profile` holds.
    pub fn note_org(&self, profile: &Profile, org_id: &str) -> Result<(), Error> {
        if profile.org_id.as_deref() == Some(org_id) {
            return Ok(());
        }
        self.store().update(|all| {
            if let Some(p) = all.iter_mut().find(|p| p.id == profile.id) {
                p.org_id = Some(org_id.to_string());
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Remembers which profile asks the org why `id`'s login failed.
    pub fn set_why_helper(&self, id: &str, helper_id: &str) -> Result<(), Error> {
        if self.get(id)?.why_helper.as_deref() == Some(helper_id) {
            return Ok(());
        }
        self.store().update(|all| {
            let p = all
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            p.why_helper = Some(helper_id.to_string());
            Ok(())
        })?;
        Ok(())
    }

    /// Notes in the profile file when the kept token was kept and until when it is good.
    fn note_token(
        &self,
        id: &str,
        kept: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    ) -> Result<(), Error> {
        self.store().update(|all| {
            if let Some(p) = all.iter_mut().find(|p| p.id == id) {
                p.token_kept_at = kept.map(|(at, _)| at);
                p.token_until = kept.and_then(|(_, until)| until);
            }
            Ok(())
        })?;
        Ok(())
    }
}

fn lock_file(path: PathBuf, folder: &std::path::Path) -> Result<ProfileLock, Error> {
    let io = |source: std::io::Error| {
        Error::Profile(ProfileError::Io {
            path: path.clone(),
            source,
        })
    };
    let opened = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        });
    let file = match opened {
        Ok(file) => file,
        Err(e) if cannot_write(&e) && !writable(folder) => {
            tracing::debug!(path = %path.display(), "no profile lock: {e}");
            return Ok(ProfileLock { _file: None });
        }
        Err(e) => return Err(io(e)),
    };
    file.lock().map_err(io)?;
    Ok(ProfileLock { _file: Some(file) })
}

/// Whether sftoken may write in the profiles' folder: a lock that cannot be made in a folder that
/// can be written (a `locks/` left by another user) is an error to fix, not a folder to read only.
fn writable(folder: &std::path::Path) -> bool {
    let probe = folder.join(format!(".write-probe-{}", std::process::id()));
    let made = OpenOptions::new().write(true).create_new(true).open(&probe);
    let _ = std::fs::remove_file(&probe);
    made.is_ok()
}

/// The folder is someone else's or read-only: sftoken may read profiles there, not write.
fn cannot_write(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}
