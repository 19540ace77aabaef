//! The form as the user filled it in, before it becomes a [`Grant`]: which fields the chosen grant
//! needs, which are missing, which carry stray whitespace (a classic copy-paste mistake), and what
//! may safely be trimmed. The window sends one over IPC; the command assembles one from its flags,
//! the environment, a profile, the keychain and prompts. Both turn it into a grant only here, so
//! "what counts as a valid form" and "which grant needs what" live in one place.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::grant::{
    ClientCredentialsGrant, Grant, GrantKind, JwtBearerGrant, JwtError, PasswordGrant, RefreshGrant,
};
use crate::jwt_key::PrivateKey;
use crate::target::{LoginTarget, TargetError};
use crate::target_spec::TargetSpec;

/// The request bar's target and every field of the Body tab, for every grant; each grant reads the
/// ones it sends. Secret fields are [`SecretString`]s (their `Debug` is redacted).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    /// Production, Sandbox, or My Domain with its host as typed.
    pub target: TargetSpec,
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
    /// JWT bearer: the `aud` claim, when it must differ from the one the target implies (an org
    /// that requires its My Domain); empty: from the target.
    pub audience: String,
    /// JWT bearer: the id of the profile whose key sftoken generated into the keychain; used when
    /// no key file is given. The key itself is read by `ProfileBook::load_jwt_key`, never sent here.
    pub keychain_key: String,
    /// That key, once read from the keychain (never (de)serialized).
    #[serde(skip)]
    pub jwt_key: Option<PrivateKey>,
    /// Web server flow.
    pub scope: String,
    pub callback: String,
    #[serde(default = "empty_secret")]
    pub refresh_token: SecretString,
}

fn empty_secret() -> SecretString {
    SecretString::from(String::new())
}

/// A secret field the form still lacks, with the question to ask for it (the command prompts, without
/// echo, when it runs in a terminal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretQuestion {
    pub field: &'static str,
    pub question: &'static str,
    /// False when an empty answer is a valid one (the security token of a trusted IP).
    pub required: bool,
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

const FIELD_ORDER: [&str; 11] = [
    "grant_type",
    "client_id",
    "client_secret",
    "username",
    "password",
    "security_token",
    "key_file",
    "audience",
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

    /// The target as typed, checked.
    pub fn target(&self) -> Result<LoginTarget, TargetError> {
        self.target.resolve()
    }

    /// Missing required fields (blocking) and surrounding whitespace (warnings), in form order.
    /// The target lets the form say before sending that client credentials needs a My Domain.
    pub fn issues(&self) -> Vec<FieldIssue> {
        self.issues_for(self.target().ok().as_ref())
    }

    /// [`issues`](Self::issues) with the target already resolved (`None`: it is invalid).
    fn issues_for(&self, target: Option<&LoginTarget>) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        let kind = self.kind();
        if !self.grant_type.trim().is_empty() && GrantKind::parse(&self.grant_type).is_none() {
            issues.push(blocking(
                "grant_type",
                format!(
                    "{:?} is not a grant sftoken knows: use password, client_credentials, \
the JWT bearer grant, authorization_code or refresh_token.",
                    self.grant_type
                ),
            ));
            // The other fields depend on the grant: nothing more to say until it is known.
            return issues;
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
        if kind.needs_my_domain()
            && matches!(target, Some(LoginTarget::Production | LoginTarget::Sandbox))
        {
            let grant = kind.label();
            let grant = format!("{}{}", grant[..1].to_uppercase(), &grant[1..]);
            issues.push(blocking(
                "grant_type",
                format!("{grant} works only on your org's My Domain host (https://NAME.my.salesforce.com): login and test.salesforce.com answer \"request not supported on this domain\"."),
            ));
        }
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
            }
            GrantKind::JwtBearer => {
                plain(&mut issues, "username", &self.username, "the username");
                if self.key_file.trim().is_empty() && self.uses_keychain_key() {
                    // The profile's generated key: read from the keychain when sending.
                } else if self.key_file.trim().is_empty() {
                    issues.push(blocking("key_file", "Choose the private key file whose certificate is uploaded to the connected app, or generate a key (Move off the password grant)."));
                } else if !Path::new(self.key_file.trim()).is_file() {
                    let path = self.key_file.trim();
                    issues.push(blocking(
                        "key_file",
                        if Path::new(path).exists() {
                            format!(
                                "{path} is not a regular file: choose the private key file (PEM)."
                            )
                        } else {
                            format!("No file at {path}.")
                        },
                    ));
                }
                self.audience_issues(target, &mut issues);
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
    pub fn to_grant_unchecked(&self) -> Option<Grant> {
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
            GrantKind::JwtBearer => self
                .jwt_grant(&self.target().ok()?)
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

    /// The blocking issues as an error, or `Ok` when the form can be sent.
    pub fn check(&self) -> Result<(), Error> {
        self.check_for(self.target().ok().as_ref())
    }

    fn check_for(&self, target: Option<&LoginTarget>) -> Result<(), Error> {
        let blocking: Vec<FieldIssue> = self
            .issues_for(target)
            .into_iter()
            .filter(|i| i.severity == Severity::Blocking)
            .collect();
        if blocking.is_empty() {
            Ok(())
        } else {
            Err(Error::Form(blocking))
        }
    }

    /// Whether Send starts with a browser sign-in (the web server flow) rather than a request.
    pub fn starts_with_browser_sign_in(&self) -> bool {
        self.kind().starts_with_browser_sign_in()
    }

    /// The secret fields still empty that the chosen grant sends, each with its question.
    pub fn secrets_to_ask(&self) -> Vec<SecretQuestion> {
        let ask = |field, question, required| SecretQuestion {
            field,
            question,
            required,
        };
        let wanted = match self.kind() {
            GrantKind::Password => vec![
                ask("client_secret", "Consumer secret (client_secret): ", true),
                ask("password", "Password: ", true),
                ask(
                    "security_token",
                    "Security token (Enter if your IP is in the org's trusted ranges): ",
                    false,
                ),
            ],
            GrantKind::ClientCredentials => {
                vec![ask(
                    "client_secret",
                    "Consumer secret (client_secret): ",
                    true,
                )]
            }
            GrantKind::Refresh => vec![ask("refresh_token", "Refresh token: ", true)],
            GrantKind::JwtBearer | GrantKind::AuthorizationCode => Vec::new(),
        };
        wanted
            .into_iter()
            .filter(|q| {
                self.secret(q.field)
                    .is_some_and(|s| s.expose_secret().is_empty())
            })
            .collect()
    }

    /// Whether the chosen grant reads this field (by its form key).
    pub fn reads(&self, field: &str) -> bool {
        self.kind().form_fields().contains(&field)
    }

    /// A secret field by its form key.
    pub fn secret(&self, field: &str) -> Option<&SecretString> {
        match field {
            "client_secret" => Some(&self.client_secret),
            "password" => Some(&self.password),
            "security_token" => Some(&self.security_token),
            "refresh_token" => Some(&self.refresh_token),
            _ => None,
        }
    }

    /// Sets a secret field by its form key; false when there is no such secret field.
    pub fn set_secret(&mut self, field: &str, value: SecretString) -> bool {
        let slot = match field {
            "client_secret" => &mut self.client_secret,
            "password" => &mut self.password,
            "security_token" => &mut self.security_token,
            "refresh_token" => &mut self.refresh_token,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// Every field with its value in clear, keyed as the window's form is: for filling the window's
    /// form from a profile, and nothing else.
    pub fn expose_json(&self) -> serde_json::Value {
        serde_json::json!({
            "target": self.target,
            "grant_type": self.kind().grant_type(),
            "client_id": self.client_id,
            "client_secret": self.client_secret.expose_secret(),
            "username": self.username,
            "password": self.password.expose_secret(),
            "security_token": self.security_token.expose_secret(),
            "key_file": self.key_file,
            "audience": self.audience,
            "keychain_key": self.keychain_key,
            "scope": self.scope,
            "callback": self.callback,
            "refresh_token": self.refresh_token.expose_secret(),
        })
    }

    /// The grant to send, or why it cannot be sent yet: [`Error::Target`] for the target,
    /// [`Error::Form`] with the blocking issues of the fields.
    pub fn to_grant(&self) -> Result<Grant, Error> {
        let target = &self.target()?;
        self.check_for(Some(target))?;
        if self.kind() == GrantKind::JwtBearer {
            return self
                .jwt_grant(target)
                .map(Grant::JwtBearer)
                .map_err(|e| Error::Form(vec![blocking("key_file", e.to_string())]));
        }
        self.to_grant_unchecked().ok_or_else(|| {
            Error::Form(vec![blocking(
                "grant_type",
                "This grant starts with a browser sign-in.",
            )])
        })
    }

    /// The `aud` a JWT carries: the one typed, else the target's login host.
    pub fn audience(&self, target: &LoginTarget) -> String {
        match self.audience.trim() {
            "" => crate::grant::audience_for(target),
            typed => typed.trim_end_matches('/').to_string(),
        }
    }

    fn audience_issues(&self, target: Option<&LoginTarget>, issues: &mut Vec<FieldIssue>) {
        let typed = self.audience.trim();
        if typed.is_empty() {
            return;
        }
        match url::Url::parse(typed) {
            Ok(url) if url.scheme() == "https" && url.host_str().is_some() => {}
            _ => {
                issues.push(blocking(
                    "audience",
                    "aud is a login URL such as https://login.salesforce.com, https://test.salesforce.com or your My Domain (https://NAME.my.salesforce.com); leave it empty to follow the target.",
                ));
                return;
            }
        }
        if let Some(target) = target {
            let expected = crate::grant::audience_for(target);
            if self.audience(target) != expected {
                issues.push(warning(
                    "audience",
                    format!("This target expects aud {expected}: Salesforce answers \"audience is invalid\" unless your org requires {}.", self.audience(target)),
                ));
            }
        }
    }

    /// True when Send must first read the profile's generated key from the keychain: a grant that
    /// signs with a key, no key file, and the key not read yet.
    pub fn needs_keychain_key(&self) -> bool {
        self.kind().signs_with_key() && self.uses_keychain_key() && self.jwt_key.is_none()
    }

    /// Whether a JWT is signed with the profile's key in the keychain (no key file given).
    pub fn uses_keychain_key(&self) -> bool {
        self.key_file.trim().is_empty()
            && (!self.keychain_key.trim().is_empty() || self.jwt_key.is_some())
    }

    /// The key file when one is given, else the keychain key once read.
    fn jwt_grant(&self, target: &LoginTarget) -> Result<JwtBearerGrant, JwtError> {
        if !self.uses_keychain_key() {
            return JwtBearerGrant::from_key_file(
                &self.client_id,
                &self.username,
                &self.audience(target),
                Path::new(self.key_file.trim()),
            );
        }
        match &self.jwt_key {
            Some(key) => JwtBearerGrant::from_key(
                &self.client_id,
                &self.username,
                &self.audience(target),
                key,
            ),
            None => Err(JwtError::KeyNotRead),
        }
    }

    /// The client secret when one was given (optional for the web server flow and refresh).
    pub fn optional_client_secret(&self) -> Option<SecretString> {
        (!self.client_secret.expose_secret().is_empty()).then(|| self.client_secret.clone())
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
#[path = "request_form_tests.rs"]
mod tests;
