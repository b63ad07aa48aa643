// MDBT42Q breakout: LED2 and LED1; the motor through a transistor on D14
// (any PWM-capable pin: change it here, in firmware and hardware). No battery
// gauge: the interpreter has E.getBattery() only on Puck.js, Pixl.js and Bangle.js.
import { BoardCard } from './card';
import { nrf52Pins } from './pins';
import { PUCK } from './puck';

export const MDBT42Q: BoardCard<'mdbt42q'> = {
  id: 'mdbt42q',
  name: 'MDBT42Q',
  consoleName: 'MDBT42Q',
  firmware: {
    btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'D14',
    motorFreqHz: 200, debounceMs: 25, battery: false, radio: true, screen: false,
  },
  hardware: {
    pins: [...nrf52Pins(), 'LED1', 'LED2', 'BTN', 'BTN1'],
    ledPin: 'LED2', redPin: 'LED1', battery: false, radio: true, motorPin: 'D14', btnPin: 'BTN', bangle: false,
  },
  launch: 'bootcde',
  jsvars: { pool: 2950, system: 0, emptyUsage: 42, held: 920, peak: 1620 },
  storageBytes: 40 * 1024,
  power: {
    figures: PUCK.power.figures,
    note: 'Puck.js model applied (same nRF52832 module); its figures are not in the references; motor assumed the same 60 mA coin motor',
  },
  fuzzWeight: 1,
};
