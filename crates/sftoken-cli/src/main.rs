//! `sftoken`: Salesforce OAuth access tokens for scripts, over the same core as the desktop window.
//!
//! The command only gathers input (arguments, environment, profiles, the keychain, prompts, stdin),
//! calls `sftoken-core`, and prints; secrets never come from argv and never go to stderr.

// Output goes through console.rs (control characters neutralised, closed pipes handled).
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod console;
mod args;
mod docs_cmd;
mod env_cmd;
mod exit;
mod export_cmd;
mod form_input;
mod form_issues;
mod import_cmd;
mod migrate_cmd;
mod output;
mod profile_add;
mod profile_book;
mod profile_cmd;
mod prompt;
mod runtime;
mod secret_env;
mod send_progress;
mod sf_login_cmd;
mod target_arg;
mod token_cmd;
mod whoami_cmd;
mod why_cmd;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let memory = sftoken_core::protect_process_memory();
    let cli = Cli::parse();
    init_logging();
    if let Err(why) = memory {
        tracing::warn!("{why}");
    }
    let result = match cli.command {
        Command::Token(args) => token_cmd::run(args),
        Command::Whoami(args) => whoami_cmd::whoami(args),
        Command::Revoke(args) => whoami_cmd::revoke(args),
        Command::Migrate(args) => migrate_cmd::run(args),
        Command::Env(args) => env_cmd::env(args),
        Command::Exec(args) => env_cmd::exec(args),
        Command::Import(command) => import_cmd::run(command),
        Command::Export(command) => export_cmd::run(command),
        Command::SfLogin(args) => sf_login_cmd::run(args),
        Command::Why(args) => why_cmd::run(args),
        Command::Profile(command) => profile_cmd::run(command),
        Command::Completions { shell } => docs_cmd::completions(shell),
        Command::Man => docs_cmd::man(),
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
