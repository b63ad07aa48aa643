// The one reader of a trace: a fold over its events that keeps the facts
// every view of a session is drawn from (the state and the session's start
// and end, the phases as spans with their pump counts, the pauses, the output
// levels and their pulses, the sleep flag, the screen), and tells a visitor
// as each happens. The timeline SVG, the summary, the narrator, the terminal
// follower, the web page's timeline and elapsed time and the benchmark all
// read through it, so a rule (when a phase ends, which pump a cue plays on,
// when a pulse closes) is written once. It takes events one at a time, so a
// live view can feed it as the trace grows and the benchmark without keeping
// the events.
import { Mode } from '../firmware/core/types';
import { Channel, CHANNELS, CueEvent, OutputEvent, PhaseEvent, PumpEvent, StateEvent, TraceEvent } from './trace-events';

/** A phase as run: from its phase event to the next phase, done or idle (endMs null while it runs). */
export interface PhaseSpan {
  index: number;
  id: string;
  name: string;
  startMs: number;
  endMs: number | null;
  /** Pumps cued so far in it: the highest pump number seen. */
  pumps: number;
}

/** A pause: from the paused state to the next state (endMs null while paused); `phase`: its span's place in `phases`. */
export interface PauseSpan { startMs: number; endMs: number | null; phase: number }

/** An output above 0 at one level, from t0 until it changed at t1. */
export interface Pulse { t0: number; t1: number; level: number }

/** What a reader tells as it reads; every callback comes after the reader's facts took the event in. */
export interface TraceVisitor {
  onState?(e: StateEvent, prev: Mode): void;
  onPhase?(span: PhaseSpan, e: PhaseEvent): void;
  onPump?(e: PumpEvent): void;
  /** `pump`: the pump the cue plays on, the one traced right after it (the phase's pumps so far + 1). */
  onCue?(e: CueEvent, pump: number): void;
  /** An output changed level (`prev`: its level before). */
  onOutput?(e: OutputEvent, prev: number): void;
  /** A pulse ended: the level changed, or the reading finished with it still on. */
  onPulse?(ch: Channel, pulse: Pulse): void;
}

export class TraceReader {
  state: Mode = 'idle';
  /** When the last state event came (0: none yet). */
  stateAtMs = 0;
  /** When the first session started running (null: none has). */
  firstStartMs: number | null = null;
  /** The session in progress or the one that last ended: when it started running and when it ended (null: not yet); null in idle. */
  session: { startMs: number; endMs: number | null } | null = null;
  readonly phases: PhaseSpan[] = [];
  readonly pauses: PauseSpan[] = [];
  readonly level: Record<Channel, number> = { led: 0, led_red: 0, motor: 0 };
  asleep = false;
  /** The Bangle.js 2 screen's last text (null: none drawn). */
  screen: string | null = null;
  private open: Record<Channel, { t0: number; level: number } | null> = { led: null, led_red: null, motor: null };

  constructor(private readonly visitor: TraceVisitor = {}) {}

  /** The phase entered last (it stays the current one after the session ends), or null. */
  get phase(): PhaseSpan | null {
    return this.phases.length ? this.phases[this.phases.length - 1] : null;
  }

  read(e: TraceEvent): void {
    const v = this.visitor;
    const t = e.t_ms;
    switch (e.type) {
      case 'state': {
        const prev = this.state;
        const pause = this.pauses[this.pauses.length - 1];
        const paused = !!pause && pause.endMs === null;
        if (paused && e.value !== 'paused') pause.endMs = t;
        if (e.value === 'paused' && !paused) this.pauses.push({ startMs: t, endMs: null, phase: this.phases.length - 1 });
        if (e.value === 'running') {
          this.firstStartMs ??= t;
          // a new session: from idle (or anything after the last one ended); a resume keeps its start
          if (!this.session || this.session.endMs !== null) this.session = { startMs: t, endMs: null };
        }
        if (e.value === 'done' && this.session) this.session.endMs = t;
        if (e.value === 'idle') this.session = null;
        // a session ends once: done, or idle straight from running or paused
        if (e.value === 'done' || e.value === 'idle') this.closePhase(t);
        this.state = e.value;
        this.stateAtMs = t;
        v.onState?.(e, prev);
        break;
      }
      case 'phase': {
        this.closePhase(t);
        const span: PhaseSpan = { index: e.index, id: e.id, name: e.name, startMs: t, endMs: null, pumps: 0 };
        this.phases.push(span);
        v.onPhase?.(span, e);
        break;
      }
      case 'pump': {
        const span = this.phase;
        if (span) span.pumps = Math.max(span.pumps, e.n);
        v.onPump?.(e);
        break;
      }
      case 'cue':
        v.onCue?.(e, (this.phase?.pumps ?? 0) + 1);
        break;
      case 'led':
      case 'led_red':
      case 'motor': {
        const ch = e.type;
        const prev = this.level[ch];
        const on = this.open[ch];
        // the same level again changes nothing: the pulse goes on
        if (on && on.level === e.value) break;
        this.open[ch] = e.value > 0 ? { t0: t, level: e.value } : null;
        this.level[ch] = e.value;
        if (on) v.onPulse?.(ch, { t0: on.t0, t1: t, level: on.level });
        v.onOutput?.(e, prev);
        break;
      }
      case 'sleep':
        this.asleep = e.value;
        break;
      case 'screen':
        this.screen = e.text;
        break;
    }
  }

  /** The session's time so far at `nowMs`, pauses included, frozen at its end; 0 in idle. */
  elapsedMs(nowMs: number): number {
    return this.session === null ? 0 : (this.session.endMs ?? nowMs) - this.session.startMs;
  }

  readAll(events: readonly TraceEvent[]): this {
    for (const e of events) this.read(e);
    return this;
  }

  /** The reading stops at `endMs`: the phase, pause and pulses still open end there. */
  finish(endMs: number): this {
    this.closePhase(endMs);
    const pause = this.pauses[this.pauses.length - 1];
    if (pause && pause.endMs === null) pause.endMs = endMs;
    for (const ch of CHANNELS) {
      const on = this.open[ch];
      if (on) this.visitor.onPulse?.(ch, { t0: on.t0, t1: endMs, level: on.level });
      this.open[ch] = null;
    }
    return this;
  }

  private closePhase(t: number): void {
    const span = this.phase;
    if (span && span.endMs === null) span.endMs = t;
  }
}
