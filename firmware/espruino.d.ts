// The Espruino globals the firmware uses, typed. Together with core/lib.d.ts
// this is the whole ambient world the device code compiles against (noLib),
// so using anything the interpreter lacks is a compile error here first.
// The board's pins reach it only as the BOARD_* constants below.

interface Pin {
  readonly __espruinoPin: true;
}
interface WatchEvent {
  state: boolean;
  time: number;
  lastTime: number | undefined;
}
interface WatchOptions {
  repeat: boolean;
  edge: 'rising' | 'falling' | 'both';
  debounce: number;
}
interface PromiseLike<T> {
  then(fn: (value: T) => void): PromiseLike<T>;
}
interface EspruinoE {
  on(event: 'init' | 'kill', fn: () => void): void;
  removeListener(event: 'init' | 'kill', fn: () => void): void;
  /** Battery percent (nRF52 boards). */
  getBattery(): number;
  /** A hardware watchdog: `auto` lets the interpreter's idle loop kick it, so only a hang (no idle) resets the chip. */
  enableWatchdog(seconds: number, auto: boolean): void;
  /** The console's password (max 20 characters): asked for while the console is locked. */
  setPassword(password: string): void;
  /** Lock the console now, if a password is set. */
  lockConsole(): void;
}
interface EspruinoStorage {
  read(name: string): string | undefined;
  write(name: string, data: string, offset?: number, size?: number): boolean;
  erase(name: string): void;
}
interface EspruinoNRF {
  sleep(): void;
  wake(): void;
  /** Pairing (nRF52): a static six-digit passkey, MITM protection, the UART only on an encrypted link. */
  setSecurity(options: { passkey: string; mitm: number; display: number; encryptUart: number }): void;
  on(event: 'disconnect', fn: () => void): void;
}
interface EspruinoGraphics {
  clear(): EspruinoGraphics;
  setFont(name: string, scale: number): EspruinoGraphics;
  setFontAlign(x: number, y: number): EspruinoGraphics;
  drawString(text: string, x: number, y: number): EspruinoGraphics;
  fillRect(x1: number, y1: number, x2: number, y2: number): EspruinoGraphics;
  drawRect(x1: number, y1: number, x2: number, y2: number): EspruinoGraphics;
  wrapString(text: string, width: number): string[];
  getWidth(): number;
  getHeight(): number;
}
interface EspruinoBangle {
  buzz(ms: number, strength: number): PromiseLike<void>;
  setLCDTimeout(seconds: number): void;
  setLCDPower(on: boolean): void;
  setOptions(options: { btnLoadTimeout: number }): void;
}
interface EspruinoError {
  message: string;
}
declare var Error: { new (message: string): EspruinoError };

declare function getTime(): number;
/** Set the clock (seconds): getTime() steps; the interpreter's timers keep their delays. */
declare function setTime(seconds: number): void;
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function setWatch(fn: (e: WatchEvent) => void, pin: Pin, opts: WatchOptions): number;
declare function clearWatch(id: number): void;
declare function digitalWrite(pin: Pin, value: number): void;
declare function digitalPulse(pin: Pin, value: number, ms: number): void;
declare function analogWrite(pin: Pin, duty: number, opts: { freq: number }): void;
declare function print(text: string): void;
declare function require(name: 'Storage'): EspruinoStorage;
declare function eval(code: string): unknown;
declare var NRF: EspruinoNRF;
declare var JSON: { stringify(v: unknown): string; parse(text: string): any };
declare var E: EspruinoE;
declare var global: { [name: string]: unknown };
declare var Bangle: EspruinoBangle;
declare var g: EspruinoGraphics;

// The board being built, as constants the build defines from its profile
// (its card's `firmware`, boards/<id>.ts, via scripts/board-defines.ts).
declare const BOARD_BTN: Pin;
declare const BOARD_LED: Pin;
declare const BOARD_RED: Pin;
/** The board has that LED (BOARD_LED / BOARD_RED are only named when it does). */
declare const BOARD_HAS_LED: boolean;
declare const BOARD_HAS_RED: boolean;
declare const BOARD_MOTOR_KIND: 'pin' | 'bangle';
declare const BOARD_MOTOR: Pin;
declare const BOARD_MOTOR_FREQ: number;
declare const BOARD_DEBOUNCE: number;
declare const BOARD_BATTERY: boolean;
declare const BOARD_RADIO: boolean;
declare const BOARD_SCREEN: boolean;
