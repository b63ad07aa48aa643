// Device entry for the mdbt42q: boots the pacer and leaves one global, `pacer`,
// for the console and the web companion (pacer.status()).
import { boot } from '../adapter';
import { MDBT42Q } from '../boards/mdbt42q';
import { defaultConfig } from '../config';

global.pacer = boot(MDBT42Q, defaultConfig());
