// Drives the pure core the way a host does, in logical ms, recording every
// output pulse with its time: the tests read outcomes off this record.
import { DEFAULT_CUES } from '../../firmware/core/cues';
import { initialState, press, step, TICK } from '../../firmware/core/machine';
import { HEAD_DRAINAGE } from '../../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../../firmware/core/settings';
import { Config, CueTable, Protocol, Settings, State } from '../../firmware/core/types';

export interface Out {
  t: number;
  ch: 'led' | 'motor';
  level: number;
  ms: number;
}

export function config(over: { settings?: Partial<Settings>; protocol?: Protocol; cues?: CueTable } = {}): Config {
  return {
    protocol: over.protocol ?? HEAD_DRAINAGE,
    settings: { ...DEFAULT_SETTINGS, ...over.settings },
    cues: over.cues ?? DEFAULT_CUES,
  };
}

export class Driver {
  s: State = initialState();
  now = 0;
  at: number | null = null;
  outs: Out[] = [];
  cues: Array<{ t: number; name: string; n: number; phase: number }> = [];
  steps = 0;

  constructor(readonly cfg: Config = config()) {}

  private apply(ev = TICK): void {
    const before = this.s.cueCount;
    const r = step(this.cfg, this.s, ev, this.now);
    this.steps += 1;
    this.s = r.state;
    this.at = r.atMs;
    if (r.ledPulse) this.outs.push({ t: this.now, ch: 'led', level: r.ledPulse.level, ms: r.ledPulse.ms });
    if (r.motorPulse) this.outs.push({ t: this.now, ch: 'motor', level: r.motorPulse.level, ms: r.motorPulse.ms });
    if (this.s.cueCount !== before) this.cues.push({ t: this.now, name: this.s.cue, n: this.s.n, phase: this.s.phase });
  }

  /** A press that ends at `t` after being held `heldMs`. */
  press(t: number, heldMs = 100): this {
    this.runTo(t);
    this.now = t;
    this.apply(press(heldMs));
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

  pumps(phase?: number): Array<{ t: number; name: string; n: number }> {
    return this.cues.filter((c) => ['pump', 'accent', 'target'].includes(c.name) && (phase === undefined || c.phase === phase));
  }
}
