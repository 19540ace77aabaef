//! Handing the token to scripts: `sftoken env` for `eval` (what a shell then holds is checked by
//! running a real sh), and `sftoken exec`, which runs a command with the token and no other secret,
//! returns its exit code and passes SIGTERM on to it.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Command;

use common::Run;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;

#[test]
fn env_prints_lines_a_shell_evals_into_the_token_and_instance_url() {
    let sf = FakeSalesforce::start();
    let done = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("env", &["--format", "sh"]),
    ))
    .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let shell = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{}\nprintf '%s|%s|%s' \"$SFTOKEN_ACCESS_TOKEN\" \"$SFTOKEN_INSTANCE_URL\" \"$SF_ACCESS_TOKEN\"",
            done.stdout
        ))
        .output()
        .unwrap();
    let seen = String::from_utf8(shell.stdout).unwrap();
    let parts: Vec<&str> = seen.split('|').collect();
    assert_eq!(parts.len(), 3, "{seen}");
    assert!(
        common::issued_tokens(&sf).contains(&parts[0].to_string()),
        "the token the fake issued"
    );
    assert_eq!(parts[1], "https://acme.my.salesforce.com");
    assert_eq!(parts[0], parts[2], "SF_ACCESS_TOKEN for the sf CLI");
    // fish itself reads its lines (the test command installs fish).
    let fish = env_lines(&sf, "fish");
    assert_eq!(fish.code, 0, "{}", fish.stderr);
    let read = Command::new("fish")
        .arg("--no-config")
        .arg("-c")
        .arg(format!(
            "{}\nprintf '%s|%s|%s' \"$SFTOKEN_ACCESS_TOKEN\" \"$SFTOKEN_INSTANCE_URL\" \"$SF_ACCESS_TOKEN\"",
            fish.stdout
        ))
        .output()
        .expect("fish runs (./scripts/test.sh installs it)");
    let fish_seen = String::from_utf8(read.stdout).unwrap();
    let fish_parts: Vec<&str> = fish_seen.split('|').collect();
    assert_eq!(fish_parts.len(), 3, "{fish_seen}");
    assert_eq!(
        common::issued_tokens(&sf).last().map(String::as_str),
        Some(fish_parts[0]),
        "fish sees the token it was given"
    );
    assert_eq!(&fish_parts[1..], [parts[1], fish_parts[0]]);
    // .env lines: NAME=value, unquoted, as docker --env-file and dotenv loaders take them.
    let dotenv = env_lines(&sf, "dotenv");
    assert_eq!(dotenv.code, 0, "{}", dotenv.stderr);
    assert_eq!(
        dotenv.stdout,
        format!(
            "SFTOKEN_ACCESS_TOKEN={0}\nSFTOKEN_INSTANCE_URL={1}\nSF_ACCESS_TOKEN={0}\n",
            common::issued_tokens(&sf).last().unwrap(),
            parts[1]
        )
    );
    // PowerShell is not installed here: its quoting is checked by the core's unit tests.
    let ps = env_lines(&sf, "powershell");
    assert_eq!(ps.code, 0, "{}", ps.stderr);
    assert_eq!(
        ps.stdout.lines().next().unwrap(),
        format!(
            "$env:SFTOKEN_ACCESS_TOKEN = '{}'",
            common::issued_tokens(&sf).last().unwrap()
        )
    );
    let bad = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("env", &["--format", "cmd"]),
    ))
    .run();
    assert_eq!(bad.code, 2);
}

/// `sftoken env --format FORMAT` as acme's admin, run.
fn env_lines<'a>(sf: &'a FakeSalesforce, format: &'a str) -> common::Done {
    common::with_admin_secrets(Run::new(
        sf,
        &common::admin_args("env", &["--format", format]),
    ))
    .run()
}

#[test]
fn exec_runs_the_command_with_the_token_and_no_other_secret_and_returns_its_code() {
    let sf = FakeSalesforce::start();
    let script = r#"printf '%s|%s|%s|%s' "$SFTOKEN_ACCESS_TOKEN" "$SFTOKEN_INSTANCE_URL" "${SFTOKEN_PASSWORD-unset}" "${SFTOKEN_CLIENT_SECRET-unset}"; exit 7"#;
    let done = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("exec", &["--", "sh", "-c", script]),
    ))
    .run();
    assert_eq!(done.code, 7, "{}", done.stderr);
    let parts: Vec<&str> = done.stdout.split('|').collect();
    assert!(
        common::issued_tokens(&sf).contains(&parts[0].to_string()),
        "{}",
        done.stdout
    );
    assert_eq!(parts[1], "https://acme.my.salesforce.com");
    assert_eq!(
        &parts[2..],
        ["unset", "unset"],
        "no other secret reaches the command"
    );

    let missing = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("exec", &["--", "no-such-command-sftoken"]),
    ))
    .run();
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no such command"),
        "{}",
        missing.stderr
    );
}

#[test]
fn exec_passes_signals_sent_to_it_on_to_the_command() {
    let sf = FakeSalesforce::start();
    let script = r#"for s in USR1 USR2 INT QUIT HUP; do trap "echo got-$s" $s; done
trap 'echo got-TERM; exit 3' TERM
echo ready; while true; do sleep 0.05; done"#;
    let mut command = common::with_admin_secrets(Run::new(
        &sf,
        &common::admin_args("exec", &["--", "sh", "-c", script]),
    ))
    .command();
    // sftoken leads a process group of its own, so that the test can signal that whole group.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the command runs");
    // Sent by a process (kill), each reaches the command, which is still running after all but
    // SIGTERM; sftoken itself survives SIGINT, SIGQUIT and SIGHUP while its command runs.
    for signal in ["USR1", "USR2", "INT", "QUIT", "HUP"] {
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        line.clear();
        out.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), format!("got-{signal}"));
    }
    // SIGINT to sftoken's whole group (a CI job cancelled): run without a terminal, the command
    // has a group of its own and gets it once, through sftoken, not a second time directly.
    let group = format!("-{}", child.id());
    for (signal, expected) in [("-INT", "got-INT"), ("-USR1", "got-USR1")] {
        let sent = Command::new("kill").args([signal, "--", &group]).status();
        assert!(sent.unwrap().success());
        line.clear();
        out.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), expected);
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert_eq!(
        rest.trim(),
        "got-TERM",
        "no second SIGINT, and the command got SIGTERM"
    );
    assert_eq!(status.code(), Some(3), "and its exit code is sftoken's");
}

#[test]
fn export_postman_writes_the_variables_the_official_collection_expects() {
    let sf = FakeSalesforce::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.postman_environment.json");
    let mut args = vec!["export", "postman"];
    args.extend(common::admin_args("--out", &[]).into_iter().skip(1));
    args.extend(["--out", out.to_str().unwrap()]);
    let done = common::with_admin_secrets(Run::new(&sf, &args)).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stderr.contains("Bearer Token {{_accessToken}}"),
        "{}",
        done.stderr
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let env: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(env["name"], "sftoken");
    let values = env["values"].as_array().unwrap();
    let get = |key: &str| -> serde_json::Value {
        values
            .iter()
            .find(|v| v["key"] == key)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    assert!(common::issued_tokens(&sf)
        .contains(&get("_accessToken")["value"].as_str().unwrap().to_string()));
    assert_eq!(get("_accessToken")["type"], "secret");
    assert_eq!(get("_endpoint")["value"], "https://acme.my.salesforce.com");
    assert_eq!(get("_orgId")["value"], ACME.org_id);
    assert_eq!(get("_userId")["value"], ACME_ADMIN.user_id);
    assert_eq!(get("url")["value"], "https://acme.my.salesforce.com");
    assert_eq!(get("site")["value"], "");
    assert_eq!(
        get("version")["value"],
        "66.0",
        "the org's newest API version"
    );
    assert_eq!(get("clientId")["value"], ACME_APP.client_id);
    assert_eq!(get("username")["value"], ACME_ADMIN.username);
    let file = std::fs::read_to_string(&out).unwrap();
    for secret in [
        ACME_APP.client_secret,
        ACME_ADMIN.password,
        ACME_ADMIN.security_token,
    ] {
        assert!(!file.contains(secret), "no secret without --with-secrets");
    }
    let again = common::with_admin_secrets(Run::new(&sf, &args)).run();
    assert_eq!(again.code, 2, "never overwrites: {}", again.stderr);

    let with = dir.path().join("with.json");
    let mut args = vec![
        "export",
        "postman",
        "--with-secrets",
        "--out",
        with.to_str().unwrap(),
    ];
    args.extend(common::admin_args("x", &[]).into_iter().skip(1));
    let done = common::with_admin_secrets(Run::new(&sf, &args)).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("warning: the file holds the client secret"),
        "{}",
        done.stderr
    );
    let file = std::fs::read_to_string(&with).unwrap();
    assert!(file.contains(ACME_APP.client_secret) && file.contains(ACME_ADMIN.security_token));
}
