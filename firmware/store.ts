// Storage files the firmware keeps, in the checksummed format of core/stored.ts.
import { checksumOn } from './core/checksum';
import { CHECK_MARK, decodeStored, Stored, storedParts } from './core/stored';

export const storage = require('Storage');

/**
 * The file encodeStored() makes, written piece by piece at their offsets (storedParts, then the
 * checksum): a 2 kB protocol joined to its checksum (or read from another file) would be one
 * more copy of it in RAM. Only the first write creates the file (and may compact Storage).
 */
export function writeStored(name: string, parts: string[]) {
  let h = 7;
  let size = 0;
  for (let i = 0; i < parts.length; i++) {
    h = checksumOn(h, parts[i], parts[i].length);
    size += parts[i].length;
  }
  const tail = CHECK_MARK + h + '}';
  storage.write(name, parts[0], 0, size + tail.length);
  let at = parts[0].length;
  for (let i = 1; i < parts.length; i++) {
    storage.write(name, parts[i], at);
    at += parts[i].length;
  }
  storage.write(name, tail, at);
}

export function save(name: string, v: unknown, n: number) {
  writeStored(name, storedParts(JSON.stringify(v), n));
}

/** The value stored under `name`; null when absent; 'bad' when torn or corrupted. */
export function load(name: string): Stored | null | 'bad' {
  const text = storage.read(name);
  return text === undefined ? null : decodeStored(text) || 'bad';
}
