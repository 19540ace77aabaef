//! Which handler answers a request: the path picks the endpoint, the Host header (port stripped)
//! picks the orgs (see [`crate::fixtures::orgs_for_host`]). Unknown paths get a 404 HTML page.

use std::sync::Arc;

use hyper::Response;
use serde_json::{Map, Value};

use crate::authorize::AUTHORIZE_PATH;
use crate::fixtures::{ACME, ACME_ADMIN};
use crate::identity::{IDENTITY_PATH_PREFIX, USERINFO_PATH};
use crate::introspect::INTROSPECT_PATH;
use crate::responses::{not_found, Body};
use crate::rest_api::DATA_PATH;
use crate::revoke::REVOKE_PATH;
use crate::state::OAuthState;
use crate::token_endpoint::{self, Signing, TokenOutcome, TokenRequest, TOKEN_PATH};
use crate::{authorize, identity, introspect, rest_api, revoke};

/// The parts of a request the handlers look at.
pub(crate) struct Inbound {
    pub method: String,
    /// The Host header without port, lower case ("" when there was none).
    pub host: String,
    pub path: String,
    pub content_type: Option<String>,
    pub form: Vec<(String, String)>,
    pub query: Option<String>,
    /// The Authorization header.
    pub authorization: Option<String>,
    /// The fake's memory: tokens, codes, the authorize choice, the clock.
    pub state: Arc<OAuthState>,
}

impl Inbound {
    fn token_request(&self, signing: Signing) -> TokenRequest<'_> {
        TokenRequest {
            host: &self.host,
            method: &self.method,
            content_type: self.content_type.as_deref(),
            form: &self.form,
            authorization: self.authorization.as_deref(),
            signing,
            state: &self.state,
        }
    }

    /// The answer without any fault (but with the chosen signing key).
    pub fn respond(&self, signing: Signing) -> Response<Body> {
        let (host, path, state) = (self.host.as_str(), self.path.as_str(), &*self.state);
        let auth = self.authorization.as_deref();
        let query = self.query.as_deref();
        match path {
            TOKEN_PATH => token_endpoint::handle(&self.token_request(signing)).into_response(),
            AUTHORIZE_PATH => authorize::handle(host, query, state),
            REVOKE_PATH => revoke::handle(&self.form, query, state),
            INTROSPECT_PATH => introspect::handle(host, &self.form, auth, state),
            USERINFO_PATH => identity::userinfo(host, auth, state),
            _ if path.starts_with(IDENTITY_PATH_PREFIX) => {
                identity::identity(host, path, auth, state)
            }
            _ if path == DATA_PATH || path.starts_with(&format!("{DATA_PATH}/")) => {
                rest_api::handle(host, path, query, auth, state)
            }
            _ => not_found(path),
        }
    }

    /// A success body for faults that mangle one: this request's own success if it is a right
    /// login, else acme admin's (the fault is about the bytes, not the credentials).
    pub fn success_fields(&self) -> Map<String, Value> {
        if self.path == TOKEN_PATH {
            if let TokenOutcome::Success(fields) =
                token_endpoint::handle(&self.token_request(Signing::Honest))
            {
                return fields;
            }
        }
        token_endpoint::success_fields(&ACME, &ACME_ADMIN, Signing::Honest)
    }
}

/// The host part of a Host header value: port removed, brackets of an IPv6 literal removed,
/// trailing dot removed, lower case.
pub(crate) fn host_without_port(host: &str) -> String {
    let host = host.trim();
    let bare = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    bare.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::host_without_port;

    #[test]
    fn strips_ports() {
        assert_eq!(host_without_port("127.0.0.1:4431"), "127.0.0.1");
        assert_eq!(
            host_without_port("Login.Salesforce.com"),
            "login.salesforce.com"
        );
        assert_eq!(
            host_without_port("test.salesforce.com.:443"),
            "test.salesforce.com"
        );
        assert_eq!(host_without_port("[::1]:80"), "::1");
        assert_eq!(host_without_port(""), "");
    }
}
