// Espruino Pico: LED2 green, LED1 red; the motor through an NPN/N-FET on B7
// (any PWM-capable pin: change it here, in firmware and hardware). No battery
// gauge, no radio.
import { BoardCard } from './card';
import { stm32Pins } from './pins';
import { PUCK } from './puck';

export const PICO: BoardCard<'pico'> = {
  id: 'pico',
  name: 'Espruino Pico',
  consoleName: 'PICO_R1_3',
  firmware: {
    btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'B7',
    motorFreqHz: 200, debounceMs: 25, battery: false, radio: false, screen: false,
  },
  hardware: {
    pins: ['LED1', 'LED2', 'BTN', 'BTN1', ...stm32Pins()],
    ledPin: 'LED2', redPin: 'LED1', battery: false, radio: false, motorPin: 'B7', btnPin: 'BTN', bangle: false,
  },
  launch: 'bootcde',
  jsvars: { pool: 5100, system: 0, emptyUsage: 42, held: 3070, peak: 3770 },
  storageBytes: 48 * 1024,
  power: {
    figures: PUCK.power.figures,
    note: 'Puck.js model applied though the Pico has no radio and is an STM32: its figures are not in the references and it does not deep sleep without setDeepSleep(1), so real idle draw is higher',
  },
  fuzzWeight: 1,
};
