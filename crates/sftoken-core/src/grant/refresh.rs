//! `grant_type=refresh_token`: a new access token from a refresh token (which may rotate).

use secrecy::{ExposeSecret, SecretString};

use super::GrantKind;
use crate::form_body::FormBody;

#[derive(Debug)]
pub struct RefreshGrant {
    pub client_id: String,
    /// Sent when the app requires it.
    pub client_secret: Option<SecretString>,
    pub refresh_token: SecretString,
}

impl RefreshGrant {
    pub fn form_body(&self) -> FormBody {
        let mut pairs = vec![
            ("grant_type", GrantKind::Refresh.grant_type()),
            ("refresh_token", self.refresh_token.expose_secret()),
            ("client_id", self.client_id.trim()),
        ];
        if let Some(secret) = &self.client_secret {
            pairs.push(("client_secret", secret.expose_secret()));
        }
        FormBody::new(&pairs)
    }
}
