//! `sftoken token`: flags, then the profile (if any), fill the request; secrets come from the
//! environment, then the profile's keychain item, then a prompt.

use sftoken_core::profiles::{find, Keychain, ProfileStore};
use sftoken_core::{Error, Grant, HttpConfig, LoginTarget, PasswordGrant, TokenClient};

use crate::args::TokenArgs;
use crate::exit::Exit;
use crate::secrets::SecretInput;
use crate::{output, profile_cmd};

pub fn run(args: TokenArgs) -> Result<(), Exit> {
    let profile = match &args.profile {
        Some(name) => {
            let loaded =
                profile_cmd::load(&ProfileStore::default_location().map_err(profile_cmd::exit)?)?;
            Some(find(&loaded, name).cloned().ok_or_else(|| {
                Exit::usage(format!(
                    "there is no profile named {name:?} (see `sftoken profile list`)"
                ))
            })?)
        }
        None => None,
    };
    let target: LoginTarget = match (&args.target, &profile) {
        (Some(t), _) => t
            .parse()
            .map_err(|e| Exit::usage(format!("--target: {e}")))?,
        (None, Some(p)) => p
            .target
            .resolve()
            .map_err(|e| Exit::usage(format!("profile {:?}: {e}", p.name)))?,
        (None, None) => LoginTarget::Production,
    };
    let pick = |flag: &Option<String>, stored: Option<&str>, what: &str| -> Result<String, Exit> {
        flag.as_deref()
            .or(stored.filter(|s| !s.is_empty()))
            .map(|v| v.trim().to_string())
            .ok_or_else(|| {
                Exit::usage(format!(
                    "{what} is missing: pass --{what} (or SFTOKEN_{}), or use --profile",
                    what.replace('-', "_").to_uppercase()
                ))
            })
    };
    let client_id = pick(
        &args.client_id,
        profile.as_ref().map(|p| p.client_id.as_str()),
        "client-id",
    )?;
    let username = pick(
        &args.username,
        profile.as_ref().map(|p| p.username.as_str()),
        "username",
    )?;

    let stored = match &profile {
        Some(p) if p.remember_secrets => match Keychain::system().load(&p.id) {
            Ok(secrets) => secrets,
            Err(e) => {
                eprintln!("warning: {e}; using the environment or a prompt instead");
                None
            }
        },
        _ => None,
    };
    let mut input = SecretInput::new(args.password_stdin, stored);
    let grant = Grant::Password(PasswordGrant {
        client_id,
        client_secret: input.client_secret()?,
        password: input.password()?,
        security_token: input.security_token()?,
        username: username.clone(),
    });
    let config = HttpConfig {
        timeout: args.timeout(),
        ..HttpConfig::default()
    };
    let client = TokenClient::new(config).map_err(|e| Exit::internal(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let outcome = runtime
        .block_on(client.request_token(&target, &grant))
        .map_err(|e| match e {
            Error::Target(t) => Exit::usage(t.to_string()),
            other => Exit::from_core(other),
        })?;
    output::print_outcome(&outcome, &username, &args.output)
}
