//! Every refusal of the password flow in the catalogue comes back as Salesforce's own words plus
//! advice for that error, and nothing shown contains a secret.

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::{FakeSalesforce, User};
use sftoken_core::{Error, LoginTarget};

struct Case {
    target: LoginTarget,
    client_id: &'static str,
    secret: &'static str,
    user: User,
    token: Option<&'static str>,
}

fn refuse(case: Case) -> (String, String, Vec<String>) {
    let sf = FakeSalesforce::start();
    let g = grant(case.client_id, case.secret, &case.user, case.token);
    let err = runtime()
        .block_on(client_via_proxy(&sf).request_token(&case.target, &g))
        .unwrap_err();
    let shown = format!("{err} {err:?} {:?}", err.hints());
    assert_no_secret_in(
        &shown,
        &[case.secret, case.user.password, case.user.security_token],
    );
    let Error::Rejected { oauth, hints } = err else {
        panic!("not a refusal: {err:?}")
    };
    assert_eq!(oauth.status, 400);
    (
        oauth.error,
        oauth.error_description.unwrap_or_default(),
        hints.iter().map(|h| h.text().to_string()).collect(),
    )
}

fn acme(user: User, token: Option<&'static str>) -> Case {
    Case {
        target: LoginTarget::Production,
        client_id: ACME_APP.client_id,
        secret: ACME_APP.client_secret,
        user,
        token,
    }
}

#[test]
fn a_missing_security_token_is_an_authentication_failure_that_names_the_token_first() {
    let (error, description, hints) = refuse(acme(ACME_ADMIN, None));
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_grant", "authentication failure")
    );
    assert!(hints[0].contains("security token"), "{hints:#?}");
    assert!(hints
        .iter()
        .any(|h| h.contains("Allow OAuth Username-Password Flows")));
    assert!(hints.iter().any(|h| h.contains("Login History")));
}

#[test]
fn a_stale_security_token_is_an_authentication_failure() {
    let (_, description, _) = refuse(acme(ACME_ADMIN, Some("OldToken123")));
    assert_eq!(description, "authentication failure");
}

#[test]
fn a_sandbox_user_sent_to_production_is_told_to_choose_sandbox_first() {
    let case = Case {
        target: LoginTarget::Production,
        client_id: ACME_DEV_APP.client_id,
        secret: ACME_DEV_APP.client_secret,
        user: ACME_DEV_ADMIN,
        token: Some(ACME_DEV_ADMIN.security_token),
    };
    let (error, _, hints) = refuse(case);
    assert!(
        error == "invalid_client_id" || error == "invalid_grant",
        "{error}"
    );
    if error == "invalid_grant" {
        assert!(hints[0].contains("choose Sandbox"), "{hints:#?}");
    }
}

#[test]
fn a_production_user_on_the_sandbox_host_fails_with_the_host_hint() {
    let case = Case {
        target: LoginTarget::Sandbox,
        client_id: ACME_DEV_APP.client_id,
        secret: ACME_DEV_APP.client_secret,
        user: ACME_ADMIN,
        token: Some(ACME_ADMIN.security_token),
    };
    let (error, description, hints) = refuse(case);
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_grant", "authentication failure")
    );
    assert!(
        hints
            .iter()
            .any(|h| h.contains("production username sent to a sandbox")),
        "{hints:#?}"
    );
}

#[test]
fn an_org_that_blocks_the_flow_fails_and_the_replacement_flows_are_named() {
    let case = Case {
        target: LoginTarget::Production,
        client_id: NEWCO_APP.client_id,
        secret: NEWCO_APP.client_secret,
        user: NEWCO_ADMIN,
        token: Some(NEWCO_ADMIN.security_token),
    };
    let (_, description, hints) = refuse(case);
    assert_eq!(description, "authentication failure");
    let blocked = hints
        .iter()
        .find(|h| h.contains("Allow OAuth Username-Password Flows"))
        .unwrap();
    assert!(
        blocked.contains("2027-02-20")
            && blocked.contains("client credentials")
            && blocked.contains("JWT bearer")
    );
}

#[test]
fn an_unknown_consumer_key_is_invalid_client_id() {
    let mut case = acme(ACME_ADMIN, Some(ACME_ADMIN.security_token));
    case.client_id = "3MVG9.not-a-real-key";
    let (error, description, hints) = refuse(case);
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_client_id", "client identifier invalid")
    );
    assert!(hints.iter().any(|h| h.contains("2–10 minutes")));
}

#[test]
fn a_wrong_consumer_secret_is_invalid_client() {
    let mut case = acme(ACME_ADMIN, Some(ACME_ADMIN.security_token));
    case.secret = "WRONG-SECRET-value";
    let (error, description, hints) = refuse(case);
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_client", "invalid client credentials")
    );
    assert!(hints[0].contains("consumer secret"));
}

#[test]
fn user_states_each_have_their_own_error_and_advice() {
    let cases = [
        (
            ACME_FROZEN,
            "invalid_grant",
            "authentication failure",
            "frozen",
        ),
        (
            ACME_INACTIVE,
            "inactive_user",
            "user is inactive",
            "deactivated",
        ),
        (
            ACME_IP_RESTRICTED,
            "invalid_grant",
            "IP restricted or invalid login hours",
            "Login IP Ranges",
        ),
        (
            ACME_UNASSIGNED,
            "invalid_app_access",
            "user is not admin approved to access this app",
            "not assigned",
        ),
        (
            ACME_RATE_LIMITED,
            "rate_limit_exceeded",
            "",
            "Too many logins",
        ),
    ];
    for (user, expected_error, expected_description, advice) in cases {
        let (error, description, hints) = refuse(acme(user, Some(user.security_token)));
        assert_eq!(error, expected_error, "{}", user.username);
        if !expected_description.is_empty() {
            assert_eq!(description, expected_description, "{}", user.username);
        }
        assert!(
            hints.iter().any(|h| h.contains(advice)),
            "{}: {hints:#?}",
            user.username
        );
    }
}

#[test]
fn an_inactive_org_is_named() {
    let case = Case {
        target: LoginTarget::Production,
        client_id: GONE_APP.client_id,
        secret: GONE_APP.client_secret,
        user: GONE_ADMIN,
        token: Some(GONE_ADMIN.security_token),
    };
    let (error, _, hints) = refuse(case);
    assert_eq!(error, "inactive_org");
    assert!(hints[0].contains("org is inactive"));
}
