// The first filled token card of a window against the next ones, without Salesforce: in a fresh
// window (before the form is filled), showToken is given the same made-up answer four times (the
// status line differs), 200 ms apart. Printed per call: ms from the call to the end of the script,
// to the next frame, and from that frame to the task after it (style, layout, paint).
//
//   PROBE_BEFORE_SENDS=benches/window/probes/first_card.js RUNS=1 SEND_WINDOWS=6 PROFILES=0 benches/window.sh
const done = arguments[arguments.length - 1];
(async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const answer = {
    status_line: '200 OK · 0.3 ms · 413 B',
    access_token_masked: '00D5g000008AbCd…(112 chars)',
    instance_url: 'https://acme.my.salesforce.com',
    token_type: 'Bearer',
    issued_at_ms: Date.now(),
    issued_at_local: new Date().toLocaleTimeString(),
    org_id: '00D5g000008AbCdEAK',
    user_id: '0055g00000AbCdEAAV',
    signature: 'verified',
    signature_badge: 'signature ✓',
    signature_explanation: 'verified: the answer is signed with your client secret, and its id was not altered',
    pretty: JSON.stringify({ access_token: '00D5g000008AbCd…(112 chars)', instance_url: 'https://acme.my.salesforce.com', id: 'https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV', token_type: 'Bearer', issued_at: '1796098639310', signature: 'J86T0pU2axwpNvN7nIu1NvvdWNZ4D6schUL+vcijrSI=' }, null, 2),
    raw: '{}',
    notice: 'Salesforce retires the username-password flow on 2027-02-20: plan a move to client credentials, JWT bearer or web server + PKCE.',
    grant: 'username-password',
    scope: null,
    has_refresh_token: false,
    refresh_token_known: false,
    jwt_claims: null,
  };
  const timed = (call) => new Promise((resolve) => {
    const t0 = performance.now();
    call();
    const script = performance.now() - t0;
    requestAnimationFrame(() => {
      const frame = performance.now() - t0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(`${script.toFixed(0)}/${frame.toFixed(0)}/${(performance.now() - t0 - frame).toFixed(0)}`);
      channel.port2.postMessage(0);
    });
  });
  await sleep(300);
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.push(await timed(() => window.sftoken.answer.showToken({ ...answer, status_line: `200 OK · ${i + 1}.${i * 3} ms · 41${i} B` })));
    await sleep(200);
  }
  done(out.join(' | '));
})().catch((e) => done({ error: String(e) }));
