//! `grant_type=refresh_token`: a live refresh token of this app buys a new access token with the
//! same user and scope. With the app's rotation on, the answer also carries a new refresh token and
//! the old one stops working (access tokens already issued from it stay valid).

use crate::client_auth::{authenticate, SecretRule};
use crate::issue::Issue;
use crate::oauth_errors::{self as errors, OAuthError};
use crate::record::lock;
use crate::registry::{Grant, TokenKind};
use crate::token_endpoint::{TokenOutcome, TokenRequest};

pub(crate) fn grant(req: &TokenRequest<'_>) -> TokenOutcome {
    check(req).unwrap_or_else(TokenOutcome::Error)
}

fn check(req: &TokenRequest<'_>) -> Result<TokenOutcome, OAuthError> {
    let (org, _) = authenticate(
        req.host,
        req.form,
        req.authorization,
        SecretRule::RightIfSent,
    )?;
    let presented = req.field("refresh_token").unwrap_or_default();
    let found = lock(&req.state.registry)
        .active(presented, req.state.now())
        .filter(|t| t.kind == TokenKind::Refresh && t.client_id == org.app.client_id)
        .cloned()
        .ok_or(errors::EXPIRED_TOKEN)?;

    let issue = Issue {
        state: req.state,
        org: found.org,
        user: found.user,
        grant: Grant::RefreshToken,
        scope: &found.scope,
    };
    let rotated = org.app.rotate_refresh_tokens.then(|| {
        lock(&req.state.registry).retire(presented);
        issue.refresh_token(Some(presented))
    });
    let access = issue.access_token(Some(rotated.as_deref().unwrap_or(presented)));
    Ok(TokenOutcome::Success(issue.body(
        &access,
        rotated.as_deref(),
        Some(req.signing),
    )))
}
