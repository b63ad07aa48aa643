// A board's card: every fact about one board, in one file (boards/<id>.ts).
// Host code reads the whole card (scripts/, sim/, web/, test/); the device
// bundle gets only `firmware`, which the build turns into the BOARD_*
// constants (scripts/board-defines.ts): budgets, power figures, names and
// weights never reach the device.
import { BoardProfile } from '../firmware/board';

export interface BoardCard<Id extends string = string> {
  /** The board's id: dist/pacer.<id>.js, --board <id>. */
  id: Id;
  /** How a person names it. */
  name: string;
  /** process.env.BOARD on its interpreter: what its console says it is, and the App Loaders' device id. */
  consoleName: string;
  /** What the device bundle compiles in: pins and parts (firmware/board.ts). */
  firmware: BoardProfile;
  /** The board as its interpreter has it, for the virtual Espruino (sim/hardware.ts). */
  hardware: BoardHardware;
  /**
   * How npm run flash stores and starts the firmware: 'bootcde', pretokenised into Storage
   * .bootcde and started with load(); 'app', plain JavaScript in pacer.app.js with its
   * pacer.info, started with load("pacer.app.js") (a watch whose boot code is its own system).
   */
  launch: 'bootcde' | 'app';
  jsvars: BoardJsVars;
  /** Storage its interpreter has: the board file's saved-code area (the code budget's input: boards/storage.ts). */
  storageBytes: number;
  power: BoardPower;
  /** How often the fuzzer draws this board, against the other cards' weights (sim/fuzz/plan.ts). */
  fuzzWeight: number;
}

/**
 * Independent of `firmware` on purpose: the firmware may name a pin the board
 * lacks, and the virtual Espruino must then fail the way the device would.
 */
export interface BoardHardware {
  /** Pin names the interpreter defines as globals. */
  pins: string[];
  /** The LED a person sees pacing (green; null: no LED): the trace's `led` lane. */
  ledPin: string | null;
  /** The red LED (trace lane `led_red`), or null. */
  redPin: string | null;
  /** E.getBattery() exists (nRF52 boards). */
  battery: boolean;
  /** An nRF52 radio: NRF.sleep()/NRF.wake() exist. */
  radio: boolean;
  /** The pin that drives the motor; on Bangle.js 2 Bangle.buzz drives it too. */
  motorPin: string;
  btnPin: string;
  /** Bangle.js 2: the Bangle object, the screen (g) and a buzz that ends by itself. */
  bangle: boolean;
}

/** JsVars: the pool, and the firmware's budgets in it (README: Memory). */
export interface BoardJsVars {
  /** JsVars its interpreter has (the board file's `variables`; ../shared/reference/espruino.md). */
  pool: number;
  /**
   * JsVars the board's own system holds while the pacer runs, beside the interpreter's own
   * (0 where the pacer is the boot code).
   */
  system: number;
  /**
   * JsVars the empty interpreter holds on the instrument (the official 2v29 source built for
   * Linux in this board's shape: measured after load() of an empty Storage; sim/jsvars/shape.ts).
   */
  emptyUsage: number;
  /** Budgets, JsVars above the interpreter's own: held after boot, and the peak at any moment of the memory walk. */
  held: number;
  peak: number;
}

/** Current draw of the board, for npm run bench's power model (scripts/power-model.ts). */
export interface PowerFigures {
  /** Radio advertising (idle before the auto-off, pacing, paused), µA: the whole board. */
  awakeUa: number;
  /** Radio asleep after the idle auto-off: sleeping with a button watch, µA. */
  asleepUa: number;
  /** One lit LED, mA (the red and green LEDs are counted separately). */
  ledMa: number;
  /** The motor at full strength, mA; PWM at level x draws level x this (an assumption). */
  motorMa: number;
  /** CPU busy, mA, on top of the rest. */
  cpuMa: number;
  /** CPU busy time charged for every timer or watch callback, ms (an assumption). */
  busyMsPerWake: number;
  /** The coin cell the sessions-per-cell and standby figures are counted against, mAh. */
  cellMah: number;
}

export interface BoardPower {
  figures: PowerFigures;
  /** Where the figures come from, for the bench report. */
  note: string;
}
