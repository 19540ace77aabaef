//! `grant_type=client_credentials`: the app's key and secret (body or HTTP Basic) buy a token for
//! the app's "Run As" user, only on the org's My Domain host, never with a refresh token.

use crate::client_auth::{app_org, credentials};
use crate::issue::Issue;
use crate::oauth_errors::{self as errors, OAuthError};
use crate::registry::Grant;
use crate::scopes;
use crate::token_endpoint::{TokenOutcome, TokenRequest};

/// The generic login hosts, where Salesforce refuses this grant.
const GENERIC_HOSTS: &[&str] = &["login.salesforce.com", "test.salesforce.com"];

pub(crate) fn grant(req: &TokenRequest<'_>) -> TokenOutcome {
    match check(req) {
        Ok(outcome) => outcome,
        Err(error) => TokenOutcome::Error(error),
    }
}

fn check(req: &TokenRequest<'_>) -> Result<TokenOutcome, OAuthError> {
    if GENERIC_HOSTS.contains(&req.host) {
        return Err(errors::NOT_ON_THIS_DOMAIN);
    }
    let client = credentials(req.form, req.authorization).ok_or(errors::INVALID_CLIENT_ID)?;
    let org = app_org(req.host, &client.id).ok_or(errors::INVALID_CLIENT_ID)?;
    if client.secret.as_deref() != Some(org.app.client_secret) {
        return Err(errors::INVALID_CLIENT);
    }
    if !org.active {
        return Err(errors::INACTIVE_ORG);
    }
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
