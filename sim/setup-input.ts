// Choosing a protocol and settings for a simulated pacer, as a therapist
// would for a real one: a built-in protocol by id or a JSON file, settings as
// key=value. Everything is checked with the device's own validator
// (firmware/core/validate.ts) before it goes anywhere; a bad field is named
// with the reason and nothing is applied.
import { readFileSync } from 'fs';
import { PROTOCOLS } from '../firmware/core/library';
import { Protocol, Settings } from '../firmware/core/types';
import { errorText, validateProtocol, validateSettings, withDefaults } from '../firmware/core/validate';

export class InputError extends Error {}

/** A built-in protocol id, or a JSON file, validated. */
export function loadProtocol(idOrFile: string): Protocol {
  if (PROTOCOLS[idOrFile]) return PROTOCOLS[idOrFile];
  let text: string;
  try {
    text = readFileSync(idOrFile, 'utf8');
  } catch {
    throw new InputError(`protocol "${idOrFile}": not a built-in (${Object.keys(PROTOCOLS).join(', ')}) and no such file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`protocol ${idOrFile}: not JSON: ${(e as Error).message}`);
  }
  const errors = validateProtocol(json);
  if (errors.length) throw new InputError(`protocol ${idOrFile} is not valid:\n${errorText(errors).replace(/^/gm, '  ')}`);
  return withDefaults(json as Protocol);
}

/** key=value pairs (numbers and booleans as JSON), validated as a change to the defaults. */
export function parseSettings(pairs: string[]): Partial<Settings> {
  const changes: Record<string, unknown> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(pair);
    if (!m) throw new InputError(`--set ${pair}: expected key=value, like ppm=50 or led=false`);
    let value: unknown = m[2];
    try {
      value = JSON.parse(m[2]);
    } catch {
      // left a string: the validator says what it should be
    }
    changes[m[1]] = value;
  }
  const errors = validateSettings(changes, true);
  if (errors.length) throw new InputError(`settings not valid:\n${errorText(errors).replace(/^/gm, '  ')}`);
  return changes as Partial<Settings>;
}
