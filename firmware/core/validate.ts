// Checks a protocol or a settings change before the device stores or runs it.
// Every bad field is reported, each with its path ("phases[2].ppm") and a
// reason that says what is wrong and what is allowed. Runs on the device too
// (the Storage module pacer.cmd), so one rule table per kind of object (in
// limits.ts, with the bounds they hold) and one generic checker, with messages
// built from a few shared fragments. The tables are text: on the device a long
// string literal stays in flash, where the same rules as arrays held about 260
// JsVars while a command ran.
import { cueNames } from './cues';
import {
  MAX_CUE_PULSES, MAX_PHASES, MAX_POSITION_CHARS, MAX_POSITIONS, MAX_PROTOCOL_BYTES, PHASE_RULES, PROTOCOL_RULES, PULSE_RULES, SETTINGS_RULES,
} from './limits';
import { Protocol } from './types';

export { MAX_CUE_PULSES, MAX_PHASES, MAX_PROTOCOL_BYTES };

export interface FieldError {
  /** "phases[2].ppm"; "" for the whole object. */
  path: string;
  reason: string;
}

/** [key, kind letter, min, max, optional] */
type Rule = [string, string, number, number, number];

/** One rule of a table, from its text (made when it is checked, one at a time). */
function rule(text: string): Rule {
  const f = text.split(' ');
  return [f[0], f[1], +f[2], +f[3], +f[4] || 0];
}

/** What each kind must be, for the wrong-type message. */
function noun(kind: string): string {
  return kind == 'B' ? 'a boolean' : kind == 'A' ? 'an array' : kind == 'O' ? 'an object' : kind == 'S' || kind == 'D' ? 'a string' : 'a number';
}

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
  const k = r[1], min = r[2], max = r[3], t = typeOf(v), n = noun(k);
  if (n != 'a ' + t && n != 'an ' + t) {
    add(p, must(n, typeof v == 'object' ? t : t + ' ' + JSON.stringify(v)));
    return false;
  }
  if (t == 'number') {
    if (!isFinite(v)) add(p, must('a finite number', v));
    else if (k == 'I' && Math.floor(v) !== v) add(p, must('a whole number', v));
    else if ((v < min || v > max) && !(r[4] && v === 0)) add(p, `${v} is out of range ${min}..${max}${r[4] ? ' (or 0)' : ''}`);
  } else if (t == 'string') {
    if (v.length < min || v.length > max) add(p, must(`${min}..${max} characters`, v.length));
    // '-' first in the class: the device's RegExp reads '9-]' in [a-z0-9-] as a range
    else if (k == 'D' && !/^[a-z0-9][-a-z0-9]*$/.test(v)) add(p, `may only hold a-z, 0-9 and - (not first), got ${JSON.stringify(v)}`);
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

/** The keys of an object against its rules (a table split at its commas): unknown keys, missing keys (unless partial), then every field. */
function keys(x: any, list: string[], p: string, partial: boolean): void {
  const own = Object.keys(x);
  for (let i = 0; i < own.length; i++) {
    let known = false;
    // every rule has a kind after its key: "key " starts the rule of that key, and no other
    for (let j = 0; j < list.length; j++) if (list[j].indexOf(own[i] + ' ') === 0) known = true;
    if (!known) add(at(p, own[i]), `unknown key "${own[i]}" (allowed: ${list.map((r) => r.split(' ')[0]).join(', ')})`);
  }
  for (let i = 0; i < list.length; i++) {
    const r = rule(list[i]), v = x[r[0]], q = at(p, r[0]);
    if (v !== undefined) field(v, r, q);
    else if (!partial && !r[4]) add(q, 'missing: must be ' + noun(r[1]));
  }
}

/** One cue: 1..6 pulses, each of 4 numbers, offsets never going back. */
function cue(c: any[], p: string): void {
  const pulse = PULSE_RULES.split(',').map(rule);
  if (!c.length || c.length > 6) add(p, must('1..6 pulses', c.length));
  for (let i = 0; i < c.length; i++) {
    const u = c[i], q = `${p}[${i}]`;
    if (!field(u, ['', 'A', 0, 0, 0], q)) continue;
    if (u.length != 4) {
      add(q, must(`[${pulse.map((r) => r[0]).join(', ')}]`, u.length + ' numbers'));
      continue;
    }
    for (let j = 0; j < 4; j++) field(u[j], pulse[j], `${q}[${j}]`);
    // pulses play in order: one with an earlier offset would never play
    if (i && u[0] < c[i - 1][0]) add(q + '[0]', `${u[0]} is before the previous offset ${c[i - 1][0]}`);
  }
}

/** The phase list: its length, each phase, and the rules across a phase's fields. */
function phases(list: any[]): void {
  const n = list.length, ids: string[] = [], rules = PHASE_RULES.split(',');
  if (!n) add('phases', 'a protocol needs at least one phase');
  if (n > MAX_PHASES) add('phases', `${n} phases: the device holds at most ${MAX_PHASES}`);
  for (let i = 0; i < n; i++) {
    const f = list[i], p = `phases[${i}]`;
    if (!field(f, ['', 'O', 0, 0, 0], p)) continue;
    keys(f, rules, p, false);
    // the id names the phase in traces and the CSV: two phases must not share one
    const j = ids.indexOf(f.id);
    if (j >= 0 && typeof f.id == 'string') add(p + '.id', `duplicate id "${f.id}" (also phases[${j}])`);
    ids[i] = f.id;
    // a phase ends on time (targetMs) or on a count (pumps): exactly one
    const timed = f.targetMs > 0;
    if (timed == (f.pumps > 0)) add(p, timed ? 'has both targetMs and pumps: choose one' : 'needs an end: targetMs (timed) or pumps (counted)');
    // positions: 2 or more names (one is no move), each a short label
    if (Array.isArray(f.positions)) {
      const q = p + '.positions';
      if (f.positions.length < 2 || f.positions.length > MAX_POSITIONS) add(q, must(`2..${MAX_POSITIONS} names`, f.positions.length));
      for (let k = 0; k < f.positions.length; k++) field(f.positions[k], ['', 'S', 1, MAX_POSITION_CHARS, 0], `${q}[${k}]`);
    }
    // a countdown counts the last pumps of a counted phase: there must be that many (pumps that
    // are no whole number have their own error)
    const whole = typeof f.pumps != 'number' ? f.pumps === undefined : f.pumps % 1 === 0;
    if (f.countdown > 0 && whole && !(f.pumps >= f.countdown)) {
      add(p + '.countdown', `${f.countdown} pumps counted down: ` + (f.pumps > 0 ? `the phase has only ${f.pumps}` : 'only a counted phase (pumps) counts down'));
    }
    // the push is part of one stroke: it must end before the next one starts
    if (f.ppm > 0 && f.pushMs >= 60000 / f.ppm) {
      add(p + '.pushMs', `pushMs ${f.pushMs} is not shorter than the ${Math.round(60000 / f.ppm)} ms period at ${f.ppm}/min`);
    }
  }
}

/** Every problem of a protocol ([] = valid). `bytes`: its JSON's length where known (a Storage file's), else measured here. */
export function validateProtocol(x: unknown, bytes?: number): FieldError[] {
  const o: any = x;
  errs = [];
  if (field(o, ['', 'O', 0, 0, 0], '')) {
    keys(o, PROTOCOL_RULES.split(','), '', false);
    if (Array.isArray(o.phases)) phases(o.phases);
    if (typeOf(o.cues) == 'object') {
      // the cues a protocol may replace: those the device knows (all have a default)
      const names = cueNames();
      keys(o.cues, (names.join(' A 0 0 1,') + ' A 0 0 1').split(','), 'cues', true);
      let pulses = 0;
      for (let i = 0; i < names.length; i++) {
        const c = o.cues[names[i]];
        if (!Array.isArray(c)) continue;
        cue(c, 'cues.' + names[i]);
        // a cue over its own limit is already refused: counted at that limit, it is not refused twice
        pulses += Math.min(c.length, 6);
      }
      if (pulses > MAX_CUE_PULSES) add('cues', `${pulses} pulses in all: the device holds at most ${MAX_CUE_PULSES}`);
    }
    // kept as one Storage file and parsed into JsVars at boot
    const n = bytes === undefined ? JSON.stringify(o).length : bytes;
    if (n > MAX_PROTOCOL_BYTES) add('', `${n} bytes of JSON: the device holds at most ${MAX_PROTOCOL_BYTES}`);
  }
  const found = errs;
  errs = [];
  return found;
}

/** Every problem of settings ([] = valid); partial: a change of some keys (at least one), else all keys are required. */
export function validateSettings(x: unknown, partial: boolean): FieldError[] {
  const o: any = x;
  errs = [];
  if (field(o, ['', 'O', 0, 0, 0], '')) {
    keys(o, SETTINGS_RULES.split(','), '', partial);
    if (partial && !Object.keys(o).length) add('', 'a settings change needs at least one key');
  }
  const found = errs;
  errs = [];
  return found;
}

/** One line per error: "phases[2].ppm: 120 is out of range 30..90 (or 0)". */
export function errorText(errors: FieldError[]): string {
  return errors.map((x) => (x.path ? x.path + ': ' : '') + x.reason).join('\n');
}

/** p with every optional phase field (0 where absent), filled in place (the device has no RAM for a copy); p itself. */
export function withDefaults(p: Protocol): Protocol {
  for (let i = 0; i < p.phases.length; i++) {
    const f = p.phases[i];
    f.ppm = f.ppm || 0;
    f.pushMs = f.pushMs || 0;
    f.targetMs = f.targetMs || 0;
    f.pumps = f.pumps || 0;
  }
  return p;
}
