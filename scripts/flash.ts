// npm run flash -- --board <puck|bangle2|pico|mdbt42q>
//                   (--port <BLE address | /dev/ttyACM0 | tcp://host:port> | --device <name>)
//                   [--secret DIGITS [--old-secret DIGITS] | --open [--old-secret DIGITS]]
//                   [--dry-run FILE] [--timeout SECONDS] [--verbose]
//
// Writes the board's firmware (from npm run build) into the device's Storage
// and starts it, using the espruino CLI from node_modules (EspruinoTools).
// Nothing is fetched from the network: the CLI is given a local board file, so
// it neither downloads board JSON nor asks the device. Two files per board:
//
//   the resident bundle, dist/pacer.<board>.js:
//     puck, pico, mdbt42q  Storage ".bootcde" (the code run at boot), PRETOKENISED
//                          by the CLI (--config PRETOKENISE=2), then load()
//     bangle2              Storage "pacer.app.js" (plain minified JS) + "pacer.info",
//                          then load("pacer.app.js"); ".bootcde" is the watch's
//                          bootloader and is left alone
//   the Storage modules, dist/pacer.<key>.js (dist/screen/ for the Bangle.js 2):
//     Storage "pacer.<key>", pretokenised here (common/tokeniser.ts, the CLI's own
//     tokeniser) and sent byte for byte (the CLI base64-encodes --storage
//     files); written first, before the resident code is written and started.
//     The firmware evaluates each only while it runs (README: Memory).
//
// The Storage budget (npm run build) is measured on these same forms:
// pretokenised for .bootcde and the modules, plain for the Bangle app.
//
// The CLI sends `reset()` first (the interpreter only; Storage is kept).
// Nothing here sends reset(true) or Storage.eraseAll(): other files survive.
//
// --dry-run FILE runs the same link and CLI command against a stand-in device
// on 127.0.0.1 and writes every byte sent to it into FILE: the bytes a serial
// or Bluetooth device receives. The CLI reaches every device through the
// link's relay, a local tcp:// port: its tcp:// transport writes its text as
// UTF-8 (a pretokenised byte 0x80-0xFF would arrive as two bytes), and the
// relay turns that back into one byte per character as serial and Bluetooth
// send.
//
// The CLI exits 0 even when it could not connect or the device reported an
// error, so its output is checked here (checkOutput).
//
// The pacer's secret (README: Security; web/real/secret.ts): six digits in
// Storage "pacer.key", which the firmware reads at every boot to lock its
// console (and, on the nRF52 boards, to pair over Bluetooth with it as the
// passkey). --secret chooses it; without it one is generated here and printed
// once; --open flashes none (development: said so). The pacer is reached
// through one console link (scripts/console-link.ts: tcp://, serial or
// Bluetooth) that first types the secret the pacer has now when its console
// is locked (--old-secret when it is to change, else --secret), so changing
// or clearing it needs the old one; a wrong one is refused with nothing
// written. Then one line writes (or, --open, erases) pacer.key, and the CLI
// runs over that same link (ConsoleLink.relay: a local tcp:// port, its UTF-8
// undone), so the unlock holds for the upload; last, the restarted pacer is
// checked over the link: locked, it takes the new secret, and it runs this
// build. --dry-run records every byte of that (the stand-in answers the
// link's own questions).
import { spawn } from 'child_process';
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { KEY_FILE } from '../firmware/files';
import { parseFlags } from '../sim/cli/args';
import { isGuessable, secretProblem } from '../web/real/secret';
import { ConsoleLink, LinkError, LockedError } from './console-link';
import { BOARDS, BoardId, BOOTCDE_BOARDS, CARDS, isBoard } from '../boards';
import { bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../common/dist';
import { tokeniser } from '../common/tokeniser';

const ROOT = path.join(__dirname, '..');

export class FlashError extends Error {}

export interface FlashArgs {
  board: BoardId;
  port?: string;
  device?: string;
  dryRun?: string;
  timeoutS: number;
  verbose: boolean;
  /** The pacer's secret after the flash (six digits); none given and not open: one is generated. */
  secret?: string;
  /** The secret the pacer has now, when it is to change (without it, --secret opens the pacer). */
  oldSecret?: string;
  /** No secret: the console open to anyone in range (development only). */
  open?: boolean;
}

export const USAGE = [
  'usage: npm run flash -- --board <' + BOARDS.join('|') + '> (--port <BLE address | /dev/ttyACM0 | tcp://host:port> | --device <name>) [--dry-run FILE] [--timeout SECONDS] [--verbose]',
  '  writes the Storage modules (dist/[screen/]pacer.<module>.js, pretokenised) first, then the board\'s dist/pacer.<board>.js:',
  `    ${BOOTCDE_BOARDS.join(', ').padEnd(21)}Storage ".bootcde" (pretokenised), started with load()`,
  `    ${BOARDS.filter((b) => CARDS[b].launch === 'app').join(', ').padEnd(21)}Storage "pacer.info" + "pacer.app.js" (plain JS), started with load("pacer.app.js")`,
  '  --secret DIGITS: the pacer\'s secret (six digits): its console asks for it, Bluetooth pairs with it; without --secret one is',
  '    generated and printed once. A pacer locked with a secret is opened with --secret, or with --old-secret DIGITS when it changes',
  '  --open: no secret (development only: anyone in range can use the console)',
  '  --dry-run FILE: no device; the bytes the CLI would send are saved to FILE',
].join('\n');

export function parseFlashArgs(argv: string[]): FlashArgs {
  let f;
  try {
    f = parseFlags(argv, { board: 'value', port: 'value', device: 'value', 'dry-run': 'value', timeout: 'value', verbose: 'flag', help: 'flag', secret: 'value', 'old-secret': 'value', open: 'flag' });
  } catch (e) {
    throw new FlashError((e as Error).message);
  }
  const board = f.board;
  if (typeof board !== 'string') throw new FlashError(`--board is required (one of ${BOARDS.join(', ')})`);
  if (!isBoard(board)) throw new FlashError(`unknown board "${board}" (known: ${BOARDS.join(', ')})`);
  const port = f.port as string | undefined;
  const device = f.device as string | undefined;
  const dryRun = f['dry-run'] as string | undefined;
  if (port !== undefined && device !== undefined) throw new FlashError('give --port or --device, not both');
  if (!dryRun && port === undefined && device === undefined) {
    throw new FlashError('no device: give --port <BLE address | /dev/ttyACM0> or --device <name> (or --dry-run FILE)');
  }
  const timeoutS = f.timeout === undefined ? (dryRun ? 20 : 60) : Number(f.timeout);
  if (!(timeoutS > 0)) throw new FlashError(`--timeout must be a positive number of seconds (got ${String(f.timeout)})`);
  const secret = f.secret as string | undefined;
  const oldSecret = f['old-secret'] as string | undefined;
  const open = f.open === true;
  if (open && secret !== undefined) throw new FlashError('give --secret or --open, not both (the secret the pacer has now is --old-secret)');
  for (const [flag, v] of [['--secret', secret], ['--old-secret', oldSecret]] as const) {
    const why = v === undefined ? null : secretProblem(v);
    if (why) throw new FlashError(`${flag}: ${why}; nothing was written`);
  }
  if (secret !== undefined && isGuessable(secret)) {
    throw new FlashError('--secret: one digit repeated or a run like 123456 is what an attacker tries first: choose another, or leave --secret out and one is generated; nothing was written');
  }
  return { board, port, device, dryRun, timeoutS, verbose: f.verbose === true, secret, oldSecret, open };
}

/** A new secret: six random digits (crypto), never one an attacker tries first. */
export function generateSecret(): string {
  for (;;) {
    const s = String(randomInt(0, 1000000)).padStart(6, '0');
    if (!isGuessable(s)) return s;
  }
}

/** The one line that leaves the pacer's secret in Storage (or, none, removes it). */
export function keyLine(secret: string | null): string {
  return secret === null ? `require("Storage").erase(${JSON.stringify(KEY_FILE)})` : `require("Storage").write(${JSON.stringify(KEY_FILE)},${JSON.stringify(secret)})`;
}

/** This build's id as the bundle carries it (api.build), when it can be found. */
export function bundleBuild(code: string): string | null {
  const m = /\bbuild:"([0-9a-f]{8})"/.exec(code);
  return m ? m[1] : null;
}

/**
 * Where a board's bundle goes in Storage, how it is started, and whether the
 * CLI pretokenises it on the way (the form its RAM budget is measured on).
 */
export interface Target {
  file: string;
  start: string;
  pretokenise: boolean;
  info?: { file: string; json: string };
}

export function target(board: BoardId): Target {
  if (CARDS[board].launch === 'app') {
    return {
      file: 'pacer.app.js',
      start: 'load("pacer.app.js")',
      pretokenise: false,
      info: { file: 'pacer.info', json: JSON.stringify({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' }) },
    };
  }
  return { file: '.bootcde', start: 'load()', pretokenise: true };
}

/** The Storage modules: the board's build of each (boards.ts modulePath), to Storage "pacer.<key>". */
export function modulesFor(board: BoardId): Array<{ path: string; file: string }> {
  return MODULE_KEYS.map((key) => ({ path: modulePath(key, board), file: moduleFile(key) }));
}

/**
 * The bytes a Storage module must hold: pretokenised by the CLI's own
 * tokeniser (PRETOKENISE=2), one char per byte. The CLI reads a --storage
 * file as 'binary' and uploads it base64-encoded, so these bytes arrive
 * unchanged; a char above 0xFF (non-Latin-1 text the tokeniser left as
 * source) could not, and is refused.
 */
export function moduleBytes(js: string, where: string): Buffer {
  const text = tokeniser().tokenise(js);
  const wide = /[^\x00-\xff]/.exec(text);
  if (wide) throw new FlashError(`${where}: character U+${wide[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} cannot be stored byte for byte (rebuild with ASCII output)`);
  return Buffer.from(text, 'latin1');
}

/**
 * The local board file given to the CLI's --board. Its firmware version (2v29,
 * the one the reference was measured on; Storage exists from 1v96) makes the
 * CLI write Storage files; naming the built-in modules stops it looking for
 * modules online.
 */
export function boardJson(board: BoardId): string {
  return JSON.stringify({ BOARD: CARDS[board].consoleName, VERSION: '2v29', VERSION_MAJOR: 2, VERSION_MINOR: 29, info: { builtin_modules: ['Storage'] } });
}

/** A path, COM port or tcp:// address is not Bluetooth: the CLI is told to leave BLE alone. */
export function isBluetooth(port: string): boolean {
  return !(port.startsWith('/') || /^COM\d+$/i.test(port) || port.startsWith('tcp://'));
}

/**
 * The espruino CLI's arguments. Run in a folder holding board.json, the
 * modules (pretokenised: moduleBytes) and, for bangle2, pacer.info, since the
 * CLI splits --storage name:file at ':'. The CLI puts each --storage file's
 * write in front of the code, the last one given first: the modules go last so
 * they are written first, before the resident code is written and started.
 */
export function cliArgs(board: BoardId, to: { port: string } | { device: string }, bundleFile: string): string[] {
  const args = 'device' in to ? ['-d', to.device] : ['-p', to.port, ...(isBluetooth(to.port) ? [] : ['--no-ble'])];
  args.push('--board', 'board.json');
  const t = target(board);
  if (t.info) {
    // the code to Storage file t.file, then load(t.file); the info file is written first
    args.push('--storage', `${t.file}:-`, '--storage', `${t.info.file}:${t.info.file}`);
  } else {
    // "Direct to Flash": the code to Storage .bootcde, then load(), which runs it as at boot;
    // the CLI pretokenises code it saves to flash (plugins/pretokenise.js, before saveOnSend.js)
    args.push('--config', 'SAVE_ON_SEND=1', '--config', 'PRETOKENISE=2');
  }
  for (const m of modulesFor(board)) args.push('--storage', `${m.file}:${m.file}`);
  // wait a second after the upload so errors from the started code are seen
  args.push('--sleep', '1', bundleFile);
  return args;
}

/** Why an upload failed, from the CLI's exit code and output; undefined if it worked. */
export function checkOutput(code: number | null, output: string, where: string): string | undefined {
  const line = (re: RegExp) => (output.split(/\r?\n/).find((l) => re.test(l)) ?? '').replace(/^--\] /, '').trim();
  const ble = /system_bus_socket|org\.bluez|ENODEV|No adapter|error on scanDevices/i;
  if (ble.test(output)) return `Bluetooth is not usable here to reach ${where} (no adapter, BlueZ not running, or no permission): ${line(ble)}`;
  if (/Port named .* not found/.test(output)) return `device ${where} not found (is it powered, in range and not connected to anything else?)`;
  if (/Port ".*" not found|Unable to connect|Unable to open device|ERROR Connecting/.test(output)) return `could not connect to ${where} (wrong port, or in use by another program?)`;
  if (/Prompt not detected/.test(output)) return `no prompt from ${where}: upload failed`;
  if (/Uncaught|SyntaxError|ERROR/.test(output)) return `the device reported an error: ${line(/Uncaught|SyntaxError|ERROR/)}`;
  if (code !== 0) return `espruino CLI exited with ${code}: ${line(/Error/) || output.trim().split('\n').pop()}`;
  if (!/Upload Complete/.test(output)) return `upload to ${where} did not complete`;
  // a live Espruino always prints something (print() is part of the upload)
  if (!/^--\] /m.test(output)) return `no reply from ${where}: is it an Espruino, at the console?`;
  return undefined;
}

/** Runs the espruino CLI in `cwd`, killing it after timeoutS. */
export function runCli(args: string[], cwd: string, timeoutS: number, verbose: boolean): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  let cli: string;
  try {
    cli = require.resolve('espruino/bin/espruino-cli.js');
  } catch {
    throw new FlashError('the espruino package is not installed: run npm install');
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const take = (d: Buffer) => {
      output += d.toString('latin1');
      if (verbose) process.stderr.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

export interface StandInOptions {
  /** Answer nothing at all (a device that does not answer). */
  silent?: boolean;
  /**
   * The secret in its Storage (pacer.key): its console is locked with it (unless `startsOpen`) until a
   * line equal to it, and again after each load(); a line that writes or erases pacer.key changes it.
   */
  secret?: string;
  /** Unlocked at first (a pacer whose secret was typed already, or whose firmware did not lock yet). */
  startsOpen?: boolean;
  /** Its firmware ignores pacer.key: load() never locks it (a build before the secret). */
  ignoresKey?: boolean;
  /** The value an expression of the console link's evaluate() gives (default: true). */
  answer?: (expr: string) => unknown;
}

/**
 * A stand-in Espruino on 127.0.0.1 for tcp://: records every byte it is sent
 * (one char per byte, latin1) and answers each chunk that ends a line with
 * `reply` (a prompt by default), sent one byte per char. It answers the
 * console link's own questions as a console would (scripts/console-link.ts:
 * a marker, and an evaluate()'s value from `answer`), and, given a secret,
 * is locked as a pacer with one is: every line before the secret is a wrong
 * password attempt and runs nothing, and load() locks it again.
 */
export function standInDevice(reply: (received: string) => string = () => '\r\n>', o: StandInOptions = {}): Promise<{ port: string; received: () => string; close: () => void }> {
  let received = '';
  let key = o.secret;
  let password = o.secret;
  let locked = o.secret !== undefined && !o.startsOpen;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    let line = '';
    s.on('data', (d) => {
      const text = d.toString('latin1');
      received += text;
      if (o.silent) return;
      let out = '';
      let plain = false;
      for (const ch of text) {
        if (ch !== '\n') {
          line += ch;
          continue;
        }
        const l = line.replace(/\r$/, '');
        line = '';
        if (locked) {
          if (l.slice(0, 20) === password) locked = false;
          out += locked ? '\r\n  Invalid password\r\npassword>' : '\r\n  Logged in.\r\n>';
          continue;
        }
        const wrote = new RegExp(`Storage"?\\)\\.write\\(${JSON.stringify(KEY_FILE).replace(/\./g, '\\.')},"([^"]*)"`).exec(l);
        if (wrote) key = wrote[1];
        if (l.includes(`.erase(${JSON.stringify(KEY_FILE)})`)) key = undefined;
        const mark = /"<<"\+"(pl\w+)>>"/.exec(l);
        const expr = /^\x10?\(function\(\)\{var r;try\{r=\[1,\((.*)\)\]\}catch\(e\)\{r=\[0,""\+e\]\}print\(/.exec(l);
        if (mark) out += `<<${mark[1]}>>${expr ? JSON.stringify([1, o.answer ? o.answer(expr[1]) : true]) : ''}\r\n>`;
        else plain = true;
        // the restarted firmware reads pacer.key and locks its console with it
        if (/\bload\(/.test(l) && !o.ignoresKey) {
          password = key;
          locked = key !== undefined;
        }
      }
      if (plain) out += reply(received);
      if (out) s.write(out, 'latin1'); // a device sends bytes
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port: `tcp://127.0.0.1:${port}`,
        received: () => received,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      });
    });
  });
}

/** What must (and must not) be in an upload for this board. */
export function checkUploadText(board: BoardId, text: string): string | undefined {
  const t = target(board);
  const write = (file: string) => text.indexOf(`require("Storage").write(${JSON.stringify(file)},`);
  if (write(t.file) < 0) return `the upload does not write ${t.file}`;
  for (const m of modulesFor(board)) if (write(m.file) < 0) return `the upload does not write ${m.file}`;
  if (!text.includes(t.start)) return `the upload does not start the code with ${t.start}`;
  for (const m of modulesFor(board)) if (write(m.file) > text.lastIndexOf(t.start)) return `the upload writes ${m.file} after starting the code`;
  if (t.file !== '.bootcde' && text.includes('".bootcde"')) return 'the upload would overwrite .bootcde';
  if (/reset\(\s*true|eraseAll/.test(text)) return 'the upload would wipe Storage';
  // the secret's line (keyLine) goes before the code is written and started
  const key = Math.max(text.indexOf(`require("Storage").write(${JSON.stringify(KEY_FILE)},`), text.indexOf(`require("Storage").erase(${JSON.stringify(KEY_FILE)})`));
  if (key < 0) return `the upload neither writes nor erases ${KEY_FILE} (the pacer's secret)`;
  if (key > write(t.file)) return `the upload writes ${KEY_FILE} after ${t.file}`;
  return undefined;
}

/** What a failure after the secret's line says about the secret the pacer now holds. */
function secretNote(secret: string | null, generated: boolean): string {
  if (secret === null) return '; the pacer may already have no secret (--open)';
  return generated ? `; the pacer may already hold its new secret ${secret} (generated: keep it)` : '; the pacer may already hold the secret given with --secret';
}

/**
 * After the CLI: the pacer restarted (load()) with the new files. With a secret its console must
 * be locked and take the new one; it must run this build. Over the link that flashed it.
 */
async function checkRestarted(link: ConsoleLink, secret: string | null, build: string | null): Promise<void> {
  link.useSecret(secret ?? undefined);
  const asked = async () => link.evaluate<0 | [unknown]>('typeof pacer=="undefined"?0:[pacer.build]', undefined, 'the restarted pacer');
  let answer: 0 | [unknown];
  try {
    answer = await link.ask((m) => `print(${m})`, undefined, 'the restarted pacer', false).then(asked);
    if (secret !== null) throw new FlashError('the pacer\'s console answered without its secret after the flash: the firmware did not lock it (is pacer.key there?)');
  } catch (e) {
    if (!(e instanceof LockedError)) throw e;
    if (secret === null) throw new FlashError('the pacer\'s console is locked after an --open flash: something else locks it');
    try {
      await link.login();
    } catch (x) {
      throw new FlashError(`the restarted pacer did not take its new secret: ${(x as Error).message}`);
    }
    answer = await asked();
  }
  if (answer === 0) throw new FlashError('the firmware did not start after the flash (pacer is undefined): see npm run device');
  if (build !== null && answer[0] !== build) throw new FlashError(`the pacer runs build ${JSON.stringify(answer[0])}, not this one (${build})`);
}

/** Flashes (or, with dryRun, records the upload); returns a one-line report. `root` holds dist/. */
export async function flash(a: FlashArgs, root = ROOT): Promise<string> {
  const bundle = path.join(root, bundlePath(a.board));
  if (!fs.existsSync(bundle)) throw new FlashError(`${bundlePath(a.board)} not found: run npm run build first`);
  const modules = modulesFor(a.board).map((m) => {
    const js = path.join(root, m.path);
    if (!fs.existsSync(js)) throw new FlashError(`${m.path} not found: run npm run build first`);
    return { ...m, bytes: moduleBytes(fs.readFileSync(js, 'utf8'), m.path) };
  });
  const where = a.port ?? `"${a.device}"`;
  if (!a.dryRun && a.port?.startsWith('/') && !fs.existsSync(a.port)) {
    throw new FlashError(`serial port ${a.port} does not exist (is the board plugged in? try ls /dev/ttyACM* /dev/ttyUSB*)`);
  }
  // the secret after the flash, and the one that opens the pacer now (a generated one cannot)
  const generated = !a.open && a.secret === undefined;
  const secret = a.open ? null : a.secret ?? generateSecret();
  const opener = a.oldSecret ?? a.secret;
  const t = target(a.board);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-flash-'));
  const dev = a.dryRun ? await standInDevice() : undefined;
  const device = dev ? 'the stand-in device' : where;
  let link: ConsoleLink | undefined;
  let relay: { port: string; close: () => void } | undefined;
  let keyWritten = false;
  try {
    fs.writeFileSync(path.join(dir, 'board.json'), boardJson(a.board));
    for (const m of modules) fs.writeFileSync(path.join(dir, m.file), m.bytes);
    if (t.info) fs.writeFileSync(path.join(dir, t.info.file), t.info.json);
    const to = dev ? { port: dev.port } : a.device !== undefined ? { device: a.device } : { port: a.port as string };
    try {
      link = await ConsoleLink.open({ ...to, timeoutS: a.timeoutS, verbose: a.verbose, secret: opener });
    } catch (e) {
      if (!(e instanceof LinkError)) throw e;
      let why = e.message;
      if (link === undefined && /locked: it asks for the pacer's secret/.test(why)) {
        why = a.open
          ? `${device} is locked with a secret: give it with --old-secret to clear it`
          : `${device} is locked with a secret: give it with --secret (to keep it) or --old-secret (to change it)`;
      }
      throw new FlashError(`${why.replace(/ \(nothing was read or changed\)$| \(give it with --secret; nothing was read or changed\)$/, '')}; nothing was written`);
    }
    // the secret first, in its own line: from here a failure says what the pacer may hold
    keyWritten = true;
    await link.evaluate(keyLine(secret), undefined, `the secret to Storage ${KEY_FILE}`);
    const r = await runCliOver(link, a, dir, bundle);
    relay = r.relay;
    if (r.timedOut) throw new FlashError(`no answer from ${device} within ${a.timeoutS} s (Bluetooth off or device out of range?)`);
    const failed = checkOutput(r.code, r.output, device);
    if (failed) throw new FlashError(failed);
    const size = fs.statSync(bundle).size;
    const what =
      `${modules.map((m) => `${m.path} (${m.bytes.length} B pretokenised) to Storage "${m.file}"`).join(', ')} and ` +
      `${bundlePath(a.board)} (${size} B${t.pretokenise ? ', pretokenised by the CLI' : ''}) to Storage "${t.file}"`;
    const told =
      secret === null ? 'OPEN: flashed with --open, no secret: anyone in Bluetooth range can use its console (development only)'
      : generated ? `its secret is ${secret} (generated: write it down now, it is shown only this once; the console asks for it and Bluetooth pairs with it as the passkey)`
      : 'its secret is the one given with --secret (the console asks for it and Bluetooth pairs with it as the passkey)';
    if (!dev) {
      await checkRestarted(link, secret, bundleBuild(fs.readFileSync(bundle, 'latin1')));
      return `flashed ${what} on ${where} and started it with ${t.start}, checked: ${secret === null ? 'it answers with no secret and runs this build' : 'it asks for its secret, takes it and runs this build'}; ${told}`;
    }
    const sent = dev.received();
    const wrong = checkUploadText(a.board, sent);
    if (wrong) throw new FlashError(wrong);
    fs.writeFileSync(a.dryRun as string, Buffer.from(sent, 'latin1'));
    return `dry run: wrote the ${sent.length} bytes sent to flash ${what} and start it with ${t.start} into ${a.dryRun}; no device was used; ${told.replace(/^its secret is/, 'the secret would be').replace(/^OPEN: flashed/, 'OPEN: would flash')}`;
  } catch (e) {
    if (!keyWritten) throw e;
    const msg = (e as Error).message ?? String(e);
    throw new FlashError(`${msg.split('\n')[0]}${secretNote(secret, generated)}`);
  } finally {
    relay?.close();
    link?.close();
    dev?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The espruino CLI, over the open link (its relay). */
async function runCliOver(link: ConsoleLink, a: FlashArgs, dir: string, bundle: string): Promise<{ code: number | null; output: string; timedOut: boolean; relay: { port: string; close: () => void } }> {
  const relay = await link.relay();
  const r = await runCli(cliArgs(a.board, { port: relay.port }, bundle), dir, a.timeoutS, a.verbose);
  return { ...r, relay };
}

if (require.main === module) {
  (async () => {
    const argv = process.argv.slice(2);
    if (argv.includes('--help')) return console.log(USAGE);
    try {
      console.log(await flash(parseFlashArgs(argv)));
    } catch (e) {
      console.error(`flash: ${String((e as Error).message ?? e).split('\n')[0]}`);
      process.exit(1);
    }
  })();
}
