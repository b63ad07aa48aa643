// What the resident firmware lends a Storage module (files.ts Module) while
// it runs: values of this moment and two callbacks, so a module holds nothing
// once it returns.
import { Config as CoreConfig, LogEntry, Protocol, Settings } from './core/types';

export interface ModuleHost {
  /** The config in force when the module was called. */
  cfg: CoreConfig;
  /** A fault for pacer.faults() (a corrupted file found). */
  fault: (what: string) => void;
  /** Evaluate another module (files.ts Module) for this call. */
  evaluate: (name: string) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * What a module's file leaves in global.pacerMod: its build id (the resident firmware refuses a
 * module from another build: field names are renamed per build) and its factory.
 */
export type ModuleExport = [string, (h: ModuleHost) => any]; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Module "pacer.cmd": the console commands that change things (the resident firmware calls them in idle or done only).
 * Each returns what the resident firmware then runs with, from idle.
 */
export interface Commands {
  /** A change of settings, validated and stored: the settings as stored. */
  settings: (changes: Partial<Settings>) => Settings;
  /** A built-in by id or a custom protocol, validated and stored: that protocol, null for the resident default. */
  protocol: (p: Protocol | string) => Protocol | null;
}

/** Module "pacer.cfg": the settings and protocol in Storage (proto null: the resident default). */
export interface Config {
  proto: Protocol | null;
  set: Settings;
}

/** Module "pacer.rec": the records of the pacer's sessions in Storage. */
export interface Records {
  /** Settings to Storage as they are (tap tempo's rate: a value the validator's range holds). */
  saveSettings: (set: Settings) => void;
  /** The session so far, to Storage: a power cut leaves it for the next boot to log. */
  keep: (entry: LogEntry) => void;
  /** A session ended: into the log ring, and the in-progress file goes. */
  append: (entry: LogEntry) => void;
  /** At boot: a session left in progress by a power cut goes to the log as interrupted. */
  restore: () => void;
  /** pacer.log(): oldest first, one JSON object a line (a corrupted entry says so); answers the count. */
  dump: () => number;
}
