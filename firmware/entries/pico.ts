// Device entry for the pico: boots the pacer and leaves one global, `pacer`,
// for the console and the web companion (pacer.status()).
import { boot } from '../adapter';
import { PICO } from '../boards/pico';
import { defaultConfig } from '../config';

global.pacer = boot(PICO, defaultConfig());
