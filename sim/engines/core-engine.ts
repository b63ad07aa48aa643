// The core engine: the pure core driven directly from TypeScript, with the
// host duties done the way firmware/adapter.ts does them on the device (one
// timer toward min(core deadline, motor off), LED flashes ending by
// themselves, presses classified from debounced watch events). It is the
// reference the device bundle is compared with, byte for byte.
import { EARLY_MS, initialState, press, status, step, TICK } from '../../firmware/core/machine';
import { Config, PacerEvent, State, Status } from '../../firmware/core/types';
import { usAfter } from '../clock';
import { Debouncer, WatchEvent } from '../debounce';
import { Engine, SimEnv } from '../env';
import { VirtualHardware } from '../hardware';

export class CoreEngine implements Engine {
  readonly name = 'core' as const;
  private s: State = initialState();
  private timer: number | null = null;
  private coreAtMs: number | null = null;
  private motorOffMs: number | null = null;
  private buzzUntilMs = 0;
  private readonly debouncer: Debouncer;

  constructor(private readonly env: SimEnv, private readonly cfg: Config, private readonly hw: VirtualHardware) {
    this.debouncer = new Debouncer(env.clock, hw.debounceMs, (e) => this.onWatch(e));
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
    if (e.state || e.lastTime === undefined) return;
    const heldMs = (e.time - e.lastTime) * 1000;
    this.env.callback(() => {
      this.run(press(heldMs));
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

  private run(ev: PacerEvent): void {
    const now = this.nowMs();
    const r = step(this.cfg, this.s, ev, now);
    this.s = r.state;
    this.coreAtMs = r.atMs;
    if (r.ledPulse && this.hw.ledPin !== null) this.led(r.ledPulse.level, r.ledPulse.ms);
    if (r.motorPulse) this.motor(r.motorPulse.level, r.motorPulse.ms, now);
  }

  private led(level: number, ms: number): void {
    const { clock, board } = this.env;
    board.set('led', level > 0 ? 1 : 0);
    if (level > 0) clock.at(usAfter(clock.nowUs, ms), () => board.set('led', 0));
  }

  private motor(level: number, ms: number, now: number): void {
    const { clock, board } = this.env;
    if (this.hw.bangle) {
      // Bangle.buzz ends by itself; the adapter skips a buzz while one runs
      if (level <= 0) return board.set('motor', 0);
      if (now < this.buzzUntilMs) return;
      this.buzzUntilMs = now + ms;
      board.set('motor', level);
      clock.at(usAfter(clock.nowUs, ms), () => board.set('motor', 0));
      return;
    }
    board.set('motor', level);
    this.motorOffMs = level > 0 ? now + ms : null;
  }

  private arm(): void {
    const clock = this.env.clock;
    if (this.timer !== null) clock.cancel(this.timer);
    this.timer = null;
    let at = this.coreAtMs;
    if (this.motorOffMs !== null && (at === null || this.motorOffMs < at)) at = this.motorOffMs;
    if (at !== null) this.timer = clock.at(usAfter(clock.nowUs, Math.max(0, at - this.nowMs())), () => this.wake());
  }
}
