//! The grant switch and one full flow of each kind in the window: client credentials, JWT bearer,
//! browser sign-in with PKCE, refresh with the token it returned; then who am I and revoke.

use std::process::Command;

use fake_salesforce::fixtures::*;

use crate::harness::{Options, Window};

async fn row_hidden(w: &Window, field: &str) -> bool {
    let class = w
        .find(&format!("tr[data-field='{field}']"))
        .await
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default();
    class.split(' ').any(|c| c == "off")
}

#[tokio::test]
async fn client_credentials_shows_only_its_rows_needs_my_domain_and_logs_in_as_the_run_as_user() {
    let w = Window::open().await;
    w.choose_grant("client_credentials").await;
    assert!(row_hidden(&w, "username").await && row_hidden(&w, "password").await);
    assert!(!row_hidden(&w, "client_secret").await);
    w.type_into("#client-id", ACME_APP.client_id).await;
    w.type_into("#client-secret", ACME_APP.client_secret).await;
    w.click("#send").await;
    w.wait_text("#msg-grant_type", "My Domain").await;
    assert!(w.sf.requests().is_empty(), "said before sending");

    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "acme").await;
    w.click("#send").await;
    w.wait_for_token().await;
    assert_eq!(w.text("#user-id").await, ACME_INTEGRATION.user_id);
    assert_eq!(w.text("#grant-used").await, "client credentials");
    assert!(
        w.find("#notice")
            .await
            .attr("hidden")
            .await
            .unwrap()
            .is_some(),
        "no retirement notice for this flow"
    );
    w.close().await;
}

#[tokio::test]
async fn jwt_bearer_signs_with_the_key_file_and_shows_the_claims() {
    let w = Window::open().await;
    let dir = tempfile::tempdir().unwrap();
    let key = write_key_file(dir.path(), JWT_PRIVATE_KEY_PEM);
    w.choose_grant("urn:ietf:params:oauth:grant-type:jwt-bearer")
        .await;
    assert!(row_hidden(&w, "client_secret").await && !row_hidden(&w, "key_file").await);
    w.type_into("#client-id", ACME_APP.client_id).await;
    w.type_into("#username", ACME_ADMIN.username).await;
    w.type_into("#key-file", key.to_str().unwrap()).await;
    w.click("#send").await;
    w.wait_for_token().await;
    let claims = w.text("#jwt-claims").await;
    assert!(
        claims.contains(&format!("iss {}", ACME_APP.client_id))
            && claims.contains("aud https://login.salesforce.com"),
        "{claims}"
    );
    assert_eq!(
        w.text("#signature").await,
        "signature —",
        "JWT answers are not signed"
    );
    let keys: Vec<String> = w.sf.requests()[0]
        .form
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(keys, ["grant_type", "assertion"]);
    w.close().await;
}

#[tokio::test]
async fn browser_sign_in_then_refresh_then_who_am_i_and_revoke() {
    let options = Options {
        env: vec![("SFTOKEN_NO_BROWSER", "1".into())],
        ..Options::default()
    };
    let w = Window::open_with(options).await;
    let port = fake_salesforce::free_port();
    w.choose_grant("authorization_code").await;
    assert_eq!(w.text("#send").await, "Sign in with browser");
    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "acme").await;
    w.type_into("#client-id", ACME_APP.client_id).await;
    w.type_into("#callback", &format!("http://127.0.0.1:{port}/callback"))
        .await;
    w.click("#send").await;

    // Play the browser: the fake signs in and redirects to the app's loopback listener.
    let url = w
        .wait_text(
            "#authorize-url",
            "https://acme.my.salesforce.com/services/oauth2/authorize?",
        )
        .await;
    let location = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{redirect_url}",
            "--proxy",
            &w.sf.proxy_url(),
            "--cacert",
        ])
        .arg(w.sf.ca_file())
        .arg(url.trim())
        .output()
        .unwrap();
    let location = String::from_utf8(location.stdout).unwrap();
    assert!(
        location.starts_with(&format!("http://127.0.0.1:{port}/callback?code=")),
        "{location}"
    );
    let page = Command::new("curl")
        .args(["-s", "--noproxy", "*", &location])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&page.stdout).contains("close this tab"));
    w.wait_for_token().await;
    assert_eq!(w.text("#user-id").await, ACME_ADMIN.user_id);
    w.wait_for("#refresh-row:not([hidden])").await;

    w.click("#use-refresh").await;
    w.wait_text("#grant-used", "refresh token").await;
    assert_eq!(w.value("#grant-type").await, "refresh_token");
    let grants: Vec<String> =
        w.sf.requests()
            .iter()
            .filter_map(|r| r.form_value("grant_type").map(str::to_string))
            .collect();
    assert_eq!(grants, ["authorization_code", "refresh_token"]);
    // Acme's app does not rotate refresh tokens: the refresh grant's answer has none, but the one
    // it sent goes with the token, so the sf CLI's durable login is on offer.
    w.wait_for("#refresh-row[hidden]").await;
    w.click("#send-to").await;
    assert!(w
        .find("#sf-durable-row")
        .await
        .is_displayed()
        .await
        .unwrap());
    w.click("#send-to").await;

    w.click("#whoami").await;
    let who = w.wait_text("#check-result", ACME_ADMIN.username).await;
    assert!(who.contains(ACME.org_id), "{who}");
    w.click("#revoke-access").await;
    w.wait_text("#check-result", "revoked").await;
    w.click("#whoami").await;
    w.wait_text("#check-result", "Salesforce refused").await;
    w.close().await;
}

#[tokio::test]
async fn the_password_grants_retirement_is_said_before_the_first_send_and_only_for_it() {
    let w = Window::open().await;
    let notice = w
        .wait_for("#token-card:not([hidden]) #notice:not([hidden])")
        .await;
    let text = notice.text().await.unwrap();
    assert!(
        text.contains("2027-02-20") && text.contains("JWT bearer"),
        "{text}"
    );
    w.choose_grant("client_credentials").await;
    w.wait_for("#notice[hidden]").await;
    w.choose_grant("password").await;
    w.wait_for("#notice:not([hidden])").await;
    assert!(w.sf.requests().is_empty(), "nothing was sent");
    w.close().await;
}
