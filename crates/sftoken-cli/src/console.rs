//! The only way the command writes to the terminal. Everything printed may hold text from outside
//! (server answers, profile files, the environment), so control characters are shown as visible
//! escapes rather than obeyed — no escape sequence may clear the screen, retitle the terminal or
//! write the clipboard (OSC 52) — and a message on stderr is cut at a length a person can read.
//! A closed stdout or stderr (`sftoken profile list | head -1`) never panics: a closed stdout ends
//! the command quietly with exit 1, a closed stderr loses only the message.

use std::io::Write;

/// The longest message written to stderr, in characters.
const MAX_MESSAGE_CHARS: usize = 4000;

/// `text` with every control character but newline and tab, and every bidirectional override,
/// written as a visible `\u{…}` escape.
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A control character (but newline and tab) or a direction override.
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// At most `max` characters of `text`, saying how much was left out.
pub fn bounded(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}… ({} more characters not shown)", count - max)
}

/// A line on stdout. A closed stdout ends the command (exit 1): what follows would be lost too.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{}", safe(text)).and_then(|()| stdout.flush());
    if written.is_err() {
        std::process::exit(1);
    }
}

/// Data on stdout exactly as given (JSON, a field's value), for callers that made it safe
/// already; a closed stdout ends the command like [`out`].
pub fn out_data(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
    if written.is_err() {
        std::process::exit(1);
    }
}

/// A message on stderr, bounded; lost (not a panic) when stderr is closed.
pub fn err(text: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        safe(&bounded(text, MAX_MESSAGE_CHARS))
    );
}

/// `println!` through [`out`].
macro_rules! say {
    ($($arg:tt)*) => { $crate::console::out(&format!($($arg)*)) };
}

/// `eprintln!` through [`err`].
macro_rules! tell {
    ($($arg:tt)*) => { $crate::console::err(&format!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            safe("\u{1b}]52;c;SGVsbG8=\u{7}"),
            "\\u{1b}]52;c;SGVsbG8=\\u{7}"
        );
        assert_eq!(safe("line\nnext\ttab"), "line\nnext\ttab");
        assert_eq!(safe("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(safe("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(safe("é😀"), "é😀");
    }

    #[test]
    fn long_messages_are_cut_with_a_count() {
        assert_eq!(bounded("abcdef", 4), "abcd… (2 more characters not shown)");
        assert_eq!(bounded("abc", 4), "abc");
    }
}
