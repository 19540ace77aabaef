//! The app's version and the clipboard delay (held in memory for now).

use serde::Serialize;
use tauri::State;

use crate::AppState;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub clipboard_delay_secs: u64,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        clipboard_delay_secs: state.clipboard.delay_secs(),
    }
}

/// 0 means never clear.
#[tauri::command]
pub fn set_clipboard_delay(state: State<'_, AppState>, secs: u64) -> u64 {
    state.clipboard.set_delay_secs(secs.min(3600));
    state.clipboard.delay_secs()
}
