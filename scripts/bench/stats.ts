// The little arithmetic the figures share: a mean, a percentile of sorted
// values, and wall-clock seconds since a process.hrtime mark.

export function wallSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
