//! The Markdown report on stdout: the builds, the start-and-memory table (`report/start_table.rs`),
//! the Send table (`report/send_table.rs`), then the command and the machine.

mod send_table;
mod start_table;

use crate::launch::Start;
use crate::machine::{machine_facts, rel, size};
use crate::sends::Sends;
use crate::Bench;

pub fn report(
    bench: &Bench,
    app: &[Start],
    bare: &[Start],
    sends: &Sends,
    profiles: &[crate::many_profiles::ProfileCase],
    load: (String, String),
) {
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

    start_table::section(&mut line, app, bare);
    send_table::section(&mut line, s, sends);
    crate::many_profiles::section(&mut line, profiles);

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
