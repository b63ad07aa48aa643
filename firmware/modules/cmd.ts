// Storage module "pacer.cmd": the console commands that change things,
// pacer.settings({...}) and pacer.protocol(...), with the full validator (a
// built-in protocol chosen by id comes from the library module, pacer.lib).
// A protocol also comes as a Storage file of its JSON, named by the argument
// (a name with a dot, which an id never has): the web page writes it there in
// chunks, so a 2 kB protocol is never one 2 kB console line in RAM, and it is
// stored by copying that file, never re-stringified.
// Everything written to Storage here has passed the validator first; the
// resident firmware then runs from idle with what was stored (it refuses a
// change during a session before this module is even read). Reading the
// settings or the protocol id in force needs no module: the resident
// firmware answers those itself.
import { ProtocolId } from '../core/protocol';
import { Protocol } from '../core/types';
import { errorText, FieldError, validateProtocol, validateSettings, withDefaults } from '../core/validate';
import { File, Module } from '../files';
import { MAX_PROTOCOL_BYTES } from '../core/limits';
import { Commands, ModuleHost } from '../host';
import { storedParts } from '../core/stored';
import { save, storage, writeStored } from '../store';
import { TEXTS } from '../core/texts';
import { dropTexts } from '../texts';

declare const PACER_BUILD: string;

function check(errors: FieldError[]) {
  if (errors.length) throw new Error(errorText(errors));
}

global.pacerMod = [PACER_BUILD, (h: ModuleHost): Commands => {
  return {
    settings: (changes) => {
      check(validateSettings(changes, true));
      const next = Object.assign({}, h.cfg.set, changes);
      check(validateSettings(next, false));
      save(File.Settings, next, 0);
      return next;
    },
    protocol: (p) => {
      // a built-in by id (the default is the one in the firmware), or a custom protocol, validated
      if (p === ProtocolId.Default) {
        storage.erase(File.Protocol);
        return null;
      }
      const file = typeof p === 'string' && p.indexOf('.') > 0 ? storage.read(p) : null;
      if (file === undefined) throw new Error('no Storage file "' + p + '"');
      if (file !== null && file.length > MAX_PROTOCOL_BYTES) throw new Error(p + ': ' + file.length + ' bytes of JSON: the device holds at most ' + MAX_PROTOCOL_BYTES);
      // a string (or nothing) names a built-in: the library says which there are
      const lib = file === null && (typeof p === 'string' || p === null) ? h.evaluate(Module.Lib) : null;
      let chosen: Protocol;
      try {
        chosen = file !== null ? JSON.parse(file) : lib ? lib.get(p) : p;
      } catch (e) {
        throw new Error(p + ': not JSON (' + (e as EspruinoError).message + ')');
      }
      if (!chosen) throw new Error('no built-in protocol "' + p + '" (' + ProtocolId.Default + ', ' + lib.ids + ')');
      // a built-in is checked by the tests (and on a board with no screen has no names to pass the check)
      if (!lib) check(validateProtocol(chosen, file !== null ? file.length : undefined));
      withDefaults(chosen);
      // Storage keeps what was sent: a file as it came (never re-stringified), a built-in by its
      // id (its code is the library), an object as JSON
      if (file !== null) writeStored(File.Protocol, storedParts(file, 0));
      else save(File.Protocol, lib ? p : chosen, 0);
      if (file !== null) storage.erase(p as string);
      // names and guidance are kept in RAM only where a screen shows them (the module's build says: boards.ts moduleDist)
      if (!TEXTS) dropTexts(chosen);
      return chosen;
    },
  };
}];
