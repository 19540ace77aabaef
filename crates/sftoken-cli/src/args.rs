//! The command line, as clap sees it. Secrets are deliberately absent: they come from the
//! environment, a profile's keychain item, a prompt or stdin (see `form_input.rs`), never from argv
//! where `ps` and shell history see them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sftoken",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("SFTOKEN_COMMIT"), ")"),
    about = "Salesforce OAuth access tokens, without Postman"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Get an access token: password, client credentials, JWT bearer, browser sign-in, or refresh.
    #[command(after_help = token_help())]
    Token(TokenArgs),
    /// Who a token belongs to (identity URL + userinfo), and whether it is still active.
    #[command(after_help = TOKEN_USE_HELP)]
    Whoami(TokenUseArgs),
    /// Revoke an access or refresh token.
    #[command(after_help = TOKEN_USE_HELP)]
    Revoke(TokenUseArgs),
    /// Move a profile off the username-password flow, which Salesforce retires on 2027-02-20: to
    /// JWT bearer (a key sftoken generates into the keychain), client credentials, or the browser sign-in.
    #[command(after_help = MIGRATE_HELP)]
    Migrate(MigrateArgs),
    /// Print the token for a shell to `eval`: SFTOKEN_ACCESS_TOKEN, SFTOKEN_INSTANCE_URL and
    /// SF_ACCESS_TOKEN (the name the Salesforce CLI reads), safely quoted.
    Env(EnvArgs),
    /// Run a command with the token in its environment (SFTOKEN_ACCESS_TOKEN, SFTOKEN_INSTANCE_URL,
    /// SF_ACCESS_TOKEN) and no other secret; its exit code is sftoken's.
    #[command(after_help = EXEC_HELP)]
    Exec(ExecArgs),
    /// Hand a fresh token on to another tool: a Postman environment file.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Log the Salesforce CLI (sf) in with a fresh token (given in sf's environment, never its
    /// argv); with --durable, with the profile's refresh token, so sf renews its own tokens.
    #[command(name = "sf-login", after_help = SF_LOGIN_HELP)]
    SfLogin(SfLoginArgs),
    /// Ask the org why a profile's login fails: another profile of the same org (an administrator's)
    /// reads the user's Login History, and the newest failure is explained with its fix.
    #[command(after_help = WHY_HELP)]
    Why(WhyArgs),
    /// Import profiles from elsewhere: Postman environments.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Saved profiles (shared with the window); their secrets live in the OS keychain.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), as `man sftoken` shows it.
    #[command(hide = true)]
    Man,
}

const COMPLETIONS_HELP: &str = "\
Packages install them; from source:
  sftoken completions bash > ~/.local/share/bash-completion/completions/sftoken
  sftoken completions zsh  > ~/.zfunc/_sftoken        # with fpath+=(~/.zfunc) before compinit
  sftoken completions fish > ~/.config/fish/completions/sftoken.fish";

/// `sftoken token --help`'s epilogue: the grants in the core's words, then secrets and examples.
fn token_help() -> String {
    let grants: String = sftoken_core::GrantKind::ALL
        .iter()
        .map(|kind| format!("  {:<19} {}\n", kind.short_name(), kind.description()))
        .collect();
    format!("Grants (--grant):\n{grants}\n{TOKEN_HELP_REST}")
}

const TOKEN_HELP_REST: &str = "\
Secrets (never on the command line):
  SFTOKEN_CLIENT_SECRET    consumer secret
  SFTOKEN_PASSWORD         the user's password (or --password-stdin)
  SFTOKEN_SECURITY_TOKEN   security token, appended to the password (omit when your IP is trusted)
  SFTOKEN_REFRESH_TOKEN    refresh token, for --grant refresh
  Missing ones come from the --profile's keychain item, or are prompted for, without echo, when
  stdin is a terminal.

Examples:
  sftoken token --target sandbox --client-id 3MVG9... --username admin@acme.com.dev
  sftoken token --grant client-credentials --target https://acme.my.salesforce.com --client-id 3MVG9...
  sftoken token --grant jwt --target sandbox --client-id 3MVG9... -u ci@acme.com.dev --key-file server.key
  sftoken token --grant web --target acme --client-id 3MVG9... --callback http://localhost:1717/OauthRedirect
  TOKEN=$(sftoken token --profile \"Acme dev\" --field access_token)

Exit codes: 0 token issued, 2 usage or input error, 3 Salesforce refused, 4 network or unreadable
answer, 1 anything else.";

const TOKEN_USE_HELP: &str = "\
The token comes from SFTOKEN_ACCESS_TOKEN or standard input (--token-stdin), never from argv.
whoami also reports expiry (introspection) when SFTOKEN_CLIENT_ID and SFTOKEN_CLIENT_SECRET are set
(or --profile has them).";

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// A saved profile: its target, grant, client id, username, settings and keychain secrets
    /// (flags and environment variables still override).
    #[arg(long, short = 'p', env = "SFTOKEN_PROFILE")]
    pub profile: Option<String>,

    /// production (login.salesforce.com, the default), sandbox (test.salesforce.com), or a My
    /// Domain (https://acme.my.salesforce.com, acme.my.salesforce.com, or just acme).
    #[arg(long, short = 't', env = "SFTOKEN_TARGET")]
    pub target: Option<String>,

    /// password (the default), client-credentials, jwt, web, refresh.
    #[arg(long, short = 'g', env = "SFTOKEN_GRANT")]
    pub grant: Option<String>,

    /// The connected app's consumer key.
    #[arg(long, env = "SFTOKEN_CLIENT_ID")]
    pub client_id: Option<String>,

    /// The Salesforce username (sandbox usernames usually end in .sandboxname).
    #[arg(long, short = 'u', env = "SFTOKEN_USERNAME")]
    pub username: Option<String>,

    /// Read the password from standard input (its first line) instead of SFTOKEN_PASSWORD or a prompt.
    #[arg(long)]
    pub password_stdin: bool,

    #[command(flatten)]
    pub flows: FlowArgs,

    /// Give up when no complete answer arrived after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: f64,

    /// With --profile: hand out the profile's kept token only while it stays good at least this
    /// much longer (90s, 10m, 1h…); otherwise log in (or refresh) and keep the new one.
    #[arg(long, default_value = "5m", value_name = "DURATION", value_parser = parse_duration)]
    pub min_valid: std::time::Duration,

    /// With --profile: log in even when the kept token is still good (the new one is kept).
    #[arg(long)]
    pub fresh: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `90s`, `10m`, `1h`, `1h30m` or plain seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let bad = || format!("{s:?} is not a duration: write e.g. 90s, 10m, 1h or 1h30m");
    let text = s.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(secs));
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = total
            .checked_add(n.checked_mul(unit).ok_or_else(bad)?)
            .ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || total == 0 && text != "0s" {
        return Err(bad());
    }
    Ok(std::time::Duration::from_secs(total))
}

/// Settings of the flows that replace the password grant.
#[derive(Debug, Args)]
pub struct FlowArgs {
    /// jwt: the RSA private key (PEM) whose certificate is uploaded to the connected app.
    #[arg(long, value_name = "PATH", env = "SFTOKEN_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// jwt: the assertion's aud, when your org requires another than the target's login host
    /// (e.g. its My Domain URL). Default: https://login.salesforce.com for production, https://test.salesforce.com for sandboxes.
    #[arg(long, value_name = "URL")]
    pub audience: Option<String>,

    /// web: the scopes to ask for.
    #[arg(long, value_name = "SCOPES")]
    pub scope: Option<String>,

    /// web: the loopback callback registered on the connected app (sftoken listens there).
    #[arg(long, value_name = "URL")]
    pub callback: Option<String>,

    /// web: do not open a browser; only print the URL to open (over SSH, or with no browser).
    #[arg(long)]
    pub no_browser: bool,

    /// web: how long to wait for the browser to come back.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub sign_in_timeout: f64,
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

    /// Print one field of the answer alone (access_token, instance_url, id, refresh_token, org_id, user_id, ...).
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
}

#[derive(Debug, Args)]
pub struct TokenUseArgs {
    /// Where the token was issued: production, sandbox, or a My Domain.
    #[arg(long, short = 't', env = "SFTOKEN_TARGET")]
    pub target: Option<String>,

    /// Take the target (and, for expiry, the client id and secret) from a saved profile.
    #[arg(long, short = 'p', env = "SFTOKEN_PROFILE")]
    pub profile: Option<String>,

    /// Read the token from standard input instead of SFTOKEN_ACCESS_TOKEN.
    #[arg(long)]
    pub token_stdin: bool,

    /// Give up when no complete answer arrived after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: f64,
}

const MIGRATE_HELP: &str = "\
The move, step by step (the profile keeps its password grant until a test succeeds):
  sftoken migrate \"Acme prod\" --to jwt --cert-out acme-prod.crt   # key into the keychain, certificate out, checklist
  # upload acme-prod.crt to the app in Setup, as the checklist says, then:
  sftoken migrate \"Acme prod\" --to jwt --test                     # on success the profile uses JWT bearer
  sftoken migrate \"Acme prod\" --forget-password                   # the password leaves the keychain
  sftoken migrate \"Acme prod\" --to client-credentials --target https://acme.my.salesforce.com --test

Exit codes: 0 done, 2 usage (nothing changed), 3 Salesforce refused the test (the profile is unchanged),
4 network.";

/// `sftoken migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The profile to move.
    pub name: String,
    /// jwt, client-credentials or web (the browser sign-in).
    #[arg(long, value_name = "GRANT")]
    pub to: Option<String>,
    /// jwt: generate a new RSA key pair into the keychain and write its certificate (PEM) to this
    /// new file, for the upload in Setup.
    #[arg(long, value_name = "FILE")]
    pub cert_out: Option<PathBuf>,
    /// Write the certificate to upload (the newest key's) to this new file again.
    #[arg(long, value_name = "FILE")]
    pub save_cert: Option<PathBuf>,
    /// jwt: how many days the new certificate is valid.
    #[arg(long, default_value_t = 730, value_name = "DAYS")]
    pub days: u32,
    /// The kind of app, for the Setup checklist: external-client-app or connected-app.
    #[arg(long, default_value = "external-client-app", value_name = "KIND")]
    pub app: String,
    /// Log in with the new grant now; when a token comes back, the profile uses that grant.
    #[arg(long)]
    pub test: bool,
    /// The target for the new grant (client credentials needs the org's My Domain).
    #[arg(long, short = 't')]
    pub target: Option<String>,
    /// Remove the password and security token from the keychain (only once the profile has moved).
    #[arg(long)]
    pub forget_password: bool,
    /// jwt: also write the private key (PEM, readable by you only) to this new file. Only for tools
    /// that need the key as a file: a copy on disk is a copy to protect.
    #[arg(long, value_name = "FILE")]
    pub export_key: Option<PathBuf>,
    /// web: do not open a browser; only print the URL to open.
    #[arg(long)]
    pub no_browser: bool,
    /// Give up when no complete answer arrived after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: f64,
}

const EXEC_HELP: &str = "\
Examples:
  sftoken exec --profile \"Acme prod\" -- sf org list limits --target-org \"$SFTOKEN_INSTANCE_URL\"
  sftoken exec --profile \"Acme prod\" -- sh -c 'curl -H \"Authorization: Bearer $SFTOKEN_ACCESS_TOKEN\" \"$SFTOKEN_INSTANCE_URL/services/data/\"'

Ctrl+C reaches the command directly; SIGTERM and SIGHUP sent to sftoken are passed on to it. A
command killed by a signal makes sftoken exit with 128 + the signal's number, as shells do.";

/// `sftoken env`.
#[derive(Debug, Args)]
pub struct EnvArgs {
    #[command(flatten)]
    pub token: TokenArgs,
    /// How to write the variables: sh (bash, zsh), fish, powershell or dotenv.
    #[arg(long, default_value = "sh", value_name = "FORMAT")]
    pub format: String,
}

/// `sftoken sf-login`.
#[derive(Debug, Args)]
pub struct SfLoginArgs {
    #[command(flatten)]
    pub token: TokenArgs,
    /// The alias sf gives the org (then `sf ... --target-org ALIAS`).
    #[arg(long, value_name = "ALIAS")]
    pub alias: Option<String>,
    /// The durable login: sf gets the refresh token (`sf org login sfdx-url`, fed on its stdin)
    /// and renews its own access tokens. Needs a refresh token (a profile that keeps one).
    #[arg(long)]
    pub durable: bool,
}

const SF_LOGIN_HELP: &str = "\
sf must be on PATH (npm install --global @salesforce/cli). The access-token login runs
  sf org login access-token --instance-url URL --no-prompt [--alias ALIAS] --json
with the token in SF_ACCESS_TOKEN; it lasts as long as the org's session. The durable login runs
  sf org login sfdx-url --sfdx-url-stdin - [--alias ALIAS] --json
fed force://CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN@HOST on stdin.

Examples:
  sftoken sf-login --profile \"Acme admin\" --alias acme
  sftoken sf-login --profile \"Acme web\" --alias acme --durable
  sf data query --target-org acme --query \"SELECT Id, Name FROM Account LIMIT 5\"";

/// `sftoken why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The profile whose login Salesforce refuses.
    #[arg(long, short = 'p', value_name = "NAME", env = "SFTOKEN_PROFILE")]
    pub profile: String,
    /// The profile to ask with: another user of the same org who may read Login History (Manage
    /// Users, usually an administrator). Remembered for the profile once the org answered.
    #[arg(long = "as", value_name = "NAME")]
    pub helper: Option<String>,
    /// The report as JSON (the attempts, the cause, its meaning and fix).
    #[arg(long)]
    pub json: bool,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: f64,
    /// A helper that signs in with the browser: only print the URL to open.
    #[arg(long)]
    pub no_browser: bool,
    /// A helper that signs in with the browser: how long to wait for it.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub sign_in_timeout: f64,
}

const WHY_HELP: &str = "\
The failing login is never retried (a retry can lock the user out). Salesforce records every login
of a known user; no record at all means the username is wrong or belongs to another org.

Exit status: 0 the org answered (whatever it said), 2 bad input (e.g. a helper of another org),
3 the org refused the lookup (the helper may not read Login History), 4 network failure.

Examples:
  sftoken why --profile \"Acme integration\" --as \"Acme admin\"
  sftoken why --profile \"Acme integration\" --json | jq -r .cause.fix";

/// `sftoken exec`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    #[command(flatten)]
    pub token: TokenArgs,
    /// The command to run, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A Postman environment the official Salesforce Platform APIs collection uses as is
    /// (_accessToken, _endpoint, _userId, _orgId, url, site, version, clientId, username). In the
    /// collection, set Authorization to Bearer Token {{_accessToken}}.
    Postman(ExportPostmanArgs),
}

/// `sftoken export postman`.
#[derive(Debug, Args)]
pub struct ExportPostmanArgs {
    #[command(flatten)]
    pub token: TokenArgs,
    /// The file to write (a new file; default: NAME.postman_environment.json here).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the client secret, password and security token (Postman shows them to anyone
    /// who opens the environment).
    #[arg(long)]
    pub with_secrets: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Postman environments (exported from Postman: Environments → ⋯ → Export), one profile each,
    /// secrets into the keychain. The variables of the official Salesforce Platform APIs
    /// collection are understood (both generations); tokens in the file are not imported.
    Postman {
        /// The exported environment files (.json).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per run; boxing would only obscure clap's derive"
)]
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
    /// Change how a profile keeps tokens: --keep-tokens on|off, --session-timeout MINUTES|off.
    Set {
        name: String,
        #[command(flatten)]
        tokens: TokenSettingArgs,
    },
}

/// How a profile keeps tokens.
#[derive(Debug, Args)]
pub struct TokenSettingArgs {
    /// Keep the latest access token in the keychain and hand it out again while it is good
    /// (on by default).
    #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
    pub keep_tokens: Option<bool>,
    /// The org's session timeout (Setup → Session Settings), in minutes (15 to 1440), or off:
    /// how long a token lasts when introspection cannot say (no client secret).
    #[arg(long, value_name = "MINUTES|off", value_parser = parse_timeout)]
    pub session_timeout: Option<SessionTimeout>,
}

/// `--session-timeout`: minutes, or `None` for off.
#[derive(Clone, Copy, Debug)]
pub struct SessionTimeout(pub Option<u32>);

fn parse_on_off(s: &str) -> Result<bool, String> {
    match s {
        "on" | "yes" | "true" => Ok(true),
        "off" | "no" | "false" => Ok(false),
        _ => Err("expected on or off".into()),
    }
}

fn parse_timeout(s: &str) -> Result<SessionTimeout, String> {
    if s == "off" {
        return Ok(SessionTimeout(None));
    }
    match s.parse::<u32>() {
        Ok(m) if (1..=1440).contains(&m) => Ok(SessionTimeout(Some(m))),
        _ => Err(
            "expected minutes from 1 to 1440 (Salesforce offers 15 minutes to 24 hours), or off"
                .into(),
        ),
    }
}

const ADD_HELP: &str = "\
Secrets (never on the command line), all optional:
  SFTOKEN_CLIENT_SECRET, SFTOKEN_PASSWORD (or --password-stdin), SFTOKEN_SECURITY_TOKEN,
  SFTOKEN_REFRESH_TOKEN, or typed at prompts (Enter skips one) when stdin is a terminal.

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
    /// password, client-credentials, jwt, web, refresh.
    #[arg(long, short = 'g', default_value = "password")]
    pub grant: String,
    #[arg(long)]
    pub client_id: String,
    #[arg(long, short = 'u', default_value = "")]
    pub username: String,
    #[arg(long)]
    pub notes: Option<String>,
    #[command(flatten)]
    pub flows: FlowArgs,
    /// Keep refresh tokens the flows return in the keychain (and replace them when they rotate).
    #[arg(long)]
    pub keep_refresh_token: bool,
    /// Do not remember secrets: they are asked for (or read from the environment) each time.
    #[arg(long)]
    pub no_secrets: bool,
    #[command(flatten)]
    pub tokens: TokenSettingArgs,
    /// Read the password from standard input (its first line).
    #[arg(long)]
    pub password_stdin: bool,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 3600".into()),
    }
}
