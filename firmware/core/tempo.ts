// Tap tempo: the therapist taps the rhythm on the button; the mean interval
// of the taps that agree with the median (within a quarter) sets the rate.
// A stray double tap or a missed tap is an outlier and is ignored.

import { PPM_MAX, PPM_MIN, TAPS_KEPT, TAPS_MIN } from './limits';

/** The rate the taps give, in pumps per minute (clamped to PPM_MIN..PPM_MAX), or 0 if they do not agree. */
export function tempoPpm(taps: number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < taps.length; i++) gaps.push(taps[i] - taps[i - 1]);
  const sorted = gaps.slice().sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  let sum = 0;
  let kept = 0;
  for (let i = 0; i < gaps.length; i++) {
    if (Math.abs(gaps[i] - median) <= median / 4) {
      sum += gaps[i];
      kept++;
    }
  }
  if (kept < TAPS_MIN - 1) return 0;
  return Math.max(PPM_MIN, Math.min(PPM_MAX, Math.round((60000 * kept) / sum)));
}

/** The taps with one more, keeping the last TAPS_KEPT (a new array: states are values). */
export function addTap(taps: number[], atMs: number): number[] {
  const next = taps.slice(taps.length >= TAPS_KEPT ? 1 : 0);
  next.push(atMs);
  return next;
}
