//! `grant_type=client_credentials`: the connected app logs in as its Run As user. Salesforce serves
//! it only on the org's My Domain host.

use secrecy::{ExposeSecret, SecretString};

use super::GrantKind;
use crate::form_body::FormBody;

#[derive(Debug)]
pub struct ClientCredentialsGrant {
    pub client_id: String,
    pub client_secret: SecretString,
}

impl ClientCredentialsGrant {
    pub fn form_body(&self) -> FormBody {
        FormBody::new(&[
            ("grant_type", GrantKind::ClientCredentials.grant_type()),
            ("client_id", self.client_id.trim()),
            ("client_secret", self.client_secret.expose_secret()),
        ])
    }
}
