// The espruino tool's tokeniser: what the device's Storage holds of a file is
// the pretokenised text the tool uploads (keywords and operators as single
// bytes, numbers and short strings packed), not the minified JavaScript. The
// tokeniser here is the tool's own (node_modules/espruino/plugins/pretokenise.js),
// run in a sandbox with the few pieces of the tool's environment it reads.
// Node only (it reads the plugin from node_modules): the web build swaps in
// web/stubs/tokeniser.ts.
import * as acorn from 'acorn';
import { readFileSync } from 'fs';
import * as vm from 'vm';

interface Tokeniser {
  tokenise(code: string): string;
  untokenise(code: string): string;
  isTokenised(code: string): boolean;
}

let cached: Tokeniser | null = null;

export function tokeniser(): Tokeniser {
  if (cached) return cached;
  const source = readFileSync(require.resolve('espruino/plugins/pretokenise.js'), 'utf8');
  const Espruino = {
    Config: { PRETOKENISE: 2 }, // "Yes: always tokenise everything" (firmware 2v29 reads it all)
    Core: {
      Env: { getBoardData: () => ({ VERSION: '2v29' }) },
      Config: { add: () => {} },
      Utils: {
        atob: (s: string) => Buffer.from(s, 'base64').toString('binary'),
        toJSONishString: (s: string) => JSON.stringify(s),
      },
    },
    Plugins: {} as Record<string, Tokeniser>,
    addProcessor: () => {},
  };
  vm.runInNewContext(source, { Espruino, acorn, console });
  cached = Espruino.Plugins.Pretokenise;
  return cached;
}

/** Bytes the device holds for this code once uploaded pretokenised. */
export function tokenisedBytes(code: string): number {
  return tokeniser().tokenise(code).length;
}

// Token bytes of the pretokeniser (pretokenise.js): raw strings carry their
// bytes, raw integers one or two bytes, two's complement.
const RAW_STRING8 = 0xd1;
const RAW_STRING16 = 0xd2;
const RAW_INT8 = 0xd4;
const RAW_INT16 = 0xd5;

/**
 * Tokenised text back to JavaScript, as the interpreter's lexer reads it. The
 * tool's own untokenise() reads integer tokens unsigned, so -1 comes back as
 * 255 (the device reads them signed: the tokeniser writes `val & 255` for
 * negatives); the integers are decoded here first.
 */
export function readBack(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (ch === RAW_STRING8 || ch === RAW_STRING16) {
      const head = ch === RAW_STRING8 ? 2 : 3;
      const len = ch === RAW_STRING8 ? code.charCodeAt(i + 1) : code.charCodeAt(i + 1) | (code.charCodeAt(i + 2) << 8);
      out += code.substring(i, i + head + len);
      i += head + len - 1;
    } else if (ch === RAW_INT8) {
      out += ` ${(code.charCodeAt(i + 1) << 24) >> 24} `;
      i += 1;
    } else if (ch === RAW_INT16) {
      out += ` ${((code.charCodeAt(i + 1) | (code.charCodeAt(i + 2) << 8)) << 16) >> 16} `;
      i += 2;
    } else out += code[i];
  }
  return tokeniser().untokenise(out);
}
