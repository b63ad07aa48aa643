// Following the trace as it grows, for the frame: output on-edges latched so
// the eye sees a 30 ms flash, and what the status alone does not say.
import { ProgressNarrator } from '../../demo';
import { SimEnv } from '../../env';
import { TraceReader } from '../../trace-reader';

/** How long a lit LED (or running motor) stays on screen after its on-edge, in wall ms: a 30 ms flash is one frame at best. */
export const LATCH_MS = 80;

/**
 * Reads the trace as it grows: latches output on-edges for the eye, and keeps
 * what the status alone does not say (when the session started and ended,
 * whether the target was reached, the Bangle's screen).
 */
export class TraceFollower {
  private next = 0;
  ledUntilMs = -Infinity;
  redUntilMs = -Infinity;
  motorUntilMs = -Infinity;
  motorShown = 0;
  targetHit = false;
  /** When the events being read are seen (wall ms). */
  private wallMs = 0;
  private readonly reader = new TraceReader({
    onOutput: (e) => {
      if (e.value <= 0) return;
      if (e.type === 'led') this.ledUntilMs = this.wallMs + LATCH_MS;
      else if (e.type === 'led_red') this.redUntilMs = this.wallMs + LATCH_MS;
      else {
        this.motorUntilMs = this.wallMs + LATCH_MS;
        this.motorShown = e.value;
      }
    },
    onPhase: () => {
      this.targetHit = false;
    },
    onCue: (e) => {
      if (e.name === 'target') this.targetHit = true;
    },
  });

  constructor(private readonly env: SimEnv, private readonly narrator: ProgressNarrator | null = null) {}

  /** The Bangle.js 2 screen's text as last drawn (null: none yet). */
  get screen(): string | null {
    return this.reader.screen;
  }

  /** Take in the events since the last call; `wallMs` is when the eye sees them. Returns the narrator's lines. */
  update(wallMs: number): string[] {
    const said: string[] = [];
    const events = this.env.trace.events;
    this.wallMs = wallMs;
    for (; this.next < events.length; this.next++) {
      const e = events[this.next];
      this.reader.read(e);
      if (this.narrator) said.push(...this.narrator.lines(e));
    }
    return said;
  }

  led(wallMs: number): boolean {
    return this.green(wallMs) || this.red(wallMs);
  }

  ledColor(wallMs: number): 'green' | 'yellow' | 'red' {
    const g = this.green(wallMs);
    return this.red(wallMs) ? (g ? 'yellow' : 'red') : 'green';
  }

  private green(wallMs: number): boolean {
    return this.env.board.level.led > 0 || wallMs < this.ledUntilMs;
  }

  private red(wallMs: number): boolean {
    return this.env.board.level.led_red > 0 || wallMs < this.redUntilMs;
  }

  motor(wallMs: number): number {
    if (this.env.board.level.motor > 0) return this.env.board.level.motor;
    return wallMs < this.motorUntilMs ? this.motorShown : 0;
  }

  elapsedMs(nowMs: number): number {
    return this.reader.elapsedMs(nowMs);
  }
}
