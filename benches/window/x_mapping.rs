//! When a binary's X window is mapped: `xev` on the root window, read by a thread that stamps each
//! MapNotify, and the mapped window's name.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::note;

/// `xev -root -event substructure` prints every MapNotify of a top-level window as it happens; a
/// thread stamps each with the time it was read.
pub struct MapWatcher {
    pub child: Option<Child>,
    pub events: mpsc::Receiver<(Instant, String)>,
}

impl MapWatcher {
    pub fn start() -> MapWatcher {
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

    pub fn drain(&self) {
        while self.events.try_recv().is_ok() {}
    }

    /// The first top-level window mapped at or after `t0`, with its id.
    pub fn first_since(&self, t0: Instant) -> Option<(Instant, String)> {
        std::iter::from_fn(|| self.events.try_recv().ok()).find(|(at, _)| *at >= t0)
    }

    pub fn stop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn window_name(window: &str) -> Option<String> {
    let id = u64::from_str_radix(window.trim_start_matches("0x"), 16).ok()?;
    let out = Command::new("xdotool")
        .args(["getwindowname", &id.to_string()])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
