//! JWT bearer: RS256 against the app's certificate, the audience per org type, expiry, and
//! pre-authorization; the answer has no signature, issued_at or refresh token.

mod common;

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::jwt::{assertion, sign_rs256};
use fake_salesforce::{FakeSalesforce, Grant};

const GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const LOGIN_URL: &str = "https://login.salesforce.com";
const TEST_URL: &str = "https://test.salesforce.com";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn jwt_form(assertion: &str) -> String {
    form(&[("grant_type", GRANT), ("assertion", assertion)])
}

/// An assertion for acme's app with the test key, valid 3 minutes.
fn acme(user: &User, aud: &str) -> String {
    assertion(
        JWT_PRIVATE_KEY_PEM,
        ACME_APP.client_id,
        user.username,
        aud,
        now() + 180,
    )
}

#[test]
fn a_pre_authorized_user_gets_a_token_without_signature_or_issued_at() {
    let sf = FakeSalesforce::start();
    let reply = post_token(
        &sf,
        "login.salesforce.com",
        &jwt_form(&acme(&ACME_ADMIN, LOGIN_URL)),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        keys(&reply),
        [
            "access_token",
            "scope",
            "instance_url",
            "id",
            "token_type",
            "api_instance_url"
        ]
    );
    let v = reply.json();
    assert_eq!(v["id"], ACME.identity_url(&ACME_ADMIN).as_str());
    assert_eq!(v["token_type"], "Bearer");
    let token = v["access_token"].as_str().unwrap();
    assert!(sf.token_is_active(token));
    assert_eq!(sf.issued_tokens()[0].grant, Grant::JwtBearer);

    // The PKCS#1 form of the key signs the same; the My Domain URL is an audience on My Domain.
    let pkcs1 = assertion(
        JWT_RSA_PRIVATE_KEY_PEM,
        ACME_APP.client_id,
        ACME_INTEGRATION.username,
        "https://acme.my.salesforce.com",
        now() + 60,
    );
    let reply = post_token(&sf, &http_addr(&sf), &jwt_form(&pkcs1));
    assert_eq!(reply.status, 200, "{}", reply.text());

    // The sandbox app, on test.salesforce.com with the test audience.
    let dev = assertion(
        JWT_PRIVATE_KEY_PEM,
        ACME_DEV_APP.client_id,
        ACME_DEV_ADMIN.username,
        TEST_URL,
        now() + 180,
    );
    let reply = post_token(&sf, "test.salesforce.com", &jwt_form(&dev));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json()["instance_url"],
        "https://acme--dev.sandbox.my.salesforce.com"
    );
}

#[test]
fn an_assertion_signed_by_openssl_verifies() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let key = write_key_file(dir.path(), JWT_PRIVATE_KEY_PEM);
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    let claims = serde_json::json!({
        "iss": ACME_APP.client_id, "sub": ACME_ADMIN.username, "aud": LOGIN_URL, "exp": now() + 120
    });
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let input_file = dir.path().join("input");
    std::fs::write(&input_file, &input).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(&key)
        .arg(&input_file)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let jwt = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&out.stdout));
    let reply = post_token(&sf, "login.salesforce.com", &jwt_form(&jwt));
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn refusals() {
    let sf = FakeSalesforce::start();
    let host = "login.salesforce.com";
    let invalid = |a: &str| {
        post_token(&sf, host, &jwt_form(a)).assert_error("invalid_grant", "invalid assertion")
    };
    let sign =
        |key: &str, iss: &str, sub: &str, aud: &str, exp: u64| assertion(key, iss, sub, aud, exp);
    let (app, admin) = (ACME_APP.client_id, ACME_ADMIN.username);

    // Another key, expired, too far ahead (milliseconds), unknown user, malformed, missing.
    invalid(&sign(
        JWT_OTHER_PRIVATE_KEY_PEM,
        app,
        admin,
        LOGIN_URL,
        now() + 180,
    ));
    invalid(&sign(
        JWT_PRIVATE_KEY_PEM,
        app,
        admin,
        LOGIN_URL,
        now() - 10,
    ));
    invalid(&sign(
        JWT_PRIVATE_KEY_PEM,
        app,
        admin,
        LOGIN_URL,
        now() * 1000,
    ));
    invalid(&sign(
        JWT_PRIVATE_KEY_PEM,
        app,
        "nobody@acme.com",
        LOGIN_URL,
        now() + 180,
    ));
    invalid("not.a.jwt");
    invalid("");
    post_token(&sf, host, &format!("grant_type={GRANT}"))
        .assert_error("invalid_grant", "invalid assertion");
    let no_exp = sign_rs256(
        JWT_PRIVATE_KEY_PEM,
        &serde_json::json!({"iss": app, "sub": admin, "aud": LOGIN_URL}),
    )
    .unwrap();
    invalid(&no_exp);
    // A tampered payload no longer matches the signature.
    let good = acme(&ACME_ADMIN, LOGIN_URL);
    let parts: Vec<&str> = good.split('.').collect();
    let forged = serde_json::json!({"iss": app, "sub": ACME_INTEGRATION.username, "aud": LOGIN_URL, "exp": now() + 180});
    invalid(&format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(forged.to_string()),
        parts[2]
    ));

    // Wrong audience: sandbox host for production, My Domain URL on the generic host.
    for aud in [
        TEST_URL,
        "https://acme.my.salesforce.com",
        "https://login.salesforce.com/",
    ] {
        post_token(&sf, host, &jwt_form(&acme(&ACME_ADMIN, aud)))
            .assert_error("invalid_grant", "audience is invalid");
    }

    // Known but not pre-authorized users.
    for user in [ACME_UNASSIGNED, ACME_FROZEN] {
        post_token(&sf, host, &jwt_form(&acme(&user, LOGIN_URL)))
            .assert_error("invalid_grant", "user hasn't approved this consumer");
    }

    // An iss no app of this host has: the consumer key is wrong.
    post_token(
        &sf,
        host,
        &jwt_form(&sign(
            JWT_PRIVATE_KEY_PEM,
            "3MVG9NOPE",
            admin,
            LOGIN_URL,
            now() + 180,
        )),
    )
    .assert_error("invalid_client_id", "client identifier invalid");
    // newco's app has no certificate.
    post_token(
        &sf,
        host,
        &jwt_form(&sign(
            JWT_PRIVATE_KEY_PEM,
            NEWCO_APP.client_id,
            NEWCO_ADMIN.username,
            LOGIN_URL,
            now() + 180,
        )),
    )
    .assert_error("invalid_grant", "invalid assertion");
    assert!(sf.issued_tokens().is_empty());
}
