// The pacer as a pure state machine: step(config, state, event, nowMs) returns
// the next state, the output pulses to start now and the next deadline. It
// reads no clock and arms no timer: the host (device adapter or simulator)
// calls it at the deadline it returned, or when a press ends.
//
// Time model: a run (a phase start or a resume) has an anchor; beat k is due
// at anchorMs + k * periodMs, computed from the anchor every time, so nothing
// drifts however many beats go by. A beat found late by more than LATE_MAX_MS
// is skipped, never played late or caught up with a volley.

import { Config, CuePulse, PacerEvent, Phase, Result, State, Status } from './types';

/** Held at least this long: a long press (pause / resume). */
export const LONG_PRESS_MS = 1000;
/** Held at least this long: a very long press (end the session). */
export const VERY_LONG_PRESS_MS = 3000;
/** The motor is never on longer than this at a stretch, whatever the settings or cues. */
export const MOTOR_MAX_MS = 1000;
/** A beat or cue pulse found later than this is skipped: later would be felt off the rhythm. */
export const LATE_MAX_MS = 100;
/** A deadline this close is due (host clocks may round a timer a little early). */
export const EARLY_MS = 1;
/** Lead-in beats when the lead-in is on (beat 0 is the phase cue or the first soft beat). */
export const LEAD_BEATS = 3;
/** At this period or slower a faint tick marks the middle of each cycle. */
export const SUB_BEAT_MIN_MS = 2000;

export const TICK: PacerEvent = { kind: 'tick', heldMs: 0 };
export function press(heldMs: number): PacerEvent {
  return { kind: 'press', heldMs: heldMs };
}

export function initialState(): State {
  return {
    mode: 'idle', phase: 0, n: 0, anchorMs: 0, leadBeats: 0, beat: -1, fresh: true, runMs: 0,
    hit: false, subDue: false, cue: '', cueAtMs: 0, cueStep: 0, cueCount: 0,
    ledToMs: 0, motorFromMs: 0, motorToMs: 0, ended: '',
  };
}

export function step(cfg: Config, prev: State, ev: PacerEvent, nowMs: number): Result {
  const r: Result = { state: copy(prev), ledPulse: null, motorPulse: null, atMs: null };
  if (ev.kind === 'press') onPress(cfg, r, ev.heldMs, nowMs);
  else onTick(cfg, r, nowMs);
  r.atMs = nextDeadline(cfg, r.state);
  return r;
}

export function status(cfg: Config, s: State): Status {
  return {
    state: s.mode, phase: s.phase, phaseId: cfg.protocol.phases[s.phase].id,
    n: s.n, cue: s.cue, cueCount: s.cueCount,
  };
}

export function phaseOf(cfg: Config, s: State): Phase {
  return cfg.protocol.phases[s.phase];
}

export function periodMs(cfg: Config, s: State): number {
  const ppm = phaseOf(cfg, s).ppm || cfg.settings.ppm;
  return 60000 / ppm;
}

// ---- button ---------------------------------------------------------------

function onPress(cfg: Config, r: Result, heldMs: number, now: number) {
  const s = r.state;
  const kind = heldMs >= VERY_LONG_PRESS_MS ? 2 : heldMs >= LONG_PRESS_MS ? 1 : 0;
  if (s.mode === 'idle') {
    // long and very long presses in idle do nothing (yet): no session to pause or end
    if (kind === 0) startPhase(cfg, r, 0, now);
  } else if (s.mode === 'running') {
    if (kind === 0) advance(cfg, r, now);
    else if (kind === 1) pause(cfg, r, now);
    else finish(cfg, r, 'ended', now);
  } else if (s.mode === 'paused') {
    // a short press also resumes: the gentlest reading of a press while paused
    if (kind === 2) finish(cfg, r, 'ended', now);
    else resume(cfg, r, now);
  } else {
    toIdle(r, now);
  }
}

function startPhase(cfg: Config, r: Result, index: number, now: number) {
  const s = r.state;
  s.mode = 'running';
  s.phase = index;
  s.n = 0;
  s.runMs = 0;
  s.hit = false;
  s.fresh = true;
  beginRun(cfg, r, now);
}

function beginRun(cfg: Config, r: Result, now: number) {
  const s = r.state;
  s.anchorMs = now;
  s.leadBeats = cfg.settings.leadIn ? LEAD_BEATS : 1;
  s.beat = -1;
  beats(cfg, r, now);
}

function advance(cfg: Config, r: Result, now: number) {
  const next = r.state.phase + 1;
  if (next < cfg.protocol.phases.length) startPhase(cfg, r, next, now);
  else finish(cfg, r, 'done', now);
}

function pause(cfg: Config, r: Result, now: number) {
  const s = r.state;
  s.runMs = elapsedMs(cfg, s, now);
  s.mode = 'paused';
  allOff(r, now);
  startCue(cfg, r, 'pause', now);
}

function resume(cfg: Config, r: Result, now: number) {
  r.state.mode = 'running';
  r.state.fresh = false;
  beginRun(cfg, r, now);
}

function finish(cfg: Config, r: Result, why: 'done' | 'ended', now: number) {
  r.state.mode = 'done';
  r.state.ended = why;
  allOff(r, now);
  startCue(cfg, r, 'done', now);
}

function toIdle(r: Result, now: number) {
  const s = r.state;
  s.mode = 'idle';
  s.phase = 0;
  s.n = 0;
  s.ended = '';
  s.cue = ''; // whatever was playing stops here
  allOff(r, now);
}

/** Pacing time in the phase at `now`: earlier runs plus this run since its first pump. */
function elapsedMs(cfg: Config, s: State, now: number): number {
  const firstPumpMs = s.anchorMs + s.leadBeats * periodMs(cfg, s);
  return s.runMs + Math.max(0, now - firstPumpMs);
}

// ---- timer ----------------------------------------------------------------

function onTick(cfg: Config, r: Result, now: number) {
  cueSteps(cfg, r, now);
  if (r.state.mode === 'running') beats(cfg, r, now);
}

/** Play the latest due beat of the run, if it is not too late; skip the ones before it. */
function beats(cfg: Config, r: Result, now: number) {
  const s = r.state;
  const p = periodMs(cfg, s);
  if (now + EARLY_MS < s.anchorMs + s.beat * p) s.anchorMs = now - s.beat * p; // the clock went back
  const due = Math.floor((now + EARLY_MS - s.anchorMs) / p);
  if (due > s.beat) {
    s.beat = due;
    s.subDue = false;
    if (now - (s.anchorMs + due * p) <= LATE_MAX_MS) playBeat(cfg, r, due, now);
  } else if (s.subDue && now + EARLY_MS >= s.anchorMs + (s.beat + 0.5) * p) {
    s.subDue = false;
    startCue(cfg, r, 'tick', now);
  }
}

function playBeat(cfg: Config, r: Result, beat: number, now: number) {
  const s = r.state;
  if (beat < s.leadBeats) return startCue(cfg, r, beat === 0 && s.fresh ? 'phase' : 'lead', now);
  const ph = phaseOf(cfg, s);
  const p = periodMs(cfg, s);
  // a counted phase ends on the beat after its last pump: that push gets its full cycle
  if (ph.pumps > 0 && s.n >= ph.pumps) return advance(cfg, r, now);
  const reached = ph.targetMs > 0 && !s.hit && s.runMs + (beat - s.leadBeats) * p >= ph.targetMs;
  if (reached && cfg.settings.autoAdvance) return advance(cfg, r, now);
  s.n += 1;
  if (reached) s.hit = true;
  s.subDue = p >= SUB_BEAT_MIN_MS;
  const every = cfg.settings.accentEvery;
  startCue(cfg, r, reached ? 'target' : every > 0 && s.n % every === 0 ? 'accent' : 'pump', now);
}

// ---- cues and outputs -----------------------------------------------------

function startCue(cfg: Config, r: Result, name: string, now: number) {
  const s = r.state;
  s.cue = name;
  s.cueAtMs = now;
  s.cueStep = 0;
  s.cueCount += 1;
  cueSteps(cfg, r, now);
}

/** Play the pulses of the current cue that are due; skip those found too late. */
function cueSteps(cfg: Config, r: Result, now: number) {
  const s = r.state;
  const pulses = cfg.cues[s.cue] || [];
  while (s.cueStep < pulses.length) {
    const p: CuePulse = pulses[s.cueStep];
    const atMs = s.cueAtMs + p[0];
    if (now + EARLY_MS < atMs) return;
    s.cueStep += 1;
    if (now - atMs <= LATE_MAX_MS) emit(cfg, r, p, now);
  }
}

function emit(cfg: Config, r: Result, p: CuePulse, now: number) {
  const s = r.state;
  const set = cfg.settings;
  // a flash never starts on top of one still running: hardware pulses queue
  if (set.led && p[1] > 0 && now >= s.ledToMs) {
    r.ledPulse = { level: 1, ms: p[1] };
    s.ledToMs = now + p[1];
  }
  const level = p[2] * set.strength;
  if (set.haptic && level > 0 && p[3] > 0) {
    // an unbroken run keeps its start: back-to-back buzzes count as one stretch
    if (now > s.motorToMs) s.motorFromMs = now;
    const ms = Math.min(p[3], s.motorFromMs + MOTOR_MAX_MS - now);
    if (ms > 0) {
      r.motorPulse = { level: Math.min(1, level), ms: ms };
      s.motorToMs = now + ms;
    }
  }
}

function allOff(r: Result, now: number) {
  const s = r.state;
  if (now < s.ledToMs) r.ledPulse = { level: 0, ms: 0 };
  if (now < s.motorToMs) {
    r.motorPulse = { level: 0, ms: 0 };
    s.motorToMs = now;
  }
}

function nextDeadline(cfg: Config, s: State): number | null {
  let at: number | null = null;
  if (s.mode === 'running') {
    const p = periodMs(cfg, s);
    at = s.anchorMs + (s.beat + 1) * p;
    if (s.subDue) at = Math.min(at, s.anchorMs + (s.beat + 0.5) * p);
  }
  const pulses = cfg.cues[s.cue] || [];
  if (s.cueStep < pulses.length) {
    const c = s.cueAtMs + pulses[s.cueStep][0];
    at = at === null ? c : Math.min(at, c);
  }
  return at;
}

function copy(s: State): State {
  return Object.assign({}, s);
}
