//! Asking the org why a login failed: Salesforce records every refused login of a known user in
//! Login History with its real cause, where `authentication failure` names none. With a token of
//! another user of the same org (an administrator's), this finds the user by username and reads
//! their latest attempts, newest first. The username goes into the query as a SOQL string literal,
//! escaped ([`soql_literal`]), never pasted raw. It never retries the failing login.

use secrecy::SecretString;
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::client::transport;
use crate::error::{Error, Result};
use crate::hints::HintContext;
use crate::http::get;
use crate::target::LoginTarget;
use crate::TokenClient;

/// The API version the lookup uses (`User` and `LoginHistory` have been there since long before).
const API_VERSION: &str = "60.0";
/// How many attempts are read.
pub const ATTEMPTS: usize = 10;

/// `'…'` with `\` and `'` (and the control characters SOQL names) escaped.
pub fn soql_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// One row of Login History.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoginAttempt {
    pub login_time: String,
    pub status: String,
    pub login_type: String,
    pub application: String,
    pub source_ip: String,
    pub login_url: String,
}

/// What the org said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum LoginLookup {
    /// The user's latest attempts, newest first (possibly none yet).
    Attempts {
        user_id: String,
        attempts: Vec<LoginAttempt>,
    },
    /// No user by that username in this org: Salesforce records nothing for a username it does not
    /// know, so the username is wrong or belongs to another org.
    NoSuchUser,
    /// The helper may not read Login History (it takes "Manage Users", usually an administrator).
    NotPermitted { message: String },
}

impl TokenClient {
    /// The latest login attempts of `username`, asked with `token` (another user of the same org)
    /// on `instance_url`.
    pub async fn login_attempts(
        &self,
        instance_url: &str,
        token: &SecretString,
        username: &str,
    ) -> Result<LoginLookup> {
        let base = Url::parse(instance_url)
            .map_err(|_| Error::Setup(format!("{instance_url:?} is not a URL")))?;
        let target = LoginTarget::MyDomain(base);
        let user = format!(
            "SELECT Id FROM User WHERE Username = {}",
            soql_literal(username)
        );
        let (status, answer) = self.query(&target, token, &user).await?;
        if status != 200 {
            return Ok(LoginLookup::NotPermitted {
                message: rest_error(&answer),
            });
        }
        let Some(user_id) = answer["records"][0]["Id"].as_str().map(str::to_string) else {
            return Ok(LoginLookup::NoSuchUser);
        };
        let history = format!(
            "SELECT LoginTime, Status, LoginType, Application, SourceIp, LoginUrl FROM LoginHistory WHERE UserId = {} ORDER BY LoginTime DESC LIMIT {ATTEMPTS}",
            soql_literal(&user_id)
        );
        let (status, answer) = self.query(&target, token, &history).await?;
        if status != 200 {
            return Ok(LoginLookup::NotPermitted {
                message: rest_error(&answer),
            });
        }
        let text = |row: &Value, key: &str| row[key].as_str().unwrap_or_default().to_string();
        let attempts = answer["records"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| LoginAttempt {
                        login_time: readable_time(&text(row, "LoginTime")),
                        status: text(row, "Status"),
                        login_type: text(row, "LoginType"),
                        application: text(row, "Application"),
                        source_ip: text(row, "SourceIp"),
                        login_url: text(row, "LoginUrl"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(LoginLookup::Attempts { user_id, attempts })
    }

    /// `GET {instance}/services/data/vNN.0/query?q=…`: the status and the JSON answer. A 401/403
    /// (the helper's token is not good) is an error like any rejected token.
    async fn query(
        &self,
        target: &LoginTarget,
        token: &SecretString,
        soql: &str,
    ) -> Result<(u16, Value)> {
        let ctx = HintContext::for_target(target);
        let mut url = target.endpoint(&format!("services/data/v{API_VERSION}/query"));
        url.query_pairs_mut().append_pair("q", soql);
        let raw = get(&self.http, &self.config, &url, Some(token))
            .await
            .map_err(|e| transport(e, &ctx))?;
        if raw.status == 401 || raw.status == 403 {
            return Err(Error::Setup(format!(
                "the helper's token was refused ({}): sign in again with the helper profile",
                raw.status
            )));
        }
        let json = serde_json::from_slice(&raw.body).unwrap_or(Value::Null);
        Ok((raw.status, json))
    }
}

/// `2026-11-30T21:05:00.000+0000` (SOQL's datetime) as `2026-11-30 21:05:00 UTC`; anything else
/// as it came, bounded and without control characters.
fn readable_time(raw: &str) -> String {
    match chrono::DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z") {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
        Err(_) => raw.chars().filter(|c| !c.is_control()).take(40).collect(),
    }
}

/// `[{"errorCode": "INVALID_TYPE", "message": "…"}]` as one line, bounded.
fn rest_error(answer: &Value) -> String {
    let first = &answer[0];
    let text = format!(
        "{}: {}",
        first["errorCode"].as_str().unwrap_or("error"),
        first["message"].as_str().unwrap_or("no message")
    );
    text.chars().filter(|c| !c.is_control()).take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_times_read_as_utc() {
        assert_eq!(
            readable_time("2026-11-30T21:05:00.000+0000"),
            "2026-11-30 21:05:00 UTC"
        );
        assert_eq!(
            readable_time("2026-11-30T22:05:00.000+0100"),
            "2026-11-30 21:05:00 UTC"
        );
        assert_eq!(readable_time("yesterday\u{1b}"), "yesterday");
    }

    #[test]
    fn quotes_and_backslashes_are_escaped_as_soql_wants() {
        assert_eq!(soql_literal("admin@acme.com"), "'admin@acme.com'");
        assert_eq!(soql_literal(r"o'brien\x"), r"'o\'brien\\x'");
        assert_eq!(
            soql_literal("a' OR Username != '"),
            r"'a\' OR Username != \''"
        );
        assert_eq!(soql_literal("a\nb"), r"'a\nb'");
    }
}
