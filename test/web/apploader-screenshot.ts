// docs/apploader-interface.png: the Puck.js package's interface page as the
// App Loader shows it, through the stand-in of the loader's interface API
// (apploader-loader.ts), on a simulated pacer running the package's own files
// with a few sessions in its log. Run after npm run build:
//   npx ts-node --transpile-only test/web/apploader-screenshot.ts [out.png]
import { readFileSync } from 'fs';
import * as path from 'path';
import { PACKAGES, packageDir } from '../../scripts/apploader';
import { LoaderComms, serveLoader, startChromium } from './apploader-loader';
import { FakePacer } from './fake-pacer';

const OUT = process.argv[2] ?? path.join(__dirname, '../../docs/apploader-interface.png');

async function main(): Promise<void> {
  const p = PACKAGES.find((x) => x.board === 'puck');
  if (!p) throw new Error('no Puck.js package');
  const dir = packageDir(p);
  const meta = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as { storage: Array<{ name: string; url: string }> };
  const files = Object.fromEntries(meta.storage.map((f) => [f.name, readFileSync(path.join(dir, f.url)).toString('latin1')]));
  const pacer = new FakePacer(files, { board: p.device });
  pacer.handle({ op: 'write', bytes: Array.from(Buffer.from('\x10load()\n', 'latin1')) }); // the loader's load() after an install
  pacer.engine.console(`setTime(${Date.UTC(2026, 10, 24, 9, 30) / 1000})`); // the App Loader sets the clock on connect
  // a seed session to its end; one paused, then ended early; one cut short at the start
  const session = (steps: Array<[number, number]>) => {
    if (pacer.status().state === 'done') {
      pacer.press(120); // back to idle
      pacer.advance(2000);
    }
    for (const [hold, wait] of steps) {
      pacer.press(hold);
      pacer.advance(wait);
    }
    pacer.advance(120000);
  };
  session([[120, 62000], [120, 62000], [120, 40000]]);
  session([[120, 30000], [1500, 20000], [120, 45000], [120, 20000], [3500, 2000]]);
  session([[120, 9000], [3500, 2000]]);
  pacer.engine.console('pacer.settings({ppm:55,strength:0.7})');

  const h = await startChromium({ width: 900, height: 900 });
  const server = await serveLoader({ [p.id]: dir });
  try {
    const comms = new LoaderComms(pacer, { id: p.device, version: '2v29', appsInstalled: [{ id: p.id, version: '0.01' }] });
    const page = await h.browser.newPage();
    await page.exposeBinding('__loader', (_src, op, a, b) => comms.handle(op, a, b));
    await page.goto(`${server.url}apps/${p.id}/interface.html`);
    await page.waitForFunction('document.getElementById("msg").dataset.kind === "ok"', undefined, { timeout: 30000 });
    await page.screenshot({ path: OUT, fullPage: true });
    console.log(`${OUT}: ${(await page.textContent('#msg'))?.trim()}`);
  } finally {
    await h.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
