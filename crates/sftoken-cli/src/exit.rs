//! Exit codes a script can branch on, and the message that goes with each failure.

use std::process::ExitCode;

use sftoken_core::Error;

/// A failure on its way out: what to print on stderr, and the exit code.
#[derive(Debug)]
pub struct Exit {
    code: u8,
    message: String,
    hints: Vec<String>,
}

/// Usage or input error (clap uses 2 too).
pub const USAGE: u8 = 2;
/// Salesforce answered and refused.
pub const REFUSED: u8 = 3;
/// Network, TLS, redirect, or an answer that is not Salesforce's JSON.
pub const TRANSPORT: u8 = 4;
/// Anything else.
pub const INTERNAL: u8 = 1;

impl Exit {
    pub fn usage(message: impl Into<String>) -> Exit {
        Exit {
            code: USAGE,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Refused by Salesforce or by the user (exit code 3).
    pub fn refused(message: impl Into<String>) -> Exit {
        Exit {
            code: REFUSED,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// No usable answer (exit code 4).
    pub fn transport(message: impl Into<String>) -> Exit {
        Exit {
            code: TRANSPORT,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn add_hint(&mut self, hint: impl Into<String>) {
        self.hints.push(hint.into());
    }

    pub fn internal(message: impl Into<String>) -> Exit {
        Exit {
            code: INTERNAL,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn from_core(error: Error) -> Exit {
        let code = match &error {
            Error::Rejected { .. } => REFUSED,
            Error::Transport { .. } => TRANSPORT,
            Error::Target(_) => USAGE,
            Error::Setup(_) | Error::Cancelled => INTERNAL,
        };
        let hints = error.hints().iter().map(|h| h.text().to_string()).collect();
        Exit {
            code,
            message: error.to_string(),
            hints,
        }
    }

    /// Prints the message and the likely causes on stderr.
    pub fn report(self) -> ExitCode {
        eprintln!("error: {}", self.message);
        if !self.hints.is_empty() {
            eprintln!("\nLikely causes, most likely first:");
            for (i, hint) in self.hints.iter().enumerate() {
                eprintln!("  {}. {hint}", i + 1);
            }
        }
        ExitCode::from(self.code)
    }
}
