//! `sftoken token`: flags, then the profile (if any), fill the request for the chosen grant;
//! secrets come from the environment, then the profile's keychain item, then a prompt.

use std::path::PathBuf;
use std::time::Duration;

use sftoken_core::profiles::{find, Keychain, Profile, ProfileSecrets, ProfileStore};
use sftoken_core::{
    BrowserSignIn, ClientCredentialsGrant, Error, ExposeSecret, Grant, GrantKind, HttpConfig,
    JwtBearerGrant, LoginTarget, PasswordGrant, RefreshGrant, SecretString, TokenClient,
    TokenOutcome, DEFAULT_CALLBACK, DEFAULT_SCOPE,
};

use crate::args::TokenArgs;
use crate::exit::Exit;
use crate::secrets::SecretInput;
use crate::{output, profile_cmd};

pub fn run(args: TokenArgs) -> Result<(), Exit> {
    let profile = match &args.profile {
        Some(name) => Some(load_profile(name)?),
        None => None,
    };
    let target = resolve_target(args.target.as_deref(), profile.as_ref())?;
    let kind = match args
        .grant
        .as_deref()
        .or(profile.as_ref().map(|p| p.grant.as_str()))
    {
        Some(g) => GrantKind::parse(g).ok_or_else(|| {
            Exit::usage(format!(
                "--grant {g:?}: use password, client-credentials, jwt, web or refresh"
            ))
        })?,
        None => GrantKind::Password,
    };
    let from_profile = |f: fn(&Profile) -> &str| {
        profile
            .as_ref()
            .map(f)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let client_id = pick(
        args.client_id.clone(),
        from_profile(|p| &p.client_id),
        "client-id",
    )?;
    let stored = profile.as_ref().and_then(stored_secrets);
    let mut input = SecretInput::new(args.password_stdin, stored);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let client = TokenClient::new(HttpConfig {
        timeout: args.timeout(),
        ..HttpConfig::default()
    })
    .map_err(|e| Exit::internal(e.to_string()))?;

    let mut who = String::new();
    let grant = match kind {
        GrantKind::Password => {
            let username = pick(
                args.username.clone(),
                from_profile(|p| &p.username),
                "username",
            )?;
            who.clone_from(&username);
            Grant::Password(PasswordGrant {
                client_id,
                client_secret: input.client_secret()?,
                password: input.password()?,
                security_token: input.security_token()?,
                username,
            })
        }
        GrantKind::ClientCredentials => {
            if !matches!(target, LoginTarget::MyDomain(_)) {
                return Err(Exit::usage(
                    "client credentials works only on your org's My Domain: use --target https://NAME.my.salesforce.com (Salesforce answers \"request not supported on this domain\" on login/test.salesforce.com)",
                ));
            }
            Grant::ClientCredentials(ClientCredentialsGrant {
                client_id,
                client_secret: input.client_secret()?,
            })
        }
        GrantKind::JwtBearer => {
            let username = pick(
                args.username.clone(),
                from_profile(|p| &p.username),
                "username",
            )?;
            who.clone_from(&username);
            let key_file = args.flows.key_file.clone().or_else(|| from_profile(|p| &p.key_file).map(PathBuf::from)).ok_or_else(|| {
                Exit::usage("--key-file is missing: the RSA private key whose certificate is uploaded to the connected app")
            })?;
            let grant = JwtBearerGrant::from_key_file(&client_id, &username, &target, &key_file)
                .map_err(|e| Exit::usage(e.to_string()))?;
            let c = grant.claims();
            eprintln!(
                "assertion: iss={} sub={} aud={} exp={} (RS256)",
                c.iss, c.sub, c.aud, c.exp
            );
            Grant::JwtBearer(grant)
        }
        GrantKind::AuthorizationCode => {
            let scope = args
                .flows
                .scope
                .clone()
                .or_else(|| from_profile(|p| &p.scope))
                .unwrap_or_else(|| DEFAULT_SCOPE.into());
            let callback = args
                .flows
                .callback
                .clone()
                .or_else(|| from_profile(|p| &p.callback))
                .unwrap_or_else(|| DEFAULT_CALLBACK.into());
            let secret = input.optional_client_secret();
            let wait = Duration::from_secs_f64(args.flows.sign_in_timeout);
            Grant::AuthorizationCode(runtime.block_on(sign_in(
                &target,
                &client_id,
                &scope,
                &callback,
                secret,
                wait,
                args.flows.no_browser,
            ))?)
        }
        GrantKind::Refresh => Grant::Refresh(RefreshGrant {
            client_id,
            client_secret: input.optional_client_secret(),
            refresh_token: input.refresh_token()?,
        }),
    };
    let outcome = runtime
        .block_on(client.request_token(&target, &grant))
        .map_err(|e| match e {
            Error::Target(t) => Exit::usage(t.to_string()),
            other => Exit::from_core(other),
        })?;
    if let Some(p) = &profile {
        keep_refresh_token(p, &outcome);
    }
    if who.is_empty() {
        who = outcome.response.field("username").unwrap_or_default();
    }
    output::print_outcome(&outcome, &who, kind, &args.output)
}

fn load_profile(name: &str) -> Result<Profile, Exit> {
    let loaded = profile_cmd::load(&ProfileStore::default_location().map_err(profile_cmd::exit)?)?;
    find(&loaded, name).cloned().ok_or_else(|| {
        Exit::usage(format!(
            "there is no profile named {name:?} (see `sftoken profile list`)"
        ))
    })
}

/// `--target`, else the profile's, else production.
pub fn resolve_target(flag: Option<&str>, profile: Option<&Profile>) -> Result<LoginTarget, Exit> {
    match (flag, profile) {
        (Some(t), _) => t.parse().map_err(|e| Exit::usage(format!("--target: {e}"))),
        (None, Some(p)) => p
            .target
            .resolve()
            .map_err(|e| Exit::usage(format!("profile {:?}: {e}", p.name))),
        (None, None) => Ok(LoginTarget::Production),
    }
}

fn pick(flag: Option<String>, stored: Option<String>, what: &str) -> Result<String, Exit> {
    flag.or(stored)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Exit::usage(format!(
                "{what} is missing: pass --{what} (or SFTOKEN_{}), or use --profile",
                what.replace('-', "_").to_uppercase()
            ))
        })
}

/// The profile's keychain item, when it remembers secrets; a keychain failure is said, not fatal.
pub fn stored_secrets(p: &Profile) -> Option<ProfileSecrets> {
    if !p.remember_secrets {
        return None;
    }
    match Keychain::system().load(&p.id) {
        Ok(secrets) => secrets,
        Err(e) => {
            eprintln!("warning: {e}; using the environment or a prompt instead");
            None
        }
    }
}

/// Opens the browser (or prints the URL) and waits for it to come back to the callback.
async fn sign_in(
    target: &LoginTarget,
    client_id: &str,
    scope: &str,
    callback: &str,
    secret: Option<SecretString>,
    wait: Duration,
    no_browser: bool,
) -> Result<sftoken_core::AuthorizationCodeGrant, Exit> {
    let sign_in = BrowserSignIn::start(target, client_id, scope, callback)
        .await
        .map_err(|e| Exit::usage(e.to_string()))?;
    let url = sign_in.authorize_url().to_string();
    eprintln!(
        "Sign in to Salesforce in your browser. If it does not open, open this URL:\n  {url}"
    );
    eprintln!(
        "Waiting for the browser to come back to {} …",
        sign_in.redirect_uri()
    );
    if !no_browser && std::env::var_os("SFTOKEN_NO_BROWSER").is_none() {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("(no browser could be opened: {e})");
        }
    }
    sign_in.finish(secret, wait).await.map_err(|e| {
        let mut exit = match e {
            // Salesforce or the user said no: 3; no answer came back at all: 4, like a network failure.
            sftoken_core::SignInError::Denied { .. } | sftoken_core::SignInError::StateMismatch => Exit::refused(e.to_string()),
            _ => Exit::transport(e.to_string()),
        };
        match e {
            sftoken_core::SignInError::Denied { .. } => {
                exit.add_hint("The user (or an admin policy) declined the app: check the connected app's Permitted Users and the user's profile.")
            }
            sftoken_core::SignInError::TimedOut { .. } => exit.add_hint(
                "If the browser showed redirect_uri_mismatch, the --callback must match a callback URL of the connected app exactly.",
            ),
            _ => {}
        }
        exit
    })
}

/// With a profile that keeps refresh tokens: store the new one (rotation replaces the old).
fn keep_refresh_token(p: &Profile, outcome: &TokenOutcome) {
    let Some(refresh) = outcome.response.expose_field("refresh_token") else {
        return;
    };
    if !p.keep_refresh_token || !p.remember_secrets {
        return;
    }
    let keychain = Keychain::system();
    let mut secrets = match keychain.load(&p.id) {
        Ok(stored) => stored.unwrap_or_default(),
        Err(e) => {
            // Saving now would replace the stored secrets with the refresh token alone.
            eprintln!(
                "warning: the refresh token was not kept: the keychain could not be read ({e})"
            );
            return;
        }
    };
    let changed = secrets
        .refresh_token
        .as_ref()
        .map(|t| t.expose_secret() != refresh.as_str())
        .unwrap_or(true);
    secrets.refresh_token = Some(SecretString::from(refresh));
    match keychain.save(&p.id, &p.name, &secrets) {
        Ok(()) if changed => eprintln!(
            "The refresh token was stored in {} for profile {:?}.",
            Keychain::name(),
            p.name
        ),
        Ok(()) => {}
        Err(e) => eprintln!("warning: the refresh token could not be kept: {e}"),
    }
}
