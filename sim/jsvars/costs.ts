// What each of the interpreter's own structures costs, in JsVars, built from
// the shape's sizes (sim/jsvars/shape.ts). Each rule names the interpreter
// code (Espruino 2v29) that makes the structure; each was checked on the
// instrument (test/fixtures/jsvars-calibration.json).
import { FnInfo } from './instrument';
import { nameVars, packs, Shape, sizedStringVars, stringVars } from './shape';

/**
 * A function object (jspeFunctionDefinition, jspeArrowFunction):
 *   1     the JSV_FUNCTION var
 *   +     each parameter, a NAME "\xFF<name>" (jspeFunctionArguments)
 *   +2    the code: NAME "\xFFcod" and its value, which for code run from Storage is one flash (or
 *         native) string pointing into flash; code run from RAM (typed at the console) is copied,
 *         flat past the break-even (jslNewStringFromLexer). An empty body has no code at all.
 *   +     the scope (jspeiGetScopesAsVar): none at the top level; "\xFFsco" to the one scope of
 *         the call (or block) it was made in; with more scopes in the chain a copied array:
 *         "\xFFsco", the array, and one NAME per scope
 *   +1+s  a named function expression keeps "\xFFnam" and its name as a string
 *   +1    an arrow that mentions `this` keeps "\xFFths"
 */
export function functionVars(s: Shape, f: FnInfo, chain: number, codeInFlash: boolean): number {
  let n = 1;
  for (const p of f.params) n += nameVars(s, p.length + 1);
  if (f.codeChars > 0) n += 1 + (codeInFlash ? 1 : sizedStringVars(s, f.codeChars));
  n += scopeLinkVars(chain);
  if (f.ownName !== null) n += 1 + stringVars(s, f.ownName.length);
  if (f.keepsThis) n += 1;
  return n;
}

/** The "\xFFsco" link of a function made with `chain` scopes active (calls and blocks, not the root). */
export function scopeLinkVars(chain: number): number {
  return chain === 0 ? 0 : chain === 1 ? 1 : chain + 2;
}

/**
 * What a running call holds beyond its scope's variables (jspeFunctionCall): the scope object
 * itself is counted with its variables; while it runs, "\xFFrtn" (unless the body is an
 * expression or starts with return), and the interpreter's list of active scopes (an array with
 * one NAME per scope: the function's own and the ones it was made in).
 */
export function runningCallVars(f: FnInfo | null, chain: number): number {
  return (f && !f.returns ? 1 : 0) + 1 + (chain + 1);
}

/**
 * A timer (_jswrap_interface_setTimeoutOrInterval): a NAME in the interpreter's timer array, the
 * timer object, "time" (the next due time, in system time: packed in its NAME when small),
 * "intr" for an interval, "cb" (its value is the callback, counted with the firmware's data).
 */
export function timerVars(s: Shape, delayMs: number, interval: boolean): number {
  const time = nameVars(s, 4) + (packsTime(s, delayMs) ? 0 : 1);
  return 1 + 1 + time + (interval ? time : 0) + nameVars(s, 2);
}

/** System time units in a millisecond: the Linux build of the instrument counts microseconds. */
export const SYSTIME_PER_MS = 1000;

function packsTime(s: Shape, ms: number): boolean {
  const t = Math.round(ms * SYSTIME_PER_MS);
  return t >= s.packMin && t <= s.packMax;
}

export interface WatchShape {
  repeat: boolean;
  /** 'both' is stored as no edge at all. */
  edge: 'rising' | 'falling' | 'both';
  debounceMs: number;
  /** An event was delivered: the watch keeps its time as "lastTime". */
  fired: boolean;
}

/**
 * A watch (jswrap_interface_setWatch): a NAME in the watch array, the watch object, "pin" and a
 * pin var, "recur" and a boolean if it repeats, "debounce" (system time) if any, "edge" (packed)
 * unless both edges, "cb", "state" and a boolean; once an event was delivered, "lastTime" and a
 * float (jsiHandleIOEventForWatch).
 */
export function watchVars(s: Shape, w: WatchShape): number {
  let n = 1 + 1 + nameVars(s, 3) + 1;
  if (w.repeat) n += nameVars(s, 5) + 1;
  if (w.debounceMs > 0) n += nameVars(s, 8) + (packsTime(s, w.debounceMs) ? 0 : 1);
  if (w.edge !== 'both') n += nameVars(s, 4);
  n += nameVars(s, 2) + nameVars(s, 5) + 1;
  if (w.fired) n += nameVars(s, 8) + 1;
  return n;
}

/**
 * The event object a watch callback gets while it runs: the object, "state" and a boolean,
 * "lastTime" (sharing the watch's float), "time" and a float, "pin" and a pin var.
 */
export function watchEventVars(s: Shape, hasLastTime: boolean): number {
  return 1 + nameVars(s, 5) + 1 + (hasLastTime ? nameVars(s, 8) : 0) + nameVars(s, 4) + 1 + nameVars(s, 3) + 1;
}

/** E.on(event, fn) (jswrap_object_on): "#on<event>" on E and an array with one NAME per handler. */
export function handlerVars(s: Shape, event: string, handlers: number): number {
  return nameVars(s, 3 + event.length) + 1 + handlers;
}

/** A built-in object named by code (jspGetNamedVariable): its NAME in the root and a native function. */
export function builtinVars(s: Shape, name: string): number {
  return nameVars(s, name.length) + 1;
}

/** A built-in's prototype made on first use (jspNewPrototype): "prototype", an object, "constructor". */
export function prototypeVars(s: Shape): number {
  return nameVars(s, 'prototype'.length) + 1 + nameVars(s, 'constructor'.length);
}

/** require("Storage") (jswrap_require): "modules" in the hidden root, an object, "Storage" and a native function. */
export function storageModuleVars(s: Shape): number {
  return nameVars(s, 'modules'.length) + 1 + nameVars(s, 'Storage'.length) + 1;
}

/** A typed array: the view, its ArrayBuffer, and the bytes in a string (flat past the break-even). */
export function typedArrayVars(s: Shape, bytes: number): number {
  return 2 + sizedStringVars(s, bytes);
}

/**
 * A console line while it runs (jsiHandleNewLine): the line as typed (a string built a character at
 * a time) and jspEvaluateVar's "REPL" name. Just before it runs, jsvStringTrimRight copies it while
 * the input line still holds it: two copies at once.
 */
export function consoleLineVars(s: Shape, chars: number): { running: number; arriving: number } {
  const line = stringVars(s, chars);
  return { running: line + 1, arriving: 2 * line + 1 };
}

/**
 * The console lock and the radio's security, kept in the interpreter's hidden root:
 *   password   E.setPassword (jswrap_espruino_setPassword): NAME "pwd" and the password, which
 *              jsvAsString keeps as the very string it was given (a Storage read: one flash
 *              string pointing into flash)
 *   security   NRF.setSecurity (jswrap_ble_setSecurity): NAME "BLE_SEC" and the options object
 *              with its fields (small integers packed in their NAMEs; the passkey, the password's
 *              own string when it is the same)
 *   NRF.on     handlerVars on the NRF object, and each handler (E.lockConsole: a native function)
 */
export function hiddenVars(s: Shape, h: { password: string | null; security: Record<string, unknown> | null; nrf: Record<string, unknown[]> }, inFlash: (str: string) => boolean): number {
  const str = (v: string) => (inFlash(v) ? 1 : stringVars(s, v.length));
  let n = 0;
  if (h.password !== null) n += nameVars(s, 3) + str(h.password);
  if (h.security) {
    n += nameVars(s, 'BLE_SEC'.length) + 1;
    for (const [k, v] of Object.entries(h.security)) {
      n += nameVars(s, k.length);
      if (typeof v === 'string') n += v === h.password ? 0 : str(v);
      else if (typeof v === 'number' && !packs(s, v)) n += 1;
      else if (typeof v === 'boolean') n += 1;
    }
  }
  for (const [event, fns] of Object.entries(h.nrf)) if (fns.length) n += handlerVars(s, event, fns.length) + fns.length;
  return n;
}
