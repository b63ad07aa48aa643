// The boards we build for, with the budgets their firmware must fit: JsVars
// (RAM) and Storage (flash). Code run from Storage stays in flash on
// Espruino: code bytes are a Storage budget, never RAM (README: Memory).
import { BoardProfile } from '../firmware/board';
import { BANGLE2 } from '../firmware/boards/bangle2';
import { MDBT42Q } from '../firmware/boards/mdbt42q';
import { PICO } from '../firmware/boards/pico';
import { PUCK } from '../firmware/boards/puck';
import { LOG_SLOTS, ModuleKey } from '../firmware/files';
import { MAX_PROTOCOL_BYTES } from '../firmware/core/limits';

export const BOARDS = ['puck', 'bangle2', 'pico', 'mdbt42q'] as const;
export type BoardId = (typeof BOARDS)[number];

/** Storage each board's interpreter has (its board file's saved-code area; the Bangle.js 2's is its 8 MB SPI flash). */
export const STORAGE_BYTES: Record<BoardId, number> = {
  puck: 40 * 1024,
  mdbt42q: 40 * 1024,
  pico: 48 * 1024,
  bangle2: 8 * 1024 * 1024,
};

/**
 * What the pacer's own data takes in Storage: the log ring (LOG_SLOTS entries of up to about 512
 * bytes: a session of 12 phases), a custom protocol (MAX_PROTOCOL_BYTES), and 1 kB for the
 * settings, the session in progress and the files' headers. The web page measures the real room
 * before it flashes and refuses, changing nothing, when it is short.
 */
export const DATA_BYTES = LOG_SLOTS * 512 + MAX_PROTOCOL_BYTES + 1024;

/**
 * Storage the firmware's code (the resident file and every module, as flashed) may take. The web
 * page's flash writes a staging copy of each file before it swaps, so the code must fit twice
 * beside the pacer's data: half of what the data leaves.
 */
export function codeBudgetBytes(board: BoardId): number {
  return Math.min(CODE_MAX_BYTES, Math.floor((STORAGE_BYTES[board] - DATA_BYTES) / 2));
}
/** A limit on the code whatever the board: what the Puck.js's 40 kB leave it, and a half again. */
export const CODE_MAX_BYTES = 24 * 1024;

/** JsVars each interpreter has (board files in the Espruino source, ../shared/reference/espruino.md). */
export const JSVARS: Record<BoardId, number> = { puck: 2630, bangle2: 12000, pico: 5100, mdbt42q: 2950 };

/**
 * JsVars the board's own system holds while the pacer runs, beside the interpreter's own: on the
 * Bangle.js 2 its boot code and widgets (an assumption: not measured here, the Linux interpreter
 * has no Bangle.js system); nothing on the others (the pacer is the boot code).
 */
export const SYSTEM_JSVARS: Record<BoardId, number> = { puck: 0, bangle2: 3000, pico: 0, mdbt42q: 0 };

/** The Puck.js's budgets (issue #11), JsVars above the interpreter's own: held after boot, and the peak at any moment of the memory walk. */
export const PUCK_JSVARS_HELD = 600;
export const PUCK_JSVARS_PEAK = 1300;

/**
 * A board's JsVar budgets: at least the headroom the Puck.js's budgets leave it (2030 JsVars free
 * after boot, 1330 at the peak), in what its pool has beside its own system.
 */
export function jsvarBudget(board: BoardId): { held: number; peak: number } {
  const room = JSVARS[board] - SYSTEM_JSVARS[board];
  return { held: room - (JSVARS.puck - PUCK_JSVARS_HELD), peak: room - (JSVARS.puck - PUCK_JSVARS_PEAK) };
}

export function isBoard(id: string): id is BoardId {
  return (BOARDS as readonly string[]).includes(id);
}

export function bundlePath(id: BoardId): string {
  return `dist/pacer.${id}.js`;
}

/**
 * The Storage modules (firmware/files.ts Module): code the resident firmware
 * evaluates only while it runs. Built from firmware/modules/<key>.ts twice:
 * into dist/pacer.<key>.js for boards with no screen (no phase names or
 * guidance: the built-in library alone is 800 bytes smaller), and into
 * dist/screen/pacer.<key>.js with them; flashed as Storage "pacer.<key>".
 */
export { MODULE_KEYS } from '../firmware/files';
export type { ModuleKey } from '../firmware/files';
export function modulePath(key: ModuleKey, board: BoardId): string {
  return moduleDist(key, PROFILES[board].screen);
}
/** The built module for boards with (`screen`) or without a screen. */
export function moduleDist(key: ModuleKey, screen: boolean): string {
  return screen ? `dist/screen/pacer.${key}.js` : `dist/pacer.${key}.js`;
}
/** Its Storage name (the firmware's Module enum spells the same: a test checks). */
export function moduleFile(key: ModuleKey): string {
  return `pacer.${key}`;
}

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
