// One simulated session: a scenario's button actions played on an engine,
// on the virtual clock, as fast as the CPU allows. Returns the trace.
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { Protocol, Settings, Status } from '../firmware/core/types';
import { makeConfig } from '../firmware/config';
import { readLog } from './device-files';
import { LoggedSession } from './log-export';
import { BoardId } from '../boards';
import { BundleEngine } from './engines/bundle-engine';
import { CoreEngine } from './engines/core-engine';
import { BatteryModel, Engine, EngineName, SimEnv } from './env';
import { HARDWARE } from './hardware';
import { Action } from './scenario';
import { TraceEvent } from './trace-events';

export interface SessionOptions {
  actions: Action[];
  engine?: EngineName;
  board?: BoardId;
  /**
   * A protocol and settings changes chosen before the session (validated: sim/setup-input.ts).
   * The bundle engine gets them the way a real pacer does, through its console commands
   * pacer.protocol(...) and pacer.settings({...}), which validate again and write Storage.
   */
  protocol?: Protocol;
  settings?: Partial<Settings>;
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
  /** The sessions the device logged, oldest first (a corrupted entry: entry null). */
  log: LoggedSession[];
  engine: Engine;
  env: SimEnv;
}

/** Enough for any built-in protocol to finish after its last press. */
export const DEFAULT_TAIL_MS = 30 * 60 * 1000;

export function createEngine(env: SimEnv, name: EngineName, board: BoardId): Engine {
  const hw = HARDWARE[board];
  return name === 'core' ? new CoreEngine(env, env.config, hw) : new BundleEngine(env, hw);
}

/** The bundle engine: push protocol and settings over the virtual console, as the web companion or a person would. */
function push(engine: Engine, protocol: Protocol | undefined, settings: Partial<Settings> | undefined): void {
  if (!(engine instanceof BundleEngine)) return;
  if (protocol) engine.console(`pacer.protocol(${JSON.stringify(protocol)})`);
  if (settings) engine.console(`pacer.settings(${JSON.stringify(settings)})`);
}

/** The sessions an engine logged: the core engine's own list, or the bundle's Storage ring. */
export function loggedSessions(engine: Engine): LoggedSession[] {
  if (engine instanceof CoreEngine) return engine.log.map((entry, n) => ({ n, entry }));
  return readLog((engine as BundleEngine).device.storage).map((r) => ({ n: r.n, entry: r.entry }));
}

/** Put the scenario's button edges on the clock. */
export function scheduleActions(env: SimEnv, engine: Engine, actions: Action[]): void {
  for (const a of actions) {
    env.clock.at(a.atMs * 1000, () => engine.button(true));
    env.clock.at((a.atMs + a.heldMs) * 1000, () => engine.button(false));
  }
}

export function runSession(opts: SessionOptions): SessionResult {
  const env = new SimEnv(makeConfig(opts.protocol ?? HEAD_DRAINAGE, { ...DEFAULT_SETTINGS, ...opts.settings }));
  if (opts.battery) env.battery = opts.battery;
  const engine = createEngine(env, opts.engine ?? 'bundle', opts.board ?? 'puck');
  push(engine, opts.protocol, opts.settings);
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
