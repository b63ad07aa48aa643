// The Espruino globals the firmware uses, typed. Together with core/lib.d.ts
// this is the whole ambient world the device code compiles against (noLib),
// so using anything the interpreter lacks is a compile error here first.
// Pin names are declared per board in boards/pins.d.ts.

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
}
interface EspruinoError {
  message: string;
}

declare function getTime(): number;
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function setWatch(fn: (e: WatchEvent) => void, pin: Pin, opts: WatchOptions): number;
declare function clearWatch(id: number): void;
declare function digitalWrite(pin: Pin, value: number): void;
declare function digitalPulse(pin: Pin, value: number, ms: number): void;
declare function analogWrite(pin: Pin, duty: number, opts: { freq: number }): void;
declare function print(text: string): void;
declare var E: EspruinoE;
declare var global: { [name: string]: unknown };
declare var Bangle: EspruinoBangle;
declare var g: EspruinoGraphics;
