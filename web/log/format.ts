// The session log as a therapist reads it: dates, durations, how a session
// ended, phase names. Pure functions over the parsed log (sim/log-export.ts's
// LoggedSession), shared by the page's table and chart (log-view.ts) and the
// tests, which hold the page to them.
import { PROTOCOLS } from '../../firmware/core/library';
import { EndReason, Protocol } from '../../firmware/core/types';
import { LoggedSession } from '../../sim/log-export';

/**
 * A log's start is getTime() seconds: since power-up until the clock is set (the Web IDE and
 * the App Loaders set it on connecting), then since 1970. A start after 2000-01-01 is a date.
 */
export const CLOCK_SET_S = 946684800;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** A duration: "0:07", "1:05", "1:02:03" (rounded to the second). */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** When a session started: a local date and time once the clock was set, else the time since power-up. */
export function startText(start: number): { text: string; dated: boolean } {
  if (start >= CLOCK_SET_S) {
    const d = new Date(start * 1000);
    return { text: `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`, dated: true };
  }
  return { text: `${duration(start * 1000)} since power-up`, dated: false };
}

/** The start for a chart's axis: "12 Mar", or "" when there is no date. */
export function shortDate(start: number): string {
  if (start < CLOCK_SET_S) return '';
  const d = new Date(start * 1000);
  return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
}

const ENDS: Record<string, string> = {
  done: 'finished',
  ended: 'ended early (a very long press)',
  battery: 'ended: battery low',
  interrupted: 'cut off (power lost)',
};

/** How a session ended, in words. */
export function endText(end: EndReason | string): string {
  return ENDS[end] ?? (end ? String(end) : 'not finished');
}

/** The protocol a session ran, if the page knows it: a built-in, or the custom one of the form. */
export function knownProtocol(id: string, custom?: Protocol): Protocol | undefined {
  return custom && custom.id === id ? custom : PROTOCOLS[id];
}

export interface PhaseRow {
  index: number;
  /** "2. Water wheel" when the protocol is known, else "phase 3". */
  label: string;
  id: string;
  ms: number;
  pumps: number;
  pauses: number;
  pausedMs: number;
}

export interface SessionRow {
  /** The session's number in the ring (null: a corrupted entry). */
  n: number | null;
  corrupt: boolean;
  start: number;
  when: string;
  dated: boolean;
  protocolId: string;
  /** Its name where the page knows the protocol, else its id. */
  protocol: string;
  end: string;
  ended: string;
  phases: PhaseRow[];
  totalMs: number;
  totalPumps: number;
}

/** Each session as the table and chart show it, in the log's order. */
export function sessionRows(sessions: LoggedSession[], custom?: Protocol): SessionRow[] {
  return sessions.map(({ n, entry }) => {
    if (!entry) return { n, corrupt: true, start: 0, when: '', dated: false, protocolId: '', protocol: '', end: '', ended: 'a damaged entry (its checksum does not match): skipped', phases: [], totalMs: 0, totalPumps: 0 };
    const p = knownProtocol(entry.protocol, custom);
    const phases = entry.phases.map(([index, ms, pumps, pauses, pausedMs]) => {
      const ph = p?.phases[index];
      return { index, label: ph ? `${index + 1}. ${ph.name || ph.id}` : `phase ${index + 1}`, id: ph ? ph.id : String(index), ms, pumps, pauses, pausedMs };
    });
    const w = startText(entry.start);
    return {
      n, corrupt: false, start: entry.start, when: w.text, dated: w.dated,
      protocolId: entry.protocol, protocol: p && p.name ? p.name : entry.protocol,
      end: entry.end, ended: endText(entry.end),
      phases, totalMs: phases.reduce((t, x) => t + x.ms, 0), totalPumps: phases.reduce((t, x) => t + x.pumps, 0),
    };
  });
}

/** A phase's pauses: "–", or "2 (0:35)" with the time paused. */
export function pausesText(pauses: number, pausedMs: number): string {
  return pauses ? `${pauses} (${duration(pausedMs)})` : '–';
}
