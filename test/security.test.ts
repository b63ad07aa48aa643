// The pacer's secret in the firmware (README: Security), on the virtual
// Espruino with each board's bundle as flashed: Storage pacer.key (npm run
// flash writes it) makes the firmware lock its console at every boot
// (E.setPassword, E.lockConsole) and, on the nRF52 boards, pair over
// Bluetooth with it as the passkey, the UART encrypted (NRF.setSecurity), and
// lock the console again at every disconnection. The virtual Espruino models
// the lock as the interpreter does (jsiHandleConsoleChar): while locked no
// line runs, a line is a password attempt of its first 20 characters, every
// byte counted. Pacing never waits for the console.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import * as path from 'path';
import { defaultConfig } from '../firmware/config';
import { File, KEY_FILE } from '../firmware/files';
import { BOARDS, BoardId } from '../boards';
import { bundlePath } from '../common/dist';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { hiddenVars } from '../sim/jsvars/costs';
import { SHAPES } from '../sim/jsvars/shape';
import { runVirtualWalk, WALK_SECRET } from '../sim/memory/run-virtual';
import { isGuessable, LOCKED_TEXT, LOGGED_IN_TEXT, MaskedSecret, secretProblem } from '../web/real/secret';
import { boot } from './helpers/boot';

const SECRET = '482913';
/** The nRF52 boards: Bluetooth pairs with the secret. */
const NRF52: BoardId[] = ['puck', 'mdbt42q', 'bangle2'];

describe('the pacer\'s secret: the firmware locks its console at every boot', () => {
  it('the Storage name is the firmware\'s own (files.ts), at most 28 characters', () => {
    expect(KEY_FILE).to.equal('pacer.key');
    expect(File.Key as string).to.equal(KEY_FILE);
  });

  for (const board of BOARDS) {
    const nrf = NRF52.includes(board);
    it(`${board}: locked at boot with the secret${nrf ? '; Bluetooth pairs with it as the passkey, UART encrypted' : ' (no radio: no pairing)'}`, () => {
      const { engine } = boot({ board, files: { [KEY_FILE]: SECRET } });
      const d = engine.device;
      expect(d.locked).to.equal(true);
      expect(d.password).to.equal(SECRET);
      expect(d.security).to.deep.equal(nrf ? { passkey: SECRET, mitm: 1, display: 1, encryptUart: 1 } : null);
      expect(d.armed().hidden.nrf.disconnect ?? []).to.have.length(nrf ? 1 : 0);
      expect((d.context.pacer as { faults(): string[] }).faults()).to.deep.equal([]);
    });
  }

  it('a locked console runs no line; a wrong secret is refused and runs nothing; the right one opens it', () => {
    const { engine } = boot({ files: { [KEY_FILE]: SECRET } });
    const d = engine.device;
    expect(() => d.repl('pacer.settings({ppm:50})')).to.throw(/Invalid password: the console is locked/);
    expect(d.login('pacer.settings({ppm:50})')).to.equal('\r\n  Invalid password\r\npassword>');
    expect(d.login('593017')).to.match(LOCKED_TEXT);
    // the interpreter counts every byte of the line: an "echo off" \x10 in front makes it wrong
    expect(d.login(`\x10${SECRET}`)).to.match(LOCKED_TEXT);
    expect(d.locked).to.equal(true);
    expect(d.login(SECRET)).to.match(LOGGED_IN_TEXT);
    expect(d.locked).to.equal(false);
    expect(d.attempts).to.equal(4);
    expect(d.wrongAttempts).to.equal(3);
    expect((d.context.pacer as { settings(): { ppm: number } }).settings().ppm).to.equal(60);
    expect(d.repl('pacer.status().state')).to.deep.equal(['="idle"']);
  });

  it('only the first 20 characters of a line count: a longer line is never the secret', () => {
    const { engine } = boot({ files: { [KEY_FILE]: SECRET } });
    expect(engine.device.login(`${SECRET}${'x'.repeat(30)}`)).to.match(LOCKED_TEXT);
    expect(engine.device.login(SECRET)).to.match(LOGGED_IN_TEXT);
  });

  it('the console locks again at every boot and every Bluetooth disconnection', () => {
    const { engine } = boot({ files: { [KEY_FILE]: SECRET } });
    engine.device.login(SECRET);
    engine.device.disconnected();
    expect(engine.device.locked).to.equal(true);
    engine.device.login(SECRET);
    engine.powerCycle();
    expect(engine.device.locked).to.equal(true);
    expect(engine.device.security).to.deep.include({ passkey: SECRET });
  });

  it('pacing never waits for the console: a locked pacer runs its session from the button', () => {
    const { engine, env } = boot({ files: { [KEY_FILE]: SECRET } });
    engine.button(true);
    env.clock.runUntil(env.clock.nowUs + 120000);
    engine.button(false);
    env.clock.runUntil(env.clock.nowUs + 5000000);
    expect(engine.device.locked).to.equal(true);
    expect(engine.status().state).to.equal('running');
    expect(engine.status().n).to.be.greaterThan(0);
  });

  it('no pacer.key (flashed --open): no lock, no pairing, no handler', () => {
    for (const board of BOARDS) {
      const { engine } = boot({ board });
      expect(engine.device.locked, board).to.equal(false);
      expect(engine.device.password).to.equal(null);
      expect(engine.device.security).to.equal(null);
      expect(engine.device.armed().hidden.nrf).to.deep.equal({});
    }
  });

  it('Bluetooth security that fails leaves the console locked, the pacer pacing, and a fault to read', () => {
    // the same bundle with NRF.setSecurity throwing (an interpreter without security support)
    const code = readFileSync(path.join(__dirname, '..', bundlePath('puck')), 'utf8');
    const patched = code.replace('NRF.setSecurity(', '(function(){throw new Error("no security here")})(');
    expect(patched).not.to.equal(code);
    const engine = new BundleEngine(new SimEnv(defaultConfig()), HARDWARE.puck, { [KEY_FILE]: SECRET }, patched);
    expect(engine.device.locked).to.equal(true);
    expect(engine.device.login(SECRET)).to.match(LOGGED_IN_TEXT);
    expect(engine.device.repl('pacer.faults()')).to.deep.equal(['=["security: no security here"]']);
    expect(engine.status().state).to.equal('idle');
  });
});

describe('the pacer\'s secret: what it costs in RAM (the JsVar model)', () => {
  it('the interpreter keeps the password ("pwd", the flash string itself), the security options and the disconnect handler', () => {
    const s = SHAPES.puck;
    const flash = () => true;
    const pwd = hiddenVars(s, { password: SECRET, security: null, nrf: {} }, flash);
    expect(pwd).to.equal(2);
    const all = hiddenVars(s, { password: SECRET, security: { passkey: SECRET, mitm: 1, display: 1, encryptUart: 1 }, nrf: { disconnect: [() => {}] } }, flash);
    expect(all).to.be.within(14, 24);
    expect(hiddenVars(s, { password: null, security: null, nrf: {} }, flash)).to.equal(0);
  });

  it('the memory walk boots with a secret (npm run flash\'s default), types it after each boot, and stays within the Puck.js budget', () => {
    const rows = runVirtualWalk('puck');
    expect(rows.flatMap((r) => r.errors)).to.deep.equal([]);
    const withKey = rows.find((r) => r.moment === 'after boot')!.held;
    expect(withKey).to.be.at.most(600);
    expect(Math.max(...rows.map((r) => r.peak))).to.be.at.most(1300);
    expect(WALK_SECRET).to.match(/^[0-9]{6}$/);
  });
});

describe('the pacer\'s secret: what the console can carry', () => {
  it('six digits, nothing else; the problem said without quoting the secret', () => {
    expect(secretProblem('482913')).to.equal(null);
    expect(secretProblem('')).to.match(/empty/);
    expect(secretProblem('48291')).to.equal('the secret is six digits, not 5');
    expect(secretProblem('4829131')).to.equal('the secret is six digits, not 7');
    for (const bad of ['48291a', '482 91', '48291\n', '48291\x10', '٤٨٢٩١٣', '48291•']) expect(secretProblem(bad), JSON.stringify(bad)).to.equal('the secret is six digits (0-9) and nothing else');
  });

  it('guessable: one digit six times, or a run up or down', () => {
    for (const s of ['000000', '999999', '123456', '345678', '890123', '654321', '098765']) expect(isGuessable(s), s).to.equal(true);
    for (const s of ['482913', '123457', '112233', '135790']) expect(isGuessable(s), s).to.equal(false);
  });

  it('the page keeps it masked: no plain copy in its arrays, the text back on demand, zeroed on clear', () => {
    const m = new MaskedSecret(SECRET);
    const inside = m as unknown as { pad: Uint8Array; masked: Uint8Array };
    expect(String.fromCharCode(...inside.masked)).not.to.equal(SECRET);
    expect(m.reveal()).to.equal(SECRET);
    m.clear();
    expect(m.reveal()).to.equal('');
  });
});
