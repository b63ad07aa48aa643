// The setup machine: what a long press in idle asks for, run while the state
// is 'setup' and back to idle when it is over. On the device it lives in the
// on-demand file (pacer.cmd) with the console commands, so it takes no RAM
// while the pacer paces. Hosts call it through stepAny().
//
//   battery (long press in idle): the level as a colour for 1 s: green >= 50 %,
//     yellow >= 20 %, red below (BATT_GREEN_PCT, LOW_BATT_PCT); a "can't" buzz
//     where the board cannot tell.
//   tempo (very long press in idle): the therapist taps the rhythm; each tap
//     ticks. A long press keeps the rate, and so does a 3 s pause after the
//     taps (never while the button is down: hosts send the 'down' edge in
//     setup, so a very long press is not overtaken by the pause); a very
//     long press cancels. The rate needs at least 4 taps that
//     agree (tempo.ts); it is confirmed by three quick buzzes, or refused by
//     one long low buzz.
import { pressKind } from './buttons';
import { cfg, enter, leave, now, res, st } from './ctx';
import { SETUP_CUES } from './cues';
import { BATT_GREEN_PCT, EARLY_MS, LOW_BATT_PCT, TAP_WAIT_MS } from './limits';
import { sleepAtMs, step } from './machine';
import { cueSteps, nextCueMs, startCue } from './output';
import { addTap, tempoPpm } from './tempo';
import { Config, PacerEvent, Result, State } from './types';

/** The whole machine: the pacing step, or the setup machine while a setup runs. */
export function stepAny(c: Config, prev: State, ev: PacerEvent, nowMs: number): Result {
  return prev.mode === 'setup' ? setupStep(c, prev, ev, nowMs) : step(c, prev, ev, nowMs);
}

export function setupStep(base: Config, prev: State, ev: PacerEvent, nowMs: number): Result {
  // the setup cues (battery, tap, tempo, cancel): a protocol's own of the same name win
  const r = enter(base, prev, nowMs, SETUP_CUES);
  if (ev.batt >= 0) st.batt = ev.batt;
  cueSteps();
  st.held = ev.kind === 'down' || (st.held && ev.kind !== 'press');
  if (st.cue === '') begin();
  else if (st.setupKind === 'tempo' && ev.kind === 'press') {
    const kind = pressKind(ev.heldMs);
    // a tap is when the button went down: the press length is known, so is its start
    if (kind === 0) tap(now - ev.heldMs);
    else finish(kind === 1);
  } else if (st.setupKind === 'tempo' && !st.held && now + EARLY_MS >= tapsEndMs()) finish(true);
  // the closing cue has played out: back to idle, its last pulse left to end by itself (the
  // cue keeps its name: the pacing step has no pulses under it, and hosts still see it was played)
  if (st.setupKind === 'bye' && nextCueMs() === null) {
    st.mode = 'idle';
    st.setupKind = '';
    st.held = false;
    st.idleAtMs = now;
  }
  // back in idle, the idle auto-off counts from now
  r.atMs = st.mode === 'setup' ? nextMs() : sleepAtMs() < 1 / 0 ? sleepAtMs() : null;
  leave();
  return r;
}

function begin() {
  if (st.setupKind === 'tempo') {
    st.taps = [];
    st.idleAtMs = now;
    return startCue('tap', 'g');
  }
  st.setupKind = 'bye';
  if (st.batt < 0) startCue('cancel', 'g');
  else startCue('battery', st.batt >= BATT_GREEN_PCT ? 'g' : st.batt >= LOW_BATT_PCT ? 'y' : 'r');
}

function tap(atMs: number) {
  st.taps = addTap(st.taps, atMs);
  startCue('tap', 'g');
}

/** Keep the tapped rate (confirm) or not (cancel); the closing cue plays, then idle. */
function finish(keep: boolean) {
  const ppm = keep ? tempoPpm(st.taps) : 0;
  // the rate becomes the ppm setting: the hosts run with these settings and store them
  if (ppm) res.set = Object.assign({}, cfg.set, { ppm: ppm });
  st.setupKind = 'bye';
  startCue(ppm ? 'tempo' : 'cancel', 'g');
}

function tapsEndMs(): number {
  return (st.taps.length ? st.taps[st.taps.length - 1] : st.idleAtMs) + TAP_WAIT_MS;
}

function nextMs(): number | null {
  const c = nextCueMs();
  if (st.setupKind !== 'tempo' || st.held) return c;
  return c === null ? tapsEndMs() : Math.min(c, tapsEndMs());
}
