// A virtual Espruino: runs a built device bundle, unchanged, in a Node `vm`
// context that offers the globals the interpreter offers, on the simulator's
// virtual clock. Where Node and the interpreter differ it follows the
// interpreter (../shared/reference/espruino.md):
//   - clearTimeout()/clearInterval()/clearWatch() with no argument clear ALL;
//     passing undefined, or an id that is not armed, throws;
//   - an error thrown in a timer or watch callback is printed as "Uncaught ..."
//     and the event loop goes on;
//   - built-ins the interpreter lacks (Map, Set, Array.from, ...) are removed;
//   - the Espruino objects (E, Bangle, g, Storage) throw on any member they do
//     not model, instead of handing back a silent undefined;
//   - the console lock (E.setPassword, E.lockConsole): a locked console runs no
//     line; a line typed then is a password attempt (its first 20 characters,
//     as the interpreter's input line keeps them), and the password unlocks it.
//     On the nRF52 boards NRF.setSecurity keeps its options (a passkey: the
//     link must pair with it) and NRF.on('disconnect') handlers run when a link
//     goes (disconnected()).
import { createRealm, Realm } from './realm';
import { Status } from '../firmware/core/types';
import { ClockFn, usAfter } from './clock';
import { Debouncer, WatchEvent } from './debounce';
import { SimEnv } from './env';
import { VirtualHardware } from './hardware';
import { VirtualStorage } from './storage';
import { CARDS } from '../boards';
import { VirtualScreen } from './screen';
import { readBack } from '../common/tokeniser';

/** Delivery delay added to a timer callback armed `delayMs` ahead, µs (0: on time). Drawn by the caller (bench, fuzz). */
export type LatencyModel = (delayMs: number) => number;

/** A fault drawn by the fuzzer: true makes this call of the named built-in throw. */
export type CallFault = (api: string) => boolean;

export class VirtualPin {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

interface Timer {
  id: number;
  clockId: number;
  fn: () => void;
  /** The delay as armed, ms (a JsVar model counts the interpreter's timer by it). */
  delayMs: number;
  periodMs: number | null;
  atUs: number;
}

interface Watch {
  id: number;
  pin: VirtualPin;
  debouncer: Debouncer;
  fn: (e: WatchEvent) => void;
  opts: WatchOptionsIn;
  /** An event was delivered (the interpreter's watch keeps its time from then on). */
  fired: boolean;
}

/** What is armed now, as a JsVar model sees the interpreter's own lists. */
export interface Armed {
  timers: Array<{ fn: () => void; delayMs: number; interval: boolean }>;
  watches: Array<{ fn: (e: WatchEvent) => void; repeat: boolean; edge: 'rising' | 'falling' | 'both'; debounceMs: number; fired: boolean }>;
  handlers: Record<string, Array<() => void>>;
  /** What the interpreter keeps of the console lock and the radio's security (its hidden root). */
  hidden: Hidden;
}

/** The interpreter's own state behind the console lock and pairing (a JsVar model counts it). */
export interface Hidden {
  /** E.setPassword's password ("pwd" in the hidden root), null when none. */
  password: string | null;
  /** NRF.setSecurity's options ("BLE_SEC" in the hidden root), null when never set. */
  security: Record<string, unknown> | null;
  /** NRF.on handlers, by event ("#on<event>" on the NRF object). */
  nrf: Record<string, Array<(...a: unknown[]) => void>>;
}

/** A password typed at the console: the interpreter's input line keeps 20 characters while locked. */
export const PASSWORD_CHARS = 20;

/** Where code comes from: the boot code, a console line, an eval() of a string. */
export type CodeOrigin = 'boot' | 'console' | 'eval';

/**
 * Watches a virtual Espruino run: the JsVar model (sim/jsvars/model.ts) is one. It sees every
 * source before it runs, and every callback's start and end; the device asks it for
 * process.memory() and jsvars(). A device has none unless made inside observeDevices().
 */
export interface DeviceObserver {
  /** The device is made (its realm exists); nothing has run yet. */
  attach(device: VirtualEspruino, realm: Realm): void;
  /** Run source: `exec` runs the text it is given (the observer's own version of it) in the realm. */
  run(text: string, origin: CodeOrigin, exec: (text: string) => unknown): unknown;
  /** A callback starts (a timer, a watch, a handler, the boot code, a console line with its text). */
  begin(kind: 'boot' | 'callback' | 'console', line?: string): void;
  end(): void;
  /** The event object a watch callback is about to get. */
  watchEvent(e: WatchEvent): void;
  /** process.memory() inside the device. */
  memory(): Record<string, number>;
  /** JsVars held now and the peak since the last call (which starts the next peak). */
  jsvars(): { usage: number; peak: number };
  /** The interpreter borrows `bytes` of the pool for a moment (Storage compaction's page buffer, a flat string). */
  borrow(bytes: number): void;
}

let observerFactory: ((device: VirtualEspruino) => DeviceObserver) | null = null;

/** Every virtual Espruino made while `run` runs (a power cycle's too) gets an observer from `make`. */
export function observeDevices<T>(make: (device: VirtualEspruino) => DeviceObserver, run: () => T): T {
  const before = observerFactory;
  observerFactory = make;
  try {
    return run();
  } finally {
    observerFactory = before;
  }
}

/** Built-ins the interpreter does not have: removed from the context so using one fails as on the device. */
const MISSING_BUILTINS = `
  delete globalThis.Map; delete globalThis.Set; delete globalThis.WeakMap; delete globalThis.WeakSet;
  delete globalThis.Symbol; delete globalThis.Proxy; delete globalThis.Reflect; delete Object.freeze;
  delete Array.from; delete Array.of; delete Array.prototype.flat; delete Array.prototype.flatMap;
  delete Array.prototype.lastIndexOf; delete Number.isFinite; delete Number.isInteger; delete Number.isNaN;
  delete Math.trunc; delete Math.hypot; delete Number.prototype.toPrecision; delete Date.UTC;
`;

/** An object that throws on any member it was not given: a missing API is a loud error, not undefined. */
function strict<T extends object>(name: string, members: T): T {
  return new Proxy(members, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return (target as Record<string | symbol, unknown>)[key];
      if (key === 'then' || key === 'toJSON') return undefined; // probed by Promise/JSON machinery
      throw new Error(`virtual Espruino: ${name}.${String(key)} is not modelled`);
    },
  });
}

export class VirtualEspruino {
  /** The realm's global object (sim/realm.ts): a `vm` context on Node, an iframe's window in the browser. */
  readonly context: Record<string, any>;
  private readonly realm: Realm;
  readonly console: string[] = [];
  readonly storage: VirtualStorage;
  readonly screen: VirtualScreen | null;
  /** Wake-ups: timer callbacks run so far. */
  wakes = 0;
  /** Watch callbacks run so far (button events): CPU wake-ups that are not timers. */
  watchCalls = 0;
  /** Of those, the button coming up: the presses the firmware heard. */
  releases = 0;
  uncaught = 0;
  latency: LatencyModel = () => 0;
  callFault: CallFault | null = null;
  /** E.enableWatchdog(s): seconds, or null when never enabled. */
  watchdogS: number | null = null;
  /** The interpreter is stuck in a callback (an injected hang): nothing runs until a reset. */
  hung = false;
  /** The next callback hangs (a fuzz fault). */
  hangNext = false;
  /** Powered off (a power cycle): its callbacks and pulses do nothing any more. */
  dead = false;
  /** The delay of the last setTimeout, as the firmware passed it (a fuzz invariant reads it). */
  lastDelayMs: unknown = null;
  private timers = new Map<number, Timer>();
  private watches = new Map<number, Watch>();
  private nextId = 1;
  private readonly pins = new Map<string, VirtualPin>();
  private readonly pinLevel = new Map<VirtualPin, number>();
  private readonly pulseEndUs = new Map<VirtualPin, number>();
  private readonly handlers: Record<string, Array<() => void>> = {};
  private buzzEndUs = 0;
  /** Bangle.js 2: BTN1 held this long reloads the app (the watch's default 1.5 s; 0: never). */
  btnLoadTimeoutMs = 1500;
  /** Times the watch reloaded the app under a long hold (the session is lost). */
  appReloads = 0;
  private btnDownUs: number | null = null;
  private readonly observer: DeviceObserver | null;
  /** The radio advertises (NRF.wake) or sleeps (NRF.sleep); the Bangle.js 2 screen is powered. */
  radioOn = true;
  lcdOn = true;
  /** The console is locked (E.lockConsole with a password set): lines are password attempts. */
  locked = false;
  /** Password attempts typed at the locked console, and how many were wrong. */
  attempts = 0;
  wrongAttempts = 0;
  private readonly hidden: Hidden = { password: null, security: null, nrf: {} };

  constructor(private readonly env: SimEnv, readonly hw: VirtualHardware, storage = new VirtualStorage(CARDS[hw.id].storageBytes)) {
    this.storage = storage;
    // compaction's page buffer comes from the pool when the stack is short, as on an nRF52
    storage.onCompact = (bytes) => this.observer?.borrow(bytes);
    for (const name of hw.pins) this.pins.set(name, new VirtualPin(name));
    this.screen = hw.bangle ? new VirtualScreen() : null;
    this.observer = observerFactory ? observerFactory(this) : null;
    this.realm = createRealm(this.globals());
    this.context = this.realm.global;
    this.realm.run(MISSING_BUILTINS, 'builtins.js');
    this.observer?.attach(this, this.realm);
  }

  /** Load a bundle's text as the interpreter would run it on boot. */
  load(code: string, filename = 'bundle.js'): void {
    const o = this.observer;
    if (o) o.begin('boot');
    try {
      this.guard(() => (o ? o.run(code, 'boot', (t) => this.realm.run(t, filename)) : this.realm.run(code, filename)));
    } finally {
      if (o) o.end();
    }
    this.traceScreen();
  }

  /** JsVars the firmware holds now, and its peak since the last call (the JsVar model: made inside observeDevices()). */
  jsvars(): { usage: number; peak: number } {
    if (!this.observer) throw new Error('virtual Espruino: no JsVar model (make the device inside observeDevices())');
    return this.observer.jsvars();
  }

  /** The interpreter's own lists: armed timers, watches, event handlers. */
  armed(): Armed {
    return {
      timers: [...this.timers.values()].map((t) => ({ fn: t.fn, delayMs: t.delayMs, interval: t.periodMs !== null })),
      watches: [...this.watches.values()].map((w) => ({
        fn: w.fn, repeat: Boolean(w.opts.repeat), edge: w.opts.edge ?? 'rising',
        debounceMs: w.opts.debounce ?? (w.pin.name.startsWith('BTN') ? 25 : 0), fired: w.fired,
      })),
      handlers: this.handlers,
      hidden: this.hidden,
    };
  }

  /** E.setPassword's password (null: none). */
  get password(): string | null {
    return this.hidden.password;
  }

  /** NRF.setSecurity's options (null: never set; a passkey means a link must pair with it). */
  get security(): Record<string, unknown> | null {
    return this.hidden.security;
  }

  /**
   * A line typed at the locked console: a password attempt, as the interpreter's REPL takes it
   * (jsiHandleConsoleChar): its first 20 characters, every byte counted (a \x10 too), compared with
   * the password. Answers what the console prints, and unlocks on a match. Nothing runs.
   */
  login(typed: string): string {
    if (!this.locked) throw new Error('virtual Espruino: the console is not locked');
    this.attempts += 1;
    if (this.hidden.password !== null && typed.slice(0, PASSWORD_CHARS) === this.hidden.password) {
      this.locked = false;
      return '\r\n  Logged in.\r\n>';
    }
    this.wrongAttempts += 1;
    return '\r\n  Invalid password\r\npassword>';
  }

  /** A Bluetooth link went (NRF.on('disconnect') handlers run, as the radio's event does). */
  disconnected(reason = 19): void {
    for (const fn of [...(this.hidden.nrf.disconnect ?? [])]) this.callback(() => fn(reason));
  }

  /** The firmware's status, through the global it leaves for the console. */
  status(): Status {
    const pacer = this.context.pacer as { status?: () => Status } | undefined;
    if (!pacer || typeof pacer.status !== 'function') throw new Error('virtual Espruino: the bundle left no global pacer.status()');
    return pacer.status();
  }

  /**
   * A line typed at the console (or sent by the web companion): run now, as a callback, so
   * what it changes is traced. Returns what it printed; an error is thrown with its message,
   * as the console would show "Uncaught Error: ...".
   */
  repl(line: string): string[] {
    // the locked console runs nothing: its lines are password attempts (login())
    if (this.locked) throw new Error('Invalid password: the console is locked (E.lockConsole): type the password first');
    const before = this.console.length;
    let error: unknown = null;
    const o = this.observer;
    if (o) o.begin('console', line);
    try {
      this.env.callback(() => {
        try {
          const result = o ? o.run(line, 'console', (t) => this.realm.run(t, 'console')) : this.realm.run(line, 'console');
          if (result !== undefined) this.console.push('=' + JSON.stringify(result));
        } catch (e) {
          error = e;
        }
      }, () => this.status());
    } finally {
      if (o) o.end();
    }
    this.traceScreen();
    // an error from inside the context is of the context's Error class: read its message
    if (error) throw new Error((error as { message?: string }).message ?? String(error));
    return this.console.slice(before);
  }

  armedTimers(): number {
    return this.timers.size;
  }

  /** When the armed timers are due, elapsed µs (before any delivery latency). */
  timerTargetsUs(): number[] {
    return [...this.timers.values()].map((t) => t.atUs);
  }

  /** The power goes: timers, watches and pulses stop, every pin drops to 0 (the fuzzer boots a new device). */
  powerOff(): void {
    for (const t of this.timers.values()) this.env.clock.cancel(t.clockId);
    this.timers.clear();
    this.watches.clear();
    for (const pin of this.pins.values()) if (this.pinLevel.get(pin)) this.write(pin, 0);
    this.dead = true;
  }

  watchCount(): number {
    return this.watches.size;
  }

  /** The physical level of a pin changes now (a button). */
  input(pinName: string, level: boolean): void {
    const pin = this.pin(pinName);
    if (this.hw.bangle && pinName === this.hw.btnPin) this.bangleButton(level);
    this.pinLevel.set(pin, level ? 1 : 0);
    for (const w of [...this.watches.values()]) if (w.pin === pin) w.debouncer.edge(level);
  }

  /** The watch's own button hold: held past btnLoadTimeout, the app is reloaded (counted, and reported). */
  private bangleButton(down: boolean): void {
    const now = this.env.clock.nowUs;
    if (down) this.btnDownUs = now;
    else if (this.btnDownUs !== null && this.btnLoadTimeoutMs > 0 && now - this.btnDownUs >= this.btnLoadTimeoutMs * 1000) {
      this.appReloads += 1;
      this.console.push(`the watch reloaded the app: BTN1 held ${((now - this.btnDownUs) / 1e6).toFixed(1)} s`);
    }
    if (!down) this.btnDownUs = null;
  }

  /** Fire E.on(event) handlers, as the interpreter does at boot ('init') or before reset/save ('kill'). */
  emit(event: string): void {
    for (const fn of this.handlers[event] ?? []) this.callback(fn);
  }

  level(pinName: string): number {
    return this.pinLevel.get(this.pin(pinName)) ?? 0;
  }

  private pin(name: string): VirtualPin {
    const pin = this.pins.get(name);
    if (!pin) throw new Error(`virtual Espruino: no pin ${name} on ${this.hw.id}`);
    return pin;
  }

  /** Run a firmware callback as the event loop does: errors are printed, the loop goes on. */
  private callback(fn: () => void): void {
    if (this.dead || this.hung) return;
    if (this.hangNext) {
      // stuck inside the callback: outputs stay as they are, no JS runs until a reset
      this.hangNext = false;
      this.hung = true;
      return;
    }
    const o = this.observer;
    if (o) o.begin('callback');
    try {
      this.env.callback(() => this.guard(fn), () => this.status());
    } finally {
      if (o) o.end();
    }
    this.traceScreen();
  }

  /** A Bangle.js 2 screen that changed is traced as one `screen` event. */
  traceScreen(): void {
    if (!this.screen) return;
    const text = this.screen.text();
    if (text === this.screen.lastText) return;
    this.screen.lastText = text;
    this.env.trace.add(this.env.clock.nowUs, { type: 'screen', text });
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      // the power went during this callback: what it did after that never happened
      if (this.dead) return;
      this.uncaught += 1;
      this.console.push(`Uncaught ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }

  private globals(): Record<string, unknown> {
    const g: Record<string, unknown> = {
      getTime: () => this.env.clock.wallUs / 1e6,
      // the clock steps; timers keep their delays (they run on elapsed time)
      setTime: (seconds: number) => {
        this.env.clock.stepUs = Math.round(Number(seconds) * 1e6) - this.env.clock.nowUs;
      },
      setTimeout: (fn: () => void, ms?: number) => {
        this.lastDelayMs = ms;
        return this.addTimer(fn, ms, false);
      },
      setInterval: (fn: () => void, ms?: number) => this.addTimer(fn, ms, true),
      clearTimeout: (...args: unknown[]) => this.clear(this.timers, args, 'Timeout', (t) => this.env.clock.cancel(t.clockId)),
      clearInterval: (...args: unknown[]) => this.clear(this.timers, args, 'Interval', (t) => this.env.clock.cancel(t.clockId)),
      setWatch: (fn: (e: WatchEvent) => void, pin: VirtualPin, opts?: WatchOptionsIn) => this.addWatch(fn, pin, opts),
      clearWatch: (...args: unknown[]) => this.clear(this.watches, args, 'Watch', () => {}),
      digitalWrite: (pin: VirtualPin, v: number | boolean) => this.write(this.faulty('digitalWrite', pin), v ? 1 : 0),
      digitalRead: (pin: VirtualPin) => this.pinLevel.get(this.checkPin(pin)) ?? 0,
      digitalPulse: (pin: VirtualPin, v: number | boolean, ms: number) => this.pulse(this.faulty('digitalPulse', pin), v ? 1 : 0, ms),
      analogWrite: (pin: VirtualPin, duty: number) => this.write(this.faulty('analogWrite', pin), Math.max(0, Math.min(1, Number(duty)))),
      print: (...args: unknown[]) => this.console.push(args.map(String).join(' ')),
      // the interpreter's lexer reads pretokenised text as well as plain (Storage files go up tokenised)
      eval: (code: string) => {
        if (this.observer) return this.observer.run(code, 'eval', (t) => this.realm.run(t, 'eval'));
        try {
          return this.realm.run(code, 'eval');
        } catch (e) {
          if ((e as Error).name !== 'SyntaxError' || !/[\x80-\xff]/.test(code)) throw e;
          return this.realm.run(readBack(code), 'eval');
        }
      },
      console: { log: (...args: unknown[]) => this.console.push(args.map(String).join(' ')) },
      require: (name: string) => {
        if (name === 'Storage') return this.storage.api(() => this.faulty('Storage', null));
        throw new Error(`Module ${name} not found`);
      },
      E: strict('E', {
        on: (event: string, fn: () => void) => {
          (this.handlers[event] ??= []).push(fn);
        },
        removeListener: (event: string, fn: () => void) => {
          const list = this.handlers[event] ?? [];
          const i = list.indexOf(fn);
          if (i >= 0) list.splice(i, 1);
        },
        ...(this.hw.battery ? { getBattery: () => this.faulty('E.getBattery', this.env.battery(this.env.clock.nowUs / 1000)) } : {}),
        // a hang reboots after `s` seconds; auto: the interpreter's idle loop kicks it (no JS wake-up)
        enableWatchdog: (sec: number) => {
          this.watchdogS = Number(sec);
        },
        kickWatchdog: () => {},
        // the console lock (jswrap_espruino_setPassword: the password as a string; none removes it)
        setPassword: (pw?: unknown) => {
          this.hidden.password = pw === undefined ? null : String(pw);
        },
        lockConsole: () => {
          if (this.hidden.password !== null) this.locked = true;
        },
      }),
    };
    if (this.observer) {
      const observer = this.observer;
      g.process = strict('process', { memory: () => observer.memory() });
    }
    if (this.hw.radio) {
      g.NRF = strict('NRF', {
        sleep: () => {
          this.radioOn = false;
        },
        wake: () => {
          this.radioOn = true;
        },
        // jswrap_ble_setSecurity: an object (or undefined) kept whole in the hidden root
        setSecurity: (o?: Record<string, unknown>) => {
          if (o !== undefined && (typeof o !== 'object' || o === null)) throw new Error('Expecting Object or undefined');
          this.hidden.security = o === undefined ? null : { ...o };
        },
        on: (event: string, fn: (...a: unknown[]) => void) => {
          if (typeof fn !== 'function') throw new Error('Function or String not supplied!');
          (this.hidden.nrf[event] ??= []).push(fn);
        },
      });
    }
    for (const [name, pin] of this.pins) g[name] = pin;
    if (this.screen) {
      g.g = this.screen.api();
      g.Bangle = strict('Bangle', {
        buzz: (ms: number, strength: number) => this.buzz(ms, strength),
        setLCDTimeout: () => {},
        setLCDPower: (on: boolean) => {
          this.lcdOn = Boolean(on);
        },
        setOptions: (o: { btnLoadTimeout?: number }) => {
          if (o && typeof o.btnLoadTimeout === 'number') this.btnLoadTimeoutMs = o.btnLoadTimeout;
        },
      });
    }
    g.global = g;
    return g;
  }

  /** A built-in call the fuzzer may make throw (a transient fault in the interpreter or hardware). */
  private faulty<T>(api: string, value: T): T {
    if (this.dead) throw new Error(`no power (${api})`);
    if (this.callFault && this.callFault(api)) throw new Error(`injected fault in ${api}`);
    return value;
  }

  private checkPin(pin: unknown): VirtualPin {
    if (!(pin instanceof VirtualPin)) throw new Error(`Invalid pin: ${String(pin)}`);
    return pin;
  }

  private write(pin: VirtualPin, level: number): void {
    this.checkPin(pin);
    if (this.dead) return;
    this.pinLevel.set(pin, level);
    if (pin.name === this.hw.ledPin) this.env.board.set('led', level);
    if (pin.name === this.hw.redPin) this.env.board.set('led_red', level);
    if (pin.name === this.hw.motorPin) this.env.board.set('motor', level);
  }

  /**
   * digitalPulse: hardware-timed, no JS wake-up. As the interpreter's jshPinPulse: with a pulse's
   * end still pending on the pin, the pin is left as it is and only a new end is queued, `ms`
   * after the last one (so pulses merge, and a pin written low meanwhile stays low).
   */
  private pulse(pin: VirtualPin, level: number, ms: number): void {
    this.checkPin(pin);
    const clock = this.env.clock;
    const pendingUs = this.pulseEndUs.get(pin) ?? 0;
    const startUs = pendingUs > clock.nowUs ? pendingUs : clock.nowUs;
    if (startUs === clock.nowUs) this.write(pin, level);
    const endUs = usAfter(startUs, ms);
    this.pulseEndUs.set(pin, endUs);
    clock.at(endUs, () => this.write(pin, level ? 0 : 1));
  }

  /** Bangle.buzz: the motor at `strength` for `ms`; a buzz asked for while one runs queues behind it. */
  private buzz(ms: number, strength = 1): Promise<void> {
    const clock = this.env.clock;
    const startUs = Math.max(clock.nowUs, this.buzzEndUs);
    const endUs = usAfter(startUs, ms);
    this.buzzEndUs = endUs;
    const on = () => this.write(this.pin(this.hw.motorPin), Math.min(1, strength));
    if (startUs === clock.nowUs) on();
    else clock.at(startUs, on);
    clock.at(endUs, () => this.write(this.pin(this.hw.motorPin), 0));
    return Promise.resolve();
  }

  private addTimer(fn: () => void, ms: number | undefined, repeat: boolean): number {
    if (typeof fn !== 'function') throw new Error('Function or String not supplied!');
    this.faulty('setTimeout', null);
    const id = this.nextId++;
    const periodMs = Math.max(0, Number(ms) || 0);
    const timer: Timer = { id, clockId: 0, fn, delayMs: periodMs, periodMs: repeat ? periodMs : null, atUs: 0 };
    this.schedule(timer, usAfter(this.env.clock.nowUs, periodMs));
    this.timers.set(id, timer);
    return id;
  }

  /** Arm at the target; deliver late by the latency model. An interval re-arms from its target, not from when it ran. */
  private schedule(timer: Timer, targetUs: number): void {
    timer.atUs = targetUs;
    const fire: ClockFn = () => {
      if (timer.periodMs === null) this.timers.delete(timer.id);
      else this.schedule(timer, usAfter(timer.atUs, timer.periodMs));
      this.wakes += 1;
      this.callback(timer.fn);
    };
    timer.clockId = this.env.clock.at(targetUs + Math.max(0, Math.round(this.latency(timer.periodMs ?? (targetUs - this.env.clock.nowUs) / 1000))), fire);
  }

  private addWatch(fn: (e: WatchEvent) => void, pin: VirtualPin, opts: WatchOptionsIn = {}): number {
    if (typeof fn !== 'function') throw new Error('Function or String not supplied!');
    this.checkPin(pin);
    const id = this.nextId++;
    const edge = opts.edge ?? 'rising';
    const debounceMs = opts.debounce ?? (pin.name.startsWith('BTN') ? 25 : 0);
    const debouncer = new Debouncer(this.env.clock, debounceMs, (e) => {
      const watch = this.watches.get(id);
      if (watch) watch.fired = true;
      if ((edge === 'rising' && !e.state) || (edge === 'falling' && e.state)) return;
      if (!opts.repeat) this.watches.delete(id);
      this.watchCalls += 1;
      if (!e.state) this.releases += 1;
      this.observer?.watchEvent(e);
      this.callback(() => fn(e));
    });
    this.watches.set(id, { id, pin, debouncer, fn, opts, fired: false });
    return id;
  }

  /** The interpreter's clear*: no argument clears all; undefined or an unknown id throws. */
  private clear<T>(table: Map<number, T>, args: unknown[], what: string, onClear: (item: T) => void): void {
    if (args.length === 0) {
      for (const item of table.values()) onClear(item);
      table.clear();
      return;
    }
    const item = table.get(args[0] as number);
    if (item === undefined) throw new Error(`Unknown ${what}`);
    onClear(item);
    table.delete(args[0] as number);
  }
}

interface WatchOptionsIn {
  repeat?: boolean;
  edge?: 'rising' | 'falling' | 'both';
  debounce?: number;
}

/**
 * A device as npm run flash leaves one: these files in Storage (pacer.cmd among them), then the
 * boot code run. Throws if the boot code fails; the env sees the first status.
 */
export function bootDevice(env: SimEnv, hw: VirtualHardware, files: Record<string, string>, code: string, filename: string): VirtualEspruino {
  const device = new VirtualEspruino(env, hw);
  for (const [name, text] of Object.entries(files)) device.storage.files.set(name, text);
  device.load(code, filename);
  if (device.uncaught) throw new Error(`the bundle failed to load: ${device.console.join('\n')}`);
  env.observe(device.status());
  return device;
}
