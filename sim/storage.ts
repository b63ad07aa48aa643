// require("Storage") of the virtual Espruino: named files in flash, kept in
// memory here. Names up to 28 characters, as on the device; the size limit is
// the Puck.js's roughly 40 kB.
export const STORAGE_BYTES = 40 * 1024;
export const MAX_NAME = 28;

export class VirtualStorage {
  readonly files = new Map<string, string>();

  private checkName(name: unknown): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) {
      throw new Error(`Storage: invalid name ${JSON.stringify(name)} (1..${MAX_NAME} characters)`);
    }
    return name;
  }

  used(): number {
    let n = 0;
    for (const [k, v] of this.files) n += k.length + v.length;
    return n;
  }

  write(name: string, data: string): boolean {
    this.checkName(name);
    const old = this.files.get(name)?.length ?? 0;
    if (this.used() - old + data.length + name.length > STORAGE_BYTES) throw new Error('Storage: not enough free space');
    this.files.set(name, String(data));
    return true;
  }

  /** The object the firmware gets from require("Storage"). */
  api(): Record<string, unknown> {
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
      write: (name: string, data: string) => this.write(name, data),
      writeJSON: (name: string, obj: unknown) => this.write(name, JSON.stringify(obj)),
      erase: (name: string) => {
        this.files.delete(this.checkName(name));
      },
      list: () => [...this.files.keys()],
      getFree: () => STORAGE_BYTES - this.used(),
    };
  }
}
