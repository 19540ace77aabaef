//! The fake as a standalone program, for benchmark and screenshot scripts: starts the server,
//! prints one line of JSON (`http_url`, `https_url`, `proxy_url`, `ca_file`) and serves until its
//! standard input closes or it gets SIGTERM/SIGINT.
//!
//! Careful in scripts: a background job (`fake-salesforce &`) in a non-interactive shell has its
//! stdin on /dev/null and would stop at once; keep a pipe open to it, or pass `--ignore-stdin`
//! and stop it with a signal.

use std::io::{Read, Write};
use std::sync::mpsc;

use fake_salesforce::{FakeSalesforce, Fault};

const USAGE: &str = "usage: fake-salesforce [--fault SPEC] [--ignore-stdin]\n\
  SPEC: slow-ms=N | html500 | unavailable503[=SECS] | empty-body | truncated-json | oversized=BYTES\n\
        | drop-connection | hang | redirect=URL | bad-signature | json-error=STATUS:ERROR:DESCRIPTION\n\
  Prints {\"http_url\",\"https_url\",\"proxy_url\",\"ca_file\"} on one line, then serves until stdin\n\
  closes (unless --ignore-stdin) or SIGTERM/SIGINT.";

struct Options {
    fault: Option<Fault>,
    ignore_stdin: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        fault: None,
        ignore_stdin: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fault" => {
                let spec = args.next().ok_or("--fault needs a SPEC")?;
                options.fault = Some(Fault::from_spec(&spec)?);
            }
            "--ignore-stdin" => options.ignore_stdin = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// Sends on `done` at SIGTERM or SIGINT.
fn watch_signals(done: mpsc::Sender<&'static str>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                let Ok(mut term) = signal(SignalKind::terminate()) else {
                    return;
                };
                tokio::select! {
                    _ = term.recv() => { let _ = done.send("SIGTERM"); }
                    _ = tokio::signal::ctrl_c() => { let _ = done.send("SIGINT"); }
                }
            }
            #[cfg(not(unix))]
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = done.send("ctrl-c");
            }
        });
    });
    Ok(())
}

fn main() {
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("fake-salesforce: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let sf = FakeSalesforce::start();
    sf.set_fault(options.fault);

    let (done, stop) = mpsc::channel::<&'static str>();
    if let Err(e) = watch_signals(done.clone()) {
        eprintln!("fake-salesforce: cannot watch signals: {e}");
    }
    if !options.ignore_stdin {
        std::thread::spawn(move || {
            let mut sink = [0u8; 4096];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            let _ = done.send("stdin closed (pass --ignore-stdin to serve until a signal)");
        });
    }

    let line = serde_json::json!({
        "http_url": sf.http_url(),
        "https_url": sf.https_url(),
        "proxy_url": sf.proxy_url(),
        "ca_file": sf.ca_file().to_string_lossy(),
    });
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{line}")
        .and_then(|_| stdout.flush())
        .is_err()
    {
        std::process::exit(1);
    }

    let reason = stop.recv().unwrap_or("no more stop sources");
    eprintln!("fake-salesforce: stopping: {reason}");
    drop(sf);
}
