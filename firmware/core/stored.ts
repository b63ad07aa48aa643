// The text of a Storage file the firmware keeps: "<checksum> <json>", the
// JSON being {v: value, n: a number}, the checksum over that exact text. A torn
// or corrupted file is told from a whole one. The text itself is checked, not a
// re-print of what it parses to: the interpreter's float printing does not give
// back the same digits (148145.00000000003 prints as "148145."). Shared by the
// device (firmware/store.ts) and the host tools (sim/device-files.ts).
import { checksum } from './checksum';

export interface Stored {
  v: unknown;
  n: number;
}

export function encodeStored(v: unknown, n: number): string {
  const body = JSON.stringify({ v: v, n: n });
  return checksum(body) + ' ' + body;
}

/** The value and number of a whole file's text; null when torn or corrupted. */
export function decodeStored(text: string): Stored | null {
  const i = text.indexOf(' ');
  const body = text.slice(i + 1);
  try {
    if (i > 0 && checksum(body) === +text.slice(0, i)) return JSON.parse(body);
  } catch (e) {
    // checksum right, JSON wrong: only a checksum collision gets here
  }
  return null;
}
