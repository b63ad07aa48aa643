// Cues and output pulses: a cue is a short table of pulses (cues.ts); each
// pulse starts an LED flash and/or a motor buzz that end by themselves. Two
// rules hold here whatever the cue table or settings say: a flash never starts
// on top of one still running (hardware pulses queue), and the motor is never
// on for more than MOTOR_MAX_MS at a stretch.
import { cfg, cues, now, res, st } from './ctx';
import { cuePulses } from './cues';
import { EARLY_MS, LATE_MAX_MS, MOTOR_MAX_MS, MOTOR_REST_MS, MOTOR_SLACK_MS } from './limits';
import { LedColor } from './types';

export function startCue(name: string, color: LedColor) {
  st.cue = name;
  st.cueAtMs = now;
  st.cueStep = 0;
  st.cueCount += 1;
  st.color = color;
  cueSteps();
}

/** Play the pulses of the current cue that are due; skip those found too late. */
export function cueSteps() {
  const list = cuePulses(cfg.proto.cues, st.cue, cues);
  const set = cfg.set;
  while (st.cueStep < list.length) {
    const p = list[st.cueStep];
    const atMs = st.cueAtMs + p[0];
    if (now + EARLY_MS < atMs) return;
    st.cueStep += 1;
    if (now - atMs > LATE_MAX_MS) continue;
    // battery colours show even with the pacing LED turned off
    if ((set.led || st.color !== 'g') && p[1] > 0 && now >= st.ledToMs) {
      res.ledPulse = { level: 1, ms: p[1], color: st.color };
      st.ledToMs = now + p[1];
    }
    const level = p[2] * set.strength;
    if (set.haptic && level > 0 && p[3] > 0) {
      // a stretch keeps its start until the motor has rested: close buzzes count as one
      if (now >= st.motorToMs + MOTOR_REST_MS) st.motorFromMs = now;
      const ms = Math.min(p[3], st.motorFromMs + MOTOR_MAX_MS - MOTOR_SLACK_MS - now);
      if (ms > 0) {
        res.motorPulse = { level: Math.min(1, level), ms: ms, color: 'g' };
        st.motorToMs = now + ms;
      }
    }
  }
}

/** When the current cue's next pulse is due, or null. */
export function nextCueMs(): number | null {
  const list = cuePulses(cfg.proto.cues, st.cue, cues);
  return st.cueStep < list.length ? st.cueAtMs + list[st.cueStep][0] : null;
}

/** Every output that is on goes off now. */
export function allOff() {
  // a flash started in this very step was never lit: take it back, the LED is free
  if (res.ledPulse && res.ledPulse.level > 0) {
    res.ledPulse = null;
    st.ledToMs = now;
  } else if (now < st.ledToMs) res.ledPulse = { level: 0, ms: 0, color: st.color };
  // the motor's off is a timer that may still be on its way: while it may be, it is turned off here
  if (now < st.motorToMs + MOTOR_SLACK_MS) {
    res.motorPulse = { level: 0, ms: 0, color: 'g' };
    st.motorToMs = now;
  }
}
