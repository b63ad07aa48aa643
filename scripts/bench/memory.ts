// Memory: RAM in JsVars (the memory walk on the virtual Espruino's JsVar model,
// sim/memory), the real interpreter's figures where recorded
// (bench/memory/real-<board>.json, npm run memory --record), and code bytes,
// a Storage budget.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { SHORT_PRESS_MS } from '../../sim/scenario';
import { boardJsVars, runVirtualWalk } from '../../sim/memory/run-virtual';
import { BoardId, CARDS } from '../../boards';
import { codeBudgetBytes } from '../../boards/storage';
import { bundlePath, MODULE_KEYS, modulePath } from '../../common/dist';
import { tokenisedBytes } from '../../common/tokeniser';
import { buildId, deviceBytes } from '../build';
import { naiveCode } from './naive';
import { ROOT } from './params';

export interface MemoryFigures {
  /** JsVars held after boot, and the peak of the walk with its moment (the model), above an empty interpreter. */
  held: number;
  peak: number;
  peakMoment: string;
  pool: number;
  budget: { held: number; peak: number };
  /** The same, measured on the real interpreter for this very build (null: not recorded for it). */
  real: { held: number; peak: number; peakMoment: string } | null;
  /** The firmware's code in Storage (the resident file and every module), and its budget. */
  codeBytes: number;
  codeBudget: number;
}

/** A board's JsVar budgets (its card's), as the report records them. */
function jsvarBudgets(b: BoardId): { held: number; peak: number } {
  return { held: CARDS[b].jsvars.held, peak: CARDS[b].jsvars.peak };
}

function realFigures(board: BoardId): MemoryFigures['real'] {
  const file = path.join(ROOT, `bench/memory/real-${board}.json`);
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { build: string; rows: Array<{ moment: string; held: number; peak: number }> };
  if (r.build !== buildId()) return null;
  const top = r.rows.reduce((a, b) => (b.peak > a.peak ? b : a));
  return { held: r.rows.find((x) => x.moment === 'after boot')!.held, peak: top.peak, peakMoment: top.moment };
}

export function memoryOurs(board: BoardId): MemoryFigures {
  const b = boardJsVars(board);
  const stored = (f: string, e: Parameters<typeof deviceBytes>[0]) => deviceBytes(e, readFileSync(path.join(ROOT, f), 'utf8'));
  const codeBytes = stored(bundlePath(board), board) + MODULE_KEYS.reduce((n, k) => n + stored(modulePath(k, board), k), 0);
  return {
    held: b.afterBoot, peak: b.peak.peak, peakMoment: b.peak.moment, pool: b.pool, budget: jsvarBudgets(board),
    real: realFigures(board), codeBytes, codeBudget: codeBudgetBytes(board),
  };
}

/** The naive pacer on the same model: boot, then a few seconds of pacing after a press. */
export function memoryNaive(): MemoryFigures {
  const code = naiveCode();
  const rows = runVirtualWalk('puck', {
    code, modules: {},
    steps: [{ do: 'boot' }, { do: 'measure', moment: 'after boot' }, { do: 'press', heldMs: SHORT_PRESS_MS }, { do: 'wait', ms: 5000 }, { do: 'measure', moment: 'running' }],
  });
  const top = rows.reduce((a, b) => (b.peak > a.peak ? b : a));
  return {
    held: rows[0].held, peak: top.peak, peakMoment: top.moment, pool: CARDS.puck.jsvars.pool, budget: jsvarBudgets('puck'), real: null,
    codeBytes: tokenisedBytes(code), codeBudget: codeBudgetBytes('puck'),
  };
}
