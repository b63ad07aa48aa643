import { CueTable } from './types';

// Each pulse: [offsetMs, ledMs, motorLevel, motorMs]; motor levels are scaled
// by the strength setting. Figures from ../shared/reference/mld-pacing.md:
// a 60-80 ms buzz at the start of the push, a 20-40 ms LED flash on the same
// beat, pulses of at least ~30 ms to be felt at all, an ERM needing ~180 ms
// to reach full amplitude (so the long cues are long).
export const DEFAULT_CUES: CueTable = {
  // every pump
  pump: [[0, 30, 1, 70]],
  // every Nth pump: longer, so it is felt even while moving
  accent: [[0, 60, 1, 160]],
  // lead-in beats before a phase's first pump: soft and short
  lead: [[0, 15, 0.5, 45]],
  // beat 0 of every phase: one long buzz
  phase: [[0, 400, 1, 450]],
  // timed phase reached its target: a double buzz on that pump's beat
  target: [[0, 60, 1, 90], [200, 60, 1, 90]],
  // paused: one soft buzz to confirm the long press
  pause: [[0, 200, 0.6, 120]],
  // session over: three rising buzzes, then everything stays off
  done: [[0, 250, 1, 250], [450, 250, 1, 300], [950, 600, 1, 600]],
  // sub-beat at slow rhythms (>= 2 s a pump): a faint tick mid-cycle
  tick: [[0, 0, 0.35, 35]],
  // low battery at the start of a session, or a session ended by a flat one: red flashes, no buzz
  low: [[0, 150, 0, 0], [300, 150, 0, 0], [600, 150, 0, 0]],
};
