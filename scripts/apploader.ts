// App Loader packages, written by npm run build under dist/apploader/:
//
//   bangleapps/drainpacer/        the Bangle.js 2 app, as the Bangle.js App Loader
//                                 (github.com/espruino/BangleApps) wants an app folder
//   espruinoapps/drainpacerpuck/  the Puck.js firmware, and
//   espruinoapps/drainpacermdbt/  the MDBT42Q firmware, as the Espruino App Loader
//                                 (github.com/espruino/EspruinoApps) wants them: one
//                                 app written to .bootcde
//
// Each holds metadata.json, the icon (app.png, 48x48), ChangeLog, README.md,
// interface.html (the session log, protocol and settings through the
// loader's interface API: assets/apploader/interface.ts) and the device's
// Storage files, byte for byte what npm run flash writes (scripts/flash.ts):
// the Storage modules and .bootcde pretokenised, the Bangle.js 2 app file
// plain. The loaders upload a file as given when its url is not JavaScript
// (read as bytes: *.bin) or is "*.min.js" (left alone: no minifying, no
// pretokenising by the loader's own settings), so the device holds what
// `npm run flash` leaves and what the RAM budgets were measured on. The
// Bangle.js 2 package adds the launcher's icon (app-icon.js); each loader
// writes its own info file.
//
// The app ids are not "pacer": the Bangle.js App Loader has an app "pacer"
// already (a running pace app, whose pacer.app.js and pacer.img the same names
// would replace, and which the loader would then offer as an "update").
// test/apploader.test.ts holds every package to the loaders' rules.
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { BoardId } from '../boards';
import { bundlePath } from '../common/dist';
import { moduleBytes, modulesFor, target } from './flash';
import { iconImageJs, iconPng } from './apploader/icon';
import { PAGE_PACKAGE_ID, PagePackage } from './apploader/page-package';
import { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from '../firmware/files';
import { PROTOCOL_STAGING } from '../web/real/device-lines';

const ROOT = path.join(__dirname, '..');
const ASSETS = path.join(ROOT, 'assets/apploader');
export const APPLOADER_DIR = 'dist/apploader';

/** The packages' version: the ChangeLog's last entry must say the same (assets/apploader/ChangeLog). */
export const VERSION = '0.01';
/**
 * metadata.json "author": the loaders ask for a GitHub user name, or "Espruino" for anonymity
 * (BangleApps README, metadata.json format). No maintainer's user name is on record here.
 */
export const AUTHOR = 'Espruino';
export const NAME = 'Drainage pacer';

export type Loader = 'bangleapps' | 'espruinoapps';

export interface PackageSpec {
  loader: Loader;
  board: BoardId;
  /** The app id: also its folder's name (both loaders find an app at apps/<id>/). */
  id: string;
  /** The loader's device id (process.env.BOARD). */
  device: string;
  deviceName: string;
}

export const PACKAGES: readonly PackageSpec[] = [
  { loader: 'bangleapps', board: 'bangle2', id: 'drainpacer', device: 'BANGLEJS2', deviceName: 'Bangle.js 2' },
  { loader: 'espruinoapps', board: 'puck', id: 'drainpacerpuck', device: 'PUCKJS', deviceName: 'Puck.js' },
  { loader: 'espruinoapps', board: 'mdbt42q', id: 'drainpacermdbt', device: 'MDBT42Q', deviceName: 'MDBT42Q' },
];

export function packageDir(p: PackageSpec, root = ROOT): string {
  return path.join(root, APPLOADER_DIR, p.loader, p.id);
}

/** A Storage file as metadata.json lists it (the loaders' storage entry), with its bytes. */
export interface PackageFile {
  /** Storage name on the device. */
  name: string;
  /** The file in the package folder. */
  url: string;
  /** The expression is evaluated on the device and its value stored (the launcher's icon). */
  evaluate?: boolean;
  bytes: Buffer;
}

/**
 * The Storage files npm run flash writes for a board, as it writes them (scripts/flash.ts): the
 * modules pretokenised by the espruino tool's tokeniser, then the resident code: .bootcde
 * pretokenised (the CLI's PRETOKENISE=2, the same tokeniser), or the Bangle.js 2 app file plain.
 * Its info file (pacer.info) is not here: a loader writes its own.
 */
export function flashedFiles(board: BoardId, root = ROOT): Array<{ file: string; bytes: Buffer }> {
  const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
  const t = target(board);
  const bundle = read(bundlePath(board));
  return [
    ...modulesFor(board).map((m) => ({ file: m.file, bytes: moduleBytes(read(m.path), m.path) })),
    { file: t.file, bytes: t.pretokenise ? moduleBytes(bundle, bundlePath(board)) : Buffer.from(bundle, 'utf8') },
  ];
}

/** The app file's Storage name in the Bangle.js App Loader: <id>.app.js (its launcher runs <id>.info's src). */
export function appFile(p: PackageSpec): string | null {
  return p.loader === 'bangleapps' ? `${p.id}.app.js` : null;
}

/** The package's Storage files: what npm run flash writes (the Bangle.js 2 app file under its app id), and the launcher's icon. */
export function packageFiles(p: PackageSpec, root = ROOT): PackageFile[] {
  const files: PackageFile[] = flashedFiles(p.board, root).map((f) => {
    if (f.file === '.bootcde') return { name: f.file, url: 'bootcde.bin', bytes: f.bytes };
    if (f.file === target(p.board).file) return { name: appFile(p) as string, url: 'app.min.js', bytes: f.bytes };
    return { name: f.file, url: `${f.file}.bin`, bytes: f.bytes };
  });
  if (p.loader === 'bangleapps') files.push({ name: `${p.id}.img`, url: 'app-icon.js', evaluate: true, bytes: Buffer.from(iconImageJs()) });
  return files;
}

/** The files the pacer writes as it runs: the loaders remove them when the app is removed (and keep them across an update). */
export function dataFiles(): string[] {
  const log = Array.from({ length: LOG_SLOTS }, (_, i) => LOG_PREFIX + i);
  return [SETTINGS_FILE, PROTOCOL_FILE, CURRENT_FILE, ...log, PROTOCOL_STAGING];
}

const DESCRIPTION: Partial<Record<BoardId, string>> = {
  bangle2:
    'A pacing aid for therapists giving a lymphatic drainage head massage: the watch buzzes the pump rhythm (60 a minute by default), ' +
    'with a soft lead-in, an accent every 5th pump, a target cue and a phase guide on the screen; one button moves through the treatment. ' +
    'Logs each session; the interface page reads the log and sets the protocol and settings.',
  puck:
    'Turns a Puck.js v2 (with a coin vibration motor on FET) into a clip-on pacing aid for a lymphatic drainage head massage: LED and motor pulse ' +
    'the pump rhythm, one button moves through the treatment, each session is logged. Replaces the code the Puck.js runs at boot. ' +
    'The interface page reads the log and sets the protocol and settings.',
  mdbt42q:
    'Turns an MDBT42Q breakout (a motor on D14 through a transistor) into a clip-on pacing aid for a lymphatic drainage head massage: LED and motor ' +
    'pulse the pump rhythm, one button moves through the treatment, each session is logged. Replaces the code it runs at boot. ' +
    'The interface page reads the log and sets the protocol and settings.',
};

/** metadata.json as the loaders' own apps lay it out: a key a line, a storage or data entry a line. */
export function metadataJson(m: Record<string, unknown>): string {
  const value = (v: unknown) => (Array.isArray(v) && v.some((x) => typeof x === 'object') ? `[\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : JSON.stringify(v));
  return `{\n${Object.entries(m).map(([k, v]) => `  ${JSON.stringify(k)}: ${value(v)}`).join(',\n')}\n}\n`;
}

/** The loader's metadata.json. Key order as the loaders' own apps write it. */
export function metadata(p: PackageSpec, files: PackageFile[]): Record<string, unknown> {
  const storage = files.map((f) => ({ name: f.name, url: f.url, ...(f.evaluate ? { evaluate: true } : {}) }));
  const data = dataFiles().map((name) => ({ name }));
  const common = { id: p.id, name: NAME, version: VERSION, description: DESCRIPTION[p.board] ?? '', icon: 'app.png' };
  if (p.loader === 'bangleapps') {
    return { ...common, author: AUTHOR, tags: 'health,tool', supports: [p.device], readme: 'README.md', interface: 'interface.html', storage, data };
  }
  // the Espruino App Loader lists an app for a device that has every feature it needs (its loader.js):
  // both send settings and read the log over Bluetooth; the Puck.js's red and green LEDs are its RGB LED
  const needsFeatures = p.board === 'puck' ? ['BLE', 'RGBLED'] : ['BLE'];
  return { ...common, author: AUTHOR, tags: 'health,tool,bluetooth', needsFeatures, readme: 'README.md', interface: 'interface.html', storage, data };
}

/** What a package's Storage file is, for its README. */
function fileRole(p: PackageSpec, f: PackageFile): string {
  if (f.evaluate) return 'the launcher icon';
  const form = f.url.endsWith('.bin') ? 'pretokenised' : 'plain JavaScript';
  return f.name === '.bootcde' || f.name === appFile(p) ? `the pacer firmware (${form})` : `a firmware module, evaluated while it runs (${form})`;
}

function readme(p: PackageSpec, build: string, files: PackageFile[]): string {
  const board = p.deviceName;
  const install =
    p.loader === 'bangleapps'
      ? `Installed as a launcher app, **${NAME}** (\`${appFile(p)}\`, its icon \`${p.id}.img\`). Open it from the launcher: the pacer runs while the app is open.`
      : `Installed as the code the ${board} runs at boot (\`.bootcde\`): the pacer starts at power-on. Installing another app from the Espruino App Loader replaces it.`;
  const button = [
    '| press | idle | running | paused | done |',
    '|---|---|---|---|---|',
    '| short (< 1 s) | start | next phase | resume | back to idle |',
    '| long (1-3 s) | battery level | pause | resume | back to idle |',
    '| very long (3 s or more) | tap tempo | end the session | end the session | back to idle |',
  ].join('\n');
  return `# ${NAME} (${board})

A clip-on pacing aid for therapists giving a lymphatic drainage head massage.
It pulses the pump rhythm (60 pumps a minute by default, the Vodder
"one-second movement") with a soft lead-in before each phase, an accent every
5th pump and a "target reached" cue, so that the rhythm is felt, not watched.
One button moves through the treatment.

**Safety.** No neck work with hyperthyroidism, carotid sinus hypersensitivity,
a cardiac arrhythmia, an acute infection, a thrombosis, a malignancy or
decompensated heart failure; clients over 60 need medical clearance. Very
light pressure only (under 40 g/cm², about 30 mmHg).

## Install

${install}

## The button

${button}

## The interface page

With the device connected in the App Loader, the app's interface button
("Download data from app") opens a page that reads the session log into a
table (each session's phases: time, pumps, pauses) with a CSV download, shows
the protocol and settings in Storage, and sends new ones: a built-in protocol
(the seed \`head-drainage\`, or \`head-neck\`) or a custom protocol file, and
the settings (pumps a minute, push, motor strength, accents, LED, motor,
lead-in, auto-advance, radio auto-off). Every field is checked by the pacer's
own validator, and the pacer takes changes in idle only.

## Files

| Storage | what |
|---|---|
${files.map((f) => `| \`${f.name}\` | ${fileRole(p, f)} |`).join('\n')}

The pacer writes its settings (\`pacer.set\`), protocol (\`pacer.pro\`), the
session in progress (\`pacer.cur\`) and the log (\`pacer.log0\`..\`pacer.log9\`);
removing the app removes them, updating it keeps them.

Firmware build \`${build}\`, from the drainage pacer project (\`npm run build\`).
`;
}

/** The web companion's stylesheet: the interface page looks like the web page, its session log drawn by the same code. */
const WEB_STYLE = path.join(ROOT, 'web/style.css');

/** The interface page: the template with the page's script, the web companion's stylesheet and this package's facts inlined. */
function interfaceHtml(page: PagePackage, script: string): string {
  const html = readFileSync(path.join(ASSETS, 'interface.html'), 'utf8');
  if (!html.includes(`id="${PAGE_PACKAGE_ID}">/*PACKAGE*/<`)) throw new Error(`interface.html: no <script id="${PAGE_PACKAGE_ID}"> holding /*PACKAGE*/`);
  const parts: Array<[string, string, RegExp]> = [
    ['/*PACKAGE*/', JSON.stringify(page), /<\/script/i],
    ['/*SCRIPT*/', script, /<\/script/i],
    ['/*STYLE*/', readFileSync(WEB_STYLE, 'utf8'), /<\/style/i],
  ];
  let out = html;
  for (const [mark, text, end] of parts) {
    // the text goes inside an element: what would end that element must not be in it
    if (end.test(text)) throw new Error(`interface.html: ${mark} would be cut short by its own text`);
    if (out.split(mark).length !== 2) throw new Error(`interface.html: ${mark} must be there once`);
    out = out.replace(mark, () => text);
  }
  return out;
}

/** The interface page's script (assets/apploader/interface.ts), bundled for the browser. */
export function interfaceScript(): string {
  const out = buildSync({
    entryPoints: [path.join(ASSETS, 'interface.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text.trim();
}

export interface PackageReport {
  spec: PackageSpec;
  dir: string;
  files: PackageFile[];
}

/** Writes every package under dist/apploader/ (a fresh folder each time). */
export function writeAppLoaderPackages(build: string, log: (line: string) => void = () => {}, root = ROOT): PackageReport[] {
  rmSync(path.join(root, APPLOADER_DIR), { recursive: true, force: true });
  const script = interfaceScript();
  const png = iconPng();
  const reports: PackageReport[] = [];
  for (const p of PACKAGES) {
    const dir = packageDir(p, root);
    mkdirSync(dir, { recursive: true });
    const files = packageFiles(p, root);
    for (const f of files) writeFileSync(path.join(dir, f.url), f.bytes);
    writeFileSync(path.join(dir, 'metadata.json'), metadataJson(metadata(p, files)));
    writeFileSync(path.join(dir, 'app.png'), png);
    copyFileSync(path.join(ASSETS, 'ChangeLog'), path.join(dir, 'ChangeLog'));
    writeFileSync(path.join(dir, 'README.md'), readme(p, build, files));
    const page: PagePackage = { id: p.id, device: p.device, deviceName: p.deviceName, appFile: appFile(p), build, version: VERSION };
    writeFileSync(path.join(dir, 'interface.html'), interfaceHtml(page, script));
    const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
    log(`${path.relative(root, dir).padEnd(38)} ${p.deviceName.padEnd(12)} ${files.length} Storage files, ${bytes} B`);
    reports.push({ spec: p, dir, files });
  }
  return reports;
}
