//! `sftoken token`: one form, assembled from the command line, the environment, a profile and
//! prompts (`form_input.rs`), checked by the form itself, then sent through the core's one Send —
//! the same path as the window's Send button, whatever the grant.

use std::time::Duration;

use sftoken_core::profiles::{Keychain, Profile, ProfileBook, SecretsKept};
use sftoken_core::{ExposeSecret, IssuedToken, RequestForm};

use crate::args::TokenArgs;
use crate::exit::Exit;
use crate::form_input::{self, FormInput};
use crate::send_progress::SendProgress;
use crate::{form_issues, output, profile_book, runtime};

pub fn run(args: TokenArgs) -> Result<(), Exit> {
    output::check_field(&args.output)?;
    let issued = issue(&args)?;
    output::print(&issued, &args.output)
}

/// A token, the way `sftoken token` gets it (also for `env` and `exec`).
pub fn issue(args: &TokenArgs) -> Result<IssuedToken, Exit> {
    issue_with_form(args).map(|(issued, _)| issued)
}

/// The token and the form it was got with (its secrets, for an export that asks for them).
pub fn issue_with_form(args: &TokenArgs) -> Result<(IssuedToken, RequestForm), Exit> {
    let book = match &args.profile {
        Some(_) => Some(profile_book::open()?),
        None => None,
    };
    let FormInput { mut form, profile } = form_input::assemble(args, book.as_ref())?;
    form_issues::check(&form)?;
    if let Some(book) = &book {
        book.load_jwt_key(&mut form)?;
    }
    let (runtime, client) = runtime::start(args.timeout())?;
    let sign_in_wait = Duration::from_secs_f64(args.flows.sign_in_timeout);
    let progress = SendProgress::new(args.flows.no_browser);
    let issued = runtime.block_on(client.send_form(
        &form,
        sign_in_wait,
        &progress,
        std::future::pending(),
    ))?;
    if let (Some(book), Some(profile)) = (&book, &profile) {
        keep_refresh_token(book, profile, &form, &issued);
    }
    Ok((issued, form))
}

/// A profile that keeps refresh tokens gets the new one (a rotated token replaces the old). Said
/// only when it changed; a failure is a warning, the token was issued all the same.
fn keep_refresh_token(
    book: &ProfileBook,
    profile: &Profile,
    form: &RequestForm,
    issued: &IssuedToken,
) {
    let Some(token) = issued.outcome.response.refresh_token() else {
        return;
    };
    if !profile.keep_refresh_token || token.expose_secret() == form.refresh_token.expose_secret() {
        return;
    }
    match book.keep_refresh_token(&profile.id, token) {
        Ok(SecretsKept::Keychain) => tell!(
            "The refresh token was stored in {} for profile {:?}.",
            Keychain::name(),
            profile.name
        ),
        Ok(_) => {}
        Err(e) => tell!("warning: the refresh token was not kept: {e}"),
    }
}
