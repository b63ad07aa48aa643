// One simulated session: a scenario's button actions played on an engine,
// on the virtual clock, as fast as the CPU allows. Returns the trace.
import { Config, Status } from '../firmware/core/types';
import { defaultConfig } from '../firmware/config';
import { BoardId } from '../scripts/boards';
import { BundleEngine } from './engines/bundle-engine';
import { CoreEngine } from './engines/core-engine';
import { Engine, EngineName, SimEnv } from './env';
import { HARDWARE } from './hardware';
import { Action } from './scenario';
import { TraceEvent } from './trace';

export interface SessionOptions {
  actions: Action[];
  engine?: EngineName;
  board?: BoardId;
  config?: Config;
  /** After the last action, keep simulating at most this long for the session to end by itself. */
  tailMs?: number;
}

export interface SessionResult {
  events: TraceEvent[];
  jsonl: string;
  status: Status;
  endMs: number;
  engine: Engine;
  env: SimEnv;
}

/** Enough for any built-in protocol to finish after its last press. */
export const DEFAULT_TAIL_MS = 30 * 60 * 1000;

export function createEngine(env: SimEnv, name: EngineName, board: BoardId): Engine {
  const hw = HARDWARE[board];
  return name === 'core' ? new CoreEngine(env, env.config, hw) : new BundleEngine(env, hw);
}

/** Put the scenario's button edges on the clock. */
export function scheduleActions(env: SimEnv, engine: Engine, actions: Action[]): void {
  for (const a of actions) {
    env.clock.at(a.atMs * 1000, () => engine.button(true));
    env.clock.at((a.atMs + a.heldMs) * 1000, () => engine.button(false));
  }
}

export function runSession(opts: SessionOptions): SessionResult {
  const env = new SimEnv(opts.config ?? defaultConfig());
  const engine = createEngine(env, opts.engine ?? 'bundle', opts.board ?? 'puck');
  scheduleActions(env, engine, opts.actions);
  const last = opts.actions.length ? opts.actions[opts.actions.length - 1] : { atMs: 0, heldMs: 0 };
  env.clock.runQuiet((last.atMs + last.heldMs + (opts.tailMs ?? DEFAULT_TAIL_MS)) * 1000);
  return {
    events: env.trace.events, jsonl: env.trace.toJsonl(), status: engine.status(),
    endMs: env.clock.nowUs / 1000, engine, env,
  };
}
