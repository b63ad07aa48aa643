// npm run device -- --port <tcp://host:port | /dev/ttyACM0 | COM3 | BLE address> | --device NAME
//                   [--secret DIGITS] [--timeout SECONDS] [--json] [--verbose]
//
// What a pacer (or any Espruino) is and holds, read over its console: the
// firmware build, the board and interpreter version, the pacer's state, the
// JsVars in use, free and in all (and the peak, where the interpreter reports
// one), and the Storage that can still be written. Read only: nothing is
// written, nothing is restarted. One clear line and exit 1 when it cannot
// (nothing answers, no such port, no Bluetooth here, an answer that is not
// the console's).
//
// A pacer flashed with a secret (README: Security) locks its console: give
// it with --secret (typed once, its answer read; a wrong one: one line, exit
// 1, nothing read). The report says whether the console was locked and
// whether the pacer has a secret in Storage (pacer.key: only whether it is
// there, never what it holds).
import { parseFlags } from '../sim/cli/args';
import { FREE_LINE } from '../web/real/device-lines';
import { checkSecretFlag, checkTarget, ConsoleLink, DeviceError, LinkError, LinkOptions, PORT_USAGE } from './console-link';

export const USAGE = [
  `usage: npm run device -- ${PORT_USAGE} [--secret DIGITS] [--timeout SECONDS] [--json] [--verbose]`,
  '  reports the firmware build, board, interpreter version, the pacer\'s state, its console lock, JsVars (in use, free, total, peak) and free Storage',
  '  --secret DIGITS: the pacer\'s secret (npm run flash printed it), typed when its console is locked',
  '  ports: tcp://host:port (an Espruino console over TCP, e.g. the interpreter built for Linux behind socat),',
  '         /dev/ttyACM0 or COM3 (USB serial), a Bluetooth address (e7:e0:57:ad:36:a2); --device NAME: Bluetooth by name',
].join('\n');

export interface Memory {
  usage: number;
  free: number;
  total: number;
  blocksize: number | null;
  /** High-water mark since the previous process.memory() call, where the interpreter reports one. */
  peak: number | null;
}

export interface DeviceReport {
  where: string;
  /** pacer.build; null when the firmware does not say ("unknown"). */
  build: string | null;
  board: string;
  version: string;
  /** pacer.status(); null: no pacer firmware (`pacer` undefined). */
  status: Record<string, unknown> | null;
  /** What pacer.status() threw, if it did. */
  statusError?: string;
  memory: Memory;
  storageFree: number;
  /** The console was locked when the link opened (the secret opened it). */
  locked: boolean;
  /** Storage holds the pacer's secret (pacer.key): its firmware locks the console at every boot (null: could not tell). */
  secret: boolean | null;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function notUnderstood(link: ConsoleLink, what: string, v: unknown): LinkError {
  return new LinkError(`the answer from ${link.where} to ${what} was not understood: ${JSON.stringify(v)?.slice(0, 80)}`);
}

/** process.memory() first: its peak then covers what ran before we came, not our own questions. */
export const MEMORY_LINE = '(function(m){return{usage:m.usage,free:m.free,total:m.total,blocksize:m.blocksize,peak:m.peak}})(process.memory())';
export const ENV_LINE = '[process.env.BOARD,process.env.VERSION]';
/** 0: no pacer; [build]: a pacer, its build (null when it has none). */
export const BUILD_LINE = 'typeof pacer=="undefined"?0:[pacer.build===undefined?null:pacer.build]';
export const STATUS_LINE = 'typeof pacer=="undefined"?null:pacer.status()';
/** Whether Storage holds the pacer's secret: its name listed, its content never read. */
export const KEY_LINE = `require("Storage").list(/^pacer\\.key$/).length>0`;

/** Reads the report over an open link. */
export async function readReport(link: ConsoleLink): Promise<DeviceReport> {
  const m = await link.evaluate<Record<string, unknown>>(MEMORY_LINE, undefined, 'process.memory()');
  if (!m || !num(m.usage) || !num(m.total)) throw notUnderstood(link, 'process.memory()', m);
  const memory: Memory = {
    usage: m.usage,
    total: m.total,
    free: num(m.free) ? m.free : m.total - m.usage,
    blocksize: num(m.blocksize) ? m.blocksize : null,
    peak: num(m.peak) ? m.peak : null,
  };
  const env = await link.evaluate<unknown[]>(ENV_LINE, undefined, 'process.env');
  if (!Array.isArray(env) || typeof env[0] !== 'string') throw notUnderstood(link, 'process.env', env);
  const build = await link.evaluate<0 | [unknown]>(BUILD_LINE, undefined, 'pacer.build');
  if (build !== 0 && !Array.isArray(build)) throw notUnderstood(link, 'pacer.build', build);
  let status: Record<string, unknown> | null = null;
  let statusError: string | undefined;
  if (build !== 0) {
    try {
      status = await link.evaluate<Record<string, unknown> | null>(STATUS_LINE, undefined, 'pacer.status()');
      if (!status || typeof status !== 'object' || typeof status.state !== 'string') throw notUnderstood(link, 'pacer.status()', status);
    } catch (e) {
      if (!(e instanceof DeviceError)) throw e;
      statusError = e.message;
    }
  }
  const storageFree = await link.evaluate<unknown>(FREE_LINE, undefined, 'Storage free');
  if (!num(storageFree)) throw notUnderstood(link, 'Storage free', storageFree);
  let secret: boolean | null = null;
  try {
    const k = await link.evaluate<unknown>(KEY_LINE, undefined, 'the secret in Storage');
    if (typeof k !== 'boolean') throw notUnderstood(link, 'the secret in Storage', k);
    secret = k;
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
  }
  const b = build === 0 ? null : build[0];
  return {
    where: link.where,
    build: b === null || b === undefined ? null : typeof b === 'string' ? b : JSON.stringify(b),
    board: env[0],
    version: typeof env[1] === 'string' ? env[1] : 'unknown',
    status,
    statusError,
    memory,
    storageFree,
    locked: link.wasLocked,
    secret,
  };
}

/** The report as the user reads it, one fact a line. */
export function formatReport(r: DeviceReport): string {
  const m = r.memory;
  const rest = (s: Record<string, unknown>) => {
    const o = { ...s };
    delete o.state;
    return JSON.stringify(o);
  };
  const pacer = r.statusError !== undefined ? `pacer.status() threw: ${r.statusError}` : r.status ? `${String(r.status.state)} ${rest(r.status)}` : 'no pacer firmware (pacer is undefined)';
  const lines: [string, string][] = [
    ['device', r.where],
    ['firmware', r.status === null && r.statusError === undefined ? 'none' : `build ${r.build ?? 'unknown'}`],
    ['board', `${r.board}, Espruino ${r.version}`],
    ['pacer', pacer],
    ['console', r.locked ? 'locked: it asked for the secret, and took it' : r.secret ? 'open now (a secret is set: it locks again at the next boot or disconnection)' : r.secret === false ? 'OPEN: no secret (flashed with --open?): anyone in range can use it' : 'open (whether a secret is set could not be read)'],
    ['JsVars', `${m.usage} in use, ${m.free} free, ${m.total} in all${m.blocksize ? ` (${m.blocksize} B each)` : ''}`],
    ['peak', m.peak === null ? 'not reported by this interpreter' : `${m.peak} JsVars (high-water mark since the previous process.memory() call)`],
    ['Storage', `${r.storageFree} B free`],
  ];
  return lines.map(([k, v]) => `${k.padEnd(9)}${v}`).join('\n');
}

export interface DeviceArgs extends LinkOptions {
  json: boolean;
}

export function parseDeviceArgs(argv: string[]): DeviceArgs {
  const f = parseFlags(argv, { port: 'value', device: 'value', timeout: 'value', json: 'flag', verbose: 'flag', help: 'flag', secret: 'value' });
  const timeoutS = f.timeout === undefined ? 10 : Number(f.timeout);
  if (!(timeoutS > 0)) throw new Error(`--timeout must be a positive number of seconds (got ${String(f.timeout)})`);
  const a = { port: f.port as string | undefined, device: f.device as string | undefined, timeoutS, json: f.json === true, verbose: f.verbose === true, secret: f.secret as string | undefined };
  checkTarget(a);
  checkSecretFlag(a.secret);
  return a;
}

/** The command: its exit code; the report on `out`, a failure as one line on `err`. */
export async function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  if (argv.includes('--help')) {
    out(USAGE);
    return 0;
  }
  let a: DeviceArgs;
  try {
    a = parseDeviceArgs(argv);
  } catch (e) {
    err(`device: ${(e as Error).message}`);
    return 2;
  }
  let link: ConsoleLink | undefined;
  try {
    link = await ConsoleLink.open(a);
    const r = await readReport(link);
    out(a.json ? JSON.stringify(r) : formatReport(r));
    return r.statusError !== undefined ? 1 : 0;
  } catch (e) {
    err(`device: ${String((e as Error).message ?? e).split('\n')[0]}`);
    return 1;
  } finally {
    link?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
