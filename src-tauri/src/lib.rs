//! The desktop shell: builds the Tauri app and exposes thin commands over `sftoken-core`.
//! Behaviour lives in the core; a command here only calls it and maps the result.

mod commands;

/// Builds and runs the desktop app until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!())
        .expect("the desktop window could not start (is a display available?)");
}
