// npm run memory: the memory walk (sim/memory/moments.ts) played over a
// console, with no interpreter: the Puck.js bundle behind the fake console
// over TCP (test/web/fake-pacer.ts: serveFake, its process.memory() fake
// figures), on the fake's virtual clock (the walk's waits advance it). The
// fake says it is the interpreter built for Linux, so presses are written to
// BTN as on that build; one test presses by hand, as on a real device.
import { expect } from 'chai';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { gate } from '../scripts/gate';
import { errorLines, LINUX_PRELUDE, main, MEASURE, MemoryArgs, MemoryDeps } from '../scripts/memory';
import { flashFileBytes } from '../scripts/flash-files';
import { memoryWalk, Step } from '../sim/memory/moments';
import { LOG_PREFIX, LOG_SLOTS } from '../firmware/files';
import { parseStored } from '../sim/device-files';
import { FakePacer, serveFake } from './web/fake-pacer';

interface Run {
  code: number;
  out: string;
  err: string[];
  prompts: string[];
  progress: string[];
}

/** The command against `pacer` over TCP; its sleeps advance the fake's virtual clock. */
async function memory(pacer: FakePacer, args: string[], over: Partial<MemoryDeps> = {}): Promise<Run> {
  const srv = await serveFake(pacer);
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const progress: string[] = [];
  try {
    const code = await main(['--port', srv.port, '--timeout', '5', ...args], {
      sleep: async (ms) => pacer.advance(ms),
      prompt: async (t) => {
        prompts.push(t);
      },
      progress: (s) => progress.push(s),
      flash: async () => 'flash: not here',
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      ...over,
    });
    return { code, out: out.join('\n'), err, prompts, progress };
  } finally {
    await srv.close();
  }
}

const linux = () => new FakePacer({}, { board: 'LINUX_PUCKSHAPE', version: '2v29.277' });
const moments = (steps: Step[]) => steps.flatMap((s) => (s.do === 'measure' ? [s.moment] : []));
/** The table's rows: moment, held, peak (an error line under a row starts with "!"). */
function rows(out: string): [string, string, string][] {
  const lines = out.split('\n');
  const from = lines.findIndex((l) => /^moment\s+held\s+peak$/.test(l));
  return lines
    .slice(from + 1)
    .filter((l) => l.trim() && !l.trim().startsWith('!') && !/errors? during the walk/.test(l))
    .map((l) => {
      const m = /^(.*?)\s+(-|\d+)\s+(-|\d+)$/.exec(l) as RegExpExecArray;
      return [m[1], m[2], m[3]];
    });
}

describe('npm run memory: the memory walk on a console', () => {
  it('plays the whole walk: a row per moment, figures above the baseline, prelude written, presses heard, --record', async function () {
    this.timeout(60000);
    const pacer = linux();
    const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-mem-')), 'walk.json');
    // the fake's 40 kB of Storage has no room for a staging and a final copy of every firmware
    // file (the page would refuse: next test); here the swap writes the boot code only
    const boot = flashFileBytes('puck').filter((f) => f.final === '.bootcde');
    const r = await memory(pacer, ['--record', record], { flashFiles: () => boot });
    expect(r.code, `${r.err.join('\n')}\n${r.out}`).to.equal(0);
    const walk = memoryWalk();
    // fake figures: 60 / 90 (peak) with no firmware, 660 / 690 with it
    expect(rows(r.out)).to.deep.equal(moments(walk).map((m) => [m, '600', '600']));
    expect(r.out).to.match(/^tcp:\/\/127\.0\.0\.1:\d+: LINUX_PUCKSHAPE, Espruino 2v29\.277, pool 2630 JsVars of 13 B, firmware build \S+/);
    expect(r.out).to.include('baseline (reset(): .boot0 prelude, no .bootcde): 60 held, 90 peak');
    // the interpreter built for Linux got its prelude; the baseline was taken after reset(); every boot step was a load()
    expect(pacer.storage.get('.boot0')).to.equal(LINUX_PRELUDE);
    expect(pacer.resets).to.equal(1);
    const boots = walk.filter((s) => s.do === 'boot').length;
    expect(pacer.loads).to.equal(boots + 1); // and the flash swap's
    // the presses were heard: the session cut by the second boot is in the log as interrupted
    const log = Array.from({ length: LOG_SLOTS }, (_, i) => parseStored(pacer.storage.get(LOG_PREFIX + i) ?? '')).filter((x) => x) as { v: { end: string } }[];
    expect(log.map((e) => e.v.end)).to.include('interrupted');
    expect(pacer.ran.filter((l) => l === 'digitalWrite(BTN,1)')).to.have.length(walk.filter((s) => s.do === 'press').length);
    // the flash swap put the built boot code in place and removed its staging copy
    for (const f of boot) {
      expect(pacer.storage.get(f.final), f.final).to.equal(f.bytes);
      expect(pacer.storage.has(f.staging), f.staging).to.equal(false);
    }
    // every console line of the walk ran, echo off
    for (const s of walk) if (s.do === 'line') expect(pacer.ran, s.js.slice(0, 40)).to.include(s.js);

    const rec = JSON.parse(fs.readFileSync(record, 'utf8'));
    expect(rec).to.include({ board: 'LINUX_PUCKSHAPE', boardFlag: 'puck', version: '2v29.277', pool: 2630, blocksize: 13, prelude: LINUX_PRELUDE, presses: 'written', flashed: false, stopped: null });
    expect(rec.baseline).to.deep.equal({ usage: 60, peak: 90 });
    expect(rec.rows).to.deep.equal(moments(walk).map((moment) => ({ moment, held: 600, peak: 600 })));
    expect(rec.how).to.match(/reset\(\)/);
    expect(Date.parse(rec.date)).to.be.greaterThan(0);
    expect(rec).to.have.property('build');
  });

  it('the flash swap where the page would refuse it (not enough free Storage for both copies): an error on that moment, nothing written', async () => {
    const pacer = linux();
    const r = await memory(pacer, [], { steps: [{ do: 'boot' }, { do: 'measure', moment: 'after boot' }, { do: 'files', files: { 'junk.bin': 'x'.repeat(20000) } }, { do: 'flash-swap' }, { do: 'measure', moment: 'after the web flash swap' }] });
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/after the web flash swap\s+600\s+600\n\s+! the web page refuses to flash: \d+ B of Storage room, \d+ B needed/);
    expect([...pacer.storage.keys()].filter((k) => k.startsWith('pacer.n'))).to.deep.equal([]);
    expect(pacer.loads).to.equal(1);
  });

  it('a memory error printed at a step: in the table on that moment, in the record, exit 1; the walk goes on', async () => {
    const pacer = linux();
    pacer.noiseFor = { match: 'pacer.protocol("head-neck")', noise: 'OUT OF MEMORY    at Ae (:1:1)\r\nExecution Interrupted\r\nNew interpreter error: LOW_MEMORY,MEMORY\r\n>' };
    const steps: Step[] = [
      { do: 'boot' },
      { do: 'measure', moment: 'after boot' },
      { do: 'line', js: 'pacer.protocol("head-neck")' },
      { do: 'measure', moment: 'protocol: built-in head-neck' },
      { do: 'line', js: 'pacer.status()' },
      { do: 'measure', moment: 'status' },
    ];
    const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-mem-')), 'walk.json');
    const r = await memory(pacer, ['--record', record], { steps });
    expect(r.code).to.equal(1);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('protocol: built-in head-neck'));
    expect(lines.slice(at + 1, at + 4).map((l) => l.trim())).to.deep.equal(['! OUT OF MEMORY    at Ae (:1:1)', '! Execution Interrupted', '! New interpreter error: LOW_MEMORY,MEMORY']);
    expect(rows(r.out).map((x) => x[0])).to.deep.equal(['after boot', 'protocol: built-in head-neck', 'status']);
    expect(r.out).to.include('3 errors during the walk');
    const rec = JSON.parse(fs.readFileSync(record, 'utf8'));
    expect(rec.rows[1].errors).to.have.length(3);
    expect(rec.rows[0]).to.not.have.property('errors');
  });

  it('the link lost mid-walk (the interpreter crashed): the walk stops there, the table says where, exit 1', async () => {
    const pacer = linux();
    pacer.dropAfterRun = { match: 'pacer.settings({ppm:55' };
    const r = await memory(pacer, [], { steps: memoryWalk().slice(0, 12) });
    expect(r.code).to.equal(1);
    const t = rows(r.out);
    expect(t.map((x) => x[0])).to.deep.equal(['after boot', 'status', 'settings read', 'settings write']);
    expect(t[3].slice(1)).to.deep.equal(['-', '-']);
    expect(r.out).to.match(/! step 7 \(line pacer\.settings\(\{ppm:55,strength:0\.8\}\)\): the connection to .* closed/);
    expect(r.err.join('\n')).to.match(/memory: the walk stopped at step 7/);
  });

  it('nothing answering, a port that does not exist: one line, exit 1; bad flags: exit 2', async () => {
    const err: string[] = [];
    const deps = { err: (s: string) => err.push(s), out: () => undefined, progress: () => undefined };
    expect(await main(['--port', '/dev/ttyNOPE9'], deps)).to.equal(1);
    expect(err).to.deep.equal(['memory: serial port /dev/ttyNOPE9 does not exist (is the board plugged in? try ls /dev/ttyACM* /dev/ttyUSB*)']);
    const held = new Set<net.Socket>();
    const silent = net.createServer((c) => {
      held.add(c);
      c.on('error', () => undefined);
    });
    await new Promise<void>((w) => silent.listen(0, '127.0.0.1', w));
    try {
      err.length = 0;
      const port = `tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      expect(await main(['--port', port, '--timeout', '1'], deps)).to.equal(1);
      expect(err).to.deep.equal([`memory: nothing answered at ${port} within 1 s (is it an Espruino, at its console?)`]);
    } finally {
      for (const c of held) c.destroy();
      silent.close();
    }
    expect(await main(['--port', 'tcp://127.0.0.1:1', '--board', 'bangle2'], deps)).to.equal(2);
    expect(await main(['--port', 'tcp://127.0.0.1:1', '--presses', 'sometimes'], deps)).to.equal(2);
    expect(await main(['--port', 'tcp://127.0.0.1:1', '--device', 'x'], deps)).to.equal(2);
  });

  it('on a real device the button is pressed by hand: told when and how long, nothing written to BTN', async () => {
    const pacer = new FakePacer(); // a Puck.js: its pins are not emulated
    const steps: Step[] = [{ do: 'boot' }, { do: 'press', heldMs: 1500 }, { do: 'press', heldMs: 120 }, { do: 'measure', moment: 'battery gesture' }];
    const told: string[] = [];
    const r = await memory(pacer, [], {
      steps,
      prompt: async (t) => {
        // the therapist's hand: the fake's button for as long as asked
        const held = /hold (\d+(?:\.\d+)?) s/.exec(t);
        pacer.press(held ? Number(held[1]) * 1000 : 120);
        told.push(t);
      },
    });
    expect(r.code, r.err.join('\n')).to.equal(0);
    expect(told).to.deep.equal(['Press the button: a long press (hold 1.5 s). Then press Enter here.', 'Press the button: a short press (tap, about 120 ms). Then press Enter here.']);
    expect(r.progress.join('\n')).to.match(/the walk has 2 button presses: you will be told when, and for how long/);
    expect(pacer.ran.some((l) => l.includes('digitalWrite(BTN'))).to.equal(false);
    expect(pacer.storage.has('.boot0')).to.equal(false); // no prelude on a real device
  });

  it('--flash flashes through npm run flash\'s path first, between reading the device and the walk', async () => {
    const pacer = linux();
    const calls: MemoryArgs[] = [];
    const r = await memory(pacer, ['--flash', '--board', 'puck'], {
      steps: [{ do: 'boot' }, { do: 'measure', moment: 'after boot' }],
      flash: async (a) => {
        // the prelude is in place before the flashed firmware starts
        expect(pacer.storage.get('.boot0')).to.equal(LINUX_PRELUDE);
        // the first link is closed before the flash connects (a Bluetooth device takes one at a time)
        for (let i = 0; i < 100 && pacer.connected; i++) await new Promise((w) => setTimeout(w, 10));
        expect(pacer.connected).to.equal(false);
        calls.push(a);
        return 'flashed';
      },
    });
    expect(r.code, r.err.join('\n')).to.equal(0);
    expect(calls).to.have.length(1);
    expect(calls[0]).to.include({ board: 'puck', flash: true });
    expect(r.progress).to.include('flashed');
  });

  it('reads errors out of console noise; the measure line passes the interpreter gate', () => {
    expect(errorLines('\r\x1b[J>Uncaught Error: x\r\n>ok\r\nOUT OF MEMORY\r\n')).to.deep.equal(['Uncaught Error: x', 'OUT OF MEMORY']);
    expect(gate(MEASURE('"<<"+"pl0000000001>>"'))).to.deep.equal([]);
    expect(gate(LINUX_PRELUDE)).to.deep.equal([]);
  });
});
