//! The profile side of the move off the password grant (see `crate::migration` for the deadline,
//! the replacements and the Setup checklists): generate a JWT key into the keychain, prepare the
//! form that tests the new grant, switch the profile once that test succeeded, and forget the
//! password when the user says so. The test itself is an ordinary send
//! (`TokenClient::send_form`), so the window and the command show its progress and its failure
//! the way they show any other.
//!
//! The rule that matters: nothing is lost on the way. The profile stays on the password grant,
//! password and all, until a token came back through the new grant; the password is removed only
//! on request, and only from a profile that no longer uses it.

use super::{Profile, ProfileBook, ProfileError, TargetSpec};
use crate::error::{Error, MoveError};
use crate::grant::GrantKind;
use crate::jwt_key::{self, Certificate};
use crate::migration::REPLACEMENTS;
use crate::request_form::RequestForm;
use chrono::NaiveDate;

/// A key generated into the keychain, and the certificate to upload.
#[derive(Debug)]
pub struct GeneratedKey {
    pub profile: Profile,
    pub certificate: Certificate,
    /// The profile already signed its JWTs with a key sftoken made: that key is gone now.
    pub replaced_a_key_in_use: bool,
}

/// The form that tests a move, ready to send, and where it goes.
#[derive(Debug)]
pub struct MoveTest {
    pub profile: Profile,
    pub to: GrantKind,
    pub form: RequestForm,
}

/// A profile switched to its new grant after a successful test.
#[derive(Debug)]
pub struct MovedProfile {
    pub profile: Profile,
    pub from: GrantKind,
    /// The password (or security token) is still in the keychain, waiting for "Forget the password".
    pub password_kept: bool,
}

impl ProfileBook {
    /// Makes an RSA key pair and its certificate (valid `valid_days` from `today`), puts the private
    /// key in the keychain and the certificate in the profile. The key never touches the disk.
    pub fn generate_jwt_key(
        &self,
        id: &str,
        valid_days: u32,
        today: NaiveDate,
    ) -> Result<GeneratedKey, Error> {
        let profile = self.get(id)?;
        let new = jwt_key::generate(&profile.name, valid_days, today)?;
        self.keychain()
            .save_key(id, &profile.name, &new.private_key)?;
        let replaced_a_key_in_use = profile.grant == GrantKind::JwtBearer
            && profile.key_file.is_empty()
            && profile.certificate.is_some();
        let (profile, _) = self.store().update(|all| {
            let p = all
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.into()))?;
            p.certificate = Some(new.certificate.clone());
            Ok(p.clone())
        })?;
        Ok(GeneratedKey {
            profile,
            certificate: new.certificate,
            replaced_a_key_in_use,
        })
    }

    /// Reads the profile's JWT key from the keychain into `form` when the form signs with it.
    pub fn load_jwt_key(&self, form: &mut RequestForm) -> Result<(), Error> {
        if form.kind() != GrantKind::JwtBearer
            || !form.uses_keychain_key()
            || form.jwt_key.is_some()
        {
            return Ok(());
        }
        let id = form.keychain_key.trim().to_string();
        match self.keychain().load_key(&id)? {
            Some(key) => {
                form.jwt_key = Some(key);
                Ok(())
            }
            None => Err(super::KeychainError::NoKey.into()),
        }
    }

    /// The form that tests `to` for this profile: its client id, user and secrets, the new grant,
    /// and `target` when the new grant needs another one (client credentials: the My Domain).
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
        if let Some(warning) = opened.warning {
            tracing::warn!("testing a move with secrets that could not be read: {warning}");
        }
        let mut form = opened.form;
        form.grant_type = to.grant_type().to_string();
        if let Some(target) = target {
            form.target = target;
        }
        if to == GrantKind::JwtBearer {
            if profile.certificate.is_none() {
                return Err(MoveError::NoKey {
                    profile: profile.name,
                }
                .into());
            }
            form.key_file.clear();
            form.keychain_key = profile.id.clone();
            self.load_jwt_key(&mut form)?;
        }
        Ok(MoveTest { profile, to, form })
    }

    /// After a token came back through the new grant: the profile uses it from now on. The
    /// password stays in the keychain until [`ProfileBook::forget_password`].
    pub fn complete_move(&self, test: &MoveTest) -> Result<MovedProfile, Error> {
        let from = test.profile.grant;
        let (profile, _) = self.store().update(|all| {
            let p = all
                .iter_mut()
                .find(|p| p.id == test.profile.id)
                .ok_or_else(|| ProfileError::NotFound(test.profile.id.clone()))?;
            p.grant = test.to;
            p.target = TargetSpec {
                kind: test.form.target.kind,
                host: test.form.target.host.trim().to_string(),
            };
            if test.to == GrantKind::JwtBearer {
                p.key_file.clear();
            }
            Ok(p.clone())
        })?;
        let (secrets, _, _) = self.secrets(&profile);
        Ok(MovedProfile {
            password_kept: secrets.password.is_some() || secrets.security_token.is_some(),
            profile,
            from,
        })
    }

    /// Removes the password and security token of a profile that no longer uses them; its other
    /// secrets stay. Refused while the profile still logs in with the password grant.
    pub fn forget_password(&self, id: &str) -> Result<Profile, Error> {
        let profile = self.get(id)?;
        if profile.grant == GrantKind::Password {
            return Err(MoveError::StillOnPassword {
                profile: profile.name,
            }
            .into());
        }
        if profile.remember_secrets {
            // A failed read is an error here: never replace an item that could not be read.
            if let Some(mut stored) = self.keychain().load(id)? {
                stored.password = None;
                stored.security_token = None;
                self.keychain().save(id, &profile.name, &stored)?;
            }
        }
        self.forget_session_password(id);
        Ok(profile)
    }
}
