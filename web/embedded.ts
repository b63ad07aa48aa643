// The firmware the page carries, embedded by scripts/web-build.ts (esbuild define).
export interface WebFirmware {
  board: 'puck';
  /** Build id: the resident bundle and pacer.cmd must come from the same build. */
  build: string;
  /** dist/pacer.puck.js: what the virtual pacer runs. */
  bundle: string;
  /** dist/pacer.cmd.js, plain: the virtual pacer's Storage "pacer.cmd". */
  commands: string;
  /** The bundle pretokenised (what npm run flash stores in ".bootcde"): flashed to a real pacer. */
  bootTokenised: string;
  /** pacer.cmd pretokenised (what npm run flash stores in "pacer.cmd"). */
  commandsTokenised: string;
}

declare const PACER_WEB_FIRMWARE: WebFirmware;
export const FIRMWARE: WebFirmware = PACER_WEB_FIRMWARE;
