//! `POST /services/oauth2/revoke` (`token=` in the form; Salesforce also takes `GET ?token=`):
//! revokes an access or refresh token — a refresh token takes the access tokens issued from it
//! along. 200 with an empty body; errors are form-encoded, not JSON.

use hyper::Response;

use crate::record::lock;
use crate::responses::{empty, form_error, Body};
use crate::state::OAuthState;

pub const REVOKE_PATH: &str = "/services/oauth2/revoke";

pub const MISSING_TOKEN_DESCRIPTION: &str = "missing token parameter";
pub const INVALID_TOKEN_DESCRIPTION: &str = "invalid token";

/// Answers a revoke request: `form` is the decoded body, `query` the query string.
pub(crate) fn handle(
    form: &[(String, String)],
    query: Option<&str>,
    fake: &OAuthState,
) -> Response<Body> {
    let from_form = form
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.clone());
    let from_query = || {
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
    };
    let token = from_form.or_else(from_query).unwrap_or_default();
    if token.is_empty() {
        return form_error(400, "unsupported_token_type", MISSING_TOKEN_DESCRIPTION);
    }
    if lock(&fake.registry).revoke(&token) {
        empty(200)
    } else {
        form_error(400, "invalid_token", INVALID_TOKEN_DESCRIPTION)
    }
}
