//! The token as environment variables: `SFTOKEN_ACCESS_TOKEN`, `SFTOKEN_INSTANCE_URL` and
//! `SF_ACCESS_TOKEN` (the name the Salesforce CLI reads), and the lines that set them in each shell.

use std::str::FromStr;

use super::HandoffError;
use crate::{ExposeSecret, IssuedToken, SecretString};

/// A token fit to hand to another program: checked to hold only token characters, with an
/// http(s) instance URL free of anything a shell would read as syntax.
pub struct Handoff {
    token: SecretString,
    instance_url: String,
}

impl std::fmt::Debug for Handoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handoff")
            .field("token", &"[redacted]")
            .field("instance_url", &self.instance_url)
            .finish()
    }
}

/// How the variables are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellFormat {
    /// `export NAME='value'` (sh, bash, zsh).
    Sh,
    /// `set -gx NAME 'value'`
    Fish,
    /// `$env:NAME = 'value'`
    PowerShell,
    /// `NAME=value`, unquoted: docker's `--env-file` takes a value as written (quotes included),
    /// and dotenv loaders read an unquoted value as is. Only a value of letters, digits and
    /// `. _ - : / !` is written so (a token, an instance URL `https://host[:port]`); anything else
    /// is quoted as for sh, so that sourcing the file never runs a part of it.
    Dotenv,
}

impl FromStr for ShellFormat {
    type Err = HandoffError;

    fn from_str(s: &str) -> Result<ShellFormat, HandoffError> {
        match s {
            "sh" | "bash" | "zsh" => Ok(ShellFormat::Sh),
            "fish" => Ok(ShellFormat::Fish),
            "powershell" | "pwsh" => Ok(ShellFormat::PowerShell),
            "dotenv" | ".env" => Ok(ShellFormat::Dotenv),
            other => Err(HandoffError::UnknownFormat(other.to_string())),
        }
    }
}

/// A Salesforce access token is `00D…!…`: letters, digits and `! . _ -`; nothing a shell quotes.
pub(crate) fn is_token_text(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '!' | '.' | '_' | '-'))
}

fn is_plain_url(instance: &str) -> bool {
    url::Url::parse(instance).is_ok_and(|u| {
        (u.scheme() == "https" || u.scheme() == "http")
            && u.host_str().is_some()
            && instance.is_ascii()
            && !instance
                .chars()
                .any(|c| c.is_control() || matches!(c, '\'' | '"' | '`' | '$' | ';' | ' ' | '\\'))
    })
}

impl Handoff {
    /// The token and instance URL of an answer, refused when either could break out of quoting.
    pub fn of(issued: &IssuedToken) -> Result<Handoff, HandoffError> {
        let r = &issued.outcome.response;
        let instance = r.instance_url.clone().ok_or(HandoffError::Missing {
            what: "instance_url",
        })?;
        Handoff::new(r.access_token().clone(), instance)
    }

    pub fn new(token: SecretString, instance_url: String) -> Result<Handoff, HandoffError> {
        if !is_token_text(token.expose_secret()) {
            return Err(HandoffError::Unfit {
                what: "access_token",
            });
        }
        if !is_plain_url(&instance_url) {
            return Err(HandoffError::Unfit {
                what: "instance_url",
            });
        }
        Ok(Handoff {
            token,
            instance_url,
        })
    }

    pub fn token(&self) -> &SecretString {
        &self.token
    }

    pub fn instance_url(&self) -> &str {
        &self.instance_url
    }

    /// The variables handed on, names first. The values include the clear token.
    pub fn variables(&self) -> [(&'static str, &str); 3] {
        let token = self.token.expose_secret();
        [
            ("SFTOKEN_ACCESS_TOKEN", token),
            ("SFTOKEN_INSTANCE_URL", self.instance_url.as_str()),
            ("SF_ACCESS_TOKEN", token),
        ]
    }

    /// One line per variable, in `format`, each ending in a newline. A secret: it holds the token.
    pub fn lines(&self, format: ShellFormat) -> SecretString {
        let text: String = self
            .variables()
            .iter()
            .map(|(name, value)| format!("{}\n", line(format, name, value)))
            .collect();
        SecretString::from(text)
    }
}

fn line(format: ShellFormat, name: &str, value: &str) -> String {
    match format {
        ShellFormat::Sh => format!("export {name}={}", sh_quote(value)),
        ShellFormat::Fish => format!("set -gx {name} {}", fish_quote(value)),
        ShellFormat::PowerShell => format!("$env:{name} = {}", powershell_quote(value)),
        ShellFormat::Dotenv if is_dotenv_plain(value) => format!("{name}={value}"),
        ShellFormat::Dotenv => format!("{name}={}", sh_quote(value)),
    }
}

/// Safe unquoted in a .env file, whether read by docker, a dotenv loader or `set -a; . .env`.
fn is_dotenv_plain(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '/' | '!'))
}

/// `'…'` with each `'` written as `'\''`: nothing inside is expanded by sh, bash or zsh.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// fish: inside `'…'` only `\\` and `\'` are escapes.
pub fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

/// PowerShell: inside `'…'` a `'` is doubled.
pub fn powershell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handoff() -> Handoff {
        Handoff::new(
            SecretString::from("00Dxx0000001gPL!AQ4AQ.token_x-y".to_string()),
            "https://acme.my.salesforce.com".to_string(),
        )
        .unwrap()
    }

    #[test]
    fn each_format_sets_the_three_variables() {
        let h = handoff();
        let sh = h.lines(ShellFormat::Sh);
        assert_eq!(
            sh.expose_secret(),
            "export SFTOKEN_ACCESS_TOKEN='00Dxx0000001gPL!AQ4AQ.token_x-y'\n\
             export SFTOKEN_INSTANCE_URL='https://acme.my.salesforce.com'\n\
             export SF_ACCESS_TOKEN='00Dxx0000001gPL!AQ4AQ.token_x-y'\n"
        );
        assert!(h
            .lines(ShellFormat::Fish)
            .expose_secret()
            .starts_with("set -gx SFTOKEN_ACCESS_TOKEN '00D"));
        assert!(h
            .lines(ShellFormat::PowerShell)
            .expose_secret()
            .starts_with("$env:SFTOKEN_ACCESS_TOKEN = '00D"));
        assert_eq!(
            h.lines(ShellFormat::Dotenv).expose_secret(),
            "SFTOKEN_ACCESS_TOKEN=00Dxx0000001gPL!AQ4AQ.token_x-y\n\
             SFTOKEN_INSTANCE_URL=https://acme.my.salesforce.com\n\
             SF_ACCESS_TOKEN=00Dxx0000001gPL!AQ4AQ.token_x-y\n"
        );
    }

    #[test]
    fn a_token_or_url_with_shell_syntax_is_refused() {
        for bad in ["00D!x'; rm -rf ~", "00D$(id)", "", "00D x", "00D\n"] {
            let got = Handoff::new(
                SecretString::from(bad.to_string()),
                "https://a.my.salesforce.com".into(),
            );
            assert_eq!(
                got.unwrap_err(),
                HandoffError::Unfit {
                    what: "access_token"
                },
                "{bad:?}"
            );
        }
        for bad in [
            "https://a.my.salesforce.com/'$(id)'",
            "ftp://a.example",
            "not a url",
            "https://a.example/\\x",
        ] {
            let got = Handoff::new(SecretString::from("00D!x".to_string()), bad.into());
            assert_eq!(
                got.unwrap_err(),
                HandoffError::Unfit {
                    what: "instance_url"
                },
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dotenv_quotes_what_a_shell_would_read_as_syntax() {
        assert_eq!(
            line(ShellFormat::Dotenv, "X", "https://a.my.salesforce.com:8443"),
            "X=https://a.my.salesforce.com:8443"
        );
        assert_eq!(
            line(ShellFormat::Dotenv, "X", "https://a.example/?a&b"),
            "X='https://a.example/?a&b'"
        );
    }

    #[test]
    fn quoting_keeps_quotes_spaces_and_dollars_literal() {
        assert_eq!(sh_quote("a 'b' $c"), r"'a '\''b'\'' $c'");
        assert_eq!(fish_quote(r"a\'b $c"), r"'a\\\'b $c'");
        assert_eq!(powershell_quote("a 'b' $c"), "'a ''b'' $c'");
    }

    #[test]
    fn debug_does_not_show_the_token() {
        assert!(!format!("{:?}", handoff()).contains("AQ4AQ"));
    }
}
