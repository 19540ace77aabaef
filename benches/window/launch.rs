//! One start of a binary and its end: a new WebDriver session through the bench's tauri-driver,
//! timed until the form is interactive, and closing it until its processes are gone.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util_client::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::memory::TreeMemory;
use crate::page_clock::{page_times, PageTimes};
use crate::procs::{alive, descendants, signal};
use crate::stats::ms;
use crate::x_mapping::window_name;
use crate::{note, Bench, Kind, READY};

/// One launch of a binary, as measured.
#[derive(Clone, Debug, Default)]
pub struct Start {
    /// New-session request → the session is created (the binary has connected to WebKitWebDriver).
    pub session_ms: f64,
    /// New-session request → `body[data-ready='true']` found.
    pub ready_ms: f64,
    /// New-session request → first top-level (not override-redirect) X window mapped.
    pub mapped_ms: Option<f64>,
    /// Page load milestones (page clock).
    pub page: PageTimes,
    pub memory: Option<TreeMemory>,
    /// Retried new-session requests (tauri-driver sometimes drops one).
    pub retries: u32,
}

pub struct Launched {
    pub client: Client,
    pub pid: u32,
    pub start: Start,
}

impl Bench {
    fn binary(&self, kind: Kind) -> &Path {
        match kind {
            Kind::App => &self.app,
            Kind::Bare => &self.bare,
        }
    }

    /// Launches the binary through a new WebDriver session and waits until its form is interactive.
    pub async fn launch(&self, kind: Kind) -> Launched {
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
    pub async fn close(&self, w: Launched) {
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
}
