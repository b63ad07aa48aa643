// What each room may import (README: Layout). The simulator runs in the
// browser too, so it never reaches into scripts/ (the build's Node tools);
// the firmware is the device's, so it imports nothing of the host.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

/** The rooms a file imports from: the first folder of each relative import, resolved from the root. */
function importedRooms(file: string): Array<{ spec: string; room: string }> {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)'(\.[^']*)'/g)].map((m) => m[1]);
  return specs.map((spec) => ({ spec, room: path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)).split(path.sep)[0] }));
}

function crossings(room: string, forbidden: string[]): string[] {
  return sources(room).flatMap((f) => importedRooms(f).filter((i) => forbidden.includes(i.room)).map((i) => `${f}: ${i.spec}`));
}

describe('rooms: what each may import', () => {
  it('sim/ imports nothing from scripts/', () => {
    expect(crossings('sim', ['scripts'])).to.deep.equal([]);
  });

  it('firmware/ imports nothing of the host (sim/, scripts/, web/, boards/, common/, test/)', () => {
    expect(crossings('firmware', ['sim', 'scripts', 'web', 'boards', 'common', 'test'])).to.deep.equal([]);
  });

  it('boards/ and common/ import neither sim/, scripts/ nor web/', () => {
    expect([...crossings('boards', ['sim', 'scripts', 'web', 'test']), ...crossings('common', ['sim', 'scripts', 'web', 'test'])]).to.deep.equal([]);
  });

  it('firmware/core/ imports only firmware/core/ (the pure core: no adapter, no store, no board)', () => {
    const out = sources('firmware/core').flatMap((f) => importedRooms(f).map((i) => ({ f, spec: i.spec, to: path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, f)), i.spec)) })))
      .filter((i) => !i.to.startsWith('firmware/core/')).map((i) => `${i.f}: ${i.spec}`);
    expect(out).to.deep.equal([]);
  });

  it('web/ imports nothing from scripts/ (the page is built for the browser from sim/, firmware/, boards/ and common/)', () => {
    expect(crossings('web', ['scripts'])).to.deep.equal([]);
  });

  it('the check sees an import when there is one', () => {
    expect(importedRooms('sim/hardware.ts').map((i) => i.room)).to.include('boards');
  });
});
