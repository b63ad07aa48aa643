// Storage files written as "<checksum> <json>", the JSON being {v: value, n:
// a number}, the checksum over that exact text: a torn or corrupted file is
// told from a whole one at boot. The text itself is checked, not a re-print of
// what it parses to: the interpreter's float printing does not give back the
// same digits (148145.00000000003 prints as "148145.").
import { checksum } from './core/checksum';

export const storage = require('Storage');

export function save(name: string, v: unknown, n: number) {
  const body = JSON.stringify({ v: v, n: n });
  storage.write(name, checksum(body) + ' ' + body);
}

/** The value stored under `name`; null when absent; 'bad' when torn or corrupted. */
export function load(name: string): { v: unknown; n: number } | null | 'bad' {
  const text = storage.read(name);
  if (text === undefined) return null;
  const i = text.indexOf(' ');
  const body = text.slice(i + 1);
  try {
    if (i > 0 && checksum(body) === +text.slice(0, i)) return JSON.parse(body);
  } catch (e) {
    // falls through: checksum right, JSON wrong (cannot happen unless the checksum collides)
  }
  return 'bad';
}
