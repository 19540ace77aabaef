//! Compact RS256 JWTs: verifying an assertion against a connected app's certificate (the server
//! side of the JWT bearer flow) and signing one (so tests can craft good and bad assertions
//! without another JWT library). Only the format and the signature live here; what the claims
//! must say is [`crate::jwt_bearer`]'s business.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use serde_json::{json, Map, Value};

use crate::rsa_pem;

/// Signs `claims` (a JSON object) as an RS256 JWT with a PKCS#8 or PKCS#1 private key PEM.
pub fn sign_rs256(private_key_pem: &str, claims: &Value) -> Result<String, String> {
    let key = rsa_pem::key_pair(private_key_pem).ok_or("not an RSA private key PEM")?;
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| "signing failed")?;
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// A JWT bearer assertion with Salesforce's four claims, signed with `private_key_pem`; panics if
/// the key is not an RSA private key (a test helper).
pub fn assertion(private_key_pem: &str, iss: &str, sub: &str, aud: &str, exp: u64) -> String {
    let claims = json!({"iss": iss, "sub": sub, "aud": aud, "exp": exp});
    match sign_rs256(private_key_pem, &claims) {
        Ok(jwt) => jwt,
        Err(e) => panic!("fake-salesforce: cannot sign an assertion: {e}"),
    }
}

/// Why an assertion is refused (all are `invalid assertion` on the wire).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    Malformed,
    BadSignature,
}

/// The claims of `jwt` without checking its signature (to find the app its `iss` names).
pub(crate) fn unverified_claims(jwt: &str) -> Result<Map<String, Value>, Invalid> {
    let mut parts = jwt.split('.');
    let (Some(header), Some(claims), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Invalid::Malformed);
    };
    let header = decode_object(header)?;
    if header.get("alg").and_then(Value::as_str) != Some("RS256") {
        return Err(Invalid::Malformed);
    }
    decode_object(claims)
}

/// Whether `jwt`'s signature verifies with the key of `certificate_pem` (a certificate or a
/// public key).
pub(crate) fn verify_rs256(jwt: &str, certificate_pem: &str) -> Result<(), Invalid> {
    let (signing_input, signature) = jwt.rsplit_once('.').ok_or(Invalid::Malformed)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| Invalid::Malformed)?;
    let key = rsa_pem::public_key_der(certificate_pem).ok_or(Invalid::BadSignature)?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key)
        .verify(signing_input.as_bytes(), &signature)
        .map_err(|_| Invalid::BadSignature)
}

fn decode_object(part: &str) -> Result<Map<String, Value>, Invalid> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| Invalid::Malformed)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Invalid::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;

    #[test]
    fn signs_and_verifies() {
        let jwt = assertion(JWT_PRIVATE_KEY_PEM, "i", "s", "a", 1);
        assert_eq!(verify_rs256(&jwt, JWT_CERTIFICATE_PEM), Ok(()));
        assert_eq!(verify_rs256(&jwt, JWT_PUBLIC_KEY_PEM), Ok(()));
        let claims = unverified_claims(&jwt).unwrap();
        assert_eq!(claims["sub"], "s");
        assert_eq!(claims["exp"], 1);

        let pkcs1 = assertion(JWT_RSA_PRIVATE_KEY_PEM, "i", "s", "a", 1);
        assert_eq!(verify_rs256(&pkcs1, JWT_CERTIFICATE_PEM), Ok(()));
        let other = assertion(JWT_OTHER_PRIVATE_KEY_PEM, "i", "s", "a", 1);
        assert_eq!(
            verify_rs256(&other, JWT_CERTIFICATE_PEM),
            Err(Invalid::BadSignature)
        );
    }

    #[test]
    fn malformed_assertions() {
        assert_eq!(unverified_claims("a.b"), Err(Invalid::Malformed));
        assert_eq!(unverified_claims("a.b.c.d"), Err(Invalid::Malformed));
        assert_eq!(unverified_claims("!.!.!"), Err(Invalid::Malformed));
        let none_alg = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#)
        );
        assert_eq!(unverified_claims(&none_alg), Err(Invalid::Malformed));
        assert_eq!(
            verify_rs256("a.b.!!", JWT_CERTIFICATE_PEM),
            Err(Invalid::Malformed)
        );
    }
}
