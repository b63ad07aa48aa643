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
//
// The pacer's secret (README: Security; secret.ts). A pacer with one pairs
// over Bluetooth only with it as the passkey (the browser's own pairing
// dialog asks for it: a refused or cancelled pairing is told apart from a
// failed connection, from the error the GATT calls give), and its console is
// locked: the library's first eval is answered "Invalid password". Then the
// secret is asked for (setSecretSource: the page's prompt, secret-prompt.ts),
// checked for what the console can carry (six digits), and typed as one line
// (no \x10: the locked console would count it), one attempt at a time, its
// answer read. A wrong one says so and nothing else is sent; each wrong one
// makes the next wait longer, and after MAX_WRONG the link is closed. The
// secret is kept for the connection only, masked (MaskedSecret), to type it
// again when the console locks itself (a flash restarts the pacer), and
// zeroed when the link goes.
import { DeviceController } from '@espruino-tools/core';
import { LOCKED_TEXT, LOGGED_IN_TEXT, MaskedSecret, secretProblem } from './secret';

export const NORDIC_SERVICE = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
export const NORDIC_RX = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';

export type LinkErrorKind = 'no-bluetooth' | 'cancelled' | 'connect' | 'disconnected' | 'uncertain' | 'garbage' | 'device' | 'timeout' | 'refused' | 'pairing' | 'secret';

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

/** What the page's prompt is told: the device, the wrong secrets so far, and how long until the next may go. */
export interface SecretRequest {
  device: string;
  /** Wrong secrets typed on this connection so far. */
  wrong: number;
  /** Milliseconds before the next attempt is sent (each wrong one makes it longer). */
  waitMs: number;
  /** Why the last entry was not sent (not six digits), or null. */
  problem: string | null;
}
/** Asks the user for the secret; null: they would rather not (the link is closed). */
export type SecretSource = (r: SecretRequest) => Promise<string | null>;
let secretSource: SecretSource | null = null;
/** Where a locked pacer's secret comes from (the page installs its prompt: secret-prompt.ts). */
export function setSecretSource(source: SecretSource | null): void {
  secretSource = source;
}
/** Wrong secrets on one connection before the link is closed. */
export const MAX_WRONG = 5;
/** The wait before the next attempt after `wrong` wrong ones (0.5 s, 1 s, 2 s, 4 s; at most 8 s). */
export const waitAfter = (wrong: number) => (wrong === 0 ? 0 : Math.min(8000, 500 * 2 ** (wrong - 1)));
/** A failed GATT call that means the pairing (the passkey) was refused or cancelled. */
const PAIRING_ERROR = /auth|pair|encrypt|insufficient/i;

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
  /** The console was locked when the link opened (the secret opened it). */
  wasLocked = false;
  /** The secret of this connection, masked; null when the pacer has none or the link is gone. */
  private secret: MaskedSecret | null = null;
  /** The last failed GATT call (a refused pairing shows here). */
  private gattError: unknown = null;

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
      chooser = original.call(bt, options).then((d) => this.watchGatt(d));
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
    this.wasLocked = false;
    this.gattError = null;
    device.addEventListener('gattserverdisconnected', this.onDisconnected);
    this.alive = true;
    try {
      const locked = await this.settle(this.whenOpen(connectP, readyP, device), timeoutMs, 'connecting');
      if (locked) await this.unlock();
    } catch (e) {
      // closed without the library's goodbye line (a locked console would take it as a password attempt)
      this.closing = true;
      this.drop();
      throw e;
    }
  }

  /**
   * The GATT calls the library makes on this device, watched: a pairing that was refused or
   * cancelled fails them, and the library only says it could not open the port.
   */
  private watchGatt(device: BtDevice): BtDevice {
    const gatt = device.gatt as (NonNullable<BtDevice['gatt']> & Record<string, unknown>) | undefined;
    if (!gatt || gatt.__pacerWatched) return device;
    gatt.__pacerWatched = true;
    const record = <T>(p: Promise<T>): Promise<T> => p.catch((e) => {
      this.gattError = e;
      throw e;
    });
    const getService = gatt.getPrimaryService.bind(gatt);
    gatt.getPrimaryService = (uuid: string) => record(getService(uuid)).then((service) => {
      const sv = service as typeof service & Record<string, unknown>;
      if (sv.__pacerWatched) return service;
      sv.__pacerWatched = true;
      const getChar = service.getCharacteristic.bind(service);
      sv.getCharacteristic = (id: string) => record(getChar(id)).then((c) => {
        const ch = c as BtCharacteristic & Record<string, unknown>;
        for (const k of ['startNotifications', 'writeValue', 'writeValueWithResponse', 'writeValueWithoutResponse']) {
          const f = ch[k] as ((...a: unknown[]) => Promise<unknown>) | undefined;
          if (typeof f === 'function' && !ch[`__pacer_${k}`]) {
            ch[`__pacer_${k}`] = true;
            ch[k] = (...a: unknown[]) => record(f.apply(c, a));
          }
        }
        return c;
      });
      return service;
    });
    return device;
  }

  /** Why the port did not open: a refused pairing, or the plain failure. */
  private openFailure(): LinkError {
    const e = this.gattError as { message?: string; name?: string } | null;
    if (e && PAIRING_ERROR.test(`${e.name ?? ''} ${e.message ?? ''}`)) {
      return new LinkError('pairing', `Bluetooth pairing with the pacer was refused or cancelled (${e.message || e.name}): a pacer with a secret pairs only with it as the passkey, typed into this computer's or phone's pairing dialog. Nothing was read or changed.`);
    }
    return new LinkError('connect', 'Could not open the pacer\'s Bluetooth serial port (Nordic UART service).');
  }

  /**
   * The locked console: the secret, asked for and typed, one attempt at a time, until it is taken,
   * the user gives up (null) or MAX_WRONG were wrong. A wrong one runs nothing on the pacer.
   */
  private async unlock(): Promise<void> {
    this.wasLocked = true;
    if (!secretSource) throw new LinkError('secret', 'The pacer is locked with a secret, and this page has no way to ask for it. Nothing was read or changed.');
    let wrong = 0;
    let problem: string | null = null;
    for (;;) {
      const waitMs = waitAfter(wrong);
      const asked = Date.now();
      const typed = await secretSource({ device: this.deviceName, wrong, waitMs, problem });
      if (typed === null) throw new LinkError('secret', 'No secret was given: disconnected. Nothing was read or changed.');
      if (!this.alive) throw new LinkError('disconnected', 'The pacer disconnected (out of range or switched off).');
      problem = secretProblem(typed);
      if (problem) continue; // nothing sent: the console could not carry it
      const left = waitMs - (Date.now() - asked);
      if (left > 0) await sleep(left);
      const held = new MaskedSecret(typed);
      if (await this.typeSecret(held)) {
        this.secret = held;
        (this.dc as unknown as { connected: boolean }).connected = true;
        return;
      }
      held.clear();
      wrong += 1;
      if (wrong >= MAX_WRONG) {
        throw new LinkError('secret', `${MAX_WRONG} wrong secrets: disconnected. Nothing was read or changed. The secret is the six digits npm run flash printed for this pacer.`);
      }
    }
  }

  /** One attempt: the secret as a line of its own (no \x10), then its answer. True: "Logged in.". */
  private typeSecret(secret: MaskedSecret): Promise<boolean> {
    return this.exclusive(() => this.typeSecretNow(secret));
  }

  private async typeSecretNow(secret: MaskedSecret): Promise<boolean> {
    const dc = this.need();
    const from = this.printed.length;
    dc.quickWrite(`${secret.reveal()}\n`);
    const answer = await this.waitPrinted(from, (t) => LOGGED_IN_TEXT.test(t) || /Invalid password/.test(t), 10000, 'checking the secret');
    return LOGGED_IN_TEXT.test(answer);
  }

  /** The library's own dialog asks "Web Bluetooth or Web Serial": the pacer is Bluetooth. */
  private pickWebBluetooth(): void {
    const names = Array.from(document.querySelectorAll('.esp-tools-name'));
    const bt = names.find((n) => n.textContent === 'Web Bluetooth');
    if (bt && bt.parentElement) bt.parentElement.click();
  }

  /**
   * The console is open: the library's first eval answered, our tap listens, its startup exchange
   * is over. True: the console is locked (it asks for the secret).
   */
  private async whenOpen(connectP: Promise<void>, readyP: Promise<void>, device: BtDevice): Promise<boolean> {
    const uart = (this.dc as DeviceController).UART as LibraryUart;
    // the library's connect settles only if its first eval was answered; a failed GATT setup never settles it
    const failed = (async () => {
      for (;;) {
        await sleep(100);
        const c = uart.getConnection();
        if (!c || (!c.isOpen && !c.isOpening)) throw this.openFailure();
        if (c.isOpen) return;
      }
    })();
    await Promise.race([connectP.then(() => failed), failed]);
    this.count(uart.getConnection());
    await this.tap(device);
    await connectP;
    if (!(this.dc as DeviceController).connected) {
      // a locked console answers the library's first eval "Invalid password" (maybe before our tap
      // listened: the rest of that answer is still in the library's buffer); then the secret is asked for
      const heard = `${this.printed}${(uart.getConnection() as { received?: string } | undefined)?.received ?? ''}`;
      if (LOCKED_TEXT.test(heard)) return true;
      throw new LinkError('garbage', 'The device did not answer like an Espruino: is it a pacer?');
    }
    // the library reads the device's code (E.dumpStr) after connecting; our first exchange waits for it
    await readyP;
    return false;
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
    // a refused pairing ends the link too: that is what the user must hear
    const failed = this.openFailure();
    const e = failed.kind === 'pairing' ? failed : new LinkError('disconnected', 'The pacer disconnected (out of range or switched off).');
    for (const w of [...this.waiters]) w(e);
    if (!this.closing) this.onLost?.();
  };

  /** Forget the link; a write cut short leaves the library busy for ever, so it is freed. */
  private drop(): void {
    this.alive = false;
    this.secret?.clear();
    this.secret = null;
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
    return this.exclusive(() => this.evaluateNow(expr, timeoutMs, true));
  }

  /**
   * `relogin`: a console found locked (the pacer restarted) gets this connection's secret again and
   * the expression again (the line it had was a password attempt: it ran nothing). Not after lines
   * sent without an answer (send): those did not run either, and the caller must know.
   */
  private async evaluateNow(expr: string, timeoutMs: number, relogin: boolean): Promise<{ value: unknown; printed: string; from: number }> {
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
    if (LOCKED_TEXT.test(this.since(from))) {
      if (!relogin || !this.secret) throw new LinkError('secret', 'The pacer\'s console locked itself (it restarted) before the command ran: nothing was applied. Connect again.');
      if (!(await this.typeSecretNow(this.secret))) throw new LinkError('secret', 'The pacer locked itself and no longer takes the secret given for this connection: nothing was applied. Connect again.');
      return this.evaluateNow(expr, timeoutMs, false);
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
        r = await this.evaluateNow(check, timeoutMs, false);
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
