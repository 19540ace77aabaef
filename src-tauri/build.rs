//! Generates the Tauri context and the permissions of the app's own commands.
//! The capabilities live in `src-tauri/capabilities/` because the manifest sits at the repository root.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // The UI is embedded into the binary by generate_context!: rebuild when it changes.
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "set_clipboard_delay",
            "describe_target",
            "check_form",
            "preview_request",
            "send_request",
            "cancel_request",
            "reveal_answer",
            "copy_answer",
            "use_refresh_token",
            "whoami",
            "revoke_token",
            "save_postman_environment",
            "token_life",
            "choose_key_file",
            "sf_login_with_token",
            "choose_postman_files",
            "import_postman_files",
            "list_profiles",
            "keychain_status",
            "open_profile",
            "save_profile",
            "keep_refresh_token",
            "duplicate_profile",
            "delete_profile",
            "move_plan",
            "generate_jwt_key",
            "save_certificate",
            "save_certificate_as",
            "copy_certificate",
            "test_move",
            "forget_password",
            "why_helpers",
            "add_sign_in_helper",
            "ask_why",
        ]));
    tauri_build::try_build(attributes).expect("tauri-build failed: see the message above");
}
