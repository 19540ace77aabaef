// The move off the password grant: choose the replacement, generate a key and its certificate
// (JWT bearer), follow the Setup checklist, Test, and forget the password once the test passed.
// Every rule and text comes from Rust (move_plan, generate_jwt_key, test_move…); this module shows
// them. It opens only when the user asks, and gives focus back to the button that opened it.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc } = window.sftoken;
  const profiles = window.sftoken.profiles;
  const answer = window.sftoken.answer;

  const $ = (id) => document.getElementById(id);

  let profileId = null;
  let testing = false;
  let generating = false;
  let savedFileName = null; // what the certificate was last saved as, for the checklist

  function chosen() {
    return document.querySelector('input[name="move-to"]:checked')?.value ?? 'urn:ietf:params:oauth:grant-type:jwt-bearer';
  }

  let opener = null;

  /** Opens the dialog for the open profile (saved first when it has unsaved edits): the move off
   *  the password grant, or — for a profile already on another grant — a new key for it. */
  async function open(event) {
    const p = profiles.currentProfile();
    if (!p) return;
    if (profiles.isDirty() && !(await profiles.save())) return;
    opener = event?.currentTarget ?? null;
    profileId = p.id;
    $('move-title').textContent = p.deadline ? `Move “${p.name}” off the password grant` : `A new key for “${p.name}”`;
    $('move-result').dataset.state = 'idle';
    $('move-result-text').textContent = '';
    $('move-hints').replaceChildren();
    $('move-forget').hidden = true;
    $('move-key-msg').textContent = '';
    delete $('move-key-msg').dataset.path;
    savedFileName = null;
    $('move-choices').replaceChildren();
    const plan = await refresh(true);
    if (!plan) return;
    $('move-dialog').showModal();
  }

  /** Asks Rust for the plan of the current choices; `first`: also lays out the choices. */
  async function refresh(first = false) {
    let plan;
    try {
      plan = await ipc.movePlan(profileId, chosen(), $('move-app').value, savedFileName);
    } catch (failure) {
      // Before the dialog opens, the sidebar's message line; inside it, the dialog's own.
      $(first ? 'profile-msg' : 'move-result-text').textContent = failure.title;
      return null;
    }
    if (first) {
      $('move-deadline').textContent = plan.deadline ? `Username-password: ${plan.deadline}.` : '';
      $('move-deadline').hidden = !plan.deadline;
      $('move-choices').replaceChildren(...plan.replacements.map((r, i) => {
        const row = document.createElement('div');
        row.className = 'move-choice';
        const radio = document.createElement('input');
        radio.type = 'radio';
        radio.name = 'move-to';
        radio.value = r.grant;
        radio.id = `move-to-${i}`;
        radio.checked = i === 0;
        radio.setAttribute('aria-describedby', `move-to-${i}-when`);
        radio.addEventListener('change', () => refresh());
        const title = document.createElement('label');
        title.htmlFor = radio.id;
        title.textContent = r.label;
        const when = document.createElement('span');
        when.id = `move-to-${i}-when`;
        when.textContent = r.when;
        row.append(radio, title, when);
        return row;
      }));
      $('move-mydomain').value = plan.my_domain ?? '';
    }
    const jwt = chosen() === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    $('move-jwt').hidden = !jwt;
    $('move-cc').hidden = chosen() !== 'client_credentials';
    showCertificate(plan.certificate);
    $('move-checklist').replaceChildren(...plan.checklist.map((step) => {
      const li = document.createElement('li');
      li.textContent = step;
      return li;
    }));
    return plan;
  }

  function showCertificate(cert) {
    $('move-cert').hidden = !cert;
    $('move-generate').textContent = cert ? 'Generate a new key' : 'Generate key and certificate';
    if (!cert) return;
    $('move-cert-which').textContent = cert.pending
      ? 'New key: RSA 2048 in the keychain, never on disk; it replaces the key in use (if any) once a test with it passes.'
      : 'Key in use: RSA 2048 in the keychain, never on disk.';
    $('move-cert-subject').textContent = cert.subject;
    $('move-cert-expiry').textContent = cert.expiry;
    $('move-cert-warning').textContent = cert.warning ?? '';
    $('move-cert-warning').hidden = !cert.warning;
  }

  async function generate() {
    // Not while a test runs (it would test one key and switch to another); a second click while
    // the first key is being made is ignored. The button stays enabled, so focus stays on it.
    if (generating || testing) return;
    const days = Number($('move-days').value);
    generating = true;
    try {
      await ipc.generateJwtKey(profileId, days);
      $('move-key-msg').textContent = 'A new key is in the keychain. Save or copy its certificate and upload it to the app.';
      await refresh();
      await profiles.load();
    } catch (failure) {
      $('move-key-msg').textContent = failure.title;
    } finally {
      generating = false;
    }
  }

  async function saveCertificate(as = false) {
    try {
      const path = as ? await ipc.saveCertificateAs(profileId) : await ipc.saveCertificate(profileId);
      if (!path) return;
      $('move-key-msg').textContent = `Certificate saved to ${path}`;
      $('move-key-msg').dataset.path = path;
      savedFileName = path.split(/[\\/]/).pop();
      await refresh();
    } catch (failure) {
      $('move-key-msg').textContent = failure.title;
    }
  }

  async function copyCertificate() {
    try {
      await ipc.copyCertificate(profileId);
      $('move-key-msg').textContent = 'Certificate copied (it is public: no need to clear it).';
    } catch (failure) {
      $('move-key-msg').textContent = failure.title;
    }
  }

  /** While a test runs, Test ignores clicks (it stays enabled, so focus stays on it) and Cancel
   *  shows; Generate waits too. */
  function setTesting(on) {
    testing = on;
    $('move-test').setAttribute('aria-disabled', String(on));
    $('move-cancel').hidden = !on;
    if (!on) {
      $('move-sign-in').hidden = true;
      $('sign-in').hidden = true;
    }
  }

  /** One login with the new grant; success switches the profile, failure leaves it as it was. */
  async function test() {
    if (testing || generating) return;
    const to = chosen();
    const target = to === 'client_credentials' ? { kind: 'my_domain', host: $('move-mydomain').value } : null;
    setTesting(true);
    $('move-result').dataset.state = 'testing';
    $('move-result-text').textContent = to === 'authorization_code' ? 'Sign in to Salesforce in your browser…' : 'Testing…';
    $('move-hints').replaceChildren();
    $('move-forget').hidden = true;
    try {
      const moved = await ipc.testMove(profileId, to, target);
      $('move-result').dataset.state = 'passed';
      $('move-result-text').textContent = moved.message;
      $('move-forget').hidden = !moved.password_kept;
      answer.showToken(moved.token);
      await profiles.load();
      await profiles.open(profileId);
    } catch (failure) {
      $('move-result').dataset.state = 'failed';
      const code = failure.error ? ` (${failure.error}${failure.description ? `: ${failure.description}` : ''})` : '';
      $('move-result-text').textContent = `${failure.title}${code}. The profile is unchanged.`;
      $('move-hints').replaceChildren(...failure.hints.map((hint) => {
        const li = document.createElement('li');
        li.textContent = hint;
        return li;
      }));
    } finally {
      setTesting(false);
    }
  }

  async function forget() {
    try {
      $('move-result-text').textContent = await ipc.forgetPassword(profileId);
      // The button goes: its focus goes to its neighbour, Close.
      $('move-forget').hidden = true;
      $('move-close').focus();
      await profiles.open(profileId);
    } catch (failure) {
      $('move-result-text').textContent = failure.title;
    }
  }

  function close() {
    if (testing) ipc.cancelRequest();
    $('move-dialog').close();
  }

  /** Wiring only: nothing is asked of Rust until the user opens the dialog. */
  function init() {
    $('move-off-password').addEventListener('click', open);
    $('rotate-key').addEventListener('click', open);
    $('move-app').addEventListener('change', () => refresh());
    $('move-generate').addEventListener('click', generate);
    $('move-save-cert').addEventListener('click', () => saveCertificate());
    $('move-save-cert-as').addEventListener('click', () => saveCertificate(true));
    $('move-copy-cert').addEventListener('click', copyCertificate);
    $('move-test').addEventListener('click', test);
    $('move-cancel').addEventListener('click', () => ipc.cancelRequest());
    $('move-forget').addEventListener('click', forget);
    $('move-close').addEventListener('click', close);
    // Esc closes it (the dialog's own cancel); a running test is cancelled with it.
    $('move-dialog').addEventListener('cancel', () => { if (testing) ipc.cancelRequest(); });
    // A browser sign-in test: where to sign in, in the dialog (the main window's box is behind it).
    ipc.onSignInStarted((event) => {
      if (!testing) return;
      $('move-authorize-url').textContent = event.payload;
      $('move-sign-in').hidden = false;
    });
    // Focus goes back to the button that opened it.
    // Focus goes back to the button that opened it, or (once the profile moved and the button is
    // gone) to the profile's name.
    $('move-dialog').addEventListener('close', () => {
      (opener && opener.offsetParent !== null ? opener : $('profile-name')).focus();
    });
  }

  window.sftoken.move = { init, open };
})();
