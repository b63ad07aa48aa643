// A recorder on the trace: pump onsets, states, and the level-weighted on-time
// of the outputs, read by the trace reader as each event is written, without
// keeping the events (an 8 h run has ~150k of them). Times stay in the
// writer's µs: the reader's t_ms is that divided by 1000.
import { SimEnv } from '../../sim/env';
import { traceEvent } from '../../sim/trace';
import { EventFields } from '../../sim/trace-events';
import { TraceReader } from '../../sim/trace-reader';
import { Reading } from '../power-model';

export class Recorder {
  readonly pumpsUs: number[] = [];
  readonly wakesAtPump: number[] = [];
  /** Pumps whose motor went on in the same microsecond: the pump event is the motor onset. */
  onsets = 0;
  readonly states: Array<{ tUs: number; value: string; reading: Reading }> = [];
  /** The reading at the last LED or motor change. */
  lastOutput: Reading | null = null;
  /** The µs of the event being read. */
  private nowUs = 0;
  private lastUs = 0;
  private ledUs = 0;
  private motorUs = 0;
  private awakeUs = 0;
  private asleepUs = 0;
  private lastPumpUs = -1;
  private readonly reader = new TraceReader({
    onPump: () => {
      this.pumpsUs.push(this.nowUs);
      this.wakesAtPump.push(this.counters().wakes);
      this.lastPumpUs = this.nowUs;
    },
    onOutput: (e, prev) => {
      if (e.type === 'motor' && e.value > 0 && prev === 0 && this.nowUs === this.lastPumpUs) this.onsets += 1;
      this.lastOutput = this.reading(this.nowUs);
    },
    onState: (e) => {
      this.states.push({ tUs: this.nowUs, value: e.value, reading: this.reading(this.nowUs) });
    },
  });

  constructor(private readonly env: SimEnv, private readonly counters: () => { wakes: number; watchCalls: number }) {
    env.trace.add = (tUs: number, fields: EventFields) => {
      // the time up to this event is counted at the levels before it
      this.advance(tUs);
      this.nowUs = tUs;
      this.reader.read(traceEvent(tUs, fields));
    };
  }

  reading(tUs = this.env.clock.nowUs): Reading {
    this.advance(tUs);
    const c = this.counters();
    return { tUs, wakes: c.wakes, watchCalls: c.watchCalls, ledUs: this.ledUs, motorUs: this.motorUs, awakeUs: this.awakeUs, asleepUs: this.asleepUs };
  }

  private advance(tUs: number): void {
    const dt = tUs - this.lastUs;
    if (dt <= 0) return;
    const level = this.reader.level;
    this.ledUs += (level.led + level.led_red) * dt;
    this.motorUs += level.motor * dt;
    if (this.reader.asleep) this.asleepUs += dt;
    else this.awakeUs += dt;
    this.lastUs = tUs;
  }
}
