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
