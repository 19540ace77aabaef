//! The page's own clock: when navigation started, the HTML arrived, DOMContentLoaded and load
//! ended, relative to the new-session request.

use std::time::{SystemTime, UNIX_EPOCH};

use fantoccini::Client;
use serde_json::Value;

use crate::note;

/// Milestones of the page load in ms after the new-session request, from the page's own clock
/// (`performance.timeOrigin` is wall-clock time; the page's timers have 1 ms resolution).
#[derive(Clone, Copy, Debug, Default)]
pub struct PageTimes {
    pub navigation: Option<f64>,
    pub html: Option<f64>,
    pub dom_content_loaded: Option<f64>,
    pub load: Option<f64>,
}

pub async fn page_times(client: &Client, wall0: SystemTime) -> PageTimes {
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
