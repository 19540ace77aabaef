//! The window at 200% zoom (Ctrl+= five times; a 1280×800 screen becomes a 640×400 page) and at
//! its smallest size, 800×600 at 100%: every control is inside the window (no sideways scrolling),
//! no button's label is cut, and the value column stays wide enough to read what was typed.

use std::time::Duration;

use fantoccini::key::Key;

use crate::harness::Window;
use crate::keyboard::press;

/// Every way the page does not fit, as sentences; empty when it fits.
async fn layout_problems(w: &Window) -> (f64, Vec<String>) {
    let script = r#"
        const vw = document.documentElement.clientWidth;
        const name = (e) => e.id || e.dataset.reveal && `show:${e.dataset.reveal}` || e.textContent.trim().slice(0, 30) || e.tagName;
        const problems = [];
        for (const e of document.querySelectorAll('button, input, select, textarea, [tabindex="0"]')) {
          if (e.offsetParent === null || e.closest('dialog:not([open])') || e.classList.contains('visually-hidden')) continue;
          const r = e.getBoundingClientRect();
          if (r.left < -1 || r.right > vw + 1) problems.push(`${name(e)} is outside the window (${r.left.toFixed(0)}–${r.right.toFixed(0)} px of ${vw})`);
          if (e.tagName === 'BUTTON' && e.scrollWidth > e.clientWidth + 1) problems.push(`${name(e)}'s label is cut (${e.scrollWidth} px in ${e.clientWidth})`);
        }
        for (const pane of document.querySelectorAll('.request, .answer, .sidebar')) {
          if (pane.scrollWidth > pane.clientWidth + 1) problems.push(`${pane.className} scrolls sideways (${pane.scrollWidth} px in ${pane.clientWidth})`);
        }
        const value = document.getElementById('client-id').getBoundingClientRect().width;
        if (value < 150) problems.push(`the value column is ${value.toFixed(0)} px wide`);
        return { vw, problems };
    "#;
    let found = w.client.execute(script, vec![]).await.unwrap();
    let problems = found["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    (found["vw"].as_f64().unwrap(), problems)
}

/// Waits until the page is `width` CSS pixels wide or narrower (zoom and resizing are applied by
/// GTK after the command returns).
async fn wait_for_width(w: &Window, width: f64) -> f64 {
    let mut now = 0.0;
    for _ in 0..100 {
        now = w
            .client
            .execute("return document.documentElement.clientWidth;", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        if now <= width {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never became {width} px wide or less (it is {now})");
}

async fn window_with_token() -> Window {
    let w = Window::open().await;
    w.fill_acme_admin().await;
    w.click("#send").await;
    w.wait_for_token().await;
    w.click("#send-to").await;
    w
}

#[tokio::test]
async fn at_200_percent_zoom_everything_fits_and_reads() {
    let w = window_with_token().await;
    w.client.set_window_size(1280, 800).await.unwrap();
    wait_for_width(&w, 1280.0).await;
    for _ in 0..5 {
        press(&w, &(Key::Control + "=")).await;
    }
    let width = wait_for_width(&w, 660.0).await;
    assert!(width >= 600.0, "200% of a 1280 px window: {width} px");
    let (_, problems) = layout_problems(&w).await;
    assert!(problems.is_empty(), "at 200%:\n{}", problems.join("\n"));
    // Ctrl+0: back to 100%.
    press(&w, &(Key::Control + "0")).await;
    w.close().await;
}

#[tokio::test]
async fn the_smallest_window_fits_at_100_percent() {
    let w = window_with_token().await;
    w.client.set_window_size(800, 600).await.unwrap();
    let width = wait_for_width(&w, 800.0).await;
    let (_, problems) = layout_problems(&w).await;
    assert!(
        problems.is_empty(),
        "at 800×600 ({width} px):\n{}",
        problems.join("\n")
    );
    w.close().await;
}
