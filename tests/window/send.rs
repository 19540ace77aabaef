//! Filling the form and sending: the right host is called, the token card shows what was issued.

use fake_salesforce::fixtures::*;
use fantoccini::key::Key;

use crate::harness::Window;

#[tokio::test]
async fn production_send_shows_the_token_the_fake_issued() {
    let w = Window::open().await;
    assert_eq!(
        w.text("#token-url").await,
        "https://login.salesforce.com/services/oauth2/token"
    );
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;

    let r = &w.sf.requests()[0];
    assert_eq!(r.host, "login.salesforce.com");
    assert_eq!(
        r.form_value("password"),
        Some(ACME_ADMIN.password_with_token().as_str())
    );
    assert!(w.text("#status-line").await.starts_with("200 OK · "));
    assert_eq!(w.text("#signature").await, "signature ✓");
    assert_eq!(w.text("#instance-url").await, ACME.instance_url());
    assert_eq!(w.text("#org-id").await, ACME.org_id);
    assert_eq!(w.text("#user-id").await, ACME_ADMIN.user_id);
    assert!(w.text("#issued-at").await.ends_with("(just now)"));

    let masked = w.text("#access-token").await;
    assert!(
        masked.starts_with(ACME.org_id_15()) && !masked.contains("!AQ"),
        "masked until revealed: {masked}"
    );
    assert!(!w.text("#json-view").await.contains("!AQ"));
    w.click("#reveal-token").await;
    // The clear token comes from Rust (reveal_answer): wait until the card shows it.
    w.wait_text("#reveal-token", "Hide").await;
    let token = w.text("#access-token").await;
    assert!(
        fake_salesforce::was_issued(&token),
        "the card shows the issued token: {token}"
    );
    assert!(w.text("#json-view").await.contains(&token));
    w.close().await;
}

#[tokio::test]
async fn sandbox_and_my_domain_switch_the_host_and_keep_the_form() {
    let w = Window::open().await;
    w.fill(
        ACME_DEV_APP.client_id,
        ACME_DEV_APP.client_secret,
        ACME_DEV_ADMIN.username,
        ACME_DEV_ADMIN.password,
        ACME_DEV_ADMIN.security_token,
    )
    .await;
    w.click("#target-sandbox").await;
    // The token URL comes from Rust (describe_target) after the click returns.
    let url = w
        .wait_text(
            "#token-url",
            "https://test.salesforce.com/services/oauth2/token",
        )
        .await;
    assert_eq!(url, "https://test.salesforce.com/services/oauth2/token");
    w.click("#send").await;
    w.wait_for_token().await;
    assert_eq!(w.text("#org-id").await, ACME_DEV.org_id);

    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "acme").await;
    w.wait_for("#mydomain-host:not([hidden])").await;
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_text("#org-id", ACME.org_id).await;
    let hosts: Vec<String> = wait_requests(&w, 2)
        .await
        .iter()
        .map(|r| r.host.clone())
        .collect();
    assert_eq!(hosts, ["test.salesforce.com", "acme.my.salesforce.com"]);
    w.click("#target-production").await;
    w.click("#target-my_domain").await;
    assert_eq!(
        w.value("#mydomain-host").await,
        "acme",
        "the host survives switching targets"
    );
    assert_eq!(
        w.value("#username").await,
        ACME_ADMIN.username,
        "the form survives switching targets"
    );
    w.close().await;
}

#[tokio::test]
async fn a_lightning_host_is_corrected_in_one_click() {
    let w = Window::open().await;
    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "https://acme.lightning.force.com")
        .await;
    let fix = w.wait_for("#use-suggestion:not([hidden])").await;
    assert_eq!(
        fix.text().await.unwrap(),
        "Use https://acme.my.salesforce.com"
    );
    fix.click().await.unwrap();
    assert_eq!(
        w.value("#mydomain-host").await,
        "https://acme.my.salesforce.com"
    );
    // The token URL comes from Rust (describe_target) after the click returns.
    let url = w
        .wait_text(
            "#token-url",
            "https://acme.my.salesforce.com/services/oauth2/token",
        )
        .await;
    assert_eq!(url, "https://acme.my.salesforce.com/services/oauth2/token");
    w.close().await;
}

#[tokio::test]
async fn ctrl_enter_sends() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.find("#username")
        .await
        .send_keys(&(Key::Control + &Key::Enter))
        .await
        .unwrap();
    w.wait_for_token().await;
    assert_eq!(token_requests(&w).len(), 1);
    w.close().await;
}

#[tokio::test]
async fn missing_fields_are_highlighted_and_nothing_is_sent() {
    let w = Window::open().await;
    w.type_into("#username", "  admin@acme.com ").await;
    w.click("#send").await;
    w.wait_for("tr[data-field='client_id'].invalid").await;
    assert_eq!(w.text("#msg-client_id").await, "Enter the consumer key.");
    assert_eq!(w.text("#msg-password").await, "Enter the password.");
    // The form says what is missing, where you type: no error card, the first missing field focused.
    w.find("#error-card[hidden]").await;
    let focused = w.focused_id().await;
    assert_eq!(focused.as_deref(), Some("client-id"));
    assert_eq!(
        w.value("#username").await,
        "admin@acme.com",
        "spaces around a username are trimmed"
    );
    assert!(w.sf.requests().is_empty());
    w.close().await;
}

#[tokio::test]
async fn the_headers_tab_shows_what_will_be_sent_with_secrets_masked() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.click("#tab-headers").await;
    w.wait_for("#preview-body tr").await;
    let body = w.text("#preview-body").await;
    assert!(
        body.contains("grant_type")
            && body.contains("password")
            && body.contains(ACME_APP.client_id)
    );
    for secret in [
        ACME_APP.client_secret,
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
    ] {
        assert!(!body.contains(secret), "{secret} shown in {body}");
    }
    assert!(w
        .text("#preview-headers")
        .await
        .contains("application/x-www-form-urlencoded"));
    assert_eq!(
        w.text("#preview-url").await,
        "https://login.salesforce.com/services/oauth2/token"
    );
    w.close().await;
}

/// The token requests the fake saw (a Send is followed by an introspection call, for the card's
/// validity line: not counted here).
fn token_requests(w: &Window) -> Vec<fake_salesforce::RecordedRequest> {
    w.sf.requests()
        .into_iter()
        .filter(|r| r.path == "/services/oauth2/token")
        .collect()
}

/// The fake records before it answers; the card can render before a later request lands.
async fn wait_requests(w: &Window, n: usize) -> Vec<fake_salesforce::RecordedRequest> {
    for _ in 0..100 {
        let r = token_requests(w);
        if r.len() >= n {
            return r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} requests reached the fake");
}

#[tokio::test]
async fn a_fields_own_check_shows_what_is_missing_without_moving_focus() {
    let w = Window::open().await;
    w.type_into("#username", "admin@acme.com").await;
    // Leaving the field runs its check (the `change` event), which finds the consumer key missing.
    w.click("#password").await;
    w.wait_text("#msg-client_id", "Enter the consumer key.")
        .await;
    let focused = w.focused_id().await;
    assert_eq!(
        focused.as_deref(),
        Some("password"),
        "focus stays where the user put it"
    );
    assert!(w.sf.requests().is_empty());
    w.close().await;
}
