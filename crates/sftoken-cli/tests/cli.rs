//! Runs the real `sftoken` binary against the fake Salesforce over HTTPS, the way a script would:
//! secrets in the environment or on stdin, the generic hosts reached through HTTPS_PROXY, the fake's
//! CA trusted through SSL_CERT_FILE.

mod common;

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::{FakeSalesforce, Fault};

const ACME_SECRETS: [&str; 3] = [
    ACME_APP.client_secret,
    ACME_ADMIN.password,
    ACME_ADMIN.security_token,
];

#[test]
fn token_for_production_prints_who_where_the_token_and_the_verdict() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--target", "production"]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = &done.stdout;
    assert!(
        out.starts_with(&format!(
            "{} · org {} · user {}",
            ACME_ADMIN.username, ACME.org_id, ACME_ADMIN.user_id
        )),
        "{out}"
    );
    assert!(out.contains(&format!("instance_url  {}", ACME.instance_url())));
    assert!(out.contains(&format!("access_token  {}!", ACME.org_id_15())));
    assert!(out.contains("signature     verified"));
    assert!(out.contains("issued_at     20"), "{out}");
    assert!(
        done.stderr.contains("2027-02-20"),
        "the retirement of the flow is announced: {}",
        done.stderr
    );
    let r = &sf.requests()[0];
    assert_eq!(
        (r.host.as_str(), r.connect_authority.as_deref()),
        ("login.salesforce.com", Some("login.salesforce.com:443"))
    );
    done.assert_no_secrets_on_stderr(&ACME_SECRETS);
}

#[test]
fn target_sandbox_logs_in_on_test_salesforce_com() {
    let sf = FakeSalesforce::start();
    let done = Run::new(
        &sf,
        &[
            "token",
            "-t",
            "sandbox",
            "--client-id",
            ACME_DEV_APP.client_id,
            "-u",
            ACME_DEV_ADMIN.username,
            "--field",
            "org_id",
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_DEV_APP.client_secret)
    .env("SFTOKEN_PASSWORD", ACME_DEV_ADMIN.password)
    .env("SFTOKEN_SECURITY_TOKEN", ACME_DEV_ADMIN.security_token)
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout, format!("{}\n", ACME_DEV.org_id));
    assert_eq!(sf.requests()[0].host, "test.salesforce.com");
}

#[test]
fn a_my_domain_url_with_json_prints_the_whole_answer() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--target", &sf.https_url(), "--json"])
        .without_env("HTTPS_PROXY")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    for key in [
        "access_token",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
        "signature",
        "api_instance_url",
    ] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
    assert!(!sf.requests()[0].via_proxy);
    assert!(
        done.stderr.is_empty(),
        "--json keeps stderr quiet: {}",
        done.stderr
    );
}

#[test]
fn field_access_token_prints_the_token_alone_for_scripts() {
    let sf = FakeSalesforce::start();
    let summary = Run::acme_admin(&sf, &["--target", "acme.my.salesforce.com"]).run();
    let token_line = summary
        .stdout
        .lines()
        .find(|l| l.starts_with("access_token"))
        .unwrap();
    assert!(token_line.len() > 40);
    let done = Run::acme_admin(&sf, &["--target", "acme", "--field", "access_token"]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let token = done.stdout.strip_suffix('\n').unwrap();
    assert!(token.starts_with(ACME.org_id_15()) && !token.contains(char::is_whitespace));
    assert!(done.stderr.is_empty(), "{}", done.stderr);
    assert!(sf
        .requests()
        .iter()
        .all(|r| r.host == "acme.my.salesforce.com"));
}

#[test]
fn an_unknown_field_is_a_usage_error_listing_the_fields() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--field", "refresh_token"]).run();
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("no field \"refresh_token\"") && done.stderr.contains("instance_url"),
        "{}",
        done.stderr
    );
    assert!(done.stdout.is_empty());
}

#[test]
fn password_stdin_carries_any_character_intact() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--password-stdin"])
        .without_env("SFTOKEN_PASSWORD")
        .stdin(&format!("{}\n", ACME_ADMIN.password))
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(
        sf.requests()[0].form_value("password"),
        Some(ACME_ADMIN.password_with_token().as_str())
    );
}

#[test]
fn a_trusted_ip_user_needs_no_security_token() {
    let sf = FakeSalesforce::start();
    let done = Run::new(
        &sf,
        &[
            "token",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_INTEGRATION.username,
            "--field",
            "user_id",
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
    .env("SFTOKEN_PASSWORD", ACME_INTEGRATION.password)
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), ACME_INTEGRATION.user_id);
}

#[test]
fn a_refused_login_exits_3_with_salesforces_words_and_the_likely_causes() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &[])
        .env("SFTOKEN_SECURITY_TOKEN", "StaleToken0")
        .run();
    assert_eq!(done.code, 3);
    let err = &done.stderr;
    assert!(
        err.contains("invalid_grant: authentication failure (HTTP 400)"),
        "{err}"
    );
    assert!(err.contains("Likely causes, most likely first:"));
    let causes: Vec<&str> = err
        .lines()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(causes[0].contains("security token"), "{err}");
    assert!(err.contains("Allow OAuth Username-Password Flows") && err.contains("Login History"));
    assert!(done.stdout.is_empty());
    done.assert_no_secrets_on_stderr(&[ACME_APP.client_secret, ACME_ADMIN.password, "StaleToken0"]);
}

#[test]
fn a_broken_answer_exits_4_with_a_plain_explanation() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Unavailable503 {
        retry_after_secs: 300,
    }));
    let done = Run::acme_admin(&sf, &[]).run();
    assert_eq!(done.code, 4);
    assert!(
        done.stderr.contains("HTTP 503") && done.stderr.contains("after 300 s"),
        "{}",
        done.stderr
    );
    done.assert_no_secrets_on_stderr(&ACME_SECRETS);
}

#[test]
fn a_hanging_server_exits_4_after_the_timeout() {
    let sf = FakeSalesforce::start();
    sf.set_fault(Some(Fault::Hang));
    let done = Run::acme_admin(&sf, &["--timeout", "0.5"]).run();
    assert_eq!(done.code, 4);
    assert!(
        done.stderr
            .contains("no answer from login.salesforce.com within 0.5 s"),
        "{}",
        done.stderr
    );
}

#[test]
fn an_untrusted_certificate_exits_4_and_sends_nothing() {
    let sf = FakeSalesforce::start();
    let other = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(other.path(), fake_salesforce::unrelated_ca_pem()).unwrap();
    let done = Run::acme_admin(&sf, &[])
        .env("SSL_CERT_FILE", &other.path().display().to_string())
        .run();
    assert_eq!(done.code, 4, "{}", done.stderr);
    assert!(
        done.stderr.contains("TLS") && done.stderr.contains("not trusted"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

#[test]
fn a_lightning_url_is_refused_with_the_my_domain_suggested() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--target", "https://acme.lightning.force.com"]).run();
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("use https://acme.my.salesforce.com"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

#[test]
fn a_missing_secret_without_a_terminal_says_which_variable_to_set() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &[])
        .without_env("SFTOKEN_CLIENT_SECRET")
        .run();
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("SFTOKEN_CLIENT_SECRET"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

#[test]
fn every_missing_field_is_named_with_where_to_set_it_on_the_command_line() {
    let sf = FakeSalesforce::start();
    let done = Run::new(&sf, &["token", "--target", "sandbox"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    let err = &done.stderr;
    for (field, remedy) in [
        ("client_id", "--client-id"),
        ("client_secret", "SFTOKEN_CLIENT_SECRET"),
        ("username", "--username"),
        ("password", "--password-stdin"),
    ] {
        let at = err
            .find(&format!("error: {field}: "))
            .unwrap_or_else(|| panic!("{field} is not named: {err}"));
        let next_line = err[at..].lines().nth(1).unwrap_or_default();
        assert!(
            next_line.contains(remedy),
            "{field}: {next_line:?} in {err}"
        );
    }
    assert!(
        !err.contains("security_token"),
        "the security token may be empty: {err}"
    );
    assert!(sf.requests().is_empty());
}

#[test]
fn an_unknown_grant_is_a_usage_error_that_lists_the_grants() {
    let sf = FakeSalesforce::start();
    let done = Run::acme_admin(&sf, &["--grant", "saml"]).run();
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("error: grant_type: \"saml\" is not a grant sftoken knows")
            && done
                .stderr
                .contains("password, client-credentials, jwt, web or refresh"),
        "{}",
        done.stderr
    );
    assert!(sf.requests().is_empty());
}

#[test]
fn stray_spaces_around_a_secret_are_warned_about_without_showing_it() {
    let sf = FakeSalesforce::start();
    let padded = format!("{} ", ACME_APP.client_secret);
    let done = Run::acme_admin(&sf, &[])
        .env("SFTOKEN_CLIENT_SECRET", &padded)
        .run();
    assert!(
        done.stderr
            .contains("warning: client_secret: Starts or ends with a space: sent as is"),
        "{}",
        done.stderr
    );
    assert_eq!(
        sf.requests()[0].form_value("client_secret"),
        Some(padded.as_str()),
        "sent as is"
    );
    done.assert_no_secrets_on_stderr(&ACME_SECRETS);
}

#[test]
fn debug_logs_and_the_request_line_never_carry_a_secret() {
    let sf = FakeSalesforce::start();
    let ok = Run::acme_admin(&sf, &["--field", "instance_url"])
        .env("SFTOKEN_LOG", "trace")
        .run();
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        ok.stderr.contains("token request"),
        "debug logging is on: {}",
        ok.stderr
    );
    let refused = Run::acme_admin(&sf, &[])
        .env("SFTOKEN_LOG", "trace")
        .env("SFTOKEN_PASSWORD", "wrong-Pa55")
        .run();
    assert_eq!(refused.code, 3);
    for done in [&ok, &refused] {
        done.assert_no_secrets_on_stderr(&[
            ACME_APP.client_secret,
            ACME_ADMIN.password,
            ACME_ADMIN.security_token,
            "wrong-Pa55",
        ]);
    }
    for r in sf.requests() {
        let line = format!("{}?{}", r.path, r.query.unwrap_or_default());
        for s in ACME_SECRETS {
            assert!(!line.contains(s));
        }
    }
}
