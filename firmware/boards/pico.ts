import { BoardProfile } from '../board';

// Espruino Pico: LED2 green, LED1 red; the motor through an NPN/N-FET on B7
// (any PWM-capable pin: change it here). No battery gauge, no radio.
export const PICO: BoardProfile = {
  id: 'pico', btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'B7',
  motorFreqHz: 200, debounceMs: 25, battery: false, radio: false, screen: false,
};
