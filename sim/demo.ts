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
import { TraceEvent } from './trace-events';
import { TraceReader } from './trace-reader';

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
 * the session ends. Everything else (pumps, flashes, buzzes) gives nothing.
 */
export class ProgressNarrator {
  /** A target cue waits for its pump (traced right after it, at the same time) to say which pump it was. */
  private targetAt: number | null = null;
  private said: string[] = [];
  private readonly reader = new TraceReader({
    onPhase: (span, e) => {
      const ph = this.protocol.phases[span.index];
      const how = ph && ph.pumps > 0 ? `${ph.pumps} pumps` : ph ? `target ${Math.round(ph.targetMs / 1000)} s` : '';
      this.say(e.t_ms, `phase ${span.index + 1}/${this.protocol.phases.length} ${span.name} (${how})${ph ? ` - ${ph.guide}` : ''}`);
    },
    onCue: (e, pump) => {
      const ph = this.reader.phase ? this.protocol.phases[this.reader.phase.index] : undefined;
      if (e.name === 'target') this.targetAt = e.t_ms;
      else if (e.name === 'position' && ph && ph.positions) {
        const i = ph.positions.indexOf(String(e.position));
        this.say(e.t_ms, `move on: ${String(e.position)} (position ${i + 1}/${ph.positions.length}) at pump ${pump}`);
      } else if (e.name === 'countdown' && ph && ph.countdown && pump === ph.pumps - ph.countdown + 1) {
        // the countdown's first pump says how many follow; the rest are felt, not said
        this.say(e.t_ms, `countdown: the last ${ph.countdown} pumps`);
      }
    },
    onState: (e, prev) => {
      const span = this.reader.phase;
      if (e.value === 'paused') this.say(e.t_ms, `paused (long press) after ${this.pumps()} pumps`);
      else if (e.value === 'running' && prev === 'paused') this.say(e.t_ms, 'resumed');
      else if (e.value === 'done') this.say(e.t_ms, `done${span ? ` (phase ${span.index + 1}/${this.protocol.phases.length}, ${span.pumps} pumps)` : ''}`);
      else if (e.value === 'idle' && prev !== 'idle') this.say(e.t_ms, 'back to idle');
    },
  });

  constructor(private readonly protocol: Protocol) {}

  /** What this event means to a person: usually nothing, sometimes a line (two when a target waited). */
  lines(e: TraceEvent): string[] {
    this.said = [];
    if (this.targetAt !== null) {
      const t = this.targetAt;
      this.targetAt = null;
      if (e.type === 'pump' && e.t_ms === t) {
        this.reader.read(e);
        return [`${fmtSec(t).padStart(8)}  target reached at pump ${e.n}`];
      }
      this.say(t, `target reached after ${this.pumps()} pumps`);
    }
    this.reader.read(e);
    return this.said;
  }

  private pumps(): number {
    return this.reader.phase?.pumps ?? 0;
  }

  private say(tMs: number, text: string): void {
    this.said.push(`${fmtSec(tMs).padStart(8)}  ${text}`);
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
