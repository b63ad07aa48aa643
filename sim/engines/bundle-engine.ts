// The bundle engine: the very file that gets flashed (dist/pacer.<board>.js),
// loaded into the virtual Espruino and driven through its pins.
import { readFileSync } from 'fs';
import * as path from 'path';
import { Status } from '../../firmware/core/types';
import { bundlePath } from '../../scripts/boards';
import { Engine, SimEnv } from '../env';
import { VirtualHardware } from '../hardware';
import { VirtualEspruino } from '../virtual-espruino';

export function readBundle(hw: VirtualHardware): string {
  const file = path.join(__dirname, '../..', bundlePath(hw.id));
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no bundle at ${bundlePath(hw.id)}: run npm run build first`);
  }
}

export class BundleEngine implements Engine {
  readonly name = 'bundle' as const;
  readonly device: VirtualEspruino;

  constructor(env: SimEnv, hw: VirtualHardware, code = readBundle(hw)) {
    this.device = new VirtualEspruino(env, hw);
    this.device.load(code, bundlePath(hw.id));
    if (this.device.uncaught) throw new Error(`the bundle failed to load: ${this.device.console.join('\n')}`);
    env.observe(this.device.status());
  }

  button(down: boolean): void {
    this.device.input(this.device.hw.btnPin, down);
  }

  status(): Status {
    return this.device.status();
  }

  armedTimers(): number {
    return this.device.armedTimers();
  }
}
