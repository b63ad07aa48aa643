// Taking over the terminal for a live run (the alternate screen, raw keys,
// resizes) and giving it back exactly once, however the program ends.
import { KeyAction, keysIn } from './keys';
import { Term } from './painter';

const ESC = {
  enter: '\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J',
  leave: '\u001b[0m\u001b[?25h\u001b[?1049l',
};

/** Take over the terminal; give it back exactly once, however the program ends. */
export function takeTerminal(onKeys: ((keys: KeyAction[]) => void) | null, onResize: () => void): { term: Term; release: () => void } {
  const out = process.stdout;
  const stdin = process.stdin;
  let released = false;
  const term: Term = { write: (s) => out.write(s), columns: () => out.columns || 80 };
  const onData = (chunk: Buffer | string) => onKeys?.(keysIn(chunk.toString()));
  const release = () => {
    if (released) return;
    released = true;
    out.off('resize', onResize);
    if (stdin.isTTY) {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    }
    out.write(ESC.leave);
  };
  // an error or a signal must still give the terminal back
  process.once('exit', release);
  out.write(ESC.enter);
  out.on('resize', onResize);
  if (stdin.isTTY && onKeys) {
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  }
  return { term, release };
}
