// The pacer as a pure state machine: step(config, state, event, nowMs) returns
// the next state, the output pulses to start now and the next deadline. It
// reads no clock and arms no timer: the host (device adapter or simulator)
// calls it at the deadline it returned, or when a press ends.
//
// States: idle -> running <-> paused -> done -> idle, and idle <-> setup.
// The rhythm itself is in rhythm.ts, cues and outputs in output.ts; the setup
// gestures (battery level, tap tempo) in setup.ts, which the device keeps out
// of RAM until a long press in idle asks for one: this step only hands over.
// Helpers read the step's working set from ctx.ts.

import { cfg, enter, now, res, st } from './ctx';
import { allOff, cueSteps, EARLY_MS, nextCueMs, startCue } from './output';
import { beats, beginRun, elapsedMs, nextBeatMs, periodMs } from './rhythm';
import { Config, EndReason, PacerEvent, Result, SetupKind, State, Status } from './types';

/** Held at least this long: a long press (pause / resume; battery level in idle). */
export const LONG_PRESS_MS = 1000;
/** Held at least this long: a very long press (end the session; tap tempo in idle). */
export const VERY_LONG_PRESS_MS = 3000;
/** Below this battery percent a session starts with the low-battery cue. */
export const LOW_BATT_PCT = 20;
/** At or below this a session ends cleanly: a motor load could brown the cell out. */
export const CRIT_BATT_PCT = 5;

/** 0 short, 1 long, 2 very long. */
export function pressKind(heldMs: number): number {
  return heldMs >= VERY_LONG_PRESS_MS ? 2 : heldMs >= LONG_PRESS_MS ? 1 : 0;
}

export const TICK: PacerEvent = { kind: 'tick', heldMs: 0, batt: -1 };
/** The button went down: hosts send it only during a setup (setup.ts). */
export const DOWN: PacerEvent = { kind: 'down', heldMs: 0, batt: -1 };
export function press(heldMs: number, batt: number): PacerEvent {
  return { kind: 'press', heldMs: heldMs, batt: batt };
}

/** Idle at boot; the auto-off counts from `nowMs`. LED and motor have been off forever (whatever the clock reads). */
export function initialState(nowMs: number): State {
  return {
    mode: 'idle', phase: 0, n: 0, anchorMs: 0, leadBeats: 0, beat: -1, fresh: true, runMs: 0,
    hit: false, subDue: false, cue: '', cueAtMs: 0, cueStep: 0, cueCount: 0, ledToMs: -1 / 0,
    motorFromMs: 0, motorToMs: -1 / 0, ended: '', startMs: 0, phaseAtMs: 0, pauses: 0, pausedMs: 0,
    pausedAtMs: 0, rec: [], setupKind: '', taps: [], held: false, color: 'g', batt: -1, idleAtMs: nowMs, asleep: false,
  };
}

export function step(c: Config, prev: State, ev: PacerEvent, nowMs: number): Result {
  const r = enter(c, prev, nowMs);
  if (ev.batt >= 0) st.batt = ev.batt;
  // a flat battery ends the session before anything else happens: no beat is played into it
  const flat = st.batt >= 0 && st.batt <= CRIT_BATT_PCT;
  if (flat && (st.mode === 'running' || st.mode === 'paused')) finish('battery');
  else if (ev.kind === 'press') onPress(ev.heldMs, flat);
  else onTick();
  r.atMs = nextDeadline();
  return r;
}

export function status(c: Config, s: State): Status {
  return {
    state: s.mode, phase: s.phase, phaseId: c.proto.phases[s.phase].id,
    n: s.n, cue: s.cue, cueCount: s.cueCount, batt: s.batt, asleep: s.asleep,
  };
}

// ---- button ---------------------------------------------------------------

function onPress(heldMs: number, flat: boolean) {
  const kind = pressKind(heldMs);
  st.asleep = false;
  if (st.mode === 'idle') {
    // too flat to start: red flashes instead of a session the motor could brown out
    if (kind === 0) flat ? startCue('low', 'r') : startSession();
    else enterSetup(kind === 1 ? 'battery' : 'tempo');
  } else if (st.mode === 'running') {
    if (kind === 0) advance();
    else if (kind === 1) pause();
    else finish('ended');
  } else if (st.mode === 'paused') {
    // a short press also resumes: the gentlest reading of a press while paused
    if (kind === 2) finish('ended');
    else resume();
  } else if (st.mode === 'done') {
    toIdle();
  }
}

/** Hand over to the setup machine: its deadline is now, so the host's next wake goes there. */
function enterSetup(kind: SetupKind) {
  st.mode = 'setup';
  st.setupKind = kind;
  st.cue = '';
  st.held = false;
}

function startSession() {
  st.startMs = now;
  st.rec = [];
  startPhase(0);
}

function startPhase(index: number) {
  st.mode = 'running';
  st.phase = index;
  st.n = 0;
  st.runMs = 0;
  st.hit = false;
  st.fresh = true;
  st.phaseAtMs = now;
  st.pauses = 0;
  st.pausedMs = 0;
  beginRun();
}

/** The phase ends: on to the next, or the session is done. */
export function advance() {
  const next = st.phase + 1;
  record();
  if (next < cfg.proto.phases.length) startPhase(next);
  else finish('done');
}

/** Append the phase that is ending to the session record (a new array: states are values). */
function record() {
  const open = st.mode === 'paused' ? now - st.pausedAtMs : 0;
  const rec = st.rec.slice();
  rec.push([st.phase, now - st.phaseAtMs, st.n, st.pauses, st.pausedMs + open]);
  st.rec = rec;
}

function pause() {
  st.runMs = elapsedMs();
  st.mode = 'paused';
  st.pauses += 1;
  st.pausedAtMs = now;
  allOff();
  startCue('pause', 'g');
}

function resume() {
  st.mode = 'running';
  st.fresh = false;
  st.pausedMs += now - st.pausedAtMs;
  beginRun();
}

function finish(why: EndReason) {
  if (why !== 'done') record();
  st.mode = 'done';
  st.ended = why;
  st.idleAtMs = now;
  allOff();
  // a flat battery gets a red flash and no buzz: a motor load could brown the cell out
  if (why === 'battery') startCue('low', 'r');
  else startCue('done', 'g');
}

function toIdle() {
  st.mode = 'idle';
  st.phase = 0;
  st.n = 0;
  st.ended = '';
  st.cue = ''; // whatever was playing stops here
  st.idleAtMs = now;
  allOff();
}

// ---- timer ----------------------------------------------------------------

function onTick() {
  cueSteps();
  if (st.mode === 'running') beats();
  else if (sleepAtMs() <= now + EARLY_MS) {
    st.asleep = true;
    res.sleepNow = true;
  }
}

/** When idle or done hands over to sleep (radio off, only the button watch left); Infinity: never. */
export function sleepAtMs(): number {
  const min = cfg.set.idleOffMin;
  return (st.mode === 'idle' || st.mode === 'done') && min > 0 && !st.asleep ? st.idleAtMs + min * 60000 : 1 / 0;
}

function nextDeadline(): number | null {
  if (st.mode === 'setup') return now; // due at once: the setup machine takes over
  let at = st.mode === 'running' ? nextBeatMs() : sleepAtMs();
  const c = nextCueMs();
  if (c !== null) at = Math.min(at, c);
  return at < 1 / 0 ? at : null;
}

export { periodMs };
export { EARLY_MS, LATE_MAX_MS, MOTOR_MAX_MS, MOTOR_SLACK_MS } from './output';
export { LEAD_BEATS, SUB_BEAT_MIN_MS } from './rhythm';
