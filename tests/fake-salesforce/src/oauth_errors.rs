//! The OAuth error catalogue: every `{"error","error_description"}` pair the fake can answer, with
//! its status, in one place (the wording follows docs/salesforce-oauth.md; tests compare against these).

use hyper::Response;

use crate::responses::{oauth_error, Body};

/// One OAuth error answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: &'static str,
}

impl OAuthError {
    pub(crate) fn response(&self) -> Response<Body> {
        oauth_error(self.status, self.error, self.description)
    }
}

const fn e(error: &'static str, description: &'static str) -> OAuthError {
    OAuthError {
        status: 400,
        error,
        description,
    }
}

/// Not a POST, not form-encoded, or a missing/unknown `grant_type`.
pub const UNSUPPORTED_GRANT_TYPE: OAuthError =
    e("unsupported_grant_type", "grant type not supported");
/// The consumer key is unknown to every org the host serves.
pub const INVALID_CLIENT_ID: OAuthError = e("invalid_client_id", "client identifier invalid");
/// The consumer secret is wrong or missing.
pub const INVALID_CLIENT: OAuthError = e("invalid_client", "invalid client credentials");
/// The org is inactive.
pub const INACTIVE_ORG: OAuthError = e("inactive_org", "organization is inactive");
/// Wrong username or password, missing/stale token, blocked flow, wrong host, frozen user.
pub const AUTHENTICATION_FAILURE: OAuthError = e("invalid_grant", "authentication failure");
/// The user is inactive.
pub const INACTIVE_USER: OAuthError = e("inactive_user", "user is inactive");
/// Profile login IP ranges or login hours.
pub const IP_RESTRICTED: OAuthError = e("invalid_grant", "IP restricted or invalid login hours");
/// The user is not assigned to the connected app.
pub const NOT_ADMIN_APPROVED: OAuthError = e(
    "invalid_app_access",
    "user is not admin approved to access this app",
);
/// Too many logins (wording unconfirmed).
pub const RATE_LIMIT_EXCEEDED: OAuthError = e("rate_limit_exceeded", "too many requests");
