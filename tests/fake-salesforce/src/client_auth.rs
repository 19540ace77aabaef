//! Who the client says it is: `client_id`/`client_secret` in the form body or, as common clients
//! send them, in an HTTP Basic `Authorization` header (RFC 6749 §2.3.1: each half form-encoded,
//! then base64). Shared by the grants and the introspection endpoint.

use base64::Engine as _;

use crate::fixtures::{orgs_for_host, Org};
use crate::oauth_errors::{self as errors, OAuthError};

/// What a grant asks of the client secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretRule {
    /// Confidential clients only (client credentials).
    Required,
    /// Optional, but it must be right when sent (authorization code, refresh token).
    RightIfSent,
}

/// The client a grant serves, checked in Salesforce's order: an app this host knows
/// (`invalid_client_id`), its secret by `rule` (`invalid_client`), an active org (`inactive_org`).
pub(crate) fn authenticate(
    host: &str,
    form: &[(String, String)],
    authorization: Option<&str>,
    rule: SecretRule,
) -> Result<(&'static Org, ClientCredentials), OAuthError> {
    let client = credentials(form, authorization).ok_or(errors::INVALID_CLIENT_ID)?;
    let org = app_org(host, &client.id).ok_or(errors::INVALID_CLIENT_ID)?;
    let secret_ok = match (&client.secret, rule) {
        (Some(secret), _) => secret == org.app.client_secret,
        (None, SecretRule::Required) => false,
        (None, SecretRule::RightIfSent) => true,
    };
    if !secret_ok {
        return Err(errors::INVALID_CLIENT);
    }
    if !org.active {
        return Err(errors::INACTIVE_ORG);
    }
    Ok((org, client))
}

/// The client's claimed identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClientCredentials {
    pub id: String,
    pub secret: Option<String>,
}

/// The body's `client_id` (with its `client_secret`, if any), else the Basic header's pair.
pub(crate) fn credentials(
    form: &[(String, String)],
    authorization: Option<&str>,
) -> Option<ClientCredentials> {
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(id) = field("client_id") {
        return Some(ClientCredentials {
            id,
            secret: field("client_secret"),
        });
    }
    basic(authorization?)
}

/// Decodes `Basic base64(id:secret)`.
fn basic(authorization: &str) -> Option<ClientCredentials> {
    let (scheme, encoded) = authorization.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    let decode = |s: &str| -> String {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some(ClientCredentials {
        id: decode(id),
        secret: Some(decode(secret)),
    })
}

/// The org whose app has this consumer key, among the orgs `host` serves.
pub(crate) fn app_org(host: &str, client_id: &str) -> Option<&'static Org> {
    orgs_for_host(host)
        .into_iter()
        .find(|o| !client_id.is_empty() && o.app.client_id == client_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn body_first_then_basic() {
        let basic_header = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("id%2B1:s%3Acret")
        );
        let from_body = credentials(&pairs(&[("client_id", "a")]), Some(&basic_header));
        assert_eq!(
            from_body,
            Some(ClientCredentials {
                id: "a".into(),
                secret: None
            })
        );
        let from_header = credentials(&[], Some(&basic_header));
        assert_eq!(
            from_header,
            Some(ClientCredentials {
                id: "id+1".into(),
                secret: Some("s:cret".into())
            })
        );
        assert_eq!(credentials(&[], Some("Bearer x")), None);
        assert_eq!(credentials(&[], Some("Basic !!")), None);
    }
}
