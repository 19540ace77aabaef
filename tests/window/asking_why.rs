//! "Ask the org why" on the error card: a refused login of a profile, another profile of the same
//! org reads Login History from the fake Salesforce, and the newest failure's status, meaning and
//! fix are shown with the attempts. The failing login is never sent again; the helper is
//! remembered; with no other profile, an administrator signs in with the browser.

use std::process::Command;

use fake_salesforce::fixtures::*;
use fake_salesforce::{ConnectedApp, User};

use crate::axe::assert_no_violations;
use crate::harness::{Options, Window};

/// Saves the form, filled for `user`, as a new profile named `name` (and leaves it open).
pub async fn save_profile_for(w: &Window, name: &str, user: &User) {
    let login = Login {
        app: &ACME_APP,
        user,
        password: user.password,
        token: user.security_token,
        my_domain: None,
    };
    save_password_profile(w, name, &login).await;
}

/// A password login as the form takes it.
struct Login<'a> {
    app: &'a ConnectedApp,
    user: &'a User,
    password: &'a str,
    token: &'a str,
    /// `None`: production.
    my_domain: Option<&'a str>,
}

/// Saves the form, filled with `login`, as a new profile named `name` (and leaves it open).
async fn save_password_profile(w: &Window, name: &str, login: &Login<'_>) {
    new_profile(w, name).await;
    w.choose_grant("password").await;
    choose_target(w, login.my_domain).await;
    w.fill(
        login.app.client_id,
        login.app.client_secret,
        login.user.username,
        login.password,
        login.token,
    )
    .await;
    save(w, name).await;
}

/// "+ New profile", named `name`.
async fn new_profile(w: &Window, name: &str) {
    w.click("#new-profile").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
        .await;
    w.type_into("#profile-name", name).await;
}

async fn choose_target(w: &Window, my_domain: Option<&str>) {
    match my_domain {
        Some(host) => {
            w.click("#target-my_domain").await;
            w.type_into("#mydomain-host", host).await;
        }
        None => w.click("#target-production").await,
    }
}

async fn save(w: &Window, name: &str) {
    w.click("#save-profile").await;
    w.wait_for(&format!(
        "#profile-list li[aria-selected='true'][title^='{name}']"
    ))
    .await;
    w.wait_for("#dirty-note[hidden]").await;
}

/// Sends the open profile's login (Salesforce refuses it) and waits until the error card offers
/// to ask the org, with its choices of helper filled in.
async fn send_refused(w: &Window) {
    let offers = w
        .client
        .execute(
            "return Number(document.getElementById('why').dataset.offers ?? 0);",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    w.click("#send").await;
    w.wait_for(&format!("#why:not([hidden])[data-offers='{}']", offers + 1))
        .await;
}

/// Refused logins of `user` the fake saw so far (a helper of the same user adds successes).
fn attempts_of(w: &Window, user: &User) -> usize {
    w.sf.login_attempts()
        .iter()
        .filter(|a| a.user_id == user.user_id && a.status != "Success")
        .count()
}

#[tokio::test]
async fn the_org_names_why_a_frozen_users_login_fails() {
    let w = Window::open().await;
    save_profile_for(&w, "Acme admin", &ACME_ADMIN).await;
    save_profile_for(&w, "Acme frozen", &ACME_FROZEN).await;
    send_refused(&w).await;
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
    send_refused(&w).await;
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

#[tokio::test]
async fn each_refused_login_is_explained_by_the_org_in_the_window() {
    let w = Window::open().await;
    save_profile_for(&w, "Acme admin", &ACME_ADMIN).await;
    // (profile, user, password, token, the status on top, a word of its fix)
    let cases: [(&str, &User, &str, &str, &str, &str); 6] = [
        (
            "No token",
            &ACME_ADMIN,
            ACME_ADMIN.password,
            "",
            "Failed: API security token required",
            "Network Access",
        ),
        (
            "Wrong password",
            &ACME_INTEGRATION,
            "not-it",
            "",
            "Invalid Password",
            "Check the password",
        ),
        (
            "Inactive",
            &ACME_INACTIVE,
            ACME_INACTIVE.password,
            ACME_INACTIVE.security_token,
            "User is Inactive",
            "reactivates",
        ),
        (
            "Restricted",
            &ACME_IP_RESTRICTED,
            ACME_IP_RESTRICTED.password,
            ACME_IP_RESTRICTED.security_token,
            "Restricted IP",
            "Login IP Ranges",
        ),
        (
            "Unassigned",
            &ACME_UNASSIGNED,
            ACME_UNASSIGNED.password,
            ACME_UNASSIGNED.security_token,
            "Failed: OAuth app access denied",
            "Permission Sets",
        ),
        (
            "Rate limited",
            &ACME_RATE_LIMITED,
            ACME_RATE_LIMITED.password,
            ACME_RATE_LIMITED.security_token,
            "Login rate exceeded",
            "reuse tokens",
        ),
    ];
    for (name, user, password, token, status, fix) in cases {
        let login = Login {
            app: &ACME_APP,
            user,
            password,
            token,
            my_domain: None,
        };
        save_password_profile(&w, name, &login).await;
        send_refused(&w).await;
        let before = attempts_of(&w, user);
        assert!(w
            .text("#why-helper option:first-child")
            .await
            .starts_with("Acme admin"));
        w.click("#why-ask").await;
        let shown = w.wait_text("#why-status", status).await;
        assert!(shown.starts_with(status), "{name}: {shown}");
        assert!(w.text("#why-fix").await.contains(fix), "{name}");
        assert_eq!(
            attempts_of(&w, user),
            before,
            "{name}: the refused login was not sent again"
        );
    }

    // Locked out (a username with a quote and a backslash, too): ten wrong passwords by a script,
    // then the window's.
    let login = Login {
        app: &ACME_APP,
        user: &ACME_QUOTED,
        password: "an-old-one",
        token: "",
        my_domain: None,
    };
    save_password_profile(&w, "Quoted", &login).await;
    for _ in 0..10 {
        assert_eq!(
            w.sftoken(&["token", "--profile", "Quoted"]).status.code(),
            Some(3)
        );
    }
    send_refused(&w).await;
    w.click("#why-ask").await;
    w.wait_text("#why-status", "Password Lockout").await;
    assert!(w.text("#why-fix").await.contains("Unlock"));

    // A username the org does not know: no row at all, and what that means.
    let nobody = User {
        username: "nobody@acme.com",
        ..ACME_ADMIN
    };
    save_profile_for(&w, "Nobody", &nobody).await;
    send_refused(&w).await;
    w.click("#why-ask").await;
    let summary = w.wait_text("#why-summary", "No user").await;
    assert!(summary.contains("another org"), "{summary}");
    assert!(w
        .find("#why-attempts")
        .await
        .attr("hidden")
        .await
        .unwrap()
        .is_some());

    // A helper that may not read Login History is told so plainly; the likely causes stay.
    let login = Login {
        app: &ACME_APP,
        user: &ACME_INTEGRATION,
        password: ACME_INTEGRATION.password,
        token: "",
        my_domain: None,
    };
    save_password_profile(&w, "Integration", &login).await;
    w.click("#profile-list li[title^='Inactive']").await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Inactive']")
        .await;
    send_refused(&w).await;
    w.find("#why-helper")
        .await
        .select_by_label("Integration (PROD)")
        .await
        .unwrap();
    w.click("#why-ask").await;
    let summary = w
        .wait_text("#why-summary", "may not read Login History")
        .await;
    assert!(summary.contains("Manage Users"), "{summary}");
    assert!(!w.text("#error-hints").await.is_empty());

    // The flow disabled for the org: the fix is the move, one click away.
    new_profile(&w, "Newco cc").await;
    w.choose_grant("client_credentials").await;
    choose_target(&w, Some("newco")).await;
    w.type_into("#client-id", NEWCO_APP.client_id).await;
    w.type_into("#client-secret", NEWCO_APP.client_secret).await;
    save(&w, "Newco cc").await;
    let login = Login {
        app: &NEWCO_APP,
        user: &NEWCO_ADMIN,
        password: NEWCO_ADMIN.password,
        token: NEWCO_ADMIN.security_token,
        my_domain: Some("newco"),
    };
    save_password_profile(&w, "Newco password", &login).await;
    send_refused(&w).await;
    let helper = w.text("#why-helper option:first-child").await;
    assert!(
        helper.starts_with("Newco cc (MY DOMAIN, same org)"),
        "{helper}"
    );
    w.click("#why-ask").await;
    w.wait_text("#why-status", "Username-Password Flow Disabled")
        .await;
    w.click("#why-move").await;
    w.wait_for("#move-dialog[open]").await;
    w.close().await;
}
