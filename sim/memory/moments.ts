// The memory walk: every moment of the pacer's life whose JsVars are budgeted
// (issue #11, item 1), as data. Two executors run the very same list: the
// virtual Espruino with its JsVar model (in CI) and any real Espruino console
// (a Puck.js, or the interpreter built for Linux in a board's shape), so their
// figures line up moment by moment.
//
// A step does one thing a therapist, the console or the web page does; a
// `measure` step reads the JsVars held now (after a garbage collection) and
// the peak since the previous measure. Setup steps (files) happen between
// measures and are not the firmware's own work: an executor resets the peak
// after them.
import { cueNames } from '../../firmware/core/cues';
import { MAX_CUE_PULSES, MAX_PHASES, MAX_PROTOCOL_BYTES } from '../../firmware/core/limits';
import { validateProtocol } from '../../firmware/core/validate';
import { CueTable, LogEntry, Protocol } from '../../firmware/core/types';
import { LOG_PREFIX, LOG_SLOTS } from '../../firmware/files';
import { storedText } from '../device-files';
import { PROTOCOL_STAGING } from '../../web/real/device-lines';

export type Step =
  /** A power-up: the interpreter restarts and runs the boot code from Storage (RAM is gone, Storage stays). */
  | { do: 'boot' }
  /** The button held this long, then released; executors leave 250 ms after the release before the next step. */
  | { do: 'press'; heldMs: number }
  /** Time passes (the pacer paces on its own). */
  | { do: 'wait'; ms: number }
  /** One console line, echo off, as the Web IDE or the web page sends it. */
  | { do: 'line'; js: string }
  /** Storage files written before the next steps (a past: a full log ring, staging copies). */
  | { do: 'files'; files: Record<string, string> }
  /** The flash swap of the web page: staging copies of the firmware, then its one swap line. */
  | { do: 'flash-swap' }
  /** Read held and peak JsVars for this moment. */
  | { do: 'measure'; moment: string };

/** How long a short press holds the button (as a scenario's `press`). */
const TAP_MS = 120;
const press = (heldMs: number): Step => ({ do: 'press', heldMs });
const wait = (ms: number): Step => ({ do: 'wait', ms });
const line = (js: string): Step => ({ do: 'line', js });
const measure = (moment: string): Step => ({ do: 'measure', moment });

/**
 * The largest protocol the validator accepts, largest in what it costs the device's RAM: the
 * most cue pulses it allows (MAX_CUE_PULSES: arrays of numbers, the densest JSON in JsVars, with
 * fractional levels, a float each), MAX_PHASES phases, every text as long as the JSON can hold,
 * grown until one more character would pass MAX_PROTOCOL_BYTES.
 */
export function largestProtocol(): Protocol {
  const names = cueNames();
  const cues: CueTable = {};
  for (let n = 0; n < MAX_CUE_PULSES; n++) {
    const name = names[Math.floor(n / 6)];
    (cues[name] ??= []).push([n % 6 * 120, 60, 0.55, 90]);
  }
  const make = (guideChars: number): Protocol => ({
    id: 'largest-protocol-of-all-x'.slice(0, 24),
    name: 'The largest protocol the pacer holds'.slice(0, 32),
    phases: Array.from({ length: MAX_PHASES }, (_, i) => ({
      id: `phase-${String(i).padStart(2, '0')}`,
      name: `Phase ${i}`,
      guide: 'Light pumps toward the heart, slowly and evenly, '.repeat(3).slice(0, guideChars),
      ppm: 45 + i + 0.5,
      pushMs: 300 + i,
      targetMs: i % 2 ? 0 : 30000 + i,
      pumps: i % 2 ? 10 + i : 0,
    })),
    cues,
  });
  let guide = 0;
  while (guide < 100 && JSON.stringify(make(guide + 1)).length <= MAX_PROTOCOL_BYTES) guide++;
  const p = make(guide);
  const errors = validateProtocol(p);
  if (errors.length) throw new Error(`largestProtocol() is not valid: ${errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  return p;
}

/** A full log ring: LOG_SLOTS sessions of the seed protocol, as the firmware writes them. */
export function fullLogRing(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 0; n < LOG_SLOTS; n++) {
    const entry: LogEntry = {
      protocol: 'head-drainage', start: 1764770000 + n * 600.125, end: n % 3 ? 'done' : 'ended',
      phases: [[0, 65000.25, 63, 1, 2500.5], [1, 64000.5, 61, 0, 0], [2, 18000.75, 15, 0, 0]],
    };
    files[LOG_PREFIX + (n % LOG_SLOTS)] = storedText(entry, n);
  }
  return files;
}

/** The walk, in order. Moment names are the rows of the README's memory table. */
export function memoryWalk(): Step[] {
  const largest = JSON.stringify(largestProtocol());
  return [
    { do: 'boot' },
    measure('after boot'),
    line('pacer.status()'),
    measure('status'),
    line('pacer.settings()'),
    measure('settings read'),
    line('pacer.settings({ppm:55,strength:0.8})'),
    measure('settings write'),
    line('pacer.protocol("head-neck")'),
    measure('protocol: built-in head-neck'),
    // as the web page sends one: its JSON into a staging file in chunks, then one short line
    { do: 'files', files: { [PROTOCOL_STAGING]: largest } },
    line(`pacer.protocol(${JSON.stringify(PROTOCOL_STAGING)})`),
    measure('protocol: the largest custom one'),
    { do: 'boot' },
    measure('boot with the largest custom protocol'),
    press(TAP_MS),
    wait(5000),
    measure('running the largest custom protocol'),
    press(3500),
    wait(2500),
    press(TAP_MS),
    line('pacer.protocol("head-drainage")'),
    line('pacer.settings({ppm:60,strength:1})'),
    measure('protocol: back to the seed'),
    line('pacer.faults()'),
    measure('faults'),
    // setup gestures in idle: the battery (a long press), tap tempo (a very long press, taps, a long press keeps)
    press(1500),
    wait(1500),
    measure('battery gesture'),
    press(3500),
    wait(400),
    ...[0, 1, 2, 3, 4, 5].flatMap(() => [press(TAP_MS), wait(800 - TAP_MS)]),
    press(1500),
    wait(1000),
    measure('tap tempo'),
    line('pacer.settings({ppm:60})'),
    // the seed session with a pause, a resume and a very long press to end it
    press(TAP_MS),
    wait(6000),
    measure('running (seed, phase 1)'),
    press(TAP_MS),
    wait(4000),
    press(1500),
    wait(1500),
    press(TAP_MS),
    wait(3000),
    press(3500),
    wait(2000),
    measure('seed session: pause, resume, ended'),
    // a session that runs to done and is logged: two presses move on, the counted close ends by itself
    press(TAP_MS),
    wait(500),
    press(TAP_MS),
    wait(3000),
    press(TAP_MS),
    wait(3000),
    press(TAP_MS),
    wait(21000),
    measure('session to done, logged'),
    // the log with a full ring of ten sessions
    { do: 'files', files: fullLogRing() },
    line('pacer.log()'),
    measure('log: a full ring of 10'),
    // a power cut in a session: the next boot logs it as interrupted
    press(TAP_MS),
    press(TAP_MS),
    wait(4000),
    { do: 'boot' },
    measure('boot recovering an interrupted session'),
    // the web page's flash: staging copies, then the one swap line (the device restarts itself)
    { do: 'flash-swap' },
    wait(2000),
    measure('after the web flash swap'),
  ];
}
