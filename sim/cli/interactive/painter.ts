// Frames onto the terminal in place: the escape codes that rewrite only the
// rows that changed since the frame before.

/** The escape codes that turn the frame on screen (`prev`, its rows) into `next`, rewriting only changed rows. */
export function diffFrame(prev: string[] | null, next: string[]): string {
  let out = '';
  if (prev === null) out += '\u001b[H\u001b[2J';
  const old = prev ?? [];
  next.forEach((row, i) => {
    if (old[i] !== row) out += `\u001b[${i + 1};1H${row}\u001b[K`;
  });
  if (old.length > next.length) out += `\u001b[${next.length + 1};1H\u001b[J`;
  return out;
}

/** Where frames go: the terminal's output, and its width in columns. */
export interface Term {
  write(s: string): void;
  columns(): number;
}

export class Painter {
  private prev: string[] | null = null;

  constructor(private readonly term: Term) {}

  paint(frame: string): void {
    const rows = frame.split('\n');
    const codes = diffFrame(this.prev, rows);
    this.prev = rows;
    if (codes) this.term.write(codes);
  }

  invalidate(): void {
    this.prev = null;
  }
}
