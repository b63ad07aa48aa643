// Our small typed wrapper around @espruino-tools/core, the Web Bluetooth
// (Nordic UART) transport to a real pacer. It uses only the library's paths
// that work (../shared/reference/espruino.md): connect, eval, quickWrite and
// disconnect, never loadCode (it sends reset(true), which wipes the saved
// code), onPress/onTimedPress (they send code that throws on the device) or
// Call (overwritten after connect). Around them it mends what the library
// leaves undone:
//   - eval resolves {data, log} whatever happened: we unwrap it, and an
//     answer that is not JSON becomes an error that says what came back;
//   - a cancelled chooser or a failed connection never settles its promise,
//     and it does not tell why: we watch requestDevice ourselves;
//   - it shows its own connection dialog (Bluetooth or Serial): we pick
//     Web Bluetooth in it at once, inside the user's click;
//   - a link cut in the middle of a write leaves it busy for ever: we hear
//     the disconnection ourselves, fail what was waiting, and free it;
//   - eval returns only the first line printed: we keep our own copy of
//     everything the device prints (a listener on the same RX characteristic),
//     for multi-line answers (the session log) and the device's own error text;
//   - it keeps the flow-control bytes (XON 0x11, XOFF 0x13) in what it reads,
//     so an answer with one in it is not JSON to it: our copy drops them, and
//     such an answer is read from our copy;
//   - it sends only the low byte of each character ("\u2022" goes as 0x22, a
//     quote): send and evaluate refuse any character but printable ASCII,
//     \n and \x10, before anything is sent;
//   - its connect blinks LED2 (digitalPulse) and reads all the device's code
//     (E.dumpStr, for Call): we suppress both on our instance;
//   - it does not tell whether a line was sent whole: we count the writes it
//     finished, so a link lost after a whole line went out is reported as
//     "may have been applied", not "not applied".
import { DeviceController } from '@espruino-tools/core';

export const NORDIC_SERVICE = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
export const NORDIC_RX = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';

export type LinkErrorKind = 'no-bluetooth' | 'cancelled' | 'connect' | 'disconnected' | 'uncertain' | 'garbage' | 'device' | 'timeout' | 'refused';

export class LinkError extends Error {
  constructor(readonly kind: LinkErrorKind, message: string) {
    super(message);
  }
}

// the few Web Bluetooth types used here (the DOM library does not have them)
interface BtCharacteristic extends EventTarget {
  value?: DataView;
}
interface BtDevice extends EventTarget {
  name?: string;
  gatt?: { connected: boolean; getPrimaryService(uuid: string): Promise<{ getCharacteristic(uuid: string): Promise<BtCharacteristic> }> };
}
interface Bt {
  requestDevice(options: unknown): Promise<BtDevice>;
}
interface LibraryConnection {
  isOpen?: boolean;
  isOpening?: boolean;
  write(data?: string, callback?: () => void): void;
}
interface LibraryUart {
  isBusy: boolean;
  close(): void;
  write(data: string, callback?: unknown, callbackNewline?: unknown): unknown;
  getConnection(): LibraryConnection | undefined;
}

/** What the library's connect sends to blink LED2 (suppressed: it is the pacer's LED). */
export const CONNECT_BLINK = 'digitalPulse(LED2,1,100);\n';
/** Flow control bytes (XON, XOFF) the device sends: never part of an answer. */
export const stripFlow = (s: string) => s.replace(/[\x11\x13]/g, '');

/**
 * The library writes only the low byte of each character: anything but printable ASCII, \n and
 * \x10 (echo off) is refused here, before a byte is sent.
 */
export function checkWire(text: string): void {
  const m = /[^\x20-\x7e\n\x10]/.exec(text);
  if (!m) return;
  const c = m[0].charCodeAt(0);
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new LinkError('refused', `Not sent: character ${c >= 0x20 && c !== 0x7f ? `"${m[0]}" ` : ''}(${code}) at ${m.index} is not printable ASCII; the Bluetooth link would carry only its low byte (0x${(c & 0xff).toString(16).padStart(2, '0')}). Nothing was sent.`);
}

const bluetooth = (): Bt | undefined => (navigator as unknown as { bluetooth?: Bt }).bluetooth;

/** Why Web Bluetooth cannot be used in this page, or null if it can. */
export function unsupported(): string | null {
  if (!bluetooth()) return 'This browser has no Web Bluetooth. Use Chrome or Edge on a laptop, or Chrome on Android (not iOS, not Firefox).';
  if (!window.isSecureContext) return 'Web Bluetooth needs a secure page: open this page over https, or at http://localhost.';
  // the library refuses plain http on any host but "localhost" (even 127.0.0.1), and then never answers
  if (location.protocol === 'http:' && location.hostname !== 'localhost') return `Open this page at http://localhost:${location.port || 80}/ (or over https): the Bluetooth library refuses plain http on any other host name.`;
  return null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class EspruinoLink {
  private dc: DeviceController | null = null;
  private device: BtDevice | null = null;
  /** Everything the device printed since we connected (one char per byte, flow control dropped). */
  private printed = '';
  /** Writes the library finished (every chunk of it went out). */
  private written = 0;
  private alive = false;
  private closing = false;
  /** Rejects whatever waits on the device when the link drops. */
  private waiters = new Set<(e: LinkError) => void>();
  /** One exchange at a time: replies are told apart by order only. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Called when the link drops by itself (not on disconnect()). */
  onLost: (() => void) | null = null;

  get connected(): boolean {
    return this.alive;
  }

  get deviceName(): string {
    return this.device?.name ?? 'Espruino';
  }

  /**
   * Ask the user for a device (the browser's chooser) and open its console. Must be called
   * from a click: the library's dialog is answered in the same call so the chooser may open.
   */
  async connect(timeoutMs = 30000): Promise<void> {
    const why = unsupported();
    if (why) throw new LinkError('no-bluetooth', why);
    if (this.alive) return;
    const bt = bluetooth() as Bt;
    let chooser: Promise<BtDevice> | null = null;
    // watch the chooser: the library swallows its outcome (a cancel leaves connect() pending for ever)
    const own = Object.prototype.hasOwnProperty.call(bt, 'requestDevice');
    const original = bt.requestDevice;
    bt.requestDevice = (options: unknown) => {
      chooser = original.call(bt, options);
      return chooser;
    };
    const dc = new DeviceController();
    // the library's connect would blink LED2 and read the device's code (E.dumpStr, for its Call):
    // neither on the pacer (its LED is the pacer's cue; its code is none of the page's business)
    (dc as unknown as { getDeviceFunctions: () => Promise<void> }).getDeviceFunctions = async () => {};
    const uart = dc.UART as LibraryUart;
    const write = Object.getPrototypeOf(uart).write as LibraryUart['write'];
    uart.write = function (this: LibraryUart, data: string, callback?: unknown, callbackNewline?: unknown) {
      if (data === CONNECT_BLINK) return undefined;
      return write.call(this, data, callback, callbackNewline);
    };
    let ready: () => void = () => {};
    const readyP = new Promise<void>((r) => (ready = r));
    let connectP: Promise<void>;
    try {
      connectP = dc.connect(() => ready());
      this.pickWebBluetooth();
    } finally {
      if (own) bt.requestDevice = original;
      else delete (bt as Partial<Bt>).requestDevice;
    }
    if (!chooser) {
      (dc.UART as LibraryUart).close();
      throw new LinkError('connect', 'The Bluetooth library did not open the device chooser.');
    }
    let device: BtDevice;
    try {
      device = await (chooser as Promise<BtDevice>);
    } catch (e) {
      const err = e as DOMException;
      if (err.name === 'NotFoundError') throw new LinkError('cancelled', 'No pacer was chosen (the Bluetooth chooser was closed). Nothing was changed.');
      throw new LinkError('connect', `Could not reach the pacer: ${err.message || err.name}`);
    }
    this.dc = dc;
    this.device = device;
    this.printed = '';
    this.closing = false;
    device.addEventListener('gattserverdisconnected', this.onDisconnected);
    this.alive = true;
    try {
      await this.settle(this.whenOpen(connectP, readyP, device), timeoutMs, 'connecting');
    } catch (e) {
      this.drop();
      throw e;
    }
  }

  /** The library's own dialog asks "Web Bluetooth or Web Serial": the pacer is Bluetooth. */
  private pickWebBluetooth(): void {
    const names = Array.from(document.querySelectorAll('.esp-tools-name'));
    const bt = names.find((n) => n.textContent === 'Web Bluetooth');
    if (bt && bt.parentElement) bt.parentElement.click();
  }

  /** The console is open: the library's first eval answered, our tap listens, its startup exchange is over. */
  private async whenOpen(connectP: Promise<void>, readyP: Promise<void>, device: BtDevice): Promise<void> {
    const uart = (this.dc as DeviceController).UART as LibraryUart;
    // the library's connect settles only if its first eval was answered; a failed GATT setup never settles it
    const failed = (async () => {
      for (;;) {
        await sleep(100);
        const c = uart.getConnection();
        if (!c || (!c.isOpen && !c.isOpening)) throw new LinkError('connect', 'Could not open the pacer\'s Bluetooth serial port (Nordic UART service).');
        if (c.isOpen) return;
      }
    })();
    await Promise.race([connectP.then(() => failed), failed]);
    this.count(uart.getConnection());
    await this.tap(device);
    await connectP;
    if (!(this.dc as DeviceController).connected) throw new LinkError('garbage', 'The device did not answer like an Espruino: is it a pacer?');
    // the library reads the device's code (E.dumpStr) after connecting; our first exchange waits for it
    await readyP;
  }

  /** Our own listener on the RX characteristic the library reads: everything the device prints. */
  private async tap(device: BtDevice): Promise<void> {
    for (let i = 0; i < 50 && !device.gatt?.connected; i++) await sleep(50);
    const service = await (device.gatt as NonNullable<BtDevice['gatt']>).getPrimaryService(NORDIC_SERVICE);
    const rx = await service.getCharacteristic(NORDIC_RX);
    rx.addEventListener('characteristicvaluechanged', (ev) => {
      const v = (ev.target as BtCharacteristic).value;
      if (v) this.printed += stripFlow(String.fromCharCode(...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
    });
  }

  /** Count the writes the library finishes (its callback comes once the last chunk went out). */
  private count(c: LibraryConnection | undefined): void {
    if (!c) return;
    const write = c.write;
    c.write = (data?: string, callback?: () => void) =>
      write.call(c, data, data ? () => {
        this.written++;
        callback?.();
      } : callback);
  }

  /** A link lost after a whole line went out: it may have run. */
  private lostAfterSent(e: unknown, mark: number, what: string): unknown {
    if (e instanceof LinkError && e.kind === 'disconnected' && this.written > mark) {
      return new LinkError('uncertain', `The pacer disconnected after ${what} had reached it, before it answered.`);
    }
    return e;
  }

  private onDisconnected = () => {
    if (!this.alive) return;
    this.drop();
    const e = new LinkError('disconnected', 'The pacer disconnected (out of range or switched off).');
    for (const w of [...this.waiters]) w(e);
    if (!this.closing) this.onLost?.();
  };

  /** Forget the link; a write cut short leaves the library busy for ever, so it is freed. */
  private drop(): void {
    this.alive = false;
    if (this.device) this.device.removeEventListener('gattserverdisconnected', this.onDisconnected);
    if (this.dc) {
      const uart = this.dc.UART as LibraryUart;
      uart.isBusy = false;
      uart.close();
    }
  }

  /** A promise, failed early by a disconnection or a timeout. */
  private settle<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lost = (e: LinkError) => finish(() => reject(e));
      const timer = setTimeout(() => finish(() => reject(new LinkError('timeout', `The pacer did not answer within ${Math.round(timeoutMs / 1000)} s (${what}).`))), timeoutMs);
      const finish = (f: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(lost);
        f();
      };
      this.waiters.add(lost);
      p.then((v) => finish(() => resolve(v)), (e) => finish(() => reject(e)));
    });
  }

  /** Run `work` after every exchange before it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => {});
    return run;
  }

  private need(): DeviceController {
    if (!this.alive || !this.dc) throw new LinkError('disconnected', 'Not connected to a pacer.');
    return this.dc;
  }

  /** What the device printed from `from` on. */
  since(from: number): string {
    return this.printed.slice(from);
  }

  get printedLength(): number {
    return this.printed.length;
  }

  /**
   * Evaluate an expression on the device and return its value (what JSON.stringify gives
   * there), with everything the device printed meanwhile. An error on the device becomes a
   * 'device' error with the device's message; an answer that is not JSON, 'garbage'.
   */
  evaluate(expr: string, timeoutMs = 20000): Promise<{ value: unknown; printed: string; from: number }> {
    try {
      checkWire(expr);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.exclusive(() => this.evaluateNow(expr, timeoutMs));
  }

  private async evaluateNow(expr: string, timeoutMs: number): Promise<{ value: unknown; printed: string; from: number }> {
    const dc = this.need();
    const from = this.printed.length;
    const mark = this.written;
    let reply: { data: unknown; log: string };
    try {
      reply = (await this.settle(dc.eval<{ data: unknown; log: string }>(expr), timeoutMs, 'waiting for its answer')) as { data: unknown; log: string };
    } catch (e) {
      throw this.lostAfterSent(e, mark, 'the command');
    }
    if (reply && reply.log === 'success') return { value: reply.data, printed: this.since(from), from };
    // not JSON to the library: read the answer line from our copy (flow control bytes dropped);
    // the library may have heard the line's end before our listener did
    const line = await this.firstLine(from, 1000);
    if (line !== null) {
      try {
        return { value: JSON.parse(line), printed: this.since(from), from };
      } catch {
        // not JSON either: the device's error, or garbage
      }
    }
    throw deviceError(this.since(from));
  }

  /** The first non-empty line the device printed from `from` on, once it has ended; null if none within `waitMs`. */
  private async firstLine(from: number, waitMs: number): Promise<string | null> {
    for (const end = Date.now() + waitMs; ; await sleep(20)) {
      const m = /^\s*([^\r\n]*\S)[ \t]*\r?\n/.exec(this.since(from));
      if (m) return m[1];
      if (!this.alive || Date.now() > end) return null;
    }
  }

  /** Send lines as they are (each should start with \x10: no echo), then evaluate `check` once they have run. */
  send(lines: string, check: string, timeoutMs = 30000): Promise<{ value: unknown; printed: string }> {
    try {
      checkWire(lines);
      checkWire(check);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.exclusive(async () => {
      const dc = this.need();
      const from = this.printed.length;
      const mark = this.written;
      dc.quickWrite(lines);
      let r: { value: unknown };
      try {
        r = await this.evaluateNow(check, timeoutMs);
      } catch (e) {
        throw this.lostAfterSent(e, mark, 'the commands');
      }
      const printed = this.since(from);
      // an error from one of the lines (not from the check) still fails the whole send
      if (/Uncaught/.test(printed)) throw deviceError(printed);
      return { value: r.value, printed };
    });
  }

  /** Wait until the device has printed something `test` accepts (from `from` on). */
  waitPrinted(from: number, test: (text: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    return this.settle(
      (async () => {
        while (!test(this.since(from))) {
          this.need();
          await sleep(20);
        }
        return this.since(from);
      })(),
      timeoutMs,
      what,
    );
  }

  /** Close the link (the library's disconnect; forced if it does not finish). */
  async disconnect(): Promise<void> {
    if (!this.dc) return;
    this.closing = true;
    const dc = this.dc;
    if (this.alive) await Promise.race([dc.disconnect().catch(() => {}), sleep(3000)]);
    this.drop();
    this.dc = null;
  }
}

/** The device's own error line, or what it said instead of JSON. */
export function deviceError(printed: string): LinkError {
  const m = /Uncaught (?:\w*Error: )?([^\r\n]*)/.exec(printed);
  if (m) return new LinkError('device', `The pacer refused: ${m[1]}`);
  const shown = printed.trim().replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
  return new LinkError('garbage', shown ? `The device's answer was not understood: "${shown}". Nothing more was sent.` : 'The device did not answer. Nothing more was sent.');
}
