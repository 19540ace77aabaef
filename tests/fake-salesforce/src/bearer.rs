//! Access tokens presented to the resources (identity URL, userinfo, REST API): the
//! `Authorization: Bearer` (or Salesforce's older `OAuth`) header, looked up in the registry, and
//! whether the host the request came to serves the token's org.

use crate::fixtures::{orgs_for_host, Org};
use crate::record::lock;
use crate::registry::{IssuedToken, TokenKind};
use crate::state::OAuthState;

/// The token of a `Bearer x` / `OAuth x` header.
pub(crate) fn presented(authorization: Option<&str>) -> Option<&str> {
    let (scheme, token) = authorization?.trim().split_once(' ')?;
    let token = token.trim();
    let known = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth");
    (known && !token.is_empty()).then_some(token)
}

/// The active access token the header presents, if any.
pub(crate) fn access_token(fake: &OAuthState, authorization: Option<&str>) -> Option<IssuedToken> {
    let token = presented(authorization)?;
    lock(&fake.registry)
        .active(token, fake.now())
        .filter(|t| t.kind == TokenKind::Access)
        .cloned()
}

/// Whether `host` answers for `org`: its My Domain, its login host, or loopback (which stands for
/// every org's instance here, so tests can reach any org without a proxy).
pub(crate) fn host_serves(host: &str, org: &Org) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1")
        || orgs_for_host(host).iter().any(|o| o.org_id == org.org_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ACME, ACME_DEV};

    #[test]
    fn schemes_and_hosts() {
        assert_eq!(presented(Some("Bearer abc")), Some("abc"));
        assert_eq!(presented(Some("OAuth  abc ")), Some("abc"));
        assert_eq!(presented(Some("Basic abc")), None);
        assert_eq!(presented(Some("Bearer ")), None);
        assert_eq!(presented(None), None);
        assert!(host_serves("127.0.0.1", &ACME_DEV));
        assert!(host_serves("acme.my.salesforce.com", &ACME));
        assert!(!host_serves("acme.my.salesforce.com", &ACME_DEV));
        assert!(!host_serves("login.salesforce.com", &ACME_DEV));
    }
}
