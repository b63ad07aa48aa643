// Names of the Storage files the firmware keeps (at most 28 characters each,
// the interpreter's limit). Shared by the device code and the host tools.
// A const enum: the bundler writes the names where they are used, so they cost
// the device no variable. The plain constants below are for host tools.
export const enum File {
  Settings = 'pacer.set',
  Protocol = 'pacer.pro',
  /** The session in progress, rewritten at each phase change and pause: a power cut leaves it behind. */
  Current = 'pacer.cur',
  /** The log ring: pacer.log0 .. pacer.log9. */
  LogPrefix = 'pacer.log',
  /** The pacer's secret (six digits), written by npm run flash; none: flashed --open (README: Security). */
  Key = 'pacer.key',
}
export const SETTINGS_FILE: string = File.Settings;
export const PROTOCOL_FILE: string = File.Protocol;
export const CURRENT_FILE: string = File.Current;
export const KEY_FILE: string = File.Key;
/**
 * The Storage modules: code evaluated by the resident firmware only while it runs, then dropped
 * (README: Memory). Each is built from firmware/modules/<key>.ts into dist/pacer.<key>.js and
 * flashed as Storage "pacer.<key>". A const enum: the bundler writes the names where they are
 * used, so they cost the device no variable.
 */
export const enum Module {
  /** the console commands that change things: settings, protocol (with the validator and the library) */
  Cmd = 'pacer.cmd',
  /** the records of the sessions in Storage: the session in progress, the log, a tapped tempo */
  Rec = 'pacer.rec',
  /** the setup gestures: the battery level, tap tempo (core/setup.ts) */
  Setup = 'pacer.setup',
  /** the library of built-in protocols, for pacer.protocol("<id>") */
  Lib = 'pacer.lib',
  /** the settings and protocol read from Storage, at boot */
  Cfg = 'pacer.cfg',
}
/** The modules, for host tools (a const enum has no list of its own). */
export const MODULE_KEYS = ['cmd', 'rec', 'setup', 'lib', 'cfg'] as const;
export type ModuleKey = (typeof MODULE_KEYS)[number];
export const LOG_PREFIX: string = File.LogPrefix;
/** Sessions kept in the log ring; each entry is one file of about 100-400 bytes (a 4 kB budget). */
export const LOG_SLOTS = 10;
