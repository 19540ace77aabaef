//! Opening the system browser for the sign-in without handing it sftoken's secrets. A browser
//! started with sftoken's environment would carry `SFTOKEN_CLIENT_SECRET`, `SFTOKEN_PASSWORD` and
//! the rest into itself and every process it starts; every variable that may hold a secret is taken
//! out of the environment of anything sftoken starts.

use std::process::Stdio;

/// The environment variables that may hold a secret (the command reads them; nothing inherits them).
pub const SECRET_ENV_VARS: [&str; 5] = [
    "SFTOKEN_CLIENT_SECRET",
    "SFTOKEN_PASSWORD",
    "SFTOKEN_SECURITY_TOKEN",
    "SFTOKEN_REFRESH_TOKEN",
    "SFTOKEN_ACCESS_TOKEN",
];

/// Opens `url` in the system browser (xdg-open and its kin on Linux, `open` on macOS, `start` on
/// Windows), without the secret variables, detached from sftoken's stdio.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut last_error = None;
    for mut command in open::commands(url) {
        for var in SECRET_ENV_VARS {
            command.env_remove(var);
        }
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match command.spawn() {
            Ok(mut child) => {
                // Reaped when it exits (launchers hand the URL over and return at once).
                std::thread::spawn(move || {
                    let _ = child.wait();
                });
                return Ok(());
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no way to open a browser was found")))
}
