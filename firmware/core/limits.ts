// Every bound the core keeps, in one place. Each is a plain constant: the
// bundler writes its value wherever it is used, so none costs a variable on
// the device (a module-level constant used in its own file would be one).

// ---- the button (README: The button) ----
/** Held at least this long: a long press (pause / resume; battery level in idle). */
export const LONG_PRESS_MS = 1000;
/** Held at least this long: a very long press (end the session; tap tempo in idle). */
export const VERY_LONG_PRESS_MS = 3000;

// ---- the battery ----
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
/** The rhythm range of MLD, pumps a minute: for the ppm setting, a phase's own, and tap tempo. */
export const PPM_MIN = 30;
export const PPM_MAX = 90;
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
