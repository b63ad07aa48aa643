// Drives the pure core the way a host does, in logical ms, recording every
// output pulse with its time: the tests read outcomes off this record.
import { initialState, press, TICK } from '../../firmware/core/machine';
import { stepAny } from '../../firmware/core/setup';
import { HEAD_DRAINAGE } from '../../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../../firmware/core/settings';
import { Config, CueTable, LogEntry, Protocol, Settings, State } from '../../firmware/core/types';

export interface Out {
  t: number;
  ch: 'led' | 'motor';
  level: number;
  ms: number;
}

export function config(over: { settings?: Partial<Settings>; protocol?: Protocol; cues?: CueTable } = {}): Config {
  return {
    proto: over.cues ? { ...(over.protocol ?? HEAD_DRAINAGE), cues: over.cues } : over.protocol ?? HEAD_DRAINAGE,
    set: { ...DEFAULT_SETTINGS, ...over.settings },
  };
}

export class Driver {
  s: State = initialState(0);
  now = 0;
  at: number | null = null;
  outs: Out[] = [];
  cues: Array<{ t: number; name: string; n: number; phase: number }> = [];
  steps = 0;

  /** Boots as the adapter does: one tick at 0 ms schedules the idle auto-off. */
  constructor(readonly cfg: Config = config()) {
    this.apply();
  }

  /** Rates tap tempo settled on, and when the radio was put to sleep. */
  setPpm: number[] = [];
  sleptAt: number[] = [];
  /** The session entries the steps asked the host to store (Result.entry), with their time. */
  entries: Array<{ t: number; entry: LogEntry }> = [];

  private apply(ev = TICK): void {
    const before = this.s.cueCount;
    const r = stepAny(this.cfg, this.s, ev, this.now);
    if (r.set) this.setPpm.push(r.set.ppm);
    if (r.sleepNow) this.sleptAt.push(this.now);
    if (r.entry) this.entries.push({ t: this.now, entry: r.entry });
    this.steps += 1;
    this.s = r.next;
    this.at = r.atMs;
    if (r.ledPulse) this.outs.push({ t: this.now, ch: 'led', level: r.ledPulse.level, ms: r.ledPulse.ms });
    if (r.motorPulse) this.outs.push({ t: this.now, ch: 'motor', level: r.motorPulse.level, ms: r.motorPulse.ms });
    if (this.s.cueCount !== before) this.cues.push({ t: this.now, name: this.s.cue, n: this.s.n, phase: this.s.phase });
  }

  /** A press that ends at `t` after being held `heldMs` (with a battery reading, percent, or -1). */
  press(t: number, heldMs = 100, batt = -1): this {
    this.runTo(t);
    this.now = t;
    this.apply(press(heldMs, batt));
    return this;
  }

  /** A timer wake at `t` carrying a battery reading. */
  tickWithBattery(t: number, batt: number): this {
    this.runTo(t);
    this.now = t;
    this.apply({ kind: 'tick', heldMs: 0, batt });
    return this;
  }

  /** Wake at every deadline up to `t` (optionally `lateMs` after each). */
  runTo(t: number, lateMs = 0): this {
    for (let guard = 0; this.at !== null && this.at + lateMs <= t; guard++) {
      if (guard > 1e6) throw new Error('runaway schedule');
      this.now = Math.max(this.now, this.at + lateMs);
      this.apply();
    }
    this.now = Math.max(this.now, t);
    return this;
  }

  /** Run until nothing is scheduled (bounded). */
  runOut(limit = 24 * 3600e3): this {
    return this.runTo(limit);
  }

  motor(): Out[] {
    return this.outs.filter((o) => o.ch === 'motor' && o.level > 0);
  }

  /** Every pump's cue: a pump is felt as a pump, an accent, the target, a position change or a countdown beat. */
  pumps(phase?: number): Array<{ t: number; name: string; n: number }> {
    return this.cues.filter((c) => PUMP_CUES.includes(c.name) && (phase === undefined || c.phase === phase));
  }
}

const PUMP_CUES = ['pump', 'accent', 'target', 'position', 'countdown'];
