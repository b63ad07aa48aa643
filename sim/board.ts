// The virtual board: the two outputs a therapist perceives (LED, motor) as
// levels over time. Changes made while a callback runs are held and written
// after the status events of that callback, so every engine orders them alike.

import { Trace } from './trace';
import { Channel } from './trace-events';

export class VirtualBoard {
  readonly level: Record<Channel, number> = { led: 0, led_red: 0, motor: 0 };
  private held: Array<[Channel, number]> = [];
  private holding = false;

  constructor(private readonly trace: Trace, private readonly nowUs: () => number) {}

  set(ch: Channel, value: number): void {
    if (this.holding) this.held.push([ch, value]);
    else this.write(ch, value);
  }

  /** Hold output changes until flush(): the host is inside a callback. */
  hold(): void {
    this.holding = true;
  }

  flush(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const [ch, v] of held) this.write(ch, v);
  }

  private write(ch: Channel, value: number): void {
    const v = Math.round(value * 1000) / 1000;
    if (v === this.level[ch]) return;
    this.level[ch] = v;
    this.trace.add(this.nowUs(), { type: ch, value: v });
  }
}
