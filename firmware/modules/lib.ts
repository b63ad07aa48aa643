// Storage module "pacer.lib": the library of built-in protocols besides the
// resident default, for pacer.protocol("<id>"); with their names and guidance
// in the build for boards with a screen.
// Evaluated by the command module only when a built-in is chosen by id; only
// the protocol asked for is built (its data is about 200 JsVars with its texts).
import { libraryProtocol, LIBRARY_IDS } from '../core/library';

declare const PACER_BUILD: string;

global.pacerMod = [PACER_BUILD, () => {
  return { ids: LIBRARY_IDS, get: libraryProtocol };
}];
