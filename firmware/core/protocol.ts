import { TEXTS } from './texts';
import { Phase, Protocol } from './types';

/**
 * A phase paced at the ppm setting, its push from the pushMs setting.
 * targetMs > 0: timed; pumps > 0: counted. Names and guidance are given as
 * `TEXTS ? '...' : ''` so builds for boards with no screen drop them.
 */
export function phase(id: string, name: string, guide: string, targetMs: number, pumps: number): Phase {
  return { id: id, name: name, guide: guide, ppm: 0, pushMs: 0, targetMs: targetMs, pumps: pumps };
}

/** Protocol ids that the firmware spells (a const enum: no variable on the device). */
export const enum ProtocolId {
  /** The seed protocol: the default, built into the resident firmware. */
  Default = 'head-drainage',
}

// The seed treatment (../shared/seed/head-drainage-transcript.txt): venous
// angle about a minute, the "water wheel" about a minute, then back to the
// venous angle for exactly fifteen pumps.
//
// Written out in full (not through phase()): it is resident on the device, and a helper
// function would stay in RAM with it. A function, not a constant: the device holds the
// protocol only while it is the one in force (a custom one in force leaves these
// 40 JsVars free). Names and guidance only where the build carries them (TEXTS): on a
// board with no screen the bundler folds each `TEXTS ? {...} : {}` to {}, and the
// resident protocol holds no text (about 5 JsVars a phase).
export function headDrainage(): Protocol {
  return Object.assign({ id: ProtocolId.Default }, TEXTS ? { name: 'Head drainage' } : {}, {
  phases: [
    Object.assign({ id: 'venous-angle' }, TEXTS ? {
      name: 'Venous angle', guide: 'Two fingers above the collarbone, extremely light, pump toward the heart',
    } : {}, { ppm: 0, pushMs: 0, targetMs: 60000, pumps: 0 }) as Phase,
    Object.assign({ id: 'water-wheel' }, TEXTS ? {
      name: 'Water wheel', guide: 'Where SCM meets the jaw: front, side, back; light, downward, arteries here',
    } : {}, { ppm: 0, pushMs: 0, targetMs: 60000, pumps: 0 }) as Phase,
    Object.assign({ id: 'venous-angle-close' }, TEXTS ? {
      name: 'Venous angle, close', guide: 'Back to the venous angle: fifteen light pumps toward the heart',
    } : {}, { ppm: 0, pushMs: 0, targetMs: 0, pumps: 15 }) as Phase,
  ],
  }) as Protocol;
}

/** The seed protocol, for host tools and tests (not built into the device: headDrainage() is). */
export const HEAD_DRAINAGE: Protocol = /* @__PURE__ */ headDrainage();
