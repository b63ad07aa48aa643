// Checks a protocol or a settings change before the device stores or runs it.
// Every bad field is reported, each with its path ("phases[2].ppm") and a
// reason that says what is wrong and what is allowed. Runs on the device too,
// where minified size is RAM: so one rule table per kind of object and one
// generic checker, with messages built from a few shared fragments.
import { DEFAULT_CUES } from './cues';
import { SETUP_CUES } from './setup';
import { Protocol } from './types';

export interface FieldError {
  /** "phases[2].ppm"; "" for the whole object. */
  path: string;
  reason: string;
}

/** More steps than this do not fit the Puck.js's memory. */
export const MAX_PHASES = 12;
/** JSON.stringify(protocol).length limit: it is kept as a Storage file and in JsVars. */
export const MAX_PROTOCOL_BYTES = 2048;

/** What a field must be. The order matches NOUN. */
const enum K { Num, Int, Bool, Str, Id, Arr, Obj }
/** What each kind must be, for the wrong-type message. */
const NOUN = ['a number', 'a number', 'a boolean', 'a string', 'a string', 'an array', 'an object'];

/**
 * [key, kind, min, max, optional]. Num / Int must lie in min..max; Str / Id
 * (an Id names a file: a-z, 0-9, -) have min..max characters. optional: the key
 * may be absent, and 0 (its default: "use the setting" / "not this kind of
 * end") is always accepted.
 */
type Rule = [string, K, number?, number?, number?];
const OBJ: Rule = ['', K.Obj];

/** The errors of the check in progress (one check at a time: the code is synchronous). */
let errs: FieldError[] = [];

function add(path: string, reason: string): void {
  errs.push({ path: path, reason: reason });
}

/** "null", "array" or the typeof: arrays and null are not objects here. */
function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** The shared fragment of most reasons: "must be a number, got string "60"". */
function must(what: string, got: unknown): string {
  return `must be ${what}, got ${got}`;
}

/** One value against its rule: adds at most one error; true if it has the right type (so it can be looked into). */
function field(v: any, r: Rule, p: string): boolean {
  const k = r[1], min = r[2] as number, max = r[3] as number, t = typeOf(v), noun = NOUN[k];
  if (noun != 'a ' + t && noun != 'an ' + t) {
    add(p, must(noun, typeof v == 'object' ? t : t + ' ' + JSON.stringify(v)));
    return false;
  }
  if (t == 'number') {
    if (!isFinite(v)) add(p, must('a finite number', v));
    else if (k == K.Int && Math.floor(v) !== v) add(p, must('a whole number', v));
    else if ((v < min || v > max) && !(r[4] && v === 0)) add(p, `${v} is out of range ${min}..${max}${r[4] ? ' (or 0)' : ''}`);
  } else if (t == 'string') {
    if (v.length < min || v.length > max) add(p, must(`${min}..${max} characters`, v.length));
    // '-' first in the class: the device's RegExp reads '9-]' in [a-z0-9-] as a range
    else if (k == K.Id && !/^[a-z0-9][-a-z0-9]*$/.test(v)) add(p, `may only hold a-z, 0-9 and - (not first), got ${JSON.stringify(v)}`);
    // printable ASCII only: the device's console and the Bluetooth link carry bytes, and a wider
    // character sent as one byte can turn into a quote or a backslash (and then into code)
    else if (!/^[ -~]*$/.test(v)) add(p, `may only hold printable ASCII (space to ~), got ${JSON.stringify(v)}`);
  }
  return true;
}

/** "key" at the top, "phases[0].key" below. */
function at(p: string, k: string): string {
  return p ? p + '.' + k : k;
}

/** The keys of an object against its rule table: unknown keys, missing keys (unless partial), then every field. */
function keys(x: any, rules: Rule[], p: string, partial: boolean): void {
  const names = rules.map((r) => r[0]), own = Object.keys(x);
  for (let i = 0; i < own.length; i++) {
    if (names.indexOf(own[i]) < 0) add(at(p, own[i]), `unknown key "${own[i]}" (allowed: ${names.join(', ')})`);
  }
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i], v = x[r[0]], q = at(p, r[0]);
    if (v !== undefined) field(v, r, q);
    else if (!partial && !r[4]) add(q, 'missing: must be ' + NOUN[r[1]]);
  }
}

const PROTOCOL: Rule[] = [
  // names a Storage file and a CSV column
  ['id', K.Id, 1, 24],
  // one line on the simulator and the app
  ['name', K.Str, 1, 32],
  // counted in phases(): those messages say why
  ['phases', K.Arr],
  // patterns that replace the default cues of the same name
  ['cues', K.Obj, 0, 0, 1],
];

const PHASE: Rule[] = [
  // names the phase in traces, logs and the session CSV
  ['id', K.Id, 1, 24],
  // fits the phase line of a status display
  ['name', K.Str, 1, 24],
  // one line the therapist reads; may be empty, but must be there
  ['guide', K.Str, 0, 100],
  // MLD is slow: 30..90 pumps a minute; 0 = the ppm setting
  ['ppm', K.Num, 30, 90, 1],
  // a push under 0.1 s is not felt, over 2 s is no longer a pump; 0 = the pushMs setting
  ['pushMs', K.Int, 100, 2000, 1],
  // a timed phase: 5 s to 30 min of pacing
  ['targetMs', K.Int, 5000, 1800000, 1],
  // a counted phase: up to 999 pumps
  ['pumps', K.Int, 1, 999, 1],
];

const SETTINGS: Rule[] = [
  // the rhythm of phases without their own (the MLD range)
  ['ppm', K.Num, 30, 90],
  // motor duty: below 0.1 a coin motor does not start
  ['strength', K.Num, 0.1, 1],
  // output and behaviour switches
  ['led', K.Bool],
  ['haptic', K.Bool],
  ['leadIn', K.Bool],
  ['autoAdvance', K.Bool],
  // an accent every N pumps, 0 = none; further apart it no longer helps counting
  ['accentEvery', K.Int, 0, 20],
  // the default push, as for a phase
  ['pushMs', K.Int, 100, 2000],
  // minutes before the radio sleeps, 0 = never; at most 4 hours
  ['idleOffMin', K.Int, 0, 240],
];

// One pulse of a cue, by position. A cue lasts at most 3 s; a flash or a buzz
// at most 1 s (the machine's motor limit); the level is a PWM duty.
const PULSE: Rule[] = [
  ['offsetMs', K.Num, 0, 3000],
  ['ledMs', K.Num, 0, 1000],
  ['level', K.Num, 0, 1],
  ['motorMs', K.Num, 0, 1000],
];

// The cues a protocol may replace: those the device knows (all have a default).
const CUES: Rule[] = Object.keys(DEFAULT_CUES).concat(Object.keys(SETUP_CUES)).map((k): Rule => [k, K.Arr, 0, 0, 1]);

/** One cue: 1..6 pulses, each of 4 numbers, offsets never going back. */
function cue(c: any[], p: string): void {
  if (!c.length || c.length > 6) add(p, must('1..6 pulses', c.length));
  for (let i = 0; i < c.length; i++) {
    const u = c[i], q = `${p}[${i}]`;
    if (!field(u, ['', K.Arr], q)) continue;
    if (u.length != 4) {
      add(q, must(`[${PULSE.map((r) => r[0]).join(', ')}]`, u.length + ' numbers'));
      continue;
    }
    for (let j = 0; j < 4; j++) field(u[j], PULSE[j], `${q}[${j}]`);
    // pulses play in order: one with an earlier offset would never play
    if (i && u[0] < c[i - 1][0]) add(q + '[0]', `${u[0]} is before the previous offset ${c[i - 1][0]}`);
  }
}

/** The phase list: its length, each phase, and the rules across a phase's fields. */
function phases(list: any[]): void {
  const n = list.length, ids: string[] = [];
  if (!n) add('phases', 'a protocol needs at least one phase');
  if (n > MAX_PHASES) add('phases', `${n} phases: the device holds at most ${MAX_PHASES}`);
  for (let i = 0; i < n; i++) {
    const f = list[i], p = `phases[${i}]`;
    if (!field(f, OBJ, p)) continue;
    keys(f, PHASE, p, false);
    // the id names the phase in traces and the CSV: two phases must not share one
    const j = ids.indexOf(f.id);
    if (j >= 0 && typeof f.id == 'string') add(p + '.id', `duplicate id "${f.id}" (also phases[${j}])`);
    ids[i] = f.id;
    // a phase ends on time (targetMs) or on a count (pumps): exactly one
    const timed = f.targetMs > 0;
    if (timed == (f.pumps > 0)) add(p, timed ? 'has both targetMs and pumps: choose one' : 'needs an end: targetMs (timed) or pumps (counted)');
    // the push is part of one stroke: it must end before the next one starts
    if (f.ppm > 0 && f.pushMs >= 60000 / f.ppm) {
      add(p + '.pushMs', `pushMs ${f.pushMs} is not shorter than the ${Math.round(60000 / f.ppm)} ms period at ${f.ppm}/min`);
    }
  }
}

/** Every problem of a protocol ([] = valid). */
export function validateProtocol(x: unknown): FieldError[] {
  const o: any = x;
  errs = [];
  if (field(o, OBJ, '')) {
    keys(o, PROTOCOL, '', false);
    if (Array.isArray(o.phases)) phases(o.phases);
    if (typeOf(o.cues) == 'object') {
      keys(o.cues, CUES, 'cues', true);
      for (let i = 0; i < CUES.length; i++) {
        const k = CUES[i][0];
        if (Array.isArray(o.cues[k])) cue(o.cues[k], 'cues.' + k);
      }
    }
    // kept as one Storage file and parsed into JsVars at boot
    const n = JSON.stringify(o).length;
    if (n > MAX_PROTOCOL_BYTES) add('', `${n} bytes of JSON: the device holds at most ${MAX_PROTOCOL_BYTES}`);
  }
  return errs;
}

/** Every problem of settings ([] = valid); partial: a change of some keys (at least one), else all keys are required. */
export function validateSettings(x: unknown, partial: boolean): FieldError[] {
  const o: any = x;
  errs = [];
  if (field(o, OBJ, '')) {
    keys(o, SETTINGS, '', partial);
    if (partial && !Object.keys(o).length) add('', 'a settings change needs at least one key');
  }
  return errs;
}

/** One line per error: "phases[2].ppm: 120 is out of range 30..90 (or 0)". */
export function errorText(errors: FieldError[]): string {
  return errors.map((x) => (x.path ? x.path + ': ' : '') + x.reason).join('\n');
}

/** A copy of p whose phases have every optional field (0 where absent); p is not changed. */
export function withDefaults(p: Protocol): Protocol {
  const r = Object.assign({}, p);
  r.phases = p.phases.map((f) => Object.assign({ ppm: 0, pushMs: 0, targetMs: 0, pumps: 0 }, f));
  return r;
}
