//! Logging the Salesforce CLI (`sf`) in with sftoken's token, so an admin goes from a token to
//! `sf data query` in one step. Two logins:
//!
//! - the token itself: `sf org login access-token --instance-url URL --no-prompt`, the token in
//!   the child's environment (`SF_ACCESS_TOKEN`), never in its argv; sf can use it until the
//!   session ends;
//! - the durable one, for a profile that keeps a refresh token: `sf org login sfdx-url
//!   --sfdx-url-stdin -`, fed `force://CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN@HOST` on its standard
//!   input; sf then renews its own access tokens. HOST carries no scheme (sf's parser accepts none).
//!
//! The child gets none of sftoken's secret variables; what it prints is parsed (`--json`), and
//! its message, if it refuses, is scrubbed of every secret it was given and bounded.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Handoff, HandoffError};
use crate::scrub::Scrubber;
use crate::{ExposeSecret, SecretString, SECRET_ENV_VARS};

/// How long sf may take (it starts Node.js and calls the org once or twice).
pub const SF_TIMEOUT: Duration = Duration::from_secs(120);
/// sf's answer is a small JSON document; more than this is not read.
const MAX_OUTPUT_BYTES: u64 = 1024 * 1024;

/// Which login to give the CLI.
pub enum SfLogin {
    /// The access token just issued (lives as long as the org's session).
    AccessToken(Handoff),
    /// The refresh token: sf keeps it and renews its own tokens.
    Durable(DurableLogin),
}

/// What the durable login needs: the app's client id (and secret, if it has one), the refresh
/// token and the instance's host.
pub struct DurableLogin {
    auth_url: SecretString,
    secrets: Vec<SecretString>,
}

impl std::fmt::Debug for DurableLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DurableLogin([redacted])")
    }
}

/// sf's parser: `force://<clientId>:<clientSecret>:<refreshToken>@<host>`, each part of letters,
/// digits and `. _ - =` (the secret may be empty; an ECA or PKCE app has none).
fn fits_auth_url(part: &str, may_be_empty: bool) -> bool {
    (may_be_empty || !part.is_empty())
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '='))
}

impl DurableLogin {
    pub fn new(
        client_id: &str,
        client_secret: Option<&SecretString>,
        refresh_token: &SecretString,
        instance_url: &str,
    ) -> Result<DurableLogin, HandoffError> {
        let secret = client_secret.map(|s| s.expose_secret()).unwrap_or_default();
        let checks = [
            (client_id, "client id", false),
            (secret, "client secret", true),
            (refresh_token.expose_secret(), "refresh token", false),
        ];
        for (part, what, may_be_empty) in checks {
            if !fits_auth_url(part, may_be_empty) {
                return Err(HandoffError::UnfitForAuthUrl { what });
            }
        }
        let url = url::Url::parse(instance_url).map_err(|_| HandoffError::Unfit {
            what: "instance_url",
        })?;
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => {
                return Err(HandoffError::Unfit {
                    what: "instance_url",
                })
            }
        };
        if url.scheme() != "https"
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        {
            return Err(HandoffError::Unfit {
                what: "instance_url",
            });
        }
        let auth_url = format!(
            "force://{client_id}:{secret}:{}@{host}",
            refresh_token.expose_secret()
        );
        let mut secrets = vec![refresh_token.clone()];
        if let Some(s) = client_secret {
            secrets.push(s.clone());
        }
        Ok(DurableLogin {
            auth_url: SecretString::from(auth_url),
            secrets,
        })
    }
}

/// What sf said it logged in as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SfLoggedIn {
    pub username: Option<String>,
    pub org_id: Option<String>,
    pub instance_url: Option<String>,
    pub alias: Option<String>,
    /// The durable (refresh token) login.
    pub durable: bool,
}

/// The `sf` program on PATH (`sf.cmd` on Windows).
pub fn find_sf() -> Result<PathBuf, HandoffError> {
    let names: &[&str] = if cfg!(windows) {
        &["sf.cmd", "sf.exe"]
    } else {
        &["sf"]
    };
    let path = std::env::var_os("PATH").ok_or(HandoffError::SfMissing)?;
    std::env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|candidate| is_executable(candidate))
        .ok_or(HandoffError::SfMissing)
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// An alias goes to sf's argv: plain characters only, never something sf would read as a flag.
fn check_alias(alias: &str) -> Result<(), HandoffError> {
    let fine = !alias.is_empty()
        && alias.chars().count() <= 100
        && !alias.starts_with('-')
        && alias
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if fine {
        Ok(())
    } else {
        Err(HandoffError::BadAlias(
            alias
                .chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect(),
        ))
    }
}

/// Runs sf's login; `sf` is what [`find_sf`] found. Waits at most [`SF_TIMEOUT`].
pub async fn sf_login(
    sf: &Path,
    login: &SfLogin,
    alias: Option<&str>,
) -> Result<SfLoggedIn, HandoffError> {
    if let Some(alias) = alias {
        check_alias(alias)?;
    }
    let mut command = tokio::process::Command::new(sf);
    for var in SECRET_ENV_VARS
        .iter()
        .chain(&["SF_ACCESS_TOKEN", "SFDX_ACCESS_TOKEN"])
    {
        command.env_remove(var);
    }
    let (stdin, scrubber, durable) = match login {
        SfLogin::AccessToken(handoff) => {
            command
                .args(["org", "login", "access-token", "--instance-url"])
                .arg(handoff.instance_url())
                .arg("--no-prompt")
                .env("SF_ACCESS_TOKEN", handoff.token().expose_secret());
            let scrubber = Scrubber::new(&[handoff.token().expose_secret()]);
            (None, scrubber, false)
        }
        SfLogin::Durable(durable) => {
            command.args(["org", "login", "sfdx-url", "--sfdx-url-stdin", "-"]);
            let mut secrets: Vec<&str> =
                durable.secrets.iter().map(|s| s.expose_secret()).collect();
            secrets.push(durable.auth_url.expose_secret());
            (Some(&durable.auth_url), Scrubber::new(&secrets), true)
        }
    };
    if let Some(alias) = alias {
        command.arg("--alias").arg(alias);
    }
    command
        .arg("--json")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => HandoffError::SfMissing,
        _ => HandoffError::Spawn(e.to_string()),
    })?;
    let feed = {
        let mut pipe = child.stdin.take();
        let text = stdin.map(|s| format!("{}\n", s.expose_secret()));
        async move {
            if let (Some(pipe), Some(text)) = (pipe.as_mut(), text) {
                // sf may exit before reading: a broken pipe is its answer, read below.
                let _ = pipe.write_all(text.as_bytes()).await;
            }
            drop(pipe);
        }
    };
    let read = |pipe: Option<tokio::process::ChildStdout>| async move {
        let mut out = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(MAX_OUTPUT_BYTES).read_to_end(&mut out).await;
        }
        out
    };
    let read_err = |pipe: Option<tokio::process::ChildStderr>| async move {
        let mut out = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(MAX_OUTPUT_BYTES).read_to_end(&mut out).await;
        }
        out
    };
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let run = async {
        let ((), out, err) = tokio::join!(feed, read(stdout), read_err(stderr));
        let status = child.wait().await;
        (status, out, err)
    };
    let (status, out, err) = tokio::time::timeout(SF_TIMEOUT, run)
        .await
        .map_err(|_| HandoffError::TimedOut(SF_TIMEOUT.as_secs()))?;
    let status = status.map_err(|e| HandoffError::Spawn(e.to_string()))?;
    let answer: Option<Value> = serde_json::from_slice(&out).ok();
    let refused = |message: String| HandoffError::SfRefused {
        message: printable(&scrubber.shown(&message)),
    };
    match answer {
        Some(json) if status.success() && json["status"].as_i64() == Some(0) => {
            let result = &json["result"];
            let text = |key: &str| result[key].as_str().map(|s| printable(&scrubber.shown(s)));
            Ok(SfLoggedIn {
                username: text("username"),
                org_id: text("orgId"),
                instance_url: text("instanceUrl"),
                alias: alias.map(str::to_string),
                durable,
            })
        }
        Some(json) => {
            let message = json["message"]
                .as_str()
                .or(json["name"].as_str())
                .unwrap_or("no message")
                .to_string();
            Err(refused(message))
        }
        None => {
            let stderr = String::from_utf8_lossy(&err);
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message");
            Err(refused(format!(
                "{last} (exit status {})",
                status.code().map_or("none".to_string(), |c| c.to_string())
            )))
        }
    }
}

/// Control characters (terminal escapes included) shown as spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn the_auth_url_carries_the_host_and_port_without_a_scheme() {
        let login = DurableLogin::new(
            "3MVG9.client_id",
            Some(&secret("ABCDEF0123")),
            &secret("5Aep861.refresh=="),
            "https://acme.my.salesforce.com:8443/",
        )
        .unwrap();
        assert_eq!(
            login.auth_url.expose_secret(),
            "force://3MVG9.client_id:ABCDEF0123:5Aep861.refresh==@acme.my.salesforce.com:8443"
        );
        let no_secret = DurableLogin::new(
            "id",
            None,
            &secret("refresh"),
            "https://acme.my.salesforce.com",
        )
        .unwrap();
        assert_eq!(
            no_secret.auth_url.expose_secret(),
            "force://id::refresh@acme.my.salesforce.com"
        );
        assert!(!format!("{login:?}").contains("refresh"));
    }

    #[test]
    fn parts_sf_cannot_parse_are_refused_not_sent() {
        let bad = DurableLogin::new("id:x", None, &secret("r"), "https://a.my.salesforce.com");
        assert_eq!(
            bad.unwrap_err(),
            HandoffError::UnfitForAuthUrl { what: "client id" }
        );
        let bad = DurableLogin::new(
            "id",
            Some(&secret("a@b")),
            &secret("r"),
            "https://a.example",
        );
        assert_eq!(
            bad.unwrap_err(),
            HandoffError::UnfitForAuthUrl {
                what: "client secret"
            }
        );
        let bad = DurableLogin::new("id", None, &secret("r"), "http://a.example");
        assert_eq!(
            bad.unwrap_err(),
            HandoffError::Unfit {
                what: "instance_url"
            }
        );
    }

    #[test]
    fn aliases_that_sf_would_read_as_flags_are_refused() {
        assert!(check_alias("acme-prod").is_ok());
        assert!(check_alias("admin@acme.example").is_ok());
        for bad in ["-x", "--json", "a b", "a\nb", "", &"a".repeat(101)] {
            assert!(check_alias(bad).is_err(), "{bad:?}");
        }
    }
}
