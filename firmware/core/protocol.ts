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

// The seed treatment (../shared/seed/head-drainage-transcript.txt): venous
// angle about a minute, the "water wheel" about a minute, then back to the
// venous angle for exactly fifteen pumps.
export const HEAD_DRAINAGE: Protocol = {
  id: 'head-drainage',
  name: TEXTS ? 'Head drainage' : '',
  phases: [
    phase('venous-angle', TEXTS ? 'Venous angle' : '',
      TEXTS ? 'Two fingers above the collarbone, extremely light, pump toward the heart' : '', 60000, 0),
    phase('water-wheel', TEXTS ? 'Water wheel' : '',
      TEXTS ? 'Where SCM meets the jaw: front, side, back; light, downward, arteries here' : '', 60000, 0),
    phase('venous-angle-close', TEXTS ? 'Venous angle, close' : '',
      TEXTS ? 'Back to the venous angle: fifteen light pumps toward the heart' : '', 0, 15),
  ],
};
