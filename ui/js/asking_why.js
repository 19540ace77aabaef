// "Ask the org why" on the error card: after Salesforce refuses a profile's login, another profile
// of the same org reads the user's Login History; the newest failure's status, its meaning and fix
// go on top, the attempts below (inside the error card's alert, so screen readers hear the answer).
// Choosing, checking and explaining are done in Rust.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc } = window.sftoken;

  const $ = (id) => document.getElementById(id);

  /** The option that creates a browser sign-in helper (when no profile can ask). */
  const SIGN_IN = '+sign-in';

  let failingId = null;

  /** Shown under a refused login of an open profile; hidden for anything else. */
  async function offer(failure, profileId) {
    const section = $('why');
    clear();
    failingId = failure.org_knows_why ? profileId : null;
    if (failingId === null) {
      section.hidden = true;
      return;
    }
    let choices = [];
    try {
      choices = await ipc.whyHelpers(failingId);
    } catch (problem) {
      $('why-summary').textContent = problem.title;
    }
    const select = $('why-helper');
    select.replaceChildren(...choices.map((c) => {
      const label = `${c.name} (${c.badge}${c.same_org ? ', same org' : ''})`;
      return new Option(label, c.id, c.remembered, c.remembered);
    }));
    select.add(new Option('An administrator, signing in with the browser (new profile)', SIGN_IN));
    section.hidden = false;
    // How many refusals it was offered for: tests wait for this one's choices.
    section.dataset.offers = String(Number(section.dataset.offers ?? 0) + 1);
  }

  function clear() {
    $('why-summary').textContent = '';
    $('why-cause').hidden = true;
    $('why-attempts').hidden = true;
    $('why-attempts').tBodies[0].replaceChildren();
  }

  async function ask() {
    if (failingId === null || $('why-ask').getAttribute('aria-disabled') === 'true') return;
    const button = $('why-ask');
    button.setAttribute('aria-disabled', 'true');
    clear();
    $('why-summary').textContent = 'Asking the org…';
    try {
      let helperId = $('why-helper').value;
      if (helperId === SIGN_IN) {
        helperId = await ipc.addSignInHelper(failingId);
        await window.sftoken.profiles.load();
        $('why-summary').textContent = 'Sign in as an administrator in the browser that opened…';
      }
      show(await ipc.askWhy(failingId, helperId));
    } catch (failure) {
      $('why-summary').textContent = failure.hints.length ? `${failure.title}. ${failure.hints[0]}` : failure.title;
    } finally {
      button.removeAttribute('aria-disabled');
      $('sign-in').hidden = true;
    }
  }

  function show(report) {
    $('why-summary').textContent = report.summary;
    const cause = report.cause;
    $('why-cause').hidden = !cause;
    if (cause) {
      $('why-status').textContent = report.cause_time ? `${cause.status} (${report.cause_time})` : cause.status;
      $('why-meaning').textContent = cause.meaning;
      $('why-fix').textContent = cause.fix;
      // The flow is disabled: the fix is the move, one click away (for the profile still open).
      $('why-move').hidden = !(cause.move_off_password && window.sftoken.profiles.currentId() === failingId);
    }
    const rows = report.lookup.answer === 'attempts' ? report.lookup.attempts : [];
    $('why-attempts').tBodies[0].replaceChildren(...rows.map((a) => {
      const tr = document.createElement('tr');
      for (const text of [a.login_time, a.status, a.application, a.source_ip, a.login_url]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    $('why-attempts').hidden = rows.length === 0;
  }

  function init() {
    $('why-ask').addEventListener('click', ask);
    $('why-move').addEventListener('click', (event) => window.sftoken.move.open(event));
  }

  window.sftoken.why = { init, offer };
})();
