//! The JWT key file: chosen with the system file dialog, opened from Rust (the window has no
//! dialog or file-system permission). Only the path goes back; the key is read when signing.

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn choose_key_file<R: Runtime>(app: AppHandle<R>) -> Option<String> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Private key of the connected app's certificate (PEM)")
            .add_filter("PEM private key", &["pem", "key"])
            .blocking_pick_file()
    })
    .await
    .ok()
    .flatten()?;
    picked.into_path().ok().map(|p| p.display().to_string())
}
