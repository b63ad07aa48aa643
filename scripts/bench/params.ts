// The benchmark's fixed parameters: where its files are, the default seed,
// how long each part runs (full and --quick), the tempos it paces at and the
// two pacers it compares. Every part of scripts/bench/ reads them.
import * as path from 'path';

/** The repository root (the benchmark's paths are relative to it). */
export const ROOT = path.join(__dirname, '..', '..');

export const RESULTS_PATH = 'bench/results.json';
export const QUICK_RESULTS_PATH = 'bench/tmp/results.quick.json';
export const DEFAULT_SEED = 2032;

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** How long each part runs, ms. */
export interface Spans {
  /** The long pacing runs (one press, the first phase is timed and paces until a press). */
  longMs: number;
  /** The first drift figure is taken this long into pacing; the second at the end of the long run. */
  driftEarlyMs: number;
  /** The window drift is averaged over, at both ends. */
  driftWindowMs: number;
  /** Each of the two windows counted in idle, paused and done. */
  stateMs: number;
  /** Standby: counted from 11 min after the seed session ends (past the 10 min auto-off). */
  standbyMs: number;
}

export const FULL_SPANS: Spans = { longMs: 8 * HOUR, driftEarlyMs: 30 * MIN, driftWindowMs: MIN, stateMs: HOUR, standbyMs: HOUR };
export const REDUCED_SPANS: Spans = { longMs: 6 * MIN, driftEarlyMs: 3 * MIN, driftWindowMs: MIN, stateMs: 12 * MIN, standbyMs: 5 * MIN };

export const TEMPOS = [60, 70] as const;
export type TempoKey = 'ppm60' | 'ppm70';
export const tempoKey = (ppm: number) => `ppm${ppm}` as TempoKey;

export type PacerName = 'ours' | 'naive';
