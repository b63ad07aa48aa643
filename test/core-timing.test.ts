// Lead-in, accent, cue and rhythm timing, the motor limit and late timers,
// all in logical milliseconds against the pure core.
import { expect } from 'chai';
import { DEFAULT_CUES } from '../firmware/core/cues';
import { LATE_MAX_MS, MOTOR_MAX_MS, MOTOR_SLACK_MS } from '../firmware/core/limits';
import { config, Driver } from './helpers/drive';

describe('core: rhythm and cues in logical time', () => {
  it('a session starts with the phase cue, two soft lead-in beats, then pump 1 on beat 3', () => {
    const d = new Driver().press(0).runTo(3500);
    expect(d.cues.map((c) => [c.t, c.name])).to.deep.equal([[0, 'phase'], [1000, 'lead'], [2000, 'lead'], [3000, 'pump']]);
    const lead = d.outs.filter((o) => o.t === 1000);
    expect(lead.find((o) => o.ch === 'motor')!.level).to.be.lessThan(1);
  });

  it('each pump: a 70 ms buzz and a 30 ms flash at the onset; every 5th is an accent of 160 ms', () => {
    const d = new Driver().press(0).runTo(12_500);
    const at = (t: number, ch: string) => d.outs.find((o) => o.t === t && o.ch === ch)!;
    expect(at(3000, 'motor')).to.include({ level: 1, ms: 70 });
    expect(at(3000, 'led')).to.include({ level: 1, ms: 30 });
    expect(d.pumps().map((p) => p.name)).to.deep.equal(['pump', 'pump', 'pump', 'pump', 'accent', 'pump', 'pump', 'pump', 'pump', 'accent']);
    expect(at(7000, 'motor').ms).to.equal(160);
  });

  it('pump onsets stay on the 1000 ms grid after thousands of beats (no drift)', () => {
    const d = new Driver().press(0).runTo(3600_000);
    const p = d.pumps(0);
    expect(p.length).to.equal(3598);
    p.forEach((x, i) => expect(x.t).to.equal(3000 + i * 1000));
  });

  it('a non-integer period (70/min) stays anchored: onset k = anchor + k * 60000/70', () => {
    const d = new Driver(config({ settings: { ppm: 70 } })).press(0).runTo(600_000);
    const period = 60000 / 70;
    d.pumps(0).forEach((x, i) => expect(x.t).to.be.closeTo((3 + i) * period, 1e-6));
  });

  it('a timed phase gives the target cue on the pump 60 s after its first, then keeps pacing', () => {
    const d = new Driver().press(0).runTo(80_000);
    const target = d.cues.filter((c) => c.name === 'target');
    expect(target).to.have.length(1);
    expect(target[0].t).to.equal(63_000);
    expect(target[0].n).to.equal(61);
    expect(d.s.mode).to.equal('running');
    expect(d.s.phase).to.equal(0);
    expect(d.pumps(0).length).to.equal(78);
  });

  it('pauses do not count toward the target', () => {
    const d = new Driver().press(0).runTo(20_500).press(20_600, 1500).press(50_000, 1500).runTo(150_000);
    const target = d.cues.find((c) => c.name === 'target')!;
    // pacing time before the pause: 20.6 s - 3 s = 17.6 s (18 pumps); after the resume and its
    // lead-in, pump k is at 17.6 + k s of pacing: 60 s is reached on the 44th, pump 62
    expect(target.n).to.equal(62);
  });

  it('with auto-advance a timed phase ends by itself at its target', () => {
    const d = new Driver(config({ settings: { autoAdvance: true } })).press(0).runOut();
    expect(d.s.mode).to.equal('done');
    expect(d.pumps(0).length).to.equal(60);
    expect(d.pumps(1).length).to.equal(60);
    expect(d.pumps(2).length).to.equal(15);
  });

  it('the water wheel (front, side, back over 60 s) cues each move on at an even share: pumps 21 and 41', () => {
    const d = new Driver(config({ settings: { autoAdvance: true } })).press(0).runOut();
    const moves = d.cues.filter((c) => c.name === 'position');
    expect(moves.map((c) => [c.phase, c.n])).to.deep.equal([[1, 21], [1, 41]]);
    // a timed phase's share is pacing time: pump 21 starts 20 s after pump 1
    const wheel = d.pumps(1);
    expect(moves[0].t - wheel[0].t).to.equal(20_000);
    expect(moves[1].t - wheel[0].t).to.equal(40_000);
  });

  it('the counted phase gives exactly 15 pumps, ends on the next beat, then the done pattern and silence', () => {
    const d = new Driver().press(0).press(65_000).press(130_000).runOut();
    const close = d.pumps(2);
    expect(close.map((p) => p.n)).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
    // its last three are counted down (countdown: 3), each felt unlike an accent
    expect(close.slice(11).map((p) => p.name)).to.deep.equal(['pump', 'countdown', 'countdown', 'countdown']);
    const done = d.cues.find((c) => c.name === 'done')!;
    expect(done.t).to.equal(close[14].t + 1000);
    expect(d.s.mode).to.equal('done');
    expect(d.s.ended).to.equal('done');
    expect(d.at).to.equal(null);
    const last = d.outs[d.outs.length - 1];
    const doneCue = DEFAULT_CUES.done;
    expect(last.t).to.equal(done.t + doneCue[doneCue.length - 1][0]);
  });

  it('with the lead-in off, pump 1 comes one beat after the phase cue', () => {
    const d = new Driver(config({ settings: { leadIn: false } })).press(0).runTo(1500);
    expect(d.cues.map((c) => [c.t, c.name])).to.deep.equal([[0, 'phase'], [1000, 'pump']]);
  });

  it('at 30/min (2 s a pump) a faint tick marks mid-cycle; at 60/min there is none', () => {
    const slow = new Driver(config({ settings: { ppm: 30 } })).press(0).runTo(12_500);
    const ticks = slow.cues.filter((c) => c.name === 'tick').map((c) => c.t);
    expect(ticks).to.deep.equal([7000, 9000, 11000]);
    const fast = new Driver().press(0).runTo(12_500);
    expect(fast.cues.filter((c) => c.name === 'tick')).to.have.length(0);
  });

  it('accent every 0 means no accents; every 3 means pumps 3, 6, 9', () => {
    const none = new Driver(config({ settings: { accentEvery: 0 } })).press(0).runTo(20_000);
    expect(none.pumps().filter((p) => p.name === 'accent')).to.have.length(0);
    const three = new Driver(config({ settings: { accentEvery: 3 } })).press(0).runTo(12_500);
    expect(three.pumps().filter((p) => p.name === 'accent').map((p) => p.n)).to.deep.equal([3, 6, 9]);
  });

  it('led and haptic off silence their channel; strength scales the motor', () => {
    const quiet = new Driver(config({ settings: { led: false, haptic: false } })).press(0).runTo(10_000);
    expect(quiet.outs).to.have.length(0);
    const soft = new Driver(config({ settings: { strength: 0.5 } })).press(0).runTo(3500);
    expect(soft.outs.find((o) => o.t === 3000 && o.ch === 'motor')!.level).to.equal(0.5);
  });

  it('only the idle state has nothing scheduled; running always has a deadline ahead of now', () => {
    const d = new Driver().press(0);
    for (let i = 0; i < 500; i++) {
      d.runTo(d.now + 137);
      expect(d.at).to.not.equal(null);
      expect(d.at!).to.be.greaterThan(d.now - 1);
    }
  });
});

describe('core: the motor limit', () => {
  it(`a cue asking for a 5 s buzz gets ${MOTOR_MAX_MS - MOTOR_SLACK_MS} ms (the limit less the off timer's slack)`, () => {
    const cues = { ...DEFAULT_CUES, phase: [[0, 30, 1, 5000]] };
    const d = new Driver(config({ cues })).press(0).runTo(100);
    expect(d.motor()[0].ms).to.equal(MOTOR_MAX_MS - MOTOR_SLACK_MS);
  });

  it('back-to-back buzzes count as one stretch: the run is cut short of 1 s from its start (the off timer\'s slack)', () => {
    const cues = { ...DEFAULT_CUES, phase: [[0, 30, 1, 600], [600, 0, 1, 600], [1200, 0, 1, 600]] };
    const d = new Driver(config({ cues, settings: { leadIn: false, ppm: 30 } })).press(0).runTo(1900);
    const m = d.motor();
    expect(m[0]).to.include({ t: 0, ms: 600 });
    expect(m[1]).to.include({ t: 600, ms: 350 }); // cut: the stretch that began at 0 reaches 1 s less the slack
    expect(m[2]).to.include({ t: 1200, ms: 600 }); // after 250 ms off, a new stretch may begin
  });

  it('whatever the settings, no stretch of motor-on exceeds 1 s over a whole session', () => {
    for (const ppm of [30, 45, 60, 75, 90]) {
      for (const strength of [0.2, 1]) {
        const d = new Driver(config({ settings: { ppm, strength } })).press(0).press(65_000).press(130_000).runOut();
        let runStart = -1;
        let runEnd = -1;
        for (const o of d.motor()) {
          if (o.t > runEnd) runStart = o.t;
          runEnd = Math.max(runEnd, o.t + o.ms);
          expect(runEnd - runStart, `ppm ${ppm}`).to.be.at.most(MOTOR_MAX_MS);
        }
      }
    }
  });
});

describe('core: late timers skip and resync, never a volley', () => {
  it(`a beat found up to ${LATE_MAX_MS} ms late plays; later than that it is skipped`, () => {
    const ok = new Driver().press(0).runTo(2999);
    ok.runTo(3000 + LATE_MAX_MS, LATE_MAX_MS);
    expect(ok.pumps().map((p) => p.t)).to.deep.equal([3000 + LATE_MAX_MS]);
    const late = new Driver().press(0).runTo(2999);
    late.runTo(3200, 150);
    expect(late.pumps()).to.have.length(0);
    expect(late.at).to.equal(4000);
  });

  it('a timer 5 s late gives at most one pump, then the grid resumes', () => {
    const d = new Driver().press(0).runTo(10_000);
    const before = d.pumps().length;
    d.now = 15_050;
    d.runTo(15_050, 5_050); // one wake, 5 s late
    d.runTo(20_000);
    const after = d.pumps().slice(before);
    expect(after[0].t).to.equal(15_050);
    expect(after.slice(1).map((p) => p.t)).to.deep.equal([16_000, 17_000, 18_000, 19_000, 20_000]);
  });

  it('a clock that steps back re-anchors: the next beat is one period from now, not the old time', () => {
    const d = new Driver().press(0).runTo(10_000);
    d.now = 4_000; // clock stepped back 6 s
    d.runTo(4_000);
    d.press(4_000, 10); // any event at the new time
    expect(d.at! - 4_000).to.be.at.most(1000);
  });
});

describe('core: the motor\'s stretch', () => {
  it('a 2 ms gap does not start a new motor stretch: a cue of two 1 s buzzes 2 ms apart gets 1 s in all', () => {
    const cues = { ...DEFAULT_CUES, phase: [[0, 0, 1, 1000], [1002, 0, 1, 1000]] };
    const d = new Driver(config({ cues, settings: { leadIn: false, ppm: 30 } })).press(0).runTo(1900);
    const on = d.motor().filter((o) => o.t < 1900);
    expect(on.reduce((sum, o) => sum + o.ms, 0)).to.be.at.most(MOTOR_MAX_MS);
  });

});
