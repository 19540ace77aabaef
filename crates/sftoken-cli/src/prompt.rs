//! Reading from the person or the pipe: a secret typed without echo at a terminal, or the password
//! piped on standard input (`--password-stdin`). Never argv, and a value is never echoed back.

use std::io::{BufRead, IsTerminal};

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

/// The first line of stdin, without its line ending (other spaces are kept: they may be intended;
/// the form warns about them).
pub fn password_from_stdin() -> Result<SecretString, Exit> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Exit::usage(format!(
            "--password-stdin: could not read standard input: {e}"
        ))
    })?;
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
