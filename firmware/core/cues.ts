// The cue patterns: what the LED and the motor do at each moment of a session.
// A cue is a few pulses, each [offsetMs from the cue start, ledMs, motor level
// 0..1, motorMs]; motor levels are scaled by the strength setting. Figures from
// ../shared/reference/mld-pacing.md: a 60-80 ms buzz at the start of the push,
// a 20-40 ms LED flash on the same beat, pulses of at least ~30 ms to be felt at
// all, an ERM needing ~180 ms to reach full amplitude (so the long cues are long).
//
// The table is text, not objects: on the device a long string literal in
// pretokenised code stays in flash (2 JsVars), where the same table as arrays
// of arrays held 111 JsVars (measured on the interpreter). A cue's pulses are
// read out of the text when it plays. Two texts: the pacing step's and the
// setup machine's (setup.ts), so that each bundle carries only its own.
import { CuePulse, CueTable } from './types';

/** `|name:offsetMs ledMs level motorMs[ offsetMs ledMs level motorMs...]` for every pacing cue. */
export const PACING_CUES =
  // every pump
  '|pump:0 30 1 70' +
  // every Nth pump: longer, so it is felt even while moving
  '|accent:0 60 1 160' +
  // lead-in beats before a phase's first pump: soft and short
  '|lead:0 15 0.5 45' +
  // beat 0 of every phase: one long buzz
  '|phase:0 400 1 450' +
  // a timed phase reached its target: a double buzz on that pump's beat
  '|target:0 60 1 90 200 60 1 90' +
  // move the hands to the phase's next position: long, then short (felt apart from target's two equal buzzes)
  '|position:0 120 1 300 450 40 1 80' +
  // the last pumps of a counted phase: a quick triple flutter, lighter than an accent, on each
  '|countdown:0 30 0.8 60 110 0 0.8 60 220 0 0.8 60' +
  // paused: one soft buzz to confirm the long press
  '|pause:0 200 0.6 120' +
  // session over: three rising buzzes, then everything stays off
  '|done:0 250 1 250 450 250 1 300 950 600 1 600' +
  // sub-beat at slow rhythms (>= 2 s a pump): a faint tick mid-cycle
  '|tick:0 0 0.35 35' +
  // low battery at the start of a session, or a session ended by a flat one: red flashes, no buzz
  '|low:0 150 0 0 300 150 0 0 600 150 0 0';

/** The same for the setup gestures (setup.ts). */
export const SETUP_CUES =
  // the battery level as a colour for 1 s
  '|battery:0 1000 0 0' +
  // tap tempo: each tap ticks back; three quick buzzes keep the rate; one long low buzz keeps nothing
  '|tap:0 40 0.6 40' +
  '|tempo:0 60 1 60 150 60 1 60 300 60 1 60' +
  '|cancel:0 0 0.6 300';

/** Every default cue, pacing and setup (a function: a bundle that needs neither text alone carries both only if it calls it). */
export function allCues(): string {
  return PACING_CUES + SETUP_CUES;
}

/** A cue's pulses: the protocol's own (`own`: its cues), else the default in `text`; none for a name neither has. */
export function cuePulses(own: CueTable | undefined, name: string, text: string): CuePulse[] {
  if (own && own[name]) return own[name];
  const list: CuePulse[] = [];
  const at = text.indexOf('|' + name + ':');
  if (at < 0) return list;
  const end = text.indexOf('|', at + 1);
  const n = text.slice(at + name.length + 2, end < 0 ? text.length : end).split(' ');
  for (let i = 0; i + 3 < n.length; i += 4) list.push([+n[i], +n[i + 1], +n[i + 2], +n[i + 3]]);
  return list;
}

/**
 * The build writes the names in (the validator needs only them: the cue texts stay out of
 * pacer.cmd, 300 bytes of Storage); in Node and the browser they are read off the texts.
 */
declare const PACER_CUE_NAMES: string;

/** Every cue name, in table order (the names a protocol's `cues` may replace). */
export function cueNames(): string[] {
  // a conditional, not an if: only then does the bundler drop the texts from a build that has the names
  return typeof PACER_CUE_NAMES !== 'undefined' ? PACER_CUE_NAMES.split(' ') : namesIn(allCues());
}

function namesIn(text: string): string[] {
  const names: string[] = [];
  const parts = text.split('|');
  for (let i = 1; i < parts.length; i++) names.push(parts[i].split(':')[0]);
  return names;
}

/** The default table as objects, for host tools and tests (never built on the device). */
export const DEFAULT_CUES: CueTable = /* @__PURE__ */ (() => {
  const t: CueTable = {};
  const names = cueNames();
  for (let i = 0; i < names.length; i++) t[names[i]] = cuePulses(undefined, names[i], allCues());
  return t;
})();
