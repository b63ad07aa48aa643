// Storage module "pacer.rec": every record the pacer keeps in Storage, in
// the checksummed format of core/stored.ts. The resident firmware evaluates
// it at boot (settings, protocol, a session cut short), at each phase change
// and pause (the session so far), and at the end of a session (the log).
//
// The log is a ring of LOG_SLOTS files, one session each, numbered: session n
// goes in slot n % LOG_SLOTS, so a full ring drops the oldest, and each entry
// has its own checksum, so a corrupted one is reported as such and the rest
// stay readable.
import { defaultSettings } from '../core/settings';
import { LogEntry, Protocol, Settings } from '../core/types';
import { File, LOG_SLOTS, Module } from '../files';
import { ModuleHost, Records } from '../host';
import { withDefaults } from '../core/validate';
import { dropTexts } from '../texts';
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

global.pacerMod = [PACER_BUILD, (h: ModuleHost): Records => {
  /** A stored value if whole; a torn or corrupted file is a fault, and the default is used. */
  function stored(name: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    const o = load(name);
    if (o !== 'bad') return o && o.v;
    h.fault(name + ' corrupt');
    return null;
  }
  return {
    config: () => {
      // a built-in is stored by its id: the library module makes it
      let p = stored(File.Protocol);
      if (typeof p === 'string') p = h.evaluate(Module.Lib).get(p);
      const set: Settings | null = stored(File.Settings);
      const proto: Protocol | null = p && p.phases && p.phases[0] ? p : null;
      // a protocol stored from a file as it was sent may lack optional fields
      if (proto) withDefaults(proto);
      if (proto && !h.texts) dropTexts(proto);
      // settings written by an older build may lack a newer key: the default fills it
      return { proto: proto, set: Object.assign(defaultSettings(), set && set.ppm > 0 ? set : {}) };
    },
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
