// The memory walk (sim/memory/moments.ts) on the virtual Espruino with the
// JsVar model: the board's bundle engine, booted from the files npm run
// flash leaves, driven step by step, measured at each `measure` step the
// way a real executor measures a console (process.memory(), through one
// console line: sim/jsvars/micro.ts MEASURE_LINE). Figures are JsVars above
// an empty interpreter measured the same way.
import { defaultConfig } from '../../firmware/config';
import { KEY_FILE } from '../../firmware/files';
import { BOARDS, BoardId, CARDS } from '../../boards';
import { tokeniser } from '../../common/tokeniser';
import { BOOT_FILE, CLEAN_STAGING_LINE, COMPACT_LINE, FlashFile, stagingName, storageLines, swapLine } from '../../web/real/device-lines';
import { BundleEngine, moduleFiles, readBundle, readModules } from '../engines/bundle-engine';
import { SimEnv } from '../env';
import { HARDWARE } from '../hardware';
import { MEASURE_LINE, parseMeasure } from '../jsvars/micro';
import { JsVarModel } from '../jsvars/model';
import { Shape, SHAPES } from '../jsvars/shape';
import { observeDevices, VirtualEspruino } from '../virtual-espruino';
import { memoryWalk, Step } from './moments';

export interface MomentRow {
  moment: string;
  /** JsVars held at the moment (after a garbage collection), above an empty interpreter. */
  held: number;
  /** The most JsVars live since the previous measure, above an empty interpreter's own peak. */
  peak: number;
  /** What went wrong since the previous measure (a console line's error, an uncaught error in a callback). */
  errors: string[];
}

/** Time left after a button release before the next step (moments.ts: 250 ms). */
const AFTER_RELEASE_MS = 250;

/** The boot file npm run flash writes for a board, as its bytes in Storage (pretokenised but on the Bangle.js 2). */
function bootFile(board: BoardId, code: string): { name: string; bytes: string } {
  return CARDS[board].launch === 'app' ? { name: 'pacer.app.js', bytes: code } : { name: BOOT_FILE, bytes: tokeniser().tokenise(code) };
}

const MEASURE = { line: MEASURE_LINE, parse: parseMeasure };

/**
 * The pacer's secret as npm run flash leaves it (Storage pacer.key; on by default, README:
 * Security): the firmware locks the console with it at every boot, and the walk types it, as
 * npm run memory does, before its next line.
 */
export const WALK_SECRET = '482913';
function unlock(device: VirtualEspruino): void {
  if (device.locked && !device.login(WALK_SECRET).includes('Logged in')) throw new Error('memory walk: the console refused the secret');
}

function measureNow(device: VirtualEspruino, measure = MEASURE): { usage: number; peak: number } {
  const m = measure.parse(device.repl(measure.line).join('\n'));
  if (!m) throw new Error('memory walk: process.memory() gave nothing');
  return m;
}

/** An empty interpreter of the board's shape, measured the way the walk measures. */
function emptyBaseline(board: BoardId, shape: Shape, measure = MEASURE): { usage: number; peak: number } {
  const env = new SimEnv(defaultConfig());
  env.callback = (fn: () => void) => fn();
  env.observe = () => {};
  return observeDevices(
    () => new JsVarModel(shape, { bootTokenised: CARDS[board].launch === 'bootcde' }),
    () => {
      const device = new VirtualEspruino(env, HARDWARE[board]);
      device.jsvars();
      return measureNow(device, measure);
    },
  );
}

export interface WalkOptions {
  steps?: Step[];
  /** The boot code (default: dist/pacer.<board>.js). */
  code?: string;
  /** The Storage modules as npm run flash leaves them, by Storage name (default: dist/, pretokenised). */
  modules?: Record<string, string>;
  /** The pool's shape (default: the board's): the same build on another interpreter. */
  shape?: Shape;
  /**
   * The console line that measures, and how to read its output (default: MEASURE_LINE): a real
   * executor's own line makes the figures line up to the var (its own JsVars cancel out either way).
   */
  measure?: { line: string; parse: (output: string) => { usage: number; peak: number } | null };
}

/** Run the memory walk on a board's bundle (built: dist/) and return one row per measure. */
export function runVirtualWalk(board: BoardId, opts: WalkOptions = {}): MomentRow[] {
  const steps = opts.steps ?? memoryWalk();
  const code = opts.code ?? readBundle(HARDWARE[board]);
  const modules = opts.modules ?? moduleFiles(readModules(board));
  const measure = opts.measure ?? MEASURE;
  const shape = opts.shape ?? SHAPES[board];
  const base = emptyBaseline(board, shape, measure);
  const env = new SimEnv(defaultConfig());
  const hw = HARDWARE[board];
  const rows: MomentRow[] = [];
  const run = (ms: number) => env.clock.runUntil(env.clock.nowUs + Math.round(ms * 1000));
  const models = new WeakMap<VirtualEspruino, JsVarModel>();
  return observeDevices(
    (device) => {
      const m = new JsVarModel(shape, { bootTokenised: CARDS[board].launch === 'bootcde' });
      models.set(device, m);
      return m;
    },
    () => {
      let engine: BundleEngine | null = null;
      const device = () => {
        if (!engine) throw new Error('memory walk: a step before the first boot');
        return engine.device;
      };
      let errors: string[] = [];
      let carried = 0;
      let seen: VirtualEspruino | null = null;
      let uncaught = 0;
      for (const step of steps) {
        switch (step.do) {
          case 'boot':
            // Storage as npm run flash leaves it: the modules and the boot file (its room counts)
            if (!engine) engine = new BundleEngine(env, hw, { ...modules, [KEY_FILE]: WALK_SECRET, [bootFile(board, code).name]: bootFile(board, code).bytes }, code);
            else engine.powerCycle();
            unlock(engine.device);
            break;
          case 'press':
            device().input(hw.btnPin, true);
            run(step.heldMs);
            device().input(hw.btnPin, false);
            run(AFTER_RELEASE_MS);
            break;
          case 'wait':
            run(step.ms);
            break;
          case 'line':
            try {
              device().repl(step.js);
            } catch (e) {
              errors.push(`${step.js.slice(0, 40)}: ${(e as Error).message}`);
            }
            break;
          case 'files':
            for (const [name, text] of Object.entries(step.files)) device().storage.files.set(name, text);
            // setup, not the firmware's work: the peak starts after it
            measureNow(device(), measure);
            break;
          case 'flash-swap': {
            const swap = flashSwap(board, engine!, env, code, modules, models.get(engine!.device)!, measure);
            if (swap.refused) errors.push(swap.refused);
            // the interpreter's high-water mark outlives load(): the swap's peak is the moment's too
            carried = swap.peak;
            break;
          }
          case 'measure': {
            const m = measureNow(device(), measure);
            rows.push({ moment: step.moment, held: m.usage - base.usage, peak: Math.max(m.peak, carried) - base.peak, errors });
            errors = [];
            carried = 0;
            break;
          }
        }
        // an error in a callback is printed as "Uncaught ..." and the loop goes on, as on the device
        const d = engine ? engine.device : null;
        if (d !== seen) {
          seen = d;
          uncaught = 0;
        }
        if (d && d.uncaught > uncaught) {
          errors.push(...d.console.filter((l) => l.startsWith('Uncaught')).slice(-(d.uncaught - uncaught)));
          uncaught = d.uncaught;
        }
      }
      return rows;
    },
  );
}

/**
 * The web page's flash (web/real/pacer-link.ts): staging copies of the firmware files (the Storage
 * modules and the boot code, as npm run flash writes them) typed at the console in the page's
 * lines, then its one swap line; the line
 * answers "ok" and calls load() 300 ms later: the interpreter restarts from Storage (E.on('kill'),
 * then the boot code and E.on('init'), RAM gone, the clock running on).
 */
function flashSwap(board: BoardId, engine: BundleEngine, env: SimEnv, code: string, modules: Record<string, string>, model: JsVarModel, measure: typeof MEASURE): { refused: string | null; peak: number } {
  const boot = bootFile(board, code);
  const files: FlashFile[] = [
    ...Object.entries(modules).map(([final, bytes]) => ({ staging: stagingName(final), final, bytes })),
    { staging: stagingName(boot.name), final: boot.name, bytes: boot.bytes },
  ];
  const old = engine.device;
  // the staging copies go up as the page sends them: 256-byte lines typed at the console (part
  // of the moment's peak, as on the real interpreter)
  old.repl(CLEAN_STAGING_LINE);
  old.repl(COMPACT_LINE);
  for (const f of files) for (const l of storageLines(f.staging, f.bytes)) old.repl(l.replace(/^\x10/, '').replace(/\n$/, ''));
  // the interpreter's load(), which the virtual Espruino leaves to its engine: a built-in here
  let loads = 0;
  model.provide('load', () => {
    loads += 1;
  });
  let answer: string[];
  try {
    answer = old.repl(swapLine(files));
  } catch (e) {
    return { refused: `the swap line: ${(e as Error).message}`, peak: 0 };
  }
  if (!answer.some((l) => l.includes('"ok"'))) return { refused: `the swap line answered ${answer.join(' ')}`, peak: 0 };
  for (let ms = 0; ms < 1000 && !loads; ms += 50) env.clock.runUntil(env.clock.nowUs + 50_000);
  if (!loads) return { refused: 'the swap line never called load()', peak: 0 };
  const peak = model.jsvars().peak;
  old.emit('kill');
  old.powerOff();
  const next = new VirtualEspruino(env, old.hw, old.storage);
  engine.device = next;
  next.load(code, `Storage ${boot.name}`);
  next.emit('init');
  unlock(next);
  return { refused: null, peak };
}

/** Per board: JsVars held after boot, the most held and the highest peak of the walk (with their moments). */
export interface BoardJsVars {
  board: BoardId;
  pool: number;
  afterBoot: number;
  held: MomentRow;
  peak: MomentRow;
  rows: MomentRow[];
}

export function boardJsVars(board: BoardId, opts: WalkOptions = {}): BoardJsVars {
  const rows = runVirtualWalk(board, opts);
  const max = (f: (r: MomentRow) => number) => rows.reduce((a, b) => (f(b) > f(a) ? b : a));
  return { board, pool: SHAPES[board].pool, afterBoot: rows.find((r) => r.moment === 'after boot')?.held ?? NaN, held: max((r) => r.held), peak: max((r) => r.peak), rows };
}

/** The lines npm run build can print: held and peak per board, JsVars above an empty interpreter (the model). */
export function jsvarsReport(boards: readonly BoardId[] = BOARDS): string {
  return boards
    .map((board) => {
      const b = boardJsVars(board);
      const errors = b.rows.reduce((n, r) => n + r.errors.length, 0);
      return `${board.padEnd(8)} JsVars (model, of ${b.pool}): held after boot ${b.afterBoot}, most held ${b.held.held} (${b.held.moment}), peak ${b.peak.peak} (${b.peak.moment})${errors ? `; ${errors} error(s) in the walk` : ''}`;
    })
    .join('\n');
}
