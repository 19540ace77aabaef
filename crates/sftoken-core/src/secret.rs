//! Secret values (client secret, password, security token, tokens) as one type whose `Debug` is
//! redacted; reading one is an explicit `.expose_secret()` that is easy to find in review.

pub use secrecy::{ExposeSecret, SecretString};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_secret_never_shows_its_value() {
        let s = SecretString::from("hunter2-very-secret");
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert_eq!(s.expose_secret(), "hunter2-very-secret");
    }
}
