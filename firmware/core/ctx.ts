// The working set of one step: the config, the result being built, the state
// in it and the time. step() and setupStep() set it first thing and every
// helper reads it, instead of passing (cfg, result, now) down every call:
// on the device, minified code is RAM, and that plumbing cost about 0.8 KB
// of a 6 KB budget. Nothing here outlives a step: each step starts afresh
// from its arguments, so step() stays a pure function of them.
import { Config, Result, State } from './types';

export let cfg: Config;
export let res: Result;
export let st: State;
export let now: number;

/** Start a step: a copy of the state (states are values) and an empty result. */
export function enter(c: Config, prev: State, t: number): Result {
  cfg = c;
  now = t;
  res = { next: Object.assign({}, prev), ledPulse: null, motorPulse: null, atMs: null, setPpm: 0, sleepNow: false };
  st = res.next;
  return res;
}
