//! The form as the user filled it in, before it becomes a [`Grant`]: which fields are missing, which
//! carry stray whitespace (a classic copy-paste mistake), and what may safely be trimmed.
//!
//! The window and the command both use this, so "what counts as a valid form" lives in one place.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::grant::{Grant, PasswordGrant};

/// The password grant's fields, as typed (Postman's Body tab plus the security token).
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub client_id: String,
    #[serde(default = "empty_secret")]
    pub client_secret: SecretString,
    #[serde(default)]
    pub username: String,
    #[serde(default = "empty_secret")]
    pub password: SecretString,
    #[serde(default = "empty_secret")]
    pub security_token: SecretString,
}

fn empty_secret() -> SecretString {
    SecretString::from(String::new())
}

/// Something to fix or to know about one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    /// The form key: `client_id`, `client_secret`, `username`, `password`, `security_token`.
    pub field: &'static str,
    pub severity: Severity,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The request cannot be sent until this is fixed.
    Blocking,
    /// Sent as is, but probably a mistake.
    Warning,
}

impl PasswordForm {
    /// Missing required fields (blocking) and surrounding whitespace (warnings), in form order.
    /// Client id and username are trimmed on send, so their whitespace is only mentioned.
    pub fn issues(&self) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        let plain = [
            ("client_id", &self.client_id, "the consumer key"),
            ("username", &self.username, "the username"),
        ];
        let secret = [
            (
                "client_secret",
                self.client_secret.expose_secret(),
                "the consumer secret",
            ),
            ("password", self.password.expose_secret(), "the password"),
        ];
        for (field, value, what) in plain {
            if value.trim().is_empty() {
                issues.push(blocking(field, format!("Enter {what}.")));
            } else if value.trim() != value.as_str() {
                issues.push(warning(
                    field,
                    "Leading or trailing spaces were removed: they are never part of it.",
                ));
            }
        }
        for (field, value, what) in secret {
            if value.is_empty() {
                issues.push(blocking(field, format!("Enter {what}.")));
            } else if value.trim() != value {
                issues.push(warning(field, "Starts or ends with a space: sent as is. Remove it unless it is really part of the value."));
            }
        }
        let token = self.security_token.expose_secret();
        if token.trim() != token {
            issues.push(warning(
                "security_token",
                "Starts or ends with a space: security tokens never contain spaces.",
            ));
        }
        issues.sort_by_key(|i| FIELD_ORDER.iter().position(|f| *f == i.field));
        issues
    }

    /// The grant as it stands, complete or not (for the request preview; never sent).
    pub fn to_grant_unchecked(&self) -> Grant {
        let token = self.security_token.expose_secret();
        Grant::Password(PasswordGrant {
            client_id: self.client_id.trim().to_string(),
            client_secret: self.client_secret.clone(),
            username: self.username.trim().to_string(),
            password: self.password.clone(),
            security_token: (!token.is_empty()).then(|| self.security_token.clone()),
        })
    }

    /// The grant to send, or the blocking issues when it cannot be sent yet.
    pub fn to_grant(&self) -> Result<Grant, Vec<FieldIssue>> {
        let blocking: Vec<FieldIssue> = self
            .issues()
            .into_iter()
            .filter(|i| i.severity == Severity::Blocking)
            .collect();
        if !blocking.is_empty() {
            return Err(blocking);
        }
        Ok(self.to_grant_unchecked())
    }
}

const FIELD_ORDER: [&str; 5] = [
    "client_id",
    "client_secret",
    "username",
    "password",
    "security_token",
];

fn blocking(field: &'static str, message: impl Into<String>) -> FieldIssue {
    FieldIssue {
        field,
        severity: Severity::Blocking,
        message: message.into(),
    }
}

fn warning(field: &'static str, message: impl Into<String>) -> FieldIssue {
    FieldIssue {
        field,
        severity: Severity::Warning,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(
        client_id: &str,
        secret: &str,
        username: &str,
        password: &str,
        token: &str,
    ) -> PasswordForm {
        PasswordForm {
            client_id: client_id.into(),
            client_secret: SecretString::from(secret.to_string()),
            username: username.into(),
            password: SecretString::from(password.to_string()),
            security_token: SecretString::from(token.to_string()),
        }
    }

    #[test]
    fn missing_fields_block_in_form_order() {
        let issues = form("", "", " ", "", "").issues();
        let fields: Vec<&str> = issues.iter().map(|i| i.field).collect();
        assert_eq!(
            fields,
            ["client_id", "client_secret", "username", "password"]
        );
        assert!(issues.iter().all(|i| i.severity == Severity::Blocking));
        assert!(form("", "s", "u", "p", "").to_grant().is_err());
    }

    #[test]
    fn whitespace_is_trimmed_from_ids_and_flagged_on_secrets() {
        let f = form(" 3MVG9 ", "secret ", "admin@acme.com\t", " pw", "TOK ");
        let issues = f.issues();
        assert_eq!(issues.len(), 5, "{issues:#?}");
        assert!(issues.iter().all(|i| i.severity == Severity::Warning));
        let Ok(Grant::Password(g)) = f.to_grant() else {
            panic!()
        };
        assert_eq!(
            (g.client_id.as_str(), g.username.as_str()),
            ("3MVG9", "admin@acme.com")
        );
        assert_eq!(
            g.password.expose_secret(),
            " pw",
            "a password is sent as typed"
        );
    }

    #[test]
    fn an_empty_security_token_means_none() {
        let Ok(Grant::Password(g)) = form("c", "s", "u", "p", "").to_grant() else {
            panic!()
        };
        assert!(g.security_token.is_none());
    }
}
