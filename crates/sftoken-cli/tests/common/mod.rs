//! Runs the real `sftoken` binary the way a script would, with a clean environment.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

/// A `sftoken` process with a clean environment: nothing of the developer's leaks in.
pub struct Run<'a> {
    sf: &'a FakeSalesforce,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: Option<String>,
}

impl<'a> Run<'a> {
    pub fn new(sf: &'a FakeSalesforce, args: &[&str]) -> Run<'a> {
        Run {
            sf,
            args: args.iter().map(|a| a.to_string()).collect(),
            env: vec![
                ("SSL_CERT_FILE", sf.ca_file().display().to_string()),
                ("HTTPS_PROXY", sf.proxy_url()),
            ],
            stdin: None,
        }
    }

    /// The admin of acme with the right secrets in the environment.
    pub fn acme_admin(sf: &'a FakeSalesforce, extra: &[&str]) -> Run<'a> {
        let mut args = vec![
            "token",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_ADMIN.username,
        ];
        args.extend_from_slice(extra);
        Run::new(sf, &args)
            .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
            .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
            .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
    }

    pub fn env(mut self, key: &'static str, value: &str) -> Self {
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.to_string()));
        self
    }

    pub fn without_env(mut self, key: &str) -> Self {
        self.env.retain(|(k, _)| *k != key);
        self
    }

    pub fn stdin(mut self, input: &str) -> Self {
        self.stdin = Some(input.to_string());
        self
    }

    /// The `sftoken` process this run describes, not started: for tests that talk to it while it
    /// runs (a browser sign-in to play, a signal to send). Stdin is empty.
    pub fn command(&self) -> Command {
        let mut command = self.base_command();
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn base_command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sftoken"));
        command
            .args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if !self.env.iter().any(|(k, _)| *k == "PATH") {
            command.env("PATH", std::env::var("PATH").unwrap_or_default());
        }
        // The keychain lives on the session bus of the test command (scripts/test.sh).
        for var in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
            if let (Some(value), false) = (
                std::env::var_os(var),
                self.env.iter().any(|(k, _)| *k == var),
            ) {
                command.env(var, value);
            }
        }
        command
    }

    pub fn run(self) -> Done {
        let mut command = self.base_command();
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("sftoken starts");
        let mut pipe = child.stdin.take().unwrap();
        if let Some(input) = &self.stdin {
            // sftoken may stop reading early (a refused oversized input): that is not the test failing.
            if let Err(e) = pipe.write_all(input.as_bytes()) {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
        drop(pipe);
        let output = child.wait_with_output().unwrap();
        // Kept for the secret scan that runs after the whole suite (scripts/test.sh).
        if let Some(dir) = std::env::var_os("SFTOKEN_TEST_ARTIFACTS") {
            let _ = std::fs::create_dir_all(&dir);
            let log =
                std::path::Path::new(&dir).join(format!("cli-stderr-{}.log", std::process::id()));
            if let Ok(mut file) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
            {
                let _ = file.write_all(&output.stderr);
            }
        }
        let _ = self.sf;
        Done::from(output)
    }
}

pub struct Done {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Done {
    fn from(o: Output) -> Done {
        Done {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Done {
    pub fn assert_no_secrets_on_stderr(&self, secrets: &[&str]) {
        for s in secrets {
            assert!(
                !self.stderr.contains(s),
                "secret {s:?} on stderr:\n{}",
                self.stderr
            );
        }
    }
}

/// Reads a running `sftoken`'s stderr until it prints the authorize URL; returns (url, what was read).
pub fn read_authorize_url(stderr: &mut impl std::io::BufRead) -> (String, String) {
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no authorize URL printed: {seen}"
        );
        seen.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("https://") {
            return (format!("https://{url}"), seen);
        }
    }
}

/// Plays the browser with curl: opens the authorize URL at the fake (which approves as the admin)
/// and follows its redirect to sftoken's loopback listener, checking the "close this tab" page.
pub fn play_browser(sf: &FakeSalesforce, url: &str) {
    let location = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{redirect_url}",
            "--proxy",
            &sf.proxy_url(),
            "--cacert",
        ])
        .arg(sf.ca_file())
        .arg(url)
        .output()
        .unwrap();
    let location = String::from_utf8(location.stdout).unwrap();
    let page = Command::new("curl")
        .args(["-s", "--noproxy", "*", &location])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&page.stdout).contains("close this tab"));
}

/// A refresh token of acme's app from the browser sign-in (`token --grant web`, the browser played
/// with curl).
pub fn refresh_token_by_browser(sf: &FakeSalesforce) -> String {
    let callback = format!("http://127.0.0.1:{}/callback", fake_salesforce::free_port());
    let run = Run::new(
        sf,
        &[
            "token",
            "--grant",
            "web",
            "--target",
            "acme",
            "--client-id",
            ACME_APP.client_id,
            "--callback",
            &callback,
            "--no-browser",
            "--field",
            "refresh_token",
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret);
    let mut child = run.command().spawn().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (url, _) = read_authorize_url(&mut stderr);
    play_browser(sf, &url);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// The admin of acme's secrets in the environment (client secret, password, security token).
pub fn with_admin_secrets(run: Run<'_>) -> Run<'_> {
    run.env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
        .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
        .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
}

/// `COMMAND --target acme --client-id … --username …` (acme's admin) and `extra`.
pub fn admin_args<'a>(command: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        command,
        "--target",
        "acme",
        "--client-id",
        ACME_APP.client_id,
        "--username",
        ACME_ADMIN.username,
    ];
    args.extend_from_slice(extra);
    args
}

/// The access and refresh tokens the fake issued so far, oldest first.
pub fn issued_tokens(sf: &FakeSalesforce) -> Vec<String> {
    sf.issued_tokens().into_iter().map(|t| t.token).collect()
}
