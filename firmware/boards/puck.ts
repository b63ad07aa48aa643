import { BoardProfile } from '../board';

// Puck.js v2: green LED2 flashes the rhythm, red LED1 joins it for battery
// colours; a 3 V coin ERM from 3V to FET (D26, low-side N-FET, up to 200 mA);
// BTN reads 1 while pressed.
export const PUCK: BoardProfile = {
  id: 'puck', btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'FET',
  motorFreqHz: 200, debounceMs: 25, battery: true, radio: true, screen: false,
};
