// One console connection to any Espruino (a pacer over Bluetooth or USB
// serial, or the interpreter built for Linux behind a tcp:// port), for the
// host commands that talk to a device line by line (npm run device, npm run
// memory).
//
// Transports:
//   tcp://host:port   node's net module, directly
//   /dev/tty..., COMn USB serial, through the espruino package's own library
//   a BLE address     Bluetooth LE (Nordic UART), through the same library
//   --device NAME     Bluetooth LE, the first device whose name contains NAME
// The library (what the espruino CLI runs) is loaded in a child process,
// scripts/console-bridge.ts, that passes bytes both ways: it sets globals and
// logs every step when loaded, which must not happen in this process.
//
// Lines go out echo off (\x10 first, as the Web IDE and the web page send
// them). Answers are read by a marker: a line prints a marker unique to it,
// then JSON, then the line ends; everything else the console prints (the
// prompt, the `\r\x1b[J` before asynchronous output, XON/XOFF, the banner
// after a reset) is skipped. The marker is split in the source ("<<"+"pl..."),
// so a console that echoes the line anyway never shows it.
//
// The pacer's secret (README: Security): a pacer flashed with one locks its
// console at every boot (E.setPassword / E.lockConsole) and again at every
// Bluetooth disconnection; the locked console answers every line with
// `Invalid password` / `password>` and runs none of them. `--secret` is typed
// once, right after the transport connects (`handshake`): one attempt, its
// answer read (`Logged in.` or `Invalid password`), a wrong secret one clear
// error with nothing run. The console locks again when the pacer restarts
// (load(): a flash, the memory walk's boots): a question that finds it locked
// types the same secret again and asks again (the line it sent was taken as a
// password attempt and did not run), once per lock. No secret, or a wrong
// one: LinkError, nothing sent but the probe. The secret itself is never
// echoed by the console (a locked console does not echo) nor printed here.
//
// `relay()` lends the open, unlocked link to the espruino CLI (npm run flash):
// a local tcp:// port whose bytes go to the device, UTF-8 undone, one byte
// per character as serial and Bluetooth send them.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { LOCKED_TEXT, LOGGED_IN_TEXT, secretProblem } from '../web/real/secret';

/** The link could not be made or was lost: the message is one line for the user. */
export class LinkError extends Error {}
/** A line ran on the device and threw: the message is the device's error text. */
export class DeviceError extends Error {}
/** The console is locked (E.setPassword): it asks for the pacer's secret; what was sent did not run. */
export class LockedError extends LinkError {}

export interface LinkOptions {
  /** tcp://host:port, a serial port (/dev/ttyACM0, COM3) or a Bluetooth address. */
  port?: string;
  /** Bluetooth: the first device whose advertised name contains this. */
  device?: string;
  /** Seconds to connect and hear the first answer; also the default wait for any answer. */
  timeoutS: number;
  /** Show the espruino library's own log (serial and Bluetooth) on stderr. */
  verbose?: boolean;
  /** tcp:// through the espruino library's bridge instead of net (the tests drive the bridge this way). */
  viaLibrary?: boolean;
  /** The pacer's secret (six digits): typed when the console is locked. */
  secret?: string;
}

export type PortKind = 'tcp' | 'serial' | 'ble';

/** What kind of port a --port value names. */
export function portKind(port: string): PortKind {
  if (port.startsWith('tcp://')) return 'tcp';
  if (port.startsWith('/') || /^COM\d+$/i.test(port)) return 'serial';
  return 'ble';
}

/** host and port of a tcp:// address (default port 23, as the espruino CLI reads it). */
export function tcpAddress(port: string): { host: string; port: number } {
  const hp = port.slice('tcp://'.length);
  const i = hp.lastIndexOf(':');
  if (i < 0) return { host: hp || 'localhost', port: 23 };
  return { host: hp.slice(0, i).trim() || 'localhost', port: parseInt(hp.slice(i + 1).trim(), 10) };
}

/** The usage lines for --port / --device, shared by the commands. */
export const PORT_USAGE = '--port <tcp://host:port | /dev/ttyACM0 | COM3 | BLE address> | --device <name>';

/** The flags' target, checked: exactly one of --port / --device, and a port that is well formed. */
export function checkTarget(o: { port?: string; device?: string }): void {
  if (o.port !== undefined && o.device !== undefined) throw new LinkError('give --port or --device, not both');
  if (o.port === undefined && o.device === undefined) throw new LinkError(`no device: give ${PORT_USAGE}`);
  if (o.port !== undefined && portKind(o.port) === 'tcp') {
    const { port } = tcpAddress(o.port);
    if (!(port > 0 && port < 65536)) throw new LinkError(`${o.port}: not a tcp://host:port address`);
  }
}

/** The byte stream under the console: a socket, or the bridge child. */
interface Transport {
  write(bytes: string): void;
  close(): void;
}

const ECHO_OFF = '\x10';
/** Bytes that must never go out inside a line: Ctrl-C (interrupts), Ctrl-D (ends the Linux interpreter), newlines. */
const FORBIDDEN = /[\x03\x04\n\r]|[^\x00-\xff]/;
/** XON / XOFF: the device's flow control, sent between any two bytes of its output. */
const XON = '\x11';
const XOFF = '\x13';
/** The one line of a --secret problem (the secret itself never quoted). */
export function checkSecretFlag(secret: string | undefined, flag = '--secret'): void {
  if (secret === undefined) return;
  const why = secretProblem(secret);
  if (why) throw new LinkError(`${flag}: ${why}, as npm run flash printed it`);
}

export class ConsoleLink {
  /** Everything the console printed since the link opened, flow-control bytes removed. */
  text = '';
  private transport!: Transport;
  private listeners = new Set<() => void>();
  private closedWhy: string | null = null;
  private seq = 0;
  private readonly nonce = Math.random().toString(36).slice(2, 6).padEnd(4, '0');
  /** The device asked us to hold (XOFF); writes wait for XON (or 5 s, as a lost XON would otherwise stall). */
  private held = false;
  private queue: string[] = [];
  private holdTimer: NodeJS.Timeout | null = null;
  /** The secret typed when the console is locked (LinkOptions.secret). */
  private secret: string | undefined;
  /** The console was locked when the link opened (the secret opened it). */
  wasLocked = false;
  /** Times the secret was typed (each answered "Logged in."). */
  logins = 0;
  /** Bytes went out raw (sendRaw) since the last answer: a lock found now means they did not run. */
  private rawSinceAnswer = false;
  /** What the console printed, as it arrives (the relay's listener). */
  private taps = new Set<(s: string) => void>();

  private constructor(
    readonly where: string,
    readonly timeoutS: number,
  ) {}

  /** Connects, then waits for the console to answer one line (within timeoutS). */
  static async open(o: LinkOptions): Promise<ConsoleLink> {
    checkTarget(o);
    checkSecretFlag(o.secret);
    const where = o.port ?? `the Bluetooth device named "${o.device}"`;
    const link = new ConsoleLink(where, o.timeoutS);
    link.secret = o.secret;
    const deadline = Date.now() + o.timeoutS * 1000;
    link.transport = await link.connect(o, deadline);
    await link.handshake(deadline);
    return link;
  }

  private connect(o: LinkOptions, deadline: number): Promise<Transport> {
    if (o.port !== undefined && portKind(o.port) === 'tcp' && !o.viaLibrary) return this.connectTcp(o.port, deadline);
    if (o.port !== undefined && portKind(o.port) === 'serial') {
      if (/^COM\d+$/i.test(o.port) && process.platform !== 'win32') {
        throw new LinkError(`${o.port} is a Windows port name; here serial ports are /dev/ttyACM0, /dev/ttyUSB0, ... (try ls /dev/ttyACM* /dev/ttyUSB*)`);
      }
      if (o.port.startsWith('/') && !fs.existsSync(o.port)) {
        throw new LinkError(`serial port ${o.port} does not exist (is the board plugged in? try ls /dev/ttyACM* /dev/ttyUSB*)`);
      }
    }
    return this.connectBridge(o, deadline);
  }

  private connectTcp(port: string, deadline: number): Promise<Transport> {
    const { host, port: tcpPort } = tcpAddress(port);
    return new Promise((resolve, reject) => {
      const s = net.createConnection(tcpPort, host);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new LinkError(`nothing answered at ${port} within ${this.timeoutS} s (could not connect)`));
      }, Math.max(0, deadline - Date.now()));
      s.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const why =
          e.code === 'ECONNREFUSED' ? 'connection refused: nothing listens there' :
          e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `host ${host} not found` :
          e.code ?? e.message;
        reject(new LinkError(`could not connect to ${port} (${why})`));
      });
      s.once('connect', () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        s.on('error', () => undefined); // a drop shows as 'close'
        s.on('data', (d) => this.received(d.toString('latin1')));
        s.on('close', () => this.lost(`the connection to ${port} closed`));
        resolve({
          write: (b) => s.write(Buffer.from(b, 'latin1')),
          close: () => {
            // what is queued goes out, then the socket goes whether or not the other side ends too
            s.end();
            setTimeout(() => s.destroy(), 200);
          },
        });
      });
    });
  }

  private connectBridge(o: LinkOptions, deadline: number): Promise<Transport> {
    const target = o.port ?? (o.device as string);
    const kind = o.device !== undefined ? 'name' : portKind(target);
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(__dirname, 'console-bridge.ts'), target, kind], {
        // its stderr is the library's log (and a crash's stack): shown with --verbose only
        stdio: ['pipe', 'pipe', o.verbose ? 'inherit' : 'ignore', 'ipc'],
        env: { ...process.env, PACER_LINK_VERBOSE: o.verbose ? '1' : '', TS_NODE_TRANSPILE_ONLY: '1' },
      });
    } catch (e) {
      throw new LinkError(`could not start the espruino library for ${this.where}: ${(e as Error).message}`);
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill('SIGKILL');
        reject(new LinkError(`nothing answered at ${this.where} within ${this.timeoutS} s (could not connect${kind === 'ble' || kind === 'name' ? ': is it powered, in range, and not connected to anything else?' : ''})`));
      }, Math.max(0, deadline - Date.now()));
      child.stdout?.on('data', (d: Buffer) => this.received(d.toString('latin1')));
      child.stdin?.on('error', () => undefined);
      child.on('message', (m: { t: string; why?: string }) => {
        if (m.t === 'open' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({
            write: (b) => child.stdin?.write(Buffer.from(b, 'latin1')),
            close: () => {
              child.stdin?.end();
              setTimeout(() => child.kill('SIGKILL'), 2000).unref();
            },
          });
        } else if (m.t === 'fail' && !settled) {
          settled = true;
          clearTimeout(timer);
          reject(new LinkError(m.why ?? `could not connect to ${this.where}`));
        } else if (m.t === 'closed') this.lost(`the connection to ${this.where} closed`);
      });
      child.on('exit', (code) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(new LinkError(`could not connect to ${this.where} (the espruino library exited with ${code})`));
        } else this.lost(`the connection to ${this.where} closed`);
      });
    });
  }

  /**
   * After the transport connects: the console must answer a line. A locked console answers the
   * probe "Invalid password": the secret is typed (once), and the probe asked again.
   */
  private async handshake(deadline: number): Promise<void> {
    try {
      await this.ask((m) => `print(${m})`, Math.max(500, deadline - Date.now()), 'the first answer', false);
    } catch (e) {
      if (!(e instanceof LinkError)) throw e;
      if (e instanceof LockedError) {
        this.wasLocked = true;
        if (this.secret === undefined) {
          this.close();
          throw new LinkError(`the console of ${this.where} is locked: it asks for the pacer's secret (give it with --secret; nothing was read or changed)`);
        }
        try {
          await this.login(Math.max(500, deadline - Date.now()));
          await this.ask((m) => `print(${m})`, Math.max(500, deadline - Date.now()), 'the first answer after the secret', false);
          return;
        } catch (x) {
          this.close();
          throw x;
        }
      }
      const heard = this.text.replace(/\s+/g, ' ').trim();
      const gone = this.closedWhy;
      this.close();
      if (gone && !heard) throw new LinkError(`${gone} before anything answered (if it is the Linux interpreter, did it crash at boot?)`);
      if (!heard) throw new LinkError(`nothing answered at ${this.where} within ${this.timeoutS} s (is it an Espruino, at its console?)`);
      throw new LinkError(`${this.where} answered, but not as an Espruino console does: ${JSON.stringify(heard.slice(-80))}`);
    }
  }

  /** The secret to type from now on (the pacer's new one, after a flash changed it; undefined: none). */
  useSecret(secret: string | undefined): void {
    checkSecretFlag(secret);
    this.secret = secret;
  }

  /**
   * Types the secret at the locked console: one line (no \x10: the locked console would count it as
   * part of the password), one attempt, its answer read. A wrong secret is a LinkError; nothing ran.
   */
  async login(timeoutMs = this.timeoutS * 1000): Promise<void> {
    if (this.secret === undefined) throw new LinkError(`the console of ${this.where} is locked: it asks for the pacer's secret (give it with --secret)`);
    const from = this.text.length;
    this.write(`${this.secret}\n`);
    const ok = await this.waitFor(from, (t) => (LOGGED_IN_TEXT.test(t) ? true : /Invalid password/.test(t) ? false : undefined), timeoutMs, 'the answer to the secret');
    if (!ok) throw new LinkError(`${this.where} refused the secret: it is not this pacer's (nothing was read or changed)`);
    this.logins += 1;
    // what the caller sent before it asked for this login was its own business (a restart)
    this.rawSinceAnswer = false;
  }

  private received(s: string): void {
    if (s.includes(XOFF) || s.includes(XON)) {
      for (const ch of s) {
        if (ch === XOFF) this.hold(true);
        else if (ch === XON) this.hold(false);
      }
      s = s.split(XON).join('').split(XOFF).join('');
    }
    this.text += s;
    for (const f of [...this.taps]) f(s);
    for (const f of [...this.listeners]) f();
  }

  private hold(on: boolean): void {
    this.held = on;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = on ? setTimeout(() => this.hold(false), 5000) : null;
    if (!on) this.flush();
  }

  private flush(): void {
    while (!this.held && this.queue.length && !this.closedWhy) this.transport.write(this.queue.shift() as string);
  }

  /** Queues bytes (64-byte pieces that wait while the device holds). */
  private write(bytes: string): void {
    if (this.closedWhy) throw new LinkError(this.closedWhy);
    for (let i = 0; i < bytes.length; i += 64) this.queue.push(bytes.slice(i, i + 64));
    this.flush();
  }

  private lost(why: string): void {
    if (this.closedWhy) return;
    this.closedWhy = why;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    for (const f of [...this.listeners]) f();
  }

  /** Why the link is gone, or null while it is up. */
  get closed(): string | null {
    return this.closedWhy;
  }

  /** Bytes as they are (one char per byte), in 64-byte pieces that wait while the device holds (XOFF). */
  sendRaw(bytes: string): void {
    this.write(bytes);
    this.rawSinceAnswer = true;
  }

  /** One console line, echo off, exactly as the Web IDE or the web page sends it. */
  sendLine(js: string): void {
    this.sendRaw(lineBytes(js));
  }

  /**
   * Waits until `done` finds what it needs in the text printed from `from` on; its result is returned.
   * Fails with a LinkError naming `what` on timeout or when the link goes.
   */
  waitFor<T>(from: number, done: (text: string) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const r = done(this.text.slice(from));
        if (r !== undefined) return finish(() => resolve(r));
        if (this.closedWhy) return finish(() => reject(new LinkError(`${this.closedWhy} while waiting for ${what}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new LinkError(`no answer from ${this.where} within ${Math.round(timeoutMs / 100) / 10} s (waiting for ${what})`))), timeoutMs);
      const finish = (f: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        f();
      };
      this.listeners.add(check);
      check();
    });
  }

  /**
   * Sends the line `build(marker)` makes, where `marker` is a JavaScript expression for a text
   * unique to this line, and resolves with what the line printed after that text, up to the end
   * of its line. Each marker has the same length, so lines built alike are alike in length too.
   */
  async ask(build: (marker: string) => string, timeoutMs = this.timeoutS * 1000, what = 'an answer', relogin = true): Promise<string> {
    const tag = `pl${this.nonce}${String(++this.seq % 100000).padStart(5, '0')}`;
    const from = this.text.length;
    const line = lineBytes(build(`"<<"+"${tag}>>"`));
    const raw = this.rawSinceAnswer;
    this.write(line);
    const mark = `<<${tag}>>`;
    const answer = await this.waitFor<string | null>(
      from,
      (t) => {
        const i = t.indexOf(mark);
        // the locked console takes the line as a password attempt: it ran nothing
        if (i < 0) return LOCKED_TEXT.test(t) ? null : undefined;
        const end = t.indexOf('\n', i);
        return end < 0 ? undefined : t.slice(i + mark.length, end).replace(/\r$/, '');
      },
      timeoutMs,
      what,
    );
    if (answer !== null) {
      this.rawSinceAnswer = false;
      return answer;
    }
    if (!relogin || this.secret === undefined) throw new LockedError(`the console of ${this.where} is locked: it asks for the pacer's secret (waiting for ${what})`);
    // it locked itself since the last answer (a restart): lines sent raw meanwhile did not run
    if (raw) throw new LockedError(`the console of ${this.where} locked itself (the pacer restarted?) while lines were being sent: they did not run`);
    await this.login();
    return this.ask(build, timeoutMs, what, false);
  }

  /**
   * Lends the link to another program (the espruino CLI): a tcp:// port on 127.0.0.1 for one
   * connection, whose bytes go to the device with the CLI's UTF-8 undone (its tcp:// transport
   * writes strings; serial and Bluetooth send one byte per character), and the device's output
   * back unchanged (flow control is this link's own: what the device holds waits here). `done`
   * resolves when that connection ends; the link stays open.
   */
  relay(): Promise<{ port: string; done: Promise<void>; close: () => void }> {
    let client: net.Socket | undefined;
    let ended: () => void = () => {};
    const done = new Promise<void>((r) => (ended = r));
    const tap = (s: string) => client?.writable && client.write(Buffer.from(s, 'latin1'));
    const server = net.createServer((c) => {
      if (client) return void c.destroy(); // one program, one connection
      client = c;
      const utf8 = new StringDecoder('utf8');
      this.taps.add(tap);
      c.on('data', (d) => {
        try {
          this.sendRaw(Buffer.from(utf8.write(d), 'latin1').toString('latin1'));
        } catch {
          c.destroy(); // the link is gone: the program sees its connection drop
        }
      });
      c.on('error', () => undefined);
      c.on('close', () => {
        this.taps.delete(tap);
        ended();
      });
    });
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () =>
        resolve({
          port: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
          done,
          close: () => {
            this.taps.delete(tap);
            client?.destroy();
            server.close();
          },
        }),
      );
    });
  }

  /** Every line sent before has run (its output is in `text`). */
  async sync(timeoutMs = this.timeoutS * 1000): Promise<void> {
    await this.ask((m) => `print(${m})`, timeoutMs, 'the console to catch up');
  }

  /**
   * The value of a JavaScript expression on the device, through JSON. A throw on the device is a
   * DeviceError with its text; an answer that is not JSON is a LinkError quoting it.
   */
  async evaluate<T = unknown>(expr: string, timeoutMs = this.timeoutS * 1000, what = expr.slice(0, 40)): Promise<T> {
    const raw = await this.ask((m) => `(function(){var r;try{r=[1,(${expr})]}catch(e){r=[0,""+e]}print(${m}+JSON.stringify(r))})()`, timeoutMs, what);
    let r: unknown;
    try {
      r = JSON.parse(raw);
    } catch {
      throw new LinkError(`the answer from ${this.where} to ${what} was not understood: ${JSON.stringify(raw.slice(0, 80))}`);
    }
    if (!Array.isArray(r) || r.length !== 2 || (r[0] !== 0 && r[0] !== 1)) throw new LinkError(`the answer from ${this.where} to ${what} was not understood: ${JSON.stringify(raw.slice(0, 80))}`);
    if (r[0] === 0) throw new DeviceError(String(r[1]));
    return r[1] as T;
  }

  close(): void {
    if (!this.closedWhy) this.closedWhy = 'the link was closed';
    if (this.holdTimer) clearTimeout(this.holdTimer);
    try {
      this.transport?.close();
    } catch {
      /* gone already */
    }
  }
}

/** A console line's bytes: echo off, the line, a newline (refused if it holds what would break the console). */
function lineBytes(js: string): string {
  const bad = FORBIDDEN.exec(js);
  if (bad) throw new Error(`a console line may not hold ${JSON.stringify(bad[0])}: ${js.slice(0, 40)}`);
  return `${ECHO_OFF}${js}\n`;
}

/** Sleeps in wall-clock time (the device runs on its own). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
