//! The last token: revealed on demand, copied to the clipboard from Rust, checked, revoked.

use serde::{Deserialize, Serialize};
use sftoken_core::{bearer_header, curl_call, ExposeSecret, SecretString, DEFAULT_API_VERSION};
use tauri::{AppHandle, Runtime, State};

use crate::state::{lock, Issued};
use crate::view::FailureView;
use crate::AppState;

const NO_TOKEN: &str = "no token yet: press Send first";

#[derive(Debug, Serialize)]
pub struct Revealed {
    pub access_token: String,
    pub pretty: String,
    pub raw: String,
}

/// The eye button: the token and the JSON views in clear.
#[tauri::command]
pub fn reveal_answer(state: State<'_, AppState>) -> Result<Revealed, String> {
    let last = lock(&state.last);
    let r = &last.as_ref().ok_or(NO_TOKEN)?.outcome.response;
    Ok(Revealed {
        access_token: r.access_token().expose_secret().to_string(),
        pretty: r.expose_json_pretty(),
        raw: r.expose_json_compact(),
    })
}

/// "Refresh with it": the refresh token of the last answer, for the refresh form.
#[tauri::command]
pub fn use_refresh_token(state: State<'_, AppState>) -> Result<String, String> {
    let last = lock(&state.last);
    last.as_ref()
        .ok_or(NO_TOKEN)?
        .outcome
        .response
        .expose_field("refresh_token")
        .ok_or_else(|| "this answer has no refresh token".into())
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    Token,
    InstanceUrl,
    Header,
    Curl,
    Json,
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
) -> Result<CopyReceipt, String> {
    if matches!(what, CopyKind::Curl) {
        ensure_api_version(&state).await;
    }
    let text = {
        let last = lock(&state.last);
        let issued = last.as_ref().ok_or(NO_TOKEN)?;
        let r = &issued.outcome.response;
        match what {
            CopyKind::Token => r.access_token().clone(),
            CopyKind::InstanceUrl => SecretString::from(
                r.instance_url
                    .clone()
                    .ok_or("the answer has no instance_url")?,
            ),
            CopyKind::Header => bearer_header(r),
            CopyKind::Curl => curl_call(
                r,
                issued.api_version.as_deref().unwrap_or(DEFAULT_API_VERSION),
            ),
            CopyKind::Json => SecretString::from(r.expose_json_pretty()),
        }
    };
    let clears_in_secs = state.clipboard.copy(&app, text)?;
    let copied = match what {
        CopyKind::Token => "access token",
        CopyKind::InstanceUrl => "instance URL",
        CopyKind::Header => "Authorization header",
        CopyKind::Curl => "curl command",
        CopyKind::Json => "JSON answer",
    };
    Ok(CopyReceipt {
        copied,
        clears_in_secs,
    })
}

/// Looks up the org's newest API version once per token (falls back to a safe default).
async fn ensure_api_version(state: &AppState) {
    let instance = {
        let last = lock(&state.last);
        match last.as_ref() {
            Some(i) if i.api_version.is_none() => i.outcome.response.instance_url.clone(),
            _ => None,
        }
    };
    let Some(instance) = instance else { return };
    let version = state.client.latest_api_version(&instance).await;
    if let Some(issued) = lock(&state.last).as_mut() {
        issued.api_version = Some(version.unwrap_or_else(|e| {
            tracing::debug!("API versions unavailable ({e}); using v{DEFAULT_API_VERSION}");
            DEFAULT_API_VERSION.to_string()
        }));
    }
}

/// What "Who am I" and "Check expiry" show.
#[derive(Debug, Serialize)]
pub struct TokenCheck {
    pub lines: Vec<(String, String)>,
}

/// What checking or revoking the last token needs, copied out of the lock.
struct Held {
    target: sftoken_core::LoginTarget,
    access: SecretString,
    client_id: String,
    client_secret: Option<SecretString>,
    refresh: Option<String>,
}

fn held(state: &AppState) -> Result<Held, Box<FailureView>> {
    let last = lock(&state.last);
    let i: &Issued = last
        .as_ref()
        .ok_or_else(|| Box::new(FailureView::simple("input", NO_TOKEN)))?;
    Ok(Held {
        target: i.target.clone(),
        access: i.outcome.response.access_token().clone(),
        client_id: i.client_id.clone(),
        client_secret: i.client_secret.clone(),
        refresh: i.outcome.response.expose_field("refresh_token"),
    })
}

#[tauri::command]
pub async fn whoami(state: State<'_, AppState>) -> Result<TokenCheck, Box<FailureView>> {
    let Held {
        target,
        access: token,
        client_id,
        client_secret: secret,
        ..
    } = held(&state)?;
    let who = state
        .client
        .whoami(&target, &token)
        .await
        .map_err(|e| Box::new(FailureView::from_error(e)))?;
    let mut lines = vec![("username".to_string(), who.username)];
    if let Some(name) = who.display_name {
        lines.push(("display name".into(), name));
    }
    lines.push(("org id".into(), who.org_id));
    lines.push(("user id".into(), who.user_id));
    let expiry = match secret {
        Some(secret) => match state
            .client
            .introspect(&target, &token, &client_id, &secret)
            .await
        {
            Ok(info) => info.summary(),
            Err(e) => format!("unknown: introspection failed ({e})"),
        },
        None => format!(
            "unknown without the client secret; {}",
            sftoken_core::NO_EXPIRY
        ),
    };
    lines.push(("token".into(), expiry));
    Ok(TokenCheck { lines })
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    Access,
    Refresh,
}

#[tauri::command]
pub async fn revoke_token(
    state: State<'_, AppState>,
    which: Which,
) -> Result<String, Box<FailureView>> {
    let Held {
        target,
        access,
        refresh,
        ..
    } = held(&state)?;
    let token = match which {
        Which::Access => access,
        Which::Refresh => SecretString::from(refresh.ok_or_else(|| {
            Box::new(FailureView::simple(
                "input",
                "this answer has no refresh token",
            ))
        })?),
    };
    state
        .client
        .revoke(&target, &token)
        .await
        .map_err(|e| Box::new(FailureView::from_error(e)))?;
    Ok(match which {
        Which::Access => "Access token revoked: Salesforce refuses it from now on.".into(),
        Which::Refresh => "Refresh token revoked, with the access tokens issued from it.".into(),
    })
}
