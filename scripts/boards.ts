// The boards we build for, with the budget each bundle must fit. Minified
// size is RAM on Espruino (function text stays in JsVars), so the budget is
// a memory budget: the Puck.js one comes from issue #3 (6 KB of 2630 JsVars).
import { BoardProfile } from '../firmware/board';
import { BANGLE2 } from '../firmware/boards/bangle2';
import { MDBT42Q } from '../firmware/boards/mdbt42q';
import { PICO } from '../firmware/boards/pico';
import { PUCK } from '../firmware/boards/puck';

export const BOARDS = ['puck', 'bangle2', 'pico', 'mdbt42q'] as const;
export type BoardId = (typeof BOARDS)[number];

export const BUDGET_BYTES: Record<BoardId, number> = {
  puck: 6 * 1024,
  mdbt42q: 6 * 1024,
  pico: 8 * 1024,
  bangle2: 10 * 1024,
};

/** JsVars each interpreter has (board files in the Espruino source, ../shared/reference/espruino.md). */
export const JSVARS: Record<BoardId, number> = { puck: 2630, bangle2: 12000, pico: 5100, mdbt42q: 2950 };

export function isBoard(id: string): id is BoardId {
  return (BOARDS as readonly string[]).includes(id);
}

export function bundlePath(id: BoardId): string {
  return `dist/pacer.${id}.js`;
}

/**
 * The console commands (validator, settings, protocol push, log dump): one
 * file for every board, Storage "pacer.cmd", evaluated only while a command
 * runs. Its budget bounds the RAM a command borrows on top of the firmware.
 */
export const COMMANDS_PATH = 'dist/pacer.cmd.js';
export const COMMANDS_BUDGET_BYTES = 10 * 1024;

export const PROFILES: Record<BoardId, BoardProfile> = { puck: PUCK, bangle2: BANGLE2, pico: PICO, mdbt42q: MDBT42Q };

/** The build's defines for one profile (firmware/board.ts): pin names become the interpreter's pin globals. */
export function boardDefines(b: BoardProfile): Record<string, string> {
  return {
    BOARD_BTN: b.btn, BOARD_LED: b.led || 'undefined', BOARD_RED: b.red || 'undefined',
    BOARD_HAS_LED: String(b.led !== null), BOARD_HAS_RED: String(b.red !== null),
    BOARD_MOTOR_KIND: JSON.stringify(b.motorKind), BOARD_MOTOR: b.motorPin,
    BOARD_MOTOR_FREQ: String(b.motorFreqHz), BOARD_DEBOUNCE: String(b.debounceMs),
    BOARD_BATTERY: String(b.battery), BOARD_RADIO: String(b.radio), BOARD_SCREEN: String(b.screen),
  };
}
