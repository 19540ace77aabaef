//! Profiles in the window: saved through the sidebar, used by the command in another process,
//! secrets in the real Secret Service, nothing lost when switching, nothing less safe without a
//! keychain, and a bad profile file kept aside.

use std::process::Command;

use fake_salesforce::fixtures::*;

use crate::harness::{Options, Window};

fn keychain_item(id: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", id])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn profiles_file(w: &Window) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(w.config_dir().join("profiles.json")).unwrap())
        .unwrap()
}

/// Fills the form with acme dev, switches to Sandbox and saves it as a new profile named `name`.
async fn save_acme_dev_as(w: &Window, name: &str) {
    w.fill(
        ACME_DEV_APP.client_id,
        ACME_DEV_APP.client_secret,
        ACME_DEV_ADMIN.username,
        ACME_DEV_ADMIN.password,
        ACME_DEV_ADMIN.security_token,
    )
    .await;
    w.click("#target-sandbox").await;
    w.click("#new-profile").await;
    w.wait_for("#profile-details:not([hidden])").await;
    w.type_into("#profile-name", name).await;
    w.click("#save-profile").await;
    w.wait_for(&format!(
        "#profile-list li[aria-selected='true'][title^='{name}']"
    ))
    .await;
}

#[tokio::test]
async fn a_profile_saved_in_the_window_serves_the_command_and_delete_removes_its_secrets() {
    let w = Window::open().await;
    save_acme_dev_as(&w, "Acme dev").await;
    assert_eq!(
        w.text("#profile-list li[aria-selected='true'] .target-badge")
            .await,
        "SANDBOX"
    );
    w.wait_text("#secrets-status", "Secrets in the system keychain")
        .await;
    let id = w.profile_field("Acme dev", "id");
    let file = std::fs::read_to_string(w.config_dir().join("profiles.json")).unwrap();
    for secret in [
        ACME_DEV_APP.client_secret,
        ACME_DEV_ADMIN.password,
        ACME_DEV_ADMIN.security_token,
    ] {
        assert!(!file.contains(secret), "a secret in the profile file");
    }
    assert!(
        keychain_item(&id)
            .unwrap()
            .contains(ACME_DEV_ADMIN.security_token),
        "secret-tool sees the item"
    );

    let out = w.sftoken(&["token", "--profile", "Acme dev", "--field", "org_id"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), ACME_DEV.org_id);
    assert_eq!(w.sf.requests().last().unwrap().host, "test.salesforce.com");

    w.click("#delete-profile").await;
    assert!(w
        .text("#delete-question")
        .await
        .contains("Delete “Acme dev” and its secrets"));
    w.click("#delete-yes").await;
    w.wait_for("#profile-details[hidden]").await;
    assert!(
        w.client
            .find(fantoccini::Locator::Css("#profile-list li"))
            .await
            .is_err(),
        "gone from the list"
    );
    assert!(keychain_item(&id).is_none(), "gone from the keychain");
    let listed = w.sftoken(&["profile", "list"]);
    assert!(!String::from_utf8_lossy(&listed.stdout).contains("Acme dev"));
    w.close().await;
}

#[tokio::test]
async fn unsaved_edits_survive_switching_and_send_saves_them() {
    let w = Window::open().await;
    save_acme_dev_as(&w, "First").await;
    w.click("#new-profile").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
        .await;

    w.click("#profile-list li[title^='First']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='First']")
        .await;
    assert_eq!(w.value("#username").await, ACME_DEV_ADMIN.username);
    assert_eq!(
        w.value("#security-token").await,
        ACME_DEV_ADMIN.security_token,
        "secrets come back from the keychain"
    );
    w.type_into("#profile-notes", "edited, not saved").await;
    w.wait_for("#dirty-note:not([hidden])").await;

    w.click("#profile-list li[title^='New profile']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
        .await;
    assert_eq!(
        w.text("#profile-list li[title^='First'] .dirty").await,
        "●",
        "the draft is marked in the list"
    );
    w.click("#profile-list li[title^='First']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='First']")
        .await;
    assert_eq!(
        w.value("#profile-notes").await,
        "edited, not saved",
        "nothing lost by switching"
    );

    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_for("#dirty-note[hidden]").await;
    let file = profiles_file(&w);
    let first = file["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "First")
        .unwrap();
    assert_eq!(
        first["notes"], "edited, not saved",
        "Send saved the profile"
    );
    w.close().await;
}

#[tokio::test]
async fn gui_and_command_line_writes_keep_each_others_changes() {
    let w = Window::open().await;
    save_acme_dev_as(&w, "From the window").await;
    let added = w.sftoken(&[
        "profile",
        "add",
        "From the command",
        "--client-id",
        "x",
        "--username",
        "cli@acme.com",
        "--no-secrets",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    w.type_into("#profile-notes", "saved after the command wrote")
        .await;
    w.click("#save-profile").await;
    w.wait_for("#profile-list li[title^='From the command']")
        .await;
    let names: Vec<String> = profiles_file(&w)["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["From the window", "From the command"]);
    w.close().await;
}

#[tokio::test]
async fn forgetting_secrets_removes_them_from_the_keychain() {
    let w = Window::open().await;
    save_acme_dev_as(&w, "Forgetful").await;
    let id = w.profile_field("Forgetful", "id");
    assert!(keychain_item(&id).is_some());
    w.click("#remember-secrets").await;
    w.click("#save-profile").await;
    w.wait_for("#dirty-note[hidden]").await;
    w.wait_text("#profile-msg", "secrets kept for this session only")
        .await;
    assert!(keychain_item(&id).is_none());
    assert_eq!(profiles_file(&w)["profiles"][0]["remember_secrets"], false);
    w.close().await;
}

#[tokio::test]
async fn without_a_keychain_the_window_says_so_and_keeps_secrets_in_memory_only() {
    let bogus = (
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/sftoken-no-bus".to_string(),
    );
    let w = Window::open_with(Options {
        env: vec![bogus],
        ..Options::default()
    })
    .await;
    let status = w
        .wait_text("#secrets-status", "No keychain reachable")
        .await;
    assert!(status.contains("session only"), "{status}");
    save_acme_dev_as(&w, "No keychain").await;
    w.wait_text("#profile-msg", "kept for this session only")
        .await;
    w.click("#new-profile").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
        .await;
    w.click("#profile-list li[title^='No keychain']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='No keychain']")
        .await;
    assert_eq!(
        w.value("#password").await,
        ACME_DEV_ADMIN.password,
        "kept for the session"
    );
    let dir_text: String = std::fs::read_dir(w.config_dir())
        .unwrap()
        .map(|e| {
            String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap_or_default())
                .into_owned()
        })
        .collect();
    for secret in [
        ACME_DEV_APP.client_secret,
        ACME_DEV_ADMIN.password,
        ACME_DEV_ADMIN.security_token,
    ] {
        assert!(!dir_text.contains(secret), "no file fallback");
    }
    w.close().await;
}

#[tokio::test]
async fn a_corrupt_profile_file_is_kept_aside_and_the_window_says_where() {
    let garbage = "{\"version\": 1, \"profiles\": [ oops".to_string();
    let w = Window::open_with(Options {
        config_files: vec![("profiles.json", garbage.clone())],
        ..Options::default()
    })
    .await;
    let banner = w
        .wait_for("#profile-banner:not([hidden])")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        banner.contains("not valid JSON") && banner.contains("profiles.json.kept-"),
        "{banner}"
    );
    let kept = std::fs::read_dir(w.config_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("profiles.json.kept-")
        })
        .unwrap();
    assert!(banner.contains(&kept.display().to_string()));
    assert_eq!(std::fs::read_to_string(kept).unwrap(), garbage);
    w.close().await;
}
