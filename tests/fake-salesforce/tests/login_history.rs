//! Login History: each username-password attempt of a known user is recorded with the status
//! Salesforce would show, an unknown username with none, ten wrong passwords lock the user out.
//! (The queries that read them back, admin only, are `soql.rs`'s, with its unit tests.)

mod common;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::login_history::{status, LOCKOUT_AFTER};
use fake_salesforce::FakeSalesforce;

fn statuses(sf: &FakeSalesforce, user: &User) -> Vec<&'static str> {
    sf.login_attempts()
        .into_iter()
        .filter(|a| a.user_id == user.user_id)
        .map(|a| a.status)
        .collect()
}

#[test]
fn each_attempt_of_a_known_user_gets_its_status_and_an_unknown_one_none() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    login(&sf, &host, &ACME, &ACME_ADMIN, ACME_ADMIN.password);
    login(&sf, &host, &ACME, &ACME_ADMIN, "wrong");
    login(
        &sf,
        &host,
        &ACME,
        &ACME_ADMIN,
        &ACME_ADMIN.password_with_token(),
    );
    login(
        &sf,
        &host,
        &ACME,
        &ACME_FROZEN,
        &ACME_FROZEN.password_with_token(),
    );
    login(
        &sf,
        &host,
        &ACME,
        &ACME_INACTIVE,
        &ACME_INACTIVE.password_with_token(),
    );
    assert_eq!(
        statuses(&sf, &ACME_ADMIN),
        [
            status::TOKEN_REQUIRED,
            status::INVALID_PASSWORD,
            status::SUCCESS
        ]
    );
    assert_eq!(statuses(&sf, &ACME_FROZEN), [status::FROZEN]);
    assert_eq!(statuses(&sf, &ACME_INACTIVE), [status::INACTIVE]);
    let before = sf.login_attempts().len();
    let mut nobody = ACME_ADMIN;
    nobody.username = "nobody@acme.com";
    login(&sf, &host, &ACME, &nobody, "x");
    assert_eq!(
        sf.login_attempts().len(),
        before,
        "an unknown username leaves no row"
    );
}

#[test]
fn ten_wrong_passwords_lock_the_user_out_even_with_the_right_one() {
    let sf = FakeSalesforce::start();
    let host = http_addr(&sf);
    for _ in 0..LOCKOUT_AFTER {
        login(&sf, &host, &ACME, &ACME_INTEGRATION, "wrong");
    }
    let reply = login(
        &sf,
        &host,
        &ACME,
        &ACME_INTEGRATION,
        &ACME_INTEGRATION.password_with_token(),
    );
    assert_eq!(reply.status, 400);
    assert_eq!(
        statuses(&sf, &ACME_INTEGRATION).last(),
        Some(&status::LOCKOUT)
    );
}
