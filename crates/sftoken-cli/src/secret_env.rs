//! Secrets from the environment, the way scripts pass them (never argv): which variable fills which
//! secret field of the form. An empty variable counts as unset, except the security token, where
//! empty means "none" (the user's IP is in the org's trusted ranges).

use sftoken_core::SecretString;

/// Form field → environment variable.
const VARIABLES: [(&str, &str); 4] = [
    ("client_secret", "SFTOKEN_CLIENT_SECRET"),
    ("password", "SFTOKEN_PASSWORD"),
    ("security_token", "SFTOKEN_SECURITY_TOKEN"),
    ("refresh_token", "SFTOKEN_REFRESH_TOKEN"),
];

/// The secret fields the environment can fill, in form order.
pub fn fields() -> impl Iterator<Item = &'static str> {
    VARIABLES.iter().map(|(field, _)| *field)
}

/// The value the environment gives this secret field, if it gives one.
pub fn read(field: &str) -> Option<SecretString> {
    let (_, var) = VARIABLES.iter().find(|(f, _)| *f == field)?;
    let value = std::env::var(var).ok()?;
    if value.is_empty() && field != "security_token" {
        return None;
    }
    Some(SecretString::from(value))
}
