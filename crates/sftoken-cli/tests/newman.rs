//! The exported Postman environment, run by Postman's own runner (newman, from npm) with a
//! collection written the way Salesforce's official one is (tests/postman/collection.json):
//! `{{_endpoint}}/services/data/v{{version}}/limits` and the identity URL with Bearer
//! `{{_accessToken}}`, then the official login script, which must agree with the export. All of it
//! against the fake Salesforce, through its proxy, trusting its CA.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

fn postman_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/postman")
}

#[test]
fn newman_runs_the_collection_with_the_exported_environment() {
    let newman = postman_dir().join("node_modules/.bin/newman");
    assert!(
        newman.exists(),
        "newman is not installed: run ./scripts/test.sh, which installs it (npm ci in tests/postman)"
    );
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("acme.postman_environment.json");
    let done = Run::new(
        &sf,
        &[
            "export",
            "postman",
            "--with-secrets",
            "--client-id",
            ACME_APP.client_id,
            "--username",
            ACME_ADMIN.username,
            "--out",
            env_file.to_str().unwrap(),
        ],
    )
    .env("SFTOKEN_CLIENT_SECRET", ACME_APP.client_secret)
    .env("SFTOKEN_PASSWORD", ACME_ADMIN.password)
    .env("SFTOKEN_SECURITY_TOKEN", ACME_ADMIN.security_token)
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);

    let run = Command::new(&newman)
        .arg("run")
        .arg(postman_dir().join("collection.json"))
        .arg("--environment")
        .arg(&env_file)
        .args(["--reporters", "cli", "--disable-unicode", "--color", "off"])
        .env("HTTPS_PROXY", sf.proxy_url())
        .env("HTTP_PROXY", sf.proxy_url())
        .env("NODE_EXTRA_CA_CERTS", sf.ca_file())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "newman failed:\n{said}");
    for test in [
        "the limits answer with the exported token",
        "the identity URL built from _orgId and _userId is the user's",
        "it agrees with the exported _endpoint, _userId and _orgId",
    ] {
        assert!(said.contains(test), "{test:?} did not run:\n{said}");
    }
    let limits = sf
        .requests()
        .into_iter()
        .find(|r| r.path == "/services/data/v66.0/limits")
        .expect("newman reached the fake");
    assert_eq!(limits.host, "acme.my.salesforce.com");
}
