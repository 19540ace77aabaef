// Postman environments in: "Import Postman environment…" (the system dialog, several files at
// once) or files dropped on the window. Rust reads and saves them, all or nothing
// (import_postman_files); this module shows what it said, per profile: what was taken, what was
// left out and why. The summary is a dialog; Escape or Close shuts it and focus goes back where
// it was. A classic deferred script; it shares its functions through window.sftoken.
(() => {
  const { ipc } = window.sftoken;
  const profiles = window.sftoken.profiles;

  const $ = (id) => document.getElementById(id);

  let opener = null;
  let importing = false;

  /** Imports `paths`, then shows the summary (or why nothing was imported); `ignored`: dropped
   *  files that are no Postman environment (.json), named at the end of the summary. */
  async function importFiles(paths, ignored = []) {
    if (importing || paths.length === 0) return;
    importing = true;
    opener = document.activeElement;
    let items;
    try {
      const imported = await ipc.importPostmanFiles(paths);
      await profiles.load();
      $('import-title').textContent = imported.length === 1 ? 'Imported 1 profile' : `Imported ${imported.length} profiles`;
      items = imported.map((one) => {
        const li = document.createElement('li');
        const [headline, ...rest] = one.lines;
        const strong = document.createElement('strong');
        strong.textContent = headline;
        const details = document.createElement('ul');
        details.replaceChildren(...rest.map((line) => {
          const item = document.createElement('li');
          item.textContent = line;
          return item;
        }));
        li.append(strong, details);
        return li;
      });
    } catch (failure) {
      $('import-title').textContent = 'Nothing was imported';
      const li = document.createElement('li');
      li.textContent = failure.title;
      items = [li, ...failure.hints.map((hint) => {
        const h = document.createElement('li');
        h.textContent = hint;
        return h;
      })];
    } finally {
      importing = false;
    }
    if (ignored.length > 0) {
      const li = document.createElement('li');
      const names = ignored.map((p) => p.split(/[\\/]/).pop()).join(', ');
      li.textContent = `Not read, as they are no Postman environment files (.json): ${names}`;
      items.push(li);
    }
    $('import-summary').replaceChildren(...items);
    // The dialog's own focusing steps put focus on Close (autofocus).
    $('import-dialog').showModal();
  }

  async function choose() {
    const paths = await ipc.choosePostmanFiles();
    await importFiles(paths);
  }

  /** Files dropped on the window: the Postman environments among them (.json). */
  function dropped(event) {
    const paths = (event.payload?.paths ?? []).filter((p) => typeof p === 'string');
    const json = paths.filter((p) => p.toLowerCase().endsWith('.json'));
    if (paths.length > 0 && json.length === 0) {
      $('profile-msg').textContent = 'Only Postman environment files (.json) can be dropped here.';
      return;
    }
    importFiles(json, paths.filter((p) => !json.includes(p)));
  }

  function init() {
    $('import-postman').addEventListener('click', choose);
    $('import-close').addEventListener('click', () => $('import-dialog').close());
    $('import-dialog').addEventListener('close', () => {
      (opener && opener.isConnected && opener !== document.body ? opener : $('import-postman')).focus();
    });
    ipc.onFilesDropped(dropped);
  }

  window.sftoken.importer = { init, importFiles, filesDropped: dropped };
})();
