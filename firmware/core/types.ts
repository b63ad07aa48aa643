// Shapes shared by the core, the device adapter and the simulator.
// Everything here is plain data: it crosses into the device bundle, into
// Storage as JSON, and into traces, so no classes and no functions.

/** 'setup': a battery display or tap tempo, run by the setup machine (setup.ts) until back to idle. */
export type Mode = 'idle' | 'running' | 'paused' | 'done' | 'setup';
export type SetupKind = '' | 'battery' | 'tempo' | 'bye';

/** One step of a treatment. Exactly one of `targetMs` / `pumps` is > 0. */
export interface Phase {
  id: string;
  name: string;
  /** One line the therapist reads: where, how, how light. */
  guide: string;
  /** Pumps per minute for this phase; 0 = the `ppm` setting. */
  ppm: number;
  /** Pressure part of each stroke, ms (the release is the rest of the period); 0 = the `pushMs` setting. */
  pushMs: number;
  /** > 0: a timed phase: "target reached" cue after this much pacing, then pacing goes on until the button. */
  targetMs: number;
  /** > 0: a counted phase: it ends by itself after exactly this many pumps. */
  pumps: number;
  /**
   * Optional: where the hands work in turn within the phase (the water wheel: front, side, back).
   * The `position` cue marks each move, at even shares of the phase's target (or count). On a
   * board with no screen only their number is kept in RAM.
   */
  positions?: string[];
  /** Optional, counted phases: its last this many pumps play the `countdown` cue (0: none). */
  countdown?: number;
}

export interface Protocol {
  id: string;
  name: string;
  phases: Phase[];
  /** Cue patterns that replace the defaults of the same name (optional). */
  cues?: CueTable;
}

export interface Settings {
  /** Pumps per minute for phases that do not set their own (PPM_MIN..PPM_MAX, limits.ts). */
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
  /** Default push (pressure) length for phases that do not set one, ms. */
  pushMs: number;
  /** Minutes in idle or done before the radio sleeps and only the button watch is left; 0 = never. */
  idleOffMin: number;
}

/**
 * One pulse of a cue: [offsetMs from the cue start, ledMs, motorLevel 0..1, motorMs].
 * A tuple rather than an object: cue tables live in the device's RAM.
 */
export type CuePulse = number[];
export type CueTable = { [name: string]: CuePulse[] };

/** What the core runs against: the protocol (its own cues on top of the defaults: cues.ts) and the settings. */
export interface Config {
  proto: Protocol;
  set: Settings;
}

/** How a session ended, for the log: the last phase finished, a very long press, a flat battery, a power cut. */
export type EndReason = '' | 'done' | 'ended' | 'battery' | 'interrupted';

/** One phase as it went: [phase index, duration ms (pauses included), pumps, pauses, paused ms]. */
export type PhaseRecord = number[];

/** One session in the log: which protocol, when it started (getTime() seconds), how it ended, its phases. */
export interface LogEntry {
  protocol: string;
  start: number;
  end: EndReason;
  phases: PhaseRecord[];
}

/** LED colour: green paces; red and yellow speak of the battery. */
export type LedColor = 'g' | 'r' | 'y';

export interface State {
  mode: Mode;
  /** Index into protocol.phases. */
  phase: number;
  /** Pumps cued so far in this phase. */
  n: number;
  /** The phase's position the hands are at (Phase.positions; 0 when it has none). */
  pos: number;
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
  /** Session start, and this phase's start, pause count, paused time and open pause (for the log). */
  startMs: number;
  phaseAtMs: number;
  pauses: number;
  pausedMs: number;
  pausedAtMs: number;
  /** The phases of this session that have ended. Replaced, never mutated: states are values. */
  rec: PhaseRecord[];
  /** Which setup is running ('bye': its closing cue is playing). */
  setupKind: SetupKind;
  /** Tap tempo: the times of the last taps (at most TAPS_KEPT). Replaced, never mutated. */
  taps: number[];
  /** The button is down during a setup: no timeout may end it under the therapist's finger. */
  held: boolean;
  /** Colour of the LED for the cue playing. */
  color: LedColor;
  /** Last battery reading, percent (-1: none yet). */
  batt: number;
  /** When idle (or done) began, for the auto-off; and whether the radio has been put to sleep. */
  idleAtMs: number;
  asleep: boolean;
}

/** An output change: switch a channel to `level` for `ms`, then off. level 0 = off now. */
export interface Pulse {
  level: number;
  ms: number;
  /** LED only. */
  color: LedColor;
}

export interface Result {
  next: State;
  ledPulse: Pulse | null;
  motorPulse: Pulse | null;
  /** The next time the core must be woken with a tick, or null: nothing scheduled. */
  atMs: number | null;
  /** Tap tempo settled on a rate: the settings with it as ppm, for the host to run with and store (null: none). */
  set: Settings | null;
  /**
   * The session so far, for the host to store (null: nothing to store). Ended (`end` is how): it goes
   * to the log; 'interrupted': the session in progress, which a power cut leaves for the next boot.
   */
  entry: LogEntry | null;
  /** The idle auto-off time has passed: the host puts the radio and screen to sleep. */
  sleepNow: boolean;
}

/** A timer reached its deadline, or a press ended after being held `heldMs`; 'down': the button went down (setup only). */
export interface PacerEvent {
  kind: 'tick' | 'press' | 'down';
  heldMs: number;
  /** A battery reading taken with this event, percent; -1 when none was taken. */
  batt: number;
}

/** What a host shows or traces: derived from the state, never stored. */
export interface Status {
  state: Mode;
  phase: number;
  phaseId: string;
  n: number;
  /** Index into the phase's positions (0 when it has none). */
  pos: number;
  cue: string;
  cueCount: number;
  batt: number;
  asleep: boolean;
}
