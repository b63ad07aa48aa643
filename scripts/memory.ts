// npm run memory -- --port <tcp://host:port | /dev/ttyACM0 | COM3 | BLE address> | --device NAME
//                   [--board puck] [--flash] [--record FILE] [--presses written|by-hand]
//                   [--timeout SECONDS] [--verbose]
//
// The memory walk (sim/memory/moments.ts, memoryWalk()) on a real Espruino
// console: every moment of the pacer's life whose JsVars are budgeted, with
// the JsVars held (process.memory().usage, after a garbage collection) and
// the peak (process.memory().peak, the high-water mark since the previous
// call, where the interpreter reports one: the Linux build does), both above
// a baseline taken on the same interpreter with no firmware running.
//
// How each step is played (scripts/console-link.ts: lines echo off, answers
// read by a marker):
//   boot        process.memory() (the peak mark starts again), then load():
//               the soft reset that runs .boot0..3 and .bootcde from Storage;
//               then the console is asked until the restarted pacer is there
//   press       digitalWrite(BTN,1), heldMs, digitalWrite(BTN,0), then 250 ms.
//               Only the interpreter built for Linux hears that as a press
//               (its pin emulation: a write to a watched pin is an input
//               edge). On a real device the button is pressed by hand:
//               --presses by-hand says when and how long, and waits for Enter.
//   wait        time passes (wall clock)
//   line        the console line, echo off, as the Web IDE or the web page sends it
//   files       Storage writes (storageLines() of web/real/device-lines.ts),
//               then process.memory(): the writes are set-up, not the pacer's work
//   flash-swap  the web page's flash: its free-Storage check (a staging and a
//               final copy of every file must fit, or the page refuses: an
//               error here), staging copies of the firmware's Storage files
//               (scripts/flash-files.ts), then its one swapLine(), which
//               restarts the pacer with load(); asked until it is back
//   measure     one line that prints process.memory(): usage and peak, minus the baseline
//
// Baseline: reset() (a soft reset that runs .boot0..3 but not .bootcde), then
// process.memory() and the very measure line of the walk. On the interpreter
// built for Linux, Storage .boot0 holds a prelude that supplies what a Puck.js
// has and that build lacks (FET, E.getBattery, NRF); it is written here when
// missing and is part of the baseline. The measure line is the same length
// every time (its marker has a fixed width), so the console line it occupies
// cancels out.
//
// A memory error printed at any step (OUT OF MEMORY, Uncaught ...,
// Execution Interrupted, New interpreter error) is shown in the table on the
// next moment's row, and the command exits 1. A link lost mid-walk ends the
// walk there (the Linux interpreter exits when it crashes).
//
// --flash first flashes through npm run flash's own path (scripts/flash.ts:
// the espruino CLI). --record FILE writes the figures as JSON.
//
// --secret: the pacer's secret (README: Security). The firmware locks the
// console at every boot: after each restart of the walk (load(), the flash
// swap) the secret is typed again before the next line (console-link.ts). A
// reset() runs no .bootcde: the baseline is taken unlocked, with no password
// held. --flash flashes --secret (or, without one, a secret made here and
// printed once; --open: none).
import * as fs from 'fs';
import * as readline from 'readline';
import { memoryWalk, Step } from '../sim/memory/moments';
import { parseFlags } from '../sim/cli/args';
import { CLEAN_STAGING_LINE, COMPACT_LINE, FlashFile, flashNeed, roomLine, storageLines, swapLine } from '../web/real/device-lines';
import { BoardId, BOOTCDE_BOARDS, CARDS, isBoard } from '../boards';
import { checkSecretFlag, checkTarget, ConsoleLink, DeviceError, LinkError, LinkOptions, LockedError, PORT_USAGE, sleep as wallSleep } from './console-link';
import { flashFileBytes } from './flash-files';
import { flash, generateSecret } from './flash';

export const USAGE = [
  `usage: npm run memory -- ${PORT_USAGE} [--board <${BOOTCDE_BOARDS.join('|')}>] [--secret DIGITS] [--flash [--open]] [--record FILE]`,
  '                         [--presses written|by-hand] [--timeout SECONDS] [--verbose]',
  '  --secret DIGITS  the pacer\'s secret: typed whenever the console is locked (after every boot); with --flash, flashed',
  '  plays the memory walk (sim/memory/moments.ts) on the device and prints, per moment, the JsVars held and the peak above the baseline',
  '  --flash          flash the firmware first (npm run flash; npm run build has run)',
  '  --record FILE    write the figures, the baseline and how they were taken as JSON',
  '  --presses        written: digitalWrite(BTN,..) (the Linux interpreter hears it as a press; the default there);',
  '                   by-hand: you press the button when told (a real device)',
].join('\n');

/**
 * What the interpreter built for Linux lacks and a Puck.js has: Storage .boot0 there, run before .bootcde at every boot.
 * NRF.setSecurity keeps its options on the object as the interpreter keeps them in its hidden root; NRF.on is every
 * object's own (Object.prototype.on), so the firmware's disconnect handler is held as on a board.
 */
export const LINUX_PRELUDE = 'FET=D26;B7=D7;E.getBattery=function(){return 80};NRF={sleep:function(){},wake:function(){},setSecurity:function(o){this.sec=o}};';
/** process.env.BOARD of the interpreter built for Linux (LINUX, LINUX_PUCKSHAPE, ...): its pins are emulated. */
export const isLinuxBuild = (board: string) => /^LINUX/.test(board);

/** Lines the interpreter prints when memory (or the code) failed. */
export const ERROR_LINE = /OUT OF MEMORY|Out of Memory|Uncaught|Execution Interrupted|New interpreter error/i;

/** A mark a restart clears: set before load()/reset(); its absence tells the interpreter has restarted. */
const MARK = 'pacerWas';
/** 0: not restarted yet; 1: restarted, no pacer; 2: restarted, pacer there. */
const RESTARTED = (m: string) => `print(${m}+(typeof ${MARK}=="undefined"?(typeof pacer=="undefined"?1:2):0))`;
/** The measure line: usage (after a GC), peak since the previous call, pool, JsVar size. */
export const MEASURE = (m: string) => `print(${m}+(function(x){return[x.usage,x.peak,x.total,x.blocksize].join()})(process.memory()))`;

export interface Figures {
  usage: number;
  /** null where the interpreter reports no peak (a real device's firmware). */
  peak: number | null;
  total: number;
  blocksize: number | null;
}

export interface Row {
  moment: string;
  /** JsVars held above the baseline (null: not measured, the walk stopped). */
  held: number | null;
  peak: number | null;
  /** The error lines printed since the previous moment. */
  errors: string[];
}

export interface WalkResult {
  rows: Row[];
  baseline: Figures;
  /** A pacer was running after reset(): the baseline then includes firmware (never on a real interpreter). */
  pacerAtBaseline: boolean;
  /** Why the walk stopped early, if it did. */
  stopped: string | null;
}

export interface WalkDeps {
  /** Time passing (the device runs on its own clock: the wall clock; a test's fake console: its virtual clock). */
  sleep: (ms: number) => Promise<void>;
  /** By hand: tell the user what to do, resolve when they have done it. */
  prompt: (text: string) => Promise<void>;
  /** Progress, one line at a time. */
  progress: (text: string) => void;
}

export interface WalkOptions {
  board: BoardId;
  presses: 'written' | 'by-hand';
  /** Project root (dist/ for the flash swap). */
  root?: string;
  /** How long to wait for the pacer after a restart. */
  restartTimeoutMs?: number;
  /** The files the flash swap writes (scripts/flash-files.ts unless a test gives others). */
  flashFiles?: () => FlashFile[];
}

function parseFigures(raw: string): Figures {
  const [usage, peak, total, blocksize] = raw.split(',').map((x) => (x.trim() === '' ? null : Number(x)));
  if (typeof usage !== 'number' || !Number.isFinite(usage) || typeof total !== 'number' || !Number.isFinite(total)) {
    throw new LinkError(`process.memory() was not understood: ${JSON.stringify(raw.slice(0, 80))}`);
  }
  return { usage, peak: typeof peak === 'number' && Number.isFinite(peak) ? peak : null, total, blocksize: typeof blocksize === 'number' && Number.isFinite(blocksize) ? blocksize : null };
}

export async function measure(link: ConsoleLink): Promise<Figures> {
  return parseFigures(await link.ask(MEASURE, undefined, 'process.memory()'));
}

/** Error lines in console output (prompt and erase-line sequences removed). */
export function errorLines(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((l) => l.replace(/\x1b\[J/g, '').replace(/^>+/, '').trim())
    .filter((l) => ERROR_LINE.test(l));
}

/** Waits until the interpreter has restarted (MARK gone); tells whether a pacer is there. */
async function restarted(link: ConsoleLink, deps: WalkDeps, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  // a line that arrives while the interpreter restarts can be lost with its input buffer: each
  // question has a short wait of its own and is asked again
  await deps.sleep(300);
  for (;;) {
    let a: string | null = null;
    try {
      a = await link.ask(RESTARTED, Math.min(3000, Math.max(500, until - Date.now())), 'the restart');
    } catch (e) {
      if (!(e instanceof LinkError) || link.closed) throw e;
      // the restarted firmware locked its console: the secret, then ask again
      if (e instanceof LockedError) {
        await link.login();
        continue;
      }
    }
    if (a === '1' || a === '2') return a === '2';
    if (a !== null && a !== '0') throw new LinkError(`the answer to the restart check was not understood: ${JSON.stringify(a.slice(0, 40))}`);
    if (Date.now() > until) throw new LinkError(`${link.where} did not answer within ${timeoutMs / 1000} s of restarting`);
    await deps.sleep(250);
  }
}

/** Sends lines (each already \x10...\n) and waits for the console to have run them, a few at a time. */
async function sendLines(link: ConsoleLink, lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 2) {
    link.sendRaw(lines.slice(i, i + 2).join(''));
    await link.sync();
  }
}

/** How a press reads to someone holding the button. */
function pressText(ms: number): string {
  if (ms < 1000) return `a short press (tap, about ${ms} ms)`;
  if (ms < 3000) return `a long press (hold ${(ms / 1000).toFixed(1)} s)`;
  return `a very long press (hold ${(ms / 1000).toFixed(1)} s)`;
}

/** The baseline: reset() (boot files, no .bootcde), the peak mark reset, then the measure line. */
export async function takeBaseline(link: ConsoleLink, deps: WalkDeps, restartTimeoutMs = 30000): Promise<{ figures: Figures; pacer: boolean }> {
  link.sendLine(`${MARK}=1;reset()`);
  const pacer = await restarted(link, deps, restartTimeoutMs);
  link.sendLine('process.memory()');
  return { figures: await measure(link), pacer };
}

/**
 * Plays the walk over an open link. The baseline must be taken (else a LinkError); after that,
 * what happens on the device is in the result (errors on rows, a stopped walk), never thrown.
 */
export async function playWalk(link: ConsoleLink, steps: Step[], o: WalkOptions, deps: WalkDeps): Promise<WalkResult> {
  const restartMs = o.restartTimeoutMs ?? 30000;
  const base = await takeBaseline(link, deps, restartMs);
  const baseline = base.figures;
  const rows: Row[] = [];
  let scanned = link.text.length;
  let pending: string[] = [];
  const collect = () => {
    pending.push(...errorLines(link.text.slice(scanned)));
    scanned = link.text.length;
  };
  const minus = (v: number | null, b: number | null) => (v === null || b === null ? null : v - b);
  let stopped: string | null = null;
  const measures = steps.filter((s) => s.do === 'measure').length;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    deps.progress(`step ${i + 1}/${steps.length}: ${describe(s)}`);
    try {
      switch (s.do) {
        case 'boot': {
          link.sendLine('process.memory()');
          link.sendLine(`${MARK}=1;load()`);
          if (!(await restarted(link, deps, restartMs))) pending.push('after load() there is no pacer: the firmware did not start');
          break;
        }
        case 'press': {
          if (o.presses === 'by-hand') {
            await deps.prompt(`Press the button: ${pressText(s.heldMs)}. Then press Enter here.`);
          } else {
            // each edge is waited for (its line has run) before the time is counted: a press is held
            // heldMs plus at most one console round trip, never less
            link.sendLine('digitalWrite(BTN,1)');
            await link.sync();
            await deps.sleep(s.heldMs);
            link.sendLine('digitalWrite(BTN,0)');
            await link.sync();
          }
          await deps.sleep(250);
          break;
        }
        case 'wait':
          await deps.sleep(s.ms);
          await link.sync();
          break;
        case 'line':
          link.sendLine(s.js);
          await link.sync();
          break;
        case 'files': {
          await sendLines(link, Object.entries(s.files).flatMap(([name, text]) => storageLines(name, text)));
          link.sendLine('process.memory()');
          await link.sync();
          break;
        }
        case 'flash-swap': {
          // as the page does it (web/real/pacer-link.ts, flash): real free Storage for a staging and
          // a final copy of every file first, else the page refuses and nothing is written; then
          // what a cut flash left is removed, the staging copies go up, and the one swap line
          const files = o.flashFiles ? o.flashFiles() : flashFileBytes(o.board, o.root);
          const room = await link.evaluate<unknown>(roomLine(files.map((f) => f.final)), undefined, 'Storage room');
          const need = flashNeed(files);
          if (typeof room !== 'number' || !(room >= need)) {
            pending.push(`the web page refuses to flash: ${JSON.stringify(room)} B of Storage room, ${need} B needed (a staging and a final copy of each file); nothing was written`);
            break;
          }
          await link.evaluate(CLEAN_STAGING_LINE, undefined, 'removing staging files');
          await link.evaluate(COMPACT_LINE, 60000, 'compacting Storage');
          await sendLines(link, files.flatMap((f) => storageLines(f.staging, f.bytes)));
          link.sendLine(`${MARK}=1`);
          let answer: unknown;
          try {
            answer = await link.evaluate(swapLine(files), Math.max(30000, link.timeoutS * 1000), 'the flash swap');
          } catch (e) {
            if (!(e instanceof DeviceError)) throw e;
            answer = `threw ${e.message}`;
          }
          if (answer !== 'ok') {
            pending.push(`the flash swap answered ${JSON.stringify(answer)}, not "ok"`);
            link.sendLine(`delete ${MARK}`);
            break;
          }
          if (!(await restarted(link, deps, restartMs))) pending.push('after the flash swap there is no pacer: the firmware did not start');
          break;
        }
        case 'measure': {
          const f = await measure(link);
          collect();
          rows.push({ moment: s.moment, held: minus(f.usage, baseline.usage), peak: minus(f.peak, baseline.peak), errors: pending });
          pending = [];
          break;
        }
      }
    } catch (e) {
      if (e instanceof DeviceError) {
        // one of our own questions threw on the device: noted on the next moment, the walk goes on
        pending.push(`step ${i + 1} (${describe(s)}): the device threw ${e.message}`);
        continue;
      }
      if (!(e instanceof LinkError)) throw e;
      collect();
      stopped = `step ${i + 1} (${describe(s)}): ${e.message}`;
      const next = steps.slice(i).find((x) => x.do === 'measure') as { moment: string } | undefined;
      rows.push({ moment: next ? next.moment : '(end of the walk)', held: null, peak: null, errors: [...pending, stopped] });
      pending = [];
      break;
    }
  }
  if (!stopped) {
    collect();
    if (pending.length) rows.push({ moment: '(after the last moment)', held: null, peak: null, errors: pending });
  }
  if (rows.filter((r) => r.held !== null).length < measures && !stopped) stopped = 'not every moment was measured';
  return { rows, baseline, pacerAtBaseline: base.pacer, stopped };
}

function describe(s: Step): string {
  switch (s.do) {
    case 'boot':
      return 'boot: load()';
    case 'press':
      return `press ${s.heldMs} ms`;
    case 'wait':
      return `wait ${s.ms} ms`;
    case 'line':
      return `line ${s.js.length > 60 ? `${s.js.slice(0, 57)}...` : s.js}`;
    case 'files':
      return `files ${Object.keys(s.files).join(', ')}`;
    case 'flash-swap':
      return 'the web flash swap';
    case 'measure':
      return `measure "${s.moment}"`;
  }
}

export interface DeviceFacts {
  where: string;
  board: string;
  version: string;
  build: string | null;
  /** Storage .boot0 as the walk ran with it (null: none). */
  prelude: string | null;
}

/** The table the user reads. */
export function formatTable(facts: DeviceFacts, r: WalkResult): string {
  const b = r.baseline;
  const w = Math.max(6, ...r.rows.map((x) => x.moment.length)) + 2;
  const n = (v: number | null) => (v === null ? '-' : String(v)).padStart(6);
  const lines = [
    `${facts.where}: ${facts.board}, Espruino ${facts.version}, pool ${b.total} JsVars${b.blocksize ? ` of ${b.blocksize} B` : ''}, firmware build ${facts.build ?? 'unknown'}`,
    `baseline (reset(): ${facts.prelude === null ? 'no .boot0' : '.boot0 prelude'}, no .bootcde): ${b.usage} held, ${b.peak ?? '-'} peak; the figures are JsVars above it`,
  ];
  if (r.pacerAtBaseline) lines.push('warning: a pacer was running after reset(): the baseline includes firmware');
  lines.push('', `${'moment'.padEnd(w)}${'held'.padStart(6)}  ${'peak'.padStart(6)}`);
  for (const row of r.rows) {
    lines.push(`${row.moment.padEnd(w)}${n(row.held)}  ${n(row.peak)}`);
    for (const e of row.errors) lines.push(`${''.padEnd(w)}  ! ${e}`);
  }
  const errors = r.rows.reduce((k, x) => k + x.errors.length, 0);
  if (errors) lines.push('', `${errors} error${errors === 1 ? '' : 's'} during the walk (marked !)`);
  return lines.join('\n');
}

export interface MemoryArgs extends LinkOptions {
  board: BoardId;
  flash: boolean;
  /** With --flash: flash with no secret (development). */
  open?: boolean;
  record?: string;
  presses?: 'written' | 'by-hand';
}

export function parseMemoryArgs(argv: string[]): MemoryArgs {
  const f = parseFlags(argv, { port: 'value', device: 'value', board: 'value', flash: 'flag', open: 'flag', secret: 'value', record: 'value', presses: 'value', timeout: 'value', verbose: 'flag', help: 'flag' });
  const board = (f.board as string | undefined) ?? 'puck';
  if (!isBoard(board) || CARDS[board].launch !== 'bootcde') throw new Error(`--board must be one of ${BOOTCDE_BOARDS.join(', ')} (got ${board}): the walk's flash swap writes .bootcde`);
  const timeoutS = f.timeout === undefined ? 20 : Number(f.timeout);
  if (!(timeoutS > 0)) throw new Error(`--timeout must be a positive number of seconds (got ${String(f.timeout)})`);
  const presses = f.presses as string | undefined;
  if (presses !== undefined && presses !== 'written' && presses !== 'by-hand') throw new Error(`--presses must be written or by-hand (got ${presses})`);
  const a: MemoryArgs = {
    port: f.port as string | undefined, device: f.device as string | undefined, board, flash: f.flash === true,
    record: f.record as string | undefined, presses, timeoutS, verbose: f.verbose === true,
    secret: f.secret as string | undefined, open: f.open === true,
  };
  checkTarget(a);
  checkSecretFlag(a.secret);
  if (a.open && !a.flash) throw new Error('--open is for --flash (flash with no secret)');
  if (a.open && a.secret !== undefined) throw new Error('give --secret or --open, not both');
  return a;
}

export interface MemoryDeps extends WalkDeps {
  /** npm run flash's own path (scripts/flash.ts). */
  flash: (a: MemoryArgs) => Promise<string>;
  out: (s: string) => void;
  err: (s: string) => void;
  /** The walk (memoryWalk() unless a test gives a shorter one). */
  steps?: Step[];
  root?: string;
  flashFiles?: () => FlashFile[];
}

/** Asks the console what it is, before anything runs. */
async function readFacts(link: ConsoleLink): Promise<{ board: string; version: string; build: string | null; boot0: string | null }> {
  const v = await link.evaluate<unknown[]>(
    '[process.env.BOARD,process.env.VERSION,typeof pacer=="undefined"||pacer.build===undefined?null:pacer.build,require("Storage").read(".boot0")]',
    undefined,
    'process.env',
  );
  if (!Array.isArray(v) || typeof v[0] !== 'string') throw new LinkError(`the answer from ${link.where} to process.env was not understood: ${JSON.stringify(v)?.slice(0, 80)}`);
  const build = v[2] === null || v[2] === undefined ? null : typeof v[2] === 'string' ? v[2] : JSON.stringify(v[2]);
  return { board: v[0], version: typeof v[1] === 'string' ? v[1] : 'unknown', build, boot0: typeof v[3] === 'string' ? v[3] : null };
}

export async function runMemory(a: MemoryArgs, deps: MemoryDeps): Promise<number> {
  const steps = deps.steps ?? memoryWalk();
  let link = await ConsoleLink.open(a);
  let facts: DeviceFacts;
  let presses: 'written' | 'by-hand';
  try {
    const f = await readFacts(link);
    presses = a.presses ?? (isLinuxBuild(f.board) ? 'written' : 'by-hand');
    if (presses === 'written' && !isLinuxBuild(f.board)) {
      deps.err(`memory: warning: ${f.board} is not the interpreter built for Linux: digitalWrite(BTN,..) may not be heard as a press there`);
    }
    let prelude = f.boot0;
    if (isLinuxBuild(f.board) && f.boot0 !== LINUX_PRELUDE) {
      deps.progress(`writing the prelude to Storage .boot0 (the Linux build lacks FET, the Pico's B7, E.getBattery, NRF): ${LINUX_PRELUDE}`);
      await sendLines(link, storageLines('.boot0', LINUX_PRELUDE));
      prelude = LINUX_PRELUDE;
    }
    facts = { where: link.where, board: f.board, version: f.version, build: f.build, prelude };
  } catch (e) {
    link.close();
    throw e;
  }
  if (a.flash) {
    link.close();
    if (!a.open && a.secret === undefined) {
      a.secret = generateSecret();
      deps.progress(`the pacer's new secret (generated): ${a.secret}: keep it, it is shown only this once (the walk types it after every boot)`);
    }
    await deps.sleep(500);
    deps.progress(await deps.flash(a));
    link = await ConsoleLink.open(a);
  }
  try {
    if (presses === 'by-hand') deps.progress(`the walk has ${steps.filter((s) => s.do === 'press').length} button presses: you will be told when, and for how long`);
    const r = await playWalk(link, steps, { board: a.board, presses, root: deps.root, flashFiles: deps.flashFiles }, deps);
    const end = await link.evaluate<unknown>('typeof pacer=="undefined"||pacer.build===undefined?null:pacer.build', undefined, 'pacer.build').catch(() => null);
    if (end !== null && end !== undefined) facts.build = typeof end === 'string' ? end : JSON.stringify(end);
    deps.out(formatTable(facts, r));
    if (a.record) fs.writeFileSync(a.record, JSON.stringify(record(a, facts, r, presses), null, 1) + '\n');
    const failed = r.stopped !== null || r.rows.some((x) => x.errors.length);
    if (r.stopped) deps.err(`memory: the walk stopped at ${r.stopped}`);
    return failed ? 1 : 0;
  } finally {
    link.close();
  }
}

function record(a: MemoryArgs, facts: DeviceFacts, r: WalkResult, presses: string) {
  return {
    date: new Date().toISOString(),
    port: facts.where,
    board: facts.board,
    boardFlag: a.board,
    version: facts.version,
    build: facts.build,
    pool: r.baseline.total,
    blocksize: r.baseline.blocksize,
    prelude: facts.prelude,
    baseline: { usage: r.baseline.usage, peak: r.baseline.peak },
    pacerAtBaseline: r.pacerAtBaseline,
    flashed: a.flash,
    presses,
    how:
      'npm run memory (scripts/memory.ts): memoryWalk() of sim/memory/moments.ts played over the console, lines echo off. ' +
      'held = process.memory().usage (after a GC) minus the baseline\'s; peak = process.memory().peak (the high-water mark since the previous call) minus the baseline\'s. ' +
      'Baseline: reset() (runs .boot0..3, not .bootcde), process.memory(), then the same measure line. ' +
      `boot = process.memory() then load(); presses ${presses === 'written' ? 'written to BTN (the Linux build\'s pin emulation)' : 'by hand'}; ` +
      'files = Storage writes, then process.memory(); flash-swap = staging copies of scripts/flash-files.ts, then swapLine().',
    rows: r.rows.map((x) => ({ moment: x.moment, held: x.held, peak: x.peak, ...(x.errors.length ? { errors: x.errors } : {}) })),
    stopped: r.stopped,
  };
}

/** Waits for Enter on stdin after showing `text` on stderr. */
function promptEnter(text: string): Promise<void> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    rl.question(`${text} `, () => {
      rl.close();
      resolve();
    });
  });
}

export async function main(argv: string[], over: Partial<MemoryDeps> = {}): Promise<number> {
  const deps: MemoryDeps = {
    sleep: wallSleep,
    prompt: promptEnter,
    progress: (s) => process.stderr.write(`${s}\n`),
    flash: (a) => flash({ board: a.board, port: a.port, device: a.device, timeoutS: Math.max(60, a.timeoutS), verbose: a.verbose === true, secret: a.secret, open: a.open === true }),
    out: (s) => console.log(s),
    err: (s) => console.error(s),
    ...over,
  };
  if (argv.includes('--help')) {
    deps.out(USAGE);
    return 0;
  }
  let a: MemoryArgs;
  try {
    a = parseMemoryArgs(argv);
  } catch (e) {
    deps.err(`memory: ${(e as Error).message}`);
    return 2;
  }
  try {
    return await runMemory(a, deps);
  } catch (e) {
    deps.err(`memory: ${String((e as Error).message ?? e).split('\n')[0]}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
