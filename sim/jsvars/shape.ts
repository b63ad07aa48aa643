// The shape of a JsVar on each board: how big one var is, how many
// characters fit in it, which integers it packs. Every other cost rule
// (sim/jsvars/costs.ts) is built from these few numbers.
//
// Derived from the interpreter's source (2v29, src/jsutils.h and src/jsvar.h),
// for a 32-bit build with a fixed pool:
//   - JSVARREF_BITS is the smallest that addresses the pool: 12 bits up to
//     4095 vars (Puck.js 2630, MDBT42Q 2950), 13 up to 8191 (Pico 5100),
//     14 up to 16383 (Bangle.js 2 12000). A var is 4 data bytes, four refs
//     (next, prev, first child, last child), a refcount and 2 flag bytes:
//     13 bytes with 12- or 13-bit refs, 14 bytes with 14-bit refs.
//   - JSVAR_DATA_STRING_NAME_LEN = 4: a NAME (variable, property, parameter)
//     keeps 4 characters in its own var (its refs link it in the tree).
//   - JSVAR_DATA_STRING_LEN = 4 + 3 refs' bytes: a string value keeps 8
//     characters in its first var (9 with 14-bit refs);
//     JSVAR_DATA_STRING_MAX_LEN = 4 + 3 refs + refcount: each STRING_EXT
//     var after it keeps 9 (10).
//   - JSV_FLAT_STRING_BREAK_EVEN = STRING_LEN + MAX_LEN (17, 19): past it the
//     interpreter may store a string flat: one header var, then the
//     characters in whole vars (blocksize bytes each).
//   - A NAME whose value is an integer within a signed ref (JSVARREF_MIN..MAX:
//     -2048..2047 with 12-bit refs) keeps the value in its own child ref
//     (JSV_NAME_STRING_INT_*, JSV_NAME_INT_INT): the value costs nothing. An
//     array index name (JSV_NAME_INT) packs a boolean too (JSV_NAME_INT_BOOL).
// Checked on the instrument (/tmp/espruino, see test/fixtures/jsvars-calibration.json):
// process.memory().blocksize is 13 on the 2630, 2950 and 5100 builds and 14 on 12000.

import { BoardId, BOARDS, CARDS } from '../../boards';

export type ShapeId = BoardId;

export interface Shape {
  readonly id: ShapeId;
  /** JsVars in the pool (the board file's `variables`). */
  readonly pool: number;
  /** Bytes per JsVar (process.memory().blocksize). */
  readonly blocksize: number;
  readonly refBits: number;
  /** Characters a NAME keeps in its own var. */
  readonly nameChars: number;
  /** Characters a string value keeps in its first var. */
  readonly stringChars: number;
  /** Characters each STRING_EXT var keeps. */
  readonly extChars: number;
  /** Longer than this, a string may be stored flat. */
  readonly flatBreakEven: number;
  /** Integers a NAME packs: packMin..packMax. */
  readonly packMin: number;
  readonly packMax: number;
  /**
   * JsVars the empty interpreter holds on the instrument (the official 2v29 source built for Linux
   * in this shape: measured after load() of an empty Storage). process.memory() in the virtual
   * Espruino reports usage as this plus the model. A real board holds more (Bluetooth, console).
   */
  readonly emptyUsage: number;
}

function shape(id: ShapeId, pool: number, emptyUsage: number): Shape {
  const refBits = pool <= 4095 ? 12 : pool <= 8191 ? 13 : 14;
  const refBytes3 = (refBits * 3) >> 3; // three refs, whole bytes (JSVARREFCOUNT_PACK_BITS is 0 here)
  const refcountBits = refBits === 13 ? 4 : 8; // src/jsutils.h: what is left of the 7 or 8 ref bytes
  const stringChars = 4 + refBytes3;
  const extChars = 4 + ((refBits * 3 + refcountBits) >> 3);
  const blocksize = 4 + ((refBits * 4 + refcountBits) >> 3) + 2;
  return {
    id, pool, blocksize, refBits, nameChars: 4, stringChars, extChars,
    flatBreakEven: stringChars + extChars,
    packMin: -(1 << (refBits - 1)), packMax: (1 << (refBits - 1)) - 1,
    emptyUsage,
  };
}

/** Each board's shape, from its card's pool and the empty interpreter's usage (boards/<id>.ts jsvars). */
export const SHAPES = Object.fromEntries(BOARDS.map((b) => [b, shape(b, CARDS[b].jsvars.pool, CARDS[b].jsvars.emptyUsage)])) as Record<ShapeId, Shape>;

/** Vars of a NAME of this many characters: NAME_LEN in its own var, the rest in STRING_EXTs. */
export function nameVars(s: Shape, chars: number): number {
  return 1 + Math.ceil(Math.max(0, chars - s.nameChars) / s.extChars);
}

/** Vars of a string value built in RAM (a literal read from RAM code, a concatenation, JSON): not flat. */
export function stringVars(s: Shape, chars: number): number {
  return 1 + Math.ceil(Math.max(0, chars - s.stringChars) / s.extChars);
}

/** Vars of a flat string: one header var, then the characters in whole vars. */
export function flatVars(s: Shape, bytes: number): number {
  return 1 + Math.ceil(bytes / s.blocksize);
}

/**
 * Vars of a string the interpreter makes with jsvNewStringOfLength or jslNewStringFromLexer
 * (typed array storage, function code copied into RAM): flat when longer than the break-even.
 */
export function sizedStringVars(s: Shape, bytes: number): number {
  return bytes > s.flatBreakEven ? flatVars(s, bytes) : stringVars(s, bytes);
}

/** An integer the interpreter stores as JSV_INTEGER (a JsVarInt is 32 bits); anything else is a JSV_FLOAT. */
export function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0);
}

/** An integer a NAME keeps in its own child ref. */
export function packs(s: Shape, v: number): boolean {
  return isInt32(v) && v >= s.packMin && v <= s.packMax;
}

/** A property key the interpreter turns into an integer NAME (jsvAsArrayIndex): a canonical integer. */
export function isIndexKey(key: string): boolean {
  if (!/^(0|-?[1-9][0-9]*)$/.test(key)) return false;
  const n = Number(key);
  return n >= -2147483648 && n <= 2147483647;
}
