//! Every state of the window passes axe-core's WCAG 2.2 A/AA rules and best practices: the empty
//! form, each grant's rows, the Headers tab, a My Domain problem, a token card (and its Send to…
//! panel), an error card, the profile sidebar, the delete confirmation, the move and import
//! dialogs; in light and in dark mode.

use fake_salesforce::fixtures::*;
use fantoccini::Locator;

use crate::axe::{assert_no_violations, violations};
use crate::harness::{Options, Window};
use crate::profile_fixtures::profile_file;

const GRANTS: &[&str] = &[
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "authorization_code",
    "refresh_token",
    "password",
];

#[tokio::test]
async fn every_state_of_the_window_passes_axe_in_light_mode() {
    let w = Window::open().await;
    assert_no_violations(&w, "empty form").await;
    for grant in GRANTS {
        w.choose_grant(grant).await;
        assert_no_violations(&w, &format!("the {grant} grant's rows")).await;
    }
    w.click("#tab-headers").await;
    w.wait_for("#panel-headers:not([hidden])").await;
    assert_no_violations(&w, "the Headers tab").await;
    w.click("#tab-body").await;

    w.click("#target-my_domain").await;
    w.type_into("#mydomain-host", "https://acme.lightning.force.com")
        .await;
    w.wait_for("#target-problem:not([hidden]) #use-suggestion:not([hidden])")
        .await;
    assert_no_violations(&w, "a My Domain host to correct").await;
    w.click("#target-production").await;

    w.fill_acme_admin_wrong_password().await;
    w.click("#send").await;
    w.wait_for("#error-card:not([hidden])").await;
    assert_no_violations(&w, "an error card").await;

    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.wait_for("#token-card:not([data-expired]) #valid-until")
        .await;
    assert_no_violations(&w, "a token card").await;
    w.click("#send-to").await;
    w.wait_for("#send-to-panel:not([hidden])").await;
    w.click("#view-raw").await;
    assert_no_violations(&w, "a token card with Send to… open, raw JSON").await;

    // The profile sidebar with a profile open (on the password grant: its deadline shows).
    w.click("#new-profile").await;
    w.wait_for("#profile-details:not([hidden])").await;
    w.wait_for("#password-deadline:not([hidden])").await;
    assert_no_violations(&w, "a profile open").await;
    w.click("#delete-profile").await;
    w.wait_for("#delete-confirm:not([hidden])").await;
    assert_no_violations(&w, "the delete confirmation").await;
    w.click("#delete-no").await;

    w.click("#move-off-password").await;
    w.wait_for("#move-dialog[open]").await;
    assert_no_violations(&w, "the move off the password grant").await;
    w.click("#move-close").await;
    w.wait_for("#move-dialog:not([open])").await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.postman_environment.json");
    std::fs::write(
        &file,
        serde_json::json!({
            "name": "Acme dev",
            "values": [
                {"key": "url", "value": "https://test.salesforce.com", "enabled": true},
                {"key": "clientId", "value": ACME_DEV_APP.client_id, "enabled": true},
                {"key": "init_access_token", "value": "{{init_access_token}}", "enabled": true}
            ]
        })
        .to_string(),
    )
    .unwrap();
    w.client
        .execute(
            "window.sftoken.importer.filesDropped({ payload: { paths: arguments[0] } });",
            vec![serde_json::json!([file.display().to_string()])],
        )
        .await
        .unwrap();
    w.wait_for("#import-dialog[open]").await;
    assert_no_violations(&w, "the import summary").await;
    w.close().await;
}

#[tokio::test]
async fn every_state_of_the_window_passes_axe_in_dark_mode() {
    let w = Window::open_with(Options {
        env: vec![("GTK_THEME", "Adwaita:dark".into())],
        config_files: vec![("profiles.json", profile_file(8))],
    })
    .await;
    let dark = w
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dark,
        serde_json::Value::Bool(true),
        "the page follows GTK's dark theme"
    );
    assert_no_violations(&w, "dark: empty form, 8 profiles with the filter").await;

    w.fill_acme_admin_wrong_password().await;
    w.click("#send").await;
    w.wait_for("#error-card:not([hidden])").await;
    assert_no_violations(&w, "dark: an error card").await;

    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    assert_no_violations(&w, "dark: a token card").await;

    let first = w
        .client
        .find(Locator::Css("#profile-list li"))
        .await
        .unwrap();
    first.click().await.unwrap();
    w.wait_for("#profile-details:not([hidden])").await;
    w.click("#delete-profile").await;
    w.wait_for("#delete-confirm:not([hidden])").await;
    assert_no_violations(&w, "dark: a profile open, the delete confirmation").await;
    w.close().await;
}

/// The audit can fail: a field without a label, put in the page, is reported (so the states above
/// pass because they are clean, not because axe saw nothing).
#[tokio::test]
async fn the_audit_reports_a_field_without_a_name() {
    let w = Window::open().await;
    w.client
        .execute(
            "const i = document.createElement('input'); i.type = 'text'; document.getElementById('sidebar').append(i);",
            vec![],
        )
        .await
        .unwrap();
    let found = violations(&w).await;
    assert!(
        found.iter().any(|line| line.starts_with("- \"label\"")),
        "{found:?}"
    );
    w.close().await;
}

/// Where an input, a select or a bordered button's outline is under 3:1 against what is behind it
/// (WCAG 1.4.11; axe checks text contrast, not this).
async fn faint_outlines(w: &Window) -> Vec<String> {
    let script = r#"
        const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
        const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                             return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
        const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const behind = (e) => {
          for (let n = e.parentElement; n; n = n.parentElement) {
            const c = rgba(getComputedStyle(n).backgroundColor);
            if (c[3] > 0) return c;
          }
          return rgba(getComputedStyle(document.body).backgroundColor);
        };
        const faint = [];
        const controls = 'input[type="text"], input[type="password"], input[type="search"], input[type="number"], select, textarea, button';
        for (const e of document.querySelectorAll(controls)) {
          if (e.offsetParent === null || e.disabled) continue;
          const s = getComputedStyle(e);
          const border = rgba(s.borderTopColor);
          if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) === 0 || border[3] === 0) {
            if (e.tagName !== 'BUTTON') faint.push(`${e.id || e.tagName}: no outline`);
            continue;
          }
          const r = ratio(border, behind(e));
          if (r < 3) faint.push(`${e.id || e.dataset.reveal || e.textContent.trim().slice(0, 20)}: ${r.toFixed(2)}:1`);
        }
        return faint;
    "#;
    w.strings(script).await
}

#[tokio::test]
async fn every_control_is_outlined_at_3_to_1_in_light_and_dark() {
    for theme in ["Adwaita", "Adwaita:dark"] {
        let w = Window::open_with(Options {
            env: vec![("GTK_THEME", theme.into())],
            config_files: vec![("profiles.json", profile_file(8))],
        })
        .await;
        w.fill_acme_admin().await;
        w.click("#send").await;
        w.wait_for_token().await;
        w.click("#send-to").await;
        w.click("#profile-list li").await;
        w.wait_for("#profile-details:not([hidden])").await;
        let faint = faint_outlines(&w).await;
        assert!(faint.is_empty(), "{theme}: {faint:?}");
        // The check does see a faint outline: the borders of before (#d7dbe2, 1.4:1 on white).
        w.client
            .execute(
                "document.documentElement.style.setProperty('--control', getComputedStyle(document.documentElement).getPropertyValue('--border'));",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            faint_outlines(&w)
                .await
                .iter()
                .any(|f| f.starts_with("client-id: ")),
            "{theme}: the check saw no faint outline"
        );
        w.close().await;
    }
}
