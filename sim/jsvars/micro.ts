// One small program run two ways, so the model can be compared with the
// real interpreter: here on a virtual Espruino with the JsVar model, and by
// scripts/jsvars-calibrate.ts on any Espruino console. Both run the same
// steps: the program as the boot code (pretokenised or plain, from Storage)
// or typed at the console, then its `after` steps, then a measure.
import { defaultConfig } from '../../firmware/config';
import { tokeniser } from '../../common/tokeniser';
import { SimEnv } from '../env';
import { HARDWARE } from '../hardware';
import { observeDevices, VirtualEspruino } from '../virtual-espruino';
import { JsVarModel } from './model';
import { Shape } from './shape';

export type MicroMode = 'tokenised' | 'plain' | 'console';

/** A step after the program: the button pressed or released, time passing, a console line. */
export type MicroStep = { button: boolean } | { wait: number } | { line: string };

export interface MicroProgram {
  name: string;
  /** What it shows (the rule it checks). */
  about: string;
  code: string;
  /** tokenised/plain: written to Storage .bootcde as npm run flash writes it, then load(); console: typed as one line. */
  mode: MicroMode;
  after?: MicroStep[];
  /** Storage files written before it (a module to evaluate, a settings file). */
  files?: Record<string, string>;
  /** The peak is compared too (programs whose peak is their own work, not the steps'). */
  peak?: boolean;
}

/** Time a measure waits after the program (and after each step), ms: the same on both sides. */
export const SETTLE_MS = 500;

/**
 * The line both sides measure with: process.memory() from the console, as any real executor
 * would. Two calls: the first gives the peak since the last call (this line's arrival included)
 * and starts the next; the second the usage after a garbage collection. No function of its own
 * (a function expression would be held while it runs). A comment pads it to 200 characters: it
 * arrives as two copies for a moment (jsiHandleNewLine), so that moment is the empty
 * interpreter's peak, above whatever else an empty interpreter does (its prelude's own
 * process.memory() object), and every peak is measured from the same level. Its own JsVars are
 * in the empty interpreter's figures too, so they cancel.
 */
const MEASURE_CALL = 'print("JSVMEM",process.memory().peak,process.memory().usage)';
export const MEASURE_LINE = `${MEASURE_CALL}/*${'-'.repeat(200 - MEASURE_CALL.length - 4)}*/`;

/** Peak and usage from MEASURE_LINE's output. */
export function parseMeasure(text: string): { usage: number; peak: number } | null {
  const m = /JSVMEM (\d+) (\d+)/.exec(text);
  return m ? { peak: Number(m[1]), usage: Number(m[2]) } : null;
}

/** A program's absolute figures on a virtual Espruino with the model (null: the empty interpreter). */
function modelAbsolute(shape: Shape, p: MicroProgram | null): { usage: number; peak: number } {
  const env = new SimEnv(defaultConfig());
  // a micro program has no pacer.status() to trace: callbacks just run
  env.callback = (fn: () => void) => fn();
  env.observe = () => {};
  return observeDevices(
    () => new JsVarModel(shape, { bootTokenised: p?.mode === 'tokenised' }),
    () => {
      const device = new VirtualEspruino(env, HARDWARE.puck);
      for (const [name, text] of Object.entries(p?.files ?? {})) device.storage.files.set(name, text);
      const boot = p && p.mode !== 'console' ? p.code : '';
      if (p && p.mode !== 'console') device.storage.files.set('.bootcde', p.mode === 'tokenised' ? tokeniser().tokenise(p.code) : p.code);
      const advance = (ms: number) => env.clock.runUntil(env.clock.nowUs + ms * 1000);
      device.jsvars(); // process.memory();load(): the peak starts here
      if (boot) device.load(boot, 'micro.js');
      advance(SETTLE_MS);
      if (p && p.mode === 'console') {
        device.repl(p.code);
        advance(SETTLE_MS);
      }
      for (const step of p?.after ?? []) {
        if ('button' in step) {
          // the instrument's pins: a write to a watched pin is an input edge
          device.repl(`digitalWrite(BTN,${step.button ? 1 : 0})`);
          device.input(device.hw.btnPin, step.button);
        }
        else if ('wait' in step) advance(step.wait);
        else device.repl(step.line);
        advance(SETTLE_MS);
      }
      if (device.uncaught) throw new Error(`${p?.name}: ${device.console.join('\n')}`);
      const m = parseMeasure(device.repl(MEASURE_LINE).join('\n'));
      if (!m) throw new Error(`${p?.name}: no measure`);
      return m;
    },
  );
}

const baselines = new Map<Shape, { usage: number; peak: number }>();

/** The model's figures for a program, above an empty interpreter measured the same way (as scripts/jsvars-calibrate.ts). */
export function modelRun(shape: Shape, p: MicroProgram): { held: number; peak: number } {
  let base = baselines.get(shape);
  if (!base) baselines.set(shape, (base = modelAbsolute(shape, null)));
  const m = modelAbsolute(shape, p);
  return { held: m.usage - base.usage, peak: m.peak - base.peak };
}
