import { BoardProfile } from '../board';

// Bangle.js 2: no LED; the built-in motor through Bangle.buzz (the adapter
// keeps buzzes from queueing; VIBRATE stops one early); BTN1; the screen
// (firmware/screen.ts) shows phase, guidance, pump count and progress.
export const BANGLE2: BoardProfile = {
  id: 'bangle2', btn: 'BTN1', led: null, red: null, motorKind: 'bangle', motorPin: 'VIBRATE',
  motorFreqHz: 0, debounceMs: 25, battery: true, radio: false, screen: true,
};
