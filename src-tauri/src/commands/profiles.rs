//! The profiles sidebar: list, open, save, rename, duplicate, delete. Keychain calls block on D-Bus,
//! so each command runs on a blocking thread.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sftoken_core::profiles::{
    Keychain, KeychainStatus, Profile, ProfileError, ProfileSecrets, TargetSpec,
};
use tauri::State;

use crate::form::FormInput;
use crate::profile_book::{Kept, ProfileBook, ProfileEdit};

/// A profile as the sidebar and the form show it (no secrets).
#[derive(Debug, Serialize)]
pub struct ProfileView {
    pub id: String,
    pub name: String,
    pub badge: &'static str,
    pub target: TargetSpec,
    pub grant: String,
    pub client_id: String,
    pub username: String,
    pub notes: String,
    pub remember_secrets: bool,
    pub key_file: String,
    pub scope: String,
    pub callback: String,
    pub keep_refresh_token: bool,
}

impl From<&Profile> for ProfileView {
    fn from(p: &Profile) -> ProfileView {
        ProfileView {
            id: p.id.clone(),
            name: p.name.clone(),
            badge: p.target.badge(),
            target: p.target.clone(),
            grant: p.grant.clone(),
            client_id: p.client_id.clone(),
            username: p.username.clone(),
            notes: p.notes.clone(),
            remember_secrets: p.remember_secrets,
            key_file: p.key_file.clone(),
            scope: p.scope.clone(),
            callback: p.callback.clone(),
            keep_refresh_token: p.keep_refresh_token,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ProfilesView {
    pub profiles: Vec<ProfileView>,
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

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| format!("internal error: {e}"))?
}

fn text(e: ProfileError) -> String {
    e.to_string()
}

#[tauri::command]
pub async fn list_profiles(
    book: State<'_, std::sync::Arc<ProfileBook>>,
) -> Result<ProfilesView, String> {
    let book = book.inner().clone();
    blocking(move || {
        let profiles = book.load().map_err(text)?;
        Ok(ProfilesView {
            profiles: profiles.iter().map(ProfileView::from).collect(),
            set_aside: book.set_aside().map(|s| s.to_string()),
        })
    })
    .await
}

/// Whether the keychain answers, for the status bar. Separate from `list_profiles` because asking
/// takes a D-Bus round trip (and a key exchange) that the form need not wait for at start-up.
#[tauri::command]
pub async fn keychain_status(
    book: State<'_, std::sync::Arc<ProfileBook>>,
) -> Result<KeychainView, String> {
    let book = book.inner().clone();
    blocking(move || Ok(keychain_view(book.keychain_status()))).await
}

#[derive(Debug, Serialize)]
pub struct OpenedProfile {
    pub profile: ProfileView,
    pub client_secret: String,
    pub password: String,
    pub security_token: String,
    pub refresh_token: String,
    pub secrets_from: Kept,
    pub warning: Option<String>,
}

#[tauri::command]
pub async fn open_profile(
    book: State<'_, std::sync::Arc<ProfileBook>>,
    id: String,
) -> Result<OpenedProfile, String> {
    let book = book.inner().clone();
    blocking(move || {
        let profiles = book.load().map_err(text)?;
        let profile = profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| text(ProfileError::NotFound(id.clone())))?;
        let (secrets, secrets_from, warning) = book.secrets(profile);
        let reveal = |s: &Option<SecretString>| {
            s.as_ref()
                .map(|v| v.expose_secret().to_string())
                .unwrap_or_default()
        };
        Ok(OpenedProfile {
            profile: ProfileView::from(profile),
            client_secret: reveal(&secrets.client_secret),
            password: reveal(&secrets.password),
            security_token: reveal(&secrets.security_token),
            refresh_token: reveal(&secrets.refresh_token),
            secrets_from,
            warning,
        })
    })
    .await
}

/// The sidebar's profile fields plus the form as it stands.
#[derive(Debug, Deserialize)]
pub struct ProfileInput {
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default = "yes")]
    pub remember_secrets: bool,
    #[serde(default)]
    pub keep_refresh_token: bool,
    pub form: FormInput,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Serialize)]
pub struct SavedProfile {
    pub profile: ProfileView,
    pub secrets_kept: Kept,
    pub warning: Option<String>,
}

impl SavedProfile {
    fn new(profile: &Profile, secrets_kept: Kept, warning: Option<String>) -> SavedProfile {
        SavedProfile {
            profile: ProfileView::from(profile),
            secrets_kept,
            warning,
        }
    }
}

#[tauri::command]
pub async fn save_profile(
    book: State<'_, std::sync::Arc<ProfileBook>>,
    input: ProfileInput,
) -> Result<SavedProfile, String> {
    let book = book.inner().clone();
    blocking(move || {
        let f = &input.form.fields;
        let keep = |s: &SecretString| (!s.expose_secret().is_empty()).then(|| s.clone());
        let secrets = ProfileSecrets {
            client_secret: keep(&f.client_secret),
            password: keep(&f.password),
            security_token: keep(&f.security_token),
            // Kept only when the profile opts in ("Keep refresh tokens").
            refresh_token: if input.keep_refresh_token {
                keep(&f.refresh_token)
            } else {
                None
            },
        };
        let edit = ProfileEdit {
            name: input.name.clone(),
            target: TargetSpec {
                kind: input.form.target.kind,
                host: input.form.target.host.trim().to_string(),
            },
            client_id: f.client_id.clone(),
            username: f.username.clone(),
            notes: input.notes.clone(),
            remember_secrets: input.remember_secrets,
            grant: f.kind().grant_type().to_string(),
            key_file: f.key_file.trim().to_string(),
            scope: f.scope.trim().to_string(),
            callback: f.callback.trim().to_string(),
            keep_refresh_token: input.keep_refresh_token,
        };
        let (profile, secrets_kept, warning) = book
            .save(input.id.as_deref(), edit, secrets)
            .map_err(text)?;
        Ok(SavedProfile::new(&profile, secrets_kept, warning))
    })
    .await
}

/// Stores the last answer's refresh token in a profile that keeps them (rotation replaces it).
#[tauri::command]
pub async fn keep_refresh_token(
    book: State<'_, std::sync::Arc<ProfileBook>>,
    state: State<'_, crate::AppState>,
    id: String,
) -> Result<Kept, String> {
    let token = {
        let last = crate::state::lock(&state.last);
        let issued = last.as_ref().ok_or("no token yet")?;
        issued
            .outcome
            .response
            .expose_field("refresh_token")
            .ok_or("this answer has no refresh token")?
    };
    let book = book.inner().clone();
    blocking(move || book.keep_refresh_token(&id, SecretString::from(token))).await
}

#[tauri::command]
pub async fn duplicate_profile(
    book: State<'_, std::sync::Arc<ProfileBook>>,
    id: String,
) -> Result<SavedProfile, String> {
    let book = book.inner().clone();
    blocking(move || {
        let (profile, secrets_kept, warning) = book.duplicate(&id).map_err(text)?;
        Ok(SavedProfile::new(&profile, secrets_kept, warning))
    })
    .await
}

#[tauri::command]
pub async fn delete_profile(
    book: State<'_, std::sync::Arc<ProfileBook>>,
    id: String,
) -> Result<String, String> {
    let book = book.inner().clone();
    blocking(move || {
        book.delete(&id)
            .map(|p| {
                format!(
                    "Deleted {:?} and its secrets from {}",
                    p.name,
                    Keychain::name()
                )
            })
            .map_err(text)
    })
    .await
}
