//! "Ask the org why" on the error card: a refused login of a profile, another profile of the same
//! org reads Login History from the fake Salesforce, and the newest failure's status, meaning and
//! fix are shown with the attempts. The failing login is never sent again; the helper is
//! remembered; with no other profile, an administrator signs in with the browser.

use std::process::Command;

use fake_salesforce::fixtures::*;
use fake_salesforce::User;

use crate::axe::assert_no_violations;
use crate::harness::{Options, Window};

/// Saves the form, filled for `user`, as a new profile named `name` (and leaves it open).
pub async fn save_profile_for(w: &Window, name: &str, user: &User) {
    w.click("#new-profile").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
        .await;
    w.type_into("#profile-name", name).await;
    w.fill(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        user.username,
        user.password,
        user.security_token,
    )
    .await;
    w.click("#save-profile").await;
    w.wait_for(&format!(
        "#profile-list li[aria-selected='true'][title^='{name}']"
    ))
    .await;
    w.wait_for("#dirty-note[hidden]").await;
}

fn attempts_of(w: &Window, user: &User) -> usize {
    w.sf.login_attempts()
        .iter()
        .filter(|a| a.user_id == user.user_id)
        .count()
}

#[tokio::test]
async fn the_org_names_why_a_frozen_users_login_fails() {
    let w = Window::open().await;
    save_profile_for(&w, "Acme admin", &ACME_ADMIN).await;
    save_profile_for(&w, "Acme frozen", &ACME_FROZEN).await;
    w.click("#send").await;
    w.wait_for("#error-card:not([hidden]) #why:not([hidden])")
        .await;
    assert_eq!(attempts_of(&w, &ACME_FROZEN), 1);
    let helper = w.text("#why-helper option:first-child").await;
    assert!(helper.starts_with("Acme admin"), "{helper}");
    w.click("#why-ask").await;
    w.wait_for("#why-cause:not([hidden])").await;
    let status = w.text("#why-status").await;
    assert!(status.starts_with("User Is Frozen ("), "{status}");
    assert!(w.text("#why-fix").await.contains("Unfreeze"));
    assert!(w
        .text("#why-summary")
        .await
        .starts_with("Salesforce refused the latest login"));
    let first_row = w.text("#why-attempts tbody tr:first-child").await;
    assert!(first_row.contains("User Is Frozen"), "{first_row}");
    assert_eq!(
        attempts_of(&w, &ACME_FROZEN),
        1,
        "the refused login was not sent again"
    );
    assert_no_violations(&w, "the org's answer on the error card").await;

    // The helper is remembered for the profile (the command asks with it too).
    let out = w.sftoken(&["why", "--profile", "Acme frozen", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["helper"], "Acme admin");
    assert_eq!(report["cause"]["status"], "User Is Frozen");
    w.close().await;
}

#[tokio::test]
async fn with_no_other_profile_an_administrator_signs_in_with_the_browser() {
    let w = Window::open_with(Options {
        env: vec![("SFTOKEN_NO_BROWSER", "1".into())],
        ..Options::default()
    })
    .await;
    save_profile_for(&w, "Acme frozen", &ACME_FROZEN).await;
    w.click("#send").await;
    w.wait_for("#why:not([hidden])").await;
    let options = w.text("#why-helper").await;
    assert!(
        options.starts_with("An administrator, signing in with the browser"),
        "{options}"
    );
    w.click("#why-ask").await;
    // Play the administrator's browser: the fake signs in as acme's admin and redirects to the
    // app's loopback listener.
    let url = w
        .wait_text("#authorize-url", "/services/oauth2/authorize?")
        .await;
    let location = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{redirect_url}", "--proxy"])
        .arg(w.sf.proxy_url())
        .arg("--cacert")
        .arg(w.sf.ca_file())
        .arg(url.trim())
        .output()
        .unwrap();
    let location = String::from_utf8(location.stdout).unwrap();
    assert!(location.contains("code="), "{location}");
    let page = Command::new("curl")
        .args(["-s", "--noproxy", "*", &location])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&page.stdout).contains("close this tab"));
    w.wait_for("#why-cause:not([hidden])").await;
    assert!(w.text("#why-status").await.starts_with("User Is Frozen"));
    let list = w.text("#profile-list").await;
    assert!(list.contains("Acme frozen (admin sign-in)"), "{list}");
    w.close().await;
}
