// Storage files written as {v: value, c: checksum of JSON(v), n: a number}
// so a torn or corrupted file is told from a whole one at boot.
import { checksum } from './core/checksum';

export const storage = require('Storage');

export function save(name: string, v: unknown, n: number) {
  storage.write(name, JSON.stringify({ v: v, c: checksum(JSON.stringify(v)), n: n }));
}

/** The value stored under `name`; null when absent; 'bad' when torn or corrupted. */
export function load(name: string): { v: unknown; n: number } | null | 'bad' {
  const text = storage.read(name);
  if (text === undefined) return null;
  try {
    const o = JSON.parse(text);
    if (o && checksum(JSON.stringify(o.v)) === o.c) return o;
  } catch (e) {
    // falls through: not JSON at all
  }
  return 'bad';
}
