// npm start: the interactive simulator (sim/cli/interactive.ts), its real-time
// driver (sim/realtime.ts) and the built-in demo (sim/demo.ts).
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { FrameModel } from '../sim/cli/interactive/frame-model';
import { keysIn, PRESS_MS } from '../sim/cli/interactive/keys';
import { LiveSession } from '../sim/cli/interactive/live-session';
import { parseOptions, parseSpeed } from '../sim/cli/interactive/options';
import { diffFrame } from '../sim/cli/interactive/painter';
import { renderFrame } from '../sim/cli/interactive/render';
import { mmss, wrap } from '../sim/cli/interactive/text';
import { LATCH_MS } from '../sim/cli/interactive/trace-follower';
import { VirtualClock } from '../sim/clock';
import { DEMO_ACTIONS, DEMO_SCENARIO, demoActions, runDemo } from '../sim/demo';
import { RealtimeDriver } from '../sim/realtime';
import { parseScenario } from '../sim/scenario';
import { runSession } from '../sim/session';
import { formatSummary, summarize } from '../sim/summary';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';

const ROOT = path.join(__dirname, '..');
const CLI = 'sim/cli/interactive.ts';
const bundlesBuilt = existsSync(path.join(ROOT, 'dist/pacer.puck.js')) && existsSync(path.join(ROOT, 'dist/pacer.pico.js'));

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
    cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 25_000, env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** The summary block of the CLI's output (from its "Summary:" title on). */
const summaryOf = (out: string) => out.slice(out.indexOf('Summary:'));

// ---- the frame -------------------------------------------------------------

function model(over: Partial<FrameModel> = {}): FrameModel {
  const ph = HEAD_DRAINAGE.phases[0];
  return {
    title: 'Head drainage · puck · bundle engine', speed: 1, hasLed: true, led: false, motor: 0,
    state: 'running', phase: 0, phaseCount: 3, phaseName: ph.name, guide: ph.guide, phasePumps: ph.pumps,
    targetMs: ph.targetMs, targetHit: false, positions: [], pos: 0, countdown: 0, n: 12, elapsedMs: 83_400, clockMs: 85_300, cue: 'accent',
    held: null, screen: null, keys: true, note: '', width: 100, color: false, ...over,
  };
}

function phaseModel(i: number, over: Partial<FrameModel> = {}): FrameModel {
  const ph = HEAD_DRAINAGE.phases[i];
  return model({ phase: i, phaseName: ph.name, guide: ph.guide, phasePumps: ph.pumps, targetMs: ph.targetMs, positions: ph.positions ?? [], countdown: ph.countdown ?? 0, ...over });
}

describe('interactive: renderFrame', () => {
  it('shows a lit LED as a filled green disc and an unlit one as a dim ring', () => {
    const lit = renderFrame(model({ led: true }));
    const off = renderFrame(model({ led: false }));
    expect(lit).to.include('●  ON').and.include('▄██▄');
    expect(lit).not.to.include('○');
    expect(off).to.include('○  off').and.include('▄▀▀▄');
    expect(off).not.to.include('●');
    // with colour: green (1;32) only when lit, dim (2) when off
    expect(renderFrame(model({ led: true, color: true }))).to.include('\u001b[1;32m●  ON\u001b[0m');
    const offColored = renderFrame(model({ led: false, color: true }));
    expect(offColored).to.include('\u001b[2m○  off\u001b[0m');
    expect(offColored).not.to.include('1;32m ▄');
  });

  it('shows the motor buzzing, with its level when below full', () => {
    expect(renderFrame(model({ motor: 1 }))).to.include('≋≋≋ BUZZ').and.not.include('BUZZ 100%');
    expect(renderFrame(model({ motor: 0.6 }))).to.include('≋≋≋ BUZZ 60%');
    expect(renderFrame(model({ motor: 0 }))).not.to.include('BUZZ');
  });

  it('shows phase "i/3 name", its guidance, pumps, elapsed mm:ss and the last cue', () => {
    const f = renderFrame(phaseModel(1, { n: 7, elapsedMs: 83_400, cue: 'accent' }));
    expect(f).to.include('2/3 Water wheel');
    expect(f).to.include('Where SCM meets the jaw');
    expect(f).to.match(/Pumps\s+7 /);
    expect(f).not.to.include('/15');
    expect(f).to.include('target 01:00 of pacing');
    expect(f).to.match(/Elapsed\s+01:23/);
    expect(f).to.match(/Last cue\s+accent/);
    expect(renderFrame(phaseModel(1, { targetHit: true }))).to.include('✓ reached');
  });

  it('shows the water wheel\'s positions, the one the hands are at in capitals, and the close\'s countdown', () => {
    const wheel = renderFrame(phaseModel(1, { pos: 1, n: 30 }));
    expect(wheel).to.match(/Position\s+front › SIDE › back/);
    const close = (n: number) => renderFrame(phaseModel(2, { n }));
    expect(close(5)).to.include('the last 3 counted down');
    expect(close(13)).to.include('counting down: 2 to go');
    expect(close(15)).to.include('counting down: last pump');
    expect(renderFrame(phaseModel(0))).to.not.include('Position');
  });

  it('shows "/15" in the counted phase', () => {
    const f = renderFrame(phaseModel(2, { n: 7 }));
    expect(f).to.include('3/3 Venous angle, close');
    expect(f).to.match(/Pumps\s+7\/15/);
    expect(f).to.include('fifteen light pumps');
  });

  it('shows the paused state and what a press does then', () => {
    const f = renderFrame(model({ state: 'paused' }));
    expect(f).to.match(/State\s+PAUSED/);
    expect(f).to.include('space or l resumes · e ends the session');
    expect(renderFrame(model({ state: 'paused', color: true }))).to.include('\u001b[1;33mPAUSED\u001b[0m');
  });

  it('shows idle, running and done with their key meanings, and the key help line', () => {
    const idle = renderFrame(model({ state: 'idle', n: 0, cue: '' }));
    expect(idle).to.match(/State\s+IDLE/).and.include('next: 1/3 Venous angle').and.include('space starts the session · l battery level · e tap tempo');
    expect(idle).to.match(/Last cue\s+—/);
    expect(renderFrame(model())).to.include('space next phase · l pauses · e ends the session');
    expect(renderFrame(phaseModel(2))).to.include('space or e ends the session · l pauses');
    expect(renderFrame(phaseModel(2, { state: 'done', n: 15 }))).to.match(/State\s+DONE/).and.include('space or l or e back to idle');
    expect(renderFrame(model())).to.include(' space  press').and.include(' q  quit');
    expect(renderFrame(model({ keys: false, note: 'demo at 20x' }))).not.to.include(' q  quit');
  });

  it('shows the button held, a board without LED, and the Bangle screen', () => {
    expect(renderFrame(model({ held: { kind: 'long', ms: 700 } }))).to.include('DOWN  long press 0.7/1.5 s');
    expect(renderFrame(model())).to.match(/Button\s+up/);
    const bangle = renderFrame(model({ hasLed: false, led: true, screen: 'Venous angle | Two fingers' }));
    expect(bangle).to.include('none on this board').and.not.include('●');
    expect(bangle).to.match(/Screen\s+Venous angle \| Two fingers/);
  });

  it('keeps every line within the terminal width, colour codes aside', () => {
    for (const width of [40, 60, 80]) {
      for (const color of [false, true]) {
        const f = renderFrame(phaseModel(1, { width, color, motor: 1, led: true, screen: 'x '.repeat(100) }));
        for (const row of f.split('\n')) {
          // eslint-disable-next-line no-control-regex
          const visible = [...row.replace(/\u001b\[[0-9;]*m/g, '')].length;
          expect(visible, row).to.be.at.most(width - 1);
        }
      }
    }
  });

  it('formats time and wraps guidance', () => {
    expect(mmss(0)).to.equal('00:00');
    expect(mmss(83_999)).to.equal('01:23');
    expect(mmss(3_600_000)).to.equal('60:00');
    expect(wrap('aaaa bbb cc dd', 8, 5)).to.deep.equal(['aaaa bbb', 'cc dd']);
    expect(wrap('aa bb cc dd ee ff gg hh ii', 8, 2)).to.have.length(2);
  });
});

describe('interactive: diffFrame redraws in place', () => {
  it('clears the screen the first time, then rewrites only the rows that changed', () => {
    const first = diffFrame(null, ['a', 'b', 'c']);
    expect(first.startsWith('\u001b[H\u001b[2J')).to.equal(true);
    expect(first).to.include('\u001b[1;1Ha\u001b[K').and.include('\u001b[3;1Hc\u001b[K');
    expect(diffFrame(['a', 'b', 'c'], ['a', 'b', 'c'])).to.equal('');
    expect(diffFrame(['a', 'b', 'c'], ['a', 'B', 'c'])).to.equal('\u001b[2;1HB\u001b[K');
    // fewer rows: everything below is cleared
    expect(diffFrame(['a', 'b', 'c'], ['a', 'b'])).to.equal('\u001b[3;1H\u001b[J');
  });
});

describe('interactive: keys and flags', () => {
  it('maps keys to presses and quit, dropping escape sequences', () => {
    expect(keysIn(' ')).to.deep.equal(['short']);
    expect(keysIn('lLeE')).to.deep.equal(['long', 'long', 'veryLong', 'veryLong']);
    expect(keysIn('q')).to.deep.equal(['quit']);
    expect(keysIn('\u0003')).to.deep.equal(['quit']);
    expect(keysIn('\u001b[A\u001b[D x')).to.deep.equal(['short']); // arrows, then a space
    expect(keysIn('\u001bOP')).to.deep.equal([]); // F1
    expect(PRESS_MS).to.deep.equal({ short: 120, long: 1500, veryLong: 3500 });
  });

  it('parses the flags with defaults, and names a bad one', () => {
    expect(parseOptions([])).to.deep.equal({ board: 'puck', engine: 'bundle', speed: null, demo: false, help: false });
    expect(parseOptions(['--board', 'pico', '--engine=core', '--speed', '2.5', '--demo']))
      .to.deep.equal({ board: 'pico', engine: 'core', speed: 2.5, demo: true, help: false });
    expect(() => parseOptions(['--nope'])).to.throw('--nope');
    expect(() => parseOptions(['--board', 'x'])).to.throw('--board');
    for (const bad of ['0', '-1', 'fast', '1e9', '']) expect(() => parseSpeed(bad), bad).to.throw('--speed');
    expect(parseSpeed('0.5')).to.equal(0.5);
  });
});

// ---- the real-time driver --------------------------------------------------

describe('realtime: the virtual clock follows the wall clock', () => {
  function fake() {
    const w = { now: 1000 };
    const timers: Array<{ fn: () => void; ms: number }> = [];
    return { w, timers, opts: { now: () => w.now, setTimer: (fn: () => void, ms: number) => timers.push({ fn, ms }), clearTimer: () => {} } };
  }

  it('runs every callback due by the wall time, each at its own virtual time', () => {
    const clock = new VirtualClock();
    const f = fake();
    const d = new RealtimeDriver(clock, { ...f.opts, speed: 1, frameMs: 20 });
    const seen: number[] = [];
    for (const t of [10_000, 250_000, 1_500_000]) clock.at(t, () => seen.push(clock.nowUs));
    let frames = 0;
    d.start(() => frames++);
    expect(frames).to.equal(1);
    expect(f.timers.at(-1)!.ms).to.equal(20);
    f.w.now += 300; // 300 ms of wall time
    f.timers.at(-1)!.fn();
    expect(seen).to.deep.equal([10_000, 250_000]);
    expect(clock.nowUs).to.equal(300_000);
    f.w.now += 2000;
    d.frame();
    expect(seen).to.deep.equal([10_000, 250_000, 1_500_000]);
    expect(clock.nowUs).to.equal(2_300_000);
    d.stop();
    expect(d.running).to.equal(false);
  });

  it('scales by the speed and starts from wherever the clock already is', () => {
    const clock = new VirtualClock();
    clock.runUntil(5_000_000);
    const f = fake();
    const d = new RealtimeDriver(clock, { ...f.opts, speed: 20 });
    d.start(() => {});
    f.w.now += 100;
    d.frame();
    expect(clock.nowUs).to.equal(7_000_000);
  });

  it('refuses a speed that is not a positive number', () => {
    for (const speed of [0, -1, NaN, Infinity]) expect(() => new RealtimeDriver(new VirtualClock(), { speed })).to.throw('speed');
  });
});

// ---- a live session on a fake wall clock ----------------------------------------

describe('interactive: a live session (keys on the wall clock)', function () {
  for (const engine of ['core', 'bundle'] as const) {
    it(`${engine} engine: space starts, l pauses, e ends; flashes are latched for the eye`, function () {
      if (engine === 'bundle' && !bundlesBuilt) this.skip();
      const w = { now: 0 };
      const live = new LiveSession({ board: 'puck', engine, speed: 1, realtime: { now: () => w.now, setTimer: () => null, clearTimer: () => {} } });
      const frame = (ms: number) => {
        w.now += ms;
        live.driver.frame();
        live.follower.update(w.now);
        return live.model(80, false, true);
      };
      live.driver.start(() => {});
      expect(frame(500).state).to.equal('idle');

      expect(live.press('short')).to.equal(true);
      expect(live.press('short'), 'a key while the button is held is dropped').to.equal(false);
      expect(live.model(80, false, true).held).to.deep.include({ kind: 'short' });
      let m = frame(200);
      expect(m.state).to.equal('running');
      expect(m.held).to.equal(null);
      expect(m.phase).to.equal(0);

      // run to just after a pump's 30 ms flash ended: the level is off, the screen still shows it
      let sawLatched = false;
      for (let i = 0; i < 400 && !sawLatched; i++) {
        m = frame(25);
        if (m.led && live.env.board.level.led === 0) sawLatched = true;
      }
      expect(sawLatched, 'a flash stays on screen after the LED went off').to.equal(true);
      expect(live.follower.led(w.now + LATCH_MS + 1), 'the latch runs out').to.equal(false);

      m = frame(5000);
      expect(m.n).to.be.greaterThan(3);
      expect(m.elapsedMs).to.be.within(5000, 12_000);
      expect(live.press('long')).to.equal(true);
      m = frame(1000);
      expect(m.held).to.deep.include({ kind: 'long' });
      expect(m.state).to.equal('running'); // a press is classified on release
      m = frame(700);
      expect(m.state).to.equal('paused');
      expect(m.cue).to.equal('pause');
      expect(renderFrame(m)).to.match(/State\s+PAUSED/);

      expect(live.press('veryLong')).to.equal(true);
      m = frame(4000);
      expect(m.state).to.equal('done');
      const done = m.elapsedMs;
      expect(frame(3000).elapsedMs, 'elapsed stops with the session').to.equal(done);
      expect(live.summary('so far')).to.include('1. Venous angle').and.include('ended done');
      live.driver.stop();
    });
  }

  it('plays the demo on the real-time driver to the same summary as runSession', () => {
    const w = { now: 0 };
    const live = new LiveSession({ board: 'puck', engine: 'core', speed: 1, narrate: true, realtime: { now: () => w.now, setTimer: () => null, clearTimer: () => {} } });
    live.schedule(demoActions());
    live.driver.start(() => {});
    const said: string[] = [];
    // until quiet: the session ends at ~162 s, the idle auto-off puts the radio to sleep 10 min later
    for (let i = 0; i < 40_000 && !(live.env.clock.nowUs > 143_000_000 && live.quiet()); i++) {
      w.now += 33; // 30 frames a second
      live.driver.frame();
      said.push(...live.follower.update(w.now));
    }
    expect(live.status().state).to.equal('done');
    const fast = runSession({ actions: demoActions(), engine: 'core' });
    expect(live.env.trace.toJsonl()).to.equal(fast.jsonl);
    expect(live.summary('s', true)).to.equal(formatSummary(summarize(fast.events, fast.endMs), 's'));
    expect(said.join('\n')).to.include('paused').and.include('resumed').and.include('done');
  });
});

// ---- the demo ------------------------------------------------------------------

describe('demo: the built-in session', () => {
  it('is the seed session with a pause in phase 2, as a scenario file says it', () => {
    expect(parseScenario(DEMO_SCENARIO).map(({ atMs, heldMs }) => ({ atMs, heldMs })))
      .to.deep.equal(DEMO_ACTIONS.map(({ atMs, heldMs }) => ({ atMs, heldMs })));
  });

  it('runs to the end: three phases, a pause, both targets, 15 pumps, done', () => {
    const { result, lines } = runDemo({ engine: 'core', board: 'puck' });
    expect(result.status.state).to.equal('done');
    const s = summarize(result.events, result.endMs);
    expect(s.phases.map((p) => p.name)).to.deep.equal(['Venous angle', 'Water wheel', 'Venous angle, close']);
    expect(s.phases[1].pauses).to.equal(1);
    expect(s.phases[1].targetAtMs, 'the water wheel still reaches its minute after the pause').to.not.equal(null);
    expect(s.phases[2].pumps).to.equal(15);
    const text = lines.join('\n');
    expect(text).to.include('phase 2/3 Water wheel').and.include('paused (long press)').and.include('resumed');
    expect(text).to.include('target reached at pump 61');
    expect(text).to.include('done (phase 3/3, 15 pumps)');
  });
});

// ---- the command --------------------------------------------------------------

describe('npm start (sim/cli/interactive.ts) without a terminal', function () {
  this.timeout(30_000);

  it('plays the demo to the end and prints the summary, exit 0', function () {
    if (!bundlesBuilt) this.skip();
    const t0 = Date.now();
    const r = run([]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    expect(Date.now() - t0).to.be.below(15_000);
    expect(r.stdout).to.include('Demo: Head drainage (head-drainage) on puck, bundle engine');
    expect(r.stdout).to.include('phase 1/3 Venous angle').and.include('phase 2/3 Water wheel').and.include('phase 3/3 Venous angle, close');
    const sum = summaryOf(r.stdout);
    expect(sum).to.match(/1\. Venous angle\s/).and.match(/2\. Water wheel\s/).and.match(/3\. Venous angle, close\s/);
    expect(sum).to.include(' 15 pumps');
    expect(sum).to.include('1 pause');
    expect(sum).to.include('ended done at');
    expect(r.stdout).not.to.include('\u001b['); // no screen codes into a pipe
  });

  it('takes --board and --engine', function () {
    if (!bundlesBuilt) this.skip();
    const r = run(['--board', 'pico', '--engine', 'core']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('on pico, core engine').and.include(' 15 pumps').and.include('ended done');
  });

  it('with --speed plays the demo on the wall clock, to the same summary', function () {
    if (!bundlesBuilt) this.skip();
    const t0 = Date.now();
    const slow = run(['--speed', '400', '--engine', 'core']);
    const wall = Date.now() - t0;
    expect(slow.code, slow.stderr).to.equal(0);
    expect(wall).to.be.above(300); // ~162 s of session at 400x: not instant
    expect(slow.stdout).to.include('played at 400x').and.include('resumed');
    const fast = run(['--engine', 'core']);
    expect(summaryOf(slow.stdout)).to.equal(summaryOf(fast.stdout));
  });

  it('a bad flag or value: one line on stderr naming it, exit 2', () => {
    const bad = run(['--bogus']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr.trim().split('\n')).to.have.length(1);
    expect(bad.stderr).to.include('--bogus');
    expect(bad.stdout).to.equal('');
    const speed = run(['--speed', 'fast']);
    expect(speed.code).to.equal(2);
    expect(speed.stderr).to.include('--speed');
    const board = run(['--board', 'uno']);
    expect(board.code).to.equal(2);
    expect(board.stderr).to.include('--board').and.include('uno');
  });

  it('a missing bundle: one line on stderr saying to build, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacer-nobundle-'));
    try {
      for (const d of ['sim', 'firmware', 'scripts', 'boards', 'common']) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
      cpSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      const r = run([], dir);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.include('no dist/pacer.puck.js');
      expect(r.stdout).to.equal('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('interactive: the LED colour', () => {
  it('shows the battery colours: yellow when both LEDs are lit, red alone, green for pacing', () => {
    const frame = (ledColor: 'green' | 'yellow' | 'red') => renderFrame(model({ led: true, ledColor, color: false }));
    expect(frame('yellow')).to.include('ON yellow');
    expect(frame('red')).to.include('ON red');
    expect(frame('green')).to.include('ON').and.not.include('ON green');
  });
});
