// The trace: JSON Lines, one object per event, each with t_ms (ms from the
// start, integer or decimal) and type. Both engines write through this one
// class, in one order, so the same scenario gives the same bytes.
//
// Event types:
//   state  {value: idle|running|paused|done}
//   phase  {id, index, name}
//   pump   {phase, n}                 n = pump number within the phase
//   cue    {name[, position]}         every cue but the plain pump; a position cue names where the hands go
//   led    {value}    motor {value}   output level 0..1 when it changes
//   led_red {value}                   the red LED (battery colours; with led = yellow)
//   sleep  {value}                    the radio put to sleep (true) or woken (false)
//   screen {text}                     Bangle.js 2 display (bundle engine)

import { Protocol, Status } from '../firmware/core/types';

export interface TraceEvent {
  t_ms: number;
  type: string;
  [field: string]: unknown;
}

export class Trace {
  readonly events: TraceEvent[] = [];

  add(tUs: number, type: string, fields: Record<string, unknown> = {}): void {
    this.events.push({ t_ms: tUs / 1000, type, ...fields });
  }

  /** Events a status change means, in a fixed order: state, phase, cue, pump. */
  status(tUs: number, prev: Status, cur: Status, protocol: Protocol): void {
    if (cur.state !== prev.state) this.add(tUs, 'state', { value: cur.state });
    const entered = cur.state === 'running' && (prev.state === 'idle' || prev.state === 'done');
    if (cur.state !== 'idle' && cur.state !== 'done' && (cur.phase !== prev.phase || entered)) {
      this.add(tUs, 'phase', { id: cur.phaseId, index: cur.phase, name: protocol.phases[cur.phase].name });
    }
    if (cur.cueCount !== prev.cueCount && cur.cue !== 'pump' && cur.cue !== '') {
      const positions = protocol.phases[cur.phase].positions;
      this.add(tUs, 'cue', cur.cue === 'position' && positions ? { name: cur.cue, position: positions[cur.pos] } : { name: cur.cue });
    }
    if (cur.n !== prev.n && cur.n > 0) this.add(tUs, 'pump', { phase: cur.phaseId, n: cur.n });
    if (cur.asleep !== prev.asleep) this.add(tUs, 'sleep', { value: cur.asleep });
  }

  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + (this.events.length ? '\n' : '');
  }
}

export function parseTrace(text: string): TraceEvent[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TraceEvent);
}
