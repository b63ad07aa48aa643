// npm run flash -- --board <puck|bangle2|pico|mdbt42q>
//                   (--port <BLE address | /dev/ttyACM0 | tcp://host:port> | --device <name>)
//                   [--dry-run FILE] [--timeout SECONDS] [--verbose]
//
// Writes the board's bundle (dist/pacer.<board>.js, from npm run build) into
// the device's Storage and starts it, using the espruino CLI from node_modules
// (EspruinoTools). Nothing is fetched from the network: the CLI is given a
// local board file, so it neither downloads board JSON nor asks the device.
//
//   puck, pico, mdbt42q  Storage ".bootcde" (the code run at boot), then load()
//   bangle2              Storage "pacer.app.js" + "pacer.info", then load("pacer.app.js");
//                        ".bootcde" is the watch's bootloader and is left alone
//
// The CLI sends `reset()` first (the interpreter only; Storage is kept).
// Nothing here sends reset(true) or Storage.eraseAll(): other files survive.
//
// --dry-run FILE runs the same CLI command against a stand-in device on
// 127.0.0.1 and writes every byte the CLI sent to it into FILE.
//
// The CLI exits 0 even when it could not connect or the device reported an
// error, so its output is checked here (checkOutput).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseFlags } from '../sim/cli/args';
import { BOARDS, BoardId, bundlePath, isBoard } from './boards';

const ROOT = path.join(__dirname, '..');

export class FlashError extends Error {}

export interface FlashArgs {
  board: BoardId;
  port?: string;
  device?: string;
  dryRun?: string;
  timeoutS: number;
  verbose: boolean;
}

export const USAGE =
  'usage: npm run flash -- --board <' + BOARDS.join('|') + '> (--port <BLE address | /dev/ttyACM0> | --device <name>) [--dry-run FILE] [--timeout SECONDS] [--verbose]';

export function parseFlashArgs(argv: string[]): FlashArgs {
  let f;
  try {
    f = parseFlags(argv, { board: 'value', port: 'value', device: 'value', 'dry-run': 'value', timeout: 'value', verbose: 'flag', help: 'flag' });
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
  return { board, port, device, dryRun, timeoutS, verbose: f.verbose === true };
}

/** Where a board's bundle goes in Storage and how it is started. */
export interface Target {
  file: string;
  start: string;
  info?: { file: string; json: string };
}

export function target(board: BoardId): Target {
  if (board === 'bangle2') {
    return {
      file: 'pacer.app.js',
      start: 'load("pacer.app.js")',
      info: { file: 'pacer.info', json: JSON.stringify({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' }) },
    };
  }
  return { file: '.bootcde', start: 'load()' };
}

/**
 * The local board file given to the CLI's --board. Its firmware version (2v29,
 * the one the reference was measured on; Storage exists from 1v96) makes the
 * CLI write Storage files; naming the built-in modules stops it looking for
 * modules online.
 */
const ENV_BOARD: Record<BoardId, string> = { puck: 'PUCKJS', bangle2: 'BANGLEJS2', pico: 'PICO_R1_3', mdbt42q: 'MDBT42Q' };
export function boardJson(board: BoardId): string {
  return JSON.stringify({ BOARD: ENV_BOARD[board], VERSION: '2v29', VERSION_MAJOR: 2, VERSION_MINOR: 29, info: { builtin_modules: ['Storage'] } });
}

/** A path, COM port or tcp:// address is not Bluetooth: the CLI is told to leave BLE alone. */
export function isBluetooth(port: string): boolean {
  return !(port.startsWith('/') || /^COM\d+$/i.test(port) || port.startsWith('tcp://'));
}

/**
 * The espruino CLI's arguments. Run in a folder holding board.json (and
 * pacer.info for bangle2), since the CLI splits --storage name:file at ':'.
 */
export function cliArgs(board: BoardId, to: { port: string } | { device: string }, bundleFile: string): string[] {
  const args = 'device' in to ? ['-d', to.device] : ['-p', to.port, ...(isBluetooth(to.port) ? [] : ['--no-ble'])];
  args.push('--board', 'board.json');
  const t = target(board);
  if (t.info) {
    // the code to Storage file t.file, then load(t.file); the info file is written first
    args.push('--storage', `${t.file}:-`, '--storage', `${t.info.file}:${t.info.file}`);
  } else {
    // "Direct to Flash": the code to Storage .bootcde, then load(), which runs it as at boot
    args.push('--config', 'SAVE_ON_SEND=1');
  }
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

/**
 * A stand-in Espruino on 127.0.0.1 for tcp://: records every byte it is sent
 * and answers each line with `reply` (a prompt by default).
 */
export function standInDevice(reply: (received: string) => string = () => '\r\n>'): Promise<{ port: string; received: () => string; close: () => void }> {
  let received = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('data', (d) => {
      received += d.toString('latin1');
      if (d.includes(10)) s.write(reply(received));
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
  if (!text.includes(`require("Storage").write(${JSON.stringify(t.file)},`)) return `the upload does not write ${t.file}`;
  if (!text.includes(t.start)) return `the upload does not start the code with ${t.start}`;
  if (t.file !== '.bootcde' && text.includes('".bootcde"')) return 'the upload would overwrite .bootcde';
  if (/reset\(\s*true|eraseAll/.test(text)) return 'the upload would wipe Storage';
  return undefined;
}

/** Flashes (or, with dryRun, records the upload); returns a one-line report. `root` holds dist/. */
export async function flash(a: FlashArgs, root = ROOT): Promise<string> {
  const bundle = path.join(root, bundlePath(a.board));
  if (!fs.existsSync(bundle)) throw new FlashError(`${bundlePath(a.board)} not found: run npm run build first`);
  const where = a.port ?? `"${a.device}"`;
  if (!a.dryRun && a.port?.startsWith('/') && !fs.existsSync(a.port)) {
    throw new FlashError(`serial port ${a.port} does not exist (is the board plugged in? try ls /dev/ttyACM* /dev/ttyUSB*)`);
  }
  const t = target(a.board);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-flash-'));
  const dev = a.dryRun ? await standInDevice() : undefined;
  try {
    fs.writeFileSync(path.join(dir, 'board.json'), boardJson(a.board));
    if (t.info) fs.writeFileSync(path.join(dir, t.info.file), t.info.json);
    const to = dev ? { port: dev.port } : a.device !== undefined ? { device: a.device } : { port: a.port as string };
    const r = await runCli(cliArgs(a.board, to, bundle), dir, a.timeoutS, a.verbose);
    if (r.timedOut) throw new FlashError(`no answer from ${dev ? 'the stand-in device' : where} within ${a.timeoutS} s (Bluetooth off or device out of range?)`);
    const failed = checkOutput(r.code, r.output, dev ? 'the stand-in device' : where);
    if (failed) throw new FlashError(failed);
    const size = fs.statSync(bundle).size;
    if (!dev) return `flashed ${bundlePath(a.board)} (${size} B) to Storage "${t.file}" on ${where} and started it with ${t.start}`;
    const sent = dev.received();
    const wrong = checkUploadText(a.board, sent);
    if (wrong) throw new FlashError(wrong);
    fs.writeFileSync(a.dryRun as string, Buffer.from(sent, 'latin1'));
    return `dry run: wrote the ${sent.length} bytes the espruino CLI sends to flash ${bundlePath(a.board)} (${size} B) to Storage "${t.file}" and start it with ${t.start} into ${a.dryRun}; no device was used`;
  } finally {
    dev?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
