// Copy buttons and the status bar's countdown. The copying itself happens in Rust.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { ipc, keyboard } = window.sftoken;

  const $ = (id) => document.getElementById(id);

  let countdown = null;

  /** Copies that carry the access token (not the instance URL alone). */
  const CARRY_TOKEN = new Set(['token', 'header', 'curl', 'json', 'dotenv']);

  async function copy(what) {
    try {
      const receipt = await ipc.copyAnswer(what);
      if (CARRY_TOKEN.has(what) && $('token-card').dataset.expired === 'true') {
        receipt.copied = `${receipt.copied}, an expired token (Renew for a good one)`;
      }
      announce(receipt);
    } catch (failure) {
      $('clipboard-status').textContent = failure.title;
      keyboard.announce(failure.title);
    }
  }

  /** The status bar counts down (not a live region: it would be read out every second); screen
   *  readers hear the copy once, and the clearing when it happens. */
  function announce(receipt) {
    clearInterval(countdown);
    const status = $('clipboard-status');
    if (receipt.clears_in_secs == null) {
      status.textContent = `✓ Copied ${receipt.copied}`;
      keyboard.announce(`Copied ${receipt.copied}.`);
      return;
    }
    keyboard.announce(`Copied ${receipt.copied}. The clipboard clears in ${receipt.clears_in_secs} seconds.`);
    const until = Date.now() + receipt.clears_in_secs * 1000;
    const render = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      status.textContent = `✓ Copied ${receipt.copied} · clipboard clears in ${left} s`;
      if (left === 0) clearInterval(countdown);
    };
    render();
    countdown = setInterval(render, 1000);
  }

  function cleared() {
    clearInterval(countdown);
    $('clipboard-status').textContent = 'Clipboard cleared';
    keyboard.announce('Clipboard cleared.');
  }

  async function initDelay(secs) {
    const select = $('clipboard-delay');
    if (![...select.options].some((o) => o.value === String(secs))) {
      select.add(new Option(`${secs} s`, String(secs)), 0);
    }
    select.value = String(secs);
    select.addEventListener('change', () => ipc.setClipboardDelay(Number(select.value)));
  }
  window.sftoken.clipboard = { copy, cleared, initDelay };
})();
