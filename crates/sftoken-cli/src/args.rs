//! The command line, as clap sees it. Secrets are deliberately absent: they come from the
//! environment, a prompt or stdin (see `secrets.rs`), never from argv where `ps` and shell history see them.

use std::time::Duration;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sftoken",
    version,
    about = "Salesforce OAuth access tokens, without Postman"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Get an access token (username-password flow).
    #[command(after_help = TOKEN_HELP)]
    Token(TokenArgs),
    /// Saved profiles (shared with the window); their secrets live in the OS keychain.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List the profiles.
    List,
    /// Show one profile (never its secrets: only which ones are stored).
    Show { name: String },
    /// Add a profile; its secrets are read like `sftoken token` reads them and stored in the keychain.
    #[command(after_help = ADD_HELP)]
    Add(ProfileAddArgs),
    /// Remove a profile and its keychain item.
    Rm { name: String },
    /// Rename a profile (its secrets stay with it).
    Rename { name: String, new_name: String },
}

const ADD_HELP: &str = "\
Secrets (never on the command line), all optional:
  SFTOKEN_CLIENT_SECRET, SFTOKEN_PASSWORD (or --password-stdin), SFTOKEN_SECURITY_TOKEN,
  or typed at prompts (Enter skips one) when stdin is a terminal.

Example:
  SFTOKEN_CLIENT_SECRET=... SFTOKEN_PASSWORD=... sftoken profile add \"Acme dev\" \\
      --target sandbox --client-id 3MVG9... --username admin@acme.com.dev
  sftoken token --profile \"Acme dev\"";

#[derive(Debug, Args)]
pub struct ProfileAddArgs {
    pub name: String,
    /// production, sandbox, or a My Domain (https://acme.my.salesforce.com, or just acme).
    #[arg(long, short = 't', default_value = "production")]
    pub target: String,
    #[arg(long)]
    pub client_id: String,
    #[arg(long, short = 'u')]
    pub username: String,
    #[arg(long)]
    pub notes: Option<String>,
    /// Do not remember secrets: they are asked for (or read from the environment) each time.
    #[arg(long)]
    pub no_secrets: bool,
    /// Read the password from standard input (its first line).
    #[arg(long)]
    pub password_stdin: bool,
}

const TOKEN_HELP: &str = "\
Secrets (never on the command line):
  SFTOKEN_CLIENT_SECRET    consumer secret
  SFTOKEN_PASSWORD         the user's password (or --password-stdin)
  SFTOKEN_SECURITY_TOKEN   security token, appended to the password (omit when your IP is trusted)
  Missing ones are prompted for, without echo, when stdin is a terminal.

Examples:
  sftoken token --target sandbox --client-id 3MVG9... --username admin@acme.com.dev
  sftoken token --target https://acme.my.salesforce.com --client-id 3MVG9... --username admin@acme.com --json
  TOKEN=$(sftoken token --client-id 3MVG9... --username admin@acme.com --field access_token)

Exit codes: 0 token issued, 2 usage or input error, 3 Salesforce refused the login,
4 network or unreadable answer, 1 anything else.

The username-password flow is retired by Salesforce on 2027-02-20: plan a move to client
credentials, JWT bearer or web server + PKCE.";

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// A saved profile: its target, client id, username and keychain secrets (flags and
    /// environment variables still override).
    #[arg(long, short = 'p', env = "SFTOKEN_PROFILE")]
    pub profile: Option<String>,

    /// production (login.salesforce.com, the default), sandbox (test.salesforce.com), or a My
    /// Domain (https://acme.my.salesforce.com, acme.my.salesforce.com, or just acme).
    #[arg(long, short = 't', env = "SFTOKEN_TARGET")]
    pub target: Option<String>,

    /// The connected app's consumer key.
    #[arg(long, env = "SFTOKEN_CLIENT_ID")]
    pub client_id: Option<String>,

    /// The Salesforce username (sandbox usernames usually end in .sandboxname).
    #[arg(long, short = 'u', env = "SFTOKEN_USERNAME")]
    pub username: Option<String>,

    /// Read the password from standard input (its first line) instead of SFTOKEN_PASSWORD or a prompt.
    #[arg(long)]
    pub password_stdin: bool,

    /// Give up when no complete answer arrived after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: f64,

    #[command(flatten)]
    pub output: OutputArgs,
}

impl TokenArgs {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout)
    }
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct OutputArgs {
    /// Print Salesforce's whole answer as JSON (every field, unknown ones too).
    #[arg(long)]
    pub json: bool,

    /// Print one field of the answer alone (access_token, instance_url, id, issued_at, org_id, user_id, ...).
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 600.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 600".into()),
    }
}
