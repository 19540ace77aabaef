//! The token registry: every access and refresh token one fake issued, with whom it was issued to,
//! by which grant, when it expires and whether it was revoked. Revocation, refresh, introspection,
//! the identity URL and the REST API all ask it, so that a token revoked anywhere stops working
//! everywhere (as in a real org).

use crate::fixtures::{Org, User};

/// How long an access token issued by a grant that can be introspected lives (the org's session
/// timeout; two hours is Salesforce's default).
pub const ACCESS_TOKEN_LIFETIME_SECS: u64 = 2 * 60 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

/// The grant a token came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    Password,
    ClientCredentials,
    JwtBearer,
    AuthorizationCode,
    RefreshToken,
}

/// One issued token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub token: String,
    pub kind: TokenKind,
    pub org: &'static Org,
    pub user: &'static User,
    /// The consumer key of the app it was issued to.
    pub client_id: &'static str,
    pub grant: Grant,
    /// Space-separated scopes.
    pub scope: String,
    /// Seconds since the epoch, on the fake's clock (see `FakeSalesforce::advance_clock`).
    pub issued_at: u64,
    /// Seconds since the epoch on the fake's clock; `None`: until revoked (refresh tokens) or the
    /// session timeout nobody can see (username-password tokens, which cannot be introspected).
    pub expires_at: Option<u64>,
    /// The refresh token this token was issued with or from (revoking that one revokes this one).
    pub refresh_token: Option<String>,
    pub revoked: bool,
}

impl IssuedToken {
    /// Not revoked and not expired at `now`.
    pub fn is_active(&self, now: u64) -> bool {
        !self.revoked && self.expires_at.is_none_or(|exp| now < exp)
    }
}

/// The tokens of one fake, in issue order.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    tokens: Vec<IssuedToken>,
}

impl Registry {
    pub fn add(&mut self, token: IssuedToken) {
        self.tokens.push(token);
    }

    pub fn all(&self) -> Vec<IssuedToken> {
        self.tokens.clone()
    }

    pub fn find(&self, token: &str) -> Option<&IssuedToken> {
        self.tokens.iter().find(|t| t.token == token)
    }

    /// The token if it is active at `now`.
    pub fn active(&self, token: &str, now: u64) -> Option<&IssuedToken> {
        self.find(token).filter(|t| t.is_active(now))
    }

    /// Revokes `token`; a refresh token takes the access tokens issued from it along. `false` when
    /// the token is unknown or already revoked.
    pub fn revoke(&mut self, token: &str) -> bool {
        let Some(found) = self
            .tokens
            .iter_mut()
            .find(|t| t.token == token && !t.revoked)
        else {
            return false;
        };
        found.revoked = true;
        if found.kind == TokenKind::Refresh {
            for t in &mut self.tokens {
                if t.kind == TokenKind::Access && t.refresh_token.as_deref() == Some(token) {
                    t.revoked = true;
                }
            }
        }
        true
    }

    /// Revokes only `token`, nothing issued from it (refresh token rotation).
    pub fn retire(&mut self, token: &str) {
        if let Some(found) = self.tokens.iter_mut().find(|t| t.token == token) {
            found.revoked = true;
        }
    }

    pub fn revoke_all(&mut self) {
        for t in &mut self.tokens {
            t.revoked = true;
        }
    }

    /// Ends every session (access token), keeping refresh tokens: what a session timeout does.
    pub fn revoke_access_tokens(&mut self) {
        for t in self
            .tokens
            .iter_mut()
            .filter(|t| t.kind == TokenKind::Access)
        {
            t.revoked = true;
        }
    }
}
