//! The fixtures are realistic: valid 18-character ids with their checksums, nothing shared between
//! orgs by accident, and each host serving the orgs docs/salesforce-oauth.md says it serves.

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
