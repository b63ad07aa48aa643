// The one thin layer between the pure core and the Espruino interpreter.
// It owns every hardware quirk: one timer armed at a time toward an absolute
// deadline (the delay recomputed from getTime() on every arm), a debounced
// button watch whose press length comes from the event times, pin writes,
// and clearing only its own timer and watch ids (clearTimeout() with no
// argument would clear every timer on the device).

import { BoardProfile } from './board';
import { EARLY_MS, initialState, press, status, step, TICK } from './core/machine';
import { Config, PacerEvent, Pulse, State, Status } from './core/types';

export interface PacerApi {
  status: () => Status;
}

/** Milliseconds, rounded to the microsecond getTime() resolves, so hosts agree to the bit. */
function nowMs(): number {
  return Math.round(getTime() * 1e6) / 1e3;
}

export function boot(board: BoardProfile, cfg: Config): PacerApi {
  let s: State = initialState();
  let timer: number | null = null;
  let watch: number | null = null;
  let coreAtMs: number | null = null;
  let motorOffMs: number | null = null;
  let buzzUntilMs = 0;

  function arm() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    let at = coreAtMs;
    if (motorOffMs !== null && (at === null || motorOffMs < at)) at = motorOffMs;
    if (at !== null) timer = setTimeout(wake, Math.max(0, at - nowMs()));
  }

  function motorWrite(level: number) {
    const pin = board.motorPin as Pin;
    if (level >= 1 || level <= 0) digitalWrite(pin, level > 0 ? 1 : 0);
    else analogWrite(pin, level, { freq: board.motorFreqHz });
  }

  function motor(p: Pulse, now: number) {
    if (board.motorKind === 'bangle') {
      // Bangle.buzz queues: a buzz asked for while one runs would play late, so it is skipped
      if (p.level <= 0) digitalWrite(board.motorPin as Pin, 0);
      else if (now >= buzzUntilMs) {
        buzzUntilMs = now + p.ms;
        Bangle.buzz(p.ms, p.level);
      }
      return;
    }
    motorWrite(p.level);
    motorOffMs = p.level > 0 ? now + p.ms : null;
  }

  function led(p: Pulse) {
    if (board.ledPin === null) return;
    // a flash is short: the hardware-timed pulse ends it without waking the CPU
    if (p.level > 0) digitalPulse(board.ledPin, 1, p.ms);
    else digitalWrite(board.ledPin, 0);
  }

  function allOff() {
    if (board.ledPin !== null) digitalWrite(board.ledPin, 0);
    if (board.motorPin !== null) digitalWrite(board.motorPin, 0);
    motorOffMs = null;
  }

  function run(ev: PacerEvent, now: number) {
    const before = s;
    try {
      const r = step(cfg, s, ev, now);
      s = r.state;
      if (r.ledPulse) led(r.ledPulse);
      if (r.motorPulse) motor(r.motorPulse, now);
      coreAtMs = r.atMs;
    } catch (e) {
      // never leave an output on: back to idle, everything off, nothing scheduled
      allOff();
      s = initialState();
      coreAtMs = null;
      print('pacer: ' + (e as EspruinoError).message);
    }
    if (board.show && (s.mode !== before.mode || s.phase !== before.phase || s.n !== before.n)) {
      board.show(cfg, status(cfg, s));
    }
  }

  function wake() {
    timer = null;
    const now = nowMs();
    if (motorOffMs !== null && now + EARLY_MS >= motorOffMs) {
      motorWrite(0);
      motorOffMs = null;
    }
    if (coreAtMs !== null && now + EARLY_MS >= coreAtMs) run(TICK, now);
    arm();
  }

  function onButton(e: WatchEvent) {
    // the press is classified when it ends; its length comes from the event times
    if (e.state === board.btnPressed || e.lastTime === undefined) return;
    run(press((e.time - e.lastTime) * 1000), nowMs());
    arm();
  }

  function start() {
    // after save() and a power cycle (E.on('init')) our ids may be stale: clear only ours
    if (timer !== null) clearTimeout(timer);
    if (watch !== null) clearWatch(watch);
    timer = null;
    s = initialState();
    coreAtMs = null;
    allOff();
    watch = setWatch(onButton, board.btn, { repeat: true, edge: 'both', debounce: board.debounceMs });
    if (board.show) board.show(cfg, status(cfg, s));
  }

  E.on('init', start);
  E.on('kill', allOff);
  start();
  return {
    status: () => status(cfg, s),
  };
}
