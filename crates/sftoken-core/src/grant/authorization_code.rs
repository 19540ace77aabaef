//! `grant_type=authorization_code`: the second half of the web server flow, exchanging the code the
//! browser brought back, with the PKCE verifier that proves this client started the sign-in.

use secrecy::{ExposeSecret, SecretString};

use super::GrantKind;
use crate::form_body::FormBody;

#[derive(Debug)]
pub struct AuthorizationCodeGrant {
    pub client_id: String,
    /// Sent when the app requires a secret for the web server flow.
    pub client_secret: Option<SecretString>,
    pub code: SecretString,
    pub redirect_uri: String,
    pub code_verifier: SecretString,
}

impl AuthorizationCodeGrant {
    pub fn form_body(&self) -> FormBody {
        let mut pairs = vec![
            ("grant_type", GrantKind::AuthorizationCode.grant_type()),
            ("code", self.code.expose_secret()),
            ("client_id", self.client_id.trim()),
        ];
        if let Some(secret) = &self.client_secret {
            pairs.push(("client_secret", secret.expose_secret()));
        }
        pairs.push(("redirect_uri", &self.redirect_uri));
        pairs.push(("code_verifier", self.code_verifier.expose_secret()));
        FormBody::new(&pairs)
    }
}
