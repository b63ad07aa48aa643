// Shapes shared by the core, the device adapter and the simulator.
// Everything here is plain data: it crosses into the device bundle, into
// Storage as JSON, and into traces, so no classes and no functions.

export type Mode = 'idle' | 'running' | 'paused' | 'done';

/** One step of a treatment. Exactly one of `targetMs` / `pumps` is > 0. */
export interface Phase {
  id: string;
  name: string;
  /** One line the therapist reads: where, how, how light. */
  guide: string;
  /** Pumps per minute for this phase; 0 = the `ppm` setting. */
  ppm: number;
  /** Pressure part of each stroke, ms (the release is the rest of the period). */
  pushMs: number;
  /** > 0: a timed phase: "target reached" cue after this much pacing, then pacing goes on until the button. */
  targetMs: number;
  /** > 0: a counted phase: it ends by itself after exactly this many pumps. */
  pumps: number;
}

export interface Protocol {
  id: string;
  name: string;
  phases: Phase[];
}

export interface Settings {
  /** Pumps per minute for phases that do not set their own (30..90). */
  ppm: number;
  /** Motor strength 0..1 (PWM duty). */
  strength: number;
  led: boolean;
  haptic: boolean;
  leadIn: boolean;
  /** An accent cue every N pumps; 0 = none. */
  accentEvery: number;
  /** Timed phases end by themselves when their target is reached. */
  autoAdvance: boolean;
}

/**
 * One pulse of a cue: [offsetMs from the cue start, ledMs, motorLevel 0..1, motorMs].
 * A tuple rather than an object: cue tables live in the device's RAM.
 */
export type CuePulse = number[];
export type CueTable = { [name: string]: CuePulse[] };

/** What the core runs against: the protocol, the settings and the cue patterns. */
export interface Config {
  protocol: Protocol;
  settings: Settings;
  cues: CueTable;
}

/** How a session ended, for the log. */
export type EndReason = '' | 'done' | 'ended';

export interface State {
  mode: Mode;
  /** Index into protocol.phases. */
  phase: number;
  /** Pumps cued so far in this phase. */
  n: number;
  /** Time of beat 0 of the current run (a phase start, or a resume). */
  anchorMs: number;
  /** Lead-in beats at the start of this run, before its first pump. */
  leadBeats: number;
  /** Last beat of this run already handled (played or skipped); -1 before beat 0. */
  beat: number;
  /** This run starts a phase (beat 0 is the phase-change cue) rather than resuming. */
  fresh: boolean;
  /** Pacing time in this phase before this run, pauses and lead-ins excluded. */
  runMs: number;
  /** The "target reached" cue has been given in this phase. */
  hit: boolean;
  /** A faint mid-cycle tick is still due in this beat (slow rhythms only). */
  subDue: boolean;
  /** The cue playing ('' before the first), when it started, its next pulse, and how many cues so far. */
  cue: string;
  cueAtMs: number;
  cueStep: number;
  cueCount: number;
  /** End of the current LED flash; a new one never starts before it. */
  ledToMs: number;
  /** The unbroken motor run: its start and end, for the 1 s limit. */
  motorFromMs: number;
  motorToMs: number;
  ended: EndReason;
}

/** An output change: switch a channel to `level` for `ms`, then off. level 0 = off now. */
export interface Pulse {
  level: number;
  ms: number;
}

export interface Result {
  state: State;
  ledPulse: Pulse | null;
  motorPulse: Pulse | null;
  /** The next time the core must be woken with a tick, or null: nothing scheduled. */
  atMs: number | null;
}

/** A timer reached its deadline, or a press ended after being held `heldMs`. */
export interface PacerEvent {
  kind: 'tick' | 'press';
  heldMs: number;
}

/** What a host shows or traces: derived from the state, never stored. */
export interface Status {
  state: Mode;
  phase: number;
  phaseId: string;
  n: number;
  cue: string;
  cueCount: number;
}
