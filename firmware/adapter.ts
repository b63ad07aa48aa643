// The one thin layer between the pure core and the Espruino interpreter.
// It owns every hardware quirk: one timer armed at a time toward an absolute
// deadline (the delay recomputed from getTime() on every arm), a debounced
// button watch whose press length comes from the event times, pin writes,
// Storage, and clearing only its own timer and watch ids (clearTimeout() with
// no argument would clear every timer on the device). The board is the one
// being built: BOARD_* are constants (board.ts), so other boards' branches
// are not in this bundle. What the simulator's core engine must do alike is
// decided by the core (the step's result: set, entry, sleepNow; core/host-rules.ts:
// the battery cadence, the Bangle.js 2 buzz): this does the I/O it asks for.
//
// RAM (README: Memory): what paces stays resident, in as few functions as
// reads well, since each function holds JsVars for as long as the pacer runs.
// What runs once in a while is a Storage module (files.ts Module), evaluated
// only while it runs and dropped after: the console commands with the
// validator, the session log, the setup gestures.

import { battDue, buzzEnd } from './core/host-rules';
import { EARLY_MS, WATCHDOG_S } from './core/limits';
import { initialState, status, step } from './core/machine';
import { headDrainage } from './core/protocol';
import { defaultSettings } from './core/settings';
import { Config, PacerEvent, Protocol, Result, Settings, State, Status } from './core/types';
import { File, Module } from './files';
import { Commands, Config as StoredConfig, ModuleExport, Records } from './host';
import { showStatus } from './screen';

export interface PacerApi {
  /** This firmware's build id (scripts/build.ts): the Storage modules must carry the same. */
  build: string;
  /** Stop this instance for good: its timer and watch cleared, outputs off (a newer boot replaces it). */
  stop: () => void;
  status: () => Status;
  settings: (changes: Partial<Settings> | undefined) => Settings;
  protocol: (p: Protocol | string | undefined) => string;
  log: () => number;
  faults: () => string[];
  /** The state the firmware holds between events (its size is watched by the fuzzer and the soak). */
  state: () => State;
}

/** This build's id (scripts/build.ts): a module from another build is refused, its renamed fields would not match. */
declare const PACER_BUILD: string;

// The pacer's state and its functions live at the bundle's top level, not inside boot(): a
// function made inside another holds its whole scope chain (3 JsVars more each, measured).

const nativeSetTime = setTime;
const faults: string[] = [];
let cfg: Config = { proto: headDrainage(), set: defaultSettings() };
let s: State = initialState(0);
let timer: number | null = null;
let watch: number | null = null;
let coreAtMs: number | null = null;
let motorOffMs: number | null = null;
let buzzUntilMs = 0;
let battAtMs = -1 / 0;
/** The setup module (battery, tap tempo), evaluated, kept only while a setup runs. */
let setupStep: typeof step | null = null;
/**
 * Storage work waiting for the motor to be off (flash writes block JavaScript, and draw current):
 * what the records module is to do, as data (a closure would keep the whole step it was made in).
 */
let chores: Array<[keyof Records, unknown]> = [];
/** Replaced by a newer boot: its handlers do nothing any more. */
let stopped = false;
/** The deadline the armed timer is for; the pacer's time less getTime() (see clockSet). */
let dueMs = 1 / 0;
let offMs = 0;
/** offMs when the button went down: a setTime() during a hold must not change its length. */
let downOffMs = 0;

/** Milliseconds, rounded to the microsecond getTime() resolves, so hosts agree to the bit. */
function nowMs(): number {
  return Math.round(getTime() * 1e6) / 1e3 + offMs;
}

/**
 * setTime() in its place. Setting the clock (the Web IDE, Gadgetbridge or a phone app on
 * connect) steps getTime() but not the interpreter's timers: the pacer's own time goes on
 * through the step, so a rhythm never stalls for it nor plays into it.
 */
function clockSet(seconds: number) {
  const before = nowMs();
  nativeSetTime(seconds);
  offMs += before - nowMs();
}

function fault(what: string) {
  faults.push(what);
  if (faults.length > 5) faults.splice(0, 1);
}

/** The one timer, toward the earlier of the core's deadline and the motor's end. */
function arm() {
  let at = coreAtMs;
  if (motorOffMs !== null && (at === null || motorOffMs < at)) at = motorOffMs;
  // the same deadline: the armed timer stands (a delay recomputed from a stepped clock would move it)
  if (timer !== null && at === dueMs) return;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  dueMs = at === null ? 1 / 0 : at;
  if (at !== null) timer = setTimeout(wake, Math.max(0, at - nowMs()));
}

/**
 * A step's outputs. A flash is short: the hardware-timed pulse ends it without waking the CPU
 * (yellow is both LEDs). The motor's end is a deadline of the one timer; on the Bangle.js 2 the
 * buzz ends by itself.
 */
function outputs(r: Result, now: number) {
  const l = r.ledPulse;
  const m = r.motorPulse;
  if (l && BOARD_HAS_LED) {
    if (l.level <= 0) digitalWrite(BOARD_LED, 0);
    else if (l.color !== 'r') digitalPulse(BOARD_LED, 1, l.ms);
  }
  if (l && BOARD_HAS_RED) {
    if (l.level <= 0) digitalWrite(BOARD_RED, 0);
    else if (l.color !== 'g') digitalPulse(BOARD_RED, 1, l.ms);
  }
  if (!m) return;
  if (BOARD_MOTOR_KIND === 'bangle') {
    // Bangle.buzz queues: which buzz plays is the rule's (host-rules.ts)
    const end = buzzEnd(m, now, buzzUntilMs);
    if (end < 0) digitalWrite(BOARD_MOTOR, 0);
    else {
      buzzUntilMs = end;
      Bangle.buzz(m.ms, m.level);
    }
    return;
  }
  if (m.level >= 1 || m.level <= 0) digitalWrite(BOARD_MOTOR, m.level > 0 ? 1 : 0);
  else analogWrite(BOARD_MOTOR, m.level, { freq: BOARD_MOTOR_FREQ });
  motorOffMs = m.level > 0 ? now + m.ms : null;
}

function allOff() {
  if (BOARD_HAS_LED) digitalWrite(BOARD_LED, 0);
  if (BOARD_HAS_RED) digitalWrite(BOARD_RED, 0);
  digitalWrite(BOARD_MOTOR, 0);
  motorOffMs = null;
}

/**
 * Run the waiting Storage work once the motor is off. Storage work is not pacing: if it fails (full
 * Storage, no module) the fault is kept and pacing goes on.
 */
function flush(now: number) {
  if (motorOffMs !== null || now < buzzUntilMs) return;
  const todo = chores;
  chores = [];
  for (let i = 0; i < todo.length; i++) {
    try {
      (evaluate(Module.Rec) as { [k: string]: (x: unknown) => void })[todo[i][0]](todo[i][1]);
    } catch (e) {
      fault('storage: ' + (e as EspruinoError).message);
    }
  }
}

/** Storage work is not pacing: if it fails (full Storage, no module) the fault is kept and pacing goes on. */
function attempt(work: () => void) {
  try {
    work();
  } catch (e) {
    fault('storage: ' + (e as EspruinoError).message);
  }
}

/**
 * One event (the core's TICK, DOWN or a press: made here, so no event object stays in RAM)
 * through the step (the setup module's while a setup runs), then what its result asks for:
 * outputs, the settings tap tempo left, sleep, the session entry to store, the screen.
 */
function run(kind: PacerEvent['kind'], heldMs: number, now: number) {
  let batt = -1;
  if (BOARD_BATTERY && battDue(kind, now, battAtMs)) {
    battAtMs = now;
    batt = E.getBattery();
  }
  const ev: PacerEvent = { kind: kind, heldMs: heldMs, batt: batt };
  // what waited for the last buzz (on the Bangle.js 2 every beat buzzes: waiting for a step
  // without one would be waiting for the end of the session)
  flush(now);
  if (s.mode === 'setup' && !setupStep) setupStep = evaluate(Module.Setup);
  const r = (s.mode === 'setup' ? (setupStep as typeof step) : step)(cfg, s, ev, now);
  // `s` stays the state before the step until the end (the screen compares the two)
  const n = r.next;
  if (n.mode !== 'setup') setupStep = null;
  outputs(r, now);
  coreAtMs = r.atMs;
  if (r.set) {
    cfg = { proto: cfg.proto, set: r.set };
    chores.push(['saveSettings', r.set]);
  }
  // the idle auto-off: the radio stops advertising, the screen goes off
  if (BOARD_RADIO && r.sleepNow) NRF.sleep();
  if (BOARD_SCREEN && r.sleepNow) Bangle.setLCDPower(false);
  const e = r.entry;
  if (e) {
    // the start as getTime() reads it now: calendar time once the clock has been set (clockSet)
    e.start = (n.startMs - offMs) / 1000;
    chores.push([e.end === 'interrupted' ? 'keep' : 'append', e]);
  }
  flush(now);
  if (BOARD_SCREEN && (n.mode !== s.mode || n.phase !== s.phase || n.n !== s.n || n.cue !== s.cue)) {
    showStatus(cfg, status(cfg, n));
  }
  s = n;
}

/**
 * Every callback's work, then the one timer. An exception anywhere in it (the core, a pin, a
 * timer) turns every output off and goes back to idle: the session so far goes to the log as
 * interrupted and the idle deadline is armed again. A write that throws once is tried again once.
 */
function safely(work: () => void) {
  try {
    work();
    arm();
  } catch (e) {
    fault('error: ' + (e as EspruinoError).message);
    try {
      allOff();
    } catch (x) {
      allOff();
    }
    setupStep = null;
    chores = [];
    // a second failure here leaves idle with everything off: never an exception out of a callback
    try {
      restart(false);
    } catch (x) {}
  }
}

/** The one timer ran (every pump comes through here: no closure is made per wake). */
function wake() {
  timer = null;
  safely(due);
}

/** What is due now: the motor's end, the core's deadline. */
function due() {
  const now = nowMs();
  if (motorOffMs !== null && now + EARLY_MS >= motorOffMs) {
    digitalWrite(BOARD_MOTOR, 0);
    motorOffMs = null;
    flush(now);
  }
  if (coreAtMs !== null && now + EARLY_MS >= coreAtMs) run('tick', 0, now);
}

function onButton(e: WatchEvent) {
  safely(() => {
    const now = nowMs();
    // the press is classified when it ends, its length from the event times; a setup also
    // hears the button go down (no timeout ends it under the finger)
    if (e.state) {
      downOffMs = offMs;
      if (s.mode === 'setup') run('down', 0, now);
    } else if (e.lastTime !== undefined) {
      // a press wakes what the idle auto-off put to sleep
      if (BOARD_RADIO && s.asleep) NRF.wake();
      if (BOARD_SCREEN && s.asleep) Bangle.setLCDPower(true);
      run('press', (e.time - e.lastTime) * 1000 + offMs - downOffMs, now);
    }
  });
}

/** Clear our own timer and watch (never anyone else's) and turn everything off. */
function halt() {
  if (timer !== null) clearTimeout(timer);
  if (watch !== null) clearWatch(watch);
  timer = watch = null;
  setupStep = null;
  allOff();
}

function start() {
  if (stopped) return;
  halt();
  E.enableWatchdog(WATCHDOG_S, true);
  // the watch's own button hold (1.5 s) would reload the app under a long press
  if (BOARD_SCREEN) Bangle.setOptions({ btnLoadTimeout: 0 });
  watch = setWatch(onButton, BOARD_BTN, { repeat: true, edge: 'both', debounce: BOARD_DEBOUNCE });
  safely(() => restart(true));
}

/**
 * From idle: a session kept in pacer.cur (cut short by a power loss or an error) goes to the
 * log as interrupted; at boot (readConfig) the settings and protocol are read from Storage;
 * then the first deadline (the idle auto-off), and the screen.
 */
function restart(readConfig: boolean) {
  // each module on its own: a restore that fails (Storage) must not keep the stored settings out
  if (require('Storage').read(File.Current) !== undefined) attempt(() => (evaluate(Module.Rec) as Records).restore());
  if (readConfig) {
    attempt(() => {
      const c = evaluate(Module.Cfg) as StoredConfig;
      cfg = { proto: c.proto || headDrainage(), set: c.set };
    });
  }
  s = initialState(nowMs());
  run('tick', 0, nowMs());
  arm();
  if (BOARD_SCREEN) showStatus(cfg, status(cfg, s));
}

/**
 * A Storage module, evaluated for this call (indirectly: global scope). It hands over its build
 * id and its factory through global.pacerMod (host.ts); what the factory returns lives as long as
 * the caller keeps it. A module from another build is refused: the two rename fields alike only
 * when built together.
 */
function evaluate(name: string) {
  const text = require('Storage').read(name);
  if (text === undefined) throw new Error('no ' + name + ': flash again');
  (0, eval)(text);
  const m = global.pacerMod as ModuleExport;
  delete global.pacerMod;
  if (m[0] !== PACER_BUILD) throw new Error(name + ' is from another build: flash again');
  return m[1]({ cfg: cfg, fault: fault, evaluate: evaluate });
}

/** The console API (the global `pacer`): made at the top level, like the functions it calls. */
const api: PacerApi = {
  build: PACER_BUILD,
  stop: () => {
    stopped = true;
    global.setTime = nativeSetTime;
    // its handlers go too: kept, each save() and reboot would leave one more, and after the web
    // flash has rewritten Storage their code is no longer where it was
    E.removeListener('init', start);
    E.removeListener('kill', allOff);
    halt();
  },
  status: () => status(cfg, s),
  // reading what is in force needs no module; a change runs from idle with what was stored,
  // and never under the therapist's hands: only in idle or done
  settings: (x) => {
    if (x !== undefined) {
      if (s.mode !== 'idle' && s.mode !== 'done') throw new Error('busy: end the session first');
      cfg = { proto: cfg.proto, set: (evaluate(Module.Cmd) as Commands).settings(x) };
      restart(false);
    }
    return cfg.set;
  },
  protocol: (x) => {
    if (x !== undefined) {
      if (s.mode !== 'idle' && s.mode !== 'done') throw new Error('busy: end the session first');
      // the protocol in force lets go of its RAM while the new one is checked (Storage still
      // holds it): if the new one is refused, the one in force is read back from Storage
      cfg = { proto: null as never, set: cfg.set };
      try {
        cfg = { proto: (evaluate(Module.Cmd) as Commands).protocol(x) || headDrainage(), set: cfg.set };
      } finally {
        restart(!cfg.proto);
      }
    }
    return cfg.proto.id;
  },
  log: () => (evaluate(Module.Rec) as Records).dump(),
  faults: () => faults,
  state: () => s,
};

/** Start the pacer: its handlers, its watch, idle; the API the console and the web page use. */
export function boot(): PacerApi {
  // the pacer's secret (README: Security), first: the console asks for it before any line runs,
  // and on the nRF52 boards Bluetooth pairs with it as the passkey, the UART on an encrypted link
  // only; every disconnection locks the console again. No pacer.key: flashed --open. Read from
  // flash, kept by the interpreter (its "pwd" and its security options), nothing of ours in RAM.
  const k = require('Storage').read(File.Key);
  if (k) {
    E.setPassword(k);
    E.lockConsole();
    // the nRF52 boards: the Puck.js and MDBT42Q (the radio the pacer sleeps) and the Bangle.js 2
    // (the screen board, whose radio the watch manages itself)
    if (BOARD_RADIO || BOARD_SCREEN) {
      try {
        NRF.setSecurity({ passkey: k, mitm: 1, display: 1, encryptUart: 1 });
        NRF.on('disconnect', E.lockConsole);
      } catch (e) {
        // the console stays locked; pacing goes on; pacer.faults() tells
        fault('security: ' + (e as EspruinoError).message);
      }
    }
  }
  E.on('init', start);
  E.on('kill', allOff);
  global.setTime = clockSet;
  start();
  return api;
}
