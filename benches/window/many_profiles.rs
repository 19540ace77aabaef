//! Many orgs: the window with 5 profiles and with PROFILES (default 1,000), the same way each time
//! — cold start to an interactive form, a filter keystroke until its frame is painted, a switch of
//! profile (click → the list marks it → painted). The target is the N-profile case within one frame
//! (16 ms) of the 5-profile case for each. The profile file is written into the app's config folder
//! (`SFTOKEN_CONFIG_DIR`, set for the one tauri-driver) before each start.

use std::path::Path;

use serde_json::Value;

use crate::profile_fixtures::profile_file;
use crate::stats::median;
use crate::{note, Bench, Kind};

/// Starts per profile count.
const STARTS: usize = 5;

/// The timings of one profile count, medians over the starts.
pub struct ProfileCase {
    pub profiles: usize,
    pub start_ms: Vec<f64>,
    pub filter_ms: Vec<f64>,
    pub switch_ms: Vec<f64>,
}

/// A keystroke's worth of filtering (the input event as typing fires it) until the frame after it
/// is painted; the last call leaves the filter empty again.
const FILTER_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const text = arguments[0];
const input = document.getElementById('profile-filter');
if (input.hidden) { done(null); return; }
const t0 = performance.now();
input.value = text;
input.dispatchEvent(new Event('input', { bubbles: true }));
requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => done(performance.now() - t0);
  channel.port2.postMessage(0);
});
"#;

/// A click on a profile until the list marks it and that frame is painted.
const SWITCH_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const li = document.querySelector(`#profile-list li[data-id="${arguments[0]}"]`);
if (!li) { done({ error: `no profile ${arguments[0]}` }); return; }
const observer = new MutationObserver(() => {
  if (li.getAttribute('aria-selected') !== 'true') return;
  observer.disconnect();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now() - t0);
    channel.port2.postMessage(0);
  });
});
observer.observe(li, { attributes: true });
const t0 = performance.now();
li.click();
"#;

impl Bench {
    pub async fn many_profiles(&self, config: &Path, counts: &[usize]) -> Vec<ProfileCase> {
        let mut cases = Vec::new();
        for &n in counts {
            std::fs::create_dir_all(config).expect("the app's config folder");
            std::fs::write(config.join("profiles.json"), profile_file(n)).expect("profiles.json");
            let mut case = ProfileCase {
                profiles: n,
                start_ms: Vec::new(),
                filter_ms: Vec::new(),
                switch_ms: Vec::new(),
            };
            for run in 0..STARTS {
                let w = self.launch(Kind::App).await;
                case.start_ms.push(w.start.ready_ms);
                for text in ["o", "or", "org", "org 0", "org 01", ""] {
                    let took = w
                        .client
                        .execute_async(FILTER_SCRIPT, vec![Value::from(text)])
                        .await
                        .expect("the filter script runs");
                    if let Some(ms) = took.as_f64() {
                        case.filter_ms.push(ms);
                    }
                }
                for i in [2, 4, 3, 5] {
                    let id = format!("org-{i:04}-00000000");
                    let took = w
                        .client
                        .execute_async(SWITCH_SCRIPT, vec![Value::from(id)])
                        .await
                        .expect("the switch script runs");
                    match took.as_f64() {
                        Some(ms) => case.switch_ms.push(ms),
                        None => panic!("switching profiles: {took}"),
                    }
                }
                note(&format!(
                    "{n} profiles, start {}: ready {:.1} ms",
                    run + 1,
                    w.start.ready_ms
                ));
                self.close(w).await;
            }
            cases.push(case);
        }
        let _ = std::fs::remove_file(config.join("profiles.json"));
        cases
    }
}

/// The report's section: medians per count, and the gap to the first count.
pub fn section(line: &mut dyn FnMut(String), cases: &[ProfileCase]) {
    let Some(base) = cases.first() else { return };
    line("### Many profiles".into());
    line(String::new());
    line("The app with a profile file of each size (remember-secrets off, so no keychain item is read). Start: as above; filter: a keystroke's input event until the frame after it is painted (6 keystrokes a start; the 5-profile window has no filter); switch: a click on a profile until the list marks it and that frame is painted (4 a start). Target: within one frame (16 ms) of the 5-profile case.".into());
    line(String::new());
    line(
        "| Profiles | start → interactive | filter keystroke | switch | start gap | switch gap |"
            .into(),
    );
    line("|---:|---:|---:|---:|---:|---:|".into());
    let med = |v: &[f64]| median(v.to_vec());
    let fmt = |m: Option<f64>| m.map_or("–".to_string(), |m| format!("{m:.1} ms"));
    for case in cases {
        let gap = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => format!("{:+.1} ms", a - b),
            _ => "–".into(),
        };
        line(format!(
            "| {} | {} | {} | {} | {} | {} |",
            case.profiles,
            fmt(med(&case.start_ms)),
            fmt(med(&case.filter_ms)),
            fmt(med(&case.switch_ms)),
            gap(med(&case.start_ms), med(&base.start_ms)),
            gap(med(&case.switch_ms), med(&base.switch_ms)),
        ));
    }
    line(String::new());
}
