// Regression tests for defects a code review found (each was reproduced first).
import { expect } from 'chai';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_CUES } from '../firmware/core/cues';
import { MOTOR_MAX_MS } from '../firmware/core/limits';
import { defaultConfig } from '../firmware/config';
import { readBundle } from '../sim/engines/bundle-engine';
import { BundleEngine } from '../sim/engines/bundle-engine';
import { parseStored, readLog } from '../sim/device-files';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { parseScenario } from '../sim/scenario';
import { runSession, scheduleActions } from '../sim/session';
import { STORAGE_BYTES } from '../sim/storage';
import { checksum } from '../firmware/core/checksum';
import { config, Driver } from './helpers/drive';

function boot(board: keyof typeof HARDWARE = 'puck', files: Record<string, string> = {}) {
  const env = new SimEnv(defaultConfig());
  const engine = new BundleEngine(env, HARDWARE[board], files);
  const play = (text: string, untilS: number) => {
    scheduleActions(env, engine, parseScenario(text));
    env.clock.runUntil(untilS * 1e6);
  };
  return { env, engine, dev: engine.device, play };
}

describe('review fixes', () => {
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

  it('MDBT42Q has no battery gauge: it boots, paces and never calls E.getBattery', () => {
    const r = runSession({ actions: parseScenario('0 press\n65 press\n130 press\n'), board: 'mdbt42q' });
    expect(r.status.state).to.equal('done');
    expect((r.engine as BundleEngine).device.uncaught).to.equal(0);
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

  it('a full Storage does not stop pacing: the session plays to its end, the failed writes are faults', () => {
    const b = boot('puck', { filler: 'x'.repeat(STORAGE_BYTES - 'filler'.length - 60) });
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

  it('a 2 ms gap does not start a new motor stretch: a cue of two 1 s buzzes 2 ms apart gets 1 s in all', () => {
    const cues = { ...DEFAULT_CUES, phase: [[0, 0, 1, 1000], [1002, 0, 1, 1000]] };
    const d = new Driver(config({ cues, settings: { leadIn: false, ppm: 30 } })).press(0).runTo(1900);
    const on = d.motor().filter((o) => o.t < 1900);
    expect(on.reduce((sum, o) => sum + o.ms, 0)).to.be.at.most(MOTOR_MAX_MS);
  });

  it('a press during the tap-tempo confirm cue does not leave tempo stuck: a later tempo still times out', () => {
    const taps = [5, 5.8, 6.6, 7.4, 8.2, 9].map((t) => `${t} press`).join('\n');
    const script = `1 hold 3.5\n${taps}\n9.5 hold 1.5\n11.03 hold 3.5\n20 hold 3.5\n`;
    for (const engine of ['core', 'bundle'] as const) {
      const r = runSession({ actions: parseScenario(script), engine });
      expect(r.status.state, engine).to.equal('idle');
      expect(r.status.asleep, engine).to.equal(true); // the idle auto-off ran: nothing stuck
    }
  });

  it('checksums are over the exact text written: digits the interpreter prints differently still read back', () => {
    const body = '{"v":{"start":148145.00000000003,"x":1.50},"n":3';
    const text = `${body},"c":${checksum(body)}}`;
    expect(parseStored(text)).to.deep.equal({ v: { start: 148145.00000000003, x: 1.5 }, n: 3 });
    const b = boot('puck', { 'pacer.log0': text });
    expect(readLog(b.dev.storage)[0].corrupt).to.equal(false);
  });

  it('Bangle.js 2: the screen is drawn at boot and redrawn after a protocol change', () => {
    const b = boot('bangle2');
    const screens = () => b.env.trace.events.filter((e) => e.type === 'screen').map((e) => String(e.text));
    expect(screens()[0]).to.include('Head drainage').and.include('Press to start');
    b.engine.console("pacer.protocol('head-neck')");
    expect(screens().pop()).to.include('Head and neck');
  });

  it('a Storage module from another build is refused with a clear error; pacing is untouched', () => {
    const cmd = readFileSync(path.join(__dirname, '..', 'dist/pacer.cmd.js'), 'utf8');
    const other = cmd.replace(/"[0-9a-f]{8}"/, '"00000000"');
    expect(other).to.not.equal(cmd);
    const b = boot('puck', {});
    b.dev.storage.files.set('pacer.cmd', other);
    expect(() => b.engine.console('pacer.settings({ppm:50})')).to.throw(/another build: flash again/);
    b.play('0 press\n', 5);
    expect(b.engine.status().state).to.equal('running');
  });
});
