// Protocol and settings validation: the shipped data is clean, and every
// malformed input (a small mutation of a valid one) gets exactly one error with
// the right path and its own specific reason.
import { expect } from 'chai';
import { DEFAULT_CUES } from '../firmware/core/cues';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { Protocol } from '../firmware/core/types';
import {
  FieldError, MAX_CUE_PULSES, MAX_PHASES, MAX_PROTOCOL_BYTES, errorText, validateProtocol, validateSettings, withDefaults,
} from '../firmware/core/validate';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mutable = any;

/** A deep copy of HEAD_DRAINAGE changed by `fn` (which may also return a replacement). */
function protocol(fn: (p: Mutable) => unknown): unknown {
  const p = JSON.parse(JSON.stringify(HEAD_DRAINAGE));
  const r = fn(p);
  return r === undefined ? p : r;
}

/** A copy of DEFAULT_SETTINGS changed by `fn`. */
function settings(fn: (s: Mutable) => unknown): unknown {
  const s: Mutable = Object.assign({}, DEFAULT_SETTINGS);
  const r = fn(s);
  return r === undefined ? s : r;
}

/** A valid, short phase: for protocols with many phases. */
const short = (i: number, guide = '') => ({ id: `p${i}`, name: `P${i}`, guide, targetMs: 5000 });

interface Bad {
  what: string;
  x: unknown;
  path: string;
  reason: RegExp;
  /** validateSettings only */
  partial?: boolean;
}

const BAD_PROTOCOLS: Bad[] = [
  { what: 'null', x: null, path: '', reason: /^must be an object, got null$/ },
  { what: 'a string', x: 'head', path: '', reason: /^must be an object, got string "head"$/ },
  { what: 'an array instead of a phase', x: protocol((p) => { p.phases[1] = []; }), path: 'phases[1]', reason: /^must be an object, got array$/ },
  {
    what: 'an unknown top-level key', x: protocol((p) => { p.author = 'x'; }),
    path: 'author', reason: /^unknown key "author" \(allowed: id, name, phases, cues\)$/,
  },
  {
    what: 'an unknown phase key', x: protocol((p) => { p.phases[0].pumpz = 5; }),
    path: 'phases[0].pumpz', reason: /^unknown key "pumpz" \(allowed: id, name, guide, ppm, pushMs, targetMs, pumps, positions, countdown\)$/,
  },
  {
    what: 'an unknown cue name', x: protocol((p) => { p.cues = { buzz: [[0, 30, 1, 70]] }; }),
    path: 'cues.buzz', reason: /^unknown key "buzz" \(allowed: pump, accent, .*\)$/,
  },
  { what: 'a missing phase key', x: protocol((p) => { delete p.phases[1].guide; }), path: 'phases[1].guide', reason: /^missing: must be a string$/ },
  { what: 'a number as a string', x: protocol((p) => { p.phases[0].ppm = '60'; }), path: 'phases[0].ppm', reason: /^must be a number, got string "60"$/ },
  { what: 'a number for a string', x: protocol((p) => { p.name = 42; }), path: 'name', reason: /^must be a string, got number 42$/ },
  { what: 'a boolean for a number', x: protocol((p) => { p.phases[2].pumps = true; }), path: 'phases[2].pumps', reason: /^must be a number, got boolean true$/ },
  { what: 'NaN', x: protocol((p) => { p.phases[1].ppm = NaN; }), path: 'phases[1].ppm', reason: /^must be a finite number, got NaN$/ },
  { what: 'Infinity', x: protocol((p) => { p.phases[0].targetMs = Infinity; }), path: 'phases[0].targetMs', reason: /^must be a finite number, got Infinity$/ },
  { what: 'a fraction of a pump', x: protocol((p) => { p.phases[2].pumps = 2.5; }), path: 'phases[2].pumps', reason: /^must be a whole number, got 2\.5$/ },
  { what: 'one position (no move)', x: protocol((p) => { p.phases[1].positions = ['front']; }), path: 'phases[1].positions', reason: /^must be 2\.\.4 names, got 1$/ },
  { what: 'five positions', x: protocol((p) => { p.phases[1].positions = ['a', 'b', 'c', 'd', 'e']; }), path: 'phases[1].positions', reason: /^must be 2\.\.4 names, got 5$/ },
  { what: 'a position not a name', x: protocol((p) => { p.phases[1].positions = ['front', 2]; }), path: 'phases[1].positions[1]', reason: /^must be a string, got number 2$/ },
  { what: 'a position name too long', x: protocol((p) => { p.phases[1].positions = ['front', 'behind the left ear']; }), path: 'phases[1].positions[1]', reason: /^must be 1\.\.16 characters, got 19$/ },
  { what: 'positions not a list', x: protocol((p) => { p.phases[1].positions = 'front, side'; }), path: 'phases[1].positions', reason: /^must be an array, got string "front, side"$/ },
  { what: 'a countdown on a timed phase', x: protocol((p) => { p.phases[0].countdown = 3; }), path: 'phases[0].countdown', reason: /^3 pumps counted down: only a counted phase \(pumps\) counts down$/ },
  { what: 'a countdown longer than the phase', x: protocol((p) => { p.phases[2].pumps = 2; }), path: 'phases[2].countdown', reason: /^3 pumps counted down: the phase has only 2$/ },
  { what: 'a countdown of 10', x: protocol((p) => { p.phases[2].countdown = 10; }), path: 'phases[2].countdown', reason: /^10 is out of range 1\.\.9 \(or 0\)$/ },
  { what: 'a fraction of a countdown', x: protocol((p) => { p.phases[2].countdown = 2.25; }), path: 'phases[2].countdown', reason: /^must be a whole number, got 2\.25$/ },
  { what: 'ppm too low', x: protocol((p) => { p.phases[0].ppm = 20; }), path: 'phases[0].ppm', reason: /^20 is out of range 30\.\.90 \(or 0\)$/ },
  { what: 'ppm too high', x: protocol((p) => { p.phases[1].ppm = 120; }), path: 'phases[1].ppm', reason: /^120 is out of range 30\.\.90 \(or 0\)$/ },
  {
    what: 'targetMs over 30 min', x: protocol((p) => { p.phases[1].targetMs = 3600000; }),
    path: 'phases[1].targetMs', reason: /^3600000 is out of range 5000\.\.1800000 \(or 0\)$/,
  },
  { what: 'pushMs too long', x: protocol((p) => { p.phases[2].pushMs = 2500; }), path: 'phases[2].pushMs', reason: /^2500 is out of range 100\.\.2000 \(or 0\)$/ },
  { what: 'a name too long', x: protocol((p) => { p.name = 'x'.repeat(33); }), path: 'name', reason: /^must be 1\.\.32 characters, got 33$/ },
  { what: 'an empty phase name', x: protocol((p) => { p.phases[0].name = ''; }), path: 'phases[0].name', reason: /^must be 1\.\.24 characters, got 0$/ },
  {
    what: 'bad id characters', x: protocol((p) => { p.id = 'Head_Drainage'; }),
    path: 'id', reason: /^may only hold a-z, 0-9 and - \(not first\), got "Head_Drainage"$/,
  },
  { what: 'an id starting with -', x: protocol((p) => { p.phases[1].id = '-wheel'; }), path: 'phases[1].id', reason: /^may only hold .*, got "-wheel"$/ },
  {
    // "•" sent as one byte over the console is '"': the name would close its string and run as code
    what: 'a character beyond ASCII (it would reach the device as another byte)', x: protocol((p) => { p.name = '\u2022+reset(!0)+\u2022'; }),
    path: 'name', reason: /^may only hold printable ASCII \(space to ~\), got ".*"$/,
  },
  { what: 'a control character in guidance', x: protocol((p) => { p.phases[0].guide = 'line\nbreak'; }), path: 'phases[0].guide', reason: /^may only hold printable ASCII/ },
  { what: 'phases not an array', x: protocol((p) => { p.phases = {}; }), path: 'phases', reason: /^must be an array, got object$/ },
  { what: 'no phases', x: protocol((p) => { p.phases = []; }), path: 'phases', reason: /^a protocol needs at least one phase$/ },
  {
    what: '13 phases', x: protocol((p) => { p.phases = Array.from({ length: 13 }, (_, i) => short(i)); }),
    path: 'phases', reason: /^13 phases: the device holds at most 12$/,
  },
  {
    what: 'oversize JSON', x: protocol((p) => { p.phases = Array.from({ length: 12 }, (_, i) => ({ ...short(i, 'g'.repeat(100)), name: 'n'.repeat(24) })); }),
    path: '', reason: /^\d{4} bytes of JSON: the device holds at most 2048$/,
  },
  {
    what: 'a duplicate phase id', x: protocol((p) => { p.phases[2].id = 'venous-angle'; }),
    path: 'phases[2].id', reason: /^duplicate id "venous-angle" \(also phases\[0\]\)$/,
  },
  {
    what: 'no end', x: protocol((p) => { p.phases[0].targetMs = 0; }),
    path: 'phases[0]', reason: /^needs an end: targetMs \(timed\) or pumps \(counted\)$/,
  },
  { what: 'both ends', x: protocol((p) => { p.phases[2].targetMs = 60000; }), path: 'phases[2]', reason: /^has both targetMs and pumps: choose one$/ },
  {
    what: 'pushMs >= the period', x: protocol((p) => { p.phases[0].ppm = 70; p.phases[0].pushMs = 900; }),
    path: 'phases[0].pushMs', reason: /^pushMs 900 is not shorter than the 857 ms period at 70\/min$/,
  },
  { what: 'cues not an object', x: protocol((p) => { p.cues = 'pump'; }), path: 'cues', reason: /^must be an object, got string "pump"$/ },
  { what: 'a cue of no pulses', x: protocol((p) => { p.cues = { pump: [] }; }), path: 'cues.pump', reason: /^must be 1\.\.6 pulses, got 0$/ },
  {
    what: 'a cue of 7 pulses', x: protocol((p) => { p.cues = { done: Array.from({ length: 7 }, (_, i) => [i * 100, 50, 1, 50]) }; }),
    path: 'cues.done', reason: /^must be 1\.\.6 pulses, got 7$/,
  },
  { what: 'a pulse not an array', x: protocol((p) => { p.cues = { tap: [5] }; }), path: 'cues.tap[0]', reason: /^must be an array, got number 5$/ },
  {
    what: 'a pulse of 3 numbers', x: protocol((p) => { p.cues = { pump: [[0, 30, 1]] }; }),
    path: 'cues.pump[0]', reason: /^must be \[offsetMs, ledMs, level, motorMs\], got 3 numbers$/,
  },
  { what: 'a motor level over 1', x: protocol((p) => { p.cues = { pump: [[0, 30, 1.5, 70]] }; }), path: 'cues.pump[0][2]', reason: /^1\.5 is out of range 0\.\.1$/ },
  {
    what: 'cue offsets going back', x: protocol((p) => { p.cues = { target: [[200, 60, 1, 90], [100, 60, 1, 90]] }; }),
    path: 'cues.target[1][0]', reason: /^100 is before the previous offset 200$/,
  },
];

const BAD_SETTINGS: Bad[] = [
  { what: 'a number', x: 5, path: '', reason: /^must be an object, got number 5$/ },
  { what: 'a boolean', x: true, path: '', reason: /^must be an object, got boolean true$/ },
  {
    what: 'an unknown key', x: settings((s) => { s.volume = 3; }),
    path: 'volume', reason: /^unknown key "volume" \(allowed: ppm, strength, led, haptic, leadIn, autoAdvance, accentEvery, pushMs, idleOffMin\)$/,
  },
  { what: 'an unknown key in a change', x: { ppmm: 60 }, partial: true, path: 'ppmm', reason: /^unknown key "ppmm" / },
  { what: 'a missing key', x: settings((s) => { delete s.idleOffMin; }), path: 'idleOffMin', reason: /^missing: must be a number$/ },
  { what: 'a missing switch', x: settings((s) => { delete s.haptic; }), path: 'haptic', reason: /^missing: must be a boolean$/ },
  { what: 'an empty change', x: {}, partial: true, path: '', reason: /^a settings change needs at least one key$/ },
  { what: 'ppm as a string', x: settings((s) => { s.ppm = '72'; }), path: 'ppm', reason: /^must be a number, got string "72"$/ },
  { what: 'ppm 0 (no default here)', x: settings((s) => { s.ppm = 0; }), path: 'ppm', reason: /^0 is out of range 30\.\.90$/ },
  { what: 'ppm too high', x: { ppm: 95 }, partial: true, path: 'ppm', reason: /^95 is out of range 30\.\.90$/ },
  { what: 'strength too low', x: settings((s) => { s.strength = 0.05; }), path: 'strength', reason: /^0\.05 is out of range 0\.1\.\.1$/ },
  { what: 'strength -Infinity', x: { strength: -Infinity }, partial: true, path: 'strength', reason: /^must be a finite number, got -Infinity$/ },
  { what: 'a switch as a string', x: settings((s) => { s.led = 'yes'; }), path: 'led', reason: /^must be a boolean, got string "yes"$/ },
  { what: 'a switch as a number', x: { haptic: 1 }, partial: true, path: 'haptic', reason: /^must be a boolean, got number 1$/ },
  { what: 'a switch null', x: settings((s) => { s.autoAdvance = null; }), path: 'autoAdvance', reason: /^must be a boolean, got null$/ },
  { what: 'a fraction of an accent', x: settings((s) => { s.accentEvery = 1.5; }), path: 'accentEvery', reason: /^must be a whole number, got 1\.5$/ },
  { what: 'accentEvery too high', x: settings((s) => { s.accentEvery = 21; }), path: 'accentEvery', reason: /^21 is out of range 0\.\.20$/ },
  { what: 'pushMs too short', x: { pushMs: 50 }, partial: true, path: 'pushMs', reason: /^50 is out of range 100\.\.2000$/ },
  { what: 'idleOffMin negative', x: settings((s) => { s.idleOffMin = -1; }), path: 'idleOffMin', reason: /^-1 is out of range 0\.\.240$/ },
];

/** The one error a bad input must produce. */
function onlyError(errors: FieldError[], b: Bad): FieldError {
  expect(errors, errorText(errors)).to.have.length(1);
  expect(errors[0].path).to.equal(b.path);
  expect(errors[0].reason).to.match(b.reason);
  return errors[0];
}

describe('validate', () => {
  describe('valid input', () => {
    it('accepts HEAD_DRAINAGE and DEFAULT_SETTINGS (full and as a change)', () => {
      expect(validateProtocol(HEAD_DRAINAGE)).to.deep.equal([]);
      expect(validateSettings(DEFAULT_SETTINGS, false)).to.deep.equal([]);
      expect(validateSettings(DEFAULT_SETTINGS, true)).to.deep.equal([]);
      expect(validateSettings({ ppm: 72, led: false }, true)).to.deep.equal([]);
    });

    it('accepts a protocol with custom cues', () => {
      const p = protocol((q) => {
        q.cues = {
          pump: [[0, 20, 0.8, 60]],
          done: [[0, 300, 1, 300], [400, 300, 1, 300], [400, 0, 0.5, 100]],
          tempo: [[0, 60, 1, 60]],
          battery: [[0, 1000, 0, 0]],
        };
      });
      expect(validateProtocol(p)).to.deep.equal([]);
    });

    it('accepts every known cue name (as many at a time as MAX_CUE_PULSES allows)', () => {
      const names = Object.keys(DEFAULT_CUES);
      for (const k of ['low', 'battery', 'tap', 'tempo', 'cancel']) expect(names).to.include(k);
      for (let i = 0; i < names.length; i += MAX_CUE_PULSES) {
        const cues: Mutable = {};
        for (const k of names.slice(i, i + MAX_CUE_PULSES)) cues[k] = [[0, 10, 1, 10]];
        expect(validateProtocol(protocol((p) => { p.cues = cues; }))).to.deep.equal([]);
      }
    });

    it('refuses more cue pulses in all than MAX_CUE_PULSES (what a protocol costs the device in RAM is bounded)', () => {
      const cues: Mutable = { pump: [[0, 10, 1, 10], [100, 10, 1, 10], [200, 10, 1, 10]], accent: [[0, 10, 1, 10], [100, 10, 1, 10], [200, 10, 1, 10], [300, 10, 1, 10]] };
      expect(validateProtocol(protocol((p) => { p.cues = cues; }))).to.deep.equal([{ path: 'cues', reason: `7 pulses in all: the device holds at most ${MAX_CUE_PULSES}` }]);
    });

    it('accepts the ends of every range', () => {
      const p = protocol((q) => {
        q.id = '9'.repeat(24);
        q.name = 'n'.repeat(32);
        q.phases = [
          { id: 'a', name: 'x'.repeat(24), guide: 'g'.repeat(100), ppm: 30, pushMs: 1999, targetMs: 5000 },
          { id: 'b-', name: 'B', guide: '', ppm: 90, pushMs: 100, pumps: 999 },
          { id: 'c', name: 'C', guide: '', targetMs: 1800000 },
          { id: 'd', name: 'D', guide: '', pumps: 1, pushMs: 2000 },
        ];
        q.cues = { pump: [[0, 0, 0, 0], [3000, 1000, 1, 1000]] };
      });
      expect(validateProtocol(p)).to.deep.equal([]);
      const s = { ppm: 30, strength: 0.1, led: false, haptic: false, leadIn: false, autoAdvance: true, accentEvery: 0, pushMs: 2000, idleOffMin: 240 };
      expect(validateSettings(s, false)).to.deep.equal([]);
      expect(validateSettings({ ppm: 90, strength: 1, accentEvery: 20, pushMs: 100, idleOffMin: 0 }, true)).to.deep.equal([]);
    });

    it('accepts exactly MAX_PHASES phases and MAX_PROTOCOL_BYTES of JSON', () => {
      expect(MAX_PHASES).to.equal(12);
      expect(MAX_PROTOCOL_BYTES).to.equal(2048);
      const p: Mutable = protocol((q) => { q.phases = Array.from({ length: 12 }, (_, i) => short(i)); });
      expect(validateProtocol(p)).to.deep.equal([]);
      p.name = 'n';
      p.name = 'n'.repeat(1 + MAX_PROTOCOL_BYTES - JSON.stringify(p).length);
      expect(JSON.stringify(p).length).to.equal(MAX_PROTOCOL_BYTES);
      // the name is now too long, but the size is fine
      expect(validateProtocol(p).map((e) => e.path)).to.deep.equal(['name']);
    });
  });

  describe('withDefaults', () => {
    it('fills missing optional phase fields with 0, in place (the device has no RAM for a copy)', () => {
      const src: Mutable = {
        id: 'short', name: 'Short',
        phases: [{ id: 'a', name: 'A', guide: '', pumps: 10 }, { id: 'b', name: 'B', guide: '', ppm: 45, targetMs: 60000 }],
      };
      expect(validateProtocol(src)).to.deep.equal([]);
      const p = withDefaults(src as Protocol);
      expect(p).to.equal(src);
      expect(p.phases).to.deep.equal([
        { id: 'a', name: 'A', guide: '', ppm: 0, pushMs: 0, targetMs: 0, pumps: 10 },
        { id: 'b', name: 'B', guide: '', ppm: 45, pushMs: 0, targetMs: 60000, pumps: 0 },
      ]);
      expect(p.id).to.equal('short');
      expect(validateProtocol(p)).to.deep.equal([]);
    });

    it('keeps a complete protocol as it is', () => {
      expect(withDefaults(HEAD_DRAINAGE)).to.deep.equal(HEAD_DRAINAGE);
    });
  });

  describe('malformed protocols: one error each', () => {
    for (const b of BAD_PROTOCOLS) {
      it(`${b.what} -> ${b.path || '(whole)'}`, () => { onlyError(validateProtocol(b.x), b); });
    }
  });

  describe('malformed settings: one error each', () => {
    for (const b of BAD_SETTINGS) {
      it(`${b.what}${b.partial ? ' (change)' : ''} -> ${b.path || '(whole)'}`, () => { onlyError(validateSettings(b.x, !!b.partial), b); });
    }
  });

  it('has enough cases, and every case has its own reason', () => {
    expect(BAD_PROTOCOLS.length).to.be.at.least(20);
    expect(BAD_SETTINGS.length).to.be.at.least(12);
    const reasons = BAD_PROTOCOLS.map((b) => validateProtocol(b.x)[0].reason)
      .concat(BAD_SETTINGS.map((b) => validateSettings(b.x, !!b.partial)[0].reason));
    const seen = new Map<string, number>();
    reasons.forEach((r, i) => {
      expect(seen.has(r), `"${r}" repeats case ${seen.get(r)}`).to.equal(false);
      seen.set(r, i);
    });
  });

  it('reports every bad field of a protocol, not just the first', () => {
    const p = protocol((q) => {
      q.name = 42;
      q.extra = true;
      q.phases[0].ppm = 120;
      q.phases[1].id = 'venous-angle';
      q.phases[1].pumps = 10;
      q.phases[2].guide = undefined;
      q.cues = { pump: [[0, 30, 1]], buzz: [] };
    });
    const errors = validateProtocol(p);
    expect(errors.map((e) => e.path)).to.deep.equal([
      'extra', 'name', 'phases[0].ppm', 'phases[1].id', 'phases[1]', 'phases[2].guide', 'cues.buzz', 'cues.pump[0]',
    ]);
    expect(errors).to.have.length(8);
  });

  it('reports every bad field of settings, and each missing key', () => {
    const errors = validateSettings({ ppm: 10, strength: 'max', led: 1 }, false);
    expect(errors.map((e) => e.path)).to.deep.equal([
      'ppm', 'strength', 'led', 'haptic', 'leadIn', 'autoAdvance', 'accentEvery', 'pushMs', 'idleOffMin',
    ]);
    expect(validateSettings({ ppm: 10, strength: 'max', led: 1 }, true)).to.have.length(3);
  });

  it('errorText gives one line per error', () => {
    const errors = validateProtocol(protocol((p) => { p.phases[2].ppm = 120; p.phases[2].pumps = 0; p.author = 'me'; }));
    expect(errorText(errors).split('\n')).to.deep.equal([
      'author: unknown key "author" (allowed: id, name, phases, cues)',
      'phases[2].ppm: 120 is out of range 30..90 (or 0)',
      'phases[2]: needs an end: targetMs (timed) or pumps (counted)',
      'phases[2].countdown: 3 pumps counted down: only a counted phase (pumps) counts down',
    ]);
    expect(errorText(validateSettings({}, true))).to.equal('a settings change needs at least one key');
    expect(errorText([])).to.equal('');
  });
});
