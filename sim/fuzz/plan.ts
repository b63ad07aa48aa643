// One fuzz run, drawn from one seed: the board, a valid protocol and
// settings, the therapist's button (presses, holds of every length, storms,
// contact bounce), and the faults. Each part draws from its own stream of the
// seed (streamSeed), so adding a draw to one part does not reshuffle the
// others. Everything here is data: sim/fuzz/run.ts plays it.
import { PROTOCOLS } from '../../firmware/core/library';
import { MAX_ACCENT_EVERY, PPM_MAX, PPM_MIN, PUSH_MS_MAX, PUSH_MS_MIN, STRENGTH_MAX, STRENGTH_MIN, TARGET_MS_MIN } from '../../firmware/core/limits';
import { Phase, Protocol, Settings } from '../../firmware/core/types';
import { MAX_PHASES, validateProtocol, validateSettings, errorText } from '../../firmware/core/validate';
import { BoardId, BOARDS, CARDS } from '../../boards';
import { mulberry32, streamSeed } from '../latency';

/** Limits on one run: a bound on everything. */
export const MAX_RUN_MS = 40 * 60 * 1000;
export const MAX_PRESSES = 120;
/**
 * The shortest press and the shortest gap between presses: 20 ms of bounce, then the 25 ms
 * debounce, then margin. Anything shorter is itself a bounce, not a press (one press, one action).
 */
export const MIN_GAP_MS = 80;
/** A bounce burst lasts at most this long after an edge. */
export const BOUNCE_MAX_MS = 20;

export type FaultKind = 'late' | 'clock' | 'storage' | 'torn' | 'throw' | 'power' | 'hang' | 'bounce';
export const FAULT_KINDS: FaultKind[] = ['late', 'clock', 'storage', 'torn', 'throw', 'power', 'hang', 'bounce'];

/** Built-ins an injected exception can come out of (sim/virtual-espruino.ts `faulty`). */
export const THROWING_APIS = ['digitalWrite', 'digitalPulse', 'analogWrite', 'E.getBattery', 'setTimeout', 'Storage'];

export interface PressPlan {
  atMs: number;
  holdMs: number;
  /** Contact bounce after the press and after the release: toggle times in µs after the edge (an even count). */
  bounceDownUs: number[];
  bounceUpUs: number[];
}

export interface FaultPlan {
  /** Chance a timer armed 1.5 s or more ahead is delivered late (the interpreter slept through it), and by at most this. */
  lateP: number;
  lateMaxMs: number;
  /** Every timer is delivered up to this late (a busy interpreter: radio, flash). */
  jitterMaxMs: number;
  clockSteps: Array<{ atMs: number; stepMs: number }>;
  /** Chance a Storage write fails; chance it is torn (the power goes mid-write). */
  writeFailP: number;
  tornP: number;
  throws: Array<{ atMs: number; api: string }>;
  powerCycles: number[];
  hangs: number[];
  /** Battery percent at the start and at the end of the run (a straight line between). */
  battFromPct: number;
  battToPct: number;
}

export interface FuzzPlan {
  seed: number;
  board: BoardId;
  protocol: Protocol;
  settings: Settings;
  runMs: number;
  presses: PressPlan[];
  faults: FaultPlan;
}

type Rng = () => number;

function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function pick<T>(r: Rng, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/**
 * A board, each as often as its card's fuzzWeight says: one draw, over the cards by pool, smallest
 * first, so the order the registry lists them in (boards/index.ts) never moves a seed's board.
 */
function pickBoard(r: Rng): BoardId {
  const byPool = [...BOARDS].sort((a, b) => CARDS[a].jsvars.pool - CARDS[b].jsvars.pool);
  let x = Math.floor(r() * byPool.reduce((n, b) => n + CARDS[b].fuzzWeight, 0));
  for (const b of byPool) {
    x -= CARDS[b].fuzzWeight;
    if (x < 0) return b;
  }
  return byPool[byPool.length - 1];
}

/** A push shorter than the period at `ppm`, as the validator demands. */
function pushFor(r: Rng, ppm: number): number {
  return int(r, PUSH_MS_MIN, Math.min(PUSH_MS_MAX, Math.floor(60000 / ppm) - 1));
}

function randomPhase(r: Rng, i: number, setPpm: number): Phase {
  const ppm = r() < 0.5 ? 0 : int(r, PPM_MIN, PPM_MAX);
  // a phase ends at a time or at a count (the validator asks for one of them)
  const timed = r() < 0.45;
  return {
    id: `p${i}`, name: `Phase ${i + 1}`, guide: '',
    ppm, pushMs: r() < 0.6 ? 0 : pushFor(r, ppm || setPpm),
    targetMs: timed ? int(r, TARGET_MS_MIN, 90000) : 0, // at most 1.5 min: a run sees timed phases end
    pumps: timed ? 0 : int(r, 1, 40),
  };
}

function protocolFor(r: Rng, setPpm: number): Protocol {
  const which = r();
  if (which < 0.3) return PROTOCOLS['head-drainage'];
  if (which < 0.45) return PROTOCOLS['head-neck'];
  const phases: Phase[] = [];
  for (let i = int(r, 1, MAX_PHASES); i > 0; i--) phases.push(randomPhase(r, phases.length, setPpm));
  return { id: 'fuzz', name: 'Fuzz', phases };
}

function settingsFor(r: Rng): Settings {
  const ppm = r() < 0.3 ? 60 : int(r, PPM_MIN, PPM_MAX);
  return {
    ppm, strength: r() < 0.5 ? 1 : Math.round((STRENGTH_MIN + (STRENGTH_MAX - STRENGTH_MIN) * r()) * 100) / 100,
    led: r() < 0.85, haptic: r() < 0.85, leadIn: r() < 0.7, autoAdvance: r() < 0.3,
    accentEvery: int(r, 0, MAX_ACCENT_EVERY), pushMs: r() < 0.5 ? 400 : pushFor(r, ppm), idleOffMin: pick(r, [0, 1, 2, 10]),
  };
}

/** A hold: short, long, very long, or within 40 ms of a threshold (where classification can slip). */
function holdMs(r: Rng): number {
  const k = r();
  if (k < 0.55) return int(r, 80, 900);
  if (k < 0.75) return int(r, 1000, 2900);
  if (k < 0.85) return int(r, 3000, 7000);
  return pick(r, [1000, 3000]) + int(r, -40, 40);
}

/** A burst of contact bounce: 1-20 ms long, an even number of toggles (the contact settles where it went). */
function bounce(r: Rng, on: boolean): number[] {
  if (!on || r() < 0.4) return [];
  const spanUs = int(r, 1000, BOUNCE_MAX_MS * 1000);
  const n = 2 * int(r, 1, 4);
  const ts: number[] = [];
  for (let i = 0; i < n; i++) ts.push(int(r, 50, spanUs));
  return ts.sort((a, b) => a - b);
}

function pressesFor(r: Rng, runMs: number, bouncy: boolean): PressPlan[] {
  const out: PressPlan[] = [];
  let t = int(r, 0, 3000);
  while (t < runMs && out.length < MAX_PRESSES) {
    const hold = holdMs(r);
    out.push({ atMs: t, holdMs: hold, bounceDownUs: bounce(r, bouncy), bounceUpUs: bounce(r, bouncy) });
    // a storm now and then: presses MIN_GAP_MS-400 ms apart; otherwise the therapist's pace
    const storm = r() < 0.1;
    t += hold + (storm ? int(r, MIN_GAP_MS, 400) : int(r, 500, 90000));
    if (storm) for (let k = int(r, 3, 15); k > 0 && out.length < MAX_PRESSES; k--) {
      const h = int(r, MIN_GAP_MS, 400);
      out.push({ atMs: t, holdMs: h, bounceDownUs: bounce(r, bouncy), bounceUpUs: bounce(r, bouncy) });
      t += h + int(r, MIN_GAP_MS, 400);
    }
  }
  return out;
}

function times(r: Rng, on: boolean, runMs: number, max: number): number[] {
  if (!on) return [];
  const out: number[] = [];
  for (let k = int(r, 1, max); k > 0; k--) out.push(int(r, 0, runMs));
  return out.sort((a, b) => a - b);
}

function faultsFor(r: Rng, runMs: number, on: Set<FaultKind>): FaultPlan {
  const steps = times(r, on.has('clock'), runMs, 4).map((atMs) => ({
    atMs,
    // setTime() over the console: a slew of up to 2 s, hours either way, or to the calendar
    // (the Web IDE or a phone app setting the clock on connect)
    stepMs: pick(r, [int(r, -2000, 2000), int(r, -7200000, 7200000), 1.7e12 + int(r, 0, 1e9)]),
  }));
  return {
    lateP: on.has('late') ? 0.2 + 0.8 * r() : 0,
    lateMaxMs: 1000,
    jitterMaxMs: on.has('late') ? int(r, 0, 40) : 0,
    clockSteps: steps,
    writeFailP: on.has('storage') ? 0.1 + 0.6 * r() : 0,
    tornP: on.has('torn') ? 0.05 + 0.3 * r() : 0,
    throws: times(r, on.has('throw'), runMs, 6).map((atMs) => ({ atMs, api: pick(r, THROWING_APIS) })),
    powerCycles: times(r, on.has('power'), runMs, 3),
    hangs: times(r, on.has('hang'), runMs, 2),
    battFromPct: r() < 0.7 ? 80 : int(r, 0, 100),
    battToPct: int(r, 0, 100),
  };
}

/** The run a seed stands for. `only`: the fault kinds allowed (a test of one kind); by default each is drawn. */
export function planFor(seed: number, only: FaultKind[] = FAULT_KINDS): FuzzPlan {
  const r = mulberry32(streamSeed(seed, 'setup'));
  const board = pickBoard(r);
  const settings = settingsFor(r);
  const protocol = protocolFor(r, settings.ppm);
  const runMs = int(r, 2, 25) * 60000;
  const kinds = mulberry32(streamSeed(seed, 'kinds'));
  const on = new Set(only.filter(() => kinds() < 0.5));
  const presses = pressesFor(mulberry32(streamSeed(seed, 'button')), runMs, on.has('bounce'));
  // a Bangle's firmware kicks its own watchdog from a hardware timer: a JavaScript hang there
  // is not reset (only a long BTN1 hold reboots it), so it is not drawn (README)
  if (CARDS[board].hardware.bangle) on.delete('hang');
  const faults = faultsFor(mulberry32(streamSeed(seed, 'faults')), runMs, on);
  const bad = [...validateProtocol(protocol), ...validateSettings(settings, false)];
  if (bad.length) throw new Error(`fuzz plan for seed ${seed} drew an invalid setup: ${errorText(bad)}`);
  return { seed, board, protocol, settings, runMs: Math.min(runMs, MAX_RUN_MS), presses, faults };
}

/** The fault kinds a plan exercises. */
export function kindsOf(p: FuzzPlan): FaultKind[] {
  const f = p.faults;
  const k: FaultKind[] = [];
  if (f.lateP > 0) k.push('late');
  if (f.clockSteps.length) k.push('clock');
  if (f.writeFailP > 0) k.push('storage');
  if (f.tornP > 0) k.push('torn');
  if (f.throws.length) k.push('throw');
  if (f.powerCycles.length) k.push('power');
  if (f.hangs.length) k.push('hang');
  if (p.presses.some((x) => x.bounceDownUs.length || x.bounceUpUs.length)) k.push('bounce');
  return k;
}
