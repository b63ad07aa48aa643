// A real pacer as the browser tests see it over Bluetooth: the Puck.js
// bundle running in the virtual Espruino in Node (BundleEngine), behind a
// console that takes bytes as the interpreter's REPL does for what
// @espruino-tools/core sends:
//   - a line starting with \x10 is not echoed and its result not printed
//     (the IDE's "echo off for this line"); other lines are echoed, then
//     "=result" and the ">" prompt;
//   - a line whose brackets are still open waits for the next one (the REPL's
//     multi-line input), and the \x10 holds until the statement runs;
//   - an error prints "Uncaught Error: ..." and the console goes on;
//   - Ctrl-C (\x03) and a lost connection drop a half-received line.
// Around it: what the library's console talk needs of the interpreter
// (process.env.CONSOLE, Bluetooth.println, E.dumpStr, load()), a Puck.js's
// process.env.BOARD and VERSION (another board on request), flow control as
// the device does it (XOFF when a long line fills its input buffer, XON 20 ms
// later), load() as a soft reset once the interpreter gets back to its idle
// loop (a load() from a timer waits for the virtual clock: `clockRuns` makes
// it follow the wall clock), a record of every byte received, and faults a
// test can inject: a link cut after N bytes of a matching line, a link lost
// after a matching line ran (its answer lost), and noise in place of the
// answer to a matching line.
//
// The pacer's secret (README: Security) as the interpreter enforces it: a
// bundle booted with Storage pacer.key locks the virtual Espruino's console
// (E.setPassword, E.lockConsole); while it is locked every byte of a line,
// \x10 included, up to 20, is a password attempt (VirtualEspruino.login) and
// nothing runs; a lost link runs the firmware's NRF.on('disconnect') handler
// (it locks the console again). Pairing: when the firmware set a passkey
// (NRF.setSecurity), a Bluetooth link must pair with it before the UART
// carries anything (`pair`, from the fake navigator.bluetooth: the passkey
// typed into the system's pairing dialog); a pairing is kept (bonded) until
// `forgetBonds()`.
//
// For the host commands that talk to a console line by line (npm run device,
// npm run memory; scripts/console-link.ts), the same console over TCP
// (`serveFake`), with what they need of the interpreter built for Linux:
// process.memory() (the virtual Espruino's own when it models one, else
// `memoryFigures`: fake figures, no firmware after reset() and with it after
// load()), reset() (a soft reset with no boot code: here the interpreter
// restarts like load(), as the virtual Espruino always runs a bundle, and
// only the figures tell), and digitalWrite(BTN, v) heard as the button going
// down or up once the line has run (the Linux build's pin emulation).
import * as net from 'net';
import { SimEnv } from '../../sim/env';
import { BundleEngine } from '../../sim/engines/bundle-engine';
import { HARDWARE } from '../../sim/hardware';
import { defaultConfig } from '../../firmware/config';
import { Status } from '../../firmware/core/types';
import { readBack } from '../../common/tokeniser';

const HW = HARDWARE.puck;

export interface BleReply {
  /** Bytes the device printed, to go back as RX notifications. */
  out: number[];
  /** The link drops here (the write fails, the browser hears gattserverdisconnected). */
  drop: boolean;
  /** Bytes sent 20 ms later (XON: the device's input buffer has room again). */
  later?: number[];
  /** The write went through, then the link drops (before any answer). */
  dropAfter?: boolean;
}

/** A line this long fills the device's input buffer: XOFF, then XON. */
export const XOFF_AT = 100;

/** Brackets still open in `code` (strings and comments skipped): the REPL waits for more. */
export function openBrackets(code: string): number {
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
    } else if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return depth;
}

export class FakePacer {
  env!: SimEnv;
  engine!: BundleEngine;
  connected = false;
  /** Every statement the console ran, in order. */
  readonly ran: string[] = [];
  /** Cut the link once a line containing `match` has `afterBytes` bytes in. */
  cutLine: { match: string; afterBytes: number } | null = null;
  /** Answer the next complete line containing `match` with `noise`, without running it. */
  noiseFor: { match: string; noise: string } | null = null;
  /** Run the next complete line containing `match`, then lose the link before its answer goes out. */
  dropAfterRun: { match: string } | null = null;
  /** Called with each complete statement before it runs (a test may change the pacer there). */
  onLine: ((code: string) => void) | null = null;
  /** Times the console sent XOFF (then XON). */
  xoffs = 0;
  /** Every byte received over the link, as text (connects included). */
  received = '';
  /** The virtual clock follows the wall clock (advanced at each write by the time since the last). */
  clockRuns = false;
  private wallAt = 0;
  /** process.env.BOARD and VERSION. */
  readonly board: string;
  readonly version: string;
  /** Times load() restarted the interpreter. */
  loads = 0;
  /** Times reset() restarted it. */
  resets = 0;
  /** A Bluetooth central paired with the passkey (bonded: later links need not pair again). */
  bonded = false;
  /** Pairing attempts, and the passkeys they gave. */
  readonly pairings: Array<string | null> = [];
  /** The password attempt being typed at the locked console. */
  private typed = '';
  /**
   * process.memory()'s figures when the virtual Espruino does not model them: `bare` after
   * reset() (no boot code ran), until the next load() or power-up.
   */
  memoryFigures: (bare: boolean) => Record<string, unknown> = (bare) => {
    const usage = bare ? 60 : 660;
    return { free: 2630 - usage, usage, total: 2630, history: 0, peak: usage + 30, gc: 0, gctime: 0, blocksize: 13 };
  };
  /** No boot code ran at the last restart (reset()). */
  private bare = false;
  private resetting = false;
  /** Button edges written with digitalWrite(BTN, v), applied once their line has run. */
  private edges: boolean[] = [];
  private line = '';
  private pending = '';
  private echoOff = false;
  private reboot = false;
  private lostAfterRun = false;

  constructor(files: Record<string, string> = {}, opts: { board?: string; version?: string } = {}) {
    this.board = opts.board ?? 'PUCKJS';
    this.version = opts.version ?? '2v29';
    this.boot(files, null, 0);
  }

  /** The interpreter starts (power-up, or load()): the boot code from Storage if there is one. */
  private boot(files: Record<string, string>, bootcde: string | null, nowUs: number): void {
    this.env = new SimEnv(defaultConfig());
    this.env.clock.nowUs = nowUs;
    const code = bootcde === null ? undefined : /[\x80-\xff]/.test(bootcde) ? readBack(bootcde) : bootcde;
    this.engine = new BundleEngine(this.env, HW, files, code);
    const g = this.engine.device.context;
    const print = g.print as (...a: unknown[]) => void;
    const modelled = (g.process as { memory?: () => unknown } | undefined)?.memory;
    g.process = {
      ...(g.process as object | undefined),
      env: { CONSOLE: 'Bluetooth', BOARD: this.board, VERSION: this.version },
      memory: modelled ?? (() => this.memoryFigures(this.bare)),
    };
    const write = g.digitalWrite as (pin: unknown, v: unknown) => void;
    const btn = g[HW.btnPin];
    g.digitalWrite = (pin: unknown, v: unknown) => {
      if (pin === btn) this.edges.push(Boolean(v));
      else write(pin, v);
    };
    g.reset = () => {
      this.reboot = true;
      this.resetting = true;
    };
    g.Bluetooth = { println: (s: unknown) => print(String(s)), print: (s: unknown) => print(String(s)) };
    // E is strict (it throws on members it does not model): these two are the library's
    g.E.dumpStr = () => '';
    g.load = () => {
      this.reboot = true;
    };
  }

  get storage(): Map<string, string> {
    return this.engine.device.storage.files;
  }

  /** A copy of every Storage file. */
  files(): Record<string, string> {
    return Object.fromEntries(this.storage);
  }

  status(): Status {
    return this.engine.status();
  }

  /** The button held `ms` of virtual time, then released. */
  press(ms: number): void {
    this.engine.button(true);
    this.advance(ms);
    this.engine.button(false);
  }

  advance(ms: number): void {
    this.env.clock.runUntil(this.env.clock.nowUs + Math.round(ms * 1000));
  }

  /** The passkey a link must pair with (NRF.setSecurity by the firmware), or null: none. */
  get passkey(): string | null {
    const sec = this.engine.device.security;
    return sec && typeof sec.passkey === 'string' ? sec.passkey : null;
  }

  /** The console is locked (a secret is set and not typed since the last boot or disconnection). */
  get locked(): boolean {
    return this.engine.device.locked;
  }

  /** Forget every bond (NRF.eraseBonds): the next link pairs again. */
  forgetBonds(): void {
    this.bonded = false;
  }

  /** The browser side of the link (the fake navigator.bluetooth) calls this. */
  handle(msg: { op: 'connect' | 'disconnect' | 'write' | 'pair'; bytes?: number[]; passkey?: string | null }): BleReply & { paired?: boolean; needsPairing?: boolean } {
    if (msg.op === 'connect') {
      this.connected = true;
      return { out: [], drop: false, needsPairing: this.passkey !== null && !this.bonded };
    }
    if (msg.op === 'pair') {
      // the passkey typed into the system's pairing dialog (null: the dialog was cancelled)
      const key = msg.passkey ?? null;
      this.pairings.push(key);
      const need = this.passkey;
      if (need === null || key === need) this.bonded = need !== null;
      return { out: [], drop: false, paired: need === null || key === need };
    }
    if (msg.op === 'disconnect') {
      this.lose();
      return { out: [], drop: false };
    }
    if (this.clockRuns) {
      const now = Date.now();
      if (this.wallAt) this.advance(Math.min(5000, now - this.wallAt));
      this.wallAt = now;
      this.restartIfLoaded();
    }
    let out = '';
    let xoff = false;
    for (const b of msg.bytes ?? []) {
      const ch = String.fromCharCode(b);
      this.received += ch;
      if (this.engine.device.locked) {
        // the interpreter's password input: every byte up to 20, a line ends at \r or \n
        if (ch === '\n' || ch === '\r') {
          out += this.engine.device.login(this.typed);
          this.typed = '';
        } else if (this.typed.length < 20) this.typed += ch;
        continue;
      }
      if (ch === '\n') out += this.endLine();
      else if (ch === '\x03') this.line = this.pending = '';
      else if (ch === '\x10' && this.line === '') this.echoOff = true;
      else if (ch !== '\r') {
        this.line += ch;
        if (this.line.length === XOFF_AT) {
          xoff = true;
          this.xoffs += 1;
        }
      }
      if (this.lostAfterRun) {
        this.lostAfterRun = false;
        this.lose();
        return { out: [], drop: false, dropAfter: true };
      }
      if (this.cutLine && this.line.includes(this.cutLine.match) && this.line.length >= this.cutLine.afterBytes) {
        this.cutLine = null;
        this.lose();
        return { out: [], drop: true };
      }
    }
    if (xoff) out = '\x13' + out;
    const reply: BleReply = { out: Array.from(out, (c) => c.charCodeAt(0) & 0xff), drop: false };
    if (xoff) reply.later = [0x11];
    return reply;
  }

  private lose(): void {
    this.connected = false;
    this.line = this.pending = this.typed = '';
    this.echoOff = false;
    // the radio's disconnect event: the firmware locks the console again
    this.engine.device.disconnected();
  }

  private endLine(): string {
    const line = this.line;
    this.line = '';
    let out = this.echoOff ? '' : `${line}\r\n`;
    this.pending = this.pending ? `${this.pending}\n${line}` : line;
    if (openBrackets(this.pending) > 0) return out;
    const code = this.pending;
    this.pending = '';
    const quiet = this.echoOff;
    this.echoOff = false;
    if (!code.trim()) return out;
    if (this.noiseFor && code.includes(this.noiseFor.match)) {
      out += this.noiseFor.noise;
      this.noiseFor = null;
      return out;
    }
    this.onLine?.(code);
    this.ran.push(code);
    if (this.dropAfterRun && code.includes(this.dropAfterRun.match)) {
      this.dropAfterRun = null;
      this.lostAfterRun = true;
    }
    try {
      const printed = this.engine.console(code);
      const result = printed.length && printed[printed.length - 1].startsWith('=') ? (printed.pop() as string) : '=undefined';
      for (const p of printed) out += `${p}\r\n`;
      if (!quiet) out += `${result}\r\n>`;
    } catch (e) {
      out += `Uncaught Error: ${(e as Error).message}\r\n`;
    }
    for (const down of this.edges.splice(0)) this.engine.button(down);
    this.restartIfLoaded();
    return out;
  }

  /** load() was called: the interpreter restarts from .bootcde once it is back in its idle loop. */
  private restartIfLoaded(): void {
    if (!this.reboot) return;
    this.reboot = false;
    this.bare = this.resetting;
    this.resetting = false;
    if (this.bare) this.resets += 1;
    else this.loads += 1;
    this.engine.device.emit('kill');
    const files = this.files();
    this.boot(files, files['.bootcde'] ?? null, this.env.clock.nowUs);
  }
}

/**
 * The fake console behind a TCP port on 127.0.0.1 (as socat puts the Linux interpreter there):
 * bytes in go to `handle`, what it prints comes back; a dropped link closes the socket.
 */
export function serveFake(pacer: FakePacer): Promise<{ port: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    pacer.handle({ op: 'connect' });
    s.on('error', () => undefined);
    s.on('close', () => {
      sockets.delete(s);
      pacer.handle({ op: 'disconnect' });
    });
    s.on('data', (d) => {
      const reply = pacer.handle({ op: 'write', bytes: [...d] });
      if (reply.out.length) s.write(Buffer.from(reply.out));
      if (reply.drop || reply.dropAfter) return void s.destroy();
      if (reply.later) {
        const later = Buffer.from(reply.later);
        setTimeout(() => s.writable && s.write(later), 20);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
