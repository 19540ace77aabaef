//! What to do with a token once you have it: who it belongs to (identity URL + userinfo), the org's
//! latest API version (for sample calls), whether it is still active (introspection), and revoking it.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Map, Value};
use url::Url;

use crate::client::{transport, TokenClient};
use crate::error::{Error, OAuthError, Result};
use crate::excerpt::excerpt;
use crate::form_body::FormBody;
use crate::hints::HintContext;
use crate::http::{get, post_form, RawAnswer};
use crate::scrub::Scrubber;
use crate::target::LoginTarget;
use crate::transport::TransportError;

/// Who a token belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WhoAmI {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub org_id: String,
    pub user_id: String,
    /// The identity URL it was read from.
    pub identity_url: String,
}

/// An introspection answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Introspection {
    pub active: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub issued_at: Option<DateTime<Utc>>,
    pub scope: Option<String>,
    pub username: Option<String>,
}

impl Introspection {
    /// One line for the user, including why there may be no expiry.
    pub fn summary(&self) -> String {
        match (self.active, self.expires_at) {
            (false, _) => "inactive: the token is expired or revoked".into(),
            (true, Some(exp)) => format!(
                "active, expires {}",
                exp.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S %:z")
            ),
            (true, None) => format!("active; {NO_EXPIRY}"),
        }
    }
}

/// Why Salesforce tokens often carry no expiry.
pub const NO_EXPIRY: &str =
    "Salesforce access tokens carry no expiry: they last as long as the org's session timeout \
(Setup → Session Settings), counted from the last use";

/// Who a token belongs to and whether it is still good: what "Who am I" and `sftoken whoami` show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenReport {
    pub who: WhoAmI,
    /// "active, expires …", "inactive: …", or why it is unknown.
    pub expiry: String,
}

impl TokenReport {
    /// Label and value, in the order both shells show them.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let w = &self.who;
        let mut lines = vec![("username", w.username.clone())];
        if let Some(name) = &w.display_name {
            lines.push(("display_name", name.clone()));
        }
        if let Some(email) = &w.email {
            lines.push(("email", email.clone()));
        }
        lines.extend([
            ("org_id", w.org_id.clone()),
            ("user_id", w.user_id.clone()),
            ("identity", w.identity_url.clone()),
            ("token", self.expiry.clone()),
        ]);
        lines
    }
}

impl TokenClient {
    /// Who the token belongs to and, when the app's client id and secret are known, whether it is
    /// still active (introspection). A failed introspection is reported in `expiry`, not as an error.
    pub async fn describe_token(
        &self,
        target: &LoginTarget,
        token: &SecretString,
        app: Option<(&str, &SecretString)>,
    ) -> Result<TokenReport> {
        let who = self.whoami(target, token).await?;
        let expiry = match app {
            Some((client_id, secret)) => {
                match self.introspect(target, token, client_id, secret).await {
                    Ok(info) => info.summary(),
                    Err(e) => format!("unknown: introspection failed ({e})"),
                }
            }
            None => format!("unknown without the app's client id and secret; {NO_EXPIRY}"),
        };
        Ok(TokenReport { who, expiry })
    }

    /// Userinfo on the target host (its `sub` is the identity URL), then the identity URL itself.
    pub async fn whoami(&self, target: &LoginTarget, token: &SecretString) -> Result<WhoAmI> {
        let ctx = HintContext::for_target(target);
        let info = self
            .get_json(
                &target.endpoint("services/oauth2/userinfo"),
                Some(token),
                &ctx,
            )
            .await?;
        let text =
            |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let identity_url =
            text(&info, "sub").ok_or_else(|| unexpected(200, "userinfo without sub", &ctx))?;
        let url = Url::parse(&identity_url)
            .map_err(|_| unexpected(200, "userinfo sub is not a URL", &ctx))?;
        if !may_receive_token(&url, target) {
            // The token goes only where Salesforce lives: never to a host an answer names.
            return Err(unexpected(
                200,
                &format!(
                    "the identity URL's host {:?} is not a Salesforce host",
                    url.host_str().unwrap_or("")
                ),
                &ctx,
            ));
        }
        let id = self.get_json(&url, Some(token), &ctx).await?;
        Ok(WhoAmI {
            username: text(&id, "username")
                .or_else(|| text(&info, "preferred_username"))
                .unwrap_or_default(),
            display_name: text(&id, "display_name").or_else(|| text(&info, "name")),
            email: text(&id, "email").or_else(|| text(&info, "email")),
            org_id: text(&id, "organization_id")
                .or_else(|| text(&info, "organization_id"))
                .unwrap_or_default(),
            user_id: text(&id, "user_id")
                .or_else(|| text(&info, "user_id"))
                .unwrap_or_default(),
            identity_url,
        })
    }

    /// The newest version `{instance}/services/data/` lists (no token needed), e.g. `66.0`.
    pub async fn latest_api_version(&self, instance_url: &str) -> Result<String> {
        let base = Url::parse(instance_url)
            .map_err(|_| Error::Setup(format!("{instance_url:?} is not a URL")))?;
        let target = LoginTarget::MyDomain(base.clone());
        let ctx = HintContext::for_target(&target);
        let raw = get(
            &self.http,
            &self.config,
            &target.endpoint("services/data/"),
            None,
        )
        .await
        .map_err(|e| transport(e, &ctx))?;
        let versions: Vec<Value> = serde_json::from_slice(&raw.body)
            .map_err(|_| unexpected(raw.status, &excerpt(&raw.body, &[]), &ctx))?;
        versions
            .iter()
            .filter_map(|v| v.get("version").and_then(Value::as_str))
            .max_by(|a, b| version_number(a).total_cmp(&version_number(b)))
            .map(str::to_string)
            .ok_or_else(|| unexpected(raw.status, "no API versions listed", &ctx))
    }

    /// `POST /services/oauth2/introspect` (needs the client id and secret).
    pub async fn introspect(
        &self,
        target: &LoginTarget,
        token: &SecretString,
        client_id: &str,
        client_secret: &SecretString,
    ) -> Result<Introspection> {
        let ctx = HintContext::for_target(target);
        let body = FormBody::new(&[
            ("token", token.expose_secret()),
            ("token_type_hint", "access_token"),
            ("client_id", client_id.trim()),
            ("client_secret", client_secret.expose_secret()),
        ]);
        let raw = post_form(
            &self.http,
            &self.config,
            &target.endpoint("services/oauth2/introspect"),
            &body,
        )
        .await
        .map_err(|e| transport(e, &ctx))?;
        let json = json_object(
            &raw,
            &ctx,
            &[token.expose_secret(), client_secret.expose_secret()],
        )?;
        let time = |k: &str| {
            json.get(k)
                .and_then(Value::as_i64)
                .and_then(|s| DateTime::from_timestamp(s, 0))
        };
        Ok(Introspection {
            active: json.get("active").and_then(Value::as_bool).unwrap_or(false),
            expires_at: time("exp"),
            issued_at: time("iat"),
            scope: json
                .get("scope")
                .and_then(Value::as_str)
                .map(str::to_string),
            username: json
                .get("username")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }

    /// `POST /services/oauth2/revoke` for an access or refresh token (revoking a refresh token also
    /// ends the access tokens issued from it). Errors come back form-encoded.
    pub async fn revoke(&self, target: &LoginTarget, token: &SecretString) -> Result<()> {
        let ctx = HintContext::for_target(target);
        let body = FormBody::new(&[("token", token.expose_secret())]);
        let raw = post_form(
            &self.http,
            &self.config,
            &target.endpoint("services/oauth2/revoke"),
            &body,
        )
        .await
        .map_err(|e| transport(e, &ctx))?;
        if (200..300).contains(&raw.status) {
            return Ok(());
        }
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&raw.body)
            .into_owned()
            .collect();
        let scrubber = Scrubber::new(&[token.expose_secret()]);
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| scrubber.shown(v))
        };
        match get("error") {
            Some(error) => Err(rejected(
                OAuthError {
                    status: raw.status,
                    error,
                    error_description: get("error_description"),
                    error_uri: None,
                },
                &ctx,
            )),
            None => Err(json_object(&raw, &ctx, &[token.expose_secret()])
                .err()
                .unwrap_or_else(|| unexpected(raw.status, "revoke failed", &ctx))),
        }
    }

    async fn get_json(
        &self,
        url: &Url,
        token: Option<&SecretString>,
        ctx: &HintContext,
    ) -> Result<Map<String, Value>> {
        let raw = get(&self.http, &self.config, url, token)
            .await
            .map_err(|e| transport(e, ctx))?;
        json_object(
            &raw,
            ctx,
            &token.map(|t| vec![t.expose_secret()]).unwrap_or_default(),
        )
    }
}

/// A JSON object answer, or the error it stands for (403 `Bad_OAuth_Token`, 401 `INVALID_SESSION_ID`, OAuth JSON errors).
fn json_object(raw: &RawAnswer, ctx: &HintContext, secrets: &[&str]) -> Result<Map<String, Value>> {
    if raw.status == 401 || raw.status == 403 {
        let text = String::from_utf8_lossy(&raw.body);
        let code = if text.contains("INVALID_SESSION_ID") {
            "INVALID_SESSION_ID"
        } else if text.contains("Bad_OAuth_Token") {
            "Bad_OAuth_Token"
        } else {
            ""
        };
        if !code.is_empty() {
            let oauth = OAuthError {
                status: raw.status,
                error: code.into(),
                error_description: Some("the token is expired, revoked, or not valid here".into()),
                error_uri: None,
            };
            return Err(rejected(oauth, ctx));
        }
    }
    match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(m)) if (200..300).contains(&raw.status) => Ok(m),
        Ok(Value::Object(m)) if m.get("error").is_some() => {
            let scrubber = Scrubber::new(secrets);
            let t = |k: &str| m.get(k).and_then(Value::as_str).map(|v| scrubber.shown(v));
            Err(rejected(
                OAuthError {
                    status: raw.status,
                    error: t("error").unwrap_or_default(),
                    error_description: t("error_description"),
                    error_uri: None,
                },
                ctx,
            ))
        }
        _ => Err(unexpected(raw.status, &excerpt(&raw.body, secrets), ctx)),
    }
}

fn rejected(oauth: OAuthError, ctx: &HintContext) -> Error {
    let hints = crate::hints::for_oauth(&oauth, ctx);
    Error::Rejected { oauth, hints }
}

fn unexpected(status: u16, text: &str, ctx: &HintContext) -> Error {
    transport(
        TransportError::Unexpected {
            status,
            excerpt: text.to_string(),
        },
        ctx,
    )
}

/// Over https, the target's own host or Salesforce's domains; loopback only when the target itself
/// is on loopback (local tools and tests). Never a host an answer merely names.
fn may_receive_token(url: &Url, target: &LoginTarget) -> bool {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let salesforce = ["salesforce.com", "force.com", "site.com", "cloudforce.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    let base = target.base_url();
    if crate::target::is_loopback(url) {
        // Exactly the target's own loopback address: host and port.
        return crate::target::is_loopback(&base)
            && host == target.host().to_ascii_lowercase()
            && url.port_or_known_default() == base.port_or_known_default();
    }
    url.scheme() == "https" && (salesforce || host == target.host().to_ascii_lowercase())
}

fn version_number(v: &str) -> f64 {
    v.parse().unwrap_or(0.0)
}

#[cfg(test)]
mod token_destination_tests {
    use super::*;

    #[test]
    fn a_token_goes_to_salesforce_or_the_target_never_to_a_loopback_an_answer_names() {
        let prod: LoginTarget = "production".parse().unwrap();
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(may_receive_token(
            &url("https://login.salesforce.com/id/00D/005"),
            &prod
        ));
        assert!(may_receive_token(
            &url("https://acme.my.salesforce.com/services/oauth2/userinfo"),
            &prod
        ));
        assert!(!may_receive_token(
            &url("http://127.0.0.1:9/id/00D/005"),
            &prod
        ));
        assert!(!may_receive_token(&url("http://localhost/id"), &prod));
        assert!(!may_receive_token(
            &url("http://login.salesforce.com/id"),
            &prod
        ));
        assert!(!may_receive_token(&url("https://evil.example/id"), &prod));
        let local: LoginTarget = "http://127.0.0.1:8080".parse().unwrap();
        assert!(may_receive_token(
            &url("http://127.0.0.1:8080/id/00D/005"),
            &local
        ));
        assert!(!may_receive_token(&url("http://localhost:8080/id"), &local));
        assert!(
            !may_receive_token(&url("http://127.0.0.1:9999/id"), &local),
            "another port"
        );
    }
}
