// The only door to Rust: every request to Salesforce, every copy, goes through these commands.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
//
// It talks to Tauri through the two functions Tauri always injects (`__TAURI_INTERNALS__`) rather
// than the 50 KB `window.__TAURI__` bundle (`withGlobalTauri`), which the window would parse and keep
// in memory at every start for two functions. `listen` is what @tauri-apps/api's `event.listen` does.
//
// Every command fails with one shape, the Rust `CommandError` ({kind, title, status, error,
// description, hints, fields}); a failure of the IPC itself is given the same shape here, so the
// page never branches on what came back.
(() => {
  const { invoke: tauriInvoke, transformCallback } = window.__TAURI_INTERNALS__;
  const asCommandError = (failure) => (failure && typeof failure === 'object' && failure.kind
    ? failure
    : { kind: 'internal', title: String(failure), status: null, error: null, description: null, hints: [], fields: [], org_knows_why: false });
  const invoke = (cmd, args) => tauriInvoke(cmd, args).catch((failure) => { throw asCommandError(failure); });
  const listen = (event, handler) =>
    invoke('plugin:event|listen', { event, target: { kind: 'Any' }, handler: transformCallback(handler) });

  const ipc = {
    appInfo: () => invoke('app_info'),
    setClipboardDelay: (secs) => invoke('set_clipboard_delay', { secs }),
    describeTarget: (target) => invoke('describe_target', { target }),
    checkForm: (form) => invoke('check_form', { form }),
    previewRequest: (form) => invoke('preview_request', { form }),
    sendRequest: (form) => invoke('send_request', { form }),
    cancelRequest: () => invoke('cancel_request'),
    revealAnswer: () => invoke('reveal_answer'),
    copyAnswer: (what) => invoke('copy_answer', { what }),
    onClipboardCleared: (handler) => listen('clipboard-cleared', handler),
    listProfiles: () => invoke('list_profiles'),
    keychainStatus: () => invoke('keychain_status'),
    openProfile: (id) => invoke('open_profile', { id }),
    saveProfile: (id, draft) => invoke('save_profile', { id, draft }),
    duplicateProfile: (id) => invoke('duplicate_profile', { id }),
    deleteProfile: (id) => invoke('delete_profile', { id }),
    useRefreshToken: () => invoke('use_refresh_token'),
    keepRefreshToken: (id) => invoke('keep_refresh_token', { id }),
    whoami: () => invoke('whoami'),
    revokeToken: (which, profileId) => invoke('revoke_token', { which, profileId }),
    tokenLife: (profileId) => invoke('token_life', { profileId: profileId ?? null }),
    savePostmanEnvironment: (name, withSecrets) => invoke('save_postman_environment', { name, withSecrets }),
    chooseKeyFile: () => invoke('choose_key_file'),
    sfLogin: (alias, durable) => invoke('sf_login_with_token', { alias: alias || null, durable }),
    choosePostmanFiles: () => invoke('choose_postman_files'),
    importPostmanFiles: (paths) => invoke('import_postman_files', { paths }),
    onFilesDropped: (handler) => listen('tauri://drag-drop', handler),
    movePlan: (id, to, app, certificateFile) => invoke('move_plan', { id, to, app, certificateFile: certificateFile ?? null }),
    generateJwtKey: (id, days) => invoke('generate_jwt_key', { id, days }),
    saveCertificate: (id) => invoke('save_certificate', { id }),
    saveCertificateAs: (id) => invoke('save_certificate_as', { id }),
    copyCertificate: (id) => invoke('copy_certificate', { id }),
    testMove: (id, to, target) => invoke('test_move', { id, to, target }),
    forgetPassword: (id) => invoke('forget_password', { id }),
    whyHelpers: (profileId) => invoke('why_helpers', { profileId }),
    addSignInHelper: (profileId) => invoke('add_sign_in_helper', { profileId }),
    askWhy: (profileId, helperId) => invoke('ask_why', { profileId, helperId }),
    onSignInStarted: (handler) => listen('sign-in-started', handler),
  };
  window.sftoken = { ipc };
})();
