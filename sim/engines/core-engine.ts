// The core engine: the pure core driven directly from TypeScript, with the
// host duties done the way firmware/adapter.ts does them on the device (one
// timer toward min(core deadline, motor off), LED flashes ending by
// themselves, presses classified from debounced watch events). What both
// hosts decide alike is the core's: the battery cadence (host-rules.ts), the
// settings tap tempo leaves and the session entries to log (the step's
// result); this keeps only the simulator's I/O. It is the reference the
// device bundle is compared with, byte for byte.
import { battDue, buzzEnd } from '../../firmware/core/host-rules';
import { EARLY_MS } from '../../firmware/core/limits';
import { DOWN, initialState, press, status, TICK } from '../../firmware/core/machine';
import { stepAny } from '../../firmware/core/setup';
import { Config, LogEntry, PacerEvent, Pulse, State, Status } from '../../firmware/core/types';
import { usAfter } from '../clock';
import { Debouncer, WatchEvent } from '../debounce';
import { Engine, SimEnv } from '../env';
import { VirtualHardware } from '../hardware';

export class CoreEngine implements Engine {
  readonly name = 'core' as const;
  /** Sessions as the device would log them. */
  readonly log: LogEntry[] = [];
  private s: State;
  private cfg: Config;
  private timer: number | null = null;
  private coreAtMs: number | null = null;
  private motorOffMs: number | null = null;
  private dueMs: number | null = null;
  private buzzUntilMs = 0;
  private battAtMs = -Infinity;
  private readonly debouncer: Debouncer;

  constructor(private readonly env: SimEnv, cfg: Config, private readonly hw: VirtualHardware) {
    this.cfg = cfg;
    this.debouncer = new Debouncer(env.clock, hw.debounceMs, (e) => this.onWatch(e));
    this.s = initialState(this.nowMs());
    this.env.callback(() => {
      this.run(TICK);
      this.arm();
    }, () => this.status());
  }

  button(down: boolean): void {
    this.debouncer.edge(down);
  }

  status(): Status {
    return status(this.cfg, this.s);
  }

  armedTimers(): number {
    return this.timer === null ? 0 : 1;
  }

  private nowMs(): number {
    return this.env.clock.nowUs / 1000;
  }

  private onWatch(e: WatchEvent): void {
    if (e.state) {
      // as the adapter: a setup hears the button go down
      if (this.s.mode === 'setup') {
        this.env.callback(() => {
          this.run(DOWN);
          this.arm();
        }, () => this.status());
      }
      return;
    }
    if (e.lastTime === undefined) return;
    const heldMs = (e.time - e.lastTime) * 1000;
    this.env.callback(() => {
      this.run(press(heldMs, -1));
      this.arm();
    }, () => this.status());
  }

  private wake(): void {
    this.timer = null;
    this.env.callback(() => {
      const now = this.nowMs();
      if (this.motorOffMs !== null && now + EARLY_MS >= this.motorOffMs) {
        this.env.board.set('motor', 0);
        this.motorOffMs = null;
      }
      if (this.coreAtMs !== null && now + EARLY_MS >= this.coreAtMs) this.run(TICK);
      this.arm();
    }, () => this.status());
  }

  private batt(ev: PacerEvent, now: number): PacerEvent {
    if (!this.hw.battery || !battDue(ev.kind, now, this.battAtMs)) return ev;
    this.battAtMs = now;
    return { ...ev, batt: this.env.battery(now) };
  }

  private run(event: PacerEvent): void {
    const now = this.nowMs();
    const r = stepAny(this.cfg, this.s, this.batt(event, now), now);
    this.s = r.next;
    this.coreAtMs = r.atMs;
    if (r.ledPulse) this.led(r.ledPulse);
    if (r.motorPulse) this.motor(r.motorPulse, now);
    if (r.set) this.cfg = { ...this.cfg, set: r.set };
    // the simulator has no power cuts: only the entries of ended sessions are kept, as the log
    if (r.entry && r.entry.end !== 'interrupted') this.log.push(r.entry);
  }

  private led(p: Pulse): void {
    const { clock, board } = this.env;
    if (this.hw.ledPin === null) return;
    const channels = (['led', 'led_red'] as const).filter((ch) => (ch === 'led' ? p.color !== 'r' : p.color !== 'g' && this.hw.redPin));
    if (p.level <= 0) {
      board.set('led', 0);
      if (this.hw.redPin) board.set('led_red', 0);
      return;
    }
    for (const ch of channels) {
      board.set(ch, 1);
      clock.at(usAfter(clock.nowUs, p.ms), () => board.set(ch, 0));
    }
  }

  private motor(p: Pulse, now: number): void {
    const { clock, board } = this.env;
    if (this.hw.bangle) {
      // Bangle.buzz ends by itself; which buzz plays is the rule's (host-rules.ts), as on the device
      const end = buzzEnd(p, now, this.buzzUntilMs);
      if (end < 0) return board.set('motor', 0);
      this.buzzUntilMs = end;
      board.set('motor', p.level);
      clock.at(usAfter(clock.nowUs, p.ms), () => board.set('motor', 0));
      return;
    }
    board.set('motor', p.level);
    this.motorOffMs = p.level > 0 ? now + p.ms : null;
  }

  private arm(): void {
    const clock = this.env.clock;
    let at = this.coreAtMs;
    if (this.motorOffMs !== null && (at === null || this.motorOffMs < at)) at = this.motorOffMs;
    // as the adapter: the same deadline keeps the armed timer
    if (this.timer !== null && at === this.dueMs) return;
    if (this.timer !== null) clock.cancel(this.timer);
    this.timer = null;
    this.dueMs = at;
    if (at !== null) this.timer = clock.at(usAfter(clock.nowUs, Math.max(0, at - this.nowMs())), () => this.wake());
  }
}
