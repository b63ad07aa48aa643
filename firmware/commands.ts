// The console commands (settings, protocol push, log dump) and the work done
// once a session or once a boot (logging a session, recovering one cut by a
// power loss). They live in their own Storage file (pacer.cmd), evaluated
// only while one runs, so the validator and the log code never sit in RAM
// while the pacer paces. Everything written to Storage here has passed the
// full validator first.
//
// The log is a ring of LOG_SLOTS files, one session each, numbered: session n
// goes in slot n % LOG_SLOTS, so a full ring drops the oldest, and each entry
// has its own checksum, so a corrupted one is skipped and the rest stay.
import { makeConfig } from './config';
import { PROTOCOLS } from './core/library';
import { DEFAULT_SETTINGS } from './core/settings';
import { HEAD_DRAINAGE } from './core/protocol';
import { setupStep } from './core/setup';
import { Config, LogEntry, Protocol, Settings, State } from './core/types';
import { errorText, validateProtocol, validateSettings, withDefaults } from './core/validate';
import { CURRENT_FILE, LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from './files';
import { load, save, storage } from './store';

/** What the resident firmware lends the commands while they run. */
export interface CommandHost {
  state: () => State;
  cfg: () => Config;
  /** A fault for pacer.faults() (a corrupted file found). */
  fault: (what: string) => void;
  /** Run from idle with this config (just written to Storage). */
  reload: (c: Config) => void;
}

export interface Commands {
  settings: (changes: Partial<Settings> | undefined) => Settings;
  protocol: (p: Protocol | string | undefined) => string;
  log: () => number;
  /** A session ended: into the log ring, and the in-progress file goes. */
  append: (entry: LogEntry) => void;
  /** At boot: a session left in progress by a power cut goes to the log as interrupted. */
  restore: () => void;
  /** The setup machine (battery level, tap tempo): see core/setup.ts. */
  setup: typeof setupStep;
  /** At boot: the config from the protocol and settings in Storage. */
  config: () => Config;
}

function check(errors: { path: string; reason: string }[]) {
  if (errors.length) throw new Error(errorText(errors));
}

export function commands(host: CommandHost): Commands {
  /** A stored value if whole; a torn or corrupted file is a fault, and the default is used. */
  function stored(name: string): unknown {
    const o = load(name);
    if (o !== 'bad') return o && o.v;
    host.fault(name + ' corrupt');
    return null;
  }

  /**
   * Settings and protocol from Storage. They were validated before they were written; a whole
   * file of the wrong shape (written by something else) must still not stop the boot.
   */
  function config(): Config {
    const p = stored(PROTOCOL_FILE) as Protocol;
    const set = stored(SETTINGS_FILE) as Settings;
    // settings written by an older build may lack a newer key: the default fills it
    return makeConfig(p && p.phases && p.phases[0] ? p : HEAD_DRAINAGE, Object.assign({}, DEFAULT_SETTINGS, set && set.ppm > 0 ? set : {}));
  }

  function append(entry: LogEntry) {
    let last = -1;
    for (let i = 0; i < LOG_SLOTS; i++) {
      const o = load(LOG_PREFIX + i);
      if (o && o !== 'bad' && o.n > last) last = o.n;
    }
    save(LOG_PREFIX + ((last + 1) % LOG_SLOTS), entry, last + 1);
    storage.erase(CURRENT_FILE);
  }

  // a rhythm is never changed under the therapist's hands
  function idleOnly() {
    const mode = host.state().mode;
    if (mode !== 'idle' && mode !== 'done') throw new Error('busy: end the session first');
  }

  return {
    settings: (changes) => {
      if (changes === undefined) return host.cfg().set;
      idleOnly();
      check(validateSettings(changes, true));
      const next = Object.assign({}, host.cfg().set, changes);
      check(validateSettings(next, false));
      save(SETTINGS_FILE, next, 0);
      host.reload(config());
      return next;
    },
    protocol: (p) => {
      if (p === undefined) return host.cfg().proto.id;
      idleOnly();
      // a built-in by id (the default is the one in the firmware), or a custom protocol, validated
      if (p === HEAD_DRAINAGE.id) storage.erase(PROTOCOL_FILE);
      else {
        const chosen = typeof p === 'string' ? PROTOCOLS[p] : p;
        if (!chosen) throw new Error('no built-in protocol "' + p + '" (' + Object.keys(PROTOCOLS).join(', ') + ')');
        check(validateProtocol(chosen));
        save(PROTOCOL_FILE, withDefaults(chosen as Protocol), 0);
      }
      host.reload(config());
      return host.cfg().proto.id;
    },
    log: () => {
      // oldest first, one JSON object a line; a corrupted entry is reported as such
      const rows: { n: number; text: string }[] = [];
      for (let i = 0; i < LOG_SLOTS; i++) {
        const o = load(LOG_PREFIX + i);
        if (o === 'bad') rows.push({ n: -1, text: '{"slot":' + i + ',"corrupt":true}' });
        else if (o) rows.push({ n: o.n, text: JSON.stringify(Object.assign({ n: o.n }, o.v)) });
      }
      rows.sort((a, b) => a.n - b.n);
      for (let i = 0; i < rows.length; i++) print(rows[i].text);
      return rows.length;
    },
    append: append,
    restore: () => {
      const cur = load(CURRENT_FILE);
      if (cur && cur !== 'bad') append(cur.v as LogEntry);
      storage.erase(CURRENT_FILE);
    },
    setup: setupStep,
    config: config,
  };
}
