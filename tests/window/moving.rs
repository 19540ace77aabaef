//! The move off the password grant in the window, walked over WebDriver: the deadline on a password
//! profile, JWT chosen, a key generated into the real keychain, the certificate saved to Downloads
//! and registered with the fake Salesforce (an admin's upload), a failed Test before the upload
//! (the profile unchanged), a passing Test after it (the profile switched), the password forgotten,
//! and the profile's next Send signed with the keychain key.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use fake_salesforce::fixtures::*;

use crate::harness::Window;

fn keychain_item(account: &str) -> Option<Vec<u8>> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", account])
        .output()
        .unwrap();
    (out.status.success() && !out.stdout.is_empty()).then_some(out.stdout)
}

/// Days to 2027-02-20 (day 20,869 since the epoch), counted from the system clock.
fn days_to_retirement() -> i64 {
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    20_869 - today as i64
}

/// What the deadline says today (see `days_to_retirement`).
fn deadline_today() -> String {
    match days_to_retirement() {
        d if d > 1 => format!("retired by Salesforce on 2027-02-20 — {d} days left"),
        1 => "retired by Salesforce on 2027-02-20 — 1 day left".into(),
        0 => "retired by Salesforce today (2027-02-20)".into(),
        _ => "retired by Salesforce on 2027-02-20: logins with it fail from that day".into(),
    }
}

#[tokio::test]
async fn a_password_profile_moves_to_a_generated_jwt_key_and_forgets_its_password() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.click("#new-profile").await;
    w.wait_for("#profile-details:not([hidden])").await;
    w.type_into("#profile-name", "Acme prod").await;
    w.click("#save-profile").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Acme prod']")
        .await;
    let id = w.profile_field("Acme prod", "id");

    // The deadline, with the days left, on the profile and in the list.
    let deadline = w.text("#deadline-text").await;
    assert_eq!(
        deadline,
        format!("Username-password: {}.", deadline_today())
    );
    let badge = w
        .text("#profile-list li[aria-selected='true'] .deadline-badge")
        .await;
    match days_to_retirement() {
        d if d > 0 => assert_eq!(badge, format!("password · {d} d")),
        _ => assert_eq!(badge, "password · retired"),
    }

    // The move: JWT bearer is offered first, each replacement with when to choose it.
    w.click("#move-off-password").await;
    w.wait_for("#move-dialog[open]").await;
    let choices = w.text("#move-choices").await;
    for label in ["JWT bearer", "client credentials", "browser sign-in"] {
        assert!(choices.contains(label), "{choices}");
    }
    assert!(w
        .text("#move-checklist")
        .await
        .contains("Enable JWT Bearer Flow"));

    // Generate: the key into the keychain, the certificate shown, saved to Downloads.
    w.click("#move-generate").await;
    w.wait_for("#move-cert:not([hidden])").await;
    assert_eq!(
        w.text("#move-cert-subject").await,
        "CN=sftoken — Acme prod, O=sftoken"
    );
    assert!(w
        .text("#move-cert-expiry")
        .await
        .contains("(730 days left)"));
    let key =
        keychain_item(&format!("{id}/jwt-key-pending")).expect("the new key waits in the keychain");
    assert!(key.len() <= 2560);
    assert!(w
        .text("#move-checklist")
        .await
        .contains("upload sftoken-acme-prod.crt"));
    w.click("#move-save-cert").await;
    let saved = w.wait_for("#move-key-msg[data-path]").await;
    let path = saved.attr("data-path").await.unwrap().unwrap();
    assert_eq!(
        std::path::Path::new(&path),
        w.downloads_dir().join("sftoken-acme-prod.crt")
    );
    let certificate = std::fs::read_to_string(&path).unwrap();
    assert!(certificate.starts_with("-----BEGIN CERTIFICATE-----"));

    // Test before the upload: refused, explained, nothing changed.
    w.click("#move-test").await;
    w.wait_for("#move-result[data-state='failed']").await;
    let result = w.text("#move-result-text").await;
    assert!(
        result.contains("invalid assertion") && result.contains("The profile is unchanged"),
        "{result}"
    );
    assert!(w
        .text("#move-hints li:first-child")
        .await
        .starts_with("The certificate on the app"));
    assert_eq!(
        w.profile_field("Acme prod", "grant"),
        "password",
        "still on the password grant"
    );

    // The admin uploads it; Test passes and the profile switches.
    w.sf.upload_jwt_certificate(ACME_APP.client_id, &certificate);
    w.click("#move-test").await;
    w.wait_for("#move-result[data-state='passed']").await;
    assert!(w
        .text("#move-result-text")
        .await
        .contains("now uses JWT bearer"));
    assert_eq!(
        w.profile_field("Acme prod", "grant"),
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    let item = String::from_utf8(keychain_item(&id).unwrap()).unwrap();
    assert!(
        item.contains(ACME_ADMIN.security_token),
        "kept until forgotten"
    );

    // Forget the password, right there.
    w.click("#move-forget").await;
    w.wait_text("#move-result-text", "were removed").await;
    assert_eq!(
        w.focused_id().await.as_deref(),
        Some("move-close"),
        "the button's neighbour"
    );
    let item = String::from_utf8(keychain_item(&id).unwrap()).unwrap();
    assert!(
        !item.contains(ACME_ADMIN.security_token) && item.contains(ACME_APP.client_secret),
        "only the client secret stays"
    );

    // Closed: the form is the profile's JWT form, signed with the keychain key.
    w.click("#move-close").await;
    w.wait_for("#move-dialog:not([open])").await;
    assert_eq!(
        w.value("#grant-type").await,
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    assert!(w.text("#key-source").await.contains("kept in the keychain"));
    assert!(w
        .find("#password-deadline")
        .await
        .attr("hidden")
        .await
        .unwrap()
        .is_some());
    w.sf.clear_requests();
    // The card shows the test's token (answer 1): wait for the next one.
    w.wait_for("#token-card[data-answers='1']").await;
    w.click("#send").await;
    w.wait_for("#token-card[data-answers='2']").await;
    let sent: Vec<String> = w.sf.requests()[0]
        .form
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(sent, ["grant_type", "assertion"]);

    // The key row offers a new key (rotation); closing gives focus back to that button.
    w.click("#rotate-key").await;
    w.wait_for("#move-dialog[open]").await;
    assert_eq!(w.text("#move-title").await, "A new key for “Acme prod”");
    assert!(w.text("#move-cert-which").await.starts_with("Key in use"));
    w.click("#move-close").await;
    w.wait_for("#move-dialog:not([open])").await;
    assert_eq!(w.focused_id().await.as_deref(), Some("rotate-key"));
    w.close().await;
}
