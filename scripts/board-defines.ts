// The device side of a board card: the build's defines for its `firmware`
// profile (firmware/board.ts). Pin names become the interpreter's pin globals;
// the rest become constants, so other boards' branches fold away. Nothing
// else of the card is defined: the device bundle never holds it.
import { BoardProfile } from '../firmware/board';

export function boardDefines(b: BoardProfile): Record<string, string> {
  return {
    BOARD_BTN: b.btn, BOARD_LED: b.led || 'undefined', BOARD_RED: b.red || 'undefined',
    BOARD_HAS_LED: String(b.led !== null), BOARD_HAS_RED: String(b.red !== null),
    BOARD_MOTOR_KIND: JSON.stringify(b.motorKind), BOARD_MOTOR: b.motorPin,
    BOARD_MOTOR_FREQ: String(b.motorFreqHz), BOARD_DEBOUNCE: String(b.debounceMs),
    BOARD_BATTERY: String(b.battery), BOARD_RADIO: String(b.radio), BOARD_SCREEN: String(b.screen),
  };
}
