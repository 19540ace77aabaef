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

  /** The profile that was open when the token was asked for (null: none). */
  let issuedBy = null;

  /** The token as a Postman environment file (in Downloads), named after the profile it was
   *  issued for; the app's secrets and the password only when asked for, with a warning. */
  async function savePostman() {
    const withSecrets = $('postman-secrets').checked;
    try {
      const saved = await ipc.savePostmanEnvironment(issuedBy, withSecrets);
      const missing = saved.warning ? ` Warning: ${saved.warning}.` : '';
      const secrets = withSecrets
        ? ' Warning: it holds the client secret, password and security token in clear; Postman shows them to anyone who opens the environment.'
        : '';
      say(`Saved ${saved.path}: import it in Postman, with the collection's Authorization set to Bearer Token {{_accessToken}}.${missing}${secrets}`, saved.path);
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

  /** A new token: the durable login is offered when a refresh token goes with it (in the answer,
   *  or the profile's kept one that the refresh grant sent). */
  function tokenShown(token, profileName) {
    issuedBy = profileName ?? null;
    $('sf-durable-row').hidden = !token.refresh_token_known;
    if (!token.refresh_token_known) $('sf-durable').checked = false;
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
