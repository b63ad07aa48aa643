// The virtual hardware of each board: the pins its interpreter defines and
// which of them a person sees or feels. Independent of the firmware's own
// board profiles on purpose: the firmware may name a pin the board lacks, and
// the virtual Espruino must then fail the way the device would.
import { BoardId } from '../scripts/boards';

export interface VirtualHardware {
  id: BoardId;
  /** Pin names the interpreter defines as globals. */
  pins: string[];
  /** The LED the trace's `led` lane follows (green; null: no LED). */
  ledPin: string | null;
  /** The red LED (trace lane `led_red`), or null. */
  redPin: string | null;
  /** E.getBattery() exists (nRF52 boards). */
  battery: boolean;
  /** An nRF52 radio: NRF.sleep()/NRF.wake() exist. */
  radio: boolean;
  /** The pin that drives the motor; on Bangle.js 2 Bangle.buzz drives it too. */
  motorPin: string;
  btnPin: string;
  /** Bangle.js 2: the Bangle object, the screen (g) and a buzz that ends by itself. */
  bangle: boolean;
  /** The debounce the firmware asks for (the core engine applies the same). */
  debounceMs: number;
}

const NRF_PINS = Array.from({ length: 32 }, (_, i) => `D${i}`);

export const HARDWARE: Record<BoardId, VirtualHardware> = {
  puck: {
    id: 'puck', pins: [...NRF_PINS, 'LED1', 'LED2', 'LED3', 'BTN', 'BTN1', 'FET'],
    ledPin: 'LED2', redPin: 'LED1', battery: true, radio: true, motorPin: 'FET', btnPin: 'BTN', bangle: false, debounceMs: 25,
  },
  bangle2: {
    id: 'bangle2', pins: [...NRF_PINS, 'BTN', 'BTN1', 'VIBRATE'],
    ledPin: null, redPin: null, battery: true, radio: true, motorPin: 'VIBRATE', btnPin: 'BTN1', bangle: true, debounceMs: 25,
  },
  pico: {
    id: 'pico',
    pins: ['LED1', 'LED2', 'BTN', 'BTN1', ...['A', 'B', 'C'].flatMap((p) => Array.from({ length: 16 }, (_, i) => `${p}${i}`))],
    ledPin: 'LED2', redPin: 'LED1', battery: false, radio: false, motorPin: 'B7', btnPin: 'BTN', bangle: false, debounceMs: 25,
  },
  mdbt42q: {
    id: 'mdbt42q', pins: [...NRF_PINS, 'LED1', 'LED2', 'BTN', 'BTN1'],
    ledPin: 'LED2', redPin: 'LED1', battery: false, radio: true, motorPin: 'D14', btnPin: 'BTN', bangle: false, debounceMs: 25,
  },
};
