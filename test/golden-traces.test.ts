// The scenarios' traces, byte for byte: a change of shape (a file split, a
// reader shared, a rule moved to another room) must leave every trace as it
// was. Held as SHA-256 per scenario, board and engine in
// test/fixtures/golden-traces.json; a change of behaviour that is meant
// records them again, said in its commit:
//   GOLDEN_RECORD=1 npx mocha test/golden-traces.test.ts
import { expect } from 'chai';
import { createHash } from 'crypto';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { BOARDS } from '../boards';
import { parseScenario } from '../sim/scenario';
import { runSession } from '../sim/session';

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'golden-traces.json');
const SCENARIOS = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.txt')).sort();
const ENGINES = ['core', 'bundle'] as const;

function traces(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of SCENARIOS) {
    const actions = parseScenario(readFileSync(path.join(ROOT, 'scenarios', f), 'utf8'));
    for (const board of BOARDS) {
      for (const engine of ENGINES) {
        const jsonl = runSession({ actions, engine, board }).jsonl;
        out[`${f} ${board} ${engine}`] = createHash('sha256').update(jsonl).digest('hex');
      }
    }
  }
  return out;
}

describe('golden traces: the scenarios give the traces they gave, byte for byte', () => {
  it(`${SCENARIOS.length} scenarios x ${BOARDS.length} boards x ${ENGINES.length} engines`, function () {
    this.timeout(300_000);
    const now = traces();
    if (process.env.GOLDEN_RECORD) writeFileSync(FIXTURE, JSON.stringify(now, null, 1) + '\n');
    const held = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string>;
    expect(Object.keys(now)).to.deep.equal(Object.keys(held));
    for (const k of Object.keys(held)) expect(now[k], `${k}: its trace changed (GOLDEN_RECORD=1 records it again, if meant)`).to.equal(held[k]);
  });
});
