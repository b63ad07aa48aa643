// The Bangle.js 2 screen (the global `g`) as the virtual Espruino records it:
// the text drawn since the last clear, and boxes drawn or filled, enough to
// assert what the therapist would read. 176 x 176 pixels, 6x8 font.
export const SCREEN_PX = 176;

export class VirtualScreen {
  private lines: string[] = [];
  private boxes: string[] = [];
  private scale = 1;
  /** Text of the last finished frame, to trace only what changes. */
  lastText = '';

  text(): string {
    return [...this.lines, this.boxes.join('')].filter(Boolean).join(' | ');
  }

  api(): Record<string, unknown> {
    const self = this;
    const g: Record<string, unknown> = {
      clear() {
        self.lines = [];
        self.boxes = [];
        return g;
      },
      setFont(_name: string, scale?: number) {
        self.scale = scale || 1;
        return g;
      },
      setFontAlign: () => g,
      setColor: () => g,
      drawString(text: unknown) {
        if (String(text)) self.lines.push(String(text));
        return g;
      },
      fillRect: () => {
        self.boxes.push('#');
        return g;
      },
      drawRect: () => {
        self.boxes.push('.');
        return g;
      },
      wrapString(text: string, width: number) {
        const per = Math.max(1, Math.floor(width / (6 * self.scale)));
        const out: string[] = [];
        let line = '';
        for (const word of String(text).split(' ')) {
          if (line && (line + ' ' + word).length > per) {
            out.push(line);
            line = word;
          } else line = line ? line + ' ' + word : word;
        }
        if (line) out.push(line);
        return out;
      },
      getWidth: () => SCREEN_PX,
      getHeight: () => SCREEN_PX,
      flip: () => g,
    };
    return g;
  }
}
