//! The desktop window against a bare Tauri window, and Send-to-render. A benchmark, not a test: it
//! prints a Markdown table (stdout; progress on stderr) and exits 0 when a target is missed. Run it
//! through `benches/window.sh`, which builds the bare window, starts Xvfb, a D-Bus session and a
//! keyring, and runs `cargo bench --bench window` (release builds of both windows).
//!
//! 1. Cold start: each binary is launched the same way, by a WebDriver new-session request through
//!    one `tauri-driver` (which makes WebKitWebDriver spawn the binary). Timed from that request to
//!    `body[data-ready='true']` being found (polled every few ms over WebDriver); also to the first
//!    top-level X window being mapped (`xev -root` reports MapNotify as it happens) and, from the
//!    page's own clock, to its navigation start and load event. App and bare runs alternate.
//! 2. Memory: ~2 s after each start, the PSS (and RSS, USS) of the binary's process plus every process
//!    under it (WebKitWebProcess, WebKitNetworkProcess), from /proc/PID/smaps_rollup.
//! 3. Send-to-render: the app against the fake Salesforce (as the window tests run it); the form is
//!    filled with acme's admin, then, inside the page (`execute_async`), `#send` is clicked and a
//!    MutationObserver waits for the token card's status line to change, then the next frame. The
//!    request's own time (`#status-line`: "200 OK · N ms · ...", measured by the core) is
//!    subtracted. Nothing on the page is changed before a click: the token card is laid out, empty,
//!    from the start, so a window's first send fills it in as later sends do; the report still keeps
//!    first and later sends apart. The fake's connection ids tell whether later sends reuse the
//!    first one's connection.
//!
//! 4. Many profiles: the app with 5 and with PROFILES profiles (`many_profiles.rs`).
//!
//! Settings (environment): RUNS (starts per binary, default 12), SETTLE_MS (2000), SEND_WINDOWS (10
//! windows: one first send each), SENDS_PER_WINDOW (4), POLL_MS (2), PROFILES (1000; 0 skips),
//! BENCH_APP (the app binary to measure instead of the one built here, e.g. an installed package's),
//! PROBE_BEFORE_SENDS / PROBE_AFTER_SENDS (a script of your own run in the Send windows: `probe.rs`).
//! Run without `--bench` (as `cargo test --benches` does) it only says how to run it.
//!
//! This file: the settings, `main` and the bench loop. The rest of the folder, one idea a file:
//! `driver.rs` (the one tauri-driver), `launch.rs` (a start, timed, and its end), `x_mapping.rs`
//! (when the X window is mapped), `page_clock.rs` (the page's load milestones), `procs.rs` (the
//! process tree), `memory.rs` (its PSS/RSS/USS), `sends.rs` (Send-to-render), `probe.rs` (scripts
//! of your own in the Send windows), `report.rs` (the Markdown report), `machine.rs` (facts about
//! the machine), `stats.rs` (median, percentile).

mod driver;
mod launch;
mod machine;
mod many_profiles;
mod memory;
mod page_clock;
mod probe;
mod procs;
mod report;
mod sends;
mod stats;
mod x_mapping;

#[path = "../../tests/window/profile_fixtures.rs"]
mod profile_fixtures;
#[path = "../../tests/window/tauri_driver.rs"]
mod tauri_driver;
#[path = "../../tests/window/typing.rs"]
mod typing;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use fake_salesforce::FakeSalesforce;

use driver::Driver;
use launch::Start;
use machine::loadavg;
use memory::memory_of_tree;
use report::report;
use x_mapping::MapWatcher;

pub const APP: &str = env!("CARGO_BIN_EXE_sftoken-desktop");
pub const READY: &str = "body[data-ready='true']";

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    App,
    Bare,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::App => "app",
            Kind::Bare => "bare window",
        }
    }
}

pub struct Settings {
    pub runs: usize,
    pub settle: Duration,
    pub send_windows: usize,
    pub sends_per_window: usize,
    pub poll: Duration,
    /// The many-profiles case (0: skipped).
    pub profiles: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let num = |name: &str, default: u64| -> u64 {
            match std::env::var(name) {
                Ok(v) => v
                    .parse()
                    .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")),
                Err(_) => default,
            }
        };
        Settings {
            runs: num("RUNS", 12).max(1) as usize,
            settle: Duration::from_millis(num("SETTLE_MS", 2000)),
            send_windows: num("SEND_WINDOWS", 10).max(1) as usize,
            sends_per_window: num("SENDS_PER_WINDOW", 4).max(2) as usize,
            poll: Duration::from_millis(num("POLL_MS", 2)),
            profiles: num("PROFILES", 1000) as usize,
        }
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("window bench: skipped (run benches/window.sh, or `cargo bench --bench window` under a display)");
        return;
    }
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("window bench: needs a display: run benches/window.sh (Xvfb, D-Bus, keyring)");
        std::process::exit(2);
    }
    let settings = Settings::from_env();
    // BENCH_APP: another build of the app to measure, e.g. the installed package's
    // /usr/bin/sftoken-desktop (the bare window stays the one built beside the bench).
    let app = std::env::var_os("BENCH_APP").map_or_else(|| PathBuf::from(APP), PathBuf::from);
    let bare = PathBuf::from(APP)
        .parent()
        .expect("the app binary is in a folder")
        .join("examples/bare_window");
    for (what, path, build) in [
        ("app", &app, "cargo bench --bench window builds it"),
        (
            "bare window",
            &bare,
            "build it first: cargo build --release --features custom-protocol --example bare_window (benches/window.sh does)",
        ),
    ] {
        assert!(path.is_file(), "no {what} binary at {}: {build}", path.display());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(bench(settings, app, bare));
}

async fn bench(settings: Settings, app: PathBuf, bare: PathBuf) {
    let load_before = loadavg();
    let sf = FakeSalesforce::start();
    let home = tempfile::tempdir().expect("a temporary folder");
    let driver = Driver::start(&sf, home.path());
    let maps = MapWatcher::start();
    let mut bench = Bench {
        settings,
        driver,
        maps,
        app,
        bare,
    };

    // Warm-up, not counted: page cache, WebKit's caches in the XDG folders, tauri-driver's first request.
    for kind in [Kind::App, Kind::Bare] {
        note(&format!("warm-up: {}", kind.label()));
        let w = bench.launch(kind).await;
        bench.close(w).await;
    }

    let mut starts: HashMap<Kind, Vec<Start>> = HashMap::new();
    for run in 0..bench.settings.runs {
        let order = if run % 2 == 0 {
            [Kind::App, Kind::Bare]
        } else {
            [Kind::Bare, Kind::App]
        };
        for kind in order {
            let mut w = bench.launch(kind).await;
            tokio::time::sleep(bench.settings.settle).await;
            w.start.memory = Some(memory_of_tree(w.pid));
            note(&format!(
                "start {}/{} {:<11} ready {:>6.1} ms, mapped {:>6} ms, PSS {:>6.1} MB",
                run + 1,
                bench.settings.runs,
                kind.label(),
                w.start.ready_ms,
                w.start.mapped_ms.map_or("?".into(), |m| format!("{m:.1}")),
                w.start
                    .memory
                    .as_ref()
                    .map_or(0.0, |m| m.total.pss_kb as f64 / 1024.0),
            ));
            let start = w.start.clone();
            bench.close(w).await;
            starts.entry(kind).or_default().push(start);
        }
    }

    if std::env::var_os("PROBE_AFTER_SENDS").is_some() {
        let w = bench.launch(Kind::Bare).await;
        probe::run_probe(&w.client, probe::ProbeAt::AfterSends, "bare window").await;
        bench.close(w).await;
    }
    let sends = bench.sends(&sf).await;
    let cases = match bench.settings.profiles {
        0 => Vec::new(),
        n => {
            bench
                .many_profiles(&home.path().join("config/sftoken"), &[5, n])
                .await
        }
    };
    let load_after = loadavg();
    bench.driver.stop();
    if let Ok(to) = std::env::var("BENCH_APP_LOG") {
        let _ = std::fs::copy(home.path().join("app.log"), &to);
    }
    bench.maps.stop();

    report(
        &bench,
        &starts[&Kind::App],
        &starts[&Kind::Bare],
        &sends,
        &cases,
        (load_before, load_after),
    );
}

/// What every launch needs: the settings, the one tauri-driver, the X map watcher, both binaries.
pub struct Bench {
    pub settings: Settings,
    pub driver: Driver,
    pub maps: MapWatcher,
    pub app: PathBuf,
    pub bare: PathBuf,
}

/// A progress line on stderr.
pub fn note(msg: &str) {
    eprintln!("window bench: {msg}");
}
