// Timer delivery latency for the virtual Espruino (VirtualEspruino.latency):
// a seeded, reproducible draw of how late the interpreter runs each timer
// callback. The default matches the desktop measurement in
// ../shared/reference/espruino.md of a timer armed at an absolute target:
// mean lateness 0.26 ms, p99 0.6-1.9 ms, max about 3 ms. We draw from a
// lognormal with that mean and a p99 of 1.2 ms (the middle of the measured
// range), clipped at 3 ms, in whole microseconds (the virtual clock's unit).
import { LatencyModel } from './virtual-espruino';

/** mulberry32: a small, fast, seedable PRNG; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one named stream, derived from the run's seed (FNV-1a over the name). */
export function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface LatencyParams {
  /** The distribution drawn from, before clipping. */
  kind: 'lognormal';
  /** Targets the lognormal is fitted to, ms. */
  meanMs: number;
  p99Ms: number;
  /** Draws above this are clipped to it, ms. */
  maxMs: number;
  /** ln(ms): location and scale of the lognormal. */
  mu: number;
  sigma: number;
  source: string;
}

/** z of the 99th percentile of a standard normal. */
const Z99 = 2.3263478740408408;

/** The lognormal with this mean and 99th percentile: p99/mean = exp(z99 sigma - sigma^2 / 2). */
export function lognormalParams(meanMs: number, p99Ms: number, maxMs: number, source: string): LatencyParams {
  const r = Math.log(p99Ms / meanMs);
  const disc = Z99 * Z99 - 2 * r;
  if (!(disc >= 0) || r <= 0) throw new Error(`latency: no lognormal has mean ${meanMs} ms and p99 ${p99Ms} ms`);
  const sigma = Z99 - Math.sqrt(disc);
  return { kind: 'lognormal', meanMs, p99Ms, maxMs, mu: Math.log(meanMs) - (sigma * sigma) / 2, sigma, source };
}

export const DESKTOP_LATENCY: LatencyParams = lognormalParams(
  0.26, 1.2, 3,
  '../shared/reference/espruino.md: absolute-target timer on a desktop build, mean 0.26 ms, p99 0.6-1.9 ms, max about 3 ms',
);

export function describeLatency(p: LatencyParams): string {
  return `lognormal(mu ${p.mu.toFixed(3)}, sigma ${p.sigma.toFixed(3)}) ms per timer delivery, `
    + `fitted to mean ${p.meanMs} ms and p99 ${p.p99Ms} ms, clipped at ${p.maxMs} ms`;
}

/** What a latency model actually drew: a histogram in whole microseconds. */
export class LatencyStats {
  private readonly hist: Uint32Array;
  count = 0;
  private sumUs = 0;
  maxUs = 0;

  constructor(maxMs: number) {
    this.hist = new Uint32Array(Math.ceil(maxMs * 1000) + 1);
  }

  add(us: number): void {
    this.hist[Math.min(us, this.hist.length - 1)] += 1;
    this.count += 1;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  merge(o: LatencyStats): void {
    for (let i = 0; i < o.hist.length && i < this.hist.length; i++) this.hist[i] += o.hist[i];
    this.count += o.count;
    this.sumUs += o.sumUs;
    this.maxUs = Math.max(this.maxUs, o.maxUs);
  }

  summary(): { draws: number; meanMs: number; p99Ms: number; maxMs: number } {
    let p99 = 0;
    const rank = Math.ceil(this.count * 0.99);
    for (let i = 0, seen = 0; i < this.hist.length; i++) {
      seen += this.hist[i];
      if (seen >= rank) {
        p99 = i;
        break;
      }
    }
    return { draws: this.count, meanMs: this.count ? this.sumUs / this.count / 1000 : 0, p99Ms: p99 / 1000, maxMs: this.maxUs / 1000 };
  }
}

/** A latency model drawing from `p` with its own seeded stream; every draw is counted in `stats`. */
export function latencyModel(p: LatencyParams, seed: number, stats: LatencyStats = new LatencyStats(p.maxMs)): LatencyModel & { stats: LatencyStats } {
  const rand = mulberry32(seed);
  const maxUs = Math.round(p.maxMs * 1000);
  const draw = () => {
    // Box-Muller: one standard normal from two uniforms (1 - u keeps the log finite)
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const us = Math.min(maxUs, Math.round(Math.exp(p.mu + p.sigma * z) * 1000));
    stats.add(us);
    return us;
  };
  return Object.assign(draw, { stats });
}
