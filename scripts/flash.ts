// npm run flash -- --board <puck|bangle2|pico|mdbt42q>
//                   (--port <BLE address | /dev/ttyACM0 | tcp://host:port> | --device <name>)
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
//   the Storage modules, dist/pacer.<key>.js (the same for every board):
//     Storage "pacer.<key>", pretokenised here (scripts/footprint.ts, the CLI's own
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
// --dry-run FILE runs the same CLI command against a stand-in device on
// 127.0.0.1 and writes every byte the CLI sent to it into FILE: the bytes a
// serial or Bluetooth device receives. The CLI's tcp:// transport writes its
// text as UTF-8 (a pretokenised byte 0x80-0xFF would arrive as two bytes), so
// a tcp:// device, the stand-in included, is reached through tcpRelay, which
// turns that back into one byte per character as serial and Bluetooth send.
//
// The CLI exits 0 even when it could not connect or the device reported an
// error, so its output is checked here (checkOutput).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { parseFlags } from '../sim/cli/args';
import { BOARDS, BoardId, bundlePath, isBoard, MODULE_KEYS, moduleFile, modulePath } from './boards';
import { tokeniser } from './footprint';

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

export const USAGE = [
  'usage: npm run flash -- --board <' + BOARDS.join('|') + '> (--port <BLE address | /dev/ttyACM0 | tcp://host:port> | --device <name>) [--dry-run FILE] [--timeout SECONDS] [--verbose]',
  '  writes the Storage modules (dist/pacer.<module>.js, pretokenised) first, then the board\'s dist/pacer.<board>.js:',
  '    puck, pico, mdbt42q  Storage ".bootcde" (pretokenised), started with load()',
  '    bangle2              Storage "pacer.info" + "pacer.app.js" (plain JS), started with load("pacer.app.js")',
  '  --dry-run FILE: no device; the bytes the CLI would send are saved to FILE',
].join('\n');

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
  if (board === 'bangle2') {
    return {
      file: 'pacer.app.js',
      start: 'load("pacer.app.js")',
      pretokenise: false,
      info: { file: 'pacer.info', json: JSON.stringify({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' }) },
    };
  }
  return { file: '.bootcde', start: 'load()', pretokenise: true };
}

/** The Storage modules: dist/pacer.<key>.js, the same for every board, to Storage "pacer.<key>". */
export const MODULES = MODULE_KEYS.map((key) => ({ path: modulePath(key), file: moduleFile(key) }));

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
const ENV_BOARD: Record<BoardId, string> = { puck: 'PUCKJS', bangle2: 'BANGLEJS2', pico: 'PICO_R1_3', mdbt42q: 'MDBT42Q' };
export function boardJson(board: BoardId): string {
  return JSON.stringify({ BOARD: ENV_BOARD[board], VERSION: '2v29', VERSION_MAJOR: 2, VERSION_MINOR: 29, info: { builtin_modules: ['Storage'] } });
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
  for (const m of MODULES) args.push('--storage', `${m.file}:${m.file}`);
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
 * (one char per byte, latin1) and answers each line with `reply` (a prompt by
 * default), sent one byte per char.
 */
export function standInDevice(reply: (received: string) => string = () => '\r\n>'): Promise<{ port: string; received: () => string; close: () => void }> {
  let received = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('data', (d) => {
      received += d.toString('latin1');
      if (d.includes(10)) s.write(reply(received), 'latin1'); // a device sends bytes
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

/** host and port of a tcp:// address, as the CLI reads it (core/serial_node_socket.js). */
export function tcpAddress(port: string): { host: string; port: number } {
  const hp = port.slice('tcp://'.length);
  const i = hp.indexOf(':');
  if (i < 0) return { host: hp, port: 23 };
  return { host: hp.slice(0, i).trim() || 'localhost', port: parseInt(hp.slice(i + 1).trim(), 10) };
}

/**
 * The CLI's tcp:// transport sends its text with socket.write(string), i.e.
 * UTF-8: each byte 0x80-0xFF of pretokenised code (raw in the CLI's string
 * literals) would reach the device as two bytes. Serial and Bluetooth send
 * one byte per character. This relay on 127.0.0.1 stands between the CLI and
 * a tcp:// device and undoes the UTF-8 (exactly: the CLI only sends characters
 * up to 0xFF); the device's replies pass through unchanged. It connects to the
 * device before the CLI starts, so an unreachable device is reported here.
 */
export function tcpRelay(to: string, timeoutS: number): Promise<{ port: string; close: () => void }> {
  const { host, port } = tcpAddress(to);
  return new Promise((resolve, reject) => {
    const device = net.createConnection(port, host);
    device.pause(); // nothing is lost before the CLI connects
    const timer = setTimeout(() => {
      device.destroy();
      reject(new FlashError(`no answer from ${to} within ${timeoutS} s`));
    }, timeoutS * 1000);
    device.once('error', (e) => {
      clearTimeout(timer);
      reject(new FlashError(`could not connect to ${to} (${(e as NodeJS.ErrnoException).code ?? e.message})`));
    });
    device.once('connect', () => {
      clearTimeout(timer);
      device.on('error', () => undefined); // a later drop shows in the CLI's output
      let cli: net.Socket | undefined;
      const server = net.createServer((s) => {
        if (cli) return void s.destroy(); // one upload, one connection
        cli = s;
        const utf8 = new StringDecoder('utf8');
        s.on('data', (d) => device.write(Buffer.from(utf8.write(d), 'latin1')));
        s.on('error', () => undefined);
        s.on('close', () => device.end());
        device.on('data', (d) => s.write(d));
        device.on('close', () => s.end());
        device.resume();
      });
      server.listen(0, '127.0.0.1', () => {
        resolve({
          port: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
          close: () => {
            cli?.destroy();
            device.destroy();
            server.close();
          },
        });
      });
    });
  });
}

/** What must (and must not) be in an upload for this board. */
export function checkUploadText(board: BoardId, text: string): string | undefined {
  const t = target(board);
  const write = (file: string) => text.indexOf(`require("Storage").write(${JSON.stringify(file)},`);
  if (write(t.file) < 0) return `the upload does not write ${t.file}`;
  for (const m of MODULES) if (write(m.file) < 0) return `the upload does not write ${m.file}`;
  if (!text.includes(t.start)) return `the upload does not start the code with ${t.start}`;
  for (const m of MODULES) if (write(m.file) > text.lastIndexOf(t.start)) return `the upload writes ${m.file} after starting the code`;
  if (t.file !== '.bootcde' && text.includes('".bootcde"')) return 'the upload would overwrite .bootcde';
  if (/reset\(\s*true|eraseAll/.test(text)) return 'the upload would wipe Storage';
  return undefined;
}

/** Flashes (or, with dryRun, records the upload); returns a one-line report. `root` holds dist/. */
export async function flash(a: FlashArgs, root = ROOT): Promise<string> {
  const bundle = path.join(root, bundlePath(a.board));
  if (!fs.existsSync(bundle)) throw new FlashError(`${bundlePath(a.board)} not found: run npm run build first`);
  const modules = MODULES.map((m) => {
    const js = path.join(root, m.path);
    if (!fs.existsSync(js)) throw new FlashError(`${m.path} not found: run npm run build first`);
    return { ...m, bytes: moduleBytes(fs.readFileSync(js, 'utf8'), m.path) };
  });
  const where = a.port ?? `"${a.device}"`;
  if (!a.dryRun && a.port?.startsWith('/') && !fs.existsSync(a.port)) {
    throw new FlashError(`serial port ${a.port} does not exist (is the board plugged in? try ls /dev/ttyACM* /dev/ttyUSB*)`);
  }
  const t = target(a.board);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-flash-'));
  const dev = a.dryRun ? await standInDevice() : undefined;
  let relay: { port: string; close: () => void } | undefined;
  try {
    fs.writeFileSync(path.join(dir, 'board.json'), boardJson(a.board));
    for (const m of modules) fs.writeFileSync(path.join(dir, m.file), m.bytes);
    if (t.info) fs.writeFileSync(path.join(dir, t.info.file), t.info.json);
    const direct = dev ? dev.port : a.port;
    if (direct?.startsWith('tcp://')) relay = await tcpRelay(direct, a.timeoutS);
    const to = relay ? { port: relay.port } : a.device !== undefined ? { device: a.device } : { port: a.port as string };
    const r = await runCli(cliArgs(a.board, to, bundle), dir, a.timeoutS, a.verbose);
    if (r.timedOut) throw new FlashError(`no answer from ${dev ? 'the stand-in device' : where} within ${a.timeoutS} s (Bluetooth off or device out of range?)`);
    const failed = checkOutput(r.code, r.output, dev ? 'the stand-in device' : where);
    if (failed) throw new FlashError(failed);
    const size = fs.statSync(bundle).size;
    const what =
      `${modules.map((m) => `${m.path} (${m.bytes.length} B pretokenised) to Storage "${m.file}"`).join(', ')} and ` +
      `${bundlePath(a.board)} (${size} B${t.pretokenise ? ', pretokenised by the CLI' : ''}) to Storage "${t.file}"`;
    if (!dev) return `flashed ${what} on ${where} and started it with ${t.start}`;
    const sent = dev.received();
    const wrong = checkUploadText(a.board, sent);
    if (wrong) throw new FlashError(wrong);
    fs.writeFileSync(a.dryRun as string, Buffer.from(sent, 'latin1'));
    return `dry run: wrote the ${sent.length} bytes the espruino CLI sends to flash ${what} and start it with ${t.start} into ${a.dryRun}; no device was used`;
  } finally {
    relay?.close();
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
