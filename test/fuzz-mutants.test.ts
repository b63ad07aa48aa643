// The fuzzer must be able to fail: for each invariant and each fault kind, a
// deliberately broken firmware (its source patched before bundling, renamed
// exactly as the real build) is run over seeds until one breaks the expected
// invariant. The real build passes the same seeds (test/fuzz.test.ts).
import { expect } from 'chai';
import { bundlePatched, SourcePatch } from '../scripts/build';
import { ModuleKey, moduleFile } from '../common/dist';
import { FaultKind } from '../sim/fuzz/plan';
import { InvariantName, INVARIANTS } from '../sim/fuzz/invariants';
import { describeFailure, FuzzResult, runSeed } from '../sim/fuzz/run';
import { FAULT_KINDS, planFor } from '../sim/fuzz/plan';

interface Mutant {
  name: string;
  patches: SourcePatch[];
  /** The faults the seeds may draw: the kind whose test this is, or none. */
  only: FaultKind[];
  caughtBy: InvariantName;
}

const A = 'firmware/adapter.ts';
const MAX_SEEDS = 150;

const MUTANTS: Mutant[] = [
  {
    name: 'no motor limit (a cue or push buzzes as long as it asks)', only: [], caughtBy: 'motor-max',
    patches: [{ file: 'firmware/core/output.ts', from: 'const ms = Math.min(p[3], st.motorFromMs + MOTOR_MAX_MS - MOTOR_SLACK_MS - now);', to: 'const ms = p[3];' }],
  },
  {
    name: 'going to idle leaves a flash lit', only: [], caughtBy: 'outputs-off',
    patches: [{ file: 'firmware/core/output.ts', from: '} else if (now < st.ledToMs) res.ledPulse = { level: 0, ms: 0, color: st.color };', to: '}' }],
  },
  {
    name: 'a press skips a phase', only: [], caughtBy: 'phase-order',
    patches: [{ file: 'firmware/core/machine.ts', from: 'const next = st.phase + 1;', to: 'const next = st.phase + 2;' }],
  },
  {
    name: 'a counted phase plays one pump too many', only: [], caughtBy: 'pump-count',
    patches: [{ file: 'firmware/core/rhythm.ts', from: 'if (ph.pumps > 0 && st.n >= ph.pumps) return true;', to: 'if (ph.pumps > 0 && st.n > ph.pumps) return true;' }],
  },
  {
    name: 'arming forgets the timer already armed', only: [], caughtBy: 'one-timer',
    patches: [{ file: A, from: '  if (timer !== null) clearTimeout(timer);\n  timer = null;\n  dueMs', to: '  timer = null;\n  dueMs' }],
  },
  {
    name: 'idle polls every second', only: [], caughtBy: 'idle-timer',
    patches: [{ file: 'firmware/core/machine.ts', from: "let at = st.mode === 'running' ? st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st) : sleepAtMs();", to: "let at = st.mode === 'running' ? st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st) : Math.min(sleepAtMs(), now + 1000);" }],
  },
  {
    name: 'a delay computed into the past', only: [], caughtBy: 'deadline',
    patches: [{ file: A, from: 'timer = setTimeout(wake, Math.max(0, at - nowMs()));', to: 'timer = setTimeout(wake, at - nowMs() - 1);' }],
  },
  {
    name: 'late beats are caught up one by one (a volley)', only: ['late'], caughtBy: 'pump-burst',
    patches: [
      { file: 'firmware/core/rhythm.ts', from: '    st.beat = due;', to: '    st.beat = st.beat + 1;\n    const late = due;' },
      { file: 'firmware/core/rhythm.ts', from: '    if (now - (st.anchorMs + due * p) > LATE_MAX_MS) return false;\n', to: '    if (late < 0) return false;\n' },
      { file: 'firmware/core/rhythm.ts', from: '    if (due < st.leadBeats) {', to: '    if (st.beat < st.leadBeats) {' },
      { file: 'firmware/core/rhythm.ts', from: "    const reached = ph.targetMs > 0 && !st.hit && st.runMs + (due - st.leadBeats) * p >= ph.targetMs;", to: "    const reached = ph.targetMs > 0 && !st.hit && st.runMs + (st.beat - st.leadBeats) * p >= ph.targetMs;" },
    ],
  },
  {
    name: 'a callback that throws is not caught', only: ['throw'], caughtBy: 'uncaught',
    patches: [{ file: A, from: "  } catch (e) {\n    fault('error: '", to: "  } catch (e) {\n    throw e;\n    fault('error: '" }],
  },
  {
    name: 'every pump is added to the session record', only: [], caughtBy: 'state-size',
    patches: [{ file: 'firmware/core/rhythm.ts', from: '    st.n += 1;', to: '    st.n += 1;\n    st.rec = st.rec.concat([[st.phase, 0, st.n, 0, 0]]);' }],
  },
  {
    name: 'the button is not debounced', only: ['bounce'], caughtBy: 'one-press',
    patches: [{ file: A, from: 'debounce: BOARD_DEBOUNCE', to: 'debounce: 0' }],
  },
  {
    name: 'no watchdog', only: ['hang'], caughtBy: 'watchdog',
    patches: [{ file: A, from: 'E.enableWatchdog(WATCHDOG_S, true);', to: '' }],
  },
  {
    name: 'the boot forgets the session a power cut interrupted', only: ['power'], caughtBy: 'interrupted-log',
    patches: [{ file: A, from: "  if (require('Storage').read(File.Current) !== undefined) attempt(() => (evaluate(Module.Rec) as Records).restore());", to: '' }],
  },
  {
    name: 'a torn session file is logged anyway (as what it holds: nothing whole)', only: ['torn'], caughtBy: 'log-valid',
    patches: [{ file: 'firmware/modules/rec.ts', from: "if (cur && cur !== 'bad') append(cur.v as LogEntry);", to: "if (cur) append(cur === 'bad' ? ({} as LogEntry) : (cur.v as LogEntry));" }],
  },
  {
    name: 'a Storage write that fails stops the session', only: ['storage'], caughtBy: 'phase-order',
    patches: [{ file: A, from: "      fault('storage: ' + (e as EspruinoError).message);", to: "      fault('storage: ' + (e as EspruinoError).message);\n      throw e;" }],
  },
  {
    name: 'setTime() left to step the pacer\'s time', only: ['clock'], caughtBy: 'motor-max',
    patches: [{ file: A, from: '  global.setTime = clockSet;\n', to: '' }],
  },
  {
    name: 'presses are heard but do nothing', only: [], caughtBy: 'press-action',
    patches: [{ file: A, from: "run('press', (e.time - e.lastTime) * 1000 + offMs - downOffMs, now);", to: '' }],
  },
  {
    name: 'a hold measured across a setTime() (the step counted as held time)', only: ['clock'], caughtBy: 'press-action',
    patches: [{ file: A, from: "run('press', (e.time - e.lastTime) * 1000 + offMs - downOffMs, now);", to: "run('press', (e.time - e.lastTime) * 1000, now);" }],
  },
  {
    name: 'beats play but never count as pumps', only: [], caughtBy: 'pumps-go-on',
    patches: [{ file: 'firmware/core/rhythm.ts', from: '    st.n += 1;', to: '    st.n += 0;' }],
  },
  {
    name: 'paused wakes every second', only: [], caughtBy: 'idle-timer',
    patches: [{ file: 'firmware/core/machine.ts', from: "let at = st.mode === 'running' ? st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st) : sleepAtMs();", to: "let at = st.mode === 'running' ? st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st) : st.mode === 'paused' ? now + 1000 : sleepAtMs();" }],
  },
  {
    name: 'the motor stretch cut at exactly 1 s (no slack for a late off timer)', only: ['late'], caughtBy: 'motor-max',
    patches: [{ file: 'firmware/core/limits.ts', from: 'export const MOTOR_SLACK_MS = 50;', to: 'export const MOTOR_SLACK_MS = 0;' }],
  },
];

/** Modules by key to modules by Storage name. */
function moduleNames(modules: Record<ModuleKey, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).map(([k, v]) => [moduleFile(k as ModuleKey), v]));
}

/** The first seed (from 1) whose run breaks `invariant`; the other failures seen on the way. */
function hunt(m: Mutant, code: string, modules: Record<string, string>): { hit: FuzzResult | null; others: string[] } {
  const others: string[] = [];
  for (let seed = 1; seed <= MAX_SEEDS; seed++) {
    // every mutant runs on the Puck.js: the board it was built for
    const plan = { ...planFor(seed, m.only), board: 'puck' as const };
    const r = runSeed(seed, { plan, code, modules });
    if (r.violation?.invariant === m.caughtBy) return { hit: r, others };
    if (r.violation) others.push(`${seed}: ${r.violation.invariant}`);
  }
  return { hit: null, others };
}

describe('fuzz: deliberately broken firmware is caught', function () {
  this.timeout(120_000);

  it('every invariant and every fault kind has a mutant below', () => {
    const invariants = new Set(MUTANTS.map((m) => m.caughtBy));
    expect(INVARIANTS.filter((i) => !invariants.has(i))).to.deep.equal([]);
    const kinds = new Set(MUTANTS.flatMap((m) => m.only));
    expect(FAULT_KINDS.filter((k) => !kinds.has(k))).to.deep.equal([]);
  });

  for (const m of MUTANTS) {
    it(`${m.caughtBy}${m.only.length ? ` (fault: ${m.only.join(', ')})` : ''}: ${m.name}`, async () => {
      const { code, modules } = await bundlePatched('puck', m.patches);
      const { hit, others } = hunt(m, code, moduleNames(modules));
      expect(hit, `no seed in 1..${MAX_SEEDS} broke ${m.caughtBy}; other failures: ${others.join(', ') || 'none'}`).to.not.equal(null);
      // the report names the seed and replays it
      expect(describeFailure(hit!)).to.match(new RegExp(`FAIL seed ${hit!.seed}: ${m.caughtBy}`)).and.to.include('replay: npm run fuzz -- --seed');
    });
  }
});
