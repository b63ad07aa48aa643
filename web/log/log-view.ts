// The session log drawn for the therapist: a small chart of the sessions in
// the log (a bar each, its phases stacked, the paused part lighter) and a
// table, newest first: when, which protocol, how it ended, and per phase the
// duration, pumps and pauses. Every figure is also in data-* attributes, as
// the pacer logged it, for the tests.
import { Protocol } from '../../firmware/core/types';
import { LoggedSession } from '../../sim/log-export';
import { duration, pausesText, SessionRow, sessionRows, shortDate } from './format';

/** One colour per phase position (a protocol has at most 12 phases). */
export const PHASE_COLOURS = ['#0f766e', '#7c3aed', '#d97706', '#0284c7', '#db2777', '#65a30d', '#dc2626', '#475569', '#14b8a6', '#a855f7', '#ca8a04', '#0ea5e9'];

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

function svg(tag: string, attrs: Record<string, string | number> = {}, ...kids: Array<Node | string>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...kids);
  return e;
}

const title = (text: string) => svg('title', {}, text);

/** Axis steps, minutes: the first that needs at most 5 lines. */
const STEPS_MIN = [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60];

/** The chart: sessions oldest to newest, left to right; minutes up. */
export function chart(rows: SessionRow[]): SVGElement {
  const W = 560, H = 190, left = 44, right = 8, top = 12, bottom = 38;
  const plotW = W - left - right, plotH = H - top - bottom;
  const shown = rows.slice().sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
  const maxMs = Math.max(60000, ...shown.map((r) => r.totalMs));
  const step = (STEPS_MIN.find((m) => maxMs / (m * 60000) <= 5) ?? 120) * 60000;
  const topMs = Math.ceil(maxMs / step) * step;
  const y = (ms: number) => top + plotH - (ms / topMs) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'log-chart', role: 'img', 'aria-label': `Duration of the last ${shown.length} sessions, phases stacked` });
  for (let ms = 0; ms <= topMs; ms += step) {
    root.append(svg('line', { x1: left, x2: W - right, y1: y(ms), y2: y(ms), class: ms ? 'grid' : 'axis' }));
    root.append(svg('text', { x: left - 6, y: y(ms) + 4, 'text-anchor': 'end', class: 'tick' }, duration(ms)));
  }
  const slot = plotW / Math.max(shown.length, 6);
  const barW = Math.min(44, slot * 0.62);
  shown.forEach((r, k) => {
    const x = left + slot * k + (slot - barW) / 2;
    const g = svg('g', { class: 'bar', 'data-n': r.n ?? '', 'data-ms': r.totalMs });
    if (r.corrupt) {
      g.append(svg('rect', { x, y: y(0) - 14, width: barW, height: 14, class: 'corrupt' }, title('a damaged entry (skipped)')));
    }
    let base = 0;
    for (const p of r.phases) {
      const h = (p.ms / topMs) * plotH;
      const seg = svg('rect', { x, y: y(base + p.ms), width: barW, height: Math.max(h, 0.5), fill: PHASE_COLOURS[p.index % PHASE_COLOURS.length], class: 'seg', 'data-index': p.index, 'data-ms': p.ms },
        title(`#${r.n}, ${p.label}: ${duration(p.ms)}, ${p.pumps} pumps${p.pauses ? `, paused ${pausesText(p.pauses, p.pausedMs)}` : ''}`));
      g.append(seg);
      if (p.pausedMs > 0) {
        g.append(svg('rect', { x, y: y(base + p.ms), width: barW, height: Math.max((Math.min(p.pausedMs, p.ms) / topMs) * plotH, 0.5), class: 'paused' }, title(`#${r.n}, ${p.label}: paused ${duration(p.pausedMs)}`)));
      }
      base += p.ms;
    }
    const cx = x + barW / 2;
    g.append(svg('text', { x: cx, y: H - bottom + 15, 'text-anchor': 'middle', class: 'label' }, r.n === null ? '?' : `#${r.n}`));
    const date = r.corrupt ? '' : shortDate(r.start);
    if (date) g.append(svg('text', { x: cx, y: H - bottom + 29, 'text-anchor': 'middle', class: 'date' }, date));
    root.append(g);
  });
  return root;
}

/**
 * The legend: each position's phase named from the newest session that reached it (a session
 * ended early names only its first phases), and what is lighter.
 */
function legend(rows: SessionRow[]): HTMLElement {
  const newestFirst = rows.filter((r) => !r.corrupt).sort((a, b) => (b.n ?? -1) - (a.n ?? -1));
  const most = Math.max(0, ...rows.map((r) => r.phases.length));
  const items: HTMLElement[] = [];
  for (let i = 0; i < most; i++) {
    const holder = newestFirst.find((r) => r.phases.some((x) => x.index === i));
    const p = holder?.phases.find((x) => x.index === i);
    items.push(el('li', {}, el('span', { class: 'swatch', style: `background:${PHASE_COLOURS[i % PHASE_COLOURS.length]}` }), p ? p.label : `phase ${i + 1}`));
  }
  items.push(el('li', {}, el('span', { class: 'swatch paused' }), 'paused'));
  return el('ul', { class: 'log-legend' }, ...items);
}

function sessionBody(r: SessionRow): HTMLTableSectionElement {
  const body = el('tbody', { class: 'session', 'data-n': String(r.n ?? ''), 'data-corrupt': String(r.corrupt) });
  if (r.corrupt) {
    body.append(el('tr', { class: 's-head' }, el('th', { colspan: '4', scope: 'rowgroup' }, el('span', { class: 's-num' }, r.n === null ? '#?' : `#${r.n}`), ' ', el('span', { class: 's-end' }, r.ended))));
    return body;
  }
  Object.assign(body.dataset, { start: String(r.start), end: r.end, protocol: r.protocolId });
  body.append(el('tr', { class: 's-head' }, el('th', { colspan: '4', scope: 'rowgroup' },
    el('span', { class: 's-num' }, `#${r.n}`),
    el('span', { class: 's-date', title: r.dated ? '' : 'The pacer\'s clock was not set: the time since it was switched on' }, r.when),
    el('span', { class: 's-protocol', title: `protocol id: ${r.protocolId}` }, r.protocol),
    el('span', { class: `s-end end-${r.end}` }, r.ended),
    el('span', { class: 's-total' }, `${duration(r.totalMs)}, ${r.totalPumps} pumps`))));
  if (!r.phases.length) body.append(el('tr', { class: 's-none' }, el('td', { colspan: '4' }, 'no phase finished')));
  for (const p of r.phases) {
    body.append(el('tr', { class: 's-phase', 'data-index': String(p.index), 'data-ms': String(p.ms), 'data-pumps': String(p.pumps), 'data-pauses': String(p.pauses), 'data-paused-ms': String(p.pausedMs) },
      el('td', {}, el('span', { class: 'swatch', style: `background:${PHASE_COLOURS[p.index % PHASE_COLOURS.length]}` }), p.label),
      el('td', { class: 'num' }, duration(p.ms)),
      el('td', { class: 'num' }, String(p.pumps)),
      el('td', { class: 'num' }, pausesText(p.pauses, p.pausedMs))));
  }
  return body;
}

/** The log into `box`: a summary line, the chart, the legend, the table (newest first). */
export function renderLog(box: HTMLElement, sessions: LoggedSession[], custom?: Protocol): void {
  const rows = sessionRows(sessions, custom);
  box.hidden = false;
  if (!rows.length) {
    box.replaceChildren(el('p', { class: 'log-summary' }, 'No session logged yet.'));
    return;
  }
  const newestFirst = rows.slice().sort((a, b) => (b.n ?? -1) - (a.n ?? -1));
  const done = rows.filter((r) => r.end === 'done').length;
  const table = el('table', { class: 'log-table' },
    el('caption', { class: 'sr-only' }, 'Sessions, newest first'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Phase'), el('th', { scope: 'col', class: 'num' }, 'Duration'), el('th', { scope: 'col', class: 'num' }, 'Pumps'), el('th', { scope: 'col', class: 'num' }, 'Pauses'))),
    ...newestFirst.map(sessionBody));
  box.replaceChildren(
    el('p', { class: 'log-summary' }, `${rows.length} session${rows.length === 1 ? '' : 's'} in the log, ${done} finished; newest first below.`),
    el('figure', { class: 'log-figure' }, chart(rows), legend(rows)),
    table);
}
