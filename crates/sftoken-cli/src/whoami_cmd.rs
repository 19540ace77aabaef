//! `sftoken whoami` and `sftoken revoke`: operations on a token the user already has. The token
//! comes from `SFTOKEN_ACCESS_TOKEN` or stdin, never argv.

use std::io::{IsTerminal, Read};

use sftoken_core::profiles::{find, ProfileStore};
use sftoken_core::{HttpConfig, LoginTarget, SecretString, TokenClient, NO_EXPIRY};

use crate::args::TokenUseArgs;
use crate::exit::Exit;
use crate::profile_cmd;
use crate::token_cmd::{resolve_target, stored_secrets};

struct Context {
    target: LoginTarget,
    token: SecretString,
    client: TokenClient,
    runtime: tokio::runtime::Runtime,
    /// For introspection: the client id and secret, when known.
    app: Option<(String, SecretString)>,
}

fn context(args: &TokenUseArgs) -> Result<Context, Exit> {
    let profile = match &args.profile {
        Some(name) => {
            let loaded =
                profile_cmd::load(&ProfileStore::default_location().map_err(profile_cmd::exit)?)?;
            Some(
                find(&loaded, name)
                    .cloned()
                    .ok_or_else(|| Exit::usage(format!("there is no profile named {name:?}")))?,
            )
        }
        None => None,
    };
    let target = resolve_target(args.target.as_deref(), profile.as_ref())?;
    let token = read_token(args.token_stdin)?;
    let client_id = std::env::var("SFTOKEN_CLIENT_ID")
        .ok()
        .or_else(|| profile.as_ref().map(|p| p.client_id.clone()))
        .filter(|s| !s.is_empty());
    let secret = std::env::var("SFTOKEN_CLIENT_SECRET")
        .ok()
        .map(SecretString::from)
        .or_else(|| {
            profile
                .as_ref()
                .and_then(stored_secrets)
                .and_then(|s| s.client_secret)
        });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::internal(format!("could not start the async runtime: {e}")))?;
    let config = HttpConfig {
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        ..HttpConfig::default()
    };
    let client = TokenClient::new(config).map_err(|e| Exit::internal(e.to_string()))?;
    Ok(Context {
        target,
        token,
        client,
        runtime,
        app: client_id.zip(secret),
    })
}

fn read_token(from_stdin: bool) -> Result<SecretString, Exit> {
    if from_stdin {
        if std::io::stdin().is_terminal() {
            return Err(Exit::usage(
                "--token-stdin: pipe the token in (echo \"$TOKEN\" | sftoken …)",
            ));
        }
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Exit::usage(format!("--token-stdin: {e}")))?;
        let token = text.trim().to_string();
        text.clear();
        if token.is_empty() {
            return Err(Exit::usage("--token-stdin: standard input was empty"));
        }
        return Ok(SecretString::from(token));
    }
    match std::env::var("SFTOKEN_ACCESS_TOKEN") {
        Ok(t) if !t.trim().is_empty() => Ok(SecretString::from(t.trim().to_string())),
        _ => Err(Exit::usage(
            "no token: set SFTOKEN_ACCESS_TOKEN or pipe it with --token-stdin",
        )),
    }
}

pub fn whoami(args: TokenUseArgs) -> Result<(), Exit> {
    let ctx = context(&args)?;
    let who = ctx
        .runtime
        .block_on(ctx.client.whoami(&ctx.target, &ctx.token))
        .map_err(Exit::from_core)?;
    println!("username      {}", who.username);
    if let Some(name) = &who.display_name {
        println!("display_name  {name}");
    }
    if let Some(email) = &who.email {
        println!("email         {email}");
    }
    println!("org_id        {}", who.org_id);
    println!("user_id       {}", who.user_id);
    println!("identity      {}", who.identity_url);
    let expiry = match &ctx.app {
        Some((id, secret)) => match ctx.runtime.block_on(ctx.client.introspect(&ctx.target, &ctx.token, id, secret)) {
            Ok(info) => info.summary(),
            Err(e) => format!("unknown (introspection failed: {e})"),
        },
        None => format!("unknown without the app's client id and secret (set SFTOKEN_CLIENT_ID and SFTOKEN_CLIENT_SECRET to check); {NO_EXPIRY}"),
    };
    println!("token         {expiry}");
    Ok(())
}

pub fn revoke(args: TokenUseArgs) -> Result<(), Exit> {
    let ctx = context(&args)?;
    ctx.runtime
        .block_on(ctx.client.revoke(&ctx.target, &ctx.token))
        .map_err(Exit::from_core)?;
    eprintln!("Revoked: Salesforce will refuse this token from now on.");
    Ok(())
}
