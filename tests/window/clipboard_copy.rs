//! Copying is done by Rust into the X clipboard, confirmed in the status bar, and cleared later.

use std::time::{Duration, Instant};

use fake_salesforce::fixtures::*;

use crate::harness::{clipboard, Window, CLIPBOARD_CLEAR_SECS};

async fn window_with_token() -> (Window, String) {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.click("#reveal-token").await;
    // The clear token comes from Rust (reveal_answer): wait until the card shows it.
    w.wait_text("#reveal-token", "Hide").await;
    let token = w.text("#access-token").await;
    w.click("#reveal-token").await;
    (w, token)
}

#[tokio::test]
async fn copy_puts_the_token_on_the_clipboard_and_clears_it_later() {
    let (w, token) = window_with_token().await;
    assert_eq!(w.copy("#copy-token", "access token").await, token);
    let status = w.text("#clipboard-status").await;
    assert!(
        status.starts_with("✓ Copied access token · clipboard clears in"),
        "{status}"
    );

    let started = Instant::now();
    while clipboard() == token {
        assert!(
            started.elapsed() < Duration::from_secs(CLIPBOARD_CLEAR_SECS + 5),
            "the clipboard still holds the token"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        started.elapsed() >= Duration::from_secs(CLIPBOARD_CLEAR_SECS - 1),
        "cleared too early"
    );
    w.wait_for("#clipboard-status").await;
    let cleared = async {
        for _ in 0..50 {
            if w.text("#clipboard-status").await == "Clipboard cleared" {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    };
    assert!(
        cleared.await,
        "the status bar says the clipboard was cleared"
    );
    w.close().await;
}

#[tokio::test]
async fn copy_as_header_curl_with_the_orgs_latest_api_version_and_instance_url() {
    let (w, token) = window_with_token().await;
    assert_eq!(
        w.copy("#copy-header", "Authorization header").await,
        format!("Authorization: Bearer {token}")
    );
    assert_eq!(
        w.copy("#copy-curl", "curl command").await,
        format!(
            "curl '{}/services/data/v{}/' -H 'Authorization: Bearer {token}'",
            ACME.instance_url(),
            fake_salesforce::rest_api::LATEST_API_VERSION
        )
    );
    assert_eq!(
        w.copy("#copy-instance-url", "instance URL").await,
        ACME.instance_url()
    );
    let json: serde_json::Value =
        serde_json::from_str(&w.copy("#copy-json", "JSON answer").await).unwrap();
    assert_eq!(json["access_token"], token);
    w.close().await;
}

#[tokio::test]
async fn a_value_replaced_on_the_clipboard_is_left_alone() {
    let (w, token) = window_with_token().await;
    assert_eq!(w.copy("#copy-token", "access token").await, token);
    let mut xclip = std::process::Command::new("xclip")
        .args(["-i", "-selection", "clipboard"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    xclip
        .stdin
        .take()
        .unwrap()
        .write_all(b"something the user copied")
        .unwrap();
    xclip.wait().unwrap();
    tokio::time::sleep(Duration::from_secs(CLIPBOARD_CLEAR_SECS + 1)).await;
    assert_eq!(clipboard(), "something the user copied");
    w.close().await;
}

/// The formats the X clipboard's owner offers (`xclip -t TARGETS`).
fn clipboard_targets() -> String {
    let out = std::process::Command::new("xclip")
        .args(["-o", "-selection", "clipboard", "-t", "TARGETS"])
        .output()
        .expect("xclip runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn copies_that_hold_the_token_ask_clipboard_managers_to_keep_them_out_of_history() {
    let (w, token) = window_with_token().await;
    const HINT: &str = "x-kde-passwordManagerHint";
    assert_eq!(w.copy("#copy-token", "access token").await, token);
    assert!(
        clipboard_targets().contains(HINT),
        "{}",
        clipboard_targets()
    );
    w.copy("#copy-curl", "curl command").await;
    assert!(
        clipboard_targets().contains(HINT),
        "{}",
        clipboard_targets()
    );
    assert_eq!(
        w.copy("#copy-instance-url", "instance URL").await,
        ACME.instance_url()
    );
    assert!(
        !clipboard_targets().contains(HINT),
        "the instance URL is no secret: {}",
        clipboard_targets()
    );
    w.close().await;
}

/// Send to… → "Postman environment file": the token as an environment file in Downloads (readable by the user only),
/// with the variables the official Salesforce collection reads.
#[tokio::test]
async fn the_token_is_saved_as_a_postman_environment_in_downloads() {
    let w = crate::harness::Window::open().await;
    w.fill_acme_admin().await;
    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "acme").await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.click("#send-to").await;
    w.click("#save-postman").await;
    let saved = w.wait_for("#export-status[data-path]").await;
    let path = saved.attr("data-path").await.unwrap().unwrap();
    assert_eq!(
        std::path::Path::new(&path),
        w.downloads_dir().join("sftoken.postman_environment.json")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let env: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let get = |key: &str| {
        env["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .map(|v| v["value"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    let issued: Vec<String> = w.sf.issued_tokens().into_iter().map(|t| t.token).collect();
    assert!(issued.contains(&get("_accessToken")));
    assert_eq!(get("_endpoint"), "https://acme.my.salesforce.com");
    assert_eq!(get("_orgId"), fake_salesforce::fixtures::ACME.org_id);
    assert_eq!(
        get("_userId"),
        fake_salesforce::fixtures::ACME_ADMIN.user_id
    );
    assert_eq!(get("version"), "66.0");
    assert!(!std::fs::read_to_string(&path)
        .unwrap()
        .contains(fake_salesforce::fixtures::ACME_ADMIN.password));
    // The user asked for this file with its token; the secret scan after the suite is for files
    // nobody asked for.
    std::fs::remove_file(&path).unwrap();

    // With the app's secrets and the password, on request: in the file, and a warning says so.
    w.click("#postman-secrets").await;
    w.click("#save-postman").await;
    let said = w.wait_text("#export-status", "Warning: it holds").await;
    let path = w
        .find("#export-status")
        .await
        .attr("data-path")
        .await
        .unwrap()
        .unwrap();
    assert!(said.contains(&path), "{said}");
    let text = std::fs::read_to_string(&path).unwrap();
    let env: serde_json::Value = serde_json::from_str(&text).unwrap();
    let secret = |key: &str| {
        env["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .map(|v| (v["value"].as_str().unwrap().to_string(), v["type"].clone()))
            .unwrap_or_else(|| panic!("no {key} in {text}"))
    };
    use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
    assert_eq!(secret("clientSecret").0, ACME_APP.client_secret);
    assert_eq!(secret("password").0, ACME_ADMIN.password);
    assert_eq!(secret("secretToken").0, ACME_ADMIN.security_token);
    assert_eq!(secret("password").1, "secret");
    std::fs::remove_file(&path).unwrap();
    w.close().await;
}
