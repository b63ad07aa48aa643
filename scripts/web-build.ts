// Builds the web companion into dist/web/: index.html, app.js, style.css.
// The page runs the very Puck.js firmware bundle (dist/pacer.puck.js) on the
// virtual Espruino in the browser, and flashes a real pacer with the bytes
// npm run flash stores, so the built firmware is embedded here as text (npm
// run build must have run): the plain bundle and Storage modules for the
// virtual pacer (the browser has no tokeniser: its Storage keeps them plain),
// and all of them pretokenised by the espruino tool's own tokeniser for
// flashing, as npm run flash stores them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { buildId } from './build';
import { bundlePath } from '../common/dist';
import { readModules } from '../sim/engines/bundle-engine';
import { tokeniser } from '../common/tokeniser';

const ROOT = path.join(__dirname, '..');
export const WEB_DIR = path.join(ROOT, 'dist/web');

/** The firmware the page carries: its shape is declared once, where the page reads it. */
import type { WebFirmware } from '../web/embedded';
export type { WebFirmware };

function readDist(rel: string): string {
  try {
    return readFileSync(path.join(ROOT, rel), 'utf8');
  } catch {
    throw new Error(`no ${rel}: run npm run build first`);
  }
}

export function webFirmware(): WebFirmware {
  const bundle = readDist(bundlePath('puck'));
  const modules = readModules('puck');
  const tk = tokeniser();
  const modulesTokenised = Object.fromEntries(Object.entries(modules).map(([name, text]) => [name, tk.tokenise(text)]));
  return { board: 'puck', build: buildId(), bundle, modules, bootTokenised: tk.tokenise(bundle), modulesTokenised };
}

/** Node-only modules the shared simulator code imports, replaced in the browser by stubs that say why. */
const STUBS: Record<string, string> = {
  vm: path.join(ROOT, 'web/stubs/vm.ts'),
};
/** The espruino tool's tokeniser reads its plugin from node_modules: in the browser, a stub. */
const TOKENISER = /[\\/]common[\\/]tokeniser$/;

export async function buildWeb(outDir = WEB_DIR): Promise<{ appBytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(ROOT, 'web/main.ts')],
    bundle: true,
    outfile: path.join(outDir, 'app.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'ascii',
    define: { PACER_WEB_FIRMWARE: JSON.stringify(webFirmware()), 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    metafile: true,
    plugins: [
      {
        name: 'node-stubs',
        setup(b) {
          b.onResolve({ filter: /^vm$/ }, (a) => ({ path: STUBS[a.path] }));
          b.onResolve({ filter: /tokeniser$/ }, (a) => (TOKENISER.test(path.join(a.resolveDir, a.path)) ? { path: path.join(ROOT, 'web/stubs/tokeniser.ts') } : undefined));
        },
      },
    ],
  });
  if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join('\n'));
  for (const f of ['index.html', 'style.css']) copyFileSync(path.join(ROOT, 'web', f), path.join(outDir, f));
  const out = Object.values(result.metafile?.outputs ?? {})[0];
  return { appBytes: out ? out.bytes : 0 };
}

if (require.main === module) {
  buildWeb().then(
    (r) => console.log(`dist/web/app.js ${r.appBytes} B, index.html, style.css`),
    (e) => {
      console.error(`web build: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
