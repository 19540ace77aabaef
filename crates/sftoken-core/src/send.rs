//! One Send, whatever the grant: the form becomes a target and a grant — after a browser sign-in
//! when the grant starts with one — and the grant becomes a token. The window's Send and
//! `sftoken token` both end here, so a grant or a field is added in one place.

use std::future::Future;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::browser_sign_in::BrowserSignIn;
use crate::client::{TokenClient, TokenOutcome};
use crate::error::{Error, Result};
use crate::grant::{Grant, GrantKind, JwtClaims};
use crate::request_form::RequestForm;
use crate::target::LoginTarget;

/// What a shell does while a Send runs: open the browser for a sign-in, show the signed claims.
pub trait SendObserver: Sync {
    /// The browser sign-in listens on `redirect_uri`: open `authorize_url` (or show it).
    fn sign_in_started(&self, _authorize_url: &Url, _redirect_uri: &str) {}
    /// The grant is about to be sent.
    fn grant_ready(&self, _grant: &Grant) {}
}

/// An observer that does nothing (tests, and callers with nothing to show).
pub struct Quietly;

impl SendObserver for Quietly {}

/// A token, with what it takes to show, check or revoke it later.
#[derive(Debug)]
pub struct IssuedToken {
    pub outcome: TokenOutcome,
    pub target: LoginTarget,
    pub grant: GrantKind,
    /// JWT bearer: the claims that were signed and sent.
    pub jwt_claims: Option<JwtClaims>,
    pub client_id: String,
    /// For introspection ("is it still active?"), when the form had one.
    pub client_secret: Option<SecretString>,
    /// The username the form named (empty for client credentials and the browser sign-in).
    pub username: String,
}

impl IssuedToken {
    /// Said after the token: the retirement of the username-password flow.
    pub fn notice(&self) -> Option<&'static str> {
        self.grant.retirement_notice()
    }
}

impl TokenClient {
    /// Checks the form, signs in with the browser first when the grant needs it (waiting at most
    /// `sign_in_wait`), and requests the token. Gives up with [`Error::Cancelled`] when `cancel`
    /// resolves first.
    pub async fn send_form(
        &self,
        form: &RequestForm,
        sign_in_wait: Duration,
        observer: &dyn SendObserver,
        cancel: impl Future<Output = ()>,
    ) -> Result<IssuedToken> {
        tokio::select! {
            issued = self.send_form_to_the_end(form, sign_in_wait, observer) => issued,
            () = cancel => Err(Error::Cancelled),
        }
    }

    async fn send_form_to_the_end(
        &self,
        form: &RequestForm,
        sign_in_wait: Duration,
        observer: &dyn SendObserver,
    ) -> Result<IssuedToken> {
        let target = form.target()?;
        let grant = if form.starts_with_browser_sign_in() {
            form.check()?;
            let sign_in = BrowserSignIn::start(
                &target,
                &form.client_id,
                &form.scope_or_default(),
                &form.callback_or_default(),
            )
            .await?;
            observer.sign_in_started(sign_in.authorize_url(), sign_in.redirect_uri());
            Grant::AuthorizationCode(
                sign_in
                    .finish(form.optional_client_secret(), sign_in_wait)
                    .await?,
            )
        } else {
            form.to_grant()?
        };
        observer.grant_ready(&grant);
        let outcome = self.request_token(&target, &grant).await?;
        Ok(IssuedToken {
            jwt_claims: grant.jwt_claims().cloned(),
            grant: grant.kind(),
            username: grant.username().unwrap_or_default().to_string(),
            outcome,
            target,
            client_id: form.client_id.trim().to_string(),
            client_secret: form.optional_client_secret(),
        })
    }
}
