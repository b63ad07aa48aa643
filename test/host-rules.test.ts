// What every host decides alike, decided once in the core (README: How it keeps
// time, The hosts): the pure rules of firmware/core/host-rules.ts and what the
// step's result asks a host to store. That the two hosts then do the same is
// the trace comparisons' (session, golden-traces, battery-power).
import { expect } from 'chai';
import { battDue, buzzEnd } from '../firmware/core/host-rules';
import { BATT_EVERY_MS, LONG_PRESS_MS, VERY_LONG_PRESS_MS } from '../firmware/core/limits';
import { Driver } from './helpers/drive';

describe('host rules', () => {
  it('a battery reading goes with every press, and with anything else once a minute at most', () => {
    expect(battDue('press', 1000, 999)).to.equal(true);
    expect(battDue('tick', 0, -1 / 0)).to.equal(true);
    expect(battDue('tick', 5000 + BATT_EVERY_MS - 1, 5000)).to.equal(false);
    expect(battDue('down', 5000 + BATT_EVERY_MS - 1, 5000)).to.equal(false);
    expect(battDue('tick', 5000 + BATT_EVERY_MS, 5000)).to.equal(true);
  });

  it('the Bangle.js 2 buzz: one asked for while another runs is skipped; a stop starts none', () => {
    expect(buzzEnd({ level: 1, ms: 70, color: 'g' }, 1000, 0)).to.equal(1070);
    expect(buzzEnd({ level: 1, ms: 70, color: 'g' }, 1000, 1001)).to.equal(-1);
    expect(buzzEnd({ level: 1, ms: 70, color: 'g' }, 1001, 1001)).to.equal(1071);
    expect(buzzEnd({ level: 0, ms: 0, color: 'g' }, 1000, 0)).to.equal(-1);
  });

  it('the step asks to store the session at its start, each pause, resume and phase change, and whole at its end; never per pump', () => {
    const d = new Driver();
    d.press(0).runTo(20_000).press(20_000, LONG_PRESS_MS + 100).press(30_000).runTo(40_000).press(40_000);
    d.runTo(50_000).press(50_000, VERY_LONG_PRESS_MS + 100).runTo(60_000);
    const ends = d.entries.map((x) => [x.t, x.entry.end]);
    expect(ends).to.deep.equal([
      [0, 'interrupted'], [20_000, 'interrupted'], [30_000, 'interrupted'], [40_000, 'interrupted'], [50_000, 'ended'],
    ]);
    // in progress: the phase it is in, as far as it got; at the end: the record as it stands
    expect(d.entries[0].entry.phases).to.deep.equal([[0, 0, 0, 0, 0]]);
    expect(d.entries[3].entry.phases.length).to.equal(2);
    expect(d.entries[4].entry.phases).to.equal(d.s.rec);
    expect(d.entries.every((x) => x.entry.protocol === d.cfg.proto.id && x.entry.start === 0)).to.equal(true);
  });
});
