// Plays one fuzz plan on the device bundle in the virtual Espruino: the
// presses (with their bounce) and every fault go on the virtual clock, the
// invariants are checked after every callback, and the first violation ends
// the run with the seed, the invariant and the events that led to it.
import { makeConfig } from '../../firmware/config';
import { withDefaults } from '../../firmware/core/validate';
import { CURRENT_FILE, PROTOCOL_FILE, SETTINGS_FILE } from '../../firmware/files';
import { decodeStored } from '../../firmware/core/stored';
import { readLog, storedText } from '../device-files';
import { BundleEngine, moduleFiles, readBundle, readModules } from '../engines/bundle-engine';
import { SimEnv } from '../env';
import { HARDWARE, VirtualHardware } from '../hardware';
import { mulberry32, streamSeed } from '../latency';
import { TraceEvent } from '../trace-events';
import { Invariants, MAX_HANG_MS, HEAR_MS, Violation } from './invariants';
import { BOUNCE_MAX_MS, FaultKind, FuzzPlan, planFor, PressPlan } from './plan';

export interface FuzzOptions {
  /** The bundle and Storage modules (plain text, by Storage name) to run instead of the built ones (a deliberately broken build). */
  code?: string;
  modules?: Record<string, string>;
  /** The fault kinds a seed may draw (tests of one kind); default all. */
  only?: FaultKind[];
  /** Run this plan instead of the seed's own. */
  plan?: FuzzPlan;
  /** Keep the env (soak, tests). */
  keep?: boolean;
}

export interface FuzzResult {
  seed: number;
  plan: FuzzPlan;
  violation: Violation | null;
  /** The last events before the end (trace lines and the fuzzer's own actions), oldest first. */
  lastEvents: string[];
  /** Counts, for the summary: events checked, presses, power cycles, faults injected. */
  events: number;
  boots: number;
  injected: number;
  env?: SimEnv;
  engine?: BundleEngine;
}

const LAST_EVENTS = 30;

interface Note {
  t_ms: number;
  text: string;
}

function formatEvent(e: TraceEvent): Note {
  const { t_ms, type, ...rest } = e;
  return { t_ms, text: `${type} ${JSON.stringify(rest)}` };
}

/** The last events, the trace's and the fuzzer's, in time order. */
function lastEvents(trace: TraceEvent[], notes: Note[]): string[] {
  const all = trace.slice(-LAST_EVENTS).map(formatEvent).concat(notes.slice(-LAST_EVENTS));
  all.sort((a, b) => a.t_ms - b.t_ms);
  return all.slice(-LAST_EVENTS).map((n) => `${n.t_ms.toFixed(3).padStart(12)} ms  ${n.text}`);
}

/** The button edges of one press, bounce included, at their µs. */
function edges(p: PressPlan): Array<[number, boolean]> {
  const t0 = p.atMs * 1000;
  const t1 = (p.atMs + p.holdMs) * 1000;
  const out: Array<[number, boolean]> = [[t0, true]];
  p.bounceDownUs.forEach((dt, i) => out.push([t0 + dt, i % 2 === 1]));
  out.push([t1, false]);
  p.bounceUpUs.forEach((dt, i) => out.push([t1 + dt, i % 2 === 0]));
  return out;
}

/** Each board's bundle, read once per process: a run of many seeds is one build, even if dist/ is rebuilt meanwhile. */
const bundles: Partial<Record<string, string>> = {};
const modules: Partial<Record<string, Record<string, string>>> = {};
function bundleOf(hw: VirtualHardware): string {
  return (bundles[hw.id] ??= readBundle(hw));
}

export function runPlan(plan: FuzzPlan, opts: FuzzOptions = {}): FuzzResult {
  const hw = HARDWARE[plan.board];
  const protocol = withDefaults(plan.protocol);
  const env = new SimEnv(makeConfig(protocol, plan.settings));
  const f = plan.faults;
  env.battery = (tMs) => f.battFromPct + ((f.battToPct - f.battFromPct) * Math.min(tMs, plan.runMs)) / plan.runMs;
  const files: Record<string, string> = { [PROTOCOL_FILE]: storedText(protocol), [SETTINGS_FILE]: storedText(plan.settings) };
  Object.assign(files, moduleFiles(opts.modules ?? (modules[hw.id] ??= readModules(hw.id))));
  const engine = new BundleEngine(env, hw, files, opts.code ?? bundleOf(hw));
  const clock = env.clock;
  // each live draw from its own stream: a change in how often the firmware arms timers does not
  // reshuffle which writes fail
  const lateness = mulberry32(streamSeed(plan.seed, 'lateness'));
  const writes = mulberry32(streamSeed(plan.seed, 'writes'));
  const notes: Note[] = [];
  const note = (text: string) => {
    notes.push({ t_ms: clock.nowUs / 1000, text });
    if (notes.length > 4 * LAST_EVENTS) notes.splice(0, notes.length - LAST_EVENTS);
  };
  const pendingThrows: string[] = [];
  let injected = 0;
  let injectedSinceCheck = false;
  let rebooted = false;
  let rebootAtUs: number | null = null;
  let violation: Violation | null = null;
  let events = 0;
  let failedWrites = 0;

  const hook = () => {
    const d = engine.device;
    d.latency = (delayMs) => {
      let us = f.jitterMaxMs ? lateness() * f.jitterMaxMs * 1000 : 0;
      // deep sleep: only a timer 1.5 s or more ahead lets the interpreter sleep through its moment
      if (delayMs >= 1500 && f.lateP > 0 && lateness() < f.lateP) us += lateness() * f.lateMaxMs * 1000;
      return Math.round(us);
    };
    d.callFault = (api) => {
      const i = pendingThrows.indexOf(api);
      if (i < 0) return false;
      pendingThrows.splice(i, 1);
      injected += 1;
      injectedSinceCheck = true;
      note(`FAULT ${api} throws`);
      return true;
    };
    d.storage.writeFault = (name, data) => {
      const x = writes();
      if (x < f.tornP) {
        injected += 1;
        injectedSinceCheck = true;
        const keep = Math.floor(writes() * data.length);
        note(`FAULT torn write of ${name}: ${keep} of ${data.length} bytes, then the power goes`);
        return keep;
      }
      if (x < f.tornP + f.writeFailP) {
        injected += 1;
        failedWrites += 1;
        note(`FAULT write of ${name} fails`);
        return 'fail';
      }
      return null;
    };
    // the power is gone at once: nothing after the torn write happens (no more writes, no pins)
    d.storage.onTorn = () => {
      engine.device.powerOff();
      powerCycleSoon('torn write');
    };
  };

  /** Was a session being kept (pacer.cur, whole) when the power went? Then the next boot must log it as interrupted. */
  const keptSession = (): boolean => {
    const text = engine.device.storage.files.get(CURRENT_FILE);
    return text !== undefined && decodeStored(text) !== null;
  };

  const powerCycle = (why: string) => {
    rebootAtUs = null;
    const kept = keptSession();
    const before = readLog(engine.device.storage).length;
    const lastN = (() => {
      const rows = readLog(engine.device.storage);
      return rows.length ? rows[rows.length - 1].n : null;
    })();
    note(`POWER CYCLE (${why})`);
    // an exception waiting to happen belonged to the interpreter that is gone (faults hit callbacks, not the boot)
    pendingThrows.length = 0;
    const failedBefore = failedWrites;
    engine.powerCycle();
    rebooted = true;
    hook();
    if (violation || !kept) return;
    const rows = readLog(engine.device.storage);
    const last = rows[rows.length - 1];
    const logged = last && last.n !== lastN && last.entry && last.entry.end === 'interrupted';
    // a restore that could not write (an injected Storage fault) keeps pacer.cur for the next boot
    // (or a torn one: the power went again during this boot, and the next boot restores it)
    const retried = engine.device.storage.files.has(CURRENT_FILE) && (failedWrites > failedBefore || rebootAtUs !== null);
    if (!logged && !retried) {
      violation = { invariant: 'interrupted-log', atMs: clock.nowUs / 1000, detail: `a session was running when the power went (${why}); after the boot the log has ${rows.length} entries (was ${before}), the newest ${last ? JSON.stringify(last.entry) : 'none'}` };
    }
  };
  const powerCycleSoon = (why: string) => {
    if (rebootAtUs !== null) return;
    rebootAtUs = clock.nowUs;
    clock.at(clock.nowUs, () => powerCycle(why));
  };

  hook();
  // the button
  const pressEnds: number[] = [];
  for (const p of plan.presses) {
    for (const [atUs, level] of edges(p)) clock.at(atUs, () => engine.button(level));
    clock.at(p.atMs * 1000, () => {
      note(`press ${p.holdMs} ms${p.bounceDownUs.length || p.bounceUpUs.length ? ' (bouncing)' : ''}`);
    });
    pressEnds.push((p.atMs + p.holdMs) * 1000);
  }
  // the faults
  // the clock is set as the Web IDE or a phone app sets it: setTime() typed at the console
  for (const s of f.clockSteps) clock.at(s.atMs * 1000, () => {
    const d = engine.device;
    if (d.hung || d.dead) return;
    note(`FAULT clock set ${s.stepMs} ms away`);
    d.repl(`setTime(${(clock.wallUs + s.stepMs * 1000) / 1e6})`);
  });
  // one fault at a time: a new one replaces one still waiting for its built-in to be called
  for (const t of f.throws) clock.at(t.atMs * 1000, () => pendingThrows.splice(0, pendingThrows.length, t.api));
  for (const t of f.powerCycles) clock.at(t * 1000, () => powerCycle('power cut'));
  for (const t of f.hangs) clock.at(t * 1000, () => {
    engine.device.hangNext = true;
    note('FAULT the next callback hangs');
  });

  const inv = new Invariants(env.config);
  // presses are the firmware's to hear from the last boot on; those made during a hang, or with a
  // reset under way, are lost with the interpreter
  let countFromUs = 0;
  let lastWrites = -1;
  let hangSeen = false;
  const pressesWhere = (ok: (p: PressPlan, endUs: number) => boolean) => plan.presses.filter((p, i) => ok(p, pressEnds[i])).length;
  /** The hold of the press whose release is heard about now, or null: near a threshold, or begun before a reset. */
  const holdHeardNow = (): number | null => {
    const i = pressEnds.findIndex((t) => clock.nowUs >= t && clock.nowUs <= t + HEAR_MS * 1000);
    if (i < 0) return null;
    const p = plan.presses[i];
    const nearMs = Math.min(Math.abs(p.holdMs - 1000), Math.abs(p.holdMs - 3000));
    return p.atMs * 1000 < countFromUs || nearMs <= 2 * BOUNCE_MAX_MS + 5 ? null : p.holdMs;
  };
  /** After every callback: note a hang (and the watchdog's reset), then check the invariants. */
  const check = () => {
    if (violation) throw new StopRun(); // found by the power cycle's own check (interrupted-log)
    events += 1;
    const d = engine.device;
    // a press begun at the very instant of the reset may have gone to the interpreter that is gone
    if (rebooted || d.hung || rebootAtUs !== null) countFromUs = Math.max(countFromUs, clock.nowUs + 1);
    if (d.hung && !hangSeen) {
      note('the interpreter hangs');
      // nothing may happen for a long while: look again when the watchdog must have acted
      clock.at(clock.nowUs + MAX_HANG_MS * 1000 + 1, () => {});
      if (d.watchdogS !== null && rebootAtUs === null) {
        rebootAtUs = clock.nowUs + d.watchdogS * 1e6;
        clock.at(rebootAtUs, () => powerCycle('watchdog'));
      }
    }
    hangSeen = d.hung;
    const heardByUs = clock.nowUs - HEAR_MS * 1000;
    violation = inv.check({
      nowUs: clock.nowUs, device: d, board: env.board, rebooted, injected: injectedSinceCheck,
      logChanged: d.storage.writes !== lastWrites,
      resetComing: d.hung || rebootAtUs !== null,
      pressesHeard: pressesWhere((p, endUs) => endUs <= heardByUs && p.atMs * 1000 >= countFromUs),
      // a press still held when the interpreter booted may be heard by it (it sees the contact settle)
      pressesBegun: pressesWhere((p, endUs) => endUs >= countFromUs && p.atMs * 1000 <= clock.nowUs),
      pressHoldMs: holdHeardNow(),
      lateTimers: f.lateP > 0,
    });
    rebooted = false;
    injectedSinceCheck = false;
    lastWrites = d.storage.writes;
    if (violation) throw new StopRun();
  };
  clock.afterEach = check;
  try {
    check();
    clock.runUntil(plan.runMs * 1000 + MAX_HANG_MS * 1000);
    check();
  } catch (e) {
    if (!(e instanceof StopRun)) throw e;
  }
  clock.afterEach = null;
  return {
    seed: plan.seed, plan, violation, lastEvents: lastEvents(env.trace.events, notes), events,
    boots: engine.boots, injected, ...(opts.keep ? { env, engine } : {}),
  };
}

class StopRun extends Error {}

export function runSeed(seed: number, opts: FuzzOptions = {}): FuzzResult {
  return runPlan(opts.plan ?? planFor(seed, opts.only), opts);
}

/** A failure as the fuzzer prints it: the seed, the invariant, the last events, and how to replay. */
export function describeFailure(r: FuzzResult): string {
  const v = r.violation;
  if (!v) return `seed ${r.seed}: ok`;
  return [
    `FAIL seed ${r.seed}: ${v.invariant} at ${v.atMs} ms: ${v.detail}`,
    `  board ${r.plan.board}, protocol ${r.plan.protocol.id} (${r.plan.protocol.phases.length} phases), settings ${JSON.stringify(r.plan.settings)}`,
    '  last events:',
    ...r.lastEvents.map((l) => '    ' + l),
    `  replay: npm run fuzz -- --seed ${r.seed}`,
  ].join('\n');
}
