// What one frame of the terminal UI shows, as data: built from the pacer's
// status and its trace (LiveSession.model), drawn by renderFrame.
import { Mode } from '../../../firmware/core/types';
import { PressKind } from './keys';

export interface FrameModel {
  /** The first line: what runs where. */
  title: string;
  /** Virtual seconds per wall second. */
  speed: number;
  hasLed: boolean;
  /** The LED as shown: lit, or lit a moment ago (flashes are latched). */
  led: boolean;
  /** Its colour: green paces; yellow (red + green) and red speak of the battery. */
  ledColor?: 'green' | 'yellow' | 'red';
  /** The motor as shown, 0..1 (latched like the LED). */
  motor: number;
  state: Mode;
  /** 0-based index of the phase, and the protocol's phase count. */
  phase: number;
  phaseCount: number;
  phaseName: string;
  guide: string;
  /** > 0: a counted phase of this many pumps. */
  phasePumps: number;
  /** > 0: a timed phase with this target. */
  targetMs: number;
  targetHit: boolean;
  /** The phase's named positions ([] when it has none) and the one the hands are at. */
  positions: string[];
  pos: number;
  /** > 0: a counted phase's last this many pumps are counted down. */
  countdown: number;
  /** Pumps so far in this phase. */
  n: number;
  /** Time since the session started (pauses included), frozen when it ends. */
  elapsedMs: number;
  /** The virtual clock. */
  clockMs: number;
  /** The cue playing or last played ('' before the first). */
  cue: string;
  /** The button: null when up, else what is being held and for how long so far. */
  held: { kind: PressKind; ms: number } | null;
  /** Bangle.js 2: the text on the watch's screen. */
  screen: string | null;
  /** Show the key help (false while a demo plays by itself). */
  keys: boolean;
  /** One line under everything, e.g. "demo at 20x". */
  note: string;
  width: number;
  color: boolean;
}
