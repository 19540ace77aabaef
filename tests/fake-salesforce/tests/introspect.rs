//! Introspection: the app authenticates, its active tokens are described, everything else is
//! `{"active":false}`.

mod common;

use std::time::Duration;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const INTROSPECT_PATH: &str = "/services/oauth2/introspect";

fn introspect(sf: &FakeSalesforce, token: &str) -> serde_json::Value {
    let body = form(&[
        ("token", token),
        ("token_type_hint", "access_token"),
        ("client_id", ACME_APP.client_id),
        ("client_secret", ACME_APP.client_secret),
    ]);
    let reply = post_form(sf, "localhost", INTROSPECT_PATH, &[], &body);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    reply.json()
}

#[test]
fn active_tokens_are_described() {
    let sf = FakeSalesforce::start();
    let token = client_credentials_token(&sf);
    let v = introspect(&sf, &token);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "active",
            "scope",
            "client_id",
            "username",
            "sub",
            "token_type",
            "exp",
            "iat",
            "nbf"
        ]
    );
    assert_eq!(v["active"], true);
    assert_eq!(v["client_id"], ACME_APP.client_id);
    assert_eq!(v["username"], ACME_INTEGRATION.username);
    assert_eq!(v["sub"], ACME.identity_url(&ACME_INTEGRATION).as_str());
    assert_eq!(v["token_type"], "access_token");
    assert_eq!(
        v["exp"].as_u64().unwrap() - v["iat"].as_u64().unwrap(),
        7200
    );

    // Refresh tokens: no exp (valid until revoked).
    let code = pkce_code(&sf, "api refresh_token");
    let pair = post_token(&sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER)).json();
    let v = introspect(&sf, pair["refresh_token"].as_str().unwrap());
    assert_eq!(v["token_type"], "refresh_token");
    assert!(v.get("exp").is_none() && v.get("iat").is_some());

    // Username-password tokens: active, without exp/iat.
    let v = introspect(&sf, &password_token(&sf));
    assert_eq!(v["active"], true);
    assert!(v.get("exp").is_none() && v.get("iat").is_none());

    // HTTP Basic client authentication.
    let auth = basic(ACME_APP.client_id, ACME_APP.client_secret);
    let reply = post_form(
        &sf,
        "localhost",
        INTROSPECT_PATH,
        &[("Authorization", &auth)],
        &form(&[("token", &token)]),
    );
    assert_eq!(reply.json()["active"], true);
}

#[test]
fn inactive_and_unauthenticated() {
    let sf = FakeSalesforce::start();
    let token = client_credentials_token(&sf);
    let inactive = serde_json::json!({"active": false});
    assert_eq!(introspect(&sf, "00D5g000008AbCd!AQnope"), inactive);
    assert_eq!(introspect(&sf, ""), inactive);
    // Another app (newco's, on the generic host) cannot see acme's tokens.
    let newco = form(&[
        ("token", &token),
        ("client_id", NEWCO_APP.client_id),
        ("client_secret", NEWCO_APP.client_secret),
    ]);
    let reply = post_form(&sf, "login.salesforce.com", INTROSPECT_PATH, &[], &newco);
    assert_eq!(reply.json(), inactive);
    sf.advance_clock(Duration::from_secs(2 * 60 * 60));
    assert_eq!(introspect(&sf, &token), inactive);
    let token = client_credentials_token(&sf);
    sf.revoke_all();
    assert_eq!(introspect(&sf, &token), inactive);

    for body in [
        form(&[
            ("token", &token),
            ("client_id", ACME_APP.client_id),
            ("client_secret", "nope"),
        ]),
        form(&[("token", &token), ("client_id", ACME_APP.client_id)]),
        form(&[("token", &token)]),
    ] {
        let reply = post_form(&sf, "localhost", INTROSPECT_PATH, &[], &body);
        assert_eq!(reply.status, 401, "{}", reply.text());
        assert_eq!(reply.json()["error"], "invalid_client");
    }
}
