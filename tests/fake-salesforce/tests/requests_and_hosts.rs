//! What is checked before any user: the request shape (method, content type, grant type), the
//! connected app's credentials, which orgs each host serves, and unknown paths.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

const LOGIN: &str = "login.salesforce.com";
const TEST: &str = "test.salesforce.com";

#[test]
fn client_checks_come_first() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let unknown_app = Org {
        app: ConnectedApp {
            client_id: "3MVG9NOPE",
            ..ACME_APP
        },
        ..ACME
    };
    login(&sf, &host, &unknown_app, &ACME_ADMIN, "x")
        .assert_error("invalid_client_id", "client identifier invalid");
    let wrong_secret = Org {
        app: ConnectedApp {
            client_secret: "nope",
            ..ACME_APP
        },
        ..ACME
    };
    login(
        &sf,
        &host,
        &wrong_secret,
        &ACME_ADMIN,
        &ACME_ADMIN.password_with_token(),
    )
    .assert_error("invalid_client", "invalid client credentials");
    let missing_secret = form(&[
        ("grant_type", "password"),
        ("client_id", ACME_APP.client_id),
        ("username", ACME_ADMIN.username),
        ("password", &ACME_ADMIN.password_with_token()),
    ]);
    post_token(&sf, &host, &missing_secret)
        .assert_error("invalid_client", "invalid client credentials");
}

#[test]
fn unsupported_grant_type_for_bad_method_content_type_or_grant() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    let body = password_form(&ACME, &ACME_ADMIN, &ACME_ADMIN.password_with_token());
    let unsupported =
        |r: Reply| r.assert_error("unsupported_grant_type", "grant type not supported");
    unsupported(request(&sf, "GET", &host, TOKEN_PATH, None, ""));
    unsupported(request(
        &sf,
        "GET",
        &host,
        &format!("{TOKEN_PATH}?{body}"),
        None,
        "",
    ));
    unsupported(request(
        &sf,
        "POST",
        &host,
        TOKEN_PATH,
        Some("application/json"),
        "{\"grant_type\":\"password\"}",
    ));
    unsupported(post_token(
        &sf,
        &host,
        &body.replace("grant_type=password", "grant_type=passw0rd"),
    ));
    unsupported(post_token(
        &sf,
        &host,
        // The implicit grant has no token request.
        &body.replace("grant_type=password", "grant_type=implicit"),
    ));
    unsupported(post_token(
        &sf,
        &host,
        &body.replace("grant_type=password&", ""),
    ));
    // Parameters on the content type are fine.
    let r = request(
        &sf,
        "POST",
        &host,
        TOKEN_PATH,
        Some("application/x-www-form-urlencoded; charset=UTF-8"),
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn hosts_pick_the_orgs() {
    let sf = FakeSalesforce::start();
    let acme_ok = ACME_ADMIN.password_with_token();
    let dev_ok = ACME_DEV_ADMIN.password_with_token();
    assert_eq!(login(&sf, LOGIN, &ACME, &ACME_ADMIN, &acme_ok).status, 200);
    assert_eq!(
        login(
            &sf,
            "LOGIN.salesforce.com:443",
            &ACME,
            &ACME_ADMIN,
            &acme_ok
        )
        .status,
        200
    );
    assert_eq!(
        login(&sf, ACME.my_domain, &ACME, &ACME_ADMIN, &acme_ok).status,
        200
    );
    assert_eq!(
        login(&sf, "localhost", &ACME, &ACME_ADMIN, &acme_ok).status,
        200
    );
    let dev = login(&sf, TEST, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok);
    assert_eq!(dev.status, 200, "{}", dev.text());
    assert_eq!(
        dev.json()["id"],
        "https://test.salesforce.com/id/00D7x0000000DevEAE/0057x000000DevAAAS"
    );
    assert_eq!(
        dev.json()["instance_url"],
        "https://acme--dev.sandbox.my.salesforce.com"
    );
    assert_eq!(dev.json().get("api_instance_url"), None);
    assert_eq!(
        login(&sf, ACME_DEV.my_domain, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok).status,
        200
    );

    let invalid_client =
        |r: Reply| r.assert_error("invalid_client_id", "client identifier invalid");
    invalid_client(login(&sf, TEST, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, LOGIN, &ACME_DEV, &ACME_DEV_ADMIN, &dev_ok));
    invalid_client(login(&sf, ACME_DEV.my_domain, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, NEWCO.my_domain, &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(&sf, "example.com", &ACME, &ACME_ADMIN, &acme_ok));
    invalid_client(login(
        &sf,
        "acme.lightning.force.com",
        &ACME,
        &ACME_ADMIN,
        &acme_ok,
    ));

    // A production username on the sandbox host, with the sandbox app: the generic failure.
    login(&sf, TEST, &ACME_DEV, &ACME_ADMIN, &acme_ok)
        .assert_error("invalid_grant", "authentication failure");
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
