//! `scan-secrets DIR...`: fails when any file under the folders holds a secret the tests used.
//! The test command runs it after the whole suite over the apps' config, WebKit data and logs.

use std::path::PathBuf;
use std::process::ExitCode;

use fake_salesforce::scan::{scan, shown};

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() || roots.iter().any(|r| !r.is_dir()) {
        eprintln!("usage: scan-secrets DIR... (each an existing folder)");
        return ExitCode::from(2);
    }
    let (findings, files) = scan(&roots, &[]);
    if findings.is_empty() {
        println!(
            "secret scan: {files} files under {} folder(s), no secret found",
            roots.len()
        );
        return ExitCode::SUCCESS;
    }
    for f in &findings {
        eprintln!("secret scan: {} holds {}", shown(&f.file, &roots), f.what);
    }
    eprintln!(
        "secret scan: {} finding(s) in {files} files",
        findings.len()
    );
    ExitCode::FAILURE
}
