// Device entry for the bangle2: boots the pacer and leaves one global, `pacer`,
// for the console and the web companion (pacer.status()).
import { boot } from '../adapter';
import { BANGLE2 } from '../boards/bangle2';
import { defaultConfig } from '../config';

global.pacer = boot(BANGLE2, defaultConfig());
