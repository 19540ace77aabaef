//! When there is no token: the error card explains, the form is intact, Cancel works.

use fake_salesforce::fixtures::*;
use fake_salesforce::Fault;

use crate::harness::Window;

#[tokio::test]
async fn a_wrong_password_lists_the_security_token_and_the_blocked_flow() {
    let w = Window::open().await;
    w.fill_acme_admin_wrong_password().await;
    w.click("#send").await;
    w.wait_for("#error-card:not([hidden])").await;
    assert_eq!(
        w.text("#error-code").await,
        "invalid_grant: authentication failure"
    );
    assert!(w.text("#error-status").await.starts_with("400"));
    let hints = w.text("#error-hints").await;
    let first = w.text("#error-hints li:first-child").await;
    assert!(first.contains("security token"), "{hints}");
    assert!(hints.contains("Allow OAuth Username-Password Flows") && hints.contains("2027-02-20"));
    assert!(w
        .find("#token-card")
        .await
        .attr("hidden")
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        w.value("#password").await,
        "not-the-password",
        "nothing typed is lost"
    );
    assert_eq!(w.value("#client-secret").await, ACME_APP.client_secret);
    w.close().await;
}

#[tokio::test]
async fn cancel_stops_a_hanging_request_and_keeps_the_form() {
    let w = Window::open().await;
    w.sf.set_fault(Some(Fault::Hang));
    w.fill_acme_admin().await;
    w.click("#send").await;
    let cancel = w.wait_for("#running:not([hidden]) #cancel").await;
    assert!(
        w.find("#send")
            .await
            .attr("hidden")
            .await
            .unwrap()
            .is_some(),
        "Send is replaced while running"
    );
    cancel.click().await.unwrap();
    w.wait_for("#error-card:not([hidden])").await;
    assert_eq!(w.text("#error-title").await, "Request cancelled");
    w.wait_for("#send:not([hidden])").await;
    assert_eq!(w.value("#username").await, ACME_ADMIN.username);
    assert_eq!(w.value("#security-token").await, ACME_ADMIN.security_token);

    w.sf.set_fault(None);
    w.click("#send").await;
    w.wait_for_token().await;
    w.close().await;
}

#[tokio::test]
async fn an_html_maintenance_page_reads_plainly() {
    let w = Window::open().await;
    w.sf.set_fault(Some(Fault::Unavailable503 {
        retry_after_secs: 600,
    }));
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for("#error-card:not([hidden])").await;
    assert!(w
        .text("#error-title")
        .await
        .contains("HTTP 503: Salesforce is unavailable (Retry-After: 600)"));
    assert!(w.text("#error-hints").await.contains("after 600 s"));
    w.close().await;
}

/// A middlebox that repeats the request (here form-encoded, then split by markup, then in an HTML
/// page): the error card shows what it said, never a secret that was sent, in any encoding; escape
/// sequences are plain text in a page.
#[tokio::test]
async fn an_answer_that_echoes_the_request_shows_no_secret_in_the_error_card() {
    use fake_salesforce::scan::encoded_forms;
    use fake_salesforce::EchoAs;
    let w = Window::open().await;
    w.fill_acme_admin().await;
    let joined = ACME_ADMIN.password_with_token();
    let secrets = [
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        joined.as_str(),
        ACME_APP.client_secret,
    ];
    // Each answer replaces the card's text; consecutive cases say something different, so the
    // card is read once it shows this answer's words.
    for (how, words) in [
        (EchoAs::HtmlPage, "Proxy error"),
        (EchoAs::AsSent, "bad request"),
        (EchoAs::RedirectWithBody, "redirect"),
        (EchoAs::SplitByMarkup, "withheld"),
    ] {
        w.sf.set_fault(Some(Fault::Echo(how)));
        w.click("#send").await;
        let card = w.wait_text("#error-card", words).await;
        for secret in secrets {
            for form in std::iter::once(secret.to_string())
                .chain(encoded_forms(secret).into_iter().map(|(_, v)| v))
            {
                assert!(
                    !card
                        .to_ascii_lowercase()
                        .contains(&form.to_ascii_lowercase()),
                    "{how:?}: {form:?} shown in the error card: {card}"
                );
            }
        }
    }
    w.close().await;
}

/// Escape sequences and a 900 KB description from a server: plain, bounded text in the card.
#[tokio::test]
async fn a_huge_description_full_of_escapes_is_shown_as_bounded_plain_text() {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.sf.set_fault(Some(Fault::JsonError {
        status: 400,
        error: "invalid_grant".into(),
        description: format!(
            "\u{1b}]52;c;cHduZWQ=\u{7}<img src=x onerror=alert(1)>{}",
            "x".repeat(900_000)
        ),
    }));
    w.click("#send").await;
    let code = w.wait_text("#error-code", "more characters").await;
    assert!(code.len() < 5_000, "{} characters shown", code.len());
    assert!(
        code.contains("<img src=x onerror=alert(1)>"),
        "markup is text: {code:.200}"
    );
    assert!(
        w.client
            .find(fantoccini::Locator::Css("#error-card img"))
            .await
            .is_err(),
        "no element was made from it"
    );
    w.close().await;
}
