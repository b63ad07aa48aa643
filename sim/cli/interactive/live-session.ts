// A live session: an engine on the virtual clock, the clock on the wall
// clock, the button on the keys; it builds each frame's model and the
// summary at the end.
import { Protocol, Status } from '../../../firmware/core/types';
import { defaultConfig } from '../../../firmware/config';
import { BoardId } from '../../../boards';
import { ProgressNarrator } from '../../demo';
import { Engine, EngineName, SimEnv } from '../../env';
import { HARDWARE } from '../../hardware';
import { formatLog } from '../../log-export';
import { RealtimeDriver, RealtimeOptions } from '../../realtime';
import { Action } from '../../scenario';
import { createEngine, loggedSessions, scheduleActions } from '../../session';
import { formatSummary, summarize } from '../../summary';
import { FrameModel } from './frame-model';
import { PRESS_MS, PressKind } from './keys';
import { TraceFollower } from './trace-follower';

/** Between the release of one key's press and the next press: well past the 25 ms debounce. */
export const PRESS_GAP_MS = 60;

export interface LiveOptions {
  board: BoardId;
  engine: EngineName;
  speed: number;
  realtime?: Omit<RealtimeOptions, 'speed'>;
  narrate?: boolean;
}

/** An engine on the virtual clock, the clock on the wall clock, and the button on the keys. */
export class LiveSession {
  readonly env = new SimEnv(defaultConfig());
  readonly engine: Engine;
  readonly driver: RealtimeDriver;
  readonly follower: TraceFollower;
  readonly protocol: Protocol;
  private wallNow: () => number;
  /** The press being held: what and until when (virtual µs); the next may start at `freeAtUs`. */
  private holding: { kind: PressKind; downUs: number; upUs: number } | null = null;
  private freeAtUs = 0;

  constructor(readonly opts: LiveOptions) {
    this.engine = createEngine(this.env, opts.engine, opts.board);
    this.driver = new RealtimeDriver(this.env.clock, { ...opts.realtime, speed: opts.speed });
    this.protocol = this.env.config.proto;
    this.follower = new TraceFollower(this.env, opts.narrate ? new ProgressNarrator(this.protocol) : null);
    this.wallNow = opts.realtime?.now ?? (() => performance.now());
  }

  status(): Status {
    return this.engine.status();
  }

  /** A key was pressed: the button goes down now (virtual time caught up with the wall) and up `PRESS_MS` later. */
  press(kind: PressKind): boolean {
    this.driver.sync();
    const clock = this.env.clock;
    const now = clock.nowUs;
    if (now < this.freeAtUs) return false; // still held, or just released: this key is dropped
    const upUs = now + PRESS_MS[kind] * 1000;
    this.holding = { kind, downUs: now, upUs };
    this.freeAtUs = upUs + PRESS_GAP_MS * 1000;
    clock.at(now, () => this.engine.button(true));
    clock.at(upUs, () => this.engine.button(false));
    clock.runUntil(now);
    return true;
  }

  /** Script presses (the demo) on the clock, from virtual time 0. */
  schedule(actions: Action[]): void {
    scheduleActions(this.env, this.engine, actions);
  }

  model(width: number, color: boolean, keys: boolean, note = ''): FrameModel {
    const wall = this.wallNow();
    const st = this.status();
    const clockUs = this.env.clock.nowUs;
    if (this.holding && clockUs >= this.holding.upUs) this.holding = null;
    const ph = this.protocol.phases[st.phase] ?? this.protocol.phases[0];
    return {
      title: `${this.protocol.name} · ${this.opts.board} · ${this.opts.engine} engine`,
      speed: this.opts.speed,
      hasLed: HARDWARE[this.opts.board].ledPin !== null,
      led: this.follower.led(wall),
      ledColor: this.follower.ledColor(wall),
      motor: this.follower.motor(wall),
      state: st.state,
      phase: st.phase,
      phaseCount: this.protocol.phases.length,
      phaseName: ph.name,
      guide: ph.guide,
      phasePumps: ph.pumps,
      targetMs: ph.targetMs,
      targetHit: this.follower.targetHit,
      positions: ph.positions ?? [],
      pos: st.pos,
      countdown: ph.countdown ?? 0,
      n: st.n,
      elapsedMs: this.follower.elapsedMs(clockUs / 1000),
      clockMs: clockUs / 1000,
      cue: st.cue,
      held: this.holding ? { kind: this.holding.kind, ms: (clockUs - this.holding.downUs) / 1000 } : null,
      screen: HARDWARE[this.opts.board].bangle ? this.follower.screen ?? '' : null,
      keys,
      note,
      width,
      color,
    };
  }

  /** Nothing more will happen by itself: the queue is empty and the button is up. */
  quiet(): boolean {
    return this.env.clock.nextUs() === null;
  }

  /** The summary of the trace so far; `ended`: the session ran out by itself, so it ends at its last event, as runSession's does. */
  summary(title: string, ended = false): string {
    const events = this.env.trace.events;
    const endMs = ended && events.length ? events[events.length - 1].t_ms : this.env.clock.nowUs / 1000;
    return formatSummary(summarize(events, endMs), title);
  }

  /** The summary, then the session log as the pacer itself recorded it (as npm run sim prints). */
  report(title: string, ended = false): string {
    return `${this.summary(title, ended)}\nsession log (as the pacer recorded it):\n${formatLog(loggedSessions(this.engine), this.protocol)}`;
  }
}
