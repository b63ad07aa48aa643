// The firmware's Storage files as the host sees them (format of
// firmware/store.ts: {v: value, c: checksum(JSON(v)), n}): written before a
// virtual device boots, as a push from the web companion or the CLI would,
// and read back for the log.
import { checksum } from '../firmware/core/checksum';
import { LogEntry, Protocol, Settings } from '../firmware/core/types';
import { VirtualStorage } from './storage';

export const SETTINGS_FILE = 'pacer.set';
export const PROTOCOL_FILE = 'pacer.pro';
export const CURRENT_FILE = 'pacer.cur';
export const LOG_PREFIX = 'pacer.log';
export const LOG_SLOTS = 10;

export function storedText(v: unknown, n = 0): string {
  return JSON.stringify({ v, c: checksum(JSON.stringify(v)), n });
}

/** Files that make a device boot with this protocol and these settings. */
export function configFiles(protocol: Protocol | null, settings: Settings | null): Record<string, string> {
  const files: Record<string, string> = {};
  if (protocol) files[PROTOCOL_FILE] = storedText(protocol);
  if (settings) files[SETTINGS_FILE] = storedText(settings);
  return files;
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
      if (checksum(JSON.stringify(o.v)) !== o.c) throw new Error('checksum');
      rows.push({ n: o.n, slot, entry: o.v, corrupt: false });
    } catch {
      rows.push({ n: null, slot, entry: null, corrupt: true });
    }
  }
  return rows.sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
}
