// The bundle engine: the very file that gets flashed (dist/pacer.<board>.js),
// loaded into the virtual Espruino and driven through its pins.
import { readFileSync } from 'fs';
import * as path from 'path';
import { Status } from '../../firmware/core/types';
import { BoardId } from '../../boards';
import { bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../../common/dist';
import { tokeniser } from '../../common/tokeniser';
import { Engine, SimEnv } from '../env';
import { VirtualHardware } from '../hardware';
import { bootDevice, VirtualEspruino } from '../virtual-espruino';

function readDist(rel: string): string {
  try {
    return readFileSync(path.join(__dirname, '../..', rel), 'utf8');
  } catch {
    throw new Error(`no ${rel}: run npm run build first`);
  }
}

export function readBundle(hw: VirtualHardware): string {
  return readDist(bundlePath(hw.id));
}

/** The Storage modules' plain text as built for this board (common/dist.ts modulePath), by Storage name. */
export function readModules(board: BoardId): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of MODULE_KEYS) out[moduleFile(key)] = readDist(modulePath(key, board));
  return out;
}

/** Storage modules as npm run flash leaves them: pretokenised, by Storage name. */
export function moduleFiles(plain: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(plain)) {
    // tokenising is slow, and a fuzz run boots thousands of devices: once per text
    if (!tokenised.has(text)) tokenised.set(text, tokeniser().tokenise(text));
    out[name] = tokenised.get(text) as string;
  }
  return out;
}
const tokenised = new Map<string, string>();

export class BundleEngine implements Engine {
  readonly name = 'bundle' as const;
  device: VirtualEspruino;
  /** Power cycles so far. */
  boots = 1;

  /** `files`: Storage contents before boot (a log, a torn file...), as an earlier life would leave them. */
  constructor(private readonly env: SimEnv, hw: VirtualHardware, files: Record<string, string> = {}, private readonly code = readBundle(hw)) {
    this.device = bootDevice(env, hw, { ...moduleFiles(readModules(hw.id)), ...files }, code, bundlePath(hw.id));
  }

  /**
   * The power goes and comes back (or the watchdog resets the chip): RAM and pins are gone, a
   * new interpreter runs the boot code again and fires 'init', with what Storage holds.
   */
  powerCycle(): void {
    const old = this.device;
    old.powerOff();
    // the RTC starts again with the chip: getTime() reads from 0
    this.env.clock.stepUs = -this.env.clock.nowUs;
    const next = new VirtualEspruino(this.env, old.hw, old.storage);
    next.latency = old.latency;
    next.callFault = old.callFault;
    next.btnLoadTimeoutMs = old.btnLoadTimeoutMs;
    this.device = next;
    this.boots += 1;
    next.load(this.code, bundlePath(old.hw.id));
    next.emit('init');
  }

  button(down: boolean): void {
    this.device.input(this.device.hw.btnPin, down);
  }

  status(): Status {
    return this.device.status();
  }

  /** Type a line at the device's console; what it printed is returned, an error thrown. */
  console(line: string): string[] {
    return this.device.repl(line);
  }

  armedTimers(): number {
    return this.device.armedTimers();
  }
}
