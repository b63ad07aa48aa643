// The button table is one table (issue #12): firmware/core/buttons.ts, which
// the core dispatches on. Its words (button-words.ts) are the README's table,
// the simulator's help line and the fuzzer's press-action invariant; here the
// README is held to them, and the core to the table, cell by cell.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { pressHelp, pressOutcome, PRESS_CLASSES, PRESS_STATES, readmeButtonTable } from '../firmware/core/button-words';
import { Buttons, Press, pressAct, pressKind } from '../firmware/core/buttons';
import { LONG_PRESS_MS, VERY_LONG_PRESS_MS } from '../firmware/core/limits';
import { Mode } from '../firmware/core/types';
import { Driver } from './helpers/drive';

const ROOT = path.join(__dirname, '..');

/** Every .ts file under dir. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = path.join(dir, n);
    return statSync(f).isDirectory() ? sources(f) : f.endsWith('.ts') ? [f] : [];
  });
}

/** A fresh driver in `state` (running/paused: in phase `phase` of the seed's three) at t = 10 s. */
function inState(state: Mode, phase: number): Driver {
  const d = new Driver();
  if (state === 'idle') return d.runTo(10_000);
  d.press(0);
  for (let i = 0; i < phase; i++) d.press(1000 * (i + 1));
  if (state === 'paused') d.press(5000, LONG_PRESS_MS + 500);
  if (state === 'done') d.press(5000, VERY_LONG_PRESS_MS + 500);
  return d.runTo(10_000);
}

describe('the button table', () => {
  it('has a row per state that takes presses and a column per press class', () => {
    expect(PRESS_STATES.map((s) => s[0]).join('')).to.equal(Buttons.States);
    expect(Buttons.Actions.length).to.equal(PRESS_STATES.length * PRESS_CLASSES.length);
    expect([Press.Short, Press.Long, Press.VeryLong]).to.deep.equal([0, 1, 2]);
  });

  it('classifies a press by the thresholds of limits.ts', () => {
    expect([0, LONG_PRESS_MS - 1, LONG_PRESS_MS, VERY_LONG_PRESS_MS - 1, VERY_LONG_PRESS_MS, 60_000].map(pressKind)).to.deep.equal([0, 0, 1, 1, 2, 2]);
  });

  it("is the README's table, word for word", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
    const at = readme.indexOf('## The button');
    expect(at).to.be.greaterThan(-1);
    const start = readme.findIndex((l, i) => i > at && l.startsWith('|'));
    const table: string[] = [];
    for (let i = start; readme[i].startsWith('|'); i++) table.push(readme[i]);
    expect(table).to.deep.equal(readmeButtonTable());
  });

  it('is what the core does: every state x press class, in the first, a middle and the last phase', () => {
    for (const state of PRESS_STATES) {
      for (const phase of state === 'running' || state === 'paused' ? [0, 1, 2] : [0]) {
        for (let kind = 0; kind < PRESS_CLASSES.length; kind++) {
          const d = inState(state, phase);
          expect(d.s.mode, `${state} at the start`).to.equal(state);
          const held = [120, LONG_PRESS_MS + 500, VERY_LONG_PRESS_MS + 500][kind];
          d.press(10_100, held);
          const want = pressOutcome(state, kind, phase, 3);
          const what = `${PRESS_CLASSES[kind].name} press in ${state} (phase ${phase}): ${pressAct(state, kind)}`;
          expect(d.s.mode, what).to.equal(want.state);
          if (want.phase !== null) expect(d.s.phase, what).to.equal(want.phase);
        }
      }
    }
  });

  it("is the simulator's help line", () => {
    const keys = ['space', 'l', 'e'];
    expect(pressHelp('idle', false, keys)).to.equal('space starts the session · l battery level · e tap tempo');
    expect(pressHelp('running', false, keys)).to.equal('space next phase · l pauses · e ends the session');
    expect(pressHelp('running', true, keys)).to.equal('space or e ends the session · l pauses');
    expect(pressHelp('paused', false, keys)).to.equal('space or l resumes · e ends the session');
    expect(pressHelp('done', false, keys)).to.equal('space or l or e back to idle');
  });

  it('keeps its words off the device: no firmware source outside the host-only ones imports button-words.ts', () => {
    const importers = sources(path.join(ROOT, 'firmware'))
      .filter((f) => /from '\.{1,2}\/(core\/)?button-words'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(importers).to.deep.equal([]);
  });
});
