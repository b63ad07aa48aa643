// The firmware's Storage files as the host sees them (names in
// firmware/files.ts, format of firmware/store.ts: {v: value, c:
// checksum(JSON(v)), n}): read back for the log, or written to give a
// virtual device a past (a log, a torn file) before it boots.
import { decodeStored, encodeStored } from '../firmware/core/stored';
import { LogEntry } from '../firmware/core/types';
import { LOG_PREFIX, LOG_SLOTS } from '../firmware/files';
import { VirtualStorage } from './storage';

export { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from '../firmware/files';

/** A stored file's value read back (null if not whole). */
export { decodeStored as parseStored } from '../firmware/core/stored';

/** A stored file's text as the firmware writes it (number 0 unless given: settings, protocol). */
export function storedText(v: unknown, n = 0): string {
  return encodeStored(v, n);
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
    const o = decodeStored(text);
    if (o) rows.push({ n: o.n, slot, entry: o.v as LogEntry, corrupt: false });
    else rows.push({ n: null, slot, entry: null, corrupt: true });
  }
  return rows.sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
}
