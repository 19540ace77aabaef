// The token card's "Send to…": the token handed on to the next tool — a Postman environment file
// (in Downloads), the Salesforce CLI's login (sf org login, done by Rust), or .env lines on the
// clipboard. A disclosure: the button opens the group under the copy row, Escape closes it and
// gives focus back to the button. Every rule and text comes from Rust; this module shows them.
// A classic deferred script; it shares its functions through window.sftoken.
(() => {
  const { ipc } = window.sftoken;
  const profiles = window.sftoken.profiles;
  const clipboard = window.sftoken.clipboard;
  const answer = window.sftoken.answer;

  const $ = (id) => document.getElementById(id);

  function setOpen(open) {
    $('send-to').setAttribute('aria-expanded', String(open));
    $('send-to-panel').hidden = !open;
  }

  function say(text, path) {
    const status = $('export-status');
    status.textContent = text;
    if (path) status.dataset.path = path;
    else delete status.dataset.path;
  }

  /** The token as a Postman environment file (in Downloads), named after the open profile. */
  async function savePostman() {
    try {
      const path = await ipc.savePostmanEnvironment(profiles.currentProfile()?.name);
      say(`Saved ${path}: import it in Postman, with the collection's Authorization set to Bearer Token {{_accessToken}}.`, path);
    } catch (failure) {
      say(failure.title);
    }
  }

  let loggingIn = false;

  /** sf org login with this token (or durably with its refresh token). */
  async function sfLogin() {
    if (loggingIn) return;
    if (!answer.hasToken()) {
      say('No token yet: press Send first');
      return;
    }
    loggingIn = true;
    $('sf-login').disabled = true;
    say('Logging the sf CLI in…');
    try {
      const done = await ipc.sfLogin($('sf-alias').value, $('sf-durable').checked);
      say(done.message);
    } catch (failure) {
      say(failure.title);
    } finally {
      loggingIn = false;
      $('sf-login').disabled = false;
    }
  }

  /** A new token: the durable login is offered when it has a refresh token. */
  function tokenShown(token) {
    $('sf-durable-row').hidden = !token.has_refresh_token;
    if (!token.has_refresh_token) $('sf-durable').checked = false;
  }

  function init() {
    $('send-to').addEventListener('click', () => setOpen($('send-to-panel').hidden));
    $('send-to-panel').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
        $('send-to').focus();
      }
    });
    $('save-postman').addEventListener('click', savePostman);
    $('sf-login').addEventListener('click', sfLogin);
    $('copy-dotenv').addEventListener('click', () => clipboard.copy('dotenv'));
  }

  window.sftoken.sendTo = { init, tokenShown };
})();
