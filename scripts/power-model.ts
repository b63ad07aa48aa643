// The power model of npm run bench: current draw per board (its card's
// power figures, boards/<id>.ts), each of the Puck.js's figures with its
// source in ../shared/reference/ or marked as an assumption, and the charge a
// stretch of simulated time costs. The simulation gives the
// LED and motor on-time (level-weighted, from the trace), the time the
// radio advertises or sleeps, and the CPU wake-ups (timer and watch
// callbacks, counted by the virtual Espruino); the model turns them into mA.
import { BOARDS, BoardId, CARDS } from '../boards';
import { PowerFigures } from '../boards/card';

/** A board's current draw: its card's power figures (boards/<id>.ts). */
export type PowerModel = PowerFigures;

export interface PowerSource {
  item: string;
  figure: string;
  used: string;
  source: string;
}

const ESPRUINO = '../shared/reference/espruino.md (Puck.js docs)';
const MLD = '../shared/reference/mld-pacing.md';

/** The sources of the Puck.js's figures (boards/puck.ts), figure by figure; the other boards apply them (their cards' notes). */
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

/** What each board's figures are (its card's power note), by board. */
export function boardPowerNotes(): Record<BoardId, string> {
  return Object.fromEntries(BOARDS.map((b) => [b, CARDS[b].power.note])) as Record<BoardId, string>;
}

export function modelFor(board: BoardId): PowerModel {
  return CARDS[board].power.figures;
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
