//! The token handed on from the window ("Send to…": the sf CLI's login, `.env` lines on the real X
//! clipboard) and profiles in from Postman (files dropped on the window: the page's drop handler
//! gets the same event Tauri sends for an OS drop, which WebDriver cannot make).

use std::path::{Path, PathBuf};

use fake_salesforce::fixtures::*;
use fantoccini::key::Key;

use crate::harness::{Options, Window};

/// A stand-in `sf` in `dir/bin` that records argv, environment and stdin, and answers success.
fn stand_in_sf(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let answer = format!(
        r#"{{"status":0,"result":{{"username":"{}","orgId":"{}","instanceUrl":"https://acme.my.salesforce.com"}}}}"#,
        ACME_ADMIN.username, ACME.org_id
    );
    std::fs::write(dir.join("answer.json"), answer).unwrap();
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{d}/argv'\nenv > '{d}/env'\ncat > '{d}/stdin'\ncat '{d}/answer.json'\n",
        d = dir.display()
    );
    std::fs::write(bin.join("sf"), script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("sf"), std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

async fn window_with_token(options: Options) -> (Window, String) {
    let w = Window::open_with(options).await;
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    let token =
        w.sf.issued_tokens()
            .pop()
            .expect("a token was issued")
            .token;
    (w, token)
}

#[tokio::test]
async fn send_to_logs_the_sf_cli_in_with_the_token_in_its_environment_only() {
    let dir = tempfile::tempdir().unwrap();
    let bin = stand_in_sf(dir.path());
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let (w, token) = window_with_token(Options {
        env: vec![("PATH", path)],
        ..Options::default()
    })
    .await;
    assert!(!w.find("#send-to-panel").await.is_displayed().await.unwrap());
    w.click("#send-to").await;
    assert_eq!(
        w.find("#send-to")
            .await
            .attr("aria-expanded")
            .await
            .unwrap(),
        Some("true".into())
    );
    w.type_into("#sf-alias", "acme-window").await;
    w.click("#sf-login").await;
    let said = w.wait_text("#export-status", "sf is logged in").await;
    assert!(
        said.contains(&format!("as {}", ACME_ADMIN.username))
            && said.contains("sf org display --target-org acme-window"),
        "{said}"
    );
    let argv = std::fs::read_to_string(dir.path().join("argv")).unwrap();
    assert_eq!(
        argv.lines().collect::<Vec<_>>(),
        [
            "org",
            "login",
            "access-token",
            "--instance-url",
            &ACME.instance_url(),
            "--no-prompt",
            "--alias",
            "acme-window",
            "--json"
        ]
    );
    let env = std::fs::read_to_string(dir.path().join("env")).unwrap();
    assert!(env.contains(&format!("SF_ACCESS_TOKEN={token}\n")));
    assert!(!env.contains(ACME_APP.client_secret) && !env.contains(ACME_ADMIN.password));
    // The password grant gives no refresh token: no durable login on offer.
    assert!(!w
        .find("#sf-durable-row")
        .await
        .is_displayed()
        .await
        .unwrap());
    w.close().await;
}

#[tokio::test]
async fn send_to_copies_dotenv_lines_and_escape_closes_it_with_focus_back_on_the_button() {
    let (w, token) = window_with_token(Options::default()).await;
    w.click("#send-to").await;
    let copied = w.copy("#copy-dotenv", ".env lines").await;
    assert_eq!(
        copied,
        format!(
            "SFTOKEN_ACCESS_TOKEN={token}\nSFTOKEN_INSTANCE_URL={}\nSF_ACCESS_TOKEN={token}\n",
            ACME.instance_url()
        )
    );
    w.find("#sf-alias")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    assert!(!w.find("#send-to-panel").await.is_displayed().await.unwrap());
    assert_eq!(w.focused_id().await.as_deref(), Some("send-to"));
    w.close().await;
}

fn environment_file(dir: &Path, name: &str, json: serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, json.to_string()).unwrap();
    path.display().to_string()
}

fn acme_prod() -> serde_json::Value {
    serde_json::json!({
        "name": "Acme prod",
        "values": [
            {"key": "url", "value": "https://login.salesforce.com", "type": "default", "enabled": true},
            {"key": "clientId", "value": ACME_APP.client_id, "type": "default", "enabled": true},
            {"key": "clientSecret", "value": ACME_APP.client_secret, "type": "secret", "enabled": true},
            {"key": "username", "value": ACME_ADMIN.username, "type": "default", "enabled": true},
            {"key": "password", "value": ACME_ADMIN.password, "type": "secret", "enabled": true},
            {"key": "secretToken", "value": ACME_ADMIN.security_token, "type": "secret", "enabled": true},
            {"key": "_accessToken", "value": "00D5g000008AbCd!AQ-an-old-token", "type": "secret", "enabled": true}
        ]
    })
}

/// What the page does with files dropped on the window (Tauri's `tauri://drag-drop` payload).
async fn drop_files(w: &Window, paths: &[String]) {
    w.client
        .execute(
            "window.sftoken.importer.filesDropped({ payload: { paths: arguments[0] } });",
            vec![serde_json::json!(paths)],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn dropped_postman_environments_become_profiles_that_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let w = Window::open().await;
    let first = environment_file(dir.path(), "acme.postman_environment.json", acme_prod());
    let dev = environment_file(
        dir.path(),
        "dev.postman_environment.json",
        serde_json::json!({
            "name": "Acme dev",
            "values": [
                {"key": "url", "value": "https://test.salesforce.com", "enabled": true},
                {"key": "clientId", "value": ACME_DEV_APP.client_id, "enabled": true},
                {"key": "username", "value": ACME_DEV_ADMIN.username, "enabled": true},
                {"key": "init_access_token", "value": "{{init_access_token}}", "enabled": true}
            ]
        }),
    );
    let notes = dir.path().join("notes.txt").display().to_string();
    drop_files(&w, &[first, notes, dev]).await;
    w.wait_for("#import-dialog[open]").await;
    let summary = w.text("#import-dialog").await;
    assert!(
        summary.contains("Imported 2 profiles")
            && summary
                .contains("Not read, as they are no Postman environment files (.json): notes.txt")
            && summary.contains("Imported \"Acme prod\"")
            && summary.contains("Imported \"Acme dev\"")
            && summary.contains("left out _accessToken")
            && summary.contains("left out init_access_token"),
        "{summary}"
    );
    assert!(!summary.contains(ACME_ADMIN.password) && !summary.contains("AQ-an-old-token"));
    assert_eq!(w.focused_id().await.as_deref(), Some("import-close"));
    w.find("#import-close")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    w.wait_for("#import-dialog:not([open])").await;
    let list = w.text("#profile-list").await;
    assert!(
        list.contains("Acme prod") && list.contains("Acme dev"),
        "{list}"
    );
    // The secrets went to the keychain: the command logs in with the imported profile alone.
    let out = w.sftoken(&["token", "--profile", "Acme prod", "--field", "user_id"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        ACME_ADMIN.user_id
    );
    w.close().await;
}

#[tokio::test]
async fn a_dropped_file_that_is_no_environment_imports_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let w = Window::open().await;
    let good = environment_file(dir.path(), "acme.json", acme_prod());
    let collection = environment_file(
        dir.path(),
        "collection.json",
        serde_json::json!({"info": {"name": "Salesforce Platform APIs", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}),
    );
    drop_files(&w, &[good, collection]).await;
    w.wait_for("#import-dialog[open]").await;
    let summary = w.text("#import-dialog").await;
    assert!(
        summary.contains("Nothing was imported") && summary.contains("collection"),
        "{summary}"
    );
    w.client
        .execute("document.getElementById('import-close').click()", vec![])
        .await
        .unwrap();
    assert!(!w.text("#profile-list").await.contains("Acme prod"));
    // A drop of files that are not .json says what can be dropped.
    drop_files(&w, &["/tmp/key.pem".to_string()]).await;
    w.wait_text("#profile-msg", "Only Postman environment files (.json)")
        .await;
    w.close().await;
}
