// Storage module "pacer.rec": the records the pacer keeps of its sessions, in
// the checksummed format of core/stored.ts. The resident firmware evaluates
// it at each phase change and pause (the session so far), at the end of a
// session (the log), at boot when a session was cut short, and for a tempo
// tapped in (the ppm setting).
//
// The log is a ring of LOG_SLOTS files, one session each, numbered: session n
// goes in slot n % LOG_SLOTS, so a full ring drops the oldest, and each entry
// has its own checksum, so a corrupted one is reported as such and the rest
// stay readable.
import { LogEntry } from '../core/types';
import { File, LOG_SLOTS } from '../files';
import { Records } from '../host';
import { load, save, storage } from '../store';

declare const PACER_BUILD: string;

function append(entry: LogEntry) {
  let last = -1;
  for (let i = 0; i < LOG_SLOTS; i++) {
    const o = load(File.LogPrefix + i);
    if (o && o !== 'bad' && o.n > last) last = o.n;
  }
  save(File.LogPrefix + ((last + 1) % LOG_SLOTS), entry, last + 1);
  storage.erase(File.Current);
}

global.pacerMod = [PACER_BUILD, (): Records => {
  return {
    saveSettings: (set) => save(File.Settings, set, 0),
    keep: (entry) => save(File.Current, entry, 0),
    append: append,
    restore: () => {
      const cur = load(File.Current);
      if (cur && cur !== 'bad') append(cur.v as LogEntry);
      storage.erase(File.Current);
    },
    dump: () => {
      const rows: { n: number; text: string }[] = [];
      for (let i = 0; i < LOG_SLOTS; i++) {
        const o = load(File.LogPrefix + i);
        if (o === 'bad') rows.push({ n: -1, text: '{"slot":' + i + ',"corrupt":true}' });
        else if (o) rows.push({ n: o.n, text: JSON.stringify(Object.assign({ n: o.n }, o.v)) });
      }
      rows.sort((a, b) => a.n - b.n);
      for (let i = 0; i < rows.length; i++) print(rows[i].text);
      return rows.length;
    },
  };
}];
