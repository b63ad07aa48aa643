// The working set of one step: the config, the result being built, the state
// in it and the time. step() and setupStep() set it first thing (enter) and
// let go of it last (leave), and every helper reads it, instead of passing
// (cfg, result, now) down every call. On the device a parameter is a JsVar
// held by its function for good, so passing these down 20 helpers would hold
// about 40 JsVars; these four names hold 4. Nothing here outlives a step:
// each starts afresh from its arguments, so step() stays a pure function of
// them, and between steps nothing here keeps an old config or result alive.
import { Config, Result, State } from './types';

export let cfg: Config;
export let res: Result;
export let st: State;
export let now: number;
/** The default cue table of this machine (cues.ts): the pacing step's, or the setup machine's. */
export let cues: string;

/** Start a step: a copy of the state (states are values) and an empty result. */
export function enter(c: Config, prev: State, t: number, table: string): Result {
  cfg = c;
  cues = table;
  now = t;
  res = { next: Object.assign({}, prev), ledPulse: null, motorPulse: null, atMs: null, set: null, entry: null, sleepNow: false };
  st = res.next;
  return res;
}

/** End a step: the working set lets go of the config, the result and the state. */
export function leave() {
  cfg = res = st = cues = null as never;
}
