//! The desktop shell: builds the Tauri app and exposes thin commands over `sftoken-core`.
//! Behaviour lives in the core; a command here only calls it and maps the result to a view.

mod clipboard;
mod commands;
mod downloads;
mod error;
pub mod rendering;
mod state;
mod token_view;

pub use sftoken_core::profiles::ProfileBook;
use tauri::{Builder, Runtime};

pub use state::AppState;

/// Adds to `builder` the app's plugins, state and the commands the window may call (each declared
/// in build.rs and granted by name in `capabilities/`). Generic so tests can use the mock runtime.
pub fn configure<R: Runtime>(
    builder: Builder<R>,
    state: AppState,
    profiles: ProfileBook,
) -> Builder<R> {
    builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(std::sync::Arc::new(profiles))
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_info,
            commands::settings::set_clipboard_delay,
            commands::request::describe_target,
            commands::request::check_form,
            commands::request::preview_request,
            commands::request::send_request,
            commands::request::cancel_request,
            commands::last_token::reveal_answer,
            commands::last_token::copy_answer,
            commands::last_token::use_refresh_token,
            commands::last_token::whoami,
            commands::last_token::revoke_token,
            commands::last_token::save_postman_environment,
            commands::token_life::token_life,
            commands::files::choose_key_file,
            commands::handing_on::sf_login_with_token,
            commands::handing_on::choose_postman_files,
            commands::handing_on::import_postman_files,
            commands::profiles::list_profiles,
            commands::profiles::keychain_status,
            commands::profiles::open_profile,
            commands::profiles::save_profile,
            commands::profiles::keep_refresh_token,
            commands::profiles::duplicate_profile,
            commands::profiles::delete_profile,
            commands::moving::move_plan,
            commands::moving::generate_jwt_key,
            commands::moving::save_certificate,
            commands::moving::save_certificate_as,
            commands::moving::copy_certificate,
            commands::moving::test_move,
            commands::moving::forget_password,
            commands::asking_why::why_helpers,
            commands::asking_why::add_sign_in_helper,
            commands::asking_why::ask_why,
        ])
}

/// Builds and runs the desktop app until its window closes.
pub fn run() {
    init_logging();
    // Secrets live in this process: no core dump of it, no reading its memory from outside.
    if let Err(why) = sftoken_core::protect_process_memory() {
        tracing::warn!("{why}");
    }
    let (state, profiles) = match AppState::from_env().and_then(|s| {
        Ok((
            s,
            ProfileBook::default_location().map_err(|e| e.to_string())?,
        ))
    }) {
        Ok(both) => both,
        Err(e) => {
            eprintln!("sftoken: {e}");
            std::process::exit(1);
        }
    };
    configure(Builder::default(), state, profiles)
        .setup(|app| {
            rendering::draw_in_software(app);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the desktop window could not start (is a display available?)");
}

/// `SFTOKEN_LOG=debug` shows requests (URL, status, timing) on stderr; never a secret.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SFTOKEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod command_list_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod version_tests;
