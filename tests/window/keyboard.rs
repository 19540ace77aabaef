//! The window with the keyboard alone: keys go to whatever has focus (WebDriver's key actions, as a
//! person's keyboard), never to an element the test picks. The tab order is recorded and checked,
//! every stop shows a focus ring of 3:1 or more against what is behind it, arrow keys work in the
//! target switch, the tabs, Pretty/Raw and the profile list, and Escape closes what it should with
//! focus back where it was.

use fake_salesforce::fixtures::*;
use fake_salesforce::TokenKind;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::harness::{clipboard, Window};

/// Presses keys together (e.g. `Key::Shift + Key::Tab`) on whatever has focus, then releases them.
pub async fn press(w: &Window, keys: &str) {
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys.chars() {
        actions = actions.then(KeyAction::Down { value: key });
    }
    for key in keys.chars().rev() {
        actions = actions.then(KeyAction::Up { value: key });
    }
    w.client.perform_actions(actions).await.unwrap();
}

/// Types text into whatever has focus, key by key.
async fn type_text(w: &Window, text: &str) {
    for c in text.chars() {
        press(w, &c.to_string()).await;
    }
}

/// What has focus, as a name a person could find: its id, the field a Show button reveals, or the
/// profile a list row stands for; `body` when focus is nowhere.
pub async fn focused(w: &Window) -> String {
    let script = r#"
        const e = document.activeElement;
        if (!e || e === document.body || e === document.documentElement) return 'body';
        if (e.id) return e.id;
        if (e.dataset.reveal) return `show:${e.dataset.reveal}`;
        if (e.closest('#profile-list li')) return `profile:${e.querySelector('.name').firstChild.textContent}`;
        return `${e.tagName.toLowerCase()}.${e.className}`;
    "#;
    w.client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The focus ring of what has focus: its contrast against the colour behind it (outside the
/// element for a ring drawn outside, its own background for one drawn inside), or why there is none.
async fn focus_ring(w: &Window) -> Result<f64, String> {
    let script = r#"
        const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
        const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                             return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
        const e = document.activeElement;
        const s = getComputedStyle(e);
        if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) return { none: `outline ${s.outlineStyle} ${s.outlineWidth}` };
        let n = parseFloat(s.outlineOffset) < 0 ? e : e.parentElement;
        let behind = null;
        for (; n; n = n.parentElement) {
          const c = rgba(getComputedStyle(n).backgroundColor);
          if (c[3] > 0) { behind = c; break; }
        }
        const body = rgba(getComputedStyle(document.body).backgroundColor);
        const [a, b] = [lum(rgba(s.outlineColor)), lum(behind ?? body)].sort((x, y) => y - x);
        return { ratio: (a + 0.05) / (b + 0.05) };
    "#;
    let ring = w.client.execute(script, vec![]).await.unwrap();
    match ring.get("ratio").and_then(|r| r.as_f64()) {
        Some(ratio) => Ok(ratio),
        None => Err(ring["none"].to_string()),
    }
}

/// Presses Tab (or Shift+Tab) until `target` has focus, at most `limit` times; the stops passed.
async fn tab_to(w: &Window, target: &str, backwards: bool, limit: usize) -> Vec<String> {
    let keys = if backwards {
        Key::Shift + &Key::Tab
    } else {
        Key::Tab.to_string()
    };
    let mut passed = Vec::new();
    for _ in 0..limit {
        press(w, &keys).await;
        let now = focused(w).await;
        passed.push(now.clone());
        if now == target || (target == "profile:*" && now.starts_with("profile:")) {
            return passed;
        }
    }
    panic!(
        "{target} not reached with {} in {limit} presses: {passed:?}",
        if backwards { "Shift+Tab" } else { "Tab" }
    );
}

async fn attr(w: &Window, css: &str, name: &str) -> Option<String> {
    w.find(css).await.attr(name).await.unwrap()
}

#[tokio::test]
async fn the_tab_order_reaches_every_control_with_a_visible_focus_ring() {
    let w = Window::open().await;
    assert_eq!(
        focused(&w).await,
        "client-id",
        "the form starts in client_id"
    );
    let mut order = vec!["client-id".to_string()];
    for _ in 0..60 {
        press(&w, &Key::Tab.to_string()).await;
        let now = focused(&w).await;
        if now == "client-id" {
            break;
        }
        if now != "body" {
            let ring = focus_ring(&w).await;
            assert!(
                matches!(ring, Ok(ratio) if ratio >= 3.0),
                "{now}: focus ring {ring:?} (3:1 needed)"
            );
        }
        order.push(now);
    }
    // Tab leaves the page after the last control and comes back at the first.
    let expected = [
        "client-id",
        "client-secret",
        "show:client-secret",
        "username",
        "password",
        "show:password",
        "security-token",
        "show:security-token",
        "reveal-token",
        "copy-token",
        "copy-instance-url",
        "whoami",
        "revoke-access",
        "copy-header",
        "copy-curl",
        "copy-json",
        "send-to",
        "view-pretty",
        "json-view",
        "clipboard-delay",
        "new-profile",
        "import-postman",
        "target-production",
        "send",
        "tab-body",
        "grant-type",
    ];
    assert_eq!(order, expected, "the tab order");
    // Shift+Tab walks it back.
    let back = tab_to(&w, "target-production", true, 10).await;
    assert_eq!(
        back,
        ["grant-type", "tab-body", "send", "target-production"]
    );
    w.close().await;
}

#[tokio::test]
async fn keyboard_alone_gets_a_token_copies_it_and_manages_profiles() {
    let w = Window::open().await;
    // The form, typed field by field with Tab; Space on a Show button reveals the secret.
    type_text(&w, ACME_APP.client_id).await;
    press(&w, &Key::Tab.to_string()).await;
    type_text(&w, ACME_APP.client_secret).await;
    press(&w, &Key::Tab.to_string()).await;
    assert_eq!(focused(&w).await, "show:client-secret");
    press(&w, " ").await;
    w.wait_for("#client-secret[type='text']").await;
    assert!(w
        .text("button[data-reveal='client-secret']")
        .await
        .starts_with("Hide"));
    press(&w, &Key::Tab.to_string()).await;
    type_text(&w, ACME_ADMIN.username).await;
    press(&w, &Key::Tab.to_string()).await;
    type_text(&w, ACME_ADMIN.password).await;
    tab_to(&w, "security-token", false, 2).await;
    type_text(&w, ACME_ADMIN.security_token).await;

    // The target switch is one stop; the arrows choose (and focus stays in the switch).
    tab_to(&w, "target-production", true, 12).await;
    press(&w, &Key::Right.to_string()).await;
    assert_eq!(focused(&w).await, "target-sandbox");
    assert_eq!(
        attr(&w, "#target-sandbox", "aria-checked").await.as_deref(),
        Some("true")
    );
    w.wait_text("#token-url", "test.salesforce.com").await;
    press(&w, &Key::Right.to_string()).await;
    assert_eq!(focused(&w).await, "target-my_domain");
    w.wait_for("#mydomain-host:not([hidden])").await;
    press(&w, &Key::Right.to_string()).await;
    assert_eq!(focused(&w).await, "target-production", "→ wraps around");
    w.wait_text("#token-url", "login.salesforce.com").await;

    // The tabs: one stop, arrows switch the panel.
    assert_eq!(tab_to(&w, "tab-body", false, 3).await, ["send", "tab-body"]);
    press(&w, &Key::Right.to_string()).await;
    assert_eq!(focused(&w).await, "tab-headers");
    w.wait_for("#panel-headers:not([hidden])").await;
    press(&w, &Key::Left.to_string()).await;
    w.wait_for("#panel-body:not([hidden])").await;

    // Ctrl+Enter sends; the token is copied with Enter on its Copy button.
    press(&w, &(Key::Control + &Key::Enter)).await;
    w.wait_for_token().await;
    assert_eq!(
        focused(&w).await,
        "tab-body",
        "the answer does not take the focus"
    );
    tab_to(&w, "copy-token", false, 20).await;
    press(&w, &Key::Enter.to_string()).await;
    w.wait_text("#clipboard-status", "Copied access token")
        .await;
    let issued =
        w.sf.issued_tokens()
            .into_iter()
            .rfind(|t| matches!(t.kind, TokenKind::Access))
            .unwrap();
    assert_eq!(clipboard(), issued.token);
    // Said once to screen readers (the status bar's countdown is not a live region).
    let said = w
        .client
        .execute(
            "return document.getElementById('announcer').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        said.as_str()
            .unwrap()
            .starts_with("Copied access token. The clipboard clears in"),
        "{said}"
    );

    // Pretty/Raw: one stop, arrows switch the view.
    tab_to(&w, "view-pretty", false, 12).await;
    press(&w, &Key::Right.to_string()).await;
    assert_eq!(focused(&w).await, "view-raw");
    assert_eq!(
        attr(&w, "#view-raw", "aria-checked").await.as_deref(),
        Some("true")
    );
    assert!(
        !w.text("#json-view").await.contains('\n'),
        "raw JSON is one line"
    );

    // Profiles: Ctrl+N saves the form as a profile and puts the cursor in its name; Enter saves.
    for name in ["Kb one", "Kb two"] {
        press(&w, &(Key::Control + "n")).await;
        w.wait_for("#profile-list li[aria-selected='true'][title^='New profile']")
            .await;
        assert_eq!(focused(&w).await, "profile-name");
        press(&w, &(Key::Control + "a")).await;
        type_text(&w, name).await;
        press(&w, &Key::Enter.to_string()).await;
        w.wait_for(&format!(
            "#profile-list li[aria-selected='true'][title^='{name}']"
        ))
        .await;
    }
    // The list is one stop (the open profile); ↑ moves without opening, Enter opens.
    let into_list = tab_to(&w, "profile:*", true, 8).await;
    assert_eq!(into_list.last().unwrap(), "profile:Kb two");
    press(&w, &Key::Up.to_string()).await;
    assert_eq!(focused(&w).await, "profile:Kb one");
    assert_eq!(
        attr(&w, "#profile-list li[title^='Kb two']", "aria-selected")
            .await
            .as_deref(),
        Some("true"),
        "moving is not opening"
    );
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Kb one']")
        .await;
    assert_eq!(
        focused(&w).await,
        "profile:Kb one",
        "opening keeps the focus on the row"
    );

    // Duplicate: Enter on it opens the copy (the keyboard stays on Duplicate).
    tab_to(&w, "duplicate-profile", false, 12).await;
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Kb one copy']")
        .await;
    assert_eq!(focused(&w).await, "duplicate-profile");

    // Delete… (the copy): the confirmation takes focus on Cancel; Escape closes it, back on
    // Delete….
    tab_to(&w, "delete-profile", false, 12).await;
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#delete-confirm:not([hidden])").await;
    assert_eq!(focused(&w).await, "delete-no");
    press(&w, &Key::Escape.to_string()).await;
    w.wait_for("#delete-confirm[hidden]").await;
    assert_eq!(focused(&w).await, "delete-profile");
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#delete-confirm:not([hidden])").await;
    press(&w, &(Key::Shift + &Key::Tab)).await;
    assert_eq!(focused(&w).await, "delete-yes");
    press(&w, &Key::Enter.to_string()).await;
    w.wait_text("#profile-msg", "Deleted").await;
    assert_eq!(
        focused(&w).await,
        "profile:Kb one",
        "after a delete, the list (its first profile) has the focus"
    );

    // The move off the password grant: Escape closes the dialog, focus back on its opener.
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#profile-list li[aria-selected='true'][title^='Kb one']")
        .await;
    tab_to(&w, "move-off-password", false, 6).await;
    press(&w, &Key::Enter.to_string()).await;
    w.wait_for("#move-dialog[open]").await;
    press(&w, &Key::Escape.to_string()).await;
    w.wait_for("#move-dialog:not([open])").await;
    assert_eq!(focused(&w).await, "move-off-password");
    w.close().await;
}
