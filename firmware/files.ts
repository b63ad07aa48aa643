// Names of the Storage files the firmware keeps (at most 28 characters each,
// the interpreter's limit). Shared by the device code and the host tools.
export const SETTINGS_FILE = 'pacer.set';
export const PROTOCOL_FILE = 'pacer.pro';
/** The session in progress, rewritten at each phase change and pause: a power cut leaves it behind. */
export const CURRENT_FILE = 'pacer.cur';
/** The console commands, loaded only while one runs (dist/pacer.cmd.js). */
export const COMMANDS_FILE = 'pacer.cmd';
export const LOG_PREFIX = 'pacer.log';
/** Sessions kept in the log ring; each entry is one file of about 100-400 bytes (a 4 kB budget). */
export const LOG_SLOTS = 10;
