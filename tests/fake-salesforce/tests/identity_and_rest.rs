//! What a token opens: the identity URL, userinfo and the REST API — and how they refuse a bad,
//! revoked or someone else's token.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

/// The path of a user's identity URL.
fn id_path(org: &Org, user: &User) -> String {
    format!("/id/{}/{}", org.org_id, user.user_id)
}

fn assert_bad_oauth_token(reply: &Reply) {
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
    assert_eq!(reply.text(), "Bad_OAuth_Token");
}

fn assert_invalid_session(reply: &Reply) {
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(
        reply.json(),
        serde_json::json!([{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}])
    );
}

#[test]
fn the_identity_url_describes_the_tokens_user() {
    let sf = FakeSalesforce::start();
    let token = password_token(&sf);
    let path = id_path(&ACME, &ACME_ADMIN);
    for host in ["login.salesforce.com", ACME.my_domain, "localhost"] {
        let reply = get_with_token(&sf, host, &path, Some(&token));
        assert_eq!(reply.status, 200, "{host}: {}", reply.text());
        let v = reply.json();
        assert_eq!(v["id"], ACME.identity_url(&ACME_ADMIN).as_str());
        assert_eq!(v["asserted_user"], true);
        assert_eq!(v["user_id"], ACME_ADMIN.user_id);
        assert_eq!(v["organization_id"], ACME.org_id);
        assert_eq!(v["username"], "admin@acme.com");
        assert_eq!(v["nick_name"], "admin");
        assert_eq!(v["display_name"], "Ada Admin");
        assert_eq!(v["email"], "admin@acme.com");
        assert_eq!(v["active"], true);
        assert_eq!(v["user_type"], "STANDARD");
        assert_eq!(v["language"], "en_US");
        assert_eq!(v["locale"], "en_US");
        assert!(v["utcOffset"].is_i64());
        assert_eq!(
            v["urls"]["rest"],
            "https://acme.my.salesforce.com/services/data/v{version}/"
        );
    }
    let reply = get_with_token(&sf, "localhost", &path, Some(&token));
    assert_eq!(
        sf.requests().last().unwrap().header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn the_identity_url_refuses_bad_tokens_and_other_users() {
    let sf = FakeSalesforce::start();
    let token = password_token(&sf);
    let path = id_path(&ACME, &ACME_ADMIN);
    assert_bad_oauth_token(&get_with_token(&sf, "localhost", &path, None));
    assert_bad_oauth_token(&get_with_token(
        &sf,
        "localhost",
        &path,
        Some("00D5g000008AbCd!AQnope"),
    ));
    assert_bad_oauth_token(&get_with_token(
        &sf,
        "localhost",
        &id_path(&ACME, &ACME_INTEGRATION),
        Some(&token),
    ));
    assert_bad_oauth_token(&get_with_token(
        &sf,
        "localhost",
        &id_path(&NEWCO, &ACME_ADMIN),
        Some(&token),
    ));
    // acme's token on the sandbox login host or newco's My Domain.
    assert_bad_oauth_token(&get_with_token(
        &sf,
        "test.salesforce.com",
        &path,
        Some(&token),
    ));
    assert_bad_oauth_token(&get_with_token(&sf, NEWCO.my_domain, &path, Some(&token)));
    // A refresh token is not an access token.
    let code = pkce_code(&sf, "api refresh_token");
    let pair = post_token(&sf, "localhost", &exchange_form(&code, CALLBACK, VERIFIER)).json();
    let refresh = pair["refresh_token"].as_str().unwrap();
    assert_bad_oauth_token(&get_with_token(&sf, "localhost", &path, Some(refresh)));

    // Revoked.
    let post = post_form(
        &sf,
        "localhost",
        "/services/oauth2/revoke",
        &[],
        &form(&[("token", &token)]),
    );
    assert_eq!(post.status, 200);
    assert_bad_oauth_token(&get_with_token(&sf, "localhost", &path, Some(&token)));
}

#[test]
fn userinfo() {
    let sf = FakeSalesforce::start();
    let token = client_credentials_token(&sf);
    let reply = get_with_token(
        &sf,
        ACME.my_domain,
        "/services/oauth2/userinfo",
        Some(&token),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["sub"], ACME.identity_url(&ACME_INTEGRATION).as_str());
    assert_eq!(v["user_id"], ACME_INTEGRATION.user_id);
    assert_eq!(v["organization_id"], ACME.org_id);
    assert_eq!(v["preferred_username"], "integration@acme.com");
    assert_eq!(v["nickname"], "integration");
    assert_eq!(v["name"], "Integration User");
    assert_eq!(v["email"], "integration@acme.com");
    assert_eq!(v["email_verified"], true);

    sf.revoke_all();
    assert_bad_oauth_token(&get_with_token(
        &sf,
        ACME.my_domain,
        "/services/oauth2/userinfo",
        Some(&token),
    ));
    assert_bad_oauth_token(&get_with_token(
        &sf,
        ACME.my_domain,
        "/services/oauth2/userinfo",
        None,
    ));
}

#[test]
fn api_versions_need_no_token() {
    let sf = FakeSalesforce::start();
    for path in ["/services/data/", "/services/data"] {
        let reply = get_with_token(&sf, ACME.my_domain, path, None);
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-type"),
            Some("application/json;charset=UTF-8")
        );
        assert_eq!(
            reply.json(),
            serde_json::json!([
                {"label": "Summer '25", "url": "/services/data/v64.0", "version": "64.0"},
                {"label": "Winter '26", "url": "/services/data/v65.0", "version": "65.0"},
                {"label": "Spring '26", "url": "/services/data/v66.0", "version": "66.0"}
            ])
        );
    }
}

#[test]
fn the_rest_api_takes_live_tokens_only() {
    let sf = FakeSalesforce::start();
    let token = client_credentials_token(&sf);
    let reply = get_with_token(&sf, ACME.my_domain, "/services/data/v66.0/", Some(&token));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["sobjects"], "/services/data/v66.0/sobjects");
    assert_eq!(v["identity"], ACME.identity_url(&ACME_INTEGRATION).as_str());
    assert_eq!(
        get_with_token(&sf, "localhost", "/services/data/v64.0", Some(&token)).status,
        200
    );

    let not_found = get_with_token(&sf, "localhost", "/services/data/v99.0/", Some(&token));
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.json()[0]["errorCode"], "NOT_FOUND");

    assert_invalid_session(&get_with_token(
        &sf,
        "localhost",
        "/services/data/v66.0/",
        None,
    ));
    assert_invalid_session(&get_with_token(
        &sf,
        "localhost",
        "/services/data/v66.0/",
        Some("nope"),
    ));
    assert_invalid_session(&get_with_token(
        &sf,
        NEWCO.my_domain,
        "/services/data/v66.0/",
        Some(&token),
    ));
    let revoked = post_form(
        &sf,
        "localhost",
        "/services/oauth2/revoke",
        &[],
        &form(&[("token", &token)]),
    );
    assert_eq!(revoked.status, 200);
    assert_invalid_session(&get_with_token(
        &sf,
        "localhost",
        "/services/data/v66.0/",
        Some(&token),
    ));
    sf.advance_clock(std::time::Duration::from_secs(7200));
    let expired = client_credentials_token(&sf);
    assert_eq!(
        get_with_token(&sf, "localhost", "/services/data/v66.0/", Some(&expired)).status,
        200
    );
    sf.advance_clock(std::time::Duration::from_secs(7200));
    assert_invalid_session(&get_with_token(
        &sf,
        "localhost",
        "/services/data/v66.0/",
        Some(&expired),
    ));
}
