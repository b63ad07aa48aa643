// The trace writer: JSON Lines, one object per event, each with t_ms (ms from
// the start, integer or decimal) then type then the type's fields (the event
// types: trace-events.ts). Both engines write through this one class, in one
// order, so the same scenario gives the same bytes.
import { Protocol, Status } from '../firmware/core/types';
import { EventFields, TraceEvent } from './trace-events';

export class Trace {
  readonly events: TraceEvent[] = [];

  add(tUs: number, fields: EventFields): void {
    this.events.push(traceEvent(tUs, fields));
  }

  /** Events a status change means, in a fixed order: state, phase, cue, pump. */
  status(tUs: number, prev: Status, cur: Status, protocol: Protocol): void {
    if (cur.state !== prev.state) this.add(tUs, { type: 'state', value: cur.state });
    const entered = cur.state === 'running' && (prev.state === 'idle' || prev.state === 'done');
    if (cur.state !== 'idle' && cur.state !== 'done' && (cur.phase !== prev.phase || entered)) {
      this.add(tUs, { type: 'phase', id: cur.phaseId, index: cur.phase, name: protocol.phases[cur.phase].name });
    }
    if (cur.cueCount !== prev.cueCount && cur.cue !== 'pump' && cur.cue !== '') {
      const positions = protocol.phases[cur.phase].positions;
      this.add(tUs, cur.cue === 'position' && positions ? { type: 'cue', name: cur.cue, position: positions[cur.pos] } : { type: 'cue', name: cur.cue });
    }
    if (cur.n !== prev.n && cur.n > 0) this.add(tUs, { type: 'pump', phase: cur.phaseId, n: cur.n });
    if (cur.asleep !== prev.asleep) this.add(tUs, { type: 'sleep', value: cur.asleep });
  }

  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + (this.events.length ? '\n' : '');
  }
}

/** The event at `tUs` (µs): t_ms first, then the type and its fields, the order the JSON keeps. */
export function traceEvent(tUs: number, fields: EventFields): TraceEvent {
  return { t_ms: tUs / 1000, ...fields } as TraceEvent;
}
