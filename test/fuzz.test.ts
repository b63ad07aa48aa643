// The seeded fault simulator: the fixed CI range of seeds passes every
// invariant, a seed replays byte for byte, and the hardening each fault kind
// forced is shown directly on the device bundle.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { bundlePatched } from '../scripts/build';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { makeConfig } from '../firmware/config';
import { readLog } from '../sim/device-files';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { describeFailure, runSeed } from '../sim/fuzz/run';
import { FAULT_KINDS, kindsOf, planFor } from '../sim/fuzz/plan';

/** CI's fixed range: seeds 1..CI_SEEDS. `npm run fuzz -- --seeds 10000` runs the long one. */
const CI_SEEDS = 500;

function puck(): { env: SimEnv; engine: BundleEngine } {
  const env = new SimEnv(makeConfig(HEAD_DRAINAGE, DEFAULT_SETTINGS));
  return { env, engine: new BundleEngine(env, HARDWARE.puck) };
}

function pressAt(env: SimEnv, engine: BundleEngine, atMs: number, heldMs = 200): void {
  env.clock.at(atMs * 1000, () => engine.button(true));
  env.clock.at((atMs + heldMs) * 1000, () => engine.button(false));
}

describe('fuzz: the seeded fault simulator', function () {
  this.timeout(300_000);

  it(`seeds 1..${CI_SEEDS} keep every invariant, and together draw every fault kind`, () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= CI_SEEDS; seed++) {
      const r = runSeed(seed);
      if (r.violation) expect.fail(describeFailure(r));
      for (const k of kindsOf(r.plan)) seen.add(k);
    }
    expect([...seen].sort()).to.deep.equal([...FAULT_KINDS].sort());
  });

  it('one seed drives everything: the same seed gives the same plan and the same trace, byte for byte', () => {
    const a = runSeed(77, { keep: true });
    const b = runSeed(77, { keep: true });
    expect(JSON.stringify(planFor(77))).to.equal(JSON.stringify(a.plan));
    expect(a.env!.trace.toJsonl()).to.equal(b.env!.trace.toJsonl());
    expect(a.events).to.equal(b.events).and.to.be.greaterThan(100);
    expect(runSeed(78, { keep: true }).env!.trace.toJsonl()).to.not.equal(a.env!.trace.toJsonl());
  });

  it('a failing seed prints its seed, invariant and last events, and replays to the same failure', async () => {
    const broken = await bundlePatched('puck', [{ file: 'firmware/adapter.ts', from: 'E.enableWatchdog(WATCHDOG_S, true);', to: '' }]);
    let seed = 1;
    while (!planFor(seed, ['hang']).faults.hangs.length) seed++;
    const plan = { ...planFor(seed, ['hang']), board: 'puck' as const };
    const first = runSeed(seed, { plan, ...broken });
    const again = runSeed(seed, { plan, ...broken });
    expect(first.violation?.invariant).to.equal('watchdog');
    expect(again.violation).to.deep.equal(first.violation);
    expect(again.lastEvents).to.deep.equal(first.lastEvents);
    const text = describeFailure(first);
    expect(text).to.match(new RegExp(`^FAIL seed ${seed}: watchdog at `));
    expect(text).to.include('the interpreter hangs').and.to.include(`replay: npm run fuzz -- --seed ${seed}`);
  });

  it('npm run fuzz: --seed replays one seed, bad flags name the flag', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'sim/cli/fuzz.ts', ...args], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
    const one = run('--seed', '3');
    expect(one.status, one.stderr).to.equal(0);
    expect(one.stdout).to.match(/^seed 3: ok {2}\w+ /);
    const some = run('--seeds', '3', '--from', '10');
    expect(some.stdout).to.include('3 seed(s) from 10: all invariants held');
    const bad = run('--seeds', 'many');
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('--seeds must be an integer');
    expect(run('--seed', '1', '--from', '2').stderr).to.include('--seed replays one seed');
  });
});

describe('fuzz: the hardening the faults forced', function () {
  this.timeout(30_000);

  it('the firmware keeps a watchdog (a hang resets the chip into idle)', () => {
    const { engine } = puck();
    expect(engine.device.watchdogS).to.equal(5);
  });

  it('one physical press, one action: 20 ms of contact bounce on both edges still advances one phase', () => {
    const { env, engine } = puck();
    pressAt(env, engine, 1000);
    env.clock.runUntil(5_000_000);
    expect(engine.status().phase).to.equal(0);
    // press at 10 s with bounce: down, up 3 ms later, down 9 ms, ... settling within 20 ms; the same on release
    const t = 10_000_000;
    [[0, true], [3000, false], [9000, true], [14000, false], [20000, true], [300000, false], [305000, true], [312000, false], [319000, true], [320000, false]]
      .forEach(([dt, level]) => env.clock.at(t + (dt as number), () => engine.button(level as boolean)));
    env.clock.runUntil(12_000_000);
    expect(engine.status()).to.include({ state: 'running', phase: 1 });
    expect(engine.device.releases).to.equal(2);
  });

  it('an exception in a callback turns every output off, goes to idle and logs the session as interrupted', () => {
    const { env, engine } = puck();
    pressAt(env, engine, 0);
    env.clock.runUntil(20_000_000);
    // the next pin write throws: mid-session, at a pump
    let armed = true;
    engine.device.callFault = (api) => api === 'digitalPulse' && armed && !(armed = false);
    env.clock.runUntil(22_000_000);
    expect(armed).to.equal(false);
    expect(engine.device.uncaught).to.equal(0);
    expect(engine.status().state).to.equal('idle');
    expect(env.board.level).to.deep.equal({ led: 0, led_red: 0, motor: 0 });
    expect(engine.device.context.pacer.faults()[0]).to.match(/^error: injected fault in digitalPulse/);
    const log = readLog(engine.device.storage);
    expect(log.map((r) => r.entry?.end)).to.deep.equal(['interrupted']);
    expect(engine.device.armedTimers()).to.equal(1); // the idle auto-off, armed again
  });

  it('a second exception while recovering (the timer cannot be armed) still leaves idle, everything off, nothing uncaught', () => {
    const { env, engine } = puck();
    pressAt(env, engine, 0);
    env.clock.runUntil(20_000_000);
    const waiting = ['digitalPulse', 'setTimeout'];
    engine.device.callFault = (api) => waiting[0] === api && !!waiting.shift();
    env.clock.runUntil(22_000_000);
    expect(waiting).to.deep.equal([]);
    expect(engine.device.uncaught).to.equal(0);
    expect(engine.status().state).to.equal('idle');
    expect(env.board.level).to.deep.equal({ led: 0, led_red: 0, motor: 0 });
    // the next press is heard: the watch outlives the failure
    pressAt(env, engine, 30_000);
    env.clock.runUntil(31_000_000);
    expect(engine.status().state).to.equal('running');
  });

  it('a power cycle mid-session boots to idle, outputs off, the session so far logged as interrupted', () => {
    const { env, engine } = puck();
    pressAt(env, engine, 0);
    pressAt(env, engine, 65_000);
    env.clock.runUntil(80_000_000);
    engine.powerCycle();
    expect(engine.status().state).to.equal('idle');
    expect(env.board.level).to.deep.equal({ led: 0, led_red: 0, motor: 0 });
    const [row] = readLog(engine.device.storage);
    expect(row.entry?.end).to.equal('interrupted');
    expect(row.entry?.phases.map((p) => p[0])).to.deep.equal([0, 1]);
  });

  for (const [what, stepMs] of [['back an hour', -3600_000], ['back 300 ms', -300], ['forward to the calendar', 1.7e12]] as const) {
    it(`setTime() ${what} mid-session: the next pump comes one period later, not a step later nor at once`, () => {
      const { env, engine } = puck();
      pressAt(env, engine, 0);
      const pumps: number[] = [];
      let n = 0;
      const watch = () => {
        const st = engine.status();
        if (st.n !== n && st.n > 0) pumps.push(env.clock.nowUs / 1000);
        n = st.n;
      };
      env.clock.afterEach = watch;
      env.clock.runUntil(30_000_000);
      env.clock.at(30_500_000, () => engine.console(`setTime(${(env.clock.wallUs + stepMs * 1000) / 1e6})`));
      env.clock.runUntil(40_000_000);
      env.clock.afterEach = null;
      const gaps = pumps.slice(1).map((t, i) => t - pumps[i]);
      for (const g of gaps) expect(g).to.be.closeTo(1000, 5);
      expect(pumps.length).to.be.greaterThan(30);
    });
  }
});
