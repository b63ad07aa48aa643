// The human summary of a trace: per phase its time span, pumps, pauses and
// cues, then how the session ended and where the outputs were left.
import { TraceEvent } from './trace-events';
import { TraceReader } from './trace-reader';

export interface PhaseSummary {
  index: number;
  id: string;
  name: string;
  startMs: number;
  endMs: number;
  pumps: number;
  pauses: number;
  pausedMs: number;
  targetAtMs: number | null;
  targetPump: number;
  /** Each position cue: where the hands went, when, on which pump. */
  moves: Array<{ position: string; atMs: number; pump: number }>;
  /** The pumps the countdown cue played on (a counted phase's last few). */
  countdown: number[];
  cues: Record<string, number>;
}

export interface SessionSummary {
  phases: PhaseSummary[];
  startMs: number | null;
  endMs: number;
  finalState: string;
  /** When the final state began (done: when the session ended). */
  finalAtMs: number;
  led: number;
  motor: number;
  cues: Record<string, number>;
}

export function summarize(events: TraceEvent[], endMs: number): SessionSummary {
  const cues: Record<string, number> = {};
  /** Per phase (by its place in r.phases): what its cues said. */
  const heard: Array<Pick<PhaseSummary, 'targetAtMs' | 'targetPump' | 'moves' | 'countdown' | 'cues'>> = [];
  const r = new TraceReader({
    onPhase() {
      heard.push({ targetAtMs: null, targetPump: 0, moves: [], countdown: [], cues: {} });
    },
    onCue(e, pump) {
      cues[e.name] = (cues[e.name] ?? 0) + 1;
      const h = heard[heard.length - 1];
      if (!h) return;
      h.cues[e.name] = (h.cues[e.name] ?? 0) + 1;
      if (e.name === 'target' && h.targetAtMs === null) {
        h.targetAtMs = e.t_ms;
        h.targetPump = pump;
      }
      if (e.name === 'position') h.moves.push({ position: e.position ?? '', atMs: e.t_ms, pump });
      if (e.name === 'countdown') h.countdown.push(pump);
    },
  });
  r.readAll(events).finish(endMs);
  const phases = r.phases.map((p, i): PhaseSummary => {
    const paused = r.pauses.filter((q) => q.phase === i);
    return {
      index: p.index, id: p.id, name: p.name, startMs: p.startMs, endMs: p.endMs ?? endMs, pumps: p.pumps,
      pauses: paused.length, pausedMs: paused.reduce((ms, q) => ms + ((q.endMs ?? endMs) - q.startMs), 0),
      ...heard[i],
    };
  });
  return { phases, startMs: r.firstStartMs, endMs, finalState: r.state, finalAtMs: r.stateAtMs, led: r.level.led, motor: r.level.motor, cues };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatSummary(s: SessionSummary, title: string): string {
  const out = [title];
  if (s.startMs === null) return [...out, '  the session never started (no short press in idle)'].join('\n');
  out.push(`  started at ${sec(s.startMs)}`);
  for (const p of s.phases) {
    const extra: string[] = [];
    if (p.targetAtMs !== null) extra.push(`target reached on pump ${p.targetPump} at ${sec(p.targetAtMs)}`);
    for (const m of p.moves) extra.push(`to ${m.position || 'the next position'} on pump ${m.pump} at ${sec(m.atMs)}`);
    if (p.countdown.length) extra.push(`countdown on pumps ${p.countdown[0]}-${p.countdown[p.countdown.length - 1]}`);
    if (p.pauses) extra.push(`${p.pauses} pause${p.pauses > 1 ? 's' : ''} (${sec(p.pausedMs)})`);
    out.push(
      `  ${p.index + 1}. ${p.name.padEnd(22)} ${sec(p.startMs).padStart(8)} -> ${sec(p.endMs).padStart(8)}` +
        `  ${sec(p.endMs - p.startMs).padStart(8)}  ${String(p.pumps).padStart(3)} pumps` +
        (extra.length ? `  ${extra.join(', ')}` : ''),
    );
  }
  const cueList = Object.entries(s.cues).map(([k, v]) => `${k} x${v}`).join(', ');
  out.push(`  cues: ${cueList || 'none'}`);
  const open = s.finalState === 'running' || s.finalState === 'paused' || s.finalState === 'setup';
  const when = open ? `still ${s.finalState} at ${sec(s.endMs)}` : `ended ${s.finalState} at ${sec(s.finalAtMs)}`;
  out.push(`  ${when}; LED ${s.led}, motor ${s.motor}`);
  return out.join('\n');
}
