//! The baseline for `benches/window/`: a bare Tauri window built exactly like the app (same
//! package, same tauri version and features, same profile), the same size as the app's window, showing
//! a trivial static page that is ready at once (`<body data-ready="true">`), drawn with the same
//! WebKit rendering policy. No plugins, no state, no commands, no global `__TAURI__` script.
//!
//! Its own config (`examples/bare_window_app/tauri.conf.json`: generate_context! only reads files named
//! `tauri.conf.json`) embeds `examples/bare_window_app/ui/` instead of the app's `ui/`, with the app's
//! window size and CSP, and an empty capability in place of the app's command permissions.
//!
//!   cargo run --example bare_window
//!   cargo build --release --features custom-protocol --example bare_window   # what the bench runs

// Keeps a console window from opening next to it on Windows release builds, like the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// generate_context! reads the config at compile time (and tracks the page itself): including it makes
// cargo rebuild the example when it changes.
const _CONFIG: &str = include_str!("bare_window_app/tauri.conf.json");

fn main() {
    tauri::Builder::default()
        // Drawn like the app's window (see `rendering`): the bench compares like with like.
        .setup(|app| {
            sftoken_desktop::rendering::draw_in_software(app);
            Ok(())
        })
        .run(tauri::generate_context!(
            "examples/bare_window_app/tauri.conf.json"
        ))
        .expect("the bare window could not start (is a display available?)");
}
