// The goals: each judged on ours, the naive pacer beside it for comparison.
import { EnergyFigures } from './energy';
import { MemoryFigures } from './memory';
import { TempoKey, tempoKey, TEMPOS } from './params';
import { Goal, PacerFigures } from './results';

export function goals(ours: PacerFigures, naive: PacerFigures): Goal[] {
  const worst = (pick: (k: TempoKey) => number) => Math.max(...TEMPOS.map((p) => pick(tempoKey(p))));
  const g = (goal: string, unit: string, o: number, n: number, pass: (v: number) => boolean, judgeNaive = true): Goal => ({
    goal, unit, ours: o, naive: n, passOurs: pass(o), passNaive: judgeNaive ? pass(n) : null,
  });
  const puckO = ours.memory.puck as MemoryFigures;
  const puckN = naive.memory.puck as MemoryFigures;
  const eO = ours.energy.puck as EnergyFigures;
  const eN = naive.energy.puck as EnergyFigures;
  return [
    g('<= 2 wake-ups per pump (steady pacing, worst tempo)', 'per pump', worst((k) => ours.wakes.perPump[k].steady), worst((k) => naive.wakes.perPump[k].steady), (v) => v <= 2),
    g('0 wake-ups per hour in idle (after the auto-off)', 'per hour', ours.wakes.perHour.idle.secondHour, naive.wakes.perHour.idle.secondHour, (v) => v === 0),
    g('drift <= 1 ms after 8 hours (worst tempo)', 'ms', worst((k) => Math.abs(ours.timing[k].driftMs.after8h)), worst((k) => Math.abs(naive.timing[k].driftMs.after8h)), (v) => v <= 1),
    g(`Puck.js JsVars held after boot <= ${puckO.budget.held} (model)`, 'vars', puckO.held, puckN.held, (v) => v <= puckO.budget.held),
    g('Puck.js JsVars held after boot <= 400 (the goal beyond)', 'vars', puckO.held, puckN.held, (v) => v <= 400),
    g(`Puck.js JsVars peak <= ${puckO.budget.peak} (model, every moment of the walk)`, 'vars', puckO.peak, puckN.peak, (v) => v <= puckO.budget.peak),
    g(`Puck.js code in Storage <= ${puckO.codeBudget} B`, 'B', puckO.codeBytes, puckN.codeBytes, (v) => v <= puckO.codeBudget),
    g('>= 800 seed sessions per CR2032', 'sessions', eO.sessionsPerCr2032, eN.sessionsPerCr2032, (v) => v >= 800),
    g('>= 1 year standby', 'days', eO.standbyDays, eN.standbyDays, (v) => v >= 365),
    g('bundle engine >= 10,000x real time', 'x', ours.simSpeed.bundle.timesRealTime, naive.simSpeed.bundle.timesRealTime, (v) => v >= 10000, false),
  ];
}
