//! The app's version, the grants it offers (with the core's words for each), and the clipboard
//! delay (held in memory for now).

use serde::Serialize;
use sftoken_core::GrantKind;
use tauri::State;

use crate::AppState;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub clipboard_delay_secs: u64,
    /// The grant menu's descriptions, keyed by `grant_type`.
    pub grants: Vec<GrantInfo>,
}

#[derive(Debug, Serialize)]
pub struct GrantInfo {
    pub grant_type: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    /// The form's rows this grant uses (the page hides the others).
    pub fields: &'static [&'static str],
    pub starts_with_browser_sign_in: bool,
    /// Said with every token this grant gets (the username-password flow's retirement).
    pub notice: Option<&'static str>,
    /// True when the client secret may be left empty (the app may not require one).
    pub client_secret_optional: bool,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        clipboard_delay_secs: state.clipboard.delay_secs(),
        grants: GrantKind::ALL
            .into_iter()
            .map(|kind| GrantInfo {
                grant_type: kind.grant_type(),
                label: kind.label(),
                description: kind.description(),
                fields: kind.form_fields(),
                starts_with_browser_sign_in: kind.starts_with_browser_sign_in(),
                notice: kind.retirement_notice(),
                client_secret_optional: kind.client_secret_optional(),
            })
            .collect(),
    }
}

/// 0 means never clear.
#[tauri::command]
pub fn set_clipboard_delay(state: State<'_, AppState>, secs: u64) -> u64 {
    state.clipboard.set_delay_secs(secs.min(3600));
    state.clipboard.delay_secs()
}
