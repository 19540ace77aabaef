//! `sftoken --version` (the version and the commit it was built from), the shell completions and the
//! manual page, generated from the command's own definitions.

use std::process::Command;

fn sftoken(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sftoken"))
        .args(args)
        .env_clear()
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn version_names_the_release_and_the_commit() {
    let (ok, out) = sftoken(&["--version"]);
    assert!(ok);
    let line = out.trim();
    let expected = format!("sftoken {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    let commit = line.trim_start_matches(&expected).trim_end_matches(')');
    let git = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    match git {
        // Built from this checkout: its commit (a test run right after a new commit rebuilds).
        Ok(g) if g.status.success() => {
            assert_eq!(commit, String::from_utf8_lossy(&g.stdout).trim())
        }
        _ => assert!(!commit.is_empty()),
    }
}

#[test]
fn completions_cover_every_command_in_each_shell() {
    for (shell, marker) in [
        ("bash", "_sftoken()"),
        ("zsh", "#compdef sftoken"),
        ("fish", "complete -c sftoken"),
    ] {
        let (ok, out) = sftoken(&["completions", shell]);
        assert!(ok, "{shell}");
        assert!(
            out.contains(marker),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        for command in [
            "token", "sf-login", "migrate", "profile", "import", "export",
        ] {
            assert!(out.contains(command), "{shell} completes {command}");
        }
        assert!(out.contains("min-valid"), "{shell} completes token's flags");
    }
}

#[test]
fn the_manual_page_documents_the_commands() {
    let (ok, out) = sftoken(&["man"]);
    assert!(ok);
    assert!(out.contains(".TH sftoken 1"), "{}", &out[..200]);
    for page in [
        ".TH sftoken-token 1",
        ".TH sftoken-sf-login 1",
        ".TH sftoken-profile 1",
    ] {
        assert!(out.contains(page), "{page}");
    }
    assert!(out.contains("min\\-valid"), "the flags are in it");
}
