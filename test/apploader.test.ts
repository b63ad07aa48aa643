// The App Loader packages (scripts/apploader.ts, written by npm run build
// under dist/apploader/), held to:
//
//  - the loaders' documented rules, re-implemented here, each with where it
//    comes from and why it matters. Sources, as read for this test:
//      BangleApps bin/sanitycheck.js and README.md (github.com/espruino/BangleApps
//        at 0fe18ed7, 2026-07-23): what the Bangle.js App Loader's CI refuses;
//      EspruinoApps README.md and loader.js (github.com/espruino/EspruinoApps at
//        fdd179bb): the Espruino App Loader's single app in .bootcde, and its
//        device filter (needsFeatures);
//      EspruinoAppLoaderCore js/appinfo.js, js/utils.js, lib/interface.js (at
//        35ffc4c2), the code both loaders share: how a file is fetched and
//        uploaded, and the interface page's API.
//  - the project's own flash path: the Storage files are byte for byte what
//    `npm run flash` writes (its --dry-run, replayed), and they boot on the
//    virtual Espruino of their board.
//  - each interface page in Chromium, through a stand-in of the loader's
//    interface API (test/web/apploader-loader.ts) to a pacer simulated in Node
//    (test/web/fake-pacer.ts): the log table, the CSV, a push of settings and a
//    custom protocol, the pacer's Storage after.
import * as acorn from 'acorn';
import { expect } from 'chai';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { defaultConfig } from '../firmware/config';
import { checksum } from '../firmware/core/checksum';
import { decodeStored, storedParts } from '../firmware/core/stored';
import { Protocol, Settings } from '../firmware/core/types';
import { APPLOADER_DIR, appFile, AUTHOR, dataFiles, flashedFiles, PackageSpec, PACKAGES, packageDir, VERSION } from '../scripts/apploader';
import { decodeIconJs, ICON_SIZE } from '../scripts/apploader/icon';
import { LOG_LIST_LINE, pushAnswerLine, startLine, STATUS_LINE } from '../scripts/apploader/lines';
import { PAGE_PACKAGE_ID, PagePackage } from '../scripts/apploader/page-package';
import { codeBudgetBytes } from '../boards/storage';
import { buildId } from '../scripts/build';
import { target } from '../scripts/flash';
import { readBack } from '../common/tokeniser';
import { gate } from '../scripts/gate';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { LoggedSession, parseDump, toCsv } from '../sim/log-export';
import { LoaderComms, serveLoader, startChromium } from './web/apploader-loader';
import { Harness, newPage, WatchedPage } from './web/browser';
import { FakePacer } from './web/fake-pacer';
import { pngSize } from './web/png';
import { SAMPLE_PROTOCOL } from '../web/sample-protocol';

const ROOT = path.join(__dirname, '..');

interface StorageEntry {
  name: string;
  url?: string;
  content?: string;
  evaluate?: boolean;
  [k: string]: unknown;
}
interface Metadata {
  id: string;
  name: string;
  shortName?: string;
  version: string;
  type?: string;
  supports?: string[];
  storage: StorageEntry[];
  data?: Array<{ name?: string; wildcard?: string; storageFile?: unknown; [k: string]: unknown }>;
  needsFeatures?: string[];
  [k: string]: unknown;
}

const dir = (p: PackageSpec) => packageDir(p);
const meta = (p: PackageSpec): Metadata => JSON.parse(readFileSync(path.join(dir(p), 'metadata.json'), 'utf8'));
const fileIn = (p: PackageSpec, name: string) => readFileSync(path.join(dir(p), name));
const bangle = PACKAGES.filter((p) => p.loader === 'bangleapps');
const espruino = PACKAGES.filter((p) => p.loader === 'espruinoapps');

// ---- the loaders' constants, as their sources have them (see the header for the commits) ----

/** sanitycheck.js APP_KEYS: any other key in metadata.json is an error. */
const APP_KEYS = ['id', 'name', 'shortName', 'version', 'icon', 'screenshots', 'description', 'tags', 'type', 'sortorder', 'readme', 'custom', 'customConnect', 'interface', 'storage', 'data',
  'supports', 'allow_emulator', 'dependencies', 'provides_modules', 'provides_widgets', 'provides_features', 'default', 'author', 'requires_firmware'];
/** sanitycheck.js STORAGE_KEYS and DATA_KEYS. */
const STORAGE_KEYS = ['name', 'url', 'content', 'evaluate', 'noOverwite', 'supports', 'noOverwrite'];
const DATA_KEYS = ['name', 'wildcard', 'storageFile', 'url', 'content', 'evaluate'];
/** sanitycheck.js SUPPORTS_DEVICES and METADATA_TYPES. */
const SUPPORTS_DEVICES = ['BANGLEJS', 'BANGLEJS2', 'BANGLEJS3', 'BANGLEJS3_COMPAT'];
const METADATA_TYPES = ['app', 'clock', 'widget', 'bootloader', 'RAM', 'launch', 'scheduler', 'notify', 'locale', 'settings', 'textinput', 'module', 'clkinfo', 'defaultconfig'];
/** sanitycheck.js MAX_FILE_NAME_LENGTH (the interpreter's Storage name limit) and FORBIDDEN_FILE_NAME_CHARS (the separators of <id>.info). */
const MAX_FILE_NAME_LENGTH = 28;
const FORBIDDEN_FILE_NAME_CHARS = /[,;]/;
/** core js/utils.js httpGet: a url with one of these endings is fetched as text (UTF-8 decoded); any other as raw bytes. */
const TEXT_EXTENSIONS = ['.js', '.json', '.csv', '.txt', '.md'];
/** core js/utils.js DEVICEINFO: each device's features, which EspruinoApps' loader.js matches needsFeatures against. */
const DEVICE_FEATURES: Record<string, string[]> = {
  PUCKJS: ['BLE', 'BLEHID', 'NFC', 'GYRO', 'ACCEL', 'MAG', 'RGBLED'],
  MDBT42Q: ['BLE', 'BLEHID'],
};
/** Existing BangleApps app ids a package must not take (checked at 0fe18ed7: "pacer" is a running pace app, "pace" another). */
const TAKEN_IDS = ['pacer', 'pace'];

const isGlob = (f: string) => /[?*]/.test(f);
const parses = (code: string) => {
  try {
    acorn.parse(code, { ecmaVersion: 2022 });
    return true;
  } catch {
    return false;
  }
};

describe('App Loader packages: built with this firmware', () => {
  it('npm run build wrote every package, from this very build', () => {
    for (const p of PACKAGES) {
      expect(existsSync(path.join(dir(p), 'metadata.json')), `${APPLOADER_DIR}/${p.loader}/${p.id}: run npm run build`).to.equal(true);
      expect(pagePackage(p).build, `${p.id} was built from other firmware sources: run npm run build`).to.equal(buildId());
    }
  });
});

function pagePackage(p: PackageSpec): PagePackage {
  const html = fileIn(p, 'interface.html').toString('utf8');
  const m = new RegExp(`<script type="application/json" id="${PAGE_PACKAGE_ID}">([^<]*)</script>`).exec(html);
  if (!m) throw new Error(`${p.id}: interface.html has no package script`);
  return JSON.parse(m[1]);
}

for (const p of bangle) {
  describe(`App Loader packages: ${p.id} (Bangle.js 2) against the Bangle.js App Loader's sanity check (BangleApps bin/sanitycheck.js)`, () => {
    const m = () => meta(p);

    it('metadata.json is JSON ("not valid JSON"), with no key the loader does not know ("has unknown key")', () => {
      for (const k of Object.keys(m())) expect(APP_KEYS, `key ${k}`).to.include(k);
    });

    it('its id names its folder ("has no directory": the loader fetches apps/<id>/...), lowercase with no spaces (README: a unique id), and is not an app the loader already has', () => {
      expect(m().id).to.equal(p.id).and.equal(path.basename(dir(p)));
      expect(m().id).to.match(/^[a-z0-9]+$/);
      // the loader would take ours for that app: offer its "update" over ours, or ours over it
      expect(TAKEN_IDS).not.to.include(m().id);
    });

    it('has name, description, author ("has no name", "has no description", "doesn\'t have an author field"); a name over 20 characters would need a shortName (the launcher\'s)', () => {
      expect(m().name).to.be.a('string').and.not.equal('');
      expect(m().description).to.be.a('string').and.not.equal('');
      expect(m().author).to.equal(AUTHOR).and.not.equal('');
      expect(m().name.length <= 20 || !!m().shortName, 'long name, no shortName').to.equal(true);
    });

    it('is an app (no type, or one of the known types: "\'type\' is one of"), for the Bangle.js 2 only ("unknown device in \'supports\'"): the firmware is built for its pins and screen', () => {
      expect(m().type === undefined || METADATA_TYPES.includes(m().type as string)).to.equal(true);
      expect(m().supports).to.be.an('array').that.deep.equals(['BANGLEJS2']);
      for (const d of m().supports as string[]) expect(SUPPORTS_DEVICES).to.include(d);
    });

    it('has a version, and the ChangeLog\'s last version is the same ("app version and ChangeLog don\'t agree": the loader shows the ChangeLog for an update)', () => {
      expect(m().version).to.equal(VERSION);
      const versions = fileIn(p, 'ChangeLog').toString('utf8').match(/\d+\.\d+:/g);
      expect(versions, 'No versions found in ChangeLog').to.be.an('array');
      expect((versions as string[]).pop()?.slice(0, -1)).to.equal(m().version);
    });

    it('its icon exists ("icon doesn\'t exist") and is a 48x48 PNG (README: apps/<id>/app.png should be a 48px icon)', () => {
      const png = fileIn(p, m().icon as string);
      expect(pngSize(png)).to.deep.equal({ width: ICON_SIZE, height: ICON_SIZE });
    });

    it('its README and interface page exist ("README file doesn\'t exist", "interface HTML doesn\'t exist"), and no README is left unlinked', () => {
      expect(existsSync(path.join(dir(p), m().readme as string))).to.equal(true);
      expect(existsSync(path.join(dir(p), m().interface as string))).to.equal(true);
      for (const f of readdirSync(dir(p))) if (f.toLowerCase().includes('readme')) expect(f).to.equal(m().readme);
    });

    it('every storage file: a name of at most 28 characters, no wildcard, no "," or ";", no duplicate, only known keys, and contents that exist', () => {
      const seen: string[] = [];
      for (const f of m().storage) {
        expect(f.name, 'a file with no name').to.be.a('string').and.not.equal('');
        expect(isGlob(f.name), `${f.name} contains wildcards`).to.equal(false);
        expect(f.name.length, `${f.name} is longer than ${MAX_FILE_NAME_LENGTH} characters`).to.be.at.most(MAX_FILE_NAME_LENGTH);
        expect(FORBIDDEN_FILE_NAME_CHARS.test(f.name), `${f.name} contains an invalid character`).to.equal(false);
        expect(seen, `${f.name} is a duplicate`).not.to.include(f.name);
        seen.push(f.name);
        for (const k of Object.keys(f)) expect(STORAGE_KEYS, `${f.name} has unknown key ${k}`).to.include(k);
        expect(!!f.url || !!f.content, `${f.name} has no contents`).to.equal(true);
        if (f.url) expect(existsSync(path.join(dir(p), f.url)), `file ${f.url} doesn't exist`).to.equal(true);
      }
    });

    it('an app has an entry point <id>.app.js and a JS icon <id>.img ("has no entrypoint", "has no JS icon"): what the launcher lists and runs', () => {
      const names = m().storage.map((f) => f.name);
      expect(names).to.include(`${p.id}.app.js`).and.include(`${p.id}.img`);
    });

    it('every .js storage file parses as JavaScript, an evaluated one as an expression ("is a JS file but isn\'t valid JS", "evaluate:true but is not valid JS expression"), and none uses clock_info or clockbg undeclared', () => {
      for (const f of m().storage) {
        const text = f.url ? fileIn(p, f.url).toString('utf8') : (f.content as string);
        if (f.evaluate) expect(parses(`(${text})`), `${f.name} as an expression`).to.equal(true);
        if (f.name.endsWith('.js')) {
          expect(parses(text), `${f.name} as JavaScript`).to.equal(true);
          expect(text.includes('clock_info') || text.includes('clockbg'), `${f.name} mentions clock_info/clockbg`).to.equal(false);
        }
      }
    });

    it('the JS icon is require("heatshrink").decompress(atob("...")) of an image 24 to 48 pixels a side ("should be 48x48px (or slightly under)")', () => {
      const f = m().storage.find((x) => x.name === `${p.id}.img`) as StorageEntry;
      expect(f.evaluate).to.equal(true);
      const img = decodeIconJs(fileIn(p, f.url as string).toString('utf8'));
      for (const side of [img[0], img[1]]) expect(side).to.be.within(24, 48);
      // the image string's own size: header, transparent colour, palette, 2 bits a pixel
      const bpp = img[2] & 63;
      expect(img.length).to.equal(3 + (img[2] & 128 ? 1 : 0) + (img[2] & 64 ? 2 << bpp : 0) + (img[0] * img[1] * bpp) / 8);
    });

    it('every data file: a name (no wildcard needed), at most 28 characters, no duplicate, only known keys, none also a storage file (a "data" file is what the app writes: removed with it, kept by an update)', () => {
      const storage = m().storage.map((f) => f.name);
      const seen: string[] = [];
      for (const d of m().data ?? []) {
        expect(!!d.name && !d.wildcard, 'a name, not a wildcard').to.equal(true);
        const name = d.name as string;
        expect(isGlob(name)).to.equal(false);
        expect(name.length).to.be.at.most(MAX_FILE_NAME_LENGTH);
        expect(FORBIDDEN_FILE_NAME_CHARS.test(name)).to.equal(false);
        expect(seen, `data file ${name} is a duplicate`).not.to.include(name);
        seen.push(name);
        for (const k of Object.keys(d)) expect(DATA_KEYS, `data file ${name} has unknown property ${k}`).to.include(k);
        expect(storage, `storage file ${name} is also listed in data`).not.to.include(name);
      }
      expect(seen).to.deep.equal(dataFiles());
    });
  });
}

for (const p of espruino) {
  describe(`App Loader packages: ${p.id} (${p.deviceName}) against the Espruino App Loader (EspruinoApps)`, () => {
    const m = () => meta(p);

    it('its id is its folder\'s name (README: "the id must match the folder name") and lowercase', () => {
      expect(m().id).to.equal(p.id).and.equal(path.basename(dir(p)));
      expect(m().id).to.match(/^[a-z0-9]+$/);
    });

    it('one app, written to .bootcde (README: "we don\'t write the app into appid.app.js, but into .bootcde"), which the loader starts with load() after the upload', () => {
      const names = m().storage.map((f) => f.name);
      expect(names.filter((n) => n === '.bootcde')).to.have.length(1);
      expect(names).not.to.include(`${p.id}.app.js`);
      expect(names, 'no launcher image: the board has no launcher').not.to.include(`${p.id}.img`);
    });

    it('needs only features the device has (loader.js filterAppsForDevice lists an app for a device that has every one of its needsFeatures)', () => {
      expect(m().needsFeatures).to.be.an('array').that.includes('BLE');
      for (const f of m().needsFeatures as string[]) expect(DEVICE_FEATURES[p.device], `${p.device} has ${f}`).to.include(f);
    });

    it('has the fields the loader shows (id, name, icon, version, description), only keys either loader knows, and its ChangeLog agrees with its version', () => {
      for (const k of ['id', 'name', 'icon', 'version', 'description']) expect(m()[k], k).to.be.a('string').and.not.equal('');
      for (const k of Object.keys(m())) expect([...APP_KEYS, 'needsFeatures'], `key ${k}`).to.include(k);
      expect(pngSize(fileIn(p, m().icon as string))).to.deep.equal({ width: ICON_SIZE, height: ICON_SIZE });
      expect(fileIn(p, 'ChangeLog').toString('utf8').match(/\d+\.\d+:/g)?.pop()?.slice(0, -1)).to.equal(m().version);
      expect(existsSync(path.join(dir(p), m().readme as string))).to.equal(true);
      expect(existsSync(path.join(dir(p), m().interface as string))).to.equal(true);
    });

    it('storage and data names as the Bangle.js loader requires them too (at most 28 characters, no "," or ";", no duplicate, known keys): the core is shared', () => {
      const names = [...m().storage.map((f) => f.name), ...(m().data ?? []).map((d) => d.name as string)];
      expect(new Set(names).size).to.equal(names.length);
      for (const n of names) expect(n.length <= MAX_FILE_NAME_LENGTH && !FORBIDDEN_FILE_NAME_CHARS.test(n) && !isGlob(n), n).to.equal(true);
      for (const f of m().storage) for (const k of Object.keys(f)) expect(STORAGE_KEYS).to.include(k);
      expect((m().data ?? []).map((d) => d.name)).to.deep.equal(dataFiles());
    });

    it('its lint (eslint on apps/**/*.js) has nothing to refuse: the package holds no JavaScript file', () => {
      expect(readdirSync(dir(p)).filter((f) => f.endsWith('.js'))).to.deep.equal([]);
    });
  });
}

describe('App Loader packages: what the loaders upload is what the device must hold (EspruinoAppLoaderCore js/appinfo.js, js/utils.js)', () => {
  for (const p of PACKAGES) {
    it(`${p.id}: each pretokenised file has a url the loader reads as bytes and leaves alone (not .js .json .csv .txt .md: fetched as raw bytes, not transformed, sent as base64 when binary)`, () => {
      for (const f of meta(p).storage.filter((x) => !x.evaluate)) {
        const bytes = fileIn(p, f.url as string);
        const binary = bytes.some((b) => b === 0 || b > 127);
        if (binary) expect(TEXT_EXTENSIONS.some((e) => (f.url as string).endsWith(e)), `${f.url} would be decoded as UTF-8`).to.equal(false);
      }
    });

    it(`${p.id}: a JavaScript file ends in .min.js (appinfo.js parseJS skips it: no minifying or pretokenising by the loader's settings) and is ASCII (it is fetched as text)`, () => {
      for (const f of meta(p).storage.filter((x) => !x.evaluate && (x.url as string).endsWith('.js'))) {
        expect(f.url, f.name).to.match(/\.min\.js$/);
        expect(fileIn(p, f.url as string).every((b) => b < 128), `${f.url} is ASCII`).to.equal(true);
      }
    });

    it(`${p.id}: no storage file is the info file the loader writes itself (appinfo.js: "App JSON file explicitly specified!")`, () => {
      for (const f of meta(p).storage) expect(f.name).not.to.equal(p.loader === 'bangleapps' ? `${p.id}.info` : 'app.info');
    });

    it(`${p.id}: its code fits the board's Storage budget (boards/storage.ts codeBudgetBytes, as npm run build checks)`, () => {
      const code = meta(p).storage.filter((f) => !f.evaluate).reduce((n, f) => n + fileIn(p, f.url as string).length, 0);
      expect(code).to.be.at.most(codeBudgetBytes(p.board));
    });
  }
});

describe('App Loader packages: the device interface lines (scripts/apploader/lines.ts) pass the interpreter gate', () => {
  it('each runs on the device, so each must be code the interpreter runs', () => {
    const settings = defaultConfig().set;
    const lines = [LOG_LIST_LINE, STATUS_LINE, startLine('drainpacer.app.js'), startLine(null), pushAnswerLine(settings, { builtIn: 'head-neck' }), pushAnswerLine(settings, { file: 'pacer.npro' })];
    for (const line of lines) expect(gate(line.replace(/^\x10/, '').replace(/\n$/, '')), line.slice(0, 60)).to.deep.equal([]);
    expect(gate(STATUS_LINE.replace('pacer.', 'pacer?.')).map((x) => x.rule)).to.deep.equal(['optional-chaining']);
  });
});

// ---------------------------------------------------------------- the project's flash path

/**
 * Replays an upload as the device would run it (test/flash.test.ts does the same), each line (they
 * start with \x10) on its own: the files it writes. A line that writes Storage must run.
 */
function playUpload(wire: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const storage = {
    write(name: string, data: string, offset = 0, size?: number) {
      if (size !== undefined || !files[name]) files[name] = Buffer.alloc(size ?? data.length, 0xff);
      Buffer.from(data, 'latin1').copy(files[name], offset);
      return true;
    },
    erase(name: string) {
      delete files[name];
    },
  };
  const context = vm.createContext({
    require: () => storage,
    reset: () => undefined,
    load: () => undefined,
    print: () => undefined,
    atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
  });
  for (const line of wire.replace(/\x1b\n/g, '\n').split('\x10')) {
    try {
      vm.runInContext(line, context);
    } catch (e) {
      if (line.includes('Storage").write(')) throw new Error(`a Storage write in the upload did not run: ${(e as Error).message}: ${line.slice(0, 80)}`);
    }
  }
  return files;
}

/** The pacer's secret, which npm run flash writes beside the firmware (scripts/flash.ts). */
const SECRET_FILE = 'pacer.key';

function dryRun(board: string, out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(ROOT, 'scripts/flash.ts'), '--board', board, '--dry-run', out], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('App Loader packages: the Storage files are what npm run flash writes (its --dry-run, replayed)', function () {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'apploader-flash-'));
  const uploads: Record<string, Record<string, Buffer>> = {};

  before(async function () {
    this.timeout(60000);
    await Promise.all(
      PACKAGES.map(async (p) => {
        const out = path.join(tmp, `${p.board}.txt`);
        const r = await dryRun(p.board, out);
        if (r.code !== 0) throw new Error(`npm run flash -- --board ${p.board} --dry-run failed: ${r.stderr}`);
        uploads[p.id] = playUpload(readFileSync(out).toString('latin1'));
      }),
    );
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const p of PACKAGES) {
    it(`${p.id}: every file npm run flash writes is in the package, byte for byte, under the same Storage name (the Bangle.js 2 app file under its app id)`, () => {
      const flashed = uploads[p.id];
      const t = target(p.board);
      const storage = meta(p).storage;
      // not firmware: pacer.info (a loader writes its own <id>.info) and the pacer's secret (README: Security; a
      // package holds no secret: the loaders upload in clear, and one package serves every pacer)
      const firmware = Object.keys(flashed).filter((n) => n !== t.info?.file && n !== SECRET_FILE);
      for (const name of firmware) {
        const as = name === t.file && appFile(p) ? appFile(p) : name;
        const entry = storage.find((f) => f.name === as);
        expect(entry, `${name} (as ${as}) is in metadata.json`).to.not.equal(undefined);
        expect(fileIn(p, (entry as StorageEntry).url as string).equals(flashed[name]), `${as}: the package's bytes are npm run flash's`).to.equal(true);
      }
      // and nothing else but the launcher's icon
      expect(storage.map((f) => f.name).sort()).to.deep.equal([...firmware.map((n) => (n === t.file && appFile(p) ? (appFile(p) as string) : n)), ...(p.loader === 'bangleapps' ? [`${p.id}.img`] : [])].sort());
      // the library function the build uses agrees with the CLI too
      for (const f of flashedFiles(p.board)) expect(f.bytes.equals(flashed[f.file]), f.file).to.equal(true);
      // the code is pretokenised where npm run flash pretokenises it (the forms the RAM budgets were measured on)
      expect(flashed[t.file].some((b) => b >= 0x80)).to.equal(t.pretokenise);
    });
  }

  it('the Bangle.js 2 app file is the one npm run flash writes as pacer.app.js: only the name differs, because the Bangle.js App Loader has an app "pacer" already', () => {
    for (const p of bangle) {
      expect(target(p.board).file).to.equal('pacer.app.js');
      expect(appFile(p)).to.equal(`${p.id}.app.js`);
    }
  });
});

describe('App Loader packages: what a package installs boots on its board (the virtual Espruino)', () => {
  for (const p of PACKAGES) {
    it(`${p.id}: the pacer starts from the package's files alone, answers with this build, stores a setting through the package's pacer.cmd and paces`, () => {
      const files: Record<string, string> = {};
      let code = '';
      for (const f of meta(p).storage) {
        if (f.evaluate) continue;
        const text = fileIn(p, f.url as string).toString('latin1');
        if (f.name === '.bootcde') code = readBack(text);
        else if (f.name === appFile(p)) code = text;
        else files[f.name] = text;
      }
      const env = new SimEnv(defaultConfig());
      const engine = new BundleEngine(env, HARDWARE[p.board], files, code);
      // the package's modules are in Storage, not the engine's defaults
      for (const [name, text] of Object.entries(files)) expect(engine.device.storage.files.get(name) === text, name).to.equal(true);
      expect(engine.console('pacer.build')).to.deep.equal([`=${JSON.stringify(buildId())}`]);
      expect(engine.console('pacer.settings({ppm:50}).ppm')).to.deep.equal(['=50']);
      expect(decodeStored(engine.device.storage.files.get('pacer.set') as string)?.v).to.include({ ppm: 50 });
      engine.button(true);
      env.clock.runUntil(env.clock.nowUs + 120000);
      engine.button(false);
      env.clock.runUntil(env.clock.nowUs + 8000000);
      const st = engine.status();
      expect(st.state).to.equal('running');
      expect(st.n).to.be.at.least(3, 'pumps at 50/min after the lead-in');
    });
  }
});

// ---------------------------------------------------------------- the interface pages in Chromium

/** The README's custom protocol: pushed through each page. */
const CUSTOM = SAMPLE_PROTOCOL as unknown as Protocol;

/** A session played on the pacer: started, the first phase run to its target and on, the second begun, ended by a very long press. */
function playSession(pacer: FakePacer): void {
  pacer.press(120);
  pacer.advance(64000);
  pacer.press(120);
  pacer.advance(8000);
  pacer.press(3500);
  pacer.advance(3000);
}

/** The pacer's log as its console prints it (pacer.log()), read as the web page and npm run log read it. */
function consoleLog(pacer: FakePacer): LoggedSession[] {
  const printed = pacer.engine.console('pacer.log()');
  return parseDump(printed.filter((l) => !l.startsWith('=')).join('\n'));
}

async function outcome(w: WatchedPage): Promise<{ kind: string; text: string }> {
  // page code as text: this file compiles without the DOM library
  await w.page.waitForFunction('["ok","error"].includes(document.getElementById("msg").dataset.kind)', undefined, { timeout: 30000 });
  return { kind: (await w.page.getAttribute('#msg', 'data-kind')) ?? '', text: ((await w.page.textContent('#msg')) ?? '').trim() };
}

describe('App Loader packages: each interface page in Chromium, through the loader\'s interface API, against a simulated pacer', function () {
  this.timeout(60000);
  let h: Harness;
  let server: { url: string; close: () => Promise<void> };
  let w: WatchedPage | null = null;

  before(async () => {
    h = await startChromium();
    server = await serveLoader(Object.fromEntries(PACKAGES.map((p) => [p.id, dir(p)])));
  });
  after(async () => {
    await h?.close();
    await server?.close();
  });
  afterEach(async () => {
    await w?.page.close();
    w = null;
  });

  async function open(p: PackageSpec, comms: LoaderComms): Promise<WatchedPage> {
    const page = await newPage(h);
    await page.page.exposeBinding('__loader', (_src, op, a, b) => comms.handle(op, a, b));
    await page.page.goto(`${server.url}apps/${p.id}/interface.html`);
    return page;
  }

  /** The Storage files of the package the pacer runs (the modules; and the Puck.js's .bootcde, booted as the loader's load() does). */
  function installed(p: PackageSpec): Record<string, string> {
    const files: Record<string, string> = {};
    for (const f of meta(p).storage) if (!f.evaluate && f.name !== appFile(p)) files[f.name] = fileIn(p, f.url as string).toString('latin1');
    return files;
  }

  for (const p of PACKAGES) {
    it(`${p.id}: reads the log into a table, downloads the CSV, sends settings and a custom protocol, and the pacer's Storage holds them`, async () => {
      // the Puck.js runs the package as installed (the fake is a Puck.js); the others' firmware is the Puck.js bundle
      // behind a console that says it is their board: the page's side of the talk is the same
      const pacer = new FakePacer(p.board === 'puck' ? installed(p) : {}, { board: p.device });
      if (p.board === 'puck') {
        pacer.handle({ op: 'write', bytes: Array.from(Buffer.from('\x10load()\n', 'latin1')) });
        expect(pacer.loads).to.equal(1);
      }
      playSession(pacer);
      pacer.storage.set('pacer.log7', '{"v":{"protocol":"head-drainage","start":1,"end":"done","phases":[]},"n":3,"c":12345}'); // a corrupted entry
      const sessions = consoleLog(pacer);
      expect(sessions.map((s) => s.n)).to.deep.equal([null, 0]);
      const comms = new LoaderComms(pacer, { id: p.device, version: '2v29', appsInstalled: [{ id: p.id, version: VERSION }] });
      // a Bangle.js 2 app runs only while it is open: the watch shows its clock
      if (p.board === 'bangle2') comms.appOpen = false;
      w = await open(p, comms);
      const read = await outcome(w);
      expect(read, 'read on init').to.deep.equal({ kind: 'ok', text: 'Read the pacer: 2 log entries, protocol head-drainage.' });
      expect(await w.page.textContent('#title-device')).to.equal(p.deviceName);

      // the table (the web companion's: web/log/log-view.ts): each session as the pacer logged it, newest first, the
      // corrupted entry said so; read from the figures it carries (data-*), page code as text (no DOM library here)
      const shown = JSON.parse(await w.page.evaluate(`JSON.stringify([...document.querySelectorAll('#log-view tbody.session')].map((b) => ({
        n: b.dataset.n, corrupt: b.dataset.corrupt, start: b.dataset.start, end: b.dataset.end, protocol: b.dataset.protocol,
        phases: [...b.querySelectorAll('tr.s-phase')].map((r) => [+r.dataset.index, +r.dataset.ms, +r.dataset.pumps, +r.dataset.pauses, +r.dataset.pausedMs]) })))`));
      const entry = sessions[1].entry!;
      expect(shown).to.deep.equal([
        { n: '0', corrupt: 'false', start: String(entry.start), end: 'ended', protocol: 'head-drainage', phases: entry.phases },
        { n: '', corrupt: 'true', phases: [] },
      ]);
      expect(entry.phases.map((x) => x[0])).to.deep.equal([0, 1], 'the first phase and the second, begun');

      // the CSV: byte for byte what npm run log -- export makes of the pacer's own log
      const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#log-csv')]);
      expect(download.suggestedFilename()).to.equal('pacer-log.csv');
      expect(readFileSync(await download.path(), 'utf8')).to.equal(toCsv(sessions));

      // settings and a custom protocol
      await w.page.selectOption('#f-protocol', 'custom');
      await w.page.fill('#f-custom', JSON.stringify(CUSTOM, null, 2));
      await w.page.fill('#f-ppm', '50');
      await w.page.fill('#f-strength', '0.6');
      await w.page.uncheck('#f-leadIn');
      const calls = comms.calls.length;
      await w.page.click('#send');
      const sent = await outcome(w);
      expect(sent).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol short-neck, 50 pumps a minute.' });
      const want: Settings = { ...defaultConfig().set, ppm: 50, strength: 0.6, leadIn: false };
      expect(decodeStored(pacer.storage.get('pacer.set') as string)?.v).to.deep.equal(want);
      // the protocol file as it was written, copied, never re-stringified; the staging file gone
      const json = JSON.stringify(CUSTOM);
      const body = storedParts(json, 0).join('');
      expect(pacer.storage.get('pacer.pro')).to.equal(`${body},"c":${checksum(body)}}`);
      expect(pacer.storage.has('pacer.npro')).to.equal(false);
      expect(pacer.engine.console('pacer.protocol()')).to.deep.equal(['="short-neck"']);
      // through the loader's API: the staging file with Util.writeStorage, then one line naming it
      const ops = comms.calls.slice(calls);
      expect(ops.filter((c) => c.op === 'writeStorage').map((c) => c.arg)).to.deep.equal(['pacer.npro']);
      expect(ops.filter((c) => c.op === 'eval' && c.arg.includes('pacer.protocol("pacer.npro")'))).to.have.length(1);
      if (p.board === 'bangle2') {
        // the app was started first, by its file
        expect(ops.filter((c) => c.op === 'write').map((c) => c.arg)).to.deep.equal([startLine(`${p.id}.app.js`)]);
        expect(pacer.received).to.include('load("drainpacer.app.js")');
        expect(pacer.loads).to.equal(1);
      } else expect(ops.some((c) => c.op === 'write')).to.equal(false);
      expect(pacer.status().state).to.equal('idle');
      expect(comms.toasts).to.deep.equal([]);
      expect(w.errors).to.deep.equal([]);
    });
  }

  it('drainpacerpuck: refuses to send during a session (nothing changed) and shows the validator\'s errors at their fields (nothing sent)', async () => {
    const p = espruino.find((x) => x.board === 'puck') as PackageSpec;
    const pacer = new FakePacer({}, { board: p.device });
    const comms = new LoaderComms(pacer, { id: p.device, version: '2v29', appsInstalled: [] });
    w = await open(p, comms);
    expect((await outcome(w)).kind).to.equal('ok');
    pacer.press(120);
    pacer.advance(3000);
    const before = pacer.files();
    await w.page.click('#send');
    expect(await outcome(w)).to.deep.equal({ kind: 'error', text: 'The pacer is in a session (running): end it on the pacer first, then send again. Nothing was changed.' });
    expect(pacer.files()).to.deep.equal(before);

    const calls = comms.calls.length;
    await w.page.fill('#f-ppm', '120');
    expect(await w.page.textContent('#e-ppm')).to.equal('ppm: 120 is out of range 30..90');
    await w.page.click('#send');
    expect(await outcome(w)).to.deep.equal({ kind: 'error', text: 'Not sent: fix the form first.' });
    expect(comms.calls.length).to.equal(calls);
    expect(w.errors).to.deep.equal([]);
  });

  it('drainpacermdbt on another device: says so, reads and sends nothing', async () => {
    const p = espruino.find((x) => x.board === 'mdbt42q') as PackageSpec;
    const pacer = new FakePacer({}, { board: 'PIXLJS' });
    const comms = new LoaderComms(pacer, { id: 'PIXLJS', version: '2v29', appsInstalled: [] });
    w = await open(p, comms);
    await w.page.waitForFunction('document.getElementById("device").textContent.includes("PIXLJS")');
    expect(await w.page.textContent('#device')).to.equal('This is the MDBT42Q package, and the connected device is a PIXLJS: nothing is read or sent. Use the package for your device.');
    expect(await w.page.isDisabled('#send')).to.equal(true);
    expect(comms.calls.map((c) => c.op)).to.deep.equal(['device']);
  });
});
