// One simulated device for the benchmark: ours (the bundle, or the core
// engine) or the naive one, on a Puck.js or another board, its trace read by
// a Recorder, with presses and readings scheduled on the virtual clock.
import { makeConfig } from '../../firmware/config';
import { HEAD_DRAINAGE } from '../../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../../firmware/core/settings';
import { Settings, Status } from '../../firmware/core/types';
import { BundleEngine } from '../../sim/engines/bundle-engine';
import { CoreEngine } from '../../sim/engines/core-engine';
import { Engine, EngineName, SimEnv } from '../../sim/env';
import { HARDWARE } from '../../sim/hardware';
import { LatencyModel, VirtualEspruino } from '../../sim/virtual-espruino';
import { BoardId } from '../../boards';
import { Reading } from '../power-model';
import { NAIVE_PATH, naiveCode } from './naive';
import { PacerName } from './params';
import { Recorder } from './recorder';

export interface Rig {
  env: SimEnv;
  device: VirtualEspruino | null;
  rec: Recorder;
  status(): Status;
  /** The button down at `atUs` for `heldMs`. */
  press(atUs: number, heldMs: number): void;
  /** A reading scheduled at `atUs`, with the device's state then. */
  mark(atUs: number, into: Array<{ reading: Reading; state: string }>): void;
}

export function makeRig(pacer: PacerName, board: BoardId, opts: { engine?: EngineName; latency?: LatencyModel; settings?: Partial<Settings> } = {}): Rig {
  const env = new SimEnv(makeConfig(HEAD_DRAINAGE, { ...DEFAULT_SETTINGS, ...opts.settings }));
  let device: VirtualEspruino | null = null;
  const rec = new Recorder(env, () => (device ? { wakes: device.wakes, watchCalls: device.watchCalls } : { wakes: 0, watchCalls: 0 }));
  let engine: Engine | null = null;
  if (pacer === 'naive') {
    if (board !== 'puck') throw new Error('bench: the naive pacer is written for the Puck.js pins');
    device = new VirtualEspruino(env, HARDWARE.puck);
    if (opts.latency) device.latency = opts.latency;
    device.load(naiveCode(), NAIVE_PATH);
    if (device.uncaught) throw new Error(`bench: the naive pacer failed to load: ${device.console.join('\n')}`);
    env.observe(device.status());
  } else if (opts.engine === 'core') {
    engine = new CoreEngine(env, env.config, HARDWARE[board]);
  } else {
    const b = new BundleEngine(env, HARDWARE[board]);
    device = b.device;
    // the auto-off timer armed while loading was on time; every later delivery is late by the model
    if (opts.latency) device.latency = opts.latency;
  }
  // settings as a person would give them: typed at the console, in idle
  if (opts.settings && device) device.repl(`pacer.settings(${JSON.stringify(opts.settings)})`);
  const dev = device;
  const button = (down: boolean) => (dev ? dev.input(dev.hw.btnPin, down) : (engine as Engine).button(down));
  const status = () => (dev ? dev.status() : (engine as Engine).status());
  return {
    env, device, rec, status,
    press: (atUs, heldMs) => {
      env.clock.at(atUs, () => button(true));
      env.clock.at(atUs + heldMs * 1000, () => button(false));
    },
    mark: (atUs, into) => {
      env.clock.at(atUs, () => into.push({ reading: rec.reading(atUs), state: status().state }));
    },
  };
}
