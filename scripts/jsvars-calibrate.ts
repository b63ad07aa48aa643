// npm run jsvars:calibrate -- --port tcp://127.0.0.1:PORT [--only a,b] [--write]
//
// Measures the JsVar model's micro programs (sim/jsvars/calibration.ts) on a
// real Espruino console reached over TCP (the interpreter built for Linux in
// a board's shape behind socat: ../shared/reference/espruino.md), prints the
// real figures next to the model's, and with --write records them in
// test/fixtures/jsvars-calibration.json under the console's shape (read from
// process.memory().total), with the interpreter's version and the date.
// It builds nothing and downloads nothing.
//
// For each program, on a clean interpreter (Storage .bootcde erased, load()):
// its Storage files, a prelude .boot0 that starts the peak, the program as
// Storage .bootcde (pretokenised by the espruino tool's tokeniser, or plain)
// and load(), or typed as one console line after it; then its steps; then
// process.memory(): usage (after a garbage collection) and peak (the pool's
// high-water mark since the previous process.memory(): a patch of the
// instrument). An empty program measured the same way is the baseline. It
// overwrites .boot0 and .bootcde: flash the firmware again afterwards.
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { CALIBRATION_PROGRAMS } from '../sim/jsvars/calibration';
import { MEASURE_LINE, MicroProgram, modelRun, parseMeasure, SETTLE_MS } from '../sim/jsvars/micro';
import { SHAPES, ShapeId } from '../sim/jsvars/shape';
import { storageLines } from '../web/real/device-lines';
import { tokeniser } from '../common/tokeniser';

export const FIXTURE = path.join(__dirname, '../test/fixtures/jsvars-calibration.json');

export interface Figures {
  held: number;
  peak: number;
}

export interface ShapeRecord {
  pool: number;
  blocksize: number;
  /** The empty interpreter, measured the same way (absolute usage and peak). */
  baseline: Figures;
  /** JsVars above the baseline. */
  programs: Record<string, Figures>;
  interpreter: string;
  board: string;
  date: string;
}

export interface Calibration {
  about: string;
  programs: MicroProgram[];
  shapes: Partial<Record<ShapeId, ShapeRecord>>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One console connection: lines in, output collected. */
class Console {
  private out = '';
  private marks = 0;
  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => {
      this.out += d.toString('latin1');
    });
  }

  static open(port: string): Promise<Console> {
    const m = /^tcp:\/\/([^:/]+):(\d+)$/.exec(port);
    if (!m) throw new Error(`--port must be tcp://host:port (got ${port})`);
    return new Promise((resolve, reject) => {
      const sock = net.connect(Number(m[2]), m[1], () => resolve(new Console(sock)));
      sock.once('error', (e) => reject(new Error(`cannot connect to ${port}: ${e.message}`)));
    });
  }

  /** Send one line (echo off for it, no history), then wait until the console has run it. */
  async line(js: string, timeoutMs = 10000): Promise<string> {
    const mark = `JSVMARK${++this.marks}`;
    const from = this.out.length;
    this.sock.write(Buffer.from(`\x10${js.replace(/\n$/, '')}\n`, 'latin1'));
    // a separate line after a pause: a load() in the line above has run by then
    await sleep(150);
    this.sock.write(Buffer.from(`\x10print("${mark.slice(0, 4)}"+"${mark.slice(4)}")\n`, 'latin1'));
    const t0 = Date.now();
    while (!this.out.includes(mark, from)) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`no answer to ${js.slice(0, 60)}`);
      await sleep(20);
    }
    return this.out.slice(from, this.out.indexOf(mark, from));
  }

  async memory(): Promise<{ usage: number; peak: number }> {
    const text = await this.line(MEASURE_LINE);
    const m = parseMeasure(text);
    if (!m) throw new Error(`process.memory() did not answer: ${JSON.stringify(text.slice(-200))}`);
    return m;
  }

  async info(): Promise<{ board: string; version: string; total: number; blocksize: number }> {
    const text = await this.line('print("JSVINFO",process.env.BOARD,process.env.VERSION,process.memory().total,process.memory().blocksize)');
    const m = /JSVINFO (\S+) (\S+) (\d+) (\d+)/.exec(text);
    if (!m) throw new Error(`the console did not answer: ${JSON.stringify(text.slice(-200))}`);
    return { board: m[1], version: m[2], total: Number(m[3]), blocksize: Number(m[4]) };
  }

  close(): void {
    this.sock.end();
  }
}

/** Write a Storage file a chunk a line. */
async function writeFile(c: Console, name: string, bytes: string): Promise<void> {
  for (const l of storageLines(name, bytes)) await c.line(l.replace(/^\x10/, ''));
}

/**
 * The prelude every measured boot runs first (Storage .boot0, run before .bootcde): it starts the
 * peak once the old interpreter is gone, so what the lines before load() left (the Storage
 * module they used) is not in it.
 */
const PRELUDE = 'process.memory();';

/** One program measured on a clean interpreter: absolute usage and peak. */
async function measure(port: string, p: MicroProgram | null): Promise<{ usage: number; peak: number }> {
  const c = await Console.open(port);
  const files = ['.boot0', '.bootcde', ...Object.keys(p?.files ?? {})];
  const erase = files.map((f) => `require("Storage").erase(${JSON.stringify(f)});`).join('');
  try {
    await sleep(300);
    await c.line(`${erase}load()`);
    for (const [name, text] of Object.entries(p?.files ?? {})) await writeFile(c, name, text);
    await writeFile(c, '.boot0', PRELUDE);
    if (p && p.mode !== 'console') await writeFile(c, '.bootcde', p.mode === 'tokenised' ? tokeniser().tokenise(p.code) : p.code);
    await c.line('load()');
    await sleep(SETTLE_MS);
    if (p && p.mode === 'console') {
      await c.line(p.code);
      await sleep(SETTLE_MS);
    }
    for (const step of p?.after ?? []) {
      if ('button' in step) await c.line(`digitalWrite(BTN,${step.button ? 1 : 0})`);
      else if ('wait' in step) await sleep(step.wait);
      else await c.line(step.line);
      await sleep(SETTLE_MS);
    }
    const m = await c.memory();
    // leave Storage as it was found: no boot code, no program files
    await c.line(erase);
    return m;
  } finally {
    c.close();
  }
}

function shapeOf(total: number, blocksize: number): ShapeId {
  const s = Object.values(SHAPES).find((x) => x.pool === total && x.blocksize === blocksize);
  if (!s) throw new Error(`no board shape has a pool of ${total} ${blocksize}-byte JsVars`);
  return s.id;
}

export function readCalibration(): Calibration {
  if (!fs.existsSync(FIXTURE)) return { about: '', programs: [], shapes: {} };
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Calibration;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = arg('--port');
  if (!port) throw new Error('usage: npm run jsvars:calibrate -- --port tcp://host:port [--only a,b] [--write]');
  const only = arg('--only')?.split(',');
  const write = argv.includes('--write');
  const programs = CALIBRATION_PROGRAMS.filter((p) => !only || only.includes(p.name));

  const probe = await Console.open(port);
  await sleep(300);
  const info = await probe.info();
  probe.close();
  const shape = shapeOf(info.total, info.blocksize);
  const base = await measure(port, null);
  console.log(`${port}: ${info.board} ${info.version}, pool ${info.total} x ${info.blocksize} B (shape ${shape}); empty interpreter: usage ${base.usage}, peak ${base.peak}`);
  console.log(`${'program'.padEnd(22)} ${'real held'.padStart(9)} ${'model'.padStart(6)} ${'real peak'.padStart(9)} ${'model'.padStart(6)}`);
  const figures: Record<string, Figures> = {};
  for (const p of programs) {
    const m = await measure(port, p);
    const real = { held: m.usage - base.usage, peak: m.peak - base.peak };
    figures[p.name] = real;
    const model = modelRun(SHAPES[shape], p);
    const flag = model.held !== real.held ? '  <- held' : '';
    console.log(`${p.name.padEnd(22)} ${String(real.held).padStart(9)} ${String(model.held).padStart(6)} ${String(real.peak).padStart(9)} ${String(model.peak).padStart(6)}${flag}`);
  }
  if (!write) return;
  const cal = readCalibration();
  cal.about = 'JsVars above an empty interpreter, measured by scripts/jsvars-calibrate.ts on the official Espruino interpreter built for Linux in each shape (the instrument: ../shared/reference/espruino.md); test/jsvars-model.test.ts checks the model against them.';
  // the program texts as measured (the test runs the model on these, not on today's list)
  const byName = new Map(cal.programs.map((p) => [p.name, p]));
  for (const p of programs) byName.set(p.name, p);
  cal.programs = [...byName.values()];
  const prev = cal.shapes[shape];
  cal.shapes[shape] = {
    pool: info.total, blocksize: info.blocksize, baseline: { held: base.usage, peak: base.peak },
    programs: { ...(prev?.programs ?? {}), ...figures },
    interpreter: info.version, board: info.board, date: new Date().toISOString().slice(0, 10),
  };
  fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
  fs.writeFileSync(FIXTURE, JSON.stringify(cal, null, 1) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), FIXTURE)} (${shape}: ${Object.keys(cal.shapes[shape]!.programs).length} programs)`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`jsvars:calibrate: ${(e as Error).message}`);
    process.exit(1);
  });
}
