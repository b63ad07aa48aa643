// Host rules: what every host decides around a step the same way, written
// once. The device adapter (firmware/adapter.ts) and the simulator's core
// engine (sim/engines/core-engine.ts) both call these and keep only their own
// I/O: the rules are pure, the reading, the timer and Storage are the host's.
// Few functions, on purpose: on the device each one holds JsVars for as long
// as the pacer runs (README: Memory), so what fits in the step's result is
// there instead (Result.set, Result.entry, Result.sleepNow).
import { BATT_EVERY_MS } from './limits';
import { Pulse } from './types';

/**
 * Whether an event takes a battery reading with it: every press does, anything else at most once
 * a minute (each reading is an ADC conversion; README: Battery and power). `lastMs`: when the last
 * reading was taken (-Infinity: never). The host takes the reading and keeps `lastMs`.
 */
export function battDue(kind: string, nowMs: number, lastMs: number): boolean {
  return kind === 'press' || nowMs - lastMs >= BATT_EVERY_MS;
}

/**
 * The Bangle.js 2's motor: Bangle.buzz queues, so a buzz asked for while one runs would play
 * late; it is skipped, and the one running stops (what asks for a new buzz is a new state: a
 * pause, a phase). Answers when the buzz that starts now ends, or -1: none starts, the motor goes
 * off. `untilMs`: when the last buzz started ends. (Only the Bangle.js 2's bundle holds this.)
 */
export function buzzEnd(p: Pulse, nowMs: number, untilMs: number): number {
  return p.level <= 0 || nowMs < untilMs ? -1 : nowMs + p.ms;
}
