//! The `#[tauri::command]`s the window may call. Each is a few lines over the core, declared in
//! build.rs and granted by name in `capabilities/default.json`.

pub mod files;
pub mod last_token;
pub mod profiles;
pub mod request;
pub mod settings;
