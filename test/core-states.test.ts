// Every state x every press has a defined outcome (issue #2), table-driven.
import { expect } from 'chai';
import { LONG_PRESS_MS, VERY_LONG_PRESS_MS } from '../firmware/core/limits';
import { Mode } from '../firmware/core/types';
import { Driver } from './helpers/drive';

type Press = 'short' | 'long' | 'very long';
const HELD: Record<Press, number> = { short: 120, long: LONG_PRESS_MS + 500, 'very long': VERY_LONG_PRESS_MS + 500 };

/** Put a fresh driver in `state` (running/paused in phase `phase`) at t = 10 s. */
function inState(state: Mode | 'running-last', phase = 0): Driver {
  const d = new Driver();
  if (state === 'idle') return d.runTo(10_000);
  d.press(0);
  for (let i = 0; i < (state === 'running-last' ? 2 : phase); i++) d.press(1000 * (i + 1));
  if (state === 'paused') d.press(5000, HELD.long);
  if (state === 'done') d.press(5000, HELD['very long']);
  return d.runTo(10_000);
}

interface Row {
  from: Mode | 'running-last';
  press: Press;
  to: Mode;
  phase: number;
  ended?: string;
  cue?: string;
}

const TABLE: Row[] = [
  { from: 'idle', press: 'short', to: 'running', phase: 0, cue: 'phase' },
  // long: the battery level (no reading here: the "can't tell" buzz), then idle again
  { from: 'idle', press: 'long', to: 'idle', phase: 0, cue: 'cancel' },
  // very long: tap tempo, waiting for taps
  { from: 'idle', press: 'very long', to: 'setup', phase: 0, cue: 'tap' },
  { from: 'running', press: 'short', to: 'running', phase: 1, cue: 'phase' },
  { from: 'running', press: 'long', to: 'paused', phase: 0, cue: 'pause' },
  { from: 'running', press: 'very long', to: 'done', phase: 0, ended: 'ended', cue: 'done' },
  { from: 'running-last', press: 'short', to: 'done', phase: 2, ended: 'done', cue: 'done' },
  { from: 'running-last', press: 'long', to: 'paused', phase: 2, cue: 'pause' },
  { from: 'running-last', press: 'very long', to: 'done', phase: 2, ended: 'ended', cue: 'done' },
  { from: 'paused', press: 'short', to: 'running', phase: 0, cue: 'lead' },
  { from: 'paused', press: 'long', to: 'running', phase: 0, cue: 'lead' },
  { from: 'paused', press: 'very long', to: 'done', phase: 0, ended: 'ended', cue: 'done' },
  { from: 'done', press: 'short', to: 'idle', phase: 0 },
  { from: 'done', press: 'long', to: 'idle', phase: 0 },
  { from: 'done', press: 'very long', to: 'idle', phase: 0 },
];

describe('core: every state x every press', () => {
  for (const row of TABLE) {
    it(`${row.from} + ${row.press} press -> ${row.to}${row.ended ? ` (${row.ended})` : ''}`, () => {
      const d = inState(row.from).runTo(12_000);
      const cuesBefore = d.cues.length;
      d.press(12_000, HELD[row.press]).runTo(12_000); // a hand-over to setup is due at once
      expect(d.s.mode).to.equal(row.to);
      expect(d.s.phase).to.equal(row.phase);
      if (row.ended) expect(d.s.ended).to.equal(row.ended);
      const newCue = d.cues.slice(cuesBefore).map((c) => c.name)[0];
      expect(newCue, 'cue started by the press').to.equal(row.cue);
      if (row.to === 'paused') {
        // nothing keeps running: no deadline once the single-pulse cue is out
        d.runTo(20_000);
        expect(d.at).to.equal(null);
      }
      if (row.to === 'idle') {
        // only the idle auto-off remains, 10 minutes on
        d.runTo(20_000);
        expect(d.at).to.equal(12_000 + 10 * 60_000);
      }
    });
  }

  it('covers every state and press', () => {
    for (const from of ['idle', 'running', 'running-last', 'paused', 'done']) {
      for (const p of Object.keys(HELD)) expect(TABLE.some((r) => r.from === from && r.press === p), `${from}/${p}`).to.equal(true);
    }
  });

  it('press length thresholds: 999 ms is short, 1000 ms long, 2999 ms long, 3000 ms very long', () => {
    expect(inState('running').press(12_000, 999).s.phase).to.equal(1);
    expect(inState('running').press(12_000, 1000).s.mode).to.equal('paused');
    expect(inState('running').press(12_000, 2999).s.mode).to.equal('paused');
    expect(inState('running').press(12_000, 3000).s.mode).to.equal('done');
  });

  it('idle, paused and done schedule nothing once the idle auto-off has put the radio to sleep', () => {
    for (const st of ['idle', 'paused', 'done'] as const) {
      const d = inState(st).runOut();
      expect(d.at, st).to.equal(null);
      expect(d.s.mode, st).to.equal(st);
      if (st !== 'paused') expect(d.sleptAt, st).to.have.length(1);
    }
  });

  it('pausing stops an output that is on, at once', () => {
    const d = new Driver().press(0).runTo(3010); // pump 1 buzzing since 3000
    d.press(3020, HELD.long);
    const offs = d.outs.filter((o) => o.t === 3020 && o.level === 0);
    expect(offs.map((o) => o.ch)).to.include('led');
    expect(d.s.mode).to.equal('paused');
  });

  it('resuming keeps the pump count and the phase', () => {
    const d = new Driver().press(0).runTo(10_500);
    const n = d.s.n;
    d.press(11_000, HELD.long).press(20_000, HELD.long).runTo(30_000);
    expect(d.s.phase).to.equal(0);
    expect(d.s.n).to.be.greaterThan(n);
    expect(d.pumps(0).map((p) => p.n)).to.deep.equal(Array.from({ length: d.s.n }, (_, i) => i + 1));
  });
});
