//! Reading from the person or the pipe: a secret typed without echo at a terminal, or the password
//! piped on standard input (`--password-stdin`). Never argv, and a value is never echoed back.

use std::io::{BufRead, IsTerminal, Read};

use sftoken_core::SecretString;

use crate::exit::Exit;

/// Prompts only make sense when a person is at the terminal and stdin is not the password's pipe.
pub fn can_ask(password_stdin: bool) -> bool {
    !password_stdin && std::io::stdin().is_terminal()
}

/// Asks on the terminal, without echo.
pub fn ask_secret(question: &str) -> Result<SecretString, Exit> {
    rpassword::prompt_password(question)
        .map(SecretString::from)
        .map_err(|e| Exit::usage(format!("could not read from the terminal: {e}")))
}

/// The most a secret read from stdin may be (a token is ~112 bytes; a password far less).
pub const MAX_STDIN_SECRET_BYTES: u64 = 16 * 1024;

/// Reads at most [`MAX_STDIN_SECRET_BYTES`] of stdin (one line when `first_line`); more is refused.
pub fn bounded_stdin(flag: &str, first_line: bool) -> Result<String, Exit> {
    let mut text = String::new();
    let mut limited = std::io::stdin().lock().take(MAX_STDIN_SECRET_BYTES + 1);
    let read = if first_line {
        limited.read_line(&mut text)
    } else {
        limited.read_to_string(&mut text)
    };
    read.map_err(|e| Exit::usage(format!("{flag}: could not read standard input: {e}")))?;
    if text.len() as u64 > MAX_STDIN_SECRET_BYTES {
        text.clear();
        return Err(Exit::usage(format!(
            "{flag}: standard input holds more than {} KiB: pipe only the secret",
            MAX_STDIN_SECRET_BYTES / 1024
        )));
    }
    Ok(text)
}

/// The first line of stdin, without its line ending (other spaces are kept: they may be intended;
/// the form warns about them).
pub fn password_from_stdin() -> Result<SecretString, Exit> {
    let mut line = bounded_stdin("--password-stdin", true)?;
    let without_newline = line.strip_suffix('\n').unwrap_or(&line);
    let password = without_newline
        .strip_suffix('\r')
        .unwrap_or(without_newline)
        .to_string();
    line.clear();
    if password.is_empty() {
        return Err(Exit::usage(
            "--password-stdin: standard input was empty: pipe the password in",
        ));
    }
    Ok(SecretString::from(password))
}
