//! [`TokenClient`]: one shared HTTP client, and the single operation everything else is built on —
//! send a grant to a target, get a checked token or an explained error.

use std::time::Duration;

use url::Url;

use crate::endpoint_answer::{interpret, Answer};
use crate::error::{Error, Result};
use crate::grant::Grant;
use crate::hints::{self, HintContext};
use crate::http::{build_client, post_form, HttpConfig};
use crate::signature::SignatureVerdict;
use crate::target::LoginTarget;
use crate::token_response::TokenResponse;

/// A token, with what the status line shows: status, time and size.
#[derive(Debug)]
pub struct TokenOutcome {
    pub response: TokenResponse,
    pub signature: SignatureVerdict,
    pub status: u16,
    pub elapsed: Duration,
    pub bytes: usize,
    pub url: Url,
}

/// Sends token requests. Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct TokenClient {
    pub(crate) http: crate::http::Clients,
    pub(crate) config: HttpConfig,
}

impl TokenClient {
    pub fn new(config: HttpConfig) -> Result<TokenClient> {
        let http = build_client(&config).map_err(Error::Setup)?;
        Ok(TokenClient { http, config })
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// `POST {target}/services/oauth2/token` with the grant's form body. Dropping the future cancels it.
    pub async fn request_token(&self, target: &LoginTarget, grant: &Grant) -> Result<TokenOutcome> {
        let url = target.token_url();
        let context = HintContext::new(target, grant);
        tracing::info!(%url, grant = grant.kind().grant_type(), "token request");
        let raw = post_form(&self.http, &self.config, &url, &grant.form_body())
            .await
            .map_err(|error| transport(error, &context))?;
        match interpret(&raw, &grant.secret_values()).map_err(|error| transport(error, &context))? {
            Answer::Token(response) => {
                let signature = SignatureVerdict::check(
                    grant.client_secret(),
                    response.id_raw(),
                    response.issued_at_raw(),
                    response.signature(),
                );
                tracing::info!(status = raw.status, ?signature, "token issued");
                Ok(TokenOutcome {
                    response: *response,
                    signature,
                    status: raw.status,
                    elapsed: raw.elapsed,
                    bytes: raw.body.len(),
                    url,
                })
            }
            Answer::Rejected(oauth) => {
                tracing::info!(status = raw.status, error = %oauth.error, "token refused");
                let hints = hints::for_oauth(&oauth, &context);
                Err(Error::Rejected { oauth, hints })
            }
        }
    }

    /// Like [`request_token`](Self::request_token), but gives up with [`Error::Cancelled`] as soon as
    /// `cancel` resolves (the Cancel button).
    pub async fn request_token_or_cancel(
        &self,
        target: &LoginTarget,
        grant: &Grant,
        cancel: impl std::future::Future<Output = ()>,
    ) -> Result<TokenOutcome> {
        tokio::select! {
            outcome = self.request_token(target, grant) => outcome,
            () = cancel => Err(Error::Cancelled),
        }
    }
}

pub(crate) fn transport(error: crate::transport::TransportError, context: &HintContext) -> Error {
    tracing::info!(%error, "token request failed");
    let hints = hints::for_transport(&error, context);
    Error::Transport { error, hints }
}
