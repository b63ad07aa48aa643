// Storage module "pacer.cfg": the settings and protocol in Storage, read at
// boot (and after a protocol was refused, to put back the one in force).
// They were validated before they were written; a file of the wrong shape or
// a torn one is a fault, and the default is used. Its own small module: at
// boot it is in RAM together with the largest protocol being parsed.
import { defaultSettings } from '../core/settings';
import { Protocol, Settings } from '../core/types';
import { withDefaults } from '../core/validate';
import { File, Module } from '../files';
import { Config, ModuleHost } from '../host';
import { load } from '../store';
import { TEXTS } from '../core/texts';
import { dropTexts } from '../texts';

declare const PACER_BUILD: string;

global.pacerMod = [PACER_BUILD, (h: ModuleHost): Config => {
  /** A stored value if whole; a torn or corrupted file is a fault, and the default is used. */
  function stored(name: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    const o = load(name);
    if (o !== 'bad') return o && o.v;
    h.fault(name + ' corrupt');
    return null;
  }
  // a built-in is stored by its id: the library module makes it
  let p = stored(File.Protocol);
  if (typeof p === 'string') p = h.evaluate(Module.Lib).get(p);
  const set: Settings | null = stored(File.Settings);
  const proto: Protocol | null = p && p.phases && p.phases[0] ? p : null;
  // a protocol stored from a file as it was sent may lack optional fields
  if (proto) withDefaults(proto);
  // names and guidance are kept in RAM only where a screen shows them (the module's build says: boards.ts moduleDist)
  if (proto && !TEXTS) dropTexts(proto);
  // settings written by an older build may lack a newer key: the default fills it
  return { proto: proto, set: Object.assign(defaultSettings(), set && set.ppm > 0 ? set : {}) };
}];
