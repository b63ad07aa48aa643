// Button debounce as the Espruino interpreter does it for setWatch(...,
// {debounce}): a level change is reported once the pin has held its new level
// for `debounceMs`; the event's time is that moment and lastTime is the time
// of the previous report. Bounces shorter than the debounce are swallowed.
// Shared by the virtual Espruino (setWatch) and the core engine, so both see
// the same presses at the same microsecond.

import { VirtualClock } from './clock';

export interface WatchEvent {
  state: boolean;
  /** Seconds, like getTime(). */
  time: number;
  lastTime: number | undefined;
}

export class Debouncer {
  private level = false;
  private reported = false;
  private pending: number | null = null;
  private lastTimeS: number | undefined = undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly debounceMs: number,
    private readonly report: (e: WatchEvent) => void,
  ) {}

  /** The pin's physical level changes now. */
  edge(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    if (this.pending !== null) this.clock.cancel(this.pending);
    this.pending = null;
    if (this.debounceMs <= 0) return this.fire();
    const atUs = this.clock.nowUs + Math.round(this.debounceMs * 1000);
    this.pending = this.clock.at(atUs, () => {
      this.pending = null;
      this.fire();
    });
  }

  private fire(): void {
    if (this.level === this.reported) return;
    this.reported = this.level;
    const time = this.clock.wallUs / 1e6;
    const e: WatchEvent = { state: this.level, time, lastTime: this.lastTimeS };
    this.lastTimeS = time;
    this.report(e);
  }
}
