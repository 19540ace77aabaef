//! The report's "Start and memory" section: app against bare window, medians and targets.

use crate::launch::Start;
use crate::memory::TreeMemory;
use crate::stats::{fmt, median};

/// Start times and memory, app against bare window, with the targets (within 10% of bare).
pub fn section(line: &mut dyn FnMut(String), app: &[Start], bare: &[Start]) {
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
