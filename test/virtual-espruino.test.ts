// The virtual Espruino follows the interpreter where Node differs.
import { expect } from 'chai';
import { defaultConfig } from '../firmware/config';
import { SimEnv } from '../sim/env';
import { HARDWARE } from '../sim/hardware';
import { eventsOf } from '../sim/trace-events';
import { VirtualEspruino } from '../sim/virtual-espruino';

const STATUS = 'global.pacer={status:function(){return {state:"idle",phase:0,phaseId:"x",n:0,cue:"",cueCount:0}}};';

function device(code = '', board: keyof typeof HARDWARE = 'puck') {
  const env = new SimEnv(defaultConfig());
  const dev = new VirtualEspruino(env, HARDWARE[board]);
  dev.load(STATUS + code);
  return { env, dev, run: (ms: number) => env.clock.runUntil(env.clock.nowUs + ms * 1000) };
}

describe('virtual Espruino', () => {
  it('clearTimeout() with no argument clears every timer', () => {
    const { dev, run } = device('global.hits=0;setTimeout(function(){hits++},10);setTimeout(function(){hits++},20);clearTimeout();');
    run(100);
    expect(dev.context.hits).to.equal(0);
    expect(dev.armedTimers()).to.equal(0);
  });

  it('clearTimeout(undefined) and clearing an unknown id throw, as on the device', () => {
    const { dev } = device('try{clearTimeout(undefined)}catch(e){global.a=e.message} try{clearTimeout(99)}catch(e){global.b=e.message} try{clearWatch(undefined)}catch(e){global.c=e.message}');
    expect([dev.context.a, dev.context.b, dev.context.c]).to.deep.equal(['Unknown Timeout', 'Unknown Timeout', 'Unknown Watch']);
  });

  it('an error thrown in a callback is printed as Uncaught and the loop goes on', () => {
    const { dev, run } = device('setTimeout(function(){throw new Error("boom")},10);global.later=0;setTimeout(function(){later=1},20);');
    run(50);
    expect(dev.console).to.deep.equal(['Uncaught Error: boom']);
    expect(dev.context.later).to.equal(1);
  });

  it('built-ins the interpreter lacks are missing', () => {
    const { dev } = device('global.t=[typeof Map,typeof Set,typeof Symbol,typeof Array.from,typeof Number.isFinite,typeof Object.freeze,typeof Math.trunc,typeof [].lastIndexOf].join();');
    expect(dev.context.t).to.equal('undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined');
  });

  it('a global it does not provide is a loud error, and so is an unmodelled member of E', () => {
    const a = device('setDeepSleep(1);');
    expect(a.dev.console[0]).to.match(/ReferenceError: setDeepSleep is not defined/);
    const b = device('E.setConsole();');
    expect(b.dev.console[0]).to.match(/E\.setConsole is not modelled/);
  });

  it('pins exist per board: FET on a Puck.js, not on a Pico', () => {
    expect(device('digitalWrite(FET,1);').dev.level('FET')).to.equal(1);
    expect(device('digitalWrite(FET,1);', 'pico').dev.console[0]).to.match(/FET is not defined/);
  });

  it('setInterval re-arms from its target time: 100 runs of 10 ms end at exactly 1 s', () => {
    const { dev, run, env } = device('global.ts=[];global.id=setInterval(function(){ts.push(getTime())},10);');
    run(1000);
    const ts = dev.context.ts as number[];
    expect(ts).to.have.length(100);
    expect(ts[99]).to.equal(1);
    expect(env.clock.nowUs).to.equal(1_000_000);
  });

  it('setWatch debounces bounces and reports time/lastTime so the press length is exact', () => {
    const { dev, env } = device('global.ev=[];setWatch(function(e){ev.push([e.state,e.time,e.lastTime])},BTN,{repeat:true,edge:"both",debounce:25});');
    const at = (ms: number, level: boolean) => env.clock.at(ms * 1000, () => dev.input('BTN', level));
    // down at 100 ms with 3 bounces in 5 ms, up at 1600 ms with bounces
    [[100, true], [101, false], [102, true], [104, false], [105, true], [1600, false], [1602, true], [1603, false]].forEach(([t, l]) => at(t as number, l as boolean));
    env.clock.runUntil(3_000_000);
    const ev = dev.context.ev as Array<[boolean, number, number | undefined]>;
    expect(ev).to.have.length(2);
    expect(ev[0][0]).to.equal(true);
    expect(ev[1][0]).to.equal(false);
    expect(Math.round((ev[1][1] - (ev[1][2] as number)) * 1000)).to.equal(1498);
  });

  it('digitalPulse is hardware-timed: the pin goes back by itself with no timer or wake-up', () => {
    const { dev, env } = device('digitalPulse(LED2,1,30);');
    expect(dev.level('LED2')).to.equal(1);
    env.clock.runUntil(31_000);
    expect(dev.level('LED2')).to.equal(0);
    expect(dev.wakes).to.equal(0);
  });

  it('Bangle.buzz queues a buzz asked for while one runs (why the adapter must not pile them up)', () => {
    const { env } = device('Bangle.buzz(100,1);Bangle.buzz(100,1);', 'bangle2');
    env.clock.runUntil(300_000);
    const motor = eventsOf(env.trace.events, 'motor').map((e) => [e.t_ms, e.value]);
    expect(motor).to.deep.equal([[0, 1], [100, 0], [100, 1], [200, 0]]); // the second buzz plays 100 ms late
  });

  it('Storage keeps files with names up to 28 characters', () => {
    const { dev } = device('var s=require("Storage");s.writeJSON("pacer.set",{ppm:50});global.r=s.readJSON("pacer.set").ppm;try{s.write("x".repeat(29),"a")}catch(e){global.err=e.message}');
    expect(dev.context.r).to.equal(50);
    expect(String(dev.context.err)).to.match(/1\.\.28 characters/);
  });
});
