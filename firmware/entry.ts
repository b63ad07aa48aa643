// The device entry, for every board: the build defines BOARD_* from the card
// of the board it builds (boards/<id>.ts). Boots the pacer and leaves one
// global, `pacer`, for the console and the web companion: pacer.status(),
// pacer.settings({...}), pacer.protocol(...), pacer.log(), pacer.faults().
import { boot, PacerApi } from './adapter';

// After save() and a power cycle the interpreter restores the saved instance AND runs this
// boot code again: the restored one is stopped first, so exactly one pacer runs.
if (global.pacer) (global.pacer as PacerApi).stop();
global.pacer = boot();
