//! The `application/x-www-form-urlencoded` body exactly as Postman's Body tab sends it: keys in the
//! order given, every value percent-encoded so that `+ & = % space é 😀` arrive intact.
//! The encoded body contains secrets, so it is itself a secret.

use secrecy::{ExposeSecret, SecretString};

/// An encoded form body plus its keys in order (the keys are safe to show; the values are not).
#[derive(Debug)]
pub struct FormBody {
    keys: Vec<&'static str>,
    encoded: SecretString,
}

impl FormBody {
    /// Encodes `(key, value)` pairs in order.
    pub fn new(pairs: &[(&'static str, &str)]) -> FormBody {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in pairs {
            serializer.append_pair(key, value);
        }
        FormBody {
            keys: pairs.iter().map(|(k, _)| *k).collect(),
            encoded: SecretString::from(serializer.finish()),
        }
    }

    /// The keys in the order they are sent.
    pub fn keys(&self) -> &[&'static str] {
        &self.keys
    }

    /// The decoded values in key order, for the masked request preview only.
    pub(crate) fn values_for_preview(&self) -> Vec<String> {
        url::form_urlencoded::parse(self.encoded.expose_secret().as_bytes())
            .map(|(_, v)| v.into_owned())
            .collect()
    }

    /// The encoded body, for the HTTP layer only.
    pub fn expose_encoded(&self) -> &str {
        self.encoded.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_survive_a_round_trip_in_order() {
        let password = "p&ss+w=rd %20 é😀";
        let body = FormBody::new(&[
            ("grant_type", "password"),
            ("password", password),
            ("x", ""),
        ]);
        assert_eq!(body.keys(), ["grant_type", "password", "x"]);
        let decoded: Vec<(String, String)> =
            url::form_urlencoded::parse(body.expose_encoded().as_bytes())
                .into_owned()
                .collect();
        assert_eq!(
            decoded,
            [
                ("grant_type".to_string(), "password".to_string()),
                ("password".to_string(), password.to_string()),
                ("x".to_string(), String::new())
            ]
        );
        assert!(
            !body.expose_encoded().contains('&') || body.expose_encoded().matches('&').count() == 2
        );
    }

    #[test]
    fn debug_of_a_body_hides_the_values() {
        let body = FormBody::new(&[("password", "hunter2")]);
        assert!(!format!("{body:?}").contains("hunter2"));
    }
}
