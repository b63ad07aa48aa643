// The session log as a person reads it, and as CSV (one row per phase).
// Entries come from the device's Storage ring (or a `pacer.log()` dump), so
// what is exported is what the pacer recorded, not what the simulator saw.
import { PROTOCOLS } from '../firmware/core/library';
import { LogEntry, Protocol } from '../firmware/core/types';

export interface LoggedSession {
  /** The session's number in the ring (null: a corrupted slot). */
  n: number | null;
  entry: LogEntry | null;
}

export const CSV_HEADER = 'session,protocol,start_s,ended,phase_index,phase_id,duration_s,pumps,pauses,paused_s';

/** A phase's id: from the protocol the session ran if given (a custom one), else the built-ins; else its index. */
function phaseId(protocol: string, index: number, known?: Protocol): string {
  const p = known && known.id === protocol ? known : PROTOCOLS[protocol];
  return p && p.phases[index] ? p.phases[index].id : String(index);
}

const s3 = (ms: number) => (ms / 1000).toFixed(3);

export function toCsv(sessions: LoggedSession[], known?: Protocol): string {
  const rows = [CSV_HEADER];
  for (const { n, entry } of sessions) {
    if (!entry) {
      rows.push(`${n ?? ''},,,corrupt,,,,,,`);
      continue;
    }
    const head = `${n},${entry.protocol},${entry.start.toFixed(3)},${entry.end}`;
    if (!entry.phases.length) rows.push(`${head},,,,,,`);
    for (const [index, durMs, pumps, pauses, pausedMs] of entry.phases) {
      rows.push(`${head},${index},${phaseId(entry.protocol, index, known)},${s3(durMs)},${pumps},${pauses},${s3(pausedMs)}`);
    }
  }
  return rows.join('\n') + '\n';
}

/** Parse the lines `pacer.log()` prints on the device console (one JSON object each). */
export function parseDump(text: string): LoggedSession[] {
  const out: LoggedSession[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim().replace(/^>/, '');
    if (!t.startsWith('{')) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(t);
    } catch {
      throw new Error(`log dump line ${i + 1}: not JSON: ${t.slice(0, 60)}`);
    }
    if (o.corrupt) out.push({ n: null, entry: null });
    else out.push({ n: Number(o.n), entry: { protocol: String(o.protocol), start: Number(o.start), end: o.end as LogEntry['end'], phases: o.phases as number[][] } });
  });
  return out;
}

export function formatLog(sessions: LoggedSession[], known?: Protocol): string {
  if (!sessions.length) return '  (no session logged)';
  return sessions
    .map(({ n, entry }) => {
      if (!entry) return '  #? corrupted entry (skipped)';
      const phases = entry.phases
        .map(([i, dur, pumps, pauses]) => `${phaseId(entry.protocol, i, known)} ${(dur / 1000).toFixed(1)} s ${pumps} pumps${pauses ? ` ${pauses} paused` : ''}`)
        .join('; ');
      return `  #${n} ${entry.protocol} at ${entry.start.toFixed(1)} s, ${entry.end}: ${phases || 'no phase finished'}`;
    })
    .join('\n');
}
