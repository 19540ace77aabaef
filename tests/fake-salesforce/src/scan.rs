//! The after-the-suite check that no secret the tests used ended up on disk or in a log: every
//! fixture secret (client secrets, passwords, security tokens, and password+token as sent), plus
//! anything shaped like an access token the fake issues, searched as UTF-8 and as UTF-16LE (how
//! some WebKit stores keep text) in every file under the given folders. Private keys (the JWT keys
//! sftoken generates live in the keychain only) are found by their shape: a PEM private key, RSA
//! key DER in PKCS#8 or PKCS#1, and the base64 a PKCS#8 key's PEM body starts with.

use std::path::{Path, PathBuf};

use crate::fixtures::ORGS;

/// One secret found: where, and which (by name: the value is never printed).
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: PathBuf,
    pub what: String,
}

/// The forms a secret may take in a file or a log besides itself: form-encoded (as a request body
/// carries it), every byte percent-encoded, HTML-escaped (named and numeric) and JSON-escaped
/// (`\u0026`). Only the forms that differ from the secret itself; each with a name.
pub fn encoded_forms(secret: &str) -> Vec<(&'static str, String)> {
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let html_named = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let html_numeric: String = secret
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect();
    let json: String = secret
        .encode_utf16()
        .map(|u| match char::from_u32(u32::from(u)) {
            Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
            _ => format!("\\u{u:04x}"),
        })
        .collect();
    let mut forms = vec![
        ("form-encoded", form),
        ("percent-encoded", percent),
        ("HTML-escaped", html_named),
        ("HTML-escaped (numeric)", html_numeric),
        ("JSON-escaped", json),
    ];
    forms.retain(|(_, v)| v != secret);
    forms.sort_by(|a, b| a.1.cmp(&b.1));
    forms.dedup_by(|a, b| a.1 == b.1);
    forms
}

/// Every secret value the fixtures hold, with a printable name for each.
pub fn fixture_secrets() -> Vec<(String, String)> {
    let mut secrets = plain_fixture_secrets();
    let encoded: Vec<(String, String)> = secrets
        .iter()
        .flat_map(|(name, value)| {
            encoded_forms(value)
                .into_iter()
                .map(move |(how, v)| (format!("{name}, {how}"), v))
        })
        .collect();
    secrets.extend(encoded);
    secrets
}

fn plain_fixture_secrets() -> Vec<(String, String)> {
    let mut secrets = Vec::new();
    for org in ORGS {
        secrets.push((
            format!("client secret of {}", org.name),
            org.app.client_secret.to_string(),
        ));
        for user in org.users {
            secrets.push((
                format!("password of {}", user.username),
                user.password.to_string(),
            ));
            secrets.push((
                format!("password + security token of {}", user.username),
                user.password_with_token(),
            ));
            secrets.push((
                format!("security token of {}", user.username),
                user.security_token.to_string(),
            ));
        }
    }
    secrets
}

/// Scans every file under `roots`; returns what was found and how many files were read.
pub fn scan(roots: &[PathBuf], extra: &[(String, String)]) -> (Vec<Finding>, usize) {
    let mut secrets = fixture_secrets();
    secrets.extend_from_slice(extra);
    let token_markers: Vec<String> = ORGS
        .iter()
        .map(|o| format!("{}!AQ", o.org_id_15()))
        .collect();
    let mut findings = Vec::new();
    let mut files = 0;
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
            continue;
        }
        if !meta.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        files += 1;
        for (what, value) in &secrets {
            if contains_text(&bytes, value) {
                findings.push(Finding {
                    file: path.clone(),
                    what: what.clone(),
                });
            }
        }
        for (what, marker) in PRIVATE_KEY_MARKERS {
            if find(&bytes, marker) {
                findings.push(Finding {
                    file: path.clone(),
                    what: what.to_string(),
                });
            }
        }
        for marker in &token_markers {
            if contains_text(&bytes, marker) {
                findings.push(Finding {
                    file: path.clone(),
                    what: format!("an access token ({marker}…)"),
                });
            }
        }
    }
    (findings, files)
}

/// What a private key looks like in a file, whatever the encoding.
const PRIVATE_KEY_MARKERS: [(&str, &[u8]); 4] = [
    ("a PEM private key", b"PRIVATE KEY-----"),
    // rsaEncryption's AlgorithmIdentifier followed by an OCTET STRING: a private key (a certificate
    // or public key has a BIT STRING, 0x03, there).
    (
        "an RSA private key (PKCS#8 DER)",
        &[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04,
            0x82,
        ],
    ),
    // version 0, then a 2048-bit modulus.
    (
        "an RSA private key (PKCS#1 DER)",
        &[0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00],
    ),
    (
        "an RSA private key (PKCS#8, base64)",
        b"ADANBgkqhkiG9w0BAQEFAASC",
    ),
];

fn contains_text(haystack: &[u8], needle: &str) -> bool {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    find(haystack, needle.as_bytes()) || find(haystack, &utf16)
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    // memchr's SIMD search: hundreds of secrets (and their encodings) over megabytes of WebKit data.
    !needle.is_empty() && memchr::memmem::find(haystack, needle).is_some()
}

/// For messages: a path shown relative to the scanned root when possible.
pub fn shown(path: &Path, roots: &[PathBuf]) -> String {
    roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ACME, ACME_ADMIN, ACME_APP};

    #[test]
    fn a_clean_folder_passes_and_every_kind_of_leak_is_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("clean.log"),
            "POST https://login.salesforce.com/services/oauth2/token 200",
        )
        .unwrap();
        let roots = vec![dir.path().to_path_buf()];
        assert_eq!(scan(&roots, &[]), (vec![], 1));

        std::fs::create_dir(dir.path().join("deep")).unwrap();
        std::fs::write(
            dir.path().join("deep/plain.txt"),
            format!("x{}y", ACME_APP.client_secret),
        )
        .unwrap();
        let utf16: Vec<u8> = ACME_ADMIN
            .password
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(dir.path().join("deep/webkit.db"), utf16).unwrap();
        std::fs::write(
            dir.path().join("token.json"),
            format!("{}!AQxyz", ACME.org_id_15()),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("key.pem"),
            crate::fixtures::JWT_PRIVATE_KEY_PEM,
        )
        .unwrap();
        let (found, files) = scan(&roots, &[]);
        assert_eq!(files, 5);
        let whats: Vec<&str> = found.iter().map(|f| f.what.as_str()).collect();
        assert!(whats.contains(&"client secret of acme"), "{whats:?}");
        assert!(whats.contains(&"password of admin@acme.com"), "{whats:?}");
        assert!(
            whats.iter().any(|w| w.starts_with("an access token")),
            "{whats:?}"
        );
        assert!(whats.contains(&"a PEM private key"), "{whats:?}");
    }

    #[test]
    fn a_secret_is_found_in_its_encoded_forms() {
        let dir = tempfile::tempdir().unwrap();
        let roots = vec![dir.path().to_path_buf()];
        let forms = encoded_forms(ACME_ADMIN.password);
        assert_eq!(forms.len(), 5, "{forms:?}");
        for (i, (_, value)) in forms.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i}.log")), format!("x{value}y")).unwrap();
        }
        let (found, files) = scan(&roots, &[]);
        assert_eq!(files, 5);
        let mut where_: Vec<String> = found
            .iter()
            .filter(|f| f.what.starts_with("password of admin@acme.com"))
            .map(|f| shown(&f.file, &roots))
            .collect();
        where_.sort();
        where_.dedup();
        assert_eq!(where_.len(), 5, "{found:?}");
    }

    #[test]
    fn private_keys_are_found_as_der_and_as_base64_but_certificates_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let roots = vec![dir.path().to_path_buf()];
        let pem_body =
            |pem: &str| -> String { pem.lines().filter(|l| !l.starts_with("-----")).collect() };
        use base64::Engine as _;
        let der = base64::engine::general_purpose::STANDARD
            .decode(pem_body(crate::fixtures::JWT_PRIVATE_KEY_PEM))
            .unwrap();
        std::fs::write(
            dir.path().join("item.bin"),
            [b"xx".as_slice(), &der].concat(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("body.txt"),
            pem_body(crate::fixtures::JWT_PRIVATE_KEY_PEM),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("cert.crt"),
            crate::fixtures::JWT_CERTIFICATE_PEM,
        )
        .unwrap();
        let (found, files) = scan(&roots, &[]);
        assert_eq!(files, 3);
        let mut files: Vec<String> = found.iter().map(|f| shown(&f.file, &roots)).collect();
        files.sort();
        files.dedup();
        assert_eq!(files, ["body.txt", "item.bin"], "{found:?}");
    }
}
