// The bundle on the virtual Espruino: one timer at a time, nothing armed when
// idle, outputs off on E.on('kill'), a clean restart on E.on('init').
import { expect } from 'chai';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { SimEnv } from '../sim/env';
import { defaultConfig } from '../firmware/config';
import { HARDWARE } from '../sim/hardware';
import { parseScenario } from '../sim/scenario';
import { scheduleActions } from '../sim/session';
import { storedText } from '../sim/device-files';
import { boot } from './helpers/boot';
import { readBundle } from '../sim/engines/bundle-engine';
import { readLog } from '../sim/device-files';
import { runSession } from '../sim/session';

describe('device bundle lifecycle', () => {
  it('boots idle: one watch, one timer (the idle auto-off), outputs off, nothing printed', () => {
    const { engine, dev, env } = boot();
    expect(engine.status().state).to.equal('idle');
    expect([dev.watchCount(), dev.armedTimers()]).to.deep.equal([1, 1]);
    expect(env.clock.nextUs()).to.equal(10 * 60 * 1e6);
    expect([dev.level('LED2'), dev.level('FET')]).to.deep.equal([0, 0]);
    expect(dev.console).to.deep.equal([]);
  });

  it('never has more than one timer armed through a whole session, and none once done', () => {
    const { env, engine, dev } = boot();
    scheduleActions(env, engine, parseScenario('0 press\n20 hold 1.5\n30 press\n65 press\n130 press\n'));
    let max = 0;
    let callbacks = 0;
    for (let next = env.clock.nextUs(); next !== null; next = env.clock.nextUs()) {
      env.clock.runUntil(next);
      max = Math.max(max, dev.armedTimers());
      callbacks += 1;
    }
    expect(callbacks).to.be.greaterThan(300);
    expect(max).to.equal(1);
    expect(engine.status()).to.include({ state: 'done', asleep: true });
    expect(dev.armedTimers()).to.equal(0);
    expect(dev.uncaught).to.equal(0);
  });

  it("E.on('kill') turns every output off mid-buzz", () => {
    const { env, engine, dev } = boot();
    scheduleActions(env, engine, parseScenario('0 press\n'));
    env.clock.runUntil(3_145_000 + 10_000); // 10 ms into pump 1
    expect(dev.level('FET')).to.equal(1);
    dev.emit('kill');
    expect([dev.level('LED2'), dev.level('FET')]).to.deep.equal([0, 0]);
  });

  it("E.on('init') after save() and a power cycle: idle, outputs off, one watch, only the auto-off timer, and it works", () => {
    const { env, engine, dev } = boot();
    scheduleActions(env, engine, parseScenario('0 press\n'));
    env.clock.runUntil(10_000_000);
    dev.emit('init');
    expect(engine.status().state).to.equal('idle');
    expect([dev.watchCount(), dev.armedTimers()]).to.deep.equal([1, 1]);
    expect([dev.level('LED2'), dev.level('FET')]).to.deep.equal([0, 0]);
    scheduleActions(env, engine, parseScenario('11 press\n'));
    env.clock.runUntil(20_000_000);
    expect(engine.status()).to.include({ state: 'running', phase: 0 });
    expect(dev.uncaught).to.equal(0);
  });
});

describe('device bundle: Storage it did not write', () => {
  it('a whole (checksum-valid) protocol or settings file of the wrong shape still boots, on the defaults', () => {
    const env = new SimEnv(defaultConfig());
    const engine = new BundleEngine(env, HARDWARE.puck, { 'pacer.pro': storedText({ id: 'x' }), 'pacer.set': storedText({ nope: 1 }) });
    expect(engine.device.uncaught).to.equal(0);
    expect(engine.status()).to.include({ state: 'idle', phaseId: 'venous-angle' });
    scheduleActions(env, engine, parseScenario('0 press\n'));
    env.clock.runUntil(5_000_000);
    expect(engine.status()).to.include({ state: 'running', n: 2 });
  });
});

describe('device bundle lifecycle: a power cycle after save(), the Bangle.js 2\'s button and screen', () => {
  it('save() then a power cycle: the restored pacer is stopped, exactly one runs (one watch, one timer, one log entry a session)', () => {
    const b = boot();
    b.play('0 press\n', 10);
    // a power cycle after save(): the saved RAM comes back (same context), the boot code runs again, then 'init'
    b.dev.load(readBundle(HARDWARE.puck));
    b.dev.emit('init');
    expect([b.dev.watchCount(), b.dev.armedTimers()]).to.deep.equal([1, 1]);
    expect(b.engine.status().state).to.equal('idle');
    b.engine.console('pacer.settings({ppm: 45})');
    b.play('20 press\n25 hold 3.5\n', 40);
    const starts = b.env.trace.events.filter((e) => e.type === 'motor' && e.value === 1 && e.t_ms > 20_000 && e.t_ms < 28_000).map((e) => e.t_ms);
    // one rhythm only, at 45/min (1333 ms): no second instance pacing at 60/min beside it
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).to.be.greaterThan(1300);
    expect(readLog(b.dev.storage).map((r) => r.entry!.end)).to.deep.equal(['interrupted', 'ended']);
    expect(b.dev.uncaught).to.equal(0);
  });


  it('Bangle.js 2: long holds do not make the watch reload the app (btnLoadTimeout 0); the model would', () => {
    const r = runSession({ actions: parseScenario('0 press\n10 hold 1.6\n20 press\n30 hold 3.5\n'), board: 'bangle2' });
    const dev = (r.engine as BundleEngine).device;
    expect([dev.btnLoadTimeoutMs, dev.appReloads]).to.deep.equal([0, 0]);
    const env = new SimEnv(defaultConfig());
    const bare = new BundleEngine(env, HARDWARE.bangle2);
    bare.device.btnLoadTimeoutMs = 1500; // as if the firmware had not set it
    scheduleActions(env, bare, parseScenario('1 hold 2\n'));
    env.clock.runUntil(5e6);
    expect(bare.device.appReloads).to.equal(1);
  });


  it('Bangle.js 2: the screen is drawn at boot and redrawn after a protocol change', () => {
    const b = boot({ board: 'bangle2' });
    const screens = () => b.env.trace.events.filter((e) => e.type === 'screen').map((e) => String(e.text));
    expect(screens()[0]).to.include('Head drainage').and.include('Press to start');
    b.engine.console("pacer.protocol('head-neck')");
    expect(screens().pop()).to.include('Head and neck');
  });

});
