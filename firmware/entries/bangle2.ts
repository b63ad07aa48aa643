// Device entry (one per board: the build defines BOARD_* from boards/bangle2.ts).
// Boots the pacer and leaves one global, `pacer`, for the console and the web
// companion: pacer.status(), pacer.settings({...}), pacer.protocol(...),
// pacer.log(), pacer.faults().
import { boot } from '../adapter';

global.pacer = boot();
