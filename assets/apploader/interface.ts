// The App Loader packages' interface page (interface.html, "Download from
// App" in the Bangle.js and Espruino App Loaders): the pacer's session log as
// a table with a CSV download, and its protocol and settings, read and sent
// through the loader's own interface API (core/lib/interface.js):
//   Puck.eval(expr, cb)               a value the device computes (cb(JSON value))
//   Puck.write(data, cb)              a line the device runs
//   Util.readStorage(name, cb)        a Storage file's text ("" when absent)
//   Util.writeStorage(name, data, cb) a Storage file written
//   Util.eraseStorage(name, cb)       a Storage file removed
//   Util.showModal(text), Util.hideModal(), Util.saveCSV(name, csv)
// and onInit(device), called by the loader with the connected device's id
// and version. Every line the device runs is in scripts/apploader/lines.ts.
//
// The log: the ring's files read one by one (Util.readStorage, a few hundred
// bytes each) and checked with the firmware's own decoder (core/stored.ts),
// then read as the lines pacer.log() prints (sim/log-export.ts parseDump):
// the table and the CSV are the web page's and `npm run log -- export`'s.
// pacer.log() itself is not called: it prints a line a session, and the
// loader's Puck.eval answers with the last line printed only.
//
// The protocol and settings go as the web page's push does
// (web/real/pacer-link.ts): checked by the device's own validator here, the
// pacer idle first, a custom protocol written to Storage "pacer.npro", then
// one line that sets both (and puts the settings back if the protocol is
// refused), read back.
import { PROTOCOLS } from '../../firmware/core/library';
import { defaultSettings } from '../../firmware/core/settings';
import { decodeStored } from '../../firmware/core/stored';
import { Protocol, Settings, Status } from '../../firmware/core/types';
import { FieldError, validateProtocol, validateSettings } from '../../firmware/core/validate';
import { LOG_PREFIX } from '../../firmware/files';
import { LoggedSession, parseDump, toCsv } from '../../sim/log-export';
import { renderLog } from '../../web/log/log-view';
import { fillRanges } from '../../web/ranges';
import { LOG_LIST_LINE, PROTOCOL_FILE, PROTOCOL_STAGING, pushAnswerLine, SETTINGS_FILE, startLine, STATUS_LINE } from '../../scripts/apploader/lines';
import { PAGE_PACKAGE_ID, PagePackage } from '../../scripts/apploader/page-package';

/** What the loader hands onInit (core/js/index.js: its `device`). */
interface LoaderDevice {
  id?: string;
  version?: string;
  appsInstalled?: Array<{ id: string; version?: string }>;
}

declare const Puck: {
  eval(expr: string, cb: (value: unknown) => void): void;
  write(data: string, cb: (received: string) => void): void;
};
declare const Util: {
  readStorage(name: string, cb: (text: string) => void): void;
  writeStorage(name: string, data: string, cb: () => void): void;
  eraseStorage(name: string, cb: () => void): void;
  showModal(text: string): void;
  hideModal(): void;
  saveCSV(name: string, csv: string): void;
};

const PKG: PagePackage = JSON.parse((document.getElementById(PAGE_PACKAGE_ID) as HTMLElement).textContent as string);
/** How long one loader call may take before the page gives up on it (the loader reports its own failures as toasts, and never answers). */
const CALL_MS = 20000;
/** How long a started pacer may take to answer. */
const START_MS = 10000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

class NoAnswer extends Error {}

function call<T>(what: string, fn: (done: (v: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NoAnswer(`No answer from the device while ${what} (the App Loader shows why).`)), CALL_MS);
    fn((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
const evaluate = (what: string, expr: string) => call<unknown>(what, (done) => Puck.eval(expr, done));
const write = (what: string, data: string) => call<string>(what, (done) => Puck.write(data, done));
const readStorage = (name: string) => call<string>(`reading ${name}`, (done) => Util.readStorage(name, done));
const writeStorage = (name: string, data: string) => call<void>(`writing ${name}`, (done) => Util.writeStorage(name, data, () => done()));
const eraseStorage = (name: string) => call<void>(`removing ${name}`, (done) => Util.eraseStorage(name, () => done()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isStatus(v: unknown): v is Status {
  const s = v as Status;
  return !!s && typeof s === 'object' && typeof s.state === 'string' && typeof s.phase === 'number' && typeof s.n === 'number';
}

/** The pacer's status and build; null when no pacer runs. */
async function pacerStatus(): Promise<{ status: Status; build: string } | null> {
  const v = await evaluate('reading the pacer\'s state', STATUS_LINE);
  if (v === null) return null;
  if (!Array.isArray(v) || !isStatus(v[0])) throw new Error(`The device answered ${JSON.stringify(v).slice(0, 80)}, not the pacer's state.`);
  return { status: v[0], build: String(v[1]) };
}

// ---------------------------------------------------------------- messages

function message(kind: 'ok' | 'error' | 'busy', text: string): void {
  const m = $('msg');
  m.className = `msg ${kind}`;
  m.dataset.kind = kind;
  m.textContent = text;
}

function showDevice(text: string, problem = false): void {
  const d = $('device');
  d.textContent = text;
  d.classList.toggle('problem', problem);
}

// ---------------------------------------------------------------- the log

/** The log as pacer.log() prints it, from the ring's files: one JSON line a session, in order, a corrupted one said so. */
async function readLog(): Promise<LoggedSession[]> {
  const names = await evaluate('listing the log', LOG_LIST_LINE);
  if (!Array.isArray(names)) throw new Error(`The device answered ${JSON.stringify(names).slice(0, 80)}, not a list of files.`);
  const slots = names.map((n) => Number(String(n).slice(-1))).sort((a, b) => a - b);
  const rows: Array<{ n: number; text: string }> = [];
  for (const slot of slots) {
    const o = decodeStored(await readStorage(LOG_PREFIX + slot));
    if (!o) rows.push({ n: -1, text: JSON.stringify({ slot, corrupt: true }) });
    else rows.push({ n: o.n, text: JSON.stringify(Object.assign({ n: o.n }, o.v)) });
  }
  rows.sort((a, b) => a.n - b.n);
  return parseDump(rows.map((r) => r.text).join('\n'));
}

// ---------------------------------------------------------------- protocol and settings

const NUMBER_KEYS = ['ppm', 'pushMs', 'strength', 'accentEvery', 'idleOffMin'] as const;
const BOOL_KEYS = ['led', 'haptic', 'leadIn', 'autoAdvance'] as const;
const CUSTOM = 'custom';

/** A typed number as a number; anything else as typed, for the validator to name. */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : t;
}

/** Each error at its field, in the validator's words ("ppm: 120 is out of range 30..90"); the protocol's all at the protocol. */
function showErrors(settingErrors: FieldError[], protocolErrors: FieldError[]): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.field-error'))) el.textContent = '';
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[aria-invalid]'))) el.removeAttribute('aria-invalid');
  const add = (id: string, e: FieldError) => {
    const el = document.getElementById(id);
    if (el) el.textContent = (el.textContent ? el.textContent + '\n' : '') + (e.path ? `${e.path}: ${e.reason}` : e.reason);
    document.getElementById(id === 'e-protocol' ? 'f-custom' : id.replace(/^e-/, 'f-'))?.setAttribute('aria-invalid', 'true');
  };
  for (const e of settingErrors) add(e.path ? `e-${e.path}` : 'e-protocol', e);
  for (const e of protocolErrors) add('e-protocol', e);
}

interface FormSetup {
  settings: Settings;
  protocol: Protocol;
  builtIn: boolean;
}

/** The form's protocol and settings, every field checked by the device's validator; null (and each error at its field) when any is wrong. */
function readForm(): FormSetup | null {
  const settings: Record<string, unknown> = {};
  for (const k of NUMBER_KEYS) settings[k] = numberOrText($<HTMLInputElement>(`f-${k}`).value);
  for (const k of BOOL_KEYS) settings[k] = $<HTMLInputElement>(`f-${k}`).checked;
  const settingErrors = validateSettings(settings, false);
  const protocolErrors: FieldError[] = [];
  const choice = $<HTMLSelectElement>('f-protocol').value;
  let protocol: Protocol | null = null;
  if (choice !== CUSTOM) protocol = PROTOCOLS[choice];
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse($<HTMLTextAreaElement>('f-custom').value);
      protocolErrors.push(...validateProtocol(parsed));
    } catch (e) {
      protocolErrors.push({ path: '', reason: `not JSON: ${(e as Error).message}` });
    }
    if (!protocolErrors.length) protocol = parsed as Protocol;
  }
  showErrors(settingErrors, protocolErrors);
  const n = settingErrors.length + protocolErrors.length;
  $('form-summary').textContent = n ? `${n} problem${n > 1 ? 's' : ''} to fix: nothing is sent until the form is right.` : '';
  return n || !protocol ? null : { settings: settings as unknown as Settings, protocol, builtIn: choice !== CUSTOM };
}

function showCustom(): void {
  $('custom-wrap').hidden = $<HTMLSelectElement>('f-protocol').value !== CUSTOM;
}

/** The form filled with what the pacer holds in Storage (a pacer that was never set: the defaults). */
function fillForm(settings: Settings, protocol: string | Protocol): void {
  for (const k of NUMBER_KEYS) $<HTMLInputElement>(`f-${k}`).value = String(settings[k]);
  for (const k of BOOL_KEYS) $<HTMLInputElement>(`f-${k}`).checked = settings[k];
  const select = $<HTMLSelectElement>('f-protocol');
  if (typeof protocol === 'string' && PROTOCOLS[protocol]) select.value = protocol;
  else if (typeof protocol === 'object') {
    select.value = CUSTOM;
    $<HTMLTextAreaElement>('f-custom').value = JSON.stringify(protocol, null, 2);
  }
  showCustom();
  readForm();
}

/** The settings and protocol in Storage: what the pacer runs with (the firmware's own files, checked as it checks them). */
async function readSetup(): Promise<{ settings: Settings; protocol: string | Protocol }> {
  const set = decodeStored(await readStorage(SETTINGS_FILE));
  const pro = decodeStored(await readStorage(PROTOCOL_FILE));
  return {
    settings: Object.assign(defaultSettings(), set ? (set.v as Partial<Settings>) : {}),
    protocol: pro ? (pro.v as string | Protocol) : 'head-drainage',
  };
}

/** The pacer, started if it is installed but not running (a Bangle.js 2 app runs only when opened). */
async function runningPacer(): Promise<{ status: Status; build: string }> {
  const now = await pacerStatus();
  if (now) return now;
  message('busy', `Starting the pacer on the ${PKG.deviceName}...`);
  await write('starting the pacer', startLine(PKG.appFile));
  const until = Date.now() + START_MS;
  while (Date.now() < until) {
    await sleep(500);
    const st = await pacerStatus().catch(() => null);
    if (st) return st;
  }
  throw new Error(`The pacer did not start on the ${PKG.deviceName}: install the app again from the App Loader.`);
}

async function send(): Promise<void> {
  const setup = readForm();
  if (!setup) throw new Error('Not sent: fix the form first.');
  const { status } = await runningPacer();
  if (status.state !== 'idle' && status.state !== 'done') {
    throw new Error(`The pacer is in a session (${status.state}): end it on the pacer first, then send again. Nothing was changed.`);
  }
  message('busy', 'Sending...');
  if (!setup.builtIn) await writeStorage(PROTOCOL_STAGING, JSON.stringify(setup.protocol));
  const answer = await evaluate('sending the settings', pushAnswerLine(setup.settings, setup.builtIn ? { builtIn: setup.protocol.id } : { file: PROTOCOL_STAGING }));
  if (!Array.isArray(answer) || answer[0] !== 1) {
    if (!setup.builtIn) await eraseStorage(PROTOCOL_STAGING);
    const why = Array.isArray(answer) ? String(answer[1]) : JSON.stringify(answer).slice(0, 80);
    throw new Error(`The pacer refused: ${why}. Nothing was changed (the previous settings were put back).`);
  }
  const [settings, id] = answer[1] as [Settings, string];
  const sameSettings = Object.keys(setup.settings).every((k) => JSON.stringify((settings as unknown as Record<string, unknown>)[k]) === JSON.stringify((setup.settings as unknown as Record<string, unknown>)[k]));
  if (!sameSettings || id !== setup.protocol.id) throw new Error(`The pacer answered ${JSON.stringify(answer[1]).slice(0, 80)}, not what was sent: read it again.`);
  message('ok', `Stored on the pacer: protocol ${id}, ${settings.ppm} pumps a minute.`);
}

// ---------------------------------------------------------------- the page

let sessions: LoggedSession[] = [];
/** The custom protocol in force, for its phases' names and ids in the log. */
let known: Protocol | null = null;
/** The connected device, as the loader said. */
let device: LoaderDevice = {};

/** One operation at a time, under the loader's modal; its outcome in the message line. */
async function operation(what: string, fn: () => Promise<void>): Promise<void> {
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button'))) b.disabled = true;
  message('busy', what);
  Util.showModal(what);
  try {
    await fn();
  } catch (e) {
    message('error', (e as Error).message);
  } finally {
    Util.hideModal();
    for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button'))) b.disabled = false;
    $<HTMLButtonElement>('log-csv').disabled = !sessions.length;
  }
}

async function readAll(): Promise<void> {
  const setup = await readSetup();
  known = typeof setup.protocol === 'object' ? setup.protocol : null;
  fillForm(setup.settings, setup.protocol);
  sessions = await readLog();
  // the web companion's table and chart (web/log/log-view.ts)
  renderLog($('log-view'), sessions, known ?? undefined);
  const st = await pacerStatus();
  showDevice(
    `${PKG.deviceName}, Espruino ${device.version ?? '(version unknown)'}: ` +
      (st ? `the pacer is ${st.status.state}${st.build === PKG.build ? '' : ` (firmware build ${st.build}; this app is build ${PKG.build}: update the app)`}.` : `the pacer is installed but not running (it starts when you send settings).`),
    !!st && st.build !== PKG.build,
  );
  message('ok', `Read the pacer: ${sessions.length} log entr${sessions.length === 1 ? 'y' : 'ies'}, protocol ${typeof setup.protocol === 'string' ? setup.protocol : setup.protocol.id}.`);
}

/** Called by the loader's interface.js once the page is in place, with the connected device. */
function onInit(d: LoaderDevice): void {
  device = d || {};
  if (!device.id) {
    showDevice('No device is connected: connect in the App Loader first, then open this page again.', true);
    return;
  }
  if (device.id !== PKG.device) {
    showDevice(`This is the ${PKG.deviceName} package, and the connected device is a ${device.id}: nothing is read or sent. Use the package for your device.`, true);
    for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button'))) b.disabled = true;
    return;
  }
  void operation('Reading the pacer...', readAll);
}
(window as unknown as { onInit: typeof onInit }).onInit = onInit;

$('log-read').addEventListener('click', () => void operation('Reading the pacer...', readAll));
$('log-csv').addEventListener('click', () => Util.saveCSV('pacer-log', toCsv(sessions, known ?? undefined)));
$('send').addEventListener('click', () => void operation('Sending...', send));
$('f-protocol').addEventListener('change', () => {
  showCustom();
  readForm();
});
$('setup-form').addEventListener('input', () => readForm());
$<HTMLInputElement>('f-file').addEventListener('change', async () => {
  const file = $<HTMLInputElement>('f-file').files?.[0];
  if (!file) return;
  $<HTMLTextAreaElement>('f-custom').value = await file.text();
  readForm();
});
$('title-device').textContent = PKG.deviceName;
fillRanges(document);
fillForm(defaultSettings(), 'head-drainage');
showDevice('Waiting for the App Loader...');
