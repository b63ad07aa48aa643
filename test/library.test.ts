// The built-in protocols played to the end on the device bundle, pump by pump,
// and a custom protocol file played through the simulator CLI.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { makeConfig } from '../firmware/config';
import { HEAD_NECK, PROTOCOLS } from '../firmware/core/library';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { LogEntry } from '../firmware/core/types';
import { validateProtocol } from '../firmware/core/validate';
import { BOARDS } from '../boards';
import { readLog } from '../sim/device-files';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { parseDump } from '../sim/log-export';
import { parseScenario } from '../sim/scenario';
import { runSession, scheduleActions } from '../sim/session';
import { eventsOf, parseTrace, TraceEvent } from '../sim/trace-events';

const ROOT = path.join(__dirname, '..');
/** The head-neck step counts as published (Barnhart et al. 2024, Table 8) plus the closing venous angle. */
const HEAD_NECK_PUMPS = [10, 10, 5, 5, 5, 5, 5, 5, 5, 10];
const HEAD_NECK_IDS = [
  'venous-angle', 'neck-stretch', 'above-clavicle', 'side-of-neck', 'shoulder-collectors',
  'shoulder-collectors-2', 'pre-auricular', 'post-auricular', 'side-of-neck-2', 'venous-angle-close',
];
/** Beat 0 is the phase cue, beats 1 and 2 the lead-in: the first pump is beat 3. */
const LEAD_BEATS = 3;

const ofType = eventsOf;
const pumpsOf = (events: TraceEvent[], phase: string) => eventsOf(events, 'pump').filter((e) => e.phase === phase);
const phaseIds = (events: TraceEvent[]) => ofType(events, 'phase').map((e) => String(e.id));
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The log ring's one entry, from Storage and from the console dump (the two must agree). */
function loggedEntry(engine: BundleEngine): LogEntry {
  const rows = readLog(engine.device.storage);
  expect(rows).to.have.length(1);
  expect(rows[0].corrupt).to.equal(false);
  const out = engine.console('pacer.log()');
  expect(out.pop()).to.equal('=1');
  const dumped = parseDump(out.join('\n'));
  expect(dumped).to.have.length(1);
  expect(dumped[0].entry).to.deep.equal(rows[0].entry);
  return rows[0].entry!;
}

/** Every phase's [index, duration, pumps, pauses, paused ms] as the trace shows it. */
function phasesFromTrace(events: TraceEvent[]): number[][] {
  const starts = ofType(events, 'phase');
  const end = ofType(events, 'state').filter((e) => e.value === 'done').pop()!.t_ms;
  return starts.map((p, i) => {
    const until = i + 1 < starts.length ? starts[i + 1].t_ms : end;
    return [Number(p.index), until - p.t_ms, pumpsOf(events, String(p.id)).length, 0, 0];
  });
}

describe('library: the built-in protocols', () => {
  it('both validate, with the documented ids and step counts', () => {
    expect(Object.keys(PROTOCOLS)).to.deep.equal(['head-drainage', 'head-neck']);
    expect(validateProtocol(HEAD_DRAINAGE)).to.deep.equal([]);
    expect(validateProtocol(HEAD_NECK)).to.deep.equal([]);
    expect(HEAD_NECK.phases.map((p) => p.id)).to.deep.equal(HEAD_NECK_IDS);
    expect(HEAD_NECK.phases.map((p) => p.pumps)).to.deep.equal(HEAD_NECK_PUMPS);
    expect(HEAD_NECK.phases.every((p) => p.targetMs === 0 && p.ppm === 0)).to.equal(true);
  });

  it('head-drainage on the bundle: target at 60 s of pacing in each timed phase, a press moves on, exactly 15 to close, done, logged', () => {
    // presses at 0 (start), 64.5 s and 128.2 s (past each target); seen 145 ms after they start
    const r = runSession({ actions: parseScenario('0 press\n64.5 press\n128.2 press\n'), engine: 'bundle' });
    const ev = r.events;
    expect(phaseIds(ev)).to.deep.equal(['venous-angle', 'water-wheel', 'venous-angle-close']);
    expect(ofType(ev, 'state').map((e) => e.value)).to.deep.equal(['running', 'done']);
    const starts = ofType(ev, 'phase').map((e) => e.t_ms);
    expect(starts).to.deep.equal([145, 64_645, 128_345]);

    const counts = { 'venous-angle': 62, 'water-wheel': 61, 'venous-angle-close': 15 };
    Object.entries(counts).forEach(([id, n], i) => {
      const pumps = pumpsOf(ev, id);
      expect(pumps.map((e) => e.n), id).to.deep.equal(upTo(n));
      // pump 1 after the lead-in, then one a second
      expect(pumps[0].t_ms, id).to.equal(starts[i] + LEAD_BEATS * 1000);
      for (let k = 1; k < pumps.length; k++) expect(pumps[k].t_ms - pumps[k - 1].t_ms).to.equal(1000);
    });
    // the target cue on the pump 60 s after the first: pump 61, in both timed phases and only there
    const targets = ofType(ev, 'cue').filter((e) => e.name === 'target').map((e) => e.t_ms);
    expect(targets).to.deep.equal([
      pumpsOf(ev, 'venous-angle')[0].t_ms + 60_000,
      pumpsOf(ev, 'water-wheel')[0].t_ms + 60_000,
    ]);
    expect(pumpsOf(ev, 'venous-angle').find((e) => e.t_ms === targets[0])!.n).to.equal(61);
    expect(pumpsOf(ev, 'water-wheel').find((e) => e.t_ms === targets[1])!.n).to.equal(61);
    // the counted close ends by itself on the beat after pump 15
    const done = ofType(ev, 'state').pop()!;
    expect(done.t_ms).to.equal(starts[2] + (LEAD_BEATS + 15) * 1000);
    expect(ofType(ev, 'cue').pop()!.name).to.equal('done');
    expect(r.status).to.include({ state: 'done', phaseId: 'venous-angle-close', n: 15 });

    const entry = loggedEntry(r.engine as BundleEngine);
    expect(entry).to.deep.equal({ protocol: 'head-drainage', start: 0.145, end: 'done', phases: phasesFromTrace(ev) });
    expect(entry.phases).to.deep.equal([[0, 64_500, 62, 0, 0], [1, 63_700, 61, 0, 0], [2, 18_000, 15, 0, 0]]);
    expect(r.log).to.have.length(1);
  });

  it('head-drainage: a timed phase paces on past its target until the button', () => {
    const r = runSession({ actions: parseScenario('0 press\n100.5 press\n'), engine: 'bundle', tailMs: 5000 });
    const first = pumpsOf(r.events, 'venous-angle');
    expect(first.length).to.equal(98); // pumps from 3.145 s to 100.145 s; the press is seen at 100.645 s
    expect(ofType(r.events, 'cue').filter((e) => e.name === 'target')).to.have.length(1);
    expect(r.status).to.include({ state: 'running', phaseId: 'water-wheel' });
  });

  it('head-neck on the bundle, chosen by id at the console: one short press plays all 10 steps, counted, to done; logged', () => {
    const env = new SimEnv(makeConfig(HEAD_NECK, DEFAULT_SETTINGS));
    const engine = new BundleEngine(env, HARDWARE.puck);
    expect(engine.console("pacer.protocol('head-neck')")).to.deep.equal(['="head-neck"']);
    scheduleActions(env, engine, parseScenario('0 press\n'));
    env.clock.runQuiet(30 * 60 * 1e6);
    const ev = env.trace.events;

    expect(phaseIds(ev)).to.deep.equal(HEAD_NECK_IDS);
    expect(HEAD_NECK_IDS.map((id) => pumpsOf(ev, id).length)).to.deep.equal(HEAD_NECK_PUMPS);
    HEAD_NECK_IDS.forEach((id, i) => expect(pumpsOf(ev, id).map((e) => e.n), id).to.deep.equal(upTo(HEAD_NECK_PUMPS[i])));
    // each step: phase cue, 2 lead beats, its pumps, and the next step on the beat after the last
    const starts = ofType(ev, 'phase').map((e) => e.t_ms);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).to.equal((LEAD_BEATS + HEAD_NECK_PUMPS[i - 1]) * 1000);
    expect(ofType(ev, 'state').map((e) => e.value)).to.deep.equal(['running', 'done']);
    const total = HEAD_NECK_PUMPS.reduce((a, n) => a + (LEAD_BEATS + n) * 1000, 0);
    expect(ofType(ev, 'state').pop()!.t_ms).to.equal(145 + total);
    expect(ofType(ev, 'cue').filter((e) => e.name === 'done')).to.have.length(1);
    expect(ofType(ev, 'cue').filter((e) => e.name === 'target')).to.have.length(0);
    expect(engine.status()).to.include({ state: 'done', phaseId: 'venous-angle-close', n: 10 });
    expect(engine.device.uncaught).to.equal(0);

    const entry = loggedEntry(engine);
    expect(entry.protocol).to.equal('head-neck');
    expect(entry.end).to.equal('done');
    expect(entry.start).to.equal(0.145);
    expect(entry.phases).to.deep.equal(HEAD_NECK_PUMPS.map((n, i) => [i, (LEAD_BEATS + n) * 1000, n, 0, 0]));
    expect(entry.phases).to.deep.equal(phasesFromTrace(ev));
    expect(engine.device.storage.files.has('pacer.cur')).to.equal(false);
  });

  it("head-neck pushed as JSON (runSession): the same counts, and the core engine's trace and log", () => {
    const actions = parseScenario('0 press\n');
    const pushed = runSession({ actions, engine: 'bundle', protocol: HEAD_NECK });
    const core = runSession({ actions, engine: 'core', protocol: HEAD_NECK });
    expect(pushed.jsonl).to.equal(core.jsonl);
    expect(HEAD_NECK_IDS.map((id) => pumpsOf(pushed.events, id).length)).to.deep.equal(HEAD_NECK_PUMPS);
    expect(pushed.log.map((l) => l.entry!.phases.map((p) => p[2]))).to.deep.equal([HEAD_NECK_PUMPS]);
    expect(core.log.map((l) => l.entry)).to.deep.equal(pushed.log.map((l) => l.entry));
  });

  for (const board of BOARDS) {
    it(`head-neck on ${board}: every step counted as specified, done`, () => {
      const r = runSession({ actions: parseScenario('0 press\n'), engine: 'bundle', board, protocol: HEAD_NECK });
      expect(phaseIds(r.events)).to.deep.equal(HEAD_NECK_IDS);
      expect(HEAD_NECK_IDS.map((id) => pumpsOf(r.events, id).length)).to.deep.equal(HEAD_NECK_PUMPS);
      expect(r.status.state).to.equal('done');
      expect(r.log).to.have.length(1);
      expect(r.log[0].entry).to.include({ protocol: 'head-neck', end: 'done' });
    });
  }
});

describe('library: a custom protocol file through the CLI', () => {
  const CUSTOM = {
    id: 'custom-three',
    name: 'Custom three',
    phases: [
      { id: 'open', name: 'Open', guide: 'Venous angle, light', pumps: 4 },
      { id: 'slow', name: 'Slow', guide: 'Long slow strokes', ppm: 40, pumps: 6 },
      { id: 'close', name: 'Close', guide: '', pumps: 3 },
    ],
    cues: { pump: [[0, 20, 0.8, 60]] },
  };
  const COUNTS: Record<string, number> = { open: 4, slow: 6, close: 3 };
  let dir: string;
  let out: string;
  let ev: TraceEvent[];

  before(function () {
    this.timeout(120_000);
    expect(validateProtocol(CUSTOM)).to.deep.equal([]);
    dir = mkdtempSync(path.join(tmpdir(), 'pacer-lib-'));
    writeFileSync(path.join(dir, 'custom.json'), JSON.stringify(CUSTOM, null, 2));
    writeFileSync(path.join(dir, 's.txt'), '0 press\n');
    // the setting ppm 50 paces the phases without their own; 'slow' keeps its 40
    out = execFileSync(process.execPath, [
      '-r', 'ts-node/register/transpile-only', 'sim/cli/sim.ts', '--script', path.join(dir, 's.txt'),
      '--protocol', path.join(dir, 'custom.json'), '--set', 'ppm=50', '--trace', path.join(dir, 't.jsonl'),
    ], { cwd: ROOT, encoding: 'utf8' });
    ev = parseTrace(readFileSync(path.join(dir, 't.jsonl'), 'utf8'));
  });

  it('the summary names the protocol and the log has the session', () => {
    expect(existsSync(path.join(dir, 't.jsonl'))).to.equal(true);
    expect(out).to.include('Custom three (custom-three) on puck, bundle engine, 1 actions');
    expect(out).to.match(/1\. Open .* 4 pumps\n\s+2\. Slow .* 6 pumps\n\s+3\. Close .* 3 pumps\n/);
    // the pacer's own record: (3 + 4) x 1.2 s, (3 + 6) x 1.5 s, (3 + 3) x 1.2 s
    // the custom protocol's own phase ids (the log stores indices; the CLI knows the protocol it ran)
    expect(out).to.include('#0 custom-three at 0.1 s, done: open 8.4 s 4 pumps; slow 13.5 s 6 pumps; close 7.2 s 3 pumps');
  });

  it('its phases in order, each with its pump count, then done', () => {
    expect(phaseIds(ev)).to.deep.equal(['open', 'slow', 'close']);
    for (const [id, n] of Object.entries(COUNTS)) expect(pumpsOf(ev, id).map((e) => e.n), id).to.deep.equal(upTo(n));
    expect(ofType(ev, 'state').map((e) => e.value)).to.deep.equal(['running', 'done']);
    expect(ofType(ev, 'cue').pop()!.name).to.equal('done');
  });

  it("the phase's own ppm (40: 1500 ms) and the setting elsewhere (50: 1200 ms), lead-in included", () => {
    const period: Record<string, number> = { open: 1200, slow: 1500, close: 1200 };
    const starts = ofType(ev, 'phase');
    for (const p of starts) {
      const id = String(p.id);
      const pumps = pumpsOf(ev, id);
      expect(pumps[0].t_ms - p.t_ms, id).to.equal(LEAD_BEATS * period[id]);
      for (let k = 1; k < pumps.length; k++) expect(pumps[k].t_ms - pumps[k - 1].t_ms, id).to.equal(period[id]);
    }
    // each counted phase ends on the beat after its last pump
    const t = starts.map((e) => e.t_ms);
    expect(t[1] - t[0]).to.equal((LEAD_BEATS + 4) * 1200);
    expect(t[2] - t[1]).to.equal((LEAD_BEATS + 6) * 1500);
    expect(ofType(ev, 'state').pop()!.t_ms - t[2]).to.equal((LEAD_BEATS + 3) * 1200);
  });

  it('plain pumps play the custom cue: motor at 0.8 for 60 ms, LED for 20 ms; the accent (pump 5) stays the default', () => {
    const at = (type: 'led' | 'motor', t: number) => ofType(ev, type).filter((e) => e.t_ms === t).map((e) => e.value);
    const pumps = ofType(ev, 'pump');
    expect(pumps).to.have.length(13);
    for (const p of pumps) {
      if (p.n === 5) {
        expect(at('motor', p.t_ms), 'accent').to.deep.equal([1]);
        expect(at('motor', p.t_ms + 160), 'accent end').to.deep.equal([0]);
        continue;
      }
      expect(at('motor', p.t_ms), `${p.phase} ${p.n}`).to.deep.equal([0.8]);
      expect(at('motor', p.t_ms + 60), `${p.phase} ${p.n} end`).to.deep.equal([0]);
      expect(at('led', p.t_ms)).to.deep.equal([1]);
      expect(at('led', p.t_ms + 20)).to.deep.equal([0]);
    }
    // the motor is never left on
    expect(ofType(ev, 'motor').pop()!.value).to.equal(0);
    expect(ofType(ev, 'led').pop()!.value).to.equal(0);
  });
});
