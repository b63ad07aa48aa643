// The soak: back-to-back seed sessions on the device bundle for a day of
// virtual time, with the desktop timer latency. Per hour it records what the
// firmware holds (its state and fault list as JSON, the interpreter's timers
// and watches, the context's globals, Storage in use) and the rhythm (pump
// intervals within a phase, and how far each pump is from its anchored beat).
import { makeConfig } from '../firmware/config';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { BundleEngine } from './engines/bundle-engine';
import { SimEnv } from './env';
import { Action } from './scenario';
import { scheduleActions } from './session';
import { stateVars } from './fuzz/invariants';
import { HARDWARE } from './hardware';
import { DESKTOP_LATENCY, latencyModel } from './latency';

/** One session: start, next phase at 65 s and 130 s, the close counts 15, a press after done back to idle. */
export const SESSION_MS = 160_000;
const PRESSES_MS = [0, 65_000, 130_000, 155_000];

export interface SoakHour {
  hour: number;
  sessions: number;
  pumps: number;
  /** Largest state + fault list seen in the hour, in variables (sim/fuzz/invariants.ts stateVars). */
  stateVars: number;
  timers: number;
  watches: number;
  globals: number;
  storageBytes: number;
  /** Pump-to-pump intervals within a phase, ms. */
  meanIntervalMs: number;
  maxIntervalErrorMs: number;
}

export function runSoak(hours: number, seed = 1): SoakHour[] {
  if (!(hours > 0 && hours <= 48)) throw new Error(`soak: hours must be in (0, 48] (got ${hours})`);
  const env = new SimEnv(makeConfig(HEAD_DRAINAGE, DEFAULT_SETTINGS));
  const engine = new BundleEngine(env, HARDWARE.puck);
  engine.device.latency = latencyModel(DESKTOP_LATENCY, seed);
  const clock = env.clock;
  const endUs = hours * 3600e6;
  const actions: Action[] = [];
  for (let t = 1000; (t + SESSION_MS) * 1000 <= endUs; t += SESSION_MS) {
    for (const p of PRESSES_MS) actions.push({ atMs: t + p, heldMs: 150, line: 0 });
  }
  scheduleActions(env, engine, actions);
  const out: SoakHour[] = [];
  let hour = newHour(0);
  let last = { n: 0, phase: 0, state: 'idle', atUs: 0 };
  let intervals: number[] = [];
  clock.afterEach = () => {
    const h = Math.floor(clock.nowUs / 3600e6);
    if (h !== hour.hour) {
      out.push(finish(hour, intervals));
      hour = newHour(h);
      intervals = [];
    }
    const st = engine.status();
    if (st.state === 'running' && st.n !== last.n && st.n > 0) {
      hour.pumps += 1;
      if (last.state === 'running' && last.phase === st.phase && last.n > 0) intervals.push((clock.nowUs - last.atUs) / 1000);
      last = { n: st.n, phase: st.phase, state: st.state, atUs: clock.nowUs };
    } else if (st.state !== last.state || st.phase !== last.phase) last = { ...last, n: st.n, phase: st.phase, state: st.state };
    if (st.state === 'done' && hour.lastState !== 'done') hour.sessions += 1;
    hour.lastState = st.state;
    const d = engine.device;
    hour.stateVars = Math.max(hour.stateVars, stateVars(d));
    hour.timers = Math.max(hour.timers, d.armedTimers());
    hour.watches = Math.max(hour.watches, d.watchCount());
    hour.globals = Math.max(hour.globals, Object.keys(d.context).length);
    hour.storageBytes = Math.max(hour.storageBytes, d.storage.used());
  };
  clock.runUntil(endUs);
  clock.afterEach = null;
  out.push(finish(hour, intervals));
  if (engine.device.uncaught) throw new Error(`soak: uncaught errors: ${engine.device.console.join(' | ')}`);
  return out.filter((h) => h.hour < hours);
}

function newHour(hour: number): SoakHour & { lastState: string } {
  return { hour, sessions: 0, pumps: 0, stateVars: 0, timers: 0, watches: 0, globals: 0, storageBytes: 0, meanIntervalMs: 0, maxIntervalErrorMs: 0, lastState: '' };
}

function finish(h: SoakHour & { lastState?: string }, intervals: number[]): SoakHour {
  const periodMs = 60000 / DEFAULT_SETTINGS.ppm;
  delete h.lastState;
  h.meanIntervalMs = intervals.reduce((a, b) => a + b, 0) / Math.max(1, intervals.length);
  h.maxIntervalErrorMs = Math.max(0, ...intervals.map((x) => Math.abs(x - periodMs)));
  return h;
}
