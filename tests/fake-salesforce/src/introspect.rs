//! `POST /services/oauth2/introspect` (RFC 7662 as Salesforce answers it): the app authenticates
//! (body or HTTP Basic; wrong → 401 `invalid_client`) and learns whether one of its tokens is
//! active. Active: `active, scope, client_id, username, sub, token_type, exp, iat, nbf`, without
//! `exp`/`iat`/`nbf` for username-password tokens (their expiry is the session timeout) and
//! without `exp` for refresh tokens (valid until revoked). Anything else, including another app's
//! token: `{"active":false}`.

use hyper::Response;
use serde_json::{json, Map, Value};

use crate::client_auth::{app_org, credentials};
use crate::oauth_errors as errors;
use crate::record::lock;
use crate::registry::{Grant, IssuedToken, TokenKind};
use crate::responses::{json, Body};
use crate::state::OAuthState;

pub const INTROSPECT_PATH: &str = "/services/oauth2/introspect";

pub(crate) fn handle(
    host: &str,
    form: &[(String, String)],
    authorization: Option<&str>,
    fake: &OAuthState,
) -> Response<Body> {
    let client = credentials(form, authorization);
    let org = client.as_ref().and_then(|c| {
        app_org(host, &c.id).filter(|o| c.secret.as_deref() == Some(o.app.client_secret))
    });
    let Some(org) = org else {
        return errors::INTROSPECT_INVALID_CLIENT.response();
    };
    let token = form
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let found = lock(&fake.registry)
        .active(token, fake.now())
        .filter(|t| t.client_id == org.app.client_id)
        .cloned();
    let body = match found {
        Some(t) => Value::Object(active(&t)),
        None => json!({"active": false}),
    };
    json(200, body.to_string())
}

fn active(t: &IssuedToken) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("active".into(), true.into());
    fields.insert("scope".into(), t.scope.clone().into());
    fields.insert("client_id".into(), t.client_id.into());
    fields.insert("username".into(), t.user.username.into());
    fields.insert("sub".into(), t.org.identity_url(t.user).into());
    let kind = match t.kind {
        TokenKind::Access => "access_token",
        TokenKind::Refresh => "refresh_token",
    };
    fields.insert("token_type".into(), kind.into());
    if t.grant != Grant::Password {
        if let Some(exp) = t.expires_at {
            fields.insert("exp".into(), exp.into());
        }
        fields.insert("iat".into(), t.issued_at.into());
        fields.insert("nbf".into(), t.issued_at.into());
    }
    fields
}
