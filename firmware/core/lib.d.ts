// The only ambient library the core compiles against (tsconfig: "noLib").
// It declares the part of ES5 that the Espruino interpreter really has and the
// core really uses, so a stray `Map`, `setTimeout`, `console` or
// `Number.isFinite` in firmware/core/ is a compile error, not a device crash.
// Grow it only with built-ins from the supported column of
// ../shared/reference/espruino.md.

interface Object {}
interface ObjectConstructor {
  assign<T, U>(target: T, source: U): T & U;
  assign<T, U, V>(target: T, a: U, b: V): T & U & V;
  keys(o: object): string[];
}
declare var Object: ObjectConstructor;
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { length: number }
interface RegExp {}
interface Boolean {}
interface Number {
  toFixed(digits: number): string;
}
interface String {
  readonly length: number;
  readonly [index: number]: string;
  charCodeAt(index: number): number;
  indexOf(search: string, from?: number): number;
  slice(start: number, end?: number): string;
  split(separator: string): string[];
  replace(find: string, by: string): string;
}
interface Array<T> {
  length: number;
  [n: number]: T;
  push(item: T): number;
  indexOf(item: T): number;
  slice(start?: number, end?: number): T[];
  join(separator: string): string;
  sort(compare: (a: T, b: T) => number): T[];
  concat(other: T[]): T[];
  splice(start: number, count: number): T[];
}
interface ReadonlyArray<T> {
  readonly length: number;
  readonly [n: number]: T;
}
interface TemplateStringsArray extends ReadonlyArray<string> {}

interface Math {
  floor(x: number): number;
  ceil(x: number): number;
  round(x: number): number;
  min(a: number, b: number): number;
  max(a: number, b: number): number;
  abs(x: number): number;
}
declare var Math: Math;
declare function isFinite(x: number): boolean;

// Used by validate.ts (all in the supported column of espruino.md).
interface Array<T> {
  map<U>(fn: (item: T, index: number) => U): U[];
}
interface ArrayConstructor {
  /** An array of this length with no elements (1 JsVar on the device, whatever the length). */
  new <T>(length: number): T[];
  isArray(x: unknown): x is unknown[];
}
declare var Array: ArrayConstructor;
interface RegExp {
  test(s: string): boolean;
}
// Declared exactly as in ../espruino.d.ts, so the two declarations agree.
declare var JSON: { stringify(v: unknown): string; parse(text: string): any };

/** TypeScript's mapped-type helper (a type only: nothing on the device). */
type Partial<T> = { [P in keyof T]?: T[P] };
