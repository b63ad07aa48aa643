// The console commands file (Storage "pacer.cmd"): evaluated by the resident
// firmware only while a command runs; it hands over its factory and is gone.
import { CommandHost, commands } from '../commands';

declare const PACER_BUILD: string;

// pacer.cmd from another build would read the firmware's state under other (renamed) field names
global.pacerCmd = (host: CommandHost & { build: string }) => {
  if (host.build !== PACER_BUILD) throw new Error('pacer.cmd is from another build: flash again');
  return commands(host);
};
