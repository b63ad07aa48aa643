// What the device bundle knows of its board: pins and parts. Each board's card
// (boards/<id>.ts, `firmware`) holds one; the build turns the card of the
// board being built into constants (BOARD_* in espruino.d.ts;
// scripts/board-defines.ts), so each bundle carries only its own board's
// code: a Puck.js bundle has no Bangle.buzz branch, a Bangle.js 2 bundle no
// LED code. The rest of the card never reaches the device.

export interface BoardProfile {
  /** Pin names as the interpreter spells them, or null when the board lacks the part. */
  btn: string;
  /** The LED that flashes the rhythm (green). */
  led: string | null;
  /** A red LED for the battery colours (red; red + green = yellow). */
  red: string | null;
  /** 'pin': a motor switched on `motorPin` (FET or transistor, PWM for strength); 'bangle': Bangle.buzz. */
  motorKind: 'pin' | 'bangle';
  motorPin: string;
  /** PWM frequency for partial strength: low enough for an ERM to follow. */
  motorFreqHz: number;
  debounceMs: number;
  /** E.getBattery() gives a percentage. */
  battery: boolean;
  /** A Bluetooth radio that NRF.sleep() can turn off after the idle auto-off time. */
  radio: boolean;
  /** A screen that shows phase, guidance, pump count and progress (Bangle.js 2). */
  screen: boolean;
}
