// The beat grid of a run: beat k is due at anchorMs + k * periodMs, computed
// from the anchor every time, so nothing drifts however many beats go by. The
// latest due beat plays if it is not too late; beats before it are skipped,
// never caught up with a volley. What happens when a phase is over (the next
// phase, or done) is the machine's: beats() only says so.
import { cfg, now, st } from './ctx';
import { EARLY_MS, LATE_MAX_MS, LEAD_BEATS, LOW_BATT_PCT, SUB_BEAT_MIN_MS } from './limits';
import { startCue } from './output';
import { Config, State } from './types';

export function periodMs(c: Config, s: State): number {
  return 60000 / (c.proto.phases[s.phase].ppm || c.set.ppm);
}

/** Start a run of beats now: beat 0 plays at once (a lead-in beat: it never ends a phase). */
export function beginRun() {
  st.anchorMs = now;
  st.leadBeats = cfg.set.leadIn ? LEAD_BEATS : 1;
  st.beat = -1;
  beats();
}

/** Play the beat that is due, if any; true when the phase is over instead (its count reached, or its target with autoAdvance). */
export function beats(): boolean {
  const p = periodMs(cfg, st);
  if (now + EARLY_MS < st.anchorMs + st.beat * p) st.anchorMs = now - st.beat * p; // the clock went back
  const due = Math.floor((now + EARLY_MS - st.anchorMs) / p);
  if (due > st.beat) {
    st.beat = due;
    st.subDue = false;
    if (now - (st.anchorMs + due * p) > LATE_MAX_MS) return false;
    if (due < st.leadBeats) {
      // beat 0 of a phase is its phase cue; a session that starts on a low battery says so instead
      const low = due === 0 && st.fresh && st.phase === 0 && st.batt >= 0 && st.batt < LOW_BATT_PCT;
      startCue(low ? 'low' : due === 0 && st.fresh ? 'phase' : 'lead', low ? 'r' : 'g');
      return false;
    }
    const ph = cfg.proto.phases[st.phase];
    // a counted phase ends on the beat after its last pump: that push gets its full cycle
    if (ph.pumps > 0 && st.n >= ph.pumps) return true;
    const reached = ph.targetMs > 0 && !st.hit && st.runMs + (due - st.leadBeats) * p >= ph.targetMs;
    if (reached && cfg.set.autoAdvance) return true;
    st.n += 1;
    if (reached) st.hit = true;
    st.subDue = p >= SUB_BEAT_MIN_MS;
    // the hands move on at even shares of the phase's target (timed) or count (counted): the
    // position this pump falls in, never back and never past the last
    const np = ph.positions ? ph.positions.length : 0;
    const done = ph.pumps > 0 ? st.n - 1 : st.runMs + (due - st.leadBeats) * p;
    const pos = Math.min(np - 1, Math.floor((done * np) / (ph.pumps || ph.targetMs)));
    const moved = pos > st.pos;
    if (moved) st.pos = pos;
    const every = cfg.set.accentEvery;
    // one cue a beat, the most telling: target, position, countdown (the last pumps of a counted phase), accent, pump
    startCue(reached ? 'target' : moved ? 'position' : ph.countdown! > 0 && st.n > ph.pumps - ph.countdown! ? 'countdown'
      : every > 0 && st.n % every === 0 ? 'accent' : 'pump', 'g');
  } else if (st.subDue && now + EARLY_MS >= st.anchorMs + (st.beat + 0.5) * p) {
    st.subDue = false;
    startCue('tick', 'g');
  }
  return false;
}
