// The session log ring on the device bundle (pacer.log0..9 in Storage): what
// each finished session records, checked against the trace of the same run;
// the ring wrapping round; a corrupted entry; a power cut mid-session; and
// the CSV / console-dump exports.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PROTOCOLS } from '../firmware/core/library';
import { LogEntry } from '../firmware/core/types';
import { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS } from '../firmware/files';
import { MODULE_KEYS, moduleFile } from '../common/dist';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { LogRow, parseStored, readLog, storedText } from '../sim/device-files';
import { CSV_HEADER, LoggedSession, parseDump, toCsv } from '../sim/log-export';
import { parseScenario } from '../sim/scenario';
import { runSession } from '../sim/session';
import { boot } from './helpers/boot';
import { STORAGE_BYTES } from '../sim/storage';
import { checksum } from '../firmware/core/checksum';
import { TraceEvent } from '../sim/trace-events';

const ROOT = path.join(__dirname, '..');

const ms3 = (x: number) => Math.round(x * 1000) / 1000;
const roundEntry = (e: LogEntry): LogEntry => ({ ...e, start: ms3(e.start), phases: e.phases.map((p) => p.map(ms3)) });

/**
 * The log entries a trace implies: a session starts at `state running` from idle/done,
 * a phase lasts from its `phase` event to the next phase or the session's end, its pumps
 * are the highest pump number seen in it, pauses and paused time come from the
 * paused/running state changes (an open pause counts up to the end). A session whose
 * state drops to idle while open (a power cycle) keeps only the phases that ended.
 */
function entriesFromTrace(events: TraceEvent[], protocol = 'head-drainage'): LogEntry[] {
  const out: LogEntry[] = [];
  let state = 'idle';
  let cur: LogEntry | null = null;
  let ph: { index: number; at: number; pumps: number; pauses: number; pausedMs: number; pausedAt: number | null } | null = null;
  const close = (t: number) => {
    if (cur && ph) {
      const open = ph.pausedAt !== null ? t - ph.pausedAt : 0;
      cur.phases.push([ph.index, t - ph.at, ph.pumps, ph.pauses, ph.pausedMs + open]);
    }
    ph = null;
  };
  for (const e of events) {
    const t = e.t_ms;
    if (e.type === 'state') {
      const v = String(e.value);
      if (v === 'running' && (state === 'idle' || state === 'done')) {
        cur = { protocol, start: t / 1000, end: '', phases: [] };
      } else if (v === 'running' && state === 'paused' && ph) {
        ph.pausedMs += t - (ph.pausedAt as number);
        ph.pausedAt = null;
      } else if (v === 'paused' && ph) {
        ph.pauses += 1;
        ph.pausedAt = t;
      } else if (v === 'done' && cur) {
        close(t);
        out.push(cur);
        cur = null;
      } else if (v === 'idle' && cur) {
        // power cycle: the phase in progress was never recorded
        ph = null;
        cur.end = 'interrupted';
        out.push(cur);
        cur = null;
      }
      state = v;
    } else if (e.type === 'phase' && cur) {
      close(t);
      ph = { index: Number(e.index), at: t, pumps: 0, pauses: 0, pausedMs: 0, pausedAt: null };
    } else if (e.type === 'pump' && ph) {
      ph.pumps = Math.max(ph.pumps, Number(e.n));
    }
  }
  return out;
}

const sessionsOf = (rows: LogRow[]): LoggedSession[] => rows.map((r) => ({ n: r.n, entry: r.entry }));

describe('session log ring (bundle engine)', () => {
  it('each finished session is appended with protocol, start, end reason and per-phase [index, ms, pumps, pauses, paused ms], as the trace shows', () => {
    // session 0: a pause in phase 1, then all three phases to the end by itself (done);
    // session 1: paused in phase 1 and ended by a very long press while paused (ended, open pause counted);
    // session 2: into phase 2, ended by a very long press while running
    const script = [
      '0 press', '20 hold 1.5', '25 press', '65 press', '130 press', // done at 148.145 s
      '160 press', // back to idle
      '170 press', '175 hold 1.5', '185 hold 3.5', // ended while paused
      '200 press', // back to idle
      '210 press', '230 press', '240 hold 1.5', '244 press', '250 hold 3.5', // ended in phase 2
    ].join('\n');
    const r = runSession({ actions: parseScenario(script), engine: 'bundle' });
    const rows = readLog((r.engine as BundleEngine).device.storage);
    expect(rows.map((x) => [x.n, x.slot, x.corrupt])).to.deep.equal([[0, 0, false], [1, 1, false], [2, 2, false]]);
    const entries = rows.map((x) => x.entry as LogEntry);
    expect(entries.map((e) => [e.protocol, e.end])).to.deep.equal([['head-drainage', 'done'], ['head-drainage', 'ended'], ['head-drainage', 'ended']]);

    // by hand, for the first session (press released 120 ms in, + 25 ms debounce)
    expect(entries[0].start).to.equal(0.145);
    expect(entries[0].phases.map((p) => [p[0], p[1], p[3], p[4]])).to.deep.equal([
      [0, 65000, 1, 25145 - 21525], [1, 65000, 0, 0], [2, 18000, 0, 0],
    ]);
    expect(entries[0].phases[2][2]).to.equal(15);
    // session 1: one phase, paused from 176.525 s until ended at 188.525 s
    expect(entries[1].phases).to.have.length(1);
    expect(entries[1].phases[0].slice(0, 1).concat(entries[1].phases[0].slice(3))).to.deep.equal([0, 1, 12000]);

    // everything against the trace of the same run
    const fromTrace = entriesFromTrace(r.events);
    fromTrace[0].end = 'done';
    fromTrace[1].end = 'ended';
    fromTrace[2].end = 'ended';
    expect(entries.map(roundEntry)).to.deep.equal(fromTrace.map(roundEntry));
    expect(r.log).to.deep.equal(rows.map((x) => ({ n: x.n, entry: x.entry })));
    expect(r.env.trace.events.filter((e) => e.type === 'state' && e.value === 'done')).to.have.length(3);
    expect((r.engine as BundleEngine).device.storage.files.has(CURRENT_FILE)).to.equal(false);
    expect((r.engine as BundleEngine).device.uncaught).to.equal(0);

    // the core engine logs the very same sessions
    const core = runSession({ actions: parseScenario(script), engine: 'core' });
    expect(core.log).to.deep.equal(r.log);
  });

  it('wraps round: 12 back-to-back sessions keep exactly 10, numbered 2..11, the oldest two dropped', () => {
    const b = boot();
    const lines: string[] = [];
    for (let k = 0; k < 12; k++) {
      const t0 = k * 20;
      lines.push(`${t0} press`, `${t0 + 5} hold 3.5`, `${t0 + 12} press`);
    }
    b.play(lines.join('\n'), 12 * 20 + 5);
    expect(b.engine.status().state).to.equal('idle');
    const rows = readLog(b.dev.storage);
    expect(rows).to.have.length(LOG_SLOTS);
    expect(rows.map((x) => x.n)).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rows.every((x) => !x.corrupt && x.slot === (x.n as number) % LOG_SLOTS)).to.equal(true);
    // each entry is its own session: started 20 s after the one before, ended by the very long press
    for (const x of rows) {
      const e = x.entry as LogEntry;
      expect(e.start, `session ${x.n}`).to.be.closeTo((x.n as number) * 20 + 0.145, 1e-9);
      expect(e.end).to.equal('ended');
      expect(e.phases).to.have.length(1);
      expect(e.phases[0][0]).to.equal(0);
      expect(e.phases[0][1]).to.be.closeTo(8525 - 145, 1e-6);
    }
    // the ring files are exactly pacer.log0..9, no in-progress file left
    const names = [...b.dev.storage.files.keys()].filter((n) => n.startsWith('pacer.')).sort();
    expect(names).to.deep.equal([...MODULE_KEYS.map(moduleFile), ...Array.from({ length: 10 }, (_, i) => LOG_PREFIX + i)].sort());
    // the device's own dump agrees, oldest first
    const dump = parseDump(b.engine.console('pacer.log()').join('\n'));
    expect(dump.map((s) => s.n)).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // a 13th session overwrites the oldest (n 2, slot 2), never the newest
    b.play(`${12 * 20 + 10} press\n${12 * 20 + 15} hold 3.5\n${12 * 20 + 22} press`, 12 * 20 + 30);
    const after = readLog(b.dev.storage);
    expect(after.map((x) => x.n)).to.deep.equal([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(after.find((x) => x.n === 12)!.slot).to.equal(2);
    expect(b.dev.uncaught).to.equal(0);
  });

  for (const [how, spoil] of [
    ['garbage text', () => 'garbage \u0000 not json'],
    ['a flipped byte in the value (checksum fails)', (text: string) => text.replace('"phases":[[0,', '"phases":[[1,')],
    ['a torn file (cut short)', (text: string) => text.slice(0, Math.floor(text.length / 2))],
  ] as Array<[string, (text: string) => string]>) {
    it(`a corrupted entry (${how}): pacer.log() says so, the rest stay, the next session goes after the newest`, () => {
      const b = boot();
      b.play('0 press\n5 hold 3.5\n12 press\n20 press\n25 hold 3.5\n32 press\n40 press\n45 hold 3.5\n52 press\n', 60);
      const good = readLog(b.dev.storage);
      expect(good.map((x) => [x.n, x.slot])).to.deep.equal([[0, 0], [1, 1], [2, 2]]);
      const K = 1;
      const text = b.dev.storage.files.get(LOG_PREFIX + K) as string;
      const bad = spoil(text);
      expect(bad).to.not.equal(text);
      b.dev.storage.files.set(LOG_PREFIX + K, bad);

      // the device console
      const printed = b.engine.console('pacer.log()');
      expect(printed[printed.length - 1]).to.equal('=3');
      const lines = printed.slice(0, -1);
      expect(lines).to.have.length(3);
      expect(lines.filter((l) => l === `{"slot":${K},"corrupt":true}`)).to.have.length(1);
      const intact = lines.filter((l) => !l.includes('corrupt')).map((l) => JSON.parse(l));
      expect(intact).to.deep.equal([0, 2].map((n) => ({ n, ...good[n].entry })));

      // the host reader
      const rows = readLog(b.dev.storage);
      expect(rows.map((x) => [x.n, x.slot, x.corrupt])).to.deep.equal([[null, K, true], [0, 0, false], [2, 2, false]]);
      expect(rows[0].entry).to.equal(null);
      expect(parseDump(printed.join('\n'))).to.deep.equal(sessionsOf(rows));

      // the next session: n 3 in slot 3 (after the newest whole entry); the corrupted slot is left as it was
      b.play('70 press\n75 hold 3.5\n82 press\n', 90);
      const next = readLog(b.dev.storage);
      expect(next.map((x) => [x.n, x.slot, x.corrupt])).to.deep.equal([[null, K, true], [0, 0, false], [2, 2, false], [3, 3, false]]);
      expect(next[3].entry!.start).to.equal(70.145);
      expect(b.dev.storage.files.get(LOG_PREFIX + K)).to.equal(bad);
      expect(b.dev.uncaught).to.equal(0);
      expect(b.engine.console('pacer.faults()')).to.deep.equal(['=[]']);
    });
  }

  it('a corrupted newest entry is not taken as the newest: the next session reuses its number and slot', () => {
    const b = boot();
    b.play('0 press\n5 hold 3.5\n12 press\n20 press\n25 hold 3.5\n32 press\n40 press\n45 hold 3.5\n52 press\n', 60);
    // pretend slot 2 (n 2) holds a huge n, corrupted: a checksum that fails whatever n says
    const o = parseStored(b.dev.storage.files.get(LOG_PREFIX + 2) as string)!;
    const text = storedText(o.v, 999);
    const i = text.indexOf(' ');
    b.dev.storage.files.set(LOG_PREFIX + 2, `${(Number(text.slice(0, i)) + 1) | 0}${text.slice(i)}`);
    b.play('70 press\n75 hold 3.5\n82 press\n', 90);
    const rows = readLog(b.dev.storage);
    expect(rows.map((x) => [x.n, x.slot, x.corrupt])).to.deep.equal([[0, 0, false], [1, 1, false], [2, 2, false]]);
    expect(rows[2].entry!.start).to.equal(70.145);
  });

  it('a log left by an earlier life (preloaded Storage) is continued where it ended, in the right slot', () => {
    const entry = (start: number): LogEntry => ({ protocol: 'head-drainage', start, end: 'ended', phases: [[0, 5000, 2, 0, 0]] });
    // a wrapped ring: slots 0..3 hold n 10..13, slots 4..9 hold n 4..9; slot 6 is corrupt
    const files: Record<string, string> = {};
    for (let n = 4; n <= 13; n++) files[LOG_PREFIX + (n % LOG_SLOTS)] = storedText(entry(n), n);
    files[LOG_PREFIX + 6] = '{"v":';
    const b = boot({ files });
    b.play('0 press\n5 hold 3.5\n12 press\n', 20);
    const rows = readLog(b.dev.storage);
    expect(rows.map((x) => x.n)).to.deep.equal([null, 5, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(rows.find((x) => x.n === 14)!.slot).to.equal(4);
    expect(rows.find((x) => x.n === 14)!.entry!.start).to.equal(0.145);
  });

  describe('a power cycle mid-session', () => {
    for (const withKill of [true, false]) {
      it(`${withKill ? "E.on('kill') then E.on('init')" : "E.on('init') alone"}: the session so far is logged as interrupted, pacer.cur gone`, () => {
        const b = boot();
        // session 0 done normally, back to idle; session 1 cut in phase 2 after a pause in phase 1
        b.play('0 press\n65 press\n130 press\n160 press\n170 press\n200 press\n210 hold 1.5\n215 press\n240 press\n', 250);
        expect(b.engine.status()).to.include({ state: 'running', phase: 2 });
        expect(b.dev.storage.files.has(CURRENT_FILE)).to.equal(true);
        if (withKill) {
          b.dev.emit('kill');
          expect([b.dev.level('LED2'), b.dev.level('FET')]).to.deep.equal([0, 0]);
        }
        b.dev.emit('init');
        expect(b.engine.status().state).to.equal('idle');
        expect(b.dev.storage.files.has(CURRENT_FILE)).to.equal(false);
        expect([b.dev.watchCount(), b.dev.armedTimers()]).to.deep.equal([1, 1]);
        const rows = readLog(b.dev.storage);
        expect(rows.map((x) => [x.n, x.entry!.end])).to.deep.equal([[0, 'done'], [1, 'interrupted']]);
        const cut = rows[1].entry as LogEntry;
        expect(cut.start).to.equal(170.145);
        // the phases that had ended when the power went, then the one in progress as of its
        // last save (pacer.cur is rewritten at each phase change, pause and resume: here its start)
        const fromTrace = entriesFromTrace(b.env.trace.events);
        expect(fromTrace).to.have.length(2);
        expect(roundEntry({ ...cut, phases: cut.phases.slice(0, 2) })).to.deep.equal(roundEntry(fromTrace[1]));
        expect(cut.phases.map((p) => [p[0], p[1], p[3], p[4]])).to.deep.equal([[0, 30000, 0, 0], [1, 40000, 1, 215145 - 211525], [2, 0, 0, 0]]);
        // it goes on: the next session is n 2, and a second boot logs nothing twice
        b.dev.emit('init');
        expect(readLog(b.dev.storage)).to.have.length(2);
        b.play('300 press\n305 hold 3.5\n312 press\n', 320);
        expect(readLog(b.dev.storage).map((x) => [x.n, x.entry!.end])).to.deep.equal([[0, 'done'], [1, 'interrupted'], [2, 'ended']]);
        expect(b.dev.uncaught).to.equal(0);
      });
    }

    it('cut in the first phase: logged as interrupted, in phase 0 as of its last save (its start)', () => {
      const b = boot();
      b.play('0 press\n', 20);
      b.dev.emit('kill');
      b.dev.emit('init');
      const rows = readLog(b.dev.storage);
      expect(rows.map((x) => x.entry)).to.deep.equal([{ protocol: 'head-drainage', start: 0.145, end: 'interrupted', phases: [[0, 0, 0, 0, 0]] }]);
      expect(toCsv(sessionsOf(rows))).to.equal(`${CSV_HEADER}\n0,head-drainage,0.145,interrupted,0,venous-angle,0.000,0,0,0.000\n`);
      expect(b.dev.storage.files.has(CURRENT_FILE)).to.equal(false);
    });
  });

  describe('exports', () => {
    const SCRIPT = [
      '0 press', '20 hold 1.5', '25 press', '65 press', '130 press', '160 press',
      '170 press', '175 hold 1.5', '185 hold 3.5', '200 press',
      '210 press', '230 press', '250 hold 3.5',
    ].join('\n') + '\n';

    it('CSV: toCsv of the log equals what npm run log -- export writes, and every row matches the log entries', function () {
      this.timeout(120000);
      const dir = mkdtempSync(path.join(tmpdir(), 'pacer-log-'));
      const script = path.join(dir, 's.txt');
      const out = path.join(dir, 'log.csv');
      writeFileSync(script, SCRIPT);
      const stdout = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'sim/cli/log.ts', 'export', out, '--script', script], { cwd: ROOT, encoding: 'utf8' });
      const r = runSession({ actions: parseScenario(SCRIPT), engine: 'bundle' });
      const csv = readFileSync(out, 'utf8');
      expect(csv).to.equal(toCsv(r.log));
      const rows = readLog((r.engine as BundleEngine).device.storage);
      expect(r.log).to.deep.equal(sessionsOf(rows));
      expect(stdout).to.include(`${out}: 3 sessions, 6 rows`);

      // parse it back, field by field
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).to.equal(CSV_HEADER);
      const expected: string[][] = [];
      for (const { n, entry } of r.log) {
        for (const p of entry!.phases) expected.push([String(n), entry!.protocol, entry!.start.toFixed(3), entry!.end, String(p[0]), PROTOCOLS[entry!.protocol].phases[p[0]].id, (p[1] / 1000).toFixed(3), String(p[2]), String(p[3]), (p[4] / 1000).toFixed(3)]);
      }
      const parsed = lines.slice(1).map((l) => l.split(','));
      expect(parsed.every((f) => f.length === CSV_HEADER.split(',').length)).to.equal(true);
      expect(parsed).to.deep.equal(expected);
      // and numerically back to the entries
      let i = 0;
      for (const { n, entry } of r.log) {
        for (const p of entry!.phases) {
          const f = parsed[i++];
          expect(Number(f[0])).to.equal(n);
          expect(Number(f[2])).to.be.closeTo(entry!.start, 5e-4);
          expect(Number(f[4])).to.equal(p[0]);
          expect(Number(f[6]) * 1000).to.be.closeTo(p[1], 0.5);
          expect([Number(f[7]), Number(f[8])]).to.deep.equal([p[2], p[3]]);
          expect(Number(f[9]) * 1000).to.be.closeTo(p[4], 0.5);
        }
      }
      expect(i).to.equal(6);
      // the third session ended in phase 1 (water-wheel): ids come from the protocol
      expect(parsed.map((f) => f[5])).to.deep.equal(['venous-angle', 'water-wheel', 'venous-angle-close', 'venous-angle', 'venous-angle', 'water-wheel']);
    });

    it('parseDump of the device console output of pacer.log() gives the same sessions as readLog (a corrupt slot included)', () => {
      const b = boot();
      b.play(SCRIPT, 270);
      const whole = b.engine.console('pacer.log()');
      expect(parseDump(whole.join('\n'))).to.deep.equal(sessionsOf(readLog(b.dev.storage)));
      // as a saved console capture: prompts, echo and the result line around it, CRLF line ends
      const capture = ['>pacer.log()', ...whole.slice(0, -1).map((l) => '>' + l), whole[whole.length - 1], '>'].join('\r\n');
      expect(parseDump(capture)).to.deep.equal(sessionsOf(readLog(b.dev.storage)));
      b.dev.storage.files.set(LOG_PREFIX + 1, 'x');
      const dump = parseDump(b.engine.console('pacer.log()').join('\n'));
      expect(dump).to.deep.equal(sessionsOf(readLog(b.dev.storage)));
      expect(dump.map((s) => s.n)).to.deep.equal([null, 0, 2]);
      expect(toCsv(dump).split('\n')[1]).to.equal(',,,corrupt,,,,,,');
    });
  });
});

describe('Storage: full, written with the motor off, checksums over the text written', () => {
  it('a full Storage does not stop pacing: the session plays to its end, the failed writes are faults', () => {
    const b = boot({ files: { filler: 'x'.repeat(STORAGE_BYTES - 'filler'.length - 60) } });
    b.play('0 press\n65 press\n130 press\n', 200);
    expect(b.engine.status().state).to.equal('done');
    const pumps = b.env.trace.events.filter((e) => e.type === 'pump' && e.phase === 'venous-angle-close');
    expect(pumps).to.have.length(15);
    const faults = b.engine.console('pacer.faults()').join('\n');
    expect(faults).to.match(/storage|log/);
    expect(b.dev.uncaught).to.equal(0);
  });


  it('every Storage write happens with the motor off (flash writes block JavaScript and load the cell)', () => {
    const b = boot();
    const seen: number[] = [];
    const write = b.dev.storage.write.bind(b.dev.storage);
    b.dev.storage.write = (name: string, data: string) => {
      seen.push(b.dev.level('FET'));
      return write(name, data);
    };
    b.play('0 press\n20 hold 1.5\n30 press\n65 press\n130 press\n', 200);
    expect(seen.length).to.be.greaterThan(4);
    expect(seen.every((l) => l === 0)).to.equal(true);
  });


  it('checksums are over the exact text written: digits the interpreter prints differently still read back', () => {
    const body = '{"v":{"start":148145.00000000003,"x":1.50},"n":3';
    const text = `${body},"c":${checksum(body)}}`;
    expect(parseStored(text)).to.deep.equal({ v: { start: 148145.00000000003, x: 1.5 }, n: 3 });
    const b = boot({ files: { 'pacer.log0': text } });
    expect(readLog(b.dev.storage)[0].corrupt).to.equal(false);
  });

});
