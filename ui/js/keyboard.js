// Arrow keys in the window's one-of-several groups (the target switch, the Body/Headers tabs, the
// Pretty/Raw switch), as the ARIA radio group and tab patterns have them: the group is one Tab stop
// (the chosen item), and ←/→ (↑/↓, Home, End) choose and focus the neighbour. Also the one place
// that says things to screen readers that are not on screen (`announce`).
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  /** The items of `group` become one Tab stop; an arrow key calls `choose(item)` on the neighbour
   *  (which marks it chosen) and focuses it. */
  function arrowGroup(group, choose) {
    group.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const items = [...group.querySelectorAll('[role="radio"], [role="tab"]')].filter((b) => !b.hidden);
      const at = items.indexOf(document.activeElement);
      if (at < 0) return;
      let next;
      if (event.key in KEYS) next = items[(at + KEYS[event.key] + items.length) % items.length];
      else if (event.key === 'Home') next = items[0];
      else if (event.key === 'End') next = items[items.length - 1];
      else return;
      event.preventDefault();
      choose(next);
      next.focus();
    });
  }

  /** Marks the chosen item of a group as its one Tab stop. */
  function rove(items, chosen) {
    for (const item of items) item.tabIndex = item === chosen ? 0 : -1;
  }

  /** Says `text` through the window's polite live region (once per user action). */
  function announce(text) {
    const region = document.getElementById('announcer');
    // The same words twice in a row (copying twice) are said again only if the text changes.
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  }

  window.sftoken.keyboard = { arrowGroup, rove, announce };
})();
