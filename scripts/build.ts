// npm run build: one self-contained, minified JavaScript file per board in
// dist/, each checked by the interpreter gate and against its size budget.
import { createHash } from 'crypto';
import { build, buildSync, BuildOptions, BuildResult, Plugin } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { BOARDS, BoardId, CARDS } from '../boards';
import { codeBudgetBytes } from '../boards/storage';
import { bundlePath, MODULE_KEYS, ModuleKey, moduleDist } from '../common/dist';
import { tokenisedBytes } from '../common/tokeniser';
import { boardDefines } from './board-defines';
import { gate } from './gate';
import { cueNames } from '../firmware/core/cues';

const ROOT = path.join(__dirname, '..');

/**
 * Property names that never leave the device code: the core's State, Result,
 * Pulse and PacerEvent fields. Minified size is RAM, so the bundle renames
 * them. Names seen from outside (protocol and settings JSON, Status, the
 * Espruino API's options) are not in this list and keep their spelling.
 */
export const INTERNAL_PROPS = [
  'mode', 'anchorMs', 'leadBeats', 'beat', 'fresh', 'runMs', 'hit', 'subDue', 'cueAtMs', 'cueStep',
  'ledToMs', 'motorFromMs', 'motorToMs', 'ended', 'atMs', 'level', 'ms', 'kind', 'heldMs', 'ledPulse', 'motorPulse',
  'next', 'proto', 'set', 'startMs', 'phaseAtMs', 'pauses', 'pausedMs', 'pausedAtMs', 'rec', 'taps', 'held', 'color', 'idleAtMs', 'entry', 'sleepNow',
  'setupKind',
];

/**
 * An id for the firmware sources, the boards' defines (their cards' `firmware`) and this build
 * script: the same sources build the same renaming, so the resident bundle and pacer.cmd agree
 * exactly when their ids do.
 */
export function buildId(): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(name).update(readFileSync(file));
    }
  };
  walk(path.join(ROOT, 'firmware'));
  for (const b of BOARDS) hash.update(JSON.stringify(boardDefines(CARDS[b].firmware)));
  hash.update(readFileSync(__filename));
  return hash.digest('hex').slice(0, 8);
}

/**
 * The renaming of INTERNAL_PROPS, shared by every bundle of one build: the
 * resident firmware and pacer.cmd hand each other states and configs, so a
 * property must get the same short name in both.
 */
type MangleCache = Record<string, string | false>;

/**
 * A change to one firmware source before it is bundled: the fuzzer's tests build deliberately
 * broken firmware this way. `from` must occur exactly once, so a patch that no longer applies fails loudly.
 */
export interface SourcePatch {
  /** Relative to the repository root, e.g. firmware/adapter.ts. */
  file: string;
  from: string;
  to: string;
}

function patchPlugin(patches: SourcePatch[]): Plugin {
  return {
    name: 'patch',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const mine = patches.filter((p) => path.join(ROOT, p.file) === args.path);
        if (!mine.length) return undefined;
        let text = readFileSync(args.path, 'utf8');
        for (const p of mine) {
          const n = text.split(p.from).length - 1;
          if (n !== 1) throw new Error(`patch for ${p.file}: ${JSON.stringify(p.from)} occurs ${n} times, not once`);
          text = text.replace(p.from, () => p.to);
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/** What gets bundled: a board's resident firmware, or a Storage module (built with or without phase texts: boards.ts moduleDist). */
export type Entry = BoardId | ModuleKey;

function isModule(entry: Entry): entry is ModuleKey {
  return (MODULE_KEYS as readonly string[]).includes(entry);
}

/**
 * Bundle one entry. ES2015 output: esbuild lowers ?. ?? ** and the gate rejects what the device lacks.
 * `screen`: for a module, whether it is the build for boards with a screen (a board's own profile says for a board).
 */
export function bundle(entry: Entry, cache: MangleCache = {}, id = buildId(), screen = false): { code: string; cache: MangleCache } {
  const out = buildSync(bundleOptions(entry, cache, id, screen));
  return { code: out.outputFiles![0].text, cache: out.mangleCache ?? cache };
}

/**
 * A board's bundle and the modules built from patched sources (a deliberately broken build), renaming as
 * the real build does. Async: esbuild runs plugins only so.
 */
export async function bundlePatched(board: BoardId, patches: SourcePatch[]): Promise<{ code: string; modules: Record<ModuleKey, string> }> {
  const id = buildId();
  const plugins = [patchPlugin(patches)];
  let cache: MangleCache = {};
  const modules = {} as Record<ModuleKey, string>;
  for (const key of MODULE_KEYS) {
    const out: BuildResult = await build({ ...bundleOptions(key, cache, id, CARDS[board].firmware.screen), plugins });
    cache = out.mangleCache ?? cache;
    modules[key] = out.outputFiles![0].text;
  }
  const out: BuildResult = await build({ ...bundleOptions(board, cache, id, CARDS[board].firmware.screen), plugins });
  return { code: out.outputFiles![0].text, modules };
}

function bundleOptions(entry: Entry, cache: MangleCache, id: string, screen: boolean): BuildOptions & { write: false } {
  return {
    // a module's own file; for a board the one device entry, the board chosen by its defines below
    entryPoints: [path.join(ROOT, isModule(entry) ? `firmware/modules/${entry}.ts` : 'firmware/entry.ts')],
    bundle: true,
    write: false,
    // CommonJS keeps require("Storage") a plain call (esbuild's iife would wrap it in a
    // Proxy shim the device lacks); the banner and footer make the file one closure
    format: 'cjs',
    banner: { js: '(()=>{' },
    footer: { js: '})();' },
    target: 'es2015',
    platform: 'neutral',
    minify: true,
    // phase names and guidance only where a screen shows them (protocol.ts)
    // and the board's card's `firmware` as constants, so other boards' branches fold away (firmware/board.ts)
    define: {
      PACER_TEXTS: String(isModule(entry) ? screen : CARDS[entry].firmware.screen),
      PACER_BUILD: JSON.stringify(id),
      PACER_CUE_NAMES: JSON.stringify(cueNames().join(' ')),
      ...(isModule(entry) ? {} : boardDefines(CARDS[entry].firmware)),
    },
    mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
    mangleCache: cache,
    legalComments: 'none',
    // the interpreter's own module: require("Storage") stays a call, never bundled
    external: ['Storage'],
    charset: 'utf8',
    // no "use strict" prologue: the interpreter ignores it, and it is 13 bytes of RAM
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    logLevel: 'silent',
  };
}

/**
 * Bytes a file takes in the device's Storage: what npm run flash writes. Boot code and modules go
 * up pretokenised (the espruino tool's PRETOKENISE); the Bangle.js 2 app file goes up as it is.
 */
export function deviceBytes(entry: Entry, code: string): number {
  return !isModule(entry) && CARDS[entry].launch === 'app' ? Buffer.byteLength(code) : tokenisedBytes(code);
}

export interface BuildReport {
  /** Storage bytes of each file as flashed, by its path under dist/. */
  bytes: Record<string, number>;
  /** Each board's code in Storage: its resident file and every module. */
  code: Record<BoardId, number>;
}

export function buildAll(log: (line: string) => void = () => {}): BuildReport {
  mkdirSync(path.join(ROOT, 'dist/screen'), { recursive: true });
  // the modules first (both builds): every board's bundle then renames exactly as they do
  const entries: Array<[Entry, string, boolean]> = [];
  for (const screen of [false, true]) for (const k of MODULE_KEYS) entries.push([k, moduleDist(k, screen), screen]);
  for (const b of BOARDS) entries.push([b, bundlePath(b), CARDS[b].firmware.screen]);
  const bytes: Record<string, number> = {};
  let failed = false;
  let cache: MangleCache = {};
  const id = buildId();
  for (const [entry, file, screen] of entries) {
    const built = bundle(entry, cache, id, screen);
    cache = built.cache;
    writeFileSync(path.join(ROOT, file), built.code);
    bytes[file] = deviceBytes(entry, built.code);
    const problems = gate(built.code);
    log(`${file.padEnd(28)} ${String(Buffer.byteLength(built.code)).padStart(6)} B minified  ${String(bytes[file]).padStart(6)} B in Storage${problems.length ? `  REJECTED by the gate (${problems.length})` : ''}`);
    for (const p of problems) log(`    ${p.line}:${p.column} ${p.rule}: ${p.message}`);
    if (problems.length) failed = true;
  }
  const code = {} as Record<BoardId, number>;
  for (const b of BOARDS) {
    const modulesBytes = MODULE_KEYS.reduce((n, k) => n + bytes[moduleDist(k, CARDS[b].firmware.screen)], 0);
    code[b] = bytes[bundlePath(b)] + modulesBytes;
    const budget = codeBudgetBytes(b);
    const over = code[b] > budget;
    log(`${b.padEnd(8)} code in Storage ${String(code[b]).padStart(6)} B (resident ${bytes[bundlePath(b)]} + modules ${modulesBytes})  budget ${budget} B  ${over ? 'OVER BUDGET' : 'ok'}`);
    if (over) failed = true;
  }
  if (failed) throw new Error('build failed: see the lines above');
  return { bytes, code };
}

/**
 * RAM per board: the memory walk on the virtual Espruino's JsVar model (sim/memory), held after
 * boot and the peak of the walk against the board's budgets (its card's jsvars: boards/<id>.ts).
 * Returns the boards over budget.
 */
export function reportJsVars(log: (line: string) => void): BoardId[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { boardJsVars } = require('../sim/memory/run-virtual') as typeof import('../sim/memory/run-virtual');
  const over: BoardId[] = [];
  for (const b of BOARDS) {
    const r = boardJsVars(b);
    const budget = CARDS[b].jsvars;
    const ok = r.afterBoot <= budget.held && r.peak.peak <= budget.peak;
    if (!ok) over.push(b);
    log(`${b.padEnd(8)} JsVars (model) held after boot ${String(r.afterBoot).padStart(5)} / ${budget.held}, peak ${String(r.peak.peak).padStart(5)} / ${budget.peak} (${r.peak.moment}), pool ${r.pool}  ${ok ? 'ok' : 'OVER BUDGET'}`);
  }
  return over;
}

if (require.main === module) {
  // --quiet (npm start and npm run sim build first): the size lines only when something fails,
  // and no memory walk (it takes a few seconds; npm test and npm run build walk it)
  const quiet = process.argv.includes('--quiet');
  const lines: string[] = [];
  try {
    buildAll(quiet ? (l) => lines.push(l) : console.log);
    if (!quiet && reportJsVars(console.log).length) throw new Error('build failed: over a JsVar budget (see the lines above)');
    (require('./apploader') as typeof import('./apploader')).writeAppLoaderPackages(buildId(), quiet ? (l) => lines.push(l) : console.log); // App Loader packages: dist/apploader/
  } catch (e) {
    for (const l of lines) console.error(l);
    console.error((e as Error).message);
    process.exit(1);
  }
}
