//! The few records and queries the tools that use sftoken's tokens read, in Salesforce's shapes:
//! `sobjects/User/{Id}` (the Salesforce CLI reads `Username` after an access-token login), and
//! `query` / `tooling/query` for what `sf org login` asks: the `Organization` row, `ScratchOrgInfo`
//! (an org that is not a Dev Hub answers `INVALID_TYPE`) and `SandboxProcess` (none); and what a
//! "why did this login fail" lookup asks: `SELECT Id FROM User WHERE Username = '…'` (the literal
//! must be escaped as SOQL wants: `\'` and `\\`; anything after it is refused) and `LoginHistory`
//! by `UserId`, newest first — the latter only to the org's administrator, as Salesforce answers
//! `INVALID_TYPE` to users without "Manage Users". Any other query is a 400 `MALFORMED_QUERY`: the
//! fake does not pretend to run SOQL.

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
pub(crate) fn query(
    version: &str,
    q: &str,
    tooling: bool,
    token: &IssuedToken,
    history: &crate::login_history::LoginHistory,
) -> Answer {
    let soql = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let from = soql
        .to_ascii_lowercase()
        .split(" from ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next().map(str::to_string));
    match (from.as_deref(), tooling) {
        (Some("organization"), false) => (200, organization(version, token.org)),
        (Some("user"), false) => user_by_username(version, &soql, token),
        (Some("loginhistory"), false) => login_history(version, &soql, token, history),
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

/// The string literal after `field = ` in `soql`, unescaped (`\'`, `\\`, `\"`, `\n`…), and what
/// follows it; `None` when there is none or it does not end.
fn literal_after<'a>(soql: &'a str, field: &str) -> Option<(String, &'a str)> {
    let lower = soql.to_ascii_lowercase();
    let at = lower.find(&format!("{} = '", field.to_ascii_lowercase()))? + field.len() + 4;
    let mut value = String::new();
    let mut chars = soql[at..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, next) = chars.next()?;
                value.push(match next {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
            }
            '\'' => return Some((value, &soql[at + i + 1..])),
            other => value.push(other),
        }
    }
    None
}

fn malformed(why: &str) -> Answer {
    (400, error("MALFORMED_QUERY", why))
}

/// `SELECT Id FROM User WHERE Username = '…'` (Salesforce usernames are case-insensitive).
fn user_by_username(version: &str, soql: &str, token: &IssuedToken) -> Answer {
    let Some((username, rest)) = literal_after(soql, "Username") else {
        return malformed("unexpected token: the Username literal does not end");
    };
    if !rest.trim().is_empty() {
        return malformed(&format!("unexpected token: '{}'", rest.trim()));
    }
    let records: Vec<Value> = token
        .org
        .user(&username)
        .map(|u| {
            json!({
                "attributes": {"type": "User", "url": format!("/services/data/v{version}/sobjects/User/{}", u.user_id)},
                "Id": u.user_id,
            })
        })
        .into_iter()
        .collect();
    (
        200,
        json!({"totalSize": records.len(), "done": true, "records": records}),
    )
}

/// `SELECT LoginTime, Status, … FROM LoginHistory WHERE UserId = '…' ORDER BY LoginTime DESC
/// LIMIT n`: the org's administrator only.
fn login_history(
    version: &str,
    soql: &str,
    token: &IssuedToken,
    history: &crate::login_history::LoginHistory,
) -> Answer {
    if token.org.admin().map(|a| a.user_id) != Some(token.user.user_id) {
        return (
            400,
            error(
                "INVALID_TYPE",
                "sObject type 'LoginHistory' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
            ),
        );
    }
    let Some((user_id, rest)) = literal_after(soql, "UserId") else {
        return malformed("unexpected token: the UserId literal does not end");
    };
    let rest = rest.trim().to_ascii_lowercase();
    let limit = rest
        .strip_prefix("order by logintime desc")
        .map(str::trim)
        .and_then(|r| r.strip_prefix("limit"))
        .and_then(|n| n.trim().parse::<usize>().ok());
    let Some(limit) = limit else {
        return malformed(
            "the fake answers LoginHistory WHERE UserId = '…' ORDER BY LoginTime DESC LIMIT n",
        );
    };
    let records: Vec<Value> = history
        .of_user(token.org.org_id, &user_id, limit)
        .iter()
        .map(|a| crate::login_history::row(version, a))
        .collect();
    (
        200,
        json!({"totalSize": records.len(), "done": true, "records": records}),
    )
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
    use crate::fixtures::ACME_INTEGRATION;
    use crate::fixtures::{ACME, ACME_ADMIN};
    use crate::login_history::{status, LoginAttempt, LoginHistory};
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
        let history = LoginHistory::default();
        let ask =
            |v: &str, q: &str, tooling: bool, t: &IssuedToken| query(v, q, tooling, t, &history);
        let (status, body) = user("51.0", ACME_ADMIN.user_id, &token());
        assert_eq!(
            (status, body["Username"].as_str()),
            (200, Some(ACME_ADMIN.username))
        );
        let (status, _) = user("51.0", &ACME_ADMIN.user_id[..15], &token());
        assert_eq!(status, 200);
        assert_eq!(user("51.0", "005000000000000AAA", &token()).0, 404);
        let (status, body) = ask(
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
            ask(
                "51.0",
                "SELECT Id FROM ScratchOrgInfo limit 1",
                false,
                &token()
            )
            .0,
            400
        );
        assert_eq!(
            ask(
                "66.0",
                "SELECT Id FROM SandboxProcess WHERE x",
                true,
                &token()
            )
            .0,
            200
        );
        assert_eq!(
            ask("66.0", "SELECT Id FROM Account", false, &token()).0,
            400
        );
    }

    fn attempt(status: &'static str, at: u64) -> LoginAttempt {
        LoginAttempt {
            org_id: ACME.org_id,
            user_id: ACME_INTEGRATION.user_id,
            at,
            status,
            login_url: "login.salesforce.com".into(),
            application: ACME.app.client_id,
        }
    }

    #[test]
    fn a_username_literal_is_read_as_soql_escapes_it_and_nothing_after_it_is_run() {
        let history = LoginHistory::default();
        let found = query(
            "66.0",
            &format!(
                "SELECT Id FROM User WHERE Username = '{}'",
                ACME_INTEGRATION.username
            ),
            false,
            &token(),
            &history,
        );
        assert_eq!(found.1["records"][0]["Id"], ACME_INTEGRATION.user_id);
        let none = query(
            "66.0",
            r"SELECT Id FROM User WHERE Username = 'o\'brien\\x@acme.com'",
            false,
            &token(),
            &history,
        );
        assert_eq!((none.0, none.1["totalSize"].as_u64()), (200, Some(0)));
        // A quote not escaped ends the literal: what follows is refused, never run.
        let injected = query(
            "66.0",
            "SELECT Id FROM User WHERE Username = 'x' OR Username != ''",
            false,
            &token(),
            &history,
        );
        assert_eq!(injected.0, 400);
        assert_eq!(injected.1[0]["errorCode"], "MALFORMED_QUERY");
        assert_eq!(
            literal_after(r"Username = 'a\'b\\c'", "Username")
                .unwrap()
                .0,
            r"a'b\c"
        );
    }

    #[test]
    fn login_history_is_for_the_administrator_newest_first() {
        let mut history = LoginHistory::default();
        history.record(attempt(status::INVALID_PASSWORD, 100));
        history.record(attempt(status::TOKEN_REQUIRED, 200));
        let q = format!(
            "SELECT LoginTime, Status FROM LoginHistory WHERE UserId = '{}' ORDER BY LoginTime DESC LIMIT 10",
            &ACME_INTEGRATION.user_id[..15]
        );
        let (code, body) = query("66.0", &q, false, &token(), &history);
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["records"][0]["Status"], status::TOKEN_REQUIRED);
        assert_eq!(body["records"][1]["Status"], status::INVALID_PASSWORD);
        let mut not_admin = token();
        not_admin.user = &ACME_INTEGRATION;
        let (code, body) = query("66.0", &q, false, &not_admin, &history);
        assert_eq!(
            (code, body[0]["errorCode"].as_str()),
            (400, Some("INVALID_TYPE"))
        );
    }
}
