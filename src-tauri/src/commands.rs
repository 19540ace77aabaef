//! The `#[tauri::command]`s the window may call (each is declared in build.rs and granted by name).

use serde::Serialize;

/// What the window shows in its footer until the form lands.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub production: String,
    pub sandbox: String,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        production: sftoken_core::LoginTarget::Production.base_url().to_string(),
        sandbox: sftoken_core::LoginTarget::Sandbox.base_url().to_string(),
    }
}
