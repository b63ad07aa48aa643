// The firmware's RAM, in JsVars, against each board's budgets (its card's
// jsvars, boards/<id>.ts): the memory walk (sim/memory/moments.ts) on the virtual
// Espruino's JsVar model, every board, in CI; and the figures measured on the
// real interpreter (bench/memory/real-<board>.json, npm run memory --record)
// held to the same budgets, with the model within its stated margin of them.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { BOARDS, BoardId, CARDS } from '../boards';
import { buildId } from '../scripts/build';
import { MEASURE } from '../scripts/memory';
import { MomentRow, runVirtualWalk } from '../sim/memory/run-virtual';

const ROOT = path.join(__dirname, '..');

/**
 * How close the model must be to the real interpreter at each moment: at most 10 % (or 15 JsVars)
 * under it, and at most 15 % over it. Over is the safe side for a budget; the one moment that uses
 * it is the web flash swap, where the model counts the swap line's Storage compaction a little high.
 */
export const MODEL_MARGIN = { under: 0.1, over: 0.15, vars: 15 };

interface Recorded {
  build: string;
  boardFlag: BoardId;
  pool: number;
  rows: Array<{ moment: string; held: number; peak: number; errors?: string[] }>;
}

function recorded(board: BoardId): Recorded | null {
  const file = path.join(ROOT, `bench/memory/real-${board}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Recorded) : null;
}

/**
 * The real walk's measure line (scripts/memory.ts MEASURE, with a marker of the length the
 * console link gives its markers: scripts/console-link.ts ask), so the two walks line up to the var.
 */
const REAL_MEASURE = {
  line: MEASURE('"<<"+"plabcd00001>>"'),
  parse: (out: string) => {
    const m = /<<plabcd00001>>(\d+),(\d+)/.exec(out);
    return m ? { usage: Number(m[1]), peak: Number(m[2]) } : null;
  },
};

function within(model: number, real: number): boolean {
  const d = model - real;
  return d <= Math.max(MODEL_MARGIN.vars, MODEL_MARGIN.over * real) && -d <= Math.max(MODEL_MARGIN.vars, MODEL_MARGIN.under * real);
}

describe('memory: JsVars within each board\'s budget', function () {
  this.timeout(120_000);
  const walks = {} as Record<BoardId, MomentRow[]>;

  for (const board of BOARDS) {
    const budget = CARDS[board].jsvars;
    it(`${board} (model): held after boot <= ${budget.held}, peak at every moment <= ${budget.peak}, no error on the way`, () => {
      const rows = (walks[board] = runVirtualWalk(board));
      expect(rows.map((r) => r.errors).flat(), 'errors in the walk').to.deep.equal([]);
      const boot = rows.find((r) => r.moment === 'after boot') as MomentRow;
      expect(boot.held, 'held after boot').to.be.at.most(budget.held);
      const over = rows.filter((r) => r.peak > budget.peak).map((r) => `${r.moment}: ${r.peak}`);
      expect(over, 'moments over the peak budget').to.deep.equal([]);
    });
  }

  it('the model is not a constant: a heavier firmware (a 200-element array kept) costs more', () => {
    const code = readFileSync(path.join(ROOT, 'dist/pacer.puck.js'), 'utf8').replace('(()=>{', '(()=>{global.heavy=Array(200).fill(1.5);');
    const rows = runVirtualWalk('puck', { code, steps: [{ do: 'boot' }, { do: 'measure', moment: 'after boot' }] });
    expect(rows[0].held - (walks.puck ?? runVirtualWalk('puck'))[0].held).to.be.at.least(200);
  });

  for (const board of BOARDS) {
    const real = recorded(board);
    if (!real) continue;
    describe(`${board}: the real interpreter (bench/memory/real-${board}.json, pool ${real.pool})`, () => {
      it('was measured on this very build (else: npm run memory -- --port ... --board ' + board + ' --flash --record bench/memory/real-' + board + '.json)', () => {
        expect(real.build, 'recorded build').to.equal(buildId());
      });

      it('holds the same budgets, with no error at any moment', () => {
        const budget = CARDS[board].jsvars;
        expect(real.rows.map((r) => r.errors ?? []).flat()).to.deep.equal([]);
        expect(real.rows.find((r) => r.moment === 'after boot')!.held).to.be.at.most(budget.held);
        expect(real.rows.filter((r) => r.peak > budget.peak).map((r) => `${r.moment}: ${r.peak}`)).to.deep.equal([]);
      });

      it(`the model is within ${MODEL_MARGIN.under * 100} % under / ${MODEL_MARGIN.over * 100} % over it (or ${MODEL_MARGIN.vars} JsVars), held and peak, at every moment`, () => {
        const model = runVirtualWalk(board, { measure: REAL_MEASURE });
        expect(model.map((r) => r.moment)).to.deep.equal(real.rows.map((r) => r.moment));
        const off = model.flatMap((m, i) => {
          const r = real.rows[i];
          return [
            ...(within(m.held, r.held) ? [] : [`${m.moment}: held ${m.held} (real ${r.held})`]),
            ...(within(m.peak, r.peak) ? [] : [`${m.moment}: peak ${m.peak} (real ${r.peak})`]),
          ];
        });
        expect(off).to.deep.equal([]);
      });
    });
  }
});
