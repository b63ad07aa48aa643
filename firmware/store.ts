// Storage files written as {v: value, n: a number, c: checksum of JSON(v)
// and n} so a torn or corrupted file is told from a whole one at boot.
import { checksum } from './core/checksum';

export const storage = require('Storage');

/** The checksum of a stored value and its number (a log entry's place in the ring is checked too). */
export function sum(v: unknown, n: number): number {
  return checksum(JSON.stringify(v) + '#' + n);
}

export function save(name: string, v: unknown, n: number) {
  storage.write(name, JSON.stringify({ v: v, c: sum(v, n), n: n }));
}

/** The value stored under `name`; null when absent; 'bad' when torn or corrupted. */
export function load(name: string): { v: unknown; n: number } | null | 'bad' {
  const text = storage.read(name);
  if (text === undefined) return null;
  try {
    const o = JSON.parse(text);
    if (o && sum(o.v, o.n) === o.c) return o;
  } catch (e) {
    // falls through: not JSON at all
  }
  return 'bad';
}
