//! The fixtures are realistic: valid 18-character ids with their checksums, nothing shared between
//! orgs by accident, and each host serving the orgs docs/salesforce-oauth.md ("Hosts") says it serves.

use fake_salesforce::fixtures::*;

#[test]
fn every_id_is_a_valid_18_char_id() {
    for org in ORGS {
        assert!(
            org.org_id.starts_with("00D") && id18_checksum_ok(org.org_id),
            "{}",
            org.org_id
        );
        for user in org.users {
            assert!(user.user_id.starts_with("005"), "{}", user.user_id);
            assert!(id18_checksum_ok(user.user_id), "{}", user.user_id);
        }
    }
}

#[test]
fn ids_and_client_ids_are_distinct() {
    let mut ids: Vec<&str> = ORGS
        .iter()
        .flat_map(|o| o.users.iter().map(|u| u.user_id))
        .collect();
    ids.extend(ORGS.iter().map(|o| o.org_id));
    ids.extend(ORGS.iter().map(|o| o.app.client_id));
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn hosts_pick_their_orgs() {
    let names = |h: &str| orgs_for_host(h).iter().map(|o| o.name).collect::<Vec<_>>();
    assert_eq!(names("login.salesforce.com"), ["acme", "newco", "gone"]);
    assert_eq!(names("test.salesforce.com"), ["acme dev"]);
    assert_eq!(names("acme--dev.sandbox.my.salesforce.com"), ["acme dev"]);
    assert_eq!(names("localhost"), ["acme"]);
    assert!(names("example.com").is_empty());
}

#[test]
fn the_apps_policies_refer_to_their_own_users() {
    for org in ORGS {
        if let Some(run_as) = org.app.run_as {
            assert_eq!(org.user(run_as.username), Some(run_as), "{}", org.name);
        }
        for name in org.app.pre_authorized {
            assert!(org.user(name).is_some(), "{}: {name}", org.name);
        }
        for user in org.users {
            assert!(user.display_name.contains(' ') && user.email.contains('@'));
        }
        assert!(org.admin().is_some());
    }
    assert_eq!(ACME_APP.run_as, Some(&ACME_INTEGRATION));
    assert!(ACME_APP.is_pre_authorized("ADMIN@acme.com"));
    assert!(!ACME_APP.is_pre_authorized(ACME_UNASSIGNED.username));
    assert_eq!(
        (
            ACME_APP.rotate_refresh_tokens,
            ACME_DEV_APP.rotate_refresh_tokens
        ),
        (false, true)
    );
    assert_eq!(ACME_DEV_APP.run_as, None);
    assert_eq!(NEWCO_APP.run_as, Some(&NEWCO_ADMIN));
    assert_eq!(ACME_DEV_APP.jwt_certificate_pem, Some(JWT_CERTIFICATE_PEM));
}

#[test]
fn callback_urls_match_any_port_on_loopback_only() {
    for ok in [
        "http://localhost:1/callback",
        "http://127.0.0.1:65535/callback",
        "http://localhost:1717/OauthRedirect",
    ] {
        assert!(ACME_APP.accepts_callback(ok), "{ok}");
    }
    for bad in [
        "http://localhost/callback",
        "http://localhost:/callback",
        "http://localhost:123456/callback",
        "http://localhost:1/callback/",
        "http://localhost:1/callback?x=1",
        "https://localhost:1/callback",
        "http://localhost.evil:1/callback",
        "http://localhost:1718/OauthRedirect",
    ] {
        assert!(!ACME_APP.accepts_callback(bad), "{bad}");
    }
}

#[test]
fn key_files_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_key_file(dir.path(), JWT_PRIVATE_KEY_PEM);
    let b = write_key_file(dir.path(), JWT_OTHER_PRIVATE_KEY_PEM);
    assert_ne!(a, b);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), JWT_PRIVATE_KEY_PEM);
    assert!(JWT_PRIVATE_KEY_PEM.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(JWT_RSA_PRIVATE_KEY_PEM.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!(JWT_PUBLIC_KEY_PEM.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert!(JWT_CERTIFICATE_PEM.ends_with("-----END CERTIFICATE-----\n"));
}
