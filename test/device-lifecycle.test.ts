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

function boot(board: keyof typeof HARDWARE = 'puck') {
  const env = new SimEnv(defaultConfig());
  const engine = new BundleEngine(env, HARDWARE[board]);
  return { env, engine, dev: engine.device };
}

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
