// The request bar and the Body tab: what the user typed, the target switch, field messages.
// Validation rules live in Rust (check_form, describe_target); this module only shows them.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc, keyboard } = window.sftoken;

  const $ = (id) => document.getElementById(id);

  const FIELDS = {
    client_id: 'client-id',
    client_secret: 'client-secret',
    username: 'username',
    password: 'password',
    security_token: 'security-token',
    key_file: 'key-file',
    audience: 'audience',
    scope: 'scope',
    callback: 'callback',
    refresh_token: 'refresh-token',
  };

  /** What Rust says of each grant (app_info): its rows, its description, whether it signs in with
   *  the browser. The page holds no list of grants of its own. */
  let grants = new Map();

  function setGrants(list) {
    grants = new Map(list.map((g) => [g.grant_type, g]));
  }

  /** Shows the rows of the chosen grant (the others keep what was typed in them). */
  function applyGrant() {
    const grant = grants.get($('grant-type').value);
    for (const row of document.querySelectorAll('#panel-body tr[data-field]')) {
      const field = row.dataset.field;
      if (field === 'grant_type') continue;
      row.classList.toggle('off', Boolean(grant) && !grant.fields.includes(field));
    }
    $('grant-desc').textContent = grant?.description ?? '';
    $('client-secret-desc').textContent = grant?.client_secret_optional ? 'Consumer Secret (if the app requires it)' : 'Consumer Secret';
    $('send').textContent = grant?.starts_with_browser_sign_in ? 'Sign in with browser' : 'Send';
    // The response pane loads after this script; it is there by the time a grant is chosen.
    window.sftoken.answer?.noticeBeforeFirstToken(grant?.notice);
    showIssues([]);
  }

  let targetKind = 'production';

  /** The open profile's id when it signs JWTs with a key sftoken generated into the keychain. */
  let keychainKey = '';
  let keyCertificate = null;

  /** Which key a JWT is signed with: the key file typed, or the profile's key in the keychain
   *  (with its certificate's expiry, and a warning 30 days before). */
  function setKeySource(id, certificate) {
    keychainKey = id ?? '';
    keyCertificate = certificate ?? null;
    renderKeySource();
  }

  function renderKeySource() {
    const note = $('key-source');
    const usesKeychain = keychainKey && !$('key-file').value.trim();
    $('key-file').placeholder = keychainKey ? '(the key in the keychain)' : '/path/to/server.key';
    if (!keychainKey) {
      $('key-source-row').hidden = true;
      note.textContent = '';
      return;
    }
    const cert = keyCertificate ? ` — certificate ${keyCertificate.subject}, ${keyCertificate.expiry}` : '';
    note.textContent = usesKeychain
      ? `Signed with the key sftoken generated, kept in the keychain${cert}.${keyCertificate?.warning ? ` ${keyCertificate.warning}` : ''}`
      : 'A key file is set: it is used instead of the key in the keychain.';
    $('key-source-row').classList.toggle('warning', Boolean(usesKeychain && keyCertificate?.warning));
    $('key-source-row').hidden = false;
  }

  /** The form as the Rust commands expect it. */
  function readForm() {
    const form = {
      target: { kind: targetKind, host: $('mydomain-host').value },
      grant_type: $('grant-type').value,
    };
    for (const [key, id] of Object.entries(FIELDS)) form[key] = $(id).value;
    form.keychain_key = keychainKey;
    return form;
  }

  /** Fills the form from a profile (and its secrets); the target switch follows. */
  async function writeForm(values) {
    $('mydomain-host').value = values.target.host ?? '';
    for (const [key, id] of Object.entries(FIELDS)) $(id).value = values[key] ?? '';
    if (values.keychain_key !== keychainKey) setKeySource(values.keychain_key, null);
    renderKeySource();
    const grant = [...$('grant-type').options].find((o) => o.value === values.grant_type);
    $('grant-type').value = grant ? grant.value : 'password';
    applyGrant();
    await selectTarget(values.target.kind);
  }

  /** Selects Production, Sandbox or My Domain; the fields are untouched. `focusHost`: a click on
   *  My Domain with no host yet puts the cursor in the host field (arrow keys leave focus in the
   *  switch, where the next arrow is expected). */
  async function selectTarget(kind, { focusHost = false } = {}) {
    targetKind = kind;
    const buttons = [...document.querySelectorAll('.switch button')];
    for (const button of buttons) {
      button.setAttribute('aria-checked', String(button.dataset.kind === kind));
    }
    keyboard.rove(buttons, buttons.find((b) => b.dataset.kind === kind));
    $('mydomain-host').hidden = kind !== 'my_domain';
    if (focusHost && kind === 'my_domain' && !$('mydomain-host').value) $('mydomain-host').focus();
    await refreshTarget();
  }

  /** The token URL, breakable only after a slash or before a dot (never mid-word). */
  function showTokenUrl(url) {
    const parts = url.split(/(?<=\/)|(?=\.)/);
    const nodes = parts.flatMap((part, i) => (i === 0 ? [part] : [document.createElement('wbr'), part]));
    $('token-url').replaceChildren(...nodes);
  }

  /** Shows the token URL, or why the My Domain host cannot be used (with a one-click fix). */
  async function refreshTarget() {
    const view = await ipc.describeTarget(readForm().target);
    showTokenUrl(view.token_url ?? '');
    $('target-problem').hidden = view.ok;
    $('target-error').textContent = view.error ?? '';
    const fix = $('use-suggestion');
    fix.hidden = !view.suggestion;
    fix.textContent = view.suggestion ? `Use ${view.suggestion}` : '';
    fix.dataset.value = view.suggestion ?? '';
    return view;
  }

  /** Applies the suggested host (e.g. the my.salesforce.com host for a pasted Lightning URL). */
  async function useSuggestion() {
    $('mydomain-host').value = $('use-suggestion').dataset.value;
    await refreshTarget();
    $('mydomain-host').focus();
  }

  /** Shows each field's issues; returns true when nothing blocks sending. `focus` (only on the
   *  user's Send) moves to the first field that blocks; a field's own check never moves focus. */
  function showIssues(issues, { focus = false } = {}) {
    // Writes only what changes: this runs on every field's `change` (also when Send is clicked
    // and the field being left fires its `change`), and an unchanged form must not cost a restyle.
    const byField = new Map(issues.map((i) => [i.field, i]));
    const rows = new Map(); // a row may hold two fields (password + security token)
    for (const key of ['grant_type', ...Object.keys(FIELDS)]) {
      const issue = byField.get(key);
      const msg = $(`msg-${key}`);
      const text = issue?.message ?? '';
      const className = issue ? `field-msg ${issue.severity}` : 'field-msg';
      if (msg.textContent !== text) msg.textContent = text;
      if (msg.className !== className) msg.className = className;
      const input = $(key === 'grant_type' ? 'grant-type' : FIELDS[key]);
      const invalid = issue?.severity === 'blocking' ? 'true' : null;
      if (input.getAttribute('aria-invalid') !== invalid) {
        if (invalid) input.setAttribute('aria-invalid', invalid);
        else input.removeAttribute('aria-invalid');
      }
      const row = msg.closest('tr');
      const state = rows.get(row) ?? { invalid: false, flagged: false };
      state.invalid ||= issue?.severity === 'blocking';
      state.flagged ||= issue?.severity === 'warning';
      rows.set(row, state);
    }
    for (const [row, state] of rows) {
      row.classList.toggle('invalid', state.invalid);
      row.classList.toggle('flagged', state.flagged);
    }
    const firstBlocking = issues.find((i) => i.severity === 'blocking');
    if (firstBlocking && focus) $(firstBlocking.field === 'grant_type' ? 'grant-type' : FIELDS[firstBlocking.field])?.focus();
    return !firstBlocking;
  }

  /** A field was changed: its messages, without moving focus. */
  async function checkFields() {
    return showIssues(await ipc.checkForm(readForm()));
  }

  /** Send was pressed: the messages, and focus on the first field that blocks. */
  async function checkFieldsBeforeSend() {
    return showIssues(await ipc.checkForm(readForm()), { focus: true });
  }

  /** Trims the fields whose surrounding spaces can never be intended (as the request will). */
  function trimIds() {
    for (const id of ['client-id', 'username']) {
      const trimmed = $(id).value.trim();
      if (trimmed !== $(id).value) $(id).value = trimmed;
    }
  }

  /** Eye buttons: show or hide a secret field. */
  function toggleReveal(button) {
    const input = $(button.dataset.reveal);
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.querySelector('.eye-word').textContent = show ? 'Hide' : 'Show';
  }

  /** The Headers tab: exactly what Send will send, secrets masked (computed in Rust). */
  async function refreshPreview() {
    if ($('panel-headers').hidden) return;
    try {
      const preview = await ipc.previewRequest(readForm());
      $('preview-url').textContent = preview.url;
      fillRows($('preview-headers'), preview.headers);
      fillRows($('preview-body'), preview.body);
    } catch (failure) {
      $('preview-url').textContent = failure.title;
      fillRows($('preview-headers'), []);
      fillRows($('preview-body'), []);
    }
  }

  function fillRows(tbody, rows) {
    tbody.replaceChildren(...rows.map(([key, value]) => {
      const tr = document.createElement('tr');
      for (const text of [key, value]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
  }

  function selectTab(which) {
    for (const name of ['body', 'headers']) {
      $(`tab-${name}`).setAttribute('aria-selected', String(name === which));
      $(`tab-${name}`).tabIndex = name === which ? 0 : -1;
      $(`panel-${name}`).hidden = name !== which;
    }
    refreshPreview();
  }
  window.sftoken.form = { setKeySource, renderKeySource, setGrants, applyGrant, readForm, writeForm, selectTarget, refreshTarget, useSuggestion, showIssues, checkFields, checkFieldsBeforeSend, trimIds, toggleReveal, refreshPreview, selectTab };
})();
