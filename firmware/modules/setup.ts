// Storage module "pacer.setup": the setup gestures, the battery level and tap
// tempo (core/setup.ts). The resident firmware evaluates it when a long press
// in idle hands over to it, keeps its step while the setup runs, and drops it
// when the pacer is back in idle.
import { setupStep } from '../core/setup';

declare const PACER_BUILD: string;

global.pacerMod = [PACER_BUILD, (): typeof setupStep => {
  return setupStep;
}];
