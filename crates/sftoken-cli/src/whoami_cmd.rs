//! `sftoken whoami` and `sftoken revoke`: operations on a token the user already has. The token
//! comes from `SFTOKEN_ACCESS_TOKEN` or stdin, never argv; what is shown about it (owner, expiry)
//! is the core's report, the same the window's "Who am I" shows.

use std::io::IsTerminal;

use sftoken_core::profiles::{Profile, ProfileBook};
use sftoken_core::{Error, LoginTarget, SecretString, TokenClient};

use crate::args::TokenUseArgs;
use crate::exit::Exit;
use crate::{profile_book, runtime, secret_env, target_arg};

struct Context {
    target: LoginTarget,
    token: SecretString,
    /// The profile named, with its book: a revoked token it keeps is dropped.
    profile: Option<(ProfileBook, Profile)>,
    client: TokenClient,
    runtime: tokio::runtime::Runtime,
    /// For introspection: the client id and secret, when known.
    app: Option<(String, SecretString)>,
}

fn context(args: &TokenUseArgs) -> Result<Context, Exit> {
    let (book, profile) = match &args.profile {
        Some(name) => {
            let book = profile_book::open()?;
            let profile = profile_book::named(&book, name)?;
            (Some(book), Some(profile))
        }
        None => (None, None),
    };
    let target = target_arg::chosen(args.target.as_deref(), profile.as_ref())?
        .resolve()
        .map_err(Error::from)?;
    let kept = match (&book, &profile) {
        (Some(book), Some(p)) => book
            .kept_token(&p.id)?
            .and_then(|k| k.response())
            .map(|r| r.access_token().clone()),
        _ => None,
    };
    let token = read_token(args.token_stdin, kept)?;
    let client_id = std::env::var("SFTOKEN_CLIENT_ID")
        .ok()
        .filter(|id| !id.trim().is_empty())
        .or_else(|| profile.as_ref().map(|p| p.client_id.clone()))
        .filter(|id| !id.trim().is_empty());
    let secret = match (secret_env::read("client_secret"), &book, &profile) {
        (Some(secret), _, _) => Some(secret),
        (None, Some(book), Some(profile)) => profile_secret(book, profile.clone()),
        _ => None,
    };
    let (runtime, client) = runtime::start(std::time::Duration::from_secs_f64(args.timeout))?;
    Ok(Context {
        target,
        token,
        client,
        runtime,
        app: client_id.zip(secret),
        profile: book.zip(profile),
    })
}

/// The profile's client secret from the keychain; a keychain that cannot be read is said, not fatal.
fn profile_secret(book: &ProfileBook, profile: Profile) -> Option<SecretString> {
    let opened = book.open(profile);
    if let Some(warning) = &opened.warning {
        tell!("warning: {warning}; the token's expiry is not checked");
    }
    opened.form.optional_client_secret()
}

/// The token from stdin or SFTOKEN_ACCESS_TOKEN; else the profile's kept token, when there is one.
fn read_token(from_stdin: bool, kept: Option<SecretString>) -> Result<SecretString, Exit> {
    if from_stdin {
        if std::io::stdin().is_terminal() {
            return Err(Exit::usage(
                "--token-stdin: pipe the token in (echo \"$TOKEN\" | sftoken …)",
            ));
        }
        let mut text = crate::prompt::bounded_stdin("--token-stdin", false)?;
        let token = text.trim().to_string();
        text.clear();
        if token.is_empty() {
            return Err(Exit::usage("--token-stdin: standard input was empty"));
        }
        return Ok(SecretString::from(token));
    }
    match (std::env::var("SFTOKEN_ACCESS_TOKEN"), kept) {
        (Ok(t), _) if !t.trim().is_empty() => Ok(SecretString::from(t.trim().to_string())),
        (_, Some(kept)) => Ok(kept),
        _ => Err(Exit::usage(
            "no token: set SFTOKEN_ACCESS_TOKEN, pipe it with --token-stdin, or name a --profile that keeps one",
        )),
    }
}

pub fn whoami(args: TokenUseArgs) -> Result<(), Exit> {
    let ctx = context(&args)?;
    let app = ctx.app.as_ref().map(|(id, secret)| (id.as_str(), secret));
    let report = ctx
        .runtime
        .block_on(ctx.client.describe_token(&ctx.target, &ctx.token, app))?;
    for (label, value) in report.lines() {
        say!("{label:<14}{value}");
    }
    if ctx.app.is_none() {
        tell!(
            "To check the token's expiry, set SFTOKEN_CLIENT_ID and SFTOKEN_CLIENT_SECRET (or use a --profile that has them)."
        );
    }
    Ok(())
}

pub fn revoke(args: TokenUseArgs) -> Result<(), Exit> {
    let ctx = context(&args)?;
    ctx.runtime
        .block_on(ctx.client.revoke(&ctx.target, &ctx.token))?;
    tell!("Revoked: Salesforce will refuse this token from now on.");
    // The profile's kept token, if it was this one or came from this refresh token, goes with it.
    if let Some((book, profile)) = &ctx.profile {
        if book.forget_revoked(profile, &ctx.token)? {
            tell!("{:?} no longer keeps its token.", profile.name);
        }
    }
    Ok(())
}
