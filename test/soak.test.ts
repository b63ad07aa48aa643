// The 24-hour soak (issue #5), in virtual time on the device bundle: what the
// firmware holds does not grow, and the rhythm of the last hour is the first's.
import { expect } from 'chai';
import { runSoak, SoakHour } from '../sim/soak';

describe('soak: 24 hours of back-to-back sessions on the Puck.js bundle', function () {
  this.timeout(120_000);
  let hours: SoakHour[];

  before(() => {
    hours = runSoak(24);
  });

  it('runs 24 hours of sessions, every hour pacing', () => {
    expect(hours.map((h) => h.hour)).to.deep.equal([...Array(24).keys()]);
    for (const h of hours) expect(h.sessions, `hour ${h.hour}`).to.be.at.least(22);
    expect(hours.reduce((n, h) => n + h.pumps, 0)).to.be.greaterThan(70_000);
  });

  it('the memory the firmware holds does not grow: state, timers, watches, globals, Storage', () => {
    const [first] = hours;
    for (const h of hours) {
      expect(h.stateVars, `hour ${h.hour}`).to.be.at.most(first.stateVars);
      expect([h.timers, h.watches, h.globals], `hour ${h.hour}`).to.deep.equal([first.timers, first.watches, first.globals]);
      // the log ring is full within the first hour; later entries differ only in their digits
      expect(h.storageBytes, `hour ${h.hour}`).to.be.within(first.storageBytes * 0.99, first.storageBytes * 1.01);
    }
    expect(first.timers).to.equal(1);
  });

  it('the rhythm of the last hour matches the first: same mean interval, same worst error', () => {
    const first = hours[0];
    const last = hours[23];
    expect(last.meanIntervalMs).to.be.closeTo(first.meanIntervalMs, 0.01);
    expect(first.meanIntervalMs).to.be.closeTo(1000, 0.01);
    // the desktop timer latency is at most 3 ms: the error stays within it, hour after hour
    for (const h of hours) expect(h.maxIntervalErrorMs, `hour ${h.hour}`).to.be.below(3.01);
  });
});
