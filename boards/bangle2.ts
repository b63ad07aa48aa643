// Bangle.js 2: no LED; the built-in motor through Bangle.buzz (the adapter
// keeps buzzes from queueing; VIBRATE stops one early); BTN1; the screen
// (firmware/screen.ts) shows phase, guidance, pump count and progress.
import { BoardCard } from './card';
import { nrf52Pins } from './pins';
import { PUCK } from './puck';

export const BANGLE2: BoardCard<'bangle2'> = {
  id: 'bangle2',
  name: 'Bangle.js 2',
  consoleName: 'BANGLEJS2',
  firmware: {
    btn: 'BTN1', led: null, red: null, motorKind: 'bangle', motorPin: 'VIBRATE',
    motorFreqHz: 0, debounceMs: 25, battery: true, radio: false, screen: true,
  },
  hardware: {
    pins: [...nrf52Pins(), 'BTN', 'BTN1', 'VIBRATE'],
    ledPin: null, redPin: null, battery: true, radio: true, motorPin: 'VIBRATE', btnPin: 'BTN1', bangle: true,
  },
  launch: 'app',
  // system: the watch's boot code and widgets (an assumption: not measured here, the Linux
  // interpreter has no Bangle.js system); the budgets leave the Puck.js's headroom beside it
  jsvars: { pool: 12000, system: 3000, emptyUsage: 41, held: 6970, peak: 7670 },
  // its 8 MB SPI flash
  storageBytes: 8 * 1024 * 1024,
  power: {
    figures: PUCK.power.figures,
    note: 'Puck.js model applied: no LED (the always-on screen is not modelled), built-in motor assumed 60 mA; it runs on its own LiPo, the CR2032 is a yardstick only',
  },
  fuzzWeight: 1,
};
