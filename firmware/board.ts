import { Config, Status } from './core/types';

/**
 * What the adapter needs to know about a board: which pins, which parts.
 * The core never sees any of it; the adapter reads only this.
 */
export interface BoardProfile {
  id: string;
  /** The one button, and the level it reads while pressed. */
  btn: Pin;
  btnPressed: boolean;
  debounceMs: number;
  /** The LED that flashes the rhythm, or null (no LED). */
  ledPin: Pin | null;
  /** 'pin': a motor switched on `motorPin` (FET or transistor, PWM for strength); 'bangle': Bangle.buzz. */
  motorKind: 'pin' | 'bangle';
  motorPin: Pin | null;
  /** PWM frequency for partial strength: low enough for an ERM to follow. */
  motorFreqHz: number;
  /** Draws the status on a screen, if the board has one. */
  show: ((cfg: Config, st: Status) => void) | null;
}
