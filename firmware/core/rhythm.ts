// The beat grid of a run: beat k is due at anchorMs + k * periodMs, computed
// from the anchor every time, so nothing drifts however many beats go by. The
// latest due beat plays if it is not too late; beats before it are skipped,
// never caught up with a volley.
import { cfg, now, st } from './ctx';
import { advance, LOW_BATT_PCT } from './machine';
import { EARLY_MS, LATE_MAX_MS, startCue } from './output';
import { Config, State } from './types';

/** Lead-in beats when the lead-in is on (beat 0 is the phase cue or the first soft beat). */
export const LEAD_BEATS = 3;
/** At this period or slower a faint tick marks the middle of each cycle. */
export const SUB_BEAT_MIN_MS = 2000;

export function periodMs(c: Config, s: State): number {
  return 60000 / (c.proto.phases[s.phase].ppm || c.set.ppm);
}

/** Start a run of beats now: beat 0 plays at once. */
export function beginRun() {
  st.anchorMs = now;
  st.leadBeats = cfg.set.leadIn ? LEAD_BEATS : 1;
  st.beat = -1;
  beats();
}

/** Pacing time in the phase now: earlier runs plus this run since its first pump. */
export function elapsedMs(): number {
  return st.runMs + Math.max(0, now - (st.anchorMs + st.leadBeats * periodMs(cfg, st)));
}

export function beats() {
  const p = periodMs(cfg, st);
  if (now + EARLY_MS < st.anchorMs + st.beat * p) st.anchorMs = now - st.beat * p; // the clock went back
  const due = Math.floor((now + EARLY_MS - st.anchorMs) / p);
  if (due > st.beat) {
    st.beat = due;
    st.subDue = false;
    if (now - (st.anchorMs + due * p) <= LATE_MAX_MS) playBeat(due, p);
  } else if (st.subDue && now + EARLY_MS >= st.anchorMs + (st.beat + 0.5) * p) {
    st.subDue = false;
    startCue('tick', 'g');
  }
}

/** When the run's next beat (or mid-cycle tick) is due. */
export function nextBeatMs(): number {
  return st.anchorMs + (st.beat + (st.subDue ? 0.5 : 1)) * periodMs(cfg, st);
}

function playBeat(beat: number, p: number) {
  if (beat < st.leadBeats) {
    // beat 0 of a phase is its phase cue; a session that starts on a low battery says so instead
    const low = beat === 0 && st.fresh && st.phase === 0 && st.batt >= 0 && st.batt < LOW_BATT_PCT;
    return startCue(low ? 'low' : beat === 0 && st.fresh ? 'phase' : 'lead', low ? 'r' : 'g');
  }
  const ph = cfg.proto.phases[st.phase];
  // a counted phase ends on the beat after its last pump: that push gets its full cycle
  if (ph.pumps > 0 && st.n >= ph.pumps) return advance();
  const reached = ph.targetMs > 0 && !st.hit && st.runMs + (beat - st.leadBeats) * p >= ph.targetMs;
  if (reached && cfg.set.autoAdvance) return advance();
  st.n += 1;
  if (reached) st.hit = true;
  st.subDue = p >= SUB_BEAT_MIN_MS;
  const every = cfg.set.accentEvery;
  startCue(reached ? 'target' : every > 0 && st.n % every === 0 ? 'accent' : 'pump', 'g');
}
