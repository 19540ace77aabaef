//! Typing into the app window over WebDriver, the one way: shared by the window tests
//! (`harness.rs`) and the window benchmark (`benches/window/main.rs`, which includes this file
//! with `#[path]`), so both fill the form alike.

use fantoccini::{Client, Locator};

/// Types `text` into the field `css` after clearing it (empty: only clears it). WebKitWebDriver cannot type characters
/// outside the Basic Multilingual Plane (emoji), so such text is set as the field's value with an
/// `input` event instead.
pub async fn type_into(client: &Client, css: &str, text: &str) {
    let input = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.unwrap();
    if text.is_empty() {
        return;
    }
    if text.chars().all(|c| (c as u32) < 0x10000) {
        input.send_keys(text).await.unwrap();
        return;
    }
    let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));";
    let element = serde_json::to_value(&input).unwrap();
    client
        .execute(script, vec![element, text.into()])
        .await
        .unwrap();
}

/// Types into each field in turn: `(css, text)` pairs, in order.
pub async fn fill_form(client: &Client, fields: &[(&str, &str)]) {
    for (css, text) in fields {
        type_into(client, css, text).await;
    }
}

/// The Body tab's fields of the password grant, in the order a person fills them, with their values.
pub fn body_fields<'a>(
    client_id: &'a str,
    secret: &'a str,
    username: &'a str,
    password: &'a str,
    token: &'a str,
) -> [(&'static str, &'a str); 5] {
    [
        ("#client-id", client_id),
        ("#client-secret", secret),
        ("#username", username),
        ("#password", password),
        ("#security-token", token),
    ]
}
