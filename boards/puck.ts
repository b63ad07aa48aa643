// Puck.js v2 (the default board): green LED2 flashes the rhythm, red LED1
// joins it for battery colours; a 3 V coin ERM from 3V to FET (D26, low-side
// N-FET, up to 200 mA); BTN reads 1 while pressed.
import { BoardCard } from './card';
import { nrf52Pins } from './pins';

export const PUCK: BoardCard<'puck'> = {
  id: 'puck',
  name: 'Puck.js',
  consoleName: 'PUCKJS',
  firmware: {
    btn: 'BTN', led: 'LED2', red: 'LED1', motorKind: 'pin', motorPin: 'FET',
    motorFreqHz: 200, debounceMs: 25, battery: true, radio: true, screen: false,
  },
  hardware: {
    pins: [...nrf52Pins(), 'LED1', 'LED2', 'LED3', 'BTN', 'BTN1', 'FET'],
    ledPin: 'LED2', redPin: 'LED1', battery: true, radio: true, motorPin: 'FET', btnPin: 'BTN', bangle: false,
  },
  launch: 'bootcde',
  // the budgets are issue #11's; every other board leaves at least their headroom (test/boards.test.ts)
  jsvars: { pool: 2630, system: 0, emptyUsage: 42, held: 600, peak: 1300 },
  storageBytes: 40 * 1024,
  power: {
    // each figure's source: scripts/power-model.ts POWER_SOURCES
    figures: { awakeUa: 40, asleepUa: 12, ledMa: 2, motorMa: 60, cpuMa: 4, busyMsPerWake: 2, cellMah: 220 },
    note: 'the figures above (Puck.js v2)',
  },
  // the board the pacer is for: half the fuzzer's runs
  fuzzWeight: 3,
};
