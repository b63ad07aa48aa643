// Styled text for the terminal: a segment is text with an optional SGR
// style; a line is segments cut to a width, coloured or plain.

export type Seg = [text: string, style?: string];

export const STYLE = {
  bold: '1',
  dim: '2',
  green: '1;32',
  yellow: '1;33',
  cyan: '1;36',
  red: '1;31',
  inverse: '7',
} as const;

/** One line from styled segments, cut to `width` visible characters. */
export function line(segs: Seg[], width: number, color: boolean): string {
  let out = '';
  let room = Math.max(1, width);
  for (const [text, style] of segs) {
    if (room <= 0) break;
    const chars = [...text];
    const t = chars.length > room ? chars.slice(0, room).join('') : text;
    room -= Math.min(chars.length, room);
    out += color && style ? `\u001b[${style}m${t}\u001b[0m` : t;
  }
  return out;
}
