//! The last token: revealed on demand, copied to the clipboard from Rust.

use serde::{Deserialize, Serialize};
use sftoken_core::{bearer_header, curl_call, ExposeSecret, SecretString, DEFAULT_API_VERSION};
use tauri::{AppHandle, Runtime, State};

use crate::state::lock;
use crate::AppState;

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
    let outcome = last.as_ref().ok_or("no token yet: press Send first")?;
    let r = &outcome.response;
    Ok(Revealed {
        access_token: r.access_token().expose_secret().to_string(),
        pretty: r.expose_json_pretty(),
        raw: r.expose_json_compact(),
    })
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
pub fn copy_answer<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    what: CopyKind,
) -> Result<CopyReceipt, String> {
    let text = {
        let last = lock(&state.last);
        let r = &last
            .as_ref()
            .ok_or("no token yet: press Send first")?
            .response;
        match what {
            CopyKind::Token => r.access_token().clone(),
            CopyKind::InstanceUrl => SecretString::from(
                r.instance_url
                    .clone()
                    .ok_or("the answer has no instance_url")?,
            ),
            CopyKind::Header => bearer_header(r),
            CopyKind::Curl => curl_call(r, DEFAULT_API_VERSION),
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
