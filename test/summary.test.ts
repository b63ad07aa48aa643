// The human summary reads the trace right: phase spans, pauses, target, end.
import { expect } from 'chai';
import { parseScenario } from '../sim/scenario';
import { runSession } from '../sim/session';
import { formatSummary, summarize } from '../sim/summary';

const run = (text: string) => {
  const r = runSession({ actions: parseScenario(text), engine: 'core' });
  return summarize(r.events, r.activeEndMs);
};

describe('simulator: summary', () => {
  it('a session ended early and then sent to idle ends when it ended, not at the idle press', () => {
    const s = run('0 press\n10 hold 3.5\n30 press\n');
    expect(s.phases).to.have.length(1);
    expect(s.phases[0].endMs).to.be.closeTo(13_525, 1);
    expect(s.finalState).to.equal('idle');
  });

  it('a pause still open at the end of the trace counts up to the end', () => {
    const r = runSession({ actions: parseScenario('0 press\n10 hold 1.5\n'), engine: 'core' });
    const s = summarize(r.events, r.activeEndMs + 60_000); // read a minute after the clock went quiet
    expect(s.phases[0].pauses).to.equal(1);
    expect(s.phases[0].pausedMs).to.be.closeTo(60_000 + r.activeEndMs - 11_525, 1);
  });

  it('names the pump the target was reached on, and prints it', () => {
    const s = run('0 press\n65 press\n130 press\n');
    expect(s.phases.map((p) => p.targetPump)).to.deep.equal([61, 61, 0]);
    const text = formatSummary(s, 'seed');
    expect(text).to.match(/target reached on pump 61 at 63\.1 s/);
    expect(text).to.match(/ended done at 148\.1 s; LED 0, motor 0/);
  });
});
