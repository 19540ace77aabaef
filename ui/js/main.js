// Wires the window together: buttons, keyboard, Send and Cancel.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc, keyboard } = window.sftoken;
  const form = window.sftoken.form;
  const answer = window.sftoken.answer;
  const clipboard = window.sftoken.clipboard;
  const profiles = window.sftoken.profiles;

  const $ = (id) => document.getElementById(id);

  let running = false;
  let answerProfile = null; // the profile open when the token on the card was asked for
  let starting = false; // set synchronously, so a double Ctrl+Enter cannot start two sends
  let timer = null;

  /** Send (or the browser sign-in). `save` false: a one-off that must not change the open profile. */
  async function send({ save = true } = {}) {
    if (running || starting) return;
    starting = true;
    try {
      await sendChecked(save);
    } finally {
      starting = false;
    }
  }

  async function sendChecked(save) {
    performance.mark('send:click');
    form.trimIds();
    // Sending an edited profile saves it first (the unsaved marker is the only other way to know),
    // and only a form that can be sent is saved. Otherwise send_request checks the form itself: one
    // round trip to Rust instead of three.
    if (save && profiles.isDirty()) {
      if (!(await formCanBeSent()) || !(await profiles.save())) return;
    }
    const profileAtSend = profiles.currentId();
    const profileNameAtSend = profiles.currentProfile()?.name ?? null;
    const request = form.readForm();
    setRunning(true);
    performance.mark('send:sending');
    let token;
    try {
      token = await ipc.sendRequest(request);
    } catch (failure) {
      setRunning(false);
      // Not sent because of the form: the form says what to fill in (focusing it), and the last
      // answer stays. Anything else, or a form problem the form cannot show, gets the error card.
      if (failure.kind === 'input') {
        if (!(await formCanBeSent())) return;
        form.showIssues(failure.fields, { focus: true });
      }
      answer.showFailure(failure);
      window.sftoken.why.offer(failure, profileAtSend);
      return;
    }
    try {
      performance.mark('send:answered');
      answer.showToken(token);
      performance.mark('send:shown');
      answerProfile = profileAtSend;
      window.sftoken.sendTo.tokenShown(token, profileNameAtSend);
      // After the card's frame, not in it: the token is on screen first.
      requestAnimationFrame(() => setTimeout(() => findLife(profileAtSend)));
    } finally {
      // The request is over: keeping its refresh token (a keychain round trip) is not part of it.
      setRunning(false);
    }
    await keepRefreshToken(token, profileAtSend);
  }

  /** Shows the target's and the fields' problems, focusing the first; true when none blocks. */
  async function formCanBeSent() {
    const [target, complete] = await Promise.all([form.refreshTarget(), form.checkFieldsBeforeSend()]);
    if (!target.ok) $('mydomain-host').focus();
    return target.ok && complete;
  }

  /** How long the token lasts (and, for a profile that keeps tokens, keeping it for the command
   *  to reuse): asked after the card is drawn, not awaited by the Send. */
  async function findLife(profileId) {
    const shown = $('token-card').dataset.answers;
    let life;
    try {
      life = await ipc.tokenLife(profileId);
    } catch (failure) {
      life = { until_ms: null, until_local: null, source: failure.title, kept: false };
    }
    // A newer answer took the card meanwhile: its own call says how long it lasts.
    if ($('token-card').dataset.answers !== shown) return;
    answer.showLife(life);
    if (life.kept) await profiles.load();
  }

  /** A profile that keeps refresh tokens stores the one just issued (rotation replaces the old one). */
  async function keepRefreshToken(token, profileId) {
    if (!token.has_refresh_token || profileId === null || !$('keep-refresh-token').checked) return;
    try {
      const kept = await ipc.keepRefreshToken(profileId);
      if (kept !== 'none') $('profile-msg').textContent = `Refresh token kept (${kept === 'keychain' ? 'in the keychain' : 'for this session'}).`;
    } catch (failure) {
      $('profile-msg').textContent = `The refresh token was not kept: ${failure.title}`;
    }
  }

  /** "Refresh with it": the refresh grant, filled with the last answer's refresh token, sent at once. */
  async function refreshWithIt() {
    try {
      $('refresh-token').value = await ipc.useRefreshToken();
    } catch (failure) {
      answer.showFailure(failure);
      return;
    }
    $('grant-type').value = 'refresh_token';
    form.applyGrant();
    profiles.refreshDirty();
    await send({ save: false });
  }

  async function check(action) {
    try {
      const result = await action();
      answer.showCheck(typeof result === 'string' ? [['done', result]] : result.lines);
    } catch (failure) {
      answer.showCheck([['failed', failure.title], ...failure.hints.map((h, i) => [`cause ${i + 1}`, h])]);
    }
  }

  /** Revokes a token of the answer; the profile it was asked for stops keeping it (its list row
   *  loses the token mark) when that profile kept it. */
  async function revoke(which) {
    const profileId = answerProfile;
    await check(() => ipc.revokeToken(which, profileId));
    if (profileId !== null) await profiles.load();
  }

  /** How long a request runs before the spinner, the elapsed time and Cancel replace Send. A token
   *  usually comes back sooner: then nothing on the page changes until the answer is shown, so the
   *  window draws one frame (the answer) instead of two (the spinner, then the answer). */
  const RUNNING_UI_DELAY_MS = 150;
  let runningUi = null;

  function setRunning(on) {
    running = on;
    profiles.setLocked(on);
    clearTimeout(runningUi);
    runningUi = null;
    if (on) {
      runningUi = setTimeout(showRunning, RUNNING_UI_DELAY_MS);
      return;
    }
    clearInterval(timer);
    $('sign-in').hidden = true;
    if (!$('running').hidden) {
      const cancelHadFocus = document.activeElement === $('cancel');
      $('running').hidden = true;
      $('send').hidden = false;
      // Cancel disappears: give its focus back to Send, where it was before the request.
      if (cancelHadFocus) $('send').focus();
    }
  }

  /** The request is taking a while: the spinner, the elapsed time and Cancel (Esc) replace Send. */
  function showRunning() {
    if (!running) return;
    profiles.showLocked();
    const sendHadFocus = document.activeElement === $('send');
    $('send').hidden = true;
    $('running').hidden = false;
    // Send disappears: its focus goes to Cancel, which takes its place.
    if (sendHadFocus) $('cancel').focus();
    // Said only once the request takes a while: a quick answer is announced by itself.
    keyboard.announce($('send').textContent === 'Send' ? 'Sending… Escape cancels.' : 'Waiting for the browser sign-in… Escape cancels.');
    const started = performance.now() - RUNNING_UI_DELAY_MS;
    const tick = () => { $('elapsed').textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`; };
    tick();
    timer = setInterval(tick, 100);
  }

  /** In a field where `/` is text. */
  function typing(target) {
    return target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type));
  }

  function onKey(event) {
    // A dialog open (the move off the password grant) owns the keyboard: no Send, no profile
    // switch behind it. Esc is the dialog's own.
    if (document.querySelector('dialog[open]')) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === 'Enter') {
      event.preventDefault();
      send();
    } else if (mod && !event.shiftKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      profiles.save();
    } else if (mod && !event.shiftKey && event.key.toLowerCase() === 'n') {
      event.preventDefault();
      profiles.create();
    } else if ((mod && !event.shiftKey && event.key.toLowerCase() === 'k') || (event.key === '/' && !typing(event.target))) {
      if (profiles.focusFilter()) event.preventDefault();
    } else if (mod && !event.shiftKey && /^[1-9]$/.test(event.key)) {
      event.preventDefault();
      profiles.openNth(Number(event.key) - 1);
    } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      profiles.openNext(event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'Escape' && running) {
      event.preventDefault();
      ipc.cancelRequest();
    } else if (mod && event.shiftKey && answer.hasToken()) {
      const what = { C: 'token', U: 'instance_url', H: 'header', L: 'curl', J: 'json' }[event.key.toUpperCase()];
      if (what) {
        event.preventDefault();
        clipboard.copy(what);
      }
    }
  }

  async function init() {
    performance.mark('sftoken:init');
    for (const button of document.querySelectorAll('.switch button')) {
      // A pointer's click (detail > 0) on My Domain puts the cursor in its host field.
      button.addEventListener('click', (e) => form.selectTarget(button.dataset.kind, { focusHost: e.detail > 0 }));
    }
    keyboard.arrowGroup(document.querySelector('.switch'), (button) => {
      form.selectTarget(button.dataset.kind);
      profiles.refreshDirty();
    });
    keyboard.arrowGroup(document.querySelector('.tabs'), (tab) => form.selectTab(tab.id === 'tab-headers' ? 'headers' : 'body'));
    keyboard.arrowGroup(document.querySelector('.views'), (radio) => answer.selectView(radio.id === 'view-raw' ? 'raw' : 'pretty'));
    $('mydomain-host').addEventListener('input', () => { form.refreshTarget(); form.refreshPreview(); });
    $('use-suggestion').addEventListener('click', form.useSuggestion);
    $('send').addEventListener('click', send);
    $('cancel').addEventListener('click', () => ipc.cancelRequest());
    $('tab-body').addEventListener('click', () => form.selectTab('body'));
    $('tab-headers').addEventListener('click', () => form.selectTab('headers'));
    for (const eye of document.querySelectorAll('button[data-reveal]')) {
      eye.addEventListener('click', () => form.toggleReveal(eye));
    }
    for (const input of document.querySelectorAll('#panel-body input')) {
      input.addEventListener('input', form.refreshPreview);
      input.addEventListener('change', () => form.checkFields());
    }
    // Anything edited marks the open profile as unsaved.
    document.addEventListener('input', profiles.refreshDirty);
    document.addEventListener('change', profiles.refreshDirty);
    document.addEventListener('click', (e) => { if (e.target.closest('.switch')) setTimeout(profiles.refreshDirty, 0); });
    $('new-profile').addEventListener('click', profiles.create);
    $('save-profile').addEventListener('click', profiles.save);
    $('duplicate-profile').addEventListener('click', profiles.duplicate);
    $('delete-profile').addEventListener('click', profiles.askDelete);
    $('delete-yes').addEventListener('click', profiles.confirmDelete);
    $('delete-no').addEventListener('click', profiles.cancelDelete);
    $('profile-name').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); profiles.save(); } });
    $('reveal-token').addEventListener('click', answer.toggleTokenReveal);
    $('grant-type').addEventListener('change', () => { form.applyGrant(); form.refreshPreview(); });
    $('choose-key-file').addEventListener('click', async () => {
      const path = await ipc.chooseKeyFile();
      if (path) {
        $('key-file').value = path;
        profiles.refreshDirty();
        form.refreshPreview();
      }
    });
    ipc.onSignInStarted((event) => {
      $('authorize-url').textContent = event.payload;
      $('sign-in').hidden = false;
    });
    $('key-file').addEventListener('input', form.renderKeySource);
    window.sftoken.move.init();
    window.sftoken.sendTo.init();
    profiles.init();
    window.sftoken.importer.init();
    window.sftoken.why.init();
    $('use-refresh').addEventListener('click', refreshWithIt);
    $('renew').addEventListener('click', () => send());
    $('whoami').addEventListener('click', () => check(ipc.whoami));
    $('revoke-access').addEventListener('click', () => revoke('access'));
    $('revoke-refresh').addEventListener('click', () => revoke('refresh'));
    $('view-pretty').addEventListener('click', () => answer.selectView('pretty'));
    $('view-raw').addEventListener('click', () => answer.selectView('raw'));
    const copies = { 'copy-token': 'token', 'copy-instance-url': 'instance_url', 'copy-header': 'header', 'copy-curl': 'curl', 'copy-json': 'json' };
    for (const [id, what] of Object.entries(copies)) $(id).addEventListener('click', () => clipboard.copy(what));
    document.addEventListener('keydown', onKey);
    ipc.onClipboardCleared(clipboard.cleared);
    setInterval(answer.tick, 30000);

    // Independent round trips to Rust, side by side: the form is ready when all three are back.
    const [info] = await Promise.all([ipc.appInfo(), form.selectTarget('production'), profiles.load()]);
    await clipboard.initDelay(info.clipboard_delay_secs);
    form.setGrants(info.grants);
    form.applyGrant();
    $('client-id').focus();
    document.body.dataset.ready = 'true';
    performance.mark('sftoken:ready');
    // After the form's first frame, not in it: start-up draws the form alone.
    answer.layOutCard();
    profiles.loadKeychainStatus();
  }

  init();

})();
