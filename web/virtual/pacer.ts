// The virtual pacer of the web companion: the Puck.js firmware bundle, as
// flashed, on the virtual Espruino (sim/virtual-espruino.ts, in an iframe
// realm), its clock following the wall clock (sim/realtime.ts), exactly as
// `npm start` runs it on the desktop. The protocol and settings go in the way
// a therapist's would: through the pacer's own console commands.
import { makeConfig } from '../../firmware/config';
import { PROTOCOLS } from '../../firmware/core/library';
import { Protocol, Settings, Status } from '../../firmware/core/types';
import { SimEnv } from '../../sim/env';
import { HARDWARE } from '../../sim/hardware';
import { RealtimeDriver } from '../../sim/realtime';
import { SHORT_PRESS_MS } from '../../sim/scenario';
import { TraceEvent } from '../../sim/trace-events';
import { TraceReader } from '../../sim/trace-reader';
import { bootDevice, VirtualEspruino } from '../../sim/virtual-espruino';
import { FIRMWARE } from '../embedded';

const HW = HARDWARE.puck;

export class VirtualPacer {
  readonly env: SimEnv;
  readonly device: VirtualEspruino;
  readonly driver: RealtimeDriver;
  /** Virtual µs the button went down (null: up). */
  private downUs: number | null = null;
  /** A click shorter than a deliberate tap is held to SHORT_PRESS_MS (it would be lost in the 25 ms debounce). */
  private upPendingUs: number | null = null;
  /** The trace read as it grows (up to `seen` events): the session's start and end give the elapsed time shown. */
  private readonly reader = new TraceReader();
  private seen = 0;

  constructor(readonly protocol: Protocol, settings: Settings) {
    this.env = new SimEnv(makeConfig(protocol, settings));
    // the browser has no tokeniser: the modules are kept plain (the interpreter reads both)
    this.device = bootDevice(this.env, HW, { ...FIRMWARE.modules }, FIRMWARE.bundle, 'pacer.puck.js');
    // a built-in by its id, a custom protocol as the object: as typed at the pacer's console
    this.device.repl(`pacer.protocol(${JSON.stringify(PROTOCOLS[protocol.id] === protocol ? protocol.id : protocol)})`);
    this.device.repl(`pacer.settings(${JSON.stringify(settings)})`);
    this.driver = new RealtimeDriver(this.env.clock, { speed: 1 });
  }

  get nowUs(): number {
    return this.env.clock.nowUs;
  }

  status(): Status {
    return this.device.status();
  }

  /** Output levels now: LED (green), red LED, motor (0..1). */
  levels(): { led: number; red: number; motor: number } {
    const l = this.env.board.level;
    return { led: l.led, red: l.led_red, motor: l.motor };
  }

  events(): TraceEvent[] {
    return this.env.trace.events;
  }

  /** The virtual clock catches up with the wall clock first (unless the page is driven by hand: frozen). */
  private sync(): void {
    if (this.driver.running) this.driver.sync();
  }

  buttonDown(): void {
    this.sync();
    if (this.downUs !== null || this.upPendingUs !== null) return;
    this.downUs = this.nowUs;
    this.device.input(HW.btnPin, true);
  }

  buttonUp(): void {
    this.sync();
    if (this.downUs === null) return;
    const minUpUs = this.downUs + SHORT_PRESS_MS * 1000;
    this.downUs = null;
    if (this.nowUs >= minUpUs) this.device.input(HW.btnPin, false);
    else {
      this.upPendingUs = minUpUs;
      this.env.clock.at(minUpUs, () => {
        this.upPendingUs = null;
        this.device.input(HW.btnPin, false);
      });
    }
  }

  get buttonHeldMs(): number | null {
    return this.downUs === null ? null : (this.nowUs - this.downUs) / 1000;
  }

  /** Stop following the wall clock: from now on only advance() moves time (tests, the screenshot). */
  freeze(): void {
    this.driver.stop();
  }

  advance(ms: number): void {
    this.env.clock.runUntil(this.nowUs + Math.round(ms * 1000));
  }

  /** Session time so far, pauses included, frozen at its end (as npm start shows it). */
  elapsedMs(): number {
    const ev = this.env.trace.events;
    for (; this.seen < ev.length; this.seen++) this.reader.read(ev[this.seen]);
    return this.reader.elapsedMs(this.nowUs / 1000);
  }
}
