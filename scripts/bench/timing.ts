// Timing: one press, then pacing for spans.longMs. From that one run come
// the onset lateness and the drift, the wake-ups per pump, and the
// simulator's speed (wall clock, reported only).
import { LEAD_BEATS } from '../../firmware/core/limits';
import { DEFAULT_SETTINGS } from '../../firmware/core/settings';
import { EngineName } from '../../sim/env';
import { HARDWARE } from '../../sim/hardware';
import { DESKTOP_LATENCY, latencyModel, LatencyStats, mulberry32, streamSeed } from '../../sim/latency';
import { SHORT_PRESS_MS } from '../../sim/scenario';
import { PacerName, Spans } from './params';
import { makeRig } from './rig';
import { mean, percentile, wallSince } from './stats';

export interface Speed {
  virtualHours: number;
  wallSeconds: number;
  virtualHoursPerWallSecond: number;
  timesRealTime: number;
}

export interface TimingFigures {
  tempoPpm: number;
  pumps: number;
  /** Pumps whose pump event and motor onset share the microsecond (a check: equals pumps). */
  pumpsWithMotorOnset: number;
  /** Onset time minus ideal time (anchor + k period), over every pump. */
  latenessMs: { mean: number; p99: number; max: number };
  /** Mean lateness over a window ending at that time, minus the mean over the first window of pumps. */
  driftMs: { after30min: number; after8h: number };
}

export interface WakesPerPump {
  /** Pump to pump, from the 100th pump to the last. */
  steady: number;
  /** Everything from the start press to the end of the run (lead-in and target cue included), per pump. */
  wholeRun: number;
  /** The most wake-ups between one pump onset and the next. */
  maxOnePump: number;
}

interface TimingRun {
  timing: TimingFigures;
  wakes: WakesPerPump;
  speed: Speed;
  latency: LatencyStats;
}

/** The press lands at a seeded point of the naive pacer's 10 ms tick grid (the same point for both pacers). */
function startPressUs(seed: number, ppm: number): number {
  return 2_000_000 + Math.floor(mulberry32(streamSeed(seed, `press-${ppm}`))() * 10_000);
}

export function timingRun(pacer: PacerName, ppm: number, spans: Spans, seed: number, engine: EngineName = 'bundle'): TimingRun {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const latency = engine === 'bundle' ? latencyModel(DESKTOP_LATENCY, streamSeed(seed, `timing-${pacer}-${ppm}`), stats) : undefined;
  const rig = makeRig(pacer, 'puck', { engine, latency, settings: ppm === DEFAULT_SETTINGS.ppm ? undefined : { ppm } });
  const startUs = startPressUs(seed, ppm);
  rig.press(startUs, SHORT_PRESS_MS);
  // the press is acted on when released and debounced; pacing is then timed from there
  const endUs = startUs + (SHORT_PRESS_MS + HARDWARE.puck.debounceMs) * 1000 + spans.longMs * 1000 + 1000;
  const t0 = process.hrtime.bigint();
  rig.env.clock.runUntil(endUs);
  const wallSeconds = Math.max(wallSince(t0), 1e-9);
  const end = rig.rec.reading(endUs);

  const run = rig.rec.states.find((s) => s.value === 'running');
  if (!run) throw new Error(`bench: ${pacer} never started pacing`);
  const anchorUs = run.tUs;
  const lead = pacer === 'ours' ? (DEFAULT_SETTINGS.leadIn ? LEAD_BEATS : 1) : 0;
  const periodUs = 60e6 / ppm;
  const lastUs = anchorUs + spans.longMs * 1000;
  const pumps = rig.rec.pumpsUs.filter((t) => t <= lastUs);
  const late = pumps.map((t, k) => (t - (anchorUs + (lead + k) * periodUs)) / 1000);
  if (!pumps.length) throw new Error(`bench: ${pacer} paced no pump`);
  const sorted = late.slice().sort((a, b) => a - b);
  // drift: the mean over a window of pumps (by when they happened) against the first window
  const windowMean = (toUs: number) => mean(late.filter((_, k) => pumps[k] > toUs - spans.driftWindowMs * 1000 && pumps[k] <= toUs));
  const base = windowMean(pumps[0] + spans.driftWindowMs * 1000);
  const w = rig.rec.wakesAtPump.slice(0, pumps.length);
  const n = pumps.length;
  const i0 = Math.min(100, Math.floor(n / 4));
  let maxOnePump = 0;
  for (let k = 1; k < n; k++) maxOnePump = Math.max(maxOnePump, w[k] - w[k - 1]);
  const virtualHours = endUs / 3.6e9;
  return {
    timing: {
      tempoPpm: ppm, pumps: n, pumpsWithMotorOnset: Math.min(rig.rec.onsets, n),
      latenessMs: { mean: mean(late), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] },
      driftMs: { after30min: windowMean(anchorUs + spans.driftEarlyMs * 1000) - base, after8h: windowMean(lastUs) - base },
    },
    wakes: {
      steady: n - 1 > i0 ? (w[n - 1] - w[i0]) / (n - 1 - i0) : NaN,
      wholeRun: (end.wakes - run.reading.wakes) / n,
      maxOnePump,
    },
    speed: { virtualHours, wallSeconds, virtualHoursPerWallSecond: virtualHours / wallSeconds, timesRealTime: (endUs / 1e6) / wallSeconds },
    latency: stats,
  };
}
