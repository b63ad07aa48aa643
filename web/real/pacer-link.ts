// What the page does with a real pacer, over the wrapper (transport.ts),
// through the pacer's own console commands (firmware/commands.ts, the
// README's "Console commands"): pacer.status(), pacer.settings({...}),
// pacer.protocol(...), pacer.log(). Every change is checked first (the
// device's own validator, and the pacer idle), sent as one line so that it
// runs whole or not at all, and read back. Flashing writes what npm run
// flash writes (pacer.cmd, then .bootcde, pretokenised) into staging files
// first, checks their length and checksum, and only then swaps them in with
// one line and starts the new code with load().
import { checksum } from '../../firmware/core/checksum';
import { Protocol, Settings, Status } from '../../firmware/core/types';
import { errorText, validateProtocol, validateSettings } from '../../firmware/core/validate';
import { COMMANDS_FILE } from '../../firmware/files';
import { LoggedSession, parseDump, toCsv } from '../../sim/log-export';
import { WebFirmware } from '../embedded';
import { Setup } from '../setup-form';
import { EspruinoLink, LinkError } from './transport';

const MODES = ['idle', 'running', 'paused', 'done', 'setup'];
/** Staging files of a flash in progress: a cut link leaves only these, and the next connect removes them. */
export const STAGING = { cmd: 'pacer.ncmd', boot: 'pacer.nboot' } as const;
const BOOT_FILE = '.bootcde';
/** Bytes of file per Storage.write line (a line is at most about 4 times that, escaped). */
export const CHUNK_BYTES = 256;
/** Lines sent before waiting for the device to have run them. */
const LINES_PER_BATCH = 6;

export function isStatus(v: unknown): v is Status {
  const s = v as Status;
  return !!s && typeof s === 'object' && MODES.includes(s.state) && typeof s.phase === 'number' && typeof s.n === 'number' && typeof s.batt === 'number' && typeof s.phaseId === 'string';
}

/** A file's bytes (one char each) as a JavaScript string literal the interpreter reads back byte for byte. */
export function byteLiteral(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c > 0xff) throw new Error(`character U+${c.toString(16)} at ${i} is not a byte`);
    const ch = bytes[i];
    out += c >= 0x20 && c < 0x7f && ch !== '"' && ch !== '\\' ? ch : '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** The lines that write `bytes` into Storage file `name` in chunks (the first creates it at full size). */
export function storageLines(name: string, bytes: string): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length || off === 0; off += CHUNK_BYTES) {
    const chunk = byteLiteral(bytes.slice(off, off + CHUNK_BYTES));
    lines.push(`\x10require("Storage").write(${JSON.stringify(name)},${chunk},${off}${off === 0 ? `,${bytes.length}` : ''})\n`);
    if (!bytes.length) break;
  }
  return lines;
}

/** [length, checksum] of a Storage file, computed on the device (the firmware's checksum: core/checksum.ts). */
const sumExpr = (name: string) =>
  `(function(t){if(t===undefined)return[-1,0];var h=7;for(var i=0;i<t.length;i++)h=(h*31+t.charCodeAt(i))|0;return[t.length,h]})(require("Storage").read(${JSON.stringify(name)}))`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameSettings(a: Settings, b: Partial<Settings>): boolean {
  return Object.keys(b).every((k) => same((a as unknown as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface PulledLog {
  sessions: LoggedSession[];
  csv: string;
  /** The lines as the pacer printed them. */
  text: string;
}

export class PacerLink {
  constructor(readonly link: EspruinoLink) {}

  /** The pacer's status; null when the device has no pacer firmware (no `pacer` global). */
  async status(): Promise<Status | null> {
    try {
      const { value } = await this.link.evaluate('pacer.status()');
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

  /** The settings and protocol to the pacer's Storage, in one console line; read back. */
  async push(setup: Setup): Promise<{ settings: Settings; protocol: string }> {
    const errors = validateSettings(setup.settings, false).concat(setup.builtIn ? [] : validateProtocol(setup.protocol));
    if (errors.length) throw new LinkError('refused', `Not sent: ${errorText(errors)}`);
    if (!(await this.idle('send them'))) throw new LinkError('refused', 'This device has no pacer firmware: flash it first.');
    const proto = setup.builtIn ? JSON.stringify(setup.protocol.id) : JSON.stringify(setup.protocol);
    const line = `[pacer.settings(${JSON.stringify(setup.settings)}),pacer.protocol(${proto})]`;
    let value: unknown;
    try {
      value = (await this.link.evaluate(line)).value;
    } catch (e) {
      // the line ran or not: an answer garbled on the way back is settled by reading the pacer again
      if (!(e instanceof LinkError) || e.kind !== 'garbage') throw e;
      const back = (await this.link.evaluate('[pacer.settings(),pacer.protocol()]')).value as [Settings, string];
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
    const { printed, from } = await this.link.evaluate('pacer.log()');
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
    const names = JSON.stringify([STAGING.cmd, STAGING.boot]);
    const { value } = await this.link.evaluate(`(function(S){var n=0;${names}.forEach(function(f){if(S.read(f)!==undefined){S.erase(f);n++}});return n})(require("Storage"))`);
    return Number(value) || 0;
  }

  /** Write the firmware, verify it, swap it in, start it. `progress(done, total)` in bytes. */
  async flash(fw: WebFirmware, progress: (done: number, total: number) => void = () => {}): Promise<Status> {
    await this.idle('flash');
    const files: Array<[string, string, string]> = [
      [STAGING.cmd, COMMANDS_FILE, fw.commandsTokenised],
      [STAGING.boot, BOOT_FILE, fw.bootTokenised],
    ];
    const total = files.reduce((n, f) => n + f[2].length, 0);
    // room for the staging copies and the final ones; the old files' space comes back once they
    // are replaced (Storage reclaims deleted files' space when it needs it: getStats' trash)
    const room = (await this.link.evaluate(
      `(function(S){var st=S.getStats?S.getStats():null;var old=0;${JSON.stringify(files.map((f) => f[1]))}.forEach(function(f){var t=S.read(f);if(t!==undefined)old+=t.length});return[st?st.freeBytes+st.trashBytes:S.getFree(),old]})(require("Storage"))`,
    )).value as [number, number];
    const need = 2 * total - (Array.isArray(room) ? room[1] : 0);
    if (!Array.isArray(room) || !(room[0] >= need)) throw new LinkError('refused', `Not enough free Storage on the pacer: ${JSON.stringify(room && room[0])} bytes, ${need} needed. Nothing was changed.`);
    await this.cleanStaging();
    let done = 0;
    progress(0, total);
    for (const [staging, , bytes] of files) {
      const lines = storageLines(staging, bytes);
      for (let i = 0; i < lines.length; i += LINES_PER_BATCH) {
        await this.link.send(lines.slice(i, i + LINES_PER_BATCH).join(''), '1');
        done += Math.min(bytes.length, (i + LINES_PER_BATCH) * CHUNK_BYTES) - Math.min(bytes.length, i * CHUNK_BYTES);
        progress(done, total);
      }
      const sum = (await this.link.evaluate(sumExpr(staging))).value;
      if (!same(sum, [bytes.length, checksum(bytes)])) {
        throw new LinkError('garbage', `The copy of ${staging} on the pacer does not match (${JSON.stringify(sum)}, expected ${JSON.stringify([bytes.length, checksum(bytes)])}). The old firmware is still in place.`);
      }
    }
    // one line: the pacer runs it whole or, if the link is cut before its end, not at all
    const swap = files.map(([staging, final]) => `S.write(${JSON.stringify(final)},S.read(${JSON.stringify(staging)}));S.erase(${JSON.stringify(staging)});`).join('');
    const lengths = (await this.link.evaluate(`(function(S){${swap}return[${files.map(([, f]) => `S.read(${JSON.stringify(f)}).length`).join(',')}]})(require("Storage"))`)).value;
    if (!same(lengths, files.map((f) => f[2].length))) throw new LinkError('garbage', `The pacer's files have unexpected sizes after the swap: ${JSON.stringify(lengths)}.`);
    for (const [, final, bytes] of files) {
      const sum = (await this.link.evaluate(sumExpr(final))).value;
      if (!same(sum, [bytes.length, checksum(bytes)])) throw new LinkError('garbage', `${final} on the pacer does not match after the swap: flash again.`);
    }
    // load(): the interpreter restarts from .bootcde, as at power-up (Storage is kept)
    await this.link.send('\x10load()\n', '1', 30000);
    for (let i = 0; i < 20; i++) {
      const st = await this.status().catch(() => null);
      if (st) return st;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new LinkError('device', 'The new firmware was written but the pacer did not answer after it started.');
  }
}
