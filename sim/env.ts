// What every engine runs inside: the virtual clock, the trace, the virtual
// board, and the rule for one callback (hold outputs, run, trace the status
// change, then the outputs), which is what makes two engines' traces equal.
import { Config, Status } from '../firmware/core/types';
import { VirtualBoard } from './board';
import { VirtualClock } from './clock';
import { Trace } from './trace';

export interface Engine {
  readonly name: EngineName;
  /** The button's physical level changes now (true = pressed). */
  button(down: boolean): void;
  status(): Status;
  /** Timers armed right now (the firmware keeps at most one). */
  armedTimers(): number;
}
export type EngineName = 'core' | 'bundle';
export const ENGINES: EngineName[] = ['bundle', 'core'];

/** Battery percent at a virtual time (ms): what E.getBattery() reads. */
export type BatteryModel = (tMs: number) => number;

export class SimEnv {
  readonly clock = new VirtualClock();
  battery: BatteryModel = () => 80;
  readonly trace = new Trace();
  readonly board: VirtualBoard;
  private last: Status | null = null;

  constructor(readonly config: Config) {
    this.board = new VirtualBoard(this.trace, () => this.clock.nowUs);
  }

  /** Run one firmware callback: its status change is traced first, then its output changes. */
  callback(fn: () => void, status: () => Status): void {
    this.board.hold();
    try {
      fn();
    } finally {
      this.observe(status());
      this.board.flush();
    }
  }

  /** Trace the difference between the last status seen and this one. */
  observe(st: Status): void {
    if (this.last) this.trace.status(this.clock.nowUs, this.last, st, this.config.proto);
    else if (st.state !== 'idle') this.trace.status(this.clock.nowUs, { ...st, state: 'idle', cueCount: 0, n: 0, asleep: false }, st, this.config.proto);
    this.last = st;
  }
}
