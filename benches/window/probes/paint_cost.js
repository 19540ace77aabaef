// What one kind of DOM change costs to style, lay out and paint in this window: each change is
// made, then the next frame is awaited (requestAnimationFrame) and the task after it (a
// MessageChannel message), as benches/window/sends.rs times a Send. Printed per change: the 25th
// percentile and the median, in ms, of (task after the frame − frame start) over 30 rounds, the
// changes interleaved so that the machine's drift hits them alike. The page clock has 1 ms steps.
//
//   PROBE_AFTER_SENDS=benches/window/probes/paint_cost.js RUNS=1 SEND_WINDOWS=2 PROFILES=0 benches/window.sh
//
// Also runs in the bare window (only the changes it has the elements for).
const done = arguments[arguments.length - 1];
(async () => {
  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const channel = new MessageChannel();
  let afterFrame;
  channel.port1.onmessage = () => afterFrame();
  const paintOf = (change, i) => new Promise((resolve) => {
    const t0 = performance.now();
    change(i);
    requestAnimationFrame(() => {
      const frame = performance.now() - t0;
      afterFrame = () => resolve(performance.now() - t0 - frame);
      channel.port2.postMessage(0);
    });
  });
  const text = (el) => (i) => { el.textContent = `200 OK · ${i} ms · 1.1 KB`; };
  // In-flow text at the top of the page: the bare window only (in the app it would push the
  // window's 100vh grid down a line, and the status bar partly out of the window).
  const inFlow = document.createElement('div');
  inFlow.textContent = 'x';
  if (!$('status-line')) document.body.prepend(inFlow);
  const positioned = document.createElement('div');
  positioned.style.cssText = 'position:absolute;right:30px;top:4px;z-index:9';
  ($('answer') ?? document.body).append(positioned);
  const changes = [['text in a positioned box (answer pane)', text(positioned)]];
  if (!$('status-line')) changes.push(['text at the top of the page (in flow)', text(inFlow)]);
  if ($('status-line')) {
    changes.push(
      ['status line text (answer pane, in flow)', text($('status-line'))],
      ['status line colour only', (i) => { $('status-line').style.color = i % 2 ? '#111' : '#112'; }],
      ['sidebar message text (in flow)', text($('profile-msg'))],
      ['status bar text (in flow)', text($('clipboard-status'))],
      ['the whole token card (showToken)', (i) => window.sftoken.answer.showToken({ ...window.probeToken, status_line: `200 OK · ${i} ms · 1.1 KB` })],
    );
    window.probeToken = await window.sftoken.ipc.sendRequest(window.sftoken.form.readForm());
  }
  const costs = changes.map(() => []);
  for (let round = 0; round < 30; round++) {
    for (const [k, [, change]] of changes.entries()) {
      costs[k].push(await paintOf(change, round));
      await sleep(25);
    }
  }
  inFlow.remove();
  positioned.remove();
  const out = {};
  for (const [k, [name]] of changes.entries()) {
    const sorted = costs[k].sort((a, b) => a - b);
    out[name] = `${sorted[sorted.length >> 2].toFixed(0)} / ${sorted[sorted.length >> 1].toFixed(0)} ms`;
  }
  done(out);
})().catch((e) => done({ error: String(e) }));
