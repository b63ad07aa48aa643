import { BoardProfile } from '../board';

// MDBT42Q breakout: LED2 and LED1; the motor through a transistor on D14
// (any PWM-capable pin: change it here). No battery gauge: the interpreter has
// E.getBattery() only on Puck.js, Pixl.js and Bangle.js.
export const MDBT42Q: BoardProfile = {
  id: 'mdbt42q', btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'D14',
  motorFreqHz: 200, debounceMs: 25, battery: false, radio: true, screen: false,
};
