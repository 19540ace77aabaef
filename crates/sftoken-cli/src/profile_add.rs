//! `sftoken profile add`: a profile draft from the flags, its secrets from the environment, stdin or
//! prompts where Enter skips one, saved through the core's profile book like the window's Save.
//! Secrets are never written to a file: without a keychain the profile is saved only with
//! --no-secrets.

use std::collections::HashSet;

use sftoken_core::profiles::{
    check_name, Keychain, KeychainStatus, ProfileBook, ProfileDraft, ProfileSecrets, TokenSettings,
};
use sftoken_core::{Error, RequestForm, SecretQuestion};

use crate::args::ProfileAddArgs;
use crate::exit::Exit;
use crate::{form_issues, profile_book, prompt, secret_env, target_arg};

/// Offered to every grant: the browser flow and refresh may send one too.
const CLIENT_SECRET: SecretQuestion = SecretQuestion {
    field: "client_secret",
    question: "Consumer secret (client_secret): ",
    required: true,
};

/// Offered when the profile keeps refresh tokens.
const REFRESH_TOKEN: SecretQuestion = SecretQuestion {
    field: "refresh_token",
    question: "Refresh token: ",
    required: true,
};

pub fn add(book: &ProfileBook, args: ProfileAddArgs) -> Result<(), Exit> {
    check_name(&profile_book::profiles(book)?, &args.name, None).map_err(Error::from)?;
    let mut form = RequestForm {
        target: target_arg::chosen(Some(&args.target), None)?,
        grant_type: args.grant,
        client_id: args.client_id,
        username: args.username,
        key_file: args
            .flows
            .key_file
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        audience: args.flows.audience.unwrap_or_default(),
        scope: args.flows.scope.unwrap_or_default(),
        callback: args.flows.callback.unwrap_or_default(),
        ..RequestForm::default()
    };
    // A grant sftoken does not know, or one that cannot work on this target, is never saved.
    form_issues::refuse_blocking(
        form.issues()
            .into_iter()
            .filter(|i| i.field == "grant_type"),
    )?;
    let remember_secrets = !args.no_secrets;
    if remember_secrets {
        if let KeychainStatus::Unavailable { reason } = book.keychain_status() {
            return Err(Exit::internal(format!(
                "{reason}. The profile was not saved: add --no-secrets to save it without secrets (sftoken never writes secrets to a file)"
            )));
        }
        take_secrets(&mut form, args.keep_refresh_token, args.password_stdin)?;
    }
    form_issues::print_warnings(&form.issues());
    let stored = ProfileSecrets::from_form(&form, args.keep_refresh_token).present();
    let saved = book.save(
        None,
        ProfileDraft {
            name: args.name,
            notes: args.notes.unwrap_or_default(),
            remember_secrets,
            keep_refresh_token: args.keep_refresh_token,
            tokens: Some(TokenSettings {
                keep_tokens: args.tokens.keep_tokens.unwrap_or(true),
                session_timeout_minutes: args.tokens.session_timeout.and_then(|t| t.0),
            }),
            form,
        },
    )?;
    if !remember_secrets && args.tokens.keep_tokens == Some(true) {
        tell!("Note: a profile that does not remember secrets keeps no token (a token is a secret too).");
    }
    let name = &saved.profile.name;
    if let Some(warning) = saved.warning {
        return Err(Exit::internal(format!(
            "{warning}; profile {name:?} was saved without them"
        )));
    }
    match (remember_secrets, stored.is_empty()) {
        (false, _) => tell!("Saved profile {name:?} (secrets are not remembered)."),
        (true, true) => {
            tell!("Saved profile {name:?}; no secrets were given, so none are stored.")
        }
        (true, false) => tell!(
            "Saved profile {name:?}; {} stored in {}.",
            stored.join(", "),
            Keychain::name()
        ),
    }
    Ok(())
}

/// The secrets to keep, all optional: the piped password, then for each secret offered, the
/// environment's value or, at a terminal, a prompt.
fn take_secrets(
    form: &mut RequestForm,
    keep_refresh_token: bool,
    password_stdin: bool,
) -> Result<(), Exit> {
    if password_stdin {
        form.set_secret("password", prompt::password_from_stdin()?);
    }
    let can_ask = prompt::can_ask(password_stdin);
    for q in offered(form, keep_refresh_token) {
        if let Some(value) = secret_env::read(q.field) {
            form.set_secret(q.field, value);
        } else if can_ask {
            form.set_secret(q.field, prompt::ask_secret(&skippable(&q))?);
        }
    }
    Ok(())
}

/// The client secret, the secrets the chosen grant sends, and the refresh token when kept.
fn offered(form: &RequestForm, keep_refresh_token: bool) -> Vec<SecretQuestion> {
    let mut offered = vec![CLIENT_SECRET];
    offered.extend(form.secrets_to_ask());
    offered.push(REFRESH_TOKEN);
    let mut seen = HashSet::new();
    offered.retain(|q| (q.field != "refresh_token" || keep_refresh_token) && seen.insert(q.field));
    offered
}

/// "Password: " → "Password (Enter to skip): "; a question whose empty answer is valid stays as is.
fn skippable(q: &SecretQuestion) -> String {
    if !q.required {
        return q.question.to_string();
    }
    let stem = q.question.trim_end().trim_end_matches(':');
    match stem.strip_suffix(')') {
        Some(open) => format!("{open}, Enter to skip): "),
        None => format!("{stem} (Enter to skip): "),
    }
}
