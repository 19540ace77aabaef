//! `sftoken token`: one form, assembled from the command line, the environment, a profile and
//! prompts (`form_input.rs`), checked by the form itself, then sent through the core's one Send —
//! the same path as the window's Send button, whatever the grant.

use std::time::Duration;

use sftoken_core::profiles::{Expiry, Keychain, Profile, ProfileBook, SecretsKept};
use sftoken_core::token_reuse::{Obtained, ReusePolicy};
use sftoken_core::{ExposeSecret, IssuedToken, RequestForm};

use crate::args::TokenArgs;
use crate::exit::Exit;
use crate::form_input::{self, FormInput};
use crate::send_progress::SendProgress;
use crate::{form_issues, output, profile_book, runtime};

pub fn run(args: TokenArgs) -> Result<(), Exit> {
    output::check_field(&args.output)?;
    let got = get(&args)?;
    output::print(&got.issued, got.reuse.as_ref(), &args.output)
}

/// A token, the way `sftoken token` gets it (also for `env` and `exec`).
pub fn issue(args: &TokenArgs) -> Result<IssuedToken, Exit> {
    get(args).map(|got| got.issued)
}

/// The token and the form it was got with (its secrets, for an export that asks for them).
pub fn issue_with_form(args: &TokenArgs) -> Result<(IssuedToken, RequestForm), Exit> {
    get(args).map(|got| (got.issued, got.form))
}

/// What `get` returns: the token, the form, and — for a profile — how the token was got.
pub struct Got {
    pub issued: IssuedToken,
    pub form: RequestForm,
    pub reuse: Option<Reuse>,
}

/// How a profile's token was got (reused or new) and until when it is good.
pub struct Reuse {
    pub obtained: Obtained,
    pub expiry: Expiry,
}

/// With a profile, its kept token while it is good (the core's `profile_token`), else a new
/// login; said on stderr. Without one, a new login every time.
fn get(args: &TokenArgs) -> Result<Got, Exit> {
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
    let (Some(book), Some(profile)) = (&book, &profile) else {
        let issued = runtime.block_on(client.send_form(
            &form,
            sign_in_wait,
            &progress,
            std::future::pending(),
        ))?;
        return Ok(Got {
            issued,
            form,
            reuse: None,
        });
    };
    let policy = ReusePolicy {
        min_valid: args.min_valid,
        fresh: args.fresh,
    };
    let got = runtime
        .block_on(client.profile_token(
            book,
            profile,
            &mut form,
            policy,
            sign_in_wait,
            &progress,
        ))
        .map_err(|error| {
            let ask = error.org_knows_why().then(|| {
                format!(
                    "The org's Login History knows the real cause: sftoken why --profile {:?} --as \"AN ADMIN PROFILE\"",
                    profile.name
                )
            });
            let exit = Exit::from(error);
            match ask {
                Some(line) => exit.note(line),
                None => exit,
            }
        })?;
    if let Some(why) = &got.dropped {
        tell!("{why}.");
    }
    if let Some(why) = &got.not_kept {
        tell!("warning: the new token was not kept ({why}); the next call logs in again.");
    }
    if !args.output.json {
        tell!("Token: {}.", got.summary(chrono::Utc::now()));
    }
    if got.obtained != Obtained::Reused {
        keep_refresh_token(book, profile, &form, &got.issued);
    }
    Ok(Got {
        issued: got.issued,
        form,
        reuse: Some(Reuse {
            obtained: got.obtained,
            expiry: got.expiry,
        }),
    })
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
