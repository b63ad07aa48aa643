// One way to boot the flashed firmware in the tests: the built bundle of a
// board on the virtual Espruino, with what its Storage holds at power-up, on
// a fresh simulated world (clock, battery, trace).
import { defaultConfig } from '../../firmware/config';
import { Config } from '../../firmware/core/types';
import { BoardId } from '../../boards';
import { BundleEngine } from '../../sim/engines/bundle-engine';
import { BatteryModel, SimEnv } from '../../sim/env';
import { HARDWARE } from '../../sim/hardware';
import { parseScenario } from '../../sim/scenario';
import { scheduleActions } from '../../sim/session';

export interface BootOptions {
  board?: BoardId;
  /** Storage files there before the firmware boots (a log, a protocol, a torn file, the secret). */
  files?: Record<string, string>;
  /** The simulated world's config (the core engine's reference; the bundle reads its own from Storage). */
  config?: Config;
  battery?: BatteryModel;
}

export interface Booted {
  env: SimEnv;
  engine: BundleEngine;
  dev: BundleEngine['device'];
  /** Play a scenario (times in s from the clock's start) and run the clock until `untilS`. */
  play: (scenario: string, untilS: number) => void;
}

export function boot(o: BootOptions = {}): Booted {
  const env = new SimEnv(o.config ?? defaultConfig());
  if (o.battery) env.battery = o.battery;
  const engine = new BundleEngine(env, HARDWARE[o.board ?? 'puck'], o.files ?? {});
  const play = (scenario: string, untilS: number) => {
    scheduleActions(env, engine, parseScenario(scenario));
    env.clock.runUntil(untilS * 1e6);
  };
  return { env, engine, dev: engine.device, play };
}

/** The value a console line returns (the "=..." line it prints), or undefined. */
export function ask(engine: BundleEngine, line: string): unknown {
  const r = engine.console(line).filter((l) => l.startsWith('=')).pop();
  return r === undefined ? undefined : JSON.parse(r.slice(1));
}
