//! `sftoken why`: after Salesforce refuses a profile's login, another profile of the same org
//! reads the user's Login History from the fake Salesforce (which records every attempt of a known
//! user with the status Salesforce would show) and the newest failure is explained. The failing
//! login is never retried; a helper of another org is refused before anything is sent; a helper
//! that may not read Login History exits 3; a network failure exits 4.

mod common;

use std::path::Path;

use common::{Done, Run};
use fake_salesforce::fixtures::*;
use fake_salesforce::{FakeSalesforce, Fault, User};

fn run<'a>(sf: &'a FakeSalesforce, dir: &Path, args: &[&str]) -> Run<'a> {
    Run::new(sf, args).env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
}

/// `sftoken profile add NAME FLAGS…`, with the secrets in the environment as `(variable, value)`.
fn add_profile(
    sf: &FakeSalesforce,
    dir: &Path,
    name: &str,
    flags: &[&str],
    secrets: &[(&'static str, &str)],
) {
    let mut args = vec!["profile", "add", name];
    args.extend_from_slice(flags);
    let mut add = run(sf, dir, &args);
    for (variable, value) in secrets {
        add = add.env(variable, value);
    }
    let done = add.run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}

/// A password profile of acme (My Domain) for `user`, with `password` as its password (the
/// security token as the user has it).
fn add_password_profile(sf: &FakeSalesforce, dir: &Path, name: &str, user: &User, password: &str) {
    add_profile(
        sf,
        dir,
        name,
        &[
            "--target",
            "acme",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            user.username,
        ],
        &[
            ("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret),
            ("SFTOKEN_PASSWORD", password),
            ("SFTOKEN_SECURITY_TOKEN", user.security_token),
        ],
    );
}

/// A client-credentials profile of newco (its app runs as newco's admin).
fn add_newco_cc(sf: &FakeSalesforce, dir: &Path, name: &str) {
    add_profile(
        sf,
        dir,
        name,
        &[
            "--grant",
            "client-credentials",
            "--target",
            "newco",
            "--client-id",
            NEWCO_APP.client_id,
        ],
        &[("SFTOKEN_CLIENT_SECRET", NEWCO_APP.client_secret)],
    );
}

/// One good login of the profile (its org is noted).
fn log_in(sf: &FakeSalesforce, dir: &Path, name: &str) {
    let done = run(
        sf,
        dir,
        &["token", "--profile", name, "--field", "instance_url"],
    )
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
}

/// The helper: acme's administrator, with everything right.
fn add_admin(sf: &FakeSalesforce, dir: &Path) {
    add_password_profile(sf, dir, "Acme admin", &ACME_ADMIN, ACME_ADMIN.password);
}

/// The failing login, once, as a script would have met it.
fn fail(sf: &FakeSalesforce, dir: &Path, name: &str) {
    let done = run(sf, dir, &["token", "--profile", name]).run();
    assert_eq!(done.code, 3, "the login is refused: {}", done.stderr);
    // The refusal points to the org's own answer.
    assert!(
        done.stderr.contains(&format!(
            "The org's Login History knows the real cause: sftoken why --profile {name:?} --as"
        )),
        "{}",
        done.stderr
    );
}

/// acme's admin (the helper) and a frozen user's profile, "Frozen", whose login was just refused.
fn frozen_refused() -> (FakeSalesforce, tempfile::TempDir) {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_admin(&sf, dir.path());
    add_password_profile(
        &sf,
        dir.path(),
        "Frozen",
        &ACME_FROZEN,
        ACME_FROZEN.password,
    );
    fail(&sf, dir.path(), "Frozen");
    (sf, dir)
}

fn why(sf: &FakeSalesforce, dir: &Path, args: &[&str]) -> Done {
    let mut all = vec!["why"];
    all.extend_from_slice(args);
    run(sf, dir, &all).run()
}

/// `sftoken why --profile PROFILE --as HELPER`, which must exit with `code`: what it printed.
fn answer(sf: &FakeSalesforce, dir: &Path, profile: &str, helper: &str, code: i32) -> String {
    let done = why(sf, dir, &["--profile", profile, "--as", helper]);
    assert_eq!(done.code, code, "{}\n{}", done.stdout, done.stderr);
    done.stdout
}

/// Login attempts of `user` the fake saw so far.
fn attempts_of(sf: &FakeSalesforce, user: &User) -> usize {
    sf.login_attempts()
        .iter()
        .filter(|a| a.user_id == user.user_id)
        .count()
}

#[test]
fn each_refused_login_is_explained_by_the_status_the_org_recorded() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_admin(&sf, dir.path());
    let cases: [(&str, &User, &str, &str, &str); 6] = [
        (
            "Frozen",
            &ACME_FROZEN,
            ACME_FROZEN.password,
            "User Is Frozen",
            "Unfreeze",
        ),
        (
            "Inactive",
            &ACME_INACTIVE,
            ACME_INACTIVE.password,
            "User is Inactive",
            "reactivates",
        ),
        (
            "Wrong password",
            &ACME_INTEGRATION,
            "not-the-password",
            "Invalid Password",
            "Check the password",
        ),
        (
            "Restricted",
            &ACME_IP_RESTRICTED,
            ACME_IP_RESTRICTED.password,
            "Restricted IP",
            "Login IP Ranges",
        ),
        (
            "Unassigned",
            &ACME_UNASSIGNED,
            ACME_UNASSIGNED.password,
            "Failed: OAuth app access denied",
            "Permission Sets",
        ),
        (
            "Rate limited",
            &ACME_RATE_LIMITED,
            ACME_RATE_LIMITED.password,
            "Login rate exceeded",
            "reuse tokens",
        ),
    ];
    for (name, user, password, status, fix) in cases {
        add_password_profile(&sf, dir.path(), name, user, password);
        fail(&sf, dir.path(), name);
        let before = attempts_of(&sf, user);
        let done = why(&sf, dir.path(), &["--profile", name, "--as", "Acme admin"]);
        assert_eq!(done.code, 0, "{name}: {}", done.stderr);
        assert!(
            done.stdout.contains("Salesforce refused the latest login")
                && done.stdout.contains(&format!("Cause:  {status}"))
                && done.stdout.contains(fix),
            "{name}: {}",
            done.stdout
        );
        assert!(
            done.stdout.contains("Latest attempts, newest first:"),
            "{}",
            done.stdout
        );
        assert_eq!(
            attempts_of(&sf, user),
            before,
            "{name}: the failing login is never retried"
        );
    }
}

#[test]
fn a_missing_security_token_shows_under_the_helpers_own_success() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_admin(&sf, dir.path());
    // The same user, without the token appended (the fake's client is not in a trusted range).
    add_profile(
        &sf,
        dir.path(),
        "No token",
        &common::admin_args("", &[])[1..],
        &[
            ("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret),
            ("SFTOKEN_PASSWORD", ACME_ADMIN.password),
        ],
    );
    fail(&sf, dir.path(), "No token");
    let done = why(
        &sf,
        dir.path(),
        &["--profile", "No token", "--as", "Acme admin", "--json"],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let report: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    assert_eq!(report["lookup"]["answer"], "attempts");
    assert_eq!(
        report["cause"]["status"],
        "Failed: API security token required"
    );
    assert_eq!(report["cause"]["known"], true);
    assert!(report["cause"]["fix"]
        .as_str()
        .unwrap()
        .contains("security token"));
    let rows = report["lookup"]["attempts"].as_array().unwrap();
    assert_eq!(
        rows[0]["status"], "Success",
        "the helper's own login is the newest"
    );
    assert_eq!(rows[1]["status"], "Failed: API security token required");
    assert!(report["summary"]
        .as_str()
        .unwrap()
        .starts_with("The latest login succeeded"));
    assert_eq!(report["org_id"], ACME.org_id);
    // The secrets of neither profile appear anywhere in the output.
    done.assert_no_secrets_on_stderr(&[
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        ACME_APP.client_secret,
    ]);
    for secret in [
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
        ACME_APP.client_secret,
    ] {
        assert!(!done.stdout.contains(secret));
    }
}

#[test]
fn a_locked_out_user_is_told_how_to_unlock() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_admin(&sf, dir.path());
    add_password_profile(
        &sf,
        dir.path(),
        "Integration",
        &ACME_INTEGRATION,
        "an-old-password",
    );
    // A script that kept retrying: ten wrong passwords lock the user out.
    for _ in 0..11 {
        fail(&sf, dir.path(), "Integration");
    }
    let said = answer(&sf, dir.path(), "Integration", "Acme admin", 0);
    assert!(
        said.contains("Cause:  Password Lockout") && said.contains("Unlock"),
        "{}",
        said
    );
}

#[test]
fn the_flow_disabled_for_the_org_leads_off_the_password_grant() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    // newco blocks the username-password flow; its client credentials run as its admin.
    add_profile(
        &sf,
        dir.path(),
        "Newco password",
        &[
            "--target",
            "newco",
            "--client-id",
            NEWCO_APP.client_id,
            "--username",
            NEWCO_ADMIN.username,
        ],
        &[
            ("SFTOKEN_CLIENT_SECRET", NEWCO_APP.client_secret),
            ("SFTOKEN_PASSWORD", NEWCO_ADMIN.password),
            ("SFTOKEN_SECURITY_TOKEN", NEWCO_ADMIN.security_token),
        ],
    );
    add_newco_cc(&sf, dir.path(), "Newco cc");
    fail(&sf, dir.path(), "Newco password");
    let said = answer(&sf, dir.path(), "Newco password", "Newco cc", 0);
    assert!(
        said.contains("Cause:  Username-Password Flow Disabled")
            && said.contains("JWT bearer")
            && said.contains("2027-02-20")
            && said.contains("Move:   sftoken migrate \"Newco password\" --to jwt"),
        "{}",
        said
    );
}

#[test]
fn no_row_for_an_unknown_username_says_the_username_is_wrong_or_of_another_org() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_admin(&sf, dir.path());
    let nobody = User {
        username: "admin@acme.com.dev",
        ..ACME_ADMIN
    };
    add_password_profile(&sf, dir.path(), "Typo", &nobody, ACME_ADMIN.password);
    fail(&sf, dir.path(), "Typo");
    let said = answer(&sf, dir.path(), "Typo", "Acme admin", 0);
    assert!(
        said.contains("No user \"admin@acme.com.dev\" in this org")
            && said.contains(".sandboxname"),
        "{}",
        said
    );
}

#[test]
fn a_helper_that_may_not_read_login_history_exits_3_and_says_what_it_needs() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_password_profile(
        &sf,
        dir.path(),
        "Frozen",
        &ACME_FROZEN,
        ACME_FROZEN.password,
    );
    add_password_profile(
        &sf,
        dir.path(),
        "Integration",
        &ACME_INTEGRATION,
        ACME_INTEGRATION.password,
    );
    fail(&sf, dir.path(), "Frozen");
    let said = answer(&sf, dir.path(), "Frozen", "Integration", 3);
    assert!(
        said.contains("may not read Login History") && said.contains("Manage Users"),
        "{}",
        said
    );
}

#[test]
fn a_helper_of_another_org_is_refused_before_anything_is_sent() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_password_profile(
        &sf,
        dir.path(),
        "Frozen",
        &ACME_FROZEN,
        ACME_FROZEN.password,
    );
    add_newco_cc(&sf, dir.path(), "Newco cc");
    sf.clear_requests();
    let done = why(
        &sf,
        dir.path(),
        &["--profile", "Frozen", "--as", "Newco cc"],
    );
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("not of the same org")
            && done.stderr.contains("newco.my.salesforce.com"),
        "{}",
        done.stderr
    );
    assert!(
        sf.requests().is_empty(),
        "nothing was sent: {:?}",
        sf.requests().len()
    );

    // Known orgs decide too: a profile that worked once (its org noted) and a helper of newco's
    // org, both on plain production hosts.
    add_profile(
        &sf,
        dir.path(),
        "Acme prod",
        &[
            "--target",
            "production",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_INTEGRATION.username,
        ],
        &[
            ("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret),
            ("SFTOKEN_PASSWORD", ACME_INTEGRATION.password),
        ],
    );
    log_in(&sf, dir.path(), "Acme prod");
    add_newco_cc(&sf, dir.path(), "Newco prod");
    log_in(&sf, dir.path(), "Newco prod");
    sf.clear_requests();
    let done = why(
        &sf,
        dir.path(),
        &["--profile", "Acme prod", "--as", "Newco prod"],
    );
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains(ACME.org_id) && done.stderr.contains(NEWCO.org_id),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty(), "nothing was sent");
}

#[test]
fn the_helper_is_remembered_and_its_token_reused() {
    let (sf, dir) = frozen_refused();
    let done = why(&sf, dir.path(), &["--profile", "Frozen"]);
    assert_eq!(done.code, 2, "no helper yet: {}", done.stderr);
    assert!(done.stderr.contains("--as"), "{}", done.stderr);
    let done = why(
        &sf,
        dir.path(),
        &["--profile", "Frozen", "--as", "Acme admin"],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let admin_logins = attempts_of(&sf, &ACME_ADMIN);
    let done = why(&sf, dir.path(), &["--profile", "Frozen"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains("asked as \"Acme admin\""),
        "{}",
        done.stdout
    );
    assert_eq!(
        attempts_of(&sf, &ACME_ADMIN),
        admin_logins,
        "the helper's kept token was reused"
    );
}

#[test]
fn a_network_failure_exits_4() {
    let (sf, dir) = frozen_refused();
    sf.set_fault(Some(Fault::DropConnection));
    answer(&sf, dir.path(), "Frozen", "Acme admin", 4);
}
