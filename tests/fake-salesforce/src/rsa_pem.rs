//! RSA keys from PEM for `ring` (already built for rustls, no cmake, no new crypto crate): the
//! public key out of a certificate (`BEGIN CERTIFICATE`, what an admin uploads to a connected app),
//! a SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`) or a PKCS#1 key (`BEGIN RSA PUBLIC KEY`), found with
//! a few lines of DER walking; and private keys in PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
//! (`BEGIN RSA PRIVATE KEY`) for signing test assertions.

use base64::Engine as _;
use ring::signature::RsaKeyPair;

/// The DER inside the first PEM block labelled `label`.
fn pem_block(pem: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = start + pem[start..].find(&end)?;
    let b64: String = pem[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// One DER element: (tag, contents, what follows).
fn tlv(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
const BIT_STRING: u8 = 0x03;
const EXPLICIT_0: u8 = 0xa0;

/// The PKCS#1 `RSAPublicKey` inside a SubjectPublicKeyInfo.
fn spki_key(spki: &[u8]) -> Option<Vec<u8>> {
    let (SEQUENCE, body, _) = tlv(spki)? else {
        return None;
    };
    let (SEQUENCE, _algorithm, rest) = tlv(body)? else {
        return None;
    };
    let (BIT_STRING, bits, _) = tlv(rest)? else {
        return None;
    };
    let (0, key) = bits.split_first().map(|(u, k)| (*u, k))? else {
        return None;
    };
    Some(key.to_vec())
}

/// The SubjectPublicKeyInfo element of an X.509 certificate (7th field of tbsCertificate when
/// the version is present).
fn certificate_spki(cert: &[u8]) -> Option<&[u8]> {
    let (SEQUENCE, body, _) = tlv(cert)? else {
        return None;
    };
    let (SEQUENCE, mut tbs, _) = tlv(body)? else {
        return None;
    };
    if tbs.first() == Some(&EXPLICIT_0) {
        tbs = tlv(tbs)?.2;
    }
    // serialNumber, signature, issuer, validity, subject
    for _ in 0..5 {
        tbs = tlv(tbs)?.2;
    }
    let (_, _, after) = tlv(tbs)?;
    tbs.get(..tbs.len() - after.len())
}

/// The PKCS#1 `RSAPublicKey` DER `ring` verifies with, from a certificate or public key PEM.
pub(crate) fn public_key_der(pem: &str) -> Option<Vec<u8>> {
    if let Some(cert) = pem_block(pem, "CERTIFICATE") {
        return spki_key(certificate_spki(&cert)?);
    }
    if let Some(spki) = pem_block(pem, "PUBLIC KEY") {
        return spki_key(&spki);
    }
    pem_block(pem, "RSA PUBLIC KEY")
}

/// A signing key from a PKCS#8 or PKCS#1 private key PEM.
pub(crate) fn key_pair(pem: &str) -> Option<RsaKeyPair> {
    if let Some(der) = pem_block(pem, "PRIVATE KEY") {
        return RsaKeyPair::from_pkcs8(&der).ok();
    }
    RsaKeyPair::from_der(&pem_block(pem, "RSA PRIVATE KEY")?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;

    #[test]
    fn the_certificate_and_the_public_key_hold_the_same_key() {
        let from_cert = public_key_der(JWT_CERTIFICATE_PEM).unwrap();
        let from_spki = public_key_der(JWT_PUBLIC_KEY_PEM).unwrap();
        assert_eq!(from_cert, from_spki);
        assert!(from_cert.len() > 256);
        assert_eq!(
            public_key_der("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
            None
        );
        assert_eq!(public_key_der("garbage"), None);
    }

    #[test]
    fn both_private_key_forms_load() {
        let pkcs8 = key_pair(JWT_PRIVATE_KEY_PEM).unwrap();
        let pkcs1 = key_pair(JWT_RSA_PRIVATE_KEY_PEM).unwrap();
        assert_eq!(pkcs8.public().as_ref(), pkcs1.public().as_ref());
        assert_eq!(
            pkcs8.public().as_ref(),
            public_key_der(JWT_PUBLIC_KEY_PEM).unwrap()
        );
        assert!(key_pair(JWT_OTHER_PRIVATE_KEY_PEM).is_some());
        assert!(key_pair(JWT_PUBLIC_KEY_PEM).is_none());
    }
}
