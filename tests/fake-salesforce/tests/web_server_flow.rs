//! The web server flow with PKCE: the authorize redirect (code, state, errors), what is recorded,
//! and the code exchange's checks.

mod common;

use std::time::Duration;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::{Authorize, FakeSalesforce, Grant, TokenKind};

#[test]
fn authorize_redirects_with_a_code_and_the_state_and_records_the_request() {
    let sf = FakeSalesforce::start();
    let challenge = challenge(VERIFIER);
    let reply = authorize(
        &sf,
        "localhost",
        &authorize_params(&[
            ("scope", "api refresh_token"),
            ("code_challenge", &challenge),
        ]),
    );
    assert_eq!(reply.status, 302);
    let location = reply.header("location").unwrap();
    assert!(
        location.starts_with("http://localhost:53682/callback?code=aPrx"),
        "{location}"
    );
    assert!(
        location.contains("%3D%3D&state=st%20ate%2B%26%2F%C3%A9"),
        "{location}"
    );
    let (base, params) = redirect_params(&reply);
    assert_eq!(base, CALLBACK);
    assert_eq!(param(&params, "state"), Some("st ate+&/é"));
    assert!(param(&params, "code").unwrap().ends_with("=="));

    let recorded = &sf.requests()[0];
    assert_eq!(recorded.method, "GET");
    assert_eq!(recorded.path, AUTHORIZE_PATH);
    let query = recorded.query.as_deref().unwrap();
    assert!(
        query.contains(&format!("code_challenge={challenge}")),
        "{query}"
    );
    assert!(!query.contains(VERIFIER));

    // Any port on localhost and 127.0.0.1, and the Salesforce CLI's callback; no state, no state.
    for uri in [
        "http://127.0.0.1:1/callback",
        "http://localhost:65535/callback",
        "http://localhost:1717/OauthRedirect",
    ] {
        let reply = authorize(
            &sf,
            "login.salesforce.com",
            &[
                ("response_type", "code"),
                ("client_id", ACME_APP.client_id),
                ("redirect_uri", uri),
            ],
        );
        let (base, params) = redirect_params(&reply);
        assert_eq!(base, uri);
        assert_eq!(param(&params, "state"), None);
    }
}

#[test]
fn a_full_exchange_with_refresh_token() {
    let sf = FakeSalesforce::start();
    let code = pkce_code(&sf, "api refresh_token");
    let reply = post_token(&sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        keys(&reply),
        [
            "access_token",
            "refresh_token",
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
    assert_eq!(v["id"], ACME.identity_url(&ACME_ADMIN).as_str());
    let (id, issued_at) = (v["id"].as_str().unwrap(), v["issued_at"].as_str().unwrap());
    assert_eq!(
        v["signature"],
        expected_signature(ACME_APP.client_secret, id, issued_at)
    );
    let refresh = v["refresh_token"].as_str().unwrap();
    assert!(refresh.starts_with("5Aep861"));
    assert!(sf.token_is_active(refresh));
    let issued = sf.issued_tokens();
    assert_eq!(issued.len(), 2);
    assert!(issued.iter().all(|t| t.grant == Grant::AuthorizationCode));
    let access = issued.iter().find(|t| t.kind == TokenKind::Access).unwrap();
    assert_eq!(access.refresh_token.as_deref(), Some(refresh));

    // The same code again: spent.
    post_token(&sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER))
        .assert_error("invalid_grant", "expired authorization code");
}

#[test]
fn refresh_token_only_with_a_refresh_scope_and_secret_is_checked_if_sent() {
    let sf = FakeSalesforce::start();
    for (scope, refresh) in [
        ("api", false),
        ("api full", false),
        ("offline_access", true),
        ("", true),
    ] {
        let code = pkce_code(&sf, scope);
        let reply = post_token(&sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER));
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(
            reply.json().get("refresh_token").is_some(),
            refresh,
            "{scope}"
        );
    }
    // No scope asked: all of the app's.
    assert_eq!(sf.issued_tokens().last().unwrap().scope, APP_SCOPES);

    let code = pkce_code(&sf, "api");
    let with_secret = |secret: &str| {
        format!(
            "{}&client_secret={secret}",
            exchange_form(&code, CALLBACK, VERIFIER)
        )
    };
    post_token(&sf, "localhost", &with_secret("nope"))
        .assert_error("invalid_client", "invalid client credentials");
    let reply = post_token(&sf, "localhost", &with_secret(ACME_APP.client_secret));
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn exchange_refusals() {
    let sf = FakeSalesforce::start();
    let code = pkce_code(&sf, "api");
    let exchange = |body: String| post_token(&sf, "localhost", &body);
    exchange(exchange_form(&code, CALLBACK, "wrong-verifier"))
        .assert_error("invalid_grant", "invalid code verifier");
    exchange(exchange_form(&code, CALLBACK, ""))
        .assert_error("invalid_grant", "invalid code verifier");
    // The challenge itself is not the verifier.
    exchange(exchange_form(&code, CALLBACK, &challenge(VERIFIER)))
        .assert_error("invalid_grant", "invalid code verifier");
    exchange(exchange_form(
        &code,
        "http://localhost:1/callback",
        VERIFIER,
    ))
    .assert_error(
        "redirect_uri_mismatch",
        "redirect_uri must match configuration",
    );
    exchange(exchange_form("aPrxnope==", CALLBACK, VERIFIER))
        .assert_error("invalid_grant", "invalid authorization code");
    exchange(exchange_form(&code, CALLBACK, VERIFIER).replace(ACME_APP.client_id, "3MVG9NOPE"))
        .assert_error("invalid_client_id", "client identifier invalid");
    // Failed attempts do not spend the code; 15 minutes do.
    sf.advance_clock(Duration::from_secs(14 * 60));
    assert_eq!(
        exchange(exchange_form(&code, CALLBACK, VERIFIER)).status,
        200
    );
    let late = pkce_code(&sf, "api");
    sf.advance_clock(Duration::from_secs(15 * 60));
    exchange(exchange_form(&late, CALLBACK, VERIFIER))
        .assert_error("invalid_grant", "expired authorization code");

    // Without PKCE the client must prove itself with the secret.
    let reply = authorize(
        &sf,
        "localhost",
        &[
            ("response_type", "code"),
            ("client_id", ACME_APP.client_id),
            ("redirect_uri", CALLBACK),
        ],
    );
    let (_, params) = redirect_params(&reply);
    let plain = param(&params, "code").unwrap();
    let no_pkce = form(&[
        ("grant_type", "authorization_code"),
        ("code", plain),
        ("client_id", ACME_APP.client_id),
        ("redirect_uri", CALLBACK),
    ]);
    exchange(no_pkce.clone()).assert_error("invalid_client", "invalid client credentials");
    let with_secret = format!("{no_pkce}&client_secret={}", ACME_APP.client_secret);
    assert_eq!(exchange(with_secret).status, 200);
}

#[test]
fn deny_choose_user_and_authorize_errors() {
    let sf = FakeSalesforce::start();
    let challenge = challenge(VERIFIER);
    let params = authorize_params(&[("code_challenge", &challenge)]);

    sf.set_authorize(Authorize::Deny);
    let (base, got) = redirect_params(&authorize(&sf, "localhost", &params));
    assert_eq!(base, CALLBACK);
    assert_eq!(param(&got, "error"), Some("access_denied"));
    assert_eq!(
        param(&got, "error_description"),
        Some("end-user denied authorization")
    );
    assert_eq!(param(&got, "state"), Some("st ate+&/é"));
    assert_eq!(param(&got, "code"), None);

    sf.set_authorize(Authorize::Approve(ACME_INTEGRATION));
    let (_, got) = redirect_params(&authorize(&sf, "localhost", &params));
    let code = param(&got, "code").unwrap();
    let reply = post_token(&sf, "localhost", &exchange_form(code, CALLBACK, VERIFIER));
    assert_eq!(
        reply.json()["id"],
        ACME.identity_url(&ACME_INTEGRATION).as_str()
    );
    sf.set_authorize(Authorize::Approve(NEWCO_ADMIN));
    let page = authorize(&sf, "localhost", &params);
    assert_eq!(page.status, 400);
    sf.set_authorize(Authorize::ApproveAsAdmin);

    // Error pages, not redirects: unknown app, unregistered or missing callback.
    let with = |name: &str, value: &str| {
        let mut p = params.clone();
        p.retain(|(k, _)| *k != name);
        p.push((name, value));
        authorize(&sf, "localhost", &p)
    };
    let page = with("client_id", "3MVG9NOPE");
    assert_eq!(page.status, 400);
    assert_eq!(page.header("content-type"), Some("text/html;charset=UTF-8"));
    assert!(page.text().contains("invalid_client_id"), "{}", page.text());
    for uri in [
        "http://localhost:1/other",
        "https://localhost:1/callback",
        "http://evil.example/callback",
        "http://localhost:x/callback",
        "http://localhost:1717/OauthRedirect/",
        "",
    ] {
        let page = with("redirect_uri", uri);
        assert_eq!(page.status, 400, "{uri}");
        assert!(page.header("location").is_none());
        assert!(
            page.text().contains("redirect_uri_mismatch"),
            "{}",
            page.text()
        );
    }
    // Errors the app is told about: redirects.
    let error_of = |reply: Reply| {
        let (_, got) = redirect_params(&reply);
        (
            param(&got, "error").unwrap().to_string(),
            param(&got, "error_description").unwrap().to_string(),
        )
    };
    assert_eq!(
        error_of(with("response_type", "token")),
        (
            "unsupported_response_type".into(),
            "response type not supported".into()
        )
    );
    assert_eq!(
        error_of(with("scope", "api chatter_api")),
        (
            "invalid_scope".into(),
            "the requested scope is not allowed".into()
        )
    );
    assert_eq!(
        error_of(with("code_challenge_method", "plain")),
        (
            "invalid_request".into(),
            "unsupported code challenge method".into()
        )
    );
}
