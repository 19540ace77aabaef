//! Saving imported profiles (see `crate::postman`): each under a name no other profile has (a clash
//! gets " (2)", " (3)"… — nothing is ever overwritten), secrets straight to the keychain, and all or
//! nothing: when one cannot be saved whole, the ones saved before it are removed again.

use secrecy::ExposeSecret;

use super::{check_name, Profile, ProfileBook, ProfileError, SecretsKept};
use crate::error::Error;
use crate::postman::ImportPlan;

/// One imported profile, under the name it got.
#[derive(Debug)]
pub struct ImportedProfile {
    pub profile: Profile,
    /// The environment's name, when the profile got another (a clash).
    pub renamed_from: Option<String>,
    pub secrets_kept: SecretsKept,
}

impl ProfileBook {
    /// Saves every plan as a new profile; on any failure, removes the ones already saved.
    pub fn import_postman(&self, plans: Vec<ImportPlan>) -> Result<Vec<ImportedProfile>, Error> {
        let mut done: Vec<ImportedProfile> = Vec::new();
        for plan in plans {
            match self.import_one(plan) {
                Ok(imported) => done.push(imported),
                Err(e) => {
                    for undo in &done {
                        if let Err(left) = self.delete(&undo.profile.id) {
                            tracing::warn!(
                                "an imported profile could not be removed again: {left}"
                            );
                        }
                    }
                    return Err(e);
                }
            }
        }
        Ok(done)
    }

    fn import_one(&self, mut plan: ImportPlan) -> Result<ImportedProfile, Error> {
        let existing = self.load()?;
        let original = plan.name.clone();
        let mut name = None;
        for n in 1..=99 {
            let candidate = match n {
                1 => original.clone(),
                n => format!("{original} ({n})"),
            };
            match check_name(&existing, &candidate, None) {
                Ok(()) => {
                    name = Some(candidate);
                    break;
                }
                Err(ProfileError::NameTaken(_)) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        let name = name.ok_or_else(|| ProfileError::NameTaken(original.clone()))?;
        plan.draft.name = name.clone();
        let has_secrets = [
            &plan.draft.form.client_secret,
            &plan.draft.form.password,
            &plan.draft.form.security_token,
        ]
        .iter()
        .any(|s| !s.expose_secret().is_empty());
        let saved = self.save(None, plan.draft)?;
        if has_secrets && saved.secrets_kept == SecretsKept::None {
            // The profile without its secrets would be half an import: take it back.
            let _ = self.delete(&saved.profile.id);
            return Err(Error::Keychain(super::KeychainError::Unavailable(
                saved
                    .warning
                    .unwrap_or_else(|| "the secrets could not be stored".into()),
            )));
        }
        Ok(ImportedProfile {
            renamed_from: (name != original).then_some(original),
            secrets_kept: saved.secrets_kept,
            profile: saved.profile,
        })
    }
}
