// The session timeline as a self-contained SVG: phases as coloured bands, the
// LED and motor outputs as pulses, the pump count, cues, pauses and how the
// session ended, on one time axis in seconds. Pure: the same events and
// options always give the same string (no clock, no randomness, fixed number
// formatting), and its size is bounded whatever the session length: pulses
// and beat ticks closer than a pixel are merged.
import { Protocol } from '../firmware/core/types';
import { TraceEvent } from './trace-events';
import { Pulse, TraceReader } from './trace-reader';

export interface TimelineOptions { protocol: Protocol; endMs: number; title: string }

// ---- layout (px) ----------------------------------------------------------

const W = 1400;
const H = 360;
const X0 = 78; // plot left: lane labels sit to the left of it
const X1 = W - 18; // plot right
const L = {
  title: 24,
  legend: 46,
  top: 58, // plot top: phase labels
  headLine1: 72,
  headLine2: 86,
  cueTop: 90, // cue flags
  cueBottom: 118,
  ledTop: 124,
  ledBottom: 172,
  motorTop: 180,
  motorBottom: 228,
  pumpBase: 262, // beat ticks stand on this line
  pumpNum: 276,
  bottom: 284, // the time axis
  tickLabel: 299,
  axisTitle: 315,
  note: 343,
};

const MIN_PULSE_PX = 1; // a 30 ms flash is a quarter of a pixel in a 150 s session
const MERGE_OVERLAP_PX = 0.25; // pulses whose drawn rects touch (after widening) merge
const BEAT_BUCKET_PX = 2; // at most one beat tick per 2 px

const COLOR = {
  led: '#f08c00',
  motor: '#3b5bdb',
  pump: '#343a40',
  accent: '#000000',
  lead: '#adb5bd',
  tick: '#ced4da',
  target: '#2b8a3e',
  position: '#0b7285',
  countdown: '#c92a2a',
  done: '#212529',
  pause: '#868e96',
  cue: '#868e96',
  grid: '#000000',
  text: '#212529',
  muted: '#495057',
};

/** Band fill and label colour per phase index (cycled). */
const PHASE_COLORS: [string, string][] = [
  ['#e7f0fb', '#1c4f8a'],
  ['#e8f5e9', '#2b6a33'],
  ['#f1eafa', '#5f3b91'],
  ['#fdebee', '#8f2a3d'],
  ['#e3f4f4', '#23675f'],
  ['#f6f1e3', '#6e5a1d'],
];

/** Axis steps in seconds: the first that leaves at least MIN_TICK_PX between ticks. */
const STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
const MIN_TICK_PX = 64;

// ---- formatting -----------------------------------------------------------

/** A coordinate: one decimal, no trailing ".0", never "-0". */
function n1(v: number): string {
  const r = Math.round(v * 10) / 10;
  return (r === 0 ? 0 : r).toFixed(1).replace(/\.0$/, '');
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function level(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A rough width for sans-serif text (DejaVu/Arial-like), on the generous side so labels do not collide. */
export function textWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    if (' il.,:;|!\'()[]fjtI'.includes(ch)) w += 0.34;
    else if (ch === 'm' || ch === 'w' || ch === 'M' || ch === 'W') w += 0.9;
    else if (ch >= 'A' && ch <= 'Z') w += 0.72;
    else w += 0.62;
  }
  return w * size * (bold ? 1.08 : 1);
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(s)}</text>`;
}

/** White outline behind a label that may sit on pulses or hatching. */
const HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

// ---- the trace, read once (by the trace reader) ----------------------------

interface Band { startMs: number; endMs: number; index: number; id: string; name: string; pumps: number }
type BeatKind = 'tick' | 'lead' | 'pump' | 'accent' | 'countdown';
interface Beat { t: number; kind: BeatKind }
interface Pump { t: number; n: number; band: number }
/** `position`: where a position cue sends the hands. */
interface Cue { t: number; name: string; band: number; position?: string }
interface Span { startMs: number; endMs: number }

interface Model {
  bands: Band[];
  pulses: { led: Pulse[]; motor: Pulse[] };
  beats: Beat[];
  pumps: Pump[];
  cues: Cue[];
  pauses: Span[];
  startMs: number | null;
  endMs: number;
  finalState: string;
  final: { led: number; motor: number };
}

function readTrace(input: TraceEvent[], endMsOpt: number): Model {
  // stable: events at the same time keep the trace order (state, phase, cue, pump, outputs)
  const events = input.map((e, i) => ({ e, i })).sort((a, b) => a.e.t_ms - b.e.t_ms || a.i - b.i).map((x) => x.e);
  const last = events.length ? events[events.length - 1].t_ms : 0;
  const endMs = Math.max(Number.isFinite(endMsOpt) ? endMsOpt : 0, last);
  const pulses: Model['pulses'] = { led: [], motor: [] };
  const beats: Beat[] = [];
  const pumps: Pump[] = [];
  const cues: Cue[] = [];
  // an accent or countdown cue marks the pump traced right after it
  let accentAt = -1;
  let countdownAt = -1;
  const r: TraceReader = new TraceReader({
    onPump(e) {
      pumps.push({ t: e.t_ms, n: e.n, band: r.phases.length - 1 });
      beats.push({ t: e.t_ms, kind: countdownAt === e.t_ms ? 'countdown' : accentAt === e.t_ms ? 'accent' : 'pump' });
    },
    onCue(e) {
      const band = r.phases.length - 1;
      if (e.name === 'accent') accentAt = e.t_ms;
      else if (e.name === 'countdown') countdownAt = e.t_ms;
      else if (e.name === 'lead' || e.name === 'tick') beats.push({ t: e.t_ms, kind: e.name });
      else if (e.name === 'position') cues.push({ t: e.t_ms, name: e.name, band, position: e.position ?? '' });
      else cues.push({ t: e.t_ms, name: e.name, band });
    },
    onPulse(ch, p) {
      if (ch !== 'led_red') pulses[ch].push({ ...p, level: Math.min(1, p.level) });
    },
  });
  r.readAll(events).finish(endMs);
  pulses.led.sort((a, b) => a.t0 - b.t0);
  pulses.motor.sort((a, b) => a.t0 - b.t0);
  return {
    bands: r.phases.map((p) => ({ ...p, endMs: p.endMs ?? endMs })),
    pulses, beats, pumps, cues,
    pauses: r.pauses.map((p) => ({ startMs: p.startMs, endMs: p.endMs ?? endMs })),
    startMs: r.firstStartMs, endMs, finalState: r.state, final: { led: r.level.led, motor: r.level.motor },
  };
}

// ---- the time axis --------------------------------------------------------

interface Axis { endMs: number; stepMs: number; x: (ms: number) => number }

function makeAxis(endMs: number): Axis {
  const spanMs = Math.max(endMs, 1000);
  const pxPerMs = (X1 - X0) / spanMs;
  let stepS = STEPS_S.find((s) => s * 1000 * pxPerMs >= MIN_TICK_PX);
  if (stepS === undefined) {
    stepS = STEPS_S[STEPS_S.length - 1];
    while (stepS * 1000 * pxPerMs < MIN_TICK_PX) stepS *= 2;
  }
  const stepMs = stepS * 1000;
  // end on a tick when that wastes little room; otherwise leave a 2 % margin
  const onTick = Math.ceil(spanMs / stepMs - 1e-9) * stepMs;
  const belowTick = Math.floor(spanMs / stepMs) * stepMs;
  const axisEnd = spanMs - belowTick <= spanMs * 0.005 ? spanMs : onTick <= spanMs * 1.12 ? onTick : spanMs * 1.02;
  const k = (X1 - X0) / axisEnd;
  return { endMs: axisEnd, stepMs, x: (ms: number) => X0 + Math.max(0, Math.min(axisEnd, ms)) * k };
}

function tickLabel(ms: number, stepMs: number): string {
  return stepMs < 1000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

// ---- drawing helpers ------------------------------------------------------

interface Placed { x0: number; x1: number }

function overlaps(list: Placed[], p: Placed, pad: number): boolean {
  return list.some((q) => p.x0 < q.x1 + pad && q.x0 < p.x1 + pad);
}

/** Pulses as rects standing on the lane's baseline; ones that touch once widened to MIN_PULSE_PX merge into one. */
function pulseRects(pulses: Pulse[], ax: Axis, top: number, bottom: number, cls: string, color: string): { svg: string[]; merged: boolean } {
  const h = bottom - top;
  const out: string[] = [];
  let merged = false;
  let cur: { x0: number; x1: number; level: number; count: number } | null = null;
  const flush = () => {
    if (!cur) return;
    const rh = Math.max(1, cur.level * h);
    // merged pulses are drawn fainter and say how many they are (data-pulses: a reader, or a test, can count them all)
    const opacity = cur.count > 1 ? ` fill-opacity="0.6" data-pulses="${cur.count}"` : '';
    out.push(`<rect class="${cls}" x="${n1(cur.x0)}" y="${n1(bottom - rh)}" width="${n1(cur.x1 - cur.x0)}" height="${n1(rh)}" fill="${color}"${opacity}/>`);
    if (cur.count > 1) merged = true;
  };
  for (const p of pulses) {
    const x0 = ax.x(p.t0);
    const x1 = Math.max(ax.x(p.t1), x0 + MIN_PULSE_PX);
    if (cur && x0 < cur.x1 + MERGE_OVERLAP_PX) {
      cur.x1 = Math.max(cur.x1, x1);
      cur.level = Math.max(cur.level, p.level);
      cur.count += 1;
    } else {
      flush();
      cur = { x0, x1, level: p.level, count: 1 };
    }
  }
  flush();
  return { svg: out, merged };
}

const BEAT_RANK: Record<BeatKind, number> = { tick: 0, lead: 1, pump: 2, accent: 3, countdown: 4 };
const BEAT_STYLE: Record<BeatKind, { len: number; color: string; width: number }> = {
  tick: { len: 5, color: COLOR.tick, width: 1 },
  lead: { len: 7, color: COLOR.lead, width: 1.2 },
  pump: { len: 11, color: COLOR.pump, width: 1.2 },
  accent: { len: 20, color: COLOR.accent, width: 1.8 },
  countdown: { len: 16, color: COLOR.countdown, width: 2.2 },
};

/** Beat ticks, one per BEAT_BUCKET_PX at most (the strongest kind wins), one path per kind. */
function beatPaths(beats: Beat[], ax: Axis): { svg: string[]; merged: boolean } {
  const buckets = new Map<number, { x: number; kind: BeatKind; count: number }>();
  let merged = false;
  for (const b of beats) {
    const x = ax.x(b.t);
    const k = Math.floor((x - X0) / BEAT_BUCKET_PX);
    const cur = buckets.get(k);
    if (!cur) buckets.set(k, { x, kind: b.kind, count: 1 });
    else {
      cur.count += 1;
      if (b.kind !== cur.kind && BEAT_RANK[b.kind] >= BEAT_RANK.pump && BEAT_RANK[cur.kind] >= BEAT_RANK.pump) merged = true;
      if (BEAT_RANK[b.kind] > BEAT_RANK[cur.kind]) {
        cur.kind = b.kind;
        cur.x = x;
      }
    }
  }
  const d: Record<BeatKind, string[]> = { tick: [], lead: [], pump: [], accent: [], countdown: [] };
  for (const k of [...buckets.keys()].sort((a, b) => a - b)) {
    const b = buckets.get(k)!;
    if (b.count > 2) merged = true;
    d[b.kind].push(`M${n1(b.x)} ${L.pumpBase}v-${BEAT_STYLE[b.kind].len}`);
  }
  const out: string[] = [];
  for (const kind of ['tick', 'lead', 'pump', 'accent', 'countdown'] as BeatKind[]) {
    if (!d[kind].length) continue;
    const s = BEAT_STYLE[kind];
    // crowded ticks (under BEAT_BUCKET_PX apart) merge into a grey band rather than a black one
    out.push(`<path class="beat-${kind}" d="${d[kind].join('')}" stroke="${s.color}" stroke-width="${s.width}"${merged ? ' stroke-opacity="0.5"' : ''} fill="none"/>`);
  }
  return { svg: out, merged };
}

/** Pump numbers: every 5th (or a coarser multiple of 5 when pumps crowd) and the last of each phase. */
function pumpLabels(m: Model, ax: Axis): string[] {
  const size = 10;
  const stepOf = new Map<number, number>();
  m.bands.forEach((b, i) => {
    const pxPerPump = b.pumps > 0 ? (ax.x(b.endMs) - ax.x(b.startMs)) / b.pumps : Infinity;
    let step = 5;
    for (const s of [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000]) {
      step = s;
      if (s * pxPerPump >= 26) break;
    }
    while (step * pxPerPump < 26) step *= 2;
    stepOf.set(i, step);
  });
  const lastOf = new Map<number, number>();
  m.bands.forEach((b, i) => lastOf.set(i, b.pumps));
  type Cand = Placed & { x: number; label: string; last: boolean };
  const placed: Cand[] = [];
  for (const p of m.pumps) {
    const last = p.band >= 0 && p.n === lastOf.get(p.band);
    const step = stepOf.get(p.band) ?? 5;
    if (!last && p.n % step !== 0) continue;
    const label = String(p.n);
    const x = ax.x(p.t);
    const w = textWidth(label, size, last);
    const c: Cand = { x, label, last, x0: x - w / 2, x1: x + w / 2 };
    // the last pump of a phase wins over an ordinary label it would collide with
    while (placed.length && c.x0 < placed[placed.length - 1].x1 + 3) {
      if (c.last && !placed[placed.length - 1].last) placed.pop();
      else break;
    }
    if (placed.length && c.x0 < placed[placed.length - 1].x1 + 3) continue;
    placed.push(c);
  }
  return placed.map((c) => text(c.x, L.pumpNum, c.label, `text-anchor="middle" font-size="${size}"${c.last ? ' font-weight="bold"' : ''} fill="${COLOR.text}"`));
}

/** A flag on the cue lane, its label placed on one of two rows, on its preferred side if free. */
function flags(m: Model, ax: Axis): string[] {
  const out: string[] = [];
  const rows: Placed[][] = [[], []];
  const rowY = [L.cueTop + 11, L.cueTop + 25];
  const size = 11;
  for (const c of m.cues) {
    const x = ax.x(c.t);
    if (c.name === 'phase') {
      // the band edge already marks the change: a small solid triangle at its top
      const col = PHASE_COLORS[(m.bands[c.band]?.index ?? 0) % PHASE_COLORS.length][1];
      out.push(`<path class="cue-phase" d="M${n1(x - 4)} ${L.cueTop}h8l-4 7z" fill="${col}"><title>phase change at ${escapeXml(sec(c.t))}</title></path>`);
      continue;
    }
    if (c.name === 'pause') {
      out.push(`<path class="cue-pause" d="M${n1(x)} ${L.cueBottom}V${L.cueTop + 14}" stroke="${COLOR.pause}" stroke-width="1.5"><title>pause cue at ${escapeXml(sec(c.t))}</title></path>`);
      continue;
    }
    const label = c.name === 'target' ? 'target reached' : c.name === 'position' ? `to ${c.position || 'next position'}` : c.name;
    const color = c.name === 'target' ? COLOR.target : c.name === 'position' ? COLOR.position : c.name === 'done' ? COLOR.done : COLOR.cue;
    const w = textWidth(label, size, true);
    const sides: ('right' | 'left')[] = c.name === 'target' ? ['left', 'right'] : ['right', 'left'];
    let spot: { row: number; side: 'right' | 'left'; p: Placed } | null = null;
    for (let row = 0; row < rows.length && !spot; row++) {
      for (const side of sides) {
        const p = side === 'right' ? { x0: x + 3, x1: x + 11 + w } : { x0: x - 11 - w, x1: x - 3 };
        if (p.x0 < X0 || p.x1 > X1 || overlaps(rows[row], p, 6)) continue;
        spot = { row, side, p };
        break;
      }
    }
    const side = spot?.side ?? sides[0];
    const dir = side === 'right' ? 1 : -1;
    const parts = [
      `<path d="M${n1(x)} ${L.cueBottom}V${L.bottom}" stroke="${color}" stroke-width="1" stroke-dasharray="3 3" stroke-opacity="0.55"/>`,
      `<path d="M${n1(x)} ${L.cueBottom}V${L.cueTop + 2}" stroke="${color}" stroke-width="1.5"/>`,
      `<path d="M${n1(x)} ${L.cueTop + 2}l${9 * dir} 4l${-9 * dir} 4z" fill="${color}"/>`,
    ];
    if (spot) {
      rows[spot.row].push(spot.p);
      const tx = side === 'right' ? x + 11 : x - 11;
      parts.push(text(tx, rowY[spot.row], label, `font-size="${size}" font-weight="bold" fill="${color}"${side === 'left' ? ' text-anchor="end"' : ''} ${HALO}`));
    }
    out.push(`<g class="cue-${escapeXml(c.name)}"><title>${escapeXml(`${label} at ${sec(c.t)}`)}</title>${parts.join('')}</g>`);
  }
  return out;
}

/**
 * Phase labels in the header rows: one line ("name · N pumps") if it fits the
 * band, else name over pump count, else (a band too narrow for even a short
 * name) the one-line label on the second row next to the band, where free.
 */
function bandLabels(m: Model, ax: Axis): string[] {
  const size = 12;
  const rows: Placed[][] = [[], []];
  const rowY = [L.headLine1, L.headLine2];
  const out: string[] = m.bands.map(() => '');
  const overflow: number[] = [];
  const oneLine = (b: Band, x: number, y: number, ink: string, anchorEnd: boolean) => {
    const pumps = `${b.pumps} pump${b.pumps === 1 ? '' : 's'}`;
    return `<text x="${n1(x)}" y="${y}" font-size="${size}" fill="${ink}"${anchorEnd ? ' text-anchor="end"' : ''}>` +
      `<tspan font-weight="bold">${escapeXml(b.name)}</tspan> · ${escapeXml(pumps)}</text>`;
  };
  m.bands.forEach((b, i) => {
    const ink = PHASE_COLORS[b.index % PHASE_COLORS.length][1];
    const x0 = ax.x(b.startMs);
    const x1 = ax.x(b.endMs);
    const room = x1 - x0 - 10;
    const tx = x0 + 5;
    const pumps = `${b.pumps} pump${b.pumps === 1 ? '' : 's'}`;
    const wOne = textWidth(`${b.name} · ${pumps}`, size, true);
    if (wOne <= room) {
      out[i] = oneLine(b, tx, L.headLine1, ink, false);
      rows[0].push({ x0: tx, x1: tx + wOne });
      return;
    }
    // two lines; the name cut short if need be, but not to a stub
    const chars = [...b.name];
    let name = b.name;
    if (textWidth(name, size, true) > room) {
      while (chars.length > 1 && textWidth(chars.join('') + '…', size, true) > room) chars.pop();
      name = chars.join('').trimEnd() + '…';
    }
    if (chars.length >= Math.min(6, [...b.name].length) && textWidth(name, size, true) <= room) {
      const second = textWidth(pumps, size) <= room ? pumps : String(b.pumps);
      out[i] = `<text x="${n1(tx)}" y="${L.headLine1}" font-size="${size}" fill="${ink}" font-weight="bold">${escapeXml(name)}</text>` +
        (textWidth(second, size) <= room ? text(tx, L.headLine2, second, `font-size="${size}" fill="${ink}"`) : '');
      rows[0].push({ x0: tx, x1: tx + room });
      rows[1].push({ x0: tx, x1: tx + room });
      return;
    }
    overflow.push(i);
  });
  for (const i of overflow) {
    const b = m.bands[i];
    const ink = PHASE_COLORS[b.index % PHASE_COLORS.length][1];
    const x0 = ax.x(b.startMs);
    const x1 = ax.x(b.endMs);
    const w = textWidth(`${b.name} · ${b.pumps} pumps`, size, true);
    const spots: { row: number; end: boolean; p: Placed }[] = [];
    for (const row of [1, 0]) {
      spots.push({ row, end: true, p: { x0: x1 - 2 - w, x1: x1 - 2 } }, { row, end: false, p: { x0: x0 + 2, x1: x0 + 2 + w } });
    }
    const spot = spots.find((s) => s.p.x0 >= X0 && s.p.x1 <= X1 && !overlaps(rows[s.row], s.p, 8));
    if (!spot) continue;
    rows[spot.row].push(spot.p);
    out[i] = oneLine(b, spot.end ? spot.p.x1 : spot.p.x0, rowY[spot.row], ink, spot.end);
  }
  return out;
}

// ---- the picture ----------------------------------------------------------

export function timelineSvg(events: TraceEvent[], o: TimelineOptions): string {
  // the plot ends at o.endMs: later events (the radio going to sleep minutes after) are not drawn
  const m = readTrace(events.filter((e) => e.t_ms <= o.endMs), o.endMs);
  const ax = makeAxis(m.endMs);
  const parts: string[] = [];
  const add = (...s: string[]) => parts.push(...s);

  add(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`);
  add(`<title>${escapeXml(o.title)}</title>`);
  add('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    `<rect width="6" height="6" fill="${COLOR.pause}" fill-opacity="0.12"/><path d="M0 0V6" stroke="${COLOR.pause}" stroke-width="2" stroke-opacity="0.35"/></pattern></defs>`);
  add(`<rect width="${W}" height="${H}" fill="#fff"/>`);

  // phases: bands across the full plot height
  const labels = bandLabels(m, ax);
  m.bands.forEach((b, i) => {
    const [fill, ink] = PHASE_COLORS[b.index % PHASE_COLORS.length];
    const x0 = ax.x(b.startMs);
    const x1 = Math.max(ax.x(b.endMs), x0 + 1);
    add(`<g class="phase"><title>${escapeXml(`${b.name} · ${b.pumps} pumps · ${sec(b.startMs)} to ${sec(b.endMs)}`)}</title>` +
      `<rect x="${n1(x0)}" y="${L.top}" width="${n1(x1 - x0)}" height="${L.bottom - L.top}" fill="${fill}"/>` +
      `<path d="M${n1(x0)} ${L.top}V${L.bottom}" stroke="${ink}" stroke-width="1" stroke-opacity="0.5"/>` +
      labels[i] + '</g>');
  });

  // pauses: hatched spans below the phase labels (their labels go on top of the pulses, later)
  const pauseLabels: string[] = [];
  for (const p of m.pauses) {
    const x0 = ax.x(p.startMs);
    const x1 = Math.max(ax.x(p.endMs), x0 + 2);
    const w = x1 - x0;
    const y0 = L.cueTop;
    let label = '';
    const tw = textWidth('paused', 11, true);
    const mid = (L.ledTop + L.ledBottom) / 2;
    if (w >= tw + 6) label = text((x0 + x1) / 2, mid + 4, 'paused', `text-anchor="middle" font-size="11" font-weight="bold" fill="${COLOR.muted}" ${HALO}`);
    else if (w >= 9) label = `<text transform="translate(${n1((x0 + x1) / 2 + 4)} ${n1(mid)}) rotate(-90)" text-anchor="middle" font-size="11" font-weight="bold" fill="${COLOR.muted}" ${HALO}>paused</text>`;
    add(`<g class="pause"><title>${escapeXml(`paused ${sec(p.startMs)} to ${sec(p.endMs)} (${sec(p.endMs - p.startMs)})`)}</title>` +
      `<rect x="${n1(x0)}" y="${y0}" width="${n1(w)}" height="${L.bottom - y0}" fill="url(#hatch)" stroke="${COLOR.pause}" stroke-opacity="0.6"/></g>`);
    if (label) pauseLabels.push(label);
  }

  // time grid
  const grid: string[] = [];
  const ticks: string[] = [];
  const nTicks = Math.floor(ax.endMs / ax.stepMs + 1e-9);
  for (let i = 0; i <= nTicks; i++) {
    const t = i * ax.stepMs;
    const x = n1(ax.x(t));
    grid.push(`M${x} ${L.cueTop}V${L.bottom}`);
    ticks.push(`M${x} ${L.bottom}v4`);
  }
  add(`<path class="grid" d="${grid.join('')}" stroke="${COLOR.grid}" stroke-opacity="0.09" stroke-width="1"/>`);

  // lanes: baselines, full-level guides and labels
  const lanes: [string, number, number][] = [['cues', L.cueTop, L.cueBottom], ['LED', L.ledTop, L.ledBottom], ['motor', L.motorTop, L.motorBottom], ['pumps', L.pumpBase - 24, L.pumpBase]];
  for (const [name, top, bottom] of lanes) {
    add(text(X0 - 8, (top + bottom) / 2 + 4, name, `text-anchor="end" font-size="12" fill="${COLOR.muted}"`));
    if (name === 'LED' || name === 'motor') {
      add(`<path d="M${X0} ${top}H${X1}" stroke="#000" stroke-opacity="0.12" stroke-dasharray="2 4"/>`);
      add(`<path d="M${X0} ${bottom}H${X1}" stroke="#000" stroke-opacity="0.3"/>`);
      add(text(X0 - 8, top + 8, '1', `text-anchor="end" font-size="9" fill="${COLOR.muted}"`));
      add(text(X0 - 8, bottom, '0', `text-anchor="end" font-size="9" fill="${COLOR.muted}"`));
    }
  }
  add(`<path d="M${X0} ${L.pumpBase}H${X1}" stroke="#000" stroke-opacity="0.3"/>`);

  // outputs
  const led = pulseRects(m.pulses.led, ax, L.ledTop, L.ledBottom, 'led', COLOR.led);
  const motor = pulseRects(m.pulses.motor, ax, L.motorTop, L.motorBottom, 'motor', COLOR.motor);
  add(...led.svg, ...motor.svg);
  for (const [ch, name, top, bottom] of [['led', 'LED', L.ledTop, L.ledBottom], ['motor', 'motor', L.motorTop, L.motorBottom]] as const) {
    if (m.pulses[ch].length === 0) add(text(X0 + 10, (top + bottom) / 2 + 4, `no ${name} output in this trace`, `font-size="11" font-style="italic" fill="${COLOR.muted}"`));
  }

  // beats and pump numbers
  const beats = beatPaths(m.beats, ax);
  add(...beats.svg);
  add(...pumpLabels(m, ax));

  // cues
  add(...pauseLabels);
  add(...flags(m, ax));

  // axis
  add(`<path d="M${X0} ${L.bottom}H${X1}${ticks.join('')}" stroke="${COLOR.text}" stroke-width="1" fill="none"/>`);
  for (let i = 0; i <= nTicks; i++) {
    const t = i * ax.stepMs;
    add(text(ax.x(t), L.tickLabel, tickLabel(t, ax.stepMs), `text-anchor="middle" font-size="11" fill="${COLOR.text}"`));
  }
  add(text((X0 + X1) / 2, L.axisTitle, 'time (s)', `text-anchor="middle" font-size="11" fill="${COLOR.muted}"`));

  // title and legend
  add(text(16, L.title, o.title, `font-size="16" font-weight="bold" fill="${COLOR.text}"`));
  add(...legend(m, led.merged || motor.merged || beats.merged));

  // how it ended
  add(text(16, L.note, endNote(m, o.protocol), `font-size="12" font-weight="bold" fill="${COLOR.text}"`));
  add(text(X1, L.note, totals(m), `text-anchor="end" font-size="12" fill="${COLOR.muted}"`));

  add('</svg>');
  return parts.join('\n') + '\n';
}

function legend(m: Model, merged: boolean): string[] {
  const out: string[] = [];
  let x = 16;
  const y = L.legend;
  const size = 11;
  const item = (swatch: string, label: string) => {
    out.push(swatch, text(x + 18, y, label, `font-size="${size}" fill="${COLOR.muted}"`));
    x += 18 + textWidth(label, size) + 16;
  };
  const sw = (fill: string, h = 10) => `<rect x="${x + 2}" y="${y - h}" width="10" height="${h}" fill="${fill}"/>`;
  const tick = (len: number, color: string, width: number) => `<path d="M${x + 7} ${y + 1}v-${len}" stroke="${color}" stroke-width="${width}"/>`;
  item(sw(COLOR.led), 'LED pulse');
  item(sw(COLOR.motor), 'motor pulse (height = level 0..1)');
  item(tick(8, COLOR.pump, 1.2), 'pump');
  item(tick(13, COLOR.accent, 1.8), 'accent pump');
  if (m.beats.some((b) => b.kind === 'countdown')) item(tick(11, COLOR.countdown, 2.2), 'countdown pump');
  if (m.beats.some((b) => b.kind === 'lead')) item(tick(6, COLOR.lead, 1.2), 'lead-in beat');
  if (m.beats.some((b) => b.kind === 'tick')) item(tick(5, COLOR.tick, 1), 'sub-beat tick');
  item(`<path d="M${x + 2} ${y - 10}h10l-5 8z" fill="${PHASE_COLORS[0][1]}"/>`, 'phase change');
  item(`<path d="M${x + 4} ${y + 1}V${y - 11}" stroke="${COLOR.target}" stroke-width="1.5"/><path d="M${x + 4} ${y - 11}l8 4l-8 4z" fill="${COLOR.target}"/>`, 'cue');
  if (m.pauses.length) item(`<rect x="${x + 1}" y="${y - 11}" width="12" height="12" fill="url(#hatch)" stroke="${COLOR.pause}" stroke-opacity="0.6"/>`, 'paused');
  if (merged) item(`<rect x="${x + 2}" y="${y - 10}" width="10" height="10" fill="${COLOR.motor}" fill-opacity="0.6"/>`, 'pulses under a pixel apart merged');
  return out;
}

function endNote(m: Model, protocol: Protocol): string {
  const outs = `LED ${level(m.final.led)} · motor ${level(m.final.motor)}`;
  if (m.startMs === null) return `never started (no short press in idle) · ${outs}`;
  const parts = [`${m.finalState} at ${sec(m.endMs)}`, outs];
  const last = m.bands[m.bands.length - 1];
  if (m.finalState === 'done' && last) {
    const total = protocol.phases.length;
    const reached = last.index + 1;
    const planned = protocol.phases[last.index];
    if (reached < total) parts.push(`ended early: ${reached} of ${total} phases`);
    else if (planned && planned.pumps > 0 && last.pumps < planned.pumps) parts.push(`ended early: ${last.pumps} of ${planned.pumps} pumps in the last phase`);
  }
  return parts.join(' · ');
}

function totals(m: Model): string {
  const pumps = m.bands.reduce((s, b) => s + b.pumps, 0);
  const parts = [`${m.bands.length} phase${m.bands.length === 1 ? '' : 's'}`, `${pumps} pump${pumps === 1 ? '' : 's'}`];
  if (m.pauses.length) {
    const ms = m.pauses.reduce((s, p) => s + p.endMs - p.startMs, 0);
    parts.push(`${m.pauses.length} pause${m.pauses.length === 1 ? '' : 's'} (${sec(ms)})`);
  }
  return parts.join(' · ');
}
