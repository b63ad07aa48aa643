// The device bundles: present, within budget, and the property mangling
// (which saves RAM) cannot rename a name the outside world spells.
import { expect } from 'chai';
import * as ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { DEFAULT_CUES } from '../firmware/core/cues';
import { initialState, status } from '../firmware/core/machine';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { defaultConfig } from '../firmware/config';
import { BOARDS, BUDGET_BYTES, bundlePath } from '../scripts/boards';
import { INTERNAL_PROPS } from '../scripts/build';
import { gate } from '../scripts/gate';

const ROOT = path.join(__dirname, '..');

describe('build: device bundles', () => {
  for (const id of BOARDS) {
    it(`${bundlePath(id)} exists and fits its budget (${BUDGET_BYTES[id]} B)`, () => {
      const bytes = statSync(path.join(ROOT, bundlePath(id))).size;
      expect(bytes).to.be.greaterThan(1000);
      expect(bytes).to.be.at.most(BUDGET_BYTES[id]);
    });

    it(`${bundlePath(id)} is one self-contained script: no require of a module but Storage, no module loader`, () => {
      const code = readFileSync(path.join(ROOT, bundlePath(id)), 'utf8');
      expect(code).to.not.match(/\bexports\b|\bmodule\b|import\(|__require/);
      for (const m of code.match(/require\("([^"]*)"\)/g) ?? []) expect(m).to.equal('require("Storage")');
      expect(code.split('\n').length).to.be.at.most(2);
    });
  }

  it('the Puck.js budget is 6 KB', () => {
    expect(BUDGET_BYTES.puck).to.equal(6 * 1024);
  });

  it('no mangled property name is also a name spelled outside the bundle', () => {
    const cfg = defaultConfig();
    const external = new Set([
      ...Object.keys(HEAD_DRAINAGE), ...Object.keys(HEAD_DRAINAGE.phases[0]), ...Object.keys(DEFAULT_SETTINGS),
      ...Object.keys(DEFAULT_CUES), ...Object.keys(cfg), ...Object.keys(status(cfg, initialState())),
      // Espruino API members and options the adapter passes or reads
      'repeat', 'edge', 'debounce', 'freq', 'state', 'time', 'lastTime', 'on', 'then', 'buzz', 'message', 'pacer',
    ]);
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
        .replace(/^export (?=function|const|let|var)/gm, '')
        .replace(/^export \{\};?$/gm, '');
      expect(gate(js)).to.deep.equal([]);
    });
  }
});
