// The only door to Rust: every request to Salesforce, every copy, goes through these commands.
// A classic deferred script (no module graph to resolve at start-up); it shares its functions
// through window.sftoken, in the order index.html loads the scripts.
(() => {
  const { invoke } = window.__TAURI__.core;
  const { listen } = window.__TAURI__.event;

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
    openProfile: (id) => invoke('open_profile', { id }),
    saveProfile: (input) => invoke('save_profile', { input }),
    duplicateProfile: (id) => invoke('duplicate_profile', { id }),
    deleteProfile: (id) => invoke('delete_profile', { id }),
    useRefreshToken: () => invoke('use_refresh_token'),
    keepRefreshToken: (id) => invoke('keep_refresh_token', { id }),
    whoami: () => invoke('whoami'),
    revokeToken: (which) => invoke('revoke_token', { which }),
    chooseKeyFile: () => invoke('choose_key_file'),
    onSignInStarted: (handler) => listen('sign-in-started', handler),
  };
  window.sftoken = { ipc };
})();
