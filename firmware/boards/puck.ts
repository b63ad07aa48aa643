import { BoardProfile } from '../board';

// Puck.js v2: green LED2 flashes the rhythm; a 3 V coin ERM from 3V to FET
// (D26, low-side N-FET, up to 200 mA); BTN reads 1 while pressed.
export const PUCK: BoardProfile = {
  id: 'puck', btn: BTN, btnPressed: true, debounceMs: 25,
  ledPin: LED2, motorKind: 'pin', motorPin: FET, motorFreqHz: 200, show: null,
};
