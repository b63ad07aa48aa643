// The device bundles: present, their code within the Storage budget, and the
// property mangling cannot rename a name the outside world spells.
import { expect } from 'chai';
import * as acorn from 'acorn';
import * as ts from 'typescript';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_CUES } from '../firmware/core/cues';
import { initialState, status } from '../firmware/core/machine';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { defaultConfig } from '../firmware/config';
import { BOARDS, CARDS } from '../boards';
import { bundlePath, MODULE_KEYS, moduleDist, moduleFile, modulePath } from '../common/dist';
import { codeBudgetBytes, DATA_BYTES } from '../boards/storage';
import { Module } from '../firmware/files';
import { deviceBytes, INTERNAL_PROPS } from '../scripts/build';
import { gate } from '../scripts/gate';

const ROOT = path.join(__dirname, '..');

/** Member and option names declared in firmware/espruino.d.ts: the interpreter spells them, not us. */
function espruinoMembers(): string[] {
  const dts = readFileSync(path.join(ROOT, 'firmware/espruino.d.ts'), 'utf8');
  return [...dts.matchAll(/^\s+(?:readonly\s+)?(\w+)\??[(:]/gm)].map((m) => m[1]);
}

describe('build: device bundles', () => {
  const stored = (f: string, entry: Parameters<typeof deviceBytes>[0]) => deviceBytes(entry, readFileSync(path.join(ROOT, f), 'utf8'));
  for (const id of BOARDS) {
    it(`${id}: its code in Storage (resident file and every module) fits the code budget (${codeBudgetBytes(id)} B)`, () => {
      const resident = stored(bundlePath(id), id);
      expect(resident).to.be.greaterThan(1000);
      const total = resident + MODULE_KEYS.reduce((n, k) => n + stored(modulePath(k, id), k), 0);
      expect(total).to.be.at.most(codeBudgetBytes(id));
      // flashed twice over (the web page's staging copies) beside the pacer's own data, it still fits
      expect(2 * total + DATA_BYTES).to.be.at.most(CARDS[id].storageBytes);
    });

    it(`${bundlePath(id)} is one self-contained script: no require of a module but Storage, no module loader`, () => {
      const code = readFileSync(path.join(ROOT, bundlePath(id)), 'utf8');
      expect(code).to.not.match(/\bexports\b|\bmodule\b|import\(|__require/);
      for (const m of code.match(/require\("([^"]*)"\)/g) ?? []) expect(m).to.equal('require("Storage")');
      expect(code.startsWith('(()=>{') && code.trim().endsWith('})();'), 'one closure').to.equal(true);
    });
  }

  it('the Puck.js code budget leaves room in its 40 kB for a staging copy and the data', () => {
    expect(CARDS.puck.storageBytes).to.equal(40 * 1024);
    expect(codeBudgetBytes('puck')).to.equal(16 * 1024);
  });

  it('each module\'s Storage name is the one the firmware evaluates (firmware/files.ts Module)', () => {
    expect(MODULE_KEYS.map(moduleFile)).to.deep.equal([Module.Cmd, Module.Rec, Module.Setup, Module.Lib, Module.Cfg]);
  });

  for (const key of MODULE_KEYS) {
    for (const screen of [false, true]) {
      it(`${moduleDist(key, screen)} is one closure that hands its factory over through global.pacerMod, and passes the gate`, () => {
        const code = readFileSync(path.join(ROOT, moduleDist(key, screen)), 'utf8');
        expect(code).to.not.match(/\bexports\b|\bmodule\b|import\(|__require/);
        expect(code).to.include('global.pacerMod=');
        expect(gate(code)).to.deep.equal([]);
      });
    }
  }

  it('the modules for boards with no screen carry no phase names or guidance; the Bangle.js 2\'s do', () => {
    const lib = (screen: boolean) => readFileSync(path.join(ROOT, moduleDist('lib', screen)), 'utf8');
    expect(lib(true)).to.include('Head and neck');
    expect(lib(false)).to.not.include('Head and neck');
    expect(lib(false)).to.not.include('collarbone');
    expect(modulePath('lib', 'bangle2')).to.equal(moduleDist('lib', true));
    for (const b of ['puck', 'pico', 'mdbt42q'] as const) expect(modulePath('lib', b)).to.equal(moduleDist('lib', false));
  });

  it('the pretokenised form the device holds reads back as the same program', () => {
    const { readBack, tokeniser } = require('../common/tokeniser') as typeof import('../common/tokeniser');
    // the same tokens by value: 1e3 and 1000 are one number, `x` and "x" one string
    const canon = (js: string) => {
      const out: string[] = [];
      for (const t of acorn.tokenizer(js, { ecmaVersion: 'latest' })) {
        if (t.type.label === '`') continue;
        const label = t.type.label === 'template' ? 'string' : t.type.label;
        const value = (t as { value?: unknown }).value;
        out.push(`${label}:${value === undefined ? '' : String(value)}`);
      }
      return out;
    };
    for (const f of [...BOARDS.map(bundlePath), ...MODULE_KEYS.flatMap((k) => [moduleDist(k, false), moduleDist(k, true)])]) {
      const code = readFileSync(path.join(ROOT, f), 'utf8');
      const back = readBack(tokeniser().tokenise(code));
      expect(gate(back), f).to.deep.equal([]);
      expect(canon(back), f).to.deep.equal(canon(code));
    }
  });

  it('no mangled property name is also a name spelled outside the bundle', () => {
    const cfg = defaultConfig();
    const external = new Set([
      ...Object.keys(HEAD_DRAINAGE), ...Object.keys(HEAD_DRAINAGE.phases[0]), ...Object.keys(DEFAULT_SETTINGS),
      ...Object.keys(DEFAULT_CUES), ...Object.keys(status(cfg, initialState(0))),
      // every member of the Espruino API the firmware is typed against (espruino.d.ts)
      ...espruinoMembers(), 'pacer',
    ]);
    expect(external.has('sleep') && external.has('getBattery') && external.has('battery'), 'the list is read').to.equal(true);
    for (const name of INTERNAL_PROPS) expect(external.has(name), name).to.equal(false);
  });
});

describe('build: the core on its own', () => {
  const dir = path.join(ROOT, 'firmware/core');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    it(`firmware/core/${file} passes the interpreter gate unminified`, () => {
      // TypeScript's ES2015 module output with the module syntax taken off: the core's own
      // code as the bundler takes it (CommonJS output would add exports lines that need hoisting)
      const js = ts
        .transpileModule(readFileSync(path.join(dir, file), 'utf8'), {
          compilerOptions: { target: ts.ScriptTarget.ES2015, module: ts.ModuleKind.ES2015 },
        })
        .outputText.replace(/^import .*$/gm, '')
        .replace(/^export \{[^}]*\}( from .*)?;?$/gm, '')
        .replace(/^export (?=function|const|let|var)/gm, '')
        .replace(/^export \{\};?$/gm, '');
      expect(gate(js)).to.deep.equal([]);
    });
  }
});
