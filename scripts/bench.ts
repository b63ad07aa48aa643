// npm run bench: our pacer against a naive one, both run as device code in
// the virtual Espruino on the virtual clock, with timer callbacks delivered
// late by a seeded, realistic latency model (sim/latency.ts). Prints a table
// (ours | naive), a Goals section with pass/miss, and writes
// bench/results.json. `--quick` (runBench({ reduced: true })) shortens every
// span: the figures are all produced but are not the benchmark's.
//
// The naive baseline is bench/naive-pacer.js: setInterval(tick, 10) from
// boot, counting ticks, a pump every round(period / 10) ticks. Nothing here
// times anything for a pass/miss except the simulator's own speed, which is
// reported (wall clock) and never asserted by the tests.
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig } from '../firmware/config';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { LEAD_BEATS } from '../firmware/core/limits';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { Settings, Status } from '../firmware/core/types';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { CoreEngine } from '../sim/engines/core-engine';
import { Engine, EngineName, SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { DESKTOP_LATENCY, describeLatency, LatencyParams, latencyModel, LatencyStats, mulberry32, streamSeed } from '../sim/latency';
import { parseScenario, SHORT_PRESS_MS } from '../sim/scenario';
import { traceEvent } from '../sim/trace';
import { EventFields } from '../sim/trace-events';
import { TraceReader } from '../sim/trace-reader';
import { LatencyModel, VirtualEspruino } from '../sim/virtual-espruino';
import { boardJsVars, runVirtualWalk } from '../sim/memory/run-virtual';
import { BOARDS, BoardId, CARDS } from '../boards';
import { bundlePath, MODULE_KEYS, modulePath } from '../common/dist';
import { codeBudgetBytes } from '../boards/storage';
import { buildId, deviceBytes } from './build';
import { tokenisedBytes } from '../common/tokeniser';
import { gate } from './gate';
import { boardPowerNotes, chargeMas, meanMa, modelFor, POWER_SOURCES, PowerModel, Reading } from './power-model';

/** A board's JsVar budgets (its card's), as the report records them. */
function jsvarBudgets(b: BoardId): { held: number; peak: number } {
  return { held: CARDS[b].jsvars.held, peak: CARDS[b].jsvars.peak };
}

const ROOT = path.join(__dirname, '..');
export const NAIVE_PATH = 'bench/naive-pacer.js';
export const RESULTS_PATH = 'bench/results.json';
export const QUICK_RESULTS_PATH = 'bench/tmp/results.quick.json';
export const DEFAULT_SEED = 2032;

const MIN = 60_000;
const HOUR = 60 * MIN;

/** How long each part runs, ms. */
export interface Spans {
  /** The long pacing runs (one press, the first phase is timed and paces until a press). */
  longMs: number;
  /** The first drift figure is taken this long into pacing; the second at the end of the long run. */
  driftEarlyMs: number;
  /** The window drift is averaged over, at both ends. */
  driftWindowMs: number;
  /** Each of the two windows counted in idle, paused and done. */
  stateMs: number;
  /** Standby: counted from 11 min after the seed session ends (past the 10 min auto-off). */
  standbyMs: number;
}

export const FULL_SPANS: Spans = { longMs: 8 * HOUR, driftEarlyMs: 30 * MIN, driftWindowMs: MIN, stateMs: HOUR, standbyMs: HOUR };
export const REDUCED_SPANS: Spans = { longMs: 6 * MIN, driftEarlyMs: 3 * MIN, driftWindowMs: MIN, stateMs: 12 * MIN, standbyMs: 5 * MIN };

export const TEMPOS = [60, 70] as const;
type TempoKey = 'ppm60' | 'ppm70';
const tempoKey = (ppm: number) => `ppm${ppm}` as TempoKey;

export type PacerName = 'ours' | 'naive';

// ---------------------------------------------------------------------------
// A recorder on the trace: pump onsets, states, and the level-weighted on-time
// of the outputs, read by the trace reader as each event is written, without
// keeping the events (an 8 h run has ~150k of them). Times stay in the
// writer's µs: the reader's t_ms is that divided by 1000.

class Recorder {
  readonly pumpsUs: number[] = [];
  readonly wakesAtPump: number[] = [];
  /** Pumps whose motor went on in the same microsecond: the pump event is the motor onset. */
  onsets = 0;
  readonly states: Array<{ tUs: number; value: string; reading: Reading }> = [];
  /** The reading at the last LED or motor change. */
  lastOutput: Reading | null = null;
  /** The µs of the event being read. */
  private nowUs = 0;
  private lastUs = 0;
  private ledUs = 0;
  private motorUs = 0;
  private awakeUs = 0;
  private asleepUs = 0;
  private lastPumpUs = -1;
  private readonly reader = new TraceReader({
    onPump: () => {
      this.pumpsUs.push(this.nowUs);
      this.wakesAtPump.push(this.counters().wakes);
      this.lastPumpUs = this.nowUs;
    },
    onOutput: (e, prev) => {
      if (e.type === 'motor' && e.value > 0 && prev === 0 && this.nowUs === this.lastPumpUs) this.onsets += 1;
      this.lastOutput = this.reading(this.nowUs);
    },
    onState: (e) => {
      this.states.push({ tUs: this.nowUs, value: e.value, reading: this.reading(this.nowUs) });
    },
  });

  constructor(private readonly env: SimEnv, private readonly counters: () => { wakes: number; watchCalls: number }) {
    env.trace.add = (tUs: number, fields: EventFields) => {
      // the time up to this event is counted at the levels before it
      this.advance(tUs);
      this.nowUs = tUs;
      this.reader.read(traceEvent(tUs, fields));
    };
  }

  reading(tUs = this.env.clock.nowUs): Reading {
    this.advance(tUs);
    const c = this.counters();
    return { tUs, wakes: c.wakes, watchCalls: c.watchCalls, ledUs: this.ledUs, motorUs: this.motorUs, awakeUs: this.awakeUs, asleepUs: this.asleepUs };
  }

  private advance(tUs: number): void {
    const dt = tUs - this.lastUs;
    if (dt <= 0) return;
    const level = this.reader.level;
    this.ledUs += (level.led + level.led_red) * dt;
    this.motorUs += level.motor * dt;
    if (this.reader.asleep) this.asleepUs += dt;
    else this.awakeUs += dt;
    this.lastUs = tUs;
  }

}

// ---------------------------------------------------------------------------
// One simulated device: ours (the bundle, or the core engine) or the naive one.

interface Rig {
  env: SimEnv;
  device: VirtualEspruino | null;
  rec: Recorder;
  status(): Status;
  /** The button down at `atUs` for `heldMs`. */
  press(atUs: number, heldMs: number): void;
  /** A reading scheduled at `atUs`, with the device's state then. */
  mark(atUs: number, into: Array<{ reading: Reading; state: string }>): void;
}

let naiveCache: string | null = null;
export function naiveCode(): string {
  naiveCache ??= readFileSync(path.join(ROOT, NAIVE_PATH), 'utf8');
  return naiveCache;
}

function makeRig(pacer: PacerName, board: BoardId, opts: { engine?: EngineName; latency?: LatencyModel; settings?: Partial<Settings> } = {}): Rig {
  const env = new SimEnv(makeConfig(HEAD_DRAINAGE, { ...DEFAULT_SETTINGS, ...opts.settings }));
  let device: VirtualEspruino | null = null;
  const rec = new Recorder(env, () => (device ? { wakes: device.wakes, watchCalls: device.watchCalls } : { wakes: 0, watchCalls: 0 }));
  let engine: Engine | null = null;
  if (pacer === 'naive') {
    if (board !== 'puck') throw new Error('bench: the naive pacer is written for the Puck.js pins');
    device = new VirtualEspruino(env, HARDWARE.puck);
    if (opts.latency) device.latency = opts.latency;
    device.load(naiveCode(), NAIVE_PATH);
    if (device.uncaught) throw new Error(`bench: the naive pacer failed to load: ${device.console.join('\n')}`);
    env.observe(device.status());
  } else if (opts.engine === 'core') {
    engine = new CoreEngine(env, env.config, HARDWARE[board]);
  } else {
    const b = new BundleEngine(env, HARDWARE[board]);
    device = b.device;
    // the auto-off timer armed while loading was on time; every later delivery is late by the model
    if (opts.latency) device.latency = opts.latency;
  }
  // settings as a person would give them: typed at the console, in idle
  if (opts.settings && device) device.repl(`pacer.settings(${JSON.stringify(opts.settings)})`);
  const dev = device;
  const button = (down: boolean) => (dev ? dev.input(dev.hw.btnPin, down) : (engine as Engine).button(down));
  const status = () => (dev ? dev.status() : (engine as Engine).status());
  return {
    env, device, rec, status,
    press: (atUs, heldMs) => {
      env.clock.at(atUs, () => button(true));
      env.clock.at(atUs + heldMs * 1000, () => button(false));
    },
    mark: (atUs, into) => {
      env.clock.at(atUs, () => into.push({ reading: rec.reading(atUs), state: status().state }));
    },
  };
}

function wallSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

// ---------------------------------------------------------------------------
// Timing: one press, then pacing for spans.longMs.

export interface Speed {
  virtualHours: number;
  wallSeconds: number;
  virtualHoursPerWallSecond: number;
  timesRealTime: number;
}

export interface TimingFigures {
  tempoPpm: number;
  pumps: number;
  /** Pumps whose pump event and motor onset share the microsecond (a check: equals pumps). */
  pumpsWithMotorOnset: number;
  /** Onset time minus ideal time (anchor + k period), over every pump. */
  latenessMs: { mean: number; p99: number; max: number };
  /** Mean lateness over a window ending at that time, minus the mean over the first window of pumps. */
  driftMs: { after30min: number; after8h: number };
}

export interface WakesPerPump {
  /** Pump to pump, from the 100th pump to the last. */
  steady: number;
  /** Everything from the start press to the end of the run (lead-in and target cue included), per pump. */
  wholeRun: number;
  /** The most wake-ups between one pump onset and the next. */
  maxOnePump: number;
}

interface TimingRun {
  timing: TimingFigures;
  wakes: WakesPerPump;
  speed: Speed;
  latency: LatencyStats;
}

/** The press lands at a seeded point of the naive pacer's 10 ms tick grid (the same point for both pacers). */
function startPressUs(seed: number, ppm: number): number {
  return 2_000_000 + Math.floor(mulberry32(streamSeed(seed, `press-${ppm}`))() * 10_000);
}

function timingRun(pacer: PacerName, ppm: number, spans: Spans, seed: number, engine: EngineName = 'bundle'): TimingRun {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const latency = engine === 'bundle' ? latencyModel(DESKTOP_LATENCY, streamSeed(seed, `timing-${pacer}-${ppm}`), stats) : undefined;
  const rig = makeRig(pacer, 'puck', { engine, latency, settings: ppm === DEFAULT_SETTINGS.ppm ? undefined : { ppm } });
  const startUs = startPressUs(seed, ppm);
  rig.press(startUs, SHORT_PRESS_MS);
  // the press is acted on when released and debounced; pacing is then timed from there
  const endUs = startUs + (SHORT_PRESS_MS + HARDWARE.puck.debounceMs) * 1000 + spans.longMs * 1000 + 1000;
  const t0 = process.hrtime.bigint();
  rig.env.clock.runUntil(endUs);
  const wallSeconds = Math.max(wallSince(t0), 1e-9);
  const end = rig.rec.reading(endUs);

  const run = rig.rec.states.find((s) => s.value === 'running');
  if (!run) throw new Error(`bench: ${pacer} never started pacing`);
  const anchorUs = run.tUs;
  const lead = pacer === 'ours' ? (DEFAULT_SETTINGS.leadIn ? LEAD_BEATS : 1) : 0;
  const periodUs = 60e6 / ppm;
  const lastUs = anchorUs + spans.longMs * 1000;
  const pumps = rig.rec.pumpsUs.filter((t) => t <= lastUs);
  const late = pumps.map((t, k) => (t - (anchorUs + (lead + k) * periodUs)) / 1000);
  if (!pumps.length) throw new Error(`bench: ${pacer} paced no pump`);
  const sorted = late.slice().sort((a, b) => a - b);
  // drift: the mean over a window of pumps (by when they happened) against the first window
  const windowMean = (toUs: number) => mean(late.filter((_, k) => pumps[k] > toUs - spans.driftWindowMs * 1000 && pumps[k] <= toUs));
  const base = windowMean(pumps[0] + spans.driftWindowMs * 1000);
  const w = rig.rec.wakesAtPump.slice(0, pumps.length);
  const n = pumps.length;
  const i0 = Math.min(100, Math.floor(n / 4));
  let maxOnePump = 0;
  for (let k = 1; k < n; k++) maxOnePump = Math.max(maxOnePump, w[k] - w[k - 1]);
  const virtualHours = endUs / 3.6e9;
  return {
    timing: {
      tempoPpm: ppm, pumps: n, pumpsWithMotorOnset: Math.min(rig.rec.onsets, n),
      latenessMs: { mean: mean(late), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] },
      driftMs: { after30min: windowMean(anchorUs + spans.driftEarlyMs * 1000) - base, after8h: windowMean(lastUs) - base },
    },
    wakes: {
      steady: n - 1 > i0 ? (w[n - 1] - w[i0]) / (n - 1 - i0) : NaN,
      wholeRun: (end.wakes - run.reading.wakes) / n,
      maxOnePump,
    },
    speed: { virtualHours, wallSeconds, virtualHoursPerWallSecond: virtualHours / wallSeconds, timesRealTime: (endUs / 1e6) / wallSeconds },
    latency: stats,
  };
}

// ---------------------------------------------------------------------------
// Wake-ups per hour in idle, paused and done: one device through all three.

export interface PerHour {
  /** The first window after entering the state (idle: from boot; the auto-off wake is in it). */
  firstHour: number;
  secondHour: number;
}
export type StateWakes = Record<'idle' | 'paused' | 'done', PerHour>;

function statesRun(pacer: PacerName, spans: Spans, seed: number): { wakes: StateWakes; latency: LatencyStats } {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const rig = makeRig(pacer, 'puck', { latency: latencyModel(DESKTOP_LATENCY, streamSeed(seed, `states-${pacer}`), stats) });
  const S = spans.stateMs * 1000;
  const marks: Array<{ reading: Reading; state: string }> = [];
  // idle from boot
  rig.mark(0, marks);
  rig.mark(S, marks);
  rig.mark(2 * S, marks);
  // start, then a long press (1.5 s) pauses
  rig.press(2 * S + 1e6, SHORT_PRESS_MS);
  rig.press(2 * S + 61e6, 1500);
  const P = 2 * S + 70e6;
  rig.mark(P, marks);
  rig.mark(P + S, marks);
  rig.mark(P + 2 * S, marks);
  // resume, advance twice: the last phase ends by itself after 15 pumps
  const R = P + 2 * S;
  rig.press(R + 1e6, SHORT_PRESS_MS);
  rig.press(R + 31e6, SHORT_PRESS_MS);
  rig.press(R + 61e6, SHORT_PRESS_MS);
  const D = R + 120e6;
  rig.mark(D, marks);
  rig.mark(D + S, marks);
  rig.mark(D + 2 * S, marks);
  rig.env.clock.runUntil(D + 2 * S);
  const expect = ['idle', 'idle', 'idle', 'paused', 'paused', 'paused', 'done', 'done', 'done'];
  marks.forEach((m, i) => {
    if (m.state !== expect[i]) throw new Error(`bench: ${pacer} was ${m.state} at mark ${i}, expected ${expect[i]}`);
  });
  const perHour = (a: number, b: number) => ((marks[b].reading.wakes - marks[a].reading.wakes) * HOUR) / spans.stateMs;
  return {
    wakes: {
      idle: { firstHour: perHour(0, 1), secondHour: perHour(1, 2) },
      paused: { firstHour: perHour(3, 4), secondHour: perHour(4, 5) },
      done: { firstHour: perHour(6, 7), secondHour: perHour(7, 8) },
    },
    latency: stats,
  };
}

// ---------------------------------------------------------------------------
// Energy: the seed session (scenarios/seed.txt) on one board, then standby.

export interface EnergyFigures {
  /** From the first press to the session's last output (the done cue) going off. */
  sessionSeconds: number;
  pacingSeconds: number;
  motorOnSeconds: number;
  ledOnSeconds: number;
  /** Timer and watch callbacks in the session. */
  sessionWakes: number;
  /** Mean current from the start of pacing to done, mA. */
  pacingMeanMa: number;
  sessionMah: number;
  sessionsPerCr2032: number;
  /** Mean current idle after the auto-off (idle and done alike), µA. */
  idleMeanUa: number;
  standbyDays: number;
}

function seedRun(pacer: PacerName, board: BoardId, spans: Spans, seed: number, settings?: Partial<Settings>): EnergyFigures {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const latency = latencyModel(DESKTOP_LATENCY, streamSeed(seed, `seed-${pacer}-${board}`), stats);
  const rig = makeRig(pacer, board, { latency, settings });
  const actions = parseScenario(readFileSync(path.join(ROOT, 'scenarios/seed.txt'), 'utf8'));
  const marks: Array<{ reading: Reading; state: string }> = [];
  rig.mark(0, marks);
  for (const a of actions) rig.press(a.atMs * 1000, a.heldMs);
  const last = actions[actions.length - 1];
  rig.env.clock.runUntil((last.atMs + last.heldMs + 2 * MIN) * 1000);
  const running = rig.rec.states.find((s) => s.value === 'running');
  const done = rig.rec.states.find((s) => s.value === 'done');
  if (!running || !done) throw new Error(`bench: the seed session did not reach done on ${pacer}/${board}`);
  const out = rig.rec.lastOutput;
  const end = out && out.tUs > done.tUs ? out : done.reading;
  // standby: from 11 minutes after done (past the auto-off) for spans.standbyMs
  const sb0 = done.tUs + 11 * MIN * 1000;
  rig.mark(sb0, marks);
  rig.mark(sb0 + spans.standbyMs * 1000, marks);
  rig.env.clock.runUntil(sb0 + spans.standbyMs * 1000);
  const [start, idle0, idle1] = marks;
  const m: PowerModel = modelFor(board);
  const sessionMah = chargeMas(m, start.reading, end) / 3600;
  const idleMa = meanMa(m, idle0.reading, idle1.reading);
  return {
    sessionSeconds: (end.tUs - start.reading.tUs) / 1e6,
    pacingSeconds: (done.tUs - running.tUs) / 1e6,
    motorOnSeconds: (end.motorUs - start.reading.motorUs) / 1e6,
    ledOnSeconds: (end.ledUs - start.reading.ledUs) / 1e6,
    sessionWakes: end.wakes - start.reading.wakes + end.watchCalls - start.reading.watchCalls,
    pacingMeanMa: meanMa(m, running.reading, done.reading),
    sessionMah,
    sessionsPerCr2032: m.cellMah / sessionMah,
    idleMeanUa: idleMa * 1000,
    standbyDays: m.cellMah / idleMa / 24,
  };
}

// ---------------------------------------------------------------------------
// Memory: RAM in JsVars (the memory walk on the virtual Espruino's JsVar model,
// sim/memory), the real interpreter's figures where recorded
// (bench/memory/real-<board>.json, npm run memory --record), and code bytes,
// a Storage budget.

export interface MemoryFigures {
  /** JsVars held after boot, and the peak of the walk with its moment (the model), above an empty interpreter. */
  held: number;
  peak: number;
  peakMoment: string;
  pool: number;
  budget: { held: number; peak: number };
  /** The same, measured on the real interpreter for this very build (null: not recorded for it). */
  real: { held: number; peak: number; peakMoment: string } | null;
  /** The firmware's code in Storage (the resident file and every module), and its budget. */
  codeBytes: number;
  codeBudget: number;
}

function realFigures(board: BoardId): MemoryFigures['real'] {
  const file = path.join(ROOT, `bench/memory/real-${board}.json`);
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { build: string; rows: Array<{ moment: string; held: number; peak: number }> };
  if (r.build !== buildId()) return null;
  const top = r.rows.reduce((a, b) => (b.peak > a.peak ? b : a));
  return { held: r.rows.find((x) => x.moment === 'after boot')!.held, peak: top.peak, peakMoment: top.moment };
}

function memoryOurs(board: BoardId): MemoryFigures {
  const b = boardJsVars(board);
  const stored = (f: string, e: Parameters<typeof deviceBytes>[0]) => deviceBytes(e, readFileSync(path.join(ROOT, f), 'utf8'));
  const codeBytes = stored(bundlePath(board), board) + MODULE_KEYS.reduce((n, k) => n + stored(modulePath(k, board), k), 0);
  return {
    held: b.afterBoot, peak: b.peak.peak, peakMoment: b.peak.moment, pool: b.pool, budget: jsvarBudgets(board),
    real: realFigures(board), codeBytes, codeBudget: codeBudgetBytes(board),
  };
}

/** The naive pacer on the same model: boot, then a few seconds of pacing after a press. */
function memoryNaive(): MemoryFigures {
  const code = naiveCode();
  const rows = runVirtualWalk('puck', {
    code, modules: {},
    steps: [{ do: 'boot' }, { do: 'measure', moment: 'after boot' }, { do: 'press', heldMs: SHORT_PRESS_MS }, { do: 'wait', ms: 5000 }, { do: 'measure', moment: 'running' }],
  });
  const top = rows.reduce((a, b) => (b.peak > a.peak ? b : a));
  return {
    held: rows[0].held, peak: top.peak, peakMoment: top.moment, pool: CARDS.puck.jsvars.pool, budget: jsvarBudgets('puck'), real: null,
    codeBytes: tokenisedBytes(code), codeBudget: codeBudgetBytes('puck'),
  };
}

// ---------------------------------------------------------------------------
// The whole benchmark.

export interface PacerFigures {
  timing: Record<TempoKey, TimingFigures>;
  wakes: { perPump: Record<TempoKey, WakesPerPump>; perHour: StateWakes };
  memory: Partial<Record<BoardId, MemoryFigures>>;
  energy: Partial<Record<BoardId, EnergyFigures>>;
  /** Ours only: the Puck.js seed session with the cues the naive pacer lacks turned off (accentEvery 0, leadIn false). */
  energyPlainCues?: EnergyFigures;
  simSpeed: { bundle: Speed; core?: Speed };
}

export interface Goal {
  goal: string;
  ours: number;
  naive: number;
  unit: string;
  passOurs: boolean;
  passNaive: boolean | null;
}

export interface BenchResults {
  benchmark: string;
  mode: 'full' | 'reduced';
  date: string;
  machine: { cpu: string; cores: number; node: string; platform: string; release: string };
  seed: number;
  latencyModel: LatencyParams & { description: string; drawn: ReturnType<LatencyStats['summary']> };
  spans: Spans;
  naiveGateProblems: number;
  ours: PacerFigures;
  naive: PacerFigures;
  methods: Record<string, string>;
  powerModel: { figures: PowerModel; sources: typeof POWER_SOURCES; boards: Record<BoardId, string> };
  goals: Goal[];
  wallSeconds: number;
}

export interface BenchOptions {
  reduced?: boolean;
  seed?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

export const METHODS: Record<string, string> = {
  latency: 'every timer callback is delivered late by a draw from the latency model (seeded mulberry32 stream per run); watch callbacks and hardware-timed LED pulses are not delayed',
  lateness: 'onset = the microsecond the pump callback switched the motor on (the pump event and the motor onset share it: checked); ideal = anchor + (lead + k) x period, anchor = the start press acted on (release + debounce), lead = 3 lead-in beats for ours, 0 for the naive pacer',
  drift: 'mean lateness of the pumps in the minute before that time minus the mean of the first minute of pumps: how much later the rhythm lands than at its start (a constant offset is lateness, not drift)',
  wakesPerPump: 'timer callbacks (VirtualEspruino.wakes) from the 100th pump to the last, per pump; wholeRun from the start press (lead-in and the target cue included); maxOnePump between two onsets',
  wakesPerHour: 'timer callbacks over a window after entering the state (idle from boot, paused after a long press, done after the last phase), scaled to an hour; the first window of idle and of done holds the one auto-off wake at 10 min',
  memory: 'JsVars above an empty interpreter: the memory walk (sim/memory/moments.ts: boot, every console command, both setup gestures, sessions, the log, a recovery, the web flash) on the virtual Espruino with its JsVar model (sim/jsvars, calibrated on the real interpreter: test/fixtures/jsvars-calibration.json); held = after boot, peak = the highest of the walk; real = the same walk measured on the real interpreter built for Linux in the board\'s shape (bench/memory/real-<board>.json, npm run memory --record), shown only when recorded for this very build. Code bytes are Storage (pretokenised as flashed), never RAM',
  energy: 'the seed session (scenarios/seed.txt: presses at 0, 65, 130 s) in the virtual Espruino: LED and motor on-time (level-weighted) from the trace, radio advertising or asleep, and CPU wake-ups, through the power model; pacing = from the start press to done; session = first press to its last output going off; idle = an hour from 11 min after done (past the auto-off); sessions per CR2032 = 220 mAh / session charge (standby between sessions not included)',
  simSpeed: 'wall clock (process.hrtime) of the 60/min long run: virtual hours simulated per wall second; reported, never asserted',
};

export function runBench(opts: BenchOptions = {}): BenchResults {
  const t0 = process.hrtime.bigint();
  const spans = opts.reduced ? REDUCED_SPANS : FULL_SPANS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const progress = opts.progress ?? (() => {});
  const drawn = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const naiveGateProblems = gate(naiveCode()).length;

  const figures = (pacer: PacerName): PacerFigures => {
    const timing = {} as Record<TempoKey, TimingFigures>;
    const perPump = {} as Record<TempoKey, WakesPerPump>;
    let bundleSpeed: Speed | null = null;
    for (const ppm of TEMPOS) {
      progress(`${pacer}: ${spans.longMs / HOUR} h at ${ppm}/min`);
      const r = timingRun(pacer, ppm, spans, seed);
      drawn.merge(r.latency);
      timing[tempoKey(ppm)] = r.timing;
      perPump[tempoKey(ppm)] = r.wakes;
      if (ppm === DEFAULT_SETTINGS.ppm) bundleSpeed = r.speed;
    }
    progress(`${pacer}: idle, paused, done`);
    const states = statesRun(pacer, spans, seed);
    drawn.merge(states.latency);
    const boards: BoardId[] = pacer === 'ours' ? [...BOARDS] : ['puck'];
    const energy: Partial<Record<BoardId, EnergyFigures>> = {};
    const memory: Partial<Record<BoardId, MemoryFigures>> = {};
    for (const b of boards) {
      progress(`${pacer}: seed session on ${b}`);
      energy[b] = seedRun(pacer, b, spans, seed);
      memory[b] = pacer === 'ours' ? memoryOurs(b) : memoryNaive();
    }
    const simSpeed: PacerFigures['simSpeed'] = { bundle: bundleSpeed as Speed };
    const f: PacerFigures = { timing, wakes: { perPump, perHour: states.wakes }, memory, energy, simSpeed };
    if (pacer === 'ours') {
      progress('ours: seed session on puck, accents and lead-in off');
      f.energyPlainCues = seedRun('ours', 'puck', spans, seed, { accentEvery: 0, leadIn: false });
      progress(`ours: core engine, ${spans.longMs / HOUR} h at 60/min`);
      simSpeed.core = timingRun('ours', DEFAULT_SETTINGS.ppm, spans, seed, 'core').speed;
    }
    return f;
  };

  const ours = figures('ours');
  const naive = figures('naive');
  const results: BenchResults = {
    benchmark: 'npm run bench',
    mode: opts.reduced ? 'reduced' : 'full',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: os.platform(), release: os.release() },
    seed,
    latencyModel: { ...DESKTOP_LATENCY, description: describeLatency(DESKTOP_LATENCY), drawn: drawn.summary() },
    spans,
    naiveGateProblems,
    ours,
    naive,
    methods: METHODS,
    powerModel: { figures: modelFor('puck'), sources: POWER_SOURCES, boards: boardPowerNotes() },
    goals: goals(ours, naive),
    wallSeconds: 0,
  };
  results.wallSeconds = wallSince(t0);
  return results;
}

function goals(ours: PacerFigures, naive: PacerFigures): Goal[] {
  const worst = (pick: (k: TempoKey) => number) => Math.max(...TEMPOS.map((p) => pick(tempoKey(p))));
  const g = (goal: string, unit: string, o: number, n: number, pass: (v: number) => boolean, judgeNaive = true): Goal => ({
    goal, unit, ours: o, naive: n, passOurs: pass(o), passNaive: judgeNaive ? pass(n) : null,
  });
  const puckO = ours.memory.puck as MemoryFigures;
  const puckN = naive.memory.puck as MemoryFigures;
  const eO = ours.energy.puck as EnergyFigures;
  const eN = naive.energy.puck as EnergyFigures;
  return [
    g('<= 2 wake-ups per pump (steady pacing, worst tempo)', 'per pump', worst((k) => ours.wakes.perPump[k].steady), worst((k) => naive.wakes.perPump[k].steady), (v) => v <= 2),
    g('0 wake-ups per hour in idle (after the auto-off)', 'per hour', ours.wakes.perHour.idle.secondHour, naive.wakes.perHour.idle.secondHour, (v) => v === 0),
    g('drift <= 1 ms after 8 hours (worst tempo)', 'ms', worst((k) => Math.abs(ours.timing[k].driftMs.after8h)), worst((k) => Math.abs(naive.timing[k].driftMs.after8h)), (v) => v <= 1),
    g(`Puck.js JsVars held after boot <= ${puckO.budget.held} (model)`, 'vars', puckO.held, puckN.held, (v) => v <= puckO.budget.held),
    g('Puck.js JsVars held after boot <= 400 (the goal beyond)', 'vars', puckO.held, puckN.held, (v) => v <= 400),
    g(`Puck.js JsVars peak <= ${puckO.budget.peak} (model, every moment of the walk)`, 'vars', puckO.peak, puckN.peak, (v) => v <= puckO.budget.peak),
    g(`Puck.js code in Storage <= ${puckO.codeBudget} B`, 'B', puckO.codeBytes, puckN.codeBytes, (v) => v <= puckO.codeBudget),
    g('>= 800 seed sessions per CR2032', 'sessions', eO.sessionsPerCr2032, eN.sessionsPerCr2032, (v) => v >= 800),
    g('>= 1 year standby', 'days', eO.standbyDays, eN.standbyDays, (v) => v >= 365),
    g('bundle engine >= 10,000x real time', 'x', ours.simSpeed.bundle.timesRealTime, naive.simSpeed.bundle.timesRealTime, (v) => v >= 10000, false),
  ];
}

// ---------------------------------------------------------------------------
// The printed report.

function num(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds with a sensible number of decimals for their size. */
function ms(v: number): string {
  const a = Math.abs(v);
  return num(v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

function hours(msSpan: number): string {
  return msSpan >= HOUR ? `${num(msSpan / HOUR, msSpan % HOUR ? 1 : 0)} h` : `${num(msSpan / MIN, 0)} min`;
}

export function formatReport(r: BenchResults): string {
  const L: string[] = [];
  const W1 = 46;
  const W2 = 36;
  const row = (label: string, o: string, n: string) => L.push(`  ${label.padEnd(W1)}${o.padEnd(W2)}${n}`);
  const head = (title: string) => L.push('', title);
  const o = r.ours;
  const n = r.naive;
  const sp = r.spans;
  L.push(`Drainage pacer benchmark: ${r.mode} run, ${r.date}`);
  if (r.mode === 'reduced') L.push('REDUCED RUN (--quick): every span is shortened; the figures are produced, not comparable');
  L.push(`machine: ${r.machine.cpu} (${r.machine.cores} cores), Node ${r.machine.node}, ${r.machine.platform}`);
  L.push(`timer latency: ${r.latencyModel.description}; seed ${r.seed}`);
  L.push(`  (drawn: ${num(r.latencyModel.drawn.draws)} deliveries, mean ${r.latencyModel.drawn.meanMs.toFixed(3)} ms, p99 ${r.latencyModel.drawn.p99Ms.toFixed(3)} ms, max ${r.latencyModel.drawn.maxMs.toFixed(3)} ms)`);
  L.push(`naive baseline: ${NAIVE_PATH}, setInterval(tick, 10) from boot counting ticks; interpreter gate: ${r.naiveGateProblems ? `${r.naiveGateProblems} problem(s)` : 'ok'}`);
  L.push('');
  L.push(`  ${''.padEnd(W1)}${'ours (dist/pacer.puck.js)'.padEnd(W2)}naive (10 ms tick)`);
  for (const ppm of TEMPOS) {
    const k = tempoKey(ppm);
    const to = o.timing[k];
    const tn = n.timing[k];
    head(`Timing at ${ppm}/min, ${hours(sp.longMs)} of pacing (one press)`);
    row('pumps', num(to.pumps), num(tn.pumps));
    row('onset lateness mean / p99 / max (ms)', `${ms(to.latenessMs.mean)} / ${ms(to.latenessMs.p99)} / ${ms(to.latenessMs.max)}`, `${ms(tn.latenessMs.mean)} / ${ms(tn.latenessMs.p99)} / ${ms(tn.latenessMs.max)}`);
    row(`drift after ${hours(sp.driftEarlyMs)} / after ${hours(sp.longMs)} (ms)`, `${ms(to.driftMs.after30min)} / ${ms(to.driftMs.after8h)}`, `${ms(tn.driftMs.after30min)} / ${ms(tn.driftMs.after8h)}`);
  }
  head('Wake-ups (timer callbacks)');
  for (const ppm of TEMPOS) {
    const k = tempoKey(ppm);
    const wo = o.wakes.perPump[k];
    const wn = n.wakes.perPump[k];
    row(`per pump at ${ppm}/min: steady (whole run; max)`, `${wo.steady.toFixed(3)} (${wo.wholeRun.toFixed(4)}; ${wo.maxOnePump})`, `${wn.steady.toFixed(1)} (${wn.wholeRun.toFixed(1)}; ${wn.maxOnePump})`);
  }
  for (const st of ['idle', 'paused', 'done'] as const) {
    const a = o.wakes.perHour[st];
    const b = n.wakes.perHour[st];
    row(`per hour ${st}: first / second hour`, `${num(a.firstHour)} / ${num(a.secondHour)}`, `${num(b.firstHour)} / ${num(b.secondHour)}`);
  }
  const mo = o.memory.puck as MemoryFigures;
  const mn = n.memory.puck as MemoryFigures;
  head(`Memory, Puck.js (JsVars of ${num(mo.pool)}; code in Storage)`);
  row(`JsVars held after boot (model; budget ${mo.budget.held})`, num(mo.held), num(mn.held));
  row(`JsVars peak (model; budget ${mo.budget.peak})`, `${num(mo.peak)} (${mo.peakMoment})`, `${num(mn.peak)} (${mn.peakMoment})`);
  row('real interpreter, held / peak', mo.real ? `${num(mo.real.held)} / ${num(mo.real.peak)} (${mo.real.peakMoment})` : 'not recorded for this build', '-');
  row(`code in Storage, pretokenised (budget ${num(mo.codeBudget)} B)`, `${num(mo.codeBytes)} B`, `${num(mn.codeBytes)} B`);
  const eo = o.energy.puck as EnergyFigures;
  const en = n.energy.puck as EnergyFigures;
  head('Energy, Puck.js, seed session (scenarios/seed.txt)');
  row('session / pacing (s)', `${eo.sessionSeconds.toFixed(1)} / ${eo.pacingSeconds.toFixed(1)}`, `${en.sessionSeconds.toFixed(1)} / ${en.pacingSeconds.toFixed(1)}`);
  row('motor on / LED on (s, level-weighted)', `${eo.motorOnSeconds.toFixed(2)} / ${eo.ledOnSeconds.toFixed(2)}`, `${en.motorOnSeconds.toFixed(2)} / ${en.ledOnSeconds.toFixed(2)}`);
  row('CPU wake-ups in the session', num(eo.sessionWakes), num(en.sessionWakes));
  row('mean current while pacing', `${eo.pacingMeanMa.toFixed(2)} mA`, `${en.pacingMeanMa.toFixed(2)} mA`);
  row('mean current idle (after the auto-off)', `${num(eo.idleMeanUa, 1)} µA`, `${num(en.idleMeanUa, 1)} µA`);
  row('charge per seed session', `${eo.sessionMah.toFixed(3)} mAh`, `${en.sessionMah.toFixed(3)} mAh`);
  row('seed sessions per CR2032 (220 mAh)', num(eo.sessionsPerCr2032), num(en.sessionsPerCr2032));
  if (o.energyPlainCues) row('  ours with accents and lead-in off', `${num(o.energyPlainCues.sessionsPerCr2032)} (${o.energyPlainCues.pacingMeanMa.toFixed(2)} mA pacing)`, '-');
  row('standby on a CR2032', `${num(eo.standbyDays)} days`, `${num(en.standbyDays)} days`);
  head(`Simulator speed (${hours(sp.longMs)} at 60/min; wall clock, reported only)`);
  const speed = (s: Speed) => `${num(s.virtualHoursPerWallSecond, 1)} h/s (${num(s.timesRealTime)}x)`;
  row('bundle engine: virtual hours per wall second', speed(o.simSpeed.bundle), speed(n.simSpeed.bundle));
  row('core engine: virtual hours per wall second', o.simSpeed.core ? speed(o.simSpeed.core) : '-', '-');

  head('Per board (ours)');
  const boards = BOARDS.filter((b) => o.memory[b] && o.energy[b]);
  const col = 12;
  L.push(`  ${''.padEnd(W1)}${boards.map((b) => b.padEnd(col)).join('')}`);
  const brow = (label: string, f: (b: BoardId) => string) => L.push(`  ${label.padEnd(W1)}${boards.map((b) => f(b).padEnd(col)).join('')}`);
  brow('code in Storage (B) / budget', (b) => `${o.memory[b]!.codeBytes}/${o.memory[b]!.codeBudget}`);
  brow('JsVars held after boot / budget', (b) => `${o.memory[b]!.held}/${o.memory[b]!.budget.held}`);
  brow('JsVars peak / budget', (b) => `${o.memory[b]!.peak}/${o.memory[b]!.budget.peak}`);
  brow('JsVars peak, real interpreter', (b) => (o.memory[b]!.real ? String(o.memory[b]!.real!.peak) : '-'));
  brow('pool', (b) => String(o.memory[b]!.pool));
  brow('mean current while pacing (mA)', (b) => o.energy[b]!.pacingMeanMa.toFixed(2));
  brow('charge per seed session (mAh)', (b) => o.energy[b]!.sessionMah.toFixed(3));
  brow('seed sessions per 220 mAh', (b) => num(o.energy[b]!.sessionsPerCr2032));
  brow('standby (days)', (b) => num(o.energy[b]!.standbyDays));

  head('Power model (scripts/power-model.ts)');
  for (const s of r.powerModel.sources) L.push(`  ${s.item.padEnd(34)}${s.used.padEnd(40)}${s.source}`);
  for (const b of BOARDS) L.push(`  ${b.padEnd(10)}${r.powerModel.boards[b]}`);

  head('Goals (judged on ours; the naive pacer for comparison)');
  for (const g of r.goals) {
    const verdict = g.passNaive === null ? '(not a goal for it)' : g.passNaive ? 'pass' : 'miss';
    L.push(`  ${g.passOurs ? 'PASS' : 'MISS'}  ${g.goal.padEnd(54)}${`${fmtGoal(g.ours)} ${g.unit}`.padEnd(20)}naive ${fmtGoal(g.naive)} ${verdict}`);
  }
  L.push('', `wall time ${r.wallSeconds.toFixed(1)} s`);
  return L.join('\n');
}

function fmtGoal(v: number): string {
  const a = Math.abs(v);
  if (Number.isInteger(v)) return num(v);
  return a >= 100 ? num(v) : a >= 10 ? num(v, 1) : num(v, 3);
}

// ---------------------------------------------------------------------------

function main(argv: string[]): number {
  const reduced = argv.includes('--quick');
  const i = argv.indexOf('--seed');
  const seed = i >= 0 ? Number(argv[i + 1]) : DEFAULT_SEED;
  if (!Number.isInteger(seed)) {
    console.error('bench: --seed takes an integer');
    return 2;
  }
  const results = runBench({ reduced, seed, progress: (l) => process.stderr.write(`bench: ${l}\n`) });
  const out = reduced ? QUICK_RESULTS_PATH : RESULTS_PATH;
  mkdirSync(path.dirname(path.join(ROOT, out)), { recursive: true });
  writeFileSync(path.join(ROOT, out), JSON.stringify(results, null, 2) + '\n');
  console.log(formatReport(results));
  console.log(`wrote ${out}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
