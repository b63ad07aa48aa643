// Device entry for the puck: boots the pacer and leaves one global, `pacer`,
// for the console and the web companion (pacer.status()).
import { boot } from '../adapter';
import { PUCK } from '../boards/puck';
import { defaultConfig } from '../config';

global.pacer = boot(PUCK, defaultConfig());
