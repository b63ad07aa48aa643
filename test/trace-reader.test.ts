// The trace's one reader and its parser: the facts every view draws from
// (sessions, phase spans, pump numbers of cues, pauses, pulses), on small
// hand-written traces and on a simulated session; a malformed line named.
import { expect } from 'chai';
import { runSession } from '../sim/session';
import { eventsOf, parseTrace, TraceEvent, TraceFormatError } from '../sim/trace-events';
import { Pulse, TraceReader } from '../sim/trace-reader';

const jsonl = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** Two sessions: one paused and ended done, one stopped to idle while running. */
const TWO_SESSIONS: TraceEvent[] = [
  { t_ms: 100, type: 'state', value: 'running' },
  { t_ms: 100, type: 'phase', id: 'a', index: 0, name: 'A' },
  { t_ms: 100, type: 'cue', name: 'phase' },
  { t_ms: 1100, type: 'pump', phase: 'a', n: 1 },
  { t_ms: 1100, type: 'led', value: 1 },
  { t_ms: 1100, type: 'motor', value: 0.5 },
  { t_ms: 1130, type: 'led', value: 0 },
  { t_ms: 1170, type: 'motor', value: 1 },
  { t_ms: 1200, type: 'motor', value: 0 },
  { t_ms: 2000, type: 'state', value: 'paused' },
  { t_ms: 3000, type: 'state', value: 'running' },
  { t_ms: 3100, type: 'cue', name: 'target' },
  { t_ms: 3100, type: 'pump', phase: 'a', n: 2 },
  { t_ms: 4000, type: 'phase', id: 'b', index: 1, name: 'B' },
  { t_ms: 4100, type: 'cue', name: 'position', position: 'side' },
  { t_ms: 4100, type: 'pump', phase: 'b', n: 1 },
  { t_ms: 5000, type: 'state', value: 'done' },
  { t_ms: 5000, type: 'cue', name: 'done' },
  { t_ms: 6000, type: 'state', value: 'idle' },
  { t_ms: 7000, type: 'state', value: 'setup' },
  { t_ms: 7500, type: 'state', value: 'idle' },
  { t_ms: 8000, type: 'state', value: 'running' },
  { t_ms: 8000, type: 'phase', id: 'a', index: 0, name: 'A' },
  { t_ms: 8500, type: 'led', value: 1 },
  { t_ms: 9000, type: 'state', value: 'idle' },
  { t_ms: 9500, type: 'sleep', value: true },
  { t_ms: 9600, type: 'screen', text: 'Press to start' },
];

describe('trace reader', () => {
  it('phases as spans: a phase ends at the next phase, done or idle, once; the last is the current one after the end', () => {
    const r = new TraceReader().readAll(TWO_SESSIONS).finish(10_000);
    expect(r.phases).to.deep.equal([
      { index: 0, id: 'a', name: 'A', startMs: 100, endMs: 4000, pumps: 2 },
      // done at 5 s ends it: the idle, the setup and the next session's phase change nothing
      { index: 1, id: 'b', name: 'B', startMs: 4000, endMs: 5000, pumps: 1 },
      { index: 0, id: 'a', name: 'A', startMs: 8000, endMs: 9000, pumps: 0 },
    ]);
    expect(r.phase).to.equal(r.phases[2]);
    expect(r.state).to.equal('idle');
    expect(r.stateAtMs).to.equal(9000);
    expect(r.firstStartMs).to.equal(100);
    expect(r.asleep).to.equal(true);
    expect(r.screen).to.equal('Press to start');
  });

  it('sessions: from running to done (elapsed frozen there), gone in idle; a resume keeps the start', () => {
    const r = new TraceReader();
    const seen: Array<[number, number]> = [];
    for (const e of TWO_SESSIONS) {
      r.read(e);
      seen.push([e.t_ms, r.elapsedMs(e.t_ms + 1)]);
    }
    const at = (t: number) => seen.filter(([ms]) => ms === t).pop()![1];
    expect(at(100)).to.equal(1);
    expect(at(3000)).to.equal(2901); // the pause counts: it is session time
    expect(at(5000)).to.equal(4900);
    expect(at(6000)).to.equal(0);
    expect(at(8500)).to.equal(501);
    expect(at(9000)).to.equal(0);
  });

  it('a cue plays on the pump traced right after it: the phase pumps so far + 1', () => {
    const cues: Array<[string, number]> = [];
    new TraceReader({ onCue: (e, pump) => cues.push([e.name, pump]) }).readAll(TWO_SESSIONS);
    expect(cues).to.deep.equal([['phase', 1], ['target', 2], ['position', 1], ['done', 2]]);
  });

  it('pauses: from paused to the next state, with the phase they fell in; still paused at the end: to the end', () => {
    expect(new TraceReader().readAll(TWO_SESSIONS).finish(10_000).pauses).to.deep.equal([{ startMs: 2000, endMs: 3000, phase: 0 }]);
    const open = TWO_SESSIONS.slice(0, 10);
    expect(new TraceReader().readAll(open).pauses).to.deep.equal([{ startMs: 2000, endMs: null, phase: 0 }]);
    expect(new TraceReader().readAll(open).finish(2500).pauses).to.deep.equal([{ startMs: 2000, endMs: 2500, phase: 0 }]);
  });

  it('pulses per channel: a level change closes one (and opens the next above 0), finish closes what is on', () => {
    const pulses: Array<[string, Pulse]> = [];
    const levels: Array<[string, number, number]> = [];
    new TraceReader({ onPulse: (ch, p) => pulses.push([ch, p]), onOutput: (e, prev) => levels.push([e.type, prev, e.value]) })
      .readAll(TWO_SESSIONS)
      .finish(10_000);
    expect(pulses).to.deep.equal([
      ['led', { t0: 1100, t1: 1130, level: 1 }],
      ['motor', { t0: 1100, t1: 1170, level: 0.5 }],
      ['motor', { t0: 1170, t1: 1200, level: 1 }],
      ['led', { t0: 8500, t1: 10_000, level: 1 }],
    ]);
    expect(levels).to.deep.equal([['led', 0, 1], ['motor', 0, 0.5], ['led', 1, 0], ['motor', 0.5, 1], ['motor', 1, 0], ['led', 0, 1]]);
  });

  it('the same level again is no change: the pulse goes on', () => {
    const pulses: Pulse[] = [];
    const r = new TraceReader({ onPulse: (_, p) => pulses.push(p) });
    r.readAll([{ t_ms: 0, type: 'motor', value: 1 }, { t_ms: 5, type: 'motor', value: 1 }, { t_ms: 9, type: 'motor', value: 0 }]);
    expect(pulses).to.deep.equal([{ t0: 0, t1: 9, level: 1 }]);
  });

  it('reads a simulated session: its phases and pumps, and the parsed JSON Lines are the events', () => {
    const res = runSession({ actions: [{ atMs: 0, heldMs: 100, line: 1 }, { atMs: 20_000, heldMs: 100, line: 2 }], engine: 'core', board: 'puck' });
    expect(parseTrace(res.jsonl)).to.deep.equal(res.events);
    const pumps: number[] = [];
    const r = new TraceReader({ onPump: (e) => pumps.push(e.n) }).readAll(res.events).finish(res.activeEndMs);
    expect(r.phases.map((p) => p.id)).to.deep.equal(['venous-angle', 'water-wheel']);
    expect(r.phases[0].pumps).to.equal(eventsOf(res.events, 'pump').filter((e) => e.phase === 'venous-angle').pop()!.n);
    expect(pumps).to.deep.equal(eventsOf(res.events, 'pump').map((e) => e.n));
    expect(r.state).to.equal(res.status.state);
  });
});

describe('trace parser', () => {
  it('gives the typed events and skips blank lines', () => {
    const text = jsonl(TWO_SESSIONS.slice(0, 3)) + '\n  \n' + jsonl(TWO_SESSIONS.slice(3, 5));
    expect(parseTrace(text)).to.deep.equal(TWO_SESSIONS.slice(0, 5));
  });

  const bad: Array<[string, number, string | null, RegExp]> = [
    ['{"t_ms":0,"type":"state","value":"idle"}\nnot json', 2, null, /not JSON/],
    ['[1]', 1, null, /not a JSON object/],
    ['{"type":"state","value":"idle"}', 1, 't_ms', /not a time/],
    ['{"t_ms":1,"type":"beep"}', 1, 'type', /"beep" is not one of state, phase/],
    ['{"t_ms":1,"type":"state","value":"asleep"}', 1, 'value', /idle\|running/],
    ['\n{"t_ms":1,"type":"phase","id":"a","name":"A"}', 2, 'index', /phase: undefined is not an integer/],
    ['{"t_ms":1,"type":"pump","phase":"a","n":"3"}', 1, 'n', /"3" is not an integer/],
    ['{"t_ms":1,"type":"motor","value":1.5}', 1, 'value', /level 0\.\.1/],
    ['{"t_ms":1,"type":"cue","name":"position","position":3}', 1, 'position', /not a string/],
    ['{"t_ms":1,"type":"sleep","value":1}', 1, 'value', /true or false/],
  ];
  for (const [text, line, field, reason] of bad) {
    it(`names line ${line}${field ? ` and field ${field}` : ''}: ${text.trim().replace(/\n/g, ' / ').slice(0, 48)}`, () => {
      let err: unknown = null;
      try {
        parseTrace(text);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(TraceFormatError);
      const f = err as TraceFormatError;
      expect(f.line).to.equal(line);
      expect(f.field).to.equal(field);
      expect(f.message).to.match(reason);
      expect(f.message).to.include(`trace line ${line}`);
    });
  }
});
