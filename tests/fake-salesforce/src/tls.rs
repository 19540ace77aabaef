//! The fake's TLS identity: a throwaway CA (one per server, ECDSA P-256) and a leaf it signs for the
//! Salesforce host names, so clients under test verify a real chain instead of turning checks off.
//! The CA's PEM is also written to a file in a temp dir, for `SSL_CERT_FILE` of spawned processes.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tempfile::TempDir;
use tokio_rustls::TlsAcceptor;

/// The names the leaf certificate is valid for.
pub const LEAF_NAMES: &[&str] = &[
    "127.0.0.1",
    "localhost",
    "login.salesforce.com",
    "test.salesforce.com",
    "*.my.salesforce.com",
    "*.sandbox.my.salesforce.com",
    "*.my.site.com",
];

/// Everything TLS the server needs, and the file the CA was written to.
pub(crate) struct TlsMaterial {
    pub ca_pem: String,
    pub ca_file: PathBuf,
    pub dir: TempDir,
    pub acceptor: TlsAcceptor,
}

fn other<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> io::Error + '_ {
    move |e| io::Error::other(format!("{what}: {e}"))
}

/// A self-signed CA certificate (PEM) and the issuer that signs with it.
fn new_ca(common_name: &str) -> io::Result<(String, Issuer<'static, KeyPair>)> {
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(other("CA params"))?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::OrganizationName, "fake-salesforce");
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ];
    let key = KeyPair::generate().map_err(other("CA key"))?;
    let cert = params.self_signed(&key).map_err(other("CA certificate"))?;
    Ok((cert.pem(), Issuer::new(params, key)))
}

/// A freshly generated CA that signed nothing the fake serves (for "wrong CA is refused" tests).
pub fn unrelated_ca_pem() -> String {
    match new_ca("fake-salesforce unrelated CA") {
        Ok((pem, _)) => pem,
        Err(e) => panic!("fake-salesforce: cannot generate a CA: {e}"),
    }
}

/// Generates the CA and the leaf, writes the CA file and builds the rustls acceptor.
pub(crate) fn generate() -> io::Result<TlsMaterial> {
    let (ca_pem, issuer) = new_ca("fake-salesforce throwaway CA")?;

    let names: Vec<String> = LEAF_NAMES.iter().map(|s| s.to_string()).collect();
    let mut params = CertificateParams::new(names).map_err(other("leaf params"))?;
    params
        .distinguished_name
        .push(DnType::CommonName, "login.salesforce.com");
    params.use_authority_key_identifier_extension = true;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().map_err(other("leaf key"))?;
    let leaf = params
        .signed_by(&leaf_key, &issuer)
        .map_err(other("leaf certificate"))?;

    let chain: Vec<CertificateDer<'static>> = vec![leaf.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(other("TLS versions"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(other("TLS certificate"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];

    let dir = tempfile::Builder::new()
        .prefix("fake-salesforce-")
        .tempdir()?;
    let ca_file = dir.path().join("fake-salesforce-ca.pem");
    std::fs::write(&ca_file, &ca_pem)?;

    Ok(TlsMaterial {
        ca_pem,
        ca_file,
        dir,
        acceptor: TlsAcceptor::from(Arc::new(config)),
    })
}
