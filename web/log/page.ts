// Where the page shows a session log as a table and chart (log-view.ts):
// - the real pacer's, each time "Read the session log" has read it: the lines
//   the real-pacer half shows (web/real/view.ts, in #r-log-text) are parsed
//   with the same parser (sim/log-export.ts's parseDump), so the table is
//   exactly what was read, and its CSV stays that half's own;
// - the virtual pacer's, read from its Storage ring (sim/device-files.ts's
//   readLog, as npm run log does), with the same CSV (toCsv).
import { Protocol } from '../../firmware/core/types';
import { readLog } from '../../sim/device-files';
import { LoggedSession, parseDump, toCsv } from '../../sim/log-export';
import { SetupForm } from '../setup-form';
import { VirtualPacer } from '../virtual/pacer';
import { renderLog } from './log-view';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The custom protocol of the form, if any: it names a custom session's phases. */
function customOf(form: SetupForm): Protocol | undefined {
  const s = form.read();
  return s && !s.builtIn ? s.protocol : undefined;
}

/** The real pacer's log, drawn each time the real-pacer half shows a new one. */
export function watchRealLog(form: SetupForm): void {
  const pre = $('r-log-text');
  const draw = () => {
    if (pre.hidden) return;
    let sessions: LoggedSession[];
    try {
      sessions = parseDump(pre.textContent ?? '');
    } catch {
      return;
    }
    renderLog($('r-log-view'), sessions, customOf(form));
    $('r-log-raw').hidden = false;
  };
  new MutationObserver(draw).observe(pre, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
}

/** The virtual pacer's log in its Storage, as LoggedSessions (oldest first). */
export function virtualSessions(pacer: VirtualPacer): LoggedSession[] {
  return readLog(pacer.device.storage).map((r) => ({ n: r.n, entry: r.entry }));
}

/** "Show its session log": the virtual pacer's log, and its CSV. `current` is the pacer running now. */
export function virtualLog(current: () => VirtualPacer): void {
  let url: string | null = null;
  $('v-log').addEventListener('click', () => {
    const pacer = current();
    const sessions = virtualSessions(pacer);
    const custom = pacer.protocol;
    renderLog($('v-log-view'), sessions, custom);
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([toCsv(sessions, custom)], { type: 'text/csv' }));
    const a = $<HTMLAnchorElement>('v-csv');
    a.href = url;
    a.hidden = false;
  });
}
