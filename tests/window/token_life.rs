//! How long a token lasts, on the token card (until when, how long left, where that comes from;
//! Renew near the end; expired, struck through), and a profile's token kept for the command to
//! reuse. Expiry comes from the fake Salesforce's introspection (its session timeout is set here)
//! or from the session timeout set on the profile.

use std::time::Duration;

use fake_salesforce::fixtures::*;

use crate::harness::Window;

/// Client credentials on acme's My Domain: introspection tells the token's expiry.
async fn fill_acme_client_credentials(w: &Window) {
    w.choose_grant("client_credentials").await;
    w.type_into("#client-id", ACME_APP.client_id).await;
    w.type_into("#client-secret", ACME_APP.client_secret).await;
    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "acme").await;
}

/// Saves the form as a new profile `name`, with the org's session timeout when given.
async fn save_profile(w: &Window, name: &str, session_timeout: Option<&str>) {
    w.click("#new-profile").await;
    w.wait_for("#profile-details:not([hidden])").await;
    w.type_into("#profile-name", name).await;
    if let Some(minutes) = session_timeout {
        w.find("#session-timeout")
            .await
            .select_by_value(minutes)
            .await
            .unwrap();
    }
    w.click("#save-profile").await;
    w.wait_for("#dirty-note[hidden]").await;
    w.wait_for(&format!(
        "#profile-list li[aria-selected='true'][title^='{name}']"
    ))
    .await;
}

#[tokio::test]
async fn the_card_counts_down_offers_renew_and_says_when_the_token_expired() {
    let w = Window::open().await;
    // Sessions of 4 seconds: the token is near its end at once, and over soon after.
    w.sf.set_session_timeout(Duration::from_secs(4));
    fill_acme_client_credentials(&w).await;
    w.click("#send").await;
    w.wait_for_token().await;
    let line = w
        .wait_text("#valid-until", "from Salesforce's introspection")
        .await;
    assert!(
        line.starts_with("until ") && line.contains(" s left"),
        "{line}"
    );
    assert!(w.find("#renew").await.is_displayed().await.unwrap());
    let expired = w.wait_text("#valid-until", "expired at").await;
    assert!(expired.contains("introspection"), "{expired}");
    w.wait_for("#token-card[data-expired='true']").await;
    // Renew sends again: a new token, good again.
    let before = w.sf.issued_tokens().len();
    w.sf.set_session_timeout(Duration::from_secs(2 * 60 * 60));
    w.click("#renew").await;
    w.wait_text("#valid-until", "h 59 min left").await;
    assert!(w.sf.issued_tokens().len() > before);
    assert!(w
        .find("#token-card")
        .await
        .attr("data-expired")
        .await
        .unwrap()
        .is_none());
    w.close().await;
}

#[tokio::test]
async fn a_profiles_token_is_kept_for_the_command_which_reuses_it() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    // Username-password tokens carry no exp in introspection: the profile's timeout says it, set
    // in the sidebar like any of the profile's settings.
    save_profile(&w, "Acme", Some("120")).await;
    let show = w.sftoken(&["profile", "show", "Acme"]);
    assert!(
        String::from_utf8_lossy(&show.stdout).contains("120 min"),
        "{}",
        String::from_utf8_lossy(&show.stdout)
    );
    w.click("#send").await;
    w.wait_for_token().await;
    let line = w
        .wait_text(
            "#valid-until",
            "from the profile's session timeout (120 min)",
        )
        .await;
    assert!(line.contains("1 h 59 min left"), "{line}");
    w.wait_for("#profile-list li[aria-selected='true'] .token-badge")
        .await;
    let token = w.sf.issued_tokens().last().unwrap().token.clone();
    let logins = w.sf.issued_tokens().len();
    let out = w.sftoken(&["token", "--profile", "Acme", "--field", "access_token"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), token);
    assert_eq!(w.sf.issued_tokens().len(), logins, "no new login");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Token: reused"));

    // Revoked in the window: the profile no longer keeps it, and the command logs in again.
    w.click("#revoke-access").await;
    w.wait_text("#check-result", "“Acme” no longer keeps it.")
        .await;
    w.wait_for("#profile-list li[aria-selected='true']:not(:has(.token-badge))")
        .await;
    let out = w.sftoken(&["token", "--profile", "Acme", "--field", "access_token"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Token: new"));
    assert_eq!(w.sf.issued_tokens().len(), logins + 1);
    w.close().await;
}

#[tokio::test]
async fn keep_tokens_off_in_the_sidebar_drops_the_kept_token_and_keeps_none() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    // With the org's session timeout known, the list can say the kept token is good.
    save_profile(&w, "Acme", Some("60")).await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_for("#profile-list li[aria-selected='true'] .token-badge")
        .await;
    let listed =
        |w: &Window| String::from_utf8_lossy(&w.sftoken(&["profile", "list"]).stdout).into_owned();
    assert!(listed(&w).contains("until "), "{}", listed(&w));

    w.click("#keep-tokens").await;
    w.click("#save-profile").await;
    w.wait_for("#profile-list li[aria-selected='true']:not(:has(.token-badge))")
        .await;
    assert!(!listed(&w).contains("until "), "{}", listed(&w));
    // A new token is not kept either: once the card knows how long it lasts (the moment the
    // window would keep it), the list and the profile file show none, and the command logs in.
    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_text("#valid-until", "session timeout").await;
    assert!(!listed(&w).contains("until "), "{}", listed(&w));
    assert!(w
        .client
        .find(fantoccini::Locator::Css(
            "#profile-list li[aria-selected='true'] .token-badge"
        ))
        .await
        .is_err());
    let logins = w.sf.issued_tokens().len();
    let out = w.sftoken(&["token", "--profile", "Acme"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(w.sf.issued_tokens().len(), logins + 1, "logged in again");
    // A profile that does not remember secrets keeps no token: the box says so.
    w.click("#remember-secrets").await;
    assert!(!w.find("#keep-tokens").await.is_enabled().await.unwrap());
    let hint = w
        .find("#keep-tokens-hint")
        .await
        .prop("textContent")
        .await
        .unwrap();
    assert_eq!(
        hint.as_deref(),
        Some("Needs Remember secrets: a token is a secret too.")
    );
    w.close().await;
}

#[tokio::test]
async fn the_lists_token_mark_goes_when_the_kept_token_ends() {
    let w = Window::open().await;
    // Sessions of 6 seconds, told by introspection (client credentials with the app's secret).
    w.sf.set_session_timeout(Duration::from_secs(6));
    fill_acme_client_credentials(&w).await;
    save_profile(&w, "Acme cc", None).await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_for("#profile-list li[aria-selected='true'] .token-badge")
        .await;
    w.wait_for("#token-card[data-expired='true']").await;
    w.wait_for("#profile-list li[aria-selected='true']:not(:has(.token-badge))")
        .await;
    w.close().await;
}
