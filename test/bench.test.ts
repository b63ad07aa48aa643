// npm run bench in its reduced mode: every figure is produced, for both
// pacers, and is a finite number. Values are not checked here (nothing is
// timed): the benchmark reports them, `npm run bench` judges the goals.
import { expect } from 'chai';
import { BOARDS } from '../boards';
import { naiveCode } from '../scripts/bench/naive';
import { formatReport } from '../scripts/bench/report';
import { BenchResults } from '../scripts/bench/results';
import { runBench } from '../scripts/bench/run';
import { gate } from '../scripts/gate';

/** Every leaf of a figures object, with its path. */
function leaves(v: unknown, at: string, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, `${at}.${k}`, out);
  else out.push([at, v]);
  return out;
}

describe('benchmark (reduced)', () => {
  let r: BenchResults;
  before(() => {
    r = runBench({ reduced: true });
  });

  it('the naive baseline passes the interpreter gate', () => {
    expect(gate(naiveCode())).to.deep.equal([]);
    expect(r.naiveGateProblems).to.equal(0);
  });

  it('has both columns with every figure', () => {
    for (const pacer of [r.ours, r.naive]) {
      expect(pacer.timing).to.have.keys('ppm60', 'ppm70');
      expect(pacer.wakes.perPump).to.have.keys('ppm60', 'ppm70');
      expect(pacer.wakes.perHour).to.have.keys('idle', 'paused', 'done');
      expect(pacer.memory).to.have.property('puck');
      expect(pacer.energy).to.have.property('puck');
      expect(pacer.simSpeed).to.have.property('bundle');
    }
    expect(r.ours.memory).to.have.keys(...BOARDS);
    expect(r.ours.energy).to.have.keys(...BOARDS);
    expect(r.ours.simSpeed).to.have.property('core');
    expect(r.ours.energyPlainCues).to.be.an('object');
    expect(r.goals).to.have.length(10);
  });

  it('every figure is a finite number', () => {
    const figures = [...leaves(r.ours, 'ours'), ...leaves(r.naive, 'naive'), ...leaves(r.goals.map((g) => ({ ours: g.ours, naive: g.naive })), 'goals')];
    expect(figures.length).to.be.greaterThan(100);
    // a moment's name, and the real interpreter's figures where none were recorded for this build, are not numbers
    const bad = figures.filter(([k, v]) => !/peakMoment$/.test(k) && !(/\.real$/.test(k) && v === null) && (typeof v !== 'number' || !Number.isFinite(v)));
    expect(bad, bad.map(([k, v]) => `${k} = ${String(v)}`).join('\n')).to.deep.equal([]);
  });

  it('every pump onset is a motor onset, and the run is described', () => {
    for (const pacer of [r.ours, r.naive]) {
      for (const t of Object.values(pacer.timing)) expect(t.pumpsWithMotorOnset).to.equal(t.pumps);
    }
    expect(r.mode).to.equal('reduced');
    expect(r.seed).to.be.a('number');
    expect(r.latencyModel.drawn.draws).to.be.greaterThan(0);
    expect(r.machine.node).to.equal(process.version);
    for (const g of r.goals) expect(g.passOurs).to.be.a('boolean');
  });

  it('prints both columns and a goals section', () => {
    const text = formatReport(r);
    expect(text).to.match(/ours \(dist\/pacer\.puck\.js\)\s+naive/);
    expect(text).to.include('Goals');
    expect(text).to.include(`seed ${r.seed}`);
  });
});
