// Every line of JavaScript the page sends a real pacer, in one place: each is
// run by the Espruino interpreter, not by the browser, so each must pass the
// interpreter gate (scripts/gate.ts; test/web-link.test.ts checks them all).
import { checksum } from '../../firmware/core/checksum';
import { Settings } from '../../firmware/core/types';
import { fileSpace } from '../../sim/storage';

export { fileSpace };

/** Staging files of a flash in progress start so: a cut link leaves only these, and the next connect removes them. */
export const STAGING_PREFIX = 'pacer.n';
/** The staging copy of a file the flash writes: "pacer.cmd" is staged as "pacer.ncmd", ".bootcde" as "pacer.nboot". */
export function stagingName(final: string): string {
  return STAGING_PREFIX + (final === BOOT_FILE ? 'boot' : final.replace(/^pacer\./, ''));
}
/** Bytes of file per Storage.write line (a line is at most about 4 times that, escaped). */
export const CHUNK_BYTES = 256;
/** The boot code's Storage file (what npm run flash writes). */
export const BOOT_FILE = '.bootcde';
/** Set by the flash line; a load() clears every variable, so its absence tells the new code is running. */
const OLD_MARK = 'pacerOld';

/** What the device is: process.env.BOARD and .VERSION. */
export const BOARD_LINE = '[process.env.BOARD,process.env.VERSION]';
export const STATUS_LINE = 'pacer.status()';
/** The settings and protocol in force (after a push whose answer came back garbled). */
export const READ_SETUP_LINE = '[pacer.settings(),pacer.protocol()]';
/** Prints one JSON line a session, then answers their count. */
export const LOG_LINE = 'pacer.log()';
/** Storage that can be written now (space held by deleted files not counted). */
export const FREE_LINE = '(function(S){var st=S.getStats?S.getStats():null;return st?st.freeBytes:S.getFree()})(require("Storage"))';

/** What a file takes in Storage beyond its bytes (its header, alignment): counted per copy in a flash's need. */
export const FILE_OVERHEAD = 64;


/**
 * Storage a flash can use, in bytes: free space, the space of deleted files (Storage compacts
 * them away when a write needs it), and the space of the files the flash replaces (writing a file
 * deletes its old copy first).
 */
export function roomLine(finals: string[]): string {
  return `(function(S,f){var st=S.getStats?S.getStats():null,r=st?st.freeBytes+st.trashBytes:S.getFree();f.forEach(function(n){var t=S.read(n);if(t!==undefined)r+=t.length+${FILE_OVERHEAD}});return r})(require("Storage"),${JSON.stringify(finals)})`;
}

/** The room a flash of these files needs: a staging copy and a final copy of each. */
export function flashNeed(files: FlashFile[]): number {
  return files.reduce((n, f) => n + 2 * (f.bytes.length + FILE_OVERHEAD), 0);
}
/**
 * Compacts Storage when it holds deleted files' space, before a flash writes its staging copies:
 * so no staging write compacts on its own (compaction borrows a 4 kB buffer of RAM), and the
 * staging copies lie in the free space the room check counted. Answers the free bytes after.
 */
export const COMPACT_LINE = '(function(S){var st=S.getStats?S.getStats():null;if(st&&st.trashBytes)S.compact();return S.getFree()})(require("Storage"))';
/**
 * Where a custom protocol's JSON goes before the pacer takes it (pacer.protocol names the file: a
 * name with a dot, never an id). A staging name: a push cut short leaves it for the next connect to remove.
 */
export const PROTOCOL_STAGING = 'pacer.npro';
/** Removes the staging files a cut flash left; answers how many. */
export const CLEAN_STAGING_LINE = `(function(S){var l=S.list(/^${STAGING_PREFIX.replace('.', '\\.')}/);l.forEach(function(f){S.erase(f)});return l.length})(require("Storage"))`;
/** After a flash: null until load() has cleared OLD_MARK, then the new code's status. */
export const NEW_STATUS_LINE = `global.${OLD_MARK}?null:pacer.status()`;

/** A file's bytes (one char each) as a JavaScript string literal the interpreter reads back byte for byte. */
export function byteLiteral(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c > 0xff) throw new Error(`character U+${c.toString(16)} at ${i} is not a byte`);
    const ch = bytes[i];
    out += c >= 0x20 && c < 0x7f && ch !== '"' && ch !== '\\' ? ch : '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** The lines that write `bytes` into Storage file `name` in chunks (the first creates it at full size). */
export function storageLines(name: string, bytes: string): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length || off === 0; off += CHUNK_BYTES) {
    const chunk = byteLiteral(bytes.slice(off, off + CHUNK_BYTES));
    lines.push(`\x10require("Storage").write(${JSON.stringify(name)},${chunk},${off}${off === 0 ? `,${bytes.length}` : ''})\n`);
    if (!bytes.length) break;
  }
  return lines;
}

export interface FlashFile {
  staging: string;
  final: string;
  bytes: string;
}

/**
 * The push as one device line: settings, then protocol; if the protocol step throws, the
 * settings in force before are put back before the error is reported (never half applied).
 */
export function pushLine(settings: Settings, proto: string): string {
  return `(function(){var o=Object.assign({},pacer.settings());try{return[pacer.settings(${JSON.stringify(settings)}),pacer.protocol(${proto})]}catch(e){try{pacer.settings(o)}catch(x){}throw e}})()`;
}

/**
 * The flash's one swap line. Answers "ok" (and restarts 300 ms later), or why not:
 * "busy:<state>", "staging:<file>:<length>,<checksum>" (staging files removed, nothing swapped,
 * the old firmware runs on),
 * "final:<file>" (swapped, but the file does not read back equal; it restarts all the same).
 */
export function swapLine(files: FlashFile[]): string {
  const f = JSON.stringify(files.map((x) => [x.staging, x.final, x.bytes.length, checksum(x.bytes)]));
  return (
    '(function(S,f){' +
    'function e(){f.forEach(function(x){S.erase(x[0])})}' +
    'if(typeof pacer!="undefined"){var m=pacer.status().state;if(m!="idle"&&m!="done"){e();return"busy:"+m}}' +
    // the firmware's watchdog (5 s) is kicked only by the idle loop: this line kicks it itself,
    // through the interpreted checksum and each write (a write may compact Storage)
    'function c(t){if(t===undefined)return[-1,0];var h=7;for(var i=0;i<t.length;i++){if(!(i&1023))E.kickWatchdog();h=(h*31+t.charCodeAt(i))|0}return[t.length,h]}' +
    'var i,k;for(i=0;i<f.length;i++){k=c(S.read(f[i][0]));if(k[0]!=f[i][2]||k[1]!=f[i][3]){e();return"staging:"+f[i][0]+":"+k.join()}}' +
    // the old firmware stops before its files are written over: a write may compact Storage and
    // move the code its timer would run next; from here the device restarts (load()) whatever happens
    `if(typeof pacer!="undefined")pacer.stop();global.${OLD_MARK}=1;setTimeout(function(){load()},300);` +
    // the old files go first and Storage is compacted once, here, if the new ones need the room:
    // written over one by one, each write could compact on its own, each borrowing a 4 kB buffer
    // of RAM at a moment nobody chose
    `for(i=0;i<f.length;i++)S.erase(f[i][1]);if(S.getFree&&S.getFree()<${files.reduce((n, x) => n + fileSpace(x.bytes.length), 0)}){E.kickWatchdog();S.compact()}` +
    'for(i=0;i<f.length;i++){E.kickWatchdog();S.write(f[i][1],S.read(f[i][0]))}' +
    'for(i=0;i<f.length;i++)if(S.read(f[i][1])!=S.read(f[i][0]))return"final:"+f[i][1];' +
    'e();' +
    'return"ok"' +
    `})(require("Storage"),${f})`
  );
}
