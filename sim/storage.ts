// require("Storage") of the virtual Espruino: named files in flash, kept in
// memory here. Names up to 28 characters, as on the device; the size is the
// board's (its card's storageBytes, boards/<id>.ts; a Puck.js's unless told).
// As on the device, a file written over or
// erased leaves its space as trash until Storage is compacted: a write that
// does not fit in the free space but would with the trash compacts first,
// and compaction borrows a page (4 kB and a header) of the JsVar pool when
// the stack is short, as it is on an nRF52 (jsflash.c jsfCompact).
import { PUCK } from '../boards/puck';

export const STORAGE_BYTES = PUCK.storageBytes;
export const MAX_NAME = 28;
/** Compaction's buffer: a flash page and a file header (jsfCompact's maxRequired on a 4 kB-page board). */
export const COMPACT_BUFFER_BYTES = 4096 + 32;

/** The flash a file of `length` bytes takes: its 32-byte header (JsfFileHeader) and its data to a word boundary. */
export function fileSpace(length: number): number {
  return 32 + Math.ceil(length / 4) * 4;
}

/** A write's fate, drawn by the fuzzer: 'fail' throws and keeps the old file; a number keeps that many bytes (torn). */
export type WriteFault = (name: string, data: string) => 'fail' | number | null;

export class VirtualStorage {
  /** @param capacity the Storage area's bytes (the board's). */
  constructor(readonly capacity = STORAGE_BYTES) {}
  readonly files = new Map<string, string>();
  writeFault: WriteFault | null = null;
  /** Writes so far (torn and failed ones too). */
  writes = 0;
  /** Called after a torn write (the power went mid-write): the fuzzer cuts the power. */
  onTorn: (() => void) | null = null;
  /** Space of files written over or erased, until a compaction. */
  trash = 0;
  /** Called when a write compacts Storage, with the bytes of RAM the compaction borrows. */
  onCompact: ((bytes: number) => void) | null = null;
  /** Compactions so far. */
  compactions = 0;

  private checkName(name: unknown): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) {
      throw new Error(`Storage: invalid name ${JSON.stringify(name)} (1..${MAX_NAME} characters)`);
    }
    return name;
  }

  used(): number {
    let n = 0;
    for (const v of this.files.values()) n += fileSpace(v.length);
    return n;
  }

  /** Free space at the end, trash not counted (getFree()). */
  free(): number {
    return this.capacity - this.used() - this.trash;
  }

  /** Compact: the trash is gone; the page buffer is borrowed from RAM meanwhile. */
  compact(): void {
    if (!this.trash) return;
    this.compactions += 1;
    if (this.onCompact) this.onCompact(Math.min(COMPACT_BUFFER_BYTES, this.used()));
    this.trash = 0;
  }

  write(name: string, data: string, offset?: number, size?: number): boolean {
    this.checkName(name);
    if (offset !== undefined) return this.writeAt(name, String(data), offset, size);
    const old = this.files.get(name)?.length ?? 0;
    if (this.used() - (this.files.has(name) ? fileSpace(old) : 0) + fileSpace(data.length) > this.capacity) throw new Error('Storage: not enough free space');
    this.writes += 1;
    const fate = this.writeFault ? this.writeFault(name, String(data)) : null;
    // a failed write (a fuzz fault) leaves the old file as it was
    if (fate === 'fail') throw new Error('Storage: write failed');
    // the old copy is deleted first; a write that then does not fit at the end compacts
    if (this.files.has(name)) {
      this.trash += fileSpace(old);
      this.files.delete(name);
    }
    if (fileSpace(data.length) > this.free()) this.compact();
    if (typeof fate === 'number') {
      // flash is written in order: the file holds its first bytes, then the power is gone
      this.files.set(name, String(data).slice(0, fate));
      if (this.onTorn) this.onTorn();
      throw new Error('Storage: power lost mid-write');
    }
    this.files.set(name, String(data));
    return true;
  }

  /**
   * The interpreter's chunked write (how the IDE and the web companion upload a file bigger than
   * one line): offset 0 with a size makes the file that size, erased flash (0xFF) past the data;
   * later chunks fill it at their offset, never past its end.
   */
  private writeAt(name: string, data: string, offset: number, size?: number): boolean {
    if (offset === 0 && size !== undefined) {
      if (!(size >= data.length)) throw new Error(`Storage: size ${size} is smaller than the data (${data.length})`);
      this.write(name, data + '\xff'.repeat(size - data.length));
      return true;
    }
    const text = this.files.get(name);
    if (text === undefined) throw new Error(`Storage: no file ${JSON.stringify(name)} to write at offset ${offset}`);
    if (!(offset >= 0) || offset + data.length > text.length) throw new Error(`Storage: ${data.length} bytes at ${offset} run past the end of ${JSON.stringify(name)} (${text.length})`);
    this.files.set(name, text.slice(0, offset) + data + text.slice(offset + data.length));
    return true;
  }

  /** The object the firmware gets from require("Storage"). */
  api(check: () => void = () => {}): Record<string, unknown> {
    return {
      read: (name: string) => this.files.get(this.checkName(name)),
      readJSON: (name: string, noExceptions?: boolean) => {
        const text = this.files.get(this.checkName(name));
        if (text === undefined) return undefined;
        try {
          return JSON.parse(text);
        } catch (e) {
          if (noExceptions) return undefined;
          throw e;
        }
      },
      write: (name: string, data: string, offset?: number, size?: number) => {
        check();
        return this.write(name, data, offset, size);
      },
      writeJSON: (name: string, obj: unknown) => this.write(name, JSON.stringify(obj)),
      erase: (name: string) => {
        check();
        const text = this.files.get(this.checkName(name));
        if (text !== undefined) this.trash += fileSpace(text.length);
        this.files.delete(name);
      },
      compact: () => this.compact(),
      getStats: () => ({ totalBytes: this.capacity, freeBytes: this.free(), fileBytes: this.used(), fileCount: this.files.size, trashBytes: this.trash, trashCount: 0 }),
      // a RegExp from the device realm: not an instance of this realm's RegExp
      list: (re?: { test(s: string): boolean }) => [...this.files.keys()].filter((k) => !re || typeof re.test !== 'function' || re.test(k)),
      getFree: () => this.free(),
    };
  }
}
