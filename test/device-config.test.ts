// Protocol and settings pushed to the device bundle through its console
// (pacer.protocol(...) / pacer.settings({...})), and through the simulator CLI
// (--protocol FILE / --set k=v): malformed input is refused with a message
// that names the field, and nothing changes; a push while a session runs is
// refused as busy; torn or corrupted Storage at boot falls back to the
// built-in defaults and is recorded; a valid push survives a power cycle.
import { expect } from 'chai';
import { execFile } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { defaultConfig, makeConfig } from '../firmware/config';
import { HEAD_NECK } from '../firmware/core/library';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { Protocol, Settings } from '../firmware/core/types';
import { parseStored, storedText } from '../sim/device-files';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { Action } from '../sim/scenario';
import { scheduleActions } from '../sim/session';
import { ask, boot } from './helpers/boot';
import { readFileSync } from 'fs';
import { eventsOf } from '../sim/trace-events';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mutable = any;

const ROOT = path.join(__dirname, '..');
const act = (atMs: number, heldMs = 120): Action => ({ atMs, heldMs, line: 0 });

/** JavaScript source for a value, as typed at the console: JSON plus NaN, Infinity and undefined. */
function js(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(js).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${js(x)}`).join(',')}}`;
}

/** Whether a value survives JSON (so it can go in a protocol file or a --set value). */
function jsonSafe(v: unknown): boolean {
  return js(v) === JSON.stringify(v);
}

/** A deep copy of HEAD_DRAINAGE changed by `fn`. */
function protocol(fn: (p: Mutable) => void): Mutable {
  const p = JSON.parse(JSON.stringify(HEAD_DRAINAGE));
  fn(p);
  return p;
}

const short = (i: number) => ({ id: `p${i}`, name: `P${i}`, guide: '', targetMs: 5000 });

interface Bad {
  what: string;
  kind: 'protocol' | 'settings';
  x: unknown;
  /** The field the message must name (the start of the message: "path: reason"). */
  path: string;
  reason: RegExp;
  /** The --set argument for the CLI (settings only); the CLI's reason when it differs (a value JSON cannot carry). */
  set?: string;
  cliReason?: RegExp;
}

const P = (what: string, fn: (p: Mutable) => void, path: string, reason: RegExp): Bad => ({ what, kind: 'protocol', x: protocol(fn), path, reason });
const S = (what: string, x: Record<string, unknown>, path: string, reason: RegExp, set: string, cliReason?: RegExp): Bad =>
  ({ what, kind: 'settings', x, path, reason, set, cliReason });

const BAD: Bad[] = [
  P('an unknown top-level key', (p) => { p.author = 'x'; }, 'author', /^unknown key "author" \(allowed: id, name, phases, cues\)$/),
  P('a missing id', (p) => { delete p.id; }, 'id', /^missing: must be a string$/),
  P('a missing phases list', (p) => { delete p.phases; }, 'phases', /^missing: must be an array$/),
  P('an unknown phase key', (p) => { p.phases[0].pumpz = 5; }, 'phases[0].pumpz', /^unknown key "pumpz" /),
  P('an unknown cue name', (p) => { p.cues = { buzz: [[0, 30, 1, 70]] }; }, 'cues.buzz', /^unknown key "buzz" \(allowed: pump, /),
  P('a missing phase guide', (p) => { delete p.phases[1].guide; }, 'phases[1].guide', /^missing: must be a string$/),
  P('a phase ppm as a string', (p) => { p.phases[0].ppm = '60'; }, 'phases[0].ppm', /^must be a number, got string "60"$/),
  P('a number for the name', (p) => { p.name = 42; }, 'name', /^must be a string, got number 42$/),
  P('a boolean for pumps', (p) => { p.phases[2].pumps = true; }, 'phases[2].pumps', /^must be a number, got boolean true$/),
  P('a NaN ppm', (p) => { p.phases[1].ppm = NaN; }, 'phases[1].ppm', /^must be a finite number, got NaN$/),
  P('an Infinity target', (p) => { p.phases[0].targetMs = Infinity; }, 'phases[0].targetMs', /^must be a finite number, got Infinity$/),
  P('a fraction of a pump', (p) => { p.phases[2].pumps = 2.5; }, 'phases[2].pumps', /^must be a whole number, got 2\.5$/),
  P('a phase ppm too low', (p) => { p.phases[0].ppm = 20; }, 'phases[0].ppm', /^20 is out of range 30\.\.90 \(or 0\)$/),
  P('a phase ppm too high', (p) => { p.phases[1].ppm = 120; }, 'phases[1].ppm', /^120 is out of range 30\.\.90 \(or 0\)$/),
  P('a target over 30 min', (p) => { p.phases[1].targetMs = 3600000; }, 'phases[1].targetMs', /^3600000 is out of range 5000\.\.1800000 \(or 0\)$/),
  P('a target under 5 s', (p) => { p.phases[0].targetMs = 4000; }, 'phases[0].targetMs', /^4000 is out of range 5000\.\.1800000 \(or 0\)$/),
  P('1000 pumps', (p) => { p.phases[2].pumps = 1000; }, 'phases[2].pumps', /^1000 is out of range 1\.\.999 \(or 0\)$/),
  P('a phase push too long', (p) => { p.phases[2].pushMs = 2500; }, 'phases[2].pushMs', /^2500 is out of range 100\.\.2000 \(or 0\)$/),
  P('a name too long', (p) => { p.name = 'x'.repeat(33); }, 'name', /^must be 1\.\.32 characters, got 33$/),
  P('an empty phase name', (p) => { p.phases[0].name = ''; }, 'phases[0].name', /^must be 1\.\.24 characters, got 0$/),
  P('a phase id too long', (p) => { p.phases[1].id = 'w'.repeat(25); }, 'phases[1].id', /^must be 1\.\.24 characters, got 25$/),
  P('a guide too long', (p) => { p.phases[2].guide = 'g'.repeat(101); }, 'phases[2].guide', /^must be 0\.\.100 characters, got 101$/),
  P('bad id characters', (p) => { p.id = 'Head_Drainage'; }, 'id', /^may only hold a-z, 0-9 and - \(not first\), got "Head_Drainage"$/),
  P('a phase id starting with -', (p) => { p.phases[1].id = '-wheel'; }, 'phases[1].id', /^may only hold a-z, 0-9 and - \(not first\), got "-wheel"$/),
  P('phases not an array', (p) => { p.phases = {}; }, 'phases', /^must be an array, got object$/),
  P('no phases', (p) => { p.phases = []; }, 'phases', /^a protocol needs at least one phase$/),
  P('13 phases', (p) => { p.phases = Array.from({ length: 13 }, (_, i) => short(i)); }, 'phases', /^13 phases: the device holds at most 12$/),
  P('an array for a phase', (p) => { p.phases[1] = []; }, 'phases[1]', /^must be an object, got array$/),
  P('null for a phase', (p) => { p.phases[0] = null; }, 'phases[0]', /^must be an object, got null$/),
  P('a duplicate phase id', (p) => { p.phases[2].id = 'venous-angle'; }, 'phases[2].id', /^duplicate id "venous-angle" \(also phases\[0\]\)$/),
  P('a phase with no end', (p) => { p.phases[0].targetMs = 0; }, 'phases[0]', /^needs an end: targetMs \(timed\) or pumps \(counted\)$/),
  P('a phase with both ends', (p) => { p.phases[2].targetMs = 60000; }, 'phases[2]', /^has both targetMs and pumps: choose one$/),
  P('a push not shorter than the period', (p) => { p.phases[0].ppm = 70; p.phases[0].pushMs = 900; }, 'phases[0].pushMs',
    /^pushMs 900 is not shorter than the 857 ms period at 70\/min$/),
  P('cues not an object', (p) => { p.cues = 'pump'; }, 'cues', /^must be an object, got string "pump"$/),
  P('a cue of no pulses', (p) => { p.cues = { pump: [] }; }, 'cues.pump', /^must be 1\.\.6 pulses, got 0$/),
  P('a cue of 7 pulses', (p) => { p.cues = { done: Array.from({ length: 7 }, (_, i) => [i * 100, 50, 1, 50]) }; }, 'cues.done', /^must be 1\.\.6 pulses, got 7$/),
  P('a pulse not an array', (p) => { p.cues = { tap: [5] }; }, 'cues.tap[0]', /^must be an array, got number 5$/),
  P('a pulse of 3 numbers', (p) => { p.cues = { pump: [[0, 30, 1]] }; }, 'cues.pump[0]', /^must be \[offsetMs, ledMs, level, motorMs\], got 3 numbers$/),
  P('a motor level over 1', (p) => { p.cues = { accent: [[0, 30, 1.5, 70]] }; }, 'cues.accent[0][2]', /^1\.5 is out of range 0\.\.1$/),
  P('a flash over 1 s', (p) => { p.cues = { phase: [[0, 1500, 1, 70]] }; }, 'cues.phase[0][1]', /^1500 is out of range 0\.\.1000$/),
  P('cue offsets going back', (p) => { p.cues = { target: [[200, 60, 1, 90], [100, 60, 1, 90]] }; }, 'cues.target[1][0]', /^100 is before the previous offset 200$/),

  S('an unknown settings key', { volume: 3 }, 'volume', /^unknown key "volume" \(allowed: ppm, strength, /, 'volume=3'),
  S('ppm as a string', { ppm: '72' }, 'ppm', /^must be a number, got string "72"$/, 'ppm="72"'),
  S('ppm 0', { ppm: 0 }, 'ppm', /^0 is out of range 30\.\.90$/, 'ppm=0'),
  S('ppm 120', { ppm: 120 }, 'ppm', /^120 is out of range 30\.\.90$/, 'ppm=120'),
  S('ppm 29.5', { ppm: 29.5 }, 'ppm', /^29\.5 is out of range 30\.\.90$/, 'ppm=29.5'),
  S('ppm NaN', { ppm: NaN }, 'ppm', /^must be a finite number, got NaN$/, 'ppm=NaN', /^must be a number, got string "NaN"$/),
  S('ppm undefined', { ppm: undefined }, 'ppm', /^missing: must be a number$/, 'ppm=', /^must be a number, got string ""$/),
  S('strength too low', { strength: 0.05 }, 'strength', /^0\.05 is out of range 0\.1\.\.1$/, 'strength=0.05'),
  S('strength -Infinity', { strength: -Infinity }, 'strength', /^must be a finite number, got -Infinity$/, 'strength=-Infinity', /^must be a number, got string "-Infinity"$/),
  S('strength as a word', { strength: 'max' }, 'strength', /^must be a number, got string "max"$/, 'strength=max'),
  S('led as a word', { led: 'yes' }, 'led', /^must be a boolean, got string "yes"$/, 'led=yes'),
  S('haptic as a number', { haptic: 1 }, 'haptic', /^must be a boolean, got number 1$/, 'haptic=1'),
  S('autoAdvance null', { autoAdvance: null }, 'autoAdvance', /^must be a boolean, got null$/, 'autoAdvance=null'),
  S('leadIn as an array', { leadIn: [true] }, 'leadIn', /^must be a boolean, got array$/, 'leadIn=[true]'),
  S('a fraction of an accent', { accentEvery: 1.5 }, 'accentEvery', /^must be a whole number, got 1\.5$/, 'accentEvery=1.5'),
  S('accentEvery 21', { accentEvery: 21 }, 'accentEvery', /^21 is out of range 0\.\.20$/, 'accentEvery=21'),
  S('pushMs 50', { pushMs: 50 }, 'pushMs', /^50 is out of range 100\.\.2000$/, 'pushMs=50'),
  S('pushMs 2500', { pushMs: 2500 }, 'pushMs', /^2500 is out of range 100\.\.2000$/, 'pushMs=2500'),
  S('idleOffMin -1', { idleOffMin: -1 }, 'idleOffMin', /^-1 is out of range 0\.\.240$/, 'idleOffMin=-1'),
  S('idleOffMin 241', { idleOffMin: 241 }, 'idleOffMin', /^241 is out of range 0\.\.240$/, 'idleOffMin=241'),
  S('idleOffMin as an object', { idleOffMin: { min: 5 } }, 'idleOffMin', /^must be a number, got object$/, 'idleOffMin={"min":5}'),
];

const consoleLine = (b: Bad) => (b.kind === 'protocol' ? `pacer.protocol(${js(b.x)})` : `pacer.settings(${js(b.x)})`);

/** What must not change: the protocol id, the settings, the Storage files, the state. */
function snapshot(b: ReturnType<typeof boot>) {
  return {
    protocol: ask(b.engine, 'pacer.protocol()'),
    settings: ask(b.engine, 'pacer.settings()'),
    pro: b.dev.storage.files.get('pacer.pro'),
    set: b.dev.storage.files.get('pacer.set'),
    state: b.engine.status().state,
  };
}

/** The message a console line fails with (and fails the test if it does not). */
function refusal(engine: BundleEngine, line: string): string {
  try {
    engine.console(line);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted: ${line.slice(0, 200)}`);
}

/** A device that is not in its default state: head-neck pushed, ppm 50 and no accents. */
function customised() {
  const b = boot({ config: makeConfig(HEAD_NECK, DEFAULT_SETTINGS) });
  b.engine.console("pacer.protocol('head-neck')");
  b.engine.console('pacer.settings({ppm: 50, accentEvery: 0})');
  return b;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', 'sim/cli/sim.ts', ...args], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** Run jobs at most `n` at a time. */
async function pool<T>(jobs: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

describe('device config: malformed pushes through the console are refused, nothing changes', () => {
  it('has at least 30 cases, protocols and settings both', () => {
    expect(BAD.length).to.be.at.least(30);
    expect(BAD.filter((b) => b.kind === 'protocol').length).to.be.at.least(20);
    expect(BAD.filter((b) => b.kind === 'settings').length).to.be.at.least(12);
  });

  it('starts from a non-default state (head-neck, ppm 50, no accents), stored', () => {
    const b = customised();
    const s = snapshot(b);
    expect(s.protocol).to.equal('head-neck');
    expect(s.settings).to.deep.equal({ ...DEFAULT_SETTINGS, ppm: 50, accentEvery: 0 });
    // a built-in is stored by its id: the library module makes it at boot
    expect(parseStored(s.pro!)!.v).to.equal('head-neck');
    expect((parseStored(s.set!)!.v as { ppm: number }).ppm).to.equal(50);
    expect(s.state).to.equal('idle');
  });

  // one device for the cases: each refusal must leave it exactly as it was, whatever came before
  let shared: { b: ReturnType<typeof customised>; before: ReturnType<typeof snapshot> } | undefined;
  const device = () => {
    if (!shared) {
      const b = customised();
      shared = { b, before: snapshot(b) };
    }
    return shared;
  };

  function refuse(d: { b: ReturnType<typeof customised>; before: ReturnType<typeof snapshot> }, bad: Bad): string {
    const msg = refusal(d.b.engine, consoleLine(bad));
    // one line, naming the field, then the reason
    expect(msg.split('\n'), msg).to.have.length(1);
    expect(msg.startsWith(bad.path + ': '), msg).to.equal(true);
    expect(msg.slice(bad.path.length + 2)).to.match(bad.reason);
    expect(snapshot(d.b), msg).to.deep.equal(d.before);
    expect(d.b.dev.uncaught).to.equal(0);
    return msg;
  }

  for (const bad of BAD) {
    it(`${bad.kind}: ${bad.what} -> ${bad.path}`, () => {
      refuse(device(), bad);
    });
  }

  it('all of them in a row on a fresh device: every message distinct, and it still paces head-neck at 50/min', () => {
    const b = customised();
    const d = { b, before: snapshot(b) };
    const messages = BAD.map((bad) => refuse(d, bad));
    const seen = new Map<string, number>();
    messages.forEach((m, i) => {
      expect(seen.has(m), `"${m}" (${BAD[i].what}) repeats "${seen.has(m) ? BAD[seen.get(m)!].what : ''}"`).to.equal(false);
      seen.set(m, i);
    });
    expect(seen.size).to.equal(BAD.length);
    scheduleActions(b.env, b.engine, [act(1000)]);
    b.env.clock.runUntil(30_000_000);
    const pumps = b.env.trace.events.filter((e) => e.type === 'pump');
    expect(pumps.slice(0, 10).map((e) => e.phase)).to.deep.equal(Array(10).fill('venous-angle'));
    for (let i = 1; i < 10; i++) expect(pumps[i].t_ms - pumps[i - 1].t_ms).to.equal(1200);
  });

  it('other refusals (not a protocol, no built-in by that name, an empty or non-object change) change nothing either', () => {
    const b = customised();
    const s = snapshot(b);
    const lines: Array<[string, RegExp]> = [
      ["pacer.protocol('head-and-toes')", /^no built-in protocol "head-and-toes" \(head-drainage, head-neck\)$/],
      ['pacer.protocol(null)', /^no built-in protocol "null"/],
      ['pacer.protocol(42)', /must be an object, got number 42/],
      ['pacer.settings({})', /^a settings change needs at least one key$/],
      ['pacer.settings(5)', /^must be an object, got number 5$/],
      ['pacer.settings(null)', /^must be an object, got null$/],
      ['pacer.settings([60])', /^must be an object, got array$/],
      ["pacer.settings('fast')", /^must be an object, got string "fast"$/],
    ];
    for (const [line, re] of lines) {
      expect(refusal(b.engine, line), line).to.match(re);
      expect(snapshot(b), line).to.deep.equal(s);
    }
  });

  it('a protocol with several bad fields names every one; nothing changes', () => {
    const b = customised();
    const s = snapshot(b);
    const msg = refusal(b.engine, `pacer.protocol(${js(protocol((p) => { p.name = 42; p.phases[0].ppm = 120; p.phases[2].pumps = 0; }))})`);
    expect(msg.split('\n').map((l) => l.split(':')[0])).to.deep.equal(['name', 'phases[0].ppm', 'phases[2]', 'phases[2].countdown']);
    expect(snapshot(b)).to.deep.equal(s);
  });
});

describe('device config: the same malformed inputs through the CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pacer-config-'));
  const script = path.join(dir, 's.txt');
  writeFileSync(script, '0 press\n');
  // every protocol JSON can carry (NaN and Infinity cannot be in a file) and every setting
  const cases = BAD.filter((b) => b.kind === 'settings' || jsonSafe(b.x));
  const results: CliResult[] = [];

  before(async function () {
    this.timeout(600_000);
    const jobs = cases.map((b, i) => () => {
      const trace = path.join(dir, `t${i}.jsonl`);
      let args: string[];
      if (b.kind === 'protocol') {
        const file = path.join(dir, `bad${i}.json`);
        writeFileSync(file, JSON.stringify(b.x, null, 2));
        args = ['--script', script, '--protocol', file, '--trace', trace];
      } else {
        args = ['--script', script, '--set', b.set!, '--trace', trace];
      }
      return runCli(args);
    });
    results.push(...(await pool(jobs, 3)));
  });

  it('covers at least 30 inputs', () => {
    expect(cases.length).to.be.at.least(30);
    expect(results).to.have.length(cases.length);
  });

  cases.forEach((b, i) => {
    it(`${b.kind === 'protocol' ? '--protocol bad.json' : `--set ${b.set}`}: ${b.what} -> exit 2, names ${b.path}, no trace`, () => {
      const r = results[i];
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stdout).to.equal('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).to.match(b.kind === 'protocol' ? /^sim: protocol .*bad\d+\.json is not valid:$/ : /^sim: settings not valid:$/);
      expect(lines).to.have.length(2);
      const line = lines[1].trim();
      expect(line.startsWith(b.path + ': '), line).to.equal(true);
      expect(line.slice(b.path.length + 2)).to.match(b.cliReason ?? b.reason);
      expect(existsSync(path.join(dir, `t${i}.jsonl`))).to.equal(false);
    });
  });

  it('a protocol file that is not JSON, a missing file, and a --set that is not key=value: exit 2, no trace', async function () {
    this.timeout(120_000);
    const notJson = path.join(dir, 'nan.json');
    writeFileSync(notJson, '{"id": "x", "name": "X", "phases": [{"id": "a", "name": "A", "guide": "", "ppm": NaN, "pumps": 5}]}');
    const trace = path.join(dir, 'other.jsonl');
    const [a, c, d] = await pool([
      () => runCli(['--script', script, '--protocol', notJson, '--trace', trace]),
      () => runCli(['--script', script, '--protocol', path.join(dir, 'nope.json'), '--trace', trace]),
      () => runCli(['--script', script, '--set', 'ppm', '--trace', trace]),
    ], 3);
    expect([a.code, c.code, d.code]).to.deep.equal([2, 2, 2]);
    expect(a.stderr).to.match(/^sim: protocol .*nan\.json: not JSON: /);
    expect(c.stderr).to.match(/^sim: protocol ".*nope\.json": not a built-in \(head-drainage, head-neck\) and no such file/);
    expect(d.stderr).to.match(/^sim: --set ppm: expected key=value/);
    expect(existsSync(trace)).to.equal(false);
  });
});

describe('device config: a push while a session runs', () => {
  const CUSTOM: Protocol = {
    id: 'short', name: 'Short', phases: [{ id: 'a', name: 'A', guide: '', ppm: 0, pushMs: 0, targetMs: 0, pumps: 5 }],
  };
  const pushes = [
    "pacer.protocol('head-drainage')",
    "pacer.protocol('head-neck')",
    `pacer.protocol(${JSON.stringify(CUSTOM)})`,
    'pacer.settings({ppm: 70})',
    'pacer.settings({led: false, haptic: false})',
    // busy comes before any check of the input
    'pacer.settings({ppm: 500})',
  ];

  function check(b: ReturnType<typeof boot>, state: string) {
    expect(b.engine.status().state).to.equal(state);
    const s = snapshot(b);
    for (const line of pushes) {
      expect(refusal(b.engine, line), line).to.equal('busy: end the session first');
      expect(snapshot(b), line).to.deep.equal(s);
    }
  }

  it('running, paused: "busy", nothing changed, and the rhythm goes on as before', () => {
    const b = customised();
    scheduleActions(b.env, b.engine, [act(1000), act(20_000, 1500), act(30_000)]);
    b.env.clock.runUntil(10_000_000);
    check(b, 'running');
    b.env.clock.runUntil(25_000_000);
    check(b, 'paused');
    b.env.clock.runUntil(60_000_000);
    const pumps = b.env.trace.events.filter((e) => e.type === 'pump');
    // head-neck at 50/min: 1.2 s apart within each run, the counted phases as before
    const first = pumps.filter((e) => e.phase === 'venous-angle').map((e) => Number(e.n));
    expect(first).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < 8; i++) expect(pumps[i].t_ms - pumps[i - 1].t_ms).to.equal(1200);
    expect(b.dev.uncaught).to.equal(0);
  });

  it('done: pushes are allowed again (the session is over)', () => {
    const b = boot();
    scheduleActions(b.env, b.engine, [act(1000), act(5000, 3500)]);
    b.env.clock.runUntil(12_000_000);
    expect(b.engine.status().state).to.equal('done');
    expect(ask(b.engine, "pacer.protocol('head-neck')")).to.equal('head-neck');
    expect(ask(b.engine, 'pacer.settings({ppm: 45})')).to.deep.include({ ppm: 45 });
    expect(b.engine.status().state).to.equal('idle');
  });
});

describe('device config: torn or corrupted Storage at boot', () => {
  const goodPro = storedText(HEAD_NECK);
  const goodSet = storedText({ ...DEFAULT_SETTINGS, ppm: 50 });
  const wrongSum = (text: string) => {
    const i = text.indexOf(' ');
    return `${(Number(text.slice(0, i)) + 1) | 0}${text.slice(i)}`;
  };
  const editedValue = (text: string) => text.replace('"ppm":50', '"ppm":51').replace('"pumps":10', '"pumps":11');

  it('the good files are read: head-neck and ppm 50, no faults', () => {
    const b = boot({ files: { 'pacer.pro': goodPro, 'pacer.set': goodSet }, config: makeConfig(HEAD_NECK, DEFAULT_SETTINGS) });
    expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-neck');
    expect(ask(b.engine, 'pacer.settings().ppm')).to.equal(50);
    expect(ask(b.engine, 'pacer.faults()')).to.deep.equal([]);
  });

  const badPro: Record<string, string> = {
    garbage: 'garbage',
    torn: goodPro.slice(0, Math.floor(goodPro.length / 2)),
    'a wrong checksum': wrongSum(goodPro),
    'a value changed under its checksum': editedValue(goodPro),
    empty: '',
    'JSON null': 'null',
  };
  for (const [what, text] of Object.entries(badPro)) {
    it(`pacer.pro ${what}: head-drainage (phase venous-angle), the stored ppm kept, fault recorded`, () => {
      const b = boot({ files: { 'pacer.pro': text, 'pacer.set': goodSet } });
      expect(b.engine.status()).to.include({ state: 'idle', phaseId: 'venous-angle' });
      expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-drainage');
      expect(ask(b.engine, 'pacer.settings().ppm')).to.equal(50);
      expect(ask(b.engine, 'pacer.faults()')).to.deep.equal(['pacer.pro corrupt']);
      expect(b.dev.uncaught).to.equal(0);
      // it paces head-drainage: a timed first phase, not head-neck's 10 counted pumps
      scheduleActions(b.env, b.engine, [act(1000)]);
      b.env.clock.runUntil(30_000_000);
      const pumps = b.env.trace.events.filter((e) => e.type === 'pump' && e.phase === 'venous-angle');
      expect(pumps.length).to.be.greaterThan(10);
    });
  }

  const badSet: Record<string, string> = {
    garbage: 'garbage',
    torn: goodSet.slice(0, goodSet.length - 5),
    'a wrong checksum': wrongSum(goodSet),
    'a value changed under its checksum': editedValue(goodSet),
  };
  for (const [what, text] of Object.entries(badSet)) {
    it(`pacer.set ${what}: ppm 60 (the defaults), the stored protocol kept, fault recorded`, () => {
      const b = boot({ files: { 'pacer.pro': goodPro, 'pacer.set': text }, config: makeConfig(HEAD_NECK, DEFAULT_SETTINGS) });
      expect(ask(b.engine, 'pacer.settings()')).to.deep.equal(DEFAULT_SETTINGS);
      expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-neck');
      expect(ask(b.engine, 'pacer.faults()')).to.deep.equal(['pacer.set corrupt']);
      scheduleActions(b.env, b.engine, [act(1000)]);
      b.env.clock.runUntil(20_000_000);
      const pumps = b.env.trace.events.filter((e) => e.type === 'pump');
      for (let i = 1; i < 5; i++) expect(pumps[i].t_ms - pumps[i - 1].t_ms).to.equal(1000);
    });
  }

  it('both corrupted: the built-in defaults (status phaseId venous-angle, ppm 60), both faults', () => {
    const b = boot({ files: { 'pacer.pro': 'garbage', 'pacer.set': wrongSum(goodSet) } });
    expect(b.engine.status()).to.include({ state: 'idle', phaseId: 'venous-angle' });
    expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-drainage');
    expect(ask(b.engine, 'pacer.settings()')).to.deep.equal(DEFAULT_SETTINGS);
    expect(ask(b.engine, 'pacer.faults()')).to.deep.equal(['pacer.pro corrupt', 'pacer.set corrupt']);
  });

  it('a corrupted file does not stop a good push from replacing it', () => {
    const b = boot({ files: { 'pacer.pro': 'garbage', 'pacer.set': 'garbage' } });
    expect(ask(b.engine, "pacer.protocol('head-neck')")).to.equal('head-neck');
    b.engine.console('pacer.settings({ppm: 45})');
    const faults = ask(b.engine, 'pacer.faults()') as string[];
    expect(faults.slice(0, 2)).to.deep.equal(['pacer.pro corrupt', 'pacer.set corrupt']);
    b.dev.emit('init');
    expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-neck');
    expect(ask(b.engine, 'pacer.settings().ppm')).to.equal(45);
    // the earlier faults are kept; the power cycle found nothing new
    expect(ask(b.engine, 'pacer.faults()')).to.deep.equal(faults);
  });
});

describe('device config: a valid push persists across a power cycle', () => {
  it('head-neck and ppm 50 by the console, then E.on("init"): the same, and it paces that way', () => {
    const b = customised();
    const s = snapshot(b);
    b.dev.emit('init');
    expect(snapshot(b)).to.deep.equal(s);
    expect(ask(b.engine, 'pacer.faults()')).to.deep.equal([]);
    scheduleActions(b.env, b.engine, [act(1000)]);
    b.env.clock.runUntil(40_000_000);
    const ids = [...new Set(b.env.trace.events.filter((e) => e.type === 'phase').map((e) => e.id))];
    expect(ids.slice(0, 2)).to.deep.equal(['venous-angle', 'neck-stretch']);
    const first = eventsOf(b.env.trace.events, 'pump').filter((e) => e.phase === 'venous-angle');
    expect(first.map((e) => e.n)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < first.length; i++) expect(first[i].t_ms - first[i - 1].t_ms).to.equal(1200);
    // no accents were asked for
    expect(b.env.trace.events.filter((e) => e.type === 'cue' && e.name === 'accent')).to.have.length(0);
  });

  it('a custom protocol object persists as pushed (with the optional fields filled in)', () => {
    const custom: Mutable = {
      id: 'three-step', name: 'Three steps',
      phases: [{ id: 'a', name: 'A', guide: '', pumps: 3 }, { id: 'b', name: 'B', guide: 'slow', ppm: 40, pumps: 2 }, { id: 'c', name: 'C', guide: '', targetMs: 5000 }],
      cues: { pump: [[0, 20, 0.8, 60]] },
    };
    const b = boot();
    expect(ask(b.engine, `pacer.protocol(${JSON.stringify(custom)})`)).to.equal('three-step');
    const stored = parseStored(b.dev.storage.files.get('pacer.pro')!) as { v: Protocol; n: number };
    expect(storedText(stored.v, stored.n)).to.equal(b.dev.storage.files.get('pacer.pro'));
    expect(stored.v.phases[0]).to.deep.equal({ ppm: 0, pushMs: 0, targetMs: 0, pumps: 3, id: 'a', name: 'A', guide: '' });
    expect(stored.v.cues).to.deep.equal(custom.cues);
    const files = new Map(b.dev.storage.files);
    b.dev.emit('init');
    expect(ask(b.engine, 'pacer.protocol()')).to.equal('three-step');
    expect(b.dev.storage.files.get('pacer.pro')).to.equal(files.get('pacer.pro'));
    // back to the built-in default: the file goes, and stays gone over a power cycle
    expect(ask(b.engine, "pacer.protocol('head-drainage')")).to.equal('head-drainage');
    expect(b.dev.storage.files.has('pacer.pro')).to.equal(false);
    b.dev.emit('init');
    expect(ask(b.engine, 'pacer.protocol()')).to.equal('head-drainage');
  });

  it('a fresh device (nothing stored): defaults and no faults', () => {
    const env = new SimEnv(defaultConfig());
    const engine = new BundleEngine(env, HARDWARE.puck);
    expect(ask(engine, 'pacer.protocol()')).to.equal('head-drainage');
    expect(ask(engine, 'pacer.settings()')).to.deep.equal(DEFAULT_SETTINGS as Settings);
    expect(ask(engine, 'pacer.faults()')).to.deep.equal([]);
  });
});

describe('device config: Storage modules of another build', () => {
  it('a Storage module from another build is refused with a clear error; pacing is untouched', () => {
    const cmd = readFileSync(path.join(__dirname, '..', 'dist/pacer.cmd.js'), 'utf8');
    const other = cmd.replace(/"[0-9a-f]{8}"/, '"00000000"');
    expect(other).to.not.equal(cmd);
    const b = boot();
    b.dev.storage.files.set('pacer.cmd', other);
    expect(() => b.engine.console('pacer.settings({ppm:50})')).to.throw(/another build: flash again/);
    b.play('0 press\n', 5);
    expect(b.engine.status().state).to.equal('running');
  });
});
