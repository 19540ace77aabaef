//! A token handed to Postman: an environment file the official "Salesforce Platform APIs"
//! collection works with as is — a non-empty `name` (its scripts write to collection variables when
//! the environment has none), `_accessToken` (secret), `_endpoint` (the instance URL, no trailing
//! slash), `_userId` and `_orgId` (from the identity URL), `url` and `site` (the target), `version`
//! (the org's newest API version), `clientId` and `username`. Client secret, password and security
//! token only when asked for.

use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use crate::send::IssuedToken;
use crate::target::LoginTarget;

/// The secrets written only on request (`--with-secrets`).
pub struct ExportedSecrets<'a> {
    pub client_secret: &'a SecretString,
    pub password: &'a SecretString,
    pub security_token: &'a SecretString,
}

/// The environment as Postman's v2.1 export writes it.
pub fn environment(
    name: &str,
    issued: &IssuedToken,
    api_version: &str,
    secrets: Option<ExportedSecrets<'_>>,
) -> Value {
    let r = &issued.outcome.response;
    let (url, site) = url_and_site(&issued.target);
    let endpoint = r
        .instance_url
        .as_deref()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let (org, user) = r
        .identity
        .as_ref()
        .map(|i| (i.org_id.clone(), i.user_id.clone()))
        .unwrap_or_default();
    let mut values = vec![
        variable("url", &url, false),
        variable("site", &site, false),
        variable("version", api_version, false),
        variable("clientId", &issued.client_id, false),
        variable("username", &issued.username, false),
        variable("_accessToken", r.access_token().expose_secret(), true),
        variable("_endpoint", &endpoint, false),
        variable("_userId", &user, false),
        variable("_orgId", &org, false),
    ];
    if let Some(s) = secrets {
        for (key, secret) in [
            ("clientSecret", s.client_secret),
            ("password", s.password),
            ("secretToken", s.security_token),
        ] {
            if !secret.expose_secret().is_empty() {
                values.push(variable(key, secret.expose_secret(), true));
            }
        }
    }
    json!({
        "name": if name.trim().is_empty() { "sftoken" } else { name.trim() },
        "values": values,
        "_postman_variable_scope": "environment",
        "_postman_exported_using": concat!("sftoken/", env!("CARGO_PKG_VERSION")),
    })
}

fn variable(key: &str, value: &str, secret: bool) -> Value {
    json!({
        "key": key,
        "value": value,
        "type": if secret { "secret" } else { "default" },
        "enabled": true,
    })
}

/// The collection's `url` (scheme and host) and `site` (an Experience Cloud site's path, or "").
fn url_and_site(target: &LoginTarget) -> (String, String) {
    let base = target.base_url();
    let origin = base.origin().ascii_serialization();
    let path = base.path().trim_end_matches('/').to_string();
    (origin, path)
}

/// Said with the file when the answer had no identity URL: the collection's requests that use
/// `_userId` and `_orgId` need them.
pub fn missing_identity(issued: &IssuedToken) -> Option<&'static str> {
    issued.outcome.response.identity.is_none().then_some(
        "the answer had no id (identity URL): _userId and _orgId are empty, so the collection's requests that use them fail",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GrantKind, SignatureVerdict, TokenOutcome, TokenResponse};

    fn issued(answer: serde_json::Value) -> IssuedToken {
        let response = TokenResponse::from_json(answer.as_object().unwrap().clone()).unwrap();
        IssuedToken {
            outcome: TokenOutcome {
                response,
                signature: SignatureVerdict::Absent,
                status: 200,
                elapsed: std::time::Duration::ZERO,
                bytes: 0,
                url: "https://login.salesforce.com/services/oauth2/token"
                    .parse()
                    .unwrap(),
            },
            target: LoginTarget::Production,
            grant: GrantKind::Password,
            jwt_claims: None,
            client_id: "3MVG9x".into(),
            client_secret: None,
            username: "admin@acme.com".into(),
        }
    }

    fn value(env: &Value, key: &str) -> String {
        env["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .map(|v| v["value"].as_str().unwrap().to_string())
            .unwrap()
    }

    #[test]
    fn the_endpoint_loses_its_trailing_slash_and_ids_are_eighteen_characters() {
        let token = issued(json!({
            "access_token": "00D5g000008AbCd!AQ",
            "instance_url": "https://acme.my.salesforce.com/",
            "id": "https://login.salesforce.com/id/00D5g000008AbCd/0055g00000AbCdE",
            "token_type": "Bearer",
        }));
        let env = environment("Acme", &token, "66.0", None);
        assert_eq!(value(&env, "_endpoint"), "https://acme.my.salesforce.com");
        assert_eq!(value(&env, "_orgId"), "00D5g000008AbCdEAK");
        assert_eq!(value(&env, "_userId"), "0055g00000AbCdEAAV");
        assert_eq!(missing_identity(&token), None);
    }

    #[test]
    fn an_answer_without_an_id_is_said() {
        let token = issued(json!({
            "access_token": "00D5g000008AbCd!AQ",
            "instance_url": "https://acme.my.salesforce.com",
            "token_type": "Bearer",
        }));
        let env = environment("Acme", &token, "66.0", None);
        assert_eq!(value(&env, "_orgId"), "");
        assert!(missing_identity(&token)
            .unwrap()
            .contains("_userId and _orgId are empty"));
    }
}
