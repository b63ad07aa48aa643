// The real-time driver: the virtual clock follows the host's wall clock
// (times a speed factor). Each frame it runs every callback that came due
// since the last frame, each at its own exact virtual time, so the firmware
// sees the same schedule it would see run as fast as possible: only the
// moments at which the outside world (a key press) can act are tied to the
// wall clock. The host's timers are used here and only here, on the desktop.
import { VirtualClock } from './clock';

export interface RealtimeOptions {
  /** Virtual seconds per wall second (1 = real time). */
  speed?: number;
  /** Wall milliseconds between frames (default 25: 40 frames a second). */
  frameMs?: number;
  /** The wall clock, in ms (default: performance.now()). Injected by tests. */
  now?: () => number;
  /** The host's timer (default: setTimeout). Injected by tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const DEFAULT_FRAME_MS = 25;
export const MAX_SPEED = 10_000;

export class RealtimeDriver {
  readonly speed: number;
  readonly frameMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Wall time (ms) that corresponds to virtual time `baseUs`. */
  private wallStartMs = 0;
  private baseUs = 0;
  private handle: unknown = null;
  private onFrame: (() => void) | null = null;
  running = false;
  frames = 0;

  constructor(readonly clock: VirtualClock, opts: RealtimeOptions = {}) {
    const speed = opts.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed) || speed > MAX_SPEED) throw new Error(`speed must be a number above 0 and at most ${MAX_SPEED} (got ${speed})`);
    this.speed = speed;
    this.frameMs = opts.frameMs ?? DEFAULT_FRAME_MS;
    this.now = opts.now ?? (() => performance.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
    this.rebase();
  }

  /** The virtual time (integer µs) the wall clock says it is now. */
  targetUs(): number {
    return this.baseUs + Math.floor((this.now() - this.wallStartMs) * 1000 * this.speed);
  }

  /** Bring the virtual clock up to the wall clock: every callback due by now runs. */
  sync(): void {
    const t = this.targetUs();
    if (t > this.clock.nowUs) this.clock.runUntil(t);
  }

  /** Start a frame loop: sync, then `onFrame`, every `frameMs` of wall time. */
  start(onFrame: () => void): void {
    if (this.running) throw new Error('the real-time driver is already running');
    this.onFrame = onFrame;
    this.running = true;
    this.rebase();
    this.frame();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) this.clearTimer(this.handle);
    this.handle = null;
  }

  /** Run one frame now (also between the timer's frames, e.g. right after a key press). */
  frame(): void {
    if (!this.running) return;
    if (this.handle !== null) this.clearTimer(this.handle);
    this.handle = null;
    this.sync();
    this.frames += 1;
    this.onFrame?.();
    // onFrame may have stopped the driver
    if (this.running) this.handle = this.setTimer(() => {
      this.handle = null;
      this.frame();
    }, this.frameMs);
  }

  /** From now on, wall time now is virtual time now (the clock may have been run by someone else). */
  private rebase(): void {
    this.wallStartMs = this.now();
    this.baseUs = this.clock.nowUs;
  }
}
