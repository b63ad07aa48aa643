import { Protocol } from './types';

// The seed treatment (../shared/seed/head-drainage-transcript.txt): venous
// angle about a minute, the "water wheel" about a minute, then back to the
// venous angle for exactly fifteen pumps. Rhythm from the ppm setting (0).
export const HEAD_DRAINAGE: Protocol = {
  id: 'head-drainage',
  name: 'Head drainage',
  phases: [
    {
      id: 'venous-angle',
      name: 'Venous angle',
      guide: 'Two fingers above the collarbone, extremely light, pump toward the heart',
      ppm: 0, pushMs: 400, targetMs: 60000, pumps: 0,
    },
    {
      id: 'water-wheel',
      name: 'Water wheel',
      guide: 'Where SCM meets the jaw: front, side, back; light, downward, arteries here',
      ppm: 0, pushMs: 400, targetMs: 60000, pumps: 0,
    },
    {
      id: 'venous-angle-close',
      name: 'Venous angle, close',
      guide: 'Back to the venous angle: fifteen light pumps toward the heart',
      ppm: 0, pushMs: 400, targetMs: 0, pumps: 15,
    },
  ],
};
