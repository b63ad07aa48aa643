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
// board with no screen the bundler folds `TEXTS ? {...} : p` to `p`,
// so the resident protocol holds no text (about 5 JsVars a phase) and its code no
// Object.assign per phase (Storage bytes).
export function headDrainage(): Protocol {
  const p = {
    id: ProtocolId.Default,
    phases: [
      { id: 'venous-angle', ppm: 0, pushMs: 0, targetMs: 60000, pumps: 0 } as Phase,
      // worked front, side, back: a position cue at 20 s and 40 s; with no screen only their number (1 JsVar)
      { id: 'water-wheel', ppm: 0, pushMs: 0, targetMs: 60000, pumps: 0,
        positions: TEXTS ? ['front', 'side', 'back'] : new Array<string>(3) } as Phase,
      { id: 'venous-angle-close', ppm: 0, pushMs: 0, targetMs: 0, pumps: 15, countdown: 3 } as Phase,
    ],
  } as Protocol;
  // names and guidance in the order a reader expects (id, name, guide, then the rhythm); in the
  // ternary itself, not a helper function: the bundler drops a folded branch, not an unused function
  const f = p.phases;
  return TEXTS ? {
    id: p.id, name: 'Head drainage',
    phases: [
      Object.assign({ id: f[0].id, name: 'Venous angle',
        guide: 'Two fingers above the collarbone, extremely light, pump toward the heart' }, f[0]),
      Object.assign({ id: f[1].id, name: 'Water wheel',
        guide: 'Where SCM meets the jaw: front, side, back; light, downward, arteries here' }, f[1]),
      Object.assign({ id: f[2].id, name: 'Venous angle, close',
        guide: 'Back to the venous angle: fifteen light pumps toward the heart' }, f[2]),
    ],
  } : p;
}

/** The seed protocol, for host tools and tests (not built into the device: headDrainage() is). */
export const HEAD_DRAINAGE: Protocol = /* @__PURE__ */ headDrainage();
