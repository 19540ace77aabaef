//! The last token: revealed on demand, copied to the clipboard from Rust, checked, revoked.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sftoken_core::handoff::{Handoff, ShellFormat};
use sftoken_core::{
    bearer_header, curl_call, ExposeSecret, IssuedToken, LoginTarget, SecretString,
    DEFAULT_API_VERSION,
};
use tauri::{AppHandle, Runtime, State};

use sftoken_core::profiles::ProfileBook;

use crate::commands::profiles::blocking;
use crate::error::{CommandError, ErrorKind};
use crate::state::lock;
use crate::AppState;

/// The token and the JSON views in clear, for the eye button. No `Debug`: it holds the token.
#[derive(Serialize)]
pub struct RevealedAnswer {
    pub access_token: String,
    pub pretty: String,
    pub raw: String,
}

/// The eye button: the token and the JSON views in clear.
#[tauri::command]
pub fn reveal_answer(state: State<'_, AppState>) -> Result<RevealedAnswer, CommandError> {
    let last = lock(&state.last);
    let r = &last
        .as_ref()
        .ok_or_else(CommandError::no_token)?
        .issued
        .outcome
        .response;
    Ok(RevealedAnswer {
        access_token: r.access_token().expose_secret().to_string(),
        pretty: r.expose_json_pretty(),
        raw: r.expose_json_compact(),
    })
}

/// "Refresh with it": the refresh token of the last answer, for the refresh form.
#[tauri::command]
pub fn use_refresh_token(state: State<'_, AppState>) -> Result<String, CommandError> {
    let last = lock(&state.last);
    let issued = &last.as_ref().ok_or_else(CommandError::no_token)?.issued;
    Ok(refresh_token(issued)?.expose_secret().to_string())
}

pub fn refresh_token(issued: &IssuedToken) -> Result<SecretString, CommandError> {
    issued
        .outcome
        .response
        .refresh_token()
        .cloned()
        .ok_or_else(|| CommandError::new(ErrorKind::Input, "This answer has no refresh token"))
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    Token,
    InstanceUrl,
    Header,
    Curl,
    Json,
    /// SFTOKEN_ACCESS_TOKEN, SFTOKEN_INSTANCE_URL and SF_ACCESS_TOKEN as `.env` lines.
    Dotenv,
}

impl CopyKind {
    fn what(self) -> &'static str {
        match self {
            CopyKind::Token => "access token",
            CopyKind::InstanceUrl => "instance URL",
            CopyKind::Header => "Authorization header",
            CopyKind::Curl => "curl command",
            CopyKind::Json => "JSON answer",
            CopyKind::Dotenv => ".env lines",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CopyReceipt {
    pub copied: &'static str,
    /// Seconds until the clipboard is cleared, if it will be.
    pub clears_in_secs: Option<u64>,
}

#[tauri::command]
pub async fn copy_answer<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    what: CopyKind,
) -> Result<CopyReceipt, CommandError> {
    if matches!(what, CopyKind::Curl) {
        ensure_api_version(&state).await;
    }
    let text = {
        let last = lock(&state.last);
        let last = last.as_ref().ok_or_else(CommandError::no_token)?;
        let r = &last.issued.outcome.response;
        match what {
            CopyKind::Token => r.access_token().clone(),
            CopyKind::InstanceUrl => {
                SecretString::from(r.instance_url.clone().ok_or_else(|| {
                    CommandError::new(ErrorKind::Input, "The answer has no instance_url")
                })?)
            }
            CopyKind::Header => bearer_header(r),
            CopyKind::Curl => curl_call(
                r,
                last.api_version.as_deref().unwrap_or(DEFAULT_API_VERSION),
            ),
            CopyKind::Json => SecretString::from(r.expose_json_pretty()),
            CopyKind::Dotenv => Handoff::of(&last.issued)
                .map_err(|e| CommandError::from(sftoken_core::Error::from(e)))?
                .lines(ShellFormat::Dotenv),
        }
    };
    // Everything but the instance URL holds the token: clipboard managers are asked to skip it.
    let secret = !matches!(what, CopyKind::InstanceUrl);
    let clears_in_secs = state
        .clipboard
        .copy(&app, text, secret)
        .map_err(|e| CommandError::new(ErrorKind::Internal, e))?;
    Ok(CopyReceipt {
        copied: what.what(),
        clears_in_secs,
    })
}

/// The last token as a Postman environment for the official collection (the core's
/// `postman::export_environment`), saved into Downloads; returns the path. No secret but the token,
/// unless `with_secrets`: then the client secret, password and security token it was issued with.
#[tauri::command]
pub async fn save_postman_environment(
    state: State<'_, AppState>,
    name: Option<String>,
    with_secrets: bool,
) -> Result<SavedEnvironment, CommandError> {
    ensure_api_version(&state).await;
    let (json, file_name, warning) = {
        let last = lock(&state.last);
        let last = last.as_ref().ok_or_else(CommandError::no_token)?;
        let name = name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "sftoken".into());
        let version = last
            .api_version
            .clone()
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_string());
        let no_secret = SecretString::default();
        let secrets = with_secrets.then(|| sftoken_core::postman::ExportedSecrets {
            client_secret: last.issued.client_secret.as_ref().unwrap_or(&no_secret),
            password: &last.sent_password,
            security_token: &last.sent_security_token,
        });
        let environment =
            sftoken_core::postman::export_environment(&name, &last.issued, &version, secrets);
        let warning = sftoken_core::postman::missing_identity(&last.issued);
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        (
            SecretString::from(environment.to_string()),
            format!("{}.postman_environment.json", safe.trim()),
            warning,
        )
    };
    let path = tauri::async_runtime::spawn_blocking(move || {
        crate::downloads::save(&file_name, json.expose_secret().as_bytes())
    })
    .await
    .map_err(|e| CommandError::new(ErrorKind::Internal, format!("internal error: {e}")))??;
    Ok(SavedEnvironment {
        path: path.display().to_string(),
        warning,
    })
}

/// Where the Postman environment went, and what is missing from it, if anything.
#[derive(Debug, Serialize)]
pub struct SavedEnvironment {
    pub path: String,
    pub warning: Option<&'static str>,
}

/// Looks up the org's newest API version once per token (falls back to a safe default).
async fn ensure_api_version(state: &AppState) {
    let instance = {
        let last = lock(&state.last);
        match last.as_ref() {
            Some(l) if l.api_version.is_none() => l.issued.outcome.response.instance_url.clone(),
            _ => None,
        }
    };
    let Some(instance) = instance else { return };
    let version = state.client.latest_api_version(&instance).await;
    if let Some(last) = lock(&state.last).as_mut() {
        last.api_version = Some(version.unwrap_or_else(|e| {
            tracing::debug!("API versions unavailable ({e}); using v{DEFAULT_API_VERSION}");
            DEFAULT_API_VERSION.to_string()
        }));
    }
}

/// What "Who am I" and "Revoke" show under the token card.
#[derive(Debug, Serialize)]
pub struct TokenCheck {
    pub lines: Vec<(String, String)>,
}

/// What checking or revoking the last token needs, copied out of the lock.
struct LastTokenParts {
    target: LoginTarget,
    access: SecretString,
    refresh: Result<SecretString, CommandError>,
    client_id: String,
    client_secret: Option<SecretString>,
}

fn last_token_parts(state: &AppState) -> Result<LastTokenParts, CommandError> {
    let last = lock(&state.last);
    let issued = &last.as_ref().ok_or_else(CommandError::no_token)?.issued;
    Ok(LastTokenParts {
        target: issued.target.clone(),
        access: issued.outcome.response.access_token().clone(),
        refresh: refresh_token(issued),
        client_id: issued.client_id.clone(),
        client_secret: issued.client_secret.clone(),
    })
}

#[tauri::command]
pub async fn whoami(state: State<'_, AppState>) -> Result<TokenCheck, CommandError> {
    let parts = last_token_parts(&state)?;
    let app = parts
        .client_secret
        .as_ref()
        .map(|secret| (parts.client_id.as_str(), secret));
    let report = state
        .client
        .describe_token(&parts.target, &parts.access, app)
        .await?;
    Ok(TokenCheck {
        lines: report
            .lines()
            .into_iter()
            .map(|(label, value)| (label.replace('_', " "), value))
            .collect(),
    })
}

/// Which token of the last answer to revoke.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenToRevoke {
    Access,
    Refresh,
}

/// Revokes a token of the last answer; the open profile (`profile_id`) stops keeping it when it
/// kept that token or one issued from that refresh token.
#[tauri::command]
pub async fn revoke_token(
    state: State<'_, AppState>,
    book: State<'_, Arc<ProfileBook>>,
    which: TokenToRevoke,
    profile_id: Option<String>,
) -> Result<String, CommandError> {
    let parts = last_token_parts(&state)?;
    let token = match which {
        TokenToRevoke::Access => parts.access,
        TokenToRevoke::Refresh => parts.refresh?,
    };
    state.client.revoke(&parts.target, &token).await?;
    let done = match which {
        TokenToRevoke::Access => "Access token revoked: Salesforce refuses it from now on.",
        TokenToRevoke::Refresh => "Refresh token revoked, with the access tokens issued from it.",
    };
    let Some(id) = profile_id else {
        return Ok(done.into());
    };
    let book = book.inner().clone();
    let forgotten = blocking(move || {
        let profile = book.get(&id)?;
        Ok(book
            .forget_revoked(&profile, &token)?
            .then_some(profile.name))
    })
    .await;
    Ok(match forgotten {
        Ok(Some(name)) => format!("{done} “{name}” no longer keeps it."),
        Ok(None) => done.into(),
        Err(e) => format!(
            "{done} The kept token of the profile could not be removed: {}",
            e.title
        ),
    })
}
