// The printed report: the table (ours | naive) section by section, the
// figures per board, the power model's sources, and the goals.
import { BOARDS, BoardId } from '../../boards';
import { EnergyFigures } from './energy';
import { MemoryFigures } from './memory';
import { NAIVE_PATH } from './naive';
import { HOUR, MIN, tempoKey, TEMPOS } from './params';
import { BenchResults } from './results';
import { Speed } from './timing';

function num(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds with a sensible number of decimals for their size. */
function ms(v: number): string {
  const a = Math.abs(v);
  return num(v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

function hours(msSpan: number): string {
  return msSpan >= HOUR ? `${num(msSpan / HOUR, msSpan % HOUR ? 1 : 0)} h` : `${num(msSpan / MIN, 0)} min`;
}

export function formatReport(r: BenchResults): string {
  const L: string[] = [];
  const W1 = 46;
  const W2 = 36;
  const row = (label: string, o: string, n: string) => L.push(`  ${label.padEnd(W1)}${o.padEnd(W2)}${n}`);
  const head = (title: string) => L.push('', title);
  const o = r.ours;
  const n = r.naive;
  const sp = r.spans;
  L.push(`Drainage pacer benchmark: ${r.mode} run, ${r.date}`);
  if (r.mode === 'reduced') L.push('REDUCED RUN (--quick): every span is shortened; the figures are produced, not comparable');
  L.push(`machine: ${r.machine.cpu} (${r.machine.cores} cores), Node ${r.machine.node}, ${r.machine.platform}`);
  L.push(`timer latency: ${r.latencyModel.description}; seed ${r.seed}`);
  L.push(`  (drawn: ${num(r.latencyModel.drawn.draws)} deliveries, mean ${r.latencyModel.drawn.meanMs.toFixed(3)} ms, p99 ${r.latencyModel.drawn.p99Ms.toFixed(3)} ms, max ${r.latencyModel.drawn.maxMs.toFixed(3)} ms)`);
  L.push(`naive baseline: ${NAIVE_PATH}, setInterval(tick, 10) from boot counting ticks; interpreter gate: ${r.naiveGateProblems ? `${r.naiveGateProblems} problem(s)` : 'ok'}`);
  L.push('');
  L.push(`  ${''.padEnd(W1)}${'ours (dist/pacer.puck.js)'.padEnd(W2)}naive (10 ms tick)`);
  for (const ppm of TEMPOS) {
    const k = tempoKey(ppm);
    const to = o.timing[k];
    const tn = n.timing[k];
    head(`Timing at ${ppm}/min, ${hours(sp.longMs)} of pacing (one press)`);
    row('pumps', num(to.pumps), num(tn.pumps));
    row('onset lateness mean / p99 / max (ms)', `${ms(to.latenessMs.mean)} / ${ms(to.latenessMs.p99)} / ${ms(to.latenessMs.max)}`, `${ms(tn.latenessMs.mean)} / ${ms(tn.latenessMs.p99)} / ${ms(tn.latenessMs.max)}`);
    row(`drift after ${hours(sp.driftEarlyMs)} / after ${hours(sp.longMs)} (ms)`, `${ms(to.driftMs.after30min)} / ${ms(to.driftMs.after8h)}`, `${ms(tn.driftMs.after30min)} / ${ms(tn.driftMs.after8h)}`);
  }
  head('Wake-ups (timer callbacks)');
  for (const ppm of TEMPOS) {
    const k = tempoKey(ppm);
    const wo = o.wakes.perPump[k];
    const wn = n.wakes.perPump[k];
    row(`per pump at ${ppm}/min: steady (whole run; max)`, `${wo.steady.toFixed(3)} (${wo.wholeRun.toFixed(4)}; ${wo.maxOnePump})`, `${wn.steady.toFixed(1)} (${wn.wholeRun.toFixed(1)}; ${wn.maxOnePump})`);
  }
  for (const st of ['idle', 'paused', 'done'] as const) {
    const a = o.wakes.perHour[st];
    const b = n.wakes.perHour[st];
    row(`per hour ${st}: first / second hour`, `${num(a.firstHour)} / ${num(a.secondHour)}`, `${num(b.firstHour)} / ${num(b.secondHour)}`);
  }
  const mo = o.memory.puck as MemoryFigures;
  const mn = n.memory.puck as MemoryFigures;
  head(`Memory, Puck.js (JsVars of ${num(mo.pool)}; code in Storage)`);
  row(`JsVars held after boot (model; budget ${mo.budget.held})`, num(mo.held), num(mn.held));
  row(`JsVars peak (model; budget ${mo.budget.peak})`, `${num(mo.peak)} (${mo.peakMoment})`, `${num(mn.peak)} (${mn.peakMoment})`);
  row('real interpreter, held / peak', mo.real ? `${num(mo.real.held)} / ${num(mo.real.peak)} (${mo.real.peakMoment})` : 'not recorded for this build', '-');
  row(`code in Storage, pretokenised (budget ${num(mo.codeBudget)} B)`, `${num(mo.codeBytes)} B`, `${num(mn.codeBytes)} B`);
  const eo = o.energy.puck as EnergyFigures;
  const en = n.energy.puck as EnergyFigures;
  head('Energy, Puck.js, seed session (scenarios/seed.txt)');
  row('session / pacing (s)', `${eo.sessionSeconds.toFixed(1)} / ${eo.pacingSeconds.toFixed(1)}`, `${en.sessionSeconds.toFixed(1)} / ${en.pacingSeconds.toFixed(1)}`);
  row('motor on / LED on (s, level-weighted)', `${eo.motorOnSeconds.toFixed(2)} / ${eo.ledOnSeconds.toFixed(2)}`, `${en.motorOnSeconds.toFixed(2)} / ${en.ledOnSeconds.toFixed(2)}`);
  row('CPU wake-ups in the session', num(eo.sessionWakes), num(en.sessionWakes));
  row('mean current while pacing', `${eo.pacingMeanMa.toFixed(2)} mA`, `${en.pacingMeanMa.toFixed(2)} mA`);
  row('mean current idle (after the auto-off)', `${num(eo.idleMeanUa, 1)} µA`, `${num(en.idleMeanUa, 1)} µA`);
  row('charge per seed session', `${eo.sessionMah.toFixed(3)} mAh`, `${en.sessionMah.toFixed(3)} mAh`);
  row('seed sessions per CR2032 (220 mAh)', num(eo.sessionsPerCr2032), num(en.sessionsPerCr2032));
  if (o.energyPlainCues) row('  ours with accents and lead-in off', `${num(o.energyPlainCues.sessionsPerCr2032)} (${o.energyPlainCues.pacingMeanMa.toFixed(2)} mA pacing)`, '-');
  row('standby on a CR2032', `${num(eo.standbyDays)} days`, `${num(en.standbyDays)} days`);
  head(`Simulator speed (${hours(sp.longMs)} at 60/min; wall clock, reported only)`);
  const speed = (s: Speed) => `${num(s.virtualHoursPerWallSecond, 1)} h/s (${num(s.timesRealTime)}x)`;
  row('bundle engine: virtual hours per wall second', speed(o.simSpeed.bundle), speed(n.simSpeed.bundle));
  row('core engine: virtual hours per wall second', o.simSpeed.core ? speed(o.simSpeed.core) : '-', '-');

  head('Per board (ours)');
  const boards = BOARDS.filter((b) => o.memory[b] && o.energy[b]);
  const col = 12;
  L.push(`  ${''.padEnd(W1)}${boards.map((b) => b.padEnd(col)).join('')}`);
  const brow = (label: string, f: (b: BoardId) => string) => L.push(`  ${label.padEnd(W1)}${boards.map((b) => f(b).padEnd(col)).join('')}`);
  brow('code in Storage (B) / budget', (b) => `${o.memory[b]!.codeBytes}/${o.memory[b]!.codeBudget}`);
  brow('JsVars held after boot / budget', (b) => `${o.memory[b]!.held}/${o.memory[b]!.budget.held}`);
  brow('JsVars peak / budget', (b) => `${o.memory[b]!.peak}/${o.memory[b]!.budget.peak}`);
  brow('JsVars peak, real interpreter', (b) => (o.memory[b]!.real ? String(o.memory[b]!.real!.peak) : '-'));
  brow('pool', (b) => String(o.memory[b]!.pool));
  brow('mean current while pacing (mA)', (b) => o.energy[b]!.pacingMeanMa.toFixed(2));
  brow('charge per seed session (mAh)', (b) => o.energy[b]!.sessionMah.toFixed(3));
  brow('seed sessions per 220 mAh', (b) => num(o.energy[b]!.sessionsPerCr2032));
  brow('standby (days)', (b) => num(o.energy[b]!.standbyDays));

  head('Power model (scripts/power-model.ts)');
  for (const s of r.powerModel.sources) L.push(`  ${s.item.padEnd(34)}${s.used.padEnd(40)}${s.source}`);
  for (const b of BOARDS) L.push(`  ${b.padEnd(10)}${r.powerModel.boards[b]}`);

  head('Goals (judged on ours; the naive pacer for comparison)');
  for (const g of r.goals) {
    const verdict = g.passNaive === null ? '(not a goal for it)' : g.passNaive ? 'pass' : 'miss';
    L.push(`  ${g.passOurs ? 'PASS' : 'MISS'}  ${g.goal.padEnd(54)}${`${fmtGoal(g.ours)} ${g.unit}`.padEnd(20)}naive ${fmtGoal(g.naive)} ${verdict}`);
  }
  L.push('', `wall time ${r.wallSeconds.toFixed(1)} s`);
  return L.join('\n');
}

function fmtGoal(v: number): string {
  const a = Math.abs(v);
  if (Number.isInteger(v)) return num(v);
  return a >= 100 ? num(v) : a >= 10 ? num(v, 1) : num(v, 3);
}
