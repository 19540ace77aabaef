//! The profiles sidebar: list, open, save, duplicate, delete — thin calls to the core's
//! [`ProfileBook`]. Keychain calls block on D-Bus, so each command runs on a blocking thread.

use std::sync::Arc;

use serde::Serialize;
use sftoken_core::migration;
use sftoken_core::profiles::{
    Keychain, KeychainStatus, OpenedProfile, Profile, ProfileBook, ProfileDraft, SavedProfile,
    SecretsKept,
};
use tauri::State;

use crate::commands::moving::CertificateView;

use crate::error::{CommandError, ErrorKind};
use crate::state::lock;

/// A profile as the sidebar lists it: its fields (never a secret) and its badge.
#[derive(Debug, Serialize)]
pub struct ProfileListing {
    #[serde(flatten)]
    pub profile: Profile,
    pub badge: &'static str,
    /// On the password grant: "retired by Salesforce on 2027-02-20 — 82 days left".
    pub deadline: Option<String>,
    pub days_left: Option<i64>,
    /// The certificate of the key sftoken generated into the keychain, when the profile has one.
    pub key: Option<CertificateView>,
}

impl From<Profile> for ProfileListing {
    fn from(profile: Profile) -> ProfileListing {
        ProfileListing {
            badge: profile.target.badge(),
            deadline: profile
                .grant
                .is_retiring()
                .then(|| migration::deadline_line(migration::today())),
            days_left: profile
                .grant
                .is_retiring()
                .then(|| migration::days_left(migration::today())),
            key: profile
                .certificate
                .as_ref()
                .map(|c| CertificateView::new(c, &profile.name, false)),
            profile,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ProfilesView {
    pub profiles: Vec<ProfileListing>,
    /// The file that could not be read and was kept aside, said plainly.
    pub set_aside: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct KeychainView {
    pub available: bool,
    /// For the status bar.
    pub text: String,
}

fn keychain_view(status: KeychainStatus) -> KeychainView {
    match status {
        KeychainStatus::Available { name } => KeychainView { available: true, text: format!("Secrets in {name}") },
        KeychainStatus::Unavailable { reason } => KeychainView {
            available: false,
            text: format!("No keychain reachable ({reason}): secrets are kept for this session only, never on disk"),
        },
    }
}

pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new(ErrorKind::Internal, format!("internal error: {e}")))?
}

#[tauri::command]
pub async fn list_profiles(
    book: State<'_, Arc<ProfileBook>>,
) -> Result<ProfilesView, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let profiles = book.load()?;
        Ok(ProfilesView {
            profiles: profiles.into_iter().map(ProfileListing::from).collect(),
            set_aside: book.set_aside().map(|s| s.to_string()),
        })
    })
    .await
}

/// Whether the keychain answers, for the status bar. Separate from `list_profiles` because asking
/// takes a D-Bus round trip (and a key exchange) that the form need not wait for at start-up.
#[tauri::command]
pub async fn keychain_status(
    book: State<'_, Arc<ProfileBook>>,
) -> Result<KeychainView, CommandError> {
    let book = book.inner().clone();
    blocking(move || Ok(keychain_view(book.keychain_status()))).await
}

/// An opened profile: its listing and its form with the secrets in clear (to fill the window's
/// form). No `Debug`: it holds secrets.
#[derive(Serialize)]
pub struct OpenedProfileView {
    pub profile: ProfileListing,
    /// The form as the page's `readForm` shapes it, secrets included.
    pub form: serde_json::Value,
    pub secrets_from: SecretsKept,
    pub warning: Option<String>,
}

impl From<OpenedProfile> for OpenedProfileView {
    fn from(opened: OpenedProfile) -> OpenedProfileView {
        OpenedProfileView {
            form: opened.form.expose_json(),
            profile: opened.profile.into(),
            secrets_from: opened.secrets_from,
            warning: opened.warning,
        }
    }
}

#[tauri::command]
pub async fn open_profile(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<OpenedProfileView, CommandError> {
    let book = book.inner().clone();
    blocking(move || Ok(book.open(book.get(&id)?).into())).await
}

#[derive(Debug, Serialize)]
pub struct SavedProfileView {
    pub profile: ProfileListing,
    pub secrets_kept: SecretsKept,
    pub warning: Option<String>,
}

impl From<SavedProfile> for SavedProfileView {
    fn from(saved: SavedProfile) -> SavedProfileView {
        SavedProfileView {
            profile: saved.profile.into(),
            secrets_kept: saved.secrets_kept,
            warning: saved.warning,
        }
    }
}

/// Saves the open profile (`id`), or a new one (no `id`), from the sidebar's fields and the form.
#[tauri::command]
pub async fn save_profile(
    book: State<'_, Arc<ProfileBook>>,
    id: Option<String>,
    draft: ProfileDraft,
) -> Result<SavedProfileView, CommandError> {
    let book = book.inner().clone();
    blocking(move || Ok(book.save(id.as_deref(), draft)?.into())).await
}

/// Stores the last answer's refresh token in a profile that keeps them (rotation replaces it).
#[tauri::command]
pub async fn keep_refresh_token(
    book: State<'_, Arc<ProfileBook>>,
    state: State<'_, crate::AppState>,
    id: String,
) -> Result<SecretsKept, CommandError> {
    let token = {
        let last = lock(&state.last);
        let last = last.as_ref().ok_or_else(CommandError::no_token)?;
        crate::commands::last_token::refresh_token(&last.issued)?
    };
    let book = book.inner().clone();
    blocking(move || Ok(book.keep_refresh_token(&id, &token)?)).await
}

#[tauri::command]
pub async fn duplicate_profile(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<SavedProfileView, CommandError> {
    let book = book.inner().clone();
    blocking(move || Ok(book.duplicate(&id)?.into())).await
}

#[tauri::command]
pub async fn delete_profile(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<String, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let removed = book.delete(&id)?;
        Ok(match removed.keychain_error {
            None => format!(
                "Deleted {:?} and its secrets from {}",
                removed.profile.name,
                Keychain::name()
            ),
            Some(e) => format!(
                "Deleted {:?}; its secrets could not be removed from {}: {e}",
                removed.profile.name,
                Keychain::name()
            ),
        })
    })
    .await
}
