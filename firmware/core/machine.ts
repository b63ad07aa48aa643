// The pacer as a pure state machine: step(config, state, event, nowMs) returns
// the next state, the output pulses to start now and the next deadline. It
// reads no clock and arms no timer: the host (device adapter or simulator)
// calls it at the deadline it returned, or when a press ends.
//
// States: idle -> running <-> paused -> done -> idle, and idle <-> setup.
// What a press does is the button table's (buttons.ts). The rhythm itself is
// in rhythm.ts, cues and outputs in output.ts; the setup gestures (battery
// level, tap tempo) in setup.ts, which the device keeps out of RAM until a
// long press in idle asks for one: this step only hands over.
// Helpers read the step's working set from ctx.ts. Few functions, on purpose:
// on the device each one holds about 5 JsVars for as long as the pacer runs.

import { Act, Buttons, pressKind } from './buttons';
import { cfg, enter, leave, now, res, st } from './ctx';
import { PACING_CUES } from './cues';
import { CRIT_BATT_PCT, EARLY_MS } from './limits';
import { allOff, cueSteps, nextCueMs, startCue } from './output';
import { beats, beginRun, periodMs } from './rhythm';
import { Config, EndReason, PacerEvent, Result, State, Status } from './types';

export const TICK: PacerEvent = { kind: 'tick', heldMs: 0, batt: -1 };
/** The button went down: hosts send it only during a setup (setup.ts). */
export const DOWN: PacerEvent = { kind: 'down', heldMs: 0, batt: -1 };
export function press(heldMs: number, batt: number): PacerEvent {
  return { kind: 'press', heldMs: heldMs, batt: batt };
}

/** Idle at boot; the auto-off counts from `nowMs`. LED and motor have been off forever (whatever the clock reads). */
export function initialState(nowMs: number): State {
  return {
    mode: 'idle', phase: 0, n: 0, pos: 0, anchorMs: 0, leadBeats: 0, beat: -1, fresh: true, runMs: 0,
    hit: false, subDue: false, cue: '', cueAtMs: 0, cueStep: 0, cueCount: 0, ledToMs: -1 / 0,
    motorFromMs: 0, motorToMs: -1 / 0, ended: '', startMs: 0, phaseAtMs: 0, pauses: 0, pausedMs: 0,
    pausedAtMs: 0, rec: [], setupKind: '', taps: [], held: false, color: 'g', batt: -1, idleAtMs: nowMs, asleep: false,
  };
}

export function step(c: Config, prev: State, ev: PacerEvent, nowMs: number): Result {
  const r = enter(c, prev, nowMs, PACING_CUES);
  if (ev.batt >= 0) st.batt = ev.batt;
  // a flat battery ends the session before anything else happens: no beat is played into it
  const flat = st.batt >= 0 && st.batt <= CRIT_BATT_PCT;
  if (flat && (st.mode === 'running' || st.mode === 'paused')) finish('battery');
  else if (ev.kind === 'press') onPress(pressKind(ev.heldMs), flat);
  else {
    // a timer: the cue's next pulse, the next beat, or the idle auto-off
    cueSteps();
    if (st.mode === 'running') {
      if (beats()) advance();
    } else if (sleepAtMs() <= now + EARLY_MS) {
      st.asleep = true;
      res.sleepNow = true;
    }
  }
  // the next deadline: a setup's is now (the setup machine takes over), else the earliest of
  // the next beat (or the auto-off) and the cue's next pulse
  // the run's next beat (or mid-cycle tick)
  let at = st.mode === 'running' ? st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st) : sleepAtMs();
  const c2 = nextCueMs();
  if (c2 !== null && c2 < at) at = c2;
  r.atMs = st.mode === 'setup' ? now : at < 1 / 0 ? at : null;
  // the session so far, for the host to store: at each phase change (its record grows), pause
  // and resume, so a power cut loses at most the pumps since then (writing every pump would wear
  // the flash), the phase it was in as far as it got; and whole when it ends (into done: nothing
  // in done changes the record, so done here is the end)
  if (st.rec !== prev.rec || (st.mode !== prev.mode && st.mode !== 'idle' && st.mode !== 'setup')) {
    const done = st.mode === 'done';
    r.entry = {
      protocol: cfg.proto.id, start: st.startMs / 1000, end: done ? st.ended : 'interrupted',
      phases: done ? st.rec : st.rec.concat([[st.phase, now - st.phaseAtMs, st.n, st.pauses, st.pausedMs]]),
    };
  }
  leave();
  return r;
}

export function status(c: Config, s: State): Status {
  return {
    state: s.mode, phase: s.phase, phaseId: c.proto.phases[s.phase].id,
    n: s.n, pos: s.pos, cue: s.cue, cueCount: s.cueCount, batt: s.batt, asleep: s.asleep,
  };
}

/** What a press of this class (pressKind) does in the state it finds: the button table's action (buttons.ts). */
function onPress(kind: number, flat: boolean) {
  // buttons.ts's pressAct(), written out: a function of its own would hold JsVars on the device
  const act = Buttons.Actions[Buttons.States.indexOf(st.mode[0]) * 3 + kind];
  st.asleep = false;
  if (act === Act.Battery || act === Act.Tempo) {
    // hand over to the setup machine: the deadline is now, so the host's next wake goes there
    st.mode = 'setup';
    st.setupKind = act === Act.Battery ? 'battery' : 'tempo';
    st.cue = '';
    st.held = false;
  } else if (act === Act.Start) {
    if (flat) startCue('low', 'r'); // too flat to start: red flashes, not a session the motor could brown out
    else {
      st.startMs = now;
      st.rec = [];
      startPhase(0);
    }
  } else if (act === Act.Idle) {
    // back to idle: whatever was playing stops here
    st.mode = 'idle';
    st.phase = 0;
    st.n = 0;
    st.ended = '';
    st.cue = '';
    st.idleAtMs = now;
    allOff();
  } else if (act === Act.End) finish('ended');
  else if (act === Act.Resume) {
    st.mode = 'running';
    st.fresh = false;
    st.pausedMs += now - st.pausedAtMs;
    beginRun();
  } else if (act === Act.Next) advance();
  else {
    // pause: the pacing time so far is kept (earlier runs, and this run since its first pump)
    st.runMs += Math.max(0, now - (st.anchorMs + st.leadBeats * periodMs(cfg, st)));
    st.mode = 'paused';
    st.pauses += 1;
    st.pausedAtMs = now;
    allOff();
    startCue('pause', 'g');
  }
}

function startPhase(index: number) {
  st.mode = 'running';
  st.phase = index;
  st.n = 0;
  st.pos = 0;
  st.runMs = 0;
  st.hit = false;
  st.fresh = true;
  st.phaseAtMs = now;
  st.pauses = 0;
  st.pausedMs = 0;
  beginRun();
}

/** The phase ends: on to the next, or the session is done. */
function advance() {
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

function finish(why: EndReason) {
  if (why !== 'done') record();
  st.mode = 'done';
  st.ended = why;
  st.idleAtMs = now;
  allOff();
  // a flat battery gets a red flash and no buzz: a motor load could brown the cell out
  startCue(why === 'battery' ? 'low' : 'done', why === 'battery' ? 'r' : 'g');
}

/** When idle or done hands over to sleep (radio off, only the button watch left); Infinity: never. */
export function sleepAtMs(): number {
  const min = cfg.set.idleOffMin;
  return (st.mode === 'idle' || st.mode === 'done') && min > 0 && !st.asleep ? st.idleAtMs + min * 60000 : 1 / 0;
}
