//! The OAuth error catalogue: every `{"error","error_description"}` pair the fake can answer, with
//! its status, in one place (the wording follows docs/salesforce-oauth.md, "Error catalogue"; tests compare against these).

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
/// Client credentials sent to login.salesforce.com / test.salesforce.com instead of My Domain.
pub const NOT_ON_THIS_DOMAIN: OAuthError =
    e("invalid_grant", "request not supported on this domain");
/// Client credentials for an app without a "Run As" user.
pub const NO_CLIENT_CREDENTIALS_USER: OAuthError =
    e("invalid_grant", "no client credentials user enabled");
/// JWT bearer: `aud` is not the login host of the org (or its My Domain).
pub const AUDIENCE_INVALID: OAuthError = e("invalid_grant", "audience is invalid");
/// JWT bearer: malformed, badly signed, expired, unknown user, no certificate on the app.
pub const INVALID_ASSERTION: OAuthError = e("invalid_grant", "invalid assertion");
/// JWT bearer: the user is not pre-authorized for the app.
pub const USER_NOT_APPROVED: OAuthError = e("invalid_grant", "user hasn't approved this consumer");
/// Web server flow: an unknown code, or one issued to another app.
pub const INVALID_AUTHORIZATION_CODE: OAuthError = e("invalid_grant", "invalid authorization code");
/// Web server flow: a code already used, or older than 15 minutes.
pub const EXPIRED_AUTHORIZATION_CODE: OAuthError = e("invalid_grant", "expired authorization code");
/// Web server flow: `code_verifier` missing or not matching the `code_challenge`.
pub const INVALID_CODE_VERIFIER: OAuthError = e("invalid_grant", "invalid code verifier");
/// Web server flow: `redirect_uri` differs from the authorize request's.
pub const REDIRECT_URI_MISMATCH: OAuthError = e(
    "redirect_uri_mismatch",
    "redirect_uri must match configuration",
);
/// Refresh: the refresh token is unknown, revoked, rotated away or another app's.
pub const EXPIRED_TOKEN: OAuthError = e("invalid_grant", "expired access/refresh token");
/// Introspection with a wrong client: 401.
pub const INTROSPECT_INVALID_CLIENT: OAuthError = OAuthError {
    status: 401,
    ..INVALID_CLIENT
};
