//! `GET /services/oauth2/authorize`, the browser half of the web server flow (+ PKCE). There is no
//! login page: the fake acts as if the user signed in and clicked Allow (or Deny, see
//! [`Authorize`]) and redirects at once to the callback with `code` and `state`. What Salesforce
//! shows as an error page instead of redirecting (unknown app, unregistered callback) is a 400 HTML
//! page here too; errors it reports to the app are redirects with `error` and `error_description`.

use hyper::Response;

use crate::client_auth::app_org;
use crate::fixtures::{Org, User};
use crate::responses::{escape_html, html, redirect, Body};
use crate::scopes;
use crate::state::OAuthState;
use crate::tokens;

pub const AUTHORIZE_PATH: &str = "/services/oauth2/authorize";

/// How long a code can be exchanged (Salesforce: 15 minutes).
pub const CODE_LIFETIME_SECS: u64 = 15 * 60;

/// What the user does on the authorize page (`FakeSalesforce::set_authorize`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Authorize {
    /// Signs in as the app's org's admin (its first user: `ACME_ADMIN` for acme) and allows.
    #[default]
    ApproveAsAdmin,
    /// Signs in as this user (who must belong to the app's org) and allows.
    Approve(User),
    /// Clicks Deny: `error=access_denied&error_description=end-user denied authorization`.
    Deny,
}

/// A code waiting for its exchange.
#[derive(Clone, Debug)]
pub(crate) struct PendingCode {
    pub org: &'static Org,
    pub user: &'static User,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub scope: String,
    /// Seconds on the fake's clock.
    pub issued_at: u64,
    pub used: bool,
}

/// Answers an authorize request on `host` with this query string.
pub(crate) fn handle(host: &str, query: Option<&str>, fake: &OAuthState) -> Response<Body> {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(org) = app_org(host, param("client_id").unwrap_or_default()) else {
        return error_page("invalid_client_id", "client identifier invalid");
    };
    let redirect_uri = match param("redirect_uri") {
        Some(uri) if org.app.accepts_callback(uri) => uri,
        _ => {
            return error_page(
                "redirect_uri_mismatch",
                "redirect_uri must match configuration",
            )
        }
    };
    let state = param("state");
    let refuse = |error: &str, description: &str| {
        redirect(&callback(
            redirect_uri,
            &[("error", error), ("error_description", description)],
            state,
        ))
    };
    if param("response_type") != Some("code") {
        return refuse("unsupported_response_type", "response type not supported");
    }
    if param("code_challenge_method").is_some_and(|m| m != "S256") {
        return refuse("invalid_request", "unsupported code challenge method");
    }
    let Some(scope) = scopes::grant(org.app.scopes, param("scope")) else {
        return refuse("invalid_scope", "the requested scope is not allowed");
    };
    let chosen = crate::record::lock(&fake.authorize).clone();
    let user = match chosen {
        Authorize::Deny => return refuse("access_denied", "end-user denied authorization"),
        Authorize::ApproveAsAdmin => org.admin(),
        Authorize::Approve(user) => org.user(user.username),
    };
    let Some(user) = user else {
        return error_page(
            "fake_salesforce",
            &format!("the approving user is not a user of org {}", org.name),
        );
    };
    let code = tokens::authorization_code();
    crate::record::lock(&fake.codes).insert(
        code.clone(),
        PendingCode {
            org,
            user,
            redirect_uri: redirect_uri.to_string(),
            code_challenge: param("code_challenge").map(str::to_string),
            scope,
            issued_at: fake.now(),
            used: false,
        },
    );
    redirect(&callback(redirect_uri, &[("code", &code)], state))
}

/// `redirect_uri` with `params` then `state` (if any) appended, each percent-encoded (`%20` for
/// a space, so that form and plain percent decoding agree).
fn callback(redirect_uri: &str, params: &[(&str, &str)], state: Option<&str>) -> String {
    let mut url = redirect_uri.to_string();
    let all = params.iter().copied().chain(state.map(|s| ("state", s)));
    for (i, (name, value)) in all.enumerate() {
        let separator = if i == 0 && !redirect_uri.contains('?') {
            '?'
        } else {
            '&'
        };
        let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        url.push(separator);
        url.push_str(name);
        url.push('=');
        url.push_str(&value.replace('+', "%20"));
    }
    url
}

/// The page Salesforce shows instead of redirecting.
fn error_page(error: &str, description: &str) -> Response<Body> {
    let (error, description) = (escape_html(error), escape_html(description));
    html(
        400,
        format!(
            "<!DOCTYPE html>\n<html><head><title>Error</title></head><body>\n\
             <h1>Remote Access Authorization Error</h1>\n\
             <p>There was a problem in setting up your remote access.</p>\n\
             <p>error={error}&amp;error_description={description}</p>\n</body></html>\n"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::callback;

    #[test]
    fn callback_urls_are_percent_encoded() {
        assert_eq!(
            callback(
                "http://localhost:1/callback",
                &[("code", "a==")],
                Some("x y+&é")
            ),
            "http://localhost:1/callback?code=a%3D%3D&state=x%20y%2B%26%C3%A9"
        );
        assert_eq!(
            callback("http://h/cb?k=v", &[("error", "e")], None),
            "http://h/cb?k=v&error=e"
        );
    }
}
