// The core's files import one another without a cycle (issue #12): a cycle
// makes the order its modules run in depend on which is imported first, and
// on the device a half-initialised module is a silent wrong value, not an error.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', 'firmware', 'core');

/** Each file's local imports (and re-exports), by file name without .ts; every `from './x'` counts, types too. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const deps = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]\.\/([^'"]+)['"]/gm)].map((m) => m[1].replace(/\.ts$/, ''));
    graph.set(file.replace(/\.ts$/, ''), deps);
  }
  return graph;
}

/** The first cycle found, as the files around it (the first repeated at the end); null if the graph is a DAG. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (f: string): string[] | null => {
    const at = trail.indexOf(f);
    if (at >= 0) return [...trail.slice(at), f];
    if (done.has(f)) return null;
    trail.push(f);
    for (const d of graph.get(f) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    trail.pop();
    done.add(f);
    return null;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

describe('firmware/core imports', () => {
  it('form a DAG: no file imports itself through others', () => {
    const graph = importGraph(CORE);
    expect(graph.get('machine')).to.include('rhythm'); // the parse sees the imports
    expect(findCycle(graph)).to.equal(null);
  });

  it('the cycle check finds a cycle (machine -> rhythm -> machine)', () => {
    const graph = importGraph(CORE);
    graph.set('rhythm', [...graph.get('rhythm')!, 'machine']);
    expect(findCycle(graph)).to.deep.equal(['machine', 'rhythm', 'machine']);
  });

  it('every import names a file in firmware/core (the parse misses none)', () => {
    const graph = importGraph(CORE);
    for (const [file, deps] of graph) for (const dep of deps) expect(graph.has(dep), `${file} imports ./${dep}`).to.equal(true);
    for (const file of graph.keys()) {
      const text = readFileSync(path.join(CORE, file + '.ts'), 'utf8');
      const all = text.match(/\bfrom\s+['"][^'"]+['"]|\brequire\(/g) ?? [];
      expect(all.length, `${file}: imports the parse did not read`).to.equal(graph.get(file)!.length);
    }
  });
});
