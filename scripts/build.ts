// npm run build: one self-contained, minified JavaScript file per board in
// dist/, each checked by the interpreter gate and against its size budget.
import { buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { BOARDS, BUDGET_BYTES, BoardId, bundlePath } from './boards';
import { gate } from './gate';

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
  // BoardProfile: read only by the adapter
  'btn', 'btnPressed', 'debounceMs', 'motorPin', 'motorFreqHz', 'show', 'motorKind', 'ledPin',
];

/** Bundle one board's entry. ES2015 output: esbuild lowers ?. ?? ** and the gate rejects what the device lacks. */
export function bundle(id: BoardId): string {
  const out = buildSync({
    entryPoints: [path.join(ROOT, 'firmware/entries', `${id}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2015',
    platform: 'neutral',
    minify: true,
    mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

export function buildAll(log: (line: string) => void = () => {}): Record<BoardId, number> {
  mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const sizes = {} as Record<BoardId, number>;
  let failed = false;
  for (const id of BOARDS) {
    const code = bundle(id);
    const file = path.join(ROOT, bundlePath(id));
    writeFileSync(file, code);
    const bytes = Buffer.byteLength(code);
    sizes[id] = bytes;
    const problems = gate(code);
    const budget = BUDGET_BYTES[id];
    const verdict = problems.length ? `REJECTED by the gate (${problems.length})` : bytes > budget ? 'OVER BUDGET' : 'ok';
    log(`${bundlePath(id).padEnd(24)} ${String(bytes).padStart(6)} B  budget ${budget} B  ${verdict}`);
    for (const p of problems) log(`    ${p.line}:${p.column} ${p.rule}: ${p.message}`);
    if (problems.length || bytes > budget) failed = true;
  }
  if (failed) throw new Error('build failed: see the lines above');
  return sizes;
}

if (require.main === module) {
  // --quiet (npm start and npm run sim build first): the size lines only when something fails
  const quiet = process.argv.includes('--quiet');
  const lines: string[] = [];
  try {
    buildAll(quiet ? (l) => lines.push(l) : console.log);
  } catch (e) {
    for (const l of lines) console.error(l);
    console.error((e as Error).message);
    process.exit(1);
  }
}
