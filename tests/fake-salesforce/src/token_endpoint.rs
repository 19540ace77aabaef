//! `POST /services/oauth2/token`: the checks Salesforce makes, in its order, and the answer.
//!
//! `handle` checks what every grant shares (POST, form body) and dispatches on `grant_type` to
//! one function per grant; adding a grant is one match arm and one module: `password` here,
//! `client_credentials`, [`crate::jwt_bearer`], `authorization_code` and `refresh`. The outcome
//! stays a value (`TokenOutcome`) until the end so that faults can reshape a success (truncate it,
//! pad it) before it is sent.

use hyper::Response;
use serde_json::{Map, Value};

use crate::client_auth::app_org;
use crate::fixtures::{Org, User};
use crate::issue::Issue;
use crate::login_history::{status, LoginAttempt, LOCKOUT_AFTER};
use crate::oauth_errors::{self as errors, OAuthError};
use crate::record::{is_form_content_type, lock};
use crate::registry::Grant;
use crate::responses::{json, Body};
use crate::state::OAuthState;
use crate::{authorization_code, client_credentials, jwt_bearer, refresh, scopes, tokens};

/// The path of the token endpoint.
pub const TOKEN_PATH: &str = "/services/oauth2/token";

/// The key the `BadSignature` fault signs with instead of the client secret.
pub const WRONG_SIGNING_KEY: &str = "not-the-client-secret";

/// Whether the signature is computed honestly (the `BadSignature` fault says no).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signing {
    Honest,
    WrongKey,
}

/// What the endpoint needs from a request.
pub(crate) struct TokenRequest<'a> {
    /// The Host header without its port, lower case.
    pub host: &'a str,
    pub method: &'a str,
    pub content_type: Option<&'a str>,
    pub form: &'a [(String, String)],
    /// The Authorization header (HTTP Basic client credentials).
    pub authorization: Option<&'a str>,
    pub signing: Signing,
    pub state: &'a OAuthState,
}

impl TokenRequest<'_> {
    /// The first value of a form field.
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The endpoint's decision, before it becomes bytes.
#[derive(Debug)]
pub(crate) enum TokenOutcome {
    /// The success body's fields, in order.
    Success(Map<String, Value>),
    Error(OAuthError),
}

impl TokenOutcome {
    pub fn into_response(self) -> Response<Body> {
        match self {
            TokenOutcome::Success(fields) => json(200, Value::Object(fields).to_string()),
            TokenOutcome::Error(error) => error.response(),
        }
    }
}

/// Checks the request and answers it.
pub(crate) fn handle(req: &TokenRequest<'_>) -> TokenOutcome {
    if req.method != "POST" || !is_form_content_type(req.content_type) {
        return TokenOutcome::Error(errors::UNSUPPORTED_GRANT_TYPE);
    }
    match req.field("grant_type") {
        Some("password") => password_grant(req),
        Some("client_credentials") => client_credentials::grant(req),
        Some(jwt_bearer::GRANT_TYPE) => jwt_bearer::grant(req),
        Some("authorization_code") => authorization_code::grant(req),
        Some("refresh_token") => refresh::grant(req),
        _ => TokenOutcome::Error(errors::UNSUPPORTED_GRANT_TYPE),
    }
}

/// The app named by `client_id`, among the orgs this host serves, with its secret checked.
fn authenticate_client(req: &TokenRequest<'_>) -> Result<&'static Org, OAuthError> {
    let client_id = req.field("client_id").unwrap_or_default();
    let org = app_org(req.host, client_id).ok_or(errors::INVALID_CLIENT_ID)?;
    if req.field("client_secret") != Some(org.app.client_secret) {
        return Err(errors::INVALID_CLIENT);
    }
    Ok(org)
}

/// `grant_type=password`: client, org, user and password, then the user's flags.
fn password_grant(req: &TokenRequest<'_>) -> TokenOutcome {
    match check_password_grant(req) {
        Ok((org, user)) => {
            let fields = success_fields(org, user, req.signing);
            if let Some(token) = fields.get("access_token").and_then(Value::as_str) {
                let scope = scopes::without_refresh(org.app.scopes);
                let issue = Issue {
                    state: req.state,
                    org,
                    user,
                    grant: Grant::Password,
                    scope: &scope,
                };
                issue.record_access_token(token);
            }
            TokenOutcome::Success(fields)
        }
        Err(error) => TokenOutcome::Error(error),
    }
}

fn check_password_grant(
    req: &TokenRequest<'_>,
) -> Result<(&'static Org, &'static User), OAuthError> {
    let org = authenticate_client(req)?;
    if !org.active {
        return Err(errors::INACTIVE_ORG);
    }
    // A username the org does not know leaves no trace in Login History.
    let user = req
        .field("username")
        .and_then(|name| org.user(name))
        .ok_or(errors::AUTHENTICATION_FAILURE)?;
    let (status, verdict) = judge(req, org, user);
    lock(&req.state.login_history).record(LoginAttempt {
        org_id: org.org_id,
        user_id: user.user_id,
        at: req.state.now(),
        status,
        login_url: req.host.to_string(),
        application: org.app.client_id,
    });
    verdict.map(|()| (org, user))
}

/// The answer to a known user's login, and the status Login History gives it.
fn judge(
    req: &TokenRequest<'_>,
    org: &'static Org,
    user: &'static User,
) -> (&'static str, Result<(), OAuthError>) {
    if !org.password_flow_allowed {
        return (status::FLOW_DISABLED, Err(errors::AUTHENTICATION_FAILURE));
    }
    if lock(&req.state.login_history).failures_in_a_row(org, user) >= LOCKOUT_AFTER {
        return (status::LOCKOUT, Err(errors::AUTHENTICATION_FAILURE));
    }
    let password = req.field("password").unwrap_or_default();
    let right = password == user.password_with_token()
        || (user.flags.trusted_ip && password == user.password);
    if !right {
        let why = if password == user.password {
            status::TOKEN_REQUIRED
        } else {
            status::INVALID_PASSWORD
        };
        return (why, Err(errors::AUTHENTICATION_FAILURE));
    }
    let flags = user.flags;
    let refused = [
        (flags.frozen, status::FROZEN, errors::AUTHENTICATION_FAILURE),
        (flags.inactive, status::INACTIVE, errors::INACTIVE_USER),
        (
            flags.ip_restricted,
            status::RESTRICTED_IP,
            errors::IP_RESTRICTED,
        ),
        (
            flags.not_assigned,
            status::NOT_APPROVED,
            errors::NOT_ADMIN_APPROVED,
        ),
        (
            flags.rate_limited,
            status::RATE_EXCEEDED,
            errors::RATE_LIMIT_EXCEEDED,
        ),
    ];
    match refused.into_iter().find(|(on, _, _)| *on) {
        Some((_, why, error)) => (why, Err(error)),
        None => (status::SUCCESS, Ok(())),
    }
}

/// The success body for `user` of `org`, keys in Salesforce's order, then the org's extra fields.
pub(crate) fn success_fields(org: &Org, user: &User, signing: Signing) -> Map<String, Value> {
    let id = org.identity_url(user);
    let issued_at = tokens::issued_at_now();
    let key = match signing {
        Signing::Honest => org.app.client_secret,
        Signing::WrongKey => WRONG_SIGNING_KEY,
    };
    let mut fields = Map::new();
    fields.insert(
        "access_token".into(),
        tokens::access_token(org.org_id).into(),
    );
    fields.insert("instance_url".into(), org.instance_url().into());
    fields.insert("id".into(), id.clone().into());
    fields.insert("token_type".into(), "Bearer".into());
    fields.insert("issued_at".into(), issued_at.clone().into());
    fields.insert(
        "signature".into(),
        tokens::signature(key, &id, &issued_at).into(),
    );
    for (name, value) in org.extra_fields {
        fields.insert((*name).into(), (*value).into());
    }
    fields
}
