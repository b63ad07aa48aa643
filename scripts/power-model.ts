// The power model of npm run bench: current draw per board, each figure
// with its source in ../shared/reference/ or marked as an assumption, and
// the charge a stretch of simulated time costs. The simulation gives the
// LED and motor on-time (level-weighted, from the trace), the time the
// radio advertises or sleeps, and the CPU wake-ups (timer and watch
// callbacks, counted by the virtual Espruino); the model turns them into mA.
import { BoardId } from './boards';

export interface PowerModel {
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

export interface PowerSource {
  item: string;
  figure: string;
  used: string;
  source: string;
}

const ESPRUINO = '../shared/reference/espruino.md (Puck.js docs)';
const MLD = '../shared/reference/mld-pacing.md';

/** The Puck.js model, figure by figure. */
export const PUCK_MODEL: PowerModel = { awakeUa: 40, asleepUa: 12, ledMa: 2, motorMa: 60, cpuMa: 4, busyMsPerWake: 2, cellMah: 220 };

export const POWER_SOURCES: PowerSource[] = [
  { item: 'asleep (radio off, button watch)', figure: '12 µA', used: '12 µA', source: ESPRUINO },
  { item: 'radio advertising', figure: '20-40 µA', used: '40 µA (upper end), whole board', source: ESPRUINO },
  { item: 'radio connected', figure: '600 µA', used: 'not used (no connection in a session)', source: ESPRUINO },
  { item: 'one LED lit', figure: '1-2 mA', used: '2 mA (upper end) per lit LED', source: `${ESPRUINO}; ${MLD}` },
  { item: 'CPU busy', figure: '4 mA', used: '4 mA', source: ESPRUINO },
  { item: 'CPU busy time per callback', figure: '-', used: '2 ms per timer or watch callback', source: 'assumption (not in the references)' },
  { item: 'coin motor', figure: '~60 mA at 3 V', used: '60 mA x PWM level while on', source: `${MLD} (Adafruit #1201); x level: assumption` },
  { item: 'CR2032', figure: '~220 mAh', used: '220 mAh, all of it usable', source: `${ESPRUINO}; ${MLD}` },
];

/** What each board takes from the Puck.js model: none of the other boards' figures are in the references. */
export const BOARD_POWER_NOTES: Record<BoardId, string> = {
  puck: 'the figures above (Puck.js v2)',
  mdbt42q: 'Puck.js model applied (same nRF52832 module); its figures are not in the references; motor assumed the same 60 mA coin motor',
  pico: 'Puck.js model applied though the Pico has no radio and is an STM32: its figures are not in the references and it does not deep sleep without setDeepSleep(1), so real idle draw is higher',
  bangle2: 'Puck.js model applied: no LED (the always-on screen is not modelled), built-in motor assumed 60 mA; it runs on its own LiPo, the CR2032 is a yardstick only',
};

export function modelFor(_board: BoardId): PowerModel {
  return PUCK_MODEL;
}

/** Cumulative figures at one moment of a simulation. */
export interface Reading {
  tUs: number;
  /** Timer callbacks and watch callbacks so far. */
  wakes: number;
  watchCalls: number;
  /** Level-weighted on-time, µs: the LEDs summed (red + green), the motor. */
  ledUs: number;
  motorUs: number;
  /** Time with the radio advertising, and asleep, µs. */
  awakeUs: number;
  asleepUs: number;
}

/** Charge between two readings, mA·s. */
export function chargeMas(m: PowerModel, a: Reading, b: Reading): number {
  const s = (us: number) => us / 1e6;
  const callbacks = b.wakes - a.wakes + (b.watchCalls - a.watchCalls);
  return (
    (s(b.awakeUs - a.awakeUs) * m.awakeUa) / 1000
    + (s(b.asleepUs - a.asleepUs) * m.asleepUa) / 1000
    + s(b.ledUs - a.ledUs) * m.ledMa
    + s(b.motorUs - a.motorUs) * m.motorMa
    + (callbacks * m.busyMsPerWake * m.cpuMa) / 1000
  );
}

/** Mean current between two readings, mA. */
export function meanMa(m: PowerModel, a: Reading, b: Reading): number {
  return chargeMas(m, a, b) / ((b.tUs - a.tUs) / 1e6);
}
