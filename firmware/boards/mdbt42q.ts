import { BoardProfile } from '../board';

// MDBT42Q breakout: LED2; the motor through a transistor on D14 (PWM capable).
export const MDBT42Q: BoardProfile = {
  id: 'mdbt42q', btn: BTN, btnPressed: true, debounceMs: 25,
  ledPin: LED2, motorKind: 'pin', motorPin: D14, motorFreqHz: 200, show: null,
};
