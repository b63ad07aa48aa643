import { BoardProfile } from '../board';

// Espruino Pico: green LED2; the motor through an NPN/N-FET on B7 (PWM capable).
export const PICO: BoardProfile = {
  id: 'pico', btn: BTN, btnPressed: true, debounceMs: 25,
  ledPin: LED2, motorKind: 'pin', motorPin: B7, motorFreqHz: 200, show: null,
};
