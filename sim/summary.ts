// The human summary of a trace: per phase its time span, pumps, pauses and
// cues, then how the session ended and where the outputs were left.
import { TraceEvent } from './trace';

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
  const phases: PhaseSummary[] = [];
  const cues: Record<string, number> = {};
  let cur: PhaseSummary | null = null;
  let state = 'idle';
  let finalAtMs = 0;
  let startMs: number | null = null;
  let pausedAt: number | null = null;
  const level = { led: 0, motor: 0 };
  const close = (t: number) => {
    if (cur) cur.endMs = t;
  };
  for (const e of events) {
    const t = e.t_ms;
    if (e.type === 'state') {
      const v = String(e.value);
      if (v === 'running' && startMs === null) startMs = t;
      if (v === 'paused' && cur) {
        cur.pauses += 1;
        pausedAt = t;
      }
      if (state === 'paused' && pausedAt !== null && cur) cur.pausedMs += t - pausedAt;
      // a session ends once: done, or idle straight from running/paused; done -> idle ends nothing
      if (v === 'done' || (v === 'idle' && state !== 'done')) close(t);
      state = v;
      finalAtMs = t;
    } else if (e.type === 'phase') {
      close(t);
      cur = {
        index: Number(e.index), id: String(e.id), name: String(e.name), startMs: t, endMs: t,
        pumps: 0, pauses: 0, pausedMs: 0, targetAtMs: null, targetPump: 0, moves: [], countdown: [], cues: {},
      };
      phases.push(cur);
    } else if (e.type === 'pump' && cur) {
      cur.pumps = Math.max(cur.pumps, Number(e.n));
    } else if (e.type === 'cue') {
      const name = String(e.name);
      cues[name] = (cues[name] ?? 0) + 1;
      if (cur) {
        cur.cues[name] = (cur.cues[name] ?? 0) + 1;
        // the target, position and countdown cues play on a pump: the one traced right after them
        if (name === 'target' && cur.targetAtMs === null) {
          cur.targetAtMs = t;
          cur.targetPump = cur.pumps + 1;
        }
        if (name === 'position') cur.moves.push({ position: String(e.position ?? ''), atMs: t, pump: cur.pumps + 1 });
        if (name === 'countdown') cur.countdown.push(cur.pumps + 1);
      }
    } else if (e.type === 'led' || e.type === 'motor') {
      level[e.type] = Number(e.value);
    }
  }
  if (cur && (state === 'running' || state === 'paused')) cur.endMs = endMs;
  if (cur && state === 'paused' && pausedAt !== null) cur.pausedMs += endMs - pausedAt; // still paused at the end
  return { phases, startMs, endMs, finalState: state, finalAtMs, led: level.led, motor: level.motor, cues };
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
