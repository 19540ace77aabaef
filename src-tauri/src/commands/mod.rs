//! The `#[tauri::command]`s the window may call. Each is a few lines over the core, declared in
//! build.rs and granted by name in `capabilities/default.json`.

// Every command fails with the one `CommandError`, which crosses IPC once and is never passed along
// a hot path: its size does not matter, and boxing it would only change the signatures.
#![allow(
    clippy::result_large_err,
    reason = "CommandError is serialized once per failed command"
)]

pub mod asking_why;
pub mod files;
pub mod handing_on;
pub mod last_token;
pub mod moving;
pub mod profiles;
pub mod request;
pub mod settings;
pub mod token_life;
