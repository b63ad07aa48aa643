// The firmware's Storage files as the host sees them (names in
// firmware/files.ts, format of firmware/store.ts: {v: value, c:
// checksum(JSON(v)), n}): read back for the log, or written to give a
// virtual device a past (a log, a torn file) before it boots.
import { checksum } from '../firmware/core/checksum';
import { LogEntry } from '../firmware/core/types';
import { LOG_PREFIX, LOG_SLOTS } from '../firmware/files';
import { VirtualStorage } from './storage';

export { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from '../firmware/files';

/** As firmware/store.ts sum(): the checksum covers the value and its number. */
export function storedSum(v: unknown, n: number): number {
  return checksum(JSON.stringify(v) + '#' + n);
}

export function storedText(v: unknown, n = 0): string {
  return JSON.stringify({ v, c: storedSum(v, n), n });
}

export interface LogRow {
  n: number | null;
  slot: number;
  entry: LogEntry | null;
  corrupt: boolean;
}

/** The log ring, oldest first; a corrupted slot is a row with corrupt: true. */
export function readLog(storage: VirtualStorage): LogRow[] {
  const rows: LogRow[] = [];
  for (let slot = 0; slot < LOG_SLOTS; slot++) {
    const text = storage.files.get(LOG_PREFIX + slot);
    if (text === undefined) continue;
    try {
      const o = JSON.parse(text);
      if (storedSum(o.v, o.n) !== o.c) throw new Error('checksum');
      rows.push({ n: o.n, slot, entry: o.v, corrupt: false });
    } catch {
      rows.push({ n: null, slot, entry: null, corrupt: true });
    }
  }
  return rows.sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
}
