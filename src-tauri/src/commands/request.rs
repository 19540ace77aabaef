//! Building, checking and sending the request (every grant, the browser sign-in included); cancelling it.

use serde::Serialize;
use std::sync::Arc;

use sftoken_core::profiles::ProfileBook;
use sftoken_core::{
    ExposeSecret, FieldIssue, RequestForm, RequestPreview, SendObserver, TargetError, TargetSpec,
};
use tauri::{AppHandle, Emitter, Runtime, State};
use url::Url;

use crate::error::CommandError;
use crate::state::{lock, LastToken};
use crate::token_view::TokenView;
use crate::AppState;

/// The event that carries the authorize URL while the browser sign-in waits.
pub const SIGN_IN_EVENT: &str = "sign-in-started";
/// How long the browser sign-in waits for the browser to come back.
pub const SIGN_IN_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// The request bar's view of a target: the URL it will call, or why it cannot.
#[derive(Debug, Serialize)]
pub struct TargetView {
    pub ok: bool,
    pub label: &'static str,
    pub token_url: Option<String>,
    pub error: Option<String>,
    /// A corrected host to offer in one click (the Lightning → My Domain rewrite).
    pub suggestion: Option<String>,
}

#[tauri::command]
pub fn describe_target(target: TargetSpec) -> TargetView {
    match target.resolve() {
        Ok(t) => TargetView {
            ok: true,
            label: t.kind_label(),
            token_url: Some(t.token_url().to_string()),
            error: None,
            suggestion: None,
        },
        Err(e) => TargetView {
            ok: false,
            label: "My Domain",
            token_url: None,
            suggestion: match &e {
                TargetError::LightningHost { suggestion, .. }
                | TargetError::HasPath { suggestion, .. } => Some(suggestion.clone()),
                _ => None,
            },
            error: Some(CommandError::from(e).title),
        },
    }
}

#[tauri::command]
pub fn check_form(form: RequestForm) -> Vec<FieldIssue> {
    form.issues()
}

/// The Headers tab: exactly what will be sent, secrets masked.
#[tauri::command]
pub fn preview_request(form: RequestForm) -> Result<RequestPreview, CommandError> {
    Ok(RequestPreview::of_form(&form.target()?, &form))
}

/// Tells the page where the browser sign-in waits, and opens the browser there.
pub struct WindowSignIn<R: Runtime> {
    pub app: AppHandle<R>,
}

impl<R: Runtime> SendObserver for WindowSignIn<R> {
    fn sign_in_started(&self, authorize_url: &Url, _redirect_uri: &str) {
        let url = authorize_url.to_string();
        let _ = self.app.emit(SIGN_IN_EVENT, &url);
        if std::env::var_os("SFTOKEN_NO_BROWSER").is_none() {
            if let Err(e) = sftoken_core::open_in_browser(&url) {
                tracing::warn!("no browser could be opened: {e}");
            }
        }
    }
}

/// Send: the token card's view, or the error card's. Cancellable with `cancel_request`.
#[tauri::command]
pub async fn send_request<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    book: State<'_, Arc<ProfileBook>>,
    form: RequestForm,
) -> Result<TokenView, CommandError> {
    let form = if form.needs_keychain_key() {
        // The profile's generated key: read from the keychain (a D-Bus round trip) off the UI.
        let book = book.inner().clone();
        crate::commands::profiles::blocking(move || {
            let mut form = form;
            book.load_jwt_key(&mut form)?;
            Ok(form)
        })
        .await?
    } else {
        form
    };
    send_and_keep(&app, &state, &form).await
}

/// The one Send of the window (a test of a move too): cancellable with `cancel_request`; the answer
/// becomes the last token (for copies, reveal, who am I) and the token card's view.
pub async fn send_and_keep<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    form: &RequestForm,
) -> Result<TokenView, CommandError> {
    let started = std::time::Instant::now();
    let cancelled = state.begin_request();
    // Resolves on Cancel, and also when a newer Send replaced this one.
    let cancel = async move {
        let _ = cancelled.await;
    };
    let issued = state
        .client
        .send_form(
            form,
            SIGN_IN_WAIT,
            &WindowSignIn { app: app.clone() },
            cancel,
        )
        .await?;
    let answered = started.elapsed();
    // Only what this grant sent: the form keeps what was typed in the rows of other grants.
    let sent = |field: &str, secret: &sftoken_core::SecretString| {
        if form.kind().sends(field) {
            secret.clone()
        } else {
            sftoken_core::SecretString::default()
        }
    };
    let sent_refresh_token = sent("refresh_token", &form.refresh_token);
    let mut view = TokenView::new(&issued);
    view.refresh_token_known |= !sent_refresh_token.expose_secret().is_empty();
    let request = issued.outcome.elapsed;
    *lock(&state.last) = Some(LastToken {
        issued,
        api_version: None,
        sent_refresh_token,
        sent_password: sent("password", &form.password),
        sent_security_token: sent("security_token", &form.security_token),
        login: sftoken_core::profiles::login_of(form),
    });
    // Where a Send's time goes on the Rust side (the window bench reads these with SFTOKEN_LOG).
    tracing::debug!(
        request_us = request.as_micros() as u64,
        answered_us = answered.as_micros() as u64,
        view_us = (started.elapsed() - answered).as_micros() as u64,
        "send_request"
    );
    Ok(view)
}

#[tauri::command]
pub fn cancel_request(state: State<'_, AppState>) -> bool {
    state.cancel_request()
}
