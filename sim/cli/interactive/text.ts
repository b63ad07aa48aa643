// Text helpers of the frame: words wrapped to a width, mm:ss, a speed as
// "20x".

/** Words into lines of at most `width` characters (a word longer than that is cut). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > w) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  if (out.length > maxLines) {
    out.length = maxLines;
    out[maxLines - 1] = out[maxLines - 1].slice(0, w - 1) + '…';
  }
  return out.map((l) => (l.length > w ? l.slice(0, w - 1) + '…' : l));
}

export function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function speedText(speed: number): string {
  return `${Number.isInteger(speed) ? speed : speed.toFixed(2).replace(/0+$/, '')}x`;
}
