// What the page does with a real pacer, over the wrapper (transport.ts),
// through the pacer's own console commands (firmware/commands.ts, the
// README's "Console commands"): pacer.status(), pacer.settings({...}),
// pacer.protocol(...), pacer.log(). Every change is checked first (the
// device's own validator, and the pacer idle), sent as one line so that it
// runs whole or not at all, and read back; a push whose protocol the pacer
// refuses puts the previous settings back in the same line. Flashing (a
// Puck.js only) writes what npm run flash writes (pacer.cmd, then .bootcde,
// pretokenised) into staging files first; then ONE line checks the pacer is
// idle, re-checks the staging files' lengths and checksums, swaps them in,
// checks the final files, answers, and only then (300 ms later, so the answer
// is out) restarts the interpreter with load(); the page polls until the new
// code answers.
import { PUCK } from '../../boards/puck';
import { Protocol, Settings, Status } from '../../firmware/core/types';
import { errorText, validateProtocol, validateSettings } from '../../firmware/core/validate';
import { LoggedSession, parseDump, toCsv } from '../../sim/log-export';
import { WebFirmware } from '../embedded';
import { Setup } from '../setup-form';
import {
  BOARD_LINE, BOOT_FILE, CHUNK_BYTES, CLEAN_STAGING_LINE, COMPACT_LINE, FlashFile, flashNeed, LOG_LINE, NEW_STATUS_LINE, PROTOCOL_STAGING, pushLine, READ_SETUP_LINE, roomLine,
  stagingName, STATUS_LINE, storageLines, swapLine,
} from './device-lines';
import { EspruinoLink, LinkError } from './transport';

export { byteLiteral, CHUNK_BYTES, STAGING_PREFIX, stagingName, storageLines } from './device-lines';

const MODES = ['idle', 'running', 'paused', 'done', 'setup'];
/** Lines sent before waiting for the device to have run them. */
const LINES_PER_BATCH = 6;
/** The only board the page's firmware is built for: its card (boards/puck.ts) names it and says its process.env.BOARD. */
const FLASH_CARD = PUCK;
export const FLASH_BOARD = FLASH_CARD.consoleName;
/** Storage bytes a file takes beyond its data (header and alignment), counted generously. */

export function isStatus(v: unknown): v is Status {
  const s = v as Status;
  return !!s && typeof s === 'object' && MODES.includes(s.state) && typeof s.phase === 'number' && typeof s.n === 'number' && typeof s.batt === 'number' && typeof s.phaseId === 'string';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameSettings(a: Settings, b: Partial<Settings>): boolean {
  return Object.keys(b).every((k) => same((a as unknown as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The device the page is connected to: process.env.BOARD and .VERSION. */
export interface BoardInfo {
  board: string;
  version: string;
}

/** How the board reads to the therapist. */
export function boardText(b: BoardInfo): string {
  const name = b.board === FLASH_BOARD ? FLASH_CARD.name : b.board;
  return `${name}, Espruino ${b.version}${b.board === FLASH_BOARD ? '' : ` (not a ${FLASH_CARD.name}: cannot be flashed from this page)`}`;
}

export interface PulledLog {
  sessions: LoggedSession[];
  csv: string;
  /** The lines as the pacer printed them. */
  text: string;
}

export class PacerLink {
  /** What the connected device said it is (read at connect). */
  board: BoardInfo | null = null;

  constructor(readonly link: EspruinoLink) {}

  /** process.env.BOARD and .VERSION of the connected device. */
  async readBoard(): Promise<BoardInfo> {
    const { value } = await this.link.evaluate(BOARD_LINE);
    const [board, version] = (Array.isArray(value) ? value : []) as unknown[];
    this.board = { board: typeof board === 'string' ? board : 'unknown board', version: typeof version === 'string' ? version : '(version unknown)' };
    return this.board;
  }

  /** The pacer's status; null when the device has no pacer firmware (no `pacer` global). */
  async status(): Promise<Status | null> {
    try {
      const { value } = await this.link.evaluate(STATUS_LINE);
      if (!isStatus(value)) throw new LinkError('garbage', `The device's status was not understood: ${JSON.stringify(value).slice(0, 60)}. Nothing was changed.`);
      return value;
    } catch (e) {
      if (e instanceof LinkError && e.kind === 'device' && /\bpacer"? is not defined/.test(e.message)) return null;
      throw e;
    }
  }

  /** The pacer must be there and idle (or done) before anything is changed: a rhythm never changes mid-session. */
  private async idle(what: string): Promise<Status | null> {
    const st = await this.status();
    if (st && st.state !== 'idle' && st.state !== 'done') {
      throw new LinkError('refused', `The pacer is in a session (${st.state}): end it on the pacer first, then ${what}. Nothing was changed.`);
    }
    return st;
  }

  /**
   * The settings and protocol to the pacer's Storage; read back. A custom protocol's JSON goes up
   * first into a staging file, in 256-byte lines (a 2 kB protocol as one console line would be
   * 2 kB of the pacer's RAM), and the one change line names that file; a built-in goes by its id.
   */
  async push(setup: Setup): Promise<{ settings: Settings; protocol: string }> {
    const errors = validateSettings(setup.settings, false).concat(setup.builtIn ? [] : validateProtocol(setup.protocol));
    if (errors.length) throw new LinkError('refused', `Not sent: ${errorText(errors)}`);
    if (!(await this.idle('send them'))) throw new LinkError('refused', 'This device has no pacer firmware: flash it first.');
    if (!setup.builtIn) await this.link.send(storageLines(PROTOCOL_STAGING, JSON.stringify(setup.protocol)).join(''), '1');
    const proto = JSON.stringify(setup.builtIn ? setup.protocol.id : PROTOCOL_STAGING);
    let value: unknown;
    try {
      value = (await this.link.evaluate(pushLine(setup.settings, proto))).value;
    } catch (e) {
      if (e instanceof LinkError && e.kind === 'device') throw new LinkError('device', `${e.message}. Nothing was changed (the previous settings were put back).`);
      // the line ran or not: an answer garbled on the way back is settled by reading the pacer again
      if (!(e instanceof LinkError) || e.kind !== 'garbage') throw e;
      const back = (await this.link.evaluate(READ_SETUP_LINE)).value as [Settings, string];
      if (!Array.isArray(back) || !sameSettings(back[0], setup.settings) || back[1] !== setup.protocol.id) throw e;
      value = back;
    }
    const [settings, protocol] = (Array.isArray(value) ? value : []) as [Settings, string];
    if (!settings || !sameSettings(settings, setup.settings) || protocol !== setup.protocol.id) {
      throw new LinkError('garbage', `The pacer answered ${JSON.stringify(value).slice(0, 80)}, not the settings sent.`);
    }
    return { settings, protocol };
  }

  /** The session log as the pacer prints it (pacer.log(): one JSON line a session, then their count). */
  async log(known?: Protocol): Promise<PulledLog> {
    const { printed, from } = await this.link.evaluate(LOG_LINE);
    // eval hands back the first line only: the rest is read from what the device printed
    const countLine = (t: string) => t.split(/\r?\n/).findIndex((l, i, all) => i < all.length - 1 && /^\d+$/.test(l.trim()));
    const text = countLine(printed) >= 0 ? printed : await this.link.waitPrinted(from, (t) => countLine(t) >= 0, 20000, 'reading the log');
    const lines = text.split(/\r?\n/);
    const end = countLine(text);
    const rows = lines.slice(0, end).filter((l) => l.trim().startsWith('{'));
    const count = Number(lines[end].trim());
    if (rows.length !== count) throw new LinkError('garbage', `The log was not understood: ${rows.length} entries read, the pacer counted ${count}.`);
    let sessions: LoggedSession[];
    try {
      sessions = parseDump(rows.join('\n'));
    } catch (e) {
      throw new LinkError('garbage', `The log was not understood: ${(e as Error).message}`);
    }
    return { sessions, csv: toCsv(sessions, known), text: rows.join('\n') };
  }

  /** Remove what a cut flash left behind (done on every connect). Returns how many files were removed. */
  async cleanStaging(): Promise<number> {
    const { value } = await this.link.evaluate(CLEAN_STAGING_LINE);
    return Number(value) || 0;
  }

  /** Write the firmware, verify it, swap it in, start it. `progress(done, total)` in bytes. */
  async flash(fw: WebFirmware, progress: (done: number, total: number) => void = () => {}): Promise<Status> {
    const board = this.board ?? (await this.readBoard());
    if (board.board !== FLASH_BOARD) {
      throw new LinkError('refused', `This device is a ${board.board} (Espruino ${board.version}), not a ${FLASH_CARD.name}: the page carries the ${FLASH_CARD.name} firmware only. Nothing was changed.`);
    }
    await this.idle('flash');
    // the modules first, the boot code last: the swap line writes them in this order
    const files: FlashFile[] = [
      ...Object.entries(fw.modulesTokenised).map(([final, bytes]) => ({ staging: stagingName(final), final, bytes })),
      { staging: stagingName(BOOT_FILE), final: BOOT_FILE, bytes: fw.bootTokenised },
    ];
    const total = files.reduce((n, f) => n + f.bytes.length, 0);
    // the staging copies and the final copies must fit in the room there is: free, deleted (Storage
    // compacts it away) and the files the flash replaces (each old copy goes as its new one is written)
    const room = (await this.link.evaluate(roomLine(files.map((f) => f.final)))).value;
    const need = flashNeed(files);
    if (typeof room !== 'number' || !(room >= need)) {
      throw new LinkError('refused', `Not enough Storage on the pacer: ${JSON.stringify(room)} bytes of room (free, deleted, and the firmware's own files), ${need} needed (a staging and a final copy of each file). Nothing was changed.`);
    }
    await this.cleanStaging();
    await this.link.evaluate(COMPACT_LINE);
    let done = 0;
    progress(0, total);
    for (const { staging, bytes } of files) {
      const lines = storageLines(staging, bytes);
      for (let i = 0; i < lines.length; i += LINES_PER_BATCH) {
        await this.link.send(lines.slice(i, i + LINES_PER_BATCH).join(''), '1');
        done += Math.min(bytes.length, (i + LINES_PER_BATCH) * CHUNK_BYTES) - Math.min(bytes.length, i * CHUNK_BYTES);
        progress(done, total);
      }
    }
    // one line: idle? staging files whole? swap, final files equal to them, answer; load() after
    const outcome = (await this.link.evaluate(swapLine(files), 30000)).value;
    if (outcome !== 'ok') throw swapError(outcome);
    // load() runs 300 ms after the answer; every variable goes with it, the OLD_MARK too
    await sleep(500);
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      // the restarted firmware locks its console: the transport types this connection's secret again
      const st = await this.link.evaluate(NEW_STATUS_LINE, 3000).then((r) => r.value, (e) => {
        if (e instanceof LinkError && e.kind === 'secret') throw e;
        return null;
      });
      if (isStatus(st)) return st;
      await sleep(250);
    }
    throw new LinkError('device', 'The new firmware was written and checked, but the pacer did not answer after it restarted: switch it off and on, then connect again.');
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function swapError(outcome: unknown): LinkError {
  const o = String(outcome);
  if (o.startsWith('busy:')) return new LinkError('refused', `The pacer is in a session (${o.slice(5)}): end it on the pacer first, then flash. Nothing was changed.`);
  if (o.startsWith('staging:')) {
    const [, file, got] = o.split(':');
    return new LinkError('garbage', `The copy of ${file} on the pacer does not match (length,checksum ${got}). The old firmware is still in place.`);
  }
  if (o.startsWith('final:')) return new LinkError('garbage', `${o.slice(6)} on the pacer does not match after the swap: flash again.`);
  return new LinkError('garbage', `The pacer answered ${JSON.stringify(outcome).slice(0, 60)} to the swap, not "ok": connect again to see what it runs.`);
}

