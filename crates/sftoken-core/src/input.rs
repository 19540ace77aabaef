//! The form as the user filled it in, before it becomes a [`Grant`]: which fields the chosen grant
//! needs, which are missing, which carry stray whitespace (a classic copy-paste mistake), and what
//! may safely be trimmed. The window and the command both use this, so "what counts as a valid
//! form" lives in one place.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::grant::{
    ClientCredentialsGrant, Grant, GrantKind, JwtBearerGrant, PasswordGrant, RefreshGrant,
};
use crate::target::LoginTarget;

/// Every field of the Body tab, for every grant; each grant reads the ones it sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    /// The `grant_type` value (or a short name); empty means password.
    pub grant_type: String,
    pub client_id: String,
    #[serde(default = "empty_secret")]
    pub client_secret: SecretString,
    pub username: String,
    #[serde(default = "empty_secret")]
    pub password: SecretString,
    #[serde(default = "empty_secret")]
    pub security_token: SecretString,
    /// JWT bearer: the private key file.
    pub key_file: String,
    /// Web server flow.
    pub scope: String,
    pub callback: String,
    #[serde(default = "empty_secret")]
    pub refresh_token: SecretString,
}

fn empty_secret() -> SecretString {
    SecretString::from(String::new())
}

/// Something to fix or to know about one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    /// The form key (`client_id`, `password`, `key_file`…), or `grant_type` for the grant as a whole.
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

const FIELD_ORDER: [&str; 10] = [
    "grant_type",
    "client_id",
    "client_secret",
    "username",
    "password",
    "security_token",
    "key_file",
    "scope",
    "callback",
    "refresh_token",
];

impl RequestForm {
    pub fn kind(&self) -> GrantKind {
        if self.grant_type.trim().is_empty() {
            return GrantKind::Password;
        }
        GrantKind::parse(&self.grant_type).unwrap_or(GrantKind::Password)
    }

    /// Missing required fields (blocking) and surrounding whitespace (warnings), in form order.
    /// `target` lets the form say before sending that client credentials needs a My Domain.
    pub fn issues(&self, target: Option<&LoginTarget>) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        let kind = self.kind();
        if !self.grant_type.trim().is_empty() && GrantKind::parse(&self.grant_type).is_none() {
            issues.push(blocking(
                "grant_type",
                format!("{:?} is not a grant sftoken knows.", self.grant_type),
            ));
        }
        let plain = |issues: &mut Vec<FieldIssue>, field: &'static str, value: &str, what: &str| {
            if value.trim().is_empty() {
                issues.push(blocking(field, format!("Enter {what}.")));
            } else if value.trim() != value {
                issues.push(warning(
                    field,
                    "Leading or trailing spaces were removed: they are never part of it.",
                ));
            }
        };
        let secret = |issues: &mut Vec<FieldIssue>,
                      field: &'static str,
                      value: &SecretString,
                      what: Option<&str>| {
            let v = value.expose_secret();
            match what {
                Some(what) if v.is_empty() => issues.push(blocking(field, format!("Enter {what}."))),
                _ if v.trim() != v => issues.push(warning(
                    field,
                    "Starts or ends with a space: sent as is. Remove it unless it is really part of the value.",
                )),
                _ => {}
            }
        };
        plain(
            &mut issues,
            "client_id",
            &self.client_id,
            "the consumer key",
        );
        match kind {
            GrantKind::Password => {
                secret(
                    &mut issues,
                    "client_secret",
                    &self.client_secret,
                    Some("the consumer secret"),
                );
                plain(&mut issues, "username", &self.username, "the username");
                secret(
                    &mut issues,
                    "password",
                    &self.password,
                    Some("the password"),
                );
                let token = self.security_token.expose_secret();
                if token.trim() != token {
                    issues.push(warning(
                        "security_token",
                        "Starts or ends with a space: security tokens never contain spaces.",
                    ));
                }
            }
            GrantKind::ClientCredentials => {
                secret(
                    &mut issues,
                    "client_secret",
                    &self.client_secret,
                    Some("the consumer secret"),
                );
                if matches!(target, Some(LoginTarget::Production | LoginTarget::Sandbox)) {
                    issues.push(blocking(
                        "grant_type",
                        "Client credentials works only on your org's My Domain host: choose My Domain (login and test.salesforce.com answer \"request not supported on this domain\").",
                    ));
                }
            }
            GrantKind::JwtBearer => {
                plain(&mut issues, "username", &self.username, "the username");
                if self.key_file.trim().is_empty() {
                    issues.push(blocking("key_file", "Choose the private key file whose certificate is uploaded to the connected app."));
                } else if !Path::new(self.key_file.trim()).is_file() {
                    issues.push(blocking(
                        "key_file",
                        format!("No file at {}.", self.key_file.trim()),
                    ));
                }
            }
            GrantKind::AuthorizationCode => {
                secret(&mut issues, "client_secret", &self.client_secret, None);
                if let Err(e) = crate::browser_sign_in::check_callback(&self.callback_or_default())
                {
                    issues.push(blocking("callback", e.to_string()));
                }
            }
            GrantKind::Refresh => {
                secret(&mut issues, "client_secret", &self.client_secret, None);
                secret(
                    &mut issues,
                    "refresh_token",
                    &self.refresh_token,
                    Some("the refresh token"),
                );
            }
        }
        issues.sort_by_key(|i| FIELD_ORDER.iter().position(|f| *f == i.field));
        issues
    }

    /// The grant as it stands, complete or not (for the request preview; never sent). The browser
    /// sign-in has no grant until the browser comes back, and a JWT needs its key: `None` then.
    pub fn to_grant_unchecked(&self, target: &LoginTarget) -> Option<Grant> {
        let secret = |s: &SecretString| (!s.expose_secret().is_empty()).then(|| s.clone());
        match self.kind() {
            GrantKind::Password => Some(Grant::Password(PasswordGrant {
                client_id: self.client_id.trim().to_string(),
                client_secret: self.client_secret.clone(),
                username: self.username.trim().to_string(),
                password: self.password.clone(),
                security_token: secret(&self.security_token),
            })),
            GrantKind::ClientCredentials => {
                Some(Grant::ClientCredentials(ClientCredentialsGrant {
                    client_id: self.client_id.trim().to_string(),
                    client_secret: self.client_secret.clone(),
                }))
            }
            GrantKind::JwtBearer => JwtBearerGrant::from_key_file(
                &self.client_id,
                &self.username,
                target,
                Path::new(self.key_file.trim()),
            )
            .ok()
            .map(Grant::JwtBearer),
            GrantKind::AuthorizationCode => None,
            GrantKind::Refresh => Some(Grant::Refresh(RefreshGrant {
                client_id: self.client_id.trim().to_string(),
                client_secret: secret(&self.client_secret),
                refresh_token: self.refresh_token.clone(),
            })),
        }
    }

    /// The grant to send, or the blocking issues when it cannot be sent yet.
    pub fn to_grant(&self, target: &LoginTarget) -> Result<Grant, Vec<FieldIssue>> {
        let blocking_issues: Vec<FieldIssue> = self
            .issues(Some(target))
            .into_iter()
            .filter(|i| i.severity == Severity::Blocking)
            .collect();
        if !blocking_issues.is_empty() {
            return Err(blocking_issues);
        }
        if self.kind() == GrantKind::JwtBearer {
            return JwtBearerGrant::from_key_file(
                &self.client_id,
                &self.username,
                target,
                Path::new(self.key_file.trim()),
            )
            .map(Grant::JwtBearer)
            .map_err(|e| vec![blocking("key_file", e.to_string())]);
        }
        self.to_grant_unchecked(target).ok_or_else(|| {
            vec![blocking(
                "grant_type",
                "This grant starts with a browser sign-in.",
            )]
        })
    }

    pub fn scope_or_default(&self) -> String {
        if self.scope.trim().is_empty() {
            crate::DEFAULT_SCOPE.into()
        } else {
            self.scope.trim().into()
        }
    }

    pub fn callback_or_default(&self) -> String {
        if self.callback.trim().is_empty() {
            crate::DEFAULT_CALLBACK.into()
        } else {
            self.callback.trim().into()
        }
    }
}

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
#[path = "input_tests.rs"]
mod tests;
