//! `grant_type=password`: the form of Postman's Body tab, the password joined with the security token.

use secrecy::{ExposeSecret, SecretString};

use super::GrantKind;
use crate::form_body::FormBody;

#[derive(Debug)]
pub struct PasswordGrant {
    pub client_id: String,
    pub client_secret: SecretString,
    pub username: String,
    pub password: SecretString,
    /// Appended to the password on send; `None` or empty when the client IP is trusted by the org.
    pub security_token: Option<SecretString>,
}

impl PasswordGrant {
    /// `grant_type, client_id, client_secret, username, password`, where password = password + token.
    pub fn form_body(&self) -> FormBody {
        let token = self
            .security_token
            .as_ref()
            .map(|t| t.expose_secret())
            .unwrap_or("");
        let joined = SecretString::from(format!("{}{}", self.password.expose_secret(), token));
        FormBody::new(&[
            ("grant_type", GrantKind::Password.grant_type()),
            ("client_id", self.client_id.trim()),
            ("client_secret", self.client_secret.expose_secret()),
            ("username", self.username.trim()),
            ("password", joined.expose_secret()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::super::Grant;
    use super::*;

    fn grant(token: Option<&str>) -> PasswordGrant {
        PasswordGrant {
            client_id: " 3MVG9abc ".into(),
            client_secret: SecretString::from("s3cr3t"),
            username: "admin@acme.com".into(),
            password: SecretString::from("p&ss+w=rd %20 é😀"),
            security_token: token.map(SecretString::from),
        }
    }

    fn decode(body: &FormBody) -> Vec<(String, String)> {
        url::form_urlencoded::parse(body.expose_encoded().as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn password_body_has_postmans_keys_in_order_with_the_token_appended() {
        let body = grant(Some("TOKEN42")).form_body();
        assert_eq!(
            body.keys(),
            [
                "grant_type",
                "client_id",
                "client_secret",
                "username",
                "password"
            ]
        );
        let pairs = decode(&body);
        assert_eq!(pairs[0].1, "password");
        assert_eq!(pairs[1].1, "3MVG9abc", "client id is trimmed");
        assert_eq!(pairs[4].1, "p&ss+w=rd %20 é😀TOKEN42");
    }

    #[test]
    fn without_a_security_token_the_password_is_sent_alone() {
        let pairs = decode(&grant(None).form_body());
        assert_eq!(pairs[4].1, "p&ss+w=rd %20 é😀");
    }

    #[test]
    fn debug_of_a_grant_redacts_every_secret() {
        let printed = format!("{:?}", Grant::Password(grant(Some("TOKEN42"))));
        for secret in ["s3cr3t", "p&ss", "TOKEN42"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("admin@acme.com"));
    }
}
