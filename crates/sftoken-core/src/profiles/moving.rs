//! The profile side of the move off the password grant (see `crate::migration` for the deadline,
//! the replacements and the Setup checklists): generate a JWT key into the keychain, prepare the
//! form that tests the new grant, switch the profile once that test succeeded, and forget the
//! password when the user says so. The test itself is an ordinary send
//! (`TokenClient::send_form`), so the window and the command show its progress and its failure
//! the way they show any other.
//!
//! The rule that matters: nothing that works is lost on the way. The profile keeps its grant,
//! password and key until a token came back through the new grant. A new key waits in its own
//! keychain slot ([`KeySlot::Pending`]) with its certificate beside the profile's, and replaces the
//! key in use only when a test with it passed; the password is removed only on request, and only
//! from a profile that no longer uses it.

use chrono::NaiveDate;
use secrecy::{ExposeSecret, SecretString};

use super::{KeySlot, KeychainError, Profile, ProfileBook, ProfileError, SavedProfile, TargetSpec};
use crate::error::{Error, MoveError};
use crate::grant::GrantKind;
use crate::jwt_key::{self, Certificate};
use crate::migration::REPLACEMENTS;
use crate::request_form::RequestForm;

/// A key generated into the keychain, and the certificate to upload.
#[derive(Debug)]
pub struct GeneratedKey {
    pub profile: Profile,
    pub certificate: Certificate,
    /// The profile signs with another key sftoken made: that one keeps working until a test with
    /// the new one passes.
    pub replaces_a_key_in_use: bool,
}

/// The form that tests a move, ready to send, and what it tests.
#[derive(Debug)]
pub struct MoveTest {
    pub profile: Profile,
    pub to: GrantKind,
    pub form: RequestForm,
    /// The new key's certificate when the test signs with the pending key.
    pub pending: Option<Certificate>,
}

/// A profile switched to its new grant after a successful test.
#[derive(Debug)]
pub struct MovedProfile {
    pub profile: Profile,
    pub from: GrantKind,
    /// The password (or security token) is still in the keychain, waiting for "Forget the password".
    pub password_kept: bool,
    /// The browser sign-in's refresh token was kept (the profile now keeps refresh tokens).
    pub refresh_token_kept: bool,
}

/// A profile whose password was forgotten.
#[derive(Debug)]
pub struct ForgotPassword {
    pub profile: Profile,
    /// False when there was nothing to remove.
    pub removed: bool,
}

impl ProfileBook {
    /// Makes an RSA key pair and its certificate (valid `valid_days` from `today`), puts the private
    /// key in the keychain's pending slot and the certificate in the profile. The key never touches
    /// the disk, and the key in use (if any) keeps working until a test with the new one passes.
    pub fn generate_jwt_key(
        &self,
        id: &str,
        valid_days: u32,
        today: NaiveDate,
    ) -> Result<GeneratedKey, Error> {
        let profile = self.get(id)?;
        if !profile.remember_secrets {
            return Err(MoveError::ForgetsSecrets {
                profile: profile.name,
            }
            .into());
        }
        let new = jwt_key::generate(&profile.name, valid_days, today)?;
        self.keychain()
            .save_key(id, &profile.name, KeySlot::Pending, &new.private_key)?;
        let (profile, _) = self.store().update(|all| {
            let p = find_mut(all, id)?;
            p.pending_certificate = Some(new.certificate.clone());
            Ok(p.clone())
        })?;
        Ok(GeneratedKey {
            replaces_a_key_in_use: profile.certificate.is_some(),
            profile,
            certificate: new.certificate,
        })
    }

    /// The certificate to upload: the new key's while it waits for its test, else the one in use.
    pub fn certificate_to_upload(profile: &Profile) -> Option<&Certificate> {
        profile
            .pending_certificate
            .as_ref()
            .or(profile.certificate.as_ref())
    }

    /// Reads the profile's JWT key (the one in use) from the keychain into `form` when the form
    /// signs with it.
    pub fn load_jwt_key(&self, form: &mut RequestForm) -> Result<(), Error> {
        if !form.needs_keychain_key() {
            return Ok(());
        }
        let id = form.keychain_key.trim().to_string();
        match self.keychain().load_key(&id, KeySlot::InUse)? {
            Some(key) => {
                form.jwt_key = Some(key);
                Ok(())
            }
            None => Err(KeychainError::NoKey.into()),
        }
    }

    /// The form that tests `to` for this profile: its client id, user and secrets, the new grant,
    /// and `target` when the new grant needs another one (client credentials: the My Domain). A
    /// JWT test signs with the new key when one waits, else with the key in use.
    pub fn prepare_move(
        &self,
        id: &str,
        to: GrantKind,
        target: Option<TargetSpec>,
    ) -> Result<MoveTest, Error> {
        if !REPLACEMENTS.contains(&to) {
            return Err(MoveError::NotAReplacement(to).into());
        }
        let profile = self.get(id)?;
        let opened = self.open(profile.clone());
        if let Some(reason) = opened.warning {
            return Err(MoveError::SecretsUnreadable {
                profile: profile.name,
                reason,
            }
            .into());
        }
        let mut form = opened.form;
        form.grant_type = to.grant_type().to_string();
        if let Some(target) = target {
            form.target = target;
        }
        let mut pending = None;
        if to == GrantKind::JwtBearer {
            form.key_file.clear();
            form.keychain_key = profile.id.clone();
            if let Some(cert) = &profile.pending_certificate {
                let key = self
                    .keychain()
                    .load_key(id, KeySlot::Pending)?
                    .ok_or(KeychainError::NoKey)?;
                form.jwt_key = Some(key);
                pending = Some(cert.clone());
            } else if profile.certificate.is_some() {
                self.load_jwt_key(&mut form)?;
            } else {
                return Err(MoveError::NoKey {
                    profile: profile.name,
                }
                .into());
            }
        }
        Ok(MoveTest {
            profile,
            to,
            form,
            pending,
        })
    }

    /// After a token came back through the new grant: the profile uses it from now on (and a new
    /// key it was signed with becomes the key in use). The password stays in the keychain until
    /// [`ProfileBook::forget_password`]. A browser sign-in's `refresh_token` is kept, so the
    /// profile signs in again without the browser.
    pub fn complete_move(
        &self,
        test: &MoveTest,
        refresh_token: Option<&SecretString>,
    ) -> Result<MovedProfile, Error> {
        let id = test.profile.id.as_str();
        if let Some(tested) = &test.pending {
            // Generated again while the test ran: this success says nothing of the newer key.
            if self.get(id)?.pending_certificate.as_ref() != Some(tested) {
                return Err(MoveError::KeyChanged {
                    profile: test.profile.name.clone(),
                }
                .into());
            }
            let key = test.form.jwt_key.as_ref().ok_or(KeychainError::NoKey)?;
            self.keychain()
                .save_key(id, &test.profile.name, KeySlot::InUse, key)?;
            if let Err(e) = self.keychain().delete_key(id, KeySlot::Pending) {
                tracing::warn!("the tested key's pending copy could not be removed: {e}");
            }
        }
        let keep_refresh = test.to == GrantKind::AuthorizationCode && refresh_token.is_some();
        let (profile, _) = self.store().update(|all| {
            let p = find_mut(all, id)?;
            p.grant = test.to;
            p.target = TargetSpec {
                kind: test.form.target.kind,
                host: test.form.target.host.trim().to_string(),
            };
            if test.to == GrantKind::JwtBearer {
                p.key_file.clear();
            }
            if let Some(tested) = &test.pending {
                p.certificate = Some(tested.clone());
                p.pending_certificate = None;
            }
            if keep_refresh {
                p.keep_refresh_token = true;
            }
            Ok(p.clone())
        })?;
        let refresh_token_kept = match refresh_token.filter(|_| keep_refresh) {
            Some(token) => match self.keep_refresh_token(id, token) {
                Ok(_) => true,
                Err(e) => {
                    tracing::warn!("the sign-in's refresh token could not be kept: {e}");
                    false
                }
            },
            None => false,
        };
        let (secrets, _, _) = self.secrets(&profile);
        let present =
            |s: &Option<SecretString>| s.as_ref().is_some_and(|s| !s.expose_secret().is_empty());
        Ok(MovedProfile {
            password_kept: present(&secrets.password) || present(&secrets.security_token),
            profile,
            from: test.profile.grant,
            refresh_token_kept,
        })
    }

    /// Removes the password and security token of a profile that no longer uses them; its other
    /// secrets stay. Refused while the profile still logs in with the password grant.
    pub fn forget_password(&self, id: &str) -> Result<ForgotPassword, Error> {
        let profile = self.get(id)?;
        if profile.grant == GrantKind::Password {
            return Err(MoveError::StillOnPassword {
                profile: profile.name,
            }
            .into());
        }
        let mut removed = false;
        if profile.remember_secrets {
            // A failed read is an error here: never replace an item that could not be read.
            if let Some(mut stored) = self.keychain().load(id)? {
                removed = stored.password.is_some() || stored.security_token.is_some();
                if removed {
                    stored.password = None;
                    stored.security_token = None;
                    self.keychain().save(id, &profile.name, &stored)?;
                }
            }
        }
        removed |= self.forget_session_password(id);
        Ok(ForgotPassword { profile, removed })
    }

    /// Gives a duplicated profile its own copy of the original's keys and certificates.
    pub(super) fn copy_key(
        &self,
        original: &Profile,
        mut copy: SavedProfile,
    ) -> Result<SavedProfile, Error> {
        if original.certificate.is_none() && original.pending_certificate.is_none() {
            return Ok(copy);
        }
        for slot in [KeySlot::InUse, KeySlot::Pending] {
            if let Some(key) = self.keychain().load_key(&original.id, slot)? {
                self.keychain()
                    .save_key(&copy.profile.id, &copy.profile.name, slot, &key)?;
            }
        }
        let (profile, _) = self.store().update(|all| {
            let p = find_mut(all, &copy.profile.id)?;
            p.certificate.clone_from(&original.certificate);
            p.pending_certificate
                .clone_from(&original.pending_certificate);
            Ok(p.clone())
        })?;
        copy.profile = profile;
        Ok(copy)
    }
}

fn find_mut<'a>(all: &'a mut [Profile], id: &str) -> Result<&'a mut Profile, ProfileError> {
    all.iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(|| ProfileError::NotFound(id.into()))
}
