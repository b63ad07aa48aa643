import { Settings } from './types';

// Defaults from ../shared/reference/mld-pacing.md ("Defaults"): the Vodder
// one-second movement, an accent every 5th pump, a lead-in before each phase.
export const DEFAULT_SETTINGS: Settings = {
  ppm: 60,
  strength: 1,
  led: true,
  haptic: true,
  leadIn: true,
  accentEvery: 5,
  autoAdvance: false,
  pushMs: 400,
  idleOffMin: 10,
};
