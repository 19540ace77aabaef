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
//!    MutationObserver waits for `#token-card:not([hidden])`, then the next frame. The request's own
//!    time (`#status-line`: "200 OK · N ms · ...", measured by the core) is subtracted. The card is
//!    hidden before each click so every send renders it from hidden, like the first one. The fake's
//!    connection ids tell whether later sends reuse the first one's connection.
//!
//! Settings (environment): RUNS (starts per binary, default 12), SETTLE_MS (2000), SEND_WINDOWS (10
//! windows: one first send each), SENDS_PER_WINDOW (4), POLL_MS (2).
//! Run without `--bench` (as `cargo test --benches` does) it only says how to run it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
use fake_salesforce::FakeSalesforce;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util_client::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

#[path = "../tests/window/tauri_driver.rs"]
mod tauri_driver;

const APP: &str = env!("CARGO_BIN_EXE_sftoken-desktop");
const READY: &str = "body[data-ready='true']";

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    App,
    Bare,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::App => "app",
            Kind::Bare => "bare window",
        }
    }
}

struct Settings {
    runs: usize,
    settle: Duration,
    send_windows: usize,
    sends_per_window: usize,
    poll: Duration,
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
    let app = PathBuf::from(APP);
    let bare = app
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

    let sends = bench.sends(&sf).await;
    let load_after = loadavg();
    bench.driver.stop();
    bench.maps.stop();

    report(
        &bench,
        &starts[&Kind::App],
        &starts[&Kind::Bare],
        &sends,
        (load_before, load_after),
    );
}

struct Bench {
    settings: Settings,
    driver: Driver,
    maps: MapWatcher,
    app: PathBuf,
    bare: PathBuf,
}

/// One launch of a binary, as measured.
#[derive(Clone, Debug, Default)]
struct Start {
    /// New-session request → the session is created (the binary has connected to WebKitWebDriver).
    session_ms: f64,
    /// New-session request → `body[data-ready='true']` found.
    ready_ms: f64,
    /// New-session request → first top-level (not override-redirect) X window mapped.
    mapped_ms: Option<f64>,
    /// Page load milestones (page clock).
    page: PageTimes,
    memory: Option<TreeMemory>,
    /// Retried new-session requests (tauri-driver sometimes drops one).
    retries: u32,
}

struct Launched {
    client: Client,
    pid: u32,
    start: Start,
}

impl Bench {
    fn binary(&self, kind: Kind) -> &Path {
        match kind {
            Kind::App => &self.app,
            Kind::Bare => &self.bare,
        }
    }

    /// Launches the binary through a new WebDriver session and waits until its form is interactive.
    async fn launch(&self, kind: Kind) -> Launched {
        let binary = self.binary(kind);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": binary.to_str().expect("a UTF-8 path") }),
        );
        let mut retries = 0;
        let (client, t0, wall0, session_ms) = loop {
            self.maps.drain();
            let wall0 = SystemTime::now();
            let t0 = Instant::now();
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.driver.port))
                .await
            {
                Ok(client) => break (client, t0, wall0, ms(t0.elapsed())),
                Err(e) if retries < 5 => {
                    note(&format!("new session failed ({e}); retrying"));
                    retries += 1;
                    self.kill_strays(binary);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("no WebDriver session on {}: {e}", binary.display()),
            }
        };
        let deadline = t0 + Duration::from_secs(30);
        let ready_ms = loop {
            match client.find(Locator::Css(READY)).await {
                Ok(_) => break ms(t0.elapsed()),
                Err(e) if e.is_no_such_element() && Instant::now() < deadline => {
                    tokio::time::sleep(self.settings.poll).await;
                }
                Err(e) => panic!("{}: waiting for {READY}: {e}", binary.display()),
            }
        };
        let mapped = self.maps.first_since(t0);
        let mapped_ms = mapped.as_ref().map(|(at, _)| ms(at.duration_since(t0)));
        if let Some((_, window)) = &mapped {
            let name = window_name(window);
            if name.as_deref() != Some("sftoken") {
                note(&format!(
                    "warning: the first window mapped ({window}) is named {name:?}, not \"sftoken\""
                ));
            }
        }
        let page = page_times(&client, wall0).await;
        let pid = self
            .driver
            .app_pid(binary)
            .unwrap_or_else(|| panic!("no {} process under tauri-driver", binary.display()));
        Launched {
            client,
            pid,
            start: Start {
                session_ms,
                ready_ms,
                mapped_ms,
                page,
                memory: None,
                retries,
            },
        }
    }

    /// Ends the session (WebKitWebDriver closes the binary) and waits until its processes are gone.
    async fn close(&self, w: Launched) {
        let tree = descendants(w.pid);
        let _ = w.client.close().await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while tree.iter().any(|pid| alive(*pid)) {
            if Instant::now() > deadline {
                note("warning: the window's processes outlived the session; killing them");
                for pid in &tree {
                    signal(*pid, "KILL");
                }
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Let the system settle (WebKit's processes exit, Xvfb repaints) before the next launch.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    /// After a failed new-session request: ends a binary it may have started anyway.
    fn kill_strays(&self, binary: &Path) {
        while let Some(pid) = self.driver.app_pid(binary) {
            for p in descendants(pid) {
                signal(p, "KILL");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    async fn sends(&self, sf: &FakeSalesforce) -> Sends {
        let mut out = Sends::default();
        for window in 0..self.settings.send_windows {
            sf.clear_requests();
            let w = self.launch(Kind::App).await;
            fill(&w.client).await;
            let mut statuses = Vec::new();
            for i in 0..self.settings.sends_per_window {
                let send = send_once(&w.client).await;
                note(&format!(
                    "send {}.{} marks: {}",
                    window + 1,
                    i + 1,
                    send.marks
                ));
                note(&format!(
                    "send {}.{}: card painted {:>6.1} ms after the click, request {} ms, overhead {:>5.1} ms",
                    window + 1,
                    i + 1,
                    send.painted_ms,
                    send.request_ms,
                    send.painted_ms - send.request_ms,
                ));
                statuses.push(send.status.clone());
                if i == 0 {
                    out.first.push(send);
                } else {
                    out.later.push(send);
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            out.ipc_ms.extend(ipc_round_trips(&w.client).await);
            let requests = wait_requests(sf, self.settings.sends_per_window).await;
            let ids: Vec<u64> = requests.iter().map(|r| r.connection_id).collect();
            let reused = ids.iter().all(|id| *id == ids[0]);
            if !reused {
                note(&format!("window {}: connection ids {ids:?}", window + 1));
            }
            out.windows.push(WindowSends {
                connection_ids: ids,
                reused,
                tls: requests.iter().all(|r| r.tls),
                via_proxy: requests.iter().all(|r| r.via_proxy),
            });
            out.example_status = statuses.last().cloned().unwrap_or_default();
            self.close(w).await;
        }
        out
    }
}

// ---- Send-to-render ---------------------------------------------------------------------------

#[derive(Default)]
struct Sends {
    first: Vec<SendTiming>,
    later: Vec<SendTiming>,
    windows: Vec<WindowSends>,
    example_status: String,
    ipc_ms: Vec<f64>,
}

struct WindowSends {
    connection_ids: Vec<u64>,
    reused: bool,
    tls: bool,
    via_proxy: bool,
}

#[derive(Clone)]
struct SendTiming {
    /// Click → the answer is in the DOM (MutationObserver callback after `#status-line` is set).
    dom_ms: f64,
    /// Click → the next frame starts (requestAnimationFrame callback).
    frame_ms: f64,
    /// Click → that frame has been painted (a task posted from requestAnimationFrame).
    painted_ms: f64,
    /// The request's own time, as the core measured it (`#status-line`).
    request_ms: f64,
    status: String,
    /// The page's own `send:*` performance marks, ms after the click (for the progress log).
    marks: String,
}

/// Clicks Send inside the page and times the token card's rendering. Nothing on the page is changed
/// beforehand: the first send shows the card (hidden until then), later sends replace its contents.
/// `showToken` always sets `#status-line` (a childList mutation even for the same text), and nothing
/// else on the way touches it, so its first mutation after the click marks the answer in the DOM.
const SEND_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const $ = (id) => document.getElementById(id);
const card = $('token-card');
const status = $('status-line');
const errorCard = $('error-card');
if ($('send').hidden) { done({ error: 'a request is still running' }); return; }
let t0 = 0;
let finished = false;
const finish = (result) => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  clearTimeout(timer);
  done(result);
};
const observer = new MutationObserver((records) => {
  if (!errorCard.hidden) {
    finish({ error: `error card: ${errorCard.innerText}` });
    return;
  }
  if (!records.some((r) => status.contains(r.target)) || card.hidden) return;
  const dom = performance.now() - t0;
  observer.disconnect();
  requestAnimationFrame(() => {
    const frame = performance.now() - t0;
    const channel = new MessageChannel();
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('send:') && m.startTime >= t0)
      .map((m) => `${m.name} ${(m.startTime - t0).toFixed(1)}`).join(', ');
    performance.clearMarks();
    channel.port1.onmessage = () => finish({ dom, frame, painted: performance.now() - t0, status: status.textContent, marks });
    channel.port2.postMessage(0);
  });
});
observer.observe(document.body, { attributes: true, childList: true, characterData: true, subtree: true });
const timer = setTimeout(() => finish({ error: 'no token card within 10 s' }), 10000);
t0 = performance.now();
$('send').click();
"#;

/// Round trips of a cheap command (`app_info`) from the page, for scale.
const IPC_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const times = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await window.__TAURI_INTERNALS__.invoke('app_info');
    times.push(performance.now() - t);
  }
  done(times);
})().catch((e) => done({ error: String(e) }));
"#;

async fn send_once(client: &Client) -> SendTiming {
    let result = client
        .execute_async(SEND_SCRIPT, vec![])
        .await
        .expect("the send script runs");
    if let Some(error) = result.get("error") {
        panic!("send failed: {error}");
    }
    let number = |key: &str| {
        result
            .get(key)
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("no {key} in {result}"))
    };
    let status = result["status"].as_str().unwrap_or_default().to_string();
    SendTiming {
        dom_ms: number("dom"),
        frame_ms: number("frame"),
        painted_ms: number("painted"),
        marks: result["marks"].as_str().unwrap_or_default().to_string(),
        request_ms: request_ms(&status)
            .unwrap_or_else(|| panic!("no request time in the status line {status:?}")),
        status,
    }
}

async fn ipc_round_trips(client: &Client) -> Vec<f64> {
    let result = client
        .execute_async(IPC_SCRIPT, vec![])
        .await
        .expect("the IPC script runs");
    result
        .as_array()
        .unwrap_or_else(|| panic!("IPC round trips: {result}"))
        .iter()
        .filter_map(Value::as_f64)
        .collect()
}

/// "200 OK · 12 ms · 1.1 KB" → 12.
fn request_ms(status: &str) -> Option<f64> {
    if !status.starts_with("200 ") {
        return None;
    }
    status
        .split(" · ")
        .find_map(|part| part.strip_suffix(" ms"))
        .and_then(|n| n.trim().parse().ok())
}

/// Fills the Body tab with acme's admin (tests/window/send.rs); text outside the Basic Multilingual
/// Plane (the password's emoji) cannot be typed through WebKitWebDriver, so it is set with an event.
async fn fill(client: &Client) {
    let fields = [
        ("#client-id", ACME_APP.client_id),
        ("#client-secret", ACME_APP.client_secret),
        ("#username", ACME_ADMIN.username),
        ("#password", ACME_ADMIN.password),
        ("#security-token", ACME_ADMIN.security_token),
    ];
    for (css, text) in fields {
        let input = client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        input.clear().await.expect("clear a field");
        if text.chars().all(|c| (c as u32) < 0x10000) {
            input.send_keys(text).await.expect("type into a field");
        } else {
            let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true})); arguments[0].dispatchEvent(new Event('change', {bubbles: true}));";
            let element = serde_json::to_value(&input).expect("an element reference");
            client
                .execute(script, vec![element, text.into()])
                .await
                .expect("set a field");
        }
    }
}

/// The fake records a request before it answers; wait until all of a window's have landed.
async fn wait_requests(sf: &FakeSalesforce, n: usize) -> Vec<fake_salesforce::RecordedRequest> {
    for _ in 0..100 {
        let r = sf.requests();
        if r.len() >= n {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} requests reached the fake");
}

// ---- page clock -------------------------------------------------------------------------------

/// Milestones of the page load in ms after the new-session request, from the page's own clock
/// (`performance.timeOrigin` is wall-clock time; the page's timers have 1 ms resolution).
#[derive(Clone, Copy, Debug, Default)]
struct PageTimes {
    navigation: Option<f64>,
    html: Option<f64>,
    dom_content_loaded: Option<f64>,
    load: Option<f64>,
}

async fn page_times(client: &Client, wall0: SystemTime) -> PageTimes {
    let script = "const n = performance.getEntriesByType('navigation')[0] || {}; return [performance.timeOrigin, n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd, [...performance.getEntriesByType('paint'), ...performance.getEntriesByType('mark')].map((e) => `${e.name} ${e.startTime.toFixed(1)}`).join(', ')];";
    let Ok(result) = client.execute(script, vec![]).await else {
        return PageTimes::default();
    };
    let at = |i: usize| result.get(i).and_then(Value::as_f64);
    let wall0_ms = wall0
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default();
    let navigation = at(0).map(|o| o - wall0_ms);
    if let Some(marks) = result.get(4).and_then(Value::as_str) {
        note(&format!("page marks (ms after navigation start): {marks}"));
    }
    let after = |i: usize| {
        navigation
            .zip(at(i).filter(|t| *t > 0.0))
            .map(|(n, t)| n + t)
    };
    PageTimes {
        navigation,
        html: after(1),
        dom_content_loaded: after(2),
        load: after(3),
    }
}

// ---- tauri-driver -----------------------------------------------------------------------------

/// One tauri-driver (and its WebKitWebDriver) for the whole bench, with the environment the window
/// tests give the app: the fake's CA and proxy, XDG folders in a temporary folder.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(sf: &FakeSalesforce, home: &Path) -> Driver {
        for dir in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.join(dir)).expect("XDG folders");
        }
        let (port, native_port) = (tauri_driver::free_port(), tauri_driver::free_port());
        let child = Command::new(tauri_driver::binary())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("SSL_CERT_FILE", sf.ca_file())
            .env("HTTPS_PROXY", sf.proxy_url())
            .env("NO_PROXY", "")
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        for p in [port, native_port] {
            tauri_driver::wait_for_port(p);
        }
        Driver { child, port }
    }

    /// The pid of the process running `binary` under this driver, if there is one.
    fn app_pid(&self, binary: &Path) -> Option<u32> {
        let binary = std::fs::canonicalize(binary).ok()?;
        descendants(self.child.id())
            .into_iter()
            .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok() == Some(binary.clone()))
    }

    /// SIGTERM, so that tauri-driver ends its WebKitWebDriver too; then whatever is left.
    fn stop(&mut self) {
        let tree = descendants(self.child.id());
        signal(self.child.id(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && tree.iter().any(|pid| alive(*pid)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        for pid in tree.iter().rev() {
            if alive(*pid) {
                signal(*pid, "KILL");
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---- X window mapping -------------------------------------------------------------------------

/// `xev -root -event substructure` prints every MapNotify of a top-level window as it happens; a
/// thread stamps each with the time it was read.
struct MapWatcher {
    child: Option<Child>,
    events: mpsc::Receiver<(Instant, String)>,
}

impl MapWatcher {
    fn start() -> MapWatcher {
        let (tx, events) = mpsc::channel();
        let child = Command::new("xev")
            .args(["-root", "-event", "substructure"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(mut child) => {
                let stdout = child.stdout.take().expect("xev's stdout");
                std::thread::spawn(move || {
                    let mut lines = BufReader::new(stdout).lines();
                    while let Some(Ok(line)) = lines.next() {
                        if !line.starts_with("MapNotify event") {
                            continue;
                        }
                        let at = Instant::now();
                        // "    event 0x50d, window 0x400003, override NO"
                        let Some(Ok(detail)) = lines.next() else {
                            break;
                        };
                        if !detail.trim_end().ends_with("override NO") {
                            continue;
                        }
                        let window = detail
                            .split("window ")
                            .nth(1)
                            .and_then(|w| w.split(',').next())
                            .unwrap_or_default()
                            .to_string();
                        if tx.send((at, window)).is_err() {
                            break;
                        }
                    }
                });
                // xev needs a moment to select the events on the root window.
                std::thread::sleep(Duration::from_millis(300));
                Some(child)
            }
            Err(e) => {
                note(&format!(
                    "xev is not available ({e}): no window-mapped times (apt-get install x11-utils)"
                ));
                None
            }
        };
        MapWatcher { child, events }
    }

    fn drain(&self) {
        while self.events.try_recv().is_ok() {}
    }

    /// The first top-level window mapped at or after `t0`, with its id.
    fn first_since(&self, t0: Instant) -> Option<(Instant, String)> {
        std::iter::from_fn(|| self.events.try_recv().ok()).find(|(at, _)| *at >= t0)
    }

    fn stop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn window_name(window: &str) -> Option<String> {
    let id = u64::from_str_radix(window.trim_start_matches("0x"), 16).ok()?;
    let out = Command::new("xdotool")
        .args(["getwindowname", &id.to_string()])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

// ---- /proc ------------------------------------------------------------------------------------

/// (pid, parent pid, command name) of every process.
fn processes() -> Vec<(u32, u32, String)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "PID (comm) STATE PPID ...": comm may hold spaces and parentheses.
            let open = stat.find('(')?;
            let close = stat.rfind(')')?;
            let comm = stat[open + 1..close].to_string();
            let ppid = stat[close + 2..].split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid, comm))
        })
        .collect()
}

/// `pid` and every process under it, parents before children.
fn descendants(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (p, ppid, _) in processes() {
        children.entry(ppid).or_default().push(p);
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        if let Some(c) = children.get(&out[i]) {
            out.extend(c);
        }
        i += 1;
    }
    out
}

fn alive(pid: u32) -> bool {
    // A zombie still has a /proc entry: count it as gone.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rfind(')')
                .is_some_and(|c| !s[c + 1..].trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

#[derive(Clone, Copy, Debug, Default)]
struct Mem {
    pss_kb: u64,
    rss_kb: u64,
    /// Private_Clean + Private_Dirty.
    uss_kb: u64,
}

impl std::ops::AddAssign for Mem {
    fn add_assign(&mut self, o: Mem) {
        self.pss_kb += o.pss_kb;
        self.rss_kb += o.rss_kb;
        self.uss_kb += o.uss_kb;
    }
}

#[derive(Clone, Debug, Default)]
struct TreeMemory {
    total: Mem,
    /// By command name ("sftoken-desktop", "WebKitWebProces", ...; the kernel keeps 15 characters).
    by_name: BTreeMap<String, Mem>,
    /// Processes on the machine running WebKit that are not ours (they share its pages, so PSS).
    foreign_webkit: usize,
}

fn memory_of_tree(pid: u32) -> TreeMemory {
    let tree: HashSet<u32> = descendants(pid).into_iter().collect();
    let mut out = TreeMemory::default();
    for (p, _, comm) in processes() {
        if !tree.contains(&p) {
            if comm.starts_with("WebKitWebProces") || comm.starts_with("WebKitNetworkPr") {
                out.foreign_webkit += 1;
            }
            continue;
        }
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        let field = |name: &str| -> u64 {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse().ok())
                .unwrap_or(0)
        };
        let mem = Mem {
            pss_kb: field("Pss:"),
            rss_kb: field("Rss:"),
            uss_kb: field("Private_Clean:") + field("Private_Dirty:"),
        };
        let name = if p == pid {
            "(the binary)".into()
        } else {
            comm
        };
        out.total += mem;
        *out.by_name.entry(name).or_default() += mem;
    }
    out
}

// ---- report -----------------------------------------------------------------------------------

fn report(bench: &Bench, app: &[Start], bare: &[Start], sends: &Sends, load: (String, String)) {
    let s = &bench.settings;
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line("## sftoken window vs a bare Tauri window".into());
    line(String::new());
    line(format!(
        "Builds: {}, both from this package with the same dependencies and features{}.",
        if cfg!(debug_assertions) {
            "debug (`dev` profile)"
        } else {
            "release (`bench` = `release` profile: lto, codegen-units 1, panic abort, stripped)"
        },
        if cfg!(feature = "custom-protocol") {
            " (`custom-protocol` on, as the Tauri CLI builds bundles)"
        } else {
            " (`custom-protocol` off)"
        }
    ));
    line(format!(
        "Each start: a WebDriver new-session request through tauri-driver (WebKitWebDriver spawns the binary), medians of {} starts per binary after one warm-up each, app and bare alternating; memory {} ms after the form is interactive.",
        s.runs,
        s.settle.as_millis()
    ));
    line(String::new());

    line("### Start and memory".into());
    line(String::new());
    line("| Measure (median) | App | Bare window | App − bare | Target | Met |".into());
    line("|---|---:|---:|---:|---|---|".into());
    let row = |name: &str, f: &dyn Fn(&Start) -> Option<f64>, unit: &str, target: Option<f64>| {
        let a = median(app.iter().filter_map(f).collect());
        let b = median(bare.iter().filter_map(f).collect());
        let (diff, verdict) = match (a, b) {
            (Some(a), Some(b)) => {
                let pct = (a - b) / b * 100.0;
                let verdict = target.map_or(String::new(), |t| {
                    if a <= b * (1.0 + t / 100.0) {
                        "yes".into()
                    } else {
                        format!("**no** (+{:.0}% over the limit)", pct - t)
                    }
                });
                (format!("{:+.1} {unit} ({pct:+.0}%)", a - b), verdict)
            }
            _ => ("–".into(), String::new()),
        };
        let target = target.map_or(String::new(), |t| format!("within {t:.0}% of bare"));
        format!(
            "| {name} | {} | {} | {diff} | {target} | {verdict} |",
            fmt(a, unit),
            fmt(b, unit)
        )
    };
    let mb = |f: fn(&TreeMemory) -> Option<u64>| {
        move |st: &Start| st.memory.as_ref().and_then(f).map(|kb| kb as f64 / 1024.0)
    };
    let rows: Vec<String> = vec![
        row("Start → X window mapped", &|st| st.mapped_ms, "ms", None),
        row(
            "Start → WebDriver session created",
            &|st| Some(st.session_ms),
            "ms",
            None,
        ),
        row(
            "Start → page navigation start (page clock)",
            &|st| st.page.navigation,
            "ms",
            None,
        ),
        row(
            "Start → HTML received (page clock)",
            &|st| st.page.html,
            "ms",
            None,
        ),
        row(
            "Start → DOMContentLoaded done: scripts run (page clock)",
            &|st| st.page.dom_content_loaded,
            "ms",
            None,
        ),
        row(
            "Start → load event done (page clock)",
            &|st| st.page.load,
            "ms",
            None,
        ),
        row(
            "**Start → form interactive** (`body[data-ready='true']` found over WebDriver)",
            &|st| Some(st.ready_ms),
            "ms",
            Some(10.0),
        ),
        row(
            "**PSS**, the binary + its WebKit processes",
            &mb(|m| Some(m.total.pss_kb)),
            "MB",
            Some(10.0),
        ),
        row(
            "· PSS of the binary's own process",
            &mb(|m| m.by_name.get("(the binary)").map(|x| x.pss_kb)),
            "MB",
            None,
        ),
        row(
            "· PSS of WebKitWebProcess",
            &mb(|m| m.by_name.get("WebKitWebProces").map(|x| x.pss_kb)),
            "MB",
            None,
        ),
        row(
            "· PSS of WebKitNetworkProcess",
            &mb(|m| m.by_name.get("WebKitNetworkPr").map(|x| x.pss_kb)),
            "MB",
            None,
        ),
        row(
            "USS (private), all processes",
            &mb(|m| Some(m.total.uss_kb)),
            "MB",
            None,
        ),
        row(
            "RSS, all processes",
            &mb(|m| Some(m.total.rss_kb)),
            "MB",
            None,
        ),
    ];
    for r in rows {
        line(r);
    }
    let spread = |v: &[Start], f: fn(&Start) -> f64| {
        let mut x: Vec<f64> = v.iter().map(f).collect();
        x.sort_by(f64::total_cmp);
        format!(
            "{:.0}–{:.0} ms",
            x.first().unwrap_or(&0.0),
            x.last().unwrap_or(&0.0)
        )
    };
    line(String::new());
    line(format!(
        "Range of start → interactive: app {}, bare {}. Processes per start: app {}, bare {}. Retried new-session requests: {}.",
        spread(app, |s| s.ready_ms),
        spread(bare, |s| s.ready_ms),
        process_names(app),
        process_names(bare),
        app.iter().chain(bare).map(|s| s.retries).sum::<u32>(),
    ));
    let foreign = app
        .iter()
        .chain(bare)
        .filter_map(|s| s.memory.as_ref().map(|m| m.foreign_webkit))
        .max()
        .unwrap_or(0);
    if foreign > 0 {
        let contended = app
            .iter()
            .chain(bare)
            .filter(|s| s.memory.as_ref().is_some_and(|m| m.foreign_webkit > 0))
            .count();
        line(format!(
            "Note: other programs' WebKit processes (up to {foreign}) were running during {contended} of {} samples: they compete for the 2 cores, and they share library pages, which lowers PSS a little.",
            app.len() + bare.len()
        ));
    }
    line(String::new());

    line("### Send → token card rendered (the app against the fake Salesforce)".into());
    line(String::new());
    line(format!(
        "{} windows × {} sends: the first send of each window opens the connection (CONNECT through the proxy + TLS) and shows the hidden card, the later ones replace its contents and may reuse the connection. Timed in the page (clock resolution 1 ms): the click on `#send`, the MutationObserver callback for `#status-line`, the next `requestAnimationFrame`, a task posted from it. Overhead = click → card painted − the request's time as the core measured it (`#status-line`, whole ms, truncated).",
        s.send_windows, s.sends_per_window
    ));
    line(String::new());
    line("| Measure (median; p90, max) | First send | Later sends | Target | Met |".into());
    line("|---|---:|---:|---|---|".into());
    let stat = |v: &[SendTiming], f: fn(&SendTiming) -> f64| -> (Option<f64>, String) {
        let x: Vec<f64> = v.iter().map(f).collect();
        let m = median(x.clone());
        (
            m,
            format!(
                "{} ({}; {}) n={}",
                fmt(m, "ms"),
                fmt(percentile(x.clone(), 0.9), "ms"),
                fmt(x.iter().copied().reduce(f64::max), "ms"),
                x.len()
            ),
        )
    };
    let overhead = |s: &SendTiming| s.painted_ms - s.request_ms;
    let (first_over, first_text) = stat(&sends.first, overhead);
    let (later_over, later_text) = stat(&sends.later, overhead);
    let met = |m: Option<f64>| match m {
        Some(m) if (m - 20.0).abs() < 1.0 => {
            format!("borderline ({m:.1} ms: within the 1 ms clock resolution)")
        }
        Some(m) if m < 20.0 => "yes".to_string(),
        Some(m) => format!("**no** (+{:.1} ms)", m - 20.0),
        None => "–".into(),
    };
    line(format!(
        "| Request's own time (core) | {} | {} | | |",
        stat(&sends.first, |s| s.request_ms).1,
        stat(&sends.later, |s| s.request_ms).1
    ));
    line(format!(
        "| Click → answer in the DOM | {} | {} | | |",
        stat(&sends.first, |s| s.dom_ms).1,
        stat(&sends.later, |s| s.dom_ms).1
    ));
    line(format!(
        "| Click → next frame starts | {} | {} | | |",
        stat(&sends.first, |s| s.frame_ms).1,
        stat(&sends.later, |s| s.frame_ms).1
    ));
    line(format!(
        "| Click → card painted | {} | {} | | |",
        stat(&sends.first, |s| s.painted_ms).1,
        stat(&sends.later, |s| s.painted_ms).1
    ));
    line(format!(
        "| **Render overhead** (painted − request) | {first_text} | {later_text} | < 20 ms | first: {}; later: {} |",
        met(first_over),
        met(later_over)
    ));
    line(format!(
        "| · before the DOM update (the send_request round trip, the command, JS) | {} | {} | | |",
        stat(&sends.first, |s| s.dom_ms - s.request_ms).1,
        stat(&sends.later, |s| s.dom_ms - s.request_ms).1
    ));
    line(format!(
        "| · waiting for the next frame | {} | {} | | |",
        stat(&sends.first, |s| s.frame_ms - s.dom_ms).1,
        stat(&sends.later, |s| s.frame_ms - s.dom_ms).1
    ));
    line(format!(
        "| · style, layout, paint of that frame | {} | {} | | |",
        stat(&sends.first, |s| s.painted_ms - s.frame_ms).1,
        stat(&sends.later, |s| s.painted_ms - s.frame_ms).1
    ));
    let ipc = sends.ipc_ms.clone();
    line(format!(
        "| For scale: one IPC round trip (`app_info`), after the sends | {} ({}; {}) n={} | | | |",
        fmt(median(ipc.clone()), "ms"),
        fmt(percentile(ipc.clone(), 0.9), "ms"),
        fmt(ipc.iter().copied().reduce(f64::max), "ms"),
        ipc.len()
    ));
    let reused = sends.windows.iter().filter(|w| w.reused).count();
    line(format!(
        "| Later sends reuse the first send's connection | {reused} of {} windows | | yes | {} |",
        sends.windows.len(),
        if reused == sends.windows.len() {
            "yes"
        } else {
            "**no**"
        }
    ));
    line(String::new());
    let ids: Vec<String> = sends
        .windows
        .iter()
        .map(|w| format!("{:?}", w.connection_ids))
        .collect();
    line(format!(
        "Connection ids per window (fake Salesforce): {}. All over TLS: {}; all through the proxy: {}. A status line: `{}`.",
        ids.join(" "),
        sends.windows.iter().all(|w| w.tls),
        sends.windows.iter().all(|w| w.via_proxy),
        sends.example_status
    ));
    line(String::new());

    line("### Command and machine".into());
    line(String::new());
    let command = std::env::var("WINDOW_BENCH_COMMAND").unwrap_or_else(|_| {
        "xvfb-run -a -s \"-screen 0 1280x800x24\" dbus-run-session -- scripts/lib/with-keyring.sh cargo bench --bench window".into()
    });
    line(format!("- Command: `{command}`"));
    line(format!(
        "- Binaries: app `{}` ({}), bare `{}` ({})",
        rel(&bench.app),
        size(&bench.app),
        rel(&bench.bare),
        size(&bench.bare)
    ));
    for (k, v) in machine_facts() {
        line(format!("- {k}: {v}"));
    }
    line(format!(
        "- Load average before / after: {} / {}",
        load.0, load.1
    ));
    print!("{out}");
}

fn process_names(v: &[Start]) -> String {
    v.iter()
        .find_map(|s| s.memory.as_ref())
        .map(|m| {
            m.by_name
                .keys()
                .map(|k| match k.as_str() {
                    "WebKitWebProces" => "WebKitWebProcess",
                    "WebKitNetworkPr" => "WebKitNetworkProcess",
                    other => other,
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .unwrap_or_else(|| "?".into())
}

fn machine_facts() -> Vec<(&'static str, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<u64>().ok())
        .map_or("?".into(), |kb| {
            format!("{:.1} GB", kb as f64 / 1024.0 / 1024.0)
        });
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|l| l.trim_matches('"').to_string())
        .unwrap_or_default();
    let run = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let lock = read(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"));
    let tauri = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"tauri\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let changed = git(&["status", "--porcelain"]).lines().count();
    vec![
        (
            "Source",
            format!(
                "git {} with {changed} uncommitted changes in the working tree",
                git(&["rev-parse", "--short", "HEAD"])
            ),
        ),
        ("CPU", format!("{cpu}, {cores} cores")),
        ("Memory", mem),
        ("OS", format!("{os}, Linux {}", run("uname", &["-r"]))),
        (
            "WebKitGTK",
            run(
                "dpkg-query",
                &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"],
            ),
        ),
        ("tauri", tauri),
        (
            "tauri-driver",
            run("cargo", &["install", "--list"])
                .lines()
                .find(|l| l.starts_with("tauri-driver "))
                .map_or("?".into(), |l| l.trim_end_matches(':').to_string()),
        ),
        ("rustc", run("rustc", &["--version"])),
        (
            "Display",
            format!(
                "Xvfb {} 1280x800x24 (no window manager, no GPU)",
                std::env::var("DISPLAY").unwrap_or_default()
            ),
        ),
    ]
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn rel(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .display()
        .to_string()
}

fn size(p: &Path) -> String {
    std::fs::metadata(p).map_or("?".into(), |m| {
        format!("{:.1} MB", m.len() as f64 / 1024.0 / 1024.0)
    })
}

fn median(v: Vec<f64>) -> Option<f64> {
    percentile(v, 0.5)
}

/// Linear interpolation between the closest ranks.
fn percentile(mut v: Vec<f64>, q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

fn fmt(v: Option<f64>, unit: &str) -> String {
    v.map_or("–".into(), |v| format!("{v:.1} {unit}"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn note(msg: &str) {
    eprintln!("window bench: {msg}");
}
