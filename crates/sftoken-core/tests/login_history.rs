//! Asking the org why a login failed, against the fake Salesforce: an administrator's token reads
//! the user's Login History (newest first, the status Salesforce recorded); an unknown username has
//! no rows; a helper that is not an administrator may not read it; a username with a quote and a
//! backslash is escaped in the query (no user found, no malformed query).

mod common;

use common::*;
use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP, ACME_FROZEN, ACME_INTEGRATION, ACME_QUOTED};
use fake_salesforce::FakeSalesforce;
use sftoken_core::login_history::LoginLookup;
use sftoken_core::LoginTarget;

/// `user`'s token for acme's app (with their security token): the instance URL and the token.
fn token_of(
    client: &sftoken_core::TokenClient,
    rt: &tokio::runtime::Runtime,
    user: &fake_salesforce::User,
) -> (String, sftoken_core::SecretString) {
    let g = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        user,
        Some(user.security_token),
    );
    let outcome = rt
        .block_on(client.request_token(&LoginTarget::Production, &g))
        .unwrap();
    (
        outcome.response.instance_url.clone().unwrap(),
        outcome.response.access_token().clone(),
    )
}

#[test]
fn the_admin_reads_why_the_users_logins_failed_newest_first() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    // A frozen user's logins fail: the right password (refused: frozen), then a wrong one.
    for token in [Some(ACME_FROZEN.security_token), Some("wrong")] {
        let g = grant(
            ACME_APP.client_id,
            ACME_APP.client_secret,
            &ACME_FROZEN,
            token,
        );
        let got = rt.block_on(client.request_token(&LoginTarget::Production, &g));
        assert!(got.is_err(), "{:?}", got.map(|o| o.status));
    }
    let (instance, token) = token_of(&client, &rt, &ACME_ADMIN);

    let lookup = rt
        .block_on(client.login_attempts(&instance, &token, ACME_FROZEN.username))
        .unwrap();
    let LoginLookup::Attempts { user_id, attempts } = lookup else {
        panic!("no attempts: {lookup:?}");
    };
    assert_eq!(user_id, ACME_FROZEN.user_id);
    let statuses: Vec<&str> = attempts.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses, ["Invalid Password", "User Is Frozen"]);

    assert_eq!(
        rt.block_on(client.login_attempts(&instance, &token, "nobody@acme.com"))
            .unwrap(),
        LoginLookup::NoSuchUser
    );
    // The quote and the backslash travel escaped: the fake would refuse a broken literal.
    assert_eq!(
        rt.block_on(client.login_attempts(
            &instance,
            &token,
            r"o'brien\@acme.com' OR Username != '"
        ))
        .unwrap(),
        LoginLookup::NoSuchUser
    );
    let sent = sf
        .requests()
        .into_iter()
        .filter_map(|r| r.query)
        .any(|q| q.contains("o%5C%27brien%5C%5C"));
    assert!(sent, "the username went out as an escaped SOQL literal");
}

#[test]
fn a_helper_that_is_not_an_administrator_is_told_it_may_not_read_login_history() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let (instance, token) = token_of(&client, &rt, &ACME_INTEGRATION);
    let lookup = rt
        .block_on(client.login_attempts(&instance, &token, ACME_ADMIN.username))
        .unwrap();
    match lookup {
        LoginLookup::NotPermitted { message } => {
            assert!(message.starts_with("INVALID_TYPE"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_username_with_a_quote_and_a_backslash_finds_its_user() {
    let sf = FakeSalesforce::start();
    let client = client_via_proxy(&sf);
    let rt = runtime();
    let wrong = grant(
        ACME_APP.client_id,
        ACME_APP.client_secret,
        &ACME_QUOTED,
        Some("not-the-token"),
    );
    assert!(rt
        .block_on(client.request_token(&LoginTarget::Production, &wrong))
        .is_err());
    let (instance, token) = token_of(&client, &rt, &ACME_ADMIN);
    let lookup = rt
        .block_on(client.login_attempts(&instance, &token, ACME_QUOTED.username))
        .unwrap();
    let LoginLookup::Attempts { user_id, attempts } = lookup else {
        panic!("{lookup:?}");
    };
    assert_eq!(user_id, ACME_QUOTED.user_id);
    assert_eq!(attempts[0].status, "Invalid Password");
    // What went out: o\'brien\\ops@acme.com inside the quotes, percent-encoded.
    let sent = sf
        .requests()
        .into_iter()
        .filter_map(|r| r.query)
        .any(|q| q.contains("o%5C%27brien%5C%5Cops%40acme.com"));
    assert!(sent, "the username went out as an escaped SOQL literal");
}
