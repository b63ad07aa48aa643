// The firmware's Storage files as `npm run flash` leaves them on a Puck.js,
// Pico or MDBT42Q, each with the staging name the web page's flash swap
// writes it under first (web/real/device-lines.ts: swapLine). ONE list: the
// memory walk's 'flash-swap' step (npm run memory) writes exactly these.
//
// The Storage modules come from common/dist.ts (MODULE_KEYS); each file's
// staging name from web/real/device-lines.ts (stagingName). Every file is
// stored pretokenised, as scripts/flash.ts stores the modules (its own
// tokeniser) and .bootcde (the CLI's PRETOKENISE=2, the same tokeniser).
import * as fs from 'fs';
import * as path from 'path';
import { BOOT_FILE, FlashFile, stagingName } from '../web/real/device-lines';
import { BoardId, BOOTCDE_BOARDS, CARDS } from '../boards';
import { bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../common/dist';
import { tokeniser } from '../common/tokeniser';

export interface FirmwareFile {
  /** Storage name on the device. */
  file: string;
  /** Storage name of the staging copy the web flash writes first. */
  staging: string;
  /** The built file (relative to the project root). */
  dist: string;
}

/** In the order the web flash writes them: the boot code last, so a cut link leaves the old boot code whole. */
export function flashFiles(board: BoardId): FirmwareFile[] {
  if (CARDS[board].launch !== 'bootcde') throw new Error(`the flash swap is for boards whose firmware is .bootcde (${BOOTCDE_BOARDS.join(', ')}); the ${CARDS[board].name} runs pacer.app.js`);
  return [
    ...MODULE_KEYS.map((k) => ({ file: moduleFile(k), staging: stagingName(moduleFile(k)), dist: modulePath(k, board) })),
    { file: BOOT_FILE, staging: stagingName(BOOT_FILE), dist: bundlePath(board) },
  ];
}

/** The files with their bytes (pretokenised, one char per byte), as swapLine() takes them. */
export function flashFileBytes(board: BoardId, root = path.join(__dirname, '..')): FlashFile[] {
  const tk = tokeniser();
  return flashFiles(board).map((f) => {
    const at = path.join(root, f.dist);
    if (!fs.existsSync(at)) throw new Error(`${f.dist} not found: run npm run build first`);
    return { staging: f.staging, final: f.file, bytes: tk.tokenise(fs.readFileSync(at, 'utf8')) };
  });
}
