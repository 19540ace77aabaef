//! The username-password flow as docs/salesforce-oauth.md describes it: the success body, its
//! signature, and every error in the order Salesforce checks, per host.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const LOGIN: &str = "login.salesforce.com";
const TEST: &str = "test.salesforce.com";

fn login(sf: &FakeSalesforce, host: &str, org: &Org, user: &User, password: &str) -> Reply {
    post_token(sf, host, &password_form(org, user, password))
}

#[test]
fn acme_admin_with_special_characters_succeeds_and_signature_verifies() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let reply = login(&sf, &host, &ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json;charset=UTF-8"));

    let v = reply.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["access_token", "instance_url", "id", "token_type", "issued_at", "signature", "api_instance_url"]
    );
    let token = v["access_token"].as_str().unwrap();
    assert!(token.starts_with("00D5g000008AbCd!AQ"), "{token}");
    assert_eq!(v["instance_url"], "https://acme.my.salesforce.com");
    assert_eq!(v["id"], "https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV");
    assert_eq!(v["token_type"], "Bearer");
    let issued_at = v["issued_at"].as_str().expect("issued_at is a string");
    assert!(issued_at.len() == 13 && issued_at.bytes().all(|b| b.is_ascii_digit()), "{issued_at}");
    assert_eq!(v["api_instance_url"], "https://api.salesforce.com");
    let id = v["id"].as_str().unwrap();
    assert_eq!(v["signature"], expected_signature(ACME_APP.client_secret, id, issued_at));

    // The special characters travelled percent-encoded and were decoded exactly.
    let recorded = &sf.requests()[0];
    let body = String::from_utf8(recorded.body.clone()).unwrap();
    assert!(body.contains("password=p%26ss%2Bw%3Drd+%2520+%C3%A9%F0%9F%98%80SecTok3nProd42"), "{body}");
    assert_eq!(recorded.form_value("password"), Some("p&ss+w=rd %20 é😀SecTok3nProd42"));
    assert_eq!(recorded.method, "POST");
    assert!(!recorded.tls && !recorded.via_proxy);
}

#[test]
fn two_successes_get_different_tokens() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let a = login(&sf, &host, &ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token()).json();
    let b = login(&sf, &host, &ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token()).json();
    assert_ne!(a["access_token"], b["access_token"]);
}

#[test]
fn wrong_or_missing_token_is_authentication_failure() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let wrong = format!("{}WrongTok", ACME_ADMIN.password);
    login(&sf, &host, &ACME, &ACME_ADMIN, &wrong).assert_error("invalid_grant", "authentication failure");
    login(&sf, &host, &ACME, &ACME_ADMIN, ACME_ADMIN.password).assert_error("invalid_grant", "authentication failure");
    login(&sf, &host, &ACME, &ACME_ADMIN, "").assert_error("invalid_grant", "authentication failure");
    let nobody = User { username: "nobody@acme.com", ..ACME_ADMIN };
    login(&sf, &host, &ACME, &nobody, &ACME_ADMIN.password_with_token())
        .assert_error("invalid_grant", "authentication failure");
}

#[test]
fn trusted_ip_user_accepts_bare_password_and_password_with_token() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    assert_eq!(login(&sf, &host, &ACME, &ACME_INTEGRATION, ACME_INTEGRATION.password).status, 200);
    assert_eq!(login(&sf, &host, &ACME, &ACME_INTEGRATION, &ACME_INTEGRATION.password_with_token()).status, 200);
    login(&sf, &host, &ACME, &ACME_INTEGRATION, "Integr8tion")
        .assert_error("invalid_grant", "authentication failure");
}

#[test]
fn client_checks_come_first() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let unknown_app = Org { app: ConnectedApp { client_id: "3MVG9NOPE", ..ACME_APP }, ..ACME };
    login(&sf, &host, &unknown_app, &ACME_ADMIN, "x").assert_error("invalid_client_id", "client identifier invalid");
    let wrong_secret = Org { app: ConnectedApp { client_secret: "nope", ..ACME_APP }, ..ACME };
    login(&sf, &host, &wrong_secret, &ACME_ADMIN, &ACME_ADMIN.password_with_token())
        .assert_error("invalid_client", "invalid client credentials");
    let missing_secret = form(&[
        ("grant_type", "password"),
        ("client_id", ACME_APP.client_id),
        ("username", ACME_ADMIN.username),
        ("password", &ACME_ADMIN.password_with_token()),
    ]);
    post_token(&sf, &host, &missing_secret).assert_error("invalid_client", "invalid client credentials");
}

#[test]
fn unsupported_grant_type_for_bad_method_content_type_or_grant() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let unsupported = |r: Reply| r.assert_error("unsupported_grant_type", "grant type not supported");
    unsupported(request(&sf, "GET", &host, TOKEN_PATH, None, ""));
    unsupported(request(&sf, "GET", &host, &format!("{TOKEN_PATH}?{body}"), None, ""));
    unsupported(request(&sf, "POST", &host, TOKEN_PATH, Some("application/json"), "{\"grant_type\":\"password\"}"));
    unsupported(post_token(&sf, &host, &body.replace("grant_type=password", "grant_type=passw0rd")));
    unsupported(post_token(&sf, &host, &body.replace("grant_type=password", "grant_type=client_credentials")));
    unsupported(post_token(&sf, &host, &body.replace("grant_type=password&", "")));
    // Parameters on the content type are fine.
    let r = request(&sf, "POST", &host, TOKEN_PATH, Some("application/x-www-form-urlencoded; charset=UTF-8"), &body);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn user_flags_after_a_right_password() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let cases = [
        (ACME_FROZEN, "invalid_grant", "authentication failure"),
        (ACME_INACTIVE, "inactive_user", "user is inactive"),
        (ACME_IP_RESTRICTED, "invalid_grant", "IP restricted or invalid login hours"),
        (ACME_UNASSIGNED, "invalid_app_access", "user is not admin approved to access this app"),
        (ACME_RATE_LIMITED, "rate_limit_exceeded", "too many requests"),
    ];
    for (user, error, description) in cases {
        login(&sf, &host, &ACME, &user, &user.password_with_token()).assert_error(error, description);
        // A wrong password says nothing about the flag.
        login(&sf, &host, &ACME, &user, "wrong").assert_error("invalid_grant", "authentication failure");
    }
}

#[test]
fn blocked_and_inactive_orgs() {
    let sf = FakeSalesforce::start();
    for host in [LOGIN, NEWCO.my_domain] {
        login(&sf, host, &NEWCO, &NEWCO_ADMIN, &NEWCO_ADMIN.password_with_token())
            .assert_error("invalid_grant", "authentication failure");
    }
    login(&sf, LOGIN, &GONE, &GONE_ADMIN, &GONE_ADMIN.password_with_token())
        .assert_error("inactive_org", "organization is inactive");
    // The secret is checked before the org's state.
    let gone_wrong_secret = Org { app: ConnectedApp { client_secret: "x", ..GONE_APP }, ..GONE };
    login(&sf, LOGIN, &gone_wrong_secret, &GONE_ADMIN, "x").assert_error("invalid_client", "invalid client credentials");
}

#[test]
fn hosts_pick_the_orgs() {
    let sf = FakeSalesforce::start();
    let acme_ok = ACME_ADMIN.password_with_token();
    let dev_ok = ACME_DEV_ADMIN.password_with_token();
    assert_eq!(login(&sf, LOGIN, &ACME, &ACME_ADMIN, &acme_ok).status, 200);
    assert_eq!(login(&sf, "LOGIN.salesforce.com:443", &ACME, &ACME_ADMIN, &acme_ok).status, 200);
    assert_eq!(login(&sf, ACME.my_domain, &ACME, &ACME_ADMIN, &acme_ok).status, 200);
    assert_eq!(login(&sf, "localhost", &ACME, &ACME_ADMIN, &acme_ok).status, 200);
    let dev = login(&sf, TEST, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok);
    assert_eq!(dev.status, 200, "{}", dev.text());
    assert_eq!(dev.json()["id"], "https://test.salesforce.com/id/00D7x0000000DevEAE/0057x000000DevAAAS");
    assert_eq!(dev.json()["instance_url"], "https://acme--dev.sandbox.my.salesforce.com");
    assert_eq!(dev.json().get("api_instance_url"), None);
    assert_eq!(login(&sf, ACME_DEV.my_domain, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok).status, 200);

    let invalid_client = |r: Reply| r.assert_error("invalid_client_id", "client identifier invalid");
    invalid_client(login(&sf, TEST, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, LOGIN, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok));
    invalid_client(login(&sf, ACME_DEV.my_domain, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, NEWCO.my_domain, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, "example.com", &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, "acme.lightning.force.com", &ACME, &ACME_ADMIN, &acme_ok));

    // A production username on the sandbox host, with the sandbox app: the generic failure.
    login(&sf, TEST, &ACME_DEV, &ACME_ADMIN, &acme_ok).assert_error("invalid_grant", "authentication failure");
}

#[test]
fn unknown_path_is_an_html_404_on_any_host() {
    let sf = FakeSalesforce::start();
    for host in [LOGIN, "example.com"] {
        let r = request(&sf, "GET", host, "/services/oauth2/nope", None, "");
        assert_eq!(r.status, 404);
        assert_eq!(r.header("content-type"), Some("text/html;charset=UTF-8"));
        assert!(r.text().contains("<title>"));
    }
}
