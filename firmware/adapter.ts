// The one thin layer between the pure core and the Espruino interpreter.
// It owns every hardware quirk: one timer armed at a time toward an absolute
// deadline (the delay recomputed from getTime() on every arm), a debounced
// button watch whose press length comes from the event times, pin writes,
// Storage, and clearing only its own timer and watch ids (clearTimeout() with
// no argument would clear every timer on the device). The board is the one
// being built: BOARD_* are constants (board.ts), so other boards' branches
// are not in this bundle.
//
// RAM: what paces stays resident; what runs once in a while (console
// commands, logging a session, the setup gestures) is evaluated from the
// Storage file pacer.cmd only while it runs (commands.ts).

import { Commands } from './commands';
import { makeConfig } from './config';
import { DOWN, EARLY_MS, initialState, press, status, step, TICK } from './core/machine';
import { HEAD_DRAINAGE } from './core/protocol';
import { DEFAULT_SETTINGS } from './core/settings';
import { Config, LogEntry, PacerEvent, Protocol, Pulse, Result, Settings, State, Status } from './core/types';
import { COMMANDS_FILE, CURRENT_FILE, SETTINGS_FILE } from './files';
import { showStatus } from './screen';
import { save, storage } from './store';

export interface PacerApi {
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

/** This build's id (scripts/build.ts): pacer.cmd from another build is refused, its renamed fields would not match. */
declare const PACER_BUILD: string;

/** Battery readings between presses: at most one a minute (each is an ADC conversion). */
const BATT_EVERY_MS = 60000;
/** A hang (no return to the idle loop for this long) resets the chip into idle. Flash compaction stays well under it. */
const WATCHDOG_S = 5;

export function boot(): PacerApi {
  const nativeSetTime = setTime;
  const faults: string[] = [];
  let cfg: Config = makeConfig(HEAD_DRAINAGE, DEFAULT_SETTINGS);
  let s: State = initialState(0);
  let timer: number | null = null;
  let watch: number | null = null;
  let coreAtMs: number | null = null;
  let motorOffMs: number | null = null;
  let buzzUntilMs = 0;
  let battAtMs = -1 / 0;
  /** pacer.cmd, evaluated, kept only while a setup runs. */
  let setupCmd: Commands | null = null;
  /** Storage work waiting for the motor to be off (flash writes block JavaScript, and draw current). */
  let chores: Array<() => void> = [];
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

  function motorWrite(level: number) {
    if (level >= 1 || level <= 0) digitalWrite(BOARD_MOTOR, level > 0 ? 1 : 0);
    else analogWrite(BOARD_MOTOR, level, { freq: BOARD_MOTOR_FREQ });
  }

  function motor(p: Pulse, now: number) {
    if (BOARD_MOTOR_KIND === 'bangle') {
      // Bangle.buzz queues: a buzz asked for while one runs would play late, so it is skipped,
      // and the one running stops (what asks for a new buzz is a new state: a pause, a phase)
      if (p.level <= 0 || now < buzzUntilMs) digitalWrite(BOARD_MOTOR, 0);
      else {
        buzzUntilMs = now + p.ms;
        Bangle.buzz(p.ms, p.level);
      }
      return;
    }
    motorWrite(p.level);
    motorOffMs = p.level > 0 ? now + p.ms : null;
  }

  /** A flash is short: the hardware-timed pulse ends it without waking the CPU. Yellow is both LEDs. */
  function led(p: Pulse) {
    if (BOARD_HAS_LED) {
      if (p.level <= 0) digitalWrite(BOARD_LED, 0);
      else if (p.color !== 'r') digitalPulse(BOARD_LED, 1, p.ms);
    }
    if (BOARD_HAS_RED) {
      if (p.level <= 0) digitalWrite(BOARD_RED, 0);
      else if (p.color !== 'g') digitalPulse(BOARD_RED, 1, p.ms);
    }
  }

  function allOff() {
    if (BOARD_HAS_LED) digitalWrite(BOARD_LED, 0);
    if (BOARD_HAS_RED) digitalWrite(BOARD_RED, 0);
    digitalWrite(BOARD_MOTOR, 0);
    motorOffMs = null;
  }

  /** Run the waiting Storage work once the motor is off; a failure is a fault, never an end to pacing. */
  function flush(now: number) {
    if (motorOffMs !== null || now < buzzUntilMs) return;
    const todo = chores;
    chores = [];
    for (let i = 0; i < todo.length; i++) attempt(todo[i]);
  }

  /** Storage work is not pacing: if it fails (full Storage, no pacer.cmd) the fault is kept and pacing goes on. */
  function attempt(work: () => void) {
    try {
      work();
    } catch (e) {
      fault('storage: ' + (e as EspruinoError).message);
    }
  }

  function power(on: boolean) {
    if (BOARD_RADIO) {
      if (on) NRF.wake();
      else NRF.sleep();
    }
    if (BOARD_SCREEN) Bangle.setLCDPower(on);
  }

  /** The step for this state: the resident core, or the setup machine from pacer.cmd while a setup runs. */
  function stepNow(ev: PacerEvent, now: number): Result {
    if (s.mode !== 'setup') return step(cfg, s, ev, now);
    if (!setupCmd) setupCmd = command((c) => c);
    const r = setupCmd.setup(cfg, s, ev, now);
    if (r.next.mode !== 'setup') setupCmd = null;
    return r;
  }

  function run(ev: PacerEvent, now: number) {
    const before = s;
    // a battery reading on every press, and at most once a minute otherwise
    if (BOARD_BATTERY && (ev.kind === 'press' || now - battAtMs >= BATT_EVERY_MS)) {
      battAtMs = now;
      ev = { kind: ev.kind, heldMs: ev.heldMs, batt: E.getBattery() };
    }
    const r = stepNow(ev, now);
    s = r.next;
    if (r.ledPulse) led(r.ledPulse);
    if (r.motorPulse) motor(r.motorPulse, now);
    coreAtMs = r.atMs;
    if (r.setPpm) {
      const set = (cfg = makeConfig(cfg.proto, Object.assign({}, cfg.set, { ppm: r.setPpm }))).set;
      chores.push(() => save(SETTINGS_FILE, set, 0));
    }
    if (r.sleepNow) power(false);
    keepRecord(before, now);
    flush(now);
    if (BOARD_SCREEN && (s.mode !== before.mode || s.phase !== before.phase || s.n !== before.n || s.cue !== before.cue)) {
      showStatus(cfg, status(cfg, s));
    }
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
      setupCmd = null;
      chores = [];
      // a second failure here leaves idle with everything off: never an exception out of a callback
      try {
        restoreKept();
        s = initialState(nowMs());
        restart();
      } catch (x) {}
    }
  }

  /** A session kept in pacer.cur (cut short by a power loss or an error) goes to the log as interrupted. */
  function restoreKept() {
    if (storage.read(CURRENT_FILE) !== undefined) attempt(() => command((c) => c.restore()));
  }

  function entry(end: LogEntry['end'], now: number): LogEntry {
    // a session cut short also keeps the phase it was in, as far as it got
    const open = end === 'interrupted' ? [[s.phase, now - s.phaseAtMs, s.n, s.pauses, s.pausedMs]] : [];
    // the start as getTime() reads it now: calendar time once the clock has been set
    return { protocol: cfg.proto.id, start: (s.startMs - offMs) / 1000, end: end, phases: s.rec.concat(open) };
  }

  /**
   * The session so far goes to Storage at each phase change, pause and resume, so a power cut
   * loses at most the pumps since then (writing every pump would wear the flash).
   */
  function keepRecord(before: State, now: number) {
    if (s.mode === 'done' && before.mode !== 'done') {
      const e = entry(s.ended, now);
      chores.push(() => command((c) => c.append(e)));
    } else if (s.rec !== before.rec || (s.mode !== before.mode && (s.mode === 'running' || s.mode === 'paused'))) {
      const e = entry('interrupted', now);
      chores.push(() => save(CURRENT_FILE, e, 0));
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
      motorWrite(0);
      motorOffMs = null;
      flush(now);
    }
    if (coreAtMs !== null && now + EARLY_MS >= coreAtMs) run(TICK, now);
  }

  function onButton(e: WatchEvent) {
    safely(() => {
      const now = nowMs();
      // the press is classified when it ends, its length from the event times; a setup also
      // hears the button go down (no timeout ends it under the finger)
      if (e.state) {
        downOffMs = offMs;
        if (s.mode === 'setup') run(DOWN, now);
      } else if (e.lastTime !== undefined) {
        if (s.asleep) power(true);
        run(press((e.time - e.lastTime) * 1000 + offMs - downOffMs, -1), now);
      }
    });
  }

  /** Clear our own timer and watch (never anyone else's) and turn everything off. */
  function halt() {
    if (timer !== null) clearTimeout(timer);
    if (watch !== null) clearWatch(watch);
    timer = watch = null;
    setupCmd = null;
    allOff();
  }

  function start() {
    if (stopped) return;
    halt();
    E.enableWatchdog(WATCHDOG_S, true);
    // the watch's own button hold (1.5 s) would reload the app under a long press
    if (BOARD_SCREEN) Bangle.setOptions({ btnLoadTimeout: 0 });
    watch = setWatch(onButton, BOARD_BTN, { repeat: true, edge: 'both', debounce: BOARD_DEBOUNCE });
    safely(() => {
      // a session that was running when the power went is logged as interrupted
      restoreKept();
      // settings and protocol from Storage, read by pacer.cmd (without it: the defaults)
      attempt(() => (cfg = command((c) => c.config())));
      s = initialState(nowMs());
      restart();
    });
  }

  /** From idle on the config in force: the first deadline (the idle auto-off), and the screen. */
  function restart() {
    run(TICK, nowMs());
    arm();
    if (BOARD_SCREEN) showStatus(cfg, status(cfg, s));
  }

  /** Evaluate pacer.cmd for this call (indirectly: global scope, and the minifier keeps renaming this closure). */
  function command<T>(use: (c: Commands) => T): T {
    const text = storage.read(COMMANDS_FILE);
    if (text === undefined) throw new Error('no ' + COMMANDS_FILE + ': flash again');
    (0, eval)(text);
    const c = (global.pacerCmd as (h: unknown) => Commands)({
      build: PACER_BUILD,
      state: () => s,
      cfg: () => cfg,
      fault: fault,
      reload: (c: Config) => {
        cfg = c;
        s = initialState(nowMs());
        restart();
      },
    });
    delete global.pacerCmd;
    return use(c);
  }

  E.on('init', start);
  E.on('kill', allOff);
  global.setTime = clockSet;
  start();
  return {
    stop: () => {
      stopped = true;
      global.setTime = nativeSetTime;
      halt();
    },
    status: () => status(cfg, s),
    settings: (x) => command((c) => c.settings(x)),
    protocol: (x) => command((c) => c.protocol(x)),
    log: () => command((c) => c.log()),
    faults: () => faults,
    state: () => s,
  };
}
