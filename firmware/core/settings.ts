import { Settings } from './types';

// Defaults from ../shared/reference/mld-pacing.md ("Defaults"): the Vodder
// one-second movement, an accent every 5th pump, a lead-in before each phase.
// A function, not a constant: the device holds one settings object (the one
// in force), and the literal here stays in flash until a fresh one is needed.
export function defaultSettings(): Settings {
  return {
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
}

/** The defaults, for host tools and tests (not built into the device). */
export const DEFAULT_SETTINGS: Settings = /* @__PURE__ */ defaultSettings();
