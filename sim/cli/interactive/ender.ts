// How a live run ends: once, with the frame loop stopped and the terminal
// given back before the program's last words, whether by a key, a signal or
// an error in the engine.
import { LiveSession } from './live-session';

/** How the program ends: the exit code, what to print on stdout, what on stderr. */
export type Done = (code: number, after?: string, error?: string) => void;

/**
 * The end of a live run, reached once: the frame loop stops, the terminal is
 * given back, then the program ends. `guard` wraps host callbacks so that an
 * error inside one (the engine threw) ends the run the same way, exit code 2.
 */
export function ender(live: LiveSession, release: () => void, done: Done) {
  let ended = false;
  const end = (code: number, after?: () => string, error?: string) => {
    if (ended) return;
    ended = true;
    live.driver.stop();
    release();
    let text: string | undefined;
    try {
      text = after?.();
    } catch (e) {
      return done(2, undefined, `interactive: ${(e as Error).message}`);
    }
    done(code, text, error);
  };
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      end(2, undefined, `interactive: ${(e as Error).message}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => end(0, () => live.report('Stopped: session so far')));
  return { end, guard };
}
