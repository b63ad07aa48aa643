// Every bound the core keeps, in one place. Each is a plain constant: the
// bundler writes its value wherever it is used, so none costs a variable on
// the device (a module-level constant used in its own file would be one).

// ---- the button (README: The button) ----
/** Held at least this long: a long press (pause / resume; battery level in idle). */
export const LONG_PRESS_MS = 1000;
/** Held at least this long: a very long press (end the session; tap tempo in idle). */
export const VERY_LONG_PRESS_MS = 3000;

// ---- the battery ----
/** At or above this battery percent the battery level shows green (README: The button). */
export const BATT_GREEN_PCT = 50;
/** Below this battery percent a session starts with the low-battery cue. */
export const LOW_BATT_PCT = 20;
/** At or below this a session ends cleanly: a motor load could brown the cell out. */
export const CRIT_BATT_PCT = 5;

// ---- the rhythm ----
/** Lead-in beats when the lead-in is on (beat 0 is the phase cue, then soft beats). */
export const LEAD_BEATS = 3;
/** At this period or slower a faint tick marks the middle of each cycle. */
export const SUB_BEAT_MIN_MS = 2000;
/** A beat or cue pulse found later than this is skipped: later would be felt off the rhythm. */
export const LATE_MAX_MS = 100;
/** A deadline this close is due (host clocks may round a timer a little early). */
export const EARLY_MS = 1;

// ---- the motor ----
/** The motor is never on longer than this at a stretch, whatever the settings or cues. */
export const MOTOR_MAX_MS = 1000;
/**
 * A stretch is cut this much short of MOTOR_MAX_MS: its end is a timer, and a busy interpreter
 * (radio, flash) runs a timer a few tens of ms late. The fuzzer draws up to 40 ms.
 */
export const MOTOR_SLACK_MS = 50;
/**
 * A motor off for less than this has not stopped (an ERM takes about 180 ms to spin up, and
 * about as long to run down): buzzes closer together count as one stretch for MOTOR_MAX_MS.
 */
export const MOTOR_REST_MS = 150;

// ---- the host (firmware/adapter.ts, sim/engines/core-engine.ts) ----
/** Battery readings between presses: at most one a minute (each is an ADC conversion). */
export const BATT_EVERY_MS = 60000;
/** A hang (no return to the idle loop for this long) resets the chip into idle. Flash compaction stays well under it. */
export const WATCHDOG_S = 5;

// ---- tap tempo ----
/** Tap tempo ends this long after the last tap (or after entering it, with no tap). */
export const TAP_WAIT_MS = 3000;
/** Taps kept: the last eight are plenty to settle a rhythm. */
export const TAPS_KEPT = 8;
/** At least this many taps (so three intervals) must agree. */
export const TAPS_MIN = 4;

// ---- what a protocol and the settings may hold (validate.ts) ----
// The web pages, the fuzzer's generators and the README's tables take these too
// (test/limits.test.ts holds the README's numbers to them).
/** The rhythm range of MLD, pumps a minute: for the ppm setting, a phase's own, and tap tempo. */
export const PPM_MIN = 30;
export const PPM_MAX = 90;
/** The push, ms (the setting, and a phase's own): under 0.1 s it is not felt, over 2 s it is no longer a pump. */
export const PUSH_MS_MIN = 100;
export const PUSH_MS_MAX = 2000;
/** A timed phase: 5 s to 30 min of pacing. */
export const TARGET_MS_MIN = 5000;
export const TARGET_MS_MAX = 1800000;
/** A counted phase counts 1 to this many pumps. */
export const MAX_PUMPS = 999;
/** Motor strength (PWM duty): below 0.1 a coin motor does not start. */
export const STRENGTH_MIN = 0.1;
export const STRENGTH_MAX = 1;
/** An accent every N pumps (0: none); further apart it no longer helps counting. */
export const MAX_ACCENT_EVERY = 20;
/** Minutes in idle or done before the radio sleeps (0: never): at most 4 hours. */
export const MAX_IDLE_OFF_MIN = 240;
/** More steps than this are more than a session needs (and than the Puck.js should hold). */
export const MAX_PHASES = 12;
/** JSON.stringify(protocol).length limit: it is kept as a Storage file and parsed into JsVars. */
export const MAX_PROTOCOL_BYTES = 2048;
/** Named positions in a phase (the water wheel has three), and the characters of each name. */
export const MAX_POSITIONS = 4;
export const MAX_POSITION_CHARS = 16;
/** The most pumps a counted phase may count down. */
export const MAX_COUNTDOWN = 9;
/**
 * Pulses in all of a protocol's own cues. A pulse is dense in RAM (an array of 4 numbers: about
 * 6 JsVars for 17 bytes of JSON, three times what text costs), so bytes alone do not bound what a
 * protocol costs the device: this does, with MAX_PROTOCOL_BYTES (README: Memory).
 */
export const MAX_CUE_PULSES = 6;

// ---- the validator's rule tables (validate.ts reads them) ----
// Here, beside the bounds they are built from: the bundler folds a whole number of this file
// into a string literal, so each table is one literal that stays in flash on the device. (A
// number imported from another file would not fold, and the table would be built in RAM; nor
// does a fraction: STRENGTH_MIN is written out, and test/limits.test.ts holds it to the table.)

/**
 * A rule table: `key kind min max optional` per rule, comma separated. Kinds: N a number, I a whole
 * number, B a boolean, S a string, D an id (a string of a-z, 0-9 and -: it names a file), A an
 * array, O an object. N / I must lie in min..max; S / D have min..max characters. optional (1): the
 * key may be absent, and 0 (its default: "use the setting" / "not this kind of end") is always accepted.
 */
export const PROTOCOL_RULES =
  // names a Storage file and a CSV column
  'id D 1 24' +
  // one line on the simulator and the app
  ',name S 1 32' +
  // counted in validate.ts's phases(): those messages say why
  ',phases A' +
  // patterns that replace the default cues of the same name
  ',cues O 0 0 1';

export const PHASE_RULES =
  // names the phase in traces, logs and the session CSV
  'id D 1 24' +
  // fits the phase line of a status display
  ',name S 1 24' +
  // one line the therapist reads; may be empty, but must be there
  ',guide S 0 100' +
  // 0 = the ppm setting
  ',ppm N ' + PPM_MIN + ' ' + PPM_MAX + ' 1' +
  // 0 = the pushMs setting
  ',pushMs I ' + PUSH_MS_MIN + ' ' + PUSH_MS_MAX + ' 1' +
  // a timed phase
  ',targetMs I ' + TARGET_MS_MIN + ' ' + TARGET_MS_MAX + ' 1' +
  // a counted phase
  ',pumps I 1 ' + MAX_PUMPS + ' 1' +
  // where the hands work in turn (checked in phases()), and a counted phase's last pumps counted down
  ',positions A 0 0 1,countdown I 1 ' + MAX_COUNTDOWN + ' 1';

export const SETTINGS_RULES =
  // the rhythm of phases without their own (the MLD range)
  'ppm N ' + PPM_MIN + ' ' + PPM_MAX +
  // motor duty: STRENGTH_MIN..STRENGTH_MAX, written out (a fraction does not fold)
  ',strength N 0.1 ' + STRENGTH_MAX +
  // output and behaviour switches
  ',led B,haptic B,leadIn B,autoAdvance B' +
  ',accentEvery I 0 ' + MAX_ACCENT_EVERY +
  // the default push, as for a phase
  ',pushMs I ' + PUSH_MS_MIN + ' ' + PUSH_MS_MAX +
  ',idleOffMin I 0 ' + MAX_IDLE_OFF_MIN;

/**
 * One pulse of a cue, by position. A cue lasts at most 3 s; a flash at most 1 s, a buzz at most
 * the motor's limit; the level is a PWM duty.
 */
export const PULSE_RULES = 'offsetMs N 0 3000,ledMs N 0 1000,level N 0 1,motorMs N 0 ' + MOTOR_MAX_MS;
