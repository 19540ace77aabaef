// Wires the window together: buttons, keyboard, Send and Cancel.
import { ipc } from './ipc.js';
import * as form from './form.js';
import * as answer from './answer.js';
import * as clipboard from './clipboard.js';

const $ = (id) => document.getElementById(id);

let running = false;
let timer = null;

async function send() {
  if (running) return;
  form.trimIds();
  const target = await form.refreshTarget();
  const complete = await form.checkFields();
  if (!target.ok) {
    $('mydomain-host').focus();
    return;
  }
  if (!complete) return;
  setRunning(true);
  try {
    answer.showToken(await ipc.sendRequest(form.readForm()));
  } catch (failure) {
    if (failure && failure.kind === 'input') form.showIssues(failure.fields ?? []);
    answer.showFailure(typeof failure === 'object' ? failure : { kind: 'transport', title: String(failure), hints: [] });
  } finally {
    setRunning(false);
  }
}

function setRunning(on) {
  running = on;
  $('send').hidden = on;
  $('running').hidden = !on;
  clearInterval(timer);
  if (on) {
    const started = performance.now();
    $('elapsed').textContent = '0.0 s';
    timer = setInterval(() => {
      $('elapsed').textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    }, 100);
    $('cancel').focus();
  } else {
    $('send').focus();
  }
}

function onKey(event) {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && event.key === 'Enter') {
    event.preventDefault();
    send();
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
  for (const button of document.querySelectorAll('.switch button')) {
    button.addEventListener('click', () => form.selectTarget(button.dataset.kind));
  }
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
    input.addEventListener('change', form.checkFields);
  }
  $('reveal-token').addEventListener('click', answer.toggleTokenReveal);
  $('view-pretty').addEventListener('click', () => answer.selectView('pretty'));
  $('view-raw').addEventListener('click', () => answer.selectView('raw'));
  const copies = { 'copy-token': 'token', 'copy-instance-url': 'instance_url', 'copy-header': 'header', 'copy-curl': 'curl', 'copy-json': 'json' };
  for (const [id, what] of Object.entries(copies)) $(id).addEventListener('click', () => clipboard.copy(what));
  document.addEventListener('keydown', onKey);
  ipc.onClipboardCleared(clipboard.cleared);
  setInterval(answer.tick, 30000);

  const info = await ipc.appInfo();
  await clipboard.initDelay(info.clipboard_delay_secs);
  await form.selectTarget('production');
  $('client-id').focus();
  document.body.dataset.ready = 'true';
}

init();
