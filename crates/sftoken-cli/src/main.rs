//! `sftoken`: Salesforce OAuth access tokens for scripts, over the same core as the desktop window.
//!
//! The command only gathers input (arguments, environment, prompts, stdin), calls `sftoken-core`, and
//! prints; secrets never come from argv and never go to stderr.

mod args;
mod exit;
mod output;
mod secrets;

use std::process::ExitCode;

use clap::Parser;
use sftoken_core::{Error, Grant, HttpConfig, LoginTarget, PasswordGrant, TokenClient};

use crate::args::{Cli, Command, TokenArgs};
use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let result = match cli.command {
        Command::Token(args) => token(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// `SFTOKEN_LOG=debug` shows what is sent where and how long it took; never a secret.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SFTOKEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

fn token(args: TokenArgs) -> Result<(), Exit> {
    let target: LoginTarget = args
        .target
        .parse()
        .map_err(|e| Exit::usage(format!("--target: {e}")))?;
    let client_id = args.client_id.trim().to_string();
    let username = args.username.trim().to_string();
    let mut input = secrets::SecretInput::new(args.password_stdin);
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
