// The whole seed session through the simulator, on both engines and every board.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { BOARDS } from '../boards';
import { parseScenario } from '../sim/scenario';
import { runSession } from '../sim/session';
import { summarize } from '../sim/summary';
import { eventsOf, parseTrace, TraceEvent } from '../sim/trace-events';

const SEED = parseScenario('0 press\n65 press\n130 press\n');
const ROOT = path.join(__dirname, '..');

function pumpsOf(events: TraceEvent[], phase: string): number[] {
  return eventsOf(events, 'pump').filter((e) => e.phase === phase).map((e) => e.n);
}

describe('simulator: the seed session end to end', () => {
  for (const engine of ['core', 'bundle'] as const) {
    it(`${engine} engine: phase order, ~60 pumps per timed phase, exactly 15 in the last, done, all off`, () => {
      const r = runSession({ actions: SEED, engine });
      const phases = r.events.filter((e) => e.type === 'phase').map((e) => e.id);
      expect(phases).to.deep.equal(['venous-angle', 'water-wheel', 'venous-angle-close']);
      for (const id of ['venous-angle', 'water-wheel']) {
        const n = pumpsOf(r.events, id);
        expect(n.length, id).to.be.within(55, 66);
        expect(n).to.deep.equal(Array.from({ length: n.length }, (_, i) => i + 1));
      }
      expect(pumpsOf(r.events, 'venous-angle-close')).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
      const states = r.events.filter((e) => e.type === 'state').map((e) => e.value);
      expect(states).to.deep.equal(['running', 'done']);
      const s = summarize(r.events, r.endMs);
      expect([s.finalState, s.led, s.motor]).to.deep.equal(['done', 0, 0]);
      expect(r.engine.armedTimers()).to.equal(0);
    });
  }

  it('the same scenario gives the same trace, byte for byte', () => {
    const a = runSession({ actions: SEED, engine: 'bundle' }).jsonl;
    const b = runSession({ actions: SEED, engine: 'bundle' }).jsonl;
    expect(a.length).to.be.greaterThan(10_000);
    expect(a).to.equal(b);
  });

  for (const board of BOARDS) {
    it(`${board}: the bundle gives the core engine's trace (screen events aside)`, () => {
      const strip = (jsonl: string) => jsonl.split('\n').filter((l) => !l.includes('"type":"screen"')).join('\n');
      const core = runSession({ actions: SEED, engine: 'core', board }).jsonl;
      const bundle = runSession({ actions: SEED, engine: 'bundle', board }).jsonl;
      expect(strip(bundle)).to.equal(strip(core));
    });
  }

  it('Bangle.js 2: the screen shows phase name, guidance and the pump count; no LED lane', () => {
    const r = runSession({ actions: SEED, engine: 'bundle', board: 'bangle2' });
    const screens = r.events.filter((e) => e.type === 'screen').map((e) => String(e.text));
    expect(screens.some((t) => t.includes('Water wheel') && t.includes('SCM'))).to.equal(true);
    expect(screens.some((t) => t.includes('15/15'))).to.equal(true);
    expect(screens[screens.length - 1]).to.include('Session done');
    expect(r.events.filter((e) => e.type === 'led')).to.have.length(0);
  });

  it('Bangle.js 2: the screen names the water wheel\'s position (front, side, back) and counts the close down', () => {
    const r = runSession({ actions: SEED, engine: 'bundle', board: 'bangle2' });
    const screens = r.events.filter((e) => e.type === 'screen').map((e) => String(e.text));
    const wheel = screens.filter((t) => t.includes('Water wheel'));
    // the positions in turn, each named while the hands are there
    const shown = wheel.map((t) => ['front', 'side', 'back'].find((p) => t.split(' | ').includes(p))).filter((p) => p);
    expect([...new Set(shown)]).to.deep.equal(['front', 'side', 'back']);
    // the close: nothing before pump 13, then 2 to go, 1 to go, last
    const close = screens.filter((t) => t.includes('close'));
    expect(close.find((t) => t.includes('12/15'))).to.not.match(/to go|last/);
    expect(close.find((t) => t.includes('13/15'))).to.include('2 to go');
    expect(close.find((t) => t.includes('14/15'))).to.include('1 to go');
    expect(close.find((t) => t.includes('15/15'))).to.include('last');
  });

  it('npm run sim on presses at 0, 65, 130 s: last phase pumps 1..15, ends done, LED and motor at 0', function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacer-'));
    writeFileSync(path.join(dir, 's.txt'), '0 press\n65 press\n130 press\n');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'sim/cli/sim.ts', '--script', path.join(dir, 's.txt'), '--trace', path.join(dir, 't.jsonl')], { cwd: ROOT, encoding: 'utf8' });
    expect(out).to.match(/15 pumps/);
    const events = parseTrace(readFileSync(path.join(dir, 't.jsonl'), 'utf8'));
    expect(pumpsOf(events, 'venous-angle-close')).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(events.filter((e) => e.type === 'state').pop()!.value).to.equal('done');
    const last = (type: 'state' | 'led' | 'motor') => eventsOf(events, type).pop()!.value;
    expect([last('led'), last('motor')]).to.deep.equal([0, 0]);
  });

  it('a pause shows in the trace and the session still ends with 15 pumps', () => {
    const r = runSession({ actions: parseScenario('0 press\n20 hold 1.5\n40 press\n70 press\n135 press\n'), engine: 'bundle' });
    const states = r.events.filter((e) => e.type === 'state').map((e) => e.value);
    expect(states).to.deep.equal(['running', 'paused', 'running', 'done']);
    expect(pumpsOf(r.events, 'venous-angle-close')).to.have.length(15);
  });
});

describe('simulator: scenario files', () => {
  const bad: Array<[string, number, RegExp]> = [
    ['0 press\n5 jump\n', 2, /unknown action "jump"/],
    ['abc press\n', 1, /time "abc" is not a number/],
    ['-1 press\n', 1, /time "-1" is not a number/],
    ['3 hold\n', 1, /missing hold duration/],
    ['3 hold 0\n', 1, /more than 0 s/],
    ['3 hold 1 2\n', 1, /takes one duration/],
    ['3 press now\n', 1, /takes no argument/],
    ['# ok\n\n7\n', 3, /missing action/],
    ['10 press\n5 press\n', 2, /before the press on line 1 is released/],
    ['0 hold 2\n1 press\n', 2, /before the press on line 1/],
    ['99999999 press\n', 1, /beyond the/],
  ];
  for (const [text, line, reason] of bad) {
    it(`rejects ${JSON.stringify(text)} at line ${line}`, () => {
      expect(() => parseScenario(text)).to.throw(new RegExp(`^scenario line ${line}: `)).and.match(reason);
    });
  }

  it('accepts comments, blank lines, decimals and trailing comments', () => {
    expect(parseScenario('# start\n\n0.5 press # go\n 2.25 hold 1.5\n')).to.deep.equal([
      { atMs: 500, heldMs: 120, line: 3 },
      { atMs: 2250, heldMs: 1500, line: 4 },
    ]);
  });

  it('the CLI names the line and the reason, exits 2, and writes no trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacer-'));
    writeFileSync(path.join(dir, 'bad.txt'), '0 press\n5 hold x\n');
    let code = 0;
    let err = '';
    try {
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'sim/cli/sim.ts', '--script', path.join(dir, 'bad.txt'), '--trace', path.join(dir, 't.jsonl')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
      err = String((e as { stderr: string }).stderr);
    }
    expect(code).to.equal(2);
    expect(err).to.match(/scenario line 2: hold duration "x"/);
    expect(() => readFileSync(path.join(dir, 't.jsonl'))).to.throw();
  });
});
