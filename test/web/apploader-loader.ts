// The App Loader around a package's interface page, for the browser tests: a
// page served as the loaders serve it (apps/<id>/interface.html, with the
// loader's core/lib/interface.js and css/spectre.min.css next to apps/), and
// a stand-in for that interface.js. The stand-in gives the page the API the
// loaders document (EspruinoAppLoaderCore lib/interface.js, BangleApps
// README "interface element"): Puck.eval / Puck.write, Util.readStorage /
// writeStorage / eraseStorage, Util.showModal / hideModal, Util.saveFile /
// saveCSV, and onInit(device) once the page has loaded. Where the loader
// posts each call to its own window and talks to the device over Bluetooth,
// the stand-in calls a Playwright binding, and `LoaderComms` here talks to a
// FakePacer (test/web/fake-pacer.ts) over its console, as the loader does:
//   eval   <console>.println(JSON.stringify(expr)), echo off; the answer is
//          the last line printed, parsed as JSON; one that is not JSON (an
//          "Uncaught Error") is a toast in the loader and never reaches the
//          page (recorded here in `toasts`)
//   write  the text as given; the answer is what the device printed
//   readStorage   the file's text, "" when absent (the loader prints it in
//          base64; the virtual interpreter has no btoa, so here as JSON)
//   writeStorage  Storage.write in 1024-byte chunks, each line answering OK
// A Bangle.js 2 app runs only while it is open: `appOpen = false` has the
// watch on its clock, no pacer global (the virtual Espruino always runs the
// pacer, so evals are answered here as the interpreter would answer them)
// until a line load()s the app.
// The stylesheet is served empty (spectre.css is the loader's, not ours).
import { readFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, Harness } from './browser';
import { FakePacer } from './fake-pacer';

/** What the loader tells onInit: the connected device (core/js/index.js `device`). */
export interface LoaderDevice {
  id: string;
  version: string;
  appsInstalled: Array<{ id: string; version: string }>;
}

/** The loader's upload chunk (its Const.UPLOAD_CHUNKSIZE). */
const CHUNK = 1024;

export type LoaderOp = 'device' | 'eval' | 'write' | 'readStorage' | 'writeStorage';

export class LoaderComms {
  /** Every call the page made, in order. */
  readonly calls: Array<{ op: LoaderOp; arg: string }> = [];
  /** What the loader would have shown as an error toast (the page is never answered then). */
  readonly toasts: string[] = [];

  /** The pacer app is open (false: a Bangle.js 2 on its clock, until a line load()s the app). */
  appOpen = true;

  constructor(readonly pacer: FakePacer, readonly device: LoaderDevice) {}

  /** Bytes to the device's console; what it printed back (flow control bytes dropped, as the loader's UART does). */
  private send(text: string): string {
    const reply = this.pacer.handle({ op: 'write', bytes: Array.from(Buffer.from(text, 'latin1')) });
    return Buffer.from(reply.out).toString('latin1').replace(/[\x11\x13]/g, '');
  }

  private lastLine(out: string): string {
    const lines = out.split('\n').map((l) => l.trim()).filter((l) => l.length);
    return lines.length ? lines[lines.length - 1] : '';
  }

  handle(op: LoaderOp, a: string, b: string): { ok: boolean; value?: unknown } {
    this.calls.push({ op, arg: a });
    if (op === 'device') return { ok: true, value: this.device };
    if (op === 'write') {
      if (/\bload\(/.test(a)) this.appOpen = true;
      return { ok: true, value: this.send(a) };
    }
    if (op === 'eval' && !this.appOpen && /\bpacer\b/.test(a.replace(/"(\\.|[^"\\])*"/g, '""').replace(/\/\^[^/]*\//g, '/x/'))) {
      // no pacer global: `typeof pacer=="object"?...:null` is null, anything else a ReferenceError
      if (/^typeof pacer=="object"\?.*:null$/.test(a)) return { ok: true, value: null };
      this.toasts.push('Eval from app loader failed: Uncaught ReferenceError: "pacer" is not defined');
      return { ok: false };
    }
    if (op === 'eval') {
      const line = this.lastLine(this.send(`\x10eval(process.env.CONSOLE).println(JSON.stringify(${a}))\n`));
      try {
        return { ok: true, value: JSON.parse(line) };
      } catch {
        this.toasts.push(`Eval from app loader failed: Unable to decode ${JSON.stringify(line)}`);
        return { ok: false };
      }
    }
    if (op === 'readStorage') {
      const line = this.lastLine(this.send(`\x10(function(){var s=require("Storage").read(${JSON.stringify(a)});Bluetooth.println(JSON.stringify(s===undefined?"":s))})()\n`));
      return { ok: true, value: JSON.parse(line) };
    }
    // writeStorage
    for (let at = 0; at < b.length || at === 0; at += CHUNK) {
      const size = at === 0 ? `,${b.length}` : '';
      const answer = this.lastLine(this.send(`\x10require("Storage").write(${JSON.stringify(a)},${JSON.stringify(b.slice(at, at + CHUNK))},${at}${size});Bluetooth.println("OK")\n`));
      if (answer !== 'OK') {
        this.toasts.push(`File Write from app loader failed: Unexpected response ${JSON.stringify(answer)}`);
        return { ok: false };
      }
      if (!b.length) break;
    }
    return { ok: true };
  }
}

/** The stand-in for the loader's core/lib/interface.js: the documented API, each call to the binding __loader. */
export const INTERFACE_JS = `// test stand-in for the App Loader's core/lib/interface.js (test/web/apploader-loader.ts)
const Puck = {
  eval: function (expr, cb) { __loader('eval', expr).then(function (r) { if (r.ok && cb) cb(r.value); }); },
  write: function (data, cb) { __loader('write', data).then(function (r) { if (r.ok && cb) cb(r.value); }); },
};
const UART = Puck;
const Util = {
  close: function () {},
  readStorage: function (name, cb) { __loader('readStorage', name).then(function (r) { if (r.ok) cb(r.value); }); },
  readStorageJSON: function (name, cb) { Util.readStorage(name, function (t) { var v; try { v = JSON.parse(t); } catch (e) {} cb(v); }); },
  writeStorage: function (name, data, cb) { __loader('writeStorage', name, data).then(function (r) { if (r.ok && cb) cb(); }); },
  eraseStorage: function (name, cb) { Puck.write('\\x10require("Storage").erase(' + JSON.stringify(name) + ')\\n', cb); },
  showModal: function (title) {
    if (!Util.domModal) {
      Util.domModal = document.createElement('div');
      Util.domModal.id = 'status-modal';
      Util.domModal.innerHTML = '<div class="content"></div>';
      Util.domModal.style.cssText = 'position:fixed;left:30%;top:30%;padding:1em 2em;background:#fff;border:1px solid #888;box-shadow:0 2px 12px #0004';
      document.body.appendChild(Util.domModal);
    }
    Util.domModal.querySelector('.content').textContent = title;
    Util.domModal.hidden = false;
  },
  hideModal: function () { if (Util.domModal) Util.domModal.hidden = true; },
  saveFile: function (filename, mimeType, data) {
    var a = document.createElement('a');
    a.href = 'data:' + mimeType + ';base64,' + btoa(data);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { document.body.removeChild(a); }, 0);
  },
  saveCSV: function (filename, csv) { this.saveFile(filename + '.csv', 'text/csv', csv); },
};
window.addEventListener('load', function () {
  __loader('device').then(function (r) { if (typeof onInit !== 'undefined') onInit(r.value); });
});
`;

/** Serves a loader's folder layout: apps/<id>/ from each package folder, the stand-in interface.js, an empty spectre.css. */
export function serveLoader(apps: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.css': 'text/css' };
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let body: Buffer | string | null = null;
    if (url === '/core/lib/interface.js') body = INTERFACE_JS;
    else if (url === '/css/spectre.min.css') body = '';
    else {
      const m = /^\/apps\/([a-z0-9]+)\/([\w.-]+)$/.exec(url);
      if (m && apps[m[1]]) {
        try {
          body = readFileSync(path.join(apps[m[1]], m[2]));
        } catch {
          body = null;
        }
      }
    }
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(url)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://localhost:${(server.address() as AddressInfo).port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Chromium with a fresh profile (test/web/browser.ts's, without the web companion it builds and serves). */
export async function startChromium(viewport = { width: 1000, height: 900 }): Promise<Harness> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pacer-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, acceptDownloads: true });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    browser,
    url: '',
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
