// The text of a Storage file the firmware keeps: `{"v":<value>,"n":<number>,"c":<checksum>}`,
// the checksum over the text before `,"c":`. A torn or corrupted file is told from
// a whole one. The text itself is checked, not a re-print of what it parses to:
// the interpreter's float printing does not give back the same digits
// (148145.00000000003 prints as "148145."). The checksum comes last so that the
// device parses the file straight from flash: a checksum in front would need a
// copy of the JSON in RAM first (250 JsVars for a 2 kB protocol). Shared by the
// device (firmware/store.ts, the modules) and the host tools (sim/device-files.ts).
import { checksum, checksumOn } from './checksum';

export interface Stored {
  v: unknown;
  n: number;
}

/** What comes between the JSON and the checksum. */
export const CHECK_MARK = ',"c":';

/** The file's text before the checksum, in pieces: `{"v":`, the value's JSON, `,"n":<n>`. */
export function storedParts(json: string, n: number): string[] {
  return ['{"v":', json, ',"n":' + n];
}

export function encodeStored(v: unknown, n: number): string {
  const body = storedParts(JSON.stringify(v), n).join('');
  return body + CHECK_MARK + checksum(body) + '}';
}

/** The value and number of a whole file's text; null when torn or corrupted. */
export function decodeStored(text: string): Stored | null {
  // the mark is in the last 17 characters (mark, at most 11 digits, brace): looked for there,
  // since the value's own JSON could hold the same characters
  const i = text.indexOf(CHECK_MARK, text.length - 17);
  try {
    if (i > 0 && checksumOn(7, text, i) === +text.slice(i + CHECK_MARK.length, -1)) {
      const o = JSON.parse(text);
      return { v: o.v, n: o.n };
    }
  } catch (e) {
    // checksum right, JSON wrong: only a checksum collision gets here
  }
  return null;
}
