// The web companion's real-pacer half in a real browser: a fake
// navigator.bluetooth (test/web/fake-bluetooth.ts) carries every byte the page
// sends over the Nordic UART service to a pacer simulated in Node
// (test/web/fake-pacer.ts: the Puck.js bundle behind an Espruino-like
// console), and its answers back. Each check compares the page with that
// device's own state: its status, its Storage, its log.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { decodeStored } from '../firmware/core/stored';
import { readLog } from '../sim/device-files';
import { toCsv } from '../sim/log-export';
import { tokeniser } from '../common/tokeniser';
import { bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../common/dist';
import { FILE_OVERHEAD, fileSpace, stagingName } from '../web/real/device-lines';
import { withDefaults } from '../firmware/core/validate';
import { STORAGE_BYTES } from '../sim/storage';
import { browserBlock, Page } from './web/browser';
import { FakePacer } from './web/fake-pacer';
import { openWithPacer } from './web/real-page';

/** Click, then wait for the operation's outcome: the message box leaves its busy state. */
async function act(page: Page, selector: string): Promise<{ kind: string; text: string }> {
  await page.click(selector);
  const box = page.locator('#r-msg');
  await page.waitForFunction(() => {
    const m = document.getElementById('r-msg') as HTMLElement;
    return m.dataset.kind === 'ok' || m.dataset.kind === 'error';
  }, undefined, { timeout: 40000 });
  return { kind: (await box.getAttribute('data-kind')) ?? '', text: ((await box.textContent()) ?? '').trim() };
}

async function connect(page: Page): Promise<void> {
  const r = await act(page, '#r-connect');
  expect(r, 'connect').to.deep.equal({ kind: 'ok', text: 'Connected to Puck.js fake.' });
}

const stored = (p: FakePacer, name: string) => {
  const text = p.storage.get(name);
  return text === undefined ? undefined : decodeStored(text)?.v;
};

describe('web companion: a real pacer over Web Bluetooth (fake Bluetooth, pacer simulated in Node)', function () {
  this.timeout(90000);
  const b = browserBlock();

  /** A page connected to `pacer` over the fake Bluetooth, and the pacer's Storage as it was then. */
  async function connected(pacer = new FakePacer()): Promise<{ pacer: FakePacer; page: Page; before: Record<string, string> }> {
    const w = b.keep(await openWithPacer(b.h, pacer, 'device'));
    await connect(w.page);
    return { pacer, page: w.page, before: pacer.files() };
  }

  it('connects, sends protocol and settings, follows a session, reads the log and downloads it as CSV', async () => {
    const pacer = new FakePacer();
    const w = b.keep(await openWithPacer(b.h, pacer, 'device'));
    const { page, errors } = w;
    await connect(page);
    expect(pacer.connected).to.equal(true);
    expect(await page.textContent('#r-state')).to.equal('idle');
    const ble = await page.evaluate(() => (window as unknown as { __fakeBle: { requests: Array<{ filters: unknown[]; optionalServices: string[] }>; maxWrite: number } }).__fakeBle);
    expect(ble.requests[0].filters).to.deep.include({ namePrefix: 'Puck.js' });
    expect(ble.requests[0].optionalServices).to.deep.equal(['6e400001-b5a3-f393-e0a9-e50e24dcca9e']);

    // protocol and settings: what the form holds is what the pacer's Storage holds
    await page.selectOption('#f-protocol', 'head-neck');
    await page.fill('#f-ppm', '50');
    await page.fill('#f-strength', '0.6');
    await page.uncheck('#f-leadIn');
    const pushed = await act(page, '#r-push');
    expect(pushed).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol head-neck, 50 pumps a minute.' });
    expect(stored(pacer, 'pacer.set')).to.deep.equal({ ppm: 50, pushMs: 400, strength: 0.6, accentEvery: 5, idleOffMin: 10, led: true, haptic: true, leadIn: false, autoAdvance: false });
    expect(stored(pacer, 'pacer.pro')).to.equal('head-neck', 'a built-in is stored by its id');
    expect(pacer.ran.some((l) => l.includes('pacer.settings({"ppm":50,'))).to.equal(true);

    // part of a session on the device; the page's live status follows it
    pacer.press(120);
    pacer.advance(9000);
    const st = pacer.status();
    expect(st.state).to.equal('running');
    expect(st.n).to.equal(7, 'no lead-in, 50/min: a pump at 0, 1.2, ... 7.2 s');
    await page.waitForFunction((n) => document.getElementById('r-pumps')?.dataset.n === String(n), st.n, { timeout: 8000 });
    expect(await page.textContent('#r-state')).to.equal('running');
    expect(await page.textContent('#r-phase')).to.equal('1: venous-angle');
    expect(st.batt).to.equal(80, 'read with the press');
    expect(await page.textContent('#r-batt')).to.equal('80 %');

    // nothing is changed under the therapist's hands
    const during = pacer.files();
    const busy = await act(page, '#r-push');
    expect(busy.kind).to.equal('error');
    expect(busy.text).to.equal('The pacer is in a session (running): end it on the pacer first, then send them. Nothing was changed.');
    expect(pacer.files()).to.deep.equal(during);

    // a very long press ends it: logged
    pacer.advance(6000);
    pacer.press(3500);
    pacer.advance(2000);
    expect(pacer.status().state).to.equal('done');
    const logged = readLog(pacer.engine.device.storage);
    expect(logged).to.have.length(1);
    const pulled = await act(page, '#r-log');
    expect(pulled).to.deep.equal({ kind: 'ok', text: '1 session read from the pacer.' });
    const shown = JSON.parse(((await page.textContent('#r-log-text')) ?? '').trim());
    expect(shown).to.deep.equal({ n: 0, ...logged[0].entry });
    expect(shown.end).to.equal('ended');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#r-csv')]);
    expect(download.suggestedFilename()).to.equal('pacer-log.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).to.equal(toCsv(logged.map((r) => ({ n: r.n, entry: r.entry }))));
    expect(csv.split('\n')[1]).to.match(/^0,head-neck,[\d.]+,ended,0,venous-angle,/);
    expect(errors).to.deep.equal([]);
  });

  it('a link cut in the middle of sending: a clear message, the pacer\'s Storage as it was, and it connects again', async () => {
    const { pacer, page, before } = await connected();
    pacer.cutLine = { match: 'pacer.settings(', afterBytes: 70 };
    await page.fill('#f-ppm', '45');
    const r = await act(page, '#r-push');
    expect(r.kind).to.equal('error');
    expect(r.text).to.equal('The pacer disconnected while sending the protocol and settings. What was cut off was not applied: the pacer is as it was. Connect again.');
    expect(pacer.files()).to.deep.equal(before);
    expect(pacer.ran.filter((l) => l.includes('pacer.settings('))).to.deep.equal([]);
    expect(await page.textContent('#r-conn')).to.equal('not connected');
    expect(await page.isEnabled('#r-connect')).to.equal(true);
    // the library is not left busy: the next connection works, and so does the push
    await connect(page);
    expect(await act(page, '#r-push')).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol head-drainage, 45 pumps a minute.' });
    expect((stored(pacer, 'pacer.set') as { ppm: number }).ppm).to.equal(45);
  });

  it('an answer that is garbage: a clear message, nothing written', async () => {
    const { pacer, page, before } = await connected();
    pacer.noiseFor = { match: 'pacer.status()', noise: '\xff\xfe#@!%noise 42\r\n' };
    await page.fill('#f-ppm', '70');
    const r = await act(page, '#r-push');
    expect(r.kind).to.equal('error');
    expect(r.text).to.equal('Sending the protocol and settings failed: The device\'s answer was not understood: "??#@!%noise 42". Nothing more was sent.');
    expect(pacer.files()).to.deep.equal(before);
    expect(pacer.ran.filter((l) => l.includes('pacer.settings('))).to.deep.equal([]);
  });

  it('without Web Bluetooth: says so and which browsers have it', async () => {
    const w = b.keep(await openWithPacer(b.h, undefined, 'absent'));
    const r = await act(w.page, '#r-connect');
    expect(r).to.deep.equal({ kind: 'error', text: 'This browser has no Web Bluetooth. Use Chrome or Edge on a laptop, or Chrome on Android (not iOS, not Firefox).' });
    expect(w.errors).to.deep.equal([]);
  });

  it('the user closes the chooser: says no pacer was chosen', async () => {
    const pacer = new FakePacer();
    const w = b.keep(await openWithPacer(b.h, pacer, 'cancel'));
    const r = await act(w.page, '#r-connect');
    expect(r).to.deep.equal({ kind: 'error', text: 'No pacer was chosen (the Bluetooth chooser was closed). Nothing was changed.' });
    expect(pacer.connected).to.equal(false);
    expect(await w.page.isEnabled('#r-connect')).to.equal(true);
  });

  it('flashes the firmware: the bytes npm run flash stores, checked, swapped in with one line, started with load() after the answer', async () => {
    const pacer = new FakePacer();
    pacer.clockRuns = true;
    const w = b.keep(await openWithPacer(b.h, pacer, 'device'));
    const { page, errors } = w;
    await connect(page);
    await act(page, '#r-push');
    const settings = pacer.storage.get('pacer.set');
    // the swap line's answer goes out before load() restarts the interpreter (300 ms later)
    let loadsAtSwap = -1;
    pacer.onLine = (code) => {
      if (code.includes('setTimeout(function(){load()},300)')) loadsAtSwap = pacer.loads;
    };
    const r = await act(page, '#r-flash');
    expect(r.kind, r.text).to.equal('ok');
    expect(r.text).to.match(/^Firmware [0-9a-f]{8} flashed and started \(pacer idle\)\.$/);
    const tk = tokeniser();
    expect(pacer.storage.get('.bootcde')).to.equal(tk.tokenise(readFileSync(bundlePath('puck'), 'utf8')));
    for (const k of MODULE_KEYS) expect(pacer.storage.get(moduleFile(k)), k).to.equal(tk.tokenise(readFileSync(modulePath(k, 'puck'), 'utf8')));
    expect([...pacer.storage.keys()].filter((k) => k.startsWith('pacer.n'))).to.deep.equal([]);
    expect(pacer.loads).to.equal(1);
    expect(loadsAtSwap).to.equal(0);
    // after the staging files were written: one line did the rest (idle check, staging re-checked,
    // swap, final files checked, load() scheduled), then only status polls until the new code answered
    const firstSwap = pacer.ran.findIndex((l) => l.includes('S.write(f[i][1],S.read(f[i][0]))'));
    const rest = pacer.ran.slice(firstSwap);
    expect(rest[0]).to.include('pacer.status().state').and.include('t.charCodeAt(i)').and.include('S.read(f[i][1])!=S.read(f[i][0])').and.include('setTimeout(function(){load()},300)');
    expect(rest.length).to.be.greaterThan(1);
    expect(rest.slice(1).every((l) => /pacer\.status\(\)/.test(l) && !/Storage|load\(/.test(l)), rest.slice(1).join('\n')).to.equal(true);
    expect(pacer.storage.get('pacer.set')).to.equal(settings, 'the settings survive a flash');
    expect(pacer.status().state).to.equal('idle');
    expect(pacer.engine.device.uncaught).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('a flash that would not fit in Storage is refused before anything is written (room: free space and the files it replaces, for a staging and a final copy of each)', async () => {
    // room 100 bytes short of a staging and a final copy of every file
    const tk = tokeniser();
    const files = [bundlePath('puck'), ...MODULE_KEYS.map((k) => modulePath(k, 'puck'))];
    const need = files.reduce((n, f) => n + 2 * (tk.tokenise(readFileSync(f, 'utf8')).length + FILE_OVERHEAD), 0);
    const fresh = new FakePacer().engine.device.storage;
    const replaced = ['.bootcde', ...MODULE_KEYS.map(moduleFile)].reduce((n, f) => n + (fresh.files.has(f) ? (fresh.files.get(f) as string).length + FILE_OVERHEAD : 0), 0);
    // a junk file that leaves the room about 100 bytes short (a file takes its header and whole words)
    const junk = STORAGE_BYTES - fresh.used() - fresh.trash + replaced - (need - 100) - 32;
    expect(junk).to.be.greaterThan(0);
    const room = STORAGE_BYTES - fresh.used() - fileSpace(junk) - fresh.trash + replaced;
    expect(room).to.be.below(need).and.above(need - 104);
    const { pacer, page, before } = await connected(new FakePacer({ 'junk.bin': 'x'.repeat(junk) }));
    const r = await act(page, '#r-flash');
    expect(r.kind).to.equal('error');
    expect(r.text).to.equal(`Not enough Storage on the pacer: ${room} bytes of room (free, deleted, and the firmware's own files), ${need} needed (a staging and a final copy of each file). Nothing was changed.`);
    expect(pacer.files()).to.deep.equal(before);
  });

  it('a flash cut half-way leaves the old firmware; the next connect removes what was left', async () => {
    const { pacer, page, before } = await connected();
    pacer.cutLine = { match: '"pacer.nboot"', afterBytes: 200 };
    const r = await act(page, '#r-flash');
    expect(r.text).to.match(/^The pacer disconnected while flashing the firmware\./);
    // the old firmware and every file it keeps are untouched; only the finished staging copy is extra
    const after = pacer.files();
    for (const [name, text] of Object.entries(before)) expect(after[name], name).to.equal(text);
    expect(Object.keys(after).filter((k) => !(k in before)).sort()).to.deep.equal(MODULE_KEYS.map((k) => stagingName(moduleFile(k))).sort());
    expect(pacer.loads).to.equal(0);
    const again = await act(page, '#r-connect');
    expect(again).to.deep.equal({ kind: 'ok', text: 'Connected to Puck.js fake (the files of an unfinished flash were removed).' });
    expect(pacer.files()).to.deep.equal(before);
  });

  it('a text field with a character outside printable ASCII ("•"): the validator\'s error at the field, nothing sent', async () => {
    const { pacer, page, before } = await connected();
    const sentBefore = pacer.received.length;
    await page.selectOption('#f-protocol', 'custom');
    const custom = JSON.parse(await page.inputValue('#f-custom'));
    custom.name = 'Short • neck';
    await page.fill('#f-custom', JSON.stringify(custom, null, 2));
    expect(((await page.textContent('#err-protocol')) ?? '').trim()).to.equal('name: may only hold printable ASCII (space to ~), got "Short • neck"');
    const r = await act(page, '#r-push');
    expect(r).to.deep.equal({ kind: 'error', text: 'The protocol and settings have errors (shown next to each field): nothing was sent.' });
    await new Promise((res) => setTimeout(res, 300));
    expect(pacer.received.slice(sentBefore)).to.not.match(/settings\(|protocol\(|Short/);
    expect(pacer.files()).to.deep.equal(before);
  });

  it('the pacer starts a session while the staging files go up: the swap line refuses, removes them, the old firmware stays', async () => {
    const { pacer, page, before } = await connected();
    pacer.onLine = (code) => {
      if (code.includes('S.write(f[i][1]')) {
        pacer.press(120);
        pacer.advance(2000);
      }
    };
    const r = await act(page, '#r-flash');
    expect(r).to.deep.equal({ kind: 'error', text: 'The pacer is in a session (running): end it on the pacer first, then flash. Nothing was changed.' });
    const after = pacer.files();
    for (const name of ['.bootcde', 'pacer.cmd', 'pacer.set', 'pacer.pro']) expect(after[name], name).to.equal(before[name]);
    expect(Object.keys(after).filter((k) => k.startsWith('pacer.n'))).to.deep.equal([]);
    expect(pacer.loads).to.equal(0);
    expect(pacer.status().state).to.equal('running');
  });

  it('a staging file damaged before the swap: refused in the swap line, staging removed, the old firmware stays', async () => {
    const { pacer, page, before } = await connected();
    pacer.onLine = (code) => {
      if (code.includes('S.write(f[i][1]')) {
        const t = pacer.storage.get('pacer.nboot') as string;
        pacer.storage.set('pacer.nboot', t.slice(0, 100) + (t[100] === 'x' ? 'y' : 'x') + t.slice(101));
      }
    };
    const r = await act(page, '#r-flash');
    expect(r.kind).to.equal('error');
    expect(r.text).to.match(/^Flashing the firmware failed: The copy of pacer\.nboot on the pacer does not match \(length,checksum \d+,-?\d+\)\. The old firmware is still in place\.$/);
    expect(pacer.files()).to.deep.equal(before);
    expect(pacer.loads).to.equal(0);
  });

  it('a push whose protocol the pacer refuses (a built-in its firmware lacks) puts the previous settings back: never half applied', async () => {
    // an older library (pacer.lib): it has no "head-neck"
    const plain = readFileSync(modulePath('lib', 'puck'), 'utf8');
    const older = plain.replace(/"head-neck"/g, '"head-neck-2"');
    expect(older).to.not.equal(plain);
    const { pacer, page } = await connected(new FakePacer({ 'pacer.lib': older }));
    await page.fill('#f-ppm', '45');
    expect(await act(page, '#r-push')).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol head-drainage, 45 pumps a minute.' });
    const settings = stored(pacer, 'pacer.set');
    const before = pacer.files();
    await page.fill('#f-ppm', '70');
    await page.fill('#f-strength', '0.9');
    await page.selectOption('#f-protocol', 'head-neck');
    const r = await act(page, '#r-push');
    expect(r.kind).to.equal('error');
    expect(r.text).to.equal('The pacer refused: no built-in protocol "head-neck" (head-drainage, head-neck-2). Nothing was changed (the previous settings were put back).');
    expect(pacer.ran.some((l) => l.includes('"ppm":70'))).to.equal(true, 'the line ran');
    expect(stored(pacer, 'pacer.set')).to.deep.equal(settings);
    expect((stored(pacer, 'pacer.set') as { ppm: number }).ppm).to.equal(45);
    expect(pacer.storage.get('pacer.pro')).to.equal(before['pacer.pro']);
    expect(pacer.engine.console('pacer.settings().ppm').pop()).to.equal('=45', 'in force too');
  });

  it('the link lost after the whole line went out, before the answer: "may have been applied", connect again to check', async () => {
    const { pacer, page } = await connected();
    pacer.dropAfterRun = { match: 'pacer.settings({' };
    await page.fill('#f-ppm', '45');
    const r = await act(page, '#r-push');
    expect(r).to.deep.equal({ kind: 'error', text: 'The pacer disconnected while sending the protocol and settings, after the whole command had reached it but before it answered: it may have been applied. Connect again to check what the pacer has.' });
    expect((stored(pacer, 'pacer.set') as { ppm: number }).ppm).to.equal(45, 'it was applied');
    expect(await page.textContent('#r-conn')).to.equal('not connected');
    await connect(page);
    expect(await page.textContent('#r-state')).to.equal('idle');
  });

  it('flow control bytes (XOFF, XON) the pacer sends around a long line are not part of the answer', async () => {
    const pacer = new FakePacer();
    const w = b.keep(await openWithPacer(b.h, pacer, 'device'));
    const { page, errors } = w;
    await connect(page);
    const xoffs = pacer.xoffs;
    await page.selectOption('#f-protocol', 'custom');
    await page.fill('#f-ppm', '55');
    const r = await act(page, '#r-push');
    expect(pacer.xoffs).to.be.greaterThan(xoffs, 'the protocol\'s Storage lines are long: XOFF, then XON');
    expect(r).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol short-neck, 55 pumps a minute.' });
    expect(errors).to.deep.equal([]);
    // a custom protocol goes up as a Storage file in short lines, then one line names it: stored
    // as it was sent, the staging file gone, no console line carrying the whole protocol
    const sent = withDefaults(JSON.parse(await page.inputValue('#f-custom')));
    expect(stored(pacer, 'pacer.pro')).to.deep.equal(sent);
    expect(pacer.storage.has('pacer.npro')).to.equal(false);
    expect(pacer.ran.some((l) => l.includes('pacer.protocol("pacer.npro")'))).to.equal(true);
    expect(pacer.ran.some((l) => l.includes('pacer.protocol({'))).to.equal(false);
  });

  it('connecting sends neither the library\'s LED2 blink nor its E.dumpStr(); the board and version are shown', async () => {
    const { pacer, page } = await connected();
    expect(pacer.received).to.not.include('digitalPulse');
    expect(pacer.received).to.not.include('dumpStr');
    expect(pacer.received).to.include('process.env.BOARD');
    expect(await page.textContent('#r-board')).to.equal('Puck.js, Espruino 2v29');
  });

  it('a device that is not a Puck.js: shown, and a flash is refused before anything is written', async () => {
    const { pacer, page } = await connected(new FakePacer({}, { board: 'PIXLJS', version: '2v25' }));
    expect(await page.textContent('#r-board')).to.equal('PIXLJS, Espruino 2v25 (not a Puck.js: cannot be flashed from this page)');
    const before = pacer.files();
    const ran = pacer.ran.length;
    const r = await act(page, '#r-flash');
    expect(r).to.deep.equal({ kind: 'error', text: 'This device is a PIXLJS (Espruino 2v25), not a Puck.js: the page carries the Puck.js firmware only. Nothing was changed.' });
    expect(pacer.files()).to.deep.equal(before);
    expect(pacer.ran.slice(ran).filter((l) => /Storage/.test(l))).to.deep.equal([]);
  });
});
