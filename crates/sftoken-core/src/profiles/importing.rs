//! Saving imported profiles (see `crate::postman`): each under a name no other profile has (a clash
//! gets " (2)", " (3)"… — nothing is ever overwritten), secrets straight to the keychain, and all or
//! nothing: when one cannot be saved whole, the ones saved before it are removed again.

use secrecy::ExposeSecret;

use std::path::Path;

use super::{check_name, Keychain, Profile, ProfileBook, ProfileError, SecretsKept};
use crate::error::Error;
use crate::postman::{read_environment, ImportPlan};

/// One imported profile, under the name it got.
#[derive(Debug)]
pub struct ImportedProfile {
    pub profile: Profile,
    /// The environment's name, when the profile got another (a clash).
    pub renamed_from: Option<String>,
    pub secrets_kept: SecretsKept,
}

impl ImportedProfile {
    /// `Imported "Acme prod": login · password; secrets in the keychain` — for both shells.
    pub fn headline(&self) -> String {
        let renamed = self
            .renamed_from
            .as_ref()
            .map(|from| format!(" (a profile named {from:?} exists already)"))
            .unwrap_or_default();
        let secrets = match self.secrets_kept {
            SecretsKept::Keychain => format!("; secrets in {}", Keychain::name()),
            _ => String::new(),
        };
        format!(
            "Imported {:?}{renamed}: {} {}{secrets}",
            self.profile.name,
            self.profile.target.badge(),
            self.profile.grant.label()
        )
    }
}

/// One imported environment: the profile, and what was taken and left out (never a value).
#[derive(Debug)]
pub struct ImportReport {
    pub imported: ImportedProfile,
    pub taken: Vec<String>,
    /// `left out VARIABLE: why`, one per variable not imported.
    pub left_out: Vec<String>,
}

impl ImportReport {
    /// The headline, then "taken: …" and one "left out …" line per variable left out.
    pub fn lines(&self) -> Vec<String> {
        let taken = if self.taken.is_empty() {
            "nothing".to_string()
        } else {
            self.taken.join(", ")
        };
        let mut lines = vec![self.imported.headline(), format!("taken: {taken}")];
        lines.extend(self.left_out.iter().cloned());
        lines
    }
}

impl ProfileBook {
    /// `sftoken import postman FILE...` and the window's import: every file is read and checked
    /// first; only when all are Postman environments are they saved, all or nothing. The first
    /// file that is not one is the error (nothing was imported).
    pub fn import_postman_files(
        &self,
        files: &[impl AsRef<Path>],
    ) -> Result<Vec<ImportReport>, Error> {
        self.load()?;
        let mut plans = Vec::new();
        for file in files {
            plans.push(ImportPlan::from_environment(&read_environment(
                file.as_ref(),
            )?));
        }
        let summaries: Vec<(Vec<String>, Vec<String>)> = plans
            .iter()
            .map(|plan| {
                let left_out = plan
                    .skipped
                    .iter()
                    .map(|s| format!("left out {}: {}", s.variable, s.why))
                    .collect();
                (plan.imported.clone(), left_out)
            })
            .collect();
        let imported = self.import_postman(plans)?;
        Ok(imported
            .into_iter()
            .zip(summaries)
            .map(|(imported, (taken, left_out))| ImportReport {
                imported,
                taken,
                left_out,
            })
            .collect())
    }

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
