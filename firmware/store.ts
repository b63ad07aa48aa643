// Storage files the firmware keeps, in the checksummed format of core/stored.ts.
import { decodeStored, encodeStored, Stored } from './core/stored';

export const storage = require('Storage');

export function save(name: string, v: unknown, n: number) {
  storage.write(name, encodeStored(v, n));
}

/** The value stored under `name`; null when absent; 'bad' when torn or corrupted. */
export function load(name: string): Stored | null | 'bad' {
  const text = storage.read(name);
  return text === undefined ? null : decodeStored(text) || 'bad';
}
