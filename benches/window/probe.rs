//! Page probes: a script of your own run inside the app's window during the Send part of the bench,
//! for questions the report does not answer (what a kind of DOM change costs to paint, what a first
//! time costs). `PROBE_BEFORE_SENDS=file.js` runs in each Send window before the form is filled;
//! `PROBE_AFTER_SENDS=file.js` after its Sends, and once in a bare window first, for comparison.
//! A probe is a WebDriver `execute_async` script: it ends by calling its last argument with a
//! JSON value, printed on stderr. `benches/window/probes/` holds the ones used so far.

use fantoccini::Client;

use crate::note;

/// Where in the Send part a probe runs.
#[derive(Clone, Copy)]
pub enum ProbeAt {
    BeforeSends,
    AfterSends,
}

impl ProbeAt {
    fn variable(self) -> &'static str {
        match self {
            ProbeAt::BeforeSends => "PROBE_BEFORE_SENDS",
            ProbeAt::AfterSends => "PROBE_AFTER_SENDS",
        }
    }
}

/// Runs the probe set for `at` (if any) in `client`'s window and prints its result, labelled.
pub async fn run_probe(client: &Client, at: ProbeAt, label: &str) {
    let Ok(path) = std::env::var(at.variable()) else {
        return;
    };
    let script =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}={path}: {e}", at.variable()));
    match client.execute_async(&script, vec![]).await {
        Ok(result) => note(&format!("probe {label}: {result}")),
        Err(e) => note(&format!("probe {label} failed: {e}")),
    }
}
