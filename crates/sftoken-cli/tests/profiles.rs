//! `sftoken profile …` and `sftoken token --profile`: profiles in the config dir, secrets in the
//! real Secret Service of the test command's private D-Bus session.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Done, Run};
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

fn in_dir<'a>(run: Run<'a>, dir: &Path) -> Run<'a> {
    run.env("SFTOKEN_CONFIG_DIR", &dir.display().to_string())
}

fn add_acme_dev(sf: &FakeSalesforce, dir: &Path, name: &str) -> Done {
    let args = [
        "profile",
        "add",
        name,
        "--target",
        "sandbox",
        "--client-id",
        ACME_DEV_APP.client_id,
        "--username",
        ACME_DEV_ADMIN.username,
    ];
    in_dir(Run::new(sf, &args), dir)
        .env("SFTOKEN_CLIENT_SECRET", ACME_DEV_APP.client_secret)
        .env("SFTOKEN_PASSWORD", ACME_DEV_ADMIN.password)
        .env("SFTOKEN_SECURITY_TOKEN", ACME_DEV_ADMIN.security_token)
        .run()
}

fn profile_id(dir: &Path, name: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("profiles.json")).unwrap()).unwrap();
    let p = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .expect("profile in the file");
    p["id"].as_str().unwrap().to_string()
}

fn keychain_holds(id: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "sftoken", "username", id])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

const DEV_SECRETS: [&str; 3] = [
    ACME_DEV_APP.client_secret,
    ACME_DEV_ADMIN.password,
    ACME_DEV_ADMIN.security_token,
];

#[test]
fn a_saved_profile_gets_a_token_with_nothing_else() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let added = add_acme_dev(&sf, dir.path(), "Acme dev");
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        added
            .stderr
            .contains("client_secret, password, security_token stored in"),
        "{}",
        added.stderr
    );

    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    for secret in DEV_SECRETS {
        assert!(!file.contains(secret), "secret in the profile file");
    }
    let id = profile_id(dir.path(), "Acme dev");
    assert!(
        keychain_holds(&id)
            .unwrap()
            .contains(ACME_DEV_APP.client_secret),
        "secret-tool sees the item"
    );

    let done = in_dir(
        Run::new(
            &sf,
            &["token", "--profile", "acme DEV", "--field", "org_id"],
        ),
        dir.path(),
    )
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), ACME_DEV.org_id);
    let r = &sf.requests()[0];
    assert_eq!(r.host, "test.salesforce.com");
    assert_eq!(
        r.form_value("password"),
        Some(ACME_DEV_ADMIN.password_with_token().as_str())
    );
    in_dir(Run::new(&sf, &["profile", "rm", "Acme dev"]), dir.path()).run();
}

#[test]
fn environment_variables_override_the_profiles_secrets() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_acme_dev(&sf, dir.path(), "Override");
    let done = in_dir(
        Run::new(&sf, &["token", "--profile", "Override"]),
        dir.path(),
    )
    .env("SFTOKEN_SECURITY_TOKEN", "StaleToken")
    .run();
    assert_eq!(done.code, 3, "{}", done.stderr);
    assert_eq!(
        sf.requests()[0].form_value("password"),
        Some(format!("{}StaleToken", ACME_DEV_ADMIN.password).as_str())
    );
    in_dir(Run::new(&sf, &["profile", "rm", "Override"]), dir.path()).run();
}

#[test]
fn show_and_list_never_print_secrets() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_acme_dev(&sf, dir.path(), "Shown");
    let show = in_dir(Run::new(&sf, &["profile", "show", "Shown"]), dir.path()).run();
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout
            .contains("target     SANDBOX https://test.salesforce.com"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("secrets    client_secret, password, security_token in"),
        "{}",
        show.stdout
    );
    let list = in_dir(Run::new(&sf, &["profile", "list"]), dir.path()).run();
    assert!(
        list.stdout.contains("Shown") && list.stdout.contains("SANDBOX"),
        "{}",
        list.stdout
    );
    for out in [&show.stdout, &show.stderr, &list.stdout, &list.stderr] {
        for secret in DEV_SECRETS {
            assert!(!out.contains(secret));
        }
    }
    in_dir(Run::new(&sf, &["profile", "rm", "Shown"]), dir.path()).run();
}

#[test]
fn rename_keeps_the_secrets_and_rm_removes_them() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    add_acme_dev(&sf, dir.path(), "Before");
    let id = profile_id(dir.path(), "Before");
    let renamed = in_dir(
        Run::new(&sf, &["profile", "rename", "Before", "After"]),
        dir.path(),
    )
    .run();
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    let done = in_dir(
        Run::new(&sf, &["token", "--profile", "After", "--field", "user_id"]),
        dir.path(),
    )
    .run();
    assert_eq!(
        done.stdout.trim(),
        ACME_DEV_ADMIN.user_id,
        "{}",
        done.stderr
    );

    let removed = in_dir(Run::new(&sf, &["profile", "rm", "After"]), dir.path()).run();
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(keychain_holds(&id).is_none(), "the keychain item is gone");
    let missing = in_dir(Run::new(&sf, &["token", "--profile", "After"]), dir.path()).run();
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no profile named \"After\""),
        "{}",
        missing.stderr
    );
}

#[test]
fn without_a_keychain_add_says_so_and_falls_back_to_nothing() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "profile",
        "add",
        "NoKeychain",
        "--client-id",
        "x",
        "--username",
        "u@acme.com",
    ];
    let done = in_dir(Run::new(&sf, &args), dir.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/sftoken-test-bus",
        )
        .env("SFTOKEN_CLIENT_SECRET", "kc-less-secret")
        .run();
    assert_eq!(done.code, 1);
    assert!(
        done.stderr.contains("no keychain is reachable") && done.stderr.contains("--no-secrets"),
        "{}",
        done.stderr
    );
    assert!(
        !dir.path().join("profiles.json").exists(),
        "nothing saved, nothing less safe"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in names {
        let text = std::fs::read(dir.path().join(&name)).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("kc-less-secret"),
            "{name} holds the secret"
        );
    }

    let mut args = args.to_vec();
    args.push("--no-secrets");
    let saved = in_dir(Run::new(&sf, &args), dir.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/sftoken-test-bus",
        )
        .run();
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    assert!(saved.stderr.contains("secrets are not remembered"));
}

#[test]
fn add_refuses_a_grant_that_cannot_work_and_saves_nothing() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    for (grant, target, said) in [
        ("saml", "sandbox", "\"saml\" is not a grant sftoken knows"),
        (
            "client-credentials",
            "production",
            "only on your org's My Domain",
        ),
    ] {
        let args = [
            "profile",
            "add",
            "Refused",
            "--grant",
            grant,
            "--target",
            target,
            "--client-id",
            "x",
            "--no-secrets",
        ];
        let done = in_dir(Run::new(&sf, &args), dir.path()).run();
        assert_eq!(done.code, 2, "{grant}: {}", done.stderr);
        assert!(
            done.stderr.contains("error: grant_type: ") && done.stderr.contains(said),
            "{}",
            done.stderr
        );
    }
    assert!(!dir.path().join("profiles.json").exists());
}

#[test]
fn a_corrupt_profile_file_is_kept_aside_and_reported() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profiles.json"), "{ broken").unwrap();
    let list = in_dir(Run::new(&sf, &["profile", "list"]), dir.path()).run();
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stderr
            .contains("could not be used whole (not valid JSON"),
        "{}",
        list.stderr
    );
    assert!(list.stdout.contains("No profiles yet"));
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("profiles.json.kept-")
        })
        .expect("kept aside");
    assert!(
        list.stderr.contains(&kept.display().to_string()),
        "says where"
    );
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "{ broken");
}

#[test]
fn processes_adding_profiles_at_once_keep_every_profile() {
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..6)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_sftoken"))
                .args([
                    "profile",
                    "add",
                    &format!("Parallel {i}"),
                    "--client-id",
                    "x",
                    "--username",
                    "u@acme.com",
                    "--no-secrets",
                ])
                .env("SFTOKEN_CONFIG_DIR", dir.path())
                .stdin(std::process::Stdio::null())
                .output_async()
        })
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    let text = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    for i in 0..6 {
        assert!(text.contains(&format!("Parallel {i}")), "profile {i} lost");
    }
}

trait SpawnQuietly {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnQuietly for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}
