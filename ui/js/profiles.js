// The profiles sidebar: list, switch, save, duplicate, delete, and what is unsaved.
// Storage and secrets are handled in Rust (profiles file + keychain); this module keeps only
// what the window shows and the drafts of profiles switched away from before saving.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc } = window.sftoken;
  const form = window.sftoken.form;

  const $ = (id) => document.getElementById(id);

  let profiles = [];
  let current = null; // id of the open profile, or null for an unsaved request
  let locked = false; // while a request runs, the open profile stays open
  let saved = null; // snapshot of the open profile as last saved/opened
  const drafts = new Map(); // id -> unsaved snapshot, so switching away loses nothing

  /** From this many profiles on, the sidebar has a filter. */
  const FILTER_FROM = 6;

  const BADGE_CLASS = { PROD: 'prod', SANDBOX: 'sandbox', 'MY DOMAIN': 'mydomain', 'SANDBOX · MY DOMAIN': 'sandbox' };

  function snapshot() {
    return {
      name: $('profile-name').value,
      notes: $('profile-notes').value,
      remember_secrets: $('remember-secrets').checked,
      keep_refresh_token: $('keep-refresh-token').checked,
      tokens: {
        keep_tokens: $('keep-tokens').checked,
        session_timeout_minutes: $('session-timeout').value === '' ? null : Number($('session-timeout').value),
      },
      form: form.readForm(),
    };
  }

  function isDirty() {
    return current !== null && JSON.stringify(snapshot()) !== JSON.stringify(saved);
  }

  /** Called on every edit: shows the unsaved marker. */
  function refreshDirty() {
    const dirty = isDirty();
    $('dirty-note').hidden = !dirty;
    for (const li of $('profile-list').children) {
      li.querySelector('.dirty').textContent = li.dataset.id === current && dirty ? '●' : drafts.has(li.dataset.id) ? '●' : '';
    }
  }

  async function load() {
    const view = await ipc.listProfiles();
    profiles = view.profiles;
    const banner = $('profile-banner');
    banner.hidden = !view.set_aside;
    banner.textContent = view.set_aside ? `Profiles: ${view.set_aside}.` : '';
    render();
  }

  /** The status bar's keychain line; asked after the form is ready (a D-Bus round trip). */
  async function loadKeychainStatus() {
    const status = $('secrets-status');
    try {
      const keychain = await ipc.keychainStatus();
      status.textContent = keychain.text;
      status.classList.toggle('keychain-off', !keychain.available);
    } catch (failure) {
      status.textContent = failure.title;
      status.classList.add('keychain-off');
    }
  }

  /** Rows drawn with the list; with hundreds of profiles the rest follow right after the first
   *  frame, so the form is interactive as soon as with a handful. */
  const FIRST_ROWS = 60;
  let restOfRows = null;

  function row(p, i) {
    const li = document.createElement('li');
    li.role = 'option';
    li.dataset.id = p.id;
    li.tabIndex = -1;
    li.setAttribute('aria-selected', String(p.id === current));
    li.title = i < 9 ? `${p.name} (Ctrl+${i + 1})` : p.name;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.name;
    const badge = document.createElement('span');
    badge.className = `target-badge ${BADGE_CLASS[p.badge] ?? ''}`;
    badge.textContent = p.badge;
    const dirty = document.createElement('span');
    if (p.deadline) {
      const left = document.createElement('span');
      left.className = 'deadline-badge';
      left.textContent = p.days_left > 0 ? `password · ${p.days_left} d` : 'password · retired';
      left.title = `Username-password: ${p.deadline}`;
      name.append(' ', left);
    }
    if (p.token_until && Date.parse(p.token_until) > Date.now()) {
      const kept = document.createElement('span');
      kept.className = 'token-badge';
      const until = new Date(p.token_until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      kept.textContent = 'token';
      kept.title = `A kept token, valid until ${until}`;
      kept.setAttribute('aria-label', `kept token, valid until ${until}`);
      name.append(' ', kept);
    }
    dirty.className = 'dirty';
    dirty.setAttribute('aria-label', 'unsaved changes');
    li.append(name, badge, dirty);
    li.dataset.search = `${p.name}\n${p.username}\n${p.badge}\n${p.client_id}`.toLowerCase();
    return li;
  }

  /** The row that is the list's one Tab stop (the arrow keys move it): the open profile's, or the
   *  last one the keyboard was on, or the first shown. */
  let stop = null;

  function setStop(li) {
    if (stop === li) return;
    if (stop) stop.tabIndex = -1;
    stop = li;
    if (li) li.tabIndex = 0;
  }

  function restop() {
    if (stop && stop.isConnected && !stop.hidden) return;
    const rows = [...$('profile-list').children].filter((li) => !li.hidden);
    setStop(rows.find((li) => li.getAttribute('aria-selected') === 'true') ?? rows[0] ?? null);
  }

  function render() {
    cancelAnimationFrame(restOfRows);
    const order = shownOrder();
    // A row the keyboard is on keeps the keyboard when the list is redrawn (after a save, or when a
    // kept token's badge appears): focus is never dropped to the page.
    const focusedId = document.activeElement?.closest?.('#profile-list li')?.dataset.id;
    stop = null;
    $('profile-list').replaceChildren(...order.slice(0, FIRST_ROWS).map(row));
    if (order.length > FIRST_ROWS) {
      restOfRows = requestAnimationFrame(() => {
        $('profile-list').append(...order.slice(FIRST_ROWS).map((p, i) => row(p, i + FIRST_ROWS)));
        applyFilter();
        refreshDirty();
      });
    }
    $('profile-filter').hidden = profiles.length < FILTER_FROM;
    applyFilter();
    $('profile-details').hidden = current === null;
    refreshDirty();
    if (focusedId !== undefined) {
      const again = [...$('profile-list').children].find((li) => li.dataset.id === focusedId);
      if (again) setStop(again);
      stop?.focus();
    }
    scheduleBadgeExpiry();
  }

  let badgeTimer = null;

  /** A kept token's mark goes from the list when the token ends (without redrawing the list). */
  function scheduleBadgeExpiry() {
    clearTimeout(badgeTimer);
    const now = Date.now();
    const next = Math.min(...profiles.map((p) => Date.parse(p.token_until ?? '')).filter((t) => t > now));
    if (!Number.isFinite(next)) return;
    badgeTimer = setTimeout(() => {
      const ended = new Set(profiles.filter((p) => p.token_until && Date.parse(p.token_until) <= Date.now()).map((p) => p.id));
      for (const li of $('profile-list').children) {
        if (ended.has(li.dataset.id)) li.querySelector('.token-badge')?.remove();
      }
      scheduleBadgeExpiry();
    }, Math.min(next - now + 50, 2 ** 31 - 1));
  }


  const BADGE_ORDER = ['PROD', 'SANDBOX', 'MY DOMAIN', 'SANDBOX · MY DOMAIN'];
  // One collator for the whole sort (String#localeCompare sets one up on every call).
  const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  /** The list's order: as saved for a handful; grouped by target (production, sandboxes, My
   *  Domains), then by name, once there are enough to need the filter. */
  function shownOrder() {
    if (profiles.length < FILTER_FROM) return profiles;
    const rank = (p) => {
      const at = BADGE_ORDER.indexOf(p.badge);
      return at < 0 ? BADGE_ORDER.length : at;
    };
    return [...profiles].sort((a, b) => rank(a) - rank(b) || byName.compare(a.name, b.name));
  }

  /** Only the open profile's entry changes: the list is not rebuilt (it may hold hundreds). */
  function select() {
    for (const li of $('profile-list').querySelectorAll('li[aria-selected="true"]')) {
      if (li.dataset.id !== current) li.setAttribute('aria-selected', 'false');
    }
    const chosen = [...$('profile-list').children].find((li) => li.dataset.id === current);
    chosen?.setAttribute('aria-selected', 'true');
    if (chosen && !chosen.hidden) setStop(chosen);
    $('profile-details').hidden = current === null;
    refreshDirty();
  }

  /** The filter: every word must appear in the name, username, target or client id. */
  function applyFilter() {
    const input = $('profile-filter');
    const words = input.hidden ? [] : input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const li of $('profile-list').children) {
      const match = words.every((w) => li.dataset.search.includes(w));
      if (li.hidden === match) li.hidden = !match;
      if (match) shown++;
    }
    $('profile-filter-none').hidden = shown > 0 || words.length === 0;
    restop();
  }

  /** Ctrl+K or /: the filter gets the keyboard (when there is one). */
  function focusFilter() {
    const input = $('profile-filter');
    if (input.hidden) return false;
    input.focus();
    input.select();
    return true;
  }

  /** The list's row events and the filter. */
  function init() {
    $('remember-secrets').addEventListener('change', keepTokensNeedsSecrets);
    // One listener for every row (there may be hundreds).
    const list = $('profile-list');
    const rowOf = (event) => event.target.closest?.('#profile-list li');
    list.addEventListener('click', (e) => {
      const li = rowOf(e);
      if (li) open(li.dataset.id);
    });
    list.addEventListener('keydown', (e) => {
      const li = rowOf(e);
      if (!li) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open(li.dataset.id);
      } else if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // ↑/↓ move through the profiles without opening them (Enter opens): browsing a long
        // list never loads each profile on the way.
        e.preventDefault();
        const shown = [...list.children].filter((x) => !x.hidden);
        const at = shown.indexOf(li);
        const to = { Home: 0, End: shown.length - 1, ArrowDown: Math.min(at + 1, shown.length - 1), ArrowUp: Math.max(at - 1, 0) }[e.key];
        focusRow(shown[to]);
      }
    });
    list.addEventListener('focusin', (e) => {
      const li = rowOf(e);
      if (li) setStop(li);
    });
    $('delete-confirm').addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancelDelete();
      }
    });
    const input = $('profile-filter');
    input.addEventListener('input', applyFilter);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        // From the filter, ↓ goes to the first profile it shows.
        const first = [...list.children].find((li) => !li.hidden);
        if (first) {
          e.preventDefault();
          focusRow(first);
        }
      } else if (e.key === 'Escape' && input.value) {
        e.preventDefault();
        e.stopPropagation();
        input.value = '';
        applyFilter();
      }
    });
  }

  function focusRow(li) {
    setStop(li);
    li.focus();
    li.scrollIntoView({ block: 'nearest' });
  }

  function say(text) {
    $('profile-msg').textContent = text ?? '';
  }

  /** Opens a profile: its fields and secrets fill the form (a draft wins over the saved values). */
  async function open(id) {
    if (locked) {
      say('A request is running: cancel it or wait before switching profiles.');
      return;
    }
    if (current !== null && isDirty()) drafts.set(current, snapshot());
    let opened;
    try {
      opened = await ipc.openProfile(id);
    } catch (failure) {
      say(failure.title);
      return;
    }
    current = id;
    const p = opened.profile;
    const stored = {
      name: p.name,
      notes: p.notes,
      remember_secrets: p.remember_secrets,
      keep_refresh_token: p.keep_refresh_token,
      tokens: { keep_tokens: p.keep_tokens, session_timeout_minutes: p.session_timeout_minutes ?? null },
      form: opened.form,
    };
    form.setKeySource(opened.form.keychain_key, p.key);
    showDeadline(p);
    await show(stored);
    saved = snapshot();
    const draft = drafts.get(id);
    drafts.delete(id);
    if (draft) await show(draft);
    $('delete-confirm').hidden = true;
    select();
    say(opened.warning ?? '');
  }

  /** A profile on the password grant: the days left, and the way off it. */
  function showDeadline(p) {
    $('password-deadline').hidden = !p.deadline;
    $('deadline-text').textContent = p.deadline ? `Username-password: ${p.deadline}.` : '';
  }

  /** The open profile as listed (fields, badge, deadline, key). */
  function currentProfile() {
    return profiles.find((p) => p.id === current) ?? null;
  }

  async function show(values) {
    $('profile-name').value = values.name;
    $('profile-notes').value = values.notes;
    $('remember-secrets').checked = values.remember_secrets;
    $('keep-refresh-token').checked = Boolean(values.keep_refresh_token);
    showTokenSettings(values.tokens);
    await form.writeForm(values.form);
  }

  /** Keep tokens and the session timeout; a timeout set from the command that is not one of the
   *  org's usual choices gets its own option. */
  function showTokenSettings(tokens) {
    $('keep-tokens').checked = tokens.keep_tokens;
    const select = $('session-timeout');
    const minutes = tokens.session_timeout_minutes;
    const value = minutes === null ? '' : String(minutes);
    if (![...select.options].some((o) => o.value === value)) {
      select.add(new Option(`${minutes} min`, value));
    }
    select.value = value;
    keepTokensNeedsSecrets();
  }

  /** A token is a secret: a profile that does not remember secrets keeps none. */
  function keepTokensNeedsSecrets() {
    const remember = $('remember-secrets').checked;
    $('keep-tokens').disabled = !remember;
    const hint = remember
      ? 'The latest token stays in the keychain; sftoken token --profile reuses it while it is good.'
      : 'Needs Remember secrets: a token is a secret too.';
    $('keep-tokens-hint').textContent = hint;
    $('keep-tokens').closest('label').title = hint;
  }

  /** Saves the open profile; returns false (and says why) when it could not be saved. */
  async function save() {
    if (current === null) return true;
    const snap = snapshot();
    try {
      const result = await ipc.saveProfile(current, snap);
      saved = snap;
      await load();
      say(result.warning ?? savedText(result));
      return true;
    } catch (failure) {
      say(failure.title);
      return false;
    }
  }

  function savedText(result) {
    const where = { keychain: 'secrets in the keychain', session: 'secrets kept for this session only', none: 'no secrets' }[result.secrets_kept];
    return `Saved “${result.profile.name}” (${where}).`;
  }

  /** Saves the form as a new profile and opens it, with its name ready to be typed. */
  async function create() {
    const base = 'New profile';
    const taken = new Set(profiles.map((p) => p.name.toLowerCase()));
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
    try {
      const result = await ipc.saveProfile(null, { name, notes: '', remember_secrets: true, keep_refresh_token: false, form: form.readForm() });
      await load();
      await open(result.profile.id);
      say(result.warning ?? savedText(result));
      $('profile-name').focus();
      $('profile-name').select();
    } catch (failure) {
      say(failure.title);
    }
  }

  async function duplicate() {
    if (current === null) return;
    if (isDirty() && !(await save())) return;
    try {
      const result = await ipc.duplicateProfile(current);
      await load();
      await open(result.profile.id);
      say(result.warning ?? `Duplicated as “${result.profile.name}”.`);
    } catch (failure) {
      say(failure.title);
    }
  }

  function askDelete() {
    const p = profiles.find((x) => x.id === current);
    if (!p) return;
    $('delete-question').textContent = `Delete “${p.name}” and its secrets from the keychain?`;
    $('delete-confirm').hidden = false;
    $('delete-no').focus();
  }

  async function confirmDelete() {
    const id = current;
    try {
      const message = await ipc.deleteProfile(id);
      drafts.delete(id);
      current = null;
      saved = null;
      form.setKeySource('', null);
      await load();
      say(message);
      // The confirmation's button is gone with the profile: the keyboard goes to the list (the
      // next profile), or to "New profile" when none is left.
      $('delete-confirm').hidden = true;
      (stop ?? $('new-profile')).focus();
    } catch (failure) {
      say(failure.title);
      $('delete-confirm').hidden = true;
      $('delete-profile').focus();
    }
  }

  /** Cancel or Escape: the confirmation closes and the keyboard is back on Delete…. */
  function cancelDelete() {
    $('delete-confirm').hidden = true;
    $('delete-profile').focus();
  }

  /** Ctrl+1…9: the n-th profile shown. */
  function openNth(n) {
    const li = [...$('profile-list').children].filter((item) => !item.hidden)[n];
    if (li) open(li.dataset.id);
  }

  /** Alt+↑/↓: the previous or next profile. */
  function openNext(step) {
    const shown = [...$('profile-list').children].filter((li) => !li.hidden);
    if (shown.length === 0) return;
    const at = shown.findIndex((li) => li.dataset.id === current);
    const next = shown[(at + step + shown.length) % shown.length];
    open(next.dataset.id);
  }

  function currentId() {
    return current;
  }

  /** While a request runs the open profile stays open; the sidebar shows it only once the request
   *  takes a while (`showLocked`), so a quick Send changes nothing on the page before its answer. */
  function setLocked(on) {
    locked = on;
    if (!on) document.getElementById('sidebar').classList.remove('locked');
  }

  function showLocked() {
    if (locked) document.getElementById('sidebar').classList.add('locked');
  }

  function hasOpen() {
    return current !== null;
  }
  window.sftoken.profiles = { init, focusFilter, currentProfile, isDirty, refreshDirty, load, loadKeychainStatus, open, save, create, duplicate, askDelete, confirmDelete, cancelDelete, openNth, openNext, currentId, setLocked, showLocked, hasOpen };
})();
