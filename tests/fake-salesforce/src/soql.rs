//! The few records and queries the tools that use sftoken's tokens read, in Salesforce's shapes:
//! `sobjects/User/{Id}` (the Salesforce CLI reads `Username` after an access-token login), and
//! `query` / `tooling/query` for what `sf org login` asks: the `Organization` row, `ScratchOrgInfo`
//! (an org that is not a Dev Hub answers `INVALID_TYPE`) and `SandboxProcess` (none). Any other
//! query is a 400 `MALFORMED_QUERY`: the fake does not pretend to run SOQL.

use serde_json::{json, Value};

use crate::fixtures::Org;
use crate::registry::IssuedToken;

/// One REST answer: status and JSON body.
pub(crate) type Answer = (u16, Value);

fn error(code: &str, message: &str) -> Value {
    json!([{ "errorCode": code, "message": message }])
}

/// `GET /services/data/vNN.0/sobjects/User/{id}`: a user of the token's org, by id.
pub(crate) fn user(version: &str, id: &str, token: &IssuedToken) -> Answer {
    let org = token.org;
    // Salesforce takes the 15- and the 18-character form of an id.
    let found = org
        .users
        .iter()
        .find(|u| u.user_id == id || (id.len() == 15 && u.user_id.starts_with(id)));
    match found {
        Some(u) => (
            200,
            json!({
                "attributes": {"type": "User", "url": format!("/services/data/v{version}/sobjects/User/{}", u.user_id)},
                "Id": u.user_id,
                "Username": u.username,
                "Name": u.display_name,
                "Email": u.email,
                "IsActive": !u.flags.inactive,
            }),
        ),
        None => (
            404,
            error("NOT_FOUND", "The requested resource does not exist"),
        ),
    }
}

/// `GET …/query?q=` (and `…/tooling/query?q=` when `tooling`).
pub(crate) fn query(version: &str, q: &str, tooling: bool, token: &IssuedToken) -> Answer {
    let soql = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let from = soql
        .to_ascii_lowercase()
        .split(" from ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next().map(str::to_string));
    match (from.as_deref(), tooling) {
        (Some("organization"), false) => (200, organization(version, token.org)),
        (Some("scratchorginfo"), false) => (
            400,
            error(
                "INVALID_TYPE",
                "sObject type 'ScratchOrgInfo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
            ),
        ),
        (Some("sandboxprocess"), true) => (
            200,
            json!({"size": 0, "totalSize": 0, "done": true, "queryLocator": null, "entityTypeName": "SandboxProcess", "records": []}),
        ),
        _ => (
            400,
            error("MALFORMED_QUERY", "the fake Salesforce does not answer this query"),
        ),
    }
}

fn organization(version: &str, org: &Org) -> Value {
    json!({
        "totalSize": 1,
        "done": true,
        "records": [{
            "attributes": {"type": "Organization", "url": format!("/services/data/v{version}/sobjects/Organization/{}", org.org_id)},
            "Name": org.name,
            "InstanceName": "NA224",
            "IsSandbox": org.sandbox,
            "TrialExpirationDate": null,
            "NamespacePrefix": null,
            "OrganizationType": "Developer Edition",
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ACME, ACME_ADMIN};
    use crate::registry::{Grant, TokenKind};

    fn token() -> IssuedToken {
        IssuedToken {
            token: "t".into(),
            kind: TokenKind::Access,
            org: &ACME,
            user: &ACME_ADMIN,
            client_id: ACME.app.client_id,
            grant: Grant::Password,
            scope: "api".into(),
            issued_at: 0,
            expires_at: None,
            refresh_token: None,
            revoked: false,
        }
    }

    #[test]
    fn users_by_either_id_form_and_queries_sf_asks() {
        let (status, body) = user("51.0", ACME_ADMIN.user_id, &token());
        assert_eq!(
            (status, body["Username"].as_str()),
            (200, Some(ACME_ADMIN.username))
        );
        let (status, _) = user("51.0", &ACME_ADMIN.user_id[..15], &token());
        assert_eq!(status, 200);
        assert_eq!(user("51.0", "005000000000000AAA", &token()).0, 404);
        let (status, body) = query(
            "66.0",
            "SELECT Name, IsSandbox FROM Organization",
            false,
            &token(),
        );
        assert_eq!(
            (status, body["records"][0]["Name"].as_str()),
            (200, Some(ACME.name))
        );
        assert_eq!(
            query(
                "51.0",
                "SELECT Id FROM ScratchOrgInfo limit 1",
                false,
                &token()
            )
            .0,
            400
        );
        assert_eq!(
            query(
                "66.0",
                "SELECT Id FROM SandboxProcess WHERE x",
                true,
                &token()
            )
            .0,
            200
        );
        assert_eq!(
            query("66.0", "SELECT Id FROM Account", false, &token()).0,
            400
        );
    }
}
