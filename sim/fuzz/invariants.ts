// What must hold after every event of a fuzz run, whatever the seed threw at
// the pacer. Each check names itself; the first that fails ends the run. The
// checker sees only what a person or a test rig could see: the outputs, the
// status the firmware reports, the timers the interpreter holds, the presses
// it heard, and the Storage it left.
import { pressOutcome } from '../../firmware/core/button-words';
import { pressKind } from '../../firmware/core/buttons';
import { allCues, cuePulses } from '../../firmware/core/cues';
import { CRIT_BATT_PCT, MOTOR_MAX_MS } from '../../firmware/core/limits';
import { Config, Settings, Status } from '../../firmware/core/types';
import { VirtualBoard } from '../board';
import { readLog } from '../device-files';
import { VirtualEspruino } from '../virtual-espruino';

export type InvariantName =
  | 'motor-max' | 'outputs-off' | 'phase-order' | 'pump-count' | 'one-timer' | 'idle-timer'
  | 'deadline' | 'pump-burst' | 'uncaught' | 'state-size' | 'one-press' | 'watchdog' | 'interrupted-log' | 'log-valid'
  | 'press-action' | 'pumps-go-on';

export const INVARIANTS: InvariantName[] = [
  'motor-max', 'outputs-off', 'phase-order', 'pump-count', 'one-timer', 'idle-timer',
  'deadline', 'pump-burst', 'uncaught', 'state-size', 'one-press', 'watchdog', 'interrupted-log', 'log-valid',
  'press-action', 'pumps-go-on',
];

export interface Violation {
  invariant: InvariantName;
  detail: string;
  atMs: number;
}

/** The longest a timer may be armed: the longest auto-off (4 h) and then some. */
export const MAX_DELAY_MS = 5 * 3600 * 1000;
/** Timer callbacks in a row at one instant before it counts as a loop on a deadline in the past. */
export const MAX_SAME_INSTANT_WAKES = 4;
/** The firmware's state, as JSON: anything bigger is growing without a bound. */
export const MAX_STATE_CHARS = 2048;
/** A hang must end in a reset by then (the firmware's watchdog is 5 s). */
export const MAX_HANG_MS = 6000;
/** A released button is heard within the bounce, the debounce and a margin. */
export const HEAR_MS = 20 + 25 + 5;
/** The auto-off timer may land this far from the minute it is due (late deliveries before it re-armed). */
const IDLE_SLACK_MS = 2000;
/** A cue has played out this long after its last pulse's end (the motor's off timer may run late). */
const CUE_SLACK_MS = 100;
/** A cue the table lacks (a setup cue) lasts at most this: 3 s of offsets and a 1 s pulse (validate.ts). */
const CUE_MAX_MS = 4000;
/** Running, a pump (or a phase change) at least this often: the lead-in beats, the pump, and slack. */
const PUMP_EVERY_PERIODS = 5;

/** What the run tells the checker about the event that just ran. */
export interface EventContext {
  nowUs: number;
  device: VirtualEspruino;
  board: VirtualBoard;
  /** The device booted during this event (a power cycle or a watchdog reset). */
  rebooted: boolean;
  /** An exception was injected since the last check: recovery to idle is allowed. */
  injected: boolean;
  /** The interpreter hangs or is about to be reset: what it heard no longer counts. */
  resetComing: boolean;
  /** Physical presses whose release the firmware must have heard by now; and presses begun. */
  pressesHeard: number;
  pressesBegun: number;
  /** Storage was written since the last check. */
  logChanged: boolean;
  /** A press whose release the firmware may hear in this event: its hold, or null when it is too near a threshold to say. */
  pressHoldMs: number | null;
  /** Timers may be delivered late by up to a second (a skipped beat is then right): no liveness check. */
  lateTimers: boolean;
}

export class Invariants {
  private prev: Status | null = null;
  private motorSinceUs: number | null = null;
  private lastPumpUs: number | null = null;
  private sameInstantWakes = 0;
  private lastWakeUs = -1;
  private lastWakes = 0;
  private lastReleases = 0;
  private idleSinceUs = 0;
  private hungSinceUs: number | null = null;
  /** When the cue playing has played out (elapsed µs). */
  private cueEndUs = 0;
  /** The last pump, phase change or state change while running (elapsed µs). */
  private pacedUs = 0;
  /** The settings in force: tap tempo changes the ppm, a boot reads them back from Storage (or the defaults, if torn). */
  private set: Settings;

  constructor(private readonly cfg: Config) {
    this.set = cfg.set;
  }

  /** The first invariant this event broke, or null. */
  check(c: EventContext): Violation | null {
    const fail = (invariant: InvariantName, detail: string): Violation => ({ invariant, detail, atMs: c.nowUs / 1000 });
    const d = c.device;
    if (c.rebooted) this.rebooted(c);
    // the power is off (a reset is under way): nothing runs, every pin is low
    if (d.dead) return null;
    if (d.uncaught > 0) return fail('uncaught', d.console.filter((l) => l.startsWith('Uncaught')).join(' | '));
    const hang = this.hang(c);
    if (hang) return fail('watchdog', hang);
    const motor = this.motor(c);
    if (motor) return fail('motor-max', motor);
    if (d.hung) return null; // no JS runs: only the watchdog and the motor are checked
    const st = d.status();
    const prev = this.prev;
    this.prev = st;
    if (!prev || prev.state === 'setup') this.set = settingsOf(d);
    if (!prev || st.cueCount !== prev.cueCount) this.cueEndUs = c.nowUs + (this.cueMs(st.cue) + CUE_SLACK_MS) * 1000;
    // a press heard in this very event (its step ran here)
    const pressed = d.releases !== this.lastReleases;
    this.lastReleases = d.releases;
    const checks: Array<[InvariantName, string | null]> = [
      ['outputs-off', this.outputsOff(c, st)],
      ['phase-order', prev && !c.rebooted ? this.phaseOrder(c, prev, st) : null],
      ['pump-count', this.pumpCount(c, prev, st, pressed)],
      ['one-timer', d.armedTimers() > 1 ? `${d.armedTimers()} timers armed` : null],
      ['idle-timer', this.idleTimer(c, prev, st)],
      ['deadline', this.deadline(c)],
      ['pump-burst', this.pumpBurst(c, prev, st)],
      ['state-size', this.stateSize(d)],
      ['press-action', prev && !c.rebooted && !c.injected && pressed ? this.pressAction(c, prev, st) : null],
      ['one-press', this.onePress(c)],
      ['log-valid', c.logChanged ? logProblem(d) : null],
      ['pumps-go-on', this.pumpsGoOn(c, prev, st)],
    ];
    for (const [name, detail] of checks) if (detail) return fail(name, detail);
    return null;
  }

  /** How long a cue plays: its last pulse's offset and length. */
  private cueMs(name: string): number {
    const list = cuePulses(this.cfg.proto.cues, name, allCues());
    if (!list.length) return name ? CUE_MAX_MS : 0;
    return Math.max(0, ...list.map((p) => p[0] + Math.max(p[1], p[3])));
  }

  private cuePlaying(c: EventContext, st: Status): boolean {
    return st.cue !== '' && c.nowUs < this.cueEndUs;
  }

  /** The press heard now does what the button table says for its class in the state it found (firmware/core/buttons.ts). */
  private pressAction(c: EventContext, prev: Status, st: Status): string | null {
    const held = c.pressHoldMs;
    if (held === null || prev.state === 'setup' || (st.batt >= 0 && st.batt <= CRIT_BATT_PCT)) return null;
    const want = pressOutcome(prev.state, pressKind(held), prev.phase, this.cfg.proto.phases.length);
    // a counted phase may end by itself in the same instant: then the press finds the next
    if (st.state === want.state && (want.phase === null || st.phase === want.phase)) return null;
    return `a ${held} ms press in ${prev.state} (phase ${prev.phase}) gave ${st.state} (phase ${st.phase}), not ${want.state}${want.phase === null ? '' : ` (phase ${want.phase})`}`;
  }

  /** Running, the pumps go on: a pump or a phase change at least every few periods. */
  private pumpsGoOn(c: EventContext, prev: Status | null, st: Status): string | null {
    if (!prev || st.state !== 'running' || prev.state !== 'running' || st.phase !== prev.phase || st.n !== prev.n) {
      this.pacedUs = c.nowUs;
      return null;
    }
    if (c.lateTimers) return null;
    const periodMs = 60000 / (this.cfg.proto.phases[st.phase].ppm || this.set.ppm);
    const quietMs = (c.nowUs - this.pacedUs) / 1000;
    return quietMs > PUMP_EVERY_PERIODS * periodMs ? `running, phase ${st.phase}, no pump for ${quietMs} ms (period ${periodMs} ms)` : null;
  }

  private rebooted(c: EventContext): void {
    this.prev = null;
    this.motorSinceUs = null;
    this.lastPumpUs = null;
    this.hungSinceUs = null;
    this.lastWakes = 0;
    this.lastReleases = 0;
    this.idleSinceUs = c.nowUs;
  }

  private hang(c: EventContext): string | null {
    if (!c.device.hung) {
      this.hungSinceUs = null;
      return null;
    }
    if (this.hungSinceUs === null) this.hungSinceUs = c.nowUs;
    const ms = (c.nowUs - this.hungSinceUs) / 1000;
    return ms > MAX_HANG_MS ? `hung for ${ms} ms and no watchdog reset it (E.enableWatchdog: ${c.device.watchdogS})` : null;
  }

  /**
   * On at a stretch no longer than MOTOR_MAX_MS, measured at every event while on and at the
   * event that turns it off; a hung interpreter is the watchdog's to end.
   */
  private motor(c: EventContext): string | null {
    const since = this.motorSinceUs;
    const on = c.board.level.motor > 0 && !c.device.hung;
    this.motorSinceUs = on ? (since ?? c.nowUs) : null;
    if (since === null || c.device.hung) return null;
    const ms = (c.nowUs - since) / 1000;
    return ms > MOTOR_MAX_MS ? `motor on for ${ms} ms at a stretch (limit ${MOTOR_MAX_MS})` : null;
  }

  /** Idle, paused and done: dark and still, but for the state's own cue (the pause, done and battery patterns). */
  private outputsOff(c: EventContext, st: Status): string | null {
    if (st.state === 'running' || st.state === 'setup' || this.cuePlaying(c, st)) return null;
    const l = c.board.level;
    return l.led || l.led_red || l.motor ? `${st.state} with no cue playing, yet led ${l.led} red ${l.led_red} motor ${l.motor}` : null;
  }

  /**
   * Forward one phase at a time; back to the first only by going to idle (the defined gesture,
   * or a recovery). A session ends through done: straight to idle only when an exception was injected.
   */
  private phaseOrder(c: EventContext, prev: Status, st: Status): string | null {
    const inSession = prev.state === 'running' || prev.state === 'paused';
    if (inSession && st.state === 'idle' && !c.injected) return `the session dropped from ${prev.state} to idle with no exception injected`;
    if (st.phase === prev.phase || st.phase === prev.phase + 1) return null;
    if (st.phase === 0 && (st.state === 'idle' || st.state === 'setup' || st.state === 'running' && prev.state !== 'running' && prev.state !== 'paused')) return null;
    return `phase ${prev.phase} (${prev.state}) -> ${st.phase} (${st.state})`;
  }

  /** A counted phase plays exactly its count: never more, and it ends by itself only at the count. */
  private pumpCount(c: EventContext, prev: Status | null, st: Status, pressed: boolean): string | null {
    const ph = this.cfg.proto.phases[st.phase];
    if (st.state === 'running' && ph.pumps > 0 && st.n > ph.pumps) return `phase ${st.phase} counts ${ph.pumps} pumps, played ${st.n}`;
    if (!prev || prev.state !== 'running') return null;
    const was = this.cfg.proto.phases[prev.phase];
    const left = st.phase !== prev.phase || st.state === 'done';
    const byItself = !pressed && !c.injected && !(st.batt >= 0 && st.batt <= 5);
    if (left && byItself && was.pumps > 0 && prev.n !== was.pumps) return `counted phase ${prev.phase} (${was.pumps}) ended by itself after ${prev.n}`;
    return null;
  }

  /** In idle nothing wakes: no timer once asleep or with no auto-off, else only the auto-off, at its minute. */
  private idleTimer(c: EventContext, prev: Status | null, st: Status): string | null {
    const idle = st.state === 'idle' || st.state === 'done';
    // idle begins on entering idle or done, and again after a recovery from an exception
    if (idle && (!prev || prev.state !== st.state || c.injected)) this.idleSinceUs = c.nowUs;
    if (st.state === 'paused' && !this.cuePlaying(c, st) && c.device.armedTimers()) return `paused, the cue over, yet ${c.device.armedTimers()} timer(s) armed`;
    if (!idle || this.cuePlaying(c, st)) return null;
    const n = c.device.armedTimers();
    const offMin = this.set.idleOffMin;
    if (st.asleep || offMin === 0) return n ? `${st.state}${st.asleep ? ' asleep' : ''} with ${n} timer(s) armed` : null;
    if (n === 0) return null;
    const dueUs = this.idleSinceUs + offMin * 60e6;
    const atUs = Math.min(...c.device.timerTargetsUs());
    return Math.abs(atUs - dueUs) > IDLE_SLACK_MS * 1000
      ? `${st.state}: a timer due at ${atUs / 1000} ms, not the auto-off at ${dueUs / 1000} ms`
      : null;
  }

  /** Every delay finite and bounded, and no run of wake-ups at one instant (a deadline left in the past). */
  private deadline(c: EventContext): string | null {
    const d = c.device;
    const ms = d.lastDelayMs;
    if (ms !== null && (typeof ms !== 'number' || !(ms >= 0) || ms > MAX_DELAY_MS)) return `setTimeout delay ${String(ms)}`;
    if (d.wakes === this.lastWakes) return null;
    this.lastWakes = d.wakes;
    this.sameInstantWakes = c.nowUs === this.lastWakeUs ? this.sameInstantWakes + 1 : 0;
    this.lastWakeUs = c.nowUs;
    return this.sameInstantWakes > MAX_SAME_INSTANT_WAKES ? `${this.sameInstantWakes} wake-ups at ${c.nowUs / 1000} ms` : null;
  }

  /** Pumps in a phase at least half a period apart: a late timer skips beats, never plays a volley. */
  private pumpBurst(c: EventContext, prev: Status | null, st: Status): string | null {
    if (!prev || st.state !== 'running' || prev.state !== 'running' || st.phase !== prev.phase) {
      this.lastPumpUs = null;
      return null;
    }
    if (st.n === prev.n) return null;
    const last = this.lastPumpUs;
    this.lastPumpUs = c.nowUs;
    if (last === null) return null;
    const periodMs = 60000 / (this.cfg.proto.phases[st.phase].ppm || this.set.ppm);
    const gapMs = (c.nowUs - last) / 1000;
    return gapMs < periodMs / 2 ? `pumps ${prev.n} and ${st.n} ${gapMs} ms apart (period ${periodMs} ms)` : null;
  }

  private stateSize(d: VirtualEspruino): string | null {
    const chars = stateChars(d);
    return chars > MAX_STATE_CHARS ? `the firmware's state is ${chars} characters of JSON (limit ${MAX_STATE_CHARS})` : null;
  }

  /** One physical press, one action: the firmware hears every press and no more. */
  private onePress(c: EventContext): string | null {
    const heard = c.device.releases;
    if (c.resetComing) return null;
    if (heard > c.pressesBegun) return `${heard} presses heard, ${c.pressesBegun} made`;
    if (heard < c.pressesHeard) return `${c.pressesHeard} presses made, ${heard} heard`;
    return null;
  }
}

/** The log holds sessions or entries marked corrupt, nothing else: every whole entry is a session record. */
function logProblem(d: VirtualEspruino): string | null {
  for (const row of readLog(d.storage)) {
    if (row.corrupt) continue;
    const e = row.entry as unknown as Record<string, unknown> | null;
    const ok = e && typeof e.protocol === 'string' && typeof e.start === 'number' && ['done', 'ended', 'battery', 'interrupted'].includes(e.end as string)
      && Array.isArray(e.phases) && (e.phases as unknown[]).every((p) => Array.isArray(p) && p.length === 5 && p.every((x) => typeof x === 'number' && isFinite(x)));
    if (!ok) return `log slot ${row.slot} holds ${JSON.stringify(row.entry)}`;
  }
  return null;
}

/** The settings in force, asked of the firmware (pacer.settings() with no argument changes nothing). */
function settingsOf(d: VirtualEspruino): Settings {
  return (d.context.pacer as { settings: (x: undefined) => Settings }).settings(undefined);
}

/** The firmware's state (pacer.state()) and its fault list: what it holds between events. */
function held(d: VirtualEspruino): unknown[] {
  const pacer = d.context.pacer as { state?: () => unknown; faults?: () => unknown };
  if (!pacer || typeof pacer.state !== 'function') throw new Error('virtual Espruino: the bundle left no pacer.state()');
  return [pacer.state(), pacer.faults ? pacer.faults() : []];
}

/** What the firmware holds, as JSON characters (numbers grow a digit now and then as times grow). */
export function stateChars(d: VirtualEspruino): number {
  return JSON.stringify(held(d)).length;
}

/**
 * What the firmware holds, counted as the interpreter stores it: one variable per object,
 * array, property name and value, whatever a number's digits (a JsVar is fixed-size).
 */
export function stateVars(d: VirtualEspruino): number {
  const count = (v: unknown): number => {
    if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + count(x), 0);
    if (v && typeof v === 'object') return 1 + Object.values(v).reduce((n: number, x) => n + 1 + count(x), 0);
    return 1;
  };
  return count(held(d));
}
