//! The password grant end to end against the fake Salesforce: the right host is called with
//! Postman's body, and the answer comes back typed and signature-checked.

mod common;

use common::*;
use fake_salesforce::fixtures::{
    ACME, ACME_ADMIN, ACME_APP, ACME_DEV, ACME_DEV_ADMIN, ACME_DEV_APP, ACME_INTEGRATION,
};
use fake_salesforce::FakeSalesforce;
use sftoken_core::{ExposeSecret, LoginTarget, SignatureVerdict};

#[test]
fn production_login_goes_to_login_salesforce_com_with_postmans_body() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let before = chrono::Utc::now();
    let outcome = runtime()
        .block_on(client.request_token(&LoginTarget::Production, &g))
        .unwrap();

    let requests = sf.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        r.connect_authority.as_deref(),
        Some("login.salesforce.com:443")
    );
    assert!(r.tls && r.via_proxy);
    assert_eq!(
        (r.method.as_str(), r.host.as_str(), r.path.as_str()),
        ("POST", "login.salesforce.com", "/services/oauth2/token")
    );
    assert_eq!(r.query, None, "nothing in the query string");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    let keys: Vec<&str> = r.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "grant_type",
            "client_id",
            "client_secret",
            "username",
            "password"
        ]
    );
    assert_eq!(
        r.form_value("password"),
        Some(ACME_ADMIN.password_with_token().as_str()),
        "special characters arrive intact"
    );

    let t = &outcome.response;
    assert_eq!(outcome.status, 200);
    assert_eq!(
        t.instance_url.as_deref(),
        Some(ACME.instance_url().as_str())
    );
    let id = t.identity.as_ref().unwrap();
    assert_eq!(
        (id.org_id.as_str(), id.user_id.as_str()),
        (ACME.org_id, ACME_ADMIN.user_id)
    );
    assert!(t
        .access_token()
        .expose_secret()
        .starts_with(ACME.org_id_15()));
    assert_eq!(t.token_type.as_deref(), Some("Bearer"));
    let issued = t.issued_at.unwrap();
    assert!(issued >= before - chrono::Duration::seconds(1) && issued <= chrono::Utc::now());
    assert_eq!(outcome.signature, SignatureVerdict::Verified);
    assert_eq!(
        t.field("api_instance_url").as_deref(),
        Some("https://api.salesforce.com"),
        "unknown fields are kept"
    );
}

#[test]
fn sandbox_login_goes_to_test_salesforce_com() {
    let sf = FakeSalesforce::start();
    let g = grant(
        ACME_DEV_APP.client_id,
        ACME_DEV_APP.client_secret,
        &ACME_DEV_ADMIN,
        Some(ACME_DEV_ADMIN.security_token),
    );
    let outcome = runtime()
        .block_on(client_via_proxy(&sf).request_token(&LoginTarget::Sandbox, &g))
        .unwrap();
    assert_eq!(sf.requests()[0].host, "test.salesforce.com");
    assert_eq!(
        outcome.response.identity.clone().unwrap().org_id,
        ACME_DEV.org_id
    );
    assert!(outcome
        .response
        .id_raw()
        .unwrap()
        .starts_with("https://test.salesforce.com/id/"));
    assert_eq!(outcome.signature, SignatureVerdict::Verified);
}

#[test]
fn my_domain_login_goes_to_the_org_host() {
    let sf = FakeSalesforce::start();
    let target: LoginTarget = "acme".parse().unwrap();
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let outcome = runtime()
        .block_on(client_via_proxy(&sf).request_token(&target, &g))
        .unwrap();
    assert_eq!(sf.requests()[0].host, "acme.my.salesforce.com");
    assert_eq!(
        outcome.response.identity.clone().unwrap().user_id,
        ACME_ADMIN.user_id
    );
}

#[test]
fn a_loopback_my_domain_works_over_https_and_plain_http() {
    let sf = FakeSalesforce::start();
    let client = direct_client(&sf, std::time::Duration::from_secs(5));
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let rt = runtime();
    rt.block_on(client.request_token(&my_domain(&sf), &g))
        .unwrap();
    let plain: LoginTarget = sf.http_url().parse().unwrap();
    rt.block_on(client.request_token(&plain, &g)).unwrap();
    let requests = sf.requests();
    assert!(requests[0].tls && !requests[1].tls);
}

#[test]
fn a_trusted_ip_user_logs_in_without_a_security_token() {
    let sf = FakeSalesforce::start();
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_INTEGRATION,
        None,
    );
    let outcome = runtime()
        .block_on(client_via_proxy(&sf).request_token(&LoginTarget::Production, &g))
        .unwrap();
    assert_eq!(
        sf.requests()[0].form_value("password"),
        Some(ACME_INTEGRATION.password)
    );
    assert_eq!(
        outcome.response.identity.clone().unwrap().user_id,
        ACME_INTEGRATION.user_id
    );
}

#[test]
fn a_second_request_reuses_the_connection() {
    let sf = FakeSalesforce::start();
    let client = direct_client(&sf, std::time::Duration::from_secs(5));
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let rt = runtime();
    rt.block_on(client.request_token(&my_domain(&sf), &g))
        .unwrap();
    rt.block_on(client.clone().request_token(&my_domain(&sf), &g))
        .unwrap();
    let requests = sf.requests();
    assert_eq!(requests[0].connection_id, requests[1].connection_id);
}

#[test]
fn a_signature_that_does_not_match_is_reported_not_fatal() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(fake_salesforce::Fault::BadSignature));
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_ADMIN,
        Some(ACME_ADMIN.security_token),
    );
    let outcome = runtime()
        .block_on(client_via_proxy(&sf).request_token(&LoginTarget::Production, &g))
        .unwrap();
    assert_eq!(outcome.signature, SignatureVerdict::Mismatch);
}
