//! Refresh (with and without rotation) and revocation: what dies with what, and the form-encoded
//! revoke errors.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const REVOKE_PATH: &str = "/services/oauth2/revoke";

/// acme's access and refresh token from a code exchange.
fn acme_tokens(sf: &FakeSalesforce) -> (String, String) {
    let code = pkce_code(sf, "api refresh_token");
    let v = post_token(sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER)).json();
    (
        v["access_token"].as_str().unwrap().to_string(),
        v["refresh_token"].as_str().unwrap().to_string(),
    )
}

fn refresh_form(app: &ConnectedApp, refresh_token: &str) -> String {
    form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", app.client_id),
    ])
}

fn revoke(sf: &FakeSalesforce, token: &str) -> Reply {
    post_form(
        sf,
        "localhost",
        REVOKE_PATH,
        &[],
        &form(&[("token", token)]),
    )
}

#[test]
fn refresh_without_rotation_keeps_the_refresh_token() {
    let sf = FakeSalesforce::start();
    let (first, refresh) = acme_tokens(&sf);
    let reply = post_token(&sf, "localhost", &refresh_form(&ACME_APP, &refresh));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        keys(&reply),
        [
            "access_token",
            "signature",
            "scope",
            "instance_url",
            "id",
            "token_type",
            "issued_at",
            "api_instance_url"
        ]
    );
    let v = reply.json();
    assert_eq!(v["scope"], "api refresh_token");
    let (id, issued_at) = (v["id"].as_str().unwrap(), v["issued_at"].as_str().unwrap());
    assert_eq!(
        v["signature"],
        expected_signature(ACME_APP.client_secret, id, issued_at)
    );
    let second = v["access_token"].as_str().unwrap();
    assert_ne!(second, first);
    assert!(sf.token_is_active(&refresh) && sf.token_is_active(&first));
    // Again, with the secret (optional, but checked when sent).
    let with_secret = format!(
        "{}&client_secret={}",
        refresh_form(&ACME_APP, &refresh),
        ACME_APP.client_secret
    );
    assert_eq!(post_token(&sf, "localhost", &with_secret).status, 200);
    let wrong_secret = format!("{}&client_secret=nope", refresh_form(&ACME_APP, &refresh));
    post_token(&sf, "localhost", &wrong_secret)
        .assert_error("invalid_client", "invalid client credentials");
}

#[test]
fn rotation_hands_out_a_new_refresh_token_and_retires_the_old() {
    let sf = FakeSalesforce::start();
    let host = "test.salesforce.com";
    let challenge = challenge(VERIFIER);
    let reply = authorize(
        &sf,
        host,
        &[
            ("response_type", "code"),
            ("client_id", ACME_DEV_APP.client_id),
            ("redirect_uri", CALLBACK),
            ("code_challenge", &challenge),
            ("scope", "api refresh_token"),
        ],
    );
    let (_, params) = redirect_params(&reply);
    let code = param(&params, "code").unwrap();
    let body =
        exchange_form(code, CALLBACK, VERIFIER).replace(ACME_APP.client_id, ACME_DEV_APP.client_id);
    let v = post_token(&sf, host, &body).json();
    let (access, old) = (
        v["access_token"].as_str().unwrap(),
        v["refresh_token"].as_str().unwrap(),
    );

    let reply = post_token(&sf, host, &refresh_form(&ACME_DEV_APP, old));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(keys(&reply)[..2], ["access_token", "refresh_token"]);
    let new = reply.json()["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert!(!sf.token_is_active(old));
    assert!(sf.token_is_active(&new) && sf.token_is_active(access));
    post_token(&sf, host, &refresh_form(&ACME_DEV_APP, old))
        .assert_error("invalid_grant", "expired access/refresh token");
    assert_eq!(
        post_token(&sf, host, &refresh_form(&ACME_DEV_APP, &new)).status,
        200
    );
}

#[test]
fn refresh_refusals() {
    let sf = FakeSalesforce::start();
    let (access, refresh) = acme_tokens(&sf);
    let expired = |body: String| {
        post_token(&sf, "localhost", &body)
            .assert_error("invalid_grant", "expired access/refresh token")
    };
    expired(refresh_form(&ACME_APP, "5Aep861nope"));
    expired(refresh_form(&ACME_APP, ""));
    // An access token is not a refresh token.
    expired(refresh_form(&ACME_APP, &access));
    post_token(&sf, "localhost", &refresh_form(&ACME_DEV_APP, &refresh))
        .assert_error("invalid_client_id", "client identifier invalid");
    assert_eq!(revoke(&sf, &refresh).status, 200);
    expired(refresh_form(&ACME_APP, &refresh));
}

#[test]
fn revoking_a_refresh_token_takes_its_access_tokens_along() {
    let sf = FakeSalesforce::start();
    let (first, refresh) = acme_tokens(&sf);
    let second = access_token_of(&post_token(
        &sf,
        "localhost",
        &refresh_form(&ACME_APP, &refresh),
    ));
    let unrelated = password_token(&sf);

    let reply = revoke(&sf, &refresh);
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
    for token in [&refresh, &first, &second] {
        assert!(!sf.token_is_active(token));
    }
    assert!(sf.token_is_active(&unrelated));

    // An access token alone; then it is unknown.
    assert_eq!(revoke(&sf, &unrelated).status, 200);
    assert!(!sf.token_is_active(&unrelated));
    let again = revoke(&sf, &unrelated);
    assert_eq!(again.status, 400);
    assert_eq!(
        again.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        again.text(),
        "error=invalid_token&error_description=invalid+token"
    );

    let missing = post_form(&sf, "localhost", REVOKE_PATH, &[], "");
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(missing
        .text()
        .starts_with("error=unsupported_token_type&error_description="));

    // GET ?token= works too; revoke_all ends everything.
    let token = client_credentials_token(&sf);
    let get = request(
        &sf,
        "GET",
        "localhost",
        &format!("{REVOKE_PATH}?{}", form(&[("token", &token)])),
        None,
        "",
    );
    assert_eq!(get.status, 200);
    let (a, r) = acme_tokens(&sf);
    sf.revoke_all();
    assert!(!sf.token_is_active(&a) && !sf.token_is_active(&r));
}
