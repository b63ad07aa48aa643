// The scrolling timeline under the virtual pacer: the last WINDOW_MS of the
// trace drawn on a canvas, newest at the right: the phases as coloured bands
// with their names, then the LED and motor outputs as two lanes whose height
// is the output level (the soft lead-in beats are half height), as the
// desktop simulator's SVG plot (sim/svg.ts) draws a whole session.
import { TraceEvent } from '../../sim/trace-events';
import { TraceReader } from '../../sim/trace-reader';

export const WINDOW_MS = 20000;
const BAND_COLORS = ['#dbeafe', '#dcfce7', '#fef3c7', '#fce7f3', '#e0e7ff', '#ccfbf1'];

interface Lanes {
  phases: Array<{ from: number; to: number; index: number; name: string }>;
  led: Array<[number, number, number]>;
  motor: Array<[number, number, number]>;
}

/** The trace as segments [from, to, level] and phase bands, up to `nowMs`. */
export function lanes(events: TraceEvent[], nowMs: number): Lanes {
  const out: Lanes = { phases: [], led: [], motor: [] };
  const r = new TraceReader({
    onPulse(ch, p) {
      if (ch !== 'led_red') out[ch].push([p.t0, p.t1, p.level]);
    },
  });
  r.readAll(events).finish(nowMs);
  out.phases = r.phases.map((p) => ({ from: p.startMs, index: p.index, name: p.name, to: p.endMs ?? nowMs }));
  return out;
}

export function drawTimeline(canvas: HTMLCanvasElement, events: TraceEvent[], nowMs: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // drawn at the size shown, in device pixels (sharp on a phone), in CSS pixels of 120 high
  const scale = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth || canvas.width;
  if (canvas.width !== Math.round(cssW * scale)) {
    canvas.width = Math.round(cssW * scale);
    canvas.height = Math.round(120 * scale);
  }
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  const w = cssW;
  const h = 120;
  const t0 = nowMs - WINDOW_MS;
  const x = (t: number) => ((t - t0) / WINDOW_MS) * w;
  const l = lanes(events, nowMs);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const p of l.phases) {
    if (p.to < t0) continue;
    ctx.fillStyle = BAND_COLORS[p.index % BAND_COLORS.length];
    ctx.fillRect(x(p.from), 0, x(p.to) - x(p.from), 20);
    ctx.fillStyle = '#1e293b';
    ctx.fillText(`${p.index + 1}. ${p.name}`, Math.max(4, x(p.from) + 4), 10);
  }
  const lane = (segs: Array<[number, number, number]>, top: number, height: number, color: string, label: string) => {
    ctx.fillStyle = '#f1f5f9';
    ctx.fillRect(0, top, w, height);
    ctx.fillStyle = color;
    for (const [from, to, level] of segs) {
      if (to < t0) continue;
      // a 30 ms flash is under a pixel at this scale: at least 2 px wide
      ctx.fillRect(x(from), top + height * (1 - level), Math.max(2, x(to) - x(from)), height * level);
    }
    ctx.fillStyle = '#475569';
    ctx.fillText(label, 4, top + height / 2);
  };
  lane(l.led, 26, 34, '#16a34a', 'LED');
  lane(l.motor, 66, 34, '#7c3aed', 'motor');
  // seconds ticks along the bottom
  ctx.fillStyle = '#94a3b8';
  for (let s = Math.ceil(t0 / 1000); s * 1000 <= nowMs; s++) {
    if (s < 0) continue;
    ctx.fillRect(x(s * 1000), 104, 1, s % 5 === 0 ? 8 : 4);
    if (s % 5 === 0) ctx.fillText(`${s} s`, x(s * 1000) + 4, 110);
  }
}
