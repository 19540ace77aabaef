//! The move off the password grant, in the window: the plan (replacements, Setup checklist), the key
//! and its certificate, the test, and forgetting the password — each a thin call to the core's
//! `migration` module and `ProfileBook` (see `profiles/moving.rs` there). The test is an ordinary
//! Send, so its answer fills the token card like any other.

use std::sync::Arc;

use serde::Serialize;
use sftoken_core::jwt_key::Certificate;
use sftoken_core::migration::{self, AppKind, ChecklistFacts, REPLACEMENTS};
use sftoken_core::profiles::ProfileBook;
use sftoken_core::{GrantKind, TargetSpec};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::commands::profiles::{blocking, ProfileListing};
use crate::commands::request::send_and_keep;
use crate::error::{CommandError, ErrorKind};
use crate::token_view::TokenView;
use crate::AppState;

/// A generated key's certificate as the page shows it.
#[derive(Debug, Serialize)]
pub struct CertificateView {
    pub subject: String,
    /// "expires 2028-11-29 (730 days left)".
    pub expiry: String,
    /// Within 30 days of expiry, or expired: what to do.
    pub warning: Option<String>,
    /// The file name it is saved under: sftoken-acme-prod.crt.
    pub file_name: String,
    /// A new key waiting for a successful test (the key in use, if any, still signs).
    pub pending: bool,
}

impl CertificateView {
    pub fn new(certificate: &Certificate, profile_name: &str, pending: bool) -> CertificateView {
        let today = migration::today();
        CertificateView {
            subject: certificate.subject.clone(),
            expiry: certificate.expiry_line(today),
            warning: certificate.expiry_warning(today),
            file_name: Certificate::file_name(profile_name),
            pending,
        }
    }

    /// The certificate to upload: the new key's while it waits for its test, else the one in use.
    fn to_upload(profile: &sftoken_core::profiles::Profile) -> Option<CertificateView> {
        ProfileBook::certificate_to_upload(profile)
            .map(|c| CertificateView::new(c, &profile.name, profile.pending_certificate.is_some()))
    }
}

#[derive(Debug, Serialize)]
pub struct ReplacementView {
    pub grant: GrantKind,
    pub label: &'static str,
    pub when: &'static str,
}

/// What the move panel shows for one choice of grant and kind of app.
#[derive(Debug, Serialize)]
pub struct MovePlanView {
    /// "retired by Salesforce on 2027-02-20 — 82 days left", for a profile on the password grant.
    pub deadline: Option<String>,
    pub replacements: Vec<ReplacementView>,
    pub checklist: Vec<String>,
    pub certificate: Option<CertificateView>,
    /// The profile's My Domain, if it has one (client credentials needs it).
    pub my_domain: Option<String>,
}

#[tauri::command]
pub async fn move_plan(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
    to: GrantKind,
    app: AppKind,
    certificate_file: Option<String>,
) -> Result<MovePlanView, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let profile = book.get(&id)?;
        let facts = ChecklistFacts {
            // The name it was last saved under, else the name Save would give it.
            certificate_file: certificate_file
                .filter(|_| ProfileBook::certificate_to_upload(&profile).is_some())
                .or_else(|| {
                    ProfileBook::certificate_to_upload(&profile)
                        .map(|_| Certificate::file_name(&profile.name))
                })
                .unwrap_or_default(),
            username: profile.username.clone(),
        };
        Ok(MovePlanView {
            deadline: profile
                .grant
                .is_retiring()
                .then(|| migration::deadline_line(migration::today())),
            replacements: REPLACEMENTS
                .into_iter()
                .map(|grant| ReplacementView {
                    grant,
                    label: grant.label(),
                    when: migration::when_to_choose(grant).unwrap_or_default(),
                })
                .collect(),
            checklist: migration::checklist(to, app, &facts),
            certificate: CertificateView::to_upload(&profile),
            my_domain: (profile.target.kind == sftoken_core::TargetKind::MyDomain)
                .then(|| profile.target.host.clone()),
        })
    })
    .await
}

/// A new key pair into the keychain, its certificate into the profile.
#[tauri::command]
pub async fn generate_jwt_key(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
    days: u32,
) -> Result<CertificateView, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let generated = book.generate_jwt_key(&id, days, migration::today())?;
        Ok(CertificateView::new(
            &generated.certificate,
            &generated.profile.name,
            true,
        ))
    })
    .await
}

/// Saves the certificate into the Downloads folder (the home folder when there is none), under a
/// name no other file has; returns the path.
#[tauri::command]
pub async fn save_certificate(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<String, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let profile = book.get(&id)?;
        let certificate = ProfileBook::certificate_to_upload(&profile)
            .cloned()
            .ok_or_else(no_certificate)?;
        let path = crate::downloads::save(
            &Certificate::file_name(&profile.name),
            certificate.pem.as_bytes(),
        )?;
        Ok(path.display().to_string())
    })
    .await
}

/// Saves the certificate where the user chooses in the system's save dialog; `None` when cancelled.
/// (The save dialog confirms replacing a file itself.)
#[tauri::command]
pub async fn save_certificate_as<R: Runtime>(
    app: AppHandle<R>,
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<Option<String>, CommandError> {
    let book = book.inner().clone();
    let profile = blocking(move || Ok(book.get(&id)?)).await?;
    let certificate = ProfileBook::certificate_to_upload(&profile)
        .cloned()
        .ok_or_else(no_certificate)?;
    let file_name = Certificate::file_name(&profile.name);
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Save the certificate to upload to the app")
            .set_file_name(file_name)
            .add_filter("Certificate (PEM)", &["crt", "pem", "cer"])
            .blocking_save_file()
    })
    .await
    .ok()
    .flatten();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, certificate.pem.as_bytes()).map_err(|e| {
        CommandError::new(
            ErrorKind::Internal,
            format!("{} could not be written: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}

fn no_certificate() -> CommandError {
    CommandError::new(
        ErrorKind::Input,
        "This profile has no key yet: generate one first",
    )
}

/// The certificate (public) on the clipboard, for pasting into a file or a form.
#[tauri::command]
pub async fn copy_certificate<R: Runtime>(
    app: AppHandle<R>,
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<(), CommandError> {
    let book = book.inner().clone();
    let pem =
        blocking(move || Ok(book.get(&id)?.certificate.ok_or_else(no_certificate)?.pem)).await?;
    app.clipboard().write_text(pem).map_err(|e| {
        CommandError::new(
            ErrorKind::Internal,
            format!("the clipboard could not be written: {e}"),
        )
    })
}

/// A successful test: the profile as it is now, and the token it got.
#[derive(Serialize)]
pub struct MovedView {
    pub profile: ProfileListing,
    pub token: TokenView,
    pub message: String,
    pub password_kept: bool,
}

/// Sends the new grant once; when a token comes back, the profile uses that grant from then on.
/// A failure leaves the profile as it was (and explains itself like any failed Send).
#[tauri::command]
pub async fn test_move<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    book: State<'_, Arc<ProfileBook>>,
    id: String,
    to: GrantKind,
    target: Option<TargetSpec>,
) -> Result<MovedView, CommandError> {
    let book = book.inner().clone();
    let prepared = {
        let book = book.clone();
        blocking(move || Ok(book.prepare_move(&id, to, target)?)).await?
    };
    let token = send_and_keep(&app, &state, &prepared.form).await?;
    let refresh_token = crate::state::lock(&state.last)
        .as_ref()
        .and_then(|last| last.issued.outcome.response.refresh_token().cloned());
    let moved =
        blocking(move || Ok(book.complete_move(&prepared, refresh_token.as_ref())?)).await?;
    let message = format!(
        "Test passed: “{}” now uses {}.{}",
        moved.profile.name,
        moved.profile.grant.label(),
        match (moved.refresh_token_kept, moved.password_kept) {
            (true, true) => " Its refresh token is kept; its password stays in the keychain until you forget it.",
            (true, false) => " Its refresh token is kept: the next token needs no browser.",
            (false, true) => " Its password stays in the keychain until you forget it.",
            (false, false) => "",
        }
    );
    Ok(MovedView {
        profile: moved.profile.into(),
        token,
        message,
        password_kept: moved.password_kept,
    })
}

/// Removes the password and security token of a profile that no longer uses them.
#[tauri::command]
pub async fn forget_password(
    book: State<'_, Arc<ProfileBook>>,
    id: String,
) -> Result<String, CommandError> {
    let book = book.inner().clone();
    blocking(move || {
        let forgot = book.forget_password(&id)?;
        Ok(if forgot.removed {
            format!(
                "The password and security token of “{}” were removed from {}.",
                forgot.profile.name,
                sftoken_core::profiles::Keychain::name()
            )
        } else {
            format!(
                "“{}” had no password or security token stored.",
                forgot.profile.name
            )
        })
    })
    .await
}
