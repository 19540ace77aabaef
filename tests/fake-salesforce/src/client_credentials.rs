//! `grant_type=client_credentials`: the app's key and secret (body or HTTP Basic) buy a token for
//! the app's "Run As" user, only on the org's My Domain host, never with a refresh token.

use crate::client_auth::{authenticate, SecretRule};
use crate::issue::Issue;
use crate::oauth_errors::{self as errors, OAuthError};
use crate::registry::Grant;
use crate::scopes;
use crate::token_endpoint::{TokenOutcome, TokenRequest};

/// The generic login hosts, where Salesforce refuses this grant.
const GENERIC_HOSTS: &[&str] = &["login.salesforce.com", "test.salesforce.com"];

pub(crate) fn grant(req: &TokenRequest<'_>) -> TokenOutcome {
    check(req).unwrap_or_else(TokenOutcome::Error)
}

fn check(req: &TokenRequest<'_>) -> Result<TokenOutcome, OAuthError> {
    if GENERIC_HOSTS.contains(&req.host) {
        return Err(errors::NOT_ON_THIS_DOMAIN);
    }
    let (org, _) = authenticate(req.host, req.form, req.authorization, SecretRule::Required)?;
    let run_as = org.app.run_as.ok_or(errors::NO_CLIENT_CREDENTIALS_USER)?;
    // The Run As user as the org knows it (the app holds a copy).
    let user = org
        .user(run_as.username)
        .ok_or(errors::NO_CLIENT_CREDENTIALS_USER)?;
    let scope = scopes::without_refresh(org.app.scopes);
    let issue = Issue {
        state: req.state,
        org,
        user,
        grant: Grant::ClientCredentials,
        scope: &scope,
    };
    let access = issue.access_token(None);
    Ok(TokenOutcome::Success(issue.body(
        &access,
        None,
        Some(req.signing),
    )))
}
