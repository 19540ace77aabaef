//! Where the command's secrets come from, in order: the environment, stdin (`--password-stdin`), a
//! profile's keychain item, or a prompt without echo when stdin is a terminal. Never argv. Values are
//! checked for stray whitespace (a classic copy-paste mistake) and the user is told, without the
//! value being shown.

use std::io::{BufRead, IsTerminal};

use sftoken_core::profiles::ProfileSecrets;
use sftoken_core::{ExposeSecret, SecretString};

use crate::exit::Exit;

pub struct SecretInput {
    password_stdin: bool,
    can_prompt: bool,
    /// A profile's secrets from the keychain: used when the environment has none.
    stored: ProfileSecrets,
}

impl SecretInput {
    pub fn new(password_stdin: bool, stored: Option<ProfileSecrets>) -> SecretInput {
        SecretInput {
            password_stdin,
            can_prompt: !password_stdin && std::io::stdin().is_terminal(),
            stored: stored.unwrap_or_default(),
        }
    }

    pub fn client_secret(&mut self) -> Result<SecretString, Exit> {
        let stored = self.stored.client_secret.take();
        self.required(
            "SFTOKEN_CLIENT_SECRET",
            stored,
            "Consumer secret (client_secret): ",
            "the consumer secret",
        )
    }

    pub fn password(&mut self) -> Result<SecretString, Exit> {
        if self.password_stdin {
            return read_stdin_line();
        }
        let stored = self.stored.password.take();
        self.required("SFTOKEN_PASSWORD", stored, "Password: ", "the password")
    }

    /// Optional: an empty value means "my IP is trusted, send the password alone".
    pub fn security_token(&mut self) -> Result<Option<SecretString>, Exit> {
        let stored = self.stored.security_token.take();
        let value = match from_env("SFTOKEN_SECURITY_TOKEN").or(stored) {
            Some(v) => v,
            None if self.can_prompt => {
                prompt("Security token (Enter if your IP is in the org's trusted ranges): ")?
            }
            None => return Ok(None),
        };
        Ok((!value.expose_secret().is_empty()).then_some(value))
    }

    /// `--grant refresh`: the environment first, then the profile's keychain item.
    pub fn refresh_token(&mut self) -> Result<SecretString, Exit> {
        let stored = self.stored.refresh_token.take();
        self.required(
            "SFTOKEN_REFRESH_TOKEN",
            stored,
            "Refresh token: ",
            "the refresh token",
        )
    }

    /// For grants where the app may not need a secret (web server flow, refresh).
    pub fn optional_client_secret(&mut self) -> Option<SecretString> {
        from_env("SFTOKEN_CLIENT_SECRET").or_else(|| self.stored.client_secret.take())
    }

    /// For `profile add`: a secret that may be skipped (Enter at the prompt, or nothing set).
    pub fn optional(&mut self, var: &str, question: &str) -> Result<Option<SecretString>, Exit> {
        if let Some(v) = from_env(var) {
            return Ok(Some(v));
        }
        if self.can_prompt {
            let v = prompt(question)?;
            return Ok((!v.expose_secret().is_empty()).then_some(v));
        }
        Ok(None)
    }

    pub fn optional_password(&mut self) -> Result<Option<SecretString>, Exit> {
        if self.password_stdin {
            return read_stdin_line().map(Some);
        }
        self.optional("SFTOKEN_PASSWORD", "Password (Enter to skip): ")
    }

    fn required(
        &mut self,
        var: &str,
        stored: Option<SecretString>,
        question: &str,
        what: &str,
    ) -> Result<SecretString, Exit> {
        if let Some(v) = from_env(var).or(stored) {
            return Ok(v);
        }
        if self.can_prompt {
            let v = prompt(question)?;
            if !v.expose_secret().is_empty() {
                return Ok(v);
            }
        }
        Err(Exit::usage(format!(
            "{what} is missing: set {var}, save it in a profile, or run in a terminal to be asked for it{}",
            if var == "SFTOKEN_PASSWORD" { ", or pipe it with --password-stdin" } else { "" }
        )))
    }
}

/// An empty variable counts as unset (except the security token, where empty means "none").
fn from_env(var: &str) -> Option<SecretString> {
    let value = std::env::var(var).ok()?;
    if value.is_empty() && var != "SFTOKEN_SECURITY_TOKEN" {
        return None;
    }
    warn_whitespace(var, &value);
    Some(SecretString::from(value))
}

fn prompt(question: &str) -> Result<SecretString, Exit> {
    let value = rpassword::prompt_password(question)
        .map_err(|e| Exit::usage(format!("could not read from the terminal: {e}")))?;
    warn_whitespace("the value typed", &value);
    Ok(SecretString::from(value))
}

/// The first line of stdin, without its line ending (other spaces are kept: they may be intended).
fn read_stdin_line() -> Result<SecretString, Exit> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Exit::usage(format!(
            "--password-stdin: could not read standard input: {e}"
        ))
    })?;
    let trimmed = line.strip_suffix('\n').unwrap_or(&line);
    let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string();
    line.clear();
    if trimmed.is_empty() {
        return Err(Exit::usage(
            "--password-stdin: standard input was empty: pipe the password in",
        ));
    }
    warn_whitespace("the password from stdin", &trimmed);
    Ok(SecretString::from(trimmed))
}

fn warn_whitespace(name: &str, value: &str) {
    if value != value.trim() {
        eprintln!("warning: {name} starts or ends with whitespace; it is sent as is");
    }
}
