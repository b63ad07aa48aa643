// The simulator's virtual clock: integer microseconds, a queue of callbacks,
// and a run loop that jumps straight from one due callback to the next. No
// fixed tick: an hour with nothing scheduled costs nothing to simulate.

export type ClockFn = () => void;

interface Item {
  atUs: number;
  seq: number;
  id: number;
  fn: ClockFn;
}

/** Microseconds after `nowUs` that a delay of `ms` lands on (the one rounding rule every engine shares). */
export function usAfter(nowUs: number, ms: number): number {
  return nowUs + Math.max(0, Math.round(ms * 1000));
}

export class VirtualClock {
  nowUs = 0;
  private heap: Item[] = [];
  private seq = 0;
  private cancelled = new Set<number>();
  /** Callbacks run so far: a bound on runaway schedules. */
  fired = 0;
  private lastFiredUs = 0;
  /**
   * How far the device's clock reading (getTime(), watch event times) is from the elapsed time:
   * a setTime() steps it (a fuzz fault). Timers run on elapsed time, as the interpreter's do.
   */
  stepUs = 0;
  /** Called after every callback: where the fuzzer checks its invariants. */
  afterEach: ClockFn | null = null;

  /** The device's clock reading, µs: elapsed time plus any steps. */
  get wallUs(): number {
    return this.nowUs + this.stepUs;
  }

  /** Run `fn` at `atUs` (never before now). Equal times run in the order they were scheduled. */
  at(atUs: number, fn: ClockFn): number {
    const item = { atUs: Math.max(atUs, this.nowUs), seq: this.seq++, id: this.seq, fn };
    this.push(item);
    return item.id;
  }

  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** Time of the next live callback, or null when nothing is scheduled. */
  nextUs(): number | null {
    this.dropCancelled();
    return this.heap.length ? this.heap[0].atUs : null;
  }

  /** Run every callback due up to `limitUs`, then leave the clock at `limitUs`. */
  runUntil(limitUs: number, maxCallbacks = 50_000_000): void {
    for (;;) {
      const next = this.nextUs();
      if (next === null || next > limitUs) break;
      const item = this.pop();
      this.nowUs = item.atUs;
      this.lastFiredUs = item.atUs;
      if (++this.fired > maxCallbacks) throw new Error(`virtual clock: more than ${maxCallbacks} callbacks (a runaway schedule?)`);
      item.fn();
      if (this.afterEach) this.afterEach();
    }
    if (limitUs > this.nowUs && Number.isFinite(limitUs)) this.nowUs = limitUs;
  }

  /** Run until nothing is scheduled or the next callback is past `limitUs`; the clock stays at the last callback. */
  runQuiet(limitUs: number): void {
    const keep = this.nowUs;
    this.runUntil(limitUs);
    // runUntil moved the clock to the limit; a quiet queue means the session ended earlier
    if (this.nextUs() === null) this.nowUs = Math.max(keep, this.lastFiredUs);
  }

  private dropCancelled(): void {
    while (this.heap.length && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private less(a: Item, b: Item): boolean {
    return a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);
  }

  private push(item: Item): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Item {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Item;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
