// Pin names as the interpreter defines them. Each exists only on some boards:
// only that board's profile file may name it (a wrong one is a ReferenceError
// on the device, and the virtual Espruino defines only the board's own pins).
declare const LED1: Pin; // Puck.js red, Pico red, MDBT42Q LED1
declare const LED2: Pin; // Puck.js green, Pico green, MDBT42Q LED2
declare const LED3: Pin; // Puck.js blue
declare const BTN: Pin; // Puck.js, Pico, MDBT42Q
declare const BTN1: Pin; // Bangle.js 2
declare const FET: Pin; // Puck.js v2: D26, N-FET to ground, up to 200 mA
declare const VIBRATE: Pin; // Bangle.js 2 vibration motor
declare const B7: Pin; // Pico PWM pin used for the motor transistor
declare const D14: Pin; // MDBT42Q PWM pin used for the motor transistor
