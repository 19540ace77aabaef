// The response pane: the token card or the error card, as computed by Rust.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc } = window.sftoken;

  const $ = (id) => document.getElementById(id);

  let current = null; // the TokenView on screen
  let revealed = null; // the clear values, only after the eye button
  let view = 'pretty';
  let issuedAtMs = null;
  let answersShown = 0; // on the card as data-answers: which answer it shows (1, 2, …)
  let life = null; // how long the token lasts (token_life), once known
  let lifeTimer = null;

  function showToken(token) {
    current = token;
    revealed = null;
    issuedAtMs = token.issued_at_ms;
    $('error-card').hidden = true;
    const card = $('token-card');
    card.hidden = false;
    card.dataset.state = 'token';
    card.dataset.answers = String(++answersShown);
    $('status-line').classList.remove('placeholder');
    $('status-line').textContent = token.status_line;
    const badge = $('signature');
    badge.textContent = token.signature_badge;
    badge.className = `badge ${token.signature}`;
    $('signature-explanation').textContent = token.signature_explanation;
    $('instance-url').textContent = token.instance_url ?? '(not given)';
    $('token-type').textContent = token.token_type ?? '—';
    $('org-id').textContent = token.org_id ?? '—';
    $('user-id').textContent = token.user_id ?? '—';
    $('grant-used').textContent = token.grant;
    $('scope-line').textContent = token.scope ? ` · scope ${token.scope}` : '';
    const claims = token.jwt_claims;
    $('claims-label').hidden = !claims;
    $('claims-row').hidden = !claims;
    $('jwt-claims').textContent = claims
      ? `iss ${claims.iss} · sub ${claims.sub} · aud ${claims.aud} · exp ${new Date(claims.exp * 1000).toLocaleTimeString()} (RS256)`
      : '';
    $('refresh-label').hidden = !token.has_refresh_token;
    $('refresh-row').hidden = !token.has_refresh_token;
    $('check-result').hidden = true;
    $('check-result').replaceChildren();
    const notice = token.notice ?? '';
    if ($('notice').textContent !== notice) $('notice').textContent = notice;
    $('notice').hidden = !notice;
    $('reveal-token').querySelector('.eye-word').textContent = 'Show';
    renderSecrets();
    showLife(null);
    tick();
  }

  /** How long the token lasts (`token_life` from Rust), or null while that is being found out. */
  function showLife(found) {
    life = found;
    renderLife();
  }

  const RENEW_BEFORE_MS = 5 * 60 * 1000;

  /** "until 14:32 (1 h 52 min left), from …"; Renew near the end; expired, it says so. */
  function renderLife() {
    clearTimeout(lifeTimer);
    const card = $('token-card');
    const line = $('valid-until');
    if (!current) return;
    if (!life) {
      line.textContent = 'checking…';
      $('renew').hidden = true;
      delete card.dataset.expired;
      return;
    }
    if (life.until_ms == null) {
      line.textContent = life.source;
      $('renew').hidden = true;
      delete card.dataset.expired;
      return;
    }
    const left = life.until_ms - Date.now();
    if (left <= 0) {
      line.textContent = `expired at ${life.until_local} (${life.source})`;
      card.dataset.expired = 'true';
      $('renew').hidden = false;
      return;
    }
    delete card.dataset.expired;
    line.textContent = `until ${life.until_local} (${leftText(left)} left), ${life.source}`;
    $('renew').hidden = left > RENEW_BEFORE_MS;
    // Redrawn at the next boundary: when Renew appears, when it expires (minutes: by tick).
    const next = left > RENEW_BEFORE_MS ? left - RENEW_BEFORE_MS : left;
    lifeTimer = setTimeout(renderLife, Math.min(next + 50, 60000));
  }

  function leftText(ms) {
    const s = Math.floor(ms / 1000);
    if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
    if (s >= 60) return `${Math.floor(s / 60)} min`;
    return `${s} s`;
  }

  function showFailure(failure) {
    clearTimeout(lifeTimer);
    current = null;
    revealed = null;
    $('token-card').hidden = true;
    $('error-card').hidden = false;
    $('error-title').textContent = failure.title;
    $('error-status').textContent = failure.status ? `${failure.status} · ${failure.kind === 'rejected' ? 'refused by Salesforce' : ''}` : failure.kind === 'transport' ? 'no usable answer' : '';
    const code = failure.error ? `${failure.error}${failure.description ? `: ${failure.description}` : ''}` : '';
    $('error-code').textContent = code;
    $('error-code').hidden = !code;
    $('error-hints-title').hidden = failure.hints.length === 0;
    $('error-hints').replaceChildren(...failure.hints.map((hint, i) => {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `hint-${i}`;
      const text = document.createElement('span');
      text.textContent = hint;
      label.append(box, text);
      li.append(label);
      return li;
    }));
  }

  /** The eye button of the token card: fetch the clear values from Rust, or hide them again. */
  async function toggleTokenReveal() {
    if (!current) {
      $('clipboard-status').textContent = 'No token yet: press Send first';
      window.sftoken.keyboard.announce('No token yet: press Send first');
      return;
    }
    if (revealed) {
      revealed = null;
    } else {
      revealed = await ipc.revealAnswer();
    }
    $('reveal-token').querySelector('.eye-word').textContent = revealed ? 'Hide' : 'Show';
    renderSecrets();
  }

  function selectView(which) {
    view = which;
    $('view-pretty').setAttribute('aria-checked', String(which === 'pretty'));
    $('view-raw').setAttribute('aria-checked', String(which === 'raw'));
    $('view-pretty').tabIndex = which === 'pretty' ? 0 : -1;
    $('view-raw').tabIndex = which === 'raw' ? 0 : -1;
    renderSecrets();
  }

  function renderSecrets() {
    if (!current) return;
    $('access-token').textContent = revealed ? revealed.access_token : current.access_token_masked;
    const source = revealed ?? current;
    $('json-view').textContent = view === 'pretty' ? source.pretty : source.raw;
  }

  /** "issued 14:02:11 (2 min ago)", kept current. */
  function tick() {
    renderLife();
    if (!current || issuedAtMs == null) {
      if (current) $('issued-at').textContent = '(not given)';
      return;
    }
    const minutes = Math.floor((Date.now() - issuedAtMs) / 60000);
    const ago = minutes < 1 ? 'just now' : minutes === 1 ? '1 min ago' : minutes < 120 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
    $('issued-at').textContent = `${current.issued_at_local} (${ago})`;
  }

  /** Who am I / revoke results, shown under the token card. */
  function showCheck(lines) {
    const box = $('check-result');
    box.replaceChildren(...lines.flatMap(([label, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }));
    box.hidden = false;
  }

  /** Before the first token: the notice the chosen grant's tokens will carry (the password grant's
   *  retirement), said where it will stand. */
  function noticeBeforeFirstToken(text) {
    if (current || $('token-card').dataset.state !== 'empty') return;
    $('notice').textContent = text ?? '';
    $('notice').hidden = !text;
  }

  /** Lays out the empty token card once the form is ready, so the first Send only fills it in. */
  function layOutCard() {
    if ($('error-card').hidden) $('token-card').hidden = false;
  }

  function hasToken() {
    return current !== null;
  }
  window.sftoken.answer = { showLife, noticeBeforeFirstToken, layOutCard, showToken, showFailure, toggleTokenReveal, selectView, tick, showCheck, hasToken };
})();
