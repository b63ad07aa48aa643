// One simulated session: a scenario's button actions played on an engine,
// on the virtual clock, as fast as the CPU allows. Returns the trace.
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { LogEntry, Protocol, Settings, Status } from '../firmware/core/types';
import { makeConfig } from '../firmware/config';
import { configFiles, readLog } from './device-files';
import { BoardId } from '../scripts/boards';
import { BundleEngine } from './engines/bundle-engine';
import { CoreEngine } from './engines/core-engine';
import { BatteryModel, Engine, EngineName, SimEnv } from './env';
import { HARDWARE } from './hardware';
import { Action } from './scenario';
import { TraceEvent } from './trace';

export interface SessionOptions {
  actions: Action[];
  engine?: EngineName;
  board?: BoardId;
  /** A protocol and settings pushed to the device before it boots (defaults: the seed, the reference settings). */
  protocol?: Protocol;
  settings?: Settings;
  battery?: BatteryModel;
  /** After the last action, keep simulating at most this long for the session to end by itself. */
  tailMs?: number;
}

export interface SessionResult {
  events: TraceEvent[];
  jsonl: string;
  status: Status;
  /** When the clock went quiet (the auto-off included). */
  endMs: number;
  /** The last event that is not the radio going to sleep: where a summary or a plot ends. */
  activeEndMs: number;
  /** The sessions the device logged. */
  log: LogEntry[];
  engine: Engine;
  env: SimEnv;
}

/** Enough for any built-in protocol to finish after its last press. */
export const DEFAULT_TAIL_MS = 30 * 60 * 1000;

export function createEngine(env: SimEnv, name: EngineName, board: BoardId, files: Record<string, string> = {}): Engine {
  const hw = HARDWARE[board];
  return name === 'core' ? new CoreEngine(env, env.config, hw) : new BundleEngine(env, hw, files);
}

/** The sessions an engine logged: the core engine's own list, or the bundle's Storage ring. */
export function loggedSessions(engine: Engine): LogEntry[] {
  if (engine instanceof CoreEngine) return engine.log;
  const rows = readLog((engine as BundleEngine).device.storage);
  return rows.filter((r) => r.entry).map((r) => r.entry as LogEntry);
}

/** Put the scenario's button edges on the clock. */
export function scheduleActions(env: SimEnv, engine: Engine, actions: Action[]): void {
  for (const a of actions) {
    env.clock.at(a.atMs * 1000, () => engine.button(true));
    env.clock.at((a.atMs + a.heldMs) * 1000, () => engine.button(false));
  }
}

export function runSession(opts: SessionOptions): SessionResult {
  const env = new SimEnv(makeConfig(opts.protocol ?? HEAD_DRAINAGE, opts.settings ?? DEFAULT_SETTINGS));
  if (opts.battery) env.battery = opts.battery;
  const files = configFiles(opts.protocol ?? null, opts.settings ?? null);
  const engine = createEngine(env, opts.engine ?? 'bundle', opts.board ?? 'puck', files);
  scheduleActions(env, engine, opts.actions);
  const last = opts.actions.length ? opts.actions[opts.actions.length - 1] : { atMs: 0, heldMs: 0 };
  env.clock.runQuiet((last.atMs + last.heldMs + (opts.tailMs ?? DEFAULT_TAIL_MS)) * 1000);
  const active = env.trace.events.filter((e) => e.type !== 'sleep');
  return {
    events: env.trace.events, jsonl: env.trace.toJsonl(), status: engine.status(),
    endMs: env.clock.nowUs / 1000, activeEndMs: active.length ? active[active.length - 1].t_ms : 0,
    log: loggedSessions(engine), engine, env,
  };
}
