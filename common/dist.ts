// Where npm run build writes each file, and the Storage name each goes to:
// read by the build, flash, bench and web build (scripts/), the simulator's
// bundle engine (sim/) and the tests.
import { ModuleKey } from '../firmware/files';
import { BoardId, CARDS } from '../boards';

export { MODULE_KEYS } from '../firmware/files';
export type { ModuleKey } from '../firmware/files';

/** A board's resident firmware. */
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
export function modulePath(key: ModuleKey, board: BoardId): string {
  return moduleDist(key, CARDS[board].firmware.screen);
}

/** The built module for boards with (`screen`) or without a screen. */
export function moduleDist(key: ModuleKey, screen: boolean): string {
  return screen ? `dist/screen/pacer.${key}.js` : `dist/pacer.${key}.js`;
}

/** Its Storage name (the firmware's Module enum spells the same: a test checks). */
export function moduleFile(key: ModuleKey): string {
  return `pacer.${key}`;
}
