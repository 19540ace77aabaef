//! Client credentials: My Domain only, the Run As user, body or HTTP Basic, no refresh token.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::{FakeSalesforce, Grant};

fn cc_form(app: &ConnectedApp) -> String {
    form(&[
        ("grant_type", "client_credentials"),
        ("client_id", app.client_id),
        ("client_secret", app.client_secret),
    ])
}

#[test]
fn acme_my_domain_answers_for_the_run_as_user() {
    let sf = FakeSalesforce::start();
    for host in [http_addr(&sf).as_str(), ACME.my_domain, "localhost"] {
        let reply = post_token(&sf, host, &cc_form(&ACME_APP));
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
        assert_eq!(
            v["id"],
            "https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000IntegAAB"
        );
        assert_eq!(v["instance_url"], "https://acme.my.salesforce.com");
        assert_eq!(v["scope"], "api web full id openid");
        let (id, issued_at) = (v["id"].as_str().unwrap(), v["issued_at"].as_str().unwrap());
        assert_eq!(
            v["signature"],
            expected_signature(ACME_APP.client_secret, id, issued_at)
        );
        let token = v["access_token"].as_str().unwrap();
        assert!(token.starts_with("00D5g000008AbCd!AQ"));
        assert!(sf.token_is_active(token));
        assert!(fake_salesforce::was_issued(token));
    }
    let issued = sf.issued_tokens();
    assert_eq!(issued.len(), 3);
    assert!(issued
        .iter()
        .all(|t| t.grant == Grant::ClientCredentials && t.user == &ACME_INTEGRATION));
}

#[test]
fn http_basic_works_too_and_newco_runs_as_its_admin() {
    let sf = FakeSalesforce::start();
    let auth = basic(ACME_APP.client_id, ACME_APP.client_secret);
    let reply = post_form(
        &sf,
        ACME.my_domain,
        TOKEN_PATH,
        &[("Authorization", &auth)],
        "grant_type=client_credentials",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let wrong = basic(ACME_APP.client_id, "nope");
    post_form(
        &sf,
        ACME.my_domain,
        TOKEN_PATH,
        &[("Authorization", &wrong)],
        "grant_type=client_credentials",
    )
    .assert_error("invalid_client", "invalid client credentials");

    // newco blocks only the password flow.
    let newco = post_token(&sf, NEWCO.my_domain, &cc_form(&NEWCO_APP));
    assert_eq!(newco.status, 200, "{}", newco.text());
    assert_eq!(
        newco.json()["id"],
        NEWCO.identity_url(&NEWCO_ADMIN).as_str()
    );
}

#[test]
fn refusals() {
    let sf = FakeSalesforce::start();
    for host in ["login.salesforce.com", "test.salesforce.com"] {
        post_token(&sf, host, &cc_form(&ACME_APP))
            .assert_error("invalid_grant", "request not supported on this domain");
    }
    post_token(&sf, ACME_DEV.my_domain, &cc_form(&ACME_DEV_APP))
        .assert_error("invalid_grant", "no client credentials user enabled");
    post_token(&sf, ACME_DEV.my_domain, &cc_form(&ACME_APP))
        .assert_error("invalid_client_id", "client identifier invalid");
    post_token(&sf, "localhost", "grant_type=client_credentials")
        .assert_error("invalid_client_id", "client identifier invalid");
    let no_secret = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", ACME_APP.client_id),
    ]);
    post_token(&sf, "localhost", &no_secret)
        .assert_error("invalid_client", "invalid client credentials");
    post_token(&sf, GONE.my_domain, &cc_form(&GONE_APP))
        .assert_error("inactive_org", "organization is inactive");
    assert!(sf.issued_tokens().is_empty());
}
