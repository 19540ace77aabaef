//! `grant_type=authorization_code`: the exchange of a code from [`crate::authorize`]. Checks in
//! order: the app (`client_id`; `client_secret` optional but right if sent), the org is active, the
//! code (known, this app's, unused, under 15 minutes old), `redirect_uri` equal to the authorize
//! request's, the PKCE verifier when a challenge was sent (without PKCE the secret is required: a
//! confidential client). A code is spent only by a successful exchange.

use crate::authorize::CODE_LIFETIME_SECS;
use crate::client_auth::{authenticate, SecretRule};
use crate::issue::Issue;
use crate::oauth_errors::{self as errors, OAuthError};
use crate::pkce::code_challenge;
use crate::record::lock;
use crate::registry::Grant;
use crate::scopes;
use crate::token_endpoint::{TokenOutcome, TokenRequest};

pub(crate) fn grant(req: &TokenRequest<'_>) -> TokenOutcome {
    check(req).unwrap_or_else(TokenOutcome::Error)
}

fn check(req: &TokenRequest<'_>) -> Result<TokenOutcome, OAuthError> {
    let (org, client) = authenticate(
        req.host,
        req.form,
        req.authorization,
        SecretRule::RightIfSent,
    )?;
    let code = req.field("code").unwrap_or_default();
    let mut codes = lock(&req.state.codes);
    let pending = codes
        .get_mut(code)
        .filter(|p| p.org.app.client_id == org.app.client_id)
        .ok_or(errors::INVALID_AUTHORIZATION_CODE)?;
    if pending.used || req.state.now() >= pending.issued_at + CODE_LIFETIME_SECS {
        return Err(errors::EXPIRED_AUTHORIZATION_CODE);
    }
    if req.field("redirect_uri") != Some(pending.redirect_uri.as_str()) {
        return Err(errors::REDIRECT_URI_MISMATCH);
    }
    match &pending.code_challenge {
        Some(challenge) => {
            let verifier = req.field("code_verifier").unwrap_or_default();
            if verifier.is_empty() || code_challenge(verifier) != *challenge {
                return Err(errors::INVALID_CODE_VERIFIER);
            }
        }
        None if client.secret.is_none() => return Err(errors::INVALID_CLIENT),
        None => {}
    }
    pending.used = true;
    let pending = pending.clone();
    drop(codes);

    let issue = Issue {
        state: req.state,
        org: pending.org,
        user: pending.user,
        grant: Grant::AuthorizationCode,
        scope: &pending.scope,
    };
    let refresh = scopes::brings_refresh_token(&pending.scope).then(|| issue.refresh_token(None));
    let access = issue.access_token(refresh.as_deref());
    Ok(TokenOutcome::Success(issue.body(
        &access,
        refresh.as_deref(),
        Some(req.signing),
    )))
}
