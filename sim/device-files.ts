// The firmware's Storage files as the host sees them (names in
// firmware/files.ts, format of firmware/store.ts: {v: value, c:
// checksum(JSON(v)), n}): read back for the log, or written to give a
// virtual device a past (a log, a torn file) before it boots.
import { checksum } from '../firmware/core/checksum';
import { LogEntry } from '../firmware/core/types';
import { LOG_PREFIX, LOG_SLOTS } from '../firmware/files';
import { VirtualStorage } from './storage';

export { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from '../firmware/files';

/** A stored file's text, as firmware/store.ts writes it: "<checksum> <json {v, n}>". */
export function storedText(v: unknown, n = 0): string {
  const body = JSON.stringify({ v, n });
  return `${checksum(body)} ${body}`;
}

/** A stored file's value and number if the file is whole (its checksum holds), else null. */
export function parseStored(text: string): { v: unknown; n: number } | null {
  const i = text.indexOf(' ');
  const body = text.slice(i + 1);
  if (i <= 0 || checksum(body) !== Number(text.slice(0, i))) return null;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
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
    const o = parseStored(text);
    if (o) rows.push({ n: o.n, slot, entry: o.v as LogEntry, corrupt: false });
    else rows.push({ n: null, slot, entry: null, corrupt: true });
  }
  return rows.sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
}
