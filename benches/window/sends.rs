//! Send-to-render: clicking Send inside the page and timing the token card until it is painted,
//! minus the request's own time; a few IPC round trips for scale; the fake's connection ids.

use std::time::Duration;

use fake_salesforce::fixtures::{ACME_ADMIN, ACME_APP};
use fake_salesforce::FakeSalesforce;
use fantoccini::Client;
use serde_json::Value;

use crate::probe::{run_probe, ProbeAt};
use crate::typing::{body_fields, fill_form};
use crate::{note, Bench, Kind};

#[derive(Default)]
pub struct Sends {
    pub first: Vec<SendTiming>,
    pub later: Vec<SendTiming>,
    pub windows: Vec<WindowSends>,
    pub example_status: String,
    pub ipc_ms: Vec<f64>,
}

pub struct WindowSends {
    pub connection_ids: Vec<u64>,
    pub reused: bool,
    pub tls: bool,
    pub via_proxy: bool,
}

#[derive(Clone)]
pub struct SendTiming {
    /// Click → the answer is in the DOM (MutationObserver callback after `#status-line` is set).
    pub dom_ms: f64,
    /// Click → the next frame starts (requestAnimationFrame callback).
    pub frame_ms: f64,
    /// Click → that frame has been painted (a task posted from requestAnimationFrame).
    pub painted_ms: f64,
    /// The request's own time, as the core measured it (`#status-line`).
    pub request_ms: f64,
    pub status: String,
    /// The page's own `send:*` performance marks, ms after the click (for the progress log).
    pub marks: String,
}

/// Clicks Send inside the page and times the token card's rendering. Nothing on the page is changed
/// beforehand: the card is laid out, empty, from the start, and every send fills in its contents.
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

impl Bench {
    pub async fn sends(&self, sf: &FakeSalesforce) -> Sends {
        let mut out = Sends::default();
        for window in 0..self.settings.send_windows {
            sf.clear_requests();
            let w = self.launch(Kind::App).await;
            let acme_admin = body_fields(
                ACME_APP.client_id,
                ACME_APP.client_secret,
                ACME_ADMIN.username,
                ACME_ADMIN.password,
                ACME_ADMIN.security_token,
            );
            let label = format!("window {}", window + 1);
            run_probe(&w.client, ProbeAt::BeforeSends, &label).await;
            fill_form(&w.client, &acme_admin).await;
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
            run_probe(&w.client, ProbeAt::AfterSends, &label).await;
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
