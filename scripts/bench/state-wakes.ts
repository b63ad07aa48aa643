// Wake-ups per hour in idle, paused and done: one device through all three,
// a window counted twice in each (the first holds the auto-off wake).
import { DESKTOP_LATENCY, latencyModel, LatencyStats, streamSeed } from '../../sim/latency';
import { SHORT_PRESS_MS } from '../../sim/scenario';
import { Reading } from '../power-model';
import { HOUR, PacerName, Spans } from './params';
import { makeRig } from './rig';

export interface PerHour {
  /** The first window after entering the state (idle: from boot; the auto-off wake is in it). */
  firstHour: number;
  secondHour: number;
}
export type StateWakes = Record<'idle' | 'paused' | 'done', PerHour>;

export function statesRun(pacer: PacerName, spans: Spans, seed: number): { wakes: StateWakes; latency: LatencyStats } {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const rig = makeRig(pacer, 'puck', { latency: latencyModel(DESKTOP_LATENCY, streamSeed(seed, `states-${pacer}`), stats) });
  const S = spans.stateMs * 1000;
  const marks: Array<{ reading: Reading; state: string }> = [];
  // idle from boot
  rig.mark(0, marks);
  rig.mark(S, marks);
  rig.mark(2 * S, marks);
  // start, then a long press (1.5 s) pauses
  rig.press(2 * S + 1e6, SHORT_PRESS_MS);
  rig.press(2 * S + 61e6, 1500);
  const P = 2 * S + 70e6;
  rig.mark(P, marks);
  rig.mark(P + S, marks);
  rig.mark(P + 2 * S, marks);
  // resume, advance twice: the last phase ends by itself after 15 pumps
  const R = P + 2 * S;
  rig.press(R + 1e6, SHORT_PRESS_MS);
  rig.press(R + 31e6, SHORT_PRESS_MS);
  rig.press(R + 61e6, SHORT_PRESS_MS);
  const D = R + 120e6;
  rig.mark(D, marks);
  rig.mark(D + S, marks);
  rig.mark(D + 2 * S, marks);
  rig.env.clock.runUntil(D + 2 * S);
  const expect = ['idle', 'idle', 'idle', 'paused', 'paused', 'paused', 'done', 'done', 'done'];
  marks.forEach((m, i) => {
    if (m.state !== expect[i]) throw new Error(`bench: ${pacer} was ${m.state} at mark ${i}, expected ${expect[i]}`);
  });
  const perHour = (a: number, b: number) => ((marks[b].reading.wakes - marks[a].reading.wakes) * HOUR) / spans.stateMs;
  return {
    wakes: {
      idle: { firstHour: perHour(0, 1), secondHour: perHour(1, 2) },
      paused: { firstHour: perHour(3, 4), secondHour: perHour(4, 5) },
      done: { firstHour: perHour(6, 7), secondHour: perHour(7, 8) },
    },
    latency: stats,
  };
}
