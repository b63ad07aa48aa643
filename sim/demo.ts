// The built-in demo: the seed session (start, advance after about a minute,
// advance after about another minute, fifteen counted pumps to the end), with
// one pause in the water wheel and its resume, so every state shows up.
// `npm start` plays it when there is no terminal to press keys in.
import { Protocol } from '../firmware/core/types';
import { BoardId } from '../boards';
import { EngineName } from './env';
import { Action, SHORT_PRESS_MS } from './scenario';
import { runSession, SessionResult } from './session';
import { formatLog } from './log-export';
import { formatSummary, summarize } from './summary';
import { TraceEvent } from './trace';

/** The long press of the demo: held past the 1 s long-press threshold, short of the 3 s one. */
export const DEMO_LONG_PRESS_MS = 1500;

/**
 * Start at 0 s, next phase at 65 s, pause at 85 s (held 1.5 s), resume at 95 s,
 * last phase at 142 s: late enough that the water wheel still reaches its one
 * minute of pacing after the pause. The counted phase then ends the session.
 */
export const DEMO_ACTIONS: readonly Action[] = Object.freeze([
  { atMs: 0, heldMs: SHORT_PRESS_MS, line: 1 },
  { atMs: 65_000, heldMs: SHORT_PRESS_MS, line: 2 },
  { atMs: 85_000, heldMs: DEMO_LONG_PRESS_MS, line: 3 },
  { atMs: 95_000, heldMs: SHORT_PRESS_MS, line: 4 },
  { atMs: 142_000, heldMs: SHORT_PRESS_MS, line: 5 },
]);

/** The demo as a scenario file would say it (for the record, and for `npm run sim`). */
export const DEMO_SCENARIO = [
  '# the built-in demo: the seed session with a pause in the water wheel',
  '0 press',
  '65 press',
  '85 hold 1.5   # pause',
  '95 press      # resume',
  '142 press',
  '',
].join('\n');

export function demoActions(): Action[] {
  return DEMO_ACTIONS.map((a) => ({ ...a }));
}

export const fmtSec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Follows a trace event by event and says, in one line, what a person would
 * notice: a phase starts, the session pauses or resumes, a target is reached,
 * the session ends. Everything else (pumps, flashes, buzzes) gives null.
 */
export class ProgressNarrator {
  private state = 'idle';
  private pumps = 0;
  private phase = -1;
  /** A target cue waits for its pump (traced right after it, at the same time) to say which pump it was. */
  private targetAt: number | null = null;

  constructor(private readonly protocol: Protocol) {}

  /** What this event means to a person: usually nothing, sometimes a line (two when a target waited). */
  lines(e: TraceEvent): string[] {
    if (this.targetAt === null) {
      const l = this.line(e);
      return l === null ? [] : [l];
    }
    const t = this.targetAt;
    this.targetAt = null;
    if (e.type === 'pump' && e.t_ms === t) {
      this.pumps = Number(e.n);
      return [`${fmtSec(t).padStart(8)}  target reached at pump ${this.pumps}`];
    }
    const said = `${fmtSec(t).padStart(8)}  target reached after ${this.pumps} pumps`;
    return [said, ...this.lines(e)];
  }

  private line(e: TraceEvent): string | null {
    const at = fmtSec(e.t_ms).padStart(8);
    const count = this.protocol.phases.length;
    if (e.type === 'pump') {
      this.pumps = Number(e.n);
      return null;
    }
    if (e.type === 'phase') {
      this.phase = Number(e.index);
      this.pumps = 0;
      const ph = this.protocol.phases[this.phase];
      const how = ph && ph.pumps > 0 ? `${ph.pumps} pumps` : ph ? `target ${Math.round(ph.targetMs / 1000)} s` : '';
      return `${at}  phase ${this.phase + 1}/${count} ${String(e.name)} (${how})${ph ? ` - ${ph.guide}` : ''}`;
    }
    if (e.type === 'cue' && e.name === 'target') {
      this.targetAt = e.t_ms;
      return null;
    }
    const ph = this.protocol.phases[this.phase];
    if (e.type === 'cue' && e.name === 'position' && ph && ph.positions) {
      const i = ph.positions.indexOf(String(e.position));
      return `${at}  move on: ${String(e.position)} (position ${i + 1}/${ph.positions.length}) at pump ${this.pumps + 1}`;
    }
    // the countdown's first pump says how many follow; the rest are felt, not said
    if (e.type === 'cue' && e.name === 'countdown' && ph && ph.countdown && this.pumps + 1 === ph.pumps - ph.countdown + 1) {
      return `${at}  countdown: the last ${ph.countdown} pumps`;
    }
    if (e.type === 'state') {
      const prev = this.state;
      const v = String(e.value);
      this.state = v;
      if (v === 'paused') return `${at}  paused (long press) after ${this.pumps} pumps`;
      if (v === 'running' && prev === 'paused') return `${at}  resumed`;
      if (v === 'done') return `${at}  done${this.phase >= 0 ? ` (phase ${this.phase + 1}/${count}, ${this.pumps} pumps)` : ''}`;
      if (v === 'idle' && prev !== 'idle') return `${at}  back to idle`;
    }
    return null;
  }
}

export interface DemoOptions {
  engine: EngineName;
  board: BoardId;
}

export interface DemoRun {
  result: SessionResult;
  /** The title line, the progress lines and the summary, ready to print. */
  lines: string[];
}

export function demoTitle(protocol: Protocol, board: BoardId, engine: EngineName, how: string): string {
  return `Demo: ${protocol.name} (${protocol.id}) on ${board}, ${engine} engine, ${DEMO_ACTIONS.length} button actions, ${how}`;
}

/** Play the whole demo on the virtual clock, as fast as the CPU allows (no wall-clock waits). */
export function runDemo(opts: DemoOptions): DemoRun {
  const result = runSession({ actions: demoActions(), engine: opts.engine, board: opts.board });
  const protocol = result.env.config.proto;
  const narrator = new ProgressNarrator(protocol);
  const lines = [demoTitle(protocol, opts.board, opts.engine, 'played as fast as possible')];
  for (const e of result.events) lines.push(...narrator.lines(e));
  lines.push('');
  lines.push(formatSummary(summarize(result.events, result.endMs), `Summary: ${protocol.name} on ${opts.board}, ${opts.engine} engine`));
  lines.push('session log (as the pacer recorded it):', formatLog(result.log, protocol));
  return { result, lines };
}
