//! Answers that repeat what was sent — a misconfigured server, a proxy, a captive portal, a
//! TLS-inspecting middlebox — in every encoding a server might use (as sent, decoded, HTML-escaped,
//! JSON-escaped, split by markup, in a redirect's Location, in an HTML page). Whatever comes back,
//! nothing the user is shown (the error, Salesforce's fields, the hints, in both wordings) holds a
//! secret that was sent, in any of those encodings.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::scan::encoded_forms;
use fake_salesforce::{EchoAs, FakeSalesforce, Fault};
use sftoken_core::*;

/// Everything a shell shows of an error.
fn shown(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n");
    if let Some(oauth) = err.oauth() {
        text.push_str(&format!(
            "{} {:?} {:?}\n",
            oauth.error, oauth.error_description, oauth.error_uri
        ));
    }
    for hint in err.hints() {
        text.push_str(hint.text());
        text.push('\n');
        text.push_str(hint.command_line_text());
        text.push('\n');
    }
    text
}

/// A secret and every encoded form of it.
fn all_forms(secrets: &[&str]) -> Vec<String> {
    secrets
        .iter()
        .flat_map(|s| {
            std::iter::once(s.to_string()).chain(encoded_forms(s).into_iter().map(|(_, v)| v))
        })
        .collect()
}

/// Letters and digits only: a secret bent by a decoding (`+` → space) still shows here.
fn normalised(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !normalised(text).contains(&normalised(secret)),
            "{what}: a secret, bent, is shown in: {text}"
        );
    }
    for form in all_forms(secrets) {
        assert!(
            !text.contains(&form)
                && !text
                    .to_ascii_lowercase()
                    .contains(&form.to_ascii_lowercase()),
            "{what}: a secret ({form:?}) is shown in: {text}"
        );
    }
}

#[test]
fn a_server_that_echoes_the_request_never_gets_a_secret_shown() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let joined = ACME_ADMIN.password_with_token();
    let secrets = [
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        joined.as_str(),
        ACME_APP.client_secret,
    ];
    for how in EchoAs::ALL {
        sf.set_fault(Some(Fault::Echo(how)));
        let err = rt
            .block_on(client.request_token(
                &LoginTarget::Production,
                &grant(
                    ACME_APP.client_id,
                    ACME_APP.client_secret,
                    &ACME_ADMIN,
                    Some(ACME_ADMIN.security_token),
                ),
            ))
            .unwrap_err();
        let text = shown(&err);
        assert!(!text.is_empty());
        assert_clean(&format!("{how:?}"), &text, &secrets);
        if how == EchoAs::AsSent {
            // The rest of what the server said is still shown.
            assert!(text.contains("bad request: grant_type=password"), "{text}");
            assert!(text.contains("[redacted]"), "{text}");
        }
    }
}

#[test]
fn a_revoke_answer_that_echoes_the_token_never_shows_it() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let issued = rt
        .block_on(client.request_token(
            &"acme".parse().unwrap(),
            &grant(
                ACME_APP.client_id,
                ACME_APP.client_secret,
                &ACME_ADMIN,
                Some(ACME_ADMIN.security_token),
            ),
        ))
        .unwrap();
    let token = issued.response.access_token().clone();
    assert!(
        token.expose_secret().contains('!'),
        "a token with a `!` (sent as %21)"
    );
    for how in [
        EchoAs::FormEncodedAnswer,
        EchoAs::AsSent,
        EchoAs::HtmlPage,
        EchoAs::JsonEscaped,
    ] {
        sf.set_fault(Some(Fault::Echo(how)));
        let err = rt
            .block_on(client.revoke(&"acme".parse().unwrap(), &token))
            .unwrap_err();
        assert_clean(&format!("{how:?}"), &shown(&err), &[token.expose_secret()]);
    }
}
