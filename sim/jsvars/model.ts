// The JsVar model: counts the RAM a virtual Espruino's firmware would hold on
// the real interpreter, in JsVars, held and peak. It watches the device as
// its observer (sim/virtual-espruino.ts, observeDevices): every source runs
// instrumented (sim/jsvars/instrument.ts) so the model reaches what closures
// keep; every call entry and exit and every callback boundary is a sample of
// the live JsVars, whose maximum is the peak.
//
// Figures are JsVars above an empty interpreter, as the instrument's
// process.memory() gives them minus an empty interpreter's measured the same
// way; process.memory() inside the device adds the shape's empty usage back.
import { readBack } from '../../common/tokeniser';
import { Realm } from '../realm';
import { CodeOrigin, DeviceObserver, VirtualEspruino, VirtualPin } from '../virtual-espruino';
import { WatchEvent } from '../debounce';
import {
  builtinVars, consoleLineVars, handlerVars, hiddenVars, prototypeVars, storageModuleVars, timerVars, watchEventVars, watchVars,
} from './costs';
import { BUILTIN_OBJECTS, HOOK, instrument, Instrumented, runText, Tables } from './instrument';
import { Frame, Runtime } from './runtime';
import { nameVars, packs, Shape, stringVars } from './shape';
import { Walk } from './walk';

export interface ModelOptions {
  /** The board's boot code is pretokenised (npm run flash; not the Bangle.js 2's app file). */
  bootTokenised: boolean;
}

/** Built-ins an interpreter has made before the firmware runs and by the time process.memory() reports. */
const BASELINE_ROOTS = new Set(['Function', 'Object', 'process']);
const BASELINE_PROTOS = new Set(['Function', 'Object']);

/** Instrumented texts, by origin and text: a fuzz-sized run boots the same bundle many times. */
const cache = new Map<string, Instrumented>();
const tables = new Tables();

export class JsVarModel implements DeviceObserver {
  private realm!: Realm;
  private device!: VirtualEspruino;
  private rt!: Runtime;
  /** The root's variables before any code ran: only what the code adds or replaces is its. */
  private before = new Map<string, unknown>();
  private readonly builtins = new WeakSet<object>();
  private readonly plainProtos = new Set<object>([Object.prototype]);
  private readonly flashStrings = new Set<string>();
  private storageRequired = false;
  /** Script runs so far (each gets its own top-level const). */
  private runs = 0;
  /** The base frame of each script run in progress (eval runs in its caller's scope). */
  private readonly scriptBases = new Map<number, Frame | null>();
  /** What the running callbacks hold beyond the heap: console lines, eval names, watch events. */
  private extras: number[] = [];
  private pendingEvent: WatchEvent | null = null;
  private peakVars = 0;

  constructor(readonly shape: Shape, private readonly opts: ModelOptions) {}

  attach(device: VirtualEspruino, realm: Realm): void {
    this.device = device;
    this.realm = realm;
    this.rt = new Runtime(tables, {
      sample: (temporary) => this.sample(temporary),
      scriptBase: (script) => this.scriptBases.get(script) ?? null,
      isBuiltin: (v) => typeof v === 'object' && v !== null && this.builtins.has(v),
      isPin: (v) => v instanceof VirtualPin,
    });
    const g = realm.global;
    g[HOOK] = this.rt.hook;
    // require("Storage"): the interpreter's module cache, and reads that stay in flash
    const require = g.require as (name: string) => unknown;
    g.require = (name: string) => {
      const m = require(name) as Record<string, unknown>;
      if (name === 'Storage' && m) {
        this.storageRequired = true;
        this.builtins.add(m);
        const read = m.read as (n: string) => unknown;
        m.read = (n: string) => {
          const v = read(n);
          if (typeof v === 'string') this.flashStrings.add(v);
          return v;
        };
      }
      return m;
    };
    // Bangle.buzz returns a Promise: the interpreter makes the Promise built-in and its prototype
    const bangle = g.Bangle as Record<string, unknown> | undefined;
    if (bangle) {
      const buzz = bangle.buzz as (...a: unknown[]) => unknown;
      bangle.buzz = (...a: unknown[]) => {
        this.rt.roots.add('Promise');
        if (!this.rt.protos.has('Promise')) this.rt.protos.set('Promise', 'constructor');
        return buzz(...a);
      };
    }
    for (const name of [...BUILTIN_OBJECTS, 'global', 'g']) {
      const v = name === 'global' ? g : g[name] ?? this.peek(name);
      if (v && (typeof v === 'object' || typeof v === 'function')) this.builtins.add(v);
    }
    this.builtins.add(g);
    this.plainProtos.add(realm.run('Object.prototype', 'jsvars') as object);
    for (const key of Object.getOwnPropertyNames(g)) this.before.set(key, g[key]);
  }

  /** Give the device a built-in it lacks (the walk counts it as the interpreter's, not the firmware's). */
  provide(name: string, value: unknown): void {
    this.realm.global[name] = value;
    this.before.set(name, value);
  }

  /** A built-in of the realm's own (Math, JSON...), which is no own property of the context object. */
  private peek(name: string): unknown {
    try {
      return this.realm.run(`typeof ${name}==="undefined"?undefined:${name}`, 'jsvars');
    } catch {
      return undefined;
    }
  }

  run(text: string, origin: CodeOrigin, exec: (text: string) => unknown): unknown {
    const i = this.prepare(text, origin);
    // an eval runs in its caller's scope (jswrap_eval: jspEvaluateVar with no scope of its own)
    this.scriptBases.set(i.script, origin === 'eval' ? this.rt.top() : null);
    if (origin !== 'eval') return exec(runText(i, this.runs++));
    this.extras.push(1); // jspEvaluateVar's "eval" name, while it runs
    try {
      return exec(runText(i, this.runs++));
    } finally {
      this.extras.pop();
    }
  }

  /** The instrumented version of a source, and which of its strings stay in flash. */
  private prepare(text: string, origin: CodeOrigin): Instrumented {
    // a Storage file evaluated: pretokenised text is read back to JavaScript (the lexer reads both)
    const tokenised = /[\x80-\xff]/.test(text);
    const plain = tokenised ? readBack(text) : text;
    const inFlash = origin === 'boot' || (origin === 'eval' && this.flashStrings.has(text));
    const literalsInFlash = inFlash && (origin === 'boot' ? this.opts.bootTokenised : tokenised);
    const key = `${inFlash ? 'F' : 'R'}${literalsInFlash ? 'T' : 'P'}:${plain}`;
    let i = cache.get(key);
    if (!i) {
      i = instrument(plain, tables, inFlash);
      cache.set(key, i);
    }
    // a pretokenised string longer than a string var stays in flash (jslGetRawString)
    if (literalsInFlash) for (const l of i.literals) if (l.length > this.shape.stringChars) this.flashStrings.add(l);
    return i;
  }

  begin(kind: 'boot' | 'callback' | 'console', line?: string): void {
    let extra = 0;
    if (kind === 'console' && line !== undefined) {
      const chars = line.replace(/\s+$/, '').length;
      const c = consoleLineVars(this.shape, chars);
      this.extras.push(c.arriving);
      this.sample();
      this.extras.pop();
      extra = c.running;
    }
    // the boot code: its flash string and jspEvaluateVar's "boot code" name
    if (kind === 'boot') extra = 1 + stringVars(this.shape, 'boot code'.length);
    if (kind === 'callback' && this.pendingEvent) {
      extra = watchEventVars(this.shape, this.pendingEvent.lastTime !== undefined);
      this.pendingEvent = null;
    }
    this.extras.push(extra);
    this.sample();
  }

  end(): void {
    this.sample();
    // whatever a callback left (an exception skips no finally, but a hang or a power cut may)
    this.extras = [];
    this.rt.stack.length = 0;
    this.scriptBases.clear();
    this.pendingEvent = null;
  }

  watchEvent(e: WatchEvent): void {
    this.pendingEvent = e;
  }

  /**
   * process.memory() (jswrap_process_memory): usage is counted once its result object exists; the
   * peak is read after "free", "usage", "total" and "history" are set on it, and then restarts
   * from usage.
   */
  memory(): Record<string, number> {
    const s = this.shape;
    const live = this.live() + 1;
    const usage = s.emptyUsage + live;
    const free = s.pool - usage;
    const field = (name: string, v: number) => nameVars(s, name.length) + (packs(s, v) ? 0 : 1);
    const fields = field('free', free) + field('usage', usage) + field('total', s.pool) + field('history', 0);
    const peak = s.emptyUsage + Math.max(this.peakVars, live + fields);
    this.peakVars = live;
    return { free, usage, total: s.pool, blocksize: s.blocksize, peak };
  }

  jsvars(): { usage: number; peak: number } {
    const usage = this.held();
    const peak = Math.max(this.peakVars, usage);
    this.peakVars = usage;
    return { usage, peak };
  }

  /** JsVars held with nothing running (after a garbage collection). */
  held(): number {
    return this.count(false);
  }

  /** JsVars live now: held, plus what running calls and callbacks hold. */
  live(): number {
    return this.count(true);
  }

  /** The pool lends `bytes` for a moment (a flat string: one header var and the bytes in whole vars). */
  borrow(bytes: number): void {
    this.extras.push(1 + Math.ceil(bytes / this.shape.blocksize));
    this.sample();
    this.extras.pop();
  }

  /** A moment: the live JsVars (with a value just made, not yet held anywhere) against the peak. */
  private sample(temporary?: unknown): void {
    const n = this.count(true, temporary);
    if (n > this.peakVars) this.peakVars = n;
  }

  private count(running: boolean, temporary?: unknown): number {
    const s = this.shape;
    const w = new Walk(s, this.rt, {
      isBuiltin: (v) => this.builtins.has(v),
      isPin: (v) => v instanceof VirtualPin,
      inFlash: (str) => this.flashStrings.has(str),
      isPlainProto: (p) => p === null || this.plainProtos.has(p),
    });
    const g = this.realm.global;
    for (const key of Object.getOwnPropertyNames(g)) {
      if (key === HOOK) continue;
      const v = g[key];
      if (this.before.has(key) && this.before.get(key) === v) continue;
      w.named(key, v);
    }
    for (const { names, r } of this.rt.rootReaders) w.variables(names, r);
    const armed = this.device.armed();
    for (const t of armed.timers) w.add(timerVars(s, t.delayMs, t.interval) + w.slot(t.fn, false));
    for (const x of armed.watches) w.add(watchVars(s, x) + w.slot(x.fn, false));
    for (const [event, fns] of Object.entries(armed.handlers)) {
      if (!fns.length) continue;
      w.add(handlerVars(s, event, fns.length));
      for (const fn of fns) w.add(w.slot(fn, true));
    }
    w.add(hiddenVars(s, armed.hidden, (str) => this.flashStrings.has(str)));
    w.add(this.builtinsVars());
    if (this.storageRequired) w.add(storageModuleVars(s));
    if (running) {
      for (const f of this.rt.stack) w.running(f);
      for (const e of this.extras) w.add(e);
      if (temporary !== undefined) w.add(w.value(temporary));
    }
    return w.vars;
  }

  /**
   * Built-ins the code made in the interpreter's root, above what an interpreter holds before any
   * code runs and when it is measured: `process` and the Function and Object prototypes (made by
   * the first member looked up on a built-in: the measuring line's process.memory(), a prelude, a
   * real board's own boot code).
   */
  private builtinsVars(): number {
    const s = this.shape;
    let n = 0;
    for (const name of this.rt.roots) if (!BASELINE_ROOTS.has(name)) n += builtinVars(s, name);
    for (const [name, st] of this.rt.protos) {
      if (!BASELINE_PROTOS.has(name)) n += st === 'constructor' ? prototypeVars(s) : nameVars(s, 'prototype'.length) + 1;
    }
    return n;
  }
}
