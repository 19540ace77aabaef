//! The report's "Send → token card rendered" section: first and later sends, medians, p90 and max.

use crate::sends::{SendTiming, Sends};
use crate::stats::{fmt, median, percentile};
use crate::Settings;

/// The target of the render overhead, first and later sends alike: one frame at 60 Hz.
const TARGET_MS: f64 = 16.0;

/// Send-to-render timings, first and later sends, with the target (overhead under one frame).
pub fn section(line: &mut dyn FnMut(String), s: &Settings, sends: &Sends) {
    line("### Send → token card rendered (the app against the fake Salesforce)".into());
    line(String::new());
    line(format!(
        "{} windows × {} sends: the first send of each window opens the connection (CONNECT through the proxy + TLS) and shows the hidden card, the later ones replace its contents and may reuse the connection. Timed in the page (clock resolution 1 ms): the click on `#send`, the MutationObserver callback for `#status-line`, the next `requestAnimationFrame`, a task posted from it. Overhead = click → card painted − the request's time as the core measured it (`#status-line`: whole ms, or a tenth under 10 ms).",
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
        Some(m) if (m - TARGET_MS).abs() < 1.0 => {
            format!("borderline ({m:.1} ms: within the 1 ms clock resolution)")
        }
        Some(m) if m < TARGET_MS => "yes".to_string(),
        Some(m) => format!("**no** (+{:.1} ms)", m - TARGET_MS),
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
        "| **Render overhead** (painted − request) | {first_text} | {later_text} | < {TARGET_MS} ms | first: {}; later: {} |",
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
}
