// The firmware the page carries, embedded by scripts/web-build.ts (esbuild define).
export interface WebFirmware {
  board: 'puck';
  /** Build id: the resident bundle and the Storage modules must come from the same build. */
  build: string;
  /** dist/pacer.puck.js: what the virtual pacer runs. */
  bundle: string;
  /** The Storage modules (dist/pacer.<key>.js), plain, by Storage name: the virtual pacer's Storage. */
  modules: Record<string, string>;
  /** The bundle pretokenised (what npm run flash stores in ".bootcde"): flashed to a real pacer. */
  bootTokenised: string;
  /** The modules pretokenised (what npm run flash stores), by Storage name. */
  modulesTokenised: Record<string, string>;
}

declare const PACER_WEB_FIRMWARE: WebFirmware;
export const FIRMWARE: WebFirmware = PACER_WEB_FIRMWARE;
