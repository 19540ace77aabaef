//! How to log in: the OAuth grants sftoken speaks, each turned into the form body it sends.
//!
//! Only the username-password grant exists yet; it is being retired by Salesforce (2027-02-20), which
//! is why [`GrantKind`] is separate from the values: hints and the UI reason about the kind.

use secrecy::{ExposeSecret, SecretString};

use crate::form::FormBody;

/// The OAuth flow, without its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GrantKind {
    /// `grant_type=password` (username-password flow).
    Password,
}

impl GrantKind {
    /// The `grant_type` value on the wire.
    pub fn grant_type(self) -> &'static str {
        match self {
            GrantKind::Password => "password",
        }
    }
}

/// A grant with everything it sends.
#[derive(Debug)]
pub enum Grant {
    Password(PasswordGrant),
}

impl Grant {
    pub fn kind(&self) -> GrantKind {
        match self {
            Grant::Password(_) => GrantKind::Password,
        }
    }

    /// The form body, in Postman's order.
    pub fn form_body(&self) -> FormBody {
        match self {
            Grant::Password(g) => g.form_body(),
        }
    }

    /// The client secret, when this grant has one (the key of the answer's signature).
    pub fn client_secret(&self) -> Option<&SecretString> {
        match self {
            Grant::Password(g) => Some(&g.client_secret),
        }
    }

    /// Every secret value this grant sends, so that excerpts of server answers can be scrubbed of them.
    pub fn secret_values(&self) -> Vec<&str> {
        match self {
            Grant::Password(g) => {
                let mut values = vec![g.client_secret.expose_secret(), g.password.expose_secret()];
                if let Some(t) = &g.security_token {
                    values.push(t.expose_secret());
                }
                values
            }
        }
    }

    /// The username, for hints and messages (never a secret).
    pub fn username(&self) -> Option<&str> {
        match self {
            Grant::Password(g) => Some(&g.username),
        }
    }
}

/// `grant_type=password`: the form of Postman's Body tab.
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
