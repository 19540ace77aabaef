//! The username-password flow as docs/salesforce-oauth.md ("Grants", "Token answer") describes it: the success body, its
//! signature, the password + security token rules, user flags and org states.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const LOGIN: &str = "login.salesforce.com";

#[test]
fn acme_admin_with_special_characters_succeeds_and_signature_verifies() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let reply = login(
        &sf,
        &host,
        &ACME,
        &ACME_ADMIN,
        &ACME_ADMIN.password_with_token(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("application/json;charset=UTF-8")
    );

    let v = reply.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "instance_url",
            "id",
            "token_type",
            "issued_at",
            "signature",
            "api_instance_url"
        ]
    );
    let token = v["access_token"].as_str().unwrap();
    assert!(token.starts_with("00D5g000008AbCd!AQ"), "{token}");
    assert_eq!(v["instance_url"], "https://acme.my.salesforce.com");
    assert_eq!(
        v["id"],
        "https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV"
    );
    assert_eq!(v["token_type"], "Bearer");
    let issued_at = v["issued_at"].as_str().expect("issued_at is a string");
    assert!(
        issued_at.len() == 13 && issued_at.bytes().all(|b| b.is_ascii_digit()),
        "{issued_at}"
    );
    assert_eq!(v["api_instance_url"], "https://api.salesforce.com");
    let id = v["id"].as_str().unwrap();
    assert_eq!(
        v["signature"],
        expected_signature(ACME_APP.client_secret, id, issued_at)
    );

    // The special characters travelled percent-encoded and were decoded exactly.
    let recorded = &sf.requests()[0];
    let body = String::from_utf8(recorded.body.clone()).unwrap();
    assert!(
        body.contains("password=p%26ss%2Bw%3Drd+%2520+%C3%A9%F0%9F%98%80SecTok3nProd42"),
        "{body}"
    );
    assert_eq!(
        recorded.form_value("password"),
        Some("p&ss+w=rd %20 é😀SecTok3nProd42")
    );
    assert_eq!(recorded.method, "POST");
    assert!(!recorded.tls && !recorded.via_proxy);
}

#[test]
fn two_successes_get_different_tokens() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let a = login(
        &sf,
        &host,
        &ACME,
        &ACME_ADMIN,
        &ACME_ADMIN.password_with_token(),
    )
    .json();
    let b = login(
        &sf,
        &host,
        &ACME,
        &ACME_ADMIN,
        &ACME_ADMIN.password_with_token(),
    )
    .json();
    assert_ne!(a["access_token"], b["access_token"]);
}

#[test]
fn wrong_or_missing_token_is_authentication_failure() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let wrong = format!("{}WrongTok", ACME_ADMIN.password);
    login(&sf, &host, &ACME, &ACME_ADMIN, &wrong)
        .assert_error("invalid_grant", "authentication failure");
    login(&sf, &host, &ACME, &ACME_ADMIN, ACME_ADMIN.password)
        .assert_error("invalid_grant", "authentication failure");
    login(&sf, &host, &ACME, &ACME_ADMIN, "")
        .assert_error("invalid_grant", "authentication failure");
    let nobody = User {
        username: "nobody@acme.com",
        ..ACME_ADMIN
    };
    login(
        &sf,
        &host,
        &ACME,
        &nobody,
        &ACME_ADMIN.password_with_token(),
    )
    .assert_error("invalid_grant", "authentication failure");
}

#[test]
fn trusted_ip_user_accepts_bare_password_and_password_with_token() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    assert_eq!(
        login(
            &sf,
            &host,
            &ACME,
            &ACME_INTEGRATION,
            ACME_INTEGRATION.password
        )
        .status,
        200
    );
    assert_eq!(
        login(
            &sf,
            &host,
            &ACME,
            &ACME_INTEGRATION,
            &ACME_INTEGRATION.password_with_token()
        )
        .status,
        200
    );
    login(&sf, &host, &ACME, &ACME_INTEGRATION, "Integr8tion")
        .assert_error("invalid_grant", "authentication failure");
}

#[test]
fn user_flags_after_a_right_password() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let cases = [
        (ACME_FROZEN, "invalid_grant", "authentication failure"),
        (ACME_INACTIVE, "inactive_user", "user is inactive"),
        (
            ACME_IP_RESTRICTED,
            "invalid_grant",
            "IP restricted or invalid login hours",
        ),
        (
            ACME_UNASSIGNED,
            "invalid_app_access",
            "user is not admin approved to access this app",
        ),
        (
            ACME_RATE_LIMITED,
            "rate_limit_exceeded",
            "too many requests",
        ),
    ];
    for (user, error, description) in cases {
        login(&sf, &host, &ACME, &user, &user.password_with_token())
            .assert_error(error, description);
        // A wrong password says nothing about the flag.
        login(&sf, &host, &ACME, &user, "wrong")
            .assert_error("invalid_grant", "authentication failure");
    }
}

#[test]
fn blocked_and_inactive_orgs() {
    let sf = FakeSalesforce::start();
    for host in [LOGIN, NEWCO.my_domain] {
        login(
            &sf,
            host,
            &NEWCO,
            &NEWCO_ADMIN,
            &NEWCO_ADMIN.password_with_token(),
        )
        .assert_error("invalid_grant", "authentication failure");
    }
    login(
        &sf,
        LOGIN,
        &GONE,
        &GONE_ADMIN,
        &GONE_ADMIN.password_with_token(),
    )
    .assert_error("inactive_org", "organization is inactive");
    // The secret is checked before the org's state.
    let gone_wrong_secret = Org {
        app: ConnectedApp {
            client_secret: "x",
            ..GONE_APP
        },
        ..GONE
    };
    login(&sf, LOGIN, &gone_wrong_secret, &GONE_ADMIN, "x")
        .assert_error("invalid_client", "invalid client credentials");
}
