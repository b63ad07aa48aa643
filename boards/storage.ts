// What a board's Storage leaves the firmware's code (README: Code in
// Storage). Code run from Storage stays in flash on Espruino: code bytes are
// a Storage budget, never RAM (README: Memory).
import { MAX_PROTOCOL_BYTES } from '../firmware/core/limits';
import { LOG_SLOTS } from '../firmware/files';
import { BoardId, CARDS } from './index';

/**
 * What the pacer's own data takes in Storage: the log ring (LOG_SLOTS entries of up to about 512
 * bytes: a session of 12 phases), a custom protocol (MAX_PROTOCOL_BYTES), and 1 kB for the
 * settings, the session in progress and the files' headers. The web page measures the real room
 * before it flashes and refuses, changing nothing, when it is short.
 */
export const DATA_BYTES = LOG_SLOTS * 512 + MAX_PROTOCOL_BYTES + 1024;

/** A limit on the code whatever the board: what the Puck.js's 40 kB leave it, and a half again. */
export const CODE_MAX_BYTES = 24 * 1024;

/**
 * Storage the firmware's code (the resident file and every module, as flashed) may take. The web
 * page's flash writes a staging copy of each file before it swaps, so the code must fit twice
 * beside the pacer's data: half of what the data leaves.
 */
export function codeBudgetBytes(board: BoardId): number {
  return Math.min(CODE_MAX_BYTES, Math.floor((CARDS[board].storageBytes - DATA_BYTES) / 2));
}
