// The trace's events as types, one per `type`, and the parser of a JSON Lines
// trace into them. The writer (trace.ts) builds these, the reader
// (trace-reader.ts) folds them; the README's "Trace format" table says the same.
import { Mode } from '../firmware/core/types';

/** The outputs the board drives: the LED (green), the red LED (with `led`: yellow) and the motor. */
export type Channel = 'led' | 'led_red' | 'motor';
export const CHANNELS: readonly Channel[] = ['led', 'led_red', 'motor'];

export interface StateEvent { t_ms: number; type: 'state'; value: Mode }
export interface PhaseEvent { t_ms: number; type: 'phase'; id: string; index: number; name: string }
/** `n`: the pump's number within the phase `phase` (its id). */
export interface PumpEvent { t_ms: number; type: 'pump'; phase: string; n: number }
/** Every cue but the plain pump; a position cue names where the hands go. */
export interface CueEvent { t_ms: number; type: 'cue'; name: string; position?: string }
/** An output's level 0..1, on every change. */
export interface OutputEvent { t_ms: number; type: Channel; value: number }
/** The radio put to sleep (true) after the idle auto-off, or woken (false). */
export interface SleepEvent { t_ms: number; type: 'sleep'; value: boolean }
/** The Bangle.js 2 display's text (bundle engine). */
export interface ScreenEvent { t_ms: number; type: 'screen'; text: string }

export type TraceEvent = StateEvent | PhaseEvent | PumpEvent | CueEvent | OutputEvent | SleepEvent | ScreenEvent;
export type EventType = TraceEvent['type'];

/** An event as the writer is given it: everything but the time. */
export type EventFields = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 't_ms'> : never) : never;

const MODES: readonly string[] = ['idle', 'running', 'paused', 'done', 'setup'];

/** Each type's fields and the check of their values (an optional field may be absent). */
const FIELDS: Record<EventType, Record<string, { ok: (v: unknown) => boolean; what: string; optional?: true }>> = {
  state: { value: { ok: (v) => typeof v === 'string' && MODES.includes(v), what: MODES.join('|') } },
  phase: { id: { ok: isString, what: 'a string' }, index: { ok: isCount, what: 'an integer >= 0' }, name: { ok: isString, what: 'a string' } },
  pump: { phase: { ok: isString, what: 'a string' }, n: { ok: isCount, what: 'an integer >= 0' } },
  cue: { name: { ok: isString, what: 'a string' }, position: { ok: isString, what: 'a string', optional: true } },
  led: { value: { ok: isLevel, what: 'a level 0..1' } },
  led_red: { value: { ok: isLevel, what: 'a level 0..1' } },
  motor: { value: { ok: isLevel, what: 'a level 0..1' } },
  sleep: { value: { ok: (v) => typeof v === 'boolean', what: 'true or false' } },
  screen: { text: { ok: isString, what: 'a string' } },
};

function isString(v: unknown): boolean {
  return typeof v === 'string';
}
function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
function isLevel(v: unknown): boolean {
  return typeof v === 'number' && v >= 0 && v <= 1;
}

/** A trace line that is not an event: its line number (1-based) and, when one is to blame, the field. */
export class TraceFormatError extends Error {
  constructor(readonly line: number, readonly field: string | null, reason: string) {
    super(`trace line ${line}${field ? `, field ${field}` : ''}: ${reason}`);
    this.name = 'TraceFormatError';
  }
}

/** One parsed JSON object as an event, or the reason it is not one. */
export function toEvent(o: unknown, line: number): TraceEvent {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TraceFormatError(line, null, 'not a JSON object');
  const r = o as Record<string, unknown>;
  if (typeof r.t_ms !== 'number' || !Number.isFinite(r.t_ms) || r.t_ms < 0) throw new TraceFormatError(line, 't_ms', `${JSON.stringify(r.t_ms)} is not a time in ms >= 0`);
  if (typeof r.type !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, r.type)) {
    throw new TraceFormatError(line, 'type', `${JSON.stringify(r.type)} is not one of ${Object.keys(FIELDS).join(', ')}`);
  }
  for (const [field, f] of Object.entries(FIELDS[r.type as EventType])) {
    if (f.optional && !(field in r)) continue;
    if (!f.ok(r[field])) throw new TraceFormatError(line, field, `${r.type}: ${JSON.stringify(r[field])} is not ${f.what}`);
  }
  return r as unknown as TraceEvent;
}

/** A JSON Lines trace (blank lines skipped) as events; a malformed line throws a TraceFormatError naming it. */
export function parseTrace(text: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(l);
    } catch (err) {
      throw new TraceFormatError(i + 1, null, `not JSON (${(err as Error).message})`);
    }
    out.push(toEvent(o, i + 1));
  });
  return out;
}

/** The event of one type (an output event of one channel). */
export type EventOf<T extends EventType> = TraceEvent & { type: T };

/** The events of one type, typed as that type. */
export function eventsOf<T extends EventType>(events: readonly TraceEvent[], type: T): Array<EventOf<T>> {
  return events.filter((e): e is EventOf<T> => e.type === type);
}
